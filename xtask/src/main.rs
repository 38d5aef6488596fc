//! `cargo xtask codegen [--check]` and `cargo xtask ci`. See `ARCHITECTURE.md`.

mod ci;
mod codegen;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  codegen [--check]   regenerate the committed generated code from specs/ and tests/fixtures/;
                      with --check, write nothing and fail if anything is stale
  ci                  run every check: rustfmt, clippy, tests, codegen --check, rustdoc,
                      and the independent OpenAPI validator on specs/";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["codegen"] => codegen::run(&project_root(), false),
        ["codegen", "--check"] => codegen::run(&project_root(), true),
        ["ci"] => ci::run(&project_root()),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: the parent of this crate's directory.
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}
