//! Stage 3c: keys that no OpenAPI version and no JSON Schema vocabulary defines, which the later
//! stages would drop without a word (`openapiv3` ignores unknown keys): a misspelled
//! `maxLenght: 10` would leave the length unchecked.
//!
//! Every such key found in a schema, parameter, header, media type, encoding, request body,
//! response, operation or path item is a warning at the key itself, naming it and, when a known
//! keyword of that object is close enough to be meant, that keyword: "unknown keyword
//! `maxLenght` in a schema (did you mean `maxLength`?); it is ignored". Extensions (`x-...`)
//! are never reported. The keywords of OpenAPI 3.0 and 3.1 and of JSON Schema (the 2020-12
//! vocabulary 3.1 uses, and older drafts' keywords documents still carry) are all known in every
//! document: whether a 3.0 document may use a 3.1 keyword is decided elsewhere.
//!
//! The walk knows which key holds which kind of object, as `resolve` and `null_type` do, and
//! goes only there: literal data (`example`, `examples`, `default`, `enum`, `const`), links,
//! security schemes, `discriminator` and extension values are never read as objects of the
//! document. It reads the bundled document and changes nothing. An object copied in by
//! `resolve` (a parameter referenced from several operations) is reported once, where it is
//! written. An unknown key whose value was a reference, which `resolve` replaced by a copy of
//! its target, is reported at the object holding it. Keys beside a schema's `$ref` are not seen:
//! `resolve` keeps only the reference.

use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::error::{Diag, escape_segment};
use crate::load::Sources;

/// Keywords of a Schema Object: OpenAPI 3.0's (`nullable`, `discriminator`, `xml`,
/// `externalDocs`, `example`, `deprecated`, `readOnly`, `writeOnly` and its JSON Schema subset),
/// JSON Schema 2020-12's as OpenAPI 3.1 allows them, and keywords of earlier drafts still found
/// in documents (`definitions`, `dependencies`, `additionalItems`, `$recursiveRef`,
/// `$recursiveAnchor`). Sorted, for binary search.
const SCHEMA: &[&str] = &[
    "$anchor",
    "$comment",
    "$defs",
    "$dynamicAnchor",
    "$dynamicRef",
    "$id",
    "$recursiveAnchor",
    "$recursiveRef",
    "$ref",
    "$schema",
    "$vocabulary",
    "additionalItems",
    "additionalProperties",
    "allOf",
    "anyOf",
    "const",
    "contains",
    "contentEncoding",
    "contentMediaType",
    "contentSchema",
    "default",
    "definitions",
    "dependencies",
    "dependentRequired",
    "dependentSchemas",
    "deprecated",
    "description",
    "discriminator",
    "else",
    "enum",
    "example",
    "examples",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "externalDocs",
    "format",
    "if",
    "items",
    "maxContains",
    "maxItems",
    "maxLength",
    "maxProperties",
    "maximum",
    "minContains",
    "minItems",
    "minLength",
    "minProperties",
    "minimum",
    "multipleOf",
    "not",
    "nullable",
    "oneOf",
    "pattern",
    "patternProperties",
    "prefixItems",
    "properties",
    "propertyNames",
    "readOnly",
    "required",
    "then",
    "title",
    "type",
    "unevaluatedItems",
    "unevaluatedProperties",
    "uniqueItems",
    "writeOnly",
    "xml",
];

/// Fields of a Parameter Object (3.0 and 3.1 have the same). A Header Object has the same
/// fields but `name` and `in`, which it must not give; giving them is a mistake of another kind
/// than a misspelling, and harmless, so headers are checked against this list too. Sorted.
const PARAMETER: &[&str] = &[
    "allowEmptyValue",
    "allowReserved",
    "content",
    "deprecated",
    "description",
    "example",
    "examples",
    "explode",
    "in",
    "name",
    "required",
    "schema",
    "style",
];

/// Fields of a Media Type Object. Sorted.
const MEDIA_TYPE: &[&str] = &["encoding", "example", "examples", "schema"];

