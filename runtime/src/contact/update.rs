//! Updating one contact at one or several vendors from a [`ContactPatch`]: [`plan`] decides,
//! field by field, what the vendor's [`Mapping`] lets the patch do (applied, derived, or not
//! applied and why) and builds the request body as JSON; [`update`] decodes it into the
//! vendor's typed request, refuses in [`Mode::Strict`] anything not applied, sends through the
//! generated method (its validation and retry rules unchanged) and normalizes the answer into a
//! [`Contact`] (a patch of which nothing applies is not sent); [`update_everywhere`] does that
//! for several vendors at once, one result each. Each update runs in a `contact_update` span
//! naming the vendor and the operation, and one declined before its call is traced as a refusal
//! (`client::trace` says what is recorded).
//!
//! Every rule here is about canonical fields, never about a vendor: what differs is the data in
//! the mapping. It never guesses: a full name is never split, a note is never sent where it
//! would replace the notes held, and nothing is sent twice that the vendor would apply twice.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use serde::Serialize;
use serde_json::{Map, Value};
use tracing::Instrument;

use super::mapping::{ContactId, IdKind, Mapping, Semantics, UpdateContact};
use super::model::{Contact, ContactPatch, Field, Owner};
use crate::client::trace;
use crate::{CallOptions, Error, Nullable};

/// What to do when some field of the patch cannot be applied.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Send nothing unless every field of the patch is applied (or derived).
    Strict,
    /// Send what can be applied; report the rest.
    #[default]
    Lenient,
}

/// Why a field of the patch was not applied at a vendor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The vendor has no such field.
    NoSuchField,
    /// The vendor's field is not nullable, so it cannot be cleared.
    CannotClear,
    /// The vendor would add the value to the one held, where the patch replaces it (tags).
    WouldAppend,
    /// The vendor would replace the value held, where the patch adds to it (notes).
    WouldReplace,
    /// The vendor has only first and last name; a full name is never split by guessing.
    NoSplit,
    /// The vendor has only a full name, which is derived only when both first and last name
    /// are set.
    NeedsBothNames,
    /// The vendor takes the owner by user id, not by email.
    OwnerById,
    /// The vendor takes the owner by email, not by user id.
    OwnerByEmail,
    /// The vendor's id is an integer and this is not one.
    NotAnInteger,
    /// The vendor's request type has no place for the value (it was dropped when decoding).
    NotInRequestType,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Reason::NoSuchField => "the vendor has no such field",
            Reason::CannotClear => "the vendor's field is not nullable, so it cannot be cleared",
            Reason::WouldAppend => "the vendor would add to the values held instead of replacing them",
            Reason::WouldReplace => "the vendor would replace the notes held instead of adding a note",
            Reason::NoSplit => "the vendor has only first and last name; a full name is never split",
            Reason::NeedsBothNames => {
                "the vendor has only a full name, derived only when both first and last name are set"
            }
            Reason::OwnerById => "the vendor takes the owner by user id, not by email",
            Reason::OwnerByEmail => "the vendor takes the owner by email, not by user id",
            Reason::NotAnInteger => "the vendor's owner id is an integer and this is not one",
            Reason::NotInRequestType => "the vendor's request type has no place for it",
        })
    }
}

/// What became of one field of the patch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Written to the vendor's property at this JSON pointer of the request body.
    Applied {
        /// The JSON pointer in the request body.
        to: String,
    },
    /// Used to derive another canonical field, written at this pointer.
    Derived {
        /// The canonical field derived.
        field: Field,
        /// The JSON pointer in the request body.
        to: String,
    },
    /// Not sent.
    NotApplied(Reason),
}

/// One field of the patch and what became of it. `field` is the canonical name
/// (`email`, `owner_email`, `custom_fields.<key>`, `passthrough.<member>`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldReport {
    /// The field of the patch.
    pub field: String,
    /// What became of it.
    pub outcome: Outcome,
}

