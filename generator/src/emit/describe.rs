//! Emits the plain-data description of the API that the runtime reads at run time: `SERVERS`,
//! the `security_schemes` module and one constant per operation in the `operations` module
//! (method, path, parameters with their style, body, responses, security, servers), with `ALL`
//! listing them after the last.
//!
//! The constants are written with the runtime's `const` constructors and state only what differs
//! from their defaults (`Operation::new(id, method, path, servers).parameters(..)`,
//! `Parameter::path("id")`, `Response::json(status, description)`). The `operations` module opens and closes as text
//! ([`operations_open`], [`OPERATIONS_CLOSE`]) so that `print` formats each constant on its own;
//! it imports the runtime's `describe` items and holds nothing else, so no name collides with
//! them. An operation's doc is its heading and a link to its `Client` method, whose signature and
//! documentation say the rest. Declarations only: no behaviour, and no decision of its own.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::*;

use super::common::{deprecated_attr, ident, opt_str, outer_doc, with_deprecation};

/// `SERVERS`, the servers the API is served from.
pub(super) fn servers_const(module: &Module, rt: &syn::Path) -> TokenStream {
    let servers = servers(&module.servers, &quote!(#rt::describe::));
    quote! {
        /// The servers this API is served from, as the spec lists them (the first is the default).
        pub const SERVERS: &[#rt::describe::Server] = #servers;
    }
}

/// The text before the first `Piece::Operation`: the module opens and imports the runtime's
/// `describe` items, which its constants are written with (it holds nothing else, so no name
/// can collide with them).
pub(crate) fn operations_open(runtime_path: &str) -> String {
    format!(
        "/// A description of every operation: method, path, parameters, body, responses, security\n/// and servers.\n#[allow(clippy::module_inception)]\npub mod operations {{\n    use {runtime_path}::describe::*;\n"
    )
}

/// The text after the last `Piece::Operation`.
pub(crate) const OPERATIONS_CLOSE: &str = "}\n";

/// The servers as a slice; `describe` is the path prefix of the runtime's `describe` items
/// (empty inside the `operations` module, which imports them).
fn servers(servers: &[Server], describe: &TokenStream) -> TokenStream {
    if servers.is_empty() {
        // OpenAPI: with no `servers`, the default server is `/`.
        return quote!(&[#describe Server { url: "/", description: None, variables: &[] }]);
    }
    let items = servers.iter().map(|s| {
        let url = &s.url;
        let description = opt_str(s.description.as_deref());
        let variables = s.variables.iter().map(|v| {
            let name = &v.name;
            let default = &v.default;
            let allowed = &v.values;
            let description = opt_str(v.description.as_deref());
            quote! {
                #describe ServerVariable { name: #name, default: #default, allowed: &[#(#allowed),*], description: #description }
            }
        });
        quote! { #describe Server { url: #url, description: #description, variables: &[#(#variables),*] } }
    });
    quote!(&[#(#items),*])
}

fn location(location: Location) -> TokenStream {
    match location {
        Location::Path => quote!(Location::Path),
        Location::Query => quote!(Location::Query),
        Location::Header => quote!(Location::Header),
        Location::Cookie => quote!(Location::Cookie),
    }
}

pub(super) fn emit_schemes(module: &Module, rt: &syn::Path) -> TokenStream {
    if module.security_schemes.is_empty() {
        return quote!();
    }
    let consts = module.security_schemes.iter().map(|s| {
        let name = ident(&s.const_name);
        let doc = outer_doc(&format!("`{}`: {}", s.key.replace('`', "'"), s.doc));
        let value = match &s.kind {
            SchemeKind::ApiKey { name, location: at } => {
                let at = location(*at);
                let at = quote!(#rt::describe::#at);
                quote!(#rt::describe::SecurityScheme::ApiKey { name: #name, location: #at })
            }
            SchemeKind::Http { scheme, bearer_format } => {
                let bearer_format = opt_str(bearer_format.as_deref());
                quote!(#rt::describe::SecurityScheme::Http { scheme: #scheme, bearer_format: #bearer_format })
            }
            SchemeKind::OAuth2 => quote!(#rt::describe::SecurityScheme::OAuth2),
            SchemeKind::OpenIdConnect { url } => quote!(#rt::describe::SecurityScheme::OpenIdConnect { url: #url }),
        };
        quote! { #doc pub const #name: #rt::describe::SecurityScheme = #value; }
    });
    quote! {
        /// The security schemes of `components/securitySchemes`.
        #[allow(clippy::module_inception)]
        pub mod security_schemes {
            #(#consts)*
        }
    }
}

/// One constant of the `operations` module, which imports the runtime's `describe` items.
/// It states only what differs from the defaults of `Operation::new` and `Parameter::path`
/// (`query`, `header`, `cookie`).
pub(super) fn emit_operation(module: &Module, op: &Operation) -> TokenStream {
    let name = ident(&op.const_name);
    let doc = outer_doc(&with_deprecation(
        &format!(
            "{}, sent by [`Client::{name}`](super::Client::{name})",
            op.heading.trim_end_matches('.'),
            name = op.fn_name
        ),
        op.deprecated,
    ));
    let id = &op.id;
    let method = format_ident!("{}", op.method);
    let path = &op.path;
    let servers = match &op.servers {
        Some(own) => servers(own, &quote!()),
        None => quote!(super::SERVERS),
    };
    let mut calls = Vec::new();
    if op.idempotent == matches!(op.method, "Post" | "Patch") {
        let idempotent = op.idempotent;
        calls.push(quote!(.idempotent(#idempotent)));
    }
    if !op.params.is_empty() {
        let params = op.params.iter().map(parameter);
        calls.push(quote!(.parameters(&[#(#params),*])));
    }
    if let Some(body) = &op.body {
        let content_type = &body.content_type;
        let required = body.required;
        calls.push(quote!(.request_body(#content_type, #required)));
    }
    if !op.responses.is_empty() {
        let responses = op.responses.iter().map(response);
        calls.push(quote!(.responses(&[#(#responses),*])));
    }
    if !op.security.is_empty() {
        let security = op.security.iter().map(|alternative| {
            let uses = alternative.iter().map(|(index, scopes)| {
                let scheme = &module.security_schemes[*index];
                let key = &scheme.key;
                let scheme_const = ident(&scheme.const_name);
                quote!(SecurityUse::new(#key, super::security_schemes::#scheme_const, &[#(#scopes),*]))
            });
            quote!(&[#(#uses),*])
        });
        calls.push(quote!(.security(&[#(#security),*])));
    }
    let deprecated = deprecated_attr(op.deprecated);
    let all = std::ptr::eq(op, module.operations.last().unwrap_or(op)).then(|| all_const(module));
    quote! {
        #doc
        #deprecated
        pub const #name: Operation = Operation::new(#id, Method::#method, #path, #servers) #(#calls)*;
        #all
    }
}

/// The name of the slice of every operation: `ALL`, with `_` appended while an operation's
/// constant has that name.
pub(super) fn all_name(module: &Module) -> syn::Ident {
    let mut name = "ALL".to_owned();
    while module.operations.iter().any(|op| op.const_name == name) {
        name.push('_');
    }
    ident(&name)
}

/// `ALL`, every operation in the spec's order, written after the last one.
fn all_const(module: &Module) -> TokenStream {
    let names = module.operations.iter().map(|op| ident(&op.const_name));
    let all = all_name(module);
    quote! {
        /// Every operation, in the spec's order.
        #[allow(deprecated)]
        pub const #all: &[&Operation] = &[#(&#names),*];
    }
}

/// A parameter, stating only what differs from the defaults of its location's constructor.
fn parameter(p: &Param) -> TokenStream {
    let name = &p.name;
    let mut calls = Vec::new();
    let new = match (p.location, p.required) {
        (Location::Path, true) => quote!(Parameter::path(#name)),
        (Location::Path, false) => quote!(Parameter::new(#name, Location::Path)),
        (Location::Query, _) => quote!(Parameter::query(#name)),
        (Location::Header, _) => quote!(Parameter::header(#name)),
        (Location::Cookie, _) => quote!(Parameter::cookie(#name)),
    };
    if p.required && p.location != Location::Path {
        calls.push(quote!(.required()));
    }
    if p.style != Style::default_for(p.location) {
        let style = format_ident!("{}", p.style.variant());
        calls.push(quote!(.style(Style::#style)));
    }
    if p.explode != (p.style == Style::Form) {
        let explode = p.explode;
        calls.push(quote!(.explode(#explode)));
    }
    if p.allow_reserved {
        calls.push(quote!(.allow_reserved()));
    }
    if let Some(constant) = &p.constant {
        calls.push(quote!(.constant(#constant)));
    }
    if let Some(content_type) = &p.content_type {
        calls.push(quote!(.content_type(#content_type)));
    }
    quote!(#new #(#calls)*)
}

fn response(r: &Response) -> TokenStream {
    let status = match r.status {
        Status::Code(c) => {
            let c = proc_macro2::Literal::u16_unsuffixed(c);
            quote!(Status::Code(#c))
        }
        Status::Range(d) => {
            let d = proc_macro2::Literal::u16_unsuffixed(d);
            quote!(Status::Range(#d))
        }
        Status::Default => quote!(Status::Default),
    };
    let description = &r.description;
    match r.content_type.as_deref() {
        Some("application/json") => quote!(Response::json(#status, #description)),
        other => {
            let content_type = opt_str(other);
            quote!(Response::new(#status, #description, #content_type))
        }
    }
}
