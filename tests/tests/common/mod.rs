//! Helpers shared by the test files: the vendor specs, their documented examples, JSON
//! comparison that tolerates only the spelling of timestamps, and the last request a mock server
//! received.

#![allow(dead_code)] // each test file uses its own subset

use std::path::Path;

use serde_json::Value;

/// The vendors, one per spec in `specs/`, as their modules are named (`acme-crm.yaml` is
/// `acme_crm`), in file order. Tests iterate over this list, so a new spec is tested (or a test
/// fails, naming the file where the vendor must be registered) without editing a list.
pub fn vendors() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let is_spec = path
                .extension()
                .is_some_and(|e| e == "yaml" || e == "yml" || e == "json");
            is_spec.then(|| path.file_stem()?.to_str().map(|s| s.replace('-', "_")))?
        })
        .collect();
    names.sort();
    names
}

/// A vendor spec, parsed; `vendor` is its module name (`acme_crm` for `specs/acme-crm.yaml`).
pub fn vendor_spec(vendor: &str) -> Value {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let path = ["yaml", "yml", "json"]
        .iter()
        .flat_map(|ext| {
            [
                dir.join(format!("{vendor}.{ext}")),
                dir.join(format!("{}.{ext}", vendor.replace('_', "-"))),
            ]
        })
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("no spec for vendor {vendor} in {}", dir.display()));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml::from_str(&text).expect("spec is YAML")
}

/// An example found in a spec: where it is, which body it belongs to, and its value.
pub struct Example {
    pub pointer: String,
    pub place: String,
    pub value: Value,
}

/// Every media-type example (`example` and `examples/*/value`) of every request body and
/// response in the spec.
pub fn examples(spec: &Value) -> Vec<Example> {
    let mut out = Vec::new();
    let paths = spec["paths"].as_object().expect("spec has paths");
    for (path, item) in paths {
        for (method, op) in item.as_object().expect("path item is an object") {
            let Some(op) = op.as_object() else { continue };
            let base = format!(
                "/paths/{}/{method}",
                path.replace('~', "~0").replace('/', "~1")
            );
            let mut bodies = Vec::new();
            if let Some(content) = op.get("requestBody").and_then(|b| b.get("content")) {
                bodies.push(("request".to_owned(), format!("{base}/requestBody"), content));
            }
            for (status, response) in op
                .get("responses")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                if let Some(content) = response.get("content") {
                    bodies.push((
                        status.clone(),
                        format!("{base}/responses/{status}"),
                        content,
                    ));
                }
            }
            for (place, at, content) in bodies {
                for (media, media_object) in content.as_object().expect("content is an object") {
                    let at = format!("{at}/content/{}", media.replace('/', "~1"));
                    if let Some(value) = media_object.get("example") {
                        out.push(Example {
                            pointer: format!("{at}/example"),
                            place: place.clone(),
                            value: value.clone(),
                        });
                    }
                    for (name, example) in media_object
                        .get("examples")
                        .and_then(Value::as_object)
                        .into_iter()
                        .flatten()
                    {
                        out.push(Example {
                            pointer: format!("{at}/examples/{name}"),
                            place: place.clone(),
                            value: example["value"].clone(),
                        });
                    }
                }
            }
        }
    }
    out
}

/// JSON equality, except that two RFC 3339 timestamps are equal when they name the same instant
/// in the same offset (`10:00:00.000-05:00` is written back as `10:00:00-05:00`).
pub fn equivalent(expected: &Value, actual: &Value, at: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for key in e.keys().chain(a.keys()) {
                let missing = Value::String("<absent>".into());
                let (ev, av) = (
                    e.get(key).unwrap_or(&missing),
                    a.get(key).unwrap_or(&missing),
                );
                equivalent(ev, av, &format!("{at}/{key}"))?;
            }
            Ok(())
        }
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => e
            .iter()
            .zip(a)
            .enumerate()
            .try_for_each(|(i, (ev, av))| equivalent(ev, av, &format!("{at}/{i}"))),
        (Value::String(e), Value::String(a)) if e != a => {
            let parse = chrono::DateTime::parse_from_rfc3339;
            match (parse(e), parse(a)) {
                (Ok(et), Ok(at_)) if et == at_ && et.offset() == at_.offset() => Ok(()),
                _ => Err(format!("{at}: expected {e:?}, got {a:?}")),
            }
        }
        _ if expected == actual => Ok(()),
        _ => Err(format!("{at}: expected {expected}, got {actual}")),
    }
}

/// The last request `server` received; panics when there is none.
pub async fn last_request(server: &wiremock::MockServer) -> wiremock::Request {
    server
        .received_requests()
        .await
        .unwrap()
        .pop()
        .expect("a request")
}

/// Retries fast enough for tests; otherwise the default policy's rules.
pub fn fast_retry() -> openapi_client_runtime::RetryPolicy {
    openapi_client_runtime::RetryPolicy {
        max_attempts: 3,
        initial_backoff: std::time::Duration::from_millis(10),
        max_backoff: std::time::Duration::from_millis(50),
        max_elapsed: std::time::Duration::from_secs(10),
    }
}

/// A loopback server that answers every request with `status` and no body, for tests that look
/// at what was sent.
pub async fn answering(status: u16) -> wiremock::MockServer {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(wiremock::ResponseTemplate::new(status))
        .mount(&server)
        .await;
    server
}
