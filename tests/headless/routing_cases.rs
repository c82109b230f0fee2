//! Routing cases as files: each `tests/cases/routing/NAME.json` names a sample project (its
//! routing policy and kind of message) and holds one record; what routing decides for it —
//! the channels chosen, and for every other channel the reason in words and as its code — is
//! compared with a reviewed snapshot. A new case needs no Rust; `INSTA_UPDATE=always cargo
//! test --test headless routing_cases::` writes its snapshot for review. The rules themselves
//! are checked against an oracle in tests/tools/routing.rs.

use crate::common;
use prism::model::{Channel, Record, load_project};
use std::fmt::Write;

#[test]
fn routing_cases() {
    insta::glob!("../cases/routing", "*.json", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let case: serde_json::Value = serde_json::from_str(&text).unwrap();
        let project_file = common::root()
            .join("projects")
            .join(case["project"].as_str().expect("the case names a project"));
        let project = load_project(&project_file).unwrap();
        let fields = case["record"].clone();
        let id = fields["customer_id"].as_str().unwrap().to_owned();
        let record = Record::new(id, "case".into(), fields);
        let decision = prism::routing::Router::new(&project).decide(&record);
        let mut out = format!(
            "{} message, chosen: {}\n",
            prism::routing::kind_name(project.meta.kind),
            match decision.chosen_names().as_str() {
                "" => "nothing",
                names => names,
            }
        );
        for c in Channel::ALL {
            let code = decision.reason(c).map_or("", |r| r.code());
            let line = format!("{:<6} {} {code}", c.name(), decision.summary(c));
            writeln!(out, "{}", line.trim_end()).unwrap();
        }
        insta::assert_snapshot!(out);
    });
}
