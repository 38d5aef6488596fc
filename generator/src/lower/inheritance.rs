//! Discriminators and inheritance: the `Tag` that tells a union's alternatives apart (from the
//! `discriminator` property and its `mapping`), the inheritance pattern (a parent whose
//! alternatives extend it), and the named parents with a `discriminator` and no alternatives,
//! which become, once every operation is lowered, the tagged union of the schemas extending
//! them, their own properties moving to `<Name>Base`, the fallback for unknown tags
//! (`close_open_parents`).
//!
//! A `mapping` entry naming no schema is an error; one naming no alternative is a warning. A
//! parent that is a form or multipart body cannot be a union: it stays a struct, with a warning.
//! Which schemas extend which is read from the document (`Context`); only closing a parent
//! changes types.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::document::{Context, MAX_DEPTH, component_name};
use super::lowerer::{Lowerer, OpenParent};
use super::shape::{Modelled, SchemaRef, Shape, alternatives, is_constraint_only, shape};
use crate::docs::sanitize;
use crate::error::{Diag, join};
use crate::ir::*;
use crate::names::Namespace;

impl<'a> Context<'a> {
    /// The alternatives of a schema written in the inheritance pattern: its own properties, a
    /// `discriminator`, and `oneOf`/`anyOf` alternatives that each extend it through `allOf` or
    /// declare all its properties themselves. Every alternative then holds the schema's own
    /// properties, so the union of them is the whole schema.
    pub(super) fn extended_by_all(
        &self,
        schema: &'a Schema,
        pointer: &str,
    ) -> Option<Vec<(SchemaRef<'a>, String)>> {
        let SchemaKind::Any(a) = &schema.schema_kind else {
            return None;
        };
        if !a.all_of.is_empty() || a.not.is_some() || !pointer.starts_with("/components/schemas/") {
            return None;
        }
        let members: Vec<_> = alternatives(&a.one_of, &a.any_of)
            .into_iter()
            .filter(|(m, _)| !is_constraint_only(*m))
            .collect();
        // An alternative may also declare the parent's properties itself instead of extending
        // it (Okta's `SamlAttributeStatement`, whose alternatives each declare `type`).
        let declares_own = |alternative: &Schema| {
            let properties = match &alternative.schema_kind {
                SchemaKind::Type(Type::Object(o)) => &o.properties,
                SchemaKind::Any(any) => &any.properties,
                _ => return false,
            };
            !a.properties.is_empty() && a.properties.keys().all(|p| properties.contains_key(p))
        };
        let extends_this = |member: &SchemaRef<'a>| {
            let SchemaRef::Ref(reference) = member else {
                return false;
            };
            self.component_item(reference, pointer)
                .is_ok_and(|(_, alternative)| {
                    self.extends(alternative, pointer) || declares_own(alternative)
                })
        };
        (!members.is_empty() && members.iter().all(|(m, _)| extends_this(m))).then_some(members)
    }

    /// The component schemas extending the component at `pointer` through `allOf`, directly or
    /// through each other, that can carry a tag (objects): breadth first, each in document order.
    pub(super) fn descendants(&self, pointer: &str) -> Vec<&'a str> {
        let mut found: Vec<&'a str> = Vec::new();
        let mut pending = vec![pointer.to_owned()];
        while let Some(at) = pending.pop() {
            for child in self.extending(&at) {
                let child_at = join("/components/schemas", child);
                if child_at != pointer
                    && !found.contains(&child)
                    && self.is_object_like(child, MAX_DEPTH)
                {
                    found.push(child);
                    pending.insert(0, child_at);
                }
            }
        }
        found
    }

    /// The name of the component schema at `pointer` (`/components/schemas/<name>`).
    pub(super) fn component_name_at(&self, pointer: &str) -> &'a str {
        self.component_schemas()
            .map(|(name, _)| name.as_str())
            .find(|name| join("/components/schemas", name) == pointer)
            .unwrap_or_default()
    }

    /// The names of the component schemas that extend the component at `pointer` through an
    /// `allOf` member referring to it, in document order.
    pub(super) fn extending(&self, pointer: &str) -> Vec<&'a str> {
        self.component_schemas()
            .filter(|(_, schema)| {
                matches!(schema, ReferenceOr::Item(schema) if self.extends(schema, pointer))
            })
            .map(|(name, _)| name.as_str())
            .collect()
    }

    /// Whether `schema` extends the component at `pointer`: an `allOf` member refers to it.
    pub(super) fn extends(&self, schema: &Schema, pointer: &str) -> bool {
        let parents = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => all_of,
            SchemaKind::Any(any) => &any.all_of,
            _ => return false,
        };
        parents.iter().any(|parent| match parent {
            ReferenceOr::Reference { reference } => self
                .component(reference, pointer)
                .is_ok_and(|(name, _)| join("/components/schemas", name) == pointer),
            ReferenceOr::Item(_) => false,
        })
    }

    /// Whether the component `name` decodes from a JSON object (a struct, a union of such, or
    /// any value), following references between components; `depth` bounds the walk.
    pub(super) fn is_object_like(&self, name: &str, depth: usize) -> bool {
        let Some(depth) = depth.checked_sub(1) else {
            return false;
        };
        let member_is_object_like = |r: &SchemaRef<'_>| match r {
            SchemaRef::Ref(reference) => self
                .component(reference, "")
                .is_ok_and(|(n, _)| self.is_object_like(n, depth)),
            SchemaRef::Item(s) => matches!(
                shape(s),
                Ok(Shape::Object(_) | Shape::AllOf { .. } | Shape::Extended { .. })
            ),
        };
        match self.component_schema(name) {
            Some(ReferenceOr::Reference { reference }) => {
                member_is_object_like(&SchemaRef::Ref(reference))
            }
            Some(ReferenceOr::Item(schema)) => match shape(schema) {
                Ok(
                    Shape::Object(_) | Shape::AllOf { .. } | Shape::Extended { .. } | Shape::Any,
                ) => true,
                Ok(Shape::Union { members }) => {
                    members.iter().all(|(m, _)| member_is_object_like(m))
                }
                _ => false,
            },
            None => false,
        }
    }
}

