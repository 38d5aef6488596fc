//! Stage 4: lowers a parsed, bundled document into the intermediate representation (`ir`).
//!
//! Every name is decided here, in the spec's order: component schemas first (so references and
//! recursion resolve by name), then the inline schemas of each operation, named after where they
//! sit (`UpdateContactRequest`, `UpdateContactRequestContact`, `PetTagsItem`). A valid schema no
//! Rust type expresses becomes `serde_json::Value` and a warning (`Diag` in `Module::warnings`).
//!
//! This module is the entry point and the order of the work: components, security schemes,
//! operations, then the open parents that operations name, and the webhooks' payloads. What lowering reads is
//! `document::Context`, which it never changes; what it makes is `lowerer::Lowerer`; each
//! concern is a module of its own. It does not run the IR-to-IR passes that need every type
//! (`readOnly`/`writeOnly`, recursion, defaults, checks, builders): `passes` does, after it.

mod bodies;
mod composition;
mod constraints;
mod document;
mod enums;
mod facts;
mod inheritance;
mod lowerer;
mod media;
mod multipart;
mod operations;
mod parameters;
mod responses;
mod schemas;
mod security;
mod shape;

pub(crate) use document::{Raw, raw_facts};

use std::collections::HashSet;

use openapiv3::OpenAPI;

use self::document::Context;
use self::lowerer::Lowerer;
use self::security::servers;
use crate::docs::sanitize;
use crate::error::Diag;
use crate::ir::*;
use crate::openapi31::Facts;

/// Lowers a whole document.
pub(crate) fn lower(doc: &OpenAPI, raw: &Raw, facts: &Facts) -> Result<Module, Diag> {
    let mut lowerer = Lowerer::new(Context::new(doc, raw, facts));
    lowerer.lower_components()?;
    let security_schemes = lowerer.cx.security_schemes()?;
    let operations = lowerer.operations(&security_schemes)?;
    lowerer.close_open_parents(&operations)?;
    let webhooks = webhooks(&lowerer, facts);
    let mut module_doc = doc.info.title.clone();
    if let Some(description) = &doc.info.description {
        module_doc.push_str("\n\n");
        module_doc.push_str(description);
    }
    module_doc.push_str(&format!(
        "\n\nAPI version: `{}`.",
        doc.info.version.replace('`', "'")
    ));
    Ok(Module {
        doc: sanitize(&module_doc),
        types: lowerer.types,
        type_names: lowerer.type_names,
        servers: servers(&doc.servers),
        security_schemes,
        operations,
        webhooks,
        warnings: {
            // A schema lowered twice (a property seen from two places) warns once.
            let mut seen = HashSet::new();
            let mut warnings = lowerer.warnings;
            warnings.retain(|w| seen.insert((w.pointer.clone(), w.message.clone())));
            warnings
        },
        // Collected by the passes, once the types are final.
        patterns: Vec::new(),
    })
}

/// The webhooks whose JSON payload `openapi31` listed (`Facts::webhooks`), each with its
/// payload's component type and a variant name of its own; one whose payload names no
/// component is left out.
fn webhooks(lowerer: &Lowerer<'_>, facts: &Facts) -> Vec<Webhook> {
    let mut variants = crate::names::Namespace::default();
    facts
        .webhooks
        .iter()
        .filter_map(|(name, reference)| {
            let (_, id) = lowerer.cx.component(reference, "").ok()?;
            Some(Webhook {
                name: name.clone(),
                variant: variants.claim(&crate::names::type_name(name), false),
                ty: Ty::Named(id),
            })
        })
        .collect()
}
