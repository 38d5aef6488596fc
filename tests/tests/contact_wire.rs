//! The unified contact update (`runtime::contact`) against a loopback server (wiremock), with
//! the five vendors' generated mappings: the exact request each vendor receives for one patch,
//! every cell of `docs/contact-capabilities.md`, strict and lenient modes, derivations,
//! clearing, passthrough, id errors, the normalized answer, the fan-out with failing vendors,
//! and a property test that no patch makes a vendor's call panic or send what it refuses.

use std::time::Duration;

use crm_contact_clients::runtime::contact::{
    self, AnyUpdate, ContactPatch, Field, Mapping, Mode, Outcome, Reason, UpdateContact,
    UpdateError, plan,
};
use crm_contact_clients::runtime::{ClientBuilder, Error};
use crm_contact_clients::{acquire, getraze, highlevel, leadlex, linq};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

mod common;

use common::fast_retry;

const TOKEN: &str = "secret-token-4242";
const LINQ_ID: &str = "1";
const HIGHLEVEL_ID: &str = "ocQHyuzHvuMOe5N5jjXF";
const LEADLEX_ID: &str = "123e4567-e89b-12d3-a456-426614174000";
const GETRAZE_ID: &str = "cnt_abc123def456";
const ACQUIRE_ID: &str = "2";

struct Clients {
    linq: linq::Client,
    highlevel: highlevel::Client,
    leadlex: leadlex::Client,
    getraze: getraze::Client,
    acquire: acquire::Client,
}

impl Clients {
    fn new(server: &MockServer) -> Self {
        let uri = server.uri();
        fn local<C>(b: ClientBuilder<C>, uri: &str) -> ClientBuilder<C> {
            b.base_url(uri)
                .allow_insecure_http()
                .retry(fast_retry())
                .timeout(Duration::from_millis(500))
        }
        Clients {
            linq: local(linq::Client::builder(TOKEN), &uri).build().unwrap(),
            highlevel: local(highlevel::Client::builder(TOKEN), &uri)
                .build()
                .unwrap(),
            leadlex: local(leadlex::Client::builder(TOKEN), &uri)
                .build()
                .unwrap(),
            getraze: local(getraze::Client::builder(TOKEN), &uri)
                .build()
                .unwrap(),
            acquire: local(acquire::Client::builder("acme", TOKEN), &uri)
                .build()
                .unwrap(),
        }
    }

    /// Every vendor with the id of its contact, in the capability matrix's column order.
    fn all(&self) -> Vec<(&dyn AnyUpdate, &'static str)> {
        vec![
            (&self.acquire as &dyn AnyUpdate, ACQUIRE_ID),
            (&self.getraze, GETRAZE_ID),
            (&self.highlevel, HIGHLEVEL_ID),
            (&self.leadlex, LEADLEX_ID),
            (&self.linq, LINQ_ID),
        ]
    }
}

/// Each vendor's method, path and a success body in its documented shape.
fn route(vendor: &str) -> (&'static str, String, Value) {
    match vendor {
        "linq" => (
            "PUT",
            format!("/api/partner/v2/contacts/{LINQ_ID}"),
            json!({"data": {
                "id": 1, "first_name": "Ada", "last_name": "Lovelace", "full_name": "Ada Lovelace",
                "email": "ada@example.com", "updated_at": "2026-02-24T15:00:00Z",
                "contact_owner": {"id": 456, "email": "owner@example.com"}
            }}),
        ),
        "highlevel" => (
            "PUT",
            format!("/contacts/{HIGHLEVEL_ID}"),
            json!({"contact": {
                "id": HIGHLEVEL_ID, "firstName": "Ada", "lastName": "Lovelace",
                "tags": ["vip"], "dateUpdated": "2026-02-24T15:00:00.000Z"
            }}),
        ),
        "leadlex" => (
            "PATCH",
            format!("/v1/contacts/{LEADLEX_ID}"),
            json!({"data": {
                "id": LEADLEX_ID, "full_name": "Ada Lovelace", "notes": "old\nmet at the fair",
                "updated_date": "2026-02-24T15:00:00Z"
            }}),
        ),
        "getraze" => (
            "PUT",
            format!("/external/v1/contacts/{GETRAZE_ID}"),
            json!({"success": true, "data": {
                "id": GETRAZE_ID, "name": "Ada Lovelace", "tags": ["vip"],
                "custom_fields": {"plan": "gold"}, "updated_at": "2026-02-24T15:00:00Z"
            }}),
        ),
        _ => (
            "PUT",
            format!("/crm/objects/contact/{ACQUIRE_ID}"),
            json!({"data": {"id": 2, "dateUpdated": "string", "fields": {"name": "Ada Lovelace"}}}),
        ),
    }
}

