//! The async HTTP client, its configuration, and the one retry loop.
//!
//! [`ClientBuilder`] validates settings into a [`ClientConfig`]; any type
//! implementing [`BuildClient`] turns that config into a client. That is how
//! a generated crate wraps either [`Client`] or `blocking::Client` in its
//! own client type without repeating the settings.
//!
//! Every request goes through [`Client::send`]: URL building, the bearer
//! token, `appsecret_proof`, the per-request timeout, response
//! interpretation and retries all live there.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use tracing::Instrument;

use crate::auth::{AccessToken, AppSecret, Redactor, appsecret_proof};
use crate::decode::DecodeError;
use crate::error::{ConfigError, Error, TransportError};
use crate::governor::{self, Clock, Governor, UsageReport};
use crate::request::{GraphRequest, Method, encode_segment};
use crate::response::{Body, Response, Usage, interpret};
use crate::retry::{self, Backoff};
use crate::upload::{self, multipart::Multipart};

/// The Graph API's public endpoint.
pub const DEFAULT_BASE_URL: &str = "https://graph.facebook.com";

/// Where video uploads go when the builder sets no
/// [`ClientBuilder::video_base_url`]: Graph's video host, which serves the
/// same API for uploads of video files.
pub const DEFAULT_VIDEO_BASE_URL: &str = "https://graph-video.facebook.com";
/// The response header in which Graph names the API version that served a
/// request.
pub const API_VERSION_HEADER: &str = "facebook-api-version";
/// Time allowed to open a connection when the builder sets no
/// [`ClientBuilder::connect_timeout`].
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The API version used when a builder sets none. Generated crates always
/// set the version of the spec they were generated from.
pub const DEFAULT_API_VERSION: &str = "v19.0";
/// The longest [`ClientBuilder::max_slow_down`] accepted: an hour, Graph's
/// usage window. A longer pause would only keep a client from sending.
pub const MAX_SLOW_DOWN: Duration = Duration::from_secs(60 * 60);
/// The largest response body a client reads when its builder sets no
/// [`ClientBuilder::max_response_bytes`]: 64 MiB. A Graph page of 100
/// large objects is a few MiB at most.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

/// A client type that can be made from a validated [`ClientConfig`]:
/// [`Client`], `blocking::Client`, or a generated crate's wrapper around either.
pub trait BuildClient: Sized {
    /// Makes the client. Fails only if the HTTP stack cannot start.
    fn build_client(config: ClientConfig) -> Result<Self, Error>;
}

/// Settings for a client; `build` validates them.
///
/// ```no_run
/// # async fn demo() -> Result<(), graph_runtime::Error> {
/// use std::time::Duration;
/// use graph_runtime::Client;
/// let client = Client::builder("EAAB…")
///     .api_version("v19.0")
///     .app_secret("app secret")
///     .max_attempts(5)
///     .timeout(Duration::from_secs(10))
///     .max_response_bytes(8 * 1024 * 1024)
///     .build()?;
/// let me = client.get_json("me", &[("fields", "id,name")]).await?;
/// # Ok(()) }
/// ```
///
/// `Out` is the client type `build` returns: `ClientBuilder::<Out>::new`
/// works for any [`BuildClient`]; [`Client::builder`] fixes it to [`Client`].
pub struct ClientBuilder<Out = Client> {
    token: AccessToken,
    app_secret: Option<AppSecret>,
    api_version: Option<String>,
    base_url: Option<String>,
    video_base_url: Option<String>,
    max_attempts: u32,
    timeout: Duration,
    max_response_bytes: u64,
    backoff: Backoff,
    strict: bool,
    governor: governor::Settings,
    connect_timeout: Option<Duration>,
    proxy: Option<String>,
    http_client: Option<reqwest::Client>,
    out: PhantomData<fn() -> Out>,
}

impl<Out: BuildClient> ClientBuilder<Out> {
    /// A builder with the defaults: [`DEFAULT_BASE_URL`], [`DEFAULT_API_VERSION`],
    /// 3 attempts in all, a 30 s timeout per attempt, backoff from 200 ms
    /// doubling up to 10 s, response bodies up to [`DEFAULT_MAX_RESPONSE_BYTES`],
    /// 10 s to connect, no proxy, gzip-compressed responses accepted.
    pub fn new(token: impl Into<AccessToken>) -> Self {
        ClientBuilder {
            token: token.into(),
            app_secret: None,
            api_version: None,
            base_url: None,
            video_base_url: None,
            max_attempts: 3,
            timeout: Duration::from_secs(30),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            backoff: Backoff::DEFAULT,
            strict: false,
            governor: governor::Settings::new(),
            connect_timeout: None,
            proxy: None,
            http_client: None,
            out: PhantomData,
        }
    }

