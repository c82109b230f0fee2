//! Review signatures are SSH signatures OpenSSH itself accepts: Prism's keys and signatures
//! checked by `ssh-keygen -Y verify` against an `allowed_signers` file, keys made by
//! `ssh-keygen` used by Prism, and every kind of forgery refused with its reason.

use prism::review::{Identity, NAMESPACE, Refusal, verify};
use std::path::Path;
use std::process::{Command, Stdio};

/// `ssh-keygen -Y verify`: whether OpenSSH accepts `sig` over `message` by `principal`.
fn openssh_accepts(dir: &Path, allowed: &str, principal: &str, message: &[u8], sig: &str) -> bool {
    std::fs::write(dir.join("allowed_signers"), allowed).unwrap();
    std::fs::write(dir.join("entry.sig"), sig).unwrap();
    let mut child = Command::new("ssh-keygen")
        .args(["-Y", "verify", "-n", NAMESPACE, "-I", principal, "-f"])
        .arg(dir.join("allowed_signers"))
        .arg("-s")
        .arg(dir.join("entry.sig"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ssh-keygen (openssh-client; tests/run.sh installs it)");
    use std::io::Write;
    child.stdin.take().unwrap().write_all(message).unwrap();
    let out = child.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    out.status.success() && said.contains("Good \"prism-approval\" signature")
}

#[test]
fn prism_signatures_verify_with_openssh_and_forgeries_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let rita = Identity::create(
        "Rita Reviewer",
        "rita@lumina.example",
        &dir.path().join("rita"),
    )
    .unwrap();
    let max =
        Identity::create("Max Author", "max@lumina.example", &dir.path().join("max")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("rita/prism_ed25519"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(
            mode & 0o777,
            0o600,
            "the private key is readable by its owner only"
        );
    }
    let allowed = format!("{}\n", rita.allowed_signers_line());
    let entry = b"approve prism-content-v1 3f2a... by rita@lumina.example at 2026-11-25T10:00:00Z";
    let sig = rita.sign(entry).unwrap();
    assert!(openssh_accepts(
        dir.path(),
        &allowed,
        "rita@lumina.example",
        entry,
        &sig
    ));
    assert_eq!(verify(&allowed, "rita@lumina.example", entry, &sig), Ok(()));

    // A changed entry: OpenSSH and Prism both refuse it.
    let changed =
        b"approve prism-content-v1 0000... by rita@lumina.example at 2026-11-25T10:00:00Z";
    assert!(!openssh_accepts(
        dir.path(),
        &allowed,
        "rita@lumina.example",
        changed,
        &sig
    ));
    assert_eq!(
        verify(&allowed, "rita@lumina.example", changed, &sig),
        Err(Refusal::Mismatch)
    );
    // Someone not listed.
    let by_max = max.sign(entry).unwrap();
    assert!(!openssh_accepts(
        dir.path(),
        &allowed,
        "max@lumina.example",
        entry,
        &by_max
    ));
    assert_eq!(
        verify(&allowed, "max@lumina.example", entry, &by_max),
        Err(Refusal::NotListed("max@lumina.example".into()))
    );
    // Max's signature passed off as Rita's.
    assert!(!openssh_accepts(
        dir.path(),
        &allowed,
        "rita@lumina.example",
        entry,
        &by_max
    ));
    assert_eq!(
        verify(&allowed, "rita@lumina.example", entry, &by_max),
        Err(Refusal::OtherKey("rita@lumina.example".into()))
    );
    // Not a signature at all.
    assert!(matches!(
        verify(&allowed, "rita@lumina.example", entry, "garbage"),
        Err(Refusal::Malformed(_))
    ));
}

#[test]
fn keys_made_by_ssh_keygen_are_used_and_others_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let keygen = |args: &[&str]| {
        let ok = Command::new("ssh-keygen")
            .args(args)
            .stdout(Stdio::null())
            .status()
            .unwrap()
            .success();
        assert!(ok, "ssh-keygen {args:?}");
    };
    let ed = dir.path().join("id_ed25519");
    keygen(&[
        "-q",
        "-t",
        "ed25519",
        "-N",
        "",
        "-C",
        "ops@lumina.example",
        "-f",
        ed.to_str().unwrap(),
    ]);
    let ops = Identity::load(&ed, "Olga Ops", "ops@lumina.example").unwrap();
    let public = std::fs::read_to_string(ed.with_extension("pub")).unwrap();
    assert_eq!(ops.public_key().split(' ').nth(1), public.split(' ').nth(1));
    let allowed = format!("{}\n", ops.allowed_signers_line());
    let entry = b"comment on summary";
    let sig = ops.sign(entry).unwrap();
    assert!(openssh_accepts(
        dir.path(),
        &allowed,
        "ops@lumina.example",
        entry,
        &sig
    ));

    let locked = dir.path().join("id_locked");
    keygen(&[
        "-q",
        "-t",
        "ed25519",
        "-N",
        "secret phrase",
        "-f",
        locked.to_str().unwrap(),
    ]);
    let e = Identity::load(&locked, "L", "l@x").err().expect("refused");
    assert!(e.to_string().contains("passphrase"), "{e}");

    let rsa = dir.path().join("id_rsa");
    keygen(&[
        "-q",
        "-t",
        "rsa",
        "-b",
        "2048",
        "-N",
        "",
        "-f",
        rsa.to_str().unwrap(),
    ]);
    let e = Identity::load(&rsa, "R", "r@x").err().expect("refused");
    assert!(e.to_string().contains("Ed25519"), "{e}");
}
