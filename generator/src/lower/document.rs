//! Reading the document: `Context` holds the parsed document, the facts `openapiv3` drops (`Raw`:
//! the order of methods in a path, which `encoding` entries set `explode`) and where each
//! component's type is; its methods find components and the references to them, and what a
//! schema position is once references are followed (its schema, its nullability, the one member
//! an `allOf` passes through to). `MAX_DEPTH` bounds every walk that may lead back to itself.
//!
//! Nothing here creates a type or a warning: it only reads the input.

use std::collections::{HashMap, HashSet};

use openapiv3::{OpenAPI, ReferenceOr, Schema};

use super::media::{Chosen, choose_media};
use super::shape::{
    ObjectPart, SchemaRef, Shape, bare_primitive, is_constraint_only, primitive_kind, shape,
};
use crate::error::{Diag, join, unescape_segment};
use crate::ir::*;
use crate::openapi31::{Facts, SchemaFacts};

/// Facts of the bundled document that `openapiv3` does not keep.
pub(crate) struct Raw {
    /// Each path's keys in document order: `openapiv3` keeps paths in order but not the
    /// methods within a path, and operations are emitted in the order they are written.
    pub(crate) method_order: HashMap<String, Vec<String>>,
    /// Pointers of the request bodies' `encoding` entries that set `explode` (`openapiv3` reads
    /// a missing one as `false`, where the default depends on the style).
    pub(crate) explicit_explode: HashSet<String>,
    /// The component schemas a `$ref` names somewhere else than as a multipart request body's
    /// schema (itself, or a member of its `allOf`): a component a multipart body also names is
    /// then a JSON type too, and the body gets a struct of its own.
    pub(crate) named_as_json: HashSet<String>,
}

/// Reads the facts `openapiv3` drops from the bundled document.
pub(crate) fn raw_facts(bundled: &serde_json::Value) -> Raw {
    let paths = bundled
        .get("paths")
        .and_then(serde_json::Value::as_object)
        .into_iter()
        .flatten();
    let mut method_order = HashMap::new();
    let mut explicit_explode = HashSet::new();
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        method_order.insert(path.clone(), item.keys().cloned().collect());
        for (method, op) in item {
            let content = op
                .pointer("/requestBody/content")
                .and_then(serde_json::Value::as_object);
            for (media_type, media) in content.into_iter().flatten() {
                let encoding = media.get("encoding").and_then(serde_json::Value::as_object);
                for (property, entry) in encoding.into_iter().flatten() {
                    if entry.get("explode").is_some() {
                        let at = join(&join(&join("/paths", path), method), "requestBody");
                        let at = join(&join(&join(&at, "content"), media_type), "encoding");
                        explicit_explode.insert(join(&at, property));
                    }
                }
            }
        }
    }
    let mut named_as_json = HashSet::new();
    references(bundled, &mut String::new(), &mut named_as_json, 0);
    Raw {
        method_order,
        explicit_explode,
        named_as_json,
    }
}

/// Adds to `out` the component schemas named by a `$ref` under `value` (at pointer `at`), but
/// for those that are a multipart request body's schema or a member of its `allOf`. Literal
/// data and extensions are not read.
fn references(value: &serde_json::Value, at: &mut String, out: &mut HashSet<String>, depth: usize) {
    if depth > 256 {
        return;
    }
    match value {
        serde_json::Value::Object(map) => {
            if let Some(name) = map
                .get("$ref")
                .and_then(serde_json::Value::as_str)
                .and_then(component_name)
            {
                if !multipart_body_schema(at) {
                    out.insert(name);
                }
            }
            for (key, child) in map {
                if key.starts_with("x-")
                    || matches!(key.as_str(), "example" | "examples" | "default" | "enum")
                {
                    continue;
                }
                let len = at.len();
                at.push('/');
                at.push_str(&crate::error::escape_segment(key));
                references(child, at, out, depth + 1);
                at.truncate(len);
            }
        }
        serde_json::Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let len = at.len();
                at.push_str(&format!("/{index}"));
                references(item, at, out, depth + 1);
                at.truncate(len);
            }
        }
        _ => {}
    }
}

