//! Parameters: for each its style, explode, `allowReserved` or its `content` media type, whether
//! its type is a primitive, an array or an object of primitives (or, for `deepObject` only, an
//! object with objects and lists of primitives inside), and the struct of the parameters a
//! caller supplies.
//!
//! What cannot be sent exactly as the spec says is sent as near as it allows, with a warning
//! (`Diag::fallback`): what OpenAPI 3.0.3 leaves undefined for a style (`deepObject` with a
//! primitive or an array, `spaceDelimited`/`pipeDelimited` with a primitive or an exploded
//! object) is written as the runtime documents; a schema its style cannot write is sent as JSON
//! text; `content` with several media types sends the JSON one, and a media type the client
//! cannot write takes the caller's text.
//!
//! How a value is written is the runtime's business: this module only records the facts.

use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, Type};

use super::document::MAX_DEPTH;
use super::lowerer::Lowerer;
use super::media::{is_json, json_media};
use super::shape::SchemaRef;
use crate::docs::sanitize;
use crate::error::{Diag, join};
use crate::ir::*;
use crate::names::{Namespace, field_name, type_name};

/// The shapes a parameter's value can take, which decide the styles that can write it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Shapes {
    pub(super) primitive: bool,
    pub(super) array: bool,
    pub(super) object: bool,
    /// An object with objects or lists of primitives inside, which only `deepObject` writes
    /// (`name[member][inner]=value`, `name[member][]=item`: OpenAPI 3.0.3 leaves it undefined).
    pub(super) nested: bool,
}

