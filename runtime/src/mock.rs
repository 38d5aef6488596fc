//! Mock servers for tests (feature `mock`): [`MockApi`], a `wiremock` server on loopback that
//! speaks one API as its operation descriptions say, with expectations written in the API's own
//! types ([`Expect`]) and the typed request bodies it received ([`Expectation::received`]).
//!
//! A generated module's `mock::MockServer` wraps one and adds a method per operation that names
//! its body, success and error types; this module holds everything that happens. Before an
//! expectation answers, the request is checked against the operation's description: a missing
//! credential is a 401, a missing required parameter or body, or a body that does not decode,
//! a 400, and a body that breaks its spec's constraints a 422, each naming what is wrong. A
//! request no operation of the API matches is a 404 (405 for a path with other methods), and
//! one for an operation with no expectation a 501, so that a test's mistake is never mistaken
//! for the API's answer. Nothing here is used by clients; it is test support only.

use std::fmt;
use std::marker::PhantomData;

use serde::Serialize;
use serde::de::DeserializeOwned;
use wiremock::matchers::{method, path};
use wiremock::{Match, Mock, MockServer, Request as Received, Respond, ResponseTemplate};

use crate::client::Request;
use crate::describe::{Location, Operation, SecurityScheme, Status};
use crate::validate::{Checker, Validate};

/// How a mock reads the request body of one operation into `B`, and checks it.
pub struct BodyCheck<B> {
    decode: fn(&[u8]) -> Result<B, String>,
    check: Option<fn(&B, &mut Checker)>,
}

impl<B> Clone for BodyCheck<B> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<B> Copy for BodyCheck<B> {}

fn decode_json<B: DeserializeOwned>(bytes: &[u8]) -> Result<B, String> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let at = e.path().to_string();
        format!("the body does not decode (at `{at}`): {}", e.inner())
    })
}

fn check_value<B: Validate>(body: &B, checker: &mut Checker) {
    body.check(checker);
}

/// A JSON body decoded into `B`.
pub fn json<B: DeserializeOwned>() -> BodyCheck<B> {
    BodyCheck {
        decode: decode_json::<B>,
        check: None,
    }
}

/// A JSON body decoded into `B`, then checked against its spec's constraints ([`Validate`]).
pub fn json_checked<B: DeserializeOwned + Validate>() -> BodyCheck<B> {
    BodyCheck {
        decode: decode_json::<B>,
        check: Some(check_value::<B>),
    }
}

/// A body that is not JSON (form, multipart, text, bytes), kept as its bytes.
pub fn raw() -> BodyCheck<Vec<u8>> {
    BodyCheck {
        decode: |bytes| Ok(bytes.to_vec()),
        check: None,
    }
}

/// An operation that takes no body.
pub fn no_body() -> BodyCheck<()> {
    BodyCheck {
        decode: |_| Ok(()),
        check: None,
    }
}

/// A mock server for one API, on loopback. Point a client at [`MockApi::uri`] (with
/// `allow_insecure_http`, since it speaks plain `http`).
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

    /// Starts an expectation for `op`, whose body `body` reads, and whose documented errors
    /// `error_status` gives the status of (`None` for a range or `default`). Generated
    /// `MockServer`s call it with the operation's types.
    pub fn expect<B, T, E>(
        &self,
        op: &'static Operation,
        body: BodyCheck<B>,
        error_status: fn(&E) -> Option<u16>,
    ) -> Expect<'_, B, T, E> {
        Expect {
            api: self,
            op,
            request: Request::new(op),
            with_path: false,
            body,
            error_status,
            types: PhantomData,
        }
    }
}

/// An expectation being written for one operation: which requests it answers (all of the
/// operation's, or those with the given path parameters) and what it answers.
pub struct Expect<'a, B, T, E> {
    api: &'a MockApi,
    op: &'static Operation,
    /// Renders the path parameters as a client writes them.
    request: Request,
    with_path: bool,
    body: BodyCheck<B>,
    error_status: fn(&E) -> Option<u16>,
    types: PhantomData<fn() -> (T, E)>,
}

