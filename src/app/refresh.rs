//! Keeping the previews current: rendering the selected record, background results and
//! the timed work (recovery copies, re-checking the data).

use super::*;
use crate::diag::Diagnostic;
use crate::model::Channel;
use crate::model::ChannelSet;
use crate::render::email::ImageMode;
use print_worker::PrintRequest;
use std::time::{Duration, Instant};

impl Designer {
    /// Renders the selected record: email, SMS and chat here, the letter on the worker.
    pub fn refresh(&mut self) {
        self.check_review();
        if self.changes.is_some() {
            self.changes = Some(self.compare_with_approved());
        }
        self.live.generation += 1;
        let Some(record) = self.ws.records.get(self.record) else {
            self.live.shown = None;
            self.live.diagnostics = Vec::new();
            self.live.stale = false;
            self.print = None;
            return;
        };
        let message = self.ws.resolve(record, ChannelSet::ALL);
        // While a template is broken the previews keep what they showed, so that they do
        // not flicker with every keystroke. Only with nothing on screen yet (a project
        // opened broken) is the broken message shown, without its broken parts. (Rendering
        // it on every record switch while broken made a 4,000-command session grow by
        // 150 MB: tests/designer_session.rs.)
        self.live.stale =
            crate::diag::has_template_errors(&message.diagnostics) && self.live.shown.is_some();
        if self.live.stale {
            let mut diagnostics = message.diagnostics;
            crate::workspace::mark_off_route(&self.ws.engine, &message.route, &mut diagnostics);
            self.live.diagnostics = diagnostics;
            return;
        }
        self.worker.request(PrintRequest {
            generation: self.live.generation,
            project: self.ws.project.clone(),
            assets: self.ws.assets.clone(),
            images: self.ws.print_images.clone(),
            message: message.clone(),
            date: self.ws.letter_date.clone(),
            scale: self.print_scale,
        });
        let text_channels = ChannelSet::of(&[Channel::Email, Channel::Sms, Channel::Chat]);
        let rendered = self
            .ws
            .render_message(message, text_channels, ImageMode::DataUri);
        self.live.diagnostics = rendered.diagnostics().cloned().collect();
        self.live.shown = Some(rendered);
    }

    /// Picks up background results and writes the recovery copy when due. Called every frame.
    pub fn tick(&mut self, now: Instant) {
        if let Some(p) = self.worker.latest() {
            self.print = Some(p);
        }
        if let Some(job) = &mut self.export
            && !job.reported
            && job.job.poll()
        {
            job.reported = true;
            let text = match job.job.finished.as_ref().expect("polled") {
                Ok(r) => format!("Export finished: {}", r.summary().trim()),
                Err(e) => format!("Export failed: {e}"),
            };
            let error = job.job.finished.as_ref().is_some_and(|r| r.is_err());
            self.notices.push(Notice { error, text });
        }
        if let Some(job) = &mut self.send {
            job.job.poll();
        }
        let rows: Vec<grid::Row> = self.grid_worker.finished().collect();
        self.take_grid_rows(rows);
        if self
            .missing_stale
            .is_some_and(|t| now.duration_since(t) >= RECHECK_PAUSE)
        {
            self.check_records();
        }
        if self.recovery_due.is_some_and(|t| now >= t) {
            self.recovery_due = None;
            if self.is_modified()
                && let Err(e) =
                    files::write_recovery(&self.state_dir, &self.ws.path, &self.ws.project)
            {
                self.notify_error(format!("cannot write the recovery copy: {e}"));
            }
        }
    }

    /// When background bookkeeping (recovery copy, record check) is next due, for
    /// scheduling a wake-up.
    pub fn next_due(&self) -> Option<Instant> {
        let recheck = self.missing_stale.map(|t| t + RECHECK_PAUSE);
        [self.recovery_due, recheck].into_iter().flatten().min()
    }

    /// True when the letter preview shows the newest change.
    pub fn print_current(&self) -> bool {
        self.live.stale
            || self.ws.records.is_empty()
            || self
                .print
                .as_ref()
                .is_some_and(|p| p.generation == self.live.generation)
    }

    /// Waits for the letter preview of the newest change (tests and benchmarks).
    pub fn wait_for_print(&mut self, timeout: Duration) -> bool {
        let end = Instant::now() + timeout;
        while !self.print_current() {
            let left = end.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            if let Some(p) = self.worker.wait(left) {
                self.print = Some(p);
            }
        }
        true
    }

    /// All diagnostics now: the text channels' and the letter's (when it is current).
    pub fn diagnostics(&self) -> Vec<&Diagnostic> {
        let mut all: Vec<&Diagnostic> = self.live.diagnostics.iter().collect();
        if !self.live.stale
            && let Some(p) = &self.print
        {
            all.extend(&p.diagnostics);
        }
        all
    }
}
