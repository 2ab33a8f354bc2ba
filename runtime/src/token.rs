//! Access tokens: what Graph says about one (`debug_token`), app access
//! tokens, and the exchange of a short-lived user token for a long-lived one.
//!
//! - [`Client::debug_token`] asks `/debug_token` about a token and answers a
//!   typed [`DebugToken`]: its app, user or Page, [`TokenType`], scopes,
//!   [`Expiry`], validity, and the [`TokenError`] that makes it invalid.
//! - [`AccessToken::app_token`] makes an app access token
//!   (`{app_id}|{app_secret}`) without a request;
//!   [`Client::app_access_token`] asks Graph for one
//!   (`grant_type=client_credentials`).
//! - [`Client::exchange_token`] trades a short-lived user token for a
//!   long-lived one (`grant_type=fb_exchange_token`), about 60 days.
//!
//! Secrets never go in a URL: the token to debug, the app secret and the
//! token to exchange travel in the form body of a `POST`. The OAuth calls
//! are sent without the client's own token and `appsecret_proof`
//! ([`GraphRequest::without_client_token`]): they authenticate with the app
//! id and secret they carry. Every token in a returned value is an
//! [`AccessToken`], whose `Debug` prints `<redacted>`, and the secrets a
//! call sent are scrubbed from any error or text the server sends back.
//!
//! ```
//! use graph_runtime::mock::{MockGraph, TokenInfo};
//! use graph_runtime::token::{Expiry, TokenType};
//! use graph_runtime::{AccessToken, AppSecret, Client};
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let server = MockGraph::new("EAAB-developer-token")
//!     .register_app("1234", "app-secret")
//!     .register_token("EAAB-user-token", TokenInfo::user("1234", "42").scopes(["email"]))
//!     .start();
//! let client: Client = server.client_builder().build()?;
//!
//! let user = AccessToken::from("EAAB-user-token");
//! let info = client.debug_token(&user).await?.data;
//! assert!(info.is_valid);
//! assert_eq!(info.token_type, Some(TokenType::User));
//! assert_eq!(info.scopes, ["email"]);
//!
//! let secret = AppSecret::from("app-secret");
//! let long = client.exchange_token("1234", &secret, &user).await?.data;
//! let info = client.debug_token(&long.access_token).await?.data;
//! assert!(matches!(info.expires_at, Some(Expiry::At(_))));
//! assert_eq!(format!("{long:?}").contains("EAAB-"), false);
//! # Ok::<(), graph_runtime::Error>(())
//! # }).unwrap();
//! ```

use std::fmt;
use std::time::Duration;

use serde_json::{Map, Value};
use time::OffsetDateTime;

use crate::auth::{AccessToken, AppSecret, Redactor};
use crate::client::Client;
use crate::datetime::DateTime;
use crate::decode::DecodeError;
use crate::error::{AuthProblem, Error};
use crate::request::GraphRequest;
use crate::response::Response;
use crate::schema::NodeSchema;
use crate::tolerant::{self, Action, DecodeWarning, Decoded};
use crate::validate::{Violation, ViolationKind};

/// What `/debug_token` says about a token: the `data` object of its answer.
///
/// Decoding never fails on an object, and follows the rules of every
/// generated model ([`tolerant`]): a key this type does not know, and a
/// value that does not fit its field (a timestamp that is not a number,
/// say), is kept as sent in [`DebugToken::extra`], the field left empty;
/// numbers sent as strings, and ids sent as numbers, are coerced. Each
/// value coerced or kept raw is a [`DecodeWarning`]
/// ([`DebugToken::decode`]; [`Response::warnings`] of
/// [`Client::debug_token`], an error in strict mode).
///
/// ```
/// use graph_runtime::token::{DebugToken, Expiry, TokenType};
/// let info = DebugToken::from_json(&serde_json::json!({
///     "app_id": "138483919580948", "type": "USER", "application": "Social Cafe",
///     "expires_at": 1352419328, "data_access_expires_at": 0, "is_valid": true,
///     "scopes": ["email", "pages_show_list"], "user_id": "1207059",
///     "granular_scopes": [{"scope": "pages_show_list", "target_ids": ["101", 102]}],
///     "metadata": {"sso": "iphone-safari"}
/// }))?;
/// assert_eq!(info.token_type, Some(TokenType::User));
/// assert_eq!(info.expires_at.and_then(Expiry::at).map(|t| t.unix_timestamp()), Some(1352419328));
/// assert_eq!(info.data_access_expires_at, Some(Expiry::Never));
/// assert_eq!(info.granular_scopes[0].target_ids, ["101", "102"]);
/// assert!(info.has_scope("email"));
/// assert_eq!(info.extra["metadata"]["sso"], "iphone-safari");
/// # Ok::<(), graph_runtime::DecodeError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct DebugToken {
    /// `app_id`: the app the token belongs to.
    pub app_id: Option<String>,
    /// `type`: user, Page, app or system user token.
    pub token_type: Option<TokenType>,
    /// `application`: the app's name.
    pub application: Option<String>,
    /// `user_id`: the user the token acts for (for a Page token, the user
    /// who granted it).
    pub user_id: Option<String>,
    /// `profile_id`: the Page, for a Page token.
    pub profile_id: Option<String>,
    /// `is_valid`: whether Graph accepts the token now. `false` when absent.
    pub is_valid: bool,
    /// `expires_at`: when the token expires, or [`Expiry::Never`] (Graph's
    /// `0`: app tokens, Page tokens from a long-lived user token).
    pub expires_at: Option<Expiry>,
    /// `data_access_expires_at`: when the user's data access expires (90
    /// days after the user last used the app), or [`Expiry::Never`].
    pub data_access_expires_at: Option<Expiry>,
    /// `issued_at`: when the token was issued, if Graph says.
    pub issued_at: Option<DateTime>,
    /// `scopes`: the permissions granted (`email`, `pages_show_list`, …).
    pub scopes: Vec<String>,
    /// `granular_scopes`: permissions granted for some objects only.
    pub granular_scopes: Vec<GranularScope>,
    /// `error`: why the token is invalid, when it is.
    pub error: Option<TokenError>,
    /// Every other key as sent (`metadata`, keys Graph adds later), and the
    /// values that did not fit their field.
    pub extra: Map<String, Value>,
}

