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
//! Sets only `TypeDef::checks` and `TypeDef::validated`; what is checked is stated by the
//! constraints lowering recorded.

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

/// Decides which types have a `Validate` impl: every type a request can contain (a body's type,
/// a parameter's, the parameters struct, and what they name), and every type no operation uses,
/// with what it names (its impl checks them). What only responses contain is left out.
pub(crate) fn decide_validated(types: &mut [TypeDef], operations: &[Operation]) {
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
    let sent = reachable(types, sent);
    let received = reachable(types, received);
    let roots = (0..types.len())
        .filter(|&id| sent[id] || !received[id])
        .collect();
    let validated = reachable(types, roots);
    for (def, validated) in types.iter_mut().zip(validated) {
        def.validated = validated;
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
