//! `cargo bench -p crm-contact-clients`: what a generated client costs per call over the same
//! request written by hand with `reqwest` and `serde_json`, both sent to a server on loopback
//! that answers every request with one fixed JSON body. `cargo xtask bench` runs it and records
//! the ratio in BENCHMARKS.md.
//!
//! The call is HighLevel's `update_contact`: a body whose email, phone, country and website are
//! checked against the spec, the bearer credential, the constant `Version` header, the retry
//! loop with its timeout, the `api_call` span, and the answer decoded into its type. The
//! hand-written call sends the same bytes (the same body type, serialized by `serde_json`) over
//! the same `reqwest::Client` and decodes the answer into the same type, with none of that
//! checking. The generated call is measured with no `tracing` subscriber, with one that keeps
//! `INFO` and above (the span, no event of a successful call) and one that keeps every level;
//! both record nothing, so what they show is what the calls to `tracing` cost. `parts` times
//! the steps the generated call adds, one by one, to say where a difference goes.
//!
//! It never reaches the network: the server listens on 127.0.0.1, on the benchmark's own
//! runtime and thread, and lives as long as the benchmark.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crm_contact_clients::highlevel::{Client, UpdateContactRequest, UpdateContactResponse};
use crm_contact_clients::runtime::Validate;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

fn main() {
    divan::main();
}

/// The fixed answer: HighLevel's documented response to an update.
const ANSWER: &str = r#"{"contact":{"id":"seD4PfOuKoVMLkEZqohJ","firstName":"Rosan","lastName":"Deo","name":"Rosan Deo","email":"rosan@deos.com","phone":"+14155550123","locationId":"ve9EPM428h8vShlRW1KT","tags":["nisi sint commodo amet","consequat"],"companyName":"DGS VolMAX","dateUpdated":"2021-07-28T09:12:44.215Z"}}"#;

const TOKEN: &str = "pit-0123456789abcdef";
const CONTACT_ID: &str = "seD4PfOuKoVMLkEZqohJ";

/// The body both calls send.
fn body() -> UpdateContactRequest {
    UpdateContactRequest {
        first_name: Some("Rosan".into()),
        last_name: Some("Deo".into()),
        email: Some("rosan@deos.com".into()),
        phone: Some("+14155550123".into()),
        country: Some("US".into()),
        website: Some("https://www.deos.com".into()),
        tags: Some(vec!["nisi sint commodo amet".into(), "consequat".into()]),
        ..UpdateContactRequest::default()
    }
}

/// Serves one connection: reads each request (headers, then `Content-Length` bytes) and
/// answers `ANSWER`, keeping the connection alive.
async fn answer(stream: TcpStream) {
    let _ = stream.set_nodelay(true);
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{ANSWER}",
        ANSWER.len()
    );
    let (reader, mut writer) = stream.into_split();
    let mut reader = BufReader::new(reader);
    let mut line = String::new();
    let mut body = Vec::new();
    loop {
        let mut length = 0;
        loop {
            line.clear();
            match reader.read_line(&mut line).await {
                Ok(0) | Err(_) => return,
                Ok(_) if line == "\r\n" => break,
                Ok(_) => {
                    if let Some((name, value)) = line.split_once(':') {
                        if name.eq_ignore_ascii_case("content-length") {
                            length = value.trim().parse().unwrap_or(0);
                        }
                    }
                }
            }
        }
        body.resize(length, 0);
        if reader.read_exact(&mut body).await.is_err()
            || writer.write_all(response.as_bytes()).await.is_err()
        {
            return;
        }
    }
}

/// A runtime on the benchmark's thread that runs the calls and the server both, so that no
/// thread waits for another to be scheduled (on a busy machine that wait varies more than the
/// call costs); the server's address; and the one `reqwest::Client` both calls send through
/// (connections kept alive, as in use).
struct Setup {
    runtime: tokio::runtime::Runtime,
    server: String,
    http: reqwest::Client,
    generated: Client,
}

fn setup() -> Setup {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let listener = runtime
        .block_on(TcpListener::bind("127.0.0.1:0"))
        .expect("a loopback port");
    let server = format!("http://{}", listener.local_addr().expect("its address"));
    runtime.spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(answer(stream));
        }
    });
    let http = reqwest::Client::new();
    let generated = Client::builder(TOKEN)
        .base_url(server.as_str())
        .allow_insecure_http()
        .http_client(http.clone())
        .build()
        .expect("a client");
    Setup {
        runtime,
        server,
        http,
        generated,
    }
}