const VENDORS: [&str; 5] = ["acquire", "getraze", "highlevel", "leadlex", "linq"];

/// Answers every vendor's update with its success body.
async fn answer_all(server: &MockServer) {
    for vendor in VENDORS {
        let (verb, at, body) = route(vendor);
        Mock::given(method(verb))
            .and(path(at))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(server)
            .await;
    }
}

async fn requests_to(server: &MockServer, vendor: &str) -> Vec<Request> {
    let (_, at, _) = route(vendor);
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r.url.path() == at)
        .collect()
}

fn body(request: &Request) -> Value {
    serde_json::from_slice(&request.body).expect("a JSON body")
}

fn lines(report: &[contact::FieldReport]) -> Vec<String> {
    report.iter().map(ToString::to_string).collect()
}

fn rich_patch() -> ContactPatch {
    ContactPatch::new()
        .first_name("Ada")
        .last_name("Lovelace")
        .email("ada@example.com")
        .phone("+15551234567")
        .company("Analytical Engines")
        .job_title("Mathematician")
        .city("London")
        .tags(["vip", "speaker"])
        .note("met at the fair")
        .owner_email("owner@example.com")
        .custom_field("plan", "gold")
}

#[tokio::test]
async fn one_patch_gives_each_vendor_exactly_its_request() {
    let server = MockServer::start().await;
    answer_all(&server).await;
    let clients = Clients::new(&server);
    let patch = rich_patch();

    let report = contact::update(&clients.linq, LINQ_ID, &patch, Mode::Lenient)
        .await
        .unwrap();
    let sent = requests_to(&server, "linq").await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].method.as_str(), "PUT");
    assert_eq!(sent[0].headers["x-linq-integration-token"], TOKEN);
    assert_eq!(sent[0].headers["content-type"], "application/json");
    assert_eq!(
        body(&sent[0]),
        json!({"contact": {
            "first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com",
            "phone_number": "+15551234567", "company": "Analytical Engines",
            "title": "Mathematician", "user_email": "owner@example.com"
        }})
    );
    assert_eq!(
        lines(&report.fields),
        [
            "first_name: applied to /contact/first_name",
            "last_name: applied to /contact/last_name",
            "email: applied to /contact/email",
            "phone: applied to /contact/phone_number",
            "company: applied to /contact/company",
            "job_title: applied to /contact/title",
            "city: not applied: the vendor has no such field",
            "tags: not applied: the vendor has no such field",
            "notes: not applied: the vendor has no such field",
            "custom_fields.plan: not applied: the vendor has no such field",
            "owner_email: applied to /contact/user_email",
        ]
    );
    assert_eq!(report.response.data.as_ref().and_then(|d| d.id), Some(1));
    assert_eq!(report.contact.id.as_deref(), Some("1"));
    assert_eq!(report.contact.full_name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(report.contact.owner_id.as_deref(), Some("456"));
    assert_eq!(
        report.contact.owner_email.as_deref(),
        Some("owner@example.com")
    );
    assert_eq!(
        report.contact.updated_at.as_deref(),
        Some("2026-02-24T15:00:00Z")
    );

    let report = contact::update(&clients.highlevel, HIGHLEVEL_ID, &patch, Mode::Lenient)
        .await
        .unwrap();
    let sent = requests_to(&server, "highlevel").await;
    assert_eq!(sent[0].method.as_str(), "PUT");
    assert_eq!(sent[0].headers["authorization"], format!("Bearer {TOKEN}"));
    assert_eq!(sent[0].headers["version"], "2021-07-28");
    assert_eq!(
        body(&sent[0]),
        json!({
            "firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com",
            "phone": "+15551234567", "city": "London", "tags": ["vip", "speaker"],
            "companyName": "Analytical Engines"
        })
    );
    assert_eq!(
        lines(&report.fields),
        [
            "first_name: applied to /firstName",
            "last_name: applied to /lastName",
            "email: applied to /email",
            "phone: applied to /phone",
            "company: applied to /companyName",
            "job_title: not applied: the vendor has no such field",
            "city: applied to /city",
            "tags: applied to /tags",
            "notes: not applied: the vendor has no such field",
            "custom_fields.plan: not applied: the vendor has no such field",
            "owner_email: not applied: the vendor takes the owner by user id, not by email",
        ]
    );
    assert_eq!(report.contact.tags, Some(vec!["vip".to_owned()]));

    let report = contact::update(&clients.leadlex, LEADLEX_ID, &patch, Mode::Lenient)
        .await
        .unwrap();
    let sent = requests_to(&server, "leadlex").await;
    assert_eq!(sent[0].method.as_str(), "PATCH");
    assert_eq!(
        body(&sent[0]),
        json!({
            "full_name": "Ada Lovelace", "email": "ada@example.com", "phone": "+15551234567",
            "company_name": "Analytical Engines", "job_title": "Mathematician",
            "notes": "met at the fair"
        })
    );
    assert_eq!(
        lines(&report.fields),
        [
            "first_name: derived into full_name at /full_name",
            "last_name: derived into full_name at /full_name",
            "email: applied to /email",
            "phone: applied to /phone",
            "company: applied to /company_name",
            "job_title: applied to /job_title",
            "city: not applied: the vendor has no such field",
            "tags: not applied: the vendor has no such field",
            "notes: applied to /notes",
            "custom_fields.plan: not applied: the vendor has no such field",
            "owner_email: not applied: the vendor has no such field",
        ]
    );
    assert_eq!(
        report.contact.notes.as_deref(),
        Some("old\nmet at the fair")
    );

    let report = contact::update(&clients.getraze, GETRAZE_ID, &patch, Mode::Lenient)
        .await
        .unwrap();
    let sent = requests_to(&server, "getraze").await;
    assert_eq!(sent[0].headers["x-api-key"], TOKEN);
    assert_eq!(
        body(&sent[0]),
        json!({
            "name": "Ada Lovelace", "email": "ada@example.com", "phone": "+15551234567",
            "company": "Analytical Engines", "position": "Mathematician",
            "tags": ["vip", "speaker"], "custom_fields": {"plan": "gold"}
        })
    );
    assert_eq!(
        report.contact.custom_fields.get("plan"),
        Some(&json!("gold"))
    );

    let report = contact::update(&clients.acquire, ACQUIRE_ID, &patch, Mode::Lenient)
        .await
        .unwrap();
    let sent = requests_to(&server, "acquire").await;
    assert_eq!(
        body(&sent[0]),
        // Acquire's custom fields are other keys of the same `fields` object.
        json!({"fields": {
            "name": "Ada Lovelace", "email": "ada@example.com", "phone": "+15551234567",
            "city": "London", "plan": "gold"
        }})
    );
    assert_eq!(report.contact.id.as_deref(), Some("2"));
    assert_eq!(report.contact.full_name.as_deref(), Some("Ada Lovelace"));
}