    /// Time allowed to open a connection (default
    /// [`DEFAULT_CONNECT_TIMEOUT`]), within each attempt's
    /// [`timeout`](ClientBuilder::timeout).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Sends every request through this proxy (an `http://` or `https://`
    /// URL; credentials in the URL are used and never printed).
    /// No proxy by default, whatever the environment says.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(url.into());
        self
    }

    /// Sends requests through an HTTP client you already have (and its
    /// connection pool, proxy, TLS and compression settings), instead of
    /// making one. [`connect_timeout`](ClientBuilder::connect_timeout) and
    /// [`proxy`](ClientBuilder::proxy) are then that client's business:
    /// setting them as well is a configuration error.
    ///
    /// So are redirects. A client this builder makes sends no `Referer` and
    /// follows a redirect only within the base URL and the video host
    /// (any other is [`Error::Redirected`]). Give yours the same rules, or
    /// a 307 or 308 from anywhere on the way re-sends a request's body
    /// (a client secret, a batch's tokens) to the host it names, and a
    /// `Referer` carries the query (`appsecret_proof`) there:
    ///
    /// ```
    /// let http = reqwest::Client::builder()
    ///     .redirect(reqwest::redirect::Policy::none())
    ///     .referer(false)
    ///     .build()
    ///     .unwrap();
    /// let client = graph_runtime::Client::builder("EAAB…").http_client(http).build();
    /// # assert!(client.is_ok());
    /// ```
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// The API version every path is prefixed with (`"v19.0"`).
    pub fn api_version(mut self, version: impl Into<String>) -> Self {
        self.api_version = Some(version.into());
        self
    }

    /// Where requests go. Must be `https`, except for loopback hosts
    /// (`127.0.0.1`, `::1`, `localhost`), which may use `http` (for tests).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Where video uploads go (default [`DEFAULT_VIDEO_BASE_URL`]): requests
    /// made with [`GraphRequest::on_video_host`](crate::GraphRequest::on_video_host).
    /// The same rules as [`ClientBuilder::base_url`].
    pub fn video_base_url(mut self, url: impl Into<String>) -> Self {
        self.video_base_url = Some(url.into());
        self
    }

    /// Signs every request with `appsecret_proof` computed from this secret.
    pub fn app_secret(mut self, secret: impl Into<AppSecret>) -> Self {
        self.app_secret = Some(secret.into());
        self
    }

    /// Attempts per request, the first one included (default 3; at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts;
        self
    }

    /// Time allowed for each attempt, from connecting to the end of the body (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The largest response body read, in bytes (default
    /// [`DEFAULT_MAX_RESPONSE_BYTES`], 64 MiB; at least 1). The body is read
    /// as it arrives; one that announces or reaches more fails with
    /// [`Error::ResponseTooLarge`] as soon as it does, so a misbehaving
    /// server or proxy cannot make the client buffer without bound. Not retried.
    pub fn max_response_bytes(mut self, bytes: u64) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// Delay before the first retry; each further retry doubles it, with jitter (default 200 ms).
    pub fn backoff_base(mut self, base: Duration) -> Self {
        self.backoff.base = base;
        self
    }

    /// Upper bound for the backoff before a retry, a server's `Retry-After`
    /// included (default 10 s). A rate-limit error whose regain time Graph
    /// reported waits that time instead, up to
    /// [`max_rate_limit_wait`](Self::max_rate_limit_wait).
    pub fn backoff_max(mut self, max: Duration) -> Self {
        self.backoff.max = max;
        self
    }

    /// The usage, in percent of a limit, from which the
    /// [governor] slows requests down (default 75; more
    /// than 0, at most 100). A request for a key at usage `u` first pauses
    /// `max_slow_down × (u − t) / (100 − t)`.
    pub fn slow_down_at(mut self, percent: f64) -> Self {
        self.governor.policy.slow_down_at = percent;
        self
    }

    /// The pause before a request for a key at 100 % usage, the longest
    /// slow-down (default 10 s; zero turns slowing down off; at most
    /// [`MAX_SLOW_DOWN`], 1 hour).
    pub fn max_slow_down(mut self, max: Duration) -> Self {
        self.governor.policy.max_slow_down = max;
        self
    }

    /// The longest a request waits for Graph to lift a rate-limit block
    /// (default 5 minutes). A block that lasts longer fails the request at
    /// once with [`Error::RateLimited`]; zero never waits.
    pub fn max_rate_limit_wait(mut self, max: Duration) -> Self {
        self.governor.policy.max_wait = max;
        self
    }

    /// Called with each response's usage headers (responses without any are
    /// not reported): the [`LimitKey`](crate::governor::LimitKey)s, the path
    /// without its query, the [`Usage`]. Runs on the task that sent the
    /// request, before the response is returned: keep it short.
    pub fn on_usage(mut self, callback: impl Fn(&UsageReport) + Send + Sync + 'static) -> Self {
        self.governor.on_usage = Some(Arc::new(callback));
        self
    }

    /// Where the client's time comes from, for the governor's waits and the
    /// retry backoff (default [`SystemClock`](crate::governor::SystemClock)).
    /// Meant for tests: a [`ManualClock`](crate::governor::ManualClock)
    /// makes every wait return at once and records it.
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.governor.clock = clock;
        self
    }

    /// Validates the settings and makes the client.
    pub fn build(self) -> Result<Out, Error> {
        Out::build_client(self.into_config()?)
    }

    /// Strict decoding: a response value that does not fit its declared
    /// type fails the call with [`Error::Decode`] instead of being coerced
    /// or kept raw with a warning (see [`tolerant`](crate::tolerant)). Off
    /// by default; each request builder can override it (`.strict(…)`).
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Validates the settings without making a client.
    pub fn into_config(self) -> Result<ClientConfig, Error> {
        let config_error = |message: String| Error::Config(ConfigError::new(message));
        if self.token.expose_secret().trim().is_empty() {
            return Err(config_error("the access token is empty".to_owned()));
        }
        let api_version = self
            .api_version
            .unwrap_or_else(|| DEFAULT_API_VERSION.to_owned());
        if !is_api_version(&api_version) {
            return Err(config_error(format!(
                "api_version `{api_version}` is not of the form v19.0"
            )));
        }
        let base_url = parse_base_url(self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL))
            .map_err(config_error)?;
        let video_base_url = parse_base_url(
            self.video_base_url
                .as_deref()
                .unwrap_or(DEFAULT_VIDEO_BASE_URL),
        )
        .map_err(|why| config_error(format!("video_{why}")))?;
        if self.max_attempts == 0 {
            return Err(config_error("max_attempts must be at least 1".to_owned()));
        }
        if self.timeout.is_zero() {
            return Err(config_error("timeout must be longer than zero".to_owned()));
        }
        if self.max_response_bytes == 0 {
            return Err(config_error(
                "max_response_bytes must be at least 1".to_owned(),
            ));
        }
        if self.backoff.base > self.backoff.max {
            return Err(config_error(format!(
                "backoff_base ({:?}) is longer than backoff_max ({:?})",
                self.backoff.base, self.backoff.max
            )));
        }
        let slow_down_at = self.governor.policy.slow_down_at;
        if !(slow_down_at > 0.0 && slow_down_at <= 100.0) {
            return Err(config_error(format!(
                "slow_down_at ({slow_down_at}) must be more than 0 and at most 100 (percent)"
            )));
        }
        if self.governor.policy.max_slow_down > MAX_SLOW_DOWN {
            return Err(config_error(format!(
                "max_slow_down ({:?}) must be at most {:?}",
                self.governor.policy.max_slow_down, MAX_SLOW_DOWN
            )));
        }
        if self.connect_timeout.is_some_and(|t| t.is_zero()) {
            return Err(config_error(
                "connect_timeout must be longer than zero".to_owned(),
            ));
        }
        let proxy = match &self.proxy {
            Some(text) => Some(parse_proxy(text).map_err(config_error)?),
            None => None,
        };
        if self.http_client.is_some() && (proxy.is_some() || self.connect_timeout.is_some()) {
            return Err(config_error(
                "http_client is given: set its proxy and connect timeout on it, not on this builder"
                    .to_owned(),
            ));
        }
        let proof = self
            .app_secret
            .as_ref()
            .map(|secret| appsecret_proof(secret, &self.token));
        Ok(ClientConfig {
            token: self.token,
            app_secret: self.app_secret,
            proof,
            base_url,
            video_base_url,
            api_version,
            max_attempts: self.max_attempts,
            timeout: self.timeout,
            max_response_bytes: self.max_response_bytes,
            backoff: self.backoff,
            strict: self.strict,
            governor: self.governor,
            connect_timeout: self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT),
            proxy,
            http_client: self.http_client,
        })
    }
}

