//! Prism: one content source for customer messages, rendered as email, SMS, chat and print.
//!
//! The library holds everything that decides what a message looks like; it has no UI code.

pub mod diag;
pub mod export;
pub mod model;
pub mod render;
pub mod template;
pub mod workspace;