/// Whether `at` is a request body's multipart schema
/// (`/paths/{path}/{method}/requestBody/content/multipart~1{subtype}/schema`), or a member of
/// its `allOf`.
fn multipart_body_schema(at: &str) -> bool {
    let segments: Vec<&str> = at.split('/').collect();
    let body = match segments.as_slice() {
        ["", "paths", _, _, rest @ ..] => rest,
        _ => return false,
    };
    match body {
        ["requestBody", "content", media, "schema"]
        | ["requestBody", "content", media, "schema", "allOf", _] => {
            media.to_ascii_lowercase().starts_with("multipart~1")
        }
        _ => false,
    }
}

/// How many steps a walk takes through references between components, aliases, items, map
/// values and nested schemas before it stops. Such chains may lead back to where they started
/// (`Node.children: [$ref: Node]`), so every walk is bounded; a chain of `$ref`s longer than
/// this does not end in a schema (an error), and a walk for facts (constraints, shapes) that
/// goes deeper finds nothing more.
pub(super) const MAX_DEPTH: usize = 8;

/// The component schema a `$ref` names (`#/components/schemas/<name>`, unescaped), or `None`
/// for any other reference. After bundling, every schema reference has this form.
pub(super) fn component_name(reference: &str) -> Option<String> {
    reference
        .strip_prefix("#/components/schemas/")
        .map(unescape_segment)
}

/// What lowering reads: the parsed document, the facts `openapiv3` drops, and where each
/// component schema's type is. Lowering never changes it; what lowering makes is `Lowerer`'s.
pub(super) struct Context<'a> {
    pub(super) doc: &'a OpenAPI,
    pub(super) raw: &'a Raw,
    /// What a 3.1 document says of its schemas that the 3.0 model cannot hold, by schema (see
    /// `facts`); empty for a 3.0 document.
    facts: HashMap<*const Schema, &'a SchemaFacts>,
    /// Component schema name → its type. Component schemas are the first types made, one for
    /// each in document order, so the type of the `i`th is `i`.
    pub(super) components: HashMap<&'a str, TypeId>,
}

impl<'a> Context<'a> {
    pub(super) fn new(doc: &'a OpenAPI, raw: &'a Raw, facts: &'a Facts) -> Self {
        let components = doc
            .components
            .iter()
            .flat_map(|c| c.schemas.keys())
            .enumerate()
            .map(|(id, name)| (name.as_str(), id))
            .collect();
        Context {
            doc,
            raw,
            facts: super::facts::by_schema(doc, facts),
            components,
        }
    }

    /// Whether a schema is a tuple (`prefixItems`, which `openapi31` writes as the properties
    /// `0`, `1`... and notes in its facts): it becomes a tuple struct, not an object's.
    pub(super) fn is_tuple(&self, schema: &Schema) -> bool {
        matches!(schema.schema_kind, openapiv3::SchemaKind::Any(_))
            && self.facts(schema).is_some_and(|facts| facts.tuple)
    }

