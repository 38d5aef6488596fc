//! Errors: operations that document the same error responses (the same statuses, variants,
//! descriptions and bodies) share one error enum, the first one's; the error type of each of the
//! others is an alias of it. An API whose every operation answers `4XX` and `5XX` with its
//! `Error` schema has one enum, not one per operation each with its derives, and every
//! operation's error type keeps its name.
//!
//! Sets only `Operation::errors_of`.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use crate::ir::*;

/// What an error enum is made of: each error response's variant, status, description and body.
type Errors<'a> = Vec<(&'a str, Status, &'a str, Payload)>;

/// Points each operation whose error responses an earlier one documents the same way at the
/// first of them.
pub(crate) fn share_errors(operations: &mut [Operation]) {
    let errors: Vec<Errors> = operations
        .iter()
        .map(|op| {
            op.responses
                .iter()
                .filter(|r| !r.is_success())
                .map(|r| {
                    (
                        r.variant.as_str(),
                        r.status,
                        r.description.as_str(),
                        r.payload(),
                    )
                })
                .collect()
        })
        .collect();
    // The first operation of each distinct list of errors: one lookup per operation.
    let mut firsts: HashMap<&Errors, usize> = HashMap::new();
    let mut errors_of = Vec::with_capacity(errors.len());
    for (index, own) in errors.iter().enumerate() {
        errors_of.push(match firsts.entry(own) {
            Entry::Occupied(first) => Some(*first.get()),
            Entry::Vacant(slot) => {
                slot.insert(index);
                None
            }
        });
    }
    for (op, first) in operations.iter_mut().zip(errors_of) {
        op.errors_of = first;
    }
}
