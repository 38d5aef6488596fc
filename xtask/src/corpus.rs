//! `cargo xtask generate` writes a standalone crate for any OpenAPI 3.0 or 3.1 document, with its own
//! copy of the runtime, through the generator's crate writer (`openapi_client_gen::write_crate`);
//! `cargo xtask corpus` does that for every document in a folder, checks each crate with cargo,
//! and prints a table, with the warnings counted by kind (schemas not modelled, unknown keys,
//! fallbacks). The crate writing itself is not here.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use openapi_client_gen::Settings;
use openapi_client_gen::WarningKind;
use openapi_client_gen::write_crate::{self, Generated, crate_name};

/// Writes a crate for `spec` into `out` with the generator's crate writer (the one the
/// `openapi-client-gen` program uses), printing its warnings to stderr. `out` must be missing,
/// empty or written by `generate` before, unless `force`. `settings` reads the document
/// (reference maps).
pub fn generate_crate(
    spec: &Path,
    out: &Path,
    name: Option<&str>,
    force: bool,
    settings: Settings,
) -> Result<Generated, String> {
    let generated =
        write_crate::write_with(spec, out, name, force, settings).map_err(|e| e.to_string())?;
    for warning in &generated.warnings {
        eprintln!("{warning}");
    }
    Ok(generated)
}

/// Generates every spec of `dir` into `target/corpus/`, checks each with `cargo clippy` (warnings
/// denied, one shared target dir; a crate with webhooks also with its `webhooks` feature), and
/// prints a table. Fails if any spec does not generate or compile.
pub fn run(root: &Path, dir: &Path) -> Result<(), String> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "json" || e == "yaml" || e == "yml")
        })
        .collect();
    specs.sort();
    if specs.is_empty() {
        return Err(format!("no .json or .yaml specs in {}", dir.display()));
    }
    let scratch = root.join("target/corpus");
    let target = root.join("target/corpus-target");
    // One column of warnings per kind: a schema not modelled, an unknown key, a fallback.
    let kinds: Vec<&str> = WarningKind::ALL.iter().map(|k| k.label()).collect();
    let mut table = format!(
        "| spec | bytes | operations | types | {} | generation | lines | check | first error |\n|---|---:|---:|---:|{}---:|---:|---|---|\n",
        kinds.join(" | "),
        "---:|".repeat(kinds.len()),
    );
    let blank_kinds = " |".repeat(kinds.len());
    let mut failures = 0;
    for spec in &specs {
        let file = spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = std::fs::metadata(spec).map(|m| m.len()).unwrap_or(0);
        let out = scratch.join(crate_name(spec));
        eprintln!("== {file}");
        let row = match generate_crate(spec, &out, None, true, Settings::default()) {
            Err(error) => {
                failures += 1;
                format!(
                    "| {file} | {bytes} | | |{blank_kinds} | | not generated | {} |",
                    cell(&error)
                )
            }
            Ok(generated) => {
                // With the default features, then, for a document with webhooks, with the
                // feature that compiles them.
                let clippy = |features: &[&str]| {
                    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
                        .args([
                            "clippy",
                            "--quiet",
                            "--message-format",
                            "short",
                            "--manifest-path",
                        ])
                        .arg(out.join("Cargo.toml"))
                        .args(features)
                        .env("CARGO_TARGET_DIR", &target)
                        .env("RUSTFLAGS", "-D warnings")
                        .output()
                        .map_err(|e| format!("cannot run cargo: {e}"))
                };
                let mut check = clippy(&[])?;
                if check.status.success() && generated.webhooks > 0 {
                    check = clippy(&["--features", "webhooks"])?;
                }
                let stderr = String::from_utf8_lossy(&check.stderr);
                let first_error = stderr
                    .lines()
                    .find(|l| l.contains("error") || l.contains("warning"))
                    .unwrap_or("");
                if !check.status.success() {
                    failures += 1;
                }
                format!(
                    "| {file} | {bytes} | {} | {} | {} | {} ms | {} | {} | {} |",
                    generated.operations,
                    generated.types,
                    warning_counts(&generated),
                    generated.elapsed.as_millis(),
                    generated.lines,
                    if check.status.success() {
                        "ok"
                    } else {
                        "failed"
                    },
                    cell(first_error)
                )
            }
        };
        let _ = writeln!(table, "{row}");
    }
    println!("{table}");
    if failures > 0 {
        return Err(format!(
            "{failures} of {} specs did not generate or compile without warnings",
            specs.len()
        ));
    }
    Ok(())
}

/// The warnings of each kind, in the order of `WarningKind::ALL`, as table cells.
fn warning_counts(generated: &Generated) -> String {
    WarningKind::ALL
        .iter()
        .map(|kind| {
            let count = generated.warnings.iter().filter(|w| w.1 == *kind).count();
            count.to_string()
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

/// Text fit for a table cell.
fn cell(text: &str) -> String {
    let one_line = text.lines().next().unwrap_or("").replace('|', "\\|");
    if one_line.chars().count() > 140 {
        format!("{}…", one_line.chars().take(140).collect::<String>())
    } else {
        one_line
    }
}
