//! Updates a contact with each vendor's client against a local mock server that this example
//! starts itself: no credentials, no network. It prints the request that went on the wire and
//! the typed response.
//!
//! Run it with `cargo run --example update_contacts`.

use std::time::Duration;

use crm_contact_clients::runtime::{CallOptions, ClientBuilder, Nullable, RetryPolicy};
use crm_contact_clients::{acquire, getraze, highlevel, leadlex, linq};
use serde_json::json;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Points any vendor's client builder at the local mock server.
fn local<C>(builder: ClientBuilder<C>, server: &MockServer) -> ClientBuilder<C> {
    builder
        .base_url(server.uri())
        .allow_insecure_http()
        .retry(RetryPolicy::none())
}

/// Prints the last request the mock server received, with credentials masked.
async fn print_last_request(server: &MockServer) {
    let requests = server.received_requests().await.unwrap_or_default();
    let Some(request) = requests.last() else {
        return;
    };
    println!("  -> {} {}", request.method, request.url.path());
    for (name, value) in &request.headers {
        let sensitive = matches!(
            name.as_str(),
            "authorization" | "x-api-key" | "x-linq-integration-token"
        );
        let shown = if sensitive {
            "<credential>"
        } else {
            value.to_str().unwrap_or("<binary>")
        };
        println!("     {name}: {shown}");
    }
    println!("     {}", String::from_utf8_lossy(&request.body));
}

async fn answer(server: &MockServer, verb: &str, path: &str, body: serde_json::Value) {
    server.reset().await;
    Mock::given(method(verb))
        .and(path_regex(path))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(server)
        .await;
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = MockServer::start().await;

    println!("Linq: change a contact's email");
    answer(
        &server,
        "PUT",
        "^/api/partner/v2/contacts/1$",
        json!({"data": {"id": 1, "email": "newemail@example.com", "image_url": null}}),
    )
    .await;
    let client = local(linq::Client::builder("demo-token"), &server).build()?;
    let body = linq::UpdateContactRequest {
        contact: linq::ContactFields {
            email: Some("newemail@example.com".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    let response = client.update_contact(1, &body).await?;
    print_last_request(&server).await;
    println!("  <- {} {:#?}\n", response.status, response.body);

    println!("HighLevel: set the name and replace the tags");
    answer(
        &server,
        "PUT",
        "^/contacts/",
        json!({"contact": {"id": "ocQHyuzHvuMOe5N5jjXF", "firstName": "Jane", "tags": ["vip"]}}),
    )
    .await;
    let client = local(highlevel::Client::builder("demo-token"), &server).build()?;
    let body = highlevel::UpdateContactRequest {
        first_name: Some("Jane".into()),
        tags: Some(vec!["vip".into()]),
        ..Default::default()
    };
    let response = client.update_contact("ocQHyuzHvuMOe5N5jjXF", &body).await?;
    print_last_request(&server).await;
    println!("  <- {} {:#?}\n", response.status, response.body);

    println!("LeadLex: new job title and a note (appended by the server, so never retried)");
    answer(&server, "PATCH", "^/v1/contacts/", json!({"data": {"id": "123e4567-e89b-12d3-a456-426614174000", "job_title": "Chief Legal Officer"}})).await;
    let client = local(leadlex::Client::builder("wbk_demo"), &server).build()?;
    let body = leadlex::UpdateContactRequest {
        job_title: Some("Chief Legal Officer".into()),
        notes: Some("Promoted to CLO in Q1 2026".into()),
        ..Default::default()
    };
    let response = client
        .update_contact("123e4567-e89b-12d3-a456-426614174000".parse()?, &body)
        .await?;
    print_last_request(&server).await;
    println!("  <- {} {:#?}\n", response.status, response.body);

    println!("GetRaze: new position, with a timeout for this call only");
    answer(&server, "PUT", "^/external/v1/contacts/", json!({"success": true, "data": {"id": "cnt_abc123def456", "position": "VP of Engineering"}})).await;
    let client = local(getraze::Client::builder("demo-key"), &server).build()?;
    let body = getraze::UpdateContactRequest {
        position: Some("VP of Engineering".into()),
        ..Default::default()
    };
    let options = CallOptions {
        timeout: Some(Duration::from_secs(5)),
        ..CallOptions::default()
    };
    let response = client
        .update_contact("cnt_abc123def456", &body)
        .options(&options)
        .await?;
    print_last_request(&server).await;
    println!("  <- {} {:#?}\n", response.status, response.body);

    println!("Acquire: new phone, and clear the device type (explicit null)");
    answer(
        &server,
        "PUT",
        "^/crm/objects/contact/2$",
        json!({"data": {"id": 2, "fields": {"phone": "9460731950"}}}),
    )
    .await;
    let client = local(acquire::Client::builder("acme", "demo-token"), &server).build()?;
    let body = acquire::UpdateContactRequest {
        phone: Some("9460731950".into()),
        client_device_type: Nullable::Null,
        ..Default::default()
    };
    let response = client.update_contact(2, &body).await?;
    print_last_request(&server).await;
    println!("  <- {} {:#?}", response.status, response.body);
    Ok(())
}