impl FieldReport {
    /// Whether the field was written (applied or derived).
    pub fn is_sent(&self) -> bool {
        !matches!(self.outcome, Outcome::NotApplied(_))
    }
}

impl fmt::Display for FieldReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.outcome {
            Outcome::Applied { to } => write!(f, "{}: applied to {to}", self.field),
            Outcome::Derived { field, to } => {
                write!(f, "{}: derived into {field} at {to}", self.field)
            }
            Outcome::NotApplied(reason) => write!(f, "{}: not applied: {reason}", self.field),
        }
    }
}

/// A successful update at one vendor.
#[derive(Clone, Debug)]
pub struct WriteReport<R> {
    /// The vendor's module name.
    pub vendor: &'static str,
    /// Every field of the patch, in canonical order, and what became of it.
    pub fields: Vec<FieldReport>,
    /// The request body as sent.
    pub request: Value,
    /// The vendor's typed response body.
    pub response: R,
    /// The response, normalized.
    pub contact: Contact,
}

/// Why an update at one vendor did not succeed.
#[derive(Debug)]
pub enum UpdateError<E> {
    /// The id is not one of the vendor's contact ids; nothing was sent.
    InvalidId {
        /// The vendor's module name.
        vendor: &'static str,
        /// The id given.
        id: String,
        /// What was expected.
        message: String,
    },
    /// Strict mode: some field would not be applied; nothing was sent.
    Refused {
        /// The vendor's module name.
        vendor: &'static str,
        /// Every field and what would have become of it.
        fields: Vec<FieldReport>,
    },
    /// No field of the patch applies at this vendor; nothing was sent (an empty update would
    /// change nothing and could still fail).
    NothingToSend {
        /// The vendor's module name.
        vendor: &'static str,
        /// Every field and why it was not applied.
        fields: Vec<FieldReport>,
    },
    /// The call failed: refused by the vendor's own validation before sending, or at the
    /// vendor (status, timeout, transport).
    Failed {
        /// The vendor's module name.
        vendor: &'static str,
        /// Every field and what became of it.
        fields: Vec<FieldReport>,
        /// The request body built.
        request: Value,
        /// The error of the generated method.
        error: Error<E>,
    },
}

impl<E> UpdateError<E> {
    /// The vendor's module name.
    pub fn vendor(&self) -> &'static str {
        match self {
            UpdateError::InvalidId { vendor, .. }
            | UpdateError::Refused { vendor, .. }
            | UpdateError::NothingToSend { vendor, .. }
            | UpdateError::Failed { vendor, .. } => vendor,
        }
    }

    /// Changes the operation error type (the fan-out keeps it as text).
    pub fn map_error<F>(self, f: impl FnOnce(E) -> F) -> UpdateError<F> {
        match self {
            UpdateError::InvalidId {
                vendor,
                id,
                message,
            } => UpdateError::InvalidId {
                vendor,
                id,
                message,
            },
            UpdateError::Refused { vendor, fields } => UpdateError::Refused { vendor, fields },
            UpdateError::NothingToSend { vendor, fields } => {
                UpdateError::NothingToSend { vendor, fields }
            }
            UpdateError::Failed {
                vendor,
                fields,
                request,
                error,
            } => UpdateError::Failed {
                vendor,
                fields,
                request,
                error: error.map_api(f),
            },
        }
    }
}

impl<E: fmt::Debug + serde::Serialize> fmt::Display for UpdateError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UpdateError::InvalidId {
                vendor,
                id,
                message,
            } => write!(f, "{id:?} is not a {vendor} contact id: {message}"),
            UpdateError::Refused { vendor, fields } => {
                write!(f, "{vendor}: refused in strict mode, nothing sent")?;
                for field in fields.iter().filter(|r| !r.is_sent()) {
                    write!(f, "; {field}")?;
                }
                Ok(())
            }
            UpdateError::NothingToSend { vendor, fields } => {
                write!(f, "{vendor}: nothing of the patch applies, nothing sent")?;
                for field in fields {
                    write!(f, "; {field}")?;
                }
                Ok(())
            }
            UpdateError::Failed { vendor, error, .. } => write!(f, "{vendor}: {error}"),
        }
    }
}