/// Fields of an Encoding Object. Sorted.
const ENCODING: &[&str] = &[
    "allowReserved",
    "contentType",
    "explode",
    "headers",
    "style",
];

/// Fields of a Request Body Object. Sorted.
const REQUEST_BODY: &[&str] = &["content", "description", "required"];

/// Fields of a Response Object. Sorted.
const RESPONSE: &[&str] = &["content", "description", "headers", "links"];

/// Fields of an Operation Object. Sorted.
const OPERATION: &[&str] = &[
    "callbacks",
    "deprecated",
    "description",
    "externalDocs",
    "operationId",
    "parameters",
    "requestBody",
    "responses",
    "security",
    "servers",
    "summary",
    "tags",
];

/// The keys of a Path Item Object that hold an operation. Sorted.
const METHODS: &[&str] = &[
    "delete", "get", "head", "options", "patch", "post", "put", "trace",
];

/// Fields of a Path Item Object: its operations and these. Sorted.
const PATH_ITEM: &[&str] = &["$ref", "description", "parameters", "servers", "summary"];

/// The kinds of object whose keys are checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Schema,
    Parameter,
    Header,
    MediaType,
    Encoding,
    RequestBody,
    Response,
    Operation,
    PathItem,
}

impl Kind {
    /// The keywords an object of this kind may have.
    fn keywords(self) -> &'static [&'static [&'static str]] {
        match self {
            Kind::Schema => &[SCHEMA],
            Kind::Parameter | Kind::Header => &[PARAMETER],
            Kind::MediaType => &[MEDIA_TYPE],
            Kind::Encoding => &[ENCODING],
            Kind::RequestBody => &[REQUEST_BODY],
            Kind::Response => &[RESPONSE],
            Kind::Operation => &[OPERATION],
            Kind::PathItem => &[PATH_ITEM, METHODS],
        }
    }

    /// How messages name the object.
    fn noun(self) -> &'static str {
        match self {
            Kind::Schema => "a schema",
            Kind::Parameter => "a parameter",
            Kind::Header => "a header",
            Kind::MediaType => "a media type",
            Kind::Encoding => "an encoding",
            Kind::RequestBody => "a request body",
            Kind::Response => "a response",
            Kind::Operation => "an operation",
            Kind::PathItem => "a path item",
        }
    }
}

/// Returns a warning for every unknown key of the bundled document `root`, each once per place
/// it is written, in document order.
pub(crate) fn check(root: &Value, sources: &Sources) -> Vec<Diag> {
    let mut walk = Walk {
        at: String::new(),
        warnings: Vec::new(),
    };
    walk.document(root);
    let mut seen = HashSet::new();
    walk.warnings
        .into_iter()
        .map(|diag| at_key_or_object(diag, sources))
        .filter(|diag| seen.insert((sources.origin_of(&diag.pointer), diag.message.clone())))
        .collect()
}

/// Points `diag`, made at an unknown key, at the key where its pointer leads to the key as
/// written, and at the object holding the key otherwise: when the key's value was a reference
/// that `resolve` replaced by a copy of its target, the key's pointer leads into the target.
/// A key that moved with its value (as `null_type` hoists them) was written under the same
/// name, and its pointer leads there.
fn at_key_or_object(mut diag: Diag, sources: &Sources) -> Diag {
    let parent = diag.pointer.rfind('/').unwrap_or(0);
    let segment = &diag.pointer[parent..];
    if sources
        .origins
        .iter()
        .any(|o| o.bundled_prefix == diag.pointer && !o.pointer.ends_with(segment))
    {
        diag.pointer.truncate(parent);
    }
    diag
}

/// Deeper than any real document nests; the bundled value has no cycles, this only bounds the
/// stack on adversarial input.
const MAX_DEPTH: usize = 256;

/// Which entries of a map are objects of the document: all of them, or (in the Paths,
/// Responses and Callback Objects, which may have extensions) those not named `x-...`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Entries {
    All,
    NotExtensions,
}

