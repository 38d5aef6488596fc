//! Validation of request values against the constraints their spec states, before anything is
//! sent. Generated types implement [`Validate`]; a failed validation lists every violation, each
//! with the JSON path of the offending value and the rule in words.
//!
//! [`Checker`] walks a value keeping its JSON path and collects every violation rather than
//! stopping at the first; [`Rules`] are a property's constraints, which strings, numbers,
//! collections and JSON values apply through [`Validate::check_rules`] (a map its names' rules
//! too, reported at the property with the name); a [`Pattern`] is a spec's
//! regex, compiled once on first use (one the regex engine does not support is a violation,
//! not a panic). A mixed enum's values are JSON texts compared as JSON, numbers by value. An
//! `f64` must be finite whatever its rules: JSON has no NaN or infinity. Validation only reads:
//! it never changes a value, and it never sends.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use crate::Nullable;

/// One broken rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// JSON pointer of the offending value (`/contact/email`); empty for the value itself.
    pub path: String,
    /// The rule, in words.
    pub rule: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "/"
        } else {
            &self.path
        };
        write!(f, "{path}: {}", self.rule)
    }
}

/// Every rule a value breaks (never empty when returned as an error).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Violations(pub Vec<Violation>);

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(f, "{n} violation{}", if n == 1 { "" } else { "s" })?;
        for violation in &self.0 {
            write!(f, "\n  {violation}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Violations {}

/// A value whose spec states constraints.
pub trait Validate {
    /// Records every violation of `self` (found at the checker's current path).
    fn check(&self, checker: &mut Checker);

    /// Records every violation of `rules` (the constraints stated where the value is used, a
    /// property's schema, say), then of the value's own constraints. Strings, numbers and
    /// collections apply the rules that concern them; other values have only their own.
    fn check_rules(&self, rules: &Rules<'_>, checker: &mut Checker) {
        let _ = rules;
        self.check(checker);
    }

    /// Checks `self`; returns every violation at once.
    fn validate(&self) -> Result<(), Violations> {
        let mut checker = Checker::default();
        self.check(&mut checker);
        if checker.violations.is_empty() {
            Ok(())
        } else {
            Err(Violations(checker.violations))
        }
    }
}

/// A string format a value can be checked against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `email`: an e-mail address (RFC 5322 addr-spec).
    Email,
    /// `uri`: an absolute URI.
    Uri,
    /// `uuid`.
    Uuid,
    /// `date`: `YYYY-MM-DD`.
    Date,
    /// `date-time`: RFC 3339.
    DateTime,
}

/// A regular expression from a spec, compiled on first use and then kept.
#[derive(Debug)]
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Option<regex::Regex>>,
}

impl Pattern {
    /// A pattern, not yet compiled (so it can be a `static`).
    pub const fn new(source: &'static str) -> Self {
        Pattern {
            source,
            compiled: OnceLock::new(),
        }
    }

    fn regex(&self) -> Option<&regex::Regex> {
        self.compiled
            .get_or_init(|| regex::Regex::new(self.source).ok())
            .as_ref()
    }
}

/// A bound on a number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bound {
    /// The limit.
    pub value: f64,
    /// Whether the limit itself is excluded.
    pub exclusive: bool,
}

/// The constraints a spec states on one value, built with the `const` methods from
/// [`Rules::NONE`]: `Rules::NONE.max_length(200).pattern(&PHONE)`. Each kind of value applies the
/// rules that concern it (see [`Validate::check_rules`]).
#[derive(Clone, Copy, Debug)]
pub struct Rules<'a> {
    min_length: Option<usize>,
    max_length: Option<usize>,
    pattern: Option<&'a Pattern>,
    format: Option<Format>,
    minimum: Option<Bound>,
    maximum: Option<Bound>,
    multiple_of: Option<f64>,
    allowed: &'a [f64],
    allowed_json: &'a [&'a str],
    min_items: Option<usize>,
    max_items: Option<usize>,
    unique_items: bool,
    min_properties: Option<usize>,
    max_properties: Option<usize>,
    items: Option<&'a Rules<'a>>,
    keys: Option<&'a Rules<'a>>,
}

