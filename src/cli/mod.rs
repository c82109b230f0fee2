//! The command line: export, check, render, sms-info.

mod check;
mod export_cmd;
mod library;
mod progress;
mod render;
pub mod review;
mod route;
mod translations;

use check::check_cmd;
use export_cmd::{ExportArgs, export_cmd};
use render::{render_cmd, sms_info};
use route::route_cmd;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use prism::diag::{Diagnostic, Severity, printable};
use prism::export::{self, ExportOptions};
use prism::model::Channel;
use prism::model::ChannelSet;
use prism::render::email::ImageMode;
use prism::render::{eml, gsm, print};
use prism::workspace::Workspace;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::time::SystemTime;

/// Exit code when diagnostics include errors.
const DIAGNOSTIC_ERRORS: u8 = 1;

#[derive(Parser)]
#[command(
    name = "prism",
    version,
    about = "Design one customer message; preview and export it as email, SMS, chat and print"
)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    /// Project to open in the designer.
    file: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Write every record's artefacts (email/NNN/<id>.eml, sms.jsonl, chat.jsonl,
    /// print/NNN/<id>.pdf), manifest.jsonl with a line a record, manifest.json, report.txt.
    Export(ExportArgs),
    /// Put the shards of one export (`prism export --shard I/N`) together, in data order:
    /// the result is the folder one machine would have exported.
    Merge {
        /// The shards' folders, all N of them.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        #[arg(long)]
        out: PathBuf,
        /// Replace an earlier export in the output folder.
        #[arg(long)]
        overwrite: bool,
    },
    /// Decide who gets which channel, without rendering: routing.csv's table on stdout (or
    /// --out) and the counts by channel and reason on stderr.
    Route {
        file: PathBuf,
        #[arg(long)]
        data: Option<PathBuf>,
        #[command(flatten)]
        routing: RoutingArgs,
        /// Write the table to this file instead of stdout.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Render every record on every channel and print all diagnostics; exit 1 on any error.
    Check {
        file: PathBuf,
        #[arg(long)]
        data: Option<PathBuf>,
    },
    /// Render one channel of one record to stdout or a file.
    Render {
        file: PathBuf,
        #[arg(long)]
        channel: String,
        /// Record id (default: the first record).
        #[arg(long)]
        record: Option<String>,
        #[arg(long)]
        data: Option<PathBuf>,
        /// Output file; its extension picks the form: email .html (default), .txt or .eml;
        /// SMS text or .json; print .svg (default), .png or .pdf.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Page of the letter for .svg and .png (from 1).
        #[arg(long)]
        page: Option<usize>,
        /// Pixels per CSS pixel for .png (1 = 96 dpi, 2 = 192 dpi).
        #[arg(long, default_value_t = 1.0)]
        scale: f32,
    },
    /// The review workflow: keys, status, log, submit, approve, request changes, reject, comment.
    #[command(subcommand)]
    Review(review::ReviewCommand),
    /// The content library beside the projects: its brands and snippets and where they are used.
    #[command(subcommand)]
    Library(library::LibraryCommand),
    /// A message's or snippet's texts in its other languages: status, and PO files for
    /// translators out and back.
    #[command(subcommand)]
    Translations(translations::TranslationsCommand),
    /// Check an export's archive: every artefact against the manifest's hashes, and the
    /// approval it names (signatures, signers, the approved snapshot). Exit 1 on any mismatch.
    Verify {
        dir: PathBuf,
        /// Check signatures against this reviewers file instead of the copy in the manifest.
        #[arg(long)]
        reviewers: Option<PathBuf>,
    },
    /// A PDF for the reviewer's file: a cover page with the content hash, state and history,
    /// then for each record the four channels side by side, whether each is sent and why not,
    /// and its diagnostics.
    Proof {
        file: PathBuf,
        /// Record ids, comma-separated (default: every record, at most 50).
        #[arg(long, value_delimiter = ',')]
        records: Vec<String>,
        #[arg(long)]
        data: Option<PathBuf>,
        #[arg(long, default_value = "proof.pdf")]
        out: PathBuf,
    },
    /// Read SMS text on stdin and print its encoding and segment count as JSON
    /// (one trailing newline, as shells add it, is not counted).
    SmsInfo,
    /// Send one record's email, exactly as export writes it, to your own address over SMTP.
    /// The password comes from the environment variable PRISM_SMTP_PASSWORD.
    SendTest {
        file: PathBuf,
        /// Record id (default: the first record).
        #[arg(long)]
        record: Option<String>,
        #[arg(long)]
        data: Option<PathBuf>,
        /// Where the test goes (the message's own To header stays the customer's).
        #[arg(long)]
        to: String,
        /// smtp://[user@]host[:port][?tls=required|opportunistic] or smtps://[user@]host[:port]
        #[arg(long)]
        smtp: String,
        /// Seconds to wait for the server before giving up.
        #[arg(long, default_value_t = 15)]
        timeout: u64,
        /// Also write the message that was sent, as .eml.
        #[arg(long)]
        save: Option<PathBuf>,
    },
}

