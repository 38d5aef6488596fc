//! Schema shapes: what a schema describes (`Shape`), whichever way `openapiv3` parsed it, and
//! pure predicates over schemas written in place.
//!
//! `oneOf`/`anyOf` alternatives that only add `required` are constraints, not shapes
//! (`is_constraint_only`), and so are alternatives next to an object's properties that only
//! narrow them, or next to a primitive type that only narrow it, a `format` or an `enum`
//! (`narrows`); alternatives written in place next to an object's properties that each add
//! properties make a `Shape::Extended`. Narrowing alternatives are not checked, and get a warning
//! (`unchecked_narrowing_warning`, which returns it to the caller).
//!
//! Functions here read one schema and follow no reference: they look up no component, make no
//! type and keep no warning.

use openapiv3::{
    AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty,
};

use crate::error::{Diag, join};

/// A schema position: a reference, or a schema written in place.
#[derive(Clone, Copy)]
pub(super) enum SchemaRef<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> SchemaRef<'a> {
    pub(super) fn of(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Item(s),
        }
    }

    pub(super) fn of_box(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Item(s),
        }
    }
}

/// What a schema describes, whichever way `openapiv3` parsed it.
pub(super) enum Shape<'a> {
    Object(ObjectPart<'a>),
    Array(Option<SchemaRef<'a>>),
    String {
        format: Option<&'a str>,
        values: Vec<String>,
    },
    Integer {
        format: Option<&'a str>,
    },
    Number,
    Boolean,
    AllOf {
        members: Vec<SchemaRef<'a>>,
        own: ObjectPart<'a>,
    },
    /// Alternatives, each with its pointer relative to the schema (`oneOf/1`).
    Union {
        members: Vec<(SchemaRef<'a>, String)>,
    },
    /// An object with properties of its own and alternatives that each add other properties
    /// (written in place, or `$ref`s, checked once resolved): a struct of its own properties
    /// with the union of the alternatives beside them.
    Extended {
        object: ObjectPart<'a>,
        members: Vec<(SchemaRef<'a>, String)>,
        keyword: &'static str,
    },
    /// No constraint on the type: any JSON value.
    Any,
    /// A valid schema no Rust type can express (`not`, `allOf` with `oneOf`...): it becomes
    /// `serde_json::Value`, with a warning giving the reason.
    Unmodelled(String),
}

impl Shape<'_> {
    /// `string`, `integer`, `number` or `boolean` for a primitive shape (enums included).
    pub(super) fn primitive_kind(&self) -> Option<&'static str> {
        match self {
            Shape::String { .. } => Some("string"),
            Shape::Integer { .. } => Some("integer"),
            Shape::Number => Some("number"),
            Shape::Boolean => Some("boolean"),
            _ => None,
        }
    }
}

/// What a construct of a valid document comes to: something a Rust type is made of, or not
/// modelled, for a reason (the schema then becomes `serde_json::Value`, with a warning). An
/// invalid document is neither: it is a `Diag`.
pub(super) enum Modelled<T> {
    Yes(T),
    /// Not modelled: why, in words (the end of "schema not modelled, ...: why").
    Not(String),
}

const NOT_REASON: &str = "`not` cannot be expressed as a Rust type (a type cannot exclude a shape)";

/// The object-describing part of a schema.
#[derive(Default)]
pub(super) struct ObjectPart<'a> {
    pub(super) properties: Vec<(&'a str, SchemaRef<'a>)>,
    pub(super) required: Vec<&'a str>,
    pub(super) additional: Option<&'a AdditionalProperties>,
}

