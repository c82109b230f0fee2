//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every sample project in projects/.
pub fn sample_projects() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("projects"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    v.sort();
    assert!(v.len() >= 2, "the sample projects are missing");
    v
}

pub fn prism() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_prism"))
}

pub fn stem(p: &Path) -> String {
    p.file_stem().unwrap().to_string_lossy().into_owned()
}

/// The workspace again with `project` (after a test edited it): templates recompiled,
/// records, assets and the letter date kept.
pub fn with_project(
    ws: &prism::workspace::Workspace,
    project: prism::model::Project,
) -> prism::workspace::Workspace {
    let mut rebuilt = prism::workspace::Workspace::new(
        ws.path.clone(),
        String::new(),
        project,
        ws.records.clone(),
    );
    rebuilt.spoken = ws.spoken.clone();
    rebuilt
}

/// `prism route` of the welcome message over the 10,000 generated customers with the sample
/// suppression list, run in the repository.
pub fn route_sample_audience() -> std::process::Output {
    prism()
        .args([
            "route",
            "projects/welcome.ron",
            "--data",
            "projects/audience-10k.json",
            "--suppress",
            "projects/suppression.txt",
        ])
        .current_dir(root())
        .output()
        .unwrap()
}

/// Runs a tool that must succeed (poppler, qpdf) and returns what it printed.
pub fn run_ok(cmd: &mut std::process::Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{cmd:?}: {e} (tests/run.sh installs poppler-utils and qpdf)"));
    assert!(
        out.status.success(),
        "{cmd:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every sample project's records, each with its rendered email: (workspace, "stem id", email).
pub fn sample_emails(
    images: prism::render::email::ImageMode,
) -> Vec<(
    std::rc::Rc<prism::workspace::Workspace>,
    String,
    prism::render::email::Email,
)> {
    let mut out = Vec::new();
    for path in sample_projects() {
        let ws = std::rc::Rc::new(prism::workspace::Workspace::open(&path, None).unwrap());
        for record in &ws.records {
            let channels = prism::model::ChannelSet::of(&[prism::model::Channel::Email]);
            let rendered = ws.render(record, channels, images);
            let email = rendered.email.unwrap().artefact.unwrap();
            out.push((ws.clone(), format!("{} {}", stem(&path), record.id), email));
        }
    }
    out
}

/// HTML as the value of an iframe's `srcdoc` attribute.
pub fn srcdoc(html: &str) -> String {
    html.replace('&', "&amp;").replace('"', "&quot;")
}

/// Headless Chromium on a local page with `flags` (window size, `--dump-dom`, `--screenshot`…),
/// in a profile of its own; `shipped_fonts` gives it assets/fonts through fontconfig, as the
/// designer's preview uses them.
pub fn chromium(page: &Path, flags: &[String], shipped_fonts: bool) -> std::process::Output {
    let profile = tempfile::tempdir().unwrap();
    let mut cmd = std::process::Command::new("chromium");
    if shipped_fonts {
        let conf = profile.path().join("fonts.conf");
        std::fs::write(
            &conf,
            format!(
                "<?xml version=\"1.0\"?><!DOCTYPE fontconfig SYSTEM \"fonts.dtd\"><fontconfig><dir>{}</dir><include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include><cachedir>{}</cachedir></fontconfig>",
                root().join("assets/fonts").display(),
                profile.path().join("fc-cache").display()
            ),
        )
        .unwrap();
        cmd.env("FONTCONFIG_FILE", conf);
    }
    let out = cmd
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .args(flags)
        .arg(format!(
            "--user-data-dir={}",
            profile.path().join("profile").display()
        ))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium (tests/run.sh installs it)");
    assert!(
        out.status.success(),
        "chromium: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The text of the page's `<pre id="out">` once its scripts have run.
pub fn chromium_out(page: &Path, flags: &[&str], shipped_fonts: bool) -> String {
    let mut all: Vec<String> = vec![
        "--window-size=800,900".into(),
        "--virtual-time-budget=20000".into(),
        "--dump-dom".into(),
    ];
    all.extend(flags.iter().map(|f| f.to_string()));
    let out = chromium(page, &all, shipped_fonts);
    let dom = String::from_utf8_lossy(&out.stdout);
    dom.split("<pre id=\"out\">")
        .nth(1)
        .and_then(|r| r.split("</pre>").next())
        .unwrap_or_else(|| {
            panic!(
                "no result from chromium: {}",
                String::from_utf8_lossy(&out.stderr)
            )
        })
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// Installs an npm package (pinned `name@version`) under target/FOLDER once; returns the folder.
pub fn npm_package(folder: &str, spec: &str) -> PathBuf {
    let dir = root().join("target").join(folder);
    let name = spec.rsplit_once('@').map_or(spec, |(n, _)| n);
    if !dir.join("node_modules").join(name).exists() {
        std::fs::create_dir_all(&dir).unwrap();
        let status = std::process::Command::new("npm")
            .args([
                "install",
                "--silent",
                "--no-audit",
                "--no-fund",
                "--no-save",
                spec,
            ])
            .current_dir(&dir)
            .status()
            .expect("npm (Node.js; tests/run.sh installs it)");
        assert!(status.success(), "npm install {spec} failed");
    }
    dir
}

/// A sample project, every data file beside it and the shipped images, copied into `dir`
/// (`projects/` and `assets/images/`, as in the repository); returns the project file.
pub fn project_copy(dir: &Path, project: &str) -> PathBuf {
    for (from, to) in [("projects", "projects"), ("assets/images", "assets/images")] {
        std::fs::create_dir_all(dir.join(to)).unwrap();
        for entry in std::fs::read_dir(root().join(from)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, dir.join(to).join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    copy_dir(
        &root().join("projects/library"),
        &dir.join("projects/library"),
    );
    dir.join("projects").join(project)
}

/// The sample brand, written out in a project of its own with `logo` (relative to the
/// project) as its logo: `project` with `brand: "lumina"` replaced by it.
pub fn own_brand(project: &str, logo: &str) -> String {
    let brand = std::fs::read_to_string(root().join("projects/library/brands/lumina.ron")).unwrap();
    let start = brand.find("  brand: (").unwrap() + "  brand: ".len();
    let end = brand.rfind("),\n)").unwrap() + 1;
    let inline = brand[start..end].replace(
        "Some(\"../../../assets/images/logo.png\")",
        &format!("Some({logo:?})"),
    );
    assert!(project.contains("brand: \"lumina\""));
    project.replace("brand: \"lumina\"", &format!("brand: {inline}"))
}

/// Max (an author) and Rita (a reviewer) with keys under `dir`, and the text of a reviewers
/// file that lists both.
pub fn max_and_rita(dir: &Path) -> (prism::review::Identity, prism::review::Identity, String) {
    use prism::review::Identity;
    let max = Identity::create("Max Author", "max@lumina.example", &dir.join("max")).unwrap();
    let rita = Identity::create("Rita Reviewer", "rita@lumina.example", &dir.join("rita")).unwrap();
    let reviewers = format!(
        "{}\n{}\n",
        max.allowed_signers_line(),
        rita.allowed_signers_line()
    );
    (max, rita, reviewers)
}

/// `ws` with the welcome project's hero image replaced by `asset` and shown on every channel.
pub fn with_hero(ws: &prism::workspace::Workspace, asset: &str) -> prism::workspace::Workspace {
    let mut project = ws.project.clone();
    let hero = project
        .content
        .blocks
        .iter_mut()
        .find(|b| b.id == "hero")
        .expect("welcome.ron has a hero image");
    hero.channels = None;
    if let prism::model::BlockKind::Image { asset: a, .. } = &mut hero.kind {
        *a = asset.into();
    }
    with_project(ws, project)
}

/// Max submits the project's current content and Rita approves it (keeping the approved
/// snapshot beside it), signed at `at`; returns the content hash.
pub fn submit_and_approve(
    project: &Path,
    max: &prism::review::Identity,
    rita: &prism::review::Identity,
    at: &str,
) -> String {
    use prism::model::ReviewAction;
    use prism::review::Act;
    use prism::workspace::review::take;
    let mut ws = prism::workspace::Workspace::open(project, None).unwrap();
    take(&mut ws, max, Act::new(ReviewAction::Submit), at).unwrap();
    take(&mut ws, rita, Act::new(ReviewAction::Approve), at).unwrap();
    ws.review().0
}

/// Copies the folder `from` with everything in it to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let target = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &target);
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}
