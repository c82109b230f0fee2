//! Review in the designer, as state: editing or reviewing, where the review of the content
//! as it is now stands, who signs, the comment threads and locks of the log, the review grid
//! and the comparison with the approved version.

use super::Mode;
use super::blocks;
use super::grid::Grid;
use crate::model::Channel;
use crate::review::{Identity, Status, comments::Thread};
use crate::workspace::Workspace;
use crate::workspace::diff::ReviewDiff;
use std::collections::HashMap;
use std::path::PathBuf;

/// A review action the user asked for, before it is signed.
#[derive(Debug, Clone)]
pub struct ReviewRequest {
    /// What the reviewer does: submit, approve, comment, lock, resolve, …
    pub action: crate::model::ReviewAction,
    /// The comment, note or reason as typed; may be empty.
    pub comment: String,
    /// Id of the block it is about (comments, locks); `None` for the whole message.
    pub block: Option<String>,
    /// The channel a comment is about; `None` for every channel.
    pub channel: Option<Channel>,
    /// Index in the review history of the comment this answers or resolves.
    pub reply_to: Option<usize>,
}

impl ReviewRequest {
    /// A request about the whole message; set `block`, `channel` or `reply_to` after.
    pub fn new(action: crate::model::ReviewAction, comment: &str) -> ReviewRequest {
        ReviewRequest {
            action,
            comment: comment.to_owned(),
            block: None,
            channel: None,
            reply_to: None,
        }
    }
}

/// The designer's review state.
pub struct ReviewState {
    /// Editing or reviewing.
    pub mode: Mode,
    /// Where the review stands for the content as it is now (rechecked on every change).
    pub status: Option<Status>,
    /// The reviewers file's text and the project file it belongs to.
    reviewers: (PathBuf, String),
    /// Who signs review actions here; `None` until a key is made or chosen.
    pub identity: Option<Identity>,
    /// Where the review key (or the pointer to an OpenSSH key) is kept.
    pub key_dir: PathBuf,
    /// Comment threads of the history (recomputed with the review state).
    pub threads: Vec<Thread>,
    /// Blocks the review log locked or unlocked, by id (see `is_locked`).
    locks: HashMap<String, bool>,
    /// The review grid's rows made so far.
    pub grid: Grid,
    /// "Changes since approval" while open: the diff for the current record, or why none.
    pub changes: Option<Result<ReviewDiff, String>>,
}

impl ReviewState {
    /// Editing, nothing checked yet; `notify` wakes the window after each grid row.
    pub(super) fn start(notify: impl Fn() + Send + 'static) -> ReviewState {
        ReviewState {
            mode: Mode::Edit,
            status: None,
            reviewers: (PathBuf::new(), String::new()),
            identity: None,
            key_dir: PathBuf::new(),
            threads: Vec::new(),
            locks: HashMap::new(),
            grid: Grid::start(notify),
            changes: None,
        }
    }

    /// Rechecks the review against the content of `ws` as it is now: an edit makes an
    /// approval stale at once, and undoing it makes it count again.
    pub(super) fn check(&mut self, ws: &Workspace) {
        if self.reviewers.0 != ws.path {
            self.reviewers = (ws.path.clone(), ws.reviewers());
        }
        let hash = crate::review::content_hash(&ws.project, &ws.assets);
        let status = crate::review::status(
            &ws.review_log.entries,
            ws.project.meta.required_approvals,
            &hash,
            &self.reviewers.1,
        );
        self.threads = crate::review::comments::threads(&ws.review_log.entries);
        self.locks = crate::review::locks(&ws.review_log.entries, &status);
        self.status = Some(status);
    }

    /// Draft / In review / Approved by … on … / Approval stale (content changed) / …
    pub fn label(&self) -> Option<String> {
        self.status.as_ref().map(Status::label)
    }

    /// Whether the block is locked: by the review log's last lock or unlock of it, else by
    /// the project file (projects from before the log).
    pub fn is_locked(&self, ws: &Workspace, block: &str) -> bool {
        self.locks
            .get(block)
            .copied()
            .unwrap_or_else(|| blocks::find(&ws.project, block).is_some_and(|b| b.locked))
    }

    /// Whether the signer is listed in the reviewers file, or why not.
    pub(super) fn signer_listed(&self) -> Result<(), String> {
        match &self.identity {
            Some(id) => id.is_listed(&self.reviewers.1).map_err(|e| e.to_string()),
            None => Err("you have no review key yet".into()),
        }
    }
}
