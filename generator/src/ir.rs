//! The intermediate representation: what the generated module contains, with every name already
//! decided. `lower` builds it; `emit` only prints it. Names here are final Rust names; wire names
//! are kept beside them wherever the two can differ.

/// Index of a type in [`Module::types`].
pub(crate) type TypeId = usize;

/// Everything generated from one document.
#[derive(Debug, Default)]
pub(crate) struct Module {
    /// Module documentation, from `info`.
    pub(crate) doc: String,
    pub(crate) types: Vec<TypeDef>,
    /// Every name claimed in the type namespace, so that a pass adding a type or a builder after
    /// lowering claims a unique one.
    pub(crate) type_names: crate::names::Namespace,
    /// The document's `servers`.
    pub(crate) servers: Vec<Server>,
    pub(crate) security_schemes: Vec<SecurityScheme>,
    pub(crate) operations: Vec<Operation>,
    /// The webhooks the API sends whose body is JSON (3.1 `webhooks`), in the document's order.
    pub(crate) webhooks: Vec<Webhook>,
    /// Schemas that could not be modelled and became `serde_json::Value`, and other lossy
    /// choices, each at the pointer of the schema concerned.
    pub(crate) warnings: Vec<crate::error::Diag>,
    /// Every pattern the types' constraints state, sorted, each once (set by the passes): the
    /// `Validate` impls' shared `static`s are named by their positions here.
    pub(crate) patterns: Vec<String>,
}

/// A webhook the API sends (3.1 `webhooks`): the `webhooks` module decodes its body, by its
/// name, into its payload type.
#[derive(Debug)]
pub(crate) struct Webhook {
    /// The webhook's name in the document.
    pub(crate) name: String,
    /// Its variant in the `Webhook` enum.
    pub(crate) variant: String,
    /// The payload's type.
    pub(crate) ty: Ty,
}

#[derive(Debug)]
pub(crate) struct TypeDef {
    pub(crate) name: String,
    pub(crate) doc: String,
    /// Where the schema sits, for messages.
    pub(crate) pointer: String,
    /// Whether uses of this type may hold `null` (the schema says `nullable: true`).
    pub(crate) nullable: bool,
    pub(crate) deprecated: bool,
    /// Whether validating a value of this type can find a violation: it states constraints or
    /// contains a type that does. Uses of types without checks are not visited.
    pub(crate) checks: bool,
    /// Whether the type has a `Validate` impl: a request can contain it, or nothing uses it
    /// (no operation, no webhook; with the types it names). A type only responses and webhooks contain is never
    /// validated, since nothing received is checked, so it has none.
    pub(crate) validated: bool,
    /// Whether the type always derives (or implements) `Deserialize`: a response, a webhook or
    /// the contact update's request can contain it, or no operation uses it (with the types it
    /// names). A type only requests contain is decoded by nothing the module does unless the
    /// `deserialize-requests` feature (which `mock` enables) asks for it, so its `Deserialize`
    /// is compiled only then.
    pub(crate) decoded: bool,
    /// Whether only webhooks' payloads contain the type (no operation, no type nothing uses):
    /// its items are compiled only under the `webhooks` feature, with the `webhooks` module.
    pub(crate) webhook_only: bool,
    /// The constraints a component that is a plain value (an alias or newtype) states on that
    /// value: every use of an alias carries them (the alias has no `Validate` of its own), a
    /// newtype checks them itself. Empty for every other type.
    pub(crate) constraints: Constraints,
    pub(crate) kind: TypeKind,
}

#[derive(Debug)]
pub(crate) enum TypeKind {
    /// Reserved name whose body is being lowered.
    Pending,
    Struct(Struct),
    Enum(Enum),
    Union(Union),
    Alias(Ty),
    /// A one-field struct around the type: for a schema that contains itself through an array
    /// or map, which a type alias cannot do.
    Newtype {
        ty: Ty,
        /// Whether the wrapped type has a default, so the newtype can derive `Default`.
        default: bool,
    },
}

