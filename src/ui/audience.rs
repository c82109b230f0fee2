//! The Audience panel: the whole data set as one bar per channel, split into the records that
//! get it and the reasons the others do not. Clicking a part filters the record picker to
//! those records.

use super::View;
use crate::app::{Command, Designer};
use crate::model::Channel;
use crate::routing::{Reason, Tally};
use eframe::egui::{self, Color32, RichText, Sense, Ui};

/// Which records the picker shows: those that get a channel (`None`) or miss it for a reason.
pub type Filter = (Channel, Option<Reason>);

/// Whether record `i` falls in the part `f` of the chart (by its routing decision).
pub fn matches(d: &Designer, i: usize, f: Filter) -> bool {
    d.audience
        .get(i)
        .is_some_and(|route| route.reason(f.0) == f.1)
}

fn color(r: Option<Reason>) -> Color32 {
    match r {
        None => Color32::from_rgb(60, 170, 90),
        Some(Reason::NotPreferred | Reason::NotInOrder) => Color32::from_rgb(120, 140, 170),
        Some(Reason::NoConsent | Reason::OptedOut) => Color32::from_rgb(210, 150, 40),
        Some(Reason::Suppressed | Reason::FrequencyCap) => Color32::from_rgb(170, 90, 200),
        Some(Reason::NoAddress | Reason::InvalidAddress) => Color32::from_rgb(200, 70, 60),
    }
}

fn label(c: Channel, r: Option<Reason>, n: usize) -> String {
    match r {
        None => format!("{}: sent, {n} records", c.noun()),
        Some(r) => format!("{}: {}, {n} records", c.noun(), r.code()),
    }
}

/// The Audience window, while it is open.
pub fn window(ctx: &egui::Context, d: &Designer, view: &mut View, out: &mut Vec<Command>) {
    if !view.audience_open {
        return;
    }
    let mut open = true;
    egui::Window::new("Audience")
        .open(&mut open)
        // Over the previews, not over the outline being worked in.
        .default_pos([420.0, 120.0])
        .default_width(560.0)
        .show(ctx, |ui| panel(ui, d, view, out));
    view.audience_open = open;
}

fn panel(ui: &mut Ui, d: &Designer, view: &mut View, out: &mut Vec<Command>) {
    let mut tally = Tally::default();
    for route in &d.audience {
        tally.add(route);
    }
    let strategy = match d.ws.engine.router.strategy() {
        crate::model::Strategy::Single => "one channel per customer",
        crate::model::Strategy::All => "every eligible channel",
    };
    ui.label(format!(
        "{} records · {strategy} · {} reached on no channel",
        tally.records, tally.unreached
    ));
    ui.weak("Click a part of a bar to list its records in the record picker.");
    ui.add_space(6.0);
    let total = tally.records.max(1) as f32;
    let width = ui.available_width() - 70.0;
    for c in Channel::ALL {
        ui.horizontal(|ui| {
            ui.add_sized([60.0, 22.0], egui::Label::new(c.noun()));
            let parts = std::iter::once((None, tally.chosen[c as usize]))
                .chain(Reason::ALL.iter().map(|r| (Some(*r), tally.count(c, *r))));
            ui.spacing_mut().item_spacing.x = 1.0;
            for (reason, n) in parts.filter(|(_, n)| *n > 0) {
                let w = (n as f32 / total * width).max(6.0);
                let (rect, response) = ui.allocate_exact_size(egui::vec2(w, 22.0), Sense::click());
                let text = label(c, reason, n);
                response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &text));
                let selected = view.audience_filter == Some((c, reason));
                let fill = if response.hovered() || selected {
                    color(reason).gamma_multiply(1.3)
                } else {
                    color(reason)
                };
                ui.painter().rect_filled(rect, 2.0, fill);
                if selected {
                    ui.painter().rect_stroke(
                        rect,
                        2.0,
                        egui::Stroke::new(2.0, ui.visuals().strong_text_color()),
                        egui::StrokeKind::Inside,
                    );
                }
                if w > 28.0 {
                    ui.painter().text(
                        rect.center(),
                        egui::Align2::CENTER_CENTER,
                        n.to_string(),
                        egui::FontId::proportional(11.0),
                        Color32::WHITE,
                    );
                }
                if response.on_hover_text(&text).clicked() {
                    view.audience_filter = Some((c, reason));
                    // Show the first record of the part at once.
                    if let Some(i) = (0..d.ws.records.len()).find(|i| matches(d, *i, (c, reason))) {
                        out.push(Command::SetRecord(i));
                    }
                }
            }
        });
    }
    ui.add_space(6.0);
    ui.horizontal_wrapped(|ui| {
        for (r, name) in [
            (None, "sent"),
            (Some(Reason::NotPreferred), "another channel chosen"),
            (Some(Reason::NoConsent), "no consent / opted out"),
            (Some(Reason::Suppressed), "suppressed / frequency cap"),
            (Some(Reason::NoAddress), "no or invalid address"),
        ] {
            ui.label(RichText::new("■").color(color(r)));
            ui.label(RichText::new(name).small());
        }
    });
}