impl<'a> Rules<'a> {
    /// No constraint.
    pub const NONE: Rules<'static> = Rules {
        min_length: None,
        max_length: None,
        pattern: None,
        format: None,
        minimum: None,
        maximum: None,
        multiple_of: None,
        allowed: &[],
        allowed_json: &[],
        min_items: None,
        max_items: None,
        unique_items: false,
        min_properties: None,
        max_properties: None,
        items: None,
        keys: None,
    };

    /// `minLength` of a string, in characters.
    pub const fn min_length(self, min: usize) -> Self {
        Rules {
            min_length: Some(min),
            ..self
        }
    }

    /// `maxLength` of a string, in characters.
    pub const fn max_length(self, max: usize) -> Self {
        Rules {
            max_length: Some(max),
            ..self
        }
    }

    /// `pattern` of a string.
    pub const fn pattern<'b>(self, pattern: &'b Pattern) -> Rules<'b>
    where
        'a: 'b,
    {
        Rules {
            pattern: Some(pattern),
            ..self
        }
    }

    /// `format` of a string.
    pub const fn format(self, format: Format) -> Self {
        Rules {
            format: Some(format),
            ..self
        }
    }

    /// `minimum` of a number (`exclusiveMinimum` when `exclusive`).
    pub const fn minimum(self, value: f64, exclusive: bool) -> Self {
        Rules {
            minimum: Some(Bound { value, exclusive }),
            ..self
        }
    }

    /// `maximum` of a number (`exclusiveMaximum` when `exclusive`).
    pub const fn maximum(self, value: f64, exclusive: bool) -> Self {
        Rules {
            maximum: Some(Bound { value, exclusive }),
            ..self
        }
    }

    /// `multipleOf` of a number.
    pub const fn multiple_of(self, step: f64) -> Self {
        Rules {
            multiple_of: Some(step),
            ..self
        }
    }

    /// `enum` of a number: the values it may take.
    pub const fn allowed<'b>(self, values: &'b [f64]) -> Rules<'b>
    where
        'a: 'b,
    {
        Rules {
            allowed: values,
            ..self
        }
    }

    /// `enum` of a boolean, or of a value of any JSON type (an enum whose values mix kinds,
    /// which has no Rust enum): the JSON text of each value it may take, `null` included when it
    /// is allowed. Values are compared as JSON values, numbers by value (`1` and `1.0` are the
    /// same).
    pub const fn allowed_json<'b>(self, values: &'b [&'b str]) -> Rules<'b>
    where
        'a: 'b,
    {
        Rules {
            allowed_json: values,
            ..self
        }
    }

    /// `minItems` of an array.
    pub const fn min_items(self, min: usize) -> Self {
        Rules {
            min_items: Some(min),
            ..self
        }
    }

    /// `maxItems` of an array.
    pub const fn max_items(self, max: usize) -> Self {
        Rules {
            max_items: Some(max),
            ..self
        }
    }

    /// `uniqueItems: true` of an array.
    pub const fn unique_items(self) -> Self {
        Rules {
            unique_items: true,
            ..self
        }
    }

    /// `minProperties` of a map.
    pub const fn min_properties(self, min: usize) -> Self {
        Rules {
            min_properties: Some(min),
            ..self
        }
    }

    /// `maxProperties` of a map.
    pub const fn max_properties(self, max: usize) -> Self {
        Rules {
            max_properties: Some(max),
            ..self
        }
    }

    /// The rules of each item of an array (or each value of a map).
    pub const fn items<'b>(self, items: &'b Rules<'b>) -> Rules<'b>
    where
        'a: 'b,
    {
        Rules {
            items: Some(items),
            ..self
        }
    }

    /// The rules of each property name of a map (`propertyNames`, the pattern of
    /// `patternProperties`): a length, a pattern, or the names allowed (`allowed_json`).
    pub const fn keys<'b>(self, keys: &'b Rules<'b>) -> Rules<'b>
    where
        'a: 'b,
    {
        Rules {
            keys: Some(keys),
            ..self
        }
    }

    /// The names of a map's properties, each against the `keys` rules.
    fn names<'k>(&self, names: impl Iterator<Item = &'k String>, checker: &mut Checker) {
        if let Some(keys) = self.keys {
            for name in names {
                checker.name(name, keys);
            }
        }
    }

    fn number(&self, value: f64, checker: &mut Checker) {
        if self.minimum.is_some() || self.maximum.is_some() || self.multiple_of.is_some() {
            checker.number(value, self.minimum, self.maximum, self.multiple_of);
        }
        if !self.allowed.is_empty() {
            checker.allowed_number(value, self.allowed);
        }
    }

    fn each(&self) -> &Rules<'a> {
        self.items.unwrap_or(&Rules::NONE)
    }

    /// `minProperties`/`maxProperties`, given how many properties a map has.
    fn properties(&self, present: usize, checker: &mut Checker) {
        if self.min_properties.is_some() || self.max_properties.is_some() {
            checker.properties(present, self.min_properties, self.max_properties);
        }
    }

    /// The rules a `null` breaks: only an `enum` of JSON values that does not list it.
    fn null(&self, checker: &mut Checker) {
        if !self.allowed_json.is_empty() {
            checker.allowed_json(&serde_json::Value::Null, self.allowed_json);
        }
    }
}