impl<Out> Clone for ClientBuilder<Out> {
    fn clone(&self) -> Self {
        ClientBuilder {
            token: self.token.clone(),
            app_secret: self.app_secret.clone(),
            api_version: self.api_version.clone(),
            base_url: self.base_url.clone(),
            video_base_url: self.video_base_url.clone(),
            max_attempts: self.max_attempts,
            timeout: self.timeout,
            max_response_bytes: self.max_response_bytes,
            backoff: self.backoff,
            strict: self.strict,
            governor: self.governor.clone(),
            connect_timeout: self.connect_timeout,
            proxy: self.proxy.clone(),
            http_client: self.http_client.clone(),
            out: PhantomData,
        }
    }
}

impl<Out> fmt::Debug for ClientBuilder<Out> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("token", &self.token)
            .field("app_secret", &self.app_secret)
            .field("api_version", &self.api_version)
            .field("base_url", &self.base_url)
            .field("video_base_url", &self.video_base_url)
            .field("max_attempts", &self.max_attempts)
            .field("timeout", &self.timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("backoff", &self.backoff)
            .field("governor", &self.governor)
            .field("connect_timeout", &self.connect_timeout)
            .field("proxy", &self.proxy.as_deref().map(proxy_for_display))
            .field("http_client", &self.http_client.is_some())
            .finish()
    }
}

/// A proxy URL as printed: without its user name and password.
fn proxy_for_display(text: &str) -> String {
    match url::Url::parse(text) {
        Ok(mut url) => {
            let _ = url.set_username("");
            let _ = url.set_password(None);
            url.to_string()
        }
        Err(_) => "<not a URL>".to_owned(),
    }
}

fn parse_proxy(text: &str) -> Result<url::Url, String> {
    let shown = proxy_for_display(text);
    let url = url::Url::parse(text).map_err(|e| format!("proxy `{shown}` is not a URL: {e}"))?;
    match url.scheme() {
        // The URL parser requires a host for these schemes.
        "http" | "https" => Ok(url),
        _ => Err(format!("proxy `{shown}` must be an http or https URL")),
    }
}

/// `v`, digits, a dot and digits (`v19.0`).
pub(crate) fn is_api_version(version: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    version
        .strip_prefix('v')
        .and_then(|rest| rest.split_once('.'))
        .is_some_and(|(major, minor)| digits(major) && digits(minor))
}

fn parse_base_url(text: &str) -> Result<url::Url, String> {
    let url = url::Url::parse(text).map_err(|e| format!("base_url `{text}` is not a URL: {e}"))?;
    if !url.username().is_empty() || url.password().is_some() {
        // Not echoed: the URL holds credentials.
        return Err("base_url must not contain a user name or password".to_owned());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "base_url `{text}` must not have a query or fragment"
        ));
    }
    let loopback = match url.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match url.scheme() {
        "https" if url.host().is_some() => Ok(url),
        "http" if loopback => Ok(url),
        "http" => Err(format!(
            "base_url `{text}` must use https (plain http is accepted only for 127.0.0.1, ::1 and localhost)"
        )),
        _ => Err(format!("base_url `{text}` must be an https URL")),
    }
}

/// The longest URL path an error or a trace shows, in characters: a node
/// id from input can be of any length.
const MAX_SHOWN_PATH: usize = 200;

/// Redirects followed in a row, within the client's own hosts, before
/// the request fails.
pub const MAX_REDIRECTS: usize = 5;

/// Whether `url` lies under `base`: the same scheme, host and port, no user
/// name or password, and a path at or below the base's path.
pub(crate) fn is_under(url: &url::Url, base: &url::Url) -> bool {
    let prefix = base.path().trim_end_matches('/');
    let path = url.path();
    url.origin() == base.origin()
        && url.username().is_empty()
        && url.password().is_none()
        && path
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// The client's redirect policy: a redirect is followed only to a place
/// under the base URL or the video host ([`is_under`]), at most
/// [`MAX_REDIRECTS`] in a row; any other is refused, so that a 307 or 308
/// never re-sends a body (a client secret, a batch's tokens) to another
/// host, and no query (`appsecret_proof`) goes there either.
fn redirect(
    attempt: reqwest::redirect::Attempt<'_>,
    homes: &[url::Url],
) -> reqwest::redirect::Action {
    let status = attempt.status().as_u16();
    if !homes.iter().any(|home| is_under(attempt.url(), home)) {
        let to = attempt.url().origin().ascii_serialization();
        return attempt.error(RedirectRefused { status, to });
    }
    if attempt.previous().len() > MAX_REDIRECTS {
        return attempt.error(RedirectRefused {
            status,
            to: format!("a chain of more than {MAX_REDIRECTS} redirects"),
        });
    }
    attempt.follow()
}

/// A redirect the client refused to follow: the source of the transport
/// error reqwest reports, turned into [`Error::Redirected`].
#[derive(Debug)]
struct RedirectRefused {
    status: u16,
    to: String,
}

impl fmt::Display for RedirectRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "redirect (HTTP {}) to {} refused", self.status, self.to)
    }
}

impl std::error::Error for RedirectRefused {}

/// Validated client settings, made by [`ClientBuilder::into_config`] and
/// consumed by [`BuildClient::build_client`].
#[derive(Clone)]
pub struct ClientConfig {
    token: AccessToken,
    app_secret: Option<AppSecret>,
    proof: Option<String>,
    base_url: url::Url,
    video_base_url: url::Url,
    api_version: String,
    max_attempts: u32,
    timeout: Duration,
    max_response_bytes: u64,
    backoff: Backoff,
    strict: bool,
    governor: governor::Settings,
    connect_timeout: Duration,
    proxy: Option<url::Url>,
    http_client: Option<reqwest::Client>,
}

impl ClientConfig {
    /// The API version prefix (`"v19.0"`).
    pub fn api_version(&self) -> &str {
        &self.api_version
    }

    /// Where requests go.
    pub fn base_url(&self) -> &str {
        self.base_url.as_str()
    }

    /// Where video uploads go.
    pub fn video_base_url(&self) -> &str {
        self.video_base_url.as_str()
    }

    /// The access token requests carry.
    pub fn access_token(&self) -> &AccessToken {
        &self.token
    }

    /// Whether requests are signed with `appsecret_proof`.
    pub fn signs_requests(&self) -> bool {
        self.app_secret.is_some()
    }

    /// Attempts per request, the first one included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Time allowed for each attempt.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The largest response body read, in bytes.
    pub fn max_response_bytes(&self) -> u64 {
        self.max_response_bytes
    }

