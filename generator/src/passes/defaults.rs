//! Defaults: which structs derive `Default` (those whose required fields all have defaults; least
//! fixed point, so a struct that requires itself never does), and which newtypes do.
//!
//! Reads and sets only the `default` flags.

use crate::ir::*;

/// Decides which structs derive `Default`: those whose required fields all have defaults
/// (least fixed point, so a struct that requires itself never does).
pub(crate) fn decide_defaults(types: &mut [TypeDef]) {
    loop {
        let mut changed = false;
        for id in 0..types.len() {
            let TypeKind::Struct(s) = &types[id].kind else {
                continue;
            };
            if s.default {
                continue;
            }
            let all = s
                .fields
                .iter()
                .all(|f| !f.required || f.nullable || has_default(types, &f.ty));
            if all {
                if let TypeKind::Struct(s) = &mut types[id].kind {
                    s.default = true;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    for id in 0..types.len() {
        if let TypeKind::Newtype { ty, .. } = &types[id].kind {
            let has = has_default(types, ty);
            if let TypeKind::Newtype { default, .. } = &mut types[id].kind {
                *default = has;
            }
        }
    }
}

fn has_default(types: &[TypeDef], ty: &Ty) -> bool {
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
        Ty::Named(id) => match &types[*id].kind {
            TypeKind::Struct(s) => s.default,
            TypeKind::Alias(inner) | TypeKind::Newtype { ty: inner, .. } => {
                has_default(types, inner)
            }
            _ => false,
        },
    }
}
