//! Scrolling the review grid through 10,000 records, headless:
//!
//!     cargo bench --bench review_grid [-- STEPS]      (default 400 page-downs)
//!
//! welcome.ron with its six sample customers repeated to 10,000 (new ids). Review mode is
//! opened and the grid is paged down (five rows a press) from the top towards the end, as
//! a reviewer holding Page Down does. Reported: the UI frame time of each press (egui layout
//! of the whole window, no GPU; the rows still being made show a placeholder), and how long
//! the worker took until the rows on screen were made, per press.

/// Measured with the allocator `prism` ships with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use egui_kittest::Harness;
use prism::app::{Command, Mode};
use prism::ui::PrismApp;
use std::time::{Duration, Instant};

const RECORDS: usize = 10_000;

fn main() {
    let steps: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(400);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::temp_dir().join(format!("prism-grid-bench-{}", std::process::id()));
    let projects = dir.join("projects");
    std::fs::create_dir_all(&projects).unwrap();
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    copy_dir(&root.join("assets/images"), &dir.join("assets/images"));
    std::fs::copy(
        root.join("projects/welcome.ron"),
        projects.join("welcome.ron"),
    )
    .unwrap();
    let samples: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(root.join("projects/customers.json")).unwrap())
            .unwrap();
    let many: Vec<serde_json::Value> = (0..RECORDS)
        .map(|i| {
            let mut r = samples[i % samples.len()].clone();
            r["customer_id"] = format!("C-{:05}", i + 1).into();
            r
        })
        .collect();
    std::fs::write(
        projects.join("customers.json"),
        serde_json::to_vec(&many).unwrap(),
    )
    .unwrap();

    let app = PrismApp::headless(&projects.join("welcome.ron"), dir.join("state"));
    assert_eq!(app.designer.ws.records.len(), RECORDS);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        .with_context_setup(prism::ui::install_fonts)
        .build_ui_state(|ui, app: &mut PrismApp| app.frame(ui), app);
    h.run_steps(3);
    h.state_mut().designer.apply(Command::SetMode(Mode::Review));
    h.run_steps(3);
    let (mut frames, mut made) = (Vec::new(), Vec::new());
    for _ in 0..steps {
        let start = Instant::now();
        h.key_press(egui::Key::PageDown);
        h.step();
        frames.push(start.elapsed());
        let rows = visible(&h);
        let waited = Instant::now();
        assert!(
            h.state_mut()
                .designer
                .wait_for_rows(&rows, Duration::from_secs(30)),
            "rows {rows:?} never came"
        );
        made.push(waited.elapsed());
        let f = Instant::now();
        h.step();
        frames.push(f.elapsed());
    }
    let last = h.state().view.review.cursor.0;
    println!(
        "{RECORDS} records; paged down {steps} times to record {}; {} rows kept",
        last + 1,
        h.state().designer.review.grid.rows.len()
    );
    report("UI frame", &mut frames);
    report("rows on screen made", &mut made);
    #[expect(
        clippy::let_underscore_must_use,
        reason = "cleaning up the temporary folder is best effort"
    )]
    let _ = std::fs::remove_dir_all(dir);
}

/// The rows the grid has asked for: those on screen.
fn visible(h: &Harness<'static, PrismApp>) -> Vec<usize> {
    let (offset, height) = h.state().view.review.scrolled;
    let row = prism::ui::review::ROW_HEIGHT + 3.0;
    let first = (offset / row) as usize;
    let last = ((offset + height) / row) as usize;
    (first..=last.min(RECORDS - 1)).collect()
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
        }
    }
}

fn report(what: &str, xs: &mut [Duration]) {
    xs.sort();
    let at = |q: f64| xs[((xs.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1e3;
    println!(
        "  {what:<20} median {:6.2} ms   p95 {:6.2} ms   max {:6.2} ms   (n = {})",
        at(0.5),
        at(0.95),
        at(1.0),
        xs.len()
    );
}
