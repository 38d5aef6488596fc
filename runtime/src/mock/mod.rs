//! Mock servers for tests (feature `mock`): [`MockApi`], a `wiremock` server on loopback that
//! speaks one API as its operation descriptions say, with expectations written in the API's own
//! types ([`Expect`]) and the typed request bodies it received ([`Expectation::received`]).
//!
//! A generated module's `mock::MockServer` wraps one and adds a method per operation that names
//! its body, success and error types and how each answer is sent ([`Answer`], [`Answers`],
//! [`json_at`], [`empty_at`]), and a `client`
//! pointed at it; this module holds everything that happens. Before an expectation answers, the
//! request is checked against the operation's description: a missing credential is a 401, a
//! missing required parameter, body or part, or a body that does not decode, a 400, a body of
//! another media type a 415, and a body that breaks its spec's constraints a 422, each naming
//! what is wrong (how bodies are read is `body`'s and `form`'s). A request no operation of the
//! API matches is a 404 (405 for a path with other methods), and one for an operation with no
//! expectation, or none whose path and query parameters fit, a 501, so that a test's mistake is
//! never mistaken for the API's answer. Nothing here is used by clients; it is test support
//! only.

mod body;
mod form;

use std::fmt;

use serde::Serialize;
use wiremock::{Match, Mock, MockServer, Request as Received, Respond, ResponseTemplate};

pub use self::body::{
    BodyCheck, Part, bytes, form, form_checked, json, json_checked, multipart, no_body, text,
};
use crate::client::Request;
use crate::describe::{Location, Operation, SecurityScheme};

/// The value a generated mock's `client` gives every argument of its `Client::builder`: each
/// credential, and each server variable (which its base URL does not use). The mock accepts any
/// credential sent in the place its scheme says.
pub const PLACEHOLDER: &str = "mock";

/// A mock server for one API, on loopback. Generated mocks build a client pointed at it; any
/// other client needs its [`MockApi::uri`] and `allow_insecure_http`, since it speaks plain
/// `http`.
pub struct MockApi {
    server: MockServer,
}

impl fmt::Debug for MockApi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockApi")
            .field("uri", &self.server.uri())
            .finish()
    }
}

impl MockApi {
    /// Starts a server for the API whose operations are `operations`, answering every request
    /// no expectation answers with a 404, 405 or 501 that says why.
    pub async fn start(operations: &'static [&'static Operation]) -> Self {
        let server = MockServer::start().await;
        Mock::given(wiremock::matchers::any())
            .respond_with(Unmatched { operations })
            .with_priority(u8::MAX)
            .mount(&server)
            .await;
        MockApi { server }
    }

    /// The server's base URL, e.g. `http://127.0.0.1:41234`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The `wiremock` server, for what the typed expectations do not cover.
    pub fn server(&self) -> &MockServer {
        &self.server
    }

    /// Starts an expectation for `op`, whose body `body` reads; `success` says how each success
    /// is sent, and the error type's [`Answers`] how each documented error is. Generated
    /// `MockServer`s call it with the operation's types.
    pub fn expect<B, T, E: Answers>(
        &self,
        op: &'static Operation,
        body: BodyCheck<B>,
        success: fn(&T) -> Answer,
    ) -> Expect<'_, B, T, E> {
        Expect {
            api: self,
            filter: Filter {
                op,
                path: None,
                query: Vec::new(),
            },
            request: Request::new(op),
            body,
            success,
            error: E::answer,
        }
    }
}

/// How a mock sends each value of a response enum (an operation's errors, or its successes when
/// they have different bodies): under its documented status, in its media type. Generated mocks
/// implement it once per enum.
pub trait Answers {
    /// This value's answer.
    fn answer(&self) -> Answer;
}

/// A success sent as JSON under `STATUS`, as `application/json`: how generated mocks send the
/// success of an operation that documents one such response.
///
/// # Panics
///
/// If `body` does not serialize as JSON (a map whose keys are not strings).
pub fn json_at<T: Serialize, const STATUS: u16>(body: &T) -> Answer {
    Answer::json(Some(STATUS), "application/json", body)
}

/// A success with no body under `STATUS`: how generated mocks send the success of an operation
/// that documents one such response.
pub fn empty_at<T, const STATUS: u16>(_: &T) -> Answer {
    Answer::empty(Some(STATUS))
}

