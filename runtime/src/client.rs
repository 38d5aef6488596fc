//! The HTTP client core that every generated client delegates to: it builds the URL from the
//! operation's description, adds credentials and constant headers, sends with a timeout, retries
//! what is safe to retry, and reads the response with a size bound.

use std::collections::HashMap;
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{
    CONTENT_TYPE, COOKIE, HeaderMap, HeaderName, HeaderValue, RETRY_AFTER, USER_AGENT,
};
use reqwest::{StatusCode, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::describe::{Location, Method, Operation, Parameter, SecurityScheme, Server};
use crate::error::{Error, excerpt};
use crate::finite::{non_finite, refusal};
use crate::form::{FormField, encode_form};
use crate::multipart::Multipart;
use crate::params::{self, Shape};
use crate::retry::{RetryPolicy, parse_retry_after};
use crate::secret::Secret;

/// The default timeout of a call, retries included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The default bound on a response body.
pub const DEFAULT_MAX_BODY: usize = 10 * 1024 * 1024;

/// A credential for one security scheme.
#[derive(Clone, Debug)]
pub enum Credential {
    /// An API key, a bearer token or an OAuth 2.0 access token.
    Token(Secret),
    /// HTTP basic authentication.
    Basic {
        /// The user name.
        username: String,
        /// The password.
        password: Secret,
    },
}

/// Why a client could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid client configuration: {}", self.0)
    }
}

impl std::error::Error for ConfigError {}

/// Per-call settings that override the client's.
#[derive(Clone, Debug, Default)]
pub struct CallOptions {
    /// The timeout of this call.
    pub timeout: Option<Duration>,
    /// The retry policy of this call.
    pub retry: Option<RetryPolicy>,
}

/// Configures a [`Client`]. Generated clients start one with the API's servers and credentials.
#[derive(Clone, Debug)]
pub struct ClientBuilder {
    servers: &'static [Server],
    base_url: Option<String>,
    variables: Vec<(String, String)>,
    credentials: HashMap<String, Credential>,
    timeout: Duration,
    retry: RetryPolicy,
    max_body: usize,
    allow_insecure_http: bool,
    user_agent: String,
    http: Option<reqwest::Client>,
}

impl ClientBuilder {
    /// A builder for an API served from `servers` (the first is used unless a base URL is set).
    pub fn new(servers: &'static [Server], user_agent: impl Into<String>) -> Self {
        ClientBuilder {
            servers,
            base_url: None,
            variables: Vec::new(),
            credentials: HashMap::new(),
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
            max_body: DEFAULT_MAX_BODY,
            allow_insecure_http: false,
            user_agent: user_agent.into(),
            http: None,
        }
    }

    /// Uses this base URL instead of the spec's first server (it may contain the server's
    /// `{variables}`).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Sets a server variable, e.g. an account's subdomain. Checked when the client is built.
    pub fn server_variable(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.variables.push((name.into(), value.into()));
        self
    }

    /// Sets the credential for the security scheme named `scheme` in the spec.
    pub fn credential(mut self, scheme: impl Into<String>, credential: Credential) -> Self {
        self.credentials.insert(scheme.into(), credential);
        self
    }

