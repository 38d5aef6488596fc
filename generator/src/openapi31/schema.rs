//! One schema of a 3.1 document, rewritten into the 3.0 model before its subschemas (which the
//! walk visits next): `type: [T, "null"]` is `type: T` with `nullable: true`, several types a
//! `oneOf` of one schema per type (each with the keywords of its type); `const` a one-value
//! `enum`, and alternatives of one `const` each the `enum` of their values; the first of
//! `examples` the `example`; numeric `exclusiveMinimum`/`exclusiveMaximum` a bound with 3.0's
//! boolean flag; `contentEncoding: base64` `format: byte` and `contentMediaType` on a string
//! `format: binary`; `unevaluatedProperties` `additionalProperties` (left out beside
//! `allOf`/`oneOf`/`anyOf`, which it sees through); `true`/`false` as a
//! subschema `{}` and `not: {}`; a tuple (`prefixItems`) the properties `0`, `1`... of a schema
//! that [`Facts`] mark as a tuple, which `lower` makes a tuple struct.
//!
//! One `patternProperties` entry is the schema of the properties not listed; its pattern,
//! `propertyNames` and `dependentRequired` go into the schema's [`Facts`], which `lower`
//! checks.
//!
//! What 3.0 cannot say is reported: a constraint it has no keyword for (`contains`,
//! `unevaluatedItems`) is not checked, and a schema whose shape
//! depends on its value (`if`/`then`/`else`, `dependentSchemas`, several `patternProperties`)
//! is any JSON value, documented and warned about as `lower` does for `not`. 3.0's `nullable`
//! and boolean exclusive bounds, left in a 3.1 document, are read as 3.0 reads them, with a
//! warning.

use serde_json::{Map, Value};

use super::Facts;
use crate::error::{Diag, join};
use crate::load::Sources;

/// Keywords that only organise a schema (its identity, its definitions, comments); `$defs`
/// were imported as component schemas by `resolve` where referenced.
const ORGANISING: &[&str] = &[
    "$defs",
    "$schema",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$comment",
    "$vocabulary",
];

/// Keywords of a schema that document the value; a schema that becomes any JSON value keeps
/// them.
const DOC_KEYWORDS: &[&str] = &[
    "title",
    "description",
    "default",
    "example",
    "deprecated",
    "readOnly",
    "writeOnly",
    "nullable",
    "externalDocs",
];

/// Constraints 3.0 has no keyword for: removed, not checked before sending, with a warning. The
/// type stays what the other keywords say, which accepts every value the schema accepts.
const UNCHECKED: &[(&str, &str)] = &[
    ("contains", "what the array must contain is not checked"),
    ("minContains", "what the array must contain is not checked"),
    ("maxContains", "what the array must contain is not checked"),
    (
        "unevaluatedItems",
        "the items beyond those described are not checked",
    ),
];

/// Keywords whose schema depends on the value: the schema is any JSON value.
const UNMODELLED: &[(&str, &str)] = &[
    (
        "if",
        "`if`/`then`/`else` cannot be expressed as a Rust type (its shape depends on its value)",
    ),
    (
        "then",
        "`if`/`then`/`else` cannot be expressed as a Rust type (its shape depends on its value)",
    ),
    (
        "else",
        "`if`/`then`/`else` cannot be expressed as a Rust type (its shape depends on its value)",
    ),
    (
        "dependentSchemas",
        "`dependentSchemas` cannot be expressed as a Rust type (its shape depends on which properties are present)",
    ),
    ("$dynamicRef", "`$dynamicRef` is not supported"),
];

/// The keywords that belong to one `type`: a schema with several types gives each of its
/// alternatives the keywords of its type.
fn keyword_type(keyword: &str) -> Option<&'static str> {
    Some(match keyword {
        "maxLength" | "minLength" | "pattern" | "contentEncoding" | "contentMediaType"
        | "contentSchema" => "string",
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => "number",
        "items" | "prefixItems" | "minItems" | "maxItems" | "uniqueItems" | "contains"
        | "minContains" | "maxContains" | "unevaluatedItems" => "array",
        "properties"
        | "required"
        | "additionalProperties"
        | "minProperties"
        | "maxProperties"
        | "patternProperties"
        | "propertyNames"
        | "unevaluatedProperties"
        | "dependentRequired"
        | "dependentSchemas"
        | "discriminator" => "object",
        _ => return None,
    })
}

