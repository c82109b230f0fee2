//! `prism review …`: the review workflow from the command line, on the same history, keys and
//! reviewers file as the designer.

use anyhow::{Context, Result, bail};
use clap::Subcommand;
use prism::diag::printable;
use prism::model::ReviewAction;
use prism::review::{Act as Action, Identity, State};
use prism::workspace::Workspace;
use prism::workspace::library_item::{LibraryItem, library_file};
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
        /// The private key file to write (and FILE.pub beside it); default: the config
        /// folder's prism/prism_ed25519.
        #[arg(long)]
        key: Option<PathBuf>,
    },
    /// The state of the current content, the approvals that count and the entries that do not.
    Status { file: PathBuf },
    /// Every history entry, with whether its signature counts.
    Log { file: PathBuf },
    /// Hand the current content in for review.
    Submit(Act),
    /// Approve the current content: counts for a listed reviewer who did not submit it.
    Approve(Act),
    /// Ask for changes (a comment saying which is required).
    RequestChanges(Act),
    /// Reject the content (a comment saying why is required).
    Reject(Act),
    /// Comment on the content, a block (--block) or a channel (--channel), or answer a
    /// comment (--reply-to N).
    Comment(Act),
    /// Settle the comment thread --reply-to N.
    Resolve(Act),
    /// What changed since the last approval: a word diff per block of the source, and per
    /// channel of the text one record receives.
    Diff {
        file: PathBuf,
        /// Record id (default: the first record).
        #[arg(long)]
        record: Option<String>,
        #[arg(long)]
        data: Option<PathBuf>,
    },
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
    /// The channel a comment is about (email, sms, chat, print).
    #[arg(long)]
    channel: Option<String>,
    /// Answer the comment with this number in `prism review log`.
    #[arg(long)]
    reply_to: Option<usize>,
}

fn default_key_dir() -> Result<PathBuf> {
    prism::review::default_key_dir().context("neither XDG_CONFIG_HOME nor HOME is set; give --key")
}

/// Where the review stands, in one line: names and comments come from the log, so their
/// control characters are shown escaped.
fn describe_state(s: &prism::review::Status) -> String {
    let said = match &s.state {
        State::Approved => {
            let by: Vec<String> = s
                .approvals
                .iter()
                .map(|a| format!("{} on {}", a.name, a.at))
                .collect();
            format!("Approved by {}", by.join(", "))
        }
        _ => s.describe(),
    };
    printable(&said).into_owned()
}

