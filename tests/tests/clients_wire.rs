//! The five vendors' generated clients against a real HTTP server on loopback (wiremock): what
//! goes on the wire, how every documented response decodes, and how the clients behave when a
//! server misbehaves or an input is hostile.

mod common;

use std::time::{Duration, Instant};

use codegen_tests::runtime::{CallOptions, ClientBuilder, Error, Response, RetryPolicy};
use common::{equivalent, examples, fast_retry, vendor_spec, vendors};
use crm_contact_clients::{acquire, getraze, highlevel, leadlex, linq};
use serde::Serialize;
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "secret-token-4242";
const LEADLEX_ID: &str = "123e4567-e89b-12d3-a456-426614174000";

/// Every vendor's client, pointed at one test server.
struct Clients {
    linq: linq::Client,
    highlevel: highlevel::Client,
    leadlex: leadlex::Client,
    getraze: getraze::Client,
    acquire: acquire::Client,
}

/// What a test changes in every vendor's client, on top of the test server and fast retries.
#[derive(Clone, Debug, Default)]
struct Settings {
    retry: Option<RetryPolicy>,
    timeout: Option<Duration>,
    max_body: Option<usize>,
}

impl Settings {
    fn apply<C>(&self, mut builder: ClientBuilder<C>) -> ClientBuilder<C> {
        if let Some(retry) = &self.retry {
            builder = builder.retry(retry.clone());
        }
        if let Some(timeout) = self.timeout {
            builder = builder.timeout(timeout);
        }
        if let Some(limit) = self.max_body {
            builder = builder.max_body_bytes(limit);
        }
        builder
    }
}

impl Clients {
    fn new(server: &MockServer) -> Self {
        Self::with(server, Settings::default())
    }

    fn with(server: &MockServer, settings: Settings) -> Self {
        fn local<C>(
            b: ClientBuilder<C>,
            server: &MockServer,
            settings: &Settings,
        ) -> ClientBuilder<C> {
            settings.apply(
                b.base_url(server.uri())
                    .allow_insecure_http()
                    .retry(fast_retry()),
            )
        }
        let s = &settings;
        Clients {
            linq: linq::Client::from_builder(local(linq::Client::builder(TOKEN), server, s))
                .unwrap(),
            highlevel: highlevel::Client::from_builder(local(
                highlevel::Client::builder(TOKEN),
                server,
                s,
            ))
            .unwrap(),
            leadlex: leadlex::Client::from_builder(local(
                leadlex::Client::builder(TOKEN),
                server,
                s,
            ))
            .unwrap(),
            getraze: getraze::Client::from_builder(local(
                getraze::Client::builder(TOKEN),
                server,
                s,
            ))
            .unwrap(),
            acquire: acquire::Client::from_builder(local(
                acquire::Client::builder("acme", TOKEN),
                server,
                s,
            ))
            .unwrap(),
        }
    }
}

/// What a call came to, in vendor-independent terms.
#[derive(Debug)]
enum Outcome {
    /// A success status and the typed body, encoded again.
    Success(u16, Value),
    /// A documented error status and its typed body, encoded again.
    Documented(u16, Value),
    /// Anything else, as the error's `Debug`.
    Failed(String),
}

fn outcome<T: Serialize, E: std::fmt::Debug>(
    result: Result<Response<T>, Error<E>>,
    error_body: impl Fn(&E) -> Value,
) -> Outcome {
    match result {
        Ok(response) => Outcome::Success(
            response.status.as_u16(),
            serde_json::to_value(&response.body).unwrap(),
        ),
        Err(Error::Api { status, body, .. }) => {
            Outcome::Documented(status.as_u16(), error_body(&body))
        }
        Err(other) => Outcome::Failed(format!("{other:?}")),
    }
}

fn parse<T: serde::de::DeserializeOwned>(vendor: &str, body: Value) -> T {
    serde_json::from_value(body)
        .unwrap_or_else(|e| panic!("{vendor}: the example does not decode: {e}"))
}