impl<'a> ObjectPart<'a> {
    pub(super) fn new(
        properties: impl IntoIterator<Item = (&'a String, &'a ReferenceOr<Box<Schema>>)>,
        required: &'a [String],
        additional: Option<&'a AdditionalProperties>,
    ) -> Self {
        ObjectPart {
            properties: properties
                .into_iter()
                .map(|(k, v)| (k.as_str(), SchemaRef::of_box(v)))
                .collect(),
            required: required.iter().map(String::as_str).collect(),
            additional,
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.properties.is_empty() && self.additional.is_none()
    }
}

pub(super) fn format_str<T>(
    format: &VariantOrUnknownOrEmpty<T>,
    known: impl Fn(&T) -> &'static str,
) -> Option<&str> {
    match format {
        VariantOrUnknownOrEmpty::Item(f) => Some(known(f)),
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

/// The primitive type of a schema (`string`, `integer`, `number` or `boolean`), enums included.
pub(super) fn primitive_kind(schema: &Schema) -> Option<&'static str> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => Some("string"),
        SchemaKind::Type(Type::Integer(_)) => Some("integer"),
        SchemaKind::Type(Type::Number(_)) => Some("number"),
        SchemaKind::Type(Type::Boolean(_)) => Some("boolean"),
        _ => None,
    }
}

/// The primitive type of a schema that states nothing but that type (and documentation, and
/// perhaps `nullable`): no format, enum, bounds or pattern.
pub(super) fn bare_primitive(schema: &Schema) -> Option<&'static str> {
    let bare = match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            s.format == VariantOrUnknownOrEmpty::Empty
                && s.pattern.is_none()
                && s.enumeration.is_empty()
                && s.min_length.is_none()
                && s.max_length.is_none()
        }
        SchemaKind::Type(Type::Integer(i)) => {
            i.format == VariantOrUnknownOrEmpty::Empty
                && i.multiple_of.is_none()
                && i.minimum.is_none()
                && i.maximum.is_none()
                && i.enumeration.is_empty()
        }
        SchemaKind::Type(Type::Number(n)) => {
            n.format == VariantOrUnknownOrEmpty::Empty
                && n.multiple_of.is_none()
                && n.minimum.is_none()
                && n.maximum.is_none()
                && n.enumeration.is_empty()
        }
        SchemaKind::Type(Type::Boolean(b)) => b.enumeration.is_empty(),
        _ => false,
    };
    bare.then(|| primitive_kind(schema)).flatten()
}

/// Whether a schema of mixed keywords has no items, map values or composition: nothing that
/// makes an array, a map or a union.
pub(super) fn no_structure(a: &AnySchema) -> bool {
    a.items.is_none()
        && a.additional_properties.is_none()
        && a.all_of.is_empty()
        && a.one_of.is_empty()
        && a.any_of.is_empty()
        && a.not.is_none()
}

/// Whether a schema only adds validation rules (`required`, bounds) and no shape: such members
/// of `anyOf`/`oneOf`/`allOf` do not change the Rust type.
pub(super) fn is_constraint_only(r: SchemaRef<'_>) -> bool {
    match r {
        SchemaRef::Ref(_) => false,
        SchemaRef::Item(s) => match &s.schema_kind {
            SchemaKind::Any(a) => {
                a.typ.is_none()
                    && a.properties.is_empty()
                    && no_structure(a)
                    && a.enumeration.is_empty()
                    && a.format.is_none()
            }
            SchemaKind::Type(Type::Object(o)) => {
                o.properties.is_empty() && o.additional_properties.is_none()
            }
            _ => false,
        },
    }
}

/// Whether `member`, an alternative next to an object's own properties, only narrows some of
/// them (`oneOf: [{required: [a], properties: {b: {enum: [x]}}}]`): it names no property the
/// object lacks, and gives the ones it names constraints but no type or shape of their own; or,
/// next to a primitive type, only narrows that type (`anyOf: [{format: date}]`). Like
/// [`is_constraint_only`] members, it does not change the Rust type.
pub(super) fn narrows(member: SchemaRef<'_>, own: &Shape<'_>) -> bool {
    let SchemaRef::Item(schema) = member else {
        return false;
    };
    // A primitive is narrowed by a `format`, an `enum`, a `pattern` or bounds, with its own
    // type or none (`type: string, anyOf: [{format: date}, {format: date-time}]`).
    if let Some(kind) = own.primitive_kind() {
        return match &schema.schema_kind {
            SchemaKind::Any(a) => {
                a.typ.as_deref().is_none_or(|t| t == kind)
                    && a.properties.is_empty()
                    && no_structure(a)
            }
            _ => primitive_kind(schema) == Some(kind),
        };
    }
    let Shape::Object(object) = own else {
        return false;
    };
    let properties = match &schema.schema_kind {
        SchemaKind::Any(a)
            if matches!(a.typ.as_deref(), None | Some("object"))
                && no_structure(a)
                && a.enumeration.is_empty() =>
        {
            &a.properties
        }
        SchemaKind::Type(Type::Object(o)) if o.additional_properties.is_none() => &o.properties,
        _ => return false,
    };
    properties.iter().all(|(name, property)| {
        let ReferenceOr::Item(property) = property else {
            return false;
        };
        let known = object.properties.iter().any(|(own, _)| own == name);
        let shapeless = matches!(&property.schema_kind, SchemaKind::Any(a)
            if a.typ.is_none() && a.properties.is_empty() && no_structure(a));
        known && shapeless
    })
}

