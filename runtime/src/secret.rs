//! [`Secret`]: the only place a credential (API key, token, password) is held. It wraps
//! `secrecy`'s `SecretString`, so the text is zeroized when the last copy is dropped, and keeps
//! the runtime's own small API (`Secret::new`, `From<&str>`, `From<String>`, `expose`).
//!
//! A secret must never show: its `Debug` output is `Secret(***)`, it has no `Display`, no
//! `Serialize` and no `PartialEq` (a comparison that is not constant-time can leak it), and the
//! client reads it with `expose` only where it writes it into a request, never into an error or
//! a log line.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

/// A credential (API key, token, password). Its `Debug` output is `Secret(***)`, it has no
/// `Display`, and the client never puts it in an error or a log line. Its memory is zeroized
/// when it is dropped (it is a `secrecy::SecretString`).
#[derive(Clone)]
pub struct Secret(SecretString);

impl Secret {
    /// Wraps a credential.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(SecretString::from(value.into()))
    }

    /// The credential itself, for sending it.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(SecretString::from(value))
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(SecretString::from(value))
    }
}

/// A credential already held by `secrecy`, kept as it is.
impl From<SecretString> for Secret {
    fn from(value: SecretString) -> Self {
        Secret(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::Credential;

    #[test]
    fn debug_hides_the_value() {
        let secret = Secret::new("wbk_live_123");
        assert_eq!(format!("{secret:?}"), "Secret(***)");
        assert_eq!(format!("{:?}", Some(&secret)), "Some(Secret(***))");
        assert_eq!(secret.expose(), "wbk_live_123");
    }

    #[test]
    fn every_way_in_keeps_the_value_and_hides_it() {
        let secrets = [
            Secret::new(String::from("k1")),
            Secret::from("k1"),
            Secret::from(String::from("k1")),
            Secret::from(SecretString::from("k1")),
            Secret::from("k1").clone(),
        ];
        for secret in &secrets {
            assert_eq!(secret.expose(), "k1");
            assert_eq!(format!("{secret:?}"), "Secret(***)");
            assert_eq!(format!("{secret:#?}"), "Secret(***)");
        }
        let basic = Credential::Basic {
            username: "ann".into(),
            password: Secret::from("hunter2"),
        };
        let shown = format!("{basic:?} {basic:#?} {:?}", Credential::Token("k1".into()));
        assert!(
            !shown.contains("hunter2") && !shown.contains("k1"),
            "{shown}"
        );
    }
}
