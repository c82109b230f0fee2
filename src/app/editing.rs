//! Changing the content: block edits and restructuring as undo steps, undo and redo, the
//! recovery copy, and what every change sets off (previews, record checks, review state).

use super::history::History;
use super::{Designer, Edit, RECOVERY_DELAY, blocks, files};
use crate::model::{Kind, Project};
use std::time::Instant;

/// The editing state of the open file.
pub struct Editing {
    /// The project as last saved or opened, to tell whether there are unsaved changes.
    pub(super) saved: Project,
    /// Never saved: Save asks for a file name.
    pub untitled: bool,
    /// Undo and redo of content edits.
    pub history: History,
    /// Id of the block shown in the editor panel.
    pub selected: Option<String>,
    /// A recovery copy found when the project was opened, offered for restore.
    pub recovery: Option<files::Recovery>,
    /// When the next recovery copy is due (a while after the last edit).
    pub(super) recovery_due: Option<Instant>,
}

impl Editing {
    /// Starts editing `saved`, as opened (`untitled`: never saved).
    pub(super) fn new(saved: Project, untitled: bool) -> Editing {
        Editing {
            saved,
            untitled,
            history: History::default(),
            selected: None,
            recovery: None,
            recovery_due: None,
        }
    }
}

impl Designer {
    /// Whether there are unsaved changes (always true for a project never saved).
    pub fn is_modified(&self) -> bool {
        self.editing.untitled || self.ws.project != self.editing.saved
    }

    /// A change from an editor widget; typing into one field merges into one undo step.
    pub(super) fn edit(&mut self, edit: Edit, now: Instant) {
        if let Some(id) = edit.block().filter(|id| self.is_locked(id)) {
            return self.notify_error(format!(
                "“{id}” is locked: only a reviewer can unlock it, in review mode"
            ));
        }
        if let Some(name) = self
            .ws
            .project
            .brand
            .library
            .as_ref()
            .filter(|_| edit.brand())
        {
            return self.notify_error(format!(
                "The brand is the library's “{name}”: change it in library/brands/{name}.ron, where every message that uses it follows"
            ));
        }
        let mut project = self.ws.project.clone();
        if edit.apply(&mut project) && project != self.ws.project {
            let key = edit.merge_key();
            self.editing
                .history
                .record(&self.ws.project, Some(&key), now);
            self.set_project(project);
        }
    }

    pub(super) fn add_block(&mut self, kind: Kind, after: Option<&str>) {
        if let Some(id) = self.restructure(|p| Some(blocks::add(p, kind, after))) {
            self.editing.selected = Some(id);
        }
    }

    /// Removes a block (and its children) unless a reviewer locked it. The selection goes
    /// with the block (`set_project` drops ids that are gone).
    pub(super) fn remove_block(&mut self, id: &str) {
        if self.is_locked(id) {
            return self.notify_error(format!("“{id}” is locked: a reviewer approved it"));
        }
        self.restructure(|p| blocks::remove(p, id));
    }

    pub(super) fn duplicate_block(&mut self, id: &str) {
        if let Some(copy) = self.restructure(|p| blocks::duplicate(p, id)) {
            self.editing.selected = Some(copy);
        }
    }

    pub(super) fn shift_block(&mut self, id: &str, delta: isize) {
        self.restructure(|p| blocks::shift(p, id, delta).then_some(()));
    }

    pub(super) fn move_before(&mut self, id: &str, before: Option<&str>) {
        self.restructure(|p| blocks::move_before(p, id, before).then_some(()));
    }

    pub(super) fn select(&mut self, id: Option<String>) {
        self.editing.selected = id;
        self.editing.history.break_run();
    }

    /// Undo steps restore content; signed review entries made since are kept.
    pub(super) fn undo(&mut self) {
        if let Some(p) = self.editing.history.undo(&self.ws.project) {
            self.set_content(p);
        }
    }

    pub(super) fn redo(&mut self) {
        if let Some(p) = self.editing.history.redo(&self.ws.project) {
            self.set_content(p);
        }
    }

    /// Replaces the content with the offered recovery copy, as an undo step of its own.
    pub(super) fn restore_recovery(&mut self, now: Instant) {
        if let Some(r) = self.editing.recovery.take() {
            self.editing.history.record(&self.ws.project, None, now);
            self.set_content(r.project);
        }
    }

    pub(super) fn discard_recovery(&mut self, now: Instant) {
        self.editing.recovery = None;
        files::remove_recovery(&self.session.state_dir, &self.ws.path);
        if self.is_modified() {
            // The edits made since are still worth a copy.
            self.editing.recovery_due = Some(now);
        }
    }

    /// A change of the block tree, made on a copy: when `edit` changes something (`Some`), it
    /// becomes an undo step of its own.
    pub(super) fn restructure<T>(
        &mut self,
        edit: impl FnOnce(&mut Project) -> Option<T>,
    ) -> Option<T> {
        let mut p = self.ws.project.clone();
        let done = edit(&mut p)?;
        self.structural(p);
        Some(done)
    }

    /// An edit that is an undo step of its own.
    pub(super) fn structural(&mut self, p: Project) {
        self.editing
            .history
            .record(&self.ws.project, None, Instant::now());
        self.set_project(p);
    }

    /// Sets content from an undo step or a recovery copy, keeping the blocks' locks of the
    /// project file as they are now: only a reviewer unlocks a block.
    fn set_content(&mut self, mut p: Project) {
        for b in self.ws.project.all_blocks() {
            if let Some(restored) = blocks::find_mut(&mut p, &b.id) {
                restored.locked = b.locked;
            }
        }
        self.set_project(p);
    }

    /// Every change of the project ends here: the previews, the record checks, the review
    /// state and the recovery copy follow it.
    fn set_project(&mut self, p: Project) {
        let data_changed = p.data != self.ws.project.data;
        if let Err(e) = self.ws.set_project(p) {
            self.notify_error(e.to_string());
        }
        if data_changed {
            let last = self.ws.records.len().saturating_sub(1);
            self.previews.record = self.previews.record.min(last);
        }
        if let Some(id) = &self.editing.selected
            && blocks::find(&self.ws.project, id).is_none()
        {
            self.editing.selected = None;
        }
        if data_changed {
            self.audience.check(&self.ws);
        } else {
            self.audience.content_changed(Instant::now());
        }
        self.editing.recovery_due = Some(Instant::now() + RECOVERY_DELAY);
        self.refresh();
    }
}
