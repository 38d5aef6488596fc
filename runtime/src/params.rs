//! Parameter serialization: every `style` of OpenAPI 3.0.3, with and without `explode`, for
//! primitives, arrays and objects, percent-encoded as each location requires.
//!
//! A value is first reduced to a [`Shape`] through `serde` (so any generated type can be sent:
//! enums send their wire value, structs their properties by wire name), then written in the
//! parameter's style. The spec's "Style Examples" table is the reference; the tests below check
//! every row of it. Where OpenAPI 3.0.3 is ambiguous the choice is stated where it is made.
//! Nothing given is dropped silently: a value that cannot be written in its style and location
//! is refused with the reason, and the request with it.
//!
//! Encoding by location:
//! - path: everything but RFC 3986's unreserved characters is percent-encoded, so a value can
//!   never add a segment, a query or a fragment; the style's own delimiters stay literal;
//! - query: the same, except that `allowReserved` leaves RFC 3986's reserved characters as they
//!   are (`#` excepted: it would end the query);
//! - cookie (`form`): like the query, so a value never carries `;`, `,` or spaces;
//! - header (`simple`): headers are not URI components and are sent as they are; an array item or
//!   object member holding the delimiter (`,`, or `=` in an exploded object's names) is refused,
//!   as is anything that cannot be a header value.
//!
//! Choices where OpenAPI 3.0.3 is ambiguous or its table is known to be wrong:
//! - `label` not exploded separates with `.` as 3.0.3's table does (`.blue.black.brown`); 3.0.4
//!   changed this to `,`;
//! - `spaceDelimited` and `pipeDelimited` include the `name=` that 3.0.3's table leaves out, and
//!   the pipe is literal as in that table (3.0.4 writes `%7C`); `deepObject`'s brackets are
//!   literal too;
//! - an exploded `spaceDelimited` or `pipeDelimited` array needs no delimiter: one pair per item,
//!   as exploded `form`; what OpenAPI 3.0.3 leaves undefined for these styles, a primitive and
//!   an exploded object, is written as `form` writes it (`name=value`, `R=100&G=200`), and the
//!   generator warns where a spec asks for it;
//! - `deepObject` of a primitive is undefined and written as `form` writes it (`name=value`);
//!   of an array, each item `name[]=item`, the bracket convention of lists inside a
//!   `deepObject` (below); the generator warns where a spec asks for either;
//! - `deepObject` has a single rendering, so `explode` does not change it;
//! - `deepObject` of an object whose members are objects or lists is undefined; a member of a
//!   member is written `name[member][inner]=value` and each item of a list `name[member][]=item`,
//!   which is how PHP, Rails and the `qs` library read them (a list of one item too, which
//!   repeating `name[member]` would not tell from a single value). A list of lists or of objects
//!   is refused, and so is an object nested more than 32 deep; other styles refuse such an
//!   object. The flattening is `deep_object`'s, shared with form bodies;
//! - the table's "empty" column applies to an empty string, array or object. A parameter left
//!   out sends nothing; a value given that is `null` is refused, in any location, and so is a
//!   `null` item of an array (RFC 6570 does not say how to write one). A `null` member of an
//!   object is undefined in RFC 6570's terms and left out, as its expansion leaves it out;
//! - a number JSON cannot write (NaN, an infinity) is refused wherever it is, a member of an
//!   object included: `serde_json` would write it as `null`, which is not the value given;
//! - a cookie in `form` style is written as the table writes `form`, so an exploded array or
//!   object is `&`-joined inside the `Cookie` header (`R=100&G=200&B=150`);
//! - `content` with a JSON media type is the value's JSON text, written as a string in the
//!   location's default style; `text/plain` is the plain value; for other media types the
//!   generator takes the caller's text, already in that media type, as a plain value.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde_json::Value;

use crate::deep_object::{self, Leaf, Leaves, MAX_DEPTH, Refused, Why};
use crate::describe::{Location, Parameter, Style};
use crate::finite::{non_finite, refusal};

/// Everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`) is encoded.
pub(crate) const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `allowReserved`: RFC 3986's reserved characters stay as they are, except `#`, which would
/// end the query and start a fragment.
const UNRESERVED_AND_RESERVED: &AsciiSet = &UNRESERVED
    .remove(b':')
    .remove(b'/')
    .remove(b'?')
    .remove(b'[')
    .remove(b']')
    .remove(b'@')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=');

