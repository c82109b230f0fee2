//! Who the message reaches: per record, the fields the templates use that it lacks, and
//! where routing sends it. Rechecked at once when the data changes, and once typing pauses
//! when only the content does (resolving every record on each keystroke would slow typing
//! with large data).

use crate::diag::Code;
use crate::model::ChannelSet;
use crate::routing::Decision;
use crate::workspace::Workspace;
use std::time::{Duration, Instant};

/// Records are checked for missing fields once typing has paused this long.
const RECHECK_PAUSE: Duration = Duration::from_millis(500);

/// Per record: what it lacks and where it goes.
#[derive(Default)]
pub struct Audience {
    /// Per record: fields the templates use that the record lacks.
    pub missing: Vec<Vec<String>>,
    /// Per record: the routing decision (rechecked with `missing`).
    pub decisions: Vec<Decision>,
    /// `missing` is out of date since this edit; rechecked once typing pauses.
    stale_since: Option<Instant>,
}

impl Audience {
    /// Checks every record of `ws` now.
    pub(super) fn check(&mut self, ws: &Workspace) {
        self.stale_since = None;
        (self.missing, self.decisions) = ws
            .records
            .iter()
            .map(|r| {
                let msg = ws.resolve(r, ChannelSet::ALL);
                let mut fields: Vec<String> = msg
                    .diagnostics
                    .iter()
                    .filter(|d| d.code == Code::UndefinedVariable)
                    .map(|d| d.message.clone())
                    .collect();
                fields.dedup();
                (fields, msg.route)
            })
            .unzip();
    }

    /// The content changed at `now`: check again once typing pauses.
    pub(super) fn content_changed(&mut self, now: Instant) {
        self.stale_since = Some(now);
    }

    /// Checks again when typing has paused long enough by `now`.
    pub(super) fn tick(&mut self, ws: &Workspace, now: Instant) {
        if self.next_due().is_some_and(|due| now >= due) {
            self.check(ws);
        }
    }

    /// When the next check is due, if one is.
    pub(super) fn next_due(&self) -> Option<Instant> {
        self.stale_since.map(|t| t + RECHECK_PAUSE)
    }
}
