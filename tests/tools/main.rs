//! Checks against things nobody here wrote: Chromium, poppler, qpdf, Python's email and
//! mailbox, aiosmtpd, ssh-keygen, Node packages, and the README's own commands. One test
//! binary, so that the library is linked once for all of them.

#[path = "../common/mod.rs"]
mod common;

mod confined_assets;
mod email_chromium;
mod email_clients;
mod eml;
mod export_folder;
mod languages;
mod library_review;
mod print;
mod print_checks;
mod print_poppler;
mod readme_commands;
mod review_archive;
mod review_export;
mod review_history;
mod review_sign;
mod routing;
mod send;
mod sms;
mod translations;
