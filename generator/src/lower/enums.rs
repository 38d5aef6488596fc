//! Enums: string and integer `enum`s become Rust enums (an enum without `type` too, when its
//! values are all strings or all integers); a `number` enum stays `f64` with its values checked
//! in requests, and one that mixes kinds is any JSON value checked against its values. A
//! `type: string` enum listing numbers or booleans takes them as their text, with a warning.
//!
//! Reads schemas written in place only; it follows no reference.

use openapiv3::{AnySchema, Schema, SchemaKind, Type};

use crate::error::{Diag, join};
use crate::ir::*;
use crate::names::{Namespace, type_name};

/// The values of an integer enum, or of an enum without `type` whose values are all strings or
/// all integers: such a schema becomes a Rust enum. `null` is left out (it is what `nullable`
/// allows). Typed string enums are read by `shape`; an untyped enum that mixes kinds is not an
/// enum here and stays any JSON value.
pub(super) fn enum_values(schema: &Schema) -> Result<Option<Vec<Wire>>, String> {
    let (typ, values): (Option<&str>, Vec<serde_json::Value>) = match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(i)) => (
            Some("integer"),
            i.enumeration
                .iter()
                .flatten()
                .map(|v| (*v).into())
                .collect(),
        ),
        SchemaKind::Any(a) if !a.enumeration.is_empty() && is_plain_any(a) => {
            (a.typ.as_deref(), a.enumeration.clone())
        }
        _ => return Ok(None),
    };
    let values: Vec<&serde_json::Value> = values.iter().filter(|v| !v.is_null()).collect();
    if values.is_empty() {
        return Ok(None);
    }
    let integers: Option<Vec<Wire>> = values
        .iter()
        .map(|v| v.as_i64().map(Wire::Integer))
        .collect();
    let strings: Option<Vec<Wire>> = values
        .iter()
        .map(|v| v.as_str().map(|s| Wire::String(s.to_owned())))
        .collect();
    match (typ, integers, strings) {
        (Some("integer") | None, Some(integers), _) => Ok(Some(integers)),
        (Some("integer"), None, _) => {
            let odd = values.iter().find(|v| v.as_i64().is_none());
            Err(format!(
                "integer enum with a non-integer value {} is not supported",
                odd.map_or_else(String::new, |v| v.to_string())
            ))
        }
        (None, None, Some(strings)) => Ok(Some(strings)),
        _ => Ok(None),
    }
}

/// The values of a `type: string` enum that are numbers or booleans, which the enum takes as
/// their text.
pub(super) fn coerced_enum_values(schema: &Schema) -> Vec<&serde_json::Value> {
    match &schema.schema_kind {
        SchemaKind::Any(a) if a.typ.as_deref() == Some("string") => a
            .enumeration
            .iter()
            .filter(|v| v.is_number() || v.is_boolean())
            .collect(),
        _ => Vec::new(),
    }
}

/// The values of an enum without `type` that is not a Rust enum because its values mix kinds
/// (`[auto, 1, 2.5]`, `[1, "two", null]`, numbers that are not all integers): its type is any
/// JSON value, checked against these. `null` is added when the schema is `nullable`. Empty for
/// every other schema.
pub(super) fn mixed_enum_values(schema: &Schema) -> Vec<serde_json::Value> {
    let SchemaKind::Any(a) = &schema.schema_kind else {
        return Vec::new();
    };
    if a.typ.is_some() || a.enumeration.is_empty() || !is_plain_any(a) {
        return Vec::new();
    }
    if !matches!(enum_values(schema), Ok(None)) {
        return Vec::new();
    }
    let mut values = a.enumeration.clone();
    if schema.schema_data.nullable {
        allow_null(&mut values);
    }
    values
}

/// The values a boolean `enum` allows, checked as JSON values: `null` is added when the schema
/// is `nullable`. None when it lists both `true` and `false`: every value a `bool` can hold is
/// allowed, so there is nothing to check.
pub(super) fn boolean_enum_values(
    mut values: Vec<serde_json::Value>,
    nullable: bool,
) -> Vec<serde_json::Value> {
    let listed = |b: bool| values.contains(&serde_json::Value::Bool(b));
    if listed(true) && listed(false) {
        return Vec::new();
    }
    if nullable {
        allow_null(&mut values);
    }
    values
}

/// Adds `null` to the values of a mixed enum (none: no enum, nothing to add).
pub(super) fn allow_null(values: &mut Vec<serde_json::Value>) {
    if !values.is_empty() && !values.contains(&serde_json::Value::Null) {
        values.push(serde_json::Value::Null);
    }
}

