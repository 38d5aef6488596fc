//! Checks: which types have something to validate (`TypeDef::checks`), as a least fixed point:
//! a cycle of types without constraints has none. A value has something when a constraint
//! stated where it is used concerns its type (`Constraints::for_ty`, which emission asks too) or
//! its type checks something of its own; an `f64` always has, since it must be finite.
//!
//! Then which types are validated at all (`TypeDef::validated`): those a request can contain,
//! and those no operation uses, each with the types it names. A type only received (in a
//! response or a webhook) gets no `Validate` impl: nothing received is checked, and its impl
//! would only cost compile time.
//!
//! Then which types always decode (`TypeDef::decoded`): those a response, a webhook or the
//! contact update's request can contain, and those no operation uses. A type only requests
//! contain is decoded by nothing but a mock, so its `Deserialize` is compiled only under the
//! `deserialize-requests` feature (which `mock` enables): on nexus that derive was most of the
//! types' check time.
//!
//! Sets only `TypeDef::checks`, `TypeDef::validated` and `TypeDef::decoded`; what is checked is
//! stated by the constraints lowering recorded.

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

/// Decides which types have a `Validate` impl and which always decode.
///
/// Validated: every type a request can contain (a body's type, a parameter's, the parameters
/// struct, and what they name), and every type no operation uses, with what it names (its impl
/// checks them). What only responses contain is left out.
///
/// Decoded (`TypeDef::decoded`): every type a response or a webhook can contain, the types of
/// `decoded_body` (the contact update's request, which the runtime reads back from JSON), and
/// every type no operation uses, each with what it names. What only requests contain derives
/// `Deserialize` only under the `deserialize-requests` feature.
pub(crate) fn decide_validated_and_decoded(
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
    let mut decoded_roots = received.clone();
    for webhook in webhooks {
        webhook.ty.all_targets(&mut decoded_roots);
    }
    if let Some(ty) = decoded_body {
        ty.all_targets(&mut decoded_roots);
    }
    let sent = reachable(types, sent);
    let received = reachable(types, received);
    let unused = |id: usize| !sent[id] && !received[id];
    let validated = reachable(
        types,
        (0..types.len())
            .filter(|&id| sent[id] || unused(id))
            .collect(),
    );
    decoded_roots.extend((0..types.len()).filter(|&id| unused(id)));
    let decoded = reachable(types, decoded_roots);
    for ((def, validated), decoded) in types.iter_mut().zip(validated).zip(decoded) {
        def.validated = validated;
        def.decoded = decoded;
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
}
