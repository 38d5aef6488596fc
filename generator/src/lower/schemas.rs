//! Schemas to types: a component's or an inline schema's `Shape` becomes a `TypeKind` (`define`),
//! a schema used in place becomes a `Ty`, with a new named type where it needs one (`inline`),
//! and an object's properties become a struct's fields (`define_struct`). A schema no Rust type
//! expresses becomes `serde_json::Value`, said in its documentation and in a warning.
//!
//! An alternative of an object with properties of its own also requires the object's required
//! properties it declares (`also_required`, handed down from `define_extended`). Composition
//! (`allOf`, unions) and discriminators are delegated to `composition` and `inheritance`; nothing
//! here reads operations.

use std::collections::HashSet;

use openapiv3::{AdditionalProperties, Schema};

use super::composition::Merged;
use super::constraints::ObjectConstraints;
use super::document::{MAX_DEPTH, component_name};
use super::enums::{coerced_enum_warning, define_enum, enum_values};
use super::lowerer::{Lowerer, OpenParent};
use super::shape::{
    Modelled, SchemaRef, Shape, all_of_doc, schema_doc, shape, unchecked_narrowing_warning,
};
use crate::docs::sanitize;
use crate::error::{Diag, join};
use crate::ir::*;
use crate::names::{Namespace, field_name, type_name};

impl<'a> Lowerer<'a> {
    pub(super) fn ref_ty(&self, reference: &str, pointer: &str) -> Result<Ty, Diag> {
        let (name, id) = self.cx.component(reference, pointer)?;
        if self.multipart_types.contains(&id) {
            return Err(Diag::new(
                pointer,
                format!(
                    "schema `{name}` is a multipart request body, so it cannot also be used as a JSON value here (its binary properties are file parts, which have no JSON form)"
                ),
            ));
        }
        Ok(Ty::Named(id))
    }

    /// Lowers the body of a named type. An object's struct also requires `also_required`, the
    /// properties of its parent object's `required` list that it declares, when it is an
    /// alternative of such a parent (see `define_extended`).
    pub(super) fn define(
        &mut self,
        id: TypeId,
        schema: &'a Schema,
        pointer: &str,
        also_required: &[String],
    ) -> Result<TypeKind, Diag> {
        self.warnings.extend(coerced_enum_warning(schema, pointer));
        self.warnings
            .extend(unchecked_narrowing_warning(schema, pointer));
        if let Some(values) = enum_values(schema).map_err(|m| Diag::new(pointer, m))? {
            return Ok(define_enum(values));
        }
        if self.cx.is_tuple(schema) {
            return self.define_tuple(id, schema, pointer);
        }
        let shape = shape(schema).map_err(|m| Diag::new(pointer, m))?;
        let discriminator = schema.schema_data.discriminator.as_ref();
        if let (Some(d), Shape::Object(_) | Shape::AllOf { .. }) = (discriminator, &shape) {
            let note = format!(
                "The spec gives this schema a `discriminator` (`{}`): schemas that extend it through `allOf` are told apart by that property. This type holds only the properties it declares; a `oneOf` of the extending schemas with the same `discriminator` decodes each of them whole.",
                d.property_name.replace('`', "'")
            );
            let doc = self.types[id].doc.clone();
            self.types[id].doc.push_str("\n\n");
            self.types[id].doc.push_str(&sanitize(&note));
            if !self.cx.extending(pointer).is_empty() {
                self.open_parents.push(OpenParent {
                    id,
                    pointer: pointer.to_owned(),
                    discriminator: d,
                    doc,
                });
            }
        }
        match shape {
            Shape::Unmodelled(reason) => {
                if let Some(members) =
                    discriminator.and_then(|_| self.cx.extended_by_all(schema, pointer))
                {
                    if let Modelled::Yes(tag) = self.tag(&members, discriminator, pointer)? {
                        return self.define_union(id, &members, Some(tag), pointer, &[]);
                    }
                }
                Ok(self.unmodelled(id, pointer, &reason))
            }
            Shape::Union { members } if discriminator.is_some() => {
                match self.tag(&members, discriminator, pointer)? {
                    Modelled::Yes(tag) => self.define_union(id, &members, Some(tag), pointer, &[]),
                    Modelled::Not(reason) => Ok(self.unmodelled(id, pointer, &reason)),
                }
            }
            Shape::Object(object) if !object.properties.is_empty() => {
                let entries = object
                    .properties
                    .iter()
                    .map(|(k, v)| (*k, *v, join(&join(pointer, "properties"), k)))
                    .collect();
                let required = object.required.iter().map(|s| (*s).to_owned());
                self.define_struct(
                    id,
                    entries,
                    required.chain(also_required.iter().cloned()).collect(),
                    object.additional,
                    self.cx.object_constraints(schema),
                    pointer,
                )
            }
            Shape::String { values, .. } if !values.is_empty() => {
                Ok(define_enum(values.into_iter().map(Wire::String).collect()))
            }
            Shape::Union { members } => self.define_union(id, &members, None, pointer, &[]),
            // With a `discriminator`, alternatives are told apart by it, which a flattened
            // union cannot do.
            Shape::Extended { .. } if discriminator.is_some() => {
                // The inheritance pattern: alternatives that hold the object's properties.
                if let Some(members) = self.cx.extended_by_all(schema, pointer) {
                    if let Modelled::Yes(tag) = self.tag(&members, discriminator, pointer)? {
                        return self.define_union(id, &members, Some(tag), pointer, &[]);
                    }
                }
                Ok(self.unmodelled(
                    id,
                    pointer,
                    "the schema has both its own type or properties and `oneOf`/`anyOf` alternatives of other shapes, told apart by a `discriminator`",
                ))
            }
            Shape::Extended {
                object,
                members,
                keyword,
            } => self.define_extended(id, schema, object, &members, keyword, pointer),
            Shape::AllOf { members, own } => {
                if let Some(single) = self.cx.pass_through(&members, &own) {
                    let ty = self.inline(single, &self.types[id].name.clone(), pointer)?;
                    return Ok(TypeKind::Alias(ty));
                }
                let mut merged = Merged::default();
                if let Modelled::Not(reason) = self.cx.merge_all_of(
                    &members,
                    &own,
                    pointer,
                    &mut HashSet::new(),
                    &mut merged,
                )? {
                    return Ok(self.unmodelled(id, pointer, &reason));
                }
                self.define_struct(
                    id,
                    merged.properties,
                    merged.required,
                    merged.additional,
                    self.cx.object_constraints(schema),
                    pointer,
                )
            }
            other => {
                let name = self.types[id].name.clone();
                Ok(TypeKind::Alias(self.shape_ty(other, &name, pointer)?))
            }
        }
    }

