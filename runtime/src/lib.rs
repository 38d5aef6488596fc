//! Support code shared by every generated client module, written once by hand.
//!
//! - [`Nullable`]: the tri-state type of a field that is both optional and nullable, so that a
//!   partial update can leave a field alone, clear it, or set it.
//! - [`describe`]: plain data describing each operation (method, path, parameters, body,
//!   responses, security, servers), which generated modules expose as constants.
//! - [`client`]: the HTTP core generated clients delegate to: URL building with encoded
//!   parameters, credentials, constant headers, timeouts, safe retries, bounded reads. Each
//!   parameter is written in its OpenAPI 3.0 style (`simple`, `label`, `matrix`, `form`,
//!   `spaceDelimited`, `pipeDelimited`, `deepObject`, or JSON `content`) by the private `params`
//!   module, as its [`describe::Parameter`] says. Every call is traced with `tracing`, in one
//!   span per call, without credentials, bodies or URLs ([`client`] says what is recorded).
//! - [`tagged`]: decoding and encoding of unions chosen by a discriminator property; [`tuple`](mod@tuple):
//!   of tuples (`prefixItems`) as JSON arrays; [`webhook`]: decoding an incoming webhook's body.
//! - [`validate`]: the checks generated request types run before sending ([`Validate`]);
//!   [`no_checks!`] implements it for a type with nothing to check.
//! - [`string_enum!`] and [`int_enum!`]: every generated enum is one call of these; [`object!`]:
//!   every generated struct that is a JSON object (without extra properties) is one call of it,
//!   which writes its derives and its serde impls; [`builder!`]: every generated builder is one
//!   call of it.
//! - [`Base64`]: bytes as base64 text (`format: byte`).
//! - [`form`] and [`multipart`]: the encoders of `application/x-www-form-urlencoded` bodies
//!   (styles, nested objects) and `multipart/form-data` bodies (text, file and JSON parts), with
//!   [`FilePart`], the value of a file part.
//! - [`contact`]: one contact, every CRM: the canonical patch and contact, the field mapping
//!   generated modules declare from their specs, and the update (and fan-out) that reads it.
//! - `mock` (feature `mock`): a mock server on loopback that speaks one API, with expectations
//!   in its own types and a 4xx naming what breaks the spec; generated modules wrap it in their
//!   `mock::MockServer`.
//! - [`Error`], [`Secret`] (a credential, zeroized on drop, never shown) and [`RetryPolicy`],
//!   used by generated code.
//! - [`StatusCode`], [`HeaderMap`], [`Uuid`], [`Map`] and [`Value`]: the types of other crates
//!   that responses, errors and generated types hold, re-exported so that users need no
//!   dependency of their own on those crates.
//!
//! Behaviour (encoding, sending, retrying, decoding, validating) lives here once; generated code
//! only declares, through these items. Nothing here is specific to one API, and the crate never
//! depends on the generator.

#![deny(missing_docs)]

mod builder;
mod bytes;
pub mod client;
pub mod contact;
mod deep_object;
pub mod describe;
mod enums;
mod error;
mod finite;
pub mod form;
#[cfg(feature = "mock")]
pub mod mock;
pub mod multipart;
mod nullable;
mod object;
mod params;
mod retry;
mod secret;
pub mod tagged;
pub mod tuple;
pub mod validate;
pub mod webhook;

pub use bytes::Base64;
pub use client::{
    ApiClient, ApiResult, Bytes, Call, CallOptions, ClientBuilder, ConfigError, Credential, Decode,
    Json, RawResponse, Response, Text,
};
pub use error::{Attempts, EXCERPT_LIMIT, Error, Stopped};
pub use multipart::FilePart;
pub use nullable::{Nullable, required_nullable};
pub use retry::RetryPolicy;
pub use secret::Secret;
pub use validate::{Validate, Violations};

// The types users name when they handle responses and errors, re-exported so that they need no
// dependency of their own, at a matching version, on `reqwest`, `uuid` or `serde_json`.
pub use reqwest::StatusCode;
pub use reqwest::header::HeaderMap;
pub use serde_json::{Map, Value};
pub use uuid::Uuid;

/// What the macros of this crate name through `$crate`, so that generated code needs no
/// dependency of its own for them. Not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use crate::builder::required;
    pub use serde;
    pub use serde_json;

    /// What [`object!`](crate::object) names.
    pub mod object {
        pub use crate::object::*;
    }
}
