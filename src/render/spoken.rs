//! What each of a message's languages gives its artefacts beyond the words: hyphenation
//! patterns (letters and email tables) and the letter's date as that language writes it.
//! Made once per workspace, shared by its worker threads.

use super::hyphens::hyphenator;
use hyphenation::Standard;
use std::sync::Arc;
use std::time::SystemTime;

/// One language's patterns and letter date.
#[derive(Clone)]
pub struct SpokenLanguage {
    /// The language tag, as the project writes it.
    pub tag: String,
    /// Its hyphenation patterns, when Prism has them.
    pub hyphenator: Option<Arc<Standard>>,
    /// The date printed on letters (the moment of the export or preview).
    pub letter_date: String,
}

/// Every language of a message, the default first.
#[derive(Clone)]
pub struct Spoken {
    languages: Vec<SpokenLanguage>,
}

impl Spoken {
    /// The languages `tags` (the default first; at least one) with letters dated `now`.
    pub fn new(tags: &[String], now: SystemTime) -> Spoken {
        Spoken {
            languages: tags
                .iter()
                .map(|tag| SpokenLanguage {
                    tag: tag.clone(),
                    hyphenator: hyphenator(tag),
                    letter_date: crate::template::filters::letter_date(now, tag),
                })
                .collect(),
        }
    }

    /// The same patterns with letters dated `now` (an export's moment).
    pub fn dated(&self, now: SystemTime) -> Spoken {
        let mut s = self.clone();
        for l in &mut s.languages {
            l.letter_date = crate::template::filters::letter_date(now, &l.tag);
        }
        s
    }

    /// Prints `date` as every language's letter date (pictures and tests that must not
    /// change with the day they are made).
    pub fn set_letter_date(&mut self, date: &str) {
        for l in &mut self.languages {
            l.letter_date = date.to_owned();
        }
    }

    /// The language `tag`, or the default when the message does not speak it.
    pub fn get(&self, tag: &str) -> &SpokenLanguage {
        self.languages
            .iter()
            .find(|l| l.tag == tag)
            .unwrap_or(&self.languages[0])
    }

    /// Whether these are the languages `tags`, in this order.
    pub fn is_for(&self, tags: &[String]) -> bool {
        self.languages.len() == tags.len()
            && self.languages.iter().zip(tags).all(|(l, t)| &l.tag == t)
    }
}
