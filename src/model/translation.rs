//! Translations: a project's (or a library snippet's) texts in its other languages.
//!
//! They live in the file they translate, under `translations: { "fr": { KEY: (source: HASH,
//! text: "…") } }`, so that the file's review covers every language it speaks (an approval
//! of the French wording is an approval of the file) and its content hash, snapshot and
//! diff include them with no second file to keep in step. Translators do not edit RON: they
//! get a PO file (`crate::workspace::po`) and give it back.
//!
//! A text is named by a key: `subject`, `preheader`, `unsubscribe_url`, `unsubscribe_mailto`,
//! `chat.quick_reply<n>`, `print.info<n>.label`, `print.info<n>.value`, and for a block
//! `BLOCK:FIELD` (`intro:text`, `offer:label`, `intro:override.sms`; see
//! [`super::BlockField`]). Each translation keeps the [`source_hash`] of the text it
//! translated: when the text changes, the translation is still used but "needs review".

use super::{Block, BlockField, BlockKind, Project};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Every language's translations of one file: language tag → key → translation.
pub type Translations = BTreeMap<String, BTreeMap<String, Translated>>;

/// One text in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Translated {
    /// [`source_hash`] of the source text this translates.
    pub source: String,
    /// The translation (a template, like its source).
    pub text: String,
}

/// The first 16 hex digits of the SHA-256 of a source text: what a translation remembers of
/// the text it translated (64 bits tell a changed text from the one translated).
pub fn source_hash(text: &str) -> String {
    let mut h = crate::digest::sha256_hex(text.as_bytes());
    h.truncate(16);
    h
}

/// Whether a text has words to translate: a letter outside its template tags. `{{ name }}`
/// or `{{ invoice.total | money }}` reads the same in every language and is not listed.
pub fn is_translatable(text: &str) -> bool {
    let mut rest = text;
    loop {
        let Some(start) = rest.find(['{']) else {
            return rest.chars().any(char::is_alphabetic);
        };
        if rest[..start].chars().any(char::is_alphabetic) {
            return true;
        }
        let after = &rest[start..];
        let close = match after.get(..2) {
            Some("{{") => "}}",
            Some("{%") => "%}",
            Some("{#") => "#}",
            _ => {
                rest = &after[1..];
                continue;
            }
        };
        match after.find(close) {
            Some(end) => rest = &after[end + 2..],
            None => return false,
        }
    }
}

/// One translatable text of a file: its key, where a reader finds it, and the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceText {
    /// Its key in the translations.
    pub key: String,
    /// Where it is, for translators: `subject`, `Text block “intro”`, `SMS wording of block “intro”`.
    pub place: String,
    /// The text in the file's default language.
    pub text: String,
}

/// Calls `f(key, place, text)` for every text of `blocks` a customer reads (not a group's
/// condition, a table's source or a snippet's blocks, which the snippet translates).
/// `prefix` is taken off block ids: a linked snippet's blocks carry the using block's id.
pub fn each_block_text(
    blocks: &mut [Block],
    prefix: &str,
    f: &mut dyn FnMut(String, String, &mut String),
) {
    for b in blocks {
        let id = b.id.strip_prefix(prefix).unwrap_or(&b.id).to_owned();
        let kind = b.kind.kind().name();
        for field in text_fields(b) {
            let place = match &field {
                BlockField::Override(c) => format!("{} wording of block “{id}”", c.name()),
                BlockField::Text => format!("{kind} block “{id}”"),
                other => format!("{kind} block “{id}”, {other}"),
            };
            if let Some(text) = b.template_mut(&field) {
                f(format!("{id}:{field}"), place, text);
            }
        }
        if let BlockKind::Group { blocks, .. } = &mut b.kind {
            each_block_text(blocks, prefix, f);
        }
    }
}

