//! Support code shared by every generated client module, written once by hand.
//!
//! - [`Nullable`]: the tri-state type of a field that is both optional and nullable, so that a
//!   partial update can leave a field alone, clear it, or set it.
//! - [`describe`]: plain data describing each operation (method, path, parameters, body,
//!   responses, security, servers), which generated modules expose as constants.
//! - [`client`]: the HTTP core generated clients delegate to: URL building with encoded
//!   parameters, credentials, constant headers, timeouts, safe retries, bounded reads.
//! - [`validate`]: the checks generated request types run before sending ([`Validate`]).
//! - [`form`] and [`multipart`]: the encoders of `application/x-www-form-urlencoded` bodies
//!   (styles, nested objects) and `multipart/form-data` bodies (text, file and JSON parts), with
//!   [`FilePart`], the value of a file part.
//! - [`Error`], [`Secret`], [`RetryPolicy`] and [`ParamValue`], used by generated code.

#![deny(missing_docs)]

pub mod client;
pub mod describe;
mod error;
pub mod form;
pub mod multipart;
mod nullable;
mod params;
mod retry;
mod secret;
pub mod validate;

pub use client::{CallOptions, ClientBuilder, ConfigError, Credential, Response};
pub use error::{EXCERPT_LIMIT, Error};
pub use multipart::FilePart;
pub use nullable::{Nullable, required_nullable};
pub use params::ParamValue;
pub use retry::RetryPolicy;
pub use secret::Secret;
pub use validate::{Validate, Violations};
