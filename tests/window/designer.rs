//! The designer window driven through egui_kittest on the real app state: what a user types
//! and clicks, checked on the state and on the accessibility tree; one snapshot PNG of the
//! whole window per sample project (wgpu on a software adapter).

use crate::common;

use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::{Harness, SnapshotOptions};
use prism::app::Command;
use prism::app::edit::{Edit, TextField};
use prism::model::{BlockField, Channel, Kind};
use prism::ui::PrismApp;
use std::path::Path;
use std::time::Duration;

/// The date letters carry in tests, so that snapshots do not change with the calendar.
const LETTER_DATE: &str = "24. November 2026";

fn harness(project: &str, state: &Path) -> Harness<'static, PrismApp> {
    harness_at(&common::root().join("projects").join(project), state)
}

/// The window on the project file `path`, settled.
pub(crate) fn harness_at(path: &Path, state: &Path) -> Harness<'static, PrismApp> {
    harness_sized(path, state, egui::vec2(1600.0, 1000.0))
}

/// The window of `size` points on the project file `path`, settled.
fn harness_sized(path: &Path, state: &Path, size: egui::Vec2) -> Harness<'static, PrismApp> {
    let mut app = PrismApp::headless(path, state.into());
    app.designer.ws.spoken.set_letter_date(LETTER_DATE);
    app.designer.refresh();
    let mut h = Harness::builder()
        .with_size(size)
        .with_context_setup(prism::ui::install_fonts)
        .build_ui_state(|ui, app: &mut PrismApp| app.frame(ui), app);
    settle(&mut h);
    h
}

/// Runs frames until the letter preview shows the newest change and nothing moves.
pub(crate) fn settle(h: &mut Harness<'static, PrismApp>) {
    h.run();
    assert!(
        h.state_mut()
            .designer
            .wait_for_print(Duration::from_secs(20)),
        "the letter preview never caught up"
    );
    h.run();
}

/// What the email, SMS and chat previews show.
fn shown(app: &PrismApp) -> &prism::workspace::Rendered {
    let live = &app.designer.previews.live;
    live.shown.as_ref().expect("a rendering")
}

pub(crate) fn email_html(app: &PrismApp) -> String {
    let r = shown(app);
    r.email
        .as_ref()
        .unwrap()
        .artefact
        .as_ref()
        .unwrap()
        .html
        .clone()
}

fn sms_text(app: &PrismApp) -> String {
    let r = shown(app);
    r.sms
        .as_ref()
        .unwrap()
        .artefact
        .as_ref()
        .unwrap()
        .text
        .clone()
}

fn chat_text(app: &PrismApp) -> String {
    let r = shown(app);
    let chat = r.chat.as_ref().unwrap().artefact.as_ref().unwrap();
    serde_json::to_string(&chat.payload).unwrap()
}

fn letter_pixels(app: &PrismApp) -> Vec<u8> {
    let p = app
        .designer
        .previews
        .print
        .as_ref()
        .expect("a letter preview");
    p.pages
        .iter()
        .flat_map(|p| p.rgba.iter().copied())
        .collect()
}

/// Clicks a block's row in the outline (its label: the id, then marks such as 🔒).
pub(crate) fn select(h: &mut Harness<'static, PrismApp>, label: &str) {
    h.get_by_label(label).click();
    h.run();
    let id = label.split(' ').next().unwrap();
    assert_eq!(h.state().designer.editing.selected.as_deref(), Some(id));
}

/// A sample project opens with its four previews, unmodified, and matches its snapshot.
fn opens_with_four_previews(project: &str, subject: &str) {
    let state = tempfile::tempdir().unwrap();
    let mut h = harness(project, state.path());
    for header in ["Email", "SMS", "Chat", "Letter", "Diagnostics"] {
        // A preview's heading, or its tab where previews share a column.
        assert!(
            h.query_all_by_label_contains(header).next().is_some(),
            "{project}: {header}"
        );
    }
    assert!(
        h.query_all_by_label_contains(subject).next().is_some(),
        "{project}: the subject is on screen"
    );
    let d = &h.state().designer;
    assert!(!d.is_modified(), "{project}: opening is not an edit");
    assert!(
        d.previews
            .print
            .as_ref()
            .is_some_and(|p| !p.pages.is_empty())
    );
    assert!(d.title().starts_with(project), "{}", d.title());
    h.snapshot_options(
        format!("designer-{}", project.trim_end_matches(".ron")),
        &SnapshotOptions::new()
            .output_path(common::root().join("tests/ui-snapshots"))
            .threshold(1.0)
            .max_failed_pixels(2_000),
    );
}

