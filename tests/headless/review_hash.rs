//! The content hash an approval is bound to (src/review/hash.rs): every kind of field that
//! changes what a recipient gets changes it, and so do an asset's bytes under the same name;
//! the review section and the customer data do not.

use crate::common;

use prism::model::{Channel, MessageKind, PrintForm, Project, ReviewAction, ReviewEntry};
use prism::review::content_hash;
use prism::workspace::Workspace;

fn invoice() -> Workspace {
    Workspace::open(&common::root().join("projects/invoice.ron"), None).unwrap()
}

/// The hash after `edit`, with the assets loaded again for the edited project.
fn hash_after(ws: &Workspace, edit: impl FnOnce(&mut Project)) -> String {
    let mut project = ws.project.clone();
    edit(&mut project);
    let edited = common::with_project(ws, project);
    content_hash(&edited.project, &edited.assets)
}

/// A named change to a project.
type Edit = (&'static str, Box<dyn Fn(&mut Project)>);

fn text_block(p: &mut Project) -> &mut String {
    p.content
        .blocks
        .iter_mut()
        .find_map(|b| b.template_mut(&prism::model::BlockField::Text))
        .expect("a text block")
}

#[test]
fn every_kind_of_covered_field_changes_the_hash() {
    // With the brand written out in the project, so that changing it changes the project.
    let library = invoice();
    let mut own = library.project.clone();
    own.brand.library = None;
    let ws = common::with_project(&library, own);
    let base = content_hash(&ws.project, &ws.assets);
    assert_eq!(base.len(), 64);
    assert_eq!(
        hash_after(&ws, |_| {}),
        base,
        "the same content hashes the same"
    );
    let edits: Vec<Edit> = vec![
        ("meta: name", Box::new(|p| p.meta.name.push('!'))),
        (
            "meta: kind",
            Box::new(|p| p.meta.kind = MessageKind::Service),
        ),
        (
            "meta: language",
            Box::new(|p| p.meta.language = "en".into()),
        ),
        (
            "brand: colour",
            Box::new(|p| p.brand.primary = "#123456".into()),
        ),
        (
            "brand: sender",
            Box::new(|p| p.brand.sender.company.push_str(" AG")),
        ),
        (
            "brand: logo file",
            Box::new(|p| p.brand.logo = Some("../assets/images/logo.svg".into())),
        ),
        (
            "content: subject",
            Box::new(|p| p.content.subject.push('!')),
        ),
        (
            "content: preheader",
            Box::new(|p| p.content.preheader.push('!')),
        ),
        (
            "content: block text",
            Box::new(|p| text_block(p).push_str(" Neu.")),
        ),
        (
            "content: block order",
            Box::new(|p| p.content.blocks.swap(0, 1)),
        ),
        (
            "content: block channels",
            Box::new(|p| p.content.blocks[0].channels = Some(vec![Channel::Sms])),
        ),
        (
            "content: override",
            Box::new(|p| {
                p.content.blocks[0]
                    .overrides
                    .insert(Channel::Chat, "Kurz.".into());
            }),
        ),
        (
            "content: required",
            Box::new(|p| p.content.blocks[0].required ^= true),
        ),
        (
            "channels: SMS budget",
            Box::new(|p| p.channels.sms.segment_budget += 1),
        ),
        (
            "channels: print form",
            Box::new(|p| {
                p.channels.print.form = match p.channels.print.form {
                    PrintForm::A => PrintForm::B,
                    PrintForm::B => PrintForm::A,
                }
            }),
        ),
        (
            "channels: email dark colour",
            Box::new(|p| p.channels.email.dark_background = "#000000".into()),
        ),
    ];
    let mut seen = std::collections::BTreeSet::from([base.clone()]);
    for (what, edit) in edits {
        let h = hash_after(&ws, edit);
        assert_ne!(h, base, "{what} did not change the hash");
        assert!(seen.insert(h), "{what} gave a hash another edit gave");
    }
}

#[test]
fn new_bytes_under_the_same_asset_name_change_the_hash() {
    // The project and its files in a folder of the test's own.
    let dir = tempfile::tempdir().unwrap();
    let project = common::project_copy(dir.path(), "invoice.ron");
    let logo = dir.path().join("assets/images/logo.png");
    let hash = || {
        let ws = Workspace::open(&project, None).unwrap();
        content_hash(&ws.project, &ws.assets)
    };
    let before = hash();
    assert_eq!(
        before,
        content_hash(&invoice().project, &invoice().assets),
        "where the project lies does not matter"
    );
    // The welcome image's bytes under the logo's name.
    std::fs::copy(common::root().join("assets/images/welcome-hero.png"), &logo).unwrap();
    assert_ne!(hash(), before);
    // A logo that cannot be read changes it too.
    std::fs::remove_file(&logo).unwrap();
    assert_ne!(hash(), before);
}

#[test]
fn review_entries_and_customer_data_leave_the_hash_alone() {
    let ws = invoice();
    let base = content_hash(&ws.project, &ws.assets);
    let reviewed = hash_after(&ws, |p| {
        for (action, comment) in [
            (ReviewAction::Comment, "Bitte den Betrag fett."),
            (ReviewAction::Approve, ""),
        ] {
            p.review.history.push(ReviewEntry {
                prev: None,
                action,
                by: "rita@lumina.example".into(),
                name: "Rita Reviewer".into(),
                at: "2026-11-25T10:00:00Z".into(),
                content_hash: base.clone(),
                comment: comment.into(),
                block: Some("summary".into()),
                channel: None,
                reply_to: None,
                snapshot: None,
                prism: "0.1.0".into(),
                signature: String::new(),
            });
        }
    });
    assert_eq!(reviewed, base, "comments and approvals are not content");
    let other_data = hash_after(&ws, |p| {
        p.data.file = Some("customers.csv".into());
        p.data.more_files.clear();
    });
    assert_eq!(
        other_data, base,
        "where the customer data comes from is not content"
    );
    let mut fewer = invoice();
    fewer.records.truncate(1);
    assert_eq!(
        content_hash(&fewer.project, &fewer.assets),
        base,
        "the records are not content"
    );
}

#[test]
fn the_hash_survives_saving_and_loading() {
    let ws = invoice();
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("invoice.ron");
    prism::model::save_project(&ws.project, &copy).unwrap();
    let reloaded = prism::model::load_project(&copy).unwrap();
    let again = common::with_project(&ws, reloaded);
    assert_eq!(
        content_hash(&again.project, &again.assets),
        content_hash(&ws.project, &ws.assets)
    );
}