impl<E: fmt::Debug + serde::Serialize> std::error::Error for UpdateError<E> {}

/// Decides what becomes of every field of `patch` at the vendor `mapping` describes, and builds
/// the request body. Pure: sends nothing.
pub fn plan(patch: &ContactPatch, mapping: &Mapping) -> (Value, Vec<FieldReport>) {
    let mut body = Value::Object(Map::new());
    for object in mapping.objects {
        if pointer_get(&body, object).is_none() {
            set_pointer(&mut body, object, Value::Object(Map::new()));
        }
    }
    let mut reports = Vec::new();
    let mut report = |field: &str, outcome: Outcome| {
        reports.push(FieldReport {
            field: field.to_owned(),
            outcome,
        })
    };
    for field in Field::ALL {
        match field {
            Field::FirstName | Field::LastName => {
                let Some(value) = patch.text(field).filter(|v| !v.is_absent()) else {
                    continue;
                };
                if let Some(target) = mapping.target(field) {
                    report(field.name(), write_text(&mut body, target, value, field));
                    continue;
                }
                let full = mapping.target(Field::FullName);
                let outcome = match (full, &patch.first_name, &patch.last_name) {
                    (Some(full), Nullable::Value(first), Nullable::Value(last))
                        if patch.full_name.is_absent() =>
                    {
                        let name = format!("{} {}", first.trim(), last.trim());
                        set_pointer(
                            &mut body,
                            full.pointer,
                            Value::String(name.trim().to_owned()),
                        );
                        Outcome::Derived {
                            field: Field::FullName,
                            to: full.pointer.to_owned(),
                        }
                    }
                    (Some(_), _, _) if patch.full_name.is_absent() => {
                        Outcome::NotApplied(Reason::NeedsBothNames)
                    }
                    _ => Outcome::NotApplied(Reason::NoSuchField),
                };
                report(field.name(), outcome);
            }
            Field::FullName => {
                if patch.full_name.is_absent() {
                    continue;
                }
                let outcome = match mapping.target(field) {
                    Some(target) => write_text(&mut body, target, &patch.full_name, field),
                    None if mapping.target(Field::FirstName).is_some()
                        || mapping.target(Field::LastName).is_some() =>
                    {
                        Outcome::NotApplied(Reason::NoSplit)
                    }
                    None => Outcome::NotApplied(Reason::NoSuchField),
                };
                report(field.name(), outcome);
            }
            Field::Tags => {
                let outcome = match (&patch.tags, mapping.target(field)) {
                    (Nullable::Absent, _) => continue,
                    (_, None) => Outcome::NotApplied(Reason::NoSuchField),
                    (_, Some(t)) if t.semantics == Semantics::Append => {
                        Outcome::NotApplied(Reason::WouldAppend)
                    }
                    (tags, Some(t)) => {
                        // The whole set: clearing it is replacing it with no tags.
                        let tags = tags.as_value().cloned().unwrap_or_default();
                        set_pointer(&mut body, t.pointer, Value::from(tags));
                        Outcome::Applied {
                            to: t.pointer.to_owned(),
                        }
                    }
                };
                report(field.name(), outcome);
            }
            Field::OwnerEmail | Field::OwnerId => {
                // Both handled once, below, from `patch.owner`.
            }
            Field::CustomFields => {
                let target = mapping.target(field);
                for (key, value) in &patch.custom_fields {
                    let outcome = match target {
                        None => Outcome::NotApplied(Reason::NoSuchField),
                        Some(t) => {
                            let to = format!("{}/{}", t.pointer, escape(key));
                            set_pointer(&mut body, &to, value.clone());
                            Outcome::Applied { to }
                        }
                    };
                    report(&format!("custom_fields.{key}"), outcome);
                }
            }
            Field::Id | Field::UpdatedAt => {}
            _ => {
                let Some(value) = patch.text(field).filter(|v| !v.is_absent()) else {
                    continue;
                };
                let outcome = match mapping.target(field) {
                    Some(target) => write_text(&mut body, target, value, field),
                    None => Outcome::NotApplied(Reason::NoSuchField),
                };
                report(field.name(), outcome);
            }
        }
    }
    let by_email = mapping.target(Field::OwnerEmail);
    let by_id = mapping.target(Field::OwnerId);
    match &patch.owner {
        Nullable::Absent => {}
        Nullable::Null => {
            let outcome = match by_email.or(by_id) {
                None => Outcome::NotApplied(Reason::NoSuchField),
                Some(t) if !t.clearable => Outcome::NotApplied(Reason::CannotClear),
                Some(t) => {
                    set_pointer(&mut body, t.pointer, Value::Null);
                    Outcome::Applied {
                        to: t.pointer.to_owned(),
                    }
                }
            };
            report("owner", outcome);
        }
        Nullable::Value(Owner::Email(email)) => {
            let outcome = match (by_email, by_id) {
                (Some(t), _) => {
                    set_pointer(&mut body, t.pointer, Value::String(email.clone()));
                    Outcome::Applied {
                        to: t.pointer.to_owned(),
                    }
                }
                (None, Some(_)) => Outcome::NotApplied(Reason::OwnerById),
                (None, None) => Outcome::NotApplied(Reason::NoSuchField),
            };
            report(Field::OwnerEmail.name(), outcome);
        }
        Nullable::Value(Owner::Id(id)) => {
            let outcome = match (by_id, by_email) {
                (Some(t), _) => {
                    let value = if t.integer {
                        id.trim().parse::<i64>().ok().map(Value::from)
                    } else {
                        Some(Value::String(id.clone()))
                    };
                    match value {
                        Some(value) => {
                            set_pointer(&mut body, t.pointer, value);
                            Outcome::Applied {
                                to: t.pointer.to_owned(),
                            }
                        }
                        None => Outcome::NotApplied(Reason::NotAnInteger),
                    }
                }
                (None, Some(_)) => Outcome::NotApplied(Reason::OwnerByEmail),
                (None, None) => Outcome::NotApplied(Reason::NoSuchField),
            };
            report(Field::OwnerId.name(), outcome);
        }
    }
    if let Some(members) = patch.passthrough.get(mapping.vendor) {
        for (member, value) in members {
            let to = format!("/{}", escape(member));
            set_pointer(&mut body, &to, value.clone());
            report(&format!("passthrough.{member}"), Outcome::Applied { to });
        }
    }
    (body, reports)
}

