//! Prism: one content source for customer messages, rendered as email, SMS, chat and print.
//!
//! Everything that decides what a message looks like is plain Rust below `model`, `template`,
//! `render` and `export`; `app` holds the designer's state and commands, also plain Rust, and
//! only `ui` (egui panels and the window) knows egui. ARCHITECTURE.md has the layers.

/// `write!` into a `String`. Writing into a String cannot fail (only a `Display` that
/// returns an error could make it, and ours do not), so the result is not handled at every
/// call site.
macro_rules! push {
    ($s:expr, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        $s.write_fmt(format_args!($($arg)*))
            .expect("writing into a String does not fail");
    }};
}

/// [`push!`] with a line end.
macro_rules! pushln {
    ($s:expr, $($arg:tt)*) => {{
        push!($s, $($arg)*);
        $s.push('\n');
    }};
}

#[macro_use]
mod listed;

pub mod app;
pub mod clock;
pub mod confine;
pub mod diag;
pub mod digest;
pub mod export;
pub mod model;
pub mod proof;
pub mod render;
pub mod review;
pub mod routing;
pub mod send;
pub mod template;
pub mod ui;
pub mod words;
pub mod workspace;
