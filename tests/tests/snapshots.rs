//! Snapshots of the generator's output: the code for every vendor spec and every fixture spec,
//! and the message for every malformed or unsupported fixture. Review changes with
//! `cargo insta review`; on CI (`CI=true`) a mismatch fails and nothing is written.

use std::path::Path;

use openapi_client_gen::{Settings, generate};

/// The path of `path` relative to this package, as the generator should report it.
fn relative(path: &Path) -> &Path {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .expect("input inside the package")
}

#[test]
fn vendor_specs() {
    insta::glob!("../../specs", "*.yaml", |path| {
        let code = generate(path, &Settings::default()).unwrap_or_else(|e| panic!("{e}"));
        insta::assert_snapshot!(code);
    });
}

#[test]
fn fixture_specs() {
    insta::glob!("../fixtures", "*.{yaml,json}", |path| {
        let code = generate(relative(path), &Settings::default()).unwrap_or_else(|e| panic!("{e}"));
        insta::assert_snapshot!(code);
    });
}

#[test]
fn error_messages() {
    insta::glob!("../fixtures/errors", "*.{yaml,json}", |path| {
        let error = generate(relative(path), &Settings::default())
            .expect_err("an error fixture must not generate");
        insta::assert_snapshot!(error.to_string());
    });
}

/// A document whose `$ref`s name URLs, read from the folders two URL prefixes are mapped to
/// (`cargo xtask codegen` maps the same ones for its module, `src/fixtures/url_refs.rs`).
#[test]
fn url_references_read_from_mapped_folders() {
    let dir = Path::new("fixtures/url_refs");
    let settings = Settings::default()
        .with_ref_map("https://schemas.example.com/", dir.join("mirror/schemas"))
        .with_ref_map("https://errors.example.org/v2/", dir.join("mirror/errors"));
    let code = generate(&dir.join("api.yaml"), &settings).unwrap_or_else(|e| panic!("{e}"));
    insta::assert_snapshot!(code);
}
