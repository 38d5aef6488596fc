//! Spec-derived validation and builders: every constraint kind on the validation fixture, in
//! every place it can sit (properties, items, map values, union alternatives, whole bodies), the
//! five vendors' rules enforced before anything is sent, and property tests.

mod common;

use codegen_tests::fixtures::enums;
use codegen_tests::fixtures::validation::{
    self, Address, Code, Contact, Labels, Person, PersonKind, PhoneNumber, Settings,
    SettingsAnswer, SettingsNote, TagList, Tree,
};
use codegen_tests::runtime::{Error, Nullable, Validate, Violations};
use common::{examples, vendor_spec};
use crm_contact_clients::{acquire, getraze, highlevel, leadlex, linq};
use proptest::prelude::*;
use serde_json::{Value, json};
use wiremock::matchers::any as any_request;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A person that satisfies every constraint of the fixture.
fn valid_person() -> Value {
    json!({
        "kind": "person",
        "name": "Ann",
        "email": "ann@example.com",
        "website": "https://example.com/ann",
        "phone": "+15551234567",
        "country": "DE",
        "age": 40,
        "score": 0.75,
        "tags": ["vip", "eu"],
        "address": {"postcode": "10115", "nickname": null},
        "contact": {"phone": "+15550000000"}
    })
}

