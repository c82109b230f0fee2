//! Composes a business letter after DIN 5008 from a resolved message: letterhead, address
//! field, information block, subject, body flowing over pages, footer on every page.

use super::draw::{Item, MM, PT, Page, Run};
use super::fonts::{DEFAULT_FAMILY, Typesetter};
use super::text::{self, Align, SetText, TextStyle};
use crate::diag::Diagnostic;
use crate::model::{Align as ColumnAlign, Channel, ImageWidth, Paper, PrintForm, Project};
use crate::render::Assets;
use crate::template::markdown::{Paragraph, RichText, Span};
use crate::template::{Resolved, ResolvedMessage, Table, View};
use base64::Engine as _;
use hyphenation::Standard;

const TEXT: &str = "#1f2328";
const MUTED: &str = "#5b6472";
const RULE: &str = "#9aa4b2";
const LINK: &str = "#0b4f8a";
/// Images below this resolution at their printed size look blurred.
const MIN_DPI: f32 = 150.0;

/// DIN 5008 geometry in millimetres.
pub struct Geometry {
    pub width: f32,
    pub height: f32,
    pub left: f32,
    pub right: f32,
    /// Address field: 85 × 45 mm, 20 mm from the left edge.
    pub window_x: f32,
    pub window_y: f32,
    pub window_w: f32,
    pub window_h: f32,
    /// Height of the return-address and note zone at the top of the field.
    pub note_zone: f32,
    pub info_x: f32,
    pub info_y: f32,
    pub folds: [f32; 2],
    pub punch: f32,
    /// Where the subject line of page 1 stands.
    pub body_top: f32,
    /// Where text starts on the following pages.
    pub follow_top: f32,
}

impl Geometry {
    pub fn new(paper: Paper, form: PrintForm) -> Geometry {
        let (width, height) = match paper {
            Paper::A4 => (210.0, 297.0),
            Paper::Letter => (215.9, 279.4),
        };
        let (window_y, note_zone, info_y, folds) = match form {
            PrintForm::A => (27.0, 12.7, 32.0, [87.0, 192.0]),
            PrintForm::B => (45.0, 17.7, 50.0, [105.0, 210.0]),
        };
        Geometry {
            width,
            height,
            left: 25.0,
            right: 20.0,
            window_x: 20.0,
            window_y,
            window_w: 85.0,
            window_h: 45.0,
            note_zone,
            info_x: 125.0,
            info_y,
            folds,
            punch: height / 2.0,
            body_top: window_y + 45.0 + 8.46,
            follow_top: 25.0,
        }
    }

    pub fn text_width(&self) -> f32 {
        self.width - self.left - self.right
    }
}

/// A finished letter: its pages, ready to serialise.
#[derive(Debug, Clone, PartialEq)]
pub struct Letter {
    pub pages: Vec<Page>,
    pub family: String,
}

impl Letter {
    pub fn svg(&self, page: usize) -> Option<String> {
        self.pages.get(page).map(|p| p.to_svg(&self.family))
    }
}

struct Styles {
    body: TextStyle,
    heading: TextStyle,
    small: TextStyle,
    table: TextStyle,
    address: TextStyle,
}

fn style(family: &str, pt: f32, leading: f32, bold: bool) -> TextStyle {
    TextStyle {
        family: family.into(),
        size: pt * PT,
        line_height: pt * leading * PT,
        bold,
        italic: false,
    }
}

