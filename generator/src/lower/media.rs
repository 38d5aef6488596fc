//! Media types: JSON (including `+json`), text, and which of a request body's media types is
//! sent (JSON, then form, then multipart, then text, then bytes).
//!
//! Pure functions of the media type names; they read no schema.

/// A media type without its parameters, in lower case: `application/json; charset=utf-8` is
/// `application/json`.
pub(super) fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Whether a media type is JSON: `application/json`, or any `+json` type
/// (`application/merge-patch+json`, `application/vnd.api+json`).
pub(super) fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || essence.ends_with("+json")
}

/// The JSON media type of a content map, if it offers one.
pub(super) fn json_media(content: &openapiv3::Content) -> Option<(&str, &openapiv3::MediaType)> {
    content
        .iter()
        .map(|(k, v)| (k.as_str(), v))
        .find(|(k, _)| is_json(k))
}

/// How a request body is sent, by the media type chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Chosen {
    Json,
    Form,
    Multipart,
    Text,
    Bytes,
}

/// The media type a request body is sent as when several are offered: JSON, then form, then
/// multipart, then text, then the first of the others as raw bytes.
pub(super) fn choose_media(
    content: &openapiv3::Content,
) -> Option<(&String, &openapiv3::MediaType, Chosen)> {
    let kinds = content.iter().map(|(k, v)| {
        let essence = essence(k);
        let chosen = if is_json(&essence) {
            Chosen::Json
        } else if essence == "application/x-www-form-urlencoded" {
            Chosen::Form
        } else if essence.starts_with("multipart/") {
            Chosen::Multipart
        } else if essence.starts_with("text/") {
            Chosen::Text
        } else {
            Chosen::Bytes
        };
        (k, v, chosen)
    });
    // The first of the most preferred kind offered.
    let preference = [
        Chosen::Json,
        Chosen::Form,
        Chosen::Multipart,
        Chosen::Text,
        Chosen::Bytes,
    ];
    kinds.min_by_key(|(_, _, chosen)| preference.iter().position(|p| p == chosen))
}
