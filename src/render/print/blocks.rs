//! The parts of a letter, each placed by the composer: letterhead, address field,
//! information block, subject, the body's blocks, and the footer of every page.

use super::flow::{Composer, MUTED, RULE, TEXT};
use super::images::{self, PrintImage};
use super::page::{Item, RectPt, mm_to_pt};
use super::text::{Align, SetText};
use crate::diag::{Code, Diagnostic};
use crate::model::{Channel, ImageWidth, Project};
use crate::render::Assets;
use crate::template::markdown::{Paragraph, RichText, Span};
use crate::template::{Resolved, ResolvedMessage, View};
use std::sync::Arc;

/// Images below this resolution at their printed size look blurred.
const MIN_DPI: f32 = 150.0;

/// "Lumina Mobil GmbH · Musterallee 1 · 50667 Köln": the return-address line.
fn sender_line(project: &Project) -> String {
    let s = &project.brand.sender;
    std::iter::once(s.company.as_str())
        .chain(s.address.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" · ")
}

pub(super) fn plain(text: &str) -> Paragraph {
    vec![Span {
        text: text.into(),
        bold: false,
        italic: false,
        link: None,
    }]
}

fn bold(text: &str) -> Span {
    Span {
        text: text.into(),
        bold: true,
        italic: false,
        link: None,
    }
}

