//! The contact mapping stage: reads a document's `x-contact-*` extensions, checks them, and
//! describes where each canonical contact field sits in the update operation's request body and
//! response (`ContactMapping`, returned in `Output::contact`), for `emit::contact` to print as
//! data. It also writes the capability matrix of several documents' mappings
//! ([`capability_matrix`]).
//!
//! The vocabulary (see `FIELDS`): on the operation `x-contact-operation: update`; on its path
//! parameter `x-contact-field: id`; on request and response properties `x-contact-field: <field>`
//! and, where it matters, `x-contact-semantics: replace | append`. A property carrying a field
//! must have a type that can hold it. It reads the bundled document (after `resolve` the only
//! references are `#/components/schemas/<name>`), follows references and `allOf` into nested
//! objects, and never changes the document: a document without these extensions generates
//! exactly as before. It knows no vendor.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::error::{Diag, Error};
use crate::ir::Operation;
use crate::load::Sources;
use crate::locate::locate_all;

/// The canonical fields a spec may name, and what kind of property may carry each.
pub(crate) const FIELDS: &[(&str, Kind)] = &[
    ("id", Kind::Id),
    ("first_name", Kind::Text),
    ("last_name", Kind::Text),
    ("full_name", Kind::Text),
    ("email", Kind::Text),
    ("phone", Kind::Text),
    ("company", Kind::Text),
    ("job_title", Kind::Text),
    ("street", Kind::Text),
    ("city", Kind::Text),
    ("state", Kind::Text),
    ("postal_code", Kind::Text),
    ("country", Kind::Text),
    ("website", Kind::Text),
    ("linkedin_url", Kind::Text),
    ("tags", Kind::Tags),
    ("notes", Kind::Text),
    ("owner_email", Kind::Text),
    ("owner_id", Kind::Id),
    ("custom_fields", Kind::Object),
    ("updated_at", Kind::Text),
];

/// What a property must be to carry a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `type: string`.
    Text,
    /// `type: string` or `type: integer`.
    Id,
    /// `type: array` of `type: string`.
    Tags,
    /// `type: object` whose `additionalProperties` is not `false`.
    Object,
}

impl Kind {
    fn needs(self) -> &'static str {
        match self {
            Kind::Text => "a string (`type: string`)",
            Kind::Id => "a string or an integer",
            Kind::Tags => "a list of strings (`type: array`, `items` of `type: string`)",
            Kind::Object => {
                "an object open to any key (`type: object`, `additionalProperties` not false)"
            }
        }
    }
}

/// The type of the contact id path parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IdKind {
    Integer,
    Text,
    Uuid,
}

/// One request property carrying a canonical field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Target {
    pub(crate) field: &'static str,
    /// JSON pointer inside the request body.
    pub(crate) pointer: String,
    pub(crate) append: bool,
    /// The property is `nullable`.
    pub(crate) clearable: bool,
    /// The property is an integer.
    pub(crate) integer: bool,
}

/// Where a document keeps the canonical contact fields of its update operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactMapping {
    /// The module's name (the document's file name without extension).
    pub(crate) vendor: String,
    /// The update operation: its `operationId` (or `""`), method (lower case) and path.
    pub(crate) operation_id: String,
    pub(crate) method: String,
    pub(crate) path: String,
    /// The id path parameter's name and type.
    pub(crate) id_param: String,
    pub(crate) id: IdKind,
    /// Required object properties on the way to a field, which the body always contains.
    pub(crate) objects: Vec<String>,
    pub(crate) request: Vec<Target>,
    /// (field, JSON pointer inside the success body).
    pub(crate) response: Vec<(&'static str, String)>,
}

