//! What a user can do from a menu, a toolbar button or the keyboard. Each command knows its
//! label, its tooltip and its shortcut, so menus, tooltips and key handling read them from
//! here; `dispatch::run` turns a command into what it does, in one place, wherever it came
//! from.

use crate::app::{Designer, Mode};
use eframe::egui::{self, Button, Key, KeyboardShortcut, Modifiers, Ui};

listed_enum! {
/// A command of the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UiCommand {
    /// Start an empty project.
    New,
    /// Open a project file.
    Open,
    /// Save the project (Save As when it has no file yet).
    Save,
    /// Save the project under another name.
    SaveAs,
    /// Use a CSV or JSON file as the project's data.
    OpenData,
    /// Open the export window.
    Export,
    /// Open the test-send window.
    SendTest,
    /// Close the window.
    Quit,
    /// Take back the last edit.
    Undo,
    /// Make the last undone edit again.
    Redo,
    /// Copy the selected block.
    DuplicateBlock,
    /// Delete the selected block.
    DeleteBlock,
    /// Switch between editing and review mode.
    ToggleReviewMode,
    /// Compare with the last approved version.
    ShowChanges,
    /// Write the proof pack.
    ProofPack,
    /// Create or choose the review key.
    ReviewKey,
    /// Show the previous record.
    PreviousRecord,
    /// Show the next record.
    NextRecord,
}
}

const fn ctrl(key: Key) -> Option<KeyboardShortcut> {
    Some(KeyboardShortcut::new(Modifiers::COMMAND, key))
}

const fn ctrl_shift(key: Key) -> Option<KeyboardShortcut> {
    Some(KeyboardShortcut::new(
        Modifiers::COMMAND.plus(Modifiers::SHIFT),
        key,
    ))
}

