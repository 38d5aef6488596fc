//! Finds a floating-point number that JSON cannot write (NaN or an infinity) anywhere in a
//! value. `serde_json` writes such a number as `null`, so once a value has become JSON it cannot
//! be told from a value that was `null` to begin with; this walks the value through `serde`
//! before that happens.
//!
//! Every encoder of a request asks it first: parameters (`params`), JSON and form bodies
//! (`client::request`), multipart text and JSON parts (`multipart`), and a tagged union that adds
//! its tag (`tagged`). Generated code checks such numbers earlier too, in [`crate::Validate`]
//! (a NaN `f64` is never a valid JSON number), so a client call reports them with every other
//! violation; the encoders are the last guard, for any value they are given. This module only
//! finds and words; it never changes or drops a value.

use std::fmt;

use serde::Serialize;
use serde::ser;

/// The JSON pointer (`""` for the value itself, `/R`, `/2`) of the first NaN or infinite
/// number in `value`, in serialization order; `None` when every number is finite. A value whose
/// `Serialize` fails for another reason is reported as having none: encoding it reports that
/// failure.
pub(crate) fn non_finite<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    let mut finder = Finder { path: Vec::new() };
    match value.serialize(&mut finder) {
        Err(Stop::NonFinite(at)) => Some(at),
        Ok(()) | Err(Stop::Other) => None,
    }
}

/// Why a value holding such a number is refused, to follow the value's name (`the body`, ``part
/// `meta` ``): `at` is [`non_finite`]'s pointer, `carrier` what cannot carry it (`JSON`).
pub(crate) fn refusal(at: &str, carrier: &str) -> String {
    if at.is_empty() {
        format!("is NaN or infinite, which {carrier} cannot carry")
    } else {
        format!("holds NaN or an infinity at `{at}`, which {carrier} cannot carry")
    }
}

/// Walks a value keeping the path to the current position.
struct Finder {
    path: Vec<String>,
}

impl Finder {
    fn float(&self, value: f64) -> Result<(), Stop> {
        if value.is_finite() {
            Ok(())
        } else {
            Err(Stop::NonFinite(
                self.path
                    .iter()
                    .map(|segment| format!("/{}", segment.replace('~', "~0").replace('/', "~1")))
                    .collect(),
            ))
        }
    }

    fn nested<T: Serialize + ?Sized>(&mut self, segment: String, value: &T) -> Result<(), Stop> {
        self.path.push(segment);
        let result = value.serialize(&mut *self);
        self.path.pop();
        result
    }
}

/// Why the walk stopped.
#[derive(Debug)]
enum Stop {
    /// A NaN or infinite number, at this pointer.
    NonFinite(String),
    /// The value's own `Serialize` failed.
    Other,
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stop::NonFinite(at) => write!(f, "a number JSON cannot write at {at:?}"),
            Stop::Other => f.write_str("the value does not serialize"),
        }
    }
}

impl std::error::Error for Stop {}

impl ser::Error for Stop {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Stop::Other
    }
}

/// The members of an array, object or variant being walked. `pops` is how many path segments
/// the compound added on opening (a variant's name), removed when it ends.
struct Compound<'a> {
    finder: &'a mut Finder,
    index: usize,
    key: Option<String>,
    pops: usize,
}

impl<'a> Compound<'a> {
    fn new(finder: &'a mut Finder, variant: Option<&str>) -> Self {
        if let Some(variant) = variant {
            finder.path.push(variant.to_owned());
        }
        Compound {
            finder,
            index: 0,
            key: None,
            pops: usize::from(variant.is_some()),
        }
    }

    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Stop> {
        let index = self.index;
        self.index += 1;
        self.finder.nested(index.to_string(), value)
    }

    fn end(self) -> Result<(), Stop> {
        for _ in 0..self.pops {
            self.finder.path.pop();
        }
        Ok(())
    }
}