    /// Whether responses decode strictly ([`ClientBuilder::strict`]).
    pub fn strict(&self) -> bool {
        self.strict
    }

    /// The usage, in percent, from which requests slow down ([`ClientBuilder::slow_down_at`]).
    pub fn slow_down_at(&self) -> f64 {
        self.governor.policy.slow_down_at
    }

    /// The longest slow-down ([`ClientBuilder::max_slow_down`]).
    pub fn max_slow_down(&self) -> Duration {
        self.governor.policy.max_slow_down
    }

    /// The longest wait for a rate-limit block ([`ClientBuilder::max_rate_limit_wait`]).
    pub fn max_rate_limit_wait(&self) -> Duration {
        self.governor.policy.max_wait
    }

    /// Time allowed to open a connection ([`ClientBuilder::connect_timeout`]).
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    /// Whether requests go through a proxy ([`ClientBuilder::proxy`]).
    pub fn uses_proxy(&self) -> bool {
        self.proxy.is_some()
    }

    /// The same settings with another access token (and app secret, or
    /// none): the proof is made anew for the new token.
    pub(crate) fn with_credentials(
        &self,
        token: AccessToken,
        app_secret: Option<AppSecret>,
    ) -> Self {
        let proof = app_secret
            .as_ref()
            .map(|secret| appsecret_proof(secret, &token));
        ClientConfig {
            token,
            app_secret,
            proof,
            ..self.clone()
        }
    }

    /// The HTTP client these settings describe: the one given to
    /// [`ClientBuilder::http_client`], or a new one.
    fn http_client(&self) -> Result<reqwest::Client, Error> {
        if let Some(client) = &self.http_client {
            return Ok(client.clone());
        }
        let cannot = |e: reqwest::Error| {
            Error::Config(ConfigError::new(format!(
                "cannot start the HTTP client: {}",
                e.without_url()
            )))
        };
        let homes = [self.base_url.clone(), self.video_base_url.clone()];
        let mut builder = reqwest::Client::builder()
            .user_agent(concat!("graph-runtime/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(self.connect_timeout)
            .gzip(true)
            .no_proxy()
            // A `Referer` would carry the query, `appsecret_proof` included,
            // to wherever a redirect points.
            .referer(false)
            .redirect(reqwest::redirect::Policy::custom(move |attempt| {
                redirect(attempt, &homes)
            }));
        if let Some(proxy) = &self.proxy {
            builder = builder.proxy(reqwest::Proxy::all(proxy.as_str()).map_err(cannot)?);
        }
        builder.build().map_err(cannot)
    }

    /// The delay before retry number `retry` (1 for the first), jittered:
    /// the client's own backoff, for loops that retry on their own (the
    /// chunks of a video upload).
    pub(crate) fn retry_delay(&self, retry: u32) -> Duration {
        self.backoff.delay(retry, fastrand::f64(), None)
    }

    /// The app secret requests are signed with, if any.
    pub(crate) fn secret(&self) -> Option<&AppSecret> {
        self.app_secret.as_ref()
    }

    /// What removes this configuration's secrets from text the server sent.
    pub(crate) fn redactor(&self) -> Redactor {
        let mut secrets = vec![self.token.expose_secret().to_owned()];
        secrets.extend(self.app_secret.iter().map(|s| s.expose_secret().to_owned()));
        secrets.extend(self.proof.clone());
        Redactor::new(secrets)
    }
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The proof is as good as the token for an attacker: never printed.
        f.debug_struct("ClientConfig")
            .field("base_url", &self.base_url.as_str())
            .field("video_base_url", &self.video_base_url.as_str())
            .field("api_version", &self.api_version)
            .field("token", &self.token)
            .field("app_secret", &self.app_secret)
            .field("max_attempts", &self.max_attempts)
            .field("timeout", &self.timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("backoff", &self.backoff)
            .field("governor", &self.governor)
            .field("connect_timeout", &self.connect_timeout)
            .field(
                "proxy",
                &self.proxy.as_ref().map(|p| proxy_for_display(p.as_str())),
            )
            .field("http_client", &self.http_client.is_some())
            .finish()
    }
}

/// What request builders ([`NodeRead`](crate::NodeRead) and friends) send
/// through: [`Client`] or `blocking::Client`. Sealed.
///
/// Builders are generic over it; their `get` is an `async fn` when the
/// transport is [`Client`] and a plain `fn` when it is `blocking::Client`.
pub trait Transport: sealed::Sealed + Clone + fmt::Debug + Send + Sync + 'static {
    /// A client of the same kind for another access token, sharing this
    /// one's connection pool, governor and settings ([`Client::with_token`]).
    fn for_token(&self, token: AccessToken) -> Self;

    /// [`Transport::for_token`] with another app secret
    /// ([`Client::with_token_and_secret`]).
    fn for_token_and_secret(&self, token: AccessToken, app_secret: AppSecret) -> Self;
}

pub(crate) mod sealed {
    use crate::decode::DecodeError;

    /// Keeps [`Transport`](super::Transport) implementable only here, and
    /// carries what builders need from a client but users do not.
    pub trait Sealed {
        /// Removes the client's secrets from a decoding error.
        fn scrub(&self, error: DecodeError) -> DecodeError;
        /// Removes the client's secrets from text the server sent, or from
        /// excerpts of it (a secret cut short by `…` goes too).
        fn redact(&self, text: &str) -> String;
        /// Whether responses decode strictly unless a builder says otherwise.
        fn strict(&self) -> bool;
        /// A body as JSON, or the HTTP error that says it is not JSON
        /// (its excerpt without the client's secrets).
        fn parse(&self, status: u16, body: &[u8]) -> Result<serde_json::Value, crate::Error>;
    }
}

impl sealed::Sealed for Client {
    fn scrub(&self, error: DecodeError) -> DecodeError {
        error.scrubbed(|text| self.inner.redactor.redact_excerpt(text))
    }

    fn redact(&self, text: &str) -> String {
        self.inner.redactor.redact_excerpt(text)
    }

    fn strict(&self) -> bool {
        self.inner.config.strict
    }

    fn parse(&self, status: u16, body: &[u8]) -> Result<serde_json::Value, Error> {
        crate::response::parse(status, body, &self.inner.redactor)
    }
}
impl Transport for Client {
    fn for_token(&self, token: AccessToken) -> Self {
        self.with_token(token)
    }

