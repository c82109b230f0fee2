//! The layer rule of ARCHITECTURE.md, checked on the source: a module of the library refers
//! only to modules of its own layer or lower ones, by the one layer table ARCHITECTURE.md
//! states; and inside any folder, the files and sub-folders do not refer to each other in a
//! loop (a file may use its parent's items, and the parent its children's); and no file is
//! longer than a concept needs.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::common;

/// Module paths, such as `["render", "print", "text"]`.
type ModPath = Vec<String>;

/// The layer table: each top-level module's layer, lowest first, from ARCHITECTURE.md's table
/// between `<!-- layers -->` and `<!-- /layers -->` (a row: `| N | `a`, `b` | … |`).
fn layers(architecture: &str) -> BTreeMap<String, usize> {
    let table = architecture
        .split("<!-- layers -->")
        .nth(1)
        .and_then(|rest| rest.split("<!-- /layers -->").next())
        .expect("ARCHITECTURE.md has a layer table between <!-- layers --> markers");
    let mut out = BTreeMap::new();
    for row in table.lines().filter(|l| l.starts_with('|')) {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let Ok(layer) = cells[1].parse::<usize>() else {
            continue;
        };
        for name in cells[2].split('`').skip(1).step_by(2) {
            assert!(
                out.insert(name.to_owned(), layer).is_none(),
                "`{name}` is in two layers"
            );
        }
    }
    out
}

/// The code of a Rust file without its comments, and with string and character literals
/// blanked, so that only real paths remain.
fn code_only(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let mut depth = 0;
                while i < b.len() {
                    if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                        depth += 1;
                        i += 2;
                    } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
            }
            b'r' if matches!(b.get(i + 1), Some(b'"') | Some(b'#'))
                && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) =>
            {
                let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
                if b.get(i + 1 + hashes) != Some(&b'"') {
                    out.push('r');
                    i += 1;
                    continue;
                }
                let close: Vec<u8> = std::iter::once(b'"')
                    .chain(std::iter::repeat_n(b'#', hashes))
                    .collect();
                i += 2 + hashes;
                while i < b.len() && !b[i..].starts_with(&close) {
                    i += 1;
                }
                i += close.len();
                out.push_str("\"\"");
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                out.push_str("\"\"");
            }
            b'\'' => {
                // A character literal ('x', '\n', '\u{..}'), or a lifetime ('a).
                if b.get(i + 1) == Some(&b'\\') {
                    i += 2;
                    while i < b.len() && b[i] != b'\'' {
                        i += 1;
                    }
                    i += 1;
                } else if let Some(len) = src[i + 1..].chars().next().map(char::len_utf8)
                    && b.get(i + 1 + len) == Some(&b'\'')
                {
                    i += 2 + len;
                } else {
                    i += 1;
                }
                out.push_str("' '");
            }
            _ => {
                let len = src[i..].chars().next().map_or(1, char::len_utf8);
                out.push_str(&src[i..i + len]);
                i += len;
            }
        }
    }
    out
}

/// Every path the code names that starts with `crate::`, `super::` or `self::`, made absolute
/// (groups `{…}` expanded one level), as module segments up to the first item that is not
/// lower-case.
fn referenced(code: &str, here: &ModPath) -> Vec<ModPath> {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("::") {
        // The word before `::`, and whether it starts a path here.
        let before = &rest[..at];
        let start = before.rfind(|c: char| !ident(c)).map_or(0, |p| p + 1);
        let head = &before[start..];
        let preceded_by_path = before[..start].ends_with("::");
        rest = &rest[at + 2..];
        if preceded_by_path || !matches!(head, "crate" | "super" | "self") {
            continue;
        }
        // The module this path starts from.
        // `self` and `super` count from the module, whether its file is `x.rs` or `x/mod.rs`.
        let mut base: ModPath = match head {
            "crate" => Vec::new(),
            "self" => here.clone(),
            _ => here[..here.len().saturating_sub(1)].to_vec(),
        };
        // Further `super::` segments.
        let mut tail = rest;
        while let Some(t) = tail.strip_prefix("super::") {
            base.pop();
            tail = t;
        }
        let mut segs = base.clone();
        let mut t = tail;
        loop {
            let word: String = t.chars().take_while(|&c| ident(c)).collect();
            if word.is_empty() || !word.starts_with(|c: char| c.is_ascii_lowercase()) {
                break;
            }
            segs.push(word.clone());
            t = &t[word.len()..];
            match t.strip_prefix("::") {
                Some(after) => t = after,
                None => break,
            }
        }
        if let Some(group) = t.strip_prefix('{') {
            let inner = group.split('}').next().unwrap_or("");
            for item in inner.split(',') {
                let mut p = segs.clone();
                for word in item.trim().split("::") {
                    let word = word.trim();
                    if word.is_empty()
                        || !word.starts_with(|c: char| c.is_ascii_lowercase())
                        || !word.chars().all(ident)
                    {
                        break;
                    }
                    if word == "self" {
                        continue;
                    }
                    p.push(word.to_owned());
                }
                out.push(p);
            }
        } else {
            out.push(segs);
        }
    }
    out
}

/// The library's module files: module path and file.
fn modules(src: &Path, bin_only: &BTreeSet<String>) -> Vec<(ModPath, PathBuf)> {
    let mut out = Vec::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().is_none_or(|x| x != "rs") {
                continue;
            }
            let rel = p.strip_prefix(src).unwrap();
            let mut segs: ModPath = rel
                .iter()
                .map(|s| s.to_string_lossy().trim_end_matches(".rs").to_owned())
                .collect();
            if segs.last().is_some_and(|s| s == "mod") {
                segs.pop();
            }
            if segs == ["lib"] || segs == ["main"] || bin_only.contains(&segs[0]) {
                continue;
            }
            out.push((segs, p));
        }
    }
    out.sort();
    out
}

