//! Sending: [`Client::execute`] builds the URL from a [`Request`] (refusing one that would leave
//! the configured host or base path), adds the credentials of the first security alternative
//! the client can satisfy and the constant headers, sends with the call's timeout (retries
//! included), retries what `retry` says is safe, and reads the body up to the configured bound
//! into a [`RawResponse`]. When retries end, the final error says why: a timeout counts the
//! attempts it ended, and a transport error says which limit stopped the retries.
//!
//! Credentials never reach an error or a trace: a key in a header or cookie is marked
//! sensitive, and a transport error's message has its URL (which may carry a query key) taken
//! out. A request found invalid or breaking its spec while it was put together is refused here,
//! before anything is sent, so that every call, refused or sent, is traced in one span (the
//! events are written by `trace`).

use std::time::{Duration, Instant};

use reqwest::Url;
use reqwest::header::{CONTENT_TYPE, COOKIE, HeaderMap, HeaderName, HeaderValue, USER_AGENT};

use tracing::{Instrument, Span};

use super::request::Body;
use super::{Client, Credential, RawResponse, Request, trace};
use crate::describe::{Location, Method, Operation, SecurityScheme};
use crate::error::{Attempts, Error, Stopped};
use crate::retry::{Next, RetryPolicy, after_failure, after_status, failure_kind};

/// Per-call settings that override the client's.
#[derive(Clone, Debug, Default)]
pub struct CallOptions {
    /// The timeout of this call.
    pub timeout: Option<Duration>,
    /// The retry policy of this call.
    pub retry: Option<RetryPolicy>,
}

impl Client {
    /// Sends `request`, retrying what is safe to retry, and reads the response.
    ///
    /// The call runs in an `api_call` tracing span (the API, the operation id, the method and
    /// the path template) where each attempt, response, retry and the outcome are recorded,
    /// never a credential, a body or the URL: see the [`client`](super) module.
    pub async fn execute<E>(
        &self,
        request: Request,
        options: &CallOptions,
    ) -> Result<RawResponse, Error<E>> {
        let span = trace::call_span(self.api, request.op);
        async {
            let started = Instant::now();
            let mut attempts = 0;
            let result = self.attempts(request, options, &mut attempts).await;
            trace::outcome(&result, attempts, started.elapsed());
            result
        }
        .instrument(span.clone())
        .await
        .map(|raw| RawResponse { span, ..raw })
    }

    /// What `execute` does inside its span; `attempts` counts the attempts sent.
    async fn attempts<E>(
        &self,
        request: Request,
        options: &CallOptions,
        attempts: &mut u32,
    ) -> Result<RawResponse, Error<E>> {
        if let Some(violations) = request.violations {
            return Err(Error::Validation(violations));
        }
        if let Some(message) = request.invalid {
            return Err(Error::InvalidRequest(message));
        }
        if let Some(Body::Bytes(content_type, _)) = &request.body {
            if HeaderValue::from_str(content_type).is_err() {
                return Err(Error::InvalidRequest(format!(
                    "the content type {content_type:?} cannot be sent as a header"
                )));
            }
        }
        let op = request.op;
        let url = self
            .url(&request.path, &request.query)
            .map_err(Error::InvalidRequest)?;
        let auth = self.auth_for(op).map_err(Error::InvalidRequest)?;
        let timeout = options.timeout.unwrap_or(self.timeout);
        let retry = options.retry.as_ref().unwrap_or(&self.retry);
        let started = Instant::now();
        let mut attempt = 1;
        loop {
            let remaining = timeout.saturating_sub(started.elapsed());
            if remaining.is_zero() {
                return Err(Error::Timeout {
                    attempts: attempt - 1,
                    timeout,
                });
            }
            *attempts = attempt;
            trace::sending(attempt);
            let sent = Instant::now();
            let outcome = self.send_once(&request, &url, &auth, remaining).await;
            let (next, reason) = match &outcome {
                Ok(response) => {
                    trace::responded(attempt, response.status().as_u16(), sent.elapsed());
                    let next = after_status(response.status(), response.headers(), op.idempotent);
                    (next, response.status().to_string())
                }
                Err(e) => {
                    trace::no_response(attempt, &describe(e), sent.elapsed());
                    (after_failure(e, op.idempotent), failure_kind(e).to_owned())
                }
            };
            // Why a retry the policy allows was not made, for the final error.
            let mut cut_short = None;
            if let Next::Retry(after) = next {
                let delay = after.unwrap_or_else(|| retry.backoff(attempt));
                let elapsed_after = started.elapsed() + delay;
                if attempt >= retry.max_attempts {
                    cut_short = Some((
                        Stopped::MaxAttempts,
                        format!("the retry policy allows {attempt}"),
                    ));
                } else if elapsed_after > retry.max_elapsed {
                    cut_short = Some((
                        Stopped::MaxElapsed,
                        format!(
                            "no retry starts after the retry policy's {:?}",
                            retry.max_elapsed
                        ),
                    ));
                } else if elapsed_after >= timeout {
                    cut_short = Some((
                        Stopped::Timeout,
                        format!(
                            "the next would not end within the timeout of {timeout:?}, which covers retries"
                        ),
                    ));
                } else {
                    trace::retrying(attempt, &reason, delay, after.is_some());
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                    continue;
                }
            }
            if let Some((_, why)) = &cut_short {
                trace::not_retrying(attempt, &reason, why);
            }
            return match outcome {
                Ok(response) => {
                    let attempts = Attempts {
                        made: u16::try_from(attempt).unwrap_or(u16::MAX),
                        stopped: cut_short.map(|(stopped, _)| stopped),
                    };
                    self.read(response, attempts, timeout).await
                }
                Err(e) if e.is_timeout() => Err(Error::Timeout {
                    attempts: attempt,
                    timeout,
                }),
                Err(e) => {
                    let mut message = describe(&e);
                    if let Some((_, reason)) = cut_short {
                        let attempts = match attempt {
                            1 => "1 attempt".to_owned(),
                            n => format!("after {n} attempts"),
                        };
                        message.push_str(&format!(" ({attempts}; {reason})"));
                    }
                    Err(Error::Transport(message))
                }
            };
        }
    }