/// Whether a schema parsed in the catch-all form says nothing but its type and value
/// constraints (no properties, items or combinations).
pub(super) fn is_plain_any(a: &AnySchema) -> bool {
    matches!(a.typ.as_deref(), None | Some("integer"))
        && a.properties.is_empty()
        && a.items.is_none()
        && a.additional_properties.is_none()
        && a.all_of.is_empty()
        && a.one_of.is_empty()
        && a.any_of.is_empty()
        && a.not.is_none()
}

/// The warning for a `type: string` enum that lists numbers or booleans, taken as their text.
pub(super) fn coerced_enum_warning(schema: &Schema, pointer: &str) -> Option<Diag> {
    let odd = coerced_enum_values(schema);
    if odd.is_empty() {
        return None;
    }
    let listed: Vec<String> = odd.iter().map(|v| v.to_string()).collect();
    Some(Diag::new(
        join(pointer, "enum"),
        format!(
            "a `type: string` enum lists {}, which are not strings: taken as the strings {}",
            listed.join(", "),
            listed
                .iter()
                .map(|v| format!("{v:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    ))
}

pub(super) fn define_enum(values: Vec<Wire>) -> TypeKind {
    let mut names = Namespace::default();
    let mut variants = Vec::new();
    for value in values {
        if variants.iter().any(|v: &Variant| v.wire == value) {
            continue;
        }
        let base = match &value {
            Wire::String(s) => type_name(s),
            // `V1`, `Minus1`: a number alone is not an identifier.
            Wire::Integer(n) if *n < 0 => type_name(&format!("minus {}", n.unsigned_abs())),
            Wire::Integer(n) => type_name(&format!("v{n}")),
        };
        variants.push(Variant {
            rust: names.claim(&base, false),
            wire: value,
        });
    }
    let other = ["Other", "Unknown", "UnknownValue"]
        .into_iter()
        .map(str::to_owned)
        .find(|candidate| !variants.iter().any(|v| v.rust == *candidate))
        .unwrap_or_else(|| names.claim("UnknownValue", false));
    TypeKind::Enum(Enum { variants, other })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schema(yaml: &str) -> Schema {
        serde_yaml::from_str(yaml).expect("a schema")
    }

    #[test]
    fn enums_of_one_kind_are_rust_enums() {
        assert_eq!(
            enum_values(&schema("{type: integer, enum: [1, 2]}")),
            Ok(Some(vec![Wire::Integer(1), Wire::Integer(2)]))
        );
        assert_eq!(
            enum_values(&schema("{enum: [a, b, null]}")),
            Ok(Some(vec![
                Wire::String("a".into()),
                Wire::String("b".into())
            ]))
        );
        // Mixed kinds stay any JSON value, checked against the values.
        assert_eq!(enum_values(&schema("{enum: [auto, 1]}")), Ok(None));
        assert_eq!(
            mixed_enum_values(&schema("{enum: [auto, 1], nullable: true}")),
            vec![json!("auto"), json!(1), json!(null)]
        );
    }

    #[test]
    fn a_boolean_enum_listing_both_values_checks_nothing() {
        assert!(boolean_enum_values(vec![json!(true), json!(false)], true).is_empty());
        assert_eq!(
            boolean_enum_values(vec![json!(true)], true),
            vec![json!(true), json!(null)]
        );
    }

    #[test]
    fn variants_are_identifiers_and_the_catch_all_avoids_them() {
        let TypeKind::Enum(e) = define_enum(vec![
            Wire::String("other".into()),
            Wire::String("in-progress".into()),
            Wire::String("other".into()),
        ]) else {
            panic!("an enum");
        };
        let names: Vec<&str> = e.variants.iter().map(|v| v.rust.as_str()).collect();
        assert_eq!(names, ["Other", "InProgress"]);
        assert_eq!(e.other, "Unknown");
        let TypeKind::Enum(e) = define_enum(vec![Wire::Integer(-1), Wire::Integer(2)]) else {
            panic!("an enum");
        };
        let names: Vec<&str> = e.variants.iter().map(|v| v.rust.as_str()).collect();
        assert_eq!(names, ["Minus1", "V2"]);
    }

    #[test]
    fn numbers_in_a_string_enum_are_taken_as_text_with_a_warning() {
        let warning =
            coerced_enum_warning(&schema("{type: string, enum: [3, a]}"), "/x").expect("a warning");
        assert_eq!(warning.pointer, "/x/enum");
        assert!(warning.message.contains(r#""3""#), "{}", warning.message);
        assert_eq!(
            coerced_enum_warning(&schema("{type: string, enum: [a]}"), "/x"),
            None
        );
    }
}