/// The fields of a block a customer reads.
fn text_fields(b: &Block) -> Vec<BlockField> {
    let mut fields = match &b.kind {
        BlockKind::Heading { .. }
        | BlockKind::Text { .. }
        | BlockKind::Signature { .. }
        | BlockKind::Legal { .. } => vec![BlockField::Text],
        BlockKind::Button { .. } => vec![BlockField::Label, BlockField::Url],
        BlockKind::Image { url, .. } => {
            let mut f = vec![BlockField::Alt];
            if url.is_some() {
                f.push(BlockField::Url);
            }
            f
        }
        BlockKind::Table {
            columns, footer, ..
        } => {
            let mut f = Vec::new();
            for i in 0..columns.len() {
                f.push(BlockField::ColumnHeader(i));
                f.push(BlockField::ColumnValue(i));
            }
            f.extend((0..footer.len()).map(BlockField::Footer));
            f.push(BlockField::Empty);
            f
        }
        BlockKind::Divider | BlockKind::Group { .. } | BlockKind::Snippet(_) => Vec::new(),
    };
    fields.extend(b.overrides.keys().map(|c| BlockField::Override(*c)));
    fields
}

/// Calls `f(key, place, text)` for every text of the project's own a customer reads: the
/// message's, the channels' words and the blocks' (see the module's keys).
pub fn each_project_text(project: &mut Project, f: &mut dyn FnMut(String, String, &mut String)) {
    let c = &mut project.content;
    f("subject".into(), "subject".into(), &mut c.subject);
    f("preheader".into(), "preheader".into(), &mut c.preheader);
    let m = &mut project.meta;
    if let Some(u) = &mut m.unsubscribe_url {
        f("unsubscribe_url".into(), "unsubscribe link".into(), u);
    }
    if let Some(u) = &mut m.unsubscribe_mailto {
        f("unsubscribe_mailto".into(), "unsubscribe mailbox".into(), u);
    }
    for (i, q) in project.channels.chat.quick_replies.iter_mut().enumerate() {
        let n = i + 1;
        f(
            format!("chat.quick_reply{n}"),
            format!("chat quick reply {n}"),
            q,
        );
    }
    for (i, line) in project.channels.print.info.iter_mut().enumerate() {
        let n = i + 1;
        let place = format!("letter information line {n}");
        f(
            format!("print.info{n}.label"),
            format!("{place}, label"),
            &mut line.label,
        );
        f(
            format!("print.info{n}.value"),
            format!("{place}, value"),
            &mut line.value,
        );
    }
    each_block_text(&mut project.content.blocks, "", f);
}

/// The translatable texts of a project's own, in the file's order.
pub fn project_texts(project: &Project) -> Vec<SourceText> {
    let mut p = project.clone();
    translatable(|f| each_project_text(&mut p, f))
}

/// The translatable texts of a snippet's blocks, in the file's order.
pub fn block_texts(blocks: &[Block]) -> Vec<SourceText> {
    let mut blocks = blocks.to_vec();
    translatable(|f| each_block_text(&mut blocks, "", f))
}

/// The texts a walk over texts (`each_…_text`) visits that have words to translate.
fn translatable(walk: impl FnOnce(&mut dyn FnMut(String, String, &mut String))) -> Vec<SourceText> {
    let mut out = Vec::new();
    walk(&mut |key, place, text| {
        if is_translatable(text) {
            out.push(SourceText {
                key,
                place,
                text: text.clone(),
            });
        }
    });
    out
}

/// How a text stands in a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TextState {
    /// Translated from the current source.
    Done,
    /// Translated from an earlier source: used, but needs review.
    Stale,
    /// Not translated: the default language's text is used.
    Missing,
}

impl TextState {
    /// The state of `source` in a language whose translations are `translated`.
    pub fn of(source: &SourceText, translated: Option<&Translated>) -> TextState {
        match translated {
            None => TextState::Missing,
            Some(t) if t.source == source_hash(&source.text) => TextState::Done,
            Some(_) => TextState::Stale,
        }
    }

    /// "translated", "needs review" or "missing".
    pub fn words(self) -> &'static str {
        match self {
            TextState::Done => "translated",
            TextState::Stale => "needs review",
            TextState::Missing => "missing",
        }
    }
}

/// How many of `texts` stand translated, stale and missing in a language whose translations
/// are `translated`, as a line: `fr: 15 translated, 1 need review, 0 missing` (the CLI's
/// status and the designer's Translations window say it alike).
pub fn summary(
    language: &str,
    texts: &[SourceText],
    translated: Option<&BTreeMap<String, Translated>>,
) -> String {
    let mut counts = [0usize; 3];
    for t in texts {
        counts[TextState::of(t, translated.and_then(|m| m.get(&t.key))) as usize] += 1;
    }
    format!(
        "{language}: {} translated, {} need review, {} missing",
        counts[TextState::Done as usize],
        counts[TextState::Stale as usize],
        counts[TextState::Missing as usize]
    )
}