impl<'a> Lowerer<'a> {
    /// Each struct with a `discriminator` and no alternatives that schemas extend through
    /// `allOf`, and that a field, alternative, alias, body or response names, becomes the union
    /// of those schemas (and of theirs, transitively) chosen by the tag, so that a value decodes
    /// whole: a `Pet` is any kind of pet. The parent's own properties move to a struct of their
    /// own (`PetBase`), the union's last alternative, which the parent's own name selects and a
    /// tag this client does not know falls back to. A parent only extended, as an `allOf` base,
    /// stays a struct. A form or multipart body cannot be a union: such a parent stays a struct
    /// too, with a warning.
    pub(super) fn close_open_parents(&mut self, operations: &[Operation]) -> Result<(), Diag> {
        if self.open_parents.is_empty() {
            return Ok(());
        }
        let mut named = Vec::new();
        for def in &self.types {
            def.kind.named_targets(&mut named);
        }
        let mut form_bodies = Vec::new();
        for op in operations {
            match op.body.as_ref().map(|b| &b.kind) {
                Some(BodyKind::Json(ty)) => ty.all_targets(&mut named),
                Some(BodyKind::Form { ty, .. } | BodyKind::Multipart { ty, .. }) => {
                    ty.all_targets(&mut form_bodies)
                }
                _ => {}
            }
            op.responses
                .iter()
                .filter_map(|r| r.ty.as_ref())
                .for_each(|ty| ty.all_targets(&mut named));
        }
        let open_parents = std::mem::take(&mut self.open_parents);
        for OpenParent {
            id,
            pointer,
            discriminator,
            doc,
        } in open_parents
        {
            let named_here = named.contains(&id);
            if !(named_here || form_bodies.contains(&id))
                || !matches!(self.types[id].kind, TypeKind::Struct(_))
            {
                continue;
            }
            let descendants = self.cx.descendants(&pointer);
            let name = self.types[id].name.clone();
            if form_bodies.contains(&id) {
                let listed: Vec<String> = descendants.iter().map(|c| format!("`{c}`")).collect();
                self.warnings.push(Diag::new(
                    &pointer,
                    format!(
                        "`{name}` has a `discriminator` but no `oneOf`/`anyOf`, and is a form or multipart body, which cannot be a union: a value of a schema extending it ({}) sent as `{name}` keeps only `{name}`'s properties",
                        listed.join(", ")
                    ),
                ));
                continue;
            }
            let own = self.cx.component_name_at(&pointer);
            let mut names: Vec<&str> = descendants.clone();
            names.push(own);
            let values = self.tag_values(&names, discriminator, &pointer)?;
            let base_name = self.type_names.claim(&format!("{name}Base"), false);
            let parent = &mut self.types[id];
            let base = TypeDef {
                name: base_name.clone(),
                doc: format!(
                    "`{name}`'s own properties: a `{name}` that is none of the schemas extending it, or one this client does not know (whose other properties are then not kept).\n\n{doc}"
                ),
                pointer: parent.pointer.clone(),
                nullable: false,
                deprecated: parent.deprecated,
                // Decided with every other type's.
                checks: false,
                validated: false,
                decoded: false,
                webhook_only: false,
                // A struct's constraints are its fields'.
                constraints: Constraints::default(),
                kind: std::mem::replace(&mut parent.kind, TypeKind::Pending),
            };
            let property = discriminator.property_name.clone();
            let listed: Vec<String> = descendants.iter().map(|c| format!("`{c}`")).collect();
            parent.doc = sanitize(&format!(
                "{doc}\n\nA `{name}` of any kind: schemas extend it through `allOf` ({}), and its `discriminator` (`{}`) tells which, so a value decodes whole as the one it names. `{base_name}` holds `{name}`'s own properties.",
                listed.join(", "),
                property.replace('`', "'")
            ));
            self.types.push(base);
            let base_id = self.types.len() - 1;
            let mut variant_names = Namespace::default();
            let mut variants: Vec<UnionVariant> = descendants
                .iter()
                .map(|child| {
                    let child_id = self.cx.components[child];
                    UnionVariant {
                        name: variant_names.claim(&self.types[child_id].name, false),
                        ty: Ty::Named(child_id),
                        boxed: false,
                        // The child's type checks its own rules.
                        constraints: Constraints::default(),
                    }
                })
                .collect();
            variants.push(UnionVariant {
                name: variant_names.claim(&name, false),
                ty: Ty::Named(base_id),
                boxed: false,
                constraints: Constraints::default(),
            });
            let fallback = Some(variants.len() - 1);
            self.types[id].kind = TypeKind::Union(Union {
                variants,
                tag: Some(Tag {
                    property,
                    values,
                    fallback,
                }),
            });
        }
        Ok(())
    }

