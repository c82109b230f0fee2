//! Templating: errors point into the project file, links and table cells are checked. The
//! cases that are one template each (syntax errors, missing fields, hostile templates) are
//! files in `tests/cases/templates`, run by `template_cases.rs`.

use crate::common;

use prism::diag::Diagnostic;
use prism::model::{self, BlockKind, Project};
use prism::template::{Engine, ResolveOptions};
use prism::workspace::Workspace;

fn welcome() -> (Project, Workspace) {
    let path = common::root().join("projects/welcome.ron");
    let ws = Workspace::open(&path, None).unwrap();
    (ws.project.clone(), ws)
}

fn with_intro(text: &str) -> Project {
    let (mut p, _) = welcome();
    let intro = p
        .content
        .blocks
        .iter_mut()
        .find(|b| b.id == "intro")
        .unwrap();
    intro.kind = BlockKind::Text { text: text.into() };
    p
}

fn resolve(p: &Project) -> Vec<Diagnostic> {
    let (_, ws) = welcome();
    let engine = Engine::new(p);
    engine
        .resolve(&ws.records[0], ResolveOptions::default())
        .diagnostics
}

fn intro_diag(diags: &[Diagnostic]) -> &Diagnostic {
    diags
        .iter()
        .find(|d| d.block.as_deref() == Some("intro"))
        .unwrap_or_else(|| panic!("no diagnostic for intro in {diags:?}"))
}

#[test]
fn check_points_into_the_project_file() {
    let dir = tempfile::tempdir().unwrap();
    let src = std::fs::read_to_string(common::root().join("projects/welcome.ron")).unwrap();
    let broken = src.replace(
        "Willkommen bei Lumina Mobil, {{ first_name }}!\"),",
        "Willkommen, {{ first_name | nosuchfilter }}!\"),",
    );
    assert_ne!(broken, src);
    let path = dir.path().join("welcome.ron");
    std::fs::write(&path, &broken).unwrap();
    for data in ["customers.json", "customers-languages.json"] {
        std::fs::copy(
            common::root().join("projects").join(data),
            dir.path().join(data),
        )
        .unwrap();
    }
    let line = broken
        .lines()
        .position(|l| l.contains("nosuchfilter"))
        .unwrap()
        + 1;
    let out = common::prism().arg("check").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let expected = format!("{}:{line}:", path.display());
    assert!(
        stdout.lines().any(|l| l.starts_with(&expected)
            && l.contains("greeting")
            && l.contains("nosuchfilter")),
        "{stdout}"
    );
}

#[test]
fn unsafe_links_are_dropped_with_an_error() {
    let diags = resolve(&with_intro(
        "[klick](javascript:alert(1)) und [gut](https://example.org)",
    ));
    let d = intro_diag(&diags);
    assert_eq!(d.code.as_str(), "unsafe-link");
    assert!(d.message.contains("javascript:"), "{d}");
    let (_, ws) = welcome();
    let p = with_intro("[klick](javascript:alert(1))");
    let ws = common::with_project(&ws, p);
    let r = ws.render(
        &ws.records[0],
        prism::model::ChannelSet::ALL,
        prism::render::email::ImageMode::Cid,
    );
    let html = r.email.unwrap().artefact.unwrap().html;
    assert!(!html.contains("javascript:"));
    assert!(html.contains(">klick<"));
}

#[test]
fn project_round_trip_keeps_edits() {
    let p = with_intro("Neu: **fett**");
    let text = model::to_ron(&p).unwrap();
    let mut parsed = model::parse_project(&text, std::path::Path::new("x.ron")).unwrap();
    let library = model::library::Library::for_projects_in(&common::root().join("projects"));
    model::library::link(&mut parsed, &library);
    assert_eq!(parsed, p);
}

fn invoice() -> Workspace {
    Workspace::open(&common::root().join("projects/invoice.ron"), None).unwrap()
}

#[test]
fn table_cell_errors_point_at_their_column() {
    let ws = invoice();
    let mut p = ws.project.clone();
    let block = p
        .content
        .blocks
        .iter_mut()
        .find(|b| b.id == "items")
        .unwrap();
    if let BlockKind::Table { columns, .. } = &mut block.kind {
        columns[2].value = "{{ item.price | nosuchfilter }}".into();
    }
    let engine = Engine::new(&p);
    let diags = engine
        .resolve(&ws.records[0], ResolveOptions::default())
        .diagnostics;
    let d = diags
        .iter()
        .find(|d| d.block.as_deref() == Some("items"))
        .expect("a diagnostic for the table");
    assert_eq!(d.field.as_deref(), Some("column3.value"), "{d}");
    assert_eq!(d.pos.map(|p| (p.line, p.col)), Some((1, 17)), "{d}"); // where `nosuchfilter` starts
}

#[test]
fn cell_separators_in_values_do_not_split_cells() {
    let ws = invoice();
    let mut fields = ws.records[0].fields.clone();
    fields["invoice"]["items"][0]["name"] = "A\u{1f}B\u{1e}C".into();
    let record = model::Record::new("X".into(), "test".into(), fields);
    let msg = ws.engine.resolve(&record, ResolveOptions::default());
    let table = msg.blocks.iter().find_map(|b| match &b.content {
        prism::template::Resolved::Table(t) => Some(t),
        _ => None,
    });
    let t = table.unwrap();
    assert_eq!(t.rows.len(), 3);
    // Control characters (the separators among them) are dropped from customer values.
    assert_eq!(t.rows[0][0], "ABC");
    assert!(t.rows.iter().all(|r| r.len() == 4));
}
