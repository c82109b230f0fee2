//! A project or library snippet file opened for its translations: which texts it has, how
//! each stands in each language, the PO file a translator gets, and taking one back.
//!
//! An import takes a unit only when its source is the file's current text: a unit exported
//! before the text changed is refused with the reason, unit by unit, and so is a unit the
//! file no longer has, one still marked fuzzy and one that is no valid template. The file is
//! then written with its translations replaced in place (`crate::model::splice`), so its
//! comments and layout stay; the content hash changes, and the approval is void as for any
//! edit.

use crate::model::library::SnippetFile;
use crate::model::po::{self, Header, Unit};
use crate::model::translation::{
    SourceText, TextState, Translated, Translations, block_texts, project_texts, source_hash,
};
use crate::model::{LoadError, Project};
use std::path::{Path, PathBuf};

/// Why a file's translations cannot be read or written.
#[derive(Debug, thiserror::Error)]
pub enum TranslationsError {
    /// The file cannot be read or does not parse.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The language is not one the project declares.
    #[error(
        "{file}: {language} is not among the message's languages ({known}); add it to meta.languages first"
    )]
    Undeclared {
        /// The file.
        file: String,
        /// The language asked for.
        language: String,
        /// The languages it has.
        known: String,
    },
    /// The language is the file's own.
    #[error("{file} is written in {language}: there is nothing to translate into it")]
    Source {
        /// The file.
        file: String,
        /// Its language.
        language: String,
    },
    /// The PO file cannot be read.
    #[error(transparent)]
    Po(#[from] po::PoError),
    /// The PO file or the project cannot be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// What holds translations.
#[derive(Debug, Clone)]
enum Holder {
    Project(Box<Project>),
    Snippet(Box<SnippetFile>),
}

/// A file opened for its translations.
#[derive(Debug, Clone)]
pub struct TranslatedFile {
    /// The file.
    pub path: PathBuf,
    /// Its text as read.
    pub text: String,
    holder: Holder,
}

/// One text and how it stands in each language.
#[derive(Debug, Clone)]
pub struct TextRow {
    /// The text, its key and where it is.
    pub source: SourceText,
    /// Per language but the file's own (in [`TranslatedFile::languages`] order): its state
    /// and translation.
    pub languages: Vec<(TextState, Option<Translated>)>,
}

/// What an import did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportReport {
    /// Units taken (new or changed translations).
    pub imported: usize,
    /// Units that matched the file already.
    pub unchanged: usize,
    /// Units without a translation.
    pub empty: usize,
    /// Units refused: key and reason.
    pub refused: Vec<(String, String)>,
}

impl TranslatedFile {
    /// Opens a project, or a snippet when `path` is `…/library/snippets/NAME.ron`.
    pub fn open(path: &Path) -> Result<TranslatedFile, TranslationsError> {
        let text = crate::model::read_project_text(path)?;
        let snippet = matches!(
            super::library_item::library_file(path),
            Some((crate::model::library::LibraryKind::Snippet, _, _))
        );
        let holder = if snippet {
            Holder::Snippet(Box::new(crate::model::parse_ron(&text, path)?))
        } else {
            Holder::Project(Box::new(crate::model::parse_project(&text, path)?))
        };
        Ok(TranslatedFile {
            path: path.to_path_buf(),
            text,
            holder,
        })
    }

    fn name(&self) -> String {
        self.path.display().to_string()
    }

    /// The language the file is written in.
    pub fn source_language(&self) -> &str {
        match &self.holder {
            Holder::Project(p) => &p.meta.language,
            Holder::Snippet(s) => &s.language,
        }
    }

    /// The languages it is translated into: a project's declared ones; a snippet's those it
    /// has translations for.
    pub fn languages(&self) -> Vec<String> {
        match &self.holder {
            Holder::Project(p) => p.languages().into_iter().skip(1).collect(),
            Holder::Snippet(s) => s.translations.keys().cloned().collect(),
        }
    }

    /// Its translations.
    pub fn translations(&self) -> &Translations {
        match &self.holder {
            Holder::Project(p) => &p.translations,
            Holder::Snippet(s) => &s.translations,
        }
    }

