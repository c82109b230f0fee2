//! The eframe application: one window around a [`Designer`].

use super::{self as ui, View};
use crate::app::Designer;
use eframe::egui;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The designer window's app: the designer's state and what only the window keeps.
pub struct PrismApp {
    /// The state the window draws; changed only by applying commands.
    pub designer: Designer,
    /// What only the window cares about: zoom, toggles, open dialogs, textures.
    pub view: View,
}

impl PrismApp {
    /// The app for a real window: installs the fonts, and background results repaint `ctx`.
    pub fn new(ctx: &egui::Context, path: &Path) -> PrismApp {
        ui::install_fonts(ctx);
        let c = ctx.clone();
        PrismApp {
            designer: Designer::open(path, crate::app::files::state_dir(), move || {
                c.request_repaint()
            }),
            view: View::default(),
        }
    }

    /// The app without a window (tests, benchmarks): nothing to wake, fonts set up by the
    /// caller with [`ui::install_fonts`], its own folder for recovery copies.
    pub fn headless(path: &Path, state_dir: PathBuf) -> PrismApp {
        let mut designer = Designer::open(path, state_dir.clone(), || {});
        // The review key too stays in the test's own folder, never in the user's config.
        designer.set_key_dir(state_dir.join("keys"));
        PrismApp {
            designer,
            view: View::default(),
        }
    }

    /// One frame's work on any `Ui` (the window's, or a test harness's).
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let now = Instant::now();
        self.designer.tick(now);
        let ctx = ui.ctx().clone();
        let commands = ui::draw(ui, &self.designer, &mut self.view);
        for cmd in commands {
            self.designer.apply(cmd);
        }
        // Sending a viewport command asks for another frame: only when the title changes.
        let title = self.designer.title();
        if self.view.title != title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.view.title = title;
        }
        if let Some(due) = self.designer.next_due() {
            ctx.request_repaint_after(due.saturating_duration_since(now));
        }
        if self
            .designer
            .jobs
            .export
            .as_ref()
            .is_some_and(|j| j.job.finished.is_none())
        {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
    }
}

impl eframe::App for PrismApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        if ctx.input(|i| i.viewport().close_requested()) && self.designer.is_modified() {
            if self.view.allow_close {
                // The user chose "Discard" in the prompt.
            } else {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.view.confirm = Some(ui::Pending::Close);
            }
        }
        self.frame(ui);
        if self.view.close_now {
            self.view.close_now = false;
            if self.designer.is_modified() {
                // The user chose to close without saving: the recovery copy goes too.
                self.designer.apply(super::Command::DiscardRecovery);
            }
            self.view.allow_close = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}

/// Opens the designer window on `path` and runs until it is closed.
pub fn run(path: &Path) -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Prism")
            .with_inner_size([1600.0, 1000.0])
            .with_min_inner_size([1280.0, 800.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    let path = path.to_path_buf();
    eframe::run_native(
        "Prism",
        options,
        Box::new(move |cc| Ok(Box::new(PrismApp::new(&cc.egui_ctx, &path)))),
    )
}
