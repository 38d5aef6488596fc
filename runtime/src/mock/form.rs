//! Form bodies read back (a mock's `form` and `form_checked`): the pairs of an
//! `application/x-www-form-urlencoded` body become a tree that deserializes into the
//! operation's request type, as the runtime's `form` writes them: a name given more than once is
//! a list, `a[b][c]` a nested object, `a[]` an item of a list, a property the spec sends
//! unexploded is split on its delimiter when its field is a list or an object, one sent as JSON
//! is parsed, and any other value is text that a number or boolean field parses. An object
//! property sent `form`, exploded (each of its members a pair of its own), cannot be told apart
//! from the body's own properties and is not read back. Reading only: nothing is checked here.

use serde::de::value::{MapDeserializer, SeqDeserializer};
use serde::de::{self, IntoDeserializer, Visitor};
use serde_json::Value;

use crate::form::{FormField, FormStyle};

/// A form body read back into a tree whose leaves are text until a field's type reads them.
#[derive(Debug)]
pub(super) enum Node {
    Text(String),
    /// An unexploded list or object, on its delimiter.
    Split(String, char),
    List(Vec<Node>),
    Map(Vec<(String, Node)>),
    Json(Value),
}

/// The body `bytes`, laid out as `fields` says, as a tree to deserialize the request type from.
pub(super) fn read_form(bytes: &[u8], fields: &[FormField]) -> Result<Node, String> {
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
}
