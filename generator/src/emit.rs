//! Stage 5: prints the intermediate representation as Rust tokens. Every decision (names,
//! boxing, presence, derives) was made by `lower`; this module only spells it out.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::*;
use crate::names::needs_raw;

/// Emits one module. `rt` is the path of the runtime crate as seen from the module.
/// Receives the generated code one item at a time, so that only one item's tokens are alive.
pub(crate) type Sink<'s> = dyn FnMut(TokenStream) -> Result<(), syn::Error> + 's;

/// Emits one module, item by item, into `sink`. `rt` is the path of the runtime crate as seen
/// from the module.
pub(crate) fn emit(module: &Module, rt: &syn::Path, sink: &mut Sink<'_>) -> Result<(), syn::Error> {
    sink(inner_doc(&module.doc))?;
    for t in &module.types {
        sink(emit_type(module, t, rt))?;
    }
    let servers = servers(&module.servers, rt);
    sink(quote! {
        /// The servers this API is served from, as the spec lists them (the first is the default).
        pub const SERVERS: &[#rt::describe::Server] = #servers;
    })?;
    sink(emit_schemes(module, rt))?;
    sink(emit_operations(module, rt))?;
    crate::emit_validate::emit_validation(module, rt, sink)?;
    crate::emit_client::emit_client(module, rt, sink)
}

pub(crate) fn ident(name: &str) -> Ident {
    if needs_raw(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// Doc attribute values, one per line, each starting with a space as `///` comments do.
fn doc_lines(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    })
}

/// `#[doc = " line"]` per line, which prints as `/// line`.
pub(crate) fn outer_doc(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #(#[doc = #lines])* }
}

/// `#![doc = " line"]` per line, which prints as `//! line`.
fn inner_doc(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #(#![doc = #lines])* }
}

fn with_deprecation(doc: &str, deprecated: bool) -> String {
    if deprecated {
        format!("{doc}\n\n**Deprecated** in the spec.")
    } else {
        doc.to_owned()
    }
}

pub(crate) fn ty_tokens(module: &Module, ty: &Ty, rt: &syn::Path) -> TokenStream {
    match ty {
        Ty::File { .. } => quote!(#rt::FilePart),
        Ty::Bool => quote!(bool),
        Ty::I32 => quote!(i32),
        Ty::I64 => quote!(i64),
        Ty::F64 => quote!(f64),
        Ty::String => quote!(String),
        Ty::DateTime => quote!(::chrono::DateTime<::chrono::FixedOffset>),
        Ty::Date => quote!(::chrono::NaiveDate),
        Ty::Uuid => quote!(::uuid::Uuid),
        Ty::Value => quote!(::serde_json::Value),
        Ty::Object => quote!(::serde_json::Map<String, ::serde_json::Value>),
        Ty::Vec(inner) => {
            let inner = ty_tokens(module, inner, rt);
            quote!(Vec<#inner>)
        }
        Ty::Map(inner) => {
            let inner = ty_tokens(module, inner, rt);
            quote!(::std::collections::BTreeMap<String, #inner>)
        }
        Ty::Option(inner) => {
            let inner = ty_tokens(module, inner, rt);
            quote!(Option<#inner>)
        }
        Ty::Named(id) => {
            let name = ident(&module.types[*id].name);
            quote!(#name)
        }
    }
}

fn boxed(tokens: TokenStream, boxed: bool) -> TokenStream {
    if boxed { quote!(Box<#tokens>) } else { tokens }
}

fn emit_type(module: &Module, def: &TypeDef, rt: &syn::Path) -> TokenStream {
    let doc = outer_doc(&with_deprecation(&def.doc, def.deprecated));
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Pending => quote!(),
        TypeKind::Alias(ty) => {
            let ty = ty_tokens(module, ty, rt);
            quote! { #doc pub type #name = #ty; }
        }
        TypeKind::Struct(s) => emit_struct(module, &doc, &name, s, rt),
        TypeKind::Newtype { ty, default } => {
            let inner = ty_tokens(module, ty, rt);
            let default = default.then(|| quote!(Default,));
            quote! {
                #doc
                #[derive(Clone, Debug, #default PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(transparent)]
                pub struct #name(
                    /// The value.
                    pub #inner,
                );
            }
        }
        TypeKind::Enum(e) => emit_enum(&doc, &name, e),
        TypeKind::Union(u) => {
            let variants = u.variants.iter().map(|v| {
                let variant = ident(&v.name);
                let ty = boxed(ty_tokens(module, &v.ty, rt), v.boxed);
                let doc = outer_doc(&format!("The `{}` alternative.", v.name));
                quote! { #doc #variant(#ty) }
            });
            quote! {
                #doc
                ///
                /// Decoding tries the alternatives in order and keeps the first that fits.
                #[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(untagged)]
                #[allow(clippy::large_enum_variant)]
                pub enum #name { #(#variants,)* }
            }
        }
    }
}

fn emit_struct(
    module: &Module,
    doc: &TokenStream,
    name: &Ident,
    s: &Struct,
    rt: &syn::Path,
) -> TokenStream {
    let nullable_skip = format!("{}::Nullable::is_absent", path_string(rt));
    let required_nullable = format!("{}::required_nullable", path_string(rt));
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.rust);
        let inner = boxed(ty_tokens(module, &f.ty, rt), f.boxed);
        let doc = outer_doc(&with_deprecation(&f.doc, f.deprecated));
        let rename = (f.rust.trim_start_matches("r#") != f.wire).then(|| {
            let wire = &f.wire;
            quote!(#[serde(rename = #wire)])
        });
        let (ty, presence) = match (f.required, f.nullable) {
            (true, false) => (inner, quote!()),
            // Present, possibly `null`: a missing field is an error, as for other required ones.
            (true, true) => (
                quote!(Option<#inner>),
                quote!(#[serde(deserialize_with = #required_nullable)]),
            ),
            (false, false) => (
                quote!(Option<#inner>),
                quote!(#[serde(default, skip_serializing_if = "Option::is_none")]),
            ),
            (false, true) => (
                quote!(#rt::Nullable<#inner>),
                quote!(#[serde(default, skip_serializing_if = #nullable_skip)]),
            ),
        };
        if s.json {
            quote! { #doc #rename #presence pub #field: #ty }
        } else {
            quote! { #doc pub #field: #ty }
        }
    });
    let additional = s.additional.as_ref().map(|(field, ty)| {
        let field = ident(field);
        let ty = ty_tokens(module, ty, rt);
        quote! {
            /// Properties not listed above (`additionalProperties`), by name.
            #[serde(flatten)]
            pub #field: ::std::collections::BTreeMap<String, #ty>,
        }
    });
    let default = s.default.then(|| quote!(Default,));
    let derive = if s.json {
        quote!(#[derive(Clone, Debug, #default PartialEq, ::serde::Serialize, ::serde::Deserialize)])
    } else {
        quote!(#[derive(Clone, Debug, #default PartialEq)])
    };
    quote! {
        #doc
        #derive
        pub struct #name {
            #(#fields,)*
            #additional
        }
    }
}

fn emit_enum(doc: &TokenStream, name: &Ident, e: &Enum) -> TokenStream {
    let other = ident(&e.other);
    let variant_idents: Vec<Ident> = e.variants.iter().map(|v| ident(&v.rust)).collect();
    let wires: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
    let variant_docs = e.variants.iter().map(|v| match v.wire.as_str() {
        "" => outer_doc("The empty string."),
        wire => outer_doc(&format!("`{}`", wire.replace('`', "'"))),
    });
    quote! {
        #doc
        ///
        /// Values added to the API later decode as the catch-all variant instead of failing.
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variant_docs #variant_idents,)*
            /// A value this client does not know, kept as received.
            #other(String),
        }

        impl #name {
            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variant_idents => #wires,)*
                    Self::#other(value) => value,
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#wires => Self::#variant_idents,)*
                    other => Self::#other(other.to_owned()),
                }
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    #(#wires => Self::#variant_idents,)*
                    _ => Self::#other(value),
                }
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <String as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

fn path_string(path: &syn::Path) -> String {
    quote!(#path).to_string().replace(' ', "")
}

fn opt_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(s) => quote!(Some(#s)),
        None => quote!(None),
    }
}

fn servers(servers: &[Server], rt: &syn::Path) -> TokenStream {
    if servers.is_empty() {
        // OpenAPI: with no `servers`, the default server is `/`.
        return quote!(&[#rt::describe::Server { url: "/", description: None, variables: &[] }]);
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
                #rt::describe::ServerVariable { name: #name, default: #default, allowed: &[#(#allowed),*], description: #description }
            }
        });
        quote! { #rt::describe::Server { url: #url, description: #description, variables: &[#(#variables),*] } }
    });
    quote!(&[#(#items),*])
}

fn location(rt: &syn::Path, location: Location) -> TokenStream {
    match location {
        Location::Path => quote!(#rt::describe::Location::Path),
        Location::Query => quote!(#rt::describe::Location::Query),
        Location::Header => quote!(#rt::describe::Location::Header),
        Location::Cookie => quote!(#rt::describe::Location::Cookie),
    }
}

fn emit_schemes(module: &Module, rt: &syn::Path) -> TokenStream {
    if module.security_schemes.is_empty() {
        return quote!();
    }
    let consts = module.security_schemes.iter().map(|s| {
        let name = ident(&s.const_name);
        let doc = outer_doc(&format!("`{}`: {}", s.key.replace('`', "'"), s.doc));
        let value = match &s.kind {
            SchemeKind::ApiKey { name, location: at } => {
                let at = location(rt, *at);
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

fn emit_operations(module: &Module, rt: &syn::Path) -> TokenStream {
    let consts = module.operations.iter().map(|op| {
        let name = ident(&op.const_name);
        let doc = outer_doc(&with_deprecation(&operation_doc(module, op), op.deprecated));
        let id = &op.id;
        let method = format_ident!("{}", op.method);
        let path = &op.path;
        let idempotent = op.idempotent;
        let params = op.params.iter().map(|p| {
            let name = &p.name;
            let at = location(rt, p.location);
            let required = p.required;
            let constant = opt_str(p.constant.as_deref());
            quote!(#rt::describe::Parameter { name: #name, location: #at, required: #required, constant: #constant })
        });
        let body = match &op.body {
            Some(b) => {
                let content_type = &b.content_type;
                let required = b.required;
                quote!(Some(#rt::describe::RequestBody { content_type: #content_type, required: #required }))
            }
            None => quote!(None),
        };
        let responses = op.responses.iter().map(|r| {
            let status = match r.status {
                Status::Code(c) => {
                    let c = proc_macro2::Literal::u16_unsuffixed(c);
                    quote!(#rt::describe::Status::Code(#c))
                }
                Status::Range(d) => {
                    let d = proc_macro2::Literal::u16_unsuffixed(d);
                    quote!(#rt::describe::Status::Range(#d))
                }
                Status::Default => quote!(#rt::describe::Status::Default),
            };
            let description = &r.description;
            let content_type = opt_str(r.content_type.as_deref());
            quote!(#rt::describe::Response { status: #status, description: #description, content_type: #content_type })
        });
        let security = op.security.iter().map(|alternative| {
            let uses = alternative.iter().map(|(index, scopes)| {
                let scheme = &module.security_schemes[*index];
                let key = &scheme.key;
                let scheme_const = ident(&scheme.const_name);
                quote!(#rt::describe::SecurityUse { name: #key, scheme: super::security_schemes::#scheme_const, scopes: &[#(#scopes),*] })
            });
            quote!(&[#(#uses),*])
        });
        let servers = match &op.servers {
            Some(own) => servers(own, rt),
            None => quote!(super::SERVERS),
        };
        quote! {
            #doc
            pub const #name: #rt::describe::Operation = #rt::describe::Operation {
                id: #id,
                method: #rt::describe::Method::#method,
                idempotent: #idempotent,
                path: #path,
                parameters: &[#(#params),*],
                request_body: #body,
                responses: &[#(#responses),*],
                security: &[#(#security),*],
                servers: #servers,
            };
        }
    });
    quote! {
        /// A description of every operation: method, path, parameters, body, responses, security
        /// and servers.
        #[allow(clippy::module_inception)]
        pub mod operations {
            #(#consts)*
        }
    }
}

/// The operation's own text, then the Rust types of its parameters, body and responses.
fn operation_doc(module: &Module, op: &Operation) -> String {
    let mut doc = op.doc.clone();
    let mut lines = Vec::new();
    for p in &op.params {
        let required = if p.required { "required" } else { "optional" };
        lines.push(format!(
            "- {} parameter `{}` ({required}): `{}`",
            p.location.word(),
            p.name,
            ty_name(module, &p.ty)
        ));
    }
    if let Some(body) = &op.body {
        lines.push(format!(
            "- request body (`{}`): `{}`",
            body.content_type,
            match &body.kind {
                BodyKind::Json(ty) | BodyKind::Form { ty, .. } | BodyKind::Multipart { ty, .. } =>
                    ty_name(module, ty),
                BodyKind::Text => "&str".to_owned(),
                BodyKind::Bytes => "&[u8]".to_owned(),
            }
        ));
    }
    for r in &op.responses {
        let status = match r.status {
            Status::Code(c) => c.to_string(),
            Status::Range(d) => format!("{d}XX"),
            Status::Default => "default".to_owned(),
        };
        let body = r.ty.as_ref().map_or_else(
            || "no typed body".to_owned(),
            |ty| format!("`{}`", ty_name(module, ty)),
        );
        lines.push(format!("- response `{status}`: {body}"));
    }
    if !lines.is_empty() {
        doc.push_str("\n\n# Rust types\n\n");
        doc.push_str(&lines.join("\n"));
    }
    doc
}

/// A type as a reader would write it (`Vec<Pet>`), for documentation.
fn ty_name(module: &Module, ty: &Ty) -> String {
    match ty {
        Ty::Bool => "bool".into(),
        Ty::I32 => "i32".into(),
        Ty::I64 => "i64".into(),
        Ty::F64 => "f64".into(),
        Ty::String => "String".into(),
        Ty::DateTime => "DateTime<FixedOffset>".into(),
        Ty::Date => "NaiveDate".into(),
        Ty::Uuid => "Uuid".into(),
        Ty::Value => "serde_json::Value".into(),
        Ty::Object => "serde_json::Map<String, Value>".into(),
        Ty::File { .. } => "FilePart".into(),
        Ty::Vec(inner) => format!("Vec<{}>", ty_name(module, inner)),
        Ty::Map(inner) => format!("BTreeMap<String, {}>", ty_name(module, inner)),
        Ty::Option(inner) => format!("Option<{}>", ty_name(module, inner)),
        Ty::Named(id) => module.types[*id].name.clone(),
    }
}
