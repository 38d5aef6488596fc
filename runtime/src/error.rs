//! [`Error`]: every way a call can fail, typed by the operation's own documented errors, and
//! the bounded excerpt of a body that errors keep ([`EXCERPT_LIMIT`]).
//!
//! An error must never carry a credential: transport errors are stored without their URL, and
//! a body is kept only as a short, lossily decoded excerpt.

use std::fmt;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// How many bytes of a response body an error keeps.
pub const EXCERPT_LIMIT: usize = 512;

/// Why a call failed. `E` is the operation's own error type: one variant per error status the
/// spec documents, each with its decoded body.
///
/// No variant ever holds a credential: transport errors are stripped of their URL (which could
/// carry an API key in its query) before they are stored.
#[derive(Debug)]
pub enum Error<E> {
    /// The server answered with an error status the spec documents; `body` is its typed body.
    Api {
        /// The status received.
        status: StatusCode,
        /// The response headers (request ids, rate-limit headers).
        headers: HeaderMap,
        /// The documented error, decoded.
        body: E,
    },
    /// The server answered with a status the spec does not document for this operation.
    UnexpectedStatus {
        /// The status received.
        status: StatusCode,
        /// The response headers.
        headers: HeaderMap,
        /// The start of the body (at most [`EXCERPT_LIMIT`] bytes), lossily decoded.
        excerpt: String,
    },
    /// The body did not decode into the documented type.
    Decode {
        /// The status received.
        status: StatusCode,
        /// Where in the body decoding failed, as a path (`data.created_at`); empty for the root.
        path: String,
        /// What was wrong there.
        message: String,
        /// The start of the body (at most [`EXCERPT_LIMIT`] bytes), lossily decoded.
        excerpt: String,
    },
    /// The body was larger than the client accepts.
    BodyTooLarge {
        /// The status received.
        status: StatusCode,
        /// The limit, in bytes.
        limit: usize,
    },
    /// No response within the timeout (after any retries).
    Timeout,
    /// The request could not be sent or the response not read (connection refused, reset, TLS).
    Transport(String),
    /// The request was refused before anything was sent (an invalid parameter or server
    /// variable, a body that does not encode, plain `http` without opting in).
    InvalidRequest(String),
    /// The request breaks constraints its spec states; nothing was sent.
    Validation(crate::Violations),
}

impl<E> Error<E> {
    /// The HTTP status, when a response was received.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api { status, .. }
            | Error::UnexpectedStatus { status, .. }
            | Error::Decode { status, .. }
            | Error::BodyTooLarge { status, .. } => Some(*status),
            Error::Timeout
            | Error::Transport(_)
            | Error::InvalidRequest(_)
            | Error::Validation(_) => None,
        }
    }

    /// Changes the operation error type; used by generated code.
    pub fn map_api<F>(self, f: impl FnOnce(E) -> F) -> Error<F> {
        match self {
            Error::Api {
                status,
                headers,
                body,
            } => Error::Api {
                status,
                headers,
                body: f(body),
            },
            Error::UnexpectedStatus {
                status,
                headers,
                excerpt,
            } => Error::UnexpectedStatus {
                status,
                headers,
                excerpt,
            },
            Error::Decode {
                status,
                path,
                message,
                excerpt,
            } => Error::Decode {
                status,
                path,
                message,
                excerpt,
            },
            Error::BodyTooLarge { status, limit } => Error::BodyTooLarge { status, limit },
            Error::Timeout => Error::Timeout,
            Error::Transport(message) => Error::Transport(message),
            Error::InvalidRequest(message) => Error::InvalidRequest(message),
            Error::Validation(violations) => Error::Validation(violations),
        }
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api { status, body, .. } => write!(f, "the API answered {status}: {body:?}"),
            Error::UnexpectedStatus {
                status, excerpt, ..
            } => {
                write!(f, "undocumented status {status}; body starts: {excerpt:?}")
            }
            Error::Decode {
                status,
                path,
                message,
                excerpt,
            } => {
                let at = if path.is_empty() {
                    "the body"
                } else {
                    path.as_str()
                };
                write!(
                    f,
                    "status {status}: {at} does not decode: {message}; body starts: {excerpt:?}"
                )
            }
            Error::BodyTooLarge { status, limit } => {
                write!(f, "status {status}: body larger than {limit} bytes")
            }
            Error::Timeout => f.write_str("no response before the timeout"),
            Error::Transport(message) => write!(f, "transport error: {message}"),
            Error::InvalidRequest(message) => {
                write!(f, "request refused before sending: {message}")
            }
            Error::Validation(violations) => {
                write!(f, "request refused before sending: {violations}")
            }
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {}

/// The start of a body, for error messages.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let end = body.len().min(EXCERPT_LIMIT);
    let mut text = String::from_utf8_lossy(&body[..end]).into_owned();
    if body.len() > EXCERPT_LIMIT {
        text.push('…');
    }
    text
}
