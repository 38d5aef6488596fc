//! Stage 3a, for OpenAPI 3.1 documents only: rewrites the bundled document into the OpenAPI 3.0
//! model the later stages read, so that one IR serves both versions.
//!
//! The document (here): `paths` and an operation's `responses` may be absent (they become
//! empty); the request payloads of `webhooks` written in place become component schemas, and
//! each webhook's JSON payload is listed for the `webhooks` module ([`Facts::webhooks`]; the
//! webhooks have no client method); `components/pathItems`, copied where referenced
//! while bundling, are removed; `info.summary` is the description when there is none. A
//! `mutualTLS` security scheme is refused. Each schema is rewritten by [`schema`].
//!
//! A 3.0 document goes through one piece of this stage only: its `x-webhooks` extension,
//! written like 3.1's `webhooks`, is read the same way ([`x_webhooks`]).
//!
//! What the 3.0 model has no keyword for (tuples, names of properties, `dependentRequired`,
//! webhooks) is returned beside the document as [`Facts`], never written into it: a document's
//! own extensions stay plain extensions, whatever their names. Whatever moves is recorded in
//! [`Sources::origins`], so messages about it keep their line; a warning is given once per place
//! written. This stage decides no Rust names or types: those stay `lower`'s.

mod schema;

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::error::{Diag, escape_segment, join};
use crate::load::Sources;

/// What a 3.1 document says that the 3.0 model has no keyword for, handed to `lower` beside the
/// rewritten document (never written into it, so that an extension a document writes itself,
/// whatever its name, stays a plain extension): facts about schemas, each keyed by the schema's
/// JSON pointer in the bundled document, and the webhooks' payloads.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Facts {
    /// Per schema, by its pointer; a later stage that moves a schema moves its facts
    /// ([`Facts::moved`]).
    pub(crate) schemas: BTreeMap<String, SchemaFacts>,
    /// The webhooks whose payload is JSON: each webhook's name and the reference of its
    /// payload's component schema, in the document's order (`lower` lists them in the
    /// `webhooks` module).
    pub(crate) webhooks: Vec<(String, String)>,
}

/// What the 3.0 model cannot say about one schema.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct SchemaFacts {
    /// A tuple (`prefixItems`) rewritten into the 3.0 model: its positions are the `properties`
    /// `0`, `1`..., the items after them `additionalProperties`; `lower` makes it a tuple struct.
    pub(crate) tuple: bool,
    /// The pattern every name of the properties not listed must match (one `patternProperties`
    /// entry, whose schema became `additionalProperties`).
    pub(crate) name_pattern: Option<String>,
    /// The schema each property name must satisfy (`propertyNames`), in the 3.0 model.
    pub(crate) property_names: Option<Value>,
    /// `dependentRequired`: each property with the names its presence requires (a malformed
    /// entry is left out).
    pub(crate) dependent_required: Vec<(String, Vec<String>)>,
}

impl SchemaFacts {
    /// Adds what `other` says and `self` does not.
    fn merge(&mut self, other: SchemaFacts) {
        self.tuple |= other.tuple;
        if self.name_pattern.is_none() {
            self.name_pattern = other.name_pattern;
        }
        if self.property_names.is_none() {
            self.property_names = other.property_names;
        }
        if self.dependent_required.is_empty() {
            self.dependent_required = other.dependent_required;
        }
    }
}

impl Facts {
    /// The facts of the schema at `pointer`, empty until set.
    pub(crate) fn at(&mut self, pointer: &str) -> &mut SchemaFacts {
        self.schemas.entry(pointer.to_owned()).or_default()
    }

    /// The schema at `from` (and everything under it) is now at `to`: its facts follow it. Facts
    /// already at `to` keep what they say; the moved ones add the rest.
    pub(crate) fn moved(&mut self, to: &str, from: &str) {
        let under = |key: &str| {
            key.strip_prefix(from)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        };
        let keys: Vec<String> = self.schemas.keys().filter(|k| under(k)).cloned().collect();
        for key in keys {
            if let Some(facts) = self.schemas.remove(&key) {
                let new_key = format!("{to}{}", &key[from.len()..]);
                self.schemas.entry(new_key).or_default().merge(facts);
            }
        }
    }
}

/// HTTP methods of a Path Item.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Rewrites the bundled 3.1 document `root` into the 3.0 model; returns a warning for each
/// thing read in a lossy way and the [`Facts`] the 3.0 model cannot hold, or the error of a
/// document this generator cannot read.
pub(crate) fn rewrite(root: &mut Value, sources: &mut Sources) -> Result<(Vec<Diag>, Facts), Diag> {
    let mut facts = Facts::default();
    let Value::Object(document) = root else {
        return Ok((Vec::new(), facts));
    };
    refuse_mutual_tls(document)?;
    document
        .entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(Value::Object(paths)) = document.get_mut("paths") {
        for item in paths.values_mut() {
            default_responses(item);
        }
    }
    if let Some(Value::Object(info)) = document.get_mut("info") {
        if !info.contains_key("description") {
            if let Some(summary) = info.get("summary").cloned() {
                sources.moved("/info/description", "/info/summary");
                info.insert("description".into(), summary);
            }
        }
    }
    if let Some(Value::Object(components)) = document.get_mut("components") {
        components.remove("pathItems");
    }
    if let Some(webhooks) = document.remove("webhooks") {
        facts.webhooks = hoist_webhook_payloads(document, "webhooks", webhooks, sources);
    }
    let mut warnings = Vec::new();
    crate::walk::schemas(root, &mut |map, at| {
        schema::rewrite(map, at, sources, &mut facts, &mut warnings);
    });
    Ok((once_per_place(warnings, sources), facts))
}

