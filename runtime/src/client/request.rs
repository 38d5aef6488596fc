//! [`Request`]: one call being put together by generated code: its path with the path
//! parameters substituted, its query, headers and cookies (each parameter written in its style
//! by `params`), and its body (JSON, form, multipart, text or bytes), kept so that every attempt
//! can send it again.
//!
//! A value given is written or refused, never dropped: the first problem found (a value a style
//! cannot write, a header value with a line break, a number JSON cannot carry) is kept, and
//! [`Client::execute`](super::Client::execute) refuses the request with it before sending, as
//! it refuses one that breaks its spec's constraints ([`Request::checked`]). This
//! module encodes; it never sends, and it never reads credentials.

use reqwest::header::{HeaderName, HeaderValue};
use serde::Serialize;

use crate::describe::{Location, Operation, Parameter};
use crate::finite::{non_finite, refusal};
use crate::form::{FormField, encode_form};
use crate::multipart::Multipart;
use crate::params::{self, Shape};
use crate::validate::{Checker, Rules, Validate, Violations};

/// A request body, kept so that every attempt can send it again.
#[derive(Debug)]
pub(super) enum Body {
    /// Encoded bytes and their content type.
    Bytes(&'static str, Vec<u8>),
    /// Multipart parts, built into a form for each attempt.
    Multipart(Multipart),
}

/// One request being put together by generated code.
///
/// The parameter methods (`path_param`, `query`, `header`, `cookie`) take a value to send; a
/// parameter the caller left out is not passed at all. A value that cannot be written in its
/// style and location refuses the request with an error naming the parameter: nothing given is
/// dropped silently, not even `null` or a number JSON cannot write (NaN, infinities). The body
/// methods refuse such a number too, wherever it is in the body.
#[derive(Debug)]
pub struct Request {
    pub(super) op: &'static Operation,
    pub(super) path: String,
    /// Encoded `name=value` pairs (one or more, joined by `&`), one entry per parameter.
    pub(super) query: Vec<String>,
    pub(super) headers: Vec<(HeaderName, HeaderValue)>,
    pub(super) cookies: Vec<String>,
    pub(super) body: Option<Body>,
    /// The first problem found while adding parameters; the request is refused with it.
    pub(super) invalid: Option<String>,
    /// The constraints of the spec the request breaks; the request is refused with them, before
    /// any other problem.
    pub(super) violations: Option<Violations>,
}

impl Request {
    /// Starts a request for `op`, with its constant headers already set.
    pub fn new(op: &'static Operation) -> Self {
        let mut request = Request {
            op,
            path: op.path.to_owned(),
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
            invalid: None,
            violations: None,
        };
        for parameter in op.parameters {
            if let (Location::Header, Some(value)) = (parameter.location, parameter.constant) {
                request = request.header(parameter.name, &value);
            }
        }
        request
    }

    /// Keeps what `checker` found when generated code validated the parameters and body: a
    /// request that breaks a constraint of its spec is refused by
    /// [`Client::execute`](super::Client::execute) with [`Error::Validation`](crate::Error),
    /// before anything is sent, so that the refusal is traced with the call.
    pub fn checked(mut self, checker: Checker) -> Self {
        if let Err(violations) = checker.into_result() {
            self.violations = Some(violations);
        }
        self
    }

    /// Records the violations `check` finds, after those already recorded (path parameters,
    /// then the other parameters, then the body, as generated code calls the methods below).
    fn record(&mut self, check: impl FnOnce(&mut Checker)) {
        let mut checker = Checker::default();
        check(&mut checker);
        if let Err(Violations(found)) = checker.into_result() {
            self.violations
                .get_or_insert_with(|| Violations(Vec::new()))
                .0
                .extend(found);
        }
    }

    /// [`Request::path_param`] for a value with constraints: `rules` (those its parameter's
    /// schema states) and its type's own are checked, under `/path/{name}`.
    pub fn path_checked<T: Serialize + Validate + ?Sized>(
        mut self,
        name: &str,
        value: &T,
        rules: &Rules<'_>,
    ) -> Self {
        self.record(|c| c.at("path", |c| c.value(name, value, rules)));
        self.path_param(name, value)
    }

    /// Checks the parameters' constraints (the parameters struct's own), under `/params`.
    pub fn params_checked<T: Validate + ?Sized>(mut self, params: &T) -> Self {
        self.record(|c| c.at("params", |c| params.check(c)));
        self
    }