/// The longest prefix of `path` that is a module of the library.
fn module_of(path: &ModPath, known: &BTreeSet<ModPath>) -> ModPath {
    (0..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|p| known.contains(p))
        .unwrap_or_default()
}

#[test]
fn every_module_refers_only_to_its_own_layer_or_lower_ones_and_no_folder_has_a_loop() {
    let root = common::root();
    let architecture = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let layer = layers(&architecture);
    // The binary's own modules (main.rs's `mod x;`) sit above every layer.
    let main = std::fs::read_to_string(root.join("src/main.rs")).unwrap();
    let bin_only: BTreeSet<String> = code_only(&main)
        .lines()
        .filter_map(|l| l.trim().strip_prefix("mod "))
        .map(|m| m.trim_end_matches(';').trim().to_owned())
        .collect();
    let files = modules(&root.join("src"), &bin_only);
    let known: BTreeSet<ModPath> = files.iter().map(|(m, _)| m.clone()).collect();
    let tops: BTreeSet<&String> = files.iter().map(|(m, _)| &m[0]).collect();
    let mut problems = Vec::new();
    for top in &tops {
        if !layer.contains_key(*top) {
            problems.push(format!(
                "module `{top}` is in no layer of ARCHITECTURE.md's table"
            ));
        }
    }
    for name in layer.keys() {
        if !tops.contains(name) && !bin_only.contains(name) {
            problems.push(format!(
                "ARCHITECTURE.md's table names `{name}`, which is no module"
            ));
        }
    }
    // Edges between the children of one folder: folder → (child → children it refers to).
    let mut siblings: BTreeMap<ModPath, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for (here, file) in &files {
        let code = code_only(&std::fs::read_to_string(file).unwrap());
        let from_layer = layer.get(&here[0]).copied().unwrap_or(usize::MAX);
        for target in referenced(&code, here) {
            let target = module_of(&target, &known);
            let Some(top) = target.first() else { continue };
            let to_layer = layer.get(top).copied().unwrap_or(usize::MAX);
            if to_layer > from_layer {
                problems.push(format!(
                    "{}: `{}` (layer {from_layer}) refers to `{}` (layer {to_layer})",
                    file.strip_prefix(&root).unwrap().display(),
                    here.join("::"),
                    target.join("::")
                ));
            }
            // The folder both are in, and which of its children each belongs to.
            let common = here.iter().zip(&target).take_while(|(a, b)| a == b).count();
            if let (Some(a), Some(b)) = (here.get(common), target.get(common)) {
                siblings
                    .entry(here[..common].to_vec())
                    .or_default()
                    .entry(a.clone())
                    .or_default()
                    .insert(b.clone());
            }
        }
    }
    for (folder, edges) in &siblings {
        if let Some(cycle) = find_cycle(edges) {
            let folder = if folder.is_empty() {
                "src".to_owned()
            } else {
                format!("src/{}", folder.join("/"))
            };
            problems.push(format!("in {folder}: {}", cycle.join(" → ")));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// A loop in `edges`, as the names along it (the first repeated at the end), if there is one.
fn find_cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == n) {
            let mut cycle = path[at..].to_vec();
            cycle.push(n.to_owned());
            return Some(cycle);
        }
        if done.contains(n) {
            return None;
        }
        path.push(n.to_owned());
        for m in edges.get(n).into_iter().flatten() {
            if let Some(c) = visit(m, edges, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(n.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    edges
        .keys()
        .find_map(|n| visit(n, edges, &mut Vec::new(), &mut done))
}

/// Longest a file of `src/` may be: beyond it, it holds more than one concept.
const MAX_FILE_LINES: usize = 600;

#[test]
fn no_file_holds_more_than_one_concepts_worth_of_lines() {
    let root = common::root();
    let mut stack = vec![root.join("src")];
    let mut long = Vec::new();
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let n = std::fs::read_to_string(&p).unwrap().lines().count();
                if n > MAX_FILE_LINES {
                    long.push(format!(
                        "{}: {n} lines",
                        p.strip_prefix(&root).unwrap().display()
                    ));
                }
            }
        }
    }
    assert!(
        long.is_empty(),
        "over {MAX_FILE_LINES} lines:\n{}",
        long.join("\n")
    );
}

#[test]
fn the_checker_reads_paths_as_rust_does() {
    let code = code_only(
        "use crate::a::{b, C, d::e};\n// crate::x::y\nlet s = \"crate::q\"; let c = '\"'; use super::f::G;\nfn f<'a>() { crate::g::h(); }",
    );
    let here: ModPath = vec!["m".into(), "n".into()];
    let refs = referenced(&code, &here);
    let refs: Vec<String> = refs.iter().map(|r| r.join("::")).collect();
    assert_eq!(refs, ["a::b", "a", "a::d::e", "m::f", "g::h"]);
    let refs = referenced("use self::x::Y;", &here);
    assert_eq!(refs, [vec!["m".to_owned(), "n".to_owned(), "x".to_owned()]]);
    let mut edges = BTreeMap::new();
    edges.insert("a".to_owned(), BTreeSet::from(["b".to_owned()]));
    edges.insert("b".to_owned(), BTreeSet::from(["a".to_owned()]));
    assert_eq!(
        find_cycle(&edges),
        Some(vec!["a".into(), "b".into(), "a".into()])
    );
}
