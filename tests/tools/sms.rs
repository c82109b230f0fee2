//! SMS encoding and segments: the boundary rules of GSM 03.38 / 3GPP TS 23.038,
//! and agreement with an independent implementation (npm `sms-segments-calculator`).

use crate::common;

use prism::render::gsm::{Encoding, analyze};

fn check(text: &str, encoding: Encoding, units: usize, segments: usize) {
    let a = analyze(text);
    assert_eq!(
        (a.encoding, a.units, a.segments),
        (encoding, units, segments),
        "{} chars: {text:?}",
        text.chars().count()
    );
}

#[test]
fn gsm7_boundaries() {
    use Encoding::Gsm7;
    check("", Gsm7, 0, 1);
    check(&"a".repeat(160), Gsm7, 160, 1);
    check(&"a".repeat(161), Gsm7, 161, 2);
    check(&"a".repeat(306), Gsm7, 306, 2);
    check(&"a".repeat(307), Gsm7, 307, 3);
    // Extension characters take two septets.
    check(&"€".repeat(80), Gsm7, 160, 1);
    check(&format!("{}€", "a".repeat(159)), Gsm7, 161, 2);
    check("{}[]~|^\\", Gsm7, 16, 1);
    // An escape pair is never split: the € moves to segment 2, which then overflows into a third.
    check(
        &format!("{}€{}", "a".repeat(152), "a".repeat(152)),
        Gsm7,
        306,
        3,
    );
    // Umlauts, ß-free German and the GSM Greek capitals are one septet each.
    check("äöüÄÖÜ ñ é ΔΩ £¥", Gsm7, 16, 1);
}

#[test]
fn ucs2_boundaries() {
    use Encoding::Ucs2;
    check(&"ç".repeat(70), Ucs2, 70, 1);
    check(&"ç".repeat(71), Ucs2, 71, 2);
    check(&"ç".repeat(134), Ucs2, 134, 2);
    check(&"ç".repeat(135), Ucs2, 135, 3);
    // Characters outside the BMP are two units, and a surrogate pair is never split.
    check(&"😀".repeat(35), Ucs2, 70, 1);
    check(&"😀".repeat(36), Ucs2, 72, 2);
    check(
        &format!("{}😀{}", "a".repeat(66), "a".repeat(66)),
        Ucs2,
        134,
        3,
    );
}

#[test]
fn names_the_characters_that_force_ucs2() {
    let a = analyze("It’s “quoted” – Françoise ’");
    assert_eq!(a.encoding, Encoding::Ucs2);
    assert_eq!(a.non_gsm, vec!['’', '“', '”', '–', 'ç']);
    assert!(analyze("Ç is GSM, ç is not").non_gsm == vec!['ç']);
    assert!(analyze("backtick ` is not GSM").non_gsm == vec!['`']);
}

/// A deterministic mix of texts around the boundaries, from every character class.
fn corpus() -> Vec<String> {
    let pools: [&[char]; 5] = [
        &['a', 'Z', '0', ' ', '.', '@', '\n', '_', 'ß', 'é'],
        &['€', '[', ']', '{', '}', '~', '|', '^', '\\'],
        &['ä', 'ö', 'ü', 'Ä', 'Ñ', '¿', '§', 'Δ', 'å'],
        &['ç', '’', '“', 'ł', 'ı', 'ğ', '–', 'Ø', '•'],
        &['😀', '🎉', '👍'],
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut out = Vec::new();
    for _ in 0..400 {
        let len = [70, 71, 134, 135, 153, 160, 161, 306, 307, 459, 460][(next() % 11) as usize]
            as i64
            + (next() % 5) as i64
            - 2;
        // Mostly GSM text, with a chance of extension, non-GSM and emoji characters.
        let mix = next() % 4;
        let text: String = (0..len.max(0))
            .map(|_| {
                let r = next() % 100;
                let pool = match (mix, r) {
                    (_, 0..=79) => pools[0],
                    (0 | 1, _) => pools[1 + (r % 2) as usize],
                    (2, _) => pools[3],
                    _ => pools[(r % 5) as usize],
                };
                pool[(next() % pool.len() as u64) as usize]
            })
            .collect();
        out.push(text);
    }
    out
}

/// The reference package (pinned), installed under target/ once.
fn reference_dir() -> std::path::PathBuf {
    common::npm_package("sms-reference", "sms-segments-calculator@1.3.0")
}

#[test]
fn agrees_with_independent_calculator() {
    let texts = corpus();
    let dir = reference_dir();
    let mut child = std::process::Command::new("node")
        .arg(common::root().join("tests/sms_reference.js"))
        .env("NODE_PATH", dir.join("node_modules"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("node runs");
    {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(serde_json::to_string(&texts).unwrap().as_bytes())
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let theirs: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(theirs.len(), texts.len());
    let (mut gsm, mut ucs2, mut multi) = (0, 0, 0);
    for (text, t) in texts.iter().zip(&theirs) {
        let a = analyze(text);
        assert_eq!(a.encoding.name(), t["encoding"], "{text:?}");
        assert_eq!(
            a.segments as u64,
            t["segments"].as_u64().unwrap(),
            "segments of {text:?} ({} units)",
            a.units
        );
        let non_gsm: Vec<String> = a.non_gsm.iter().map(|c| c.to_string()).collect();
        let mut theirs_non_gsm: Vec<String> = t["non_gsm"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect();
        let mut ours_sorted = non_gsm.clone();
        ours_sorted.sort();
        theirs_non_gsm.sort();
        assert_eq!(ours_sorted, theirs_non_gsm, "{text:?}");
        match a.encoding {
            Encoding::Gsm7 => gsm += 1,
            Encoding::Ucs2 => ucs2 += 1,
        }
        multi += usize::from(a.segments > 1);
    }
    // The corpus really covers both alphabets and concatenated messages.
    assert!(
        gsm > 50 && ucs2 > 50 && multi > 200,
        "gsm {gsm}, ucs2 {ucs2}, multi-segment {multi}"
    );
}
