//! Printed letters: reference images, PDF checks with poppler and qpdf, page breaks.

use crate::common;

use prism::model::ChannelSet;
use prism::render::email::ImageMode;
use prism::render::print::{self, Letter};
use prism::workspace::Workspace;
use resvg::tiny_skia::Pixmap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Letters carry the day they are made; tests fix it so images stay comparable.
const DATE: &str = "24.11.2026";

fn workspace(project: &str) -> Workspace {
    let mut ws = Workspace::open(&common::root().join("projects").join(project), None).unwrap();
    ws.spoken.set_letter_date(DATE);
    ws
}

fn letter(ws: &Workspace, id: &str) -> (Letter, Vec<String>) {
    let r = ws.render(
        ws.record(id).unwrap(),
        ChannelSet::of(&[prism::model::Channel::Print]),
        ImageMode::Cid,
    );
    let out = r.print.unwrap();
    let diags = out.diagnostics.iter().map(|d| d.to_string()).collect();
    (out.artefact.unwrap(), diags)
}

/// All words of a page, line by line in drawing order.
fn words(letter: &Letter, page: usize) -> String {
    letter.pages[page]
        .text_lines()
        .into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Compares with tests/print-reference/NAME.png; a mismatch writes the new image and a diff
/// (changed pixels in red) under target/print-diff. `UPDATE_REFERENCES=1` rewrites the references.
fn compare(name: &str, png: &[u8]) {
    let reference = common::root()
        .join("tests/print-reference")
        .join(format!("{name}.png"));
    if std::env::var_os("UPDATE_REFERENCES").is_some() {
        std::fs::create_dir_all(reference.parent().unwrap()).unwrap();
        std::fs::write(&reference, png).unwrap();
        return;
    }
    let actual = Pixmap::decode_png(png).unwrap();
    let expected = Pixmap::decode_png(
        &std::fs::read(&reference).unwrap_or_else(|_| panic!("{} is missing", reference.display())),
    )
    .unwrap();
    assert_eq!(
        (actual.width(), actual.height()),
        (expected.width(), expected.height()),
        "{name}: size"
    );
    let mut diff = actual.clone();
    let mut changed = 0usize;
    for (i, (a, e)) in actual.pixels().iter().zip(expected.pixels()).enumerate() {
        let d = [
            a.red().abs_diff(e.red()),
            a.green().abs_diff(e.green()),
            a.blue().abs_diff(e.blue()),
        ];
        let px = &mut diff.pixels_mut()[i];
        if d.iter().any(|c| *c > 40) {
            changed += 1;
            *px = resvg::tiny_skia::PremultipliedColorU8::from_rgba(255, 0, 0, 255).unwrap();
        } else {
            *px = resvg::tiny_skia::PremultipliedColorU8::from_rgba(
                e.red() / 3 + 170,
                e.green() / 3 + 170,
                e.blue() / 3 + 170,
                255,
            )
            .unwrap();
        }
    }
    // Same fonts and renderer: only stray anti-aliasing may differ, never a glyph.
    let allowed = 10;
    if changed > allowed {
        let dir = common::root().join("target/print-diff");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
        diff.save_png(dir.join(format!("{name}-diff.png"))).unwrap();
        panic!(
            "{name}: {changed} pixels differ (allowed {allowed}); see target/print-diff/{name}-diff.png"
        );
    }
}

#[test]
fn sample_letters_match_their_reference_images() {
    let cases = [
        ("welcome.ron", "C-1001", 0),
        ("welcome.ron", "C-1004", 0),
        ("invoice.ron", "C-1002", 0),
        ("invoice.ron", "C-2001", 0),
        ("invoice.ron", "C-2001", 1),
    ];
    for (project, id, page) in cases {
        let ws = workspace(project);
        let (letter, _) = letter(&ws, id);
        let png = print::png(
            &ws.typesetter,
            &letter.pages[page],
            0.5 * print::PX_PER_PT_96DPI,
        )
        .unwrap();
        compare(
            &format!("{}-{id}-p{}", project.trim_end_matches(".ron"), page + 1),
            &png,
        );
    }
}

#[test]
fn tables_repeat_their_header_on_the_next_page() {
    let ws = workspace("invoice.ron");
    let (letter, _) = letter(&ws, "C-2001");
    assert_eq!(letter.pages.len(), 2);
    let p1 = words(&letter, 0);
    let p2 = words(&letter, 1);
    assert!(
        p1.contains("Position") && p1.contains("SIM 01") && !p1.contains("Gesamt"),
        "{p1}"
    );
    assert!(
        p2.starts_with("Position Menge Einzelpreis Betrag")
            || p2.contains("Position Menge Einzelpreis Betrag"),
        "{p2}"
    );
    assert!(p2.contains("SIM 34") && p2.contains("Gesamt"));
    assert!(p1.contains("Seite 1 von 2") && p2.contains("Seite 2 von 2"));
    // Every row is on exactly one page.
    for n in 1..=34 {
        let row = format!("SIM {n:02} ");
        assert_eq!(
            p1.matches(&row).count() + p2.matches(&row).count(),
            1,
            "{row}"
        );
    }
}

/// Baselines of the lines of a page that hold `word`.
fn baselines(page: &print::Page, word: &str) -> Vec<f32> {
    page.text_lines()
        .into_iter()
        .filter(|(_, t)| t.split(' ').any(|w| w == word))
        .map(|(y, _)| y)
        .collect()
}

#[test]
fn paragraphs_break_without_widows_or_orphans() {
    // A long paragraph whose length moves a page break through every line position, then a
    // three-line paragraph that must never be split (2 + 1 and 1 + 2 both leave a line alone).
    let mut breaks = 0;
    let mut short_on = std::collections::BTreeSet::new();
    for words in (200..420).step_by(3) {
        let mut ws = workspace("welcome.ron");
        let intro = ws
            .project
            .content
            .blocks
            .iter_mut()
            .find(|b| b.id == "intro")
            .unwrap();
        let text = format!(
            "{}\n\n{}",
            "Füllwort ".repeat(words),
            "Dreizeiler ".repeat(20)
        );
        intro.kind = prism::model::BlockKind::Text { text };
        let ws = common::with_project(&ws, ws.project.clone());
        let (letter, _) = letter(&ws, "C-1001");
        if letter.pages.len() < 2 {
            continue; // fits on page 1: nothing to break
        }
        breaks += 1;
        for (page, drawn) in letter.pages.iter().enumerate() {
            let long = baselines(drawn, "Füllwort").len();
            assert!(
                long != 1,
                "{words} words: page {} holds one line of the long paragraph",
                page + 1
            );
            let short = baselines(drawn, "Dreizeiler").len();
            assert!(
                matches!(short, 0 | 3),
                "{words} words: the three-line paragraph has {short} lines on page {}",
                page + 1
            );
            if short == 3 {
                short_on.insert(page);
            }
        }
    }
    assert!(breaks > 30, "only {breaks} lengths broke across pages");
    // The short paragraph moved from page 1 to page 2 as the long one grew: it met the break.
    assert!(
        short_on.contains(&0) && short_on.contains(&1),
        "{short_on:?}"
    );
}

fn tool(name: &str) -> Command {
    Command::new(name)
}

/// Text of the address field of page 1 (form B: 85 × 45 mm at 20 mm / 45 mm), read by poppler.
fn address_field_text(pdf: &Path) -> String {
    let pt = |mm: f64| format!("{}", (mm / 25.4 * 72.0).round() as i64);
    common::run_ok(
        tool("pdftotext")
            .args([
                "-f",
                "1",
                "-l",
                "1",
                "-r",
                "72",
                "-x",
                &pt(20.0),
                "-y",
                &pt(45.0),
                "-W",
                &pt(85.0),
                "-H",
                &pt(45.0),
                "-layout",
            ])
            .arg(pdf)
            .arg("-"),
    )
}

#[test]
fn exported_pdfs_pass_qpdf_embed_fonts_render_and_carry_the_address() {
    let dir = tempfile::tempdir().unwrap();
    for project in ["welcome.ron", "invoice.ron"] {
        // Every reachable customer gets a letter here, not only those routed to one.
        let mut ws = workspace(project);
        let mut every = ws.project.clone();
        every.routing.strategy = Some(prism::model::Strategy::All);
        every.routing.order = prism::model::Channel::ALL.to_vec();
        ws.set_project(every).unwrap();
        let out: PathBuf = dir.path().join(project);
        let opts = prism::export::ExportOptions {
            print_merged: true,
            threads: 1,
            ..prism::export::ExportOptions::new(
                out.clone(),
                ChannelSet::of(&[prism::model::Channel::Print]),
            )
        };
        prism::export::run(&ws, &opts, &mut |_| {}, &Default::default()).unwrap();
        let mut pdfs: Vec<(PathBuf, String)> = Vec::new();
        for r in prism::export::read_entries(&out).unwrap() {
            let r = r.unwrap();
            for o in r.outputs.iter().filter(|o| o.file.ends_with(".pdf")) {
                pdfs.push((out.join(&o.file), r.id.clone()));
            }
        }
        assert!(pdfs.len() >= 4, "{project}: {} letters", pdfs.len());
        for (pdf, id) in &pdfs {
            common::run_ok(tool("qpdf").arg("--check").arg(pdf));
            let fonts = common::run_ok(tool("pdffonts").arg(pdf));
            let rows: Vec<&str> = fonts.lines().skip(2).collect();
            assert!(!rows.is_empty(), "{id}: no fonts");
            for row in rows {
                let cols: Vec<&str> = row.split_whitespace().collect();
                let emb = cols[cols.len() - 5];
                assert_eq!(emb, "yes", "{id}: font not embedded: {row}");
            }
            let info = common::run_ok(tool("pdfinfo").arg(pdf));
            assert!(info.contains("595.276 x 841.89 pts (A4)"), "{id}: {info}");
            let pages: usize = info
                .lines()
                .find(|l| l.starts_with("Pages:"))
                .unwrap()
                .split_whitespace()
                .nth(1)
                .unwrap()
                .parse()
                .unwrap();
            let prefix = dir.path().join(format!("{id}-page"));
            common::run_ok(
                tool("pdftoppm")
                    .args(["-png", "-r", "20"])
                    .arg(pdf)
                    .arg(&prefix),
            );
            let rendered = std::fs::read_dir(dir.path())
                .unwrap()
                .filter(|e| {
                    e.as_ref()
                        .unwrap()
                        .file_name()
                        .to_string_lossy()
                        .starts_with(&format!("{id}-page"))
                })
                .count();
            assert_eq!(rendered, pages, "{id}: pdftoppm pages");
            for f in std::fs::read_dir(dir.path())
                .unwrap()
                .flatten()
                .filter(|e| {
                    e.file_name()
                        .to_string_lossy()
                        .starts_with(&format!("{id}-page"))
                })
            {
                std::fs::remove_file(f.path()).unwrap();
            }
            let record = ws.record(id).unwrap();
            let field = address_field_text(pdf);
            let last = record.get("last_name").unwrap().as_str().unwrap();
            let city = record.get("city").unwrap().as_str().unwrap();
            // The longest names wrap nowhere but may be cut by the crop; the city line is whole.
            let surname_part = last.split([' ', '-']).next_back().unwrap();
            // The city as the destination's post writes it (in capitals for France).
            assert!(
                field.contains(surname_part) && field.to_uppercase().contains(&city.to_uppercase()),
                "{id}: address field reads {field:?}"
            );
        }
        let merged = out.join("letters.pdf");
        common::run_ok(tool("qpdf").arg("--check").arg(&merged));
        let info = common::run_ok(tool("pdfinfo").arg(&merged));
        assert!(info.lines().any(|l| {
            l.starts_with("Pages:")
                && l.split_whitespace()
                    .nth(1)
                    .unwrap()
                    .parse::<usize>()
                    .unwrap()
                    >= pdfs.len()
        }));
    }
}

#[test]
fn print_diagnostics_name_the_problem() {
    let codes = |ws: &Workspace, id: &str| -> Vec<String> { letter(ws, id).1 };
    // Seven address lines for a window of six.
    let mut ws = workspace("invoice.ron");
    ws.project.channels.print.address = (1..=7).map(|i| format!("Zeile {i}")).collect();
    let ws = common::with_project(&ws, ws.project.clone());
    assert!(
        codes(&ws, "C-1001")
            .iter()
            .any(|d| d.contains("7 lines") && d.contains("print-address"))
    );
    // A 320 px logo stretched over the full text width is far below 150 dpi.
    let ws = common::with_hero(&workspace("welcome.ron"), "../assets/images/logo.png");
    let d = codes(&ws, "C-1001");
    assert!(
        d.iter()
            .any(|d| d.contains("print-dpi") && d.contains("dpi")),
        "{d:?}"
    );
    // An item name with no break opportunity wider than its column.
    let mut ws = workspace("invoice.ron");
    let mut fields = ws.records[0].fields.clone();
    fields["invoice"]["items"][0]["name"] = "Donaudampfschifffahrtsgesellschaftskapitänsmützenaufbewahrungsbehältnisreinigungsdienstleistung".into();
    ws.records[0] = prism::model::Record::new("C-1001".into(), "test".into(), fields);
    let d = codes(&ws, "C-1001");
    assert!(
        d.iter()
            .any(|d| d.contains("print-table") && d.contains("column 1")),
        "{d:?}"
    );
    // C-1003's plan name has an emoji the font cannot draw; C-1002's street is too wide.
    let ws = workspace("invoice.ron");
    assert!(codes(&ws, "C-1003").iter().any(|d| d.contains("U+1F600")));
    assert!(
        codes(&ws, "C-1002")
            .iter()
            .any(|d| d.contains("Am Großen Wannsee") && d.contains("print-address"))
    );
}

#[test]
fn the_svg_export_draws_what_the_raster_draws() {
    // resvg reads the SVG exporter's file on its own: glyph outlines, rules, images.
    let ws = workspace("invoice.ron");
    let (letter, _) = letter(&ws, "C-2001");
    for page in &letter.pages {
        let svg = print::svg(&ws.typesetter, page);
        let tree = resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default()).unwrap();
        // The SVG's size is in points; usvg turns it into CSS pixels (96 dpi). Both at 384 dpi,
        // where rules are wider than the pixel the raster snaps them to.
        let ours = print::raster(&ws.typesetter, page, 4.0 * print::PX_PER_PT_96DPI).unwrap();
        let mut theirs = Pixmap::new(ours.width(), ours.height()).unwrap();
        theirs.fill(resvg::tiny_skia::Color::WHITE);
        let four = resvg::tiny_skia::Transform::from_scale(4.0, 4.0);
        resvg::render(&tree, four, &mut theirs.as_mut());
        // Each of our pixels is compared with the SVG's at the same place or one row up or
        // down: the raster puts baselines and rules on whole pixels, the SVG keeps them
        // exact. A missing, extra or misplaced glyph still stands out.
        let (w, h) = (ours.width() as usize, ours.height() as usize);
        let grey =
            |p: &Pixmap| -> Vec<i16> { p.pixels().iter().map(|c| i16::from(c.green())).collect() };
        let (a, b) = (grey(&ours), grey(&theirs));
        let distance = |i: usize| -> i16 {
            let (y, x) = (i / w, i % w);
            (y.saturating_sub(1)..=(y + 1).min(h - 1))
                .map(|yy| (a[i] - b[yy * w + x]).abs())
                .min()
                .unwrap_or(0)
        };
        let far = (0..w * h).filter(|i| distance(*i) > 64).count();
        let per_mille = far as f64 * 1000.0 / (w * h) as f64;
        println!("SVG by resvg against the raster: {per_mille:.3}‰ of pixels differ");
        // Same outlines; only the raster's whole-pixel baselines and rules differ.
        if per_mille >= 1.0 {
            let dir = common::root().join("target/print-diff");
            std::fs::create_dir_all(&dir).unwrap();
            theirs.save_png(dir.join("svg-resvg.png")).unwrap();
            let mut diff = ours.clone();
            for (i, px) in diff.pixels_mut().iter_mut().enumerate() {
                if distance(i) > 64 {
                    *px =
                        resvg::tiny_skia::PremultipliedColorU8::from_rgba(255, 0, 0, 255).unwrap();
                }
            }
            diff.save_png(dir.join("svg-diff.png")).unwrap();
            ours.save_png(dir.join("svg-ours.png")).unwrap();
            panic!("{per_mille:.3}‰ of pixels differ; see target/print-diff/svg-*.png");
        }
    }
}

