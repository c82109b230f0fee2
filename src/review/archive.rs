//! `prism verify OUT_DIR`: an export's archive proves itself. Every artefact its manifest
//! lists is hashed again; the approval it names is checked as at export (signatures against
//! the reviewers file, signers, four-eyes, content hash) and the approved snapshot kept in
//! the archive must hash to the exported content hash.

use super::{State, snapshot, status_of};
use crate::model::ReviewEntry;
use serde::Deserialize;
use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path};

/// What an export's manifest says, as far as checking it needs.
#[derive(Deserialize)]
struct Manifest {
    content_hash: String,
    approved: bool,
    #[serde(default)]
    required_approvals: u32,
    #[serde(default)]
    reviewers: String,
    #[serde(default)]
    review_entries: Vec<ReviewEntry>,
    #[serde(default)]
    snapshot: Option<String>,
    records: Vec<Record>,
    #[serde(default)]
    merged: Vec<Output>,
    #[serde(default)]
    logs: Vec<Output>,
}

#[derive(Deserialize)]
struct Record {
    outputs: Vec<Output>,
}

#[derive(Deserialize)]
struct Output {
    file: String,
    #[serde(default)]
    line: Option<usize>,
    sha256: String,
}

/// The outcome: what was checked and everything that does not match.
#[derive(Debug, Default)]
pub struct Verification {
    /// Artefacts (files and `.jsonl` lines) whose hash was checked.
    pub checked: usize,
    pub approved: bool,
    /// Who approved, as "Name <email> on date", when the approval holds.
    pub approvals: Vec<String>,
    /// Each problem, naming its file.
    pub problems: Vec<String>,
}

impl Verification {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Files the export writes that the manifest does not list as artefacts.
const OWN_FILES: [&str; 2] = ["manifest.json", "report.txt"];

/// Checks the export in `dir`. `reviewers` replaces the reviewers file kept in the manifest
/// (pass the project's own, kept under separate control, to trust the archive less).
pub fn verify(dir: &Path, reviewers: Option<&str>) -> Result<Verification, String> {
    let manifest_path = dir.join("manifest.json");
    let text =
        std::fs::read(&manifest_path).map_err(|e| format!("{}: {e}", manifest_path.display()))?;
    let m: Manifest = serde_json::from_slice(&text)
        .map_err(|e| format!("{}: not a Prism manifest: {e}", manifest_path.display()))?;
    let mut v = Verification {
        approved: m.approved,
        ..Verification::default()
    };
    if dir.join(crate::export::INCOMPLETE_MARKER).exists() {
        v.problems.push(format!(
            "{}: the export did not finish",
            crate::export::INCOMPLETE_MARKER
        ));
    }
    let mut listed = BTreeSet::new();
    let mut lines: HashMap<String, Result<Vec<String>, String>> = HashMap::new();
    let outputs = m
        .records
        .iter()
        .flat_map(|r| &r.outputs)
        .chain(&m.merged)
        .chain(&m.logs);
    for o in outputs {
        if !is_plain_name(&o.file) {
            v.problems
                .push(format!("{}: not a file of this export", o.file));
            continue;
        }
        listed.insert(o.file.clone());
        let path = dir.join(&o.file);
        let actual = match o.line {
            None => std::fs::read(&path)
                .map(|b| crate::export::sha256_hex(&b))
                .map_err(|e| e.to_string()),
            Some(n) => lines
                .entry(o.file.clone())
                .or_insert_with(|| line_hashes(&path))
                .as_ref()
                .map_err(Clone::clone)
                .and_then(|hs| {
                    hs.get(n.wrapping_sub(1))
                        .cloned()
                        .ok_or_else(|| format!("has no line {n}"))
                }),
        };
        let at = match o.line {
            Some(n) => format!("{} line {n}", o.file),
            None => o.file.clone(),
        };
        match actual {
            Ok(h) if h == o.sha256 => v.checked += 1,
            Ok(_) => v.problems.push(format!("{at}: changed since export")),
            Err(e) => v.problems.push(format!("{at}: {e}")),
        }
    }
    // Lines added to a payload file after export are as suspect as changed ones.
    for (file, hashes) in &lines {
        let claimed = m
            .records
            .iter()
            .flat_map(|r| &r.outputs)
            .filter(|o| &o.file == file && o.line.is_some())
            .count();
        if let Ok(hs) = hashes
            && hs.len() > claimed
        {
            v.problems.push(format!(
                "{file}: {} lines, but the manifest lists {claimed}",
                hs.len()
            ));
        }
    }
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let is_file = e.file_type().is_ok_and(|t| t.is_file());
            if is_file && !listed.contains(&name) && !OWN_FILES.contains(&name.as_str()) {
                v.problems
                    .push(format!("{name}: not listed in the manifest"));
            }
        }
    }
    if m.approved {
        check_approval(dir, &m, reviewers, &mut v);
    }
    Ok(v)
}

fn check_approval(dir: &Path, m: &Manifest, reviewers: Option<&str>, v: &mut Verification) {
    let reviewers = reviewers.unwrap_or(&m.reviewers);
    let s = status_of(
        &m.review_entries,
        m.required_approvals,
        &m.content_hash,
        reviewers,
    );
    for (i, reason) in &s.refused {
        v.problems
            .push(format!("manifest.json: approval entry {}: {reason}", i + 1));
    }
    if s.state != State::Approved {
        v.problems.push(format!(
            "manifest.json: says approved, but {}",
            s.describe()
        ));
        return;
    }
    let Some(name) = &m.snapshot else {
        v.problems
            .push("manifest.json: names no approved snapshot".into());
        return;
    };
    if !name.starts_with("approval/") || !is_plain_name(&name["approval/".len()..]) {
        v.problems
            .push(format!("{name}: not a snapshot of this export"));
        return;
    }
    if let Err(e) = snapshot::load(&dir.join(name), &m.content_hash) {
        v.problems.push(format!("{name}: {e}"));
        return;
    }
    for a in &s.approvals {
        let entry = &m.review_entries[a.entry];
        // The approval names its snapshot by the content hash it approved.
        let named = entry.snapshot.as_deref().and_then(|n| n.rsplit('/').next());
        if named != name.rsplit('/').next() {
            v.problems.push(format!(
                "{name}: not the snapshot {}'s approval names",
                a.by
            ));
        }
        v.approvals
            .push(format!("{} <{}> on {}", a.name, a.by, a.at));
    }
}

/// A file name without folders: what the export writes.
fn is_plain_name(name: &str) -> bool {
    let mut c = Path::new(name).components();
    matches!((c.next(), c.next()), (Some(Component::Normal(_)), None))
}

/// The SHA-256 of each line of a `.jsonl` file (without its newline).
fn line_hashes(path: &Path) -> Result<Vec<String>, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let body = bytes.strip_suffix(b"\n").unwrap_or(&bytes);
    if body.is_empty() {
        return Ok(Vec::new());
    }
    Ok(body
        .split(|b| *b == b'\n')
        .map(crate::export::sha256_hex)
        .collect())
}