/// Whether a JSON value is of a JSON Schema type.
fn is_of_type(value: &Value, ty: &str) -> bool {
    match ty {
        "string" => value.is_string(),
        "integer" => value.as_f64().is_some_and(|n| n.fract() == 0.0),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        "null" => value.is_null(),
        _ => false,
    }
}

/// Rewrites one schema, at `at` (not its subschemas, which the walk visits next).
pub(super) fn rewrite(
    map: &mut Map<String, Value>,
    at: &str,
    sources: &mut Sources,
    facts: &mut Facts,
    warnings: &mut Vec<Diag>,
) {
    subschema_booleans(map);
    for key in ORGANISING {
        map.remove(*key);
    }
    if map.contains_key("nullable") {
        warnings.push(Diag::new(
            join(at, "nullable"),
            "`nullable` is OpenAPI 3.0, not 3.1 (which writes `type: [T, \"null\"]`): read as 3.0 reads it",
        ));
    }
    for bound in ["exclusiveMinimum", "exclusiveMaximum"] {
        if map.get(bound).is_some_and(Value::is_boolean) {
            warnings.push(Diag::new(
                join(at, bound),
                format!("a boolean `{bound}` is OpenAPI 3.0, not 3.1 (where it is the bound itself): read as 3.0 reads it"),
            ));
        }
    }
    const_alternatives(map, at, sources);
    if let Some(value) = map.remove("const") {
        sources.moved(&join(at, "enum"), &join(at, "const"));
        map.insert("enum".into(), Value::Array(vec![value]));
    }
    if let Some(Value::Array(_)) = map.get("type") {
        if let Some(reason) = type_list(map, at, sources) {
            unmodelled(map, at, reason, warnings);
            return;
        }
    }
    if let Some(Value::Array(examples)) = map.get("examples") {
        if !map.contains_key("example") {
            if let Some(first) = examples.first().cloned() {
                sources.moved(&join(at, "example"), &join(&join(at, "examples"), "0"));
                map.insert("example".into(), first);
            }
        }
        map.remove("examples");
    }
    exclusive_bounds(map, at, sources);
    content_keywords(map, at, sources);
    // Beside `allOf`/`oneOf`/`anyOf` it sees through them (the properties their schemas describe
    // are evaluated), which `additionalProperties` does not: it is left out, and a value of the
    // Rust type made, holding only properties some schema describes, meets it.
    let applicators = ["allOf", "oneOf", "anyOf"]
        .iter()
        .any(|k| map.contains_key(*k));
    if let Some(value) = map.remove("unevaluatedProperties").filter(|_| !applicators) {
        if !map.contains_key("additionalProperties") {
            sources.moved(
                &join(at, "additionalProperties"),
                &join(at, "unevaluatedProperties"),
            );
            map.insert("additionalProperties".into(), value);
        }
    }
    for (keyword, reason) in UNMODELLED {
        if map.contains_key(*keyword) {
            unmodelled(map, at, reason, warnings);
            return;
        }
    }
    if map.contains_key("patternProperties") {
        match pattern_properties(map, at, sources) {
            Ok(pattern) => facts.at(at).name_pattern = Some(pattern),
            Err(reason) => {
                unmodelled(map, at, reason, warnings);
                return;
            }
        }
    }
    // Kept for `lower`, which checks them; the names' schema in the 3.0 model, as any other.
    if let Some(mut names) = map.remove("propertyNames") {
        rewrite_apart(
            &mut names,
            &join(at, "propertyNames"),
            sources,
            facts,
            warnings,
        );
        facts.at(at).property_names = Some(names);
    }
    if let Some(Value::Object(entries)) = map.remove("dependentRequired") {
        facts.at(at).dependent_required = dependent_required(entries);
    }
    if let Some(positions) = map.remove("prefixItems") {
        if tuple(map, at, positions, sources, warnings) {
            facts.at(at).tuple = true;
        }
    }
    for (keyword, reason) in UNCHECKED {
        if map.remove(*keyword).is_some() {
            note(
                map,
                &format!("**Not modelled** (`{keyword}`): {reason} before a request is sent."),
            );
            warnings.push(Diag::new(
                join(at, keyword),
                format!("`{keyword}` is not modelled: {reason} before a request is sent"),
            ));
        }
    }
}

