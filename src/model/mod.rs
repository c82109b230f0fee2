//! The project: one content source for every channel, as plain data.
//!
//! Everything here is (de)serialised to RON by `file.rs`; nothing here renders.

mod blocks;
mod channel;
mod data;
mod file;
pub mod library;
pub mod po;
mod review;
mod routing;
mod settings;
pub mod splice;
pub mod stream;
pub mod translation;

pub use blocks::{Align, Block, BlockField, BlockKind, Column, ImageWidth, Kind, SnippetRef};
pub use channel::{Channel, ChannelSet, serialize_channel_name};
pub use data::{CsvField, DataError, DataSource, FieldKind, Record, Records};
pub use file::{
    CURRENT_FORMAT, LoadError, SaveError, load_project, parse_project, read_project_text,
    save_project, to_ron, to_ron_pretty,
};
pub use file::{parse_ron, write_atomic};
pub use review::{Review, ReviewAction, ReviewEntry};
pub use routing::{Consent, ExistingCustomer, FrequencyCap, PostalFields, Routing, Strategy};
pub use settings::{
    Brand, BrandField, ChannelSettings, ChatProfile, ChatSettings, DarkColours, EmailSettings,
    InfoLine, Paper, PrintForm, PrintSettings, Sender, SmsSettings,
};
pub use stream::load_records;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The whole project file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// Project file format, from 1 to [`CURRENT_FORMAT`]; a file from a newer Prism is refused.
    pub format_version: u32,
    /// The message's name, kind and language, and its unsubscribe links.
    pub meta: Meta,
    /// Colours, font, logo and sender: how the message looks and who it comes from; the
    /// project's own or the library's.
    pub brand: BrandField,
    /// Subject, preheader and blocks: the one content source of every channel.
    pub content: Content,
    /// Where the customer records come from; no records when left out.
    #[serde(default)]
    pub data: DataSource,
    /// Per-channel settings (recipients, email width, letter form); defaults when left out.
    #[serde(default)]
    pub channels: ChannelSettings,
    /// Who gets the message on which channel (part of the content: it decides who is reached).
    #[serde(default)]
    pub routing: Routing,
    /// The texts in the other languages (`meta.languages`): language → text key →
    /// translation (see [`translation`]).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub translations: translation::Translations,
    /// The signed review history of a file from before the review log; read, moved into
    /// the log (`crate::review::log`) and never written again.
    #[serde(default, skip_serializing)]
    pub review: Review,
    /// What linking the library did (files used, problems); never written.
    #[serde(skip)]
    pub linked: library::Linked,
}

/// Why the message is sent; decides which legal rules apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MessageKind {
    /// Part of a transaction the customer started, e.g. an invoice; needs no consent.
    Transactional,
    /// A notice about the customer's contract or account; needs no consent.
    Service,
    /// Advertising: needs a legal basis (consent, or UWG §7(3) for email) and an unsubscribe link.
    Marketing,
}

/// What the message is: `meta: (name: "Rechnung", kind: Transactional, language: "de")`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// The project's name, as proof packs and export manifests show it.
    pub name: String,
    /// Why the message is sent; marketing also defaults routing to one channel per customer.
    pub kind: MessageKind,
    /// BCP 47 language tag of the content as written in the file, e.g. "de": the default
    /// language, which customers get whose own the message does not speak.
    #[serde(default = "default_language")]
    pub language: String,
    /// The other languages the message speaks (`["en", "fr"]`), translated in
    /// `translations`; a customer's language picks one (see [`Project::languages`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    /// The record field that holds the customer's language (a BCP 47 tag such as `de-AT`).
    #[serde(
        default = "default_language_field",
        skip_serializing_if = "is_language_field"
    )]
    pub language_field: String,
    /// One-click unsubscribe URL (template); marketing messages need it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unsubscribe_url: Option<String>,
    /// Unsubscribe mailbox (template), offered beside the URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unsubscribe_mailto: Option<String>,
    /// How many distinct reviewers must approve the content before it may go out. Part of
    /// the content, so lowering it voids the approvals.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub required_approvals: u32,
    /// Every library brand and snippet the message uses must be approved at its current
    /// content before an export that requires approval (`--require-approved`) may run.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub require_approved_snippets: bool,
}

fn one() -> u32 {
    1
}

fn is_one(n: &u32) -> bool {
    *n == 1
}

pub(crate) fn default_language() -> String {
    "de".into()
}

fn default_language_field() -> String {
    "language".into()
}

fn is_language_field(f: &str) -> bool {
    f == "language"
}

/// The message's text, shared by every channel; every text in it is a template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Content {
    /// Email subject and the letter's subject line (template).
    pub subject: String,
    /// Preview text inboxes show after the subject (template); empty for none.
    #[serde(default)]
    pub preheader: String,
    /// The blocks, in reading order.
    pub blocks: Vec<Block>,
}

impl Project {
    /// Every language the message speaks, the default (`meta.language`) first, each once.
    pub fn languages(&self) -> Vec<String> {
        let mut out = vec![self.meta.language.clone()];
        for l in &self.meta.languages {
            if !out.iter().any(|o| o.eq_ignore_ascii_case(l)) {
                out.push(l.clone());
            }
        }
        out
    }

    /// Every image asset the project shows (the logo first): as written in the file, and
    /// those of its library brand and snippets as linked (relative to the project's folder).
    pub fn asset_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.brand.logo.iter().cloned().collect();
        for b in self.shown_blocks() {
            if let BlockKind::Image { asset, .. } = &b.kind {
                names.push(asset.clone());
            }
        }
        names
    }

    /// Every block shown, depth first, groups and snippets before their children: the
    /// project's own and those of its snippets as linked.
    pub fn shown_blocks(&self) -> Vec<&Block> {
        fn walk<'a>(blocks: &'a [Block], out: &mut Vec<&'a Block>) {
            for b in blocks {
                out.push(b);
                match &b.kind {
                    BlockKind::Group { blocks, .. } => walk(blocks, out),
                    BlockKind::Snippet(s) => walk(&s.blocks, out),
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.content.blocks, &mut out);
        out
    }

    /// Every block of the project's own, depth first, groups before their children (a
    /// snippet's blocks are the library's, not the project's).
    pub fn all_blocks(&self) -> Vec<&Block> {
        fn walk<'a>(blocks: &'a [Block], out: &mut Vec<&'a Block>) {
            for b in blocks {
                out.push(b);
                if let BlockKind::Group { blocks, .. } = &b.kind {
                    walk(blocks, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.content.blocks, &mut out);
        out
    }
}

/// A per-channel map, used for block overrides.
pub type PerChannel<T> = BTreeMap<Channel, T>;
