//! Typed Rust clients for updating a contact in several CRMs, generated from the hand-written
//! OpenAPI 3.0 specs in the repository's `specs/` folder.
//!
//! One module per vendor: [`linq`] (Linq), [`highlevel`] (HighLevel), [`leadlex`] (LeadLex),
//! [`getraze`] (GetRaze) and [`acquire`] (Acquire.io). Each holds:
//!
//! - `Client`, with one async method per operation: `update_contact`, and `update_contact_with`,
//!   which takes [`CallOptions`](runtime::CallOptions) (a timeout or retry policy for one call);
//! - the request and response types, with a builder per request type that checks the spec's
//!   constraints, and `UpdateContactError`, one variant per documented error status;
//! - `SERVERS`, `security_schemes` and `operations::UPDATE_CONTACT`, which describe the servers,
//!   the credentials and the operation (method, path, parameters, body, responses).
//!
//! # A configured client
//!
//! `Client::builder` takes what the API cannot do without (its credential, and server
//! variables such as an account's subdomain); every other setting has a default, and
//! [`build`](runtime::ClientBuilder::build) returns the vendor's `Client`. Building sends
//! nothing:
//!
//! ```
//! use std::time::Duration;
//! use crm_contact_clients::highlevel;
//! use crm_contact_clients::runtime::RetryPolicy;
//!
//! let client: highlevel::Client = highlevel::Client::builder("pit-token")
//!     .base_url("http://127.0.0.1:8080") // a local test server instead of the spec's
//!     .allow_insecure_http()             // plain http is refused otherwise
//!     .timeout(Duration::from_secs(10))  // the whole call, retries included (default 30 s)
//!     .retry(RetryPolicy { max_attempts: 5, ..RetryPolicy::default() })
//!     .build()?;
//! # let _ = client;
//! # Ok::<(), crm_contact_clients::runtime::ConfigError>(())
//! ```
//!
//! `Client::new(..)` is the same with every default. [`ClientBuilder`](runtime::ClientBuilder)
//! lists the settings and [`RetryPolicy`](runtime::RetryPolicy) what is retried and when. A
//! mistake is a [`ConfigError`](runtime::ConfigError) from `build`, not a failed call later: a
//! server variable that does not fit its place in the URL, plain `http` without opting in, or a
//! credential under a name the spec does not define, which lists the names it does:
//!
//! ```
//! use crm_contact_clients::linq;
//! use crm_contact_clients::runtime::Credential;
//!
//! let refused = linq::Client::builder("key")
//!     .credential("apiKey", Credential::Token("other-key".into()))
//!     .build()
//!     .unwrap_err();
//! assert!(refused.to_string().contains("this API's schemes are `ApiKeyAuth`"));
//! ```
//!
//! # Handling errors
//!
//! A call returns a [`Response`](runtime::Response) (typed body, status, headers) or an
//! [`Error`](runtime::Error): [`Error::Api`](runtime::Error::Api) holds the operation's
//! documented error, decoded; other variants cover undocumented statuses, bodies that do not
//! decode, timeouts, transport failures, and requests refused before sending. Its `Display` is
//! for people: `the API answered 404 Not Found: Contact not found`.
//!
//! ```no_run
//! use crm_contact_clients::linq;
//! use crm_contact_clients::runtime::Error;
//! use crm_contact_clients::StatusCode;
//!
//! async fn update(
//!     client: &linq::Client,
//!     id: i64,
//!     body: &linq::UpdateContactRequest,
//! ) -> Result<(), Box<dyn std::error::Error>> {
//!     match client.update_contact(id, body).await {
//!         Ok(response) => println!("updated: {:?}", response.body.data),
//!         Err(Error::Api { body: linq::UpdateContactError::Status404(_), .. }) => {
//!             println!("contact {id} does not exist")
//!         }
//!         Err(Error::Validation(violations)) => println!("not sent: {violations}"),
//!         Err(error) if error.status() == Some(StatusCode::TOO_MANY_REQUESTS) => {
//!             println!("rate limited, even after retries: {error}")
//!         }
//!         Err(error) => return Err(error.into()),
//!     }
//!     Ok(())
//! }
//! ```
//!
//! # Types from other crates
//!
//! The types that responses, errors and request bodies hold are re-exported here, so no
//! dependency of your own on `reqwest`, `uuid` or `serde_json` is needed:
//! [`StatusCode`], [`HeaderMap`], [`Uuid`], and [`Map`] and [`Value`] for JSON objects.
//!
//! ```
//! use crm_contact_clients::{HeaderMap, Map, StatusCode, Uuid, Value};
//! use crm_contact_clients::{getraze, leadlex};
//! use crm_contact_clients::runtime::Response;
//!
//! let mut custom_fields = Map::new();
//! custom_fields.insert("plan".into(), Value::from("pro"));
//! let body = getraze::UpdateContactRequest {
//!     custom_fields: Some(custom_fields),
//!     ..Default::default()
//! };
//! let id: Uuid = "123e4567-e89b-12d3-a456-426614174000".parse()?;
//!
//! fn request_id(response: &Response<leadlex::UpdateContactResponse>) -> Option<&str> {
//!     let headers: &HeaderMap = &response.headers;
//!     let _ok: bool = response.status == StatusCode::OK;
//!     headers.get("x-request-id")?.to_str().ok()
//! }
//! # let _ = (body, id, request_id);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
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
