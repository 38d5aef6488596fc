//! Request bodies: the media type chosen, a JSON body's type and constraints, and a form body's
//! `encoding` per property (style, explode, allowReserved, JSON).
//!
//! What a form body cannot send exactly as the spec says is sent as near as it allows, with a
//! warning (`Diag::fallback`): a list as a `deepObject` is `name[]=a&name[]=b`, a value its style
//! cannot write is JSON text, a `contentType` other than JSON or text is ignored, an `encoding`
//! entry naming no property is ignored, and a schema that is not an object takes the body as the
//! caller encodes it.
//!
//! A body's schema becomes a type as any other schema does (`schemas`); this module only checks
//! that the type made can be sent as the media type says. Multipart bodies are `multipart`'s.

use super::document::MAX_DEPTH;
use super::lowerer::Lowerer;
use super::media::{Chosen, choose_media, essence, is_json, sendable};
use super::parameters::{Shapes, param_shapes};
use super::shape::SchemaRef;
use crate::error::{Diag, join};
use crate::ir::*;

/// What a form body can do with a property's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum FormShape {
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

impl<'a> Lowerer<'a> {
    /// Chooses how a request body is sent when several media types are offered: JSON, then
    /// form, then multipart, then text, then raw bytes. The others are not offered to the caller.
    pub(super) fn request_body(
        &mut self,
        body: &'a openapiv3::RequestBody,
        type_base: &str,
        body_at: &str,
    ) -> Result<Body, Diag> {
        let content_at = join(body_at, "content");
        for key in body.content.keys().filter(|k| !sendable(k)) {
            self.warnings.push(Diag::fallback(
                join(&content_at, key),
                "this media type cannot be sent as a `Content-Type` header (only visible ASCII), so it is not offered",
            ));
        }
        let Some((content_type, media, chosen)) = choose_media(&body.content) else {
            self.warnings.push(Diag::fallback(
                content_at,
                "a request body with no media type that can be sent in `content`: the operation takes raw bytes, sent as `application/octet-stream`",
            ));
            return Ok(Body {
                content_type: "application/octet-stream".to_owned(),
                required: body.required,
                kind: BodyKind::Bytes,
                constraints: Constraints::default(),
            });
        };
        let media_at = join(&content_at, content_type);
        let constraints = match (&chosen, &media.schema) {
            (Chosen::Json, Some(schema)) => {
                self.cx.constraints_of(SchemaRef::of(schema), MAX_DEPTH)
            }
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
    pub(super) fn body_schema(
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

    /// An `application/x-www-form-urlencoded` body: an object whose properties are sent as
    /// pairs, each laid out by its `encoding` entry (`style`, `explode`, `allowReserved`,
    /// `contentType`).
    pub(super) fn form_body(
        &mut self,
        media: &'a openapiv3::MediaType,
        type_base: &str,
        media_at: &str,
    ) -> Result<BodyKind, Diag> {
        let ty = self.body_schema(media, type_base, media_at)?;
        let Some((id, s)) = body_struct(&self.types, &ty) else {
            // A map is an object whose every entry is sent as a `form` pair; anything else the
            // caller encodes.
            if matches!(resolve_aliases(&self.types, &ty), Ty::Map(_) | Ty::Object) {
                if !media.encoding.is_empty() {
                    self.warnings.push(Diag::fallback(
                        join(media_at, "encoding"),
                        "the body is a map, whose entries are all sent as `form` pairs: its `encoding` is not applied",
                    ));
                }
                return Ok(BodyKind::Form {
                    ty,
                    fields: Vec::new(),
                });
            }
            self.warnings.push(Diag::fallback(
                join(media_at, "schema"),
                "a form body's pairs are the properties of an object schema, and this one is not an object with properties: the operation takes the body as the caller encodes it (text)",
            ));
            return Ok(BodyKind::Text);
        };
        let props_at = join(&self.types[id].pointer, "properties");
        let unknown = unknown_encoding_keys(media, s, media_at);
        // Other properties (`additionalProperties`) are sent as `form` pairs: scalars, lists and
        // flat objects as `form`, exploded, writes them, any JSON value (`additionalProperties:
        // true`) as what it holds; a value `form` cannot write refuses the request when sent.
        if let Some((_, value)) = &s.additional {
            if !matches!(
                form_shape(&self.types, value, MAX_DEPTH),
                FormShape::Scalar | FormShape::Any | FormShape::List | FormShape::FlatObject
            ) {
                self.warnings.push(Diag::fallback(
                    join(&self.types[id].pointer, "additionalProperties"),
                    "in a form body, other properties (`additionalProperties`) are sent as `form` pairs, and `form` cannot write objects or lists nested in them: such a value refuses the request when it is sent",
                ));
            }
        }
        let mut fields = Vec::new();
        let mut warnings = unknown;
        for field in &s.fields {
            // The properties of the alternatives beside the object's own take the default
            // encoding; what `form` cannot carry is refused when sent.
            if field.flatten {
                continue;
            }
            let encoding_at = join(&join(media_at, "encoding"), &field.wire);
            let encoding = media.encoding.get(&field.wire);
            let mut json = match encoding.and_then(|e| e.content_type.as_deref()) {
                None => false,
                Some(ct) if is_json(ct) => true,
                Some(ct) if essence(ct) == "text/plain" => false,
                Some(ct) => {
                    warnings.push(Diag::fallback(
                        join(&encoding_at, "contentType"),
                        format!(
                            "form property `{}`: only `application/json` (or `+json`) and `text/plain` can be a form value's `contentType`, not {ct:?}; the value is sent as its style writes it",
                            field.wire
                        ),
                    ));
                    false
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
                Some(e) if self.cx.raw.explicit_explode.contains(&encoding_at) => e.explode,
                _ => style == FormStyle::Form,
            };
            let allow_reserved = encoding.is_some_and(|e| e.allow_reserved);
            let shape = form_shape(&self.types, &field.ty, MAX_DEPTH);
            let fits = json
                || match shape {
                    FormShape::Scalar => true,
                    FormShape::List => true,
                    FormShape::FlatObject => true,
                    FormShape::DeepObject => style == FormStyle::DeepObject,
                    // The runtime refuses a value its style cannot carry.
                    FormShape::Any => true,
                    FormShape::Other => false,
                };
            // A style that does not fit the value is the encoding's fault; a value no style
            // fits is the schema's.
            let style_at = join(&encoding_at, "style");
            if !json && shape == FormShape::List && style == FormStyle::DeepObject {
                warnings.push(Diag::fallback(
                    style_at,
                    format!(
                        "form property `{}`: OpenAPI 3.0 does not define a list as a `deepObject`; it is sent as `{0}[]=a&{0}[]=b`, as a list inside a `deepObject` is written",
                        field.wire
                    ),
                ));
            } else if !fits {
                let (why, at) = match (shape, encoding.and_then(|e| e.style.as_ref())) {
                    (FormShape::DeepObject, Some(_)) => (
                        "an object with objects or lists inside can only be written as a `deepObject`",
                        style_at,
                    ),
                    (FormShape::DeepObject, None) => (
                        "an object with objects or lists inside can only be written as a `deepObject`",
                        join(&props_at, &field.wire),
                    ),
                    _ => (
                        "no style writes this value (only strings, numbers, booleans, enums, lists of them and objects of them)",
                        join(&props_at, &field.wire),
                    ),
                };
                warnings.push(Diag::fallback(
                    at,
                    format!(
                        "form property `{}`: {why}, so it is sent as JSON text, as `contentType: application/json` would",
                        field.wire
                    ),
                ));
                json = true;
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
        self.warnings.extend(warnings);
        Ok(BodyKind::Form { ty, fields })
    }
}

/// The struct a body's type names, through aliases.
pub(super) fn body_struct<'t>(types: &'t [TypeDef], ty: &Ty) -> Option<(TypeId, &'t Struct)> {
    match resolve_aliases(types, ty) {
        Ty::Named(id) => match &types[*id].kind {
            TypeKind::Struct(s) => Some((*id, s)),
            _ => None,
        },
        _ => None,
    }
}

/// The `encoding` keys that name no property of the body: each is ignored, with a warning.
pub(super) fn unknown_encoding_keys(
    media: &openapiv3::MediaType,
    s: &Struct,
    media_at: &str,
) -> Vec<Diag> {
    media
        .encoding
        .keys()
        .filter(|key| !s.fields.iter().any(|f| f.wire == **key))
        .map(|key| {
            Diag::fallback(
                join(&join(media_at, "encoding"), key),
                format!(
                    "`encoding` names `{key}`, which is not a property of the body; the entry is ignored"
                ),
            )
        })
        .collect()
}

/// What a form body can do with a value of this type.
pub(super) fn form_shape(types: &[TypeDef], ty: &Ty, depth: usize) -> FormShape {
    if depth == 0 {
        return FormShape::Other;
    }
    if is_primitive(types, ty) {
        return FormShape::Scalar;
    }
    let object = |values: &mut dyn Iterator<Item = &Ty>| {
        let mut flat = true;
        for value in values {
            match form_shape(types, value, depth - 1) {
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
        Ty::Vec(inner) if is_primitive(types, inner) => FormShape::List,
        Ty::Vec(inner) if form_shape(types, inner, depth - 1) == FormShape::Any => FormShape::Any,
        Ty::Option(inner) => form_shape(types, inner, depth - 1),
        Ty::Map(value) => object(&mut std::iter::once(value.as_ref())),
        Ty::Named(id) => match &types[*id].kind {
            TypeKind::Alias(inner) => form_shape(types, inner, depth - 1),
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

/// Whether a value of this type is one primitive, as parameters and text parts write it.
pub(super) fn is_primitive(types: &[TypeDef], ty: &Ty) -> bool {
    param_shapes(types, ty) == Some(Shapes::PRIMITIVE)
}