/// At 1280 × 800 the four previews do not fit side by side readably: the email keeps its
/// column and the others share one with tabs; every tab shows its preview.
fn at_1280_by_800_the_previews_share_columns_with_tabs(project: &str) {
    {
        let state = tempfile::tempdir().unwrap();
        let path = common::root().join("projects").join(project);
        let mut h = harness_sized(&path, state.path(), egui::vec2(1280.0, 800.0));
        h.get_by_label("Email");
        for tab in ["SMS", "Chat", "Letter"] {
            h.query_all_by_label_contains(tab)
                .find(|n| {
                    let node = n.accesskit_node();
                    node.role() != egui::accesskit::Role::Label
                        && node
                            .label()
                            .is_some_and(|l| l.starts_with(tab) && l.len() <= tab.len() + 4)
                })
                .unwrap_or_else(|| panic!("{project}: a tab for {tab}"))
                .click();
            settle(&mut h);
            assert_eq!(h.state().view.preview_tab.title(), tab);
        }
        h.get_by_label_contains("Show address window");
        h.snapshot_options(
            format!("designer-{}-1280x800", project.trim_end_matches(".ron")),
            &SnapshotOptions::new()
                .output_path(common::root().join("tests/ui-snapshots"))
                .threshold(1.0)
                .max_failed_pixels(2_000),
        );
    }
}

#[test]
fn welcome_at_1280_by_800_shares_columns_with_tabs() {
    at_1280_by_800_the_previews_share_columns_with_tabs("welcome.ron");
}

#[test]
fn invoice_at_1280_by_800_shares_columns_with_tabs() {
    at_1280_by_800_the_previews_share_columns_with_tabs("invoice.ron");
}

#[test]
fn welcome_opens_with_four_previews() {
    opens_with_four_previews("welcome.ron", "Willkommen bei Lumina Mobil, Erika!");
}

#[test]
fn invoice_opens_with_four_previews() {
    opens_with_four_previews("invoice.ron", "Ihre Rechnung R-2026-04711");
}

#[test]
fn typing_into_a_block_changes_all_four_previews_and_undo_redo_take_it_back() {
    let state = tempfile::tempdir().unwrap();
    let mut h = harness("welcome.ron", state.path());
    // The offer button is on every channel, with no channel's own wording.
    select(&mut h, "offer-button");
    let before = (
        email_html(h.state()),
        sms_text(h.state()),
        chat_text(h.state()),
        letter_pixels(h.state()),
    );
    let field = h.get_by_label("Label");
    field.focus();
    field.type_text(" Zebrafisch");
    settle(&mut h);
    let app = h.state();
    assert!(email_html(app).contains("Zebrafisch"));
    assert!(sms_text(app).contains("Zebrafisch"));
    assert!(chat_text(app).contains("Zebrafisch"));
    assert_ne!(letter_pixels(app), before.3, "the letter was set again");
    assert!(app.designer.is_modified());
    assert!(app.designer.title().contains('●'));
    // The accessibility tree shows the new text in the email preview.
    assert!(h.query_all_by_label_contains("Zebrafisch").next().is_some());

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    let app = h.state();
    assert_eq!(
        email_html(app),
        before.0,
        "one undo takes back the whole typing run"
    );
    assert_eq!(sms_text(app), before.1);
    assert_eq!(chat_text(app), before.2);
    assert_eq!(letter_pixels(app), before.3);
    assert!(!app.designer.is_modified());

    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    settle(&mut h);
    assert!(email_html(h.state()).contains("Zebrafisch"));
}

#[test]
fn switching_records_rerenders_for_that_customer() {
    let state = tempfile::tempdir().unwrap();
    let mut h = harness("welcome.ron", state.path());
    assert!(email_html(h.state()).contains("Erika"));
    h.get_by_label("▶").click();
    settle(&mut h);
    let app = h.state();
    assert_eq!(app.designer.previews.record, 1);
    assert!(email_html(app).contains("Hans-Jürgen"));
    assert!(h.query_all_by_label_contains("C-1002").next().is_some());
}

#[test]
fn a_broken_template_shows_its_error_and_keeps_the_last_good_previews() {
    let state = tempfile::tempdir().unwrap();
    let mut h = harness("invoice.ron", state.path());
    select(&mut h, "summary");
    let good = email_html(h.state());
    let field = h.get_by_label_contains("Text (Markdown");
    field.focus();
    field.type_text(" {% if %}");
    settle(&mut h);
    let app = h.state();
    assert!(app.designer.previews.live.stale);
    assert_eq!(
        email_html(app),
        good,
        "the previews keep their last good rendering"
    );
    let error = app
        .designer
        .previews
        .live
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "template-syntax")
        .expect("a syntax error");
    assert_eq!(error.block.as_deref(), Some("summary"));
    assert!(error.pos.is_some(), "the error has a line and column");
    // At 1600 × 1000 three previews are on screen (SMS and chat share a column).
    let badges = h.query_all_by_label_contains("template error").count();
    assert_eq!(badges, 3, "every preview on screen shows the badge");
    assert!(
        h.query_all_by_label_contains("line 1, column")
            .next()
            .is_some(),
        "the error is shown at its field"
    );
    // Fixing it brings the previews back to life.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    assert!(!h.state().designer.previews.live.stale);
}

