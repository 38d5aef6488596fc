//! Parameters: for each its style, explode, `allowReserved` or its `content` media type, whether
//! its type is a primitive, an array or an object of primitives (or, for `deepObject` only, an
//! object with objects and lists of primitives inside), and the struct of the parameters a
//! caller supplies. What OpenAPI 3.0.3 leaves undefined is refused (`deepObject` with a
//! primitive or an array, `spaceDelimited`/`pipeDelimited` with a primitive or an exploded
//! object), and so are nesting under other styles and `content` other than JSON or
//! `text/plain`; a schema no style can write, with its location's default style, is sent as
//! JSON text, with a warning.
//!
//! How a value is written is the runtime's business: this module only records the facts.

use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, Type};

use super::document::MAX_DEPTH;
use super::lowerer::Lowerer;
use super::media::json_media;
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

/// What OpenAPI 3.0.3 leaves undefined for a style: `spaceDelimited` and `pipeDelimited` write
/// arrays and objects (exploded, only arrays: one pair per item), `deepObject` only objects.
pub(super) fn undefined_style(style: Style, explode: bool, shapes: Shapes) -> Option<&'static str> {
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
            (
                Style::Form,
                true,
                NESTED,
                Some("an object with objects or lists inside"),
            ),
            (Style::Form, true, Shapes::ARRAY, None),
        ];
        for (style, explode, shapes, undefined) in cases {
            assert_eq!(
                undefined_style(style, explode, shapes),
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