    /// A schema no Rust type expresses: `serde_json::Value`, said in the type's documentation
    /// and in a warning.
    pub(super) fn unmodelled(&mut self, id: TypeId, pointer: &str, reason: &str) -> TypeKind {
        let note = format!(
            "**Not modelled:** {reason}. Any JSON value is accepted and kept as it is (`serde_json::Value`)."
        );
        self.types[id].doc.push_str("\n\n");
        self.types[id].doc.push_str(&sanitize(&note));
        self.warnings.push(Diag::new(
            pointer,
            format!(
                "schema not modelled, `{}` is `serde_json::Value`: {reason}",
                self.types[id].name
            ),
        ));
        TypeKind::Alias(Ty::Value)
    }

    /// The type of a schema used in place: a reference, a primitive, or a new named type.
    pub(super) fn inline(
        &mut self,
        r: SchemaRef<'a>,
        hint: &str,
        pointer: &str,
    ) -> Result<Ty, Diag> {
        self.inline_requiring(r, hint, pointer, &[])
    }

    /// [`Lowerer::inline`], for an object that also requires `also_required` (see
    /// [`Lowerer::define`]).
    pub(super) fn inline_requiring(
        &mut self,
        r: SchemaRef<'a>,
        hint: &str,
        pointer: &str,
        also_required: &[String],
    ) -> Result<Ty, Diag> {
        let schema = match r {
            SchemaRef::Ref(reference) => return self.ref_ty(reference, pointer),
            SchemaRef::Item(s) => s,
        };
        let shape = shape(schema).map_err(|m| Diag::new(pointer, m))?;
        if let Shape::AllOf { members, own } = &shape {
            if let Some(single) = self.cx.pass_through(members, own) {
                return self.inline_requiring(single, hint, pointer, also_required);
            }
        }
        self.warnings.extend(coerced_enum_warning(schema, pointer));
        let is_enum = enum_values(schema)
            .map_err(|m| Diag::new(pointer, m))?
            .is_some();
        let needs_type = is_enum
            || match &shape {
                Shape::Object(o) => !o.properties.is_empty(),
                Shape::String { values, .. } => !values.is_empty(),
                Shape::Union { .. }
                | Shape::AllOf { .. }
                | Shape::Extended { .. }
                | Shape::Unmodelled(_) => true,
                _ => false,
            };
        if !needs_type {
            // A type of its own would be defined, and warned about, by `define`.
            self.warnings
                .extend(unchecked_narrowing_warning(schema, pointer));
            return self.shape_ty(shape, hint, pointer);
        }
        let doc =
            sanitize(schema_doc(schema).unwrap_or(&format!("Inline schema at `#{pointer}`.")));
        let id = self.new_type(
            hint,
            doc,
            pointer,
            schema.schema_data.nullable,
            schema.schema_data.deprecated,
        );
        let kind = self.define(id, schema, pointer, also_required)?;
        self.types[id].kind = kind;
        Ok(Ty::Named(id))
    }

