//! The review grid's cells, made off the UI thread: for each record asked for, every
//! channel's verdict (sent, or why not), a short text, its diagnostics count, and the
//! letter's first page as a small raster. Only the rows on screen are asked for, and a newer
//! request replaces the rows not yet made, so scrolling through 10,000 records never queues
//! work for rows long gone.

use super::print_worker::PagePixels;
use crate::diag::{Diagnostic, Severity};
use crate::model::ChannelSet;
use crate::model::{Channel, Project, Records};
use crate::render::email::ImageMode;
use crate::render::{Assets, ChannelOutput, Verdict, print};
use crate::workspace::Workspace;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};

/// Width of a letter thumbnail, in pixels.
pub const THUMB_WIDTH_PX: f32 = 150.0;
/// Longest text a cell keeps, in characters.
const SNIPPET_CHARS: usize = 260;

/// Most review-grid rows kept at once (each holds a small letter raster).
const GRID_ROWS_KEPT: usize = 300;

/// The review grid's rows made so far, for the content of `generation`, and the worker that
/// makes them.
pub struct Grid {
    /// The content the rows are for; bumped each time the grid starts over.
    pub generation: u64,
    /// Rows made so far, by record index; at most `GRID_ROWS_KEPT` are kept.
    pub rows: std::collections::HashMap<usize, Row>,
    /// The rows last asked of the worker.
    asked: Vec<usize>,
    worker: GridWorker,
}

impl Grid {
    /// An empty grid; `notify` wakes the window after each row.
    pub(super) fn start(notify: impl Fn() + Send + 'static) -> Grid {
        Grid {
            generation: 0,
            rows: Default::default(),
            asked: Vec::new(),
            worker: GridWorker::start(notify),
        }
    }

    /// The grid starts over on the content of `ws` as it is now.
    pub(super) fn restart(&mut self, ws: &Workspace) {
        self.generation += 1;
        self.rows.clear();
        self.asked.clear();
        self.worker.content(GridContent {
            generation: self.generation,
            path: ws.path.clone(),
            project: ws.project.clone(),
            assets: ws.assets.clone(),
            images: ws.print_images.clone(),
            records: ws.records.clone(),
            spoken: ws.spoken.clone(),
            library: ws.library.clone(),
        });
    }

    /// The window shows these records: asks the worker for those not made yet.
    pub(super) fn want(&mut self, rows: Vec<usize>) {
        let missing: Vec<usize> = rows
            .into_iter()
            .filter(|i| !self.rows.contains_key(i))
            .collect();
        if missing != self.asked {
            self.worker.rows(missing.clone());
            self.asked = missing;
        }
    }

    /// Takes the rows the worker finished.
    pub(super) fn tick(&mut self) {
        let rows: Vec<Row> = self.worker.finished().collect();
        self.take(rows);
    }

    fn take(&mut self, rows: impl IntoIterator<Item = Row>) {
        for row in rows {
            if row.generation != self.generation {
                continue;
            }
            self.asked.retain(|i| *i != row.record);
            if self.rows.len() >= GRID_ROWS_KEPT {
                // The row farthest from the new one is the least likely to be on screen.
                let far = self
                    .rows
                    .keys()
                    .copied()
                    .max_by_key(|k| k.abs_diff(row.record));
                if let Some(k) = far {
                    self.rows.remove(&k);
                }
            }
            self.rows.insert(row.record, row);
        }
    }

    /// Waits until the grid has made `rows` (tests).
    pub fn wait_for_rows(&mut self, rows: &[usize], timeout: std::time::Duration) -> bool {
        let end = std::time::Instant::now() + timeout;
        while !rows.iter().all(|r| self.rows.contains_key(r)) {
            let left = end.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                return false;
            }
            if let Some(row) = self.worker.wait(left) {
                self.take([row]);
            }
        }
        true
    }
}

/// One record × channel.
#[derive(Debug, Clone)]
pub struct Cell {
    /// Whether the record gets this channel (and at which address), or why not.
    pub verdict: Verdict,
    /// The start of the channel's text (for email the subject, then the prose), at most
    /// `SNIPPET_CHARS` characters; empty for the letter.
    pub text: String,
    /// A figure under the text: SMS segments, chat bubbles, letter pages.
    pub detail: String,
    /// Error diagnostics, the message's own (template errors, missing fields) included;
    /// those about a channel the customer does not get are counted in `off_route` instead.
    pub errors: usize,
    /// Warning diagnostics, the message's own included, `off_route` ones not.
    pub warnings: usize,
    /// Info diagnostics (notes), the message's own included, `off_route` ones not.
    pub notes: usize,
    /// Errors, warnings and notes about this channel when the customer does not get it:
    /// shown apart, as they change nothing the customer receives.
    pub off_route: [usize; 3],
}

