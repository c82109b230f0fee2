//! The command examples of the README and the user guide work as written: every line of their
//! ```sh blocks runs, in reading order (the README, then the guide's pages in the order of
//! docs/SUMMARY.md), in a scratch copy of the repository's projects and assets, with `prism`
//! on the PATH and a home folder of its own. A line expects exit 0 unless its comment says
//! `exit N`; a comment line `# => TEXT` right after a command is what it prints. The few lines
//! that cannot run here are listed below with the reason, and each must still be there.
//! Every picture they show is one `docs/screenshots.sh` makes (tests/run.sh runs the script),
//! with no picture in docs/ that none shows; and every link between them leads to a file.

use crate::common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// Lines not run here, by how they start, and why.
const NOT_RUN: &[(&str, &str)] = &[
    (
        "cargo run --release",
        "builds the release binary and opens the window; the same commands run below as `prism …`",
    ),
    ("tests/run.sh", "the test suite this test is part of"),
    (
        "PRISM_SMTP_PASSWORD=",
        "needs your mail server; tests/tools/send.rs sends to aiosmtpd on 127.0.0.1",
    ),
];

/// Longest a single example may take before it counts as hanging.
const LINE_TIMEOUT: Duration = Duration::from_secs(300);

/// The README and the guide's pages, in reading order: (path from the root, text).
fn documents(root: &Path) -> Vec<(String, String)> {
    let read = |p: &str| std::fs::read_to_string(root.join(p)).unwrap();
    let summary = read("docs/SUMMARY.md");
    let mut out = vec![("README.md".to_owned(), read("README.md"))];
    for page in summary
        .split("](")
        .skip(1)
        .filter_map(|r| r.split(')').next())
    {
        let path = format!("docs/{page}");
        out.push((path.clone(), read(&path)));
    }
    out
}

/// One command of the README or the guide: the shell line, where it is, and what it should do.
#[derive(Debug)]
struct Example {
    file: String,
    line: usize,
    command: String,
    exit: i32,
    prints: Option<String>,
}

/// The ```sh blocks' commands: continuation lines joined, comment lines dropped.
fn examples(readme: &str) -> Vec<Example> {
    let mut out: Vec<Example> = Vec::new();
    let mut in_sh = false;
    let mut pending: Option<(usize, String)> = None;
    for (i, raw) in readme.lines().enumerate() {
        let n = i + 1;
        if raw.starts_with("```") {
            in_sh = raw.trim() == "```sh";
            continue;
        }
        if !in_sh {
            continue;
        }
        let trimmed = raw.trim();
        if let Some(expected) = trimmed.strip_prefix("# => ") {
            let last = out.last_mut().expect("`# =>` follows a command");
            last.prints = Some(expected.to_owned());
            continue;
        }
        if pending.is_none() && (trimmed.is_empty() || trimmed.starts_with('#')) {
            continue;
        }
        let (start, mut text) = pending.take().unwrap_or((n, String::new()));
        if let Some(head) = raw.strip_suffix('\\') {
            text.push_str(head);
            pending = Some((start, text));
            continue;
        }
        text.push_str(raw);
        // "exit N" in the line's own comment (two spaces, then #).
        let exit = text
            .split_once("  #")
            .and_then(|(_, comment)| {
                let after = comment.split("exit ").nth(1)?;
                after
                    .split(|c: char| !c.is_ascii_digit())
                    .next()?
                    .parse()
                    .ok()
            })
            .unwrap_or(0);
        out.push(Example {
            file: String::new(),
            line: start,
            command: text,
            exit,
            prints: None,
        });
    }
    out
}

