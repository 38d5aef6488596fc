//! Composition: `allOf` merged into one struct (its members' properties in order, a later one
//! replacing an earlier one in its place), `oneOf`/`anyOf` turned into unions, and an object with
//! properties of its own whose alternatives each add properties: its struct with the union of
//! the alternatives flattened beside them (`Field::flatten`).
//!
//! Which alternative a value is (`discriminator` tags) is decided in `inheritance`; here a
//! `discriminator` only marks an `allOf` member as the parent of the inheritance pattern, whose
//! own properties the `allOf` takes. A member that is not an object makes the `allOf`
//! `Modelled::Not`; a member that contains itself is an error.

use std::collections::HashSet;

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind};

use super::document::{Context, MAX_DEPTH};
use super::lowerer::Lowerer;
use super::shape::{Modelled, ObjectPart, SchemaRef, Shape, required_of, shape};
use crate::error::{Diag, join};
use crate::ir::*;
use crate::names::Namespace;

/// Properties gathered from the members of an `allOf`, in order; a later definition of the same
/// property replaces the earlier one in its place.
#[derive(Default)]
pub(super) struct Merged<'a> {
    pub(super) properties: Vec<(&'a str, SchemaRef<'a>, String)>,
    pub(super) required: Vec<String>,
    pub(super) additional: Option<&'a AdditionalProperties>,
}

impl<'a> Merged<'a> {
    pub(super) fn add(&mut self, part: &ObjectPart<'a>, pointer: &str) {
        for (name, schema) in &part.properties {
            let at = join(&join(pointer, "properties"), name);
            match self.properties.iter_mut().find(|(n, _, _)| n == name) {
                Some(existing) => *existing = (name, *schema, at),
                None => self.properties.push((name, *schema, at)),
            }
        }
        for name in &part.required {
            if !self.required.iter().any(|r| r == name) {
                self.required.push((*name).to_owned());
            }
        }
        if part.additional.is_some() {
            self.additional = part.additional;
        }
    }
}

pub(super) fn variant_word(ty: &Ty) -> &'static str {
    match ty {
        Ty::Bool => "Boolean",
        Ty::I32 | Ty::I64 => "Integer",
        Ty::F64 => "Number",
        Ty::String => "String",
        Ty::DateTime => "DateTime",
        Ty::Date => "Date",
        Ty::Uuid => "Uuid",
        Ty::Base64 => "Bytes",
        Ty::Value => "Value",
        Ty::File { .. } => "File",
        Ty::Object | Ty::Map(_) => "Object",
        Ty::Vec(_) => "Array",
        Ty::Option(inner) => variant_word(inner),
        Ty::Named(_) => "Named",
    }
}