    /// Checks the body against `rules` (those its schema states where its type cannot, an
    /// array or string body, say) and its type's own constraints, at the root.
    pub fn body_checked<T: Validate + ?Sized>(mut self, body: &T, rules: &Rules<'_>) -> Self {
        self.record(|c| body.check_rules(rules, c));
        self
    }

    /// The path as it will be sent, parameters substituted.
    #[cfg(feature = "mock")]
    pub(crate) fn rendered_path(&self) -> &str {
        &self.path
    }

    fn refuse(&mut self, message: String) {
        self.invalid.get_or_insert(message);
    }

    /// The text of parameter `name` in `location`, written in the style its description gives
    /// (the location's default for a parameter the operation does not describe). `None` when
    /// the value cannot be sent, so the request is refused: generated code calls this only for
    /// a value the caller gave, so a value that is `null`, or holds a number JSON cannot write
    /// such as NaN, is an error rather than a parameter left out.
    fn serialize<T: Serialize + ?Sized>(
        &mut self,
        location: Location,
        name: &str,
        value: &T,
    ) -> Option<String> {
        let parameter = self
            .op
            .parameters
            .iter()
            .find(|p| p.location == location && p.name == name)
            .copied()
            .unwrap_or(Parameter::new("", location));
        let written = Shape::of(value, parameter.content_type)
            .and_then(|shape| params::serialize(&parameter, name, &shape));
        match written {
            Ok(text) => Some(text),
            Err(why) => {
                self.refuse(format!("{} parameter `{name}` {why}", location.as_str()));
                None
            }
        }
    }

    /// Substitutes `{name}` in the path with `value` in the parameter's style (`simple`,
    /// `label` or `matrix`), percent-encoded so that it stays within its segment.
    pub fn path_param<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        match self.serialize(Location::Path, name, value) {
            Some(text) if text.is_empty() || text == "." || text == ".." => {
                self.refuse(format!("path parameter `{name}` cannot be {text:?}"));
            }
            Some(text) => self.path = self.path.replace(&format!("{{{name}}}"), &text),
            None => {}
        }
        self
    }

