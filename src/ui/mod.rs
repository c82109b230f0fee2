//! The designer's panels. They draw a [`Designer`] and return [`Command`]s; nothing here
//! changes the project or decides what a message looks like.

pub mod audience;
pub mod commands;
mod editor;
mod outline;
mod preview_chat;
pub mod preview_email;
mod preview_print;
mod preview_sms;
pub mod review;
mod template_text;
pub mod textures;
mod toolbar;

use crate::app::export_job::ExportSettings;
use crate::app::{Command, Designer, Mode};
use crate::diag::Severity;
use crate::template::ChannelSet;
use eframe::egui::{self, Color32, RichText, Ui};
use std::path::PathBuf;

pub use textures::Textures;

/// Something waiting for the user to confirm losing unsaved changes.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    New,
    Open(PathBuf),
    Close,
}

/// How the email preview is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EmailWidth {
    #[default]
    Desktop,
    Mobile,
}

/// The export dialog's choices while it is open.
pub struct ExportDialog {
    pub settings: ExportSettings,
    pub open: bool,
}

/// The test-send dialog's fields while it is open (the password only in memory).
pub struct SendDialog {
    pub settings: crate::app::send_job::SendSettings,
    pub open: bool,
}

/// What only the window cares about: scroll, zoom, toggles, dialogs, image textures.
pub struct View {
    pub zoom: f32,
    pub email_width: EmailWidth,
    pub email_dark: bool,
    pub print_overlay: bool,
    pub record_search: String,
    pub confirm: Option<Pending>,
    /// The close prompt said "Discard": the next close request goes through.
    pub allow_close: bool,
    pub close_now: bool,
    pub export: Option<ExportDialog>,
    pub send: Option<SendDialog>,
    /// The text field that had the cursor last, and where: variables go there.
    pub cursor: Option<(crate::app::edit::TextField, usize)>,
    /// The block `cursor` belongs to.
    pub cursor_of: Option<String>,
    /// What to do once the save chosen in the unsaved-changes prompt has succeeded.
    pub after_save: Option<Pending>,
    pub textures: Textures,
    /// The window title last set.
    pub title: String,
    pub review: review::ReviewView,
    pub audience_open: bool,
    /// The record picker lists only the records of this part of the Audience chart.
    pub audience_filter: Option<audience::Filter>,
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
        }
    }
}

/// Open Sans (shipped with Prism) for the message previews, beside egui's own UI font.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    let names = [
        "open-sans",
        "open-sans-bold",
        "open-sans-italic",
        "open-sans-bold-italic",
    ];
    for (name, bytes) in names.iter().zip(crate::render::print::fonts::FONTS) {
        fonts.font_data.insert(
            (*name).to_owned(),
            std::sync::Arc::new(egui::FontData::from_static(bytes)),
        );
        let mut list = vec![(*name).to_owned()];
        // egui's default fonts carry the symbols Open Sans lacks (arrows, emoji).
        list.extend(
            fonts.families[&egui::FontFamily::Proportional]
                .iter()
                .cloned(),
        );
        fonts
            .families
            .insert(egui::FontFamily::Name((*name).into()), list);
    }
    ctx.set_fonts(fonts);
}

/// The preview font: Open Sans in the given style.
pub fn preview_font(size: f32, bold: bool, italic: bool) -> egui::FontId {
    let name = match (bold, italic) {
        (false, false) => "open-sans",
        (true, false) => "open-sans-bold",
        (false, true) => "open-sans-italic",
        (true, true) => "open-sans-bold-italic",
    };
    egui::FontId::new(size, egui::FontFamily::Name(name.into()))
}

