//! Checks: which types have something to validate (`TypeDef::checks`), as a least fixed point:
//! a cycle of types without constraints has none. A value has something when a constraint
//! stated where it is used concerns its type (`Constraints::for_ty`, which emission asks too) or
//! its type checks something of its own; an `f64` always has, since it must be finite.
//!
//! Then which types are validated at all (`TypeDef::validated`): those a request can contain,
//! and those nothing uses (no operation, no webhook), each with the types it names. A type only
//! received (in a response or a webhook) gets no `Validate` impl: nothing received is checked,
//! and its impl would only cost compile time.
//!
//! Then which types always decode (`TypeDef::decoded`): those a response, a webhook or the
//! contact update's request can contain, and those nothing uses. A type only requests
//! contain is decoded by nothing but a mock, so its `Deserialize` is compiled only under the
//! `deserialize-requests` feature (which `mock` enables): on nexus that derive was most of the
//! types' check time.
//!
//! Then which types only webhooks carry (`TypeDef::webhook_only`): they are compiled only under
//! the `webhooks` feature, with the `webhooks` module. GitHub's webhook payloads are about 40%
//! of its types, which a client that only calls the API never uses.
//!
//! Sets only `TypeDef::checks`, `TypeDef::validated`, `TypeDef::decoded` and
//! `TypeDef::webhook_only`; what is checked is stated by the constraints lowering recorded.

use crate::ir::*;

