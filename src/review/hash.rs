//! The content hash an approval is bound to: SHA-256 over everything that changes what a
//! recipient gets, except the customer data.
//!
//! Exactly, in this order, into one SHA-256:
//! 1. `prism-content-v2\n` (the scheme; a new definition gets a new name: v1 had no routing);
//! 2. the canonical JSON of `{format_version, meta, brand, content, channels, routing,
//!    translations}` from the project (`translations` only when it has any):
//!    serde's field names, object keys sorted, no white space (serde_json over a `Value`,
//!    whose objects are sorted maps), then `\n`. Not `data` (where the customer data comes
//!    from) and not `review` (approvals and comments);
//! 3. for every image asset the project names, sorted by name and each once:
//!    `asset NAME SHA256-OF-ITS-BYTES\n`, or `asset NAME unreadable\n` when it cannot be read;
//! 4. for every shipped font, in Prism's order (regular, bold, italic, bold italic):
//!    `font INDEX SHA256-OF-ITS-BYTES\n`;
//! 5. for every library file the project uses (its brand, its snippets and the snippets
//!    inside them; `crate::model::library`), sorted by kind (brand before snippet) and name,
//!    each once: `library KIND NAME SHA256-OF-ITS-BYTES\n`, or `library KIND NAME missing\n`.
//!    A project that uses no library file adds nothing here, so its hash is what it was
//!    before the library existed. The project's own text names a library brand or snippet
//!    only by name (`brand: "lumina"`, `Snippet("legal-footer")`): a change of the file's
//!    bytes changes the hash of every project that uses it, and of no other.
//!
//! The result is written as 64 lower-case hex digits.

use crate::digest::{hex, sha256_hex};
use crate::model::translation::Translations;
use crate::model::{BrandField, ChannelSettings, Content, Meta, Project, Routing};
use crate::render::Assets;
use crate::render::print::fonts::FONTS;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The name of this definition, hashed first.
pub const HASH_SCHEME: &str = "prism-content-v2";

#[derive(Serialize)]
struct Covered<'a> {
    format_version: u32,
    meta: &'a Meta,
    brand: &'a BrandField,
    content: &'a Content,
    channels: &'a ChannelSettings,
    routing: &'a Routing,
    /// Left out when empty, so a project in one language hashes as before translations.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    translations: &'a Translations,
}

/// The content hash of `project` with the bytes of its `assets` (as the workspace loaded them).
pub fn content_hash(project: &Project, assets: &Assets) -> String {
    let covered = Covered {
        format_version: project.format_version,
        meta: &project.meta,
        brand: &project.brand,
        content: &project.content,
        channels: &project.channels,
        routing: &project.routing,
        translations: &project.translations,
    };
    // A Value's objects are sorted maps: the same content always gives the same bytes.
    let canonical = serde_json::to_value(&covered)
        .and_then(|v| serde_json::to_vec(&v))
        .expect("project data always serialises");
    let mut h = Sha256::new();
    h.update(HASH_SCHEME.as_bytes());
    h.update(b"\n");
    h.update(&canonical);
    h.update(b"\n");
    let mut names = project.asset_names();
    names.sort();
    names.dedup();
    for name in names {
        let line = match assets.get(&name) {
            Some(Ok(a)) => format!("asset {name} {}\n", a.sha256_hex()),
            _ => format!("asset {name} unreadable\n"),
        };
        h.update(line.as_bytes());
    }
    h.update(font_lines().as_bytes());
    for used in &project.linked.used {
        let sha = used.sha256.as_deref().unwrap_or("missing");
        let line = format!("library {} {} {sha}\n", used.kind.noun(), used.name);
        h.update(line.as_bytes());
    }
    hex(&h.finalize())
}

/// The name of the library files' definition, hashed first.
pub const LIBRARY_HASH_SCHEME: &str = "prism-library-v1";

/// The content hash a library brand's or snippet's own approval is bound to: SHA-256 over
/// `prism-library-v1\n`, `KIND NAME\n`, then for every library file it uses (itself, and
/// for a snippet the snippets inside it; sorted) `library KIND NAME SHA256\n` (or `missing`),
/// then for every image it shows (sorted) `asset NAME SHA256\n` (or `unreadable`), then the
/// fonts as for a project. A change of its bytes, of a snippet inside it or of an image it
/// shows makes its approval stale.
pub fn library_hash(
    kind: crate::model::library::LibraryKind,
    name: &str,
    used: &[crate::model::library::Used],
    images: &[String],
    assets: &Assets,
) -> String {
    let mut h = Sha256::new();
    h.update(format!("{LIBRARY_HASH_SCHEME}\n{} {name}\n", kind.noun()).as_bytes());
    for u in used {
        let sha = u.sha256.as_deref().unwrap_or("missing");
        h.update(format!("library {} {} {sha}\n", u.kind.noun(), u.name).as_bytes());
    }
    for name in images {
        let line = match assets.get(name) {
            Some(Ok(a)) => format!("asset {name} {}\n", a.sha256_hex()),
            _ => format!("asset {name} unreadable\n"),
        };
        h.update(line.as_bytes());
    }
    h.update(font_lines().as_bytes());
    hex(&h.finalize())
}

/// `font INDEX SHA256\n` for every shipped font; computed once per process (they are
/// compiled in).
fn font_lines() -> &'static str {
    static FONT_LINES: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    FONT_LINES.get_or_init(|| {
        FONTS
            .iter()
            .enumerate()
            .map(|(i, f)| format!("font {i} {}\n", sha256_hex(f)))
            .collect()
    })
}
