//! The review grid's cells, made off the UI thread: for each record asked for, every
//! channel's verdict (sent, or why not), a short text, its diagnostics count, and the
//! letter's first page as a small raster. Only the rows on screen are asked for, and a newer
//! request replaces the rows not yet made, so scrolling through 10,000 records never queues
//! work for rows long gone.

use super::print_worker::PagePixels;
use crate::diag::{Diagnostic, Severity};
use crate::model::{Channel, Project, Records};
use crate::render::email::ImageMode;
use crate::render::{Assets, ChannelOutput, Verdict, print};
use crate::template::ChannelSet;
use crate::workspace::Workspace;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};

/// Width of a letter thumbnail, in pixels.
pub const THUMB_WIDTH_PX: f32 = 150.0;
/// Longest text a cell keeps, in characters.
const SNIPPET_CHARS: usize = 260;

/// One record × channel.
#[derive(Debug, Clone)]
pub struct Cell {
    pub verdict: Verdict,
    pub text: String,
    /// A figure under the text: SMS segments, chat bubbles, letter pages.
    pub detail: String,
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

pub struct Row {
    pub record: usize,
    pub generation: u64,
    /// Email, SMS, chat, letter.
    pub cells: Vec<Cell>,
    pub letter: Option<PagePixels>,
}

/// What the cells are made from.
pub struct GridContent {
    pub generation: u64,
    pub path: PathBuf,
    pub project: Project,
    pub assets: Arc<Assets>,
    pub records: Records,
    pub letter_date: String,
}

enum Job {
    Content(Box<GridContent>),
    Rows(Vec<usize>),
}

pub struct GridWorker {
    jobs: Sender<Job>,
    results: Receiver<Row>,
}

impl GridWorker {
    pub fn start(notify: impl Fn() + Send + 'static) -> GridWorker {
        let (jobs, inbox) = mpsc::channel::<Job>();
        let (outbox, results) = mpsc::channel();
        std::thread::Builder::new()
            .name("review-grid".into())
            .spawn(move || {
                let mut ws: Option<(u64, Workspace)> = None;
                let mut rows: Vec<usize> = Vec::new();
                loop {
                    // Wait when idle; otherwise look for newer jobs between rows.
                    let job = if rows.is_empty() {
                        match inbox.recv() {
                            Ok(j) => Some(j),
                            Err(_) => return,
                        }
                    } else {
                        match inbox.try_recv() {
                            Ok(j) => Some(j),
                            Err(TryRecvError::Empty) => None,
                            Err(TryRecvError::Disconnected) => return,
                        }
                    };
                    match job {
                        Some(Job::Content(c)) => {
                            let c = *c;
                            let mut w = Workspace::with_assets(
                                c.path,
                                String::new(),
                                c.project,
                                c.records,
                                Assets::default(),
                            );
                            w.assets = c.assets;
                            w.letter_date = c.letter_date;
                            ws = Some((c.generation, w));
                            rows.clear();
                            continue;
                        }
                        Some(Job::Rows(r)) => {
                            rows = r;
                            rows.reverse();
                            continue;
                        }
                        None => {}
                    }
                    let (Some(i), Some((generation, w))) = (rows.pop(), ws.as_ref()) else {
                        continue;
                    };
                    let row = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        make_row(w, i, *generation)
                    }));
                    if let Ok(Some(row)) = row {
                        if outbox.send(row).is_err() {
                            return;
                        }
                        notify();
                    }
                }
            })
            .expect("the review grid thread starts");
        GridWorker { jobs, results }
    }

    pub fn content(&self, c: GridContent) {
        let _ = self.jobs.send(Job::Content(Box::new(c)));
    }

    /// Make these rows next, in this order, instead of any asked for before.
    pub fn rows(&self, rows: Vec<usize>) {
        let _ = self.jobs.send(Job::Rows(rows));
    }

    pub fn finished(&self) -> impl Iterator<Item = Row> + '_ {
        self.results.try_iter()
    }

    /// Waits up to `timeout` for the next row (tests).
    pub fn wait(&self, timeout: std::time::Duration) -> Option<Row> {
        self.results.recv_timeout(timeout).ok()
    }
}

fn counts(diags: &[&Diagnostic]) -> (usize, usize, usize) {
    let n = |s| diags.iter().filter(|d| d.severity == s).count();
    (n(Severity::Error), n(Severity::Warning), n(Severity::Info))
}

fn snippet(s: &str) -> String {
    match s.char_indices().nth(SNIPPET_CHARS) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_owned(),
    }
}

fn cell<T>(
    out: Option<&ChannelOutput<T>>,
    message: &[Diagnostic],
    to: impl Fn(&T) -> String,
    text: impl Fn(&T) -> (String, String),
) -> Cell {
    let Some(out) = out else {
        return Cell {
            verdict: Verdict::Failed,
            text: String::new(),
            detail: String::new(),
            errors: 0,
            warnings: 0,
            notes: 0,
        };
    };
    // The message's own diagnostics (undefined fields, template errors) concern every channel.
    let all: Vec<&Diagnostic> = message.iter().chain(&out.diagnostics).collect();
    let (errors, warnings, notes) = counts(&all);
    let (text, detail) = out.artefact.as_ref().map(text).unwrap_or_default();
    Cell {
        verdict: out.verdict(to),
        text: snippet(&text),
        detail,
        errors,
        warnings,
        notes,
    }
}

fn make_row(ws: &Workspace, i: usize, generation: u64) -> Option<Row> {
    let record = ws.records.get(i)?;
    let r = ws.render(record, ChannelSet::ALL, false, ImageMode::Cid);
    let m = &r.message.diagnostics;
    let cells = vec![
        cell(
            r.email.as_ref(),
            m,
            |e| e.to.clone(),
            |e| (format!("{}\n{}", e.subject, e.prose()), String::new()),
        ),
        cell(
            r.sms.as_ref(),
            m,
            |s| s.to.clone(),
            |s| {
                let n = s.analysis.segments;
                let plural = if n == 1 { "" } else { "s" };
                let detail = format!("{} · {n} segment{plural}", s.analysis.encoding.name());
                (s.text.clone(), detail)
            },
        ),
        cell(
            r.chat.as_ref(),
            m,
            |c| c.to.clone(),
            |c| {
                let text = c
                    .bubbles
                    .first()
                    .map(|b| b.body_markup())
                    .unwrap_or_default();
                (text, format!("{} bubble(s)", c.bubbles.len()))
            },
        ),
        cell(
            r.print.as_ref(),
            m,
            |_| "the postal address".into(),
            |l| (String::new(), format!("{} page(s)", l.pages.len())),
        ),
    ];
    let letter = r
        .print
        .as_ref()
        .and_then(|o| o.artefact.as_ref())
        .and_then(|l| l.pages.first())
        .and_then(|page| {
            let px = print::raster(&ws.typesetter, page, THUMB_WIDTH_PX / page.width_pt).ok()?;
            Some(PagePixels {
                width: px.width(),
                height: px.height(),
                rgba: px.take(),
            })
        });
    Some(Row {
        record: i,
        generation,
        cells,
        letter,
    })
}

/// The channels in the grid's column order.
pub const COLUMNS: [Channel; 4] = [Channel::Email, Channel::Sms, Channel::Chat, Channel::Print];
