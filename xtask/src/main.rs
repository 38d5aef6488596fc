//! `cargo xtask`: the project's commands (`codegen`, `generate`, `corpus`, `bench`, `synthetic`,
//! `ci`; `USAGE` lists them). This file reads the command line, saying what it did not
//! understand, and hands each command to its module; it does no work of its own. This program is
//! the only one that writes generated files.

mod bench;
mod ci;
mod codegen;
mod corpus;
mod peers;
mod standalone;

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
  codegen [--check] [--verbose]
                      regenerate the committed generated code from specs/ and tests/fixtures/;
                      with --check, write nothing and fail if anything is stale; with
                      --verbose, print the fixtures' expected warnings too
  generate --spec FILE --out DIR [--name CRATE] [--force] [--ref-map PREFIX=DIR]...
                      write a standalone crate (Cargo.toml, README.md, src/, runtime/) for any
                      OpenAPI 3.0 or 3.1 document, as the installed `openapi-client-gen generate`
                      does; DIR must be new, empty or written by generate before, unless
                      --force is given; each --ref-map reads `$ref`s to URLs that start with
                      PREFIX from the folder DIR (nothing is fetched)
  corpus DIR          generate every .json/.yaml spec in DIR into target/corpus, check each with
                      cargo clippy (warnings denied) and print a table; fails if any spec fails
  bench [--peers | --github] [--github-runs N]
                      measure generation (the 1 MB OpenAPI 3.1 target included), scaling, peak
                      memory, the compile cost of the output and a generated client's call
                      against one written by hand (release build), and write BENCHMARKS.md;
                      with --peers, also our output against progenitor's, side by side
                      (installs cargo-progenitor), and the GitHub description's output against
                      the baseline generator's (fetched with npm pack, built from commit
                      4729211 of this repository's history); with --github, that last section
                      only, printed, BENCHMARKS.md untouched; --github-runs N: timed checks of
                      each GitHub crate (default 1)
  synthetic OPERATIONS FILE
                      write the benchmark's synthetic spec with that many operations (JSON)
  ci                  run every check, in this order: rustfmt, codegen --check,
                      openapi-spec-validator on specs/, clippy (warnings denied; then the
                      vendor clients alone, without features), rustdoc
                      (warnings denied), all tests, the update_contacts example, the corpora in
                      ../shared/corpus and ../shared/corpus-31, a generated crate's mock used
                      from a consumer crate, and the Prism conformance tests
  help                print this text

exit codes: 0 success, 1 a command failed, 2 the command line was not understood";

/// A command line understood.
#[derive(Debug, PartialEq)]
enum Command {
    Help,
    Codegen {
        check: bool,
        verbosity: codegen::Verbosity,
    },
    Generate(GenerateArgs),
    Corpus(PathBuf),
    Bench(BenchScope),
    BenchOne(String, PathBuf),
    Synthetic(String, PathBuf),
    Ci,
}

/// What `bench` measures.
#[derive(Debug, PartialEq)]
enum BenchScope {
    /// This generator alone.
    Own,
    /// Also side by side with progenitor and with the baseline generator; the GitHub
    /// section's timed checks of each crate.
    Peers { github_runs: usize },
    /// Only the GitHub description against the baseline generator, printed.
    GitHub { runs: usize },
}