/// The violations of `person` with `change` applied, as `path: rule` lines.
fn violations_after(change: impl FnOnce(&mut Value)) -> Vec<String> {
    let mut person = valid_person();
    change(&mut person);
    let typed: Person = serde_json::from_value(person).expect("decodes");
    match typed.validate() {
        Ok(()) => Vec::new(),
        Err(Violations(all)) => all.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn a_valid_value_passes() {
    assert_eq!(violations_after(|_| {}), Vec::<String>::new());
}

#[test]
fn each_constraint_kind_is_enforced_with_its_path() {
    type Change = Box<dyn FnOnce(&mut Value)>;
    let cases: Vec<(&str, Change)> = vec![
        ("minLength", Box::new(|p| p["name"] = json!(""))),
        (
            "maxLength",
            Box::new(|p| p["name"] = json!("Bartholomew-Jones")),
        ),
        ("pattern", Box::new(|p| p["country"] = json!("de"))),
        (
            "pattern through a $ref",
            Box::new(|p| p["phone"] = json!("5551234567")),
        ),
        (
            "format email",
            Box::new(|p| p["email"] = json!("ann.example.com")),
        ),
        (
            "format uri",
            Box::new(|p| p["website"] = json!("not a uri")),
        ),
        ("minimum", Box::new(|p| p["age"] = json!(-1))),
        ("maximum", Box::new(|p| p["age"] = json!(151))),
        ("exclusiveMinimum", Box::new(|p| p["score"] = json!(0))),
        ("multipleOf", Box::new(|p| p["score"] = json!(0.3))),
        ("minItems", Box::new(|p| p["tags"] = json!([]))),
        (
            "maxItems",
            Box::new(|p| p["tags"] = json!(["ab", "cd", "ef", "gh"])),
        ),
        ("uniqueItems", Box::new(|p| p["tags"] = json!(["ab", "ab"]))),
        (
            "item constraint",
            Box::new(|p| p["tags"] = json!(["ok", "x"])),
        ),
        (
            "array item through a $ref",
            Box::new(|p| {
                p.as_object_mut().unwrap().remove("website");
                p["phones"] = json!(["+1555", "12"]);
            }),
        ),
        ("enum", Box::new(|p| p["kind"] = json!("robot"))),
        ("enum of integers", Box::new(|p| p["level"] = json!(4))),
        (
            "nested object",
            Box::new(|p| p["address"]["postcode"] = json!("1234")),
        ),
        (
            "nullable with a value",
            Box::new(|p| p["address"]["nickname"] = json!("Rosebud")),
        ),
        (
            "anyOf of required",
            Box::new(|p| {
                p.as_object_mut().unwrap().remove("name");
                p.as_object_mut().unwrap().remove("email");
            }),
        ),
        (
            "oneOf of required: neither",
            Box::new(|p| p["contact"] = json!({})),
        ),
        (
            "oneOf of required: both",
            Box::new(|p| p["contact"] = json!({"phone": "1", "fax": "2"})),
        ),
        ("maxProperties", Box::new(|p| p["phones"] = json!([]))),
    ];
    let mut report = String::new();
    for (kind, change) in cases {
        let violations = violations_after(change);
        assert!(!violations.is_empty(), "{kind}: accepted");
        report.push_str(&format!("{kind}:\n"));
        for v in &violations {
            report.push_str(&format!("  {v}\n"));
        }
    }
    insta::assert_snapshot!(report);
}

#[test]
fn property_counts_are_enforced() {
    let minimal: Person = serde_json::from_value(json!({"kind": "company"})).unwrap();
    let violations = minimal.validate().unwrap_err().to_string();
    assert!(
        violations.contains("/: must have at least 2 properties (has 1)"),
        "{violations}"
    );
    // Properties the schema does not list are not kept, so they do not count.
    assert_eq!(
        violations_after(|p| p["extra"] = json!("dropped")),
        Vec::<String>::new()
    );
    let too_many = violations_after(|p| p["phones"] = json!([]));
    assert_eq!(too_many, ["/: must have at most 11 properties (has 12)"]);
}

#[test]
fn every_violation_is_reported_at_once() {
    let violations = violations_after(|p| {
        p["name"] = json!("");
        p["email"] = json!("nope");
        p["age"] = json!(200);
        p["address"]["postcode"] = json!("x");
    });
    let paths: Vec<&str> = violations
        .iter()
        .map(|v| v.split(':').next().unwrap())
        .collect();
    assert_eq!(paths, ["/name", "/email", "/age", "/address/postcode"]);
}

#[test]
fn unconstrained_values_are_never_rejected() {
    let person: Person = serde_json::from_value(
        json!({"kind": "person", "name": "x", "contact": {"fax": "anything at all ✓"}}),
    )
    .unwrap();
    person.validate().unwrap();
}

#[test]
fn builders_read_like_the_docs_and_validate() {
    let person = Person::builder()
        .kind(PersonKind::Person)
        .name("Ann")
        .email("ann@example.com")
        .tags(["vip", "eu"])
        .address(
            Address::builder()
                .postcode("10115")
                .clear_nickname()
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    assert_eq!(
        person.tags.as_deref(),
        Some(&["vip".to_owned(), "eu".to_owned()][..])
    );
    assert_eq!(person.address.as_ref().unwrap().nickname, Nullable::Null);

    // `build` reports missing required properties, then every constraint.
    let missing = Person::builder()
        .name("Ann")
        .build()
        .unwrap_err()
        .to_string();
    assert!(missing.contains("/kind: is required"), "{missing}");
    let invalid = Person::builder()
        .kind("person")
        .email("bad")
        .empty_tags()
        .build()
        .unwrap_err();
    let rules: Vec<String> = invalid.0.iter().map(ToString::to_string).collect();
    assert_eq!(
        rules,
        [
            "/email: must be an e-mail address",
            "/tags: must have at least 1 item (has 0)"
        ]
    );

    // Struct literals keep working.
    let literal = Contact {
        phone: Some(PhoneNumber::from("+1")),
        ..Default::default()
    };
    literal.validate().unwrap();
}

#[test]
fn the_client_refuses_invalid_parameters_and_bodies_before_sending() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(any_request())
            .respond_with(ResponseTemplate::new(204))
            .mount(&server)
            .await;
        let client = validation::Client::from_builder(
            validation::Client::builder()
                .base_url(server.uri())
                .allow_insecure_http(),
        )
        .unwrap();
        let params = validation::UpdatePersonParams { limit: Some(0) };
        let body: Person = serde_json::from_value(json!({"kind": "person", "name": ""})).unwrap();
        let error = client
            .update_person("ab", &params, &body)
            .await
            .unwrap_err();
        let Error::Validation(violations) = error else {
            panic!("{error:?}")
        };
        let rules: Vec<String> = violations.0.iter().map(ToString::to_string).collect();
        assert_eq!(
            rules,
            [
                "/path/id: must be at least 3 characters long (is 2)",
                "/params/limit: must be at least 1 (is 0)",
                "/name: must be at least 1 character long (is 0)",
            ]
        );
        assert_eq!(
            server.received_requests().await.unwrap().len(),
            0,
            "nothing reaches the server"
        );

        let valid: Person =
            serde_json::from_value(json!({"kind": "person", "name": "Ann"})).unwrap();
        client
            .update_person("abc", &validation::UpdatePersonParams::default(), &valid)
            .await
            .unwrap();
        assert_eq!(server.received_requests().await.unwrap().len(), 1);
    });
}

