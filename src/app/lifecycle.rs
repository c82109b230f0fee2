//! A designer's file: opening, starting afresh, saving (and Save As, which moves the
//! project's images along), the data file and routing's inputs, and what is kept between
//! sessions (the recent list, recovery copies).

use super::history::History;
use super::{Audience, Designer, Editing, Jobs, Mode, Previews, ReviewState, Session, files};
use crate::model;
use crate::workspace::Workspace;
use std::path::{Path, PathBuf};

impl Designer {
    /// Opens `path`, or shows why not (a designer with an empty project and the error).
    /// `state_dir` keeps recovery copies and the recent list ([`files::state_dir`]).
    pub fn open(
        path: &Path,
        state_dir: PathBuf,
        notify: impl Fn() + Send + Sync + 'static,
    ) -> Designer {
        let notify: std::sync::Arc<dyn Fn() + Send + Sync> = std::sync::Arc::new(notify);
        let (ws, notice) = match Workspace::open(path, None) {
            Ok(ws) => (ws, None),
            Err(e) => (blank_workspace(), Some(e.to_string())),
        };
        let wake = |n: &std::sync::Arc<dyn Fn() + Send + Sync>| {
            let n = n.clone();
            move || n()
        };
        let mut d = Designer {
            editing: Editing::new(ws.project.clone(), notice.is_some()),
            ws,
            previews: Previews::start(wake(&notify)),
            audience: Audience::default(),
            jobs: Jobs::default(),
            review: ReviewState::start(wake(&notify)),
            notices: Vec::new(),
            session: Session {
                recent: files::load_recent(&state_dir),
                state_dir,
                notify,
            },
            folder: Default::default(),
            snippet: None,
        };
        d.set_key_dir(
            crate::review::default_key_dir().unwrap_or_else(|| d.session.state_dir.join("keys")),
        );
        if let Some(text) = notice {
            d.notify_error(text);
        }
        d.opened();
        d
    }
    /// Bookkeeping after a file was opened: recent list, recovery offer, first block.
    /// Everything that starts afresh once `ws` holds another project (opened or new): the
    /// saved state, undo, selection, record, and for a file the recent list and the recovery
    /// offer.
    fn opened(&mut self) {
        let e = &mut self.editing;
        e.saved = self.ws.project.clone();
        e.history = History::default();
        if !e.untitled {
            let dir = &self.session.state_dir;
            self.session.recent = files::push_recent(dir, &self.ws.path);
            e.recovery =
                files::read_recovery(dir, &self.ws.path).filter(|r| r.project != self.ws.project);
        }
        e.selected = self.ws.project.content.blocks.first().map(|b| b.id.clone());
        self.previews.record = 0;
        self.review.changes = None;
        // The Library and Messages windows read the new folder when next shown.
        self.folder.scanned = false;
        self.audience.check(&self.ws);
        self.refresh();
        if self.review.mode == Mode::Review {
            self.review.grid.restart(&self.ws);
        }
    }
    /// Opens the project file at `path` instead of the current one.
    pub(super) fn open_file(&mut self, path: &Path) {
        match Workspace::open(path, None) {
            Ok(ws) => {
                self.leave_file();
                self.ws = ws;
                self.editing.untitled = false;
                self.opened();
                // A snippet being edited is shown in the project opened to preview it.
                if self.snippet.is_some() {
                    self.show_working_snippet();
                }
            }
            Err(e) => self.notify_error(e.to_string()),
        }
    }
    /// The window title: file name, a dot when modified, the review state, and the app.
    pub fn title(&self) -> String {
        let name = self
            .ws
            .path
            .file_name()
            .map_or("untitled".into(), |n| n.to_string_lossy().into_owned());
        let mark = if self.is_modified() { " ●" } else { "" };
        match self.review_label() {
            Some(state) => format!("{name}{mark} — {state} — Prism"),
            None => format!("{name}{mark} — Prism"),
        }
    }
    pub(super) fn new_project(&mut self) {
        self.leave_file();
        self.ws = blank_workspace();
        self.editing.untitled = true;
        self.opened();
    }
    /// Before another file replaces this one: its recovery copy is no longer needed when the
    /// user chose to leave it (the UI asks first when there are unsaved changes).
    fn leave_file(&mut self) {
        if !self.editing.untitled {
            files::remove_recovery(&self.session.state_dir, &self.ws.path);
        }
        self.editing.recovery = None;
        self.editing.recovery_due = None;
    }
    pub(super) fn save_to(&mut self, path: PathBuf) {
        let old_path = self.ws.path.clone();
        let moved = path != old_path;
        let mut project = self.ws.project.clone();
        let new_base = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        if moved {
            files::rebase(&mut project, self.ws.base(), &new_base);
        }
        // The review history is written first: the project file no longer holds it, so it
        // must be safe in the log before a save drops the file's old `review` section.
        let log = match moved {
            true => self.ws.review_log.copy_to(&path).map(|aside| (0, aside)),
            false => self
                .ws
                .review_log
                .move_out_of_project_file()
                .map(|n| (n, None)),
        };
        let (moved_entries, aside) = match log {
            Ok(done) => done,
            Err(e) => {
                return self.notify_error(format!("not saved: the review log: {e}"));
            }
        };
        match model::save_project(&project, &path) {
            Ok(()) => {
                if moved {
                    if !self.editing.untitled {
                        files::remove_recovery(&self.session.state_dir, &old_path);
                    }
                    let source = model::to_ron(&project).unwrap_or_default();
                    let records = std::mem::take(&mut self.ws.records);
                    self.ws = Workspace::new(path.clone(), source, project, records);
                    // Undo steps hold the old relative paths; they do not apply here.
                    self.editing.history = History::default();
                }
                self.editing.saved = self.ws.project.clone();
                self.editing.untitled = false;
                self.folder.scanned = false;
                self.editing.recovery_due = None;
                files::remove_recovery(&self.session.state_dir, &path);
                self.session.recent = files::push_recent(&self.session.state_dir, &path);
                let mut said = format!("Saved {}", path.display());
                if moved_entries > 0 {
                    said += &format!(
                        "; moved {moved_entries} review entries from the project file into {}",
                        self.ws.review_log.path.display()
                    );
                }
                if let Some(aside) = aside {
                    said += &format!(
                        "; the review log that was there is kept as {}",
                        aside.display()
                    );
                }
                let problems = &self.ws.project.linked.problems;
                if moved && !problems.is_empty() {
                    let what: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
                    self.notify_error(format!(
                        "{said}. In its new folder, {}: copy the library folder there, or save the project beside it",
                        what.join("; ")
                    ));
                    return self.refresh();
                }
                self.notify_info(said);
                self.refresh();
            }
            Err(e) => self.notify_error(e.to_string()),
        }
    }
    pub(super) fn open_data(&mut self, path: &Path) {
        let mut p = self.ws.project.clone();
        let rel = files::relative(path, self.ws.base());
        p.data.file = Some(rel);
        p.data.more_files.clear();
        match model::load_records(&p.data, None, self.ws.base()) {
            Ok(records) if records.is_empty() => {
                self.notify_error(format!("{}: no records in it", path.display()));
            }
            Ok(_) => {
                self.structural(p);
                self.previews.record = 0;
                self.refresh();
                self.notify_info(format!(
                    "{} records from {}",
                    self.ws.records.len(),
                    path.display()
                ));
            }
            Err(e) => self.notify_error(e.to_string()),
        }
    }
    /// Routes with this suppression list and these earlier exports from now on.
    pub(super) fn set_routing(&mut self, inputs: crate::routing::Inputs) {
        match self.ws.set_routing(inputs) {
            Ok(()) => {
                self.audience.check(&self.ws);
                self.refresh();
            }
            Err(e) => self.notify_error(format!("routing: {e}")),
        }
    }
}

/// The project File ▸ New starts from: a short letter with one record to try it on.
const BLANK: &str = include_str!("blank.ron");

fn blank_workspace() -> Workspace {
    let path = std::env::current_dir()
        .unwrap_or_default()
        .join("untitled.ron");
    let project = model::parse_project(BLANK, &path).expect("the blank project is valid");
    let records = model::load_records(&project.data, None, Path::new("."))
        .expect("the blank project's records are inline");
    Workspace::new(path, BLANK.to_owned(), project, records)
}
