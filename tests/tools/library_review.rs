//! The library's own review, from the command line and checked by tools we did not write:
//! Legal approves a snippet through `prism review`, OpenSSH verifies the signatures, a
//! project that requires approved snippets is refused at export until they are, the
//! manifest names the versions, `library where-used` names what a change made stale, and a
//! Python oracle recomputes which projects' hashes a library file moves.

use crate::common;
use prism::model::ReviewEntry;
use std::path::{Path, PathBuf};

fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = common::prism()
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), said)
}

/// Makes Max's and Rita's keys under `dir` and lists both in the projects' and the
/// library's reviewers files; returns the key of each.
fn reviewers(dir: &Path) -> impl Fn(&str) -> String {
    let key = |who: &str| dir.join("keys").join(who).join("prism_ed25519");
    let mut lines = String::new();
    for (who, name) in [("max", "Max Author"), ("rita", "Rita Legal")] {
        let email = format!("{who}@lumina.example");
        let k = key(who).display().to_string();
        let (code, said) = run(
            dir,
            &[
                "review", "init", "--name", name, "--email", &email, "--key", &k,
            ],
        );
        assert_eq!(code, Some(0), "{said}");
        lines.push_str(said.lines().next().unwrap());
        lines.push('\n');
    }
    std::fs::write(dir.join("projects/reviewers"), &lines).unwrap();
    std::fs::write(dir.join("projects/library/reviewers"), &lines).unwrap();
    let dir = dir.to_path_buf();
    move |who: &str| {
        dir.join("keys")
            .join(who)
            .join("prism_ed25519")
            .display()
            .to_string()
    }
}

