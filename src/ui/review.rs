//! Review mode: the reviewer's bar (who signs, the note, the decisions), the records ×
//! channels grid, comment threads on blocks, the changes since approval and the review key
//! dialog. Everything here draws state and returns commands.

use super::View;
use crate::app::grid::{COLUMNS, Row};
use crate::app::{Command, Designer, Mode, ReviewRequest};
use crate::model::{Channel, ReviewAction};
use crate::render::Verdict;
use crate::workspace::diff::{Change, Section};
use eframe::egui::{self, Color32, RichText, Sense, Ui};
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

/// The review key dialog's fields.
#[derive(Default)]
pub struct KeyDialog {
    /// The reviewer's name, as signed entries show it.
    pub name: String,
    /// The reviewer's email address: their principal in the reviewers file.
    pub email: String,
    /// Path of an OpenSSH Ed25519 private key to sign with instead of a new key.
    pub existing: String,
}

impl KeyDialog {
    /// Fills the name and email still empty from the chosen key's comment (`Name <email>`,
    /// or ssh-keygen's `user@host`, which stands for both).
    pub fn fill_from_key(&mut self) {
        if let Ok(id) =
            crate::review::Identity::open(std::path::Path::new(self.existing.trim()), None, None)
        {
            if self.name.trim().is_empty() {
                self.name = id.name;
            }
            if self.email.trim().is_empty() {
                self.email = id.email;
            }
        }
    }
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

/// Who signs, the note and the decisions, above the grid and the previews in review mode.
pub fn bar(ui: &mut Ui, d: &Designer, view: &mut View, out: &mut Vec<Command>) {
    ui.horizontal_wrapped(|ui| {
        match &d.identity {
            Some(id) => {
                ui.label(format!("Signing as {} <{}>", id.name, id.email));
            }
            None => {
                ui.colored_label(ui.visuals().warn_fg_color, "No review key yet");
            }
        }
        if ui.small_button("Review key…").clicked() {
            view.review.key_dialog = Some(key_dialog_for(d));
        }
        ui.separator();
        let l = ui.label("Note");
        ui.add(
            egui::TextEdit::singleline(&mut view.review.note)
                .hint_text("for a submission; the reason for changes or rejection")
                .desired_width(300.0),
        )
        .labelled_by(l.id);
        let ready = d.identity.is_some() && !d.is_modified();
        let why = if d.identity.is_none() {
            "Set up your review key first"
        } else if d.is_modified() {
            "Save first: a review action signs the content as it is in the file"
        } else {
            "Signed with your key and saved to the project file at once"
        };
        let reasoned = !view.review.note.trim().is_empty();
        for (action, label, needs_reason) in [
            (ReviewAction::Submit, "Submit for review", false),
            (ReviewAction::Approve, "✔ Approve", false),
            (ReviewAction::RequestChanges, "Request changes", true),
            (ReviewAction::Reject, "Reject", true),
        ] {
            let enabled = ready && (!needs_reason || reasoned);
            let hover = if ready && needs_reason && !reasoned {
                "Write the reason in the note first"
            } else {
                why
            };
            if ui
                .add_enabled(enabled, egui::Button::new(label))
                .on_hover_text(hover)
                .on_disabled_hover_text(hover)
                .clicked()
            {
                out.push(Command::Review(ReviewRequest::new(
                    action,
                    &view.review.note,
                )));
                view.review.note.clear();
            }
        }
        ui.separator();
        if ui.button("Changes since approval").clicked() {
            out.push(Command::ShowChanges(true));
        }
    });
    ui.horizontal(|ui| {
        ui.selectable_value(&mut view.review.tab, Tab::Grid, "Records × channels");
        ui.selectable_value(
            &mut view.review.tab,
            Tab::Previews,
            "Previews of the record",
        );
        ui.weak("Arrow keys move through the grid; Enter opens a cell full size.");
    });
    ui.separator();
}

fn key_dialog_for(d: &Designer) -> KeyDialog {
    KeyDialog {
        name: d
            .identity
            .as_ref()
            .map_or_else(String::new, |i| i.name.clone()),
        email: d
            .identity
            .as_ref()
            .map_or_else(String::new, |i| i.email.clone()),
        existing: String::new(),
    }
}

/// Opens the review key dialog (the first review action without a key lands here).
pub fn open_key_dialog(d: &Designer, view: &mut View) {
    view.review.key_dialog = Some(key_dialog_for(d));
}

/// The records × channels grid: rows made lazily, on screen only.
pub fn grid(ui: &mut Ui, d: &Designer, view: &mut View, out: &mut Vec<Command>) {
    let n = d.ws.records.len();
    if n == 0 {
        ui.weak("The data has no records.");
        return;
    }
    keyboard(ui, view, n, out);
    // Four gaps between the five columns and the scroll bar.
    let cell_w = ((ui.available_width() - RECORD_WIDTH - 5.0 * ui.spacing().item_spacing.x - 12.0)
        / 4.0)
        .max(120.0);
    ui.horizontal(|ui| {
        ui.add_sized(
            [RECORD_WIDTH, 18.0],
            egui::Label::new(RichText::new("Record").strong()),
        );
        for c in COLUMNS {
            ui.add_sized(
                [cell_w, 18.0],
                egui::Label::new(RichText::new(c.title()).strong()),
            );
        }
    });
    let mut area = egui::ScrollArea::vertical()
        .id_salt("review-grid")
        .auto_shrink([false, false]);
    let r = &mut view.review;
    if std::mem::take(&mut r.reveal) {
        let (offset, height) = r.scrolled;
        let top = r.cursor.0 as f32 * (ROW_HEIGHT + ui.spacing().item_spacing.y);
        if top < offset {
            area = area.vertical_scroll_offset(top);
        } else if top + ROW_HEIGHT > offset + height {
            area = area.vertical_scroll_offset(top + ROW_HEIGHT - height);
        }
    }
    let shown = area.show_rows(ui, ROW_HEIGHT, n, |ui, rows| {
        for i in rows.clone() {
            row(ui, d, view, i, cell_w, out);
        }
        out.push(Command::WantRows(rows.collect()));
    });
    view.review.scrolled = (shown.state.clamped_offset().y, shown.inner_rect.height());
}

fn keyboard(ui: &Ui, view: &mut View, n: usize, out: &mut Vec<Command>) {
    if ui.ctx().egui_wants_keyboard_input() {
        return;
    }
    let r = &mut view.review;
    let (mut row, mut col) = r.cursor;
    let mut open = false;
    ui.input(|i| {
        if i.key_pressed(egui::Key::ArrowDown) {
            row = (row + 1).min(n - 1);
        }
        if i.key_pressed(egui::Key::ArrowUp) {
            row = row.saturating_sub(1);
        }
        if i.key_pressed(egui::Key::ArrowRight) {
            col = (col + 1).min(3);
        }
        if i.key_pressed(egui::Key::ArrowLeft) {
            col = col.saturating_sub(1);
        }
        if i.key_pressed(egui::Key::PageDown) {
            row = (row + 5).min(n - 1);
        }
        if i.key_pressed(egui::Key::PageUp) {
            row = row.saturating_sub(5);
        }
        open = i.key_pressed(egui::Key::Enter);
    });
    if (row, col) != r.cursor {
        r.cursor = (row.min(n - 1), col);
        r.reveal = true;
    }
    if open {
        out.push(Command::SetRecord(r.cursor.0));
        r.tab = Tab::Previews;
    }
}

fn row(
    ui: &mut Ui,
    d: &Designer,
    view: &mut View,
    i: usize,
    cell_width_px: f32,
    out: &mut Vec<Command>,
) {
    let record = &d.ws.records[i];
    let made = d.grid.rows.get(&i);
    ui.horizontal_top(|ui| {
        let (rect, _) =
            ui.allocate_exact_size(egui::vec2(RECORD_WIDTH, ROW_HEIGHT), Sense::hover());
        {
            let ui = &mut inside(ui, rect);
            ui.strong(&record.id);
            let name = ["first_name", "last_name"]
                .iter()
                .filter_map(|k| record.get(k).and_then(|v| v.as_str()))
                .collect::<Vec<_>>()
                .join(" ");
            ui.add(egui::Label::new(name).wrap());
            ui.weak(&record.origin);
        }
        for (col, channel) in COLUMNS.iter().enumerate() {
            let (rect, response) =
                ui.allocate_exact_size(egui::vec2(cell_width_px, ROW_HEIGHT), Sense::click());
            let focused = view.review.cursor == (i, col);
            let label = format!("{} of {}", channel.title(), record.id);
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
            let visuals = ui.visuals();
            let stroke = if focused {
                egui::Stroke::new(2.0, visuals.selection.stroke.color)
            } else {
                egui::Stroke::new(1.0, visuals.widgets.noninteractive.bg_stroke.color)
            };
            ui.painter()
                .rect_stroke(rect, 4.0, stroke, egui::StrokeKind::Inside);
            let mut child = inside(ui, rect);
            match made {
                Some(made) => cell(&mut child, view, made, col),
                // No spinner: the worker wakes the window when the row is made.
                None => {
                    child.weak("rendering…");
                }
            }
            let response = match made.map(|m| &m.cells[col].verdict) {
                Some(v) => response.on_hover_text(v.to_string()),
                None => response,
            };
            if response.clicked() {
                view.review.cursor = (i, col);
                view.review.tab = Tab::Previews;
                out.push(Command::SetRecord(i));
            }
        }
    });
}

/// A child Ui drawing inside `rect` only (and inside what the scroll area shows).
fn inside(ui: &mut Ui, rect: egui::Rect) -> Ui {
    let mut child = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(rect.shrink(6.0))
            .layout(egui::Layout::top_down(egui::Align::Min)),
    );
    child.set_clip_rect(rect.shrink(2.0).intersect(ui.clip_rect()));
    // Text that could be selected would take the cell's click.
    child.style_mut().interaction.selectable_labels = false;
    child
}

