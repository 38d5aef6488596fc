//! Emits the plain-data description of the API that the runtime reads at run time: `SERVERS`,
//! the `security_schemes` module and one constant per operation in the `operations` module
//! (method, path, parameters with their style, body, responses, security, servers), with `ALL`
//! listing them after the last.
//!
//! The constants are written with the runtime's `const` constructors and state only what differs
//! from their defaults (`Parameter::path("id")`, `Response::json(status, description)`), so that
//! `prettyplease` keeps each on a few lines. The module opens with a constructor per method its
//! operations use (`get("id")`: `Operation::new` with `super::SERVERS`, the path set next) and
//! with the lists (parameters, responses, security, servers) that several operations state, each
//! declared once as a private constant ([`SharedLists`]: `RESPONSES_0`, named by order of first
//! use). It opens and closes as text ([`operations_open`], [`operations_close`]) so that `print`
//! formats each constant on its own; it imports the runtime's `describe` items, and its own names
//! (lowercase constructors, the shared lists' names, which no operation's constant has) collide
//! with none of them. An operation's doc is its heading and a link to its `Client` method, whose
//! signature and documentation say the rest. Declarations only: no behaviour, and no decision of
//! its own: whether a list is written in place or named, it is the same value.

use std::collections::{HashMap, HashSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::*;

use super::common::{DEPRECATED_NOTE, deprecated_attr, ident, opt_str, outer_doc};

/// `SERVERS`, the servers the API is served from.
pub(super) fn servers_const(module: &Module, rt: &syn::Path) -> TokenStream {
    let servers = servers(&module.servers, &quote!(#rt::describe::));
    quote! {
        /// The servers this API is served from, as the spec lists them (the first is the default).
        pub const SERVERS: &[#rt::describe::Server] = #servers;
    }
}

/// The text before `Piece::OperationsHead`: the module opens and imports the runtime's
/// `describe` items, which its constants are written with.
pub(crate) fn operations_open(runtime_path: &str) -> String {
    format!(
        "/// A description of every operation: method, path, parameters, body, responses, security\n/// and servers.\n#[allow(clippy::module_inception)]\npub mod operations {{\n    use {runtime_path}::describe::*;\n"
    )
}

/// The text after the last `Piece::Operation`: `ALL`, every operation in the spec's order, and
/// the module's closing brace. `ALL` is text too, its names as many to a line as fit in
/// [`WIDTH`] columns (`prettyplease` would give each of them a line of its own).
pub(crate) fn operations_close(module: &Module) -> String {
    let names: Vec<String> = module
        .operations
        .iter()
        .map(|op| format!("&{}", ident(&op.const_name)))
        .collect();
    let mut out =
        String::from("    /// Every operation, in the spec's order.\n    #[allow(deprecated)]\n");
    let head = format!("    pub const {}: &[&Operation] = &[", all_name(module));
    let one_line = format!("{head}{}];", names.join(", "));
    if one_line.len() <= WIDTH {
        out.push_str(&one_line);
        out.push('\n');
    } else {
        out.push_str(&head);
        let mut line = String::new();
        for name in names {
            if !line.is_empty() && 8 + line.len() + 1 + name.len() + 1 > WIDTH {
                out.push_str(&format!("\n        {line}"));
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&name);
            line.push(',');
        }
        out.push_str(&format!("\n        {line}\n    ];\n"));
    }
    out.push_str("}\n");
    out
}

/// The width `ALL`'s lines fill, as rustfmt's.
const WIDTH: usize = 100;

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

/// A list an operation states, which several operations may share.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum ListKind {
    Parameters,
    Responses,
    Security,
    Servers,
}

impl ListKind {
    /// In the order an operation's constant states them.
    const ALL: [ListKind; 4] = [
        ListKind::Parameters,
        ListKind::Responses,
        ListKind::Security,
        ListKind::Servers,
    ];

    /// The shared constants' names: this and their position among the lists of this kind.
    fn prefix(self) -> &'static str {
        match self {
            ListKind::Parameters => "PARAMETERS_",
            ListKind::Responses => "RESPONSES_",
            ListKind::Security => "SECURITY_",
            ListKind::Servers => "SERVERS_",
        }
    }

    fn ty(self) -> TokenStream {
        match self {
            ListKind::Parameters => quote!(&[Parameter]),
            ListKind::Responses => quote!(&[Response]),
            ListKind::Security => quote!(&[&[SecurityUse]]),
            ListKind::Servers => quote!(&[Server]),
        }
    }

    /// The `Operation` method that sets it.
    fn setter(self) -> TokenStream {
        match self {
            ListKind::Parameters => quote!(parameters),
            ListKind::Responses => quote!(responses),
            ListKind::Security => quote!(security),
            ListKind::Servers => quote!(servers),
        }
    }

    /// The list `op` states, if it states one (an empty list is the default).
    fn of(self, module: &Module, op: &Operation) -> Option<TokenStream> {
        match self {
            ListKind::Parameters if !op.params.is_empty() => {
                let params = op.params.iter().map(parameter);
                Some(quote!(&[#(#params),*]))
            }
            ListKind::Responses if !op.responses.is_empty() => {
                let responses = op.responses.iter().map(response);
                Some(quote!(&[#(#responses),*]))
            }
            ListKind::Security if !op.security.is_empty() => {
                let security = op.security.iter().map(|alternative| {
                    let uses = alternative.iter().map(|(index, scopes)| {
                        let scheme = &module.security_schemes[*index];
                        let key = &scheme.key;
                        let scheme_const = ident(&scheme.const_name);
                        quote!(SecurityUse::new(#key, super::security_schemes::#scheme_const, &[#(#scopes),*]))
                    });
                    quote!(&[#(#uses),*])
                });
                Some(quote!(&[#(#security),*]))
            }
            ListKind::Servers => op.servers.as_deref().map(|own| servers(own, &quote!())),
            _ => None,
        }
    }
}

/// The lists that more than one operation states, each declared once as a private constant at
/// the top of the `operations` module and named by the constants that state it. Computed once
/// for the module, before its pieces are emitted.
pub(crate) struct SharedLists {
    /// The shared constant's name of each list an operation states and shares with another, by
    /// operation index and kind (looked up, never iterated).
    named: HashMap<(usize, ListKind), String>,
    /// The shared lists in the order they are declared, that of their first use: kind, the
    /// first operation that states it, and the constant's name.
    declared: Vec<(ListKind, usize, String)>,
}

impl SharedLists {
    pub(crate) fn new(module: &Module) -> SharedLists {
        let mut stated = Vec::new();
        let mut uses: HashMap<(ListKind, String), usize> = HashMap::new();
        for (index, op) in module.operations.iter().enumerate() {
            for kind in ListKind::ALL {
                if let Some(list) = kind.of(module, op) {
                    let key = (kind, list.to_string());
                    *uses.entry(key.clone()).or_default() += 1;
                    stated.push((key, index));
                }
            }
        }
        // A name no operation's constant (nor `ALL`) has: numbered by kind, then `_` appended.
        let mut taken: HashSet<String> = module
            .operations
            .iter()
            .map(|op| op.const_name.clone())
            .collect();
        taken.insert(all_name(module).to_string());
        let mut counts: HashMap<ListKind, usize> = HashMap::new();
        let mut names: HashMap<(ListKind, String), String> = HashMap::new();
        let mut named = HashMap::new();
        let mut declared = Vec::new();
        for (key, index) in stated {
            if uses[&key] < 2 {
                continue;
            }
            let kind = key.0;
            let name = names.entry(key).or_insert_with(|| {
                let count = counts.entry(kind).or_default();
                let mut name = format!("{}{count}", kind.prefix());
                *count += 1;
                while !taken.insert(name.clone()) {
                    name.push('_');
                }
                declared.push((kind, index, name.clone()));
                name
            });
            named.insert((index, kind), name.clone());
        }
        SharedLists { named, declared }
    }

    /// The tokens that give the list of `kind` of operation `index`: its shared constant's
    /// name, or the list.
    fn list(&self, module: &Module, index: usize, kind: ListKind) -> Option<TokenStream> {
        match self.named.get(&(index, kind)) {
            Some(name) => {
                let name = ident(name);
                Some(quote!(#name))
            }
            None => kind.of(module, &module.operations[index]),
        }
    }
}

/// The lowercase name of a method, which is that of the `operations` module's constructor of
/// operations of that method (`get`).
fn constructor(method: &str) -> syn::Ident {
    format_ident!("{}", method.to_ascii_lowercase())
}

/// The first items of the `operations` module: a constructor per method its operations use (in
/// the order of first use), which gives the operation `super::SERVERS`, and the shared lists.
pub(super) fn operations_head(module: &Module, shared: &SharedLists) -> TokenStream {
    // In the order of their first use.
    let mut methods: Vec<&str> = Vec::new();
    for op in &module.operations {
        if !methods.contains(&op.method) {
            methods.push(op.method);
        }
    }
    let constructors = methods.into_iter().map(|method| {
        let doc = outer_doc(&format!(
            "An operation of method `{}` served from `super::SERVERS`, at the path its \
                 constant gives.",
            method.to_ascii_uppercase()
        ));
        let name = constructor(method);
        let method = format_ident!("{method}");
        quote! {
            #doc
            const fn #name(id: &'static str) -> Operation {
                Operation::new(id, Method::#method, "", super::SERVERS)
            }
        }
    });
    let lists = shared.declared.iter().filter_map(|(kind, index, name)| {
        let list = kind.of(module, &module.operations[*index])?;
        let name = ident(name);
        let ty = kind.ty();
        Some(quote!(const #name: #ty = #list;))
    });
    quote! {
        #(#constructors)*
        #(#lists)*
    }
}

/// The constant of operation `index` in the `operations` module, which imports the runtime's
/// `describe` items. It states only what differs from the defaults of the module's constructor
/// of its method and of `Parameter::path` (`query`, `header`, `cookie`), and names the lists it
/// shares.
pub(super) fn emit_operation(module: &Module, shared: &SharedLists, index: usize) -> TokenStream {
    let op = &module.operations[index];
    let name = ident(&op.const_name);
    // One line, the deprecation note included.
    let doc = outer_doc(&format!(
        "{}, sent by [`Client::{name}`](super::Client::{name}){}",
        op.heading.trim_end_matches('.'),
        if op.deprecated {
            format!(". {DEPRECATED_NOTE}")
        } else {
            String::new()
        },
        name = op.fn_name,
    ));
    let id = &op.id;
    let constructor = constructor(op.method);
    let path = &op.path;
    let mut calls = Vec::new();
    if op.idempotent == matches!(op.method, "Post" | "Patch") {
        let idempotent = op.idempotent;
        calls.push(quote!(.idempotent(#idempotent)));
    }
    let set = |kind: ListKind| {
        let list = shared.list(module, index, kind)?;
        let setter = kind.setter();
        Some(quote!(.#setter(#list)))
    };
    calls.extend(set(ListKind::Parameters));
    if let Some(body) = &op.body {
        let content_type = &body.content_type;
        let required = body.required;
        calls.push(quote!(.request_body(#content_type, #required)));
    }
    calls.extend(
        [ListKind::Responses, ListKind::Security, ListKind::Servers]
            .map(set)
            .into_iter()
            .flatten(),
    );
    let deprecated = deprecated_attr(op.deprecated);
    quote! {
        #doc
        #deprecated
        pub const #name: Operation = #constructor(#id).path(#path) #(#calls)*;
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

#[cfg(test)]
mod tests {
    /// The `operations` module of a generated spec.
    fn operations_module(spec: &str) -> String {
        let output = crate::generate_from_str(
            std::path::Path::new("spec.yaml"),
            spec,
            &crate::Settings::default(),
        )
        .expect("the spec generates");
        let start = output.code.find("pub mod operations {").expect("a module");
        let end = start + output.code[start..].find("\n}\n").expect("its end");
        output.code[start..end].to_owned()
    }

    #[test]
    fn lists_stated_twice_are_declared_once_under_a_name_no_constant_has() {
        // `parameters_0` is an operation whose constant would take the first shared name.
        let module = operations_module(
            r#"
openapi: 3.0.3
info: { title: T, version: "1" }
paths:
  /a/{id}:
    parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
    get:
      operationId: parameters_0
      responses: { "204": { description: Done. } }
    delete:
      operationId: drop
      responses: { "204": { description: Done. } }
  /b:
    post:
      operationId: make
      responses: { "201": { description: Made. } }
"#,
        );
        assert!(module.contains("const PARAMETERS_0_: &[Parameter] = &[Parameter::path(\"id\")];"));
        assert!(module.contains(
            "const RESPONSES_0: &[Response] = &[Response::new(Status::Code(204), \"Done.\", None)];"
        ));
        assert!(module.contains(
            "pub const PARAMETERS_0: Operation = get(\"parameters_0\")\n        .path(\"/a/{id}\")\n        .parameters(PARAMETERS_0_)\n        .responses(RESPONSES_0);"
        ), "{module}");
        // A list stated once stays in its constant; a method no operation has gets no constructor.
        assert!(
            module.contains(".responses(&[Response::new(Status::Code(201), \"Made.\", None)])")
        );
        assert!(module.contains("const fn post(") && !module.contains("const fn put("));
        assert!(module.contains("pub const ALL: &[&Operation] = &[&PARAMETERS_0, &DROP, &MAKE];"));
    }

    #[test]
    fn all_fills_its_lines_when_the_names_do_not_fit_on_one() {
        let paths: String = (0..12)
            .map(|i| format!("  /item{i}:\n    get:\n      operationId: get_item_number_{i}\n      responses: {{ \"204\": {{ description: Done. }} }}\n"))
            .collect();
        let module = operations_module(&format!(
            "openapi: 3.0.3\ninfo: {{ title: T, version: \"1\" }}\npaths:\n{paths}"
        ));
        let all = &module[module.find("pub const ALL").expect("ALL")..];
        let lines: Vec<&str> = all.lines().collect();
        assert_eq!(lines[0], "pub const ALL: &[&Operation] = &[");
        assert_eq!(lines.last(), Some(&"    ];"));
        assert!(lines.iter().all(|line| line.len() <= super::WIDTH), "{all}");
        assert_eq!(all.matches("&GET_ITEM_NUMBER_").count(), 12);
        assert!(lines.len() < 12, "{all}");
    }
}
