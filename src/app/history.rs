//! Undo and redo of project edits, as whole-project snapshots (projects are small).
//!
//! Keystrokes in one field within a short pause form one step, so undo takes back a word or
//! a sentence, not a letter.

use crate::model::Project;
use std::time::{Duration, Instant};

/// Edits of the same field closer together than this are one undo step.
const MERGE_WINDOW: Duration = Duration::from_millis(1200);
/// Steps kept; the oldest go first.
pub const LIMIT: usize = 500;

/// The undo and redo steps of the open project.
#[derive(Default)]
pub struct History {
    undo: Vec<Project>,
    redo: Vec<Project>,
    /// The field edited last and when, to merge typing into one step.
    last: Option<(String, Instant)>,
}

impl History {
    /// Records `before` as the state an edit started from. `key` names the edited field;
    /// `None` for edits that are always a step of their own (add, remove, move).
    pub fn record(&mut self, before: &Project, key: Option<&str>, now: Instant) {
        let merge = match (&self.last, key) {
            (Some((last, at)), Some(key)) => last == key && now.duration_since(*at) < MERGE_WINDOW,
            _ => false,
        };
        if !merge {
            self.undo.push(before.clone());
            if self.undo.len() > LIMIT {
                self.undo.remove(0);
            }
        }
        self.redo.clear();
        self.last = key.map(|k| (k.to_owned(), now));
    }

    /// The state to go back to; `current` becomes redoable.
    pub fn undo(&mut self, current: &Project) -> Option<Project> {
        let p = self.undo.pop()?;
        self.redo.push(current.clone());
        self.last = None;
        Some(p)
    }

    /// The state to go forward to again; `current` becomes undoable.
    pub fn redo(&mut self, current: &Project) -> Option<Project> {
        let p = self.redo.pop()?;
        self.undo.push(current.clone());
        self.last = None;
        Some(p)
    }

    /// How many steps there are to undo (at most [`LIMIT`]).
    pub fn undo_steps(&self) -> usize {
        self.undo.len()
    }

    /// Whether there is a step to undo (enables Undo).
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is an undone step to redo (enables Redo).
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Ends the current typing run: the next edit starts a new step.
    pub fn break_run(&mut self) {
        self.last = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(subject: &str) -> Project {
        let mut p = crate::model::parse_project(
            &std::fs::read_to_string("projects/welcome.ron").unwrap(),
            std::path::Path::new("projects/welcome.ron"),
        )
        .unwrap();
        p.content.subject = subject.into();
        p
    }

    #[test]
    fn typing_in_one_field_is_one_step_and_a_pause_starts_another() {
        let mut h = History::default();
        let t = Instant::now();
        h.record(&project("a"), Some("subject"), t);
        h.record(
            &project("ab"),
            Some("subject"),
            t + Duration::from_millis(300),
        );
        h.record(&project("abc"), Some("subject"), t + Duration::from_secs(5));
        let back = h.undo(&project("abcd")).unwrap();
        assert_eq!(back.content.subject, "abc");
        let back = h.undo(&back).unwrap();
        assert_eq!(back.content.subject, "a");
        assert!(h.undo(&back).is_none());
        let fwd = h.redo(&back).unwrap();
        assert_eq!(fwd.content.subject, "abc");
    }

    #[test]
    fn another_field_or_a_structural_edit_is_a_new_step_and_clears_redo() {
        let mut h = History::default();
        let t = Instant::now();
        h.record(&project("a"), Some("subject"), t);
        h.record(&project("b"), Some("preheader"), t);
        h.record(&project("c"), None, t);
        h.record(&project("d"), None, t);
        let back = h.undo(&project("e")).unwrap();
        assert_eq!(back.content.subject, "d");
        h.record(&back, Some("subject"), t);
        assert!(!h.can_redo());
    }
}
