//! Review and compliance: what an approval covers (the content hash), and later the signed
//! history, the state of a project, diffs and the proof pack.

mod hash;
mod history;
mod signing;

pub use hash::{HASH_SCHEME, content_hash};
pub use history::{
    Counted, HistoryError, PRISM_VERSION, State, Status, sign_entry, signed_text, status,
};
pub use signing::{Identity, NAMESPACE, Refusal, SigningError, verify};
