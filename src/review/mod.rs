//! Review and compliance: what an approval covers (the content hash), and later the signed
//! history, the state of a project, diffs and the proof pack.

mod hash;

pub use hash::{HASH_SCHEME, content_hash};