/// Sends `body` (decoded into the vendor's request type) with the vendor's client.
async fn send(clients: &Clients, vendor: &str, body: Value, options: &CallOptions) -> Outcome {
    match vendor {
        "linq" => {
            let body: linq::UpdateContactRequest = parse(vendor, body);
            let result = clients.linq.update_contact(1, &body).options(options).await;
            outcome(result, |e| match e {
                linq::UpdateContactError::Status404(b) => serde_json::to_value(b).unwrap(),
            })
        }
        "highlevel" => {
            let body: highlevel::UpdateContactRequest = parse(vendor, body);
            let result = clients
                .highlevel
                .update_contact("ocQHyuzHvuMOe5N5jjXF", &body)
                .options(options)
                .await;
            outcome(result, |e| match *e {})
        }
        "leadlex" => {
            let body: leadlex::UpdateContactRequest = parse(vendor, body);
            let id = LEADLEX_ID.parse().unwrap();
            let result = clients
                .leadlex
                .update_contact(id, &body)
                .options(options)
                .await;
            outcome(result, |e| {
                use leadlex::UpdateContactError as E;
                let (E::Status400(b)
                | E::Status401(b)
                | E::Status403(b)
                | E::Status404(b)
                | E::Status429(b)) = e;
                serde_json::to_value(b).unwrap()
            })
        }
        "getraze" => {
            let body: getraze::UpdateContactRequest = parse(vendor, body);
            let result = clients
                .getraze
                .update_contact("cnt_abc123def456", &body)
                .options(options)
                .await;
            outcome(result, |e| {
                let (getraze::UpdateContactError::Status400(b)
                | getraze::UpdateContactError::Status404(b)) = e;
                serde_json::to_value(b).unwrap()
            })
        }
        "acquire" => {
            let body: acquire::UpdateContactRequest = parse(vendor, body);
            let result = clients
                .acquire
                .update_contact(2, &body)
                .options(options)
                .await;
            outcome(result, |e| match *e {})
        }
        other => panic!(
            "vendor {other} is not registered: add its client to tests/tests/clients_wire.rs"
        ),
    }
}

/// The request line and headers each vendor's docs prescribe.
fn expected_request(vendor: &str) -> (&'static str, String, Vec<(&'static str, String)>) {
    let bearer = ("authorization", format!("Bearer {TOKEN}"));
    match vendor {
        "linq" => (
            "PUT",
            "/api/partner/v2/contacts/1".into(),
            vec![("x-linq-integration-token", TOKEN.into())],
        ),
        "highlevel" => (
            "PUT",
            "/contacts/ocQHyuzHvuMOe5N5jjXF".into(),
            vec![bearer, ("version", "2021-07-28".into())],
        ),
        "leadlex" => ("PATCH", format!("/v1/contacts/{LEADLEX_ID}"), vec![bearer]),
        "getraze" => (
            "PUT",
            "/external/v1/contacts/cnt_abc123def456".into(),
            vec![("x-api-key", TOKEN.into())],
        ),
        "acquire" => ("PUT", "/crm/objects/contact/2".into(), vec![bearer]),
        other => panic!(
            "vendor {other} is not registered: add its client to tests/tests/clients_wire.rs"
        ),
    }
}

/// The vendor's documented success example, to answer with.
fn success_example(vendor: &str) -> Value {
    let spec = vendor_spec(vendor);
    examples(&spec)
        .into_iter()
        .find(|e| e.place == "200")
        .map(|e| e.value)
        .expect("a 200 example")
}

fn first_request_example(vendor: &str) -> Value {
    let spec = vendor_spec(vendor);
    examples(&spec)
        .into_iter()
        .find(|e| e.place == "request")
        .map(|e| e.value)
        .expect("a request example")
}

#[tokio::test]
async fn documented_requests_go_on_the_wire_exactly() {
    let mut checked = 0;
    for vendor in vendors() {
        let vendor = vendor.as_str();
        for example in examples(&vendor_spec(vendor))
            .into_iter()
            .filter(|e| e.place == "request")
        {
            let server = MockServer::start().await;
            Mock::given(any())
                .respond_with(ResponseTemplate::new(200).set_body_json(success_example(vendor)))
                .mount(&server)
                .await;
            let result = send(
                &Clients::new(&server),
                vendor,
                example.value.clone(),
                &CallOptions::default(),
            )
            .await;
            assert!(
                matches!(result, Outcome::Success(200, _)),
                "{vendor}: {result:?}"
            );

            let received = server.received_requests().await.expect("recording is on");
            assert_eq!(received.len(), 1, "{vendor}: exactly one request");
            let request = &received[0];
            let (method, path, headers) = expected_request(vendor);
            assert_eq!(request.method.as_str(), method, "{vendor} method");
            assert_eq!(request.url.path(), path, "{vendor} path");
            assert_eq!(request.url.query(), None, "{vendor} query");
            for (name, value) in headers {
                assert_eq!(
                    request.headers.get(name).and_then(|v| v.to_str().ok()),
                    Some(value.as_str()),
                    "{vendor} header {name}"
                );
            }
            assert_eq!(
                request.headers.get("content-type").unwrap(),
                "application/json",
                "{vendor}"
            );
            let agent = request.headers.get("user-agent").unwrap().to_str().unwrap();
            assert!(
                agent.starts_with("crm-contact-clients/"),
                "{vendor} user agent {agent}"
            );
            let sent: Value = serde_json::from_slice(&request.body).unwrap();
            assert_eq!(sent, example.value, "{vendor} #{}: body", example.pointer);
            checked += 1;
        }
    }
    assert!(checked >= 6, "only {checked} request examples");
}