    /// The timeout of each call, retries included (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The retry policy ([`RetryPolicy::none`] turns retries off).
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The largest response body accepted, in bytes (default 10 MiB).
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body = limit;
        self
    }

    /// Allows plain `http://` base URLs, e.g. for a test server on loopback. Without it, only
    /// `https://` is accepted, so credentials are never sent in clear text by accident.
    pub fn allow_insecure_http(mut self) -> Self {
        self.allow_insecure_http = true;
        self
    }

    /// Replaces the `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Uses this `reqwest` client (for proxies or custom TLS) instead of a default one.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client, ConfigError> {
        let server = self.servers.first();
        let template = match (&self.base_url, server) {
            (Some(url), _) => url.clone(),
            (None, Some(server)) => server.url.to_owned(),
            (None, None) => {
                return Err(ConfigError(
                    "the spec lists no server; set a base URL".into(),
                ));
            }
        };
        // With the spec's server, a variable it does not have is a mistake; a base URL given
        // instead (a test server, a proxy) may simply not use the variables.
        for (name, _) in self.variables.iter().filter(|_| self.base_url.is_none()) {
            if !template.contains(&format!("{{{name}}}")) {
                return Err(ConfigError(format!(
                    "the server URL {template:?} has no variable `{name}`"
                )));
            }
        }
        let url = substitute_variables(&template, server, &self.variables)?;
        let base = Url::parse(url.trim_end_matches('/')).map_err(|e| {
            ConfigError(format!(
                "the server URL {url:?} is not a valid absolute URL ({e}); set a base URL"
            ))
        })?;
        match base.scheme() {
            "https" => {}
            "http" if self.allow_insecure_http => {}
            "http" => {
                return Err(ConfigError(format!(
                    "refusing plain http for {url:?}: credentials would travel unencrypted (call allow_insecure_http() to opt in, e.g. for a local test server)"
                )));
            }
            other => {
                return Err(ConfigError(format!(
                    "unsupported URL scheme {other:?} in {url:?}"
                )));
            }
        }
        if base.query().is_some() || base.fragment().is_some() {
            return Err(ConfigError(format!(
                "the base URL {url:?} must not have a query or fragment"
            )));
        }
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .build()
                .map_err(|e| ConfigError(format!("cannot create the HTTP client: {e}")))?,
        };
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|_| ConfigError("the user agent is not a valid header value".into()))?;
        Ok(Client {
            http,
            base,
            credentials: self.credentials,
            timeout: self.timeout,
            retry: self.retry,
            max_body: self.max_body,
            user_agent,
        })
    }
}

