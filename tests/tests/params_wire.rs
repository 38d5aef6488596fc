//! Parameter serialization on the wire (the `parameters` fixture): every style of OpenAPI 3.0.3
//! in every location, with the spec's style-example values (`blue`, `[blue, black, brown]`,
//! `{R: 100, G: 200, B: 150}`), `allowReserved`, `content` parameters, and values that hold
//! delimiters or reserved characters. Each test asserts the exact request a server received.

mod common;

use codegen_tests::fixtures::parameters::{self as fixture, Color, Rgb};
use codegen_tests::runtime::describe::{Location, Style};
use codegen_tests::runtime::{Error, Nullable};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

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

async fn request_count(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

/// The path and query as they were sent, without decoding.
async fn target(server: &MockServer) -> String {
    let request = last_request(server).await;
    match request.url.query() {
        Some(query) => format!("{}?{query}", request.url.path()),
        None => request.url.path().to_owned(),
    }
}

fn header(request: &wiremock::Request, name: &str) -> Option<String> {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
}

fn colors() -> Vec<Color> {
    vec![Color::Blue, Color::Black, Color::Brown]
}

fn rgb() -> Rgb {
    Rgb {
        r: 100,
        g: 200,
        b: 150,
    }
}

#[tokio::test]
async fn path_parameters_in_simple_label_and_matrix_style() {
    let (server, client) = server().await;
    let (colors, rgb) = (colors(), rgb());

    client
        .path_simple("blue", &colors, &colors, &rgb, &rgb)
        .await
        .unwrap();
    assert_eq!(
        target(&server).await,
        "/simple/blue/blue,black,brown/blue,black,brown/R,100,G,200,B,150/R=100,G=200,B=150"
    );

    client
        .path_label(&Color::Blue, &colors, &colors, &rgb, &rgb)
        .await
        .unwrap();
    assert_eq!(
        target(&server).await,
        "/label/.blue/.blue.black.brown/.blue.black.brown/.R.100.G.200.B.150/.R=100.G=200.B=150"
    );

    client
        .path_matrix("blue", &colors, &colors, &rgb, &rgb)
        .await
        .unwrap();
    assert_eq!(
        target(&server).await,
        "/matrix/;color=blue\
         /;colors=blue,black,brown\
         /;colorsExploded=blue;colorsExploded=black;colorsExploded=brown\
         /;rgb=R,100,G,200,B,150\
         /;R=100;G=200;B=150"
    );
}

#[tokio::test]
async fn path_values_cannot_leave_their_segment_or_item() {
    let (server, client) = server().await;
    let (colors, rgb) = (colors(), rgb());
    client
        .path_simple("../a/b,c?d#e", &colors, &colors, &rgb, &rgb)
        .await
        .unwrap();
    assert!(
        target(&server)
            .await
            .starts_with("/simple/..%2Fa%2Fb%2Cc%3Fd%23e/blue,black,brown/"),
        "{}",
        target(&server).await
    );
    client
        .path_matrix("a;b=c d", &colors, &colors, &rgb, &rgb)
        .await
        .unwrap();
    assert!(
        target(&server)
            .await
            .starts_with("/matrix/;color=a%3Bb%3Dc%20d/"),
        "{}",
        target(&server).await
    );

    // An enum value the spec does not list is refused before sending, like any constraint.
    let sent = request_count(&server).await;
    let unknown = Color::Other("red".into());
    assert!(matches!(
        client
            .path_label(&unknown, &colors, &colors, &rgb, &rgb)
            .await,
        Err(Error::Validation(_))
    ));
    let too_bright = Rgb { r: 256, ..rgb };
    assert!(matches!(
        client
            .path_simple("blue", &colors, &colors, &too_bright, &rgb)
            .await,
        Err(Error::Validation(_))
    ));
    assert_eq!(request_count(&server).await, sent);
}

#[tokio::test]
async fn query_parameters_in_form_style() {
    let (server, client) = server().await;
    let params = fixture::QueryFormParams {
        color: Some("blue".into()),
        colors: Some(colors()),
        colors_exploded: Some(colors()),
        rgb: Some(rgb()),
        rgb_exploded: Some(rgb()),
    };
    client.query_form(&params).await.unwrap();
    assert_eq!(
        target(&server).await,
        "/form?color=blue\
         &colors=blue,black,brown\
         &colorsExploded=blue&colorsExploded=black&colorsExploded=brown\
         &rgb=R,100,G,200,B,150\
         &R=100&G=200&B=150"
    );

    // Nothing is sent for absent parameters; an empty array is the table's "empty" value.
    client
        .query_form(&fixture::QueryFormParams::default())
        .await
        .unwrap();
    assert_eq!(target(&server).await, "/form");
    let empty = fixture::QueryFormParams {
        colors: Some(vec![]),
        colors_exploded: Some(vec![]),
        ..Default::default()
    };
    client.query_form(&empty).await.unwrap();
    assert_eq!(target(&server).await, "/form?colors=&colorsExploded=");
}

#[tokio::test]
async fn query_values_cannot_add_pairs() {
    let (server, client) = server().await;
    let params = fixture::QueryFormParams {
        color: Some("a&b=c d+e,f".into()),
        ..Default::default()
    };
    client.query_form(&params).await.unwrap();
    assert_eq!(target(&server).await, "/form?color=a%26b%3Dc%20d%2Be%2Cf");
    let request = last_request(&server).await;
    let pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    assert_eq!(pairs, [("color".into(), "a&b=c d+e,f".into())]);
}

#[tokio::test]
async fn query_parameters_space_and_pipe_delimited() {
    let (server, client) = server().await;
    let params = fixture::QueryDelimitedParams {
        space_colors: Some(colors()),
        space_rgb: Some(rgb()),
        pipe_colors: Some(colors()),
        pipe_rgb: Some(rgb()),
        pipe_colors_exploded: Some(colors()),
    };
    client.query_delimited(&params).await.unwrap();
    assert_eq!(
        target(&server).await,
        "/delimited?spaceColors=blue%20black%20brown\
         &spaceRgb=R%20100%20G%20200%20B%20150\
         &pipeColors=blue|black|brown\
         &pipeRgb=R|100|G|200|B|150\
         &pipeColorsExploded=blue&pipeColorsExploded=black&pipeColorsExploded=brown"
    );
}

#[tokio::test]
async fn query_parameters_as_deep_objects() {
    let (server, client) = server().await;
    let params = fixture::QueryDeepObjectParams {
        color: Some(rgb()),
        filter: Some(
            [
                ("status".to_owned(), "open".to_owned()),
                ("a b]".to_owned(), "x&y".to_owned()),
            ]
            .into(),
        ),
        search: None,
    };
    client.query_deep_object(&params).await.unwrap();
    assert_eq!(
        target(&server).await,
        "/deep?color[R]=100&color[G]=200&color[B]=150&filter[a%20b%5D]=x%26y&filter[status]=open"
    );
}

/// Objects and lists inside a `deepObject` parameter, which OpenAPI 3.0.3 leaves undefined, are
/// written as PHP, Rails and `qs` read them; a free-form member that nests a list of objects
/// cannot be written that way and refuses the request.
#[tokio::test]
async fn deep_objects_nest_objects_and_lists_in_brackets() {
    let (server, client) = server().await;
    let search = fixture::QueryDeepObjectSearch {
        owner: Some(fixture::QueryDeepObjectSearchOwner {
            name: Some("Ann & Bo".into()),
            since: Some(fixture::QueryDeepObjectSearchOwnerSince { year: Some(2020) }),
        }),
        tags: Some(vec!["a".into(), "b]".into()]),
        additional_properties: [("page".to_owned(), serde_json::json!(2))].into(),
    };
    let params = fixture::QueryDeepObjectParams {
        search: Some(search.clone()),
        ..Default::default()
    };
    client.query_deep_object(&params).await.unwrap();
    assert_eq!(
        target(&server).await,
        "/deep?search[owner][name]=Ann%20%26%20Bo&search[owner][since][year]=2020\
         &search[tags][]=a&search[tags][]=b%5D&search[page]=2"
    );

    let mut nests_objects = search;
    nests_objects
        .additional_properties
        .insert("rows".into(), serde_json::json!([{"a": 1}]));
    let params = fixture::QueryDeepObjectParams {
        search: Some(nests_objects),
        ..Default::default()
    };
    let error = client.query_deep_object(&params).await.unwrap_err();
    assert!(
        error.to_string().contains("search") && error.to_string().contains("nests"),
        "{error}"
    );
}

/// The items of an array without `items` are written as primitives are; an item that is an
/// array or object refuses the request.
#[tokio::test]
async fn items_of_any_type_are_written_when_they_are_primitives() {
    let (server, client) = server().await;
    let params = fixture::QueryAnyItemsParams {
        ids: Some(vec![
            serde_json::json!("a b"),
            serde_json::json!(2),
            serde_json::json!(true),
        ]),
    };
    client.query_any_items(&params).await.unwrap();
    assert_eq!(target(&server).await, "/any-items?ids=a%20b&ids=2&ids=true");
    let params = fixture::QueryAnyItemsParams {
        ids: Some(vec![serde_json::json!({"a": 1})]),
    };
    let error = client.query_any_items(&params).await.unwrap_err();
    assert!(error.to_string().contains("ids"), "{error}");
}

#[tokio::test]
async fn allow_reserved_leaves_reserved_characters_alone() {
    let (server, client) = server().await;
    let value = "/a/b?c=d&e,f:g@h #";
    let params = fixture::QueryReservedParams {
        path: value.into(),
        encoded: value.into(),
    };
    client.query_reserved(&params).await.unwrap();
    assert_eq!(
        target(&server).await,
        "/reserved?path=/a/b?c=d&e,f:g@h%20%23\
         &encoded=%2Fa%2Fb%3Fc%3Dd%26e%2Cf%3Ag%40h%20%23"
    );
}

#[tokio::test]
async fn header_parameters_in_simple_style() {
    let (server, client) = server().await;
    let params = fixture::HeadersParams {
        x_color: Some(Color::Blue),
        x_colors: Some(colors()),
        x_colors_exploded: Some(colors()),
        x_rgb: Some(rgb()),
        x_rgb_exploded: Some(rgb()),
    };
    client.headers(&params).await.unwrap();
    let request = last_request(&server).await;
    for (name, value) in [
        ("X-Color", "blue"),
        ("X-Colors", "blue,black,brown"),
        ("X-Colors-Exploded", "blue,black,brown"),
        ("X-Rgb", "R,100,G,200,B,150"),
        ("X-Rgb-Exploded", "R=100,G=200,B=150"),
    ] {
        assert_eq!(header(&request, name).as_deref(), Some(value), "{name}");
    }

    client
        .headers(&fixture::HeadersParams::default())
        .await
        .unwrap();
    let request = last_request(&server).await;
    assert!(
        request
            .headers
            .keys()
            .all(|k| !k.as_str().starts_with("x-"))
    );
}

#[tokio::test]
async fn cookie_parameters_in_form_style() {
    let (server, client) = server().await;
    let mut free_form = serde_json::Map::new();
    free_form.insert("R".into(), 100.into());
    free_form.insert("G".into(), 200.into());
    free_form.insert("B".into(), 150.into());
    let params = fixture::CookiesParams {
        color: Some("blue".into()),
        colors: Some(colors()),
        colors_exploded: Some(colors()),
        rgb: Some(rgb()),
        rgb_exploded: Some(free_form),
    };
    client.cookies(&params).await.unwrap();
    assert_eq!(
        header(&last_request(&server).await, "cookie").as_deref(),
        Some(
            "color=blue; colors=blue,black,brown; \
             colorsExploded=blue&colorsExploded=black&colorsExploded=brown; \
             rgb=R,100,G,200,B,150; R=100&G=200&B=150"
        )
    );

    // A value cannot end its cookie or start another.
    let hostile = fixture::CookiesParams {
        color: Some("a; admin=1, \"x\"".into()),
        ..Default::default()
    };
    client.cookies(&hostile).await.unwrap();
    assert_eq!(
        header(&last_request(&server).await, "cookie").as_deref(),
        Some("color=a%3B%20admin%3D1%2C%20%22x%22")
    );

    // A free-form object holding a nested object cannot be written by any style: refused.
    let sent = request_count(&server).await;
    let mut nested = serde_json::Map::new();
    nested.insert("inner".into(), serde_json::json!({"a": 1}));
    let refused = client
        .cookies(&fixture::CookiesParams {
            rgb_exploded: Some(nested),
            ..Default::default()
        })
        .await;
    match refused {
        Err(Error::InvalidRequest(message)) => {
            assert!(
                message.contains("cookie parameter `rgbExploded`"),
                "{message}"
            )
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(request_count(&server).await, sent);
}

#[tokio::test]
async fn content_parameters_are_json_text_encoded_for_their_location() {
    let (server, client) = server().await;
    let filter = fixture::Filter {
        name: Some("a b".into()),
        tags: Some(vec!["x".into()]),
        range: Some(fixture::FilterRange {
            min: Some(1),
            max: None,
        }),
    };
    let params = fixture::ContentParams {
        filter: Some(filter.clone()),
        x_filter: Some(filter),
        token: Some("s3cr;t".into()),
    };
    client.content(&[1, 2], &params).await.unwrap();
    let request = last_request(&server).await;
    assert_eq!(
        target(&server).await,
        "/content/%5B1%2C2%5D\
         ?filter=%7B%22name%22%3A%22a%20b%22%2C%22tags%22%3A%5B%22x%22%5D%2C%22range%22%3A%7B%22min%22%3A1%7D%7D"
    );
    let query: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    assert_eq!(
        query,
        [(
            "filter".into(),
            r#"{"name":"a b","tags":["x"],"range":{"min":1}}"#.into()
        )]
    );
    assert_eq!(
        header(&request, "X-Filter").as_deref(),
        Some(r#"{"name":"a b","tags":["x"],"range":{"min":1}}"#)
    );
    // `text/plain` content is a plain value, encoded as a cookie's value is.
    assert_eq!(
        header(&request, "cookie").as_deref(),
        Some("token=s3cr%3Bt")
    );

    let sent = request_count(&server).await;
    let short = fixture::ContentParams {
        token: Some("x".into()),
        ..Default::default()
    };
    assert!(matches!(
        client.content(&[1], &short).await,
        Err(Error::Validation(_))
    ));
    assert_eq!(request_count(&server).await, sent);
}

#[test]
fn descriptions_record_style_explode_and_content() {
    use fixture::operations;
    let find = |op: &'static codegen_tests::runtime::describe::Operation, name: &str| {
        *op.parameters
            .iter()
            .find(|p| p.name == name)
            .expect("a parameter")
    };
    let colors = find(&operations::QUERY_FORM, "colors");
    assert_eq!(
        (colors.location, colors.style, colors.explode),
        (Location::Query, Style::Form, false)
    );
    let exploded = find(&operations::QUERY_FORM, "colorsExploded");
    assert_eq!((exploded.style, exploded.explode), (Style::Form, true));
    let space = find(&operations::QUERY_DELIMITED, "spaceColors");
    assert_eq!((space.style, space.explode), (Style::SpaceDelimited, false));
    let deep = find(&operations::QUERY_DEEP_OBJECT, "filter");
    assert_eq!(deep.style, Style::DeepObject);
    let matrix = find(&operations::PATH_MATRIX, "rgbExploded");
    assert_eq!((matrix.style, matrix.explode), (Style::Matrix, true));
    let header = find(&operations::HEADERS, "X-Rgb");
    assert_eq!((header.style, header.explode), (Style::Simple, false));
    assert!(find(&operations::QUERY_RESERVED, "path").allow_reserved);
    assert!(!find(&operations::QUERY_RESERVED, "encoded").allow_reserved);
    let content = find(&operations::CONTENT, "filter");
    assert_eq!(content.content_type, Some("application/json"));
    assert_eq!(
        find(&operations::CONTENT, "token").content_type,
        Some("text/plain")
    );
}

/// The refusal of a request, which must not have reached the server.
async fn refusal<E: std::fmt::Debug>(server: &MockServer, result: Result<(), Error<E>>) -> String {
    let sent = request_count(server).await;
    let message = match result {
        Err(Error::InvalidRequest(message)) => message,
        other => panic!("expected a refusal, got {other:?}"),
    };
    assert_eq!(request_count(server).await, sent);
    message
}

#[tokio::test]
async fn optional_numbers_json_cannot_write_are_refused_not_left_out() {
    let (server, client) = server().await;
    let numbers = |params: fixture::NumbersParams| {
        let client = &client;
        async move { client.numbers(&params).await.map(|_| ()) }
    };
    let point = fixture::Point {
        x: 1.5,
        y: Nullable::Value(-2.0),
    };
    let all = fixture::NumbersParams {
        ratio: Some(0.25),
        ratios: Some(vec![Some(1.0), Some(2.5)]),
        point: Some(point.clone()),
        weights: Some([("w".to_owned(), 3.0)].into()),
        near: Some(point),
        x_ratio: Some(4.5),
        scale: Some(1e-3),
    };
    numbers(all.clone()).await.unwrap();
    let request = last_request(&server).await;
    assert_eq!(
        target(&server).await,
        "/numbers?ratio=0.25&ratios=1.0,2.5&point[x]=1.5&point[y]=-2.0&w=3.0\
         &near=%7B%22x%22%3A1.5%2C%22y%22%3A-2.0%7D"
    );
    assert_eq!(header(&request, "X-Ratio").as_deref(), Some("4.5"));
    assert_eq!(header(&request, "cookie").as_deref(), Some("scale=0.001"));

    // Each value given that JSON cannot write refuses the whole request before anything is
    // sent: validation reports it (an `f64` must be finite, whatever its schema) with the
    // parameter and where in its value the number is. (The parameter encoders refuse it too,
    // for values they are given without validation: see the runtime's tests.)
    let finite = |at: &str, is: &str| {
        format!("/params/{at}: must be a finite number: JSON has no NaN or infinity (is {is})")
    };
    let cases: Vec<(fixture::NumbersParams, String)> = vec![
        (
            fixture::NumbersParams {
                ratio: Some(f64::NAN),
                ..all.clone()
            },
            finite("ratio", "NaN"),
        ),
        (
            fixture::NumbersParams {
                ratios: Some(vec![Some(1.0), Some(f64::INFINITY)]),
                ..all.clone()
            },
            finite("ratios/1", "inf"),
        ),
        (
            fixture::NumbersParams {
                point: Some(fixture::Point {
                    x: 0.0,
                    y: Nullable::Value(f64::NAN),
                }),
                ..all.clone()
            },
            finite("point/y", "NaN"),
        ),
        (
            fixture::NumbersParams {
                weights: Some([("w".to_owned(), f64::NEG_INFINITY)].into()),
                ..all.clone()
            },
            finite("weights/w", "-inf"),
        ),
        (
            fixture::NumbersParams {
                near: Some(fixture::Point {
                    x: f64::NAN,
                    y: Nullable::Absent,
                }),
                ..all.clone()
            },
            finite("near/x", "NaN"),
        ),
        (
            fixture::NumbersParams {
                x_ratio: Some(f64::INFINITY),
                ..all.clone()
            },
            finite("X-Ratio", "inf"),
        ),
        (
            fixture::NumbersParams {
                scale: Some(f64::NAN),
                ..all.clone()
            },
            finite("scale", "NaN"),
        ),
    ];
    for (params, expected) in cases {
        let sent = request_count(&server).await;
        match numbers(params).await {
            Err(Error::Validation(violations)) => {
                let rules: Vec<String> = violations.0.iter().map(ToString::to_string).collect();
                assert_eq!(rules, [expected]);
            }
            other => panic!("expected a validation error, got {other:?}"),
        }
        assert_eq!(request_count(&server).await, sent);
    }
    // A `null` item of an array has no rendering in any style either.
    let message = refusal(
        &server,
        numbers(fixture::NumbersParams {
            ratios: Some(vec![Some(1.0), None]),
            ..all.clone()
        })
        .await,
    )
    .await;
    assert!(
        message.starts_with("query parameter `ratios` has a null item"),
        "{message}"
    );

    // Parameters left out send nothing; a member set to `null` is undefined (RFC 6570) and
    // left out of its object, while JSON content writes it as JSON does.
    let with_null = fixture::Point {
        x: 1.0,
        y: Nullable::Null,
    };
    numbers(fixture::NumbersParams {
        point: Some(with_null.clone()),
        near: Some(with_null),
        ..Default::default()
    })
    .await
    .unwrap();
    assert_eq!(
        target(&server).await,
        "/numbers?point[x]=1.0&near=%7B%22x%22%3A1.0%2C%22y%22%3Anull%7D"
    );
    numbers(fixture::NumbersParams::default()).await.unwrap();
    assert_eq!(target(&server).await, "/numbers");
}

#[tokio::test]
async fn a_parameter_no_style_can_write_is_sent_as_json_text() {
    use codegen_tests::fixtures::fallback;
    use std::collections::BTreeMap;
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = fallback::Client::from_builder(
        fallback::Client::builder()
            .base_url(server.uri())
            .allow_insecure_http(),
    )
    .unwrap();
    let params = fallback::RegisterVehicleParams {
        filters: Some(vec![fallback::RegisterVehicleFiltersItem {
            scope: Some("enterprise".into()),
            fields: Some(BTreeMap::from([("a".to_owned(), "b c".to_owned())])),
        }]),
        // A string enum whose spec listed the number 4.1 sends the string.
        version: Some(fallback::Version::N41),
    };
    let body = fallback::Vehicle { kind: "car".into() };
    client.register_vehicle(&params, &body).await.unwrap();
    let request = last_request(&server).await;
    let query: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    assert_eq!(
        query,
        [
            (
                "filters".to_owned(),
                r#"[{"scope":"enterprise","fields":{"a":"b c"}}]"#.to_owned()
            ),
            ("version".to_owned(), "4.1".to_owned()),
        ]
    );
}
