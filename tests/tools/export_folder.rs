//! An export's folder tells the truth, at any scale: a folder holding another export is
//! refused unless `--resume` or `--overwrite`; an export that did not finish leaves its
//! marker; one killed at random moments and resumed each time ends byte-identical to one
//! that never stopped; 1 and 4 threads write the same bytes; shards merged equal one
//! machine's export; mbox batches are read by Python's `mailbox`; one bad record never
//! stops a run.

use crate::common;

use prism::export::{self, ExportOptions, INCOMPLETE_MARKER};
use prism::model::ChannelSet;
use prism::workspace::Workspace;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

/// 2026-01-01T00:00:00Z: every run of these tests is reproducible.
const PINNED: [(&str, &str); 1] = [("SOURCE_DATE_EPOCH", "1767225600")];

fn export(args: &[&str], out: &Path, envs: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = common::prism();
    cmd.arg("export").args(args).arg("--out").arg(out);
    cmd.current_dir(common::root());
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn ok(out: &std::process::Output) {
    assert_ne!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Every file below `dir`, by path relative to it.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let name = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
                out.insert(name, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn assert_same_folders(a: &Path, b: &Path, what: &str) {
    let (fa, fb) = (files(a), files(b));
    assert_eq!(
        fa.keys().collect::<Vec<_>>(),
        fb.keys().collect::<Vec<_>>(),
        "{what}: other files"
    );
    for (name, bytes) in &fa {
        assert!(bytes == &fb[name], "{what}: {name} differs");
    }
}

/// A copy of welcome.ron beside `records` generated audience records.
fn audience(dir: &Path, records: usize) -> (PathBuf, PathBuf) {
    let project = common::project_copy(dir, "welcome.ron");
    common::run_ok(
        std::process::Command::new("python3")
            .arg(common::root().join("projects/generate_audience.py"))
            .args(["--records", &records.to_string(), "--out"])
            .arg(project.parent().unwrap()),
    );
    let data = project.with_file_name("audience-10k.json");
    (project, data)
}

#[test]
fn a_folder_with_an_export_is_refused_unless_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let first = export(&["projects/invoice.ron"], &out, &[]);
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(!out.join(INCOMPLETE_MARKER).exists());
    // Not a terminal: progress comes as log lines, the last one at the end.
    let log = String::from_utf8_lossy(&first.stderr);
    assert!(log.contains("exported 7 records in "), "{log}");
    // A stray artefact of the earlier run (as another data set would leave).
    std::fs::write(out.join("email/000/X-9999.eml"), b"old").unwrap();
    let again = export(&["projects/invoice.ron"], &out, &[]);
    assert_eq!(again.status.code(), Some(2));
    let said = String::from_utf8_lossy(&again.stderr);
    assert!(
        said.contains("holds an earlier export") && said.contains("--overwrite"),
        "{said}"
    );
    // A retry of a finished export succeeds and changes nothing.
    let manifest = std::fs::read(out.join("manifest.json")).unwrap();
    let resumed = export(&["projects/invoice.ron", "--resume"], &out, &[]);
    assert_eq!(resumed.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&resumed.stderr).contains("nothing to resume"));
    assert_eq!(std::fs::read(out.join("manifest.json")).unwrap(), manifest);
    let replaced = export(&["projects/invoice.ron", "--overwrite"], &out, &[]);
    ok(&replaced);
    assert!(
        !out.join("email/000/X-9999.eml").exists(),
        "the earlier export's files are gone"
    );
    let verify = common::prism().arg("verify").arg(&out).output().unwrap();
    assert_eq!(
        verify.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
}

/// A folder of somebody else's files is not an export's: writing there is refused with a
/// clear message, and with --overwrite goes ahead and removes none of them.
#[test]
fn a_folder_of_other_files_is_refused_unless_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join("notes")).unwrap();
    std::fs::write(out.join("notes/plan.txt"), b"mine").unwrap();
    std::fs::write(out.join("budget.pdf"), b"mine too").unwrap();
    let refused = export(&["projects/invoice.ron"], &out, &[]);
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("holds files that are not an export's")
            && said.contains("among them")
            && said.contains("empty or new folder")
            && said.contains("--overwrite"),
        "{said}"
    );
    assert!(!out.join("manifest.json").exists() && !out.join("email").exists());
    let written = export(&["projects/invoice.ron", "--overwrite"], &out, &[]);
    ok(&written);
    assert!(out.join("manifest.json").exists());
    assert_eq!(std::fs::read(out.join("notes/plan.txt")).unwrap(), b"mine");
    assert_eq!(std::fs::read(out.join("budget.pdf")).unwrap(), b"mine too");
    // An empty folder needs no flag.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    ok(&export(&["projects/invoice.ron"], &empty, &[]));
    assert!(empty.join("manifest.json").exists());
}

