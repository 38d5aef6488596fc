//! Constraints: what a schema position states on its value (`ir::Constraints`), recorded for a
//! property, an item, a map value, a union alternative and a JSON body as a whole. A reference
//! carries the constraints of a plain-value component (an alias), which its aliases' uses carry
//! and a newtype checks; structs, enums and unions check themselves.
//!
//! Reads the document only; it decides nothing about types (which types have checks is the
//! `passes` stage's `checks`).

use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty,
};

use super::document::{Context, MAX_DEPTH, component_name};
use super::enums::{allow_null, boolean_enum_values, enum_values, mixed_enum_values};
use super::shape::{ObjectPart, SchemaRef, Shape, is_constraint_only, required_of, shape};
use crate::ir::*;

/// What an object schema states on its properties as a whole.
#[derive(Default)]
pub(super) struct ObjectConstraints {
    /// `minProperties`/`maxProperties`.
    pub(super) property_count: (Option<usize>, Option<usize>),
    /// Alternatives of `required` lists, and whether exactly one must hold.
    pub(super) required_sets: Option<(Vec<Vec<String>>, bool)>,
    /// `dependentRequired`: a property, and the properties its presence requires.
    pub(super) dependent_required: Vec<(String, Vec<String>)>,
    /// What the names of the properties not listed must satisfy (see
    /// [`Context::name_constraints`]).
    pub(super) names: Option<Box<Constraints>>,
}

/// [`ObjectConstraints`] but the names' and `dependentRequired` (which `openapi31` reports
/// beside the document).
fn object_constraints(schema: &Schema) -> ObjectConstraints {
    let sets = |members: &[ReferenceOr<Schema>]| -> Option<Vec<Vec<String>>> {
        if members.is_empty() || !members.iter().all(|m| is_constraint_only(SchemaRef::of(m))) {
            return None;
        }
        Some(
            members
                .iter()
                .filter_map(|m| m.as_item())
                .map(|s| required_of(s).into_iter().map(str::to_owned).collect())
                .collect(),
        )
    };
    let dependent_required = Vec::new();
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => ObjectConstraints {
            property_count: (o.min_properties, o.max_properties),
            required_sets: None,
            dependent_required,
            names: None,
        },
        SchemaKind::Any(a) => ObjectConstraints {
            property_count: (a.min_properties, a.max_properties),
            required_sets: sets(&a.one_of)
                .map(|s| (s, true))
                .or_else(|| sets(&a.any_of).map(|s| (s, false))),
            dependent_required,
            names: None,
        },
        _ => ObjectConstraints::default(),
    }
}

/// Whether a schema is a plain value (string, number, array, map...) rather than something that
/// becomes a struct, enum or union of its own.
pub(super) fn is_plain_value(schema: &Schema) -> bool {
    if matches!(enum_values(schema), Ok(Some(_))) {
        return false;
    }
    match shape(schema) {
        Ok(Shape::Object(o)) => o.properties.is_empty(),
        Ok(Shape::String { values, .. }) => values.is_empty(),
        Ok(Shape::Union { .. } | Shape::AllOf { .. } | Shape::Extended { .. }) | Err(_) => false,
        Ok(_) => true,
    }
}

