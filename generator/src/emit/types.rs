//! Emits the module's types, one item per `TypeDef`: structs, enums, unions (untagged, or tagged
//! by a `discriminator`), aliases and newtypes, with their serde attributes.
//!
//! Every decision (names, boxing, presence, derives, which alternative is the fallback of a
//! tagged union) was made by `lower`; this module only spells it out. A field's presence is its
//! type: required (`T`), required and nullable (`Option<T>`, a missing value an error), optional
//! (`Option<T>`, left out when `None`), optional and nullable (the runtime's `Nullable<T>`). A
//! struct that is a JSON object with no extra properties is one call of the runtime's `object!`,
//! which writes its derives and serde impls (only `#[required]`, on a required nullable field,
//! and `#[rename]` are stated); other structs (tuples, extra properties, flattened alternatives)
//! derive serde's traits with attributes that say the same. An enum is one call of the runtime's
//! `string_enum!` or `int_enum!` listing its documentation, variants and wire values; a tagged
//! union's serde impls call the runtime's `tagged` module. It writes no `Validate` impl and no
//! builder.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::ir::*;

use super::common::{
    allow_deprecated, deprecated_attr, ident, member, names_deprecated, opt_str, outer_doc,
    ty_tokens, with_deprecation,
};

pub(super) fn emit_type(module: &Module, def: &TypeDef, rt: &syn::Path) -> TokenStream {
    let plain_doc = outer_doc(&with_deprecation(&def.doc, def.deprecated));
    let deprecated = deprecated_attr(def.deprecated);
    let doc = quote!(#plain_doc #deprecated);
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Pending => quote!(),
        TypeKind::Alias(ty) => {
            let allow = allow_deprecated(names_deprecated(module, ty));
            let ty = ty_tokens(module, ty, rt);
            quote! { #doc #allow pub type #name = #ty; }
        }
        TypeKind::Struct(s) => {
            emit_struct(module, &plain_doc, &deprecated, &name, s, def.decoded, rt)
        }
        TypeKind::Newtype { ty, default } => {
            let allow = allow_deprecated(names_deprecated(module, ty));
            let inner = ty_tokens(module, ty, rt);
            let derive = serde_derives(default.then(|| quote!(Default,)), def.decoded);
            quote! {
                #doc
                #derive
                #[serde(transparent)]
                #allow
                pub struct #name(
                    /// The value.
                    pub #inner,
                );
            }
        }
        TypeKind::Enum(e) => emit_enum(&doc, &name, e, rt),
        TypeKind::Union(u) => match &u.tag {
            None => emit_untagged_union(module, &doc, &name, u, def.decoded, rt),
            Some(tag) => emit_tagged_union(module, &doc, &name, u, tag, def.decoded, rt),
        },
    }
}