/// A project that is broken when opened has no good version to keep: the previews show
/// the message without the broken part, say so, and the error is said once.
#[test]
fn a_project_opened_broken_shows_previews_without_the_broken_part() {
    let state = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = common::project_copy(dir.path(), "welcome.ron");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("{{ first_name }}", "{{ first_name | shout }}");
    std::fs::write(&path, text).unwrap();
    let h = harness_at(&path, state.path());
    let app = h.state();
    assert!(
        email_html(app).contains("Lumina Mobil"),
        "the email is shown without the broken part"
    );
    assert!(!sms_text(app).is_empty());
    assert!(
        !app.designer
            .previews
            .print
            .as_ref()
            .unwrap()
            .pages
            .is_empty()
    );
    let error = app
        .designer
        .previews
        .live
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "template-error")
        .expect("the unknown filter is an error");
    assert_eq!(error.message, "filter shout is unknown");
    assert_eq!(
        h.query_all_by_label_contains("shown without the broken parts")
            .count(),
        3,
        "on every preview on screen"
    );
}

#[test]
fn save_as_writes_a_file_that_loads_equal_and_blocks_can_be_restructured() {
    let state = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness("welcome.ron", state.path());
    let app = h.state_mut();
    app.designer.apply(Command::AddBlock {
        kind: Kind::Button,
        after: Some("intro".into()),
    });
    let added = app.designer.editing.selected.clone().unwrap();
    app.designer.apply(Command::ShiftBlock(added.clone(), -1));
    app.designer.apply(Command::DuplicateBlock(added.clone()));
    let copy = app.designer.editing.selected.clone().unwrap();
    assert_ne!(copy, added);
    app.designer.apply(Command::RemoveBlock(copy.clone()));
    // Into another folder: the data and image paths are rewritten to still find their files.
    let path = dir.path().join("copy.ron");
    app.designer.apply(Command::SaveAs(path.clone()));
    let mut saved = prism::model::load_project(&path).unwrap();
    let library = prism::model::library::Library::for_projects_in(dir.path());
    prism::model::library::link(&mut saved, &library);
    assert_eq!(saved, app.designer.ws.project);
    // The folder has no library: the designer says what the project there lacks.
    let said = &app.designer.notices.last().unwrap().text;
    assert!(said.contains("no brand “lumina”"), "{said}");
    assert!(!app.designer.is_modified());
    let ids: Vec<&str> = saved.all_blocks().iter().map(|b| b.id.as_str()).collect();
    assert!(ids.contains(&added.as_str()) && !ids.contains(&copy.as_str()));
    assert!(
        app.designer
            .session
            .recent
            .iter()
            .any(|p| p.ends_with("copy.ron"))
    );
    let reopened = prism::workspace::Workspace::open(&path, None).expect("the copy opens");
    assert_eq!(reopened.records.len(), app.designer.ws.records.len());
    let hero = reopened.project.asset_names();
    let hero = hero.iter().find(|n| n.contains("welcome-hero")).unwrap();
    assert!(
        reopened.assets.get(hero).is_some_and(|a| a.is_ok()),
        "the image is found from the new folder: {hero}"
    );
}

#[test]
fn a_recovery_copy_is_written_after_an_edit_and_offered_on_the_next_open() {
    let state = tempfile::tempdir().unwrap();
    let mut h = harness("welcome.ron", state.path());
    h.state_mut().designer.apply(Command::Edit(Edit::SetText(
        TextField::Subject,
        "Wiederhergestellt".into(),
    )));
    std::thread::sleep(prism::app::RECOVERY_DELAY + Duration::from_millis(200));
    h.run();
    drop(h);
    // "After a crash": the next designer on the same file finds the copy.
    let mut h = harness("welcome.ron", state.path());
    let d = &mut h.state_mut().designer;
    assert!(d.editing.recovery.is_some(), "the recovery copy is offered");
    d.apply(Command::RestoreRecovery);
    assert_eq!(d.ws.project.content.subject, "Wiederhergestellt");
    assert!(d.is_modified());
    d.apply(Command::DiscardRecovery);
}

#[test]
fn a_project_that_fails_to_load_shows_the_error_instead_of_crashing() {
    let state = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.ron");
    std::fs::write(
        &bad,
        "(\n  format_version: 1,\n  meta: (name: \"x\", kind: Nope),\n)",
    )
    .unwrap();
    let mut app = PrismApp::headless(&bad, state.path().into());
    let notice = &app.designer.notices[0];
    assert!(notice.error);
    assert!(notice.text.contains("broken.ron:3:"), "{}", notice.text);
    app.designer.apply(Command::Open(bad));
    assert_eq!(
        app.designer.notices.len(),
        2,
        "opening it again reports again"
    );
}