impl<'a> Context<'a> {
    /// The constraints of a schema position. A reference carries the constraints of the component
    /// it names when that component is a plain value (a type alias); structs, enums and unions
    /// check themselves. `depth` bounds chains of references.
    pub(super) fn constraints_of(&self, r: SchemaRef<'_>, depth: usize) -> Constraints {
        if depth == 0 {
            return Constraints::default();
        }
        let schema = match r {
            SchemaRef::Item(s) => s,
            SchemaRef::Ref(reference) => {
                let name = component_name(reference).unwrap_or_default();
                return self.component_constraints(&name, depth - 1);
            }
        };
        let checkable = |format: Option<&str>| {
            format
                .filter(|f| matches!(*f, "email" | "uri" | "uuid" | "date" | "date-time"))
                .map(str::to_owned)
        };
        let items = |this: &Self, items: Option<&ReferenceOr<Box<Schema>>>| {
            items
                .map(|i| this.constraints_of(SchemaRef::of_box(i), depth - 1))
                .filter(|c| !c.is_empty())
                .map(Box::new)
        };
        // The values of a map: `additionalProperties` with a schema.
        let values = |this: &Self, additional: Option<&AdditionalProperties>| match additional {
            Some(AdditionalProperties::Schema(value)) => {
                Some(this.constraints_of(SchemaRef::of(value), depth - 1))
                    .filter(|c| !c.is_empty())
                    .map(Box::new)
            }
            _ => None,
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(t)) => Constraints {
                min_length: t.min_length,
                max_length: t.max_length,
                pattern: t.pattern.clone(),
                format: match &t.format {
                    VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Date) => {
                        Some("date".into())
                    }
                    VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::DateTime) => {
                        Some("date-time".into())
                    }
                    VariantOrUnknownOrEmpty::Unknown(f) => checkable(Some(f)),
                    _ => None,
                },
                ..Constraints::default()
            },
            SchemaKind::Type(Type::Integer(t)) => Constraints {
                allowed_numbers: t.enumeration.iter().flatten().map(|v| *v as f64).collect(),
                minimum: t.minimum.map(|m| (m as f64, t.exclusive_minimum)),
                maximum: t.maximum.map(|m| (m as f64, t.exclusive_maximum)),
                multiple_of: t.multiple_of.map(|m| m as f64),
                ..Constraints::default()
            },
            SchemaKind::Type(Type::Number(t)) => Constraints {
                allowed_numbers: t.enumeration.iter().flatten().copied().collect(),
                minimum: t.minimum.map(|m| (m, t.exclusive_minimum)),
                maximum: t.maximum.map(|m| (m, t.exclusive_maximum)),
                multiple_of: t.multiple_of,
                ..Constraints::default()
            },
            SchemaKind::Type(Type::Array(t)) => Constraints {
                min_items: t.min_items,
                max_items: t.max_items,
                unique_items: t.unique_items,
                items: items(self, t.items.as_ref()),
                ..Constraints::default()
            },
            SchemaKind::Type(Type::Object(o)) => Constraints {
                min_properties: o.min_properties,
                max_properties: o.max_properties,
                items: values(self, o.additional_properties.as_ref()),
                keys: self.name_constraints(schema, depth),
                ..Constraints::default()
            },
            SchemaKind::Type(Type::Boolean(b)) => Constraints {
                allowed_values: boolean_enum_values(
                    b.enumeration
                        .iter()
                        .map(|v| v.map_or(serde_json::Value::Null, serde_json::Value::Bool))
                        .collect(),
                    schema.schema_data.nullable,
                ),
                ..Constraints::default()
            },
            SchemaKind::Any(a) => {
                let own = self.any_constraints(schema, a, depth);
                // Keywords beside an `allOf` of one reference add to the referenced schema's.
                let object =
                    ObjectPart::new(&a.properties, &a.required, a.additional_properties.as_ref());
                let members: Vec<SchemaRef<'_>> = a.all_of.iter().map(SchemaRef::of).collect();
                match self
                    .pass_through(&members, &object)
                    .filter(|_| !members.is_empty())
                {
                    Some(member) => {
                        let mut both = own.and(&self.constraints_of(member, depth - 1));
                        if schema.schema_data.nullable {
                            allow_null(&mut both.allowed_values);
                        }
                        both
                    }
                    None => own,
                }
            }
            SchemaKind::AllOf { all_of } => match self.pass_through(
                &all_of.iter().map(SchemaRef::of).collect::<Vec<_>>(),
                &ObjectPart::default(),
            ) {
                Some(member) => {
                    let mut constraints = self.constraints_of(member, depth - 1);
                    // `nullable` beside the reference allows `null` too.
                    if schema.schema_data.nullable {
                        allow_null(&mut constraints.allowed_values);
                    }
                    constraints
                }
                None => Constraints::default(),
            },
            _ => Constraints::default(),
        }
    }

    /// What a schema of mixed keywords states itself, its `allOf` members aside.
    fn any_constraints(
        &self,
        schema: &Schema,
        a: &openapiv3::AnySchema,
        depth: usize,
    ) -> Constraints {
        let checkable = |format: Option<&str>| {
            format
                .filter(|f| matches!(*f, "email" | "uri" | "uuid" | "date" | "date-time"))
                .map(str::to_owned)
        };
        let items = |items: Option<&ReferenceOr<Box<Schema>>>| {
            items
                .map(|i| self.constraints_of(SchemaRef::of_box(i), depth - 1))
                .filter(|c| !c.is_empty())
                .map(Box::new)
        };
        let values = |additional: Option<&AdditionalProperties>| match additional {
            Some(AdditionalProperties::Schema(value)) => {
                Some(self.constraints_of(SchemaRef::of(value), depth - 1))
                    .filter(|c| !c.is_empty())
                    .map(Box::new)
            }
            _ => None,
        };
        Constraints {
            min_length: a.min_length,
            max_length: a.max_length,
            pattern: a.pattern.clone(),
            format: checkable(a.format.as_deref()),
            minimum: a.minimum.map(|m| (m, a.exclusive_minimum.unwrap_or(false))),
            maximum: a.maximum.map(|m| (m, a.exclusive_maximum.unwrap_or(false))),
            multiple_of: a.multiple_of,
            min_items: a.min_items,
            max_items: a.max_items,
            unique_items: a.unique_items.unwrap_or(false),
            min_properties: a.min_properties,
            max_properties: a.max_properties,
            keys: self.name_constraints(schema, depth),
            // An array's items, or a map's values: `shape` reads the schema as one or the
            // other, and `Constraints::for_ty` keeps what concerns the type it became.
            items: match shape(schema) {
                Ok(Shape::Object(_)) => values(a.additional_properties.as_ref()),
                _ => items(a.items.as_ref()),
            },
            allowed_numbers: if matches!(a.typ.as_deref(), Some("integer" | "number")) {
                a.enumeration
                    .iter()
                    .filter_map(serde_json::Value::as_f64)
                    .collect()
            } else {
                Vec::new()
            },
            allowed_values: if a.typ.as_deref() == Some("boolean") {
                boolean_enum_values(a.enumeration.clone(), schema.schema_data.nullable)
            } else {
                mixed_enum_values(schema)
            },
        }
    }

    /// What an object schema states on its properties as a whole.
    pub(super) fn object_constraints(&self, schema: &Schema) -> ObjectConstraints {
        ObjectConstraints {
            names: self.name_constraints(schema, MAX_DEPTH),
            dependent_required: self
                .facts(schema)
                .map(|facts| facts.dependent_required.clone())
                .unwrap_or_default(),
            ..object_constraints(schema)
        }
    }

    /// The constraints each property name of an object must satisfy (a 3.1 schema's
    /// `propertyNames`, and the pattern of its `patternProperties`, which `openapi31` reports
    /// in its facts): a length and a pattern, and the names allowed when `propertyNames` is an
    /// enum (in place, or a `$ref` to one).
    pub(super) fn name_constraints(
        &self,
        schema: &Schema,
        depth: usize,
    ) -> Option<Box<Constraints>> {
        let facts = self.facts(schema);
        let names = facts
            .and_then(|facts| facts.property_names.as_ref())
            .and_then(|names| serde_json::from_value::<ReferenceOr<Schema>>(names.clone()).ok());
        let mut constraints = match &names {
            Some(names) => {
                let mut constraints =
                    self.constraints_of(SchemaRef::of(names), depth.saturating_sub(1));
                let schema = match names {
                    ReferenceOr::Item(schema) => Some(schema),
                    ReferenceOr::Reference { reference } => {
                        self.component_item(reference, "").ok().map(|(_, s)| s)
                    }
                };
                // An enum of names, typed (read by `shape`) or not.
                let names = match schema.map(|s| (shape(s), enum_values(s))) {
                    Some((Ok(Shape::String { values, .. }), _)) if !values.is_empty() => values,
                    Some((_, Ok(Some(values)))) => values
                        .into_iter()
                        .filter_map(|value| match value {
                            Wire::String(name) => Some(name),
                            Wire::Integer(_) => None,
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                constraints.allowed_values =
                    names.into_iter().map(serde_json::Value::String).collect();
                constraints
            }
            None => Constraints::default(),
        };
        if let Some(pattern) = facts.and_then(|facts| facts.name_pattern.as_deref()) {
            constraints = Constraints {
                pattern: Some(pattern.to_owned()),
                ..Constraints::default()
            }
            .and(&constraints);
        }
        let constraints = Constraints {
            min_length: constraints.min_length,
            max_length: constraints.max_length,
            pattern: constraints.pattern,
            allowed_values: constraints.allowed_values,
            ..Constraints::default()
        };
        (!constraints.is_empty()).then(|| Box::new(constraints))
    }

    /// The constraints component `name` states on its value when it is a plain value (an alias,
    /// directly or through a reference or an `allOf` of one member); structs, enums and unions
    /// check themselves.
    pub(super) fn component_constraints(&self, name: &str, depth: usize) -> Constraints {
        match self.component_schema(name) {
            Some(ReferenceOr::Item(s))
                if is_plain_value(s) || matches!(s.schema_kind, SchemaKind::AllOf { .. }) =>
            {
                self.constraints_of(SchemaRef::Item(s), depth)
            }
            Some(ReferenceOr::Reference { reference }) => {
                self.constraints_of(SchemaRef::Ref(reference), depth)
            }
            _ => Constraints::default(),
        }
    }
}
