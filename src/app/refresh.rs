//! Keeping the window current: after each change the review state and the previews follow;
//! every frame the background results are picked up and the timed work is done (recovery
//! copies, re-checking the records).

use super::{Designer, files};
use crate::diag::Diagnostic;
use std::time::{Duration, Instant};

impl Designer {
    /// Rechecks the review and renders the selected record again.
    pub fn refresh(&mut self) {
        self.review.check(&self.ws);
        if self.review.changes.is_some() {
            self.review.changes = Some(self.compare_with_approved());
        }
        self.previews.render(&self.ws);
    }

    /// Picks up background results and writes the recovery copy when due. Called every frame.
    pub fn tick(&mut self, now: Instant) {
        self.previews.tick();
        if let Some(notice) = self.jobs.tick() {
            self.notices.push(notice);
        }
        self.review.grid.tick();
        self.audience.tick(&self.ws, now);
        if self.editing.recovery_due.is_some_and(|t| now >= t) {
            self.editing.recovery_due = None;
            if self.is_modified()
                && let Err(e) =
                    files::write_recovery(&self.session.state_dir, &self.ws.path, &self.ws.project)
            {
                self.notify_error(format!("cannot write the recovery copy: {e}"));
            }
        }
    }

    /// When background bookkeeping (recovery copy, record check) is next due, for
    /// scheduling a wake-up.
    pub fn next_due(&self) -> Option<Instant> {
        [self.editing.recovery_due, self.audience.next_due()]
            .into_iter()
            .flatten()
            .min()
    }

    /// Shows record `i` (an index into the workspace's records).
    pub(super) fn set_record(&mut self, i: usize) {
        if i < self.ws.records.len() && i != self.previews.record {
            self.previews.record = i;
            self.refresh();
        }
    }

    pub(super) fn set_language(&mut self, language: Option<String>) {
        if language != self.previews.language {
            self.previews.language = language;
            self.refresh();
        }
    }

    pub(super) fn set_print_scale(&mut self, scale: f32) {
        self.previews.set_scale(scale);
        self.refresh();
    }

    /// True when the letter preview shows the newest change.
    pub fn print_current(&self) -> bool {
        self.previews.print_current(self.ws.records.is_empty())
    }

    /// Waits for the letter preview of the newest change (tests and benchmarks).
    pub fn wait_for_print(&mut self, timeout: Duration) -> bool {
        let no_records = self.ws.records.is_empty();
        self.previews.wait_for_print(no_records, timeout)
    }

    /// All diagnostics now: the text channels' and the letter's (when it is current).
    pub fn diagnostics(&self) -> Vec<&Diagnostic> {
        self.previews.diagnostics()
    }
}
