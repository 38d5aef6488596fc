//! The canonical contact: [`Field`] (the vocabulary the specs' `x-contact-field` extensions
//! use), [`ContactPatch`] (what to change, every field tri-state) and [`Contact`] (a vendor's
//! answer, normalized). Plain data with serde support; knows nothing of any vendor.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Nullable;

/// A canonical contact field: the values `x-contact-field` takes in a spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The vendor's contact id (a path parameter, and a response property).
    Id,
    /// First (given) name.
    FirstName,
    /// Last (family) name.
    LastName,
    /// The whole name in one field.
    FullName,
    /// Email address.
    Email,
    /// Phone number.
    Phone,
    /// Company name.
    Company,
    /// Job title or position.
    JobTitle,
    /// Street address.
    Street,
    /// City.
    City,
    /// State or province.
    State,
    /// ZIP or postal code.
    PostalCode,
    /// Country.
    Country,
    /// Website URL.
    Website,
    /// LinkedIn profile URL.
    LinkedinUrl,
    /// Tags: the whole set.
    Tags,
    /// Notes: a note to add.
    Notes,
    /// The owner, by the owner's email.
    OwnerEmail,
    /// The owner, by the vendor's user id.
    OwnerId,
    /// Custom fields: an object of key to JSON value.
    CustomFields,
    /// When the vendor last updated the contact (responses only).
    UpdatedAt,
}

impl Field {
    /// Every field, in the order reports list them.
    pub const ALL: [Field; 21] = [
        Field::Id,
        Field::FirstName,
        Field::LastName,
        Field::FullName,
        Field::Email,
        Field::Phone,
        Field::Company,
        Field::JobTitle,
        Field::Street,
        Field::City,
        Field::State,
        Field::PostalCode,
        Field::Country,
        Field::Website,
        Field::LinkedinUrl,
        Field::Tags,
        Field::Notes,
        Field::OwnerEmail,
        Field::OwnerId,
        Field::CustomFields,
        Field::UpdatedAt,
    ];

    /// The name a spec writes in `x-contact-field` (`first_name`, `owner_email`, ...).
    pub const fn name(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::FirstName => "first_name",
            Field::LastName => "last_name",
            Field::FullName => "full_name",
            Field::Email => "email",
            Field::Phone => "phone",
            Field::Company => "company",
            Field::JobTitle => "job_title",
            Field::Street => "street",
            Field::City => "city",
            Field::State => "state",
            Field::PostalCode => "postal_code",
            Field::Country => "country",
            Field::Website => "website",
            Field::LinkedinUrl => "linkedin_url",
            Field::Tags => "tags",
            Field::Notes => "notes",
            Field::OwnerEmail => "owner_email",
            Field::OwnerId => "owner_id",
            Field::CustomFields => "custom_fields",
            Field::UpdatedAt => "updated_at",
        }
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Who owns the contact: by the owner's email, or by the vendor's user id (as text).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Owner {
    /// The email of a user of the vendor account.
    Email(String),
    /// The vendor's id of a user, as text (`"456"` for a vendor with integer ids).
    Id(String),
}

/// What to change about one person, the same for every vendor. Every field is
/// [`Nullable`]: `Absent` leaves it unchanged, `Null` clears it, `Value` sets it.
///
/// ```
/// use openapi_client_runtime::contact::ContactPatch;
///
/// let patch = ContactPatch::new()
///     .first_name("Ada")
///     .last_name("Lovelace")
///     .email("ada@example.com")
///     .tags(["vip"])
///     .clear_phone();
/// assert_eq!(
///     serde_json::to_value(&patch).unwrap(),
///     serde_json::json!({
///         "first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com",
///         "phone": null, "tags": ["vip"]
///     })
/// );
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactPatch {
    /// First (given) name.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub first_name: Nullable<String>,
    /// Last (family) name.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub last_name: Nullable<String>,
    /// The whole name. Never split into first and last name.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub full_name: Nullable<String>,
    /// Email address.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub email: Nullable<String>,
    /// Phone number.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub phone: Nullable<String>,
    /// Company name.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub company: Nullable<String>,
    /// Job title.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub job_title: Nullable<String>,
    /// Street address.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub street: Nullable<String>,
    /// City.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub city: Nullable<String>,
    /// State or province.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub state: Nullable<String>,
    /// ZIP or postal code.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub postal_code: Nullable<String>,
    /// Country.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub country: Nullable<String>,
    /// Website URL.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub website: Nullable<String>,
    /// LinkedIn profile URL.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub linkedin_url: Nullable<String>,
    /// The whole set of tags: replaces the contact's tags.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub tags: Nullable<Vec<String>>,
    /// A note to add to the contact's notes.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub notes: Nullable<String>,
    /// The owner.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub owner: Nullable<Owner>,
    /// Custom fields: each key set to its JSON value (`null` clears it).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub custom_fields: BTreeMap<String, Value>,
    /// Per vendor (the name of its module, `linq`), extra members added at the top level of its
    /// request body, for what the canonical model lacks.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub passthrough: BTreeMap<String, serde_json::Map<String, Value>>,
}

macro_rules! text_setters {
    ($($field:ident, $clear:ident, $what:literal;)*) => {
        $(
            #[doc = concat!("Sets the ", $what, ".")]
            pub fn $field(mut self, value: impl Into<String>) -> Self {
                self.$field = Nullable::Value(value.into());
                self
            }

            #[doc = concat!("Clears the ", $what, ".")]
            pub fn $clear(mut self) -> Self {
                self.$field = Nullable::Null;
                self
            }
        )*
    };
}

impl ContactPatch {
    /// A patch that changes nothing.
    pub fn new() -> Self {
        Self::default()
    }