impl TypeKind {
    /// Every type this one names: a struct's fields and extra properties, a union's
    /// alternatives, what an alias or newtype stands for.
    pub(crate) fn named_targets(&self, out: &mut Vec<TypeId>) {
        match self {
            TypeKind::Struct(s) => {
                s.fields.iter().for_each(|f| f.ty.all_targets(out));
                if let Some((_, ty)) = &s.additional {
                    ty.all_targets(out);
                }
            }
            TypeKind::Union(u) => u.variants.iter().for_each(|v| v.ty.all_targets(out)),
            TypeKind::Alias(ty) | TypeKind::Newtype { ty, .. } => ty.all_targets(out),
            TypeKind::Enum(_) | TypeKind::Pending => {}
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Struct {
    pub(crate) fields: Vec<Field>,
    /// Properties not listed in `properties` (`additionalProperties`), kept in a map.
    pub(crate) additional: Option<(String, Ty)>,
    /// The constraints of each value of `additional` (its schema's), and in their `keys` those
    /// of each name (`patternProperties`, `propertyNames`), boxed: most structs have none.
    pub(crate) additional_constraints: Box<Constraints>,
    /// Whether every field has a default, so the struct can derive `Default`.
    pub(crate) default: bool,
    /// Whether it is a JSON body (serde derives); parameter structs are not.
    pub(crate) json: bool,
    /// `minProperties`/`maxProperties`.
    pub(crate) property_count: (Option<usize>, Option<usize>),
    /// Alternatives of `required` lists (`anyOf`/`oneOf` of `required`): the sets, and whether
    /// exactly one must hold (`oneOf`) rather than at least one.
    pub(crate) required_sets: Option<(Vec<Vec<String>>, bool)>,
    /// The builder's name, for structs used in requests.
    pub(crate) builder: Option<String>,
    /// `dependentRequired`: a property, and the properties its presence requires.
    pub(crate) dependent_required: Vec<(String, Vec<String>)>,
}

impl Struct {
    /// Whether the struct is a tuple (`prefixItems`): a JSON array whose fields are its
    /// positions, in order, each named by its index as Rust names the fields of a tuple struct
    /// (no property has such a name); `additional` holds the items after them (`items`), named
    /// by the index that follows, and `property_count` is `minItems`/`maxItems`.
    pub(crate) fn is_tuple(&self) -> bool {
        self.fields.first().is_some_and(|f| f.rust == "0")
    }
}

/// What a spec says a value must satisfy beyond its type.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Constraints {
    pub(crate) min_length: Option<usize>,
    pub(crate) max_length: Option<usize>,
    pub(crate) pattern: Option<String>,
    /// A string format that can be checked: `email`, `uri`, `uuid`, `date`, `date-time` (the last
    /// three only matter where the Rust type is `String`).
    pub(crate) format: Option<String>,
    /// (limit, exclusive)
    pub(crate) minimum: Option<(f64, bool)>,
    pub(crate) maximum: Option<(f64, bool)>,
    pub(crate) multiple_of: Option<f64>,
    pub(crate) min_items: Option<usize>,
    pub(crate) max_items: Option<usize>,
    pub(crate) unique_items: bool,
    /// `minProperties`/`maxProperties` of a map (a struct counts its own properties).
    pub(crate) min_properties: Option<usize>,
    pub(crate) max_properties: Option<usize>,
    /// Constraints on each item of an array (or value of a map: `additionalProperties`).
    pub(crate) items: Option<Box<Constraints>>,
    /// Constraints on each property name of a map (`propertyNames`, the pattern of
    /// `patternProperties`): string constraints, and the names allowed in `allowed_values`.
    pub(crate) keys: Option<Box<Constraints>>,
    /// The values a number may take (`enum` on an integer or number; string enums are types).
    pub(crate) allowed_numbers: Vec<f64>,
    /// The values of an `enum` of booleans, or of one whose values mix kinds
    /// (`[1, "two", null]`), which is any JSON value in Rust: `null` is among them when the
    /// schema lists it or is `nullable`.
    pub(crate) allowed_values: Vec<serde_json::Value>,
}

impl Constraints {
    pub(crate) fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }

    /// The constraints of a value that must satisfy both `self` and `other` (keywords written
    /// beside an `allOf` of one reference, and the referenced schema's): of two bounds the
    /// stricter, of two value lists the values in both. Where one rule cannot hold both (two
    /// different patterns, formats or steps), `self`'s is kept.
    pub(crate) fn and(mut self, other: &Constraints) -> Constraints {
        fn pick<T: Clone>(
            own: Option<T>,
            other: &Option<T>,
            own_wins: impl Fn(&T, &T) -> bool,
        ) -> Option<T> {
            match (own, other) {
                (Some(a), Some(b)) => Some(if own_wins(&a, b) { a } else { b.clone() }),
                (a, b) => a.or_else(|| b.clone()),
            }
        }
        let at_least = |a: &usize, b: &usize| a >= b;
        let at_most = |a: &usize, b: &usize| a <= b;
        self.min_length = pick(self.min_length, &other.min_length, at_least);
        self.max_length = pick(self.max_length, &other.max_length, at_most);
        self.min_items = pick(self.min_items, &other.min_items, at_least);
        self.max_items = pick(self.max_items, &other.max_items, at_most);
        self.min_properties = pick(self.min_properties, &other.min_properties, at_least);
        self.max_properties = pick(self.max_properties, &other.max_properties, at_most);
        // Of equal limits, the exclusive one is the stricter.
        self.minimum = pick(self.minimum, &other.minimum, |a, b| {
            a.0 > b.0 || (a.0 == b.0 && a.1)
        });
        self.maximum = pick(self.maximum, &other.maximum, |a, b| {
            a.0 < b.0 || (a.0 == b.0 && a.1)
        });
        self.pattern = pick(self.pattern, &other.pattern, |_, _| true);
        self.format = pick(self.format, &other.format, |_, _| true);
        self.multiple_of = pick(self.multiple_of, &other.multiple_of, |_, _| true);
        self.unique_items |= other.unique_items;
        self.items = match (self.items, &other.items) {
            (Some(a), Some(b)) => Some(Box::new(a.and(b))),
            (a, b) => a.or_else(|| b.clone()),
        };
        self.keys = match (self.keys, &other.keys) {
            (Some(a), Some(b)) => Some(Box::new(a.and(b))),
            (a, b) => a.or_else(|| b.clone()),
        };
        self.allowed_numbers = both_lists(self.allowed_numbers, &other.allowed_numbers);
        self.allowed_values = both_lists(self.allowed_values, &other.allowed_values);
        self
    }
}

/// The values two lists of allowed values both allow (an empty list allows every value).
fn both_lists<T: Clone + PartialEq>(own: Vec<T>, other: &[T]) -> Vec<T> {
    match (own.is_empty(), other.is_empty()) {
        (true, _) => other.to_vec(),
        (_, true) => own,
        // No value in both cannot be said: the own list is kept.
        _ if !own.iter().any(|v| other.contains(v)) => own,
        _ => own.into_iter().filter(|v| other.contains(v)).collect(),
    }
}

impl Constraints {
    /// The constraints that concern a value of type `ty` (a `maxLength` says nothing about a
    /// number; a struct, enum, union or newtype checks its own), so that lowering decides
    /// which values have something to check and emission prints the same rules. Formats that
    /// a type already guarantees (`uuid`, `date`, `date-time` of typed values) are left out.
    pub(crate) fn for_ty(&self, types: &[TypeDef], ty: &Ty) -> Constraints {
        let c = self;
        let items = |inner: &Ty| {
            c.items
                .as_ref()
                .map(|items| items.for_ty(types, inner))
                .filter(|items| !items.is_empty())
                .map(Box::new)
        };
        match resolve_aliases(types, ty) {
            Ty::Option(inner) => c.for_ty(types, inner),
            Ty::String => Constraints {
                min_length: c.min_length,
                max_length: c.max_length,
                pattern: c.pattern.clone(),
                format: c.format.clone().filter(|f| {
                    matches!(f.as_str(), "email" | "uri" | "uuid" | "date" | "date-time")
                }),
                ..Constraints::default()
            },
            Ty::I32 | Ty::I64 | Ty::F64 => Constraints {
                minimum: c.minimum,
                maximum: c.maximum,
                multiple_of: c.multiple_of,
                allowed_numbers: c.allowed_numbers.clone(),
                ..Constraints::default()
            },
            Ty::Vec(inner) => Constraints {
                min_items: c.min_items,
                max_items: c.max_items,
                unique_items: c.unique_items,
                items: items(inner),
                ..Constraints::default()
            },
            Ty::Map(inner) => Constraints {
                min_properties: c.min_properties,
                max_properties: c.max_properties,
                items: items(inner),
                keys: c.keys.clone(),
                ..Constraints::default()
            },
            Ty::Object => Constraints {
                min_properties: c.min_properties,
                max_properties: c.max_properties,
                keys: c.keys.clone(),
                ..Constraints::default()
            },
            Ty::Bool | Ty::Value => Constraints {
                allowed_values: c.allowed_values.clone(),
                ..Constraints::default()
            },
            _ => Constraints::default(),
        }
    }
}

impl Ty {
    /// Whether a value of this type can break a rule whatever its schema states: a named type
    /// that checks something (`TypeDef::checks`), or an `f64`, which must be finite (JSON has no
    /// NaN or infinity). With [`Constraints::for_ty`], it decides both which types lowering marks
    /// as having checks and which values emission visits, so the two cannot disagree.
    pub(crate) fn has_checks(&self, types: &[TypeDef]) -> bool {
        match self {
            Ty::Named(id) => types[*id].checks,
            Ty::F64 => true,
            Ty::Vec(inner) | Ty::Map(inner) | Ty::Option(inner) => inner.has_checks(types),
            _ => false,
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Field {
    pub(crate) rust: String,
    pub(crate) wire: String,
    pub(crate) ty: Ty,
    pub(crate) required: bool,
    pub(crate) nullable: bool,
    pub(crate) doc: String,
    pub(crate) deprecated: bool,
    /// `readOnly` / `writeOnly`: which directions the property travels in.
    pub(crate) access: Access,
    /// Set when the field's type contains the struct itself by value (recursion).
    pub(crate) boxed: bool,
    pub(crate) constraints: Constraints,
    /// The alternatives of an object that has properties of its own and `oneOf`/`anyOf`
    /// alternatives adding others: a union whose alternative's properties sit beside the
    /// struct's own (`#[serde(flatten)]`, no wire name).
    pub(crate) flatten: bool,
}

/// Which directions a property travels in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Access {
    ReadWrite,
    /// `readOnly`: only in responses.
    ReadOnly,
    /// `writeOnly`: only in requests.
    WriteOnly,
}

/// A string or integer enum that keeps values it does not know.
#[derive(Debug)]
pub(crate) struct Enum {
    pub(crate) variants: Vec<Variant>,
    /// Name of the variant holding any other value.
    pub(crate) other: String,
}

#[derive(Debug)]
pub(crate) struct Variant {
    pub(crate) rust: String,
    pub(crate) wire: Wire,
}

/// An enum value as written in the spec. One enum's values are all of one kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Wire {
    String(String),
    Integer(i64),
}

impl Enum {
    /// Whether the values are integers (sent as JSON numbers) rather than strings.
    pub(crate) fn is_integer(&self) -> bool {
        matches!(
            self.variants.first(),
            Some(Variant {
                wire: Wire::Integer(_),
                ..
            })
        )
    }
}

/// `oneOf`/`anyOf`: a value of one of several shapes, tried in order, or chosen by a tag
/// property when the spec gives a `discriminator`.
#[derive(Clone, Debug)]
pub(crate) struct Union {
    pub(crate) variants: Vec<UnionVariant>,
    pub(crate) tag: Option<Tag>,
}

/// How a `discriminator` chooses the alternative.
#[derive(Clone, Debug)]
pub(crate) struct Tag {
    /// The property whose value names the alternative (`propertyName`).
    pub(crate) property: String,
    /// Each value the property may take and the index of the variant it selects, in the order
    /// of the spec's `mapping`, then the implicit values (schema names).
    pub(crate) values: Vec<(String, usize)>,
    /// The variant a value with an unknown tag decodes as, if any (the own properties of a
    /// parent schema extended through `allOf`); otherwise an unknown tag is an error.
    pub(crate) fallback: Option<usize>,
}

impl Tag {
    /// The values that select variant `index`.
    pub(crate) fn values_of(&self, index: usize) -> impl Iterator<Item = &str> {
        self.values
            .iter()
            .filter(move |(_, i)| *i == index)
            .map(|(v, _)| v.as_str())
    }
}

#[derive(Clone, Debug)]
pub(crate) struct UnionVariant {
    pub(crate) name: String,
    pub(crate) ty: Ty,
    pub(crate) boxed: bool,
    /// What the alternative's schema states on its value (checked at the union's own path).
    pub(crate) constraints: Constraints,
}

/// A Rust type as used in a field, variant or alias.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Ty {
    Bool,
    I32,
    I64,
    F64,
    String,
    DateTime,
    Date,
    Uuid,
    /// `format: byte`: bytes as base64 text (the runtime's `Base64`).
    Base64,
    /// Any JSON value.
    Value,
    /// Any JSON object.
    Object,
    /// The content of a file part of a multipart body (`type: string`, `format: binary`, or
    /// `format: byte`, which is sent base64-encoded): the runtime's `FilePart`. Only the
    /// properties of a multipart body have this type.
    File {
        base64: bool,
    },
    Vec(Box<Ty>),
    Map(Box<Ty>),
    Option(Box<Ty>),
    Named(TypeId),
}

/// Follows aliases to the type a value really has (a bounded walk: alias cycles are refused by
/// lowering, and a chain this long is left as it is).
pub(crate) fn resolve_aliases<'t>(types: &'t [TypeDef], ty: &'t Ty) -> &'t Ty {
    let mut current = ty;
    for _ in 0..16 {
        match current {
            Ty::Named(id) => match &types[*id].kind {
                TypeKind::Alias(inner) => current = inner,
                _ => return current,
            },
            other => return other,
        }
    }
    current
}

impl Ty {
    /// Every type named anywhere in this type.
    pub(crate) fn all_targets(&self, out: &mut Vec<TypeId>) {
        match self {
            Ty::Named(id) => out.push(*id),
            Ty::Option(inner) | Ty::Vec(inner) | Ty::Map(inner) => inner.all_targets(out),
            _ => {}
        }
    }