/// The violations of a `Settings` decoded from `value`, as `path: rule` lines.
fn settings_violations(value: Value) -> Vec<String> {
    let settings: Settings = serde_json::from_value(value).expect("decodes");
    match settings.validate() {
        Ok(()) => Vec::new(),
        Err(Violations(all)) => all.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn map_values_are_checked_at_their_key() {
    assert_eq!(
        settings_violations(json!({
            "labels": {"a": "ok", "a/b": "fine"},
            "named": {"x": "short", "y": ""},
            "limits": {"a": [0, 9], "b": []},
            "codes": {"eu": "EUR"},
            "extras": {"name": "anything at all", "speed": 10, "size": -3}
        })),
        Vec::<String>::new()
    );
    assert_eq!(
        settings_violations(json!({
            "labels": {"a": "ok", "a/b": "Not-OK"},
            "named": {"w": "a", "x": "longer", "y": "b", "z": "c"},
            "limits": {"a": [0, -1, 2]},
            "codes": {"eu": "eur"},
            "extras": {"name": "anything at all", "speed": 11}
        })),
        [
            "/labels/a~1b: must match the pattern `^[a-z]+$`",
            "/named: must have at most 3 properties (has 4)",
            "/named/x: must be at most 5 characters long (is 6)",
            "/limits/a: must have at most 2 items (has 3)",
            "/limits/a/1: must be at least 0 (is -1)",
            "/codes/eu: must match the pattern `^[A-Z]{3}$`",
            // Properties of a struct not listed in its schema sit beside the listed ones.
            "/extras/speed: must be at most 10 (is 11)",
        ]
    );
    assert_eq!(
        settings_violations(json!({"labels": {}})),
        ["/labels: must have at least 1 property (has 0)"]
    );
}

#[test]
fn a_reference_to_an_all_of_of_one_reference_carries_its_rules() {
    assert_eq!(
        settings_violations(json!({"wrapped": "EUR"})),
        Vec::<String>::new()
    );
    assert_eq!(
        settings_violations(json!({"wrapped": "eur"})),
        ["/wrapped: must match the pattern `^[A-Z]{3}$`"]
    );
}

/// A bound beside an `allOf` of one reference adds to the referenced schema's own bounds.
#[test]
fn a_bound_beside_a_reference_adds_to_the_referenced_bounds() {
    assert_eq!(
        settings_violations(json!({"capped": 10})),
        Vec::<String>::new()
    );
    assert_eq!(
        settings_violations(json!({"capped": 0})),
        ["/capped: must be at least 1 (is 0)"]
    );
    assert_eq!(
        settings_violations(json!({"capped": 11})),
        ["/capped: must be at most 10 (is 11)"]
    );
}

#[test]
fn union_alternatives_are_checked_at_the_unions_path() {
    assert_eq!(
        settings_violations(json!({
            "answer": ["ab", "cd"],
            "note": "short",
            "shape": {"kind": "circle", "radius": 0}
        })),
        Vec::<String>::new()
    );
    assert_eq!(
        settings_violations(json!({"answer": 7, "note": 0.5})),
        Vec::<String>::new()
    );
    // Untagged (`oneOf`, `anyOf`), alternatives written in place or a `$ref` to an alias.
    assert_eq!(
        settings_violations(json!({"answer": ["x", "ab", "ab", "cd"], "note": "too long"})),
        [
            "/answer: must have at most 3 items (has 4)",
            "/answer: items must be unique (item 2 repeats an earlier one)",
            "/answer/0: must be at least 2 characters long (is 1)",
            "/note: must be at most 5 characters long (is 8)",
        ]
    );
    assert_eq!(
        settings_violations(json!({"answer": 12, "note": -1})),
        [
            "/answer: must be at most 9 (is 12)",
            "/note: must be at least 0 (is -1)",
        ]
    );
    // Tagged: the alternative is a struct, checked with its own properties.
    assert_eq!(
        settings_violations(json!({"shape": {"kind": "square", "side": 0}})),
        ["/shape/side: must be greater than 0 (is 0)"]
    );
    let nan = Settings {
        note: Some(SettingsNote::Number(f64::NAN)),
        ..Default::default()
    };
    assert_eq!(
        nan.validate().unwrap_err().to_string(),
        "1 violation\n  /note: must be a finite number: JSON has no NaN or infinity (is NaN)"
    );
    // Unions are checked wherever they are: here as the items of a list.
    let answers = vec![SettingsAnswer::Integer(1), SettingsAnswer::Integer(10)];
    assert_eq!(
        answers.validate().unwrap_err().to_string(),
        "1 violation\n  /1: must be at most 9 (is 10)"
    );
}

#[test]
fn boolean_enums_accept_only_their_values() {
    assert_eq!(
        settings_violations(json!({"consent": true, "opt_out": false, "either": false})),
        Vec::<String>::new()
    );
    assert_eq!(
        settings_violations(json!({"opt_out": null, "either": true})),
        Vec::<String>::new()
    );
    assert_eq!(
        settings_violations(json!({"consent": false, "opt_out": true})),
        [
            "/consent: must be one of true (is false)",
            "/opt_out: must be one of false, null (is true)",
        ]
    );
    let refused = Settings::builder().consent(false).build().unwrap_err();
    assert_eq!(
        refused.to_string(),
        "1 violation\n  /consent: must be one of true (is false)"
    );
    Settings::builder()
        .consent(true)
        .clear_opt_out()
        .build()
        .unwrap();
}

/// The rules a refused call broke, as `path: rule` lines; `None` when the call succeeded.
fn refused<T, E: std::fmt::Debug>(result: Result<T, Error<E>>) -> Option<Vec<String>> {
    match result {
        Ok(_) => None,
        Err(Error::Validation(violations)) => {
            Some(violations.0.iter().map(ToString::to_string).collect())
        }
        Err(other) => panic!("expected a validation error, got {other:?}"),
    }
}

#[tokio::test]
async fn bodies_that_are_arrays_maps_strings_or_newtypes_are_checked_before_sending() {
    let server = MockServer::start().await;
    Mock::given(any_request())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = validation::Client::from_builder(
        validation::Client::builder()
            .base_url(server.uri())
            .allow_insecure_http(),
    )
    .unwrap();

    // A `$ref` to an array, a string, a map; an array in place; a recursive array.
    let tags: TagList = vec!["x".into(), "ab".into(), "ab".into(), "cd".into()];
    assert_eq!(
        refused(client.put_tags(&tags).await).unwrap(),
        [
            "/: must have at most 3 items (has 4)",
            "/: items must be unique (item 2 repeats an earlier one)",
            "/0: must be at least 2 characters long (is 1)",
        ]
    );
    let code: Code = "eur".into();
    assert_eq!(
        refused(client.put_code(&code).await).unwrap(),
        ["/: must match the pattern `^[A-Z]{3}$`"]
    );
    let labels: Labels = [("a", "1"), ("b", "2"), ("c", "3"), ("d", "toolong")]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .into();
    assert_eq!(
        refused(client.put_labels(Some(&labels)).await).unwrap(),
        [
            "/: must have at most 3 properties (has 4)",
            "/d: must be at most 5 characters long (is 7)",
        ]
    );
    assert_eq!(
        refused(client.put_scores(&vec![3, -1, 2]).await).unwrap(),
        [
            "/: must have at most 2 items (has 3)",
            "/1: must be at least 0 (is -1)",
        ]
    );
    let leaf = || Tree(Vec::new());
    let tree = Tree(vec![leaf(), Tree(vec![leaf(), leaf(), leaf()])]);
    assert_eq!(
        refused(client.put_tree(&tree).await).unwrap(),
        ["/1: must have at most 2 items (has 3)"]
    );
    // A newtype checks itself: `validate` finds the same.
    assert_eq!(
        tree.validate().unwrap_err().to_string(),
        "1 violation\n  /1: must have at most 2 items (has 3)"
    );
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "nothing reaches the server"
    );

    // Valid bodies are sent.
    assert!(refused(client.put_tags(&vec!["ab".into(), "cd".into()]).await).is_none());
    assert!(refused(client.put_code(&"EUR".into()).await).is_none());
    assert!(refused(client.put_labels(None).await).is_none());
    assert!(refused(client.put_scores(&vec![0, 5]).await).is_none());
    assert!(
        refused(
            client
                .put_tree(&Tree(vec![leaf(), Tree(vec![leaf()])]))
                .await
        )
        .is_none()
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 5);
}

/// The violations of an `enums::Vote` decoded from `value`, as `path: rule` lines.
fn vote_violations(value: Value) -> Vec<String> {
    let vote: enums::Vote = serde_json::from_value(value).expect("decodes");
    match vote.validate() {
        Ok(()) => Vec::new(),
        Err(Violations(all)) => all.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn enums_mixing_kinds_accept_only_their_values() {
    // Every value listed, in every position: required, inline, nullable, items, through `allOf`.
    assert_eq!(
        vote_violations(json!({
            "choice": "auto",
            "answer": null,
            "scale": 0.5,
            "picks": [1, 2.5, "auto"],
            "maybe": null
        })),
        Vec::<String>::new()
    );
    // Numbers compare by value: `1.0` is the listed `1`, `1` the listed `1` of `[0.5, 1, 2]`.
    assert_eq!(
        vote_violations(json!({"choice": 1.0, "answer": 1.0, "scale": 1, "picks": [2.50, 1e0]})),
        Vec::<String>::new()
    );
    assert_eq!(
        vote_violations(json!({
            "choice": "Auto",
            "answer": "three",
            "scale": 1.5,
            "picks": ["auto", 3, "1"],
            "maybe": {"auto": 1}
        })),
        [
            r#"/choice: must be one of "auto", 1, 2.5 (is "Auto")"#,
            r#"/answer: must be one of 1, "two", null (is "three")"#,
            "/scale: must be one of 0.5, 1, 2, null (is 1.5)",
            r#"/picks/1: must be one of "auto", 1, 2.5 (is 3)"#,
            r#"/picks/2: must be one of "auto", 1, 2.5 (is "1")"#,
            r#"/maybe: must be one of "auto", 1, 2.5, null (is {"auto":1})"#,
        ]
    );
    // `null` only where the enum lists it or the schema is `nullable`: not for `choice`, which
    // is required (`None` is sent as `null`), nor for `Change.mixed` cleared to `null`.
    assert_eq!(
        vote_violations(json!({"choice": null})),
        [r#"/choice: must be one of "auto", 1, 2.5 (is null)"#]
    );
    let mut cleared: enums::Change =
        serde_json::from_value(json!({"op": "add", "status": "done", "mixed": "auto"})).unwrap();
    cleared.validate().unwrap();
    cleared.mixed = Nullable::Null;
    assert_eq!(
        cleared.validate().unwrap_err().to_string(),
        "1 violation\n  /mixed: must be one of \"auto\", 1, 2.5 (is null)"
    );

    // Builders check them too.
    let vote = enums::Vote::builder()
        .choice(json!(2.5))
        .picks([json!("auto")])
        .build()
        .unwrap();
    assert_eq!(vote.choice, Some(json!(2.5)));
    let refused = enums::Vote::builder()
        .choice(json!(true))
        .build()
        .unwrap_err();
    assert_eq!(
        refused.to_string(),
        "1 violation\n  /choice: must be one of \"auto\", 1, 2.5 (is true)"
    );
}

#[tokio::test]
async fn the_client_refuses_values_outside_an_enum_mixing_kinds() {
    let server = MockServer::start().await;
    Mock::given(any_request())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = enums::Client::from_builder(
        enums::Client::builder()
            .base_url(server.uri())
            .allow_insecure_http(),
    )
    .unwrap();
    let bad = enums::Vote {
        choice: Some(json!("manual")),
        ..Default::default()
    };
    let params = enums::CastVoteParams {
        weight: Some(json!("light")),
    };
    let Err(Error::Validation(violations)) = client.cast_vote(&params, &bad).await else {
        panic!("a value outside the enum was accepted")
    };
    assert_eq!(
        violations.to_string(),
        "2 violations\n  \
         /params/weight: must be one of 1, \"heavy\" (is \"light\")\n  \
         /choice: must be one of \"auto\", 1, 2.5 (is \"manual\")"
    );
    assert!(server.received_requests().await.unwrap().is_empty());

    let good = enums::Vote {
        choice: Some(json!(1)),
        ..Default::default()
    };
    let params = enums::CastVoteParams {
        weight: Some(json!(1.0)),
    };
    client.cast_vote(&params, &good).await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    assert_eq!(
        serde_json::from_slice::<Value>(&received[0].body).unwrap(),
        json!({"choice": 1})
    );
}

#[test]
fn every_documented_vendor_request_validates() {
    fn check<T: serde::de::DeserializeOwned + Validate>(vendor: &str, value: Value) {
        let typed: T = serde_json::from_value(value).unwrap();
        typed
            .validate()
            .unwrap_or_else(|v| panic!("{vendor}: a documented example is refused: {v}"));
    }
    for vendor in ["linq", "highlevel", "leadlex", "getraze", "acquire"] {
        for example in examples(&vendor_spec(vendor))
            .into_iter()
            .filter(|e| e.place == "request")
        {
            match vendor {
                "linq" => check::<linq::UpdateContactRequest>(vendor, example.value),
                "highlevel" => check::<highlevel::UpdateContactRequest>(vendor, example.value),
                "leadlex" => check::<leadlex::UpdateContactRequest>(vendor, example.value),
                "getraze" => check::<getraze::UpdateContactRequest>(vendor, example.value),
                _ => check::<acquire::UpdateContactRequest>(vendor, example.value),
            }
        }
    }
}

/// Sends a bad update with each vendor's client and returns the refusal; the server must see
/// nothing.
#[tokio::test]
async fn realistic_bad_updates_are_refused_before_any_request() {
    let server = MockServer::start().await;
    Mock::given(any_request())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    fn local<C>(
        b: codegen_tests::runtime::ClientBuilder<C>,
        server: &MockServer,
    ) -> codegen_tests::runtime::ClientBuilder<C> {
        b.base_url(server.uri()).allow_insecure_http()
    }
    let mut refusals = String::new();

    // Linq: an update of only `company` breaks "at least one of first_name, last_name, email,
    // phone_number".
    let linq = linq::Client::from_builder(local(linq::Client::builder("t"), &server)).unwrap();
    let only_company = linq::UpdateContactRequest::builder().contact(linq::ContactFields {
        company: Some("Acme".into()),
        ..Default::default()
    });
    let error = only_company.build().unwrap_err();
    refusals.push_str(&format!("linq, only company (builder): {error}\n"));
    let body = linq::UpdateContactRequest {
        contact: linq::ContactFields {
            company: Some("Acme".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    let Err(Error::Validation(v)) = linq.update_contact(1, &body).await else {
        panic!("linq accepted an empty update")
    };
    refusals.push_str(&format!("linq, only company (client): {v}\n"));

    // HighLevel: a phone without `+`, and country codes that are not ISO 3166-1 alpha-2.
    let highlevel =
        highlevel::Client::from_builder(local(highlevel::Client::builder("t"), &server)).unwrap();
    for (label, body) in [
        (
            "phone without +",
            highlevel::UpdateContactRequest::builder().phone("15551234567"),
        ),
        (
            "lower-case country",
            highlevel::UpdateContactRequest::builder().country("us"),
        ),
        (
            "three-letter country",
            highlevel::UpdateContactRequest::builder().country("USA"),
        ),
        (
            "malformed email",
            highlevel::UpdateContactRequest::builder().email("jane@"),
        ),
    ] {
        let error = body.build().unwrap_err();
        refusals.push_str(&format!("highlevel, {label}: {error}\n"));
    }
    let body = highlevel::UpdateContactRequest {
        phone: Some("555-1234".into()),
        country: Some("usa".into()),
        ..Default::default()
    };
    let Err(Error::Validation(v)) = highlevel.update_contact("id1", &body).await else {
        panic!("highlevel accepted a bad phone")
    };
    // The phone's pattern, and the country's length and pattern.
    assert_eq!(v.0.len(), 3, "{v}");

    // LeadLex, GetRaze, Acquire: malformed e-mail addresses; LeadLex: a malformed UUID id never
    // becomes an id at all.
    let leadlex =
        leadlex::Client::from_builder(local(leadlex::Client::builder("t"), &server)).unwrap();
    assert!(
        "123e4567".parse::<uuid::Uuid>().is_err(),
        "the docs' short id is not a UUID"
    );
    let body = leadlex::UpdateContactRequest {
        email: Some("jane@@example.com".into()),
        ..Default::default()
    };
    let id = "123e4567-e89b-12d3-a456-426614174000".parse().unwrap();
    let Err(Error::Validation(v)) = leadlex.update_contact(id, &body).await else {
        panic!("leadlex accepted a bad email")
    };
    refusals.push_str(&format!("leadlex, malformed email: {v}\n"));
    let getraze =
        getraze::Client::from_builder(local(getraze::Client::builder("t"), &server)).unwrap();
    let body = getraze::UpdateContactRequest {
        linkedin_url: Some("linkedin.com/in/x".into()),
        ..Default::default()
    };
    let Err(Error::Validation(v)) = getraze.update_contact("cnt_1", &body).await else {
        panic!("getraze accepted a relative URL")
    };
    refusals.push_str(&format!("getraze, relative linkedin_url: {v}\n"));
    let acquire =
        acquire::Client::from_builder(local(acquire::Client::builder("acme", "t"), &server))
            .unwrap();
    let body = acquire::UpdateContactRequest {
        email: Some("not an email".into()),
        ..Default::default()
    };
    let Err(Error::Validation(v)) = acquire.update_contact(2, &body).await else {
        panic!("acquire accepted a bad email")
    };
    refusals.push_str(&format!("acquire, malformed email: {v}\n"));

    assert_eq!(
        server.received_requests().await.unwrap().len(),
        0,
        "a refused request reached the server"
    );
    insta::assert_snapshot!(refusals);
}

/// Values that satisfy every constraint of the fixture's `Person` schema.
fn valid_people() -> impl Strategy<Value = Person> {
    let name = "[A-Za-z ]{1,10}";
    let email = "[a-z]{1,8}@[a-z]{1,8}\\.(com|org|de)";
    let phone = "\\+[1-9][0-9]{1,14}";
    let tag = "[a-z]{2,6}";
    (
        prop::option::of(name),
        prop::option::of(email),
        prop::option::of(phone),
        prop::option::of("[A-Z]{2}"),
        prop::option::of(0i64..=150),
        prop::option::of(1u8..=4),
        prop::option::of(prop::collection::btree_set(tag, 1..=3)),
        prop::option::of(prop::collection::vec(phone, 0..4)),
        prop::option::of(("[0-9]{5}", prop::option::of("[a-z]{0,5}"))),
    )
        .prop_filter(
            "anyOf: name or email, and at least two properties",
            |(name, email, ..)| name.is_some() || email.is_some(),
        )
        .prop_map(
            |(name, email, phone, country, age, quarters, tags, phones, address)| Person {
                kind: PersonKind::Company,
                name,
                email,
                website: None,
                phone,
                country,
                age,
                level: None,
                score: quarters.map(|q| f64::from(q) * 0.25),
                tags: tags.map(|t| t.into_iter().collect()),
                phones,
                address: address.map(|(postcode, nickname)| Address {
                    postcode,
                    nickname: nickname.into(),
                }),
                contact: None,
            },
        )
}

proptest! {
    #[test]
    fn values_that_satisfy_the_schema_always_validate(person in valid_people()) {
        prop_assert!(person.validate().is_ok(), "{:?}", person.validate());
    }

    #[test]
    fn the_validator_never_panics(
        name in any::<String>(),
        email in any::<String>(),
        country in any::<String>(),
        website in any::<String>(),
        age in any::<i64>(),
        score in any::<f64>(),
        tags in prop::collection::vec(any::<String>(), 0..6),
    ) {
        let person = Person {
            kind: PersonKind::from(name.as_str()),
            name: Some(name),
            email: Some(email),
            website: Some(website),
            country: Some(country.clone()),
            phone: Some(PhoneNumber::from(country)),
            age: Some(age),
            score: Some(score),
            tags: Some(tags),
            ..Person { kind: PersonKind::Person, name: None, email: None, website: None, phone: None, country: None, age: None, level: None, score: None, tags: None, phones: None, address: None, contact: None }
        };
        let _ = person.validate();
    }

    #[test]
    fn arbitrary_json_never_panics_decoding_or_validating(value in arbitrary_json()) {
        if let Ok(person) = serde_json::from_value::<Person>(value) {
            let _ = person.validate();
        }
    }
}

/// Arbitrary JSON, biased towards objects with the schema's property names.
fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,12}".prop_map(Value::from),
    ];
    let keys = prop_oneof![
        Just("kind".to_owned()),
        Just("name".to_owned()),
        Just("email".to_owned()),
        Just("tags".to_owned()),
        Just("age".to_owned()),
        Just("score".to_owned()),
        Just("address".to_owned()),
        Just("postcode".to_owned()),
        Just("contact".to_owned()),
        Just("phone".to_owned()),
        "[a-z]{1,6}",
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(keys.clone(), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}