    text_setters! {
        first_name, clear_first_name, "first name";
        last_name, clear_last_name, "last name";
        full_name, clear_full_name, "full name";
        email, clear_email, "email address";
        phone, clear_phone, "phone number";
        company, clear_company, "company";
        job_title, clear_job_title, "job title";
        street, clear_street, "street address";
        city, clear_city, "city";
        state, clear_state, "state or province";
        postal_code, clear_postal_code, "postal code";
        country, clear_country, "country";
        website, clear_website, "website";
        linkedin_url, clear_linkedin_url, "LinkedIn profile URL";
    }

    /// Sets the whole set of tags.
    pub fn tags<T: Into<String>>(mut self, tags: impl IntoIterator<Item = T>) -> Self {
        self.tags = Nullable::Value(tags.into_iter().map(Into::into).collect());
        self
    }

    /// Removes every tag.
    pub fn clear_tags(mut self) -> Self {
        self.tags = Nullable::Null;
        self
    }

    /// Adds a note.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes = Nullable::Value(note.into());
        self
    }

    /// Sets the owner by the owner's email.
    pub fn owner_email(mut self, email: impl Into<String>) -> Self {
        self.owner = Nullable::Value(Owner::Email(email.into()));
        self
    }

    /// Sets the owner by the vendor's user id.
    pub fn owner_id(mut self, id: impl Into<String>) -> Self {
        self.owner = Nullable::Value(Owner::Id(id.into()));
        self
    }

    /// Sets one custom field (`Value::Null` clears it).
    pub fn custom_field(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.custom_fields.insert(key.into(), value.into());
        self
    }

    /// Adds a member at the top level of one vendor's request body (`vendor` is the name of its
    /// module: `linq`, `highlevel`, ...).
    pub fn passthrough(
        mut self,
        vendor: impl Into<String>,
        member: impl Into<String>,
        value: impl Into<Value>,
    ) -> Self {
        self.passthrough
            .entry(vendor.into())
            .or_default()
            .insert(member.into(), value.into());
        self
    }

    /// The value of a text field of the patch; `None` for the fields that are not text.
    pub fn text(&self, field: Field) -> Option<&Nullable<String>> {
        Some(match field {
            Field::FirstName => &self.first_name,
            Field::LastName => &self.last_name,
            Field::FullName => &self.full_name,
            Field::Email => &self.email,
            Field::Phone => &self.phone,
            Field::Company => &self.company,
            Field::JobTitle => &self.job_title,
            Field::Street => &self.street,
            Field::City => &self.city,
            Field::State => &self.state,
            Field::PostalCode => &self.postal_code,
            Field::Country => &self.country,
            Field::Website => &self.website,
            Field::LinkedinUrl => &self.linkedin_url,
            Field::Notes => &self.notes,
            _ => return None,
        })
    }
}

/// A vendor's answer, normalized: the same fields, read where the vendor's mapping says.
/// A field the vendor did not return is `None`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    /// The vendor's contact id, as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// First name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Full name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    /// Email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Company.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// Job title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_title: Option<String>,
    /// Street address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    /// City.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// State or province.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Postal code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// Country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Website.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// LinkedIn profile URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linkedin_url: Option<String>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// Notes, as the vendor holds them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// The owner's email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_email: Option<String>,
    /// The owner's vendor user id, as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<String>,
    /// Custom fields.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub custom_fields: BTreeMap<String, Value>,
    /// When the vendor last updated the contact, as the vendor wrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
}

impl Contact {
    /// Stores a value read from a response into the field it belongs to. Text fields take
    /// strings and numbers (as text); tags take a list of strings; custom fields an object.
    pub(crate) fn put(&mut self, field: Field, value: &Value) {
        let text = match value {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        };
        let slot = match field {
            Field::Id => &mut self.id,
            Field::FirstName => &mut self.first_name,
            Field::LastName => &mut self.last_name,
            Field::FullName => &mut self.full_name,
            Field::Email => &mut self.email,
            Field::Phone => &mut self.phone,
            Field::Company => &mut self.company,
            Field::JobTitle => &mut self.job_title,
            Field::Street => &mut self.street,
            Field::City => &mut self.city,
            Field::State => &mut self.state,
            Field::PostalCode => &mut self.postal_code,
            Field::Country => &mut self.country,
            Field::Website => &mut self.website,
            Field::LinkedinUrl => &mut self.linkedin_url,
            Field::Notes => &mut self.notes,
            Field::OwnerEmail => &mut self.owner_email,
            Field::OwnerId => &mut self.owner_id,
            Field::UpdatedAt => &mut self.updated_at,
            Field::Tags => {
                if let Value::Array(items) = value {
                    self.tags = Some(
                        items
                            .iter()
                            .filter_map(|t| t.as_str().map(str::to_owned))
                            .collect(),
                    );
                }
                return;
            }
            Field::CustomFields => {
                if let Value::Object(map) = value {
                    self.custom_fields = map.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                }
                return;
            }
        };
        if text.is_some() {
            *slot = text;
        }
    }
}