fn cell(ui: &mut Ui, view: &mut View, row: &Row, col: usize) {
    let c = &row.cells[col];
    ui.horizontal(|ui| {
        let (mark, color) = match &c.verdict {
            Verdict::Sent(_) => ("✔ sent", green()),
            Verdict::NotSent(_) => ("— not sent", ui.visuals().warn_fg_color),
            Verdict::Failed => ("⛔ fails", ui.visuals().error_fg_color),
        };
        ui.label(RichText::new(mark).color(color).small());
        let counts = |[errors, warnings, notes]: [usize; 3]| {
            let mut s = String::new();
            for (n, icon) in [(errors, "⛔"), (warnings, "⚠"), (notes, "ℹ")] {
                if n > 0 {
                    s.push_str(&format!("{icon}{n} "));
                }
            }
            s.trim_end().to_owned()
        };
        let received = counts([c.errors, c.warnings, c.notes]);
        if !received.is_empty() {
            ui.label(RichText::new(received).small())
                .on_hover_text("Errors, warnings and notes on this channel");
        }
        // Greyed: they concern a channel this customer does not get.
        let off_route = counts(c.off_route);
        if !off_route.is_empty() {
            ui.label(RichText::new(off_route).small().weak())
                .on_hover_text("About this channel, which this customer does not get");
        }
    });
    let text = |ui: &mut Ui, s: &str| {
        ui.add(egui::Label::new(RichText::new(s).size(10.5)).wrap());
    };
    match COLUMNS[col] {
        Channel::Email => {
            let mut lines = c.text.splitn(2, '\n');
            ui.label(
                RichText::new(lines.next().unwrap_or(""))
                    .strong()
                    .size(11.0),
            );
            text(ui, lines.next().unwrap_or("").trim());
        }
        Channel::Sms | Channel::Chat => {
            let fill = if COLUMNS[col] == Channel::Sms {
                Color32::from_rgb(233, 233, 235)
            } else {
                Color32::from_rgb(220, 248, 198)
            };
            ui.label(RichText::new(&c.detail).small().weak());
            if !c.text.is_empty() {
                egui::Frame::new()
                    .fill(fill)
                    .corner_radius(8.0)
                    .inner_margin(6.0)
                    .show(ui, |ui| {
                        ui.add(
                            egui::Label::new(
                                RichText::new(&c.text)
                                    .size(10.5)
                                    .color(Color32::from_gray(30)),
                            )
                            .wrap(),
                        );
                    });
            }
        }
        Channel::Print => {
            let tex = view.textures.thumb(ui.ctx(), row);
            if let Some(t) = tex {
                let size = t.size_vec2();
                let h = (ui.available_height() - 4.0).max(10.0);
                let scale = (h / size.y).min(1.0);
                ui.add(egui::Image::new(&t).fit_to_exact_size(size * scale));
            } else {
                ui.weak(&c.detail);
            }
        }
    }
}

