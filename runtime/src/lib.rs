//! Support code shared by every generated client module, written once by hand.
//!
//! - [`Nullable`]: the tri-state type of a field that is both optional and nullable, so that a
//!   partial update can leave a field alone, clear it, or set it.
//! - [`describe`]: plain data describing each operation (method, path, parameters, body,
//!   responses, security, servers), which generated modules expose as constants.

#![deny(missing_docs)]

pub mod describe;
mod nullable;

pub use nullable::{Nullable, required_nullable};
