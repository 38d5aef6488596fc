//! Validation of request values against the constraints their spec states, before anything is
//! sent. Generated types implement [`Validate`]; a failed validation lists every violation, each
//! with the JSON path of the offending value and the rule in words.

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
        if unique {
            if let Some(second) = (1..n).find(|&j| items[..j].contains(&items[j])) {
                self.fail(format!(
                    "items must be unique (item {second} repeats an earlier one)"
                ));
            }
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

/// `1 item`, `2 items`, `2 properties`.
fn plural(n: usize, word: &str) -> String {
    match (n, word.strip_suffix('y')) {
        (1, _) => format!("1 {word}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        _ => format!("{n} {word}s"),
    }
}

/// Values without constraints of their own.
macro_rules! no_constraints {
    ($($t:ty),*) => {
        $(impl Validate for $t {
            fn check(&self, _: &mut Checker) {}
        })*
    };
}

no_constraints!(
    String, bool, i32, i64, f64, uuid::Uuid, chrono::NaiveDate,
    chrono::DateTime<chrono::FixedOffset>, serde_json::Value,
    serde_json::Map<String, serde_json::Value>, ()
);

impl<T: Validate + ?Sized> Validate for &T {
    fn check(&self, checker: &mut Checker) {
        (**self).check(checker);
    }
}

impl<T: Validate> Validate for Option<T> {
    fn check(&self, checker: &mut Checker) {
        if let Some(value) = self {
            value.check(checker);
        }
    }
}

impl<T: Validate> Validate for Nullable<T> {
    fn check(&self, checker: &mut Checker) {
        if let Nullable::Value(value) = self {
            value.check(checker);
        }
    }
}

impl<T: Validate> Validate for Box<T> {
    fn check(&self, checker: &mut Checker) {
        (**self).check(checker);
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn check(&self, checker: &mut Checker) {
        for (i, item) in self.iter().enumerate() {
            checker.at(&i.to_string(), |c| item.check(c));
        }
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn check(&self, checker: &mut Checker) {
        for (key, value) in self {
            checker.at(key, |c| value.check(c));
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
    fn an_unsupported_pattern_is_a_violation_not_a_panic() {
        static LOOKAHEAD: Pattern = Pattern::new("(?=x)");
        let mut c = Checker::default();
        c.pattern("x", &LOOKAHEAD);
        assert_eq!(c.violations.len(), 1);
    }
}