impl ContactMapping {
    /// The update operation among the module's `operations`.
    pub(crate) fn operation<'m>(&self, operations: &'m [Operation]) -> Option<&'m Operation> {
        operations
            .iter()
            .find(|op| op.path == self.path && op.method.eq_ignore_ascii_case(&self.method))
    }
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Reads the mapping of the bundled document `root` (`sources` still holding the files as
/// written); `None` when no operation says `x-contact-operation`. `path` names the module.
pub(crate) fn read(
    root: &Value,
    sources: &Sources,
    path: &Path,
) -> Result<Option<ContactMapping>, Error> {
    // OpenAPI 3.0 ignores what sits beside a `$ref`, and bundling drops it: an extension there
    // would vanish without a word.
    for file in sources
        .files
        .iter()
        .filter(|f| f.text.contains("x-contact-"))
    {
        if let Some(pointer) = beside_ref(&file.value, String::new()) {
            return Err(Error {
                file: file.path.clone(),
                location: locate_all(&file.text, &[&pointer]).pop().flatten(),
                pointer: Some(pointer),
                message: "an `x-contact-*` extension beside a `$ref` is ignored (OpenAPI 3.0 ignores what sits beside a `$ref`); write the reference as `allOf: [$ref: ...]` to keep it".to_owned(),
            });
        }
    }
    let vendor = path.file_stem().unwrap_or_default().to_string_lossy();
    read_mapping(root, &vendor).map_err(|d| sources.error(d))
}

/// The pointer of the first `x-contact-*` key beside a `$ref` in `value`.
fn beside_ref(value: &Value, at: String) -> Option<String> {
    match value {
        Value::Object(map) => {
            if map.contains_key("$ref") {
                if let Some(key) = map.keys().find(|k| k.starts_with("x-contact-")) {
                    return Some(format!("{at}/{}", escape(key)));
                }
            }
            map.iter()
                .find_map(|(key, child)| beside_ref(child, format!("{at}/{}", escape(key))))
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, child)| beside_ref(child, format!("{at}/{i}"))),
        _ => None,
    }
}

/// Reads the mapping of the bundled document `root`.
fn read_mapping(root: &Value, vendor: &str) -> Result<Option<ContactMapping>, Diag> {
    let mut found: Option<(String, String, String)> = None;
    let paths = root.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let at = format!("/paths/{}/{method}", escape(path));
            let Some(mark) = op.get("x-contact-operation") else {
                continue;
            };
            if mark.as_str() != Some("update") {
                return Err(Diag::new(
                    format!("{at}/x-contact-operation"),
                    format!(
                        "`x-contact-operation` is `update` (the only operation the unified contact update uses), not {mark}"
                    ),
                ));
            }
            if let Some((_, _, first)) = &found {
                return Err(Diag::new(
                    format!("{at}/x-contact-operation"),
                    format!("a second `x-contact-operation: update`; the first is at {first}"),
                ));
            }
            found = Some((path.clone(), method.to_owned(), at));
        }
    }
    let Some((path, method, at)) = found else {
        return Ok(None);
    };
    let op = &root["paths"][&path][&method];
    let mut mapping = ContactMapping {
        // As `xtask` names modules.
        vendor: vendor.replace(['-', '.', ' '], "_").to_ascii_lowercase(),
        operation_id: op
            .get("operationId")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        method: method.clone(),
        path: path.clone(),
        id_param: String::new(),
        id: IdKind::Text,
        objects: Vec::new(),
        request: Vec::new(),
        response: Vec::new(),
    };
    read_parameters(root, op, &path, &at, &mut mapping)?;
    let Some(body) = json_schema(op.get("requestBody"), &format!("{at}/requestBody")) else {
        return Err(Diag::new(
            at,
            "`x-contact-operation: update` needs a JSON request body (`requestBody` with `application/json` content)",
        ));
    };
    let mut walk = Walk {
        root,
        seen: BTreeMap::new(),
        request: true,
        mapping: &mut mapping,
    };
    walk.object(body.0, &body.1, "", &mut Vec::new())?;
    let responses = op.get("responses").and_then(Value::as_object);
    let success: Vec<(&String, &Value)> = responses
        .into_iter()
        .flatten()
        .filter(|(status, _)| status.starts_with('2'))
        .collect();
    let schema = match success.as_slice() {
        [(status, response)] => json_schema(
            Some(response),
            &format!("{at}/responses/{}", escape(status)),
        ),
        _ => None,
    };
    let Some(schema) = schema else {
        return Err(Diag::new(
            format!("{at}/responses"),
            "`x-contact-operation: update` needs exactly one success (2xx) response, with a JSON body",
        ));
    };
    let mut walk = Walk {
        root,
        seen: BTreeMap::new(),
        request: false,
        mapping: &mut mapping,
    };
    walk.object(schema.0, &schema.1, "", &mut Vec::new())?;
    Ok(Some(mapping))
}