/// The cells of `docs/contact-capabilities.md`: (field, vendor column) → cell text.
fn matrix() -> Vec<(String, Vec<String>)> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../docs/contact-capabilities.md"
    ))
    .unwrap();
    text.lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<String> = l
                .trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_owned())
                .collect();
            (cells[0].trim_matches('`').to_owned(), cells[1..].to_vec())
        })
        .collect()
}

fn mapping_of(vendor: &str) -> &'static Mapping {
    match vendor {
        "acquire" => <acquire::Client as UpdateContact>::MAPPING,
        "getraze" => <getraze::Client as UpdateContact>::MAPPING,
        "highlevel" => <highlevel::Client as UpdateContact>::MAPPING,
        "leadlex" => <leadlex::Client as UpdateContact>::MAPPING,
        _ => <linq::Client as UpdateContact>::MAPPING,
    }
}

/// A patch setting only `field` to a value every vendor's validation accepts.
fn only(field: &str) -> Option<ContactPatch> {
    let p = ContactPatch::new();
    Some(match field {
        "first_name" => p.first_name("Ada"),
        "last_name" => p.last_name("Lovelace"),
        "full_name" => p.full_name("Ada Lovelace"),
        "email" => p.email("ada@example.com"),
        "phone" => p.phone("+15551234567"),
        "company" => p.company("Analytical Engines"),
        "job_title" => p.job_title("Mathematician"),
        "street" => p.street("12 St James's Square"),
        "city" => p.city("London"),
        "state" => p.state("Greater London"),
        "postal_code" => p.postal_code("SW1Y 4JH"),
        "country" => p.country("GB"),
        "website" => p.website("https://example.com/ada"),
        "linkedin_url" => p.linkedin_url("https://linkedin.com/in/ada"),
        "tags" => p.tags(["vip"]),
        "notes" => p.note("met at the fair"),
        "owner_email" => p.owner_email("owner@example.com"),
        "owner_id" => p.owner_id("456"),
        "custom_fields" => p.custom_field("plan", "gold"),
        _ => return None,
    })
}

