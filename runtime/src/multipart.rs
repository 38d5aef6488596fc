//! `multipart/form-data` bodies, as OpenAPI 3.0.3 describes them: each property of the body is a
//! part named after it. Strings, numbers and booleans are text parts, binary strings are file
//! parts, lists of those are repeated parts, and anything else is one `application/json` part.
//! Another multipart type a spec declares (`multipart/mixed`, `multipart/related`), for which
//! OpenAPI defines no layout of its own, gets the same parts under its own `Content-Type`.
//!
//! The parts are kept as plain data ([`Multipart`]); each attempt to send builds its own
//! `reqwest` form from them, so a multipart request can be retried like any other.
//!
//! [`FilePart`] is a file part's value: its bytes, with an optional file name and content type.
//! Content types and part headers come from the spec's `encoding`. A NaN or infinite number in a
//! text or JSON part refuses the body (`finite`), never sent as `null`; this module builds parts
//! and never sends them.

use std::fmt;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;

use crate::finite::refusal;

/// A file, or any binary value, sent as one part of a multipart body: its bytes, and optionally
/// the file name and content type the part announces.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct FilePart {
    /// The content.
    pub bytes: Vec<u8>,
    /// The file name (`filename` of the part); the part's name when not given.
    pub file_name: Option<String>,
    /// The content type; when not given, the spec's `encoding` or `application/octet-stream`.
    pub content_type: Option<String>,
}

impl FilePart {
    /// A part with these bytes and no file name or content type of its own.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        FilePart {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// Sets the file name.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Sets the content type (`image/png`).
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

/// The content is shown by its length only: it may be large, or private.
impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("bytes", &format_args!("<{} bytes>", self.bytes.len()))
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl From<Vec<u8>> for FilePart {
    fn from(bytes: Vec<u8>) -> Self {
        FilePart::new(bytes)
    }
}

impl From<&[u8]> for FilePart {
    fn from(bytes: &[u8]) -> Self {
        FilePart::new(bytes)
    }
}

impl<const N: usize> From<&[u8; N]> for FilePart {
    fn from(bytes: &[u8; N]) -> Self {
        FilePart::new(bytes.as_slice())
    }
}

/// One part, as data.
#[derive(Clone, Debug, PartialEq, Eq)]
struct PartData {
    name: String,
    body: Vec<u8>,
    file_name: Option<String>,
    content_type: Option<String>,
    /// Whether the value chose its own content type (a [`FilePart`] that has one), which the
    /// spec's `encoding` does not override.
    own_content_type: bool,
    headers: Vec<(String, String)>,
}

/// The parts of a `multipart/form-data` body, in order. Generated code adds one call per
/// property, saying which kind of part it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Multipart {
    parts: Vec<PartData>,
    /// The first value that could not be encoded; the request is refused with it.
    invalid: Option<String>,
}

impl Multipart {
    /// An empty body.
    pub fn new() -> Self {
        Multipart::default()
    }

    fn add(&mut self, name: &str, body: Vec<u8>, content_type: Option<&str>) {
        self.parts.push(PartData {
            name: name.to_owned(),
            body,
            file_name: None,
            content_type: content_type.map(str::to_owned),
            own_content_type: false,
            headers: Vec::new(),
        });
    }