/// One record's line of the grid, as the worker made it.
pub struct Row {
    /// Index of the record in the workspace's records.
    pub record: usize,
    /// The grid content it was made from; rows of an older generation are dropped.
    pub generation: u64,
    /// Email, SMS, chat, letter.
    pub cells: Vec<Cell>,
    /// The letter's first page, rasterised `THUMB_WIDTH_PX` wide; `None` without a letter.
    pub letter: Option<PagePixels>,
}

/// What the cells are made from.
struct GridContent {
    /// Tags the rows made from this content (the designer's `Grid::generation`).
    pub generation: u64,
    /// The project file; relative data and image paths start from its folder.
    pub path: PathBuf,
    /// The project as edited now, saved or not.
    pub project: Project,
    /// The project's images, already loaded (shared with the designer, not copied).
    pub assets: Arc<Assets>,
    /// The images decoded for letters (shared with the designer).
    pub images: Arc<print::ImageCache>,
    /// Every record of the data, in data order.
    pub records: Records,
    /// Each language's hyphenation patterns and letter date.
    pub spoken: crate::render::spoken::Spoken,
    /// The library the project is linked against (shared with the designer).
    pub library: Arc<crate::model::library::Library>,
}

enum Job {
    Content(Box<GridContent>),
    Rows(Vec<usize>),
}

/// The thread that makes the review grid's rows, and the channels to and from it.
struct GridWorker {
    jobs: Sender<Job>,
    results: Receiver<Row>,
}

impl GridWorker {
    /// Starts the worker thread; `notify` is called after each row (to wake the UI).
    fn start(notify: impl Fn() + Send + 'static) -> GridWorker {
        let (jobs, inbox) = mpsc::channel::<Job>();
        let (outbox, results) = mpsc::channel();
        super::job::spawn("review-grid", move || {
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
                            c.library,
                        );
                        w.assets = c.assets;
                        w.print_images = c.images;
                        w.spoken = c.spoken;
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
        });
        GridWorker { jobs, results }
    }

    /// Makes rows from `c` from now on; rows asked for before are dropped.
    fn content(&self, c: GridContent) {
        #[expect(
            clippy::let_underscore_must_use,
            reason = "a send fails only when the worker has gone; the grid then keeps what it has"
        )]
        let _ = self.jobs.send(Job::Content(Box::new(c)));
    }

    /// Make these rows next, in this order, instead of any asked for before.
    fn rows(&self, rows: Vec<usize>) {
        #[expect(
            clippy::let_underscore_must_use,
            reason = "a send fails only when the worker has gone; the grid then keeps what it has"
        )]
        let _ = self.jobs.send(Job::Rows(rows));
    }

    /// The rows made since the last call, without waiting.
    fn finished(&self) -> impl Iterator<Item = Row> + '_ {
        self.results.try_iter()
    }

    /// Waits up to `timeout` for the next row (tests).
    fn wait(&self, timeout: std::time::Duration) -> Option<Row> {
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
            off_route: [0; 3],
        };
    };
    // The message's own diagnostics (undefined fields, template errors) concern every channel.
    let (off_route, received): (Vec<&Diagnostic>, Vec<&Diagnostic>) = message
        .iter()
        .chain(&out.diagnostics)
        .partition(|d| d.off_route);
    let (errors, warnings, notes) = counts(&received);
    let off = counts(&off_route);
    let (text, detail) = out.artefact.as_ref().map(text).unwrap_or_default();
    Cell {
        verdict: out.verdict(to),
        text: snippet(&text),
        detail,
        errors,
        warnings,
        notes,
        off_route: [off.0, off.1, off.2],
    }
}

fn make_row(ws: &Workspace, i: usize, generation: u64) -> Option<Row> {
    let record = ws.records.get(i)?;
    let r = ws.render(record, ChannelSet::ALL, ImageMode::Cid);
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
                let segments = crate::diag::counted(s.analysis.segments, "segment");
                let detail = format!("{} · {segments}", s.analysis.encoding.name());
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
                (text, crate::diag::counted(c.bubbles.len(), "bubble"))
            },
        ),
        cell(
            r.print.as_ref(),
            m,
            |_| "the postal address".into(),
            |l| (String::new(), crate::diag::counted(l.pages.len(), "page")),
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
