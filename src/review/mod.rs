//! Review and compliance records: what an approval covers (the content hash), the signed
//! history and the state it gives, comment threads and the approved snapshots. Taking an
//! action on an open project and what changed since the approval are in `workspace`, the
//! proof pack in `proof`, checking an export's archive in `export::verify`.

pub mod comments;
mod hash;
mod history;
pub mod log;
mod signing;
pub mod snapshot;

pub use hash::{HASH_SCHEME, LIBRARY_HASH_SCHEME, content_hash, library_hash};
pub use history::{
    Act, Counted, HistoryError, PRISM_VERSION, State, Status, action_name, locks, sign, sign_entry,
    signed_text, status, verdicts,
};
pub use log::ReviewLog;
pub use signing::{
    Identity, NAMESPACE, Refusal, SigningError, default_key_dir, stored_identity, use_existing_key,
    verify,
};
