//! Comment threads on a block: answers, resolving, a new comment, and in review mode the
//! block's lock.

use super::View;
use super::*;
use crate::app::{Command, Designer, Mode, ReviewRequest};
use crate::model::{Channel, ReviewAction};
use eframe::egui::{self, RichText, Ui};

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
        .review
        .threads
        .iter()
        .filter(|t| t.block.as_deref() == Some(block))
        .collect();
    ui.separator();
    ui.horizontal(|ui| {
        ui.strong(format!("Comments ({})", threads.len()));
        if d.review.mode == Mode::Review
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
    let can_sign = d.review.identity.is_some() && !d.is_modified();
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
        let hover = if d.review.identity.is_none() {
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
