//! `prism verify OUT_DIR`: an export's archive proves itself. Every artefact its manifest
//! lists is hashed again; the approval it names is checked as at export (signatures against
//! the reviewers file, signers, four-eyes, content hash) and the approved snapshot kept in
//! the archive must hash to the exported content hash.

use super::{Manifest, ReadEntry, files};
use crate::review::{State, snapshot, status};
use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};

/// Why a folder could not be verified at all (what is wrong inside an export is listed in
/// [`Verification::problems`] instead).
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// There is no such folder.
    #[error("{}: no such folder", .0.display())]
    NoFolder(PathBuf),
    /// The folder holds no export.
    #[error("{}: not a Prism export (it has no {})", .0.display(), files::MANIFEST)]
    NotAnExport(PathBuf),
    /// The manifest could not be read.
    #[error("{}: {source}", path.display())]
    Read {
        /// The manifest.
        path: PathBuf,
        /// What the operating system reported.
        #[source]
        source: std::io::Error,
    },
    /// The manifest is not one Prism wrote.
    #[error("{}: not a Prism manifest", path.display())]
    Manifest {
        /// The manifest.
        path: PathBuf,
        /// What the JSON reader reported.
        #[source]
        source: serde_json::Error,
    },
}

/// The outcome: what was checked and everything that does not match.
#[derive(Debug, Default)]
pub struct Verification {
    /// Artefacts (files and `.jsonl` lines) whose hash was checked.
    pub checked: usize,
    /// Whether the manifest says the export was approved; only then is its approval checked.
    pub approved: bool,
    /// Who approved, as `Name <email> on date`, when the approval holds.
    pub approvals: Vec<String>,
    /// Each problem, naming its file.
    pub problems: Vec<String>,
    /// What is worth knowing but does not fail the check: review entries that do not count.
    pub notes: Vec<String>,
    /// The export never finished: nothing was checked, and `problems` says how to go on.
    pub unfinished: bool,
}

impl Verification {
    /// Whether the archive checks out: no problem was found.
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Files the export writes that the manifest does not list as artefacts.
const OWN_FILES: [&str; 3] = [files::MANIFEST, files::ENTRIES, files::REPORT];

/// Checks the export in `dir`. `reviewers` replaces the reviewers file kept in the manifest
/// (pass the project's own, kept under separate control, to trust the archive less).
/// Every record's line is read as a stream, so an export of millions of records is checked
/// in bounded memory.
pub fn verify(dir: &Path, reviewers: Option<&str>) -> Result<Verification, VerifyError> {
    let manifest_path = dir.join(files::MANIFEST);
    // An export that was stopped has its marker and no finished manifest: there is nothing
    // to prove yet, and what to do about it is the news.
    if dir.join(crate::export::INCOMPLETE_MARKER).exists() {
        return Ok(Verification {
            problems: vec![format!(
                "the export did not finish ({}); continue it with `prism export PROJECT --out {} --resume` and the options it was started with",
                crate::export::INCOMPLETE_MARKER,
                dir.display()
            )],
            unfinished: true,
            ..Verification::default()
        });
    }
    if !manifest_path.exists() {
        return Err(match dir.is_dir() {
            true => VerifyError::NotAnExport(dir.to_path_buf()),
            false => VerifyError::NoFolder(dir.to_path_buf()),
        });
    }
    let text = std::fs::read(&manifest_path).map_err(|source| VerifyError::Read {
        path: manifest_path.clone(),
        source,
    })?;
    let m: Manifest = serde_json::from_slice(&text).map_err(|source| VerifyError::Manifest {
        path: manifest_path.clone(),
        source,
    })?;
    let mut v = Verification {
        approved: m.approved,
        ..Verification::default()
    };
    check_entries(dir, &m, &mut v);
    for o in m
        .merged
        .iter()
        .map(|o| (&o.file, &o.sha256))
        .chain(m.logs.iter().map(|l| (&l.file, &l.sha256)))
    {
        let top = is_plain_name(o.0) || (o.0.starts_with("email/") && files::is_inside(o.0));
        match top.then(|| hash_file(&dir.join(o.0))) {
            None => v
                .problems
                .push(format!("{}: not a file of this export", o.0)),
            Some(Ok(h)) if h == *o.1 => v.checked += 1,
            Some(Ok(_)) => v.problems.push(format!("{}: changed since export", o.0)),
            Some(Err(e)) => v.problems.push(format!("{}: {e}", o.0)),
        }
    }
    let listed: BTreeSet<&str> = m
        .merged
        .iter()
        .map(|o| o.file.as_str())
        .chain(m.logs.iter().map(|l| l.file.as_str()))
        .collect();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let is_file = e.file_type().is_ok_and(|t| t.is_file());
            if is_file && !listed.contains(name.as_str()) && !OWN_FILES.contains(&name.as_str()) {
                v.problems
                    .push(format!("{name}: not listed in the manifest"));
            }
        }
    }
    if m.approved {
        check_approval(dir, &m, reviewers, &mut v);
    }
    check_library_approvals(&m, &mut v);
    Ok(v)
}