impl DebugToken {
    /// Reads the `data` object of a `/debug_token` answer; fails only if
    /// `data` is not an object. [`DebugToken::decode`] also says which
    /// values did not fit.
    pub fn from_json(data: &Value) -> Result<Self, DecodeError> {
        Self::decode(data).map(|decoded| decoded.value)
    }

    /// [`from_json`](Self::from_json), with a [`DecodeWarning`] for each
    /// value that was coerced or kept raw, its path from `data`. The rules
    /// are every model's ([`tolerant`]): `"1"` for `is_valid` is coerced to
    /// `true`, a timestamp that is not a number is kept raw in
    /// [`extra`](DebugToken::extra); and a Unix time out of range, or a
    /// granular scope without its `scope`, is kept raw too.
    /// Warnings come in the order met, those two last. [`Client::debug_token`]
    /// puts them in [`Response::warnings`], or, in strict mode, fails with
    /// the first.
    ///
    /// ```
    /// use graph_runtime::token::DebugToken;
    /// let decoded = DebugToken::decode(&serde_json::json!({"is_valid": "1", "expires_at": "soon"}))?;
    /// assert!(decoded.value.is_valid);
    /// assert_eq!(decoded.value.extra["expires_at"], "soon");
    /// let paths: Vec<&str> = decoded.warnings.iter().map(|w| w.path()).collect();
    /// assert_eq!(paths, ["expires_at", "is_valid"]);
    /// # Ok::<(), graph_runtime::DecodeError>(())
    /// ```
    pub fn decode(data: &Value) -> Result<Decoded<Self>, DecodeError> {
        if !data.is_object() {
            return Err(DecodeError::new(
                "",
                &format!(
                    "expected a debug_token object, found {}",
                    crate::params::json_type(data)
                ),
            ));
        }
        let Decoded {
            value: wire,
            mut warnings,
            ..
        } = tolerant::decode::<Wire>(data)?;
        let value = wire.read(data, &mut warnings);
        Ok(Decoded::new(value, warnings))
    }

    /// Whether `scope` is among [`DebugToken::scopes`].
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }

    /// What is wrong with the token, from its [`TokenError`] (`None` when
    /// Graph reports no error, or an error that is not about the token).
    pub fn auth_problem(&self) -> Option<AuthProblem> {
        self.error.as_ref()?.auth_problem()
    }

    /// Whether the token has expired at `now`: Graph reports it expired
    /// ([`AuthProblem::Expired`]), or its [`expires_at`](DebugToken::expires_at) is past.
    pub fn is_expired_at(&self, now: DateTime) -> bool {
        self.auth_problem() == Some(AuthProblem::Expired)
            || self.expires_at.is_some_and(|expiry| expiry.is_past(now))
    }
}

/// `type` of a token in a [`DebugToken`], as Graph spells it (`USER`, …).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenType {
    /// `USER`: a user access token.
    User,
    /// `PAGE`: a Page access token.
    Page,
    /// `APP`: an app access token.
    App,
    /// `SYSTEM_USER`: a business system user's token.
    SystemUser,
    /// Any other value, kept as sent.
    Other(String),
}

impl TokenType {
    /// The type Graph's text names, whatever its case; any other text is
    /// [`TokenType::Other`].
    pub fn parse(text: &str) -> Self {
        const KNOWN: [(&str, TokenType); 4] = [
            ("USER", TokenType::User),
            ("PAGE", TokenType::Page),
            ("APP", TokenType::App),
            ("SYSTEM_USER", TokenType::SystemUser),
        ];
        KNOWN
            .into_iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(text))
            .map_or_else(|| TokenType::Other(text.to_owned()), |(_, kind)| kind)
    }

    /// Graph's text for the type (`"USER"`).
    pub fn as_str(&self) -> &str {
        match self {
            TokenType::User => "USER",
            TokenType::Page => "PAGE",
            TokenType::App => "APP",
            TokenType::SystemUser => "SYSTEM_USER",
            TokenType::Other(text) => text,
        }
    }
}

impl fmt::Display for TokenType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// When a token (or its data access) expires. Graph sends Unix seconds,
/// `0` for never.
///
/// ```
/// use graph_runtime::DateTime;
/// use graph_runtime::token::Expiry;
/// let now: DateTime = "2024-01-01T00:00:00+0000".parse()?;
/// assert!(!Expiry::Never.is_past(now));
/// assert!(Expiry::from_unix(1_600_000_000).unwrap().is_past(now));
/// assert_eq!(Expiry::from_unix(0), Some(Expiry::Never));
/// # Ok::<(), graph_runtime::datetime::InvalidDateTime>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Expiry {
    /// Never expires (Graph's `0`).
    Never,
    /// Expires at this time.
    At(DateTime),
}

impl Expiry {
    /// From Unix seconds: `0` is [`Expiry::Never`]; `None` for a time
    /// out of range.
    pub fn from_unix(seconds: i64) -> Option<Self> {
        match seconds {
            0 => Some(Expiry::Never),
            t => datetime(t).map(Expiry::At),
        }
    }

