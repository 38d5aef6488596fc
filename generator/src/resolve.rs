//! Stage 3: resolves `$ref`s into one self-contained document.
//!
//! After this stage the only references left are schema references of the form
//! `#/components/schemas/<name>`, all of which exist:
//! - a schema reference into another file (or to a schema that is not a component, such as
//!   `#/components/schemas/Pet/properties/owner`) imports the target as a new component schema,
//!   named after the target and made unique, once per target;
//! - every other reference (parameters, request bodies, responses, headers, examples, path items)
//!   is replaced by a copy of its target.
//!
//! Each copied or imported piece is recorded in [`Sources::origins`], so an error inside it is
//! reported in the file and at the line where it was written.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_json::{Map, Value};

use crate::error::{Diag, Error, join, split_pointer};
use crate::load::{Origin, Sources, at_pointer};
use crate::validate::Version;

/// What the value being walked is, which decides what a `$ref` in it means.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    /// A Schema Object: references become named component schemas.
    Schema,
    /// Any other OpenAPI object: references are replaced by their target.
    Other,
}

/// Keys of non-schema objects whose values are literal data (a media type's `example`, an
/// Example's `value`), never walked for references. `default` is not one: in a Responses object
/// it is a response. Inside schemas only the keys that hold subschemas are walked.
const DATA_KEYS: &[&str] = &["example", "value"];

/// Resolves every reference of the root file (`sources.files[0]`) and returns the bundled
/// document, with a warning for each reference read in a way its document does not say
/// exactly. `version` decides what a reference with other keywords beside it means: in 3.0 they
/// are ignored, in 3.1 they apply too.
pub(crate) fn bundle(sources: &mut Sources, version: Version) -> Result<(Value, Vec<Diag>), Error> {
    let mut root = sources.files[0].value.clone();
    let taken: HashSet<String> = root
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let mut bundler = Bundler {
        sources,
        imported: HashMap::new(),
        new_schemas: Vec::new(),
        taken,
        inlining: Vec::new(),
        version,
        warnings: Vec::new(),
    };
    bundler.walk(&mut root, 0, "", Context::Other)?;
    let new_schemas = std::mem::take(&mut bundler.new_schemas);
    if !new_schemas.is_empty() {
        let schemas = root
            .as_object_mut()
            .map(|o| {
                o.entry("components")
                    .or_insert_with(|| Value::Object(Map::new()))
            })
            .and_then(Value::as_object_mut)
            .map(|c| {
                c.entry("schemas")
                    .or_insert_with(|| Value::Object(Map::new()))
            })
            .and_then(Value::as_object_mut);
        let Some(schemas) = schemas else {
            return Err(bundler.sources.error(Diag::new(
                "/components",
                "`components` and `components/schemas` must be objects",
            )));
        };
        schemas.extend(new_schemas);
    }
    let warnings = std::mem::take(&mut bundler.warnings);
    Ok((
        root,
        crate::openapi31::once_per_place(warnings, bundler.sources),
    ))
}

struct Bundler<'s> {
    sources: &'s mut Sources,
    /// Imported schema targets (file, pointer) and the component name each got.
    imported: HashMap<(usize, String), String>,
    new_schemas: Vec<(String, Value)>,
    /// Component schema names in use.
    taken: HashSet<String>,
    /// Targets being copied, to refuse a reference that contains itself.
    inlining: Vec<(usize, String)>,
    version: Version,
    warnings: Vec<Diag>,
}

