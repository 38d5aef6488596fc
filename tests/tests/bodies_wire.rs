//! Request and response bodies on the wire (the `bodies` fixture): forms (with an `encoding` map
//! and nested values), text, raw bytes, the choice among several media types, and `+json` media
//! types.

mod common;

use codegen_tests::fixtures::bodies;
use codegen_tests::runtime::{Error, Validate};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::last_request;

async fn client(server: &MockServer) -> bodies::Client {
    bodies::Client::from_builder(
        bodies::Client::builder()
            .base_url(server.uri())
            .allow_insecure_http(),
    )
    .unwrap()
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
        "user=ann%20%26%20bob&remember=true&scopes=read&scopes=write"
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
async fn a_form_property_of_any_type_is_written_as_its_value_allows() {
    use codegen_tests::runtime::Nullable;
    use serde_json::json;
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = client(&server).await;
    let body = |data: serde_json::Value, items: Vec<serde_json::Value>| bodies::NotifyRequest {
        to: "+15551234567".into(),
        data: Nullable::Value(data),
        items: Some(items),
        additional_properties: Default::default(),
    };
    // JSON text as a string (what such APIs expect), scalars as text, lists repeated.
    client
        .notify(&body(json!(r#"{"k":1}"#), vec![json!("a"), json!(2)]))
        .await
        .unwrap();
    assert_eq!(
        String::from_utf8(last_request(&server).await.body).unwrap(),
        "To=%2B15551234567&Data=%7B%22k%22%3A1%7D&Items=a&Items=2"
    );
    // An object of scalars is exploded, as `form` does.
    client
        .notify(&body(json!({"a": "x", "b": true}), Vec::new()))
        .await
        .unwrap();
    assert_eq!(
        String::from_utf8(last_request(&server).await.body).unwrap(),
        "To=%2B15551234567&a=x&b=true"
    );
    // A nested value the `form` style cannot carry refuses the request; nothing is sent.
    let refused = client
        .notify(&body(json!({"a": {"b": 1}}), Vec::new()))
        .await;
    assert!(
        matches!(&refused, Err(Error::InvalidRequest(why)) if why.contains("Data")),
        "{refused:?}"
    );
    let refused = client.notify(&body(json!(null), vec![json!([1, 2])])).await;
    assert!(
        matches!(&refused, Err(Error::InvalidRequest(why)) if why.contains("Items")),
        "{refused:?}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
    // Other properties (`additionalProperties: true`) are written as what they hold, after the
    // listed ones.
    let mut extra = body(json!(1), Vec::new());
    extra.additional_properties = [
        ("StatusCallback".to_owned(), json!("https://example.com/cb")),
        ("Tags".to_owned(), json!(["a", "b"])),
    ]
    .into();
    client.notify(&extra).await.unwrap();
    assert_eq!(
        String::from_utf8(last_request(&server).await.body).unwrap(),
        "To=%2B15551234567&Data=1&StatusCallback=https%3A%2F%2Fexample.com%2Fcb&Tags=a&Tags=b"
    );
    extra.additional_properties = [("Nested".to_owned(), json!({"a": {"b": 1}}))].into();
    let refused = client.notify(&extra).await;
    assert!(
        matches!(&refused, Err(Error::InvalidRequest(why)) if why.contains("Nested")),
        "{refused:?}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
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

#[tokio::test]
async fn a_form_body_follows_its_encoding_map() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let mut meta = serde_json::Map::new();
    meta.insert("a".into(), serde_json::json!([1, "x"]));
    let form = bodies::SearchRequest {
        q: Some("cats & dogs".into()),
        filter: Some(bodies::SearchRequestFilter {
            name: Some("Rex".into()),
            age: Some(bodies::SearchRequestFilterAge {
                min: Some(2),
                max: None,
            }),
            tags: Some(vec!["a&b".into(), "c".into()]),
        }),
        point: Some(bodies::SearchRequestPoint {
            x: Some(1),
            y: Some(-2),
        }),
        ids: Some(vec![3, 4]),
        colors: Some(vec!["red".into(), "blue".into()]),
        words: Some(vec!["big".into(), "cat".into()]),
        meta: Some(meta),
        next: Some("/p?page=2&x=y".into()),
    };
    client(&server).await.search(&form).await.unwrap();
    let request = last_request(&server).await;
    assert_eq!(
        request.headers.get("content-type").unwrap(),
        "application/x-www-form-urlencoded"
    );
    let body = String::from_utf8(request.body).unwrap();
    let pairs: Vec<&str> = body.split('&').collect();
    assert_eq!(
        pairs,
        [
            "q=cats%20%26%20dogs",
            // deepObject, nested: filter[name]=Rex&filter[age][min]=2, and a list inside
            // (undefined in OpenAPI 3.0.3) as filter[tags][]=a%26b&filter[tags][]=c
            "filter%5Bname%5D=Rex",
            "filter%5Bage%5D%5Bmin%5D=2",
            "filter%5Btags%5D%5B%5D=a%26b",
            "filter%5Btags%5D%5B%5D=c",
            // An object without an encoding entry: `form`, exploded, one pair per property.
            "x=1",
            "y=-2",
            // `form`, not exploded: comma-joined.
            "ids=3%2C4",
            // `pipeDelimited` and `spaceDelimited` (not exploded by default).
            "colors=red%7Cblue",
            "words=big%20cat",
            // `contentType: application/json`: the value as JSON text.
            "meta=%7B%22a%22%3A%5B1%2C%22x%22%5D%7D",
            // `allowReserved`: reserved characters stay, except those that split a form.
            "next=/p?page%3D2%26x%3Dy",
        ]
    );
    // The server's form parser reads back what was meant.
    let decoded: Vec<(String, String)> = form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect();
    assert!(decoded.contains(&("filter[age][min]".into(), "2".into())));
    assert!(decoded.contains(&("filter[tags][]".into(), "a&b".into())));
    assert!(decoded.contains(&("next".into(), "/p?page=2&x=y".into())));
    assert!(decoded.contains(&("meta".into(), r#"{"a":[1,"x"]}"#.into())));
}

#[tokio::test]
async fn plus_json_media_types_are_json_both_ways() {
    assert_eq!(
        bodies::operations::PATCH_PET
            .request_body
            .unwrap()
            .content_type,
        "application/merge-patch+json"
    );
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"name": "Rex", "age": 4}"#, "application/vnd.api+json"),
        )
        .mount(&server)
        .await;
    let patch = bodies::PatchPetRequest {
        name: None,
        age: codegen_tests::runtime::Nullable::Null,
    };
    let response = client(&server).await.patch_pet(9, &patch).await.unwrap();
    assert_eq!(response.body.age, Some(4));
    let request = last_request(&server).await;
    assert_eq!(request.method.as_str(), "PATCH");
    assert_eq!(
        request.headers.get("content-type").unwrap(),
        "application/merge-patch+json"
    );
    assert_eq!(request.body, br#"{"age":null}"#);
}

/// The rules a refused call broke, as `path: rule` lines.
fn violations<T: std::fmt::Debug, E: std::fmt::Debug>(result: Result<T, Error<E>>) -> Vec<String> {
    match result {
        Err(Error::Validation(violations)) => {
            violations.0.iter().map(ToString::to_string).collect()
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[tokio::test]
async fn numbers_json_cannot_write_are_refused_in_json_and_form_bodies_never_sent_as_null() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = client(&server).await;
    let reading = bodies::Reading {
        value: 1.5,
        samples: Some(vec![0.25, -2.0]),
        location: Some(bodies::ReadingLocation {
            lat: Some(52.5),
            lon: Some(13.25),
        }),
        extra: Some([("gain".to_owned(), 3.0)].into()),
    };
    client.add_reading(&reading).await.unwrap();
    let request = last_request(&server).await;
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&request.body).unwrap(),
        serde_json::json!({
            "value": 1.5,
            "samples": [0.25, -2.0],
            "location": {"lat": 52.5, "lon": 13.25},
            "extra": {"gain": 3.0}
        })
    );
    client.put_reading_form(&reading).await.unwrap();
    assert_eq!(
        String::from_utf8(last_request(&server).await.body).unwrap(),
        "value=1.5&samples=0.25&samples=-2.0&location%5Blat%5D=52.5&location%5Blon%5D=13.25\
         &extra=%7B%22gain%22%3A3.0%7D"
    );

    // NaN or an infinity in any position, which JSON would send as `null` and a form would
    // leave out: the call is refused, naming where the number is, and nothing is sent.
    let finite = |at: &str, is: &str| {
        format!("/{at}: must be a finite number: JSON has no NaN or infinity (is {is})")
    };
    let cases = [
        (
            bodies::Reading {
                value: f64::NAN,
                ..reading.clone()
            },
            finite("value", "NaN"),
        ),
        (
            bodies::Reading {
                samples: Some(vec![0.25, f64::INFINITY]),
                ..reading.clone()
            },
            finite("samples/1", "inf"),
        ),
        (
            bodies::Reading {
                location: Some(bodies::ReadingLocation {
                    lat: Some(52.5),
                    lon: Some(f64::NEG_INFINITY),
                }),
                ..reading.clone()
            },
            finite("location/lon", "-inf"),
        ),
        (
            bodies::Reading {
                extra: Some([("gain".to_owned(), f64::NAN)].into()),
                ..reading.clone()
            },
            finite("extra/gain", "NaN"),
        ),
    ];
    for (bad, expected) in cases {
        assert_eq!(
            violations(client.add_reading(&bad).await),
            [expected.as_str()]
        );
        assert_eq!(
            violations(client.put_reading_form(&bad).await),
            [expected.as_str()]
        );
        // `validate` and builders report it too.
        assert_eq!(
            bad.validate().unwrap_err().0[0].to_string(),
            expected,
            "validate"
        );
    }
    let built = bodies::Reading::builder()
        .value(f64::INFINITY)
        .build()
        .unwrap_err();
    assert_eq!(built.0[0].to_string(), finite("value", "inf"));
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}