#[test]
fn a_data_file_replaces_the_records_and_missing_fields_are_flagged() {
    let state = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("few.json");
    std::fs::write(
        &data,
        r#"[{"customer_id": "X-1", "first_name": "Ida", "last_name": "Ohnemail"}]"#,
    )
    .unwrap();
    let mut h = harness("welcome.ron", state.path());
    h.state_mut().designer.apply(Command::OpenData(data));
    settle(&mut h);
    let d = &h.state().designer;
    assert_eq!(d.ws.records.len(), 1);
    assert!(
        !d.audience.missing[0].is_empty(),
        "the record lacks fields the templates use"
    );
    assert!(
        h.query_all_by_label_contains("fields missing")
            .next()
            .is_some()
    );
    assert!(email_html(h.state()).contains("Ida"));
}

#[test]
fn export_from_the_app_writes_artefacts_with_progress_and_a_summary() {
    let state = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut h = harness("invoice.ron", state.path());
    h.state_mut().designer.apply(Command::StartExport(
        prism::app::export_job::ExportSettings {
            options: prism::export::ExportOptions {
                print_merged: true,
                ..prism::export::ExportOptions::new(
                    out.path().to_path_buf(),
                    prism::model::ChannelSet::ALL,
                )
            },
            routing: Default::default(),
        },
    ));
    let records = h.state().designer.ws.records.len();
    let job = h.state_mut().designer.jobs.export.as_mut().unwrap();
    let errors = job
        .job
        .wait()
        .as_ref()
        .expect("the export succeeds")
        .errors();
    assert_eq!(errors, 0);
    assert_eq!(job.progress(), (records, 1.0));
    for name in [
        "manifest.json",
        "report.txt",
        "sms.jsonl",
        "chat.jsonl",
        "letters.pdf",
        "routing.csv",
        // Marketing goes once: C-1001 prefers email, C-1002 a letter.
        "email/000/C-1001.eml",
        "print/000/C-1002.pdf",
    ] {
        assert!(out.path().join(name).exists(), "{name} was written");
    }
    // The next frame reports it.
    h.run();
    let d = &h.state().designer;
    assert!(
        d.notices
            .iter()
            .any(|n| !n.error && n.text.starts_with("Export finished"))
    );
}

/// The export dialog starts as `prism export` does: an earlier export in the folder is kept
/// (the export is refused) unless the user chooses to continue or replace it; and it routes
/// with the suppression list the Audience window was given.
#[test]
fn the_export_dialog_keeps_an_earlier_export_unless_told_otherwise() {
    let state = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut h = harness("invoice.ron", state.path());
    let suppress = common::root().join("projects/suppression.txt");
    let routing = prism::routing::Inputs {
        suppress: Some(suppress),
        history: Vec::new(),
    };
    h.state_mut()
        .designer
        .apply(Command::SetRouting(routing.clone()));
    let mut settings = prism::ui::export_window::dialog(&h.state().designer).settings;
    assert!(!settings.options.overwrite && !settings.options.resume);
    assert_eq!(settings.routing, routing, "the Audience window's routing");
    settings.options.out_dir = out.path().to_path_buf();
    let run = |h: &mut Harness<'static, PrismApp>, s: &prism::app::export_job::ExportSettings| {
        h.state_mut()
            .designer
            .apply(Command::StartExport(s.clone()));
        let job = h.state_mut().designer.jobs.export.as_mut().unwrap();
        job.job.wait().clone()
    };
    assert!(run(&mut h, &settings).is_ok());
    assert_eq!(
        prism::export::folder_state(out.path()),
        prism::export::FolderState::Finished
    );
    let refused = run(&mut h, &settings).expect_err("the earlier export is kept");
    assert!(refused.contains("holds an earlier export"), "{refused}");
    settings.options.overwrite = true;
    assert!(run(&mut h, &settings).is_ok(), "replaced when asked");
}

/// The Audience window routes with a suppression list as `prism route --suppress` does: the
/// same counts for the same data.
#[test]
fn the_audience_window_counts_as_prism_route_does() {
    let state = tempfile::tempdir().unwrap();
    let mut h = harness("welcome.ron", state.path());
    let d = &mut h.state_mut().designer;
    d.apply(Command::OpenData(
        common::root().join("projects/audience-10k.json"),
    ));
    d.apply(Command::SetRouting(prism::routing::Inputs {
        suppress: Some(common::root().join("projects/suppression.txt")),
        history: Vec::new(),
    }));
    let mut tally = prism::routing::Tally::default();
    for route in &d.audience.decisions {
        tally.add(route);
    }
    let out = common::route_sample_audience();
    let counts = String::from_utf8(out.stderr).unwrap();
    assert!(
        counts.contains(&format!(
            "{} records, {} reached on no channel",
            tally.records, tally.unreached
        )),
        "window: {} records, {} unreached; prism route: {counts}",
        tally.records,
        tally.unreached
    );
    assert!(tally.unreached > 0);
    // The legend reads in the bars' order: every reason once, in the order drawn.
    let drawn: Vec<_> = prism::ui::audience::PARTS
        .iter()
        .flat_map(|(part, _)| part.iter().copied())
        .collect();
    let mut every = prism::routing::Reason::ALL.to_vec();
    every.sort_by_key(|r| drawn.iter().position(|d| d == r));
    assert_eq!(
        drawn, every,
        "each reason has exactly one place in the bars"
    );
}