/// Finds the id path parameter; any other parameter must be a constant header, since the
/// unified update has nothing to fill it with.
fn read_parameters(
    root: &Value,
    op: &Value,
    path: &str,
    at: &str,
    mapping: &mut ContactMapping,
) -> Result<(), Diag> {
    let item = &root["paths"][path];
    let shared = item.get("parameters").and_then(Value::as_array);
    let own = op.get("parameters").and_then(Value::as_array);
    let path_at = format!("/paths/{}/parameters", escape(path));
    let op_at = format!("{at}/parameters");
    let all = shared
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(i, p)| (p, format!("{path_at}/{i}")))
        .chain(
            own.into_iter()
                .flatten()
                .enumerate()
                .map(|(i, p)| (p, format!("{op_at}/{i}"))),
        );
    for (param, param_at) in all {
        let name = param
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let location = param.get("in").and_then(Value::as_str).unwrap_or_default();
        let schema = param.get("schema").map(|s| deref(root, s, String::new()).0);
        match param.get("x-contact-field") {
            Some(mark) if mark.as_str() == Some("id") => {
                let pointer = format!("{param_at}/x-contact-field");
                if location != "path" {
                    return Err(Diag::new(
                        pointer,
                        "`x-contact-field: id` belongs on the path parameter that names the contact",
                    ));
                }
                if !mapping.id_param.is_empty() {
                    return Err(Diag::new(
                        pointer,
                        "a second `x-contact-field: id` parameter; the contact has one id",
                    ));
                }
                let ty = schema.and_then(|s| s.get("type")).and_then(Value::as_str);
                let format = schema.and_then(|s| s.get("format")).and_then(Value::as_str);
                mapping.id = match (ty, format) {
                    (Some("integer"), _) => IdKind::Integer,
                    (Some("string"), Some("uuid")) => IdKind::Uuid,
                    (Some("string"), _) => IdKind::Text,
                    _ => {
                        return Err(Diag::new(
                            pointer,
                            "`x-contact-field: id` needs a parameter of type string or integer",
                        ));
                    }
                };
                mapping.id_param = name.to_owned();
            }
            Some(mark) => {
                return Err(Diag::new(
                    format!("{param_at}/x-contact-field"),
                    format!(
                        "a parameter can only carry `x-contact-field: id` (the contact id), not {mark}"
                    ),
                ));
            }
            None => {
                let constant = location == "header"
                    && schema
                        .and_then(|s| s.get("enum"))
                        .and_then(Value::as_array)
                        .is_some_and(|values| values.len() == 1);
                if location == "path" {
                    return Err(Diag::new(
                        param_at,
                        format!(
                            "path parameter `{name}` of the contact update operation is not marked `x-contact-field: id`; the unified update fills only the contact id and constant headers"
                        ),
                    ));
                }
                if !constant {
                    return Err(Diag::new(
                        param_at,
                        format!(
                            "the contact update operation has parameter `{name}`, which the unified update cannot fill; only the contact id (`x-contact-field: id`) and constant headers are allowed"
                        ),
                    ));
                }
            }
        }
    }
    if mapping.id_param.is_empty() {
        return Err(Diag::new(
            at,
            "`x-contact-operation: update` needs its contact id path parameter marked `x-contact-field: id`",
        ));
    }
    Ok(())
}

/// The JSON schema of a request body or response and its pointer.
fn json_schema<'v>(holder: Option<&'v Value>, at: &str) -> Option<(&'v Value, String)> {
    let content = holder?.get("content")?.as_object()?;
    let (media, value) = content.iter().find(|(media, _)| {
        let essence = media.split(';').next().unwrap_or_default().trim();
        essence == "application/json" || essence.ends_with("+json")
    })?;
    let schema = value.get("schema")?;
    Some((schema, format!("{at}/content/{}/schema", escape(media))))
}

/// Follows `$ref`s to component schemas (a bounded walk) and returns the schema and its pointer.
fn deref<'v>(root: &'v Value, schema: &'v Value, mut at: String) -> (&'v Value, String) {
    let mut current = schema;
    for _ in 0..16 {
        let Some(target) = current
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
        else {
            break;
        };
        match root.pointer(target) {
            Some(next) => {
                current = next;
                at = target.to_owned();
            }
            None => break,
        }
    }
    (current, at)
}