/// A parameter's value reduced to what the styles can write: the text of a primitive, of each
/// item of an array, or of each member of an object (in order).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Shape {
    Primitive(String),
    Array(Vec<String>),
    Object(Vec<(String, String)>),
    /// An object with members that are objects or lists of primitives, which only `deepObject`
    /// writes: each primitive or list inside it, with the names leading to it (`deep_object`).
    Nested(Leaves),
}

impl Shape {
    /// The shape of `value`, a value the caller gave (a parameter left out is never written).
    /// With a JSON `content_type` the value is one primitive: its JSON text.
    ///
    /// Nothing given is lost silently: a value that is `null`, or that holds a number JSON
    /// cannot write (NaN or an infinity, which `serde_json` would turn into `null`), anywhere, is
    /// refused, and so is a `null` item of an array. Only a `null` member of an object is left
    /// out, as RFC 6570 (which defines the styles) leaves out a member without a value.
    pub(crate) fn of<T: Serialize + ?Sized>(
        value: &T,
        content_type: Option<&str>,
    ) -> Result<Shape, String> {
        if let Some(at) = non_finite(value) {
            return Err(refusal(&at, "JSON and parameters"));
        }
        if content_type.is_some_and(is_json) {
            return serde_json::to_string(value)
                .map(Shape::Primitive)
                .map_err(|e| format!("does not encode as JSON: {e}"));
        }
        let value = serde_json::to_value(value).map_err(|e| format!("does not encode: {e}"))?;
        Ok(match value {
            Value::Null => return Err("is null, which no parameter style can write".into()),
            Value::Array(list) => Shape::Array(items(&list)?),
            Value::Object(members)
                if members
                    .values()
                    .any(|m| matches!(m, Value::Array(_) | Value::Object(_))) =>
            {
                Shape::Nested(deep_object::flatten(&members).map_err(nested_refusal)?)
            }
            // Serialization keeps the properties' order (serde_json's `preserve_order`, which
            // this crate enables). A `null` member is undefined and left out, as RFC 6570 does.
            Value::Object(members) => {
                let mut out = Vec::with_capacity(members.len());
                for (name, member) in &members {
                    if let Some(text) = primitive(member)? {
                        out.push((name.clone(), text));
                    }
                }
                Shape::Object(out)
            }
            ref scalar => Shape::Primitive(primitive(scalar)?.unwrap_or_default()),
        })
    }

    fn is_empty(&self) -> bool {
        match self {
            Shape::Primitive(text) => text.is_empty(),
            Shape::Array(items) => items.is_empty(),
            Shape::Object(members) => members.is_empty(),
            Shape::Nested(leaves) => leaves.is_empty(),
        }
    }
}

/// The text of each item of a list of primitives.
fn items(items: &[Value]) -> Result<Vec<String>, String> {
    items
        .iter()
        .map(|item| primitive(item)?.ok_or_else(|| "has a null item, which cannot be sent".into()))
        .collect()
}

/// Why an object with objects or lists inside cannot be a parameter: said of the parameter as
/// a whole, as for an array of primitives.
fn nested_refusal(refused: Refused) -> String {
    match refused.why {
        Why::NullItem => "has a null item, which cannot be sent".into(),
        Why::NestedItem => "nests an array or object, which parameter styles cannot write".into(),
        Why::TooDeep => format!("nests objects more than {MAX_DEPTH} deep, which is not sent"),
    }
}

/// The text of a primitive value as a parameter writes it: a string as it is, a number or a
/// boolean as JSON writes it.
pub(crate) fn primitive_text<T: Serialize + ?Sized>(value: &T) -> Result<String, String> {
    if let Some(at) = non_finite(value) {
        return Err(refusal(&at, "a text part"));
    }
    let value = serde_json::to_value(value).map_err(|e| format!("does not encode: {e}"))?;
    primitive(&value)?.ok_or_else(|| "is null, which cannot be sent as text".into())
}

