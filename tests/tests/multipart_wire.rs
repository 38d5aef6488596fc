//! `multipart/form-data` bodies on the wire (the `multipart` fixture, and the other multipart
//! types of the `fallbacks` fixture): what the server receives, part by part — names, file
//! names, content types, part headers and the exact bytes.

use std::time::Duration;

use codegen_tests::fixtures::{fallbacks, multipart};
use codegen_tests::runtime::{Error, FilePart, RetryPolicy};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// One part as received: its headers (names in lower case) and content.
#[derive(Debug)]
struct ReceivedPart {
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl ReceivedPart {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn disposition(&self) -> &str {
        self.header("content-disposition").expect("a disposition")
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Splits a multipart body by the boundary its `Content-Type` announces (RFC 2046).
fn parts(request: &wiremock::Request) -> Vec<ReceivedPart> {
    let content_type = request
        .headers
        .get("content-type")
        .expect("a content type")
        .to_str()
        .unwrap();
    assert!(content_type.starts_with("multipart/"), "{content_type}");
    let boundary = content_type
        .rsplit_once("; boundary=")
        .unwrap_or_else(|| panic!("no boundary: {content_type}"))
        .1;
    let delimiter = format!("--{boundary}").into_bytes();
    let mut rest = &request.body[..];
    assert!(
        rest.starts_with(&delimiter),
        "the body opens with the boundary"
    );
    rest = &rest[delimiter.len()..];
    let mut out = Vec::new();
    let next = [b"\r\n".as_slice(), &delimiter].concat();
    while rest.starts_with(b"\r\n") {
        rest = &rest[2..];
        let end = find(rest, &next).expect("a closing boundary");
        let part = &rest[..end];
        let split = find(part, b"\r\n\r\n").expect("headers end");
        let headers = String::from_utf8(part[..split].to_vec())
            .unwrap()
            .split("\r\n")
            .map(|line| {
                let (name, value) = line.split_once(':').expect("a header line");
                (name.trim().to_ascii_lowercase(), value.trim().to_owned())
            })
            .collect();
        out.push(ReceivedPart {
            headers,
            body: part[split + 4..].to_vec(),
        });
        rest = &rest[end + next.len()..];
    }
    assert!(rest.starts_with(b"--"), "the body closes with `--`");
    out
}

async fn server(status: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status))
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> multipart::Client {
    multipart::Client::from_builder(
        multipart::Client::builder()
            .base_url(server.uri())
            .allow_insecure_http()
            .retry(RetryPolicy {
                initial_backoff: Duration::from_millis(1),
                ..RetryPolicy::default()
            }),
    )
    .unwrap()
}

#[tokio::test]
async fn every_kind_of_part_arrives_as_the_spec_says() {
    let server = server(201).await;
    // Bytes that are not UTF-8 and contain a line break, to show they arrive untouched.
    let photo = vec![0u8, 159, 146, 150, 255, b'\r', b'\n', b'-', b'-'];
    let body = multipart::UploadPhotoRequest {
        name: "Rex \"the dog\"".into(),
        age: Some(3),
        kind: Some(multipart::UploadPhotoRequestKind::Dog),
        tags: Some(vec!["good".into(), "boy".into()]),
        photo: FilePart::new(photo.clone()).file_name("rex.png"),
        thumbnails: Some(vec![
            FilePart::new(*b"small"),
            FilePart::new(*b"tiny")
                .file_name("t.jpg")
                .content_type("image/jpeg"),
        ]),
        signature: Some(FilePart::new(vec![0u8, 1, 2, 255])),
        meta: Some(multipart::UploadPhotoRequestMeta {
            source: Some("camera".into()),
            width: Some(640),
        }),
        rating: Some(5),
    };
    client(&server).upload_photo(7, &body).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].url.path(), "/pets/7/photos");
    let parts = parts(&requests[0]);
    let dispositions: Vec<&str> = parts.iter().map(ReceivedPart::disposition).collect();
    assert_eq!(
        dispositions,
        [
            r#"form-data; name="name""#,
            r#"form-data; name="age""#,
            r#"form-data; name="kind""#,
            r#"form-data; name="tags""#,
            r#"form-data; name="tags""#,
            r#"form-data; name="photo"; filename="rex.png""#,
            r#"form-data; name="thumbnails"; filename="thumbnails""#,
            r#"form-data; name="thumbnails"; filename="t.jpg""#,
            r#"form-data; name="signature""#,
            r#"form-data; name="meta""#,
            r#"form-data; name="rating""#,
        ]
    );
    let bodies: Vec<&[u8]> = parts.iter().map(|p| p.body.as_slice()).collect();
    assert_eq!(bodies[0], b"Rex \"the dog\"");
    assert_eq!(bodies[1], b"3");
    assert_eq!(bodies[2], b"dog");
    assert_eq!(bodies[3..5], [b"good".as_slice(), b"boy"]);
    assert_eq!(bodies[5], photo.as_slice());
    assert_eq!(bodies[6..8], [b"small".as_slice(), b"tiny"]);
    // `format: byte`: the bytes, base64-encoded.
    assert_eq!(bodies[8], b"AAEC/w==");
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(bodies[9]).unwrap(),
        serde_json::json!({"source": "camera", "width": 640})
    );
    // `rating` is an integer the encoding sends as JSON.
    assert_eq!(bodies[10], b"5");

    let content_types: Vec<Option<&str>> = parts.iter().map(|p| p.header("content-type")).collect();
    assert_eq!(
        content_types,
        [
            None,
            None,
            None,
            None,
            None,
            // From the encoding map: the file gave no type of its own.
            Some("image/png"),
            // The encoding lists several types, so it decides nothing; the file's own wins.
            Some("application/octet-stream"),
            Some("image/jpeg"),
            None,
            Some("application/json"),
            Some("application/json"),
        ]
    );
    // The encoding's constant part header, on its part only.
    assert_eq!(parts[5].header("x-photo-version"), Some("2"));
    assert!(
        parts
            .iter()
            .enumerate()
            .all(|(i, p)| i == 5 || p.header("x-photo-version").is_none())
    );
}

