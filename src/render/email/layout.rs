//! What an email shows, block by block, with the sizes and colours it is drawn in. The HTML
//! writer turns it into markup, the plain-text part into lines, and the designer's preview
//! paints it: one source, so the preview cannot drift from what is sent.

use super::colours::EmailColours;
use crate::diag::{Code, Diagnostic};
use crate::model::{Channel, ImageWidth, MessageKind, Project};
use crate::render::views;
use crate::template::markdown::RichText;
use crate::template::{Resolved, ResolvedMessage, Table, View};

/// The message's width on a wide screen, in CSS pixels.
pub const DEFAULT_WIDTH_PX: u32 = 600;
/// Side padding of the content: what phones and clients without `<style>` get; screens
/// wider than the message get `PAD_WIDE_PX` (through a media query, an enhancement only).
pub const PAD_PX: u32 = 20;
pub const PAD_WIDE_PX: u32 = 40;
/// Screens up to this width show tables as one card per row (media query, enhancement).
pub const CARDS_BELOW_PX: u32 = 480;
pub const LOGO_WIDTH_PX: u32 = 160;

#[derive(Debug, Clone, PartialEq)]
pub struct EmailLayout {
    pub width_px: u32,
    pub colours: EmailColours,
    /// The brand logo above the content, by asset name.
    pub logo: Option<Picture>,
    pub blocks: Vec<BlockLayout>,
    pub footer: Footer,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    pub asset: String,
    pub alt: String,
    pub width_px: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BlockLayout {
    pub id: String,
    pub kind: LayoutKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LayoutKind {
    /// The first heading is the message's title (h1), later ones section heads (h2).
    Heading {
        text: String,
        level: u8,
        size_px: u32,
        line_px: u32,
    },
    Paragraphs {
        text: RichText,
        size_px: u32,
        line_px: u32,
        /// Legal text: smaller and in the muted colour.
        muted: bool,
    },
    Button {
        label: String,
        url: Option<String>,
    },
    Image(Picture),
    Table(Table),
    Divider,
}

/// Space above and below the logo, in CSS pixels.
pub const LOGO_PADDING_PX: (u32, u32) = (32, 8);
/// Space above and below the footer.
pub const FOOTER_PADDING_PX: (u32, u32) = (24, 32);
/// The footer's and legal text's type: 12 px on 18 px lines.
pub const SMALL_TYPE_PX: (u32, u32) = (12, 18);
/// Table cells: 14 px type on 20 px lines, 6 px above and below.
pub const TABLE_TYPE_PX: (u32, u32) = (14, 20);
pub const TABLE_CELL_PADDING_PX: u32 = 6;
/// Space between the paragraphs of one block.
pub const PARAGRAPH_GAP_PX: u32 = 12;

impl LayoutKind {
    /// Space above and below the block, in CSS pixels.
    pub fn padding_px(&self) -> (u32, u32) {
        match self {
            LayoutKind::Heading { .. } => (16, 4),
            LayoutKind::Paragraphs { .. } | LayoutKind::Table(_) => (8, 8),
            LayoutKind::Button { .. } | LayoutKind::Divider => (16, 16),
            LayoutKind::Image(_) => (12, 12),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Footer {
    /// Sender company and postal address, a line each.
    pub lines: Vec<String>,
    /// Marketing mail: why the customer receives it and where to unsubscribe.
    pub unsubscribe: Option<Unsubscribe>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Unsubscribe {
    pub note: String,
    pub label: String,
    pub url: String,
}

fn paragraphs(text: &RichText, muted: bool) -> LayoutKind {
    let (size_px, line_px) = if muted { SMALL_TYPE_PX } else { (16, 24) };
    LayoutKind::Paragraphs {
        text: text.clone(),
        size_px,
        line_px,
        muted,
    }
}

/// The layout of `msg` as an email.
pub fn layout(
    project: &Project,
    msg: &ResolvedMessage,
    diags: &mut Vec<Diagnostic>,
) -> EmailLayout {
    let width_px = project.channels.email.width.clamp(320, 800);
    let colours = EmailColours::of(project, diags);
    let logo = project.brand.logo.as_ref().map(|asset| Picture {
        asset: asset.clone(),
        alt: project.brand.sender.company.clone(),
        width_px: LOGO_WIDTH_PX,
    });
    let mut headings = 0;
    let mut blocks = Vec::new();
    for (id, view) in views(msg, Channel::Email) {
        let kind = match view {
            View::Override(t, of) => paragraphs(t, matches!(of, Resolved::Legal(_))),
            View::Default(content) => match content {
                Resolved::Heading(h) => {
                    headings += 1;
                    let (level, size_px, line_px) = if headings == 1 {
                        (1, 26, 34)
                    } else {
                        (2, 20, 28)
                    };
                    LayoutKind::Heading {
                        text: h.clone(),
                        level,
                        size_px,
                        line_px,
                    }
                }
                Resolved::Text(t) | Resolved::Signature(t) => paragraphs(t, false),
                Resolved::Legal(t) => paragraphs(t, true),
                Resolved::Button { label, url } => LayoutKind::Button {
                    label: label.clone(),
                    url: url.clone(),
                },
                Resolved::Image {
                    asset, alt, width, ..
                } => {
                    if alt.is_empty() {
                        diags.push(
                            Diagnostic::warning(Code::AltText, "image without alt text")
                                .on(Channel::Email)
                                .at_block(id),
                        );
                    }
                    let full = width_px - 2 * PAD_WIDE_PX;
                    LayoutKind::Image(Picture {
                        asset: asset.clone(),
                        alt: alt.clone(),
                        width_px: match width {
                            ImageWidth::Full => full,
                            ImageWidth::Px(px) => (*px).min(full),
                        },
                    })
                }
                Resolved::Table(t) => LayoutKind::Table(t.clone()),
                Resolved::Divider => LayoutKind::Divider,
            },
        };
        blocks.push(BlockLayout {
            id: id.to_owned(),
            kind,
        });
    }
    let sender = &project.brand.sender;
    let mut lines = vec![sender.company.clone()];
    lines.extend(sender.address.iter().cloned());
    let target = msg
        .unsubscribe_url
        .as_deref()
        .or(msg.unsubscribe_mailto.as_deref());
    let unsubscribe = match (project.meta.kind, target) {
        (MessageKind::Marketing, Some(url)) => {
            let german = msg.language.starts_with("de");
            Some(Unsubscribe {
                note: if german {
                    "Sie erhalten diese E-Mail, weil Sie Informationen von uns abonniert haben."
                } else {
                    "You receive this email because you subscribed to news from us."
                }
                .into(),
                label: if german { "Abmelden" } else { "Unsubscribe" }.into(),
                url: url.to_owned(),
            })
        }
        _ => None,
    };
    EmailLayout {
        width_px,
        colours,
        logo,
        blocks,
        footer: Footer { lines, unsubscribe },
    }
}
