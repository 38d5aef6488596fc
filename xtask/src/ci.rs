//! `cargo xtask ci`: every check, in the order that fails fastest.

use std::path::Path;
use std::process::Command;

/// The independent OpenAPI validator, pinned, installed into a project-local virtualenv.
const VALIDATOR: &str = "openapi-spec-validator==0.7.2";
/// The independent request validator of the conformance tests, pinned.
const PRISM: &str = "@stoplight/prism-cli@5.14.2";

pub fn run(root: &Path) -> Result<(), String> {
    step(
        "rustfmt",
        cargo(root).args(["fmt", "--all", "--", "--check"]),
    )?;
    eprintln!("== codegen --check");
    crate::codegen::run(root, true, crate::codegen::Verbosity::Quiet)?;
    validate_specs(root)?;
    step(
        "clippy",
        cargo(root).args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    // The workspace's tests turn the `mock` feature on; users' builds mostly do not, and without
    // it the types only requests contain derive no `Deserialize`.
    step(
        "clippy, the vendor clients without features",
        cargo(root).args([
            "clippy",
            "-p",
            "crm-contact-clients",
            "--lib",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    // The fixtures without features: the `mock` and `webhooks` modules and what only they use
    // are left out, and what remains must still build without warnings.
    step(
        "clippy, the fixtures without features",
        cargo(root).args([
            "clippy",
            "-p",
            "codegen-tests",
            "--lib",
            "--no-default-features",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    step(
        "rustdoc",
        cargo(root)
            .args(["doc", "--workspace", "--no-deps"])
            .env("RUSTDOCFLAGS", "-D warnings"),
    )?;
    step(
        "tests",
        cargo(root).args(["test", "--workspace"]).env("CI", "true"),
    )?;
    step(
        "example",
        cargo(root)
            .args(["run", "--quiet", "--example", "update_contacts"])
            .stdout(std::process::Stdio::null()),
    )?;
    // The public specs kept beside the repository (not copied into it), OpenAPI 3.0 and 3.1:
    // each must generate a crate that compiles without warnings.
    for folder in ["../shared/corpus", "../shared/corpus-31"] {
        let corpus = root.join(folder);
        if corpus.is_dir() {
            eprintln!("== corpus {folder}");
            crate::corpus::run(root, &corpus)?;
        } else {
            eprintln!("== corpus: {} not found, skipped", corpus.display());
        }
    }
    eprintln!("== a generate'd crate's mock, used from a consumer crate");
    crate::standalone::run(root)?;
    install_prism(root)?;
    step(
        "conformance (Prism)",
        cargo(root)
            .args([
                "test",
                "-p",
                "codegen-tests",
                "--test",
                "prism_conformance",
                "--",
                "--ignored",
            ])
            .env("CI", "true"),
    )?;
    eprintln!("== all checks passed");
    Ok(())
}

fn cargo(root: &Path) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    command.current_dir(root);
    command
}

fn step(name: &str, command: &mut Command) -> Result<(), String> {
    eprintln!("== {name}");
    let status = command
        .status()
        .map_err(|e| format!("{name}: cannot run {command:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{name} failed ({status})"))
    }
}

/// Installs Stoplight Prism (a mock server that validates requests against a spec) into
/// `target/tools/prism`, from the npm registry, if it is not there.
fn install_prism(root: &Path) -> Result<(), String> {
    let prefix = root.join("target/tools/prism");
    if prefix.join("node_modules/.bin/prism").exists() {
        return Ok(());
    }
    std::fs::create_dir_all(&prefix)
        .map_err(|e| format!("cannot create {}: {e}", prefix.display()))?;
    step(
        "install Prism",
        Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(&prefix)
            .arg(PRISM),
    )
}

/// Runs `openapi-spec-validator` on every spec, installing it into `target/tools/venv` first if
/// it is not there (a fresh machine has only Python and the Rust toolchain).
fn validate_specs(root: &Path) -> Result<(), String> {
    let venv = root.join("target/tools/venv");
    let validator = venv.join("bin/openapi-spec-validator");
    if !validator.exists() {
        step(
            "install openapi-spec-validator",
            Command::new("python3").arg("-m").arg("venv").arg(&venv),
        )?;
        step(
            "install openapi-spec-validator",
            Command::new(venv.join("bin/pip")).args([
                "install",
                "--quiet",
                "--disable-pip-version-check",
                VALIDATOR,
            ]),
        )?;
    }
    let specs = crate::codegen::specs_in(&root.join("specs"))?;
    step(
        "openapi-spec-validator",
        Command::new(&validator).args(&specs),
    )
}