/// One warning per place written: a piece copied into several places while bundling (a
/// shared response) warns once.
pub(crate) fn once_per_place(mut warnings: Vec<Diag>, sources: &Sources) -> Vec<Diag> {
    let mut seen = std::collections::HashSet::new();
    warnings.retain(|w| seen.insert((sources.origin_of(&w.pointer), w.message.clone())));
    warnings
}

/// A `mutualTLS` security scheme (a TLS client certificate) is refused, naming it: the
/// runtime sends no client certificates.
fn refuse_mutual_tls(document: &Map<String, Value>) -> Result<(), Diag> {
    let schemes = document
        .get("components")
        .and_then(|c| c.get("securitySchemes"))
        .and_then(Value::as_object);
    for (name, scheme) in schemes.into_iter().flatten() {
        if scheme.get("type").and_then(Value::as_str) == Some("mutualTLS") {
            let at = join(&join("/components/securitySchemes", name), "type");
            return Err(Diag::new(
                at,
                format!(
                    "security scheme `{name}` is `mutualTLS` (a TLS client certificate), which is not supported: generated clients send no client certificate"
                ),
            ));
        }
    }
    Ok(())
}

/// An operation without `responses` (3.1 allows it) has none documented.
fn default_responses(item: &mut Value) {
    let Value::Object(item) = item else {
        return;
    };
    for method in METHODS {
        if let Some(Value::Object(operation)) = item.get_mut(method) {
            operation
                .entry("responses")
                .or_insert_with(|| Value::Object(Map::new()));
        }
    }
}

/// The webhooks of a 3.0 document, which has no `webhooks` keyword: its `x-webhooks`
/// extension, written like 3.1's `webhooks` (GitHub's description does so), is read the same
/// way ([`hoist_webhook_payloads`]) and removed from the document. Returns each webhook's JSON
/// payload ([`Facts::webhooks`]); nothing when there is no `x-webhooks`.
pub(crate) fn x_webhooks(document: &mut Value, sources: &mut Sources) -> Vec<(String, String)> {
    let Value::Object(document) = document else {
        return Vec::new();
    };
    match document.remove("x-webhooks") {
        Some(webhooks) => hoist_webhook_payloads(document, "x-webhooks", webhooks, sources),
        None => Vec::new(),
    }
}

