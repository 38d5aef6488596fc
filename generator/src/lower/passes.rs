//! What runs once every type exists: alias cycles refused, recursive aliases wrapped, recursive
//! fields boxed, defaults and checks decided, builders named.
//!
//! Reads and changes only the types made so far; it reads nothing of the document.

use super::Lowerer;
use crate::error::Diag;
use crate::ir::*;

/// Tarjan's algorithm over by-value references; returns each type's component number.
pub(super) fn strongly_connected(types: &[TypeDef]) -> Vec<usize> {
    let edges: Vec<Vec<TypeId>> = types
        .iter()
        .map(|t| {
            let mut out = Vec::new();
            match &t.kind {
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .for_each(|f| f.ty.by_value_targets(&mut out)),
                TypeKind::Union(u) => u
                    .variants
                    .iter()
                    .for_each(|v| v.ty.by_value_targets(&mut out)),
                TypeKind::Alias(ty) | TypeKind::Newtype { ty, .. } => ty.by_value_targets(&mut out),
                TypeKind::Enum(_) | TypeKind::Pending => {}
            }
            out
        })
        .collect();
    let n = types.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![usize::MAX; n];
    let mut next_index = 0;
    let mut next_component = 0;
    // Iterative to stay safe on deep schema graphs.
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(TypeId, usize)> = vec![(root, 0)];
        while let Some((v, edge)) = work.pop() {
            if edge == 0 {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(edge) {
                work.push((v, edge + 1));
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
        }
    }
    component
}

impl<'a> Lowerer<'a> {
    /// Refuses type aliases that refer to themselves without a struct in between.
    pub(super) fn check_alias_cycles(&self) -> Result<(), Diag> {
        for (start, def) in self.types.iter().enumerate() {
            let TypeKind::Alias(ty) = &def.kind else {
                continue;
            };
            let mut seen = vec![start];
            let mut current = ty.clone();
            loop {
                let mut targets = Vec::new();
                current.by_value_targets(&mut targets);
                let Some(next) = targets.first().copied() else {
                    break;
                };
                if seen.contains(&next) {
                    return Err(Diag::new(
                        &def.pointer,
                        format!(
                            "`$ref` cycle with no object in between: `{}` refers back to itself",
                            def.name
                        ),
                    ));
                }
                seen.push(next);
                match &self.types[next].kind {
                    TypeKind::Alias(inner) => current = inner.clone(),
                    _ => break,
                }
            }
        }
        Ok(())
    }

    /// Names a builder for every struct a request can contain (bodies and parameters).
    pub(super) fn name_builders(&mut self, operations: &[Operation]) {
        let mut pending: Vec<TypeId> = Vec::new();
        for op in operations {
            let mut targets = Vec::new();
            if let Some(ty) = op.body.as_ref().and_then(Body::ty) {
                ty.all_targets(&mut targets);
            }
            pending.extend(targets);
            pending.extend(op.params_type);
        }
        let mut seen = vec![false; self.types.len()];
        let mut reachable = Vec::new();
        while let Some(id) = pending.pop() {
            if std::mem::replace(&mut seen[id], true) {
                continue;
            }
            let mut targets = Vec::new();
            if matches!(self.types[id].kind, TypeKind::Struct(_)) {
                reachable.push(id);
            }
            self.types[id].kind.named_targets(&mut targets);
            pending.extend(targets);
        }
        // Claim in type order, so names do not depend on the walk.
        reachable.sort_unstable();
        for id in reachable {
            let name = self
                .type_names
                .claim(&format!("{}Builder", self.types[id].name), false);
            if let TypeKind::Struct(s) = &mut self.types[id].kind {
                s.builder = Some(name);
            }
        }
    }

    /// Turns aliases that lead back to themselves through arrays or maps (other aliases only in
    /// between) into newtype structs: a type alias cannot be recursive, a struct can.
    pub(super) fn wrap_recursive_aliases(&mut self) {
        let recursive: Vec<TypeId> = (0..self.types.len())
            .filter(|&start| {
                let TypeKind::Alias(ty) = &self.types[start].kind else {
                    return false;
                };
                let mut pending = Vec::new();
                ty.all_targets(&mut pending);
                let mut seen = Vec::new();
                while let Some(next) = pending.pop() {
                    if next == start {
                        return true;
                    }
                    if seen.contains(&next) {
                        continue;
                    }
                    seen.push(next);
                    if let TypeKind::Alias(inner) = &self.types[next].kind {
                        inner.all_targets(&mut pending);
                    }
                }
                false
            })
            .collect();
        for id in recursive {
            let kind = std::mem::replace(&mut self.types[id].kind, TypeKind::Pending);
            if let TypeKind::Alias(ty) = kind {
                self.types[id].kind = TypeKind::Newtype { ty, default: false };
            }
        }
    }

    /// Boxes every field or variant whose type leads back to its owner by value: the only way a
    /// recursive type can have a size.
    pub(super) fn box_recursive_fields(&mut self) {
        let components = strongly_connected(&self.types);
        for owner in 0..self.types.len() {
            let same = |target: &TypeId| components[*target] == components[owner];
            match &mut self.types[owner].kind {
                TypeKind::Struct(s) => {
                    for field in &mut s.fields {
                        let mut targets = Vec::new();
                        field.ty.by_value_targets(&mut targets);
                        field.boxed = targets.iter().any(same);
                    }
                }
                TypeKind::Union(u) => {
                    for variant in &mut u.variants {
                        let mut targets = Vec::new();
                        variant.ty.by_value_targets(&mut targets);
                        variant.boxed = targets.iter().any(same);
                    }
                }
                _ => {}
            }
        }
    }

    /// Decides which structs derive `Default`: those whose required fields all have defaults
    /// (least fixed point, so a struct that requires itself never does).
    pub(super) fn decide_defaults(&mut self) {
        loop {
            let mut changed = false;
            for id in 0..self.types.len() {
                let TypeKind::Struct(s) = &self.types[id].kind else {
                    continue;
                };
                if s.default {
                    continue;
                }
                let all = s
                    .fields
                    .iter()
                    .all(|f| !f.required || f.nullable || self.has_default(&f.ty));
                if all {
                    if let TypeKind::Struct(s) = &mut self.types[id].kind {
                        s.default = true;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        for id in 0..self.types.len() {
            if let TypeKind::Newtype { ty, .. } = &self.types[id].kind {
                let has = self.has_default(ty);
                if let TypeKind::Newtype { default, .. } = &mut self.types[id].kind {
                    *default = has;
                }
            }
        }
    }

    /// Decides which types have something to validate (least fixed point: a cycle of types
    /// without constraints has none). A value has something when a constraint stated where it
    /// is used concerns its type (`Constraints::for_ty`, which emission prints too) or its type
    /// checks something of its own: properties, map values, a union's alternatives, what a
    /// newtype's schema states. An alias has no checks of its own: every use carries its
    /// constraints.
    pub(super) fn decide_checks(&mut self) {
        // What each type states itself, decided once: it does not change while the types it
        // names are decided.
        let concerns =
            |constraints: &Constraints, ty: &Ty| !constraints.for_ty(&self.types, ty).is_empty();
        let own: Vec<bool> = self
            .types
            .iter()
            .map(|def| match &def.kind {
                // An unknown value received is reported.
                TypeKind::Enum(_) => true,
                TypeKind::Struct(s) => {
                    s.required_sets.is_some()
                        || s.property_count != (None, None)
                        || s.additional
                            .as_ref()
                            .is_some_and(|(_, ty)| concerns(&s.additional_constraints, ty))
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
                if self.types[id].checks {
                    continue;
                }
                let checks = own
                    || match &self.types[id].kind {
                        TypeKind::Struct(s) => {
                            s.additional
                                .as_ref()
                                .is_some_and(|(_, ty)| self.ty_checks(ty))
                                || s.fields.iter().any(|f| self.ty_checks(&f.ty))
                        }
                        TypeKind::Union(u) => u.variants.iter().any(|v| self.ty_checks(&v.ty)),
                        TypeKind::Newtype { ty, .. } | TypeKind::Alias(ty) => self.ty_checks(ty),
                        TypeKind::Enum(_) | TypeKind::Pending => false,
                    };
                if checks {
                    self.types[id].checks = true;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
    }

    /// Whether a value of this type can break a rule whatever its schema states: a named type
    /// that checks something, or an `f64`, which must be finite (JSON has no NaN or infinity).
    pub(super) fn ty_checks(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Named(id) => self.types[*id].checks,
            Ty::F64 => true,
            Ty::Vec(inner) | Ty::Map(inner) | Ty::Option(inner) => self.ty_checks(inner),
            _ => false,
        }
    }

    pub(super) fn has_default(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Bool
            | Ty::I32
            | Ty::I64
            | Ty::F64
            | Ty::String
            | Ty::Base64
            | Ty::Value
            | Ty::Object
            | Ty::Vec(_)
            | Ty::Map(_)
            | Ty::Option(_)
            | Ty::File { .. } => true,
            Ty::DateTime | Ty::Date | Ty::Uuid => false,
            Ty::Named(id) => match &self.types[*id].kind {
                TypeKind::Struct(s) => s.default,
                TypeKind::Alias(inner) | TypeKind::Newtype { ty: inner, .. } => {
                    self.has_default(inner)
                }
                _ => false,
            },
        }
    }
}
