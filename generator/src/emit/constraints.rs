//! Prints a value's constraints as one chain of the runtime's `Rules` methods
//! (`v::Rules::NONE.min_length(1).pattern(&PATTERN_0)`), and the `static` patterns the chain
//! refers to: declared where they are used, or once for the module (the `Validate` impls', so
//! that a pattern many types state is one `static`, compiled once).
//!
//! Only the constraints that concern the value's type are printed: [`rules`] asks
//! [`Constraints::for_ty`], the query lowering asked when it decided `TypeDef::checks`, so a value
//! is visited exactly when some rule can be printed for it. A leaf: it decides neither which
//! values are checked nor where (the validation and client emitters do), and it names the
//! runtime's `validate` module `v`, which its callers import so.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::*;

/// The `static` patterns a set of rules refers to (each distinct one once), declared before the
/// rules are used: in the function that uses them (`Patterns::default`), or once for the whole
/// module (`Patterns::shared`), where every `Validate` impl finds them.
#[derive(Default)]
pub(super) struct Patterns<'m> {
    found: Vec<String>,
    /// For patterns the module declares: every pattern its constraints state, sorted
    /// (`Module::patterns`), whose positions name them.
    module: Option<&'m [String]>,
}

impl<'m> Patterns<'m> {
    /// Patterns declared once at the top of the module ([`Patterns::module_declarations`]), so
    /// that a pattern many types state (an alias's, at every use) is one `static`, compiled
    /// once. Each is named by its position among every pattern the module's constraints state
    /// (sorted, so the same in every piece).
    pub(super) fn shared(module: &'m Module) -> Self {
        Patterns {
            found: Vec::new(),
            module: Some(&module.patterns),
        }
    }

    fn add(&mut self, pattern: &str) -> proc_macro2::Ident {
        let local = match self.found.iter().position(|p| p == pattern) {
            Some(index) => index,
            None => {
                self.found.push(pattern.to_owned());
                self.found.len() - 1
            }
        };
        let index = match self.module {
            Some(all) => module_index(all, pattern),
            None => local,
        };
        format_ident!("PATTERN_{}", index)
    }