    fn added_since(&mut self, from: usize) -> Parts<'_> {
        Parts {
            multipart: self,
            from,
        }
    }

    /// A text part: a string, number, boolean, date or enum, written as in a parameter (the
    /// value's JSON text, without quotes for a string). It has no `Content-Type` header, which
    /// for a form part means `text/plain` (RFC 7578).
    ///
    /// A value that has no text (`null`, NaN, an infinity) makes the body impossible to send:
    /// the request is refused, naming the part.
    pub fn text<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Parts<'_> {
        let from = self.parts.len();
        self.add_text(name, None, value);
        self.added_since(from)
    }

    /// One text part per item, all with the same name.
    pub fn texts<T: Serialize>(&mut self, name: &str, values: &[T]) -> Parts<'_> {
        let from = self.parts.len();
        for (index, value) in values.iter().enumerate() {
            self.add_text(name, Some(index), value);
        }
        self.added_since(from)
    }

    fn add_text<T: Serialize + ?Sized>(&mut self, name: &str, index: Option<usize>, value: &T) {
        match crate::params::primitive_text(value) {
            Ok(text) => self.add(name, text.into_bytes(), None),
            Err(e) => {
                let item = index.map_or_else(String::new, |i| format!(" item {i}"));
                self.invalid
                    .get_or_insert_with(|| format!("part `{name}`{item}: the value {e}"));
            }
        }
    }

    /// A file part (`format: binary`): the bytes as they are, with a file name (the part's name
    /// when the file has none, as RFC 7578 asks of file parts) and a content type
    /// (`application/octet-stream` unless the file or the spec says otherwise).
    pub fn file(&mut self, name: &str, file: &FilePart) -> Parts<'_> {
        let from = self.parts.len();
        self.push_file(name, file, file.bytes.clone(), "application/octet-stream");
        self.added_since(from)
    }

    /// One file part per item, all with the same name.
    pub fn files(&mut self, name: &str, files: &[FilePart]) -> Parts<'_> {
        let from = self.parts.len();
        for file in files {
            self.push_file(name, file, file.bytes.clone(), "application/octet-stream");
        }
        self.added_since(from)
    }

    /// A part of base64 text (`format: byte`): the bytes encoded, with the file's name and
    /// content type if it has them, otherwise as a text part.
    pub fn base64(&mut self, name: &str, file: &FilePart) -> Parts<'_> {
        let from = self.parts.len();
        self.push_base64(name, file);
        self.added_since(from)
    }

    /// One base64 part per item, all with the same name.
    pub fn base64s(&mut self, name: &str, files: &[FilePart]) -> Parts<'_> {
        let from = self.parts.len();
        for file in files {
            self.push_base64(name, file);
        }
        self.added_since(from)
    }

    /// An `application/json` part: objects, lists of objects, and any other value. A value
    /// holding a number JSON cannot write (NaN, an infinity), which `serde_json` would send as
    /// `null`, refuses the request, naming the part and where in its value the number is.
    pub fn json<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Parts<'_> {
        let from = self.parts.len();
        if let Some(at) = crate::finite::non_finite(value) {
            self.invalid
                .get_or_insert_with(|| format!("part `{name}` {}", refusal(&at, "JSON")));
            return self.added_since(from);
        }
        match serde_json::to_vec(value) {
            Ok(bytes) => self.add(name, bytes, Some("application/json")),
            Err(e) => {
                self.invalid
                    .get_or_insert(format!("part `{name}` does not encode as JSON: {e}"));
            }
        }
        self.added_since(from)
    }

    fn push_file(&mut self, name: &str, file: &FilePart, body: Vec<u8>, default_type: &str) {
        self.parts.push(PartData {
            name: name.to_owned(),
            body,
            file_name: Some(file.file_name.clone().unwrap_or_else(|| name.to_owned())),
            content_type: Some(
                file.content_type
                    .as_deref()
                    .unwrap_or(default_type)
                    .to_owned(),
            ),
            own_content_type: file.content_type.is_some(),
            headers: Vec::new(),
        });
    }

    fn push_base64(&mut self, name: &str, file: &FilePart) {
        self.parts.push(PartData {
            name: name.to_owned(),
            body: base64(&file.bytes).into_bytes(),
            file_name: file.file_name.clone(),
            content_type: file.content_type.clone(),
            own_content_type: file.content_type.is_some(),
            headers: Vec::new(),
        });
    }

    /// Why the body cannot be sent, if it cannot.
    pub(crate) fn problem(&self) -> Option<String> {
        if let Some(message) = &self.invalid {
            return Some(message.clone());
        }
        self.to_form().err()
    }

    /// A `reqwest` form with these parts: a new one for every attempt, since a form is consumed
    /// by sending it.
    pub(crate) fn to_form(&self) -> Result<reqwest::multipart::Form, String> {
        let mut form = reqwest::multipart::Form::new();
        for part in &self.parts {
            let mut built = reqwest::multipart::Part::bytes(part.body.clone());
            if let Some(content_type) = &part.content_type {
                built = built.mime_str(content_type).map_err(|_| {
                    format!(
                        "part `{}` cannot have the content type {content_type:?}",
                        part.name
                    )
                })?;
            }
            if let Some(file_name) = &part.file_name {
                built = built.file_name(file_name.clone());
            }
            if !part.headers.is_empty() {
                let mut headers = HeaderMap::new();
                for (name, value) in &part.headers {
                    match (
                        HeaderName::from_bytes(name.as_bytes()),
                        HeaderValue::from_str(value),
                    ) {
                        (Ok(name), Ok(value)) => {
                            headers.append(name, value);
                        }
                        _ => {
                            return Err(format!(
                                "part `{}` cannot have the header {name:?}: {value:?}",
                                part.name
                            ));
                        }
                    }
                }
                built = built.headers(headers);
            }
            form = form.part(part.name.clone(), built);
        }
        Ok(form)
    }
}

