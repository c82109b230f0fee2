//! The designer's panels. They draw a [`Designer`] and return [`Command`]s; nothing here
//! changes the project or decides what a message looks like.

pub mod audience;
pub mod commands;
mod diagnostics;
mod dispatch;
mod editor;
pub mod export_window;
mod files;
mod fonts;
pub mod layout;
pub mod library;
mod outline;
mod preview_chat;
pub mod preview_email;
mod preview_print;
mod preview_sms;
pub mod review;
pub mod send_window;
pub mod snippet_edit;
mod template_text;
pub mod textures;
mod toolbar;
mod translations;
mod window;

use crate::app::{Command, Designer, Mode};
use crate::model::Channel;
use eframe::egui::{self, Color32, RichText, Ui};
use std::path::PathBuf;

pub use export_window::ExportDialog;
pub use fonts::{install_fonts, preview_font};
pub use send_window::SendDialog;
pub use textures::Textures;
pub use window::{PrismApp, run};

/// Something waiting for the user to confirm losing unsaved changes.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    /// File ▸ New.
    New,
    /// Opening this project file.
    Open(PathBuf),
    /// Closing the window.
    Close,
}

/// How the email preview is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EmailWidth {
    /// As a desktop client shows it: the message at its full width (600 px).
    #[default]
    Desktop,
    /// As a phone shows it: 375 px wide.
    Mobile,
}

/// What only the window cares about: scroll, zoom, toggles, dialogs, image textures.
pub struct View {
    /// Size of the previews, as a factor (0.5 to 2).
    pub zoom: f32,
    /// Desktop or mobile width for the email preview.
    pub email_width: EmailWidth,
    /// Show the email in its dark-mode colours.
    pub email_dark: bool,
    /// Draw the address window, folds and margins over the letter preview.
    pub print_overlay: bool,
    /// The filter typed into the record picker (name or customer id).
    pub record_search: String,
    /// The action waiting in the unsaved-changes prompt, while it is open.
    pub confirm: Option<Pending>,
    /// The close prompt said "Discard": the next close request goes through.
    pub allow_close: bool,
    /// The user chose to close: the window closes at the end of this frame.
    pub close_now: bool,
    /// The export dialog, while open.
    pub export: Option<ExportDialog>,
    /// The test-send dialog, while open.
    pub send: Option<SendDialog>,
    /// The text field that had the cursor last, and where: variables go there.
    pub cursor: Option<(crate::app::edit::TextField, usize)>,
    /// The block `cursor` belongs to.
    pub cursor_of: Option<String>,
    /// What to do once the save chosen in the unsaved-changes prompt has succeeded.
    pub after_save: Option<Pending>,
    /// GPU textures of images and letter pages, remade when they change.
    pub textures: Textures,
    /// The window title last set.
    pub title: String,
    /// What only review mode's widgets keep.
    pub review: review::ReviewView,
    /// The Audience window is shown.
    pub audience_open: bool,
    /// The record picker lists only the records of this part of the Audience chart.
    pub audience_filter: Option<audience::Filter>,
    /// The preview shown in a column of tabs, when the window is too narrow for all four
    /// side by side (a column without it shows its first).
    pub preview_tab: Channel,
    /// The Library window is shown.
    pub library_open: bool,
    /// The Messages window is shown.
    pub messages_open: bool,
    /// The Translations window is shown.
    pub translations_open: bool,
}

impl Default for View {
    fn default() -> Self {
        View {
            zoom: 1.0,
            email_width: EmailWidth::Desktop,
            email_dark: false,
            print_overlay: false,
            record_search: String::new(),
            confirm: None,
            allow_close: false,
            close_now: false,
            export: None,
            send: None,
            cursor: None,
            cursor_of: None,
            after_save: None,
            textures: Textures::default(),
            title: String::new(),
            review: review::ReviewView::default(),
            audience_open: false,
            audience_filter: None,
            preview_tab: Channel::Sms,
            library_open: false,
            messages_open: false,
            translations_open: false,
        }
    }
}

