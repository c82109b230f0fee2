//! Resolve + render per channel and record, and export throughput for 10,000 records.
//! `cargo bench --bench channels`; figures (medians) are in the README.

/// Measured with the allocator `prism` ships with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use divan::counter::ItemsCount;
use divan::{Bencher, black_box};
use prism::export::{self, ExportOptions};
use prism::model::Channel;
use prism::model::ChannelSet;
use prism::render::email::ImageMode;
use prism::render::{chat, email, eml, sms};
use prism::template::ResolveOptions;
use prism::workspace::Workspace;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::SystemTime;

fn main() {
    divan::main();
}

const PROJECTS: [&str; 2] = ["welcome", "invoice"];

fn workspace(name: &str) -> Workspace {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("projects")
        .join(format!("{name}.ron"));
    Workspace::open(&path, None).unwrap()
}

/// The project with its six sample records repeated to `n` records with fresh ids.
/// `n` records made from the project's own (ids renumbered), as a JSON Lines file in `dir`:
/// the export streams its data from a file.
fn scaled_data(ws: &Workspace, n: usize, dir: &Path) -> std::path::PathBuf {
    let path = dir.join("records.jsonl");
    let mut text = String::new();
    for i in 0..n {
        let mut fields = ws.records[i % ws.records.len()].fields.clone();
        fields["customer_id"] = format!("C-{:06}", i + 1).into();
        text.push_str(&fields.to_string());
        text.push('\n');
    }
    std::fs::write(&path, text).unwrap();
    path
}

fn only(c: Channel) -> ResolveOptions {
    ResolveOptions {
        channels: ChannelSet::of(&[c]),
    }
}

/// One record (C-1001) through resolve + render, per channel; the counter is records.
#[divan::bench(args = PROJECTS)]
fn email_html(bencher: Bencher, project: &str) {
    let ws = workspace(project);
    let r = &ws.records[0];
    bencher.counter(ItemsCount::new(1usize)).bench_local(|| {
        let msg = ws.engine.resolve(black_box(r), only(Channel::Email));
        email::render(
            &ws.project,
            &ws.assets,
            ws.spoken.get(&msg.language).hyphenator.as_deref(),
            &msg,
            ImageMode::Cid,
        )
    });
}

#[divan::bench(args = PROJECTS)]
fn email_eml(bencher: Bencher, project: &str) {
    let ws = workspace(project);
    let r = &ws.records[0];
    let now = SystemTime::now();
    bencher.counter(ItemsCount::new(1usize)).bench_local(|| {
        let msg = ws.engine.resolve(black_box(r), only(Channel::Email));
        let out = email::render(
            &ws.project,
            &ws.assets,
            ws.spoken.get(&msg.language).hyphenator.as_deref(),
            &msg,
            ImageMode::Cid,
        );
        let id = eml::message_id(&ws.project, &r.id, now);
        eml::build(
            &ws.project,
            &ws.assets,
            out.artefact.as_ref().unwrap(),
            now,
            id,
        )
        .unwrap()
    });
}

#[divan::bench(args = PROJECTS)]
fn sms(bencher: Bencher, project: &str) {
    let ws = workspace(project);
    let r = &ws.records[0];
    bencher.counter(ItemsCount::new(1usize)).bench_local(|| {
        let msg = ws.engine.resolve(black_box(r), only(Channel::Sms));
        sms::render(&ws.project, &msg)
    });
}

#[divan::bench(args = PROJECTS)]
fn chat(bencher: Bencher, project: &str) {
    let ws = workspace(project);
    let r = &ws.records[0];
    bencher.counter(ItemsCount::new(1usize)).bench_local(|| {
        let msg = ws.engine.resolve(black_box(r), only(Channel::Chat));
        chat::render(&ws.project, &ws.assets, &msg)
    });
}

/// The whole export (render, MIME, hashing, JSON lines, manifest, report, files) of 10,000
/// records on one channel. Files go to a RAM-backed folder where there is one, so the figure
/// is Prism's work, not this machine's disk (which takes 40–600 µs to create one small file).
#[divan::bench(
    args = ["welcome/email", "welcome/sms", "welcome/chat", "invoice/email", "invoice/sms", "invoice/chat"],
    sample_count = 3,
    sample_size = 1
)]
fn export_10k(bencher: Bencher, case: &str) {
    const N: usize = 10_000;
    let (project, channel) = case.split_once('/').unwrap();
    let ws = workspace(project);
    let shm = Path::new("/dev/shm");
    let dir = if shm.is_dir() {
        tempfile::tempdir_in(shm)
    } else {
        tempfile::tempdir()
    }
    .unwrap();
    let opts = ExportOptions {
        data: Some(scaled_data(&ws, N, dir.path())),
        overwrite: true,
        threads: 1,
        ..ExportOptions::new(
            dir.path().join("out"),
            ChannelSet::of(&[Channel::parse(channel).unwrap()]),
        )
    };
    bencher
        .counter(ItemsCount::new(N))
        .bench_local(|| export::run(&ws, &opts, &mut |_| {}, &AtomicBool::new(false)).unwrap());
}
