//! Recursion: refuses type aliases that refer to themselves with no struct in between, turns
//! aliases that lead back to themselves through arrays or maps into newtypes, and boxes every
//! field or union variant whose type leads back to its owner by value (strongly connected
//! components).
//!
//! Changes only how types refer to each other (alias or newtype, boxed or not); never a name, a
//! field or a wire format.

use crate::error::Diag;
use crate::ir::*;

/// Refuses type aliases that refer to themselves without a struct in between.
pub(crate) fn check_alias_cycles(types: &[TypeDef]) -> Result<(), Diag> {
    for (start, def) in types.iter().enumerate() {
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
            match &types[next].kind {
                TypeKind::Alias(inner) => current = inner.clone(),
                _ => break,
            }
        }
    }
    Ok(())
}

/// Turns aliases that lead back to themselves through arrays or maps (other aliases only in
/// between) into newtype structs: a type alias cannot be recursive, a struct can.
pub(crate) fn wrap_recursive_aliases(types: &mut [TypeDef]) {
    let recursive: Vec<TypeId> = (0..types.len())
        .filter(|&start| {
            let TypeKind::Alias(ty) = &types[start].kind else {
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
                if let TypeKind::Alias(inner) = &types[next].kind {
                    inner.all_targets(&mut pending);
                }
            }
            false
        })
        .collect();
    for id in recursive {
        let kind = std::mem::replace(&mut types[id].kind, TypeKind::Pending);
        if let TypeKind::Alias(ty) = kind {
            types[id].kind = TypeKind::Newtype { ty, default: false };
        }
    }
}

/// Boxes every field or variant whose type leads back to its owner by value: the only way a
/// recursive type can have a size.
pub(crate) fn box_recursive_fields(types: &mut [TypeDef]) {
    let components = strongly_connected(types);
    for owner in 0..types.len() {
        let same = |target: &TypeId| components[*target] == components[owner];
        match &mut types[owner].kind {
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

/// Tarjan's algorithm over by-value references; returns each type's component number.
fn strongly_connected(types: &[TypeDef]) -> Vec<usize> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn alias(name: &str, ty: Ty) -> TypeDef {
        TypeDef {
            name: name.to_owned(),
            doc: String::new(),
            pointer: format!("/components/schemas/{name}"),
            nullable: false,
            deprecated: false,
            checks: false,
            validated: false,
            decoded: false,
            webhook_only: false,
            constraints: Constraints::default(),
            kind: TypeKind::Alias(ty),
        }
    }

    #[test]
    fn an_alias_that_is_itself_is_refused() {
        let types = [alias("A", Ty::Named(1)), alias("B", Ty::Named(0))];
        let error = check_alias_cycles(&types).expect_err("a cycle");
        assert_eq!(error.pointer, "/components/schemas/A");
        // Through an array, a type refers to itself by reference, not by value.
        let types = [alias("Tree", Ty::Vec(Box::new(Ty::Named(0))))];
        assert!(check_alias_cycles(&types).is_ok());
    }

    #[test]
    fn an_alias_leading_back_to_itself_through_a_list_becomes_a_newtype() {
        let mut types = vec![
            alias("Tree", Ty::Vec(Box::new(Ty::Named(1)))),
            alias("Node", Ty::Named(0)),
            alias("Leaf", Ty::String),
        ];
        wrap_recursive_aliases(&mut types);
        assert!(matches!(types[0].kind, TypeKind::Newtype { .. }));
        assert!(matches!(types[1].kind, TypeKind::Newtype { .. }));
        assert!(matches!(types[2].kind, TypeKind::Alias(Ty::String)));
    }

    #[test]
    fn types_that_refer_to_each_other_by_value_share_a_component() {
        let types = [
            alias("A", Ty::Named(1)),
            alias("B", Ty::Option(Box::new(Ty::Named(0)))),
            alias("C", Ty::Named(0)),
        ];
        let components = strongly_connected(&types);
        assert_eq!(components[0], components[1]);
        assert_ne!(components[0], components[2]);
    }
}