    fn for_token_and_secret(&self, token: AccessToken, app_secret: AppSecret) -> Self {
        self.with_token_and_secret(token, app_secret)
    }
}

/// The async Graph API client. Cheap to clone (the state is shared).
///
/// Requests go through [`Client::send`], which retries what may succeed
/// later (see [`Error::is_transient`] and [`Error::is_rate_limited`]) with
/// exponential backoff and jitter. Needs a tokio runtime.
///
/// [`Client::with_token`] makes a client for another token that shares this
/// one's connection pool, governor and settings.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

/// A client's state: its own credentials, and what every client made from
/// it with [`Client::with_token`] shares.
struct Inner {
    config: ClientConfig,
    redactor: Redactor,
    shared: Arc<Shared>,
}

/// What clients for different tokens share.
struct Shared {
    /// One connection pool.
    http: reqwest::Client,
    /// The rate limiter: Graph counts an app's usage whatever the token.
    governor: Governor,
    /// The served versions already warned about.
    versions: VersionWatch,
}

impl BuildClient for Client {
    fn build_client(config: ClientConfig) -> Result<Self, Error> {
        let shared = Shared {
            http: config.http_client()?,
            governor: Governor::new(config.governor.clone()),
            versions: VersionWatch::default(),
        };
        Ok(Client::with_shared(config, Arc::new(shared)))
    }
}

/// Warns once per served version that differs from the requested one, so
/// that a long-running service logs the change, not every request. Only the
/// latest [`VersionWatch::KEPT`] versions are remembered: a server that
/// names ever new versions cannot grow it.
#[derive(Default)]
struct VersionWatch {
    warned: std::sync::Mutex<std::collections::VecDeque<String>>,
}

impl VersionWatch {
    /// Whether `served` (for a request of version `requested`) is news:
    /// it differs, and was not reported before.
    fn is_news(&self, requested: &str, served: &str) -> bool {
        if served == requested {
            return false;
        }
        let mut warned = self
            .warned
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if warned.iter().any(|seen| seen == served) {
            return false;
        }
        if warned.len() >= Self::KEPT {
            warned.pop_front();
        }
        warned.push_back(served.to_owned());
        true
    }

    /// How many served versions are remembered.
    const KEPT: usize = 4;
}

/// A failed attempt, with the server's `Retry-After` and usage headers if
/// a response arrived.
struct Failure {
    error: Error,
    retry_after: Option<Duration>,
    usage: Usage,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure {
            error,
            retry_after: None,
            usage: Usage::default(),
        }
    }
}

impl Client {
    /// A builder for a [`Client`].
    pub fn builder(token: impl Into<AccessToken>) -> ClientBuilder<Client> {
        ClientBuilder::new(token)
    }

    fn with_shared(config: ClientConfig, shared: Arc<Shared>) -> Self {
        Client {
            inner: Arc::new(Inner {
                redactor: config.redactor(),
                config,
                shared,
            }),
        }
    }

    /// A client for another access token (a Page's, say) that shares this
    /// client's connection pool, governor and settings, and signs with the
    /// same app secret (the proof is made for the new token). Cheap: no new
    /// connections. The token is sent only on this client's requests.
    ///
    /// ```no_run
    /// # fn demo(client: &graph_runtime::Client, page_tokens: Vec<String>) {
    /// let pages: Vec<_> = page_tokens.into_iter().map(|t| client.with_token(t)).collect();
    /// # }
    /// ```
    pub fn with_token(&self, token: impl Into<AccessToken>) -> Client {
        let secret = self.inner.config.app_secret.clone();
        self.with_credentials(token.into(), secret)
    }

    /// [`Client::with_token`] for a token of another app: requests are
    /// signed with `app_secret` instead.
    pub fn with_token_and_secret(
        &self,
        token: impl Into<AccessToken>,
        app_secret: impl Into<AppSecret>,
    ) -> Client {
        self.with_credentials(token.into(), Some(app_secret.into()))
    }

    fn with_credentials(&self, token: AccessToken, app_secret: Option<AppSecret>) -> Client {
        let config = self.inner.config.with_credentials(token, app_secret);
        Client::with_shared(config, Arc::clone(&self.inner.shared))
    }

    /// Forgets what the [governor] knows, for this client and every client
    /// sharing its governor (its clones, [`Client::with_token`]): usage
    /// levels and rate-limit blocks. The next request for any key is sent
    /// at once, and Graph's answer to it says where it stands.
    pub fn reset_governor(&self) {
        self.inner.shared.governor.clear();
    }

    /// Whether two clients share one connection pool and governor (one was
    /// made from the other with [`Client::with_token`], or both from a third).
    pub fn shares_pool_with(&self, other: &Client) -> bool {
        Arc::ptr_eq(&self.inner.shared, &other.inner.shared)
    }

    /// The settings the client was built with.
    pub fn config(&self) -> &ClientConfig {
        &self.inner.config
    }