#[tokio::test]
async fn absent_parts_are_left_out_and_rules_are_checked_before_sending() {
    let server = server(201).await;
    let client = client(&server);
    let body = multipart::UploadPhotoRequest::builder()
        .name("Rex")
        .photo(b"png")
        .build()
        .unwrap();
    client.upload_photo(1, &body).await.unwrap();
    let received = server.received_requests().await.unwrap();
    let parts = parts(&received[0]);
    assert_eq!(parts.len(), 2);
    assert_eq!(
        parts[1].disposition(),
        r#"form-data; name="photo"; filename="photo""#
    );

    let nameless = multipart::UploadPhotoRequest {
        name: String::new(),
        ..body
    };
    assert!(matches!(
        client.upload_photo(1, &nameless).await,
        Err(Error::Validation(_))
    ));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_bad_content_type_of_a_file_refuses_the_request() {
    let server = server(201).await;
    let body = multipart::UploadPhotoRequest {
        name: "Rex".into(),
        photo: FilePart::new(*b"x").content_type("image/png\r\nX-Injected: 1"),
        ..Default::default()
    };
    assert!(matches!(
        client(&server).upload_photo(1, &body).await,
        Err(Error::InvalidRequest(_))
    ));
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn an_idempotent_upload_is_retried_with_the_same_parts() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let upload = multipart::DocumentUpload {
        file: FilePart::new(*b"%PDF-1.7")
            .file_name("report.pdf")
            .content_type("application/pdf"),
        description: Some("Q3".into()),
    };
    client(&server).put_document(Some(&upload)).await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    for request in &received {
        let parts = parts(request);
        assert_eq!(parts.len(), 2);
        assert_eq!(
            parts[0].disposition(),
            r#"form-data; name="file"; filename="report.pdf""#
        );
        assert_eq!(parts[0].header("content-type"), Some("application/pdf"));
        assert_eq!(parts[0].body, b"%PDF-1.7");
        assert_eq!(parts[1].body, b"Q3");
    }
}

#[tokio::test]
async fn a_body_given_as_an_all_of_of_one_reference_is_that_component() {
    let server = server(201).await;
    let client = client(&server);
    // The `allOf` wrapper adds no type: the body is the component's struct, with its rules.
    let body = multipart::ReportUpload::builder()
        .title("Q3 sales")
        .report(FilePart::new(*b"region,total\nEU,3\n").file_name("q3.csv"))
        .pages(2)
        .build()
        .unwrap();
    client.upload_report(&body).await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].url.path(), "/reports");
    let parts = parts(&received[0]);
    let dispositions: Vec<&str> = parts.iter().map(ReceivedPart::disposition).collect();
    assert_eq!(
        dispositions,
        [
            r#"form-data; name="title""#,
            r#"form-data; name="report"; filename="q3.csv""#,
            r#"form-data; name="pages""#,
        ]
    );
    assert_eq!(parts[0].body, b"Q3 sales");
    // The `encoding` map of the wrapping schema applies to the component's properties.
    assert_eq!(parts[1].header("content-type"), Some("text/csv"));
    assert_eq!(parts[1].body, b"region,total\nEU,3\n");
    assert_eq!(parts[2].body, b"2");

    let untitled = multipart::ReportUpload {
        title: String::new(),
        ..body
    };
    assert!(matches!(
        client.upload_report(&untitled).await,
        Err(Error::Validation(_))
    ));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn numbers_json_cannot_write_are_refused_in_text_and_json_parts() {
    let server = server(204).await;
    let client = client(&server);
    let reading = multipart::UploadReadingRequest {
        value: 1.5,
        samples: Some(vec![0.25, -2.0]),
        location: Some(multipart::UploadReadingRequestLocation {
            lat: Some(52.5),
            lon: Some(13.25),
        }),
    };
    client.upload_reading(&reading).await.unwrap();
    let received = server.received_requests().await.unwrap();
    let sent = parts(&received[0]);
    let bodies: Vec<&[u8]> = sent.iter().map(|p| p.body.as_slice()).collect();
    assert_eq!(
        bodies,
        [
            b"1.5".as_slice(),
            b"0.25",
            b"-2.0",
            br#"{"lat":52.5,"lon":13.25}"#
        ]
    );
    assert_eq!(sent[3].header("content-type"), Some("application/json"));

    // NaN or an infinity as a text part, a repeated part or inside a JSON part (which would
    // carry `null`): the call is refused, naming where the number is, and nothing is sent.
    let finite = |at: &str, is: &str| {
        format!("/{at}: must be a finite number: JSON has no NaN or infinity (is {is})")
    };
    let cases = [
        (
            multipart::UploadReadingRequest {
                value: f64::NAN,
                ..reading.clone()
            },
            finite("value", "NaN"),
        ),
        (
            multipart::UploadReadingRequest {
                samples: Some(vec![f64::NEG_INFINITY]),
                ..reading.clone()
            },
            finite("samples/0", "-inf"),
        ),
        (
            multipart::UploadReadingRequest {
                location: Some(multipart::UploadReadingRequestLocation {
                    lat: Some(f64::INFINITY),
                    lon: None,
                }),
                ..reading.clone()
            },
            finite("location/lat", "inf"),
        ),
    ];
    for (bad, expected) in cases {
        match client.upload_reading(&bad).await {
            Err(Error::Validation(violations)) => {
                let rules: Vec<String> = violations.0.iter().map(ToString::to_string).collect();
                assert_eq!(rules, [expected]);
            }
            other => panic!("expected a validation error, got {other:?}"),
        }
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

fn content_type(request: &wiremock::Request) -> &str {
    request
        .headers
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap()
}

#[tokio::test]
async fn a_component_that_is_also_json_is_a_multipart_body_of_its_own_struct() {
    let server = server(201).await;
    let client = client(&server);
    let note = multipart::NoteMultipart {
        text: "hello".into(),
        attachment: Some(FilePart::new(*b"\x00\x01").file_name("a.bin")),
    };
    // The server answers with no body: only the request matters here.
    let _ = client.create_note(&note).await;
    let json = multipart::Note {
        text: "hello".into(),
        attachment: Some("AAE=".into()),
    };
    let _ = client.replace_note(&json).await;
    let requests = server.received_requests().await.unwrap();
    let parts = parts(&requests[0]);
    assert_eq!(parts[0].disposition(), r#"form-data; name="text""#);
    assert_eq!(parts[0].body, b"hello");
    assert_eq!(
        parts[1].disposition(),
        r#"form-data; name="attachment"; filename="a.bin""#
    );
    assert_eq!(parts[1].body, b"\x00\x01");
    assert_eq!(content_type(&requests[1]), "application/json");
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&requests[1].body).unwrap(),
        serde_json::json!({"text": "hello", "attachment": "AAE="})
    );
    // The multipart struct checks the same rules before sending.
    let empty = multipart::NoteMultipart {
        text: String::new(),
        attachment: None,
    };
    assert!(matches!(
        client.create_note(&empty).await,
        Err(Error::Validation(_))
    ));
}

#[tokio::test]
async fn another_multipart_type_is_sent_with_the_form_data_parts_under_its_own_type() {
    let server = server(204).await;
    let client = fallbacks::Client::from_builder(
        fallbacks::Client::builder()
            .base_url(server.uri())
            .allow_insecure_http(),
    )
    .unwrap();
    let mixed = fallbacks::UploadMixedRequest {
        meta: fallbacks::UploadMixedRequestMeta {
            title: Some("t".into()),
        },
        file: FilePart::new(*b"png"),
    };
    client.upload_mixed(&mixed).await.unwrap();
    let related = fallbacks::Related {
        root: [("a".to_owned(), "b".to_owned())].into(),
        attachment: None,
    };
    client.upload_related(&related).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert!(
        content_type(&requests[0]).starts_with("multipart/mixed; boundary="),
        "{}",
        content_type(&requests[0])
    );
    let mixed = parts(&requests[0]);
    assert_eq!(mixed[0].disposition(), r#"form-data; name="meta""#);
    assert_eq!(mixed[0].header("content-type"), Some("application/json"));
    assert_eq!(mixed[0].body, br#"{"title":"t"}"#);
    assert_eq!(
        mixed[1].disposition(),
        r#"form-data; name="file"; filename="file""#
    );
    assert_eq!(mixed[1].header("content-type"), Some("image/png"));
    // The declared parameters are kept, with the form's boundary.
    assert!(
        content_type(&requests[1])
            .starts_with("multipart/related; type=\"application/json\"; boundary="),
        "{}",
        content_type(&requests[1])
    );
    let root = parts(&requests[1]);
    assert_eq!(root.len(), 1);
    assert_eq!(root[0].body, br#"{"a":"b"}"#);
}