/// Lays out the letter for one record.
pub fn compose(
    project: &Project,
    assets: &Assets,
    ts: &Typesetter,
    msg: &ResolvedMessage,
    date: &str,
    dict: Option<&Standard>,
    diags: &mut Vec<Diagnostic>,
) -> (Letter, Vec<String>) {
    let settings = &project.channels.print;
    let g = Geometry::new(settings.paper, settings.form);
    let family = if ts.has_family(&project.brand.font_family) {
        project.brand.font_family.clone()
    } else {
        diags.push(
            Diagnostic::warning(
                "print-font",
                format!(
                    "font family `{}` is not among the shipped fonts ({}); the letter is set in {DEFAULT_FAMILY}",
                    project.brand.font_family,
                    ts.families().join(", ")
                ),
            )
            .on(Channel::Print)
            .at_field("brand.font_family"),
        );
        DEFAULT_FAMILY.to_owned()
    };
    let size = settings.font_size.clamp(8.0, 14.0);
    let st = Styles {
        body: style(&family, size, 1.4, false),
        heading: style(&family, size + 1.0, 1.35, true),
        small: style(&family, 7.5, 1.35, false),
        table: style(&family, size - 1.0, 1.35, false),
        address: style(&family, 10.0, 1.25, false),
    };
    let align = if settings.justify {
        Align::Justify
    } else {
        Align::Left
    };
    let mut c = Composer::new(ts, g, st, dict, family.clone(), align, diags);
    c.prepare_footer(project, msg);
    c.new_page();
    c.letterhead(project, assets);
    c.address(project, msg);
    c.info(msg, date, &project.meta.language);
    c.subject(&msg.subject);
    c.body(msg, assets);
    c.check_zones();
    c.finish_pages(&project.meta.language);
    let shown = std::mem::take(&mut c.shown);
    (
        Letter {
            pages: c.pages,
            family,
        },
        shown,
    )
}

struct Composer<'a> {
    ts: &'a Typesetter,
    g: Geometry,
    st: Styles,
    dict: Option<&'a Standard>,
    family: String,
    align: Align,
    pages: Vec<Page>,
    /// The next free line on the current page (px).
    y: f32,
    /// Where body text must stop on every page (px).
    bottom: f32,
    /// Footer lines (legal text and sender), drawn on every page.
    footer: Vec<SetText>,
    diags: &'a mut Vec<Diagnostic>,
    /// Blocks that made it onto paper.
    shown: Vec<String>,
    /// Ink on page 1 (left, top, right, bottom in px) outside the address field's own text,
    /// to check that nothing runs into the window or the fold-mark zone.
    ink: Vec<[f32; 4]>,
    in_address: bool,
}

/// Lines `lines` of set text as items, the top of the first at (x, top): one text element
/// a line, style runs inside it, justification as word spacing, a hyphen where a word broke.
fn line_items(
    set: &SetText,
    x: f32,
    top: f32,
    size: f32,
    color: &'static str,
    lines: std::ops::Range<usize>,
) -> Vec<Item> {
    let shift = top - lines.start as f32 * set.line_height;
    let mut items = Vec::new();
    for line in &set.lines[lines] {
        let Some(first) = line.words.first() else {
            continue;
        };
        let mut runs: Vec<Run> = Vec::new();
        for w in &line.words {
            if w.space_before
                && let Some(last) = runs.last_mut()
            {
                last.text.push(' ');
            }
            let colour = if w.link.is_some() { LINK } else { color };
            match runs.last_mut() {
                Some(r) if r.bold == w.bold && r.italic == w.italic && r.color == colour => {
                    r.text.push_str(&w.text)
                }
                _ => runs.push(Run {
                    text: w.text.clone(),
                    bold: w.bold,
                    italic: w.italic,
                    color: colour,
                }),
            }
        }
        if line.hyphen
            && let Some(last) = runs.last_mut()
        {
            last.text.push('-');
        }
        items.push(Item::Words {
            x: x + first.x,
            y: shift + line.baseline,
            size,
            word_spacing: line.word_spacing,
            runs,
        });
    }
    items
}

/// "Lumina Mobil GmbH · Musterallee 1 · 50667 Köln": the return-address line.
fn sender_line(project: &Project) -> String {
    let s = &project.brand.sender;
    std::iter::once(s.company.as_str())
        .chain(s.address.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" · ")
}

fn plain(text: &str) -> Paragraph {
    vec![Span {
        text: text.into(),
        bold: false,
        italic: false,
        link: None,
    }]
}

