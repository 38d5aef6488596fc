//! Plain-data descriptions of operations, generated from a spec as constants.
//!
//! They say everything a client needs to build a request and read its response: method, path
//! template, parameters and where they go, the request body's media type, the documented
//! responses by status, the security requirement and the servers. They hold `'static` data
//! only, so generated modules declare them as `const`s.
//!
//! Constructors and setters are `const` so that a generated constant states only what differs
//! from the defaults (`Operation::new(id, method, path, servers).parameters(..)`,
//! `Parameter::path("id")`, `Response::json(status, description)`); a generated module may
//! start from a constructor of its own that calls `Operation::new` with its servers, and set the
//! path after (`get("get_pet").path("/pets/{id}")`). This module is data only: it holds no
//! behaviour, and what a description means on the wire is decided where it is read (`client`,
//! `params`).

/// An HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `PUT`
    Put,
    /// `POST`
    Post,
    /// `DELETE`
    Delete,
    /// `OPTIONS`
    Options,
    /// `HEAD`
    Head,
    /// `PATCH`
    Patch,
    /// `TRACE`
    Trace,
}

impl Method {
    /// The method as written on the wire, e.g. `"PATCH"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// Where a parameter (or an API key) is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Location {
    /// In the path, replacing `{name}` in the template.
    Path,
    /// In the query string.
    Query,
    /// As an HTTP header.
    Header,
    /// As a cookie.
    Cookie,
}

impl Location {
    /// The location as a spec writes it (`in`), e.g. `"query"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Cookie => "cookie",
        }
    }
}

/// One operation of an API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operation {
    /// The spec's `operationId` (or one derived from method and path when the spec has none).
    pub id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// Whether sending the request twice has the same effect as sending it once: true for
    /// GET, HEAD, OPTIONS, TRACE, PUT and DELETE, false for POST and PATCH unless the spec says
    /// otherwise with `x-idempotent`. Decides what may be retried.
    pub idempotent: bool,
    /// The path template, relative to the server URL, e.g. `/contacts/{id}`.
    pub path: &'static str,
    /// Path-level and operation-level parameters, the operation's overriding the path's.
    pub parameters: &'static [Parameter],
    /// The request body, if the operation takes one.
    pub request_body: Option<RequestBody>,
    /// Every documented response, in the spec's order (`default` last).
    pub responses: &'static [Response],
    /// Alternative security requirements: any one of them suffices; each lists schemes that
    /// must all be satisfied. Empty when the operation needs no authentication.
    pub security: &'static [&'static [SecurityUse]],
    /// The servers the operation is served from.
    pub servers: &'static [Server],
}

impl Operation {
    /// An operation served from `servers`, idempotent as its method is (not POST or PATCH),
    /// with no parameter, body, documented response or security requirement. This and the
    /// methods below are `const`, so generated constants state only what differs from these
    /// defaults: `Operation::new("get_pet", Method::Get, "/pets/{id}", SERVERS)
    /// .parameters(&[Parameter::path("id")])`.
    pub const fn new(
        id: &'static str,
        method: Method,
        path: &'static str,
        servers: &'static [Server],
    ) -> Operation {
        Operation {
            id,
            method,
            idempotent: !matches!(method, Method::Post | Method::Patch),
            path,
            parameters: &[],
            request_body: None,
            responses: &[],
            security: &[],
            servers,
        }
    }

    /// The same operation, idempotent or not whatever its method (`x-idempotent`).
    pub const fn idempotent(mut self, idempotent: bool) -> Operation {
        self.idempotent = idempotent;
        self
    }

    /// The same operation with these parameters.
    pub const fn parameters(mut self, parameters: &'static [Parameter]) -> Operation {
        self.parameters = parameters;
        self
    }

    /// The same operation with a request body of `content_type`, required or not.
    pub const fn request_body(mut self, content_type: &'static str, required: bool) -> Operation {
        self.request_body = Some(RequestBody::new(content_type, required));
        self
    }

    /// The same operation with these documented responses.
    pub const fn responses(mut self, responses: &'static [Response]) -> Operation {
        self.responses = responses;
        self
    }