/// The `Content-Type` of a multipart body whose spec declares `declared`, for a form whose
/// boundary is `boundary`; `None` for `multipart/form-data`, which `reqwest` writes itself.
/// Another multipart type (`multipart/mixed`, `multipart/related; type="application/json"`)
/// keeps its parameters but a `boundary` of its own, which is replaced: its parts are laid out
/// as `multipart/form-data` lays them out, each named in a `Content-Disposition` header.
pub(crate) fn content_type(declared: &str, boundary: &str) -> Option<String> {
    let mut pieces = declared.split(';').map(str::trim);
    let essence = pieces.next()?.to_ascii_lowercase();
    if !essence.starts_with("multipart/") || essence == "multipart/form-data" {
        return None;
    }
    let mut value = essence;
    for parameter in pieces.filter(|p| !p.is_empty()) {
        let name = parameter.split('=').next().unwrap_or("").trim();
        if !name.eq_ignore_ascii_case("boundary") {
            value.push_str("; ");
            value.push_str(parameter);
        }
    }
    value.push_str("; boundary=");
    value.push_str(boundary);
    Some(value)
}

/// The parts one call to [`Multipart`] added, to set what the spec's `encoding` says of them.
#[derive(Debug)]
pub struct Parts<'a> {
    multipart: &'a mut Multipart,
    from: usize,
}

impl Parts<'_> {
    /// Sets the parts' content type (`encoding.contentType`), unless a file chose its own.
    pub fn content_type(self, content_type: &str) -> Self {
        for part in &mut self.multipart.parts[self.from..] {
            if !part.own_content_type {
                part.content_type = Some(content_type.to_owned());
            }
        }
        self
    }

    /// Adds a header to each of the parts (`encoding.headers`).
    pub fn header(self, name: &str, value: &str) -> Self {
        for part in &mut self.multipart.parts[self.from..] {
            part.headers.push((name.to_owned(), value.to_owned()));
        }
        self
    }
}

