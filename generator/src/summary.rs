//! A small public summary of the generated API ([`ApiSummary`]): what a guide to the generated
//! code needs (servers, security schemes, the client's constructor, operations with their Rust
//! names), read from the IR once it is built. It only reads the IR and never changes it; the
//! code itself is emitted from the IR, not from here.

use crate::ir::{self, Location, Module, SchemeKind, Ty};
use crate::names::{Namespace, field_name};

/// What a generated module offers, in the document's order: enough to explain it to a reader.
/// Texts taken from the document (descriptions, summaries) are made rustdoc-clean.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiSummary {
    /// `info.title`.
    pub title: String,
    /// `info.version`: the version of the API, not of any crate.
    pub version: String,
    /// The first paragraph of `info.description`, if there is one.
    pub description: Option<String>,
    /// The document's `servers`; the client uses the first unless given another base URL.
    pub servers: Vec<ServerSummary>,
    /// `components/securitySchemes`.
    pub security_schemes: Vec<SchemeSummary>,
    /// The arguments of `Client::new` and `Client::builder`, in order: the first server's
    /// variables that have no list of values, then the credential when there is exactly one
    /// security scheme (`token`, `api_key`, or `username` and `password`).
    pub client_args: Vec<String>,
    /// Every operation.
    pub operations: Vec<OperationSummary>,
    /// The names of the webhooks the API sends (3.1 `webhooks`, 3.0 `x-webhooks`) whose
    /// payload is JSON; the `webhooks` module decodes them, under the `webhooks` feature.
    pub webhooks: Vec<String>,
}

/// One entry of `servers`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerSummary {
    /// The URL template, with `{variable}` placeholders.
    pub url: String,
    /// The server's `description`.
    pub description: Option<String>,
    /// Its variables.
    pub variables: Vec<VariableSummary>,
}

/// One server variable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VariableSummary {
    /// The name in the URL template.
    pub name: String,
    /// The value used when none is given.
    pub default: String,
    /// The values allowed (`enum`); empty when any value is.
    pub values: Vec<String>,
    /// The variable's `description`.
    pub description: Option<String>,
}

/// One security scheme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemeSummary {
    /// Its key in `components/securitySchemes`, which the client builder's `credential` takes.
    pub name: String,
    /// What kind of credential it is and where it is sent.
    pub kind: SchemeSummaryKind,
}

/// The kind of a security scheme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemeSummaryKind {
    /// An API key sent as the header, query parameter or cookie `name`.
    ApiKey {
        /// The header, query parameter or cookie name.
        name: String,
        /// `header`, `query` or `cookie`.
        location: String,
    },
    /// HTTP authentication: `basic`, or `bearer` (and other token schemes).
    Http {
        /// The scheme, as the document writes it.
        scheme: String,
    },
    /// OAuth 2.0: an access token sent as a bearer token.
    OAuth2,
    /// OpenID Connect: a token sent as a bearer token.
    OpenIdConnect,
}

/// One operation and the client method that calls it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OperationSummary {
    /// The HTTP method, upper case.
    pub method: String,
    /// The path template.
    pub path: String,
    /// The client method (`name_with` takes call options as well).
    pub fn_name: String,
    /// The operation's `summary`.
    pub summary: Option<String>,
    /// The method's path arguments, in order.
    pub path_args: Vec<String>,
    /// The struct of the other parameters, the argument that follows the path arguments.
    pub params_type: Option<String>,
    /// The request body's type (the last argument), if the operation takes a body.
    pub body_type: Option<String>,
    /// Whether the body must be given (otherwise the argument is an `Option`).
    pub body_required: bool,
    /// The enum of documented error responses.
    pub error_type: String,
    /// Its variants (`Status404`, `Status4XX`, `Default`), and whether each carries a body.
    pub error_variants: Vec<(String, bool)>,
}