impl Composer<'_> {
    pub fn letterhead(&mut self, project: &Project, assets: &Assets) {
        let Some(logo) = &project.brand.logo else {
            return;
        };
        let width_pt = mm_to_pt(45.0);
        let x_pt = mm_to_pt(self.g.width_mm - self.g.right_mm) - width_pt;
        if let Some((image, height_pt)) = self.image(assets, logo, width_pt, None) {
            self.page().items.push(Item::Image {
                rect: RectPt {
                    x: x_pt,
                    y: mm_to_pt(12.0),
                    width: width_pt,
                    height: height_pt,
                },
                image,
            });
        }
    }

    /// An image `width_pt` wide and its height, with a resolution check; `None` (and a
    /// diagnostic) when it cannot be printed.
    fn image(
        &mut self,
        assets: &Assets,
        asset: &str,
        width_pt: f32,
        block: Option<&str>,
    ) -> Option<(Arc<PrintImage>, f32)> {
        let diag = |d: Diagnostic| match block {
            Some(b) => d.at_block(b),
            None => d.at_field("brand.logo"),
        };
        let a = match assets.get(asset)? {
            Ok(a) => a,
            Err(e) => {
                self.diags.push(diag(
                    Diagnostic::error(Code::Asset, e.to_string()).on(Channel::Print),
                ));
                return None;
            }
        };
        if a.content_type == "image/svg+xml" {
            self.svg_fonts(asset, &a.bytes, block);
        }
        let image = match images::decode(self.ts, self.images, asset, a) {
            Ok(i) => i,
            Err(e) => {
                let said = format!("{asset}: {e}");
                self.diags.push(diag(
                    Diagnostic::error(Code::Asset, said).on(Channel::Print),
                ));
                return None;
            }
        };
        if let Some((pw, _)) = a.size {
            let dpi = pw as f32 / (width_pt / 72.0);
            if dpi < MIN_DPI {
                self.diags.push(diag(
                    Diagnostic::warning(
                        Code::PrintDpi,
                        format!(
                            "{asset}: {pw} px over {:.0} mm is {dpi:.0} dpi; print needs {MIN_DPI:.0} dpi or more",
                            width_pt / mm_to_pt(1.0)
                        ),
                    )
                    .on(Channel::Print),
                ));
            }
        }
        let height = width_pt / image.aspect();
        Some((image, height))
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
                Code::PrintFont,
                format!("{asset} sets text in `{family}`, which Prism does not ship; that text is left out (convert it to paths or use {})", self.family),
            )
            .on(Channel::Print);
            self.diags.push(match block {
                Some(b) => d.at_block(b),
                None => d.at_field("brand.logo"),
            });
        }
    }

    pub fn address(&mut self, project: &Project, msg: &ResolvedMessage) {
        let first_item = self.page().items.len();
        let x_pt = mm_to_pt(self.g.window_x_mm + 5.0);
        let top_pt = mm_to_pt(self.g.window_y_mm);
        // Text starts 5 mm inside the field and must end inside it.
        let inner_pt = mm_to_pt(self.g.window_w_mm - 5.0);
        // The return-address line sits at the foot of the note zone.
        let small = self.st.small.clone();
        let ret = self.set(&plain(&sender_line(project)), &small, f32::MAX, Align::Left);
        let note_bottom_pt = top_pt + mm_to_pt(self.g.note_zone_mm);
        if ret.width_pt() > inner_pt + mm_to_pt(5.0) {
            self.diags.push(
                Diagnostic::warning(
                    Code::PrintAddress,
                    "the return-address line is wider than the address field",
                )
                .on(Channel::Print)
                .at_field("brand.sender"),
            );
        }
        let ret_top_pt = note_bottom_pt - ret.line_height_pt - mm_to_pt(1.0);
        self.draw(&ret, x_pt, ret_top_pt, MUTED, 0..ret.lines.len().min(1));
        let lines = &msg.postal_address;
        if lines.len() > 6 {
            self.diags.push(
                Diagnostic::error(
                    Code::PrintAddress,
                    format!("the address has {} lines; the window shows 6", lines.len()),
                )
                .on(Channel::Print)
                .at_field("channels.print.address"),
            );
        }
        let addr = self.st.address.clone();
        let mut y_pt = note_bottom_pt;
        for line in lines.iter().take(6) {
            let set = self.set(&plain(line), &addr, f32::MAX, Align::Left);
            if set.width_pt() > inner_pt {
                self.diags.push(
                    Diagnostic::warning(
                        Code::PrintAddress,
                        format!(
                            "address line `{line}` is {:.0} mm wide; the window leaves {:.0} mm",
                            set.width_pt() / mm_to_pt(1.0),
                            inner_pt / mm_to_pt(1.0)
                        ),
                    )
                    .on(Channel::Print)
                    .at_field("channels.print.address"),
                );
            }
            self.draw(&set, x_pt, y_pt, TEXT, 0..set.lines.len().min(1));
            y_pt += set.line_height_pt;
        }
        self.address = first_item..self.page().items.len();
    }

    pub fn info(&mut self, msg: &ResolvedMessage, date: &str, language: &str) {
        let label_date = crate::words::of(language).date;
        let rows: Vec<(String, String)> = std::iter::once((label_date.to_owned(), date.to_owned()))
            .chain(msg.info.iter().cloned())
            .collect();
        let small = self.st.small.clone();
        let mut value_style = small.clone();
        value_style.size_pt = 8.5;
        value_style.line_height_pt = 8.5 * 1.35;
        let mut y_pt = mm_to_pt(self.g.info_y_mm);
        let x_pt = mm_to_pt(self.g.info_x_mm);
        let value_x_pt = x_pt + mm_to_pt(30.0);
        let value_width_pt = mm_to_pt(self.g.width_mm - self.g.right_mm) - value_x_pt;
        for (label, value) in rows {
            let l = self.set(&plain(&label), &small, mm_to_pt(29.0), Align::Left);
            let v = self.set(&plain(&value), &value_style, value_width_pt, Align::Left);
            self.draw(&l, x_pt, y_pt, MUTED, 0..l.lines.len());
            self.draw(&v, value_x_pt, y_pt, TEXT, 0..v.lines.len());
            y_pt += v.height_pt().max(l.height_pt()) + mm_to_pt(0.8);
        }
    }

    pub fn subject(&mut self, subject: &str) {
        if subject.is_empty() {
            return;
        }
        let heading = self.st.heading.clone();
        let width_pt = mm_to_pt(self.g.text_width_mm());
        let set = self.set(&[bold(subject)], &heading, width_pt, Align::Left);
        let y = self.y_pt;
        self.draw(&set, mm_to_pt(self.g.left_mm), y, TEXT, 0..set.lines.len());
        self.y_pt += set.height_pt() + 2.0 * self.st.body.line_height_pt;
    }

    /// Sets the footer (legal text, else the sender) first: its height decides where body
    /// text stops on every page.
    pub fn prepare_footer(&mut self, project: &Project, msg: &ResolvedMessage) {
        let small = self.st.small.clone();
        let width_pt = mm_to_pt(self.g.text_width_mm());
        for b in &msg.blocks {
            let text = match b.view(Channel::Print) {
                Some(View::Default(Resolved::Legal(t)))
                | Some(View::Override(t, Resolved::Legal(_))) => t,
                _ => continue,
            };
            for p in &text.paragraphs {
                let set = self.set(p, &small, width_pt, Align::Left);
                self.footer.push(set);
            }
            self.shown.push(b.id.clone());
        }
        if self.footer.is_empty() {
            let set = self.set(&plain(&sender_line(project)), &small, width_pt, Align::Left);
            self.footer.push(set);
        }
        // Body text stops above the page number and the footer.
        self.bottom_pt = self.footer_top() - mm_to_pt(10.0);
    }

    fn footer_top(&self) -> f32 {
        let footer_height: f32 = self.footer.iter().map(SetText::height_pt).sum();
        mm_to_pt(self.g.height_mm - 12.0) - footer_height
    }

    /// Page number, rule and footer on every page, once the number of pages is known.
    pub fn finish_pages(&mut self, language: &str) {
        let n = self.pages.len();
        let small = self.st.small.clone();
        let top = self.footer_top();
        let footer = std::mem::take(&mut self.footer);
        let (left, right) = (
            mm_to_pt(self.g.left_mm),
            mm_to_pt(self.g.width_mm - self.g.right_mm),
        );
        let pages = std::mem::take(&mut self.pages);
        for (i, page) in pages.into_iter().enumerate() {
            self.pages.push(page);
            let label = (crate::words::of(language).page_of)(i + 1, n);
            let number = self.set(&plain(&label), &small, right - left, Align::Right);
            // Its baseline 4 mm above the footer.
            let ascent = number.lines.first().map_or(0.0, |l| l.baseline_pt);
            self.draw(&number, left, top - mm_to_pt(4.0) - ascent, MUTED, 0..1);
            self.rule(left, top - mm_to_pt(2.0), right - left, 0.4, RULE);
            let mut y = top;
            for set in &footer {
                self.draw(set, left, y, MUTED, 0..set.lines.len());
                y += set.height_pt();
            }
        }
        self.footer = footer;
    }

    pub fn body(&mut self, msg: &ResolvedMessage, assets: &Assets) {
        let width_pt = mm_to_pt(self.g.text_width_mm());
        let x_pt = mm_to_pt(self.g.left_mm);
        let body = self.st.body.clone();
        let gap_pt = 0.6 * body.line_height_pt;
        for b in &msg.blocks {
            let Some(view) = b.view(Channel::Print) else {
                continue;
            };
            let id = b.id.as_str();
            let rich = |t: &RichText| t.paragraphs.clone();
            let before = (self.pages.len(), self.y_pt);
            match view {
                View::Override(_, Resolved::Legal(_)) | View::Default(Resolved::Legal(_)) => {
                    continue;
                }
                View::Override(t, _)
                | View::Default(Resolved::Text(t) | Resolved::Signature(t)) => {
                    for p in rich(t) {
                        let set = self.set(&p, &body, width_pt, self.align);
                        self.flow(&set, x_pt, TEXT, gap_pt);
                    }
                }
                View::Default(Resolved::Heading(h)) => {
                    let heading = self.st.heading.clone();
                    let set = self.set(&[bold(h)], &heading, width_pt, Align::Left);
                    // Keep a heading with two lines of what follows.
                    self.ensure(set.height_pt() + 2.0 * body.line_height_pt);
                    self.flow(&set, x_pt, TEXT, 0.3 * body.line_height_pt);
                }
                View::Default(Resolved::Button { label, url }) => {
                    let mut spans = vec![bold(&format!("{label}: "))];
                    if let Some(url) = url {
                        spans.push(Span {
                            text: url.clone(),
                            bold: false,
                            italic: false,
                            link: Some(url.clone()),
                        });
                    }
                    let set = self.set(&spans, &body, width_pt, Align::Left);
                    self.flow(&set, x_pt, TEXT, gap_pt);
                }
                View::Default(Resolved::Image { asset, width, .. }) => {
                    let image_width_pt = match width {
                        ImageWidth::Full => width_pt,
                        // Email widths are CSS pixels: 96 per inch.
                        ImageWidth::Px(px) => (*px as f32 * 0.75).min(width_pt),
                    };
                    if let Some((image, height_pt)) =
                        self.image(assets, asset, image_width_pt, Some(id))
                    {
                        self.ensure(height_pt);
                        let rect = RectPt {
                            x: x_pt,
                            y: self.y_pt,
                            width: image_width_pt,
                            height: height_pt,
                        };
                        self.page().items.push(Item::Image { rect, image });
                        self.y_pt += height_pt + gap_pt;
                    }
                }
                View::Default(Resolved::Table(t)) => self.table(id, t, width_pt, x_pt),
                View::Default(Resolved::Divider) => {
                    self.ensure(gap_pt);
                    let y = self.y_pt + gap_pt / 2.0;
                    self.rule(x_pt, y, width_pt, 0.45, RULE);
                    self.y_pt += gap_pt;
                }
            }
            if (self.pages.len(), self.y_pt) != before {
                self.shown.push(id.to_owned());
            }
        }
    }
}
