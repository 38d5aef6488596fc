//! What a call returns: [`RawResponse`] (status, headers and the whole bounded body, as
//! received) and how generated code turns it into the method's [`ApiResult`]: a documented
//! status reads its body with [`Json`], [`Text`] or [`Bytes`] ([`ReadBody`]) into a
//! [`Response`] or an [`Error::Api`]; an undocumented one is [`Error::UnexpectedStatus`].
//!
//! A body that does not read as documented (wrong content type, empty, not JSON of the type, not
//! UTF-8) is an [`Error::Decode`] with the JSON path where decoding stopped (found from the
//! error's position in the body, so that a body is decoded by `serde_json` alone) and a bounded
//! excerpt of the body, for a success and an error status alike; it and an undocumented status are
//! traced in the call's span.
//!
//! [`Client::call`] is what a generated method returns: a [`Call`], the future of one request
//! sent by [`Client::execute`](super::Client::execute) when it is awaited, with the per-call
//! options set on it ([`Call::options`]). The sending is not generic, so its code exists once
//! whatever the number of operations; only the method's own `decode` (its status `match`) is per
//! operation. This module never sends and never retries.

use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap};
use serde::de::DeserializeOwned;
use tracing::Span;

use super::{CallOptions, Client, Request, trace};
use crate::error::{Attempts, Error, excerpt};

/// What a generated client method returns: the response with its typed body, or an error whose
/// documented bodies are the operation's error enum `E`.
pub type ApiResult<T, E> = Result<Response<T>, Error<E>>;

/// How a documented response body is read into `T`: [`Json`], [`Text`] or [`Bytes`].
pub trait ReadBody<T> {
    /// Reads the body of `raw`, taking it out; a body that does not read is a decoding error.
    fn read<E>(self, raw: &mut RawResponse) -> Result<T, Error<E>>;
}

/// A JSON body (`application/json` or a `+json` media type), decoded into any `T`.
#[derive(Clone, Copy, Debug)]
pub struct Json;

/// A text body, as a `String`.
#[derive(Clone, Copy, Debug)]
pub struct Text;

/// Any other body, as its bytes.
#[derive(Clone, Copy, Debug)]
pub struct Bytes;

impl<T: DeserializeOwned> ReadBody<T> for Json {
    fn read<E>(self, raw: &mut RawResponse) -> Result<T, Error<E>> {
        raw.decode()
    }
}

impl ReadBody<String> for Text {
    fn read<E>(self, raw: &mut RawResponse) -> Result<String, Error<E>> {
        raw.text()
    }
}

impl ReadBody<Vec<u8>> for Bytes {
    fn read<E>(self, raw: &mut RawResponse) -> Result<Vec<u8>, Error<E>> {
        Ok(std::mem::take(&mut raw.body))
    }
}

/// A response as received: status, headers and the whole (bounded) body. Only
/// [`Client::execute`](super::Client::execute) makes one.
#[derive(Debug)]
pub struct RawResponse {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Vec<u8>,
    /// The attempts the call made, for the error if the status is one.
    pub attempts: Attempts,
    /// The call's span, in which reading the body is traced.
    pub(super) span: Span,
}

/// A successful response: the typed body with the status and headers it came with.
#[derive(Clone, Debug)]
pub struct Response<T> {
    /// The status.
    pub status: StatusCode,
    /// The headers (request ids, rate-limit headers).
    pub headers: HeaderMap,
    /// The decoded body.
    pub body: T,
}

