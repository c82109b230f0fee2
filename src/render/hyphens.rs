//! Hyphenation by the patterns of the `hyphenation` crate: soft hyphens at the points where
//! a word may break, for letters (cosmic-text breaks there) and email tables (browsers do).

use hyphenation::{Hyphenator, Language, Load, Standard};

/// U+00AD: invisible unless a line breaks there, where it shows as a hyphen.
pub const SOFT_HYPHEN: char = '\u{ad}';

/// Hyphenation patterns for a language tag, when Prism has them.
pub fn hyphenator(language: &str) -> Option<Standard> {
    let lang = match language.split(['-', '_']).next().unwrap_or("") {
        "de" => Language::German1996,
        "en" => Language::EnglishUS,
        "fr" => Language::French,
        _ => return None,
    };
    Standard::from_embedded(lang).ok()
}

/// Inserts soft hyphens at the hyphenation points of ordinary words: five letters or more,
/// not all capitals (codes such as a BIC), no digits and no hyphen of their own.
pub fn hyphenate(text: &str, dict: &Standard) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for (i, token) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let core = token.trim_matches(|c: char| !c.is_alphanumeric());
        let ordinary = core.chars().count() >= 5
            && core.chars().all(char::is_alphabetic)
            && core.chars().any(char::is_lowercase);
        if !ordinary {
            out.push_str(token);
            continue;
        }
        let start = token.find(core).unwrap_or(0);
        out.push_str(&token[..start]);
        let mut last = 0;
        for b in dict.hyphenate(core).breaks {
            out.push_str(&core[last..b]);
            out.push(SOFT_HYPHEN);
            last = b;
        }
        out.push_str(&core[last..]);
        out.push_str(&token[start + core.len()..]);
    }
    out
}
