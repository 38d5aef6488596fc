//! The macro generated structs that are JSON objects are written with,
//! [`object!`](crate::object): a generated module declares the struct (its documentation, fields,
//! wire names and which fields are required), and the macro writes the struct with its
//! `Clone`, `Debug` and `PartialEq` derives, and its `Serialize` and `Deserialize` impls.
//!
//! The impls behave on JSON as serde's derives with the attributes generated code used to carry,
//! at a fraction of their compile cost: decoding reads the object's members in one loop that
//! matches each key as text (borrowed from the input when it can be), calls one generic helper
//! per field, and skips unknown keys; encoding writes each field, leaving out an optional one
//! that is absent. They read only JSON objects (serde's derive also takes an array of the
//! fields in order, which no JSON API sends), and keep no list of field names beyond the match.
//!
//! A field's presence follows from its type, read where the macro expands: `Option<T>` is
//! optional (missing or `null` is `None`, and `None` is left out), [`Nullable<T>`](crate::Nullable)
//! is optional and nullable (missing is `Absent`, `null` is `Null`, `Absent` is left out), any
//! other type is required (missing is an error), and `#[required]` makes an `Option<T>` required
//! but nullable (`null` is `None`, missing is an error, `None` is written as `null`). Errors say
//! what serde's derive says: ``missing field `x` ``, ``duplicate field `x` ``, and
//! `expected struct X`.
//!
//! Nothing here knows a generated type; the helpers are reached through the hidden `__private`
//! module, and serde through it, never through a dependency of the generated crate.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeStruct};

use crate::Nullable;