/// Writes one text field (set or clear) where `target` says, honouring its semantics.
fn write_text(
    body: &mut Value,
    target: &super::Target,
    value: &Nullable<String>,
    field: Field,
) -> Outcome {
    let wanted = if field == Field::Notes {
        Semantics::Append
    } else {
        Semantics::Replace
    };
    let value = match value {
        Nullable::Absent => return Outcome::NotApplied(Reason::NoSuchField),
        Nullable::Null if !target.clearable => return Outcome::NotApplied(Reason::CannotClear),
        Nullable::Null => Value::Null,
        Nullable::Value(_) if target.semantics != wanted => {
            return Outcome::NotApplied(match wanted {
                Semantics::Append => Reason::WouldReplace,
                Semantics::Replace => Reason::WouldAppend,
            });
        }
        Nullable::Value(text) => Value::String(text.clone()),
    };
    set_pointer(body, target.pointer, value);
    Outcome::Applied {
        to: target.pointer.to_owned(),
    }
}

/// Reads the canonical fields out of a response body.
pub(crate) fn normalize(body: &Value, mapping: &Mapping) -> Contact {
    let mut contact = Contact::default();
    for (field, pointer) in mapping.response {
        if let Some(value) = pointer_get(body, pointer) {
            contact.put(*field, value);
        }
    }
    contact
}

