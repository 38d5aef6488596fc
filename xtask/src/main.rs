//! `cargo xtask codegen [--check]` and `cargo xtask ci`. See `ARCHITECTURE.md`.

mod bench;
mod ci;
mod codegen;
mod corpus;
mod vendor;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Generation builds and drops millions of small token and syntax-tree values; with the system
/// allocator, allocating and freeing them took over a third of the time on large specs, and
/// mimalloc makes generation about 1.6 times faster there (see BENCHMARKS.md). Programs that use
/// the generator library choose their own allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  codegen [--check]   regenerate the committed generated code from specs/ and tests/fixtures/;
                      with --check, write nothing and fail if anything is stale
  generate --spec FILE --out DIR [--name CRATE]
                      write a standalone crate (Cargo.toml, src/) for any OpenAPI 3.0.x document
  corpus DIR          generate every .json/.yaml spec in DIR into target/corpus, check each with
                      cargo (warnings denied) and print a table; fails if any spec fails
  bench               measure generation against parsing, scaling, peak memory and the compile
                      cost of the output (release build) and write BENCHMARKS.md
  synthetic OPERATIONS FILE
                      write the benchmark's synthetic spec with that many operations (JSON)
  ci                  run every check: rustfmt, clippy, tests, codegen --check, rustdoc,
                      and the independent OpenAPI validator on specs/";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["codegen"] => codegen::run(&project_root(), false),
        ["codegen", "--check"] => codegen::run(&project_root(), true),
        ["ci"] => ci::run(&project_root()),
        ["bench"] => release_bench(),
        ["bench-one", what, file] => bench::one(what, Path::new(file)),
        ["synthetic", operations, file] => bench::write_synthetic(operations, Path::new(file)),
        ["corpus", dir] => corpus::run(&project_root(), Path::new(dir)),
        ["generate", rest @ ..] => generate(rest),
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

fn generate(args: &[&str]) -> Result<(), String> {
    let mut spec = None;
    let mut out = None;
    let mut name = None;
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = rest
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n\n{USAGE}"))?;
        match *flag {
            "--spec" => spec = Some(PathBuf::from(value)),
            "--out" => out = Some(PathBuf::from(value)),
            "--name" => name = Some(value.to_string()),
            other => return Err(format!("unknown option {other}\n\n{USAGE}")),
        }
    }
    let (Some(spec), Some(out)) = (spec, out) else {
        return Err(format!("--spec and --out are required\n\n{USAGE}"));
    };
    let generated = corpus::generate_crate(&project_root(), &spec, &out, name.as_deref())?;
    eprintln!(
        "wrote crate `{}` to {}: {} operations, {} types, {} lines, {} warnings",
        generated.name,
        out.display(),
        generated.operations,
        generated.types,
        generated.lines,
        generated.warnings
    );
    Ok(())
}

/// Benchmarks need an optimised build: re-run this program in release mode.
fn release_bench() -> Result<(), String> {
    if cfg!(debug_assertions) {
        let status =
            std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
                .args([
                    "run",
                    "--quiet",
                    "--release",
                    "--package",
                    "xtask",
                    "--",
                    "bench",
                ])
                .current_dir(project_root())
                .status()
                .map_err(|e| e.to_string())?;
        return if status.success() {
            Ok(())
        } else {
            Err("benchmark failed".into())
        };
    }
    bench::run(&project_root())
}

/// The workspace root: the parent of this crate's directory.
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}
