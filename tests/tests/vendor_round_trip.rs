//! Every request and response example in the five vendor specs decodes into the generated types
//! and encodes back to the same JSON; partial updates send only what was set.

use crm_contact_clients::runtime::Nullable;
use crm_contact_clients::{acquire, getraze, highlevel, leadlex, linq};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

mod common;

use common::{equivalent, examples, vendor_spec, vendors};

type RoundTrip = fn(&Value) -> Result<Value, String>;

/// Decodes `example` as `T` and encodes it again.
fn round_trip<T: DeserializeOwned + Serialize>(example: &Value) -> Result<Value, String> {
    let typed: T =
        serde_json::from_value(example.clone()).map_err(|e| format!("does not decode: {e}"))?;
    serde_json::to_value(&typed).map_err(|e| format!("does not encode: {e}"))
}

/// The generated type for the body at `place` (`request` or a status code) of a vendor's
/// update-contact operation.
fn type_for(vendor: &str, place: &str) -> Option<RoundTrip> {
    Some(match (vendor, place) {
        ("linq", "request") => round_trip::<linq::UpdateContactRequest>,
        ("linq", "200") => round_trip::<linq::UpdateContactResponse>,
        ("linq", "404") => round_trip::<linq::ErrorResponse>,
        ("highlevel", "request") => round_trip::<highlevel::UpdateContactRequest>,
        ("highlevel", "200") => round_trip::<highlevel::UpdateContactResponse>,
        ("leadlex", "request") => round_trip::<leadlex::UpdateContactRequest>,
        ("leadlex", "200") => round_trip::<leadlex::UpdateContactResponse>,
        ("leadlex", "400" | "401" | "403" | "404" | "429") => round_trip::<leadlex::ErrorResponse>,
        ("getraze", "request") => round_trip::<getraze::UpdateContactRequest>,
        ("getraze", "200") => round_trip::<getraze::UpdateContactResponse>,
        ("getraze", "400" | "404") => round_trip::<getraze::ErrorResponse>,
        ("acquire", "request") => round_trip::<acquire::UpdateContactRequest>,
        ("acquire", "200") => round_trip::<acquire::UpdateContactResponse>,
        _ => return None,
    })
}

