//! The review history: signing an action into an entry, and reading the entries back into
//! a state. An approval counts only when its signature verifies against the reviewers file,
//! its content hash is the current one, and its signer did not submit that version.

use super::log::entry_hash;
use super::signing::{Identity, SigningError, verify};
use crate::model::{Channel, ReviewAction, ReviewEntry};

/// Prism's version, written into every entry.
pub const PRISM_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Why an action could not be signed into an entry.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// Requesting changes, rejecting and commenting need a comment that is not blank.
    #[error("{} needs a comment saying why", article(action_name(*.0)))]
    CommentRequired(ReviewAction),
    /// The identity's key could not make the signature.
    #[error(transparent)]
    Signing(#[from] SigningError),
}

/// The text an entry's signature covers: every field but the signature, one per line, the
/// comment last and JSON-quoted so that no line break in it can forge another field. An entry
/// of the review log signs its link to the entry before (`prism-review-v2`); an entry from a
/// project file's old `review` section has none (`prism-review-v1`).
pub fn signed_text(e: &ReviewEntry) -> String {
    let head = match &e.prev {
        Some(prev) => format!("prism-review-v2\nprev: {prev}\n"),
        None => "prism-review-v1\n".to_owned(),
    };
    head + &signed_fields(e)
}

fn signed_fields(e: &ReviewEntry) -> String {
    let or_dash = |s: Option<String>| s.unwrap_or_else(|| "-".into());
    format!(
        "action: {:?}\nby: {}\nname: {}\nat: {}\ncontent: {}\nblock: {}\nchannel: {}\nreply-to: {}\nsnapshot: {}\nprism: {}\ncomment: {}\n",
        e.action,
        e.by,
        e.name,
        e.at,
        e.content_hash,
        or_dash(e.block.clone()),
        or_dash(e.channel.map(|c| c.name().to_owned())),
        or_dash(e.reply_to.map(|i| i.to_string())),
        or_dash(e.snapshot.clone()),
        e.prism,
        serde_json::to_string(&e.comment).expect("a string serialises"),
    )
}

/// Whether the entry's signature verifies for its signer in `reviewers`, and whether it
/// signs its link (`true`) or, moved into the log from a project file's old section, only the
/// v1 text without it (a signature made over one text never verifies another, so no entry can
/// pass as the other kind).
fn verify_entry(reviewers: &str, e: &ReviewEntry) -> Result<bool, super::Refusal> {
    let signed = verify(reviewers, &e.by, signed_text(e).as_bytes(), &e.signature);
    match (signed, &e.prev) {
        (Ok(()), prev) => Ok(prev.is_some()),
        (Err(_), Some(_)) => {
            let old = format!("prism-review-v1\n{}", signed_fields(e));
            verify(reviewers, &e.by, old.as_bytes(), &e.signature).map(|()| false)
        }
        (Err(e), None) => Err(e),
    }
}

/// What a person does, before it is signed: the action and what it is about.
#[derive(Debug, Clone)]
pub struct Act {
    /// What is done: submit, approve, comment, lock, ….
    pub action: ReviewAction,
    /// Free text; needed to request changes, reject or comment, else may be empty.
    pub comment: String,
    /// The id of the block a comment, lock or unlock is about.
    pub block: Option<String>,
    /// The channel a comment is about, when it is about one.
    pub channel: Option<Channel>,
    /// The comment (index in the history, from 0) this answers or resolves.
    pub reply_to: Option<usize>,
    /// For an approval: the approved version's snapshot, relative to the project file.
    /// `review::take` fills it in.
    pub snapshot: Option<String>,
}

impl Act {
    /// An act with no comment, block, channel, reply or snapshot yet.
    pub fn new(action: ReviewAction) -> Act {
        Act {
            action,
            comment: String::new(),
            block: None,
            channel: None,
            reply_to: None,
            snapshot: None,
        }
    }

    /// The same act with `comment` as its text.
    pub fn comment(mut self, comment: &str) -> Act {
        self.comment = comment.to_owned();
        self
    }