impl Shapes {
    pub(super) const PRIMITIVE: Shapes = Shapes {
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

    pub(super) fn or(self, other: Shapes) -> Shapes {
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
pub(super) fn param_shapes(types: &[TypeDef], ty: &Ty) -> Option<Shapes> {
    shapes_within(types, ty, MAX_DEPTH)
}

/// `depth` bounds the walk through aliases, newtypes and unions, which may refer to themselves.
pub(super) fn shapes_within(types: &[TypeDef], ty: &Ty, depth: usize) -> Option<Shapes> {
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

/// What OpenAPI 3.0.3 leaves undefined for a style, and how the runtime writes it instead:
/// `spaceDelimited` and `pipeDelimited` write arrays and objects (exploded, only arrays: one pair
/// per item), `deepObject` only objects. (Objects with objects or lists inside, which only
/// `deepObject` writes, are sent as JSON text before this is asked.)
pub(super) fn undefined_style(
    style: Style,
    explode: bool,
    shapes: Shapes,
) -> Option<(&'static str, &'static str)> {
    const AS_FORM: &str = "as `form` writes it (`name=value`)";
    match style {
        Style::SpaceDelimited | Style::PipeDelimited if shapes.primitive => {
            Some(("a primitive value", AS_FORM))
        }
        Style::SpaceDelimited | Style::PipeDelimited if explode && shapes.object => {
            Some(("an object", "as exploded `form` writes it (`R=100&G=200`)"))
        }
        Style::DeepObject if shapes.primitive => Some(("a primitive value", AS_FORM)),
        Style::DeepObject if shapes.array => Some((
            "an array",
            "as `name[]=a&name[]=b`, as a list inside a `deepObject` is written",
        )),
        _ => None,
    }
}

/// Whether a media type is `text/plain` (parameters with such `content` are plain values).
pub(super) fn is_plain_text(media_type: &str) -> bool {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .eq_ignore_ascii_case("text/plain")
}

impl<'a> Lowerer<'a> {
    pub(super) fn parameters(
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
            let (schema, schema_at, mut content_type) = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    (Some(schema), join(&param_at, "schema"), None)
                }
                ParameterSchemaOrContent::Content(content) => {
                    let (schema, schema_at, content_type) =
                        self.parameter_content(&data.name, content, &join(&param_at, "content"));
                    (schema, schema_at, Some(content_type))
                }
            };
            let json = content_type.as_deref().is_some_and(is_json);
            let ty = match schema {
                Some(schema) => self.inline(SchemaRef::of(schema), &hint, &schema_at)?,
                // Without a schema, JSON content is any JSON value, anything else a string.
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
            // needs a primitive, an array of primitives or an object of primitives (or, for
            // `deepObject`, objects and lists of primitives inside). A schema its style cannot
            // write is sent as JSON text, as `content: application/json` would, with a
            // warning: OpenAPI 3.0 defines no other way, and it is what such APIs take.
            let shapes = param_shapes(&self.types, &ty);
            let plain = content_type.is_some() && !json;
            let writable = match shapes {
                None => false,
                Some(shapes) if plain => shapes == Shapes::PRIMITIVE,
                Some(shapes) => style == Style::DeepObject || !shapes.nested,
            };
            if !json && !writable {
                let why = if plain {
                    "`text/plain` content is one primitive value, and this schema is not".to_owned()
                } else if style == Style::default_for(location) {
                    "no `style` can write this schema (it nests objects or arrays)".to_owned()
                } else if style == Style::DeepObject {
                    "`style: deepObject` cannot write this schema (lists of lists or of objects inside)".to_owned()
                } else {
                    format!(
                        "`style: {}` cannot write this schema (it nests objects or arrays)",
                        style.name()
                    )
                };
                self.warnings.push(Diag::fallback(
                    schema_at.clone(),
                    format!(
                        "parameter `{}`: {why}, so it is sent as JSON text, as `content: application/json` would",
                        data.name
                    ),
                ));
                content_type = Some("application/json".to_owned());
            } else if let (false, Some(shapes)) = (json || plain, shapes) {
                if let Some((undefined, sent)) = undefined_style(style, explode, shapes) {
                    self.warnings.push(Diag::fallback(
                        join(&param_at, "style"),
                        format!(
                            "parameter `{}`: OpenAPI 3.0 does not define `style: {}`{} for {undefined}; it is sent {sent}",
                            data.name,
                            style.name(),
                            if explode { " with `explode: true`" } else { "" },
                        ),
                    ));
                }
            }
            let constraints = match schema {
                Some(schema) => self.cx.constraints_of(SchemaRef::of(schema), MAX_DEPTH),
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

    /// A parameter's `content`: its schema, where that is, and the media type it is sent as.
    /// OpenAPI asks for exactly one media type; with several, the first JSON one (or the first)
    /// is sent, and with none, a plain string. A media type the client cannot write (neither
    /// JSON nor `text/plain`) takes the caller's text, already in that media type, and sends it
    /// as a plain value. Each of these warns.
    fn parameter_content(
        &mut self,
        name: &str,
        content: &'a openapiv3::Content,
        content_at: &str,
    ) -> (Option<&'a ReferenceOr<Schema>>, String, String) {
        let chosen = json_media(content).or_else(|| {
            content
                .iter()
                .next()
                .map(|(media_type, media)| (media_type.as_str(), media))
        });
        let Some((media_type, media)) = chosen else {
            self.warnings.push(Diag::fallback(
                content_at,
                format!(
                    "parameter `{name}`: `content` has no media type, so the parameter is a string, sent as a plain value"
                ),
            ));
            return (None, content_at.to_owned(), "text/plain".to_owned());
        };
        if content.len() > 1 {
            self.warnings.push(Diag::fallback(
                content_at,
                format!(
                    "parameter `{name}`: `content` must have exactly one media type, not {}; it is sent as `{media_type}`",
                    content.len()
                ),
            ));
        }
        let media_at = join(content_at, media_type);
        if !is_json(media_type) && !is_plain_text(media_type) {
            self.warnings.push(Diag::fallback(
                &media_at,
                format!(
                    "parameter `{name}`: the client cannot write `{media_type}` (only JSON and `text/plain`), so the parameter is the caller's text in that media type, sent as a plain value"
                ),
            ));
            return (None, join(&media_at, "schema"), media_type.to_owned());
        }
        (
            media.schema.as_ref(),
            join(&media_at, "schema"),
            media_type.to_owned(),
        )
    }

    /// The struct of the parameters a caller supplies besides path parameters (query, header,
    /// cookie; constant headers are sent by the client itself).
    pub(super) fn params_struct(
        &mut self,
        params: &mut [Param],
        type_base: &str,
        op_at: &str,
    ) -> Option<TypeId> {
        let supplied: Vec<&mut Param> = params
            .iter_mut()
            .filter(|p| p.location != Location::Path && p.constant.is_none())
            .collect();
        if supplied.is_empty() {
            return None;
        }
        let doc = format!("The query, header and cookie parameters of `{type_base}`.");
        let id = self.new_type(&format!("{type_base}Params"), doc, op_at, false, false);
        let mut names = Namespace::default();
        let fields = supplied
            .into_iter()
            .map(|p| {
                // The parameter names the field the client reads it from.
                p.rust_name = names.claim(&p.rust_name, true);
                Field {
                    rust: p.rust_name.clone(),
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
                }
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
            dependent_required: Vec::new(),
        });
        Some(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NESTED: Shapes = Shapes {
        nested: true,
        ..Shapes::OBJECT
    };

    #[test]
    fn what_openapi_leaves_undefined_for_a_style() {
        let cases = [
            (
                Style::SpaceDelimited,
                false,
                Shapes::PRIMITIVE,
                Some("a primitive value"),
            ),
            (
                Style::PipeDelimited,
                true,
                Shapes::OBJECT,
                Some("an object"),
            ),
            (Style::PipeDelimited, false, Shapes::OBJECT, None),
            (Style::DeepObject, true, Shapes::ARRAY, Some("an array")),
            (Style::DeepObject, true, NESTED, None),
            (Style::Form, true, Shapes::ARRAY, None),
        ];
        for (style, explode, shapes, undefined) in cases {
            assert_eq!(
                undefined_style(style, explode, shapes).map(|(what, _)| what),
                undefined,
                "{style:?} explode={explode} {shapes:?}"
            );
        }
    }

    #[test]
    fn a_parameter_is_a_primitive_an_array_or_an_object_of_them() {
        let shapes = |ty: &Ty| param_shapes(&[], ty);
        assert_eq!(shapes(&Ty::Uuid), Some(Shapes::PRIMITIVE));
        assert_eq!(shapes(&Ty::Vec(Box::new(Ty::I64))), Some(Shapes::ARRAY));
        assert_eq!(shapes(&Ty::Vec(Box::new(Ty::Vec(Box::new(Ty::I64))))), None);
        assert_eq!(shapes(&Ty::Map(Box::new(Ty::Value))), Some(Shapes::OBJECT));
        assert_eq!(
            shapes(&Ty::Map(Box::new(Ty::Vec(Box::new(Ty::String))))),
            Some(NESTED)
        );
        assert_eq!(shapes(&Ty::Value), None);
        assert!(is_plain_text("Text/Plain; charset=utf-8"));
        assert!(!is_plain_text("text/html"));
    }
}