/// Draws the whole window and returns what the user asked for.
pub fn draw(ui: &mut Ui, d: &Designer, view: &mut View) -> Vec<Command> {
    let mut out = Vec::new();
    for cmd in commands::pressed(ui.ctx()) {
        commands::run(cmd, d, view, &mut out);
    }
    dropped_files(ui.ctx(), d, view, &mut out);
    // After "Save" in the unsaved-changes prompt: go on only if the save worked.
    if let Some(next) = view.after_save.take()
        && !d.is_modified()
    {
        proceed(view, next, &mut out);
    }
    // A variable goes into a field of the block on screen, never of one selected before.
    if view.cursor_of != d.selected {
        view.cursor_of = d.selected.clone();
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
        .show(ui, |ui| diagnostics(ui, d, &mut out));
    egui::Panel::left("editor")
        .resizable(true)
        .default_size(380.0)
        .min_size(300.0)
        .show(ui, |ui| {
            notices(ui, d, &mut out);
            outline::show(ui, d, &mut out);
            ui.separator();
            egui::ScrollArea::vertical()
                .id_salt("editor-scroll")
                .auto_shrink([false, false])
                .show(ui, |ui| block_panel(ui, d, view, &mut out));
        });
    egui::CentralPanel::default().show(ui, |ui| {
        if d.mode == Mode::Review {
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
        .selected
        .as_deref()
        .and_then(|id| crate::app::blocks::find(&d.ws.project, id));
    let locked = block.is_some_and(|b| b.locked);
    if locked {
        ui.label(
            RichText::new(
                "🔒 Locked by review: only a listed reviewer can unlock it, in review mode",
            )
            .color(ui.visuals().warn_fg_color),
        );
    }
    let editable = d.mode == Mode::Edit && !locked;
    // A reviewer reads the comments first; an author the fields first.
    match block {
        Some(b) if d.mode == Mode::Review => {
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

/// A project file dropped on the window opens; a CSV or JSON file becomes the data.
fn dropped_files(ctx: &egui::Context, d: &Designer, view: &mut View, out: &mut Vec<Command>) {
    let dropped: Vec<PathBuf> = ctx.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_path_buf())
            .filter(|p| !p.as_os_str().is_empty())
            .collect()
    });
    for p in dropped {
        match p.extension().and_then(|e| e.to_str()) {
            Some("ron") => ask_or(view, d, Pending::Open(p), out),
            _ => out.push(Command::OpenData(p)),
        }
    }
}

/// Does `next` now, or asks first when there are unsaved changes.
fn ask_or(view: &mut View, d: &Designer, next: Pending, out: &mut Vec<Command>) {
    if d.is_modified() {
        view.confirm = Some(next);
    } else {
        proceed(view, next, out);
    }
}

fn proceed(view: &mut View, next: Pending, out: &mut Vec<Command>) {
    match next {
        Pending::New => out.push(Command::New),
        Pending::Open(p) => out.push(Command::Open(p)),
        Pending::Close => view.close_now = true,
    }
}

/// Save, or Save As for a project that has no file yet (`None` when the dialog was cancelled).
pub fn save_command(d: &Designer) -> Option<Command> {
    if d.untitled {
        save_dialog(d).map(Command::SaveAs)
    } else {
        Some(Command::Save)
    }
}

pub fn open_dialog() -> Option<PathBuf> {
    rfd::FileDialog::new()
        .add_filter("Prism project", &["ron"])
        .pick_file()
}

pub fn save_dialog(d: &Designer) -> Option<PathBuf> {
    let mut dlg = rfd::FileDialog::new().add_filter("Prism project", &["ron"]);
    if let Some(dir) = d.ws.path.parent() {
        dlg = dlg.set_directory(dir);
    }
    if let Some(name) = d.ws.path.file_name() {
        dlg = dlg.set_file_name(name.to_string_lossy());
    }
    dlg.save_file()
}

pub fn data_dialog() -> Option<PathBuf> {
    rfd::FileDialog::new()
        .add_filter("Customer data", &["json", "jsonl", "ndjson", "csv"])
        .pick_file()
}

pub fn export_dialog(d: &Designer) -> ExportDialog {
    let out_dir = d.ws.base().join(format!(
        "export-{}",
        crate::export::file_stem(
            d.ws.path
                .file_stem()
                .map_or("project".into(), |s| s.to_string_lossy())
                .as_ref()
        )
    ));
    ExportDialog {
        settings: ExportSettings {
            channels: ChannelSet::ALL,
            data: None,
            out_dir,
            print_merged: false,
            duplex: false,
            require_approved: false,
            suppress: None,
            // The dialog's folder is the project's own export folder: exporting again
            // replaces it unless the user says otherwise.
            overwrite: true,
        },
        open: true,
    }
}

/// Errors and confirmations of file actions, newest last, each dismissable.
fn notices(ui: &mut Ui, d: &Designer, out: &mut Vec<Command>) {
    if let Some(r) = &d.recovery {
        egui::Frame::new()
            .fill(ui.visuals().warn_fg_color.gamma_multiply(0.15))
            .inner_margin(8.0)
            .corner_radius(4.0)
            .show(ui, |ui| {
                ui.label(format!(
                    "Unsaved changes to {} from an earlier session were found.",
                    r.original.display()
                ));
                ui.horizontal(|ui| {
                    if ui.button("Restore").clicked() {
                        out.push(Command::RestoreRecovery);
                    }
                    if ui.button("Discard").clicked() {
                        out.push(Command::DiscardRecovery);
                    }
                });
            });
    }
    for (i, n) in d.notices.iter().enumerate().rev().take(3) {
        ui.horizontal(|ui| {
            let color = if n.error {
                ui.visuals().error_fg_color
            } else {
                ui.visuals().weak_text_color()
            };
            if ui.small_button("×").on_hover_text("Dismiss").clicked() {
                out.push(Command::DismissNotice(i));
            }
            ui.add(egui::Label::new(RichText::new(&n.text).color(color)).wrap());
        });
    }
}

fn previews(ui: &mut Ui, d: &Designer, view: &mut View, out: &mut Vec<Command>) {
    let total = ui.available_width();
    let gap = 8.0;
    // Shares of the width: email needs the most, SMS the least.
    let shares = [0.33, 0.18, 0.2, 0.29];
    let height = ui.available_height();
    ui.horizontal_top(|ui| {
        ui.spacing_mut().item_spacing.x = gap;
        for (i, share) in shares.iter().enumerate() {
            let w = (total - gap * 3.0) * share;
            ui.allocate_ui_with_layout(
                egui::vec2(w, height),
                egui::Layout::top_down(egui::Align::Min),
                |ui| {
                    ui.set_width(w);
                    ui.set_min_height(height);
                    match i {
                        0 => preview_email::show(ui, d, view),
                        1 => preview_sms::show(ui, d, view),
                        2 => preview_chat::show(ui, d, view),
                        _ => preview_print::show(ui, d, view, out),
                    }
                },
            );
        }
    });
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
    let route = d.live.shown.as_ref().map(|r| &r.message.route);
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
    let line = if d.live.broken {
        RichText::new("⚠ template error: showing the last good version")
            .small()
            .color(ui.visuals().error_fg_color)
    } else {
        RichText::new(figures).small()
    };
    ui.add(egui::Label::new(line).truncate());
    ui.separator();
}

fn diagnostics(ui: &mut Ui, d: &Designer, out: &mut Vec<Command>) {
    let all = d.diagnostics();
    ui.horizontal(|ui| {
        ui.strong("Diagnostics");
        let count = |s| all.iter().filter(|x| x.severity == s).count();
        ui.label(format!(
            "{} errors · {} warnings · {} notes",
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info)
        ));
    });
    egui::ScrollArea::vertical()
        .id_salt("diagnostics-scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if all.is_empty() {
                ui.weak("No problems for this record.");
            }
            for diag in all {
                let (icon, color) = match diag.severity {
                    Severity::Error => ("⛔", ui.visuals().error_fg_color),
                    Severity::Warning => ("⚠", ui.visuals().warn_fg_color),
                    Severity::Info => ("ℹ", ui.visuals().weak_text_color()),
                };
                let mut place = Vec::new();
                if let Some(c) = diag.channel {
                    place.push(c.name().to_owned());
                }
                if let Some(b) = &diag.block {
                    place.push(b.clone());
                }
                if let Some(f) = &diag.field {
                    place.push(f.clone());
                }
                if let Some(p) = diag.pos {
                    place.push(format!("line {}, column {}", p.line, p.col));
                }
                let text = format!("{icon} [{}] {}", place.join(" · "), diag.message);
                let r = ui.add(
                    egui::Label::new(RichText::new(text).color(color))
                        .sense(egui::Sense::click())
                        .truncate(),
                );
                if diag.block.is_some() {
                    let r = r.on_hover_text("Click to select the block");
                    if r.clicked() {
                        out.push(Command::Select(diag.block.clone()));
                    }
                }
            }
        });
}

fn dialogs(ctx: &egui::Context, d: &Designer, view: &mut View, out: &mut Vec<Command>) {
    if let Some(pending) = view.confirm.clone() {
        let mut decided = None;
        egui::Modal::new(egui::Id::unique("unsaved")).show(ctx, |ui| {
            ui.set_width(380.0);
            ui.heading("Unsaved changes");
            ui.label(format!(
                "{} has changes that are not saved. Save them first?",
                d.title()
                    .trim_end_matches(" — Prism")
                    .trim_end_matches(" ●")
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    decided = Some(true);
                }
                if ui.button("Discard changes").clicked() {
                    decided = Some(false);
                }
                if ui.button("Cancel").clicked() {
                    view.confirm = None;
                }
            });
        });
        if let Some(save) = decided {
            view.confirm = None;
            if save {
                let Some(cmd) = save_command(d) else { return };
                out.push(cmd);
                view.after_save = Some(pending);
            } else {
                proceed(view, pending, out);
            }
        }
    }
    export_window(ctx, d, view, out);
    send_window(ctx, d, view, out);
    review::changes_window(ctx, d, out);
    audience::window(ctx, d, view, out);
    review::key_window(ctx, d, view, out);
}