    /// Types named by this type without indirection (not behind `Vec` or a map).
    pub(crate) fn by_value_targets(&self, out: &mut Vec<TypeId>) {
        match self {
            Ty::Named(id) => out.push(*id),
            Ty::Option(inner) => inner.by_value_targets(out),
            _ => {}
        }
    }
}

#[derive(Debug)]
pub(crate) struct Server {
    pub(crate) url: String,
    pub(crate) description: Option<String>,
    pub(crate) variables: Vec<ServerVariable>,
}

#[derive(Debug)]
pub(crate) struct ServerVariable {
    pub(crate) name: String,
    pub(crate) default: String,
    pub(crate) values: Vec<String>,
    pub(crate) description: Option<String>,
}

#[derive(Debug)]
pub(crate) struct SecurityScheme {
    /// The scheme's key in `components/securitySchemes`.
    pub(crate) key: String,
    pub(crate) const_name: String,
    pub(crate) doc: String,
    pub(crate) kind: SchemeKind,
}

#[derive(Debug)]
pub(crate) enum SchemeKind {
    ApiKey {
        name: String,
        location: Location,
    },
    Http {
        scheme: String,
        bearer_format: Option<String>,
    },
    OAuth2,
    OpenIdConnect {
        url: String,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Location {
    Path,
    Query,
    Header,
    Cookie,
}

impl Location {
    /// The location as a word, for documentation.
    pub(crate) fn word(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Cookie => "cookie",
        }
    }
}

/// A parameter's `style` (OpenAPI 3.0.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Style {
    Simple,
    Label,
    Matrix,
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

impl Style {
    /// The name a spec uses, e.g. `spaceDelimited`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Style::Simple => "simple",
            Style::Label => "label",
            Style::Matrix => "matrix",
            Style::Form => "form",
            Style::SpaceDelimited => "spaceDelimited",
            Style::PipeDelimited => "pipeDelimited",
            Style::DeepObject => "deepObject",
        }
    }