    /// The time, unless it never expires.
    pub fn at(self) -> Option<DateTime> {
        match self {
            Expiry::Never => None,
            Expiry::At(at) => Some(at),
        }
    }

    /// Whether the expiry is at or before `now`.
    pub fn is_past(self, now: DateTime) -> bool {
        self.at().is_some_and(|at| at <= now)
    }

    /// Time left from `now` until the expiry: `None` if it never expires,
    /// zero if it is past.
    pub fn remaining(self, now: DateTime) -> Option<Duration> {
        let left = self.at()?.as_offset_date_time() - now.as_offset_date_time();
        Some(left.try_into().unwrap_or(Duration::ZERO))
    }
}

/// One entry of `granular_scopes`: a permission granted for some objects
/// only (`pages_show_list` for two Pages).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct GranularScope {
    /// `scope`: the permission.
    pub scope: String,
    /// `target_ids`: the objects it is granted for; empty when Graph lists
    /// none (granted for all).
    pub target_ids: Vec<String>,
    /// Every other key of the entry as sent, and the values that did not
    /// fit their field.
    pub extra: Map<String, Value>,
}

/// `error` of a [`DebugToken`]: why the token is invalid.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct TokenError {
    /// `code` (`190`).
    pub code: Option<i64>,
    /// `subcode` (`463` expired, `460` password changed, …).
    pub subcode: Option<i64>,
    /// `message`, scrubbed of secrets; empty if Graph sent none.
    pub message: String,
    /// Every other key of the error as sent (`error_subcode` when
    /// `subcode` is there too), and the values that did not fit their
    /// field; scrubbed of secrets.
    pub extra: Map<String, Value>,
}

impl TokenError {
    /// What is wrong with the token, by code and subcode ([`AuthProblem::from_codes`]).
    pub fn auth_problem(&self) -> Option<AuthProblem> {
        AuthProblem::from_codes(self.code, self.subcode)
    }
}

/// A token Graph granted: the answer of `/oauth/access_token`
/// ([`Client::app_access_token`], [`Client::exchange_token`]).
///
/// Its `Debug` shows the token as `<redacted>`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TokenGrant {
    /// `access_token`: the new token.
    pub access_token: AccessToken,
    /// `token_type`, usually `"bearer"`.
    pub token_type: Option<String>,
    /// `expires_in`: how long the token lasts from now, if Graph says (an
    /// exchanged token: about 60 days; app tokens: not said, they do not expire).
    pub expires_in: Option<Duration>,
    /// Every other key of the answer as sent, and the values that did not
    /// fit their field; scrubbed of secrets.
    pub extra: Map<String, Value>,
}

impl TokenGrant {
    /// Reads the answer of `/oauth/access_token` by the rules of every
    /// model ([`tolerant`]), with a warning for each value coerced or kept
    /// raw; fails only without a token. The new token is taken out before
    /// anything else is read, and the rest scrubbed of it and of
    /// `redactor`'s secrets, so no warning, error or `extra` entry can
    /// quote it.
    fn decode(body: Value, redactor: &Redactor) -> Result<Decoded<Self>, DecodeError> {
        let mut body = match body {
            Value::Object(body) => body,
            other => {
                return Err(DecodeError::new(
                    "",
                    &format!(
                        "expected a JSON object as the answer of /oauth/access_token, found {}",
                        crate::params::json_type(&other)
                    ),
                ));
            }
        };
        let token = match body.remove("access_token") {
            Some(Value::String(token)) if !token.trim().is_empty() => token,
            // Never quote the value: it is a token.
            _ => {
                return Err(DecodeError::new(
                    "access_token",
                    "missing, empty or not a string in the answer of /oauth/access_token",
                ));
            }
        };
        let redactor = redactor.clone().with([token.clone()]);
        let rest = crate::error::redact_value(Value::Object(body), &redactor);
        let Decoded {
            value: wire,
            warnings,
            ..
        } = tolerant::decode::<GrantWire>(&rest)?;
        let value = TokenGrant {
            access_token: AccessToken::from(token),
            token_type: wire.token_type,
            expires_in: wire.expires_in.map(Duration::from_secs),
            extra: wire.extra,
        };
        Ok(Decoded::new(value, warnings))
    }
}

/// The requests, shared by the async and blocking clients.
fn debug_token_request(input: &AccessToken) -> GraphRequest {
    // Graph answers `debug_token` on GET only; `method=GET` makes a POST
    // count as one, so the token travels in the body, not in the URL.
    GraphRequest::post("debug_token")
        .secret_param("input_token", input.expose_secret())
        .param("method", "GET")
}

fn oauth_request(grant_type: &str, app_id: &str, secret: &AppSecret) -> GraphRequest {
    GraphRequest::post("oauth/access_token")
        .without_client_token()
        .param("grant_type", grant_type)
        .param("client_id", app_id)
        .secret_param("client_secret", secret.expose_secret())
}

fn redactor<'a>(secrets: impl IntoIterator<Item = &'a str>) -> Redactor {
    Redactor::new(secrets.into_iter().map(str::to_owned))
}

