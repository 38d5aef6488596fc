//! Emits the module's `mock` module, compiled only with the generated crate's `mock` feature:
//! a `MockServer` over the runtime's `mock::MockApi`, with one method per operation that names
//! the operation's body, success and error types, how its body is read (JSON, checked against
//! its constraints when its type has any), and the status of each documented error.
//!
//! Only declarations: matching, checking requests against the spec and answering are the
//! runtime's (`runtime::mock`). Nothing here is compiled without the feature.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::*;

use super::common::{ident, outer_doc, ty_tokens};

/// One `MockServer` method: the expectation of one operation.
fn expect_method(module: &Module, op: &Operation, rt: &syn::Path) -> TokenStream {
    let (body_ty, body_check) = match &op.body {
        Some(Body {
            kind: BodyKind::Json(ty),
            ..
        }) => {
            let tokens = ty_tokens(module, ty, rt);
            let check = if ty.has_checks(&module.types) {
                quote!(#rt::mock::json_checked::<#tokens>())
            } else {
                quote!(#rt::mock::json::<#tokens>())
            };
            (tokens, check)
        }
        Some(_) => (quote!(Vec<u8>), quote!(#rt::mock::raw())),
        None => (quote!(()), quote!(#rt::mock::no_body())),
    };
    let success_ty = super::client::success_type(module, op, rt);
    let error_ty = ident(&op.error_type);
    let arms = op.responses.iter().filter(|r| !r.is_success()).map(|r| {
        let variant = ident(&r.variant);
        let pattern = match r.payload() {
            Payload::Empty => quote!(#error_ty::#variant),
            _ => quote!(#error_ty::#variant(..)),
        };
        let status = match r.status {
            Status::Code(code) => {
                let code = proc_macro2::Literal::u16_unsuffixed(code);
                quote!(Some(#code))
            }
            Status::Range(_) | Status::Default => quote!(None),
        };
        quote!(#pattern => #status,)
    });
    let fn_name = ident(&op.fn_name);
    let const_name = ident(&op.const_name);
    let doc = outer_doc(&format!(
        "An expectation of `{}` ({}): answer it with `respond` (the success body), `fail` (a \
         documented error of `{}`) or `respond_json`, and read the bodies it received.",
        op.id, op.heading, op.error_type
    ));
    quote! {
        #doc
        pub fn #fn_name(&self) -> #rt::mock::Expect<'_, #body_ty, #success_ty, #error_ty> {
            self.0.expect(&operations::#const_name, #body_check, |error| match *error {
                #(#arms)*
            })
        }
    }
}

/// The `mock` module: the `MockServer` of this API.
pub(super) fn mock_module(module: &Module, rt: &syn::Path) -> TokenStream {
    let consts = module
        .operations
        .iter()
        .map(|op| format_ident!("{}", op.const_name));
    let methods = module
        .operations
        .iter()
        .map(|op| expect_method(module, op, rt));
    quote! {
        /// A mock server that speaks this API, for tests (feature `mock`): expectations per
        /// operation in this module's types, and a 4xx naming the problem for a request that
        /// breaks the spec.
        #[cfg(feature = "mock")]
        #[allow(deprecated)]
        pub mod mock {
            use super::*;

            /// A mock server of this API on loopback: point a client at [`MockServer::uri`]
            /// (with `allow_insecure_http`), and set what each operation answers.
            #[derive(Debug)]
            pub struct MockServer(#rt::mock::MockApi);

            impl MockServer {
                /// Starts a server that answers every request no expectation answers with a
                /// 404, 405 or 501 saying why.
                pub async fn start() -> Self {
                    MockServer(#rt::mock::MockApi::start(&[#(&operations::#consts),*]).await)
                }

                /// The server's base URL.
                pub fn uri(&self) -> String {
                    self.0.uri()
                }

                /// The runtime's mock server, and through it the `wiremock` server.
                pub fn api(&self) -> &#rt::mock::MockApi {
                    &self.0
                }

                #(#methods)*
            }
        }
    }
}
