//! The 3.1 facts `openapi31` hands to lowering beside the document (`openapi31::Facts`: tuples,
//! names of properties, `dependentRequired`), found again by the parsed schema they are about:
//! each fact's JSON pointer is followed through the parsed document to its `Schema`, and
//! lowering asks by schema (`Context::facts`).
//!
//! It only reads: it follows pointers through the document (components, paths, operations,
//! parameters, bodies, responses, headers, and the subschemas of schemas) and decides nothing.

use std::collections::HashMap;

use openapiv3::{
    AdditionalProperties, MediaType, OpenAPI, Operation, Parameter, ParameterSchemaOrContent,
    RequestBody, Response, Schema, SchemaKind, Type,
};

use crate::error::unescape_segment;
use crate::openapi31::{Facts, SchemaFacts};

/// Each schema the facts are about, by its address in `doc` (which lowering only reads, so
/// addresses stay valid), with its facts. A pointer the parsed document has no schema at (a
/// place lowering does not read) is left out.
pub(super) fn by_schema<'a>(
    doc: &'a OpenAPI,
    facts: &'a Facts,
) -> HashMap<*const Schema, &'a SchemaFacts> {
    facts
        .schemas
        .iter()
        .filter_map(|(pointer, facts)| {
            let segments: Vec<String> = pointer.split('/').skip(1).map(unescape_segment).collect();
            let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
            let schema = schema_at(doc, &segments)?;
            Some((std::ptr::from_ref(schema), facts))
        })
        .collect()
}

/// The schema at `path` (a pointer's segments, unescaped) in the parsed document.
fn schema_at<'a>(doc: &'a OpenAPI, path: &[&str]) -> Option<&'a Schema> {
    match path {
        ["components", kind, name, rest @ ..] => {
            let components = doc.components.as_ref()?;
            match *kind {
                "schemas" => in_schema(components.schemas.get(*name)?.as_item()?, rest),
                "parameters" => in_parameter(components.parameters.get(*name)?.as_item()?, rest),
                "requestBodies" => in_body(components.request_bodies.get(*name)?.as_item()?, rest),
                "responses" => in_response(components.responses.get(*name)?.as_item()?, rest),
                "headers" => {
                    in_schema_or_content(&components.headers.get(*name)?.as_item()?.format, rest)
                }
                _ => None,
            }
        }
        ["paths", path, "parameters", index, rest @ ..] => {
            let item = doc.paths.paths.get(*path)?.as_item()?;
            in_parameter(
                item.parameters
                    .get(index.parse::<usize>().ok()?)?
                    .as_item()?,
                rest,
            )
        }
        ["paths", path, method, rest @ ..] => {
            let item = doc.paths.paths.get(*path)?.as_item()?;
            let (_, operation) = item.iter().find(|(m, _)| m == method)?;
            in_operation(operation, rest)
        }
        _ => None,
    }
}

fn in_operation<'a>(operation: &'a Operation, path: &[&str]) -> Option<&'a Schema> {
    match path {
        ["parameters", index, rest @ ..] => in_parameter(
            operation
                .parameters
                .get(index.parse::<usize>().ok()?)?
                .as_item()?,
            rest,
        ),
        ["requestBody", rest @ ..] => in_body(operation.request_body.as_ref()?.as_item()?, rest),
        ["responses", "default", rest @ ..] => {
            in_response(operation.responses.default.as_ref()?.as_item()?, rest)
        }
        ["responses", status, rest @ ..] => {
            let (_, response) = operation
                .responses
                .responses
                .iter()
                .find(|(code, _)| code.to_string().eq_ignore_ascii_case(status))?;
            in_response(response.as_item()?, rest)
        }
        _ => None,
    }
}

fn in_parameter<'a>(parameter: &'a Parameter, path: &[&str]) -> Option<&'a Schema> {
    in_schema_or_content(&parameter.parameter_data_ref().format, path)
}

fn in_schema_or_content<'a>(
    format: &'a ParameterSchemaOrContent,
    path: &[&str],
) -> Option<&'a Schema> {
    match (format, path) {
        (ParameterSchemaOrContent::Schema(schema), ["schema", rest @ ..]) => {
            in_schema(schema.as_item()?, rest)
        }
        (ParameterSchemaOrContent::Content(content), ["content", media_type, rest @ ..]) => {
            in_media(content.get(*media_type)?, rest)
        }
        _ => None,
    }
}

fn in_body<'a>(body: &'a RequestBody, path: &[&str]) -> Option<&'a Schema> {
    match path {
        ["content", media_type, rest @ ..] => in_media(body.content.get(*media_type)?, rest),
        _ => None,
    }
}

fn in_response<'a>(response: &'a Response, path: &[&str]) -> Option<&'a Schema> {
    match path {
        ["content", media_type, rest @ ..] => in_media(response.content.get(*media_type)?, rest),
        ["headers", name, rest @ ..] => {
            in_schema_or_content(&response.headers.get(*name)?.as_item()?.format, rest)
        }
        _ => None,
    }
}

fn in_media<'a>(media: &'a MediaType, path: &[&str]) -> Option<&'a Schema> {
    match path {
        ["schema", rest @ ..] => in_schema(media.schema.as_ref()?.as_item()?, rest),
        ["encoding", property, "headers", name, rest @ ..] => {
            let header = media.encoding.get(*property)?.headers.get(*name)?;
            in_schema_or_content(&header.as_item()?.format, rest)
        }
        _ => None,
    }
}