/// Decodes one of the runtime's own answers as builders decode a model:
/// `decode` reads the body (errors with their path from its top);
/// warnings go under `at`; warnings and errors are scrubbed of `redactor`'s
/// secrets and the client's (cut short or whole), and warnings are traced,
/// or in strict mode the first is an [`Error::Decode`].
fn own_answer<T>(
    client: &Client,
    response: Response<Value>,
    redactor: &Redactor,
    at: Option<&str>,
    decode: impl FnOnce(Value) -> Result<Decoded<T>, DecodeError>,
) -> Result<Response<T>, Error> {
    use crate::client::sealed::Sealed;
    let mut warnings = Vec::new();
    let mut response = response.try_map(|body| {
        let Decoded {
            value,
            warnings: mut raised,
            ..
        } = decode(body).map_err(|e| {
            Error::Decode(client.scrub(e.scrubbed(|text| redactor.redact_excerpt(text))))
        })?;
        for warning in &mut raised {
            warning.scrub(|text| redactor.redact_excerpt(text));
        }
        let (value, raised) = crate::decode::finish(client, value, raised, at, None)?;
        warnings = raised;
        Ok::<_, Error>(value)
    })?;
    response.warnings = warnings;
    Ok(response)
}

/// A grant of `/oauth/access_token` ([`TokenGrant::decode`]).
fn grant(
    client: &Client,
    response: Response<Value>,
    redactor: Redactor,
) -> Result<Response<TokenGrant>, Error> {
    own_answer(client, response, &redactor, None, |body| {
        TokenGrant::decode(body, &redactor)
    })
}

impl Client {
    /// What Graph knows about `input`: `/debug_token`, typed ([`DebugToken`]).
    ///
    /// The client's own token must be an app token
    /// ([`AccessToken::app_token`]) or the token of an admin or developer of
    /// the app `input` belongs to, as Graph requires. An invalid or expired
    /// `input` is not an error: Graph answers `is_valid: false` with an
    /// [`error`](DebugToken::error) that says why
    /// ([`DebugToken::auth_problem`]).
    ///
    /// The answer decodes as [`DebugToken::decode`] says: each value that
    /// did not fit is in [`Response::warnings`] (path under `data`) and a
    /// `tracing` warning, or, with the client's
    /// [`strict`](crate::ClientBuilder::strict) option, an
    /// [`Error::Decode`].
    ///
    /// Sent as `POST /debug_token` with `input_token` and `method=GET` in the
    /// form body (Graph honours the `method` override on a POST), so the
    /// token never appears in a URL, a proxy's log or a tracing span.
    ///
    /// ```no_run
    /// # async fn demo(client: graph_runtime::Client) -> Result<(), graph_runtime::Error> {
    /// use graph_runtime::AccessToken;
    /// let info = client.debug_token(&AccessToken::from("EAAB…")).await?.data;
    /// if !info.is_valid {
    ///     println!("invalid: {:?}", info.auth_problem());
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn debug_token(&self, input: &AccessToken) -> Result<Response<DebugToken>, Error> {
        let redactor = redactor([input.expose_secret()]);
        let response = self
            .send(debug_token_request(input))
            .await
            .map_err(|e| e.redacted(&redactor))?;
        own_answer(self, response, &redactor, Some("data"), |mut body| {
            let data = body
                .get_mut("data")
                .map(Value::take)
                .ok_or_else(|| DecodeError::new("data", "missing in the answer of /debug_token"))?;
            // Scrubbed before it is read: a token Graph echoes (in an
            // error's message, in a value that does not fit) is gone from
            // every field, `extra` entry and warning.
            let data = crate::error::redact_value(data, &redactor);
            DebugToken::decode(&data).map_err(|e| e.within("data"))
        })
    }

    /// Asks Graph for an app access token: `POST /oauth/access_token` with
    /// `grant_type=client_credentials`, `client_id` and `client_secret` in
    /// the form body, sent without the client's token and `appsecret_proof`.
    /// [`AccessToken::app_token`] makes the same token without a request.
    ///
    /// A wrong secret is a Graph error (`Error validating client secret.`).
    ///
    /// ```no_run
    /// # async fn demo(client: graph_runtime::Client) -> Result<(), graph_runtime::Error> {
    /// use graph_runtime::AppSecret;
    /// let app = client.app_access_token("1234", &AppSecret::from("s3cret")).await?.data;
    /// let app_client = graph_runtime::Client::builder(app.access_token).build()?;
    /// # Ok(()) }
    /// ```
    pub async fn app_access_token(
        &self,
        app_id: &str,
        secret: &AppSecret,
    ) -> Result<Response<TokenGrant>, Error> {
        let redactor = redactor([secret.expose_secret()]);
        let request = oauth_request("client_credentials", app_id, secret);
        let response = self
            .send(request)
            .await
            .map_err(|e| e.redacted(&redactor))?;
        grant(self, response, redactor)
    }

    /// Exchanges a short-lived user token for a long-lived one (about 60
    /// days): `POST /oauth/access_token` with
    /// `grant_type=fb_exchange_token`, `client_id`, `client_secret` and
    /// `fb_exchange_token` in the form body, sent without the client's
    /// token and `appsecret_proof`.
    ///
    /// An expired or invalid `short` token is a Graph auth error
    /// ([`Error::auth_problem`]).
    ///
    /// ```no_run
    /// # async fn demo(client: graph_runtime::Client) -> Result<(), graph_runtime::Error> {
    /// use graph_runtime::{AccessToken, AppSecret};
    /// let short = AccessToken::from("EAAB…from the login dialog");
    /// let long = client.exchange_token("1234", &AppSecret::from("s3cret"), &short).await?.data;
    /// println!("lasts {:?}", long.expires_in);
    /// # Ok(()) }
    /// ```
    pub async fn exchange_token(
        &self,
        app_id: &str,
        secret: &AppSecret,
        short: &AccessToken,
    ) -> Result<Response<TokenGrant>, Error> {
        let redactor = redactor([secret.expose_secret(), short.expose_secret()]);
        let request = oauth_request("fb_exchange_token", app_id, secret)
            .secret_param("fb_exchange_token", short.expose_secret());
        let response = self
            .send(request)
            .await
            .map_err(|e| e.redacted(&redactor))?;
        grant(self, response, redactor)
    }
}

