//! Stage 2: checks that a document is one this generator reads (OpenAPI 3.0.x or 3.1.x), parses it into
//! `openapiv3` types, and checks the rules the types cannot express (unique operationIds).

use std::collections::HashMap;

use openapiv3::{
    OpenAPI, Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema,
    SecurityScheme,
};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_path_to_error::Segment;

use crate::error::{Diag, escape_segment, join};

/// The OpenAPI versions this generator reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Version {
    /// OpenAPI 3.0.x: read as it is.
    V3_0,
    /// OpenAPI 3.1.x: rewritten into the 3.0 model first (`openapi31`).
    V3_1,
}

/// The schema dialect OpenAPI 3.1 documents use unless they name another
/// (`jsonSchemaDialect`). Its published revisions share this prefix.
pub(crate) const OAS_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/";

/// Refuses anything but OpenAPI 3.0.x and 3.1.x, saying what the document is instead; a 3.1
/// document must use OpenAPI's own schema dialect.
pub(crate) fn check_version(root: &Value) -> Result<Version, Diag> {
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
                "this is a Swagger {} document; only OpenAPI 3.0.x and 3.1.x are supported (convert it to OpenAPI 3 first)",
                display(swagger)
            ),
        ));
    }
    let version = match map.get("openapi") {
        None => {
            return Err(Diag::new(
                "",
                "missing `openapi` field: only OpenAPI 3.0.x and 3.1.x documents are supported",
            ));
        }
        Some(Value::String(v)) if is_patch_of(v, "3.0.") => Version::V3_0,
        Some(Value::String(v)) if is_patch_of(v, "3.1.") => Version::V3_1,
        Some(other) => {
            return Err(Diag::new(
                "/openapi",
                format!(
                    "unsupported `openapi` version {}: only OpenAPI 3.0.x and 3.1.x are supported",
                    display(other)
                ),
            ));
        }
    };
    if version == Version::V3_1 {
        match map.get("jsonSchemaDialect") {
            None => {}
            Some(Value::String(dialect)) if dialect.starts_with(OAS_DIALECT) => {}
            Some(other) => {
                return Err(Diag::new(
                    "/jsonSchemaDialect",
                    format!(
                        "`jsonSchemaDialect` {} is not supported: schemas are read only in OpenAPI's own dialect ({OAS_DIALECT}base)",
                        display(other)
                    ),
                ));
            }
        }
    }
    Ok(version)
}

/// Whether `version` is `prefix` followed by a patch number (`3.0.3`, not `3.0` or `3.0.x`).
fn is_patch_of(version: &str, prefix: &str) -> bool {
    version
        .strip_prefix(prefix)
        .is_some_and(|patch| !patch.is_empty() && patch.chars().all(|c| c.is_ascii_digit()))
}

fn display(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Parses the bundled document (of `version`, a 3.1 one rewritten into the 3.0 model) into
/// `openapiv3` types; a mismatch names the deepest pointer it can find. Valid documents are
/// parsed without the path bookkeeping, which only a message needs.
pub(crate) fn parse(bundled: &Value, version: Version) -> Result<OpenAPI, Diag> {
    OpenAPI::deserialize(bundled).or_else(|_| {
        let found = attempt::<OpenAPI>(bundled, "").map_err(|top| refine(bundled).unwrap_or(top));
        found.map_err(|mismatch| {
            let what = match version {
                Version::V3_0 => "OpenAPI 3.0 document",
                Version::V3_1 => "OpenAPI 3.1 document (as read in the 3.0 model)",
            };
            Diag::new(
                mismatch.pointer,
                format!("not a valid {what} here: {}", mismatch.message),
            )
        })
    })
}

/// Deserializes `value` (found at `at`) as `T`; the error names the path inside `value` as far
/// as serde can follow it, and says what serde found wrong there.
fn attempt<T: DeserializeOwned>(value: &Value, at: &str) -> Result<T, Diag> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let mut pointer = at.to_owned();
        for segment in e.path().iter() {
            match segment {
                Segment::Seq { index } => pointer = join(&pointer, &index.to_string()),
                Segment::Map { key } => pointer = join(&pointer, key),
                Segment::Enum { .. } | Segment::Unknown => {}
            }
        }
        Diag::new(pointer, e.inner().to_string())
    })
}