    /// The declarations, to put first in the function that uses the rules (none for the
    /// patterns the module declares).
    pub(super) fn declarations(&self) -> TokenStream {
        if self.module.is_some() {
            return quote!();
        }
        let declarations = self.found.iter().enumerate().map(|(index, pattern)| {
            let name = format_ident!("PATTERN_{}", index);
            quote!(static #name: v::Pattern = v::Pattern::new(#pattern);)
        });
        quote!(#(#declarations)*)
    }

    /// The module's declarations of the shared patterns found, in the order of their names.
    pub(super) fn module_declarations(&mut self, rt: &syn::Path) -> TokenStream {
        let all = self.module.take().unwrap_or_default();
        let mut found: Vec<(usize, &String)> = self
            .found
            .iter()
            .map(|pattern| (module_index(all, pattern), pattern))
            .collect();
        found.sort_unstable();
        let declarations = found.iter().map(|(index, pattern)| {
            let name = format_ident!("PATTERN_{}", index);
            quote! {
                static #name: #rt::validate::Pattern = #rt::validate::Pattern::new(#pattern);
            }
        });
        quote!(#(#declarations)*)
    }
}

/// The position of a pattern among the module's (sorted, so found by bisection). Every pattern
/// a rule prints is among them: the passes collected them from the same constraints. One that
/// were not would be named after the last (one such is declared correctly; two would be one
/// name declared twice, which does not compile: never a check against the wrong pattern).
fn module_index(all: &[String], pattern: &str) -> usize {
    all.binary_search_by(|p| p.as_str().cmp(pattern))
        .unwrap_or(all.len())
}

/// The runtime `Rules` stating `constraints` on a value of type `ty`, or `None` when none of them
/// concerns that type (a `maxLength` on a number, say: [`Constraints::for_ty`] decides, as it
/// did for lowering's `checks`). The tokens name the runtime's `validate` module `v`: the caller
/// imports it so (`use <runtime>::validate as v;`).
pub(super) fn rules(
    module: &Module,
    ty: &Ty,
    constraints: &Constraints,
    patterns: &mut Patterns<'_>,
) -> Option<TokenStream> {
    print_rules(&constraints.for_ty(&module.types, ty), patterns)
}

/// Prints constraints that all concern the value they are stated on.
fn print_rules(c: &Constraints, patterns: &mut Patterns<'_>) -> Option<TokenStream> {
    let usize_call = |name: &str, value: Option<usize>| {
        value.map(|v| {
            let name = format_ident!("{name}");
            let v = proc_macro2::Literal::usize_unsuffixed(v);
            quote!(.#name(#v))
        })
    };
    let mut calls = Vec::new();
    calls.extend(usize_call("min_length", c.min_length));
    calls.extend(usize_call("max_length", c.max_length));
    if let Some(pattern) = &c.pattern {
        let name = patterns.add(pattern);
        calls.push(quote!(.pattern(&#name)));
    }
    let format = match c.format.as_deref() {
        Some("email") => Some(quote!(Email)),
        Some("uri") => Some(quote!(Uri)),
        Some("uuid") => Some(quote!(Uuid)),
        Some("date") => Some(quote!(Date)),
        Some("date-time") => Some(quote!(DateTime)),
        _ => None,
    };
    if let Some(format) = format {
        calls.push(quote!(.format(v::Format::#format)));
    }
    if let Some((limit, exclusive)) = c.minimum {
        let limit = proc_macro2::Literal::f64_unsuffixed(limit);
        calls.push(quote!(.minimum(#limit, #exclusive)));
    }
    if let Some((limit, exclusive)) = c.maximum {
        let limit = proc_macro2::Literal::f64_unsuffixed(limit);
        calls.push(quote!(.maximum(#limit, #exclusive)));
    }
    if let Some(step) = c.multiple_of {
        let step = proc_macro2::Literal::f64_unsuffixed(step);
        calls.push(quote!(.multiple_of(#step)));
    }
    if !c.allowed_numbers.is_empty() {
        let allowed = c
            .allowed_numbers
            .iter()
            .map(|v| proc_macro2::Literal::f64_unsuffixed(*v));
        calls.push(quote!(.allowed(&[#(#allowed),*])));
    }
    calls.extend(usize_call("min_items", c.min_items));
    calls.extend(usize_call("max_items", c.max_items));
    if c.unique_items {
        calls.push(quote!(.unique_items()));
    }
    calls.extend(usize_call("min_properties", c.min_properties));
    calls.extend(usize_call("max_properties", c.max_properties));
    if let Some(items) = c.items.as_deref().and_then(|i| print_rules(i, patterns)) {
        calls.push(quote!(.items(&#items)));
    }
    if let Some(keys) = c.keys.as_deref().and_then(|k| print_rules(k, patterns)) {
        calls.push(quote!(.keys(&#keys)));
    }
    // An enum of booleans, or one mixing kinds: each value as JSON text, compared as JSON by
    // the runtime.
    if !c.allowed_values.is_empty() {
        let texts = c.allowed_values.iter().map(ToString::to_string);
        calls.push(quote!(.allowed_json(&[#(#texts),*])));
    }
    (!calls.is_empty()).then(|| quote!(v::Rules::NONE #(#calls)*))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn module() -> Module {
        Module::default()
    }

    fn printed(ty: &Ty, c: &Constraints, patterns: &mut Patterns) -> Option<String> {
        rules(&module(), ty, c, patterns).map(|tokens| tokens.to_string())
    }

    #[test]
    fn a_string_prints_its_lengths_pattern_and_checkable_format_in_order() {
        let c = Constraints {
            max_length: Some(10),
            min_length: Some(1),
            pattern: Some("^[a-z]+$".into()),
            format: Some("email".into()),
            ..Constraints::default()
        };
        let mut patterns = Patterns::default();
        let expected = quote!(
            v::Rules::NONE
                .min_length(1)
                .max_length(10)
                .pattern(&PATTERN_0)
                .format(v::Format::Email)
        );
        assert_eq!(
            printed(&Ty::String, &c, &mut patterns),
            Some(expected.to_string())
        );
        assert_eq!(
            patterns.declarations().to_string(),
            quote!(
                static PATTERN_0: v::Pattern = v::Pattern::new("^[a-z]+$");
            )
            .to_string()
        );
    }

    #[test]
    fn constraints_that_do_not_concern_the_type_print_nothing() {
        let c = Constraints {
            max_length: Some(10),
            format: Some("int32".into()),
            ..Constraints::default()
        };
        let mut patterns = Patterns::default();
        assert_eq!(printed(&Ty::I64, &c, &mut patterns), None);
        // A format the type cannot check is left out too.
        let int32 = Constraints {
            format: Some("int32".into()),
            ..Constraints::default()
        };
        assert_eq!(printed(&Ty::String, &int32, &mut patterns), None);
        assert_eq!(
            printed(&Ty::String, &Constraints::default(), &mut patterns),
            None
        );
        assert!(patterns.declarations().is_empty());
    }

    #[test]
    fn numbers_print_bounds_steps_and_allowed_values_as_floating_point_literals() {
        let c = Constraints {
            minimum: Some((0.0, false)),
            maximum: Some((99.5, true)),
            multiple_of: Some(0.5),
            allowed_numbers: vec![1.0, 2.5],
            ..Constraints::default()
        };
        let expected = quote!(
            v::Rules::NONE
                .minimum(0.0, false)
                .maximum(99.5, true)
                .multiple_of(0.5)
                .allowed(&[1.0, 2.5])
        );
        assert_eq!(
            printed(&Ty::Option(Box::new(Ty::F64)), &c, &mut Patterns::default()),
            Some(expected.to_string())
        );
    }

    #[test]
    fn items_are_a_nested_chain_and_a_pattern_used_twice_is_declared_once() {
        let pattern = || Some("^x".to_owned());
        let c = Constraints {
            min_items: Some(1),
            unique_items: true,
            items: Some(Box::new(Constraints {
                pattern: pattern(),
                // A bound on a string says nothing: left out of the items' chain.
                minimum: Some((1.0, false)),
                ..Constraints::default()
            })),
            ..Constraints::default()
        };
        let mut patterns = Patterns::default();
        let list = Ty::Vec(Box::new(Ty::String));
        let expected = quote!(
            v::Rules::NONE
                .min_items(1)
                .unique_items()
                .items(&v::Rules::NONE.pattern(&PATTERN_0))
        );
        assert_eq!(
            printed(&list, &c, &mut patterns),
            Some(expected.to_string())
        );
        let again = Constraints {
            pattern: pattern(),
            ..Constraints::default()
        };
        assert_eq!(
            printed(&Ty::String, &again, &mut patterns),
            Some(quote!(v::Rules::NONE.pattern(&PATTERN_0)).to_string())
        );
        assert_eq!(
            patterns.declarations().to_string(),
            quote!(
                static PATTERN_0: v::Pattern = v::Pattern::new("^x");
            )
            .to_string()
        );
    }

    #[test]
    fn maps_print_their_property_counts_and_json_values_their_texts() {
        let map = Constraints {
            min_properties: Some(1),
            max_properties: Some(3),
            items: Some(Box::new(Constraints {
                max_length: Some(4),
                ..Constraints::default()
            })),
            ..Constraints::default()
        };
        let expected = quote!(
            v::Rules::NONE
                .min_properties(1)
                .max_properties(3)
                .items(&v::Rules::NONE.max_length(4))
        );
        assert_eq!(
            printed(
                &Ty::Map(Box::new(Ty::String)),
                &map,
                &mut Patterns::default()
            ),
            Some(expected.to_string())
        );
        let values = Constraints {
            allowed_values: vec![
                serde_json::json!(1),
                serde_json::json!("two"),
                serde_json::Value::Null,
            ],
            ..Constraints::default()
        };
        assert_eq!(
            printed(&Ty::Value, &values, &mut Patterns::default()),
            Some(quote!(v::Rules::NONE.allowed_json(&["1", "\"two\"", "null"])).to_string())
        );
    }

    #[test]
    fn shared_patterns_are_named_by_their_place_among_the_modules_and_declared_once() {
        let pattern = |text: &str| Constraints {
            pattern: Some(text.to_owned()),
            ..Constraints::default()
        };
        let newtype = |name: &str, constraints: Constraints| TypeDef {
            name: name.to_owned(),
            doc: String::new(),
            pointer: String::new(),
            nullable: false,
            deprecated: false,
            checks: true,
            validated: true,
            decoded: true,
            webhook_only: false,
            constraints,
            kind: TypeKind::Newtype {
                ty: Ty::String,
                default: true,
            },
        };
        let module = Module {
            types: vec![
                newtype("Code", pattern("^z")),
                newtype("Tag", pattern("^a")),
            ],
            // As the passes collect them: sorted.
            patterns: vec!["^a".to_owned(), "^z".to_owned()],
            ..Module::default()
        };
        let mut patterns = Patterns::shared(&module);
        let mut printed = |c: &Constraints| {
            rules(&module, &Ty::String, c, &mut patterns).map(|tokens| tokens.to_string())
        };
        let z = printed(&pattern("^z"));
        assert_eq!(z, printed(&pattern("^z")));
        assert_eq!(
            z,
            Some(quote!(v::Rules::NONE.pattern(&PATTERN_1)).to_string())
        );
        assert!(patterns.declarations().is_empty());
        let rt: syn::Path = syn::parse_quote!(crate::runtime);
        assert_eq!(
            patterns.module_declarations(&rt).to_string(),
            quote!(
                static PATTERN_1: crate::runtime::validate::Pattern =
                    crate::runtime::validate::Pattern::new("^z");
            )
            .to_string()
        );
    }
}
