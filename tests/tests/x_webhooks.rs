//! A 3.0 document's `x-webhooks` (GitHub's way of writing webhooks) read like 3.1's `webhooks`,
//! and the `webhooks` feature: the `webhooks` module and the types only webhooks carry are
//! compiled under it, nothing else is.

use codegen_tests::fixtures::x_webhooks::{self, webhooks};

#[test]
fn x_webhooks_decode_by_name_into_their_payloads() {
    let body = br#"{"repository": {"name": "api"}, "pusher": {"login": "octocat"}}"#;
    let Ok(webhooks::Webhook::Push(push)) = webhooks::decode("push", body) else {
        panic!("the push body did not decode as its payload")
    };
    assert_eq!(push.repository, x_webhooks::Repo { name: "api".into() });
    assert_eq!(push.pusher.login, "octocat");
    // An inline payload became a component named after its webhook.
    let ping = webhooks::decode("ping", br#"{"zen": "Keep it simple."}"#).unwrap();
    assert_eq!(
        ping,
        webhooks::Webhook::Ping(x_webhooks::PingWebhook {
            zen: "Keep it simple.".into()
        })
    );
    assert_eq!(webhooks::NAMES, ["push", "ping"]);
    let missing = webhooks::decode("push", br#"{"repository": {"name": "api"}}"#).unwrap_err();
    assert!(missing.to_string().contains("pusher"), "{missing}");
}

/// The attribute lines above `pub struct name` (or `pub mod name`) in the fixture's code, with
/// those of the macro call that writes it, if one does.
fn attributes_of(name: &str) -> Vec<&'static str> {
    let code = include_str!("../src/fixtures/x_webhooks.rs");
    let lines: Vec<&str> = code.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == format!("pub struct {name} {{") || *l == format!("pub mod {name} {{"))
        .unwrap_or_else(|| panic!("no struct or module {name}"));
    lines[..at]
        .iter()
        .rev()
        .take_while(|l| l.starts_with("#[") || l.starts_with("///") || l.ends_with("! {"))
        .copied()
        .collect()
}

#[test]
fn only_what_webhooks_alone_carry_is_compiled_under_the_feature() {
    let gate = r#"#[cfg(feature = "webhooks")]"#;
    for name in ["PushEvent", "Pusher", "PingWebhook", "webhooks"] {
        assert!(attributes_of(name).contains(&gate), "{name} is not gated");
    }
    // An operation returns `Repo`; nothing uses `Label`: both are there whatever the features.
    for name in ["Repo", "Label"] {
        assert!(!attributes_of(name).contains(&gate), "{name} is gated");
    }
}

#[test]
fn nothing_received_is_validated_and_what_nothing_uses_is() {
    let code = include_str!("../src/fixtures/x_webhooks.rs");
    for name in ["Repo", "PushEvent", "Pusher", "PingWebhook"] {
        assert!(
            !code.contains(&format!("Validate for {name} "))
                && !code.contains(&format!("no_checks!({name})")),
            "{name} has a Validate impl"
        );
    }
    assert!(code.contains("impl rt::Validate for Label {"));
}