fn log(file: &Path) -> Vec<ReviewEntry> {
    let path = prism::review::log::path_for(file);
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn legal_approves_a_snippet_and_exports_require_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    common::project_copy(d, "welcome.ron");
    let key = reviewers(d);
    let imprint = PathBuf::from("projects/library/snippets/imprint.ron");
    let snippet = imprint.to_str().unwrap();

    // Max submits the imprint; he cannot approve his own change, and the refusal leaves
    // no trace; Rita can.
    let (code, said) = run(d, &["review", "submit", "--key", &key("max"), snippet]);
    assert_eq!(code, Some(0), "{said}");
    let (code, said) = run(d, &["review", "approve", "--key", &key("max"), snippet]);
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains("refused, nothing was recorded"), "{said}");
    assert_eq!(log(&d.join(&imprint)).len(), 1);
    let (code, said) = run(d, &["review", "approve", "--key", &key("rita"), snippet]);
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains("Approved by Rita Legal"), "{said}");
    let copies = std::fs::read_dir(d.join("projects/library/snippets/imprint.approved")).unwrap();
    assert_eq!(copies.count(), 1, "the approved bytes are kept");

    // OpenSSH verifies every signature of the snippet's log against the library's list.
    let allowed = d.join("projects/library/reviewers");
    for e in log(&d.join(&imprint)) {
        assert!(
            crate::review_history::ssh_keygen_verifies(&allowed, d, &e),
            "{e:?}"
        );
    }
    let (_, said) = run(d, &["library", "status", "projects", "--json"]);
    let rows: serde_json::Value = serde_json::from_str(&said).unwrap();
    let row = |name: &str| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == name)
            .unwrap()
            .clone()
    };
    assert!(
        row("imprint")["state"]
            .as_str()
            .unwrap()
            .starts_with("Approved by Rita Legal")
    );
    assert_eq!(row("contact")["state"], "Draft");
    assert_eq!(row("imprint")["used_by"], 2);

    // The welcome message requires approved snippets; approved itself, it is still refused
    // while a snippet it uses is not, and the refusal names it.
    let welcome = d.join("projects/welcome.ron");
    let text = std::fs::read_to_string(&welcome).unwrap().replace(
        "    language: \"de\",\n",
        "    language: \"de\",\n    require_approved_snippets: true,\n",
    );
    std::fs::write(&welcome, text).unwrap();
    for (who, act) in [("max", "submit"), ("rita", "approve")] {
        let (code, said) = run(
            d,
            &["review", act, "--key", &key(who), "projects/welcome.ron"],
        );
        assert_eq!(code, Some(0), "{said}");
    }
    let export = |out: &str| {
        run(
            d,
            &[
                "export",
                "projects/welcome.ron",
                "--require-approved",
                "--out",
                out,
            ],
        )
    };
    let (code, said) = export("out1");
    assert_eq!(code, Some(1), "{said}");
    assert!(
        said.contains("snippet “contact”") || said.contains("brand “lumina”"),
        "{said}"
    );
    assert!(!d.join("out1/manifest.json").exists());
    for file in [
        "projects/library/brands/lumina.ron",
        "projects/library/snippets/contact.ron",
        "projects/library/snippets/unsubscribe.ron",
    ] {
        for (who, act) in [("max", "submit"), ("rita", "approve")] {
            let (code, said) = run(d, &["review", act, "--key", &key(who), file]);
            assert_eq!(code, Some(0), "{file}: {said}");
        }
    }
    let (code, said) = export("out2");
    assert_eq!(code, Some(0), "{said}");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join("out2/manifest.json")).unwrap()).unwrap();
    let library = manifest["library"].as_array().unwrap();
    assert_eq!(library.len(), 4, "{library:?}");
    for l in library {
        let name = l["name"].as_str().unwrap();
        let folder = if l["kind"] == "brand" {
            "brands"
        } else {
            "snippets"
        };
        let bytes = std::fs::read(d.join(format!("projects/library/{folder}/{name}.ron"))).unwrap();
        assert_eq!(l["sha256"], prism::digest::sha256_hex(&bytes), "{name}");
        assert_eq!(l["approvals"][0]["by"], "rita@lumina.example", "{name}");
    }
    let (code, said) = run(d, &["verify", "out2"]);
    assert_eq!(code, Some(0), "{said}");
    // A library approval the manifest names but the signed log does not hold is caught.
    let path = d.join("out2/manifest.json");
    let mut forged = manifest.clone();
    forged["library"][0]["approvals"][0]["by"] = serde_json::json!("max@lumina.example");
    std::fs::write(&path, serde_json::to_vec_pretty(&forged).unwrap()).unwrap();
    let (code, said) = run(d, &["verify", "out2"]);
    assert_eq!(code, Some(1), "{said}");
    assert!(
        said.contains("the approvals it names are not those its signed log holds"),
        "{said}"
    );
    // A manifest that names other library bytes than the approved version's is caught.
    let mut tampered = manifest.clone();
    tampered["library"][1]["sha256"] = serde_json::json!("0".repeat(64));
    std::fs::write(&path, serde_json::to_vec_pretty(&tampered).unwrap()).unwrap();
    let (code, said) = run(d, &["verify", "out2"]);
    assert_eq!(code, Some(1), "{said}");
    assert!(
        said.contains("library files are not those of the approved version"),
        "{said}"
    );
    // The proof pack's cover names each library file with its bytes and state.
    let (code, said) = run(d, &["proof", "projects/welcome.ron", "--out", "proof.pdf"]);
    assert_eq!(code, Some(0), "{said}");
    let cover = common::run_ok(
        std::process::Command::new("pdftotext")
            .args(["-l", "1"])
            .arg(d.join("proof.pdf"))
            .arg("-"),
    );
    for l in library {
        let sha = l["sha256"].as_str().unwrap();
        let line = format!(
            "“{}”: bytes {}…, Approved by Rita Legal",
            l["name"].as_str().unwrap(),
            &sha[..16]
        );
        assert!(cover.contains(&line), "{line} not on the cover:\n{cover}");
    }

    // Legal changes a sentence of the imprint: both messages that use it say so, the
    // approved one as stale because of it.
    let path = d.join(&imprint);
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("Amtsgericht Köln", "AG Köln");
    std::fs::write(&path, text).unwrap();
    let (code, said) = run(d, &["library", "where-used", "imprint", "projects"]);
    assert_eq!(code, Some(0), "{said}");
    let line = |p: &str| {
        said.lines()
            .find(|l| l.contains(p))
            .unwrap_or_default()
            .to_owned()
    };
    assert!(
        line("welcome.ron").ends_with("stale because of this snippet"),
        "{said}"
    );
    assert!(line("invoice.ron").ends_with("draft"), "{said}");
    let (code, said) = export("out3");
    assert_eq!(code, Some(1), "{said}");
}

#[test]
fn a_python_oracle_agrees_which_projects_a_library_file_moves() {
    let dir = tempfile::tempdir().unwrap();
    common::project_copy(dir.path(), "welcome.ron");
    let out = std::process::Command::new("python3")
        .arg(common::root().join("tests/tools/library_hash.py"))
        .arg(env!("CARGO_BIN_EXE_prism"))
        .arg(dir.path().join("projects"))
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("pairs agree"), "{said}");
}
