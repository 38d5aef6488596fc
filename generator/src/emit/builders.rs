//! Emits the builder of every struct a request can contain (lowering named it: `Struct::builder`).
//!
//! A builder is one call of the runtime's `builder!`: a struct-shaped list of the properties,
//! each with a `#[set(presence, shape, setter, ..)]` line and its setter's doc, which `print`
//! prints as the struct it looks like. The macro writes the storage, the setters and `build`,
//! which reports every missing required property and then runs the struct's `Validate`. This
//! module only names the setters (in a namespace of their own) and states each property's line;
//! it writes no behaviour and no `Validate` impl.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::*;
use crate::names::Namespace;

use super::common::{deprecated_attr, ident, outer_doc, ty_tokens};

/// The builder of struct type `id` (which `emit::pieces` only lists when it has one).
pub(super) fn builder_piece(module: &Module, id: usize, rt: &syn::Path) -> TokenStream {
    let def = &module.types[id];
    match &def.kind {
        TypeKind::Struct(s) => match &s.builder {
            Some(b) => builder(module, def, s, b, rt),
            None => quote!(),
        },
        _ => quote!(),
    }
}

/// A builder is one call of the runtime's `builder!`, which writes the setters and `build`
/// from each property's line: how it is present (`opt`, `req`, `opt_null`, `req_null`, `map`),
/// its shape (`one`, `boxed`, `list`, `boxed_list`), and the names of its setters.
fn builder(
    module: &Module,
    def: &TypeDef,
    s: &Struct,
    builder_name: &str,
    rt: &syn::Path,
) -> TokenStream {
    let name = ident(&def.name);
    let builder = ident(builder_name);
    let mut methods_ns = Namespace::with_reserved(&["build", "builder", "new"]);
    let mut fields = Vec::new();
    for f in &s.fields {
        let field = ident(&f.rust);
        let bare = f.rust.trim_start_matches("r#");
        let presence = match (f.required, f.nullable) {
            (false, false) => "opt",
            (true, false) => "req",
            (false, true) => "opt_null",
            (true, true) => "req_null",
        };
        let (shape, value_ty) = match (&f.ty, f.boxed) {
            (Ty::Vec(item), false) => ("list", item.as_ref()),
            (Ty::Vec(item), true) => ("boxed_list", item.as_ref()),
            (ty, false) => ("one", ty),
            (ty, true) => ("boxed", ty),
        };
        let presence = format_ident!("{presence}");
        let shape = format_ident!("{shape}");
        let value_ty = ty_tokens(module, value_ty, rt);
        let setter = ident(&methods_ns.claim(bare, true));
        let empty = matches!(f.ty, Ty::Vec(_)).then(|| {
            let empty = format_ident!("{}", methods_ns.claim(&format!("empty_{bare}"), true));
            quote!(, empty = #empty)
        });
        let clear = f.nullable.then(|| {
            let clear = format_ident!("{}", methods_ns.claim(&format!("clear_{bare}"), true));
            quote!(, clear = #clear)
        });
        let path = f.required.then(|| {
            let path = format!("/{}", crate::error::escape_segment(&f.wire));
            quote!(, path = #path)
        });
        let deprecated = deprecated_attr(f.deprecated);
        let first_line = f.doc.lines().next().unwrap_or("");
        let doc = outer_doc(&if f.flatten {
            format!("Sets the alternative: {first_line}")
        } else {
            format!("Sets `{}`: {first_line}", f.wire)
        });
        fields.push(quote! {
            #[set(#presence, #shape, #setter #empty #clear #path)]
            #deprecated
            #doc
            #field: #value_ty
        });
    }
    if let Some((field, ty)) = &s.additional {
        let field = ident(field);
        let value_ty = ty_tokens(module, ty, rt);
        let setter = ident(&methods_ns.claim("additional_property", true));
        fields.push(quote! {
            #[set(map, one, #setter)]
            /// Adds a property not listed in the schema (`additionalProperties`).
            #field: #value_ty
        });
    }
    // The macro documents the builder.
    let deprecated = deprecated_attr(def.deprecated);
    quote! {
        #rt::builder! {
            #[builds(#name)]
            #deprecated
            pub struct #builder {
                #(#fields,)*
            }
        }
    }
}