#[test]
fn a_test_send_runs_beside_the_window_and_reports_a_silent_server() {
    use prism::app::send_job::{Security, SendSettings};
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness("invoice.ron", dir.path());
    // A server on 127.0.0.1 that takes the connection and says nothing until released.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (release, released) = std::sync::mpsc::channel::<()>();
    let silent = std::thread::Builder::new()
        .name("silent-smtp".into())
        .spawn(move || {
            let (conn, _) = listener.accept().unwrap();
            #[expect(
                clippy::let_underscore_must_use,
                reason = "the sender dropping ends the wait just as well"
            )]
            let _ = released.recv();
            drop(conn);
        })
        .unwrap();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Send test email…").click();
    h.run();
    let dialog = h.state_mut().view.send.as_mut().expect("the dialog opened");
    dialog.settings = SendSettings {
        to: "designer@prism.example".into(),
        host: "127.0.0.1".into(),
        port,
        security: Security::Plain,
        user: String::new(),
        password: String::new(),
    };
    h.run();
    h.get_by_label("Send").click();
    // The spinner keeps asking for frames: step them rather than wait for a settled UI.
    h.run_steps(3);
    // While the server keeps silent the window still takes input and redraws.
    h.get_by_label("Sending…");
    let dark = h.state().view.email_dark;
    h.get_by_label("🌙 Dark").click();
    h.run_steps(3);
    assert_ne!(
        h.state().view.email_dark,
        dark,
        "the window answered a click while sending"
    );
    assert!(
        h.state()
            .designer
            .jobs
            .send
            .as_ref()
            .unwrap()
            .job
            .finished
            .is_none()
    );
    release.send(()).unwrap();
    silent.join().unwrap();
    // The server hung up: the send fails with a message that names it.
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while h
        .state()
        .designer
        .jobs
        .send
        .as_ref()
        .unwrap()
        .job
        .finished
        .is_none()
    {
        assert!(std::time::Instant::now() < deadline, "the send never ended");
        h.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    h.run();
    let result = h
        .state()
        .designer
        .jobs
        .send
        .as_ref()
        .unwrap()
        .job
        .finished
        .clone()
        .unwrap();
    let error = result.expect_err("a silent server cannot take the message");
    assert!(error.contains(&format!("127.0.0.1:{port}")), "{error}");
}

#[test]
fn an_edit_makes_the_approval_stale_and_undo_makes_it_count_again() {
    // welcome.ron and what it refers to, approved by Rita in a folder of the test's own.
    let dir = tempfile::tempdir().unwrap();
    let project = common::project_copy(dir.path(), "welcome.ron");
    let (max, rita, reviewers) = common::max_and_rita(dir.path());
    std::fs::write(project.with_file_name("reviewers"), reviewers).unwrap();
    common::submit_and_approve(&project, &max, &rita, "2026-11-25T10:00:00Z");

    let state = tempfile::tempdir().unwrap();
    let mut h = harness_at(&project, state.path());
    let approved_label = "Approved by Rita Reviewer on 2026-11-25";
    h.get_by_label(approved_label);
    assert!(h.state().designer.title().contains(approved_label));

    select(&mut h, "offer-button");
    let field = h.get_by_label("Label");
    field.focus();
    field.type_text("!");
    settle(&mut h);
    h.get_by_label("Approval stale (content changed)");
    assert!(h.query_all_by_label(approved_label).next().is_none());

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    h.get_by_label(approved_label);
}

/// welcome.ron in a folder of its own, with Max and Rita in its reviewers file, submitted by
/// Max; the designer signs as `signer` (its key copied into the designer's key folder).
fn in_review(
    dir: &Path,
    state: &Path,
    signer: &str,
) -> (Harness<'static, PrismApp>, std::path::PathBuf) {
    use prism::model::ReviewAction;
    use prism::review::Act;
    use prism::workspace::review::take;
    let project = common::project_copy(dir, "welcome.ron");
    let (max, _, reviewers) = common::max_and_rita(&dir.join("keys"));
    std::fs::write(project.with_file_name("reviewers"), reviewers).unwrap();
    let mut ws = prism::workspace::Workspace::open(&project, None).unwrap();
    take(
        &mut ws,
        &max,
        Act::new(ReviewAction::Submit),
        "2026-11-25T09:00:00Z",
    )
    .unwrap();
    let keys = state.join("keys");
    std::fs::create_dir_all(&keys).unwrap();
    for ext in ["", ".pub"] {
        let from = dir
            .join("keys")
            .join(signer)
            .join(format!("prism_ed25519{ext}"));
        std::fs::copy(from, keys.join(format!("prism_ed25519{ext}"))).unwrap();
    }
    let mut h = harness_at(&project, state);
    h.get_by_label("🔍 Review mode").click();
    h.run();
    assert_eq!(h.state().designer.review.mode, prism::app::Mode::Review);
    (h, project)
}