/// Defines a struct that is a JSON object, with its `Clone`, `Debug` and `PartialEq` derives and
/// its `Serialize` and `Deserialize` impls.
///
/// Fields are `pub` and may carry documentation, `#[deprecated]`, `#[rename = "wire"]` (the
/// JSON name, when it is not the field's own; a raw identifier such as `r#type` is named
/// without its `r#`) and `#[required]` (an `Option<T>` that must be present, possibly `null`),
/// in that order. The struct may carry any attributes, `#[derive(Default)]` among them; right
/// after its documentation (and `#[deprecated]`), `#[deserialize_if(...)]` gives the `cfg`
/// predicate under which its `Deserialize` impl exists.
///
/// ```
/// use openapi_client_runtime::Nullable;
///
/// openapi_client_runtime::object! {
///     /// A pet.
///     #[derive(Default)]
///     pub struct Pet {
///         /// Required.
///         pub name: String,
///         /// Optional: left out when `None`.
///         pub tag: Option<String>,
///         /// Optional and nullable: left out when `Absent`.
///         pub owner: Nullable<String>,
///         /// Required but nullable.
///         #[required]
///         pub born: Option<i32>,
///         /// Named `petType` on the wire.
///         #[rename = "petType"]
///         pub pet_type: Option<String>,
///         /// A raw identifier, named `type` on the wire.
///         pub r#type: Option<String>,
///     }
/// }
///
/// let pet: Pet = serde_json::from_str(r#"{"name":"Rex","owner":null,"born":null,"petType":"dog"}"#)
///     .unwrap();
/// assert_eq!(pet.owner, Nullable::Null);
/// assert_eq!(pet.pet_type.as_deref(), Some("dog"));
/// assert_eq!(
///     serde_json::to_string(&pet).unwrap(),
///     r#"{"name":"Rex","owner":null,"born":null,"petType":"dog"}"#
/// );
/// let missing = serde_json::from_str::<Pet>(r#"{"name":"Rex"}"#).unwrap_err();
/// assert_eq!(missing.to_string(), "missing field `born` at line 1 column 14");
/// ```
#[macro_export]
macro_rules! object {
    (
        $(#[doc = $doc:literal])*
        $(#[deprecated $($deprecated:tt)*])?
        #[deserialize_if($($cfg:tt)*)]
        $($rest:tt)*
    ) => {
        $crate::__object! {
            [#[cfg($($cfg)*)]]
            $(#[doc = $doc])*
            $(#[deprecated $($deprecated)*])?
            $($rest)*
        }
    };
    ($($rest:tt)*) => {
        $crate::__object! { [] $($rest)* }
    };
}

/// The body of [`object!`](crate::object), once the `cfg` of its `Deserialize` impl is read.
#[doc(hidden)]
#[macro_export]
macro_rules! __object {
    (
        [$($decode:tt)*]
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(
                $(#[doc = $field_doc:literal])*
                $(#[deprecated $($deprecated:tt)*])?
                $(#[rename = $wire:literal])?
                $(#[required $($required:tt)*])?
                pub $field:ident: $ty:ty
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq)]
        pub struct $name {
            $(
                $(#[doc = $field_doc])*
                $(#[deprecated $($deprecated)*])?
                pub $field: $ty,
            )*
        }

        #[allow(deprecated)]
        impl $crate::__private::serde::Serialize for $name {
            fn serialize<__S: $crate::__private::serde::Serializer>(
                &self,
                serializer: __S,
            ) -> ::std::result::Result<__S::Ok, __S::Error> {
                // Unused, and `object` not changed, when there are no fields.
                #[allow(unused_imports)]
                use $crate::__private::object::{Detect as _, Otherwise as _};
                #[allow(unused_mut)]
                let mut object = $crate::__private::serde::Serializer::serialize_struct(
                    serializer,
                    stringify!($name),
                    <[&str]>::len(&[$(stringify!($field)),*]),
                )?;
                $(
                    $crate::__private::object::write(
                        &mut object,
                        $crate::__private::object::Probe::<
                            $ty $(, $crate::__private::object::Required $($required)*)?
                        >::NEW.presence(),
                        $crate::__object_wire!($field $($wire)?),
                        &self.$field,
                    )?;
                )*
                $crate::__private::serde::ser::SerializeStruct::end(object)
            }
        }

        #[allow(deprecated)]
        $($decode)*
        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<__D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::std::result::Result<Self, __D::Error> {
                // Type parameters and items are not hygienic: their names cannot be a generated
                // type's (which never starts with `_`).
                struct __Visitor;
                impl<'de> $crate::__private::serde::de::Visitor<'de> for __Visitor {
                    type Value = $name;
                    fn expecting(
                        &self,
                        formatter: &mut ::std::fmt::Formatter<'_>,
                    ) -> ::std::fmt::Result {
                        formatter.write_str(concat!("struct ", stringify!($name)))
                    }
                    fn visit_map<__A: $crate::__private::serde::de::MapAccess<'de>>(
                        self,
                        mut map: __A,
                    ) -> ::std::result::Result<$name, __A::Error> {
                        #[allow(unused_imports)]
                        use $crate::__private::object::{Detect as _, Otherwise as _};
                        // Typed, so that the compiler need not infer it.
                        $(let mut $field: ::std::option::Option<$ty> = ::std::option::Option::None;)*
                        while let ::std::option::Option::Some(key) =
                            $crate::__private::serde::de::MapAccess::next_key::<
                                $crate::__private::object::Key<'de>,
                            >(&mut map)?
                        {
                            // One `?` for all the arms: less for the compiler to check.
                            match key.as_str() {
                                $(
                                    $crate::__object_wire!($field $($wire)?) => {
                                        $crate::__private::object::read(
                                            &mut map,
                                            &mut $field,
                                            $crate::__object_wire!($field $($wire)?),
                                        )
                                    }
                                )*
                                _ => $crate::__private::object::skip(&mut map),
                            }?
                        }
                        ::std::result::Result::Ok($name {
                            $(
                                $field: $crate::__private::object::take(
                                    $field,
                                    $crate::__private::object::Probe::<
                                        $ty $(, $crate::__private::object::Required $($required)*)?
                                    >::NEW.presence(),
                                    $crate::__object_wire!($field $($wire)?),
                                )?,
                            )*
                        })
                    }
                }
                $crate::__private::serde::Deserializer::deserialize_map(deserializer, __Visitor)
            }
        }
    };
}

/// A field's name on the wire: its `#[rename]`, else the field's own name, a raw identifier
/// without its `r#` (every keyword a generated field can be named after has its rule).
#[doc(hidden)]
#[macro_export]
macro_rules! __object_wire {
    ($field:ident $wire:literal) => {
        $wire
    };
    (r#abstract) => {
        "abstract"
    };
    (r#as) => {
        "as"
    };
    (r#async) => {
        "async"
    };
    (r#await) => {
        "await"
    };
    (r#become) => {
        "become"
    };
    (r#box) => {
        "box"
    };
    (r#break) => {
        "break"
    };
    (r#const) => {
        "const"
    };
    (r#continue) => {
        "continue"
    };
    (r#do) => {
        "do"
    };
    (r#dyn) => {
        "dyn"
    };
    (r#else) => {
        "else"
    };
    (r#enum) => {
        "enum"
    };
    (r#extern) => {
        "extern"
    };
    (r#false) => {
        "false"
    };
    (r#final) => {
        "final"
    };
    (r#fn) => {
        "fn"
    };
    (r#for) => {
        "for"
    };
    (r#gen) => {
        "gen"
    };
    (r#if) => {
        "if"
    };
    (r#impl) => {
        "impl"
    };
    (r#in) => {
        "in"
    };
    (r#let) => {
        "let"
    };
    (r#loop) => {
        "loop"
    };
    (r#macro) => {
        "macro"
    };
    (r#match) => {
        "match"
    };
    (r#mod) => {
        "mod"
    };
    (r#move) => {
        "move"
    };
    (r#mut) => {
        "mut"
    };
    (r#override) => {
        "override"
    };
    (r#priv) => {
        "priv"
    };
    (r#pub) => {
        "pub"
    };
    (r#ref) => {
        "ref"
    };
    (r#return) => {
        "return"
    };
    (r#static) => {
        "static"
    };
    (r#struct) => {
        "struct"
    };
    (r#trait) => {
        "trait"
    };
    (r#true) => {
        "true"
    };
    (r#try) => {
        "try"
    };
    (r#type) => {
        "type"
    };
    (r#typeof) => {
        "typeof"
    };
    (r#unsafe) => {
        "unsafe"
    };
    (r#unsized) => {
        "unsized"
    };
    (r#use) => {
        "use"
    };
    (r#virtual) => {
        "virtual"
    };
    (r#where) => {
        "where"
    };
    (r#while) => {
        "while"
    };
    (r#yield) => {
        "yield"
    };
    ($field:ident) => {
        stringify!($field)
    };
}

/// A key of a JSON object, borrowed from the input when the deserializer allows it.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a field name")
            }
            fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(key)))
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key.to_owned())))
            }
            fn visit_string<E: de::Error>(self, key: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key)))
            }
        }
        // A field name, as serde's derive asks for it; JSON gives the key's text either way.
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// Reads the value of the field `name` into its slot; a field given twice is an error.
pub fn read<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Skips the value of a key no field has.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<de::IgnoredAny>().map(|_| ())
}

