//! Unions whose alternative is chosen by a property of the value: OpenAPI's `discriminator`.
//!
//! The tag property usually belongs to each alternative's own type as well, so it must not be
//! removed before the alternative decodes (as `#[serde(tag = ...)]` would). [`deserialize`] reads
//! the tag, then decodes the whole value into the alternative it names; [`serialize`] writes the
//! alternative as it is, adding the tag only when the alternative's type does not carry it.
//!
//! Decoding never guesses: a missing or unknown tag is an error naming the tags it knows, and
//! when the named alternative does not decode no other one is tried. Encoding refuses a NaN or
//! infinite number before it adds a tag, rather than writing it as `null`.

use serde::de::Error as _;
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// Decodes a value whose `property` names its alternative.
///
/// `decode` receives the tag and the whole value, and returns `None` for a tag it does not know;
/// `known` lists the tags it knows, for the message. Fails when the value is not an object, when
/// the tag is missing or not a string, when the tag is unknown, and when the chosen alternative
/// does not decode (the message names the tag; no other alternative is tried).
pub fn deserialize<'de, D, T>(
    deserializer: D,
    property: &str,
    known: &[&str],
    decode: impl FnOnce(&str, Value) -> Option<Result<T, serde_json::Error>>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let value = Value::deserialize(deserializer)?;
    let tag = match &value {
        Value::Object(map) => match map.get(property) {
            Some(Value::String(tag)) => tag.clone(),
            Some(other) => {
                return Err(D::Error::custom(format!(
                    "the `{property}` property must be a string naming the alternative, found {other}"
                )));
            }
            None => {
                return Err(D::Error::custom(format!(
                    "missing the `{property}` property, which names the alternative"
                )));
            }
        },
        other => {
            return Err(D::Error::custom(format!(
                "expected an object with a `{property}` property, found {}",
                json_kind(other)
            )));
        }
    };
    match decode(&tag, value) {
        Some(Ok(decoded)) => Ok(decoded),
        Some(Err(e)) => Err(D::Error::custom(format!("`{property}` is {tag:?}: {e}"))),
        None => {
            let expected: Vec<String> = known.iter().map(|k| format!("{k:?}")).collect();
            Err(D::Error::custom(format!(
                "unknown `{property}` value {tag:?} (expected one of {})",
                expected.join(", ")
            )))
        }
    }
}

/// Encodes one alternative of a tagged union. When the encoded value is an object without
/// `property` (its type does not declare it, or leaves it unset), `tag` is added; a tag the value
/// carries itself is kept as it is.
///
/// A value that needs no tag added is encoded as it is, so whoever encodes it sees each of its
/// numbers. Adding the tag goes through a JSON value, which would turn NaN or an infinity into
/// `null`: such a value is an error instead.
pub fn serialize<S, T>(
    serializer: S,
    value: &T,
    property: &str,
    tag: Option<&str>,
) -> Result<S::Ok, S::Error>
where
    S: Serializer,
    T: Serialize + ?Sized,
{
    let mut json = serde_json::to_value(value).map_err(S::Error::custom)?;
    let (Value::Object(map), Some(tag)) = (&mut json, tag) else {
        return value.serialize(serializer);
    };
    if map.contains_key(property) {
        return value.serialize(serializer);
    }
    if let Some(at) = crate::finite::non_finite(value) {
        return Err(S::Error::custom(format!(
            "the `{tag}` alternative {}",
            crate::finite::refusal(&at, "JSON")
        )));
    }
    map.insert(property.to_owned(), Value::String(tag.to_owned()));
    json.serialize(serializer)
}

