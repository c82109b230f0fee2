//! The proof pack's cover: the project, its content hash and review state, its languages
//! and library files, and every entry of its review history.

use super::{GREEN, INK, MARGIN_PT, MUTED, PAGE_H_PT, PAGE_W_PT, Pages, RED};

/// The cover, with `records` the number of record pages that follow.
pub(super) fn cover(p: &mut Pages, records: usize, printed_at: &str) {
    let ws = p.ws;
    let (hash, status) = ws.review();
    let width = PAGE_W_PT - 2.0 * MARGIN_PT;
    let bottom = PAGE_H_PT - MARGIN_PT;
    let mut y = MARGIN_PT;
    y += p.text(
        &format!("Proof pack — {}", ws.project.meta.name),
        (MARGIN_PT, y),
        width,
        40.0,
        18.0,
        true,
        INK,
    ) + 6.0;
    let state_color = match status.state {
        crate::review::State::Approved => GREEN,
        _ => RED,
    };
    y += p.text(
        &status.label(),
        (MARGIN_PT, y),
        width,
        20.0,
        12.0,
        true,
        state_color,
    ) + 4.0;
    let facts = [
        format!("Project file: {}", ws.path.display()),
        format!("Content hash ({}): {hash}", crate::review::HASH_SCHEME),
        format!(
            "Approvals: {} of {} required; {}",
            status.approvals.len(),
            status.required,
            status.describe()
        ),
        format!("Records in this pack: {records} of {}", ws.records.len()),
        format!(
            "Printed: {printed_at} by Prism {}",
            crate::review::PRISM_VERSION
        ),
    ];
    for f in &facts {
        y += p.text(f, (MARGIN_PT, y), width, 60.0, 9.0, false, INK) + 2.0;
    }
    // The languages and how complete each translation is.
    if ws.engine.languages().nth(1).is_some() {
        let mut line = format!("Languages: {} (written in)", ws.project.meta.language);
        let gaps = ws.engine.translation_gaps();
        for l in ws.engine.languages().skip(1) {
            let count = |s| {
                gaps.iter()
                    .filter(|g| g.language == l && g.state == s)
                    .count()
            };
            line.push_str(&format!(
                "; {l}: {} missing, {} need review",
                count(crate::model::translation::TextState::Missing),
                count(crate::model::translation::TextState::Stale)
            ));
        }
        y += p.text(&line, (MARGIN_PT, y), width, 40.0, 9.0, false, INK) + 2.0;
    }
    // The shared content inside it, each at the version the content hash covers.
    for (u, state) in crate::workspace::library_item::review_states(ws) {
        let sha = u.sha256.as_deref().unwrap_or("missing");
        let state = match state {
            Ok(r) => r.status.label(),
            Err(e) => format!("unusable: {e}"),
        };
        let line = format!(
            "Library {} “{}”: bytes {}…, {state}",
            u.kind.noun(),
            u.name,
            sha.get(..16).unwrap_or(sha)
        );
        y += p.text(&line, (MARGIN_PT, y), width, 40.0, 9.0, false, INK) + 2.0;
    }
    y += 10.0;
    y += p.text(
        "Review history",
        (MARGIN_PT, y),
        width,
        20.0,
        11.0,
        true,
        INK,
    ) + 4.0;
    let history = &ws.review_log.entries;
    if history.is_empty() {
        p.text(
            "No entries: never submitted.",
            (MARGIN_PT, y),
            width,
            20.0,
            9.0,
            false,
            MUTED,
        );
    }
    for (i, e) in history.iter().enumerate() {
        let refused = status.refused.iter().find(|(j, _)| *j == i);
        let current = if e.content_hash == hash {
            "this content"
        } else {
            "an earlier version"
        };
        let mut line = format!(
            "{}. {}  {:?}  {} <{}>  on {} ({}…)",
            i + 1,
            e.at,
            e.action,
            e.name,
            e.by,
            current,
            e.content_hash.get(..12).unwrap_or(&e.content_hash),
        );
        if let Some(b) = &e.block {
            line.push_str(&format!("  block {b}"));
        }
        if let Some(c) = e.channel {
            line.push_str(&format!("  {c}"));
        }
        if let Some(r) = e.reply_to {
            line.push_str(&format!("  answers {}", r + 1));
        }
        let (mark, color) = match refused {
            None => ("  signed, counts".to_owned(), INK),
            Some((_, why)) => (format!("  does not count: {why}"), RED),
        };
        line.push_str(&mark);
        if !e.comment.is_empty() {
            line.push_str(&format!("\n    “{}”", e.comment));
        }
        let set = p.set(&line, 8.5, false, width);
        if y + set.height_pt() > bottom {
            p.new_page();
            y = MARGIN_PT;
        }
        y += p.text(&line, (MARGIN_PT, y), width, bottom - y, 8.5, false, color) + 3.0;
    }
}