    /// The same operation with these alternative security requirements.
    pub const fn security(mut self, security: &'static [&'static [SecurityUse]]) -> Operation {
        self.security = security;
        self
    }

    /// The same operation at this path template.
    pub const fn path(mut self, path: &'static str) -> Operation {
        self.path = path;
        self
    }

    /// The same operation, served from these servers (an operation's or path's own `servers`).
    pub const fn servers(mut self, servers: &'static [Server]) -> Operation {
        self.servers = servers;
        self
    }
}

/// One parameter of an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Parameter {
    /// The name on the wire.
    pub name: &'static str,
    /// Where it is sent.
    pub location: Location,
    /// Whether the spec requires it.
    pub required: bool,
    /// For a header whose schema allows exactly one value (such as an API version), that value:
    /// a client sends it without asking the caller.
    pub constant: Option<&'static str>,
    /// How the value is written (`style`); the location's default when the spec gives none.
    pub style: Style,
    /// Whether arrays and objects are written as separate values (`explode`); the spec's
    /// default is true for `form` and false for every other style.
    pub explode: bool,
    /// Whether reserved characters (`:/?[]@!$&'()*+,;=`) are sent as they are rather than
    /// percent-encoded (`allowReserved`, query parameters only).
    pub allow_reserved: bool,
    /// For a parameter described by `content` rather than `schema`: its one media type. A JSON
    /// media type sends the value as JSON text, written as the location's default style writes
    /// a string.
    pub content_type: Option<&'static str>,
}

impl Parameter {
    /// A parameter with the location's default style and explode, for requests built without a
    /// description.
    pub const fn new(name: &'static str, location: Location) -> Parameter {
        let style = Style::default_for(location);
        Parameter {
            name,
            location,
            required: false,
            constant: None,
            style,
            explode: matches!(style, Style::Form),
            allow_reserved: false,
            content_type: None,
        }
    }

    /// A path parameter (required, as every path parameter is).
    pub const fn path(name: &'static str) -> Parameter {
        Parameter::new(name, Location::Path).required()
    }

    /// A query parameter, optional until [`Parameter::required`].
    pub const fn query(name: &'static str) -> Parameter {
        Parameter::new(name, Location::Query)
    }

    /// A header parameter, optional until [`Parameter::required`].
    pub const fn header(name: &'static str) -> Parameter {
        Parameter::new(name, Location::Header)
    }

    /// A cookie parameter, optional until [`Parameter::required`].
    pub const fn cookie(name: &'static str) -> Parameter {
        Parameter::new(name, Location::Cookie)
    }

    /// The same parameter, required. This and the methods below are `const`, so generated
    /// constants state only what differs from [`Parameter::new`]'s defaults.
    pub const fn required(mut self) -> Parameter {
        self.required = true;
        self
    }

    /// The same parameter in `style`, with that style's default `explode` (true for `form`
    /// only); [`Parameter::explode`] after this one overrides it.
    pub const fn style(mut self, style: Style) -> Parameter {
        self.style = style;
        self.explode = matches!(style, Style::Form);
        self
    }

    /// The same parameter with `explode` set.
    pub const fn explode(mut self, explode: bool) -> Parameter {
        self.explode = explode;
        self
    }

    /// The same parameter, with reserved characters sent as they are.
    pub const fn allow_reserved(mut self) -> Parameter {
        self.allow_reserved = true;
        self
    }

    /// The same parameter with one constant value, sent without asking the caller.
    pub const fn constant(mut self, value: &'static str) -> Parameter {
        self.constant = Some(value);
        self
    }

    /// The same parameter, described by `content` of the given media type.
    pub const fn content_type(mut self, content_type: &'static str) -> Parameter {
        self.content_type = Some(content_type);
        self
    }
}

