//! Progress on stderr while an export runs: a bar on a terminal, a line every few seconds in a log.

use super::*;

/// An export's progress: a bar with rate and ETA on a terminal; in a log, a line every five
/// seconds and one at the end (never one per record).
pub(super) struct Progress {
    bar: Option<indicatif::ProgressBar>,
    started: std::time::Instant,
    last_line: std::time::Instant,
    last: export::Progress,
}

/// How often a log gets a progress line.
const PROGRESS_LINE_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

impl Progress {
    pub(super) fn new(terminal: bool) -> Progress {
        let bar = terminal.then(|| {
            let bar = indicatif::ProgressBar::new(0);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{wide_bar} {msg} · {percent}% of the data · ETA {eta}",
            ) {
                bar.set_style(style);
            }
            bar
        });
        let now = std::time::Instant::now();
        Progress {
            bar,
            started: now,
            last_line: now,
            last: export::Progress::default(),
        }
    }

    /// Records written per second so far.
    pub(super) fn rate(&self, now: std::time::Instant) -> f64 {
        self.last.records as f64 / now.duration_since(self.started).as_secs_f64().max(1e-3)
    }

    /// The bar follows the data read (the number of records is known only at the end).
    pub(super) fn update(&mut self, p: export::Progress) {
        self.last = p;
        let now = std::time::Instant::now();
        if let Some(bar) = &self.bar {
            bar.set_length(p.total_bytes);
            bar.set_position(p.read_bytes);
            bar.set_message(format!(
                "{} · {:.0}/s",
                prism::diag::counted(p.records, "record"),
                self.rate(now)
            ));
            return;
        }
        if now.duration_since(self.last_line) >= PROGRESS_LINE_EVERY {
            self.last_line = now;
            let f = p.fraction();
            let secs = now.duration_since(self.started).as_secs_f64();
            // Once the data is read, what is left is records in flight, not data.
            let left = match f {
                f if f >= 1.0 => "all data read".to_owned(),
                f if f > 0.0 => format!("about {:.0} s left", secs * (1.0 - f) / f),
                _ => "starting".to_owned(),
            };
            eprintln!(
                "exported {}, {:.0}% of the data ({:.0}/s, {left})",
                prism::diag::counted(p.records, "record"),
                f * 100.0,
                self.rate(now)
            );
        }
    }

    /// The last line: every record written, and the rate over the whole run (none for an
    /// export refused before its first record).
    pub(super) fn finish(&mut self, ran: bool) {
        match self.bar.take() {
            Some(bar) => bar.finish_and_clear(),
            None if !ran && self.last.records == 0 => {}
            None => eprintln!(
                "exported {} in {:.1} s ({:.0}/s)",
                prism::diag::counted(self.last.records, "record"),
                self.started.elapsed().as_secs_f64(),
                self.rate(std::time::Instant::now())
            ),
        }
    }
}
