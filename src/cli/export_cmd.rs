//! `prism export`: its flags, and the export run with its progress on stderr.

use super::progress::Progress;
use super::*;

#[derive(clap::Args)]
pub(super) struct ExportArgs {
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

fn parse_shard(s: &str) -> Result<export::Shard, export::ShardError> {
    export::Shard::parse(s)
}

pub(super) fn export_cmd(a: ExportArgs) -> Result<ExitCode> {
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
