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

use openapiv3::{OpenAPI, ReferenceOr};

use self::document::Context;
use self::document::MAX_DEPTH;
use self::inheritance::OpenParent;
use self::security::servers;
use self::shape::schema_doc;
use crate::docs::sanitize;
use crate::error::{Diag, join};
use crate::ir::*;
use crate::names::{Namespace, RESERVED_TYPE_NAMES, type_name};

/// Lowers a whole document.
pub(crate) fn lower(doc: &OpenAPI, raw: &Raw) -> Result<Module, Diag> {
    let mut lowerer = Lowerer {
        cx: Context::new(doc, raw),
        types: Vec::new(),
        type_names: Namespace::with_reserved(RESERVED_TYPE_NAMES),
        warnings: Vec::new(),
        multipart_types: HashSet::new(),
        open_parents: Vec::new(),
    };
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

/// What lowering makes: the types, the names claimed among them, the warnings, and what is left
/// to decide once every operation is lowered. What it reads is `cx`, which it never changes.
struct Lowerer<'a> {
    cx: Context<'a>,
    types: Vec<TypeDef>,
    type_names: Namespace,
    /// Lossy choices made so far (schemas generated as `serde_json::Value`).
    warnings: Vec<Diag>,
    /// The structs of multipart bodies: their binary properties are files, and they are not
    /// JSON values (nothing else may refer to them).
    multipart_types: HashSet<TypeId>,
    /// Structs with a `discriminator` and no alternatives that other schemas extend (see
    /// `close_open_parents`).
    open_parents: Vec<OpenParent<'a>>,
}

impl<'a> Lowerer<'a> {
    fn new_type(
        &mut self,
        base: &str,
        doc: String,
        pointer: &str,
        nullable: bool,
        deprecated: bool,
    ) -> TypeId {
        let name = self.type_names.claim(&type_name(base), false);
        self.types.push(TypeDef {
            name,
            doc,
            pointer: pointer.to_owned(),
            nullable,
            deprecated,
            checks: false,
            constraints: Constraints::default(),
            kind: TypeKind::Pending,
        });
        self.types.len() - 1
    }

    fn lower_components(&mut self) -> Result<(), Diag> {
        let components: Vec<_> = self.cx.component_schemas().collect();
        for (name, schema) in &components {
            let pointer = join("/components/schemas", name);
            let (doc, nullable, deprecated) = match schema {
                ReferenceOr::Item(s) => (
                    schema_doc(s),
                    self.cx.nullable_of(s),
                    s.schema_data.deprecated,
                ),
                ReferenceOr::Reference { .. } => (None, false, false),
            };
            let doc = sanitize(doc.unwrap_or(&format!("The `{name}` schema.")));
            let id = self.new_type(name, doc, &pointer, nullable, deprecated);
            debug_assert_eq!(self.cx.components.get(name.as_str()), Some(&id));
        }
        for name in self.cx.multipart_components() {
            if let Some(id) = self.cx.components.get(name) {
                self.multipart_types.insert(*id);
            }
        }
        for (name, schema) in components {
            let id = self.cx.components[name.as_str()];
            let pointer = join("/components/schemas", name);
            self.types[id].constraints = self.cx.component_constraints(name, MAX_DEPTH);
            let kind = match schema {
                ReferenceOr::Reference { reference } => {
                    TypeKind::Alias(self.ref_ty(reference, &pointer)?)
                }
                ReferenceOr::Item(s) => self.define(id, s, &pointer, &[])?,
            };
            self.types[id].kind = kind;
        }
        Ok(())
    }
}
