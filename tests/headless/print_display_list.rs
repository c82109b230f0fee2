//! The display list of every sample letter page, as readable text: what layout decided
//! (faces, sizes, colours, positions in points, text of every run, rules, images, links).
//! Any change to the layout shows up here line by line. `INSTA_UPDATE=always` or
//! `cargo insta review` accepts a deliberate change.

use crate::common;

use prism::model::Channel;
use prism::model::ChannelSet;
use prism::render::email::ImageMode;
use prism::workspace::Workspace;

#[test]
fn display_lists_of_the_sample_letters() {
    for path in common::sample_projects() {
        let mut ws = Workspace::open(&path, None).unwrap();
        ws.spoken.set_letter_date("24.11.2026");
        for record in &ws.records {
            let out = ws.render(record, ChannelSet::of(&[Channel::Print]), ImageMode::Cid);
            let letter = out.print.unwrap().artefact.unwrap();
            for (i, page) in letter.pages.iter().enumerate() {
                let name = format!("{}-{}-p{}", common::stem(&path), record.id, i + 1);
                insta::assert_snapshot!(name, page.dump(&ws.typesetter));
            }
        }
    }
}