/// Replaces `{name}` in a server URL: a value in the host must be a host label, a value in the
/// path a plain path segment, and a value the spec restricts must be one it allows.
fn substitute_variables(
    template: &str,
    server: Option<&Server>,
    given: &[(String, String)],
) -> Result<String, ConfigError> {
    let host_end = template
        .find("://")
        .map(|i| {
            i + 3
                + template[i + 3..]
                    .find('/')
                    .unwrap_or(template.len() - i - 3)
        })
        .unwrap_or(0);
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    let mut offset = 0;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let name = &rest[open + 1..open + close];
        let declared = server.and_then(|s| s.variables.iter().find(|v| v.name == name));
        let value = match given.iter().rev().find(|(n, _)| n == name) {
            Some((_, value)) => value.as_str(),
            None => declared
                .map(|v| v.default)
                .ok_or_else(|| ConfigError(format!("no value for the server variable `{name}`")))?,
        };
        if let Some(declared) = declared {
            if !declared.allowed.is_empty() && !declared.allowed.contains(&value) {
                return Err(ConfigError(format!(
                    "`{name}` must be one of {:?}, not {value:?}",
                    declared.allowed
                )));
            }
        }
        let in_host = offset + open < host_end;
        let valid = if in_host {
            is_host_label(value)
        } else {
            is_path_segment(value)
        };
        if !valid {
            let rule = if in_host {
                "a host label (letters, digits and inner hyphens, at most 63)"
            } else {
                "a path segment of letters, digits, `-`, `.`, `_` or `~`"
            };
            return Err(ConfigError(format!(
                "the server variable `{name}` must be {rule}, not {value:?}"
            )));
        }
        out.push_str(&rest[..open]);
        out.push_str(value);
        offset += open + close + 1;
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn is_host_label(value: &str) -> bool {
    (1..=63).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !value.starts_with('-')
        && !value.ends_with('-')
}

fn is_path_segment(value: &str) -> bool {
    !value.is_empty()
        && value != "."
        && value != ".."
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

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

/// A request body, kept so that every attempt can send it again.
#[derive(Debug)]
enum Body {
    /// Encoded bytes and their content type.
    Bytes(&'static str, Vec<u8>),
    /// Multipart parts, built into a form for each attempt.
    Multipart(Multipart),
}

/// One request being put together by generated code.
///
/// The parameter methods (`path_param`, `query`, `header`, `cookie`) take a value to send; a
/// parameter the caller left out is not passed at all. A value that cannot be written in its
/// style and location refuses the request with an error naming the parameter: nothing given is
/// dropped silently, not even `null` or a number JSON cannot write (NaN, infinities). The body
/// methods refuse such a number too, wherever it is in the body.
#[derive(Debug)]
pub struct Request {
    op: &'static Operation,
    path: String,
    /// Encoded `name=value` pairs (one or more, joined by `&`), one entry per parameter.
    query: Vec<String>,
    headers: Vec<(HeaderName, HeaderValue)>,
    cookies: Vec<String>,
    body: Option<Body>,
    /// The first problem found while adding parameters; the request is refused with it.
    invalid: Option<String>,
}

impl Request {
    /// Starts a request for `op`, with its constant headers already set.
    pub fn new(op: &'static Operation) -> Self {
        let mut request = Request {
            op,
            path: op.path.to_owned(),
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
            invalid: None,
        };
        for parameter in op.parameters {
            if let (Location::Header, Some(value)) = (parameter.location, parameter.constant) {
                request = request.header(parameter.name, &value);
            }
        }
        request
    }

    fn refuse(&mut self, message: String) {
        self.invalid.get_or_insert(message);
    }

    /// The text of parameter `name` in `location`, written in the style its description gives
    /// (the location's default for a parameter the operation does not describe). `None` when
    /// the value cannot be sent, so the request is refused: generated code calls this only for
    /// a value the caller gave, so a value that is `null`, or holds a number JSON cannot write
    /// such as NaN, is an error rather than a parameter left out.
    fn serialize<T: Serialize + ?Sized>(
        &mut self,
        location: Location,
        name: &str,
        value: &T,
    ) -> Option<String> {
        let parameter = self
            .op
            .parameters
            .iter()
            .find(|p| p.location == location && p.name == name)
            .copied()
            .unwrap_or(Parameter::new("", location));
        let written = Shape::of(value, parameter.content_type)
            .and_then(|shape| params::serialize(&parameter, name, &shape));
        match written {
            Ok(text) => Some(text),
            Err(why) => {
                self.refuse(format!("{} parameter `{name}` {why}", location.as_str()));
                None
            }
        }
    }

    /// Substitutes `{name}` in the path with `value` in the parameter's style (`simple`,
    /// `label` or `matrix`), percent-encoded so that it stays within its segment.
    pub fn path_param<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        match self.serialize(Location::Path, name, value) {
            Some(text) if text.is_empty() || text == "." || text == ".." => {
                self.refuse(format!("path parameter `{name}` cannot be {text:?}"));
            }
            Some(text) => self.path = self.path.replace(&format!("{{{name}}}"), &text),
            None => {}
        }
        self
    }

    /// Adds a query parameter in its style (`form`, `spaceDelimited`, `pipeDelimited` or
    /// `deepObject`, exploded or not, reserved characters allowed or not).
    pub fn query<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        if let Some(text) = self.serialize(Location::Query, name, value) {
            if !text.is_empty() {
                self.query.push(text);
            }
        }
        self
    }

    /// Adds a header (`simple` style, not percent-encoded); a value that cannot be a header
    /// (line breaks, non-ASCII) refuses the request.
    pub fn header<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        let Some(text) = self.serialize(Location::Header, name, value) else {
            return self;
        };
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&text),
        ) {
            (Ok(name), Ok(value)) => self.headers.push((name, value)),
            _ => self.refuse(format!("header `{name}` cannot carry {text:?}")),
        }
        self
    }

    /// Adds a cookie (`form` style, percent-encoded, so a value cannot end the cookie).
    pub fn cookie<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        if let Some(text) = self.serialize(Location::Cookie, name, value) {
            self.cookies.push(text);
        }
        self
    }

    /// Adds a query parameter the caller may leave out: nothing is added for `None`.
    pub fn query_opt<T: Serialize + ?Sized>(self, name: &str, value: Option<&T>) -> Self {
        match value {
            Some(value) => self.query(name, value),
            None => self,
        }
    }

    /// Adds a header the caller may leave out: nothing is added for `None`.
    pub fn header_opt<T: Serialize + ?Sized>(self, name: &str, value: Option<&T>) -> Self {
        match value {
            Some(value) => self.header(name, value),
            None => self,
        }
    }

    /// Adds a cookie the caller may leave out: nothing is added for `None`.
    pub fn cookie_opt<T: Serialize + ?Sized>(self, name: &str, value: Option<&T>) -> Self {
        match value {
            Some(value) => self.cookie(name, value),
            None => self,
        }
    }

    /// Sets a JSON body. A body holding a number JSON cannot write (NaN, an infinity), which
    /// `serde_json` would send as `null`, refuses the request with the number's JSON pointer.
    ///
    /// Generated clients find such numbers earlier, when they validate the request
    /// ([`crate::Validate`] reports a NaN `f64` as it reports any broken rule); this is the last
    /// guard, where the value becomes bytes, for whatever value it is given.
    pub fn json_body<T: Serialize>(mut self, content_type: &'static str, body: &T) -> Self {
        if let Some(at) = non_finite(body) {
            self.refuse(format!("the body {}", refusal(&at, "JSON")));
            return self;
        }
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some(Body::Bytes(content_type, bytes)),
            Err(e) => self.refuse(format!("the body does not encode as JSON: {e}")),
        }
        self
    }

    /// Sets an `application/x-www-form-urlencoded` body: each property one or more
    /// `name=value` pairs, laid out as `fields` says (the spec's `encoding`; the properties it
    /// does not name are `form`, exploded), absent and `null` properties left out. A NaN or
    /// infinite number, which would become `null` and be left out, refuses the request instead,
    /// as in [`Request::json_body`].
    pub fn form_body<T: Serialize>(
        mut self,
        content_type: &'static str,
        body: &T,
        fields: &[FormField],
    ) -> Self {
        if let Some(at) = non_finite(body) {
            self.refuse(format!("the body {}", refusal(&at, "a form body")));
            return self;
        }
        let encoded = match serde_json::to_value(body) {
            Ok(serde_json::Value::Object(map)) => encode_form(&map, fields),
            Ok(_) => Err("a form body must be an object".into()),
            Err(e) => Err(format!("the body does not encode: {e}")),
        };
        match encoded {
            Ok(text) => self.body = Some(Body::Bytes(content_type, text.into_bytes())),
            Err(message) => self.refuse(message),
        }
        self
    }

    /// Sets a `multipart/form-data` body. It is sent with its own boundary in the
    /// `Content-Type`, and rebuilt from `parts` for every attempt.
    pub fn multipart_body(mut self, parts: Multipart) -> Self {
        match parts.problem() {
            Some(message) => self.refuse(message),
            None => self.body = Some(Body::Multipart(parts)),
        }
        self
    }

    /// Sets a text body.
    pub fn text_body(mut self, content_type: &'static str, body: &str) -> Self {
        self.body = Some(Body::Bytes(content_type, body.as_bytes().to_vec()));
        self
    }

    /// Sets a body of raw bytes.
    pub fn bytes_body(mut self, content_type: &'static str, body: &[u8]) -> Self {
        self.body = Some(Body::Bytes(content_type, body.to_vec()));
        self
    }
}

