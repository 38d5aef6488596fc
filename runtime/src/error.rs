//! [`Error`]: every way a call can fail, typed by the operation's own documented errors, and
//! the bounded excerpt of a body that errors keep ([`EXCERPT_LIMIT`]).
//!
//! Its `Display` is written for a person: a documented error shows the status and the vendor's
//! own message, found in the typed body's JSON (`message`, `error.message`, `detail`, ...), or
//! else a short excerpt of it; a timeout says how many attempts it ended.
//!
//! An error must never carry a credential: transport errors are stored without their URL, and
//! a body is kept only as a short, lossily decoded excerpt.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::Serialize;
use serde_json::Value;

/// How many attempts a call that ended with a status made and, when the last status could have
/// been retried but was not, which limit stopped it. Shown at the end of the error's `Display`
/// when there was more than one attempt or a retry was cut short. Small on purpose: it sits in
/// every status error.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Attempts {
    /// Attempts sent, the first included (at most `u16::MAX` is counted).
    pub made: u16,
    /// The limit that stopped a retry the status allowed; `None` when no retry was due (or no
    /// call was made, for an error built by hand).
    pub stopped: Option<Stopped>,
}

/// The limit that ended a call's retries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stopped {
    /// The retry policy's `max_attempts` were made.
    MaxAttempts,
    /// No retry starts after the retry policy's `max_elapsed`.
    MaxElapsed,
    /// The next attempt would not end within the call's timeout, which covers every attempt.
    Timeout,
}

impl fmt::Display for Stopped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Stopped::MaxAttempts => "the retry policy's max_attempts were made",
            Stopped::MaxElapsed => "no retry starts after the retry policy's max_elapsed",
            Stopped::Timeout => {
                "the next attempt would not end within the timeout, which covers retries"
            }
        })
    }
}

impl fmt::Display for Attempts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.stopped, self.made) {
            (None, 0 | 1) => Ok(()),
            (None, n) => write!(f, " (after {n} attempts)"),
            (Some(why), 1) => write!(f, " (1 attempt; {why})"),
            (Some(why), n) => write!(f, " (after {n} attempts; {why})"),
        }
    }
}

/// How many bytes of a response body an error keeps.
pub const EXCERPT_LIMIT: usize = 512;

/// Why a call failed. `E` is the operation's own error type: one variant per error status the
/// spec documents, each with its decoded body.
///
/// No variant ever holds a credential: transport errors are stripped of their URL (which could
/// carry an API key in its query) before they are stored.
///
/// `Display` is meant for a person: for [`Error::Api`], the status and the vendor's message
/// (e.g. `the API answered 404 Not Found: Contact not found`), read from the body's JSON; match
/// on the variants to act on the typed body.
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
        /// The attempts the call made.
        attempts: Attempts,
    },
    /// The server answered with a status the spec does not document for this operation.
    UnexpectedStatus {
        /// The status received.
        status: StatusCode,
        /// The response headers.
        headers: HeaderMap,
        /// The start of the body (at most [`EXCERPT_LIMIT`] bytes), lossily decoded.
        excerpt: String,
        /// The attempts the call made.
        attempts: Attempts,
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
    /// No response within the call's timeout, which covers every attempt, retries and the
    /// waits between them included.
    Timeout {
        /// The attempts made before the time ran out (the first included).
        attempts: u32,
        /// The call's timeout.
        timeout: Duration,
    },
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
            Error::Timeout { .. }
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
                attempts,
            } => Error::Api {
                status,
                headers,
                body: f(body),
                attempts,
            },
            Error::UnexpectedStatus {
                status,
                headers,
                excerpt,
                attempts,
            } => Error::UnexpectedStatus {
                status,
                headers,
                excerpt,
                attempts,
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
            Error::Timeout { attempts, timeout } => Error::Timeout { attempts, timeout },
            Error::Transport(message) => Error::Transport(message),
            Error::InvalidRequest(message) => Error::InvalidRequest(message),
            Error::Validation(violations) => Error::Validation(violations),
        }
    }
}