/// Scrolls a widget into view, then clicks it (clicks land where the widget is drawn).
pub(crate) fn press(h: &mut Harness<'static, PrismApp>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).click();
    h.run();
}

/// Runs frames until the grid made the rows on screen.
fn grid_ready(h: &mut Harness<'static, PrismApp>, rows: &[usize]) {
    h.run();
    assert!(
        h.state_mut()
            .designer
            .wait_for_rows(rows, Duration::from_secs(30)),
        "the review grid never made its rows"
    );
    h.run();
}

#[test]
fn review_mode_is_read_only_and_shows_every_record_on_every_channel() {
    let dir = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    let (mut h, _) = in_review(dir.path(), state.path(), "rita");
    grid_ready(&mut h, &[0, 1, 2]);
    // A cell per record and channel, named for screen readers.
    for cell in [
        "Email of C-1001",
        "SMS of C-1002",
        "Chat of C-1003",
        "Letter of C-1001",
    ] {
        h.get_by_label(cell);
    }
    let d = &h.state().designer;
    let row = &d.review.grid.rows[&0];
    assert!(row.letter.as_ref().is_some_and(|p| p.width > 100));
    // C-1001 has not consented to chat: the grid says so, as export would do.
    assert!(matches!(
        row.cells[2].verdict,
        prism::render::Verdict::NotSent(_)
    ));
    // Diagnostics about channels a customer does not get are counted apart: a cell that is
    // sent has none of them, one that is not has at least its reason; together the counts
    // are every diagnostic of that channel and of the message.
    for i in 0..3 {
        let record = &d.ws.records[i];
        let r = d.ws.render(
            record,
            prism::model::ChannelSet::ALL,
            prism::render::email::ImageMode::Cid,
        );
        let per_channel = [
            r.email.as_ref().unwrap().diagnostics.len(),
            r.sms.as_ref().unwrap().diagnostics.len(),
            r.chat.as_ref().unwrap().diagnostics.len(),
            r.print.as_ref().unwrap().diagnostics.len(),
        ];
        for (c, cell) in d.review.grid.rows[&i].cells.iter().enumerate() {
            let sent = matches!(cell.verdict, prism::render::Verdict::Sent(_));
            let off_route: usize = cell.off_route.iter().sum();
            assert_eq!(sent, off_route == 0, "{} cell {c}", record.id);
            assert_eq!(
                cell.errors + cell.warnings + cell.notes + off_route,
                per_channel[c] + r.message.diagnostics.len(),
                "{} cell {c}",
                record.id
            );
        }
    }

    // Editing is refused, from the widgets and from commands alike.
    let before = h.state().designer.ws.project.clone();
    select(&mut h, "offer-button");
    h.get_by_label("Label").type_text("Zebrafisch");
    h.run();
    let subject = format!("{} (neu)", before.content.subject);
    h.state_mut()
        .designer
        .apply(Command::Edit(Edit::SetText(TextField::Subject, subject)));
    h.run();
    assert_eq!(h.state().designer.ws.project, before);
    assert!(!h.state().designer.is_modified());

    // Arrow keys move through the grid; Enter opens the cell full size in the previews.
    h.key_press(Key::ArrowDown);
    h.key_press(Key::ArrowDown);
    h.key_press(Key::Enter);
    settle(&mut h);
    assert_eq!(h.state().designer.previews.record, 2);
    assert_eq!(h.state().view.review.tab, prism::ui::review::Tab::Previews);
    // A click on a cell does the same.
    press(&mut h, "Records × channels");
    grid_ready(&mut h, &[0, 1]);
    press(&mut h, "SMS of C-1002");
    settle(&mut h);
    assert_eq!(h.state().designer.previews.record, 1);
}