    /// The same act about the block with id `block`, or about no block.
    pub fn block(mut self, block: Option<&str>) -> Act {
        self.block = block.map(str::to_owned);
        self
    }
}

/// A new signed entry for `act` on the content `content_hash`, taken at `at` (UTC), linked
/// to the entry before it by `prev` (see `crate::review::log`).
pub fn sign(
    identity: &Identity,
    act: Act,
    content_hash: &str,
    prev: &str,
    at: &str,
) -> Result<ReviewEntry, HistoryError> {
    let needs_reason = matches!(
        act.action,
        ReviewAction::RequestChanges | ReviewAction::Reject | ReviewAction::Comment
    );
    if needs_reason && act.comment.trim().is_empty() {
        return Err(HistoryError::CommentRequired(act.action));
    }
    let mut entry = ReviewEntry {
        prev: Some(prev.to_owned()),
        action: act.action,
        by: identity.email.clone(),
        name: identity.name.clone(),
        at: at.to_owned(),
        content_hash: content_hash.to_owned(),
        comment: act.comment,
        block: act.block,
        channel: act.channel,
        reply_to: act.reply_to,
        snapshot: act.snapshot,
        prism: PRISM_VERSION.to_owned(),
        signature: String::new(),
    };
    entry.signature = identity.sign(signed_text(&entry).as_bytes())?;
    Ok(entry)
}

/// [`sign`] for the common case: an action with a comment, maybe on a block, appended after
/// `history`.
pub fn sign_entry(
    identity: &Identity,
    history: &[ReviewEntry],
    action: ReviewAction,
    content_hash: &str,
    comment: &str,
    block: Option<&str>,
    at: &str,
) -> Result<ReviewEntry, HistoryError> {
    sign(
        identity,
        Act::new(action).comment(comment).block(block),
        content_hash,
        &super::log::next_prev(history),
        at,
    )
}

/// Where a project stands, for its current content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// Not submitted for review in this version, and never approved.
    Draft,
    /// Submitted for review, still short of the approvals it needs.
    InReview {
        /// The submitter's name.
        by: String,
        /// When it was submitted (UTC, RFC 3339).
        at: String,
    },
    /// A reviewer asked for changes to this version.
    ChangesRequested {
        /// The reviewer's name.
        by: String,
        /// The changes they asked for.
        comment: String,
    },
    /// A reviewer rejected this version.
    Rejected {
        /// The reviewer's name.
        by: String,
        /// Their reason.
        comment: String,
    },
    /// This version has all the approvals it needs.
    Approved,
    /// Approved once, but the content has changed since.
    Stale,
}

/// An approval that counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    /// The approval's index in the history.
    pub entry: usize,
    /// The approver's email address (their principal in the reviewers file).
    pub by: String,
    /// The approver's name, for display.
    pub name: String,
    /// When they approved (UTC, RFC 3339).
    pub at: String,
}

/// The review history read against the current content: its state and what counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// Where the current content stands.
    pub state: State,
    /// Distinct reviewers whose approval of the current content counts.
    pub approvals: Vec<Counted>,
    /// Approvals needed to be approved: the required setting, raised to at least 1.
    pub required: u32,
    /// Entries that do not count, by index in the history, with the reason.
    pub refused: Vec<(usize, String)>,
}

impl Status {
    /// Draft / In review / Approved by … on … / Approval stale (content changed) / …: the
    /// short label of the title bar, the toolbar and the proof pack.
    pub fn label(&self) -> String {
        match &self.state {
            State::Draft => "Draft".into(),
            State::InReview { .. } => format!(
                "In review ({} of {} approvals)",
                self.approvals.len(),
                self.required
            ),
            State::ChangesRequested { by, .. } => format!("Changes requested by {by}"),
            State::Rejected { by, .. } => format!("Rejected by {by}"),
            State::Approved => {
                let by: Vec<String> = self
                    .approvals
                    .iter()
                    .map(|a| format!("{} on {}", a.name, a.at.get(..10).unwrap_or(&a.at)))
                    .collect();
                format!("Approved by {}", by.join(", "))
            }
            State::Stale => "Approval stale (content changed)".into(),
        }
    }

