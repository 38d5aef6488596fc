//! What a newcomer meets first with a generated client, on the wire (wiremock): the typed
//! builder gives the vendor's own `Client`, a credential under a name the spec does not define
//! is refused when the client is built, a documented error displays its status and the
//! vendor's message, and a timeout that ends retries says how many attempts it ended.

use std::time::Duration;

use codegen_tests::fixtures::operations;
use codegen_tests::runtime::{ConfigError, Credential, Error, RetryPolicy, Stopped};
use crm_contact_clients::{highlevel, leadlex, linq};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "secret-token-4242";

/// A valid Linq update: an email.
fn linq_update() -> linq::UpdateContactRequest {
    linq::UpdateContactRequest {
        contact: linq::ContactFields {
            email: Some("jane@example.com".into()),
            ..Default::default()
        },
        ..Default::default()
    }
}

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

#[tokio::test]
async fn a_documented_error_displays_its_status_and_the_vendors_message() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "status": "error",
            "error_code": "CONTACT_NOT_FOUND",
            "message": "Contact not found"
        })))
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": {"code": "validation_error", "message": "email is not a valid address"}
        })))
        .mount(&server)
        .await;

    let linq = linq::Client::builder(TOKEN)
        .base_url(server.uri())
        .allow_insecure_http()
        .build()
        .unwrap();
    let error = linq.update_contact(1, &linq_update()).await.unwrap_err();
    assert!(
        matches!(&error, Error::Api { body: linq::UpdateContactError::Status404(body), .. }
            if body.error_code.as_deref() == Some("CONTACT_NOT_FOUND")),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "the API answered 404 Not Found: Contact not found"
    );

    // LeadLex nests its message under `error`.
    let leadlex = leadlex::Client::builder(TOKEN)
        .base_url(server.uri())
        .allow_insecure_http()
        .build()
        .unwrap();
    let error = leadlex
        .update_contact(
            "123e4567-e89b-12d3-a456-426614174000".parse().unwrap(),
            &leadlex::UpdateContactRequest::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "the API answered 400 Bad Request: email is not a valid address"
    );
}

#[tokio::test]
async fn a_timeout_that_ends_retries_says_how_many_attempts_were_made() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(503).set_delay(Duration::from_millis(300)))
        .mount(&server)
        .await;
    let timeout = Duration::from_millis(1000);
    let client = linq::Client::builder(TOKEN)
        .base_url(server.uri())
        .allow_insecure_http()
        .timeout(timeout)
        .retry(RetryPolicy {
            max_attempts: 10,
            initial_backoff: Duration::from_millis(5),
            max_backoff: Duration::from_millis(5),
            max_elapsed: Duration::from_secs(30),
        })
        .build()
        .unwrap();
    let error = client.update_contact(1, &linq_update()).await.unwrap_err();
    let Error::Timeout {
        attempts,
        timeout: reported,
    } = error
    else {
        panic!("{error:?}");
    };
    assert!(attempts >= 2, "{attempts}");
    assert_eq!(reported, timeout);
    let message = error.to_string();
    assert!(
        message.contains(&format!("{attempts} attempts")) && message.contains("retries included"),
        "{message}"
    );
}

#[tokio::test]
async fn a_status_error_after_retries_says_how_many_attempts_and_why_they_stopped() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(503).set_body_string("busy"))
        .mount(&server)
        .await;
    let client = linq::Client::builder(TOKEN)
        .base_url(server.uri())
        .allow_insecure_http()
        .retry(RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(5),
            max_backoff: Duration::from_millis(5),
            max_elapsed: Duration::from_secs(30),
        })
        .build()
        .unwrap();
    let error = client.update_contact(1, &linq_update()).await.unwrap_err();
    let Error::UnexpectedStatus { attempts, .. } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(attempts.made, 3);
    assert_eq!(attempts.stopped, Some(Stopped::MaxAttempts));
    assert!(
        error
            .to_string()
            .contains("(after 3 attempts; the retry policy's max_attempts were made)"),
        "{error}"
    );

    // The timeout, which covers retries, ends them before the policy does. The server asks for
    // a 2 s wait, so the second attempt starts at 2 s and has a whole second before the
    // timeout (no jitter, and a wide margin on a loaded machine); a third would start at 4 s.
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "2"))
        .mount(&server)
        .await;
    let client = linq::Client::builder(TOKEN)
        .base_url(server.uri())
        .allow_insecure_http()
        .timeout(Duration::from_secs(3))
        .retry(RetryPolicy {
            max_attempts: 50,
            initial_backoff: Duration::from_millis(5),
            max_backoff: Duration::from_secs(5),
            max_elapsed: Duration::from_secs(30),
        })
        .build()
        .unwrap();
    let error = client.update_contact(1, &linq_update()).await.unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains(
            "(after 2 attempts; the next attempt would not end within the timeout, which covers retries)"
        ),
        "{message}"
    );
}
