//! What the code generated from OpenAPI 3.1 documents does at run time: the same guarantees as
//! for 3.0 (tri-state fields, values checked before sending), from the 3.1 ways of writing them.

mod common;

use codegen_tests::fixtures::{
    openapi31, openapi31_refs, openapi31_schemas, openapi31_tuple_params, openapi31_webhooks,
};
use codegen_tests::runtime::{Error, Nullable, Validate};
use serde_json::{Value, json};
use wiremock::matchers::any as any_request;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn decode<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{value} does not decode: {e}"))
}

fn pet(extra: Value) -> Value {
    let mut pet = json!({"id": 1, "name": "Rex", "kind": "pet", "nickname": null});
    for (key, value) in extra.as_object().unwrap() {
        pet[key] = value.clone();
    }
    pet
}

/// A client of the `openapi31` fixture sending to `server`.
fn client(server: &MockServer) -> openapi31::Client {
    openapi31::Client::from_builder(
        openapi31::Client::builder()
            .base_url(server.uri())
            .allow_insecure_http(),
    )
    .unwrap()
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any_request())
        .respond_with(ResponseTemplate::new(201).set_body_json(pet(json!({}))))
        .mount(&server)
        .await;
    server
}

#[test]
fn a_type_list_with_null_is_a_tri_state_field() {
    let absent: openapi31::Pet = decode(pet(json!({})));
    assert_eq!(absent.tag, Nullable::Absent);
    let null: openapi31::Pet = decode(pet(json!({"tag": null})));
    assert_eq!(null.tag, Nullable::Null);
    let value: openapi31::Pet = decode(pet(json!({"tag": "good"})));
    assert_eq!(value.tag, Nullable::Value("good".to_owned()));
    // Encoding keeps the three states apart.
    assert!(serde_json::to_value(&absent).unwrap().get("tag").is_none());
    assert_eq!(serde_json::to_value(&null).unwrap()["tag"], Value::Null);

    // Required and nullable: `null` is a value, absence an error.
    let named: openapi31::Pet = decode(pet(json!({"nickname": "Rexy"})));
    assert_eq!(named.nickname.as_deref(), Some("Rexy"));
    let mut missing = pet(json!({}));
    missing.as_object_mut().unwrap().remove("nickname");
    assert!(serde_json::from_value::<openapi31::Pet>(missing).is_err());
}

#[test]
fn several_types_are_a_union_checked_per_type() {
    let text: openapi31::Pet = decode(pet(json!({"chip": "abc"})));
    assert_eq!(text.chip, Some(openapi31::PetChip::String("abc".into())));
    let number: openapi31::Pet = decode(pet(json!({"chip": 1234})));
    assert_eq!(number.chip, Some(openapi31::PetChip::Integer(1234)));
    // A pet is received, so never checked; a new pet is sent, and its chip is checked by the
    // rules of the type it holds.
    let chip = |value: Value| -> openapi31::NewPetChip { decode(value) };
    assert!(chip(json!("ab")).validate().is_err() && chip(json!(12)).validate().is_err());
    assert!(chip(json!("abc")).validate().is_ok() && chip(json!(1234)).validate().is_ok());
}

