//! The review section of a project: an append-only history of signed review actions.

use super::Channel;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// Oldest first; entries are only ever appended.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<ReviewEntry>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewAction {
    /// The author hands this version in for review.
    Submit,
    Approve,
    RequestChanges,
    Reject,
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
    pub action: ReviewAction,
    /// The signer's principal in the reviewers file (their email address).
    pub by: String,
    pub name: String,
    /// UTC, RFC 3339.
    pub at: String,
    /// The content hash the action was taken on.
    pub content_hash: String,
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