/// Standard base64 with padding (RFC 4648, section 4).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(multipart: &Multipart, index: usize) -> &PartData {
        &multipart.parts[index]
    }

    #[test]
    fn numbers_json_cannot_write_refuse_the_body_naming_the_part() {
        let mut m = Multipart::new();
        m.text("ratio", &0.5);
        assert_eq!(m.problem(), None);
        m.json("meta", &serde_json::json!({"a": 1}));
        m.json("point", &[(1.0, f64::NAN)]);
        m.text("scale", &f64::INFINITY);
        // The first problem is the one reported; the part is not added.
        assert_eq!(
            m.problem().as_deref(),
            Some("part `point` holds NaN or an infinity at `/0/1`, which JSON cannot carry")
        );
        assert_eq!(m.parts.len(), 2);
        let mut m = Multipart::new();
        m.texts("ratios", &[1.0, f64::NEG_INFINITY]);
        assert_eq!(
            m.problem().as_deref(),
            Some(
                "part `ratios` item 1: the value is NaN or infinite, which a text part cannot carry"
            )
        );
        let mut m = Multipart::new();
        m.text("scale", &Some(f64::NAN));
        assert_eq!(
            m.problem().as_deref(),
            Some("part `scale`: the value is NaN or infinite, which a text part cannot carry")
        );
    }

    #[test]
    fn each_kind_of_value_has_its_part() {
        let mut m = Multipart::new();
        m.text("name", "Rex");
        m.texts("tags", &[1i64, 2]);
        m.file("photo", &FilePart::new(vec![0u8, 255]).file_name("rex.png"));
        m.files(
            "more",
            &[
                FilePart::new(*b"a"),
                FilePart::new(*b"b").content_type("text/csv"),
            ],
        );
        m.json("meta", &serde_json::json!({"a": 1}));
        let names: Vec<&str> = m.parts.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            ["name", "tags", "tags", "photo", "more", "more", "meta"]
        );
        assert_eq!(part(&m, 0).body, b"Rex");
        assert_eq!(part(&m, 0).content_type, None);
        assert_eq!(part(&m, 2).body, b"2");
        let photo = part(&m, 3);
        assert_eq!(photo.body, [0, 255]);
        assert_eq!(photo.file_name.as_deref(), Some("rex.png"));
        assert_eq!(
            photo.content_type.as_deref(),
            Some("application/octet-stream")
        );
        // Without a file name, a file part is named after its property.
        assert_eq!(part(&m, 4).file_name.as_deref(), Some("more"));
        assert_eq!(part(&m, 5).content_type.as_deref(), Some("text/csv"));
        assert_eq!(part(&m, 6).body, br#"{"a":1}"#);
        assert_eq!(
            part(&m, 6).content_type.as_deref(),
            Some("application/json")
        );
        assert!(m.problem().is_none());
    }

    #[test]
    fn encoding_sets_content_type_and_headers_but_a_files_own_type_wins() {
        let mut m = Multipart::new();
        m.files(
            "images",
            &[
                FilePart::new(*b"x"),
                FilePart::new(*b"y").content_type("image/gif"),
            ],
        )
        .content_type("image/png")
        .header("X-Rate", "1");
        m.text("note", "hi").content_type("text/markdown");
        assert_eq!(part(&m, 0).content_type.as_deref(), Some("image/png"));
        assert_eq!(part(&m, 1).content_type.as_deref(), Some("image/gif"));
        assert_eq!(part(&m, 1).headers, [("X-Rate".to_owned(), "1".to_owned())]);
        assert_eq!(part(&m, 2).content_type.as_deref(), Some("text/markdown"));
        assert!(part(&m, 2).headers.is_empty());
    }

    #[test]
    fn bad_content_types_and_headers_refuse_the_body() {
        let mut m = Multipart::new();
        m.file("f", &FilePart::new(*b"x").content_type("not a type"));
        assert!(m.problem().unwrap().contains("content type"));
        let mut m = Multipart::new();
        m.text("t", "x").header("X-A", "line\r\nbreak");
        assert!(m.problem().unwrap().contains("header"));
    }

    #[test]
    fn another_multipart_type_is_declared_with_the_forms_boundary() {
        assert_eq!(content_type("multipart/form-data", "b"), None);
        assert_eq!(content_type("application/json", "b"), None);
        assert_eq!(
            content_type("multipart/mixed", "b1").as_deref(),
            Some("multipart/mixed; boundary=b1")
        );
        assert_eq!(
            content_type(
                "Multipart/Related; type=\"application/json\"; boundary=old",
                "b2"
            )
            .as_deref(),
            Some("multipart/related; type=\"application/json\"; boundary=b2")
        );
    }

    #[test]
    fn base64_is_standard_and_padded() {
        for (input, output) in [
            (&b""[..], ""),
            (b"f", "Zg=="),
            (b"fo", "Zm8="),
            (b"foo", "Zm9v"),
            (b"foob", "Zm9vYg=="),
            (b"\xff\xfe\x00", "//4A"),
        ] {
            assert_eq!(base64(input), output);
        }
        let mut m = Multipart::new();
        m.base64("key", &FilePart::new(*b"foo"));
        assert_eq!(part(&m, 0).body, b"Zm9v");
        assert_eq!(part(&m, 0).file_name, None);
    }

    #[test]
    fn debug_does_not_show_the_content() {
        let shown = format!("{:?}", FilePart::new(*b"secret"));
        assert!(!shown.contains("115"), "{shown}");
        assert!(shown.contains("<6 bytes>"));
    }
}
