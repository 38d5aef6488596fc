//! Writes every generated file. Each generated artifact comes from one function here, and every
//! file goes through [`ensure_file_contents`], which in check mode writes nothing and reports
//! what is stale.

use std::fs;
use std::path::{Path, PathBuf};

use openapi_client_gen::contact::ContactMapping;
use openapi_client_gen::{Settings, generate_output};

/// One generated module: its spec, where it goes, and the URL prefixes its `$ref`s read from
/// local folders (`--ref-map`).
struct Target {
    spec: PathBuf,
    module: String,
    ref_maps: Vec<(String, PathBuf)>,
}

/// A URL prefix and the local folder it maps to (relative to the document's folder).
type RefMap = (&'static str, &'static str);

/// Fixtures in a folder of their own, whose `$ref`s name URLs read from local folders: the
/// document, its module, and its [`RefMap`]s. `tests/tests/snapshots.rs` generates them with
/// the same maps.
const MAPPED_FIXTURES: &[(&str, &str, &[RefMap])] = &[(
    "tests/fixtures/url_refs/api.yaml",
    "url_refs",
    &[
        ("https://schemas.example.com/", "mirror/schemas"),
        ("https://errors.example.org/v2/", "mirror/errors"),
    ],
)];

/// One target per spec, named after its file.
fn targets_of(specs: &[PathBuf]) -> Vec<Target> {
    specs
        .iter()
        .map(|s| Target {
            spec: s.clone(),
            module: module_name(s),
            ref_maps: Vec::new(),
        })
        .collect()
}

/// How much `codegen` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verbosity {
    /// A vendor spec's warnings (there should be none), the files written, and one summary line.
    /// The fixtures' warnings are expected, and checked by `tests/tests/warnings.rs`: only
    /// their count is printed.
    Quiet,
    /// Every warning, the fixtures' included.
    Verbose,
}

/// Regenerates (or, with `check`, verifies) all generated code.
pub fn run(root: &Path, check: bool, verbosity: Verbosity) -> Result<(), String> {
    let mut stale = Vec::new();
    let vendors = specs_in(&root.join("specs"))?;
    let generated = generate_crate_modules(
        root,
        targets_of(&vendors),
        &root.join("generated/src/vendors"),
        VENDORS_DOC,
        check,
        true,
        &mut stale,
    )?;
    generate_capabilities(root, &generated.contacts, check, &mut stale)?;
    let mut fixtures = targets_of(&specs_in(&root.join("tests/fixtures"))?);
    fixtures.extend(MAPPED_FIXTURES.iter().map(|(spec, module, maps)| {
        let spec = root.join(spec);
        let dir = spec.parent().unwrap_or(root).to_path_buf();
        Target {
            spec,
            module: (*module).to_owned(),
            ref_maps: maps
                .iter()
                .map(|(prefix, folder)| ((*prefix).to_owned(), dir.join(folder)))
                .collect(),
        }
    }));
    let fixture_count = fixtures.len();
    let fixture_warnings = generate_crate_modules(
        root,
        fixtures,
        &root.join("tests/src/fixtures"),
        FIXTURES_DOC,
        check,
        verbosity == Verbosity::Verbose,
        &mut stale,
    )?
    .warnings;
    if !check || stale.is_empty() {
        // In write mode `stale` lists the files just written.
        eprintln!(
            "{}",
            summary(
                vendors.len(),
                fixture_count,
                check,
                stale.len(),
                fixture_warnings,
                verbosity
            )
        );
        return Ok(());
    }
    let list: Vec<String> = stale
        .iter()
        .map(|p| format!("  {}", p.strip_prefix(root).unwrap_or(p).display()))
        .collect();
    Err(format!(
        "generated code is out of date with the specs:\n{}\nrun `cargo xtask codegen` and commit the result",
        list.join("\n")
    ))
}

/// The one line `codegen` prints when it succeeds.
fn summary(
    vendors: usize,
    fixtures: usize,
    check: bool,
    changed: usize,
    fixture_warnings: usize,
    verbosity: Verbosity,
) -> String {
    let what = match (check, changed) {
        (true, _) => "checked, all up to date".to_owned(),
        (false, 0) => "generated, nothing changed".to_owned(),
        (false, n) => format!("generated, {n} files updated"),
    };
    let expected = if fixture_warnings == 0 || verbosity == Verbosity::Verbose {
        String::new()
    } else {
        format!(
            " ({fixture_warnings} expected fixture warnings, checked by tests/tests/warnings.rs; --verbose prints them)"
        )
    };
    format!("codegen: {vendors} vendor specs and {fixtures} fixtures {what}{expected}")
}

const VENDORS_DOC: &str = "One module per vendor spec in `specs/`.";
const FIXTURES_DOC: &str = "One module per fixture spec in `tests/fixtures/`, compiled so that every construct's output is known to build.";

/// The `.yaml`, `.yml` and `.json` files directly in `dir`, sorted by name.
pub fn specs_in(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut specs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        })
        .collect();
    specs.sort();
    Ok(specs)
}

fn module_name(spec: &Path) -> String {
    let stem = spec
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    stem.replace(['-', '.', ' '], "_").to_ascii_lowercase()
}

/// What `generate_crate_modules` made besides the files.
struct Modules {
    /// How many warnings the specs gave.
    warnings: usize,
    /// Each module's name and `x-contact-*` mapping, in spec order.
    contacts: Vec<(String, Option<ContactMapping>)>,
}