#[test]
fn a_reviewer_approves_comments_and_unlocks_from_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    let (mut h, project) = in_review(dir.path(), state.path(), "rita");
    h.get_by_label("In review (0 of 1 approvals)");

    // A comment on the intro, about the SMS: signed, saved, and a badge in the outline.
    select(&mut h, "intro");
    h.get_by_label("New comment").scroll_to_me();
    h.run();
    let field = h.get_by_label("New comment");
    field.focus();
    field.type_text("Im SMS-Text fehlt die Laufzeit.");
    h.run();
    let file_bytes = std::fs::read(&project).unwrap();
    press(&mut h, "Comment");
    h.get_by_label("intro 💬1");
    let log = review_log(&project);
    let comment = log.last().unwrap();
    assert_eq!(comment.block.as_deref(), Some("intro"));
    assert_eq!(comment.comment, "Im SMS-Text fehlt die Laufzeit.");

    // Resolving it takes the badge away.
    press(&mut h, "Resolve");
    h.get_by_label("intro");
    assert!(h.query_by_label("intro 💬1").is_none());

    // The imprint is locked; Rita is listed, so she may unlock it, and it is recorded.
    select(&mut h, "imprint 🔒");
    press(&mut h, "🔓 Unlock block");
    let log = review_log(&project);
    let unlock = log.last().unwrap();
    assert_eq!(unlock.action, prism::model::ReviewAction::Unlock);
    assert_eq!(unlock.block.as_deref(), Some("imprint"));
    assert!(!h.state().designer.is_locked("imprint"));
    // A lock is the log's, not content: the submission still stands and Rita approves it.
    press(&mut h, "✔ Approve");
    settle(&mut h);
    let title = h.state().designer.title();
    assert!(title.contains("Approved by Rita Reviewer on "), "{title}");
    // Comment, resolve, unlock and approve left the project file as it was.
    assert_eq!(std::fs::read(&project).unwrap(), file_bytes);
    let log = review_log(&project);
    let approval = log.last().unwrap();
    let snapshot = project
        .parent()
        .unwrap()
        .join(approval.snapshot.as_ref().unwrap());
    assert!(snapshot.exists(), "{}", snapshot.display());
}

#[test]
fn a_signer_missing_from_the_reviewers_file_cannot_unlock() {
    let dir = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    let (mut h, project) = in_review(dir.path(), state.path(), "rita");
    // Olga has a key, but the reviewers file does not list her.
    let olga = prism::review::Identity::create(
        "Olga Outsider",
        "olga@lumina.example",
        &state.path().join("olga"),
    )
    .unwrap();
    h.state_mut().designer.review.identity = Some(olga);
    select(&mut h, "imprint 🔒");
    press(&mut h, "🔓 Unlock block");
    let d = &h.state().designer;
    let notice = &d.notices.last().expect("a notice says why not").text;
    assert!(
        notice.contains("not listed in the reviewers file"),
        "{notice}"
    );
    assert!(h.state().designer.is_locked("imprint"));
    assert!(review_log(&project).iter().all(|e| e.block.is_none()));
}

/// The entries of the review log beside `project`.
fn review_log(project: &Path) -> Vec<prism::model::ReviewEntry> {
    prism::review::ReviewLog::load(project, Vec::new())
        .unwrap()
        .entries
}

#[test]
fn review_mode_matches_its_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    let (mut h, _) = in_review(dir.path(), state.path(), "rita");
    grid_ready(&mut h, &[0, 1, 2, 3]);
    h.snapshot_options(
        "designer-review-mode",
        &SnapshotOptions::new()
            .output_path(common::root().join("tests/ui-snapshots"))
            .threshold(1.0)
            .max_failed_pixels(2_000),
    );
}

