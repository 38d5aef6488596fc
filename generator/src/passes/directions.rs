//! `readOnly` and `writeOnly`: a read-only property is only in responses, a write-only one only in
//! requests. After lowering, each struct whose properties (or whose fields' structs) differ by
//! direction gets the form of the direction it is used in:
//!
//! - used only in requests: its read-only fields are left out;
//! - used only in responses: its write-only fields are left out;
//! - used in both: the type keeps its name as the response form, and a twin named
//!   `<Name>Input` (made unique by the type namespace) is the request form, whose fields name the
//!   request forms of their own structs. Request bodies name the twin.
//!
//! A union, alias or newtype that names such a struct is split the same way: its request form
//! (the twin, or the type itself when only sent) names the request forms; a union's
//! discriminator mapping is unchanged, since the twins keep their schemas' tags.
//!
//! Types that are the same in both directions, and types used by no operation, are unchanged.

use crate::ir::*;
use crate::names::Namespace;

pub(crate) fn split(types: &mut Vec<TypeDef>, operations: &mut [Operation], names: &mut Namespace) {
    let mut request_roots = Vec::new();
    let mut response_roots = Vec::new();
    for op in operations.iter() {
        if let Some(ty) = op.body.as_ref().and_then(Body::ty) {
            ty.all_targets(&mut request_roots);
        }
        for response in &op.responses {
            if let Some(ty) = &response.ty {
                ty.all_targets(&mut response_roots);
            }
        }
    }
    let in_request = reachable(types, request_roots, Access::ReadOnly);
    let in_response = reachable(types, response_roots, Access::WriteOnly);
    let differs = differs_by_direction(types);

    // Twins first, in type order, so names do not depend on anything else.
    let mut twin: Vec<Option<TypeId>> = vec![None; types.len()];
    for id in 0..types.len() {
        if differs[id] && in_request[id] && in_response[id] {
            let base = &types[id];
            let name = names.claim(&format!("{}Input", base.name), false);
            let doc = format!(
                "`{}` as sent in requests{}.\n\n{}",
                base.name,
                direction_note(base),
                base.doc
            );
            let def = TypeDef {
                name,
                doc,
                pointer: base.pointer.clone(),
                nullable: base.nullable,
                deprecated: base.deprecated,
                // Decided after the split, with every other type's.
                checks: false,
                validated: false,
                decoded: false,
                webhook_only: false,
                constraints: base.constraints.clone(),
                kind: TypeKind::Pending,
            };
            types.push(def);
            twin[id] = Some(types.len() - 1);
        }
    }
    let request_ty = |ty: &Ty| remap(ty, &twin);

    for id in 0..twin.len() {
        if !differs[id] {
            continue;
        }
        let (request, response) = match &types[id].kind {
            TypeKind::Struct(base) => {
                let request = in_request[id].then(|| {
                    let mut form = without(base, Access::ReadOnly);
                    for field in &mut form.fields {
                        field.ty = request_ty(&field.ty);
                    }
                    if let Some((_, ty)) = &mut form.additional {
                        *ty = request_ty(ty);
                    }
                    TypeKind::Struct(form)
                });
                let response =
                    in_response[id].then(|| TypeKind::Struct(without(base, Access::WriteOnly)));
                (request, response)
            }
            // A union, alias or newtype differs through what it names: its request form names
            // the request forms, its response form is itself.
            TypeKind::Union(base) => {
                let request = in_request[id].then(|| {
                    let mut form = base.clone();
                    for variant in &mut form.variants {
                        variant.ty = request_ty(&variant.ty);
                    }
                    TypeKind::Union(form)
                });
                (request, None)
            }
            TypeKind::Alias(ty) => (
                in_request[id].then(|| TypeKind::Alias(request_ty(ty))),
                None,
            ),
            TypeKind::Newtype { ty, default } => (
                in_request[id].then(|| TypeKind::Newtype {
                    ty: request_ty(ty),
                    default: *default,
                }),
                None,
            ),
            TypeKind::Enum(_) | TypeKind::Pending => (None, None),
        };
        match (twin[id], request, response) {
            (Some(twin_id), Some(request), response) => {
                types[twin_id].kind = request;
                if let Some(response) = response {
                    types[id].kind = response;
                }
            }
            (None, Some(request), None) => types[id].kind = request,
            (_, None, Some(response)) => types[id].kind = response,
            _ => {}
        }
    }
    for op in operations.iter_mut() {
        if let Some(body) = &mut op.body {
            match &mut body.kind {
                BodyKind::Json(ty) | BodyKind::Form { ty, .. } | BodyKind::Multipart { ty, .. } => {
                    *ty = request_ty(ty)
                }
                BodyKind::Parts | BodyKind::Text | BodyKind::Bytes => {}
            }
        }
    }
}

