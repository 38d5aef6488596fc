//! What a call tells a `tracing` subscriber: the span every call runs in and the events `send`
//! and `response` record in it. Nothing here decides anything; it only reports.
//!
//! The span, `api_call` at `INFO`, names the API (a generated module's path), the operation id,
//! the method and the path template. In it:
//!
//! - `TRACE`: each attempt sent, and each response (status, elapsed) or failure to get one;
//! - `INFO`: each retry (why, the wait, and whether it came from `Retry-After` or the backoff),
//!   and a retry the policy or the timeout did not allow;
//! - `DEBUG`: the outcome, a response (status, attempts, elapsed);
//! - `WARN`: a refusal before sending (the request breaks its spec, or cannot be sent), a call
//!   that ended without a response (timeout, transport error, body too large), a body that does
//!   not decode and a status the spec does not document.
//!
//! A contact update (`contact::update`) runs in a `contact_update` span at `INFO` naming the
//! vendor and the operation; the `api_call` span of its call, when it gets that far, is inside
//! it. An update declined before its call is made (a contact id that does not parse, a field
//! strict mode refuses, nothing to send, a request the vendor's type cannot hold) is a `WARN`
//! refusal in it, like a call's: its reason names fields and rules, never a value.
//!
//! What is never recorded: a credential (token, API key, password, in whatever place it is
//! sent), a header, a body, and the URL (which may carry a key in its query): only the path
//! template. A transport error's text is recorded as [`Error::Transport`] keeps it, without its
//! URL. Without a subscriber, each macro costs one check of a static level filter.

use std::time::Duration;

use tracing::{Span, debug, info, info_span, trace, warn};

use super::RawResponse;
use crate::describe::Operation;
use crate::error::Error;

/// The span of one call of `op` on the API `api`.
pub(super) fn call_span(api: &'static str, op: &Operation) -> Span {
    info_span!(
        "api_call",
        api,
        operation = op.id,
        method = op.method.as_str(),
        path = op.path,
    )
}

/// The span of one contact update at `vendor` through its operation `operation`.
pub(crate) fn contact_span(vendor: &'static str, operation: &'static str) -> Span {
    info_span!("contact_update", vendor, operation)
}

/// A contact update was declined before its call, because of `reason`.
pub(crate) fn declined(reason: &str) {
    warn!(reason, "refused before sending");
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// Attempt `attempt` is about to be sent.
pub(super) fn sending(attempt: u32) {
    trace!(attempt, "sending");
}

/// Attempt `attempt` got a response with `status` after `elapsed`.
pub(super) fn responded(attempt: u32, status: u16, elapsed: Duration) {
    trace!(attempt, status, elapsed_ms = millis(elapsed), "response");
}

/// Attempt `attempt` got no response; `error` is the transport error's text, without its URL.
pub(super) fn no_response(attempt: u32, error: &str, elapsed: Duration) {
    trace!(attempt, error, elapsed_ms = millis(elapsed), "no response");
}

/// Another attempt will be made after `wait`, because of `reason`; `retry_after` says whether
/// the server's `Retry-After` set the wait.
pub(super) fn retrying(attempt: u32, reason: &str, wait: Duration, retry_after: bool) {
    let wait_from = if retry_after {
        "Retry-After"
    } else {
        "backoff"
    };
    info!(
        attempt,
        reason,
        wait_ms = millis(wait),
        wait_from,
        "retrying"
    );
}

/// A retry `reason` called for was not made, because of `why`.
pub(super) fn not_retrying(attempt: u32, reason: &str, why: &str) {
    info!(attempt, reason, why, "not retrying");
}

/// The end of `execute`: a response, or why there is none.
pub(super) fn outcome<E>(result: &Result<RawResponse, Error<E>>, attempts: u32, elapsed: Duration) {
    let elapsed_ms = millis(elapsed);
    match result {
        Ok(raw) => debug!(
            status = raw.status.as_u16(),
            attempts, elapsed_ms, "call answered"
        ),
        Err(Error::Validation(violations)) => {
            warn!(%violations, "refused before sending: the request breaks its spec")
        }
        Err(Error::InvalidRequest(reason)) => {
            warn!(reason = reason.as_str(), "refused before sending")
        }
        Err(Error::Timeout { attempts, timeout }) => warn!(
            attempts,
            timeout_ms = millis(*timeout),
            elapsed_ms,
            "call timed out"
        ),
        Err(Error::Transport(error)) => {
            warn!(error = error.as_str(), attempts, elapsed_ms, "call failed")
        }
        Err(Error::BodyTooLarge { status, limit }) => warn!(
            status = status.as_u16(),
            limit, attempts, elapsed_ms, "response body too large"
        ),
        // Not made by `execute`: the documented statuses are read later, in `response`.
        Err(Error::Api { .. } | Error::UnexpectedStatus { .. } | Error::Decode { .. }) => {}
    }
}

/// A body of a response with `status` did not read as documented; `path` says where decoding
/// stopped. The decoder's message is left out: it may quote the body.
pub(super) fn undecoded(span: &Span, status: u16, path: &str) {
    span.in_scope(|| warn!(status, path, "response body does not decode as documented"));
}

/// A response's `status` is not documented for the operation.
pub(super) fn undocumented(span: &Span, status: u16) {
    span.in_scope(|| warn!(status, "status not documented for the operation"));
}
