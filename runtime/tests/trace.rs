//! What a subscriber receives from calls, at every level: the operation, the statuses, the
//! retries and the refusals are there, those of contact updates declined before their call
//! included; no credential (bearer token, API key in a query or a cookie), no body, no value of
//! a contact patch and no URL is. The only test of its binary, so that no other test's thread
//! races the subscriber for the callsites' interest.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use openapi_client_runtime::client::{
    CallOptions, Client, ClientBuilder, Credential, Json, Request,
};
use openapi_client_runtime::contact::{
    self, ContactPatch, IdKind, Mapping, Mode, Target, UpdateContact, UpdateError,
};
use openapi_client_runtime::describe::{Location, Method, Operation, SecurityScheme, SecurityUse};
use openapi_client_runtime::validate::Checker;
use openapi_client_runtime::{ApiResult, Error, RetryPolicy};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Every span and event a subscriber is given, as text: each event with the fields of the spans
/// it is in, at every level.
#[derive(Clone, Default)]
struct Capture {
    lines: Arc<Mutex<Vec<String>>>,
    spans: Arc<Mutex<Vec<String>>>,
    entered: Arc<Mutex<Vec<usize>>>,
}

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        let _ = write!(self.0, " {}={value}", field.name());
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut text = span.metadata().name().to_owned();
        span.record(&mut Fields(&mut text));
        let mut spans = self.spans.lock().unwrap();
        spans.push(text);
        Id::from_u64(spans.len() as u64)
    }
    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut spans = self.spans.lock().unwrap();
        values.record(&mut Fields(&mut spans[span.into_u64() as usize - 1]));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let spans = self.spans.lock().unwrap();
        let mut line = format!("{}", event.metadata().level());
        for &id in self.entered.lock().unwrap().iter() {
            let _ = write!(line, " [{}]", spans[id - 1]);
        }
        event.record(&mut Fields(&mut line));
        self.lines.lock().unwrap().push(line);
    }
    fn enter(&self, span: &Id) {
        self.entered.lock().unwrap().push(span.into_u64() as usize);
    }
    fn exit(&self, _: &Id) {
        self.entered.lock().unwrap().pop();
    }
}

const BEARER: &[SecurityUse] = &[SecurityUse::new(
    "bearer",
    SecurityScheme::Http {
        scheme: "bearer",
        bearer_format: None,
    },
    &[],
)];
const QUERY_KEY: &[SecurityUse] = &[SecurityUse::new(
    "query_key",
    SecurityScheme::ApiKey {
        name: "api_key",
        location: Location::Query,
    },
    &[],
)];
const COOKIE_KEY: &[SecurityUse] = &[SecurityUse::new(
    "cookie_key",
    SecurityScheme::ApiKey {
        name: "session",
        location: Location::Cookie,
    },
    &[],
)];

const fn op(
    id: &'static str,
    method: Method,
    path: &'static str,
    security: &'static [&'static [SecurityUse]],
) -> Operation {
    Operation {
        id,
        method,
        idempotent: true,
        path,
        parameters: &[],
        request_body: None,
        responses: &[],
        security,
        servers: &[],
    }
}

static GET_ITEM: Operation = op("getItem", Method::Get, "/items/{id}", &[BEARER]);
static SEARCH: Operation = op("search", Method::Get, "/search", &[QUERY_KEY]);
static PUT_ITEM: Operation = op("putItem", Method::Put, "/items/{id}", &[COOKIE_KEY]);

const SECRETS: [&str; 6] = [
    "TOKEN-s3cr3t",
    "QKEY-s3cr3t",
    "CKEY-s3cr3t",
    "BODY-s3cr3t",
    "PATCH-s3cr3t",
    "ID-s3cr3t",
];

/// A client of `putItem` that updates contacts: an email is all it keeps.
struct Items(Client);

const ITEMS: Mapping = Mapping {
    vendor: "petstore",
    operation: "putItem",
    id: IdKind::Integer,
    objects: &[],
    request: &[Target::new(contact::Field::Email, "/email")],
    response: &[],
};

impl UpdateContact for Items {
    type Id = i64;
    type Request = serde_json::Value;
    type Response = serde_json::Value;
    type Error = ();
    const MAPPING: &'static Mapping = &ITEMS;

    async fn send<'a>(
        &'a self,
        id: &'a i64,
        body: &'a serde_json::Value,
        options: &'a CallOptions,
    ) -> ApiResult<serde_json::Value, ()> {
        let request = Request::new(&PUT_ITEM)
            .path_param("id", id)
            .json_body("application/json", body);
        self.0.execute::<()>(request, options).await?.success(Json)
    }
}

fn client_of(base: &str) -> Client {
    ClientBuilder::<Client>::for_api("petstore", &[], &["bearer", "query_key", "cookie_key"], "t")
        .base_url(base)
        .allow_insecure_http()
        .credential("bearer", Credential::Token(SECRETS[0].into()))
        .credential("query_key", Credential::Token(SECRETS[1].into()))
        .credential("cookie_key", Credential::Token(SECRETS[2].into()))
        .retry(RetryPolicy {
            max_attempts: 2,
            initial_backoff: Duration::from_millis(1),
            ..RetryPolicy::default()
        })
        .build()
        .unwrap()
}

