//! Any bytes as customer data, in each format the export reads (the first byte picks it):
//! records or errors naming where, never a panic.
#![no_main]
use std::path::PathBuf;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&kind, body)) = data.split_first() else { return };
    let ext = ["json", "jsonl", "csv"][kind as usize % 3];
    let dir = std::env::temp_dir().join(format!("prism-fuzz-records-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path: PathBuf = dir.join(format!("data.{ext}"));
    std::fs::write(&path, body).unwrap();
    let source = prism::model::DataSource::default();
    for raw in prism::model::stream::RecordReader::open(&source, Some(&path), &dir).flatten() {
        let _ = raw.parse(&source);
    }
});
