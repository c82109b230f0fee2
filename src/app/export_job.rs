//! An export started from the designer: the same runner as `prism export`, on its own thread,
//! with progress and cancel.

use crate::export::{self, ExportOptions, ExportReport};
use crate::model::ChannelSet;
use crate::model::{self, Project};
use crate::workspace::Workspace;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver};

/// What the export dialog asks for.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportSettings {
    /// The channels to write.
    pub channels: ChannelSet,
    /// Another data file instead of the project's own records.
    pub data: Option<PathBuf>,
    /// The folder the export writes into.
    pub out_dir: PathBuf,
    /// Also write `letters.pdf`: every letter in data order, in one file.
    pub print_merged: bool,
    /// Pad each letter in letters.pdf to an even page count.
    pub duplex: bool,
    /// Refuse unless the content has the approvals it needs.
    pub require_approved: bool,
    /// The suppression list and earlier exports routing reads.
    pub routing: crate::routing::Inputs,
    /// Replace an earlier export in the folder (or write into a folder of other files).
    pub overwrite: bool,
    /// Continue the interrupted export in the folder.
    pub resume: bool,
}

/// The fraction of the data read is kept in millionths.
const PARTS: usize = 1_000_000;

/// An export running on its own thread, or finished: progress, cancel and the result.
pub struct ExportJob {
    /// What it was started with (the dialog opens `out_dir` when it is done).
    pub settings: ExportSettings,
    done: Arc<AtomicUsize>,
    read: Arc<AtomicUsize>,
    cancel: Arc<AtomicBool>,
    result: Receiver<Result<ExportReport, String>>,
    /// Set once the thread has answered.
    pub finished: Option<Result<ExportReport, String>>,
    /// The designer has told the user how it ended.
    pub(crate) reported: bool,
    started: std::time::Instant,
}

impl ExportJob {
    /// Starts exporting `project` (as edited, saved or not) from `path`'s folder.
    pub fn start(
        project: Project,
        path: PathBuf,
        settings: ExportSettings,
        notify: impl Fn() + Send + 'static,
    ) -> ExportJob {
        let done = Arc::new(AtomicUsize::new(0));
        let read = Arc::new(AtomicUsize::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let (tx, result) = mpsc::channel();
        let (d, t, c, s) = (done.clone(), read.clone(), cancel.clone(), settings.clone());
        std::thread::spawn(move || {
            let run = || -> Result<ExportReport, String> {
                // The records are streamed by the export, not loaded here.
                let source = model::to_ron(&project).map_err(|e| e.to_string())?;
                let mut ws = Workspace::new(path.clone(), source, project, Vec::new());
                ws.set_routing(s.routing.clone())?;
                let opts = ExportOptions {
                    out_dir: s.out_dir.clone(),
                    data: s.data.clone(),
                    channels: s.channels,
                    now: std::time::SystemTime::now(),
                    print_merged: s.print_merged,
                    duplex: s.duplex,
                    require_approved: s.require_approved,
                    overwrite: s.overwrite,
                    email_format: export::EmailFormat::Files,
                    resume: s.resume,
                    shard: None,
                    threads: 0,
                };
                let mut progress = |p: export::Progress| {
                    d.store(p.records, Ordering::Relaxed);
                    t.store((p.fraction() * PARTS as f64) as usize, Ordering::Relaxed);
                    notify();
                };
                export::run(&ws, &opts, &mut progress, &c).map_err(|e| e.to_string())
            };
            #[expect(
                clippy::let_underscore_must_use,
                reason = "the receiver is gone only when the designer closed; nobody waits for the result"
            )]
            let _ = tx.send(run());
        });
        ExportJob {
            settings,
            done,
            read,
            cancel,
            result,
            finished: None,
            reported: false,
            started: std::time::Instant::now(),
        }
    }

    /// Records per second so far, and the seconds still to go at the rate the data is read.
    pub fn rate(&self) -> (f64, f64) {
        let (done, fraction) = self.progress();
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        let left = if fraction > 0.0 {
            secs * (1.0 - fraction) / fraction
        } else {
            0.0
        };
        (done as f64 / secs, left)
    }

    /// Records written, and the fraction of the data read (0 to 1): the number of records
    /// is not known until the end of the data.
    pub fn progress(&self) -> (usize, f64) {
        (
            self.done.load(Ordering::Relaxed),
            self.read.load(Ordering::Relaxed) as f64 / PARTS as f64,
        )
    }

    /// Asks the export to stop; it stops between records and ends with an error.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Whether the user asked to stop (the thread may still be finishing a record).
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// Picks up the thread's answer; true once finished.
    pub fn poll(&mut self) -> bool {
        if self.finished.is_none() {
            match self.result.try_recv() {
                Ok(r) => self.finished = Some(r),
                Err(mpsc::TryRecvError::Disconnected) => {
                    self.finished = Some(Err("the export stopped unexpectedly".into()));
                }
                Err(mpsc::TryRecvError::Empty) => {}
            }
        }
        self.finished.is_some()
    }

    /// Blocks until the export has finished (tests).
    pub fn wait(&mut self) -> &Result<ExportReport, String> {
        if self.finished.is_none() {
            let r = self
                .result
                .recv()
                .unwrap_or_else(|_| Err("the export thread stopped".into()));
            self.finished = Some(r);
        }
        self.finished.as_ref().expect("set above")
    }
}