    /// The type of a shape that needs no named type of its own.
    pub(super) fn shape_ty(
        &mut self,
        shape: Shape<'a>,
        hint: &str,
        pointer: &str,
    ) -> Result<Ty, Diag> {
        Ok(match shape {
            Shape::String { format, .. } => match format {
                Some("date-time") => Ty::DateTime,
                Some("date") => Ty::Date,
                Some("uuid") => Ty::Uuid,
                // `binary` stays a string: inside JSON it has no encoding of its own.
                Some("byte") => Ty::Base64,
                _ => Ty::String,
            },
            Shape::Integer {
                format: Some("int32"),
            } => Ty::I32,
            Shape::Integer { .. } => Ty::I64,
            Shape::Number => Ty::F64,
            Shape::Boolean => Ty::Bool,
            Shape::Any => Ty::Value,
            Shape::Array(None) => Ty::Vec(Box::new(Ty::Value)),
            Shape::Array(Some(items)) => {
                let items_at = join(pointer, "items");
                let item = self.inline(items, &format!("{hint}Item"), &items_at)?;
                Ty::Vec(Box::new(self.nullable_wrap(items, item)))
            }
            Shape::Object(object) => match object.additional {
                Some(AdditionalProperties::Schema(value)) => {
                    let value_ref = SchemaRef::of(value);
                    let value_at = join(pointer, "additionalProperties");
                    let value_ty = self.inline(value_ref, &format!("{hint}Value"), &value_at)?;
                    Ty::Map(Box::new(self.nullable_wrap(value_ref, value_ty)))
                }
                _ => Ty::Object,
            },
            Shape::AllOf { .. }
            | Shape::Union { .. }
            | Shape::Extended { .. }
            | Shape::Unmodelled(_) => {
                return Err(Diag::new(
                    pointer,
                    "internal: composite schema without a type",
                ));
            }
        })
    }

    pub(super) fn is_nullable(&self, r: SchemaRef<'_>) -> bool {
        match r {
            SchemaRef::Item(s) => self.cx.nullable_of(s),
            SchemaRef::Ref(reference) => component_name(reference)
                .and_then(|n| self.cx.components.get(n.as_str()))
                .is_some_and(|id| self.types[*id].nullable),
        }
    }

    /// `Option<T>` for a nullable schema in a position without presence (items, map values).
    pub(super) fn nullable_wrap(&self, r: SchemaRef<'_>, ty: Ty) -> Ty {
        if self.is_nullable(r) {
            Ty::Option(Box::new(ty))
        } else {
            ty
        }
    }

