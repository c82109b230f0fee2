//! Audience routing, proven on generated records: marketing never reaches a channel without
//! a legal basis, `Single` sends at most one channel and exactly one whenever one is
//! eligible, the preferred channel wins when eligible, suppressed contacts get nothing; the
//! frequency cap holds across two exports; every artefact has a routing row that chose it
//! and every chosen channel its artefact; the sample audience generator is deterministic.
//!
//! The oracle here is written from the rules, not from Prism's code: eligibility is known
//! from how each record was generated (valid, malformed or missing addresses, consents).

use crate::common;

use prism::model::{Channel, Project, Strategy as Routing};
use prism::routing::{Router, Suppression};
use proptest::prelude::*;
use serde_json::{Value, json};
use std::path::Path;

/// A record as generated, with what the oracle knows about it.
#[derive(Debug, Clone)]
struct Case {
    record: Value,
    consent: [bool; 4],
    opt_out: [bool; 4],
    /// Address known valid (true), malformed or missing (false), per channel.
    reachable: [bool; 4],
    existing_customer: bool,
    preferred: Option<Channel>,
    suppressed_id: bool,
}

fn address(kind: u8, valid: &str, malformed: &str) -> (String, bool) {
    match kind {
        0 => (String::new(), false),
        1 => (malformed.to_owned(), false),
        _ => (valid.to_owned(), true),
    }
}

fn case() -> impl Strategy<Value = Case> {
    (
        (0u32..10_000, prop::array::uniform4(any::<bool>()), prop::array::uniform4(prop::bool::weighted(0.1))),
        (0u8..4, 0u8..4, 0u8..4, 0u8..4),
        (any::<bool>(), any::<bool>(), any::<bool>(), 0usize..6, prop::bool::weighted(0.1)),
    )
        .prop_map(|((n, consent, opt_out), (e, p, c, a), (since, objected, informed, pref, suppressed_id))| {
            let id = format!("P-{n:05}");
            let (email, email_ok) = address(e, &format!("kunde{n}@example.de"), "kunde@@example.de");
            let (phone, phone_ok) = address(p, "+4915112345678", "0151 12");
            let (chat, chat_ok) = match c {
                0 => (String::new(), false),
                _ => ("wa:4915112345678".to_owned(), true),
            };
            let (street, post_ok) = match a {
                0 => ("", false),
                1 => ("", false),
                _ => ("Hauptstraße 1", true),
            };
            let postal_code = if a == 0 { "" } else { "50667" };
            let city = if a == 0 { "" } else { "Köln" };
            let names = ["email", "sms", "chat", "print", "letter", ""];
            let preferred = prism::routing::parse_channel(names[pref]);
            let existing_customer = since && !objected && informed;
            let record = json!({
                "customer_id": id,
                "last_name": "Muster",
                "email": email,
                "phone": phone,
                "chat_id": chat,
                "street": street,
                "postal_code": postal_code,
                "city": city,
                "country": "DE",
                "preferred_channel": names[pref],
                "consent": {"email": consent[0], "sms": consent[1], "chat": consent[2], "print": consent[3]},
                "opt_out": {"email": opt_out[0], "sms": opt_out[1], "chat": opt_out[2], "print": opt_out[3]},
                "existing_customer": if since {
                    json!({"since": "2024-01-01", "objected": objected, "informed": informed})
                } else {
                    json!({})
                },
            });
            Case {
                record,
                consent,
                opt_out,
                reachable: [email_ok, phone_ok, chat_ok, post_ok],
                existing_customer,
                preferred,
                suppressed_id,
            }
        })
}

fn welcome() -> Project {
    prism::model::load_project(&common::root().join("projects/welcome.ron")).unwrap()
}

fn to_record(v: &Value) -> prism::model::Record {
    let mut records = prism::model::load_records(
        &prism::model::DataSource {
            records: vec![v.clone()],
            ..Default::default()
        },
        None,
        Path::new("."),
    )
    .unwrap();
    records.remove(0)
}

fn router(project: &Project, suppressed: &[String]) -> Router {
    let mut r = Router::new(project);
    r.context.suppression = Suppression::parse(&suppressed.join("\n"));
    r
}