/// The export's counts say which diagnostics concern what customers received and which only
/// channels they were not sent; each such line of the report is marked.
#[test]
fn the_export_counts_diagnostics_of_channels_not_sent_apart() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let run = export(&["projects/welcome.ron"], &out, &PINNED);
    ok(&run);
    let summary = String::from_utf8_lossy(&run.stdout);
    assert!(
        summary.contains("about what customers received"),
        "{summary}"
    );
    assert!(
        summary.contains("about channels customers were not sent"),
        "{summary}"
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let d = &manifest["diagnostics"];
    let off = &d["off_route"];
    // C-1004 and C-3007 get their SMS: their UCS-2 and budget warnings count as received, as
    // does C-1002's address line; C-1003's invalid number (it gets chat) and C-1006's missing
    // address (it gets SMS) do not.
    assert_eq!(
        d["warnings"].as_u64().unwrap() - off["warnings"].as_u64().unwrap(),
        5
    );
    assert_eq!(off["warnings"], 2);
    let entries = std::fs::read_to_string(out.join("manifest.jsonl")).unwrap();
    let mut marked = 0;
    for line in entries.lines() {
        let e: serde_json::Value = serde_json::from_str(line).unwrap();
        let chosen: Vec<String> = e["route"]["chosen"]
            .as_array()
            .map(|a| a.iter().map(|c| c.as_str().unwrap().to_owned()).collect())
            .unwrap_or_default();
        for diag in e["diagnostics"].as_array().unwrap() {
            let off_route = diag["off_route"].as_bool().unwrap_or(false);
            if let Some(c) = diag["channel"].as_str() {
                // Oracle: a diagnostic of one channel is off the route exactly when that
                // channel was not chosen.
                assert_eq!(off_route, !chosen.iter().any(|x| x == c), "{line}");
            }
            marked += usize::from(off_route);
        }
    }
    let report = std::fs::read_to_string(out.join("report.txt")).unwrap();
    assert_eq!(report.matches("not sent to this customer]").count(), marked);
}

/// Exports invoice.ron into `out` on `threads` threads and cancels it once `after` records are
/// written: the folder is left as a crash would leave it.
fn cancelled(
    out: &Path,
    threads: usize,
    after: usize,
) -> Result<export::ExportReport, export::ExportError> {
    let ws = Workspace::open_streaming(&common::root().join("projects/invoice.ron")).unwrap();
    let opts = ExportOptions {
        out_dir: out.to_path_buf(),
        data: None,
        channels: ChannelSet::ALL,
        now: std::time::SystemTime::now(),
        print_merged: true,
        duplex: false,
        email_format: export::EmailFormat::Files,
        require_approved: false,
        overwrite: false,
        resume: false,
        shard: None,
        threads,
    };
    let cancel = AtomicBool::new(false);
    export::run(
        &ws,
        &opts,
        &mut |p| {
            if p.records == after {
                cancel.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        },
        &cancel,
    )
}

#[test]
fn an_export_that_did_not_finish_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let result = cancelled(&out, 1, 3);
    assert!(
        matches!(result, Err(export::ExportError::Cancelled { done: 3 })),
        "{:?}",
        result.err()
    );
    assert!(out.join(INCOMPLETE_MARKER).exists());
    assert!(!out.join("manifest.json").exists());
    let verify = common::prism().arg("verify").arg(&out).output().unwrap();
    assert_eq!(verify.status.code(), Some(1));
    let said = String::from_utf8_lossy(&verify.stdout);
    assert!(
        said.contains(
            "the export did not finish (EXPORT-INCOMPLETE); continue it with `prism export"
        ) && said.contains("--resume"),
        "{said}"
    );
    // A folder that holds no export says so.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let verify = common::prism().arg("verify").arg(&empty).output().unwrap();
    assert_eq!(verify.status.code(), Some(2));
    let said = String::from_utf8_lossy(&verify.stderr);
    assert!(
        said.contains("not a Prism export (it has no manifest.json)"),
        "{said}"
    );
    // Exporting into it again needs --resume or --overwrite, like any other export's folder.
    let again = export(&["projects/invoice.ron"], &out, &[]);
    assert_eq!(again.status.code(), Some(2));
    // Resuming with other options is refused, naming what differs.
    let other = export(
        &["projects/invoice.ron", "--resume", "--channels", "sms"],
        &out,
        &[],
    );
    assert_eq!(other.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&other.stderr).contains("other channels"));
    let resumed = export(
        &["projects/invoice.ron", "--resume", "--print-merged"],
        &out,
        &[],
    );
    ok(&resumed);
    assert!(!out.join(INCOMPLETE_MARKER).exists());
    let verify = common::prism().arg("verify").arg(&out).output().unwrap();
    assert_eq!(
        verify.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
}