    /// The style a location uses when the spec names none.
    pub(crate) fn default_for(location: Location) -> Style {
        match location {
            Location::Query | Location::Cookie => Style::Form,
            Location::Path | Location::Header => Style::Simple,
        }
    }

    /// The Rust variant of `describe::Style`.
    pub(crate) fn variant(self) -> &'static str {
        match self {
            Style::Simple => "Simple",
            Style::Label => "Label",
            Style::Matrix => "Matrix",
            Style::Form => "Form",
            Style::SpaceDelimited => "SpaceDelimited",
            Style::PipeDelimited => "PipeDelimited",
            Style::DeepObject => "DeepObject",
        }
    }
}

#[derive(Debug)]
pub(crate) struct Operation {
    /// The operationId, or one derived from method and path.
    pub(crate) id: String,
    pub(crate) const_name: String,
    pub(crate) method: &'static str,
    pub(crate) path: String,
    /// Method, path and summary, as the first line of `doc`: "`GET /pets`: List pets."
    pub(crate) heading: String,
    pub(crate) doc: String,
    pub(crate) deprecated: bool,
    pub(crate) params: Vec<Param>,
    pub(crate) body: Option<Body>,
    pub(crate) responses: Vec<Response>,
    /// Alternatives: any one of them suffices.
    pub(crate) security: Vec<SecurityRequirement>,
    /// `None` when the operation uses the document's servers.
    pub(crate) servers: Option<Vec<Server>>,
    /// The client method's name (`update_contact`; `update_contact_with` takes call options).
    pub(crate) fn_name: String,
    /// Whether repeating the request is harmless (decides retries).
    pub(crate) idempotent: bool,
    /// The struct of the query, header and cookie parameters a caller supplies, if any.
    pub(crate) params_type: Option<TypeId>,
    /// The enum of documented error responses.
    pub(crate) error_type: String,
    /// `Some(i)` when operation `i` (an earlier one) documents the same error responses: its enum
    /// is shared, and `error_type` is an alias of it (`passes::errors`).
    pub(crate) errors_of: Option<usize>,
    /// The enum of success responses, when they have different bodies.
    pub(crate) success_type: Option<String>,
}