/// What a generated client method returns: the response with its typed body, or an error whose
/// documented bodies are the operation's error enum `E`.
pub type ApiResult<T, E> = Result<Response<T>, Error<E>>;

/// How a documented response body is read into `T`: [`Json`], [`Text`] or [`Bytes`].
pub trait ReadBody<T> {
    /// Reads the body of `raw`, taking it out; a body that does not read is a decoding error.
    fn read<E>(self, raw: &mut RawResponse) -> Result<T, Error<E>>;
}

/// A JSON body (`application/json` or a `+json` media type), decoded into any `T`.
#[derive(Clone, Copy, Debug)]
pub struct Json;

/// A text body, as a `String`.
#[derive(Clone, Copy, Debug)]
pub struct Text;

/// Any other body, as its bytes.
#[derive(Clone, Copy, Debug)]
pub struct Bytes;

impl<T: DeserializeOwned> ReadBody<T> for Json {
    fn read<E>(self, raw: &mut RawResponse) -> Result<T, Error<E>> {
        raw.decode()
    }
}

impl ReadBody<String> for Text {
    fn read<E>(self, raw: &mut RawResponse) -> Result<String, Error<E>> {
        raw.text()
    }
}

impl ReadBody<Vec<u8>> for Bytes {
    fn read<E>(self, raw: &mut RawResponse) -> Result<Vec<u8>, Error<E>> {
        Ok(std::mem::take(&mut raw.body))
    }
}

