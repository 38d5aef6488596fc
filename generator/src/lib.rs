//! Turns an OpenAPI 3.0.x or 3.1.x document into Rust source: types for its schemas, request
//! and response bodies, and a plain-data description of every operation.
//!
//! The pipeline runs in one direction, one module per stage:
//!
//! ```text
//! load ──> validate (version) ──> resolve ($ref) ──> openapi31 (3.1 into the 3.0 model)
//!      ──> null_type ──> keywords (warnings) ──> contact (`x-contact-*` mapping)
//!      ──> validate (parse, rules) ──> lower (IR) ──> passes (IR to IR) ──> emit (tokens)
//!      ──> print (syn + prettyplease, in parallel)
//! ```
//!
//! Every failure is an [`Error`] naming the file, the JSON pointer and, where it can be found,
//! the line. A valid schema that no Rust type can express (`not`, `allOf` with `oneOf`...)
//! becomes `serde_json::Value` and is reported as a [`Warning`] in [`Output::warnings`], as is a
//! key no OpenAPI or JSON Schema vocabulary defines (a misspelled keyword). Nothing in a document
//! makes the generator panic on purpose; output depends only on the document, in the document's
//! order.
//!
//! [`Output::api`] summarises what the code offers (servers, security schemes, operations), for
//! documentation. With the feature `write-crate`, the module `write_crate` writes a standalone
//! crate for a document (manifest, README, sources and a copy of the runtime); the feature `cli`,
//! on by default, adds the `openapi-client-gen` program around it (`cargo install --path
//! generator`). A program that uses the library alone depends on it with
//! `default-features = false`, and gets neither clap nor toml.
//!
//! ```no_run
//! let settings = openapi_client_gen::Settings::default();
//! let code = openapi_client_gen::generate(std::path::Path::new("specs/linq.yaml"), &settings)?;
//! println!("{code}");
//! # Ok::<(), openapi_client_gen::Error>(())
//! ```

pub mod contact;
mod docs;
mod emit;
mod error;
mod ir;
mod keywords;
mod load;
mod locate;
mod lower;
mod names;
mod null_type;
mod openapi31;
mod passes;
mod print;
mod resolve;
mod summary;
mod validate;
mod walk;
#[cfg(feature = "write-crate")]
pub mod write_crate;

use std::path::{Path, PathBuf};

pub use error::{Error, Location, Warning, WarningKind};
pub use summary::{
    ApiSummary, OperationSummary, SchemeSummary, SchemeSummaryKind, ServerSummary, VariableSummary,
};

/// How to generate. Build with [`Settings::default`] and the `with_*` methods.
#[derive(Clone, Debug)]
pub struct Settings {
    runtime_path: String,
    header: Option<String>,
    ref_maps: Vec<load::RefMap>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            runtime_path: "crate::runtime".to_owned(),
            header: None,
            ref_maps: Vec::new(),
        }
    }
}

impl Settings {
    /// The path under which generated code finds the runtime crate (`openapi-client-runtime`);
    /// `crate::runtime` by default.
    pub fn with_runtime_path(mut self, path: impl Into<String>) -> Self {
        self.runtime_path = path.into();
        self
    }

    /// Comment text put before the code, one `//` line per line (for example: generated from
    /// which spec, by which command, not to be edited).
    pub fn with_header(mut self, header: impl Into<String>) -> Self {
        self.header = Some(header.into());
        self
    }

    /// Reads a `$ref` to a URL that starts with `prefix` from the folder `dir`: what follows
    /// the prefix is the file's path in it. The generator never fetches anything; a URL under
    /// no mapped prefix is an error. Repeatable; the longest matching prefix wins.
    ///
    /// ```
    /// let settings = openapi_client_gen::Settings::default()
    ///     .with_ref_map("https://example.com/schemas/", "vendor/schemas");
    /// # drop(settings);
    /// ```
    pub fn with_ref_map(mut self, prefix: impl Into<String>, dir: impl Into<PathBuf>) -> Self {
        self.ref_maps.push(load::RefMap {
            prefix: prefix.into(),
            dir: dir.into(),
        });
        self
    }
}

/// Generates the Rust module for the document at `path`.
pub fn generate(path: &Path, settings: &Settings) -> Result<String, Error> {
    generate_output(path, settings).map(|output| output.code)
}

/// The generated code of a document, and what it contains.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    /// The Rust source of the module.
    pub code: String,
    /// The document's `info.title`.
    pub title: String,
    /// How many operations the document has.
    pub operations: usize,
    /// How many Rust types were generated for its schemas and bodies.
    pub types: usize,
    /// What the code does not model as the document says, each with file, pointer, line and
    /// [`WarningKind`]: schemas that became `serde_json::Value`, choices the document left open,
    /// keys no OpenAPI or JSON Schema vocabulary defines, and operations, bodies or parameters
    /// sent as near as the document allows (`docs/generator.md` lists them). The code compiles
    /// either way.
    pub warnings: Vec<Warning>,
    /// What the API offers (servers, security schemes, operations), for documentation.
    pub api: ApiSummary,
    /// The document's `x-contact-*` mapping, if it has one, for
    /// [`contact::capability_matrix`].
    pub contact: Option<contact::ContactMapping>,
}

/// Like [`generate`], with the counts a report needs.
pub fn generate_output(path: &Path, settings: &Settings) -> Result<Output, Error> {
    guarded(path, || {
        let mut sources = load::Sources::default();
        sources.load(path).map_err(|e| named(e, path, &sources))?;
        stages(sources, path, settings)
    })
}

