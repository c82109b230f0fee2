//! Edit latency through the designer's own update path, headless:
//!
//!     cargo bench --bench designer [-- EDITS]      (default 300 edits per sample project)
//!
//! Each edit appends a character to a text block, as typing does: the app applies the
//! `Edit` command (email, SMS and chat are rendered then, on the UI thread), draws one frame
//! (egui layout of all panels, no GPU), then waits until the print worker has set and
//! rasterised the letter and one more frame has taken its pages. Reported per sample
//! project: median, p95 and max of
//! - "text channels": apply + frame, until email, SMS and chat are current on screen;
//! - "letter": from the edit until the letter preview is current on screen;
//! - "UI frame": the longest time one frame spent (apply + draw), i.e. how long rendering
//!   can block the UI thread.

/// Measured with the allocator `prism` ships with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use egui_kittest::Harness;
use prism::app::Command;
use prism::app::edit::{Edit, TextField};
use prism::model::{BlockField, BlockKind};
use prism::ui::PrismApp;
use std::time::{Duration, Instant};

fn main() {
    let edits: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(300);
    let state = std::env::temp_dir().join(format!("prism-bench-{}", std::process::id()));
    for project in ["welcome.ron", "invoice.ron"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("projects")
            .join(project);
        let app = PrismApp::headless(&path, state.clone());
        let mut h = Harness::builder()
            .with_size(egui::vec2(1600.0, 1000.0))
            .with_context_setup(prism::ui::install_fonts)
            .build_ui_state(|ui, app: &mut PrismApp| app.frame(ui), app);
        h.run_steps(3);
        h.state_mut()
            .designer
            .wait_for_print(Duration::from_secs(10));
        h.run_steps(2);
        // The longest text block of the project is the one being typed into.
        let block = h
            .state()
            .designer
            .ws
            .project
            .all_blocks()
            .into_iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Text { text } => Some((text.len(), b.id.clone())),
                _ => None,
            })
            .max()
            .expect("a text block")
            .1;
        let (mut text, mut letter, mut frame) = (Vec::new(), Vec::new(), Vec::new());
        for i in 0..edits {
            let field = TextField::of_block(&block, BlockField::Text);
            let mut text_now = field.get(&h.state().designer.ws.project).unwrap().clone();
            text_now.push(if i % 6 == 5 { ' ' } else { 'x' });
            let start = Instant::now();
            h.state_mut()
                .designer
                .apply(Command::Edit(Edit::SetText(field, text_now)));
            h.step();
            let shown = start.elapsed();
            text.push(shown);
            frame.push(shown);
            // Frames go on while the letter is being set, as they would in the window.
            while !h.state().designer.print_current() {
                std::thread::sleep(Duration::from_micros(200));
                let f = Instant::now();
                h.step();
                frame.push(f.elapsed());
            }
            let f = Instant::now();
            h.step();
            frame.push(f.elapsed());
            letter.push(start.elapsed());
        }
        let page = &h
            .state()
            .designer
            .previews
            .print
            .as_ref()
            .expect("a letter")
            .pages[0];
        println!(
            "{project}: {edits} edits of block `{block}`; letter pages drawn at {} × {} px",
            page.width, page.height
        );
        report("text channels", &mut text);
        report("letter", &mut letter);
        report("UI frame", &mut frame);
    }
    #[expect(
        clippy::let_underscore_must_use,
        reason = "cleaning up the temporary folder is best effort"
    )]
    let _ = std::fs::remove_dir_all(state);
}

fn report(what: &str, xs: &mut [Duration]) {
    xs.sort();
    let at = |q: f64| xs[((xs.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1e3;
    println!(
        "  {what:<14} median {:6.2} ms   p95 {:6.2} ms   max {:6.2} ms   (n = {})",
        at(0.5),
        at(0.95),
        at(1.0),
        xs.len()
    );
}