#[cfg(feature = "blocking")]
impl crate::blocking::Client {
    /// Blocking [`Client::debug_token`].
    pub fn debug_token(&self, input: &AccessToken) -> Result<Response<DebugToken>, Error> {
        self.block_on(self.async_client().debug_token(input))
    }

    /// Blocking [`Client::app_access_token`].
    pub fn app_access_token(
        &self,
        app_id: &str,
        secret: &AppSecret,
    ) -> Result<Response<TokenGrant>, Error> {
        self.block_on(self.async_client().app_access_token(app_id, secret))
    }

    /// Blocking [`Client::exchange_token`].
    pub fn exchange_token(
        &self,
        app_id: &str,
        secret: &AppSecret,
        short: &AccessToken,
    ) -> Result<Response<TokenGrant>, Error> {
        self.block_on(self.async_client().exchange_token(app_id, secret, short))
    }
}

// ---- answers as received -----------------------------------------------------------------

/// `data` of `/debug_token` as received, decoded by the rules of every
/// model ([`tolerant`]): each field as Graph types it, every other key, and
/// each value that did not fit, in `extra`. [`Wire::read`] makes the typed
/// [`DebugToken`] of it.
#[derive(Default)]
struct Wire {
    app_id: Option<String>,
    application: Option<String>,
    data_access_expires_at: Option<i64>,
    error: Option<ErrorWire>,
    expires_at: Option<i64>,
    granular_scopes: Option<Vec<ScopeWire>>,
    is_valid: Option<bool>,
    issued_at: Option<i64>,
    profile_id: Option<String>,
    scopes: Option<Vec<String>>,
    token_type: Option<String>,
    user_id: Option<String>,
    extra: Map<String, Value>,
}

crate::model_serde!(Wire, &WIRE;
    0 "app_id" => app_id; 1 "application" => application;
    2 "data_access_expires_at" => data_access_expires_at; 3 "error" => error;
    4 "expires_at" => expires_at; 5 "granular_scopes" => granular_scopes;
    6 "is_valid" => is_valid; 7 "issued_at" => issued_at; 8 "profile_id" => profile_id;
    9 "scopes" => scopes; 10 "type" => token_type; 11 "user_id" => user_id;
);

/// What `data` of `/debug_token` holds, sorted by wire name (the indices
/// of `model_serde!` above).
static WIRE: NodeSchema = crate::node_schema!("DebugToken";
    "app_id": String, "application": String, "data_access_expires_at": Int64,
    "error": Node(&ERROR_WIRE), "expires_at": Int64,
    "granular_scopes": List(&Node(&SCOPE_WIRE)), "is_valid": Bool, "issued_at": Int64,
    "profile_id": String, "scopes": List(&String), "type": String, "user_id": String,
);

/// `error` of `/debug_token` as received.
#[derive(Default)]
struct ErrorWire {
    code: Option<i64>,
    error_subcode: Option<i64>,
    message: Option<String>,
    subcode: Option<i64>,
    extra: Map<String, Value>,
}

crate::model_serde!(ErrorWire, &ERROR_WIRE;
    0 "code" => code; 1 "error_subcode" => error_subcode; 2 "message" => message;
    3 "subcode" => subcode;
);

static ERROR_WIRE: NodeSchema = crate::node_schema!("TokenError";
    "code": Int64, "error_subcode": Int64, "message": String, "subcode": Int64,
);

/// An entry of `granular_scopes` as received.
#[derive(Default)]
struct ScopeWire {
    scope: Option<String>,
    target_ids: Option<Vec<String>>,
    extra: Map<String, Value>,
}

crate::model_serde!(ScopeWire, &SCOPE_WIRE; 0 "scope" => scope; 1 "target_ids" => target_ids;);

static SCOPE_WIRE: NodeSchema = crate::node_schema!("GranularScope";
    "scope": String, "target_ids": List(&String),
);

/// The answer of `/oauth/access_token` as received, its token taken out
/// ([`TokenGrant::decode`]).
#[derive(Default)]
struct GrantWire {
    expires_in: Option<u64>,
    token_type: Option<String>,
    extra: Map<String, Value>,
}

crate::model_serde!(GrantWire, &GRANT_WIRE; 0 "expires_in" => expires_in; 1 "token_type" => token_type;);

static GRANT_WIRE: NodeSchema = crate::node_schema!("TokenGrant";
    "expires_in": UInt64, "token_type": String,
);

