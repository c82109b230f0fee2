//! An export started from the designer: the same runner as `prism export`, on its own thread,
//! with progress and cancel.

use super::job::Job;
use crate::export::{self, ExportOptions, ExportReport};
use crate::model::{self, Project};
use crate::workspace::Workspace;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// What the export dialog asks for: the options `prism export` takes (their time is set
/// when the export starts), and the suppression list and earlier exports routing reads, as
/// `--suppress` and `--history` give them.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportSettings {
    /// The export's options, one type for the command line and the dialog.
    pub options: ExportOptions,
    /// What routing reads besides the records.
    pub routing: crate::routing::Inputs,
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
    /// The export's thread and, once it answered, its report or why it stopped.
    pub job: Job<ExportReport>,
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
        notify: impl Fn() + Send + Sync + 'static,
    ) -> ExportJob {
        let done = Arc::new(AtomicUsize::new(0));
        let read = Arc::new(AtomicUsize::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let (d, t, c, s) = (done.clone(), read.clone(), cancel.clone(), settings.clone());
        let notify_done = Arc::new(notify);
        let notify = notify_done.clone();
        let job = Job::start(
            "export",
            move || -> Result<ExportReport, String> {
                // The records are streamed by the export, not loaded here.
                let source = model::to_ron(&project).map_err(|e| e.to_string())?;
                let mut ws = Workspace::new(path.clone(), source, project, Vec::new());
                ws.set_routing(s.routing.clone())
                    .map_err(|e| e.to_string())?;
                let opts = ExportOptions {
                    now: std::time::SystemTime::now(),
                    ..s.options.clone()
                };
                let mut progress = |p: export::Progress| {
                    d.store(p.records, Ordering::Relaxed);
                    t.store((p.fraction() * PARTS as f64) as usize, Ordering::Relaxed);
                    notify();
                };
                export::run(&ws, &opts, &mut progress, &c).map_err(|e| e.to_string())
            },
            move || notify_done(),
        );
        ExportJob {
            settings,
            done,
            read,
            cancel,
            job,
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
}