/// One typed answer as it is sent: its status (`None` for a range or `default`, which name no
/// single status) and its body in its media type. Generated mocks make one from each success
/// and documented error, as the operation's responses describe them.
#[derive(Clone, Debug)]
pub struct Answer {
    status: Option<u16>,
    body: Option<(&'static str, Vec<u8>)>,
}

impl Answer {
    /// `body` as JSON, sent as `content_type`.
    ///
    /// # Panics
    ///
    /// If `body` does not serialize as JSON (a map whose keys are not strings).
    pub fn json(status: Option<u16>, content_type: &'static str, body: &impl Serialize) -> Self {
        let bytes = serde_json::to_vec(body)
            .unwrap_or_else(|e| panic!("a mock's answer does not serialize as JSON: {e}"));
        Answer {
            status,
            body: Some((content_type, bytes)),
        }
    }

    /// `body` as text, sent as `content_type`.
    pub fn text(status: Option<u16>, content_type: &'static str, body: &str) -> Self {
        Answer::bytes(status, content_type, body.as_bytes())
    }

    /// `body` as it is, sent as `content_type`.
    pub fn bytes(status: Option<u16>, content_type: &'static str, body: &[u8]) -> Self {
        Answer {
            status,
            body: Some((content_type, body.to_vec())),
        }
    }

    /// No body.
    pub fn empty(status: Option<u16>) -> Self {
        Answer { status, body: None }
    }

    fn template(self, status: u16) -> ResponseTemplate {
        let template = ResponseTemplate::new(status);
        match self.body {
            Some((content_type, body)) => template.set_body_raw(body, content_type),
            None => template,
        }
    }
}

/// An expectation being written for one operation: which requests it answers (all of the
/// operation's, or those with the given path and query parameters) and what it answers.
pub struct Expect<'a, B, T, E> {
    api: &'a MockApi,
    filter: Filter,
    /// Renders the path parameters as a client writes them.
    request: Request,
    body: BodyCheck<B>,
    success: fn(&T) -> Answer,
    error: fn(&E) -> Answer,
}

impl<B, T, E> fmt::Debug for Expect<'_, B, T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Expect")
            .field("operation", &self.filter.op.id)
            .finish()
    }
}

impl<'a, B: 'static, T, E> Expect<'a, B, T, E> {
    /// Answers only requests whose path parameter `name` is `value`, written as the client
    /// writes it.
    pub fn path_param<V: Serialize + ?Sized>(mut self, name: &str, value: &V) -> Self {
        self.request = self.request.path_param(name, value);
        self.filter.path = Some(self.request.rendered_path().to_owned());
        self
    }

    /// Answers only requests with the query parameter `name` equal to `value`, compared as
    /// decoded text (`limit` and `"10"` for `?limit=10`; `"a,b"` for an unexploded list, and
    /// one of the values for an exploded one, `?tag=a&tag=b`). Each call adds a condition.
    pub fn with_query(mut self, name: &str, value: &str) -> Self {
        self.filter.query.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Answers with the success `body`, under the status and in the media type the spec
    /// documents for it (200 for a `2XX` range).
    pub async fn respond(self, body: &T) -> Expectation<'a, B> {
        let answer = (self.success)(body);
        let status = answer.status.unwrap_or(200);
        self.respond_with(answer.template(status)).await
    }

    /// Answers with the documented error `error`, under its status and in its media type.
    ///
    /// # Panics
    ///
    /// If the error is documented for a range (`4XX`) or `default` rather than one status: use
    /// [`Expect::respond_json`] with the status to send.
    pub async fn fail(self, error: &E) -> Expectation<'a, B> {
        let answer = (self.error)(error);
        let Some(status) = answer.status else {
            panic!(
                "this error of `{}` is documented for a range or `default`: use respond_json with a status",
                self.filter.op.id
            );
        };
        self.respond_with(answer.template(status)).await
    }

    /// Answers with `status` and `body` as JSON.
    pub async fn respond_json(self, status: u16, body: &impl Serialize) -> Expectation<'a, B> {
        let template = ResponseTemplate::new(status).set_body_json(body);
        self.respond_with(template).await
    }

    /// Answers with any `wiremock` response.
    pub async fn respond_with(self, template: ResponseTemplate) -> Expectation<'a, B> {
        Mock::given(self.filter.clone())
            .respond_with(Checked {
                op: self.filter.op,
                body: self.body,
                template,
            })
            .mount(&self.api.server)
            .await;
        Expectation {
            server: &self.api.server,
            filter: self.filter,
            body: self.body,
        }
    }
}