/// Updates the contact `id` at the vendor of `client` with `patch`, with default call options.
pub async fn update<C: UpdateContact>(
    client: &C,
    id: &str,
    patch: &ContactPatch,
    mode: Mode,
) -> Result<WriteReport<C::Response>, UpdateError<C::Error>> {
    update_with(client, id, patch, mode, &CallOptions::default()).await
}

/// Like [`update`], with per-call options (timeout, retry policy; a vendor whose update is not
/// idempotent is still never replayed after the request may have reached it).
pub async fn update_with<C: UpdateContact>(
    client: &C,
    id: &str,
    patch: &ContactPatch,
    mode: Mode,
    options: &CallOptions,
) -> Result<WriteReport<C::Response>, UpdateError<C::Error>> {
    let span = trace::contact_span(C::MAPPING.vendor, C::MAPPING.operation);
    update_in_span(client, id, patch, mode, options)
        .instrument(span)
        .await
}

/// The fields not sent and why, for a trace: names and rules, never values.
fn not_sent(fields: &[FieldReport]) -> String {
    let not_sent: Vec<String> = fields
        .iter()
        .filter(|r| !r.is_sent())
        .map(ToString::to_string)
        .collect();
    not_sent.join("; ")
}

async fn update_in_span<C: UpdateContact>(
    client: &C,
    id: &str,
    patch: &ContactPatch,
    mode: Mode,
    options: &CallOptions,
) -> Result<WriteReport<C::Response>, UpdateError<C::Error>> {
    let mapping = C::MAPPING;
    let vendor = mapping.vendor;
    let parsed = match C::Id::parse_id(id) {
        Ok(parsed) => parsed,
        Err(message) => {
            // The id itself is left out, as the path is traced only as its template.
            let expected = match mapping.id {
                IdKind::Integer => "an integer",
                IdKind::Uuid => "a UUID",
                IdKind::Text => "a non-empty text",
            };
            trace::declined(&format!("the contact id is not {expected}"));
            return Err(UpdateError::InvalidId {
                vendor,
                id: id.to_owned(),
                message,
            });
        }
    };
    let (body, mut fields) = plan(patch, mapping);
    let request: C::Request = match serde_json::from_value(body.clone()) {
        Ok(request) => request,
        Err(e) => {
            // The decoder's message is left out: it may quote a value of the patch.
            trace::declined(&format!(
                "the request does not fit the {vendor} request type"
            ));
            return Err(UpdateError::Failed {
                vendor,
                fields,
                request: body,
                error: Error::InvalidRequest(format!(
                    "the request does not fit the {vendor} request type: {e}"
                )),
            });
        }
    };
    // What the typed request keeps is what is sent: a value it has no place for was dropped.
    let sent = serde_json::to_value(&request).unwrap_or(Value::Null);
    for report in &mut fields {
        let to = match &report.outcome {
            Outcome::Applied { to } | Outcome::Derived { to, .. } => to,
            Outcome::NotApplied(_) => continue,
        };
        if pointer_get(&sent, to).is_none() {
            report.outcome = Outcome::NotApplied(Reason::NotInRequestType);
        }
    }
    if mode == Mode::Strict && fields.iter().any(|r| !r.is_sent()) {
        trace::declined(&format!("strict mode: {}", not_sent(&fields)));
        return Err(UpdateError::Refused { vendor, fields });
    }
    if !fields.iter().any(FieldReport::is_sent) {
        trace::declined(&format!(
            "nothing of the patch applies: {}",
            not_sent(&fields)
        ));
        return Err(UpdateError::NothingToSend { vendor, fields });
    }
    match client.send(&parsed, &request, options).await {
        Ok(response) => {
            let value = serde_json::to_value(&response.body).unwrap_or(Value::Null);
            Ok(WriteReport {
                vendor,
                fields,
                request: sent,
                contact: normalize(&value, mapping),
                response: response.body,
            })
        }
        Err(error) => Err(UpdateError::Failed {
            vendor,
            fields,
            request: sent,
            error,
        }),
    }
}

