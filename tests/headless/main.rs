//! The headless checks: the library and the `prism` binary on their own, with no tool
//! outside Rust: the layer rule, atomic saves, the command line, the text part, escaping,
//! the folders of cases, hostile inputs, display lists, project files, the content hash,
//! snapshots and templates. One test binary, so that the library is linked once for all.

#[path = "../common/mod.rs"]
mod common;

mod architecture;
mod atomic_save;
mod channel_cases;
mod cli;
mod email_text;
mod escaping;
mod file_cases;
mod hostile;
mod languages;
mod library;
mod print_display_list;
mod project_files;
mod review_hash;
mod routing_cases;
mod snapshots;
mod template_cases;
mod templates;