    /// One sentence for messages: the state, the approvals still missing, refused entries.
    pub fn describe(&self) -> String {
        let mut s = match &self.state {
            State::Draft => "it is a draft, never submitted for review".to_owned(),
            State::InReview { by, at } => format!("{by} submitted it for review on {at}"),
            State::ChangesRequested { by, comment } => {
                format!("{by} requested changes: {comment}")
            }
            State::Rejected { by, comment } => format!("{by} rejected it: {comment}"),
            State::Approved => "approved".to_owned(),
            State::Stale => "the approval is stale: the content changed since".to_owned(),
        };
        if self.state != State::Approved {
            s.push_str(&format!(
                "; {} of {} required approvals",
                self.approvals.len(),
                self.required
            ));
        }
        for (i, reason) in &self.refused {
            s.push_str(&format!("; entry {} does not count: {reason}", i + 1));
        }
        s
    }
}

/// Why each entry does not count, or `None` when it counts, by the rules alone:
/// - its link names the entry before it (entries from a project file's old section have none,
///   and only entries like them may come before);
/// - its signature verifies for its signer, who is listed in the reviewers file; one that
///   signs no link (moved from a project file's old section) stands before every one that does;
/// - a change request, rejection or comment says why;
/// - an answer or resolution names an earlier comment that counts; a resolution names one;
/// - a lock or unlock names a block;
/// - an approval is of a content hash that someone submitted earlier, by an entry that
///   counts, and its signer submitted that content hash at no point before (four eyes).
pub fn verdicts(history: &[ReviewEntry], reviewers: &str) -> Vec<Option<String>> {
    let mut out: Vec<Option<String>> = Vec::with_capacity(history.len());
    let mut linked_before = false;
    for (i, e) in history.iter().enumerate() {
        let signature = || match verify_entry(reviewers, e) {
            Ok(true) => {
                linked_before = true;
                None
            }
            // An old entry could otherwise be copied into any log at any place.
            Ok(false) if linked_before => {
                Some("it signs no link, so it may only stand before the entries that do".into())
            }
            Ok(false) => None,
            Err(r) => Some(r.to_string()),
        };
        let why = link_problem(history, i)
            .or_else(signature)
            .or_else(|| rule_problem(history, &out, i));
        out.push(why.map(|why| format!("{} by {}: {why}", action_name(e.action), e.by)));
    }
    out
}

fn link_problem(history: &[ReviewEntry], i: usize) -> Option<String> {
    let e = &history[i];
    let before = i.checked_sub(1).map(|j| &history[j]);
    match (&e.prev, before) {
        (None, None) => None,
        (None, Some(b)) if b.prev.is_none() => None,
        (None, Some(_)) => Some("it has no link to the entry before it".into()),
        (Some(prev), None) if prev == super::log::FIRST_PREV => None,
        (Some(_), None) => Some("the log's first entry links to an entry that is not there".into()),
        (Some(prev), Some(b)) if *prev == entry_hash(b) => None,
        (Some(_), Some(_)) => Some(format!(
            "its link does not match entry {i}: the log was changed before it (a line removed, moved, edited or inserted)"
        )),
    }
}

fn rule_problem(history: &[ReviewEntry], verdicts: &[Option<String>], i: usize) -> Option<String> {
    let e = &history[i];
    let counts = |j: usize| verdicts.get(j).is_some_and(Option::is_none);
    use ReviewAction::*;
    if matches!(e.action, RequestChanges | Reject | Comment) && e.comment.trim().is_empty() {
        return Some("it gives no comment saying why".into());
    }
    if e.action == Resolve && e.reply_to.is_none() {
        return Some("it names no comment to resolve".into());
    }
    if let Some(to) = e.reply_to {
        let comment = to < i && counts(to) && history[to].action == Comment;
        if !comment {
            return Some(format!(
                "entry {} is not an earlier comment that counts",
                to + 1
            ));
        }
    }
    if matches!(e.action, Lock | Unlock) && e.block.is_none() {
        return Some("it names no block".into());
    }
    if e.action == Approve {
        let submissions = history[..i]
            .iter()
            .enumerate()
            .filter(|(j, s)| counts(*j) && s.action == Submit && s.content_hash == e.content_hash);
        let mut any = false;
        for (_, s) in submissions {
            if s.by == e.by {
                return Some("they submitted this version themselves".into());
            }
            any = true;
        }
        if !any {
            return Some("no one submitted this version for review".into());
        }
    }
    None
}

