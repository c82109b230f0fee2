//! Letters: layout to SVG, raster preview, one-letter PDF, merged PDF.
//! `cargo bench --bench print`; figures (medians) are in the README.

use divan::counter::ItemsCount;
use divan::{Bencher, black_box};
use prism::model::{Channel, Record};
use prism::render::email::ImageMode;
use prism::render::print::{self, Letter};
use prism::template::{ChannelSet, ResolveOptions};
use prism::workspace::Workspace;
use std::path::Path;

fn main() {
    divan::main();
}

fn workspace(name: &str) -> Workspace {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("projects")
        .join(format!("{name}.ron"));
    Workspace::open(&path, None).unwrap()
}

fn letter(ws: &Workspace, id: &str) -> Letter {
    let r = ws.render(
        ws.record(id).unwrap(),
        ChannelSet::of(&[Channel::Print]),
        false,
        ImageMode::Cid,
    );
    r.print.unwrap().artefact.unwrap()
}

const LETTERS: [&str; 2] = ["welcome/C-1001", "invoice/C-1002"];

fn case(c: &str) -> (Workspace, String) {
    let (p, id) = c.split_once('/').unwrap();
    (workspace(p), id.to_owned())
}

/// Resolve + set the letter + write its SVG (one page).
#[divan::bench(args = LETTERS)]
fn layout_to_svg(bencher: Bencher, c: &str) {
    let (ws, id) = case(c);
    let record = ws.record(&id).unwrap();
    bencher.bench_local(|| {
        let msg = ws.engine.resolve(
            black_box(record),
            ResolveOptions {
                channels: ChannelSet::of(&[Channel::Print]),
                strict: false,
            },
        );
        let out = print::render(
            &ws.project,
            &ws.assets,
            &ws.typesetter,
            ws.hyphenator.as_ref(),
            &msg,
            &ws.letter_date,
        );
        out.artefact.unwrap().svg(0).unwrap()
    });
}

/// The SVG parsed and rasterised at 96 dpi (794 × 1123 px), without PNG encoding.
#[divan::bench(args = LETTERS)]
fn raster_96dpi(bencher: Bencher, c: &str) {
    let (ws, id) = case(c);
    let svg = letter(&ws, &id).svg(0).unwrap();
    bencher.bench_local(|| print::raster(&ws.typesetter, black_box(&svg), 1.0).unwrap());
}

/// The same, encoded as PNG.
#[divan::bench(args = LETTERS)]
fn png_96dpi(bencher: Bencher, c: &str) {
    let (ws, id) = case(c);
    let svg = letter(&ws, &id).svg(0).unwrap();
    bencher.bench_local(|| print::png(&ws.typesetter, black_box(&svg), 1.0).unwrap());
}

/// One letter from its pages to PDF bytes (parse, fonts subset and embedded).
#[divan::bench(args = LETTERS)]
fn one_letter_pdf(bencher: Bencher, c: &str) {
    let (ws, id) = case(c);
    let l = letter(&ws, &id);
    bencher.bench_local(|| print::pdf(&ws.typesetter, &[black_box(&l)]).unwrap());
}

/// 200 one-letter PDFs joined into one; the counter is pages.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn merged_pdf_200_letters(bencher: Bencher) {
    let ws = workspace("invoice");
    let base = ws.record("C-1001").unwrap();
    let pdfs: Vec<Vec<u8>> = (0..200)
        .map(|i| {
            let mut fields = base.fields.clone();
            fields["customer_id"] = format!("C-{i:05}").into();
            let r = Record::new(format!("C-{i:05}"), String::new(), fields);
            let out = ws.render(&r, ChannelSet::of(&[Channel::Print]), false, ImageMode::Cid);
            print::pdf(
                &ws.typesetter,
                &[out.print.as_ref().unwrap().artefact.as_ref().unwrap()],
            )
            .unwrap()
        })
        .collect();
    bencher
        .counter(ItemsCount::new(pdfs.len()))
        .bench_local(|| print::merge(black_box(&pdfs)).unwrap());
}

/// Only parsing the SVG (usvg: text shaped and outlined).
#[divan::bench(args = LETTERS)]
fn parse_svg(bencher: Bencher, c: &str) {
    let (ws, id) = case(c);
    let svg = letter(&ws, &id).svg(0).unwrap();
    bencher.bench_local(|| print::parse(&ws.typesetter, black_box(&svg), 1).unwrap());
}