/// The rules, independently: may this record get channel `i` of a marketing message?
fn eligible(c: &Case, i: usize) -> bool {
    let basis = c.consent[i] || (i == 0 && c.existing_customer);
    !c.opt_out[i] && !c.suppressed_id && basis && c.reachable[i]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn single_routing_follows_the_rules(c in case()) {
        let project = welcome();
        let suppressed: Vec<String> = if c.suppressed_id {
            vec![c.record["customer_id"].as_str().unwrap().to_owned()]
        } else {
            Vec::new()
        };
        let d = router(&project, &suppressed).decide(&to_record(&c.record));
        let chosen: Vec<Channel> = d.chosen.iter().collect();
        let any = (0..4).any(|i| eligible(&c, i));
        // At most one, and one whenever any channel may be used.
        prop_assert!(chosen.len() <= 1, "{chosen:?}");
        prop_assert_eq!(chosen.len() == 1, any, "{:?} {:?}", chosen, d.reasons);
        for ch in &chosen {
            // Never without a legal basis, an address, or against an opt-out.
            prop_assert!(eligible(&c, *ch as usize), "{ch:?} chosen for {:?}", c);
        }
        // The preferred channel wins when it may be used.
        if let Some(p) = c.preferred && eligible(&c, p as usize) {
            prop_assert_eq!(&chosen, &vec![p]);
        }
        if c.suppressed_id {
            prop_assert!(chosen.is_empty());
        }
    }

    #[test]
    fn all_routing_sends_on_every_eligible_channel_and_no_other(c in case()) {
        let mut project = welcome();
        project.routing.strategy = Some(Routing::All);
        let d = router(&project, &[]).decide(&to_record(&c.record));
        let c = Case { suppressed_id: false, ..c };
        for ch in Channel::ALL {
            prop_assert_eq!(d.chosen.contains(ch), eligible(&c, ch as usize), "{:?}: {:?}", ch, d.reasons);
        }
    }

    #[test]
    fn a_suppressed_address_is_never_used(c in case()) {
        let email = c.record["email"].as_str().unwrap().to_uppercase();
        let d = router(&welcome(), &[email, "+4915112345678".into()]).decide(&to_record(&c.record));
        prop_assert!(!d.chosen.contains(Channel::Email) || c.record["email"] == "");
        prop_assert!(!d.chosen.contains(Channel::Sms));
    }
}

#[test]
fn transactional_messages_need_no_consent_but_respect_opt_outs() {
    let mut project =
        prism::model::load_project(&common::root().join("projects/invoice.ron")).unwrap();
    project.routing.strategy = Some(Routing::All);
    project.routing.order = Channel::ALL.to_vec();
    let base = json!({
        "customer_id": "T-1", "last_name": "Muster", "email": "t@example.de",
        "phone": "+4915112345678", "chat_id": "", "street": "Weg 1", "postal_code": "50667",
        "city": "Köln", "consent": {"email": false, "sms": false, "chat": false, "print": false},
    });
    let d = Router::new(&project).decide(&to_record(&base));
    assert_eq!(d.chosen_names(), "email+sms+print");
    let mut opted = base;
    opted["opt_out"] = json!({"email": true});
    let d = Router::new(&project).decide(&to_record(&opted));
    assert_eq!(d.chosen_names(), "sms+print");
    assert_eq!(d.reason(Channel::Email).unwrap().code(), "opted-out");
}

/// The first `n` records of the generated audience, written beside a copy of welcome.ron.
fn audience_copy(dir: &Path, n: usize) -> std::path::PathBuf {
    let project = common::project_copy(dir, "welcome.ron");
    common::run_ok(
        std::process::Command::new("python3")
            .arg(common::root().join("projects/generate_audience.py"))
            .args(["--records", &n.to_string(), "--out"])
            .arg(project.parent().unwrap()),
    );
    project
}

/// [`audience_copy`] with a cap of one marketing message in 30 days.
fn capped_audience(dir: &Path, n: usize) -> std::path::PathBuf {
    let project = audience_copy(dir, n);
    let text = std::fs::read_to_string(&project).unwrap();
    std::fs::write(
        &project,
        text.replace("(messages: 2, days: 30)", "(messages: 1, days: 30)"),
    )
    .unwrap();
    project
}