pub(super) fn shape(schema: &Schema) -> Result<Shape<'_>, String> {
    Ok(match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => Shape::String {
            format: format_str(&s.format, |f| match f {
                openapiv3::StringFormat::Date => "date",
                openapiv3::StringFormat::DateTime => "date-time",
                openapiv3::StringFormat::Password => "password",
                openapiv3::StringFormat::Byte => "byte",
                openapiv3::StringFormat::Binary => "binary",
            }),
            values: s.enumeration.iter().flatten().cloned().collect(),
        },
        SchemaKind::Type(Type::Integer(i)) => Shape::Integer {
            format: format_str(&i.format, |f| match f {
                openapiv3::IntegerFormat::Int32 => "int32",
                openapiv3::IntegerFormat::Int64 => "int64",
            }),
        },
        SchemaKind::Type(Type::Number(_)) => Shape::Number,
        SchemaKind::Type(Type::Boolean(_)) => Shape::Boolean,
        SchemaKind::Type(Type::Array(a)) => Shape::Array(a.items.as_ref().map(SchemaRef::of_box)),
        SchemaKind::Type(Type::Object(o)) => Shape::Object(ObjectPart::new(
            &o.properties,
            &o.required,
            o.additional_properties.as_ref(),
        )),
        SchemaKind::AllOf { all_of } => Shape::AllOf {
            members: all_of.iter().map(SchemaRef::of).collect(),
            own: ObjectPart::default(),
        },
        SchemaKind::OneOf { one_of } => union_or_constraints(alternatives(one_of, &[]), None)?,
        SchemaKind::AnyOf { any_of } => union_or_constraints(alternatives(&[], any_of), None)?,
        SchemaKind::Not { .. } => Shape::Unmodelled(NOT_REASON.into()),
        SchemaKind::Any(a) => any_shape(a)?,
    })
}

/// The members of `oneOf` and `anyOf`, each with its pointer relative to the schema.
pub(super) fn alternatives<'a>(
    one_of: &'a [ReferenceOr<Schema>],
    any_of: &'a [ReferenceOr<Schema>],
) -> Vec<(SchemaRef<'a>, String)> {
    let one = one_of
        .iter()
        .enumerate()
        .map(|(i, m)| (SchemaRef::of(m), format!("oneOf/{i}")));
    let any = any_of
        .iter()
        .enumerate()
        .map(|(i, m)| (SchemaRef::of(m), format!("anyOf/{i}")));
    one.chain(any).collect()
}

/// A `oneOf`/`anyOf` whose members only add constraints is not a union: the type is `otherwise`.
pub(super) fn union_or_constraints<'a>(
    members: Vec<(SchemaRef<'a>, String)>,
    otherwise: Option<Shape<'a>>,
) -> Result<Shape<'a>, String> {
    let constraint = |m: SchemaRef<'_>| {
        is_constraint_only(m) || otherwise.as_ref().is_some_and(|own| narrows(m, own))
    };
    if members.iter().all(|(m, _)| constraint(*m)) {
        return Ok(otherwise.unwrap_or(Shape::Any));
    }
    // Own properties, and alternatives written in place that each add properties (none only
    // constrains: dropping it from the union would refuse the values only it allows).
    // Each alternative's properties must differ from the object's own, or the flattened
    // struct would write a property twice and read it once. A `$ref` is checked once resolved
    // (`Lowerer::define_extended`).
    if let Some(Shape::Object(object)) = otherwise {
        let adds = |m: &SchemaRef<'_>| match m {
            SchemaRef::Item(s) => match shape(s) {
                Ok(Shape::Object(o)) => {
                    !o.properties.is_empty()
                        && o.additional.is_none()
                        && o.properties
                            .iter()
                            .all(|(name, _)| object.properties.iter().all(|(own, _)| own != name))
                }
                _ => false,
            },
            SchemaRef::Ref(_) => true,
        };
        if !object.properties.is_empty()
            && object.additional.is_none()
            && members.iter().all(|(m, _)| adds(m))
        {
            let keyword = if members[0].1.starts_with("oneOf") {
                "oneOf"
            } else {
                "anyOf"
            };
            return Ok(Shape::Extended {
                object,
                members,
                keyword,
            });
        }
        return Ok(Shape::Unmodelled(
            "the schema has both its own type or properties and `oneOf`/`anyOf` alternatives of other shapes".into(),
        ));
    }
    if otherwise.is_some() {
        return Ok(Shape::Unmodelled(
            "the schema has both its own type or properties and `oneOf`/`anyOf` alternatives of other shapes".into(),
        ));
    }
    Ok(Shape::Union {
        members: members
            .into_iter()
            .filter(|(m, _)| !is_constraint_only(*m))
            .collect(),
    })
}