#[tokio::test]
async fn every_documented_response_decodes_into_its_type() {
    let mut checked = 0;
    for vendor in vendors() {
        let vendor = vendor.as_str();
        for example in examples(&vendor_spec(vendor))
            .into_iter()
            .filter(|e| e.place != "request")
        {
            let status: u16 = example.place.parse().expect("a status code");
            let server = MockServer::start().await;
            Mock::given(any())
                .respond_with(ResponseTemplate::new(status).set_body_json(&example.value))
                .mount(&server)
                .await;
            let options = CallOptions {
                retry: Some(RetryPolicy::none()),
                ..CallOptions::default()
            };
            let result = send(
                &Clients::new(&server),
                vendor,
                first_request_example(vendor),
                &options,
            )
            .await;
            let (got_status, body) = match result {
                Outcome::Success(s, body) if (200..300).contains(&status) => (s, body),
                Outcome::Documented(s, body) if status >= 400 => (s, body),
                other => panic!("{vendor} #{}: {other:?}", example.pointer),
            };
            assert_eq!(got_status, status);
            equivalent(&example.value, &body, "")
                .unwrap_or_else(|e| panic!("{vendor} #{}: {e}", example.pointer));
            checked += 1;
        }
    }
    // Five success examples, Linq's 404 and LeadLex's 400.
    assert!(checked >= 7, "only {checked} response examples");
}

#[tokio::test]
async fn every_documented_error_status_yields_its_own_variant() {
    use leadlex::UpdateContactError as L;
    for response in leadlex::operations::UPDATE_CONTACT
        .responses
        .iter()
        .filter(|r| {
            matches!(
                r.status,
                codegen_tests::runtime::describe::Status::Code(400..)
            )
        })
    {
        let codegen_tests::runtime::describe::Status::Code(status) = response.status else {
            unreachable!()
        };
        let body = json!({"error": {"code": "rate_limited", "message": response.description}});
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(status).set_body_json(&body))
            .mount(&server)
            .await;
        let client = Clients::with(&server, no_retry()).leadlex;
        let error = client
            .update_contact(
                LEADLEX_ID.parse().unwrap(),
                &leadlex::UpdateContactRequest::default(),
            )
            .await
            .unwrap_err();
        let Error::Api {
            status: got,
            body: variant,
            ..
        } = error
        else {
            panic!("{status}: {error:?}")
        };
        assert_eq!(got.as_u16(), status);
        let (name, decoded) = match &variant {
            L::Status400(b) => (400, b),
            L::Status401(b) => (401, b),
            L::Status403(b) => (403, b),
            L::Status404(b) => (404, b),
            L::Status429(b) => (429, b),
        };
        assert_eq!(name, status, "variant for {status}");
        assert_eq!(serde_json::to_value(decoded).unwrap(), body);
    }
    for status in [400, 404] {
        let body = json!({"success": false, "code": if status == 400 { "VALIDATION_ERROR" } else { "NOT_FOUND" }, "details": [1]});
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(status).set_body_json(&body))
            .mount(&server)
            .await;
        let client = Clients::with(&server, no_retry()).getraze;
        let error = client
            .update_contact("cnt_1", &getraze::UpdateContactRequest::default())
            .await
            .unwrap_err();
        match (status, &error) {
            (
                400,
                Error::Api {
                    body: getraze::UpdateContactError::Status400(b),
                    ..
                },
            )
            | (
                404,
                Error::Api {
                    body: getraze::UpdateContactError::Status404(b),
                    ..
                },
            ) => {
                // Undocumented keys are kept, not dropped.
                assert_eq!(serde_json::to_value(b).unwrap(), body);
            }
            _ => panic!("{status}: {error:?}"),
        }
    }
}

