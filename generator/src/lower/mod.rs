//! Stage 4: lowers a parsed, bundled document into the intermediate representation.
//!
//! Every name is decided here, in the spec's order: component schemas first (so references and
//! recursion resolve by name), then the inline schemas of each operation, named after where they
//! sit (`UpdateContactRequest`, `UpdateContactRequestContact`, `PetTagsItem`).

use std::collections::{HashMap, HashSet};

use openapiv3::{
    AdditionalProperties, AnySchema, OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr,
    Schema, SchemaKind, StatusCode, Type, VariantOrUnknownOrEmpty,
};

use crate::docs::sanitize;
use crate::error::{Diag, join};
use crate::ir::*;
use crate::names::{Namespace, RESERVED_TYPE_NAMES, const_name, field_name, type_name};

/// A schema position: a reference, or a schema written in place.
#[derive(Clone, Copy)]
enum SchemaRef<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> SchemaRef<'a> {
    fn of(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Item(s),
        }
    }

    fn of_box(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Item(s),
        }
    }
}

/// What a schema describes, whichever way `openapiv3` parsed it.
enum Shape<'a> {
    Object(ObjectPart<'a>),
    Array(Option<SchemaRef<'a>>),
    String {
        format: Option<&'a str>,
        values: Vec<String>,
    },
    Integer {
        format: Option<&'a str>,
    },
    Number,
    Boolean,
    AllOf {
        members: Vec<SchemaRef<'a>>,
        own: ObjectPart<'a>,
    },
    /// Alternatives, each with its pointer relative to the schema (`oneOf/1`).
    Union {
        members: Vec<(SchemaRef<'a>, String)>,
    },
    /// An object with properties of its own and alternatives that each add other properties
    /// (written in place, or `$ref`s, checked once resolved): a struct of its own properties
    /// with the union of the alternatives beside them.
    Extended {
        object: ObjectPart<'a>,
        members: Vec<(SchemaRef<'a>, String)>,
        keyword: &'static str,
    },
    /// No constraint on the type: any JSON value.
    Any,
    /// A valid schema no Rust type can express (`not`, `allOf` with `oneOf`...): it becomes
    /// `serde_json::Value`, with a warning giving the reason.
    Unmodelled(String),
}

impl Shape<'_> {
    /// `string`, `integer`, `number` or `boolean` for a primitive shape (enums included).
    fn primitive_kind(&self) -> Option<&'static str> {
        match self {
            Shape::String { .. } => Some("string"),
            Shape::Integer { .. } => Some("integer"),
            Shape::Number => Some("number"),
            Shape::Boolean => Some("boolean"),
            _ => None,
        }
    }
}

const NOT_REASON: &str = "`not` cannot be expressed as a Rust type (a type cannot exclude a shape)";

/// The object-describing part of a schema.
#[derive(Default)]
struct ObjectPart<'a> {
    properties: Vec<(&'a str, SchemaRef<'a>)>,
    required: Vec<&'a str>,
    additional: Option<&'a AdditionalProperties>,
}

impl<'a> ObjectPart<'a> {
    fn new(
        properties: impl IntoIterator<Item = (&'a String, &'a ReferenceOr<Box<Schema>>)>,
        required: &'a [String],
        additional: Option<&'a AdditionalProperties>,
    ) -> Self {
        ObjectPart {
            properties: properties
                .into_iter()
                .map(|(k, v)| (k.as_str(), SchemaRef::of_box(v)))
                .collect(),
            required: required.iter().map(String::as_str).collect(),
            additional,
        }
    }

    fn is_empty(&self) -> bool {
        self.properties.is_empty() && self.additional.is_none()
    }
}

fn format_str<T>(
    format: &VariantOrUnknownOrEmpty<T>,
    known: impl Fn(&T) -> &'static str,
) -> Option<&str> {
    match format {
        VariantOrUnknownOrEmpty::Item(f) => Some(known(f)),
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

/// The primitive type of a schema (`string`, `integer`, `number` or `boolean`), enums included.
fn primitive_kind(schema: &Schema) -> Option<&'static str> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => Some("string"),
        SchemaKind::Type(Type::Integer(_)) => Some("integer"),
        SchemaKind::Type(Type::Number(_)) => Some("number"),
        SchemaKind::Type(Type::Boolean(_)) => Some("boolean"),
        _ => None,
    }
}

/// The primitive type of a schema that states nothing but that type (and documentation, and
/// perhaps `nullable`): no format, enum, bounds or pattern.
fn bare_primitive(schema: &Schema) -> Option<&'static str> {
    let bare = match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            s.format == VariantOrUnknownOrEmpty::Empty
                && s.pattern.is_none()
                && s.enumeration.is_empty()
                && s.min_length.is_none()
                && s.max_length.is_none()
        }
        SchemaKind::Type(Type::Integer(i)) => {
            i.format == VariantOrUnknownOrEmpty::Empty
                && i.multiple_of.is_none()
                && i.minimum.is_none()
                && i.maximum.is_none()
                && i.enumeration.is_empty()
        }
        SchemaKind::Type(Type::Number(n)) => {
            n.format == VariantOrUnknownOrEmpty::Empty
                && n.multiple_of.is_none()
                && n.minimum.is_none()
                && n.maximum.is_none()
                && n.enumeration.is_empty()
        }
        SchemaKind::Type(Type::Boolean(b)) => b.enumeration.is_empty(),
        _ => false,
    };
    bare.then(|| primitive_kind(schema)).flatten()
}

/// Whether a schema of mixed keywords has no items, map values or composition: nothing that
/// makes an array, a map or a union.
fn no_structure(a: &AnySchema) -> bool {
    a.items.is_none()
        && a.additional_properties.is_none()
        && a.all_of.is_empty()
        && a.one_of.is_empty()
        && a.any_of.is_empty()
        && a.not.is_none()
}

/// Whether a schema only adds validation rules (`required`, bounds) and no shape: such members
/// of `anyOf`/`oneOf`/`allOf` do not change the Rust type.
fn is_constraint_only(r: SchemaRef<'_>) -> bool {
    match r {
        SchemaRef::Ref(_) => false,
        SchemaRef::Item(s) => match &s.schema_kind {
            SchemaKind::Any(a) => {
                a.typ.is_none()
                    && a.properties.is_empty()
                    && no_structure(a)
                    && a.enumeration.is_empty()
                    && a.format.is_none()
            }
            SchemaKind::Type(Type::Object(o)) => {
                o.properties.is_empty() && o.additional_properties.is_none()
            }
            _ => false,
        },
    }
}

/// Whether `member`, an alternative next to an object's own properties, only narrows some of
/// them (`oneOf: [{required: [a], properties: {b: {enum: [x]}}}]`): it names no property the
/// object lacks, and gives the ones it names constraints but no type or shape of their own; or,
/// next to a primitive type, only narrows that type (`anyOf: [{format: date}]`). Like
/// [`is_constraint_only`] members, it does not change the Rust type.
fn narrows(member: SchemaRef<'_>, own: &Shape<'_>) -> bool {
    let SchemaRef::Item(schema) = member else {
        return false;
    };
    // A primitive is narrowed by a `format`, an `enum`, a `pattern` or bounds, with its own
    // type or none (`type: string, anyOf: [{format: date}, {format: date-time}]`).
    if let Some(kind) = own.primitive_kind() {
        return match &schema.schema_kind {
            SchemaKind::Any(a) => {
                a.typ.as_deref().is_none_or(|t| t == kind)
                    && a.properties.is_empty()
                    && no_structure(a)
            }
            _ => primitive_kind(schema) == Some(kind),
        };
    }
    let Shape::Object(object) = own else {
        return false;
    };
    let properties = match &schema.schema_kind {
        SchemaKind::Any(a)
            if matches!(a.typ.as_deref(), None | Some("object"))
                && no_structure(a)
                && a.enumeration.is_empty() =>
        {
            &a.properties
        }
        SchemaKind::Type(Type::Object(o)) if o.additional_properties.is_none() => &o.properties,
        _ => return false,
    };
    properties.iter().all(|(name, property)| {
        let ReferenceOr::Item(property) = property else {
            return false;
        };
        let known = object.properties.iter().any(|(own, _)| own == name);
        let shapeless = matches!(&property.schema_kind, SchemaKind::Any(a)
            if a.typ.is_none() && a.properties.is_empty() && no_structure(a));
        known && shapeless
    })
}

fn shape(schema: &Schema) -> Result<Shape<'_>, String> {
    Ok(match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => Shape::String {
            format: format_str(&s.format, |f| match f {
                openapiv3::StringFormat::Date => "date",
                openapiv3::StringFormat::DateTime => "date-time",
                openapiv3::StringFormat::Password => "password",
                openapiv3::StringFormat::Byte => "byte",
                openapiv3::StringFormat::Binary => "binary",
            }),
            values: s.enumeration.iter().flatten().cloned().collect(),
        },
        SchemaKind::Type(Type::Integer(i)) => Shape::Integer {
            format: format_str(&i.format, |f| match f {
                openapiv3::IntegerFormat::Int32 => "int32",
                openapiv3::IntegerFormat::Int64 => "int64",
            }),
        },
        SchemaKind::Type(Type::Number(_)) => Shape::Number,
        SchemaKind::Type(Type::Boolean(_)) => Shape::Boolean,
        SchemaKind::Type(Type::Array(a)) => Shape::Array(a.items.as_ref().map(SchemaRef::of_box)),
        SchemaKind::Type(Type::Object(o)) => Shape::Object(ObjectPart::new(
            &o.properties,
            &o.required,
            o.additional_properties.as_ref(),
        )),
        SchemaKind::AllOf { all_of } => Shape::AllOf {
            members: all_of.iter().map(SchemaRef::of).collect(),
            own: ObjectPart::default(),
        },
        SchemaKind::OneOf { one_of } => union_or_constraints(alternatives(one_of, &[]), None)?,
        SchemaKind::AnyOf { any_of } => union_or_constraints(alternatives(&[], any_of), None)?,
        SchemaKind::Not { .. } => Shape::Unmodelled(NOT_REASON.into()),
        SchemaKind::Any(a) => any_shape(a)?,
    })
}

/// The members of `oneOf` and `anyOf`, each with its pointer relative to the schema.
fn alternatives<'a>(
    one_of: &'a [ReferenceOr<Schema>],
    any_of: &'a [ReferenceOr<Schema>],
) -> Vec<(SchemaRef<'a>, String)> {
    let one = one_of
        .iter()
        .enumerate()
        .map(|(i, m)| (SchemaRef::of(m), format!("oneOf/{i}")));
    let any = any_of
        .iter()
        .enumerate()
        .map(|(i, m)| (SchemaRef::of(m), format!("anyOf/{i}")));
    one.chain(any).collect()
}

/// A `oneOf`/`anyOf` whose members only add constraints is not a union: the type is `otherwise`.
fn union_or_constraints<'a>(
    members: Vec<(SchemaRef<'a>, String)>,
    otherwise: Option<Shape<'a>>,
) -> Result<Shape<'a>, String> {
    let constraint = |m: SchemaRef<'_>| {
        is_constraint_only(m) || otherwise.as_ref().is_some_and(|own| narrows(m, own))
    };
    if members.iter().all(|(m, _)| constraint(*m)) {
        return Ok(otherwise.unwrap_or(Shape::Any));
    }
    // Own properties, and alternatives written in place that each add properties (none only
    // constrains: dropping it from the union would refuse the values only it allows).
    // Each alternative's properties must differ from the object's own, or the flattened
    // struct would write a property twice and read it once. A `$ref` is checked once resolved
    // (`Lowerer::define_extended`).
    if let Some(Shape::Object(object)) = otherwise {
        let adds = |m: &SchemaRef<'_>| match m {
            SchemaRef::Item(s) => match shape(s) {
                Ok(Shape::Object(o)) => {
                    !o.properties.is_empty()
                        && o.additional.is_none()
                        && o.properties
                            .iter()
                            .all(|(name, _)| object.properties.iter().all(|(own, _)| own != name))
                }
                _ => false,
            },
            SchemaRef::Ref(_) => true,
        };
        if !object.properties.is_empty()
            && object.additional.is_none()
            && members.iter().all(|(m, _)| adds(m))
        {
            let keyword = if members[0].1.starts_with("oneOf") {
                "oneOf"
            } else {
                "anyOf"
            };
            return Ok(Shape::Extended {
                object,
                members,
                keyword,
            });
        }
        return Ok(Shape::Unmodelled(
            "the schema has both its own type or properties and `oneOf`/`anyOf` alternatives of other shapes".into(),
        ));
    }
    if otherwise.is_some() {
        return Ok(Shape::Unmodelled(
            "the schema has both its own type or properties and `oneOf`/`anyOf` alternatives of other shapes".into(),
        ));
    }
    Ok(Shape::Union {
        members: members
            .into_iter()
            .filter(|(m, _)| !is_constraint_only(*m))
            .collect(),
    })
}

/// Classifies the catch-all form `openapiv3` uses for schemas that mix keywords.
fn any_shape(a: &AnySchema) -> Result<Shape<'_>, String> {
    let object = ObjectPart::new(&a.properties, &a.required, a.additional_properties.as_ref());
    if !a.all_of.is_empty() {
        if !a.one_of.is_empty() || !a.any_of.is_empty() {
            let members = alternatives(&a.one_of, &a.any_of);
            if !members.iter().all(|(m, _)| is_constraint_only(*m)) {
                return Ok(Shape::Unmodelled(
                    "`allOf` combined with `oneOf`/`anyOf` alternatives".into(),
                ));
            }
        }
        return Ok(Shape::AllOf {
            members: a.all_of.iter().map(SchemaRef::of).collect(),
            own: object,
        });
    }
    if a.not.is_some() && a.typ.is_none() {
        return Ok(Shape::Unmodelled(NOT_REASON.into()));
    }
    let own = match a.typ.as_deref() {
        Some("object") => Some(Shape::Object(object)),
        None if !object.is_empty() => Some(Shape::Object(object)),
        Some("array") => Some(Shape::Array(a.items.as_ref().map(SchemaRef::of_box))),
        None if a.items.is_some() => Some(Shape::Array(a.items.as_ref().map(SchemaRef::of_box))),
        Some("string") => {
            let mut values = Vec::new();
            for value in &a.enumeration {
                match value {
                    serde_json::Value::String(s) => values.push(s.clone()),
                    serde_json::Value::Null => {}
                    // `type: string` decides: `3` (YAML's reading of an unquoted value) is the
                    // string "3". `lower` warns (`coerced_enum_values`).
                    serde_json::Value::Number(_) | serde_json::Value::Bool(_) => {
                        values.push(value.to_string())
                    }
                    other => {
                        return Err(format!(
                            "string enum with a non-string value {other} is not supported"
                        ));
                    }
                }
            }
            Some(Shape::String {
                format: a.format.as_deref(),
                values,
            })
        }
        Some("integer") => Some(Shape::Integer {
            format: a.format.as_deref(),
        }),
        Some("number") => Some(Shape::Number),
        Some("boolean") => Some(Shape::Boolean),
        Some("null") => {
            return Err(
                "`type: \"null\"` is not OpenAPI 3.0 (it is 3.1); write `nullable: true` on the schema that may be null (as a `oneOf`/`anyOf` alternative it is read that way)"
                    .into(),
            );
        }
        Some(other) => return Err(format!("unknown schema type {other:?}")),
        None => None,
    };
    let members = alternatives(&a.one_of, &a.any_of);
    if members.is_empty() {
        return Ok(own.unwrap_or(Shape::Any));
    }
    // `type: object` next to alternatives of their own shape, with nothing else of its own,
    // adds no shape.
    let shaped = !members
        .iter()
        .all(|(m, _)| is_constraint_only(*m) || own.as_ref().is_some_and(|own| narrows(*m, own)));
    let own = own.filter(|o| !(shaped && matches!(o, Shape::Object(object) if object.is_empty())));
    union_or_constraints(members, own)
}

