//! `application/x-www-form-urlencoded` bodies: each property of the body becomes one or more
//! `name=value` pairs, shaped by the property's `encoding` entry in the spec (`style`, `explode`,
//! `allowReserved`, `contentType`), as OpenAPI 3.0.3 describes for query parameters.
//!
//! Properties the spec's `encoding` does not name are `form`, exploded. Nested objects and lists
//! inside a `deepObject` property are written `a[b][c]=d` and `a[b][]=d`, and a list that is
//! itself a `deepObject` property `a[]=d` (undefined in OpenAPI 3.0.3), flattened by the walker
//! query parameters use (`deep_object`, bounded in depth the same way). Absent and `null`
//! properties are left out; anything else that cannot be written (a `null` list item, a list or
//! object nested deeper than the style carries) refuses the body with an error naming the key,
//! never dropped. Values are percent-encoded so that none can add a pair: `&`, `=` and `+` stay
//! encoded even with `allowReserved`.

use percent_encoding::{AsciiSet, utf8_percent_encode};
use serde_json::{Map, Value};

use crate::deep_object::{self, Leaf, MAX_DEPTH, Why};
// Form values are percent-encoded as parameters are (RFC 3986): all but the unreserved
// characters, a space as `%20`, which form decoders read as they read `+`.
use crate::params::UNRESERVED;

/// How a form property is laid out (the `style` of its `encoding` entry).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormStyle {
    /// `form`: `tag=a&tag=b` exploded, `tag=a,b` not; an exploded object sends each of its
    /// properties as a pair of its own (`r=1&g=2`), an unexploded one `color=r,1,g,2`.
    Form,
    /// `spaceDelimited`: an unexploded list joined with spaces.
    SpaceDelimited,
    /// `pipeDelimited`: an unexploded list joined with `|`.
    PipeDelimited,
    /// `deepObject`: an object as `color[r]=1&color[g]=2`, nested objects as `a[b][c]=1`, lists
    /// inside as `a[b][]=1&a[b][]=2`, a list as `a[]=1&a[]=2`.
    DeepObject,
}

/// The encoding of one form property that is not sent the default way (`form`, exploded).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormField {
    /// The property's name on the wire.
    pub name: &'static str,
    /// Its style.
    pub style: FormStyle,
    /// Whether lists and objects are exploded into one pair per item or property.
    pub explode: bool,
    /// Whether RFC 3986 reserved characters are left as they are in values. `&`, `=` and `+`
    /// are still encoded: in a form body they would change what the server reads.
    pub allow_reserved: bool,
    /// Whether the value is sent as JSON text (`contentType: application/json`).
    pub json: bool,
}

impl FormField {
    const DEFAULT: FormField = FormField {
        name: "",
        style: FormStyle::Form,
        explode: true,
        allow_reserved: false,
        json: false,
    };
}

/// Encodes an object as a form body: properties in order, absent and `null` ones left out.
/// `fields` lists the properties whose encoding the spec sets; the others are `form`, exploded.
pub fn encode_form(body: &Map<String, Value>, fields: &[FormField]) -> Result<String, String> {
    let mut out = Pairs::default();
    for (name, value) in body {
        let field = fields
            .iter()
            .find(|f| f.name == name)
            .unwrap_or(&FormField::DEFAULT);
        encode_property(&mut out, name, value, field)?;
    }
    Ok(out.text)
}

fn encode_property(
    out: &mut Pairs,
    name: &str,
    value: &Value,
    field: &FormField,
) -> Result<(), String> {
    let reserved = field.allow_reserved;
    if value.is_null() {
        return Ok(());
    }
    if field.json {
        let text = serde_json::to_string(value).map_err(|e| e.to_string())?;
        out.push(name, &text, reserved);
        return Ok(());
    }
    let delimiter = match field.style {
        FormStyle::Form | FormStyle::DeepObject => ",",
        FormStyle::SpaceDelimited => " ",
        FormStyle::PipeDelimited => "|",
    };
    match value {
        Value::Array(items) => {
            let texts = items
                .iter()
                .map(|item| scalar(item).ok_or_else(|| nested(name)))
                .collect::<Result<Vec<_>, _>>()?;
            match (field.style, field.explode) {
                // Undefined in OpenAPI 3.0.3: `name[]=item` per item, as a list inside a
                // `deepObject` is written (the generator warns where a spec asks for it).
                (FormStyle::DeepObject, _) => {
                    let key = format!("{name}[]");
                    texts.iter().for_each(|t| out.push(&key, t, reserved));
                }
                (_, true) => texts.iter().for_each(|t| out.push(name, t, reserved)),
                (_, false) => out.push(name, &texts.join(delimiter), reserved),
            }
        }
        Value::Object(map) => match (field.style, field.explode) {
            (FormStyle::DeepObject, _) => deep_object(out, name, map, reserved)?,
            (_, true) => {
                for (key, item) in map.iter().filter(|(_, v)| !v.is_null()) {
                    out.push(key, &scalar(item).ok_or_else(|| nested(name))?, reserved);
                }
            }
            (_, false) => {
                let mut texts = Vec::new();
                for (key, item) in map.iter().filter(|(_, v)| !v.is_null()) {
                    texts.push(key.clone());
                    texts.push(scalar(item).ok_or_else(|| nested(name))?);
                }
                out.push(name, &texts.join(delimiter), reserved);
            }
        },
        _ => out.push(name, &scalar(value).unwrap_or_default(), reserved),
    }
    Ok(())
}