#[tokio::test]
async fn every_cell_of_the_capability_matrix_holds_on_the_wire() {
    let server = MockServer::start().await;
    answer_all(&server).await;
    let clients = Clients::new(&server);
    let targets = clients.all();
    for (field, cells) in matrix() {
        let Some(patch) = only(&field) else { continue };
        for ((client, id), cell) in targets.iter().zip(&cells) {
            let vendor = client.vendor();
            let at = format!("{field} at {vendor} ({cell})");
            server.reset().await;
            answer_all(&server).await;
            // Linq needs one of its four main fields in every request.
            let patch = if vendor == "linq"
                && !["first_name", "last_name", "email", "phone"].contains(&field.as_str())
            {
                patch.clone().email("ada@example.com")
            } else {
                patch.clone()
            };
            let result = client
                .update_any(id, &patch, Mode::Strict, &Default::default())
                .await;
            let sent = requests_to(&server, vendor).await;
            if let Some(pointer) = cell.strip_prefix('`').and_then(|c| c.split('`').next()) {
                let report = result.unwrap_or_else(|e| panic!("{at}: {e}"));
                assert_eq!(sent.len(), 1, "{at}");
                let wire = body(&sent[0]);
                let value = if field == "custom_fields" {
                    wire.pointer(&format!("{pointer}/plan"))
                } else {
                    wire.pointer(pointer)
                };
                assert!(value.is_some_and(|v| !v.is_null()), "{at}: {wire}");
                assert!(report.fields.iter().all(|f| f.is_sent()), "{at}");
            } else if cell.contains("derived") {
                // One name alone is not enough to derive the full name.
                assert!(
                    matches!(&result, Err(UpdateError::Refused { fields, .. })
                        if fields[0].outcome == Outcome::NotApplied(Reason::NeedsBothNames)),
                    "{at}: {result:?}"
                );
                assert!(sent.is_empty(), "{at}");
            } else {
                assert!(
                    matches!(&result, Err(UpdateError::Refused { .. })),
                    "{at}: {result:?}"
                );
                assert!(sent.is_empty(), "{at}: strict mode sends nothing");
            }
        }
    }
}

