//! The previews of the record shown: email, SMS and chat rendered here, the letter set and
//! rasterised by the print worker. While a template is broken they keep what they showed.

use super::PRINT_SCALES;
use super::print_worker::{PrintPreview, PrintRequest, PrintWorker};
use crate::diag::Diagnostic;
use crate::model::{Channel, ChannelSet};
use crate::render::email::ImageMode;
use crate::workspace::{Rendered, Workspace};
use std::time::{Duration, Instant};

/// The previews of the email, SMS and chat channels for the selected record.
pub struct Live {
    /// Bumped by every change; the print preview says which one it shows.
    pub generation: u64,
    /// The last rendering without template errors: what the previews show.
    pub shown: Option<Rendered>,
    /// Diagnostics of the newest rendering (also when it was not shown).
    pub diagnostics: Vec<Diagnostic>,
    /// The newest rendering has template errors, and the previews show an earlier one (the
    /// last good one, unless the project was opened broken).
    pub stale: bool,
}

/// The record shown and its previews.
pub struct Previews {
    /// Index of the record the previews show (into `ws.records`).
    pub record: usize,
    /// The language the previews show the record in; `None`: the one it gets.
    pub language: Option<String>,
    /// The email, SMS and chat previews of the current record.
    pub live: Live,
    /// The letter preview last made by the print worker; may be of an older generation.
    pub print: Option<PrintPreview>,
    /// Scale the letter is rasterised at, in pixels per CSS pixel (within `PRINT_SCALES`).
    pub print_scale: f32,
    worker: PrintWorker,
}

impl Previews {
    /// No previews yet; `notify` wakes the window when a letter preview is ready.
    pub(super) fn start(notify: impl Fn() + Send + 'static) -> Previews {
        Previews {
            record: 0,
            language: None,
            live: Live {
                generation: 0,
                shown: None,
                diagnostics: Vec::new(),
                stale: false,
            },
            print: None,
            print_scale: 1.0,
            worker: PrintWorker::start(notify),
        }
    }

    /// Sets the letter's scale, kept within `PRINT_SCALES`.
    pub(super) fn set_scale(&mut self, scale: f32) {
        self.print_scale = scale.clamp(PRINT_SCALES.0, PRINT_SCALES.1);
    }

    /// Renders the selected record of `ws`: email, SMS and chat here, the letter on the
    /// worker.
    pub(super) fn render(&mut self, ws: &Workspace) {
        self.live.generation += 1;
        let Some(record) = ws.records.get(self.record) else {
            self.live.shown = None;
            self.live.diagnostics = Vec::new();
            self.live.stale = false;
            self.print = None;
            return;
        };
        let in_language;
        let record = match &self.language {
            Some(l) => {
                in_language = record.with_text(&ws.project.meta.language_field, l);
                &in_language
            }
            None => record,
        };
        let message = ws.resolve(record, ChannelSet::ALL);
        // While a template is broken the previews keep what they showed, so that they do
        // not flicker with every keystroke. Only with nothing on screen yet (a project
        // opened broken) is the broken message shown, without its broken parts. (Rendering
        // it on every record switch while broken made a 4,000-command session grow by
        // 150 MB: tests/designer_session.rs.)
        self.live.stale =
            crate::diag::has_template_errors(&message.diagnostics) && self.live.shown.is_some();
        if self.live.stale {
            let mut diagnostics = message.diagnostics;
            crate::workspace::mark_off_route(&ws.engine, &message.route, &mut diagnostics);
            self.live.diagnostics = diagnostics;
            return;
        }
        self.worker.request(PrintRequest {
            generation: self.live.generation,
            project: ws.project.clone(),
            assets: ws.assets.clone(),
            images: ws.print_images.clone(),
            message: message.clone(),
            spoken: ws.spoken.get(&message.language).clone(),
            scale: self.print_scale,
        });
        let text_channels = ChannelSet::of(&[Channel::Email, Channel::Sms, Channel::Chat]);
        let rendered = ws.render_message(message, text_channels, ImageMode::DataUri);
        self.live.diagnostics = rendered.diagnostics().cloned().collect();
        self.live.shown = Some(rendered);
    }

    /// Takes the newest letter preview the worker finished, if any.
    pub(super) fn tick(&mut self) {
        if let Some(p) = self.worker.latest() {
            self.print = Some(p);
        }
    }

    /// True when the letter preview shows the newest change (`no_records`: there is none to
    /// show).
    pub fn print_current(&self, no_records: bool) -> bool {
        self.live.stale
            || no_records
            || self
                .print
                .as_ref()
                .is_some_and(|p| p.generation == self.live.generation)
    }

    /// Waits for the letter preview of the newest change (tests and benchmarks).
    pub(super) fn wait_for_print(&mut self, no_records: bool, timeout: Duration) -> bool {
        let end = Instant::now() + timeout;
        while !self.print_current(no_records) {
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