/// Walks a value, keeping the JSON path, and collects violations.
#[derive(Debug, Default)]
pub struct Checker {
    path: String,
    violations: Vec<Violation>,
}

impl Checker {
    /// Runs `f` with the path extended by one segment (a property name or an index).
    pub fn at(&mut self, segment: &str, f: impl FnOnce(&mut Self)) {
        let len = self.path.len();
        self.path.push('/');
        self.path
            .push_str(&segment.replace('~', "~0").replace('/', "~1"));
        f(self);
        self.path.truncate(len);
    }

    /// Every violation recorded, or `Ok` when there is none.
    pub fn into_result(self) -> Result<(), Violations> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(Violations(self.violations))
        }
    }

    /// The violations found, as the error a client method returns before sending anything.
    pub fn finish<E>(self) -> Result<(), crate::Error<E>> {
        self.into_result().map_err(crate::Error::Validation)
    }

    /// Checks one property (or item) of the value: `rules`, then its own constraints.
    pub fn value<T: Validate + ?Sized>(&mut self, segment: &str, value: &T, rules: &Rules<'_>) {
        self.at(segment, |c| value.check_rules(rules, c));
    }

    /// Checks a required nullable property, whose `None` is sent as `null` (where an optional
    /// property's `None` is left out): `None` is checked as `null` is.
    pub fn value_or_null<T: Validate>(
        &mut self,
        segment: &str,
        value: &Option<T>,
        rules: &Rules<'_>,
    ) {
        self.at(segment, |c| match value {
            Some(value) => value.check_rules(rules, c),
            None => rules.null(c),
        });
    }

    /// Records a violation at the current path.
    pub fn fail(&mut self, rule: impl Into<String>) {
        self.violations.push(Violation {
            path: self.path.clone(),
            rule: rule.into(),
        });
    }

    /// `minLength`/`maxLength`, counted in characters.
    pub fn length(&mut self, value: &str, min: Option<usize>, max: Option<usize>) {
        let n = value.chars().count();
        if let Some(min) = min.filter(|m| n < *m) {
            self.fail(format!(
                "must be at least {} long (is {n})",
                plural(min, "character")
            ));
        }
        if let Some(max) = max.filter(|m| n > *m) {
            self.fail(format!(
                "must be at most {} long (is {n})",
                plural(max, "character")
            ));
        }
    }

    /// `pattern`: the value must match somewhere (anchors are the pattern's own).
    pub fn pattern(&mut self, value: &str, pattern: &Pattern) {
        match pattern.regex() {
            Some(regex) if regex.is_match(value) => {}
            Some(_) => self.fail(format!("must match the pattern `{}`", pattern.source)),
            None => self.fail(format!(
                "cannot be checked: the spec's pattern `{}` is not a supported regular expression",
                pattern.source
            )),
        }
    }

    /// A string `format`.
    pub fn format(&mut self, value: &str, format: Format) {
        let ok = match format {
            Format::Email => value.parse::<email_address::EmailAddress>().is_ok(),
            Format::Uri => reqwest::Url::parse(value).is_ok(),
            Format::Uuid => uuid::Uuid::parse_str(value).is_ok(),
            Format::Date => chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok(),
            Format::DateTime => chrono::DateTime::parse_from_rfc3339(value).is_ok(),
        };
        if !ok {
            let name = match format {
                Format::Email => "an e-mail address",
                Format::Uri => "an absolute URI",
                Format::Uuid => "a UUID",
                Format::Date => "a date (YYYY-MM-DD)",
                Format::DateTime => "an RFC 3339 date-time",
            };
            self.fail(format!("must be {name}"));
        }
    }

    /// `minimum`/`maximum` (with `exclusive*`) and `multipleOf`.
    pub fn number(
        &mut self,
        value: f64,
        min: Option<Bound>,
        max: Option<Bound>,
        multiple_of: Option<f64>,
    ) {
        if let Some(min) = min {
            let below = if min.exclusive {
                value <= min.value
            } else {
                value < min.value
            };
            if below {
                let word = if min.exclusive {
                    "greater than"
                } else {
                    "at least"
                };
                self.fail(format!("must be {word} {} (is {value})", min.value));
            }
        }
        if let Some(max) = max {
            let above = if max.exclusive {
                value >= max.value
            } else {
                value > max.value
            };
            if above {
                let word = if max.exclusive {
                    "less than"
                } else {
                    "at most"
                };
                self.fail(format!("must be {word} {} (is {value})", max.value));
            }
        }
        if let Some(step) = multiple_of.filter(|s| *s > 0.0) {
            let ratio = value / step;
            if (ratio - ratio.round()).abs() > 1e-9 {
                self.fail(format!("must be a multiple of {step} (is {value})"));
            }
        }
    }

    /// `minItems`/`maxItems`/`uniqueItems`.
    pub fn items<T: PartialEq>(
        &mut self,
        items: &[T],
        min: Option<usize>,
        max: Option<usize>,
        unique: bool,
    ) {
        let n = items.len();
        self.item_count(n, min, max);
        if unique {
            if let Some(second) = (1..n).find(|&j| items[..j].contains(&items[j])) {
                self.fail(format!(
                    "items must be unique (item {second} repeats an earlier one)"
                ));
            }
        }
    }

    /// A property name of a map against the rules its names must follow, reported at the
    /// property's path.
    pub fn name(&mut self, name: &str, rules: &Rules<'_>) {
        let mut names = Checker::default();
        name.check_rules(rules, &mut names);
        if !rules.allowed_json.is_empty() {
            names.allowed_json(
                &serde_json::Value::String(name.to_owned()),
                rules.allowed_json,
            );
        }
        for violation in names.violations {
            self.at(name, |c| {
                c.fail(format!("the name {name:?} {}", violation.rule))
            });
        }
    }

    /// `dependentRequired`: each property of `dependencies` that is present requires the ones
    /// listed with it.
    pub fn dependent_required(&mut self, present: &[&str], dependencies: &[(&str, &[&str])]) {
        for (property, required) in dependencies {
            if !present.contains(property) {
                continue;
            }
            for missing in required.iter().filter(|r| !present.contains(r)) {
                self.fail(format!("`{missing}` must be present when `{property}` is"));
            }
        }
    }

    /// `minItems`/`maxItems`, given how many items an array has (a tuple's positions and the
    /// items after them).
    pub fn item_count(&mut self, n: usize, min: Option<usize>, max: Option<usize>) {
        if let Some(min) = min.filter(|m| n < *m) {
            self.fail(format!(
                "must have at least {} (has {n})",
                plural(min, "item")
            ));
        }
        if let Some(max) = max.filter(|m| n > *m) {
            self.fail(format!(
                "must have at most {} (has {n})",
                plural(max, "item")
            ));
        }
    }

    /// The items of a tuple after its positions (`items` beside `prefixItems`): each checked
    /// with `rules` at its index in the whole array, which starts at `offset`.
    pub fn rest<T: Validate>(&mut self, offset: usize, items: &[T], rules: &Rules<'_>) {
        for (i, item) in items.iter().enumerate() {
            self.at(&(offset + i).to_string(), |c| item.check_rules(rules, c));
        }
    }

    /// `minProperties`/`maxProperties`, given how many properties are present.
    pub fn properties(&mut self, present: usize, min: Option<usize>, max: Option<usize>) {
        if let Some(min) = min.filter(|m| present < *m) {
            self.fail(format!(
                "must have at least {} (has {present})",
                plural(min, "property")
            ));
        }
        if let Some(max) = max.filter(|m| present > *m) {
            self.fail(format!(
                "must have at most {} (has {present})",
                plural(max, "property")
            ));
        }
    }

    /// `anyOf` (or, with `exactly_one`, `oneOf`) of `required` lists: which sets of properties
    /// must be present.
    pub fn required_sets(&mut self, sets: &[&[&str]], present: &[&str], exactly_one: bool) {
        let satisfied = sets
            .iter()
            .filter(|set| set.iter().all(|p| present.contains(p)))
            .count();
        let ok = if exactly_one {
            satisfied == 1
        } else {
            satisfied >= 1
        };
        if !ok {
            let described: Vec<String> = sets
                .iter()
                .map(|set| {
                    set.iter()
                        .map(|p| format!("`{p}`"))
                        .collect::<Vec<_>>()
                        .join(" and ")
                })
                .collect();
            let how = if exactly_one {
                "exactly one of"
            } else {
                "at least one of"
            };
            self.fail(format!(
                "{how} these must be present: {}",
                described.join("; ")
            ));
        }
    }

    /// `enum` on a number: the value must be one of `allowed`.
    pub fn allowed_number(&mut self, value: f64, allowed: &[f64]) {
        if !allowed.contains(&value) {
            let allowed: Vec<String> = allowed.iter().map(ToString::to_string).collect();
            self.fail(format!(
                "must be one of {} (is {value})",
                allowed.join(", ")
            ));
        }
    }

    /// `enum` on a value of any JSON type: the value must equal one of `allowed`, the JSON
    /// text of each value the spec lists (a text that is not JSON matches nothing).
    pub fn allowed_json(&mut self, value: &serde_json::Value, allowed: &[&str]) {
        let listed = allowed.iter().any(|text| {
            serde_json::from_str::<serde_json::Value>(text).is_ok_and(|a| same_json(value, &a))
        });
        if !listed {
            self.fail(format!(
                "must be one of {} (is {value})",
                allowed.join(", ")
            ));
        }
    }

    /// A string enum value received as a value the spec does not list.
    pub fn unknown_value(&mut self, value: &str, allowed: &[&str]) {
        self.fail(format!(
            "{value:?} is not one of the allowed values {allowed:?}"
        ));
    }

    /// An integer enum value received as a value the spec does not list.
    pub fn unknown_integer(&mut self, value: i64, allowed: &[i64]) {
        self.fail(format!(
            "{value} is not one of the allowed values {allowed:?}"
        ));
    }
}