/// Classifies the catch-all form `openapiv3` uses for schemas that mix keywords.
pub(super) fn any_shape(a: &AnySchema) -> Result<Shape<'_>, String> {
    let object = ObjectPart::new(&a.properties, &a.required, a.additional_properties.as_ref());
    if !a.all_of.is_empty() {
        if !a.one_of.is_empty() || !a.any_of.is_empty() {
            let members = alternatives(&a.one_of, &a.any_of);
            if !members.iter().all(|(m, _)| is_constraint_only(*m)) {
                return Ok(Shape::Unmodelled(
                    "`allOf` combined with `oneOf`/`anyOf` alternatives".into(),
                ));
            }
        }
        return Ok(Shape::AllOf {
            members: a.all_of.iter().map(SchemaRef::of).collect(),
            own: object,
        });
    }
    if a.not.is_some() && a.typ.is_none() {
        return Ok(Shape::Unmodelled(NOT_REASON.into()));
    }
    let own = match a.typ.as_deref() {
        Some("object") => Some(Shape::Object(object)),
        None if !object.is_empty() => Some(Shape::Object(object)),
        Some("array") => Some(Shape::Array(a.items.as_ref().map(SchemaRef::of_box))),
        None if a.items.is_some() => Some(Shape::Array(a.items.as_ref().map(SchemaRef::of_box))),
        Some("string") => {
            let mut values = Vec::new();
            for value in &a.enumeration {
                match value {
                    serde_json::Value::String(s) => values.push(s.clone()),
                    serde_json::Value::Null => {}
                    // `type: string` decides: `3` (YAML's reading of an unquoted value) is the
                    // string "3". `lower` warns (`coerced_enum_values`).
                    serde_json::Value::Number(_) | serde_json::Value::Bool(_) => {
                        values.push(value.to_string())
                    }
                    other => {
                        return Err(format!(
                            "string enum with a non-string value {other} is not supported"
                        ));
                    }
                }
            }
            Some(Shape::String {
                format: a.format.as_deref(),
                values,
            })
        }
        Some("integer") => Some(Shape::Integer {
            format: a.format.as_deref(),
        }),
        Some("number") => Some(Shape::Number),
        Some("boolean") => Some(Shape::Boolean),
        Some("null") => {
            return Err(
                "`type: \"null\"` is not OpenAPI 3.0 (it is 3.1); write `nullable: true` on the schema that may be null (as a `oneOf`/`anyOf` alternative it is read that way)"
                    .into(),
            );
        }
        Some(other) => return Err(format!("unknown schema type {other:?}")),
        None => None,
    };
    let members = alternatives(&a.one_of, &a.any_of);
    if members.is_empty() {
        return Ok(own.unwrap_or(Shape::Any));
    }
    // `type: object` next to alternatives of their own shape, with nothing else of its own,
    // adds no shape.
    let shaped = !members
        .iter()
        .all(|(m, _)| is_constraint_only(*m) || own.as_ref().is_some_and(|own| narrows(*m, own)));
    let own = own.filter(|o| !(shaped && matches!(o, Shape::Object(object) if object.is_empty())));
    union_or_constraints(members, own)
}

