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
//!
//! Documents written in several files are read as if written in one:
//! - a map given by reference (`components: {schemas: {$ref: schemas/_index.yaml}}`, `paths`,
//!   `properties`...) is its target written in place, and a JSON pointer that passes through
//!   such a reference follows it; a component schema that is only a reference to another file
//!   is that file's schema, under the component's name;
//! - a `description`, `summary` or `title` given by reference to a text file is its text;
//! - a target is known by its file's canonical path and the pointer reached, so one schema
//!   reached by several references is imported once;
//! - a URL is read from the local folder its prefix is mapped to, never fetched.
//!
//! Extensions (`x-...`) are never walked: a file named only there is never read.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_json::{Map, Value};

use crate::error::{Diag, Error, join, split_pointer};
use crate::load::{Origin, Sources, at_pointer, is_url};
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

/// Keys whose value is text, which a reference to a text file may give.
const TEXT_KEYS: &[&str] = &["description", "summary", "title"];

/// Keys whose value is a map from names the document chooses (paths, component names, media
/// types, status codes) to objects: a key inside one is a name, never a field.
const NAME_MAPS: &[&str] = &[
    "paths",
    "webhooks",
    "x-webhooks",
    "schemas",
    "responses",
    "parameters",
    "requestBodies",
    "headers",
    "securitySchemes",
    "examples",
    "links",
    "callbacks",
    "pathItems",
    "content",
    "encoding",
    "variables",
    "properties",
    "patternProperties",
    "scopes",
    "mapping",
    "$defs",
    "definitions",
];

/// How many references a JSON pointer may pass through on its way: more is a cycle.
const MAX_HOPS: usize = 64;

/// Resolves every reference of the root file (`sources.files[0]`) and returns the bundled
/// document, with a warning for each reference read in a way its document does not say
/// exactly. `version` decides what a reference with other keywords beside it means: in 3.0 they
/// are ignored, in 3.1 they apply too.
pub(crate) fn bundle(sources: &mut Sources, version: Version) -> Result<(Value, Vec<Diag>), Error> {
    let mut root = sources.files[0].value.clone();
    let mut bundler = Bundler {
        sources,
        imported: HashMap::new(),
        new_schemas: Vec::new(),
        taken: HashSet::new(),
        inlining: Vec::new(),
        version,
        warnings: Vec::new(),
        schemas_home: None,
        in_place: HashMap::new(),
    };
    bundler.register_components()?;
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
    /// The places (file, pointer) whose schema is a component schema, and its name: the
    /// document's own components, and the schemas imported from elsewhere.
    imported: HashMap<(usize, String), String>,
    new_schemas: Vec<(String, Value)>,
    /// Component schema names in use.
    taken: HashSet<String>,
    /// Targets being copied, to refuse a reference that contains itself.
    inlining: Vec<(usize, String)>,
    version: Version,
    warnings: Vec<Diag>,
    /// Where the map of component schemas is written when it is given by reference.
    schemas_home: Option<(usize, String)>,
    /// Component schemas that are only a reference to a schema that is no other component:
    /// the component is that schema (file, pointer), copied in place under its name.
    in_place: HashMap<String, (usize, String)>,
}