    pub(super) fn define_struct(
        &mut self,
        id: TypeId,
        properties: Vec<(&'a str, SchemaRef<'a>, String)>,
        required: Vec<String>,
        additional: Option<&'a AdditionalProperties>,
        object: ObjectConstraints,
        pointer: &str,
    ) -> Result<TypeKind, Diag> {
        let parent = self.types[id].name.clone();
        let multipart = self.multipart_types.contains(&id);
        let mut names = Namespace::default();
        let mut fields = Vec::with_capacity(properties.len());
        for (wire, prop, prop_at) in properties {
            let hint = format!("{parent}{}", type_name(wire));
            let ty = match self.cx.file_kind(prop, MAX_DEPTH).filter(|_| multipart) {
                Some((base64, false)) => Ty::File { base64 },
                Some((base64, true)) => Ty::Vec(Box::new(Ty::File { base64 })),
                None => self.inline(prop, &hint, &prop_at)?,
            };
            let (doc, deprecated, data) = match prop {
                SchemaRef::Item(s) => (
                    schema_doc(s).or_else(|| all_of_doc(s)).map(str::to_owned),
                    s.schema_data.deprecated,
                    Some(&s.schema_data),
                ),
                SchemaRef::Ref(reference) => {
                    let (name, target) = self.cx.component(reference, &prop_at)?;
                    let schema = self.cx.component_schema(name).and_then(|s| s.as_item());
                    (
                        schema
                            .and_then(schema_doc)
                            .map(str::to_owned)
                            .or_else(|| Some(format!("See `{}`.", self.types[target].name))),
                        false,
                        schema.map(|s| &s.schema_data),
                    )
                }
            };
            let access = match data {
                Some(d) if d.read_only && !d.write_only => Access::ReadOnly,
                Some(d) if d.write_only && !d.read_only => Access::WriteOnly,
                _ => Access::ReadWrite,
            };
            // Any JSON value includes `null`: keep an explicit one. A multipart body has no
            // `null`: a part is sent or left out.
            let nullable = !multipart && (self.is_nullable(prop) || is_any_value(&self.types, &ty));
            let constraints = self.cx.constraints_of(prop, MAX_DEPTH);
            fields.push(Field {
                constraints,
                rust: names.claim(&field_name(wire), true),
                wire: wire.to_owned(),
                ty,
                required: required.iter().any(|r| r == wire),
                nullable,
                doc: sanitize(doc.as_deref().unwrap_or(&format!("The `{wire}` property."))),
                deprecated,
                access,
                boxed: false,
                flatten: false,
            });
        }
        let mut additional_constraints = Box::default();
        let additional = match additional {
            Some(AdditionalProperties::Any(true)) => Some(Ty::Value),
            Some(AdditionalProperties::Schema(value)) => {
                let value_ref = SchemaRef::of(value);
                let value_at = join(pointer, "additionalProperties");
                let ty = self.inline(value_ref, &format!("{parent}Value"), &value_at)?;
                additional_constraints = Box::new(self.cx.constraints_of(value_ref, MAX_DEPTH));
                Some(self.nullable_wrap(value_ref, ty))
            }
            Some(AdditionalProperties::Any(false)) | None => None,
        };
        if additional.is_some() {
            additional_constraints.keys = object.names;
        }
        let additional = additional.map(|ty| (names.claim("additional_properties", true), ty));
        Ok(TypeKind::Struct(Struct {
            fields,
            additional,
            additional_constraints,
            default: false,
            json: !multipart,
            property_count: object.property_count,
            required_sets: object.required_sets,
            builder: None,
            dependent_required: object.dependent_required,
        }))
    }
}

impl<'a> Lowerer<'a> {
    /// A tuple (`prefixItems`, see `Context::is_tuple`): a struct whose fields are the positions, each
    /// required and named by its index, and whose `additional` holds the items after them.
    fn define_tuple(
        &mut self,
        id: TypeId,
        schema: &'a Schema,
        pointer: &str,
    ) -> Result<TypeKind, Diag> {
        let openapiv3::SchemaKind::Any(a) = &schema.schema_kind else {
            return Err(Diag::new(
                pointer,
                "internal: a tuple is not a schema of mixed keywords",
            ));
        };
        let parent = self.types[id].name.clone();
        let mut fields = Vec::with_capacity(a.properties.len());
        for (i, (wire, position)) in a.properties.iter().enumerate() {
            let position = SchemaRef::of_box(position);
            let at = join(&join(pointer, "properties"), wire);
            let ty = self.inline(position, &format!("{parent}Item{i}"), &at)?;
            let doc = self
                .cx
                .schema_of(position)
                .and_then(schema_doc)
                .map_or_else(|| format!("Position {i}."), sanitize);
            fields.push(Field {
                rust: i.to_string(),
                wire: i.to_string(),
                nullable: self.is_nullable(position) || is_any_value(&self.types, &ty),
                ty,
                required: true,
                doc,
                deprecated: false,
                access: Access::ReadWrite,
                boxed: false,
                constraints: self.cx.constraints_of(position, MAX_DEPTH),
                flatten: false,
            });
        }
        let len = fields.len();
        let mut additional_constraints = Box::default();
        let rest = match &a.additional_properties {
            Some(AdditionalProperties::Any(true)) => Some(Ty::Value),
            Some(AdditionalProperties::Schema(items)) => {
                let items = SchemaRef::of(items);
                let at = join(pointer, "additionalProperties");
                let ty = self.inline(items, &format!("{parent}Item"), &at)?;
                additional_constraints = Box::new(self.cx.constraints_of(items, MAX_DEPTH));
                Some(self.nullable_wrap(items, ty))
            }
            Some(AdditionalProperties::Any(false)) | None => None,
        };
        // Only items after the positions make the count vary.
        let property_count = match rest {
            Some(_) => (a.min_items.filter(|min| *min > len), a.max_items),
            None => (None, None),
        };
        Ok(TypeKind::Struct(Struct {
            fields,
            additional: rest.map(|ty| (len.to_string(), ty)),
            additional_constraints,
            default: false,
            json: true,
            property_count,
            required_sets: None,
            builder: None,
            dependent_required: Vec::new(),
        }))
    }
}

/// Whether a type is `serde_json::Value`, directly or through aliases.
pub(super) fn is_any_value(types: &[TypeDef], ty: &Ty) -> bool {
    *resolve_aliases(types, ty) == Ty::Value
}