impl RawResponse {
    /// Decodes the body as JSON into `T`; a failure says where in the body it happened.
    pub fn decode<T: DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        let decode_error = |path: String, message: String| {
            trace::undecoded(&self.span, self.status.as_u16(), &path);
            Error::Decode {
                status: self.status,
                path,
                message,
                excerpt: excerpt(&self.body),
            }
        };
        if let Some(content_type) = self.headers.get(CONTENT_TYPE) {
            let essence = content_type
                .to_str()
                .unwrap_or("")
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            if !(essence == "application/json" || essence.ends_with("+json")) {
                return Err(decode_error(
                    String::new(),
                    format!("expected a JSON body, got content type {essence:?}"),
                ));
            }
        }
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Err(decode_error(String::new(), "the body is empty".into()));
        }
        // Decoded straight from the bytes: the path is found afterwards, from where the error
        // is, so that no other deserializer is compiled for every response type.
        serde_json::from_slice(&self.body)
            .map_err(|e| decode_error(path_at(&self.body, e.line(), e.column()), e.to_string()))
    }

    /// The body as text (for `text/*` responses); invalid UTF-8 is a decoding error.
    pub fn text<E>(&self) -> Result<String, Error<E>> {
        String::from_utf8(self.body.clone()).map_err(|e| {
            trace::undecoded(&self.span, self.status.as_u16(), "");
            Error::Decode {
                status: self.status,
                path: String::new(),
                message: format!("the body is not UTF-8 text: {e}"),
                excerpt: excerpt(&self.body),
            }
        })
    }

    /// A successful response with its typed body.
    pub fn into_response<T>(self, body: T) -> Response<T> {
        Response {
            status: self.status,
            headers: self.headers,
            body,
        }
    }

    /// A documented error with its typed body.
    pub fn into_api_error<E>(self, body: E) -> Error<E> {
        Error::Api {
            status: self.status,
            headers: self.headers,
            body,
            attempts: self.attempts,
        }
    }

    /// A documented success: the body read by `body`.
    pub fn success<T, E>(self, body: impl ReadBody<T>) -> ApiResult<T, E> {
        self.success_as(body, |body| body)
    }

    /// A documented success whose body is one variant of the operation's success enum.
    pub fn success_as<T, S, E>(
        mut self,
        body: impl ReadBody<T>,
        variant: impl FnOnce(T) -> S,
    ) -> ApiResult<S, E> {
        let body = body.read(&mut self)?;
        Ok(self.into_response(variant(body)))
    }

    /// A documented error whose body is one variant of the operation's error enum.
    pub fn failure<T, S, E>(
        mut self,
        body: impl ReadBody<T>,
        variant: impl FnOnce(T) -> E,
    ) -> ApiResult<S, E> {
        let body = body.read(&mut self)?;
        Err(self.into_api_error(variant(body)))
    }

    /// An error for a status the spec does not document.
    pub fn into_unexpected<E>(self) -> Error<E> {
        trace::undocumented(&self.span, self.status.as_u16());
        Error::UnexpectedStatus {
            status: self.status,
            headers: self.headers,
            excerpt: excerpt(&self.body),
            attempts: self.attempts,
        }
    }
}

/// The JSON path (`data.items[2].id`) of the value that was being read at `line` and `column`
/// in `body`, as `serde_json` reports an error's position: just after the value that failed (a
/// number or string of the wrong type, an object missing a field, an array too short), so the
/// path is every object key and array index open there.
fn path_at(body: &[u8], line: usize, column: usize) -> String {
    // The byte offset of the position: `column` bytes into the line.
    let start: usize = body
        .split(|b| *b == b'\n')
        .take(line.saturating_sub(1))
        .map(|l| l.len() + 1)
        .sum();
    let end = (start + column).min(body.len());
    // Each open container, with its current key or index once its member has begun.
    enum Open {
        Object(Option<String>),
        Array(Option<usize>),
    }
    let mut open: Vec<Open> = Vec::new();
    let mut expect_key = false;
    let mut i = 0;
    while i < end {
        match body[i] {
            b'{' => {
                open.push(Open::Object(None));
                expect_key = true;
            }
            b'[' => open.push(Open::Array(None)),
            b'}' | b']' => {
                open.pop();
            }
            b',' => match open.last_mut() {
                Some(Open::Object(key)) => {
                    *key = None;
                    expect_key = true;
                }
                Some(Open::Array(Some(index))) => *index += 1,
                _ => {}
            },
            b'"' => {
                let mut text = Vec::new();
                i += 1;
                while i < end && body[i] != b'"' {
                    if body[i] == b'\\' {
                        i += 1;
                    }
                    if i < end {
                        text.push(body[i]);
                    }
                    i += 1;
                }
                match open.last_mut() {
                    Some(Open::Object(key)) if expect_key => {
                        *key = Some(String::from_utf8_lossy(&text).into_owned());
                        expect_key = false;
                    }
                    Some(Open::Array(index @ None)) => *index = Some(0),
                    _ => {}
                }
            }
            b if b.is_ascii_whitespace() || b == b':' => {}
            // The first byte of a number or literal begins an array's first item.
            _ => {
                if let Some(Open::Array(index @ None)) = open.last_mut() {
                    *index = Some(0);
                }
            }
        }
        // A container opened as an array's first item begins that item.
        if matches!(body[i], b'{' | b'[') && open.len() >= 2 {
            let below = open.len() - 2;
            if let Open::Array(index @ None) = &mut open[below] {
                *index = Some(0);
            }
        }
        i += 1;
    }
    let mut path = String::new();
    for segment in &open {
        match segment {
            Open::Object(Some(key)) => {
                path.push('.');
                path.push_str(key);
            }
            Open::Array(Some(index)) => path.push_str(&format!("[{index}]")),
            _ => {}
        }
    }
    path.trim_start_matches('.').to_owned()
}

