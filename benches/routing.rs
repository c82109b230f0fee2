//! Routing decisions per second, on the generated sample audience (10,000 records with every
//! kind of consent, opt-out and malformed address):
//!
//!     cargo bench --bench routing
//!
//! `decide` is what `prism route` and export do per record; `decide_with_suppression` adds
//! the suppression list. Throughput is in records (items) per second, one thread.

/// Measured with the allocator `prism` ships with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use divan::counter::ItemsCount;
use divan::{Bencher, black_box};
use prism::routing::{Router, Suppression};
use prism::workspace::Workspace;
use std::path::Path;

fn main() {
    divan::main();
}

fn audience(project: &str) -> Workspace {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects");
    Workspace::open(&root.join(project), Some(&root.join("audience-10k.json"))).unwrap()
}

#[divan::bench(args = ["welcome.ron", "invoice.ron"], sample_count = 20)]
fn decide(bencher: Bencher, project: &str) {
    let ws = audience(project);
    let router = Router::new(&ws.project);
    bencher
        .counter(ItemsCount::new(ws.records.len()))
        .bench_local(|| {
            for r in &ws.records {
                black_box(router.decide(r));
            }
        });
}

#[divan::bench(sample_count = 20)]
fn decide_with_suppression(bencher: Bencher) {
    let ws = audience("welcome.ron");
    let mut router = Router::new(&ws.project);
    let list = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/suppression.txt"),
    )
    .unwrap();
    router.context.suppression = Suppression::parse(&list);
    bencher
        .counter(ItemsCount::new(ws.records.len()))
        .bench_local(|| {
            for r in &ws.records {
                black_box(router.decide(r));
            }
        });
}
