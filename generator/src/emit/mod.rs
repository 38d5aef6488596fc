//! Stage 5: prints the intermediate representation as Rust tokens, one [`Piece`] at a time.
//! Every decision (names, boxing, presence, derives, which types have checks) was made by
//! `lower`; the emitters only spell it out, and none reads anything but the IR.
//!
//! This module lists the module's pieces (a type, an operation constant, a `Validate` impl, a
//! client method, ...) in output order and hands each to the emitter of its kind; `print`
//! emits, formats and drops them one by one. The emitters are a tree whose dependencies run one
//! way; none of them imports this module, and none imports another emitter beside the leaves:
//!
//! ```text
//! mod (pieces, emit_piece) ──> types, describe, validate, builders, client, contact, mock,
//!     webhooks
//! validate, client ──> constraints (Rules chains)
//! every emitter ──> common (identifiers, docs, deprecation, type tokens)
//! ```

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::*;

mod builders;
mod client;
mod common;
mod constraints;
mod contact;
mod describe;
mod mock;
mod types;
mod validate;
mod webhooks;

pub(crate) use client::{METHODS_CLOSE, METHODS_OPEN};
use common::inner_doc;
pub(crate) use contact::contact_items;
pub(crate) use describe::{SharedLists, operations_close, operations_open};

/// One top-level piece of a module. Pieces are emitted, parsed and formatted independently of
/// each other (see `print`), and concatenated in the order `pieces` lists them.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Piece {
    /// The module's inner doc comment.
    ModuleDoc,
    /// A type, by id.
    Type(usize),
    /// `SERVERS`.
    Servers,
    /// The `security_schemes` module.
    Schemes,
    /// The first items of the `operations` module: the constructors its constants call and the
    /// lists several of them share (`SharedLists`).
    OperationsHead,
    /// One constant of the `operations` module, by operation index. The module's opening and
    /// closing lines are text (`operations_open`, and `operations_close` with `ALL`, every
    /// operation, which the mock starts from), so that each constant is formatted on its own
    /// however many operations there are.
    Operation(usize),
    /// The `static` patterns the `Validate` impls share, each declared once.
    Patterns,
    /// The `Validate` impl of a type.
    Validate(usize),
    /// The builder of a struct type.
    Builder(usize),
    /// The error (and success) enums of an operation.
    ResponseEnums(usize),
    /// The `Client` type and its constructors.
    Client,
    /// The `Client` method of an operation. The methods are one `impl Client` block, whose
    /// opening and closing lines are text (`METHODS_OPEN`, `METHODS_CLOSE`), so that each
    /// method is formatted on its own.
    ClientMethod(usize),
    /// The `mock` module (feature `mock`): the API's `MockServer`.
    Mock,
    /// The `webhooks` module (3.1 documents with webhooks).
    Webhooks,
}

/// The cargo feature that compiles the `webhooks` module and the types only webhooks carry
/// (`TypeDef::webhook_only`): a client that only calls the API never compiles them.
pub(crate) const WEBHOOKS_FEATURE: &str = "webhooks";

/// The cargo feature a piece is compiled under, if any (`print` writes the `cfg`): the
/// `webhooks` module, and every item of a type only webhooks carry.
pub(crate) fn feature_of(module: &Module, piece: Piece) -> Option<&'static str> {
    match piece {
        Piece::Webhooks => Some(WEBHOOKS_FEATURE),
        Piece::Type(id) | Piece::Validate(id) | Piece::Builder(id)
            if module.types[id].webhook_only =>
        {
            Some(WEBHOOKS_FEATURE)
        }
        _ => None,
    }
}

/// Every piece of the module, in output order.
pub(crate) fn pieces(module: &Module) -> Vec<Piece> {
    let types = 0..module.types.len();
    let mut pieces = vec![Piece::ModuleDoc];
    pieces.extend(types.clone().map(Piece::Type));
    pieces.extend([Piece::Servers, Piece::Schemes]);
    if !module.operations.is_empty() {
        pieces.push(Piece::OperationsHead);
    }
    pieces.extend((0..module.operations.len()).map(Piece::Operation));
    pieces.push(Piece::Patterns);
    pieces.extend(types.clone().map(Piece::Validate));
    pieces.extend(types.clone().filter_map(|id| match &module.types[id].kind {
        TypeKind::Struct(s) if s.builder.is_some() => Some(Piece::Builder(id)),
        _ => None,
    }));
    if !module.operations.is_empty() {
        pieces.extend((0..module.operations.len()).map(Piece::ResponseEnums));
        pieces.push(Piece::Client);
        pieces.extend((0..module.operations.len()).map(Piece::ClientMethod));
        pieces.push(Piece::Mock);
    }
    if !module.webhooks.is_empty() {
        pieces.push(Piece::Webhooks);
    }
    pieces
}

/// The tokens of one piece. `shared` is computed once for the module (`SharedLists::new`); `rt`
/// is the path of the runtime crate as seen from the module.
pub(crate) fn emit_piece(
    module: &Module,
    shared: &SharedLists,
    rt: &syn::Path,
    piece: Piece,
) -> TokenStream {
    // The module's own top-level items name the runtime by this short name, which it imports.
    let local = &common::local_runtime();
    match piece {
        Piece::ModuleDoc => {
            let doc = inner_doc(&module.doc);
            // The import, and the validation items' as `v` (`self::`: an import's first name
            // could also be a crate's, which would be ambiguous). A module may have nothing that
            // uses either.
            quote! {
                #doc
                #[allow(unused_imports)]
                use #rt as #local;
                #[allow(unused_imports)]
                use self::#local::validate as v;
            }
        }
        Piece::Type(id) => types::emit_type(module, &module.types[id], local),
        Piece::Servers => describe::servers_const(module, rt),
        Piece::Schemes => describe::emit_schemes(module, rt),
        Piece::OperationsHead => describe::operations_head(module, shared),
        Piece::Operation(index) => describe::emit_operation(module, shared, index),
        Piece::Patterns => validate::shared_patterns(module, local),
        Piece::Validate(id) => validate::validate_impl(module, &module.types[id], local),
        Piece::Builder(id) => builders::builder_piece(module, id, local),
        Piece::ResponseEnums(index) => {
            client::response_enums(module, &module.operations[index], local)
        }
        Piece::Client => client::client_type(module, rt),
        Piece::Webhooks => webhooks::webhooks_module(module, rt),
        Piece::ClientMethod(index) => client::method(module, &module.operations[index], local),
        Piece::Mock => mock::mock_module(module, rt),
    }
}