#[tokio::test]
async fn calls_are_traced_without_credentials_bodies_or_urls() {
    let capture = Capture::default();
    let _default = tracing::subscriber::set_default(capture.clone());
    let server = MockServer::start().await;
    // A 503 with `Retry-After`, then a body that does not decode (and holds a secret).
    Mock::given(path("/items/7"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/items/7"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"id\": \"BODY-s3cr3t\"}"))
        .mount(&server)
        .await;
    Mock::given(path("/search"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    let client = client_of(&server.uri());
    let options = CallOptions::default();

    let raw = client
        .execute::<()>(Request::new(&GET_ITEM).path_param("id", &7), &options)
        .await
        .unwrap();
    let decoded: ApiResult<u32, ()> = raw.success(Json);
    assert!(decoded.is_err());
    let raw = client
        .execute::<()>(Request::new(&SEARCH).query("q", "x"), &options)
        .await
        .unwrap();
    assert_eq!(raw.status, 500);
    let body = serde_json::json!({ "note": SECRETS[3] });
    let raw = client
        .execute::<()>(
            Request::new(&PUT_ITEM)
                .path_param("id", &8)
                .json_body("application/json", &body),
            &options,
        )
        .await
        .unwrap();
    raw.into_unexpected::<()>();
    let mut broken = Checker::default();
    broken.at("params", |c| c.fail("must be at most 3"));
    let refused = client
        .execute::<()>(Request::new(&SEARCH).checked(broken), &options)
        .await;
    assert!(matches!(refused, Err(Error::Validation(_))));
    // Nothing listens on a port that was bound and let go.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let failed = client_of(&format!("http://127.0.0.1:{port}"))
        .execute::<()>(Request::new(&GET_ITEM).path_param("id", &7), &options)
        .await;
    assert!(matches!(failed, Err(Error::Transport(_))), "{failed:?}");
    // Declined before any call: a field strict mode refuses, and an id that does not parse.
    let items = Items(client);
    let patch = ContactPatch::new()
        .email(format!("{}@example.com", SECRETS[4]))
        .phone(SECRETS[4]);
    let declined = contact::update(&items, "8", &patch, Mode::Strict).await;
    assert!(
        matches!(declined, Err(UpdateError::Refused { .. })),
        "{declined:?}"
    );
    let declined = contact::update(&items, SECRETS[5], &patch, Mode::Lenient).await;
    assert!(
        matches!(declined, Err(UpdateError::InvalidId { .. })),
        "{declined:?}"
    );

    let lines = capture.lines.lock().unwrap().join("\n");
    let spans = capture.spans.lock().unwrap().join("\n");
    for secret in SECRETS {
        assert!(!lines.contains(secret), "{secret} in\n{lines}");
        assert!(!spans.contains(secret), "{secret} in\n{spans}");
    }
    assert!(!lines.contains(&server.uri()), "{lines}");
    assert!(!lines.contains("/items/7"), "{lines}");
    assert!(!lines.to_lowercase().contains("authorization"), "{lines}");
    let get_item = "[api_call api=petstore operation=getItem method=GET path=/items/{id}]";
    let search = "[api_call api=petstore operation=search method=GET path=/search]";
    let put_item = "[api_call api=petstore operation=putItem method=PUT path=/items/{id}]";
    let update = "[contact_update vendor=petstore operation=putItem]";
    let expected = [
        format!("TRACE {get_item} message=sending attempt=1"),
        format!("TRACE {get_item} message=response attempt=1 status=503"),
        format!(
            "INFO {get_item} message=retrying attempt=1 reason=503 Service Unavailable wait_ms=0 wait_from=Retry-After"
        ),
        format!("TRACE {get_item} message=response attempt=2 status=200"),
        format!("DEBUG {get_item} message=call answered status=200 attempts=2"),
        format!("WARN {get_item} message=response body does not decode as documented status=200"),
        format!("INFO {search} message=retrying attempt=1 reason=500 Internal Server Error"),
        format!(
            "INFO {search} message=not retrying attempt=2 reason=500 Internal Server Error why=the retry policy allows 2"
        ),
        format!("DEBUG {search} message=call answered status=500 attempts=2"),
        format!("WARN {put_item} message=status not documented for the operation status=404"),
        format!(
            "WARN {search} message=refused before sending: the request breaks its spec violations=1 violation\n  /params: must be at most 3"
        ),
        format!("TRACE {get_item} message=no response attempt=1 error="),
        format!("INFO {get_item} message=retrying attempt=1 reason=the connection did not open"),
        format!("WARN {get_item} message=call failed error="),
        format!(
            "WARN {update} message=refused before sending reason=strict mode: phone: not applied: the vendor has no such field"
        ),
        format!(
            "WARN {update} message=refused before sending reason=the contact id is not an integer"
        ),
    ];
    for line in expected {
        assert!(lines.contains(&line), "no {line:?} in\n{lines}");
    }
}