/// How a parameter's value is written, as OpenAPI 3.0.3's `style` names it.
///
/// With `color` = `"blue"`, `["blue", "black", "brown"]` or `{"R": 100, "G": 200, "B": 150}`
/// (exploded on the right):
///
/// | style | location | string | array | object |
/// |---|---|---|---|---|
/// | `Matrix` | path | `;color=blue` | `;color=blue,black,brown` / `;color=blue;color=black;color=brown` | `;color=R,100,G,200,B,150` / `;R=100;G=200;B=150` |
/// | `Label` | path | `.blue` | `.blue.black.brown` | `.R.100.G.200.B.150` / `.R=100.G=200.B=150` |
/// | `Simple` | path, header | `blue` | `blue,black,brown` | `R,100,G,200,B,150` / `R=100,G=200,B=150` |
/// | `Form` | query, cookie | `color=blue` | `color=blue,black,brown` / `color=blue&color=black&color=brown` | `color=R,100,G,200,B,150` / `R=100&G=200&B=150` |
/// | `SpaceDelimited` | query | | `color=blue%20black%20brown` | `color=R%20100%20G%20200%20B%20150` |
/// | `PipeDelimited` | query | | `color=blue\|black\|brown` | `color=R\|100\|G\|200\|B\|150` |
/// | `DeepObject` | query | | | `color[R]=100&color[G]=200&color[B]=150` |
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Style {
    /// `simple`: comma-separated (path and header; their default).
    Simple,
    /// `label`: each value after a `.` (path).
    Label,
    /// `matrix`: `;name=value` (path).
    Matrix,
    /// `form`: `name=value` (query and cookie; their default).
    Form,
    /// `spaceDelimited`: values separated by spaces (query).
    SpaceDelimited,
    /// `pipeDelimited`: values separated by `|` (query).
    PipeDelimited,
    /// `deepObject`: `name[property]=value` (query, objects only).
    DeepObject,
}

impl Style {
    /// The style a location uses when the spec names none: `form` for query and cookie,
    /// `simple` for path and header.
    pub const fn default_for(location: Location) -> Style {
        match location {
            Location::Query | Location::Cookie => Style::Form,
            Location::Path | Location::Header => Style::Simple,
        }
    }
}

/// The request body of an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequestBody {
    /// The media type sent, e.g. `application/json`.
    pub content_type: &'static str,
    /// Whether the spec requires a body.
    pub required: bool,
}

impl RequestBody {
    /// A request body of the given media type.
    pub const fn new(content_type: &'static str, required: bool) -> RequestBody {
        RequestBody {
            content_type,
            required,
        }
    }
}

/// A response status as a spec writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// One status code, e.g. `404`.
    Code(u16),
    /// A range by its first digit, e.g. `4` for `4XX`.
    Range(u16),
    /// `default`: any status not otherwise listed.
    Default,
}

impl Status {
    /// Whether a status code received from a server falls under this one.
    pub fn matches(self, code: u16) -> bool {
        match self {
            Status::Code(c) => c == code,
            Status::Range(first) => code / 100 == first,
            Status::Default => true,
        }
    }
}

/// One documented response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Response {
    /// The status it is documented for.
    pub status: Status,
    /// The spec's description of it.
    pub description: &'static str,
    /// The media type of its body, if it has one.
    pub content_type: Option<&'static str>,
}

impl Response {
    /// A documented response.
    pub const fn new(
        status: Status,
        description: &'static str,
        content_type: Option<&'static str>,
    ) -> Response {
        Response {
            status,
            description,
            content_type,
        }
    }

    /// A documented response with an `application/json` body, the most common kind.
    pub const fn json(status: Status, description: &'static str) -> Response {
        Response::new(status, description, Some("application/json"))
    }
}

/// How a client authenticates, from `components/securitySchemes`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecurityScheme {
    /// An API key sent in a header, query parameter or cookie.
    ApiKey {
        /// The header, parameter or cookie name.
        name: &'static str,
        /// Where it is sent.
        location: Location,
    },
    /// HTTP authentication (`Authorization: <scheme> <credentials>`).
    Http {
        /// The scheme, e.g. `bearer` or `basic`.
        scheme: &'static str,
        /// A hint about the token's format, e.g. `JWT`.
        bearer_format: Option<&'static str>,
    },
    /// OAuth 2.0: the client sends an access token the caller obtained.
    OAuth2,
    /// OpenID Connect discovery at the given URL.
    OpenIdConnect {
        /// The discovery document's URL.
        url: &'static str,
    },
}

/// A security scheme as required by an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SecurityUse {
    /// The scheme's name in the spec.
    pub name: &'static str,
    /// The scheme.
    pub scheme: SecurityScheme,
    /// Required OAuth 2.0 scopes (empty for other schemes).
    pub scopes: &'static [&'static str],
}

impl SecurityUse {
    /// The scheme named `name`, with the scopes an operation requires of it.
    pub const fn new(
        name: &'static str,
        scheme: SecurityScheme,
        scopes: &'static [&'static str],
    ) -> SecurityUse {
        SecurityUse {
            name,
            scheme,
            scopes,
        }
    }
}

