//! Review and compliance: what an approval covers (the content hash), the signed history
//! and the state it gives, the approved snapshots and what changed since, the proof pack,
//! and checking an export's archive.

mod actions;
pub mod archive;
pub mod comments;
pub mod diff;
mod hash;
mod history;
pub mod log;
pub mod proof;
pub mod proof_email;
mod signing;
pub mod snapshot;

pub use actions::{ActError, now_utc, rfc3339, take};
pub use hash::{HASH_SCHEME, content_hash};
pub use history::{
    Act, Counted, HistoryError, PRISM_VERSION, State, Status, action_name, locks, sign, sign_entry,
    signed_text, status, verdicts,
};
pub use log::ReviewLog;
pub use signing::{
    Identity, NAMESPACE, Refusal, SigningError, default_key_dir, stored_identity, use_existing_key,
    verify,
};