/// The text of a map key, as a JSON object's member name would be.
fn key_text<T: Serialize + ?Sized>(key: &T) -> String {
    match serde_json::to_value(key) {
        Ok(serde_json::Value::String(text)) => text,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

impl<'a> ser::Serializer for &'a mut Finder {
    type Ok = ();
    type Error = Stop;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, _: bool) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_i8(self, _: i8) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_i16(self, _: i16) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_i32(self, _: i32) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_i64(self, _: i64) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_i128(self, _: i128) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_u8(self, _: u8) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_u16(self, _: u16) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_u32(self, _: u32) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_u64(self, _: u64) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_u128(self, _: u128) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_f32(self, value: f32) -> Result<(), Stop> {
        self.float(f64::from(value))
    }
    fn serialize_f64(self, value: f64) -> Result<(), Stop> {
        self.float(value)
    }
    fn serialize_char(self, _: char) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_str(self, _: &str) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Stop> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Stop> {
        value.serialize(self)
    }
    // JSON writes a variant with data as `{"variant": data}`: the name is a path segment.
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Stop> {
        self.nested(variant.to_owned(), value)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, Stop> {
        Ok(Compound::new(self, None))
    }
    fn serialize_tuple(self, _: usize) -> Result<Compound<'a>, Stop> {
        Ok(Compound::new(self, None))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, Stop> {
        Ok(Compound::new(self, None))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Stop> {
        Ok(Compound::new(self, Some(variant)))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>, Stop> {
        Ok(Compound::new(self, None))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, Stop> {
        Ok(Compound::new(self, None))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Stop> {
        Ok(Compound::new(self, Some(variant)))
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Stop> {
        self.item(value)
    }
    fn end(self) -> Result<(), Stop> {
        Compound::end(self)
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Stop> {
        self.item(value)
    }
    fn end(self) -> Result<(), Stop> {
        Compound::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Stop> {
        self.item(value)
    }
    fn end(self) -> Result<(), Stop> {
        Compound::end(self)
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Stop> {
        self.item(value)
    }
    fn end(self) -> Result<(), Stop> {
        Compound::end(self)
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Stop> {
        self.key = Some(key_text(key));
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Stop> {
        let key = self.key.take().unwrap_or_default();
        self.finder.nested(key, value)
    }
    fn end(self) -> Result<(), Stop> {
        Compound::end(self)
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Stop> {
        self.finder.nested(key.to_owned(), value)
    }
    fn end(self) -> Result<(), Stop> {
        Compound::end(self)
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Stop> {
        self.finder.nested(key.to_owned(), value)
    }
    fn end(self) -> Result<(), Stop> {
        Compound::end(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(Serialize)]
    struct Point {
        x: f64,
        #[serde(rename = "y/z")]
        y: Option<f32>,
    }

    #[derive(Serialize)]
    enum Shape {
        Circle(f64),
        Line(f64, f64),
        Box { side: f64 },
    }

    #[test]
    fn finds_the_first_nan_or_infinity_with_its_pointer() {
        assert_eq!(non_finite(&f64::NAN).as_deref(), Some(""));
        assert_eq!(non_finite(&Some(f64::INFINITY)).as_deref(), Some(""));
        assert_eq!(non_finite(&f32::NEG_INFINITY).as_deref(), Some(""));
        assert_eq!(non_finite(&[1.0, 2.0, f64::NAN]).as_deref(), Some("/2"));
        assert_eq!(
            non_finite(&vec![Some(1.0), None, Some(f64::NAN)]).as_deref(),
            Some("/2")
        );
        let point = Point {
            x: 1.0,
            y: Some(f32::NAN),
        };
        assert_eq!(non_finite(&point).as_deref(), Some("/y~1z"));
        let mut map = BTreeMap::new();
        map.insert("a~b", f64::INFINITY);
        assert_eq!(non_finite(&map).as_deref(), Some("/a~0b"));
        let mut keyed = BTreeMap::new();
        keyed.insert(7, vec![0.5, f64::NAN]);
        assert_eq!(non_finite(&keyed).as_deref(), Some("/7/1"));
        assert_eq!(
            non_finite(&Shape::Circle(f64::NAN)).as_deref(),
            Some("/Circle")
        );
        assert_eq!(
            non_finite(&Shape::Line(0.0, f64::NAN)).as_deref(),
            Some("/Line/1")
        );
        assert_eq!(
            non_finite(&Shape::Box { side: f64::NAN }).as_deref(),
            Some("/Box/side")
        );
        // The path is left as it was after each member: the second member is found where it is.
        assert_eq!(
            non_finite(&(Shape::Line(0.0, 1.0), [f64::NAN])).as_deref(),
            Some("/1/0")
        );
    }

    #[test]
    fn finite_numbers_and_other_values_pass() {
        let point = Point {
            x: f64::MAX,
            y: None,
        };
        assert_eq!(non_finite(&point), None);
        assert_eq!(non_finite(&serde_json::json!({"a": [1, 2.5, null]})), None);
        assert_eq!(non_finite(&("text", 'c', true, (), -0.0)), None);
        assert_eq!(non_finite(&Option::<f64>::None), None);
    }
}