impl Wire {
    /// The typed token. A value that fits Graph's type but not this one's
    /// (a Unix time out of range, a granular scope without its `scope`)
    /// is kept raw in `extra`, with a warning.
    fn read(self, data: &Value, warnings: &mut Vec<DecodeWarning>) -> DebugToken {
        let mut extra = self.extra;
        // The seconds of a time that is in range; any other is kept raw.
        let mut in_range = |key: &str, seconds: Option<i64>, warnings: &mut Vec<DecodeWarning>| {
            let seconds = seconds?;
            if datetime(seconds).is_some() {
                return Some(seconds);
            }
            let expected = "a Unix time in range";
            let raw = Value::from(seconds);
            let kind = ViolationKind::OutOfRange;
            keep_raw(&mut extra, warnings, key, kind, expected, raw);
            None
        };
        let expires_at =
            in_range("expires_at", self.expires_at, warnings).and_then(Expiry::from_unix);
        let data_access = self.data_access_expires_at;
        let data_access_expires_at =
            in_range("data_access_expires_at", data_access, warnings).and_then(Expiry::from_unix);
        let issued_at = in_range("issued_at", self.issued_at, warnings).and_then(datetime);
        let granular_scopes = match self.granular_scopes {
            Some(scopes) if scopes.iter().all(|s| s.scope.is_some()) => {
                scopes.into_iter().map(ScopeWire::read).collect()
            }
            Some(_) => {
                // Kept as received: what was coerced inside is kept raw too.
                let raw = data["granular_scopes"].clone();
                for warning in warnings.iter_mut() {
                    if warning.path().starts_with("granular_scopes[") {
                        warning.kept_raw();
                    }
                }
                let expected = "granular scopes, each with a `scope`";
                let kind = ViolationKind::WrongType;
                keep_raw(&mut extra, warnings, "granular_scopes", kind, expected, raw);
                Vec::new()
            }
            None => Vec::new(),
        };
        DebugToken {
            app_id: self.app_id,
            token_type: self.token_type.as_deref().map(TokenType::parse),
            application: self.application,
            user_id: self.user_id,
            profile_id: self.profile_id,
            is_valid: self.is_valid.unwrap_or(false),
            expires_at,
            data_access_expires_at,
            issued_at,
            scopes: self.scopes.unwrap_or_default(),
            granular_scopes,
            error: self.error.map(ErrorWire::read),
            extra,
        }
    }
}

impl ErrorWire {
    fn read(self) -> TokenError {
        let mut extra = self.extra;
        let subcode = match (self.subcode, self.error_subcode) {
            (Some(subcode), Some(other)) => {
                extra.insert("error_subcode".to_owned(), Value::from(other));
                Some(subcode)
            }
            (subcode, other) => subcode.or(other),
        };
        TokenError {
            code: self.code,
            subcode,
            message: self.message.unwrap_or_default(),
            extra,
        }
    }
}

impl ScopeWire {
    fn read(self) -> GranularScope {
        GranularScope {
            scope: self.scope.unwrap_or_default(),
            target_ids: self.target_ids.unwrap_or_default(),
            extra: self.extra,
        }
    }
}

/// Keeps `value` in `extra` under `key`, with a warning that it is not
/// what the typed field reads.
fn keep_raw(
    extra: &mut Map<String, Value>,
    warnings: &mut Vec<DecodeWarning>,
    key: &str,
    kind: ViolationKind,
    expected: &str,
    value: Value,
) {
    let path = crate::validate::path::key_step(key);
    let violation = Violation::does_not_fit(&path, kind, expected, &value);
    warnings.push(DecodeWarning::new(violation, Action::KeptRaw));
    extra.insert(key.to_owned(), value);
}