/// The sending half of a [`Call`]: the same type for every operation.
type Sending<'a> =
    Pin<Box<dyn Future<Output = Result<RawResponse, Error<Infallible>>> + Send + 'a>>;

/// How a generated method reads the response of its call into its [`ApiResult`]: its status
/// `match`, a closure. Every such closure is one, so a method's signature can say so briefly
/// (`Call<'_, impl Decode<T, E>>`).
pub trait Decode<T, E>: FnOnce(RawResponse) -> ApiResult<T, E> + Unpin {}

impl<T, E, D: FnOnce(RawResponse) -> ApiResult<T, E> + Unpin> Decode<T, E> for D {}

/// A call of a generated client method: await it for the method's [`ApiResult`], after setting
/// per-call options with [`Call::options`] if needed. It borrows only the client.
///
/// The request was put together (and checked against its spec) when the method was called; a
/// problem found then is kept in it and refused, with the same error, when the call is awaited.
/// Nothing is sent until the call is first polled, which is when its sending starts, with the
/// options set by then. The sending is one boxed future, the same for every operation; `decode`,
/// the method's status `match` that reads the response into its types, is a closure, so it is
/// compiled where the call is awaited, as an `async fn`'s body would be.
#[must_use = "a call sends nothing until it is awaited"]
pub struct Call<'a, D> {
    client: &'a Client,
    state: State<'a>,
    decode: Option<D>,
}

/// Where a [`Call`] is: not polled yet (its request and options), or sending. The request is
/// kept in place rather than boxed: it moves into the sending future on the first poll, and a
/// box more would be an allocation more per call.
#[allow(clippy::large_enum_variant)]
enum State<'a> {
    Ready(Request, CallOptions),
    Sending(Sending<'a>),
    Done,
}

/// The operation and options only: a request's parameters and the client's credentials may be
/// secrets.
impl<D> fmt::Debug for Call<'_, D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("Call");
        match &self.state {
            State::Ready(request, options) => debug
                .field("operation", &request.op.id)
                .field("options", options)
                .field("state", &"not sent"),
            State::Sending(_) => debug.field("state", &"sending"),
            State::Done => debug.field("state", &"done"),
        };
        debug.finish_non_exhaustive()
    }
}

impl<D> Call<'_, D> {
    /// This call with `options` (timeout, retry policy) in place of the client's:
    /// `client.update_contact(id, &body).options(&CallOptions { .. }).await`. The options are
    /// copied; they apply when set before the call is first polled, as they are when it is
    /// awaited straight away.
    pub fn options(mut self, options: &CallOptions) -> Self {
        if let State::Ready(_, own) = &mut self.state {
            *own = options.clone();
        }
        self
    }
}

impl<T, E, D> Future for Call<'_, D>
where
    D: FnOnce(RawResponse) -> ApiResult<T, E> + Unpin,
{
    type Output = ApiResult<T, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let call = self.get_mut();
        let mut sending = match std::mem::replace(&mut call.state, State::Done) {
            State::Ready(request, options) => call.client.sending(request, options),
            State::Sending(sending) => sending,
            State::Done => panic!("a call polled after it completed"),
        };
        let Poll::Ready(sent) = sending.as_mut().poll(cx) else {
            call.state = State::Sending(sending);
            return Poll::Pending;
        };
        let decode = call
            .decode
            .take()
            .expect("a call polled after it completed");
        Poll::Ready(match sent {
            Ok(raw) => decode(raw),
            Err(error) => Err(error.map_api(|never| match never {})),
        })
    }
}

