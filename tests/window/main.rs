//! The designer window, driven through egui_kittest on the real app state, and its email
//! preview measured against Chromium. One test binary for both.

#[path = "../common/mod.rs"]
mod common;

mod designer;
mod email_preview;
mod languages;
mod library;
