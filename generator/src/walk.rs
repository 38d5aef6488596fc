//! Visits every Schema Object of a bundled document, where the document holds them: under a
//! `schema` key, in `components/schemas`, and inside schemas under the keys that hold
//! subschemas. Literal data (`example`, `examples`, `value`) and extensions are never visited,
//! whatever their content looks like. It only finds schemas; what to do with one is the
//! caller's.

use serde_json::{Map, Value};

use crate::error::escape_segment;

/// Keys of OpenAPI objects (not schemas) whose values are literal data, never walked. Inside
/// schemas only the keys that hold subschemas are walked.
const DATA_KEYS: &[&str] = &["example", "examples", "value"];

/// Deeper than any real document nests; the bundled value has no cycles, this only bounds the
/// stack on adversarial input.
const MAX_DEPTH: usize = 256;

/// Calls `visit` on every schema of `root` with its pointer, a schema before its subschemas, so
/// that the subschemas `visit` leaves (or puts) under `properties`, `items`,
/// `additionalProperties`, `not`, `allOf`, `oneOf` and `anyOf` are visited next.
pub(crate) fn schemas(root: &mut Value, visit: &mut dyn FnMut(&mut Map<String, Value>, &str)) {
    let mut walk = Walk {
        at: String::new(),
        visit,
    };
    walk.other(root, 0);
}

/// The walk over the document. `at` is the pointer of the value being visited, extended and
/// restored around each child (the walk visits every node, so it builds no pointer it does not
/// need).
struct Walk<'v> {
    at: String,
    visit: &'v mut dyn FnMut(&mut Map<String, Value>, &str),
}

impl Walk<'_> {
    /// Visits `child` under the segment `segment`, in a schema or not.
    fn child(&mut self, segment: &str, child: &mut Value, schema: bool, depth: usize) {
        let len = self.at.len();
        self.at.push('/');
        self.at.push_str(&escape_segment(segment));
        if schema {
            self.schema(child, depth + 1);
        } else {
            self.other(child, depth + 1);
        }
        self.at.truncate(len);
    }

    /// Any OpenAPI object but a schema: a `schema` key holds one, and so does each entry of
    /// `components/schemas`; literal data and extensions are left alone.
    fn other(&mut self, value: &mut Value, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        match value {
            Value::Object(map) => {
                let schemas = self.at == "/components";
                for (key, child) in map.iter_mut() {
                    if DATA_KEYS.contains(&key.as_str()) || key.starts_with("x-") {
                        continue;
                    }
                    if schemas && key == "schemas" {
                        self.each(key, child, depth);
                    } else {
                        self.child(key, child, key == "schema", depth);
                    }
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    self.child(&index.to_string(), item, false, depth);
                }
            }
            _ => {}
        }
    }

    /// A schema: visited, then its subschemas.
    fn schema(&mut self, value: &mut Value, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let Value::Object(map) = value else {
            return;
        };
        (self.visit)(map, &self.at);
        for (key, child) in map.iter_mut() {
            match key.as_str() {
                "properties" => self.each(key, child, depth),
                "items" | "additionalProperties" | "not" => self.child(key, child, true, depth),
                "allOf" | "oneOf" | "anyOf" => {
                    let len = self.at.len();
                    self.at.push('/');
                    self.at.push_str(key);
                    if let Value::Array(members) = child {
                        for (index, member) in members.iter_mut().enumerate() {
                            self.child(&index.to_string(), member, true, depth + 1);
                        }
                    }
                    self.at.truncate(len);
                }
                _ => {}
            }
        }
    }

    /// A map of names to schemas (`properties`, `components/schemas`): every entry is a schema,
    /// whatever its name.
    fn each(&mut self, key: &str, map: &mut Value, depth: usize) {
        let len = self.at.len();
        self.at.push('/');
        self.at.push_str(&escape_segment(key));
        if let Value::Object(entries) = map {
            for (name, schema) in entries.iter_mut() {
                self.child(name, schema, true, depth + 1);
            }
        }
        self.at.truncate(len);
    }
}

/// Test support for the stages that rewrite schemas in place: `schema` as the component schema
/// `S` of a document whose `openapi` field is `version`, rewritten by `rewrite`. Returns the
/// schema after, the warnings' pointers and the moves recorded in `Sources::origins` (bundled
/// prefix, where written), all relative to `S`.
#[cfg(test)]
pub(crate) fn rewrite_component(
    version: &str,
    schema: Value,
    rewrite: impl FnOnce(&mut Value, &mut crate::load::Sources) -> Vec<crate::error::Diag>,
) -> (Value, Vec<String>, Vec<(String, String)>) {
    const AT: &str = "/components/schemas/S";
    let mut document =
        serde_json::json!({"openapi": version, "components": {"schemas": {"S": schema}}});
    let mut sources = crate::load::Sources::default();
    let warnings = rewrite(&mut document, &mut sources);
    let relative = |pointer: &str| pointer.strip_prefix(AT).unwrap().to_owned();
    let moves = sources
        .origins
        .iter()
        .map(|o| (relative(&o.bundled_prefix), relative(&o.pointer)))
        .collect();
    let schema = document.pointer(AT).unwrap().clone();
    let warnings = warnings.iter().map(|w| relative(&w.pointer)).collect();
    (schema, warnings, moves)
}
