//! The runtime crate as a generated crate carries it, in `runtime/` beside `src/`, so that the
//! crate builds wherever it is moved or committed: the runtime is not published, and a path back
//! into this repository would hold only on the machine that generated the crate.
//!
//! The copy is built into the generator (`include_str!`), so an installed program needs no
//! checkout of this repository: the runtime's `src/` as it is, and its manifest with everything
//! it inherits from this workspace (package fields, dependency versions and features, lints)
//! written out. Its tests and dev-dependencies are not copied. This module only produces text;
//! it writes nothing.

use toml::{Table, Value};

/// The folder of the copy, relative to the generated crate's root.
pub const DIR: &str = "runtime";

/// Every file of `runtime/src`, by its path relative to that folder. A test compares this list
/// with the folder, so a file added to the runtime cannot be left out.
macro_rules! runtime_sources {
    ($($path:literal,)*) => {
        &[$(($path, include_str!(concat!("../../../runtime/src/", $path))),)*]
    };
}

/// The runtime's sources: (path relative to `runtime/src`, text).
pub(crate) const SOURCES: &[(&str, &str)] = runtime_sources![
    "builder.rs",
    "bytes.rs",
    "client/builder.rs",
    "client/mod.rs",
    "client/request.rs",
    "client/response.rs",
    "client/send.rs",
    "client/trace.rs",
    "contact/mapping.rs",
    "contact/mod.rs",
    "contact/model.rs",
    "contact/update.rs",
    "deep_object.rs",
    "describe.rs",
    "enums.rs",
    "error.rs",
    "finite.rs",
    "form.rs",
    "lib.rs",
    "mock/body.rs",
    "mock/form.rs",
    "mock/mod.rs",
    "multipart.rs",
    "nullable.rs",
    "object.rs",
    "params.rs",
    "retry.rs",
    "secret.rs",
    "tagged.rs",
    "tuple.rs",
    "validate.rs",
    "webhook.rs",
];

/// The runtime's manifest as written, inheriting from the workspace's.
const MANIFEST: &str = include_str!("../../../runtime/Cargo.toml");
/// The workspace's manifest, which the runtime's inherits from.
const WORKSPACE_MANIFEST: &str = include_str!("../../../Cargo.toml");

/// The files of the copy, relative to the generated crate's root: `runtime/Cargo.toml` and every
/// source file under `runtime/src/`.
pub(crate) fn files() -> Result<Vec<(String, String)>, String> {
    let mut files = vec![(format!("{DIR}/Cargo.toml"), manifest()?)];
    files.extend(
        SOURCES
            .iter()
            .map(|(path, text)| (format!("{DIR}/src/{path}"), (*text).to_owned())),
    );
    Ok(files)
}

/// The copy's manifest: the runtime's, with nothing left to inherit.
fn manifest() -> Result<String, String> {
    let internal = |e: String| format!("internal error: the runtime's manifest: {e}");
    let workspace = WORKSPACE_MANIFEST
        .parse::<Table>()
        .map_err(|e| internal(e.to_string()))?;
    let runtime = MANIFEST
        .parse::<Table>()
        .map_err(|e| internal(e.to_string()))?;
    let resolved = resolve(&workspace, &runtime).map_err(internal)?;
    Ok(format!(
        "# A copy of the runtime the generated code is written against, made by\n\
         # openapi-client-gen; everything it inherited from its workspace is written out.\n\n{}",
        toml::to_string(&resolved).map_err(|e| internal(e.to_string()))?
    ))
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

    /// The copy embedded in the generator is this repository's runtime: every source file, byte
    /// for byte, and a manifest that names every dependency of the runtime with a version and
    /// inherits nothing.
    #[test]
    fn the_embedded_runtime_is_the_runtime_folder() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
        let sources = root.join("src");
        let mut on_disk = Vec::new();
        let mut folders = vec![sources.clone()];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                } else {
                    let relative = path.strip_prefix(&sources).unwrap();
                    on_disk.push(relative.to_string_lossy().replace('\\', "/"));
                }
            }
        }
        on_disk.sort();
        let embedded: Vec<String> = SOURCES.iter().map(|(p, _)| (*p).to_owned()).collect();
        assert_eq!(
            embedded, on_disk,
            "runtime/src changed: list its files, sorted, in `runtime_sources!` in generator/src/write_crate/runtime.rs"
        );
        for (path, text) in SOURCES {
            assert_eq!(
                *text,
                std::fs::read_to_string(sources.join(path)).unwrap(),
                "{path}"
            );
        }
        assert!(SOURCES.len() > 10, "the runtime has its modules");

        let files = files().unwrap();
        let text = &files[0].1;
        assert_eq!(files[0].0, "runtime/Cargo.toml");
        assert!(!text.contains("workspace = true"), "{text}");
        let written = table(text);
        let original = table(&std::fs::read_to_string(root.join("Cargo.toml")).unwrap());
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
    }
}