/// Rewrites a schema the walk does not reach (`propertyNames`, kept beside the document), at
/// `at`, with its subschemas, as the walk would.
fn rewrite_apart(
    schema: &mut Value,
    at: &str,
    sources: &mut Sources,
    facts: &mut Facts,
    warnings: &mut Vec<Diag>,
) {
    if let Value::Bool(allowed) = schema {
        *schema = if *allowed {
            Value::Object(Map::new())
        } else {
            serde_json::json!({"not": {}})
        };
    }
    let mut holder = serde_json::json!({ "schema": schema.take() });
    crate::walk::schemas(&mut holder, &mut |map, inner| {
        let inner = format!("{at}{}", inner.strip_prefix("/schema").unwrap_or(inner));
        rewrite(map, &inner, sources, facts, warnings);
    });
    if let Some(rewritten) = holder.get_mut("schema") {
        *schema = rewritten.take();
    }
}

/// A `oneOf`/`anyOf` whose alternatives are each one `const` (with at most a title, a
/// description and a type beside it) is how JSON Schema writes an enum whose values have
/// documentation of their own: it is that `enum` (`null` among the values makes it nullable).
/// The alternatives' descriptions are not kept.
fn const_alternatives(map: &mut Map<String, Value>, at: &str, sources: &mut Sources) {
    if map.contains_key("enum") {
        return;
    }
    for keyword in ["oneOf", "anyOf"] {
        let Some(Value::Array(members)) = map.get(keyword) else {
            continue;
        };
        let mut values = Vec::new();
        let mut types = Vec::new();
        for member in members {
            let Some(member) = member.as_object() else {
                return;
            };
            let simple = member.keys().all(|k| {
                matches!(k.as_str(), "const" | "title" | "description" | "type")
                    || k.starts_with("x-")
            });
            let (Some(value), true) = (member.get("const"), simple) else {
                return;
            };
            match member.get("type") {
                None => {}
                Some(Value::String(ty)) => types.push(ty.clone()),
                Some(_) => return,
            }
            values.push(value.clone());
        }
        if values.is_empty() {
            return;
        }
        map.remove(keyword);
        sources.moved(&join(at, "enum"), &join(at, keyword));
        if values.iter().any(Value::is_null) {
            map.insert("nullable".into(), Value::Bool(true));
        }
        // The type of them all, when each alternative states the same one.
        let all_typed = types.len() == values.len();
        types.dedup();
        if let ([ty], true, false) = (types.as_slice(), all_typed, map.contains_key("type")) {
            map.insert("type".into(), Value::String(ty.clone()));
        }
        map.insert("enum".into(), Value::Array(values));
        return;
    }
}

/// Adds a paragraph to the schema's description, which becomes its documentation.
fn note(map: &mut Map<String, Value>, text: &str) {
    let description = match map.get("description").and_then(Value::as_str) {
        Some(description) => format!("{description}\n\n{text}"),
        None => text.to_owned(),
    };
    map.insert("description".into(), Value::String(description));
}

/// `true` and `false` written as a subschema (any value, no value) become the schemas 3.0
/// writes for them: `{}` and `not: {}`.
fn subschema_booleans(map: &mut Map<String, Value>) {
    let as_schema = |value: &mut Value| {
        if let Value::Bool(allowed) = value {
            *value = if *allowed {
                Value::Object(Map::new())
            } else {
                serde_json::json!({"not": {}})
            };
        }
    };
    for (key, value) in map.iter_mut() {
        match key.as_str() {
            // `additionalProperties` (and `unevaluatedProperties`, which becomes it) may be a
            // boolean in 3.0 too.
            "items" | "not" => as_schema(value),
            "properties" | "patternProperties" => {
                if let Value::Object(entries) = value {
                    entries.values_mut().for_each(as_schema);
                }
            }
            "allOf" | "oneOf" | "anyOf" => {
                if let Value::Array(members) = value {
                    members.iter_mut().for_each(as_schema);
                }
            }
            _ => {}
        }
    }
}