/// The walk over the document. `at` is the pointer of the value being visited, extended and
/// restored around each child.
struct Walk {
    at: String,
    warnings: Vec<Diag>,
}

impl Walk {
    /// Runs `f` with `at` extended by `segment`.
    fn under(&mut self, segment: &str, f: impl FnOnce(&mut Self)) {
        let len = self.at.len();
        self.at.push('/');
        self.at.push_str(&escape_segment(segment));
        f(self);
        self.at.truncate(len);
    }

    /// The OpenAPI Object: its paths, webhooks and components.
    fn document(&mut self, root: &Value) {
        let Some(root) = root.as_object() else {
            return;
        };
        for (key, value) in root {
            match key.as_str() {
                "paths" => self.under(key, |w| {
                    w.entries(value, Kind::PathItem, Entries::NotExtensions, 0);
                }),
                "webhooks" => self.each(key, value, Kind::PathItem, 0),
                "components" => self.under(key, |w| w.components(value)),
                _ => {}
            }
        }
    }

    /// The Components Object: the maps of the kinds checked (examples, links and security
    /// schemes are not).
    fn components(&mut self, components: &Value) {
        let Some(components) = components.as_object() else {
            return;
        };
        for (key, value) in components {
            let kind = match key.as_str() {
                "schemas" => Kind::Schema,
                "parameters" => Kind::Parameter,
                "headers" => Kind::Header,
                "requestBodies" => Kind::RequestBody,
                "responses" => Kind::Response,
                "pathItems" => Kind::PathItem,
                "callbacks" => {
                    self.under(key, |w| w.callbacks(value, 0));
                    continue;
                }
                _ => continue,
            };
            self.each(key, value, kind, 0);
        }
    }

    /// The map at `key` whose every entry is an object of `kind`, whatever its name: a
    /// property called `x-id` or `example` is a property.
    fn each(&mut self, key: &str, map: &Value, kind: Kind, depth: usize) {
        self.under(key, |w| w.entries(map, kind, Entries::All, depth));
    }

    /// Every entry of `map` that is an object of `kind`.
    fn entries(&mut self, map: &Value, kind: Kind, which: Entries, depth: usize) {
        let Some(map) = map.as_object() else {
            return;
        };
        for (name, value) in map {
            if which == Entries::All || !name.starts_with("x-") {
                self.under(name, |w| w.object(value, kind, depth + 1));
            }
        }
    }

    /// The list at `key` whose every item is an object of `kind`.
    fn list(&mut self, key: &str, list: &Value, kind: Kind, depth: usize) {
        let Some(items) = list.as_array() else {
            return;
        };
        self.under(key, |w| {
            for (index, item) in items.iter().enumerate() {
                w.under(&index.to_string(), |w| w.object(item, kind, depth + 1));
            }
        });
    }

    /// A map of names to Callback Objects, each a map of expressions to path items beside its
    /// extensions.
    fn callbacks(&mut self, map: &Value, depth: usize) {
        let Some(map) = map.as_object() else {
            return;
        };
        for (name, callback) in map {
            self.under(name, |w| {
                w.entries(callback, Kind::PathItem, Entries::NotExtensions, depth + 1);
            });
        }
    }

    /// An object of `kind`: its keys checked, then the objects it holds visited.
    fn object(&mut self, value: &Value, kind: Kind, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        // A boolean schema (3.1), or a value of the wrong type that parsing reports.
        let Some(map) = value.as_object() else {
            return;
        };
        self.keys(map, kind);
        for (key, child) in map {
            let key = key.as_str();
            match (kind, key) {
                (Kind::Schema, _) => self.subschemas(key, child, depth),
                (Kind::Parameter | Kind::Header | Kind::MediaType, "schema") => {
                    self.under(key, |w| w.object(child, Kind::Schema, depth + 1));
                }
                (
                    Kind::Parameter | Kind::Header | Kind::RequestBody | Kind::Response,
                    "content",
                ) => self.each(key, child, Kind::MediaType, depth),
                (Kind::MediaType, "encoding") => self.each(key, child, Kind::Encoding, depth),
                (Kind::Encoding | Kind::Response, "headers") => {
                    self.each(key, child, Kind::Header, depth);
                }
                (Kind::Operation | Kind::PathItem, "parameters") => {
                    self.list(key, child, Kind::Parameter, depth);
                }
                (Kind::Operation, "requestBody") => {
                    self.under(key, |w| w.object(child, Kind::RequestBody, depth + 1));
                }
                (Kind::Operation, "responses") => self.under(key, |w| {
                    w.entries(child, Kind::Response, Entries::NotExtensions, depth);
                }),
                (Kind::Operation, "callbacks") => self.under(key, |w| w.callbacks(child, depth)),
                (Kind::PathItem, _) if METHODS.binary_search(&key).is_ok() => {
                    self.under(key, |w| w.object(child, Kind::Operation, depth + 1));
                }
                _ => {}
            }
        }
    }

