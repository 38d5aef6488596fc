//! One contact, every CRM: the canonical contact model ([`ContactPatch`], [`Contact`]), the
//! plain-data table that says where each canonical field sits in a vendor's request and
//! response ([`Mapping`], which generated modules declare from their spec's `x-contact-*`
//! extensions), and the update that reads that table ([`update`], [`update_everywhere`]).
//!
//! Nothing here names a vendor: what differs between vendors is data in their `Mapping`. The
//! update never bypasses a vendor's generated client: the request is built as JSON, decoded into
//! the vendor's typed request (so a value its spec refuses is refused before sending) and sent
//! through the generated method, with its retry rules.
//!
//! - `model`: [`ContactPatch`] (every field leave / clear / set), [`Owner`], [`Contact`], [`Field`].
//! - `mapping`: [`Mapping`], [`Target`], [`ContactId`] and [`UpdateContact`], which a generated
//!   client implements with one [`contact_update!`](crate::contact_update) line.
//! - `update`: planning a patch against a mapping (applied, derived or not applied, field by
//!   field), sending it, normalizing the answer, and the fan-out to several vendors.

mod mapping;
mod model;
mod update;

pub use mapping::{ContactId, IdKind, Mapping, Semantics, Target, UpdateContact};
pub use model::{Contact, ContactPatch, Field, Owner};
pub use update::{
    AnyUpdate, FieldReport, Mode, Outcome, Reason, UpdateError, VendorResult, WriteReport, plan,
    update, update_everywhere, update_everywhere_with, update_with,
};
