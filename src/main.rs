//! `prism`: parse the command line, then open the designer window or run a command.

mod cli;

use clap::Parser;
use std::process::ExitCode;

/// Rendering makes many small strings; mimalloc handles them markedly faster than glibc's
/// allocator (see the benchmark figures in docs/guide/benchmarks.md). Chosen here, by the program: the library
/// leaves tests, benchmarks and other programs their own choice.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    match cli::run(args) {
        Ok(code) => code,
        // A closed pipe (`prism render … | head`) is the reader's choice, not an error.
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            // Errors quote data (ids, addresses, file contents): never raw control characters.
            eprintln!("prism: {}", prism::diag::printable(&error_text(&e)));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes, each said once (our messages often include their cause's
/// text already), without the "(os error N)" the standard library adds to I/O errors.
fn error_text(e: &anyhow::Error) -> String {
    let mut text = e.to_string();
    for cause in e.chain().skip(1) {
        let said = cause.to_string();
        if !text.contains(&said) {
            text.push_str(": ");
            text.push_str(&said);
        }
    }
    while let Some(start) = text.find(" (os error ") {
        let end = text[start..]
            .find(')')
            .map_or(text.len(), |i| start + i + 1);
        text.replace_range(start..end, "");
    }
    text
}
