//! The state lowering produces: the types made so far, the names claimed in the type
//! namespace, the warnings, the multipart structs and the open parents left for
//! `close_open_parents`. The other modules of `lower` add methods to `Lowerer`; what they only
//! read is its `cx` (`document::Context`), which lowering never changes.
//!
//! Nothing here reads a schema's shape; it makes types and names, and orders the components.

use std::collections::{HashMap, HashSet};

use openapiv3::ReferenceOr;

use super::document::{Context, MAX_DEPTH};
use super::shape::schema_doc;
use crate::docs::sanitize;
use crate::error::{Diag, join};
use crate::ir::*;
use crate::names::{Namespace, RESERVED_TYPE_NAMES, type_name};

/// What lowering makes: the types, the names claimed among them, the warnings, and what is left
/// to decide once every operation is lowered. What it reads is `cx`, which it never changes.
pub(super) struct Lowerer<'a> {
    pub(super) cx: Context<'a>,
    pub(super) types: Vec<TypeDef>,
    pub(super) type_names: Namespace,
    /// Lossy choices made so far (schemas generated as `serde_json::Value`).
    pub(super) warnings: Vec<Diag>,
    /// The structs of multipart bodies: their binary properties are files, and they are not
    /// JSON values (nothing else may refer to them).
    pub(super) multipart_types: HashSet<TypeId>,
    /// Component schemas sent as a multipart body that are also JSON values elsewhere, each
    /// with the struct its multipart bodies use once one has been made.
    pub(super) multipart_twins: HashMap<TypeId, Option<TypeId>>,
    /// Structs with a `discriminator` and no alternatives that other schemas extend (see
    /// `close_open_parents`).
    pub(super) open_parents: Vec<OpenParent<'a>>,
}

impl<'a> Lowerer<'a> {
    /// Nothing made yet: no type, no name claimed but the reserved ones.
    pub(super) fn new(cx: Context<'a>) -> Self {
        Lowerer {
            cx,
            types: Vec::new(),
            type_names: Namespace::with_reserved(RESERVED_TYPE_NAMES),
            warnings: Vec::new(),
            multipart_types: HashSet::new(),
            multipart_twins: HashMap::new(),
            open_parents: Vec::new(),
        }
    }

    /// A new named type, its body pending, with a unique name made from `base`.
    pub(super) fn new_type(
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
            validated: false,
            decoded: false,
            webhook_only: false,
            constraints: Constraints::default(),
            kind: TypeKind::Pending,
        });
        self.types.len() - 1
    }

    /// Names every component schema first, in document order (so references and recursion
    /// resolve by name), then lowers each.
    pub(super) fn lower_components(&mut self) -> Result<(), Diag> {
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
                if self.cx.raw.named_as_json.contains(name) {
                    self.multipart_twins.insert(*id, None);
                } else {
                    self.multipart_types.insert(*id);
                }
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

/// A struct with a `discriminator` and no alternatives that other schemas extend: once every
/// operation is lowered, `close_open_parents` may make it the union of them.
pub(super) struct OpenParent<'a> {
    pub(super) id: TypeId,
    pub(super) pointer: String,
    pub(super) discriminator: &'a openapiv3::Discriminator,
    /// Its documentation without the note on the `discriminator` that `define` adds after it,
    /// which a parent made a union does not keep.
    pub(super) doc: String,
}
