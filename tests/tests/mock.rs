//! The generated mock servers, used as a crate's user would (feature `mock`, public API only):
//! a client pointed at one in one call gets the typed answers set per operation (every success
//! under its own status and media type), expectations narrowed by path and query parameters,
//! the mock hands back the typed bodies it received (JSON, form, multipart, text), and a request
//! that breaks the spec gets a 4xx naming the problem.

use codegen_tests::fixtures::{bodies, multipart, operations};
use crm_contact_clients::linq::{self, mock::MockServer};
use crm_contact_clients::runtime::{Credential, Error};

const PATH: &str = "/api/partner/v2/contacts";
const TOKEN: &str = "token";

/// Sends a raw request to `uri` and returns the status and text of the answer.
async fn send(uri: String, content_type: &str, body: &'static str) -> (u16, String) {
    let response = reqwest::Client::new()
        .post(uri)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
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
    let client = server.client();

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
    match server
        .client()
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

#[tokio::test]
async fn a_client_builder_takes_credentials_of_its_own() {
    let server = MockServer::start().await;
    let answered = server
        .update_contact()
        .respond(&linq::UpdateContactResponse::default())
        .await;
    let client = server
        .client_builder()
        .credential("ApiKeyAuth", Credential::Token(TOKEN.into()))
        .build()
        .unwrap();
    client
        .update_contact(7, &request("ada@example.com"))
        .await
        .unwrap();
    assert_eq!(answered.received().await.len(), 1);
}

#[tokio::test]
async fn each_success_is_answered_under_its_own_status() {
    let server = operations::mock::MockServer::start().await;
    let accepted = operations::CreatePetSuccess::Status202(operations::CreatePetResponse202 {
        job_id: Some("job-1".into()),
    });
    server.create_pet().respond(&accepted).await;
    let client = server.client();
    let pet = operations::NewPet {
        name: "Rex".into(),
        tag: None,
    };
    let response = client.create_pet(&pet).await.unwrap();
    assert_eq!((response.status.as_u16(), response.body), (202, accepted));

    let server = bodies::mock::MockServer::start().await;
    server
        .put_note()
        .respond(&"stored \"as is\"".to_owned())
        .await;
    let note = server.client().put_note(1, "a note").await.unwrap();
    assert_eq!(note.body, "stored \"as is\"");
}

#[tokio::test]
async fn expectations_match_on_query_parameters() {
    let server = operations::mock::MockServer::start().await;
    let ten = server
        .list_pets()
        .with_query("limit", "10")
        .with_query("tag", "b")
        .respond(&vec![])
        .await;
    let client = server.client();
    let params = |limit| operations::ListPetsParams {
        limit: Some(limit),
        tag: Some(vec!["a".into(), "b".into()]),
        ..Default::default()
    };
    let response = client.list_pets(&params(10)).await.unwrap();
    assert_eq!(response.status.as_u16(), 200);
    assert_eq!(ten.received().await, vec![()]);
    // `listPets` documents a `default` JSON error, so the mock's text is kept in the error.
    let error = client.list_pets(&params(5)).await.unwrap_err();
    let shown = format!("{error:?}");
    assert!(
        shown.contains("501") && shown.contains("query parameters"),
        "{shown}"
    );
    assert_eq!(ten.received().await.len(), 1);
}

#[tokio::test]
async fn form_bodies_are_decoded_into_their_types_and_checked() {
    let server = bodies::mock::MockServer::start().await;
    let login = server.login().respond(&()).await;
    let search = server.search().respond(&()).await;
    let client = server.client();
    let form = bodies::LoginRequest {
        user: "ann & bob".into(),
        remember: Some(true),
        scopes: Some(vec!["read".into()]),
    };
    client.login(&form).await.unwrap();
    assert_eq!(login.received().await, vec![form]);
    let query = bodies::SearchRequest {
        q: Some("a b".into()),
        filter: Some(bodies::SearchRequestFilter {
            name: Some("n".into()),
            age: Some(bodies::SearchRequestFilterAge {
                min: Some(1),
                max: None,
            }),
            tags: Some(vec!["t".into()]),
        }),
        ids: Some(vec![1, 2]),
        colors: Some(vec!["red".into(), "blue".into()]),
        words: Some(vec!["x".into(), "y".into()]),
        meta: Some(serde_json::json!({"k": [1]}).as_object().unwrap().clone()),
        next: Some("/page?2".into()),
        ..Default::default()
    };
    client.search(&query).await.unwrap();
    assert_eq!(search.received().await, vec![query]);

    let uri = format!("{}/login", server.uri());
    let form = "application/x-www-form-urlencoded";
    let (status, text) = send(uri.clone(), form, "user=&remember=true").await;
    assert_eq!(status, 422, "{text}");
    assert!(text.contains("login") && text.contains("/user"), "{text}");
    let (status, text) = send(uri.clone(), form, "user=ann&remember=perhaps").await;
    assert_eq!(status, 400, "{text}");
    assert!(text.contains("remember"), "{text}");
    let (status, text) = send(uri, "application/json", r#"{"user": "ann"}"#).await;
    assert_eq!(status, 415, "{text}");
    assert!(text.contains("application/x-www-form-urlencoded"), "{text}");
}

#[tokio::test]
async fn multipart_bodies_need_their_required_parts_and_text_its_media_type() {
    let server = multipart::mock::MockServer::start().await;
    let uploads = server.upload_photo().respond(&()).await;
    let photo = multipart::UploadPhotoRequest {
        name: "Rex".into(),
        age: None,
        kind: None,
        tags: None,
        photo: codegen_tests::runtime::FilePart::new(b"PNG".to_vec())
            .file_name("rex.png")
            .content_type("image/png"),
        thumbnails: None,
        signature: None,
        meta: None,
        rating: None,
    };
    server.client().upload_photo(7, &photo).await.unwrap();
    let received = uploads.received().await;
    let parts = &received[0];
    assert_eq!(parts[0].name, "name");
    assert_eq!(parts[0].text(), Some("Rex"));
    let file = parts.iter().find(|p| p.name == "photo").unwrap();
    assert_eq!(
        (file.filename.as_deref(), file.body.as_slice()),
        (Some("rex.png"), &b"PNG"[..])
    );

    let without_photo =
        "--XY\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nRex\r\n--XY--\r\n";
    let uri = format!("{}/pets/7/photos", server.uri());
    let (status, text) = send(uri, "multipart/form-data; boundary=XY", without_photo).await;
    assert_eq!(status, 400, "{text}");
    assert!(text.contains("required part `photo`"), "{text}");

    let server = bodies::mock::MockServer::start().await;
    server.put_note().respond(&String::new()).await;
    let client = reqwest::Client::new();
    let response = client
        .put(format!("{}/notes/1", server.uri()))
        .header("content-type", "application/octet-stream")
        .body("a note")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 415);
    assert!(response.text().await.unwrap().contains("text/plain"));
}
