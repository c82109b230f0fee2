//! Hyphenation by the patterns of the `hyphenation` crate: soft hyphens at the points where
//! a word may break, for letters (cosmic-text breaks there) and email tables (browsers do).

use hyphenation::{Hyphenator, Language, Load, Standard};
use std::sync::{Arc, Mutex};

/// U+00AD: invisible unless a line breaks there, where it shows as a hyphen.
pub const SOFT_HYPHEN: char = '\u{ad}';

/// Hyphenation patterns for a language tag, when Prism has them: read once per process and
/// shared (a dictionary is megabytes; every workspace, export thread and grid restart of a
/// message in three languages would otherwise read its own).
pub fn hyphenator(language: &str) -> Option<Arc<Standard>> {
    static READ: Mutex<Vec<(Language, Arc<Standard>)>> = Mutex::new(Vec::new());
    let mut parts = language.split(['-', '_']);
    let lang = match (parts.next().unwrap_or(""), parts.next()) {
        ("de", Some("CH" | "ch")) => Language::GermanSwiss,
        ("de", _) => Language::German1996,
        ("en", Some("US" | "us")) => Language::EnglishUS,
        ("en", _) => Language::EnglishGB,
        ("fr", _) => Language::French,
        ("it", _) => Language::Italian,
        _ => return None,
    };
    let mut read = READ.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, d)) = read.iter().find(|(l, _)| *l == lang) {
        return Some(d.clone());
    }
    let d = Arc::new(Standard::from_embedded(lang).ok()?);
    read.push((lang, d.clone()));
    Some(d)
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

/// Breaks the words of `text` that do not fit a line on their own (`fits` measures a piece)
/// into pieces that do, so that a narrow bubble never breaks a word just anywhere: at the
/// word's hyphenation points, each piece but the last ending in a hyphen, and only where a
/// piece has no such point, between two characters. Words that fit stay whole, and so do
/// links and addresses (a line may break after their punctuation). Pieces are separated by
/// line breaks.
pub fn break_long_words(
    text: &str,
    dict: Option<&Standard>,
    mut fits: impl FnMut(&str) -> bool,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        // Whitespace runs are copied; each word is looked at once.
        let word_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let (word, after) = rest.split_at(word_len);
        let space_len = after
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(after.len());
        let (space, next) = after.split_at(space_len);
        let linkish = word.contains(['/', '@', '.', '=', '?', '&', '_']);
        if word.is_empty() || linkish || fits(word) {
            out.push_str(word);
        } else {
            split_word(word, dict, &mut fits, &mut out);
        }
        out.push_str(space);
        rest = next;
    }
    out
}

/// Appends `word` in pieces that fit (see [`break_long_words`]).
fn split_word(
    word: &str,
    dict: Option<&Standard>,
    fits: &mut impl FnMut(&str) -> bool,
    out: &mut String,
) {
    // Hyphenation points, as byte offsets into `word`.
    let core = word.trim_matches(|c: char| !c.is_alphanumeric());
    let at = word.find(core).unwrap_or(0);
    let points: Vec<usize> = match dict {
        Some(d) if !core.is_empty() => d.hyphenate(core).breaks.iter().map(|b| at + b).collect(),
        _ => Vec::new(),
    };
    let mut start = 0;
    while start < word.len() && !fits(&word[start..]) {
        let hyphenated = points
            .iter()
            .rev()
            .find(|&&b| b > start && fits(&format!("{}-", &word[start..b])));
        let (end, mark) = match hyphenated {
            Some(&b) => (b, "-\n"),
            None => {
                // No hyphenation point fits: as many characters as fit, at least one.
                let mut ends = word[start..].char_indices().skip(1).map(|(i, _)| start + i);
                let first = ends.next().unwrap_or(word.len());
                let end = std::iter::once(first)
                    .chain(ends)
                    .take_while(|&e| fits(&word[start..e]))
                    .last()
                    .unwrap_or(first);
                (end, "\n")
            }
        };
        out.push_str(&word[start..end]);
        out.push_str(mark);
        start = end;
    }
    out.push_str(&word[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at_most(n: usize) -> impl Fn(&str) -> bool {
        move |s: &str| s.chars().count() <= n
    }

    #[test]
    fn words_that_fit_stay_whole() {
        let text = "Willkommen bei Lumina Mobil,  Erika!\nDanke.";
        assert_eq!(break_long_words(text, None, at_most(10)), text);
    }

    #[test]
    fn a_long_word_breaks_at_its_hyphenation_points_with_a_hyphen() {
        let de = hyphenator("de").unwrap();
        let out = break_long_words("Ihre Zusatzoptionen:", Some(&de), at_most(8));
        // Zu-satz-op-tio-nen: the longest pieces that fit with their hyphen.
        assert_eq!(out, "Ihre Zusatz-\noptio-\nnen:");
        // Taking the hyphens and line breaks out gives the text back.
        assert_eq!(out.replace("-\n", ""), "Ihre Zusatzoptionen:");
    }

    #[test]
    fn without_patterns_or_points_a_word_breaks_between_characters() {
        let out = break_long_words("xxxxxxxxxxyyy", None, at_most(5));
        assert_eq!(out, "xxxxx\nxxxxx\nyyy");
        let out = break_long_words("ÄÖÜäöüß", None, at_most(1));
        assert_eq!(out.replace('\n', ""), "ÄÖÜäöüß");
        assert!(out.lines().all(|l| l.chars().count() == 1), "{out}");
    }

    #[test]
    fn links_are_left_to_break_after_their_punctuation() {
        let url = "https://www.lumina-mobil.example/willkommen?kunde=C-1001";
        assert_eq!(break_long_words(url, None, at_most(10)), url);
    }
}
