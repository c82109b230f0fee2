//! `prism route`: who would get which channel, nothing rendered.

use super::*;

/// `prism route`: the routing table and counts, nothing rendered.
pub(super) fn route_cmd(
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
