//! What the code generated from OpenAPI 3.1 documents does at run time: the same guarantees as
//! for 3.0 (tri-state fields, values checked before sending), from the 3.1 ways of writing them.

use codegen_tests::fixtures::{openapi31, openapi31_refs, openapi31_webhooks};
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
    let short = decode::<openapi31::Pet>(pet(json!({"chip": "ab"})));
    let small = decode::<openapi31::Pet>(pet(json!({"chip": 12})));
    assert!(short.validate().is_err() && small.validate().is_err());
    assert!(text.validate().is_ok() && number.validate().is_ok());
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
    // The bound written beside the reference is checked, and so is the referenced schema's.
    assert!(order.validate().is_err());
    let mut none: openapi31_refs::Order = decode(json!({
        "id": "o1", "status": "open", "note": null, "quantity": 0
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