/// A server answering every request with `response`, and Linq's (idempotent PUT) example body.
async fn linq_against(
    response: ResponseTemplate,
    settings: Settings,
) -> (
    MockServer,
    Result<Response<linq::UpdateContactResponse>, Error<linq::UpdateContactError>>,
) {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    let clients = Clients::with(&server, settings);
    let body: linq::UpdateContactRequest =
        serde_json::from_value(first_request_example("linq")).unwrap();
    let result = clients.linq.update_contact(1, &body).await;
    (server, result)
}

fn no_retry() -> Settings {
    Settings {
        retry: Some(RetryPolicy::none()),
        ..Settings::default()
    }
}

#[tokio::test]
async fn an_undocumented_status_keeps_status_headers_and_an_excerpt() {
    let response = ResponseTemplate::new(418)
        .insert_header("x-request-id", "req-7")
        .set_body_string("I'm a teapot");
    let (_server, result) = linq_against(response, no_retry()).await;
    match result {
        Err(Error::UnexpectedStatus {
            status,
            headers,
            excerpt,
            attempts,
        }) => {
            assert_eq!(status.as_u16(), 418);
            // A 418 is not retried: one attempt, and no retry was due.
            assert_eq!((attempts.made, attempts.stopped), (1, None));
            assert_eq!(headers.get("x-request-id").unwrap(), "req-7");
            assert_eq!(excerpt, "I'm a teapot");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn bodies_that_do_not_decode_say_where() {
    let wrong_type =
        ResponseTemplate::new(200).set_body_json(json!({"data": {"id": "not a number"}}));
    match linq_against(wrong_type, no_retry()).await.1 {
        Err(Error::Decode { status, path, .. }) => {
            assert_eq!((status.as_u16(), path.as_str()), (200, "data.id"))
        }
        other => panic!("{other:?}"),
    }
    let truncated =
        ResponseTemplate::new(200).set_body_raw(b"{\"data\": {".to_vec(), "application/json");
    assert!(matches!(
        linq_against(truncated, no_retry()).await.1,
        Err(Error::Decode { .. })
    ));
    let html =
        ResponseTemplate::new(200).set_body_raw(b"<html>maintenance</html>".to_vec(), "text/html");
    match linq_against(html, no_retry()).await.1 {
        Err(Error::Decode {
            message, excerpt, ..
        }) => {
            assert!(message.contains("text/html"), "{message}");
            assert!(excerpt.contains("maintenance"));
        }
        other => panic!("{other:?}"),
    }
    let empty = ResponseTemplate::new(200).set_body_raw(Vec::new(), "application/json");
    match linq_against(empty, no_retry()).await.1 {
        Err(Error::Decode { message, .. }) => assert!(message.contains("empty"), "{message}"),
        other => panic!("{other:?}"),
    }
    // A documented error status whose body is not the documented one is a decoding error too.
    let odd_404 = ResponseTemplate::new(404).set_body_json(json!({"errors": "not a list"}));
    assert!(matches!(
        linq_against(odd_404, no_retry()).await.1,
        Err(Error::Decode { .. })
    ));
}

#[tokio::test]
async fn oversized_bodies_are_refused_without_reading_them_whole() {
    let huge = ResponseTemplate::new(200).set_body_raw(vec![b' '; 64 * 1024], "application/json");
    match linq_against(
        huge,
        Settings {
            max_body: Some(1024),
            ..no_retry()
        },
    )
    .await
    .1
    {
        Err(Error::BodyTooLarge { limit, .. }) => assert_eq!(limit, 1024),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_slow_server_times_out() {
    let slow = ResponseTemplate::new(200)
        .set_body_json(success_example("linq"))
        .set_delay(Duration::from_secs(3));
    let started = Instant::now();
    let (_server, result) = linq_against(
        slow,
        Settings {
            timeout: Some(Duration::from_millis(300)),
            ..no_retry()
        },
    )
    .await;
    assert!(matches!(result, Err(Error::Timeout { .. })), "{result:?}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_per_call_timeout_overrides_the_clients() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(success_example("linq"))
                .set_delay(Duration::from_secs(2)),
        )
        .mount(&server)
        .await;
    let clients = Clients::with(&server, no_retry());
    let body: linq::UpdateContactRequest =
        serde_json::from_value(first_request_example("linq")).unwrap();
    let options = CallOptions {
        timeout: Some(Duration::from_millis(200)),
        ..CallOptions::default()
    };
    assert!(matches!(
        clients
            .linq
            .update_contact(1, &body)
            .options(&options)
            .await,
        Err(Error::Timeout { .. })
    ));
}

#[tokio::test]
async fn a_per_call_retry_policy_overrides_the_clients() {
    let server = MockServer::start().await;
    sequence(
        &server,
        ResponseTemplate::new(503),
        1,
        ResponseTemplate::new(200).set_body_json(success_example("linq")),
    )
    .await;
    let clients = Clients::with(&server, no_retry());
    let body: linq::UpdateContactRequest =
        serde_json::from_value(first_request_example("linq")).unwrap();
    let options = CallOptions {
        retry: Some(RetryPolicy {
            max_attempts: 2,
            initial_backoff: Duration::from_millis(1),
            ..RetryPolicy::default()
        }),
        ..CallOptions::default()
    };
    let call = clients.linq.update_contact(1, &body).options(&options);
    let response = call.await.expect("retried once by the call's policy");
    assert_eq!(response.status, 200);
    assert_eq!(requests_seen(&server).await, 2);
    // The same call without options keeps the client's policy: no retry.
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let clients = Clients::with(&server, no_retry());
    let result = clients.linq.update_contact(1, &body).await;
    assert!(
        matches!(result, Err(Error::UnexpectedStatus { .. })),
        "{result:?}"
    );
    assert_eq!(requests_seen(&server).await, 1);
}

#[tokio::test]
async fn a_call_sends_nothing_until_it_is_awaited() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(success_example("linq")))
        .mount(&server)
        .await;
    let clients = Clients::new(&server);
    let body: linq::UpdateContactRequest =
        serde_json::from_value(first_request_example("linq")).unwrap();
    let call = clients.linq.update_contact(1, &body);
    let debug = format!("{call:?}");
    assert!(debug.contains("updateContact"), "{debug}");
    // Neither the credential nor what the request carries.
    assert!(!debug.contains(TOKEN) && !debug.contains('@'), "{debug}");
    tokio::time::sleep(Duration::from_millis(100)).await;
    drop(call);
    let unset = clients
        .linq
        .update_contact(2, &body)
        .options(&CallOptions::default());
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(
        requests_seen(&server).await,
        0,
        "a call not awaited sent a request"
    );
    drop(unset);
    assert!(clients.linq.update_contact(3, &body).await.is_ok());
    assert_eq!(requests_seen(&server).await, 1);
}

/// Mounts `first` for the first `times` requests, then `then`.
async fn sequence(
    server: &MockServer,
    first: ResponseTemplate,
    times: u64,
    then: ResponseTemplate,
) {
    Mock::given(any())
        .respond_with(first)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(any())
        .respond_with(then)
        .with_priority(2)
        .mount(server)
        .await;
}

async fn requests_seen(server: &MockServer) -> usize {
    server.received_requests().await.map_or(0, |r| r.len())
}

#[tokio::test]
async fn a_429_with_retry_after_waits_and_succeeds() {
    let server = MockServer::start().await;
    let limited = ResponseTemplate::new(429).insert_header("Retry-After", "1");
    sequence(
        &server,
        limited,
        1,
        ResponseTemplate::new(200).set_body_json(success_example("leadlex")),
    )
    .await;
    let started = Instant::now();
    // LeadLex's PATCH is not idempotent, but a 429 means the server did not act.
    let result = send(
        &Clients::new(&server),
        "leadlex",
        first_request_example("leadlex"),
        &CallOptions::default(),
    )
    .await;
    assert!(matches!(result, Outcome::Success(200, _)), "{result:?}");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After was not honoured: {:?}",
        started.elapsed()
    );
    assert_eq!(requests_seen(&server).await, 2);
}

#[tokio::test]
async fn idempotent_calls_are_retried_after_a_server_error() {
    let server = MockServer::start().await;
    sequence(
        &server,
        ResponseTemplate::new(500),
        1,
        ResponseTemplate::new(200).set_body_json(success_example("linq")),
    )
    .await;
    let result = send(
        &Clients::new(&server),
        "linq",
        first_request_example("linq"),
        &CallOptions::default(),
    )
    .await;
    assert!(matches!(result, Outcome::Success(200, _)), "{result:?}");
    assert_eq!(requests_seen(&server).await, 2);
}

#[tokio::test]
async fn non_idempotent_calls_are_not_replayed_after_a_server_error_or_a_timeout() {
    let server = MockServer::start().await;
    sequence(
        &server,
        ResponseTemplate::new(500),
        1,
        ResponseTemplate::new(200).set_body_json(success_example("leadlex")),
    )
    .await;
    let result = send(
        &Clients::new(&server),
        "leadlex",
        first_request_example("leadlex"),
        &CallOptions::default(),
    )
    .await;
    assert!(result_is_status(&result, 500), "{result:?}");
    assert_eq!(
        requests_seen(&server).await,
        1,
        "a PATCH that appends notes must not be sent twice"
    );

    let slow = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(success_example("leadlex"))
                .set_delay(Duration::from_millis(800)),
        )
        .mount(&slow)
        .await;
    let clients = Clients::with(
        &slow,
        Settings {
            timeout: Some(Duration::from_secs(5)),
            ..Settings::default()
        },
    );
    let options = CallOptions {
        timeout: Some(Duration::from_millis(200)),
        ..CallOptions::default()
    };
    let result = send(
        &clients,
        "leadlex",
        first_request_example("leadlex"),
        &options,
    )
    .await;
    assert!(
        matches!(&result, Outcome::Failed(e) if e.starts_with("Timeout")),
        "{result:?}"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(requests_seen(&slow).await, 1);
}

fn result_is_status(result: &Outcome, status: u16) -> bool {
    matches!(result, Outcome::Failed(e) if e.contains(&format!("status: {status}")))
}

#[tokio::test]
async fn hostile_path_ids_stay_one_segment() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(success_example("getraze")))
        .mount(&server)
        .await;
    let clients = Clients::new(&server);
    let body = getraze::UpdateContactRequest::default();
    let cases = [
        ("../admin", "..%2Fadmin"),
        ("a/b", "a%2Fb"),
        ("?x=1", "%3Fx%3D1"),
        ("#top", "%23top"),
        ("a b", "a%20b"),
        ("ünï", "%C3%BCn%C3%AF"),
    ];
    for (id, encoded) in cases {
        let result = clients.getraze.update_contact(id, &body).await;
        assert!(result.is_ok(), "{id:?}: {result:?}");
        let received = server.received_requests().await.unwrap();
        let last = received.last().unwrap();
        assert_eq!(
            last.url.path(),
            format!("/external/v1/contacts/{encoded}"),
            "{id:?}"
        );
        assert_eq!(last.url.query(), None, "{id:?}");
    }
    let before = requests_seen(&server).await;
    for refused in ["", ".", ".."] {
        let result = clients.getraze.update_contact(refused, &body).await;
        assert!(
            matches!(result, Err(Error::InvalidRequest(_))),
            "{refused:?}: {result:?}"
        );
    }
    assert_eq!(
        requests_seen(&server).await,
        before,
        "refused requests must not be sent"
    );
}