/// `type` given as a list: `"null"` in it makes the schema `nullable`; one other type is the
/// schema's type; several become a `oneOf` of one schema per type, each with the keywords (and
/// `enum` values) of its type. Returns why the schema cannot be rewritten, if it cannot.
fn type_list(
    map: &mut Map<String, Value>,
    at: &str,
    sources: &mut Sources,
) -> Option<&'static str> {
    let Some(Value::Array(list)) = map.remove("type") else {
        return None;
    };
    let mut types: Vec<String> = Vec::new();
    let mut null = false;
    for ty in &list {
        match ty.as_str() {
            Some("null") => null = true,
            Some(ty) if !types.iter().any(|t| t == ty) => types.push(ty.to_owned()),
            Some(_) => {}
            None => return Some("its `type` list holds something other than type names"),
        }
    }
    // An `enum` without `null` still refuses it, whatever the types allow.
    let enum_refuses_null = map
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|values| !values.iter().any(Value::is_null));
    // Every integer is a number.
    if types.iter().any(|t| t == "number") {
        types.retain(|t| t != "integer");
    }
    match types.as_slice() {
        [] if null => {
            map.insert("type".into(), Value::String("null".into()));
            return None;
        }
        [] => return None,
        [one] => {
            map.insert("type".into(), Value::String(one.clone()));
        }
        _ => {
            if map.contains_key("oneOf") || map.contains_key("anyOf") {
                return Some(
                    "a `type` list beside `oneOf`/`anyOf` cannot be expressed as a Rust type",
                );
            }
            let mut alternatives = Vec::new();
            for (index, ty) in types.iter().enumerate() {
                let mut alternative = Map::new();
                alternative.insert("type".into(), Value::String(ty.clone()));
                let own = |keyword: &str| {
                    keyword_type(keyword)
                        .is_some_and(|k| k == ty || (k == "number" && ty == "integer"))
                        || (keyword == "format" && ty != "object" && ty != "array")
                };
                for (keyword, value) in map.iter() {
                    if own(keyword) {
                        alternative.insert(keyword.clone(), value.clone());
                    }
                }
                if let Some(Value::Array(values)) = map.get("enum") {
                    let values: Vec<Value> = values
                        .iter()
                        .filter(|v| is_of_type(v, ty))
                        .cloned()
                        .collect();
                    alternative.insert("enum".into(), Value::Array(values));
                }
                sources.moved(&join(&join(at, "oneOf"), &index.to_string()), at);
                alternatives.push(Value::Object(alternative));
            }
            map.retain(|keyword, _| {
                keyword_type(keyword).is_none() && keyword != "format" && keyword != "enum"
            });
            map.insert("oneOf".into(), Value::Array(alternatives));
        }
    }
    if null && !enum_refuses_null {
        map.insert("nullable".into(), Value::Bool(true));
    }
    None
}

/// Numeric `exclusiveMinimum`/`exclusiveMaximum` (3.1) become 3.0's bound with the boolean
/// flag; where the schema also has the inclusive bound, the stricter one is kept.
fn exclusive_bounds(map: &mut Map<String, Value>, at: &str, sources: &mut Sources) {
    for (exclusive, inclusive, stricter) in [
        ("exclusiveMinimum", "minimum", std::cmp::Ordering::Greater),
        ("exclusiveMaximum", "maximum", std::cmp::Ordering::Less),
    ] {
        let Some(Value::Number(bound)) = map.get(exclusive).cloned() else {
            continue;
        };
        let keep_inclusive = map
            .get(inclusive)
            .and_then(Value::as_f64)
            .zip(bound.as_f64())
            .and_then(|(own, excl)| own.partial_cmp(&excl))
            .is_some_and(|order| order == stricter);
        if keep_inclusive {
            map.remove(exclusive);
        } else {
            sources.moved(&join(at, inclusive), &join(at, exclusive));
            map.insert(inclusive.into(), Value::Number(bound));
            map.insert(exclusive.into(), Value::Bool(true));
        }
    }
}