/// Comment threads on `block` (anchored there, maybe to a channel), answers, resolving, a
/// new comment, and in review mode the block's lock.
pub fn block_comments(
    ui: &mut Ui,
    d: &Designer,
    view: &mut View,
    block: &str,
    out: &mut Vec<Command>,
) {
    let history = &d.ws.review_log.entries;
    let threads: Vec<_> = d
        .threads
        .iter()
        .filter(|t| t.block.as_deref() == Some(block))
        .collect();
    ui.separator();
    ui.horizontal(|ui| {
        ui.strong(format!("Comments ({})", threads.len()));
        if d.mode == Mode::Review
            && let Some(b) = crate::app::blocks::find(&d.ws.project, block)
        {
            let (label, lock) = if d.is_locked(&b.id) {
                ("🔓 Unlock block", false)
            } else {
                ("🔒 Lock block", true)
            };
            if ui
                .button(label)
                .on_hover_text(
                    "Reviewers listed in the reviewers file only; recorded in the history",
                )
                .clicked()
            {
                out.push(Command::SetLock {
                    block: block.to_owned(),
                    locked: lock,
                });
            }
        }
    });
    let can_sign = d.identity.is_some() && !d.is_modified();
    for t in threads {
        egui::Frame::new()
            .fill(ui.visuals().faint_bg_color)
            .corner_radius(4.0)
            .inner_margin(6.0)
            .show(ui, |ui| {
                for &i in std::iter::once(&t.root).chain(&t.replies) {
                    let e = &history[i];
                    let on = e.channel.map(|c| format!(" · {c}")).unwrap_or_default();
                    ui.label(
                        RichText::new(format!(
                            "{} · {}{on}",
                            e.name,
                            e.at.get(..16).unwrap_or(&e.at).replace('T', " ")
                        ))
                        .small()
                        .weak(),
                    );
                    ui.add(egui::Label::new(&e.comment).wrap());
                }
                if let Some(r) = t.resolved {
                    ui.colored_label(green(), format!("✔ resolved by {}", history[r].name));
                    return;
                }
                let answer = view.review.answers.entry(t.root).or_default();
                ui.horizontal(|ui| {
                    ui.add(
                        egui::TextEdit::singleline(answer)
                            .hint_text("Answer")
                            .desired_width(180.0),
                    );
                    let has = !answer.trim().is_empty();
                    if ui
                        .add_enabled(can_sign && has, egui::Button::new("Answer"))
                        .clicked()
                    {
                        let mut req = ReviewRequest::new(ReviewAction::Comment, answer);
                        req.block = Some(block.to_owned());
                        req.reply_to = Some(t.root);
                        out.push(Command::Review(req));
                        answer.clear();
                    }
                    if ui
                        .add_enabled(can_sign, egui::Button::new("Resolve"))
                        .clicked()
                    {
                        let mut req = ReviewRequest::new(ReviewAction::Resolve, "");
                        req.block = Some(block.to_owned());
                        req.reply_to = Some(t.root);
                        out.push(Command::Review(req));
                    }
                });
            });
    }
    let r = &mut view.review;
    let l = ui.label("New comment");
    ui.add(
        egui::TextEdit::multiline(&mut r.comment)
            .hint_text(format!("Comment on “{block}”"))
            .desired_rows(2)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(l.id);
    ui.horizontal(|ui| {
        let about = ui.label("About");
        egui::ComboBox::from_id_salt("comment-channel")
            .selected_text(r.comment_channel.map_or("every channel", |c| c.name()))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut r.comment_channel, None, "every channel");
                for c in Channel::ALL {
                    ui.selectable_value(&mut r.comment_channel, Some(c), c.name());
                }
            })
            .response
            .labelled_by(about.id);
        let has = !r.comment.trim().is_empty();
        let hover = if d.identity.is_none() {
            "Set up your review key first"
        } else {
            "Signed and saved to the project file"
        };
        if ui
            .add_enabled(can_sign && has, egui::Button::new("Comment"))
            .on_hover_text(hover)
            .on_disabled_hover_text(hover)
            .clicked()
        {
            let mut req = ReviewRequest::new(ReviewAction::Comment, &r.comment);
            req.block = Some(block.to_owned());
            req.channel = r.comment_channel;
            out.push(Command::Review(req));
            r.comment.clear();
        }
    });
}

