//! Stage 2: checks that a document is one this generator reads (OpenAPI 3.0.x), parses it into
//! `openapiv3` types, and checks the rules the types cannot express (unique operationIds).

use std::collections::HashMap;

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::error::{Diag, escape_segment, join};

/// Refuses anything but OpenAPI 3.0.x, saying what the document is instead.
pub(crate) fn check_version(root: &Value) -> Result<(), Diag> {
    let Value::Object(map) = root else {
        return Err(Diag::new(
            "",
            "the document must be a mapping with an `openapi` field",
        ));
    };
    if let Some(swagger) = map.get("swagger") {
        return Err(Diag::new(
            "/swagger",
            format!(
                "this is a Swagger {} document; only OpenAPI 3.0.x is supported (convert it to OpenAPI 3.0 first)",
                display(swagger)
            ),
        ));
    }
    match map.get("openapi") {
        None => Err(Diag::new(
            "",
            "missing `openapi` field: only OpenAPI 3.0.x documents are supported",
        )),
        Some(Value::String(v)) if is_3_0(v) => Ok(()),
        Some(Value::String(v)) if v.starts_with("3.1") => Err(Diag::new(
            "/openapi",
            format!(
                "OpenAPI {v} is not supported: only OpenAPI 3.0.x is (3.1 changes the schema dialect)"
            ),
        )),
        Some(other) => Err(Diag::new(
            "/openapi",
            format!(
                "unsupported `openapi` version {}: only OpenAPI 3.0.x is supported",
                display(other)
            ),
        )),
    }
}

fn is_3_0(version: &str) -> bool {
    version
        .strip_prefix("3.0.")
        .is_some_and(|patch| !patch.is_empty() && patch.chars().all(|c| c.is_ascii_digit()))
}

fn display(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Parses the bundled document into `openapiv3` types; a mismatch names the pointer.
pub(crate) fn parse(bundled: Value) -> Result<OpenAPI, Diag> {
    serde_path_to_error::deserialize(bundled).map_err(|e| {
        let mut pointer = String::new();
        for segment in e.path().iter() {
            match segment {
                serde_path_to_error::Segment::Seq { index } => {
                    pointer = join(&pointer, &index.to_string());
                }
                serde_path_to_error::Segment::Map { key } => pointer = join(&pointer, key),
                serde_path_to_error::Segment::Enum { .. }
                | serde_path_to_error::Segment::Unknown => {}
            }
        }
        Diag::new(
            pointer,
            format!("not a valid OpenAPI 3.0 document here: {}", e.inner()),
        )
    })
}

/// Checks rules of the OpenAPI specification that parsing does not enforce.
pub(crate) fn check(doc: &OpenAPI) -> Result<(), Diag> {
    let mut seen: HashMap<&str, String> = HashMap::new();
    for (path, item) in &doc.paths.paths {
        let Some(item) = item.as_item() else { continue };
        for (method, operation) in item.iter() {
            let Some(id) = operation.operation_id.as_deref() else {
                continue;
            };
            let here = format!("/paths/{}/{method}", escape_segment(path));
            if let Some(first) = seen.get(id) {
                return Err(Diag::new(
                    join(&here, "operationId"),
                    format!(
                        "duplicate operationId {id:?}: also used at #{first}; operationIds must be unique"
                    ),
                ));
            }
            seen.insert(id, here);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn accepts_only_3_0() {
        assert!(check_version(&json!({"openapi": "3.0.3"})).is_ok());
        assert!(check_version(&json!({"openapi": "3.0.0"})).is_ok());
        for bad in [
            json!({"openapi": "3.1.0"}),
            json!({"swagger": "2.0"}),
            json!({"openapi": 3.0}),
            json!({"openapi": "3.0"}),
            json!([]),
        ] {
            assert!(check_version(&bad).is_err(), "{bad} accepted");
        }
    }
}
