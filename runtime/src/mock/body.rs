//! How a mock reads the request body of one operation ([`BodyCheck`]): JSON and form bodies
//! decoded into the operation's typed request (then checked against its constraints when its
//! type has any), multipart bodies split into their [`Part`]s (the required ones must be there),
//! text kept as text and bytes as bytes. Reading only: which status a problem gets is decided
//! by the mock server (`mod.rs`).
//!
//! A form body is read back as the runtime's `form` writes it: a name given more than once is
//! a list, `a[b][c]` a nested object, `a[]` an item of a list, a property the spec sends
//! unexploded is split on its delimiter, one sent as JSON is parsed, and any other value is
//! text that a number or boolean field parses. An object property sent `form`, exploded (each
//! of its members a pair of its own) cannot be told apart from the body's own properties, and
//! is not read back.

use serde::de::value::{MapDeserializer, SeqDeserializer};
use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use serde_json::Value;
use wiremock::Request as Received;

use crate::form::{FormField, FormStyle};
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

/// A form body read back into a tree whose leaves are text until a field's type reads them.
#[derive(Debug)]
enum Node {
    Text(String),
    /// An unexploded list or object, on its delimiter.
    Split(String, char),
    List(Vec<Node>),
    Map(Vec<(String, Node)>),
    Json(Value),
}

fn read_form(bytes: &[u8], fields: &[FormField]) -> Result<Node, String> {
    let mut root = Vec::new();
    for (key, value) in form_urlencoded::parse(bytes) {
        let (name, path) = split_key(&key);
        let field = fields.iter().find(|f| f.name == name);
        let leaf = match field {
            Some(f) if f.json => Node::Json(
                serde_json::from_str(&value)
                    .map_err(|e| format!("the form property `{name}` is not JSON: {e}"))?,
            ),
            Some(f) if !f.explode && f.style != FormStyle::DeepObject => {
                let delimiter = match f.style {
                    FormStyle::SpaceDelimited => ' ',
                    FormStyle::PipeDelimited => '|',
                    FormStyle::Form | FormStyle::DeepObject => ',',
                };
                Node::Split(value.into_owned(), delimiter)
            }
            _ => Node::Text(value.into_owned()),
        };
        insert(&mut root, name, &path, leaf)
            .map_err(|()| format!("the form key `{key}` mixes a value and an object"))?;
    }
    Ok(Node::Map(root))
}

/// `a[b][]` as `a` and `["b", ""]`; a key with unbalanced brackets is a name as it is.
fn split_key(key: &str) -> (&str, Vec<&str>) {
    let Some(open) = key.find('[') else {
        return (key, Vec::new());
    };
    let (name, mut rest) = key.split_at(open);
    let mut path = Vec::new();
    while !rest.is_empty() {
        let Some(inner) = rest.strip_prefix('[').and_then(|r| r.split_once(']')) else {
            return (key, Vec::new());
        };
        path.push(inner.0);
        rest = inner.1;
    }
    (name, path)
}

fn insert(map: &mut Vec<(String, Node)>, key: &str, path: &[&str], leaf: Node) -> Result<(), ()> {
    let index = match map.iter().position(|(k, _)| k == key) {
        Some(index) => index,
        None => {
            let empty = match path.first() {
                None => {
                    map.push((key.to_owned(), leaf));
                    return Ok(());
                }
                Some(&"") => Node::List(Vec::new()),
                Some(_) => Node::Map(Vec::new()),
            };
            map.push((key.to_owned(), empty));
            map.len() - 1
        }
    };
    let entry = &mut map[index].1;
    match (path.split_first(), entry) {
        (None | Some((&"", _)), Node::List(items)) => items.push(leaf),
        (None, entry) => {
            let first = std::mem::replace(entry, Node::List(Vec::new()));
            *entry = Node::List(vec![first, leaf]);
        }
        (Some((inner, rest)), Node::Map(members)) if !inner.is_empty() => {
            insert(members, inner, rest, leaf)?
        }
        _ => return Err(()),
    }
    Ok(())
}

impl<'de> IntoDeserializer<'de, serde_json::Error> for Node {
    type Deserializer = Node;

    fn into_deserializer(self) -> Node {
        self
    }
}

