//! Letters: layout to a display list, raster preview, one-letter PDF, the print run.
//! `cargo bench --bench print`; figures (medians) are in the README.

/// Measured with the allocator `prism` ships with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use divan::counter::ItemsCount;
use divan::{Bencher, black_box};
use prism::model::ChannelSet;
use prism::model::{Channel, Record};
use prism::render::email::ImageMode;
use prism::render::print::{self, Letter, PX_PER_PT_96DPI};
use prism::template::ResolveOptions;
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
        ImageMode::Cid,
    );
    r.print.unwrap().artefact.unwrap()
}

const LETTERS: [&str; 2] = ["welcome/C-1001", "invoice/C-1002"];

fn case(c: &str) -> (Workspace, String) {
    let (p, id) = c.split_once('/').unwrap();
    let ws = workspace(p);
    // Glyph outlines are read once per process; keep that out of the figures.
    #[expect(
        clippy::let_underscore_must_use,
        reason = "a warm-up run; only its side effect (loaded outlines) matters"
    )]
    let _ = print::raster(&ws.typesetter, &letter(&ws, "C-1001").pages[0], 0.1);
    (ws, id.to_owned())
}

/// Resolve + set the letter into its display list (one page).
#[divan::bench(args = LETTERS)]
fn layout(bencher: Bencher, c: &str) {
    let (ws, id) = case(c);
    let record = ws.record(&id).unwrap();
    bencher.bench_local(|| {
        let msg = ws.engine.resolve(
            black_box(record),
            ResolveOptions {
                channels: ChannelSet::of(&[Channel::Print]),
            },
        );
        print::render(
            &ws.project,
            &ws.assets,
            &ws.typesetter,
            &ws.print_images,
            ws.spoken.get(&msg.language).hyphenator.as_deref(),
            &msg,
            &ws.spoken.get(&msg.language).letter_date,
        )
    });
}

/// Page 1 rasterised at 96 dpi (794 × 1123 px), without PNG encoding.
#[divan::bench(args = LETTERS)]
fn raster_96dpi(bencher: Bencher, c: &str) {
    let (ws, id) = case(c);
    let l = letter(&ws, &id);
    bencher.bench_local(|| {
        print::raster(&ws.typesetter, black_box(&l.pages[0]), PX_PER_PT_96DPI).unwrap()
    });
}

/// Page 1 at the designer's size (326 px wide, as the 1600 × 1000 window shows it).
#[divan::bench(args = LETTERS)]
fn raster_designer(bencher: Bencher, c: &str) {
    let (ws, id) = case(c);
    let l = letter(&ws, &id);
    let px_per_pt = 326.0 / l.pages[0].width_pt;
    bencher
        .bench_local(|| print::raster(&ws.typesetter, black_box(&l.pages[0]), px_per_pt).unwrap());
}

/// The same as PNG at 96 dpi.
#[divan::bench(args = LETTERS)]
fn png_96dpi(bencher: Bencher, c: &str) {
    let (ws, id) = case(c);
    let l = letter(&ws, &id);
    bencher.bench_local(|| {
        print::png(&ws.typesetter, black_box(&l.pages[0]), PX_PER_PT_96DPI).unwrap()
    });
}

/// One letter from its display list to PDF bytes (fonts subset and embedded).
#[divan::bench(args = LETTERS)]
fn one_letter_pdf(bencher: Bencher, c: &str) {
    let (ws, id) = case(c);
    let l = letter(&ws, &id);
    bencher.bench_local(|| print::pdf(&ws.typesetter, black_box(&l)).unwrap());
}

/// 200 one-letter PDFs joined into the print run (written to memory); the counter is pages.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn print_run_200_letters(bencher: Bencher) {
    let ws = workspace("invoice");
    let base = ws.record("C-1001").unwrap();
    let pdfs: Vec<Vec<u8>> = (0..200)
        .map(|i| {
            let mut fields = base.fields.clone();
            fields["customer_id"] = format!("C-{i:05}").into();
            let r = Record::new(format!("C-{i:05}"), String::new(), fields);
            let out = ws.render(&r, ChannelSet::of(&[Channel::Print]), ImageMode::Cid);
            print::pdf(
                &ws.typesetter,
                out.print.as_ref().unwrap().artefact.as_ref().unwrap(),
            )
            .unwrap()
        })
        .collect();
    bencher
        .counter(ItemsCount::new(pdfs.len()))
        .bench_local(|| {
            let mut run = print::PrintRun::new(Vec::new(), false).unwrap();
            for pdf in &pdfs {
                run.add(black_box(pdf)).unwrap();
            }
            run.finish().unwrap()
        });
}