    /// The subschemas a schema's `key` holds, if it holds any: never its data (`example`,
    /// `default`, `enum`, `const`...).
    fn subschemas(&mut self, key: &str, child: &Value, depth: usize) {
        match key {
            "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas"
            | "dependencies" => self.each(key, child, Kind::Schema, depth),
            "allOf" | "oneOf" | "anyOf" | "prefixItems" => {
                self.list(key, child, Kind::Schema, depth);
            }
            // Older drafts' `items` may be a list of schemas.
            "items" if child.is_array() => self.list(key, child, Kind::Schema, depth),
            "items"
            | "additionalProperties"
            | "additionalItems"
            | "unevaluatedItems"
            | "unevaluatedProperties"
            | "not"
            | "if"
            | "then"
            | "else"
            | "contains"
            | "propertyNames"
            | "contentSchema" => {
                self.under(key, |w| w.object(child, Kind::Schema, depth + 1));
            }
            _ => {}
        }
    }

    /// Reports each key of `map` that an object of `kind` does not have.
    fn keys(&mut self, map: &Map<String, Value>, kind: Kind) {
        let keywords = kind.keywords();
        for key in map.keys() {
            if key.starts_with("x-")
                || keywords
                    .iter()
                    .any(|set| set.binary_search(&key.as_str()).is_ok())
            {
                continue;
            }
            let message = match closest(key, keywords) {
                Some(known) => format!(
                    "unknown keyword `{key}` in {} (did you mean `{known}`?); it is ignored",
                    kind.noun()
                ),
                None => format!("unknown keyword `{key}` in {}; it is ignored", kind.noun()),
            };
            let len = self.at.len();
            self.at.push('/');
            self.at.push_str(&escape_segment(key));
            self.warnings.push(Diag::new(self.at.clone(), message));
            self.at.truncate(len);
        }
    }
}