/// The value of the field `name` once the object is read: the value read, else what its
/// presence gives for a missing field, else the error that it is missing.
pub fn take<T, P: Presence<T>, E: de::Error>(
    slot: Option<T>,
    _: P,
    name: &'static str,
) -> Result<T, E> {
    match slot {
        Some(value) => Ok(value),
        None => P::missing().ok_or_else(|| E::missing_field(name)),
    }
}

/// Writes the field `name`, or tells the serializer it is skipped when its presence says it is
/// absent.
pub fn write<S: SerializeStruct, T: Serialize, P: Presence<T>>(
    object: &mut S,
    _: P,
    name: &'static str,
    value: &T,
) -> Result<(), S::Error> {
    if P::is_absent(value) {
        object.skip_field(name)
    } else {
        object.serialize_field(name, value)
    }
}

/// How a field of type `T` is present: what a missing field is, and which values are left out.
pub trait Presence<T> {
    /// The value of a missing field, or `None` if it must be present.
    fn missing() -> Option<T>;
    /// Whether `value` is left out of the object.
    fn is_absent(value: &T) -> bool;
}

/// A field that must be present (a `null` may still be allowed by its type).
pub struct Required;

/// An `Option<T>` field: `None` when missing, left out when `None`.
pub struct Optional;

/// A [`Nullable<T>`] field: `Absent` when missing, left out when `Absent`.
pub struct OptionalNullable;

impl<T> Presence<T> for Required {
    fn missing() -> Option<T> {
        None
    }
    fn is_absent(_: &T) -> bool {
        false
    }
}

