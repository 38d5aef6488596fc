//! Operations: each path's methods in the order they are written, with their names (function,
//! constant, error and success types), parameters, request body, responses, security and
//! servers.
//!
//! Gathers what `parameters`, `bodies`, `responses` and `security` decide; decides nothing about
//! schemas itself.

use openapiv3::ReferenceOr;

use super::lowerer::Lowerer;
use super::security::{security_requirements, servers};
use crate::docs::sanitize;
use crate::error::{Diag, join};
use crate::ir::*;
use crate::names::{Namespace, const_name, field_name, type_name};

pub(super) fn method_name(method: &str) -> &'static str {
    match method {
        "get" => "Get",
        "put" => "Put",
        "post" => "Post",
        "delete" => "Delete",
        "options" => "Options",
        "head" => "Head",
        "patch" => "Patch",
        _ => "Trace",
    }
}

/// A stable name for an operation without `operationId`: method and path, with parameters as
/// `by_<name>` (`GET /pets/{id}` → `get_pets_by_id`).
pub(super) fn derived_operation_id(method: &str, path: &str) -> String {
    let mut id = method.to_owned();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        id.push('_');
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => {
                id.push_str("by_");
                id.push_str(param);
            }
            None => id.push_str(segment),
        }
    }
    id
}

/// Claims a method name and its `_with` twin together, so neither collides with another
/// operation's.
pub(super) fn claim_method(names: &mut Namespace, base: &str) -> String {
    let mut n = 1;
    loop {
        let candidate = if n == 1 {
            base.to_owned()
        } else {
            format!("{base}_{n}")
        };
        let with = format!("{candidate}_with");
        if !names.is_taken(&candidate) && !names.is_taken(&with) {
            names.claim(&with, true);
            return names.claim(&candidate, true);
        }
        n += 1;
    }
}

impl<'a> Lowerer<'a> {
    pub(super) fn operations(
        &mut self,
        schemes: &[SecurityScheme],
    ) -> Result<Vec<Operation>, Diag> {
        let mut out = Vec::new();
        let mut const_names = Namespace::default();
        // Client methods: each operation gets `name` and `name_with`.
        let mut fn_names = Namespace::with_reserved(&["new", "builder", "from_builder", "inner"]);
        let doc = self.cx.doc;
        for (path, item) in &doc.paths.paths {
            let path_at = join("/paths", path);
            let ReferenceOr::Item(item) = item else {
                return Err(Diag::new(path_at, "unresolved path item `$ref`"));
            };
            let mut in_order: Vec<_> = item.iter().collect();
            if let Some(order) = self.cx.raw.method_order.get(path) {
                in_order.sort_by_key(|(method, _)| order.iter().position(|k| k == method));
            }
            for (method, op) in in_order {
                let op_at = join(&path_at, method);
                let id = op
                    .operation_id
                    .clone()
                    .unwrap_or_else(|| derived_operation_id(method, path));
                let type_base = type_name(&id);
                let mut params = self.parameters(
                    &item.parameters,
                    &op.parameters,
                    &type_base,
                    (&path_at, &op_at),
                )?;
                let body = match &op.request_body {
                    None => None,
                    Some(ReferenceOr::Reference { .. }) => {
                        return Err(Diag::new(
                            join(&op_at, "requestBody"),
                            "unresolved request body `$ref`",
                        ));
                    }
                    Some(ReferenceOr::Item(body)) => {
                        Some(self.request_body(body, &type_base, &join(&op_at, "requestBody"))?)
                    }
                };
                let responses = self.responses(op, &type_base, &op_at)?;
                let security = match (&op.security, &doc.security) {
                    (Some(own), _) => {
                        security_requirements(own, schemes, &join(&op_at, "security"))?
                    }
                    (None, Some(global)) => security_requirements(global, schemes, "/security")?,
                    (None, None) => Vec::new(),
                };
                let servers = if !op.servers.is_empty() {
                    Some(servers(&op.servers))
                } else if !item.servers.is_empty() {
                    Some(servers(&item.servers))
                } else {
                    None
                };
                let mut heading = format!("`{} {path}`", method.to_uppercase());
                if let Some(summary) = &op.summary {
                    heading.push_str(": ");
                    heading.push_str(summary);
                }
                let mut doc_text = heading.clone();
                if let Some(description) = &op.description {
                    doc_text.push_str("\n\n");
                    doc_text.push_str(description);
                }
                let fn_name = claim_method(&mut fn_names, &field_name(&id));
                let idempotent = match op.extensions.get("x-idempotent") {
                    Some(serde_json::Value::Bool(declared)) => *declared,
                    _ => !matches!(method, "post" | "patch"),
                };
                let params_type = self.params_struct(&mut params, &type_base, &op_at);
                let error_type = self.type_names.claim(&format!("{type_base}Error"), false);
                let success_payloads: Vec<Payload> = responses
                    .iter()
                    .filter(|r| r.is_success())
                    .map(Response::payload)
                    .collect();
                let success_type = success_payloads
                    .iter()
                    .any(|p| *p != success_payloads[0])
                    .then(|| self.type_names.claim(&format!("{type_base}Success"), false));
                out.push(Operation {
                    fn_name,
                    idempotent,
                    params_type,
                    error_type,
                    errors_of: None,
                    success_type,
                    const_name: const_names.claim(&const_name(&id), true),
                    id,
                    method: method_name(method),
                    path: path.clone(),
                    heading: sanitize(&heading),
                    doc: sanitize(&doc_text),
                    deprecated: op.deprecated,
                    params,
                    body,
                    responses,
                    security,
                    servers,
                });
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_operation_without_id_is_named_after_method_and_path() {
        assert_eq!(derived_operation_id("get", "/pets/{id}"), "get_pets_by_id");
        assert_eq!(derived_operation_id("post", "/"), "post");
        assert_eq!(method_name("delete"), "Delete");
    }

    #[test]
    fn a_method_and_its_with_twin_are_claimed_together() {
        let mut names = Namespace::default();
        assert_eq!(claim_method(&mut names, "list"), "list");
        assert_eq!(claim_method(&mut names, "list"), "list_2");
        // `list_3_with` is taken, so `list_3` is skipped.
        names.claim("list_3_with", true);
        assert_eq!(claim_method(&mut names, "list"), "list_4");
    }
}
