//! The suppression list: contacts that must never be reached (unsubscribes, bounces,
//! complaints). One entry a line: an email address, a phone number or a record id; blank
//! lines and `#` comments are skipped. Emails match without regard to case (as mailbox
//! providers treat them), phone numbers in their E.164 form.

use super::error::InputError;
use super::reach::{self, Reach};
use std::collections::HashSet;
use std::path::Path;

/// A loaded suppression list, its entries normalised for lookup (lower-case emails,
/// E.164 phone numbers).
#[derive(Debug, Default, Clone)]
pub struct Suppression {
    entries: HashSet<String>,
}

impl Suppression {
    /// Reads a list from its text: one entry a line, blank lines and `#` comments skipped.
    pub fn parse(text: &str) -> Suppression {
        let mut entries = HashSet::new();
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let normal = if line.contains('@') {
                line.to_lowercase()
            } else if line.starts_with('+') {
                match reach::phone(line, "") {
                    Reach::Ok(p) => p,
                    _ => line.to_owned(),
                }
            } else {
                line.to_owned()
            };
            entries.insert(normal);
        }
        Suppression { entries }
    }

    /// Reads the list from a file; the error names the file.
    pub fn load(path: &Path) -> Result<Suppression, InputError> {
        std::fs::read_to_string(path)
            .map(|t| Suppression::parse(&t))
            .map_err(|source| InputError::Read {
                path: path.to_path_buf(),
                source,
            })
    }

    /// Number of distinct entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the list has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether a record id, an email address or an E.164 number is listed.
    pub fn contains(&self, key: &str) -> bool {
        !key.is_empty()
            && (self.entries.contains(key)
                || (key.contains('@') && self.entries.contains(&key.to_lowercase())))
    }
}
