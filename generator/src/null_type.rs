//! Stage 3b: `type: "null"` alternatives, which OpenAPI 3.0 does not have but published 3.0
//! documents use (OpenAI's, converted from 3.1): `anyOf: [{type: string}, {type: "null"}]`.
//!
//! Each such alternative is removed from its `oneOf`/`anyOf` and the schema made `nullable`,
//! which is what 3.0 writes for "this, or `null`", with a warning in a 3.0 document. What is left is written the
//! way a 3.0 document would write it: one `$ref` as `allOf: [$ref]` beside `nullable`, one
//! schema written in place as the schema itself, several as the `oneOf`/`anyOf` of them. Every
//! piece that moves is recorded in [`Sources::origins`], so later messages about it still name
//! the line where it was written, and a schema that moves takes its 3.1 facts along
//! ([`Facts::moved`]). A `type: "null"` anywhere else is left for `lower`, which
//! refuses it, in a 3.0 document; in a 3.1 document it is a nullable `enum` of `null`.

use serde_json::{Map, Value};

use crate::error::{Diag, join};
use crate::load::Sources;
use crate::openapi31::Facts;
use crate::validate::Version;

/// Keys beside `oneOf`/`anyOf` that give a schema a shape of its own. A schema with any of them
/// keeps its alternatives as a list, even when only one is left.
const SHAPE_KEYS: &[&str] = &[
    "type",
    "properties",
    "additionalProperties",
    "items",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "enum",
    "discriminator",
    "required",
    "$ref",
];

/// Rewrites every `type: "null"` alternative of the bundled document `root`. In a 3.0 document
/// each is reported, since 3.0 has no such type, and a `type: "null"` anywhere else is left
/// for `lower` to refuse. In a 3.1 document it is how `null` is written: reading it as
/// `nullable` loses nothing, and a schema of `null` alone is 3.0's way of saying it, a
/// nullable `enum` of `null` (any JSON value, checked to be `null` before sending).
pub(crate) fn rewrite(
    root: &mut Value,
    sources: &mut Sources,
    facts: &mut Facts,
    version: Version,
) -> Vec<Diag> {
    let mut warnings = Vec::new();
    crate::walk::schemas(root, &mut |map, at| {
        for keyword in ["oneOf", "anyOf"] {
            rewrite_alternatives(map, keyword, at, sources, facts, &mut warnings);
        }
        // Alternatives are rewritten before the walk reaches them: this one stands alone.
        if version == Version::V3_1 && map.get("type").and_then(Value::as_str) == Some("null") {
            sources.moved(&join(at, "enum"), &join(at, "type"));
            map.remove("type");
            map.insert("nullable".into(), Value::Bool(true));
            map.insert("enum".into(), Value::Array(vec![Value::Null]));
        }
    });
    if version == Version::V3_1 {
        warnings.clear();
    }
    warnings
}

/// Whether `member` is a `type: "null"` schema: that type and at most documentation beside it.
fn is_null_type(member: &Value) -> bool {
    let Some(map) = member.as_object() else {
        return false;
    };
    map.get("type").and_then(Value::as_str) == Some("null")
        && map.keys().all(|k| {
            matches!(k.as_str(), "type" | "description" | "title" | "nullable")
                || k.starts_with("x-")
        })
}