/// `contentEncoding: base64` is 3.0's `format: byte`; a string with a `contentMediaType` (and
/// no encoding) holds the bytes of a file, 3.0's `format: binary`.
fn content_keywords(map: &mut Map<String, Value>, at: &str, sources: &mut Sources) {
    let encoding = map.remove("contentEncoding");
    let media_type = map.remove("contentMediaType");
    map.remove("contentSchema");
    let string = map.get("type").and_then(Value::as_str) == Some("string");
    if !string {
        return;
    }
    if let Some(encoding) = encoding {
        if encoding.as_str() == Some("base64") {
            sources.moved(&join(at, "format"), &join(at, "contentEncoding"));
            map.insert("format".into(), Value::String("byte".into()));
        }
    } else if media_type.is_some() && !map.contains_key("format") {
        sources.moved(&join(at, "format"), &join(at, "contentMediaType"));
        map.insert("format".into(), Value::String("binary".into()));
    }
}

/// `dependentRequired`: each property with the names its presence requires; an entry that is not
/// a list of names, or an empty one, is left out.
fn dependent_required(entries: Map<String, Value>) -> Vec<(String, Vec<String>)> {
    entries
        .into_iter()
        .filter_map(|(property, required)| {
            let required: Vec<String> = required
                .as_array()?
                .iter()
                .filter_map(|name| name.as_str().map(str::to_owned))
                .collect();
            (!required.is_empty()).then_some((property, required))
        })
        .collect()
}

/// One `patternProperties` entry, with no other additional properties allowed, is the schema
/// of the properties not listed in `properties` (a map, when there are none), whose names must
/// match the pattern (returned, for the schema's facts); anything else cannot be expressed.
fn pattern_properties(
    map: &mut Map<String, Value>,
    at: &str,
    sources: &mut Sources,
) -> Result<String, &'static str> {
    const REASON: &str = "several `patternProperties`, or `patternProperties` beside other additional properties, cannot be expressed as a Rust type";
    let Some(Value::Object(patterns)) = map.get("patternProperties") else {
        return Err(REASON);
    };
    let closed = matches!(
        map.get("additionalProperties"),
        None | Some(Value::Bool(false))
    );
    if patterns.len() != 1 || !closed {
        return Err(REASON);
    }
    let Some((pattern, value)) = patterns.iter().next().map(|(p, v)| (p.clone(), v.clone())) else {
        return Err(REASON);
    };
    let pattern_at = join(&join(at, "patternProperties"), &pattern);
    sources.moved(&join(at, "additionalProperties"), &pattern_at);
    map.remove("patternProperties");
    map.insert("additionalProperties".into(), value);
    Ok(pattern)
}

/// The most positions a tuple may have (the runtime's `tuple::Prefix` is implemented for Rust
/// tuples up to this length).
const MAX_POSITIONS: usize = 16;

/// `prefixItems` (a tuple) in the 3.0 model: the positions become the `properties` `0`, `1`...,
/// the items after them (`items`) `additionalProperties` (`false` when `items: false` or
/// `maxItems` leaves no room for more), without its `type`; returns whether the schema is now a
/// tuple. Decoding requires every position: where `minItems` allows a shorter array, that is
/// warned about. More positions than a Rust tuple takes are items of any value, warned about.
fn tuple(
    map: &mut Map<String, Value>,
    at: &str,
    positions: Value,
    sources: &mut Sources,
    warnings: &mut Vec<Diag>,
) -> bool {
    let Value::Array(positions) = positions else {
        return false;
    };
    if positions.is_empty() {
        return false;
    }
    if positions.len() > MAX_POSITIONS {
        map.remove("items");
        note(
            map,
            "**Not modelled:** `prefixItems` (a tuple) of more positions than a Rust tuple takes: the items are any JSON values (`serde_json::Value`), not checked before sending.",
        );
        warnings.push(Diag::new(
            join(at, "prefixItems"),
            format!("`prefixItems` of {} positions (more than {MAX_POSITIONS}) is not modelled: the array's items are `serde_json::Value`, and not checked before sending", positions.len()),
        ));
        return false;
    }
    let len = positions.len();
    let count = |key: &str| map.get(key).and_then(Value::as_u64);
    let full = count("maxItems").is_some_and(|max| max <= len as u64);
    if count("minItems").is_none_or(|min| min < len as u64) {
        warnings.push(Diag::new(
            join(at, "prefixItems"),
            format!("the tuple's {len} positions are all required: an array with fewer items, which `minItems` allows, is refused when decoding"),
        ));
    }
    let rest = match map.remove("items") {
        _ if full => Value::Bool(false),
        None => Value::Bool(true),
        Some(Value::Object(items))
            if items.len() == 1 && items.get("not") == Some(&Value::Object(Map::new())) =>
        {
            Value::Bool(false)
        }
        Some(items) => {
            sources.moved(&join(at, "additionalProperties"), &join(at, "items"));
            items
        }
    };
    let properties: Map<String, Value> = positions
        .into_iter()
        .enumerate()
        .map(|(i, schema)| {
            let schema = match schema {
                Value::Bool(true) => Value::Object(Map::new()),
                Value::Bool(false) => serde_json::json!({"not": {}}),
                other => other,
            };
            (i.to_string(), schema)
        })
        .collect();
    sources.moved(&join(at, "properties"), &join(at, "prefixItems"));
    map.remove("type");
    map.insert("properties".into(), Value::Object(properties));
    map.insert("additionalProperties".into(), rest);
    true
}

