//! The table a generated module declares from its spec's `x-contact-*` extensions
//! ([`Mapping`]: where each canonical field goes in the request body and comes from in the
//! response, as JSON pointers), and the trait tying a generated client's update method to it
//! ([`UpdateContact`], implemented by one [`contact_update!`](crate::contact_update) line).
//! Plain data and declarations only; the behaviour is in `update`.

use std::future::Future;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::Field;
use crate::{ApiResult, CallOptions};

/// How a vendor treats a value written to a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Semantics {
    /// The value replaces the one held (the default).
    Replace,
    /// The value is added to the one held (LeadLex's notes).
    Append,
}

/// One request property that carries a canonical field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Target {
    /// The canonical field.
    pub field: Field,
    /// Where it goes in the request body, as a JSON pointer (`/contact/email`).
    pub pointer: &'static str,
    /// Whether the value replaces or is added to the vendor's.
    pub semantics: Semantics,
    /// Whether the property is `nullable`, so that sending `null` clears it.
    pub clearable: bool,
    /// Whether the property is an integer (an owner id given as text is parsed).
    pub integer: bool,
}

impl Target {
    /// A replacing, non-nullable, textual property.
    pub const fn new(field: Field, pointer: &'static str) -> Self {
        Target {
            field,
            pointer,
            semantics: Semantics::Replace,
            clearable: false,
            integer: false,
        }
    }

    /// The vendor appends the value to the one held.
    pub const fn append(mut self) -> Self {
        self.semantics = Semantics::Append;
        self
    }

    /// The property is `nullable`: `null` clears it.
    pub const fn clearable(mut self) -> Self {
        self.clearable = true;
        self
    }

    /// The property is an integer.
    pub const fn integer(mut self) -> Self {
        self.integer = true;
        self
    }
}

/// The type of a vendor's contact id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IdKind {
    /// An integer (`i64`).
    Integer,
    /// Any text.
    Text,
    /// A UUID.
    Uuid,
}

/// Where a vendor keeps a contact's fields, read from its spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mapping {
    /// The vendor's module name (the spec's file name without extension).
    pub vendor: &'static str,
    /// The operation that updates a contact (its `operationId`).
    pub operation: &'static str,
    /// The type of the contact id path parameter.
    pub id: IdKind,
    /// Objects the request body must contain even when none of their fields is set (a
    /// required property holding an object, such as Linq's `contact`), as JSON pointers.
    pub objects: &'static [&'static str],
    /// The request properties that carry canonical fields, in spec order.
    pub request: &'static [Target],
    /// The response properties that carry canonical fields, as JSON pointers into the body.
    pub response: &'static [(Field, &'static str)],
}

impl Mapping {
    /// The request property of `field`, if the vendor has one.
    pub fn target(&self, field: Field) -> Option<&'static Target> {
        self.request.iter().find(|t| t.field == field)
    }
}

/// A contact id type: parsed from text with an error naming what was expected.
pub trait ContactId: Sized + Send + Sync {
    /// The type the generated method takes (the id itself, or `&str` for text ids).
    type Arg<'a>
    where
        Self: 'a;

    /// Parses the id; the error says what was expected.
    fn parse_id(text: &str) -> Result<Self, String>;

    /// The id as the generated method takes it.
    fn as_arg(&self) -> Self::Arg<'_>;
}

impl ContactId for i64 {
    type Arg<'a> = i64;

    fn parse_id(text: &str) -> Result<Self, String> {
        text.trim()
            .parse()
            .map_err(|_| format!("{text:?} is not an integer"))
    }

    fn as_arg(&self) -> i64 {
        *self
    }
}

impl ContactId for i32 {
    type Arg<'a> = i32;

    fn parse_id(text: &str) -> Result<Self, String> {
        text.trim()
            .parse()
            .map_err(|_| format!("{text:?} is not a 32-bit integer"))
    }

    fn as_arg(&self) -> i32 {
        *self
    }
}

impl ContactId for String {
    type Arg<'a> = &'a str;

    fn parse_id(text: &str) -> Result<Self, String> {
        if text.is_empty() {
            return Err("an empty id".to_owned());
        }
        Ok(text.to_owned())
    }

    fn as_arg(&self) -> &str {
        self
    }
}

impl ContactId for uuid::Uuid {
    type Arg<'a> = uuid::Uuid;

    fn parse_id(text: &str) -> Result<Self, String> {
        uuid::Uuid::parse_str(text.trim()).map_err(|_| format!("{text:?} is not a UUID"))
    }

    fn as_arg(&self) -> uuid::Uuid {
        *self
    }
}

/// A generated client that can update a contact: its [`Mapping`] and its update method.
/// Generated modules implement it with [`contact_update!`](crate::contact_update).
pub trait UpdateContact: Sync {
    /// The contact id type of the path parameter.
    type Id: ContactId;
    /// The typed request body.
    type Request: DeserializeOwned + Serialize + Send + Sync;
    /// The typed success body.
    type Response: Serialize + Send;
    /// The operation's documented errors.
    type Error: std::fmt::Debug + Send;

    /// Where the vendor keeps each field.
    const MAPPING: &'static Mapping;

    /// Sends the update through the generated method (which validates first).
    fn send<'a>(
        &'a self,
        id: &'a Self::Id,
        body: &'a Self::Request,
        options: &'a CallOptions,
    ) -> impl Future<Output = ApiResult<Self::Response, Self::Error>> + Send + 'a;
}

/// Implements [`UpdateContact`] for a generated module's `Client`: the mapping constant, the
/// update method (its call given the options), and the id, request, response and error types.
#[macro_export]
macro_rules! contact_update {
    ($mapping:ident, $method:ident, $id:ty, $request:ty, $response:ty, $error:ty) => {
        impl $crate::contact::UpdateContact for Client {
            type Id = $id;
            type Request = $request;
            type Response = $response;
            type Error = $error;
            const MAPPING: &'static $crate::contact::Mapping = &$mapping;
            fn send<'a>(
                &'a self,
                id: &'a $id,
                body: &'a $request,
                options: &'a $crate::CallOptions,
            ) -> impl ::core::future::Future<Output = $crate::ApiResult<$response, $error>>
            + Send
            + 'a {
                self.$method($crate::contact::ContactId::as_arg(id), body)
                    .options(options)
            }
        }
    };
}