/// Reads a history (a project's log, or an export's archived copy) needing `required`
/// approvals against the current content hash and the `reviewers` file's text.
pub fn status(
    history: &[ReviewEntry],
    required: u32,
    current_hash: &str,
    reviewers: &str,
) -> Status {
    let verdicts = verdicts(history, reviewers);
    let refused: Vec<(usize, String)> = verdicts
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.clone().map(|why| (i, why)))
        .collect();
    let counting = || {
        history
            .iter()
            .enumerate()
            .filter(|(i, _)| verdicts[*i].is_none())
    };
    let current: Vec<(usize, &ReviewEntry)> = counting()
        .filter(|(_, e)| e.content_hash == current_hash)
        .collect();
    let mut approvals: Vec<Counted> = Vec::new();
    for (i, e) in current
        .iter()
        .filter(|(_, e)| e.action == ReviewAction::Approve)
    {
        if !approvals.iter().any(|a| a.by == e.by) {
            approvals.push(Counted {
                entry: *i,
                by: e.by.clone(),
                name: e.name.clone(),
                at: e.at.clone(),
            });
        }
    }
    let required = required.max(1);
    let last_decision = current.iter().rev().map(|(_, e)| e).find(|e| {
        matches!(
            e.action,
            ReviewAction::Submit | ReviewAction::RequestChanges | ReviewAction::Reject
        )
    });
    let state = if approvals.len() as u32 >= required {
        State::Approved
    } else if let Some(e) = last_decision {
        match e.action {
            ReviewAction::RequestChanges => State::ChangesRequested {
                by: e.name.clone(),
                comment: e.comment.clone(),
            },
            ReviewAction::Reject => State::Rejected {
                by: e.name.clone(),
                comment: e.comment.clone(),
            },
            _ => State::InReview {
                by: e.name.clone(),
                at: e.at.clone(),
            },
        }
    } else if counting().any(|(_, e)| e.action == ReviewAction::Approve) {
        State::Stale
    } else {
        State::Draft
    };
    Status {
        state,
        approvals,
        required,
        refused,
    }
}

/// Whether each block is locked, by the log: the last lock or unlock of it that counts
/// (`status` is the history's, which says which entries do not). Blocks the log never names
/// keep the lock their project file gives them.
pub fn locks(history: &[ReviewEntry], status: &Status) -> std::collections::HashMap<String, bool> {
    let mut out = std::collections::HashMap::new();
    for (i, e) in history.iter().enumerate() {
        let counts = status.refused.iter().all(|(j, _)| *j != i);
        if counts && let (Some(b), ReviewAction::Lock | ReviewAction::Unlock) = (&e.block, e.action)
        {
            out.insert(b.clone(), e.action == ReviewAction::Lock);
        }
    }
    out
}

/// "a comment", "an approval".
fn article(noun: &str) -> String {
    match noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        true => format!("an {noun}"),
        false => format!("a {noun}"),
    }
}

/// The action as a noun: "approval", "change request".
pub fn action_name(a: ReviewAction) -> &'static str {
    match a {
        ReviewAction::Submit => "submission",
        ReviewAction::Approve => "approval",
        ReviewAction::RequestChanges => "change request",
        ReviewAction::Reject => "rejection",
        ReviewAction::Comment => "comment",
        ReviewAction::Unlock => "unlock",
        ReviewAction::Lock => "lock",
        ReviewAction::Resolve => "resolution",
    }
}
