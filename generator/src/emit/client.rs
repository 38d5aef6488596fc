//! Emits the client half of a module: per operation an error enum (one variant per documented
//! error status, serialized as its body alone so that the runtime can show the vendor's
//! message) and a success enum when the success bodies differ, the `Client` type with its
//! constructors and the one-line `ApiClient` impl through which the runtime's
//! `ClientBuilder<Client>` builds it, and per operation a `Client` method, a plain function
//! returning the runtime's `Call` (a future, on which per-call options are set). The methods are
//! one `impl Client` block ([`METHODS_OPEN`], [`METHODS_CLOSE`]), and the client's items name
//! the runtime `rt`, which the module imports at its top.
//!
//! The constructors take the server variables that have no list of values, and the credential
//! when the API has exactly one security scheme. A method is one chain of `Request` calls, which
//! parameter goes where (checked against its rules: a path parameter's schema's, printed by
//! `constraints`, and its type's own `Validate`; the parameters struct's and the body's), then
//! `Client::call` with the status `match`: each status one arm calling the runtime
//! (`raw.success(Json)`, `raw.failure(Text, Error::Status404)`). How each parameter is written
//! (its style) is read by the runtime from the operation's description. All behaviour lives in
//! the runtime: nothing here sends, encodes, checks or decodes, and the code that does is not
//! generic over the operation, so it is compiled once.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::*;
use crate::names::{Namespace, field_name};

use super::common::{
    allow_deprecated, deprecated_attr, form_fields, ident, local_runtime, names_deprecated,
    outer_doc, ty_tokens, with_deprecation,
};
use super::constraints::{Patterns, rules};

/// The `Client` type, its constructors, and the one-line `ApiClient` impl through which the
/// runtime's `ClientBuilder<Client>` builds it.
pub(super) fn client_type(module: &Module, rt: &syn::Path) -> TokenStream {
    let path_rules = path_rules(module, rt);
    let rt = &local_runtime();
    let (args, setup) = constructor(module, rt);
    let call_args = arg_names(module);
    let schemes = module.security_schemes.iter().map(|s| &s.key);
    quote! {
        /// A client for this API: one async method per operation. Build one with `Client::new`,
        /// or configure `Client::builder` (base URL, timeout, retry policy, ...) and call its
        /// `build`.
        #[derive(Clone, Debug)]
        pub struct Client {
            inner: #rt::client::Client,
        }

        impl Client {
            /// A builder of this client, with this API's servers, the given server variables and
            /// credentials, and the default timeout and retry policy; its `build` returns the
            /// client.
            pub fn builder(#args) -> #rt::ClientBuilder<Self> {
                #rt::ClientBuilder::for_api(module_path!(), SERVERS, &[#(#schemes),*], concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")))
                    #setup
            }

            /// A client with the default settings; fails if a server variable or the base URL
            /// is invalid.
            pub fn new(#args) -> Result<Self, #rt::ConfigError> {
                Self::builder(#(#call_args),*).build()
            }

            /// A client from a configured builder: the same as the builder's `build`.
            pub fn from_builder(builder: #rt::ClientBuilder<Self>) -> Result<Self, #rt::ConfigError> {
                builder.build()
            }
        }

        impl #rt::ApiClient for Client {
            fn from_client(inner: #rt::client::Client) -> Self {
                Client { inner }
            }
        }

        #path_rules
    }
}

/// The text before the first client method: the methods are one `impl` block. Each method's
/// `decode` closure returns the runtime's `Error`, which clippy's `result_large_err` finds large
/// (it looks at closures too); it is the error every call returns, boxed nowhere. A method's
/// return type names the spec's response types, which `type_complexity` may find long (a list
/// of maps of objects): the spec chose them.
pub(crate) const METHODS_OPEN: &str =
    "#[allow(clippy::result_large_err, clippy::type_complexity)]\nimpl Client {\n";

/// The text after the last client method.
pub(crate) const METHODS_CLOSE: &str = "}\n";