    fn url(&self, path: &str, query: &[String]) -> Result<Url, String> {
        let text = format!("{}{path}", self.base.as_str().trim_end_matches('/'));
        let mut url = Url::parse(&text).map_err(|e| format!("the request URL is invalid: {e}"))?;
        // Defence in depth: whatever a parameter held, the request goes to the configured host,
        // under the configured path.
        if url.host_str() != self.base.host_str()
            || url.port() != self.base.port()
            || !url
                .path()
                .starts_with(self.base.path().trim_end_matches('/'))
        {
            return Err("a parameter would change the request's host or base path".into());
        }
        if !query.is_empty() {
            // Already encoded by each parameter's style.
            url.set_query(Some(&query.join("&")));
        }
        Ok(url)
    }

    /// The credentials to send: the first of the operation's alternatives that the client can
    /// satisfy.
    fn auth_for(&self, op: &Operation) -> Result<Vec<(SecurityScheme, &Credential)>, String> {
        if op.security.is_empty() {
            return Ok(Vec::new());
        }
        for alternative in op.security {
            let found: Option<Vec<_>> = alternative
                .iter()
                .map(|u| self.credentials.get(u.name).map(|c| (u.scheme, c)))
                .collect();
            if let Some(found) = found {
                for (scheme, credential) in &found {
                    let header_key = matches!(
                        scheme,
                        SecurityScheme::ApiKey {
                            location: Location::Header | Location::Cookie,
                            ..
                        }
                    );
                    if let (true, Credential::Token(secret)) = (header_key, credential) {
                        if HeaderValue::from_str(secret.expose()).is_err()
                            || secret.expose().contains([';', '\r', '\n'])
                        {
                            return Err(format!(
                                "the credential for `{}` cannot be sent in a header or cookie (it has control characters or `;`)",
                                op.id
                            ));
                        }
                    }
                }
                return Ok(found);
            }
        }
        let names: Vec<Vec<&str>> = op
            .security
            .iter()
            .map(|a| a.iter().map(|u| u.name).collect())
            .collect();
        Err(format!(
            "`{}` needs credentials for one of {names:?}; none were given",
            op.id
        ))
    }

    async fn send_once(
        &self,
        request: &Request,
        url: &Url,
        auth: &[(SecurityScheme, &Credential)],
        timeout: Duration,
    ) -> Result<reqwest::Response, reqwest::Error> {
        let method = match request.op.method {
            Method::Get => reqwest::Method::GET,
            Method::Put => reqwest::Method::PUT,
            Method::Post => reqwest::Method::POST,
            Method::Delete => reqwest::Method::DELETE,
            Method::Options => reqwest::Method::OPTIONS,
            Method::Head => reqwest::Method::HEAD,
            Method::Patch => reqwest::Method::PATCH,
            Method::Trace => reqwest::Method::TRACE,
        };
        let mut url = url.clone();
        for (scheme, credential) in auth {
            if let (
                SecurityScheme::ApiKey {
                    name,
                    location: Location::Query,
                },
                Credential::Token(secret),
            ) = (scheme, credential)
            {
                url.query_pairs_mut().append_pair(name, secret.expose());
            }
        }
        let mut cookies = request.cookies.clone();
        let mut headers = HeaderMap::new();
        headers.insert(USER_AGENT, self.user_agent.clone());
        for (name, value) in &request.headers {
            headers.append(name.clone(), value.clone());
        }
        let mut builder = self.http.request(method, url).timeout(timeout);
        for (scheme, credential) in auth {
            match (scheme, credential) {
                (SecurityScheme::ApiKey { name, location }, Credential::Token(secret)) => {
                    match location {
                        Location::Header => {
                            // `auth_for` refused keys that cannot be header values.
                            if let (Ok(name), Ok(mut value)) = (
                                HeaderName::from_bytes(name.as_bytes()),
                                HeaderValue::from_str(secret.expose()),
                            ) {
                                value.set_sensitive(true);
                                headers.insert(name, value);
                            }
                        }
                        Location::Cookie => cookies.push(format!("{name}={}", secret.expose())),
                        Location::Query | Location::Path => {}
                    }
                }
                (SecurityScheme::Http { scheme, .. }, Credential::Basic { username, password })
                    if scheme.eq_ignore_ascii_case("basic") =>
                {
                    builder = builder.basic_auth(username, Some(password.expose()));
                }
                (_, Credential::Token(secret)) => builder = builder.bearer_auth(secret.expose()),
                (_, Credential::Basic { username, password }) => {
                    builder = builder.basic_auth(username, Some(password.expose()))
                }
            }
        }
        if !cookies.is_empty() {
            if let Ok(mut value) = HeaderValue::from_str(&cookies.join("; ")) {
                value.set_sensitive(true);
                headers.insert(COOKIE, value);
            }
        }
        match &request.body {
            Some(Body::Bytes(content_type, body)) => {
                // `execute` refused content types that are not header values.
                if let Ok(value) = HeaderValue::from_str(content_type) {
                    headers.insert(CONTENT_TYPE, value);
                }
                builder = builder.body(body.clone());
            }
            Some(Body::Multipart(parts)) => {
                // `multipart_body` checked that the parts build into a form.
                if let Ok(form) = parts.to_form() {
                    // Another multipart type than form-data is declared with the form's boundary.
                    let declared = request.op.request_body.and_then(|body| {
                        crate::multipart::content_type(body.content_type, form.boundary())
                    });
                    if let Some(Ok(value)) = declared.as_deref().map(HeaderValue::from_str) {
                        headers.insert(CONTENT_TYPE, value);
                    }
                    builder = builder.multipart(form);
                }
            }
            None => {}
        }
        builder.headers(headers).send().await
    }