/// A server an API is served from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Server {
    /// The URL template, e.g. `https://{account_id}.example.com/api`.
    pub url: &'static str,
    /// The spec's description of the server.
    pub description: Option<&'static str>,
    /// The variables of the URL template.
    pub variables: &'static [ServerVariable],
}

/// A variable of a server URL template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServerVariable {
    /// The name, as written between braces in the URL.
    pub name: &'static str,
    /// The value used when the caller gives none.
    pub default: &'static str,
    /// The allowed values, when the spec restricts them (empty otherwise).
    pub allowed: &'static [&'static str],
    /// The spec's description.
    pub description: Option<&'static str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_defaults_follow_the_location_and_style() {
        let query = Parameter::new("q", Location::Query);
        assert_eq!(
            (query.style, query.explode, query.required),
            (Style::Form, true, false)
        );
        let header = Parameter::new("h", Location::Header);
        assert_eq!((header.style, header.explode), (Style::Simple, false));
        // A style resets explode to that style's default; an explicit explode comes after it.
        let deep = Parameter::new("q", Location::Query).style(Style::DeepObject);
        assert_eq!((deep.style, deep.explode), (Style::DeepObject, false));
        let exploded = Parameter::new("p", Location::Path)
            .style(Style::Label)
            .explode(true);
        assert_eq!((exploded.style, exploded.explode), (Style::Label, true));
        let form = Parameter::new("c", Location::Cookie)
            .style(Style::Form)
            .explode(false);
        assert!(!form.explode);
    }

    #[test]
    fn operations_state_only_what_differs_from_the_defaults() {
        const SERVERS: &[Server] = &[];
        const GET: Operation = Operation::new("get_pet", Method::Get, "/pets/{id}", SERVERS)
            .parameters(&[Parameter::path("id"), Parameter::query("fields")]);
        let get = GET;
        assert!(get.idempotent && get.request_body.is_none() && get.security.is_empty());
        assert_eq!(
            GET.parameters,
            [
                Parameter::new("id", Location::Path).required(),
                Parameter::new("fields", Location::Query)
            ]
        );
        const POST: Operation = Operation::new("add_pet", Method::Post, "/pets", SERVERS)
            .request_body("application/json", true)
            .responses(&[Response::json(Status::Code(201), "Created.")]);
        let post = POST;
        assert!(!post.idempotent);
        assert_eq!(
            POST.request_body,
            Some(RequestBody::new("application/json", true))
        );
        assert_eq!(POST.responses.len(), 1);
        assert!(post.idempotent(true).idempotent);
        const OWN: &[Server] = &[Server {
            url: "https://pets.example",
            description: None,
            variables: &[],
        }];
        const MOVED: Operation = GET.path("/animals/{id}").servers(OWN);
        assert_eq!((MOVED.path, MOVED.servers), ("/animals/{id}", OWN));
        assert_eq!((MOVED.id, MOVED.parameters), (GET.id, GET.parameters));
        assert_eq!(Parameter::header("X-Id").location, Location::Header);
        assert_eq!(Parameter::cookie("c").style, Style::Form);
    }

    #[test]
    fn builder_methods_set_only_their_field() {
        const FULL: Parameter = Parameter::new("v", Location::Header)
            .required()
            .allow_reserved()
            .constant("2024-01-01")
            .content_type("application/json");
        assert_eq!(
            FULL,
            Parameter {
                name: "v",
                location: Location::Header,
                required: true,
                constant: Some("2024-01-01"),
                style: Style::Simple,
                explode: false,
                allow_reserved: true,
                content_type: Some("application/json"),
            }
        );
        assert_eq!(
            RequestBody::new("text/plain", false),
            RequestBody {
                content_type: "text/plain",
                required: false
            }
        );
        assert_eq!(
            Response::json(Status::Range(4), "Client error."),
            Response {
                status: Status::Range(4),
                description: "Client error.",
                content_type: Some("application/json")
            }
        );
        assert_eq!(
            Response::new(Status::Code(204), "Gone.", None),
            Response {
                status: Status::Code(204),
                description: "Gone.",
                content_type: None
            }
        );
        const SCHEME: SecurityScheme = SecurityScheme::OAuth2;
        assert_eq!(
            SecurityUse::new("oauth", SCHEME, &["read"]),
            SecurityUse {
                name: "oauth",
                scheme: SCHEME,
                scopes: &["read"]
            }
        );
    }
}
