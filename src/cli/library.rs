//! `prism library …`: the brands and snippets beside the projects, their review states,
//! and which messages use them.

use anyhow::{Result, bail};
use clap::Subcommand;
use prism::diag::printable;
use prism::model::library::{LIBRARY_DIR, Library, LibraryKind};
use prism::workspace::library_item::LibraryItem;
use prism::workspace::messages::{Message, messages};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Subcommand)]
pub enum LibraryCommand {
    /// Every brand and snippet with its owner, review state, content hash and how many
    /// messages use it.
    Status {
        /// The folder of the project files, with `library/` in it.
        #[arg(default_value = "projects")]
        folder: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// The messages that use a brand or snippet, each with its review state (approved,
    /// stale because of this one, draft…).
    WhereUsed {
        /// The brand's or snippet's name (the file stem).
        name: String,
        /// The folder of the project files, with `library/` in it.
        #[arg(default_value = "projects")]
        folder: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(cmd: LibraryCommand) -> Result<ExitCode> {
    match cmd {
        LibraryCommand::Status { folder, json } => status(&folder, json),
        LibraryCommand::WhereUsed { name, folder, json } => where_used(&folder, &name, json),
    }
}

fn library_of(folder: &Path) -> Result<Arc<Library>> {
    let dir = folder.join(LIBRARY_DIR);
    if !dir.is_dir() {
        bail!("{}: no library folder here", dir.display());
    }
    let lib = Library::load(&dir);
    for why in &lib.unreadable {
        eprintln!("warning: {}", printable(why));
    }
    Ok(Arc::new(lib))
}

fn status(folder: &Path, json: bool) -> Result<ExitCode> {
    let library = library_of(folder)?;
    let all = messages(folder);
    let mut rows = Vec::new();
    for (kind, name) in library.names() {
        let users = all.iter().filter(|m| m.uses(kind, &name)).count();
        let row = match LibraryItem::in_library(library.clone(), kind, &name) {
            Ok(item) => {
                let (hash, s) = item.review();
                serde_json::json!({
                    "kind": kind.noun(), "name": name, "owner": item.owner(),
                    "state": s.label(), "content_hash": hash, "used_by": users,
                    "file": item.path,
                })
            }
            Err(e) => serde_json::json!({
                "kind": kind.noun(), "name": name, "owner": "",
                "state": format!("unusable: {e}"), "content_hash": "", "used_by": users,
                "file": library.file(kind, &name).map(|(p, _)| p.to_path_buf()),
            }),
        };
        rows.push(row);
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{:<8} {:<20} {:<12} {:<13} {:>7}  STATE",
        "KIND", "NAME", "OWNER", "HASH", "USED BY"
    );
    for r in &rows {
        let text = |k: &str| r[k].as_str().unwrap_or("").to_owned();
        let line = format!(
            "{:<8} {:<20} {:<12} {:<13} {:>7}  {}",
            text("kind"),
            text("name"),
            text("owner"),
            text("content_hash").chars().take(12).collect::<String>(),
            r["used_by"].as_u64().unwrap_or(0),
            text("state"),
        );
        println!("{}", printable(&line));
    }
    Ok(ExitCode::SUCCESS)
}

fn where_used(folder: &Path, name: &str, json: bool) -> Result<ExitCode> {
    let library = library_of(folder)?;
    let kinds: Vec<LibraryKind> = [LibraryKind::Brand, LibraryKind::Snippet]
        .into_iter()
        .filter(|k| library.file(*k, name).is_some())
        .collect();
    if kinds.is_empty() {
        bail!(
            "{}: the library has no brand or snippet “{name}”",
            library.dir.display()
        );
    }
    let all = messages(folder);
    let users: Vec<(LibraryKind, &Message)> = kinds
        .iter()
        .flat_map(|k| all.iter().filter(|m| m.uses(*k, name)).map(|m| (*k, m)))
        .collect();
    if json {
        let rows: Vec<serde_json::Value> = users
            .iter()
            .map(|(k, m)| {
                serde_json::json!({
                    "kind": k.noun(), "project": m.path, "message": m.name,
                    "state": m.state_words(Some((*k, name))),
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("{:<32} {:<32} STATE", "PROJECT", "MESSAGE");
    for (k, m) in &users {
        let line = format!(
            "{:<32} {:<32} {}",
            m.path.display().to_string(),
            m.name,
            m.state_words(Some((*k, name)))
        );
        println!("{}", printable(&line));
    }
    if users.is_empty() {
        eprintln!("no message in {} uses “{name}”", folder.display());
    }
    Ok(ExitCode::SUCCESS)
}
