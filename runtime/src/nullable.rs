//! [`Nullable`]: the tri-state type of a field that is both optional and nullable (absent,
//! `null`, a value), so that a partial update can leave a field alone, clear it, or set it, and
//! [`required_nullable`], the serde helper of a required nullable field (`null` is `None`, a
//! missing field an error).
//!
//! The three states must stay apart on the wire in both directions: generated structs leave an
//! absent field out and read a missing one as absent, and `null` is never taken for absent (nor
//! an `Option` given as `None` for absent: it is an explicit `null`).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A field that may be absent, explicitly `null`, or hold a value.
///
/// Generated structs use it for properties that are optional *and* nullable. On the wire:
/// `Absent` is left out of the JSON object, `Null` is sent as `null`, `Value(v)` as `v`. This is
/// what a partial update needs: leave a field unchanged, clear it, or set it.
///
/// ```
/// use openapi_client_runtime::Nullable;
///
/// let clear: Nullable<String> = Nullable::Null;
/// assert_eq!(serde_json::to_string(&clear).unwrap(), "null");
/// assert!(Nullable::<String>::default().is_absent());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Nullable<T> {
    /// Not present: the field is left out when serializing.
    #[default]
    Absent,
    /// Present and explicitly `null`.
    Null,
    /// Present with a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the field is absent; generated code uses it to skip the field when serializing.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// Whether the field is explicitly `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, if there is one.
    pub fn as_value(&self) -> Option<&T> {
        match self {
            Nullable::Value(v) => Some(v),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// The value, if there is one, consuming `self`.
    pub fn into_value(self) -> Option<T> {
        match self {
            Nullable::Value(v) => Some(v),
            Nullable::Absent | Nullable::Null => None,
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `None` becomes an explicit `null`: an `Option` that is present has been set.
    fn from(value: Option<T>) -> Self {
        value.map_or(Nullable::Null, Nullable::Value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // `Absent` is normally skipped by `skip_serializing_if`; written alone it is `null`.
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
            Nullable::Value(v) => serializer.serialize_some(v),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    /// A missing field never reaches this (generated fields use `#[serde(default)]`, which gives
    /// `Absent`); a present one is `null` or a value.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.into())
    }
}

/// Deserializes a field that is required but nullable: `null` gives `None`, a missing field is an
/// error (serde alone would quietly take a missing `Option` field as `None`).
///
/// Generated structs use it as `#[serde(deserialize_with = "...")]`.
pub fn required_nullable<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    struct Patch {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        name: Nullable<String>,
    }

    #[test]
    fn three_states_round_trip() {
        for (value, json) in [
            (Nullable::Absent, "{}"),
            (Nullable::Null, r#"{"name":null}"#),
            (Nullable::Value("x".to_owned()), r#"{"name":"x"}"#),
        ] {
            let patch = Patch { name: value };
            assert_eq!(serde_json::to_string(&patch).unwrap(), json);
            assert_eq!(serde_json::from_str::<Patch>(json).unwrap(), patch);
        }
    }

    #[test]
    fn default_needs_no_default_value() {
        struct NoDefault;
        assert!(Nullable::<NoDefault>::default().is_absent());
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Required {
        #[serde(deserialize_with = "super::required_nullable")]
        id: Option<u32>,
    }

    #[test]
    fn required_nullable_fields_must_be_present() {
        let parse = serde_json::from_str::<Required>;
        assert_eq!(parse(r#"{"id":null}"#).unwrap(), Required { id: None });
        assert_eq!(parse(r#"{"id":7}"#).unwrap(), Required { id: Some(7) });
        let missing = parse("{}").unwrap_err();
        assert!(
            missing.to_string().contains("missing field `id`"),
            "{missing}"
        );
    }

    #[test]
    fn conversions() {
        assert_eq!(Nullable::from(Some(1)), Nullable::Value(1));
        assert_eq!(Nullable::<i32>::from(None), Nullable::Null);
        assert_eq!(Nullable::Value(2).as_value(), Some(&2));
        assert_eq!(Nullable::<i32>::Null.into_value(), None);
    }
}
