//! The proof pack: one PDF for the reviewer's file. A cover page names the project, its
//! content hash, where the review stands and every history entry; then each chosen record
//! gets a landscape page with its four channels side by side (the email as the customer's
//! mail client shows it, SMS, chat, the letter's first page in small), whether each is sent
//! and why not, and its diagnostics; an email longer than its column goes on in the columns
//! of a page of its own. The pages are display lists set with the letter's typesetter and written by
//! the letter's PDF exporter, so the fonts are embedded the same way.

mod cover;
pub mod email;

use crate::diag::Severity;
use crate::model::Channel;
use crate::model::ChannelSet;
use crate::render::email::ImageMode;
use crate::render::print::fonts::DEFAULT_FAMILY;
use crate::render::print::text::{self, Align, SetText, TextStyle};
use crate::render::print::{self, Item, Letter, Page, PrintError, RectPt, Rgb};
use crate::render::{ChannelOutput, Verdict};
use crate::template::markdown::Span;
use crate::workspace::{Rendered, Workspace};
use email::Strip;

/// Records a proof pack shows when none are named.
pub const DEFAULT_RECORDS: usize = 50;

/// A4 landscape, in points.
const PAGE_W_PT: f32 = 841.89;
const PAGE_H_PT: f32 = 595.28;
const MARGIN_PT: f32 = 36.0;
const GAP_PT: f32 = 12.0;
/// The email's column: 0.41 pt per CSS pixel of a 600 px message, its 16 px text at 6.6 pt.
const EMAIL_W_PT: f32 = 248.0;
/// SMS, chat and the letter share the rest.
const COLUMN_W_PT: f32 = (PAGE_W_PT - 2.0 * MARGIN_PT - 3.0 * GAP_PT - EMAIL_W_PT) / 3.0;
/// Where the channels' contents start and how far SMS and chat may reach on a record page.
const CONTENT_TOP_PT: f32 = 112.0;
const CONTENT_MAX_H_PT: f32 = 340.0;

const INK: Rgb = Rgb(0x1f, 0x23, 0x28);
const MUTED: Rgb = Rgb(0x5b, 0x64, 0x72);
const LINK: Rgb = Rgb(0x0b, 0x4f, 0x8a);
const RED: Rgb = Rgb(0xc0, 0x1c, 0x28);
const GREEN: Rgb = Rgb(0x1a, 0x7f, 0x37);
const AMBER: Rgb = Rgb(0x9a, 0x67, 0x00);
const FRAME: Rgb = Rgb(0xc4, 0xcb, 0xd4);
const SMS_BUBBLE: Rgb = Rgb(0xe9, 0xe9, 0xeb);
const CHAT_BUBBLE: Rgb = Rgb(0xdc, 0xf8, 0xc6);

/// Why a proof pack could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ProofError {
    /// A record id asked for is not in the data.
    #[error("no record `{0}` in the data")]
    NoRecord(String),
    /// No record was named and the data is empty, so there is nothing to show.
    #[error("the data has no records")]
    NoRecords,
    /// Writing the PDF with the letter's exporter failed.
    #[error(transparent)]
    Print(#[from] PrintError),
}

fn style(size_pt: f32, bold: bool) -> TextStyle {
    TextStyle {
        family: DEFAULT_FAMILY.into(),
        size_pt,
        line_height_pt: size_pt * 1.3,
        bold,
        italic: false,
    }
}

/// Pages being filled top to bottom.
struct Pages<'a> {
    ws: &'a Workspace,
    pages: Vec<Page>,
}

