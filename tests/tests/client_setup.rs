//! What a newcomer meets first with a generated client, on the wire (wiremock): the typed
//! builder gives the vendor's own `Client`, and a credential under a name the spec does not
//! define is refused when the client is built.

use std::time::Duration;

use codegen_tests::fixtures::operations;
use codegen_tests::runtime::{ConfigError, Credential, RetryPolicy};
use crm_contact_clients::{highlevel, linq};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "secret-token-4242";

#[tokio::test]
async fn the_typed_builder_gives_the_vendors_client() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/contacts/c-1"))
        .and(header("authorization", format!("Bearer {TOKEN}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "contact": {"id": "c-1", "firstName": "Jane"}
        })))
        .mount(&server)
        .await;
    // The form a newcomer writes first: configure, `build`, call.
    let client: highlevel::Client = highlevel::Client::builder(TOKEN)
        .base_url(server.uri())
        .timeout(Duration::from_secs(5))
        .retry(RetryPolicy::none())
        .allow_insecure_http()
        .build()
        .unwrap();
    let body = highlevel::UpdateContactRequest {
        first_name: Some("Jane".into()),
        ..Default::default()
    };
    let response = client.update_contact("c-1", &body).await.unwrap();
    assert_eq!(response.status.as_u16(), 200);
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[test]
fn an_unknown_credential_name_is_refused_when_the_client_is_built() {
    let error: ConfigError = linq::Client::builder(TOKEN)
        .credential("apiKey", Credential::Token(TOKEN.into()))
        .build()
        .unwrap_err();
    let message = error.to_string();
    assert!(message.contains("`apiKey`"), "{message}");
    assert!(message.contains("`ApiKeyAuth`"), "{message}");
    assert!(!message.contains(TOKEN), "{message}");

    // With several schemes, all are listed, and a near miss is pointed out.
    let message = operations::Client::builder("v1")
        .credential("api_key_header", Credential::Token(TOKEN.into()))
        .build()
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("did you mean `apiKeyHeader`?"),
        "{message}"
    );
    for name in ["apiKeyQuery", "basicAuth", "bearerAuth", "oauth", "oidc"] {
        assert!(message.contains(&format!("`{name}`")), "{name}: {message}");
    }
    assert!(
        operations::Client::builder("v1")
            .credential("bearerAuth", Credential::Token(TOKEN.into()))
            .build()
            .is_ok()
    );
}
