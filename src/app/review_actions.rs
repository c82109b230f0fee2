//! Review in the designer: the review state of the content as it is now, signed review
//! actions (approve, comment, lock) appended to the file's history, the comparison with the
//! approved version, and the review grid's cells.

use super::history::History;
use super::{Designer, GRID_ROWS_KEPT, Mode, ReviewRequest, blocks, grid};
use crate::model::{self, Project};
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
        self.review = Some(crate::review::status(
            &self.ws.project,
            &hash,
            &self.reviewers.1,
        ));
        self.threads = crate::review::comments::threads(&self.ws.project.review.history);
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
    /// Sets content from an undo step or a recovery copy, keeping the review history and the
    /// blocks' locks as they are now: signed entries are never taken back, and only a
    /// reviewer unlocks a block.
    pub(super) fn set_content(&mut self, mut p: Project) {
        p.review = self.ws.project.review.clone();
        for b in self.ws.project.all_blocks() {
            if let Some(restored) = blocks::find_mut(&mut p, &b.id) {
                restored.locked = b.locked;
            }
        }
        self.set_project(p);
    }
    /// Signs `req` on the saved content, appends it to the history and saves the file;
    /// `change` then alters the content too (a lock or unlock), in the same save.
    pub(super) fn review_action(&mut self, req: ReviewRequest, change: Option<(String, bool)>) {
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
        let before = self.ws.project.clone();
        let index = match crate::review::take(&mut self.ws, id, act, &crate::review::now_utc()) {
            Ok(i) => i,
            Err(e) => return self.notify_error(e.to_string()),
        };
        if let Some((block, locked)) = &change {
            let mut p = self.ws.project.clone();
            if let Some(b) = blocks::find_mut(&mut p, block) {
                b.locked = *locked;
            }
            #[expect(
                clippy::let_underscore_must_use,
                reason = "only a lock changes; the data, the one part that can fail to load, is the same"
            )]
            let _ = self.ws.set_project(p);
        }
        if let Err(e) = model::save_project(&self.ws.project, &self.ws.path) {
            // Nothing was signed as far as the file knows: keep memory the same.
            #[expect(
                clippy::let_underscore_must_use,
                reason = "the state from before this action, whose data loaded already"
            )]
            let _ = self.ws.set_project(before);
            return self.notify_error(e.to_string());
        }
        self.saved = self.ws.project.clone();
        if change.is_some() {
            // Earlier undo steps hold the block's old lock.
            self.history = History::default();
            self.grid_content();
        }
        self.refresh();
        let s = self.review.as_ref().expect("refresh checks the review");
        match s.refused.iter().find(|(i, _)| *i == index) {
            Some((_, why)) => self.notify_error(format!("Signed, but it does not count: {why}")),
            None => self.notify_info(format!("Signed. {}", s.label())),
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
        req.block = Some(block.clone());
        self.review_action(req, Some((block, locked)));
    }
    /// The last approved version against the content now, for the current record.
    pub(super) fn compare_with_approved(&self) -> Result<crate::review::diff::ReviewDiff, String> {
        use crate::review::diff;
        let (i, snapshot) = diff::latest_approval(&self.ws)?;
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
