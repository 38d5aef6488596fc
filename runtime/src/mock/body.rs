//! How a mock reads the request body of one operation ([`BodyCheck`]): JSON and form bodies
//! decoded into the operation's typed request (then checked against its constraints when its
//! type has any), multipart bodies split into their [`Part`]s (the required ones must be there),
//! text kept as text and bytes as bytes. Reading only: which status a problem gets is decided
//! by the mock server (`mod.rs`), and how a form body is read back by `form`.

use serde::de::DeserializeOwned;
use wiremock::Request as Received;

use super::form::read_form;
use crate::form::FormField;
use crate::validate::{Checker, Validate};

/// What a body is, as the operation's description says.
#[derive(Clone, Copy, Debug)]
enum Format {
    None,
    Json,
    Form(&'static [FormField]),
    /// The names of the required parts.
    Multipart(&'static [&'static str]),
    Text,
    Bytes,
}

/// How a mock reads the request body of one operation into `B`, and checks it.
pub struct BodyCheck<B> {
    format: Format,
    decode: fn(&Received, Format) -> Result<B, String>,
    check: Option<fn(&B, &mut Checker)>,
}

impl<B> Clone for BodyCheck<B> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<B> Copy for BodyCheck<B> {}

impl<B> BodyCheck<B> {
    /// The body of `request`, decoded; the error says why it does not decode.
    pub(super) fn read(&self, request: &Received) -> Result<B, String> {
        (self.decode)(request, self.format)
    }

    /// The constraints `body` breaks, as text.
    pub(super) fn violations(&self, body: &B) -> Option<String> {
        let check = self.check?;
        let mut checker = Checker::default();
        check(body, &mut checker);
        checker.into_result().err().map(|v| v.to_string())
    }
}

fn check_value<B: Validate>(body: &B, checker: &mut Checker) {
    body.check(checker);
}

fn decode_json<B: DeserializeOwned>(request: &Received, _: Format) -> Result<B, String> {
    let mut deserializer = serde_json::Deserializer::from_slice(&request.body);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let at = e.path().to_string();
        format!("the body does not decode (at `{at}`): {}", e.inner())
    })
}

fn decode_form<B: DeserializeOwned>(request: &Received, format: Format) -> Result<B, String> {
    let Format::Form(fields) = format else {
        return Err("the body is not described as a form".into());
    };
    let node = read_form(&request.body, fields)?;
    serde_path_to_error::deserialize(node).map_err(|e| {
        let at = e.path().to_string();
        format!("the form body does not decode (at `{at}`): {}", e.inner())
    })
}

fn decode_multipart(request: &Received, format: Format) -> Result<Vec<Part>, String> {
    let content_type = request
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let boundary = content_type
        .split(';')
        .filter_map(|p| p.trim().strip_prefix("boundary="))
        .map(|b| b.trim_matches('"'))
        .next()
        .ok_or("the multipart body's `Content-Type` names no boundary")?;
    let parts = read_multipart(&request.body, boundary)?;
    if let Format::Multipart(required) = format {
        if let Some(missing) = required
            .iter()
            .find(|r| !parts.iter().any(|p| p.name == **r))
        {
            return Err(format!("the required part `{missing}` is missing"));
        }
    }
    Ok(parts)
}

/// A JSON body decoded into `B`.
pub fn json<B: DeserializeOwned>() -> BodyCheck<B> {
    BodyCheck {
        format: Format::Json,
        decode: decode_json::<B>,
        check: None,
    }
}

/// A JSON body decoded into `B`, then checked against its spec's constraints ([`Validate`]).
pub fn json_checked<B: DeserializeOwned + Validate>() -> BodyCheck<B> {
    BodyCheck {
        check: Some(check_value::<B>),
        ..json()
    }
}

/// A form body (`application/x-www-form-urlencoded`) decoded into `B`, its properties laid out
/// as `fields` says (the spec's `encoding`, as generated clients send it).
pub fn form<B: DeserializeOwned>(fields: &'static [FormField]) -> BodyCheck<B> {
    BodyCheck {
        format: Format::Form(fields),
        decode: decode_form::<B>,
        check: None,
    }
}

/// A form body decoded into `B`, then checked against its spec's constraints ([`Validate`]).
pub fn form_checked<B: DeserializeOwned + Validate>(fields: &'static [FormField]) -> BodyCheck<B> {
    BodyCheck {
        check: Some(check_value::<B>),
        ..form(fields)
    }
}