/// The summary of a lowered module.
pub(crate) fn summarize(info: &openapiv3::Info, module: &Module) -> ApiSummary {
    ApiSummary {
        title: info.title.clone(),
        version: info.version.clone(),
        description: info
            .description
            .as_deref()
            .map(first_paragraph)
            .filter(|d| !d.is_empty()),
        servers: module.servers.iter().map(server).collect(),
        security_schemes: module
            .security_schemes
            .iter()
            .map(|s| SchemeSummary {
                name: s.key.clone(),
                kind: match &s.kind {
                    SchemeKind::ApiKey { name, location } => SchemeSummaryKind::ApiKey {
                        name: name.clone(),
                        location: location.word().to_owned(),
                    },
                    SchemeKind::Http { scheme, .. } => SchemeSummaryKind::Http {
                        scheme: scheme.clone(),
                    },
                    SchemeKind::OAuth2 => SchemeSummaryKind::OAuth2,
                    SchemeKind::OpenIdConnect { .. } => SchemeSummaryKind::OpenIdConnect,
                },
            })
            .collect(),
        client_args: client_args(module),
        operations: module
            .operations
            .iter()
            .map(|op| operation(module, op))
            .collect(),
        webhooks: module.webhooks.iter().map(|w| w.name.clone()).collect(),
    }
}