    /// How a `discriminator` chooses among `members`, or why it cannot (the union is then not
    /// modelled). Values come from `mapping` (schema names or `#/components/schemas/` references,
    /// several values per schema allowed), then each alternative not mapped is selected by its
    /// schema name. A mapping to a schema that does not exist is an error.
    pub(super) fn tag(
        &mut self,
        members: &[(SchemaRef<'a>, String)],
        discriminator: Option<&'a openapiv3::Discriminator>,
        pointer: &str,
    ) -> Result<Modelled<Tag>, Diag> {
        let Some(discriminator) = discriminator else {
            return Err(Diag::new(pointer, "internal: no discriminator"));
        };
        let property = &discriminator.property_name;
        let mut names = Vec::with_capacity(members.len());
        for (member, relative) in members {
            let SchemaRef::Ref(reference) = member else {
                return Ok(Modelled::Not(format!(
                    "the `discriminator` selects among component schemas, but alternative `{relative}` is written in place"
                )));
            };
            let (name, _) = self
                .cx
                .component(reference, &format!("{pointer}/{relative}"))?;
            if !self.cx.is_object_like(name, MAX_DEPTH) {
                return Ok(Modelled::Not(format!(
                    "the `discriminator` alternative `{name}` is not an object, so it cannot carry the `{property}` property"
                )));
            }
            names.push(name);
        }
        Ok(Modelled::Yes(Tag {
            property: property.clone(),
            values: self.tag_values(&names, discriminator, pointer)?,
            fallback: None,
        }))
    }

    /// The tag values that select each of the schemas `names`: the `mapping`'s entries naming
    /// them, in its order, then each schema's own name unless the mapping took it.
    pub(super) fn tag_values(
        &mut self,
        names: &[&str],
        discriminator: &openapiv3::Discriminator,
        pointer: &str,
    ) -> Result<Vec<(String, usize)>, Diag> {
        let mapping_at = join(&join(pointer, "discriminator"), "mapping");
        let mut values: Vec<(String, usize)> = Vec::new();
        let mut mapped = vec![false; names.len()];
        for (value, target) in &discriminator.mapping {
            let entry_at = join(&mapping_at, value);
            let name = match component_name(target) {
                Some(name) => name,
                None if !target.contains(['#', '/']) => target.clone(),
                None => {
                    self.warnings.push(Diag::new(
                        entry_at,
                        format!(
                            "discriminator mapping `{value}` ignored: {target:?} is neither a schema name nor a `#/components/schemas/` reference"
                        ),
                    ));
                    continue;
                }
            };
            if !self.cx.components.contains_key(name.as_str()) {
                return Err(Diag::new(
                    entry_at,
                    format!(
                        "discriminator mapping `{value}` names `{name}`, which is not in components/schemas"
                    ),
                ));
            }
            match names.iter().position(|n| *n == name) {
                Some(index) => {
                    mapped[index] = true;
                    values.push((value.clone(), index));
                }
                None => self.warnings.push(Diag::new(
                    entry_at,
                    format!(
                        "discriminator mapping `{value}` ignored: `{name}` is not one of the alternatives"
                    ),
                )),
            }
        }
        for (index, name) in names.iter().enumerate() {
            if !mapped[index] && !values.iter().any(|(v, _)| v == name) {
                values.push(((*name).to_owned(), index));
            }
        }
        // Stable: a variant's values keep the mapping's order.
        values.sort_by_key(|(_, index)| *index);
        Ok(values)
    }
}