    /// What `openapi31` found about `schema` that the 3.0 model cannot hold (its tuple,
    /// `propertyNames`, `dependentRequired`), if anything.
    pub(super) fn facts(&self, schema: &Schema) -> Option<&'a SchemaFacts> {
        self.facts.get(&std::ptr::from_ref(schema)).copied()
    }

    pub(super) fn component_schemas(
        &self,
    ) -> impl Iterator<Item = (&'a String, &'a ReferenceOr<Schema>)> + use<'a> {
        self.doc.components.iter().flat_map(|c| c.schemas.iter())
    }

    /// The component a `$ref` names. After bundling, every schema reference has this form.
    pub(super) fn component(
        &self,
        reference: &str,
        pointer: &str,
    ) -> Result<(&'a str, TypeId), Diag> {
        component_name(reference)
            .as_deref()
            .and_then(|n| self.components.get_key_value(n))
            .map(|(k, v)| (*k, *v))
            .ok_or_else(|| Diag::new(pointer, format!("unresolved schema `$ref` {reference:?}")))
    }

    /// The component schemas that operations send as a multipart body by reference, and whose
    /// properties are its parts (a component that is not an object is not one: the body is the
    /// parts the caller builds, and the component stays a JSON type).
    pub(super) fn multipart_components(&self) -> Vec<&'a str> {
        let mut out = Vec::new();
        for item in self
            .doc
            .paths
            .paths
            .values()
            .filter_map(ReferenceOr::as_item)
        {
            for (_, op) in item.iter() {
                let Some(ReferenceOr::Item(body)) = &op.request_body else {
                    continue;
                };
                if let Some((_, media, Chosen::Multipart)) = choose_media(&body.content) {
                    if let Some(reference) = media
                        .schema
                        .as_ref()
                        .and_then(|schema| self.component_reference(schema))
                    {
                        if let Some(name) = component_name(reference) {
                            let object = match self.component_schema(&name) {
                                Some(ReferenceOr::Item(schema)) => matches!(
                                    shape(schema),
                                    Ok(Shape::Object(_)
                                        | Shape::AllOf { .. }
                                        | Shape::Extended { .. })
                                ),
                                _ => true,
                            };
                            if let Some((key, _)) = self.components.get_key_value(name.as_str()) {
                                if object {
                                    out.push(*key);
                                }
                            }
                        }
                    }
                }
            }
        }
        out
    }

    /// The component reference a schema is: a `$ref`, or an `allOf` whose one real member is a
    /// `$ref` (the idiom for adding a description or `nullable` to a reference). A multipart
    /// body given either way is that component's struct.
    pub(super) fn component_reference(&self, schema: &'a ReferenceOr<Schema>) -> Option<&'a str> {
        match schema {
            ReferenceOr::Reference { reference } => Some(reference),
            ReferenceOr::Item(schema) => match shape(schema) {
                Ok(Shape::AllOf { members, own }) => match self.pass_through(&members, &own)? {
                    SchemaRef::Ref(reference) => Some(reference),
                    SchemaRef::Item(_) => None,
                },
                _ => None,
            },
        }
    }

    pub(super) fn component_schema(&self, name: &str) -> Option<&'a ReferenceOr<Schema>> {
        self.doc
            .components
            .as_ref()
            .and_then(|c| c.schemas.get(name))
    }

    /// An `allOf` with one real member and nothing of its own is that member (the idiom for
    /// adding `nullable` or a description to a `$ref`). A member written in place that only
    /// repeats the type of a referenced member (`allOf: [$ref: AcrValue, {type: string,
    /// description: ...}]`, as Okta writes, or with `nullable: true` beside, as Lob does) adds
    /// nothing either; nor does a reference to a schema that only states a primitive type, next
    /// to a member written in place that narrows that type (`allOf: [$ref: Object, {type:
    /// string, enum: [tracking_event]}]`).
    pub(super) fn pass_through(
        &self,
        members: &[SchemaRef<'a>],
        own: &ObjectPart<'a>,
    ) -> Option<SchemaRef<'a>> {
        let referenced = |m: &SchemaRef<'a>| match m {
            SchemaRef::Ref(reference) => {
                let (name, _) = self.component(reference, "").ok()?;
                self.component_schema(name)?.as_item()
            }
            SchemaRef::Item(_) => None,
        };
        let referenced_kinds: Vec<&str> = members
            .iter()
            .filter_map(|m| primitive_kind(referenced(m)?))
            .collect();
        // The kinds of the members written in place that say more than their type.
        let narrowed_kinds: Vec<&str> = members
            .iter()
            .filter_map(|m| match m {
                SchemaRef::Item(s) if bare_primitive(s).is_none() => primitive_kind(s),
                _ => None,
            })
            .collect();
        let mut real = members.iter().filter(|m| match m {
            SchemaRef::Ref(_) => !referenced(m)
                .and_then(bare_primitive)
                .is_some_and(|kind| narrowed_kinds.contains(&kind)),
            SchemaRef::Item(s) => {
                !matches!(shape(s), Ok(Shape::Any))
                    && !is_constraint_only(**m)
                    && !bare_primitive(s).is_some_and(|kind| referenced_kinds.contains(&kind))
            }
        });
        let first = real.next()?;
        (real.next().is_none() && own.is_empty()).then_some(*first)
    }

    /// Whether a schema written in place allows `null`: it says `nullable: true`, or it is an
    /// `allOf` that passes through to one member ([`Context::pass_through`]) and one of its
    /// members written in place says so (`allOf: [$ref: Id, {type: string, nullable: true}]`).
    pub(super) fn nullable_of(&self, schema: &Schema) -> bool {
        if schema.schema_data.nullable {
            return true;
        }
        let Ok(Shape::AllOf { members, own }) = shape(schema) else {
            return false;
        };
        self.pass_through(&members, &own).is_some()
            && members
                .iter()
                .any(|m| matches!(m, SchemaRef::Item(s) if s.schema_data.nullable))
    }

    /// The schema a position holds, following references between components.
    pub(super) fn schema_of(&self, r: SchemaRef<'a>) -> Option<&'a Schema> {
        match r {
            SchemaRef::Item(s) => Some(s),
            SchemaRef::Ref(reference) => self.component_item(reference, "").ok().map(|(_, s)| s),
        }
    }

    /// The component a `$ref` names and its schema, following references between components.
    pub(super) fn component_item(
        &self,
        reference: &str,
        pointer: &str,
    ) -> Result<(&'a str, &'a Schema), Diag> {
        let (mut name, _) = self.component(reference, pointer)?;
        for _ in 0..MAX_DEPTH {
            match self.component_schema(name) {
                Some(ReferenceOr::Item(schema)) => return Ok((name, schema)),
                Some(ReferenceOr::Reference { reference }) => {
                    name = self.component(reference, pointer)?.0;
                }
                None => break,
            }
        }
        Err(Diag::new(
            pointer,
            format!("`$ref` chain through `{name}` does not end in a schema"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_component_reference_names_its_schema_unescaped() {
        assert_eq!(
            component_name("#/components/schemas/a~1b~0c").as_deref(),
            Some("a/b~c")
        );
        assert_eq!(component_name("other.yaml#/Pet"), None);
    }

    #[test]
    fn raw_facts_keep_the_method_order_and_the_explicit_explodes() {
        let bundled = serde_json::json!({"paths": {"/pets": {
            "post": {"requestBody": {"content": {"application/x-www-form-urlencoded": {
                "encoding": {"tags": {"explode": false}, "name": {"style": "form"}}
            }}}},
            "get": {}
        }}});
        let raw = raw_facts(&bundled);
        assert_eq!(raw.method_order["/pets"], ["post", "get"]);
        let at =
            "/paths/~1pets/post/requestBody/content/application~1x-www-form-urlencoded/encoding";
        assert!(raw.explicit_explode.contains(&format!("{at}/tags")));
        assert!(!raw.explicit_explode.contains(&format!("{at}/name")));
    }

    #[test]
    fn components_named_as_json_leave_out_multipart_body_schemas() {
        let bundled = serde_json::json!({"paths": {"/a": {"post": {
            "requestBody": {"content": {
                "multipart/form-data": {"schema": {"$ref": "#/components/schemas/Upload"}},
                "multipart/mixed": {"schema": {"allOf": [{"$ref": "#/components/schemas/Mixed"}]}}
            }},
            "responses": {"200": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Shared"},
                "example": {"$ref": "#/components/schemas/Data"}
            }}}}
        }}}});
        let raw = raw_facts(&bundled);
        let mut named: Vec<&str> = raw.named_as_json.iter().map(String::as_str).collect();
        named.sort_unstable();
        assert_eq!(named, ["Shared"]);
    }
}
