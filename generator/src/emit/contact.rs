//! Prints a document's contact mapping as data: the `CONTACT_MAPPING` constant (the runtime's
//! `contact::Mapping`: where each canonical field goes in the request body and comes from in the
//! response) and one `contact_update!` line tying the `Client`'s update method to it. Decides
//! nothing: the mapping was read and checked by the `contact` stage, the types by `lower`; all
//! behaviour is the runtime's.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::common::{ident, ty_tokens};
use crate::contact::{ContactMapping, IdKind};
use crate::ir::*;

/// The runtime `Field` variant of a canonical field name (`first_name` → `FirstName`).
fn field_variant(name: &str) -> proc_macro2::Ident {
    let camel: String = name
        .split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect();
    format_ident!("{camel}")
}

/// The mapping constant and the `UpdateContact` impl. Empty if the operation is not in the
/// module (the stage checked it is).
pub(crate) fn contact_items(
    module: &Module,
    mapping: &ContactMapping,
    rt: &syn::Path,
) -> TokenStream {
    let Some(op) = mapping.operation(&module.operations) else {
        return quote!();
    };
    let Some(id_param) = op.params.iter().find(|p| p.name == mapping.id_param) else {
        return quote!();
    };
    let Some(BodyKind::Json(request)) = op.body.as_ref().map(|b| &b.kind) else {
        return quote!();
    };
    let response = match &op.success_type {
        Some(name) => {
            let name = ident(name);
            quote!(#name)
        }
        None => match op
            .responses
            .iter()
            .find(|r| matches!(r.status, Status::Code(200..=299) | Status::Range(2)))
            .and_then(|r| r.ty.as_ref())
        {
            Some(ty) => ty_tokens(module, ty, rt),
            None => return quote!(),
        },
    };
    let request = ty_tokens(module, request, rt);
    let id_ty = ty_tokens(module, &id_param.ty, rt);
    let error = ident(&op.error_type);
    let method = ident(&op.fn_name);
    let vendor = &mapping.vendor;
    let operation = &op.id;
    let id_kind = match mapping.id {
        IdKind::Integer => quote!(Integer),
        IdKind::Text => quote!(Text),
        IdKind::Uuid => quote!(Uuid),
    };
    let objects = &mapping.objects;
    let targets = mapping.request.iter().map(|t| {
        let field = field_variant(t.field);
        let pointer = &t.pointer;
        let append = t.append.then(|| quote!(.append()));
        let clearable = t.clearable.then(|| quote!(.clearable()));
        let integer = t.integer.then(|| quote!(.integer()));
        quote!(Target::new(Field::#field, #pointer) #append #clearable #integer)
    });
    let sources = mapping.response.iter().map(|(field, pointer)| {
        let field = field_variant(field);
        quote!((Field::#field, #pointer))
    });
    let doc = format!(
        " Where this API keeps the fields of the canonical contact, read from the spec's \
         `x-contact-*` extensions: the update operation `{operation}`, the request properties \
         that carry each field and the response properties it is read back from. \
         `{rt}::contact::update` reads it.",
        rt = quote!(#rt).to_string().replace(' ', "")
    );
    quote! {
        #[doc = #doc]
        pub const CONTACT_MAPPING: #rt::contact::Mapping = {
            use #rt::contact::{Field, IdKind, Mapping, Target};
            Mapping {
                vendor: #vendor,
                operation: #operation,
                id: IdKind::#id_kind,
                objects: &[#(#objects),*],
                request: &[#(#targets),*],
                response: &[#(#sources),*],
            }
        };
        #rt::contact_update!(CONTACT_MAPPING, #method, #id_ty, #request, #response, #error);
    }
}
