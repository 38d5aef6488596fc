//! Media types: JSON (including `+json`), text, and which of a request body's media types is
//! sent (JSON, then form, then multipart, then text, then bytes; a multipart type other than
//! `multipart/form-data` only when nothing else is offered, and never one that cannot be a
//! `Content-Type` header).
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

/// Whether a media type can be sent as a `Content-Type` header: visible ASCII (and tabs).
pub(super) fn sendable(media_type: &str) -> bool {
    media_type
        .bytes()
        .all(|b| b == b'\t' || (0x20..0x7f).contains(&b))
}

/// The media type a request body is sent as when several are offered: JSON, then form, then
/// multipart, then text, then the first of the others as raw bytes. One that cannot be sent as a
/// `Content-Type` header (not [`sendable`]) is not offered.
pub(super) fn choose_media(
    content: &openapiv3::Content,
) -> Option<(&String, &openapiv3::MediaType, Chosen)> {
    let kinds = content.iter().filter(|(k, _)| sendable(k)).map(|(k, v)| {
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
    // The first of the most preferred kind offered; a multipart type other than
    // `multipart/form-data`, which the client sends only with the parts form-data would have,
    // only when nothing else is offered.
    let preference = [
        Chosen::Json,
        Chosen::Form,
        Chosen::Multipart,
        Chosen::Text,
        Chosen::Bytes,
    ];
    kinds.min_by_key(|(k, _, chosen)| {
        let form_data = *chosen != Chosen::Multipart || essence(k) == "multipart/form-data";
        (!form_data, preference.iter().position(|p| p == chosen))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_application_json_or_any_plus_json_type() {
        assert_eq!(
            essence(" Application/JSON; charset=utf-8"),
            "application/json"
        );
        assert!(is_json("application/merge-patch+json"));
        assert!(is_json("application/json; charset=utf-8"));
        assert!(!is_json("text/json-seq"));
    }

    #[test]
    fn a_body_is_sent_as_the_most_preferred_media_type_offered() {
        let content: openapiv3::Content = serde_yaml::from_str(
            "{text/plain: {}, multipart/form-data: {}, application/x-www-form-urlencoded: {}}",
        )
        .expect("content");
        let (chosen, _, kind) = choose_media(&content).expect("a media type");
        assert_eq!(
            (chosen.as_str(), kind),
            ("application/x-www-form-urlencoded", Chosen::Form)
        );
        let content: openapiv3::Content =
            serde_yaml::from_str("{image/png: {}, application/pdf: {}}").expect("content");
        let (chosen, _, kind) = choose_media(&content).expect("a media type");
        assert_eq!((chosen.as_str(), kind), ("image/png", Chosen::Bytes));
        assert!(choose_media(&openapiv3::Content::default()).is_none());
        let content: openapiv3::Content =
            serde_yaml::from_str("{multipart/mixed: {}, application/pdf: {}}").expect("content");
        let (chosen, _, kind) = choose_media(&content).expect("a media type");
        assert_eq!((chosen.as_str(), kind), ("application/pdf", Chosen::Bytes));
        let content: openapiv3::Content =
            serde_yaml::from_str("{\"application/jsön\": {}, text/plain: {}}").expect("content");
        let (chosen, _, kind) = choose_media(&content).expect("a media type");
        assert_eq!((chosen.as_str(), kind), ("text/plain", Chosen::Text));
    }
}
