//! A generated crate carries its own copy of the runtime crate, in `runtime/` beside `src/`, so
//! that it builds wherever it is moved or committed: the runtime is not published, and a path
//! back into this repository would hold only on the machine that generated the crate.
//!
//! The copy is the runtime's `src/` as it is, and a manifest in which everything the runtime
//! inherits from this workspace (package fields, dependency versions and features, lints) is
//! written out. Its tests and dev-dependencies are not copied.

use std::path::Path;

use toml::{Table, Value};

/// The folder of the copy, relative to the generated crate's root.
pub const DIR: &str = "runtime";

/// Writes the runtime crate of the workspace at `root` into `out/runtime/`, replacing any
/// earlier copy's sources so that a file removed from the runtime does not linger.
pub fn write(root: &Path, out: &Path) -> Result<(), String> {
    let workspace = read_table(&root.join("Cargo.toml"))?;
    let runtime = read_table(&root.join("runtime/Cargo.toml"))?;
    let manifest = resolve(&workspace, &runtime)
        .map_err(|e| format!("{}: {e}", root.join("runtime/Cargo.toml").display()))?;
    let manifest = format!(
        "# A copy of the runtime the generated code is written against, made by\n\
         # `cargo xtask generate`; everything it inherited from its workspace is written out.\n\n{}",
        toml::to_string(&manifest)
            .map_err(|e| format!("cannot write the runtime's manifest: {e}"))?
    );
    let dest = out.join(DIR);
    let sources = dest.join("src");
    if sources.exists() {
        std::fs::remove_dir_all(&sources)
            .map_err(|e| format!("cannot remove {}: {e}", sources.display()))?;
    }
    copy_dir(&root.join("runtime/src"), &sources)?;
    let path = dest.join("Cargo.toml");
    std::fs::write(&path, manifest).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn read_table(path: &Path) -> Result<Table, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    text.parse::<Table>()
        .map_err(|e| format!("{}: {e}", path.display()))
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    let entries =
        std::fs::read_dir(from).map_err(|e| format!("cannot list {}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot list {}: {e}", from.display()))?;
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &target)?;
        } else {
            std::fs::copy(&path, &target).map_err(|e| {
                format!(
                    "cannot copy {} to {}: {e}",
                    path.display(),
                    target.display()
                )
            })?;
        }
    }
    Ok(())
}

/// The runtime's manifest with every `workspace = true` replaced by what the workspace says.
fn resolve(workspace: &Table, runtime: &Table) -> Result<Table, String> {
    let shared = workspace
        .get("workspace")
        .and_then(Value::as_table)
        .ok_or("the workspace manifest has no [workspace] table")?;
    let mut out = Table::new();
    for (section, value) in runtime {
        let Some(table) = value.as_table() else {
            return Err(format!("`{section}` is not a table"));
        };
        let resolved = match section.as_str() {
            "package" => inherit_fields(table, shared.get("package"), "package")?,
            "dependencies" | "build-dependencies" => {
                inherit_dependencies(table, shared.get("dependencies"))?
            }
            // The runtime's tests are not copied, so neither is what they need.
            "dev-dependencies" => continue,
            "lints" if is_inherited(value) => match shared.get("lints") {
                Some(Value::Table(lints)) => lints.clone(),
                _ => return Err("`lints.workspace = true`, but the workspace has no lints".into()),
            },
            _ => table.clone(),
        };
        out.insert(section.clone(), Value::Table(resolved));
    }
    Ok(out)
}

fn is_inherited(value: &Value) -> bool {
    value
        .as_table()
        .and_then(|t| t.get("workspace"))
        .and_then(Value::as_bool)
        == Some(true)
}

/// `[package]`: a field written `x.workspace = true` takes the workspace's `x`.
fn inherit_fields(table: &Table, shared: Option<&Value>, what: &str) -> Result<Table, String> {
    let mut out = Table::new();
    for (key, value) in table {
        let value = if is_inherited(value) {
            shared
                .and_then(|s| s.get(key))
                .cloned()
                .ok_or_else(|| format!("`{what}.{key}` is inherited, but the workspace has none"))?
        } else {
            value.clone()
        };
        out.insert(key.clone(), value);
    }
    Ok(out)
}

