//! A project reads images only from its own folder and the assets folder beside it. A marker
//! image is put outside the project and every kind of path is pointed at it — absolute, `..`,
//! a symbolic link, and an SVG's own `<image>` reference (relative and absolute): its bytes
//! appear in no email and no PDF (poppler's `pdfimages` lists the PDFs' images), and the
//! report names the path. Devices and named pipes are refused without being read.

use crate::common;

use std::path::Path;

/// A 37 × 41 PNG, a size no sample image has.
fn marker_png() -> Vec<u8> {
    let mut pixmap = resvg::tiny_skia::Pixmap::new(37, 41).unwrap();
    pixmap.fill(resvg::tiny_skia::Color::from_rgba8(200, 20, 120, 255));
    pixmap.encode_png().unwrap()
}

fn base64_line(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(&bytes[..57])
}

/// A copy of invoice.ron in `dir/case` with `logo` as its logo.
fn export_with_logo(dir: &Path, case: &str, logo: &str) -> std::path::PathBuf {
    let project = common::project_copy(&dir.join(case), "invoice.ron");
    let text = common::own_brand(&std::fs::read_to_string(&project).unwrap(), logo);
    std::fs::write(&project, text).unwrap();
    project
}

fn run_export(project: &Path, out: &Path) -> String {
    let run = common::prism()
        .arg("export")
        .arg(project)
        .args(["--channels", "email,print", "--out"])
        .arg(out)
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(!said.contains("panicked"), "{said}");
    assert_ne!(run.status.code(), Some(2), "{said}");
    said + &std::fs::read_to_string(out.join("report.txt")).unwrap_or_default()
}

fn files_under(dir: &Path, ext: &str) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            found.extend(files_under(&p, ext));
        } else if ext.is_empty() || p.extension().is_some_and(|x| x == ext) {
            found.push(p);
        }
    }
    found
}

#[test]
fn no_path_leads_an_image_from_outside_the_project_into_an_output() {
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    let marker = marker_png();
    std::fs::write(outside.join("secret.png"), &marker).unwrap();
    let secret = outside.join("secret.png");
    let secret_abs = secret.to_str().unwrap().to_owned();
    let svg = |href: &str| {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"74\" height=\"82\">\
             <image href=\"{href}\" width=\"74\" height=\"82\"/></svg>"
        )
    };
    let cases: [(&str, &str, &str); 5] = [
        ("absolute", &secret_abs, "an absolute path"),
        (
            "dotdot",
            "../../outside/secret.png",
            "outside the project's folder",
        ),
        ("symlink", "link.png", "outside the project's folder"),
        ("svg-relative", "evil.svg", "outside the project's folder"),
        ("svg-absolute", "evil.svg", "an absolute path"),
    ];
    for (case, logo, why) in cases {
        let project = export_with_logo(dir.path(), case, logo);
        let projects = project.parent().unwrap();
        match case {
            "symlink" => std::os::unix::fs::symlink(&secret, projects.join("link.png")).unwrap(),
            "svg-relative" => {
                std::fs::write(projects.join("evil.svg"), svg("../../outside/secret.png")).unwrap()
            }
            "svg-absolute" => std::fs::write(projects.join("evil.svg"), svg(&secret_abs)).unwrap(),
            _ => {}
        }
        let out = dir.path().join(case).join("out");
        let said = run_export(&project, &out);
        assert!(said.contains(why), "{case}: the report says why: {said}");
        let named = if case.starts_with("svg") {
            "secret.png"
        } else {
            logo
        };
        assert!(
            said.contains(named),
            "{case}: the report names {named}: {said}"
        );
        // Refused, the image fails the record's email and letter (an error), and nothing
        // of it is in any file of the export, in raw bytes, base64 or a PDF image.
        assert!(
            out.join("manifest.json").exists(),
            "{case}: the export finished"
        );
        let line = base64_line(&marker);
        for file in files_under(&out, "") {
            let bytes = std::fs::read(&file).unwrap();
            let holds = bytes.windows(marker.len()).any(|w| w == marker.as_slice())
                || String::from_utf8_lossy(&bytes).contains(&line);
            assert!(!holds, "{case}: {} holds the marker", file.display());
        }
        for pdf in files_under(&out, "pdf") {
            let list = common::run_ok(
                std::process::Command::new("pdfimages")
                    .arg("-list")
                    .arg(&pdf),
            );
            let sizes: Vec<(u32, u32)> = list
                .lines()
                .skip(2)
                .filter_map(|l| {
                    let f: Vec<&str> = l.split_whitespace().collect();
                    Some((f.get(3)?.parse().ok()?, f.get(4)?.parse().ok()?))
                })
                .collect();
            assert!(
                !sizes.contains(&(37, 41)),
                "{case}: {} holds the marker: {list}",
                pdf.display()
            );
        }
    }
}

