//! Every sample email in headless Chromium: at 320, 375, 414 and 600 px the message never
//! scrolls sideways, with its `<style>` and without it (as Gmail's mobile webmail and other
//! clients show it), and its text is all there; light and dark, it shows the colours the
//! project declares (the ones the designer's preview paints).

use crate::common;

use prism::render::email::ImageMode;
use std::fmt::Write as _;

const WIDTHS: [u32; 4] = [320, 375, 414, 600];

/// The HTML as the plainest target client shows it: no `<style>` element, and none of the
/// inline enhancements some clients drop (`overflow-wrap`, `white-space`; see
/// tests/tools/email_clients.rs), so the base layout must fit on its own.
fn without_style(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<style") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("</style>").expect("closed style") + start;
        rest = &rest[end + "</style>".len()..];
    }
    out.push_str(rest);
    out.replace("overflow-wrap:anywhere;", "")
        .replace("white-space:nowrap;", "")
}

#[test]
fn every_sample_email_fits_every_screen_with_and_without_its_style() {
    let dir = tempfile::tempdir().unwrap();
    let mut page = String::from(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body style=\"margin:0\">\n",
    );
    let mut cases = Vec::new();
    for (_, name, email) in common::sample_emails(ImageMode::DataUri) {
        {
            // What must be visible: the first and the last words of the plain-text part
            // (not alt texts or written-out links, which the HTML does not show as text).
            let mut shown = String::new();
            let mut depth = 0;
            for c in email.text.chars() {
                match c {
                    '[' | '(' => depth += 1,
                    ']' | ')' => depth -= 1,
                    c if depth == 0 => shown.push(c),
                    _ => {}
                }
            }
            let words: Vec<&str> = shown
                .split_whitespace()
                .filter(|w| !w.contains("://"))
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                .filter(|w| !w.is_empty())
                .collect();
            let expect = [words[0].to_owned(), words[words.len() - 1].to_owned()];
            for styled in [true, false] {
                let html = if styled {
                    email.html.clone()
                } else {
                    without_style(&email.html)
                };
                for w in WIDTHS {
                    let n = cases.len();
                    writeln!(
                        page,
                        "<iframe id=\"f{n}\" style=\"display:block;width:{w}px;height:6000px;border:0\" srcdoc=\"{}\"></iframe>",
                        common::srcdoc(&html)
                    ).unwrap();
                    cases.push((
                        format!("{name} {w} px{}", if styled { "" } else { ", no <style>" }),
                        w,
                        expect.clone(),
                    ));
                }
            }
        }
    }
    page.push_str(
        "<pre id=\"out\"></pre><script>\nwindow.onload = function () {\n  var lines = [];\n  for (var i = 0; ; i++) {\n    var f = document.getElementById('f' + i);\n    if (!f) break;\n    var d = f.contentDocument;\n    lines.push(d.documentElement.scrollWidth + '\\t' + d.body.innerText.replace(/\\s+/g, ' '));\n  }\n  document.getElementById('out').textContent = lines.join('\\n');\n};\n</script></body></html>\n",
    );
    let file = dir.path().join("screens.html");
    std::fs::write(&file, page).unwrap();
    let out = common::chromium_out(&file, &[], false);
    let results: Vec<&str> = out.lines().collect();
    assert_eq!(results.len(), cases.len(), "{out}");
    let mut failures = Vec::new();
    for ((name, width, expect), line) in cases.iter().zip(results) {
        let (scroll, text) = line.split_once('\t').unwrap();
        let scroll: u32 = scroll.parse().unwrap();
        if scroll > *width {
            failures.push(format!("{name}: {scroll} px wide"));
        }
        for word in expect {
            if !text.contains(word.as_str()) {
                failures.push(format!("{name}: `{word}` is not shown"));
            }
        }
    }
    assert!(cases.len() >= 100, "{} cases", cases.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `#rrggbb` as Chromium's computed style writes it.
fn rgb(hex: &str) -> String {
    let h = hex.trim_start_matches('#');
    let c = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).unwrap();
    format!("rgb({}, {}, {})", c(0), c(2), c(4))
}

#[test]
fn light_and_dark_show_the_declared_colours() {
    use prism::render::email::colours::EmailColours;
    let dir = tempfile::tempdir().unwrap();
    let mut page =
        String::from("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>\n");
    let mut expected = Vec::new();
    // The first record of each sample project.
    let mut emails = common::sample_emails(ImageMode::DataUri);
    emails.dedup_by(|a, b| std::rc::Rc::ptr_eq(&a.0, &b.0));
    for (ws, name, email) in emails {
        let colours = EmailColours::of(&ws.project, &mut Vec::new());
        writeln!(
            page,
            "<iframe id=\"f{}\" style=\"width:600px;height:2000px\" srcdoc=\"{}\"></iframe>",
            expected.len(),
            common::srcdoc(&email.html)
        )
        .unwrap();
        expected.push((name, colours));
    }
    // Canvas, card, heading text, legal text and footer, as computed by Chromium.
    page.push_str(
        "<pre id=\"out\"></pre><script>\nwindow.onload = function () {\n  var lines = [];\n  for (var i = 0; ; i++) {\n    var f = document.getElementById('f' + i);\n    if (!f) break;\n    var d = f.contentDocument, w = f.contentWindow;\n    var css = function (sel, prop) { var e = d.querySelector(sel); return e ? w.getComputedStyle(e)[prop] : 'missing ' + sel; };\n    lines.push([css('body', 'backgroundColor'), css('.prism-card', 'backgroundColor'), css('h1', 'color'), css('p.prism-muted', 'color'), css('.prism-footer', 'color')].join('|'));\n  }\n  document.getElementById('out').textContent = lines.join('\\n');\n};\n</script></body></html>\n",
    );
    let file = dir.path().join("colours.html");
    std::fs::write(&file, page).unwrap();
    for dark in [false, true] {
        let out = common::chromium_out(
            &file,
            if dark { &["--force-dark-mode"] } else { &[] },
            false,
        );
        for ((name, colours), line) in expected.iter().zip(out.lines()) {
            let s = if dark { &colours.dark } else { &colours.light };
            let want = [&s.canvas, &s.card, &s.text, &s.muted, &s.muted]
                .map(|h| rgb(h))
                .join("|");
            assert_eq!(line, want, "{name}, dark: {dark}");
        }
        assert_eq!(out.lines().count(), expected.len());
    }
}
