//! Review in the designer: the review state of the content as it is now, signed review
//! actions (approve, comment, lock) appended to the file's history, the comparison with the
//! approved version, and the review grid's cells.

use super::{Designer, GRID_ROWS_KEPT, Mode, ReviewRequest, blocks, grid};
use crate::model::Project;
use std::path::PathBuf;
use std::time::{Duration, Instant};

impl Designer {
    /// Rechecks the review against the content as it is now: an edit makes an approval stale
    /// at once, and undoing it makes it count again.
    pub(super) fn check_review(&mut self) {
        if self.reviewers.0 != self.ws.path {
            self.reviewers = (self.ws.path.clone(), self.ws.reviewers());
        }
        let hash = crate::review::content_hash(&self.ws.project, &self.ws.assets);
        let status = crate::review::status(
            &self.ws.review_log.entries,
            self.ws.project.meta.required_approvals,
            &hash,
            &self.reviewers.1,
        );
        self.threads = crate::review::comments::threads(&self.ws.review_log.entries);
        self.locks = crate::review::locks(&self.ws.review_log.entries, &status);
        self.review = Some(status);
    }
    /// Draft / In review / Approved by … on … / Approval stale (content changed) / …
    pub fn review_label(&self) -> Option<String> {
        self.review.as_ref().map(crate::review::Status::label)
    }
    /// Keeps the review key in `dir` from now on and loads the one there, if any.
    pub fn set_key_dir(&mut self, dir: PathBuf) {
        self.identity = match crate::review::stored_identity(&dir) {
            Some(Ok(id)) => Some(id),
            Some(Err(e)) => {
                self.notify_error(format!("your review key: {e}"));
                None
            }
            None => None,
        };
        self.key_dir = dir;
    }
    /// Sets content from an undo step or a recovery copy, keeping the blocks' locks of the
    /// project file as they are now: only a reviewer unlocks a block.
    pub(super) fn set_content(&mut self, mut p: Project) {
        for b in self.ws.project.all_blocks() {
            if let Some(restored) = blocks::find_mut(&mut p, &b.id) {
                restored.locked = b.locked;
            }
        }
        self.set_project(p);
    }
    /// Whether the block is locked: by the review log's last lock or unlock of it, else by
    /// the project file (projects from before the log).
    pub fn is_locked(&self, block: &str) -> bool {
        self.locks
            .get(block)
            .copied()
            .unwrap_or_else(|| blocks::find(&self.ws.project, block).is_some_and(|b| b.locked))
    }
    /// Signs `req` on the saved content and appends it to the review log, when it counts;
    /// the project file is not written.
    pub(super) fn review_action(&mut self, req: ReviewRequest) {
        if self.untitled || self.is_modified() {
            self.notify_error(
                "Save first: a review action signs the content as it is in the file".into(),
            );
            return;
        }
        let Some(id) = &self.identity else {
            self.notify_error(
                "Set up your review key first (menu Review, Your review key…)".into(),
            );
            return;
        };
        let mut act = crate::review::Act::new(req.action)
            .comment(&req.comment)
            .block(req.block.as_deref());
        act.channel = req.channel;
        act.reply_to = req.reply_to;
        match crate::workspace::review::take(&mut self.ws, id, act, &crate::clock::now_utc()) {
            Ok(_) => {
                self.refresh();
                let s = self.review.as_ref().expect("refresh checks the review");
                self.notify_info(format!("Signed. {}", s.label()));
            }
            Err(e) => self.notify_error(e.to_string()),
        }
    }
    /// Locking and unlocking is a reviewer's: listed in the reviewers file, in review mode.
    pub(super) fn set_lock(&mut self, block: String, locked: bool) {
        use crate::model::ReviewAction;
        if self.mode != Mode::Review {
            return self.notify_error("Blocks are locked and unlocked in review mode".into());
        }
        let listed = match &self.identity {
            Some(id) => id.is_listed(&self.reviewers.1).map_err(|e| e.to_string()),
            None => Err("you have no review key yet".into()),
        };
        if let Err(why) = listed {
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
    /// The last approved version against the content now, for the current record.
    pub(super) fn compare_with_approved(
        &self,
    ) -> Result<crate::workspace::diff::ReviewDiff, String> {
        use crate::workspace::diff;
        let (i, snapshot) = diff::latest_approval(&self.ws).map_err(|e| e.to_string())?;
        Ok(diff::diff(&self.ws, i, snapshot, self.current_record()))
    }
    /// The grid starts over on the content as it is now.
    pub(super) fn grid_content(&mut self) {
        self.grid.generation += 1;
        self.grid.rows.clear();
        self.grid.asked.clear();
        self.grid_worker.content(grid::GridContent {
            generation: self.grid.generation,
            path: self.ws.path.clone(),
            project: self.ws.project.clone(),
            assets: self.ws.assets.clone(),
            images: self.ws.print_images.clone(),
            records: self.ws.records.clone(),
            letter_date: self.ws.letter_date.clone(),
        });
    }
    pub(super) fn take_grid_rows(&mut self, rows: impl IntoIterator<Item = grid::Row>) {
        for row in rows {
            if row.generation != self.grid.generation {
                continue;
            }
            self.grid.asked.retain(|i| *i != row.record);
            if self.grid.rows.len() >= GRID_ROWS_KEPT {
                // The row farthest from the new one is the least likely to be on screen.
                let far = self
                    .grid
                    .rows
                    .keys()
                    .copied()
                    .max_by_key(|k| k.abs_diff(row.record));
                if let Some(k) = far {
                    self.grid.rows.remove(&k);
                }
            }
            self.grid.rows.insert(row.record, row);
        }
    }
    /// Waits until the grid has made `rows` (tests).
    pub fn wait_for_rows(&mut self, rows: &[usize], timeout: Duration) -> bool {
        let end = Instant::now() + timeout;
        while !rows.iter().all(|r| self.grid.rows.contains_key(r)) {
            let left = end.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            if let Some(row) = self.grid_worker.wait(left) {
                self.take_grid_rows([row]);
            }
        }
        true
    }
}
