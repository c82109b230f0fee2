//! Review mode: the reviewer's bar (who signs, the note, the decisions), the records ×
//! channels grid, comment threads on blocks, the changes since approval and the review key
//! dialog. Everything here draws state and returns commands.

mod bar;
mod changes;
mod comments;
mod grid;
mod key;

pub use bar::bar;
pub use changes::changes_window;
pub use comments::block_comments;
pub use grid::grid;
pub use key::{KeyDialog, key_window, open_key_dialog};

use super::View;
use crate::model::Channel;
use eframe::egui::Color32;
use std::collections::HashMap;

/// Height of a grid row, in points.
pub const ROW_HEIGHT: f32 = 176.0;
/// Width of the record column, in points.
const RECORD_WIDTH: f32 = 150.0;

/// What review mode shows in the middle: the grid, or one record's previews.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    /// The records × channels grid.
    #[default]
    Grid,
    /// The previews of the current record, as in edit mode.
    Previews,
}

/// What only review mode's widgets keep.
#[derive(Default)]
pub struct ReviewView {
    /// What the middle shows: the grid or the previews.
    pub tab: Tab,
    /// The grid's keyboard cell: record, column.
    pub cursor: (usize, usize),
    /// The cursor moved by keyboard: scroll it into view.
    pub reveal: bool,
    /// The grid's scroll offset and height last frame.
    pub scrolled: (f32, f32),
    /// The note of a submission or the reason of a decision.
    pub note: String,
    /// The new comment being written on the selected block.
    pub comment: String,
    /// The channel the new comment is about; `None` for every channel.
    pub comment_channel: Option<Channel>,
    /// Answers being written, by the comment they answer.
    pub answers: HashMap<usize, String>,
    /// The review key dialog, while open.
    pub key_dialog: Option<KeyDialog>,
}

fn green() -> Color32 {
    Color32::from_rgb(60, 170, 90)
}