/// The `required` list of a schema that has one.
pub(super) fn required_of(schema: &Schema) -> Vec<&str> {
    match &schema.schema_kind {
        SchemaKind::Any(a) => a.required.iter().map(String::as_str).collect(),
        SchemaKind::Type(Type::Object(o)) => o.required.iter().map(String::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The description of an `allOf` member written in place, for an `allOf` that has none of its
/// own (`allOf: [$ref: AcrValue, {type: string, description: ...}]`).
pub(super) fn all_of_doc(schema: &Schema) -> Option<&str> {
    let members = match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => all_of,
        SchemaKind::Any(a) => &a.all_of,
        _ => return None,
    };
    members
        .iter()
        .filter_map(ReferenceOr::as_item)
        .find_map(schema_doc)
}

pub(super) fn schema_doc(schema: &Schema) -> Option<&str> {
    schema
        .schema_data
        .description
        .as_deref()
        .or(schema.schema_data.title.as_deref())
}

/// The warning for an object whose `oneOf`/`anyOf` alternatives narrow its own properties (see
/// [`narrows`]), or a primitive whose alternatives narrow its type: the schema is the object's
/// struct (or the primitive), and the alternatives are not checked before sending.
/// Alternatives that only list `required` properties are checked (`Struct::required_sets`) and
/// need none.
pub(super) fn unchecked_narrowing_warning(schema: &Schema, pointer: &str) -> Option<Diag> {
    let SchemaKind::Any(a) = &schema.schema_kind else {
        return None;
    };
    let (keyword, members) = if a.one_of.is_empty() {
        ("anyOf", &a.any_of)
    } else {
        ("oneOf", &a.one_of)
    };
    if members.iter().all(|m| is_constraint_only(SchemaRef::of(m))) {
        return None;
    }
    // Alternatives that are not mere constraints and still leave the schema its own type
    // narrowed it.
    let narrowed = match shape(schema) {
        Ok(Shape::Object(_)) => {
            "properties of the object (an `enum` or bounds on a property); the type is the object's"
        }
        Ok(own) if own.primitive_kind().is_some() => {
            "its type (a `format`, an `enum`, a `pattern` or bounds); the type is the schema's own"
        }
        _ => return None,
    };
    Some(Diag::new(
        join(pointer, keyword),
        format!(
            "the `{keyword}` alternatives narrow {narrowed}, and these alternatives are not checked before a request is sent"
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(yaml: &str) -> Schema {
        serde_yaml::from_str(yaml).expect("a schema")
    }

    #[test]
    fn a_primitive_is_its_type_with_its_format_and_values() {
        let date = schema("{type: string, format: date}");
        assert!(matches!(
            shape(&date),
            Ok(Shape::String { format: Some("date"), values }) if values.is_empty()
        ));
        let int = schema("{type: integer, format: int32}");
        assert!(matches!(
            shape(&int),
            Ok(Shape::Integer {
                format: Some("int32")
            })
        ));
        assert!(matches!(shape(&schema("{}")), Ok(Shape::Any)));
        assert!(shape(&schema("{type: 'null'}")).is_err());
    }

    #[test]
    fn alternatives_that_only_add_required_are_constraints() {
        assert!(is_constraint_only(SchemaRef::Item(&schema(
            "{required: [a]}"
        ))));
        assert!(!is_constraint_only(SchemaRef::Item(&schema(
            "{type: object, properties: {a: {type: string}}}"
        ))));
        assert!(!is_constraint_only(SchemaRef::Ref(
            "#/components/schemas/Pet"
        )));
        let only_required = schema("{oneOf: [{required: [a]}, {required: [b]}]}");
        assert!(matches!(shape(&only_required), Ok(Shape::Any)));
    }

    #[test]
    fn an_alternative_narrows_only_what_the_schema_already_has() {
        let own = schema("{type: object, properties: {a: {type: string}, b: {type: string}}}");
        let own = shape(&own).expect("an object");
        let narrows_b = schema("{required: [a], properties: {b: {enum: [x]}}}");
        assert!(narrows(SchemaRef::Item(&narrows_b), &own));
        let adds_c = schema("{properties: {c: {enum: [x]}}}");
        assert!(!narrows(SchemaRef::Item(&adds_c), &own));
        let retypes_b = schema("{properties: {b: {type: integer}}}");
        assert!(!narrows(SchemaRef::Item(&retypes_b), &own));

        let string = Shape::String {
            format: None,
            values: Vec::new(),
        };
        assert!(narrows(SchemaRef::Item(&schema("{format: date}")), &string));
        assert!(!narrows(
            SchemaRef::Item(&schema("{type: integer}")),
            &string
        ));
    }

    #[test]
    fn own_properties_beside_alternatives_that_add_others_are_extended() {
        let extended = schema(
            "{type: object, properties: {a: {type: string}}, oneOf: [{properties: {b: {type: string}}}, {properties: {c: {type: integer}}}]}",
        );
        assert!(matches!(
            shape(&extended),
            Ok(Shape::Extended { keyword: "oneOf", members, .. }) if members.len() == 2
        ));
        // An alternative that declares one of the object's own properties would be written twice.
        let overlapping = schema(
            "{type: object, properties: {a: {type: string}}, anyOf: [{properties: {a: {type: integer}, b: {type: string}}}]}",
        );
        assert!(matches!(shape(&overlapping), Ok(Shape::Unmodelled(_))));
        let all_of_and_one_of =
            schema("{allOf: [{type: object}], oneOf: [{type: string}, {type: integer}]}");
        assert!(matches!(
            shape(&all_of_and_one_of),
            Ok(Shape::Unmodelled(_))
        ));
    }

    #[test]
    fn narrowing_alternatives_are_reported_as_unchecked() {
        let narrowed = schema("{type: string, anyOf: [{format: date}, {format: date-time}]}");
        let warning =
            unchecked_narrowing_warning(&narrowed, "/components/schemas/When").expect("a warning");
        assert_eq!(warning.pointer, "/components/schemas/When/anyOf");
        let constraints = schema("{type: object, oneOf: [{required: [a]}]}");
        assert_eq!(
            unchecked_narrowing_warning(&constraints, "/components/schemas/A"),
            None
        );
    }
}
