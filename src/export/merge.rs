//! `prism merge DIR… --out DIR`: the shards of one export, made on several machines, put
//! together in data order. Every record goes through the same writers as a one-machine
//! export, so the merged folder is that export, byte for byte.

use super::files;
use super::read_back::FolderReader;
use super::writers::Writers;
use super::{ExportError, ExportReport, Manifest, Started, io_err};
use std::path::{Path, PathBuf};

fn refuse(why: String) -> ExportError {
    ExportError::Merge(why)
}

/// Reads a shard's summary, refusing folders that are not finished shard exports.
fn shard_manifest(dir: &Path) -> Result<Manifest, ExportError> {
    if dir.join(super::INCOMPLETE_MARKER).exists() {
        return Err(refuse(format!(
            "{}: the export did not finish (resume it first)",
            dir.display()
        )));
    }
    let path = dir.join(files::MANIFEST);
    let text = std::fs::read(&path)
        .map_err(|e| refuse(format!("{}: not a finished export: {e}", path.display())))?;
    let m: Manifest = serde_json::from_slice(&text)
        .map_err(|e| refuse(format!("{}: not a Prism manifest: {e}", path.display())))?;
    if m.settings.shard.is_none() {
        return Err(refuse(format!(
            "{}: not a shard (exported without --shard)",
            dir.display()
        )));
    }
    Ok(m)
}

/// Checks that `shards` are all the shards of one export, each once; returns them ordered
/// by shard number.
fn check_shards(
    mut shards: Vec<(PathBuf, Manifest)>,
) -> Result<Vec<(PathBuf, Manifest)>, ExportError> {
    let first = shards
        .first()
        .ok_or_else(|| refuse("no shard given".into()))?
        .1
        .clone();
    let count = first.settings.shard.map_or(0, |s| s.count) as usize;
    // What must be the same in every shard: all but the shard and what it wrote.
    fn common(m: &Manifest) -> impl PartialEq + '_ {
        let mut settings = m.settings.clone();
        settings.shard = None;
        (
            settings,
            &m.data,
            &m.content_hash,
            &m.project_file,
            m.approved,
            &m.snapshot,
            &m.kind,
        )
    }
    for (dir, m) in &shards {
        let shard = m.settings.shard.expect("checked to be a shard");
        if shard.count as usize != count {
            return Err(refuse(format!(
                "{}: shard {}/{}, but {} is shard {}/{count}",
                dir.display(),
                shard.index,
                shard.count,
                shards[0].0.display(),
                first.settings.shard.map_or(0, |s| s.index)
            )));
        }
        let differs = if m.content_hash != first.content_hash {
            Some("content")
        } else if m.data != first.data {
            Some("data")
        } else if common(m) != common(&first) {
            Some("export settings, time, project or approval")
        } else {
            None
        };
        if let Some(what) = differs {
            return Err(refuse(format!(
                "{} and {}: other {what}; shards must come from one export",
                shards[0].0.display(),
                dir.display()
            )));
        }
    }
    shards.sort_by_key(|(_, m)| m.settings.shard.map_or(0, |s| s.index));
    for (i, pair) in shards.windows(2).enumerate() {
        if pair[0].1.settings.shard == pair[1].1.settings.shard {
            return Err(refuse(format!(
                "shard {i}/{count} given twice ({} and {})",
                pair[0].0.display(),
                pair[1].0.display()
            )));
        }
    }
    for i in 0..count {
        let found = shards
            .iter()
            .any(|(_, m)| m.settings.shard.is_some_and(|s| s.index as usize == i));
        if !found {
            return Err(refuse(format!("shard {i}/{count} is missing")));
        }
    }
    Ok(shards)
}

/// Merges the shard folders `dirs` into `out`.
pub fn merge(dirs: &[PathBuf], out: &Path, overwrite: bool) -> Result<ExportReport, ExportError> {
    let shards = dirs
        .iter()
        .map(|d| Ok((d.clone(), shard_manifest(d)?)))
        .collect::<Result<Vec<_>, ExportError>>()?;
    let shards = check_shards(shards)?;
    std::fs::create_dir_all(out).map_err(io_err(out))?;
    super::claim_folder(out, overwrite)?;
    let mut manifest = shards[0].1.clone();
    manifest.settings.shard = None;
    let settings = manifest.settings.clone();
    let marker = out.join(super::INCOMPLETE_MARKER);
    let started = Started {
        settings: settings.clone(),
        data: Vec::new(),
    };
    let text = serde_json::to_vec_pretty(&started).expect("the marker always serialises");
    crate::model::write_atomic(&marker, &text).map_err(io_err(&marker))?;
    if let Some(name) = &manifest.snapshot {
        let snapshot =
            crate::review::snapshot::load(&shards[0].0.join(name), &manifest.content_hash)?;
        crate::review::snapshot::copy_into(&snapshot, out)?;
    }
    let mut writers = Writers::create(out, &settings, &manifest.kind)?;
    let mut readers = shards
        .iter()
        .map(|(dir, _)| FolderReader::open(dir, dir, settings.channels).map_err(io_err(dir)))
        .collect::<Result<Vec<_>, _>>()?;
    let mut heads = Vec::with_capacity(readers.len());
    for (r, (dir, _)) in readers.iter_mut().zip(&shards) {
        heads.push(next(r, dir)?);
    }
    // The shards' records are each in data order: take the lowest index of the heads.
    while let Some(k) = (0..heads.len())
        .filter(|k| heads[*k].is_some())
        .min_by_key(|k| heads[*k].as_ref().map(|f| f.index))
    {
        let f = heads[k].take().expect("chosen among the present");
        writers.commit(f)?;
        heads[k] = next(&mut readers[k], &shards[k].0)?;
    }
    for (r, (dir, m)) in readers.iter().zip(&shards) {
        let sha = crate::digest::hex(&sha2::Digest::finalize(r.entries.hasher.clone()));
        if sha != m.entries.sha256 || r.entries.count != m.records {
            return Err(refuse(format!(
                "{}: manifest.jsonl changed since the export",
                dir.display()
            )));
        }
    }
    let written = writers.finish()?;
    super::finish(out, manifest, written)
}

fn next(r: &mut FolderReader, dir: &Path) -> Result<Option<super::entry::Finished>, ExportError> {
    r.next_record()
        .map_err(|source| ExportError::ShardUnreadable {
            dir: dir.to_path_buf(),
            source,
        })
}
