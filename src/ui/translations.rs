//! The Translations window: every text of the message in its language and beside it each
//! other language's, the missing and the stale ones marked; typing a translation sets it,
//! "Reviewed" keeps a stale one as the translation of the current source. Texts of library
//! snippets are translated in the snippet's file; their gaps are listed below.

use super::View;
use crate::app::edit::Edit;
use crate::app::{Command, Designer};
use crate::model::translation::{TextState, project_texts, summary};
use eframe::egui::{self, RichText, Ui};

/// The window, when open.
pub fn window(ctx: &egui::Context, d: &Designer, view: &mut View, out: &mut Vec<Command>) {
    if !view.translations_open {
        return;
    }
    let mut open = true;
    egui::Window::new("Translations")
        .open(&mut open)
        .default_pos([300.0, 110.0])
        .default_size([900.0, 560.0])
        .show(ctx, |ui| body(ui, d, out));
    view.translations_open = open;
}

fn body(ui: &mut Ui, d: &Designer, out: &mut Vec<Command>) {
    let p = &d.ws.project;
    let languages: Vec<String> = p.languages().into_iter().skip(1).collect();
    if languages.is_empty() {
        ui.label(format!(
            "The message is written in {} only. Add languages to meta.languages (e.g. [\"en\", \"fr\"]) to translate it.",
            p.meta.language
        ));
        return;
    }
    let texts = project_texts(p);
    ui.horizontal_wrapped(|ui| {
        for l in &languages {
            ui.label(summary(l, &texts, p.translations.get(l)));
            ui.separator();
        }
    });
    let warn = ui.visuals().warn_fg_color;
    let error = ui.visuals().error_fg_color;
    egui::ScrollArea::both()
        .max_height(ui.available_height() - 80.0)
        .show(ui, |ui| {
            egui::Grid::new("translations")
                .striped(true)
                .num_columns(2 + languages.len())
                .show(ui, |ui| {
                    ui.strong("Text");
                    ui.strong(&p.meta.language);
                    for l in &languages {
                        ui.strong(l);
                    }
                    ui.end_row();
                    for t in &texts {
                        let place = ui.label(RichText::new(&t.place).weak());
                        ui.add(egui::Label::new(&t.text).wrap())
                            .on_hover_text(format!("key: {}", t.key));
                        for l in &languages {
                            let found = p.translations.get(l).and_then(|m| m.get(&t.key));
                            let state = TextState::of(t, found);
                            ui.vertical(|ui| {
                                let mut text =
                                    found.map(|f| f.text.clone()).unwrap_or_default();
                                let edit = ui
                                    .add(
                                    egui::TextEdit::multiline(&mut text)
                                        .desired_rows(2)
                                        .desired_width(240.0)
                                        .hint_text(format!("missing: the {} text is used", p.meta.language)),
                                )
                                    .labelled_by(place.id);
                                if edit.changed() {
                                    out.push(Command::Edit(Edit::SetTranslation {
                                        language: l.clone(),
                                        key: t.key.clone(),
                                        text: (!text.is_empty()).then_some(text.clone()),
                                    }));
                                }
                                match state {
                                    TextState::Done => {}
                                    TextState::Missing => {
                                        ui.label(RichText::new("missing").color(error));
                                    }
                                    TextState::Stale => {
                                        ui.horizontal(|ui| {
                                            ui.label(RichText::new("needs review").color(warn))
                                                .on_hover_text("The source text changed since this was translated");
                                            if ui
                                                .button("Reviewed")
                                                .on_hover_text("Keep this as the translation of the text as it is now")
                                                .clicked()
                                            {
                                                out.push(Command::Edit(Edit::SetTranslation {
                                                    language: l.clone(),
                                                    key: t.key.clone(),
                                                    text: Some(text.clone()),
                                                }));
                                            }
                                        });
                                    }
                                }
                            });
                        }
                        ui.end_row();
                    }
                });
        });
    let snippet_gaps: Vec<_> =
        d.ws.engine
            .translation_gaps()
            .iter()
            .filter(|g| g.snippet.is_some())
            .collect();
    if !snippet_gaps.is_empty() {
        ui.separator();
        ui.label("In library snippets (translated in the snippet's file, Library ▸ Edit):");
        for g in snippet_gaps {
            ui.label(
                RichText::new(format!(
                    "{}: {} of {} in snippet “{}”",
                    g.language,
                    g.state.words(),
                    g.place,
                    g.snippet.as_deref().unwrap_or("")
                ))
                .color(warn),
            );
        }
    }
}