#[tokio::test]
async fn strict_mode_refuses_before_sending_and_lenient_mode_sends_the_rest() {
    let server = MockServer::start().await;
    answer_all(&server).await;
    let clients = Clients::new(&server);
    let patch = ContactPatch::new()
        .full_name("Ada Lovelace")
        .email("ada@example.com");
    let refused = contact::update(&clients.linq, LINQ_ID, &patch, Mode::Strict)
        .await
        .unwrap_err();
    assert_eq!(
        refused.to_string(),
        "linq: refused in strict mode, nothing sent; full_name: not applied: the vendor has only first and last name; a full name is never split"
    );
    assert!(requests_to(&server, "linq").await.is_empty());
    let report = contact::update(&clients.linq, LINQ_ID, &patch, Mode::Lenient)
        .await
        .unwrap();
    assert_eq!(
        body(&requests_to(&server, "linq").await[0]),
        json!({"contact": {"email": "ada@example.com"}})
    );
    assert_eq!(
        report.fields[0].outcome,
        Outcome::NotApplied(Reason::NoSplit)
    );
    // Nothing of this patch applies at Acquire: even lenient mode sends no empty update.
    let error = contact::update(
        &clients.acquire,
        ACQUIRE_ID,
        &ContactPatch::new().tags(["vip"]),
        Mode::Lenient,
    )
    .await
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "acquire: nothing of the patch applies, nothing sent; tags: not applied: the vendor has no such field"
    );
    assert!(requests_to(&server, "acquire").await.is_empty());
}

#[tokio::test]
async fn clearing_follows_each_vendors_fields() {
    let server = MockServer::start().await;
    answer_all(&server).await;
    let clients = Clients::new(&server);
    // Clearing the tags is replacing them with none; no vendor's phone is nullable.
    let patch = ContactPatch::new().clear_tags().clear_phone();
    let report = contact::update(&clients.highlevel, HIGHLEVEL_ID, &patch, Mode::Lenient)
        .await
        .unwrap();
    assert_eq!(
        body(&requests_to(&server, "highlevel").await[0]),
        json!({"tags": []})
    );
    assert_eq!(
        lines(&report.fields),
        [
            "phone: not applied: the vendor's field is not nullable, so it cannot be cleared",
            "tags: applied to /tags",
        ]
    );
    let mut patch = ContactPatch::new().email("ada@example.com");
    patch.owner = crm_contact_clients::runtime::Nullable::Null;
    let report = contact::update(&clients.linq, LINQ_ID, &patch, Mode::Lenient)
        .await
        .unwrap();
    assert_eq!(
        report.fields[1].outcome,
        Outcome::NotApplied(Reason::CannotClear)
    );
    let refused = contact::update(
        &clients.leadlex,
        LEADLEX_ID,
        &ContactPatch {
            notes: crm_contact_clients::runtime::Nullable::Null,
            ..Default::default()
        },
        Mode::Strict,
    )
    .await
    .unwrap_err();
    assert!(matches!(refused, UpdateError::Refused { .. }), "{refused}");
}

#[tokio::test]
async fn passthrough_members_reach_only_their_vendor_and_only_where_the_type_has_room() {
    let server = MockServer::start().await;
    answer_all(&server).await;
    let clients = Clients::new(&server);
    let patch = ContactPatch::new()
        .email("ada@example.com")
        .passthrough("highlevel", "dnd", true)
        .passthrough("highlevel", "source", "fair")
        .passthrough("linq", "nickname", "Countess");
    let report = contact::update(&clients.highlevel, HIGHLEVEL_ID, &patch, Mode::Strict)
        .await
        .unwrap();
    assert_eq!(
        body(&requests_to(&server, "highlevel").await[0]),
        json!({"email": "ada@example.com", "dnd": true, "source": "fair"})
    );
    assert_eq!(report.fields.len(), 3);
    // Linq's request has no `nickname`: the member would be dropped, so it is reported.
    let refused = contact::update(&clients.linq, LINQ_ID, &patch, Mode::Strict)
        .await
        .unwrap_err();
    let UpdateError::Refused { fields, .. } = refused else {
        panic!("{refused}")
    };
    assert_eq!(
        fields[1].to_string(),
        "passthrough.nickname: not applied: the vendor's request type has no place for it"
    );
}