/// The `required` list of a schema that has one.
fn required_of(schema: &Schema) -> Vec<&str> {
    match &schema.schema_kind {
        SchemaKind::Any(a) => a.required.iter().map(String::as_str).collect(),
        SchemaKind::Type(Type::Object(o)) => o.required.iter().map(String::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The description of an `allOf` member written in place, for an `allOf` that has none of its
/// own (`allOf: [$ref: AcrValue, {type: string, description: ...}]`).
fn all_of_doc(schema: &Schema) -> Option<&str> {
    let members = match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => all_of,
        SchemaKind::Any(a) => &a.all_of,
        _ => return None,
    };
    members
        .iter()
        .filter_map(ReferenceOr::as_item)
        .find_map(schema_doc)
}

fn schema_doc(schema: &Schema) -> Option<&str> {
    schema
        .schema_data
        .description
        .as_deref()
        .or(schema.schema_data.title.as_deref())
}

/// Facts of the bundled document that `openapiv3` does not keep.
pub(crate) struct Raw {
    /// Each path's keys in document order: `openapiv3` keeps paths in order but not the
    /// methods within a path, and operations are emitted in the order they are written.
    pub(crate) method_order: HashMap<String, Vec<String>>,
    /// Pointers of the request bodies' `encoding` entries that set `explode` (`openapiv3` reads
    /// a missing one as `false`, where the default depends on the style).
    pub(crate) explicit_explode: HashSet<String>,
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
    Raw {
        method_order,
        explicit_explode,
    }
}

/// Lowers a whole document.
pub(crate) fn lower(doc: &OpenAPI, raw: &Raw) -> Result<Module, Diag> {
    let mut lowerer = Lowerer {
        raw,
        doc,
        types: Vec::new(),
        type_names: Namespace::with_reserved(RESERVED_TYPE_NAMES),
        components: HashMap::new(),
        warnings: Vec::new(),
        multipart_types: HashSet::new(),
        open_parents: Vec::new(),
        extra_required: HashMap::new(),
    };
    lowerer.lower_components()?;
    let security_schemes = lowerer.security_schemes()?;
    let mut operations = lowerer.operations(&security_schemes)?;
    lowerer.close_open_parents(&operations)?;
    crate::directions::split(&mut lowerer.types, &mut operations, &mut lowerer.type_names);
    lowerer.name_builders(&operations);
    lowerer.check_alias_cycles()?;
    lowerer.wrap_recursive_aliases();
    lowerer.box_recursive_fields();
    lowerer.decide_defaults();
    lowerer.decide_checks();
    let mut module_doc = doc.info.title.clone();
    if let Some(description) = &doc.info.description {
        module_doc.push_str("\n\n");
        module_doc.push_str(description);
    }
    module_doc.push_str(&format!(
        "\n\nAPI version: `{}`.",
        doc.info.version.replace('`', "'")
    ));
    Ok(Module {
        doc: sanitize(&module_doc),
        types: lowerer.types,
        servers: servers(&doc.servers),
        security_schemes,
        operations,
        warnings: {
            // A schema lowered twice (a property seen from two places) warns once.
            let mut seen = HashSet::new();
            let mut warnings = lowerer.warnings;
            warnings.retain(|w| seen.insert((w.pointer.clone(), w.message.clone())));
            warnings
        },
    })
}

struct Lowerer<'a> {
    doc: &'a OpenAPI,
    types: Vec<TypeDef>,
    type_names: Namespace,
    /// Component schema name → its type.
    components: HashMap<&'a str, TypeId>,
    /// Lossy choices made so far (schemas generated as `serde_json::Value`).
    warnings: Vec<Diag>,
    raw: &'a Raw,
    /// The structs of multipart bodies: their binary properties are files, and they are not
    /// JSON values (nothing else may refer to them).
    multipart_types: HashSet<TypeId>,
    /// Structs with a `discriminator` and no alternatives that other schemas extend: each with
    /// its pointer, its discriminator and the note its documentation got (see
    /// `close_open_parents`).
    open_parents: Vec<(TypeId, String, &'a openapiv3::Discriminator, String)>,
    /// Alternatives (by pointer) of an object with properties of its own, and the object's
    /// `required` properties that each declares: required there (see `Shape::Extended`).
    extra_required: HashMap<String, Vec<String>>,
}

impl<'a> Lowerer<'a> {
    fn component_schemas(
        &self,
    ) -> impl Iterator<Item = (&'a String, &'a ReferenceOr<Schema>)> + use<'a> {
        self.doc.components.iter().flat_map(|c| c.schemas.iter())
    }

    fn new_type(
        &mut self,
        base: &str,
        doc: String,
        pointer: &str,
        nullable: bool,
        deprecated: bool,
    ) -> TypeId {
        let name = self.type_names.claim(&type_name(base), false);
        self.types.push(TypeDef {
            name,
            doc,
            pointer: pointer.to_owned(),
            nullable,
            deprecated,
            checks: false,
            constraints: Constraints::default(),
            kind: TypeKind::Pending,
        });
        self.types.len() - 1
    }

    fn lower_components(&mut self) -> Result<(), Diag> {
        let components: Vec<_> = self.component_schemas().collect();
        for (name, schema) in &components {
            let pointer = join("/components/schemas", name);
            let (doc, nullable, deprecated) = match schema {
                ReferenceOr::Item(s) => {
                    (schema_doc(s), self.nullable_of(s), s.schema_data.deprecated)
                }
                ReferenceOr::Reference { .. } => (None, false, false),
            };
            let doc = sanitize(doc.unwrap_or(&format!("The `{name}` schema.")));
            let id = self.new_type(name, doc, &pointer, nullable, deprecated);
            self.components.insert(name.as_str(), id);
        }
        for name in self.multipart_components() {
            if let Some(id) = self.components.get(name) {
                self.multipart_types.insert(*id);
            }
        }
        for (name, schema) in components {
            let id = self.components[name.as_str()];
            let pointer = join("/components/schemas", name);
            self.types[id].constraints = self.component_constraints(name, 8);
            let kind = match schema {
                ReferenceOr::Reference { reference } => {
                    TypeKind::Alias(self.ref_ty(reference, &pointer)?)
                }
                ReferenceOr::Item(s) => self.define(id, s, &pointer)?,
            };
            self.types[id].kind = kind;
        }
        Ok(())
    }

    /// The component a `$ref` names. After bundling, every schema reference has this form.
    fn component(&self, reference: &str, pointer: &str) -> Result<(&'a str, TypeId), Diag> {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .map(|n| n.replace("~1", "/").replace("~0", "~"));
        name.as_deref()
            .and_then(|n| self.components.get_key_value(n))
            .map(|(k, v)| (*k, *v))
            .ok_or_else(|| Diag::new(pointer, format!("unresolved schema `$ref` {reference:?}")))
    }

    fn ref_ty(&self, reference: &str, pointer: &str) -> Result<Ty, Diag> {
        let (name, id) = self.component(reference, pointer)?;
        if self.multipart_types.contains(&id) {
            return Err(Diag::new(
                pointer,
                format!(
                    "schema `{name}` is a multipart request body, so it cannot also be used as a JSON value here (its binary properties are file parts, which have no JSON form)"
                ),
            ));
        }
        Ok(Ty::Named(id))
    }

    /// The component schemas that operations send as a multipart body by reference.
    fn multipart_components(&self) -> Vec<&'a str> {
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
                        if let Some(name) = reference.strip_prefix("#/components/schemas/") {
                            if let Some((key, _)) = self
                                .components
                                .get_key_value(name.replace("~1", "/").replace("~0", "~").as_str())
                            {
                                out.push(*key);
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
    fn component_reference(&self, schema: &'a ReferenceOr<Schema>) -> Option<&'a str> {
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

    fn component_schema(&self, name: &str) -> Option<&'a ReferenceOr<Schema>> {
        self.doc
            .components
            .as_ref()
            .and_then(|c| c.schemas.get(name))
    }

    /// Lowers the body of a named type.
    fn define(&mut self, id: TypeId, schema: &'a Schema, pointer: &str) -> Result<TypeKind, Diag> {
        self.warn_coerced_enum(schema, pointer);
        self.warn_unchecked_narrowing(schema, pointer);
        if let Some(values) = enum_values(schema).map_err(|m| Diag::new(pointer, m))? {
            return Ok(self.define_enum(values));
        }
        let shape = shape(schema).map_err(|m| Diag::new(pointer, m))?;
        let discriminator = schema.schema_data.discriminator.as_ref();
        if let (Some(d), Shape::Object(_) | Shape::AllOf { .. }) = (discriminator, &shape) {
            let note = format!(
                "The spec gives this schema a `discriminator` (`{}`): schemas that extend it through `allOf` are told apart by that property. This type holds only the properties it declares; a `oneOf` of the extending schemas with the same `discriminator` decodes each of them whole.",
                d.property_name.replace('`', "'")
            );
            let note = format!("\n\n{}", sanitize(&note));
            self.types[id].doc.push_str(&note);
            if !self.extending(pointer).is_empty() {
                self.open_parents.push((id, pointer.to_owned(), d, note));
            }
        }
        match shape {
            Shape::Unmodelled(reason) => {
                if let Some(members) =
                    discriminator.and_then(|_| self.extended_by_all(schema, pointer))
                {
                    if let Ok(tag) = self.tag(&members, discriminator, pointer)? {
                        return self.define_union(id, &members, Some(tag), pointer);
                    }
                }
                Ok(self.unmodelled(id, pointer, &reason))
            }
            Shape::Union { members } if discriminator.is_some() => {
                match self.tag(&members, discriminator, pointer)? {
                    Ok(tag) => self.define_union(id, &members, Some(tag), pointer),
                    Err(reason) => Ok(self.unmodelled(id, pointer, &reason)),
                }
            }
            Shape::Object(object) if !object.properties.is_empty() => {
                let entries = object
                    .properties
                    .iter()
                    .map(|(k, v)| (*k, *v, join(&join(pointer, "properties"), k)))
                    .collect();
                self.define_struct(
                    id,
                    entries,
                    object.required.iter().map(|s| (*s).to_owned()).collect(),
                    object.additional,
                    object_constraints(schema),
                    pointer,
                )
            }
            Shape::String { values, .. } if !values.is_empty() => {
                Ok(self.define_enum(values.into_iter().map(Wire::String).collect()))
            }
            Shape::Union { members } => self.define_union(id, &members, None, pointer),
            // With a `discriminator`, alternatives are told apart by it, which a flattened
            // union cannot do.
            Shape::Extended { .. } if discriminator.is_some() => {
                // The inheritance pattern: alternatives that hold the object's properties.
                if let Some(members) = self.extended_by_all(schema, pointer) {
                    if let Ok(tag) = self.tag(&members, discriminator, pointer)? {
                        return self.define_union(id, &members, Some(tag), pointer);
                    }
                }
                Ok(self.unmodelled(
                    id,
                    pointer,
                    "the schema has both its own type or properties and `oneOf`/`anyOf` alternatives of other shapes, told apart by a `discriminator`",
                ))
            }
            Shape::Extended {
                object,
                members,
                keyword,
            } => self.define_extended(id, schema, object, &members, keyword, pointer),
            Shape::AllOf { members, own } => {
                if let Some(single) = self.pass_through(&members, &own) {
                    let ty = self.inline(single, &self.types[id].name.clone(), pointer)?;
                    return Ok(TypeKind::Alias(ty));
                }
                let mut merged = Merged::default();
                if let Err(reason) =
                    self.merge_all_of(&members, &own, pointer, &mut HashSet::new(), &mut merged)?
                {
                    return Ok(self.unmodelled(id, pointer, &reason));
                }
                self.define_struct(
                    id,
                    merged.properties,
                    merged.required,
                    merged.additional,
                    object_constraints(schema),
                    pointer,
                )
            }
            other => {
                let name = self.types[id].name.clone();
                Ok(TypeKind::Alias(self.shape_ty(other, &name, pointer)?))
            }
        }
    }

    /// The alternatives of a schema written in the inheritance pattern: its own properties, a
    /// `discriminator`, and `oneOf`/`anyOf` alternatives that each extend it through `allOf` or
    /// declare all its properties themselves. Every alternative then holds the schema's own
    /// properties, so the union of them is the whole schema.
    fn extended_by_all(
        &self,
        schema: &'a Schema,
        pointer: &str,
    ) -> Option<Vec<(SchemaRef<'a>, String)>> {
        let SchemaKind::Any(a) = &schema.schema_kind else {
            return None;
        };
        if !a.all_of.is_empty() || a.not.is_some() || !pointer.starts_with("/components/schemas/") {
            return None;
        }
        let members: Vec<_> = alternatives(&a.one_of, &a.any_of)
            .into_iter()
            .filter(|(m, _)| !is_constraint_only(*m))
            .collect();
        // An alternative may also declare the parent's properties itself instead of extending
        // it (Okta's `SamlAttributeStatement`, whose alternatives each declare `type`).
        let declares_own = |alternative: &Schema| {
            let properties = match &alternative.schema_kind {
                SchemaKind::Type(Type::Object(o)) => &o.properties,
                SchemaKind::Any(any) => &any.properties,
                _ => return false,
            };
            !a.properties.is_empty() && a.properties.keys().all(|p| properties.contains_key(p))
        };
        let extends_this = |member: &SchemaRef<'a>| {
            let SchemaRef::Ref(reference) = member else {
                return false;
            };
            self.component_item(reference, pointer)
                .is_ok_and(|(_, alternative)| {
                    self.extends(alternative, pointer) || declares_own(alternative)
                })
        };
        (!members.is_empty() && members.iter().all(|(m, _)| extends_this(m))).then_some(members)
    }

    /// Each struct with a `discriminator` and no alternatives that schemas extend through
    /// `allOf`, and that a field, alternative, alias, body or response names, becomes the union
    /// of those schemas (and of theirs, transitively) chosen by the tag, so that a value decodes
    /// whole: a `Pet` is any kind of pet. The parent's own properties move to a struct of their
    /// own (`PetBase`), the union's last alternative, which the parent's own name selects and a
    /// tag this client does not know falls back to. A parent only extended, as an `allOf` base,
    /// stays a struct. A form or multipart body cannot be a union: such a parent stays a struct
    /// too, with a warning.
    fn close_open_parents(&mut self, operations: &[Operation]) -> Result<(), Diag> {
        if self.open_parents.is_empty() {
            return Ok(());
        }
        let mut named = Vec::new();
        for def in &self.types {
            def.kind.named_targets(&mut named);
        }
        let mut form_bodies = Vec::new();
        for op in operations {
            match op.body.as_ref().map(|b| &b.kind) {
                Some(BodyKind::Json(ty)) => ty.all_targets(&mut named),
                Some(BodyKind::Form { ty, .. } | BodyKind::Multipart { ty, .. }) => {
                    ty.all_targets(&mut form_bodies)
                }
                _ => {}
            }
            op.responses
                .iter()
                .filter_map(|r| r.ty.as_ref())
                .for_each(|ty| ty.all_targets(&mut named));
        }
        for (id, pointer, discriminator, note) in std::mem::take(&mut self.open_parents) {
            let named_here = named.contains(&id);
            if !(named_here || form_bodies.contains(&id))
                || !matches!(self.types[id].kind, TypeKind::Struct(_))
            {
                continue;
            }
            let descendants = self.descendants(&pointer);
            let name = self.types[id].name.clone();
            if form_bodies.contains(&id) {
                let listed: Vec<String> = descendants.iter().map(|c| format!("`{c}`")).collect();
                self.warnings.push(Diag::new(
                    &pointer,
                    format!(
                        "`{name}` has a `discriminator` but no `oneOf`/`anyOf`, and is a form or multipart body, which cannot be a union: a value of a schema extending it ({}) sent as `{name}` keeps only `{name}`'s properties",
                        listed.join(", ")
                    ),
                ));
                continue;
            }
            let own = self.component_name_at(&pointer);
            let mut names: Vec<&str> = descendants.clone();
            names.push(own);
            let values = self.tag_values(&names, discriminator, &pointer)?;
            let base_name = self.type_names.claim(&format!("{name}Base"), false);
            let parent = &mut self.types[id];
            let doc = parent.doc.replacen(&note, "", 1);
            let base = TypeDef {
                name: base_name.clone(),
                doc: format!(
                    "`{name}`'s own properties: a `{name}` that is none of the schemas extending it, or one this client does not know (whose other properties are then not kept).\n\n{doc}"
                ),
                pointer: parent.pointer.clone(),
                nullable: false,
                deprecated: parent.deprecated,
                // Decided with every other type's.
                checks: false,
                // A struct's constraints are its fields'.
                constraints: Constraints::default(),
                kind: std::mem::replace(&mut parent.kind, TypeKind::Pending),
            };
            let property = discriminator.property_name.clone();
            let listed: Vec<String> = descendants.iter().map(|c| format!("`{c}`")).collect();
            parent.doc = sanitize(&format!(
                "{doc}\n\nA `{name}` of any kind: schemas extend it through `allOf` ({}), and its `discriminator` (`{}`) tells which, so a value decodes whole as the one it names. `{base_name}` holds `{name}`'s own properties.",
                listed.join(", "),
                property.replace('`', "'")
            ));
            self.types.push(base);
            let base_id = self.types.len() - 1;
            let mut variant_names = Namespace::default();
            let mut variants: Vec<UnionVariant> = descendants
                .iter()
                .map(|child| {
                    let child_id = self.components[child];
                    UnionVariant {
                        name: variant_names.claim(&self.types[child_id].name, false),
                        ty: Ty::Named(child_id),
                        boxed: false,
                        // The child's type checks its own rules.
                        constraints: Constraints::default(),
                    }
                })
                .collect();
            variants.push(UnionVariant {
                name: variant_names.claim(&name, false),
                ty: Ty::Named(base_id),
                boxed: false,
                constraints: Constraints::default(),
            });
            let fallback = Some(variants.len() - 1);
            self.types[id].kind = TypeKind::Union(Union {
                variants,
                tag: Some(Tag {
                    property,
                    values,
                    fallback,
                }),
            });
        }
        Ok(())
    }

    /// The component schemas extending the component at `pointer` through `allOf`, directly or
    /// through each other, that can carry a tag (objects): breadth first, each in document order.
    fn descendants(&self, pointer: &str) -> Vec<&'a str> {
        let mut found: Vec<&'a str> = Vec::new();
        let mut pending = vec![pointer.to_owned()];
        while let Some(at) = pending.pop() {
            for child in self.extending(&at) {
                let child_at = join("/components/schemas", child);
                if child_at != pointer && !found.contains(&child) && self.is_object_like(child, 8) {
                    found.push(child);
                    pending.insert(0, child_at);
                }
            }
        }
        found
    }

    /// The name of the component schema at `pointer` (`/components/schemas/<name>`).
    fn component_name_at(&self, pointer: &str) -> &'a str {
        self.component_schemas()
            .map(|(name, _)| name.as_str())
            .find(|name| join("/components/schemas", name) == pointer)
            .unwrap_or_default()
    }

    /// The names of the component schemas that extend the component at `pointer` through an
    /// `allOf` member referring to it, in document order.
    fn extending(&self, pointer: &str) -> Vec<&'a str> {
        self.component_schemas()
            .filter(|(_, schema)| {
                matches!(schema, ReferenceOr::Item(schema) if self.extends(schema, pointer))
            })
            .map(|(name, _)| name.as_str())
            .collect()
    }

    /// Whether `schema` extends the component at `pointer`: an `allOf` member refers to it.
    fn extends(&self, schema: &Schema, pointer: &str) -> bool {
        let parents = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => all_of,
            SchemaKind::Any(any) => &any.all_of,
            _ => return false,
        };
        parents.iter().any(|parent| match parent {
            ReferenceOr::Reference { reference } => self
                .component(reference, pointer)
                .is_ok_and(|(name, _)| join("/components/schemas", name) == pointer),
            ReferenceOr::Item(_) => false,
        })
    }

    /// Warns that a `type: string` enum lists numbers or booleans, taken as their text.
    /// An object whose `oneOf`/`anyOf` alternatives narrow its own properties (see [`narrows`])
    /// is the object's struct, but the alternatives are not checked before sending: a warning
    /// says so. Alternatives that only list `required` properties are checked
    /// (`Struct::required_sets`) and need none.
    fn warn_unchecked_narrowing(&mut self, schema: &Schema, pointer: &str) {
        let SchemaKind::Any(a) = &schema.schema_kind else {
            return;
        };
        let (keyword, members) = if a.one_of.is_empty() {
            ("anyOf", &a.any_of)
        } else {
            ("oneOf", &a.one_of)
        };
        if members.iter().all(|m| is_constraint_only(SchemaRef::of(m))) {
            return;
        }
        // Alternatives that are not mere constraints and still leave the schema its own type
        // narrowed it.
        let narrowed = match shape(schema) {
            Ok(Shape::Object(_)) => {
                "properties of the object (an `enum` or bounds on a property); the type is the object's"
            }
            Ok(own) if own.primitive_kind().is_some() => {
                "its type (a `format`, an `enum`, a `pattern` or bounds); the type is the schema's own"
            }
            _ => return,
        };
        self.warnings.push(Diag::new(
            join(pointer, keyword),
            format!(
                "the `{keyword}` alternatives narrow {narrowed}, and these alternatives are not checked before a request is sent"
            ),
        ));
    }

    fn warn_coerced_enum(&mut self, schema: &Schema, pointer: &str) {
        let odd = coerced_enum_values(schema);
        if odd.is_empty() {
            return;
        }
        let listed: Vec<String> = odd.iter().map(|v| v.to_string()).collect();
        self.warnings.push(Diag::new(
            join(pointer, "enum"),
            format!(
                "a `type: string` enum lists {}, which are not strings: taken as the strings {}",
                listed.join(", "),
                listed
                    .iter()
                    .map(|v| format!("{v:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }

    /// A schema no Rust type expresses: `serde_json::Value`, said in the type's documentation
    /// and in a warning.
    fn unmodelled(&mut self, id: TypeId, pointer: &str, reason: &str) -> TypeKind {
        let note = format!(
            "**Not modelled:** {reason}. Any JSON value is accepted and kept as it is (`serde_json::Value`)."
        );
        self.types[id].doc.push_str("\n\n");
        self.types[id].doc.push_str(&sanitize(&note));
        self.warnings.push(Diag::new(
            pointer,
            format!(
                "schema not modelled, `{}` is `serde_json::Value`: {reason}",
                self.types[id].name
            ),
        ));
        TypeKind::Alias(Ty::Value)
    }

    /// An `allOf` with one real member and nothing of its own is that member (the idiom for
    /// adding `nullable` or a description to a `$ref`). A member written in place that only
    /// repeats the type of a referenced member (`allOf: [$ref: AcrValue, {type: string,
    /// description: ...}]`, as Okta writes, or with `nullable: true` beside, as Lob does) adds
    /// nothing either; nor does a reference to a schema that only states a primitive type, next
    /// to a member written in place that narrows that type (`allOf: [$ref: Object, {type:
    /// string, enum: [tracking_event]}]`).
    fn pass_through(
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
    /// `allOf` that passes through to one member ([`Lowerer::pass_through`]) and one of its
    /// members written in place says so (`allOf: [$ref: Id, {type: string, nullable: true}]`).
    fn nullable_of(&self, schema: &Schema) -> bool {
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

    /// The type of a schema used in place: a reference, a primitive, or a new named type.
    fn inline(&mut self, r: SchemaRef<'a>, hint: &str, pointer: &str) -> Result<Ty, Diag> {
        let schema = match r {
            SchemaRef::Ref(reference) => return self.ref_ty(reference, pointer),
            SchemaRef::Item(s) => s,
        };
        let shape = shape(schema).map_err(|m| Diag::new(pointer, m))?;
        if let Shape::AllOf { members, own } = &shape {
            if let Some(single) = self.pass_through(members, own) {
                return self.inline(single, hint, pointer);
            }
        }
        self.warn_coerced_enum(schema, pointer);
        let is_enum = enum_values(schema)
            .map_err(|m| Diag::new(pointer, m))?
            .is_some();
        let needs_type = is_enum
            || match &shape {
                Shape::Object(o) => !o.properties.is_empty(),
                Shape::String { values, .. } => !values.is_empty(),
                Shape::Union { .. }
                | Shape::AllOf { .. }
                | Shape::Extended { .. }
                | Shape::Unmodelled(_) => true,
                _ => false,
            };
        if !needs_type {
            // A type of its own would be defined, and warned about, by `define`.
            self.warn_unchecked_narrowing(schema, pointer);
            return self.shape_ty(shape, hint, pointer);
        }
        let doc =
            sanitize(schema_doc(schema).unwrap_or(&format!("Inline schema at `#{pointer}`.")));
        let id = self.new_type(
            hint,
            doc,
            pointer,
            schema.schema_data.nullable,
            schema.schema_data.deprecated,
        );
        let kind = self.define(id, schema, pointer)?;
        self.types[id].kind = kind;
        Ok(Ty::Named(id))
    }

    /// The type of a shape that needs no named type of its own.
    fn shape_ty(&mut self, shape: Shape<'a>, hint: &str, pointer: &str) -> Result<Ty, Diag> {
        Ok(match shape {
            Shape::String { format, .. } => match format {
                Some("date-time") => Ty::DateTime,
                Some("date") => Ty::Date,
                Some("uuid") => Ty::Uuid,
                // `binary` stays a string: inside JSON it has no encoding of its own.
                Some("byte") => Ty::Base64,
                _ => Ty::String,
            },
            Shape::Integer {
                format: Some("int32"),
            } => Ty::I32,
            Shape::Integer { .. } => Ty::I64,
            Shape::Number => Ty::F64,
            Shape::Boolean => Ty::Bool,
            Shape::Any => Ty::Value,
            Shape::Array(None) => Ty::Vec(Box::new(Ty::Value)),
            Shape::Array(Some(items)) => {
                let items_at = join(pointer, "items");
                let item = self.inline(items, &format!("{hint}Item"), &items_at)?;
                Ty::Vec(Box::new(self.nullable_wrap(items, item)))
            }
            Shape::Object(object) => match object.additional {
                Some(AdditionalProperties::Schema(value)) => {
                    let value_ref = SchemaRef::of(value);
                    let value_at = join(pointer, "additionalProperties");
                    let value_ty = self.inline(value_ref, &format!("{hint}Value"), &value_at)?;
                    Ty::Map(Box::new(self.nullable_wrap(value_ref, value_ty)))
                }
                _ => Ty::Object,
            },
            Shape::AllOf { .. }
            | Shape::Union { .. }
            | Shape::Extended { .. }
            | Shape::Unmodelled(_) => {
                return Err(Diag::new(
                    pointer,
                    "internal: composite schema without a type",
                ));
            }
        })
    }

    /// The constraints of a schema position. A reference carries the constraints of the component
    /// it names when that component is a plain value (a type alias); structs, enums and unions
    /// check themselves. `depth` bounds chains of references.
    fn constraints_of(&self, r: SchemaRef<'_>, depth: usize) -> Constraints {
        if depth == 0 {
            return Constraints::default();
        }
        let schema = match r {
            SchemaRef::Item(s) => s,
            SchemaRef::Ref(reference) => {
                let name = reference
                    .strip_prefix("#/components/schemas/")
                    .map(|n| n.replace("~1", "/").replace("~0", "~"))
                    .unwrap_or_default();
                return self.component_constraints(&name, depth - 1);
            }
        };
        let checkable = |format: Option<&str>| {
            format
                .filter(|f| matches!(*f, "email" | "uri" | "uuid" | "date" | "date-time"))
                .map(str::to_owned)
        };
        let items = |this: &Self, items: Option<&ReferenceOr<Box<Schema>>>| {
            items
                .map(|i| this.constraints_of(SchemaRef::of_box(i), depth - 1))
                .filter(|c| !c.is_empty())
                .map(Box::new)
        };
        // The values of a map: `additionalProperties` with a schema.
        let values = |this: &Self, additional: Option<&AdditionalProperties>| match additional {
            Some(AdditionalProperties::Schema(value)) => {
                Some(this.constraints_of(SchemaRef::of(value), depth - 1))
                    .filter(|c| !c.is_empty())
                    .map(Box::new)
            }
            _ => None,
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(t)) => Constraints {
                min_length: t.min_length,
                max_length: t.max_length,
                pattern: t.pattern.clone(),
                format: match &t.format {
                    VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Date) => {
                        Some("date".into())
                    }
                    VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::DateTime) => {
                        Some("date-time".into())
                    }
                    VariantOrUnknownOrEmpty::Unknown(f) => checkable(Some(f)),
                    _ => None,
                },
                ..Constraints::default()
            },
            SchemaKind::Type(Type::Integer(t)) => Constraints {
                allowed_numbers: t.enumeration.iter().flatten().map(|v| *v as f64).collect(),
                minimum: t.minimum.map(|m| (m as f64, t.exclusive_minimum)),
                maximum: t.maximum.map(|m| (m as f64, t.exclusive_maximum)),
                multiple_of: t.multiple_of.map(|m| m as f64),
                ..Constraints::default()
            },
            SchemaKind::Type(Type::Number(t)) => Constraints {
                allowed_numbers: t.enumeration.iter().flatten().copied().collect(),
                minimum: t.minimum.map(|m| (m, t.exclusive_minimum)),
                maximum: t.maximum.map(|m| (m, t.exclusive_maximum)),
                multiple_of: t.multiple_of,
                ..Constraints::default()
            },
            SchemaKind::Type(Type::Array(t)) => Constraints {
                min_items: t.min_items,
                max_items: t.max_items,
                unique_items: t.unique_items,
                items: items(self, t.items.as_ref()),
                ..Constraints::default()
            },
            SchemaKind::Type(Type::Object(o)) => Constraints {
                min_properties: o.min_properties,
                max_properties: o.max_properties,
                items: values(self, o.additional_properties.as_ref()),
                ..Constraints::default()
            },
            SchemaKind::Type(Type::Boolean(b)) => Constraints {
                allowed_values: boolean_enum_values(
                    b.enumeration
                        .iter()
                        .map(|v| v.map_or(serde_json::Value::Null, serde_json::Value::Bool))
                        .collect(),
                    schema.schema_data.nullable,
                ),
                ..Constraints::default()
            },
            SchemaKind::Any(a) => Constraints {
                min_length: a.min_length,
                max_length: a.max_length,
                pattern: a.pattern.clone(),
                format: checkable(a.format.as_deref()),
                minimum: a.minimum.map(|m| (m, a.exclusive_minimum.unwrap_or(false))),
                maximum: a.maximum.map(|m| (m, a.exclusive_maximum.unwrap_or(false))),
                multiple_of: a.multiple_of,
                min_items: a.min_items,
                max_items: a.max_items,
                unique_items: a.unique_items.unwrap_or(false),
                min_properties: a.min_properties,
                max_properties: a.max_properties,
                // An array's items, or a map's values: `shape` reads the schema as one or the
                // other, and `Constraints::for_ty` keeps what concerns the type it became.
                items: match shape(schema) {
                    Ok(Shape::Object(_)) => values(self, a.additional_properties.as_ref()),
                    _ => items(self, a.items.as_ref()),
                },
                allowed_numbers: if matches!(a.typ.as_deref(), Some("integer" | "number")) {
                    a.enumeration
                        .iter()
                        .filter_map(serde_json::Value::as_f64)
                        .collect()
                } else {
                    Vec::new()
                },
                allowed_values: if a.typ.as_deref() == Some("boolean") {
                    boolean_enum_values(a.enumeration.clone(), schema.schema_data.nullable)
                } else {
                    mixed_enum_values(schema)
                },
            },
            SchemaKind::AllOf { all_of } => match self.pass_through(
                &all_of.iter().map(SchemaRef::of).collect::<Vec<_>>(),
                &ObjectPart::default(),
            ) {
                Some(member) => {
                    let mut constraints = self.constraints_of(member, depth - 1);
                    // `nullable` beside the reference allows `null` too.
                    if schema.schema_data.nullable {
                        allow_null(&mut constraints.allowed_values);
                    }
                    constraints
                }
                None => Constraints::default(),
            },
            _ => Constraints::default(),
        }
    }

    /// The constraints component `name` states on its value when it is a plain value (an alias,
    /// directly or through a reference or an `allOf` of one member); structs, enums and unions
    /// check themselves.
    fn component_constraints(&self, name: &str, depth: usize) -> Constraints {
        match self.component_schema(name) {
            Some(ReferenceOr::Item(s))
                if is_plain_value(s) || matches!(s.schema_kind, SchemaKind::AllOf { .. }) =>
            {
                self.constraints_of(SchemaRef::Item(s), depth)
            }
            Some(ReferenceOr::Reference { reference }) => {
                self.constraints_of(SchemaRef::Ref(reference), depth)
            }
            _ => Constraints::default(),
        }
    }

    /// Whether a type is `serde_json::Value`, directly or through aliases.
    fn is_any_value(&self, ty: &Ty) -> bool {
        *resolve_aliases(&self.types, ty) == Ty::Value
    }

    /// Whether a property of a multipart body is binary (`type: string` with `format: binary`,
    /// or `byte`), or a list of binaries: `(base64, list)`.
    fn file_kind(&self, r: SchemaRef<'a>, depth: usize) -> Option<(bool, bool)> {
        let schema = self.schema_of(r)?;
        match shape(schema).ok()? {
            Shape::String { format, values } if values.is_empty() => match format {
                Some("binary") => Some((false, false)),
                Some("byte") => Some((true, false)),
                _ => None,
            },
            Shape::Array(Some(items)) => match self.file_kind(items, depth.checked_sub(1)?) {
                Some((base64, false)) => Some((base64, true)),
                _ => None,
            },
            _ => None,
        }
    }

    /// The schema a position holds, following references between components.
    fn schema_of(&self, r: SchemaRef<'a>) -> Option<&'a Schema> {
        match r {
            SchemaRef::Item(s) => Some(s),
            SchemaRef::Ref(reference) => self.component_item(reference, "").ok().map(|(_, s)| s),
        }
    }

    fn is_nullable(&self, r: SchemaRef<'_>) -> bool {
        match r {
            SchemaRef::Item(s) => self.nullable_of(s),
            SchemaRef::Ref(reference) => reference
                .strip_prefix("#/components/schemas/")
                .and_then(|n| self.components.get(n))
                .is_some_and(|id| self.types[*id].nullable),
        }
    }

    /// `Option<T>` for a nullable schema in a position without presence (items, map values).
    fn nullable_wrap(&self, r: SchemaRef<'_>, ty: Ty) -> Ty {
        if self.is_nullable(r) {
            Ty::Option(Box::new(ty))
        } else {
            ty
        }
    }

    fn define_struct(
        &mut self,
        id: TypeId,
        properties: Vec<(&'a str, SchemaRef<'a>, String)>,
        required: Vec<String>,
        additional: Option<&'a AdditionalProperties>,
        object: ObjectConstraints,
        pointer: &str,
    ) -> Result<TypeKind, Diag> {
        let mut required = required;
        if let Some(extra) = self.extra_required.remove(pointer) {
            required.extend(extra);
        }
        let parent = self.types[id].name.clone();
        let multipart = self.multipart_types.contains(&id);
        let mut names = Namespace::default();
        let mut fields = Vec::with_capacity(properties.len());
        for (wire, prop, prop_at) in properties {
            let hint = format!("{parent}{}", type_name(wire));
            let ty = match self.file_kind(prop, 8).filter(|_| multipart) {
                Some((base64, false)) => Ty::File { base64 },
                Some((base64, true)) => Ty::Vec(Box::new(Ty::File { base64 })),
                None => self.inline(prop, &hint, &prop_at)?,
            };
            let (doc, deprecated, data) = match prop {
                SchemaRef::Item(s) => (
                    schema_doc(s).or_else(|| all_of_doc(s)).map(str::to_owned),
                    s.schema_data.deprecated,
                    Some(&s.schema_data),
                ),
                SchemaRef::Ref(reference) => {
                    let (name, target) = self.component(reference, &prop_at)?;
                    let schema = self.component_schema(name).and_then(|s| s.as_item());
                    (
                        schema
                            .and_then(schema_doc)
                            .map(str::to_owned)
                            .or_else(|| Some(format!("See `{}`.", self.types[target].name))),
                        false,
                        schema.map(|s| &s.schema_data),
                    )
                }
            };
            let access = match data {
                Some(d) if d.read_only && !d.write_only => Access::ReadOnly,
                Some(d) if d.write_only && !d.read_only => Access::WriteOnly,
                _ => Access::ReadWrite,
            };
            // Any JSON value includes `null`: keep an explicit one. A multipart body has no
            // `null`: a part is sent or left out.
            let nullable = !multipart && (self.is_nullable(prop) || self.is_any_value(&ty));
            let constraints = self.constraints_of(prop, 8);
            fields.push(Field {
                constraints,
                rust: names.claim(&field_name(wire), true),
                wire: wire.to_owned(),
                ty,
                required: required.iter().any(|r| r == wire),
                nullable,
                doc: sanitize(doc.as_deref().unwrap_or(&format!("The `{wire}` property."))),
                deprecated,
                access,
                boxed: false,
                flatten: false,
            });
        }
        let mut additional_constraints = Box::default();
        let additional = match additional {
            Some(AdditionalProperties::Any(true)) => Some(Ty::Value),
            Some(AdditionalProperties::Schema(value)) => {
                let value_ref = SchemaRef::of(value);
                let value_at = join(pointer, "additionalProperties");
                let ty = self.inline(value_ref, &format!("{parent}Value"), &value_at)?;
                additional_constraints = Box::new(self.constraints_of(value_ref, 8));
                Some(self.nullable_wrap(value_ref, ty))
            }
            Some(AdditionalProperties::Any(false)) | None => None,
        };
        let additional = additional.map(|ty| (names.claim("additional_properties", true), ty));
        Ok(TypeKind::Struct(Struct {
            fields,
            additional,
            additional_constraints,
            default: false,
            json: !multipart,
            property_count: object.0,
            required_sets: object.1,
            builder: None,
        }))
    }

    fn define_enum(&mut self, values: Vec<Wire>) -> TypeKind {
        let mut names = Namespace::default();
        let mut variants = Vec::new();
        for value in values {
            if variants.iter().any(|v: &Variant| v.wire == value) {
                continue;
            }
            let base = match &value {
                Wire::String(s) => type_name(s),
                // `V1`, `Minus1`: a number alone is not an identifier.
                Wire::Integer(n) if *n < 0 => type_name(&format!("minus {}", n.unsigned_abs())),
                Wire::Integer(n) => type_name(&format!("v{n}")),
            };
            variants.push(Variant {
                rust: names.claim(&base, false),
                wire: value,
            });
        }
        let other = ["Other", "Unknown", "UnknownValue"]
            .into_iter()
            .map(str::to_owned)
            .find(|candidate| !variants.iter().any(|v| v.rust == *candidate))
            .unwrap_or_else(|| names.claim("UnknownValue", false));
        TypeKind::Enum(Enum { variants, other })
    }

    /// How a `discriminator` chooses among `members`, or why it cannot (the union is then not
    /// modelled). Values come from `mapping` (schema names or `#/components/schemas/` references,
    /// several values per schema allowed), then each alternative not mapped is selected by its
    /// schema name. A mapping to a schema that does not exist is an error.
    fn tag(
        &mut self,
        members: &[(SchemaRef<'a>, String)],
        discriminator: Option<&'a openapiv3::Discriminator>,
        pointer: &str,
    ) -> Result<Result<Tag, String>, Diag> {
        let Some(discriminator) = discriminator else {
            return Err(Diag::new(pointer, "internal: no discriminator"));
        };
        let property = &discriminator.property_name;
        let mut names = Vec::with_capacity(members.len());
        for (member, relative) in members {
            let SchemaRef::Ref(reference) = member else {
                return Ok(Err(format!(
                    "the `discriminator` selects among component schemas, but alternative `{relative}` is written in place"
                )));
            };
            let (name, _) = self.component(reference, &format!("{pointer}/{relative}"))?;
            if !self.is_object_like(name, 8) {
                return Ok(Err(format!(
                    "the `discriminator` alternative `{name}` is not an object, so it cannot carry the `{property}` property"
                )));
            }
            names.push(name);
        }
        Ok(Ok(Tag {
            property: property.clone(),
            values: self.tag_values(&names, discriminator, pointer)?,
            fallback: None,
        }))
    }

    /// The tag values that select each of the schemas `names`: the `mapping`'s entries naming
    /// them, in its order, then each schema's own name unless the mapping took it.
    fn tag_values(
        &mut self,
        names: &[&str],
        discriminator: &openapiv3::Discriminator,
        pointer: &str,
    ) -> Result<Vec<(String, usize)>, Diag> {
        let mapping_at = join(&join(pointer, "discriminator"), "mapping");
        let mut values: Vec<(String, usize)> = Vec::new();
        let mut mapped = vec![false; names.len()];
        for (value, target) in &discriminator.mapping {
            let entry_at = join(&mapping_at, value);
            let name = match target.strip_prefix("#/components/schemas/") {
                Some(escaped) => escaped.replace("~1", "/").replace("~0", "~"),
                None if !target.contains(['#', '/']) => target.clone(),
                None => {
                    self.warnings.push(Diag::new(
                        entry_at,
                        format!(
                            "discriminator mapping `{value}` ignored: {target:?} is neither a schema name nor a `#/components/schemas/` reference"
                        ),
                    ));
                    continue;
                }
            };
            if !self.components.contains_key(name.as_str()) {
                return Err(Diag::new(
                    entry_at,
                    format!(
                        "discriminator mapping `{value}` names `{name}`, which is not in components/schemas"
                    ),
                ));
            }
            match names.iter().position(|n| *n == name) {
                Some(index) => {
                    mapped[index] = true;
                    values.push((value.clone(), index));
                }
                None => self.warnings.push(Diag::new(
                    entry_at,
                    format!(
                        "discriminator mapping `{value}` ignored: `{name}` is not one of the alternatives"
                    ),
                )),
            }
        }
        for (index, name) in names.iter().enumerate() {
            if !mapped[index] && !values.iter().any(|(v, _)| v == name) {
                values.push(((*name).to_owned(), index));
            }
        }
        // Stable: a variant's values keep the mapping's order.
        values.sort_by_key(|(_, index)| *index);
        Ok(values)
    }

    /// Whether the component `name` decodes from a JSON object (a struct, a union of such, or
    /// any value), following references between components; `depth` bounds the walk.
    fn is_object_like(&self, name: &str, depth: usize) -> bool {
        let Some(depth) = depth.checked_sub(1) else {
            return false;
        };
        let member_is_object_like = |r: &SchemaRef<'_>| match r {
            SchemaRef::Ref(reference) => self
                .component(reference, "")
                .is_ok_and(|(n, _)| self.is_object_like(n, depth)),
            SchemaRef::Item(s) => matches!(
                shape(s),
                Ok(Shape::Object(_) | Shape::AllOf { .. } | Shape::Extended { .. })
            ),
        };
        match self.component_schema(name) {
            Some(ReferenceOr::Reference { reference }) => {
                member_is_object_like(&SchemaRef::Ref(reference))
            }
            Some(ReferenceOr::Item(schema)) => match shape(schema) {
                Ok(
                    Shape::Object(_) | Shape::AllOf { .. } | Shape::Extended { .. } | Shape::Any,
                ) => true,
                Ok(Shape::Union { members }) => {
                    members.iter().all(|(m, _)| member_is_object_like(m))
                }
                _ => false,
            },
            None => false,
        }
    }

    /// An object with properties of its own and alternatives that add others (Intercom's
    /// `create_data_attribute_request`): the struct of its own properties, with a last field
    /// holding the union of the alternatives, flattened beside them. The object's `required`
    /// properties that an alternative declares are required there.
    fn define_extended(
        &mut self,
        id: TypeId,
        schema: &'a Schema,
        object: ObjectPart<'a>,
        members: &[(SchemaRef<'a>, String)],
        keyword: &'static str,
        pointer: &str,
    ) -> Result<TypeKind, Diag> {
        if self.multipart_types.contains(&id) {
            return Ok(self.unmodelled(
                id,
                pointer,
                "a multipart body's properties are its parts, and the properties of its `oneOf`/`anyOf` alternatives cannot be",
            ));
        }
        let own: HashSet<&str> = object.properties.iter().map(|(name, _)| *name).collect();
        // A referenced alternative must be an object of other properties than the object's own.
        for (member, relative) in members {
            let SchemaRef::Ref(reference) = member else {
                continue;
            };
            let member_at = format!("{pointer}/{relative}");
            let (name, _) = self.component(reference, &member_at)?;
            let fits = self
                .component_schema(name)
                .and_then(ReferenceOr::as_item)
                .is_some_and(|target| match shape(target) {
                    Ok(Shape::Object(o)) => {
                        !o.properties.is_empty()
                            && o.additional.is_none()
                            && o.properties.iter().all(|(p, _)| !own.contains(p))
                    }
                    _ => false,
                });
            if !fits {
                return Ok(self.unmodelled(
                    id,
                    pointer,
                    "the schema has both its own type or properties and `oneOf`/`anyOf` alternatives of other shapes",
                ));
            }
        }
        for (member, relative) in members {
            let SchemaRef::Item(alternative) = member else {
                continue;
            };
            let declared = match shape(alternative) {
                Ok(Shape::Object(part)) => part.properties,
                _ => Vec::new(),
            };
            let required: Vec<String> = object
                .required
                .iter()
                .filter(|name| !own.contains(*name) && declared.iter().any(|(p, _)| p == *name))
                .map(|name| (*name).to_owned())
                .collect();
            if !required.is_empty() {
                self.extra_required
                    .insert(format!("{pointer}/{relative}"), required);
            }
        }
        let entries = object
            .properties
            .iter()
            .map(|(k, v)| (*k, *v, join(&join(pointer, "properties"), k)))
            .collect();
        let kind = self.define_struct(
            id,
            entries,
            object.required.iter().map(|s| (*s).to_owned()).collect(),
            object.additional,
            object_constraints(schema),
            pointer,
        )?;
        let TypeKind::Struct(mut s) = kind else {
            return Ok(kind);
        };
        let parent = self.types[id].name.clone();
        let union_name = if keyword == "oneOf" { "OneOf" } else { "AnyOf" };
        let doc = format!(
            "The `{keyword}` alternatives of [`{parent}`]: the properties each adds beside the object's own."
        );
        let union_id = self.new_type(&format!("{parent}{union_name}"), doc, pointer, false, false);
        self.types[union_id].kind = self.define_union(union_id, members, None, pointer)?;
        let mut names = Namespace::default();
        for field in &s.fields {
            names.claim(&field.rust, true);
        }
        s.fields.push(Field {
            rust: names.claim(if keyword == "oneOf" { "one_of" } else { "any_of" }, true),
            wire: String::new(),
            ty: Ty::Named(union_id),
            required: true,
            nullable: false,
            doc: format!(
                "The properties of the `{keyword}` alternative the value matches, sent beside the others."
            ),
            deprecated: false,
            access: Access::ReadWrite,
            boxed: false,
            constraints: Constraints::default(),
            flatten: true,
        });
        Ok(TypeKind::Struct(s))
    }

    fn define_union(
        &mut self,
        id: TypeId,
        members: &[(SchemaRef<'a>, String)],
        tag: Option<Tag>,
        pointer: &str,
    ) -> Result<TypeKind, Diag> {
        let parent = self.types[id].name.clone();
        let mut names = Namespace::default();
        let mut variants = Vec::new();
        for (i, (member, relative)) in members.iter().enumerate() {
            let member_at = format!("{pointer}/{relative}");
            let ty = self.inline(*member, &format!("{parent}Variant{}", i + 1), &member_at)?;
            let ty = self.nullable_wrap(*member, ty);
            let base = match &ty {
                Ty::Named(target) => self.types[*target].name.clone(),
                other => variant_word(other).to_owned(),
            };
            variants.push(UnionVariant {
                name: names.claim(&base, false),
                ty,
                boxed: false,
                constraints: self.constraints_of(*member, 8),
            });
        }
        Ok(TypeKind::Union(Union { variants, tag }))
    }

    /// Gathers the properties of an `allOf`'s members into `merged`. The inner `Err` says why the
    /// `allOf` cannot be a struct (a member that is not an object); the outer one is an invalid
    /// document.
    fn merge_all_of(
        &self,
        members: &[SchemaRef<'a>],
        own: &ObjectPart<'a>,
        pointer: &str,
        visiting: &mut HashSet<&'a str>,
        merged: &mut Merged<'a>,
    ) -> Result<Result<(), String>, Diag> {
        for (i, member) in members.iter().enumerate() {
            let member_at = join(&join(pointer, "allOf"), &i.to_string());
            let (schema, schema_at, name) = match member {
                SchemaRef::Item(s) => (*s, member_at.clone(), None),
                SchemaRef::Ref(reference) => {
                    let (name, schema) = self.component_item(reference, &member_at)?;
                    if !visiting.insert(name) {
                        return Err(Diag::new(
                            member_at,
                            format!(
                                "`allOf` cycle through `{name}`: a schema cannot contain itself"
                            ),
                        ));
                    }
                    (schema, join("/components/schemas", name), Some(name))
                }
            };
            let not_object = || {
                let source = match name {
                    Some(name) => format!(" (`{name}`)"),
                    None => String::new(),
                };
                format!("its `allOf` member `allOf/{i}`{source} is not an object schema")
            };
            match shape(schema).map_err(|m| Diag::new(&schema_at, m))? {
                Shape::Object(part) => merged.add(&part, &schema_at),
                Shape::AllOf { members, own } => {
                    if let Err(reason) =
                        self.merge_all_of(&members, &own, &schema_at, visiting, merged)?
                    {
                        return Ok(Err(reason));
                    }
                }
                // A member that only lists `required` properties, or adds nothing.
                Shape::Any => merged.add(
                    &ObjectPart {
                        required: required_of(schema),
                        ..Default::default()
                    },
                    &schema_at,
                ),
                // The parent of the inheritance pattern: its alternatives extend it, and it
                // gives them its own properties.
                Shape::Unmodelled(_)
                    if schema.schema_data.discriminator.is_some()
                        && matches!(&schema.schema_kind, SchemaKind::Any(a) if a.all_of.is_empty() && a.not.is_none()) =>
                {
                    if let SchemaKind::Any(a) = &schema.schema_kind {
                        let own = ObjectPart::new(
                            &a.properties,
                            &a.required,
                            a.additional_properties.as_ref(),
                        );
                        merged.add(&own, &schema_at);
                    }
                }
                Shape::Extended { object, .. } if schema.schema_data.discriminator.is_some() => {
                    merged.add(&object, &schema_at);
                }
                Shape::Unmodelled(reason) => {
                    return Ok(Err(format!("{}: {reason}", not_object())));
                }
                _ => return Ok(Err(not_object())),
            }
            if let Some(name) = name {
                visiting.remove(name);
            }
        }
        merged.add(own, pointer);
        Ok(Ok(()))
    }

    /// The component a `$ref` names and its schema, following references between components.
    fn component_item(
        &self,
        reference: &str,
        pointer: &str,
    ) -> Result<(&'a str, &'a Schema), Diag> {
        let (mut name, _) = self.component(reference, pointer)?;
        for _ in 0..8 {
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

    fn security_schemes(&self) -> Result<Vec<SecurityScheme>, Diag> {
        let mut out = Vec::new();
        let mut names = Namespace::default();
        let Some(components) = &self.doc.components else {
            return Ok(out);
        };
        for (key, scheme) in &components.security_schemes {
            let pointer = join("/components/securitySchemes", key);
            let ReferenceOr::Item(scheme) = scheme else {
                return Err(Diag::new(pointer, "unresolved security scheme `$ref`"));
            };
            use openapiv3::SecurityScheme as S;
            let (kind, description) = match scheme {
                S::APIKey {
                    location,
                    name,
                    description,
                    ..
                } => (
                    SchemeKind::ApiKey {
                        name: name.clone(),
                        location: match location {
                            openapiv3::APIKeyLocation::Query => Location::Query,
                            openapiv3::APIKeyLocation::Header => Location::Header,
                            openapiv3::APIKeyLocation::Cookie => Location::Cookie,
                        },
                    },
                    description,
                ),
                S::HTTP {
                    scheme,
                    bearer_format,
                    description,
                    ..
                } => (
                    SchemeKind::Http {
                        scheme: scheme.clone(),
                        bearer_format: bearer_format.clone(),
                    },
                    description,
                ),
                S::OAuth2 { description, .. } => (SchemeKind::OAuth2, description),
                S::OpenIDConnect {
                    open_id_connect_url,
                    description,
                    ..
                } => (
                    SchemeKind::OpenIdConnect {
                        url: open_id_connect_url.clone(),
                    },
                    description,
                ),
            };
            out.push(SecurityScheme {
                key: key.clone(),
                const_name: names.claim(&const_name(key), true),
                doc: sanitize(
                    description
                        .as_deref()
                        .unwrap_or(&format!("The `{key}` security scheme.")),
                ),
                kind,
            });
        }
        Ok(out)
    }

    fn operations(&mut self, schemes: &[SecurityScheme]) -> Result<Vec<Operation>, Diag> {
        let mut out = Vec::new();
        let mut const_names = Namespace::default();
        // Client methods: each operation gets `name` and `name_with`.
        let mut fn_names = Namespace::with_reserved(&["new", "builder", "from_builder", "inner"]);
        let doc = self.doc;
        for (path, item) in &doc.paths.paths {
            let path_at = join("/paths", path);
            let ReferenceOr::Item(item) = item else {
                return Err(Diag::new(path_at, "unresolved path item `$ref`"));
            };
            let mut in_order: Vec<_> = item.iter().collect();
            if let Some(order) = self.raw.method_order.get(path) {
                in_order.sort_by_key(|(method, _)| order.iter().position(|k| k == method));
            }
            for (method, op) in in_order {
                let op_at = join(&path_at, method);
                let id = op
                    .operation_id
                    .clone()
                    .unwrap_or_else(|| derived_operation_id(method, path));
                let type_base = type_name(&id);
                let params = self.parameters(
                    &item.parameters,
                    &op.parameters,
                    &type_base,
                    (&path_at, &op_at),
                )?;
                let body = match &op.request_body {
                    None => None,
                    Some(ReferenceOr::Reference { .. }) => {
                        return Err(Diag::new(
                            join(&op_at, "requestBody"),
                            "unresolved request body `$ref`",
                        ));
                    }
                    Some(ReferenceOr::Item(body)) => {
                        Some(self.request_body(body, &type_base, &join(&op_at, "requestBody"))?)
                    }
                };
                let responses = self.responses(op, &type_base, &op_at)?;
                let security = match (&op.security, &doc.security) {
                    (Some(own), _) => {
                        security_requirements(own, schemes, &join(&op_at, "security"))?
                    }
                    (None, Some(global)) => security_requirements(global, schemes, "/security")?,
                    (None, None) => Vec::new(),
                };
                let servers = if !op.servers.is_empty() {
                    Some(servers(&op.servers))
                } else if !item.servers.is_empty() {
                    Some(servers(&item.servers))
                } else {
                    None
                };
                let mut heading = format!("`{} {path}`", method.to_uppercase());
                if let Some(summary) = &op.summary {
                    heading.push_str(": ");
                    heading.push_str(summary);
                }
                let mut doc_text = heading.clone();
                if let Some(description) = &op.description {
                    doc_text.push_str("\n\n");
                    doc_text.push_str(description);
                }
                let fn_name = claim_method(&mut fn_names, &field_name(&id));
                let idempotent = match op.extensions.get("x-idempotent") {
                    Some(serde_json::Value::Bool(declared)) => *declared,
                    _ => !matches!(method, "post" | "patch"),
                };
                let params_type = self.params_struct(&params, &type_base, &op_at);
                let error_type = self.type_names.claim(&format!("{type_base}Error"), false);
                let success_payloads: Vec<Payload> = responses
                    .iter()
                    .filter(|r| r.is_success())
                    .map(Response::payload)
                    .collect();
                let success_type = success_payloads
                    .iter()
                    .any(|p| *p != success_payloads[0])
                    .then(|| self.type_names.claim(&format!("{type_base}Success"), false));
                out.push(Operation {
                    fn_name,
                    idempotent,
                    params_type,
                    error_type,
                    success_type,
                    const_name: const_names.claim(&const_name(&id), true),
                    id,
                    method: method_name(method),
                    path: path.clone(),
                    heading: sanitize(&heading),
                    doc: sanitize(&doc_text),
                    deprecated: op.deprecated,
                    params,
                    body,
                    responses,
                    security,
                    servers,
                });
            }
        }
        Ok(out)
    }

    fn parameters(
        &mut self,
        path_level: &'a [ReferenceOr<Parameter>],
        op_level: &'a [ReferenceOr<Parameter>],
        type_base: &str,
        (path_at, op_at): (&str, &str),
    ) -> Result<Vec<Param>, Diag> {
        let mut out: Vec<Param> = Vec::new();
        let all = path_level
            .iter()
            .enumerate()
            .map(|(i, p)| (p, join(&join(path_at, "parameters"), &i.to_string())))
            .chain(
                op_level
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p, join(&join(op_at, "parameters"), &i.to_string()))),
            );
        for (param, param_at) in all {
            let ReferenceOr::Item(param) = param else {
                return Err(Diag::new(param_at, "unresolved parameter `$ref`"));
            };
            use openapiv3::{CookieStyle, HeaderStyle, PathStyle, QueryStyle};
            // openapiv3 accepts only the styles OpenAPI 3.0 allows in each location.
            let (data, location, style, allow_reserved) = match param {
                Parameter::Query {
                    parameter_data,
                    style,
                    allow_reserved,
                    ..
                } => (
                    parameter_data,
                    Location::Query,
                    match style {
                        QueryStyle::Form => Style::Form,
                        QueryStyle::SpaceDelimited => Style::SpaceDelimited,
                        QueryStyle::PipeDelimited => Style::PipeDelimited,
                        QueryStyle::DeepObject => Style::DeepObject,
                    },
                    *allow_reserved,
                ),
                Parameter::Header {
                    parameter_data,
                    style: HeaderStyle::Simple,
                } => (parameter_data, Location::Header, Style::Simple, false),
                Parameter::Path {
                    parameter_data,
                    style,
                } => (
                    parameter_data,
                    Location::Path,
                    match style {
                        PathStyle::Simple => Style::Simple,
                        PathStyle::Label => Style::Label,
                        PathStyle::Matrix => Style::Matrix,
                    },
                    false,
                ),
                Parameter::Cookie {
                    parameter_data,
                    style: CookieStyle::Form,
                } => (parameter_data, Location::Cookie, Style::Form, false),
            };
            let explode = data.explode.unwrap_or(style == Style::Form);
            let hint = format!("{type_base}{}", type_name(&data.name));
            let (schema, schema_at, content_type) = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    (Some(schema), join(&param_at, "schema"), None)
                }
                ParameterSchemaOrContent::Content(content) => {
                    let content_at = join(&param_at, "content");
                    let [(media_type, media)] = content.iter().collect::<Vec<_>>()[..] else {
                        return Err(Diag::new(
                            content_at,
                            format!(
                                "parameter `{}`: `content` must have exactly one media type, not {}",
                                data.name,
                                content.len()
                            ),
                        ));
                    };
                    let media_at = join(&content_at, media_type);
                    if json_media(content).is_none() && !is_plain_text(media_type) {
                        return Err(Diag::new(
                            media_at,
                            format!(
                                "parameter `{}`: media type `{media_type}` is not supported in a parameter's `content` (JSON is sent as JSON text, `text/plain` as a plain value)",
                                data.name
                            ),
                        ));
                    }
                    (
                        media.schema.as_ref(),
                        join(&media_at, "schema"),
                        Some(media_type.clone()),
                    )
                }
            };
            let mut content_type = content_type;
            let json = content_type.as_deref().is_some_and(|t| !is_plain_text(t));
            let ty = match schema {
                Some(schema) => self.inline(SchemaRef::of(schema), &hint, &schema_at)?,
                // Without a schema, JSON content is any JSON value and plain text a string.
                None if json => Ty::Value,
                None => Ty::String,
            };
            let constant = match schema {
                Some(ReferenceOr::Item(Schema {
                    schema_kind: SchemaKind::Type(Type::String(s)),
                    ..
                })) if location == Location::Header && s.enumeration.len() == 1 => {
                    s.enumeration[0].clone()
                }
                _ => None,
            };
            // JSON content can be any value; everything else is written by a style, which
            // needs a primitive, an array of primitives or an object of primitives. A schema
            // no style can write (objects or arrays nested in it), with the location's default
            // style, is sent as JSON text, as `content: application/json` would, with a
            // warning: OpenAPI 3.0 defines no other way, and it is what such APIs take. A
            // style the spec chose that cannot write it stays an error.
            let default_style = style == Style::default_for(location);
            let styled = !json
                && (content_type.is_some()
                    || !default_style
                    || param_shapes(&self.types, &ty).is_some_and(|s| !s.nested));
            if !json && !styled {
                self.warnings.push(Diag::new(
                    schema_at.clone(),
                    format!(
                        "parameter `{}`: no `style` can write this schema (it nests objects or arrays), so it is sent as JSON text, as `content: application/json` would",
                        data.name
                    ),
                ));
                content_type = Some("application/json".to_owned());
            }
            if styled {
                let shapes = param_shapes(&self.types, &ty).ok_or_else(|| {
                    let why = if content_type.is_some() {
                        "`text/plain` content must be a primitive value".to_owned()
                    } else if style == Style::DeepObject {
                        "`style: deepObject` can only write an object whose members are primitives (strings, numbers, booleans, enums, dates, uuids), arrays of them, or objects of the same kind; describe it with `content` (`application/json`) to send it as JSON".to_owned()
                    } else {
                        format!(
                            "`style: {}` can only write primitives (strings, numbers, booleans, enums, dates, uuids), arrays of them and objects of them; describe it with `content` (`application/json`) to send it as JSON",
                            style.name()
                        )
                    };
                    Diag::new(schema_at.clone(), format!("parameter `{}`: {why}", data.name))
                })?;
                if content_type.is_some() {
                    // `text/plain`: one plain value, written as the location's default style
                    // writes a string.
                    if shapes != Shapes::PRIMITIVE {
                        return Err(Diag::new(
                            schema_at,
                            format!(
                                "parameter `{}`: `text/plain` content must be a primitive value",
                                data.name
                            ),
                        ));
                    }
                } else if let Some(undefined) = undefined_style(style, explode, shapes) {
                    return Err(Diag::new(
                        join(&param_at, "style"),
                        format!(
                            "parameter `{}`: OpenAPI 3.0 does not define `style: {}`{} for {undefined}",
                            data.name,
                            style.name(),
                            if explode { " with `explode: true`" } else { "" },
                        ),
                    ));
                }
            }
            let constraints = match schema {
                Some(schema) => self.constraints_of(SchemaRef::of(schema), 8),
                None => Constraints::default(),
            };
            let new = Param {
                constraints,
                name: data.name.clone(),
                rust_name: field_name(&data.name),
                style,
                explode,
                allow_reserved,
                content_type,
                location,
                required: data.required,
                ty,
                constant,
                doc: data.description.as_deref().map(sanitize),
                deprecated: data.deprecated.unwrap_or(false),
            };
            // An operation's parameter replaces the path item's one with the same name and place.
            match out
                .iter_mut()
                .find(|p| p.name == new.name && p.location == new.location)
            {
                Some(existing) => *existing = new,
                None => out.push(new),
            }
        }
        Ok(out)
    }

    /// Chooses how a request body is sent when several media types are offered: JSON, then
    /// form, then multipart, then text, then raw bytes. The others are not offered to the caller.
    fn request_body(
        &mut self,
        body: &'a openapiv3::RequestBody,
        type_base: &str,
        body_at: &str,
    ) -> Result<Body, Diag> {
        let content_at = join(body_at, "content");
        let Some((content_type, media, chosen)) = choose_media(&body.content) else {
            return Err(Diag::new(
                content_at,
                "a request body needs at least one media type in `content`",
            ));
        };
        let media_at = join(&content_at, content_type);
        if !content_type
            .bytes()
            .all(|b| b == b'\t' || (0x20..0x7f).contains(&b))
        {
            return Err(Diag::new(
                media_at,
                "this media type cannot be sent as a `Content-Type` header (only visible ASCII)",
            ));
        }
        let constraints = match (&chosen, &media.schema) {
            (Chosen::Json, Some(schema)) => self.constraints_of(SchemaRef::of(schema), 8),
            _ => Constraints::default(),
        };
        let kind = match chosen {
            Chosen::Json => BodyKind::Json(self.body_schema(media, type_base, &media_at)?),
            Chosen::Form => self.form_body(media, type_base, &media_at)?,
            Chosen::Multipart => self.multipart_body(content_type, media, type_base, &media_at)?,
            Chosen::Text => BodyKind::Text,
            Chosen::Bytes => BodyKind::Bytes,
        };
        Ok(Body {
            content_type: content_type.clone(),
            required: body.required,
            kind,
            constraints,
        })
    }

    /// The type of a JSON or form body's schema (any JSON value without one).
    fn body_schema(
        &mut self,
        media: &'a openapiv3::MediaType,
        type_base: &str,
        media_at: &str,
    ) -> Result<Ty, Diag> {
        match &media.schema {
            Some(schema) => self.inline(
                SchemaRef::of(schema),
                &format!("{type_base}Request"),
                &join(media_at, "schema"),
            ),
            None => Ok(Ty::Value),
        }
    }

    /// The struct a body's type names, through aliases.
    fn body_struct(&self, ty: &Ty) -> Option<(TypeId, &Struct)> {
        match resolve_aliases(&self.types, ty) {
            Ty::Named(id) => match &self.types[*id].kind {
                TypeKind::Struct(s) => Some((*id, s)),
                _ => None,
            },
            _ => None,
        }
    }

    /// Every `encoding` key must name a property of the body.
    fn check_encoding_keys(
        media: &openapiv3::MediaType,
        s: &Struct,
        media_at: &str,
    ) -> Result<(), Diag> {
        for key in media.encoding.keys() {
            if !s.fields.iter().any(|f| f.wire == *key) {
                return Err(Diag::new(
                    join(&join(media_at, "encoding"), key),
                    format!("`encoding` names `{key}`, which is not a property of the body"),
                ));
            }
        }
        Ok(())
    }

    /// An `application/x-www-form-urlencoded` body: an object whose properties are sent as
    /// pairs, each laid out by its `encoding` entry (`style`, `explode`, `allowReserved`,
    /// `contentType`).
    fn form_body(
        &mut self,
        media: &'a openapiv3::MediaType,
        type_base: &str,
        media_at: &str,
    ) -> Result<BodyKind, Diag> {
        let ty = self.body_schema(media, type_base, media_at)?;
        let Some((id, s)) = self.body_struct(&ty) else {
            return Err(Diag::new(
                join(media_at, "schema"),
                "a form body must be an object schema with properties",
            ));
        };
        let props_at = join(&self.types[id].pointer, "properties");
        Self::check_encoding_keys(media, s, media_at)?;
        // Other properties (`additionalProperties`) are sent as `form` pairs: scalars, or any
        // JSON value (`additionalProperties: true`), which the runtime writes as what it holds
        // or refuses when the value is sent.
        if let Some((_, value)) = &s.additional {
            if !matches!(
                self.form_shape(value, 8),
                FormShape::Scalar | FormShape::Any
            ) {
                return Err(Diag::new(
                    join(&self.types[id].pointer, "additionalProperties"),
                    "in a form body, `additionalProperties` can only be strings, numbers, booleans or enums",
                ));
            }
        }
        let mut fields = Vec::new();
        for field in &s.fields {
            // The properties of the alternatives beside the object's own take the default
            // encoding; what `form` cannot carry is refused when sent.
            if field.flatten {
                continue;
            }
            let encoding_at = join(&join(media_at, "encoding"), &field.wire);
            let encoding = media.encoding.get(&field.wire);
            let json = match encoding.and_then(|e| e.content_type.as_deref()) {
                None => false,
                Some(ct) if is_json(ct) => true,
                Some(ct) if essence(ct) == "text/plain" => false,
                Some(ct) => {
                    return Err(Diag::new(
                        join(&encoding_at, "contentType"),
                        format!(
                            "form property `{}`: only `application/json` (or `+json`) and `text/plain` can be a form value's `contentType`, not {ct:?}",
                            field.wire
                        ),
                    ));
                }
            };
            use openapiv3::QueryStyle;
            let style = match encoding.and_then(|e| e.style.as_ref()) {
                None | Some(QueryStyle::Form) => FormStyle::Form,
                Some(QueryStyle::SpaceDelimited) => FormStyle::SpaceDelimited,
                Some(QueryStyle::PipeDelimited) => FormStyle::PipeDelimited,
                Some(QueryStyle::DeepObject) => FormStyle::DeepObject,
            };
            let explode = match encoding {
                Some(e) if self.raw.explicit_explode.contains(&encoding_at) => e.explode,
                _ => style == FormStyle::Form,
            };
            let allow_reserved = encoding.is_some_and(|e| e.allow_reserved);
            let shape = self.form_shape(&field.ty, 8);
            let fits = json
                || match shape {
                    FormShape::Scalar => true,
                    FormShape::List => style != FormStyle::DeepObject,
                    FormShape::FlatObject => true,
                    FormShape::DeepObject => style == FormStyle::DeepObject,
                    // The runtime refuses a value its style cannot carry.
                    FormShape::Any => true,
                    FormShape::Other => false,
                };
            if !fits {
                let why = match shape {
                    FormShape::List => "a list cannot be a `deepObject`",
                    FormShape::DeepObject => {
                        "an object with objects or lists inside can only be sent as a `deepObject`"
                    }
                    _ => {
                        "only strings, numbers, booleans, enums, lists of them and objects of them (objects or lists inside objects as a `deepObject`) can be form values; set `contentType: application/json` in its `encoding` to send it as JSON text"
                    }
                };
                // A style that does not fit the value is the encoding's fault; a value no
                // style fits is the schema's.
                let at = match (shape, encoding.and_then(|e| e.style.as_ref())) {
                    (FormShape::List | FormShape::DeepObject, Some(_)) => {
                        join(&encoding_at, "style")
                    }
                    _ => join(&props_at, &field.wire),
                };
                return Err(Diag::new(
                    at,
                    format!("form property `{}`: {why}", field.wire),
                ));
            }
            let encoded = FormField {
                wire: field.wire.clone(),
                style,
                explode,
                allow_reserved,
                json,
            };
            if (style, explode, allow_reserved, json) != (FormStyle::Form, true, false, false) {
                fields.push(encoded);
            }
        }
        Ok(BodyKind::Form { ty, fields })
    }

    /// What a form body can do with a value of this type.
    fn form_shape(&self, ty: &Ty, depth: usize) -> FormShape {
        if depth == 0 {
            return FormShape::Other;
        }
        if self.is_primitive(ty) {
            return FormShape::Scalar;
        }
        let object = |values: &mut dyn Iterator<Item = &Ty>| {
            let mut flat = true;
            for value in values {
                match self.form_shape(value, depth - 1) {
                    FormShape::Scalar => {}
                    FormShape::FlatObject | FormShape::DeepObject | FormShape::List => flat = false,
                    FormShape::Any => return FormShape::Any,
                    FormShape::Other => return FormShape::Other,
                }
            }
            if flat {
                FormShape::FlatObject
            } else {
                FormShape::DeepObject
            }
        };
        match ty {
            Ty::Value | Ty::Object => FormShape::Any,
            Ty::Vec(inner) if self.is_primitive(inner) => FormShape::List,
            Ty::Vec(inner) if self.form_shape(inner, depth - 1) == FormShape::Any => FormShape::Any,
            Ty::Option(inner) => self.form_shape(inner, depth - 1),
            Ty::Map(value) => object(&mut std::iter::once(value.as_ref())),
            Ty::Named(id) => match &self.types[*id].kind {
                TypeKind::Alias(inner) => self.form_shape(inner, depth - 1),
                TypeKind::Struct(s) => object(
                    &mut s
                        .fields
                        .iter()
                        .map(|f| &f.ty)
                        .chain(s.additional.as_ref().map(|(_, ty)| ty)),
                ),
                _ => FormShape::Other,
            },
            _ => FormShape::Other,
        }
    }

    /// A `multipart/form-data` body: an object whose properties are parts.
    fn multipart_body(
        &mut self,
        content_type: &str,
        media: &'a openapiv3::MediaType,
        type_base: &str,
        media_at: &str,
    ) -> Result<BodyKind, Diag> {
        if essence(content_type) != "multipart/form-data" {
            return Err(Diag::new(
                media_at,
                format!(
                    "{content_type:?} bodies are not supported; of the multipart types, only `multipart/form-data` is"
                ),
            ));
        }
        let schema_at = join(media_at, "schema");
        let reference = media
            .schema
            .as_ref()
            .and_then(|schema| self.component_reference(schema));
        let id = match (&media.schema, reference) {
            (_, Some(reference)) => self.component(reference, &schema_at)?.1,
            (Some(ReferenceOr::Item(schema)), None) => {
                let doc = sanitize(
                    schema_doc(schema).unwrap_or(&format!("Inline schema at `#{schema_at}`.")),
                );
                let id = self.new_type(
                    &format!("{type_base}Request"),
                    doc,
                    &schema_at,
                    false,
                    false,
                );
                self.multipart_types.insert(id);
                let kind = self.define(id, schema, &schema_at)?;
                self.types[id].kind = kind;
                id
            }
            // A `$ref` always names a component, so only a missing schema is left.
            _ => {
                return Err(Diag::new(
                    media_at,
                    "a multipart body needs a `schema`: an object whose properties are the parts",
                ));
            }
        };
        let ty = Ty::Named(id);
        let Some((_, s)) = self
            .body_struct(&ty)
            .filter(|(found, _)| *found == id && self.multipart_types.contains(&id))
        else {
            return Err(Diag::new(
                schema_at,
                "a multipart body must be an object schema with properties: each property is one part",
            ));
        };
        if s.additional.is_some() {
            return Err(Diag::new(
                join(&self.types[id].pointer, "additionalProperties"),
                "`additionalProperties` in a multipart body is not supported: every part needs a property of its own",
            ));
        }
        Self::check_encoding_keys(media, s, media_at)?;
        let mut parts = Vec::new();
        for field in &s.fields {
            let encoding_at = join(&join(media_at, "encoding"), &field.wire);
            let encoding = media.encoding.get(&field.wire);
            let mut kind = match &field.ty {
                Ty::File { base64: false } => PartKind::File,
                Ty::File { base64: true } => PartKind::Base64,
                Ty::Vec(inner) if **inner == (Ty::File { base64: false }) => PartKind::Files,
                Ty::Vec(inner) if **inner == (Ty::File { base64: true }) => PartKind::Base64s,
                ty if self.is_primitive(ty) => PartKind::Text,
                Ty::Vec(inner) if self.is_primitive(inner) => PartKind::Texts,
                _ => PartKind::Json,
            };
            // A list or wildcard of content types leaves the default (or the file's own).
            let content_type = encoding
                .and_then(|e| e.content_type.as_deref())
                .map(str::trim)
                .filter(|ct| !ct.contains([',', '*']));
            if let Some(ct) = content_type {
                let ct_at = join(&encoding_at, "contentType");
                match kind {
                    PartKind::Text if is_json(ct) => kind = PartKind::Json,
                    PartKind::Texts if is_json(ct) => {
                        return Err(Diag::new(
                            ct_at,
                            format!(
                                "part `{}`: a list of strings, numbers or booleans cannot be sent as JSON parts; leave out `contentType` to send text parts",
                                field.wire
                            ),
                        ));
                    }
                    PartKind::Json if !is_json(ct) => {
                        return Err(Diag::new(
                            ct_at,
                            format!(
                                "part `{}`: an object or other structured value can only be sent as JSON, not {ct:?}",
                                field.wire
                            ),
                        ));
                    }
                    _ => {}
                }
                if !ct.bytes().all(|b| (0x21..0x7f).contains(&b) || b == b' ') {
                    return Err(Diag::new(ct_at, "not a valid content type"));
                }
            }
            let mut headers = Vec::new();
            for (name, header) in encoding.iter().flat_map(|e| &e.headers) {
                if name.eq_ignore_ascii_case("content-type") {
                    continue;
                }
                let header_at = join(&join(&encoding_at, "headers"), name);
                let ReferenceOr::Item(header) = header else {
                    return Err(Diag::new(header_at, "unresolved header `$ref`"));
                };
                let constant = match &header.format {
                    ParameterSchemaOrContent::Schema(ReferenceOr::Item(Schema {
                        schema_kind: SchemaKind::Type(Type::String(t)),
                        ..
                    })) if t.enumeration.len() == 1 => t.enumeration[0].clone(),
                    _ => None,
                };
                match constant {
                    Some(value) => headers.push((name.clone(), value)),
                    // Leaving out a header the spec makes optional is still a valid request.
                    None if !header.required => {}
                    None => {
                        return Err(Diag::new(
                            header_at,
                            format!(
                                "part `{}`: a required part header is supported only with a constant value (a string `enum` of one value)",
                                field.wire
                            ),
                        ));
                    }
                }
            }
            parts.push(Part {
                field: field.rust.clone(),
                wire: field.wire.clone(),
                required: field.required,
                kind,
                content_type: content_type.map(str::to_owned),
                headers,
            });
        }
        Ok(BodyKind::Multipart { ty, parts })
    }

    /// Whether a value of this type is one primitive, as parameters and text parts write it.
    fn is_primitive(&self, ty: &Ty) -> bool {
        param_shapes(&self.types, ty) == Some(Shapes::PRIMITIVE)
    }
}

/// The shapes a parameter's value can take, which decide the styles that can write it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Shapes {
    pub(crate) primitive: bool,
    pub(crate) array: bool,
    pub(crate) object: bool,
    /// An object with objects or lists of primitives inside, which only `deepObject` writes
    /// (`name[member][inner]=value`, `name[member][]=item`: OpenAPI 3.0.3 leaves it undefined).
    pub(crate) nested: bool,
}

impl Shapes {
    pub(crate) const PRIMITIVE: Shapes = Shapes {
        primitive: true,
        array: false,
        object: false,
        nested: false,
    };
    const ARRAY: Shapes = Shapes {
        primitive: false,
        array: true,
        object: false,
        nested: false,
    };
    const OBJECT: Shapes = Shapes {
        primitive: false,
        array: false,
        object: true,
        nested: false,
    };

    fn or(self, other: Shapes) -> Shapes {
        Shapes {
            primitive: self.primitive || other.primitive,
            array: self.array || other.array,
            object: self.object || other.object,
            nested: self.nested || other.nested,
        }
    }
}

/// What a value of this type is as a parameter: a primitive, an array of primitives, an object
/// (a struct, a map, a free-form object) whose members are primitives, or objects and lists of
/// primitives in turn, or, for a union, any of its alternatives' shapes. `None` when no style
/// can write it (an array of arrays or objects, any JSON value).
pub(crate) fn param_shapes(types: &[TypeDef], ty: &Ty) -> Option<Shapes> {
    shapes_within(types, ty, 8)
}

/// `depth` bounds the walk through aliases, newtypes and unions, which may refer to themselves.
fn shapes_within(types: &[TypeDef], ty: &Ty, depth: usize) -> Option<Shapes> {
    if depth == 0 {
        return None;
    }
    let primitive = |ty: &Ty| shapes_within(types, ty, depth - 1) == Some(Shapes::PRIMITIVE);
    // Whether a member of an object nests (is an object or a list), or `None` if no style can
    // write it. A free-form member (`additionalProperties: true`) is only known when sending,
    // like a free-form object's members: what no style can write is refused then.
    let member = |ty: &Ty, free_form: bool| -> Option<bool> {
        if free_form && *ty == Ty::Value {
            return Some(false);
        }
        let shapes = shapes_within(types, ty, depth - 1)?;
        Some(shapes.array || shapes.object)
    };
    let object = |nested: bool| Shapes {
        nested,
        ..Shapes::OBJECT
    };
    match ty {
        Ty::Bool
        | Ty::I32
        | Ty::I64
        | Ty::F64
        | Ty::String
        | Ty::Uuid
        | Ty::Base64
        | Ty::DateTime
        | Ty::Date => Some(Shapes::PRIMITIVE),
        Ty::Option(inner) => shapes_within(types, inner, depth - 1),
        // The items of an array without `items` are only known when sending, like a free-form
        // object's members: nested ones are refused then.
        Ty::Vec(inner) => (primitive(inner) || **inner == Ty::Value).then_some(Shapes::ARRAY),
        Ty::Map(inner) => member(inner, true).map(object),
        // A free-form object's members are only known when sending: nested ones are refused then.
        Ty::Object => Some(Shapes::OBJECT),
        Ty::Value => None,
        Ty::Named(id) => match &types[*id].kind {
            TypeKind::Enum(_) => Some(Shapes::PRIMITIVE),
            TypeKind::Alias(inner) | TypeKind::Newtype { ty: inner, .. } => {
                shapes_within(types, inner, depth - 1)
            }
            TypeKind::Union(u) => u.variants.iter().try_fold(Shapes::default(), |all, v| {
                Some(all.or(shapes_within(types, &v.ty, depth - 1)?))
            }),
            TypeKind::Struct(s) => {
                let mut nested = false;
                for field in &s.fields {
                    nested |= member(&field.ty, false)?;
                }
                if let Some((_, ty)) = &s.additional {
                    nested |= member(ty, true)?;
                }
                Some(object(nested))
            }
            TypeKind::Pending => None,
        },
        Ty::File { .. } => None,
    }
}

/// What OpenAPI 3.0.3 leaves undefined for a style: `spaceDelimited` and `pipeDelimited` write
/// arrays and objects (exploded, only arrays: one pair per item), `deepObject` only objects.
fn undefined_style(style: Style, explode: bool, shapes: Shapes) -> Option<&'static str> {
    match style {
        Style::SpaceDelimited | Style::PipeDelimited if shapes.primitive => {
            Some("a primitive value")
        }
        Style::SpaceDelimited | Style::PipeDelimited if explode && shapes.object => {
            Some("an object")
        }
        Style::DeepObject if shapes.primitive => Some("a primitive value"),
        Style::DeepObject if shapes.array => Some("an array"),
        Style::DeepObject => None,
        _ if shapes.nested => Some("an object with objects or lists inside"),
        _ => None,
    }
}

/// Whether a media type is `text/plain` (parameters with such `content` are plain values).
fn is_plain_text(media_type: &str) -> bool {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .eq_ignore_ascii_case("text/plain")
}

impl<'a> Lowerer<'a> {
    /// The struct of the parameters a caller supplies besides path parameters (query, header,
    /// cookie; constant headers are sent by the client itself).
    fn params_struct(&mut self, params: &[Param], type_base: &str, op_at: &str) -> Option<TypeId> {
        let supplied: Vec<&Param> = params
            .iter()
            .filter(|p| p.location != Location::Path && p.constant.is_none())
            .collect();
        if supplied.is_empty() {
            return None;
        }
        let doc = format!("The query, header and cookie parameters of `{type_base}`.");
        let id = self.new_type(&format!("{type_base}Params"), doc, op_at, false, false);
        let mut names = Namespace::default();
        let fields = supplied
            .iter()
            .map(|p| Field {
                rust: names.claim(&p.rust_name, true),
                wire: p.name.clone(),
                ty: p.ty.clone(),
                required: p.required,
                nullable: false,
                doc: p.doc.clone().unwrap_or_else(|| {
                    format!("The `{}` {} parameter.", p.name, p.location.word())
                }),
                deprecated: p.deprecated,
                access: Access::ReadWrite,
                boxed: false,
                constraints: p.constraints.clone(),
                flatten: false,
            })
            .collect();
        self.types[id].kind = TypeKind::Struct(Struct {
            fields,
            additional: None,
            additional_constraints: Box::default(),
            default: false,
            json: false,
            property_count: (None, None),
            required_sets: None,
            builder: None,
        });
        Some(id)
    }

    fn responses(
        &mut self,
        op: &'a openapiv3::Operation,
        type_base: &str,
        op_at: &str,
    ) -> Result<Vec<Response>, Diag> {
        let responses_at = join(op_at, "responses");
        let mut all: Vec<(Status, &'a ReferenceOr<openapiv3::Response>, String)> = op
            .responses
            .responses
            .iter()
            .map(|(code, r)| match code {
                StatusCode::Code(c) => (Status::Code(*c), r, c.to_string()),
                StatusCode::Range(d) => (Status::Range(*d), r, format!("{d}XX")),
            })
            .collect();
        if let Some(default) = &op.responses.default {
            all.push((Status::Default, default, "default".to_owned()));
        }
        let is_success = |s: &Status| matches!(s, Status::Code(200..=299) | Status::Range(2));
        let single_success = all.iter().filter(|(s, _, _)| is_success(s)).count() == 1;
        let mut out = Vec::new();
        for (status, response, key) in all {
            let response_at = join(&responses_at, &key);
            let ReferenceOr::Item(response) = response else {
                return Err(Diag::new(response_at, "unresolved response `$ref`"));
            };
            let (content_type, ty) = match json_media(&response.content) {
                Some((content_type, media)) => {
                    let hint = if is_success(&status) && single_success {
                        format!("{type_base}Response")
                    } else {
                        // `202` and `2XX` stay as written: the name does not start with them.
                        let suffix = if key.starts_with(|c: char| c.is_ascii_digit()) {
                            key.clone()
                        } else {
                            type_name(&key)
                        };
                        format!("{type_base}Response{suffix}")
                    };
                    let media_at = join(&join(&response_at, "content"), content_type);
                    let ty = match &media.schema {
                        Some(schema) => Some(self.inline(
                            SchemaRef::of(schema),
                            &hint,
                            &join(&media_at, "schema"),
                        )?),
                        None => Some(Ty::Value),
                    };
                    (Some(content_type.to_owned()), ty)
                }
                // A non-JSON body is described (its media type) but has no Rust type.
                None => (response.content.keys().next().cloned(), None),
            };
            let variant = match status {
                Status::Code(code) => format!("Status{code}"),
                Status::Range(digit) => format!("Status{digit}xx"),
                Status::Default => "Default".to_owned(),
            };
            out.push(Response {
                variant,
                status,
                description: response.description.clone(),
                content_type,
                ty,
            });
        }
        Ok(out)
    }

    /// Refuses type aliases that refer to themselves without a struct in between.
    fn check_alias_cycles(&self) -> Result<(), Diag> {
        for (start, def) in self.types.iter().enumerate() {
            let TypeKind::Alias(ty) = &def.kind else {
                continue;
            };
            let mut seen = vec![start];
            let mut current = ty.clone();
            loop {
                let mut targets = Vec::new();
                current.by_value_targets(&mut targets);
                let Some(next) = targets.first().copied() else {
                    break;
                };
                if seen.contains(&next) {
                    return Err(Diag::new(
                        &def.pointer,
                        format!(
                            "`$ref` cycle with no object in between: `{}` refers back to itself",
                            def.name
                        ),
                    ));
                }
                seen.push(next);
                match &self.types[next].kind {
                    TypeKind::Alias(inner) => current = inner.clone(),
                    _ => break,
                }
            }
        }
        Ok(())
    }

    /// Names a builder for every struct a request can contain (bodies and parameters).
    fn name_builders(&mut self, operations: &[Operation]) {
        let mut pending: Vec<TypeId> = Vec::new();
        for op in operations {
            let mut targets = Vec::new();
            if let Some(ty) = op.body.as_ref().and_then(Body::ty) {
                ty.all_targets(&mut targets);
            }
            pending.extend(targets);
            pending.extend(op.params_type);
        }
        let mut seen = vec![false; self.types.len()];
        let mut reachable = Vec::new();
        while let Some(id) = pending.pop() {
            if std::mem::replace(&mut seen[id], true) {
                continue;
            }
            let mut targets = Vec::new();
            if matches!(self.types[id].kind, TypeKind::Struct(_)) {
                reachable.push(id);
            }
            self.types[id].kind.named_targets(&mut targets);
            pending.extend(targets);
        }
        // Claim in type order, so names do not depend on the walk.
        reachable.sort_unstable();
        for id in reachable {
            let name = self
                .type_names
                .claim(&format!("{}Builder", self.types[id].name), false);
            if let TypeKind::Struct(s) = &mut self.types[id].kind {
                s.builder = Some(name);
            }
        }
    }

    /// Turns aliases that lead back to themselves through arrays or maps (other aliases only in
    /// between) into newtype structs: a type alias cannot be recursive, a struct can.
    fn wrap_recursive_aliases(&mut self) {
        let recursive: Vec<TypeId> = (0..self.types.len())
            .filter(|&start| {
                let TypeKind::Alias(ty) = &self.types[start].kind else {
                    return false;
                };
                let mut pending = Vec::new();
                ty.all_targets(&mut pending);
                let mut seen = Vec::new();
                while let Some(next) = pending.pop() {
                    if next == start {
                        return true;
                    }
                    if seen.contains(&next) {
                        continue;
                    }
                    seen.push(next);
                    if let TypeKind::Alias(inner) = &self.types[next].kind {
                        inner.all_targets(&mut pending);
                    }
                }
                false
            })
            .collect();
        for id in recursive {
            let kind = std::mem::replace(&mut self.types[id].kind, TypeKind::Pending);
            if let TypeKind::Alias(ty) = kind {
                self.types[id].kind = TypeKind::Newtype { ty, default: false };
            }
        }
    }

    /// Boxes every field or variant whose type leads back to its owner by value: the only way a
    /// recursive type can have a size.
    fn box_recursive_fields(&mut self) {
        let components = strongly_connected(&self.types);
        for owner in 0..self.types.len() {
            let same = |target: &TypeId| components[*target] == components[owner];
            match &mut self.types[owner].kind {
                TypeKind::Struct(s) => {
                    for field in &mut s.fields {
                        let mut targets = Vec::new();
                        field.ty.by_value_targets(&mut targets);
                        field.boxed = targets.iter().any(same);
                    }
                }
                TypeKind::Union(u) => {
                    for variant in &mut u.variants {
                        let mut targets = Vec::new();
                        variant.ty.by_value_targets(&mut targets);
                        variant.boxed = targets.iter().any(same);
                    }
                }
                _ => {}
            }
        }
    }

    /// Decides which structs derive `Default`: those whose required fields all have defaults
    /// (least fixed point, so a struct that requires itself never does).
    fn decide_defaults(&mut self) {
        loop {
            let mut changed = false;
            for id in 0..self.types.len() {
                let TypeKind::Struct(s) = &self.types[id].kind else {
                    continue;
                };
                if s.default {
                    continue;
                }
                let all = s
                    .fields
                    .iter()
                    .all(|f| !f.required || f.nullable || self.has_default(&f.ty));
                if all {
                    if let TypeKind::Struct(s) = &mut self.types[id].kind {
                        s.default = true;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        for id in 0..self.types.len() {
            if let TypeKind::Newtype { ty, .. } = &self.types[id].kind {
                let has = self.has_default(ty);
                if let TypeKind::Newtype { default, .. } = &mut self.types[id].kind {
                    *default = has;
                }
            }
        }
    }

    /// Decides which types have something to validate (least fixed point: a cycle of types
    /// without constraints has none). A value has something when a constraint stated where it
    /// is used concerns its type (`Constraints::for_ty`, which emission prints too) or its type
    /// checks something of its own: properties, map values, a union's alternatives, what a
    /// newtype's schema states. An alias has no checks of its own: every use carries its
    /// constraints.
    fn decide_checks(&mut self) {
        // What each type states itself, decided once: it does not change while the types it
        // names are decided.
        let concerns =
            |constraints: &Constraints, ty: &Ty| !constraints.for_ty(&self.types, ty).is_empty();
        let own: Vec<bool> = self
            .types
            .iter()
            .map(|def| match &def.kind {
                // An unknown value received is reported.
                TypeKind::Enum(_) => true,
                TypeKind::Struct(s) => {
                    s.required_sets.is_some()
                        || s.property_count != (None, None)
                        || s.additional
                            .as_ref()
                            .is_some_and(|(_, ty)| concerns(&s.additional_constraints, ty))
                        || s.fields.iter().any(|f| concerns(&f.constraints, &f.ty))
                }
                TypeKind::Union(u) => u.variants.iter().any(|v| concerns(&v.constraints, &v.ty)),
                TypeKind::Newtype { ty, .. } => concerns(&def.constraints, ty),
                TypeKind::Alias(_) | TypeKind::Pending => false,
            })
            .collect();
        loop {
            let mut changed = false;
            for (id, &own) in own.iter().enumerate() {
                if self.types[id].checks {
                    continue;
                }
                let checks = own
                    || match &self.types[id].kind {
                        TypeKind::Struct(s) => {
                            s.additional
                                .as_ref()
                                .is_some_and(|(_, ty)| self.ty_checks(ty))
                                || s.fields.iter().any(|f| self.ty_checks(&f.ty))
                        }
                        TypeKind::Union(u) => u.variants.iter().any(|v| self.ty_checks(&v.ty)),
                        TypeKind::Newtype { ty, .. } | TypeKind::Alias(ty) => self.ty_checks(ty),
                        TypeKind::Enum(_) | TypeKind::Pending => false,
                    };
                if checks {
                    self.types[id].checks = true;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
    }

    /// Whether a value of this type can break a rule whatever its schema states: a named type
    /// that checks something, or an `f64`, which must be finite (JSON has no NaN or infinity).
    fn ty_checks(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Named(id) => self.types[*id].checks,
            Ty::F64 => true,
            Ty::Vec(inner) | Ty::Map(inner) | Ty::Option(inner) => self.ty_checks(inner),
            _ => false,
        }
    }

    fn has_default(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Bool
            | Ty::I32
            | Ty::I64
            | Ty::F64
            | Ty::String
            | Ty::Base64
            | Ty::Value
            | Ty::Object
            | Ty::Vec(_)
            | Ty::Map(_)
            | Ty::Option(_)
            | Ty::File { .. } => true,
            Ty::DateTime | Ty::Date | Ty::Uuid => false,
            Ty::Named(id) => match &self.types[*id].kind {
                TypeKind::Struct(s) => s.default,
                TypeKind::Alias(inner) | TypeKind::Newtype { ty: inner, .. } => {
                    self.has_default(inner)
                }
                _ => false,
            },
        }
    }
}

/// Properties gathered from the members of an `allOf`, in order; a later definition of the same
/// property replaces the earlier one in its place.
#[derive(Default)]
struct Merged<'a> {
    properties: Vec<(&'a str, SchemaRef<'a>, String)>,
    required: Vec<String>,
    additional: Option<&'a AdditionalProperties>,
}

impl<'a> Merged<'a> {
    fn add(&mut self, part: &ObjectPart<'a>, pointer: &str) {
        for (name, schema) in &part.properties {
            let at = join(&join(pointer, "properties"), name);
            match self.properties.iter_mut().find(|(n, _, _)| n == name) {
                Some(existing) => *existing = (name, *schema, at),
                None => self.properties.push((name, *schema, at)),
            }
        }
        for name in &part.required {
            if !self.required.iter().any(|r| r == name) {
                self.required.push((*name).to_owned());
            }
        }
        if part.additional.is_some() {
            self.additional = part.additional;
        }
    }
}

/// Tarjan's algorithm over by-value references; returns each type's component number.
fn strongly_connected(types: &[TypeDef]) -> Vec<usize> {
    let edges: Vec<Vec<TypeId>> = types
        .iter()
        .map(|t| {
            let mut out = Vec::new();
            match &t.kind {
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .for_each(|f| f.ty.by_value_targets(&mut out)),
                TypeKind::Union(u) => u
                    .variants
                    .iter()
                    .for_each(|v| v.ty.by_value_targets(&mut out)),
                TypeKind::Alias(ty) | TypeKind::Newtype { ty, .. } => ty.by_value_targets(&mut out),
                TypeKind::Enum(_) | TypeKind::Pending => {}
            }
            out
        })
        .collect();
    let n = types.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![usize::MAX; n];
    let mut next_index = 0;
    let mut next_component = 0;
    // Iterative to stay safe on deep schema graphs.
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(TypeId, usize)> = vec![(root, 0)];
        while let Some((v, edge)) = work.pop() {
            if edge == 0 {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(edge) {
                work.push((v, edge + 1));
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
        }
    }
    component
}

fn variant_word(ty: &Ty) -> &'static str {
    match ty {
        Ty::Bool => "Boolean",
        Ty::I32 | Ty::I64 => "Integer",
        Ty::F64 => "Number",
        Ty::String => "String",
        Ty::DateTime => "DateTime",
        Ty::Date => "Date",
        Ty::Uuid => "Uuid",
        Ty::Base64 => "Bytes",
        Ty::Value => "Value",
        Ty::File { .. } => "File",
        Ty::Object | Ty::Map(_) => "Object",
        Ty::Vec(_) => "Array",
        Ty::Option(inner) => variant_word(inner),
        Ty::Named(_) => "Named",
    }
}

/// A media type without its parameters, in lower case: `application/json; charset=utf-8` is
/// `application/json`.
fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Whether a media type is JSON: `application/json`, or any `+json` type
/// (`application/merge-patch+json`, `application/vnd.api+json`).
fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || essence.ends_with("+json")
}

/// The JSON media type of a content map, if it offers one.
fn json_media(content: &openapiv3::Content) -> Option<(&str, &openapiv3::MediaType)> {
    content
        .iter()
        .map(|(k, v)| (k.as_str(), v))
        .find(|(k, _)| is_json(k))
}

/// How a request body is sent, by the media type chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Chosen {
    Json,
    Form,
    Multipart,
    Text,
    Bytes,
}

/// The media type a request body is sent as when several are offered: JSON, then form, then
/// multipart, then text, then the first of the others as raw bytes.
fn choose_media(content: &openapiv3::Content) -> Option<(&String, &openapiv3::MediaType, Chosen)> {
    let kinds = content.iter().map(|(k, v)| {
        let essence = essence(k);
        let chosen = if is_json(&essence) {
            Chosen::Json
        } else if essence == "application/x-www-form-urlencoded" {
            Chosen::Form
        } else if essence.starts_with("multipart/") {
            Chosen::Multipart
        } else if essence.starts_with("text/") {
            Chosen::Text
        } else {
            Chosen::Bytes
        };
        (k, v, chosen)
    });
    // The first of the most preferred kind offered.
    let preference = [
        Chosen::Json,
        Chosen::Form,
        Chosen::Multipart,
        Chosen::Text,
        Chosen::Bytes,
    ];
    kinds.min_by_key(|(_, _, chosen)| preference.iter().position(|p| p == chosen))
}

/// What a form body can do with a property's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FormShape {
    /// A string, number, boolean, enum, date or uuid.
    Scalar,
    /// A list of scalars.
    List,
    /// An object of scalars.
    FlatObject,
    /// An object with objects (of the same kinds) or lists of scalars inside: only `deepObject`
    /// carries it, as `a[b][c]=1` and `a[b][]=1`.
    DeepObject,
    /// Any JSON value (a schema without a type): what the value holds decides, when it is
    /// sent, whether its style can carry it.
    Any,
    /// Anything else.
    Other,
}

fn security_requirements(
    requirements: &[openapiv3::SecurityRequirement],
    schemes: &[SecurityScheme],
    requirements_at: &str,
) -> Result<Vec<SecurityRequirement>, Diag> {
    requirements
        .iter()
        .enumerate()
        .map(|(i, requirement)| {
            requirement
                .iter()
                .map(|(name, scopes)| {
                    schemes
                        .iter()
                        .position(|s| s.key == *name)
                        .map(|index| (index, scopes.clone()))
                        .ok_or_else(|| {
                            Diag::new(
                                join(requirements_at, &i.to_string()),
                                format!("security requirement names `{name}`, which is not in components/securitySchemes"),
                            )
                        })
                })
                .collect()
        })
        .collect()
}

fn servers(servers: &[openapiv3::Server]) -> Vec<Server> {
    servers
        .iter()
        .map(|s| Server {
            url: s.url.clone(),
            description: s.description.clone(),
            variables: s
                .variables
                .iter()
                .flatten()
                .map(|(name, v)| ServerVariable {
                    name: name.clone(),
                    default: v.default.clone(),
                    values: v.enumeration.clone(),
                    description: v.description.clone(),
                })
                .collect(),
        })
        .collect()
}

fn method_name(method: &str) -> &'static str {
    match method {
        "get" => "Get",
        "put" => "Put",
        "post" => "Post",
        "delete" => "Delete",
        "options" => "Options",
        "head" => "Head",
        "patch" => "Patch",
        _ => "Trace",
    }
}

/// A stable name for an operation without `operationId`: method and path, with parameters as
/// `by_<name>` (`GET /pets/{id}` → `get_pets_by_id`).
fn derived_operation_id(method: &str, path: &str) -> String {
    let mut id = method.to_owned();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        id.push('_');
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => {
                id.push_str("by_");
                id.push_str(param);
            }
            None => id.push_str(segment),
        }
    }
    id
}

/// Claims a method name and its `_with` twin together, so neither collides with another
/// operation's.
fn claim_method(names: &mut Namespace, base: &str) -> String {
    let mut n = 1;
    loop {
        let candidate = if n == 1 {
            base.to_owned()
        } else {
            format!("{base}_{n}")
        };
        let with = format!("{candidate}_with");
        if !names.is_taken(&candidate) && !names.is_taken(&with) {
            names.claim(&with, true);
            return names.claim(&candidate, true);
        }
        n += 1;
    }
}

/// `minProperties`/`maxProperties` and alternatives of `required` lists of an object schema.
type ObjectConstraints = (
    (Option<usize>, Option<usize>),
    Option<(Vec<Vec<String>>, bool)>,
);

fn object_constraints(schema: &Schema) -> ObjectConstraints {
    let sets = |members: &[ReferenceOr<Schema>]| -> Option<Vec<Vec<String>>> {
        if members.is_empty() || !members.iter().all(|m| is_constraint_only(SchemaRef::of(m))) {
            return None;
        }
        Some(
            members
                .iter()
                .filter_map(|m| m.as_item())
                .map(|s| required_of(s).into_iter().map(str::to_owned).collect())
                .collect(),
        )
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => ((o.min_properties, o.max_properties), None),
        SchemaKind::Any(a) => {
            let required_sets = sets(&a.one_of)
                .map(|s| (s, true))
                .or_else(|| sets(&a.any_of).map(|s| (s, false)));
            ((a.min_properties, a.max_properties), required_sets)
        }
        _ => ((None, None), None),
    }
}

/// The values of an integer enum, or of an enum without `type` whose values are all strings or
/// all integers: such a schema becomes a Rust enum. `null` is left out (it is what `nullable`
/// allows). Typed string enums are read by `shape`; an untyped enum that mixes kinds is not an
/// enum here and stays any JSON value.
fn enum_values(schema: &Schema) -> Result<Option<Vec<Wire>>, String> {
    let (typ, values): (Option<&str>, Vec<serde_json::Value>) = match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(i)) => (
            Some("integer"),
            i.enumeration
                .iter()
                .flatten()
                .map(|v| (*v).into())
                .collect(),
        ),
        SchemaKind::Any(a) if !a.enumeration.is_empty() && is_plain_any(a) => {
            (a.typ.as_deref(), a.enumeration.clone())
        }
        _ => return Ok(None),
    };
    let values: Vec<&serde_json::Value> = values.iter().filter(|v| !v.is_null()).collect();
    if values.is_empty() {
        return Ok(None);
    }
    let integers: Option<Vec<Wire>> = values
        .iter()
        .map(|v| v.as_i64().map(Wire::Integer))
        .collect();
    let strings: Option<Vec<Wire>> = values
        .iter()
        .map(|v| v.as_str().map(|s| Wire::String(s.to_owned())))
        .collect();
    match (typ, integers, strings) {
        (Some("integer") | None, Some(integers), _) => Ok(Some(integers)),
        (Some("integer"), None, _) => {
            let odd = values.iter().find(|v| v.as_i64().is_none());
            Err(format!(
                "integer enum with a non-integer value {} is not supported",
                odd.map_or_else(String::new, |v| v.to_string())
            ))
        }
        (None, None, Some(strings)) => Ok(Some(strings)),
        _ => Ok(None),
    }
}

/// The values of a `type: string` enum that are numbers or booleans, which the enum takes as
/// their text.
fn coerced_enum_values(schema: &Schema) -> Vec<&serde_json::Value> {
    match &schema.schema_kind {
        SchemaKind::Any(a) if a.typ.as_deref() == Some("string") => a
            .enumeration
            .iter()
            .filter(|v| v.is_number() || v.is_boolean())
            .collect(),
        _ => Vec::new(),
    }
}

/// The values of an enum without `type` that is not a Rust enum because its values mix kinds
/// (`[auto, 1, 2.5]`, `[1, "two", null]`, numbers that are not all integers): its type is any
/// JSON value, checked against these. `null` is added when the schema is `nullable`. Empty for
/// every other schema.
fn mixed_enum_values(schema: &Schema) -> Vec<serde_json::Value> {
    let SchemaKind::Any(a) = &schema.schema_kind else {
        return Vec::new();
    };
    if a.typ.is_some() || a.enumeration.is_empty() || !is_plain_any(a) {
        return Vec::new();
    }
    if !matches!(enum_values(schema), Ok(None)) {
        return Vec::new();
    }
    let mut values = a.enumeration.clone();
    if schema.schema_data.nullable {
        allow_null(&mut values);
    }
    values
}

/// The values a boolean `enum` allows, checked as JSON values: `null` is added when the schema
/// is `nullable`. None when it lists both `true` and `false`: every value a `bool` can hold is
/// allowed, so there is nothing to check.
fn boolean_enum_values(
    mut values: Vec<serde_json::Value>,
    nullable: bool,
) -> Vec<serde_json::Value> {
    let listed = |b: bool| values.contains(&serde_json::Value::Bool(b));
    if listed(true) && listed(false) {
        return Vec::new();
    }
    if nullable {
        allow_null(&mut values);
    }
    values
}

/// Adds `null` to the values of a mixed enum (none: no enum, nothing to add).
fn allow_null(values: &mut Vec<serde_json::Value>) {
    if !values.is_empty() && !values.contains(&serde_json::Value::Null) {
        values.push(serde_json::Value::Null);
    }
}

/// Whether a schema parsed in the catch-all form says nothing but its type and value
/// constraints (no properties, items or combinations).
fn is_plain_any(a: &AnySchema) -> bool {
    matches!(a.typ.as_deref(), None | Some("integer"))
        && a.properties.is_empty()
        && a.items.is_none()
        && a.additional_properties.is_none()
        && a.all_of.is_empty()
        && a.one_of.is_empty()
        && a.any_of.is_empty()
        && a.not.is_none()
}

/// Whether a schema is a plain value (string, number, array, map...) rather than something that
/// becomes a struct, enum or union of its own.
fn is_plain_value(schema: &Schema) -> bool {
    if matches!(enum_values(schema), Ok(Some(_))) {
        return false;
    }
    match shape(schema) {
        Ok(Shape::Object(o)) => o.properties.is_empty(),
        Ok(Shape::String { values, .. }) => values.is_empty(),
        Ok(Shape::Union { .. } | Shape::AllOf { .. } | Shape::Extended { .. }) | Err(_) => false,
        Ok(_) => true,
    }
}
