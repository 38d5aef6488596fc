//! Emits the `Validate` impl of every type: each constraint of the spec becomes one call into
//! the runtime's `Checker`.
//!
//! Only the types the passes marked `TypeDef::validated` get one (what a request can contain, and
//! what no operation uses): a type only received is never checked. A struct with nothing to
//! check gets one `no_checks!` line. Otherwise each property with
//! constraints, or of a type that has checks, becomes one `c.value(name, &self.field, &rules)`
//! call, its constraints a chain of runtime `Rules` methods (`constraints`); the properties not
//! listed are checked with the rules of `additionalProperties`, and `required` alternatives and
//! `minProperties`/`maxProperties` against the names of the properties present. A union's alternative is checked with
//! its own rules at the union's path, a newtype's value with its schema's. Enums get theirs from
//! the runtime's enum macros; aliases have none (each use carries their constraints).
//!
//! Lowering decided which types have something to check (`TypeDef::checks`; a type holding an
//! `f64` always has, since the number must be finite), and uses of the others are not visited:
//! `Ty::has_checks` and `Constraints::for_ty` (in `ir`) answer for both, so a value is visited
//! exactly when some rule can be printed for it. This module decides nothing of its own.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::*;

use super::common::{allow_deprecated, ident, member, touches_deprecated};
use super::constraints::{Patterns, rules};

fn opt_usize(value: Option<usize>) -> TokenStream {
    match value {
        Some(v) => {
            let v = proc_macro2::Literal::usize_unsuffixed(v);
            quote!(Some(#v))
        }
        None => quote!(None),
    }
}

pub(super) fn validate_impl(module: &Module, def: &TypeDef, rt: &syn::Path) -> TokenStream {
    validate_with(module, def, rt, &mut Patterns::shared(module))
}

/// The patterns of every `Validate` impl, each declared once at the top of the module: a
/// pattern many types state (an alias's, at every use) is one `static`, compiled once.
pub(super) fn shared_patterns(module: &Module, rt: &syn::Path) -> TokenStream {
    let mut patterns = Patterns::shared(module);
    for def in &module.types {
        validate_with(module, def, rt, &mut patterns);
    }
    patterns.module_declarations(rt)
}

/// The `Validate` impl of a type, naming the shared patterns it uses (and adding them to
/// `patterns`).
fn validate_with(
    module: &Module,
    def: &TypeDef,
    rt: &syn::Path,
    patterns: &mut Patterns<'_>,
) -> TokenStream {
    // A type only responses contain is never checked.
    if !def.validated {
        return quote!();
    }
    let name = ident(&def.name);
    let body = match &def.kind {
        TypeKind::Struct(s) => struct_checks(module, s, rt, patterns),
        // The enum macros implement `Validate`.
        TypeKind::Enum(_) => return quote!(),
        // The alternative's own constraints are checked at the union's path: the union is
        // the value.
        TypeKind::Union(u) => {
            let arms: Vec<TokenStream> = u
                .variants
                .iter()
                .map(|variant| {
                    let name = ident(&variant.name);
                    match rules(module, &variant.ty, &variant.constraints, patterns) {
                        Some(rules) => {
                            quote!(Self::#name(value) => #rt::Validate::check_rules(value, &#rules, c),)
                        }
                        None => quote!(Self::#name(value) => #rt::Validate::check(value, c),),
                    }
                })
                .collect();
            quote! {
                match self {
                    #(#arms)*
                }
            }
        }
        // A newtype checks what its schema states on the value it wraps.
        TypeKind::Newtype { ty, .. } => match rules(module, ty, &def.constraints, patterns) {
            Some(rules) => {
                quote! {
                    #rt::Validate::check_rules(&self.0, &#rules, c);
                }
            }
            None => quote!(#rt::Validate::check(&self.0, c);),
        },
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

fn struct_checks(
    module: &Module,
    s: &Struct,
    rt: &syn::Path,
    patterns: &mut Patterns<'_>,
) -> TokenStream {
    let fields: Vec<TokenStream> = s
        .fields
        .iter()
        .filter_map(|f| {
            let rules = rules(module, &f.ty, &f.constraints, patterns);
            if rules.is_none() && !f.ty.has_checks(&module.types) {
                return None;
            }
            let field = member(&f.rust);
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
        // The values' constraints, and the names'.
        let each = Constraints {
            items: Some(Box::new(Constraints {
                keys: None,
                ..(*s.additional_constraints).clone()
            })),
            keys: s.additional_constraints.keys.clone(),
            ..Constraints::default()
        };
        let field = member(field);
        // The items of a tuple after its positions, at their index in the whole array.
        if s.is_tuple() {
            let offset = proc_macro2::Literal::usize_unsuffixed(s.fields.len());
            return match rules(module, ty, &s.additional_constraints, patterns) {
                Some(rules) => Some(quote!(c.rest(#offset, &self.#field, &#rules);)),
                None if ty.has_checks(&module.types) => {
                    Some(quote!(c.rest(#offset, &self.#field, &v::Rules::NONE);))
                }
                None => None,
            };
        }
        match rules(module, &map, &each, patterns) {
            Some(rules) => Some(quote!(#rt::Validate::check_rules(&self.#field, &#rules, c);)),
            None if ty.has_checks(&module.types) => {
                Some(quote!(#rt::Validate::check(&self.#field, c);))
            }
            None => None,
        }
    });
    let presence = |f: &Field| {
        let field = ident(&f.rust);
        let wire = &f.wire;
        match (f.required, f.nullable) {
            (true, _) => quote!((#wire, true)),
            (false, true) => quote!((#wire, !self.#field.is_absent())),
            (false, false) => quote!((#wire, self.#field.is_some())),
        }
    };
    let object = if s.is_tuple() {
        match (&s.additional, s.property_count) {
            (Some((field, _)), (min, max)) if (min, max) != (None, None) => {
                let count = proc_macro2::Literal::usize_unsuffixed(s.fields.len());
                let field = member(field);
                let (min, max) = (opt_usize(min), opt_usize(max));
                quote!(c.item_count(#count + self.#field.len(), #min, #max);)
            }
            _ => quote!(),
        }
    } else if s.required_sets.is_some()
        || s.property_count != (None, None)
        || !s.dependent_required.is_empty()
    {
        let flags = s.fields.iter().filter(|f| !f.flatten).map(presence);
        // The properties not listed may be the ones `dependentRequired` names.
        let additional_names = match &s.additional {
            Some((field, _)) if !s.dependent_required.is_empty() => {
                let field = ident(field);
                quote!(.chain(self.#field.keys().map(String::as_str)))
            }
            _ => quote!(),
        };
        let present = quote! {
            let present: Vec<&str> = [#(#flags),*].into_iter().filter_map(|(name, set)| set.then_some(name)) #additional_names .collect();
        };
        let dependent = (!s.dependent_required.is_empty()).then(|| {
            let entries = s
                .dependent_required
                .iter()
                .map(|(property, required)| quote!((#property, &[#(#required),*])));
            quote!(c.dependent_required(&present, &[#(#entries),*]);)
        });
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
                // Counted among the names present already.
                Some(_) if !s.dependent_required.is_empty() => quote!(),
                Some((field, _)) => {
                    let field = ident(field);
                    quote!(+ self.#field.len())
                }
                None => quote!(),
            };
            quote!(c.properties(present.len() #extra, #min, #max);)
        });
        quote!(#present #sets #dependent #count)
    } else {
        quote!()
    };
    quote!(#(#fields)* #additional #object)
}