const NAMES_REQUEST_FORMS: &str = ", naming the request forms of the types it contains";

/// What the request form of a type changes, for its documentation.
fn direction_note(def: &TypeDef) -> &'static str {
    let TypeKind::Struct(s) = &def.kind else {
        return NAMES_REQUEST_FORMS;
    };
    let has = |access| s.fields.iter().any(|f| f.access == access);
    match (has(Access::ReadOnly), has(Access::WriteOnly)) {
        (true, true) => ": without its read-only properties, with its write-only ones",
        (true, false) => ": without its read-only properties",
        (false, true) => ": with its write-only properties",
        (false, false) => NAMES_REQUEST_FORMS,
    }
}

/// The types reachable from `roots`, not following fields of the `skip` access.
fn reachable(types: &[TypeDef], mut pending: Vec<TypeId>, skip: Access) -> Vec<bool> {
    let mut seen = vec![false; types.len()];
    while let Some(id) = pending.pop() {
        if std::mem::replace(&mut seen[id], true) {
            continue;
        }
        match &types[id].kind {
            TypeKind::Struct(s) => {
                for field in s.fields.iter().filter(|f| f.access != skip) {
                    field.ty.all_targets(&mut pending);
                }
                if let Some((_, ty)) = &s.additional {
                    ty.all_targets(&mut pending);
                }
            }
            TypeKind::Union(u) => u
                .variants
                .iter()
                .for_each(|v| v.ty.all_targets(&mut pending)),
            TypeKind::Alias(ty) | TypeKind::Newtype { ty, .. } => ty.all_targets(&mut pending),
            TypeKind::Enum(_) | TypeKind::Pending => {}
        }
    }
    seen
}

/// Structs with a read-only or write-only field, and every type naming such a type (a struct
/// through a field, a union through an alternative, an alias or newtype through its target;
/// directly or through arrays, maps and `Option`): least fixed point, so recursion settles.
fn differs_by_direction(types: &[TypeDef]) -> Vec<bool> {
    let mut differs: Vec<bool> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Struct(s) => s.fields.iter().any(|f| f.access != Access::ReadWrite),
            _ => false,
        })
        .collect();
    loop {
        let mut changed = false;
        for (id, def) in types.iter().enumerate() {
            if differs[id] {
                continue;
            }
            let mut targets = Vec::new();
            def.kind.named_targets(&mut targets);
            if targets.iter().any(|t| differs[*t]) {
                differs[id] = true;
                changed = true;
            }
        }
        if !changed {
            return differs;
        }
    }
}

/// The struct without its fields of the given access; `required` alternatives forget them too.
fn without(s: &Struct, dropped: Access) -> Struct {
    let mut form = s.clone();
    let gone: Vec<String> = form
        .fields
        .iter()
        .filter(|f| f.access == dropped)
        .map(|f| f.wire.clone())
        .collect();
    form.fields.retain(|f| f.access != dropped);
    if let Some((sets, _)) = &mut form.required_sets {
        for set in sets {
            set.retain(|name| !gone.contains(name));
        }
    }
    form
}

/// The type with every struct that has a request twin replaced by the twin.
fn remap(ty: &Ty, twin: &[Option<TypeId>]) -> Ty {
    match ty {
        Ty::Named(id) => Ty::Named(twin.get(*id).copied().flatten().unwrap_or(*id)),
        Ty::Vec(inner) => Ty::Vec(Box::new(remap(inner, twin))),
        Ty::Map(inner) => Ty::Map(Box::new(remap(inner, twin))),
        Ty::Option(inner) => Ty::Option(Box::new(remap(inner, twin))),
        other => other.clone(),
    }
}