fn export(project: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let data = project.with_file_name("audience-10k.json");
    let out = common::prism()
        .arg("export")
        .arg(project)
        .arg("--data")
        .arg(&data)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    assert_ne!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn rows(out: &Path) -> Vec<csv::StringRecord> {
    csv::Reader::from_path(out.join("routing.csv"))
        .unwrap()
        .records()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn every_artefact_has_a_row_that_chose_it_and_every_choice_its_artefact() {
    let dir = tempfile::tempdir().unwrap();
    let project = audience_copy(dir.path(), 300);
    let suppress = project.with_file_name("suppression.txt");
    let out = dir.path().join("out");
    let said = export(&project, &out, &["--suppress", suppress.to_str().unwrap()]);
    let summary = String::from_utf8_lossy(&said.stdout);
    assert!(summary.contains("routing: 300 records"), "{summary}");
    let rows = rows(&out);
    assert_eq!(rows.len(), 300);
    let sms = std::fs::read_to_string(out.join("sms.jsonl")).unwrap();
    let chat = std::fs::read_to_string(out.join("chat.jsonl")).unwrap();
    let line_ids = |text: &str| -> std::collections::HashSet<String> {
        text.lines()
            .map(|l| {
                serde_json::from_str::<Value>(l).unwrap()["record"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect()
    };
    let (sms_ids, chat_ids) = (line_ids(&sms), line_ids(&chat));
    let mut chosen_total = 0;
    for row in &rows {
        let id = &row[0];
        let chosen: Vec<&str> = row[3].split('+').filter(|s| !s.is_empty()).collect();
        assert!(chosen.len() <= 1, "{row:?}");
        chosen_total += chosen.len();
        // Nothing failed here: what routing chose is what was sent.
        assert_eq!(&row[3], &row[4], "{row:?}");
        for (c, col) in [("email", 5), ("sms", 6), ("chat", 7), ("print", 8)] {
            let has = match c {
                "email" => out.join(format!("email/000/{id}.eml")).exists(),
                "print" => out.join(format!("print/000/{id}.pdf")).exists(),
                "sms" => sms_ids.contains(id),
                _ => chat_ids.contains(id),
            };
            assert_eq!(chosen.contains(&c), has, "{id} {c}: {row:?}");
            assert_eq!(&row[col] == "sent", has, "{id} {c}: {row:?}");
        }
    }
    assert!(
        chosen_total > 150,
        "most of the sample audience is reachable: {chosen_total}"
    );
    // The suppression file's ids get nothing.
    let suppressed: Vec<String> = std::fs::read_to_string(&suppress)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("A-"))
        .map(str::to_owned)
        .collect();
    for row in rows
        .iter()
        .filter(|r| suppressed.iter().any(|s| s == &r[0]))
    {
        assert_eq!(&row[3], "", "{row:?}");
    }
}

#[test]
fn the_frequency_cap_holds_across_two_exports() {
    let dir = tempfile::tempdir().unwrap();
    let project = capped_audience(dir.path(), 60);
    let (first, second) = (dir.path().join("first"), dir.path().join("second"));
    export(&project, &first, &[]);
    export(&project, &second, &["--history", first.to_str().unwrap()]);
    let reached: Vec<String> = rows(&first)
        .iter()
        .filter(|r| !r[4].is_empty())
        .map(|r| r[0].to_owned())
        .collect();
    assert!(!reached.is_empty());
    for row in rows(&second) {
        if reached.iter().any(|id| id == &row[0]) {
            assert_eq!(&row[3], "", "{row:?}");
            assert!(row.iter().any(|f| f == "frequency-cap"), "{row:?}");
        }
    }
    let artefacts = std::fs::read_dir(&second)
        .unwrap()
        .filter(|e| {
            let name = e
                .as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .into_owned();
            reached.iter().any(|id| name.starts_with(&format!("{id}.")))
        })
        .count();
    assert_eq!(
        artefacts, 0,
        "nobody reached in the first export gets anything in the second"
    );
}

#[test]
fn the_sample_audience_generator_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    common::run_ok(
        std::process::Command::new("python3")
            .arg(common::root().join("projects/generate_audience.py"))
            .arg("--out")
            .arg(dir.path()),
    );
    for f in ["audience-10k.json", "suppression.txt"] {
        let fresh = std::fs::read(dir.path().join(f)).unwrap();
        let kept = std::fs::read(common::root().join("projects").join(f)).unwrap();
        assert!(
            fresh == kept,
            "{f} differs from a fresh run of the generator"
        );
    }
}

#[test]
fn prism_route_prints_the_table_and_the_counts() {
    let out = common::route_sample_audience();
    assert_eq!(out.status.code(), Some(0));
    let table = String::from_utf8(out.stdout).unwrap();
    assert_eq!(table.lines().count(), 10_001);
    let counts = String::from_utf8(out.stderr).unwrap();
    assert!(counts.contains("routing plan: 10000 records"), "{counts}");
    // A plan: nothing is said to be sent, and there is no export time.
    let header = table.lines().next().unwrap();
    assert!(
        !header.contains("exported_at") && !header.contains("sent"),
        "{header}"
    );
    assert!(!table.contains(",sent"), "a plan says nothing was sent");
    for reason in [
        "no-consent",
        "opted-out",
        "suppressed",
        "invalid-address",
        "no-address",
        "not-preferred",
    ] {
        assert!(counts.contains(reason), "{reason} in {counts}");
    }
}

/// The (record, channel) pairs of `routing.csv` whose cell says `sent`, and the number of
/// rows that sent nothing.
fn sent_cells(out: &Path) -> (std::collections::BTreeSet<(String, String)>, usize) {
    let mut sent = std::collections::BTreeSet::new();
    let mut nothing = 0;
    for row in rows(out) {
        let mut any = false;
        for (c, col) in [("email", 5), ("sms", 6), ("chat", 7), ("print", 8)] {
            if &row[col] == "sent" {
                sent.insert((row[0].to_owned(), c.to_owned()));
                any = true;
            }
        }
        // The `sent` column says the same as the cells.
        let listed: Vec<&str> = row[4].split('+').filter(|s| !s.is_empty()).collect();
        let cells: Vec<&str> = ["email", "sms", "chat", "print"]
            .into_iter()
            .filter(|c| sent.contains(&(row[0].to_owned(), (*c).to_owned())))
            .collect();
        assert_eq!(listed, cells, "{row:?}");
        nothing += usize::from(!any);
    }
    (sent, nothing)
}

/// The (record, channel) pairs of every artefact `manifest.jsonl` lists.
fn listed_artefacts(out: &Path) -> Vec<(String, String)> {
    std::fs::read_to_string(out.join("manifest.jsonl"))
        .unwrap()
        .lines()
        .flat_map(|l| {
            let e: Value = serde_json::from_str(l).unwrap();
            let id = e["id"].as_str().unwrap().to_owned();
            e["outputs"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| (id.clone(), o["channel"].as_str().unwrap().to_owned()))
                .collect::<Vec<_>>()
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10))]

    /// Random channel subsets with injected failures (records without `first_name`, which
    /// the subject and heading print; a hero image that cannot be decoded): every `sent` cell
    /// has exactly one listed artefact, every listed artefact a `sent` cell, the summary's
    /// "reached on no channel" counts the rows that sent nothing, and `verify` finds every
    /// listed artefact as it was written.
    #[test]
    fn sent_means_written_and_listed(
        channels in proptest::sample::subsequence(vec!["email", "sms", "chat", "print"], 1..=4),
        broken in proptest::collection::btree_set(0..30usize, 0..4),
        bad_image in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let project = audience_copy(dir.path(), 30);
        let data = project.with_file_name("audience-10k.json");
        let mut records: Vec<Value> = serde_json::from_slice(&std::fs::read(&data).unwrap()).unwrap();
        for i in &broken {
            records[*i].as_object_mut().unwrap().remove("first_name");
        }
        std::fs::write(&data, serde_json::to_vec(&records).unwrap()).unwrap();
        if bad_image {
            let hero = dir.path().join("assets/images/welcome-hero.png");
            let bytes = std::fs::read(&hero).unwrap();
            std::fs::write(&hero, &bytes[..bytes.len() / 3]).unwrap();
        }
        let out = dir.path().join("out");
        let said = export(&project, &out, &["--channels", &channels.join(",")]);
        let (sent, nothing) = sent_cells(&out);
        let listed = listed_artefacts(&out);
        let listed_set: std::collections::BTreeSet<_> = listed.iter().cloned().collect();
        prop_assert_eq!(listed.len(), listed_set.len(), "an artefact listed twice");
        prop_assert_eq!(&sent, &listed_set);
        let summary = String::from_utf8_lossy(&said.stdout);
        let reached = format!("{nothing} reached on no channel (nothing written)");
        prop_assert!(summary.contains(&reached), "{} in {}", reached, summary);
        // A record that lacks the name its subject prints gets no email and no letter.
        for i in &broken {
            let id = records[*i]["customer_id"].as_str().unwrap();
            for c in ["email", "print"] {
                prop_assert!(!sent.contains(&(id.to_owned(), c.to_owned())), "{} {} was sent", id, c);
            }
        }
        let verify = common::prism().arg("verify").arg(&out).output().unwrap();
        prop_assert_eq!(verify.status.code(), Some(0), "{}", String::from_utf8_lossy(&verify.stdout));
    }
}

#[test]
fn the_frequency_cap_counts_only_what_an_earlier_export_sent() {
    let dir = tempfile::tempdir().unwrap();
    let project = capped_audience(dir.path(), 80);
    // Letters only: whoever routing chose email, SMS or chat for got nothing.
    let (first, second) = (dir.path().join("first"), dir.path().join("second"));
    export(&project, &first, &["--channels", "print"]);
    export(&project, &second, &["--history", first.to_str().unwrap()]);
    let earlier = rows(&first);
    let sent: Vec<&str> = earlier
        .iter()
        .filter(|r| !r[4].is_empty())
        .map(|r| &r[0])
        .collect();
    let unsent: Vec<&str> = earlier
        .iter()
        .filter(|r| r[4].is_empty() && !r[3].is_empty())
        .map(|r| &r[0])
        .collect();
    assert!(
        !sent.is_empty() && !unsent.is_empty(),
        "{sent:?} {unsent:?}"
    );
    for row in rows(&second) {
        let capped = row.iter().any(|f| f == "frequency-cap");
        if sent.contains(&&row[0]) {
            assert!(capped, "sent a letter before, so capped now: {row:?}");
        }
        if unsent.contains(&&row[0]) {
            assert!(!capped, "never sent anything, so not capped: {row:?}");
        }
    }
}
