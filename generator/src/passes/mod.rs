//! Stage 4b: the IR-to-IR passes that run once lowering has made every type and operation.
//!
//! Each pass reads and changes the `ir::Module` alone: none reads the document, and none adds a
//! warning (a pass that finds a document it cannot generate, an alias cycle, fails with its
//! pointer). They run in a fixed order, each relying on the ones before:
//!
//! 1. `directions`: `readOnly`/`writeOnly` split a struct used in both directions into its
//!    response form and a request twin `<Name>Input`;
//! 2. `tags`: a union without a `discriminator` whose alternatives each hold one value of their
//!    own in a required property of one name is decoded by that property;
//! 3. `builders`: names a builder for every struct a request can contain (twins included);
//! 4. `recursion`: refuses alias cycles, wraps recursive aliases in newtypes and boxes recursive
//!    fields;
//! 5. `defaults`: which structs and newtypes derive `Default`;
//! 6. `checks`: which types have something to validate, which have a `Validate` impl at all
//!    (those a request can contain, and those no operation uses), and which always derive
//!    `Deserialize` (all but those only requests contain);
//! 7. `errors`: operations documenting the same error responses share one error enum;
//! 8. `Module::patterns`: every pattern the types state, collected once for the emitters.

mod builders;
mod checks;
mod defaults;
mod directions;
mod errors;
mod recursion;
mod tags;

use crate::contact::ContactMapping;
use crate::error::Diag;
use crate::ir::{Body, Constraints, Module, TypeDef, TypeKind};

/// Runs every pass on a lowered module, in order; `contact` is the document's contact mapping,
/// whose update request the runtime decodes.
pub(crate) fn run(module: &mut Module, contact: Option<&ContactMapping>) -> Result<(), Diag> {
    directions::split(
        &mut module.types,
        &mut module.operations,
        &mut module.type_names,
    );
    tags::infer_tags(&mut module.types);
    builders::name_builders(
        &mut module.types,
        &module.operations,
        &mut module.type_names,
    );
    recursion::check_alias_cycles(&module.types)?;
    recursion::wrap_recursive_aliases(&mut module.types);
    recursion::box_recursive_fields(&mut module.types);
    defaults::decide_defaults(&mut module.types);
    checks::decide_checks(&mut module.types);
    let contact_body = contact
        .and_then(|c| c.operation(&module.operations))
        .and_then(|op| op.body.as_ref())
        .and_then(Body::ty)
        .cloned();
    checks::decide_uses(
        &mut module.types,
        &module.operations,
        &module.webhooks,
        contact_body.as_ref(),
    );
    errors::share_errors(&mut module.operations);
    module.patterns = patterns(&module.types);
    Ok(())
}

/// Every pattern the types' constraints state, sorted, each once.
fn patterns(types: &[TypeDef]) -> Vec<String> {
    let mut all = Vec::new();
    for def in types {
        collect_patterns(&def.constraints, &mut all);
        match &def.kind {
            TypeKind::Struct(s) => {
                s.fields
                    .iter()
                    .for_each(|f| collect_patterns(&f.constraints, &mut all));
                collect_patterns(&s.additional_constraints, &mut all);
            }
            TypeKind::Union(u) => u
                .variants
                .iter()
                .for_each(|v| collect_patterns(&v.constraints, &mut all)),
            _ => {}
        }
    }
    all.sort_unstable();
    all.dedup();
    all
}

/// Every pattern of a set of constraints, those of its items and names included.
fn collect_patterns(c: &Constraints, out: &mut Vec<String>) {
    out.extend(c.pattern.clone());
    if let Some(items) = &c.items {
        collect_patterns(items, out);
    }
    if let Some(keys) = &c.keys {
        collect_patterns(keys, out);
    }
}
