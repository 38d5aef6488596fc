//! The flattening of an object for `deepObject`, shared by query parameters (`params`) and form
//! bodies (`form`): each primitive or list of primitives inside the object, with the member
//! names leading to it from the top, in the object's order.
//!
//! OpenAPI 3.0.3 defines `deepObject` only for an object of primitives. An object member of the
//! object is written `name[member][inner]=value` and each item of a list `name[member][]=item`,
//! which is how PHP, Rails and the `qs` library read them; the callers write the brackets. A
//! `null` member is left out (RFC 6570 leaves out a member without a value); a `null` item, a
//! list or object inside a list, and objects nested more than [`MAX_DEPTH`] deep are refused,
//! never dropped or recursed into without bound.
//!
//! This module neither writes nor percent-encodes anything: each caller joins the names and
//! encodes them as its location needs, and words its own errors from a [`Refused`], which says
//! where the walk stopped.

use serde_json::{Map, Value};

use crate::params::primitive;

/// How deep a flattened object may go, in member names from the top; deeper is refused.
pub(crate) const MAX_DEPTH: usize = 32;

/// A value inside a flattened object.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Leaf {
    /// A primitive: its text, as a parameter writes it.
    One(String),
    /// A list of primitives: the text of each item.
    List(Vec<String>),
}

/// The primitives and lists inside an object, each with the member names leading to it.
pub(crate) type Leaves = Vec<(Vec<String>, Leaf)>;

/// Why an object cannot be flattened, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Refused {
    /// The member names leading to the problem: the list for an item, the object that would go
    /// deeper for [`Why::TooDeep`].
    pub(crate) at: Vec<String>,
    /// What is wrong there.
    pub(crate) why: Why,
}

/// What makes an object impossible to flatten.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Why {
    /// A list has a `null` item.
    NullItem,
    /// A list has a list or an object as an item.
    NestedItem,
    /// Objects nest more than [`MAX_DEPTH`] deep.
    TooDeep,
}

/// Flattens `members`, stopping at the first problem.
pub(crate) fn flatten(members: &Map<String, Value>) -> Result<Leaves, Refused> {
    let mut leaves = Vec::new();
    walk(members, &mut Vec::new(), &mut leaves)?;
    Ok(leaves)
}

fn walk(
    members: &Map<String, Value>,
    path: &mut Vec<String>,
    leaves: &mut Leaves,
) -> Result<(), Refused> {
    if path.len() >= MAX_DEPTH {
        return Err(Refused {
            at: path.clone(),
            why: Why::TooDeep,
        });
    }
    for (name, member) in members {
        path.push(name.clone());
        match member {
            Value::Null => {}
            Value::Object(inner) => walk(inner, path, leaves)?,
            Value::Array(list) => {
                let mut texts = Vec::with_capacity(list.len());
                for item in list {
                    let why = match primitive(item) {
                        Ok(Some(text)) => {
                            texts.push(text);
                            continue;
                        }
                        Ok(None) => Why::NullItem,
                        Err(_) => Why::NestedItem,
                    };
                    return Err(Refused {
                        at: path.clone(),
                        why,
                    });
                }
                leaves.push((path.clone(), Leaf::List(texts)));
            }
            scalar => {
                let text = primitive(scalar).ok().flatten().unwrap_or_default();
                leaves.push((path.clone(), Leaf::One(text)));
            }
        }
        path.pop();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn flat(value: Value) -> Result<Leaves, Refused> {
        flatten(value.as_object().unwrap())
    }

    fn names(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn leaves_keep_their_names_and_order_and_null_members_are_left_out() {
        let leaves = flat(json!({
            "state": "open",
            "gone": null,
            "service": {"id": 7, "at": {"gte": true}, "none": null},
            "ids": [1, "x"],
            "empty": {},
            "none": []
        }))
        .unwrap();
        assert_eq!(
            leaves,
            vec![
                (names(&["state"]), Leaf::One("open".into())),
                (names(&["service", "id"]), Leaf::One("7".into())),
                (names(&["service", "at", "gte"]), Leaf::One("true".into())),
                (names(&["ids"]), Leaf::List(names(&["1", "x"]))),
                (names(&["none"]), Leaf::List(vec![])),
            ]
        );
    }

    #[test]
    fn refusals_say_where_and_why() {
        let refused = |value| flat(value).unwrap_err();
        assert_eq!(
            refused(json!({"a": {"ids": [1, null]}})),
            Refused {
                at: names(&["a", "ids"]),
                why: Why::NullItem
            }
        );
        for nested in [json!([[1]]), json!([{"b": 1}])] {
            assert_eq!(
                refused(json!({ "ids": nested })),
                Refused {
                    at: names(&["ids"]),
                    why: Why::NestedItem
                }
            );
        }
    }

    #[test]
    fn depth_is_bounded() {
        let nest = |levels: usize| {
            let mut value = json!(1);
            for _ in 0..levels {
                value = json!({ "a": value });
            }
            value
        };
        let deepest = flat(nest(MAX_DEPTH)).unwrap();
        assert_eq!(deepest[0].0.len(), MAX_DEPTH);
        let refused = flat(nest(MAX_DEPTH + 1)).unwrap_err();
        assert_eq!(refused.why, Why::TooDeep);
        assert_eq!(refused.at.len(), MAX_DEPTH);
    }
}