#[test]
fn source_date_epoch_makes_two_runs_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for out in [&a, &b] {
        ok(&export(
            &["projects/invoice.ron", "--print-merged"],
            out,
            &PINNED,
        ));
    }
    assert_same_folders(&a, &b, "two pinned runs");
    let fa = files(&a);
    assert!(fa.keys().any(|k| k.ends_with(".eml")) && fa.contains_key("letters.pdf"));
    let eml = fa.iter().find(|(k, _)| k.ends_with(".eml")).unwrap().1;
    let text = String::from_utf8_lossy(eml);
    assert!(
        text.contains("Date: Thu, 01 Jan 2026 00:00:00 +0000"),
        "{text:.400}"
    );
    let routing = String::from_utf8_lossy(&fa["routing.csv"]).into_owned();
    assert!(routing.contains(",2026-01-01T00:00:00Z,"), "{routing}");
}

#[test]
fn one_thread_and_four_write_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (project, data) = audience(dir.path(), 200);
    let mut folders = Vec::new();
    for threads in ["1", "4"] {
        let out = dir.path().join(format!("threads-{threads}"));
        let args = [
            project.to_str().unwrap(),
            "--data",
            data.to_str().unwrap(),
            "--print-merged",
            "--threads",
            threads,
        ];
        ok(&export(&args, &out, &PINNED));
        folders.push(out);
    }
    assert!(files(&folders[0]).len() > 50);
    assert_same_folders(&folders[0], &folders[1], "1 and 4 threads");
}

#[test]
fn a_parallel_export_stops_when_cancelled_and_leaves_its_marker() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let result = cancelled(&out, 4, 2);
    assert!(
        matches!(result, Err(export::ExportError::Cancelled { done: 2 })),
        "{:?}",
        result.err()
    );
    assert!(out.join(INCOMPLETE_MARKER).exists());
}

/// A small random number generator (xorshift), seeded from the clock: each run kills at
/// other moments, and a failure names its seed.
struct Moments(u64);

impl Moments {
    fn next_below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

#[test]
fn an_export_killed_at_random_moments_and_resumed_each_time_ends_as_if_never_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let (project, data) = audience(dir.path(), 400);
    let base = [
        project.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
        "--print-merged",
        "--threads",
        "2",
    ];
    let whole = dir.path().join("whole");
    let started = std::time::Instant::now();
    ok(&export(&base, &whole, &PINNED));
    let full_ms = started.elapsed().as_millis() as u64;
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let mut moments = Moments(seed);
    let out = dir.path().join("killed");
    let mut killed = 0;
    for _ in 0..100 {
        let mut cmd = common::prism();
        cmd.arg("export")
            .args(base)
            .arg("--out")
            .arg(&out)
            .current_dir(common::root());
        cmd.envs(PINNED)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        // Continue the killed export; one that got to finish is started again from scratch.
        if out.join(INCOMPLETE_MARKER).exists() {
            cmd.arg("--resume");
        } else if out.exists() {
            cmd.arg("--overwrite");
        }
        let mut child = cmd.spawn().unwrap();
        // Anywhere from the start to half a whole run (resuming takes part of it again).
        std::thread::sleep(std::time::Duration::from_millis(
            moments.next_below(full_ms / 2),
        ));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            killed += 1;
        }
        child.wait().unwrap();
        if killed == 20 {
            break;
        }
    }
    assert!(
        killed >= 20,
        "only {killed} runs were still running when killed (seed {seed})"
    );
    if out.join(INCOMPLETE_MARKER).exists() {
        ok(&export(&[&base[..], &["--resume"]].concat(), &out, &PINNED));
    }
    assert_same_folders(
        &whole,
        &out,
        &format!("killed {killed} times and resumed (seed {seed})"),
    );
}

