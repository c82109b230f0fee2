//! `prism review …`: the review workflow from the command line, on the same history, keys and
//! reviewers file as the designer.

use anyhow::{Context, Result, bail};
use clap::Subcommand;
use prism::model::{ReviewAction, save_project};
use prism::review::{Identity, State, sign_entry, signed_text, status, verify};
use prism::workspace::Workspace;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum ReviewCommand {
    /// Make a key for reviews (Ed25519, OpenSSH format) and print its reviewers-file line.
    Init {
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: String,
        /// Where to write it (default: the config folder's prism/prism_ed25519).
        #[arg(long)]
        key: Option<PathBuf>,
    },
    /// The state of the current content, the approvals that count and the entries that do not.
    Status {
        file: PathBuf,
    },
    /// Every history entry, with whether its signature counts.
    Log {
        file: PathBuf,
    },
    /// Hand the current content in for review.
    Submit(Act),
    Approve(Act),
    /// Ask for changes (a comment saying which is required).
    RequestChanges(Act),
    /// Reject the content (a comment saying why is required).
    Reject(Act),
    Comment(Act),
}

#[derive(clap::Args)]
pub struct Act {
    file: PathBuf,
    /// The signer's OpenSSH Ed25519 private key (default: the one `prism review init` made).
    #[arg(long)]
    key: Option<PathBuf>,
    /// Taken from the key's comment when not given.
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    email: Option<String>,
    #[arg(long, default_value = "")]
    comment: String,
    /// The block a comment is about.
    #[arg(long)]
    block: Option<String>,
}

/// The default key: $XDG_CONFIG_HOME/prism/prism_ed25519 (else ~/.config/prism/).
fn default_key_dir() -> Result<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
        .context("neither XDG_CONFIG_HOME nor HOME is set; give --key")?;
    Ok(base.join("prism"))
}

/// Now in UTC as RFC 3339, from the system clock (no time zone database needed).
fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (year, month, day) = prism::template::filters::civil_date(days as i64);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3_600,
        rest % 3_600 / 60,
        rest % 60
    )
}

fn describe_state(s: &prism::review::Status) -> String {
    match &s.state {
        State::Approved => {
            let by: Vec<String> = s
                .approvals
                .iter()
                .map(|a| format!("{} on {}", a.name, a.at))
                .collect();
            format!("Approved by {}", by.join(", "))
        }
        _ => s.describe(),
    }
}

pub fn run(cmd: ReviewCommand) -> Result<ExitCode> {
    match cmd {
        ReviewCommand::Init { name, email, key } => {
            let dir = match &key {
                Some(k) => k.parent().unwrap_or(Path::new(".")).to_path_buf(),
                None => default_key_dir()?,
            };
            if dir.join("prism_ed25519").exists() {
                bail!(
                    "{}: a key is there already",
                    dir.join("prism_ed25519").display()
                );
            }
            let id = Identity::create(&name, &email, &dir)?;
            eprintln!("wrote {}", dir.join("prism_ed25519").display());
            println!("{}", id.allowed_signers_line());
            Ok(ExitCode::SUCCESS)
        }
        ReviewCommand::Status { file } => {
            let ws = Workspace::open(&file, None)?;
            let (hash, s) = ws.review();
            println!("content {hash}");
            println!("{}", describe_state(&s));
            Ok(ExitCode::SUCCESS)
        }
        ReviewCommand::Log { file } => {
            let ws = Workspace::open(&file, None)?;
            let reviewers = ws.reviewers();
            for (i, e) in ws.project.review.history.iter().enumerate() {
                let check = verify(&reviewers, &e.by, signed_text(e).as_bytes(), &e.signature);
                let mark = match check {
                    Ok(()) => "signed".to_owned(),
                    Err(r) => format!("NOT VALID: {r}"),
                };
                println!(
                    "{:>3} {} {:?} by {} <{}> on {}{}  [{mark}]",
                    i + 1,
                    &e.content_hash[..e.content_hash.len().min(12)],
                    e.action,
                    e.name,
                    e.by,
                    e.at,
                    if e.comment.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", e.comment)
                    },
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        ReviewCommand::Submit(a) => act(a, ReviewAction::Submit),
        ReviewCommand::Approve(a) => act(a, ReviewAction::Approve),
        ReviewCommand::RequestChanges(a) => act(a, ReviewAction::RequestChanges),
        ReviewCommand::Reject(a) => act(a, ReviewAction::Reject),
        ReviewCommand::Comment(a) => act(a, ReviewAction::Comment),
    }
}

/// Signs `action` on the project's current content and appends it to the history.
fn act(a: Act, action: ReviewAction) -> Result<ExitCode> {
    let key = match a.key {
        Some(k) => k,
        None => default_key_dir()?.join("prism_ed25519"),
    };
    let id = Identity::open(&key, a.name.as_deref(), a.email.as_deref())?;
    let mut ws = Workspace::open(&a.file, None)?;
    let (hash, _) = ws.review();
    let entry = sign_entry(
        &id,
        action,
        &hash,
        &a.comment,
        a.block.as_deref(),
        &now_utc(),
    )?;
    ws.project.review.history.push(entry);
    save_project(&ws.project, &a.file)?;
    let s = status(&ws.project, &hash, &ws.reviewers());
    println!("{}", describe_state(&s));
    // An approval that does not count is the signer's to know at once.
    let refused_last = s
        .refused
        .iter()
        .any(|(i, _)| *i + 1 == ws.project.review.history.len());
    Ok(if refused_last {
        eprintln!("this entry does not count; see `prism review log`");
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