#[tokio::test]
async fn hostile_server_variables_are_refused() {
    for hostile in [
        "evil.com/",
        "x#",
        "a.b",
        "",
        "evil.com:8080",
        "a/../b",
        "-x",
    ] {
        let result = acquire::Client::new(hostile, TOKEN);
        assert!(result.is_err(), "{hostile:?} accepted");
    }
    assert!(acquire::Client::new("acme-01", TOKEN).is_ok());
}

#[tokio::test]
async fn plain_http_is_refused_unless_opted_into() {
    let refused =
        linq::Client::from_builder(linq::Client::builder(TOKEN).base_url("http://127.0.0.1:9"));
    let message = refused.unwrap_err().to_string();
    assert!(message.contains("http"), "{message}");
}

#[tokio::test]
async fn secrets_never_show_in_debug_or_errors() {
    // A port that nothing listens on: the connection never opens.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let builder = linq::Client::builder(TOKEN)
        .base_url(format!("http://127.0.0.1:{port}"))
        .allow_insecure_http()
        .retry(RetryPolicy::none());
    assert!(!format!("{builder:?}").contains(TOKEN));
    let client = linq::Client::from_builder(builder).unwrap();
    assert!(!format!("{client:?}").contains(TOKEN));
    let body: linq::UpdateContactRequest =
        serde_json::from_value(first_request_example("linq")).unwrap();
    let error = client.update_contact(1, &body).await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(!format!("{error:?}").contains(TOKEN) && !error.to_string().contains(TOKEN));

    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(401).set_body_string("bad key"))
        .mount(&server)
        .await;
    let clients = Clients::with(&server, no_retry());
    let error = clients
        .leadlex
        .update_contact(
            LEADLEX_ID.parse().unwrap(),
            &leadlex::UpdateContactRequest::default(),
        )
        .await
        .unwrap_err();
    assert!(!format!("{error:?}").contains(TOKEN) && !error.to_string().contains(TOKEN));
}