#[tokio::test]
async fn ids_are_parsed_into_each_vendors_type_before_anything_is_sent() {
    let server = MockServer::start().await;
    answer_all(&server).await;
    let clients = Clients::new(&server);
    let patch = ContactPatch::new().email("ada@example.com");
    let error = contact::update(&clients.linq, "abc", &patch, Mode::Lenient)
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "\"abc\" is not a linq contact id: \"abc\" is not an integer"
    );
    let error = contact::update(&clients.leadlex, "123e4567", &patch, Mode::Lenient)
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "\"123e4567\" is not a leadlex contact id: \"123e4567\" is not a UUID"
    );
    let error = contact::update(&clients.getraze, "", &patch, Mode::Lenient)
        .await
        .unwrap_err();
    assert!(matches!(error, UpdateError::InvalidId { .. }), "{error}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_vendors_own_validation_runs_first() {
    let server = MockServer::start().await;
    answer_all(&server).await;
    let clients = Clients::new(&server);
    let patch = ContactPatch::new().phone("555 1234").country("gb");
    let error = contact::update(&clients.highlevel, HIGHLEVEL_ID, &patch, Mode::Strict)
        .await
        .unwrap_err();
    let UpdateError::Failed {
        error: Error::Validation(violations),
        fields,
        ..
    } = &error
    else {
        panic!("{error}")
    };
    assert!(fields.iter().all(|f| f.is_sent()));
    let text = violations.to_string();
    assert!(text.contains("phone") && text.contains("country"), "{text}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn one_failing_vendor_never_stops_the_others_and_the_appending_one_is_called_once() {
    let server = MockServer::start().await;
    let (verb, at, _) = route("linq");
    Mock::given(method(verb))
        .and(path(at))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let (verb, at, _) = route("leadlex");
    Mock::given(method(verb))
        .and(path(at))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let (verb, at, body) = route("getraze");
    Mock::given(method(verb))
        .and(path(at))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(body)
                .set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    let (verb, at, body) = route("acquire");
    Mock::given(method(verb))
        .and(path(at))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let clients = Clients::new(&server);
    // HighLevel refuses the phone number itself; the others take it.
    let patch = ContactPatch::new()
        .email("ada@example.com")
        .phone("555 1234")
        .note("met at the fair");
    let results = contact::update_everywhere(&clients.all(), &patch, Mode::Lenient).await;
    let vendors: Vec<&str> = results
        .iter()
        .map(|r| match r {
            Ok(report) => report.vendor,
            Err(error) => error.vendor(),
        })
        .collect();
    assert_eq!(vendors, VENDORS);
    assert!(results[0].is_ok(), "acquire: {:?}", results[0]);
    assert!(
        matches!(
            &results[1],
            Err(UpdateError::Failed {
                error: Error::Timeout { .. },
                ..
            })
        ),
        "getraze: {:?}",
        results[1]
    );
    assert!(
        matches!(
            &results[2],
            Err(UpdateError::Failed {
                error: Error::Validation(_),
                ..
            })
        ),
        "highlevel: {:?}",
        results[2]
    );
    assert!(
        matches!(&results[3], Err(UpdateError::Failed { error, .. }) if error.status().map(|s| s.as_u16()) == Some(503)),
        "leadlex: {:?}",
        results[3]
    );
    assert!(
        matches!(&results[4], Err(UpdateError::Failed { error, .. }) if error.status().map(|s| s.as_u16()) == Some(500)),
        "linq: {:?}",
        results[4]
    );
    // The appending PATCH is never replayed; the idempotent PUT is.
    assert_eq!(requests_to(&server, "leadlex").await.len(), 1);
    assert_eq!(requests_to(&server, "linq").await.len(), 3);
    assert!(requests_to(&server, "highlevel").await.is_empty());
}

#[test]
fn the_planned_fields_of_every_vendor_agree_with_the_capability_matrix() {
    for (field, cells) in matrix() {
        let Some(patch) = only(&field) else { continue };
        for (vendor, cell) in VENDORS.iter().zip(&cells) {
            let (_, reports) = plan(&patch, mapping_of(vendor));
            let outcome = &reports[0].outcome;
            match cell.strip_prefix('`').and_then(|c| c.split('`').next()) {
                Some(pointer) => {
                    let expected = if field == "custom_fields" {
                        format!("{pointer}/plan")
                    } else {
                        pointer.to_owned()
                    };
                    assert_eq!(
                        outcome,
                        &Outcome::Applied { to: expected },
                        "{field} at {vendor}"
                    );
                }
                None => assert!(
                    matches!(outcome, Outcome::NotApplied(_)),
                    "{field} at {vendor}"
                ),
            }
        }
    }
    assert_eq!(
        matrix().iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>(),
        Field::ALL.iter().map(|f| f.name()).collect::<Vec<_>>()
    );
}

mod property {
    use super::*;
    use crm_contact_clients::runtime::Nullable;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = Nullable<String>> {
        prop_oneof![
            Just(Nullable::Absent),
            Just(Nullable::Null),
            "[ -~]{0,12}".prop_map(Nullable::Value),
            Just(Nullable::Value("+15551234567".to_owned())),
            Just(Nullable::Value("ada@example.com".to_owned())),
        ]
    }

    fn patch() -> impl Strategy<Value = ContactPatch> {
        (
            (text(), text(), text(), text(), text(), text()),
            (text(), text(), text(), text()),
            prop_oneof![
                Just(Nullable::Absent),
                Just(Nullable::Null),
                proptest::collection::vec("[a-z]{0,5}", 0..3).prop_map(Nullable::Value)
            ],
            prop_oneof![
                Just(Nullable::Absent),
                Just(Nullable::Null),
                "[ -~]{0,8}".prop_map(|s| Nullable::Value(contact::Owner::Id(s))),
                "[ -~]{0,8}".prop_map(|s| Nullable::Value(contact::Owner::Email(s))),
            ],
            proptest::option::of(("[a-z/~]{1,5}", any::<i32>())),
        )
            .prop_map(|((a, b, c, d, e, f), (g, h, i, j), tags, owner, custom)| {
                let mut p = ContactPatch {
                    first_name: a,
                    last_name: b,
                    full_name: c,
                    email: d,
                    phone: e,
                    company: f,
                    country: g,
                    notes: h,
                    website: i,
                    linkedin_url: j,
                    tags,
                    owner,
                    ..Default::default()
                };
                if let Some((key, value)) = custom {
                    p = p.custom_field(key, value);
                }
                p
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

        /// Whatever the patch: each vendor either accepts what is sent (the server saw a request
        /// that passed the vendor's validation) or says, field by field, why not. Never a panic.
        #[test]
        fn any_patch_is_sent_valid_or_refused_field_by_field(patch in patch()) {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            runtime.block_on(async {
                let server = MockServer::start().await;
                answer_all(&server).await;
                let clients = Clients::new(&server);
                for mode in [Mode::Strict, Mode::Lenient] {
                    for result in contact::update_everywhere(&clients.all(), &patch, mode).await {
                        match result {
                            Ok(report) => {
                                prop_assert!(mode == Mode::Lenient || report.fields.iter().all(|f| f.is_sent()));
                            }
                            Err(UpdateError::Refused { fields, .. }) => {
                                prop_assert!(mode == Mode::Strict);
                                prop_assert!(fields.iter().any(|f| !f.is_sent()));
                            }
                            Err(UpdateError::Failed { error, .. }) => {
                                prop_assert!(
                                    matches!(error, Error::Validation(_) | Error::InvalidRequest(_)),
                                    "{error}"
                                );
                            }
                            Err(UpdateError::NothingToSend { fields, .. }) => {
                                prop_assert!(fields.iter().all(|f| !f.is_sent()));
                            }
                            Err(UpdateError::InvalidId { .. }) => prop_assert!(false, "ids are valid"),
                        }
                    }
                }
                Ok(())
            })?;
        }
    }
}

/// A sixth vendor needs only its spec: the `contact` fixture, unlike the five, nests its fields
/// through `allOf`, can clear a field, takes the owner by integer id, adds tags and replaces
/// notes.
#[tokio::test]
async fn a_sixth_vendor_needs_only_its_spec() {
    use codegen_tests::fixtures::contact as sixth;
    let server = MockServer::start().await;
    const ID: &str = "123e4567-e89b-12d3-a456-426614174000";
    Mock::given(method("POST"))
        .and(path(format!("/people/{ID}")))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "uuid": ID, "person": {"given": "Ada", "mobile": null, "extra": {"plan": "gold"}},
            "labels": ["vip"], "modified": "2026-02-24T15:00:00Z"
        })))
        .mount(&server)
        .await;
    let client = sixth::Client::from_builder(
        sixth::Client::builder()
            .base_url(server.uri())
            .allow_insecure_http(),
    )
    .unwrap();
    let patch = ContactPatch::new()
        .first_name("Ada")
        .last_name("Lovelace")
        .full_name("Ada Lovelace")
        .clear_phone()
        .tags(["vip"])
        .note("replaces everything")
        .owner_id("12")
        .custom_field("plan", "gold");
    let refused = contact::update(&client, ID, &patch, Mode::Strict)
        .await
        .unwrap_err();
    let UpdateError::Refused { fields, .. } = refused else {
        panic!("{refused}")
    };
    assert_eq!(
        lines(&fields),
        [
            "first_name: applied to /person/given",
            "last_name: applied to /person/family",
            "full_name: not applied: the vendor has only first and last name; a full name is never split",
            "phone: applied to /person/mobile",
            "tags: not applied: the vendor would add to the values held instead of replacing them",
            "notes: not applied: the vendor would replace the notes held instead of adding a note",
            "custom_fields.plan: applied to /person/extra/plan",
            "owner_id: applied to /ownerUserId",
        ]
    );
    assert!(server.received_requests().await.unwrap().is_empty());
    let report = contact::update(&client, ID, &patch, Mode::Lenient)
        .await
        .unwrap();
    let sent = server.received_requests().await.unwrap();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].headers["x-api-version"], "2");
    assert_eq!(
        body(&sent[0]),
        json!({
            "person": {"given": "Ada", "family": "Lovelace", "mobile": null, "extra": {"plan": "gold"}},
            "ownerUserId": 12
        })
    );
    assert_eq!(report.contact.id.as_deref(), Some(ID));
    assert_eq!(report.contact.tags, Some(vec!["vip".to_owned()]));
    assert_eq!(
        report.contact.custom_fields.get("plan"),
        Some(&json!("gold"))
    );
    assert_eq!(
        report.contact.updated_at.as_deref(),
        Some("2026-02-24T15:00:00Z")
    );
    // An owner id that is not an integer is reported, not sent.
    let (_, reports) = plan(
        &ContactPatch::new().owner_id("u-12"),
        &sixth::CONTACT_MAPPING,
    );
    assert_eq!(
        reports[0].outcome,
        Outcome::NotApplied(Reason::NotAnInteger)
    );
}
