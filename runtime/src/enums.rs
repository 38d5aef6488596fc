//! The macros generated enums are written with: [`string_enum!`](crate::string_enum) and
//! [`int_enum!`](crate::int_enum). A generated module only lists each enum's documentation,
//! variants and wire values; everything else (conversions, serde, parameters, validation) is
//! written here once.
//!
//! Both kinds keep values the spec does not list in a catch-all variant, so a value added to the
//! API later decodes instead of failing; validation refuses such a value in a request.
//!
//! The macros name everything they use through `$crate`, so they work wherever the runtime crate
//! is (generated code reaches it through any path); serde is named through the hidden
//! `__private` module, never through a dependency of the generated crate.

/// Defines a string enum with a catch-all variant holding any other value. The catch-all comes
/// first; the macro documents it, and each variant with its wire value.
///
/// ```
/// openapi_client_runtime::string_enum! {
///     /// A direction.
///     pub enum Direction {
///         Other(String),
///         Up = "up",
///         Down = "down",
///     }
/// }
///
/// assert_eq!(Direction::from("up"), Direction::Up);
/// assert_eq!(Direction::from("sideways"), Direction::Other("sideways".to_owned()));
/// assert_eq!(Direction::Down.as_str(), "down");
/// ```
///
/// Implements `as_str`, `Display`, `From<&str>`, `From<String>`, `Serialize` and `Deserialize`
/// (as a JSON string) and [`Validate`](crate::Validate)
/// (the catch-all variant is a violation).
#[macro_export]
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $other:ident(String),
            $(
                $(#[$variant_meta:meta])*
                $variant:ident = $wire:literal,
            )*
        }
    ) => {
        $(#[$meta])*
        ///
        /// Values added to the API later decode as the catch-all variant instead of failing.
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        $vis enum $name {
            $($(#[$variant_meta])* #[doc = $crate::__variant_doc!($wire)] $variant,)*
            /// A value this client does not know, kept as received.
            $other(::std::string::String),
        }

        #[allow(deprecated)]
        impl $name {
            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::$other(value) => value,
                }
            }
        }

        #[allow(deprecated)]
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #[allow(deprecated)]
        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::$other(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        #[allow(deprecated)]
        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    $($wire => Self::$variant,)*
                    _ => Self::$other(value),
                }
            }
        }

        #[allow(deprecated)]
        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #[allow(deprecated)]
        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                <::std::string::String as $crate::__private::serde::Deserialize>::deserialize(
                    deserializer,
                )
                .map(Self::from)
            }
        }

        #[allow(deprecated)]
        impl $crate::Validate for $name {
            fn check(&self, c: &mut $crate::validate::Checker) {
                if let Self::$other(value) = self {
                    c.unknown_value(value, &[$($wire),*]);
                }
            }
        }
    };
}

/// Defines an integer enum, sent and received as a JSON number, with a catch-all variant holding
/// any other integer. The catch-all comes first; the macro documents it.
///
/// ```
/// openapi_client_runtime::int_enum! {
///     /// A priority.
///     pub enum Priority {
///         Other(i64),
///         V1 = 1,
///         Minus1 = -1,
///     }
/// }
///
/// assert_eq!(Priority::from(-1), Priority::Minus1);
/// assert_eq!(Priority::from(7), Priority::Other(7));
/// assert_eq!(Priority::V1.value(), 1);
/// ```
///
/// Implements `value`, `Display`, `From<i64>`, `Serialize` and `Deserialize` (as a JSON
/// number) and [`Validate`](crate::Validate) (the catch-all
/// variant is a violation).
#[macro_export]
macro_rules! int_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $other:ident(i64),
            $(
                $(#[$variant_meta:meta])*
                $variant:ident = $wire:literal,
            )*
        }
    ) => {
        $(#[$meta])*
        ///
        /// Values added to the API later decode as the catch-all variant instead of failing.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        $vis enum $name {
            $($(#[$variant_meta])* #[doc = $crate::__variant_doc!($wire)] $variant,)*
            /// A value this client does not know, kept as received.
            $other(i64),
        }

        #[allow(deprecated)]
        impl $name {
            /// The value as written on the wire.
            pub fn value(&self) -> i64 {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::$other(value) => *value,
                }
            }
        }

        #[allow(deprecated)]
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }

        #[allow(deprecated)]
        impl ::std::convert::From<i64> for $name {
            fn from(value: i64) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::$other(other),
                }
            }
        }

        #[allow(deprecated)]
        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        #[allow(deprecated)]
        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                <i64 as $crate::__private::serde::Deserialize>::deserialize(deserializer)
                    .map(Self::from)
            }
        }

        #[allow(deprecated)]
        impl $crate::Validate for $name {
            fn check(&self, c: &mut $crate::validate::Checker) {
                if let Self::$other(value) = self {
                    c.unknown_integer(*value, &[$($wire),*]);
                }
            }
        }
    };
}

/// The documentation of an enum variant: its wire value as code (an empty string is said in words).
#[doc(hidden)]
#[macro_export]
macro_rules! __variant_doc {
    ("") => {
        "The empty string."
    };
    ($wire:literal) => {
        concat!("`", $wire, "`")
    };
}

#[cfg(test)]
mod tests {
    use crate::Validate;

    crate::string_enum! {
        /// Values whose names collide once sanitized.
        pub enum Sign {
            Other(String),
            /// `+1`
            Plus1 = "+1",
            /// `-1`
            Minus1 = "-1",
            /// The empty string.
            Empty = "",
        }
    }

    crate::int_enum! {
        /// Small numbers.
        pub enum Small {
            Other(i64),
            /// `0`
            V0 = 0,
            /// `-1`
            Minus1 = -1,
        }
    }

    #[test]
    fn string_enums_round_trip_and_keep_unknown_values() {
        let decoded: Vec<Sign> = serde_json::from_str(r#"["+1", "-1", "", "x"]"#).unwrap();
        assert_eq!(
            decoded,
            [
                Sign::Plus1,
                Sign::Minus1,
                Sign::Empty,
                Sign::Other("x".into())
            ]
        );
        assert_eq!(
            serde_json::to_string(&decoded).unwrap(),
            r#"["+1","-1","","x"]"#
        );
        assert_eq!(Sign::Minus1.as_str(), "-1");
        assert!(Sign::Empty.validate().is_ok());
        let refused = Sign::Other("x".into()).validate().unwrap_err();
        assert_eq!(
            refused.to_string(),
            "1 violation\n  /: \"x\" is not one of the allowed values [\"+1\", \"-1\", \"\"]"
        );
    }

    #[test]
    fn integer_enums_are_json_numbers() {
        let decoded: Vec<Small> = serde_json::from_str("[0, -1, 42]").unwrap();
        assert_eq!(decoded, [Small::V0, Small::Minus1, Small::Other(42)]);
        assert_eq!(serde_json::to_string(&decoded).unwrap(), "[0,-1,42]");
        assert!(serde_json::from_str::<Small>("\"0\"").is_err());
        assert_eq!(Small::Minus1.to_string(), "-1");
        assert_eq!(Small::Other(42).to_string(), "42");
        assert!(Small::V0.validate().is_ok());
        let refused = Small::Other(42).validate().unwrap_err();
        assert_eq!(
            refused.to_string(),
            "1 violation\n  /: 42 is not one of the allowed values [0, -1]"
        );
    }
}
