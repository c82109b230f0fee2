//! Writing one top-level field of a RON file in place: the rest of the text (the author's
//! comments, order and layout) stays as it was. Used to store translations an import
//! brought into a project or snippet file that people also edit by hand.

/// `text` with the top-level field `field` set to the RON `value` (replaced where the file
/// has it, added before the closing parenthesis where not); `None` when the text is not a
/// RON struct this scanner can follow (then the caller writes the whole file anew).
pub fn set_field(text: &str, field: &str, value: &str) -> Option<String> {
    let spans = top_level(text)?;
    let indent = "  ";
    match spans.fields.iter().find(|(name, _)| name == field) {
        Some((_, (start, end))) => {
            let mut out = String::with_capacity(text.len() + value.len());
            out.push_str(&text[..*start]);
            out.push(' ');
            out.push_str(value);
            out.push_str(&text[*end..]);
            Some(out)
        }
        None => {
            let close = spans.close;
            let before = text[..close].trim_end();
            let comma = if before.ends_with(',') || before.ends_with('(') {
                ""
            } else {
                ","
            };
            Some(format!(
                "{before}{comma}\n{indent}{field}: {value},\n{}",
                &text[close..]
            ))
        }
    }
}

/// Where a file's top-level fields' values are and where its closing parenthesis is.
struct Spans {
    /// Field name → (just after its colon, where its value ends: the comma at depth 1 or
    /// the closing parenthesis).
    fields: Vec<(String, (usize, usize))>,
    close: usize,
}

/// Scans the text once, skipping strings (also raw strings) and comments, counting
/// brackets.
fn top_level(text: &str) -> Option<Spans> {
    let b = text.as_bytes();
    let mut i = 0;
    let mut depth = 0usize;
    let mut fields = Vec::new();
    let mut open_value: Option<(String, usize)> = None;
    while i < b.len() {
        let c = b[i];
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            i = text[i..].find('\n').map_or(b.len(), |n| i + n);
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'*') {
            i = text[i + 2..].find("*/").map(|n| i + 2 + n + 2)?;
            continue;
        }
        if c == b'r' && matches!(b.get(i + 1), Some(b'"' | b'#')) {
            let hashes = b[i + 1..].iter().take_while(|&&h| h == b'#').count();
            if b.get(i + 1 + hashes) == Some(&b'"') {
                let end = format!("\"{}", "#".repeat(hashes));
                let from = i + 2 + hashes;
                i = text[from..].find(&end).map(|n| from + n + end.len())?;
                continue;
            }
        }
        if c == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            continue;
        }
        match c {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                if depth == 1 && c == b')' {
                    if let Some((name, start)) = open_value.take() {
                        fields.push((name, (start, trim_back(text, i))));
                    }
                    return Some(Spans { fields, close: i });
                }
                depth = depth.checked_sub(1)?;
            }
            b',' if depth == 1 => {
                if let Some((name, start)) = open_value.take() {
                    fields.push((name, (start, i)));
                }
            }
            b':' if depth == 1 && open_value.is_none() => {
                // The field's name: the word just before the colon.
                let before = text[..i].trim_end();
                let start = before
                    .rfind(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
                    .map_or(0, |n| n + 1);
                open_value = Some((before[start..].to_owned(), i + 1));
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Where the value before a closing parenthesis ends, white space left in place.
fn trim_back(text: &str, close: usize) -> usize {
    text[..close].trim_end().len()
}

#[cfg(test)]
mod tests {
    use super::set_field;

    #[test]
    fn a_field_is_replaced_or_added_and_the_rest_kept() {
        let text =
            "// a comment\n(\n  a: 1, // one\n  b: \"x)\",\n  t: { \"k\": (1) },\n  c: [2],\n)\n";
        assert_eq!(
            set_field(text, "t", "{}").unwrap(),
            "// a comment\n(\n  a: 1, // one\n  b: \"x)\",\n  t: {},\n  c: [2],\n)\n"
        );
        assert_eq!(
            set_field(text, "z", "3").unwrap(),
            "// a comment\n(\n  a: 1, // one\n  b: \"x)\",\n  t: { \"k\": (1) },\n  c: [2],\n  z: 3,\n)\n"
        );
        assert_eq!(set_field("(a: 1)", "a", "2").unwrap(), "(a: 2)");
        assert_eq!(set_field("(a: 1)", "b", "2").unwrap(), "(a: 1,\n  b: 2,\n)");
        assert!(set_field("(a: \"open", "a", "2").is_none());
    }
}
