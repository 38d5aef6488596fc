//! Tuples (`prefixItems`): a JSON array whose first items each have a type of their own, and
//! whose items after them (`items`) are of one type or not allowed. Generated tuple structs
//! implement `Serialize` and `Deserialize` with one call each into this module: the positions
//! are a Rust tuple ([`Prefix`], for up to 16 positions), the items after them a slice or a
//! `Vec`.
//!
//! Decoding refuses an array shorter than the positions, or longer when no items may follow
//! them, naming the length expected. It only encodes and decodes; the constraints of each
//! position are checked by the generated `Validate` impls.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeSeq, Serializer};

/// The positions of a tuple, as a Rust tuple: `(A, B)` decodes them, `(&A, &B)` encodes them.
pub trait Prefix: Sized {
    /// How many positions.
    const LEN: usize;

    /// Writes each position as one item of `seq`.
    fn write<S: SerializeSeq>(&self, seq: &mut S) -> Result<(), S::Error>;
}

/// The positions of a tuple that can be decoded (each is `Deserialize`).
pub trait PrefixOf<'de>: Sized {
    /// How many positions.
    const LEN: usize;

    /// Reads each position from `seq`; `expected` describes the whole array for an error.
    fn read_items<A: SeqAccess<'de>>(
        seq: &mut A,
        expected: &dyn de::Expected,
    ) -> Result<Self, A::Error>;
}

macro_rules! prefix {
    ($len:expr => $($t:ident $i:tt),+) => {
        impl<$($t: Serialize),+> Prefix for ($($t,)+) {
            const LEN: usize = $len;

            fn write<Q: SerializeSeq>(&self, seq: &mut Q) -> Result<(), Q::Error> {
                $(seq.serialize_element(&self.$i)?;)+
                Ok(())
            }
        }

        impl<'de, $($t: Deserialize<'de>),+> PrefixOf<'de> for ($($t,)+) {
            const LEN: usize = $len;

            fn read_items<Q: SeqAccess<'de>>(seq: &mut Q, expected: &dyn de::Expected) -> Result<Self, Q::Error> {
                Ok(($(
                    seq.next_element::<$t>()?
                        .ok_or_else(|| de::Error::invalid_length($i, expected))?,
                )+))
            }
        }
    };
}

prefix!(1 => A 0);
prefix!(2 => A 0, B 1);
prefix!(3 => A 0, B 1, C 2);
prefix!(4 => A 0, B 1, C 2, D 3);
prefix!(5 => A 0, B 1, C 2, D 3, E 4);
prefix!(6 => A 0, B 1, C 2, D 3, E 4, F 5);
prefix!(7 => A 0, B 1, C 2, D 3, E 4, F 5, G 6);
prefix!(8 => A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);
prefix!(9 => A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8);
prefix!(10 => A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9);
prefix!(11 => A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10);
prefix!(12 => A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11);
prefix!(13 => A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12);
prefix!(14 => A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13);
prefix!(15 => A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13, O 14);
prefix!(16 => A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13, O 14, P 15);

/// Encodes a tuple: its positions, then the items after them.
pub fn serialize<S: Serializer, P: Prefix, R: Serialize>(
    serializer: S,
    prefix: P,
    rest: &[R],
) -> Result<S::Ok, S::Error> {
    let mut seq = serializer.serialize_seq(Some(P::LEN + rest.len()))?;
    prefix.write(&mut seq)?;
    for item in rest {
        seq.serialize_element(item)?;
    }
    seq.end()
}

/// Encodes a tuple that has no items after its positions.
pub fn serialize_closed<S: Serializer, P: Prefix>(
    serializer: S,
    prefix: P,
) -> Result<S::Ok, S::Error> {
    serialize::<S, P, ()>(serializer, prefix, &[])
}