/// A response as received: status, headers and the whole (bounded) body.
#[derive(Debug)]
pub struct RawResponse {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Vec<u8>,
}

/// A successful response: the typed body with the status and headers it came with.
#[derive(Clone, Debug)]
pub struct Response<T> {
    /// The status.
    pub status: StatusCode,
    /// The headers (request ids, rate-limit headers).
    pub headers: HeaderMap,
    /// The decoded body.
    pub body: T,
}

impl RawResponse {
    /// Decodes the body as JSON into `T`; a failure says where in the body it happened.
    pub fn decode<T: DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        let decode_error = |path: String, message: String| Error::Decode {
            status: self.status,
            path,
            message,
            excerpt: excerpt(&self.body),
        };
        if let Some(content_type) = self.headers.get(CONTENT_TYPE) {
            let essence = content_type
                .to_str()
                .unwrap_or("")
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            if !(essence == "application/json" || essence.ends_with("+json")) {
                return Err(decode_error(
                    String::new(),
                    format!("expected a JSON body, got content type {essence:?}"),
                ));
            }
        }
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Err(decode_error(String::new(), "the body is empty".into()));
        }
        let mut deserializer = serde_json::Deserializer::from_slice(&self.body);
        serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
            decode_error(
                e.path().to_string().trim_start_matches('.').to_owned(),
                e.inner().to_string(),
            )
        })
    }

    /// The body as text (for `text/*` responses); invalid UTF-8 is a decoding error.
    pub fn text<E>(&self) -> Result<String, Error<E>> {
        String::from_utf8(self.body.clone()).map_err(|e| Error::Decode {
            status: self.status,
            path: String::new(),
            message: format!("the body is not UTF-8 text: {e}"),
            excerpt: excerpt(&self.body),
        })
    }

    /// A successful response with its typed body.
    pub fn into_response<T>(self, body: T) -> Response<T> {
        Response {
            status: self.status,
            headers: self.headers,
            body,
        }
    }

    /// A documented error with its typed body.
    pub fn into_api_error<E>(self, body: E) -> Error<E> {
        Error::Api {
            status: self.status,
            headers: self.headers,
            body,
        }
    }

    /// A documented success: the body read by `body`.
    pub fn success<T, E>(self, body: impl ReadBody<T>) -> ApiResult<T, E> {
        self.success_as(body, |body| body)
    }

    /// A documented success whose body is one variant of the operation's success enum.
    pub fn success_as<T, S, E>(
        mut self,
        body: impl ReadBody<T>,
        variant: impl FnOnce(T) -> S,
    ) -> ApiResult<S, E> {
        let body = body.read(&mut self)?;
        Ok(self.into_response(variant(body)))
    }

    /// A documented error whose body is one variant of the operation's error enum.
    pub fn failure<T, S, E>(
        mut self,
        body: impl ReadBody<T>,
        variant: impl FnOnce(T) -> E,
    ) -> ApiResult<S, E> {
        let body = body.read(&mut self)?;
        Err(self.into_api_error(variant(body)))
    }

    /// An error for a status the spec does not document.
    pub fn into_unexpected<E>(self) -> Error<E> {
        Error::UnexpectedStatus {
            status: self.status,
            headers: self.headers,
            excerpt: excerpt(&self.body),
        }
    }
}

/// What to do after one attempt.
enum Next {
    Done,
    Retry(Option<Duration>),
}