/// A `multipart/form-data` body, split into its parts, which must include those named
/// `required`.
pub fn multipart(required: &'static [&'static str]) -> BodyCheck<Vec<Part>> {
    BodyCheck {
        format: Format::Multipart(required),
        decode: decode_multipart,
        check: None,
    }
}

/// A text body (`text/*`), which must be UTF-8.
pub fn text() -> BodyCheck<String> {
    BodyCheck {
        format: Format::Text,
        decode: |request, _| {
            String::from_utf8(request.body.clone()).map_err(|_| "the body is not UTF-8 text".into())
        },
        check: None,
    }
}

/// A body of any other media type, kept as its bytes.
pub fn bytes() -> BodyCheck<Vec<u8>> {
    BodyCheck {
        format: Format::Bytes,
        decode: |request, _| Ok(request.body.clone()),
        check: None,
    }
}

/// An operation that takes no body.
pub fn no_body() -> BodyCheck<()> {
    BodyCheck {
        format: Format::None,
        decode: |_, _| Ok(()),
        check: None,
    }
}

/// One part of a `multipart/form-data` body a mock received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// The part's name (`Content-Disposition: form-data; name="..."`).
    pub name: String,
    /// The file name, for a file part.
    pub filename: Option<String>,
    /// The part's `Content-Type`, if it has one (`text/plain` if not, for a form part).
    pub content_type: Option<String>,
    /// The part's body.
    pub body: Vec<u8>,
}

impl Part {
    /// The body as text, if it is UTF-8.
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(&self.body).ok()
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The parts of a multipart body (RFC 7578): each between two `--boundary` lines, its headers,
/// a blank line and its body.
fn read_multipart(body: &[u8], boundary: &str) -> Result<Vec<Part>, String> {
    let delimiter = format!("--{boundary}");
    let next_delimiter = format!("\r\n--{boundary}");
    let unfinished = || "the multipart body does not end with its closing boundary".to_owned();
    let start = find(body, delimiter.as_bytes()).ok_or_else(unfinished)?;
    let mut rest = &body[start + delimiter.len()..];
    let mut parts = Vec::new();
    loop {
        if rest.starts_with(b"--") {
            return Ok(parts);
        }
        rest = rest.strip_prefix(b"\r\n").ok_or_else(unfinished)?;
        let end = find(rest, next_delimiter.as_bytes()).ok_or_else(unfinished)?;
        let (section, after) = rest.split_at(end);
        rest = &after[next_delimiter.len()..];
        let (headers, body) = match section.strip_prefix(b"\r\n") {
            Some(body) => ("", body),
            None => {
                let blank = find(section, b"\r\n\r\n")
                    .ok_or("a part of the multipart body has no blank line after its headers")?;
                let headers = std::str::from_utf8(&section[..blank])
                    .map_err(|_| "a part's headers are not UTF-8")?;
                (headers, &section[blank + 4..])
            }
        };
        parts.push(read_part(headers, body)?);
    }
}

fn read_part(headers: &str, body: &[u8]) -> Result<Part, String> {
    let mut part = Part {
        name: String::new(),
        filename: None,
        content_type: None,
        body: body.to_vec(),
    };
    let mut named = false;
    for line in headers.split("\r\n") {
        let Some((header, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        if header.eq_ignore_ascii_case("content-type") {
            part.content_type = Some(value.to_owned());
        } else if header.eq_ignore_ascii_case("content-disposition") {
            for parameter in value.split(';').map(str::trim) {
                let unquote = |v: &str| v.trim_matches('"').to_owned();
                if let Some(name) = parameter.strip_prefix("name=") {
                    part.name = unquote(name);
                    named = true;
                } else if let Some(filename) = parameter.strip_prefix("filename=") {
                    part.filename = Some(unquote(filename));
                }
            }
        }
    }
    if named {
        Ok(part)
    } else {
        Err("a part of the multipart body has no name".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipart_bodies_split_into_parts() {
        let body = b"--XY\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nHi\r\n\
                     --XY\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\
                     Content-Type: text/plain\r\n\r\nbody\r\n--XY--\r\n";
        let parts = read_multipart(body, "XY").unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(
            (parts[0].name.as_str(), parts[0].text()),
            ("title", Some("Hi"))
        );
        assert_eq!(parts[1].filename.as_deref(), Some("a.txt"));
        assert_eq!(parts[1].content_type.as_deref(), Some("text/plain"));
        assert!(read_multipart(b"--XY\r\nContent-Disposition: form-data\r\n\r\n", "XY").is_err());
    }
}