impl<E: Serialize> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api {
                status,
                body,
                attempts,
                ..
            } => match api_message(body) {
                Some(message) => write!(f, "the API answered {status}: {message}{attempts}"),
                None => write!(f, "the API answered {status}{attempts}"),
            },
            Error::UnexpectedStatus {
                status,
                excerpt,
                attempts,
                ..
            } => {
                write!(
                    f,
                    "undocumented status {status}{attempts}; body starts: {excerpt:?}"
                )
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
            Error::Timeout { attempts, timeout } => {
                let attempts = match attempts {
                    1 => "1 attempt".to_owned(),
                    n => format!("{n} attempts"),
                };
                write!(
                    f,
                    "no response within the timeout of {timeout:?} ({attempts}; the timeout covers every attempt, retries included)"
                )
            }
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

impl<E: fmt::Debug + Serialize> std::error::Error for Error<E> {}

/// The longest message taken from an error body.
const MESSAGE_LIMIT: usize = 300;

/// The keys whose text is a person's explanation, most telling first.
const MESSAGE_KEYS: [&str; 8] = [
    "message",
    "error_description",
    "detail",
    "error",
    "errors",
    "title",
    "msg",
    "description",
];

/// What a person reads of a documented error body: the vendor's message when its JSON has one,
/// else a short excerpt of that JSON; nothing for an empty body.
fn api_message<E: Serialize>(body: &E) -> Option<String> {
    let value = serde_json::to_value(body).ok()?;
    if let Some(message) = message_in(&value, 0) {
        return Some(shorten(message.trim()));
    }
    match &value {
        Value::Null => None,
        Value::Object(map) if map.is_empty() => None,
        Value::Array(items) if items.is_empty() => None,
        // Raw bytes: read them as text.
        Value::Array(items) if items.iter().all(Value::is_u64) => {
            let bytes: Vec<u8> = items
                .iter()
                .filter_map(|b| b.as_u64().and_then(|b| u8::try_from(b).ok()))
                .collect();
            let text = String::from_utf8_lossy(&bytes);
            (!text.trim().is_empty()).then(|| shorten(text.trim()))
        }
        other => Some(shorten(&other.to_string())),
    }
}

/// The message in a JSON error body: a string, or the first of [`MESSAGE_KEYS`] (in any case)
/// that leads to one, through nested objects and the first item of lists (`error.message`,
/// `errors[0].message`); an RFC 7807 problem's `title` and `detail` together.
fn message_in(value: &Value, depth: usize) -> Option<String> {
    if depth > 3 {
        return None;
    }
    match value {
        Value::String(text) if !text.trim().is_empty() => Some(text.clone()),
        Value::Array(items) => items.first().and_then(|v| message_in(v, depth + 1)),
        Value::Object(map) => {
            let get = |key: &str| {
                map.iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(key))
                    .map(|(_, v)| v)
            };
            let text = |key: &str| {
                get(key)
                    .and_then(Value::as_str)
                    .filter(|t| !t.trim().is_empty())
            };
            if let (Some(title), Some(detail)) = (text("title"), text("detail")) {
                return Some(format!("{title}: {detail}"));
            }
            MESSAGE_KEYS
                .iter()
                .find_map(|key| get(key).and_then(|v| message_in(v, depth + 1)))
        }
        _ => None,
    }
}

/// `text` cut to [`MESSAGE_LIMIT`] characters, its line breaks made spaces.
fn shorten(text: &str) -> String {
    let mut out: String = text
        .chars()
        .take(MESSAGE_LIMIT)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.chars().count() > MESSAGE_LIMIT {
        out.push('…');
    }
    out
}

/// The start of a body, for error messages.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let end = body.len().min(EXCERPT_LIMIT);
    let mut text = String::from_utf8_lossy(&body[..end]).into_owned();
    if body.len() > EXCERPT_LIMIT {
        text.push('…');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn api(status: u16, body: Value) -> String {
        Error::Api {
            status: StatusCode::from_u16(status).unwrap(),
            headers: HeaderMap::new(),
            body,
            attempts: Attempts::default(),
        }
        .to_string()
    }

    #[test]
    fn an_api_error_shows_the_status_and_the_vendors_message() {
        let cases = [
            (
                json!({"message": "Contact not found", "code": 7}),
                "Contact not found",
            ),
            (
                json!({"error": {"code": 9, "message": "Bad token"}}),
                "Bad token",
            ),
            (
                json!({"errors": [{"Message": "email is invalid"}]}),
                "email is invalid",
            ),
            (
                json!({"error": "invalid_grant", "error_description": "expired"}),
                "expired",
            ),
            (
                json!({"type": "about:blank", "title": "Conflict", "detail": "taken"}),
                "Conflict: taken",
            ),
            (json!("plain\ntext"), "plain text"),
        ];
        for (body, message) in cases {
            assert_eq!(
                api(404, body.clone()),
                format!("the API answered 404 Not Found: {message}"),
                "{body}"
            );
        }
        // No message: a short excerpt of the JSON; nothing for an empty body.
        assert_eq!(
            api(409, json!({"code": 12})),
            "the API answered 409 Conflict: {\"code\":12}"
        );
        assert_eq!(api(400, Value::Null), "the API answered 400 Bad Request");
        let long = api(500, json!({"message": "x".repeat(1000)}));
        assert!(long.ends_with('…') && long.len() < 400, "{long}");
    }

    #[test]
    fn a_timeout_says_how_many_attempts_it_ended() {
        let error = Error::<()>::Timeout {
            attempts: 3,
            timeout: Duration::from_secs(2),
        };
        assert_eq!(
            error.to_string(),
            "no response within the timeout of 2s (3 attempts; the timeout covers every attempt, retries included)"
        );
    }

    #[test]
    fn the_attempts_are_shown_when_there_were_several_or_a_retry_was_cut_short() {
        let shown = |made, stopped| Attempts { made, stopped }.to_string();
        assert_eq!(shown(1, None), "");
        assert_eq!(shown(3, None), " (after 3 attempts)");
        assert_eq!(
            shown(2, Some(Stopped::Timeout)),
            " (after 2 attempts; the next attempt would not end within the timeout, which covers retries)"
        );
        let error: Error<Value> = Error::UnexpectedStatus {
            status: StatusCode::SERVICE_UNAVAILABLE,
            headers: HeaderMap::new(),
            excerpt: String::new(),
            attempts: Attempts {
                made: 4,
                stopped: Some(Stopped::MaxAttempts),
            },
        };
        assert_eq!(
            error.to_string(),
            "undocumented status 503 Service Unavailable (after 4 attempts; the retry policy's max_attempts were made); body starts: \"\""
        );
    }
}