/// SHA-256 of a file, read in pieces (`letters.pdf` may be gigabytes).
fn hash_file(path: &Path) -> std::io::Result<String> {
    use sha2::Digest;
    let mut file = std::fs::File::open(path)?;
    let mut h = sha2::Sha256::new();
    let mut buf = vec![0; 256 * 1024];
    loop {
        let n = std::io::Read::read(&mut file, &mut buf)?;
        if n == 0 {
            return Ok(crate::digest::hex(&h.finalize()));
        }
        h.update(&buf[..n]);
    }
}

/// Every line of `manifest.jsonl` and every artefact it lists. Payload lines and mbox
/// messages are read in step with the lines that list them.
fn check_entries(dir: &Path, m: &Manifest, v: &mut Verification) {
    let mut entries = match files::Lines::open(&dir.join(files::ENTRIES)) {
        Ok(l) => l,
        Err(e) => return v.problems.push(format!("{}: {e}", files::ENTRIES)),
    };
    let mut lines: HashMap<String, Option<files::Lines>> = HashMap::new();
    let mut mboxes: HashMap<String, (usize, Option<files::MboxReader>)> = HashMap::new();
    let mut per_record_files = 0usize;
    let mut buf = Vec::new();
    let mut line = Vec::new();
    while let Ok(Some(())) = entries.next_line(&mut line) {
        let entry: ReadEntry = match serde_json::from_slice(&line) {
            Ok(e) => e,
            Err(e) => {
                v.problems
                    .push(format!("{} line {}: {e}", files::ENTRIES, entries.count));
                continue;
            }
        };
        for o in &entry.outputs {
            let (at, actual) = match (o.line, o.message) {
                (Some(n), _) => {
                    let reader = lines.entry(o.file.clone()).or_insert_with(|| {
                        is_plain_name(&o.file)
                            .then(|| files::Lines::open(&dir.join(&o.file)).ok())
                            .flatten()
                    });
                    let got = match reader {
                        None => Err("cannot be read".to_owned()),
                        Some(r) => {
                            nth_line(r, n, &mut buf).map(|()| crate::digest::sha256_hex(&buf))
                        }
                    };
                    (format!("{} line {n}", o.file), got)
                }
                (None, Some(n)) => {
                    let (count, reader) = mboxes.entry(o.file.clone()).or_insert_with(|| {
                        (
                            0,
                            files::is_inside(&o.file)
                                .then(|| files::MboxReader::open(&dir.join(&o.file)).ok())
                                .flatten(),
                        )
                    });
                    let got = match reader {
                        None => Err("cannot be read".to_owned()),
                        Some(r) => nth_message(r, count, n).map(|m| crate::digest::sha256_hex(&m)),
                    };
                    (format!("{} message {n}", o.file), got)
                }
                (None, None) => {
                    per_record_files += 1;
                    let got = if files::is_inside(&o.file) {
                        std::fs::read(dir.join(&o.file))
                            .map(|b| crate::digest::sha256_hex(&b))
                            .map_err(|e| e.to_string())
                    } else {
                        Err("not a file of this export".into())
                    };
                    (o.file.clone(), got)
                }
            };
            match actual {
                Ok(h) if h == o.sha256 => v.checked += 1,
                Ok(_) => v.problems.push(format!("{at}: changed since export")),
                Err(e) => v.problems.push(format!("{at}: {e}")),
            }
        }
    }
    let whole = crate::digest::hex(&sha2::Digest::finalize(entries.hasher.clone()));
    if whole != m.entries.sha256 || entries.count != m.records {
        v.problems
            .push(format!("{}: changed since export", files::ENTRIES));
    }
    // Lines or messages added after export are as suspect as changed ones.
    for (file, reader) in lines.iter_mut() {
        if let Some(r) = reader {
            let listed = r.count;
            while let Ok(Some(())) = r.next_line(&mut buf) {}
            if r.count > listed {
                v.problems.push(format!(
                    "{file}: {} lines, but the manifest lists {listed}",
                    r.count
                ));
            }
        }
    }
    for (file, (count, reader)) in mboxes.iter_mut() {
        if let Some(r) = reader {
            let listed = *count;
            while let Ok(Some(_)) = r.next_message() {
                *count += 1;
            }
            if *count > listed {
                v.problems.push(format!(
                    "{file}: {count} messages, but the manifest lists {listed}"
                ));
            }
        }
    }
    let on_disk = ["email", "print"]
        .iter()
        .map(|d| count_files(&dir.join(d)))
        .sum::<usize>()
        - m.merged
            .iter()
            .filter(|o| o.file.starts_with("email/"))
            .count();
    if on_disk != per_record_files {
        v.problems.push(format!(
            "email/, print/: {on_disk} files, but the manifest lists {per_record_files}"
        ));
    }
}

