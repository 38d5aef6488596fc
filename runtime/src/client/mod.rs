//! The HTTP client core that every generated client delegates to. Generated code only declares
//! (which parameter goes where, which status reads into which type); everything that happens on
//! the wire is here, written once:
//!
//! - `builder`: [`ClientBuilder`], the client's configuration and server variables, checked once,
//!   which builds a generated API's `Client` through [`ApiClient`];
//! - `request`: [`Request`], one call's URL, parameters, headers, cookies and body, encoded as
//!   the operation's description says, or refused;
//! - `send`: [`Client::execute`], which adds credentials, sends, retries what is safe (the
//!   decisions are beside [`RetryPolicy`]) and reads a bounded body;
//! - `response`: [`RawResponse`] and its turning into an [`ApiResult`] through [`ReadBody`];
//! - `trace`: what a call tells a [`tracing`](https://docs.rs/tracing) subscriber.
//!
//! # Tracing
//!
//! Every call runs in an `api_call` span at `INFO` with the fields `api` (the generated
//! module's path, e.g. `crm_contact_clients::vendors::linq`), `operation` (the operation id),
//! `method` and `path` (the path template, e.g. `/contacts/{id}`). In it: at `TRACE` each
//! attempt (`attempt`) and each response (`status`, `elapsed_ms`) or failure to get one; at
//! `INFO` each retry (`reason`, `wait_ms`, `wait_from`: `Retry-After` or `backoff`) and a retry
//! the policy or the timeout did not allow (`why`); at `DEBUG` the outcome (`status`,
//! `attempts`, `elapsed_ms`); at `WARN` a request refused before sending (it breaks its spec, or
//! cannot be sent), a call that ended without a response, a body that does not decode (`path`)
//! and an undocumented status. No credential, header, body or URL is ever recorded (the path
//! template stands for the URL). Without a subscriber, each event costs one check of a static
//! level filter; `tracing`'s `max_level_*` features remove them at compile time.
//!
//! Nothing here decides per API: what differs between operations comes from their
//! [`describe`](crate::describe) constants. A credential is held in a [`Secret`](crate::Secret)
//! and never appears in an error.

use std::collections::HashMap;
use std::time::Duration;

use reqwest::Url;
use reqwest::header::HeaderValue;

use crate::retry::RetryPolicy;

mod builder;
mod request;
mod response;
mod send;
pub(crate) mod trace;

pub use builder::{
    ApiClient, ClientBuilder, ConfigError, Credential, DEFAULT_MAX_BODY, DEFAULT_TIMEOUT,
};
pub use request::Request;
pub use response::{ApiResult, Bytes, Call, Decode, Json, RawResponse, ReadBody, Response, Text};
pub use send::CallOptions;

/// A client for one API. Cheap to clone; generated clients wrap it.
#[derive(Clone, Debug)]
pub struct Client {
    /// The API's name in traces.
    api: &'static str,
    http: reqwest::Client,
    base: Url,
    credentials: HashMap<String, Credential>,
    timeout: Duration,
    retry: RetryPolicy,
    max_body: usize,
    user_agent: HeaderValue,
}
