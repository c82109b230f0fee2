//! The designer's long-running work: an export and a test email, each on its own thread,
//! one of each at a time.

use super::Notice;
use super::export_job::{ExportJob, ExportSettings};
use super::send_job::{SendJob, SendSettings};
use crate::model::Record;
use crate::workspace::Workspace;

/// The export and the test email started last, running or finished.
#[derive(Default)]
pub struct Jobs {
    /// The export started last, running or finished.
    pub export: Option<ExportJob>,
    /// The test email sent last, waiting for the server or answered.
    pub send: Option<SendJob>,
}

impl Jobs {
    /// Starts exporting the project of `ws` as edited now, unless an export is running.
    pub(super) fn start_export(
        &mut self,
        ws: &Workspace,
        settings: ExportSettings,
        notify: impl Fn() + Send + Sync + 'static,
    ) {
        if self
            .export
            .as_ref()
            .is_none_or(|j| j.job.finished.is_some())
        {
            let (project, path) = (ws.project.clone(), ws.path.clone());
            self.export = Some(ExportJob::start(project, path, settings, notify));
        }
    }

    /// Asks the running export, if any, to stop.
    pub(super) fn cancel_export(&self) {
        if let Some(j) = &self.export {
            j.cancel();
        }
    }

    /// Sends `record`'s email as `ws` renders it, unless a test email is on its way.
    pub(super) fn send_test(
        &mut self,
        ws: &Workspace,
        record: Option<&Record>,
        settings: &SendSettings,
        notify: impl Fn() + Send + 'static,
    ) {
        let busy = self.send.as_ref().is_some_and(|j| j.job.finished.is_none());
        if let (false, Some(record)) = (busy, record) {
            // The send renders on its own thread, from a copy of the content as it is now.
            let copy = Workspace::new(
                ws.path.clone(),
                ws.source.clone(),
                ws.project.clone(),
                ws.records.clone(),
            );
            let id = record.id.clone();
            self.send = Some(SendJob::start(copy, id, settings, notify));
        }
    }

    /// Picks up finished work; how an export ended is told once.
    pub(super) fn tick(&mut self) -> Option<Notice> {
        if let Some(job) = &mut self.send {
            job.job.poll();
        }
        let job = self.export.as_mut()?;
        if job.reported || !job.job.poll() {
            return None;
        }
        job.reported = true;
        Some(match job.job.finished.as_ref().expect("polled") {
            Ok(r) => Notice {
                error: false,
                text: format!("Export finished: {}", r.summary().trim()),
            },
            Err(e) => Notice {
                error: true,
                text: format!("Export failed: {e}"),
            },
        })
    }
}