impl<'a> Composer<'a> {
    fn new(
        ts: &'a Typesetter,
        g: Geometry,
        st: Styles,
        dict: Option<&'a Standard>,
        family: String,
        align: Align,
        diags: &'a mut Vec<Diagnostic>,
    ) -> Self {
        Composer {
            ts,
            g,
            st,
            dict,
            family,
            align,
            pages: Vec::new(),
            y: 0.0,
            bottom: 0.0,
            footer: Vec::new(),
            diags,
            shown: Vec::new(),
            ink: Vec::new(),
            in_address: false,
        }
    }

    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("a page was started")
    }

    fn new_page(&mut self) {
        self.pages.push(Page {
            width_mm: self.g.width,
            height_mm: self.g.height,
            items: Vec::new(),
        });
        self.y = if self.pages.len() == 1 {
            self.g.body_top * MM
        } else {
            self.g.follow_top * MM
        };
        self.marks();
    }

    fn set(&mut self, spans: &[Span], style: &TextStyle, width: f32, align: Align) -> SetText {
        self.set_with(spans, style, width, align, self.dict)
    }

    /// Like `set`, with or without hyphenation.
    fn set_with(
        &mut self,
        spans: &[Span],
        style: &TextStyle,
        width: f32,
        align: Align,
        dict: Option<&Standard>,
    ) -> SetText {
        let set = text::set(self.ts, spans, style, Some(width), align, dict);
        self.missing_glyphs(&set);
        set
    }

    fn missing_glyphs(&mut self, set: &SetText) {
        for c in &set.missing {
            let d = Diagnostic::warning(
                "print-glyph",
                format!(
                    "{c} (U+{:04X}) has no glyph in {}; it prints as an empty box",
                    *c as u32, self.family
                ),
            )
            .on(Channel::Print);
            if !self.diags.contains(&d) {
                self.diags.push(d);
            }
        }
    }

    /// Draws lines `lines` of set text with the top of the first at (x, top).
    fn draw(
        &mut self,
        set: &SetText,
        x: f32,
        top: f32,
        style: &TextStyle,
        color: &'static str,
        lines: std::ops::Range<usize>,
    ) {
        if self.pages.len() == 1 && !self.in_address && !lines.is_empty() {
            let right = set.lines[lines.clone()]
                .iter()
                .map(|l| l.width)
                .fold(0.0, f32::max);
            self.ink.push([
                x,
                top,
                x + right,
                top + lines.len() as f32 * set.line_height,
            ]);
        }
        let items = line_items(set, x, top, style.size, color, lines);
        self.page().items.extend(items);
    }

    /// Adds an image to the current page; on page 1 it counts as ink for the zone checks.
    fn place_image(&mut self, item: Item) {
        if let (1, Item::Image { x, y, w, h, .. }) = (self.pages.len(), &item) {
            self.ink.push([*x, *y, x + w, y + h]);
        }
        self.page().items.push(item);
    }

    fn marks(&mut self) {
        let g = &self.g;
        let mut items = Vec::new();
        for y in g.folds {
            items.push(Item::Line {
                x1: 3.0 * MM,
                y1: y * MM,
                x2: 8.0 * MM,
                y2: y * MM,
                width: 0.5,
                color: RULE,
            });
        }
        items.push(Item::Line {
            x1: 3.0 * MM,
            y1: g.punch * MM,
            x2: 11.0 * MM,
            y2: g.punch * MM,
            width: 0.5,
            color: RULE,
        });
        self.page().items.extend(items);
    }

    fn letterhead(&mut self, project: &Project, assets: &Assets) {
        let Some(logo) = &project.brand.logo else {
            return;
        };
        let width = 45.0 * MM;
        let x = (self.g.width - self.g.right) * MM - width;
        if let Some(item) = self.image(assets, logo, x, 12.0 * MM, width, None) {
            self.place_image(item);
        }
    }

    /// An image item at (x, y) `width` wide, with a resolution check; `None` (and a diagnostic) when unusable.
    fn image(
        &mut self,
        assets: &Assets,
        asset: &str,
        x: f32,
        y: f32,
        width: f32,
        block: Option<&str>,
    ) -> Option<Item> {
        let diag = |d: Diagnostic| match block {
            Some(b) => d.at_block(b),
            None => d.at_field("brand.logo"),
        };
        let a = match assets.get(asset) {
            Some(Ok(a)) => a,
            Some(Err(e)) => {
                self.diags.push(diag(
                    Diagnostic::error("asset", e.to_string()).on(Channel::Print),
                ));
                return None;
            }
            None => return None,
        };
        if a.content_type == "image/svg+xml" {
            self.svg_fonts(asset, &a.bytes, block);
        }
        // Raster images know their pixels; an SVG logo its own width and height.
        let aspect = match a.size {
            Some((w, h)) => h as f32 / w.max(1) as f32,
            None => resvg::usvg::Tree::from_data(&a.bytes, &self.ts.svg_options)
                .map(|t| t.size().height() / t.size().width())
                .unwrap_or(1.0 / 3.0),
        };
        let h = width * aspect;
        if let Some((pw, _)) = a.size {
            let dpi = pw as f32 / (width / 96.0);
            if dpi < MIN_DPI {
                self.diags.push(diag(
                    Diagnostic::warning(
                        "print-dpi",
                        format!("{asset}: {pw} px over {:.0} mm is {dpi:.0} dpi; print needs {MIN_DPI:.0} dpi or more", width / MM),
                    )
                    .on(Channel::Print),
                ));
            }
        }
        let href = format!(
            "data:{};base64,{}",
            a.content_type,
            base64::engine::general_purpose::STANDARD.encode(a.bytes.as_slice())
        );
        Some(Item::Image {
            x,
            y,
            w: width,
            h,
            href,
        })
    }

    /// Diagnostics for ink in the address window or the fold and punch mark zone.
    fn check_zones(&mut self) {
        let g = &self.g;
        let window = [
            g.window_x * MM,
            g.window_y * MM,
            (g.window_x + g.window_w) * MM,
            (g.window_y + g.window_h) * MM,
        ];
        let margin = 10.0 * MM;
        let overlaps =
            |a: &[f32; 4], b: &[f32; 4]| a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
        let into_window = self.ink.iter().any(|r| overlaps(r, &window));
        let into_marks = self.ink.iter().any(|r| r[0] < margin);
        if into_window {
            self.diags.push(
                Diagnostic::error(
                    "print-window",
                    "text or an image runs into the address window",
                )
                .on(Channel::Print),
            );
        }
        if into_marks {
            self.diags.push(
                Diagnostic::warning(
                    "print-fold",
                    "text runs into the fold and punch mark zone at the left edge",
                )
                .on(Channel::Print),
            );
        }
    }

    /// An SVG image whose text asks for a font Prism does not ship loses that text: say so.
    fn svg_fonts(&mut self, asset: &str, bytes: &[u8], block: Option<&str>) {
        let text = String::from_utf8_lossy(bytes);
        let mut missing: Vec<String> = Vec::new();
        for part in text.split("font-family").skip(1) {
            let value = part.trim_start_matches([' ', '=', ':', '"', '\'']);
            let family = value
                .split(['"', '\'', ';', ',', '>'])
                .next()
                .unwrap_or("")
                .trim()
                .to_owned();
            if !family.is_empty() && !self.ts.has_family(&family) && !missing.contains(&family) {
                missing.push(family);
            }
        }
        for family in missing {
            let d = Diagnostic::warning(
                "print-font",
                format!("{asset} sets text in `{family}`, which Prism does not ship; that text is left out (convert it to paths or use {})", self.family),
            )
            .on(Channel::Print);
            self.diags.push(match block {
                Some(b) => d.at_block(b),
                None => d.at_field("brand.logo"),
            });
        }
    }

    fn address(&mut self, project: &Project, msg: &ResolvedMessage) {
        self.in_address = true;
        let (x, top) = ((self.g.window_x + 5.0) * MM, self.g.window_y * MM);
        // Text starts 5 mm inside the field and must end inside it.
        let inner = (self.g.window_w - 5.0) * MM;
        let note_zone = self.g.note_zone;
        // The return-address line sits at the foot of the note zone.
        let ret = sender_line(project);
        let small = self.st.small.clone();
        let ret_set = self.set(&plain(&ret), &small, f32::MAX, Align::Left);
        let note_bottom = top + note_zone * MM;
        if ret_set.width() > inner + 5.0 * MM {
            self.diags.push(
                Diagnostic::warning(
                    "print-address",
                    "the return-address line is wider than the address field",
                )
                .on(Channel::Print)
                .at_field("brand.sender"),
            );
        }
        self.draw(
            &ret_set,
            x,
            note_bottom - ret_set.line_height - 1.0 * MM,
            &small,
            MUTED,
            0..ret_set.lines.len().min(1),
        );
        let lines = &msg.postal_address;
        if lines.len() > 6 {
            self.diags.push(
                Diagnostic::error(
                    "print-address",
                    format!("the address has {} lines; the window shows 6", lines.len()),
                )
                .on(Channel::Print)
                .at_field("channels.print.address"),
            );
        }
        let addr = self.st.address.clone();
        let mut y = note_bottom;
        for line in lines.iter().take(6) {
            let set = self.set(&plain(&line.clone()), &addr, f32::MAX, Align::Left);
            if set.width() > inner {
                self.diags.push(
                    Diagnostic::warning(
                        "print-address",
                        format!(
                            "address line `{line}` is {:.0} mm wide; the window leaves {:.0} mm",
                            set.width() / MM,
                            inner / MM
                        ),
                    )
                    .on(Channel::Print)
                    .at_field("channels.print.address"),
                );
            }
            self.draw(&set, x, y, &addr, TEXT, 0..set.lines.len().min(1));
            y += set.line_height;
        }
        self.in_address = false;
    }

    fn info(&mut self, msg: &ResolvedMessage, date: &str, language: &str) {
        let label_date = if language.starts_with("de") {
            "Datum"
        } else {
            "Date"
        };
        let rows: Vec<(String, String)> = std::iter::once((label_date.to_owned(), date.to_owned()))
            .chain(msg.info.iter().cloned())
            .collect();
        let small = self.st.small.clone();
        let mut y = self.g.info_y * MM;
        let x = self.g.info_x * MM;
        let value_x = x + 30.0 * MM;
        for (label, value) in rows {
            let l = self.set(&plain(&label), &small, 29.0 * MM, Align::Left);
            let mut value_style = small.clone();
            value_style.size = 8.5 * PT;
            let v = self.set(
                &plain(&value),
                &value_style,
                (self.g.width - self.g.right) * MM - value_x,
                Align::Left,
            );
            self.draw(&l, x, y, &small, MUTED, 0..l.lines.len());
            self.draw(&v, value_x, y, &value_style, TEXT, 0..v.lines.len());
            y += v.height().max(l.height()) + 0.8 * MM;
        }
    }

    fn subject(&mut self, subject: &str) {
        if subject.is_empty() {
            return;
        }
        let heading = self.st.heading.clone();
        let set = self.set(
            &[Span {
                text: subject.into(),
                bold: true,
                italic: false,
                link: None,
            }],
            &heading,
            self.g.text_width() * MM,
            Align::Left,
        );
        let y = self.y;
        self.draw(
            &set,
            self.g.left * MM,
            y,
            &heading,
            TEXT,
            0..set.lines.len(),
        );
        self.y += set.height() + 2.0 * self.st.body.line_height;
    }

    fn prepare_footer(&mut self, project: &Project, msg: &ResolvedMessage) {
        let small = self.st.small.clone();
        let width = self.g.text_width() * MM;
        for b in &msg.blocks {
            let text = match b.view(Channel::Print) {
                Some(View::Default(Resolved::Legal(t)))
                | Some(View::Override(t, Resolved::Legal(_))) => t,
                _ => continue,
            };
            for p in &text.paragraphs {
                let set = self.set(p, &small, width, Align::Left);
                self.footer.push(set);
            }
            self.shown.push(b.id.clone());
        }
        // Without legal text the footer names at least the sender.
        if self.footer.is_empty() {
            let set = self.set(&plain(&sender_line(project)), &small, width, Align::Left);
            self.footer.push(set);
        }
        let footer_height: f32 = self.footer.iter().map(SetText::height).sum();
        // Body text stops above the page number and the footer.
        self.bottom = (self.g.height - 12.0) * MM - footer_height - 10.0 * MM;
    }

    fn finish_pages(&mut self, language: &str) {
        let n = self.pages.len();
        let small = self.st.small.clone();
        let footer = std::mem::take(&mut self.footer);
        let footer_height: f32 = footer.iter().map(SetText::height).sum();
        let (left, right) = (self.g.left * MM, (self.g.width - self.g.right) * MM);
        let top = (self.g.height - 12.0) * MM - footer_height;
        for i in 0..n {
            let label = if language.starts_with("de") {
                format!("Seite {} von {n}", i + 1)
            } else {
                format!("Page {} of {n}", i + 1)
            };
            let mut items = vec![
                Item::TextEnd {
                    x: right,
                    y: top - 4.0 * MM,
                    text: label,
                    size: small.size,
                    color: MUTED,
                },
                Item::Line {
                    x1: left,
                    y1: top - 2.0 * MM,
                    x2: right,
                    y2: top - 2.0 * MM,
                    width: 0.5,
                    color: RULE,
                },
            ];
            let mut y = top;
            for set in &footer {
                items.extend(line_items(
                    set,
                    left,
                    y,
                    small.size,
                    MUTED,
                    0..set.lines.len(),
                ));
                y += set.height();
            }
            self.pages[i].items.extend(items);
        }
    }

    fn ensure(&mut self, height: f32) {
        if self.y + height > self.bottom {
            self.new_page();
        }
    }

    /// Places a paragraph, breaking it across pages with at least two lines on each side
    /// (no orphans, no widows) when it has three lines or more.
    fn flow(
        &mut self,
        set: &SetText,
        x: f32,
        style: &TextStyle,
        color: &'static str,
        space_after: f32,
    ) {
        let lh = set.line_height;
        let total = set.lines.len();
        let mut start = 0;
        while start < total {
            let room = ((self.bottom - self.y) / lh).floor().max(0.0) as usize;
            let rest = total - start;
            let take = if room >= rest {
                rest
            } else if total < 3 {
                0 // short paragraphs are never split
            } else {
                // What fits, leaving at least two lines for the next page (no widow)…
                let take = room.min(rest.saturating_sub(2));
                // …and never a paragraph's first line alone at the foot of a page (no orphan).
                if start == 0 && take < 2 { 0 } else { take }
            };
            if take == 0 {
                if self.y <= self.top_of_page() + 0.5 {
                    // Nothing may move to a fresh page: place what fits rather than loop.
                    let n = rest.min(room.max(1));
                    self.draw(set, x, self.y, style, color, start..start + n);
                    self.y += n as f32 * lh;
                    start += n;
                    if start < total {
                        self.new_page();
                    }
                    continue;
                }
                self.new_page();
                continue;
            }
            self.draw(set, x, self.y, style, color, start..start + take);
            self.y += take as f32 * lh;
            start += take;
            if start < total {
                self.new_page();
            }
        }
        self.y += space_after;
    }

    fn top_of_page(&self) -> f32 {
        if self.pages.len() == 1 {
            self.g.body_top * MM
        } else {
            self.g.follow_top * MM
        }
    }

    fn body(&mut self, msg: &ResolvedMessage, assets: &Assets) {
        let width = self.g.text_width() * MM;
        let x = self.g.left * MM;
        let body = self.st.body.clone();
        let gap = 0.6 * body.line_height;
        for b in &msg.blocks {
            let Some(view) = b.view(Channel::Print) else {
                continue;
            };
            let id = b.id.as_str();
            let rich = |t: &RichText| t.paragraphs.clone();
            let before = (self.pages.len(), self.y);
            match view {
                View::Override(_, Resolved::Legal(_)) | View::Default(Resolved::Legal(_)) => {
                    continue;
                }
                View::Override(t, _)
                | View::Default(Resolved::Text(t) | Resolved::Signature(t)) => {
                    for p in rich(t) {
                        let set = self.set(&p, &body, width, self.align);
                        self.flow(&set, x, &body, TEXT, gap);
                    }
                }
                View::Default(Resolved::Heading(h)) => {
                    let heading = self.st.heading.clone();
                    let set = self.set(
                        &[Span {
                            text: h.clone(),
                            bold: true,
                            italic: false,
                            link: None,
                        }],
                        &heading,
                        width,
                        Align::Left,
                    );
                    // Keep a heading with two lines of what follows.
                    self.ensure(set.height() + 2.0 * body.line_height);
                    self.flow(&set, x, &heading, TEXT, 0.3 * body.line_height);
                }
                View::Default(Resolved::Button { label, url }) => {
                    let mut spans = vec![Span {
                        text: format!("{label}: "),
                        bold: true,
                        italic: false,
                        link: None,
                    }];
                    if let Some(url) = url {
                        spans.push(Span {
                            text: url.clone(),
                            bold: false,
                            italic: false,
                            link: Some(url.clone()),
                        });
                    }
                    let set = self.set(&spans, &body, width, Align::Left);
                    self.flow(&set, x, &body, TEXT, gap);
                }
                View::Default(Resolved::Image {
                    asset, width: w, ..
                }) => {
                    let w = match w {
                        ImageWidth::Full => width,
                        ImageWidth::Px(px) => (*px as f32).min(width),
                    };
                    if let Some(Item::Image { x, w, h, href, .. }) =
                        self.image(assets, asset, x, 0.0, w, Some(id))
                    {
                        self.ensure(h);
                        let y = self.y;
                        self.place_image(Item::Image { x, y, w, h, href });
                        self.y += h + gap;
                    }
                }
                View::Default(Resolved::Table(t)) => self.table(id, t, width, x),
                View::Default(Resolved::Divider) => {
                    self.ensure(gap);
                    let y = self.y + gap / 2.0;
                    self.page().items.push(Item::Line {
                        x1: x,
                        y1: y,
                        x2: x + width,
                        y2: y,
                        width: 0.6,
                        color: RULE,
                    });
                    self.y += gap;
                }
            }
            if (self.pages.len(), self.y) != before {
                self.shown.push(id.to_owned());
            }
        }
    }

    fn table(&mut self, id: &str, t: &Table, width: f32, x: f32) {
        let st = self.st.table.clone();
        let body_gap = 0.6 * self.st.body.line_height;
        if t.rows.is_empty() {
            if !t.empty.is_empty() {
                let mut italic = st.clone();
                italic.italic = true;
                let set = self.set(&plain(&t.empty), &italic, width, Align::Left);
                self.flow(&set, x, &italic, TEXT, body_gap);
            }
            return;
        }
        let cols = t.headers.len().max(1);
        let pad = 2.0 * MM;
        let mut bold = st.clone();
        bold.bold = true;
        // Natural widths, then the first column takes what the others leave.
        let natural = |c: &mut Self, text: &str, s: &TextStyle| {
            text::set(c.ts, &plain(text), s, None, Align::Left, None).width()
        };
        let mut widths = vec![0.0f32; cols];
        for (i, h) in t.headers.iter().enumerate() {
            widths[i] = natural(self, h, &bold);
        }
        for row in &t.rows {
            for (i, cell) in row.iter().enumerate().take(cols) {
                widths[i] = widths[i].max(natural(self, cell, &st));
            }
        }
        for (i, cell) in t.footer.iter().flatten().enumerate().take(cols) {
            widths[i] = widths[i].max(natural(self, cell, &bold));
        }
        let others: f32 = widths.iter().skip(1).map(|w| w + pad).sum();
        widths[0] = (width - others).max(20.0 * MM);
        for (i, w) in widths.iter().enumerate() {
            let longest_word = t
                .rows
                .iter()
                .filter_map(|r| r.get(i))
                .flat_map(|c| c.split_whitespace())
                .map(|word| natural(self, word, &st))
                .fold(0.0, f32::max);
            if longest_word > *w + 0.5 {
                self.diags.push(
                    Diagnostic::warning(
                        "print-table",
                        format!(
                            "column {} is {:.0} mm wide, narrower than its longest word ({:.0} mm)",
                            i + 1,
                            w / MM,
                            longest_word / MM
                        ),
                    )
                    .on(Channel::Print)
                    .at_block(id),
                );
            }
        }
        let mut lefts = vec![x];
        for w in widths.iter().take(cols - 1) {
            let last = *lefts.last().expect("one at least");
            lefts.push(last + w + pad);
        }
        let align = |i: usize| match t.align.get(i) {
            Some(ColumnAlign::Right) => Align::Right,
            Some(ColumnAlign::Center) => Align::Center,
            _ => Align::Left,
        };
        let set_row = |c: &mut Self, cells: &[String], s: &TextStyle| -> Vec<SetText> {
            // Cells are not hyphenated; the half pixel keeps a measured width from wrapping.
            (0..cols)
                .map(|i| {
                    c.set_with(
                        &plain(cells.get(i).map_or("", String::as_str)),
                        s,
                        widths[i] + 0.5,
                        align(i),
                        None,
                    )
                })
                .collect()
        };
        let header = set_row(self, &t.headers, &bold);
        let row_height =
            |sets: &[SetText]| sets.iter().map(SetText::height).fold(0.0, f32::max) + 1.2 * MM;
        let header_h = row_height(&header);
        let draw_row = |c: &mut Self, sets: &[SetText], s: &TextStyle| {
            let y = c.y + 0.6 * MM;
            for (i, set) in sets.iter().enumerate() {
                c.draw(set, lefts[i], y, s, TEXT, 0..set.lines.len());
            }
            c.y += row_height(sets);
        };
        let draw_header = |c: &mut Self| {
            draw_row(c, &header, &bold);
            let y = c.y;
            c.page().items.push(Item::Line {
                x1: x,
                y1: y,
                x2: x + width,
                y2: y,
                width: 1.0,
                color: TEXT,
            });
        };
        let first = t
            .rows
            .first()
            .map(|r| set_row(self, r, &st))
            .unwrap_or_default();
        self.ensure(header_h + row_height(&first));
        draw_header(self);
        for (n, row) in t.rows.iter().enumerate() {
            let sets = if n == 0 {
                first.clone()
            } else {
                set_row(self, row, &st)
            };
            let h = row_height(&sets);
            if self.y + h > self.bottom {
                self.new_page();
                draw_header(self);
            }
            draw_row(self, &sets, &st);
            let y = self.y;
            self.page().items.push(Item::Line {
                x1: x,
                y1: y,
                x2: x + width,
                y2: y,
                width: 0.4,
                color: RULE,
            });
        }
        if let Some(f) = &t.footer {
            let sets = set_row(self, f, &bold);
            self.ensure(row_height(&sets));
            draw_row(self, &sets, &bold);
        }
        self.y += body_gap;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(ink: &[[f32; 4]], form: PrintForm) -> Vec<&'static str> {
        let ts = Typesetter::new();
        let mut diags = Vec::new();
        let st = Styles {
            body: style(DEFAULT_FAMILY, 11.0, 1.4, false),
            heading: style(DEFAULT_FAMILY, 12.0, 1.35, true),
            small: style(DEFAULT_FAMILY, 7.5, 1.35, false),
            table: style(DEFAULT_FAMILY, 10.0, 1.35, false),
            address: style(DEFAULT_FAMILY, 10.0, 1.25, false),
        };
        let g = Geometry::new(Paper::A4, form);
        let mut c = Composer::new(
            &ts,
            g,
            st,
            None,
            DEFAULT_FAMILY.into(),
            Align::Left,
            &mut diags,
        );
        c.ink.extend_from_slice(ink);
        c.check_zones();
        diags.iter().map(|d| d.code).collect()
    }

    #[test]
    fn ink_in_the_window_or_the_mark_zone_is_reported() {
        let mm = |r: [f32; 4]| r.map(|v| v * MM);
        // Form B's window is 20–105 mm across and 45–90 mm down; form A's 27–72 mm down.
        assert_eq!(
            codes(&[mm([30.0, 60.0, 90.0, 65.0])], PrintForm::B),
            ["print-window"]
        );
        assert_eq!(
            codes(&[mm([30.0, 60.0, 90.0, 65.0])], PrintForm::A),
            ["print-window"]
        );
        assert!(codes(&[mm([30.0, 80.0, 90.0, 85.0])], PrintForm::A).is_empty());
        assert_eq!(
            codes(&[mm([6.0, 120.0, 60.0, 125.0])], PrintForm::B),
            ["print-fold"]
        );
        assert!(
            codes(
                &[
                    mm([25.0, 100.0, 190.0, 140.0]),
                    mm([125.0, 50.0, 190.0, 70.0])
                ],
                PrintForm::B
            )
            .is_empty()
        );
    }

    #[test]
    fn din_5008_geometry() {
        let b = Geometry::new(Paper::A4, PrintForm::B);
        assert_eq!(
            (b.window_x, b.window_y, b.window_w, b.window_h),
            (20.0, 45.0, 85.0, 45.0)
        );
        assert_eq!((b.folds, b.punch), ([105.0, 210.0], 148.5));
        let a = Geometry::new(Paper::A4, PrintForm::A);
        assert_eq!((a.window_y, a.folds), (27.0, [87.0, 192.0]));
        let letter = Geometry::new(Paper::Letter, PrintForm::B);
        assert_eq!((letter.width, letter.height), (215.9, 279.4));
    }
}