impl<T> Presence<Option<T>> for Optional {
    fn missing() -> Option<Option<T>> {
        Some(None)
    }
    fn is_absent(value: &Option<T>) -> bool {
        value.is_none()
    }
}

impl<T> Presence<Nullable<T>> for OptionalNullable {
    fn missing() -> Option<Nullable<T>> {
        Some(Nullable::Absent)
    }
    fn is_absent(value: &Nullable<T>) -> bool {
        value.is_absent()
    }
}

/// Finds the presence of a field from its type `T` where the macro expands, where the type is
/// known: [`Detect`] for `Option<T>` and `Nullable<T>` is tried before [`Otherwise`], which
/// takes the probe by reference. `K` is `Required` for a field marked `#[required]`, which
/// leaves only `Otherwise`.
pub struct Probe<T, K = Auto>(PhantomData<fn() -> (T, K)>);

/// The presence of a field not marked: found from its type.
pub struct Auto;

impl<T, K> Probe<T, K> {
    /// The probe.
    pub const NEW: Self = Probe(PhantomData);
}

/// The presence of an optional field's type.
pub trait Detect {
    /// The presence.
    type Presence;
    /// The presence.
    fn presence(self) -> Self::Presence;
}

impl<T> Detect for Probe<Option<T>> {
    type Presence = Optional;
    fn presence(self) -> Optional {
        Optional
    }
}

impl<T> Detect for Probe<Nullable<T>> {
    type Presence = OptionalNullable;
    fn presence(self) -> OptionalNullable {
        OptionalNullable
    }
}

/// The presence of any other field: required.
pub trait Otherwise {
    /// The presence.
    fn presence(&self) -> Required {
        Required
    }
}