impl Pages<'_> {
    fn new_page(&mut self) {
        self.pages.push(Page {
            width_pt: PAGE_W_PT,
            height_pt: PAGE_H_PT,
            items: Vec::new(),
        });
    }

    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.new_page();
        }
        self.pages.last_mut().expect("a page was started")
    }

    fn set(&self, text: &str, size_pt: f32, bold: bool, width_pt: f32) -> SetText {
        let span = Span {
            text: text.into(),
            bold,
            italic: false,
            link: None,
        };
        text::set(
            &self.ws.typesetter,
            &[span],
            &style(size_pt, bold),
            Some(width_pt),
            Align::Left,
            None,
        )
    }

    /// Sets `text` at (x, y) within `width_pt`, at most `max_h` high; returns the height
    /// used. Lines that do not fit are counted in a last line of their own.
    #[allow(clippy::too_many_arguments)]
    fn text(
        &mut self,
        text: &str,
        (x, y): (f32, f32),
        width_pt: f32,
        max_h: f32,
        size_pt: f32,
        bold: bool,
        color: Rgb,
    ) -> f32 {
        let set = self.set(text, size_pt, bold, width_pt);
        // A little slack: a box made exactly as high as its lines must hold them all.
        let fit = (((max_h + 0.5) / set.line_height_pt).floor() as usize).max(1);
        let shown = if set.lines.len() > fit {
            fit - 1
        } else {
            set.lines.len()
        };
        let items = set.items(x, y, color, LINK, 0..shown);
        self.page().items.extend(items);
        let mut h = shown as f32 * set.line_height_pt;
        if shown < set.lines.len() {
            let more = format!("… {} more lines", set.lines.len() - shown);
            let note = self.set(&more, size_pt, false, width_pt);
            let items = note.items(x, y + h, MUTED, LINK, 0..note.lines.len().min(1));
            self.page().items.extend(items);
            h += note.line_height_pt;
        }
        h
    }

    /// Draws the email's strips from the top of `(x, y)` down, as many as fit in `max_h`
    /// but at least one (so that a long email always comes to its end; no strip is higher
    /// than [`email::MAX_STRIP_H_PT`]), in a thin frame; returns how many it drew.
    fn strips(&mut self, strips: &[Strip], (x, y): (f32, f32), max_h: f32) -> usize {
        let frame_at = self.page().items.len();
        let mut h = 0.0;
        let mut placed = 0;
        for strip in strips {
            if placed > 0 && h + strip.height_pt > max_h {
                break;
            }
            let items = strip.items.iter().map(|i| i.moved(x, y + h));
            self.page().items.extend(items);
            h += strip.height_pt;
            placed += 1;
            if h >= max_h {
                break;
            }
        }
        if placed > 0 {
            let frame = Item::Rect {
                rect: RectPt {
                    x: x - 0.5,
                    y: y - 0.5,
                    width: EMAIL_W_PT + 1.0,
                    height: h + 1.0,
                },
                fill: FRAME,
            };
            self.page().items.insert(frame_at, frame);
        }
        placed
    }

    fn rect(&mut self, rect: RectPt, fill: Rgb) {
        self.page().items.push(Item::Rect { rect, fill });
    }
}

/// The proof pack of `ids` (empty: the first [`DEFAULT_RECORDS`] records) as PDF bytes.
pub fn proof_pdf(ws: &Workspace, ids: &[String], printed_at: &str) -> Result<Vec<u8>, ProofError> {
    let records: Vec<_> = if ids.is_empty() {
        ws.records.iter().take(DEFAULT_RECORDS).collect()
    } else {
        ids.iter()
            .map(|id| {
                ws.record(id)
                    .ok_or_else(|| ProofError::NoRecord(id.clone()))
            })
            .collect::<Result<_, _>>()?
    };
    if records.is_empty() {
        return Err(ProofError::NoRecords);
    }
    let mut p = Pages {
        ws,
        pages: Vec::new(),
    };
    // Every language the message speaks is in the pack: one no chosen record gets is shown
    // with the first record, in that language, on a page of its own.
    let spoken: Vec<&str> = records.iter().map(|r| ws.engine.language_of(r).0).collect();
    let unseen: Vec<crate::model::Record> = ws
        .engine
        .languages()
        .filter(|l| !spoken.contains(l))
        .map(|l| records[0].with_text(&ws.project.meta.language_field, l))
        .collect();
    cover::cover(&mut p, records.len(), printed_at);
    for r in records.into_iter().chain(&unseen) {
        p.new_page();
        let rendered = ws.render(r, ChannelSet::ALL, ImageMode::Cid);
        let language = ws.engine.language_of(r).0;
        let origin = if unseen.iter().any(|u| std::ptr::eq(u, r)) {
            format!(
                "{}, shown in {language}: no record of the pack speaks it",
                r.origin
            )
        } else if ws.engine.languages().nth(1).is_some() {
            format!("{}, in {language}", r.origin)
        } else {
            r.origin.clone()
        };
        record_page(&mut p, &r.id, &origin, &rendered);
    }
    let letter = Letter {
        pages: p.pages,
        title: format!("Proof pack: {}", ws.project.meta.name),
        author: ws.project.brand.sender.company.clone(),
        language: ws.project.meta.language.clone(),
    };
    Ok(print::pdf(&ws.typesetter, &letter)?)
}

