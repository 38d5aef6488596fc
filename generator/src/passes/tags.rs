//! Tags: a union without a `discriminator` whose alternatives each carry a required property of
//! one name holding a single string value of its own (nexus's `BinRange`: `type` is
//! `range_to`, `range` or `range_from`) is decoded by that property, as if the document said
//! `discriminator: {propertyName: type}`.
//!
//! Decoding such a union without the tag tries the alternatives in order, and a one-value enum
//! keeps any other value in its catch-all variant: a `range` value decoded as the first
//! alternative, `range_to`, silently losing its `start`. With the tag, the value names its
//! alternative and an unknown one is an error that names it. Encoding is unchanged: each
//! alternative writes its own tag property.
//!
//! Sets only `Union::tag` of such unions; it changes no type and decides nothing else.

use crate::ir::*;

/// Gives a tag to every union without one whose alternatives are told apart by a property as
/// the module docs say.
pub(crate) fn infer_tags(types: &mut [TypeDef]) {
    for id in 0..types.len() {
        let TypeKind::Union(union) = &types[id].kind else {
            continue;
        };
        if union.tag.is_some() {
            continue;
        }
        if let Some(tag) = implied_tag(types, union) {
            if let TypeKind::Union(union) = &mut types[id].kind {
                union.tag = Some(tag);
            }
        }
    }
}

/// The tag `union`'s alternatives imply, if they all are JSON structs with a required,
/// non-nullable property of one name whose type is a one-value string enum, each value
/// different. The first property of the first alternative that fits is chosen.
fn implied_tag(types: &[TypeDef], union: &Union) -> Option<Tag> {
    let structs: Vec<&Struct> = union
        .variants
        .iter()
        .map(|v| match &v.ty {
            Ty::Named(id) => match &types[*id].kind {
                TypeKind::Struct(s) if s.json && !s.is_tuple() => Some(s),
                _ => None,
            },
            _ => None,
        })
        .collect::<Option<_>>()?;
    if structs.len() < 2 {
        return None;
    }
    structs[0].fields.iter().find_map(|candidate| {
        let values: Vec<String> = structs
            .iter()
            .map(|s| {
                let field = s.fields.iter().find(|f| f.wire == candidate.wire)?;
                (field.required && !field.nullable && !field.flatten)
                    .then(|| only_value(types, &field.ty))
                    .flatten()
            })
            .collect::<Option<_>>()?;
        let distinct = values
            .iter()
            .enumerate()
            .all(|(i, v)| !values[..i].contains(v));
        distinct.then(|| Tag {
            property: candidate.wire.clone(),
            values: values
                .into_iter()
                .enumerate()
                .map(|(i, v)| (v, i))
                .collect(),
            fallback: None,
        })
    })
}

/// The value of a string enum with exactly one value, through aliases.
fn only_value(types: &[TypeDef], ty: &Ty) -> Option<String> {
    let Ty::Named(id) = ty else {
        return None;
    };
    match &types[*id].kind {
        TypeKind::Enum(e) => match e.variants.as_slice() {
            [
                Variant {
                    wire: Wire::String(value),
                    ..
                },
            ] => Some(value.clone()),
            _ => None,
        },
        TypeKind::Alias(inner) => only_value(types, inner),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    /// The code of a document whose `Range` union has two alternatives; `second` is the second
    /// one's `type` property and `required` the second one's required list.
    fn code(second: &str, required: &str) -> String {
        let spec = format!(
            r#"openapi: 3.0.3
info: {{title: t, version: '1'}}
paths: {{}}
components:
  schemas:
    Range:
      oneOf:
        - type: object
          required: [end, type]
          properties:
            end: {{type: number}}
            type: {{type: string, enum: [range_to]}}
        - type: object
          required: {required}
          properties:
            start: {{type: number}}
            type: {second}
"#
        );
        crate::generate_from_str(
            std::path::Path::new("spec.yaml"),
            &spec,
            &crate::Settings::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"))
        .code
    }

    fn tagged(code: &str) -> bool {
        code.contains("Range by \"type\"")
    }

    #[test]
    fn alternatives_told_apart_by_a_value_of_their_own_make_a_tag() {
        assert!(tagged(&code(
            "{type: string, enum: [range_from]}",
            "[start, type]"
        )));
    }

    #[test]
    fn no_tag_is_made_unless_every_alternative_requires_a_value_of_its_own() {
        // Optional in one alternative: a value without it must still decode.
        assert!(!tagged(&code(
            "{type: string, enum: [range_from]}",
            "[start]"
        )));
        // The same value in both: it cannot choose.
        assert!(!tagged(&code(
            "{type: string, enum: [range_to]}",
            "[start, type]"
        )));
        // Several values: the property does not name one alternative.
        assert!(!tagged(&code(
            "{type: string, enum: [range, range_from]}",
            "[start, type]"
        )));
        // Not an enum.
        assert!(!tagged(&code("{type: string}", "[start, type]")));
    }
}
