//! Taking a review action on a workspace: sign it on the current content, check that it
//! would count, and only then append it to the review log. An approval first keeps the
//! approved version as a snapshot and names it. The project file is never written.

use super::Workspace;
use crate::model::ReviewAction;
use crate::review::log::LogError;
use crate::review::snapshot::{self, SnapshotError};
use crate::review::{Act, HistoryError, Identity, content_hash, sign, verdicts};

/// Why a review action was not taken; nothing was recorded.
#[derive(Debug, thiserror::Error)]
pub enum ActError {
    /// Signing the entry failed, or the action needs a comment it lacks.
    #[error(transparent)]
    History(#[from] HistoryError),
    /// An approval's snapshot of the approved version could not be written.
    #[error("cannot keep the approved version: {0}")]
    Snapshot(#[from] SnapshotError),
    /// The review log could not be read or appended to.
    #[error(transparent)]
    Log(#[from] LogError),
    /// The comment or lock names a block the project does not have.
    #[error("the project has no block `{0}`")]
    NoSuchBlock(String),
    /// The action would not count (a self-approval, a signer not in the reviewers file, an
    /// answer to no comment…); the text says why.
    #[error("refused, nothing was recorded: {0}")]
    Refused(String),
}

/// Signs `act` by `identity` at `at` (UTC, RFC 3339) on the workspace's current content and
/// appends it to the review log, when it counts by the rules (`crate::review::verdicts`) against
/// the reviewers file. Returns the new entry's index.
pub fn take(
    ws: &mut Workspace,
    identity: &Identity,
    mut act: Act,
    at: &str,
) -> Result<usize, ActError> {
    if let Some(b) = &act.block
        && ws.project.all_blocks().iter().all(|x| x.id != *b)
    {
        return Err(ActError::NoSuchBlock(b.clone()));
    }
    let hash = content_hash(&ws.project, &ws.assets);
    if act.action == ReviewAction::Approve {
        act.snapshot = Some(snapshot::name_for(&ws.path, &hash));
    }
    let reviewers = ws.reviewers();
    let ws_ref = &*ws;
    let keep = |_: &str| {
        snapshot::write(
            &ws_ref.path,
            &ws_ref.project,
            &ws_ref.assets,
            &ws_ref.library,
            &hash,
        )
        .map(drop)
    };
    let entry = signed_if_it_counts(&ws.review_log, &reviewers, identity, act, &hash, at, keep)?;
    ws.review_log.append(entry)?;
    Ok(ws.review_log.entries.len() - 1)
}

/// Signs `act` on `hash` and returns the entry when it would count, as the log will hold it
/// (after the entries it links to), against `reviewers`. Before an approval is returned,
/// `keep` keeps the approved version.
pub fn signed_if_it_counts(
    log: &crate::review::ReviewLog,
    reviewers: &str,
    identity: &Identity,
    act: Act,
    hash: &str,
    at: &str,
    keep: impl FnOnce(&str) -> Result<(), SnapshotError>,
) -> Result<crate::model::ReviewEntry, ActError> {
    let approve = act.action == ReviewAction::Approve;
    let entry = sign(identity, act, hash, &log.next_prev(), at)?;
    let mut history = log.as_logged();
    history.push(entry.clone());
    if let Some(Some(why)) = verdicts(&history, reviewers).last() {
        return Err(ActError::Refused(why.clone()));
    }
    if approve {
        keep(hash)?;
    }
    Ok(entry)
}