    /// Reads the body, refusing more than the configured bound; `attempts` go with the response
    /// (and into the error if the time runs out while reading), `timeout` is for that error.
    async fn read<E>(
        &self,
        mut response: reqwest::Response,
        attempts: Attempts,
        timeout: Duration,
    ) -> Result<RawResponse, Error<E>> {
        let status = response.status();
        let too_large = Error::BodyTooLarge {
            status,
            limit: self.max_body,
        };
        if response
            .content_length()
            .is_some_and(|length| length > self.max_body as u64)
        {
            return Err(too_large);
        }
        let headers = std::mem::take(response.headers_mut());
        let mut body = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() + chunk.len() > self.max_body {
                        return Err(too_large);
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) if e.is_timeout() => {
                    return Err(Error::Timeout {
                        attempts: u32::from(attempts.made),
                        timeout,
                    });
                }
                Err(e) => return Err(Error::Transport(describe(&e))),
            }
        }
        Ok(RawResponse {
            status,
            headers,
            body,
            attempts,
            span: Span::none(),
        })
    }
}

/// A transport error's message with its causes, without the URL (which may carry a key).
fn describe(error: &reqwest::Error) -> String {
    let mut message = String::new();
    let mut current: Option<&dyn std::error::Error> = Some(error);
    while let Some(e) = current {
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&e.to_string());
        current = e.source();
    }
    if let Some(url) = error.url() {
        message = message.replace(url.as_str(), "<url>");
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::ClientBuilder;
    use crate::multipart::Multipart;

    static UPLOAD: Operation = Operation {
        id: "upload",
        method: Method::Put,
        idempotent: true,
        path: "/upload",
        parameters: &[],
        request_body: None,
        responses: &[],
        security: &[],
        servers: &[],
    };

    #[tokio::test]
    async fn a_multipart_body_is_sent_again_whole_on_retry() {
        use wiremock::matchers::any;
        use wiremock::{Mock, MockServer, ResponseTemplate};
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(503))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200))
            .mount(&server)
            .await;
        let client = ClientBuilder::new(&[], "t")
            .base_url(server.uri())
            .allow_insecure_http()
            .retry(RetryPolicy {
                initial_backoff: Duration::from_millis(1),
                ..RetryPolicy::default()
            })
            .build()
            .unwrap();
        let mut parts = Multipart::new();
        parts.text("name", "Rex");
        parts.file("photo", &crate::FilePart::new(vec![0u8, 1, 2]));
        let request = Request::new(&UPLOAD).multipart_body(parts);
        let raw = client
            .execute::<()>(request, &CallOptions::default())
            .await
            .unwrap();
        assert_eq!(raw.status, 200);
        let received = server.received_requests().await.unwrap();
        assert_eq!(received.len(), 2);
        // Each attempt has its own boundary; with it taken out, the bodies are the same.
        let normalized: Vec<Vec<u8>> = received
            .iter()
            .map(|r| {
                let content_type = r.headers.get("content-type").unwrap().to_str().unwrap();
                let boundary = content_type
                    .strip_prefix("multipart/form-data; boundary=")
                    .expect("a multipart content type");
                let body = String::from_utf8_lossy(&r.body).replace(boundary, "BOUNDARY");
                assert!(
                    body.contains("name=\"photo\"; filename=\"photo\""),
                    "{body}"
                );
                body.into_bytes()
            })
            .collect();
        assert_eq!(normalized[0], normalized[1]);
        assert!(!normalized[0].is_empty());
    }
}
