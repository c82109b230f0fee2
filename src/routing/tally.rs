//! Counting decisions (or an export's routing log) per channel and reason.

use super::*;
use crate::model::Channel;
use serde::Serialize;

/// Records counted by the channels they get and by the reasons channels were left out: of a
/// plan (`prism route`, the Audience window: what routing chose) or of an export (what was
/// written; see [`Tally::add_export`]).
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Records counted.
    pub records: usize,
    /// Per channel (`Channel as usize`): records that get it: chosen in a plan, sent (written)
    /// in an export.
    pub chosen: [usize; 4],
    /// Records that get nothing at all.
    pub unreached: usize,
    /// Per channel and reason: records that do not get that channel for that reason.
    pub reasons: std::collections::BTreeMap<(Channel, Reason), usize>,
    /// Per channel, in an export: records routing chose it for whose artefact failed.
    pub failed: [usize; 4],
    /// Per channel, in an export: records routing chose it for that the export left out.
    pub not_exported: [usize; 4],
    /// Whether it counts an export's cells rather than a plan's decisions.
    pub exported: bool,
}

impl Tally {
    /// Counts one record's decision (a plan).
    pub fn add(&mut self, d: &Decision) {
        self.records += 1;
        if d.chosen.is_empty() {
            self.unreached += 1;
        }
        for c in Channel::ALL {
            match d.reason(c) {
                None => self.chosen[c as usize] += 1,
                Some(r) => *self.reasons.entry((c, r)).or_insert(0) += 1,
            }
        }
    }

    /// Counts what one record's export did per channel: a record reached on no channel is
    /// one with nothing written.
    pub fn add_export(&mut self, cells: &[log::Cell; 4]) {
        self.exported = true;
        self.records += 1;
        if !cells.contains(&log::Cell::Sent) {
            self.unreached += 1;
        }
        for c in Channel::ALL {
            let i = c as usize;
            match cells[i] {
                log::Cell::Sent => self.chosen[i] += 1,
                log::Cell::NotSent(r) => *self.reasons.entry((c, r)).or_insert(0) += 1,
                log::Cell::Failed => self.failed[i] += 1,
                log::Cell::NotExported => self.not_exported[i] += 1,
            }
        }
    }

    /// Records not getting `c` for reason `r`.
    pub fn count(&self, c: Channel, r: Reason) -> usize {
        self.reasons.get(&(c, r)).copied().unwrap_or(0)
    }
}

impl std::fmt::Display for Tally {
    /// Two lines per channel at most: how many get it, and why the others do not.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (what, got, none) = match self.exported {
            true => ("routing", "sent", "reached on no channel (nothing written)"),
            false => ("routing plan", "chosen", "reached on no channel"),
        };
        writeln!(
            f,
            "  {what}: {} records, {} {none}",
            self.records, self.unreached
        )?;
        for c in Channel::ALL {
            let i = c as usize;
            let mut why: Vec<String> = Reason::ALL
                .iter()
                .filter_map(|r| {
                    let n = self.count(c, *r);
                    (n > 0).then(|| format!("{} {n}", r.code()))
                })
                .collect();
            for (n, code) in [
                (self.failed[i], "failed"),
                (self.not_exported[i], "not-exported"),
            ] {
                if n > 0 {
                    why.push(format!("{code} {n}"));
                }
            }
            writeln!(
                f,
                "    {:<6} {:>7} {got:<7}  {}",
                c.name(),
                self.chosen[i],
                why.join(", ")
            )?;
        }
        Ok(())
    }
}
