//! Plain-text forms of rich text, shared by the email text part, SMS and chat.

use crate::template::markdown::{Paragraph, RichText};

/// A paragraph as plain text; a link is written out after its text unless the text is the address.
pub fn paragraph_plain(p: &Paragraph) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < p.len() {
        let span = &p[i];
        match &span.link {
            None => {
                out.push_str(&span.text);
                i += 1;
            }
            Some(url) => {
                // A link may span several styled runs: take them together.
                let mut label = String::new();
                while i < p.len() && p[i].link.as_ref() == Some(url) {
                    label.push_str(&p[i].text);
                    i += 1;
                }
                out.push_str(&link_plain(&label, url));
            }
        }
    }
    out
}

pub fn link_plain(label: &str, url: &str) -> String {
    let bare = url
        .strip_prefix("mailto:")
        .or_else(|| url.strip_prefix("tel:"))
        .unwrap_or(url);
    if label.trim().is_empty() || label.trim() == url || label.trim() == bare {
        bare.to_owned()
    } else {
        format!("{label} ({bare})")
    }
}

/// Paragraphs as plain text, one string each.
pub fn rich_plain(text: &RichText) -> Vec<String> {
    text.paragraphs.iter().map(paragraph_plain).collect()
}

/// Word-wraps at `width` characters; words longer than the line (URLs) stay whole.
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let mut col = 0;
        for word in line.split(' ').filter(|w| !w.is_empty()) {
            let len = word.chars().count();
            if col > 0 && col + 1 + len > width {
                out.push('\n');
                col = 0;
            } else if col > 0 {
                out.push(' ');
                col += 1;
            }
            out.push_str(word);
            col += len;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_and_keeps_long_words() {
        assert_eq!(wrap("aaa bbb ccc", 7), "aaa bbb\nccc");
        assert_eq!(
            wrap("x https://very-long.example/path y", 10),
            "x\nhttps://very-long.example/path\ny"
        );
    }

    #[test]
    fn links_written_out() {
        assert_eq!(link_plain("hier", "https://a.de"), "hier (https://a.de)");
        assert_eq!(link_plain("a@b.de", "mailto:a@b.de"), "a@b.de");
    }
}
