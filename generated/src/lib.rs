//! Typed Rust types and operation descriptions for updating a contact in several CRMs, generated
//! from the hand-written OpenAPI 3.0 specs in the repository's `specs/` folder.
//!
//! One module per vendor ([`linq`], [`highlevel`], [`leadlex`], [`getraze`], [`acquire`]), each
//! with the request and response types of its "update contact" operation, the documented error
//! bodies, and `operations::UPDATE_CONTACT`, which describes the method, path, parameters, body,
//! responses, security and servers.
//!
//! The vendor modules are written by `cargo xtask codegen`; do not edit them by hand.

#![deny(warnings, missing_docs)]

pub use openapi_client_runtime as runtime;
pub use openapi_client_runtime::{HeaderMap, Map, StatusCode, Uuid, Value};

mod vendors;

pub use vendors::*;

/// The README's Rust snippets, run as doctests so the tour stays true.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
