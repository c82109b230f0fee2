//! Templating: compiles every text of a project once, then resolves it against records.
//!
//! `environment` sets up minijinja (limits, escaping, filters), `compile` turns the project
//! into templates and a plan of blocks, `resolve` renders the plan for one record, `links`
//! holds the link policy and `errors` maps minijinja's errors to diagnostics.

mod compile;
mod concerns;
mod environment;
mod errors;
pub mod filters;
mod language;
mod links;
pub mod markdown;
pub mod plural;
pub mod postal;
mod resolve;
mod resolved;

use crate::model::ChannelSet;
pub use resolved::{Recipients, Resolved, ResolvedBlock, ResolvedMessage, Table, View};

pub use links::link_ok;

use crate::diag::Diagnostic;
use crate::model::MessageKind;
use crate::routing::Router;
use compile::{MessageFields, PlanBlock};
use markdown::RichText;
use minijinja::Environment;
use std::cell::Cell;

/// Work one template render may do (instructions and ~64-byte units of data):
/// enough for any real message field, small enough that an endless loop ends in milliseconds.
const FUEL: u64 = 200_000;
const RECURSION_LIMIT: usize = 64;
/// Largest text one field may produce.
pub const MAX_FIELD_BYTES: usize = 256 * 1024;
/// Template names ending so are inline Markdown: customer values are escaped for it.
const MARKDOWN_SUFFIX: &str = ".md";
/// Template names ending so are table rows: separators are removed from customer values.
const CELLS_SUFFIX: &str = ".cells";
const CELL_SEP: char = '\u{1f}';
const ROW_SEP: char = '\u{1e}';
/// Conditions are compiled as `{% if (EXPR) %}1{% endif %}`; positions skip this prefix.
const CONDITION_PREFIX: &str = "{% if (";

thread_local! {
    /// Set by the formatter when a template prints an undefined (missing) value.
    static SAW_UNDEFINED: Cell<bool> = const { Cell::new(false) };
}

/// How to resolve.
#[derive(Debug, Clone, Copy)]
pub struct ResolveOptions {
    /// Only blocks shown on these channels are resolved.
    pub channels: ChannelSet,
}

impl Default for ResolveOptions {
    fn default() -> Self {
        ResolveOptions {
            channels: ChannelSet::ALL,
        }
    }
}

/// One text field of the project, compiled.
struct Field {
    /// `block:field` (or `message:subject`, `email:to`…), plus a suffix naming its escaping.
    name: String,
    /// Text without template syntax needs no rendering: the text itself (Markdown pre-parsed).
    literal: Option<(String, RichText)>,
    /// Characters the compiled source has before the author's text (conditions).
    prefix: usize,
    /// Whether it compiled; a broken one was reported once and renders empty.
    ok: bool,
}

/// A project with all its templates compiled, in each of its languages; cheap to resolve
/// against many records.
pub struct Engine {
    /// The message in each language, the default first.
    languages: Vec<Compiled>,
    /// Which language a record gets.
    chooser: language::Chooser,
    /// What concerns every language (the library, the routing policy, consent), reported
    /// with every resolved message.
    common_diagnostics: Vec<Diagnostic>,
    /// Texts not translated from their current source, in every language.
    gaps: Vec<crate::model::translation::Gap>,
    /// The routing policy: who gets which channel.
    pub router: Router,
    kind: MessageKind,
}

/// The message's templates in one language.
struct Compiled {
    /// Its tag as the project writes it (`fr`, `de-CH`).
    tag: String,
    env: Environment<'static>,
    plan: Vec<PlanBlock>,
    message: MessageFields,
    /// Template syntax errors of this language's texts, reported with its messages.
    diagnostics: Vec<Diagnostic>,
}

impl Engine {
    /// The message's languages, the default first.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.languages.iter().map(|l| l.tag.as_str())
    }

    /// The language `record` gets, and the note or warning when it is not its own.
    pub fn language_of(&self, record: &crate::model::Record) -> (&str, Option<Diagnostic>) {
        let (i, note) = self.chooser.choose(record);
        (&self.languages[i].tag, note)
    }

    /// Texts not translated from their current source, in every language but the default.
    pub fn translation_gaps(&self) -> &[crate::model::translation::Gap] {
        &self.gaps
    }
}

fn is_literal(source: &str) -> bool {
    !source.contains("{{") && !source.contains("{%") && !source.contains("{#")
}