/// Reads on to line `n` (1-based) into `buf`.
fn nth_line(r: &mut files::Lines, n: usize, buf: &mut Vec<u8>) -> Result<(), String> {
    if n <= r.count {
        return Err("listed out of order".into());
    }
    while r.count < n {
        if r.next_line(buf).map_err(|e| e.to_string())?.is_none() {
            return Err("missing".into());
        }
    }
    Ok(())
}

/// Reads on to message `n` (1-based) of an mbox, `count` of which were read.
fn nth_message(r: &mut files::MboxReader, count: &mut usize, n: usize) -> Result<Vec<u8>, String> {
    if n <= *count {
        return Err("listed out of order".into());
    }
    loop {
        let m = r
            .next_message()
            .map_err(|e| e.to_string())?
            .ok_or("missing")?;
        *count += 1;
        if *count == n {
            return Ok(m);
        }
    }
}

/// Files in a folder and its subfolders.
fn count_files(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => count_files(&e.path()),
            Ok(_) => 1,
            Err(_) => 0,
        })
        .sum()
}

/// The approvals the manifest names for each library file hold: signed by a listed library
/// reviewer, on that file's content hash, four eyes.
fn check_library_approvals(m: &Manifest, v: &mut Verification) {
    for l in &m.library {
        let what = format!("library {} “{}”", l.kind.noun(), l.name);
        let s = status(&l.review_entries, 1, &l.content_hash, &m.library_reviewers);
        let named: BTreeSet<&str> = l.approvals.iter().map(|a| a.by.as_str()).collect();
        let holding: BTreeSet<&str> = s.approvals.iter().map(|a| a.by.as_str()).collect();
        if named != holding {
            v.problems.push(format!(
                "manifest.json: {what}: the approvals it names are not those its signed log holds ({})",
                s.describe()
            ));
        }
    }
}

fn check_approval(dir: &Path, m: &Manifest, reviewers: Option<&str>, v: &mut Verification) {
    let reviewers = reviewers.unwrap_or(&m.reviewers);
    let s = status(
        &m.review_entries,
        m.required_approvals,
        &m.content_hash,
        reviewers,
    );
    // Entries that do not count are what the log holds, not a fault of the export: they
    // fail it only when the approvals that count fall short.
    for (i, reason) in &s.refused {
        v.notes.push(format!(
            "manifest.json: review entry {} does not count: {reason}",
            i + 1
        ));
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
    let approved = match snapshot::load(&dir.join(name), &m.content_hash) {
        Ok(s) => s,
        Err(e) => {
            v.problems.push(format!("{name}: {e}"));
            return;
        }
    };
    // The library files the manifest names are the ones the approved version used, byte
    // for byte (their bytes are in the content hash the snapshot was just checked against).
    let kept = &approved.project.linked.used;
    let listed: Vec<_> = m
        .library
        .iter()
        .map(|l| (l.kind, &l.name, &l.sha256))
        .collect();
    let approved_used: Vec<_> = kept.iter().map(|u| (u.kind, &u.name, &u.sha256)).collect();
    if listed != approved_used {
        v.problems.push(format!(
            "manifest.json: its library files are not those of the approved version {name}"
        ));
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