#[test]
fn a_locked_block_stays_locked_through_edits_and_undo() {
    let dir = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    let (mut h, project) = in_review(dir.path(), state.path(), "rita");
    select(&mut h, "intro");
    press(&mut h, "🔒 Lock block");
    assert_eq!(
        review_log(&project).last().unwrap().action,
        prism::model::ReviewAction::Lock
    );
    press(&mut h, "🔍 Review mode");
    assert_eq!(h.state().designer.review.mode, prism::app::Mode::Edit);
    // Its text cannot be changed through an edit or an undo (no edit clears a lock).
    let intro = TextField::of_block("intro", BlockField::Text);
    h.state_mut()
        .designer
        .apply(Command::Edit(Edit::SetText(intro, "Anders".into())));
    let d = &h.state().designer;
    assert!(d.notices.last().unwrap().text.contains("“intro” is locked"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    let d = &h.state().designer;
    assert!(d.is_locked("intro"));
    assert!(!d.is_modified());
}

#[test]
fn previews_say_who_gets_each_channel_and_the_audience_filters_the_picker() {
    let state = tempfile::tempdir().unwrap();
    let mut h = harness("welcome.ron", state.path());
    // C-1001 prefers email and gets it; chat has no consent; the rest goes by email instead.
    h.get_by_label("sent");
    assert_eq!(
        h.query_all_by_label("not sent: goes by email instead")
            .count(),
        2
    );
    // Chat shares its column with SMS at this size: its tab shows it.
    press(&mut h, "Chat");
    h.get_by_label("not sent: no consent for chat");

    press(&mut h, "👥 Audience");
    assert!(h.state().view.audience_open);
    // Seven of the thirteen customers (six, and seven in other languages) gave no consent
    // for SMS.
    press(&mut h, "SMS: no-consent, 7 records");
    settle(&mut h);
    let (d, view) = (&h.state().designer, &h.state().view);
    assert_eq!(
        view.audience_filter,
        Some((Channel::Sms, Some(prism::routing::Reason::NoConsent)))
    );
    let shown = &d.ws.records[d.previews.record].id;
    assert_eq!(shown, "C-1002", "the first record of that part is shown");
    h.get_by_label("SMS · no-consent: 7 records ×");
    h.get_by_label("not sent: no consent for SMS");
}

/// A valid PNG of 65,535 × 65,535 pixels (522 kB, all white, 1 bit a pixel) as the logo of
/// the library brand the invoice uses: the window opens, the email and SMS render, and the
/// email and the letter say why they leave the logo out, instead of the print worker asking
/// for 17 GB.
#[test]
fn a_logo_of_65535_squared_pixels_fails_the_letter_not_the_window() {
    let state = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = common::project_copy(dir.path(), "invoice.ron");
    let brand = dir.path().join("projects/library/brands/lumina.ron");
    let text = std::fs::read_to_string(&brand).unwrap().replace(
        "logo: Some(\"../../../assets/images/logo.png\")",
        "logo: Some(\"huge.png\")",
    );
    std::fs::write(&brand, text).unwrap();
    std::fs::copy(
        common::root().join("tests/hostile-inputs/valid-65535x65535.png"),
        brand.with_file_name("huge.png"),
    )
    .unwrap();
    let mut h = harness_at(&path, state.path());
    for _ in 0..5 {
        h.run();
    }
    let app = h.state();
    let letter = app
        .designer
        .previews
        .print
        .as_ref()
        .expect("a letter preview");
    assert!(
        letter
            .diagnostics
            .iter()
            .any(|d| d.message.contains("huge.png") && d.message.contains("65535 × 65535")),
        "{:?}",
        letter.diagnostics
    );
    assert!(email_html(app).contains("Rechnung"));
    let email = app
        .designer
        .previews
        .live
        .shown
        .as_ref()
        .unwrap()
        .email
        .as_ref();
    assert!(
        email
            .unwrap()
            .diagnostics
            .iter()
            .any(|d| d.code.as_str() == "asset" && d.message.contains("huge.png: 65535 × 65535")),
        "a mail client would decode it too"
    );
    assert!(!sms_text(app).is_empty());
}

/// The review key dialog asks only for the key: name and email come from its comment, both
/// as Prism writes it (`Name <email>`) and as ssh-keygen does by default (`user@host`,
/// which stands for both); what the user typed is kept.
#[test]
fn the_review_key_dialog_takes_name_and_email_from_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let key = |file: &str, comment: &str| {
        let path = dir.path().join(file);
        let made = std::process::Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f"])
            .arg(&path)
            .status()
            .expect("ssh-keygen (tests/run.sh installs openssh-client)");
        assert!(made.success());
        path.display().to_string()
    };
    let mut k = prism::ui::review::KeyDialog {
        existing: key("rita", "Rita Reviewer <rita@example.org>"),
        ..Default::default()
    };
    k.fill_from_key();
    assert_eq!(
        (k.name.as_str(), k.email.as_str()),
        ("Rita Reviewer", "rita@example.org")
    );
    let mut k = prism::ui::review::KeyDialog {
        existing: key("root", "root@vm"),
        name: "Max Author".into(),
        ..Default::default()
    };
    k.fill_from_key();
    assert_eq!(
        (k.name.as_str(), k.email.as_str()),
        ("Max Author", "root@vm")
    );
    // The window's "Use this key" with both fields left empty signs as the comment says.
    let mut h = harness("invoice.ron", &dir.path().join("state"));
    h.state_mut().designer.review.key_dir = dir.path().join("keys");
    h.state_mut().designer.apply(Command::UseKey {
        path: dir.path().join("rita"),
        name: String::new(),
        email: String::new(),
    });
    let id = h
        .state()
        .designer
        .review
        .identity
        .as_ref()
        .expect("a key in use");
    assert_eq!(
        (id.name.as_str(), id.email.as_str()),
        ("Rita Reviewer", "rita@example.org")
    );
}

#[test]
fn the_outline_offers_its_end_as_a_drop_target_only_while_a_block_is_dragged() {
    let state = tempfile::tempdir().unwrap();
    let mut h = harness("welcome.ron", state.path());
    const ZONE: &str = "Drop here to move it to the end";
    // At rest: no grey bar, no words under the outline.
    assert!(h.query_by_label(ZONE).is_none());
    // Drag the intro by its handle, left of its name, down past the last row.
    let intro = h.get_by_label("intro").rect();
    let handle = egui::pos2(intro.left() - 10.0, intro.center().y);
    h.hover_at(handle);
    h.run();
    h.drag_at(handle);
    h.run();
    for step in 1..=10 {
        h.hover_at(handle + egui::vec2(0.0, step as f32 * 8.0));
        h.run();
    }
    let zone = h.get_by_label(ZONE).rect();
    h.hover_at(zone.center());
    h.run();
    h.drop_at(zone.center());
    h.run();
    h.run();
    // Dropped there, the intro is the last block, and the zone is gone again.
    let blocks = &h.state().designer.ws.project.content.blocks;
    assert_eq!(blocks.last().map(|b| b.id.as_str()), Some("intro"));
    assert!(h.query_by_label(ZONE).is_none());
}
