//! `cargo bench -p openapi-client-gen`: generating a module against merely parsing the same
//! document into `openapiv3`, for each vendor spec, each corpus spec (`../shared/corpus`, when
//! present) and the synthetic spec at 300 and 1,200 operations; and generating each OpenAPI 3.1
//! document of `../shared/corpus-31`, when present (`openapiv3` does not parse 3.1: there is
//! nothing to compare with), the 1 MB one of the target among them.
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

#[path = "support/synthetic.rs"]
mod support;

/// The synthetic spec of `cargo xtask bench`: 1,200 operations are 12.8 MB.
const OPERATIONS: &[usize] = &[300, 1200];

/// Large inputs take seconds per run: a few samples of one run each.
#[divan::bench(args = OPERATIONS, sample_count = 3, sample_size = 1)]
fn parse_synthetic(bencher: divan::Bencher, operations: usize) {
    let text = support::synthetic(operations).to_string();
    bencher.bench(|| serde_json::from_str::<openapiv3::OpenAPI>(divan::black_box(&text)).unwrap());
}

#[divan::bench(args = OPERATIONS, sample_count = 3, sample_size = 1)]
fn generate_synthetic(bencher: divan::Bencher, operations: usize) {
    let text = support::synthetic(operations).to_string();
    let path = Path::new("synthetic.json");
    bencher
        .bench(|| generate_from_str(path, divan::black_box(&text), &Settings::default()).unwrap());
}

/// The public specs kept beside the repository in `../shared/corpus`, when it is there.
fn corpus() -> Vec<String> {
    documents_in("corpus")
}

/// The `.json` and `.yaml` files of `../shared/<folder>`, by name; none when it is absent.
fn documents_in(folder: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared")
        .join(folder);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.ends_with(".json") || n.ends_with(".yaml"))
        .collect();
    names.sort();
    names
}

fn corpus_spec(name: &str) -> (PathBuf, String) {
    document("corpus", name)
}

fn document(folder: &str, name: &str) -> (PathBuf, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared")
        .join(folder)
        .join(name);
    let text = std::fs::read_to_string(&path).expect("a corpus document");
    (path, text)
}

#[divan::bench(args = corpus())]
fn parse_corpus(bencher: divan::Bencher, name: &str) {
    let (path, text) = corpus_spec(name);
    if path.extension().is_some_and(|e| e == "json") {
        bencher
            .bench(|| serde_json::from_str::<openapiv3::OpenAPI>(divan::black_box(&text)).unwrap());
    } else {
        bencher
            .bench(|| serde_yaml::from_str::<openapiv3::OpenAPI>(divan::black_box(&text)).unwrap());
    }
}

#[divan::bench(args = corpus())]
fn generate_corpus(bencher: divan::Bencher, name: &str) {
    let (path, text) = corpus_spec(name);
    bencher
        .bench(|| generate_from_str(&path, divan::black_box(&text), &Settings::default()).unwrap());
}

/// The OpenAPI 3.1 documents kept beside the repository in `../shared/corpus-31`.
fn corpus_31() -> Vec<String> {
    documents_in("corpus-31")
}

/// The largest (1.09 MB) takes about half a second: a few samples of one run each.
#[divan::bench(args = corpus_31(), sample_count = 10, sample_size = 1)]
fn generate_corpus_31(bencher: divan::Bencher, name: &str) {
    let (path, text) = document("corpus-31", name);
    bencher
        .bench(|| generate_from_str(&path, divan::black_box(&text), &Settings::default()).unwrap());
}