impl UiCommand {
    /// The words in a menu.
    pub fn label(self) -> &'static str {
        match self {
            UiCommand::New => "New",
            UiCommand::Open => "Open…",
            UiCommand::Save => "Save",
            UiCommand::SaveAs => "Save As…",
            UiCommand::OpenData => "Open data file…",
            UiCommand::Export => "Export…",
            UiCommand::SendTest => "Send test email…",
            UiCommand::Quit => "Quit",
            UiCommand::Undo => "Undo",
            UiCommand::Redo => "Redo",
            UiCommand::DuplicateBlock => "Duplicate block",
            UiCommand::DeleteBlock => "Delete block",
            UiCommand::ToggleReviewMode => "Review mode",
            UiCommand::ShowChanges => "Changes since approval…",
            UiCommand::ProofPack => "Proof pack…",
            UiCommand::ReviewKey => "Your review key…",
            UiCommand::PreviousRecord => "Previous record",
            UiCommand::NextRecord => "Next record",
        }
    }

    /// What it does, for a tooltip (the shortcut is added by [`UiCommand::hover_text`]).
    pub fn tooltip(self) -> &'static str {
        match self {
            UiCommand::New => "Start an empty project",
            UiCommand::Open => "Open a project file",
            UiCommand::Save => "Save",
            UiCommand::SaveAs => "Save the project under another name",
            UiCommand::OpenData => "Preview with the records of a CSV or JSON file",
            UiCommand::Export => "Export",
            UiCommand::SendTest => "Send this record's email to your own address",
            UiCommand::Quit => "Close the window",
            UiCommand::Undo => "Undo",
            UiCommand::Redo => "Redo",
            UiCommand::DuplicateBlock => "Duplicate block",
            UiCommand::DeleteBlock => "Delete block",
            UiCommand::ToggleReviewMode => {
                "Read-only: every record on every channel, comments, decisions"
            }
            UiCommand::ShowChanges => "What changed since the last approval, word by word",
            UiCommand::ProofPack => "A PDF of the first records on every channel, for sign-off",
            UiCommand::ReviewKey => "The key your review actions are signed with",
            UiCommand::PreviousRecord => "Previous record",
            UiCommand::NextRecord => "Next record",
        }
    }

    /// The keys that run it, if any.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        match self {
            UiCommand::New => ctrl(Key::N),
            UiCommand::Open => ctrl(Key::O),
            UiCommand::Save => ctrl(Key::S),
            UiCommand::SaveAs => ctrl_shift(Key::S),
            UiCommand::Export => ctrl(Key::E),
            UiCommand::Undo => ctrl(Key::Z),
            UiCommand::Redo => ctrl_shift(Key::Z),
            UiCommand::DuplicateBlock => ctrl(Key::D),
            UiCommand::ToggleReviewMode => ctrl_shift(Key::R),
            UiCommand::PreviousRecord => ctrl(Key::OpenBracket),
            UiCommand::NextRecord => ctrl(Key::CloseBracket),
            UiCommand::OpenData
            | UiCommand::SendTest
            | UiCommand::Quit
            | UiCommand::DeleteBlock
            | UiCommand::ShowChanges
            | UiCommand::ProofPack
            | UiCommand::ReviewKey => None,
        }
    }

    /// Whether it can run now.
    pub fn enabled(self, d: &Designer) -> bool {
        match self {
            UiCommand::Undo => d.editing.history.can_undo(),
            UiCommand::Redo => d.editing.history.can_redo(),
            UiCommand::DuplicateBlock | UiCommand::DeleteBlock => d.editing.selected.is_some(),
            UiCommand::ProofPack => !d.editing.untitled,
            UiCommand::PreviousRecord => d.previews.record > 0,
            UiCommand::NextRecord => d.previews.record + 1 < d.ws.records.len(),
            _ => true,
        }
    }

    /// The tooltip with the shortcut: "Undo (Ctrl+Z)".
    pub fn hover_text(self, ctx: &egui::Context) -> String {
        match self.shortcut() {
            Some(k) => format!("{} ({})", self.tooltip(), ctx.format_shortcut(&k)),
            None => self.tooltip().to_owned(),
        }
    }

    /// A menu entry: the label, the shortcut beside it, greyed out when it cannot run.
    /// Clicked, the command is added to `clicked`.
    pub fn menu_item(self, ui: &mut Ui, d: &Designer, clicked: &mut Vec<UiCommand>) {
        let label = match self {
            UiCommand::ToggleReviewMode if d.review.mode == Mode::Review => "Back to editing",
            _ => self.label(),
        };
        let mut b = Button::new(label);
        if let Some(k) = self.shortcut() {
            b = b.shortcut_text(ui.ctx().format_shortcut(&k));
        }
        if ui
            .add_enabled(self.enabled(d), b)
            .on_hover_text(self.tooltip())
            .clicked()
        {
            clicked.push(self);
        }
    }

    /// A toolbar button showing `text` (an icon and a word), with the tooltip and shortcut.
    pub fn button(self, ui: &mut Ui, d: &Designer, text: &str, clicked: &mut Vec<UiCommand>) {
        if ui
            .add_enabled(self.enabled(d), Button::new(text))
            .on_hover_text(self.hover_text(ui.ctx()))
            .clicked()
        {
            clicked.push(self);
        }
    }
}

/// The commands whose shortcut was pressed this frame. Longer combinations are tried first,
/// so that Ctrl+Shift+Z is not also Ctrl+Z.
pub fn pressed(ctx: &egui::Context) -> Vec<UiCommand> {
    let mut with_keys: Vec<(UiCommand, KeyboardShortcut)> = UiCommand::ALL
        .into_iter()
        .filter_map(|c| Some((c, c.shortcut()?)))
        .collect();
    with_keys.sort_by_key(|(_, k)| std::cmp::Reverse(modifier_count(k.modifiers)));
    ctx.input_mut(|i| {
        with_keys
            .into_iter()
            .filter(|(_, k)| i.consume_shortcut(k))
            .map(|(c, _)| c)
            .collect()
    })
}

fn modifier_count(m: Modifiers) -> u32 {
    [m.alt, m.ctrl, m.shift, m.mac_cmd, m.command]
        .into_iter()
        .map(u32::from)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_commands_share_a_shortcut() {
        let keys: Vec<KeyboardShortcut> =
            UiCommand::ALL.iter().filter_map(|c| c.shortcut()).collect();
        for (i, k) in keys.iter().enumerate() {
            assert!(!keys[i + 1..].contains(k), "{k:?} is used twice");
        }
    }
}