impl<B, T, E> fmt::Debug for Expect<'_, B, T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Expect")
            .field("operation", &self.op.id)
            .finish()
    }
}

impl<'a, B: 'static, T, E> Expect<'a, B, T, E> {
    /// Answers only requests whose path parameter `name` is `value`, written as the client
    /// writes it.
    pub fn path_param<V: Serialize + ?Sized>(mut self, name: &str, value: &V) -> Self {
        self.request = self.request.path_param(name, value);
        self.with_path = true;
        self
    }

    /// Answers with `body` as JSON, under the operation's first documented success status.
    pub async fn respond(self, body: &T) -> Expectation<'a, B>
    where
        T: Serialize,
    {
        let status = self
            .op
            .responses
            .iter()
            .find_map(|r| match r.status {
                Status::Code(code) if (200..300).contains(&code) => Some(code),
                _ => None,
            })
            .unwrap_or(200);
        self.respond_json(status, body).await
    }

    /// Answers with the documented error `error`, as JSON under its status.
    ///
    /// # Panics
    ///
    /// If the error is documented for a range (`4XX`) or `default` rather than one status: use
    /// [`Expect::respond_json`] with the status to send.
    pub async fn fail(self, error: &E) -> Expectation<'a, B>
    where
        E: Serialize,
    {
        let Some(status) = (self.error_status)(error) else {
            panic!(
                "this error of `{}` is documented for a range or `default`: use respond_json with a status",
                self.op.id
            );
        };
        self.respond_json(status, error).await
    }

    /// Answers with `status` and `body` as JSON.
    pub async fn respond_json(self, status: u16, body: &impl Serialize) -> Expectation<'a, B> {
        let template = ResponseTemplate::new(status).set_body_json(body);
        self.respond_with(template).await
    }

    /// Answers with any `wiremock` response.
    pub async fn respond_with(self, template: ResponseTemplate) -> Expectation<'a, B> {
        let op = self.op;
        let rendered = self
            .with_path
            .then(|| self.request.rendered_path().to_owned());
        let mock = Mock::given(method(op.method.as_str()));
        let mock = match &rendered {
            Some(rendered) => mock.and(path(rendered.as_str())),
            None => mock.and(Template(op.path)),
        };
        mock.respond_with(Checked {
            op,
            body: self.body,
            template,
        })
        .mount(&self.api.server)
        .await;
        Expectation {
            server: &self.api.server,
            op,
            rendered,
            body: self.body,
        }
    }
}

/// A mounted expectation: what it received.
pub struct Expectation<'a, B> {
    server: &'a MockServer,
    op: &'static Operation,
    rendered: Option<String>,
    body: BodyCheck<B>,
}

impl<B> fmt::Debug for Expectation<'_, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Expectation")
            .field("operation", &self.op.id)
            .field("path", &self.rendered)
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
            .filter(|r| r.method.as_str() == self.op.method.as_str())
            .filter(|r| match &self.rendered {
                Some(rendered) => r.url.path() == rendered,
                None => matches_template(self.op.path, r.url.path()),
            })
            .filter_map(|r| (self.body.decode)(&r.body).ok())
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

/// Matches the requests whose path fits an operation's template.
struct Template(&'static str);

impl Match for Template {
    fn matches(&self, request: &Received) -> bool {
        matches_template(self.0, request.url.path())
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
    let value = match (body.decode)(&request.body) {
        Ok(value) => value,
        Err(why) => return Some((400, format!("`{id}`: {why}"))),
    };
    let mut checker = Checker::default();
    if let Some(check) = body.check {
        check(&value, &mut checker);
    }
    match checker.into_result() {
        Ok(()) => None,
        Err(violations) => Some((
            422,
            format!("`{id}`: the body breaks its spec: {violations}"),
        )),
    }
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
                    "no expectation of this mock answers `{}` ({method} {at})",
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
    use super::matches_template;

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