/// A type's derives with serde's: `Deserialize` always when the type is `decoded`, else only
/// under the `deserialize-requests` feature (nothing but a mock decodes what only requests
/// contain).
fn serde_derives(default: Option<TokenStream>, decoded: bool) -> TokenStream {
    if decoded {
        quote!(#[derive(Clone, Debug, #default PartialEq, ::serde::Serialize, ::serde::Deserialize)])
    } else {
        quote! {
            #[derive(Clone, Debug, #default PartialEq, ::serde::Serialize)]
            #[cfg_attr(feature = "deserialize-requests", derive(::serde::Deserialize))]
        }
    }
}

/// The `cfg` of a hand-written `Deserialize` impl: none when the type is `decoded`.
fn decode_cfg(decoded: bool) -> Option<TokenStream> {
    (!decoded).then(|| quote!(#[cfg(feature = "deserialize-requests")]))
}

fn boxed(tokens: TokenStream, boxed: bool) -> TokenStream {
    if boxed { quote!(Box<#tokens>) } else { tokens }
}

fn union_variants<'m>(
    module: &'m Module,
    u: &'m Union,
    doc: impl Fn(usize, &UnionVariant) -> String + 'm,
    rt: &'m syn::Path,
) -> impl Iterator<Item = TokenStream> + 'm {
    u.variants.iter().enumerate().map(move |(i, v)| {
        let variant = ident(&v.name);
        let ty = boxed(ty_tokens(module, &v.ty, rt), v.boxed);
        let doc = outer_doc(&doc(i, v));
        let allow = allow_deprecated(names_deprecated(module, &v.ty));
        quote! { #doc #allow #variant(#ty) }
    })
}

fn emit_untagged_union(
    module: &Module,
    doc: &TokenStream,
    name: &Ident,
    u: &Union,
    decoded: bool,
    rt: &syn::Path,
) -> TokenStream {
    let derive = serde_derives(None, decoded);
    let variants = union_variants(
        module,
        u,
        |_, v| format!("The `{}` alternative.", v.name),
        rt,
    );
    quote! {
        #doc
        ///
        /// Decoding tries the alternatives in order and keeps the first that fits.
        #derive
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name { #(#variants,)* }
    }
}

/// A union chosen by a `discriminator`: decoding reads the tag property and decodes the whole
/// value into the alternative it names (the runtime's `tagged` module does the work); encoding
/// writes the alternative as it is.
fn emit_tagged_union(
    module: &Module,
    doc: &TokenStream,
    name: &Ident,
    u: &Union,
    tag: &Tag,
    decoded: bool,
    rt: &syn::Path,
) -> TokenStream {
    let decode_cfg = decode_cfg(decoded);
    let property = &tag.property;
    let quoted = |values: Vec<&str>| {
        values
            .iter()
            .map(|v| format!("`{}`", v.replace('`', "'")))
            .collect::<Vec<_>>()
            .join(" or ")
    };
    let property_doc = property.replace('`', "'");
    let variants = union_variants(
        module,
        u,
        |i, v| {
            let values: Vec<&str> = tag.values_of(i).collect();
            if values.is_empty() {
                format!(
                    "The `{}` alternative (no `{property_doc}` value selects it when decoding).",
                    v.name
                )
            } else {
                format!(
                    "The `{}` alternative: `{property_doc}` is {}.",
                    v.name,
                    quoted(values)
                )
            }
        },
        rt,
    );
    let unknown = match tag.fallback.map(|i| &u.variants[i].name) {
        Some(fallback) => {
            format!("a value it does not know decodes as the `{fallback}` alternative")
        }
        None => "an unknown value is an error that names it".to_owned(),
    };
    let how = format!(
        " Decoding reads the `{property_doc}` property and decodes the whole value as the alternative it names; {unknown}. Encoding writes the alternative as it is, adding `{property_doc}` only if the alternative does not carry it."
    );
    let write = u.variants.iter().enumerate().map(|(i, v)| {
        let variant = ident(&v.name);
        let default_tag = opt_str(tag.values_of(i).next());
        quote!(#variant => #default_tag)
    });
    let read = u.variants.iter().enumerate().filter_map(|(i, v)| {
        let values: Vec<&str> = tag.values_of(i).collect();
        // The fallback's values are left to the catch-all arm.
        if values.is_empty() || tag.fallback == Some(i) {
            return None;
        }
        let variant = ident(&v.name);
        Some(quote!(#(#values)|* => #variant,))
    });
    let known = tag.values.iter().map(|(v, _)| v);
    let otherwise = match tag.fallback {
        Some(i) => ident(&u.variants[i].name),
        None => ident("None"),
    };
    quote! {
        #doc
        ///
        #[doc = #how]
        #[derive(Clone, Debug, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name { #(#variants,)* }

        #rt::tagged_union! {
            #name by #property;
            write { #(#write),* }
            #decode_cfg
            read [#(#known),*] { #(#read)* _ => #otherwise }
        }
    }
}

/// A tuple (`prefixItems`): a tuple struct of its positions, then the items after them, encoded
/// and decoded as one JSON array by the runtime's `tuple` module.
fn emit_tuple(
    module: &Module,
    doc: &TokenStream,
    name: &Ident,
    s: &Struct,
    decoded: bool,
    rt: &syn::Path,
) -> TokenStream {
    let decode_cfg = decode_cfg(decoded);
    let positions = s.fields.iter().map(|f| {
        let inner = boxed(ty_tokens(module, &f.ty, rt), f.boxed);
        let ty = if f.nullable {
            quote!(Option<#inner>)
        } else {
            inner
        };
        let doc = outer_doc(&f.doc);
        quote!(#doc pub #ty)
    });
    let rest = s.additional.as_ref().map(|(_, ty)| {
        let ty = ty_tokens(module, ty, rt);
        quote! {
            /// The items after the positions (`items`).
            pub Vec<#ty>,
        }
    });
    let members: Vec<TokenStream> = s.fields.iter().map(|f| member(&f.rust)).collect();
    let values: Vec<Ident> = (0..s.fields.len())
        .map(|i| quote::format_ident!("p{}", i))
        .collect();
    let (write, read) = match &s.additional {
        Some((field, _)) => {
            let field = member(field);
            (
                quote!(#rt::tuple::serialize(serializer, (#(&self.#members,)*), &self.#field)),
                quote!(#rt::tuple::deserialize(deserializer).map(|((#(#values,)*), rest)| Self(#(#values,)* rest))),
            )
        }
        None => (
            quote!(#rt::tuple::serialize_closed(serializer, (#(&self.#members,)*))),
            quote!(#rt::tuple::deserialize_closed(deserializer).map(|(#(#values,)*)| Self(#(#values,)*))),
        ),
    };
    let default = s.default.then(|| quote!(Default,));
    let allow = allow_deprecated(struct_names_deprecated(module, s));
    quote! {
        #doc
        ///
        /// A JSON array: the positions in order, then the items after them.
        #[derive(Clone, Debug, #default PartialEq)]
        #allow
        pub struct #name(#(#positions,)* #rest);

        #allow
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #write
            }
        }

        #allow
        #decode_cfg
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #read
            }
        }
    }
}

fn emit_struct(
    module: &Module,
    doc: &TokenStream,
    deprecated: &TokenStream,
    name: &Ident,
    s: &Struct,
    decoded: bool,
    rt: &syn::Path,
) -> TokenStream {
    if s.is_tuple() {
        return emit_tuple(module, &quote!(#doc #deprecated), name, s, decoded, rt);
    }
    if s.json && s.additional.is_none() && !s.fields.iter().any(|f| f.flatten) {
        return emit_object(module, doc, deprecated, name, s, decoded, rt);
    }
    let nullable_skip = format!("{}::Nullable::is_absent", path_string(rt));
    let required_nullable = format!("{}::required_nullable", path_string(rt));
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.rust);
        let doc = field_doc(f);
        let rename = renamed(f).then(|| {
            let wire = &f.wire;
            quote!(#[serde(rename = #wire)])
        });
        let ty = field_ty(module, f, rt);
        let presence = match (f.required, f.nullable) {
            (true, false) => quote!(),
            // Present, possibly `null`: a missing field is an error, as for other required ones.
            (true, true) => quote!(#[serde(deserialize_with = #required_nullable)]),
            (false, false) => quote!(#[serde(default, skip_serializing_if = "Option::is_none")]),
            (false, true) => quote!(#[serde(default, skip_serializing_if = #nullable_skip)]),
        };
        if f.flatten {
            quote! { #doc #[serde(flatten)] pub #field: #ty }
        } else if s.json {
            quote! { #doc #rename #presence pub #field: #ty }
        } else {
            quote! { #doc pub #field: #ty }
        }
    });
    let additional = s.additional.as_ref().map(|(field, ty)| {
        let field = ident(field);
        let ty = ty_tokens(module, ty, rt);
        // A multipart body's struct has no serde derives.
        let flatten = s.json.then(|| quote!(#[serde(flatten)]));
        quote! {
            /// Properties not listed above (`additionalProperties`), by name.
            #flatten
            pub #field: ::std::collections::BTreeMap<String, #ty>,
        }
    });
    let default = s.default.then(|| quote!(Default,));
    let derive = if s.json {
        serde_derives(default, decoded)
    } else {
        quote!(#[derive(Clone, Debug, #default PartialEq)])
    };
    // A field's type that is deprecated is named by the struct and its derives; the lint is only
    // silenced for the whole item.
    let allow = allow_deprecated(struct_names_deprecated(module, s));
    quote! {
        #doc
        #deprecated
        #derive
        #allow
        pub struct #name {
            #(#fields,)*
            #additional
        }
    }
}

/// A JSON object's struct with no extra properties: one call of the runtime's `object!`, which
/// writes its derives and serde impls. A field's presence is its type (`T` required, `Option<T>`
/// optional, `Nullable<T>` optional and nullable), and `#[required]` on an `Option<T>` makes it
/// required and nullable; `#[rename]` gives a wire name that is not the field's.
fn emit_object(
    module: &Module,
    doc: &TokenStream,
    deprecated: &TokenStream,
    name: &Ident,
    s: &Struct,
    decoded: bool,
    rt: &syn::Path,
) -> TokenStream {
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.rust);
        let doc = field_doc(f);
        let rename = renamed(f).then(|| {
            let wire = &f.wire;
            quote!(#[rename = #wire])
        });
        let required = (f.required && f.nullable).then(|| quote!(#[required]));
        let ty = field_ty(module, f, rt);
        quote! { #doc #rename #required pub #field: #ty }
    });
    let decode_if = (!decoded).then(|| quote!(#[deserialize_if(feature = "deserialize-requests")]));
    let default = s.default.then(|| quote!(#[derive(Default)]));
    let allow = allow_deprecated(struct_names_deprecated(module, s));
    quote! {
        #rt::object! {
            #doc
            #deprecated
            #decode_if
            #default
            #allow
            pub struct #name {
                #(#fields,)*
            }
        }
    }
}

/// A field's documentation, with its deprecation.
fn field_doc(f: &Field) -> TokenStream {
    let doc = outer_doc(&with_deprecation(&f.doc, f.deprecated));
    let deprecated = deprecated_attr(f.deprecated);
    quote!(#doc #deprecated)
}

/// Whether a field's wire name is not its Rust name (a raw identifier's `r#` aside).
fn renamed(f: &Field) -> bool {
    f.rust.trim_start_matches("r#") != f.wire
}

/// A field's type with its presence: `T` when required, `Option<T>` when required and nullable
/// or optional, the runtime's `Nullable<T>` when optional and nullable.
fn field_ty(module: &Module, f: &Field, rt: &syn::Path) -> TokenStream {
    let inner = boxed(ty_tokens(module, &f.ty, rt), f.boxed);
    match (f.required, f.nullable) {
        (true, false) => inner,
        (true, true) | (false, false) => quote!(Option<#inner>),
        (false, true) => quote!(#rt::Nullable<#inner>),
    }
}

/// An enum is one call of the runtime's `string_enum!` or `int_enum!`, which writes its impls.
fn emit_enum(doc: &TokenStream, name: &Ident, e: &Enum, rt: &syn::Path) -> TokenStream {
    let other = ident(&e.other);
    let variants = e.variants.iter().map(|v| {
        let variant = ident(&v.rust);
        // The runtime's macro documents each variant with its wire value.
        let wire = match &v.wire {
            Wire::String(s) => quote!(#s),
            Wire::Integer(n) => {
                let literal = proc_macro2::Literal::u64_unsuffixed(n.unsigned_abs());
                if *n < 0 {
                    quote!(-#literal)
                } else {
                    quote!(#literal)
                }
            }
        };
        quote! { #variant = #wire, }
    });
    let (mac, held) = if e.is_integer() {
        (quote!(int_enum), quote!(i64))
    } else {
        (quote!(string_enum), quote!(String))
    };
    quote! {
        #rt::#mac! {
            #doc
            pub enum #name {
                #other(#held),
                #(#variants)*
            }
        }
    }
}

fn path_string(path: &syn::Path) -> String {
    quote!(#path).to_string().replace(' ', "")
}

/// Whether a struct names a deprecated type in a field or its extra properties, so that its item
/// needs `#[allow(deprecated)]`.
fn struct_names_deprecated(module: &Module, s: &Struct) -> bool {
    s.fields.iter().any(|f| names_deprecated(module, &f.ty))
        || s.additional
            .as_ref()
            .is_some_and(|(_, ty)| names_deprecated(module, ty))
}
