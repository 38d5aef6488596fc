//! Conformance against an independent implementation of the specs: every vendor's generated
//! client sends its documented requests to Stoplight Prism, which validates each request against
//! the same spec (path, parameters, security, body schema) and answers 422 or 401 when it is not
//! valid.
//!
//! Prism is a Node.js program; `cargo xtask ci` installs it into `target/tools/prism` and runs
//! this test with `--ignored`. Run it alone the same way:
//! `cargo test -p codegen-tests --test prism_conformance -- --ignored`.

mod common;

use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use codegen_tests::fixtures::{bodies, multipart};
use codegen_tests::runtime::FilePart;
use codegen_tests::runtime::{ClientBuilder, Error, RetryPolicy};
use common::{examples, vendor_spec};
use crm_contact_clients::{acquire, getraze, highlevel, leadlex, linq};

/// A Prism mock server for one spec, stopped when dropped.
struct Prism {
    child: Child,
    url: String,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn prism_binary() -> PathBuf {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/tools/prism/node_modules/.bin/prism");
    assert!(
        path.exists(),
        "Prism is not installed at {}; run `cargo xtask ci`, which installs it",
        path.display()
    );
    path
}

fn start_prism(vendor: &str) -> Prism {
    start_prism_on(&format!("specs/{vendor}.yaml"))
}

/// Starts Prism on a spec, given relative to the workspace.
fn start_prism_on(spec_path: &str) -> Prism {
    let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../{spec_path}"));
    let child = Command::new(prism_binary())
        .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
        .arg(&spec)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("Prism starts");
    let prism = Prism {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    let started = Instant::now();
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    while TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "Prism did not start for {spec_path}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    prism
}

fn local<C>(builder: ClientBuilder<C>, prism: &Prism) -> ClientBuilder<C> {
    builder
        .base_url(&prism.url)
        .allow_insecure_http()
        .retry(RetryPolicy::none())
}

/// Sends one request body with the vendor's client; `Ok` when Prism accepted it.
async fn send(vendor: &str, prism: &Prism, body: serde_json::Value) -> Result<u16, String> {
    fn report<T, E: std::fmt::Debug>(
        result: Result<codegen_tests::runtime::Response<T>, Error<E>>,
    ) -> Result<u16, String> {
        result
            .map(|r| r.status.as_u16())
            .map_err(|e| format!("{e:?}"))
    }
    match vendor {
        "linq" => {
            let client =
                linq::Client::from_builder(local(linq::Client::builder("token"), prism)).unwrap();
            report(
                client
                    .update_contact(1, &serde_json::from_value(body).unwrap())
                    .await,
            )
        }
        "highlevel" => {
            let client =
                highlevel::Client::from_builder(local(highlevel::Client::builder("token"), prism))
                    .unwrap();
            report(
                client
                    .update_contact(
                        "ocQHyuzHvuMOe5N5jjXF",
                        &serde_json::from_value(body).unwrap(),
                    )
                    .await,
            )
        }
        "leadlex" => {
            let client =
                leadlex::Client::from_builder(local(leadlex::Client::builder("wbk_token"), prism))
                    .unwrap();
            let id = "123e4567-e89b-12d3-a456-426614174000".parse().unwrap();
            report(
                client
                    .update_contact(id, &serde_json::from_value(body).unwrap())
                    .await,
            )
        }
        "getraze" => {
            let client =
                getraze::Client::from_builder(local(getraze::Client::builder("key"), prism))
                    .unwrap();
            report(
                client
                    .update_contact("cnt_abc123def456", &serde_json::from_value(body).unwrap())
                    .await,
            )
        }
        "acquire" => {
            let client = acquire::Client::from_builder(local(
                acquire::Client::builder("acme", "token"),
                prism,
            ))
            .unwrap();
            report(
                client
                    .update_contact(2, &serde_json::from_value(body).unwrap())
                    .await,
            )
        }
        other => panic!("unknown vendor {other}"),
    }
}

#[tokio::test]
#[ignore = "needs Prism (Node.js); `cargo xtask ci` installs it and runs this test"]
async fn every_client_request_is_valid_for_an_independent_validator() {
    let mut accepted = 0;
    for vendor in ["linq", "highlevel", "leadlex", "getraze", "acquire"] {
        let prism = start_prism(vendor);
        for example in examples(&vendor_spec(vendor))
            .into_iter()
            .filter(|e| e.place == "request")
        {
            let result = send(vendor, &prism, example.value).await;
            assert!(
                matches!(result, Ok(200..=299)),
                "{vendor} #{}: Prism refused the request: {result:?}",
                example.pointer
            );
            accepted += 1;
        }
    }
    assert!(accepted >= 6, "only {accepted} requests checked");
}

#[tokio::test]
#[ignore = "needs Prism (Node.js); `cargo xtask ci` installs it and runs this test"]
async fn prism_does_refuse_an_invalid_request() {
    // The check above means something only if Prism refuses what the spec forbids. The clients
    // refuse such a request themselves, so it goes out by hand: Linq needs one of first_name,
    // last_name, email or phone_number.
    let prism = start_prism("linq");
    let response = reqwest::Client::new()
        .put(format!("{}/api/partner/v2/contacts/1", prism.url))
        .header("X-LINQ-INTEGRATION-TOKEN", "token")
        .header("Content-Type", "application/json")
        .body(r#"{"contact": {"company": "Acme"}}"#)
        .send()
        .await
        .expect("Prism answers");
    assert_eq!(response.status().as_u16(), 422);
}

#[tokio::test]
#[ignore = "needs Prism (Node.js); `cargo xtask ci` installs it and runs this test"]
async fn form_multipart_and_plus_json_bodies_are_valid_for_an_independent_validator() {
    let prism = start_prism_on("tests/fixtures/bodies.yaml");
    let client = bodies::Client::from_builder(local(bodies::Client::builder(), &prism)).unwrap();
    let search = bodies::SearchRequest {
        q: Some("cats & dogs".into()),
        filter: Some(bodies::SearchRequestFilter {
            name: Some("Rex".into()),
            age: Some(bodies::SearchRequestFilterAge {
                min: Some(2),
                max: Some(9),
            }),
            tags: Some(vec!["old".into(), "tame".into()]),
        }),
        point: Some(bodies::SearchRequestPoint {
            x: Some(1),
            y: Some(2),
        }),
        ids: Some(vec![3, 4]),
        colors: Some(vec!["red".into(), "blue".into()]),
        words: Some(vec!["big".into(), "cat".into()]),
        // Left out: Prism does not read a form value by its `encoding` content type (JSON text
        // here) and would refuse it as "not an object"; `bodies_wire` checks its bytes.
        meta: None,
        next: Some("/p?page=2".into()),
    };
    let result = client.search(&search).await.map(|r| r.status.as_u16());
    assert!(matches!(result, Ok(204)), "search: {result:?}");
    let login = bodies::LoginRequest {
        user: "ann".into(),
        remember: Some(true),
        // Left out: without an `encoding` entry Prism does not gather repeated keys into a list
        // (the default, `form` exploded, which `search` above sends with an explicit entry).
        scopes: None,
    };
    let result = client.login(&login).await.map(|r| r.status.as_u16());
    assert!(matches!(result, Ok(204)), "login: {result:?}");
    let patch = bodies::PatchPetRequest {
        name: Some("Rex".into()),
        age: codegen_tests::runtime::Nullable::Null,
    };
    let result = client.patch_pet(1, &patch).await.map(|r| r.status.as_u16());
    assert!(matches!(result, Ok(200)), "patchPet: {result:?}");

    let prism = start_prism_on("tests/fixtures/multipart.yaml");
    let client =
        multipart::Client::from_builder(local(multipart::Client::builder(), &prism)).unwrap();
    let upload = multipart::UploadPhotoRequest {
        name: "Rex".into(),
        age: Some(3),
        kind: Some(multipart::UploadPhotoRequestKind::Dog),
        // Left out: Prism does not gather repeated parts into a list, nor read a JSON part as
        // JSON; `multipart_wire` checks those parts byte by byte.
        tags: None,
        photo: FilePart::new(vec![0u8, 159, 255]).file_name("rex.png"),
        thumbnails: None,
        signature: Some(FilePart::new(*b"sig")),
        meta: None,
        rating: Some(5),
    };
    let result = client
        .upload_photo(1, &upload)
        .await
        .map(|r| r.status.as_u16());
    assert!(matches!(result, Ok(201)), "uploadPhoto: {result:?}");
}

/// Whether Prism took a request as valid: any success status, even when the body it made up
/// does not decode (its examples are generated, not the spec's).
fn valid_for_prism<T, E: std::fmt::Debug>(
    result: Result<codegen_tests::runtime::Response<T>, Error<E>>,
) -> Result<u16, String> {
    match result {
        Ok(response) => Ok(response.status.as_u16()),
        Err(error) => match error.status() {
            Some(status) if status.is_success() => Ok(status.as_u16()),
            _ => Err(format!("{error:?}")),
        },
    }
}

#[tokio::test]
#[ignore = "needs Prism (Node.js); `cargo xtask ci` installs it and runs this test"]
async fn requests_of_an_openapi_3_1_document_are_valid_for_an_independent_validator() {
    use codegen_tests::fixtures::openapi31;
    use codegen_tests::runtime::Nullable;
    let prism = start_prism_on("tests/fixtures/openapi31.yaml");
    let client =
        openapi31::Client::from_builder(local(openapi31::Client::builder(), &prism)).unwrap();
    let pet = openapi31::NewPet {
        name: "Rex".into(),
        kind: openapi31::NewPetKind::Pet,
        weight: Some(0.5),
        chip: Some(openapi31::NewPetChip::Integer(1234)),
        level: Some(openapi31::NewPetLevel::High),
        rank: Nullable::Null,
        size: Some(openapi31::NewPetSize::Large),
    };
    let result = valid_for_prism(client.create_pet(&pet).await);
    assert!(matches!(result, Ok(201)), "createPet: {result:?}");
    let params = openapi31::ListPetsParams { limit: Some(99) };
    let result = valid_for_prism(client.list_pets(&params).await);
    assert!(matches!(result, Ok(200)), "listPets: {result:?}");
    let result = valid_for_prism(client.get_pet(1).await);
    assert!(matches!(result, Ok(200)), "getPet: {result:?}");
}

#[tokio::test]
#[ignore = "needs Prism (Node.js); `cargo xtask ci` installs it and runs this test"]
async fn unified_contact_updates_are_valid_for_an_independent_validator() {
    use codegen_tests::runtime::contact::{self, ContactPatch, Mode};
    // Every canonical field some vendor takes, so each vendor's mapped properties are sent:
    // what a vendor cannot take is reported and left out (lenient mode).
    let patch = ContactPatch::new()
        .first_name("Ada")
        .last_name("Lovelace")
        .email("ada@example.com")
        .phone("+15551234567")
        .company("Analytical Engines")
        .job_title("Programmer")
        .street("12 St James's Square")
        .city("London")
        .state("LND")
        .postal_code("SW1Y 4JH")
        .country("GB")
        .website("https://example.com")
        .linkedin_url("https://linkedin.com/in/ada")
        .tags(["vip"])
        .note("Met at the fair")
        .owner_email("owner@example.com")
        .custom_field("plan", "gold");
    let mut sent = 0;
    for vendor in ["linq", "highlevel", "leadlex", "getraze", "acquire"] {
        let prism = start_prism(vendor);
        let result = match vendor {
            "linq" => {
                let client = local(linq::Client::builder("token"), &prism)
                    .build()
                    .unwrap();
                contact::update(&client, "1", &patch, Mode::Lenient)
                    .await
                    .map(|r| r.request)
                    .map_err(|e| format!("{e:?}"))
            }
            "highlevel" => {
                let client = local(highlevel::Client::builder("token"), &prism)
                    .build()
                    .unwrap();
                contact::update(&client, "ocQHyuzHvuMOe5N5jjXF", &patch, Mode::Lenient)
                    .await
                    .map(|r| r.request)
                    .map_err(|e| format!("{e:?}"))
            }
            "leadlex" => {
                let client = local(leadlex::Client::builder("wbk_token"), &prism)
                    .build()
                    .unwrap();
                let id = "123e4567-e89b-12d3-a456-426614174000";
                contact::update(&client, id, &patch, Mode::Lenient)
                    .await
                    .map(|r| r.request)
                    .map_err(|e| format!("{e:?}"))
            }
            "getraze" => {
                let client = local(getraze::Client::builder("token"), &prism)
                    .build()
                    .unwrap();
                contact::update(&client, "cnt_abc123def456", &patch, Mode::Lenient)
                    .await
                    .map(|r| r.request)
                    .map_err(|e| format!("{e:?}"))
            }
            "acquire" => {
                let client = local(acquire::Client::builder("acme", "token"), &prism)
                    .build()
                    .unwrap();
                contact::update(&client, "2", &patch, Mode::Lenient)
                    .await
                    .map(|r| r.request)
                    .map_err(|e| format!("{e:?}"))
            }
            other => panic!("vendor {other} is not registered in tests/tests/prism_conformance.rs"),
        };
        let request = result.unwrap_or_else(|e| panic!("{vendor}: Prism refused: {e}"));
        assert!(
            request.as_object().is_some_and(|body| !body.is_empty()),
            "{vendor}: nothing was sent"
        );
        sent += 1;
    }
    assert_eq!(sent, 5);
}