/// Moves each request payload schema of `webhooks` (the document's member named `member`)
/// written in place into `components/schemas`, named after its webhook (`<name>Webhook`), so
/// that it is generated as a type; payloads given by `$ref` are component schemas already.
/// Each webhook's JSON payload is returned: its name and the reference of its payload's schema
/// ([`Facts::webhooks`]).
/// Webhooks get no client method: the API calls them, not the client.
fn hoist_webhook_payloads(
    document: &mut Map<String, Value>,
    member: &str,
    webhooks: Value,
    sources: &mut Sources,
) -> Vec<(String, String)> {
    let Value::Object(webhooks) = webhooks else {
        return Vec::new();
    };
    let mut hoisted = Vec::new();
    // Each webhook's JSON payload: the first of its first method with one.
    let mut payloads: Vec<(String, String)> = Vec::new();
    let listed =
        |payloads: &[(String, String)], name: &str| payloads.iter().any(|(n, _)| n == name);
    for (name, item) in webhooks {
        let Value::Object(mut item) = item else {
            continue;
        };
        let methods: Vec<&str> = METHODS
            .into_iter()
            .filter(|m| {
                item.get(*m)
                    .is_some_and(|op| op.get("requestBody").is_some())
            })
            .collect();
        let several = methods.len() > 1;
        for method in methods {
            let Some(operation) = item.get_mut(method) else {
                continue;
            };
            let about = ["summary", "description"]
                .into_iter()
                .find_map(|k| operation.get(k).and_then(Value::as_str).map(str::to_owned));
            let Some(Value::Object(content)) = operation.pointer_mut("/requestBody/content") else {
                continue;
            };
            for (media_type, media) in content.iter_mut() {
                let Some(Value::Object(mut schema)) = media.get_mut("schema").map(Value::take)
                else {
                    continue;
                };
                let json = media_type == "application/json" || media_type.ends_with("+json");
                if let Some(Value::String(reference)) = schema.get("$ref") {
                    if json && !listed(&payloads, &name) {
                        payloads.push((name.clone(), reference.clone()));
                    }
                    continue;
                }
                let base = format!("{name}{}Webhook", if several { method } else { "" });
                let taken = |key: &str| {
                    hoisted.iter().any(|(k, _, _)| k == key)
                        || document
                            .get("components")
                            .and_then(|c| c.get("schemas"))
                            .and_then(|s| s.get(key))
                            .is_some()
                };
                let mut key = base.clone();
                let mut n = 2;
                while taken(&key) {
                    key = format!("{base}{n}");
                    n += 1;
                }
                if !schema.contains_key("description") {
                    let mut description = format!(
                        "The request payload of the `{name}` webhook ({}).",
                        method.to_uppercase()
                    );
                    if let Some(about) = &about {
                        description.push_str("\n\n");
                        description.push_str(about);
                    }
                    schema.insert("description".into(), Value::String(description));
                }
                let from = format!(
                    "/{member}/{}/{method}/requestBody/content/{}/schema",
                    escape_segment(&name),
                    escape_segment(media_type)
                );
                if json && !listed(&payloads, &name) {
                    let reference = format!("#/components/schemas/{}", escape_segment(&key));
                    payloads.push((name.clone(), reference));
                }
                hoisted.push((key, Value::Object(schema), from));
            }
        }
    }
    if hoisted.is_empty() {
        return payloads;
    }
    let components = document
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(components) = components else {
        return payloads;
    };
    let schemas = components
        .entry("schemas")
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(schemas) = schemas else {
        return payloads;
    };
    for (key, schema, from) in hoisted {
        sources.moved(&join("/components/schemas", &key), &from);
        schemas.insert(key, schema);
    }
    payloads
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[test]
    fn a_document_without_paths_has_none_and_webhook_payloads_are_components() {
        let mut document = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1", "summary": "S."},
            "webhooks": {"created": {"post": {"requestBody": {"content": {
                "application/json": {"schema": {"type": "object"}}
            }}}}},
            "components": {"pathItems": {"P": {}}}
        });
        let mut sources = Sources::default();
        let (_, facts) = rewrite(&mut document, &mut sources).unwrap();
        assert_eq!(document["paths"], json!({}));
        assert_eq!(document["info"]["description"], "S.");
        assert!(document.get("webhooks").is_none());
        assert!(document["components"].get("pathItems").is_none());
        assert_eq!(
            facts.webhooks,
            [(
                "created".to_owned(),
                "#/components/schemas/createdWebhook".to_owned()
            )]
        );
        let payload = &document["components"]["schemas"]["createdWebhook"];
        assert_eq!(payload["type"], "object");
        assert_eq!(
            sources
                .origin_of("/components/schemas/createdWebhook/type")
                .1,
            "/webhooks/created/post/requestBody/content/application~1json/schema/type"
        );
    }

    #[test]
    fn facts_follow_a_schema_that_moves() {
        let mut facts = Facts::default();
        facts.at("/a/anyOf/1").tuple = true;
        facts.at("/a/anyOf/1/properties/x").name_pattern = Some("^x".into());
        facts.at("/a/anyOf/10").tuple = true;
        facts.at("/a").name_pattern = Some("^a".into());
        facts.moved("/a", "/a/anyOf/1");
        let keys: Vec<&str> = facts.schemas.keys().map(String::as_str).collect();
        assert_eq!(keys, ["/a", "/a/anyOf/10", "/a/properties/x"]);
        assert_eq!(
            facts.schemas["/a"],
            SchemaFacts {
                tuple: true,
                name_pattern: Some("^a".into()),
                ..SchemaFacts::default()
            }
        );
    }

    #[test]
    fn mutual_tls_is_refused_naming_the_scheme() {
        let mut document = json!({
            "openapi": "3.1.0",
            "components": {"securitySchemes": {"cert": {"type": "mutualTLS"}}}
        });
        let refused = rewrite(&mut document, &mut Sources::default()).unwrap_err();
        assert_eq!(refused.pointer, "/components/securitySchemes/cert/type");
        assert!(refused.message.contains("`cert`"), "{}", refused.message);
    }

    /// A schema copied into two operations (a shared response) warns once, where it is written.
    #[test]
    fn a_copied_schema_warns_once() {
        let spec = r#"openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a:
    get:
      operationId: a
      responses:
        '200':
          $ref: '#/components/responses/R'
  /b:
    get:
      operationId: b
      responses:
        '200':
          $ref: '#/components/responses/R'
components:
  responses:
    R:
      description: R.
      content:
        application/json:
          schema:
            type: object
            properties:
              x:
                type: string
                nullable: true
              y:
                $ref: '#/$defs/Y'
            $defs:
              Y:
                type: integer
"#;
        let output = crate::generate_from_str(
            std::path::Path::new("spec.yaml"),
            spec,
            &crate::Settings::default(),
        )
        .unwrap();
        let places: Vec<_> = output
            .warnings
            .iter()
            .map(|w| {
                (
                    w.0.pointer.clone().unwrap_or_default(),
                    w.0.location.map(|l| l.line),
                )
            })
            .collect();
        const SCHEMA: &str = "/components/responses/R/content/application~1json/schema";
        assert_eq!(
            places,
            [
                (format!("{SCHEMA}/properties/y"), Some(28)),
                (format!("{SCHEMA}/properties/x/nullable"), Some(27)),
            ]
        );
    }
}
