//! Review in the designer, as actions: switching to review mode, the review key, signed
//! review actions (approve, comment, lock) appended to the file's history, the comparison
//! with the approved version, and the proof pack.

use super::{Designer, Mode, ReviewRequest};
use crate::model::{self, ReviewAction};
use std::path::{Path, PathBuf};
use std::time::Duration;

impl Designer {
    /// Draft / In review / Approved by … on … / Approval stale (content changed) / …
    pub fn review_label(&self) -> Option<String> {
        self.review.label()
    }

    /// Whether the block is locked (see [`super::ReviewState::is_locked`]).
    pub fn is_locked(&self, block: &str) -> bool {
        self.review.is_locked(&self.ws, block)
    }

    /// Waits until the review grid has made `rows` (tests).
    pub fn wait_for_rows(&mut self, rows: &[usize], timeout: Duration) -> bool {
        self.review.grid.wait_for_rows(rows, timeout)
    }

    /// Editing or reviewing; the grid starts over on entering review.
    pub(super) fn set_mode(&mut self, mode: Mode) {
        self.review.mode = mode;
        self.editing.history.break_run();
        if mode == Mode::Review {
            self.review.grid.restart(&self.ws);
        }
    }

    /// Keeps the review key in `dir` from now on and loads the one there, if any.
    pub fn set_key_dir(&mut self, dir: PathBuf) {
        self.review.identity = match crate::review::stored_identity(&dir) {
            Some(Ok(id)) => Some(id),
            Some(Err(e)) => {
                self.notify_error(format!("your review key: {e}"));
                None
            }
            None => None,
        };
        self.review.key_dir = dir;
    }

    /// Makes a new review key for `name <email>` in the key folder.
    pub(super) fn create_key(&mut self, name: &str, email: &str) {
        let dir = &self.review.key_dir;
        match crate::review::Identity::create(name.trim(), email.trim(), dir) {
            Ok(id) => {
                self.notify_info(format!(
                    "Made your review key in {}. Ask the project's owner to add this line to its reviewers file: {}",
                    dir.display(),
                    id.allowed_signers_line()
                ));
                self.review.identity = Some(id);
            }
            Err(e) => self.notify_error(e.to_string()),
        }
    }

    /// Signs with the OpenSSH Ed25519 key at `path` from now on.
    pub(super) fn use_key(&mut self, path: &Path, name: &str, email: &str) {
        let dir = &self.review.key_dir;
        match crate::review::use_existing_key(dir, path, name.trim(), email.trim()) {
            Ok(id) => {
                self.notify_info(format!("Signing reviews as {} <{}>", id.name, id.email));
                self.review.identity = Some(id);
            }
            Err(e) => self.notify_error(e.to_string()),
        }
    }

    /// Signs `req` on the saved content and appends it to the review log, when it counts;
    /// the project file is not written.
    pub(super) fn review_action(&mut self, req: ReviewRequest) {
        if self.editing.untitled || self.is_modified() {
            return self.notify_error(
                "Save first: a review action signs the content as it is in the file".into(),
            );
        }
        let Some(id) = &self.review.identity else {
            return self.notify_error(
                "Set up your review key first (menu Review, Your review key…)".into(),
            );
        };
        let mut act = crate::review::Act::new(req.action)
            .comment(&req.comment)
            .block(req.block.as_deref());
        act.channel = req.channel;
        act.reply_to = req.reply_to;
        match crate::workspace::review::take(&mut self.ws, id, act, &crate::clock::now_utc()) {
            Ok(_) => {
                self.refresh();
                let label = self.review.label().expect("refresh checks the review");
                self.notify_info(format!("Signed. {label}"));
            }
            Err(e) => self.notify_error(e.to_string()),
        }
    }

    /// Locking and unlocking is a reviewer's: listed in the reviewers file, in review mode.
    pub(super) fn set_lock(&mut self, block: String, locked: bool) {
        if self.review.mode != Mode::Review {
            return self.notify_error("Blocks are locked and unlocked in review mode".into());
        }
        if let Err(why) = self.review.signer_listed() {
            return self.notify_error(format!(
                "Only a reviewer listed in the reviewers file can {} blocks: {why}",
                if locked { "lock" } else { "unlock" }
            ));
        }
        let action = if locked {
            ReviewAction::Lock
        } else {
            ReviewAction::Unlock
        };
        let mut req = ReviewRequest::new(action, "");
        req.block = Some(block);
        self.review_action(req);
    }

    /// Opens (or closes) the comparison with the last approved version.
    pub(super) fn show_changes(&mut self, open: bool) {
        self.review.changes = open.then(|| self.compare_with_approved());
    }

    /// The last approved version against the content now, for the current record.
    pub(super) fn compare_with_approved(
        &self,
    ) -> Result<crate::workspace::diff::ReviewDiff, String> {
        use crate::workspace::diff;
        let (i, snapshot) = diff::latest_approval(&self.ws).map_err(|e| e.to_string())?;
        Ok(diff::diff(&self.ws, i, snapshot, self.current_record()))
    }

    /// Writes the proof pack of the first records to `path`.
    pub(super) fn write_proof(&mut self, path: &Path) {
        let now = crate::clock::now_utc();
        let written = crate::proof::proof_pdf(&self.ws, &[], &now)
            .map_err(|e| e.to_string())
            .and_then(|bytes| model::write_atomic(path, &bytes).map_err(|e| e.to_string()));
        match written {
            Ok(()) => self.notify_info(format!("Wrote the proof pack {}", path.display())),
            Err(e) => self.notify_error(format!("{}: {e}", path.display())),
        }
    }
}
