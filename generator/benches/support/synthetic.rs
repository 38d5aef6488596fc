//! The synthetic spec the benchmarks measure: `operations` operations (a GET and a PUT per path),
//! each pair with its own 40-property schema (nested objects, enums, arrays, refs, long
//! descriptions) and a response example, about 10.7 KB of JSON per operation, as large public
//! specs are. Shared by `cargo bench -p openapi-client-gen` and `cargo xtask bench`, which
//! include this file.

use serde_json::{Value, json};

/// A synthetic spec with `operations` operations (a GET and a PUT per path), each path with its
/// own schema (nested objects, enums, arrays, refs, descriptions), written as JSON.
pub fn synthetic(operations: usize) -> Value {
    let mut paths = serde_json::Map::new();
    let mut schemas = serde_json::Map::new();
    for i in 0..operations.div_ceil(2) {
        let resource = format!("Resource{i}");
        let mut properties = serde_json::Map::new();
        for p in 0..40 {
            let property = match p % 6 {
                0 => {
                    json!({"type": "string", "description": format!("Field {p} of {resource}: a name, as shown to people. ").repeat(9), "maxLength": 200})
                }
                1 => {
                    json!({"type": "integer", "format": "int64", "minimum": 0, "description": "A count of things."})
                }
                2 => {
                    json!({"type": "string", "enum": ["active", "inactive", "pending", "archived"], "description": "The state."})
                }
                3 => {
                    json!({"type": "array", "items": {"type": "string", "format": "email"}, "description": "Addresses."})
                }
                4 => {
                    json!({"type": "object", "description": "Nested details.", "properties": {"city": {"type": "string"}, "zip": {"type": "string", "pattern": "^[0-9]{5}$"}, "tags": {"type": "array", "items": {"type": "string"}}}})
                }
                _ => json!({"$ref": "#/components/schemas/Shared"}),
            };
            properties.insert(format!("field_{p}"), property);
        }
        schemas.insert(resource.clone(), json!({"type": "object", "description": format!("The {resource} resource."), "required": ["field_0"], "properties": properties}));
        paths.insert(
            format!("/resources{i}/{{id}}"),
            json!({
                "get": {
                    "operationId": format!("get{resource}"),
                    "summary": format!("Read a {resource}."),
                    "description": long_description(&resource),
                    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}, {"name": "expand", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}}],
                    "responses": {
                        "200": {"description": "Found.", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{resource}")}, "example": example(&resource)}}},
                        "404": {"description": "Not found.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                        "default": {"description": "Error.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
                    }
                },
                "put": {
                    "operationId": format!("put{resource}"),
                    "description": long_description(&resource),
                    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{resource}")}}}},
                    "responses": {"200": {"description": "Updated.", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{resource}")}}}}}
                }
            }),
        );
    }
    schemas.insert("Shared".into(), json!({"type": "object", "properties": {"id": {"type": "string", "format": "uuid"}, "at": {"type": "string", "format": "date-time"}}}));
    schemas.insert("Error".into(), json!({"type": "object", "properties": {"code": {"type": "integer"}, "message": {"type": "string"}}}));
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Synthetic", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths,
        "components": {"schemas": schemas}
    })
}

/// A few paragraphs of Markdown, as large public specs write for each operation.
fn long_description(resource: &str) -> String {
    format!(
        "Works on one {resource}.\n\n**Permissions**: the token needs the `{resource}:write` scope for changes and `{resource}:read` to read. See [the guide](https://example.com/docs/{resource}) for the model.\n\n"
    )
    .repeat(6)
}

/// A response example: documents carry many, and generation ignores them.
fn example(resource: &str) -> Value {
    let mut object = serde_json::Map::new();
    for p in 0..40 {
        let value = match p % 6 {
            0 => json!(format!("{resource} sample name {p}")),
            1 => json!(p * 7),
            2 => json!("active"),
            3 => json!(["a@example.com", "b@example.com"]),
            4 => json!({"city": "Springfield", "zip": "12345", "tags": ["x", "y"]}),
            _ => {
                json!({"id": "6f1c1b2e-8a4e-4a43-9d3f-0a5b2f6b7c11", "at": "2024-01-02T03:04:05Z"})
            }
        };
        object.insert(format!("field_{p}"), value);
    }
    Value::Object(object)
}
