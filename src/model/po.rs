//! GNU gettext PO files, the translators' side of `prism translations export|import`.
//!
//! PO rather than XLIFF: every translation tool reads it (Poedit, Weblate, Lokalize, OmegaT,
//! Virtaal), it is text that reads well in a diff and a review, and gettext's own `msgfmt
//! --check` is a strict validator nobody here wrote. A unit is one text: `msgctxt` its key,
//! `msgid` the source (so an import sees whether it changed), `msgstr` the translation (empty
//! when missing), the flag `fuzzy` when the translation is of an earlier source (needs
//! review), and an extracted comment (`#.`) saying where the text is used.

/// Largest PO file read, in bytes.
pub const MAX_PO_BYTES: u64 = 16 << 20;

/// One text in a PO file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The text's key (`msgctxt`).
    pub key: String,
    /// Where it is used (`#.` comments), one per line.
    pub notes: Vec<String>,
    /// The source text (`msgid`).
    pub source: String,
    /// The translation (`msgstr`); empty when there is none.
    pub translation: String,
    /// The translation needs review (`#, fuzzy`).
    pub fuzzy: bool,
}

/// What the header says: the file translated, and from and into which language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The project or library file, as the user named it.
    pub file: String,
    /// The language of the sources.
    pub source_language: String,
    /// The language of the translations.
    pub language: String,
}

/// A PO file that cannot be read, with its line.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct PoError {
    /// The file, as named.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Appends `text` and a line break.
fn line(out: &mut String, text: &str) {
    out.push_str(text);
    out.push('\n');
}

/// The PO file of `units`.
pub fn write(header: &Header, units: &[Unit]) -> String {
    let mut out = String::new();
    line(
        &mut out,
        &format!(
            "# {} in {}, translated from {} (Prism).",
            one_line(&header.file),
            header.language,
            header.source_language
        ),
    );
    out.push_str("# A unit marked fuzzy translates an earlier source text: check it, then remove the flag.\n");
    out.push_str("msgid \"\"\nmsgstr \"\"\n");
    // The fields gettext expects; the translator's tool fills in the revision and team.
    for field_line in [
        format!("Project-Id-Version: {}", header.file),
        "PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE".to_owned(),
        "Last-Translator: FULL NAME <EMAIL@ADDRESS>".to_owned(),
        "Language-Team: none".to_owned(),
        "MIME-Version: 1.0".to_owned(),
        "Content-Type: text/plain; charset=UTF-8".to_owned(),
        "Content-Transfer-Encoding: 8bit".to_owned(),
        format!("Language: {}", header.language),
        format!("X-Source-Language: {}", header.source_language),
        format!("X-Prism-File: {}", header.file),
    ] {
        line(&mut out, &quoted(&format!("{field_line}\n")));
    }
    for u in units {
        out.push('\n');
        for n in &u.notes {
            line(&mut out, &format!("#. {}", one_line(n)));
        }
        if u.fuzzy {
            out.push_str("#, fuzzy\n");
        }
        field(&mut out, "msgctxt", &u.key);
        field(&mut out, "msgid", &u.source);
        field(&mut out, "msgstr", &u.translation);
    }
    out
}

fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

/// `name "text"`, or for a text of several lines `name ""` and a string per line, as
/// gettext writes them.
fn field(out: &mut String, name: &str, text: &str) {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    if lines.len() <= 1 {
        line(out, &format!("{name} {}", quoted(text)));
    } else {
        line(out, &format!("{name} \"\""));
        for l in lines {
            line(out, &quoted(l));
        }
    }
}

