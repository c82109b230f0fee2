//! The review history: signing an action into an entry, and reading the entries back into
//! a state. An approval counts only when its signature verifies against the reviewers file,
//! its content hash is the current one, and its signer did not submit that version.

use super::signing::{Identity, SigningError, verify};
use crate::model::{Project, ReviewAction, ReviewEntry};

/// Prism's version, written into every entry.
pub const PRISM_VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("{0:?} needs a comment saying why")]
    CommentRequired(ReviewAction),
    #[error(transparent)]
    Signing(#[from] SigningError),
}

/// The text an entry's signature covers: every field but the signature, one per line, the
/// comment last and JSON-quoted so that no line break in it can forge another field.
pub fn signed_text(e: &ReviewEntry) -> String {
    format!(
        "prism-review-v1\naction: {:?}\nby: {}\nname: {}\nat: {}\ncontent: {}\nblock: {}\nprism: {}\ncomment: {}\n",
        e.action,
        e.by,
        e.name,
        e.at,
        e.content_hash,
        e.block.as_deref().unwrap_or("-"),
        e.prism,
        serde_json::to_string(&e.comment).expect("a string serialises"),
    )
}

/// A new signed entry for `action` on the content `content_hash`, taken at `at` (UTC).
pub fn sign_entry(
    identity: &Identity,
    action: ReviewAction,
    content_hash: &str,
    comment: &str,
    block: Option<&str>,
    at: &str,
) -> Result<ReviewEntry, HistoryError> {
    let needs_reason = matches!(action, ReviewAction::RequestChanges | ReviewAction::Reject);
    if needs_reason && comment.trim().is_empty() {
        return Err(HistoryError::CommentRequired(action));
    }
    let mut entry = ReviewEntry {
        action,
        by: identity.email.clone(),
        name: identity.name.clone(),
        at: at.to_owned(),
        content_hash: content_hash.to_owned(),
        comment: comment.to_owned(),
        block: block.map(str::to_owned),
        prism: PRISM_VERSION.to_owned(),
        signature: String::new(),
    };
    entry.signature = identity.sign(signed_text(&entry).as_bytes())?;
    Ok(entry)
}

/// Where a project stands, for its current content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    Draft,
    InReview {
        by: String,
        at: String,
    },
    ChangesRequested {
        by: String,
        comment: String,
    },
    Rejected {
        by: String,
        comment: String,
    },
    Approved,
    /// Approved once, but the content has changed since.
    Stale,
}

/// An approval that counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    pub by: String,
    pub name: String,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub state: State,
    /// Distinct reviewers whose approval of the current content counts.
    pub approvals: Vec<Counted>,
    pub required: u32,
    /// Entries that do not count, by index in the history, with the reason.
    pub refused: Vec<(usize, String)>,
}

impl Status {
    /// One sentence for messages: the state, the approvals still missing, refused entries.
    pub fn describe(&self) -> String {
        let mut s = match &self.state {
            State::Draft => "it is a draft, never submitted for review".to_owned(),
            State::InReview { by, at } => format!("{by} submitted it for review on {at}"),
            State::ChangesRequested { by, comment } => {
                format!("{by} requested changes: {comment}")
            }
            State::Rejected { by, comment } => format!("{by} rejected it: {comment}"),
            State::Approved => "approved".to_owned(),
            State::Stale => "the approval is stale: the content changed since".to_owned(),
        };
        if self.state != State::Approved {
            s.push_str(&format!(
                "; {} of {} required approvals",
                self.approvals.len(),
                self.required
            ));
        }
        for (i, reason) in &self.refused {
            s.push_str(&format!("; entry {} does not count: {reason}", i + 1));
        }
        s
    }
}

/// Reads the history against the current content hash and the `reviewers` file's text.
pub fn status(project: &Project, current_hash: &str, reviewers: &str) -> Status {
    let history = &project.review.history;
    let mut refused = Vec::new();
    let mut valid: Vec<&ReviewEntry> = Vec::new();
    for (i, e) in history.iter().enumerate() {
        match verify(reviewers, &e.by, signed_text(e).as_bytes(), &e.signature) {
            Ok(()) => valid.push(e),
            Err(reason) => refused.push((
                i,
                format!("{} by {}: {reason}", action_name(e.action), e.by),
            )),
        }
    }
    let current: Vec<&ReviewEntry> = valid
        .iter()
        .copied()
        .filter(|e| e.content_hash == current_hash)
        .collect();
    let submitter = current
        .iter()
        .rev()
        .find(|e| e.action == ReviewAction::Submit)
        .map(|e| e.by.clone());
    let mut approvals: Vec<Counted> = Vec::new();
    for e in current.iter().filter(|e| e.action == ReviewAction::Approve) {
        if submitter.as_deref() == Some(e.by.as_str()) {
            let i = history
                .iter()
                .position(|h| std::ptr::eq(h, *e))
                .unwrap_or(0);
            refused.push((
                i,
                format!(
                    "approval by {}: they submitted this version themselves",
                    e.by
                ),
            ));
        } else if !approvals.iter().any(|a| a.by == e.by) {
            approvals.push(Counted {
                by: e.by.clone(),
                name: e.name.clone(),
                at: e.at.clone(),
            });
        }
    }
    refused.sort();
    let required = project.meta.required_approvals.max(1);
    let last_decision = current.iter().rev().find(|e| {
        matches!(
            e.action,
            ReviewAction::Submit | ReviewAction::RequestChanges | ReviewAction::Reject
        )
    });
    let state = if approvals.len() as u32 >= required {
        State::Approved
    } else if let Some(e) = last_decision {
        match e.action {
            ReviewAction::RequestChanges => State::ChangesRequested {
                by: e.name.clone(),
                comment: e.comment.clone(),
            },
            ReviewAction::Reject => State::Rejected {
                by: e.name.clone(),
                comment: e.comment.clone(),
            },
            _ => State::InReview {
                by: e.name.clone(),
                at: e.at.clone(),
            },
        }
    } else if valid.iter().any(|e| e.action == ReviewAction::Approve) {
        State::Stale
    } else {
        State::Draft
    };
    Status {
        state,
        approvals,
        required,
        refused,
    }
}

fn action_name(a: ReviewAction) -> &'static str {
    match a {
        ReviewAction::Submit => "submission",
        ReviewAction::Approve => "approval",
        ReviewAction::RequestChanges => "change request",
        ReviewAction::Reject => "rejection",
        ReviewAction::Comment => "comment",
        ReviewAction::Unlock => "unlock",
    }
}