/// What routing reads besides the records.
#[derive(clap::Args)]
struct RoutingArgs {
    /// Contacts never to reach: email addresses, phone numbers or record ids, one a line.
    #[arg(long)]
    suppress: Option<PathBuf>,
    /// Earlier exports (their folders or routing.csv), for the frequency cap of marketing.
    #[arg(long, num_args = 1..)]
    history: Vec<PathBuf>,
}

impl RoutingArgs {
    /// Routes `ws` with these files.
    fn apply(&self, ws: &mut Workspace) -> Result<()> {
        Ok(ws.set_routing(prism::routing::Inputs {
            suppress: self.suppress.clone(),
            history: self.history.clone(),
        })?)
    }
}

pub fn run(args: Args) -> Result<ExitCode> {
    match args.command {
        None => {
            let file = args
                .file
                .unwrap_or_else(|| PathBuf::from("projects/welcome.ron"));
            prism::ui::run(&file).map_err(|e| anyhow::anyhow!("the designer window: {e}"))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Verify { dir, reviewers }) => {
            review::verify_export(&dir, reviewers.as_deref())
        }
        Some(Command::Proof {
            file,
            records,
            data,
            out,
        }) => review::proof(&file, &records, data.as_deref(), &out),
        Some(Command::Export(args)) => export_cmd(args),
        Some(Command::Merge {
            dirs,
            out,
            overwrite,
        }) => {
            let report = export::merge::merge(&dirs, &out, overwrite)?;
            print!("{}", report.summary());
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Check { file, data }) => check_cmd(&file, data.as_deref()),
        Some(Command::Render {
            file,
            channel,
            record,
            data,
            out,
            page,
            scale,
        }) => render_cmd(
            &file,
            &channel,
            record.as_deref(),
            data.as_deref(),
            out.as_deref(),
            page,
            scale,
        ),
        Some(Command::SmsInfo) => sms_info(),
        Some(Command::Review(cmd)) => review::run(cmd),
        Some(Command::Library(cmd)) => library::run(cmd),
        Some(Command::Translations(cmd)) => translations::run(cmd),
        Some(Command::Route {
            file,
            data,
            routing,
            out,
        }) => route_cmd(&file, data.as_deref(), &routing, out.as_deref()),
        Some(Command::SendTest {
            file,
            record,
            data,
            to,
            smtp,
            timeout,
            save,
        }) => {
            let ws = Workspace::open(&file, data.as_deref())?;
            let id = match record {
                Some(id) => id,
                None => ws
                    .records
                    .first()
                    .context("the data has no records")?
                    .id
                    .clone(),
            };
            let target = prism::send::SmtpTarget {
                url: smtp,
                password: std::env::var("PRISM_SMTP_PASSWORD").ok(),
                timeout: std::time::Duration::from_secs(timeout),
            };
            let sent = prism::send::send_test(&ws, &id, &to, &target)?;
            if let Some(path) = save {
                std::fs::write(&path, &sent.eml)
                    .with_context(|| format!("{}: cannot write", path.display()))?;
            }
            eprintln!(
                "sent {}'s email to {} through {}",
                printable(&id),
                printable(&sent.to),
                sent.server
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn parse_channels(names: &[String]) -> Result<ChannelSet> {
    let mut list = Vec::new();
    for n in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        match Channel::parse(n) {
            Some(c) => list.push(c),
            None => bail!("unknown channel `{n}` (use email, sms, chat, print)"),
        }
    }
    if list.is_empty() {
        bail!("no channel given");
    }
    Ok(ChannelSet::of(&list))
}
