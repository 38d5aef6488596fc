//! The generator never panics, whatever the input: arbitrary text, and valid specs broken by
//! random mutations (deleted keys, wrong types, dangling or cyclic `$ref`s, odd names), also in
//! any file of a document written in several files. Each case must end in generated code or an
//! `Error`.
//!
//! A longer, bounded fuzzing run is the same test with more cases:
//! `PROPTEST_CASES=20000 cargo test --release -p openapi-client-gen --test robustness`.
//! Any failing input proptest finds is kept in `proptest-regressions/robustness.txt` beside this
//! file and replayed first on every run.

use std::path::{Path, PathBuf};

use openapi_client_gen::{Settings, generate, generate_from_str};
use proptest::prelude::*;
use serde_json::{Value, json};

fn fixtures() -> Vec<(PathBuf, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let mut out: Vec<(PathBuf, Value)> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let value: Value = serde_yaml::from_str(&text).unwrap();
            (p, value)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Every node of a JSON tree, as a path of keys and indices, in document order.
fn node_paths(value: &Value, prefix: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    out.push(prefix.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                prefix.push(Value::String(k.clone()));
                node_paths(v, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                prefix.push(json!(i));
                node_paths(v, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn node_at<'v>(value: &'v mut Value, path: &[Value]) -> Option<&'v mut Value> {
    let mut current = value;
    for segment in path {
        current = match segment {
            Value::String(k) => current.as_object_mut()?.get_mut(k)?,
            Value::Number(i) => current
                .as_array_mut()?
                .get_mut(usize::try_from(i.as_u64()?).ok()?)?,
            _ => return None,
        };
    }
    Some(current)
}

/// Replacement values that tend to reach unusual code paths.
fn replacement(choice: u32, names: &[String]) -> Value {
    let name = names
        .get(choice as usize % names.len().max(1))
        .cloned()
        .unwrap_or_default();
    match choice % 16 {
        0 => Value::Null,
        1 => json!(5),
        2 => json!("string"),
        3 => json!([]),
        4 => json!({}),
        5 => json!({"$ref": format!("#/components/schemas/{name}")}),
        6 => json!({"$ref": "#/components/schemas/DoesNotExist"}),
        7 => json!({"$ref": "#/"}),
        8 => json!({"$ref": "missing-file.yaml#/x"}),
        9 => {
            json!({"type": "object", "properties": {"a": {"$ref": format!("#/components/schemas/{name}")}}, "required": ["a", "b"]})
        }
        10 => {
            json!({"oneOf": [{"type": "string"}, {"$ref": format!("#/components/schemas/{name}")}], "nullable": true})
        }
        11 => {
            json!({"allOf": [{"$ref": format!("#/components/schemas/{name}")}, {"type": "string"}]})
        }
        12 => json!({"type": "string", "enum": ["", "+1", "-1", "a b", "A B", null, 3]}),
        13 => json!({"type": "array", "items": {"type": "array"}, "minItems": -1}),
        14 => json!({"type": "integer", "format": "int32", "minimum": 1.5, "enum": [1, "x"]}),
        _ => {
            json!({"additionalProperties": {"$ref": format!("#/components/schemas/{name}")}, "maxProperties": 0})
        }
    }
}

/// Applies one mutation: `what` picks the node, `how` the change.
fn mutate(doc: &mut Value, what: u32, how: u32) {
    let mut paths = Vec::new();
    node_paths(doc, &mut Vec::new(), &mut paths);
    let names: Vec<String> = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let path = paths[what as usize % paths.len()].clone();
    match how % 4 {
        // Delete the node from its parent.
        0 if !path.is_empty() => {
            let (last, parent) = path.split_last().unwrap();
            match (node_at(doc, parent), last) {
                (Some(Value::Object(map)), Value::String(k)) => {
                    map.shift_remove(k);
                }
                (Some(Value::Array(items)), Value::Number(i)) => {
                    let i = i.as_u64().unwrap_or(0) as usize;
                    if i < items.len() {
                        items.remove(i);
                    }
                }
                _ => {}
            }
        }
        // Add an odd key to an object (`type`, `nullable`, a `$ref` sibling).
        1 => {
            if let Some(Value::Object(map)) = node_at(doc, &path) {
                let (key, value) = match how % 5 {
                    0 => ("type", json!(["string", "null"])),
                    1 => ("nullable", json!(true)),
                    2 => ("$ref", json!("#/components/schemas")),
                    3 => ("discriminator", json!({"propertyName": "kind"})),
                    _ => ("x-idempotent", json!("yes")),
                };
                map.insert(key.to_owned(), value);
            }
        }
        // Replace the node.
        _ => {
            if let Some(node) = node_at(doc, &path) {
                *node = replacement(how / 4, &names);
            }
        }
    }
}

/// The files of the fixture written in several files (`split_layout.yaml` and the folder
/// `split/`), by path relative to the fixtures folder, in a fixed order.
fn split_layout() -> Vec<(PathBuf, String)> {
    fn collect(dir: &Path, base: &Path, out: &mut Vec<(PathBuf, String)>) {
        for entry in std::fs::read_dir(dir).expect("fixture folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                collect(&path, base, out);
            } else {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path.strip_prefix(base).unwrap().to_path_buf(), text));
            }
        }
    }
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let mut out = vec![(
        PathBuf::from("split_layout.yaml"),
        std::fs::read_to_string(base.join("split_layout.yaml")).unwrap(),
    )];
    collect(&base.join("split"), &base, &mut out);
    out.sort();
    out
}

