//! The macro generated builders are written with: [`builder!`](crate::builder). A generated
//! module lists each builder's properties, with their documentation and how each is set; the
//! setters, the builder's storage and its `build` are written here once.
//!
//! Each property is an `Option`, a `Nullable` or the map of extra properties; lists and nullable
//! properties get `empty_` and `clear_` setters too. `build` reports every missing required
//! property at once and then runs [`Validate`](crate::Validate), so a builder never hands out a
//! value that breaks its spec. The macro decides nothing per spec and names everything through
//! `$crate`, so generated code needs no import for it.

use crate::validate::Violation;

/// Defines the builder of a struct: one setter per property, and `build`, which reports every
/// missing required property and every violation of the spec's constraints at once. Also adds
/// `builder()` to the struct.
///
/// The body is written as a struct whose fields are the built struct's properties, each with the
/// type of its value (the item type, for a list), preceded by a `#[set(..)]` attribute:
///
/// `#[set(presence, shape, setter, empty = name, clear = name, path = "/pointer")]`
///
/// - `presence`: `opt` (an `Option` field), `req` (required), `opt_null` (a
///   [`Nullable`](crate::Nullable) field: optional and nullable), `req_null` (required,
///   possibly `null`: an `Option` field), or `map` (the map of properties the schema does not
///   list, set one by one with a name);
/// - `shape`: `one` (a single value), `boxed` (a `Box`), `list` (a `Vec`, set from any iterator
///   of convertible items) or `boxed_list`;
/// - `setter`: the name of the setter;
/// - `empty = name` (lists only): a setter sending the empty list;
/// - `clear = name` (nullable ones only): a setter sending `null`;
/// - `path = "/pointer"` (required ones only): where a missing value is reported.
///
/// Attributes after `#[set(..)]` (documentation, `#[deprecated]`) go onto the setter.
///
/// ```
/// use openapi_client_runtime::{Nullable, Validate, validate::Checker};
///
/// /// A contact.
/// #[derive(Clone, Debug, PartialEq)]
/// pub struct Contact {
///     /// The name.
///     pub name: String,
///     /// The e-mail addresses.
///     pub emails: Option<Vec<String>>,
///     /// The note, which `null` clears.
///     pub note: Nullable<String>,
/// }
///
/// impl Validate for Contact {
///     fn check(&self, c: &mut Checker) {
///         let _ = c;
///     }
/// }
///
/// openapi_client_runtime::builder! {
///     #[builds(Contact)]
///     /// Builds a [`Contact`].
///     pub struct ContactBuilder {
///         #[set(req, one, name, path = "/name")]
///         /// Sets `name`.
///         name: String,
///         #[set(opt, list, emails, empty = empty_emails)]
///         /// Sets `emails`.
///         emails: String,
///         #[set(opt_null, one, note, clear = clear_note)]
///         /// Sets `note`.
///         note: String,
///     }
/// }
///
/// let contact = Contact::builder()
///     .name("Ada")
///     .emails(["ada@example.com"])
///     .clear_note()
///     .build()
///     .unwrap();
/// assert_eq!(contact.emails, Some(vec!["ada@example.com".to_owned()]));
/// assert_eq!(contact.note, Nullable::Null);
///
/// let missing = Contact::builder().empty_emails().build().unwrap_err();
/// assert_eq!(missing.0[0].path, "/name");
/// ```
#[macro_export]
macro_rules! builder {
    (
        #[builds($target:ident)]
        $(#[$attr:meta])*
        $vis:vis struct $name:ident {
            $(
                #[set(
                    $presence:ident, $shape:ident, $setter:ident
                    $(, empty = $empty:ident)?
                    $(, clear = $clear:ident)?
                    $(, path = $path:literal)?
                )]
                $(#[deprecated $($deprecated:tt)*])?
                $(#[doc = $doc:literal])*
                $field:ident: $ty:ty
            ),* $(,)?
        }
    ) => {
        #[allow(deprecated)]
        impl $target {
            /// Starts a builder; `build` checks every constraint of the spec.
            pub fn builder() -> $name {
                // Through the trait: a property named `default` has a setter of that name.
                <$name as ::std::default::Default>::default()
            }
        }

        #[doc = concat!(
            "Builds a [`", stringify!($target), "`] one property at a time; [`",
            stringify!($name), "::build`] checks every constraint of the spec and reports every ",
            "violation.",
        )]
        $(#[$attr])*
        #[derive(Clone, Debug, Default)]
        #[allow(deprecated)]
        $vis struct $name {
            $($field: $crate::__builder_store!($presence $shape $ty),)*
        }

        #[allow(deprecated)]
        impl $name {
            $(
                $crate::__builder_setters! {
                    $presence $shape
                    [$(#[deprecated $($deprecated)*])?]
                    [$(#[deprecated $($deprecated)*])?]
                    [$(#[doc = $doc])*]
                    $setter [$($empty)?] [$($clear)?] $field $ty
                }
            )*

            /// The value, if every required property is set and every constraint holds;
            /// otherwise every violation at once.
            pub fn build(self) -> ::std::result::Result<$target, $crate::Violations> {
                let missing = &mut ::std::vec::Vec::new();
                $(
                    let $field =
                        $crate::__builder_take!($presence self.$field, missing $(, $path)?);
                )*
                let (true, $(::std::option::Option::Some($field),)*) =
                    (missing.is_empty(), $($field,)*)
                else {
                    return ::std::result::Result::Err($crate::Violations(::std::mem::take(
                        missing,
                    )));
                };
                let value = $target { $($field,)* };
                $crate::Validate::validate(&value)?;
                ::std::result::Result::Ok(value)
            }
        }
    };
}

// The pieces of `builder!`, each a macro of its own with few rules: a macro call is matched
// against its rules in order, and builders make many calls.

/// The builder's storage of a property. Not part of the API.
#[doc(hidden)]
#[macro_export]
macro_rules! __builder_store {
    (map $shape:ident $ty:ty) => {
        ::std::collections::BTreeMap<::std::string::String, $ty>
    };
    (opt_null $shape:ident $ty:ty) => {
        $crate::Nullable<$crate::__builder_shape!($shape $ty)>
    };
    (req_null $shape:ident $ty:ty) => {
        ::std::option::Option<::std::option::Option<$crate::__builder_shape!($shape $ty)>>
    };
    // `opt` and `req`.
    ($presence:ident $shape:ident $ty:ty) => {
        ::std::option::Option<$crate::__builder_shape!($shape $ty)>
    };
}

/// A property's value type by its shape. Not part of the API.
#[doc(hidden)]
#[macro_export]
macro_rules! __builder_shape {
    (one $ty:ty) => { $ty };
    (boxed $ty:ty) => { ::std::boxed::Box<$ty> };
    (list $ty:ty) => { ::std::vec::Vec<$ty> };
    (boxed_list $ty:ty) => { ::std::boxed::Box<::std::vec::Vec<$ty>> };
}

/// A set value (or `null`) as the builder stores it. Not part of the API.
#[doc(hidden)]
#[macro_export]
macro_rules! __builder_wrap {
    (opt_null null) => {
        $crate::Nullable::Null
    };
    (req_null null) => {
        ::std::option::Option::Some(::std::option::Option::None)
    };
    (opt_null $value:expr) => {
        $crate::Nullable::Value($value)
    };
    (req_null $value:expr) => {
        ::std::option::Option::Some(::std::option::Option::Some($value))
    };
    // `opt` and `req`.
    ($presence:ident $value:expr) => {
        ::std::option::Option::Some($value)
    };
}

/// A property's value for `build`: `None` only for a missing required one. Not part of the
/// API.
#[doc(hidden)]
#[macro_export]
macro_rules! __builder_take {
    ($presence:ident $value:expr, $missing:ident, $path:literal) => {
        $crate::__private::required($value, $path, $missing)
    };
    ($presence:ident $value:expr, $missing:ident) => {
        ::std::option::Option::Some($value)
    };
}

/// Every setter of a property. Not part of the API.
#[doc(hidden)]
#[macro_export]
macro_rules! __builder_setters {
    (
        map $shape:ident $dep:tt [$($deprecated:tt)*] [$($doc:tt)*]
        $setter:ident [] [] $field:ident $ty:ty
    ) => {
        $($doc)*
        $($deprecated)*
        pub fn $setter(
            mut self,
            name: impl ::std::convert::Into<::std::string::String>,
            value: impl ::std::convert::Into<$ty>,
        ) -> Self {
            self.$field.insert(name.into(), value.into());
            self
        }
    };
    (
        $presence:ident one $dep:tt [$($deprecated:tt)*] [$($doc:tt)*]
        $setter:ident [] [$($clear:ident)?] $field:ident $ty:ty
    ) => {
        $($doc)*
        $($deprecated)*
        pub fn $setter(mut self, value: impl ::std::convert::Into<$ty>) -> Self {
            self.$field = $crate::__builder_wrap!($presence value.into());
            self
        }
        $($crate::__builder_clear!($presence $dep $clear $field);)?
    };
    (
        $presence:ident boxed $dep:tt [$($deprecated:tt)*] [$($doc:tt)*]
        $setter:ident [] [$($clear:ident)?] $field:ident $ty:ty
    ) => {
        $($doc)*
        $($deprecated)*
        pub fn $setter(mut self, value: impl ::std::convert::Into<$ty>) -> Self {
            self.$field =
                $crate::__builder_wrap!($presence ::std::boxed::Box::new(value.into()));
            self
        }
        $($crate::__builder_clear!($presence $dep $clear $field);)?
    };
    (
        $presence:ident list $dep:tt [$($deprecated:tt)*] [$($doc:tt)*]
        $setter:ident [$empty:ident] [$($clear:ident)?] $field:ident $ty:ty
    ) => {
        $($doc)*
        $($deprecated)*
        pub fn $setter(
            mut self,
            items: impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<$ty>>,
        ) -> Self {
            self.$field = $crate::__builder_wrap!(
                $presence items.into_iter().map(::std::convert::Into::into).collect()
            );
            self
        }
        /// Sends the property as an empty list.
        $($deprecated)*
        pub fn $empty(mut self) -> Self {
            self.$field = $crate::__builder_wrap!($presence ::std::vec::Vec::new());
            self
        }
        $($crate::__builder_clear!($presence $dep $clear $field);)?
    };
    (
        $presence:ident boxed_list $dep:tt [$($deprecated:tt)*] [$($doc:tt)*]
        $setter:ident [$empty:ident] [$($clear:ident)?] $field:ident $ty:ty
    ) => {
        $($doc)*
        $($deprecated)*
        pub fn $setter(
            mut self,
            items: impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<$ty>>,
        ) -> Self {
            self.$field = $crate::__builder_wrap!(
                $presence ::std::boxed::Box::new(
                    items.into_iter().map(::std::convert::Into::into).collect(),
                )
            );
            self
        }
        /// Sends the property as an empty list.
        $($deprecated)*
        pub fn $empty(mut self) -> Self {
            self.$field = $crate::__builder_wrap!(
                $presence ::std::boxed::Box::new(::std::vec::Vec::new())
            );
            self
        }
        $($crate::__builder_clear!($presence $dep $clear $field);)?
    };
}

/// The setter sending `null`. Not part of the API.
#[doc(hidden)]
#[macro_export]
macro_rules! __builder_clear {
    ($presence:ident [$($deprecated:tt)*] $clear:ident $field:ident) => {
        /// Sends the property as `null`, clearing it.
        $($deprecated)*
        pub fn $clear(mut self) -> Self {
            self.$field = $crate::__builder_wrap!($presence null);
            self
        }
    };
}

/// `value`, or `None` after recording that the required property at `path` is missing.
pub fn required<T>(value: Option<T>, path: &str, missing: &mut Vec<Violation>) -> Option<T> {
    if value.is_none() {
        missing.push(Violation {
            path: path.to_owned(),
            rule: "is required".to_owned(),
        });
    }
    value
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use crate::validate::Checker;
    use crate::{Nullable, Validate};

    /// A node of every presence and shape the macro knows (`Box<Vec<_>>` included, which the
    /// generator does not produce today but the macro accepts).
    #[allow(clippy::box_collection)]
    #[derive(Clone, Debug, PartialEq)]
    pub struct Node {
        pub id: String,
        pub parent: Option<Box<Node>>,
        pub children: Option<Box<Vec<Node>>>,
        pub label: Option<String>,
        pub tags: Nullable<Vec<String>>,
        pub size: i64,
        pub extra: BTreeMap<String, i64>,
    }

    impl Validate for Node {
        fn check(&self, c: &mut Checker) {
            c.value(
                "size",
                &self.size,
                &crate::validate::Rules::NONE.minimum(0.0, false),
            );
        }
    }

    crate::builder! {
        #[builds(Node)]
        /// Builds a [`Node`].
        pub struct NodeBuilder {
            #[set(req, one, id, path = "/id")]
            /// Sets `id`.
            id: String,
            #[set(opt, boxed, parent)]
            /// Sets `parent`.
            parent: Node,
            #[set(opt, boxed_list, children, empty = empty_children)]
            /// Sets `children`.
            children: Node,
            #[set(req_null, one, label, clear = clear_label, path = "/label")]
            /// Sets `label`.
            label: String,
            #[set(opt_null, list, tags, empty = empty_tags, clear = clear_tags)]
            /// Sets `tags`.
            tags: String,
            #[set(req, one, size, path = "/size")]
            /// Sets `size`.
            size: i64,
            #[set(map, one, additional_property)]
            /// Adds a property.
            extra: i64,
        }
    }

    #[test]
    fn every_presence_and_shape_is_stored_where_the_struct_wants_it() {
        let leaf = Node::builder()
            .id("leaf")
            .clear_label()
            .size(1)
            .build()
            .unwrap();
        let node = Node::builder()
            .id("root")
            .parent(leaf.clone())
            .children([leaf.clone()])
            .label("Root")
            .tags(["a", "b"])
            .size(2)
            .additional_property("x", 7)
            .build()
            .unwrap();
        assert_eq!(node.parent.as_deref(), Some(&leaf));
        assert_eq!(node.children.as_deref(), Some(&vec![leaf.clone()]));
        assert_eq!(node.label.as_deref(), Some("Root"));
        assert_eq!(
            node.tags,
            Nullable::Value(vec!["a".to_owned(), "b".to_owned()])
        );
        assert_eq!(node.extra, BTreeMap::from([("x".to_owned(), 7)]));
        assert_eq!(leaf.label, None);
        assert_eq!(leaf.tags, Nullable::Absent);

        let emptied = Node::builder()
            .id("e")
            .label("E")
            .size(0)
            .empty_children()
            .empty_tags()
            .build()
            .unwrap();
        assert_eq!(emptied.children.as_deref(), Some(&Vec::new()));
        assert_eq!(emptied.tags, Nullable::Value(Vec::new()));
        let cleared = Node::builder()
            .id("c")
            .label("C")
            .size(0)
            .clear_tags()
            .build();
        assert_eq!(cleared.unwrap().tags, Nullable::Null);
    }

    #[test]
    fn build_reports_every_missing_property_then_the_constraints() {
        let missing = Node::builder().tags(["t"]).build().unwrap_err();
        let paths: Vec<&str> = missing.0.iter().map(|v| v.path.as_str()).collect();
        assert_eq!(paths, ["/id", "/label", "/size"]);
        assert!(missing.0.iter().all(|v| v.rule == "is required"));

        let invalid = Node::builder()
            .id("n")
            .clear_label()
            .size(-1)
            .build()
            .unwrap_err();
        assert_eq!(invalid.0.len(), 1);
        assert_eq!(invalid.0[0].path, "/size");
    }
}