/// Review ▸ Changes since approval: a word diff per block and per channel for the record.
pub fn changes_window(ctx: &egui::Context, d: &Designer, out: &mut Vec<Command>) {
    let Some(changes) = &d.changes else { return };
    let mut open = true;
    egui::Window::new("Changes since approval")
        .open(&mut open)
        .default_size([560.0, 520.0])
        .show(ctx, |ui| match changes {
            Err(why) => {
                ui.label(format!("Nothing to compare with: {why}"));
            }
            Ok(diff) => {
                ui.label(format!(
                    "Approved by {} on {} (content {}…)",
                    diff.approved_by,
                    diff.approved_at,
                    diff.approved_hash.get(..12).unwrap_or("")
                ));
                egui::ScrollArea::vertical().show(ui, |ui| {
                    let changed: Vec<&Section> =
                        diff.sources.iter().filter(|s| s.changed()).collect();
                    ui.heading("Source");
                    if changed.is_empty() {
                        ui.weak("No changes.");
                    }
                    for s in changed {
                        section(ui, s);
                    }
                    if let Some(id) = &diff.record {
                        ui.heading(format!("What {id} receives"));
                        for s in &diff.channels {
                            if s.changed() {
                                section(ui, s);
                            } else {
                                ui.weak(format!("{}: no changes", s.title));
                            }
                        }
                    }
                });
            }
        });
    if !open {
        out.push(Command::ShowChanges(false));
    }
}