/// File ▸ Send test email: the current record's email, as export writes it, to an address
/// of the designer's own, over their SMTP server.
fn send_window(ctx: &egui::Context, d: &Designer, view: &mut View, out: &mut Vec<Command>) {
    use crate::app::send_job::Security;
    let Some(dlg) = &mut view.send else { return };
    let mut open = dlg.open;
    egui::Window::new("Send test email")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .default_width(420.0)
        .show(ctx, |ui| {
            let s = &mut dlg.settings;
            let record = d.current_record().map_or("", |r| r.id.as_str());
            ui.label(format!(
                "Sends {record}'s email exactly as export writes it; only the envelope goes to you."
            ));
            egui::Grid::new("send-fields")
                .num_columns(2)
                .show(ui, |ui| {
                    let l = ui.label("To");
                    ui.text_edit_singleline(&mut s.to).labelled_by(l.id);
                    ui.end_row();
                    let l = ui.label("SMTP server");
                    ui.text_edit_singleline(&mut s.host).labelled_by(l.id);
                    ui.end_row();
                    let l = ui.label("Port");
                    ui.add(egui::DragValue::new(&mut s.port).range(1..=65535))
                        .labelled_by(l.id);
                    ui.end_row();
                    ui.label("Security");
                    ui.horizontal(|ui| {
                        for (v, label, port) in [
                            (Security::StartTls, "STARTTLS", 587),
                            (Security::Tls, "TLS", 465),
                            (Security::Plain, "None (local)", 25),
                        ] {
                            if ui.radio_value(&mut s.security, v, label).changed() {
                                s.port = port;
                            }
                        }
                    });
                    ui.end_row();
                    let l = ui.label("User");
                    ui.text_edit_singleline(&mut s.user).labelled_by(l.id);
                    ui.end_row();
                    let l = ui.label("Password");
                    ui.add(egui::TextEdit::singleline(&mut s.password).password(true))
                        .labelled_by(l.id)
                        .on_hover_text("Kept in memory only, never in the project file");
                    ui.end_row();
                });
            ui.separator();
            let running = d.send.as_ref().is_some_and(|j| j.finished.is_none());
            if running {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Sending…");
                });
            } else {
                let ok = !s.to.trim().is_empty() && !s.host.trim().is_empty() && !record.is_empty();
                if ui.add_enabled(ok, egui::Button::new("Send")).clicked() {
                    out.push(Command::SendTest(s.clone()));
                }
            }
            if let Some(job) = &d.send
                && let Some(result) = &job.finished
            {
                match result {
                    Ok(sent) => {
                        ui.label(format!("Sent to {} through {}.", sent.to, sent.server));
                    }
                    Err(e) => {
                        ui.colored_label(ui.visuals().error_fg_color, e);
                    }
                }
            }
        });
    if let Some(dlg) = &mut view.send {
        dlg.open = open;
        if !open {
            view.send = None;
        }
    }
}

