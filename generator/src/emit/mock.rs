//! Emits the module's `mock` module, compiled only with the generated crate's `mock` feature:
//! a `MockServer` over the runtime's `mock::MockApi`, with a `client` (and `client_builder`)
//! pointed at it, and one method per operation that names the operation's body, success and
//! error types, how its body is read (JSON or form decoded into its type, and checked against
//! its constraints when the type has any; multipart with its required parts; text; bytes), and
//! how its success is sent (one JSON or empty response under one status by the runtime's
//! `json_at` or `empty_at`). Each response enum says how its values are sent (status and media
//! type) in one impl of the runtime's `mock::Answers`, which every operation sharing the enum
//! uses. The module imports the runtime's `mock` module as `rt` and the `operations` module as
//! `ops`, which keeps each expectation on a few lines.
//!
//! Only declarations: matching, checking requests against the spec and answering are the
//! runtime's (`runtime::mock`). Nothing here is compiled without the feature.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::*;

use super::common::{form_fields, ident, outer_doc, ty_tokens};

/// The body type an expectation hands back, and how the runtime reads it.
fn body_check(module: &Module, body: Option<&Body>, rt: &syn::Path) -> (TokenStream, TokenStream) {
    let Some(body) = body else {
        return (quote!(()), quote!(rt::no_body()));
    };
    let typed = |ty: &Ty, plain: &str, fields: Option<TokenStream>| {
        let tokens = ty_tokens(module, ty, rt);
        let reader = if ty.has_checks(&module.types) {
            format_ident!("{plain}_checked")
        } else {
            format_ident!("{plain}")
        };
        (tokens, quote!(rt::#reader(#fields)))
    };
    match &body.kind {
        BodyKind::Json(ty) => typed(ty, "json", None),
        BodyKind::Form { ty, fields } => typed(ty, "form", Some(form_fields(fields, rt))),
        BodyKind::Multipart { parts, .. } => {
            let required = parts.iter().filter(|p| p.required).map(|p| &p.wire);
            (
                quote!(Vec<rt::Part>),
                quote!(rt::multipart(&[#(#required),*])),
            )
        }
        BodyKind::Parts => (quote!(Vec<rt::Part>), quote!(rt::multipart(&[]))),
        BodyKind::Text => (quote!(String), quote!(rt::text())),
        BodyKind::Bytes => (quote!(Vec<u8>), quote!(rt::bytes())),
    }
}

/// How the response `r` is sent with `value` as its body: its status (`None` for a range or
/// `default`) and media type. `rt` is the runtime's `mock` module, imported as `rt`.
fn answer(r: &Response, value: TokenStream) -> TokenStream {
    let status = match r.status {
        Status::Code(code) => {
            let code = proc_macro2::Literal::u16_unsuffixed(code);
            quote!(Some(#code))
        }
        Status::Range(_) | Status::Default => quote!(None),
    };
    let content_type = |fallback: &str| r.content_type.clone().unwrap_or(fallback.to_owned());
    match r.payload() {
        Payload::Json(_) => {
            let content_type = content_type("application/json");
            quote!(rt::Answer::json(#status, #content_type, #value))
        }
        Payload::Text => {
            let content_type = content_type("text/plain");
            quote!(rt::Answer::text(#status, #content_type, #value))
        }
        Payload::Bytes => {
            let content_type = content_type("application/octet-stream");
            quote!(rt::Answer::bytes(#status, #content_type, #value))
        }
        Payload::Empty => quote!(rt::Answer::empty(#status)),
    }
}

/// The runtime's `Answers` for a response enum: one arm per response, its value sent as that
/// response says.
fn answers_impl<'r>(name: &str, responses: impl Iterator<Item = &'r Response>) -> TokenStream {
    let name = ident(name);
    let arms = responses.map(|r| {
        let variant = ident(&r.variant);
        match r.payload() {
            Payload::Empty => {
                let answer = answer(r, quote!(()));
                quote!(Self::#variant => #answer,)
            }
            _ => {
                let answer = answer(r, quote!(body));
                quote!(Self::#variant(ref body) => #answer,)
            }
        }
    });
    quote! {
        impl rt::Answers for #name {
            fn answer(&self) -> rt::Answer {
                match *self { #(#arms)* }
            }
        }
    }
}

/// The function that turns a success of `op` into its answer: the success enum's `Answers`,
/// the runtime's `json_at` or `empty_at` for one JSON or empty response under one status, or a
/// closure.
fn success_answer(op: &Operation) -> TokenStream {
    let mut successes = op.responses.iter().filter(|r| r.is_success()).peekable();
    match (&op.success_type, successes.peek()) {
        (Some(_), _) => quote!(rt::Answers::answer),
        (None, Some(first)) => match (first.payload(), first.status) {
            (Payload::Json(_), Status::Code(code))
                if first
                    .content_type
                    .as_deref()
                    .is_none_or(|t| t == "application/json") =>
            {
                let code = proc_macro2::Literal::u16_unsuffixed(code);
                quote!(rt::json_at::<_, #code>)
            }
            (Payload::Empty, Status::Code(code)) => {
                let code = proc_macro2::Literal::u16_unsuffixed(code);
                quote!(rt::empty_at::<_, #code>)
            }
            (Payload::Empty, _) => quote!(|_| rt::Answer::empty(None)),
            _ => {
                let answer = answer(first, quote!(body));
                quote!(|body| #answer)
            }
        },
        (None, None) => quote!(|_| rt::Answer::empty(None)),
    }
}

/// The `Answers` impls of the module: one per error enum (shared ones once) and one per success
/// enum.
fn answers_impls(module: &Module) -> impl Iterator<Item = TokenStream> + '_ {
    module.operations.iter().flat_map(|op| {
        let errors = op.errors_of.is_none().then(|| {
            answers_impl(
                &op.error_type,
                op.responses.iter().filter(|r| !r.is_success()),
            )
        });
        let successes = op
            .success_type
            .as_deref()
            .map(|name| answers_impl(name, op.responses.iter().filter(|r| r.is_success())));
        errors.into_iter().chain(successes)
    })
}

/// One `MockServer` method: the expectation of one operation.
fn expect_method(module: &Module, op: &Operation, rt: &syn::Path) -> TokenStream {
    let (body_ty, body_check) = body_check(module, op.body.as_ref(), rt);
    let success_ty = super::client::success_type(module, op, rt);
    let error_ty = ident(&op.error_type);
    let success = success_answer(op);
    let fn_name = ident(&op.fn_name);
    let const_name = ident(&op.const_name);
    let doc = outer_doc(&format!("An expectation of `{}` ({}).", op.id, op.heading));
    quote! {
        #doc
        pub fn #fn_name(&self) -> rt::Expect<'_, #body_ty, #success_ty, #error_ty> {
            self.0.expect(&ops::#const_name, #body_check, #success)
        }
    }
}

/// `client_builder`: `Client::builder` with the placeholder for each of its arguments, and a
/// placeholder credential for each scheme when there are several (one is an argument).
fn client_builder(module: &Module, rt: &syn::Path) -> TokenStream {
    let placeholders = super::client::arg_names(module)
        .into_iter()
        .map(|_| quote!(rt::PLACEHOLDER));
    let credentials = module
        .security_schemes
        .iter()
        .filter(|_| module.security_schemes.len() > 1)
        .map(|scheme| {
            let key = &scheme.key;
            let credential = match &scheme.kind {
                SchemeKind::Http { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => quote! {
                    #rt::Credential::Basic {
                        username: rt::PLACEHOLDER.into(),
                        password: rt::PLACEHOLDER.into(),
                    }
                },
                _ => quote!(#rt::Credential::Token(rt::PLACEHOLDER.into())),
            };
            quote!(.credential(#key, #credential))
        });
    quote! {
        Client::builder(#(#placeholders),*)
            .base_url(self.uri())
            .allow_insecure_http()
            #(#credentials)*
    }
}

/// The `mock` module: the `MockServer` of this API.
pub(super) fn mock_module(module: &Module, rt: &syn::Path) -> TokenStream {
    let methods = module
        .operations
        .iter()
        .map(|op| expect_method(module, op, rt));
    let builder = client_builder(module, rt);
    let answers = answers_impls(module);
    let all = super::describe::all_name(module);
    quote! {
        /// A mock server that speaks this API, for tests (feature `mock`): a client pointed at
        /// it in one call, expectations per operation in this module's types, and a 4xx naming
        /// the problem for a request that breaks the spec.
        #[cfg(feature = "mock")]
        #[allow(deprecated)]
        pub mod mock {
            use super::*;
            use super::operations as ops;
            use #rt::mock as rt;

            /// A mock server of this API on loopback: [`MockServer::client`] is a client pointed
            /// at it. Each operation's method starts an expectation: narrow it with `path_param`
            /// and `with_query`, answer it with `respond` (a success, under its documented
            /// status), `fail` (a documented error) or `respond_json`, and read the bodies it
            /// received.
            #[derive(Debug)]
            pub struct MockServer(rt::MockApi);

            // An expectation's type names the spec's types, which may be long.
            #[allow(clippy::type_complexity)]
            impl MockServer {
                /// Starts a server that answers every request no expectation answers with a
                /// 404, 405 or 501 saying why.
                pub async fn start() -> Self {
                    MockServer(rt::MockApi::start(ops::#all).await)
                }

                /// The server's base URL.
                pub fn uri(&self) -> String {
                    self.0.uri()
                }

                /// A client of this API pointed at this server: the client `client_builder`
                /// builds.
                ///
                /// # Panics
                ///
                /// If the client does not build, which a builder of this server's own URL
                /// never causes.
                pub fn client(&self) -> Client {
                    match self.client_builder().build() {
                        Ok(client) => client,
                        Err(error) => panic!("a client of the mock server does not build: {error}"),
                    }
                }

                /// A builder of a client pointed at this server: its base URL, plain `http`
                /// allowed, and a placeholder credential for each security scheme (the server
                /// accepts any credential sent where its scheme says). Set anything else (your
                /// own credential, a retry policy, a timeout) before `build`.
                pub fn client_builder(&self) -> #rt::ClientBuilder<Client> {
                    #builder
                }

                /// The runtime's mock server, and through it the `wiremock` server.
                pub fn api(&self) -> &rt::MockApi {
                    &self.0
                }

                #(#methods)*
            }

            #(#answers)*
        }
    }
}
