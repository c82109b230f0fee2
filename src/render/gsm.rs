//! SMS encoding after GSM 03.38 (3GPP TS 23.038): which alphabet, how many units, how many segments.

use serde::Serialize;

/// The GSM 7-bit default alphabet, in code order (0x00–0x7F). 0x1B is the escape to the extension table.
const BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u{1b}ÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// Characters of the extension table; each costs the escape plus itself: two septets.
const EXTENSION: &str = "\u{0c}^{}\\[~]|€";

/// Septets a GSM-7 SMS can carry in a single segment.
pub const GSM_SINGLE: usize = 160;
/// Septets per segment of a longer GSM-7 SMS (the concatenation header takes the rest).
pub const GSM_SEGMENT: usize = 153;
/// UTF-16 code units a UCS-2 SMS can carry in a single segment.
pub const UCS2_SINGLE: usize = 70;
/// UTF-16 code units per segment of a longer UCS-2 SMS.
pub const UCS2_SEGMENT: usize = 67;

/// The alphabet an SMS is sent in; serialised as "GSM-7" or "UCS-2".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Encoding {
    /// The GSM 7-bit default alphabet and its extension table: one or two septets a character.
    #[serde(rename = "GSM-7")]
    Gsm7,
    /// UCS-2 (UTF-16): carries any character, but segments hold less than half as many.
    #[serde(rename = "UCS-2")]
    Ucs2,
}

impl Encoding {
    /// The encoding's usual name, as shown to users: "GSM-7" or "UCS-2".
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Gsm7 => "GSM-7",
            Encoding::Ucs2 => "UCS-2",
        }
    }
}

/// What an SMS text costs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SmsAnalysis {
    /// GSM-7 when every character fits it, otherwise UCS-2.
    pub encoding: Encoding,
    /// Segments the text is sent in (an empty text is still one message).
    pub segments: usize,
    /// Septets for GSM-7, UTF-16 code units for UCS-2.
    pub units: usize,
    /// Characters, as a reader counts them.
    pub characters: usize,
    /// The distinct characters that forced UCS-2, in order of first use.
    pub non_gsm: Vec<char>,
}

impl SmsAnalysis {
    /// The figures for people, the same in the preview and the proof pack: "GSM-7 ·
    /// 2 segments · 221 septets (215 characters)". Segments are counted in septets or
    /// UTF-16 units, which is why both counts are shown.
    pub fn describe(&self) -> String {
        let units = match self.encoding {
            Encoding::Gsm7 => "septet",
            Encoding::Ucs2 => "UCS-2 unit",
        };
        format!(
            "{} · {} · {} ({})",
            self.encoding.name(),
            crate::diag::counted(self.segments, "segment"),
            crate::diag::counted(self.units, units),
            crate::diag::counted(self.characters, "character"),
        )
    }
}

/// Septets a character takes in GSM-7, or `None` if GSM-7 cannot carry it.
pub fn gsm_septets(c: char) -> Option<usize> {
    if c.is_ascii() {
        // Fast path: most of ASCII is in the basic table; a few are extension characters; ` is not in GSM.
        return match c {
            '^' | '{' | '}' | '\\' | '[' | ']' | '~' | '|' | '\u{0c}' => Some(2),
            '`' => None,
            '\n' | '\r' | ' '..='~' => Some(1),
            '\u{1b}' => None,
            _ => None,
        };
    }
    if BASIC.contains(c) {
        Some(1)
    } else if EXTENSION.contains(c) {
        Some(2)
    } else {
        None
    }
}

/// What `text` costs as an SMS: its encoding, units and segments. Characters outside
/// GSM-7 switch the whole text to UCS-2.
pub fn analyze(text: &str) -> SmsAnalysis {
    let mut non_gsm: Vec<char> = Vec::new();
    let mut characters = 0;
    for c in text.chars() {
        characters += 1;
        if gsm_septets(c).is_none() && !non_gsm.contains(&c) {
            non_gsm.push(c);
        }
    }
    let (encoding, single, segment) = if non_gsm.is_empty() {
        (Encoding::Gsm7, GSM_SINGLE, GSM_SEGMENT)
    } else {
        (Encoding::Ucs2, UCS2_SINGLE, UCS2_SEGMENT)
    };
    let cost = |c: char| match encoding {
        Encoding::Gsm7 => gsm_septets(c).unwrap_or(1),
        Encoding::Ucs2 => c.len_utf16(),
    };
    let units: usize = text.chars().map(cost).sum();
    let segments = if units <= single {
        1
    } else {
        // An escape pair or a surrogate pair never straddles two segments.
        let mut segments = 1;
        let mut used = 0;
        for c in text.chars() {
            let n = cost(c);
            if used + n > segment {
                segments += 1;
                used = 0;
            }
            used += n;
        }
        segments
    };
    SmsAnalysis {
        encoding,
        segments,
        units,
        characters,
        non_gsm,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alphabet_sizes() {
        assert_eq!(BASIC.chars().count(), 128);
        assert_eq!(EXTENSION.chars().count(), 10);
        for c in BASIC.chars().filter(|&c| c != '\u{1b}') {
            assert_eq!(gsm_septets(c), Some(1), "{c:?}");
        }
        for c in EXTENSION.chars() {
            assert_eq!(gsm_septets(c), Some(2), "{c:?}");
        }
    }
}