    fn translations_mut(&mut self) -> &mut Translations {
        match &mut self.holder {
            Holder::Project(p) => &mut p.translations,
            Holder::Snippet(s) => std::sync::Arc::make_mut(&mut s.translations),
        }
    }

    /// Its translatable texts, in the file's order.
    pub fn texts(&self) -> Vec<SourceText> {
        match &self.holder {
            Holder::Project(p) => project_texts(p),
            Holder::Snippet(s) => block_texts(&s.blocks),
        }
    }

    /// Every text with its state in each language.
    pub fn rows(&self) -> Vec<TextRow> {
        let languages = self.languages();
        self.texts()
            .into_iter()
            .map(|source| {
                let per = languages
                    .iter()
                    .map(|l| {
                        let t = self.translations().get(l).and_then(|m| m.get(&source.key));
                        (TextState::of(&source, t), t.cloned())
                    })
                    .collect();
                TextRow {
                    source,
                    languages: per,
                }
            })
            .collect()
    }

    /// `language` checked: a translation language of the file (a snippet takes any but its own).
    fn check_language(&self, language: &str) -> Result<(), TranslationsError> {
        if language == self.source_language() {
            return Err(TranslationsError::Source {
                file: self.name(),
                language: language.to_owned(),
            });
        }
        if let Holder::Project(_) = &self.holder
            && !self.languages().iter().any(|l| l == language)
        {
            return Err(TranslationsError::Undeclared {
                file: self.name(),
                language: language.to_owned(),
                known: self.languages().join(", "),
            });
        }
        Ok(())
    }

    /// The PO file of `language`: every text, its translation (empty when missing), fuzzy
    /// when it needs review, and where it is used.
    pub fn export(&self, language: &str) -> Result<String, TranslationsError> {
        self.check_language(language)?;
        let translated = self.translations().get(language);
        let units: Vec<Unit> = self
            .texts()
            .into_iter()
            .map(|s| {
                let t = translated.and_then(|m| m.get(&s.key));
                let state = TextState::of(&s, t);
                Unit {
                    notes: vec![s.place.clone(), format!("state: {}", state.words())],
                    key: s.key,
                    source: s.text,
                    translation: t.map(|t| t.text.clone()).unwrap_or_default(),
                    fuzzy: state == TextState::Stale,
                }
            })
            .collect();
        let header = Header {
            file: self
                .path
                .file_name()
                .map_or_else(|| self.name(), |n| n.to_string_lossy().into_owned()),
            source_language: self.source_language().to_owned(),
            language: language.to_owned(),
        };
        Ok(po::write(&header, &units))
    }

    /// Takes the translations of `units` into `language` whose source is the file's current
    /// text; the others are refused with the reason. Nothing is written (see [`Self::save`]).
    pub fn import(
        &mut self,
        language: &str,
        units: &[Unit],
    ) -> Result<ImportReport, TranslationsError> {
        self.check_language(language)?;
        let texts = self.texts();
        let mut report = ImportReport::default();
        let mut taken = Vec::new();
        for u in units {
            let refuse = |why: &str| (u.key.clone(), why.to_owned());
            let Some(current) = texts.iter().find(|t| t.key == u.key) else {
                report.refused.push(refuse(
                    "the file has no such text (removed or renamed since the export)",
                ));
                continue;
            };
            if current.text != u.source {
                report.refused.push(refuse(
                    "its source text changed since the export: export again and translate the new text",
                ));
                continue;
            }
            if u.translation.is_empty() {
                report.empty += 1;
                continue;
            }
            if u.fuzzy {
                report.refused.push(refuse(
                    "still marked fuzzy (needs review): check it, then remove the flag",
                ));
                continue;
            }
            if let Err(e) = minijinja::Environment::new().template_from_str(&u.translation) {
                report.refused.push(refuse(&format!(
                    "the translation is not a valid template: {}",
                    e.detail().unwrap_or("syntax error")
                )));
                continue;
            }
            let new = Translated {
                source: source_hash(&current.text),
                text: u.translation.clone(),
            };
            let old = self
                .translations()
                .get(language)
                .and_then(|m| m.get(&u.key));
            if old == Some(&new) {
                report.unchanged += 1;
            } else {
                report.imported += 1;
                taken.push((u.key.clone(), new));
            }
        }
        let map = self
            .translations_mut()
            .entry(language.to_owned())
            .or_default();
        map.extend(taken);
        Ok(report)
    }

