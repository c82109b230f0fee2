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
/// Side padding of the content on screens wider than the message, in CSS pixels.
pub const PAD_WIDE_PX: u32 = 40;
/// Screens up to this width show tables as one card per row (media query, enhancement).
pub const CARDS_BELOW_PX: u32 = 480;
/// Width the brand logo is shown at, in CSS pixels.
pub const LOGO_WIDTH_PX: u32 = 160;

/// An email's content as it is laid out: width, colours, logo, blocks and footer.
#[derive(Debug, Clone, PartialEq)]
pub struct EmailLayout {
    /// The message's width on a wide screen, in CSS pixels: the project's setting, kept to
    /// 320–800.
    pub width_px: u32,
    /// The light and dark colour schemes.
    pub colours: EmailColours,
    /// The brand logo above the content, by asset name.
    pub logo: Option<Picture>,
    /// The blocks the email shows, in order.
    pub blocks: Vec<BlockLayout>,
    /// Sender lines and, for marketing mail, the unsubscribe note.
    pub footer: Footer,
}

/// An image as an email shows it: which asset, its alt text and its width.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    /// Asset name, as the project refers to it.
    pub asset: String,
    /// Alternative text; for the logo, the sender company's name.
    pub alt: String,
    /// Widest it is shown, in CSS pixels; it shrinks with narrower screens.
    pub width_px: u32,
}

/// One block of the email and how it is shown.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockLayout {
    /// The block's id in the project, for diagnostics and the preview.
    pub id: String,
    /// What the block shows, with its sizes.
    pub kind: LayoutKind,
}

/// What a block shows in an email, with the sizes it is drawn in (CSS pixels).
#[derive(Debug, Clone, PartialEq)]
pub enum LayoutKind {
    /// The first heading is the message's title (h1), later ones section heads (h2).
    Heading {
        /// The heading's text.
        text: String,
        /// 1 for the title (`<h1>`), 2 for a section head (`<h2>`).
        level: u8,
        /// Font size in CSS pixels.
        size_px: u32,
        /// Line height in CSS pixels.
        line_px: u32,
    },
    /// Rich text: body text, a signature, legal text or a channel override.
    Paragraphs {
        /// The paragraphs, with their styles and links.
        text: RichText,
        /// Font size in CSS pixels.
        size_px: u32,
        /// Line height in CSS pixels.
        line_px: u32,
        /// Legal text: smaller and in the muted colour.
        muted: bool,
    },
    /// A call-to-action button in the brand's primary colour.
    Button {
        /// Text on the button.
        label: String,
        /// Where it links; `None` when the template gave no usable link (drawn without a link).
        url: Option<String>,
    },
    /// An image from an asset, at most the content width.
    Image(Picture),
    /// A table; where media queries work, phones show one card per row.
    Table(Table),
    /// A thin horizontal rule.
    Divider,
}

/// Space above and below the logo, in CSS pixels.
pub const LOGO_PADDING_PX: (u32, u32) = (32, 8);
/// In dark mode the logo sits on a white plate (logos are drawn for white paper): its
/// padding (vertical, horizontal) and corner radius, in CSS pixels.
pub const LOGO_PLATE_PX: (u32, u32, u32) = (6, 10, 6);
/// Space above and below the footer.
pub const FOOTER_PADDING_PX: (u32, u32) = (24, 32);
/// The footer's and legal text's type: 12 px on 18 px lines.
pub const SMALL_TYPE_PX: (u32, u32) = (12, 18);
/// Table cells: 14 px type on 20 px lines, 6 px above and below.
pub const TABLE_TYPE_PX: (u32, u32) = (14, 20);
/// Space above and below a table cell's text, in CSS pixels.
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

/// The email's footer, in the muted small type below the content.
#[derive(Debug, Clone, PartialEq)]
pub struct Footer {
    /// Sender company and postal address, a line each.
    pub lines: Vec<String>,
    /// Marketing mail: why the customer receives it and where to unsubscribe.
    pub unsubscribe: Option<Unsubscribe>,
}

/// The unsubscribe note of marketing mail: a sentence, then a link.
#[derive(Debug, Clone, PartialEq)]
pub struct Unsubscribe {
    /// Why the customer receives the email, in the message's language (German or English).
    pub note: String,
    /// Text of the unsubscribe link.
    pub label: String,
    /// The unsubscribe address: the https URL, or the `mailto:` when there is none.
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
            let words = crate::words::of(&msg.language);
            Some(Unsubscribe {
                note: words.unsubscribe_note.into(),
                label: words.unsubscribe.into(),
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