impl Bundler<'_> {
    fn err(&self, pointer: &str, message: String) -> Error {
        self.sources.error(Diag::new(pointer, message))
    }

    fn walk(
        &mut self,
        value: &mut Value,
        file: usize,
        at: &str,
        ctx: Context,
    ) -> Result<(), Error> {
        match value {
            Value::Object(map) => {
                if let Some(reference) = map.get("$ref") {
                    let Value::String(reference) = reference else {
                        return Err(self.err(&join(at, "$ref"), "`$ref` must be a string".into()));
                    };
                    let reference = reference.clone();
                    if self.version == Version::V3_1 && has_siblings(map, is_member(at)) {
                        return self.with_siblings(value, &reference, file, at, ctx);
                    }
                    *value = self.resolve(&reference, file, at, ctx)?;
                    return Ok(());
                }
                let in_components = at == "/components";
                for (key, child) in map.iter_mut() {
                    let child_at = join(at, key);
                    match ctx {
                        Context::Other => {
                            if DATA_KEYS.contains(&key.as_str()) || key.starts_with("x-") {
                                continue;
                            }
                            if in_components && key == "schemas" {
                                if let Value::Object(schemas) = child {
                                    for (name, schema) in schemas.iter_mut() {
                                        let schema_at = join(&child_at, name);
                                        self.walk(schema, file, &schema_at, Context::Schema)?;
                                    }
                                }
                            } else if key == "schema" {
                                self.walk(child, file, &child_at, Context::Schema)?;
                            } else {
                                self.walk(child, file, &child_at, Context::Other)?;
                            }
                        }
                        Context::Schema => match key.as_str() {
                            "properties" => {
                                // `properties: {$ref: ...}`: the whole map written elsewhere, a
                                // JSON Reference that bundlers follow. Its schemas are walked
                                // in the file they come from.
                                let mut properties_file = file;
                                let mut copied = false;
                                if let Some(Value::String(reference)) =
                                    child.as_object().and_then(|m| m.get("$ref"))
                                {
                                    let reference = reference.clone();
                                    let (copy, key) =
                                        self.copy_target(&reference, file, &child_at)?;
                                    *child = copy;
                                    properties_file = key.0;
                                    // Walked with its target marked, so that a map that
                                    // refers to itself is a cycle, not endless copies.
                                    self.inlining.push(key);
                                    copied = true;
                                }
                                let mut result = Ok(());
                                if let Value::Object(properties) = child {
                                    for (name, schema) in properties.iter_mut() {
                                        let schema_at = join(&child_at, name);
                                        result = self.walk(
                                            schema,
                                            properties_file,
                                            &schema_at,
                                            Context::Schema,
                                        );
                                        if result.is_err() {
                                            break;
                                        }
                                    }
                                }
                                if copied {
                                    self.inlining.pop();
                                }
                                result?;
                            }
                            "discriminator" => self.rewrite_mapping(child, file, &child_at),
                            // 3.1 keywords holding schemas that `openapi31` turns into 3.0 ones.
                            "unevaluatedProperties" if self.version == Version::V3_1 => {
                                self.walk(child, file, &child_at, Context::Schema)?;
                            }
                            "patternProperties" if self.version == Version::V3_1 => {
                                if let Value::Object(patterns) = child {
                                    for (pattern, schema) in patterns.iter_mut() {
                                        let schema_at = join(&child_at, pattern);
                                        self.walk(schema, file, &schema_at, Context::Schema)?;
                                    }
                                }
                            }
                            "items"
                            | "additionalProperties"
                            | "not"
                            | "allOf"
                            | "oneOf"
                            | "anyOf" => self.walk(child, file, &child_at, Context::Schema)?,
                            _ => {}
                        },
                    }
                }
                Ok(())
            }
            Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    self.walk(item, file, &join(at, &i.to_string()), ctx)?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Returns what the `$ref` object at `at` (in `file`) becomes.
    fn resolve(
        &mut self,
        reference: &str,
        file: usize,
        at: &str,
        ctx: Context,
    ) -> Result<Value, Error> {
        let (target_file, pointer) = self.existing(reference, file, at)?;
        match ctx {
            Context::Schema => {
                let segments = split_pointer(&pointer);
                let is_root_component = target_file == 0
                    && segments.len() == 3
                    && segments[0] == "components"
                    && segments[1] == "schemas";
                let name = if is_root_component {
                    segments[2].clone()
                } else {
                    self.import_schema(target_file, &pointer)?
                };
                let mut object = Map::new();
                object.insert(
                    "$ref".into(),
                    Value::String(format!(
                        "#/components/schemas/{}",
                        crate::error::escape_segment(&name)
                    )),
                );
                Ok(Value::Object(object))
            }
            Context::Other => {
                let key = (target_file, pointer.clone());
                if self.inlining.contains(&key) {
                    return Err(self.err(
                        at,
                        format!("`$ref` {reference:?} refers to an object that contains this reference: a cycle with no schema in between"),
                    ));
                }
                let mut copy = at_pointer(&self.sources.files[target_file].value, &pointer)
                    .cloned()
                    .unwrap_or(Value::Null);
                self.sources.origins.push(Origin {
                    bundled_prefix: at.to_owned(),
                    source: target_file,
                    pointer: pointer.clone(),
                });
                self.inlining.push(key);
                let result = self.walk(&mut copy, target_file, at, Context::Other);
                self.inlining.pop();
                result.map(|()| copy)
            }
        }
    }

    /// Points a `discriminator`'s `mapping` references at the component schemas they end up as:
    /// a reference written in another file (or to a schema that is not a component) names the
    /// schema it imports. Plain schema names, and references that lead nowhere (which `lower`
    /// reports), are left as they are.
    fn rewrite_mapping(&mut self, discriminator: &mut Value, file: usize, at: &str) {
        let Some(Value::Object(mapping)) = discriminator.get_mut("mapping") else {
            return;
        };
        let mapping_at = join(at, "mapping");
        for (value, target) in mapping.iter_mut() {
            let Value::String(reference) = target else {
                continue;
            };
            if !reference.contains(['#', '/']) {
                continue;
            }
            let entry_at = join(&mapping_at, value);
            let Ok((target_file, pointer)) = self.existing(reference, file, &entry_at) else {
                continue;
            };
            let segments = split_pointer(&pointer);
            let name = if target_file == 0
                && segments.len() == 3
                && segments[0] == "components"
                && segments[1] == "schemas"
            {
                segments[2].clone()
            } else {
                match self.import_schema(target_file, &pointer) {
                    Ok(name) => name,
                    Err(_) => continue,
                }
            };
            *reference = format!(
                "#/components/schemas/{}",
                crate::error::escape_segment(&name)
            );
        }
    }

    /// A copy of what `reference` (at `at`, in `file`) points to, not walked, and where it is
    /// (file and pointer); recorded as an origin so errors inside it name where it was written.
    /// A target being copied already (a reference inside itself) is an error.
    fn copy_target(
        &mut self,
        reference: &str,
        file: usize,
        at: &str,
    ) -> Result<(Value, (usize, String)), Error> {
        let (target_file, pointer) = self.existing(reference, file, at)?;
        let key = (target_file, pointer.clone());
        if self.inlining.contains(&key) {
            return Err(self.err(
                at,
                format!("`$ref` {reference:?} refers to an object that contains this reference: a cycle with no schema in between"),
            ));
        }
        let copy = at_pointer(&self.sources.files[target_file].value, &pointer)
            .cloned()
            .unwrap_or(Value::Null);
        self.sources.origins.push(Origin {
            bundled_prefix: at.to_owned(),
            source: target_file,
            pointer,
        });
        Ok((copy, key))
    }

    /// Imports the schema at `pointer` of `file` as a component schema; returns its name.
    fn import_schema(&mut self, file: usize, pointer: &str) -> Result<String, Error> {
        let key = (file, pointer.to_owned());
        if let Some(name) = self.imported.get(&key) {
            return Ok(name.clone());
        }
        let base = split_pointer(pointer)
            .last()
            .filter(|s| !s.is_empty() && !s.chars().all(|c| c.is_ascii_digit()))
            .cloned()
            .unwrap_or_else(|| {
                let path = self.sources.path(file);
                path.file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default()
            });
        let mut name = base.clone();
        let mut n = 2;
        while self.taken.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.taken.insert(name.clone());
        self.imported.insert(key, name.clone());
        let bundled_at = join("/components/schemas", &name);
        self.sources.origins.push(Origin {
            bundled_prefix: bundled_at.clone(),
            source: file,
            pointer: pointer.to_owned(),
        });
        let mut schema = at_pointer(&self.sources.files[file].value, pointer)
            .cloned()
            .unwrap_or(Value::Null);
        self.walk(&mut schema, file, &bundled_at, Context::Schema)?;
        self.new_schemas.push((name.clone(), schema));
        Ok(name)
    }

    /// What the `$ref` object `value` at `at` becomes when keywords stand beside the reference,
    /// as OpenAPI 3.1 allows. In a schema they apply together with the target, which is what
    /// 3.0 writes as `allOf: [$ref]` beside them: the reference joins (or becomes) the
    /// schema's `allOf`. Elsewhere (a Reference Object) `summary` and `description` replace
    /// the target's.
    fn with_siblings(
        &mut self,
        value: &mut Value,
        reference: &str,
        file: usize,
        at: &str,
        ctx: Context,
    ) -> Result<(), Error> {
        let Value::Object(map) = value else {
            return Ok(());
        };
        map.remove("$ref");
        match ctx {
            Context::Schema => {
                // The keywords beside it first: the resolved reference names a component of
                // the bundled document, which is not to be resolved again from `file`.
                self.walk(value, file, at, ctx)?;
                let target = self.resolve(reference, file, at, ctx)?;
                let Value::Object(map) = value else {
                    return Ok(());
                };
                let all_of = map
                    .entry("allOf")
                    .or_insert_with(|| Value::Array(Vec::new()));
                let Value::Array(members) = all_of else {
                    return Err(self.err(&join(at, "allOf"), "`allOf` must be a list".into()));
                };
                let member_at = join(&join(at, "allOf"), &members.len().to_string());
                members.push(target);
                self.sources.moved(&member_at, &join(at, "$ref"));
                Ok(())
            }
            Context::Other => {
                let overrides: Vec<(String, Value, (usize, String))> = ["summary", "description"]
                    .into_iter()
                    .filter_map(|key| {
                        let text = map.get(key)?.clone();
                        Some((key.to_owned(), text, self.sources.origin_of(&join(at, key))))
                    })
                    .collect();
                *value = self.resolve(reference, file, at, ctx)?;
                if let Value::Object(target) = value {
                    for (key, text, (source, pointer)) in overrides {
                        self.sources.origins.push(Origin {
                            bundled_prefix: join(at, &key),
                            source,
                            pointer,
                        });
                        target.insert(key, text);
                    }
                }
                Ok(())
            }
        }
    }

    /// Where `reference` (at `at`, in `file`) points, which must exist. In a 3.1 document a
    /// reference into `#/$defs/...` that names nothing from the document's root is looked up
    /// in the `$defs` of the schemas it is written in, innermost first, as a schema written as
    /// a JSON Schema document of its own means it (with a warning).
    fn existing(
        &mut self,
        reference: &str,
        file: usize,
        at: &str,
    ) -> Result<(usize, String), Error> {
        let (target_file, pointer) = self.target(reference, file, at)?;
        if at_pointer(&self.sources.files[target_file].value, &pointer).is_some() {
            return Ok((target_file, pointer));
        }
        if self.version == Version::V3_1 && target_file == file && pointer.starts_with("/$defs/") {
            let (source, written_at) = self.sources.origin_of(at);
            let segments = split_pointer(&written_at);
            if source == file {
                for depth in (1..segments.len()).rev() {
                    let scope: String = segments[..depth]
                        .iter()
                        .map(|s| format!("/{}", crate::error::escape_segment(s)))
                        .collect();
                    let candidate = format!("{scope}{pointer}");
                    if at_pointer(&self.sources.files[file].value, &candidate).is_some() {
                        self.warnings.push(Diag::new(
                            at,
                            format!(
                                "`$ref` {reference:?} names nothing from the document's root: read as the `$defs` of the schema at #{scope}, which it is written in"
                            ),
                        ));
                        return Ok((file, candidate));
                    }
                }
            }
        }
        let file_name = self.sources.display_path(target_file);
        let nor_defs = if self.version == Version::V3_1 && pointer.starts_with("/$defs/") {
            ", nor in the `$defs` of the schemas it is written in"
        } else {
            ""
        };
        Err(self.err(
            at,
            format!(
                "dangling `$ref` {reference:?}: nothing at #{pointer} in {file_name}{nor_defs}"
            ),
        ))
    }

    /// Splits a reference into the file it points into (loading it) and the JSON pointer.
    fn target(&mut self, reference: &str, file: usize, at: &str) -> Result<(usize, String), Error> {
        let (path_part, fragment) = match reference.split_once('#') {
            Some((path, fragment)) => (path, fragment),
            None => (reference, ""),
        };
        let fragment = percent_decode(fragment);
        if !fragment.is_empty() && !fragment.starts_with('/') {
            return Err(self.err(
                at,
                format!(
                    "unsupported `$ref` {reference:?}: the part after `#` must be a JSON pointer"
                ),
            ));
        }
        if path_part.is_empty() {
            return Ok((file, fragment));
        }
        if path_part.contains("://") {
            return Err(self.err(
                at,
                format!("unsupported `$ref` {reference:?}: only references to local files are supported, not URLs"),
            ));
        }
        let base_dir = self
            .sources
            .path(file)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let target_path = base_dir.join(percent_decode(path_part));
        let index = self.sources.load(&target_path).map_err(|e| {
            if e.location.is_some() {
                // A syntax error inside the referenced file: report it there.
                e
            } else {
                self.err(
                    at,
                    format!(
                        "cannot load the file of `$ref` {reference:?}: {}",
                        e.message
                    ),
                )
            }
        })?;
        Ok((index, fragment))
    }
}

/// Whether a `$ref` object has keywords beside the reference that say something about the
/// value (not extensions, nor `$defs` and the other keywords that only organise a schema). For
/// a member of `allOf`/`oneOf`/`anyOf` (`member`), whose identity is the schema it names (a
/// `discriminator` tells members apart by it), annotations that change no value's validity
/// (a description, a title, examples) do not count either: they are left out.
fn has_siblings(map: &Map<String, Value>, member: bool) -> bool {
    map.keys().any(|k| {
        let organising = matches!(
            k.as_str(),
            "$ref" | "$defs" | "$schema" | "$id" | "$comment"
        );
        let annotation = matches!(
            k.as_str(),
            "description" | "title" | "summary" | "example" | "examples" | "deprecated" | "default"
        );
        let left_out = k.starts_with("x-") || organising || (member && annotation);
        !left_out
    })
}

/// Whether the schema at `at` is a member of an `allOf`/`oneOf`/`anyOf` list: its last
/// segment an index under one of them (a property's name is always under `properties`).
fn is_member(at: &str) -> bool {
    let mut segments = at.rsplit('/');
    let index = segments.next().unwrap_or_default();
    let list = segments.next().unwrap_or_default();
    !index.is_empty()
        && index.bytes().all(|b| b.is_ascii_digit())
        && matches!(list, "allOf" | "oneOf" | "anyOf")
}

/// Decodes `%XX` escapes, as URI fragments may carry them (`#/paths/~1pets%7Bid%7D`).
fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
