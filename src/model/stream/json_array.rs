//! Splitting a top-level JSON array into its elements' texts without parsing them.

use super::MAX_RECORD_BYTES;
use std::io::BufRead;

pub(super) enum Broken {
    Io(std::io::Error),
    Syntax { line: usize, message: String },
}

impl From<std::io::Error> for Broken {
    fn from(e: std::io::Error) -> Self {
        Broken::Io(e)
    }
}

/// Splits a top-level JSON array into its elements' texts without parsing them: it only
/// follows strings and nesting, which is all it takes to find where an element ends.
pub(super) struct ArraySplitter<R> {
    pub(super) input: R,
    /// The current line (1-based).
    pub(super) line: usize,
    /// Elements handed out so far; `None` once the closing `]` was read.
    taken: Option<usize>,
}

impl<R: BufRead> ArraySplitter<R> {
    pub(super) fn new(input: R) -> Self {
        ArraySplitter {
            input,
            line: 1,
            taken: Some(0),
        }
    }

    /// Skips whitespace; the next byte, not consumed.
    pub(super) fn peek(&mut self) -> std::io::Result<Option<u8>> {
        loop {
            let buf = self.input.fill_buf()?;
            let Some(&b) = buf.first() else {
                return Ok(None);
            };
            if !b.is_ascii_whitespace() {
                return Ok(Some(b));
            }
            if b == b'\n' {
                self.line += 1;
            }
            self.input.consume(1);
        }
    }

    /// Reads the first byte of the document (`[` or `{`), consuming it.
    pub(super) fn open(&mut self) -> std::io::Result<Option<u8>> {
        let b = self.peek()?;
        if b.is_some() {
            self.input.consume(1);
        }
        Ok(b)
    }

    pub(super) fn syntax(&self, message: &str) -> Broken {
        Broken::Syntax {
            line: self.line,
            message: message.into(),
        }
    }

    /// Copies the next element's text into `out` (at most [`MAX_RECORD_BYTES`] of it); its
    /// first line and whole length, or `None` after the last.
    pub(super) fn element(&mut self, out: &mut Vec<u8>) -> Result<Option<(usize, u64)>, Broken> {
        let Some(taken) = self.taken else {
            return Ok(None);
        };
        if taken > 0 {
            match self.peek()? {
                Some(b',') => self.input.consume(1),
                Some(b']') => {
                    self.input.consume(1);
                    self.taken = None;
                    return self.after_end().map(|_| None);
                }
                _ => return Err(self.syntax("expected `,` or `]` after a record")),
            }
        }
        match self.peek()? {
            Some(b']') if taken == 0 => {
                self.input.consume(1);
                self.taken = None;
                return self.after_end().map(|_| None);
            }
            None => return Err(self.syntax("the list of records is not closed with `]`")),
            _ => {}
        }
        let start = self.line;
        let len = self.copy_value(out)?;
        self.taken = Some(taken + 1);
        Ok(Some((start, len)))
    }

    /// Only whitespace may follow the closing `]`.
    pub(super) fn after_end(&mut self) -> Result<(), Broken> {
        match self.peek()? {
            None => Ok(()),
            Some(_) => Err(self.syntax("text after the end of the list of records")),
        }
    }

    /// Copies one value: up to its matching close for objects and arrays, else up to the
    /// next `,`, `]` or whitespace outside a string. Past [`MAX_RECORD_BYTES`] it only
    /// scans on to the end; the value's whole length.
    pub(super) fn copy_value(&mut self, out: &mut Vec<u8>) -> Result<u64, Broken> {
        let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
        let mut len = 0u64;
        loop {
            let buf = self.input.fill_buf()?;
            if buf.is_empty() {
                return Err(self.syntax("the file ends inside a record"));
            }
            let mut end = None;
            for (i, &b) in buf.iter().enumerate() {
                if in_string {
                    match b {
                        _ if escaped => escaped = false,
                        b'\\' => escaped = true,
                        b'"' => in_string = false,
                        b'\n' => self.line += 1,
                        _ => {}
                    }
                    if !in_string && depth == 0 {
                        end = Some(i + 1);
                        break;
                    }
                    continue;
                }
                match b {
                    b'"' => in_string = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' if depth > 0 => {
                        depth -= 1;
                        if depth == 0 {
                            end = Some(i + 1);
                            break;
                        }
                    }
                    b',' | b']' | b'}' if depth == 0 => {
                        end = Some(i);
                        break;
                    }
                    b'\n' => self.line += 1,
                    _ if depth == 0 && b.is_ascii_whitespace() => {
                        end = Some(i);
                        break;
                    }
                    _ => {}
                }
            }
            let n = end.unwrap_or(buf.len());
            let room = (MAX_RECORD_BYTES + 1).saturating_sub(out.len() as u64) as usize;
            out.extend_from_slice(&buf[..n.min(room)]);
            self.input.consume(n);
            len += n as u64;
            if end.is_some() {
                return Ok(len);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Result<Vec<String>, String> {
        let mut s = ArraySplitter::new(text.as_bytes());
        assert_eq!(s.open().unwrap(), Some(b'['));
        let mut out = Vec::new();
        loop {
            let mut b = Vec::new();
            match s.element(&mut b) {
                Ok(Some(_)) => out.push(String::from_utf8(b).unwrap()),
                Ok(None) => return Ok(out),
                Err(Broken::Syntax { line, message }) => return Err(format!("{line}: {message}")),
                Err(Broken::Io(e)) => return Err(e.to_string()),
            }
        }
    }

    #[test]
    fn splits_elements_with_strings_and_nesting() {
        let got = split("[ {\"a\": \"x],}\\\"\"}, [1,[2]],\n 3 ,\"s,\" , null]\n").unwrap();
        assert_eq!(
            got,
            ["{\"a\": \"x],}\\\"\"}", "[1,[2]]", "3", "\"s,\"", "null"]
        );
        assert_eq!(split("[]").unwrap(), Vec::<String>::new());
    }

    #[test]
    fn broken_arrays_are_errors_with_lines() {
        assert!(
            split("[{\"a\":1}\n{\"b\":2}]")
                .unwrap_err()
                .starts_with("2:")
        );
        assert!(split("[{\"a\":1},").is_err());
        assert!(split("[{\"a\":1").is_err());
        assert!(split("[1] x").is_err());
    }
}