/// `[dependencies]`: an entry written `{ workspace = true, ... }` becomes the workspace's entry
/// for that crate, with the member's `features` added to the workspace's and its other keys
/// (`optional`) kept, as cargo itself resolves it.
fn inherit_dependencies(table: &Table, shared: Option<&Value>) -> Result<Table, String> {
    let mut out = Table::new();
    for (name, value) in table {
        if !is_inherited(value) {
            out.insert(name.clone(), value.clone());
            continue;
        }
        let mut entry = match shared.and_then(|s| s.get(name)) {
            Some(Value::String(version)) => {
                Table::from_iter([("version".to_owned(), Value::String(version.clone()))])
            }
            Some(Value::Table(entry)) => entry.clone(),
            _ => {
                return Err(format!(
                    "dependency `{name}` is inherited, but the workspace does not list it"
                ));
            }
        };
        if let Some(own) = value.as_table() {
            for (key, setting) in own {
                match key.as_str() {
                    "workspace" => {}
                    "features" => {
                        let mut features = entry
                            .get("features")
                            .and_then(Value::as_array)
                            .cloned()
                            .unwrap_or_default();
                        for feature in setting.as_array().into_iter().flatten() {
                            if !features.contains(feature) {
                                features.push(feature.clone());
                            }
                        }
                        entry.insert("features".into(), Value::Array(features));
                    }
                    _ => {
                        entry.insert(key.clone(), setting.clone());
                    }
                }
            }
        }
        out.insert(name.clone(), Value::Table(entry));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Table {
        text.parse().unwrap()
    }

    #[test]
    fn inherited_fields_and_dependencies_are_written_out() {
        let workspace = table(
            r#"
            [workspace.package]
            edition = "2024"
            license = "MIT OR Apache-2.0"

            [workspace.dependencies]
            serde = { version = "1", features = ["derive"] }
            tokio = "1"
            "#,
        );
        let runtime = table(
            r#"
            [package]
            name = "openapi-client-runtime"
            edition.workspace = true
            license.workspace = true

            [dependencies]
            serde.workspace = true
            tokio = { workspace = true, features = ["time"], optional = true }
            local = { version = "0.3" }

            [dev-dependencies]
            wiremock = "0.6"
            "#,
        );
        assert_eq!(
            resolve(&workspace, &runtime).unwrap(),
            table(
                r#"
                [package]
                name = "openapi-client-runtime"
                edition = "2024"
                license = "MIT OR Apache-2.0"

                [dependencies]
                serde = { version = "1", features = ["derive"] }
                tokio = { version = "1", features = ["time"], optional = true }
                local = { version = "0.3" }
                "#
            )
        );
    }

    #[test]
    fn member_features_are_added_to_the_workspace_ones() {
        let workspace = table(
            r#"
            [workspace.dependencies]
            tokio = { version = "1", features = ["time"] }
            "#,
        );
        let runtime = table(
            r#"
            [dependencies]
            tokio = { workspace = true, features = ["time", "macros"] }
            "#,
        );
        assert_eq!(
            resolve(&workspace, &runtime).unwrap(),
            table(r#"dependencies.tokio = { version = "1", features = ["time", "macros"] }"#)
        );
    }

    #[test]
    fn inheriting_what_the_workspace_lacks_is_an_error() {
        let workspace = table("[workspace.package]\nedition = \"2024\"\n");
        let missing_field = table("[package]\nlicense.workspace = true\n");
        assert_eq!(
            resolve(&workspace, &missing_field).unwrap_err(),
            "`package.license` is inherited, but the workspace has none"
        );
        let missing_dependency = table("[dependencies]\nserde.workspace = true\n");
        assert_eq!(
            resolve(&workspace, &missing_dependency).unwrap_err(),
            "dependency `serde` is inherited, but the workspace does not list it"
        );
    }

    /// The copy of this repository's runtime: every source file, byte for byte, and a manifest
    /// that names every dependency of the runtime with a version and inherits nothing.
    #[test]
    fn the_runtime_is_copied_whole_into_a_generated_crate() {
        let root = crate::project_root();
        let out = std::env::temp_dir().join(format!("xtask-vendor-{}", std::process::id()));
        let stale = out.join(DIR).join("src/removed.rs");
        std::fs::create_dir_all(stale.parent().unwrap()).unwrap();
        std::fs::write(&stale, "a file the runtime no longer has").unwrap();
        write(&root, &out).unwrap();
        assert!(!stale.exists(), "an earlier copy's files are removed");
        let sources = root.join("runtime/src");
        let mut copied = 0;
        let mut folders = vec![sources.clone()];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                    continue;
                }
                let copy = out
                    .join(DIR)
                    .join("src")
                    .join(path.strip_prefix(&sources).unwrap());
                assert_eq!(
                    std::fs::read(&path).unwrap(),
                    std::fs::read(&copy).unwrap(),
                    "{}",
                    copy.display()
                );
                copied += 1;
            }
        }
        assert!(copied > 10, "the runtime has its modules: {copied}");
        // What is written is a manifest cargo can read, with nothing left to inherit.
        let text = std::fs::read_to_string(out.join(DIR).join("Cargo.toml")).unwrap();
        assert!(!text.contains("workspace = true"), "{text}");
        let written = table(&text);
        let original = read_table(&root.join("runtime/Cargo.toml")).unwrap();
        assert_eq!(written["package"]["name"], original["package"]["name"]);
        let dependencies = written["dependencies"].as_table().unwrap();
        assert_eq!(
            dependencies.keys().collect::<Vec<_>>(),
            original["dependencies"]
                .as_table()
                .unwrap()
                .keys()
                .collect::<Vec<_>>()
        );
        for (name, entry) in dependencies {
            assert!(entry.get("version").is_some(), "{name}: {entry}");
            assert!(entry.get("workspace").is_none(), "{name}: {entry}");
        }
        assert!(written.get("dev-dependencies").is_none());
        std::fs::remove_dir_all(&out).unwrap();
    }
}