/// Decodes a tuple: its positions, then any number of items after them.
pub fn deserialize<'de, D, P, R>(deserializer: D) -> Result<(P, Vec<R>), D::Error>
where
    D: Deserializer<'de>,
    P: PrefixOf<'de>,
    R: Deserialize<'de>,
{
    deserializer.deserialize_seq(TupleVisitor::<P, R>(true, PhantomData))
}

/// Decodes a tuple that has no items after its positions: a longer array is refused.
pub fn deserialize_closed<'de, D, P>(deserializer: D) -> Result<P, D::Error>
where
    D: Deserializer<'de>,
    P: PrefixOf<'de>,
{
    deserializer
        .deserialize_seq(TupleVisitor::<P, IgnoredAny>(false, PhantomData))
        .map(|(prefix, _)| prefix)
}

/// Reads a tuple's array; `.0` says whether items may follow the positions.
struct TupleVisitor<P, R>(bool, PhantomData<(P, R)>);

impl<'de, P: PrefixOf<'de>, R: Deserialize<'de>> Visitor<'de> for TupleVisitor<P, R> {
    type Value = (P, Vec<R>);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 {
            write!(f, "an array of at least {} items", P::LEN)
        } else {
            write!(f, "an array of {} items", P::LEN)
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let prefix = P::read_items(&mut seq, &self)?;
        let mut rest = Vec::new();
        if self.0 {
            while let Some(item) = seq.next_element::<R>()? {
                rest.push(item);
            }
        } else if seq.next_element::<IgnoredAny>()?.is_some() {
            let mut len = P::LEN + 1;
            while seq.next_element::<IgnoredAny>()?.is_some() {
                len += 1;
            }
            return Err(de::Error::invalid_length(len, &self));
        }
        Ok((prefix, rest))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A pair of a name and a count, then any number of flags.
    #[derive(Debug, PartialEq)]
    struct Open(String, i64, Vec<bool>);

    impl Serialize for Open {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serialize(serializer, (&self.0, &self.1), &self.2)
        }
    }

    impl<'de> Deserialize<'de> for Open {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize(deserializer).map(|((a, b), rest)| Open(a, b, rest))
        }
    }

    /// One position, nothing after it.
    #[derive(Debug, PartialEq)]
    struct Closed(i64);

    impl Serialize for Closed {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serialize_closed(serializer, (&self.0,))
        }
    }

    impl<'de> Deserialize<'de> for Closed {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize_closed(deserializer).map(|(a,)| Closed(a))
        }
    }

    #[test]
    fn a_tuple_is_an_array_of_its_positions_then_the_rest() {
        let open = Open("a".into(), 2, vec![true, false]);
        let text = serde_json::to_string(&open).unwrap();
        assert_eq!(text, r#"["a",2,true,false]"#);
        assert_eq!(serde_json::from_str::<Open>(&text).unwrap(), open);
        assert_eq!(
            serde_json::from_value::<Open>(json!(["a", 2])).unwrap(),
            Open("a".into(), 2, vec![])
        );
        assert_eq!(serde_json::to_value(Closed(3)).unwrap(), json!([3]));
        assert_eq!(serde_json::from_str::<Closed>("[3]").unwrap(), Closed(3));
    }

    #[test]
    fn a_wrong_length_or_type_is_refused() {
        let short = serde_json::from_str::<Open>(r#"["a"]"#).unwrap_err();
        assert!(short.to_string().contains("at least 2 items"), "{short}");
        let long = serde_json::from_str::<Closed>("[3, 4]").unwrap_err();
        assert!(long.to_string().contains("an array of 1 items"), "{long}");
        assert!(serde_json::from_value::<Closed>(json!([3, 4])).is_err());
        assert!(serde_json::from_str::<Open>(r#"[1, 2]"#).is_err());
        assert!(serde_json::from_str::<Open>(r#"["a", 2, "no"]"#).is_err());
        assert!(serde_json::from_str::<Open>(r#"{"0": "a"}"#).is_err());
    }
}
