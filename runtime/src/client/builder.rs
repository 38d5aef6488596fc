//! Configuring a client: [`ClientBuilder`] (server and its variables, credentials, timeout,
//! retry policy, body bound, `User-Agent`, plain-http opt-in), checked once in
//! [`ClientBuilder::build`], which returns the client the builder was made for: a generated
//! API's own `Client` (through [`ApiClient`]) or the untyped [`Client`].
//!
//! A credential must name one of the API's security schemes, when the builder knows them
//! ([`ClientBuilder::for_api`]); a name the spec does not define is refused with the valid ones.
//! A server variable's value must stay what its place in the URL allows: a host label in the
//! host, a plain path segment in the path, one of the spec's values where it lists some. A base
//! URL must be `https` unless plain `http` is asked for by name, and has no query or fragment.
//! This module only checks and stores configuration; it sends nothing.

use std::collections::HashMap;
use std::marker::PhantomData;
use std::time::Duration;

use reqwest::Url;
use reqwest::header::HeaderValue;

use super::Client;
use crate::describe::Server;
use crate::retry::RetryPolicy;
use crate::secret::Secret;

/// The default timeout of a call, retries included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The default bound on a response body.
pub const DEFAULT_MAX_BODY: usize = 10 * 1024 * 1024;

/// A credential for one security scheme.
#[derive(Clone, Debug)]
pub enum Credential {
    /// An API key, a bearer token or an OAuth 2.0 access token.
    Token(Secret),
    /// HTTP basic authentication.
    Basic {
        /// The user name.
        username: String,
        /// The password.
        password: Secret,
    },
}

/// Why a client could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid client configuration: {}", self.0)
    }
}

impl std::error::Error for ConfigError {}

/// A client built by a [`ClientBuilder`]: a generated API's `Client`, which wraps the runtime's
/// [`Client`], or that [`Client`] itself. Generated code implements it; users need not.
pub trait ApiClient: Sized {
    /// Wraps a configured runtime client.
    fn from_client(client: Client) -> Self;
}

impl ApiClient for Client {
    fn from_client(client: Client) -> Self {
        client
    }
}

/// Configures a client; [`build`](ClientBuilder::build) checks the configuration and returns
/// the client `C` the builder was made for.
///
/// A generated API's `Client::builder(..)` starts one as a `ClientBuilder<Client>` of that API,
/// with its servers, security schemes and required arguments, so
/// `Client::builder(token).timeout(..).build()?` is that API's client. Every setting has a
/// default: the spec's first server, a [`DEFAULT_TIMEOUT`] covering retries, the default
/// [`RetryPolicy`], a [`DEFAULT_MAX_BODY`] bound and `https` only.
///
/// A function that adjusts builders of several APIs alike is generic over `C`:
///
/// ```
/// use std::time::Duration;
/// use openapi_client_runtime::{ClientBuilder, RetryPolicy};
///
/// fn patient<C>(builder: ClientBuilder<C>) -> ClientBuilder<C> {
///     builder
///         .timeout(Duration::from_secs(60))
///         .retry(RetryPolicy { max_attempts: 5, ..RetryPolicy::default() })
/// }
/// ```
#[derive(Clone, Debug)]
pub struct ClientBuilder<C = Client> {
    /// The API's name in traces: a generated module's path; empty for an untyped client.
    api: &'static str,
    servers: &'static [Server],
    /// The API's security scheme names, when known: a credential must name one of them.
    schemes: Option<&'static [&'static str]>,
    base_url: Option<String>,
    variables: Vec<(String, String)>,
    credentials: HashMap<String, Credential>,
    timeout: Duration,
    retry: RetryPolicy,
    max_body: usize,
    allow_insecure_http: bool,
    user_agent: String,
    http: Option<reqwest::Client>,
    client: PhantomData<fn() -> C>,
}

impl ClientBuilder<Client> {
    /// A builder of an untyped [`Client`] for an API served from `servers` (the first is used
    /// unless a base URL is set). It does not know the API's security schemes, so it accepts a
    /// credential under any name; [`ClientBuilder::for_api`] checks them.
    pub fn new(servers: &'static [Server], user_agent: impl Into<String>) -> Self {
        ClientBuilder::with_schemes("", servers, None, user_agent)
    }
}

