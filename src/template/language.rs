//! Which of the message's languages a customer gets: the record's language tag exactly
//! (`de-AT`), else a language of the same primary language (`de`), else the message's
//! default. A fallback is noted on the record; a value that is no language tag is a warning.

use crate::diag::{Code, Diagnostic};
use crate::model::Record;
use icu_locale_core::LanguageIdentifier;

/// The message's languages, parsed once, and the record field that names a customer's.
pub(super) struct Chooser {
    /// The languages as the project writes them, the default first, with their parsed form
    /// (`None` when the project's tag does not parse: then only an equal text matches).
    tags: Vec<(String, Option<LanguageIdentifier>)>,
    /// The field's path in the record (`language`, `profile.language`).
    field: String,
}

impl Chooser {
    pub(super) fn new(languages: &[String], field: &str) -> Chooser {
        Chooser {
            tags: languages.iter().map(|l| (l.clone(), parse(l))).collect(),
            field: field.to_owned(),
        }
    }

    /// The index of the language `record` gets, and a note or warning when it is not the
    /// record's own.
    pub(super) fn choose(&self, record: &Record) -> (usize, Option<Diagnostic>) {
        let Some(raw) = record
            .get(&self.field)
            .and_then(|v| v.as_str())
            .map(str::trim)
            .filter(|s| !s.is_empty())
        else {
            return (0, None);
        };
        let default = &self.tags[0].0;
        let Some(wanted) = parse(raw) else {
            return (
                0,
                Some(Diagnostic::warning(
                    Code::LanguageTag,
                    format!(
                        "the record's language “{}” is not a language tag (BCP 47, e.g. de-AT): it gets the default, {default}",
                        crate::diag::printable(raw)
                    ),
                )),
            );
        };
        if let Some(i) = self
            .tags
            .iter()
            .position(|(_, t)| t.as_ref() == Some(&wanted))
        {
            return (i, None);
        }
        let same_language = |bare: bool| {
            self.tags.iter().position(|(_, t)| {
                t.as_ref().is_some_and(|t| {
                    t.language == wanted.language
                        && (!bare || (t.region.is_none() && t.script.is_none()))
                })
            })
        };
        let (i, why) = match same_language(true).or_else(|| same_language(false)) {
            Some(i) => (i, "its language"),
            None => (0, "the default"),
        };
        let note = Diagnostic::info(
            Code::LanguageFallback,
            format!(
                "the message is not written in {wanted}: the record gets {why}, {}",
                self.tags[i].0
            ),
        );
        (i, Some(note))
    }
}

/// A tag as ICU reads it, `_` taken for `-` (`de_AT`, as some systems write them).
fn parse(tag: &str) -> Option<LanguageIdentifier> {
    LanguageIdentifier::try_from_str(&tag.replace('_', "-")).ok()
}
