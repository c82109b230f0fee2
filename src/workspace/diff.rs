//! What changed since approval: per block a word diff of its source, and per channel a word
//! diff of the text one record receives, the approved version against the current one.

use super::Workspace;
use crate::model::ChannelSet;
use crate::model::{Block, BlockKind, Channel, Project, Record, ReviewAction};
use crate::render::email::ImageMode;
use crate::review::snapshot::{self, Snapshot};
use similar::{ChangeTag, TextDiff};

/// What a run of words in a word diff is: in both texts, or in only one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// In both the old and the new text.
    Same,
    /// Only in the old text (the approved version).
    Removed,
    /// Only in the new text (the current version).
    Added,
}

/// One block, setting or channel: its text before and after as runs of words.
#[derive(Debug, Clone)]
pub struct Section {
    /// What it covers: a setting (`subject`, `brand`, …), `block ID`, or a channel's name.
    pub title: String,
    /// The text in order, as runs of words that are the same, removed or added.
    pub chunks: Vec<(Change, String)>,
}

impl Section {
    /// Whether any words were removed or added.
    pub fn changed(&self) -> bool {
        self.chunks.iter().any(|(c, _)| *c != Change::Same)
    }

    /// The diff as plain text: `[-removed-]` and `{+added+}`, as `git diff --word-diff=plain`.
    pub fn plain(&self) -> String {
        self.chunks
            .iter()
            .map(|(c, t)| match c {
                Change::Same => t.clone(),
                Change::Removed => format!("[-{t}-]"),
                Change::Added => format!("{{+{t}+}}"),
            })
            .collect()
    }
}

/// The changes between the approved version and the current one.
pub struct ReviewDiff {
    /// The approval compared against: who and when.
    pub approved_by: String,
    /// When it was approved (UTC, RFC 3339).
    pub approved_at: String,
    /// The content hash that was approved.
    pub approved_hash: String,
    /// Blocks and message settings, in the current order (removed blocks last).
    pub sources: Vec<Section>,
    /// The record whose rendered texts are compared, and a section per channel.
    pub record: Option<String>,
    /// One section per channel (email, SMS, chat, letter); empty when there are no records.
    pub channels: Vec<Section>,
}

/// Word diff of two texts, neighbouring words of one kind joined into one chunk.
pub fn word_diff(old: &str, new: &str) -> Vec<(Change, String)> {
    let diff = TextDiff::from_words(old, new);
    let mut chunks: Vec<(Change, String)> = Vec::new();
    for c in diff.iter_all_changes() {
        let kind = match c.tag() {
            ChangeTag::Equal => Change::Same,
            ChangeTag::Delete => Change::Removed,
            ChangeTag::Insert => Change::Added,
        };
        match chunks.last_mut() {
            Some((k, text)) if *k == kind => text.push_str(c.value()),
            _ => chunks.push((kind, c.value().to_owned())),
        }
    }
    chunks
}