    /// `GET /{version}/{path}?{query}`, returning the JSON body. `path` is a
    /// literal path, split on `/` ([`GraphRequest::get`]); put an id that
    /// comes from input in a segment of its own with [`NodeRef`](crate::NodeRef)
    /// or [`GraphRequest::from_segments`].
    pub async fn get_json(
        &self,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<Response<serde_json::Value>, Error> {
        let request = query
            .iter()
            .fold(GraphRequest::get(path), |request, (name, value)| {
                request.param(*name, *value)
            });
        self.send(request).await
    }

    /// Sends a request, retrying as configured, and returns the JSON body.
    ///
    /// Each attempt runs in a `graph_request` tracing span with `method`,
    /// `path` (no query), `attempt` and `status`.
    ///
    /// Before each attempt the [governor] may pause it
    /// (usage near a limit) or wait out a rate-limit block, or fail it with
    /// [`Error::RateLimited`]; after each response it records the usage
    /// headers and reports them to [`ClientBuilder::on_usage`].
    pub async fn send(&self, request: GraphRequest) -> Result<Response<serde_json::Value>, Error> {
        self.send_touching(request, &[]).await
    }

    /// [`Client::send`] keeping the body as received, for a builder to
    /// decode straight into its type.
    pub(crate) async fn fetch(&self, request: GraphRequest) -> Result<Response<Body>, Error> {
        self.fetch_touching(request, &[]).await
    }

    /// [`Client::fetch_touching`], the body parsed.
    pub(crate) async fn send_touching(
        &self,
        request: GraphRequest,
        subjects: &[&str],
    ) -> Result<Response<serde_json::Value>, Error> {
        let response = self.fetch_touching(request, subjects).await?;
        response.try_map(|body| body.into_value(&self.inner.redactor))
    }

    /// [`Client::send`] for a request that touches the nodes `subjects` as
    /// well as the node its path names: the governor admits each attempt
    /// for all of them. For batch requests (`POST /` with one operation per
    /// node), which record each operation's usage themselves with
    /// [`Client::governor`]'s `observe`.
    pub(crate) async fn fetch_touching(
        &self,
        request: GraphRequest,
        subjects: &[&str],
    ) -> Result<Response<Body>, Error> {
        let config = &self.inner.config;
        let governor = &self.inner.shared.governor;
        let url = self.url_for(&request)?;
        let subject = self.subject_of(&request, &url);
        let mut admitted: Vec<&str> = subjects.to_vec();
        admitted.extend(subject.as_deref());
        // The secrets of this send: the client's and the request's own.
        let redactor = match request.secrets() {
            [] => std::borrow::Cow::Borrowed(&self.inner.redactor),
            own => std::borrow::Cow::Owned(self.inner.redactor.clone().with(own.iter().cloned())),
        };
        let path = redactor.shown(url.path(), MAX_SHOWN_PATH);
        let mut attempt = 1;
        loop {
            governor.admit(&admitted).await?;
            let span = tracing::info_span!(
                "graph_request",
                method = request.method().as_str(),
                path = path.as_str(),
                attempt,
                status = tracing::field::Empty,
            );
            let failure = match self
                .attempt(&request, &url, &redactor, &span)
                .instrument(span.clone())
                .await
            {
                Ok(response) => {
                    governor.observe(subject.as_deref(), &response.usage, &path);
                    return Ok(response);
                }
                Err(failure) => failure,
            };
            governor.observe(subject.as_deref(), &failure.usage, &path);
            // Recorded even on the last attempt, for the requests that follow.
            let regain = if failure.error.is_rate_limited() {
                span.in_scope(|| {
                    governor.refused(subject.as_deref(), &failure.usage, failure.retry_after)
                })
            } else {
                Ok(None)
            };
            if attempt >= config.max_attempts
                || !retry::should_retry(request.method(), &failure.error)
            {
                return Err(failure.error);
            }
            let delay = match regain? {
                Some(wait) => wait,
                None => config
                    .backoff
                    .delay(attempt, fastrand::f64(), failure.retry_after),
            };
            span.in_scope(|| tracing::debug!(error = %failure.error, ?delay, "retrying"));
            governor.clock().sleep(delay).await;
            attempt += 1;
        }
    }

    /// The client's rate limiter, shared by every clone. For requests that
    /// record usage themselves (the operations of a batch).
    pub(crate) fn governor(&self) -> &Governor {
        &self.inner.shared.governor
    }

    /// The node a request is about: its first path segment below the
    /// version (`1234` for `/v19.0/1234/feed`, `act_42` for `/act_42/ads`);
    /// for a paging URL, the first segment of its path below the base path
    /// and version.
    fn subject_of(&self, request: &GraphRequest, url: &url::Url) -> Option<String> {
        if let Some(segments) = request.segments() {
            return segments.first().cloned();
        }
        let base = self.inner.config.base_url.path().trim_end_matches('/');
        let mut rest = url
            .path()
            .strip_prefix(base)?
            .trim_start_matches('/')
            .split('/');
        let first = rest.next()?;
        let id = if is_api_version(first) {
            rest.next()?
        } else {
            first
        };
        let id = percent_encoding::percent_decode_str(id).decode_utf8_lossy();
        (!id.is_empty()).then(|| id.into_owned())
    }

    fn url_for(&self, request: &GraphRequest) -> Result<url::Url, Error> {
        let config = &self.inner.config;
        let mut url = match request.absolute_url() {
            Some(absolute) => {
                // The bearer token goes wherever the URL points: only to our own host.
                let base = &config.base_url;
                if !is_under(absolute, base) {
                    return Err(Error::InvalidRequest(format!(
                        "refusing to follow a page URL on {}: it is not under the client's \
                         base URL ({})",
                        absolute.origin().ascii_serialization(),
                        base.as_str()
                    )));
                }
                absolute.clone()
            }
            None => {
                let segments = request.checked_segments()?.unwrap_or_default();
                // Encoded here, one segment at a time: `url`'s own segment
                // setter drops tabs and newlines and skips `.` and `..`.
                let base = match request.is_on_video_host() {
                    true => &config.video_base_url,
                    false => &config.base_url,
                };
                let mut path = base.path().trim_end_matches('/').to_owned();
                for segment in std::iter::once(config.api_version.as_str())
                    .chain(segments.iter().map(String::as_str))
                {
                    path.push('/');
                    path.push_str(&encode_segment(segment).to_string());
                }
                let mut url = base.clone();
                url.set_path(&path);
                url
            }
        };
        request.check_params()?;
        request.check_no_batch_reference()?;
        let query_params = match request.method() {
            Method::Post => &[][..],
            _ => request.params(),
        };
        let proof = config
            .proof
            .as_ref()
            .filter(|_| request.sends_client_token());
        if !query_params.is_empty() || proof.is_some() {
            let mut query = url.query_pairs_mut();
            query.extend_pairs(query_params);
            if let Some(proof) = proof {
                query.append_pair("appsecret_proof", proof);
            }
        }
        Ok(url)
    }

    async fn attempt(
        &self,
        request: &GraphRequest,
        url: &url::Url,
        redactor: &Redactor,
        span: &tracing::Span,
    ) -> Result<Response<Body>, Failure> {
        let Inner { config, shared, .. } = &*self.inner;
        let http = &shared.http;
        let mut builder = http
            .request(request.method().to_http(), url.clone())
            .timeout(config.timeout);
        if request.sends_client_token() {
            builder = builder.bearer_auth(config.token.expose_secret());
        }
        // A file that fails to read while the body streams ends up here,
        // where the transport error it causes is replaced by its own.
        let mut upload_failure = None;
        if request.method() == Method::Post && !request.files().is_empty() {
            let body = Multipart::new(request.params(), request.files())?;
            let stream = body.stream().map_err(Error::Upload)?;
            let (stream, failed) = upload::watch(stream);
            upload_failure = Some(failed);
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, body.content_type())
                .header(reqwest::header::CONTENT_LENGTH, body.len())
                .body(reqwest::Body::wrap_stream(stream));
        } else if request.method() == Method::Post {
            let body = url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(request.params())
                .finish();
            builder = builder
                .header(
                    reqwest::header::CONTENT_TYPE,
                    "application/x-www-form-urlencoded",
                )
                .body(body);
        }
        let mut response = builder.send().await.map_err(|e| {
            let failed = upload_failure
                .as_ref()
                .and_then(|slot| slot.lock().ok()?.take());
            match failed {
                Some(error) => Failure::from(Error::Upload(error)),
                None => self.transport_error(e).into(),
            }
        })?;
        let status = response.status().as_u16();
        span.record("status", status);
        let usage = Usage::from_headers(|name| response.headers().get(name).map(|v| v.as_bytes()));
        let served_version = self.served_version(response.headers());
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| retry::parse_retry_after(v.to_str().ok()?));
        let body = match self.read_body(&mut response, status, url, redactor).await {
            Ok(body) => body,
            Err(error) => {
                return Err(Failure {
                    error,
                    retry_after,
                    usage,
                });
            }
        };
        match interpret(status, body, redactor) {
            Ok(data) => {
                let mut response = Response::new(data, usage);
                response.api_version = served_version;
                Ok(response)
            }
            Err(error) => Err(Failure {
                error,
                retry_after,
                usage,
            }),
        }
    }

    /// The body, read chunk by chunk up to `max_response_bytes`: one that
    /// announces a longer `Content-Length`, or grows past the limit while
    /// it streams, is refused without reading on.
    async fn read_body(
        &self,
        response: &mut reqwest::Response,
        status: u16,
        url: &url::Url,
        redactor: &Redactor,
    ) -> Result<Vec<u8>, Error> {
        let limit = self.inner.config.max_response_bytes;
        let too_large = || Error::ResponseTooLarge {
            limit,
            status,
            path: redactor.shown(url.path(), MAX_SHOWN_PATH),
        };
        if response
            .content_length()
            .is_some_and(|length| length > limit)
        {
            return Err(too_large());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| self.transport_error(e))?
        {
            if body.len() as u64 + chunk.len() as u64 > limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    /// The version Graph says served the request (`facebook-api-version`),
    /// with a warning the first time it differs from the one requested.
    fn served_version(&self, headers: &reqwest::header::HeaderMap) -> Option<String> {
        let served = headers
            .get(API_VERSION_HEADER)?
            .to_str()
            .ok()?
            .trim()
            .to_owned();
        let requested = &self.inner.config.api_version;
        if self.inner.shared.versions.is_news(requested, &served) {
            tracing::warn!(
                requested = requested.as_str(),
                served = served.as_str(),
                "Graph served API version {served} for a request of {requested}: \
                 {requested} is retired or not yet available to this app; \
                 upgrade the crate or set ClientBuilder::api_version"
            );
        }
        Some(served)
    }

    fn transport_error(&self, error: reqwest::Error) -> Error {
        let refused = std::iter::successors(std::error::Error::source(&error), |e| e.source())
            .find_map(|e| e.downcast_ref::<RedirectRefused>());
        if let Some(RedirectRefused { status, to }) = refused {
            Error::Redirected {
                status: *status,
                to: to.clone(),
            }
        } else if error.is_timeout() {
            Error::Timeout {
                after: self.inner.config.timeout,
            }
        } else {
            Error::Transport(TransportError::new(error))
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.inner.config)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "EAAB-unit-test-token";

    fn client(base_url: &str) -> Result<Client, Error> {
        Client::builder(TOKEN).base_url(base_url).build()
    }

    fn config_message(result: Result<Client, Error>) -> String {
        match result {
            Err(Error::Config(e)) => e.to_string(),
            other => panic!("expected a config error, got {other:?}"),
        }
    }

    #[test]
    fn accepts_https_and_loopback_http_only() {
        for ok in [
            "https://graph.facebook.com",
            "https://proxy.example/graph/",
            "http://127.0.0.1:8080",
            "http://[::1]:1",
            "http://localhost:3000",
        ] {
            assert!(client(ok).is_ok(), "{ok}");
        }
        assert!(config_message(client("http://graph.facebook.com")).contains("must use https"));
        assert!(config_message(client("ftp://127.0.0.1")).contains("must be an https URL"));
        assert!(config_message(client("graph.facebook.com")).contains("is not a URL"));
        assert!(config_message(client("https://h/?a=1")).contains("query"));
        let message = config_message(client("https://user:hunter2@h/"));
        assert!(!message.contains("hunter2"), "{message}");
    }

    #[test]
    fn validates_the_other_settings() {
        let builder = || Client::builder(TOKEN);
        assert!(config_message(builder().api_version("19.0").build()).contains("api_version"));
        assert!(config_message(builder().api_version("v19").build()).contains("api_version"));
        assert!(config_message(builder().max_attempts(0).build()).contains("max_attempts"));
        assert!(config_message(Client::builder(" ").build()).contains("access token is empty"));
        assert!(config_message(builder().timeout(Duration::ZERO).build()).contains("timeout"));
        assert!(
            config_message(builder().max_response_bytes(0).build())
                .contains("max_response_bytes must be at least 1")
        );
        let one = builder().max_response_bytes(1).into_config().unwrap();
        assert_eq!(one.max_response_bytes(), 1);
        let backoff = builder()
            .backoff_base(Duration::from_secs(2))
            .backoff_max(Duration::from_secs(1));
        assert!(config_message(backoff.build()).contains("backoff_base"));
        let config = builder().into_config().unwrap();
        assert_eq!(config.api_version(), DEFAULT_API_VERSION);
        assert_eq!(config.base_url(), "https://graph.facebook.com/");
        assert_eq!(
            (config.max_attempts(), config.timeout()),
            (3, Duration::from_secs(30))
        );
        assert_eq!(config.max_response_bytes(), DEFAULT_MAX_RESPONSE_BYTES);
        for bad in [0.0, -1.0, 100.5, f64::NAN] {
            assert!(
                config_message(builder().slow_down_at(bad).build()).contains("slow_down_at"),
                "{bad}"
            );
        }
        for endless in [Duration::MAX, MAX_SLOW_DOWN + Duration::from_nanos(1)] {
            assert!(
                config_message(builder().max_slow_down(endless).build()).contains("max_slow_down"),
                "{endless:?}"
            );
        }
        assert!(builder().max_slow_down(MAX_SLOW_DOWN).build().is_ok());
        let governed = builder()
            .slow_down_at(100.0)
            .max_slow_down(Duration::ZERO)
            .max_rate_limit_wait(Duration::from_secs(60))
            .into_config()
            .unwrap();
        assert_eq!(
            (
                governed.slow_down_at(),
                governed.max_slow_down(),
                governed.max_rate_limit_wait()
            ),
            (100.0, Duration::ZERO, Duration::from_secs(60))
        );
        assert_eq!(
            (
                config.slow_down_at(),
                config.max_slow_down(),
                config.max_rate_limit_wait()
            ),
            (75.0, Duration::from_secs(10), Duration::from_secs(300))
        );
    }

    #[test]
    fn urls_carry_version_encoded_path_params_and_proof() {
        let client = Client::builder(TOKEN)
            .base_url("https://proxy.example/graph/")
            .api_version("v20.0")
            .app_secret("app-secret-value")
            .build()
            .unwrap();
        let request =
            GraphRequest::get("12 3?/feed").param("fields", "voip_info{is_callable,reason_code}");
        let url = client.url_for(&request).unwrap();
        let proof = appsecret_proof(&"app-secret-value".into(), &TOKEN.into());
        assert_eq!(
            url.as_str(),
            format!(
                "https://proxy.example/graph/v20.0/12%203%3F/feed\
                 ?fields=voip_info%7Bis_callable%2Creason_code%7D&appsecret_proof={proof}"
            )
        );
        let post = client
            .url_for(&GraphRequest::post("1/feed").param("message", "hi"))
            .unwrap();
        assert_eq!(
            post.query(),
            Some(format!("appsecret_proof={proof}").as_str())
        );
        assert!(matches!(
            client.url_for(&GraphRequest::get("")),
            Err(Error::InvalidRequest(_))
        ));
    }

    #[test]
    fn each_segment_is_encoded_on_its_own_below_the_base_path() {
        for (base, prefix) in [
            (
                "https://proxy.example/graph/",
                "https://proxy.example/graph/v19.0",
            ),
            (
                "https://proxy.example/graph",
                "https://proxy.example/graph/v19.0",
            ),
            (
                "https://graph.facebook.com",
                "https://graph.facebook.com/v19.0",
            ),
        ] {
            let client = client(base).unwrap();
            let url = |segments: &[&str]| {
                let request = GraphRequest::from_segments(Method::Delete, segments.iter().copied());
                client.url_for(&request).map(String::from)
            };
            assert_eq!(
                url(&["123/adsets"]).unwrap(),
                format!("{prefix}/123%2Fadsets")
            );
            assert_eq!(
                url(&["a\tb\nc", "%2e%2e", "..."]).unwrap(),
                format!("{prefix}/a%09b%0Ac/%252e%252e/...")
            );
            assert_eq!(url(&["1", "likes"]).unwrap(), format!("{prefix}/1/likes"));
            for bad in [&[".."][..], &["1", "."], &[""], &[]] {
                assert!(matches!(url(bad), Err(Error::InvalidRequest(_))), "{bad:?}");
            }
        }
    }

    #[test]
    fn credentials_are_never_request_parameters() {
        let client = client("https://graph.facebook.com").unwrap();
        for name in ["access_token", "appsecret_proof"] {
            let get = GraphRequest::get("me").param(name, "EAAB-x");
            assert!(matches!(
                client.url_for(&get),
                Err(Error::InvalidRequest(_))
            ));
            let post = GraphRequest::post("me/feed").param(name, "EAAB-x");
            assert!(matches!(
                client.url_for(&post),
                Err(Error::InvalidRequest(_))
            ));
            let next = GraphRequest::get_url("https://graph.facebook.com/v19.0/1/feed?after=x")
                .unwrap()
                .param(name, "EAAB-x");
            assert!(matches!(
                client.url_for(&next),
                Err(Error::InvalidRequest(_))
            ));
        }
    }

    #[test]
    fn page_urls_are_followed_on_the_base_host_only_and_signed() {
        let client = Client::builder(TOKEN)
            .base_url("https://proxy.example/graph/")
            .app_secret("app-secret-value")
            .build()
            .unwrap();
        let proof = appsecret_proof(&"app-secret-value".into(), &TOKEN.into());
        let next = |url: &str| client.url_for(&GraphRequest::get_url(url).unwrap());
        let url = next(&format!(
            "https://proxy.example:443/graph/v19.0/1/feed?access_token={TOKEN}&after=QQ&appsecret_proof=old"
        ))
        .unwrap();
        assert_eq!(
            url.as_str(),
            format!("https://proxy.example/graph/v19.0/1/feed?after=QQ&appsecret_proof={proof}")
        );
        for foreign in [
            "https://evil.example/graph/v19.0/1/feed?after=QQ",
            "http://proxy.example/graph/v19.0/1/feed",
            "https://proxy.example:8443/graph/v19.0/1/feed",
            "https://user:pw@proxy.example/graph/v19.0/1/feed",
            "https://user@proxy.example/graph/v19.0/1/feed",
            "https://:pw@proxy.example/graph/v19.0/1/feed",
            "data:text/plain,hello",
        ] {
            let error = next(foreign).unwrap_err();
            let Error::InvalidRequest(why) = &error else {
                panic!("{foreign}: {error:?}")
            };
            assert!(why.starts_with("refusing to follow"), "{why}");
            assert!(!why.contains("pw"), "{why}");
        }
    }

    #[tokio::test]
    async fn send_touching_admits_every_node_a_request_touches() {
        use crate::governor::ManualClock;
        use crate::response::BusinessUseCaseUsage;
        let clock = Arc::new(ManualClock::new());
        let server = crate::mock::MockGraph::new(TOKEN)
            .clock(clock.clone())
            .node("2", serde_json::json!({"id": "2"}))
            .start();
        let client: Client = server.client_builder().build().unwrap();
        let near = Usage {
            business_use_case: Some(
                [(
                    "1".to_owned(),
                    vec![BusinessUseCaseUsage {
                        use_case: Some("pages".into()),
                        call_count: Some(95.0),
                        ..BusinessUseCaseUsage::default()
                    }],
                )]
                .into(),
            ),
            ..Usage::default()
        };
        // What a batch operation about node 1 reported, through a clone.
        client
            .clone()
            .governor()
            .observe(Some("1"), &near, "/v19.0/1");
        client.send(GraphRequest::get("2")).await.unwrap();
        assert!(clock.sleeps().is_empty());
        client
            .send_touching(GraphRequest::get("2"), &["1"])
            .await
            .unwrap();
        assert_eq!(clock.sleeps(), [Duration::from_secs(8)]);
    }

    #[test]
    fn only_the_latest_served_versions_are_remembered() {
        let watch = VersionWatch::default();
        assert!(!watch.is_news("v19.0", "v19.0"));
        assert!(watch.is_news("v19.0", "v20.0"));
        assert!(!watch.is_news("v19.0", "v20.0"), "warned once");
        // A server naming a new version in every response.
        for minor in 0..10_000 {
            assert!(watch.is_news("v19.0", &format!("v1.{minor}")));
        }
        let kept = watch.warned.lock().unwrap();
        assert_eq!(kept.len(), VersionWatch::KEPT);
        assert_eq!(kept.back().map(String::as_str), Some("v1.9999"));
    }

    #[test]
    fn no_secret_in_debug_output() {
        let builder = Client::builder(TOKEN).app_secret("app-secret-value");
        let client = builder.clone().build().unwrap();
        let proof = appsecret_proof(&"app-secret-value".into(), &TOKEN.into());
        let shown = format!("{builder:?} {client:?} {:?}", client.config());
        for secret in [TOKEN, "app-secret-value", proof.as_str()] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(shown.contains("<redacted>"));
    }
}
