//! `cargo bench -p openapi-client-gen`: generating a module against merely parsing the same
//! document into `openapiv3`, for each vendor spec and for a synthetic spec of many operations.
//! `cargo xtask bench` reports the same comparison with peak memory and scaling in BENCHMARKS.md.

use std::path::{Path, PathBuf};

use openapi_client_gen::{Settings, generate_from_str};

fn main() {
    divan::main();
}

fn vendor_specs() -> Vec<(String, PathBuf, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let mut specs: Vec<_> = std::fs::read_dir(&dir)
        .expect("specs/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&p).unwrap();
            (name, p, text)
        })
        .collect();
    specs.sort();
    specs
}

const VENDORS: &[&str] = &["acquire", "getraze", "highlevel", "leadlex", "linq"];

fn vendor(name: &str) -> (PathBuf, String) {
    let (_, path, text) = vendor_specs()
        .into_iter()
        .find(|(n, _, _)| n == name)
        .expect("a vendor spec");
    (path, text)
}

#[divan::bench(args = VENDORS)]
fn parse_vendor(bencher: divan::Bencher, name: &str) {
    let (_, text) = vendor(name);
    bencher.bench(|| serde_yaml::from_str::<openapiv3::OpenAPI>(divan::black_box(&text)).unwrap());
}

#[divan::bench(args = VENDORS)]
fn generate_vendor(bencher: divan::Bencher, name: &str) {
    let (path, text) = vendor(name);
    bencher
        .bench(|| generate_from_str(&path, divan::black_box(&text), &Settings::default()).unwrap());
}

/// A document of `operations` operations, each with its own 12-property schema, as JSON.
fn synthetic(operations: usize) -> String {
    use serde_json::{Map, json};
    let mut paths = Map::new();
    let mut schemas = Map::new();
    for i in 0..operations {
        let properties: Map<String, serde_json::Value> = (0..12)
            .map(|p| {
                let schema = match p % 3 {
                    0 => json!({"type": "string", "description": format!("Field {p}."), "maxLength": 50}),
                    1 => json!({"type": "integer", "minimum": 0}),
                    _ => json!({"type": "array", "items": {"type": "string"}}),
                };
                (format!("f{p}"), schema)
            })
            .collect();
        schemas.insert(
            format!("R{i}"),
            json!({"type": "object", "properties": properties}),
        );
        let body =
            json!({"application/json": {"schema": {"$ref": format!("#/components/schemas/R{i}")}}});
        paths.insert(
            format!("/r{i}/{{id}}"),
            json!({"put": {
                "operationId": format!("put{i}"),
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "requestBody": {"content": body.clone()},
                "responses": {"200": {"description": "ok", "content": body}}
            }}),
        );
    }
    let doc = json!({
        "openapi": "3.0.3",
        "info": {"title": "Synthetic", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas}
    });
    doc.to_string()
}

const SIZES: &[usize] = &[25, 100];

#[divan::bench(args = SIZES)]
fn parse_synthetic(bencher: divan::Bencher, operations: usize) {
    let text = synthetic(operations);
    bencher.bench(|| serde_json::from_str::<openapiv3::OpenAPI>(divan::black_box(&text)).unwrap());
}

#[divan::bench(args = SIZES)]
fn generate_synthetic(bencher: divan::Bencher, operations: usize) {
    let text = synthetic(operations);
    let path = Path::new("synthetic.json");
    bencher
        .bench(|| generate_from_str(path, divan::black_box(&text), &Settings::default()).unwrap());
}
