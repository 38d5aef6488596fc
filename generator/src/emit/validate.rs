//! Emits validation and builders: a `Validate` impl for every type (each constraint of the spec
//! becomes one call into the runtime's `Checker`), and for every struct a request can contain, a
//! builder whose `build` runs that validation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::*;
use crate::names::Namespace;

use super::constraints::{Patterns, rules};

use super::common::{
    allow_deprecated, deprecated_attr, ident, outer_doc, touches_deprecated, ty_tokens,
};

/// The builder of struct type `id` (which `emit::pieces` only lists when it has one).
pub(crate) fn builder_piece(module: &Module, id: usize, rt: &syn::Path) -> TokenStream {
    let def = &module.types[id];
    match &def.kind {
        TypeKind::Struct(s) => match &s.builder {
            Some(b) => builder(module, def, s, b, rt),
            None => quote!(),
        },
        _ => quote!(),
    }
}

fn opt_usize(value: Option<usize>) -> TokenStream {
    match value {
        Some(v) => {
            let v = proc_macro2::Literal::usize_unsuffixed(v);
            quote!(Some(#v))
        }
        None => quote!(None),
    }
}

pub(crate) fn validate_impl(module: &Module, def: &TypeDef, rt: &syn::Path) -> TokenStream {
    let name = ident(&def.name);
    let body = match &def.kind {
        TypeKind::Struct(s) => struct_checks(module, s, rt),
        // The enum macros implement `Validate`.
        TypeKind::Enum(_) => return quote!(),
        // The alternative's own constraints are checked at the union's path: the union is
        // the value.
        TypeKind::Union(u) => {
            let mut patterns = Patterns::default();
            let mut any_rules = false;
            let arms: Vec<TokenStream> = u
                .variants
                .iter()
                .map(|variant| {
                    let name = ident(&variant.name);
                    match rules(module, &variant.ty, &variant.constraints, &mut patterns) {
                        Some(rules) => {
                            any_rules = true;
                            quote!(Self::#name(value) => #rt::Validate::check_rules(value, &#rules, c),)
                        }
                        None => quote!(Self::#name(value) => #rt::Validate::check(value, c),),
                    }
                })
                .collect();
            let import = any_rules.then(|| quote!(use #rt::validate as v;));
            let patterns = patterns.declarations();
            quote! {
                #import
                #patterns
                match self {
                    #(#arms)*
                }
            }
        }
        // A newtype checks what its schema states on the value it wraps.
        TypeKind::Newtype { ty, .. } => {
            let mut patterns = Patterns::default();
            match rules(module, ty, &def.constraints, &mut patterns) {
                Some(rules) => {
                    let patterns = patterns.declarations();
                    quote! {
                        use #rt::validate as v;
                        #patterns
                        #rt::Validate::check_rules(&self.0, &#rules, c);
                    }
                }
                None => quote!(#rt::Validate::check(&self.0, c);),
            }
        }
        TypeKind::Alias(_) | TypeKind::Pending => return quote!(),
    };
    let allow = allow_deprecated(touches_deprecated(module, def));
    if body.is_empty() {
        return quote!(#rt::no_checks!(#allow #name););
    }
    quote! {
        #allow
        impl #rt::Validate for #name {
            fn check(&self, c: &mut #rt::validate::Checker) {
                #body
            }
        }
    }
}

fn struct_checks(module: &Module, s: &Struct, rt: &syn::Path) -> TokenStream {
    let mut patterns = Patterns::default();
    let fields: Vec<TokenStream> = s
        .fields
        .iter()
        .filter_map(|f| {
            let rules = rules(module, &f.ty, &f.constraints, &mut patterns);
            if rules.is_none() && !f.ty.has_checks(&module.types) {
                return None;
            }
            let field = ident(&f.rust);
            // The alternative's properties sit beside the object's own: checked at its path.
            if f.flatten {
                return Some(quote!(#rt::Validate::check(&self.#field, c);));
            }
            let rules = rules.unwrap_or_else(|| quote!(v::Rules::NONE));
            let wire = &f.wire;
            // A required nullable property's `None` is sent as `null`, which an enum of JSON
            // values may not list.
            if f.required && f.nullable && !f.constraints.allowed_values.is_empty() {
                return Some(quote!(c.value_or_null(#wire, &self.#field, &#rules);));
            }
            Some(quote!(c.value(#wire, &self.#field, &#rules);))
        })
        .collect();
    // The properties not listed are flattened into the object: each value is checked at
    // `/<name>`, with the constraints of `additionalProperties`.
    let additional = s.additional.as_ref().and_then(|(field, ty)| {
        let map = Ty::Map(Box::new(ty.clone()));
        let each = Constraints {
            items: Some(s.additional_constraints.clone()),
            ..Constraints::default()
        };
        let field = ident(field);
        match rules(module, &map, &each, &mut patterns) {
            Some(rules) => Some((
                quote!(#rt::Validate::check_rules(&self.#field, &#rules, c);),
                true,
            )),
            None if ty.has_checks(&module.types) => {
                Some((quote!(#rt::Validate::check(&self.#field, c);), false))
            }
            None => None,
        }
    });
    let uses_rules = !fields.is_empty() || additional.as_ref().is_some_and(|(_, rules)| *rules);
    let additional = additional.map(|(check, _)| check);
    let import = uses_rules.then(|| quote!(use #rt::validate as v;));
    let patterns = patterns.declarations();
    let presence = |f: &Field| {
        let field = ident(&f.rust);
        let wire = &f.wire;
        match (f.required, f.nullable) {
            (true, _) => quote!((#wire, true)),
            (false, true) => quote!((#wire, !self.#field.is_absent())),
            (false, false) => quote!((#wire, self.#field.is_some())),
        }
    };
    let object = if s.required_sets.is_some() || s.property_count != (None, None) {
        let flags = s.fields.iter().filter(|f| !f.flatten).map(presence);
        let present = quote! {
            let present: Vec<&str> = [#(#flags),*].into_iter().filter_map(|(name, set)| set.then_some(name)).collect();
        };
        let sets = s.required_sets.as_ref().map(|(sets, exactly_one)| {
            let sets = sets.iter().map(|set| quote!(&[#(#set),*]));
            quote!(c.required_sets(&[#(#sets),*], &present, #exactly_one);)
        });
        // The alternatives' properties beside the object's own are not counted here, so a
        // count would be wrong: `minProperties`/`maxProperties` are left to the server then.
        let flattened = s.fields.iter().any(|f| f.flatten);
        let count = (s.property_count != (None, None) && !flattened).then(|| {
            let (min, max) = (opt_usize(s.property_count.0), opt_usize(s.property_count.1));
            let extra = match &s.additional {
                Some((field, _)) => {
                    let field = ident(field);
                    quote!(+ self.#field.len())
                }
                None => quote!(),
            };
            quote!(c.properties(present.len() #extra, #min, #max);)
        });
        quote!(#present #sets #count)
    } else {
        quote!()
    };
    quote!(#import #patterns #(#fields)* #additional #object)
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
            let path = format!("/{}", f.wire.replace('~', "~0").replace('/', "~1"));
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
    let builder_doc = outer_doc(&format!(
        "Builds a [`{}`] one property at a time; [`{builder_name}::build`] checks every constraint of the spec and reports every violation.",
        def.name
    ));
    let deprecated = deprecated_attr(def.deprecated);
    quote! {
        #rt::builder! {
            #[builds(#name)]
            #builder_doc
            #deprecated
            pub struct #builder {
                #(#fields,)*
            }
        }
    }
}