/// Why there is no approved version to compare with.
#[derive(Debug, thiserror::Error)]
pub enum NoApproval {
    /// No approval in the log.
    #[error("nothing has been approved yet")]
    Never,
    /// The newest approval does not count; the rule it breaks, in words.
    #[error("the last approval does not count: {0}")]
    NotCounted(String),
    /// The approval names no snapshot of what it approved.
    #[error("the approval by {0} names no snapshot")]
    NoSnapshot(String),
    /// The snapshot it names cannot be loaded.
    #[error(transparent)]
    Snapshot(#[from] snapshot::SnapshotError),
}

/// The newest approval whose signature counts (listed signer), with its snapshot loaded;
/// it need not be of the current content. Returns the entry's index too.
pub fn latest_approval(ws: &Workspace) -> Result<(usize, Snapshot), NoApproval> {
    let history = &ws.review_log.entries;
    let verdicts = crate::review::verdicts(history, &ws.reviewers());
    let mut why = NoApproval::Never;
    for (i, e) in history.iter().enumerate().rev() {
        if e.action != ReviewAction::Approve {
            continue;
        }
        if let Some(r) = &verdicts[i] {
            why = NoApproval::NotCounted(r.clone());
            continue;
        }
        let Some(name) = &e.snapshot else {
            why = NoApproval::NoSnapshot(e.by.clone());
            continue;
        };
        return Ok((i, snapshot::load_named(ws.base(), name, &e.content_hash)?));
    }
    Err(why)
}

/// Compares the approved `snapshot` with the workspace's current content, rendering
/// `record` (default: the first) with both.
pub fn diff(
    ws: &Workspace,
    approval: usize,
    snapshot: Snapshot,
    record: Option<&Record>,
) -> ReviewDiff {
    let entry = &ws.review_log.entries[approval];
    let sources = source_sections(&snapshot.project, &ws.project);
    let record = record.or(ws.records.first());
    let channels =
        match record {
            Some(r) => {
                let old = Workspace::with_assets(
                    snapshot.path.clone(),
                    String::new(),
                    snapshot.project,
                    Vec::new(),
                    snapshot.assets,
                    snapshot.library,
                );
                // The record in each language either version speaks, so that a changed
                // translation shows as what its customers receive.
                let mut languages: Vec<String> = ws.project.languages();
                for l in old.project.languages() {
                    if !languages.contains(&l) {
                        languages.push(l);
                    }
                }
                let several = languages.len() > 1;
                let field = &ws.project.meta.language_field;
                let mut sections = Vec::new();
                for l in &languages {
                    let shown = if several {
                        r.with_text(field, l)
                    } else {
                        r.clone()
                    };
                    let before = channel_texts(&old, &shown);
                    let after = channel_texts(ws, &shown);
                    sections.extend(before.into_iter().zip(after).map(|((c, a), (_, b))| {
                        Section {
                            title: if several {
                                format!("{} ({l})", c.name())
                            } else {
                                c.name().to_owned()
                            },
                            chunks: word_diff(&a, &b),
                        }
                    }));
                }
                sections
            }
            None => Vec::new(),
        };
    ReviewDiff {
        approved_by: entry.name.clone(),
        approved_at: entry.at.clone(),
        approved_hash: entry.content_hash.clone(),
        sources,
        record: record.map(|r| r.id.clone()),
        channels,
    }
}

/// The text a record receives on each channel: the email's subject and text part, the SMS,
/// the chat bubbles in messenger markup, and the letter's lines page by page.
pub fn channel_texts(ws: &Workspace, record: &Record) -> Vec<(Channel, String)> {
    let r = ws.render(record, ChannelSet::ALL, ImageMode::Cid);
    let email = r
        .email
        .as_ref()
        .and_then(|o| o.artefact.as_ref())
        .map_or(String::new(), |e| {
            format!("Subject: {}\n\n{}", e.subject, e.text)
        });
    let sms = r
        .sms
        .as_ref()
        .and_then(|o| o.artefact.as_ref())
        .map_or(String::new(), |s| s.text.clone());
    let chat = r
        .chat
        .as_ref()
        .and_then(|o| o.artefact.as_ref())
        .map_or(String::new(), |c| {
            c.bubbles
                .iter()
                .map(crate::render::chat::Bubble::text)
                .collect::<Vec<_>>()
                .join("\n\n")
        });
    let letter = r
        .print
        .as_ref()
        .and_then(|o| o.artefact.as_ref())
        .map_or(String::new(), |l| {
            l.pages
                .iter()
                .map(|p| {
                    p.text_lines()
                        .into_iter()
                        .map(|(_, t)| t)
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .collect::<Vec<_>>()
                .join("\n\n")
        });
    vec![
        (Channel::Email, email),
        (Channel::Sms, sms),
        (Channel::Chat, chat),
        (Channel::Print, letter),
    ]
}

/// Each block's own source (a group without its children, which have sections of their
/// own) as pretty RON, plus the message's settings.
fn block_sources(p: &Project) -> Vec<(String, String)> {
    let mut out = vec![
        ("subject".to_owned(), p.content.subject.clone()),
        ("preheader".to_owned(), p.content.preheader.clone()),
        ("meta".to_owned(), pretty(&p.meta)),
        ("brand".to_owned(), pretty(&p.brand)),
        ("channel settings".to_owned(), pretty(&p.channels)),
        ("routing".to_owned(), pretty(&p.routing)),
    ];
    for b in p.all_blocks() {
        let mut own: Block = b.clone();
        if let BlockKind::Group { blocks, .. } = &mut own.kind {
            blocks.clear();
        }
        out.push((format!("block {}", b.id), pretty(&own)));
    }
    // Each translation on its own, titled by language and text (`fr intro:text`).
    for (language, texts) in &p.translations {
        for (key, t) in texts {
            out.push((format!("{language} {key}"), t.text.clone()));
        }
    }
    out
}

fn source_sections(old: &Project, new: &Project) -> Vec<Section> {
    let before = block_sources(old);
    let after = block_sources(new);
    let mut sections: Vec<Section> = after
        .iter()
        .map(|(title, text)| {
            let old_text = before
                .iter()
                .find(|(t, _)| t == title)
                .map_or("", |(_, s)| s.as_str());
            Section {
                title: title.clone(),
                chunks: word_diff(old_text, text),
            }
        })
        .collect();
    for (title, text) in &before {
        if !after.iter().any(|(t, _)| t == title) {
            sections.push(Section {
                title: title.clone(),
                chunks: word_diff(text, ""),
            });
        }
    }
    sections
}

/// Pretty RON of any part of a project, for diffing.
fn pretty<T: serde::Serialize>(v: &T) -> String {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(false)
        .indentor("  ".to_string());
    ron::ser::to_string_pretty(v, config).unwrap_or_default()
}
