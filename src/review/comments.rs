//! Comment threads in the review history: a comment on a block (and maybe a channel), its
//! answers, and whether it was resolved. Entries point back at the comment they answer
//! (`reply_to`), so the append-only history holds the threads without rewriting anything.

use crate::model::{Channel, ReviewAction, ReviewEntry};

/// One thread: indices into the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thread {
    /// The comment that starts the thread.
    pub root: usize,
    /// The id of the block the comment is about; `None` when it is about the whole message.
    pub block: Option<String>,
    /// The channel the comment is about, when it is about one.
    pub channel: Option<Channel>,
    /// The answers, oldest first, answers to answers included.
    pub replies: Vec<usize>,
    /// The entry that resolved it.
    pub resolved: Option<usize>,
}

/// Every thread, oldest first. Answers to answers join their root's thread.
pub fn threads(history: &[ReviewEntry]) -> Vec<Thread> {
    let mut out: Vec<Thread> = Vec::new();
    // Which thread each entry belongs to, by index.
    let mut thread_of: Vec<Option<usize>> = vec![None; history.len()];
    for (i, e) in history.iter().enumerate() {
        match (e.action, e.reply_to) {
            (ReviewAction::Comment, None) => {
                thread_of[i] = Some(out.len());
                out.push(Thread {
                    root: i,
                    block: e.block.clone(),
                    channel: e.channel,
                    replies: Vec::new(),
                    resolved: None,
                });
            }
            (ReviewAction::Comment | ReviewAction::Resolve, Some(to)) if to < i => {
                let Some(t) = thread_of[to] else { continue };
                thread_of[i] = Some(t);
                if e.action == ReviewAction::Resolve {
                    out[t].resolved.get_or_insert(i);
                } else {
                    out[t].replies.push(i);
                }
            }
            _ => {}
        }
    }
    out
}

/// Open threads on `block` (the badge count).
pub fn open_on(threads: &[Thread], block: &str) -> usize {
    threads
        .iter()
        .filter(|t| t.resolved.is_none() && t.block.as_deref() == Some(block))
        .count()
}