/// The constructor's arguments, as the client emitter writes them.
fn client_args(module: &Module) -> Vec<String> {
    let mut args: Vec<String> = module
        .servers
        .first()
        .map(|s| {
            s.variables
                .iter()
                .filter(|v| v.values.is_empty())
                .map(|v| field_name(&v.name))
                .collect()
        })
        .unwrap_or_default();
    if let [only] = module.security_schemes.as_slice() {
        match &only.kind {
            SchemeKind::Http { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => {
                args.extend(["username".to_owned(), "password".to_owned()]);
            }
            SchemeKind::ApiKey { .. } => args.push("api_key".to_owned()),
            _ => args.push("token".to_owned()),
        }
    }
    args
}

fn server(s: &ir::Server) -> ServerSummary {
    ServerSummary {
        url: s.url.clone(),
        description: s.description.as_deref().map(crate::docs::sanitize),
        variables: s
            .variables
            .iter()
            .map(|v| VariableSummary {
                name: v.name.clone(),
                default: v.default.clone(),
                values: v.values.clone(),
                description: v.description.as_deref().map(crate::docs::sanitize),
            })
            .collect(),
    }
}

fn operation(module: &Module, op: &ir::Operation) -> OperationSummary {
    // The method's locals, claimed as the client emitter claims them.
    let mut locals = Namespace::with_reserved(&[
        "params", "body", "options", "request", "raw", "self", "parts", "value",
    ]);
    OperationSummary {
        method: op.method.to_uppercase(),
        path: op.path.clone(),
        fn_name: op.fn_name.clone(),
        summary: op
            .heading
            .split_once("`: ")
            .map(|(_, summary)| summary.to_owned()),
        path_args: op
            .params
            .iter()
            .filter(|p| p.location == Location::Path)
            .map(|p| locals.claim(&p.rust_name, true))
            .collect(),
        params_type: op.params_type.map(|id| module.types[id].name.clone()),
        body_type: op.body.as_ref().map(|body| match &body.kind {
            ir::BodyKind::Json(ty)
            | ir::BodyKind::Form { ty, .. }
            | ir::BodyKind::Multipart { ty, .. } => type_text(module, ty),
            ir::BodyKind::Parts => "runtime::multipart::Multipart".to_owned(),
            ir::BodyKind::Text => "str".to_owned(),
            ir::BodyKind::Bytes => "[u8]".to_owned(),
        }),
        body_required: op.body.as_ref().is_some_and(|b| b.required),
        error_type: op.error_type.clone(),
        error_variants: op
            .responses
            .iter()
            .filter(|r| !r.is_success())
            .map(|r| (r.variant.clone(), r.payload() != ir::Payload::Empty))
            .collect(),
    }
}

/// A type as a reader writes it, without paths (`Vec<Pet>`, `serde_json::Value`).
fn type_text(module: &Module, ty: &Ty) -> String {
    match ty {
        Ty::Bool => "bool".to_owned(),
        Ty::I32 => "i32".to_owned(),
        Ty::I64 => "i64".to_owned(),
        Ty::F64 => "f64".to_owned(),
        Ty::String => "String".to_owned(),
        Ty::DateTime => "chrono::DateTime<chrono::FixedOffset>".to_owned(),
        Ty::Date => "chrono::NaiveDate".to_owned(),
        Ty::Uuid => "uuid::Uuid".to_owned(),
        Ty::Base64 => "runtime::Base64".to_owned(),
        Ty::Value => "serde_json::Value".to_owned(),
        Ty::Object => "serde_json::Map<String, serde_json::Value>".to_owned(),
        Ty::File { .. } => "runtime::FilePart".to_owned(),
        Ty::Vec(inner) => format!("Vec<{}>", type_text(module, inner)),
        Ty::Map(inner) => format!("BTreeMap<String, {}>", type_text(module, inner)),
        Ty::Option(inner) => format!("Option<{}>", type_text(module, inner)),
        Ty::Named(id) => module.types[*id].name.clone(),
    }
}

/// The first paragraph of a description, on one line, made rustdoc-clean.
fn first_paragraph(text: &str) -> String {
    let sanitized = crate::docs::sanitize(text);
    let mut lines = Vec::new();
    for line in sanitized.lines() {
        let line = line.trim();
        if line.is_empty() {
            if lines.is_empty() {
                continue;
            }
            break;
        }
        // A heading or a fenced block is not a paragraph of prose.
        if line.starts_with('#') || line.starts_with("```") || line.starts_with("~~~") {
            if lines.is_empty() {
                continue;
            }
            break;
        }
        lines.push(line);
    }
    lines.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_paragraph_is_one_line_of_prose() {
        assert_eq!(
            first_paragraph("# Pets\n\nManages pets\nand owners.\n\nMore text."),
            "Manages pets and owners."
        );
        assert_eq!(first_paragraph(""), "");
    }

    /// The names of a function's parameters in printed code, `self` left out.
    fn parameters(code: &str, signature: &str) -> Option<Vec<String>> {
        let start = code.find(signature)? + signature.len();
        let end = start + code[start..].find(") ->")?;
        Some(
            code[start..end]
                .split(',')
                .filter_map(|p| p.split_once(':').map(|(name, _)| name.trim().to_owned()))
                .collect(),
        )
    }

    /// The summary names the constructor's and each method's arguments as the printed code has
    /// them, for every fixture and vendor spec: the guide of a generated crate can be trusted.
    #[test]
    fn the_summary_names_the_arguments_the_code_has() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut specs = Vec::new();
        for dir in ["tests/fixtures", "specs"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "yaml") {
                    specs.push(path);
                }
            }
        }
        specs.sort();
        let mut operations = 0;
        for spec in &specs {
            let Ok(output) = crate::generate_output(spec, &crate::Settings::default()) else {
                continue;
            };
            let api = &output.api;
            if !api.operations.is_empty() {
                assert_eq!(
                    parameters(&output.code, "pub fn new(").as_ref(),
                    Some(&api.client_args),
                    "{}",
                    spec.display()
                );
            }
            for op in &api.operations {
                let mut expected = op.path_args.clone();
                expected.extend(op.params_type.as_ref().map(|_| "params".to_owned()));
                expected.extend(op.body_type.as_ref().map(|_| "body".to_owned()));
                let signature = format!("pub fn {}(", op.fn_name);
                let found = parameters(&output.code, &signature)
                    .unwrap_or_else(|| panic!("{}: no {signature}", spec.display()));
                assert_eq!(found, expected, "{}: {}", spec.display(), op.fn_name);
                operations += 1;
            }
        }
        assert!(operations > 50, "{operations} operations checked");
    }
}
