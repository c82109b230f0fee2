//! File ▸ Send test email.

use super::View;
use crate::app::{Command, Designer};
use eframe::egui;

/// The test-send dialog's fields while it is open (the password only in memory).
pub struct SendDialog {
    /// The fields as filled in; the password stays in memory only.
    pub settings: crate::app::send_job::SendSettings,
    /// False once the user closed the window; the dialog is then dropped.
    pub open: bool,
}

/// File ▸ Send test email: the current record's email, as export writes it, to an address
/// of the designer's own, over their SMTP server.
pub(super) fn show(ctx: &egui::Context, d: &Designer, view: &mut View, out: &mut Vec<Command>) {
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
            let running = d
                .jobs
                .send
                .as_ref()
                .is_some_and(|j| j.job.finished.is_none());
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
            if let Some(job) = &d.jobs.send
                && let Some(result) = &job.job.finished
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