/// The text of a primitive; nested arrays and objects cannot be written by any style.
pub(crate) fn primitive(value: &Value) -> Result<Option<String>, String> {
    match value {
        Value::Null => Ok(None),
        Value::String(text) => Ok(Some(text.clone())),
        Value::Bool(b) => Ok(Some(b.to_string())),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Array(_) | Value::Object(_) => {
            Err("nests an array or object, which parameter styles cannot write".into())
        }
    }
}

/// Whether a media type is JSON (`application/json`, `application/problem+json`, ...).
pub(crate) fn is_json(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

/// How names and values are escaped in one location.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Escape {
    /// Percent-encode all but unreserved characters (path, query, cookie).
    Strict,
    /// Percent-encode all but unreserved and reserved characters (`allowReserved`).
    AllowReserved,
    /// Send as is (header values).
    Verbatim,
}

impl Escape {
    fn apply(self, text: &str) -> String {
        match self {
            Escape::Strict => utf8_percent_encode(text, UNRESERVED).to_string(),
            Escape::AllowReserved => utf8_percent_encode(text, UNRESERVED_AND_RESERVED).to_string(),
            Escape::Verbatim => text.to_owned(),
        }
    }
}

/// Writes `shape` as the parameter `name` (described by `parameter`) in its style and location:
/// the text that replaces
/// `{name}` in a path, one or more `&`-joined pairs of a query, a header's value, or the
/// `name=value` text of a cookie. An error says why the value cannot be sent.
pub(crate) fn serialize(
    parameter: &Parameter,
    name: &str,
    shape: &Shape,
) -> Result<String, String> {
    let (style, explode) = match parameter.content_type {
        // A `content` parameter is one string (its JSON text) in the location's default style.
        Some(_) => (Style::default_for(parameter.location), false),
        None => (parameter.style, parameter.explode),
    };
    let escape = match parameter.location {
        Location::Header => {
            check_header_items(shape, explode)?;
            Escape::Verbatim
        }
        Location::Query if parameter.allow_reserved && parameter.content_type.is_none() => {
            Escape::AllowReserved
        }
        Location::Path | Location::Query | Location::Cookie => Escape::Strict,
    };
    write(name, shape, style, explode, escape)
}

/// In a header, array items and object members are only separable if they do not hold the
/// delimiters (headers are not percent-encoded).
fn check_header_items(shape: &Shape, explode: bool) -> Result<(), String> {
    let ambiguous = match shape {
        // Only `deepObject` writes it, never in a header.
        Shape::Primitive(_) | Shape::Nested(_) => false,
        Shape::Array(items) => items.iter().any(|item| item.contains(',')),
        Shape::Object(members) => members.iter().any(|(name, value)| {
            name.contains(',') || value.contains(',') || (explode && name.contains('='))
        }),
    };
    if ambiguous {
        Err("has an item holding `,` (or an exploded member name holding `=`), which a header cannot separate".into())
    } else {
        Ok(())
    }
}