/// The result of one vendor in [`update_everywhere`]: the typed response as JSON, the error
/// type as text, so that results of different vendors share one type.
pub type VendorResult = Result<WriteReport<Value>, UpdateError<String>>;

/// A future of a [`VendorResult`].
type VendorFuture<'a> = Pin<Box<dyn Future<Output = VendorResult> + Send + 'a>>;

/// Any client that can update a contact, behind one type, for [`update_everywhere`].
/// Implemented for every [`UpdateContact`].
pub trait AnyUpdate: Sync {
    /// The vendor's module name.
    fn vendor(&self) -> &'static str;

    /// [`update_with`], its result made vendor-neutral.
    fn update_any<'a>(
        &'a self,
        id: &'a str,
        patch: &'a ContactPatch,
        mode: Mode,
        options: &'a CallOptions,
    ) -> VendorFuture<'a>;
}

impl<C: UpdateContact> AnyUpdate for C {
    fn vendor(&self) -> &'static str {
        C::MAPPING.vendor
    }

    fn update_any<'a>(
        &'a self,
        id: &'a str,
        patch: &'a ContactPatch,
        mode: Mode,
        options: &'a CallOptions,
    ) -> VendorFuture<'a> {
        Box::pin(async move {
            match update_with(self, id, patch, mode, options).await {
                Ok(report) => Ok(WriteReport {
                    vendor: report.vendor,
                    fields: report.fields,
                    request: report.request,
                    contact: report.contact,
                    response: serde_json::to_value(&report.response).unwrap_or(Value::Null),
                }),
                Err(error) => Err(error.map_error(|e| format!("{e:?}"))),
            }
        })
    }
}

/// Sends `patch` to every vendor at once (each with its contact id) and returns one result per
/// vendor, in the order given. A failure at one vendor never stops the others.
pub async fn update_everywhere(
    targets: &[(&dyn AnyUpdate, &str)],
    patch: &ContactPatch,
    mode: Mode,
) -> Vec<VendorResult> {
    update_everywhere_with(targets, patch, mode, &CallOptions::default()).await
}

/// Like [`update_everywhere`], with per-call options for every vendor's call.
pub async fn update_everywhere_with(
    targets: &[(&dyn AnyUpdate, &str)],
    patch: &ContactPatch,
    mode: Mode,
    options: &CallOptions,
) -> Vec<VendorResult> {
    // Every vendor's call runs at once; each result is kept in the order given.
    futures_util::future::join_all(
        targets
            .iter()
            .map(|(client, id)| client.update_any(id, patch, mode, options)),
    )
    .await
}

/// Escapes a JSON pointer token (`~` and `/`).
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

fn pointer_get<'v>(value: &'v Value, pointer: &str) -> Option<&'v Value> {
    value.pointer(pointer)
}