fn rewrite_alternatives(
    map: &mut Map<String, Value>,
    keyword: &str,
    at: &str,
    sources: &mut Sources,
    facts: &mut Facts,
    warnings: &mut Vec<Diag>,
) {
    let Some(Value::Array(members)) = map.get(keyword) else {
        return;
    };
    if !members.iter().any(is_null_type) {
        return;
    }
    let list_at = join(at, keyword);
    // The members that stay, each with its index as written.
    let mut kept = Vec::new();
    if let Some(Value::Array(members)) = map.remove(keyword) {
        for (index, member) in members.into_iter().enumerate() {
            if is_null_type(&member) {
                // Pointed at the list, which stays where it was written: the members' pointers
                // change below.
                warnings.push(Diag::new(
                    list_at.clone(),
                    format!(
                        "alternative `{keyword}/{index}` is `type: \"null\"`, which is not OpenAPI 3.0 (it is 3.1): the schema is read as `nullable: true` without it"
                    ),
                ));
            } else {
                kept.push((index, member));
            }
        }
    }
    map.insert("nullable".into(), Value::Bool(true));
    let shaped = map.keys().any(|k| SHAPE_KEYS.contains(&k.as_str()));
    match kept.as_slice() {
        [] => {}
        [(index, member)] if !shaped && member.get("$ref").is_some() => {
            let from = join(&list_at, &index.to_string());
            sources.moved(&join(&join(at, "allOf"), "0"), &from);
            facts.moved(&join(&join(at, "allOf"), "0"), &from);
            let member = kept.remove(0).1;
            map.insert("allOf".into(), Value::Array(vec![member]));
        }
        [(index, Value::Object(_))] if !shaped => {
            let from = join(&list_at, &index.to_string());
            let Some((_, Value::Object(member))) = kept.pop() else {
                return;
            };
            facts.moved(at, &from);
            // The alternative's keys describe the value; where the outer schema says the same
            // (its `description`), it speaks for the property and is kept.
            for (key, value) in member {
                if key == "nullable" || map.contains_key(&key) {
                    continue;
                }
                sources.moved(&join(at, &key), &join(&from, &key));
                map.insert(key, value);
            }
        }
        _ => {
            for (position, (index, _)) in kept.iter().enumerate() {
                if position != *index {
                    let (to, from) = (
                        join(&list_at, &position.to_string()),
                        join(&list_at, &index.to_string()),
                    );
                    sources.moved(&to, &from);
                    facts.moved(&to, &from);
                }
            }
            let members = kept.into_iter().map(|(_, member)| member).collect();
            map.insert(keyword.into(), Value::Array(members));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Rewrites `schema` as the component schema `S`, with pointers given relative to it.
    fn rewritten(schema: Value) -> (Value, Vec<String>, Vec<(String, String)>) {
        crate::walk::rewrite_component("3.0.3", schema, |document, sources| {
            rewrite(document, sources, &mut Facts::default(), Version::V3_0)
        })
    }

    #[test]
    fn one_alternative_in_place_becomes_the_schema() {
        let (schema, warnings, moves) = rewritten(json!({
            "description": "Outer.",
            "anyOf": [{"type": "null"}, {"type": "string", "description": "Inner.", "maxLength": 3}]
        }));
        assert_eq!(
            schema,
            json!({"description": "Outer.", "nullable": true, "type": "string", "maxLength": 3})
        );
        assert_eq!(warnings, ["/anyOf"]);
        assert_eq!(
            moves,
            [
                ("/type".to_owned(), "/anyOf/1/type".to_owned()),
                ("/maxLength".to_owned(), "/anyOf/1/maxLength".to_owned()),
            ]
        );
    }

    #[test]
    fn one_reference_becomes_an_all_of_beside_nullable() {
        let (schema, _, moves) = rewritten(json!({
            "oneOf": [{"$ref": "#/components/schemas/Pet"}, {"type": "null", "description": "None."}]
        }));
        assert_eq!(
            schema,
            json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/Pet"}]})
        );
        assert_eq!(moves, [("/allOf/0".to_owned(), "/oneOf/0".to_owned())]);
    }

    #[test]
    fn several_alternatives_stay_a_list_and_remember_their_places() {
        let (schema, warnings, moves) = rewritten(json!({
            "properties": {"a": {"anyOf": [{"type": "string"}, {"type": "null"}, {"type": "integer"}]}}
        }));
        assert_eq!(
            schema,
            json!({"properties": {"a": {"anyOf": [{"type": "string"}, {"type": "integer"}], "nullable": true}}})
        );
        assert_eq!(warnings, ["/properties/a/anyOf"]);
        assert_eq!(
            moves,
            [(
                "/properties/a/anyOf/1".to_owned(),
                "/properties/a/anyOf/2".to_owned()
            )]
        );
    }

    #[test]
    fn a_schema_with_a_shape_of_its_own_keeps_its_alternatives() {
        let (schema, _, _) = rewritten(json!({
            "type": "object",
            "oneOf": [{"required": ["a"]}, {"type": "null"}]
        }));
        assert_eq!(
            schema,
            json!({"type": "object", "nullable": true, "oneOf": [{"required": ["a"]}]})
        );
    }

    #[test]
    fn only_null_leaves_a_nullable_schema_of_any_value() {
        let (schema, warnings, _) = rewritten(json!({"anyOf": [{"type": "null"}]}));
        assert_eq!(schema, json!({"nullable": true}));
        assert_eq!(warnings.len(), 1);
    }

    /// Names are not keywords: a property called `example` and a `default` response hold
    /// schemas like any other.
    #[test]
    fn schemas_are_found_under_any_name() {
        let nullable_string = || json!({"anyOf": [{"type": "string"}, {"type": "null"}]});
        let mut document = json!({
            "paths": {"/p": {"get": {"responses": {"default": {"content": {
                "application/json": {"schema": nullable_string()}
            }}}}}},
            "components": {"schemas": {"S": {"properties": {"example": nullable_string()}}}}
        });
        let warnings = rewrite(
            &mut document,
            &mut Sources::default(),
            &mut Facts::default(),
            Version::V3_0,
        );
        assert_eq!(
            warnings
                .iter()
                .map(|w| w.pointer.as_str())
                .collect::<Vec<_>>(),
            [
                "/paths/~1p/get/responses/default/content/application~1json/schema/anyOf",
                "/components/schemas/S/properties/example/anyOf",
            ]
        );
        let nullable = json!({"nullable": true, "type": "string"});
        assert_eq!(
            document["components"]["schemas"]["S"]["properties"]["example"],
            nullable
        );
    }

    #[test]
    fn data_and_other_alternatives_are_left_alone() {
        let data = json!({
            "example": {"anyOf": [{"type": "null"}]},
            "x-extra": {"anyOf": [{"type": "null"}]},
            "anyOf": [{"type": "null", "format": "odd"}, {"type": "string"}]
        });
        let (schema, warnings, moves) = rewritten(data.clone());
        assert_eq!(schema, data);
        assert!(warnings.is_empty() && moves.is_empty());
    }
}
