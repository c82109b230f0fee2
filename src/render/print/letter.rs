//! A business letter after DIN 5008, composed from a resolved message: letterhead, address
//! field, information block, subject, body flowing over pages, footer on every page. The
//! result is a display list per page (page.rs) that every exporter reads.

use super::checks;
use super::flow::{Composer, Styles, style};
use super::fonts::{DEFAULT_FAMILY, Typesetter};
use super::geometry::Geometry;
use super::images::ImageCache;
use super::page::Page;
use super::text::Align;
use crate::diag::{Code, Diagnostic};
use crate::model::{Channel, Project};
use crate::render::Assets;
use crate::template::ResolvedMessage;
use hyphenation::Standard;

/// A finished letter: its pages and what its PDF says about itself.
#[derive(Debug, Clone)]
pub struct Letter {
    /// The pages in order, each a display list.
    pub pages: Vec<Page>,
    /// PDF title: the subject.
    pub title: String,
    /// PDF author: the sender's company.
    pub author: String,
    /// The project's language tag.
    pub language: String,
}

/// Most pages one letter may have: beyond, it is an error (and only these are kept for the
/// preview). Every text field is capped too, so a letter's size is bounded either way.
pub const MAX_LETTER_PAGES: usize = 50;

/// Lays out the letter for one record; returns it and the ids of the blocks it shows.
#[expect(
    clippy::too_many_arguments,
    reason = "what a letter is set from, each once"
)]
pub fn compose(
    project: &Project,
    assets: &Assets,
    ts: &Typesetter,
    images: &ImageCache,
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
                Code::PrintFont,
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
    let size = settings.font_size_pt.clamp(8.0, 14.0);
    let styles = Styles {
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
    let mut c = Composer::new(ts, images, g, styles, dict, family.clone(), align, diags);
    c.prepare_footer(project, msg);
    c.new_page();
    c.letterhead(project, assets);
    c.address(project, msg);
    c.info(msg, date, &msg.language);
    c.subject(&msg.subject);
    c.body(msg, assets);
    c.finish_pages(&msg.language);
    let (mut pages, shown, address) = c.finish();
    if pages.len() > MAX_LETTER_PAGES {
        diags.push(
            Diagnostic::error(
                Code::LetterPages,
                format!(
                    "the letter runs to {} pages; at most {MAX_LETTER_PAGES} are printed",
                    pages.len()
                ),
            )
            .on(Channel::Print),
        );
        pages.truncate(MAX_LETTER_PAGES);
    }
    checks::zones(
        ts,
        &Geometry::new(settings.paper, settings.form),
        &pages,
        address,
        diags,
    );
    checks::missing_glyphs(&pages, &family, diags);
    let letter = Letter {
        pages,
        title: msg.subject.clone(),
        author: project.brand.sender.company.clone(),
        language: msg.language.clone(),
    };
    (letter, shown)
}
