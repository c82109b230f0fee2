//! Taking a review action on a workspace: sign it on the current content and append it to
//! the history. An approval first keeps the approved version as a snapshot and names it.

use super::history::{Act, HistoryError, sign};
use super::snapshot::{self, SnapshotError};
use super::{Identity, content_hash};
use crate::model::{ReviewAction, ReviewEntry};
use crate::workspace::Workspace;

/// Why a review action could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum ActError {
    /// Signing the entry failed, or the action needs a comment it lacks.
    #[error(transparent)]
    History(#[from] HistoryError),
    /// An approval's snapshot of the approved version could not be written.
    #[error("cannot keep the approved version: {0}")]
    Snapshot(#[from] SnapshotError),
    /// The entry `reply_to` names (index in the history, from 0) is missing or not a comment.
    #[error("history entry {0} is not a comment to answer or resolve")]
    NoSuchComment(usize),
}

/// Signs `act` by `identity` at `at` (UTC, RFC 3339) and appends it to the workspace's
/// project (the caller saves). Returns the new entry's index.
pub fn take(
    ws: &mut Workspace,
    identity: &Identity,
    mut act: Act,
    at: &str,
) -> Result<usize, ActError> {
    let history = &ws.project.review.history;
    if let Some(i) = act.reply_to
        && history
            .get(i)
            .is_none_or(|e| e.action != ReviewAction::Comment)
    {
        return Err(ActError::NoSuchComment(i));
    }
    let hash = content_hash(&ws.project, &ws.assets);
    if act.action == ReviewAction::Approve {
        act.snapshot = Some(snapshot::write(&ws.path, &ws.project, &ws.assets, &hash)?);
    }
    let entry: ReviewEntry = sign(identity, act, &hash, at)?;
    ws.project.review.history.push(entry);
    Ok(ws.project.review.history.len() - 1)
}

/// Now in UTC as RFC 3339, from the system clock (no time zone database needed).
pub fn now_utc() -> String {
    rfc3339(std::time::SystemTime::now())
}

/// A moment in UTC as RFC 3339 (`2026-11-25T10:00:00Z`).
pub fn rfc3339(t: std::time::SystemTime) -> String {
    let secs = t
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (year, month, day) = crate::template::filters::civil_date(days as i64);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3_600,
        rest % 3_600 / 60,
        rest % 60
    )
}