impl<T, K> Otherwise for Probe<T, K> {}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use crate::Nullable;

    crate::object! {
        /// Every kind of field.
        #[derive(Default)]
        pub struct Every {
            /// Required.
            pub id: u32,
            /// Optional.
            pub tag: Option<String>,
            /// Optional and nullable.
            pub note: Nullable<String>,
            /// Required and nullable.
            #[required]
            pub score: Option<i64>,
            /// Renamed.
            #[rename = "firstName"]
            pub first_name: Option<String>,
            /// Renamed and required.
            #[rename = "lastName"]
            #[required]
            pub last_name: Option<String>,
            /// A raw identifier.
            pub r#type: Option<String>,
            /// Deprecated.
            #[deprecated]
            pub old: Option<bool>,
        }
    }

    crate::object! {
        /// Nothing in it.
        pub struct Empty {}
    }

    crate::object! {
        /// Decoded only under a `cfg`, which is never set here.
        #[deserialize_if(any())]
        pub struct Sent {
            /// A field.
            pub a: u8,
        }
    }

    crate::object! {
        /// Named as the macro's type parameters, with fields named as its locals.
        pub struct A {
            /// A field.
            pub map: u8,
            /// A field.
            pub key: Option<u8>,
            /// A field.
            pub object: Nullable<u8>,
            /// A field.
            pub deserializer: Option<D>,
        }
    }

    crate::object! {
        /// Named as a type parameter.
        pub struct D {
            /// A field.
            pub formatter: Vec<S>,
        }
    }

    crate::object! {
        /// Named as a type parameter.
        pub struct S {}
    }

    #[test]
    fn names_do_not_collide_with_the_macros_own() {
        let a: A = serde_json::from_str(
            r#"{"map":1,"key":2,"object":null,"deserializer":{"formatter":[{}]}}"#,
        )
        .unwrap();
        assert_eq!(a.key, Some(2));
        assert_eq!(a.object, Nullable::Null);
        assert_eq!(
            a.deserializer,
            Some(D {
                formatter: vec![S {}]
            })
        );
    }

    fn parse(json: &str) -> Result<Every, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    const MINIMAL: &str = r#"{"id":1,"score":null,"lastName":null}"#;

    #[test]
    fn missing_optional_fields_are_none_or_absent() {
        let every = parse(MINIMAL).unwrap();
        assert_eq!(
            every,
            Every {
                id: 1,
                ..Every::default()
            }
        );
        assert_eq!(serde_json::to_string(&every).unwrap(), MINIMAL);
    }

    #[test]
    #[allow(deprecated)]
    fn every_field_round_trips() {
        let json = r#"{"id":7,"tag":"t","note":null,"score":3,"firstName":"Ada","lastName":"L","type":"x","old":true}"#;
        let every = parse(json).unwrap();
        assert_eq!(
            every,
            Every {
                id: 7,
                tag: Some("t".into()),
                note: Nullable::Null,
                score: Some(3),
                first_name: Some("Ada".into()),
                last_name: Some("L".into()),
                r#type: Some("x".into()),
                old: Some(true),
            }
        );
        assert_eq!(serde_json::to_string(&every).unwrap(), json);
        let value = serde_json::to_value(&every).unwrap();
        assert_eq!(serde_json::from_value::<Every>(value).unwrap(), every);
    }

    #[test]
    fn null_is_none_null_or_an_error() {
        let every = parse(r#"{"id":1,"tag":null,"note":null,"score":null,"lastName":null}"#);
        let every = every.unwrap();
        assert_eq!(every.tag, None);
        assert_eq!(every.note, Nullable::Null);
        let error = parse(r#"{"id":null,"score":null,"lastName":null}"#).unwrap_err();
        assert_eq!(
            error,
            "invalid type: null, expected u32 at line 1 column 10"
        );
    }

    #[test]
    fn errors_say_what_serde_says() {
        assert_eq!(
            parse(r#"{"score":null,"lastName":null}"#).unwrap_err(),
            "missing field `id` at line 1 column 30"
        );
        assert_eq!(
            parse(r#"{"id":1,"lastName":null}"#).unwrap_err(),
            "missing field `score` at line 1 column 24"
        );
        assert_eq!(
            parse(r#"{"id":1,"score":1}"#).unwrap_err(),
            "missing field `lastName` at line 1 column 18"
        );
        assert_eq!(
            parse(r#"{"id":1,"id":2}"#).unwrap_err(),
            "duplicate field `id` at line 1 column 12"
        );
        assert_eq!(
            parse(r#"{"id":1,"type":"a","type":"b"}"#).unwrap_err(),
            "duplicate field `type` at line 1 column 25"
        );
        assert_eq!(
            parse("[1]").unwrap_err(),
            "invalid type: sequence, expected struct Every at line 1 column 0"
        );
        assert_eq!(
            parse("7").unwrap_err(),
            "invalid type: integer `7`, expected struct Every at line 1 column 1"
        );
    }

    #[test]
    fn unknown_keys_are_skipped_and_escaped_keys_read() {
        let json = r#"{"zz":{"a":[1,{"b":null}]},"i\u0064":5,"score":null,"lastName":null,"first_name":"x"}"#;
        let every = parse(json).unwrap();
        assert_eq!(every.id, 5);
        // The Rust name of a renamed field is not its wire name.
        assert_eq!(every.first_name, None);
    }

    #[test]
    fn keys_are_read_from_every_kind_of_input() {
        let value = serde_json::json!({"id": 2, "score": null, "lastName": "L"});
        let owned: Every = serde_json::from_value(value.clone()).unwrap();
        let borrowed = Every::deserialize(&value).unwrap();
        let read: Every = serde_json::from_reader(value.to_string().as_bytes()).unwrap();
        assert_eq!(owned, borrowed);
        assert_eq!(owned, read);
        assert_eq!(owned.last_name.as_deref(), Some("L"));
    }

    #[test]
    fn empty_objects() {
        assert_eq!(serde_json::to_string(&Empty {}).unwrap(), "{}");
        assert_eq!(
            serde_json::from_str::<Empty>(r#"{"a":1}"#).unwrap(),
            Empty {}
        );
        assert_eq!(serde_json::to_string(&Sent { a: 1 }).unwrap(), r#"{"a":1}"#);
    }

    #[test]
    fn absent_fields_are_left_out_between_others() {
        let every = Every {
            id: 1,
            note: Nullable::Value("n".into()),
            ..Every::default()
        };
        assert_eq!(
            serde_json::to_string(&every).unwrap(),
            r#"{"id":1,"note":"n","score":null,"lastName":null}"#
        );
    }
}
