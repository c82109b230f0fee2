//! The printed letter as poppler sees it: its raster of our PDF against our own raster,
//! its word boxes against our glyph runs, its list of links. Poppler is an independent
//! PDF reader; agreeing with it shows that the PDF holds exactly the display list.

use crate::common;

use prism::model::Channel;
use prism::model::ChannelSet;
use prism::render::email::ImageMode;
use prism::render::print::{self, Letter, PX_PER_PT_96DPI, Page};
use prism::workspace::Workspace;
use resvg::tiny_skia::Pixmap;
use std::path::Path;
use std::process::Command;

const DATE: &str = "24.11.2026";

/// Every letter of every sample project (all their records), with its name.
fn sample_letters() -> Vec<(Workspace, Vec<(String, Letter)>)> {
    common::sample_projects()
        .iter()
        .map(|path| {
            let mut ws = Workspace::open(path, None).unwrap();
            ws.spoken.set_letter_date(DATE);
            let letters = ws
                .records
                .iter()
                .map(|r| {
                    let out = ws.render(r, ChannelSet::of(&[Channel::Print]), ImageMode::Cid);
                    let name = format!("{}-{}", common::stem(path), r.id);
                    (name, out.print.unwrap().artefact.unwrap())
                })
                .collect();
            (ws, letters)
        })
        .collect()
}

fn write_pdf(ws: &Workspace, letter: &Letter, dir: &Path, name: &str) -> std::path::PathBuf {
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, print::pdf(&ws.typesetter, letter).unwrap()).unwrap();
    path
}

/// Pixels whose colour differs by more than this in any channel count as different.
const CHANNEL_TOLERANCE: u8 = 64;
/// At most this share of a page's pixels may differ. Measured on the samples: 0.7–1.4‰,
/// from poppler placing glyphs on quarter pixels across and scaling the logo its own way.
const MAX_DIFFERENT_PER_MILLE: f64 = 2.0;
/// Mean absolute difference per channel over the page (0–255); measured 0.48–1.23.
const MAX_MEAN_DIFFERENCE: f64 = 1.5;

#[test]
fn poppler_draws_our_pdf_as_we_draw_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let mut report = Vec::new();
    for (ws, letters) in sample_letters() {
        for (name, letter) in &letters {
            let pdf = write_pdf(&ws, letter, dir.path(), name);
            let prefix = dir.path().join(name);
            common::run_ok(
                Command::new("pdftoppm")
                    .args(["-r", "96", "-png"])
                    .arg(&pdf)
                    .arg(&prefix),
            );
            for (i, page) in letter.pages.iter().enumerate() {
                let theirs_path = dir.path().join(format!("{name}-{}.png", i + 1));
                let theirs = Pixmap::load_png(&theirs_path).unwrap();
                let ours = print::raster(&ws.typesetter, page, PX_PER_PT_96DPI).unwrap();
                assert_eq!(
                    (ours.width(), ours.height()),
                    (theirs.width(), theirs.height()),
                    "{name} page {}",
                    i + 1
                );
                let (mut different, mut sum) = (0usize, 0u64);
                let mut diff = ours.clone();
                for ((a, b), d) in ours
                    .pixels()
                    .iter()
                    .zip(theirs.pixels())
                    .zip(diff.pixels_mut())
                {
                    let deltas = [
                        a.red().abs_diff(b.red()),
                        a.green().abs_diff(b.green()),
                        a.blue().abs_diff(b.blue()),
                    ];
                    sum += deltas.iter().map(|v| u64::from(*v)).sum::<u64>();
                    let far = deltas.iter().any(|v| *v > CHANNEL_TOLERANCE);
                    different += usize::from(far);
                    let grey = a.red() / 3 + 170;
                    *d = if far {
                        resvg::tiny_skia::PremultipliedColorU8::from_rgba(255, 0, 0, 255)
                    } else {
                        resvg::tiny_skia::PremultipliedColorU8::from_rgba(grey, grey, grey, 255)
                    }
                    .unwrap();
                }
                let n = (ours.width() * ours.height()) as f64;
                let per_mille = different as f64 * 1000.0 / n;
                let mean = sum as f64 / (3.0 * n);
                report.push(format!(
                    "{name} p{}: {per_mille:.3}‰ of pixels differ, mean difference {mean:.3}",
                    i + 1
                ));
                if per_mille > MAX_DIFFERENT_PER_MILLE || mean > MAX_MEAN_DIFFERENCE {
                    let out = common::root().join("target/print-diff");
                    std::fs::create_dir_all(&out).unwrap();
                    diff.save_png(out.join(format!("{name}-p{}-poppler-diff.png", i + 1)))
                        .unwrap();
                    panic!(
                        "{name} page {}: {per_mille:.3}‰ of pixels differ (allowed {MAX_DIFFERENT_PER_MILLE}‰), mean {mean:.3} (allowed {MAX_MEAN_DIFFERENCE}); see target/print-diff",
                        i + 1
                    );
                }
            }
        }
    }
    assert!(report.len() >= 10, "{report:?}");
    println!("{}", report.join("\n"));
}

