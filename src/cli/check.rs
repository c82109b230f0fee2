//! `prism check`: every diagnostic of every record on every channel, received ones first.

use super::*;

pub(super) fn check_cmd(file: &Path, data: Option<&Path>) -> Result<ExitCode> {
    let ws = Workspace::open(file, data)?;
    // Counted by severity: `[0]` about what customers receive, `[1]` about channels they
    // are not sent.
    let mut counts = [[0usize; 3]; 2];
    let mut stdout = std::io::stdout().lock();
    // Texts not translated (or translated from an earlier source): once, for the language.
    for (language, d) in prism::workspace::translations::gap_diagnostics(&ws) {
        counts[0][d.severity as usize] += 1;
        writeln!(
            stdout,
            "{}: ({language}): {}",
            printable(&ws.locate(&d)),
            printable(&d.to_string())
        )?;
    }
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
            .filter(|d| d.code == prism::diag::Code::NotSent(prism::diag::Reason::InvalidAddress))
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
                prism::diag::Code::NotSent(prism::diag::Reason::InvalidAddress),
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
                prism::diag::Code::NotSent(prism::diag::Reason::InvalidAddress)
                    if d.block.is_none() && d.field.is_none() =>
                {
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
