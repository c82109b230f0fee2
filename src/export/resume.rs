//! `prism export --resume`: continues an interrupted export. What the interrupted run wrote
//! is read back record by record ([`super::read_back`]) and kept as long as every artefact
//! matches its hash in `manifest.jsonl`; the first record that does not read back whole,
//! and all after it, are exported again. The finished folder is the same, byte for byte,
//! as one exported without interruption.

use super::files;
use super::read_back::FolderReader;
use super::writers::Writers;
use super::{ExportError, Settings, Started};
use std::path::Path;

/// Where the interrupted run's streams (`manifest.jsonl`, the payload lines, the mbox
/// batches) are moved while they are read back and written anew.
const KEPT: &str = ".prism-resume";

/// The files that are written as one stream over all records.
fn streamed_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = [files::ENTRIES, files::SMS, files::CHAT]
        .iter()
        .map(|s| s.to_string())
        .collect();
    if let Ok(entries) = std::fs::read_dir(dir.join("email")) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".mbox") {
                names.push(format!("email/{name}"));
            }
        }
    }
    names
}

/// Moves the interrupted run's streams aside (once: a resume that is itself interrupted
/// finds them there again), and writes anew every record that reads back whole. Returns
/// the writers and the data index to go on from.
pub fn prepare(
    dir: &Path,
    settings: &Settings,
    kind: &str,
) -> Result<(Writers, usize), ExportError> {
    let io = |p: &Path| super::io_err(p);
    let kept = dir.join(KEPT);
    if !kept.exists() {
        // Moved into a temporary folder first, which is renamed when all are there: a
        // half-done move is finished by the next resume, never mistaken for a done one.
        let moving = dir.join(format!("{KEPT}.moving"));
        std::fs::create_dir_all(moving.join("email")).map_err(io(&moving))?;
        for name in streamed_files(dir) {
            let from = dir.join(&name);
            if from.exists() {
                let to = moving.join(&name);
                std::fs::rename(&from, &to).map_err(io(&from))?;
            }
        }
        std::fs::rename(&moving, &kept).map_err(io(&kept))?;
    }
    let mut writers = Writers::create(dir, settings, kind)?;
    writers.skip_existing = true;
    let mut next = 0;
    if kept.join(files::ENTRIES).exists() {
        let mut reader = FolderReader::open(&kept, dir, settings.channels).map_err(io(&kept))?;
        // The first record that does not read back whole ends what is kept.
        while let Ok(Some(f)) = reader.next_record() {
            next = f.index + 1;
            writers.commit(f)?;
        }
    }
    writers.skip_existing = false;
    std::fs::remove_dir_all(&kept).map_err(io(&kept))?;
    Ok((writers, next))
}

/// What differs between the interrupted export and the one asked for now, in words.
pub(super) fn difference(before: &Started, now: &Started) -> String {
    let (a, b) = (&before.settings, &now.settings);
    if a.content_hash != b.content_hash {
        return "the content changed since the export started; export it anew (--overwrite)".into();
    }
    if before.data != now.data {
        return "the data files changed since the export started; export them anew (--overwrite)"
            .into();
    }
    let what = if a.channels != b.channels {
        "channels"
    } else if a.shard != b.shard {
        "shard"
    } else if a.email_format != b.email_format {
        "email format"
    } else {
        "letters.pdf options"
    };
    format!("it was started with other {what}; resume it with the same options")
}
