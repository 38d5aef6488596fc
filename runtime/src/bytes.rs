//! [`Base64`]: the Rust type of `format: byte` (RFC 4648 standard base64 text in JSON).
//!
//! Text that is not valid base64 is a decoding error, never a panic. `format: binary` inside
//! JSON is not this type (it stays a `String`: JSON has no bytes, and the spec gives such a
//! string no encoding that could be decoded soundly).

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// Bytes sent and received as standard base64 text with padding (`format: byte`). Decoding
/// text that is not valid base64 is an error naming the problem, not a panic.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Base64(pub Vec<u8>);

impl Base64 {
    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The bytes, owned.
    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }

    /// The value as base64 text.
    pub fn encode(&self) -> String {
        STANDARD.encode(&self.0)
    }

    /// Decodes base64 text.
    pub fn decode(text: &str) -> Result<Self, base64::DecodeError> {
        STANDARD.decode(text).map(Base64)
    }
}

/// Shows the base64 text, as on the wire.
impl fmt::Debug for Base64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Base64({:?})", self.encode())
    }
}

impl From<Vec<u8>> for Base64 {
    fn from(bytes: Vec<u8>) -> Self {
        Base64(bytes)
    }
}

impl From<&[u8]> for Base64 {
    fn from(bytes: &[u8]) -> Self {
        Base64(bytes.to_vec())
    }
}

impl<const N: usize> From<&[u8; N]> for Base64 {
    fn from(bytes: &[u8; N]) -> Self {
        Base64(bytes.to_vec())
    }
}

impl serde::Serialize for Base64 {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.encode())
    }
}

impl<'de> serde::Deserialize<'de> for Base64 {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Base64::decode(&text)
            .map_err(|e| serde::de::Error::custom(format_args!("invalid base64: {e}")))
    }
}

impl crate::Validate for Base64 {
    fn check(&self, _: &mut crate::validate::Checker) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_as_standard_base64() {
        let value = Base64::from(b"hi?>");
        assert_eq!(serde_json::to_string(&value).unwrap(), r#""aGk/Pg==""#);
        let back: Base64 = serde_json::from_str(r#""aGk/Pg==""#).unwrap();
        assert_eq!(back, value);
        assert_eq!(format!("{value:?}"), r#"Base64("aGk/Pg==")"#);
    }

    #[test]
    fn bad_text_is_an_error() {
        for bad in [r#""not base64!""#, r#""aGk""#, r#""aGk_Pg==""#, "42"] {
            let error = serde_json::from_str::<Base64>(bad).unwrap_err();
            assert!(!error.to_string().is_empty(), "{bad}");
        }
        let error = serde_json::from_str::<Base64>(r#""@@@@""#).unwrap_err();
        assert!(error.to_string().contains("invalid base64"), "{error}");
    }
}