/// The schema at `path` under `schema`: itself, or one of its subschemas.
fn in_schema<'a>(schema: &'a Schema, path: &[&str]) -> Option<&'a Schema> {
    let kind = &schema.schema_kind;
    let (next, rest): (&'a Schema, &[&str]) = match path {
        [] => return Some(schema),
        ["properties", name, rest @ ..] => {
            let properties = match kind {
                SchemaKind::Type(Type::Object(o)) => &o.properties,
                SchemaKind::Any(a) => &a.properties,
                _ => return None,
            };
            (properties.get(*name)?.as_item()?, rest)
        }
        ["items", rest @ ..] => {
            let items = match kind {
                SchemaKind::Type(Type::Array(a)) => a.items.as_ref(),
                SchemaKind::Any(a) => a.items.as_ref(),
                _ => None,
            };
            (items?.as_item()?, rest)
        }
        ["additionalProperties", rest @ ..] => {
            let additional = match kind {
                SchemaKind::Type(Type::Object(o)) => o.additional_properties.as_ref(),
                SchemaKind::Any(a) => a.additional_properties.as_ref(),
                _ => None,
            };
            match additional? {
                AdditionalProperties::Schema(schema) => (schema.as_item()?, rest),
                AdditionalProperties::Any(_) => return None,
            }
        }
        ["not", rest @ ..] => {
            let not = match kind {
                SchemaKind::Not { not } => Some(not),
                SchemaKind::Any(a) => a.not.as_ref(),
                _ => None,
            };
            (not?.as_item()?, rest)
        }
        [keyword @ ("allOf" | "oneOf" | "anyOf"), index, rest @ ..] => {
            let members = match (kind, *keyword) {
                (SchemaKind::AllOf { all_of }, "allOf") => all_of,
                (SchemaKind::OneOf { one_of }, "oneOf") => one_of,
                (SchemaKind::AnyOf { any_of }, "anyOf") => any_of,
                (SchemaKind::Any(a), "allOf") => &a.all_of,
                (SchemaKind::Any(a), "oneOf") => &a.one_of,
                (SchemaKind::Any(a), "anyOf") => &a.any_of,
                _ => return None,
            };
            (members.get(index.parse::<usize>().ok()?)?.as_item()?, rest)
        }
        _ => return None,
    };
    in_schema(next, rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pointer_leads_to_its_schema_wherever_lowering_reads_one() {
        let doc: OpenAPI = serde_json::from_value(serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": true,
                    "schema": {"type": "string"}}],
                "post": {
                    "parameters": [{"name": "q", "in": "query",
                        "content": {"application/json": {"schema": {"type": "integer"}}}}],
                    "requestBody": {"content": {"multipart/form-data": {
                        "schema": {"type": "object", "properties": {"f": {"type": "string"}}},
                        "encoding": {"f": {"headers": {"X-A": {"schema": {"type": "boolean"}}}}}
                    }}},
                    "responses": {"2XX": {"description": "d", "headers": {
                        "X-B": {"schema": {"type": "array", "items": {"type": "number"}}}
                    }}}
                }
            }},
            "components": {"schemas": {"S": {
                "anyOf": [{"type": "string"}, {"additionalProperties": {"not": {}}}]
            }}}
        }))
        .unwrap();
        let kind = |pointer: &str| {
            let segments: Vec<String> = pointer.split('/').skip(1).map(unescape_segment).collect();
            let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
            schema_at(&doc, &segments).map(|s| match &s.schema_kind {
                SchemaKind::Type(Type::String(_)) => "string",
                SchemaKind::Type(Type::Integer(_)) => "integer",
                SchemaKind::Type(Type::Boolean(_)) => "boolean",
                SchemaKind::Type(Type::Number(_)) => "number",
                SchemaKind::Type(Type::Object(_)) => "object",
                SchemaKind::Not { .. } => "not",
                SchemaKind::Any(a) if a.not.is_some() => "not",
                _ => "other",
            })
        };
        const BODY: &str = "/paths/~1a~1{id}/post/requestBody/content/multipart~1form-data";
        for (pointer, expected) in [
            ("/paths/~1a~1{id}/parameters/0/schema", Some("string")),
            (
                "/paths/~1a~1{id}/post/parameters/0/content/application~1json/schema",
                Some("integer"),
            ),
            (&format!("{BODY}/schema"), Some("object")),
            (&format!("{BODY}/schema/properties/f"), Some("string")),
            (
                &format!("{BODY}/encoding/f/headers/X-A/schema"),
                Some("boolean"),
            ),
            (
                "/paths/~1a~1{id}/post/responses/2XX/headers/X-B/schema/items",
                Some("number"),
            ),
            ("/components/schemas/S/anyOf/0", Some("string")),
            (
                "/components/schemas/S/anyOf/1/additionalProperties",
                Some("not"),
            ),
            ("/components/schemas/S/oneOf/0", None),
            ("/components/schemas/T", None),
        ] {
            assert_eq!(kind(pointer), expected, "{pointer}");
        }
    }
}