/// Generates from a document already in memory; `path` names it in messages and anchors
/// references to other files.
pub fn generate_from_str(path: &Path, text: &str, settings: &Settings) -> Result<Output, Error> {
    guarded(path, || {
        let mut sources = load::Sources::default();
        sources
            .load_text(path, text.to_owned())
            .map_err(|e| named(e, path, &sources))?;
        stages(sources, path, settings)
    })
}

/// Runs the generator on one document. No document is meant to make it panic; should one still,
/// the panic becomes an `Error` naming the file, so a caller processing many documents goes on
/// with the next.
fn guarded(path: &Path, f: impl FnOnce() -> Result<Output, Error>) -> Result<Output, Error> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(Error {
            file: path.to_owned(),
            pointer: None,
            location: None,
            message: format!(
                "internal error: the generator failed on this document ({what}); please report it with the document"
            ),
        })
    })
}

/// The stages after loading the root document.
fn stages(mut sources: load::Sources, path: &Path, settings: &Settings) -> Result<Output, Error> {
    let _: syn::Path = syn::parse_str(&settings.runtime_path).map_err(|e| Error {
        file: path.to_owned(),
        pointer: None,
        location: None,
        message: format!("invalid runtime path {:?}: {e}", settings.runtime_path),
    })?;
    sources.ref_maps.clone_from(&settings.ref_maps);
    let (bundled, facts, mut warnings, version) = bundle(&mut sources, path)?;
    warnings.extend(
        keywords::check(&bundled, &sources)
            .into_iter()
            .map(|d| d.of_kind(WarningKind::UnknownKey)),
    );
    let contact = contact::read(&bundled, &sources, path).map_err(|e| named(e, path, &sources))?;
    // From here on, problems are located in the files' text; their parsed values are not needed.
    sources.drop_values();
    let raw = lower::raw_facts(&bundled);
    let doc =
        validate::parse(&bundled, version).map_err(|d| named(sources.error(d), path, &sources))?;
    drop(bundled);
    validate::check(&doc).map_err(|d| named(sources.error(d), path, &sources))?;
    let mut module =
        lower::lower(&doc, &raw, &facts).map_err(|d| named(sources.error(d), path, &sources))?;
    passes::run(&mut module, contact.as_ref())
        .map_err(|d| named(sources.error(d), path, &sources))?;
    let title = doc.info.title.clone();
    let api = summary::summarize(&doc.info, &module);
    drop((doc, raw, facts));
    let mut out = String::new();
    if let Some(header) = &settings.header {
        for line in header.lines() {
            out.push_str(if line.is_empty() { "//" } else { "// " });
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
    }
    out.push_str(&print::print(&module, contact.as_ref(), &settings.runtime_path).map_err(|e| Error {
        file: path.to_owned(),
        pointer: None,
        location: None,
        message: format!("internal error: the generated code does not parse ({e}); please report it with this spec"),
    })?);
    warnings.extend(module.warnings.iter().cloned());
    let kinds: Vec<WarningKind> = warnings.iter().map(|d| d.kind).collect();
    let warnings = sources
        .errors(warnings)
        .into_iter()
        .zip(kinds)
        .map(|(e, kind)| Warning(named(e, path, &sources), kind))
        .collect();
    Ok(Output {
        warnings,
        code: out,
        title,
        operations: module.operations.len(),
        types: module.types.len(),
        api,
        contact,
    })
}

/// The stages that make the loaded files one document in the 3.0 model: the version checked,
/// references bundled (`resolve`), a 3.1 document rewritten (`openapi31`), `type: "null"`
/// alternatives read (`null_type`). Returns the document, what a 3.1 document says that the
/// 3.0 model cannot hold (`openapi31::Facts`; for 3.0, only the webhooks of its `x-webhooks`),
/// the warnings so far and the version.
fn bundle(
    sources: &mut load::Sources,
    path: &Path,
) -> Result<
    (
        serde_json::Value,
        openapi31::Facts,
        Vec<error::Diag>,
        validate::Version,
    ),
    Error,
> {
    // Report the root file as the user named it.
    let version = validate::check_version(&sources.files[0].value)
        .map_err(|d| named(sources.error(d), path, sources))?;
    let (mut bundled, mut warnings) =
        resolve::bundle(sources, version).map_err(|e| named(e, path, sources))?;
    let mut facts = openapi31::Facts::default();
    if version == validate::Version::V3_1 {
        let (rewritten, found) = openapi31::rewrite(&mut bundled, sources)
            .map_err(|d| named(sources.error(d), path, sources))?;
        warnings.extend(rewritten);
        facts = found;
    } else {
        facts.webhooks = openapi31::x_webhooks(&mut bundled, sources);
    }
    warnings.extend(null_type::rewrite(
        &mut bundled,
        sources,
        &mut facts,
        version,
    ));
    Ok((bundled, facts, warnings, version))
}

/// Errors carry paths as the caller gave the root: the root's own path, and referenced files
/// relative to it, so messages (and snapshots of them) do not depend on the machine.
fn named(mut error: Error, given: &Path, sources: &load::Sources) -> Error {
    // Before the root is loaded, its errors already carry the path as given.
    let Some(root) = sources.files.first().map(|f| &f.path) else {
        return error;
    };
    if error.file == *root {
        error.file = given.to_owned();
    } else if let Some(relative) = root
        .parent()
        .and_then(|dir| error.file.strip_prefix(dir).ok())
    {
        error.file = given.parent().unwrap_or(Path::new("")).join(relative);
    }
    error
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_the_generator_becomes_an_error_naming_the_file() {
        let error = guarded(Path::new("specs/odd.yaml"), || panic!("unexpected shape"))
            .expect_err("a panic is an error");
        assert_eq!(error.file, Path::new("specs/odd.yaml"));
        assert!(
            error.message.contains("unexpected shape"),
            "{}",
            error.message
        );
    }
}
