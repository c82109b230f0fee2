//! The part of every block's editor below its own fields: channels, per-channel wording,
//! required.

use super::Ctx;
use crate::app::edit::{Edit, TextField};
use crate::model::{Block, BlockField, Channel};
use eframe::egui::{self, Ui};

/// Which channels show the block, its own wording per channel, and whether it is required.
pub(super) fn show(ui: &mut Ui, cx: &mut Ctx, b: &Block) {
    let id = b.id.clone();
    let f = |field: BlockField| TextField::of_block(&id, field);
    ui.add_space(8.0);
    ui.strong("Channels");
    ui.horizontal(|ui| {
        let mut all = b.channels.is_none();
        if ui.checkbox(&mut all, "All").changed() {
            cx.edit(Edit::SetChannels {
                block: id.clone(),
                channels: (!all).then(|| Channel::ALL.to_vec()),
            });
        }
        for c in Channel::ALL {
            let mut on = b.channels.as_ref().is_none_or(|cs| cs.contains(&c));
            if ui
                .add_enabled(!all, egui::Checkbox::new(&mut on, c.name()))
                .changed()
            {
                let mut cs: Vec<Channel> = b.channels.clone().unwrap_or_default();
                cs.retain(|y| *y != c);
                if on {
                    cs.push(c);
                }
                cs.sort_by_key(|y| *y as u8);
                cx.edit(Edit::SetChannels {
                    block: id.clone(),
                    channels: Some(cs),
                });
            }
        }
    });
    ui.add_space(8.0);
    ui.strong("Wording per channel");
    ui.weak("Replaces this block's text on one channel, e.g. a shorter SMS.");
    for c in Channel::ALL {
        let has = b.overrides.contains_key(&c);
        let mut on = has;
        if ui
            .checkbox(&mut on, format!("Own wording for {}", c.name()))
            .changed()
        {
            cx.edit(Edit::SetOverride {
                block: id.clone(),
                channel: c,
                on,
            });
        }
        if has {
            cx.text(
                ui,
                f(BlockField::Override(c)),
                &format!("{} wording", c.name()),
                true,
            );
        }
    }
    ui.add_space(8.0);
    let mut required = b.required;
    if ui
        .checkbox(&mut required, "Required on every channel (legal notices)")
        .changed()
    {
        cx.edit(Edit::SetRequired {
            block: id.clone(),
            required,
        });
    }
}
