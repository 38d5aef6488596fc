//! The generator's output for every fixture spec in `tests/fixtures/`, compiled with warnings
//! denied: a snapshot that is never compiled can rot. The modules are written by
//! `cargo xtask codegen`; the tests in `tests/tests/` exercise them.

#![deny(warnings, missing_docs)]

pub use openapi_client_runtime as runtime;

pub mod fixtures;