/// Schemes that must all be satisfied: (index into `Module::security_schemes`, scopes).
pub(crate) type SecurityRequirement = Vec<(usize, Vec<String>)>;

#[derive(Debug)]
pub(crate) struct Param {
    pub(crate) name: String,
    /// The field of the operation's parameters struct that holds it, as claimed there (or the
    /// argument, for a path parameter): the client reads the parameter from this field.
    pub(crate) rust_name: String,
    /// How the value is written (`style`, the location's default when the spec gives none).
    pub(crate) style: Style,
    /// Arrays and objects as separate values (`explode`; by default true for `form` only).
    pub(crate) explode: bool,
    /// Reserved characters sent unencoded (`allowReserved`, query only).
    pub(crate) allow_reserved: bool,
    /// The media type of a parameter described by `content` instead of `schema`.
    pub(crate) content_type: Option<String>,
    pub(crate) location: Location,
    pub(crate) required: bool,
    pub(crate) ty: Ty,
    /// The only value a header may take, when its schema is a one-value enum.
    pub(crate) constant: Option<String>,
    pub(crate) constraints: Constraints,
    /// The spec's `description`, made rustdoc-clean.
    pub(crate) doc: Option<String>,
    pub(crate) deprecated: bool,
}

#[derive(Debug)]
pub(crate) struct Body {
    pub(crate) content_type: String,
    pub(crate) required: bool,
    pub(crate) kind: BodyKind,
    /// What the body's schema states on the value as a whole: a body that is an array, a map
    /// or a string (in place, or a `$ref` to an alias of one) has no type to check them.
    pub(crate) constraints: Constraints,
}

