//! Sets and rasterises the letter preview off the UI thread. Only the newest request counts:
//! requests that queued up while one was being set are skipped, and a result that is already
//! stale is dropped before its pages are rasterised.

use crate::diag::{Code, Diagnostic};
use crate::model::Project;
use crate::render::Assets;
use crate::render::print::{self, Typesetter};
use crate::template::ResolvedMessage;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

pub struct PrintRequest {
    pub generation: u64,
    pub project: Project,
    pub assets: Arc<Assets>,
    pub message: ResolvedMessage,
    pub date: String,
    /// Pixels per CSS pixel (1.0 = 96 dpi).
    pub scale: f32,
}

/// One rasterised page, RGBA, premultiplied as tiny-skia keeps it.
pub struct PagePixels {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

pub struct PrintPreview {
    pub generation: u64,
    pub pages: Vec<PagePixels>,
    /// Page size in mm, for the overlay.
    pub page_mm: (f32, f32),
    pub diagnostics: Vec<Diagnostic>,
}

pub struct PrintWorker {
    requests: Sender<PrintRequest>,
    results: Receiver<PrintPreview>,
}

impl PrintWorker {
    /// Starts the worker thread; `notify` is called after each result (to wake the UI).
    pub fn start(notify: impl Fn() + Send + 'static) -> PrintWorker {
        let (requests, inbox) = mpsc::channel::<PrintRequest>();
        let (outbox, results) = mpsc::channel();
        std::thread::Builder::new()
            .name("print-preview".into())
            .spawn(move || {
                let ts = Typesetter::new();
                let mut dict: Option<(String, Option<hyphenation::Standard>)> = None;
                let mut pending = None;
                loop {
                    let Some(mut req) = pending.take().or_else(|| inbox.recv().ok()) else {
                        return;
                    };
                    // The newest request wins.
                    while let Ok(newer) = inbox.try_recv() {
                        req = newer;
                    }
                    let lang = &req.project.meta.language;
                    if dict.as_ref().is_none_or(|(l, _)| l != lang) {
                        dict = Some((lang.clone(), crate::render::hyphens::hyphenator(lang)));
                    }
                    let hyphens = dict.as_ref().and_then(|(_, d)| d.as_ref());
                    // A bug in setting one letter must not end the preview for good.
                    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        preview(&ts, hyphens, &req, &inbox)
                    }))
                    .unwrap_or_else(|_| {
                        Done(PrintPreview {
                            generation: req.generation,
                            pages: Vec::new(),
                            page_mm: (210.0, 297.0),
                            diagnostics: vec![Diagnostic::error(
                                Code::PrintPreview,
                                "the letter preview failed (an internal error); export is not affected",
                            )],
                        })
                    });
                    let result = match result {
                        Stale(newer) => {
                            pending = Some(*newer);
                            continue;
                        }
                        Done(p) => p,
                    };
                    if outbox.send(result).is_err() {
                        return;
                    }
                    notify();
                }
            })
            .expect("the print preview thread starts");
        PrintWorker { requests, results }
    }

    pub fn request(&self, req: PrintRequest) {
        // A send fails only when the worker has gone; the preview then stays as it was.
        let _ = self.requests.send(req);
    }

    /// The newest finished preview, if any arrived since the last call.
    pub fn latest(&self) -> Option<PrintPreview> {
        self.results.try_iter().last()
    }

    /// Waits up to `timeout` for the next finished preview (tests and benchmarks).
    pub fn wait(&self, timeout: Duration) -> Option<PrintPreview> {
        self.results.recv_timeout(timeout).ok()
    }
}

enum Outcome {
    Done(PrintPreview),
    /// A newer request arrived before the pages were rasterised.
    Stale(Box<PrintRequest>),
}
use Outcome::{Done, Stale};

/// Sets the letter and rasterises its pages, unless a newer request is already waiting.
fn preview(
    ts: &Typesetter,
    hyphens: Option<&hyphenation::Standard>,
    req: &PrintRequest,
    inbox: &Receiver<PrintRequest>,
) -> Outcome {
    let out = print::render(
        &req.project,
        &req.assets,
        ts,
        hyphens,
        &req.message,
        &req.date,
    );
    let mut diagnostics = out.diagnostics;
    if let Ok(newer) = inbox.try_recv() {
        return Stale(Box::new(newer));
    }
    let letter_pages = out.artefact.map(|l| l.pages).unwrap_or_default();
    let page_mm = letter_pages.first().map_or((210.0, 297.0), |p| {
        (
            p.width_pt / print::PT_PER_MM,
            p.height_pt / print::PT_PER_MM,
        )
    });
    let mut pages = Vec::with_capacity(letter_pages.len());
    for page in &letter_pages {
        match print::raster(ts, page, req.scale * print::PX_PER_PT_96DPI) {
            Ok(p) => pages.push(PagePixels {
                width: p.width(),
                height: p.height(),
                rgba: p.take(),
            }),
            Err(e) => diagnostics.push(Diagnostic::error(
                Code::PrintRaster,
                format!("the preview could not be drawn: {e}"),
            )),
        }
    }
    Done(PrintPreview {
        generation: req.generation,
        pages,
        page_mm,
        diagnostics,
    })
}
