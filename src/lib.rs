//! Prism: one content source for customer messages, rendered as email, SMS, chat and print.
//!
//! The library holds everything that decides what a message looks like; it has no UI code.

pub mod diag;
pub mod export;
pub mod model;
pub mod render;
pub mod template;
pub mod workspace;

/// Rendering makes many small strings; mimalloc handles them markedly faster than glibc's
/// allocator (see the README's benchmark figures).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
