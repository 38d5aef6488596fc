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
//! - `response`: [`RawResponse`] and its turning into an [`ApiResult`] through [`ReadBody`].
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

pub use builder::{
    ApiClient, ClientBuilder, ConfigError, Credential, DEFAULT_MAX_BODY, DEFAULT_TIMEOUT,
};
pub use request::Request;
pub use response::{ApiResult, Bytes, Json, RawResponse, ReadBody, Response, Text};
pub use send::CallOptions;

/// A client for one API. Cheap to clone; generated clients wrap it.
#[derive(Clone, Debug)]
pub struct Client {
    http: reqwest::Client,
    base: Url,
    credentials: HashMap<String, Credential>,
    timeout: Duration,
    retry: RetryPolicy,
    max_body: usize,
    user_agent: HeaderValue,
}
