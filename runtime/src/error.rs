//! Everything a Graph API call can fail with.
//!
//! [`Error`] is what every request returns. Its helpers
//! ([`Error::is_rate_limited`], [`Error::is_transient`], [`Error::is_auth`])
//! answer the questions callers actually ask, so nobody matches on raw codes.
//!
//! No error ever holds the access token, the app secret or the
//! `appsecret_proof`: text the server sends back is scrubbed of them before it
//! is stored, and transport errors drop the request URL.

use std::fmt;
use std::time::Duration;

use crate::auth::Redactor;
use crate::decode::DecodeError;
use crate::governor::LimitKey;
use crate::validate::ValidationErrors;
pub use graph_model::config::ConfigError;

/// A failed Graph API call.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The Graph API answered with an error object (`{"error": {...}}`).
    /// Boxed: it is the largest variant, and errors should not make every `Result` big.
    Graph(Box<GraphError>),
    /// An HTTP response that carries no Graph error object: an error status
    /// with an HTML, empty or foreign body, or a success status whose body is
    /// empty or not JSON.
    Http(HttpError),
    /// The body is JSON but does not fit the model; the error names the path
    /// (`voip_info.reason_code`).
    Decode(DecodeError),
    /// No complete response within the client's per-request timeout.
    Timeout {
        /// The per-request timeout that ran out.
        after: Duration,
    },
    /// The request could not be sent or the response not received
    /// (DNS, connect, TLS, connection reset).
    Transport(TransportError),
    /// The response body is longer than the client's
    /// `max_response_bytes`; reading stopped at the limit (or before
    /// reading, when `Content-Length` announced more). Not retried: the same
    /// request would most likely get the same answer.
    ResponseTooLarge {
        /// The limit, in bytes (`ClientBuilder::max_response_bytes`).
        limit: u64,
        /// The response's HTTP status.
        status: u16,
        /// The URL path of the request (`/v19.0/1234/feed`), without its
        /// query, so without any credential.
        path: String,
    },
    /// The request cannot be sent as built (an empty node id, say), or
    /// paging cannot go on (a `next` URL on another host, or one the API
    /// already sent).
    InvalidRequest(String),
    /// The operation's parameters do not fit the spec (a required one is
    /// missing, a value has the wrong type, an enum value is not listed).
    /// Checked before sending: the server never saw the request.
    InvalidParams(ValidationErrors),
    /// The client configuration is invalid (bad base URL, zero attempts, …).
    Config(ConfigError),
    /// One operation of a batch has no answer of its own: Graph did not run
    /// it, the batch request itself failed, or an operation it depends on
    /// could not be sent. See [`BatchError`](crate::batch::BatchError).
    Batch(crate::batch::BatchError),
    /// Graph blocks calls for a rate-limit key for longer than the client
    /// waits (`ClientBuilder::max_rate_limit_wait`): the governor failed the
    /// request at once instead of waiting (see [`governor`](crate::governor)).
    /// The request was not sent, or not sent again.
    RateLimited {
        /// The key that is blocked.
        scope: LimitKey,
        /// How long until Graph accepts calls for it again, as it reported.
        retry_after: Duration,
        /// The longest the client waits (`max_rate_limit_wait`).
        max_wait: Duration,
    },
    /// An asynchronous report run failed, was skipped, did not complete
    /// before the deadline, or answered what Graph does not send. See
    /// [`JobError`](crate::job::JobError). Boxed, like [`Error::Graph`].
    Job(Box<crate::job::JobError>),
    /// A file to upload could not be read or sent as declared (see
    /// [`UploadError`](crate::upload::UploadError)). Nothing more of the
    /// request was sent after the failure.
    Upload(crate::upload::UploadError),
    /// A resumable video upload stopped: a phase failed (with the session
    /// to resume), encoding failed or passed its deadline. See
    /// [`VideoError`](crate::video::VideoError). Boxed, like [`Error::Graph`].
    Video(Box<crate::video::VideoError>),
    /// The server answered with a redirect (`status`, a 3xx) to a place
    /// outside the client's base URL and video host. Not followed: the
    /// request's body, proof and query would have gone there. `to` is the
    /// redirect's origin (`https://example.com`), never its path or query.
    /// Not retried.
    Redirected {
        /// The redirect's HTTP status.
        status: u16,
        /// Scheme, host and port of where the redirect pointed.
        to: String,
    },
    /// Paging stopped before the end of the list: it reached the list's
    /// page limit ([`EdgeList::max_pages`](crate::EdgeList::max_pages)),
    /// or the server sent a run of empty pages that all link to a next one
    /// ([`EdgeList::max_empty_pages`](crate::EdgeList::max_empty_pages)).
    /// The pages before arrived; [`Pages::position`](crate::Pages::position)
    /// says where to go on from.
    PagingStopped {
        /// Pages fetched, the empty ones included.
        pages: u32,
        /// Why paging stopped.
        reason: PagingStop,
    },
}

/// Why paging stopped early ([`Error::PagingStopped`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PagingStop {
    /// The list's page limit was reached, and the last page links to another.
    PageLimit {
        /// The limit.
        max_pages: u32,
    },
    /// This many pages in a row were empty, and the last links to another.
    EmptyPages {
        /// The number of empty pages in a row.
        in_a_row: u32,
    },
}

impl Error {
    /// The Graph error object, if the API sent one.
    pub fn graph(&self) -> Option<&GraphError> {
        match self {
            Error::Graph(e) => Some(e),
            Error::Batch(e) => e.cause()?.graph(),
            _ => None,
        }
    }