/// `openapiv3` flattens extension fields into most objects, which hides from serde where inside
/// them an error is. This walks the parts where documents usually go wrong (paths, operations,
/// parameters, bodies, responses, components) and reports the first part that fails on its own.
fn refine(doc: &Value) -> Option<Diag> {
    let children = |value: &Value| -> Vec<(String, Value)> {
        match value {
            Value::Object(map) => map
                .iter()
                .filter(|(k, _)| !k.starts_with("x-"))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (i.to_string(), v.clone()))
                .collect(),
            _ => Vec::new(),
        }
    };
    let first_failure = |value: &Value, at: &str, check: &dyn Fn(&Value, &str) -> Option<Diag>| {
        children(value)
            .into_iter()
            .find_map(|(key, child)| check(&child, &join(at, &key)))
    };
    let parameter = |v: &Value, at: &str| attempt::<ReferenceOr<Parameter>>(v, at).err();
    let response = |v: &Value, at: &str| attempt::<ReferenceOr<Response>>(v, at).err();
    let operation = |v: &Value, at: &str| -> Option<Diag> {
        attempt::<Operation>(v, at).err()?;
        let deeper = v
            .get("parameters")
            .and_then(|p| first_failure(p, &join(at, "parameters"), &parameter));
        let deeper = deeper.or_else(|| {
            v.get("requestBody").and_then(|b| {
                attempt::<ReferenceOr<RequestBody>>(b, &join(at, "requestBody")).err()
            })
        });
        let deeper = deeper.or_else(|| {
            v.get("responses")
                .and_then(|r| first_failure(r, &join(at, "responses"), &response))
        });
        deeper.or_else(|| attempt::<Operation>(v, at).err())
    };
    let path_item = |v: &Value, at: &str| -> Option<Diag> {
        attempt::<ReferenceOr<PathItem>>(v, at).err()?;
        const METHODS: [&str; 8] = [
            "get", "put", "post", "delete", "options", "head", "patch", "trace",
        ];
        let deeper = METHODS
            .iter()
            .find_map(|m| v.get(*m).and_then(|op| operation(op, &join(at, m))));
        let deeper = deeper.or_else(|| {
            v.get("parameters")
                .and_then(|p| first_failure(p, &join(at, "parameters"), &parameter))
        });
        deeper.or_else(|| attempt::<ReferenceOr<PathItem>>(v, at).err())
    };
    if let Some(paths) = doc.get("paths") {
        if let Some(found) = first_failure(paths, "/paths", &path_item) {
            return Some(found);
        }
    }
    let components = doc.get("components")?;
    let section = |name: &str, check: &dyn Fn(&Value, &str) -> Option<Diag>| {
        components
            .get(name)
            .and_then(|s| first_failure(s, &join("/components", name), check))
    };
    section("schemas", &|v, at| {
        attempt::<ReferenceOr<Schema>>(v, at).err()
    })
    .or_else(|| section("parameters", &parameter))
    .or_else(|| section("responses", &response))
    .or_else(|| {
        section("requestBodies", &|v, at| {
            attempt::<ReferenceOr<RequestBody>>(v, at).err()
        })
    })
    .or_else(|| {
        section("securitySchemes", &|v, at| {
            attempt::<ReferenceOr<SecurityScheme>>(v, at).err()
        })
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
    fn a_mismatch_names_the_version_read() {
        let doc = json!({"openapi": "3.1.0", "info": {"title": "t"}, "paths": {}});
        let v31 = parse(&doc, Version::V3_1).unwrap_err();
        assert_eq!(v31.pointer, "/info");
        assert!(
            v31.message.starts_with("not a valid OpenAPI 3.1 document (as read in the 3.0 model) here: missing field `version`"),
            "{}",
            v31.message
        );
        let v30 = parse(&doc, Version::V3_0).unwrap_err();
        assert!(
            v30.message
                .starts_with("not a valid OpenAPI 3.0 document here: ")
        );
    }

    #[test]
    fn accepts_3_0_and_3_1() {
        assert_eq!(
            check_version(&json!({"openapi": "3.0.3"})),
            Ok(Version::V3_0)
        );
        assert_eq!(
            check_version(&json!({"openapi": "3.0.0"})),
            Ok(Version::V3_0)
        );
        for v in ["3.1.0", "3.1.1", "3.1.2"] {
            assert_eq!(check_version(&json!({"openapi": v})), Ok(Version::V3_1));
        }
        let base = json!({"openapi": "3.1.0", "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base"});
        assert_eq!(check_version(&base), Ok(Version::V3_1));
        let other = json!({"openapi": "3.1.0", "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema"});
        let refused = check_version(&other).unwrap_err();
        assert_eq!(refused.pointer, "/jsonSchemaDialect");
        for bad in [
            json!({"openapi": "3.2.0"}),
            json!({"openapi": "3.1"}),
            json!({"swagger": "2.0"}),
            json!({"openapi": 3.0}),
            json!({"openapi": "3.0"}),
            json!([]),
        ] {
            assert!(check_version(&bad).is_err(), "{bad} accepted");
        }
    }
}