impl Client {
    /// Sends `request`, retrying what is safe to retry, and reads the response.
    pub async fn execute<E>(
        &self,
        request: Request,
        options: &CallOptions,
    ) -> Result<RawResponse, Error<E>> {
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
                return Err(Error::Timeout);
            }
            let outcome = self.send_once(&request, &url, &auth, remaining).await;
            let next = match &outcome {
                Ok(response) => after_status(response.status(), response.headers(), op.idempotent),
                Err(e) => after_failure(e, op.idempotent),
            };
            if let Next::Retry(after) = next {
                let delay = after.unwrap_or_else(|| retry.backoff(attempt));
                let elapsed_after = started.elapsed() + delay;
                if attempt < retry.max_attempts
                    && elapsed_after <= retry.max_elapsed
                    && elapsed_after < timeout
                {
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                    continue;
                }
            }
            return match outcome {
                Ok(response) => self.read(response).await,
                Err(e) if e.is_timeout() => Err(Error::Timeout),
                Err(e) => Err(Error::Transport(describe(&e))),
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
                    builder = builder.multipart(form);
                }
            }
            None => {}
        }
        builder.headers(headers).send().await
    }

    /// Reads the body, refusing more than the configured bound.
    async fn read<E>(&self, mut response: reqwest::Response) -> Result<RawResponse, Error<E>> {
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
                Err(e) if e.is_timeout() => return Err(Error::Timeout),
                Err(e) => return Err(Error::Transport(describe(&e))),
            }
        }
        Ok(RawResponse {
            status,
            headers,
            body,
        })
    }
}