struct Walk<'v, 'm> {
    root: &'v Value,
    /// Canonical field → where it was first marked, on this side.
    seen: BTreeMap<&'static str, String>,
    request: bool,
    mapping: &'m mut ContactMapping,
}

impl<'v> Walk<'v, '_> {
    /// Visits the properties of the object `schema` (at `at` in the document) sitting at
    /// `body` in the request or response body. `stack` holds the schemas being visited, so a
    /// recursive schema is visited once per path.
    fn object(
        &mut self,
        schema: &'v Value,
        at: &str,
        body: &str,
        stack: &mut Vec<String>,
    ) -> Result<(), Diag> {
        let (schema, at) = deref(self.root, schema, at.to_owned());
        if stack.contains(&at) || stack.len() > 16 {
            return Ok(());
        }
        stack.push(at.clone());
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (name, property) in properties {
                let property_at = format!("{at}/properties/{}", escape(name));
                let inner = format!("{body}/{}", escape(name));
                self.property(
                    property,
                    &property_at,
                    &inner,
                    required.contains(&name.as_str()),
                    stack,
                )?;
            }
        }
        for (i, part) in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            self.object(part, &format!("{at}/allOf/{i}"), body, stack)?;
        }
        stack.pop();
        Ok(())
    }

    fn property(
        &mut self,
        property: &'v Value,
        at: &str,
        body: &str,
        required: bool,
        stack: &mut Vec<String>,
    ) -> Result<(), Diag> {
        let (resolved, _) = deref(self.root, property, at.to_owned());
        let is_object = resolved.get("properties").is_some() || resolved.get("allOf").is_some();
        let Some(mark) = property.get("x-contact-field") else {
            if property.get("x-contact-semantics").is_some() {
                return Err(Diag::new(
                    format!("{at}/x-contact-semantics"),
                    "`x-contact-semantics` without `x-contact-field` on the same property",
                ));
            }
            if is_object {
                let before = self.mapping.request.len();
                self.object(property, at, body, stack)?;
                if self.request && required && self.mapping.request.len() > before {
                    self.mapping.objects.push(body.to_owned());
                }
            }
            return Ok(());
        };
        let pointer = format!("{at}/x-contact-field");
        let Some((field, kind)) = mark
            .as_str()
            .and_then(|name| FIELDS.iter().find(|(known, _)| *known == name))
            .copied()
        else {
            let names: Vec<&str> = FIELDS.iter().map(|(name, _)| *name).collect();
            return Err(Diag::new(
                pointer,
                format!(
                    "unknown canonical contact field {mark} in `x-contact-field`; the fields are {}",
                    names.join(", ")
                ),
            ));
        };
        if self.request && matches!(field, "id" | "updated_at") {
            return Err(Diag::new(
                pointer,
                format!(
                    "`x-contact-field: {field}` is read from the response (and the id from the path parameter), never written in the request body"
                ),
            ));
        }
        let ty = resolved.get("type").and_then(Value::as_str);
        let fits = match kind {
            Kind::Text => ty == Some("string"),
            Kind::Id => matches!(ty, Some("string" | "integer")),
            Kind::Tags => {
                let items = resolved
                    .get("items")
                    .map(|items| deref(self.root, items, String::new()).0);
                ty == Some("array")
                    && items.and_then(|i| i.get("type")).and_then(Value::as_str) == Some("string")
            }
            Kind::Object => {
                (ty == Some("object") || (ty.is_none() && is_object))
                    && resolved.get("additionalProperties") != Some(&Value::Bool(false))
            }
        };
        if !fits {
            let actual = match (ty, resolved.get("items").and_then(|i| i.get("type"))) {
                (Some("array"), Some(Value::String(item))) => format!("a list of {item}"),
                (Some(ty), _) => format!("of type {ty}"),
                (None, _) => "of no type".to_owned(),
            };
            return Err(Diag::new(
                pointer,
                format!(
                    "`x-contact-field: {field}` needs {}, but this property is {actual}",
                    kind.needs()
                ),
            ));
        }
        let append = match property.get("x-contact-semantics") {
            None => false,
            Some(v) if v.as_str() == Some("replace") => false,
            Some(v) if v.as_str() == Some("append") => true,
            Some(other) => {
                return Err(Diag::new(
                    format!("{at}/x-contact-semantics"),
                    format!("`x-contact-semantics` is `replace` or `append`, not {other}"),
                ));
            }
        };
        if let Some(first) = self.seen.get(field) {
            return Err(Diag::new(
                pointer,
                format!(
                    "`x-contact-field: {field}` is already on {first} in the {}; a field has one place",
                    if self.request { "request" } else { "response" }
                ),
            ));
        }
        self.seen.insert(field, at.to_owned());
        if self.request {
            let nullable = |s: &Value| s.get("nullable") == Some(&Value::Bool(true));
            self.mapping.request.push(Target {
                field,
                pointer: body.to_owned(),
                append,
                clearable: nullable(property) || nullable(resolved),
                integer: ty == Some("integer"),
            });
            // The custom fields may be the object holding the other fields (one object for
            // every field, known or not): look inside it too.
            if kind == Kind::Object && is_object {
                self.object(property, at, body, stack)?;
            }
        } else {
            self.mapping.response.push((field, body.to_owned()));
        }
        Ok(())
    }
}

