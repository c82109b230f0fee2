//! Carrying out a command: the one place the designer's state changes. Each command is one
//! call into the concern it touches (editing, files, previews, jobs, review).

use super::{Command, Designer, Mode};
use std::time::Instant;

impl Designer {
    /// Carries out one command.
    pub fn apply(&mut self, cmd: Command) {
        let now = Instant::now();
        if self.review.mode == Mode::Review && cmd.edits() {
            return self.notify_error("Review mode is read-only: leave it (menu Review, Back to editing) to change the content".into());
        }
        match cmd {
            Command::Edit(edit) => self.edit(edit, now),
            Command::AddBlock { kind, after } => self.add_block(kind, after.as_deref()),
            Command::RemoveBlock(id) => self.remove_block(&id),
            Command::DuplicateBlock(id) => self.duplicate_block(&id),
            Command::ShiftBlock(id, delta) => self.shift_block(&id, delta),
            Command::MoveBefore { id, before } => self.move_before(&id, before.as_deref()),
            Command::Select(id) => self.select(id),
            Command::Undo => self.undo(),
            Command::Redo => self.redo(),
            Command::RestoreRecovery => self.restore_recovery(now),
            Command::DiscardRecovery => self.discard_recovery(now),
            Command::New => self.new_project(),
            Command::Open(path) => self.open_file(&path),
            Command::Save => self.save_to(self.ws.path.clone()),
            Command::SaveAs(path) => self.save_to(path),
            Command::OpenData(path) => self.open_data(&path),
            Command::SetRecord(i) => self.set_record(i),
            Command::SetLanguage(l) => self.set_language(l),
            Command::SetPrintScale(s) => self.set_print_scale(s),
            Command::SetRouting(inputs) => self.set_routing(inputs),
            Command::StartExport(settings) => {
                (self.jobs).start_export(&self.ws, settings, self.session.waker())
            }
            Command::CancelExport => self.jobs.cancel_export(),
            Command::SendTest(settings) => self.jobs.send_test(
                &self.ws,
                self.ws.records.get(self.previews.record),
                &settings,
                self.session.waker(),
            ),
            Command::ReportError(text) => self.notify_error(text),
            Command::DismissNotice(i) => self.dismiss_notice(i),
            Command::SetMode(mode) => self.set_mode(mode),
            Command::CreateKey { name, email } => self.create_key(&name, &email),
            Command::UseKey { path, name, email } => self.use_key(&path, &name, &email),
            Command::Review(req) => self.review_action(req),
            Command::SetLock { block, locked } => self.set_lock(block, locked),
            Command::WantRows(rows) => self.review.grid.want(rows),
            Command::ShowChanges(open) => self.show_changes(open),
            Command::WriteProof(path) => self.write_proof(&path),
            Command::ScanFolder => self.scan_folder(),
            Command::InsertSnippet { name, after } => self.insert_snippet(&name, after.as_deref()),
            Command::DetachSnippet(id) => self.detach_snippet(&id),
            Command::EditSnippet(name) => self.edit_snippet(&name),
            Command::SetSnippetText { block, field, text } => {
                self.set_snippet_text(&block, &field, text)
            }
            Command::SaveSnippet => self.save_snippet(),
            Command::CloseSnippet => self.close_snippet(),
        }
    }
}
