//! Reading, rendering and writing at once: one thread reads the data, `threads` threads
//! render records (each with its own workspace), and the calling thread writes them in data
//! order. Only the records in flight are in memory, whatever the size of the data.

use super::entry::Finished;
use super::produce::Job;
use super::writers::Writers;
use super::{DataRead, ExportError, Progress};
use crate::model::stream::{Raw, RecordReader};
use crate::workspace::Workspace;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, mpsc};

/// Records travel between the threads in batches of this many: one hand-over (and one
/// wake-up of a sleeping thread) per batch instead of per record.
const BATCH: usize = 64;

/// Batches rendered ahead of the next one written, at most: bounds memory whatever the
/// number of records and however slow one record is.
const AHEAD: usize = 8;

/// Exports the records from `first_index` on (those before were kept by a resumed export).
#[allow(clippy::too_many_arguments)]
pub fn run(
    ws: &Workspace,
    job: &Job,
    mut reader: RecordReader,
    first_index: usize,
    threads: usize,
    cancel: &AtomicBool,
    writers: &mut Writers,
    progress: &mut dyn FnMut(Progress),
) -> Result<DataRead, ExportError> {
    let threads = threads.max(1);
    let (read_bytes, total_bytes) = reader.progress();
    let stop = AtomicBool::new(false);
    // The next batch to write, and a wake-up for workers waiting to get ahead.
    let written = (Mutex::new(0usize), Condvar::new());
    let fatal = Mutex::new(None);
    // The rendering workspaces: their own templates and typesetter; the export's moment.
    let workers: Vec<Workspace> = (0..threads)
        .map(|_| {
            let mut w = ws.worker_copy();
            w.spoken = ws.spoken.dated(job.settings.now);
            w
        })
        .collect();
    let halt = || {
        stop.store(true, Ordering::Relaxed);
        written.1.notify_all();
    };
    std::thread::scope(|s| {
        let (work_tx, work_rx) = mpsc::sync_channel::<(usize, Vec<Raw>)>(threads * 2);
        let (done_tx, done_rx) = mpsc::sync_channel::<(usize, Vec<Option<Finished>>)>(threads * 2);
        let reading = s.spawn(|| {
            let mut batch = Vec::with_capacity(BATCH);
            let mut number = 0;
            for raw in reader.by_ref() {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                match raw {
                    Ok(raw) if raw.index < first_index => {}
                    Ok(raw) => {
                        batch.push(raw);
                        if batch.len() == BATCH {
                            let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                            if work_tx.send((number, full)).is_err() {
                                break;
                            }
                            number += 1;
                        }
                    }
                    Err(e) => {
                        *fatal.lock().unwrap_or_else(|e| e.into_inner()) = Some(e);
                        batch.clear();
                        break;
                    }
                }
            }
            if !batch.is_empty() {
                #[expect(clippy::let_underscore_must_use, reason = "the workers are gone only when the writer stopped; its error is what is reported")]
                let _ = work_tx.send((number, batch));
            }
            drop(work_tx);
            DataRead {
                fingerprint: reader.fingerprint(),
                records: reader.records(),
            }
        });
        let work_rx = Arc::new(Mutex::new(work_rx));
        for w in &workers {
            let (work_rx, done_tx, stop, written) =
                (work_rx.clone(), done_tx.clone(), &stop, &written);
            s.spawn(move || {
                loop {
                    let Ok((number, batch)) =
                        work_rx.lock().unwrap_or_else(|e| e.into_inner()).recv()
                    else {
                        return;
                    };
                    {
                        let mut next = written.0.lock().unwrap_or_else(|e| e.into_inner());
                        while number >= *next + AHEAD && !stop.load(Ordering::Relaxed) {
                            next = written.1.wait(next).unwrap_or_else(|e| e.into_inner());
                        }
                    }
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let finished = batch.into_iter().map(|raw| job.produce(w, raw)).collect();
                    if done_tx.send((number, finished)).is_err() {
                        return;
                    }
                }
            });
        }
        drop((done_tx, work_rx));
        let result = (|| -> Result<(), ExportError> {
            let mut waiting = BTreeMap::new();
            let mut next = 0;
            for (number, batch) in done_rx.iter() {
                waiting.insert(number, batch);
                while let Some(batch) = waiting.remove(&next) {
                    for finished in batch {
                        if cancel.load(Ordering::Relaxed) {
                            return Err(ExportError::Cancelled {
                                done: writers.entries,
                            });
                        }
                        if let Some(f) = finished {
                            writers.commit(f)?;
                        }
                        progress(Progress {
                            records: writers.entries,
                            read_bytes: read_bytes.load(Ordering::Relaxed),
                            total_bytes,
                        });
                    }
                    next += 1;
                    *written.0.lock().unwrap_or_else(|e| e.into_inner()) = next;
                    written.1.notify_all();
                }
            }
            Ok(())
        })();
        halt();
        // Unblock the workers and the reader whatever happened, then wait for them.
        drop(done_rx);
        let data = reading.join().map_err(|_| ExportError::Cancelled {
            done: writers.entries,
        })?;
        result?;
        if let Some(e) = fatal.lock().unwrap_or_else(|e| e.into_inner()).take() {
            return Err(e.into());
        }
        progress(Progress {
            records: writers.entries,
            read_bytes: total_bytes,
            total_bytes,
        });
        Ok(data)
    })
}