/// Generates one module per spec into `out_dir`, and its `mod.rs`; prints the specs' warnings
/// if `print_warnings`.
fn generate_crate_modules(
    root: &Path,
    targets: Vec<Target>,
    out_dir: &Path,
    doc: &str,
    check: bool,
    print_warnings: bool,
    stale: &mut Vec<PathBuf>,
) -> Result<Modules, String> {
    let mut warnings = 0;
    let mut contacts = Vec::new();
    let mut mod_rs =
        format!("// @generated by `cargo xtask codegen`. Do not edit by hand.\n\n//! {doc}\n");
    for target in &targets {
        let relative = target.spec.strip_prefix(root).unwrap_or(&target.spec);
        let relative = relative.to_string_lossy().replace('\\', "/");
        let header = format!(
            "@generated by `cargo xtask codegen` from `{relative}`.\nDo not edit by hand: change the spec and run `cargo xtask codegen`."
        );
        let settings = target.ref_maps.iter().fold(
            Settings::default()
                .with_runtime_path("crate::runtime")
                .with_header(header),
            |settings, (prefix, dir)| settings.with_ref_map(prefix.clone(), dir.clone()),
        );
        let output = generate_output(&target.spec, &settings).map_err(|e| e.to_string())?;
        warnings += output.warnings.len();
        for warning in output.warnings.iter().filter(|_| print_warnings) {
            // Relative to the repository, as the spec paths in the headers are.
            let mut warning = warning.clone();
            if let Ok(relative) = warning.0.file.strip_prefix(root) {
                warning.0.file = relative.to_path_buf();
            }
            eprintln!("{warning}");
        }
        ensure_file_contents(
            root,
            &out_dir.join(format!("{}.rs", target.module)),
            &output.code,
            check,
            stale,
        )?;
        mod_rs.push_str(&format!("\n#[rustfmt::skip]\npub mod {};\n", target.module));
        contacts.push((target.module.clone(), output.contact));
    }
    ensure_file_contents(root, &out_dir.join("mod.rs"), &mod_rs, check, stale)?;
    // A module whose spec is gone is stale too.
    if let Ok(entries) = fs::read_dir(out_dir) {
        let mut orphans: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                let stem = p
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                p.extension().is_some_and(|e| e == "rs")
                    && stem != "mod"
                    && !targets.iter().any(|t| t.module == stem)
            })
            .collect();
        orphans.sort();
        for orphan in orphans {
            if check {
                stale.push(orphan);
            } else {
                fs::remove_file(&orphan)
                    .map_err(|e| format!("cannot remove {}: {e}", orphan.display()))?;
                eprintln!("removed {}", relative(root, &orphan));
                stale.push(orphan);
            }
        }
    }
    Ok(Modules { warnings, contacts })
}

/// Writes `docs/contact-capabilities.md`: the canonical contact fields by vendor, from the
/// specs' `x-contact-*` extensions.
fn generate_capabilities(
    root: &Path,
    contacts: &[(String, Option<ContactMapping>)],
    check: bool,
    stale: &mut Vec<PathBuf>,
) -> Result<(), String> {
    let mappings: Vec<(&str, Option<&ContactMapping>)> = contacts
        .iter()
        .map(|(module, mapping)| (module.as_str(), mapping.as_ref()))
        .collect();
    let matrix = openapi_client_gen::contact::capability_matrix(&mappings);
    let contents = format!(
        "<!-- @generated by `cargo xtask codegen` from `specs/*.yaml`. Do not edit by hand. -->\n\n{matrix}"
    );
    ensure_file_contents(
        root,
        &root.join("docs/contact-capabilities.md"),
        &contents,
        check,
        stale,
    )
}

/// `path` relative to the repository root, for messages.
fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Writes `contents` to `path` if it differs, and records `path` in `stale`; in check mode,
/// only records it. `root` is the repository root, for naming the file in messages.
fn ensure_file_contents(
    root: &Path,
    path: &Path,
    contents: &str,
    check: bool,
    stale: &mut Vec<PathBuf>,
) -> Result<(), String> {
    if fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    if check {
        stale.push(path.to_owned());
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    eprintln!("updated {}", relative(root, path));
    stale.push(path.to_owned());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::ensure_file_contents;

    #[test]
    fn check_mode_reports_stale_files_and_writes_nothing() {
        let dir = std::env::temp_dir().join(format!("xtask-check-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("module.rs");
        std::fs::write(&file, "old").unwrap();
        let mut stale = Vec::new();
        ensure_file_contents(&dir, &file, "old", true, &mut stale).unwrap();
        assert!(stale.is_empty(), "an up-to-date file is not stale");
        ensure_file_contents(&dir, &file, "new", true, &mut stale).unwrap();
        assert_eq!(stale, std::slice::from_ref(&file));
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            "old",
            "check mode must not write"
        );
        stale.clear();
        ensure_file_contents(&dir, &file, "new", false, &mut stale).unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "new");
        assert_eq!(
            stale,
            std::slice::from_ref(&file),
            "a written file is listed"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_summary_is_one_line_saying_what_was_done() {
        use super::{Verbosity, summary};
        assert_eq!(
            summary(5, 19, true, 0, 22, Verbosity::Quiet),
            "codegen: 5 vendor specs and 19 fixtures checked, all up to date (22 expected fixture warnings, checked by tests/tests/warnings.rs; --verbose prints them)"
        );
        assert_eq!(
            summary(5, 19, false, 0, 0, Verbosity::Quiet),
            "codegen: 5 vendor specs and 19 fixtures generated, nothing changed"
        );
        assert_eq!(
            summary(5, 19, false, 2, 22, Verbosity::Verbose),
            "codegen: 5 vendor specs and 19 fixtures generated, 2 files updated"
        );
    }

    /// `cargo test` alone catches generated code that no longer matches its spec.
    #[test]
    fn generated_code_is_fresh() {
        if let Err(message) = super::run(&crate::project_root(), true, super::Verbosity::Quiet) {
            panic!("{message}");
        }
    }
}
