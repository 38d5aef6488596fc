//! The `openapi-client-gen` program as a user runs it: help, usage errors, `check` on a broken
//! document, `generate` into a new, a foreign and its own folder, and what a generated crate
//! says about itself. Runs the built binary; writes only under the system's temporary folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_openapi-client-gen"))
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .output()
        .expect("the program runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "openapi-client-gen-cli-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// `petstore-client: 3 operations, 5 types, 400 lines, 0 warnings, 12 ms`, whatever the numbers.
fn assert_summary_line(stdout: &str, name: &str) {
    let line = stdout.lines().last().unwrap_or_default();
    let Some(counts) = line.strip_prefix(&format!("{name}: ")) else {
        panic!("no summary line for {name}: {stdout}");
    };
    let words: Vec<&str> = counts.split(", ").collect();
    let units = ["operations", "types", "lines", "warnings", "ms"];
    assert_eq!(words.len(), units.len(), "{line}");
    for (word, unit) in words.iter().zip(units) {
        let (number, found) = word.split_once(' ').expect(line);
        assert!(number.parse::<u64>().is_ok(), "{line}");
        assert_eq!(found, unit, "{line}");
    }
}

#[test]
fn help_lists_the_subcommands_and_exits_0() {
    let output = run(&["--help"]);
    assert_eq!(output.status.code(), Some(0));
    let stdout = text(&output.stdout);
    for expected in ["generate", "check", "Exit codes"] {
        assert!(stdout.contains(expected), "{expected}: {stdout}");
    }
    let output = run(&["generate", "--help"]);
    assert_eq!(output.status.code(), Some(0));
    for flag in ["--spec", "--out", "--name", "--force"] {
        assert!(text(&output.stdout).contains(flag), "{flag}");
    }
}

#[test]
fn a_bogus_flag_exits_2_naming_it() {
    let output = run(&["generate", "--sepc", "a.yaml", "--out", "x"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("--sepc"), "{stderr}");
    assert_eq!(run(&[]).status.code(), Some(2));
    assert_eq!(run(&["bogus"]).status.code(), Some(2));
}

#[test]
fn check_on_a_broken_document_exits_1_with_file_and_line() {
    let output = run(&["check", "--spec", "tests/fixtures/errors/dangling_ref.yaml"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("error: tests/fixtures/errors/dangling_ref.yaml:20:"),
        "{stderr}"
    );
    assert!(stderr.contains("dangling `$ref`"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn check_reports_and_writes_nothing() {
    let output = run(&["check", "--spec", "tests/fixtures/operations.yaml"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_summary_line(&text(&output.stdout), "operations-client");
    assert!(text(&output.stderr).contains("nothing written"));
}

#[test]
fn warnings_are_printed_with_file_and_line() {
    let output = run(&["check", "--spec", "tests/fixtures/fallback.yaml"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stderr = text(&output.stderr);
    let warning = stderr
        .lines()
        .find(|l| l.starts_with("warning: "))
        .unwrap_or_else(|| panic!("no warning: {stderr}"));
    assert!(
        warning.starts_with("warning: tests/fixtures/fallback.yaml:"),
        "{warning}"
    );
    let stdout = text(&output.stdout);
    assert_summary_line(&stdout, "fallback-client");
    assert!(!stdout.contains(" 0 warnings"), "{stdout}");
}

#[test]
fn generate_refuses_a_foreign_folder_and_rewrites_its_own() {
    let spec = "tests/fixtures/operations.yaml";
    let foreign = scratch("foreign");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
    let out = foreign.to_str().unwrap();
    let output = run(&["generate", "--spec", spec, "--out", out]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("--force"), "{stderr}");
    assert!(!foreign.join("Cargo.toml").exists(), "nothing was written");
    let forced = run(&["generate", "--spec", spec, "--out", out, "--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", text(&forced.stderr));
    assert_eq!(
        std::fs::read_to_string(foreign.join("notes.txt")).unwrap(),
        "mine"
    );
    std::fs::remove_dir_all(&foreign).unwrap();

    let own = scratch("own");
    let out = own.to_str().unwrap();
    for _ in 0..2 {
        let output = run(&["generate", "--spec", spec, "--out", out, "--name", "pets"]);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        assert_summary_line(&text(&output.stdout), "pets");
    }
    for file in [
        "Cargo.toml",
        "README.md",
        "src/lib.rs",
        "src/api.rs",
        "runtime/Cargo.toml",
        "runtime/src/lib.rs",
        ".openapi-client-gen",
    ] {
        assert!(own.join(file).is_file(), "{file}");
    }
    std::fs::remove_dir_all(&own).unwrap();
}

#[test]
fn verbose_prints_a_line_per_stage() {
    let own = scratch("verbose");
    let output = run(&[
        "generate",
        "--spec",
        "tests/fixtures/operations.yaml",
        "--out",
        own.to_str().unwrap(),
        "--verbose",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with("generating tests/fixtures/operations.yaml…\nwriting 10 operations"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&own).unwrap();
}

/// The README and the crate documentation name the security schemes, the servers and an example
/// call, and the constructor they show is the one the code has.
#[test]
fn a_generated_crate_explains_itself() {
    let own = scratch("docs");
    let output = run(&[
        "generate",
        "--spec",
        "tests/fixtures/operations.yaml",
        "--out",
        own.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let readme = std::fs::read_to_string(own.join("README.md")).unwrap();
    let lib = std::fs::read_to_string(own.join("src/lib.rs")).unwrap();
    let api = std::fs::read_to_string(own.join("src/api.rs")).unwrap();
    for expected in [
        "A Rust client for Operations fixture (API version `2.1.0`)",
        "`apiKeyHeader`: an API key, sent as the header `X-API-Key`",
        "`basicAuth`: HTTP basic authentication",
        ".credential(\"oauth\", Credential::Token(secret.into()))",
        "`https://{region}.api.example.com/{basePath}` (the default): Production.",
        "`region`, by default `eu`, one of `eu`, `us`, `ap`: Data region.",
        "operations_client::Client::new(base_path)?",
        "let response = client.list_pets(&params).await?;",
        "runtime::Error::Api { body: ListPetsError::",
    ] {
        assert!(readme.contains(expected), "README: {expected}\n\n{readme}");
        assert!(
            lib.lines()
                .map(|l| l.trim_start_matches("//!").trim_start())
                .any(|l| l.contains(expected.lines().next().unwrap())),
            "lib.rs: {expected}\n\n{lib}"
        );
    }
    assert!(
        api.contains("pub fn new(base_path: &str)"),
        "the constructor shown is the real one"
    );
    assert!(api.contains("pub fn list_pets("));
    std::fs::remove_dir_all(&own).unwrap();
}
