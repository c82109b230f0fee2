//! `prism`: parse the command line, then run a command (the designer window comes later).

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("prism: {e:#}");
            ExitCode::from(2)
        }
    }
}