/// A mounted expectation: what it received.
pub struct Expectation<'a, B> {
    server: &'a MockServer,
    filter: Filter,
    body: BodyCheck<B>,
}

impl<B> fmt::Debug for Expectation<'_, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Expectation")
            .field("operation", &self.filter.op.id)
            .field("path", &self.filter.path)
            .field("query", &self.filter.query)
            .finish()
    }
}

impl<B> Expectation<'_, B> {
    /// The bodies of the requests this expectation matched, decoded, in the order received
    /// (those that did not decode are left out: they were answered with a 400).
    pub async fn received(&self) -> Vec<B> {
        let requests = self.server.received_requests().await.unwrap_or_default();
        requests
            .iter()
            .filter(|r| self.filter.fits(r))
            .filter_map(|r| self.body.read(r).ok())
            .collect()
    }
}

/// Whether `path` fits `template`, each `{name}` standing for one non-empty segment.
fn matches_template(template: &str, path: &str) -> bool {
    let (template, path) = (template.trim_end_matches('/'), path.trim_end_matches('/'));
    let mut expected = template.split('/');
    let mut given = path.split('/');
    loop {
        match (expected.next(), given.next()) {
            (None, None) => return true,
            (Some(t), Some(p)) if t.contains('{') => {
                if p.is_empty() {
                    return false;
                }
            }
            (Some(t), Some(p)) if t == p => {}
            _ => return false,
        }
    }
}

/// The requests an expectation answers: the operation's method, its path template or the path
/// rendered with the given parameters, and the given query parameters.
#[derive(Clone, Debug)]
struct Filter {
    op: &'static Operation,
    path: Option<String>,
    query: Vec<(String, String)>,
}

impl Filter {
    fn fits(&self, request: &Received) -> bool {
        let at = request.url.path();
        request.method.as_str() == self.op.method.as_str()
            && match &self.path {
                Some(rendered) => at == rendered,
                None => matches_template(self.op.path, at),
            }
            && self.query.iter().all(|(name, value)| {
                request
                    .url
                    .query_pairs()
                    .any(|(k, v)| k == name.as_str() && v == value.as_str())
            })
    }
}

impl Match for Filter {
    fn matches(&self, request: &Received) -> bool {
        self.fits(request)
    }
}

/// Answers with `template` a request that fits the operation's description, and with a 4xx
/// naming the problem one that does not.
struct Checked<B> {
    op: &'static Operation,
    body: BodyCheck<B>,
    template: ResponseTemplate,
}

impl<B: 'static> Respond for Checked<B> {
    fn respond(&self, request: &Received) -> ResponseTemplate {
        match violation(self.op, self.body, request) {
            Some((status, message)) => ResponseTemplate::new(status).set_body_string(message),
            None => self.template.clone(),
        }
    }
}

/// Whether a request's `Content-Type` is the media type `described` (which may be a range,
/// `text/*` or `*/*`), parameters aside.
fn is_media_type(described: &str, sent: &str) -> bool {
    let essence = |t: &str| {
        t.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    };
    let (described, sent) = (essence(described), essence(sent));
    match described.strip_suffix('*') {
        Some("*/") => true,
        Some(prefix) => sent.starts_with(prefix),
        None => described == sent,
    }
}

