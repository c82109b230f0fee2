//! Carrying out a command: the one place the designer's state changes.

use super::*;
use crate::model::{self};
use crate::workspace::Workspace;
use export_job::ExportJob;
use send_job::SendJob;
use std::time::Instant;

impl Designer {
    /// Carries out one command.
    pub fn apply(&mut self, cmd: Command) {
        let now = Instant::now();
        if self.mode == Mode::Review && cmd.edits() {
            self.notify_error("Review mode is read-only: leave it (menu Review, Back to editing) to change the content".into());
            return;
        }
        match cmd {
            Command::Edit(edit) => {
                let locked = edit.block().filter(|id| self.is_locked(id));
                if let Some(id) = locked {
                    self.notify_error(format!(
                        "“{id}” is locked: only a reviewer can unlock it, in review mode"
                    ));
                    return;
                }
                let mut project = self.ws.project.clone();
                if edit.apply(&mut project) && project != self.ws.project {
                    self.history
                        .record(&self.ws.project, Some(&edit.merge_key()), now);
                    self.set_project(project);
                }
            }
            Command::AddBlock { kind, after } => {
                if let Some(id) = self.restructure(|p| Some(blocks::add(p, kind, after.as_deref())))
                {
                    self.selected = Some(id);
                }
            }
            Command::RemoveBlock(id) if self.is_locked(&id) => {
                self.notify_error(format!("“{id}” is locked: a reviewer approved it"));
            }
            // The selection goes with the block (set_project drops ids that are gone).
            Command::RemoveBlock(id) => _ = self.restructure(|p| blocks::remove(p, &id)),
            Command::DuplicateBlock(id) => {
                if let Some(copy) = self.restructure(|p| blocks::duplicate(p, &id)) {
                    self.selected = Some(copy);
                }
            }
            Command::ShiftBlock(id, delta) => {
                self.restructure(|p| blocks::shift(p, &id, delta).then_some(()));
            }
            Command::MoveBefore { id, before } => {
                self.restructure(|p| blocks::move_before(p, &id, before.as_deref()).then_some(()));
            }
            Command::Select(id) => {
                self.selected = id;
                self.history.break_run();
            }
            Command::SetRecord(i) => {
                if i < self.ws.records.len() && i != self.record {
                    self.record = i;
                    self.refresh();
                }
            }
            // Undo steps restore content; signed review entries made since are kept.
            Command::Undo => {
                if let Some(p) = self.history.undo(&self.ws.project) {
                    self.set_content(p);
                }
            }
            Command::Redo => {
                if let Some(p) = self.history.redo(&self.ws.project) {
                    self.set_content(p);
                }
            }
            Command::New => self.new_project(),
            Command::Open(path) => match Workspace::open(&path, None) {
                Ok(ws) => {
                    self.leave_file();
                    self.ws = ws;
                    self.untitled = false;
                    self.opened();
                }
                Err(e) => self.notify_error(e.to_string()),
            },
            Command::Save => {
                let path = self.ws.path.clone();
                self.save_to(path);
            }
            Command::SaveAs(path) => self.save_to(path),
            Command::OpenData(path) => self.open_data(&path),
            Command::RestoreRecovery => {
                if let Some(r) = self.recovery.take() {
                    self.history.record(&self.ws.project, None, now);
                    self.set_content(r.project);
                }
            }
            Command::DiscardRecovery => {
                self.recovery = None;
                files::remove_recovery(&self.state_dir, &self.ws.path);
                if self.is_modified() {
                    // The edits made since are still worth a copy.
                    self.recovery_due = Some(now);
                }
            }
            Command::SetPrintScale(s) => {
                self.print_scale = s.clamp(PRINT_SCALES.0, PRINT_SCALES.1);
                self.refresh();
            }
            Command::StartExport(settings) => {
                if self
                    .export
                    .as_ref()
                    .is_none_or(|j| j.job.finished.is_some())
                {
                    let n = self.notify.clone();
                    self.export = Some(ExportJob::start(
                        self.ws.project.clone(),
                        self.ws.path.clone(),
                        settings,
                        move || n(),
                    ));
                }
            }
            Command::SetRouting(inputs) => match self.ws.set_routing(inputs) {
                Ok(()) => {
                    self.check_records();
                    self.refresh();
                }
                Err(e) => self.notify_error(format!("routing: {e}")),
            },
            Command::SendTest(settings) => {
                let busy = self.send.as_ref().is_some_and(|j| j.job.finished.is_none());
                if let (false, Some(record)) = (busy, self.current_record()) {
                    let ws = Workspace::new(
                        self.ws.path.clone(),
                        self.ws.source.clone(),
                        self.ws.project.clone(),
                        self.ws.records.clone(),
                    );
                    let n = self.notify.clone();
                    let id = record.id.clone();
                    self.send = Some(SendJob::start(ws, id, &settings, move || n()));
                }
            }
            Command::CancelExport => {
                if let Some(j) = &self.export {
                    j.cancel();
                }
            }
            Command::ReportError(text) => self.notify_error(text),
            Command::DismissNotice(i) => {
                if i < self.notices.len() {
                    self.notices.remove(i);
                }
            }
            Command::SetMode(mode) => {
                self.mode = mode;
                self.history.break_run();
                if mode == Mode::Review {
                    self.grid_content();
                }
            }
            Command::CreateKey { name, email } => {
                match crate::review::Identity::create(name.trim(), email.trim(), &self.key_dir) {
                    Ok(id) => {
                        self.notify_info(format!(
                            "Made your review key in {}. Ask the project's owner to add this line to its reviewers file: {}",
                            self.key_dir.display(),
                            id.allowed_signers_line()
                        ));
                        self.identity = Some(id);
                    }
                    Err(e) => self.notify_error(e.to_string()),
                }
            }
            Command::UseKey { path, name, email } => {
                match crate::review::use_existing_key(
                    &self.key_dir,
                    &path,
                    name.trim(),
                    email.trim(),
                ) {
                    Ok(id) => {
                        self.notify_info(format!("Signing reviews as {} <{}>", id.name, id.email));
                        self.identity = Some(id);
                    }
                    Err(e) => self.notify_error(e.to_string()),
                }
            }
            Command::Review(req) => self.review_action(req),
            Command::SetLock { block, locked } => self.set_lock(block, locked),
            Command::WantRows(rows) => {
                let missing: Vec<usize> = rows
                    .into_iter()
                    .filter(|i| !self.grid.rows.contains_key(i))
                    .collect();
                if missing != self.grid.asked {
                    self.grid_worker.rows(missing.clone());
                    self.grid.asked = missing;
                }
            }
            Command::ShowChanges(open) => {
                self.changes = open.then(|| self.compare_with_approved());
            }
            Command::WriteProof(path) => {
                let now = crate::clock::now_utc();
                let written = crate::proof::proof_pdf(&self.ws, &[], &now)
                    .map_err(|e| e.to_string())
                    .and_then(|bytes| {
                        model::write_atomic(&path, &bytes).map_err(|e| e.to_string())
                    });
                match written {
                    Ok(()) => self.notify_info(format!("Wrote the proof pack {}", path.display())),
                    Err(e) => self.notify_error(format!("{}: {e}", path.display())),
                }
            }
        }
    }
}