fn page_count(pdf: &Path) -> usize {
    let info = common::run_ok(tool("pdfinfo").arg(pdf));
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn the_print_run_pads_letters_for_duplex_printing() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace("invoice.ron");
    for duplex in [false, true] {
        let out = dir.path().join(format!("duplex-{duplex}"));
        let opts = prism::export::ExportOptions {
            print_merged: true,
            duplex,
            threads: 1,
            ..prism::export::ExportOptions::new(
                out.clone(),
                ChannelSet::of(&[prism::model::Channel::Print]),
            )
        };
        prism::export::run(&ws, &opts, &mut |_| {}, &Default::default()).unwrap();
        let letters: Vec<PathBuf> = prism::export::read_entries(&out)
            .unwrap()
            .flat_map(|r| r.unwrap().outputs)
            .filter(|o| o.file.ends_with(".pdf"))
            .map(|o| out.join(&o.file))
            .collect();
        let counts: Vec<usize> = letters.iter().map(|p| page_count(p)).collect();
        assert!(counts.contains(&2) && counts.contains(&1), "{counts:?}");
        let merged = out.join("letters.pdf");
        common::run_ok(tool("qpdf").arg("--check").arg(&merged));
        let padded = |n: usize| if duplex { n.div_ceil(2) * 2 } else { n };
        assert_eq!(
            page_count(&merged),
            counts.iter().map(|n| padded(*n)).sum::<usize>()
        );
        // Each letter starts where the pages before it end (on a front side with duplex).
        let mut first = 1;
        for n in &counts {
            let text = common::run_ok(
                tool("pdftotext")
                    .args(["-f", &first.to_string(), "-l", &first.to_string()])
                    .arg(&merged)
                    .arg("-"),
            );
            assert!(
                text.contains(&format!("Seite 1 von {n}")),
                "page {first}: {text}"
            );
            if duplex {
                assert_eq!(first % 2, 1);
            }
            first += padded(*n);
        }
        assert!(!out.join("letters.pdf.part").exists());
    }
}