/// How a request body is encoded.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum BodyKind {
    /// JSON (`application/json`, `+json`): the schema's type.
    Json(Ty),
    /// `application/x-www-form-urlencoded`: a struct whose properties are pairs; `fields` are the
    /// properties the spec's `encoding` sends other than `form`, exploded.
    Form { ty: Ty, fields: Vec<FormField> },
    /// `multipart/form-data`: a struct with one part per property.
    Multipart { ty: Ty, parts: Vec<Part> },
    /// `multipart/form-data` whose schema names no parts (not an object with properties): the
    /// parts the caller builds (the runtime's `Multipart`).
    Parts,
    /// `text/*`: a string.
    Text,
    /// Any other media type (`application/octet-stream`, `*/*`, images): raw bytes.
    Bytes,
}

/// The encoding of one property of a form body (the runtime's `FormField`).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FormField {
    pub(crate) wire: String,
    pub(crate) style: FormStyle,
    pub(crate) explode: bool,
    pub(crate) allow_reserved: bool,
    /// Sent as JSON text (`contentType: application/json`).
    pub(crate) json: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FormStyle {
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

/// One property of a multipart body and how it is sent.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Part {
    /// The struct field.
    pub(crate) field: String,
    /// The part's name.
    pub(crate) wire: String,
    pub(crate) required: bool,
    pub(crate) kind: PartKind,
    /// `encoding.contentType`, when the spec sets one.
    pub(crate) content_type: Option<String>,
    /// Constant headers from `encoding.headers`.
    pub(crate) headers: Vec<(String, String)>,
}