/// The keyword of `sets` that `key` most likely misspells: the nearest by Damerau-Levenshtein
/// distance, ignoring case (`maxLenght`, `requred`, `readonly`), when that distance is at most a
/// quarter of the keyword's length, so a long keyword tolerates two or three slips and a short
/// one (`if`, `not`, `in`) none but case. A `$` keyword is suggested only for a key that starts
/// with `$` too: a schema nested under `schema` is no misspelled `$schema`. Ties go to the first
/// in sorted order.
fn closest(key: &str, sets: &[&[&'static str]]) -> Option<&'static str> {
    let dollar = key.starts_with('$');
    let key = key.to_lowercase();
    sets.iter()
        .flat_map(|set| set.iter())
        .filter(|known| known.starts_with('$') == dollar)
        .filter_map(|&known| {
            let distance = strsim::damerau_levenshtein(&key, &known.to_lowercase());
            (distance <= known.len() / 4).then_some((distance, known))
        })
        .min()
        .map(|(_, known)| known)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Origin;
    use serde_json::json;

    /// The warnings for `document`, as (pointer, message).
    fn warnings(document: Value) -> Vec<(String, String)> {
        check(&document, &Sources::default())
            .into_iter()
            .map(|d| (d.pointer, d.message))
            .collect()
    }

    fn pointers(document: Value) -> Vec<String> {
        warnings(document).into_iter().map(|(p, _)| p).collect()
    }

    #[test]
    fn keyword_lists_are_sorted_and_distinct() {
        for set in [
            SCHEMA,
            PARAMETER,
            MEDIA_TYPE,
            ENCODING,
            REQUEST_BODY,
            RESPONSE,
            OPERATION,
            METHODS,
            PATH_ITEM,
        ] {
            assert!(set.windows(2).all(|w| w[0] < w[1]), "{set:?}");
        }
    }

    #[test]
    fn misspellings_suggest_the_keyword_meant() {
        let cases = [
            ("maxLenght", "maxLength"),
            ("requred", "required"),
            ("nulable", "nullable"),
            ("exclusiveMinimun", "exclusiveMinimum"),
            ("readonly", "readOnly"),
            ("min_length", "minLength"),
            ("Type", "type"),
            ("typ", "type"),
            ("enums", "enum"),
            ("descripton", "description"),
            ("additionalProperty", "additionalProperties"),
            ("uniqueitem", "uniqueItems"),
            ("formt", "format"),
        ];
        for (key, meant) in cases {
            assert_eq!(closest(key, &[SCHEMA]), Some(meant), "{key}");
        }
        assert_eq!(closest("allowReserve", &[PARAMETER]), Some("allowReserved"));
        assert_eq!(closest("operationID", &[OPERATION]), Some("operationId"));
        assert_eq!(closest("contentTyp", &[ENCODING]), Some("contentType"));
        assert_eq!(closest("$shema", &[SCHEMA]), Some("$schema"));
        assert_eq!(closest("$def", &[SCHEMA]), Some("$defs"));
    }

    /// Keys that merely look like a short keyword, or are far from all, get no suggestion.
    #[test]
    fn far_keys_suggest_nothing() {
        for key in [
            "in",
            "name",
            "summary",
            "schema",
            "nul",
            "collectionFormat",
            "foo",
            "x",
        ] {
            assert_eq!(closest(key, &[SCHEMA]), None, "{key}");
        }
        assert_eq!(closest("schema", &[RESPONSE]), None);
        assert_eq!(closest("consumes", &[OPERATION]), None);
    }

    #[test]
    fn messages_name_the_key_the_object_and_the_suggestion() {
        let found = warnings(json!({"components": {"schemas": {
            "S": {"type": "string", "maxLenght": 10, "frobnicate": true}
        }}}));
        assert_eq!(
            found,
            [
                (
                    "/components/schemas/S/maxLenght".to_owned(),
                    "unknown keyword `maxLenght` in a schema (did you mean `maxLength`?); it is ignored".to_owned()
                ),
                (
                    "/components/schemas/S/frobnicate".to_owned(),
                    "unknown keyword `frobnicate` in a schema; it is ignored".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn every_kind_of_object_is_checked() {
        let found = pointers(json!({
            "paths": {"/p/{id}": {
                "summry": "path item",
                "parameters": [{"name": "id", "in": "path", "requird": true, "schema": {"type": "string", "patern": "a"}}],
                "post": {
                    "operationID": "op",
                    "requestBody": {"requird": true, "content": {"multipart/form-data": {
                        "schema": {"type": "object"},
                        "encodings": {},
                        "encoding": {"file": {"contentTyp": "image/png", "headers": {"X-A": {"shema": {}}}}}
                    }}},
                    "responses": {"200": {
                        "descripton": "ok",
                        "headers": {"X-B": {"schema": {"type": "integer", "minimun": 1}}},
                        "content": {"application/json": {"schema": {"items": {"nulable": true}}}}
                    }},
                    "callbacks": {"cb": {"{$request.body#/url}": {"post": {"respones": {}}}}}
                }
            }},
            "webhooks": {"w": {"put": {"summary": "s", "tag": []}}},
            "components": {
                "parameters": {"P": {"name": "p", "in": "query", "styel": "form"}},
                "headers": {"H": {"descripiton": "h"}},
                "requestBodies": {"B": {"contents": {}}},
                "responses": {"R": {"description": "r", "schema": {}}},
                "callbacks": {"C": {"{$url}": {"get": {"responses": {}, "parameter": []}}}},
                "pathItems": {"I": {"gett": {}}}
            }
        }));
        assert_eq!(
            found,
            [
                "/paths/~1p~1{id}/summry",
                "/paths/~1p~1{id}/parameters/0/requird",
                "/paths/~1p~1{id}/parameters/0/schema/patern",
                "/paths/~1p~1{id}/post/operationID",
                "/paths/~1p~1{id}/post/requestBody/requird",
                "/paths/~1p~1{id}/post/requestBody/content/multipart~1form-data/encodings",
                "/paths/~1p~1{id}/post/requestBody/content/multipart~1form-data/encoding/file/contentTyp",
                "/paths/~1p~1{id}/post/requestBody/content/multipart~1form-data/encoding/file/headers/X-A/shema",
                "/paths/~1p~1{id}/post/responses/200/descripton",
                "/paths/~1p~1{id}/post/responses/200/headers/X-B/schema/minimun",
                "/paths/~1p~1{id}/post/responses/200/content/application~1json/schema/items/nulable",
                "/paths/~1p~1{id}/post/callbacks/cb/{$request.body#~1url}/post/respones",
                "/webhooks/w/put/tag",
                "/components/parameters/P/styel",
                "/components/headers/H/descripiton",
                "/components/requestBodies/B/contents",
                "/components/responses/R/schema",
                "/components/callbacks/C/{$url}/get/parameter",
                "/components/pathItems/I/gett",
            ]
        );
    }

    /// Every place a schema holds subschemas is walked; a property is a property whatever its
    /// name.
    #[test]
    fn subschemas_are_found_under_every_keyword_and_name() {
        let odd = || json!({"typo": 1});
        let found = pointers(json!({"components": {"schemas": {"S": {
            "properties": {"example": odd(), "default": odd(), "enum": odd(), "x-prop": odd()},
            "patternProperties": {"^a": odd()},
            "$defs": {"D": odd()},
            "additionalProperties": odd(),
            "items": [odd()],
            "prefixItems": [odd()],
            "allOf": [odd()], "oneOf": [odd()], "anyOf": [odd()],
            "not": odd(), "if": odd(), "then": odd(), "else": odd(),
            "contains": odd(), "propertyNames": odd(), "unevaluatedProperties": odd(),
            "dependentSchemas": {"a": odd()}
        }}}}));
        let at = |path: &str| format!("/components/schemas/S/{path}/typo");
        let expected: Vec<String> = [
            "properties/example",
            "properties/default",
            "properties/enum",
            "properties/x-prop",
            "patternProperties/^a",
            "$defs/D",
            "additionalProperties",
            "items/0",
            "prefixItems/0",
            "allOf/0",
            "oneOf/0",
            "anyOf/0",
            "not",
            "if",
            "then",
            "else",
            "contains",
            "propertyNames",
            "unevaluatedProperties",
            "dependentSchemas/a",
        ]
        .into_iter()
        .map(at)
        .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn data_and_extensions_are_not_walked() {
        let odd = || json!({"typo": 1, "maxLenght": 2});
        let found = pointers(json!({
            "x-top": {"paths": {"/q": {"gett": {}}}},
            "paths": {
                "x-paths": {"gett": {}},
                "/p": {
                    "x-meta": odd(),
                    "get": {
                        "x-code-samples": [odd()],
                        "parameters": [{"name": "a", "in": "query", "example": odd(), "examples": {"e": {"value": odd(), "summary": "s"}}, "schema": {"default": odd(), "enum": [odd()], "const": odd(), "example": odd(), "examples": [odd()], "x-ext": odd(), "discriminator": {"propertyName": "k", "mapping": {"a": "#/a"}}, "xml": {"name": "n"}, "externalDocs": {"url": "u"}}}],
                        "responses": {
                            "x-resp": odd(),
                            "default": {"description": "d", "links": {"l": {"operationId": "o", "parameters": {"typo": "$response.body"}}}, "content": {"application/json": {"example": odd(), "examples": {"e": {"value": odd()}}}}}
                        },
                        "callbacks": {"x-cb": odd()},
                        "security": [{"typo": []}],
                        "servers": [{"url": "u", "variables": {"v": {"default": "d", "typo": 1}}}]
                    }
                }
            },
            "components": {
                "examples": {"E": odd()},
                "securitySchemes": {"S": odd()},
                "links": {"L": odd()}
            }
        }));
        assert_eq!(found, Vec::<String>::new());
    }

    #[test]
    fn booleans_and_wrong_types_are_passed_over() {
        let found = pointers(json!({
            "paths": {"/p": {"get": {"parameters": {"typo": 1}, "responses": [1]}}, "/q": 5},
            "components": {"schemas": {"T": true, "F": {"properties": {"a": false}, "items": 3}}}
        }));
        assert_eq!(found, Vec::<String>::new());
    }

    /// A parameter that `resolve` copied into two operations is written once, so it is
    /// reported once, first where the walk meets it.
    #[test]
    fn copies_are_reported_once() {
        let parameter = || json!({"name": "a", "in": "query", "requird": true});
        let document = json!({
            "paths": {"/p": {
                "get": {"parameters": [parameter()]},
                "put": {"parameters": [parameter()]}
            }},
            "components": {"parameters": {"A": parameter()}}
        });
        let mut sources = Sources::default();
        for method in ["get", "put"] {
            sources.origins.push(Origin {
                bundled_prefix: format!("/paths/~1p/{method}/parameters/0"),
                source: 0,
                pointer: "/components/parameters/A".to_owned(),
            });
        }
        let found: Vec<String> = check(&document, &sources)
            .into_iter()
            .map(|d| d.pointer)
            .collect();
        assert_eq!(found, ["/paths/~1p/get/parameters/0/requird"]);
    }

    /// An unknown key holding a reference, which `resolve` replaced by a copy of its target:
    /// the warning is at the object holding the key, not in the target.
    #[test]
    fn a_key_whose_value_was_copied_is_reported_at_its_object() {
        let media_type = "/paths/~1p/get/responses/200/content/application~1json";
        let document = json!({"paths": {"/p": {"get": {"responses": {"200": {
            "description": "ok",
            "content": {"application/json": {"schemas": {"type": "string"}}}
        }}}}}});
        let mut sources = Sources::default();
        sources.origins.push(Origin {
            bundled_prefix: format!("{media_type}/schemas"),
            source: 0,
            pointer: "/components/schemas/S".to_owned(),
        });
        let found: Vec<(String, String)> = check(&document, &sources)
            .into_iter()
            .map(|d| (d.pointer, d.message))
            .collect();
        assert_eq!(
            found,
            [(
                media_type.to_owned(),
                "unknown keyword `schemas` in a media type (did you mean `schema`?); it is ignored"
                    .to_owned()
            )]
        );
    }

    /// A key `null_type` hoisted out of an alternative moved with its value: its pointer
    /// leads to where it was written.
    #[test]
    fn a_key_that_moved_keeps_its_pointer() {
        let at = "/components/schemas/S/maxLenght";
        let document =
            json!({"components": {"schemas": {"S": {"nullable": true, "maxLenght": 1}}}});
        let mut sources = Sources::default();
        sources.origins.push(Origin {
            bundled_prefix: at.to_owned(),
            source: 0,
            pointer: "/components/schemas/S/anyOf/1/maxLenght".to_owned(),
        });
        let found: Vec<String> = check(&document, &sources)
            .into_iter()
            .map(|d| d.pointer)
            .collect();
        assert_eq!(found, [at]);
    }

    #[test]
    fn deep_nesting_ends() {
        let mut schema = json!({"typo": 1});
        for _ in 0..2 * MAX_DEPTH {
            schema = json!({"items": schema});
        }
        let found = pointers(json!({"components": {"schemas": {"S": schema}}}));
        assert_eq!(found, Vec::<String>::new());
    }
}