/// Draws the whole window and returns what the user asked for.
pub fn draw(ui: &mut Ui, d: &Designer, view: &mut View) -> Vec<Command> {
    let mut out = Vec::new();
    for cmd in commands::pressed(ui.ctx()) {
        dispatch::run(cmd, d, view, &mut out);
    }
    files::dropped_files(ui.ctx(), d, view, &mut out);
    // After "Save" in the unsaved-changes prompt: go on only if the save worked.
    if let Some(next) = view.after_save.take()
        && !d.is_modified()
    {
        files::proceed(view, next, &mut out);
    }
    // A variable goes into a field of the block on screen, never of one selected before.
    if view.cursor_of != d.editing.selected {
        view.cursor_of = d.editing.selected.clone();
        view.cursor = None;
    }
    view.textures.sync(ui.ctx(), d);

    egui::Panel::top("toolbar").show(ui, |ui| {
        toolbar::show(ui, d, view, &mut out);
    });
    egui::Panel::bottom("diagnostics")
        .resizable(true)
        .default_size(110.0)
        .min_size(60.0)
        .show(ui, |ui| diagnostics::diagnostics(ui, d, &mut out));
    egui::Panel::left("editor")
        .resizable(true)
        .default_size(380.0)
        .min_size(300.0)
        .show(ui, |ui| {
            diagnostics::notices(ui, d, &mut out);
            outline::show(ui, d, &mut out);
            ui.separator();
            egui::ScrollArea::vertical()
                .id_salt("editor-scroll")
                .auto_shrink([false, false])
                .show(ui, |ui| block_panel(ui, d, view, &mut out));
        });
    egui::CentralPanel::default().show(ui, |ui| {
        if d.review.mode == Mode::Review {
            review::bar(ui, d, view, &mut out);
            if view.review.tab == review::Tab::Grid {
                review::grid(ui, d, view, &mut out);
                return;
            }
        }
        previews(ui, d, view, &mut out)
    });

    dialogs(ui.ctx(), d, view, &mut out);
    out
}

/// The mode the review toggle switches to.
pub fn other_mode(m: Mode) -> Mode {
    match m {
        Mode::Edit => Mode::Review,
        Mode::Review => Mode::Edit,
    }
}

/// The selected block's editor (read-only in review mode and for locked blocks) and its
/// comment threads.
fn block_panel(ui: &mut Ui, d: &Designer, view: &mut View, out: &mut Vec<Command>) {
    let block = d
        .editing
        .selected
        .as_deref()
        .and_then(|id| crate::app::blocks::find(&d.ws.project, id));
    let locked = block.is_some_and(|b| d.is_locked(&b.id));
    if locked {
        ui.label(
            RichText::new(
                "🔒 Locked by review: only a listed reviewer can unlock it, in review mode",
            )
            .color(ui.visuals().warn_fg_color),
        );
    }
    let editable = d.review.mode == Mode::Edit && !locked;
    // A reviewer reads the comments first; an author the fields first.
    match block {
        Some(b) if d.review.mode == Mode::Review => {
            review::block_comments(ui, d, view, &b.id, out);
            ui.separator();
            ui.add_enabled_ui(false, |ui| editor::show(ui, d, view, out));
        }
        Some(b) => {
            ui.add_enabled_ui(editable, |ui| editor::show(ui, d, view, out));
            review::block_comments(ui, d, view, &b.id, out);
        }
        None => {
            ui.add_enabled_ui(editable, |ui| editor::show(ui, d, view, out));
        }
    }
}

fn previews(ui: &mut Ui, d: &Designer, view: &mut View, out: &mut Vec<Command>) {
    let gap = 8.0;
    let columns = layout::columns(ui.available_width(), gap);
    let height = ui.available_height();
    ui.horizontal_top(|ui| {
        ui.spacing_mut().item_spacing.x = gap;
        for column in columns {
            ui.allocate_ui_with_layout(
                egui::vec2(column.width, height),
                egui::Layout::top_down(egui::Align::Min),
                |ui| {
                    ui.set_width(column.width);
                    ui.set_min_height(height);
                    let shown = if column.channels.len() > 1 {
                        tabs(ui, d, view, &column.channels)
                    } else {
                        column.channels[0]
                    };
                    match shown {
                        Channel::Email => preview_email::show(ui, d, view, out),
                        Channel::Sms => preview_sms::show(ui, d, view),
                        Channel::Chat => preview_chat::show(ui, d, view),
                        Channel::Print => preview_print::show(ui, d, view, out),
                    }
                },
            );
        }
    });
}

