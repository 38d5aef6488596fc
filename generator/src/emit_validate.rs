//! Emits validation and builders: a `Validate` impl for every type (each constraint of the spec
//! becomes one call into the runtime's `Checker`), and for every struct a request can contain, a
//! builder whose `build` runs that validation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::{ident, outer_doc, ty_tokens};
use crate::ir::*;
use crate::names::Namespace;

pub(crate) fn emit_validation(
    module: &Module,
    rt: &syn::Path,
    sink: &mut crate::emit::Sink<'_>,
) -> Result<(), syn::Error> {
    for t in &module.types {
        sink(validate_impl(module, t, rt))?;
    }
    for t in &module.types {
        if let TypeKind::Struct(s) = &t.kind {
            if let Some(b) = &s.builder {
                sink(builder(module, t, s, b, rt))?;
            }
        }
    }
    Ok(())
}

/// Follows aliases to the type a value really has.
fn resolved<'m>(module: &'m Module, ty: &'m Ty) -> &'m Ty {
    let mut current = ty;
    for _ in 0..16 {
        match current {
            Ty::Named(id) => match &module.types[*id].kind {
                TypeKind::Alias(inner) => current = inner,
                _ => return current,
            },
            other => return other,
        }
    }
    current
}

/// Whether values of this type have a `Validate` impl with something to check.
fn has_checks(module: &Module, ty: &Ty) -> bool {
    match resolved(module, ty) {
        Ty::Named(_) => true,
        Ty::Vec(inner) | Ty::Map(inner) | Ty::Option(inner) => has_checks(module, inner),
        _ => false,
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

fn bound(rt: &syn::Path, value: Option<(f64, bool)>) -> TokenStream {
    match value {
        Some((limit, exclusive)) => {
            let limit = proc_macro2::Literal::f64_unsuffixed(limit);
            quote!(Some(#rt::validate::Bound { value: #limit, exclusive: #exclusive }))
        }
        None => quote!(None),
    }
}

/// The checks of `constraints` on `value` (an expression of type `&ty`), in the checker `c`.
pub(crate) fn constraint_checks(
    module: &Module,
    value: &TokenStream,
    ty: &Ty,
    constraints: &Constraints,
    rt: &syn::Path,
) -> TokenStream {
    let mut checks = Vec::new();
    match resolved(module, ty) {
        Ty::String => {
            if constraints.min_length.is_some() || constraints.max_length.is_some() {
                let (min, max) = (
                    opt_usize(constraints.min_length),
                    opt_usize(constraints.max_length),
                );
                checks.push(quote!(c.length(#value, #min, #max);));
            }
            if let Some(pattern) = &constraints.pattern {
                checks.push(quote! {
                    static PATTERN: #rt::validate::Pattern = #rt::validate::Pattern::new(#pattern);
                    c.pattern(#value, &PATTERN);
                });
            }
            let format = match constraints.format.as_deref() {
                Some("email") => Some(quote!(Email)),
                Some("uri") => Some(quote!(Uri)),
                Some("uuid") => Some(quote!(Uuid)),
                Some("date") => Some(quote!(Date)),
                Some("date-time") => Some(quote!(DateTime)),
                _ => None,
            };
            if let Some(format) = format {
                checks.push(quote!(c.format(#value, #rt::validate::Format::#format);));
            }
        }
        Ty::I32 | Ty::I64 | Ty::F64
            if constraints.minimum.is_some()
                || constraints.maximum.is_some()
                || constraints.multiple_of.is_some() =>
        {
            let (min, max) = (
                bound(rt, constraints.minimum),
                bound(rt, constraints.maximum),
            );
            let step = match constraints.multiple_of {
                Some(step) => {
                    let step = proc_macro2::Literal::f64_unsuffixed(step);
                    quote!(Some(#step))
                }
                None => quote!(None),
            };
            // Integers beyond 2^53 lose precision here, far beyond any bound a spec states.
            let number = if *resolved(module, ty) == Ty::F64 {
                quote!(*#value)
            } else {
                quote!(*#value as f64)
            };
            checks.push(quote!(c.number(#number, #min, #max, #step);));
        }
        Ty::Vec(inner) => {
            if constraints.min_items.is_some()
                || constraints.max_items.is_some()
                || constraints.unique_items
            {
                let (min, max, unique) = (
                    opt_usize(constraints.min_items),
                    opt_usize(constraints.max_items),
                    constraints.unique_items,
                );
                checks.push(quote!(c.items(#value, #min, #max, #unique);));
            }
            if let Some(items) = &constraints.items {
                let (item_ty, optional) = match inner.as_ref() {
                    Ty::Option(t) => (t.as_ref(), true),
                    t => (t, false),
                };
                let item_checks = constraint_checks(module, &quote!(item), item_ty, items, rt);
                if !item_checks.is_empty() {
                    let bind = if optional {
                        quote!(if let Some(item) = item)
                    } else {
                        quote!()
                    };
                    checks.push(quote! {
                        for (i, item) in #value.iter().enumerate() {
                            c.at(&i.to_string(), |c| { #bind { #item_checks } });
                        }
                    });
                }
            }
        }
        _ => {}
    }
    if !constraints.allowed_numbers.is_empty()
        && matches!(resolved(module, ty), Ty::I32 | Ty::I64 | Ty::F64)
    {
        let number = if *resolved(module, ty) == Ty::F64 {
            quote!(*#value)
        } else {
            quote!(*#value as f64)
        };
        let allowed = constraints
            .allowed_numbers
            .iter()
            .map(|v| proc_macro2::Literal::f64_unsuffixed(*v));
        checks.push(quote!(c.allowed_number(#number, &[#(#allowed),*]);));
    }
    quote!(#(#checks)*)
}

fn validate_impl(module: &Module, def: &TypeDef, rt: &syn::Path) -> TokenStream {
    let name = ident(&def.name);
    let body = match &def.kind {
        TypeKind::Struct(s) => struct_checks(module, s, rt),
        TypeKind::Enum(e) => {
            let other = ident(&e.other);
            let allowed = e.variants.iter().map(|v| &v.wire);
            quote! {
                if let Self::#other(value) = self {
                    c.unknown_value(value, &[#(#allowed),*]);
                }
            }
        }
        TypeKind::Union(u) => {
            let variants = u.variants.iter().map(|v| ident(&v.name));
            quote! {
                match self {
                    #(Self::#variants(value) => #rt::Validate::check(value, c),)*
                }
            }
        }
        TypeKind::Newtype { .. } => quote!(#rt::Validate::check(&self.0, c);),
        TypeKind::Alias(_) | TypeKind::Pending => return quote!(),
    };
    let unused = body.is_empty().then(|| quote!(let _ = c;));
    quote! {
        impl #rt::Validate for #name {
            fn check(&self, c: &mut #rt::validate::Checker) {
                #unused
                #body
            }
        }
    }
}

fn struct_checks(module: &Module, s: &Struct, rt: &syn::Path) -> TokenStream {
    let fields = s.fields.iter().filter_map(|f| {
        let field = ident(&f.rust);
        let wire = &f.wire;
        let value = quote!(value);
        let value_ref = if f.boxed {
            quote!(&**value)
        } else {
            quote!(value)
        };
        let constraints = constraint_checks(module, &value_ref, &f.ty, &f.constraints, rt);
        let nested =
            has_checks(module, &f.ty).then(|| quote!(#rt::Validate::check(#value_ref, c);));
        if constraints.is_empty() && nested.is_none() {
            return None;
        }
        let inner = quote!(#constraints #nested);
        let access = match (f.required, f.nullable) {
            (true, false) => quote!(let #value = &self.#field; #inner),
            (false, true) => quote!(if let #rt::Nullable::Value(#value) = &self.#field { #inner }),
            _ => quote!(if let Some(#value) = &self.#field { #inner }),
        };
        Some(quote!(c.at(#wire, |c| { #access });))
    });
    let additional = s
        .additional
        .as_ref()
        .filter(|(_, ty)| has_checks(module, ty))
        .map(|(field, _)| {
            let field = ident(field);
            quote!(#rt::Validate::check(&self.#field, c);)
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
    let object = if s.required_sets.is_some() || s.property_count != (None, None) {
        let flags = s.fields.iter().map(presence);
        let present = quote! {
            let present: Vec<&str> = [#(#flags),*].into_iter().filter_map(|(name, set)| set.then_some(name)).collect();
        };
        let sets = s.required_sets.as_ref().map(|(sets, exactly_one)| {
            let sets = sets.iter().map(|set| quote!(&[#(#set),*]));
            quote!(c.required_sets(&[#(#sets),*], &present, #exactly_one);)
        });
        let count = (s.property_count != (None, None)).then(|| {
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
    quote!(#(#fields)* #additional #object)
}

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
    let mut setters = Vec::new();
    let mut required = Vec::new();
    for f in &s.fields {
        let field = ident(&f.rust);
        let inner = ty_tokens(module, &f.ty, rt);
        let stored = if f.boxed {
            quote!(Box<#inner>)
        } else {
            inner.clone()
        };
        let wrap = |v: TokenStream| if f.boxed { quote!(Box::new(#v)) } else { v };
        let field_ty = match (f.required, f.nullable) {
            (true, false) | (false, false) => quote!(Option<#stored>),
            (true, true) => quote!(Option<Option<#stored>>),
            (false, true) => quote!(#rt::Nullable<#stored>),
        };
        // How a set value is stored in the builder's field.
        let set = |v: TokenStream| match (f.required, f.nullable) {
            (true, true) => quote!(Some(Some(#v))),
            (false, true) => quote!(#rt::Nullable::Value(#v)),
            _ => quote!(Some(#v)),
        };
        fields.push(quote!(#field: #field_ty));
        let doc = outer_doc(&format!(
            "Sets `{}`: {}",
            f.wire,
            f.doc.lines().next().unwrap_or("")
        ));
        let method = ident(&methods_ns.claim(f.rust.trim_start_matches("r#"), true));
        match &f.ty {
            Ty::Vec(item) => {
                let item = ty_tokens(module, item, rt);
                let value = set(wrap(quote!(items.into_iter().map(Into::into).collect())));
                setters.push(quote! {
                    #doc
                    pub fn #method<I>(mut self, items: I) -> Self where I: IntoIterator, I::Item: Into<#item> {
                        self.#field = #value;
                        self
                    }
                });
                let empty = format_ident!(
                    "{}",
                    methods_ns.claim(&format!("empty_{}", f.rust.trim_start_matches("r#")), true)
                );
                let value = set(wrap(quote!(Vec::new())));
                let doc = outer_doc(&format!("Sends `{}` as an empty list.", f.wire));
                setters.push(
                    quote!(#doc pub fn #empty(mut self) -> Self { self.#field = #value; self }),
                );
            }
            _ => {
                let value = set(wrap(quote!(value.into())));
                setters.push(quote! {
                    #doc
                    pub fn #method(mut self, value: impl Into<#inner>) -> Self {
                        self.#field = #value;
                        self
                    }
                });
            }
        }
        if f.nullable {
            let clear = format_ident!(
                "{}",
                methods_ns.claim(&format!("clear_{}", f.rust.trim_start_matches("r#")), true)
            );
            let null = if f.required {
                quote!(Some(None))
            } else {
                quote!(#rt::Nullable::Null)
            };
            let doc = outer_doc(&format!("Sends `{}` as `null`, clearing it.", f.wire));
            setters
                .push(quote!(#doc pub fn #clear(mut self) -> Self { self.#field = #null; self }));
        }
        if f.required {
            required.push(f);
        }
    }
    if let Some((field, ty)) = &s.additional {
        let field = ident(field);
        let value_ty = ty_tokens(module, ty, rt);
        fields.push(quote!(#field: ::std::collections::BTreeMap<String, #value_ty>));
        let method = ident(&methods_ns.claim("additional_property", true));
        setters.push(quote! {
            /// Adds a property not listed in the schema (`additionalProperties`).
            pub fn #method(mut self, name: impl Into<String>, value: impl Into<#value_ty>) -> Self {
                self.#field.insert(name.into(), value.into());
                self
            }
        });
    }
    let missing = required.iter().map(|f| {
        let field = ident(&f.rust);
        let path = format!("/{}", f.wire.replace('~', "~0").replace('/', "~1"));
        quote! {
            if self.#field.is_none() {
                missing.push(#rt::validate::Violation { path: #path.to_owned(), rule: "is required".to_owned() });
            }
        }
    });
    let required_names: Vec<_> = required.iter().map(|f| ident(&f.rust)).collect();
    let unpack = if required.is_empty() {
        quote!()
    } else {
        quote! {
            let mut missing = Vec::new();
            #(#missing)*
            let (#(Some(#required_names),)*) = (#(self.#required_names,)*) else {
                return Err(#rt::Violations(missing));
            };
        }
    };
    let assign = s.fields.iter().map(|f| {
        let field = ident(&f.rust);
        if f.required {
            quote!(#field)
        } else {
            quote!(#field: self.#field)
        }
    });
    let additional_assign = s.additional.as_ref().map(|(field, _)| {
        let field = ident(field);
        quote!(#field: self.#field,)
    });
    let builder_doc = outer_doc(&format!(
        "Builds a [`{}`] one property at a time; [`{builder_name}::build`] checks every constraint of the spec and reports every violation.",
        def.name
    ));
    quote! {
        impl #name {
            /// Starts a builder; `build` checks every constraint of the spec.
            pub fn builder() -> #builder {
                // Through the trait: a property named `default` has a setter of that name.
                <#builder as ::std::default::Default>::default()
            }
        }

        #builder_doc
        #[derive(Clone, Debug, Default)]
        pub struct #builder {
            #(#fields,)*
        }

        impl #builder {
            #(#setters)*

            /// The value, if every required property is set and every constraint holds;
            /// otherwise every violation at once.
            pub fn build(self) -> Result<#name, #rt::Violations> {
                #unpack
                let value = #name { #(#assign,)* #additional_assign };
                #rt::Validate::validate(&value)?;
                Ok(value)
            }
        }
    }
}