/// Whether a response's status calls for another attempt.
fn after_status(status: StatusCode, headers: &HeaderMap, idempotent: bool) -> Next {
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

/// Whether a failure to get a response calls for another attempt.
fn after_failure(error: &reqwest::Error, idempotent: bool) -> Next {
    // A connection that never opened: the server cannot have seen the request.
    if error.is_connect() || idempotent {
        Next::Retry(None)
    } else {
        Next::Done
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
    use crate::describe::ServerVariable;

    static ACQUIRE: [Server; 1] = [Server {
        url: "https://{account_id}.acquire.io/api/v1",
        description: None,
        variables: &[ServerVariable {
            name: "account_id",
            default: "example",
            allowed: &[],
            description: None,
        }],
    }];

    fn raw(status: u16, content_type: Option<&str>, body: &[u8]) -> RawResponse {
        let mut headers = HeaderMap::new();
        if let Some(content_type) = content_type {
            headers.insert(CONTENT_TYPE, HeaderValue::from_str(content_type).unwrap());
        }
        RawResponse {
            status: StatusCode::from_u16(status).unwrap(),
            headers,
            body: body.to_vec(),
        }
    }

    #[derive(Debug, PartialEq)]
    enum Failed {
        NotFound(Vec<u8>),
        Conflict(String),
    }

    #[test]
    fn documented_responses_read_their_bodies_and_keep_status_and_headers() {
        let ok: ApiResult<Vec<u32>, Failed> =
            raw(200, Some("application/json"), b"[1, 2]").success(Json);
        let ok = ok.unwrap();
        assert_eq!((ok.status.as_u16(), ok.body), (200, vec![1, 2]));
        assert_eq!(ok.headers[CONTENT_TYPE], "application/json");

        let text: ApiResult<Option<String>, Failed> =
            raw(201, Some("text/plain"), b"made").success_as(Text, Some);
        assert_eq!(text.unwrap().body, Some("made".to_owned()));

        let missing: ApiResult<(), Failed> =
            raw(404, None, b"\x00\xffgone").failure(Bytes, Failed::NotFound);
        match missing {
            Err(Error::Api { status, body, .. }) => {
                assert_eq!(status.as_u16(), 404);
                assert_eq!(body, Failed::NotFound(b"\x00\xffgone".to_vec()));
            }
            other => panic!("expected an API error, got {other:?}"),
        }
        let conflict: ApiResult<(), Failed> =
            raw(409, Some("text/plain"), b"taken").failure(Text, Failed::Conflict);
        assert!(matches!(
            conflict,
            Err(Error::Api { body: Failed::Conflict(ref t), .. }) if t == "taken"
        ));
    }

    #[test]
    fn a_body_that_does_not_read_is_a_decoding_error_for_success_and_failure_alike() {
        let bad_json: ApiResult<Vec<u32>, Failed> =
            raw(200, Some("application/json"), b"[1, \"two\"]").success(Json);
        match bad_json {
            Err(Error::Decode { status, path, .. }) => {
                assert_eq!((status.as_u16(), path.as_str()), (200, "[1]"));
            }
            other => panic!("expected a decoding error, got {other:?}"),
        }
        let bad_text: ApiResult<(), Failed> =
            raw(409, Some("text/plain"), b"\xff").failure(Text, Failed::Conflict);
        assert!(
            matches!(bad_text, Err(Error::Decode { .. })),
            "{bad_text:?}"
        );
    }

    #[test]
    fn server_variables_must_stay_within_their_host_label() {
        let build = |value: &str| {
            ClientBuilder::new(&ACQUIRE, "test")
                .server_variable("account_id", value)
                .build()
        };
        let ok = build("acme-42").expect("a valid label");
        assert_eq!(ok.base.as_str(), "https://acme-42.acquire.io/api/v1");
        for hostile in [
            "evil.com/",
            "x#",
            "a.b",
            "",
            "-a",
            "evil.com:443",
            "a b",
            "ä",
            &"a".repeat(64),
        ] {
            let error = build(hostile).expect_err(hostile);
            assert!(error.0.contains("host label"), "{hostile:?}: {error}");
        }
    }

    #[test]
    fn plain_http_needs_an_explicit_opt_in() {
        let error = ClientBuilder::new(&ACQUIRE, "t")
            .base_url("http://127.0.0.1:9")
            .build()
            .unwrap_err();
        assert!(error.0.contains("allow_insecure_http"), "{error}");
        assert!(
            ClientBuilder::new(&ACQUIRE, "t")
                .base_url("http://127.0.0.1:9")
                .allow_insecure_http()
                .build()
                .is_ok()
        );
        assert!(
            ClientBuilder::new(&ACQUIRE, "t")
                .base_url("ftp://x")
                .build()
                .is_err()
        );
        assert!(
            ClientBuilder::new(&ACQUIRE, "t")
                .server_variable("nope", "x")
                .build()
                .is_err()
        );
    }

    static OP: Operation = Operation {
        id: "op",
        method: Method::Get,
        idempotent: true,
        path: "/contacts/{id}",
        parameters: &[],
        request_body: None,
        responses: &[],
        security: &[],
        servers: &[],
    };

    #[test]
    fn path_parameters_stay_one_segment() {
        for (id, path) in [
            ("../admin", "/contacts/..%2Fadmin"),
            ("a/b", "/contacts/a%2Fb"),
            ("?x", "/contacts/%3Fx"),
            ("#", "/contacts/%23"),
            ("a b", "/contacts/a%20b"),
            ("é", "/contacts/%C3%A9"),
        ] {
            assert_eq!(Request::new(&OP).path_param("id", &id).path, path);
        }
        for refused in ["", ".", ".."] {
            assert!(
                Request::new(&OP)
                    .path_param("id", &refused)
                    .invalid
                    .is_some(),
                "{refused:?}"
            );
        }
    }

    #[test]
    fn form_bodies_are_pairs_in_order() {
        #[derive(Serialize)]
        struct Search {
            q: &'static str,
            rows: u32,
            tags: Vec<&'static str>,
            missing: Option<u32>,
        }
        let request = Request::new(&OP).form_body(
            "application/x-www-form-urlencoded",
            &Search {
                q: "a b&c",
                rows: 10,
                tags: vec!["x", "y"],
                missing: None,
            },
            &[],
        );
        let Some(Body::Bytes(_, body)) = request.body else {
            panic!("a body of bytes");
        };
        assert_eq!(
            String::from_utf8(body).unwrap(),
            "q=a%20b%26c&rows=10&tags=x&tags=y"
        );
    }

    #[test]
    fn bodies_holding_numbers_json_cannot_write_are_refused_not_sent_as_null() {
        #[derive(Serialize)]
        struct Point {
            x: f64,
            tags: Vec<f64>,
        }
        let bad = Point {
            x: 1.0,
            tags: vec![0.5, f64::NAN],
        };
        let json = Request::new(&OP).json_body("application/json", &bad);
        assert!(json.body.is_none());
        assert_eq!(
            json.invalid.as_deref(),
            Some("the body holds NaN or an infinity at `/tags/1`, which JSON cannot carry")
        );
        let form = Request::new(&OP).form_body("application/x-www-form-urlencoded", &bad, &[]);
        assert!(form.body.is_none());
        assert_eq!(
            form.invalid.as_deref(),
            Some("the body holds NaN or an infinity at `/tags/1`, which a form body cannot carry")
        );
        let whole = Request::new(&OP).json_body("application/json", &f64::INFINITY);
        assert_eq!(
            whole.invalid.as_deref(),
            Some("the body is NaN or infinite, which JSON cannot carry")
        );
        let good = Point {
            x: 1.0,
            tags: vec![0.5],
        };
        let json = Request::new(&OP).json_body("application/json", &good);
        assert!(json.invalid.is_none());
        assert!(
            matches!(json.body, Some(Body::Bytes(_, ref b)) if b == br#"{"x":1.0,"tags":[0.5]}"#)
        );
    }

    #[test]
    fn a_required_parameter_without_a_value_is_refused_not_left_out() {
        static WITH_LIMIT: Operation = Operation {
            parameters: &[Parameter {
                required: true,
                ..Parameter::new("limit", Location::Query)
            }],
            ..OP
        };
        let refused = Request::new(&WITH_LIMIT).query("limit", &f64::NAN);
        assert!(refused.query.is_empty());
        let why = refused.invalid.expect("refused");
        assert_eq!(
            why,
            "query parameter `limit` is NaN or infinite, which JSON and parameters cannot carry"
        );
        assert_eq!(
            Request::new(&WITH_LIMIT).query("limit", &2.5).query,
            ["limit=2.5"]
        );
    }

    #[test]
    fn a_value_given_for_an_optional_parameter_is_sent_or_refused_never_dropped() {
        // Generated code passes an optional parameter only when the caller gave one, so every
        // value reaching the request is one to send, in every location.
        let nan = Request::new(&OP)
            .query("ratio", &f64::NAN)
            .header("X-Ratio", &f64::INFINITY)
            .cookie("ratio", &f64::NEG_INFINITY);
        assert!(nan.query.is_empty() && nan.headers.is_empty() && nan.cookies.is_empty());
        // The first problem is the one reported.
        assert_eq!(
            nan.invalid.as_deref(),
            Some(
                "query parameter `ratio` is NaN or infinite, which JSON and parameters cannot carry"
            )
        );
        let why = |request: Request| request.invalid.expect("refused");
        assert!(
            why(Request::new(&OP).header("X-Ratio", &f64::NAN))
                .starts_with("header parameter `X-Ratio` is NaN")
        );
        assert!(
            why(Request::new(&OP).cookie("ratio", &f64::NAN))
                .starts_with("cookie parameter `ratio` is NaN")
        );
        assert!(
            why(Request::new(&OP).path_param("id", &f64::NAN))
                .starts_with("path parameter `id` is NaN")
        );
        assert_eq!(
            why(Request::new(&OP).query("ratios", &[1.0, f64::NAN])),
            "query parameter `ratios` holds NaN or an infinity at `/1`, which JSON and parameters cannot carry"
        );
        assert_eq!(
            why(Request::new(&OP).query("q", &serde_json::Value::Null)),
            "query parameter `q` is null, which no parameter style can write"
        );
        assert!(
            Request::new(&OP)
                .path_param("id", &Option::<u8>::None)
                .invalid
                .is_some()
        );
    }

    #[test]
    fn a_header_cannot_be_split() {
        assert!(
            Request::new(&OP)
                .header("X-Id", &"a\r\nInjected: 1")
                .invalid
                .is_some()
        );
    }

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