    /// The HTTP status of the response, if one arrived.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::Graph(e) => Some(e.http_status),
            Error::Http(e) => Some(e.status),
            Error::ResponseTooLarge { status, .. } => Some(*status),
            Error::Batch(e) => e.cause()?.http_status(),
            _ => None,
        }
    }

    /// Throttled: a Graph rate-limit code (see [`GraphError::is_rate_limited`]),
    /// HTTP 429, or [`Error::RateLimited`].
    pub fn is_rate_limited(&self) -> bool {
        match self {
            Error::Graph(e) => e.is_rate_limited(),
            Error::Http(e) => e.status == 429,
            Error::Batch(e) => e.cause().is_some_and(Error::is_rate_limited),
            Error::RateLimited { .. } => true,
            _ => false,
        }
    }

    /// For [`Error::RateLimited`], how long until Graph accepts calls again.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited { retry_after, .. } => Some(*retry_after),
            _ => None,
        }
    }

    /// Graph refuses the request because its API version, or what it calls,
    /// is retired (see [`GraphError::is_version_retired`]): upgrade the
    /// crate, or set [`ClientBuilder::api_version`](crate::ClientBuilder::api_version).
    pub fn is_version_retired(&self) -> bool {
        self.graph().is_some_and(GraphError::is_version_retired)
    }

    /// The version Graph's retired-version error names as the one to use
    /// instead (`"v19.0"` in "Please update to the latest version: v19.0").
    pub fn suggested_version(&self) -> Option<&str> {
        self.graph()?.suggested_version()
    }

    /// The same request may well succeed later: a transient Graph error, any
    /// 5xx, a timeout, or a transport failure; not the
    /// [too-much-data](Error::is_too_much_data) answer, which asks for a
    /// smaller request rather than the same one again.
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Graph(e) => !e.is_too_much_data() && (e.is_transient() || e.http_status >= 500),
            Error::Http(e) => e.status >= 500,
            Error::Timeout { .. } | Error::Transport(_) => true,
            Error::Batch(e) => e.is_transient(),
            Error::Decode(_)
            | Error::ResponseTooLarge { .. }
            | Error::InvalidRequest(_)
            | Error::InvalidParams(_)
            | Error::Config(_)
            | Error::RateLimited { .. }
            | Error::Job(_)
            | Error::Upload(_)
            | Error::Video(_)
            | Error::Redirected { .. }
            | Error::PagingStopped { .. } => false,
        }
    }

    /// Graph refuses the request as asking for too much data (see
    /// [`GraphError::is_too_much_data`]). Edge lists answer it by halving
    /// `limit` ([`EdgeList`](crate::EdgeList)); the client does not resend
    /// the same request.
    pub fn is_too_much_data(&self) -> bool {
        self.graph().is_some_and(GraphError::is_too_much_data)
    }

    /// The access token is missing, invalid or expired (Graph codes 102, 104,
    /// 190, or HTTP 401 without a Graph error object). Exactly when
    /// [`Error::auth_problem`] says what is wrong.
    pub fn is_auth(&self) -> bool {
        self.auth_problem().is_some()
    }

    /// What is wrong with the access token, for an [auth](Error::is_auth)
    /// error: expired, password changed, app removed, … (see
    /// [`AuthProblem`]), read from Graph's code and subcode. HTTP 401
    /// without a Graph error object is [`AuthProblem::Invalid`].
    ///
    /// ```
    /// use graph_runtime::error::AuthProblem;
    /// # fn react(error: graph_runtime::Error) {
    /// match error.auth_problem() {
    ///     Some(AuthProblem::Expired) => { /* refresh or exchange the token */ }
    ///     Some(problem) if problem.needs_user() => { /* send the user through login again */ }
    ///     Some(_) => { /* a token that will never work: replace it */ }
    ///     None => { /* not about the token */ }
    /// }
    /// # }
    /// ```
    pub fn auth_problem(&self) -> Option<AuthProblem> {
        match self {
            Error::Graph(e) => e.auth_problem(),
            Error::Http(e) if e.status == 401 => Some(AuthProblem::Invalid),
            Error::Batch(e) => e.cause()?.auth_problem(),
            _ => None,
        }
    }
}

/// Why Graph refuses an access token: what [`Error::auth_problem`] and
/// [`GraphError::auth_problem`] read from an error's code (190, 102, 104)
/// and `error_subcode`, and [`DebugToken`](crate::token::DebugToken)'s
/// `error` from its own.
///
/// ```
/// use graph_runtime::error::AuthProblem;
/// assert_eq!(AuthProblem::from_codes(Some(190), Some(463)), Some(AuthProblem::Expired));
/// assert_eq!(AuthProblem::from_codes(Some(190), None), Some(AuthProblem::Invalid));
/// assert_eq!(AuthProblem::from_codes(Some(104), None), Some(AuthProblem::Missing));
/// assert_eq!(AuthProblem::from_codes(Some(100), Some(33)), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AuthProblem {
    /// Code 104: the request carried no access token.
    Missing,
    /// Subcode 463: the token has expired.
    Expired,
    /// Subcode 460: the user changed their password (or Facebook reset it),
    /// which invalidates their tokens.
    PasswordChanged,
    /// Subcode 458: the user has not authorized the app, or removed it.
    AppNotInstalled,
    /// Subcode 459: the user must log in at facebook.com to fix their
    /// account (checkpointed).
    UserCheckpointed,
    /// Subcode 464: the user has not confirmed their account.
    UnconfirmedUser,
    /// Subcode 467: the token is no longer valid: the user logged out, or
    /// the token was revoked.
    Revoked,
    /// Subcode 492: the session is invalid (a Page token whose user lost
    /// their role on the Page, say).
    InvalidSession,
    /// Code 190 or 102 without a subcode, or with one not listed here
    /// (the error keeps it in [`GraphError::error_subcode`]): the token is
    /// malformed, unknown or otherwise unusable.
    Invalid,
}