/// Sets the value at `pointer`, creating objects on the way (and replacing anything on the way
/// that is not an object).
fn set_pointer(root: &mut Value, pointer: &str, value: Value) {
    let mut current = root;
    let tokens: Vec<String> = pointer.split('/').skip(1).map(unescape).collect();
    let Some((last, path)) = tokens.split_last() else {
        *current = value;
        return;
    };
    for token in path {
        if !current.is_object() {
            *current = Value::Object(Map::new());
        }
        let Value::Object(map) = current else {
            return;
        };
        current = map
            .entry(token.clone())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    if !current.is_object() {
        *current = Value::Object(Map::new());
    }
    if let Value::Object(map) = current {
        map.insert(last.clone(), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contact::{IdKind, Target};

    const FULL_ONLY: Mapping = Mapping {
        vendor: "full",
        operation: "updateContact",
        id: IdKind::Text,
        objects: &["/fields"],
        request: &[
            Target::new(Field::FullName, "/fields/name"),
            Target::new(Field::Notes, "/notes").append(),
            Target::new(Field::Tags, "/tags"),
            Target::new(Field::OwnerId, "/owner").integer(),
            Target::new(Field::Phone, "/phone").clearable(),
            Target::new(Field::CustomFields, "/fields"),
        ],
        response: &[(Field::Id, "/data/id"), (Field::Tags, "/data/tags")],
    };

    const SPLIT: Mapping = Mapping {
        vendor: "split",
        operation: "updateContact",
        id: IdKind::Integer,
        objects: &[],
        request: &[
            Target::new(Field::FirstName, "/first"),
            Target::new(Field::LastName, "/last"),
            Target::new(Field::Notes, "/notes"),
            Target::new(Field::OwnerEmail, "/owner"),
        ],
        response: &[],
    };

    fn outcomes(reports: &[FieldReport]) -> Vec<String> {
        reports.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_full_name_is_derived_from_both_names_and_never_split() {
        let patch = ContactPatch::new().first_name("Ada").last_name("Lovelace");
        let (body, reports) = plan(&patch, &FULL_ONLY);
        assert_eq!(
            body,
            serde_json::json!({"fields": {"name": "Ada Lovelace"}})
        );
        assert_eq!(
            outcomes(&reports),
            [
                "first_name: derived into full_name at /fields/name",
                "last_name: derived into full_name at /fields/name"
            ]
        );
        let (_, reports) = plan(&ContactPatch::new().first_name("Ada"), &FULL_ONLY);
        assert_eq!(
            reports[0].outcome,
            Outcome::NotApplied(Reason::NeedsBothNames)
        );
        let (body, reports) = plan(&ContactPatch::new().full_name("Ada Lovelace"), &SPLIT);
        assert_eq!(body, serde_json::json!({}));
        assert_eq!(reports[0].outcome, Outcome::NotApplied(Reason::NoSplit));
    }

    #[test]
    fn semantics_clearing_owner_and_custom_fields_follow_the_mapping() {
        let patch = ContactPatch::new()
            .note("met at the fair")
            .clear_tags()
            .clear_phone()
            .clear_email()
            .owner_id("12")
            .custom_field("plan/tier", "gold");
        let (body, reports) = plan(&patch, &FULL_ONLY);
        assert_eq!(
            body,
            serde_json::json!({
                "fields": {"plan/tier": "gold"}, "notes": "met at the fair", "tags": [],
                "owner": 12, "phone": null
            })
        );
        assert_eq!(
            outcomes(&reports),
            [
                "email: not applied: the vendor has no such field",
                "phone: applied to /phone",
                "tags: applied to /tags",
                "notes: applied to /notes",
                "custom_fields.plan/tier: applied to /fields/plan~1tier",
                "owner_id: applied to /owner",
            ]
        );
        let (_, reports) = plan(&ContactPatch::new().owner_id("x").note("n"), &FULL_ONLY);
        assert_eq!(
            reports[1].outcome,
            Outcome::NotApplied(Reason::NotAnInteger)
        );
        let (_, reports) = plan(&ContactPatch::new().note("n").owner_id("1"), &SPLIT);
        assert_eq!(
            reports[0].outcome,
            Outcome::NotApplied(Reason::WouldReplace)
        );
        assert_eq!(
            reports[1].outcome,
            Outcome::NotApplied(Reason::OwnerByEmail)
        );
    }

    #[test]
    fn pointers_are_set_through_anything() {
        let mut value = serde_json::json!({"a": 1});
        set_pointer(&mut value, "/a/b", Value::from(2));
        assert_eq!(value, serde_json::json!({"a": {"b": 2}}));
        assert_eq!(
            normalize(
                &serde_json::json!({"data": {"id": 7, "tags": ["x"]}}),
                &FULL_ONLY
            )
            .id,
            Some("7".into())
        );
    }
}