proptest! {
    #[test]
    fn mutated_multi_file_layouts_never_panic(file in 0usize..64, mutations in prop::collection::vec((any::<u32>(), any::<u32>()), 1..4)) {
        let mut files = split_layout();
        let documents: Vec<usize> = (0..files.len())
            .filter(|&i| files[i].0.extension().is_some_and(|e| e == "yaml"))
            .filter(|&i| serde_yaml::from_str::<Value>(&files[i].1).is_ok_and(|v| v.is_object()))
            .collect();
        let chosen = documents[file % documents.len()];
        let mut doc: Value = serde_yaml::from_str(&files[chosen].1).unwrap();
        for (what, how) in mutations {
            mutate(&mut doc, what, how);
        }
        files[chosen].1 = serde_yaml::to_string(&doc).unwrap();
        let dir = std::env::temp_dir().join(format!("openapi-client-gen-robustness-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in &files {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        // A panic inside the generator comes back as an internal error.
        if let Err(error) = generate(&dir.join("split_layout.yaml"), &Settings::default()) {
            prop_assert!(!error.message.starts_with("internal error"), "{}", error);
        }
    }

    #[test]
    fn mutated_specs_never_panic(fixture in 0usize..64, mutations in prop::collection::vec((any::<u32>(), any::<u32>()), 1..5)) {
        let all = fixtures();
        let (path, original) = &all[fixture % all.len()];
        let mut doc = original.clone();
        for (what, how) in mutations {
            mutate(&mut doc, what, how);
        }
        let text = serde_yaml::to_string(&doc).unwrap();
        let _ = generate_from_str(path, &text, &Settings::default());
    }

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,400}") {
        let _ = generate_from_str(Path::new("fuzz.yaml"), &text, &Settings::default());
    }

    #[test]
    fn arbitrary_yaml_shapes_never_panic(text in "(openapi: 3\\.0\\.[0-9]\n)?(info: \\{title: t, version: v\\}\n)?(paths: \\{[^\n]{0,60}\\}\n)?(components: [^\n]{0,80}\n)?") {
        let _ = generate_from_str(Path::new("fuzz.yaml"), &text, &Settings::default());
    }
}

#[test]
fn every_valid_fixture_still_generates_from_text() {
    for (path, value) in fixtures() {
        let text = serde_yaml::to_string(&value).unwrap();
        generate_from_str(&path, &text, &Settings::default()).unwrap_or_else(|e| panic!("{e}"));
    }
}