impl AuthProblem {
    /// The problem Graph's `code` and `error_subcode` describe; `None` when
    /// the code is not an auth code (190, 102, 104).
    pub fn from_codes(code: Option<i64>, subcode: Option<i64>) -> Option<Self> {
        match code? {
            104 => Some(AuthProblem::Missing),
            102 | 190 => Some(match subcode {
                Some(458) => AuthProblem::AppNotInstalled,
                Some(459) => AuthProblem::UserCheckpointed,
                Some(460) => AuthProblem::PasswordChanged,
                Some(463) => AuthProblem::Expired,
                Some(464) => AuthProblem::UnconfirmedUser,
                Some(467) => AuthProblem::Revoked,
                Some(492) => AuthProblem::InvalidSession,
                _ => AuthProblem::Invalid,
            }),
            _ => None,
        }
    }

    /// Graph's subcode for the problem (`463` for [`AuthProblem::Expired`]);
    /// `None` for [`Missing`](AuthProblem::Missing) and [`Invalid`](AuthProblem::Invalid).
    pub fn subcode(self) -> Option<i64> {
        match self {
            AuthProblem::AppNotInstalled => Some(458),
            AuthProblem::UserCheckpointed => Some(459),
            AuthProblem::PasswordChanged => Some(460),
            AuthProblem::Expired => Some(463),
            AuthProblem::UnconfirmedUser => Some(464),
            AuthProblem::Revoked => Some(467),
            AuthProblem::InvalidSession => Some(492),
            AuthProblem::Missing | AuthProblem::Invalid => None,
        }
    }

    /// Only the user can fix it, by logging in (again) or by acting on
    /// facebook.com: an expired token, a changed password, the app removed,
    /// a checkpointed or unconfirmed account, a logout or revocation, an
    /// invalid session. Not [`Missing`](AuthProblem::Missing) (a bug in the
    /// caller) nor [`Invalid`](AuthProblem::Invalid) (a token that never worked).
    pub fn needs_user(self) -> bool {
        !matches!(self, AuthProblem::Missing | AuthProblem::Invalid)
    }
}

impl fmt::Display for AuthProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AuthProblem::Missing => "no access token was sent",
            AuthProblem::Expired => "the access token has expired",
            AuthProblem::PasswordChanged => "the user changed their password",
            AuthProblem::AppNotInstalled => "the user has not authorized the app, or removed it",
            AuthProblem::UserCheckpointed => "the user must log in at facebook.com (checkpoint)",
            AuthProblem::UnconfirmedUser => "the user has not confirmed their account",
            AuthProblem::Revoked => "the access token was revoked, or the user logged out",
            AuthProblem::InvalidSession => "the session is invalid",
            AuthProblem::Invalid => "the access token is invalid",
        })
    }
}

impl Error {
    /// The same error with `redactor`'s secrets removed from the text the
    /// server sent: for requests that carry secrets besides the client's
    /// own (a token to debug, an app secret in a form body), which the
    /// server may echo.
    pub(crate) fn redacted(self, redactor: &Redactor) -> Self {
        match self {
            Error::Graph(mut e) => {
                e.message = redactor.redact(&e.message);
                for text in [
                    &mut e.error_type,
                    &mut e.error_user_title,
                    &mut e.error_user_msg,
                    &mut e.fbtrace_id,
                ]
                .into_iter()
                .flatten()
                {
                    *text = redactor.redact(text);
                }
                e.error_data = e.error_data.map(|data| redact_value(data, redactor));
                Error::Graph(e)
            }
            Error::Http(mut e) => {
                e.excerpt = redactor.redact_excerpt(&e.excerpt);
                Error::Http(e)
            }
            Error::Decode(e) => Error::Decode(e.scrubbed(|text| redactor.redact_excerpt(text))),
            other => other,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Graph(e) => e.fmt(f),
            Error::Http(e) => e.fmt(f),
            Error::Decode(e) => write!(f, "the response does not fit the model: {e}"),
            Error::Timeout { after } => {
                write!(f, "no response from the Graph API within {after:?}")
            }
            Error::Transport(e) => write!(f, "cannot reach the Graph API: {e}"),
            Error::ResponseTooLarge {
                limit,
                status,
                path,
            } => write!(
                f,
                "the response to {path} (HTTP {status}) is larger than max_response_bytes \
                 ({limit} bytes); it was not read further"
            ),
            Error::InvalidRequest(why) => write!(f, "invalid request: {why}"),
            Error::InvalidParams(errors) => {
                write!(f, "invalid parameters, nothing was sent: {errors}")
            }
            Error::Config(e) => write!(f, "invalid client configuration: {e}"),
            Error::Batch(e) => e.fmt(f),
            Error::RateLimited {
                scope,
                retry_after,
                max_wait,
            } => write!(
                f,
                "rate limited: Graph blocks calls for {scope} for another {}, longer than \
                 max_rate_limit_wait ({}), so the client gave up without waiting",
                minutes_and_seconds(*retry_after),
                minutes_and_seconds(*max_wait)
            ),
            Error::Job(e) => e.fmt(f),
            Error::Upload(e) => e.fmt(f),
            Error::Video(e) => e.fmt(f),
            Error::Redirected { status, to } => write!(
                f,
                "the server redirected the request (HTTP {status}) to {to}, outside the \
                 client's base URL and video host; not followed, so nothing was sent there"
            ),
            Error::PagingStopped { pages, reason } => match reason {
                PagingStop::PageLimit { max_pages } => write!(
                    f,
                    "paging stopped after {pages} pages: the list's page limit ({max_pages}) \
                     was reached and the last page links to another (EdgeList::max_pages)"
                ),
                PagingStop::EmptyPages { in_a_row } => write!(
                    f,
                    "paging stopped after {pages} pages: {in_a_row} empty pages in a row, each \
                     linking to another (EdgeList::max_empty_pages)"
                ),
            },
        }
    }
}