/// The OpenAPI 3.0.3 "Style Examples" table, for any name and value.
fn write(
    name: &str,
    shape: &Shape,
    style: Style,
    explode: bool,
    escape: Escape,
) -> Result<String, String> {
    let name = Escape::Strict.apply(name);
    // In `label` style `.` separates values, so a `.` inside one is encoded to stay inside it.
    let value = |text: &str| match style {
        Style::Label => escape.apply(text).replace('.', "%2E"),
        _ => escape.apply(text),
    };
    let values = |items: &[String], separator: &str| -> String {
        items
            .iter()
            .map(|item| value(item))
            .collect::<Vec<_>>()
            .join(separator)
    };
    // `R,100,G,200`: names and values alternating, one separator.
    let flat = |members: &[(String, String)], separator: &str| -> String {
        members
            .iter()
            .map(|(k, v)| format!("{}{separator}{}", value(k), value(v)))
            .collect::<Vec<_>>()
            .join(separator)
    };
    // `R=100,G=200`: `name=value` members, joined by a separator.
    let pairs = |members: &[(String, String)], separator: &str| -> String {
        members
            .iter()
            .map(|(k, v)| format!("{}={}", value(k), value(v)))
            .collect::<Vec<_>>()
            .join(separator)
    };
    let undefined = |what: &str| {
        Err(format!(
            "{what} cannot be written in `{}` style{}",
            style_name(style),
            if explode { " with explode" } else { "" }
        ))
    };
    let nests = "an object with objects or lists inside";
    Ok(match style {
        Style::Simple => match shape {
            Shape::Primitive(text) => value(text),
            Shape::Array(items) => values(items, ","),
            Shape::Object(members) if explode => pairs(members, ","),
            Shape::Object(members) => flat(members, ","),
            Shape::Nested(_) => return undefined(nests),
        },
        // OpenAPI 3.0.3 separates a non-exploded label array or object with `.` as well
        // (`.blue.black.brown`, `.R.100.G.200.B.150`); later versions changed that to `,`.
        Style::Label => match shape {
            Shape::Primitive(text) => format!(".{}", value(text)),
            Shape::Array(items) => format!(".{}", values(items, ".")),
            Shape::Object(members) if explode => format!(".{}", pairs(members, ".")),
            Shape::Object(members) => format!(".{}", flat(members, ".")),
            Shape::Nested(_) => return undefined(nests),
        },
        Style::Matrix if shape.is_empty() => format!(";{name}"),
        Style::Matrix => match shape {
            Shape::Primitive(text) => format!(";{name}={}", value(text)),
            Shape::Array(items) if explode => items
                .iter()
                .map(|item| format!(";{name}={}", value(item)))
                .collect(),
            Shape::Array(items) => format!(";{name}={}", values(items, ",")),
            Shape::Object(members) if explode => format!(";{}", pairs(members, ";")),
            Shape::Object(members) => format!(";{name}={}", flat(members, ",")),
            Shape::Nested(_) => return undefined(nests),
        },
        Style::Form if shape.is_empty() => format!("{name}="),
        Style::Form => match shape {
            Shape::Primitive(text) => format!("{name}={}", value(text)),
            Shape::Array(items) if explode => exploded(&name, items, &value),
            Shape::Array(items) => format!("{name}={}", values(items, ",")),
            Shape::Object(members) if explode => pairs(members, "&"),
            Shape::Object(members) => format!("{name}={}", flat(members, ",")),
            Shape::Nested(_) => return undefined(nests),
        },
        Style::SpaceDelimited | Style::PipeDelimited => {
            let separator = if style == Style::SpaceDelimited {
                "%20"
            } else {
                "|"
            };
            match shape {
                // Undefined in OpenAPI 3.0.3: written as `form` writes it (module docs).
                Shape::Primitive(text) => format!("{name}={}", value(text)),
                // Exploded, an array needs no separator: one pair per item, as `form` does.
                Shape::Array(items) if explode => exploded(&name, items, &value),
                Shape::Array(items) => format!("{name}={}", values(items, separator)),
                Shape::Object(members) if explode => pairs(members, "&"),
                Shape::Object(members) => format!("{name}={}", flat(members, separator)),
                Shape::Nested(_) => return undefined(nests),
            }
        }
        // The spec shows `deepObject` only exploded; it has no other rendering, so `explode`
        // does not change it.
        Style::DeepObject => match shape {
            Shape::Object(members) => members
                .iter()
                .map(|(k, v)| format!("{name}[{}]={}", value(k), value(v)))
                .collect::<Vec<_>>()
                .join("&"),
            // Undefined in OpenAPI 3.0.3: `name[a][b]=v`, `name[a][]=item` (module docs).
            Shape::Nested(leaves) => leaves
                .iter()
                .flat_map(|(path, leaf)| {
                    let key: String = path.iter().map(|k| format!("[{}]", value(k))).collect();
                    match leaf {
                        Leaf::One(v) => vec![format!("{name}{key}={}", value(v))],
                        Leaf::List(items) => items
                            .iter()
                            .map(|item| format!("{name}{key}[]={}", value(item)))
                            .collect(),
                    }
                })
                .collect::<Vec<_>>()
                .join("&"),
            // Undefined in OpenAPI 3.0.3: a primitive as `form` writes it, each item of an
            // array `name[]=item` (module docs).
            Shape::Primitive(text) => format!("{name}={}", value(text)),
            Shape::Array(items) => items
                .iter()
                .map(|item| format!("{name}[]={}", value(item)))
                .collect::<Vec<_>>()
                .join("&"),
        },
    })
}