/// The serde impls of a union whose alternative a tag property names, as generated code states
/// them: the union and its property; for encoding (`write`), each variant with the tag added
/// when its value carries none; for decoding (`read`), the tags known (for the message), the
/// values each variant is chosen by, and what any other value decodes as: `None`, an error that
/// names it, or a variant. Attributes before `read` (a `cfg`) go on the `Deserialize` impl.
///
/// ```
/// # use openapi_client_runtime as runtime;
/// #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
/// pub struct Circle { pub kind: String, pub radius: f64 }
/// #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
/// pub struct Square { pub side: f64 }
/// #[derive(Debug, PartialEq)]
/// pub enum Shape { Circle(Circle), Square(Square) }
/// runtime::tagged_union! {
///     Shape by "kind";
///     write { Circle => Some("circle"), Square => Some("square") }
///     read ["circle", "square"] { "circle" => Circle, "square" => Square, _ => None }
/// }
/// let square: Shape = serde_json::from_str(r#"{"kind": "square", "side": 2.0}"#).unwrap();
/// assert_eq!(square, Shape::Square(Square { side: 2.0 }));
/// let written = serde_json::to_value(&square).unwrap();
/// assert_eq!(written, serde_json::json!({"kind": "square", "side": 2.0}));
/// let unknown = serde_json::from_str::<Shape>(r#"{"kind": "cube"}"#).unwrap_err();
/// assert!(unknown.to_string().contains("cube"));
/// ```
#[macro_export]
macro_rules! tagged_union {
    (
        $name:ident by $property:literal;
        write { $($variant:ident => $default:expr),* $(,)? }
        $(#[$read_meta:meta])*
        read [$($known:literal),* $(,)?] {
            $($($value:literal)|+ => $decoded:ident,)*
            _ => $otherwise:ident $(,)?
        }
    ) => {
        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    $(Self::$variant(value) => {
                        $crate::tagged::serialize(serializer, value, $property, $default)
                    })*
                }
            }
        }

        $(#[$read_meta])*
        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::tagged::deserialize(deserializer, $property, &[$($known),*], |tag, value| {
                    match tag {
                        $($($value)|+ => {
                            Some($crate::__private::serde_json::from_value(value).map(Self::$decoded))
                        })*
                        _ => $crate::tagged_union!(@otherwise value $otherwise),
                    }
                })
            }
        }
    };
    (@otherwise $value:ident None) => {
        None
    };
    (@otherwise $value:ident $variant:ident) => {
        Some($crate::__private::serde_json::from_value($value).map(Self::$variant))
    };
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Cat {
        kind: String,
        lives: u8,
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Dog {
        barks: bool,
    }

    #[derive(Debug, PartialEq)]
    enum Pet {
        Cat(Cat),
        Dog(Dog),
    }

    fn decode(value: serde_json::Value) -> Result<Pet, serde_json::Error> {
        super::deserialize(value, "kind", &["cat", "dog"], |tag, value| match tag {
            "cat" => Some(serde_json::from_value(value).map(Pet::Cat)),
            "dog" => Some(serde_json::from_value(value).map(Pet::Dog)),
            _ => None,
        })
    }

    fn encode(pet: &Pet) -> serde_json::Value {
        let mut out = Vec::new();
        let mut serializer = serde_json::Serializer::new(&mut out);
        match pet {
            Pet::Cat(cat) => super::serialize(&mut serializer, cat, "kind", Some("cat")),
            Pet::Dog(dog) => super::serialize(&mut serializer, dog, "kind", Some("dog")),
        }
        .unwrap();
        serde_json::from_slice(&out).unwrap()
    }

    #[test]
    fn the_tag_chooses_and_stays_in_the_value() {
        let cat = decode(json!({"kind": "cat", "lives": 9, "barks": true})).unwrap();
        assert_eq!(
            cat,
            Pet::Cat(Cat {
                kind: "cat".into(),
                lives: 9
            })
        );
        assert_eq!(encode(&cat), json!({"kind": "cat", "lives": 9}));
        let dog = decode(json!({"kind": "dog", "barks": false})).unwrap();
        assert_eq!(encode(&dog), json!({"barks": false, "kind": "dog"}));
    }

    /// An alternative encoded through [`super::serialize`], tagged with `tag`.
    struct Tagged<'a, T>(&'a T, &'static str);

    impl<T: serde::Serialize> serde::Serialize for Tagged<'_, T> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            super::serialize(serializer, self.0, "kind", Some(self.1))
        }
    }

    #[derive(serde::Serialize)]
    struct Bird {
        kind: String,
        weight: f64,
    }

    #[derive(serde::Serialize)]
    struct Fish {
        weight: f64,
    }

    #[test]
    fn numbers_json_cannot_write_are_never_encoded_as_null() {
        // A value carrying its tag is encoded as it is: the NaN is found where it is.
        let bird = Bird {
            kind: "bird".into(),
            weight: f64::NAN,
        };
        assert_eq!(
            crate::finite::non_finite(&Tagged(&bird, "bird")).as_deref(),
            Some("/weight")
        );
        // Adding the tag would turn it into `null`: an error instead.
        let fish = Fish {
            weight: f64::INFINITY,
        };
        let error = serde_json::to_string(&Tagged(&fish, "fish")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the `fish` alternative holds NaN or an infinity at `/weight`, which JSON cannot carry"
        );
        let fish = Fish { weight: 1.5 };
        assert_eq!(
            serde_json::to_value(Tagged(&fish, "fish")).unwrap(),
            json!({"weight": 1.5, "kind": "fish"})
        );
    }

    #[test]
    fn failures_name_the_property_and_the_value() {
        let message = |v| decode(v).unwrap_err().to_string();
        assert_eq!(
            message(json!({"kind": "bird"})),
            r#"unknown `kind` value "bird" (expected one of "cat", "dog")"#
        );
        assert!(
            message(json!({"kind": "cat"}))
                .starts_with(r#"`kind` is "cat": missing field `lives`"#)
        );
        assert!(message(json!({"lives": 1})).contains("missing the `kind` property"));
        assert!(message(json!({"kind": 1})).contains("must be a string"));
        assert!(message(json!([1])).contains("found an array"));
    }
}