/// Escapes a JSON pointer token.
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// The capability matrix of the documents (`(module name, its mapping from`
/// [`Output::contact`](crate::Output::contact)`)`), as Markdown: one row per
/// canonical field, one column per document, each cell what the document's `x-contact-*`
/// extensions say (the request property, its semantics, whether it can be cleared, or the
/// response property only). A document without `x-contact-operation` gets an empty column.
pub fn capability_matrix(mappings: &[(&str, Option<&ContactMapping>)]) -> String {
    let mut out = String::from(
        "# Contact capabilities\n\n\
         From the `x-contact-*` extensions of the specs. Each cell names the request property a canonical field is written to (a JSON \
         pointer into the request body) and how: `replace` or `append`, `clearable` when the \
         property is nullable; `response only` when the vendor returns the field but does not take \
         it; `-` when the vendor has neither. A full name is derived from first and last name \
         for a vendor with only a full name, and never split.\n\n",
    );
    out.push_str("| field |");
    for (name, _) in mappings {
        out.push_str(&format!(" {name} |"));
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(mappings.len()));
    out.push('\n');
    for (field, _) in FIELDS {
        out.push_str(&format!("| `{field}` |"));
        for (_, mapping) in mappings {
            out.push_str(&format!(" {} |", cell(*mapping, field)));
        }
        out.push('\n');
    }
    out.push_str("\n| contact id | ");
    for (_, mapping) in mappings {
        let id = match mapping.map(|m| m.id) {
            Some(IdKind::Integer) => "integer",
            Some(IdKind::Text) => "text",
            Some(IdKind::Uuid) => "UUID",
            None => "-",
        };
        out.push_str(&format!("{id} | "));
    }
    out = out.trim_end().to_owned();
    out.push('\n');
    out
}