    /// Writes the file with its translations replaced in place (comments and layout kept),
    /// atomically; when the text cannot be followed, the whole file is written anew.
    pub fn save(&mut self) -> Result<(), TranslationsError> {
        let value = crate::model::to_ron_pretty(self.translations()).map_err(|e| {
            TranslationsError::Io {
                path: self.path.clone(),
                source: std::io::Error::other(e),
            }
        })?;
        let value = indent(value.trim_end());
        let spliced = crate::model::splice::set_field(&self.text, "translations", &value)
            .filter(|t| self.reads_back(t));
        let text = match spliced {
            Some(t) => t,
            None => match &self.holder {
                Holder::Project(p) => crate::model::to_ron(p),
                Holder::Snippet(s) => crate::model::to_ron_pretty(s),
            }
            .map_err(|e| TranslationsError::Io {
                path: self.path.clone(),
                source: std::io::Error::other(e),
            })?,
        };
        crate::model::write_atomic(&self.path, text.as_bytes()).map_err(|e| {
            TranslationsError::Io {
                path: self.path.clone(),
                source: e,
            }
        })?;
        self.text = text;
        Ok(())
    }

    /// Whether `text` parses to exactly this file (the splice did what it should).
    fn reads_back(&self, text: &str) -> bool {
        match &self.holder {
            Holder::Project(p) => crate::model::parse_project(text, &self.path)
                .is_ok_and(|q| q == **p && q.translations == p.translations),
            Holder::Snippet(s) => {
                crate::model::parse_ron::<SnippetFile>(text, &self.path).is_ok_and(|q| q == **s)
            }
        }
    }
}

/// A value written at the top level, indented to sit one level in.
fn indent(value: &str) -> String {
    value.replace('\n', "\n  ")
}

/// The texts of an open project (and its snippets) that are missing or stale in one of its
/// languages, as warnings for `check` and the designer: the language, and the diagnostic
/// pointing at the source text.
pub fn gap_diagnostics(ws: &super::Workspace) -> Vec<(String, crate::diag::Diagnostic)> {
    use crate::diag::{Code, Diagnostic};
    let default = &ws.project.meta.language;
    let mut out: Vec<(String, Diagnostic)> = ws
        .engine
        .translation_gaps()
        .iter()
        .map(|g| {
            let whose = match &g.snippet {
                Some(s) => format!(" (snippet “{s}”)"),
                None => String::new(),
            };
            let l = &g.language;
            let mut d = match g.state {
                TextState::Stale => Diagnostic::warning(
                    Code::TranslationStale,
                    format!(
                        "the {l} text of {}{whose} translates an earlier {default} text: it needs review",
                        g.place
                    ),
                ),
                _ => Diagnostic::warning(
                    Code::TranslationMissing,
                    format!(
                        "no {l} text for {}{whose}: customers in {l} get the {default} text there",
                        g.place
                    ),
                ),
            };
            match (&g.block, g.key.split_once(':')) {
                (Some(b), Some((_, field))) => d = d.at_block(b).at_field(field),
                _ if matches!(g.key.as_str(), "subject" | "preheader") => d = d.at_field(&g.key),
                _ => {}
            }
            (l.clone(), d)
        })
        .collect();
    // Translations of texts the message no longer has (a block removed or renamed): never
    // used, and a translator would keep them up to date for nothing.
    let keys: Vec<String> = project_texts(&ws.project)
        .into_iter()
        .map(|t| t.key)
        .collect();
    for (l, texts) in &ws.project.translations {
        for key in texts.keys().filter(|k| !keys.contains(k)) {
            let d = Diagnostic::warning(
                Code::TranslationStale,
                format!(
                    "the {l} translation of “{}” translates a text the message no longer has: it is never used",
                    crate::diag::printable(key)
                ),
            )
            .at_field("translations");
            out.push((l.clone(), d));
        }
    }
    out
}