/// What is wrong with `request` for `op`, with the status to answer.
fn violation<B>(op: &Operation, body: BodyCheck<B>, request: &Received) -> Option<(u16, String)> {
    let id = op.id;
    if !op.security.is_empty()
        && !op.security.iter().any(|alternative| {
            alternative
                .iter()
                .all(|u| has_credential(u.scheme, request))
        })
    {
        let names: Vec<Vec<&str>> = op
            .security
            .iter()
            .map(|a| a.iter().map(|u| u.name).collect())
            .collect();
        return Some((
            401,
            format!("`{id}` needs credentials for one of {names:?}; none were sent"),
        ));
    }
    for parameter in op.parameters.iter().filter(|p| p.required) {
        let name = parameter.name;
        let present = match parameter.location {
            Location::Path => true,
            Location::Query => request.url.query_pairs().any(|(k, _)| k == name),
            Location::Header => request.headers.contains_key(name),
            Location::Cookie => has_cookie(request, name),
        };
        if !present {
            return Some((
                400,
                format!(
                    "`{id}`: the required {} parameter `{name}` is missing",
                    parameter.location.as_str()
                ),
            ));
        }
    }
    let described = op.request_body?;
    if request.body.is_empty() {
        return described
            .required
            .then(|| (400, format!("`{id}`: the required body is missing")));
    }
    let sent = request
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !is_media_type(described.content_type, sent) {
        return Some((
            415,
            format!(
                "`{id}`: the body must be `{}`; it was sent as {sent:?}",
                described.content_type
            ),
        ));
    }
    let value = match body.read(request) {
        Ok(value) => value,
        Err(why) => return Some((400, format!("`{id}`: {why}"))),
    };
    body.violations(&value).map(|violations| {
        (
            422,
            format!("`{id}`: the body breaks its spec: {violations}"),
        )
    })
}

fn has_cookie(request: &Received, name: &str) -> bool {
    request
        .headers
        .get_all("cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|pair| pair.trim().split('=').next() == Some(name))
}

fn has_credential(scheme: SecurityScheme, request: &Received) -> bool {
    let authorization = || {
        request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    match scheme {
        SecurityScheme::ApiKey { name, location } => match location {
            Location::Header => request.headers.contains_key(name),
            Location::Query => request.url.query_pairs().any(|(k, _)| k == name),
            Location::Cookie => has_cookie(request, name),
            Location::Path => true,
        },
        SecurityScheme::Http { scheme, .. } => {
            authorization().starts_with(&format!("{} ", scheme.to_ascii_lowercase()))
        }
        SecurityScheme::OAuth2 | SecurityScheme::OpenIdConnect { .. } => {
            authorization().starts_with("bearer ")
        }
    }
}

/// Answers what no expectation matched, saying why.
struct Unmatched {
    operations: &'static [&'static Operation],
}

impl Respond for Unmatched {
    fn respond(&self, request: &Received) -> ResponseTemplate {
        let at = request.url.path();
        let method = request.method.as_str();
        let fitting: Vec<&Operation> = self
            .operations
            .iter()
            .copied()
            .filter(|op| matches_template(op.path, at))
            .collect();
        let (status, message) = match fitting.iter().find(|op| op.method.as_str() == method) {
            Some(op) => (
                501,
                format!(
                    "no expectation of this mock answers `{}` ({method} {at}): none is set, or \
                     none fits this request's path and query parameters",
                    op.id
                ),
            ),
            None if !fitting.is_empty() => {
                (405, format!("no operation of this API is {method} {at}"))
            }
            None => (404, format!("no operation of this API is at {at}")),
        };
        ResponseTemplate::new(status).set_body_string(message)
    }
}

#[cfg(test)]
mod tests {
    use super::{empty_at, is_media_type, json_at, matches_template};

    #[test]
    fn single_successes_are_sent_under_their_status() {
        let json = json_at::<_, 201>(&vec![1, 2]);
        assert_eq!(json.status, Some(201));
        assert_eq!(
            json.body,
            Some(("application/json", b"[1,2]".to_vec())),
            "JSON, as application/json"
        );
        let empty = empty_at::<_, 204>(&());
        assert_eq!(empty.status, Some(204));
        assert_eq!(empty.body, None);
    }

    #[test]
    fn media_types_match_by_essence_and_range() {
        assert!(is_media_type(
            "application/json",
            "Application/JSON; charset=utf-8"
        ));
        assert!(is_media_type("text/*", "text/csv"));
        assert!(is_media_type("*/*", "image/png"));
        assert!(!is_media_type("application/json", "text/plain"));
        assert!(!is_media_type("application/json", ""));
    }

    #[test]
    fn paths_fit_templates_segment_by_segment() {
        assert!(matches_template("/contacts/{id}", "/contacts/7"));
        assert!(matches_template("/contacts/{id}", "/contacts/7/"));
        assert!(!matches_template("/contacts/{id}", "/contacts/"));
        assert!(!matches_template("/contacts/{id}", "/contacts/7/notes"));
        assert!(!matches_template("/contacts/{id}", "/users/7"));
        assert!(matches_template("/", "/"));
    }
}