/// `19 min`, `1 min 30 s`, `45 s`, `0.5 s`.
fn minutes_and_seconds(duration: Duration) -> String {
    let seconds = duration.as_secs();
    match (seconds / 60, seconds % 60) {
        (0, 0) => format!("{:.1} s", duration.as_secs_f64()),
        (0, s) => format!("{s} s"),
        (m, 0) => format!("{m} min"),
        (m, s) => format!("{m} min {s} s"),
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            // Display already includes the inner error's text; only the
            // transport error has a deeper cause worth a chain.
            Error::Transport(e) => Some(e),
            Error::Upload(e) => std::error::Error::source(e),
            _ => None,
        }
    }
}

impl From<DecodeError> for Error {
    fn from(e: DecodeError) -> Self {
        Error::Decode(e)
    }
}

/// Each to the variant of the same name.
impl From<crate::params::ParamsError> for Error {
    fn from(e: crate::params::ParamsError) -> Self {
        match e {
            crate::params::ParamsError::InvalidRequest(why) => Error::InvalidRequest(why),
            crate::params::ParamsError::InvalidParams(errors) => Error::InvalidParams(errors),
        }
    }
}

/// [`Error::Upload`].
impl From<crate::upload::UploadError> for Error {
    fn from(e: crate::upload::UploadError) -> Self {
        Error::Upload(e)
    }
}

/// The Graph API's error object:
/// `{"error": {"message", "type", "code", "error_subcode", "error_user_title",
/// "error_user_msg", "error_data", "fbtrace_id", "is_transient"}}`, plus the
/// HTTP status.
///
/// Every key is optional on the wire: old envelopes carry only `type` and
/// `message` (`{"error": {"type": "OAuthException", "message": "…"}}`), and
/// an `error` object with any one of these keys is a Graph error. What the
/// API left out is `None` (`message` is then empty).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct GraphError {
    /// HTTP status of the response (usually 400; 401/403 for some auth errors, 5xx for outages).
    pub http_status: u16,
    /// `code` (`190`, `100`, `80004`, …); `None` if the API sent none, as
    /// old envelopes do.
    pub code: Option<i64>,
    /// `error_subcode` (`460`, `1487742`, …).
    pub error_subcode: Option<i64>,
    /// `type` (`OAuthException`, `GraphMethodException`, …).
    pub error_type: Option<String>,
    /// `message`, meant for developers; empty if the API sent none.
    pub message: String,
    /// `error_user_title`, meant for end users.
    pub error_user_title: Option<String>,
    /// `error_user_msg`, meant for end users.
    pub error_user_msg: Option<String>,
    /// `error_data`: details some endpoints add (`blame_field_specs`, …).
    /// Graph sends it as an object or as a string holding a JSON object; a
    /// string that holds a JSON object or array is parsed into the value it
    /// holds, any other value is kept as sent. Every string in it (keys
    /// included) is scrubbed of secrets.
    pub error_data: Option<serde_json::Value>,
    /// `fbtrace_id`: quote it when reporting a problem to Meta.
    pub fbtrace_id: Option<String>,
    /// `is_transient`: the API itself says a retry may succeed.
    pub is_transient: bool,
}

impl GraphError {
    /// The keys of the `error` object this type reads; an object with none
    /// of them (`{"error": {}}`, `{"error": {"detail": …}}`) is not a Graph
    /// error.
    const KEYS: &'static [&'static str] = &[
        "message",
        "type",
        "code",
        "error_subcode",
        "error_user_title",
        "error_user_msg",
        "error_data",
        "fbtrace_id",
        "is_transient",
    ];

    /// Rate-limit codes: 4 (app), 17 (user), 32 (page), 613 (custom),
    /// 80000–80014 (business use case).
    pub fn is_rate_limited(&self) -> bool {
        matches!(self.code, Some(4 | 17 | 32 | 613 | 80_000..=80_014))
    }

    /// The API flags the error as transient, or it is code 1 (unknown error)
    /// or 2 (service temporarily unavailable), but not code 1's
    /// [too-much-data](GraphError::is_too_much_data) answer.
    pub fn is_transient(&self) -> bool {
        !self.is_too_much_data() && (self.is_transient || matches!(self.code, Some(1 | 2)))
    }

    /// Code 2635 ("You are calling a deprecated version of the Ads API.
    /// Please update to the latest version") or code 12 (the call "is
    /// deprecated for versions vX and higher"): the request's API version,
    /// or the call in that version, is retired. Graph answers requests of a
    /// retired version of the Graph API itself with the oldest version it
    /// still serves: [`Response::api_version`](crate::Response::api_version)
    /// then differs from the one asked for, and the client logs a warning.
    pub fn is_version_retired(&self) -> bool {
        matches!(self.code, Some(12 | 2635))
    }

    /// For a [retired-version](GraphError::is_version_retired) error, the
    /// last API version its message names (`"v19.0"`), if any.
    pub fn suggested_version(&self) -> Option<&str> {
        if !self.is_version_retired() {
            return None;
        }
        self.message
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
            .map(|word| word.trim_end_matches('.'))
            .rfind(|word| crate::client::is_api_version(word))
    }

    /// Code 1 with Graph's message "Please reduce the amount of data you're
    /// asking for, then retry your request" (usually HTTP 500): the request
    /// asks for too many entries, or too many fields of them, at once.
    /// Facebook's advice is a smaller `limit`, which edge lists do on their own
    /// ([`EdgeList`](crate::EdgeList): halved, a few times at most).
    pub fn is_too_much_data(&self) -> bool {
        self.code == Some(1)
            && self
                .message
                .to_ascii_lowercase()
                .contains("reduce the amount of data")
    }

    /// Codes 190 (invalid or expired token), 102 (session key) and 104 (no
    /// access token sent): exactly when [`GraphError::auth_problem`] is `Some`.
    pub fn is_auth(&self) -> bool {
        self.auth_problem().is_some()
    }

    /// What is wrong with the token, by code and subcode ([`AuthProblem::from_codes`]).
    pub fn auth_problem(&self) -> Option<AuthProblem> {
        AuthProblem::from_codes(self.code, self.error_subcode)
    }

    /// Reads `{"error": {...}}`; `None` if `body` is not a Graph error
    /// envelope, that is, if `error` is not an object holding at least one
    /// of the keys Graph errors have (`KEYS`). Server-sent
    /// text is scrubbed of secrets.
    pub(crate) fn from_envelope(
        http_status: u16,
        body: &serde_json::Value,
        redactor: &Redactor,
    ) -> Option<Self> {
        let error = body.get("error")?.as_object()?;
        if !Self::KEYS.iter().any(|key| error.contains_key(*key)) {
            return None;
        }
        let text = |key: &str| {
            error
                .get(key)
                .and_then(|v| v.as_str())
                .map(|s| redactor.redact(s))
        };
        Some(GraphError {
            http_status,
            code: error.get("code").and_then(lenient_i64),
            error_subcode: error.get("error_subcode").and_then(lenient_i64),
            error_type: text("type"),
            message: text("message").unwrap_or_default(),
            error_user_title: text("error_user_title"),
            error_user_msg: text("error_user_msg"),
            error_data: error
                .get("error_data")
                .filter(|v| !v.is_null())
                .map(|v| redact_value(parse_embedded_json(v), redactor)),
            fbtrace_id: text("fbtrace_id"),
            is_transient: error
                .get("is_transient")
                .and_then(|v| v.as_bool())
                .unwrap_or(false),
        })
    }
}

