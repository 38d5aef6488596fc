//! Decoding the bodies of incoming webhooks (a 3.1 document's `webhooks`): a generated module's
//! `webhooks::decode` matches the webhook's name and calls [`decode`] with its payload type.
//!
//! It only decodes JSON bodies into their typed payloads; it receives nothing (a server does
//! that), verifies no signature and checks no constraint.

use std::fmt;

/// Why a webhook body was not decoded.
#[derive(Debug)]
pub enum Error {
    /// The document describes no webhook of this name.
    UnknownName {
        /// The name given.
        name: String,
        /// The webhook names the document describes.
        known: &'static [&'static str],
    },
    /// The body is not the JSON of the webhook's payload.
    Body {
        /// The webhook's name.
        name: String,
        /// What did not decode, with its line and column.
        source: serde_json::Error,
    },
}

impl Error {
    /// A name the document does not describe; `known` are the ones it does.
    pub fn unknown(name: &str, known: &'static [&'static str]) -> Self {
        Error::UnknownName {
            name: name.to_owned(),
            known,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::UnknownName { name, known } => write!(
                f,
                "no webhook is named {name:?} (the API describes {})",
                known.join(", ")
            ),
            Error::Body { name, source } => {
                write!(
                    f,
                    "the body of the {name:?} webhook does not decode: {source}"
                )
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::UnknownName { .. } => None,
            Error::Body { source, .. } => Some(source),
        }
    }
}

/// Decodes the JSON body of the webhook `name` as its payload type `T`.
pub fn decode<T: serde::de::DeserializeOwned>(name: &str, body: &[u8]) -> Result<T, Error> {
    serde_json::from_slice(body).map_err(|source| Error::Body {
        name: name.to_owned(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_decodes_or_says_which_webhook_failed() {
        let n: i64 = decode("count", b"3").unwrap();
        assert_eq!(n, 3);
        let bad = decode::<i64>("count", b"\"three\"").unwrap_err();
        assert!(
            bad.to_string()
                .starts_with("the body of the \"count\" webhook does not decode"),
            "{bad}"
        );
        let unknown = Error::unknown("other", &["count"]);
        assert_eq!(
            unknown.to_string(),
            "no webhook is named \"other\" (the API describes count)"
        );
    }
}