#[tokio::test]
async fn a_wrong_const_is_refused_before_sending() {
    let server = server().await;
    let other = openapi31::NewPetKind::Other("cat".into());
    let built = openapi31::NewPet::builder()
        .name("Rex")
        .kind(other.clone())
        .build();
    assert!(
        built.is_err(),
        "the builder accepted a value other than the `const`"
    );
    let body = openapi31::NewPet {
        name: "Rex".into(),
        kind: other,
        weight: None,
        chip: None,
        level: None,
        rank: Nullable::Absent,
        size: None,
    };
    let Err(Error::Validation(violations)) = client(&server).create_pet(&body).await else {
        panic!("a value other than the `const` was sent")
    };
    let refused = violations.to_string();
    assert!(refused.contains("/kind"), "{refused}");
    assert!(server.received_requests().await.unwrap().is_empty());

    let good = openapi31::NewPet::builder()
        .name("Rex")
        .kind(openapi31::NewPetKind::Pet)
        .build()
        .unwrap();
    client(&server).create_pet(&good).await.unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn numeric_exclusive_bounds_are_refused_before_sending() {
    let server = server().await;
    let client = client(&server);
    let at_bound = openapi31::NewPet {
        name: "Rex".into(),
        kind: openapi31::NewPetKind::Pet,
        weight: Some(0.0),
        chip: None,
        level: None,
        rank: Nullable::Absent,
        size: None,
    };
    let Err(Error::Validation(violations)) = client.create_pet(&at_bound).await else {
        panic!("a weight of 0 (exclusive minimum 0) was sent")
    };
    assert!(violations.to_string().contains("/weight"), "{violations}");
    let Err(Error::Validation(violations)) = client.get_pet(0).await else {
        panic!("an id of 0 (exclusive minimum 0) was sent")
    };
    assert!(violations.to_string().contains("id"), "{violations}");
    let params = openapi31::ListPetsParams { limit: Some(100) };
    let Err(Error::Validation(violations)) = client.list_pets(&params).await else {
        panic!("a limit of 100 (exclusive maximum 100) was sent")
    };
    assert!(violations.to_string().contains("limit"), "{violations}");
    assert!(server.received_requests().await.unwrap().is_empty());

    let inside = openapi31::ListPetsParams { limit: Some(99) };
    assert!(inside.validate().is_ok());
}

#[test]
fn references_with_keywords_beside_them_are_typed() {
    let order: openapi31_refs::Order = decode(json!({
        "id": "o1", "status": "open", "note": null, "coupon": {"text": "10%"}, "quantity": 11
    }));
    assert_eq!(order.note, None);
    assert_eq!(
        order.coupon,
        Nullable::Value(openapi31_refs::Note {
            text: Some("10%".into())
        })
    );
    // The bound written beside the reference is checked, and so is the referenced schema's, in
    // the form a request sends (the response form is never validated).
    let sent: openapi31_refs::OrderInput = decode(json!({
        "status": "open", "note": null, "quantity": 11
    }));
    assert!(sent.validate().is_err());
    let mut none: openapi31_refs::OrderInput = decode(json!({
        "status": "open", "note": null, "quantity": 0
    }));
    let refused = none.validate().unwrap_err().to_string();
    assert!(
        refused.contains("/quantity: must be at least 1"),
        "{refused}"
    );
    none.quantity = Some(10);
    assert!(none.validate().is_ok());

    let event: openapi31_refs::OrderEventsResponse = decode(json!({
        "kind": "placed", "total": {"amount": 5}, "lines": [{"price": {"amount": 5}}]
    }));
    assert_eq!(event.kind, openapi31_refs::EventKind::Placed);
    assert_eq!(event.total.amount, 5);

    let payment: openapi31_refs::Payment = decode(json!({"method": "Transfer", "iban": "DE00"}));
    let openapi31_refs::Payment::Transfer(transfer) = payment else {
        panic!("the tag chose another member: {payment:?}")
    };
    assert_eq!(transfer.iban.as_deref(), Some("DE00"));
}

#[test]
fn webhook_payloads_are_types() {
    let paid: openapi31_webhooks::InvoicePaidWebhook = decode(json!({
        "invoice": {"id": "in_1", "total": null},
        "paid_at": "2024-01-02T03:04:05Z"
    }));
    assert_eq!(paid.invoice.total, Nullable::Null);
    let adopted: openapi31::PetAdoptedWebhook =
        decode(json!({"pet": pet(json!({})), "at": "2024-01-02T03:04:05Z"}));
    assert_eq!(adopted.pet.name, "Rex");
}

#[test]
fn a_tuple_round_trips_as_an_array() {
    let point: openapi31_schemas::Point = decode(json!(["home", 2.5]));
    assert_eq!(point, openapi31_schemas::Point("home".into(), 2.5));
    assert_eq!(serde_json::to_value(&point).unwrap(), json!(["home", 2.5]));
    let series: openapi31_schemas::Series = decode(json!(["temp", 1, 2]));
    assert_eq!(series, openapi31_schemas::Series("temp".into(), vec![1, 2]));
    assert_eq!(
        serde_json::to_value(&series).unwrap(),
        json!(["temp", 1, 2])
    );
    let samples: openapi31_schemas::Samples = decode(json!({"values": [[1, 2], [3, 4.5]]}));
    assert_eq!(
        samples.values[1].1,
        openapi31_schemas::SamplesValuesItemItem1::Number(4.5)
    );
}

#[test]
fn a_tuple_of_the_wrong_length_or_types_is_refused_when_decoding() {
    for wrong in [
        json!(["home"]),
        json!(["home", 2.5, 3]),
        json!([2.5, "home"]),
        json!({"0": "home", "1": 2.5}),
    ] {
        assert!(
            serde_json::from_value::<openapi31_schemas::Point>(wrong.clone()).is_err(),
            "{wrong} decoded"
        );
    }
    assert!(serde_json::from_value::<openapi31_schemas::Series>(json!([])).is_err());
    assert!(serde_json::from_value::<openapi31_schemas::Series>(json!(["t", "x"])).is_err());
}

/// A client of the `openapi31_schemas` fixture sending to `server`.
fn schemas_client(server: &MockServer) -> openapi31_schemas::Client {
    openapi31_schemas::Client::from_builder(
        openapi31_schemas::Client::builder()
            .base_url(server.uri())
            .allow_insecure_http(),
    )
    .unwrap()
}

#[tokio::test]
async fn a_tuple_s_positions_are_checked_before_sending() {
    let server = common::answering(204).await;
    let client = schemas_client(&server);
    let far = openapi31_schemas::Point("far too long".into(), -1.0);
    let Err(Error::Validation(violations)) = client.add_point(&far).await else {
        panic!("a point breaking its positions' constraints was sent")
    };
    let refused = violations.to_string();
    assert!(
        refused.contains("/0: must be at most 8 characters"),
        "{refused}"
    );
    assert!(refused.contains("/1: must be at least 0"), "{refused}");
    let long = openapi31_schemas::Series("t".into(), vec![1, 200, 3, 4]);
    let Err(Error::Validation(violations)) = client.add_series(&long).await else {
        panic!("a series breaking its items' constraints was sent")
    };
    let refused = violations.to_string();
    assert!(refused.contains("/2: must be at most 100"), "{refused}");
    assert!(
        refused.contains("must have at most 4 items (has 5)"),
        "{refused}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());

    client
        .add_point(&openapi31_schemas::Point("home".into(), 0.0))
        .await
        .unwrap();
    let sent = server.received_requests().await.unwrap();
    assert_eq!(sent[0].body_json::<Value>().unwrap(), json!(["home", 0.0]));
}

#[tokio::test]
async fn names_of_maps_and_properties_required_by_others_are_checked_before_sending() {
    let server = common::answering(204).await;
    let client = schemas_client(&server);
    let shipping: openapi31_schemas::Shipping = decode(json!({
        "street": "Main St",
        "labels": {"home": "yes", "Work": "no"},
        "tagged": {"id": "t1", "x-color": "red", "size": "L"},
        "locales": {"en": "Hello", "de": "Hallo"},
        "codes": {"AB": 1, "abc": 2, "ABCD": 3},
        "sizes": {"S": 1, "M": 2}
    }));
    let Err(Error::Validation(violations)) = client.put_shipping(&shipping).await else {
        panic!("a value breaking the names' rules was sent")
    };
    let refused: Vec<String> = violations.0.iter().map(ToString::to_string).collect();
    assert_eq!(
        refused,
        [
            "/labels/Work: the name \"Work\" must match the pattern `^[a-z]+$`",
            "/tagged/size: the name \"size\" must match the pattern `^x-`",
            "/locales/de: the name \"de\" must be one of \"en\", \"fr\" (is \"de\")",
            "/codes/ABCD: the name \"ABCD\" must be at most 3 characters long (is 4)",
            "/codes/abc: the name \"abc\" must match the pattern `^[A-Z]+$`",
            "/sizes/M: the name \"M\" must be one of \"S\", \"L\" (is \"M\")",
            "/: `city` must be present when `street` is",
        ]
    );
    assert!(server.received_requests().await.unwrap().is_empty());

    let fine: openapi31_schemas::Shipping = decode(json!({
        "street": "Main St",
        "city": "Springfield",
        "labels": {"home": "yes"},
        "tagged": {"id": "t1", "x-color": "red"},
        "locales": {"en": "Hello"},
        "codes": {"AB": 1},
        "sizes": {"L": 1}
    }));
    client.put_shipping(&fine).await.unwrap();
    let sent = server.received_requests().await.unwrap();
    assert_eq!(
        sent[0].body_json::<Value>().unwrap()["tagged"]["x-color"],
        "red"
    );
}

#[test]
fn a_webhook_body_decodes_by_name_into_its_payload() {
    use openapi31_webhooks::webhooks::{self, Webhook};
    let body = br#"{"invoice": {"id": "in_1", "total": 5}, "paid_at": "2024-01-02T03:04:05Z"}"#;
    let Ok(Webhook::InvoicePaid(paid)) = webhooks::decode("invoicePaid", body) else {
        panic!("the invoicePaid body did not decode as its payload")
    };
    assert_eq!(paid.invoice.id, "in_1");
    assert_eq!(paid.invoice.total, Nullable::Value(5));
    let voided = webhooks::decode("invoiceVoided", br#"{"id": "in_2"}"#).unwrap();
    assert_eq!(
        voided,
        Webhook::InvoiceVoided(openapi31_webhooks::InvoiceVoidedWebhook {
            id: Some("in_2".into())
        })
    );
    assert_eq!(webhooks::NAMES, ["invoicePaid", "invoiceVoided"]);

    let unknown = webhooks::decode("invoiceLost", b"{}").unwrap_err();
    assert!(
        matches!(&unknown, codegen_tests::runtime::webhook::Error::UnknownName { name, .. } if name == "invoiceLost"),
        "{unknown}"
    );
    let bad = webhooks::decode("invoicePaid", br#"{"paid_at": "yesterday"}"#).unwrap_err();
    assert!(
        matches!(bad, codegen_tests::runtime::webhook::Error::Body { .. }),
        "{bad}"
    );
    assert!(webhooks::decode("invoicePaid", b"not json").is_err());
}

/// Keys named like what the 3.1 stage hands to lowering (`x-openapi31-tuple`,
/// `x-openapi31-propertyNames`...), written by a document itself, are extensions like any other:
/// in a 3.0 or a 3.1 document, the code is the same with them and without them.
#[test]
fn extensions_named_like_the_3_1_facts_change_nothing() {
    let spec = |version: &str, extensions: bool| {
        let (root, tuple, object) = if extensions {
            (
                "x-openapi31-webhooks: {evil: '#/components/schemas/Labels'}",
                "x-openapi31-tuple: true",
                "x-openapi31-namePattern: '^a'\n      x-openapi31-propertyNames: {maxLength: 1}\n      x-openapi31-dependentRequired: {name: [other]}",
            )
        } else {
            ("", "", "")
        };
        format!(
            r#"openapi: {version}
info: {{title: t, version: '1'}}
{root}
paths:
  /labels:
    post:
      operationId: setLabels
      requestBody:
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Labels'
      responses:
        '204':
          description: Done.
components:
  schemas:
    Pair:
      properties:
        '0': {{type: string}}
        '1': {{type: string}}
      additionalProperties: false
      {tuple}
    Labels:
      type: object
      properties:
        name: {{type: string}}
        other: {{type: string}}
      additionalProperties: {{type: string}}
      {object}
"#
        )
    };
    for version in ["3.0.3", "3.1.0"] {
        let code = |extensions: bool| {
            openapi_client_gen::generate_from_str(
                std::path::Path::new("spec.yaml"),
                &spec(version, extensions),
                &openapi_client_gen::Settings::default(),
            )
            .unwrap_or_else(|e| panic!("{e}"))
            .code
        };
        assert_eq!(code(true), code(false), "OpenAPI {version}");
    }
}

/// A tuple in a parameter or a form body is a list of its positions (then its other items),
/// written as each style writes a list.
#[tokio::test]
async fn tuples_in_parameters_and_forms_are_written_as_their_style_writes_a_list() {
    use openapi31_tuple_params as fixture;
    let server = common::answering(204).await;
    let client = fixture::Client::from_builder(
        fixture::Client::builder()
            .base_url(server.uri())
            .allow_insecure_http(),
    )
    .unwrap();
    let point = fixture::Point("a b".into(), 1.5);
    let params = fixture::FindPointsParams {
        at: Some(point.clone()),
        near: Some(fixture::FindPointsNear(2.0, -3.25, vec![])),
        r#box: Some(fixture::FindPointsBox {
            corner: Some(point.clone()),
        }),
    };
    let pair = fixture::FindPointsPair("x".into(), 7, vec!["y".into(), "z".into()]);
    client.find_points(&pair, &params).await.unwrap();
    let body = fixture::AddPointRequest {
        at: point,
        label: Some("here".into()),
    };
    client.add_point(&body).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.path(), "/points/x,7,y,z");
    assert_eq!(
        requests[0].url.query(),
        Some("at=a%20b,1.5&near=2.0&near=-3.25&box[corner][]=a%20b&box[corner][]=1.5")
    );
    assert_eq!(
        String::from_utf8_lossy(&requests[1].body),
        "at=a%20b%2C1.5&label=here"
    );
}
