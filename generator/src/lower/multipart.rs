//! Multipart bodies: per property its kind of part (file, base64, text, JSON, or lists of them),
//! content type and constant headers. A multipart body's schema is an object in place or a
//! component (a `$ref`, or an `allOf` passing through to one `$ref`); its struct is not a JSON
//! type: its binary properties are `FilePart`s. A component that is also a JSON value elsewhere
//! stays a JSON type, and its multipart bodies take a struct of their own made from the same
//! schema (`<Name>Multipart`).
//!
//! What cannot be sent exactly as the spec says is sent as near as it allows, with a warning
//! (`Diag::fallback`): a body whose schema names no parts (not an object with properties, or
//! with `additionalProperties`) takes the parts the caller builds (`BodyKind::Parts`); a part's
//! `contentType` that does not fit its value, or is not a content type, is left out or made
//! JSON; a required part header without a constant value is not sent. A multipart type other
//! than `multipart/form-data` (`multipart/mixed`, `multipart/related`), which OpenAPI gives no
//! part layout of its own, is sent with the parts `multipart/form-data` would have, under its
//! own `Content-Type`.

use openapiv3::{ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, Type};

use super::bodies::{body_struct, is_primitive, unknown_encoding_keys};
use super::document::Context;
use super::lowerer::Lowerer;
use super::media::{essence, is_json};
use super::shape::{SchemaRef, Shape, schema_doc, shape};
use crate::docs::sanitize;
use crate::error::{Diag, join};
use crate::ir::*;

impl<'a> Context<'a> {
    /// Whether a property of a multipart body is binary (`type: string` with `format: binary`,
    /// or `byte`), or a list of binaries: `(base64, list)`.
    pub(super) fn file_kind(&self, r: SchemaRef<'a>, depth: usize) -> Option<(bool, bool)> {
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
}

impl<'a> Lowerer<'a> {
    /// The struct of a component schema sent as a multipart body: the component's own, or, for
    /// a component that is also a JSON value elsewhere, a struct of its own made from the same
    /// schema (`<Name>Multipart`), whose binary properties are file parts.
    fn multipart_component(&mut self, reference: &str, schema_at: &str) -> Result<TypeId, Diag> {
        let (_, id) = self.cx.component(reference, schema_at)?;
        match self.multipart_twins.get(&id) {
            None => Ok(id),
            Some(Some(twin)) => Ok(*twin),
            Some(None) => {
                let (name, schema) = self.cx.component_item(reference, schema_at)?;
                let pointer = join("/components/schemas", name);
                let doc = format!(
                    "{}\n\nThe `{name}` schema as a multipart body: its binary properties are file parts. As a JSON value, it is `{}`.",
                    schema_doc(schema).unwrap_or(&format!("The `{name}` schema.")),
                    self.types[id].name
                );
                let twin = self.new_type(
                    &format!("{name}Multipart"),
                    sanitize(&doc),
                    &pointer,
                    false,
                    false,
                );
                self.multipart_types.insert(twin);
                self.multipart_twins.insert(id, Some(twin));
                let kind = self.define(twin, schema, &pointer, &[])?;
                self.types[twin].kind = kind;
                Ok(twin)
            }
        }
    }

