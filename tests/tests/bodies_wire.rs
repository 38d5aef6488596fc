//! Non-JSON request and response bodies on the wire (the `bodies` fixture): forms, text, raw
//! bytes, and the choice among several media types.

use codegen_tests::fixtures::bodies;
use codegen_tests::runtime::Error;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn client(server: &MockServer) -> bodies::Client {
    bodies::Client::from_builder(
        bodies::Client::builder()
            .base_url(server.uri())
            .allow_insecure_http(),
    )
    .unwrap()
}

async fn last_request(server: &MockServer) -> wiremock::Request {
    server
        .received_requests()
        .await
        .unwrap()
        .pop()
        .expect("a request")
}

#[tokio::test]
async fn a_form_body_is_sent_urlencoded_and_validated() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = client(&server).await;
    let form = bodies::LoginRequest {
        user: "ann & bob".into(),
        remember: Some(true),
        scopes: Some(vec!["read".into(), "write".into()]),
    };
    client.login(&form).await.unwrap();
    let request = last_request(&server).await;
    assert_eq!(
        request.headers.get("content-type").unwrap(),
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        String::from_utf8(request.body).unwrap(),
        "user=ann+%26+bob&remember=true&scopes=read&scopes=write"
    );

    let empty_user = bodies::LoginRequest {
        user: String::new(),
        remember: None,
        scopes: None,
    };
    assert!(matches!(
        client.login(&empty_user).await,
        Err(Error::Validation(_))
    ));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn text_goes_out_and_comes_back_as_text() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw("stored: héllo", "text/plain"))
        .mount(&server)
        .await;
    let response = client(&server).await.put_note(7, "héllo").await.unwrap();
    assert_eq!(response.body, "stored: héllo");
    let request = last_request(&server).await;
    assert_eq!(request.url.path(), "/notes/7");
    assert_eq!(request.headers.get("content-type").unwrap(), "text/plain");
    assert_eq!(request.body, "héllo".as_bytes());
}

#[tokio::test]
async fn bytes_go_out_as_they_are_and_each_success_has_its_variant() {
    let server = MockServer::start().await;
    let payload = vec![0u8, 159, 146, 150, 255];
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(payload.clone(), "application/octet-stream"),
        )
        .mount(&server)
        .await;
    let client = client(&server).await;
    let response = client
        .upload_file("photo.png", Some(&payload))
        .await
        .unwrap();
    assert_eq!(
        response.body,
        bodies::UploadFileSuccess::Status200(payload.clone())
    );
    let request = last_request(&server).await;
    assert_eq!(
        request.headers.get("content-type").unwrap(),
        "application/octet-stream"
    );
    assert_eq!(request.body, payload);

    let created = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(201))
        .mount(&created)
        .await;
    let response = bodies::Client::from_builder(
        bodies::Client::builder()
            .base_url(created.uri())
            .allow_insecure_http(),
    )
    .unwrap()
    .upload_file("empty", None)
    .await
    .unwrap();
    assert_eq!(response.body, bodies::UploadFileSuccess::Status201);
    assert!(last_request(&created).await.body.is_empty());
}

#[tokio::test]
async fn json_is_chosen_among_several_media_types() {
    assert_eq!(
        bodies::operations::ADD_PET
            .request_body
            .unwrap()
            .content_type,
        "application/json"
    );
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"name": "Rex"})))
        .mount(&server)
        .await;
    let pet = bodies::Pet {
        name: "Rex".into(),
        age: Some(3),
    };
    let response = client(&server).await.add_pet(&pet).await.unwrap();
    assert_eq!(response.body.name, "Rex");
    let request = last_request(&server).await;
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&request.body).unwrap(),
        serde_json::json!({"name": "Rex", "age": 3})
    );
}
