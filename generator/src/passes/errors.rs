//! Errors: operations that document the same error responses (the same statuses, variants,
//! descriptions and bodies) share one error enum, the first one's; the error type of each of the
//! others is an alias of it. An API whose every operation answers `4XX` and `5XX` with its
//! `Error` schema has one enum, not one per operation each with its derives, and every
//! operation's error type keeps its name.
//!
//! Sets only `Operation::errors_of`.

use crate::ir::*;

/// Points each operation whose error responses an earlier one documents the same way at the
/// first of them.
pub(crate) fn share_errors(operations: &mut [Operation]) {
    let errors = |op: &Operation| -> Vec<(String, Status, String, Payload)> {
        op.responses
            .iter()
            .filter(|r| !r.is_success())
            .map(|r| {
                (
                    r.variant.clone(),
                    r.status,
                    r.description.clone(),
                    r.payload(),
                )
            })
            .collect()
    };
    // Each distinct list of errors, with the first operation that has it.
    let mut firsts: Vec<(Vec<(String, Status, String, Payload)>, usize)> = Vec::new();
    for (index, op) in operations.iter_mut().enumerate() {
        let own = errors(op);
        match firsts.iter().find(|(errors, _)| *errors == own) {
            Some((_, first)) => op.errors_of = Some(*first),
            None => firsts.push((own, index)),
        }
    }
}