#[test]
fn shards_merged_equal_one_machine_export_and_bad_sets_of_shards_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (project, data) = audience(dir.path(), 300);
    let base = [
        project.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
        "--print-merged",
    ];
    let whole = dir.path().join("whole");
    ok(&export(&base, &whole, &PINNED));
    let shard = |i: usize, n: usize, envs: &[(&str, &str)]| {
        let out = dir.path().join(format!("shard-{i}-of-{n}-{}", envs[0].1));
        ok(&export(
            &[&base[..], &["--shard", &format!("{i}/{n}")]].concat(),
            &out,
            envs,
        ));
        out
    };
    let shards: Vec<PathBuf> = (0..3).map(|i| shard(i, 3, &PINNED)).collect();
    let merge = |dirs: &[&PathBuf], out: &str| {
        common::prism()
            .arg("merge")
            .args(dirs)
            .arg("--out")
            .arg(dir.path().join(out))
            .output()
            .unwrap()
    };
    // In any order.
    let merged = merge(&[&shards[2], &shards[0], &shards[1]], "merged");
    assert_eq!(
        merged.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&merged.stderr)
    );
    assert_same_folders(&whole, &dir.path().join("merged"), "merged shards");
    let refused = |dirs: &[&PathBuf], why: &str| {
        let r = merge(dirs, "refused");
        let said = String::from_utf8_lossy(&r.stderr).into_owned();
        assert!(
            r.status.code() != Some(0) && said.contains(why),
            "{why}: {said}"
        );
    };
    refused(&[&shards[0], &shards[1]], "shard 2/3 is missing");
    refused(&[&shards[0], &shards[1], &shards[1]], "given twice");
    let of_four = shard(0, 4, &PINNED);
    refused(&[&shards[1], &shards[2], &of_four], "shard 0/4");
    let other_time = shard(0, 3, &[("SOURCE_DATE_EPOCH", "1767225601")]);
    refused(
        &[&other_time, &shards[1], &shards[2]],
        "other export settings",
    );
    // Each record is in exactly one shard.
    let lines = |d: &Path| {
        std::fs::read_to_string(d.join("manifest.jsonl"))
            .unwrap()
            .lines()
            .count()
    };
    assert_eq!(shards.iter().map(|d| lines(d)).sum::<usize>(), 300);
    assert!(
        shards.iter().all(|d| lines(d) > 50),
        "shards are roughly even"
    );
}

#[test]
fn mbox_batches_are_read_by_python_mailbox() {
    let dir = tempfile::tempdir().unwrap();
    let (project, data) = audience(dir.path(), 200);
    let base = [
        project.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
        "--channels",
        "email",
    ];
    let (files_out, mbox_out) = (dir.path().join("files"), dir.path().join("mbox"));
    ok(&export(&base, &files_out, &PINNED));
    ok(&export(
        &[&base[..], &["--email-format", "mbox"]].concat(),
        &mbox_out,
        &PINNED,
    ));
    let emls: BTreeMap<String, Vec<u8>> = files(&files_out)
        .into_iter()
        .filter(|(k, _)| k.ends_with(".eml"))
        .collect();
    assert!(emls.len() > 20, "{} emails", emls.len());
    // Python reads every message; each is the .eml of the same record, but for line ends.
    let script = r#"
import mailbox, sys, json
out = []
for m in mailbox.mbox(sys.argv[1]):
    out.append([m['Message-ID'], m.get_content_type(), len(m.as_bytes())])
print(json.dumps(out))
"#;
    let run = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(mbox_out.join("email/000.mbox"))
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let read: Vec<(String, String, usize)> = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(read.len(), emls.len());
    let ids: Vec<String> = emls
        .values()
        .map(|b| {
            let text = String::from_utf8_lossy(b);
            let line = text
                .lines()
                .find(|l| l.starts_with("Message-ID: "))
                .unwrap()
                .to_owned();
            line["Message-ID: ".len()..].to_owned()
        })
        .collect();
    let mut got: Vec<String> = read.iter().map(|r| r.0.clone()).collect();
    let mut want = ids;
    got.sort();
    want.sort();
    assert_eq!(got, want);
    assert!(
        read.iter()
            .all(|r| r.1 == "multipart/related" || r.1 == "multipart/alternative"),
        "{read:?}"
    );
    let verify = common::prism()
        .arg("verify")
        .arg(&mbox_out)
        .output()
        .unwrap();
    assert_eq!(
        verify.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
    // A changed message is caught.
    let path = mbox_out.join("email/000.mbox");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replacen("Subject: ", "Subject: X", 1);
    std::fs::write(&path, text).unwrap();
    let verify = common::prism()
        .arg("verify")
        .arg(&mbox_out)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&verify.stdout);
    assert!(
        verify.status.code() != Some(0) && said.contains("email/000.mbox message 1"),
        "{said}"
    );
}