/// Runs `command` in bash in `dir`; its exit code and what it printed, or `None` when it
/// did not finish in time (it is killed).
fn run(dir: &Path, home: &Path, command: &str) -> Option<(i32, String, String)> {
    let bin = Path::new(env!("CARGO_BIN_EXE_prism")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut child = Command::new("bash")
        .args(["-c", command])
        .current_dir(dir)
        .env("PATH", path)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env_remove("SOURCE_DATE_EPOCH")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    // Drain the pipes while waiting, so a talkative command cannot block on a full pipe.
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::Builder::new()
        .name("stdout".into())
        .spawn(move || {
            let mut s = String::new();
            std::io::Read::read_to_string(&mut stdout, &mut s).ok();
            s
        })
        .unwrap();
    let err = std::thread::Builder::new()
        .name("stderr".into())
        .spawn(move || {
            let mut s = String::new();
            std::io::Read::read_to_string(&mut stderr, &mut s).ok();
            s
        })
        .unwrap();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > LINE_TIMEOUT {
            child.kill().ok();
            child.wait().ok();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Some((
        status.code().unwrap_or(-1),
        out.join().unwrap(),
        err.join().unwrap(),
    ))
}

#[test]
fn the_readme_examples_are_read_as_written() {
    let readme = "intro\n```sh\nprism a --x \\\n  --y   # then exit 1\n# => out\n\n# note\nprism b\n```\n```text\nprism c\n```\n";
    let e = examples(readme);
    assert_eq!(e.len(), 2, "{e:?}");
    assert_eq!((e[0].line, e[0].exit), (3, 1));
    assert_eq!(e[0].command, "prism a --x   --y   # then exit 1");
    assert_eq!(e[0].prints.as_deref(), Some("out"));
    assert_eq!((e[1].line, e[1].exit, e[1].prints.as_deref()), (8, 0, None));
}

#[test]
fn every_command_in_the_readme_works_as_written() {
    let root = common::root();
    let mut all = Vec::new();
    for (file, text) in documents(&root) {
        all.extend(examples(&text).into_iter().map(|e| Example {
            file: file.clone(),
            ..e
        }));
    }
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path().join("prism");
    let home = scratch.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    for part in ["projects", "assets"] {
        common::copy_dir(&root.join(part), &dir.join(part));
    }
    for (start, why) in NOT_RUN {
        assert!(
            all.iter().any(|e| e.command.starts_with(start)),
            "`{start}` is no longer in the examples: remove it from NOT_RUN ({why})"
        );
    }
    let mut failures = Vec::new();
    let mut ran = 0;
    for e in &all {
        if NOT_RUN
            .iter()
            .any(|(start, _)| e.command.starts_with(start))
        {
            continue;
        }
        ran += 1;
        let started = std::time::Instant::now();
        let result = run(&dir, &home, &e.command);
        // Shown with --nocapture: which examples the test's time goes to.
        eprintln!("{}:{}: {:.1?}", e.file, e.line, started.elapsed());
        let Some((code, stdout, stderr)) = result else {
            failures.push(format!(
                "{}:{}: `{}` did not finish in {LINE_TIMEOUT:?}",
                e.file, e.line, e.command
            ));
            continue;
        };
        let tail = |s: &str| {
            let lines: Vec<&str> = s.lines().collect();
            lines[lines.len().saturating_sub(8)..].join("\n")
        };
        if code != e.exit {
            failures.push(format!(
                "{}:{}: `{}` exited {code}, the text says {}:\n{}\n{}",
                e.file,
                e.line,
                e.command,
                e.exit,
                tail(&stdout),
                tail(&stderr)
            ));
        }
        if let Some(expected) = &e.prints
            && stdout.trim_end() != expected
        {
            failures.push(format!(
                "{}:{}: `{}` printed {stdout:?}, the text shows {expected:?}",
                e.file, e.line, e.command
            ));
        }
    }
    assert!(ran >= 30, "only {ran} examples found");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_picture_in_the_readme_is_made_by_the_screenshot_script() {
    let root = common::root();
    let docs = documents(&root);
    let script = std::fs::read_to_string(root.join("docs/screenshots.sh")).unwrap();
    // The README names them `docs/X.png`, the guide's pages `../X.png`.
    let mut shown: Vec<&str> = docs
        .iter()
        .flat_map(|(_, text)| text.split("](").skip(1))
        .filter_map(|rest| rest.split(')').next())
        .filter_map(|link| link.strip_prefix("docs/").or(link.strip_prefix("../")))
        .filter(|name| name.ends_with(".png"))
        .collect();
    shown.sort();
    shown.dedup();
    // The script's own calls: `window NAME …`, `email NAME …`, `page NAME …`.
    let mut made: Vec<&str> = script
        .lines()
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            let verb = words.next()?;
            let name = words.next()?;
            (["window", "email", "page"].contains(&verb) && name.ends_with(".png")).then_some(name)
        })
        .collect();
    made.sort();
    assert_eq!(
        shown, made,
        "pictures in the README vs made by docs/screenshots.sh"
    );
    assert_eq!(shown.len(), 17);
    let mut in_docs: Vec<String> = std::fs::read_dir(root.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".png"))
        .collect();
    in_docs.sort();
    assert_eq!(
        in_docs, shown,
        "pictures in docs/ vs shown in the README and the guide"
    );
    let syntax = Command::new("bash")
        .args(["-n"])
        .arg(root.join("docs/screenshots.sh"))
        .output()
        .unwrap();
    assert!(
        syntax.status.success(),
        "{}",
        String::from_utf8_lossy(&syntax.stderr)
    );
}

#[test]
fn every_link_in_the_readme_the_guide_and_the_architecture_leads_to_a_file() {
    let root = common::root();
    let mut docs = documents(&root);
    docs.push((
        "ARCHITECTURE.md".into(),
        std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap(),
    ));
    docs.push((
        "docs/SUMMARY.md".into(),
        std::fs::read_to_string(root.join("docs/SUMMARY.md")).unwrap(),
    ));
    let mut broken = Vec::new();
    for (file, text) in &docs {
        let dir = root.join(file).parent().unwrap().to_path_buf();
        for link in text.split("](").skip(1).filter_map(|r| r.split(')').next()) {
            let target = link.split('#').next().unwrap_or("");
            if target.is_empty() || target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            if !dir.join(target).exists() {
                broken.push(format!("{file}: ({link})"));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "links that lead nowhere:\n{}",
        broken.join("\n")
    );
}

/// The README is the front door; the manual is the guide.
const MAX_README_LINES: usize = 200;

#[test]
fn the_readme_is_a_front_door_and_the_manual_is_the_guide() {
    let root = common::root();
    let docs = documents(&root);
    let readme_lines = docs[0].1.lines().count();
    assert!(
        readme_lines <= MAX_README_LINES,
        "README.md has {readme_lines} lines; the manual goes into docs/guide/"
    );
    // Every page of the guide is in its summary, and the README leads to each.
    let mut pages: Vec<String> = std::fs::read_dir(root.join("docs/guide"))
        .unwrap()
        .map(|e| format!("guide/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    pages.sort();
    let mut listed: Vec<String> = docs[1..]
        .iter()
        .map(|(p, _)| p.trim_start_matches("docs/").to_owned())
        .collect();
    listed.sort();
    assert_eq!(pages, listed, "docs/guide/ vs docs/SUMMARY.md");
    for page in listed.iter().filter(|p| !p.ends_with("index.md")) {
        assert!(
            docs[0].1.contains(&format!("(docs/{page})")),
            "the README does not lead to {page}"
        );
    }
}
