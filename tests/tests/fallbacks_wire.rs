//! What is sent for the parameters and bodies of the `fallbacks` fixture, which cannot be sent
//! exactly as their spec says: each test asserts the request a server received, sent as near as
//! the spec allows (`docs/generator.md`, "Fallbacks").

mod common;

use codegen_tests::fixtures::fallbacks::{self as fixture, *};
use codegen_tests::runtime::multipart::Multipart;
use codegen_tests::runtime::{Error, FilePart};
use wiremock::MockServer;

use common::last_request;

async fn server() -> (MockServer, fixture::Client) {
    let server = common::answering(204).await;
    let client = fixture::Client::from_builder(
        fixture::Client::builder()
            .base_url(server.uri())
            .allow_insecure_http(),
    )
    .unwrap();
    (server, client)
}

fn header(request: &wiremock::Request, name: &str) -> Option<String> {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
}

fn pairs(text: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(text).into_owned().collect()
}

#[tokio::test]
async fn parameters_in_styles_that_cannot_write_them_are_sent_as_near_as_they_allow() {
    let (server, client) = server().await;
    let params = SearchParams {
        tags: Some(vec!["a".into(), "b c".into()]),
        single: Some("s".into()),
        name: Some("n".into()),
        color: Some(SearchColor {
            r: Some(1),
            g: Some(2),
        }),
        owners: Some(SearchOwners {
            owners: Some(vec![SearchOwnersOwnersItem {
                name: Some("x".into()),
            }]),
        }),
        nested: Some(SearchNested {
            inner: Some(SearchNestedInner {
                a: Some("y".into()),
            }),
        }),
        plain: Some(SearchPlain {
            a: Some("z".into()),
        }),
        x_filter: Some(SearchXFilter {
            a: Some("f".into()),
        }),
        xml: Some("<name>x</name>".into()),
    };
    client.search(&params).await.unwrap();
    let request = last_request(&server).await;
    let query = request.url.query().unwrap();
    // A list as a `deepObject`: `name[]=item`, brackets literal as in every `deepObject`; a
    // primitive as a `deepObject` or `pipeDelimited`: `name=value`; an exploded
    // `spaceDelimited` object: its members as pairs.
    assert!(
        query.starts_with("tags[]=a&tags[]=b%20c&single=s&name=n&R=1&G=2&"),
        "{query}"
    );
    assert_eq!(
        pairs(query.as_bytes())[6..],
        [
            // What its style cannot write: JSON text.
            ("owners".into(), r#"{"owners":[{"name":"x"}]}"#.into()),
            ("nested".into(), r#"{"inner":{"a":"y"}}"#.into()),
            ("plain".into(), r#"{"a":"z"}"#.into()),
            // `application/xml` content: the caller's text, as a plain value.
            ("xml".into(), "<name>x</name>".into()),
        ]
    );
    // Two media types in `content`: the JSON one.
    assert_eq!(
        header(&request, "x-filter").as_deref(),
        Some(r#"{"a":"f"}"#)
    );
}

#[tokio::test]
async fn form_properties_in_styles_that_cannot_write_them_are_sent_as_near_as_they_allow() {
    let (server, client) = server().await;
    let body = SubmitFormRequest {
        ids: Some(vec![1, 2]),
        meta: Some(SubmitFormRequestMeta {
            inner: Some(SubmitFormRequestMetaInner {
                a: Some("x".into()),
            }),
        }),
        note: Some("<n/>".into()),
    };
    client.submit_form(&body).await.unwrap();
    let request = last_request(&server).await;
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    assert!(
        request.body.starts_with(b"ids%5B%5D=1&ids%5B%5D=2&"),
        "{}",
        String::from_utf8_lossy(&request.body)
    );
    assert_eq!(
        pairs(&request.body),
        [
            // A list as a `deepObject`: `ids[]=item`.
            ("ids[]".into(), "1".into()),
            ("ids[]".into(), "2".into()),
            // An object with an object inside, not a `deepObject`: JSON text.
            ("meta".into(), r#"{"inner":{"a":"x"}}"#.into()),
            // `contentType: application/xml` ignored: the value as its style writes it.
            ("note".into(), "<n/>".into()),
        ]
    );
}

#[tokio::test]
async fn other_form_properties_are_form_pairs_and_what_form_cannot_write_is_refused() {
    let (server, client) = server().await;
    let value = |a: Option<&str>| SubmitOpenFormRequestValue {
        inner: a.map(|a| SubmitOpenFormRequestValueInner { a: Some(a.into()) }),
    };
    let mut body = SubmitOpenFormRequest {
        name: Some("n".into()),
        additional_properties: [("empty".to_owned(), value(None))].into(),
    };
    client.submit_open_form(&body).await.unwrap();
    assert_eq!(last_request(&server).await.body, b"name=n");
    body.additional_properties
        .insert("deep".into(), value(Some("x")));
    let error = client.submit_open_form(&body).await.unwrap_err();
    assert!(
        matches!(&error, Error::InvalidRequest(m) if m.contains("form property `deep`")),
        "{error}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_map_form_body_sends_every_entry_as_a_form_pair() {
    let (server, client) = server().await;
    let body = [
        ("a".to_owned(), "x|y".to_owned()),
        ("b".to_owned(), "2".to_owned()),
    ]
    .into();
    client.submit_map_form(&body).await.unwrap();
    assert_eq!(last_request(&server).await.body, b"a=x%7Cy&b=2");
}

#[tokio::test]
async fn a_form_body_that_is_not_an_object_is_sent_as_the_caller_encodes_it() {
    let (server, client) = server().await;
    client.submit_raw_form("a=1&b=%202").await.unwrap();
    let request = last_request(&server).await;
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(request.body, b"a=1&b=%202");
}

#[tokio::test]
async fn a_body_with_no_media_type_that_can_be_sent_is_raw_bytes() {
    let (server, client) = server().await;
    client.send_unsendable(b"\x00\x01").await.unwrap();
    client.send_empty(Some(b"text")).await.unwrap();
    for (request, body) in server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .zip([b"\x00\x01".as_slice(), b"text"])
    {
        assert_eq!(
            header(&request, "content-type").as_deref(),
            Some("application/octet-stream")
        );
        assert_eq!(request.body, body);
    }
}

#[tokio::test]
async fn a_multipart_body_without_named_parts_sends_the_parts_the_caller_builds() {
    let (server, client) = server().await;
    let mut parts = Multipart::new();
    parts.texts("tags", &["a", "b"]);
    parts.file("photo", &FilePart::new(b"\x89PNG").file_name("p.png"));
    client.upload_list(&parts).await.unwrap();
    client.upload_binary(&parts).await.unwrap();
    client.upload_untyped(Some(&parts)).await.unwrap();
    client.upload_open(&parts).await.unwrap();
    // The server answers 204 where the spec documents 200: only the request matters here.
    let _ = client.upload_tags(&parts).await;
    // The component `Tags` names no parts: it stays a JSON value.
    let tags: Tags = serde_json::from_str(r#"["a"]"#).unwrap();
    assert_eq!(tags, ["a"]);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 5);
    for request in requests {
        let content_type = header(&request, "content-type").unwrap();
        assert!(
            content_type.starts_with("multipart/form-data; boundary="),
            "{content_type}"
        );
        let body = String::from_utf8_lossy(&request.body);
        assert_eq!(body.matches("name=\"tags\"").count(), 2, "{body}");
        assert!(body.contains("\r\n\r\na\r\n") && body.contains("\r\n\r\nb\r\n"));
        assert!(
            body.contains("name=\"photo\"; filename=\"p.png\""),
            "{body}"
        );
        assert!(body.contains("PNG"), "{body}");
    }
}

#[tokio::test]
async fn multipart_parts_whose_encoding_cannot_be_followed_are_sent_as_near_as_it_allows() {
    let (server, client) = server().await;
    let body = UploadPartsRequest {
        tags: Some(vec!["a".into(), "b".into()]),
        meta: Some(UploadPartsRequestMeta {
            source: Some("s".into()),
        }),
        file: FilePart::new(b"bytes".as_slice()),
    };
    client.upload_parts(&body).await.unwrap();
    let request = last_request(&server).await;
    let body = String::from_utf8_lossy(&request.body);
    // The list of strings with `contentType: application/json`: one JSON part.
    assert_eq!(body.matches("name=\"tags\"").count(), 1, "{body}");
    assert!(body.contains("[\"a\",\"b\"]"), "{body}");
    // The object with `contentType: text/xml`: an `application/json` part.
    assert!(body.contains("{\"source\":\"s\"}"), "{body}");
    assert_eq!(
        body.matches("Content-Type: application/json").count(),
        2,
        "{body}"
    );
    // The file with a content type that is not one: its default; the required header without
    // a constant value: not sent.
    assert!(
        body.contains("Content-Type: application/octet-stream"),
        "{body}"
    );
    assert!(!body.to_ascii_lowercase().contains("x-trace"), "{body}");
}