/// Text of several lines (a diff), indented so that no line of it can pass for one of
/// Prism's own, each line's control characters shown escaped.
fn escaped_lines(text: &str) -> String {
    text.split('\n')
        .map(|l| format!("  {}", printable(l)))
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn run(cmd: ReviewCommand) -> Result<ExitCode> {
    match cmd {
        ReviewCommand::Init { name, email, key } => {
            let path = match key {
                Some(k) => k,
                None => default_key_dir()?.join("prism_ed25519"),
            };
            if path.exists() {
                bail!("{}: a key is there already", path.display());
            }
            let id = Identity::create_at(&name, &email, &path)?;
            eprintln!("wrote {} and its .pub", path.display());
            println!("{}", id.allowed_signers_line());
            Ok(ExitCode::SUCCESS)
        }
        ReviewCommand::Status { file } => {
            let target = Target::open(&file)?;
            let (hash, s) = target.review();
            println!("content {hash}");
            println!("{}", describe_state(&s));
            Ok(ExitCode::SUCCESS)
        }
        ReviewCommand::Log { file } => {
            let target = Target::open(&file)?;
            let log = target.log();
            if log.from_project_file {
                println!(
                    "(read from the project file's review section; the next review action or save moves it to {})",
                    log.path.display()
                );
            }
            for line in &log.unreadable {
                println!("{}: {}", log.path.display(), printable(line));
            }
            let verdicts = prism::review::verdicts(&log.entries, &target.reviewers());
            for (i, e) in log.entries.iter().enumerate() {
                let mark = match &verdicts[i] {
                    None => "signed, counts".to_owned(),
                    Some(why) => format!("does not count: {why}"),
                };
                let line = format!(
                    "{:>3} {} {:?} by {} <{}> on {}{}  [{mark}]",
                    i + 1,
                    e.content_hash.chars().take(12).collect::<String>(),
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
                println!("{}", printable(&line));
            }
            Ok(ExitCode::SUCCESS)
        }
        ReviewCommand::Submit(a) => act(a, ReviewAction::Submit),
        ReviewCommand::Approve(a) => act(a, ReviewAction::Approve),
        ReviewCommand::RequestChanges(a) => act(a, ReviewAction::RequestChanges),
        ReviewCommand::Reject(a) => act(a, ReviewAction::Reject),
        ReviewCommand::Comment(a) => act(a, ReviewAction::Comment),
        ReviewCommand::Resolve(a) if a.reply_to.is_none() => {
            bail!("say which comment with --reply-to N (its number in `prism review log`)")
        }
        ReviewCommand::Resolve(a) => act(a, ReviewAction::Resolve),
        ReviewCommand::Diff { file, record, data } => {
            diff(&file, record.as_deref(), data.as_deref())
        }
    }
}

/// Signs `action` on the project's current content and appends it to the history.
fn act(a: Act, action: ReviewAction) -> Result<ExitCode> {
    let key = match a.key {
        Some(k) => k,
        None => default_key_dir()?.join("prism_ed25519"),
    };
    let id = Identity::open(&key, a.name.as_deref(), a.email.as_deref())?;
    let mut target = Target::open(&a.file)?;
    let channel = match &a.channel {
        Some(c) => Some(
            prism::model::Channel::parse(c)
                .with_context(|| format!("`{c}` is not a channel (email, sms, chat, print)"))?,
        ),
        None => None,
    };
    let mut action = Action::new(action)
        .comment(&a.comment)
        .block(a.block.as_deref());
    action.channel = channel;
    // The log numbers entries from 1.
    action.reply_to = a.reply_to.map(|n| n.saturating_sub(1));
    let log = target.log();
    let moving = log.from_project_file.then_some(log.entries.len());
    // An action that would not count is refused with its reason, and nothing is recorded.
    let index = match target.take(&id, action, &prism::clock::now_utc()) {
        Ok(i) => i,
        Err(e) => {
            let hint = match e {
                prism::workspace::review::ActError::History(
                    prism::review::HistoryError::CommentRequired(_),
                ) => " (give it with --comment)",
                _ => "",
            };
            eprintln!("error: {}{hint}", printable(&e.to_string()));
            return Ok(ExitCode::from(1));
        }
    };
    if let Some(n) = moving {
        eprintln!(
            "moved {n} review entries from the project file's review section into {} (the project file keeps its copy, which is no longer read)",
            target.log().path.display()
        );
    }
    // What was added, as `review log` numbers it.
    let e = &target.log().entries[index];
    let mut added = format!(
        "entry {}: {} by {} <{}>",
        index + 1,
        prism::review::action_name(e.action),
        e.name,
        e.by
    );
    if let Some(b) = &e.block {
        added.push_str(&format!(" on block {b}"));
    }
    if let Some(c) = e.channel {
        added.push_str(&format!(" about {c}"));
    }
    if let Some(to) = e.reply_to {
        added.push_str(&format!(", answering entry {}", to + 1));
    }
    println!("added {}", printable(&added));
    let (_, s) = target.review();
    println!("{}", describe_state(&s));
    Ok(ExitCode::SUCCESS)
}

/// What a review command works on: a project, or a brand or snippet of the library.
enum Target {
    Project(Box<Workspace>),
    Library(Box<LibraryItem>),
}

impl Target {
    fn open(file: &Path) -> Result<Target> {
        Ok(match library_file(file) {
            Some(_) => Target::Library(Box::new(LibraryItem::open(file)?)),
            None => Target::Project(Box::new(Workspace::open(file, None)?)),
        })
    }

    fn review(&self) -> (String, prism::review::Status) {
        match self {
            Target::Project(ws) => ws.review(),
            Target::Library(item) => item.review(),
        }
    }

    fn log(&self) -> &prism::review::ReviewLog {
        match self {
            Target::Project(ws) => &ws.review_log,
            Target::Library(item) => &item.review_log,
        }
    }

    fn reviewers(&self) -> String {
        match self {
            Target::Project(ws) => ws.reviewers(),
            Target::Library(item) => item.reviewers(),
        }
    }

    fn take(
        &mut self,
        id: &Identity,
        action: Action,
        at: &str,
    ) -> Result<usize, prism::workspace::review::ActError> {
        match self {
            Target::Project(ws) => prism::workspace::review::take(ws, id, action, at),
            Target::Library(item) => item.take(id, action, at),
        }
    }
}

/// `prism review diff`: the approved snapshot against the current content.
fn diff(file: &Path, record: Option<&str>, data: Option<&Path>) -> Result<ExitCode> {
    use prism::workspace::diff;
    if library_file(file).is_some() {
        bail!(
            "{}: `review diff` compares a project with its approved version; a library file's approved bytes are kept beside it in NAME.approved/HASH.ron",
            file.display()
        );
    }
    let ws = Workspace::open(file, data)?;
    let (approval, snapshot) = diff::latest_approval(&ws).map_err(|e| {
        anyhow::anyhow!(
            "{}: no approved version to compare with: {e}",
            file.display()
        )
    })?;
    let record = match record {
        Some(id) => Some(ws.record(id).with_context(|| format!("no record `{id}`"))?),
        None => None,
    };
    let d = diff::diff(&ws, approval, snapshot, record);
    let head = format!(
        "Changes since the approval by {} on {} (content {})",
        d.approved_by,
        d.approved_at,
        d.approved_hash.chars().take(12).collect::<String>()
    );
    println!("{}", printable(&head));
    let changed: Vec<_> = d.sources.iter().filter(|s| s.changed()).collect();
    if changed.is_empty() {
        println!(
            "
source: no changes"
        );
    }
    for s in changed {
        println!(
            "
== {} ==\n{}",
            printable(&s.title),
            escaped_lines(&s.plain())
        );
    }
    if let Some(id) = &d.record {
        let id = printable(id);
        for s in &d.channels {
            if s.changed() {
                println!(
                    "
== {} for record {id} ==\n{}",
                    s.title,
                    escaped_lines(&s.plain())
                );
            } else {
                println!(
                    "
== {} for record {id}: no changes ==",
                    s.title
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `prism verify OUT_DIR`: every artefact and the approval, checked again.
pub fn verify_export(dir: &Path, reviewers: Option<&Path>) -> Result<ExitCode> {
    let reviewers = match reviewers {
        Some(p) => Some(std::fs::read_to_string(p).with_context(|| format!("{}", p.display()))?),
        None => None,
    };
    let v = prism::export::verify::verify(dir, reviewers.as_deref())?;
    if v.unfinished {
        for p in &v.problems {
            println!("{}", printable(p));
        }
        return Ok(ExitCode::from(1));
    }
    // The manifest names files and people as whoever wrote it chose.
    for p in &v.problems {
        println!("MISMATCH {}", printable(p));
    }
    for n in &v.notes {
        println!("NOTE {}", printable(n));
    }
    println!(
        "{} artefacts checked, {} problems",
        v.checked,
        v.problems.len()
    );
    if v.approved {
        if v.approvals.is_empty() {
            println!("approval: does not hold");
        } else {
            println!("approved by {}", printable(&v.approvals.join(", ")));
        }
    } else {
        println!("not approved: every artefact is marked as a proof");
    }
    Ok(if v.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `prism proof FILE --out proof.pdf`: the proof pack.
pub fn proof(file: &Path, records: &[String], data: Option<&Path>, out: &Path) -> Result<ExitCode> {
    let ws = Workspace::open(file, data)?;
    let bytes = prism::proof::proof_pdf(&ws, records, &prism::clock::now_utc())?;
    prism::model::write_atomic(out, &bytes).with_context(|| format!("{}", out.display()))?;
    eprintln!("wrote {} ({} bytes)", out.display(), bytes.len());
    Ok(ExitCode::SUCCESS)
}
