//! The plain-text part: lines of at most 78 characters (a link may run longer, as it must
//! stay whole), and the same blocks in the same order as the HTML shows them.

use crate::common;

use prism::model::ChannelSet;
use prism::model::{Channel, Record};
use prism::render::email::{Email, ImageMode};
use prism::workspace::Workspace;

fn emails(ws: &Workspace) -> Vec<(String, Email)> {
    ws.records
        .iter()
        .map(|r| {
            let out = ws.render(r, ChannelSet::of(&[Channel::Email]), ImageMode::Cid);
            (r.id.clone(), out.email.unwrap().artefact.unwrap())
        })
        .collect()
}

fn check_lines(name: &str, text: &str) {
    for line in text.lines() {
        let n = line.chars().count();
        let a_link = line
            .split_whitespace()
            .any(|w| w.contains("://") || w.contains('@'));
        assert!(n <= 78 || a_link, "{name}: {n} characters: {line:?}");
    }
}

/// The text of each content row of the HTML (one per block), tags removed, in order.
fn html_blocks(html: &str) -> Vec<String> {
    use html5gum::{Token, Tokenizer};
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    let mut depth = 0;
    for token in Tokenizer::new(html).flatten() {
        match token {
            Token::StartTag(t) if t.name.as_slice() == b"td" => {
                let class = t
                    .attributes
                    .get(b"class".as_slice())
                    .map(|v| v.as_slice().to_vec());
                if current.is_none() && class.is_some_and(|c| c.starts_with(b"prism-pad")) {
                    current = Some(String::new());
                    depth = 0;
                } else if current.is_some() {
                    depth += 1;
                }
            }
            Token::EndTag(t) if t.name.as_slice() == b"td" && current.is_some() => {
                if depth == 0 {
                    blocks.push(current.take().unwrap());
                } else {
                    depth -= 1;
                }
            }
            Token::String(s) => {
                if let Some(c) = current.as_mut() {
                    c.push_str(&String::from_utf8_lossy(&s));
                    c.push(' ');
                }
            }
            _ => {}
        }
    }
    blocks
        .into_iter()
        .map(|b| {
            b.replace('\u{ad}', "")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|b| !b.is_empty())
        .collect()
}

#[test]
fn text_lines_fit_78_characters_and_follow_the_html_block_by_block() {
    for path in common::sample_projects() {
        let ws = Workspace::open(&path, None).unwrap();
        for (id, email) in emails(&ws) {
            let name = format!("{} {id}", common::stem(&path));
            check_lines(&name, &email.text);
            let text: String = email.text.split_whitespace().collect::<Vec<_>>().join(" ");
            let mut at = 0;
            let blocks = html_blocks(&email.html);
            assert!(blocks.len() >= 5, "{name}: {blocks:?}");
            for block in blocks {
                // The block's first three words, found after the previous block's.
                let head: String = block.split(' ').take(3).collect::<Vec<_>>().join(" ");
                let found = text[at..].find(&head).unwrap_or_else(|| {
                    panic!("{name}: `{head}` is not in the text part after position {at}:\n{text}")
                });
                at += found + head.len();
            }
        }
    }
}

#[test]
fn a_table_too_wide_for_a_text_line_becomes_one_record_per_row() {
    let mut ws = Workspace::open(&common::root().join("projects/invoice.ron"), None).unwrap();
    let mut fields = ws.records[0].fields.clone();
    fields["invoice"]["items"][0]["name"] =
        "Jahresabonnement Premium-Tarif mit Zusatzoption Ausland und Ersatzgerät".into();
    ws.records[0] = Record::new("C-1001".into(), "test".into(), fields);
    let (_, email) = emails(&ws).remove(0);
    check_lines("long item", &email.text);
    assert!(
        email.text.contains(
            "Jahresabonnement Premium-Tarif mit Zusatzoption Ausland und Ersatzgerät\nMenge: 1\nEinzelpreis: 39,90\u{a0}€"
        ),
        "{}",
        email.text
    );
}