fn quoted(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        match c {
            '\\' => q.push_str("\\\\"),
            '"' => q.push_str("\\\""),
            '\n' => q.push_str("\\n"),
            '\t' => q.push_str("\\t"),
            '\r' => q.push_str("\\r"),
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

/// The units of a PO file (the header and obsolete `#~` units left out).
pub fn parse(text: &str, file: &str) -> Result<Vec<Unit>, PoError> {
    let err = |line: usize, message: String| PoError {
        file: file.to_owned(),
        line,
        message,
    };
    #[derive(Default)]
    struct Entry {
        notes: Vec<String>,
        fuzzy: bool,
        ctxt: Option<String>,
        id: Option<String>,
        str: Option<String>,
        line: usize,
    }
    let mut units = Vec::new();
    let mut cur = Entry::default();
    // Which string continuation lines add to.
    let mut target: Option<&'static str> = None;
    let finish = |e: Entry, units: &mut Vec<Unit>| -> Result<(), PoError> {
        match (e.id, e.str) {
            (None, None) => Ok(()),
            (Some(id), Some(s)) => {
                if e.ctxt.is_none() && id.is_empty() {
                    return Ok(()); // the header
                }
                let Some(key) = e.ctxt else {
                    return Err(err(
                        e.line,
                        "a unit without msgctxt (Prism's key for the text)".into(),
                    ));
                };
                units.push(Unit {
                    key,
                    notes: e.notes,
                    source: id,
                    translation: s,
                    fuzzy: e.fuzzy,
                });
                Ok(())
            }
            (Some(_), None) => Err(err(e.line, "msgid without msgstr".into())),
            (None, Some(_)) => Err(err(e.line, "msgstr without msgid".into())),
        }
    };
    for (n, raw) in text.lines().enumerate() {
        let line_no = n + 1;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with("#~") {
            continue;
        }
        if let Some(rest) = line.strip_prefix('#') {
            // A comment after a complete unit starts the next one.
            if cur.str.is_some() {
                finish(std::mem::take(&mut cur), &mut units)?;
                target = None;
            }
            if let Some(note) = rest.strip_prefix('.') {
                cur.notes.push(note.trim().to_owned());
            } else if let Some(flags) = rest.strip_prefix(',') {
                cur.fuzzy |= flags.split(',').any(|f| f.trim() == "fuzzy");
            }
            continue;
        }
        if line.starts_with('"') {
            let s =
                unquote(line).ok_or_else(|| err(line_no, "a string that does not end".into()))?;
            let slot = match target {
                Some("msgctxt") => cur.ctxt.as_mut(),
                Some("msgid") => cur.id.as_mut(),
                Some("msgstr") => cur.str.as_mut(),
                _ => None,
            };
            slot.ok_or_else(|| err(line_no, "a string outside msgctxt, msgid or msgstr".into()))?
                .push_str(&s);
            continue;
        }
        let (keyword, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let value = unquote(rest.trim())
            .ok_or_else(|| err(line_no, format!("{keyword} needs a quoted string")))?;
        // A new msgctxt or msgid after a complete unit starts the next one.
        if matches!(keyword, "msgctxt" | "msgid") && cur.str.is_some() {
            finish(std::mem::take(&mut cur), &mut units)?;
        }
        match keyword {
            "msgctxt" => {
                cur.line = line_no;
                cur.ctxt = Some(value);
                target = Some("msgctxt");
            }
            "msgid" => {
                if cur.line == 0 {
                    cur.line = line_no;
                }
                cur.id = Some(value);
                target = Some("msgid");
            }
            "msgstr" => {
                if cur.id.is_none() {
                    return Err(err(line_no, "msgstr without msgid".into()));
                }
                cur.str = Some(value);
                target = Some("msgstr");
            }
            "msgid_plural" | "msgstr[0]" => {
                return Err(err(
                    line_no,
                    "plural forms (msgid_plural) are not Prism's: write them with the `plural` filter in the text".into(),
                ));
            }
            other => return Err(err(line_no, format!("“{other}” is not a PO keyword"))),
        }
    }
    finish(cur, &mut units)?;
    Ok(units)
}

/// The text of a quoted PO string, escapes undone; `None` when it is not one.
fn unquote(s: &str) -> Option<String> {
    let inner = s.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                'a' => out.push('\u{7}'),
                'b' => out.push('\u{8}'),
                'f' => out.push('\u{c}'),
                'v' => out.push('\u{b}'),
                other => {
                    out.push('\\');
                    out.push(other);
                }
            },
            '"' => return None,
            c => out.push(c),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_survive_writing_and_reading() {
        let units = vec![
            Unit {
                key: "intro:text".into(),
                notes: vec!["Text block “intro”".into()],
                source: "Zwei\n\nAbsätze mit \"Zitat\" und \\".into(),
                translation: "Two\n\nparagraphs".into(),
                fuzzy: true,
            },
            Unit {
                key: "subject".into(),
                notes: vec![],
                source: "Hallo {{ name }}".into(),
                translation: String::new(),
                fuzzy: false,
            },
        ];
        let h = Header {
            file: "welcome.ron".into(),
            source_language: "de".into(),
            language: "en".into(),
        };
        let text = write(&h, &units);
        assert_eq!(parse(&text, "x.po").unwrap(), units);
    }

    #[test]
    fn broken_files_name_their_line() {
        let e = parse("msgctxt \"a\"\nmsgid \"b\n", "x.po").unwrap_err();
        assert_eq!(e.line, 2);
        let e = parse("msgid \"b\"\nmsgstr \"c\"\n", "x.po").unwrap_err();
        assert!(e.message.contains("msgctxt"), "{e}");
        assert!(parse("msgctxt \"a\"\nmsgid \"b\"\nmsgid_plural \"c\"\n", "x.po").is_err());
    }
}