/// The alias a path parameter's type names, when the parameter states no rule beyond the
/// alias's own: its rules are then the alias's `static` in the module's `path_rules`, shared by
/// every method (a name or an id in the path of most operations).
fn shared_rules(module: &Module, p: &Param) -> Option<TypeId> {
    let Ty::Named(id) = p.ty else {
        return None;
    };
    let TypeKind::Alias(_) = module.types[id].kind else {
        return None;
    };
    let own = rules(module, &p.ty, &p.constraints, &mut Patterns::default())?;
    let alias = rules(
        module,
        &p.ty,
        &module.types[id].constraints,
        &mut Patterns::default(),
    )?;
    (own.to_string() == alias.to_string()).then_some(id)
}

/// The `path_rules` module: the rules of every alias [`shared_rules`] finds, one `static` each,
/// named as the alias.
fn path_rules(module: &Module, rt: &syn::Path) -> TokenStream {
    let mut aliases: Vec<TypeId> = module
        .operations
        .iter()
        .flat_map(|op| &op.params)
        .filter(|p| p.location == Location::Path)
        .filter_map(|p| shared_rules(module, p))
        .collect();
    aliases.sort_unstable();
    aliases.dedup();
    if aliases.is_empty() {
        return quote!();
    }
    let mut patterns = Patterns::default();
    let statics: Vec<TokenStream> = aliases
        .iter()
        .filter_map(|&id| {
            let def = &module.types[id];
            let rules = rules(module, &Ty::Named(id), &def.constraints, &mut patterns)?;
            let name = ident(&def.name);
            Some(quote!(pub(super) static #name: v::Rules<'static> = #rules;))
        })
        .collect();
    let patterns = patterns.declarations();
    quote! {
        /// The rules of path parameters whose type is an alias with constraints, named as the
        /// alias, which every method with such a parameter checks it against.
        #[allow(non_upper_case_globals)]
        mod path_rules {
            use #rt::validate as v;
            #patterns
            #(#statics)*
        }
    }
}

/// Server variables without a fixed list of values (an account's subdomain, say) are arguments;
/// the others keep their defaults unless set on the builder.
fn required_variables(module: &Module) -> Vec<&ServerVariable> {
    module
        .servers
        .first()
        .map(|s| s.variables.iter().filter(|v| v.values.is_empty()).collect())
        .unwrap_or_default()
}

/// The credential arguments: only when the API has exactly one security scheme.
fn single_scheme(module: &Module) -> Option<&SecurityScheme> {
    match module.security_schemes.as_slice() {
        [only] => Some(only),
        _ => None,
    }
}

pub(super) fn arg_names(module: &Module) -> Vec<proc_macro2::Ident> {
    let mut names: Vec<_> = required_variables(module)
        .iter()
        .map(|v| ident(&field_name(&v.name)))
        .collect();
    match single_scheme(module).map(|s| &s.kind) {
        Some(SchemeKind::Http { scheme, .. }) if scheme.eq_ignore_ascii_case("basic") => {
            names.push(format_ident!("username"));
            names.push(format_ident!("password"));
        }
        Some(SchemeKind::ApiKey { .. }) => names.push(format_ident!("api_key")),
        Some(_) => names.push(format_ident!("token")),
        None => {}
    }
    names
}

/// The arguments of `builder`/`new`, and the builder calls they turn into.
fn constructor(module: &Module, rt: &syn::Path) -> (TokenStream, TokenStream) {
    let mut args = Vec::new();
    let mut setup = Vec::new();
    for variable in required_variables(module) {
        let arg = ident(&field_name(&variable.name));
        let name = &variable.name;
        args.push(quote!(#arg: &str));
        setup.push(quote!(.server_variable(#name, #arg)));
    }
    if let Some(scheme) = single_scheme(module) {
        let key = &scheme.key;
        match &scheme.kind {
            SchemeKind::Http { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => {
                args.push(quote!(username: impl Into<String>, password: impl Into<#rt::Secret>));
                setup.push(quote!(.credential(#key, #rt::Credential::Basic { username: username.into(), password: password.into() })));
            }
            SchemeKind::ApiKey { .. } => {
                args.push(quote!(api_key: impl Into<#rt::Secret>));
                setup.push(quote!(.credential(#key, #rt::Credential::Token(api_key.into()))));
            }
            _ => {
                args.push(quote!(token: impl Into<#rt::Secret>));
                setup.push(quote!(.credential(#key, #rt::Credential::Token(token.into()))));
            }
        }
    }
    (quote!(#(#args),*), quote!(#(#setup)*))
}

fn payload_tokens(module: &Module, payload: &Payload, rt: &syn::Path) -> TokenStream {
    match payload {
        Payload::Json(ty) => ty_tokens(module, ty, rt),
        Payload::Text => quote!(String),
        Payload::Bytes => quote!(Vec<u8>),
        Payload::Empty => quote!(()),
    }
}

fn response_doc(r: &Response) -> String {
    let status = match r.status {
        Status::Code(c) => c.to_string(),
        Status::Range(d) => format!("{d}XX"),
        Status::Default => "default".to_owned(),
    };
    let description = r
        .description
        .lines()
        .next()
        .unwrap_or("")
        .replace('[', "\\[")
        .replace(']', "\\]");
    format!("`{status}`: {description}")
}

/// The error enum of an operation, and its success enum when it needs one.
pub(super) fn response_enums(module: &Module, op: &Operation, rt: &syn::Path) -> TokenStream {
    let variants = |responses: Vec<&Response>| -> Vec<TokenStream> {
        responses
            .into_iter()
            .map(|r| {
                let name = ident(&r.variant);
                let doc = outer_doc(&response_doc(r));
                match r.payload() {
                    Payload::Empty => quote!(#doc #name),
                    payload => {
                        let allow = allow_deprecated(
                            matches!(&payload, Payload::Json(ty) if names_deprecated(module, ty)),
                        );
                        let ty = payload_tokens(module, &payload, rt);
                        quote!(#doc #allow #name(#ty))
                    }
                }
            })
            .collect()
    };
    // Variants of different sizes are what clippy's `large_enum_variant` is about.
    let sized = |success: bool| {
        let with_body = op
            .responses
            .iter()
            .any(|r| r.is_success() == success && r.payload() != Payload::Empty);
        with_body.then(|| quote!(#[allow(clippy::large_enum_variant)]))
    };
    let error_name = ident(&op.error_type);
    let error_allow = sized(false);
    let error_variants = variants(op.responses.iter().filter(|r| !r.is_success()).collect());
    let shared = module.operations.iter().any(|o| {
        o.errors_of
            .is_some_and(|i| module.operations[i].id == op.id)
    });
    let error_doc = outer_doc(&format!(
        "The documented error responses of `{}`{}, each with its decoded body. It serializes as \
         its body alone, which is where the runtime's `Error` finds the message it displays.",
        op.id,
        if shared {
            " and of the operations whose error type is an alias of it"
        } else {
            ""
        }
    ));
    let success = op.success_type.as_ref().map(|name| {
        let name = ident(name);
        let doc = outer_doc(&format!("The documented success responses of `{}`.", op.id));
        let success_variants = variants(op.responses.iter().filter(|r| r.is_success()).collect());
        let allow = sized(true);
        quote! {
            #doc
            #[derive(Clone, Debug, PartialEq)]
            #allow
            pub enum #name { #(#success_variants,)* }
        }
    });
    // Operations documenting the same error responses share the first one's enum.
    if let Some(first) = op.errors_of.map(|i| &module.operations[i]) {
        let doc = outer_doc(&format!(
            "The documented error responses of `{}`: the same as `{}`'s, so the same enum.",
            op.id, first.id
        ));
        let first = ident(&first.error_type);
        return quote! {
            #doc
            pub type #error_name = #first;
            #success
        };
    }
    quote! {
        #error_doc
        #[derive(Clone, Debug, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        #error_allow
        pub enum #error_name { #(#error_variants,)* }
        #success
    }
}

/// The match arm pattern of a status: codes before ranges before `default`.
fn status_pattern(status: Status) -> TokenStream {
    match status {
        Status::Code(c) => {
            let c = proc_macro2::Literal::u16_unsuffixed(c);
            quote!(#c)
        }
        Status::Range(d) => {
            let (low, high) = (
                proc_macro2::Literal::u16_unsuffixed(d * 100),
                proc_macro2::Literal::u16_unsuffixed(d * 100 + 99),
            );
            quote!(#low..=#high)
        }
        Status::Default => quote!(_),
    }
}

/// The type a body argument borrows, and the expression that sets `body` on `request`.
fn body_encoding(module: &Module, body: &Body, rt: &syn::Path) -> (TokenStream, TokenStream) {
    let content_type = &body.content_type;
    match &body.kind {
        BodyKind::Json(ty) => (
            ty_tokens(module, ty, rt),
            quote!(request.json_body(#content_type, body)),
        ),
        BodyKind::Form { ty, fields } => {
            let fields = form_fields(fields, rt);
            (
                ty_tokens(module, ty, rt),
                quote!(request.form_body(#content_type, body, #fields)),
            )
        }
        BodyKind::Multipart { ty, parts } => {
            let adds = parts.iter().map(|part| {
                let name = &part.wire;
                let field = ident(&part.field);
                let method = format_ident!(
                    "{}",
                    match part.kind {
                        PartKind::Text => "text",
                        PartKind::Texts => "texts",
                        PartKind::File => "file",
                        PartKind::Files => "files",
                        PartKind::Base64 => "base64",
                        PartKind::Base64s => "base64s",
                        PartKind::Json => "json",
                    }
                );
                let content_type = part
                    .content_type
                    .as_ref()
                    .map(|ct| quote!(.content_type(#ct)));
                let headers = part
                    .headers
                    .iter()
                    .map(|(name, value)| quote!(.header(#name, #value)));
                let add = |value: TokenStream| {
                    quote!(parts.#method(#name, #value) #content_type #(#headers)*;)
                };
                if part.required {
                    add(quote!(&body.#field))
                } else {
                    let add = add(quote!(value));
                    quote! {
                        if let Some(value) = &body.#field {
                            #add
                        }
                    }
                }
            });
            (
                ty_tokens(module, ty, rt),
                quote! {{
                    let mut parts = #rt::multipart::Multipart::new();
                    #(#adds)*
                    request.multipart_body(parts)
                }},
            )
        }
        BodyKind::Parts => (
            quote!(#rt::multipart::Multipart),
            quote!(request.multipart_body(body.clone())),
        ),
        BodyKind::Text => (quote!(str), quote!(request.text_body(#content_type, body))),
        BodyKind::Bytes => (
            quote!([u8]),
            quote!(request.bytes_body(#content_type, body)),
        ),
    }
}

pub(super) fn method(module: &Module, op: &Operation, rt: &syn::Path) -> TokenStream {
    let mut locals =
        Namespace::with_reserved(&["params", "body", "request", "raw", "self", "parts", "value"]);
    let path_params: Vec<(&Param, proc_macro2::Ident)> = op
        .params
        .iter()
        .filter(|p| p.location == Location::Path)
        .map(|p| (p, ident(&locals.claim(&p.rust_name, true))))
        .collect();
    let path_args: Vec<TokenStream> = path_params
        .iter()
        .map(|(p, arg)| {
            let ty = match &p.ty {
                Ty::String => quote!(&str),
                Ty::Vec(item) => {
                    let item = ty_tokens(module, item, rt);
                    quote!(&[#item])
                }
                Ty::Bool | Ty::I32 | Ty::I64 | Ty::F64 | Ty::Uuid | Ty::Date | Ty::DateTime => {
                    ty_tokens(module, &p.ty, rt)
                }
                other => {
                    let ty = ty_tokens(module, other, rt);
                    quote!(&#ty)
                }
            };
            quote!(#arg: #ty,)
        })
        .collect();
    // Every constraint of the spec is checked before anything is sent, and every violation is
    // reported at once: path parameters under `/path`, the others under `/params`, the body at
    // the root (the request records them in that order, as the calls below are made).
    let mut patterns = Patterns::default();
    // The distinct rules of the method's path parameters, each a `static` of its own.
    let mut rule_sets: Vec<(String, TokenStream)> = Vec::new();
    let path_calls: Vec<TokenStream> = path_params
        .iter()
        .map(|(p, arg)| {
            let name = &p.name;
            if let Some(alias) = shared_rules(module, p) {
                let alias = ident(&module.types[alias].name);
                return quote!(.path_checked(#name, &#arg, &path_rules::#alias));
            }
            let rules = rules(module, &p.ty, &p.constraints, &mut patterns);
            // An object or enum checks its own members and values.
            let rules = match rules {
                Some(rules) => rules,
                None if p.ty.has_checks(&module.types) => quote!(v::Rules::NONE),
                None => return quote!(.path_param(#name, &#arg)),
            };
            let text = rules.to_string();
            let index = match rule_sets.iter().position(|(t, _)| *t == text) {
                Some(index) => index,
                None => {
                    rule_sets.push((text, rules));
                    rule_sets.len() - 1
                }
            };
            let rules = format_ident!("RULES_{index}");
            quote!(.path_checked(#name, &#arg, &#rules))
        })
        .collect();
    let (params_arg, params_calls) = match op.params_type {
        Some(id) => {
            let ty = ident(&module.types[id].name);
            let TypeKind::Struct(_) = &module.types[id].kind else {
                return quote!();
            };
            let supplied = op
                .params
                .iter()
                .filter(|p| p.location != Location::Path && p.constant.is_none());
            let calls = supplied.map(|p| {
                let field = ident(&p.rust_name);
                let name = &p.name;
                // The style is in the operation's description; the runtime reads it there.
                let call = match p.location {
                    Location::Query => "query",
                    Location::Header => "header",
                    Location::Cookie => "cookie",
                    Location::Path => "path_param",
                };
                if p.required {
                    let call = format_ident!("{call}");
                    quote!(.#call(#name, &params.#field))
                } else {
                    let call = format_ident!("{call}_opt");
                    quote!(.#call(#name, params.#field.as_ref()))
                }
            });
            let check = module.types[id]
                .checks
                .then(|| quote!(.params_checked(params)));
            (quote!(params: &#ty,), quote!(#(#calls)* #check))
        }
        None => (quote!(), quote!()),
    };
    // The body's own schema may state constraints its type cannot check: an array, map or
    // string body, in place or a `$ref` to an alias of one.
    let body_check = op
        .body
        .as_ref()
        .and_then(|b| Some((b, b.ty()?)))
        .and_then(
            |(body, ty)| match rules(module, ty, &body.constraints, &mut patterns) {
                Some(rules) => Some(quote!(.body_checked(&body, &#rules))),
                None if ty.has_checks(&module.types) => {
                    Some(quote!(.body_checked(&body, &v::Rules::NONE)))
                }
                None => None,
            },
        );
    let (body_arg, body_call) = match &op.body {
        Some(body) => {
            let (ty, encode) = body_encoding(module, body, rt);
            if body.required {
                (quote!(body: &#ty,), quote!(let request = #encode;))
            } else {
                (
                    quote!(body: Option<&#ty>,),
                    quote! {
                        let request = match body {
                            Some(body) => #encode,
                            None => request,
                        };
                    },
                )
            }
        }
        None => (quote!(), quote!()),
    };
    // The rules are written with the runtime's `validate` items, which the module imports as
    // `v`.
    let patterns = patterns.declarations();
    let rule_sets = rule_sets.iter().enumerate().map(|(index, (_, rules))| {
        let name = format_ident!("RULES_{index}");
        quote!(static #name: v::Rules<'static> = #rules;)
    });
    let rules_scope = quote!(#patterns #(#rule_sets)*);
    let success_ty = success_type(module, op, rt);
    let error_ty = ident(&op.error_type);
    let mut ordered: Vec<&Response> = op.responses.iter().collect();
    ordered.sort_by_key(|r| match r.status {
        Status::Code(_) => 0,
        Status::Range(_) => 1,
        Status::Default => 2,
    });
    // Each arm is one call: the runtime reads the body (`Json`, `Text` or `Bytes`) and wraps it.
    let arms: Vec<TokenStream> = ordered
        .iter()
        .map(|r| {
            let pattern = status_pattern(r.status);
            let read = match r.payload() {
                Payload::Json(_) => Some(quote!(#rt::Json)),
                Payload::Text => Some(quote!(#rt::Text)),
                Payload::Bytes => Some(quote!(#rt::Bytes)),
                Payload::Empty => None,
            };
            let variant = ident(&r.variant);
            let value = match (r.is_success(), &op.success_type, read) {
                (true, None, Some(read)) => quote!(raw.success(#read)),
                (true, None, None) => quote!(Ok(raw.into_response(()))),
                (true, Some(name), Some(read)) => {
                    let name = ident(name);
                    quote!(raw.success_as(#read, #name::#variant))
                }
                (true, Some(name), None) => {
                    let name = ident(name);
                    quote!(Ok(raw.into_response(#name::#variant)))
                }
                (false, _, Some(read)) => quote!(raw.failure(#read, #error_ty::#variant)),
                (false, _, None) => quote!(Err(raw.into_api_error(#error_ty::#variant))),
            };
            quote!(#pattern => #value,)
        })
        .chain(
            (!op.responses.iter().any(|r| r.status == Status::Default))
                .then(|| quote!(_ => Err(raw.into_unexpected()),)),
        )
        .collect();
    let fn_name = ident(&op.fn_name);
    let const_name = ident(&op.const_name);
    let args =
        path_params.len() + usize::from(op.params_type.is_some()) + usize::from(op.body.is_some());
    // The method names its parameter, body and response types.
    let mut named: Vec<&Ty> = op.params.iter().map(|p| &p.ty).collect();
    named.extend(op.body.as_ref().and_then(Body::ty));
    named.extend(op.responses.iter().filter_map(|r| r.ty.as_ref()));
    let params_ty = op.params_type.map(Ty::Named);
    named.extend(params_ty.as_ref());
    // A deprecated parameter is a deprecated field of the parameters struct, which the method
    // reads. A match on nothing but `_` is what clippy's `match_single_binding` is about; each
    // path parameter is an argument of its own, so with `self` a path of many parameters passes
    // `too_many_arguments`' 7.
    let mut lints = Vec::new();
    if op.deprecated
        || op.params.iter().any(|p| p.deprecated)
        || named.into_iter().any(|ty| names_deprecated(module, ty))
    {
        lints.push(quote!(deprecated));
    }
    if arms.len() == 1 {
        lints.push(quote!(clippy::match_single_binding));
    }
    if args + 1 > 7 {
        lints.push(quote!(clippy::too_many_arguments));
    }
    let allow = (!lints.is_empty()).then(|| quote!(#[allow(#(#lints),*)]));
    let retry_note = if op.idempotent {
        "Idempotent: retried on timeouts, dropped connections and 5xx responses, per the retry policy."
    } else {
        "Not idempotent: retried only when the server certainly did not act (429, or a connection that never opened)."
    };
    let doc = outer_doc(&with_deprecation(
        &format!("{}\n\n{retry_note} {OPTIONS_NOTE}", op.doc),
        op.deprecated,
    ));
    let deprecated = deprecated_attr(op.deprecated);
    // A future borrowing only the client: arguments are read when the method is called.
    quote! {
        #doc
        #deprecated
        #allow
        pub fn #fn_name(&self, #(#path_args)* #params_arg #body_arg) -> #rt::Call<'_, impl #rt::Decode<#success_ty, #error_ty> + use<>> {
            #rules_scope
            let request = #rt::client::Request::new(&operations::#const_name)
                #(#path_calls)*
                #params_calls
                #body_check;
            #body_call
            let decode = |raw: #rt::RawResponse| match raw.status.as_u16() {
                #(#arms)*
            };
            self.inner.call(request, decode)
        }
    }
}

/// How every method's doc says to set per-call options.
const OPTIONS_NOTE: &str = "Per-call options (timeout, retry policy): `.options(&CallOptions { .. })` on the returned call, before awaiting it.";

/// The type a successful call returns: the success enum when the operation's success bodies
/// differ, else the first success's payload, else `()`.
pub(super) fn success_type(module: &Module, op: &Operation, rt: &syn::Path) -> TokenStream {
    let first = op.responses.iter().find(|r| r.is_success());
    match (&op.success_type, first) {
        (Some(name), _) => {
            let name = ident(name);
            quote!(#name)
        }
        (None, Some(first)) => payload_tokens(module, &first.payload(), rt),
        (None, None) => quote!(()),
    }
}