/// The methods that read a scalar from text, parsing it.
macro_rules! parsed {
    ($($method:ident => $visit:ident,)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
            match self {
                Node::Text(text) | Node::Split(text, _) => match text.trim().parse() {
                    Ok(value) => visitor.$visit(value),
                    Err(_) => Err(de::Error::invalid_value(de::Unexpected::Str(&text), &visitor)),
                },
                other => other.deserialize_any(visitor),
            }
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Node {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self {
            Node::Text(text) | Node::Split(text, _) => visitor.visit_string(text),
            Node::List(items) => {
                let mut seq = SeqDeserializer::new(items.into_iter());
                let value = visitor.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(value)
            }
            Node::Map(members) => {
                let mut map = MapDeserializer::new(members.into_iter());
                let value = visitor.visit_map(&mut map)?;
                map.end()?;
                Ok(value)
            }
            Node::Json(value) => value.deserialize_any(visitor),
        }
    }

    parsed! {
        deserialize_bool => visit_bool,
        deserialize_i8 => visit_i8,
        deserialize_i16 => visit_i16,
        deserialize_i32 => visit_i32,
        deserialize_i64 => visit_i64,
        deserialize_u8 => visit_u8,
        deserialize_u16 => visit_u16,
        deserialize_u32 => visit_u32,
        deserialize_u64 => visit_u64,
        deserialize_f32 => visit_f32,
        deserialize_f64 => visit_f64,
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self {
            Node::Json(Value::Null) => visitor.visit_none(),
            other => visitor.visit_some(other),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self {
            Node::Split(text, delimiter) => {
                let items = text.split(delimiter).filter(|_| !text.is_empty());
                Node::List(items.map(|t| Node::Text(t.to_owned())).collect())
                    .deserialize_any(visitor)
            }
            // A list of one item sent exploded is one pair.
            Node::Text(text) => Node::List(vec![Node::Text(text)]).deserialize_any(visitor),
            other => other.deserialize_any(visitor),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self {
            Node::Split(text, delimiter) => {
                let items: Vec<&str> = text.split(delimiter).filter(|_| !text.is_empty()).collect();
                let members = items
                    .chunks(2)
                    .map(|pair| {
                        let value = pair.get(1).copied().unwrap_or_default();
                        (pair[0].to_owned(), Node::Text(value.to_owned()))
                    })
                    .collect();
                Node::Map(members).deserialize_any(visitor)
            }
            other => other.deserialize_any(visitor),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        match self {
            Node::Text(text) | Node::Split(text, _) => {
                visitor.visit_enum(IntoDeserializer::<serde_json::Error>::into_deserializer(
                    text,
                ))
            }
            Node::Json(value) => value.deserialize_enum(name, variants, visitor),
            other => other.deserialize_any(visitor),
        }
    }

    serde::forward_to_deserialize_any! {
        char str string bytes byte_buf unit unit_struct identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Search {
        q: String,
        limit: Option<i64>,
        remember: bool,
        tags: Vec<String>,
        one: Vec<u32>,
        ids: Vec<u32>,
        colors: Vec<String>,
        filter: Filter,
        meta: Value,
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Filter {
        name: String,
        age: Age,
        labels: Vec<String>,
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Age {
        min: i32,
    }

    const fn field(name: &'static str, style: FormStyle, explode: bool, json: bool) -> FormField {
        FormField {
            name,
            style,
            explode,
            allow_reserved: false,
            json,
        }
    }

    const FIELDS: &[FormField] = &[
        field("ids", FormStyle::Form, false, false),
        field("colors", FormStyle::PipeDelimited, false, false),
        field("filter", FormStyle::DeepObject, true, false),
        field("meta", FormStyle::Form, true, true),
    ];

    #[test]
    fn form_bodies_read_back_into_typed_values() {
        let body = "q=a%20b&limit=10&remember=true&tags=x&tags=y&one=5&ids=1,2&colors=r%7Cg\
                    &filter%5Bname%5D=n&filter%5Bage%5D%5Bmin%5D=3&filter%5Blabels%5D%5B%5D=l\
                    &meta=%7B%22k%22%3A1%7D";
        let node = read_form(body.as_bytes(), FIELDS).unwrap();
        let search: Search = serde_path_to_error::deserialize(node).unwrap();
        assert_eq!(
            search,
            Search {
                q: "a b".into(),
                limit: Some(10),
                remember: true,
                tags: vec!["x".into(), "y".into()],
                one: vec![5],
                ids: vec![1, 2],
                colors: vec!["r".into(), "g".into()],
                filter: Filter {
                    name: "n".into(),
                    age: Age { min: 3 },
                    labels: vec!["l".into()],
                },
                meta: serde_json::json!({"k": 1}),
            }
        );
        let node = read_form(b"q=a&remember=maybe", FIELDS).unwrap();
        let error = serde_path_to_error::deserialize::<_, Search>(node).unwrap_err();
        assert_eq!(error.path().to_string(), "remember");
        assert_eq!(split_key("a[b"), ("a[b", vec![]));
        assert!(read_form(b"a=1&a[b]=2", FIELDS).is_err());
    }

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