/// A character of a line as drawn: where its glyph's pen starts and ends.
struct Char {
    c: char,
    x0: f32,
    x1: f32,
}

/// The characters of each baseline of a page, left to right, with the run's size.
fn drawn_lines(page: &Page) -> Vec<(f32, f32, Vec<Char>)> {
    let mut lines: Vec<(f32, f32, Vec<Char>)> = Vec::new();
    for run in page.runs() {
        let mut chars = Vec::new();
        // The font's empty box for a character it lacks carries no text for poppler.
        for g in run.glyphs.iter().filter(|g| g.id != 0) {
            let text = &run.text[g.text.clone()];
            let n = text.chars().count().max(1) as f32;
            let (start, width) = (run.x_pt + g.x_pt, g.advance_pt / n);
            for (k, c) in text.chars().enumerate() {
                let x0 = start + k as f32 * width;
                chars.push(Char {
                    c,
                    x0,
                    x1: x0 + width,
                });
            }
        }
        match lines
            .iter_mut()
            .find(|(y, _, _)| (*y - run.baseline_pt).abs() < 0.01)
        {
            Some((_, _, line)) => line.extend(chars),
            None => lines.push((run.baseline_pt, run.size_pt, chars)),
        }
    }
    for (_, _, line) in &mut lines {
        line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
    lines
}

/// Open Sans' OS/2 typographic ascender and descender (1567 and −492 of 2048 units per
/// em), which poppler uses for the height of a word's box.
const ASCENT_EM: f32 = 1567.0 / 2048.0;
const DESCENT_EM: f32 = 492.0 / 2048.0;

#[test]
fn poppler_finds_every_word_where_the_runs_put_it() {
    let dir = tempfile::tempdir().unwrap();
    let attr = |w: &str, key: &str| -> f32 {
        w.split(&format!("{key}=\""))
            .nth(1)
            .and_then(|r| r.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap()
    };
    let mut words_checked = 0;
    for (ws, letters) in sample_letters() {
        for (name, letter) in &letters {
            let pdf = write_pdf(&ws, letter, dir.path(), name);
            let html = common::run_ok(Command::new("pdftotext").arg("-bbox").arg(&pdf).arg("-"));
            let pages: Vec<&str> = html.split("<page ").skip(1).collect();
            assert_eq!(pages.len(), letter.pages.len(), "{name}");
            for (page, xml) in letter.pages.iter().zip(pages) {
                let lines = drawn_lines(page);
                let drawn: usize = lines
                    .iter()
                    .flat_map(|(_, _, l)| l)
                    .filter(|c| !c.c.is_whitespace())
                    .count();
                let mut found = 0;
                for w in xml.split("<word ").skip(1) {
                    let text = w
                        .split_once('>')
                        .unwrap()
                        .1
                        .split("</word>")
                        .next()
                        .unwrap();
                    let text = text
                        .replace("&amp;", "&")
                        .replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("&quot;", "\"");
                    let (x0, y0, x1, y1) = (
                        attr(w, "xMin"),
                        attr(w, "yMin"),
                        attr(w, "xMax"),
                        attr(w, "yMax"),
                    );
                    let wanted: Vec<char> = text.chars().collect();
                    let hit = lines.iter().any(|(baseline, size, chars)| {
                        let vertical = (y0 - (baseline - ASCENT_EM * size)).abs() <= 0.5
                            && (y1 - (baseline + DESCENT_EM * size)).abs() <= 0.5;
                        vertical
                            && chars.windows(wanted.len()).any(|win| {
                                win.iter().zip(&wanted).all(|(c, w)| c.c == *w)
                                    && (win[0].x0 - x0).abs() <= 0.5
                                    && (win[wanted.len() - 1].x1 - x1).abs() <= 0.5
                            })
                    });
                    assert!(
                        hit,
                        "{name}: poppler's word {text:?} at x {x0:.2}–{x1:.2}, y {y0:.2}–{y1:.2} is not where a run put it"
                    );
                    found += wanted.len();
                    words_checked += 1;
                }
                assert_eq!(
                    found, drawn,
                    "{name}: poppler reads {found} characters, the runs draw {drawn}"
                );
            }
        }
    }
    assert!(words_checked > 1000, "{words_checked} words");
}

#[test]
fn links_are_clickable_and_text_keeps_its_umlauts() {
    let dir = tempfile::tempdir().unwrap();
    for (ws, letters) in sample_letters() {
        for (name, letter) in &letters {
            let pdf = write_pdf(&ws, letter, dir.path(), name);
            let urls: Vec<String> = letter
                .pages
                .iter()
                .flat_map(|p| &p.items)
                .filter_map(|i| match i {
                    print::Item::Link { url, .. } => Some(url.clone()),
                    _ => None,
                })
                .collect();
            let listed = common::run_ok(Command::new("pdfinfo").arg("-url").arg(&pdf));
            for url in &urls {
                assert!(
                    listed.contains(url.as_str()),
                    "{name}: {url} is not a link in {listed}"
                );
            }
            let info = common::run_ok(Command::new("pdfinfo").arg(&pdf));
            assert!(
                info.contains(&format!("Title:           {}", letter.title)),
                "{info}"
            );
            assert!(info.contains("Author:          "), "{info}");
            let text = common::run_ok(Command::new("pdftotext").arg(&pdf).arg("-"));
            for drawn in letter.pages.iter().flat_map(|p| p.text_lines()) {
                for word in drawn
                    .1
                    .split(' ')
                    .filter(|w| w.contains(['ä', 'ö', 'ü', 'ß', 'Ä', 'Ö', 'Ü']))
                {
                    assert!(
                        text.contains(word.trim_end_matches('-')),
                        "{name}: {word:?} missing from {text}"
                    );
                }
            }
        }
        let _ = ws;
    }
}

/// The colour at (x, y) points of a 96 dpi raster.
fn colour_at(p: &Pixmap, x_pt: f32, y_pt: f32) -> (u8, u8, u8) {
    let px = p.pixel(
        (x_pt * PX_PER_PT_96DPI) as u32,
        (y_pt * PX_PER_PT_96DPI) as u32,
    );
    let c = px.unwrap().demultiply();
    (c.red(), c.green(), c.blue())
}

#[test]
fn jpeg_gif_and_svg_images_print_where_the_display_list_puts_them() {
    // A 300 × 150 image, red on the left half, blue on the right (tests/print-inputs).
    let dir = tempfile::tempdir().unwrap();
    // Images are read from inside the project's folder: the inputs go into a copy of it.
    let project = common::project_copy(&dir.path().join("project"), "welcome.ron");
    for name in ["halves.jpg", "halves.gif"] {
        let from = common::root().join("tests/print-inputs").join(name);
        std::fs::copy(from, project.with_file_name(name)).unwrap();
    }
    for asset in ["halves.jpg", "halves.gif", "../assets/images/logo.svg"] {
        let mut ws = Workspace::open(&project, None).unwrap();
        ws.spoken.set_letter_date(DATE);
        let ws = common::with_hero(&ws, asset);
        let out = ws.render(
            &ws.records[0],
            ChannelSet::of(&[Channel::Print]),
            ImageMode::Cid,
        );
        let out = out.print.unwrap();
        assert!(
            out.diagnostics.iter().all(|d| d.code.as_str() != "asset"),
            "{asset}: {:?}",
            out.diagnostics
        );
        let letter = out.artefact.unwrap();
        let page = &letter.pages[0];
        let rect = page
            .items
            .iter()
            .find_map(|i| match i {
                print::Item::Image { rect, image } if image.name == asset => Some(*rect),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{asset} is not on page 1"));
        let ours = print::raster(&ws.typesetter, page, PX_PER_PT_96DPI).unwrap();
        let pdf = write_pdf(&ws, &letter, dir.path(), "image");
        common::run_ok(
            Command::new("pdftoppm")
                .args(["-r", "96", "-png", "-singlefile"])
                .arg(&pdf)
                .arg(dir.path().join("image")),
        );
        let theirs = Pixmap::load_png(dir.path().join("image.png")).unwrap();
        let (cy, left, right) = (
            rect.y + rect.height / 2.0,
            rect.x + rect.width * 0.25,
            rect.x + rect.width * 0.75,
        );
        for p in [&ours, &theirs] {
            let (l, r) = (colour_at(p, left, cy), colour_at(p, right, cy));
            if asset.ends_with("halves.jpg") || asset.ends_with("halves.gif") {
                assert!(l.0 > 180 && l.2 < 90, "{asset}: left {l:?}");
                assert!(r.2 > 160 && r.0 < 90, "{asset}: right {r:?}");
            }
            // The logo's triangle sits at its left, its wordmark to the right: ink on both.
            let inked = (0..20).any(|k| {
                let x = rect.x + rect.width * k as f32 / 20.0;
                colour_at(p, x, cy) != (255, 255, 255)
            });
            assert!(inked, "{asset}: nothing drawn across the image's middle");
        }
    }
}

#[test]
fn an_image_too_large_or_broken_to_decode_is_a_diagnostic_and_the_letter_still_prints() {
    let dir = tempfile::tempdir().unwrap();
    // A PNG header claiming 65,535 × 65,535 pixels, and a PNG cut off after its header.
    let mut huge = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    huge.extend_from_slice(&65535u32.to_be_bytes());
    huge.extend_from_slice(&65535u32.to_be_bytes());
    huge.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    let logo = std::fs::read(common::root().join("assets/images/logo.png")).unwrap();
    let cases = [
        ("huge.png", huge, "40 megapixels"),
        ("cut.png", logo[..60].to_vec(), "cannot decode"),
    ];
    let project = common::project_copy(&dir.path().join("project"), "invoice.ron");
    for (name, bytes, says) in cases {
        std::fs::write(project.with_file_name(name), bytes).unwrap();
        let mut ws = Workspace::open(&project, None).unwrap();
        ws.project.brand.library = None;
        ws.project.brand.logo = Some(name.to_owned());
        let ws = common::with_project(&ws, ws.project.clone());
        let out = ws.render(
            &ws.records[0],
            ChannelSet::of(&[Channel::Print]),
            ImageMode::Cid,
        );
        let out = out.print.unwrap();
        let d: Vec<String> = out.diagnostics.iter().map(|d| d.to_string()).collect();
        assert!(
            d.iter().any(|d| d.contains("asset") && d.contains(says)),
            "{name}: {d:?}"
        );
        let letter = out.artefact.unwrap();
        assert!(letter.pages[0].runs().count() > 10);
        print::pdf(&ws.typesetter, &letter).unwrap();
    }
}