impl<C> ClientBuilder<C> {
    /// A builder of `C`, the API named `api` (in traces: generated clients give their module's
    /// path), served from `servers`, whose security schemes are named `schemes` (as in
    /// `components/securitySchemes`); generated clients start theirs with it.
    pub fn for_api(
        api: &'static str,
        servers: &'static [Server],
        schemes: &'static [&'static str],
        user_agent: impl Into<String>,
    ) -> Self {
        ClientBuilder::with_schemes(api, servers, Some(schemes), user_agent)
    }

    fn with_schemes(
        api: &'static str,
        servers: &'static [Server],
        schemes: Option<&'static [&'static str]>,
        user_agent: impl Into<String>,
    ) -> Self {
        ClientBuilder {
            api,
            servers,
            schemes,
            base_url: None,
            variables: Vec::new(),
            credentials: HashMap::new(),
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
            max_body: DEFAULT_MAX_BODY,
            allow_insecure_http: false,
            user_agent: user_agent.into(),
            http: None,
            client: PhantomData,
        }
    }

    /// Uses this base URL instead of the spec's first server (it may contain the server's
    /// `{variables}`).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Sets a server variable, e.g. an account's subdomain. Checked when the client is built.
    pub fn server_variable(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.variables.push((name.into(), value.into()));
        self
    }

    /// Sets the credential for the security scheme named `scheme` in the spec
    /// (`components/securitySchemes`); [`build`](ClientBuilder::build) refuses a name the spec
    /// does not define.
    pub fn credential(mut self, scheme: impl Into<String>, credential: Credential) -> Self {
        self.credentials.insert(scheme.into(), credential);
        self
    }

    /// The timeout of each call, retries included (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The retry policy ([`RetryPolicy::none`] turns retries off).
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The largest response body accepted, in bytes (default 10 MiB).
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body = limit;
        self
    }

    /// Allows plain `http://` base URLs, e.g. for a test server on loopback. Without it, only
    /// `https://` is accepted, so credentials are never sent in clear text by accident.
    pub fn allow_insecure_http(mut self) -> Self {
        self.allow_insecure_http = true;
        self
    }

    /// Replaces the `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Uses this `reqwest` client (for proxies or custom TLS) instead of a default one.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Checks the configuration and builds the client: fails if a server variable, the base
    /// URL, the `User-Agent` or a credential's scheme name is invalid.
    pub fn build(self) -> Result<C, ConfigError>
    where
        C: ApiClient,
    {
        self.check_credentials()?;
        let server = self.servers.first();
        let template = match (&self.base_url, server) {
            (Some(url), _) => url.clone(),
            (None, Some(server)) => server.url.to_owned(),
            (None, None) => {
                return Err(ConfigError(
                    "the spec lists no server; set a base URL".into(),
                ));
            }
        };
        // With the spec's server, a variable it does not have is a mistake; a base URL given
        // instead (a test server, a proxy) may simply not use the variables.
        for (name, _) in self.variables.iter().filter(|_| self.base_url.is_none()) {
            if !template.contains(&format!("{{{name}}}")) {
                return Err(ConfigError(format!(
                    "the server URL {template:?} has no variable `{name}`"
                )));
            }
        }
        let url = substitute_variables(&template, server, &self.variables)?;
        let base = Url::parse(url.trim_end_matches('/')).map_err(|e| {
            ConfigError(format!(
                "the server URL {url:?} is not a valid absolute URL ({e}); set a base URL"
            ))
        })?;
        match base.scheme() {
            "https" => {}
            "http" if self.allow_insecure_http => {}
            "http" => {
                return Err(ConfigError(format!(
                    "refusing plain http for {url:?}: credentials would travel unencrypted (call allow_insecure_http() to opt in, e.g. for a local test server)"
                )));
            }
            other => {
                return Err(ConfigError(format!(
                    "unsupported URL scheme {other:?} in {url:?}"
                )));
            }
        }
        if base.query().is_some() || base.fragment().is_some() {
            return Err(ConfigError(format!(
                "the base URL {url:?} must not have a query or fragment"
            )));
        }
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .build()
                .map_err(|e| ConfigError(format!("cannot create the HTTP client: {e}")))?,
        };
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|_| ConfigError("the user agent is not a valid header value".into()))?;
        Ok(C::from_client(Client {
            api: self.api,
            http,
            base,
            credentials: self.credentials,
            timeout: self.timeout,
            retry: self.retry,
            max_body: self.max_body,
            user_agent,
        }))
    }

    /// Refuses a credential under a name that is not one of the API's security schemes.
    fn check_credentials(&self) -> Result<(), ConfigError> {
        let Some(schemes) = self.schemes else {
            return Ok(());
        };
        let mut unknown: Vec<&str> = self
            .credentials
            .keys()
            .map(String::as_str)
            .filter(|name| !schemes.contains(name))
            .collect();
        unknown.sort_unstable();
        let Some(first) = unknown.first() else {
            return Ok(());
        };
        let given = unknown
            .iter()
            .map(|name| format!("`{name}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let plural = if unknown.len() == 1 { "" } else { "s" };
        if schemes.is_empty() {
            return Err(ConfigError(format!(
                "a credential was given for the security scheme{plural} {given}, but this API defines no security scheme"
            )));
        }
        let valid = schemes
            .iter()
            .map(|name| format!("`{name}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let hint = schemes
            .iter()
            .find(|name| same_letters(name, first))
            .map(|name| format!(" (did you mean `{name}`?)"))
            .unwrap_or_default();
        Err(ConfigError(format!(
            "no security scheme is named {given}{hint}; this API's schemes are {valid}"
        )))
    }
}

/// Whether two names differ only in case and punctuation (`apiKey`, `api_key`, `ApiKey`).
fn same_letters(a: &str, b: &str) -> bool {
    let letters = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    letters(a) == letters(b)
}

/// Replaces `{name}` in a server URL: a value in the host must be a host label, a value in the
/// path a plain path segment, and a value the spec restricts must be one it allows.
fn substitute_variables(
    template: &str,
    server: Option<&Server>,
    given: &[(String, String)],
) -> Result<String, ConfigError> {
    let host_end = template
        .find("://")
        .map(|i| {
            i + 3
                + template[i + 3..]
                    .find('/')
                    .unwrap_or(template.len() - i - 3)
        })
        .unwrap_or(0);
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    let mut offset = 0;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let name = &rest[open + 1..open + close];
        let declared = server.and_then(|s| s.variables.iter().find(|v| v.name == name));
        let value = match given.iter().rev().find(|(n, _)| n == name) {
            Some((_, value)) => value.as_str(),
            None => declared
                .map(|v| v.default)
                .ok_or_else(|| ConfigError(format!("no value for the server variable `{name}`")))?,
        };
        if let Some(declared) = declared {
            if !declared.allowed.is_empty() && !declared.allowed.contains(&value) {
                return Err(ConfigError(format!(
                    "`{name}` must be one of {:?}, not {value:?}",
                    declared.allowed
                )));
            }
        }
        let in_host = offset + open < host_end;
        let valid = if in_host {
            is_host_label(value)
        } else {
            is_path_segment(value)
        };
        if !valid {
            let rule = if in_host {
                "a host label (letters, digits and inner hyphens, at most 63)"
            } else {
                "a path segment of letters, digits, `-`, `.`, `_` or `~`"
            };
            return Err(ConfigError(format!(
                "the server variable `{name}` must be {rule}, not {value:?}"
            )));
        }
        out.push_str(&rest[..open]);
        out.push_str(value);
        offset += open + close + 1;
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn is_host_label(value: &str) -> bool {
    (1..=63).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !value.starts_with('-')
        && !value.ends_with('-')
}

fn is_path_segment(value: &str) -> bool {
    !value.is_empty()
        && value != "."
        && value != ".."
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::describe::ServerVariable;

    static ACQUIRE: [Server; 1] = [Server {
        url: "https://{account_id}.acquire.io/api/v1",
        description: None,
        variables: &[ServerVariable {
            name: "account_id",
            default: "example",
            allowed: &[],
            description: None,
        }],
    }];

    #[test]
    fn server_variables_must_stay_within_their_host_label() {
        let build = |value: &str| {
            ClientBuilder::new(&ACQUIRE, "test")
                .server_variable("account_id", value)
                .build()
        };
        let ok = build("acme-42").expect("a valid label");
        assert_eq!(ok.base.as_str(), "https://acme-42.acquire.io/api/v1");
        for hostile in [
            "evil.com/",
            "x#",
            "a.b",
            "",
            "-a",
            "evil.com:443",
            "a b",
            "ä",
            &"a".repeat(64),
        ] {
            let error = build(hostile).expect_err(hostile);
            assert!(error.0.contains("host label"), "{hostile:?}: {error}");
        }
    }

    #[test]
    fn plain_http_needs_an_explicit_opt_in() {
        let error = ClientBuilder::new(&ACQUIRE, "t")
            .base_url("http://127.0.0.1:9")
            .build()
            .unwrap_err();
        assert!(error.0.contains("allow_insecure_http"), "{error}");
        assert!(
            ClientBuilder::new(&ACQUIRE, "t")
                .base_url("http://127.0.0.1:9")
                .allow_insecure_http()
                .build()
                .is_ok()
        );
        assert!(
            ClientBuilder::new(&ACQUIRE, "t")
                .base_url("ftp://x")
                .build()
                .is_err()
        );
        assert!(
            ClientBuilder::new(&ACQUIRE, "t")
                .server_variable("nope", "x")
                .build()
                .is_err()
        );
    }

    #[test]
    fn a_credential_must_name_one_of_the_apis_schemes() {
        let token = || Credential::Token("t".into());
        let build = |name: &str| {
            ClientBuilder::<Client>::for_api("acquire", &ACQUIRE, &["api_key", "oauth"], "t")
                .credential(name, token())
                .build()
        };
        assert!(build("api_key").is_ok());
        let error = build("apiKey").unwrap_err();
        assert_eq!(
            error.0,
            "no security scheme is named `apiKey` (did you mean `api_key`?); this API's schemes are `api_key`, `oauth`"
        );
        let error = ClientBuilder::<Client>::for_api("acquire", &ACQUIRE, &[], "t")
            .credential("bearer", token())
            .build()
            .unwrap_err();
        assert!(error.0.contains("defines no security scheme"), "{error}");
        // Without the API's scheme names, any name is kept.
        assert!(
            ClientBuilder::new(&ACQUIRE, "t")
                .credential("anything", token())
                .build()
                .is_ok()
        );
    }
}