/// The options of `generate`.
#[derive(Debug, PartialEq)]
struct GenerateArgs {
    spec: PathBuf,
    out: PathBuf,
    name: Option<String>,
    force: bool,
    /// URL prefixes and the folders `$ref`s under them are read from.
    ref_maps: Vec<(String, PathBuf)>,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let command = match parse(&args) {
        Ok(command) => command,
        Err(message) => {
            eprintln!("{message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let result = match command {
        Command::Help => {
            println!("{USAGE}");
            Ok(())
        }
        Command::Codegen { check, verbosity } => codegen::run(&project_root(), check, verbosity),
        Command::Ci => ci::run(&project_root()),
        Command::Bench(scope) => release_bench(&args[1..], scope),
        Command::BenchOne(what, file) => bench::one(&what, &file),
        Command::Synthetic(operations, file) => bench::write_synthetic(&operations, &file),
        Command::Corpus(dir) => corpus::run(&project_root(), &dir),
        Command::Generate(args) => generate(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// Reads the command line; an error says what was not understood.
fn parse(args: &[&str]) -> Result<Command, String> {
    let Some((&command, rest)) = args.split_first() else {
        return Err("no command given".to_owned());
    };
    match (command, rest) {
        ("help" | "--help" | "-h", _) => Ok(Command::Help),
        (_, [.., "--help" | "-h"]) => Ok(Command::Help),
        ("codegen", options) => parse_codegen(options),
        ("ci", []) => Ok(Command::Ci),
        ("bench", options) => parse_bench(options).map(Command::Bench),
        ("bench-one", [what, file]) => {
            Ok(Command::BenchOne((*what).to_owned(), PathBuf::from(file)))
        }
        ("synthetic", [operations, file]) => Ok(Command::Synthetic(
            (*operations).to_owned(),
            PathBuf::from(file),
        )),
        ("synthetic", _) => Err("`synthetic` takes OPERATIONS and FILE".to_owned()),
        ("corpus", [dir]) => Ok(Command::Corpus(PathBuf::from(dir))),
        ("corpus", _) => Err("`corpus` takes one folder".to_owned()),
        ("generate", rest) => parse_generate(rest).map(Command::Generate),
        ("ci", [other, ..]) => Err(format!(
            "`{command}` takes no options (`{other}` was given)"
        )),
        (other, _) => Err(format!("unknown command `{other}`")),
    }
}

fn parse_codegen(options: &[&str]) -> Result<Command, String> {
    let mut check = false;
    let mut verbosity = codegen::Verbosity::Quiet;
    for &option in options {
        match option {
            "--check" => check = true,
            "--verbose" => verbosity = codegen::Verbosity::Verbose,
            other => {
                return Err(format!(
                    "`codegen` does not take `{other}` (its options are --check and --verbose)"
                ));
            }
        }
    }
    Ok(Command::Codegen { check, verbosity })
}

fn parse_bench(options: &[&str]) -> Result<BenchScope, String> {
    let mut peers = false;
    let mut github = false;
    let mut runs = None;
    let mut options = options.iter();
    while let Some(&option) = options.next() {
        match option {
            "--peers" => peers = true,
            "--github" => github = true,
            "--github-runs" => {
                let value = options.next().ok_or("--github-runs needs a number")?;
                match value.parse::<usize>() {
                    Ok(n) if n > 0 => runs = Some(n),
                    _ => {
                        return Err(format!(
                            "--github-runs takes a number above 0, not `{value}`"
                        ));
                    }
                }
            }
            other => {
                return Err(format!(
                    "`bench` does not take `{other}` (its options are --peers, --github and --github-runs N)"
                ));
            }
        }
    }
    let github_runs = runs.unwrap_or(peers::github::CHECK_RUNS);
    match (peers, github) {
        (true, true) => Err("`bench` takes --peers or --github, not both".to_owned()),
        (true, false) => Ok(BenchScope::Peers { github_runs }),
        (false, true) => Ok(BenchScope::GitHub { runs: github_runs }),
        (false, false) if runs.is_some() => {
            Err("--github-runs goes with --peers or --github".to_owned())
        }
        (false, false) => Ok(BenchScope::Own),
    }
}

fn parse_generate(args: &[&str]) -> Result<GenerateArgs, String> {
    let mut spec = None;
    let mut out = None;
    let mut name = None;
    let mut force = false;
    let mut ref_maps = Vec::new();
    let mut rest = args.iter();
    while let Some(&flag) = rest.next() {
        if flag == "--force" {
            force = true;
            continue;
        }
        let mut value = || {
            rest.next()
                .map(|v| (*v).to_owned())
                .ok_or_else(|| format!("`generate`: {flag} needs a value"))
        };
        match flag {
            "--spec" => spec = Some(PathBuf::from(value()?)),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--name" => name = Some(value()?),
            "--ref-map" => {
                let map = value()?;
                let Some((prefix, dir)) = map
                    .split_once('=')
                    .filter(|(p, d)| !p.is_empty() && !d.is_empty())
                else {
                    return Err(format!(
                        "`generate`: --ref-map takes PREFIX=DIR, not `{map}`"
                    ));
                };
                ref_maps.push((prefix.to_owned(), PathBuf::from(dir)));
            }
            other => return Err(format!("`generate` does not take `{other}`")),
        }
    }
    let (Some(spec), Some(out)) = (spec, out) else {
        return Err("`generate` needs --spec FILE and --out DIR".to_owned());
    };
    Ok(GenerateArgs {
        spec,
        out,
        name,
        force,
        ref_maps,
    })
}

fn generate(args: GenerateArgs) -> Result<(), String> {
    let GenerateArgs {
        spec,
        out,
        name,
        force,
        ref_maps,
    } = args;
    let settings = ref_maps.into_iter().fold(
        openapi_client_gen::Settings::default(),
        |settings, (prefix, dir)| settings.with_ref_map(prefix, dir),
    );
    let generated = corpus::generate_crate(&spec, &out, name.as_deref(), force, settings)?;
    eprintln!("{}", generated.summary());
    eprintln!("wrote {} files to {}", generated.files.len(), out.display());
    Ok(())
}

/// Benchmarks need an optimised build: re-run this program in release mode, with the same
/// `options`.
fn release_bench(options: &[&str], scope: BenchScope) -> Result<(), String> {
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
                .args(options)
                .current_dir(project_root())
                .status()
                .map_err(|e| e.to_string())?;
        return if status.success() {
            Ok(())
        } else {
            Err("benchmark failed".into())
        };
    }
    bench::run(&project_root(), scope)
}

/// The workspace root: the parent of this crate's directory.
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_is_a_command() {
        for args in [&["help"][..], &["--help"], &["-h"], &["codegen", "--help"]] {
            assert_eq!(parse(args), Ok(Command::Help), "{args:?}");
        }
    }

    #[test]
    fn what_is_not_understood_is_named() {
        let cases: &[(&[&str], &str)] = &[
            (&[], "no command given"),
            (&["bogus"], "unknown command `bogus`"),
            (&["codegen", "--chek"], "`codegen` does not take `--chek`"),
            (&["bench", "--peer"], "`bench` does not take `--peer`"),
            (
                &["bench", "--peers", "--github"],
                "--peers or --github, not both",
            ),
            (
                &["bench", "--github-runs", "2"],
                "goes with --peers or --github",
            ),
            (
                &["bench", "--github", "--github-runs", "0"],
                "above 0, not `0`",
            ),
            (
                &["ci", "--fast"],
                "`ci` takes no options (`--fast` was given)",
            ),
            (
                &["generate", "--spec", "a.yaml"],
                "needs --spec FILE and --out DIR",
            ),
            (&["generate", "--spec"], "--spec needs a value"),
            (
                &["generate", "--ref-map", "https://example.com/"],
                "--ref-map takes PREFIX=DIR",
            ),
            (
                &["generate", "--sepc", "a.yaml"],
                "`generate` does not take `--sepc`",
            ),
        ];
        for (args, expected) in cases {
            let error = parse(args).expect_err("refused");
            assert!(error.contains(expected), "{args:?}: {error}");
        }
    }

    #[test]
    fn commands_and_their_options_are_read() {
        assert_eq!(
            parse(&["codegen"]),
            Ok(Command::Codegen {
                check: false,
                verbosity: codegen::Verbosity::Quiet
            })
        );
        assert_eq!(
            parse(&["codegen", "--verbose", "--check"]),
            Ok(Command::Codegen {
                check: true,
                verbosity: codegen::Verbosity::Verbose
            })
        );
        assert_eq!(parse(&["bench"]), Ok(Command::Bench(BenchScope::Own)));
        assert_eq!(
            parse(&["bench", "--peers"]),
            Ok(Command::Bench(BenchScope::Peers {
                github_runs: peers::github::CHECK_RUNS
            }))
        );
        assert_eq!(
            parse(&["bench", "--github-runs", "3", "--github"]),
            Ok(Command::Bench(BenchScope::GitHub { runs: 3 }))
        );
        assert_eq!(
            parse(&["generate", "--out", "o", "--force", "--spec", "s.yaml"]),
            Ok(Command::Generate(GenerateArgs {
                spec: "s.yaml".into(),
                out: "o".into(),
                name: None,
                force: true,
                ref_maps: Vec::new(),
            }))
        );
        assert_eq!(
            parse(&[
                "generate",
                "--spec",
                "s.yaml",
                "--out",
                "o",
                "--ref-map",
                "https://example.com/s/=vendor/s",
                "--ref-map",
                "https://b.example.org/=b",
            ]),
            Ok(Command::Generate(GenerateArgs {
                spec: "s.yaml".into(),
                out: "o".into(),
                name: None,
                force: false,
                ref_maps: vec![
                    ("https://example.com/s/".into(), "vendor/s".into()),
                    ("https://b.example.org/".into(), "b".into()),
                ],
            }))
        );
    }

    #[test]
    fn the_help_lists_every_step_of_ci() {
        let source = include_str!("ci.rs");
        for step in [
            "rustfmt",
            "codegen --check",
            "openapi-spec-validator",
            "clippy",
            "rustdoc",
            "tests",
            "example",
            "corpus",
            "Prism",
        ] {
            assert!(source.contains(step), "ci.rs no longer has {step}");
            assert!(USAGE.contains(step), "the help does not name {step}");
        }
    }
}
