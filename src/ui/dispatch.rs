//! What each window command does, in one place, wherever it came from (menu, toolbar or
//! keyboard): a typed command for the designer, or a dialog the window opens.

use super::commands::UiCommand;
use super::files::{self, ask_or};
use super::{Pending, View};
use crate::app::{Command, Designer};

/// Does what `cmd` stands for: the designer's commands go to `out`, the window's own state
/// (dialogs) changes in `view`. File dialogs open here, after the input lock is released.
pub fn run(cmd: UiCommand, d: &Designer, view: &mut View, out: &mut Vec<Command>) {
    if !cmd.enabled(d) {
        return;
    }
    match cmd {
        UiCommand::New => ask_or(view, d, Pending::New, out),
        UiCommand::Open => {
            if let Some(p) = files::open_dialog() {
                ask_or(view, d, Pending::Open(p), out);
            }
        }
        UiCommand::Save => out.extend(files::save_command(d)),
        UiCommand::SaveAs => out.extend(files::save_dialog(d).map(Command::SaveAs)),
        UiCommand::OpenData => out.extend(files::data_dialog().map(Command::OpenData)),
        UiCommand::Export => view.export = Some(super::export_window::dialog(d)),
        UiCommand::SendTest => {
            view.send = Some(super::SendDialog {
                settings: Default::default(),
                open: true,
            });
        }
        UiCommand::Quit => ask_or(view, d, Pending::Close, out),
        UiCommand::Undo => out.push(Command::Undo),
        UiCommand::Redo => out.push(Command::Redo),
        UiCommand::DuplicateBlock => {
            out.extend(d.editing.selected.clone().map(Command::DuplicateBlock))
        }
        UiCommand::DeleteBlock => out.extend(d.editing.selected.clone().map(Command::RemoveBlock)),
        UiCommand::ToggleReviewMode => out.push(Command::SetMode(super::other_mode(d.review.mode))),
        UiCommand::ShowChanges => out.push(Command::ShowChanges(true)),
        UiCommand::ProofPack => {
            if let Some(p) = rfd::FileDialog::new()
                .add_filter("PDF", &["pdf"])
                .set_file_name("proof.pdf")
                .save_file()
            {
                out.push(Command::WriteProof(p));
            }
        }
        UiCommand::ReviewKey => super::review::open_key_dialog(d, view),
        UiCommand::PreviousRecord => out.push(Command::SetRecord(d.previews.record - 1)),
        UiCommand::NextRecord => out.push(Command::SetRecord(d.previews.record + 1)),
    }
}