/// Graph sends codes as numbers; tolerate numeric strings too.
fn lenient_i64(value: &serde_json::Value) -> Option<i64> {
    value
        .as_i64()
        .or_else(|| value.as_str()?.trim().parse().ok())
}

/// A string that holds a JSON object or array, as Graph often sends
/// `error_data`, becomes that value; anything else stays as sent.
fn parse_embedded_json(value: &serde_json::Value) -> serde_json::Value {
    value
        .as_str()
        .and_then(|s| serde_json::from_str::<serde_json::Value>(s).ok())
        .filter(|parsed| parsed.is_object() || parsed.is_array())
        .unwrap_or_else(|| value.clone())
}

/// `value` with every string in it, object keys included, scrubbed of secrets.
pub(crate) fn redact_value(value: serde_json::Value, redactor: &Redactor) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::String(s) => Value::String(redactor.redact(&s)),
        Value::Array(items) => items
            .into_iter()
            .map(|item| redact_value(item, redactor))
            .collect(),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(key, item)| (redactor.redact(&key), redact_value(item, redactor)))
                .collect(),
        ),
        other => other,
    }
}

/// `Graph error 190/460 (OAuthException): Error validating access token [HTTP 400, fbtrace_id AbC]`;
/// without a code, `Graph error (OAuthException): An access token is required… [HTTP 400]`.
impl fmt::Display for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Graph error")?;
        match (self.code, self.error_subcode) {
            (Some(code), Some(subcode)) => write!(f, " {code}/{subcode}")?,
            (Some(code), None) => write!(f, " {code}")?,
            (None, Some(subcode)) => write!(f, " subcode {subcode}")?,
            (None, None) => {}
        }
        if let Some(kind) = &self.error_type {
            write!(f, " ({kind})")?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        write!(f, " [HTTP {}", self.http_status)?;
        if let Some(trace) = &self.fbtrace_id {
            write!(f, ", fbtrace_id {trace}")?;
        }
        f.write_str("]")
    }
}

impl std::error::Error for GraphError {}

/// An HTTP response without a usable Graph body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpError {
    status: u16,
    problem: BodyProblem,
    excerpt: String,
}

/// What was wrong with the body of an [`HttpError`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BodyProblem {
    /// The body was empty.
    Empty,
    /// The body is not valid JSON (truncated, HTML, …); the parser's complaint.
    NotJson(String),
    /// An error status with a JSON body that is not a Graph error object.
    NoGraphError,
}

impl HttpError {
    /// How much of the body an error keeps: enough to recognise an HTML
    /// error page or where JSON was cut off.
    const EXCERPT_CHARS: usize = 200;

    pub(crate) fn new(status: u16, problem: BodyProblem, body: &[u8], redactor: &Redactor) -> Self {
        HttpError {
            status,
            problem,
            excerpt: excerpt(body, Self::EXCERPT_CHARS, redactor),
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// What was wrong with the body.
    pub fn problem(&self) -> &BodyProblem {
        &self.problem
    }

    /// The start of the body, whitespace collapsed, secrets removed.
    pub fn body_excerpt(&self) -> &str {
        &self.excerpt
    }
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if let Some(reason) = reqwest::StatusCode::from_u16(self.status)
            .ok()
            .and_then(|s| s.canonical_reason())
        {
            write!(f, " {reason}")?;
        }
        match &self.problem {
            BodyProblem::Empty => return f.write_str(" with an empty body"),
            BodyProblem::NotJson(why) => write!(f, " with a body that is not valid JSON ({why})")?,
            BodyProblem::NoGraphError => f.write_str(" without a Graph error object")?,
        }
        write!(f, "; body starts: {}", self.excerpt)
    }
}

impl std::error::Error for HttpError {}

/// The first `max_chars` of a body as text, whitespace runs collapsed.
/// Secrets are removed before cutting, so no prefix of one survives the cut.
fn excerpt(body: &[u8], max_chars: usize, redactor: &Redactor) -> String {
    let text = redactor.redact(&String::from_utf8_lossy(body));
    let mut out = String::new();
    let mut words = text.split_whitespace();
    let mut truncated = false;
    if let Some(first) = words.next() {
        out.push_str(first);
    }
    for word in words {
        if out.chars().count() > max_chars {
            truncated = true;
            break;
        }
        out.push(' ');
        out.push_str(word);
    }
    if let Some((cut, _)) = out.char_indices().nth(max_chars) {
        out.truncate(cut);
        truncated = true;
    }
    if truncated {
        out.push('…');
    }
    out
}

/// The request could not be sent or its response not received.
///
/// Wraps the HTTP library's error with the request URL removed.
#[derive(Debug)]
pub struct TransportError {
    inner: reqwest::Error,
}

impl TransportError {
    pub(crate) fn new(inner: reqwest::Error) -> Self {
        TransportError {
            inner: inner.without_url(),
        }
    }

