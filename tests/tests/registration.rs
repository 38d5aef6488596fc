//! A vendor is added by adding its spec: these checks fail, naming the file to edit, until every
//! place that lists the vendors by hand names the new one too.

use std::path::Path;

mod common;

use common::{vendor_spec, vendors};

fn read(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The vendor's name as people write it: the first word of its spec's `info.title`
/// (`HighLevel API (update contact)` is HighLevel).
fn display_name(vendor: &str) -> String {
    let spec = vendor_spec(vendor);
    let title = spec["info"]["title"]
        .as_str()
        .expect("the spec has a title");
    title.split_whitespace().next().unwrap_or(title).to_owned()
}

#[test]
fn the_vendor_lists_are_derived_from_specs() {
    let found = vendors();
    assert!(
        found.len() >= 5,
        "expected the five vendor specs, found {found:?}"
    );
    assert!(found.iter().any(|v| v == "highlevel"), "{found:?}");
}

#[test]
fn every_vendor_is_registered_where_tests_name_vendors_by_hand() {
    let mut missing = Vec::new();
    for vendor in vendors() {
        for file in [
            "tests/vendor_round_trip.rs",
            "tests/clients_wire.rs",
            "tests/prism_conformance.rs",
        ] {
            if !read(file).contains(&format!("\"{vendor}\"")) {
                missing.push(format!("tests/{file} has no case for vendor `{vendor}`"));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn every_vendor_is_named_in_the_crate_docs_its_description_and_the_readme() {
    let mut missing = Vec::new();
    let lib = read("../generated/src/lib.rs");
    for vendor in vendors() {
        let name = display_name(&vendor);
        if !lib.contains(&format!("[`{vendor}`]")) {
            missing.push(format!(
                "generated/src/lib.rs: the crate docs do not link [`{vendor}`]"
            ));
        }
        for file in ["../generated/Cargo.toml", "../README.md"] {
            if !read(file).contains(&name) {
                missing.push(format!("{}: does not name {name}", &file[3..]));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