impl<'a> Context<'a> {
    /// Gathers the properties of an `allOf`'s members into `merged`, or says why the `allOf`
    /// cannot be a struct (a member that is not an object). An error is an invalid document.
    pub(super) fn merge_all_of(
        &self,
        members: &[SchemaRef<'a>],
        own: &ObjectPart<'a>,
        pointer: &str,
        visiting: &mut HashSet<&'a str>,
        merged: &mut Merged<'a>,
    ) -> Result<Modelled<()>, Diag> {
        for (i, member) in members.iter().enumerate() {
            let member_at = join(&join(pointer, "allOf"), &i.to_string());
            let (schema, schema_at, name) = match member {
                SchemaRef::Item(s) => (*s, member_at.clone(), None),
                SchemaRef::Ref(reference) => {
                    let (name, schema) = self.component_item(reference, &member_at)?;
                    if !visiting.insert(name) {
                        return Err(Diag::new(
                            member_at,
                            format!(
                                "`allOf` cycle through `{name}`: a schema cannot contain itself"
                            ),
                        ));
                    }
                    (schema, join("/components/schemas", name), Some(name))
                }
            };
            let not_object = || {
                let source = match name {
                    Some(name) => format!(" (`{name}`)"),
                    None => String::new(),
                };
                format!("its `allOf` member `allOf/{i}`{source} is not an object schema")
            };
            match shape(schema).map_err(|m| Diag::new(&schema_at, m))? {
                Shape::Object(_) if self.is_tuple(schema) => {
                    return Ok(Modelled::Not(not_object()));
                }
                Shape::Object(part) => merged.add(&part, &schema_at),
                Shape::AllOf { members, own } => {
                    if let Modelled::Not(reason) =
                        self.merge_all_of(&members, &own, &schema_at, visiting, merged)?
                    {
                        return Ok(Modelled::Not(reason));
                    }
                }
                // A member that only lists `required` properties, or adds nothing.
                Shape::Any => merged.add(
                    &ObjectPart {
                        required: required_of(schema),
                        ..Default::default()
                    },
                    &schema_at,
                ),
                // The parent of the inheritance pattern: its alternatives extend it, and it
                // gives them its own properties.
                Shape::Unmodelled(_)
                    if schema.schema_data.discriminator.is_some()
                        && matches!(&schema.schema_kind, SchemaKind::Any(a) if a.all_of.is_empty() && a.not.is_none()) =>
                {
                    if let SchemaKind::Any(a) = &schema.schema_kind {
                        let own = ObjectPart::new(
                            &a.properties,
                            &a.required,
                            a.additional_properties.as_ref(),
                        );
                        merged.add(&own, &schema_at);
                    }
                }
                Shape::Extended { object, .. } if schema.schema_data.discriminator.is_some() => {
                    merged.add(&object, &schema_at);
                }
                Shape::Unmodelled(reason) => {
                    return Ok(Modelled::Not(format!("{}: {reason}", not_object())));
                }
                _ => return Ok(Modelled::Not(not_object())),
            }
            if let Some(name) = name {
                visiting.remove(name);
            }
        }
        merged.add(own, pointer);
        Ok(Modelled::Yes(()))
    }
}

impl<'a> Lowerer<'a> {
    /// An object with properties of its own and alternatives that add others (Intercom's
    /// `create_data_attribute_request`): the struct of its own properties, with a last field
    /// holding the union of the alternatives, flattened beside them. The object's `required`
    /// properties that an alternative declares are required there.
    pub(super) fn define_extended(
        &mut self,
        id: TypeId,
        schema: &'a Schema,
        object: ObjectPart<'a>,
        members: &[(SchemaRef<'a>, String)],
        keyword: &'static str,
        pointer: &str,
    ) -> Result<TypeKind, Diag> {
        if self.multipart_types.contains(&id) {
            return Ok(self.unmodelled(
                id,
                pointer,
                "a multipart body's properties are its parts, and the properties of its `oneOf`/`anyOf` alternatives cannot be",
            ));
        }
        let own: HashSet<&str> = object.properties.iter().map(|(name, _)| *name).collect();
        // A referenced alternative must be an object of other properties than the object's own.
        for (member, relative) in members {
            let SchemaRef::Ref(reference) = member else {
                continue;
            };
            let member_at = format!("{pointer}/{relative}");
            let (name, _) = self.cx.component(reference, &member_at)?;
            let fits = self
                .cx
                .component_schema(name)
                .and_then(ReferenceOr::as_item)
                .is_some_and(|target| match shape(target) {
                    Ok(Shape::Object(o)) => {
                        !o.properties.is_empty()
                            && o.additional.is_none()
                            && o.properties.iter().all(|(p, _)| !own.contains(p))
                    }
                    _ => false,
                });
            if !fits {
                return Ok(self.unmodelled(
                    id,
                    pointer,
                    "the schema has both its own type or properties and `oneOf`/`anyOf` alternatives of other shapes",
                ));
            }
        }
        // The object's `required` properties that an alternative written in place declares are
        // required there.
        let also_required: Vec<Vec<String>> = members
            .iter()
            .map(|(member, _)| {
                let declared = match member {
                    SchemaRef::Item(alternative) => match shape(alternative) {
                        Ok(Shape::Object(part)) => part.properties,
                        _ => Vec::new(),
                    },
                    SchemaRef::Ref(_) => Vec::new(),
                };
                object
                    .required
                    .iter()
                    .filter(|name| !own.contains(*name) && declared.iter().any(|(p, _)| p == *name))
                    .map(|name| (*name).to_owned())
                    .collect()
            })
            .collect();
        let entries = object
            .properties
            .iter()
            .map(|(k, v)| (*k, *v, join(&join(pointer, "properties"), k)))
            .collect();
        let kind = self.define_struct(
            id,
            entries,
            object.required.iter().map(|s| (*s).to_owned()).collect(),
            object.additional,
            self.cx.object_constraints(schema),
            pointer,
        )?;
        let TypeKind::Struct(mut s) = kind else {
            return Ok(kind);
        };
        let parent = self.types[id].name.clone();
        let union_name = if keyword == "oneOf" { "OneOf" } else { "AnyOf" };
        let doc = format!(
            "The `{keyword}` alternatives of [`{parent}`]: the properties each adds beside the object's own."
        );
        let union_id = self.new_type(&format!("{parent}{union_name}"), doc, pointer, false, false);
        self.types[union_id].kind =
            self.define_union(union_id, members, None, pointer, &also_required)?;
        let mut names = Namespace::default();
        for field in &s.fields {
            names.claim(&field.rust, true);
        }
        s.fields.push(Field {
            rust: names.claim(if keyword == "oneOf" { "one_of" } else { "any_of" }, true),
            wire: String::new(),
            ty: Ty::Named(union_id),
            required: true,
            nullable: false,
            doc: format!(
                "The properties of the `{keyword}` alternative the value matches, sent beside the others."
            ),
            deprecated: false,
            access: Access::ReadWrite,
            boxed: false,
            constraints: Constraints::default(),
            flatten: true,
        });
        Ok(TypeKind::Struct(s))
    }

    /// The union of `members`, chosen by `tag` or untagged. `also_required` lists, by member,
    /// the properties required of it beyond its own `required` (see `define_extended`); it may
    /// be shorter than `members`, or empty.
    pub(super) fn define_union(
        &mut self,
        id: TypeId,
        members: &[(SchemaRef<'a>, String)],
        tag: Option<Tag>,
        pointer: &str,
        also_required: &[Vec<String>],
    ) -> Result<TypeKind, Diag> {
        let parent = self.types[id].name.clone();
        let mut names = Namespace::default();
        let mut variants = Vec::new();
        for (i, (member, relative)) in members.iter().enumerate() {
            let member_at = format!("{pointer}/{relative}");
            let hint = format!("{parent}Variant{}", i + 1);
            let required = also_required.get(i).map_or(&[][..], Vec::as_slice);
            let ty = self.inline_requiring(*member, &hint, &member_at, required)?;
            let ty = self.nullable_wrap(*member, ty);
            let base = match &ty {
                Ty::Named(target) => self.types[*target].name.clone(),
                other => variant_word(other).to_owned(),
            };
            variants.push(UnionVariant {
                name: names.claim(&base, false),
                ty,
                boxed: false,
                constraints: self.cx.constraints_of(*member, MAX_DEPTH),
            });
        }
        Ok(TypeKind::Union(Union { variants, tag }))
    }
}
