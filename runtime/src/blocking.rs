//! A blocking client: the async [`crate::Client`] driven by its own
//! current-thread tokio runtime (feature `blocking`).
//!
//! Like `reqwest::blocking`, it must not be used, or dropped for the last
//! time, inside an async runtime: blocking there panics. Use the async client
//! from async code.

use std::fmt;
use std::sync::Arc;

use crate::auth::{AccessToken, AppSecret};
use crate::client::{BuildClient, ClientBuilder, ClientConfig, Transport, sealed};
use crate::decode::DecodeError;
use crate::error::{ConfigError, Error};
use crate::request::GraphRequest;
use crate::response::{Body, Response};

/// The blocking Graph API client. Cheap to clone; clones share one runtime.
///
/// ```no_run
/// # fn demo() -> Result<(), graph_runtime::Error> {
/// let client = graph_runtime::blocking::Client::builder("EAAB…").build()?;
/// let me = client.get_json("me", &[("fields", "id,name")])?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: crate::Client,
    runtime: Arc<tokio::runtime::Runtime>,
}

impl BuildClient for Client {
    fn build_client(config: ClientConfig) -> Result<Self, Error> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| {
                Error::Config(ConfigError::new(format!(
                    "cannot start a tokio runtime: {e}"
                )))
            })?;
        Ok(Client {
            inner: crate::Client::build_client(config)?,
            runtime: Arc::new(runtime),
        })
    }
}

impl sealed::Sealed for Client {
    fn scrub(&self, error: DecodeError) -> DecodeError {
        self.inner.scrub(error)
    }

    fn redact(&self, text: &str) -> String {
        self.inner.redact(text)
    }

    fn strict(&self) -> bool {
        sealed::Sealed::strict(&self.inner)
    }

    fn parse(&self, status: u16, body: &[u8]) -> Result<serde_json::Value, Error> {
        sealed::Sealed::parse(&self.inner, status, body)
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

impl Client {
    /// A builder for a blocking [`Client`].
    pub fn builder(token: impl Into<AccessToken>) -> ClientBuilder<Client> {
        ClientBuilder::new(token)
    }

    /// The settings the client was built with.
    pub fn config(&self) -> &ClientConfig {
        self.inner.config()
    }

    /// A blocking client for another access token that shares this one's
    /// connection pool, governor, runtime and settings:
    /// [`crate::Client::with_token`].
    pub fn with_token(&self, token: impl Into<AccessToken>) -> Client {
        Client {
            inner: self.inner.with_token(token),
            runtime: Arc::clone(&self.runtime),
        }
    }

    /// [`Client::with_token`] signed with another app secret:
    /// [`crate::Client::with_token_and_secret`].
    pub fn with_token_and_secret(
        &self,
        token: impl Into<AccessToken>,
        app_secret: impl Into<AppSecret>,
    ) -> Client {
        Client {
            inner: self.inner.with_token_and_secret(token, app_secret),
            runtime: Arc::clone(&self.runtime),
        }
    }

    /// Forgets what the governor knows, for every client sharing it:
    /// [`crate::Client::reset_governor`].
    pub fn reset_governor(&self) {
        self.inner.reset_governor();
    }

    /// Whether two clients share one connection pool and governor.
    pub fn shares_pool_with(&self, other: &Client) -> bool {
        self.inner.shares_pool_with(&other.inner)
    }

    /// Blocking [`crate::Client::get_json`].
    pub fn get_json(
        &self,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<Response<serde_json::Value>, Error> {
        self.runtime.block_on(self.inner.get_json(path, query))
    }

    /// The async client underneath, which the blocking `send` of a batch
    /// drives with [`Client::block_on`].
    pub(crate) fn async_client(&self) -> &crate::Client {
        &self.inner
    }

    /// Runs `work` to completion on this client's runtime.
    pub(crate) fn block_on<F: std::future::Future>(&self, work: F) -> F::Output {
        self.runtime.block_on(work)
    }

    /// Blocking [`crate::Client::send`]: the same retry loop.
    pub fn send(&self, request: GraphRequest) -> Result<Response<serde_json::Value>, Error> {
        self.runtime.block_on(self.inner.send(request))
    }

    /// Blocking [`crate::Client::fetch`]: the body as received.
    pub(crate) fn fetch(&self, request: GraphRequest) -> Result<Response<Body>, Error> {
        self.runtime.block_on(self.inner.fetch(request))
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("blocking::Client")
            .field("config", self.inner.config())
            .finish()
    }
}