impl Client {
    /// The call a generated method returns: `request` sent by
    /// [`Client::execute`](super::Client::execute) with the client's settings, or the options
    /// set on the call, once it is awaited, then its response read by `decode` (the method's
    /// status `match`). The call borrows only the client.
    pub fn call<T, E, D: Decode<T, E>>(&self, request: Request, decode: D) -> Call<'_, D> {
        Call {
            client: self,
            state: State::Ready(request, CallOptions::default()),
            decode: Some(decode),
        }
    }

    /// The sending half of every call; not generic, so its future is compiled once.
    fn sending(&self, request: Request, options: CallOptions) -> Sending<'_> {
        Box::pin(async move { self.execute(request, &options).await })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn raw(status: u16, content_type: Option<&str>, body: &[u8]) -> RawResponse {
        let mut headers = HeaderMap::new();
        if let Some(content_type) = content_type {
            headers.insert(CONTENT_TYPE, HeaderValue::from_str(content_type).unwrap());
        }
        RawResponse {
            status: StatusCode::from_u16(status).unwrap(),
            headers,
            body: body.to_vec(),
            attempts: Attempts::default(),
            span: Span::none(),
        }
    }

    #[derive(Debug, PartialEq)]
    enum Failed {
        NotFound(Vec<u8>),
        Conflict(String),
    }

    #[test]
    fn documented_responses_read_their_bodies_and_keep_status_and_headers() {
        let ok: ApiResult<Vec<u32>, Failed> =
            raw(200, Some("application/json"), b"[1, 2]").success(Json);
        let ok = ok.unwrap();
        assert_eq!((ok.status.as_u16(), ok.body), (200, vec![1, 2]));
        assert_eq!(ok.headers[CONTENT_TYPE], "application/json");

        let text: ApiResult<Option<String>, Failed> =
            raw(201, Some("text/plain"), b"made").success_as(Text, Some);
        assert_eq!(text.unwrap().body, Some("made".to_owned()));

        let missing: ApiResult<(), Failed> =
            raw(404, None, b"\x00\xffgone").failure(Bytes, Failed::NotFound);
        match missing {
            Err(Error::Api { status, body, .. }) => {
                assert_eq!(status.as_u16(), 404);
                assert_eq!(body, Failed::NotFound(b"\x00\xffgone".to_vec()));
            }
            other => panic!("expected an API error, got {other:?}"),
        }
        let conflict: ApiResult<(), Failed> =
            raw(409, Some("text/plain"), b"taken").failure(Text, Failed::Conflict);
        assert!(matches!(
            conflict,
            Err(Error::Api { body: Failed::Conflict(ref t), .. }) if t == "taken"
        ));
    }

    #[test]
    fn a_decoding_error_names_the_path_of_the_value_that_failed() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Item {
            id: u32,
            tags: Vec<String>,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Page {
            data: Vec<Item>,
            pair: (u8, u8),
        }
        let path = |body: &str| match raw(200, None, body.as_bytes()).decode::<Page, ()>() {
            Err(Error::Decode { path, .. }) => path,
            other => panic!("{other:?}"),
        };
        let item = r#"{"id": 1, "tags": ["a"]}"#;
        assert_eq!(path(r#"{"data": [{"id": "x", "tags": []}]}"#), "data[0].id");
        assert_eq!(
            path(&format!(
                r#"{{"data": [{item}, {{"id": 2, "tags": ["a", 3]}}]}}"#
            )),
            "data[1].tags[1]"
        );
        assert_eq!(
            path(&format!(r#"{{"data": [{item}, {{"id": 2}}]}}"#)),
            "data[1]"
        );
        assert_eq!(
            path(&format!("{{\n  \"data\": [{item}],\n  \"pair\": [1]\n}}")),
            "pair"
        );
        // The end of the body, after a member: that member, the nearest the position says.
        assert_eq!(path(r#"{"data": [], "pair": [1, 2]"#), "pair");
        assert_eq!(path(r#"{"da\"ta": 1}"#), "");
        assert_eq!(path(r#"{"data": 1}"#), "data");
        assert_eq!(path("[]"), "");
    }

    #[test]
    fn a_body_that_does_not_read_is_a_decoding_error_for_success_and_failure_alike() {
        let bad_json: ApiResult<Vec<u32>, Failed> =
            raw(200, Some("application/json"), b"[1, \"two\"]").success(Json);
        match bad_json {
            Err(Error::Decode { status, path, .. }) => {
                assert_eq!((status.as_u16(), path.as_str()), (200, "[1]"));
            }
            other => panic!("expected a decoding error, got {other:?}"),
        }
        let bad_text: ApiResult<(), Failed> =
            raw(409, Some("text/plain"), b"\xff").failure(Text, Failed::Conflict);
        assert!(
            matches!(bad_text, Err(Error::Decode { .. })),
            "{bad_text:?}"
        );
    }
}
