//! `prism render` (one channel of one record) and `prism sms-info`.

use super::*;

pub(super) fn render_cmd(
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

pub(super) fn sms_info() -> Result<ExitCode> {
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
