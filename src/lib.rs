//! Prism: one content source for customer messages, rendered as email, SMS, chat and print.
//!
//! The library holds everything that decides what a message looks like; it has no UI code.

pub mod diag;
pub mod model;
pub mod template;
pub mod export;
pub mod render;
pub mod workspace;
