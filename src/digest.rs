//! SHA-256 digests written as lower-case hex: artefact hashes in manifests, asset hashes in
//! the content hash and snapshots, Message-IDs and MIME boundaries.

use sha2::{Digest, Sha256};

/// Bytes as lower-case hex, two digits each.
pub fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        push!(s, "{b:02x}");
    }
    s
}

/// The SHA-256 of `bytes`, in hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}