/// Decides which types have something to validate (least fixed point: a cycle of types
/// without constraints has none). A value has something when a constraint stated where it
/// is used concerns its type (`Constraints::for_ty`, which emission prints too) or its type
/// checks something of its own: properties, map values, a union's alternatives, what a
/// newtype's schema states. An alias has no checks of its own: every use carries its
/// constraints.
pub(crate) fn decide_checks(types: &mut [TypeDef]) {
    // What each type states itself, decided once: it does not change while the types it
    // names are decided.
    let concerns = |constraints: &Constraints, ty: &Ty| !constraints.for_ty(types, ty).is_empty();
    let own: Vec<bool> = types
        .iter()
        .map(|def| match &def.kind {
            // An unknown value received is reported.
            TypeKind::Enum(_) => true,
            TypeKind::Struct(s) => {
                s.required_sets.is_some()
                    || s.property_count != (None, None)
                    || !s.dependent_required.is_empty()
                    || s.additional.as_ref().is_some_and(|(_, ty)| {
                        concerns(&s.additional_constraints, ty)
                            || s.additional_constraints.keys.is_some()
                    })
                    || s.fields.iter().any(|f| concerns(&f.constraints, &f.ty))
            }
            TypeKind::Union(u) => u.variants.iter().any(|v| concerns(&v.constraints, &v.ty)),
            TypeKind::Newtype { ty, .. } => concerns(&def.constraints, ty),
            TypeKind::Alias(_) | TypeKind::Pending => false,
        })
        .collect();
    loop {
        let mut changed = false;
        for (id, &own) in own.iter().enumerate() {
            if types[id].checks {
                continue;
            }
            let checks = own
                || match &types[id].kind {
                    TypeKind::Struct(s) => {
                        s.additional
                            .as_ref()
                            .is_some_and(|(_, ty)| ty.has_checks(types))
                            || s.fields.iter().any(|f| f.ty.has_checks(types))
                    }
                    TypeKind::Union(u) => u.variants.iter().any(|v| v.ty.has_checks(types)),
                    TypeKind::Newtype { ty, .. } | TypeKind::Alias(ty) => ty.has_checks(types),
                    TypeKind::Enum(_) | TypeKind::Pending => false,
                };
            if checks {
                types[id].checks = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

/// Decides which types have a `Validate` impl, which always decode, and which only webhooks
/// carry.
///
/// Validated: every type a request can contain (a body's type, a parameter's, the parameters
/// struct, and what they name), and every type nothing uses (no operation, no webhook), with
/// what it names (its impl checks them). What only responses and webhooks contain is left out:
/// nothing received is checked.
///
/// Decoded (`TypeDef::decoded`): every type a response or a webhook can contain, the types of
/// `decoded_body` (the contact update's request, which the runtime reads back from JSON), and
/// every type nothing uses, each with what it names. What only requests contain derives
/// `Deserialize` only under the `deserialize-requests` feature.
///
/// Webhook only (`TypeDef::webhook_only`): a type a webhook's payload can contain and nothing
/// else (no operation, no type nothing uses): it is compiled only under the `webhooks`
/// feature, with the `webhooks` module.
pub(crate) fn decide_uses(
    types: &mut [TypeDef],
    operations: &[Operation],
    webhooks: &[Webhook],
    decoded_body: Option<&Ty>,
) {
    let mut sent = Vec::new();
    let mut received = Vec::new();
    for op in operations {
        if let Some(ty) = op.body.as_ref().and_then(Body::ty) {
            ty.all_targets(&mut sent);
        }
        for param in &op.params {
            param.ty.all_targets(&mut sent);
        }
        sent.extend(op.params_type);
        for response in &op.responses {
            if let Some(ty) = &response.ty {
                ty.all_targets(&mut received);
            }
        }
    }
    let mut webhook_roots = Vec::new();
    for webhook in webhooks {
        webhook.ty.all_targets(&mut webhook_roots);
    }
    let mut decoded_roots = received.clone();
    decoded_roots.extend(&webhook_roots);
    if let Some(ty) = decoded_body {
        ty.all_targets(&mut decoded_roots);
    }
    let sent = reachable(types, sent);
    let received = reachable(types, received);
    let by_webhooks = reachable(types, webhook_roots);
    let unused: Vec<TypeId> = (0..types.len())
        .filter(|&id| !sent[id] && !received[id] && !by_webhooks[id])
        .collect();
    let validated = reachable(
        types,
        (0..types.len())
            .filter(|&id| sent[id])
            .chain(unused.iter().copied())
            .collect(),
    );
    // What a type nothing uses names is compiled whatever the features, as that type is.
    let by_unused = reachable(types, unused.clone());
    decoded_roots.extend(unused);
    let decoded = reachable(types, decoded_roots);
    for (id, def) in types.iter_mut().enumerate() {
        def.validated = validated[id];
        def.decoded = decoded[id];
        def.webhook_only = by_webhooks[id] && !sent[id] && !received[id] && !by_unused[id];
    }
}

/// The types `roots` name, directly or through the types they name.
fn reachable(types: &[TypeDef], mut pending: Vec<TypeId>) -> Vec<bool> {
    let mut seen = vec![false; types.len()];
    while let Some(id) = pending.pop() {
        if !std::mem::replace(&mut seen[id], true) {
            types[id].kind.named_targets(&mut pending);
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    /// The lines right above `pub struct name` in `code`: its attributes and documentation,
    /// and the line before them (`rt::object! {` when the runtime's macro writes it).
    fn head_of<'c>(code: &'c str, name: &str) -> Vec<&'c str> {
        let lines: Vec<&str> = code.lines().collect();
        let at = lines
            .iter()
            .position(|l| l.trim() == format!("pub struct {name} {{"))
            .unwrap_or_else(|| panic!("no struct {name} in:\n{code}"));
        let start = lines[..at]
            .iter()
            .rposition(|l| !l.trim_start().starts_with("#[") && !l.trim_start().starts_with("///"))
            .unwrap_or(0);
        lines[start..at].to_vec()
    }

    /// Whether `name` always implements `Deserialize` (true) or only under the
    /// `deserialize-requests` feature (false): derived, or written by the runtime's `object!`.
    fn always_decoded(code: &str, name: &str) -> bool {
        let head = head_of(code, name).join("\n");
        let gated = head.contains(
            r#"#[cfg_attr(feature = "deserialize-requests", derive(::serde::Deserialize))]"#,
        ) || head.contains(r#"#[deserialize_if(feature = "deserialize-requests")]"#);
        let always = head.contains("::serde::Serialize, ::serde::Deserialize)]")
            || (head.starts_with("rt::object! {") && !gated);
        assert!(always != gated, "{name}: {head}");
        always
    }

    #[test]
    fn only_types_that_nothing_but_requests_contain_derive_deserialize_under_the_feature() {
        let spec = r#"openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /things:
    post:
      operationId: createThing
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Create'}
      responses:
        '200':
          description: The thing.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
webhooks:
  thingChanged:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Event'}
      responses:
        '200': {description: Taken.}
components:
  schemas:
    Create:
      type: object
      properties:
        label: {$ref: '#/components/schemas/Label'}
        shared: {$ref: '#/components/schemas/Shared'}
    Label:
      type: object
      properties:
        text: {type: string}
    Shared:
      type: object
      properties:
        n: {type: integer}
    Thing:
      type: object
      properties:
        shared: {$ref: '#/components/schemas/Shared'}
    Event:
      type: object
      properties:
        id: {type: string}
    Unused:
      type: object
      properties:
        id: {type: string}
"#;
        let code = crate::generate_from_str(
            std::path::Path::new("spec.yaml"),
            spec,
            &crate::Settings::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"))
        .code;
        // Only requests contain these, directly or through another type.
        assert!(!always_decoded(&code, "Create"));
        assert!(!always_decoded(&code, "Label"));
        // A response, a webhook or nothing contains these (Shared is in a request too).
        for name in ["Thing", "Shared", "Event", "Unused"] {
            assert!(always_decoded(&code, name), "{name}");
        }
    }

    #[test]
    fn what_a_type_nothing_uses_names_is_not_gated_even_if_a_webhook_carries_it() {
        let spec = r#"openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
webhooks:
  changed:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Event'}
components:
  schemas:
    Event:
      type: object
      properties:
        actor: {$ref: '#/components/schemas/Actor'}
        detail: {$ref: '#/components/schemas/Detail'}
    Actor:
      type: object
      properties:
        login: {type: string}
    Detail:
      type: object
      properties:
        text: {type: string}
    Audit:
      type: object
      properties:
        actor: {$ref: '#/components/schemas/Actor'}
"#;
        let code = crate::generate_from_str(
            std::path::Path::new("spec.yaml"),
            spec,
            &crate::Settings::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"))
        .code;
        // The lines above `pub struct name`: its attributes and documentation, and the
        // attributes of the macro call that writes it, if one does.
        let gated = |name: &str| {
            let lines: Vec<&str> = code.lines().collect();
            let at = lines
                .iter()
                .position(|l| l.trim() == format!("pub struct {name} {{"))
                .unwrap_or_else(|| panic!("no struct {name} in:\n{code}"));
            lines[..at]
                .iter()
                .rev()
                .take_while(|l| {
                    let l = l.trim_start();
                    l.starts_with("#[") || l.starts_with("///") || l.ends_with("! {")
                })
                .any(|l| l.trim() == r#"#[cfg(feature = "webhooks")]"#)
        };
        assert!(gated("Event"));
        assert!(gated("Detail"));
        // `Audit` is used by nothing, so it is always compiled, and so is what it names.
        assert!(!gated("Audit"));
        assert!(!gated("Actor"));
    }
}