    /// A multipart body: an object whose properties are parts, laid out as `multipart/form-data`
    /// lays them out whatever the subtype (with a warning for another one).
    pub(super) fn multipart_body(
        &mut self,
        content_type: &str,
        media: &'a openapiv3::MediaType,
        type_base: &str,
        media_at: &str,
    ) -> Result<BodyKind, Diag> {
        let subtype = essence(content_type);
        if subtype != "multipart/form-data" {
            self.warnings.push(Diag::fallback(
                media_at,
                format!(
                    "`{subtype}` has no part layout of its own in OpenAPI: the body is sent as `{content_type}` (with a boundary of its own) holding the parts `multipart/form-data` would, one per property, each named in a `Content-Disposition: form-data` header"
                ),
            ));
        }
        let schema_at = join(media_at, "schema");
        let reference = media
            .schema
            .as_ref()
            .and_then(|schema| self.cx.component_reference(schema));
        let no_parts = |why: &str| {
            Diag::fallback(
                &schema_at,
                format!(
                    "a multipart body's schema names its parts as the properties of an object, and {why}: the operation takes the parts the caller builds (`Multipart`)"
                ),
            )
        };
        let id = match (&media.schema, reference) {
            (_, Some(reference)) => self.multipart_component(reference, &schema_at)?,
            (Some(ReferenceOr::Item(schema)), None)
                if !matches!(
                    shape(schema),
                    Ok(Shape::Object(_) | Shape::AllOf { .. } | Shape::Extended { .. })
                ) =>
            {
                self.warnings.push(no_parts("this one is not an object"));
                return Ok(BodyKind::Parts);
            }
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
                let kind = self.define(id, schema, &schema_at, &[])?;
                self.types[id].kind = kind;
                id
            }
            // A `$ref` always names a component, so only a missing schema is left.
            _ => {
                self.warnings.push(Diag::fallback(
                    media_at,
                    "a multipart body has no `schema` to name its parts: the operation takes the parts the caller builds (`Multipart`)",
                ));
                return Ok(BodyKind::Parts);
            }
        };
        let ty = Ty::Named(id);
        let Some((_, s)) = body_struct(&self.types, &ty)
            .filter(|(found, _)| *found == id && self.multipart_types.contains(&id))
        else {
            self.warnings
                .push(no_parts("this one is not an object with properties"));
            return Ok(BodyKind::Parts);
        };
        if s.additional.is_some() {
            self.warnings.push(Diag::fallback(
                join(&self.types[id].pointer, "additionalProperties"),
                "a multipart body with `additionalProperties` has parts no property names: the operation takes the parts the caller builds (`Multipart`)",
            ));
            return Ok(BodyKind::Parts);
        }
        let unknown = unknown_encoding_keys(media, s, media_at);
        self.warnings.extend(unknown);
        let mut parts = Vec::new();
        for field in &s.fields {
            let encoding_at = join(&join(media_at, "encoding"), &field.wire);
            let encoding = media.encoding.get(&field.wire);
            let mut kind = match &field.ty {
                Ty::File { base64: false } => PartKind::File,
                Ty::File { base64: true } => PartKind::Base64,
                Ty::Vec(inner) if **inner == (Ty::File { base64: false }) => PartKind::Files,
                Ty::Vec(inner) if **inner == (Ty::File { base64: true }) => PartKind::Base64s,
                ty if is_primitive(&self.types, ty) => PartKind::Text,
                Ty::Vec(inner) if is_primitive(&self.types, inner) => PartKind::Texts,
                _ => PartKind::Json,
            };
            // A list or wildcard of content types leaves the default (or the file's own).
            let content_type = encoding
                .and_then(|e| e.content_type.as_deref())
                .map(str::trim)
                .filter(|ct| !ct.contains([',', '*']));
            let mut content_type = content_type;
            if let Some(ct) = content_type {
                // The content type sent, and why it is not the spec's, when it is not.
                let (sent, why) = match kind {
                    _ if !ct.bytes().all(|b| (0x21..0x7f).contains(&b) || b == b' ') => (
                        None,
                        Some(format!(
                            "{ct:?} is not a content type, so the part is sent with its default one"
                        )),
                    ),
                    PartKind::Text if is_json(ct) => {
                        kind = PartKind::Json;
                        (Some(ct), None)
                    }
                    PartKind::Texts if is_json(ct) => {
                        kind = PartKind::Json;
                        (
                            Some(ct),
                            Some("a list of strings, numbers or booleans has no JSON parts of one item each, so the list is sent as one JSON part".to_owned()),
                        )
                    }
                    PartKind::Json if !is_json(ct) => (
                        None,
                        Some(format!(
                            "an object or other structured value can only be written as JSON, not {ct:?}, so it is sent as an `application/json` part"
                        )),
                    ),
                    _ => (Some(ct), None),
                };
                if let Some(why) = why {
                    self.warnings.push(Diag::fallback(
                        join(&encoding_at, "contentType"),
                        format!("part `{}`: {why}", field.wire),
                    ));
                }
                content_type = sent;
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
                    None => self.warnings.push(Diag::fallback(
                        header_at,
                        format!(
                            "part `{}`: a required part header is sent only with a constant value (a string `enum` of one value), so this one is not sent",
                            field.wire
                        ),
                    )),
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
}
