//! Retries: [`RetryPolicy`] (how many attempts, how long to wait between them, for how long in
//! all) and the decisions `send` asks after each attempt (`after_status`, `after_failure`):
//! whether the request may be repeated, and after how long a server's `Retry-After` says.
//!
//! A request that may have reached the server is retried only for an idempotent operation: a
//! connection that never opened and a 429 (the server refused before acting) are safe for any
//! method; a timeout, a dropped connection, 500, 502, 503 and 504 only for idempotent ones. This
//! module decides; it never sleeps or sends.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

/// When and how often a failed call is tried again.
///
/// Backoff doubles from `initial_backoff` up to `max_backoff`, with full jitter; a `Retry-After`
/// header (seconds or an HTTP date) on 429 or 503 is honoured instead, when it fits in the time
/// left. No retry starts after `max_elapsed` from the first attempt.
///
/// Which failures are retried depends on whether the request may have reached the server: a
/// connection that never opened and a 429 are always safe to retry; a timeout, a dropped
/// connection, 500, 502, 503 and 504 only for idempotent operations.
///
/// The default ([`RetryPolicy::default`]) makes at most 3 attempts (2 retries), waiting a random
/// time up to 200 ms before the first retry and up to 400 ms before the second (the bound
/// doubles each time, at most 5 s), and starts no retry 30 s after the first attempt. The
/// client's timeout ([`ClientBuilder::timeout`](crate::ClientBuilder::timeout), 30 s by
/// default) covers all attempts and waits together: a retry whose wait would end after it is
/// not made. [`RetryPolicy::none`] makes one attempt.
///
/// ```
/// use std::time::Duration;
/// use openapi_client_runtime::RetryPolicy;
///
/// let patient = RetryPolicy {
///     max_attempts: 5,
///     max_backoff: Duration::from_secs(2),
///     ..RetryPolicy::default()
/// };
/// assert_eq!(patient.initial_backoff, Duration::from_millis(200));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 means no retry. Default 3.
    pub max_attempts: u32,
    /// The bound of the wait before the first retry; each later one doubles it. Default 200 ms.
    pub initial_backoff: Duration,
    /// The largest bound of a wait. Default 5 s.
    pub max_backoff: Duration,
    /// No retry starts after this long from the first attempt. Default 30 s.
    pub max_elapsed: Duration,
}

impl Default for RetryPolicy {
    /// 3 attempts, waits bounded by 200 ms doubling up to 5 s, no retry after 30 s.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_elapsed: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The backoff before attempt `attempt + 1` (`attempt` counts from 1), with full jitter.
    pub(crate) fn backoff(&self, attempt: u32) -> Duration {
        let exponent = attempt.saturating_sub(1).min(20);
        let ceiling = self
            .initial_backoff
            .saturating_mul(1 << exponent)
            .min(self.max_backoff);
        ceiling.mul_f64(fastrand::f64())
    }
}

/// Parses a `Retry-After` value: delay-seconds or an HTTP date (relative to `now`).
fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// What to do after one attempt.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Next {
    /// Return what this attempt gave.
    Done,
    /// Try again, after the server's `Retry-After` if it gave one, else after the backoff.
    Retry(Option<Duration>),
}

/// Whether a response's status calls for another attempt.
pub(crate) fn after_status(status: StatusCode, headers: &HeaderMap, idempotent: bool) -> Next {
    let retry_after = || {
        headers
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, SystemTime::now()))
    };
    match status.as_u16() {
        // The server refused before acting: safe to repeat, whatever the method.
        429 => Next::Retry(retry_after()),
        503 if idempotent => Next::Retry(retry_after()),
        500 | 502 | 504 if idempotent => Next::Retry(None),
        _ => Next::Done,
    }
}

/// Why an attempt got no response, in words, for traces.
pub(crate) fn failure_kind(error: &reqwest::Error) -> &'static str {
    if error.is_connect() {
        "the connection did not open"
    } else if error.is_timeout() {
        "the attempt timed out"
    } else {
        "the connection failed"
    }
}

/// Whether a failure to get a response calls for another attempt.
pub(crate) fn after_failure(error: &reqwest::Error, idempotent: bool) -> Next {
    // A connection that never opened: the server cannot have seen the request.
    if error.is_connect() || idempotent {
        Next::Retry(None)
    } else {
        Next::Done
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(parse_retry_after("3", now), Some(Duration::from_secs(3)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(7));
        assert_eq!(parse_retry_after(&later, now), Some(Duration::from_secs(7)));
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(7));
        assert_eq!(parse_retry_after(&earlier, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
    }

    #[test]
    fn statuses_are_retried_only_when_repeating_is_safe() {
        let after = |status: u16, retry_after: Option<&str>, idempotent: bool| {
            let mut headers = HeaderMap::new();
            if let Some(value) = retry_after {
                headers.insert(RETRY_AFTER, value.parse().unwrap());
            }
            after_status(StatusCode::from_u16(status).unwrap(), &headers, idempotent)
        };
        let seconds = |n| Next::Retry(Some(Duration::from_secs(n)));
        // Refused before acting: any method, honouring `Retry-After`.
        assert_eq!(after(429, None, false), Next::Retry(None));
        assert_eq!(after(429, Some("2"), false), seconds(2));
        // The server may have acted: only idempotent operations.
        assert_eq!(after(503, Some("3"), true), seconds(3));
        assert_eq!(after(503, Some("3"), false), Next::Done);
        for status in [500, 502, 504] {
            assert_eq!(after(status, None, true), Next::Retry(None));
            assert_eq!(after(status, Some("3"), true), Next::Retry(None));
            assert_eq!(after(status, None, false), Next::Done);
        }
        for status in [200, 201, 400, 404, 409, 501] {
            assert_eq!(after(status, None, true), Next::Done, "{status}");
        }
    }

    #[test]
    fn backoff_is_bounded_and_grows() {
        let policy = RetryPolicy {
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(250),
            ..RetryPolicy::default()
        };
        for attempt in 1..40 {
            assert!(policy.backoff(attempt) <= Duration::from_millis(250));
        }
        // Full jitter: never more than the exponential ceiling for that attempt.
        assert!(policy.backoff(1) <= Duration::from_millis(100));
    }
}
