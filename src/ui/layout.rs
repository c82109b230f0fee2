//! How the four previews share the width: side by side where each has room to be read,
//! otherwise some of them share a column and are picked with tabs. Words never break inside
//! because a column is too narrow, and the letter is never a thumbnail.

use crate::model::Channel;

/// Width, in points, below which a preview stops being readable: the email's narrowest
/// layout, a phone's SMS and chat bubbles with their longest ordinary words, and a letter
/// page whose 10 pt text is still legible on screen.
pub fn min_width(c: Channel) -> f32 {
    match c {
        Channel::Email => 360.0,
        Channel::Sms => 250.0,
        Channel::Chat => 270.0,
        Channel::Print => 480.0,
    }
}

/// One column of the preview area: one preview, or several behind tabs.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The previews it can show, in tab order; one means no tabs.
    pub channels: Vec<Channel>,
    /// Its width, in points.
    pub width: f32,
}

/// The columns for `width` points with `gap` between them: all four side by side when they
/// fit, else email, SMS and chat behind tabs, and the letter; else email and the others
/// behind tabs; else all four behind tabs. Each column gets at least its widest preview's
/// minimum, and the rest of the width in proportion.
pub fn columns(width: f32, gap: f32) -> Vec<Column> {
    use Channel::*;
    let layouts: [&[&[Channel]]; 4] = [
        &[&[Email], &[Sms], &[Chat], &[Print]],
        &[&[Email], &[Sms, Chat], &[Print]],
        &[&[Email], &[Sms, Chat, Print]],
        &[&[Email, Sms, Chat, Print]],
    ];
    let need = |groups: &[&[Channel]]| -> Vec<f32> {
        groups
            .iter()
            .map(|g| g.iter().copied().map(min_width).fold(0.0, f32::max))
            .collect()
    };
    let chosen = layouts
        .iter()
        .find(|l| {
            let mins = need(l);
            mins.iter().sum::<f32>() + gap * (mins.len() - 1) as f32 <= width
        })
        .unwrap_or(&layouts[3]);
    let mins = need(chosen);
    let total: f32 = mins.iter().sum();
    let room = (width - gap * (mins.len() - 1) as f32).max(0.0);
    chosen
        .iter()
        .zip(&mins)
        .map(|(g, m)| Column {
            channels: g.to_vec(),
            width: room * m / total,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preview_keeps_its_minimum_or_shares_a_column() {
        for width in (300..2600).step_by(7) {
            let cols = columns(width as f32, 8.0);
            let shown: Vec<Channel> = cols.iter().flat_map(|c| c.channels.clone()).collect();
            assert_eq!(shown, Channel::ALL, "every preview is reachable at {width}");
            let used: f32 =
                cols.iter().map(|c| c.width).sum::<f32>() + 8.0 * (cols.len() - 1) as f32;
            assert!(used <= width as f32 + 0.01, "{width}: {used}");
            if cols.len() > 1 {
                for c in &cols {
                    for ch in &c.channels {
                        assert!(c.width + 0.01 >= min_width(*ch), "{width}: {c:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_supported_window_sizes_get_readable_columns() {
        // The preview area at 1280 × 800 and at 1600 × 1000 with the editor at its default.
        assert_eq!(columns(880.0, 8.0).len(), 2);
        assert_eq!(columns(1200.0, 8.0).len(), 3);
        assert_eq!(columns(1500.0, 8.0).len(), 4);
    }
}