/// The control: the same image inside the project is embedded, so the checks above would
/// see it if it got through.
#[test]
fn the_same_image_inside_the_project_is_embedded() {
    let dir = tempfile::tempdir().unwrap();
    let marker = marker_png();
    let project = export_with_logo(dir.path(), "inside", "inside.svg");
    let projects = project.parent().unwrap();
    std::fs::write(projects.join("marker.png"), &marker).unwrap();
    std::fs::write(
        projects.join("inside.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"74\" height=\"82\">\
         <image href=\"marker.png\" width=\"74\" height=\"82\"/></svg>",
    )
    .unwrap();
    let out = dir.path().join("out");
    run_export(&project, &out);
    let pdfs = files_under(&out, "pdf");
    assert!(!pdfs.is_empty());
    let list = common::run_ok(
        std::process::Command::new("pdfimages")
            .arg("-list")
            .arg(&pdfs[0]),
    );
    assert!(list.contains("   37    41 "), "{list}");
}

#[test]
fn devices_pipes_and_folders_are_refused_without_being_read() {
    let dir = tempfile::tempdir().unwrap();
    let project = export_with_logo(dir.path(), "fifo", "pipe.png");
    let projects = project.parent().unwrap();
    common::run_ok(std::process::Command::new("mkfifo").arg(projects.join("pipe.png")));
    std::os::unix::fs::symlink("/dev/zero", projects.join("zero.png")).unwrap();
    std::fs::create_dir(projects.join("folder.png")).unwrap();
    for (logo, why) in [
        ("pipe.png", "a named pipe"),
        ("zero.png", "outside the project's folder"),
        ("folder.png", "a folder"),
    ] {
        let text = std::fs::read_to_string(&project).unwrap();
        let text = text
            .lines()
            .map(|l| {
                if l.trim_start().starts_with("logo: Some(") {
                    format!("    logo: Some({logo:?}),")
                } else {
                    l.to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        std::fs::write(&project, text).unwrap();
        let out = dir.path().join(format!("out-{logo}"));
        let started = std::time::Instant::now();
        let said = run_export(&project, &out);
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "{logo}: bounded time"
        );
        assert!(said.contains(why) && said.contains(logo), "{logo}: {said}");
    }
}

/// Hostile images from `tests/cases/images/` (and one made here, too big to keep as a file):
/// shown on every channel, each is refused alike on the email, the chat message and the
/// letter, with the same reason, or accepted alike; no internal path reaches an artefact.
#[test]
fn an_image_is_accepted_or_refused_alike_on_every_channel() {
    use prism::model::Channel;
    let dir = tempfile::tempdir().unwrap();
    let project = common::project_copy(dir.path(), "welcome.ron");
    let cases_dir = common::root().join("tests/cases/images");
    let mut cases: Vec<(String, Vec<u8>)> = std::fs::read_dir(&cases_dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    cases.sort();
    let many = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"40\">{}</svg>",
        "<g/>".repeat(400_000)
    );
    cases.push(("many-nodes.svg".into(), many.into_bytes()));
    let ws = prism::workspace::Workspace::open(&project, None).unwrap();
    for (name, bytes) in &cases {
        std::fs::write(project.with_file_name(name), bytes).unwrap();
        let started = std::time::Instant::now();
        let edited = common::with_hero(&ws, name);
        let r = edited.render(
            &edited.records[0],
            prism::model::ChannelSet::ALL,
            prism::render::email::ImageMode::Cid,
        );
        let asset_errors = |c: Channel| -> Vec<String> {
            let diags: Vec<&prism::diag::Diagnostic> = match c {
                Channel::Email => r.email.as_ref().unwrap().diagnostics.iter().collect(),
                Channel::Chat => r.chat.as_ref().unwrap().diagnostics.iter().collect(),
                _ => r.print.as_ref().unwrap().diagnostics.iter().collect(),
            };
            diags
                .into_iter()
                .filter(|d| {
                    d.code == prism::diag::Code::Asset && d.block.as_deref() == Some("hero")
                })
                .map(|d| d.message.clone())
                .collect()
        };
        let (email, chat, print) = (
            asset_errors(Channel::Email),
            asset_errors(Channel::Chat),
            asset_errors(Channel::Print),
        );
        // The kept cases are all refused; many nodes parse (in bounded time) and are shown.
        assert_eq!(
            email.is_empty(),
            name == "many-nodes.svg",
            "{name}: {email:?}"
        );
        assert_eq!(email, chat, "{name}: email and chat differ");
        assert_eq!(email, print, "{name}: email and letter differ");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "{name}: {:?}",
            started.elapsed()
        );
        // Exported, nothing on those channels carries the image or the path it names.
        let out = dir.path().join(format!("out-{name}"));
        let run = common::prism()
            .arg("export")
            .arg(&project)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert_ne!(
            run.status.code(),
            Some(2),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        for file in files_under(&out, "") {
            let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned();
            assert!(
                !text.contains("/etc/hostname")
                    || file.ends_with("report.txt")
                    || file.ends_with("manifest.jsonl"),
                "{name}: {} names the internal path",
                file.display()
            );
        }
    }
}
