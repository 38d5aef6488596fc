//! Updates one person at all five CRMs with one patch, against local mock servers that this
//! example starts itself (one per vendor): no credentials, no network. It prints each request as
//! it went on the wire and each vendor's report: which field went where, which was derived,
//! which was not applied and why, and the answer normalized into one `Contact`.
//!
//! Run it with `cargo run --example sync_contact`.

use crm_contact_clients::runtime::contact::{self, AnyUpdate, ContactPatch, Mode};
use crm_contact_clients::runtime::{ClientBuilder, RetryPolicy};
use crm_contact_clients::{acquire, getraze, highlevel, leadlex, linq};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Points a vendor's client builder at its local mock server.
fn local<C>(builder: ClientBuilder<C>, server: &MockServer) -> ClientBuilder<C> {
    builder
        .base_url(server.uri())
        .allow_insecure_http()
        .retry(RetryPolicy::none())
}

/// A mock server answering every request with `body`.
async fn mock(body: serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    server
}

/// Prints the request `server` received, credentials masked.
async fn print_request(server: &MockServer) {
    for request in server.received_requests().await.unwrap_or_default() {
        println!("  -> {} {}", request.method, request.url.path());
        for (name, value) in &request.headers {
            let shown = match name.as_str() {
                "authorization" | "x-api-key" | "x-linq-integration-token" => "<credential>",
                _ => value.to_str().unwrap_or("<binary>"),
            };
            println!("     {name}: {shown}");
        }
        println!("     {}", String::from_utf8_lossy(&request.body));
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let servers = [
        mock(json!({"data": {"id": 1, "first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"}})).await,
        mock(json!({"contact": {"id": "ocQHyuzHvuMOe5N5jjXF", "firstName": "Ada", "tags": ["vip", "speaker"]}})).await,
        mock(json!({"data": {"id": "123e4567-e89b-12d3-a456-426614174000", "full_name": "Ada Lovelace", "notes": "Met at the fair"}})).await,
        mock(json!({"success": true, "data": {"id": "cnt_abc123def456", "name": "Ada Lovelace", "custom_fields": {"plan": "gold"}}})).await,
        mock(json!({"data": {"id": 2, "fields": {"name": "Ada Lovelace", "city": "London"}}})).await,
    ];
    let linq = linq::Client::from_builder(local(linq::Client::builder("demo"), &servers[0]))?;
    let highlevel =
        highlevel::Client::from_builder(local(highlevel::Client::builder("demo"), &servers[1]))?;
    let leadlex =
        leadlex::Client::from_builder(local(leadlex::Client::builder("wbk_demo"), &servers[2]))?;
    let getraze =
        getraze::Client::from_builder(local(getraze::Client::builder("demo"), &servers[3]))?;
    let acquire = acquire::Client::from_builder(local(
        acquire::Client::builder("acme", "demo"),
        &servers[4],
    ))?;

    let patch = ContactPatch::new()
        .first_name("Ada")
        .last_name("Lovelace")
        .email("ada@example.com")
        .phone("+15551234567")
        .city("London")
        .tags(["vip", "speaker"])
        .note("Met at the fair")
        .owner_email("owner@example.com")
        .custom_field("plan", "gold");
    println!("The patch: {}\n", serde_json::to_string(&patch)?);

    let targets: [(&dyn AnyUpdate, &str); 5] = [
        (&linq, "1"),
        (&highlevel, "ocQHyuzHvuMOe5N5jjXF"),
        (&leadlex, "123e4567-e89b-12d3-a456-426614174000"),
        (&getraze, "cnt_abc123def456"),
        (&acquire, "2"),
    ];
    let results = contact::update_everywhere(&targets, &patch, Mode::Lenient).await;
    for (server, result) in servers.iter().zip(results) {
        match result {
            Ok(report) => {
                println!("{}:", report.vendor);
                print_request(server).await;
                for field in &report.fields {
                    println!("     {field}");
                }
                println!("  <- {}\n", serde_json::to_string(&report.contact)?);
            }
            Err(error) => println!("{error}\n"),
        }
    }
    Ok(())
}
