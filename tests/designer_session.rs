//! A long session in the designer: thousands of random edits, undos, redos, block moves,
//! record switches and saves on both sample projects, with the window drawn as it goes
//! (egui_kittest). It ends without a panic, with the project equal to the same commands
//! replayed on a fresh designer without a window, and with memory that does not grow with
//! the number of edits (the undo history is bounded).

mod common;

use egui_kittest::Harness;
use prism::app::Command;
use prism::app::edit::{Edit, TextField};
use prism::model::Kind;
use prism::ui::PrismApp;

/// Commands per project; the window is drawn every `FRAME_EVERY` of them.
const STEPS: usize = 4_000;
const FRAME_EVERY: usize = 25;

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

/// Resident memory of this process, in MB (Linux).
fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap();
    kb / 1024.0
}

/// A random command that makes sense for the designer's state now.
fn next_command(app: &PrismApp, rng: &mut Rng) -> Command {
    let d = &app.designer;
    let ids: Vec<String> =
        d.ws.project
            .all_blocks()
            .iter()
            .map(|b| b.id.clone())
            .collect();
    let some_id = |rng: &mut Rng| ids[rng.below(ids.len())].clone();
    match rng.below(100) {
        0..40 => {
            // Typing in the subject: a character more or one less.
            let mut subject = d.ws.project.content.subject.clone();
            // Kept under 120 characters, as blocks are kept under 30: memory is measured
            // against the number of edits, not against an ever longer subject.
            if (rng.below(3) == 0 || subject.chars().count() > 120) && !subject.is_empty() {
                subject.pop();
            } else {
                subject.push(['a', 'ö', ' ', '€', '{'][rng.below(5)]);
            }
            Command::Edit(Edit::SetText(TextField::Subject, subject))
        }
        40..55 => Command::Undo,
        55..63 => Command::Redo,
        // Blocks are removed as often as they are added or duplicated, so that the project
        // keeps its size: memory is measured against the number of edits, not of blocks.
        63..68 if ids.len() < 30 => Command::AddBlock {
            kind: [Kind::Text, Kind::Button, Kind::Divider][rng.below(3)],
            after: Some(some_id(rng)),
        },
        68..76 if ids.len() > 6 => Command::RemoveBlock(some_id(rng)),
        76..79 if ids.len() < 30 => Command::DuplicateBlock(some_id(rng)),
        79..88 => Command::ShiftBlock(some_id(rng), if rng.below(2) == 0 { -1 } else { 1 }),
        88..95 => Command::SetRecord(rng.below(d.ws.records.len())),
        95..97 => Command::Save,
        _ => Command::Select(Some(some_id(rng))),
    }
}

fn session(project: &str) -> (f64, f64) {
    let dir = tempfile::tempdir().unwrap();
    let path = common::project_copy(&dir.path().join("a"), project);
    let replay_path = common::project_copy(&dir.path().join("b"), project);
    let app = PrismApp::headless(&path, dir.path().join("state-a"));
    let mut h: Harness<'static, PrismApp> = Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        .with_context_setup(prism::ui::install_fonts)
        .build_ui_state(|ui, app: &mut PrismApp| app.frame(ui), app);
    // The same commands go, in step, to a fresh designer without a window (kept as it goes:
    // recording thousands of commands, each edit holding a project, would itself grow).
    let mut replay = PrismApp::headless(&replay_path, dir.path().join("state-b"));
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ project.len() as u64);
    let mut rss_at_start = 0.0;
    for step in 0..STEPS {
        let cmd = next_command(h.state(), &mut rng);
        replay.designer.apply(cmd.clone());
        h.state_mut().designer.apply(cmd);
        if step % FRAME_EVERY == 0 {
            h.step();
        }
        // Measured once the undo history (500 project copies) is full and the caches are
        // warm: before, memory grows by design as steps are kept. Undo and redo take steps
        // away, so it fills after some 2,000–3,000 commands.
        let full = h.state().designer.editing.history.undo_steps() == prism::app::history::LIMIT;
        if rss_at_start == 0.0 && full && step >= STEPS * 2 / 5 {
            println!("{project}: the undo history is full at command {step}");
            rss_at_start = rss_mb();
        }
        if step == STEPS * 7 / 10 {
            println!("{project}: RSS {:.0} MB at 70 %", rss_mb());
        }
    }
    assert!(
        rss_at_start > 0.0,
        "{project}: the undo history never filled in {STEPS} commands"
    );
    h.run();
    let rss_at_end = rss_mb();
    assert_eq!(
        h.state().designer.ws.project,
        replay.designer.ws.project,
        "{project}: the session and its replay differ"
    );
    // What was saved loads equal to what the designer held when it was saved.
    let saved = prism::model::load_project(&path).unwrap();
    assert_eq!(saved.meta, h.state().designer.ws.project.meta);
    println!(
        "{project}: {} blocks at the end",
        h.state().designer.ws.project.all_blocks().len()
    );
    (rss_at_start, rss_at_end)
}

#[test]
fn thousands_of_random_edits_end_equal_to_their_replay_in_bounded_memory() {
    for project in ["welcome.ron", "invoice.ron"] {
        let (mid, end) = session(project);
        println!("{project}: {STEPS} commands, RSS {mid:.0} MB after 40 %, {end:.0} MB at the end");
        assert!(
            end - mid < 40.0,
            "{project}: memory grew from {mid:.0} MB to {end:.0} MB over {STEPS} commands"
        );
    }
}
