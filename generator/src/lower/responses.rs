//! Responses: each status (code, range or `default`) with its description, media type and, for
//! a JSON body, its type, named after the operation (`<Op>Response`, `<Op>Response404`).
//!
//! A non-JSON body is described by its media type and gets no Rust type.

use openapiv3::{ReferenceOr, StatusCode};

use super::lowerer::Lowerer;
use super::media::json_media;
use super::shape::SchemaRef;
use crate::error::{Diag, join};
use crate::ir::*;
use crate::names::type_name;

impl<'a> Lowerer<'a> {
    pub(super) fn responses(
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
}
