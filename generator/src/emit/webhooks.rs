//! Emits the `webhooks` module, for a document with webhooks (3.1 `webhooks`, 3.0 `x-webhooks`):
//! a `Webhook` enum with one variant per webhook holding its typed payload, the webhooks' names,
//! and `decode`, which decodes a body by the webhook's name through the runtime's `webhook`
//! module. `print` compiles it under the `webhooks` feature (`emit::feature_of`).
//!
//! Declarations only: the webhooks were listed by `lower`, and decoding is the runtime's. No
//! client method: the API calls webhooks, the client does not.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::*;

use super::common::{allow_deprecated, ident, names_deprecated, outer_doc, ty_tokens};

/// The `webhooks` module, or nothing when the document has no webhooks.
pub(super) fn webhooks_module(module: &Module, rt: &syn::Path) -> TokenStream {
    if module.webhooks.is_empty() {
        return quote!();
    }
    // The module is one level down: a relative path to the runtime starts at `super`. The
    // payloads are named types of the module above.
    let relative = rt.leading_colon.is_none()
        && rt
            .segments
            .first()
            .is_some_and(|s| s.ident != "crate" && s.ident != "super");
    let runtime = if relative {
        quote!(super::#rt)
    } else {
        quote!(#rt)
    };
    let names: Vec<&str> = module.webhooks.iter().map(|w| w.name.as_str()).collect();
    let variants = module.webhooks.iter().map(|w| {
        let variant = ident(&w.variant);
        let ty = ty_tokens(module, &w.ty, rt);
        let doc = outer_doc(&format!(
            "The body of the `{}` webhook.",
            w.name.replace('`', "'")
        ));
        let allow = allow_deprecated(names_deprecated(module, &w.ty));
        quote!(#doc #allow #variant(super::#ty))
    });
    let arms = module.webhooks.iter().map(|w| {
        let variant = ident(&w.variant);
        let name = &w.name;
        quote!(#name => #runtime::webhook::decode(name, body).map(Webhook::#variant))
    });
    let allow = allow_deprecated(
        module
            .webhooks
            .iter()
            .any(|w| names_deprecated(module, &w.ty)),
    );
    quote! {
        /// The webhooks this API sends (the document's `webhooks`, or `x-webhooks` in OpenAPI
        /// 3.0): [`decode`](webhooks::decode) reads the body of one, by its name, into its typed
        /// payload. Compiled under the `webhooks` feature, with the types only webhooks carry.
        pub mod webhooks {
            /// The names of the webhooks, as the document writes them.
            pub const NAMES: &[&str] = &[#(#names),*];

            /// The body of a webhook, decoded into its payload.
            #[derive(Clone, Debug, PartialEq)]
            #[allow(clippy::large_enum_variant)]
            #allow
            pub enum Webhook {
                #(#variants,)*
            }

            /// Decodes the JSON `body` of the webhook named `name` into its payload.
            ///
            /// # Errors
            ///
            /// A name no webhook has, or a body that is not the JSON of the webhook's payload.
            #allow
            pub fn decode(name: &str, body: &[u8]) -> Result<Webhook, #runtime::webhook::Error> {
                match name {
                    #(#arms,)*
                    _ => Err(#runtime::webhook::Error::unknown(name, NAMES)),
                }
            }
        }
    }
}
