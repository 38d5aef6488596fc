//! Stage 4: lowers a parsed, bundled document into the intermediate representation (`ir`).
//!
//! Every name is decided here, in the spec's order: component schemas first (so references and
//! recursion resolve by name), then the inline schemas of each operation, named after where they
//! sit (`UpdateContactRequest`, `UpdateContactRequestContact`, `PetTagsItem`). This module holds
//! the entry point and the state lowering produces (types, the type namespace, warnings); what
//! is read from the document lives in `document`, each concern in a module of its own. A valid
//! schema no Rust type expresses becomes `serde_json::Value` and a warning (`Diag` in
//! `Module::warnings`). The IR-to-IR passes that run once every type exists (`readOnly` and
//! `writeOnly`, recursion, defaults, checks, builders) are not here but in `passes`.

mod bodies;
mod composition;
mod constraints;
mod document;
mod enums;
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

/// Lowers a whole document.
pub(crate) fn lower(doc: &OpenAPI, raw: &Raw) -> Result<Module, Diag> {
    let mut lowerer = Lowerer::new(Context::new(doc, raw));
    lowerer.lower_components()?;
    let security_schemes = lowerer.cx.security_schemes()?;
    let operations = lowerer.operations(&security_schemes)?;
    lowerer.close_open_parents(&operations)?;
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
        warnings: {
            // A schema lowered twice (a property seen from two places) warns once.
            let mut seen = HashSet::new();
            let mut warnings = lowerer.warnings;
            warnings.retain(|w| seen.insert((w.pointer.clone(), w.message.clone())));
            warnings
        },
    })
}
