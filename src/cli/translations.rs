//! `prism translations …`: a message's or snippet's texts in its other languages — where
//! they stand, and PO files for translators, out and back.

use anyhow::{Context, Result};
use clap::Subcommand;
use prism::diag::printable;
use prism::model::po;
use prism::workspace::translations::TranslatedFile;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Exit code of an import that refused units (the others were taken).
const REFUSED_UNITS: u8 = 1;

#[derive(Subcommand)]
pub enum TranslationsCommand {
    /// Each language's texts: translated, needing review (the source changed since), missing.
    Status {
        /// A project file, or a library snippet (`library/snippets/NAME.ron`).
        file: PathBuf,
    },
    /// Writes a language's texts as a gettext PO file for a translator: the source, the
    /// translation there is (fuzzy when it needs review) and where the text is used.
    Export {
        /// A project file, or a library snippet.
        file: PathBuf,
        /// The language (one of the project's `meta.languages`).
        #[arg(long)]
        lang: String,
        /// The PO file to write (`fr.po`); standard output when left out.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Takes a translated PO file back: each unit whose source is still the file's text
    /// and that is not fuzzy; the others are refused and listed with the reason.
    Import {
        /// A project file, or a library snippet.
        file: PathBuf,
        /// The language of the PO file.
        #[arg(long)]
        lang: String,
        /// The PO file.
        po: PathBuf,
    },
}

pub fn run(cmd: TranslationsCommand) -> Result<ExitCode> {
    match cmd {
        TranslationsCommand::Status { file } => status(&file),
        TranslationsCommand::Export { file, lang, out } => export(&file, &lang, out.as_deref()),
        TranslationsCommand::Import { file, lang, po } => import(&file, &lang, &po),
    }
}

fn status(file: &Path) -> Result<ExitCode> {
    let f = TranslatedFile::open(file)?;
    let rows = f.rows();
    let texts = f.texts();
    println!(
        "{}: {} texts in {}",
        file.display(),
        rows.len(),
        f.source_language()
    );
    for (i, lang) in f.languages().iter().enumerate() {
        let translated = f.translations().get(lang);
        println!(
            "{}",
            prism::model::translation::summary(lang, &texts, translated)
        );
        for r in &rows {
            let (state, _) = r.languages[i];
            if state != prism::model::translation::TextState::Done {
                println!(
                    "  {}: {} ({})",
                    state.words(),
                    printable(&r.source.key),
                    printable(&r.source.place)
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn export(file: &Path, lang: &str, out: Option<&Path>) -> Result<ExitCode> {
    let f = TranslatedFile::open(file)?;
    let text = f.export(lang)?;
    match out {
        Some(path) => {
            prism::model::write_atomic(path, text.as_bytes())
                .with_context(|| format!("{}: cannot write", path.display()))?;
            eprintln!("wrote {} ({} texts)", path.display(), f.texts().len());
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

fn import(file: &Path, lang: &str, po_path: &Path) -> Result<ExitCode> {
    let mut f = TranslatedFile::open(file)?;
    let bytes = prism::confine::read_bounded(po_path, po::MAX_PO_BYTES)?;
    let text = String::from_utf8(bytes)
        .with_context(|| format!("{}: not UTF-8 text", po_path.display()))?;
    let units = po::parse(&text, &po_path.display().to_string())?;
    let report = f.import(lang, &units)?;
    if report.imported > 0 {
        f.save()?;
    }
    for (key, why) in &report.refused {
        eprintln!("refused {}: {why}", printable(key));
    }
    eprintln!(
        "{}: {} imported, {} unchanged, {} without translation, {} refused",
        file.display(),
        report.imported,
        report.unchanged,
        report.empty,
        report.refused.len()
    );
    Ok(if report.refused.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(REFUSED_UNITS)
    })
}