/// `name=a&name=b`: one pair per item.
fn exploded(name: &str, items: &[String], value: &dyn Fn(&str) -> String) -> String {
    items
        .iter()
        .map(|item| format!("{name}={}", value(item)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The style as a spec writes it.
pub(crate) fn style_name(style: Style) -> &'static str {
    match style {
        Style::Simple => "simple",
        Style::Label => "label",
        Style::Matrix => "matrix",
        Style::Form => "form",
        Style::SpaceDelimited => "spaceDelimited",
        Style::PipeDelimited => "pipeDelimited",
        Style::DeepObject => "deepObject",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parameter(location: Location, style: Style, explode: bool) -> Parameter {
        Parameter {
            style,
            explode,
            ..Parameter::new("color", location)
        }
    }

    /// Serializes `value` as the parameter `color` in `style`.
    fn color(location: Location, style: Style, explode: bool, value: Value) -> String {
        let shape = Shape::of(&value, None).expect("a value");
        serialize(&parameter(location, style, explode), "color", &shape).unwrap()
    }

    fn refused(location: Location, style: Style, explode: bool, value: Value) -> String {
        let shape = Shape::of(&value, None).expect("a value");
        serialize(&parameter(location, style, explode), "color", &shape).unwrap_err()
    }

    fn string() -> Value {
        json!("blue")
    }
    fn array() -> Value {
        json!(["blue", "black", "brown"])
    }
    fn object() -> Value {
        json!({"R": 100, "G": 200, "B": 150})
    }

    /// One row of OpenAPI 3.0.3's "Style Examples": the style, explode, and the expected text
    /// for an empty string, "blue", the array and the object (`None` where the spec says n/a).
    type Row = (
        Location,
        Style,
        bool,
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
    );

    // The spec's table writes `spaceDelimited` and `pipeDelimited` without the `color=` that a
    // query needs (OpenAPI 3.0.4 added it) and cuts the pipe-delimited object after `G`; here
    // the name is included and the object complete. Its `label` rows are as 3.0.3 writes them.
    #[rustfmt::skip]
    const TABLE: &[Row] = &[
        (Location::Path, Style::Matrix, false, Some(";color"), Some(";color=blue"), Some(";color=blue,black,brown"), Some(";color=R,100,G,200,B,150")),
        (Location::Path, Style::Matrix, true, Some(";color"), Some(";color=blue"), Some(";color=blue;color=black;color=brown"), Some(";R=100;G=200;B=150")),
        (Location::Path, Style::Label, false, Some("."), Some(".blue"), Some(".blue.black.brown"), Some(".R.100.G.200.B.150")),
        (Location::Path, Style::Label, true, Some("."), Some(".blue"), Some(".blue.black.brown"), Some(".R=100.G=200.B=150")),
        (Location::Query, Style::Form, false, Some("color="), Some("color=blue"), Some("color=blue,black,brown"), Some("color=R,100,G,200,B,150")),
        (Location::Query, Style::Form, true, Some("color="), Some("color=blue"), Some("color=blue&color=black&color=brown"), Some("R=100&G=200&B=150")),
        (Location::Path, Style::Simple, false, None, Some("blue"), Some("blue,black,brown"), Some("R,100,G,200,B,150")),
        (Location::Path, Style::Simple, true, None, Some("blue"), Some("blue,black,brown"), Some("R=100,G=200,B=150")),
        (Location::Query, Style::SpaceDelimited, false, None, None, Some("color=blue%20black%20brown"), Some("color=R%20100%20G%20200%20B%20150")),
        (Location::Query, Style::PipeDelimited, false, None, None, Some("color=blue|black|brown"), Some("color=R|100|G|200|B|150")),
        (Location::Query, Style::DeepObject, true, None, None, None, Some("color[R]=100&color[G]=200&color[B]=150")),
    ];

    #[test]
    fn every_row_of_the_style_examples_table() {
        for &(location, style, explode, empty, blue, list, members) in TABLE {
            let row = format!("{style:?} explode={explode}");
            for (expected, value) in [
                (empty, json!("")),
                (blue, string()),
                (list, array()),
                (members, object()),
            ] {
                let shape = Shape::of(&value, None).unwrap();
                let written = serialize(&parameter(location, style, explode), "color", &shape);
                match expected {
                    Some(expected) => {
                        assert_eq!(written.as_deref(), Ok(expected), "{row}: {value}")
                    }
                    // `n/a` for an empty value of `simple` means "nothing special": the empty
                    // text. The other `n/a`s are undefined, and written as near as the style
                    // allows (`undefined_combinations_are_written_as_near_as_the_style_allows`).
                    None if style == Style::Simple => assert_eq!(written.as_deref(), Ok("")),
                    None => assert!(written.is_ok(), "{row}: {value} gave {written:?}"),
                }
            }
        }
    }

    #[test]
    fn headers_use_simple_style_verbatim() {
        let header = |explode, value| color(Location::Header, Style::Simple, explode, value);
        assert_eq!(header(false, string()), "blue");
        assert_eq!(header(false, array()), "blue,black,brown");
        assert_eq!(header(true, array()), "blue,black,brown");
        assert_eq!(header(false, object()), "R,100,G,200,B,150");
        assert_eq!(header(true, object()), "R=100,G=200,B=150");
        // Not percent-encoded: a header is not part of a URI.
        assert_eq!(header(false, json!("a b/c?d=e")), "a b/c?d=e");
        assert_eq!(header(false, json!(["a=b", "c d"])), "a=b,c d");
        // A delimiter inside an item would split it.
        assert!(refused(Location::Header, Style::Simple, false, json!(["a,b", "c"])).contains(','));
        assert!(refused(Location::Header, Style::Simple, true, json!({"a=b": "c"})).contains('='));
        assert_eq!(header(false, json!({"a=b": "c"})), "a=b,c");
    }

    #[test]
    fn cookies_use_form_style_percent_encoded() {
        let cookie = |explode, value| color(Location::Cookie, Style::Form, explode, value);
        assert_eq!(cookie(true, string()), "color=blue");
        assert_eq!(cookie(false, array()), "color=blue,black,brown");
        assert_eq!(cookie(true, array()), "color=blue&color=black&color=brown");
        assert_eq!(cookie(false, object()), "color=R,100,G,200,B,150");
        assert_eq!(cookie(true, object()), "R=100&G=200&B=150");
        assert_eq!(cookie(true, json!("a b;c,d\"")), "color=a%20b%3Bc%2Cd%22");
        assert_eq!(cookie(false, json!(["a,b", "c"])), "color=a%2Cb,c");
    }

    #[test]
    fn path_values_stay_inside_their_segment_and_their_item() {
        let path = |style, explode, value| color(Location::Path, style, explode, value);
        assert_eq!(
            path(Style::Simple, false, json!("../a/b?c#d")),
            "..%2Fa%2Fb%3Fc%23d"
        );
        assert_eq!(path(Style::Simple, false, json!(["a,b", "c"])), "a%2Cb,c");
        assert_eq!(path(Style::Simple, true, json!({"k=": "v,"})), "k%3D=v%2C");
        assert_eq!(path(Style::Label, false, json!(["1.5", "x"])), ".1%2E5.x");
        assert_eq!(
            path(Style::Matrix, true, json!(["a;b", "c=d"])),
            ";color=a%3Bb;color=c%3Dd"
        );
        assert_eq!(path(Style::Matrix, false, json!("é ")), ";color=%C3%A9%20");
    }

    #[test]
    fn query_values_cannot_add_pairs_unless_reserved_characters_are_allowed() {
        let query = |value| color(Location::Query, Style::Form, true, value);
        assert_eq!(query(json!("a&b=c+d e")), "color=a%26b%3Dc%2Bd%20e");
        assert_eq!(
            color(Location::Query, Style::Form, false, json!(["a,b", "c"])),
            "color=a%2Cb,c"
        );
        assert_eq!(
            color(Location::Query, Style::Form, true, json!(["a,b", "c"])),
            "color=a%2Cb&color=c"
        );
        assert_eq!(
            color(
                Location::Query,
                Style::PipeDelimited,
                false,
                json!(["a|b", "c"])
            ),
            "color=a%7Cb|c"
        );
        assert_eq!(
            color(
                Location::Query,
                Style::SpaceDelimited,
                false,
                json!(["a b", "c"])
            ),
            "color=a%20b%20c"
        );
        assert_eq!(
            color(Location::Query, Style::DeepObject, true, json!({"a]": "&"})),
            "color[a%5D]=%26"
        );

        let reserved = Parameter {
            allow_reserved: true,
            ..Parameter::new("q", Location::Query)
        };
        let shape = Shape::of("a/b?c:d@e!$&'()*+,;=[]#% é", None).unwrap();
        assert_eq!(
            serialize(&reserved, "q", &shape).unwrap(),
            "q=a/b?c:d@e!$&'()*+,;=[]%23%25%20%C3%A9"
        );
    }

    #[test]
    fn exploded_space_and_pipe_arrays_are_one_pair_per_item() {
        for style in [Style::SpaceDelimited, Style::PipeDelimited] {
            assert_eq!(
                color(Location::Query, style, true, array()),
                "color=blue&color=black&color=brown"
            );
        }
    }

    /// OpenAPI 3.0.3 leaves it undefined: a member of a member is `name[a][b]=v`, each item of a
    /// list `name[a][]=item` (a list of one item too), and null members are left out as in any
    /// object.
    #[test]
    fn deep_objects_nest_objects_and_lists_in_brackets() {
        let deep = |value| color(Location::Query, Style::DeepObject, true, value);
        assert_eq!(
            deep(json!({"state": "open", "ids": [1, 2], "gone": null, "tags": ["a&b"]})),
            "color[state]=open&color[ids][]=1&color[ids][]=2&color[tags][]=a%26b"
        );
        assert_eq!(
            deep(json!({"service": {"id": "x]", "none": null, "at": {"gte": 1}}, "n": true})),
            "color[service][id]=x%5D&color[service][at][gte]=1&color[n]=true"
        );
        assert_eq!(deep(json!({"ids": [], "service": {}})), "");
        for (value, why) in [
            (json!({"ids": [1, null]}), "null item"),
            (json!({"ids": [[1]]}), "nests"),
            (json!({"ids": [{"a": 1}]}), "nests"),
        ] {
            let message = Shape::of(&value, None).unwrap_err();
            assert!(message.contains(why), "{message}");
        }
        let mut deepest = json!(1);
        for _ in 0..=MAX_DEPTH {
            deepest = json!({ "a": deepest });
        }
        let message = Shape::of(&deepest, None).unwrap_err();
        assert!(message.contains("deep"), "{message}");
    }

    #[test]
    fn only_deep_object_writes_an_object_with_objects_or_lists_inside() {
        for value in [json!({"ids": [1, 2]}), json!({"a": {"b": 1}})] {
            for (location, style) in [
                (Location::Path, Style::Simple),
                (Location::Path, Style::Label),
                (Location::Path, Style::Matrix),
                (Location::Query, Style::Form),
                (Location::Query, Style::SpaceDelimited),
                (Location::Query, Style::PipeDelimited),
                (Location::Header, Style::Simple),
                (Location::Cookie, Style::Form),
            ] {
                for explode in [false, true] {
                    let message = refused(location, style, explode, value.clone());
                    assert!(
                        message.starts_with("an object with objects or lists inside cannot be"),
                        "{message}"
                    );
                }
            }
        }
    }

    #[test]
    fn undefined_combinations_are_written_as_near_as_the_style_allows() {
        let cases = [
            (Style::SpaceDelimited, false, string(), "color=blue"),
            (Style::SpaceDelimited, true, object(), "R=100&G=200&B=150"),
            (Style::PipeDelimited, false, string(), "color=blue"),
            (Style::PipeDelimited, true, object(), "R=100&G=200&B=150"),
            (Style::DeepObject, true, string(), "color=blue"),
            (
                Style::DeepObject,
                true,
                array(),
                "color[]=blue&color[]=black&color[]=brown",
            ),
            (Style::DeepObject, false, json!(["a b"]), "color[]=a%20b"),
        ];
        for (style, explode, value, expected) in cases {
            assert_eq!(
                color(Location::Query, style, explode, value),
                expected,
                "{style:?}"
            );
        }
    }

    #[test]
    fn shapes_come_from_serde() {
        #[derive(Serialize)]
        struct Rgb {
            #[serde(rename = "R")]
            r: u8,
            #[serde(rename = "G", skip_serializing_if = "Option::is_none")]
            g: Option<u8>,
            #[serde(rename = "B")]
            b: Option<u8>,
        }
        let rgb = Rgb {
            r: 1,
            g: None,
            b: None,
        };
        assert_eq!(
            Shape::of(&rgb, None).unwrap(),
            Shape::Object(vec![("R".into(), "1".into())])
        );
        assert_eq!(
            Shape::of(&[true, false], None).unwrap(),
            Shape::Array(vec!["true".into(), "false".into()])
        );
        assert_eq!(
            Shape::of(&2.5f64, None).unwrap(),
            Shape::Primitive("2.5".into())
        );
        let at = chrono::DateTime::parse_from_rfc3339("2024-05-06T07:08:09+02:00").unwrap();
        assert_eq!(
            Shape::of(&at, None).unwrap(),
            Shape::Primitive("2024-05-06T07:08:09+02:00".into())
        );
        assert!(
            Shape::of(&json!([[1]]), None)
                .unwrap_err()
                .contains("nests")
        );
        assert_eq!(
            Shape::of(&json!({"a": {"b": 1}}), None).unwrap(),
            Shape::Nested(vec![(vec!["a".into(), "b".into()], Leaf::One("1".into()))])
        );
        assert!(
            Shape::of(&json!([1, null]), None)
                .unwrap_err()
                .contains("null")
        );
    }

    #[test]
    fn a_value_given_is_never_dropped_silently() {
        #[derive(Serialize)]
        struct Point {
            x: f64,
            y: Option<f64>,
        }
        // `null` itself, and numbers serde_json would write as `null`, wherever they are.
        assert!(Shape::of(&json!(null), None).unwrap_err().contains("null"));
        assert!(Shape::of(&Option::<u8>::None, None).is_err());
        for nan in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let message = Shape::of(&nan, None).unwrap_err();
            assert!(message.starts_with("is NaN or infinite"), "{message}");
        }
        assert!(
            Shape::of(&[1.0, f64::NAN], None)
                .unwrap_err()
                .contains("at `/1`")
        );
        let point = Point {
            x: f64::INFINITY,
            y: None,
        };
        assert!(Shape::of(&point, None).unwrap_err().contains("at `/x`"));
        // JSON `content` would write NaN as `null` too.
        assert!(
            Shape::of(&point, Some("application/json"))
                .unwrap_err()
                .contains("at `/x`")
        );
        assert!(
            Shape::of(&[Some(1.0), None], None)
                .unwrap_err()
                .contains("null item")
        );
        // A member without a value is undefined (RFC 6570) and left out; a JSON `null` given
        // as JSON content is JSON text like any other.
        let point = Point { x: 1.5, y: None };
        assert_eq!(
            Shape::of(&point, None).unwrap(),
            Shape::Object(vec![("x".into(), "1.5".into())])
        );
        assert_eq!(
            Shape::of(&json!(null), Some("application/json")).unwrap(),
            Shape::Primitive("null".into())
        );
    }

    #[test]
    fn json_content_is_one_string_in_the_default_style() {
        let value = json!({"a": [1, 2], "b": "x y"});
        let shape = Shape::of(&value, Some("application/json")).unwrap();
        assert_eq!(shape, Shape::Primitive(r#"{"a":[1,2],"b":"x y"}"#.into()));
        let content = |location| Parameter {
            content_type: Some("application/json"),
            // Ignored for `content`: the location's default style writes the JSON text.
            style: Style::DeepObject,
            explode: true,
            allow_reserved: true,
            ..Parameter::new("filter", location)
        };
        assert_eq!(
            serialize(&content(Location::Query), "filter", &shape).unwrap(),
            "filter=%7B%22a%22%3A%5B1%2C2%5D%2C%22b%22%3A%22x%20y%22%7D"
        );
        assert_eq!(
            serialize(&content(Location::Header), "filter", &shape).unwrap(),
            r#"{"a":[1,2],"b":"x y"}"#
        );
        assert_eq!(
            serialize(&content(Location::Path), "filter", &shape).unwrap(),
            "%7B%22a%22%3A%5B1%2C2%5D%2C%22b%22%3A%22x%20y%22%7D"
        );
        assert!(is_json("application/vnd.api+json; charset=utf-8"));
        assert!(!is_json("text/plain"));
    }
}
