//! Signed review actions. They live in the review log beside the project
//! (`crate::review::log`); a project file from before the log may still hold them in a
//! `review` section, which is read but never written again.

use super::Channel;
use serde::{Deserialize, Serialize};

/// A project file's old `review` section: read to move its entries into the log.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// Oldest first; entries are only ever appended.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<ReviewEntry>,
}

/// What a review entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewAction {
    /// The author hands this version in for review.
    Submit,
    /// A reviewer approves this version; the submitter's own approval does not count.
    Approve,
    /// A reviewer sends this version back to the author; needs a comment.
    RequestChanges,
    /// A reviewer turns this version down; needs a comment.
    Reject,
    /// A remark, maybe on one block or channel; needs a comment.
    Comment,
    /// A reviewer unlocks a locked block.
    Unlock,
    /// A reviewer locks a block: from then on only a reviewer may change it.
    Lock,
    /// A comment thread is settled (`reply_to` names the comment).
    Resolve,
}

/// One review action, signed by the person who took it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewEntry {
    /// The SHA-256 of the entry before it in the log (see `crate::review::log`); signed.
    /// `None` only in a project file's old `review` section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prev: Option<String>,
    /// What was done.
    pub action: ReviewAction,
    /// The signer's principal in the reviewers file (their email address).
    pub by: String,
    /// The signer's display name, as the history and proofs show it.
    pub name: String,
    /// UTC, RFC 3339.
    pub at: String,
    /// The content hash the action was taken on.
    pub content_hash: String,
    /// The reviewer's text; required for comments, change requests and rejections.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
    /// The block a comment, lock or unlock is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block: Option<String>,
    /// The channel a comment is about, when it is about one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    /// The comment (index in the history, from 0) this answers or resolves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<usize>,
    /// For an approval: the snapshot of the approved content, relative to the project file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot: Option<String>,
    /// The Prism version that wrote the entry.
    pub prism: String,
    /// Armored SSH signature (namespace `prism-approval`) over the entry's signed text.
    pub signature: String,
}