#[test]
fn one_bad_record_never_stops_a_run() {
    let dir = tempfile::tempdir().unwrap();
    let project = common::project_copy(dir.path(), "invoice.ron");
    let data = project.with_file_name("mixed.jsonl");
    let good = std::fs::read_to_string(common::root().join("projects/customers.json")).unwrap();
    let records: Vec<serde_json::Value> = match serde_json::from_str(&good).unwrap() {
        serde_json::Value::Array(a) => a,
        serde_json::Value::Object(mut m) => {
            serde_json::from_value(m.remove("records").unwrap()).unwrap()
        }
        _ => unreachable!(),
    };
    let mut text = String::new();
    for (i, r) in records.iter().enumerate() {
        text.push_str(&serde_json::to_string(r).unwrap());
        text.push('\n');
        if i == 1 {
            text.push_str("{\"broken\": \n");
            text.push_str("{\"no_id_here\": 1}\n");
        }
    }
    std::fs::write(&data, text).unwrap();
    let out = dir.path().join("out");
    let run = export(
        &[project.to_str().unwrap(), "--data", data.to_str().unwrap()],
        &out,
        &PINNED,
    );
    assert_eq!(
        run.status.code(),
        Some(1),
        "errors, but the run finished: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let entries = std::fs::read_to_string(out.join("manifest.jsonl")).unwrap();
    assert_eq!(entries.lines().count(), records.len() + 2);
    let report = std::fs::read_to_string(out.join("report.txt")).unwrap();
    assert!(
        report.contains("mixed.jsonl:3:") && report.contains("line 4"),
        "{report}"
    );
    assert!(!out.join(INCOMPLETE_MARKER).exists());
}

#[test]
fn a_log_gets_a_progress_line_every_five_seconds_and_one_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let started = std::time::Instant::now();
    // stderr is a pipe here, as in a log file.
    let ran = export(
        &[
            "projects/welcome.ron",
            "--data",
            "projects/audience-10k.json",
            "--channels",
            "sms,chat",
        ],
        &out,
        &[],
    );
    let secs = started.elapsed().as_secs_f64();
    let said = String::from_utf8_lossy(&ran.stderr);
    let lines: Vec<&str> = said
        .lines()
        .filter(|l| l.starts_with("exported "))
        .collect();
    assert!(
        lines.len() as f64 <= 1.0 + secs / 5.0,
        "{} lines in {secs:.1} s:\n{said}",
        lines.len()
    );
    let last = lines.last().unwrap();
    assert!(last.starts_with("exported 10000 records in "), "{said}");
    // One record is one record.
    let one = dir.path().join("one.json");
    let records: Vec<serde_json::Value> = serde_json::from_slice(
        &std::fs::read(common::root().join("projects/customers.json")).unwrap(),
    )
    .unwrap();
    std::fs::write(&one, serde_json::to_vec(&records[..1]).unwrap()).unwrap();
    let ran = export(
        &["projects/welcome.ron", "--data", one.to_str().unwrap()],
        &dir.path().join("out-one"),
        &[],
    );
    let said = String::from_utf8_lossy(&ran.stderr);
    assert!(said.contains("exported 1 record in "), "{said}");
}