fn datetime(seconds: i64) -> Option<DateTime> {
    OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .map(DateTime::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_a_valid_user_token() {
        let info = DebugToken::from_json(&json!({
            "app_id": 138483919580948_u64,
            "type": "USER",
            "application": "Social Cafe",
            "data_access_expires_at": "1544544000",
            "expires_at": 1352419328,
            "is_valid": true,
            "issued_at": 1347235328,
            "metadata": {"sso": "iphone-safari"},
            "scopes": ["email", "user_location"],
            "user_id": "1207059"
        }))
        .unwrap();
        assert_eq!(info.app_id.as_deref(), Some("138483919580948"));
        assert_eq!(info.token_type, Some(TokenType::User));
        assert_eq!(info.application.as_deref(), Some("Social Cafe"));
        assert_eq!(info.user_id.as_deref(), Some("1207059"));
        assert!(info.is_valid && info.error.is_none() && info.auth_problem().is_none());
        let unix = |e: Option<Expiry>| e.and_then(Expiry::at).map(|t| t.unix_timestamp());
        assert_eq!(unix(info.expires_at), Some(1352419328));
        assert_eq!(unix(info.data_access_expires_at), Some(1544544000));
        assert_eq!(info.issued_at.map(|t| t.unix_timestamp()), Some(1347235328));
        assert_eq!(info.scopes, ["email", "user_location"]);
        assert!(info.has_scope("email") && !info.has_scope("ads_read"));
        assert_eq!(info.extra.len(), 1);
        assert_eq!(info.extra["metadata"], json!({"sso": "iphone-safari"}));
    }

    #[test]
    fn reads_an_invalid_token_and_its_problem() {
        let info = DebugToken::from_json(&json!({
            "app_id": "1", "type": "USER", "is_valid": false, "expires_at": 1352419328,
            "error": {"code": 190, "subcode": 463, "message": "Error validating access token: Session has expired"},
            "scopes": []
        }))
        .unwrap();
        assert!(!info.is_valid);
        let error = info.error.clone().unwrap();
        assert_eq!((error.code, error.subcode), (Some(190), Some(463)));
        assert_eq!(info.auth_problem(), Some(AuthProblem::Expired));
        let now: DateTime = "2000-01-01T00:00:00+0000".parse().unwrap();
        assert!(
            info.is_expired_at(now),
            "Graph says expired, whatever the time"
        );
        // Graph's answer for a token it cannot parse: no subcode.
        let unknown = DebugToken::from_json(&json!({
            "error": {"code": 190, "message": "Invalid OAuth access token - Cannot parse access token"},
            "is_valid": false, "scopes": []
        }))
        .unwrap();
        assert_eq!(unknown.auth_problem(), Some(AuthProblem::Invalid));
        assert_eq!(unknown.token_type, None);
    }

    #[test]
    fn zero_is_never_and_expiry_compares_with_now() {
        let info =
            DebugToken::from_json(&json!({"type": "APP", "expires_at": 0, "is_valid": true}))
                .unwrap();
        assert_eq!(info.expires_at, Some(Expiry::Never));
        let now: DateTime = "2024-01-01T00:00:00+0000".parse().unwrap();
        assert!(!info.is_expired_at(now));
        assert_eq!(Expiry::Never.remaining(now), None);
        let later = Expiry::from_unix(now.unix_timestamp() + 90).unwrap();
        assert_eq!(later.remaining(now), Some(Duration::from_secs(90)));
        assert!(!later.is_past(now));
        let earlier = Expiry::from_unix(now.unix_timestamp() - 1).unwrap();
        assert_eq!(earlier.remaining(now), Some(Duration::ZERO));
        assert!(earlier.is_past(now));
        assert_eq!(Expiry::from_unix(i64::MAX), None);
    }

    #[test]
    fn types_known_unknown_and_any_case() {
        for (text, kind) in [
            ("USER", TokenType::User),
            ("page", TokenType::Page),
            ("APP", TokenType::App),
            ("SYSTEM_USER", TokenType::SystemUser),
            (
                "BUSINESS_INTEGRATION",
                TokenType::Other("BUSINESS_INTEGRATION".into()),
            ),
        ] {
            assert_eq!(TokenType::parse(text), kind, "{text}");
            assert_eq!(
                kind.as_str().to_ascii_uppercase(),
                text.to_ascii_uppercase()
            );
        }
        assert_eq!(TokenType::Page.to_string(), "PAGE");
    }

    /// Each warning as `path (action)`, in the order met.
    fn warned(decoded: &Decoded<DebugToken>) -> Vec<String> {
        let action = |a| match a {
            Action::Coerced => "coerced",
            _ => "kept raw",
        };
        decoded
            .warnings
            .iter()
            .map(|w| format!("{} ({})", w.path(), action(w.action())))
            .collect()
    }

    #[test]
    fn values_that_drift_are_coerced_or_kept_in_extra_with_a_warning_never_fatal() {
        let decoded = DebugToken::decode(&json!({
            "type": 7,
            "expires_at": "soon",
            "data_access_expires_at": 99_999_999_999_999_i64,
            "issued_at": {"t": 1},
            "is_valid": "yes",
            "scopes": ["email", {"odd": true}],
            "granular_scopes": [{"scope": "pages_show_list", "target_ids": ["1", 2]}, {"target_ids": []}],
            "error": "bad",
            "profile_id": 55,
            "new_key": [1, 2]
        }))
        .unwrap();
        let info = &decoded.value;
        // Coerced by the rules of every model: a number for a string.
        assert_eq!(info.profile_id.as_deref(), Some("55"));
        assert_eq!(info.token_type, Some(TokenType::Other("7".into())));
        assert!(!info.is_valid);
        assert!(info.scopes.is_empty() && info.granular_scopes.is_empty());
        assert_eq!(
            (info.expires_at, info.data_access_expires_at, info.issued_at),
            (None, None, None)
        );
        assert_eq!(info.error, None);
        let mut kept: Vec<&str> = info.extra.keys().map(String::as_str).collect();
        kept.sort_unstable();
        assert_eq!(
            kept,
            [
                "data_access_expires_at",
                "error",
                "expires_at",
                "granular_scopes",
                "is_valid",
                "issued_at",
                "new_key",
                "scopes",
            ]
        );
        assert_eq!(info.extra["scopes"], json!(["email", {"odd": true}]));
        assert_eq!(info.extra["error"], "bad");
        assert_eq!(info.extra["data_access_expires_at"], 99_999_999_999_999_i64);
        // The list is kept whole, as received.
        assert_eq!(
            info.extra["granular_scopes"],
            json!([{"scope": "pages_show_list", "target_ids": ["1", 2]}, {"target_ids": []}])
        );
        // A key the type does not know is no warning; every value that
        // did not fit is one.
        assert_eq!(
            warned(&decoded),
            [
                "error (kept raw)",
                "expires_at (kept raw)",
                "granular_scopes[0].target_ids[1] (kept raw)",
                "is_valid (kept raw)",
                "issued_at (kept raw)",
                "profile_id (coerced)",
                "scopes[1] (kept raw)",
                "type (coerced)",
                "data_access_expires_at (kept raw)",
                "granular_scopes (kept raw)",
            ]
        );
        let range = &decoded.warnings[8];
        assert_eq!(range.violation().kind(), ViolationKind::OutOfRange);
        assert_eq!(
            range.to_string(),
            "data_access_expires_at: expected a Unix time in range, found integer 99999999999999 (kept raw)"
        );
        assert_eq!(
            decoded.warnings[9].violation().message(),
            "expected granular scopes, each with a `scope`, found array [{\"scope\":\"pages_show_list\",\"target_ids\"…"
        );
        // Granular scopes with and without target ids, and what else an
        // entry or the error holds.
        let decoded = DebugToken::decode(&json!({"granular_scopes": [
            {"scope": "pages_show_list", "target_ids": ["1", 2], "since": 5},
            {"scope": "email"}
        ], "error": {"code": 190, "subcode": 460, "error_subcode": 463, "type": "OAuthException"}}))
        .unwrap();
        let info = decoded.value;
        assert_eq!(info.granular_scopes[0].target_ids, ["1", "2"]);
        assert_eq!(info.granular_scopes[0].extra["since"], 5);
        assert!(info.granular_scopes[1].target_ids.is_empty());
        assert!(info.granular_scopes[1].extra.is_empty());
        let error = info.error.unwrap();
        assert_eq!((error.code, error.subcode), (Some(190), Some(460)));
        assert_eq!(
            error.extra,
            *json!({"error_subcode": 463, "type": "OAuthException"})
                .as_object()
                .unwrap()
        );
        assert!(info.extra.is_empty());
        for not_an_object in [json!(null), json!([]), json!("x"), json!(1)] {
            let error = DebugToken::from_json(&not_an_object).unwrap_err();
            assert!(error.message().starts_with("expected a debug_token object"));
        }
    }

    #[test]
    fn what_fits_raises_no_warning_and_times_read_as_expiries() {
        let decoded = DebugToken::decode(&json!({
            "is_valid": true, "expires_at": 0, "issued_at": 1347235328,
            "data_access_expires_at": 1544544000, "error": {"code": 190, "error_subcode": 463}
        }))
        .unwrap();
        assert!(decoded.warnings.is_empty(), "{:?}", decoded.warnings);
        let info = decoded.value;
        assert_eq!(info.expires_at, Some(Expiry::Never));
        let at = |e: Option<Expiry>| e.and_then(Expiry::at).map(|t| t.unix_timestamp());
        assert_eq!(at(info.data_access_expires_at), Some(1544544000));
        assert_eq!(info.issued_at.map(|t| t.unix_timestamp()), Some(1347235328));
        assert_eq!(info.error.map(|e| e.subcode), Some(Some(463)));
    }

    #[test]
    fn validity_reads_as_tolerant_decoding_reads_a_bool() {
        for (value, valid, kept_raw) in [
            (json!(true), true, false),
            (json!(false), false, false),
            (json!(1), true, false),
            (json!(0), false, false),
            (json!("true"), true, false),
            (json!("false"), false, false),
            (json!("1"), true, false),
            (json!("0"), false, false),
            (json!(2), false, true),
            (json!("yes"), false, true),
        ] {
            let info = DebugToken::from_json(&json!({ "is_valid": value })).unwrap();
            assert_eq!(info.is_valid, valid, "{value}");
            assert_eq!(info.extra.contains_key("is_valid"), kept_raw, "{value}");
        }
    }

    #[test]
    fn numbers_for_ids_become_strings_with_a_warning() {
        let decoded =
            DebugToken::decode(&json!({"app_id": 18446744073709551615u64, "user_id": -5})).unwrap();
        assert_eq!(
            decoded.value.app_id.as_deref(),
            Some("18446744073709551615")
        );
        assert_eq!(decoded.value.user_id.as_deref(), Some("-5"));
        assert_eq!(warned(&decoded), ["app_id (coerced)", "user_id (coerced)"]);
        // The rule of every model's strings: a number as JSON writes it.
        let decoded = DebugToken::decode(&json!({"user_id": 1.5})).unwrap();
        assert_eq!(decoded.value.user_id.as_deref(), Some("1.5"));
        assert!(decoded.value.extra.is_empty());
        assert_eq!(warned(&decoded), ["user_id (coerced)"]);
    }

    #[test]
    fn grants_hide_their_token_and_need_one() {
        let none = Redactor::default();
        let decoded = TokenGrant::decode(
            json!({"access_token": "EAAB-long-lived", "token_type": "bearer", "expires_in": "5184000"}),
            &none,
        )
        .unwrap();
        let grant = &decoded.value;
        assert_eq!(grant.access_token.expose_secret(), "EAAB-long-lived");
        assert_eq!(grant.expires_in, Some(Duration::from_secs(5_184_000)));
        assert_eq!(grant.token_type.as_deref(), Some("bearer"));
        assert!(grant.extra.is_empty());
        assert!(!format!("{grant:?}").contains("EAAB"));
        let warned: Vec<String> = decoded.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warned,
            ["expires_in: expected unsigned int64, found string \"5184000\" (coerced)"]
        );
        for bad in [
            json!({}),
            json!({"access_token": ""}),
            json!({"access_token": null}),
            json!({"access_token": 1234567890123_u64}),
        ] {
            let error = TokenGrant::decode(bad, &none).unwrap_err();
            assert_eq!(error.path(), "access_token");
            // Never the value: it may be a token.
            assert!(!error.to_string().contains("1234567890123"), "{error}");
        }
        // The old form-encoded answer: not an object, and never quoted.
        let form = json!("access_token=EAAB-form-encoded-token&expires=5184000");
        let error = TokenGrant::decode(form, &none).unwrap_err();
        assert_eq!(
            error.to_string(),
            "expected a JSON object as the answer of /oauth/access_token, found a string"
        );
        // What does not fit is kept and reported, never dropped.
        let app = TokenGrant::decode(
            json!({"access_token": "1|s", "expires_in": -5, "token_type": ["x"], "scope": "ads"}),
            &none,
        )
        .unwrap();
        assert_eq!((&app.value.token_type, app.value.expires_in), (&None, None));
        assert_eq!(
            app.value.extra,
            *json!({"expires_in": -5, "token_type": ["x"], "scope": "ads"})
                .as_object()
                .unwrap()
        );
        let paths: Vec<&str> = app.warnings.iter().map(DecodeWarning::path).collect();
        assert_eq!(paths, ["expires_in", "token_type"]);
    }

    #[test]
    fn requests_carry_secrets_in_the_body_only() {
        let token = AccessToken::from("EAAB-input");
        let debug = debug_token_request(&token);
        assert_eq!(debug.method(), crate::Method::Post);
        assert_eq!(debug.path(), "debug_token");
        assert!(debug.sends_client_token());
        assert_eq!(
            debug.params(),
            [
                ("input_token".to_owned(), "EAAB-input".to_owned()),
                ("method".to_owned(), "GET".to_owned())
            ]
        );
        let oauth = oauth_request("client_credentials", "1", &AppSecret::from("s"));
        assert_eq!(oauth.path(), "oauth/access_token");
        assert!(!oauth.sends_client_token());
        assert_eq!(
            AccessToken::app_token("1", &AppSecret::from("s")).expose_secret(),
            "1|s"
        );
    }
}