fn cell(mapping: Option<&ContactMapping>, field: &str) -> String {
    let Some(mapping) = mapping else {
        return "-".to_owned();
    };
    if field == "id" {
        return format!("path `{}`", mapping.id_param);
    }
    if let Some(target) = mapping.request.iter().find(|t| t.field == field) {
        let mut text = format!(
            "`{}` {}",
            target.pointer,
            if target.append { "append" } else { "replace" }
        );
        if target.clearable {
            text.push_str(", clearable");
        }
        return text;
    }
    let has = |f: &str| mapping.request.iter().any(|t| t.field == f);
    let note = match field {
        "first_name" | "last_name" if has("full_name") => {
            " (with both names: derived into `full_name`)"
        }
        "full_name" if has("first_name") || has("last_name") => " (never split)",
        _ => "",
    };
    if mapping.response.iter().any(|(f, _)| *f == field) {
        return format!("response only{note}");
    }
    format!("-{note}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A document whose update operation has `properties` in its body and `response` as its
    /// success body's properties.
    fn doc(properties: Value, response: Value) -> Value {
        json!({
            "paths": {"/c/{id}": {"put": {
                "x-contact-operation": "update",
                "parameters": [{"name": "id", "in": "path", "required": true,
                    "x-contact-field": "id", "schema": {"type": "integer"}}],
                "requestBody": {"content": {"application/json": {"schema": {
                    "type": "object", "properties": properties}}}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"type": "object", "properties": response}}}}}
            }}}
        })
    }

    fn message(root: &Value) -> String {
        read_mapping(root, "v").expect_err("an error").message
    }

    #[test]
    fn a_document_without_the_extensions_has_no_mapping() {
        let mut root = doc(json!({}), json!({}));
        root["paths"]["/c/{id}"]["put"]
            .as_object_mut()
            .unwrap()
            .remove("x-contact-operation");
        assert_eq!(read_mapping(&root, "v"), Ok(None));
    }

    #[test]
    fn fields_are_read_with_their_pointers_semantics_and_types() {
        let root = doc(
            json!({
                "notes": {"type": "string", "x-contact-field": "notes", "x-contact-semantics": "append"},
                "owner": {"type": "integer", "nullable": true, "x-contact-field": "owner_id"}
            }),
            json!({"id": {"type": "integer", "x-contact-field": "id"}}),
        );
        let mapping = read_mapping(&root, "My-Vendor").unwrap().unwrap();
        assert_eq!(mapping.vendor, "my_vendor");
        assert_eq!(mapping.id, IdKind::Integer);
        assert_eq!(
            mapping.request,
            [
                Target {
                    field: "notes",
                    pointer: "/notes".into(),
                    append: true,
                    clearable: false,
                    integer: false
                },
                Target {
                    field: "owner_id",
                    pointer: "/owner".into(),
                    append: false,
                    clearable: true,
                    integer: true
                },
            ]
        );
        assert_eq!(mapping.response, [("id", "/id".to_owned())]);
    }

    #[test]
    fn misplaced_or_mistyped_extensions_are_errors() {
        let id_in_body = doc(
            json!({"id": {"type": "string", "x-contact-field": "id"}}),
            json!({}),
        );
        assert!(message(&id_in_body).contains("never written in the request body"));
        let lone_semantics = doc(
            json!({"n": {"type": "string", "x-contact-semantics": "append"}}),
            json!({}),
        );
        assert!(message(&lone_semantics).contains("without `x-contact-field`"));
        let owner_bool = doc(
            json!({"o": {"type": "boolean", "x-contact-field": "owner_id"}}),
            json!({}),
        );
        assert!(message(&owner_bool).contains("needs a string or an integer"));
        let not_a_name = doc(
            json!({"o": {"type": "string", "x-contact-field": 5}}),
            json!({}),
        );
        assert!(message(&not_a_name).contains("unknown canonical contact field 5"));
        let mut two_successes = doc(json!({}), json!({}));
        two_successes["paths"]["/c/{id}"]["put"]["responses"]["201"] =
            json!({"description": "created"});
        assert!(message(&two_successes).contains("exactly one success"));
        let mut form = doc(json!({}), json!({}));
        let body = &mut form["paths"]["/c/{id}"]["put"]["requestBody"]["content"];
        *body = json!({"application/x-www-form-urlencoded": {"schema": {"type": "object"}}});
        assert!(message(&form).contains("JSON request body"));
        let mut query = doc(json!({}), json!({}));
        query["paths"]["/c/{id}"]["put"]["parameters"]
            .as_array_mut()
            .unwrap()
            .push(json!({"name": "q", "in": "query", "schema": {"type": "string"}}));
        assert!(message(&query).contains("parameter `q`"));
        let mut bad_operation = doc(json!({}), json!({}));
        bad_operation["paths"]["/c/{id}"]["put"]["x-contact-operation"] = json!("create");
        assert!(message(&bad_operation).contains("not \"create\""));
    }

    #[test]
    fn recursive_schemas_are_visited_once_per_path() {
        let root = json!({
            "paths": {"/c/{id}": {"put": {
                "x-contact-operation": "update",
                "parameters": [{"name": "id", "in": "path", "x-contact-field": "id",
                    "schema": {"type": "string", "format": "uuid"}}],
                "requestBody": {"content": {"application/json": {"schema":
                    {"$ref": "#/components/schemas/Node"}}}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Node"}}}}}
            }}},
            "components": {"schemas": {"Node": {"type": "object", "properties": {
                "email": {"type": "string", "x-contact-field": "email"},
                "child": {"$ref": "#/components/schemas/Node"}
            }}}}
        });
        let mapping = read_mapping(&root, "v").unwrap().unwrap();
        assert_eq!(mapping.id, IdKind::Uuid);
        assert_eq!(mapping.request.len(), 1);
        assert_eq!(mapping.response, [("email", "/email".to_owned())]);
    }
}
