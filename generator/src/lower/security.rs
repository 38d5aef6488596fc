//! Security schemes, an operation's security requirements (each naming schemes by index), and
//! servers with their variables.
//!
//! Reads the document only; it creates no type.

use openapiv3::ReferenceOr;

use super::document::Context;
use crate::docs::sanitize;
use crate::error::{Diag, join};
use crate::ir::*;
use crate::names::{Namespace, const_name};

pub(super) fn security_requirements(
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

pub(super) fn servers(servers: &[openapiv3::Server]) -> Vec<Server> {
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

impl<'a> Context<'a> {
    pub(super) fn security_schemes(&self) -> Result<Vec<SecurityScheme>, Diag> {
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
}