    /// The connection could not be established, so the server never saw the
    /// request (safe to retry even for a POST).
    pub fn is_connect(&self) -> bool {
        self.inner.is_connect()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.fmt(f)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner.source()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TOKEN: &str = "EAAB-test-token-0123456789";

    fn redactor() -> Redactor {
        Redactor::new([TOKEN.to_owned()])
    }

    fn graph(status: u16, error: serde_json::Value) -> GraphError {
        GraphError::from_envelope(status, &json!({ "error": error }), &redactor()).unwrap()
    }

    #[test]
    fn reads_every_field_of_the_envelope() {
        let e = graph(
            400,
            json!({
                "message": "(#80004) There have been too many calls to this ad-account.",
                "type": "OAuthException",
                "code": 80004,
                "error_subcode": 2446079,
                "error_user_title": "Too many calls",
                "error_user_msg": "Wait a bit.",
                "fbtrace_id": "AbCdEf",
                "is_transient": true
            }),
        );
        assert_eq!(e.code, Some(80004));
        assert_eq!(e.error_subcode, Some(2446079));
        assert_eq!(e.error_type.as_deref(), Some("OAuthException"));
        assert_eq!(e.error_user_title.as_deref(), Some("Too many calls"));
        assert_eq!(e.error_user_msg.as_deref(), Some("Wait a bit."));
        assert!(e.is_rate_limited() && e.is_transient() && !e.is_auth());
        assert_eq!(
            e.to_string(),
            "Graph error 80004/2446079 (OAuthException): (#80004) There have been too many calls to this \
             ad-account. [HTTP 400, fbtrace_id AbCdEf]"
        );
    }

    #[test]
    fn classifies_codes() {
        let code = |code: i64| graph(400, json!({"message": "m", "code": code}));
        for c in [4, 17, 32, 613, 80000, 80004, 80014] {
            assert!(code(c).is_rate_limited(), "{c}");
        }
        for c in [1, 2] {
            assert!(code(c).is_transient(), "{c}");
        }
        for c in [102, 104, 190] {
            assert!(code(c).is_auth(), "{c}");
        }
        for c in [100, 200, 80015, 3] {
            let e = code(c);
            assert!(
                !e.is_rate_limited() && !e.is_transient() && !e.is_auth(),
                "{c}"
            );
        }
        assert_eq!(code(17).error_subcode, None);
    }

    #[test]
    fn too_much_data_is_code_1_with_its_message_and_not_transient() {
        let message = "Please reduce the amount of data you're asking for, then retry your request";
        let e = graph(
            500,
            json!({"message": message, "code": 1, "type": "OAuthException", "is_transient": true}),
        );
        assert!(e.is_too_much_data() && !e.is_transient());
        let error = Error::Graph(Box::new(e));
        assert!(error.is_too_much_data() && !error.is_transient());
        // Another code 1, or the message with another code, is something else.
        let unknown = graph(
            500,
            json!({"message": "An unknown error occurred", "code": 1}),
        );
        assert!(!unknown.is_too_much_data() && unknown.is_transient());
        assert!(!graph(500, json!({"message": message, "code": 2})).is_too_much_data());
        assert!(!graph(500, json!({"message": message})).is_too_much_data());
        assert!(!Error::InvalidRequest(message.to_owned()).is_too_much_data());
    }

    #[test]
    fn large_subcodes_and_string_codes_are_read() {
        let e = graph(
            400,
            json!({"message": "m", "code": "17", "error_subcode": 1487742}),
        );
        assert_eq!((e.code, e.error_subcode), (Some(17), Some(1487742)));
    }

    #[test]
    fn not_every_json_object_is_an_envelope() {
        for body in [
            json!({"error": "nope"}),
            json!({"error": {}}),
            json!({"error": {"detail": "not Graph's"}}),
            json!({"data": []}),
            json!([1]),
        ] {
            assert!(
                GraphError::from_envelope(400, &body, &redactor()).is_none(),
                "{body}"
            );
        }
    }

    #[test]
    fn error_helpers_look_through_the_variants() {
        let server = Error::Http(HttpError::new(503, BodyProblem::Empty, b"", &redactor()));
        assert!(server.is_transient() && !server.is_rate_limited());
        assert_eq!(server.http_status(), Some(503));
        let not_found = Error::Http(HttpError::new(
            404,
            BodyProblem::NoGraphError,
            b"{}",
            &redactor(),
        ));
        assert!(!not_found.is_transient());
        assert!(
            Error::Timeout {
                after: Duration::from_secs(1)
            }
            .is_transient()
        );
        assert!(Error::Graph(Box::new(graph(400, json!({"message": "m", "code": 190})))).is_auth());
        assert!(
            Error::Graph(Box::new(graph(500, json!({"message": "m", "code": 100})))).is_transient()
        );
    }

    #[test]
    fn auth_problems_by_code_and_subcode() {
        let auth = |code: i64, subcode: Option<i64>| {
            let mut error = json!({"message": "m", "code": code, "type": "OAuthException"});
            if let Some(subcode) = subcode {
                error["error_subcode"] = json!(subcode);
            }
            graph(400, error)
        };
        for (subcode, problem) in [
            (458, AuthProblem::AppNotInstalled),
            (459, AuthProblem::UserCheckpointed),
            (460, AuthProblem::PasswordChanged),
            (463, AuthProblem::Expired),
            (464, AuthProblem::UnconfirmedUser),
            (467, AuthProblem::Revoked),
            (492, AuthProblem::InvalidSession),
        ] {
            for code in [190, 102] {
                let e = auth(code, Some(subcode));
                assert_eq!(e.auth_problem(), Some(problem), "{code}/{subcode}");
                assert!(e.is_auth() && problem.needs_user(), "{code}/{subcode}");
            }
            assert_eq!(problem.subcode(), Some(subcode));
            let error = Error::Graph(Box::new(auth(190, Some(subcode))));
            assert_eq!(error.auth_problem(), Some(problem));
        }
        // No subcode, or one not listed: invalid, the subcode kept.
        for subcode in [None, Some(1), Some(2069032)] {
            let e = auth(190, subcode);
            assert_eq!(e.auth_problem(), Some(AuthProblem::Invalid), "{subcode:?}");
            assert_eq!(e.error_subcode, subcode);
        }
        assert_eq!(auth(104, None).auth_problem(), Some(AuthProblem::Missing));
        assert!(!AuthProblem::Missing.needs_user() && !AuthProblem::Invalid.needs_user());
        assert_eq!(
            (
                AuthProblem::Missing.subcode(),
                AuthProblem::Invalid.subcode()
            ),
            (None, None)
        );
        // A subcode means nothing without an auth code.
        for code in [100, 1, 200] {
            let e = auth(code, Some(463));
            assert_eq!((e.auth_problem(), e.is_auth()), (None, false), "{code}");
        }
        let codeless = graph(400, json!({"type": "OAuthException", "error_subcode": 463}));
        assert_eq!(codeless.auth_problem(), None);
        assert_eq!(
            AuthProblem::Expired.to_string(),
            "the access token has expired"
        );
    }

    #[test]
    fn auth_problem_and_is_auth_agree_on_every_variant() {
        let unauthorized = Error::Http(HttpError::new(
            401,
            BodyProblem::NoGraphError,
            b"{}",
            &redactor(),
        ));
        assert_eq!(unauthorized.auth_problem(), Some(AuthProblem::Invalid));
        let forbidden = Error::Http(HttpError::new(403, BodyProblem::Empty, b"", &redactor()));
        let timeout = Error::Timeout {
            after: Duration::from_secs(1),
        };
        assert_eq!(forbidden.auth_problem(), None);
        assert_eq!(timeout.auth_problem(), None);
        let expired = graph(
            400,
            json!({"message": "m", "code": 190, "error_subcode": 463}),
        );
        let batch = Error::Batch(crate::batch::BatchError::RequestFailed(
            std::sync::Arc::new(Error::Graph(Box::new(expired))),
        ));
        assert_eq!(batch.auth_problem(), Some(AuthProblem::Expired));
        for error in [unauthorized, forbidden, timeout, batch] {
            assert_eq!(error.is_auth(), error.auth_problem().is_some(), "{error}");
        }
    }

    #[test]
    fn more_secrets_are_redacted_from_an_error_after_the_fact() {
        let other = "EAAB-another-secret-token";
        let echoed = format!("Malformed access token {other}");
        let graph_error = Error::Graph(Box::new(graph(
            400,
            json!({"message": echoed, "code": 190, "error_user_msg": echoed, "error_data": {"t": other}}),
        )));
        let long = format!("{}{other}", "x".repeat(HttpError::EXCERPT_CHARS - 10));
        let cut = Error::Http(HttpError::new(
            500,
            BodyProblem::NoGraphError,
            long.as_bytes(),
            &redactor(),
        ));
        // The excerpt holds only a prefix of the secret, cut at the limit.
        assert!(!cut.to_string().contains(other));
        assert!(cut.to_string().contains(&other[..9]));
        let more = Redactor::new([other.to_owned()]);
        for error in [graph_error, cut] {
            let shown = format!("{:?}", error.redacted(&more));
            assert!(!shown.contains(&other[..9]), "{shown}");
            assert!(shown.contains("<redacted>"), "{shown}");
        }
    }

    #[test]
    fn a_refusal_by_the_governor_says_which_key_and_how_long() {
        let error = Error::RateLimited {
            scope: LimitKey::business_use_case("1234", "pages"),
            retry_after: Duration::from_secs(19 * 60),
            max_wait: Duration::from_secs(90),
        };
        assert_eq!(
            error.to_string(),
            "rate limited: Graph blocks calls for business use case pages of 1234 for another \
             19 min, longer than max_rate_limit_wait (1 min 30 s), so the client gave up without waiting"
        );
        assert!(error.is_rate_limited() && !error.is_transient() && !error.is_auth());
        assert_eq!(error.retry_after(), Some(Duration::from_secs(19 * 60)));
        assert_eq!(error.http_status(), None);
        assert_eq!(minutes_and_seconds(Duration::from_secs(45)), "45 s");
        assert_eq!(minutes_and_seconds(Duration::from_millis(500)), "0.5 s");
        assert_eq!(
            Error::Timeout {
                after: Duration::ZERO
            }
            .retry_after(),
            None
        );
    }

    #[test]
    fn http_error_messages_say_what_was_wrong() {
        let empty = HttpError::new(502, BodyProblem::Empty, b"", &redactor());
        assert_eq!(empty.to_string(), "HTTP 502 Bad Gateway with an empty body");
        let html = HttpError::new(
            500,
            BodyProblem::NotJson("expected value".into()),
            b"<html>\n  <body>Oops</body>\n</html>",
            &redactor(),
        );
        assert_eq!(
            html.to_string(),
            "HTTP 500 Internal Server Error with a body that is not valid JSON (expected value); \
             body starts: <html> <body>Oops</body> </html>"
        );
    }

    #[test]
    fn long_bodies_are_cut() {
        let body = "x".repeat(1000);
        let e = HttpError::new(500, BodyProblem::NoGraphError, body.as_bytes(), &redactor());
        assert_eq!(
            e.body_excerpt().chars().count(),
            HttpError::EXCERPT_CHARS + 1
        );
        assert!(e.body_excerpt().ends_with('…'));
    }

    #[test]
    fn an_envelope_without_a_code_is_a_graph_error_with_code_none() {
        let e = graph(
            400,
            json!({"type": "OAuthException", "message": "An access token is required to request this resource."}),
        );
        assert_eq!(e.code, None);
        assert_eq!(e.error_type.as_deref(), Some("OAuthException"));
        assert!(!e.is_rate_limited() && !e.is_transient() && !e.is_auth());
        assert_eq!(
            e.to_string(),
            "Graph error (OAuthException): An access token is required to request this resource. \
             [HTTP 400]"
        );
    }

    #[test]
    fn an_envelope_without_message_or_code_is_still_a_graph_error() {
        let e = graph(
            400,
            json!({"type": "OAuthException", "error_subcode": "460"}),
        );
        assert_eq!((e.code, e.error_subcode), (None, Some(460)));
        assert_eq!(e.message, "");
        assert_eq!(
            e.to_string(),
            "Graph error subcode 460 (OAuthException) [HTTP 400]"
        );
        // Any one key of a Graph error object makes one.
        for (key, value) in [
            ("message", json!("m")),
            ("type", json!("OAuthException")),
            ("code", json!(190)),
            ("error_subcode", json!(460)),
            ("error_user_title", json!("t")),
            ("error_user_msg", json!("u")),
            ("error_data", json!({"a": 1})),
            ("fbtrace_id", json!("AbC")),
            ("is_transient", json!(false)),
        ] {
            let body = json!({"error": {key: value}});
            assert!(
                GraphError::from_envelope(400, &body, &redactor()).is_some(),
                "{body}"
            );
        }
        let only_trace = graph(500, json!({"fbtrace_id": "AbC"}));
        assert_eq!(
            only_trace.to_string(),
            "Graph error [HTTP 500, fbtrace_id AbC]"
        );
    }

    #[test]
    fn string_codes_are_read_and_unreadable_codes_are_none() {
        let e = graph(400, json!({"message": "m", "code": " 190 "}));
        assert_eq!(e.code, Some(190));
        assert!(e.is_auth());
        let e = graph(400, json!({"message": "m", "code": "OAuth"}));
        assert_eq!(e.code, None);
    }

    #[test]
    fn error_data_is_kept_as_an_object() {
        let data = json!({"blame_field_specs": [["daily_budget"]], "count": 2});
        let e = graph(
            400,
            json!({"message": "m", "code": 100, "error_data": data}),
        );
        assert_eq!(e.error_data, Some(data));
    }

    #[test]
    fn error_data_as_a_string_holding_json_is_parsed() {
        let e = graph(
            400,
            json!({"message": "m", "code": 100, "error_data": "{\"blame_field_specs\":[[\"name\"]]}"}),
        );
        assert_eq!(e.error_data, Some(json!({"blame_field_specs": [["name"]]})));
        // A string that is not a JSON object or array is kept as sent.
        for plain in [json!("just text"), json!("42"), json!(7), json!(true)] {
            let e = graph(400, json!({"message": "m", "error_data": plain}));
            assert_eq!(e.error_data, Some(plain));
        }
        let e = graph(400, json!({"message": "m", "error_data": null}));
        assert_eq!(e.error_data, None);
    }

    #[test]
    fn secrets_in_user_text_and_error_data_are_redacted() {
        let echoed = format!("Token {TOKEN} is invalid");
        let e = graph(
            400,
            json!({
                "message": "m",
                "code": 190,
                "error_user_title": echoed,
                "error_user_msg": echoed,
                "fbtrace_id": TOKEN,
                "type": TOKEN,
                "error_data": {"token": TOKEN, "nested": [echoed], TOKEN: 1},
            }),
        );
        assert_eq!(
            e.error_user_msg.as_deref(),
            Some("Token <redacted> is invalid")
        );
        assert_eq!(
            e.error_user_title.as_deref(),
            Some("Token <redacted> is invalid")
        );
        assert_eq!(
            e.error_data,
            Some(
                json!({"token": "<redacted>", "nested": ["Token <redacted> is invalid"], "<redacted>": 1})
            )
        );
        let as_string = graph(
            400,
            json!({"message": "m", "error_data": json!({"token": TOKEN}).to_string()}),
        );
        assert_eq!(as_string.error_data, Some(json!({"token": "<redacted>"})));
        let unparsed = graph(400, json!({"message": "m", "error_data": echoed}));
        assert_eq!(
            unparsed.error_data,
            Some(json!("Token <redacted> is invalid"))
        );
        let shown = format!("{e} {e:?} {as_string:?} {unparsed:?}");
        assert!(!shown.contains(TOKEN), "{shown}");
    }

    #[test]
    fn the_token_never_appears_in_any_error() {
        let echoed = format!("Malformed access token {TOKEN}");
        let errors = [
            Error::Graph(Box::new(graph(
                400,
                json!({"message": echoed, "type": "OAuthException", "code": 190, "error_user_msg": echoed}),
            ))),
            Error::Http(HttpError::new(
                500,
                BodyProblem::NoGraphError,
                echoed.as_bytes(),
                &redactor(),
            )),
            Error::Http(HttpError::new(
                200,
                BodyProblem::NotJson("x".into()),
                format!("<p>GET /v19.0/me?access_token={TOKEN}</p>").as_bytes(),
                &redactor(),
            )),
        ];
        for error in errors {
            let shown = format!("{error} {error:?}");
            assert!(!shown.contains(TOKEN), "{shown}");
            assert!(shown.contains("<redacted>"), "{shown}");
        }
    }
}