/// The tabs of a column that holds several previews, each marked with whether the current
/// record gets that channel; returns the preview to show.
fn tabs(ui: &mut Ui, d: &Designer, view: &mut View, channels: &[Channel]) -> Channel {
    let shown = if channels.contains(&view.preview_tab) {
        view.preview_tab
    } else {
        channels[0]
    };
    let route = d.previews.live.shown.as_ref().map(|r| &r.message.route);
    ui.horizontal(|ui| {
        for &c in channels {
            let sent = route.is_some_and(|r| r.reason(c).is_none());
            let label = if sent {
                format!("{} ✔", c.title())
            } else {
                c.title().to_owned()
            };
            let hover = route.map_or_else(|| "no record".to_owned(), |r| r.summary(c));
            if ui
                .selectable_label(c == shown, label)
                .on_hover_text(hover)
                .clicked()
            {
                view.preview_tab = c;
            }
        }
    });
    ui.add_space(2.0);
    shown
}

/// A preview's header: title, whether the current record gets this channel (and if not,
/// why), and key figures, or, while a template is broken, a badge saying that the preview is
/// older (same height, so nothing moves while typing).
pub fn preview_header(
    ui: &mut Ui,
    d: &Designer,
    channel: crate::model::Channel,
    title: &str,
    figures: &str,
) {
    ui.heading(title);
    let route = d.previews.live.shown.as_ref().map(|r| &r.message.route);
    let line = match route {
        Some(route) => {
            let text = route.summary(channel);
            let color = if route.reason(channel).is_none() {
                Color32::from_rgb(60, 170, 90)
            } else {
                ui.visuals().warn_fg_color
            };
            RichText::new(text).small().color(color)
        }
        None => RichText::new("no record").small(),
    };
    ui.add(egui::Label::new(line).truncate());
    // What is on screen has template errors itself: it was broken when first shown.
    let broken = d
        .previews
        .live
        .shown
        .as_ref()
        .is_some_and(|r| crate::diag::has_template_errors(&r.message.diagnostics));
    let line = if broken {
        RichText::new("⚠ template error: shown without the broken parts")
            .small()
            .color(ui.visuals().error_fg_color)
    } else if d.previews.live.stale {
        RichText::new("⚠ template error: showing the last good version")
            .small()
            .color(ui.visuals().error_fg_color)
    } else {
        RichText::new(figures).small()
    };
    ui.add(egui::Label::new(line).truncate());
    ui.separator();
}

fn dialogs(ctx: &egui::Context, d: &Designer, view: &mut View, out: &mut Vec<Command>) {
    files::unsaved_prompt(ctx, d, view, out);
    export_window::show(ctx, d, view, out);
    send_window::show(ctx, d, view, out);
    review::changes_window(ctx, d, out);
    audience::window(ctx, d, view, out);
    library::windows(ctx, d, view, out);
    translations::window(ctx, d, view, out);
    snippet_edit::window(ctx, d, view, out);
    review::key_window(ctx, d, view, out);
}

/// `text` with the words too long for the width left in `ui` broken at their hyphenation
/// points (the project language's patterns), so that egui never breaks inside a word.
pub fn fit_words(ui: &Ui, d: &Designer, text: &str, font: &egui::FontId) -> String {
    let width = ui.available_width();
    ui.ctx().fonts_mut(|f| {
        crate::render::hyphens::break_long_words(
            text,
            d.ws.spoken
                .get(&d.ws.project.meta.language)
                .hyphenator
                .as_deref(),
            |piece| {
                f.layout_no_wrap(piece.to_owned(), font.clone(), Color32::BLACK)
                    .size()
                    .x
                    <= width
            },
        )
    })
}

/// A colour from `#rrggbb` or `#rgb`, grey when it is not one.
pub fn hex_color(s: &str) -> Color32 {
    crate::render::print::Rgb::from_hex(s)
        .map_or(Color32::GRAY, |c| Color32::from_rgb(c.0, c.1, c.2))
}
