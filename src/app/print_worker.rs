//! Sets and rasterises the letter preview off the UI thread. Only the newest request counts:
//! requests that queued up while one was being set are skipped, and a result that is already
//! stale is dropped before its pages are rasterised.

use crate::diag::{Code, Diagnostic};
use crate::model::Project;
use crate::render::Assets;
use crate::render::print::{self, Typesetter};
use crate::template::ResolvedMessage;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// Everything needed to set and rasterise one record's letter, sent to the worker thread.
pub struct PrintRequest {
    /// The designer's change counter (`Live::generation`) this is for.
    pub generation: u64,
    /// The project as edited now.
    pub project: Project,
    /// The project's loaded images (shared with the designer's workspace).
    pub assets: Arc<Assets>,
    /// The images decoded for letters (shared with the designer's workspace).
    pub images: Arc<print::ImageCache>,
    /// The record's message, templates resolved.
    pub message: ResolvedMessage,
    /// The message's language: its hyphenation patterns and the letter's date.
    pub spoken: crate::render::spoken::SpokenLanguage,
    /// Pixels per CSS pixel (1.0 = 96 dpi).
    pub scale: f32,
}

/// One rasterised page, RGBA, premultiplied as tiny-skia keeps it.
pub struct PagePixels {
    /// Width, in pixels.
    pub width: u32,
    /// Height, in pixels.
    pub height: u32,
    /// Four bytes per pixel, row by row from the top left (`width * height * 4` bytes).
    pub rgba: Vec<u8>,
}

/// The letter preview for one request: its pages as pixels, and what went wrong.
pub struct PrintPreview {
    /// The request's generation: the preview is current when it equals `Live::generation`.
    pub generation: u64,
    /// Every page of the letter, rasterised at the request's scale.
    pub pages: Vec<PagePixels>,
    /// Page size in mm, for the overlay.
    pub page_mm: (f32, f32),
    /// Diagnostics of setting and rasterising the letter.
    pub diagnostics: Vec<Diagnostic>,
}

/// The letter preview's thread, the channel to it and the newest result from it.
pub struct PrintWorker {
    requests: Sender<PrintRequest>,
    results: Arc<Newest>,
}

/// One slot for the newest finished preview: a newer one replaces an unread older one, so
/// that previews nobody picked up (a designer without frames) never pile up.
#[derive(Default)]
struct Newest {
    slot: Mutex<Option<PrintPreview>>,
    filled: Condvar,
}

impl PrintWorker {
    /// Starts the worker thread; `notify` is called after each result (to wake the UI).
    pub fn start(notify: impl Fn() + Send + 'static) -> PrintWorker {
        let (requests, inbox) = mpsc::channel::<PrintRequest>();
        let results = Arc::new(Newest::default());
        let outbox = results.clone();
        super::job::spawn("print-preview", move || {
            let ts = Typesetter::new();
            let mut pending = None;
            loop {
                let Some(mut req) = pending.take().or_else(|| inbox.recv().ok()) else {
                    return;
                };
                // The newest request wins.
                while let Ok(newer) = inbox.try_recv() {
                    req = newer;
                }
                // A bug in setting one letter must not end the preview for good.
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    preview(&ts, &req, &inbox)
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
                *outbox.slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
                outbox.filled.notify_all();
                notify();
            }
        });
        PrintWorker { requests, results }
    }

    /// Asks for a preview of `req`; older requests still waiting are skipped.
    pub fn request(&self, req: PrintRequest) {
        // A send fails only when the worker has gone; the preview then stays as it was.
        #[expect(
            clippy::let_underscore_must_use,
            reason = "a send fails only when the worker has gone; the preview then stays as it was"
        )]
        let _ = self.requests.send(req);
    }

    /// The newest finished preview, if any arrived since the last call.
    pub fn latest(&self) -> Option<PrintPreview> {
        self.results
            .slot
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
    }

    /// Waits up to `timeout` for the next finished preview (tests and benchmarks).
    pub fn wait(&self, timeout: Duration) -> Option<PrintPreview> {
        let slot = self.results.slot.lock().unwrap_or_else(|e| e.into_inner());
        let (mut slot, _) = self
            .results
            .filled
            .wait_timeout_while(slot, timeout, |s| s.is_none())
            .unwrap_or_else(|e| e.into_inner());
        slot.take()
    }
}

enum Outcome {
    Done(PrintPreview),
    /// A newer request arrived before the pages were rasterised.
    Stale(Box<PrintRequest>),
}
use Outcome::{Done, Stale};

/// Sets the letter and rasterises its pages, unless a newer request is already waiting.
fn preview(ts: &Typesetter, req: &PrintRequest, inbox: &Receiver<PrintRequest>) -> Outcome {
    let out = print::render(
        &req.project,
        &req.assets,
        ts,
        &req.images,
        req.spoken.hyphenator.as_deref(),
        &req.message,
        &req.spoken.letter_date,
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
    // Everything here is about the letter: beside the point when the customer gets none.
    let no_letter = req
        .message
        .route
        .reason(crate::model::Channel::Print)
        .is_some();
    for d in &mut diagnostics {
        d.off_route = no_letter;
    }
    Done(PrintPreview {
        generation: req.generation,
        pages,
        page_mm,
        diagnostics,
    })
}