/// `name[key]=value` for each property, `name[key][inner]=value` for nested objects and
/// `name[key][]=item` for each item of a list (OpenAPI 3.0.3 leaves both undefined; this is how
/// PHP, Rails and the `qs` library read them, as query parameters in `deepObject` style are
/// written). The whole key is percent-encoded, brackets included, as any name in a form body.
fn deep_object(
    out: &mut Pairs,
    name: &str,
    map: &Map<String, Value>,
    reserved: bool,
) -> Result<(), String> {
    let key = |path: &[String]| -> String {
        path.iter()
            .fold(name.to_owned(), |key, member| format!("{key}[{member}]"))
    };
    let leaves = deep_object::flatten(map).map_err(|refused| {
        let at = key(&refused.at);
        match refused.why {
            Why::NullItem => {
                format!("form property `{at}[]` has a null item, which cannot be sent")
            }
            Why::NestedItem => nested(&format!("{at}[]")),
            Why::TooDeep => format!(
                "form property `{at}` nests objects more than {MAX_DEPTH} deep, which is not sent"
            ),
        }
    })?;
    for (path, leaf) in leaves {
        let key = key(&path);
        match leaf {
            Leaf::One(text) => out.push(&key, &text, reserved),
            Leaf::List(items) => {
                let key = format!("{key}[]");
                for item in items {
                    out.push(&key, &item, reserved);
                }
            }
        }
    }
    Ok(())
}

fn nested(name: &str) -> String {
    format!("form property `{name}` nests lists or objects deeper than its style can carry")
}

/// The text of a string, number or boolean, written as a parameter writes it.
fn scalar(value: &Value) -> Option<String> {
    crate::params::primitive(value).ok().flatten()
}

/// `allowReserved`: RFC 3986 reserved characters stay as they are, except those with a meaning
/// in a form body (`&`, `=`, `+`); `%` is always encoded.
const RESERVED_ALLOWED: &AsciiSet = &UNRESERVED
    .remove(b':')
    .remove(b'/')
    .remove(b'?')
    .remove(b'#')
    .remove(b'[')
    .remove(b']')
    .remove(b'@')
    .remove(b'!')
    .remove(b'$')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b',')
    .remove(b';');

/// The body being written: `name=value` pairs joined by `&`.
#[derive(Default)]
struct Pairs {
    text: String,
}