fn section(ui: &mut Ui, s: &Section) {
    ui.strong(&s.title);
    let mut job = egui::text::LayoutJob::default();
    let base = egui::TextFormat {
        font_id: egui::FontId::monospace(11.0),
        color: ui.visuals().text_color(),
        ..Default::default()
    };
    for (change, text) in &s.chunks {
        let format = match change {
            Change::Same => base.clone(),
            Change::Removed => egui::TextFormat {
                color: ui.visuals().error_fg_color,
                strikethrough: egui::Stroke::new(1.0, ui.visuals().error_fg_color),
                ..base.clone()
            },
            Change::Added => egui::TextFormat {
                color: green(),
                underline: egui::Stroke::new(1.0, green()),
                ..base.clone()
            },
        };
        job.append(text, 0.0, format);
    }
    job.wrap.max_width = ui.available_width();
    ui.label(job);
    ui.add_space(6.0);
}

/// The review key: make a new one, or use an existing OpenSSH Ed25519 key.
pub fn key_window(ctx: &egui::Context, d: &Designer, view: &mut View, out: &mut Vec<Command>) {
    let Some(k) = &mut view.review.key_dialog else {
        return;
    };
    let mut open = true;
    let mut done = false;
    egui::Window::new("Your review key")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .default_width(440.0)
        .show(ctx, |ui| {
            if let Some(id) = &d.identity {
                ui.label(format!("You sign as {} <{}>.", id.name, id.email));
                ui.label("Line for the project's reviewers file:");
                let mut line = id.allowed_signers_line();
                ui.add(egui::TextEdit::singleline(&mut line).desired_width(f32::INFINITY));
                ui.separator();
            }
            egui::Grid::new("key-fields").num_columns(2).show(ui, |ui| {
                let l = ui.label("Name");
                ui.text_edit_singleline(&mut k.name).labelled_by(l.id);
                ui.end_row();
                let l = ui.label("Email");
                ui.text_edit_singleline(&mut k.email).labelled_by(l.id);
                ui.end_row();
            });
            let filled = !k.name.trim().is_empty() && k.email.contains('@');
            ui.label(format!(
                "A new Ed25519 key is kept in {} (readable by you only).",
                d.key_dir.display()
            ));
            if ui
                .add_enabled(filled, egui::Button::new("Make a new key"))
                .clicked()
            {
                out.push(Command::CreateKey {
                    name: k.name.clone(),
                    email: k.email.clone(),
                });
                done = true;
            }
            ui.separator();
            ui.label("Or sign with an OpenSSH Ed25519 key you have (it stays where it is):");
            let before = k.existing.clone();
            ui.horizontal(|ui| {
                ui.add(egui::TextEdit::singleline(&mut k.existing).hint_text("~/.ssh/id_ed25519"));
                if ui.button("Choose…").clicked()
                    && let Some(p) = rfd::FileDialog::new().pick_file()
                {
                    k.existing = p.display().to_string();
                }
            });
            if k.existing != before {
                k.fill_from_key();
            }
            ui.weak("Name and email left empty are taken from the key's comment.");
            if ui
                .add_enabled(!k.existing.is_empty(), egui::Button::new("Use this key"))
                .clicked()
            {
                out.push(Command::UseKey {
                    path: k.existing.clone().into(),
                    name: k.name.clone(),
                    email: k.email.clone(),
                });
                done = true;
            }
        });
    if !open || done {
        view.review.key_dialog = None;
    }
}
