//! Rust names for wire names: one place that makes any string a safe, idiomatic identifier, and a
//! namespace that keeps names unique without ever merging two things into one.

use std::collections::HashSet;

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be plain identifiers. Most become raw identifiers (`r#type`) when emitted;
/// see [`CANNOT_BE_RAW`] for the others.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that are not allowed even as raw identifiers: they get a `_` suffix instead.
const CANNOT_BE_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Type names the generated code uses unqualified (prelude types and our own names); a schema
/// with one of these names is given another so it cannot shadow them.
pub(crate) const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Vec",
    "String",
    "Box",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Eq",
    "Hash",
    "Send",
    "Sync",
    "Sized",
    "ToString",
    "From",
    "Into",
    "Iterator",
    "Fn",
    "FnMut",
    "FnOnce",
    "Drop",
    "Self",
    // The generated client of each module.
    "Client",
];

/// Whether `name` must be written as a raw identifier (`r#name`).
pub(crate) fn needs_raw(name: &str) -> bool {
    KEYWORDS.contains(&name) && !CANNOT_BE_RAW.contains(&name)
}

/// Spells out leading signs, which would otherwise vanish (`+1` and `-1` must stay distinct).
fn spell_signs(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 8);
    for (i, c) in raw.chars().enumerate() {
        match c {
            '+' if i == 0 => out.push_str("plus "),
            '-' if i == 0 => out.push_str("minus "),
            '+' => out.push_str(" plus "),
            c => out.push(c),
        }
    }
    out
}

/// Keeps ASCII letters, digits and `_`; everything else separates words.
fn ascii_words(raw: &str) -> String {
    raw.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                ' '
            }
        })
        .collect()
}

/// Words for strings made only of symbols (`*`, `/`, `>=`), which would otherwise all sanitize to
/// nothing and collide.
fn spell_symbols(raw: &str) -> Option<String> {
    if raw.is_empty() || raw.chars().any(|c| c.is_alphanumeric()) {
        return None;
    }
    let words: Vec<&str> = raw
        .chars()
        .map(|c| match c {
            '*' => "asterisk",
            '/' => "slash",
            '\\' => "backslash",
            '+' => "plus",
            '-' => "minus",
            '=' => "equals",
            '<' => "less than",
            '>' => "greater than",
            '!' => "not",
            '.' => "dot",
            ',' => "comma",
            ':' => "colon",
            ';' => "semicolon",
            '%' => "percent",
            '&' => "and",
            '|' => "pipe",
            '@' => "at",
            '#' => "hash",
            '$' => "dollar",
            '^' => "caret",
            '~' => "tilde",
            '?' => "question",
            '_' => "underscore",
            ' ' => "space",
            _ => "symbol",
        })
        .collect();
    Some(words.join(" "))
}

fn words(raw: &str) -> String {
    ascii_words(&spell_symbols(raw).unwrap_or_else(|| spell_signs(raw)))
}

fn finish(mut name: String, digit_prefix: &str, empty: &str) -> String {
    if name.is_empty() {
        return empty.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, digit_prefix);
    }
    if CANNOT_BE_RAW.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// `UpperCamelCase` name for a type or enum variant: `pet-store` → `PetStore`, `2fa` → `N2fa`.
pub(crate) fn type_name(raw: &str) -> String {
    let camel = words(raw).to_upper_camel_case();
    finish(camel, "N", "Empty")
}

/// `snake_case` name for a field or function: `firstName` → `first_name`, `2fa` → `_2fa`.
pub(crate) fn field_name(raw: &str) -> String {
    let snake = words(raw).to_snake_case();
    finish(snake, "_", "field")
}

/// `SHOUTY_SNAKE_CASE` name for a constant.
pub(crate) fn const_name(raw: &str) -> String {
    let shouty = words(raw).to_shouty_snake_case();
    finish(shouty, "_", "CONST")
}

/// A set of names in one scope. Claiming a name that is taken appends the smallest number that
/// makes it unique (`Pet`, `Pet2`, `Pet3`; `name`, `name_2`), so the result depends only on the
/// order of claims, which follows the spec.
#[derive(Debug, Default)]
pub(crate) struct Namespace {
    taken: HashSet<String>,
}

impl Namespace {
    pub(crate) fn with_reserved(reserved: &[&str]) -> Self {
        Namespace {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    pub(crate) fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Claims `base`, or the first free numbered form of it. `snake` chooses `name_2` over
    /// `Name2`, so that snake-case names stay snake case.
    pub(crate) fn claim(&mut self, base: &str, snake: bool) -> String {
        if self.taken.insert(base.to_owned()) {
            return base.to_owned();
        }
        let mut n = 2usize;
        loop {
            let separator = if snake && !base.ends_with('_') {
                "_"
            } else {
                ""
            };
            let candidate = format!("{base}{separator}{n}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_runtime_gives_every_raw_field_its_name_without_r_hash() {
        // `object!` names a field without `#[rename]` on the wire by its identifier, which for a
        // raw one takes a rule per keyword.
        let object: String = include_str!("../../runtime/src/object.rs")
            .split_whitespace()
            .collect();
        for word in KEYWORDS.iter().filter(|w| needs_raw(w)) {
            let rule = format!("(r#{word})=>{{\"{word}\"}};");
            assert!(
                object.contains(&rule),
                "no `{rule}` in the runtime's object.rs"
            );
        }
    }

    #[test]
    fn sanitizes_names_table() {
        let cases = [
            ("type", "r#type?", "Type", "type"),
            ("self", "", "SelfValue?", "self_"),
            ("+1", "", "Plus1", "plus_1"),
            ("-1", "", "Minus1", "minus_1"),
            ("@timestamp", "", "Timestamp", "timestamp"),
            ("2fa", "", "N2fa", "_2fa"),
            ("firstName", "", "FirstName", "first_name"),
            ("X-API-Key", "", "XApiKey", "x_api_key"),
            ("pet.store v2", "", "PetStoreV2", "pet_store_v2"),
            ("", "", "Empty", "field"),
            ("prénom", "", "PrNom", "pr_nom"),
            ("Self", "", "Self_", "self_"),
            ("*", "", "Asterisk", "asterisk"),
            ("/", "", "Slash", "slash"),
            (">=", "", "GreaterThanEquals", "greater_than_equals"),
        ];
        for (raw, _, camel, snake) in cases {
            if raw != "self" {
                assert_eq!(type_name(raw), camel, "type name of {raw:?}");
            }
            assert_eq!(field_name(raw), snake, "field name of {raw:?}");
        }
        assert!(needs_raw("type"));
        assert!(!needs_raw("self_"));
        assert_eq!(type_name("self"), "Self_");
    }

    #[test]
    fn namespace_disambiguates_deterministically() {
        let mut types = Namespace::with_reserved(RESERVED_TYPE_NAMES);
        assert_eq!(types.claim("Pet", false), "Pet");
        assert_eq!(types.claim("Pet", false), "Pet2");
        assert_eq!(types.claim("String", false), "String2");
        let mut fields = Namespace::default();
        assert_eq!(fields.claim("foo_bar", true), "foo_bar");
        assert_eq!(fields.claim("foo_bar", true), "foo_bar_2");
        assert_eq!(fields.claim("self_", true), "self_");
        assert_eq!(fields.claim("self_", true), "self_2");
    }
}
