//! What every emitter shares: identifiers, doc attributes, the deprecation note and attributes,
//! and the tokens of a type.
//!
//! `deprecated: true` becomes `#[deprecated]` on types, fields (and their builder setters,
//! parameters structs' fields included), client methods and operation constants, beside the doc
//! note of [`with_deprecation`]. Generated code that names a deprecated item carries
//! `#[allow(deprecated)]` on the smallest item that silences it (a struct, a variant, an impl, a
//! method), so only users who touch deprecated items are warned; [`names_deprecated`] and
//! [`touches_deprecated`] say where that is needed.
//!
//! A leaf: it reads the IR and `names`, never another emitter, and spells out single tokens; it
//! emits no item and decides nothing.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::*;
use crate::names::needs_raw;

/// The identifier of a name `names` made safe: a raw identifier (`r#type`) when it is a keyword.
pub(super) fn ident(name: &str) -> Ident {
    if needs_raw(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// The tokens that name a field of `self`: its identifier, or its index in a tuple struct
/// (whose fields are named by their positions, `self.0`).
pub(super) fn member(name: &str) -> TokenStream {
    match name.parse::<u32>() {
        Ok(index) => {
            let index = syn::Index::from(index as usize);
            quote!(#index)
        }
        Err(_) => {
            let name = ident(name);
            quote!(#name)
        }
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
pub(super) fn outer_doc(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #(#[doc = #lines])* }
}

/// `#![doc = " line"]` per line, which prints as `//! line`.
pub(super) fn inner_doc(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #(#![doc = #lines])* }
}

/// The words that say an item is deprecated in the spec, under its documentation.
pub(super) const DEPRECATED_NOTE: &str = "**Deprecated** in the spec.";

/// A doc with the note that the spec deprecates the item, when it does.
pub(super) fn with_deprecation(doc: &str, deprecated: bool) -> String {
    if deprecated {
        format!("{doc}\n\n{DEPRECATED_NOTE}")
    } else {
        doc.to_owned()
    }
}

/// The Rust type of a value of `ty`, as generated code writes it (`rt` the runtime's path).
pub(super) fn ty_tokens(module: &Module, ty: &Ty, rt: &syn::Path) -> TokenStream {
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
        Ty::Base64 => quote!(#rt::Base64),
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

/// `#[deprecated]` for an item the spec deprecates (its doc says so too).
pub(super) fn deprecated_attr(deprecated: bool) -> TokenStream {
    if deprecated {
        quote!(#[deprecated])
    } else {
        quote!()
    }
}

/// `#[allow(deprecated)]` where generated code names a deprecated item: the warning is for the
/// user who touches it, not for the generated code around it.
pub(super) fn allow_deprecated(needed: bool) -> TokenStream {
    if needed {
        quote!(#[allow(deprecated)])
    } else {
        quote!()
    }
}

/// The name the client's items give the runtime, which a module with operations imports under
/// it at its top (`use crate::runtime as rt;`). Type names are `UpperCamelCase`, so none can
/// be `rt`; a nested module (the mock's, the path rules') names the runtime in full.
pub(super) fn local_runtime() -> syn::Path {
    syn::parse_quote!(rt)
}

/// Whether `ty` names a deprecated type.
pub(super) fn names_deprecated(module: &Module, ty: &Ty) -> bool {
    let mut targets = Vec::new();
    ty.all_targets(&mut targets);
    targets.iter().any(|id| module.types[*id].deprecated)
}

/// Whether code written about a type (its impls, its builder) names something deprecated: the
/// type itself, one of its fields, or a type one of them names.
pub(super) fn touches_deprecated(module: &Module, def: &TypeDef) -> bool {
    def.deprecated
        || match &def.kind {
            TypeKind::Struct(s) => {
                s.fields
                    .iter()
                    .any(|f| f.deprecated || names_deprecated(module, &f.ty))
                    || s.additional
                        .as_ref()
                        .is_some_and(|(_, ty)| names_deprecated(module, ty))
            }
            TypeKind::Union(u) => u.variants.iter().any(|v| names_deprecated(module, &v.ty)),
            TypeKind::Alias(ty) | TypeKind::Newtype { ty, .. } => names_deprecated(module, ty),
            TypeKind::Enum(_) | TypeKind::Pending => false,
        }
}

pub(super) fn opt_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(s) => quote!(Some(#s)),
        None => quote!(None),
    }
}

/// How a form body's properties are written (`&[FormField]`, a runtime constant), where their
/// style differs from `form`, exploded: what the client sends with and the mock reads back by.
pub(super) fn form_fields(fields: &[FormField], rt: &syn::Path) -> TokenStream {
    let fields = fields.iter().map(|f| {
        let name = &f.wire;
        let style = format_ident!(
            "{}",
            match f.style {
                FormStyle::Form => "Form",
                FormStyle::SpaceDelimited => "SpaceDelimited",
                FormStyle::PipeDelimited => "PipeDelimited",
                FormStyle::DeepObject => "DeepObject",
            }
        );
        let (explode, allow_reserved, json) = (f.explode, f.allow_reserved, f.json);
        quote! {
            #rt::form::FormField {
                name: #name,
                style: #rt::form::FormStyle::#style,
                explode: #explode,
                allow_reserved: #allow_reserved,
                json: #json,
            }
        }
    });
    quote!(&[#(#fields),*])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_become_raw_identifiers() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("name").to_string(), "name");
    }

    #[test]
    fn each_line_of_a_doc_is_one_attribute_starting_with_a_space() {
        assert_eq!(
            outer_doc(&with_deprecation("Gone.\nSee `new`.", true)).to_string(),
            quote!(
                #[doc = " Gone."]
                #[doc = " See `new`."]
                #[doc = ""]
                #[doc = " **Deprecated** in the spec."]
            )
            .to_string()
        );
        assert_eq!(
            inner_doc("API").to_string(),
            quote!(#![doc = " API"]).to_string()
        );
        assert_eq!(with_deprecation("Kept.", false), "Kept.");
    }

    #[test]
    fn types_are_written_with_full_paths_and_named_types_by_name() {
        let module = Module {
            types: vec![TypeDef {
                name: "Pet".into(),
                doc: String::new(),
                pointer: String::new(),
                nullable: false,
                deprecated: false,
                checks: false,
                validated: false,
                decoded: false,
                webhook_only: false,
                constraints: Constraints::default(),
                kind: TypeKind::Alias(Ty::String),
            }],
            ..Module::default()
        };
        let rt: syn::Path = syn::parse_quote!(crate::runtime);
        // Compared without spaces, which token streams put between every token.
        let cases = [
            (
                Ty::Vec(Box::new(Ty::Option(Box::new(Ty::Named(0))))),
                "Vec<Option<Pet>>",
            ),
            (
                Ty::Map(Box::new(Ty::Base64)),
                "::std::collections::BTreeMap<String,crate::runtime::Base64>",
            ),
            (Ty::DateTime, "::chrono::DateTime<::chrono::FixedOffset>"),
            (Ty::File { base64: true }, "crate::runtime::FilePart"),
        ];
        for (ty, expected) in cases {
            let printed = ty_tokens(&module, &ty, &rt).to_string().replace(' ', "");
            assert_eq!(printed, expected);
        }
    }
}