/// Which `Multipart` method sends a property.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PartKind {
    /// A scalar: one text part.
    Text,
    /// A list of scalars: one text part per item.
    Texts,
    /// Binary: one file part.
    File,
    /// A list of binaries: one file part per item.
    Files,
    /// `format: byte`: one part of base64 text.
    Base64,
    /// A list of `format: byte` values.
    Base64s,
    /// Anything else: one `application/json` part.
    Json,
}

impl Body {
    /// The Rust type of a structured body (JSON, form or multipart).
    pub(crate) fn ty(&self) -> Option<&Ty> {
        match &self.kind {
            BodyKind::Json(ty) | BodyKind::Form { ty, .. } | BodyKind::Multipart { ty, .. } => {
                Some(ty)
            }
            BodyKind::Parts | BodyKind::Text | BodyKind::Bytes => None,
        }
    }
}

#[derive(Debug)]
pub(crate) struct Response {
    /// The variant's name in the success or error enum (`Status404`, `Status4xx`, `Default`).
    pub(crate) variant: String,
    pub(crate) status: Status,
    pub(crate) description: String,
    pub(crate) content_type: Option<String>,
    pub(crate) ty: Option<Ty>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Status {
    Code(u16),
    /// `2XX` and the like: the first digit.
    Range(u16),
    Default,
}

/// What a response body decodes into.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Payload {
    Json(Ty),
    Text,
    Bytes,
    Empty,
}

impl Response {
    pub(crate) fn payload(&self) -> Payload {
        match (&self.ty, self.content_type.as_deref()) {
            (Some(ty), _) => Payload::Json(ty.clone()),
            (None, Some(ct)) if ct.starts_with("text/") => Payload::Text,
            (None, Some(_)) => Payload::Bytes,
            (None, None) => Payload::Empty,
        }
    }

    pub(crate) fn is_success(&self) -> bool {
        matches!(self.status, Status::Code(200..=299) | Status::Range(2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alias(checks: bool) -> TypeDef {
        TypeDef {
            name: String::new(),
            doc: String::new(),
            pointer: String::new(),
            nullable: false,
            deprecated: false,
            checks,
            validated: false,
            decoded: false,
            webhook_only: false,
            constraints: Constraints::default(),
            kind: TypeKind::Alias(Ty::String),
        }
    }

    #[test]
    fn both_constraints_keep_the_stricter_bound_of_each() {
        let alias = Constraints {
            minimum: Some((1.0, false)),
            maximum: Some((20.0, false)),
            allowed_numbers: vec![1.0, 5.0, 9.0],
            ..Constraints::default()
        };
        let beside = Constraints {
            maximum: Some((10.0, false)),
            allowed_numbers: vec![5.0, 9.0, 12.0],
            ..Constraints::default()
        };
        let both = beside.and(&alias);
        assert_eq!(both.minimum, Some((1.0, false)));
        assert_eq!(both.maximum, Some((10.0, false)));
        assert_eq!(both.allowed_numbers, [5.0, 9.0]);
        let exclusive = Constraints {
            minimum: Some((1.0, true)),
            ..Constraints::default()
        };
        assert_eq!(alias.clone().and(&exclusive).minimum, Some((1.0, true)));
    }

    #[test]
    fn a_value_has_checks_when_a_type_it_holds_does_or_it_holds_a_number() {
        let types = [alias(true), alias(false)];
        let named = |id| Box::new(Ty::Named(id));
        let cases = [
            (Ty::Named(0), true),
            (Ty::Named(1), false),
            (Ty::Vec(Box::new(Ty::Option(named(0)))), true),
            (Ty::Map(named(1)), false),
            (Ty::F64, true),
            (Ty::Option(Box::new(Ty::Vec(Box::new(Ty::F64)))), true),
            (Ty::I64, false),
            (Ty::String, false),
            (Ty::Value, false),
            (Ty::Object, false),
        ];
        for (ty, expected) in cases {
            assert_eq!(ty.has_checks(&types), expected, "{ty:?}");
        }
    }
}
