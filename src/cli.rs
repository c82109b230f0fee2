//! The command line: export, check, render, sms-info.

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
    Review(crate::review_cli::ReviewCommand),
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

#[derive(clap::Args)]
struct ExportArgs {
    file: PathBuf,
    /// Customer data (.json or .csv) instead of the project's own.
    #[arg(long)]
    data: Option<PathBuf>,
    /// Output folder.
    #[arg(long, default_value = "out")]
    out: PathBuf,
    /// Channels to export, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "email,sms,chat,print")]
    channels: Vec<String>,
    /// Also write letters.pdf: every letter in data order, for a print shop.
    #[arg(long)]
    print_merged: bool,
    /// In letters.pdf, pad each letter to an even number of pages, so that every letter
    /// starts on a front side when printed on both sides.
    #[arg(long, requires = "print_merged")]
    duplex: bool,
    /// Refuse (exit 1) unless the content has the approvals it needs; without this,
    /// unapproved artefacts are exported marked as proofs.
    #[arg(long)]
    require_approved: bool,
    /// Replace an earlier export in the output folder (otherwise refused).
    #[arg(long, conflicts_with = "resume")]
    overwrite: bool,
    /// Continue an interrupted export in the output folder: what it wrote whole is kept,
    /// the rest is exported; the result is as if it had never stopped.
    #[arg(long)]
    resume: bool,
    /// Export only shard I of N (e.g. 0/4): the records whose id hashes to it. Merge the
    /// shards' folders with `prism merge`.
    #[arg(long, value_parser = parse_shard)]
    shard: Option<export::Shard>,
    /// Emails as a file each (in numbered folders of 10,000) or as mbox batches.
    #[arg(long, value_enum, default_value = "files")]
    email_format: EmailFormatArg,
    /// Threads that render (default: one per core); the output is the same for any number.
    #[arg(long, default_value_t = 0)]
    threads: usize,
    #[command(flatten)]
    routing: RoutingArgs,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum EmailFormatArg {
    Files,
    Mbox,
}

fn parse_shard(s: &str) -> Result<export::Shard, String> {
    export::Shard::parse(s)
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
        ws.set_routing(prism::routing::Inputs {
            suppress: self.suppress.clone(),
            history: self.history.clone(),
        })
        .map_err(|e| anyhow::anyhow!(e))
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
            crate::review_cli::verify_export(&dir, reviewers.as_deref())
        }
        Some(Command::Proof {
            file,
            records,
            data,
            out,
        }) => crate::review_cli::proof(&file, &records, data.as_deref(), &out),
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
        Some(Command::Review(cmd)) => crate::review_cli::run(cmd),
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

/// `prism route`: the routing table and counts, nothing rendered.
fn route_cmd(
    file: &Path,
    data: Option<&Path>,
    routing: &RoutingArgs,
    out: Option<&Path>,
) -> Result<ExitCode> {
    use prism::routing::{Tally, kind_name, log};
    let mut ws = Workspace::open(file, data)?;
    routing.apply(&mut ws)?;
    let sink: Box<dyn Write> = match out {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("{}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let mut table = log::LogWriter::with_header(sink, &log::PLAN_HEADER)?;
    let kind = kind_name(ws.project.meta.kind);
    let mut tally = Tally::default();
    let start = std::time::Instant::now();
    for r in &ws.records {
        let d = ws.engine.router.decide(r);
        let row = log::plan_row(&r.id, kind, &d);
        // On a terminal, data's control characters are shown escaped; a file gets them as
        // they are.
        match out {
            Some(_) => table.write(&row)?,
            None => table.write(&row.map(|f| printable(&f).into_owned()))?,
        }
        tally.add(&d);
    }
    table.finish()?.flush()?;
    let secs = start.elapsed().as_secs_f64();
    eprint!("{tally}");
    eprintln!(
        "  decided in {:.3} s ({:.0} records/s)",
        secs,
        tally.records as f64 / secs.max(1e-9)
    );
    Ok(ExitCode::SUCCESS)
}

/// An export's progress: a bar with rate and ETA on a terminal; in a log, a line every five
/// seconds and one at the end (never one per record).
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    started: std::time::Instant,
    last_line: std::time::Instant,
    last: export::Progress,
}

/// How often a log gets a progress line.
const PROGRESS_LINE_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

impl Progress {
    fn new(terminal: bool) -> Progress {
        let bar = terminal.then(|| {
            let bar = indicatif::ProgressBar::new(0);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{wide_bar} {msg} · {percent}% of the data · ETA {eta}",
            ) {
                bar.set_style(style);
            }
            bar
        });
        let now = std::time::Instant::now();
        Progress {
            bar,
            started: now,
            last_line: now,
            last: export::Progress::default(),
        }
    }

    /// Records written per second so far.
    fn rate(&self, now: std::time::Instant) -> f64 {
        self.last.records as f64 / now.duration_since(self.started).as_secs_f64().max(1e-3)
    }

    /// The bar follows the data read (the number of records is known only at the end).
    fn update(&mut self, p: export::Progress) {
        self.last = p;
        let now = std::time::Instant::now();
        if let Some(bar) = &self.bar {
            bar.set_length(p.total_bytes);
            bar.set_position(p.read_bytes);
            bar.set_message(format!(
                "{} · {:.0}/s",
                prism::diag::counted(p.records, "record"),
                self.rate(now)
            ));
            return;
        }
        if now.duration_since(self.last_line) >= PROGRESS_LINE_EVERY {
            self.last_line = now;
            let f = p.fraction();
            let secs = now.duration_since(self.started).as_secs_f64();
            // Once the data is read, what is left is records in flight, not data.
            let left = match f {
                f if f >= 1.0 => "all data read".to_owned(),
                f if f > 0.0 => format!("about {:.0} s left", secs * (1.0 - f) / f),
                _ => "starting".to_owned(),
            };
            eprintln!(
                "exported {}, {:.0}% of the data ({:.0}/s, {left})",
                prism::diag::counted(p.records, "record"),
                f * 100.0,
                self.rate(now)
            );
        }
    }

    /// The last line: every record written, and the rate over the whole run (none for an
    /// export refused before its first record).
    fn finish(&mut self, ran: bool) {
        match self.bar.take() {
            Some(bar) => bar.finish_and_clear(),
            None if !ran && self.last.records == 0 => {}
            None => eprintln!(
                "exported {} in {:.1} s ({:.0}/s)",
                prism::diag::counted(self.last.records, "record"),
                self.started.elapsed().as_secs_f64(),
                self.rate(std::time::Instant::now())
            ),
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

fn export_cmd(a: ExportArgs) -> Result<ExitCode> {
    let channels = parse_channels(&a.channels)?;
    let file = a.file.as_path();
    let mut ws = Workspace::open_streaming(file)?;
    a.routing.apply(&mut ws)?;
    // One moment for the whole export: every email's Date and Message-ID, the letters' date,
    // the routing log; pinned by SOURCE_DATE_EPOCH for reproducible runs.
    let now = export::source_date_epoch().unwrap_or_else(SystemTime::now);
    let mut meter = Progress::new(std::io::stderr().is_terminal());
    let mut progress = |p: export::Progress| meter.update(p);
    let opts = ExportOptions {
        out_dir: a.out,
        data: a.data,
        channels,
        email_format: match a.email_format {
            EmailFormatArg::Files => export::EmailFormat::Files,
            EmailFormatArg::Mbox => export::EmailFormat::Mbox,
        },
        resume: a.resume,
        shard: a.shard,
        now,
        print_merged: a.print_merged,
        duplex: a.duplex,
        require_approved: a.require_approved,
        overwrite: a.overwrite,
        threads: a.threads,
    };
    let ran = export::run(&ws, &opts, &mut progress, &AtomicBool::new(false));
    meter.finish(ran.is_ok());
    let report = match ran {
        Err(e @ export::ExportError::NotApproved(_)) => {
            eprintln!("{}: {}", file.display(), printable(&e.to_string()));
            return Ok(ExitCode::from(DIAGNOSTIC_ERRORS));
        }
        // A retry of a finished export succeeds: nothing is left to do.
        Err(e @ export::ExportError::Finished(_)) => {
            eprintln!("{}", printable(&e.to_string()));
            return Ok(ExitCode::SUCCESS);
        }
        other => other?,
    };
    print!("{}", report.summary());
    Ok(if report.errors() > 0 {
        ExitCode::from(DIAGNOSTIC_ERRORS)
    } else {
        ExitCode::SUCCESS
    })
}

fn check_cmd(file: &Path, data: Option<&Path>) -> Result<ExitCode> {
    let ws = Workspace::open(file, data)?;
    // Counted by severity: `[0]` about what customers receive, `[1]` about channels they
    // are not sent.
    let mut counts = [[0usize; 3]; 2];
    let mut stdout = std::io::stdout().lock();
    // What export would refuse: a repeated id (by the file name it gets) is not exported.
    let mut seen = std::collections::HashMap::new();
    for record in &ws.records {
        let id = prism::diag::printable(&record.id);
        let stem = prism::export::file_stem(&record.id);
        // Each diagnostic once, where it points: the project file's template, or for what is
        // about the data, the data file and its line.
        let mut say = |at: &str, d: &Diagnostic| {
            counts[usize::from(d.off_route)][d.severity as usize] += 1;
            writeln!(
                stdout,
                "{}: {id}: {}",
                printable(at),
                printable(&d.to_string())
            )
        };
        if let Some(first) = seen.insert(stem, record.origin.clone()) {
            let d = Diagnostic::error(
                prism::diag::Code::DuplicateId,
                format!("the id `{id}` was used before ({first}); export leaves this record out"),
            );
            say(&record.origin, &d)?;
            continue;
        }
        let rendered = ws.render(record, ChannelSet::ALL, ImageMode::Cid);
        // The message's own diagnostics are shared by all channels: each once. What the
        // customer receives first, then what concerns channels they are not sent.
        let mut found = Vec::<Diagnostic>::new();
        for d in rendered.diagnostics() {
            if !found.contains(d) {
                found.push(d.clone());
            }
        }
        // Addresses routing did not get as far as checking (no consent, another channel
        // chosen) are still worth fixing; one it checked is among those found.
        let reported: Vec<Channel> = found
            .iter()
            .filter(|d| d.code == prism::diag::Code::InvalidAddress)
            .filter_map(|d| d.channel)
            .collect();
        for (c, why) in ws
            .engine
            .router
            .invalid_addresses(record)
            .into_iter()
            .filter(|(c, _)| !reported.contains(c))
        {
            let mut d = Diagnostic::warning(
                prism::diag::Code::InvalidAddress,
                format!(
                    "{}: {why}; export does not use this channel for the record",
                    c.noun()
                ),
            )
            .on(c);
            d.off_route = rendered.message.route.reason(c).is_some();
            found.push(d);
        }
        found.sort_by_key(|d| d.off_route);
        for d in &found {
            let at = match d.code {
                prism::diag::Code::InvalidAddress if d.block.is_none() && d.field.is_none() => {
                    record.origin.clone()
                }
                _ => ws.locate(d),
            };
            say(&at, d)?;
        }
    }
    stdout.flush()?;
    let errors = counts[0][Severity::Error as usize] + counts[1][Severity::Error as usize];
    let text = |c: [usize; 3]| {
        prism::diag::severity_counts(
            c[Severity::Error as usize],
            c[Severity::Warning as usize],
            c[Severity::Info as usize],
            ", ",
        )
    };
    eprintln!(
        "checked {} × 4 channels: {} about what customers receive; {} about channels they are not sent",
        prism::diag::counted(ws.records.len(), "record"),
        text(counts[0]),
        text(counts[1]),
    );
    Ok(if errors > 0 {
        ExitCode::from(DIAGNOSTIC_ERRORS)
    } else {
        ExitCode::SUCCESS
    })
}

fn render_cmd(
    file: &Path,
    channel: &str,
    record: Option<&str>,
    data: Option<&Path>,
    out: Option<&Path>,
    page: Option<usize>,
    scale: f32,
) -> Result<ExitCode> {
    let channel = Channel::parse(channel)
        .with_context(|| format!("unknown channel `{channel}` (use email, sms, chat, print)"))?;
    let ws = Workspace::open(file, data)?;
    let record = match record {
        Some(id) => ws
            .record(id)
            .with_context(|| format!("no record `{id}` in the data"))?,
        None => ws.records.first().context("the project has no records")?,
    };
    let ext = out
        .and_then(|o| o.extension())
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let images = if ext.as_deref() == Some("eml") {
        ImageMode::Cid
    } else {
        ImageMode::DataUri
    };
    let rendered = ws.render(record, ChannelSet::of(&[channel]), images);
    let bytes: Vec<u8> = match channel {
        Channel::Email => {
            let email = rendered
                .email
                .as_ref()
                .and_then(|o| o.artefact.as_ref())
                .context("no email was rendered")?;
            match ext.as_deref() {
                Some("txt") => email.text.clone().into_bytes(),
                Some("eml") => {
                    let now = SystemTime::now();
                    eml::build(
                        &ws.project,
                        &ws.assets,
                        email,
                        now,
                        eml::message_id(&ws.project, &record.id, now),
                    )
                    .map_err(|d| anyhow::anyhow!("{d}"))?
                }
                _ => email.html.clone().into_bytes(),
            }
        }
        Channel::Sms => {
            let sms = rendered
                .sms
                .as_ref()
                .and_then(|o| o.artefact.as_ref())
                .context("no SMS was rendered")?;
            if ext.as_deref() == Some("json") {
                serde_json::to_vec_pretty(sms)?
            } else {
                format!("{}\n", sms.text).into_bytes()
            }
        }
        Channel::Chat => {
            let chat = rendered
                .chat
                .as_ref()
                .and_then(|o| o.artefact.as_ref())
                .context("no chat message was rendered")?;
            let mut v = serde_json::to_vec_pretty(&chat.payload)?;
            v.push(b'\n');
            v
        }
        Channel::Print => {
            let letter = rendered
                .print
                .as_ref()
                .and_then(|o| o.artefact.as_ref())
                .context("no letter was rendered")?;
            let page = page.unwrap_or(1);
            let shown = letter.pages.get(page.saturating_sub(1)).with_context(|| {
                format!("the letter has {} pages, not {page}", letter.pages.len())
            })?;
            match ext.as_deref() {
                Some("pdf") => print::pdf(&ws.typesetter, letter)?,
                Some("png") => print::png(&ws.typesetter, shown, scale * print::PX_PER_PT_96DPI)?,
                Some("svg") | None => print::svg(&ws.typesetter, shown).into_bytes(),
                Some(other) => bail!("cannot write a letter as .{other} (use .pdf, .png or .svg)"),
            }
        }
    };
    let mut errors = 0;
    for d in rendered.diagnostics() {
        errors += usize::from(d.severity == Severity::Error);
        eprintln!(
            "{}: {}: {}",
            ws.locate(d),
            printable(&record.id),
            printable(&d.to_string())
        );
    }
    match out {
        Some(path) => std::fs::write(path, &bytes)
            .with_context(|| format!("{}: cannot write", path.display()))?,
        None => std::io::stdout().lock().write_all(&bytes)?,
    }
    Ok(if errors > 0 {
        ExitCode::from(DIAGNOSTIC_ERRORS)
    } else {
        ExitCode::SUCCESS
    })
}

fn sms_info() -> Result<ExitCode> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .context("cannot read stdin")?;
    let text = String::from_utf8(bytes).context("stdin is not UTF-8 text")?;
    let text = text
        .strip_suffix('\n')
        .map(|t| t.strip_suffix('\r').unwrap_or(t))
        .unwrap_or(&text);
    let a = gsm::analyze(text);
    let json = serde_json::json!({
        "encoding": a.encoding,
        "segments": a.segments,
        "units": a.units,
        "characters": a.characters,
        "non_gsm": a.non_gsm.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
    });
    println!("{json}");
    Ok(ExitCode::SUCCESS)
}
