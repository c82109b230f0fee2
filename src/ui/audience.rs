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
        .decisions
        .get(i)
        .is_some_and(|route| route.reason(f.0) == f.1)
}

/// The parts of a bar in the order they are drawn, each with its legend: one list for
/// both, so that the legend reads in the bars' order.
pub const PARTS: [(&[Reason], &str); 5] = [
    (&[], "sent"),
    (
        &[Reason::NotPreferred, Reason::NotInOrder],
        "another channel chosen",
    ),
    (
        &[Reason::NoConsent, Reason::OptedOut],
        "no consent / opted out",
    ),
    (
        &[Reason::Suppressed, Reason::FrequencyCap],
        "suppressed / frequency cap",
    ),
    (
        &[Reason::NoAddress, Reason::InvalidAddress],
        "no or invalid address",
    ),
];

/// A part's reasons, `None` standing for "sent".
fn reasons(part: &[Reason]) -> Vec<Option<Reason>> {
    if part.is_empty() {
        vec![None]
    } else {
        part.iter().copied().map(Some).collect()
    }
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
    for route in &d.audience.decisions {
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
    let mut inputs = d.ws.routing.clone();
    routing_inputs(ui, &mut inputs);
    if inputs != d.ws.routing {
        out.push(Command::SetRouting(inputs));
    }
    ui.weak("Click a part of a bar to list its records in the record picker.");
    ui.add_space(6.0);
    let total = tally.records.max(1) as f32;
    let width = ui.available_width() - 70.0;
    for c in Channel::ALL {
        ui.horizontal(|ui| {
            ui.add_sized([60.0, 22.0], egui::Label::new(c.noun()));
            let parts = PARTS.iter().flat_map(|(part, _)| reasons(part)).map(|r| {
                let n = match r {
                    None => tally.chosen[c as usize],
                    Some(r) => tally.count(c, r),
                };
                (r, n)
            });
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
                    // The channel in question on screen, where it shares a column.
                    view.preview_tab = c;
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
        for (part, name) in PARTS {
            ui.label(RichText::new("■").color(color(reasons(part)[0])));
            ui.label(RichText::new(name).small());
        }
    });
}

/// The suppression list and the earlier exports routing reads, chosen with file dialogs:
/// the Audience window and the export dialog show the same two rows.
pub fn routing_inputs(ui: &mut Ui, inputs: &mut crate::routing::Inputs) {
    ui.horizontal(|ui| {
        ui.label("Never contact:");
        let name = inputs.suppress.as_ref().map_or_else(
            || "no suppression list".to_owned(),
            |p| p.display().to_string(),
        );
        ui.label(name);
        if ui
            .button("Choose…")
            .on_hover_text("Email addresses, phone numbers or record ids, one a line")
            .clicked()
            && let Some(p) = rfd::FileDialog::new().pick_file()
        {
            inputs.suppress = Some(p);
        }
        if inputs.suppress.is_some() && ui.button("None").clicked() {
            inputs.suppress = None;
        }
    });
    ui.horizontal_wrapped(|ui| {
        ui.label("Earlier exports:");
        if inputs.history.is_empty() {
            ui.label("none");
        }
        for p in &inputs.history {
            ui.label(p.display().to_string());
        }
        if ui
            .button("Add…")
            .on_hover_text(
                "An earlier export's folder: its routing.csv counts for the frequency cap",
            )
            .clicked()
            && let Some(p) = rfd::FileDialog::new().pick_folder()
        {
            inputs.history.push(p);
        }
        if !inputs.history.is_empty() && ui.button("None").clicked() {
            inputs.history.clear();
        }
    });
}