/// The schema becomes any JSON value (`serde_json::Value`), keeping its documentation, said in
/// its description and in a warning, as `lower` does for a schema no Rust type expresses.
fn unmodelled(map: &mut Map<String, Value>, at: &str, reason: &str, warnings: &mut Vec<Diag>) {
    map.retain(|key, _| DOC_KEYWORDS.contains(&key.as_str()) || key.starts_with("x-"));
    note(
        map,
        &format!(
            "**Not modelled:** {reason}. Any JSON value is accepted and kept as it is (`serde_json::Value`)."
        ),
    );
    warnings.push(Diag::new(
        at,
        format!("schema not modelled, it is `serde_json::Value`: {reason}"),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Rewrites `schema` as the component schema `S` of a 3.1 document; pointers relative to it.
    fn rewritten(schema: Value) -> (Value, Vec<String>, Vec<(String, String)>) {
        let (schema, warnings, moves, _) = rewritten_with_facts(schema);
        (schema, warnings, moves)
    }

    /// Like [`rewritten`], with the facts about the schema `S` itself.
    fn rewritten_with_facts(
        schema: Value,
    ) -> (
        Value,
        Vec<String>,
        Vec<(String, String)>,
        super::super::SchemaFacts,
    ) {
        let mut facts = Facts::default();
        let (schema, warnings, moves) =
            crate::walk::rewrite_component("3.1.0", schema, |document, sources| {
                let (warnings, found) = super::super::rewrite(document, sources).unwrap();
                facts = found;
                warnings
            });
        let own = facts.at("/components/schemas/S").clone();
        (schema, warnings, moves, own)
    }

    #[test]
    fn a_type_with_null_is_nullable() {
        let (schema, warnings, _) = rewritten(json!({"type": ["string", "null"], "maxLength": 3}));
        assert_eq!(
            schema,
            json!({"type": "string", "maxLength": 3, "nullable": true})
        );
        assert!(warnings.is_empty());
        let (schema, _, _) = rewritten(json!({"type": ["null"]}));
        assert_eq!(schema, json!({"type": "null"}));
    }

    #[test]
    fn an_enum_without_null_keeps_refusing_it() {
        let (schema, _, _) =
            rewritten(json!({"type": ["string", "integer", "null"], "enum": ["a", 1]}));
        assert!(schema.get("nullable").is_none(), "{schema}");
        let (schema, _, _) = rewritten(json!({"type": ["string", "null"], "enum": ["a"]}));
        assert_eq!(schema, json!({"type": "string", "enum": ["a"]}));
        let (schema, _, _) = rewritten(json!({"type": ["string", "null"], "enum": ["a", null]}));
        assert_eq!(
            schema,
            json!({"type": "string", "enum": ["a", null], "nullable": true})
        );
    }

    #[test]
    fn several_types_are_alternatives_with_the_keywords_of_each() {
        let (schema, _, moves) = rewritten(json!({
            "description": "Either.",
            "type": ["string", "integer", "null"],
            "minLength": 2,
            "minimum": 1,
            "enum": ["ab", 3, null]
        }));
        assert_eq!(
            schema,
            json!({
                "description": "Either.",
                "nullable": true,
                "oneOf": [
                    {"type": "string", "minLength": 2, "enum": ["ab"]},
                    {"type": "integer", "minimum": 1, "enum": [3]}
                ]
            })
        );
        // The alternatives' keywords are found where the schema wrote them.
        assert_eq!(
            moves,
            [
                ("/oneOf/0".to_owned(), String::new()),
                ("/oneOf/1".to_owned(), String::new())
            ]
        );
        // Every integer is a number.
        let (schema, _, _) = rewritten(json!({"type": ["integer", "number"]}));
        assert_eq!(schema, json!({"type": "number"}));
    }

    #[test]
    fn const_examples_and_bounds_take_their_3_0_form() {
        let (schema, warnings, moves) = rewritten(json!({
            "type": "number",
            "const": 5,
            "examples": [5, 6],
            "minimum": 1,
            "exclusiveMinimum": 2,
            "maximum": 9,
            "exclusiveMaximum": 10
        }));
        assert_eq!(
            schema,
            json!({
                "type": "number",
                "enum": [5],
                "example": 5,
                "minimum": 2,
                "exclusiveMinimum": true,
                "maximum": 9
            })
        );
        assert!(warnings.is_empty());
        assert_eq!(
            moves,
            [
                ("/enum".to_owned(), "/const".to_owned()),
                ("/example".to_owned(), "/examples/0".to_owned()),
                ("/minimum".to_owned(), "/exclusiveMinimum".to_owned()),
            ]
        );
    }

    #[test]
    fn alternatives_of_one_const_each_are_an_enum() {
        let (schema, _, moves) = rewritten(json!({
            "description": "A size.",
            "oneOf": [
                {"const": "s", "type": "string", "description": "Small."},
                {"const": "l", "type": "string", "title": "Large"}
            ]
        }));
        assert_eq!(
            schema,
            json!({"description": "A size.", "type": "string", "enum": ["s", "l"]})
        );
        assert_eq!(moves, [("/enum".to_owned(), "/oneOf".to_owned())]);
        // Anything more than a value is a union, as written.
        let (schema, _, _) = rewritten(json!({
            "anyOf": [{"const": "s"}, {"type": "string", "maxLength": 3}]
        }));
        assert_eq!(schema["anyOf"][0], json!({"enum": ["s"]}));
    }

    #[test]
    fn content_keywords_are_formats() {
        let (bytes, _, _) = rewritten(json!({"type": "string", "contentEncoding": "base64"}));
        assert_eq!(bytes, json!({"type": "string", "format": "byte"}));
        let (file, _, _) = rewritten(json!({"type": "string", "contentMediaType": "image/png"}));
        assert_eq!(file, json!({"type": "string", "format": "binary"}));
        let (map, _, _) = rewritten(json!({"type": "object", "unevaluatedProperties": false}));
        assert_eq!(
            map,
            json!({"type": "object", "additionalProperties": false})
        );
        // Beside alternatives, it is not `additionalProperties` (which would allow no property).
        let (union, _, _) = rewritten(json!({
            "unevaluatedProperties": false,
            "oneOf": [{"type": "object", "properties": {"a": {"type": "string"}}}]
        }));
        assert_eq!(
            union,
            json!({"oneOf": [{"type": "object", "properties": {"a": {"type": "string"}}}]})
        );
    }

    #[test]
    fn boolean_subschemas_are_schemas() {
        let (schema, _, _) = rewritten(json!({
            "type": "object",
            "properties": {"any": true, "none": false},
            "additionalProperties": false
        }));
        assert_eq!(
            schema,
            json!({
                "type": "object",
                "properties": {"any": {}, "none": {"not": {}}},
                "additionalProperties": false
            })
        );
    }

    #[test]
    fn a_tuple_is_marked_with_its_positions_as_properties() {
        let (schema, warnings, moves, facts) = rewritten_with_facts(json!({
            "type": "array",
            "prefixItems": [{"type": "string"}, true],
            "items": {"type": "integer"},
            "minItems": 2
        }));
        assert_eq!(
            schema,
            json!({
                "properties": {"0": {"type": "string"}, "1": {}},
                "additionalProperties": {"type": "integer"},
                "minItems": 2
            })
        );
        assert!(facts.tuple);
        assert!(warnings.is_empty());
        assert_eq!(
            moves,
            [
                ("/additionalProperties".to_owned(), "/items".to_owned()),
                ("/properties".to_owned(), "/prefixItems".to_owned()),
            ]
        );
        // Nothing may follow the positions, and fewer items than them are allowed: warned.
        let (schema, warnings, _) = rewritten(json!({
            "type": "array", "prefixItems": [{"type": "string"}], "items": false
        }));
        assert_eq!(schema["additionalProperties"], json!(false));
        assert_eq!(warnings, ["/prefixItems"]);
    }

    #[test]
    fn names_and_required_properties_are_kept_for_lower() {
        let (schema, warnings, _, facts) = rewritten_with_facts(json!({
            "type": "object",
            "properties": {"id": {"type": "string"}},
            "patternProperties": {"^x-": {"type": "string"}},
            "propertyNames": {"maxLength": 9},
            "dependentRequired": {"id": ["x-a"], "bad": "x", "none": []},
            "x-openapi31-tuple": true
        }));
        // A document's own extension stays what it was, whatever its name.
        assert_eq!(
            schema,
            json!({
                "type": "object",
                "properties": {"id": {"type": "string"}},
                "additionalProperties": {"type": "string"},
                "x-openapi31-tuple": true
            })
        );
        assert_eq!(
            facts,
            super::super::SchemaFacts {
                tuple: false,
                name_pattern: Some("^x-".into()),
                property_names: Some(json!({"maxLength": 9})),
                dependent_required: vec![("id".into(), vec!["x-a".into()])],
            }
        );
        assert!(warnings.is_empty());
    }

    #[test]
    fn the_names_schema_is_rewritten_like_any_other() {
        let (_, warnings, _, facts) = rewritten_with_facts(json!({
            "type": "object",
            "propertyNames": {
                "type": ["string", "null"],
                "oneOf": [{"const": "S"}, {"const": "L"}],
                "examples": ["S"]
            },
            "additionalProperties": {"type": "integer"}
        }));
        assert_eq!(
            facts.property_names,
            Some(json!({"type": "string", "enum": ["S", "L"], "example": "S"}))
        );
        assert!(warnings.is_empty());
        let (_, warnings, _, facts) = rewritten_with_facts(json!({
            "type": "object",
            "propertyNames": {"const": "a", "contains": {}, "allOf": [{"maxLength": 3, "exclusiveMinimum": 1}]}
        }));
        assert_eq!(
            facts.property_names,
            Some(json!({
                "enum": ["a"],
                "allOf": [{"maxLength": 3, "minimum": 1, "exclusiveMinimum": true}],
                "description": "**Not modelled** (`contains`): what the array must contain is not checked before a request is sent."
            }))
        );
        // Warned where it is written.
        assert_eq!(warnings, ["/propertyNames/contains"]);
        let (_, _, _, facts) =
            rewritten_with_facts(json!({"type": "object", "propertyNames": false}));
        assert_eq!(facts.property_names, Some(json!({"not": {}})));
    }

    #[test]
    fn what_3_0_cannot_say_is_reported() {
        let (schema, warnings, _) = rewritten(json!({
            "description": "Odd.",
            "type": "object",
            "if": {"required": ["a"]},
            "then": {"required": ["b"]}
        }));
        assert_eq!(
            schema["description"].as_str().unwrap().lines().next(),
            Some("Odd.")
        );
        assert!(schema.get("type").is_none() && schema.get("if").is_none());
        assert_eq!(warnings, [""]);
        let (_, warnings, _) = rewritten(json!({
            "type": "object",
            "properties": {"a": {"type": "string", "nullable": true}},
            "contains": {"maxLength": 3}
        }));
        assert_eq!(warnings, ["/contains", "/properties/a/nullable"]);
    }
}