/// Sent, not sent and why, or failed: a line and its colour.
fn verdict<T>(out: Option<&ChannelOutput<T>>, to: impl Fn(&T) -> String) -> (String, Rgb) {
    let Some(out) = out else {
        return ("not rendered".into(), MUTED);
    };
    let v = out.verdict(to);
    let color = match v {
        Verdict::Sent(_) => GREEN,
        Verdict::NotSent(_) => AMBER,
        Verdict::Failed => RED,
    };
    (v.to_string(), color)
}

/// Left edge of column `i`: the email's, then SMS, chat and the letter.
fn column_x(i: usize) -> f32 {
    match i {
        0 => MARGIN_PT,
        _ => MARGIN_PT + EMAIL_W_PT + GAP_PT + (i - 1) as f32 * (COLUMN_W_PT + GAP_PT),
    }
}

fn record_page(p: &mut Pages, id: &str, origin: &str, r: &Rendered) {
    let width = PAGE_W_PT - 2.0 * MARGIN_PT;
    p.text(
        &format!("Record {id}  ({origin})"),
        (MARGIN_PT, MARGIN_PT),
        width,
        20.0,
        13.0,
        true,
        INK,
    );
    let columns = [
        (Channel::Email, verdict(r.email.as_ref(), |e| e.to.clone())),
        (Channel::Sms, verdict(r.sms.as_ref(), |s| s.to.clone())),
        (Channel::Chat, verdict(r.chat.as_ref(), |c| c.to.clone())),
        (
            Channel::Print,
            verdict(r.print.as_ref(), |_| "the postal address".into()),
        ),
    ];
    for (i, (channel, (line, color))) in columns.iter().enumerate() {
        let x = column_x(i);
        let w = if i == 0 { EMAIL_W_PT } else { COLUMN_W_PT };
        p.text(channel.title(), (x, 62.0), w, 16.0, 11.0, true, INK);
        p.text(line, (x, 78.0), w, 30.0, 7.5, false, *color);
    }
    let y = CONTENT_TOP_PT;
    let pad = 6.0;
    // The columns right of the email; the diagnostics go under them.
    let mut bottom = CONTENT_TOP_PT;
    let mut continued = Vec::new();
    if let Some(e) = r.email.as_ref().and_then(|o| o.artefact.as_ref()) {
        let ws = p.ws;
        let sender = &ws.project.brand.sender;
        let x = column_x(0);
        let from = format!("From: {} <{}>", sender.email_name, sender.email);
        let mut h = p.text(&from, (x, y), EMAIL_W_PT, 10.0, 7.0, false, MUTED);
        h += p.text(&e.subject, (x, y + h), EMAIL_W_PT, 20.0, 8.5, true, INK);
        if !e.preheader.is_empty() {
            h += p.text(
                &e.preheader,
                (x, y + h),
                EMAIL_W_PT,
                10.0,
                7.0,
                false,
                MUTED,
            );
        }
        let strips = email::strips(
            &ws.typesetter,
            &ws.print_images,
            &ws.assets,
            &e.layout,
            &ws.project.brand.font_family,
            EMAIL_W_PT,
        );
        let top = y + h + 4.0;
        let placed = p.strips(&strips, (x, top), PAGE_H_PT - MARGIN_PT - top);
        continued = strips[placed..].to_vec();
    }
    if let Some(s) = r.sms.as_ref().and_then(|o| o.artefact.as_ref()) {
        let x = column_x(1);
        let set = p.set(&s.text, 8.0, false, COLUMN_W_PT - 2.0 * pad);
        let h = set.height_pt().min(CONTENT_MAX_H_PT - 20.0) + 2.0 * pad;
        p.rect(
            RectPt {
                x,
                y,
                width: COLUMN_W_PT,
                height: h,
            },
            SMS_BUBBLE,
        );
        p.text(
            &s.text,
            (x + pad, y + pad),
            COLUMN_W_PT - 2.0 * pad,
            h - 2.0 * pad,
            8.0,
            false,
            INK,
        );
        let info = s.analysis.describe();
        let h2 = p.text(
            &info,
            (x, y + h + 3.0),
            COLUMN_W_PT,
            12.0,
            7.0,
            false,
            MUTED,
        );
        bottom = bottom.max(y + h + 3.0 + h2);
    }
    if let Some(c) = r.chat.as_ref().and_then(|o| o.artefact.as_ref()) {
        let x = column_x(2);
        let mut top = y;
        for b in &c.bubbles {
            let t = b.text();
            let room = CONTENT_TOP_PT + CONTENT_MAX_H_PT - top - 2.0 * pad;
            if room < 20.0 {
                break;
            }
            let set = p.set(&t, 8.0, false, COLUMN_W_PT - 2.0 * pad);
            let h = set.height_pt().min(room) + 2.0 * pad;
            p.rect(
                RectPt {
                    x,
                    y: top,
                    width: COLUMN_W_PT,
                    height: h,
                },
                CHAT_BUBBLE,
            );
            p.text(
                &t,
                (x + pad, top + pad),
                COLUMN_W_PT - 2.0 * pad,
                h - 2.0 * pad,
                8.0,
                false,
                INK,
            );
            top += h + 4.0;
        }
        bottom = bottom.max(top);
    }
    if let Some(first) = r
        .print
        .as_ref()
        .and_then(|o| o.artefact.as_ref())
        .and_then(|l| l.pages.first())
    {
        let x = column_x(3);
        let scale = COLUMN_W_PT / first.width_pt;
        let h = first.height_pt * scale;
        p.rect(
            RectPt {
                x: x - 0.5,
                y: y - 0.5,
                width: COLUMN_W_PT + 1.0,
                height: h + 1.0,
            },
            FRAME,
        );
        p.rect(
            RectPt {
                x,
                y,
                width: COLUMN_W_PT,
                height: h,
            },
            Rgb(255, 255, 255),
        );
        let items = first.scaled_items(scale, x, y);
        p.page().items.extend(items);
        bottom = bottom.max(y + h);
    }
    // Diagnostics under SMS, chat and the letter, as many as fit.
    let (left, width) = (column_x(1), PAGE_W_PT - MARGIN_PT - column_x(1));
    let mut y = bottom + 14.0;
    // What the customer receives first, as `prism check` lists them.
    let mut diags: Vec<_> = r.diagnostics().collect();
    diags.sort_by_key(|d| d.off_route);
    let heading = if diags.is_empty() {
        "Diagnostics: none".to_owned()
    } else {
        format!("Diagnostics: {}", diags.len())
    };
    y += p.text(&heading, (left, y), width, 14.0, 9.0, true, INK) + 2.0;
    for (n, d) in diags.iter().enumerate() {
        let room = PAGE_H_PT - MARGIN_PT - y;
        if room < 20.0 {
            let rest = format!(
                "… and {} more (prism check lists them all)",
                diags.len() - n
            );
            p.text(&rest, (left, y), width, 12.0, 7.5, false, MUTED);
            break;
        }
        let color = match d.severity {
            Severity::Error => RED,
            Severity::Warning => AMBER,
            Severity::Info => MUTED,
        };
        y += p.text(
            &d.to_string(),
            (left, y),
            width,
            room.min(30.0),
            7.5,
            false,
            color,
        ) + 1.0;
    }
    email_continued(p, id, &continued);
}

/// The rest of an email too long for its column on the record page: a page of its own, or
/// more, in columns of the email's width.
fn email_continued(p: &mut Pages, id: &str, mut rest: &[Strip]) {
    let per_page = ((PAGE_W_PT - 2.0 * MARGIN_PT + GAP_PT) / (EMAIL_W_PT + GAP_PT)) as usize;
    while !rest.is_empty() {
        p.new_page();
        let title = format!("Record {id}: the email, continued");
        let h = p.text(
            &title,
            (MARGIN_PT, MARGIN_PT),
            PAGE_W_PT,
            20.0,
            13.0,
            true,
            INK,
        );
        let top = MARGIN_PT + h + 12.0;
        for i in 0..per_page.max(1) {
            let x = MARGIN_PT + i as f32 * (EMAIL_W_PT + GAP_PT);
            let placed = p.strips(rest, (x, top), PAGE_H_PT - MARGIN_PT - top);
            rest = &rest[placed..];
            if rest.is_empty() {
                break;
            }
        }
    }
}