impl Bundler<'_> {
    fn err(&self, pointer: &str, message: String) -> Error {
        self.sources.error(Diag::new(pointer, message))
    }

    /// Names the component schemas before anything is walked, wherever their map is written:
    /// each entry's place is that component, and so is the target of an entry that is only a
    /// reference (to a schema of another file, which a reference elsewhere may name too).
    fn register_components(&mut self) -> Result<(), Error> {
        const AT: &str = "/components/schemas";
        let Some(mut home) = self.follow(0, AT, AT)? else {
            return Ok(());
        };
        // The map itself given by reference, perhaps through several.
        let mut given_by_reference = false;
        for _ in 0..MAX_HOPS {
            let Some(reference) = self.value_at(&home).and_then(reference_of) else {
                break;
            };
            home = self.existing(&reference, home.0, AT)?;
            given_by_reference = true;
        }
        if self.value_at(&home).and_then(reference_of).is_some() {
            return Err(self.err(
                AT,
                "the component schemas are given by a `$ref` that leads back to itself".into(),
            ));
        }
        let Some(Value::Object(schemas)) = self.value_at(&home) else {
            return Ok(());
        };
        let entries: Vec<(String, Option<String>)> = schemas
            .iter()
            .map(|(name, schema)| {
                let only_reference = schema
                    .as_object()
                    .filter(|m| self.version == Version::V3_0 || !has_siblings(m, false))
                    .and_then(|_| reference_of(schema));
                (name.clone(), only_reference)
            })
            .collect();
        for (name, _) in &entries {
            self.imported
                .insert((home.0, join(&home.1, name)), name.clone());
            self.taken.insert(name.clone());
        }
        for (name, reference) in entries {
            let Some(reference) = reference else { continue };
            // A reference that leads nowhere is reported when the schema is walked.
            let Ok(target) = self.existing(&reference, home.0, &join(AT, &name)) else {
                continue;
            };
            if self.sources.files[target.0].is_text || self.imported.contains_key(&target) {
                continue;
            }
            self.imported.insert(target.clone(), name.clone());
            self.in_place.insert(name, target);
        }
        if given_by_reference {
            self.schemas_home = Some(home);
        }
        Ok(())
    }

    /// The value at a place (file, pointer), before any reference in it is resolved.
    fn value_at(&self, (file, pointer): &(usize, String)) -> Option<&Value> {
        at_pointer(&self.sources.files[*file].value, pointer)
    }

    /// A copy of the value at `target`, recorded as written there for what is now at `at`.
    fn copy_from(&mut self, target: &(usize, String), at: &str) -> Value {
        self.sources.origins.push(Origin {
            bundled_prefix: at.to_owned(),
            source: target.0,
            pointer: target.1.clone(),
        });
        self.value_at(target).cloned().unwrap_or(Value::Null)
    }

    /// The component schemas at `at` (`/components/schemas`, in `file`): a map given by
    /// reference is copied in place, and a component that is only a reference becomes its
    /// target. Each schema is walked in the file it is written in.
    fn walk_component_schemas(
        &mut self,
        schemas: &mut Value,
        file: usize,
        at: &str,
    ) -> Result<(), Error> {
        let mut home_file = file;
        if reference_of(schemas).is_some() {
            if let Some(home) = self.schemas_home.clone() {
                *schemas = self.copy_from(&home, at);
                home_file = home.0;
            }
        }
        let Value::Object(map) = schemas else {
            return Ok(());
        };
        for (name, schema) in map.iter_mut() {
            let schema_at = join(at, name);
            match self.in_place.get(name).cloned() {
                Some(target) => {
                    *schema = self.copy_from(&target, &schema_at);
                    self.walk(schema, target.0, &schema_at, Context::Schema)?;
                }
                None => self.walk(schema, home_file, &schema_at, Context::Schema)?,
            }
        }
        Ok(())
    }

    /// What a `description`, `summary` or `title` given by reference (at `at`, in `file`)
    /// becomes: the text of the text file it names (without its last line break), or the
    /// string a reference into a YAML or JSON file leads to (`description.yml#/intro`).
    fn text(&mut self, reference: &str, file: usize, at: &str) -> Result<Value, Error> {
        let target = self.existing(reference, file, at)?;
        let is_text = self.sources.files[target.0].is_text;
        if !is_text && !self.value_at(&target).is_some_and(Value::is_string) {
            let key = split_pointer(at).pop().unwrap_or_default();
            return Err(self.err(
                at,
                format!(
                    "`{key}` must be text: `$ref` {reference:?} leads to a YAML or JSON value that is not a string, in {}; name a Markdown or other text file (not .yaml, .yml or .json), or a string",
                    self.sources.display_path(target.0)
                ),
            ));
        }
        match self.copy_from(&target, at) {
            // The file's last line break ends the file, not the text.
            Value::String(text) if is_text => Ok(Value::String(text.trim_end().to_owned())),
            other => Ok(other),
        }
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
                let fields = ctx == Context::Schema || !is_name_map(at);
                for (key, child) in map.iter_mut() {
                    let child_at = join(at, key);
                    if fields && TEXT_KEYS.contains(&key.as_str()) {
                        if let Some(reference) = reference_of(child) {
                            *child = self.text(&reference, file, &child_at)?;
                        }
                        continue;
                    }
                    match ctx {
                        Context::Other => {
                            // In a map of names, `x-request-id` is a header's name, not an
                            // extension; only `paths` and `responses` (and webhooks, read as
                            // paths) have both. A 3.0 document's `x-webhooks` is read as 3.1's
                            // `webhooks` (`openapi31::x_webhooks`), so its references are bundled.
                            let webhooks = self.version == Version::V3_0
                                && at.is_empty()
                                && key == "x-webhooks";
                            let extension = key.starts_with("x-")
                                && !webhooks
                                && (fields || is_extensible_map(at));
                            if extension || (fields && DATA_KEYS.contains(&key.as_str())) {
                                continue;
                            }
                            if in_components && key == "schemas" {
                                self.walk_component_schemas(child, file, &child_at)?;
                            } else if fields && key == "schema" {
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
                            "prefixItems" | "propertyNames" if self.version == Version::V3_1 => {
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
        if self.sources.files[target_file].is_text {
            return Err(self.err(
                at,
                format!(
                    "`$ref` {reference:?} names a text file, {} (not .yaml, .yml or .json): only a `description`, `summary` or `title` can be given by one",
                    self.sources.display_path(target_file)
                ),
            ));
        }
        match ctx {
            Context::Schema => {
                let name = self.import_schema(target_file, &pointer)?;
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
            if self.sources.files[target_file].is_text {
                continue;
            }
            let Ok(name) = self.import_schema(target_file, &pointer) else {
                continue;
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
                for (key, text, (source, pointer)) in overrides {
                    let key_at = join(at, &key);
                    // Text given by reference, as anywhere else (recorded as written there).
                    let text = match reference_of(&text) {
                        Some(text_reference) => self.text(&text_reference, file, &key_at)?,
                        None => {
                            self.sources.origins.push(Origin {
                                bundled_prefix: key_at,
                                source,
                                pointer,
                            });
                            text
                        }
                    };
                    if let Value::Object(target) = value {
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
        if let Some(found) = self.follow(target_file, &pointer, at)? {
            return Ok(found);
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

    /// The place that `pointer` of `file` names, or `None` if nothing is there. A `$ref` met on
    /// the way, where the next key is not written beside it, is followed: a map given by
    /// reference is read as if written in place, so `#/components/schemas/Pet` names an entry
    /// of a `schemas` map written in another file. The place is where the value is written,
    /// which makes it the one key of a target however it is reached.
    fn follow(
        &mut self,
        file: usize,
        pointer: &str,
        at: &str,
    ) -> Result<Option<(usize, String)>, Error> {
        if at_pointer(&self.sources.files[file].value, pointer).is_some() {
            return Ok(Some((file, pointer.to_owned())));
        }
        let mut here = (file, String::new());
        let mut hops = 0;
        for segment in split_pointer(pointer) {
            loop {
                let Some(current) = self.value_at(&here) else {
                    return Ok(None);
                };
                let has_child = match current {
                    Value::Object(map) => map.contains_key(&segment),
                    Value::Array(items) => segment.parse::<usize>().is_ok_and(|i| i < items.len()),
                    _ => false,
                };
                if has_child {
                    here.1 = join(&here.1, &segment);
                    break;
                }
                let Some(reference) = reference_of(current) else {
                    return Ok(None);
                };
                hops += 1;
                if hops > MAX_HOPS {
                    return Ok(None);
                }
                here = self.target(&reference, here.0, at)?;
            }
        }
        Ok(self.value_at(&here).is_some().then_some(here))
    }

    /// Splits a reference into the file it points into (loading it) and the JSON pointer.
    fn target(&mut self, reference: &str, file: usize, at: &str) -> Result<(usize, String), Error> {
        let (path_part, fragment) = match reference.split_once('#') {
            Some((path, fragment)) => (path, fragment),
            None => (reference, ""),
        };
        let mut fragment = percent_decode(fragment);
        // In 3.1, a plain name after `#` is a schema's `$anchor` (JSON Schema 2020-12).
        let mut anchor = None;
        if !fragment.is_empty() && !fragment.starts_with('/') {
            if self.version != Version::V3_1 || !is_anchor(&fragment) {
                return Err(self.err(
                    at,
                    format!(
                        "unsupported `$ref` {reference:?}: the part after `#` must be a JSON pointer"
                    ),
                ));
            }
            anchor = Some(std::mem::take(&mut fragment));
        }
        let index = if path_part.is_empty() {
            file
        } else {
            self.file_of(reference, path_part, file, at)?
        };
        match anchor {
            Some(anchor) => self.anchored(reference, &anchor, index, at),
            None => Ok((index, fragment)),
        }
    }

    /// The place of the schema whose `$anchor` is `anchor` in file `index`, which must be one.
    fn anchored(
        &self,
        reference: &str,
        anchor: &str,
        index: usize,
        at: &str,
    ) -> Result<(usize, String), Error> {
        let mut found = Vec::new();
        anchors(
            &self.sources.files[index].value,
            anchor,
            &mut String::new(),
            &mut found,
            0,
        );
        match found.as_slice() {
            [pointer] => Ok((index, pointer.clone())),
            [] => Err(self.err(
                at,
                format!(
                    "dangling `$ref` {reference:?}: no schema in {} has `$anchor: {anchor}`",
                    self.sources.display_path(index)
                ),
            )),
            [first, second, ..] => Err(self.err(
                at,
                format!(
                    "`$ref` {reference:?} is ambiguous: the schemas at #{first} and #{second} in {} both have `$anchor: {anchor}`",
                    self.sources.display_path(index)
                ),
            )),
        }
    }

    /// The file a reference's path part names (relative to `file`, or a mapped URL), loaded.
    fn file_of(
        &mut self,
        reference: &str,
        path_part: &str,
        file: usize,
        at: &str,
    ) -> Result<usize, Error> {
        let url = match &self.sources.files[file].url {
            Some(base) => Some(crate::load::join_url(base, path_part)),
            None if is_url(path_part) => Some(path_part.to_owned()),
            None => None,
        };
        let target_path = match &url {
            Some(url) => self.sources.map_url(url).ok_or_else(|| {
                self.err(
                    at,
                    format!("`$ref` {reference:?} names the URL {url}, and nothing is fetched: map a prefix of it to a local folder with `--ref-map PREFIX=DIR` (`Settings::with_ref_map`)"),
                )
            })?,
            None => self
                .sources
                .path(file)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default()
                .join(percent_decode(path_part)),
        };
        let index = self
            .sources
            .load_referenced(&target_path, url.clone())
            .map_err(|e| {
                if e.location.is_some() {
                    // A syntax error inside the referenced file: report it there.
                    e
                } else {
                    let mapped = match &url {
                        Some(_) => format!(" (read from {})", target_path.display()),
                        None => String::new(),
                    };
                    self.err(
                        at,
                        format!(
                            "cannot load the file of `$ref` {reference:?}{mapped}: {}",
                            e.message
                        ),
                    )
                }
            })?;
        Ok(index)
    }
}

/// Whether a fragment is a plain-name anchor (`user-profile`), as JSON Schema 2020-12 writes
/// `$anchor`: a letter or `_`, then letters, digits, `-`, `_` and `.`.
fn is_anchor(fragment: &str) -> bool {
    let mut chars = fragment.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Adds to `found` the pointer of every object under `value` (at `at`) whose `$anchor` is
/// `anchor`; extensions and literal data are not searched.
fn anchors(value: &Value, anchor: &str, at: &mut String, found: &mut Vec<String>, depth: usize) {
    if depth > 256 {
        return;
    }
    let children: Vec<(String, &Value)> = match value {
        Value::Object(map) => {
            if map.get("$anchor").and_then(Value::as_str) == Some(anchor) {
                found.push(at.clone());
            }
            map.iter()
                .filter(|(key, _)| {
                    !key.starts_with("x-")
                        && !matches!(
                            key.as_str(),
                            "example" | "examples" | "value" | "default" | "const" | "enum"
                        )
                })
                .map(|(key, child)| (crate::error::escape_segment(key), child))
                .collect()
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(index, item)| (index.to_string(), item))
            .collect(),
        _ => Vec::new(),
    };
    for (segment, child) in children {
        let len = at.len();
        at.push('/');
        at.push_str(&segment);
        anchors(child, anchor, at, found, depth + 1);
        at.truncate(len);
    }
}

/// The reference of a `$ref` object.
fn reference_of(value: &Value) -> Option<String> {
    match value.as_object()?.get("$ref")? {
        Value::String(reference) => Some(reference.clone()),
        _ => None,
    }
}

/// Whether the object at `at` is a map from names to objects (its parent key is one of
/// [`NAME_MAPS`]), whose keys are never fields such as `description`.
fn is_name_map(at: &str) -> bool {
    at.rsplit_once('/')
        .is_some_and(|(_, last)| NAME_MAPS.contains(&crate::error::unescape_segment(last).as_str()))
}

/// Whether the map of names at `at` may also hold extensions: the Paths and Responses objects
/// (and `webhooks` or 3.0's `x-webhooks`, read like `paths`).
fn is_extensible_map(at: &str) -> bool {
    at.rsplit_once('/')
        .is_some_and(|(_, last)| matches!(last, "paths" | "responses" | "webhooks" | "x-webhooks"))
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
pub(crate) fn percent_decode(s: &str) -> String {
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

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::load::RefMap;

    /// Writes `files` (path, text) into a new folder of their own and returns it.
    fn layout(name: &str, files: &[(&str, &str)]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "openapi-client-gen-resolve-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in files {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    /// Loads `root` and bundles it as a 3.0 document, with `ref_maps`.
    fn bundled(root: &Path, ref_maps: Vec<RefMap>) -> (Result<Value, Error>, Sources) {
        let mut sources = Sources {
            ref_maps,
            ..Sources::default()
        };
        sources.load(root).unwrap();
        let result = bundle(&mut sources, Version::V3_0).map(|(value, _)| value);
        (result, sources)
    }

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

    #[test]
    fn a_map_given_by_reference_is_read_in_place_and_each_schema_named_once() {
        let root = format!(
            "{HEAD}paths:\n  $ref: paths.yaml\ncomponents:\n  schemas:\n    $ref: s/_index.yaml\n  parameters:\n    $ref: s/params.yaml\n"
        );
        let dir = layout(
            "maps",
            &[
                ("api.yaml", &root),
                (
                    "paths.yaml",
                    "/a:\n  get:\n    parameters:\n      - $ref: 'api.yaml#/components/parameters/Id'\n    responses:\n      '200':\n        description: ok\n        content:\n          application/json:\n            schema:\n              type: array\n              items: [{$ref: 's/Pet.yaml'}, {$ref: './x/../s/Pet.yaml#'}, {$ref: 'api.yaml#/components/schemas/Pet'}, {$ref: 's/_index.yaml#/Pet'}]\n",
                ),
                (
                    "s/_index.yaml",
                    "Pet:\n  $ref: ./Pet.yaml\nTag:\n  type: string\n",
                ),
                (
                    "s/Pet.yaml",
                    "type: object\nproperties:\n  tag: {$ref: '_index.yaml#/Tag'}\n  owner: {$ref: '../api.yaml#/components/schemas/Pet'}\n",
                ),
                (
                    "s/params.yaml",
                    "Id:\n  name: id\n  in: query\n  schema: {type: string}\n",
                ),
            ],
        );
        let (result, _) = bundled(&dir.join("api.yaml"), Vec::new());
        let doc = result.unwrap();
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        assert_eq!(schemas.keys().collect::<Vec<_>>(), ["Pet", "Tag"]);
        assert_eq!(schemas["Pet"]["type"], "object");
        let pet = json_ref("Pet");
        assert_eq!(schemas["Pet"]["properties"]["tag"], json_ref("Tag"));
        assert_eq!(schemas["Pet"]["properties"]["owner"], pet);
        let items = &doc["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
            ["items"];
        assert_eq!(
            items,
            &Value::Array(vec![pet.clone(), pet.clone(), pet.clone(), pet])
        );
        assert_eq!(doc["paths"]["/a"]["get"]["parameters"][0]["name"], "id");
        assert_eq!(doc["components"]["parameters"]["Id"]["in"], "query");
    }

    fn json_ref(name: &str) -> Value {
        serde_json::json!({ "$ref": format!("#/components/schemas/{name}") })
    }

    #[test]
    fn a_problem_inside_a_map_given_by_reference_is_reported_where_it_is_written() {
        let root = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    $ref: s/_index.yaml\n");
        let dir = layout(
            "origins",
            &[
                ("api.yaml", &root),
                (
                    "s/_index.yaml",
                    "Pet:\n  $ref: ./Pet.yaml\nTag:\n  type: string\n",
                ),
                (
                    "s/Pet.yaml",
                    "# A pet.\ntype: object\nproperties:\n  name:\n    type: string\n",
                ),
            ],
        );
        let (result, sources) = bundled(&dir.join("api.yaml"), Vec::new());
        result.unwrap();
        let error = sources.error(Diag::new(
            "/components/schemas/Pet/properties/name/type",
            "x",
        ));
        assert!(
            error.file.ends_with("s/Pet.yaml"),
            "{}",
            error.file.display()
        );
        assert_eq!(error.location.map(|l| l.line), Some(5));
        let error = sources.error(Diag::new("/components/schemas/Tag", "x"));
        assert!(
            error.file.ends_with("s/_index.yaml"),
            "{}",
            error.file.display()
        );
        assert_eq!(error.location.map(|l| l.line), Some(3));
    }

    #[test]
    fn text_is_read_from_text_files_and_extensions_are_never_read() {
        let root = "openapi: 3.0.3\ninfo: {title: t, version: '1', description: {$ref: 'docs/texts.yaml#/intro'}}\npaths:\n  /a:\n    get:\n      summary: {$ref: docs/summary.txt}\n      x-codeSamples:\n        - source: {$ref: missing.php}\n        - source: {$ref: docs/broken.yaml}\n      responses:\n        '200': {description: {$ref: docs/ok.md}}\ncomponents:\n  schemas:\n    description:\n      type: string\n      title: {$ref: docs/summary.txt}\n";
        let dir = layout(
            "text",
            &[
                ("api.yaml", root),
                ("docs/summary.txt", "Gets an A.\n"),
                ("docs/ok.md", "It *worked*.\n\n"),
                ("docs/broken.yaml", "a: b: [\n"),
                ("docs/texts.yaml", "intro: |\n  From a YAML file.\n"),
            ],
        );
        let (result, sources) = bundled(&dir.join("api.yaml"), Vec::new());
        let doc = result.unwrap();
        let get = &doc["paths"]["/a"]["get"];
        assert_eq!(get["summary"], "Gets an A.");
        assert_eq!(get["responses"]["200"]["description"], "It *worked*.");
        assert_eq!(
            doc["components"]["schemas"]["description"]["title"],
            "Gets an A."
        );
        // Neither the missing nor the broken file was read.
        assert_eq!(sources.files.len(), 4);
    }

    #[test]
    fn a_map_given_by_a_reference_to_itself_is_an_error() {
        let root = format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    $ref: '#/components/schemas'\n"
        );
        let dir = layout("self-map", &[("api.yaml", &root)]);
        let error = bundled(&dir.join("api.yaml"), Vec::new()).0.unwrap_err();
        assert!(error.message.contains("leads back to itself"), "{error}");
    }

    #[test]
    fn a_name_that_looks_like_an_extension_is_a_name() {
        let root = format!(
            "{HEAD}paths:\n  x-ignored: {{$ref: missing.yaml}}\n  /a:\n    get:\n      responses:\n        x-ignored: {{$ref: missing.yaml}}\n        '200':\n          description: ok\n          headers:\n            x-request-id: {{$ref: 'h.yaml#/id'}}\n"
        );
        let dir = layout(
            "names",
            &[
                ("api.yaml", &root),
                ("h.yaml", "id:\n  schema: {type: string}\n"),
            ],
        );
        let doc = bundled(&dir.join("api.yaml"), Vec::new()).0.unwrap();
        let header = &doc["paths"]["/a"]["get"]["responses"]["200"]["headers"]["x-request-id"];
        assert_eq!(header["schema"]["type"], "string");
    }

    #[test]
    fn text_from_a_yaml_file_or_a_schema_from_a_text_file_is_refused() {
        let dir = layout(
            "not-text",
            &[
                (
                    "api.yaml",
                    &format!(
                        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{type: object, description: {{$ref: b.yaml}}}}\n"
                    ),
                ),
                ("b.yaml", "type: string\n"),
                (
                    "c.yaml",
                    &format!(
                        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: notes.md}}\n"
                    ),
                ),
                ("notes.md", "Notes.\n"),
            ],
        );
        let error = bundled(&dir.join("api.yaml"), Vec::new()).0.unwrap_err();
        assert!(
            error.message.starts_with("`description` must be text"),
            "{error}"
        );
        assert_eq!(
            error.pointer.as_deref(),
            Some("/components/schemas/A/description")
        );
        let error = bundled(&dir.join("c.yaml"), Vec::new()).0.unwrap_err();
        assert!(error.message.contains("names a text file"), "{error}");
    }

    /// In 3.1, a `description` or `summary` beside a `$ref` applies, and may itself be given by
    /// reference to a text file; the references of tuples and names' schemas are followed too.
    #[test]
    fn text_beside_a_reference_is_read_from_its_file() {
        let root = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters:\n        - $ref: 'common.yaml#/Id'\n          description: {$ref: ./id.md}\n      responses:\n        '200':\n          $ref: 'common.yaml#/Ok'\n          summary: Fine.\n          description: {$ref: 'texts.yaml#/ok'}\ncomponents:\n  schemas:\n    Pair:\n      prefixItems: [{$ref: 'common.yaml#/Name'}]\n      propertyNames: {$ref: 'common.yaml#/Name'}\n      description: {$ref: ./id.md}\n      allOf: [{$ref: 'common.yaml#/Name', description: {$ref: ./id.md}}]\n";
        let dir = layout(
            "siblings",
            &[
                ("api.yaml", root),
                (
                    "common.yaml",
                    "Id: {name: id, in: query, description: Old., schema: {type: string}}\nOk: {description: Old.}\nName: {type: string}\n",
                ),
                ("id.md", "The *id*.\n"),
                ("texts.yaml", "ok: It went well.\n"),
            ],
        );
        let mut sources = Sources::default();
        sources.load(&dir.join("api.yaml")).unwrap();
        let (doc, _) = bundle(&mut sources, Version::V3_1).unwrap();
        let operation = &doc["paths"]["/a"]["get"];
        assert_eq!(operation["parameters"][0]["description"], "The *id*.");
        assert_eq!(operation["parameters"][0]["name"], "id");
        assert_eq!(
            operation["responses"]["200"]["description"],
            "It went well."
        );
        assert_eq!(operation["responses"]["200"]["summary"], "Fine.");
        let pair = &doc["components"]["schemas"]["Pair"];
        assert_eq!(pair["description"], "The *id*.");
        assert_eq!(pair["prefixItems"][0], json_ref("Name"));
        assert_eq!(pair["propertyNames"], json_ref("Name"));
        // The text's line is found in its file.
        let (file, pointer) = sources.origin_of("/paths/~1a/get/parameters/0/description");
        assert!(sources.files[file].path.ends_with("id.md"));
        assert_eq!(pointer, "");
    }

    /// In 3.1, `#name` names the schema whose `$anchor` is `name`, in this file or another.
    #[test]
    fn an_anchor_names_its_schema() {
        let root = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    User:\n      type: object\n      properties:\n        profile: {$ref: '#user-profile'}\n        home: {$ref: 'ex.yaml#home'}\n    Profile:\n      $anchor: user-profile\n      type: string\n";
        let dir = layout(
            "anchors",
            &[
                ("api.yaml", root),
                ("ex.yaml", "Address:\n  $anchor: home\n  type: object\n"),
            ],
        );
        let mut sources = Sources::default();
        sources.load(&dir.join("api.yaml")).unwrap();
        let (doc, _) = bundle(&mut sources, Version::V3_1).unwrap();
        let user = &doc["components"]["schemas"]["User"]["properties"];
        assert_eq!(user["profile"], json_ref("Profile"));
        assert_eq!(user["home"], json_ref("Address"));
        // In 3.0 a fragment is a JSON pointer; in 3.1 an anchor no schema has is dangling.
        let mut sources = Sources::default();
        sources.load(&dir.join("api.yaml")).unwrap();
        let error = bundle(&mut sources, Version::V3_0).unwrap_err();
        assert!(error.message.contains("must be a JSON pointer"), "{error}");
        let missing = root.replace("$anchor: user-profile", "$anchor: other");
        let dir = layout("anchors-missing", &[("api.yaml", &missing)]);
        let mut sources = Sources::default();
        sources.load(&dir.join("api.yaml")).unwrap();
        let error = bundle(&mut sources, Version::V3_1).unwrap_err();
        assert!(
            error.message.contains("no schema in")
                && error.message.contains("`$anchor: user-profile`"),
            "{error}"
        );
    }

    #[test]
    fn urls_are_read_from_mapped_folders_and_never_fetched() {
        let root = format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: 'https://example.com/s/v1/pet.yaml#/Pet'}}\n    B: {{$ref: 'https://example.com/s/v1/owner.yaml'}}\n"
        );
        let dir = layout(
            "urls",
            &[
                ("api.yaml", &root),
                (
                    "mirror/v1/pet.yaml",
                    "Pet:\n  type: object\n  properties:\n    owner: {$ref: 'owner.yaml'}\n    tag: {$ref: '../common/tag.yaml'}\n",
                ),
                (
                    "mirror/v1/owner.yaml",
                    "type: object\nproperties:\n  pet: {$ref: 'https://example.com/s/v1/pet.yaml#/Pet'}\n",
                ),
                ("mirror/common/tag.yaml", "type: string\n"),
            ],
        );
        let map = |prefix: &str| RefMap {
            prefix: prefix.to_owned(),
            dir: dir.join("mirror"),
        };
        let (result, _) = bundled(&dir.join("api.yaml"), vec![map("https://example.com/s/")]);
        let doc = result.unwrap();
        let schemas = &doc["components"]["schemas"];
        assert_eq!(schemas["A"]["properties"]["owner"], json_ref("B"));
        assert_eq!(schemas["B"]["properties"]["pet"], json_ref("A"));
        assert_eq!(schemas["tag"]["type"], "string");

        // Without a map, the error names the URL and the option.
        let error = bundled(&dir.join("api.yaml"), Vec::new()).0.unwrap_err();
        assert!(
            error.message.contains("https://example.com/s/v1/pet.yaml"),
            "{error}"
        );
        assert!(error.message.contains("--ref-map"), "{error}");

        // A relative reference that leaves the mapped prefix is a URL under no map.
        let narrow = RefMap {
            prefix: "https://example.com/s/v1/".to_owned(),
            dir: dir.join("mirror/v1"),
        };
        let error = bundled(&dir.join("api.yaml"), vec![narrow]).0.unwrap_err();
        assert!(
            error
                .message
                .contains("https://example.com/s/common/tag.yaml"),
            "{error}"
        );
        assert!(
            error.file.ends_with("mirror/v1/pet.yaml"),
            "{}",
            error.file.display()
        );
    }
}
