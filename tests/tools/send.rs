//! Test sends over a real SMTP server (Python's aiosmtpd on 127.0.0.1, started and stopped by
//! the test): the message that arrives is the exported `.eml` byte for byte, only the envelope
//! goes to the test address; a wrong port or password is a clear error, in bounded time.

use crate::common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// aiosmtpd (pinned) in a virtual environment under target/, made once.
fn python() -> PathBuf {
    let venv = common::root().join("target/smtp-venv");
    let python = venv.join("bin/python");
    if !python.exists() {
        let ok = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .expect("python3 (tests/run.sh installs it)")
            .success();
        assert!(ok, "python3 -m venv failed (Debian: python3-venv)");
    }
    let has = Command::new(&python)
        .args(["-c", "import aiosmtpd"])
        .status()
        .is_ok_and(|s| s.success());
    if !has {
        let ok = Command::new(&python)
            .args(["-m", "pip", "install", "--quiet", "aiosmtpd==1.4.6"])
            .status()
            .unwrap()
            .success();
        assert!(ok, "pip install aiosmtpd failed");
    }
    python
}

/// The running server; dropping it closes its input, which stops it, and waits for it.
struct Server {
    child: Child,
    port: u16,
    inbox: PathBuf,
}

impl Server {
    fn start(inbox: &Path) -> Server {
        let mut child = Command::new(python())
            .arg(common::root().join("tests/smtp_server.py"))
            .arg(inbox)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .strip_prefix("ready ")
            .and_then(|p| p.trim().parse().ok())
            .unwrap_or_else(|| panic!("the SMTP server did not start: {line:?}"));
        Server {
            child,
            port,
            inbox: inbox.to_path_buf(),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        #[expect(
            clippy::let_underscore_must_use,
            reason = "the server may have exited already"
        )]
        let _ = self.child.kill();
        #[expect(
            clippy::let_underscore_must_use,
            reason = "the server may have exited already"
        )]
        let _ = self.child.wait();
    }
}

fn send(url: &str, password: Option<&str>, save: &Path, timeout_s: u64) -> std::process::Output {
    let mut cmd = common::prism();
    cmd.args([
        "send-test",
        "projects/invoice.ron",
        "--record",
        "C-1002",
        "--to",
        "designer@prism.example",
        "--smtp",
        url,
    ])
    .args(["--timeout", &timeout_s.to_string()])
    .arg("--save")
    .arg(save)
    .current_dir(common::root())
    .env_remove("PRISM_SMTP_PASSWORD");
    if let Some(p) = password {
        cmd.env("PRISM_SMTP_PASSWORD", p);
    }
    cmd.output().unwrap()
}

/// Header lines (unfolded) and body of a message, line ends as `\n`.
fn split(message: &[u8]) -> (Vec<String>, String) {
    let text = String::from_utf8_lossy(message).replace("\r\n", "\n");
    let (head, body) = text.split_once("\n\n").unwrap();
    let mut headers: Vec<String> = Vec::new();
    for line in head.lines() {
        match headers.last_mut() {
            Some(last) if line.starts_with([' ', '\t']) => {
                last.push(' ');
                last.push_str(line.trim());
            }
            _ => headers.push(line.to_owned()),
        }
    }
    (headers, body.to_owned())
}

#[test]
fn a_test_send_arrives_as_exported_and_failures_are_clear_and_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&dir.path().join("inbox"));
    let url = format!("smtp://designer@127.0.0.1:{}", server.port);

    let saved = dir.path().join("sent.eml");
    let out = send(&url, Some("secret"), &saved, 10);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let received = std::fs::read(server.inbox.join("1.eml")).expect("the server received it");
    let rcpt = std::fs::read_to_string(server.inbox.join("1.rcpt")).unwrap();
    assert_eq!(rcpt, "designer@prism.example");
    let (sent_headers, sent_body) = split(&std::fs::read(&saved).unwrap());
    let (got_headers, got_body) = split(&received);
    // SMTP ends the data with a line break of its own.
    assert!(
        got_body.trim_end_matches('\n') == sent_body.trim_end_matches('\n'),
        "the body arrived changed ({} bytes sent, {} received)",
        sent_body.len(),
        got_body.len()
    );
    // aiosmtpd adds transport headers; every header that was sent arrives unchanged.
    for h in &sent_headers {
        assert!(
            got_headers.contains(h),
            "{h:?} is missing from {got_headers:?}"
        );
    }
    let extra: Vec<&String> = got_headers
        .iter()
        .filter(|h| !sent_headers.contains(h))
        .collect();
    assert!(
        extra.iter().all(|h| h.starts_with("X-Peer")
            || h.starts_with("X-MailFrom")
            || h.starts_with("X-RcptTo")
            || h.starts_with("Received")),
        "{extra:?}"
    );
    // The customer's address stays in To: the test shows what the customer gets.
    assert!(
        sent_headers
            .iter()
            .any(|h| h.starts_with("To:") && !h.contains("designer@prism.example"))
    );

    // A wrong password and a port where nothing listens: exit 2, a clear message, in time.
    let started = Instant::now();
    let out = send(&url, Some("wrong"), &saved, 5);
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(&format!("127.0.0.1:{}", server.port)) && !said.contains("wrong"),
        "{said}"
    );
    assert!(started.elapsed() < Duration::from_secs(10));

    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let started = Instant::now();
    let out = send(&format!("smtp://127.0.0.1:{port}"), None, &saved, 5);
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(said.contains(&format!("127.0.0.1:{port}")), "{said}");
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(!server.inbox.join("2.eml").exists(), "nothing else arrived");
}
