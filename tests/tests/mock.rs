//! The generated mock servers, used as a crate's user would (feature `mock`, public API only):
//! a client pointed at one gets the typed answers set per operation, the mock hands back the
//! typed bodies it received, and a request that breaks the spec gets a 4xx naming the problem.

use crm_contact_clients::linq::{self, mock::MockServer};
use crm_contact_clients::runtime::Error;

const PATH: &str = "/api/partner/v2/contacts";
const TOKEN: &str = "token";

fn client(server: &MockServer) -> linq::Client {
    linq::Client::builder(TOKEN)
        .base_url(server.uri())
        .allow_insecure_http()
        .build()
        .unwrap()
}

fn request(email: &str) -> linq::UpdateContactRequest {
    linq::UpdateContactRequest {
        contact: linq::ContactFields {
            email: Some(email.to_owned()),
            ..Default::default()
        },
        user_email: None,
    }
}

#[tokio::test]
async fn a_client_gets_the_typed_answers_and_the_mock_the_typed_bodies() {
    let server = MockServer::start().await;
    let updated = linq::UpdateContactResponse {
        data: Some(linq::Contact {
            id: Some(7),
            email: Some("ada@example.com".into()),
            ..Default::default()
        }),
    };
    let answered = server
        .update_contact()
        .path_param("id", &7)
        .respond(&updated)
        .await;
    let missing = linq::ErrorResponse {
        message: Some("Contact not found".into()),
        ..Default::default()
    };
    server
        .update_contact()
        .path_param("id", &8)
        .fail(&linq::UpdateContactError::Status404(missing.clone()))
        .await;
    let client = client(&server);

    let body = request("ada@example.com");
    let response = client.update_contact(7, &body).await.unwrap();
    assert_eq!((response.status.as_u16(), &response.body), (200, &updated));
    assert_eq!(answered.received().await, vec![body.clone()]);

    match client.update_contact(8, &body).await {
        Err(Error::Api { status, body, .. }) => {
            assert_eq!(status.as_u16(), 404);
            assert_eq!(body, linq::UpdateContactError::Status404(missing));
        }
        other => panic!("expected the documented 404, got {other:?}"),
    }
}

#[tokio::test]
async fn a_request_that_breaks_the_spec_gets_a_4xx_naming_the_problem() {
    let server = MockServer::start().await;
    server
        .update_contact()
        .respond(&linq::UpdateContactResponse::default())
        .await;
    let http = reqwest::Client::new();
    let send = |method: reqwest::Method, path: &str, token: Option<&str>, body: &str| {
        let mut request = http
            .request(method, format!("{}{path}", server.uri()))
            .header("content-type", "application/json")
            .body(body.to_owned());
        if let Some(token) = token {
            request = request.header("x-linq-integration-token", token);
        }
        async move {
            let response = request.send().await.unwrap();
            (response.status().as_u16(), response.text().await.unwrap())
        }
    };
    let put = reqwest::Method::PUT;
    let valid = r#"{"contact": {"email": "ada@example.com"}}"#;

    let (status, _) = send(put.clone(), &format!("{PATH}/7"), Some(TOKEN), valid).await;
    assert_eq!(status, 200);

    let (status, text) = send(put.clone(), &format!("{PATH}/7"), None, valid).await;
    assert_eq!(status, 401, "{text}");
    assert!(
        text.contains("updateContact") && text.contains("ApiKeyAuth"),
        "{text}"
    );

    let (status, text) = send(put.clone(), &format!("{PATH}/7"), Some(TOKEN), "").await;
    assert_eq!(status, 400, "{text}");
    assert!(text.contains("required body is missing"), "{text}");

    let wrong_type = r#"{"contact": {"email": 5}}"#;
    let (status, text) = send(put.clone(), &format!("{PATH}/7"), Some(TOKEN), wrong_type).await;
    assert_eq!(status, 400, "{text}");
    assert!(text.contains("contact.email"), "{text}");

    let not_an_email = r#"{"contact": {"email": "not an address"}}"#;
    let (status, text) = send(put.clone(), &format!("{PATH}/7"), Some(TOKEN), not_an_email).await;
    assert_eq!(status, 422, "{text}");
    assert!(text.contains("/contact/email"), "{text}");

    let (status, text) = send(put.clone(), "/api/partner/v2/people/7", Some(TOKEN), valid).await;
    assert_eq!(status, 404, "{text}");
    assert!(text.contains("no operation"), "{text}");

    let get = reqwest::Method::GET;
    let (status, text) = send(get, &format!("{PATH}/7"), Some(TOKEN), "").await;
    assert_eq!(status, 405, "{text}");
}

#[tokio::test]
async fn an_operation_without_expectation_says_so() {
    let server = MockServer::start().await;
    match client(&server)
        .update_contact(7, &request("ada@example.com"))
        .await
    {
        Err(Error::UnexpectedStatus {
            status, excerpt, ..
        }) => {
            assert_eq!(status.as_u16(), 501);
            assert!(excerpt.contains("no expectation"), "{excerpt}");
            assert!(excerpt.contains("updateContact"), "{excerpt}");
        }
        other => panic!("expected a 501, got {other:?}"),
    }
}