impl Pairs {
    fn push(&mut self, name: &str, value: &str, allow_reserved: bool) {
        if !self.text.is_empty() {
            self.text.push('&');
        }
        let set = if allow_reserved {
            RESERVED_ALLOWED
        } else {
            UNRESERVED
        };
        self.text.extend(utf8_percent_encode(name, UNRESERVED));
        self.text.push('=');
        self.text.extend(utf8_percent_encode(value, set));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn encode(body: Value, fields: &[FormField]) -> Result<String, String> {
        encode_form(body.as_object().unwrap(), fields)
    }

    fn field(name: &'static str, style: FormStyle, explode: bool) -> FormField {
        FormField {
            name,
            style,
            explode,
            ..FormField::DEFAULT
        }
    }

    #[test]
    fn defaults_are_form_exploded_in_order() {
        let body = json!({"q": "a b&c", "rows": 10, "ok": true, "tags": ["x", "y"], "gone": null});
        assert_eq!(
            encode(body, &[]).unwrap(),
            "q=a%20b%26c&rows=10&ok=true&tags=x&tags=y"
        );
    }

    #[test]
    fn lists_follow_their_style() {
        let body = json!({"tags": ["a", "b c", "d"]});
        let styled = |style, explode| encode(body.clone(), &[field("tags", style, explode)]);
        assert_eq!(
            styled(FormStyle::Form, false).unwrap(),
            "tags=a%2Cb%20c%2Cd"
        );
        assert_eq!(
            styled(FormStyle::SpaceDelimited, false).unwrap(),
            "tags=a%20b%20c%20d"
        );
        assert_eq!(
            styled(FormStyle::PipeDelimited, false).unwrap(),
            "tags=a%7Cb%20c%7Cd"
        );
        assert_eq!(
            styled(FormStyle::PipeDelimited, true).unwrap(),
            "tags=a&tags=b%20c&tags=d"
        );
        // Undefined in OpenAPI 3.0.3: the bracket convention of lists inside a `deepObject`.
        assert_eq!(
            styled(FormStyle::DeepObject, true).unwrap(),
            "tags%5B%5D=a&tags%5B%5D=b%20c&tags%5B%5D=d"
        );
    }

    #[test]
    fn objects_explode_into_their_properties_or_join() {
        let body = json!({"color": {"R": 100, "G": 200, "B": null}});
        assert_eq!(encode(body.clone(), &[]).unwrap(), "R=100&G=200");
        assert_eq!(
            encode(body, &[field("color", FormStyle::Form, false)]).unwrap(),
            "color=R%2C100%2CG%2C200"
        );
    }

    #[test]
    fn deep_objects_use_brackets_at_every_level() {
        let body = json!({"filter": {"name": "Ann", "age": {"min": 3}, "x": null}, "page": 2});
        assert_eq!(
            encode(body, &[field("filter", FormStyle::DeepObject, true)]).unwrap(),
            "filter%5Bname%5D=Ann&filter%5Bage%5D%5Bmin%5D=3&page=2"
        );
        let deep = [field("filter", FormStyle::DeepObject, true)];
        assert_eq!(
            encode(json!({"filter": {"ids": [1, 2], "tags": []}}), &deep).unwrap(),
            "filter%5Bids%5D%5B%5D=1&filter%5Bids%5D%5B%5D=2"
        );
        for (list, why) in [
            (json!([1, null]), "null item"),
            (json!([[1]]), "nests"),
            (json!([{"a": 1}]), "nests"),
        ] {
            let error = encode(json!({"filter": {"ids": list}}), &deep).unwrap_err();
            assert!(
                error.contains("filter[ids][]") && error.contains(why),
                "{error}"
            );
        }
    }

    /// The bound query parameters have: a deep object nesting objects more than `MAX_DEPTH`
    /// deep is refused, not recursed into.
    #[test]
    fn deep_objects_are_bounded_in_depth() {
        let deep = [field("filter", FormStyle::DeepObject, true)];
        let nest = |levels: usize| {
            let mut value = json!(1);
            for _ in 0..levels {
                value = json!({ "a": value });
            }
            json!({ "filter": value })
        };
        let deepest = encode(nest(MAX_DEPTH), &deep).unwrap();
        assert_eq!(deepest.matches("%5Ba%5D").count(), MAX_DEPTH);
        let error = encode(nest(MAX_DEPTH + 1), &deep).unwrap_err();
        assert!(
            error.starts_with("form property `filter[a][a]") && error.contains("32 deep"),
            "{error}"
        );
    }

    #[test]
    fn nesting_a_style_cannot_carry_is_refused() {
        assert!(encode(json!({"a": [[1]]}), &[]).is_err());
        assert!(encode(json!({"a": {"b": {"c": 1}}}), &[]).is_err());
        assert!(encode(json!({"a": [{"b": 1}]}), &[]).is_err());
    }

    #[test]
    fn json_properties_are_sent_as_json_text() {
        let fields = [FormField {
            json: true,
            ..field("meta", FormStyle::Form, true)
        }];
        assert_eq!(
            encode(json!({"meta": {"a": [1, "x"]}}), &fields).unwrap(),
            "meta=%7B%22a%22%3A%5B1%2C%22x%22%5D%7D"
        );
    }

    #[test]
    fn reserved_characters_stay_only_when_allowed_and_harmless() {
        let body = json!({"next": "/a?b=c&d+e f:g,h%"});
        assert_eq!(
            encode(body.clone(), &[]).unwrap(),
            "next=%2Fa%3Fb%3Dc%26d%2Be%20f%3Ag%2Ch%25"
        );
        let fields = [FormField {
            allow_reserved: true,
            ..field("next", FormStyle::Form, true)
        }];
        assert_eq!(
            encode(body, &fields).unwrap(),
            "next=/a?b%3Dc%26d%2Be%20f:g,h%25"
        );
    }
}