/// A text of a linked project that is not translated from its current source in a language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    /// The language.
    pub language: String,
    /// The library snippet whose text it is; `None` for the project's own.
    pub snippet: Option<String>,
    /// The text's key in the file that holds it.
    pub key: String,
    /// Where it is, for people.
    pub place: String,
    /// Missing or stale.
    pub state: TextState,
    /// The block it is in (as linked, with the snippet's prefix); `None` for message texts.
    pub block: Option<String>,
}

/// `project` (linked) in `language`: every translatable text replaced by its translation,
/// the project's own from its `translations` and each snippet's from the snippet file's; a
/// text without one keeps the default language's. Returns what is missing or stale.
pub fn translate(project: &Project, language: &str) -> (Project, Vec<Gap>) {
    let mut p = project.clone();
    let mut gaps = Vec::new();
    let own = project.translations.get(language);
    each_project_text(&mut p, &mut |key, place, text| {
        let block = key.split_once(':').map(|(b, _)| b.to_owned());
        apply(own, key, place, block, None, language, text, &mut gaps);
    });
    snippets(&mut p.content.blocks, language, &mut gaps);
    (p, gaps)
}

/// Translates the snippets among `blocks` with their own translations.
fn snippets(blocks: &mut [Block], language: &str, gaps: &mut Vec<Gap>) {
    for b in blocks {
        match &mut b.kind {
            BlockKind::Group { blocks, .. } => snippets(blocks, language, gaps),
            BlockKind::Snippet(r) => {
                let prefix = format!("{}.", b.id);
                let tr = r.translations.get(language).cloned();
                let name = r.name.clone();
                each_block_text(
                    std::sync::Arc::make_mut(&mut r.blocks).as_mut_slice(),
                    &prefix,
                    &mut |key, place, text| {
                        let block = key.split_once(':').map(|(id, _)| format!("{prefix}{id}"));
                        let owner = Some(name.clone());
                        apply(tr.as_ref(), key, place, block, owner, language, text, gaps);
                    },
                );
                snippets(
                    std::sync::Arc::make_mut(&mut r.blocks).as_mut_slice(),
                    language,
                    gaps,
                );
            }
            _ => {}
        }
    }
}

#[expect(
    clippy::too_many_arguments,
    reason = "one text's whole context, in one place"
)]
fn apply(
    translations: Option<&BTreeMap<String, Translated>>,
    key: String,
    place: String,
    block: Option<String>,
    snippet: Option<String>,
    language: &str,
    text: &mut String,
    gaps: &mut Vec<Gap>,
) {
    if !is_translatable(text) {
        return;
    }
    let source = SourceText {
        key,
        place,
        text: std::mem::take(text),
    };
    let found = translations.and_then(|t| t.get(&source.key));
    let state = TextState::of(&source, found);
    *text = match found {
        Some(t) => t.text.clone(),
        None => source.text,
    };
    if state != TextState::Done {
        gaps.push(Gap {
            language: language.to_owned(),
            snippet,
            key: source.key,
            place: source.place,
            state,
            block,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_outside_template_tags_make_a_text_translatable() {
        assert!(is_translatable("Hallo {{ name }}"));
        assert!(is_translatable("{{ name }}, willkommen"));
        assert!(is_translatable("{% if a %}Ja{% endif %}"));
        assert!(!is_translatable("{{ first_name }} {{ last_name }}"));
        assert!(!is_translatable("{{ total | money }} {# Betrag #}"));
        assert!(!is_translatable(""));
        assert!(!is_translatable("1 – 2 {{ x"));
        assert!(is_translatable("{ nur Klammer"));
    }

    #[test]
    fn a_source_hash_is_16_hex_digits_and_changes_with_the_text() {
        assert_eq!(source_hash("Hallo").len(), 16);
        assert_ne!(source_hash("Hallo"), source_hash("Hallo!"));
    }
}