#[test]
fn every_documented_example_round_trips() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for vendor in vendors() {
        let vendor = vendor.as_str();
        let spec = vendor_spec(vendor);
        let found = examples(&spec);
        assert!(!found.is_empty(), "{vendor}: no examples found");
        for example in found {
            let Some(round_trip) = type_for(vendor, &example.place) else {
                failures.push(format!(
                    "{vendor} #{}: no generated type registered for `{}`: add it to `type_for` in tests/tests/vendor_round_trip.rs",
                    example.pointer, example.place
                ));
                continue;
            };
            checked += 1;
            let result =
                round_trip(&example.value).and_then(|back| equivalent(&example.value, &back, ""));
            if let Err(e) = result {
                failures.push(format!("{vendor} #{}: {e}", example.pointer));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "examples that do not round-trip:\n{}",
        failures.join("\n")
    );
    // Each vendor documents at least a request and a success example.
    assert!(checked >= 10, "only {checked} examples checked");
}

#[test]
fn equivalence_is_strict_except_for_timestamp_spelling() {
    let same_instant = equivalent(
        &json!({"t": "2025-07-30T10:00:00.000-05:00"}),
        &json!({"t": "2025-07-30T10:00:00-05:00"}),
        "",
    );
    assert!(same_instant.is_ok());
    for (expected, actual) in [
        (
            json!({"t": "2025-07-30T10:00:00-05:00"}),
            json!({"t": "2025-07-30T15:00:00Z"}),
        ),
        (json!({"a": 1}), json!({"a": 1, "b": null})),
        (json!({"a": "x"}), json!({"a": "y"})),
        (json!([1, 2]), json!([1])),
    ] {
        assert!(
            equivalent(&expected, &actual, "").is_err(),
            "{expected} ~ {actual}"
        );
    }
}

#[test]
fn linq_partial_update_sends_only_what_was_set() {
    let body = linq::UpdateContactRequest {
        contact: linq::ContactFields {
            email: Some("newemail@example.com".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    // Exactly the docs' "update email only" example.
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({"contact": {"email": "newemail@example.com"}})
    );
}

#[test]
fn getraze_partial_update_matches_the_docs_request() {
    let body = getraze::UpdateContactRequest {
        position: Some("VP of Engineering".into()),
        tags: Some(vec!["hot-lead".into(), "enterprise".into()]),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_string(&body).unwrap(),
        r#"{"position":"VP of Engineering","tags":["hot-lead","enterprise"]}"#
    );
}

#[test]
fn highlevel_can_clear_tags_with_an_empty_list() {
    let body = highlevel::UpdateContactRequest {
        tags: Some(Vec::new()),
        ..Default::default()
    };
    assert_eq!(serde_json::to_value(&body).unwrap(), json!({"tags": []}));
    let untouched = highlevel::UpdateContactRequest::default();
    assert_eq!(serde_json::to_value(&untouched).unwrap(), json!({}));
}

#[test]
fn leadlex_update_uses_wire_names() {
    let body = leadlex::UpdateContactRequest {
        job_title: Some("Chief Legal Officer".into()),
        notes: Some("Promoted to CLO in Q1 2026".into()),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({"job_title": "Chief Legal Officer", "notes": "Promoted to CLO in Q1 2026"})
    );
}

#[test]
fn acquire_nullable_fields_are_tri_state() {
    let cleared = acquire::UpdateContactRequest {
        client_device_type: Nullable::Null,
        client_device_model: Nullable::Value("Pixel".into()),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&cleared).unwrap(),
        json!({"clientDeviceType": null, "clientDeviceModel": "Pixel"})
    );
    let decoded: acquire::UpdateContactRequest =
        serde_json::from_value(json!({"clientDeviceVendor": null})).unwrap();
    assert_eq!(decoded.client_device_vendor, Nullable::Null);
    assert_eq!(decoded.client_device_type, Nullable::Absent);
}

#[test]
fn highlevel_version_header_is_described_as_a_constant() {
    let op = highlevel::operations::UPDATE_CONTACT;
    let version = op
        .parameters
        .iter()
        .find(|p| p.name == "Version")
        .expect("Version header");
    assert_eq!(version.constant, Some("2021-07-28"));
    assert!(version.required);
}

#[test]
fn operations_describe_method_path_and_auth() {
    use crm_contact_clients::runtime::describe::{Location, Method, SecurityScheme};
    let cases = [
        (
            linq::operations::UPDATE_CONTACT,
            Method::Put,
            "/api/partner/v2/contacts/{id}",
        ),
        (
            highlevel::operations::UPDATE_CONTACT,
            Method::Put,
            "/contacts/{contactId}",
        ),
        (
            leadlex::operations::UPDATE_CONTACT,
            Method::Patch,
            "/v1/contacts/{id}",
        ),
        (
            getraze::operations::UPDATE_CONTACT,
            Method::Put,
            "/external/v1/contacts/{id}",
        ),
        (
            acquire::operations::UPDATE_CONTACT,
            Method::Put,
            "/crm/objects/contact/{contactId}",
        ),
    ];
    for (op, method, path) in cases {
        assert_eq!((op.method, op.path), (method, path), "{}", op.id);
        assert_eq!(op.security.len(), 1, "{path}: one security requirement");
    }
    assert_eq!(
        linq::operations::UPDATE_CONTACT.security[0][0].scheme,
        SecurityScheme::ApiKey {
            name: "X-LINQ-INTEGRATION-TOKEN",
            location: Location::Header
        }
    );
    assert_eq!(
        getraze::operations::UPDATE_CONTACT.security[0][0].scheme,
        SecurityScheme::ApiKey {
            name: "X-API-Key",
            location: Location::Header
        }
    );
    for op in [
        highlevel::operations::UPDATE_CONTACT,
        leadlex::operations::UPDATE_CONTACT,
        acquire::operations::UPDATE_CONTACT,
    ] {
        assert!(
            matches!(
                op.security[0][0].scheme,
                SecurityScheme::Http {
                    scheme: "bearer",
                    ..
                }
            ),
            "{}",
            op.path
        );
    }
    let acquire_server = acquire::operations::UPDATE_CONTACT.servers[0];
    assert_eq!(acquire_server.url, "https://{account_id}.acquire.io/api/v1");
    assert_eq!(acquire_server.variables[0].name, "account_id");
    let statuses: Vec<_> = leadlex::operations::UPDATE_CONTACT
        .responses
        .iter()
        .map(|r| r.status)
        .collect();
    use crm_contact_clients::runtime::describe::Status::Code;
    assert_eq!(
        statuses,
        [
            Code(200),
            Code(400),
            Code(401),
            Code(403),
            Code(404),
            Code(429)
        ]
    );
}