/// The generated call, checked once to have been answered.
async fn generated(client: &Client, body: &UpdateContactRequest) -> UpdateContactResponse {
    match client.update_contact(CONTACT_ID, body).await {
        Ok(response) => response.body,
        Err(e) => panic!("the generated call failed: {e}"),
    }
}

/// The same request by hand: `reqwest` and `serde_json`, no checks beyond the status.
async fn by_hand(
    http: &reqwest::Client,
    server: &str,
    body: &UpdateContactRequest,
) -> UpdateContactResponse {
    let url = format!("{server}/contacts/{CONTACT_ID}");
    let bytes = serde_json::to_vec(body).expect("a JSON body");
    let response = http
        .put(url)
        .bearer_auth(TOKEN)
        .header("Version", "2021-07-28")
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(bytes)
        .send()
        .await
        .expect("an answer");
    assert!(response.status().is_success());
    let bytes = response.bytes().await.expect("a body");
    serde_json::from_slice(&bytes).expect("a contact")
}

/// Enough samples for a stable median: each call takes tens of microseconds.
const SAMPLES: u32 = 400;

// Divan runs the benchmarks in the order of their names. The call with no subscriber comes
// first: once a subscriber has been set, `tracing` remembers that its callsites may be wanted.

#[divan::bench(sample_count = SAMPLES)]
fn call_1_by_hand(bencher: divan::Bencher) {
    let setup = setup();
    let body = body();
    let call = || by_hand(&setup.http, &setup.server, &body);
    setup.runtime.block_on(call());
    bencher.bench_local(|| setup.runtime.block_on(call()));
}

#[divan::bench(sample_count = SAMPLES)]
fn call_2_generated(bencher: divan::Bencher) {
    let setup = setup();
    let body = body();
    setup.runtime.block_on(generated(&setup.generated, &body));
    bencher.bench_local(|| setup.runtime.block_on(generated(&setup.generated, &body)));
}

#[divan::bench(sample_count = SAMPLES)]
fn call_3_generated_subscriber_info(bencher: divan::Bencher) {
    with_subscriber(Level::INFO, bencher);
}

#[divan::bench(sample_count = SAMPLES)]
fn call_4_generated_subscriber_trace(bencher: divan::Bencher) {
    with_subscriber(Level::TRACE, bencher);
}

fn with_subscriber(level: Level, bencher: divan::Bencher) {
    let setup = setup();
    let body = body();
    let _subscriber = tracing::subscriber::set_default(Discard::new(level));
    setup.runtime.block_on(generated(&setup.generated, &body));
    bencher.bench_local(|| setup.runtime.block_on(generated(&setup.generated, &body)));
}

/// A subscriber that takes every span and event at `level` or above and keeps nothing of it:
/// the cost of `tracing` itself, not of writing anything down.
struct Discard {
    level: Level,
    next: AtomicU64,
}

impl Discard {
    fn new(level: Level) -> Arc<Self> {
        Arc::new(Discard {
            level,
            next: AtomicU64::new(1),
        })
    }
}

impl Subscriber for Discard {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        *metadata.level() <= self.level
    }
    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(self.level.into())
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        std::hint::black_box(span);
        Id::from_u64(self.next.fetch_add(1, Ordering::Relaxed))
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        std::hint::black_box(values);
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        std::hint::black_box(event);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

/// The steps the generated call adds to the hand-written one, each alone.
mod parts {
    use super::*;
    use crm_contact_clients::highlevel::operations::UPDATE_CONTACT;
    use crm_contact_clients::runtime::client::Request;
    use crm_contact_clients::runtime::validate::Checker;

    /// Checking the body against the spec (email, phone and country patterns, URI).
    #[divan::bench]
    fn validate(bencher: divan::Bencher) {
        let body = body();
        bencher.bench_local(|| {
            let mut c = Checker::default();
            divan::black_box(&body).check(&mut c);
            c.into_result().is_ok()
        });
    }

    /// Putting the request together: the path parameter, the checks' result and the JSON body.
    #[divan::bench]
    fn request(bencher: divan::Bencher) {
        let body = body();
        bencher.bench_local(|| {
            Request::new(&UPDATE_CONTACT)
                .path_param("contactId", divan::black_box(CONTACT_ID))
                .checked(Checker::default())
                .json_body("application/json", divan::black_box(&body))
        });
    }

    /// The body serialized alone, as both calls do.
    #[divan::bench]
    fn serialize(bencher: divan::Bencher) {
        let body = body();
        bencher.bench_local(|| serde_json::to_vec(divan::black_box(&body)).unwrap());
    }
}
