//! `openapi-client-gen`: the command line of the generator (feature `cli`). `generate` writes a
//! standalone crate for an OpenAPI 3.0 or 3.1 document, `check` generates it in memory and writes
//! nothing; `--ref-map PREFIX=DIR` says where `$ref`s to URLs are read from. This file reads the
//! command line and reports; the work is the library's (`write_crate`).
//!
//! Exit codes: 0 success, 1 the document was refused or writing failed, 2 the command line was
//! not understood (clap's own code for usage errors).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use openapi_client_gen::Settings;
use openapi_client_gen::write_crate::{self, Generated};

/// Generation builds and drops millions of small token and syntax-tree values; with the system
/// allocator, allocating and freeing them is about a third of a large document's profile. The
/// library leaves the allocator to the program that uses it; this program takes mimalloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A document at least this large gets a line on stderr per stage, so a long run shows what it
/// is doing.
const LARGE_SPEC_BYTES: u64 = 1 << 20;

/// Turns an OpenAPI 3.0 or 3.1 document into a typed Rust client crate.
#[derive(Debug, Parser)]
#[command(name = "openapi-client-gen", version, about)]
#[command(
    after_help = "Exit codes: 0 success, 1 the document was refused or writing failed, 2 the command line was not understood."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write a standalone crate (Cargo.toml, README.md, src/, runtime/) for a document.
    Generate {
        /// The OpenAPI 3.0 or 3.1 document (YAML or JSON).
        #[arg(long, value_name = "FILE")]
        spec: PathBuf,
        /// The crate's folder: new, empty, or written by `generate` before.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The crate's name [default: the file name with `-client`].
        #[arg(long, value_name = "CRATE")]
        name: Option<String>,
        /// Write into a folder that holds other files, replacing the files `generate` writes.
        #[arg(long)]
        force: bool,
        /// Print a line per stage, as for a large document.
        #[arg(long, short)]
        verbose: bool,
        #[command(flatten)]
        refs: RefMaps,
    },
    /// Generate the crate in memory and report, writing nothing.
    Check {
        /// The OpenAPI 3.0 or 3.1 document (YAML or JSON).
        #[arg(long, value_name = "FILE")]
        spec: PathBuf,
        /// The crate's name [default: the file name with `-client`].
        #[arg(long, value_name = "CRATE")]
        name: Option<String>,
        /// Print a line per stage, as for a large document.
        #[arg(long, short)]
        verbose: bool,
        #[command(flatten)]
        refs: RefMaps,
    },
}

/// Where `$ref`s to URLs are read from: nothing is fetched.
#[derive(Debug, Args)]
struct RefMaps {
    /// Read `$ref`s to URLs that start with PREFIX from the folder DIR (what follows the
    /// prefix is the path in it); repeatable. Nothing is fetched: a URL under no PREFIX is an
    /// error.
    #[arg(long = "ref-map", value_name = "PREFIX=DIR", value_parser = parse_ref_map)]
    maps: Vec<(String, PathBuf)>,
}

impl RefMaps {
    fn settings(&self) -> Settings {
        self.maps
            .iter()
            .fold(Settings::default(), |settings, (prefix, dir)| {
                settings.with_ref_map(prefix, dir)
            })
    }
}

/// Reads `PREFIX=DIR`.
fn parse_ref_map(arg: &str) -> Result<(String, PathBuf), String> {
    match arg.split_once('=') {
        Some((prefix, dir)) if !prefix.is_empty() && !dir.is_empty() => {
            Ok((prefix.to_owned(), PathBuf::from(dir)))
        }
        _ => Err(format!(
            "`{arg}` is not PREFIX=DIR (for example https://example.com/schemas/=vendor/schemas)"
        )),
    }
}

fn main() -> ExitCode {
    // `--help` and `--version` exit 0, usage errors 2.
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Generate {
            spec,
            out,
            name,
            force,
            verbose,
            refs,
        } => {
            let progress = Progress::new(&spec, verbose);
            generate(
                &spec,
                &out,
                name.as_deref(),
                force,
                refs.settings(),
                &progress,
            )
        }
        Command::Check {
            spec,
            name,
            verbose,
            refs,
        } => {
            let progress = Progress::new(&spec, verbose);
            progress.stage(&format!("generating {} in memory", spec.display()));
            write_crate::plan_with(&spec, name.as_deref(), refs.settings()).inspect(|generated| {
                report(generated);
                eprintln!("nothing written (check)");
            })
        }
    };
    match result {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// `generate`: the folder is checked before the document is read, and written after.
fn generate(
    spec: &Path,
    out: &Path,
    name: Option<&str>,
    force: bool,
    settings: Settings,
    progress: &Progress,
) -> Result<Generated, write_crate::CrateError> {
    write_crate::check_out_dir(out, force)?;
    progress.stage(&format!("generating {}", spec.display()));
    let generated = write_crate::plan_with(spec, name, settings)?;
    progress.stage(&format!(
        "writing {} operations, {} types and the runtime to {}",
        generated.operations,
        generated.types,
        out.display()
    ));
    write_crate::write_files(&generated, out)?;
    report(&generated);
    eprintln!("wrote {} files to {}", generated.files.len(), out.display());
    Ok(generated)
}

/// The warnings, each with file and line, then the summary line (on stdout).
fn report(generated: &Generated) {
    for warning in &generated.warnings {
        eprintln!("{warning}");
    }
    println!("{}", generated.summary());
}

/// Lines on stderr that say which stage a long run is in.
struct Progress {
    on: bool,
}

impl Progress {
    fn new(spec: &Path, verbose: bool) -> Self {
        let large = std::fs::metadata(spec).is_ok_and(|m| m.len() >= LARGE_SPEC_BYTES);
        Progress {
            on: verbose || large,
        }
    }

    fn stage(&self, what: &str) {
        if self.on {
            eprintln!("{what}…");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn reference_maps_are_read_and_repeatable() {
        let cli = Cli::try_parse_from([
            "openapi-client-gen",
            "check",
            "--spec",
            "a.yaml",
            "--ref-map",
            "https://example.com/s/=vendor/s",
            "--ref-map",
            "https://b.example.org/=b",
        ])
        .expect("understood");
        let Command::Check { refs, .. } = cli.command else {
            panic!("check");
        };
        assert_eq!(
            refs.maps,
            [
                (
                    "https://example.com/s/".to_owned(),
                    PathBuf::from("vendor/s")
                ),
                ("https://b.example.org/".to_owned(), PathBuf::from("b")),
            ]
        );
        assert!(parse_ref_map("no-equals-sign").is_err());
        assert!(parse_ref_map("=dir").is_err());
    }
}