/// Whether two JSON values are the same JSON value: numbers compare by value (`1`, `1.0` and
/// `1e0` are one number), objects regardless of member order.
fn same_json(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(a), Value::Number(b)) => same_number(a, b),
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same_json(a, b))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(name, a)| b.get(name).is_some_and(|b| same_json(a, b)))
        }
        _ => a == b,
    }
}

/// Two JSON numbers are equal when they are the same number: integers exactly (whether written
/// `3` or `3.0`, beyond 2^53 too), anything else as `f64`.
fn same_number(a: &serde_json::Number, b: &serde_json::Number) -> bool {
    fn integer(n: &serde_json::Number) -> Option<i128> {
        n.as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from))
            .or_else(|| {
                // An integral `f64` within `i128`'s range converts exactly.
                n.as_f64()
                    .filter(|f| f.fract() == 0.0 && f.abs() < 1e38)
                    .map(|f| f as i128)
            })
    }
    match (integer(a), integer(b)) {
        (Some(a), Some(b)) => a == b,
        _ => a.as_f64() == b.as_f64(),
    }
}

/// `1 item`, `2 items`, `2 properties`.
fn plural(n: usize, word: &str) -> String {
    match (n, word.strip_suffix('y')) {
        (1, _) => format!("1 {word}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        _ => format!("{n} {word}s"),
    }
}

/// Implements [`Validate`](crate::Validate) for a type whose spec states no constraints on it or
/// on anything it holds: checking it finds nothing. Generated code writes one call per such type,
/// attributes (such as `#[allow(deprecated)]`) first.
///
/// ```
/// use openapi_client_runtime::Validate;
///
/// /// A note.
/// pub struct Note(pub String);
/// openapi_client_runtime::no_checks!(Note);
///
/// assert!(Note("anything".into()).validate().is_ok());
/// ```
#[macro_export]
macro_rules! no_checks {
    ($(#[$meta:meta])* $t:ty) => {
        $(#[$meta])*
        impl $crate::Validate for $t {
            fn check(&self, _: &mut $crate::validate::Checker) {}
        }
    };
}

crate::no_checks!(uuid::Uuid);
crate::no_checks!(chrono::NaiveDate);
crate::no_checks!(chrono::DateTime<chrono::FixedOffset>);
crate::no_checks!(());

/// A boolean: only an `enum` (`[true]`) concerns it.
impl Validate for bool {
    fn check(&self, _: &mut Checker) {}

    fn check_rules(&self, rules: &Rules<'_>, checker: &mut Checker) {
        if !rules.allowed_json.is_empty() {
            checker.allowed_json(&serde_json::Value::Bool(*self), rules.allowed_json);
        }
    }
}

/// Any JSON object: only `minProperties`/`maxProperties` concern it.
impl Validate for serde_json::Map<String, serde_json::Value> {
    fn check(&self, _: &mut Checker) {}

    fn check_rules(&self, rules: &Rules<'_>, checker: &mut Checker) {
        rules.properties(self.len(), checker);
        rules.names(self.keys(), checker);
    }
}

/// Any JSON value: only an `enum` of JSON values (one that mixes kinds) concerns it.
impl Validate for serde_json::Value {
    fn check(&self, _: &mut Checker) {}

    fn check_rules(&self, rules: &Rules<'_>, checker: &mut Checker) {
        if !rules.allowed_json.is_empty() {
            checker.allowed_json(self, rules.allowed_json);
        }
    }
}

impl Validate for String {
    fn check(&self, _: &mut Checker) {}

    fn check_rules(&self, rules: &Rules<'_>, checker: &mut Checker) {
        self.as_str().check_rules(rules, checker);
    }
}

impl Validate for str {
    fn check(&self, _: &mut Checker) {}

    fn check_rules(&self, rules: &Rules<'_>, checker: &mut Checker) {
        if rules.min_length.is_some() || rules.max_length.is_some() {
            checker.length(self, rules.min_length, rules.max_length);
        }
        if let Some(pattern) = rules.pattern {
            checker.pattern(self, pattern);
        }
        if let Some(format) = rules.format {
            checker.format(self, format);
        }
    }
}

/// Integers: bounds, `multipleOf` and `enum`, compared as `f64` (integers beyond 2^53 lose
/// precision, far beyond any bound a spec states).
macro_rules! integers {
    ($($t:ty),*) => {
        $(impl Validate for $t {
            fn check(&self, _: &mut Checker) {}

            fn check_rules(&self, rules: &Rules<'_>, checker: &mut Checker) {
                rules.number(*self as f64, checker);
            }
        })*
    };
}

integers!(i32, i64);

/// A floating-point number must be finite, whatever its schema says: JSON has no NaN or
/// infinity, and `serde_json` would send one as `null`, a value the caller did not give. It is
/// a broken rule like any other, reported with its path by `validate`, builders and client calls
/// (which also refuse such a number where the body is encoded, for values they are given
/// without validation). A finite number is checked against its bounds, `multipleOf` and `enum`.
impl Validate for f64 {
    fn check(&self, checker: &mut Checker) {
        self.check_rules(&Rules::NONE, checker);
    }

    fn check_rules(&self, rules: &Rules<'_>, checker: &mut Checker) {
        if self.is_finite() {
            rules.number(*self, checker);
        } else {
            checker.fail(format!(
                "must be a finite number: JSON has no NaN or infinity (is {self})"
            ));
        }
    }
}

impl<T: Validate + ?Sized> Validate for &T {
    fn check(&self, checker: &mut Checker) {
        (**self).check(checker);
    }

    fn check_rules(&self, rules: &Rules<'_>, checker: &mut Checker) {
        (**self).check_rules(rules, checker);
    }
}

impl<T: Validate> Validate for Option<T> {
    fn check(&self, checker: &mut Checker) {
        if let Some(value) = self {
            value.check(checker);
        }
    }

    fn check_rules(&self, rules: &Rules<'_>, checker: &mut Checker) {
        if let Some(value) = self {
            value.check_rules(rules, checker);
        }
    }
}

impl<T: Validate> Validate for Nullable<T> {
    fn check(&self, checker: &mut Checker) {
        if let Nullable::Value(value) = self {
            value.check(checker);
        }
    }

    /// `Null` is sent as `null`, which only an `enum` that does not list it refuses.
    fn check_rules(&self, rules: &Rules<'_>, checker: &mut Checker) {
        match self {
            Nullable::Value(value) => value.check_rules(rules, checker),
            Nullable::Null => rules.null(checker),
            Nullable::Absent => {}
        }
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn check(&self, checker: &mut Checker) {
        (**self).check(checker);
    }

    fn check_rules(&self, rules: &Rules<'_>, checker: &mut Checker) {
        (**self).check_rules(rules, checker);
    }
}

impl<T: Validate + PartialEq> Validate for [T] {
    fn check(&self, checker: &mut Checker) {
        self.check_rules(&Rules::NONE, checker);
    }

    fn check_rules(&self, rules: &Rules<'_>, checker: &mut Checker) {
        if rules.min_items.is_some() || rules.max_items.is_some() || rules.unique_items {
            checker.items(self, rules.min_items, rules.max_items, rules.unique_items);
        }
        let each = rules.each();
        for (i, item) in self.iter().enumerate() {
            checker.at(&i.to_string(), |c| item.check_rules(each, c));
        }
    }
}

impl<T: Validate + PartialEq> Validate for Vec<T> {
    fn check(&self, checker: &mut Checker) {
        self.as_slice().check(checker);
    }

    fn check_rules(&self, rules: &Rules<'_>, checker: &mut Checker) {
        self.as_slice().check_rules(rules, checker);
    }
}

/// A map (`additionalProperties`): its number of properties, then each value at `/<key>`.
impl<T: Validate> Validate for BTreeMap<String, T> {
    fn check(&self, checker: &mut Checker) {
        self.check_rules(&Rules::NONE, checker);
    }

    fn check_rules(&self, rules: &Rules<'_>, checker: &mut Checker) {
        rules.properties(self.len(), checker);
        rules.names(self.keys(), checker);
        let each = rules.each();
        for (key, value) in self {
            checker.at(key, |c| value.check_rules(each, c));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_violation_is_reported_with_its_path() {
        static E164: Pattern = Pattern::new(r"^\+[1-9][0-9]{1,14}$");
        let mut c = Checker::default();
        c.at("contact", |c| {
            c.at("phone", |c| c.pattern("555-1234", &E164));
            c.at("email", |c| c.format("not-an-email", Format::Email));
        });
        c.at("tags", |c| c.items(&["a", "a"], None, Some(1), true));
        let rules: Vec<String> = c.violations.iter().map(ToString::to_string).collect();
        assert_eq!(
            rules,
            [
                "/contact/phone: must match the pattern `^\\+[1-9][0-9]{1,14}$`",
                "/contact/email: must be an e-mail address",
                "/tags: must have at most 1 item (has 2)",
                "/tags: items must be unique (item 1 repeats an earlier one)",
            ]
        );
    }

    #[test]
    fn valid_values_pass() {
        static E164: Pattern = Pattern::new(r"^\+[1-9][0-9]{1,14}$");
        let mut c = Checker::default();
        c.pattern("+15551234567", &E164);
        c.format("a@b.co", Format::Email);
        c.format("https://linkedin.com/in/x", Format::Uri);
        c.number(
            5.0,
            Some(Bound {
                value: 5.0,
                exclusive: false,
            }),
            Some(Bound {
                value: 6.0,
                exclusive: true,
            }),
            Some(0.5),
        );
        c.length("ab", Some(2), Some(2));
        c.required_sets(&[&["a"], &["b"]], &["b"], false);
        assert!(c.violations.is_empty(), "{:?}", c.violations);
    }

    #[test]
    fn rules_reach_through_options_boxes_and_collections() {
        static UPPER: Pattern = Pattern::new("^[A-Z]+$");
        let item = Rules::NONE.pattern(&UPPER).max_length(3);
        let list = Rules::NONE.max_items(2).items(&item);
        let mut map = BTreeMap::new();
        map.insert("a".to_owned(), Box::new("ok".to_owned()));
        let mut c = Checker::default();
        c.value("absent", &None::<String>, &Rules::NONE.min_length(1));
        c.value(
            "null",
            &Nullable::<i64>::Null,
            &Rules::NONE.minimum(1.0, false),
        );
        c.value("list", &Some(vec!["AB", "abcd", "CD"]), &list);
        c.value("map", &map, &Rules::NONE.items(&item));
        c.value(
            "n",
            &Nullable::Value(4_i32),
            &Rules::NONE.allowed(&[1.0, 2.0]),
        );
        let rules: Vec<String> = c.violations.iter().map(ToString::to_string).collect();
        assert_eq!(
            rules,
            [
                "/list: must have at most 2 items (has 3)",
                "/list/1: must be at most 3 characters long (is 4)",
                "/list/1: must match the pattern `^[A-Z]+$`",
                "/map/a: must match the pattern `^[A-Z]+$`",
                "/n: must be one of 1, 2 (is 4)",
            ]
        );
    }

    #[test]
    fn json_values_are_checked_against_an_enum_of_any_kinds() {
        use serde_json::json;
        let rules = Rules::NONE.allowed_json(&["1", r#""two""#, "2.5", r#"{"a":[1,null]}"#]);
        let violations = |value: &dyn Fn(&mut Checker)| {
            let mut c = Checker::default();
            value(&mut c);
            c.violations
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        };
        for listed in [
            json!(1),
            json!(1.0),
            json!(1e0),
            json!("two"),
            json!(2.5),
            json!({"a": [1.0, null]}),
        ] {
            assert_eq!(
                violations(&|c| c.value("v", &listed, &rules)),
                Vec::<String>::new(),
                "{listed}"
            );
        }
        for unlisted in [
            json!(2),
            json!("1"),
            json!("Two"),
            json!(true),
            json!(null),
            json!([1]),
            json!({"a": [1]}),
            json!({"a": [1, null], "b": 0}),
        ] {
            assert_eq!(
                violations(&|c| c.value("v", &unlisted, &rules)),
                [format!(
                    r#"/v: must be one of 1, "two", 2.5, {{"a":[1,null]}} (is {unlisted})"#
                )],
            );
        }
        // `null` sent by an explicit `Null` or a required nullable property's `None` is checked
        // too; an absent property or an unset optional one is not a value.
        assert_eq!(
            violations(&|c| c.value("v", &Nullable::<serde_json::Value>::Null, &rules)).len(),
            1
        );
        assert_eq!(
            violations(&|c| c.value_or_null("v", &None::<serde_json::Value>, &rules)).len(),
            1
        );
        assert!(
            violations(&|c| c.value("v", &Nullable::<serde_json::Value>::Absent, &rules))
                .is_empty()
        );
        assert!(violations(&|c| c.value("v", &None::<serde_json::Value>, &rules)).is_empty());
        let with_null = Rules::NONE.allowed_json(&["null", "0"]);
        assert!(
            violations(&|c| c.value("v", &Nullable::<serde_json::Value>::Null, &with_null))
                .is_empty()
        );
        assert!(violations(&|c| c.value("v", &json!(null), &with_null)).is_empty());
        // Other rules never refuse a `null`.
        assert!(
            violations(&|c| c.value(
                "v",
                &Nullable::<i64>::Null,
                &Rules::NONE.minimum(1.0, false)
            ))
            .is_empty()
        );
        // Large integers compare exactly, whichever way they are written.
        assert!(same_number(
            &serde_json::Number::from(9_007_199_254_740_993_u64),
            &serde_json::Number::from(9_007_199_254_740_993_i64)
        ));
        assert!(!same_json(
            &json!(9_007_199_254_740_993_u64),
            &json!(9_007_199_254_740_992.0)
        ));
        assert!(same_json(&json!(-3), &json!(-3.0)));
    }

    #[test]
    fn maps_count_their_properties_and_check_each_value_at_its_key() {
        static UPPER: Pattern = Pattern::new("^[A-Z]+$");
        let values = Rules::NONE.pattern(&UPPER);
        let rules = Rules::NONE.max_properties(1).items(&values);
        let mut map = BTreeMap::new();
        map.insert("a/b".to_owned(), "OK".to_owned());
        map.insert("c".to_owned(), "no".to_owned());
        let mut object = serde_json::Map::new();
        object.insert("x".into(), serde_json::Value::Null);
        let mut c = Checker::default();
        c.value("labels", &map, &rules);
        c.value("free", &object, &Rules::NONE.min_properties(2));
        c.value("flag", &true, &Rules::NONE.allowed_json(&["false"]));
        c.value(
            "null",
            &Nullable::<bool>::Null,
            &Rules::NONE.allowed_json(&["true"]),
        );
        c.value(
            "ok",
            &Some(false),
            &Rules::NONE.allowed_json(&["false", "null"]),
        );
        let rules: Vec<String> = c.violations.iter().map(ToString::to_string).collect();
        assert_eq!(
            rules,
            [
                "/labels: must have at most 1 property (has 2)",
                "/labels/c: must match the pattern `^[A-Z]+$`",
                "/free: must have at least 2 properties (has 1)",
                "/flag: must be one of false (is true)",
                "/null: must be one of true (is null)",
            ]
        );
    }

    #[test]
    fn names_of_maps_and_properties_required_by_others_are_checked() {
        static LOWER: Pattern = Pattern::new("^[a-z]+$");
        let names = Rules::NONE.pattern(&LOWER).max_length(3);
        let languages = Rules::NONE.allowed_json(&[r#""en""#, r#""fr""#]);
        let mut map = BTreeMap::new();
        map.insert("ok".to_owned(), 1);
        map.insert("Long".to_owned(), 2);
        let mut object = serde_json::Map::new();
        object.insert("de".into(), serde_json::Value::Null);
        object.insert("en".into(), serde_json::Value::Null);
        let mut c = Checker::default();
        c.value("labels", &map, &Rules::NONE.keys(&names));
        c.value("locales", &object, &Rules::NONE.keys(&languages));
        c.dependent_required(&["street"], &[("street", &["city"]), ("zip", &["city"])]);
        let rules: Vec<String> = c.violations.iter().map(ToString::to_string).collect();
        assert_eq!(
            rules,
            [
                "/labels/Long: the name \"Long\" must be at most 3 characters long (is 4)",
                "/labels/Long: the name \"Long\" must match the pattern `^[a-z]+$`",
                "/locales/de: the name \"de\" must be one of \"en\", \"fr\" (is \"de\")",
                "/: `city` must be present when `street` is",
            ]
        );
    }

    #[test]
    fn numbers_json_cannot_write_are_never_valid() {
        let mut c = Checker::default();
        c.value("nan", &f64::NAN, &Rules::NONE);
        // Whatever else the rules say, and wherever the number is.
        c.value(
            "list",
            &Some(vec![1.0, f64::INFINITY]),
            &Rules::NONE.items(&Rules::NONE.maximum(2.0, false)),
        );
        let mut map = BTreeMap::new();
        map.insert("w".to_owned(), Nullable::Value(f64::NEG_INFINITY));
        c.value("map", &map, &Rules::NONE);
        c.value("fine", &2.5_f64, &Rules::NONE.allowed(&[2.5]));
        let rules: Vec<String> = c.violations.iter().map(ToString::to_string).collect();
        assert_eq!(
            rules,
            [
                "/nan: must be a finite number: JSON has no NaN or infinity (is NaN)",
                "/list/1: must be a finite number: JSON has no NaN or infinity (is inf)",
                "/map/w: must be a finite number: JSON has no NaN or infinity (is -inf)",
            ]
        );
        assert!(f64::INFINITY.validate().is_err());
        assert!(0.0_f64.validate().is_ok());
    }

    #[test]
    fn an_unsupported_pattern_is_a_violation_not_a_panic() {
        static LOOKAHEAD: Pattern = Pattern::new("(?=x)");
        let mut c = Checker::default();
        c.pattern("x", &LOOKAHEAD);
        assert_eq!(c.violations.len(), 1);
    }
}
