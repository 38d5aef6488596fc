//! Builders: names a builder for every struct a request can contain (bodies and parameters,
//! and the structs inside them), in type order.
//!
//! Only names builders; which setters a builder has is the emitter's reading of the struct.

use crate::ir::*;
use crate::names::Namespace;

/// Names a builder for every struct a request can contain (bodies and parameters).
pub(crate) fn name_builders(
    types: &mut [TypeDef],
    operations: &[Operation],
    type_names: &mut Namespace,
) {
    let mut pending: Vec<TypeId> = Vec::new();
    for op in operations {
        let mut targets = Vec::new();
        if let Some(ty) = op.body.as_ref().and_then(Body::ty) {
            ty.all_targets(&mut targets);
        }
        pending.extend(targets);
        pending.extend(op.params_type);
    }
    let mut seen = vec![false; types.len()];
    let mut reachable = Vec::new();
    while let Some(id) = pending.pop() {
        if std::mem::replace(&mut seen[id], true) {
            continue;
        }
        let mut targets = Vec::new();
        // A tuple is written whole, position by position: it has no builder.
        if matches!(&types[id].kind, TypeKind::Struct(s) if !s.is_tuple()) {
            reachable.push(id);
        }
        types[id].kind.named_targets(&mut targets);
        pending.extend(targets);
    }
    // Claim in type order, so names do not depend on the walk.
    reachable.sort_unstable();
    for id in reachable {
        let name = type_names.claim(&format!("{}Builder", types[id].name), false);
        if let TypeKind::Struct(s) = &mut types[id].kind {
            s.builder = Some(name);
        }
    }
}