fn export_window(ctx: &egui::Context, d: &Designer, view: &mut View, out: &mut Vec<Command>) {
    let Some(dlg) = &mut view.export else { return };
    let mut open = dlg.open;
    egui::Window::new("Export")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .default_width(460.0)
        .show(ctx, |ui| {
            let s = &mut dlg.settings;
            ui.label("Channels");
            ui.horizontal(|ui| {
                for c in crate::model::Channel::ALL {
                    let mut on = s.channels.contains(c);
                    if ui.checkbox(&mut on, c.name()).changed() {
                        s.channels = if on {
                            s.channels.with(c)
                        } else {
                            ChannelSet::of(
                                &s.channels.iter().filter(|x| *x != c).collect::<Vec<_>>(),
                            )
                        };
                    }
                }
            });
            ui.checkbox(
                &mut s.print_merged,
                "Also one PDF of all letters (print shop)",
            );
            ui.add_enabled_ui(s.print_merged, |ui| {
                ui.checkbox(&mut s.duplex, "Duplex: every letter starts on a front side")
                    .on_hover_text("Pads each letter in that PDF to an even number of pages");
            });
            ui.checkbox(&mut s.overwrite, "Replace an earlier export in the folder")
                .on_hover_text("Without this, a folder that holds an export is refused");
            ui.checkbox(&mut s.require_approved, "Only if approved")
                .on_hover_text("Without the approvals it needs, nothing is exported; otherwise unapproved artefacts are marked as proofs");
            ui.horizontal(|ui| {
                ui.label("Data:");
                let name = s.data.as_ref().map_or_else(
                    || format!("the project's records ({})", d.ws.records.len()),
                    |p| p.display().to_string(),
                );
                ui.label(name);
                if ui.button("Choose…").clicked() {
                    s.data = data_dialog().or(s.data.take());
                }
                if s.data.is_some() && ui.button("Project's").clicked() {
                    s.data = None;
                }
            });
            ui.horizontal(|ui| {
                ui.label("Never contact:");
                let name = s.suppress.as_ref().map_or_else(
                    || "no suppression list".to_owned(),
                    |p| p.display().to_string(),
                );
                ui.label(name);
                if ui
                    .button("Choose…")
                    .on_hover_text("Email addresses, phone numbers or record ids, one a line")
                    .clicked()
                {
                    s.suppress = rfd::FileDialog::new().pick_file().or(s.suppress.take());
                }
                if s.suppress.is_some() && ui.button("None").clicked() {
                    s.suppress = None;
                }
            });
            ui.horizontal(|ui| {
                ui.label("Output folder:");
                ui.label(s.out_dir.display().to_string());
                if ui.button("Choose…").clicked()
                    && let Some(p) = rfd::FileDialog::new().pick_folder()
                {
                    s.out_dir = p;
                }
            });
            ui.separator();
            let running = d.export.as_ref().is_some_and(|j| j.finished.is_none());
            match &d.export {
                Some(job) if running => {
                    let (done, fraction) = job.progress();
                    let (rate, left) = job.rate();
                    ui.add(egui::ProgressBar::new(fraction as f32).text(format!(
                        "{done} records · {:.0}% of the data · {rate:.0}/s · about {left:.0} s left",
                        fraction * 100.0
                    )));
                    if ui.button("Cancel").clicked() {
                        out.push(Command::CancelExport);
                    }
                }
                _ => {
                    let ok = !s.channels.is_empty();
                    let opened_by = commands::UiCommand::Export
                        .shortcut()
                        .map(|k| format!("{} opens this dialog", ctx.format_shortcut(&k)));
                    if ui
                        .add_enabled(ok, egui::Button::new("Export"))
                        .on_hover_text(opened_by.unwrap_or_default())
                        .clicked()
                    {
                        out.push(Command::StartExport(s.clone()));
                    }
                }
            }
            if let Some(job) = &d.export
                && let Some(result) = &job.finished
            {
                match result {
                    Ok(report) => {
                        ui.label(RichText::new(report.summary()).monospace());
                        if ui.button("Open output folder").clicked() {
                            let _ = open::that_detached(&job.settings.out_dir);
                        }
                    }
                    Err(e) => {
                        ui.colored_label(ui.visuals().error_fg_color, e);
                    }
                }
            }
        });
    if let Some(dlg) = &mut view.export {
        dlg.open = open;
        if !open {
            view.export = None;
        }
    }
}

/// A colour from `#rrggbb`, grey when it is not one.
pub fn hex_color(s: &str) -> Color32 {
    let h = s.trim_start_matches('#');
    let byte = |i: usize| h.get(i..i + 2).and_then(|x| u8::from_str_radix(x, 16).ok());
    match (byte(0), byte(2), byte(4)) {
        (Some(r), Some(g), Some(b)) if h.len() == 6 => Color32::from_rgb(r, g, b),
        _ => Color32::GRAY,
    }
}