    /// Adds a query parameter in its style (`form`, `spaceDelimited`, `pipeDelimited` or
    /// `deepObject`, exploded or not, reserved characters allowed or not).
    pub fn query<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        if let Some(text) = self.serialize(Location::Query, name, value) {
            if !text.is_empty() {
                self.query.push(text);
            }
        }
        self
    }

    /// Adds a header (`simple` style, not percent-encoded); a value that cannot be a header
    /// (line breaks, non-ASCII) refuses the request.
    pub fn header<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        let Some(text) = self.serialize(Location::Header, name, value) else {
            return self;
        };
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&text),
        ) {
            (Ok(name), Ok(value)) => self.headers.push((name, value)),
            _ => self.refuse(format!("header `{name}` cannot carry {text:?}")),
        }
        self
    }

    /// Adds a cookie (`form` style, percent-encoded, so a value cannot end the cookie).
    pub fn cookie<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        if let Some(text) = self.serialize(Location::Cookie, name, value) {
            self.cookies.push(text);
        }
        self
    }

    /// Adds a query parameter the caller may leave out: nothing is added for `None`.
    pub fn query_opt<T: Serialize + ?Sized>(self, name: &str, value: Option<&T>) -> Self {
        match value {
            Some(value) => self.query(name, value),
            None => self,
        }
    }

    /// Adds a header the caller may leave out: nothing is added for `None`.
    pub fn header_opt<T: Serialize + ?Sized>(self, name: &str, value: Option<&T>) -> Self {
        match value {
            Some(value) => self.header(name, value),
            None => self,
        }
    }

    /// Adds a cookie the caller may leave out: nothing is added for `None`.
    pub fn cookie_opt<T: Serialize + ?Sized>(self, name: &str, value: Option<&T>) -> Self {
        match value {
            Some(value) => self.cookie(name, value),
            None => self,
        }
    }

    /// Sets a JSON body. A body holding a number JSON cannot write (NaN, an infinity), which
    /// `serde_json` would send as `null`, refuses the request with the number's JSON pointer.
    ///
    /// Generated clients find such numbers earlier, when they validate the request
    /// ([`crate::Validate`] reports a NaN `f64` as it reports any broken rule); this is the last
    /// guard, where the value becomes bytes, for whatever value it is given.
    pub fn json_body<T: Serialize>(mut self, content_type: &'static str, body: &T) -> Self {
        if let Some(at) = non_finite(body) {
            self.refuse(format!("the body {}", refusal(&at, "JSON")));
            return self;
        }
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some(Body::Bytes(content_type, bytes)),
            Err(e) => self.refuse(format!("the body does not encode as JSON: {e}")),
        }
        self
    }

    /// Sets an `application/x-www-form-urlencoded` body: each property one or more
    /// `name=value` pairs, laid out as `fields` says (the spec's `encoding`; the properties it
    /// does not name are `form`, exploded), absent and `null` properties left out. A NaN or
    /// infinite number, which would become `null` and be left out, refuses the request instead,
    /// as in [`Request::json_body`].
    pub fn form_body<T: Serialize>(
        mut self,
        content_type: &'static str,
        body: &T,
        fields: &[FormField],
    ) -> Self {
        if let Some(at) = non_finite(body) {
            self.refuse(format!("the body {}", refusal(&at, "a form body")));
            return self;
        }
        let encoded = match serde_json::to_value(body) {
            Ok(serde_json::Value::Object(map)) => encode_form(&map, fields),
            Ok(_) => Err("a form body must be an object".into()),
            Err(e) => Err(format!("the body does not encode: {e}")),
        };
        match encoded {
            Ok(text) => self.body = Some(Body::Bytes(content_type, text.into_bytes())),
            Err(message) => self.refuse(message),
        }
        self
    }

    /// Sets a `multipart/form-data` body. It is sent with its own boundary in the
    /// `Content-Type`, and rebuilt from `parts` for every attempt.
    pub fn multipart_body(mut self, parts: Multipart) -> Self {
        match parts.problem() {
            Some(message) => self.refuse(message),
            None => self.body = Some(Body::Multipart(parts)),
        }
        self
    }

    /// Sets a text body.
    pub fn text_body(mut self, content_type: &'static str, body: &str) -> Self {
        self.body = Some(Body::Bytes(content_type, body.as_bytes().to_vec()));
        self
    }

    /// Sets a body of raw bytes.
    pub fn bytes_body(mut self, content_type: &'static str, body: &[u8]) -> Self {
        self.body = Some(Body::Bytes(content_type, body.to_vec()));
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::describe::Method;

    static OP: Operation = Operation {
        id: "op",
        method: Method::Get,
        idempotent: true,
        path: "/contacts/{id}",
        parameters: &[],
        request_body: None,
        responses: &[],
        security: &[],
        servers: &[],
    };

    #[test]
    fn path_parameters_stay_one_segment() {
        for (id, path) in [
            ("../admin", "/contacts/..%2Fadmin"),
            ("a/b", "/contacts/a%2Fb"),
            ("?x", "/contacts/%3Fx"),
            ("#", "/contacts/%23"),
            ("a b", "/contacts/a%20b"),
            ("é", "/contacts/%C3%A9"),
        ] {
            assert_eq!(Request::new(&OP).path_param("id", &id).path, path);
        }
        for refused in ["", ".", ".."] {
            assert!(
                Request::new(&OP)
                    .path_param("id", &refused)
                    .invalid
                    .is_some(),
                "{refused:?}"
            );
        }
    }

    #[test]
    fn form_bodies_are_pairs_in_order() {
        #[derive(Serialize)]
        struct Search {
            q: &'static str,
            rows: u32,
            tags: Vec<&'static str>,
            missing: Option<u32>,
        }
        let request = Request::new(&OP).form_body(
            "application/x-www-form-urlencoded",
            &Search {
                q: "a b&c",
                rows: 10,
                tags: vec!["x", "y"],
                missing: None,
            },
            &[],
        );
        let Some(Body::Bytes(_, body)) = request.body else {
            panic!("a body of bytes");
        };
        assert_eq!(
            String::from_utf8(body).unwrap(),
            "q=a%20b%26c&rows=10&tags=x&tags=y"
        );
    }

    #[test]
    fn bodies_holding_numbers_json_cannot_write_are_refused_not_sent_as_null() {
        #[derive(Serialize)]
        struct Point {
            x: f64,
            tags: Vec<f64>,
        }
        let bad = Point {
            x: 1.0,
            tags: vec![0.5, f64::NAN],
        };
        let json = Request::new(&OP).json_body("application/json", &bad);
        assert!(json.body.is_none());
        assert_eq!(
            json.invalid.as_deref(),
            Some("the body holds NaN or an infinity at `/tags/1`, which JSON cannot carry")
        );
        let form = Request::new(&OP).form_body("application/x-www-form-urlencoded", &bad, &[]);
        assert!(form.body.is_none());
        assert_eq!(
            form.invalid.as_deref(),
            Some("the body holds NaN or an infinity at `/tags/1`, which a form body cannot carry")
        );
        let whole = Request::new(&OP).json_body("application/json", &f64::INFINITY);
        assert_eq!(
            whole.invalid.as_deref(),
            Some("the body is NaN or infinite, which JSON cannot carry")
        );
        let good = Point {
            x: 1.0,
            tags: vec![0.5],
        };
        let json = Request::new(&OP).json_body("application/json", &good);
        assert!(json.invalid.is_none());
        assert!(
            matches!(json.body, Some(Body::Bytes(_, ref b)) if b == br#"{"x":1.0,"tags":[0.5]}"#)
        );
    }

    #[test]
    fn a_required_parameter_without_a_value_is_refused_not_left_out() {
        static WITH_LIMIT: Operation = Operation {
            parameters: &[Parameter {
                required: true,
                ..Parameter::new("limit", Location::Query)
            }],
            ..OP
        };
        let refused = Request::new(&WITH_LIMIT).query("limit", &f64::NAN);
        assert!(refused.query.is_empty());
        let why = refused.invalid.expect("refused");
        assert_eq!(
            why,
            "query parameter `limit` is NaN or infinite, which JSON and parameters cannot carry"
        );
        assert_eq!(
            Request::new(&WITH_LIMIT).query("limit", &2.5).query,
            ["limit=2.5"]
        );
    }

    #[test]
    fn a_value_given_for_an_optional_parameter_is_sent_or_refused_never_dropped() {
        // Generated code passes an optional parameter only when the caller gave one, so every
        // value reaching the request is one to send, in every location.
        let nan = Request::new(&OP)
            .query("ratio", &f64::NAN)
            .header("X-Ratio", &f64::INFINITY)
            .cookie("ratio", &f64::NEG_INFINITY);
        assert!(nan.query.is_empty() && nan.headers.is_empty() && nan.cookies.is_empty());
        // The first problem is the one reported.
        assert_eq!(
            nan.invalid.as_deref(),
            Some(
                "query parameter `ratio` is NaN or infinite, which JSON and parameters cannot carry"
            )
        );
        let why = |request: Request| request.invalid.expect("refused");
        assert!(
            why(Request::new(&OP).header("X-Ratio", &f64::NAN))
                .starts_with("header parameter `X-Ratio` is NaN")
        );
        assert!(
            why(Request::new(&OP).cookie("ratio", &f64::NAN))
                .starts_with("cookie parameter `ratio` is NaN")
        );
        assert!(
            why(Request::new(&OP).path_param("id", &f64::NAN))
                .starts_with("path parameter `id` is NaN")
        );
        assert_eq!(
            why(Request::new(&OP).query("ratios", &[1.0, f64::NAN])),
            "query parameter `ratios` holds NaN or an infinity at `/1`, which JSON and parameters cannot carry"
        );
        assert_eq!(
            why(Request::new(&OP).query("q", &serde_json::Value::Null)),
            "query parameter `q` is null, which no parameter style can write"
        );
        assert!(
            Request::new(&OP)
                .path_param("id", &Option::<u8>::None)
                .invalid
                .is_some()
        );
    }

    #[test]
    fn checks_are_recorded_in_order_path_then_params_then_body() {
        static SHORT: Rules<'static> = Rules::NONE.max_length(3);
        let request = Request::new(&OP)
            .path_checked("id", "long", &SHORT)
            .params_checked(&vec![f64::NAN])
            .body_checked(&"also long", &SHORT);
        assert_eq!(
            request.path, "/contacts/long",
            "a value is written even when it breaks a rule"
        );
        let paths: Vec<String> = request
            .violations
            .expect("violations")
            .0
            .into_iter()
            .map(|v| v.path)
            .collect();
        assert_eq!(paths, ["/path/id", "/params/0", ""]);
        let fine = Request::new(&OP)
            .path_checked("id", "abc", &SHORT)
            .body_checked(&"ok", &Rules::NONE);
        assert!(fine.violations.is_none());
    }

    #[test]
    fn a_header_cannot_be_split() {
        assert!(
            Request::new(&OP)
                .header("X-Id", &"a\r\nInjected: 1")
                .invalid
                .is_some()
        );
    }
}
