//! `cargo xtask ci`'s check of a crate written by `generate` as its users get it: the project's
//! `operations` fixture is generated into `target/standalone/operations-client`, and a consumer
//! crate beside it depends on it with the `mock` feature and runs `standalone/consumer.rs`, a
//! test that uses only the crate's public API. Writes nothing outside `target/standalone/`.

use std::path::Path;
use std::process::Command;

use openapi_client_gen::Settings;

/// The consumer's manifest: the generated crate with its mock, and what `#[tokio::test]` needs.
const MANIFEST: &str = r#"[package]
name = "standalone-consumer"
version = "0.0.0"
edition = "2024"
publish = false

[dev-dependencies]
operations-client = { path = "../operations-client", features = ["mock"] }
tokio = { version = "1", features = ["macros", "rt"] }

[workspace]
"#;

/// Generates the crate, writes the consumer beside it and runs the consumer's test, warnings
/// denied (the flags the corpus check uses, so the two share built dependencies).
pub fn run(root: &Path) -> Result<(), String> {
    let dir = root.join("target/standalone");
    let spec = root.join("tests/fixtures/operations.yaml");
    crate::corpus::generate_crate(
        &spec,
        &dir.join("operations-client"),
        None,
        true,
        Settings::default(),
    )?;
    let consumer = dir.join("consumer");
    let write = |path: &Path, text: &str| {
        std::fs::create_dir_all(path.parent().expect("a file in a folder"))
            .and_then(|()| std::fs::write(path, text))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    write(&consumer.join("Cargo.toml"), MANIFEST)?;
    write(
        &consumer.join("tests/mock.rs"),
        include_str!("../standalone/consumer.rs"),
    )?;
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["test", "--quiet", "--manifest-path"])
        .arg(consumer.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", root.join("target/corpus-target"))
        .env("RUSTFLAGS", "-D warnings")
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "the consumer of a generated crate's mock failed ({status}): {}",
            consumer.display()
        ))
    }
}
