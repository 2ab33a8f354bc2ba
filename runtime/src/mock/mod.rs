//! A Graph API emulator for tests (feature `mock`): a real HTTP server on
//! `127.0.0.1` with an ephemeral port, serving fixtures the way the Graph API
//! does, checking credentials the way it does, and failing on demand.
//!
//! ```
//! use graph_runtime::mock::{Fault, MockGraph};
//! use graph_runtime::{Client, Error, GraphRequest};
//! use serde_json::json;
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let server = MockGraph::new("EAAB-test-token")
//!     .app_secret("test-app-secret")
//!     .node("1234", json!({"id": "1234", "name": "My Page", "voip_info": {"is_callable": true}}))
//!     .header("x-app-usage", r#"{"call_count": 5, "total_time": 1, "total_cputime": 1}"#)
//!     .start();
//!
//! // A client aimed at the emulator, with its token and secret, and tiny backoffs.
//! let client: Client = server.client_builder().build()?;
//!
//! // A rate limit, then success: the client retries on its own.
//! server.queue_fault(Fault::user_rate_limit());
//! let page = client.send(GraphRequest::get("1234").param("fields", "name,voip_info{is_callable}")).await?;
//! assert_eq!(page.data, json!({"id": "1234", "name": "My Page", "voip_info": {"is_callable": true}}));
//! assert_eq!(page.usage.app.unwrap().call_count, Some(5.0));
//!
//! let requests = server.requests();
//! assert_eq!(requests.len(), 2);
//! assert!(requests[0].fault.is_some());
//! assert_eq!(requests[1].param("fields"), Some("name,voip_info{is_callable}"));
//! assert!(requests.iter().all(|r| r.token.is_right() && r.proof.is_right() && !r.token_in_url));
//!
//! // Unknown ids answer as Graph does.
//! let err = client.send(GraphRequest::get("999")).await.unwrap_err();
//! assert_eq!(err.graph().and_then(|e| e.code), Some(100));
//! # Ok::<(), Error>(())
//! # }).unwrap();
//! ```
//!
//! The emulator runs on a thread of its own, so it serves the async client
//! from `#[tokio::test]`s and `blocking::Client` from plain `#[test]`s alike.
//!
//! What it serves:
//!
//! - `GET /{version}/{id}?fields=…` for each [`MockGraph::node`] fixture, honouring
//!   `fields` with nested expansion (`a,b{c,d{e}}`); without `fields`, the
//!   fixture's scalar fields. `id` is always included when the object has one.
//!   Fields the fixture lacks are left out, as Graph leaves out empty fields.
//! - `GET /{version}/{id}/{edge}` for each [`MockGraph::edge`] fixture, paged
//!   with `limit` (default 25), `after` and `before` cursors and absolute
//!   `next` and `previous` URLs which, as Graph's do, carry the `access_token`;
//!   forwards and backwards. Or by `offset` (links with `offset`, no
//!   cursors, as Graph's offset paging). `since` and `until` (Unix seconds)
//!   keep the entries whose `created_time` is within them; `summary=true`
//!   adds `"summary": {"total_count": N}`. Above an edge's
//!   [`MockGraph::max_limit`], Graph's too-much-data error (HTTP 500, code 1).
//! - `POST /{version}/{id}/{edge}` for each [`MockGraph::creates`] fixture:
//!   answers `{"id": "<new id>"}` (ids count up from 10000000001); the new
//!   node can then be read, updated and deleted, and is listed on the edge.
//! - Asynchronous report runs ([`MockGraph::report_run`]): `POST
//!   /{version}/{account}/insights` answers `{"report_run_id": …}`, each poll
//!   of the run answers the next status of its [`ReportScript`], and its
//!   `insights` edge serves the rows once it is completed.
//! - `POST /{version}/{id}` (update) for a known node: `{"success": true}`.
//! - `DELETE /{version}/{id}` for a known node, which is then gone, and
//!   `DELETE /{version}/{id}/{edge}` for a known edge: `{"success": true}`.
//! - `POST /{version}` with `batch=[…]` (at most 50 operations): each
//!   operation run as a request of its own, in order, with the batch's token
//!   and proof unless it carries its own (`access_token` in its
//!   `relative_url` or body; [`MockGraph::accept_token`] adds tokens);
//!   `{result=NAME:$.path}` references filled in from earlier answers;
//!   `depends_on`; the answer of an operation others depend on left out
//!   (`null`) unless it was sent with `omit_response_on_success: false`;
//!   `null` for operations [`Fault::batch_not_run`] names and those that
//!   depend on them. Each operation is recorded in the batch request's
//!   [`RecordedRequest::batch`].
//! - `multipart/form-data` bodies (RFC 7578; [`multipart::parse`]): their
//!   text parts are form parameters, exactly as form-urlencoded ones, and
//!   their file parts are kept ([`RecordedRequest::parts`]). A body that
//!   cannot be read is answered with HTTP 400, code 100, naming the problem.
//! - Image uploads ([`MockGraph::ad_images`]): `POST
//!   /{version}/{account}/adimages` with file parts or a base64 `bytes`
//!   parameter answers `{"images": {"<name>": {"hash", "url", "name"}}}`,
//!   the hash being the first 16 bytes of the image's SHA-256 in hex; the
//!   images are listed at `GET /{version}/{account}/adimages`.
//! - A second listener, the video host ([`MockServer::video_url`]), with
//!   the same state and routes; [`RecordedRequest::video_host`] says which
//!   host a request reached.
//! - Chunked video uploads ([`MockGraph::video_uploads`], [`VideoScript`]),
//!   as Facebook's SDKs send them, all `POST /{version}/{account}/advideos`
//!   on the video host (on the main host, code 6000, as Graph answers a
//!   misrouted upload):
//!   - `upload_phase=start` with `file_size=N` answers `video_id`,
//!     `upload_session_id`, and the first chunk's `start_offset` and
//!     `end_offset` (strings, as Graph's).
//!   - `upload_phase=transfer` with `upload_session_id`, `start_offset` and
//!     a `video_file_chunk` file part appends the chunk when it starts at
//!     the emulator's offset and is as long as asked, and answers the next
//!     offsets (both `N` once the file is complete); otherwise HTTP 400,
//!     code 6001, subcode 1363037, with the emulator's offsets in
//!     `error_data`. [`VideoScript::fail_transfer`] makes a transfer time
//!     out (HTTP 500, code 390, subcode 1363030, `is_transient`), its chunk
//!     dropped; [`VideoScript::lose_chunk`] drops a chunk but answers
//!     success with the old offsets.
//!   - `upload_phase=finish` with `upload_session_id` and the video's
//!     parameters (`title`, …) answers `{"success": true}` once every byte
//!     arrived (before that, code 6001, subcode 1363019) and keeps them.
//!   - An unknown `upload_session_id` is code 100, subcode 33.
//!   - `GET /{version}/{video_id}` answers the video (`id`, `account_id`,
//!     the finish parameters, `status`), honouring `fields`: before
//!     finish, `video_status: "processing"` at 0 % with
//!     `uploading_phase.status` `"not_started"` or `"in_progress"`; after,
//!     [`VideoScript::encoding_polls`] reads of `"processing"`, then
//!     `"ready"` at 100 % (or `"error"`: [`VideoScript::encoding_fails`]).
//!   - [`MockServer::uploaded_video`] tells what arrived: the bytes, their
//!     SHA-256, the transfers, the finish parameters.
//!
//!   Each phase is recorded and charged to the rate limits as any request.
//! - `GET /{version}?ids=a,b` answers each node by its id, with `fields`
//!   applied; an unknown id is code 803. `/me` is the node
//!   [`MockGraph::me`] names.
//! - Every answer says in `facebook-api-version` which version served it:
//!   the request's, or the one [`MockGraph::serve_version`] sets. With
//!   [`MockGraph::gzip`], answers are gzip-compressed for clients that
//!   accept it ([`RecordedRequest::gzipped`]). [`MockServer::connections`]
//!   counts the TCP connections accepted.
//! - Tokens: `GET /{version}/debug_token?input_token=…`, and `POST` with
//!   `input_token` and `method=GET` in the body, answer what the test
//!   registered ([`MockGraph::register_token`], [`TokenInfo`]): app, type,
//!   user or Page, scopes, expiry, validity with Graph's error (190 and a
//!   subcode) when expired or invalidated; a token not registered is
//!   `is_valid: false`, code 190. The caller must be the emulator's token
//!   or a registered app's token. `POST /{version}/oauth/access_token`
//!   for a registered app ([`MockGraph::register_app`]) answers
//!   `client_credentials` with the app token and `fb_exchange_token` with
//!   a new long-lived token, registered in turn; it needs no access token.
//! - Any method on any path with a canned body ([`MockGraph::response`]),
//!   which takes precedence over the routes above.
//! - The version prefix is any `vN.N` (or none). The access token is taken
//!   from `Authorization: Bearer …`, or an `access_token` parameter.
//! - Path segments are percent-decoded one by one before routing: the id in
//!   `/v19.0/123%2Fadsets` is `123/adsets`. The request log keeps the raw
//!   path and the decoded segments ([`RecordedRequest::segments`]).
//!
//! Graph's own errors: no token, code 104; wrong token, code 190
//! (`OAuthException`, HTTP 400); with an app secret set, a missing or wrong
//! `appsecret_proof`, code 100 (`GraphMethodException`); unknown id, code 100
//! subcode 33; unknown path, code 2500; bad `fields` syntax, code 100.
//!
//! Faults ([`Fault`]) are queued with [`MockServer::queue_fault`] and consumed
//! one per request. Every request is recorded ([`MockServer::requests`]).
//!
//! Rate limits ([`UsageLimit`], added with [`MockGraph::usage_limit`]): usage
//! headers that climb by a step with each request a limit applies to, then,
//! at 100 %, Graph's rate-limit error with the regain time in the header,
//! until that time has passed on the emulator's clock ([`MockGraph::clock`];
//! share a [`ManualClock`](crate::governor::ManualClock) with the client and
//! no test waits in real time) or [`MockServer::reset_usage`] is called.

mod batch;
mod fault;
mod fields;
mod images;
pub mod multipart;
mod report;
mod server;
mod token;
mod usage;
mod video;
#[cfg(feature = "webhooks")]
mod webhook;

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde_json::Value;

pub use fault::Fault;
pub use report::ReportScript;
pub use token::{LONG_LIVED_SECONDS, TokenInfo};
pub use usage::UsageLimit;
pub use video::{UploadedVideo, VideoScript};
#[cfg(feature = "webhooks")]
pub use webhook::{DeliveryReply, WebhookDelivery, deliver_webhook, webhook_delivery};

use crate::auth::{AccessToken, AppSecret};
use crate::client::{BuildClient, ClientBuilder};
use crate::governor::{Clock, SystemClock};
use crate::request::Method;

/// Configures an emulator; [`MockGraph::start`] runs it.
#[derive(Debug)]
pub struct MockGraph {
    state: State,
}

/// Everything the emulator knows; shared between the server and its handle.
#[derive(Debug)]
struct State {
    token: AccessToken,
    /// Tokens accepted besides `token` (a Page's, say): [`MockGraph::accept_token`].
    other_tokens: Vec<AccessToken>,
    app_secret: Option<AppSecret>,
    nodes: HashMap<String, Value>,
    node_headers: HashMap<String, Vec<(String, String)>>,
    edges: HashMap<(String, String), Vec<Value>>,
    creatable: HashSet<(String, String)>,
    /// The largest `limit` an edge answers; more is too much data.
    max_limits: HashMap<(String, String), usize>,
    created: u64,
    /// Canned bodies by method and path segments.
    responses: HashMap<(Method, Vec<String>), Value>,
    headers: Vec<(String, String)>,
    faults: VecDeque<Fault>,
    requests: Vec<RecordedRequest>,
    /// Scripted rate limits, in the order they were added.
    limits: Vec<usage::Scripted>,
    clock: Arc<dyn Clock>,
    /// Whether recorded file parts keep their bytes: [`MockGraph::record_file_data`].
    record_file_data: bool,
    /// Report-run scripts by ad account: [`MockGraph::report_run`].
    report_scripts: HashMap<String, ReportScript>,
    /// Report runs started, by id.
    report_runs: HashMap<String, report::Run>,
    /// Ad accounts that accept image uploads: [`MockGraph::ad_images`].
    image_accounts: HashSet<String>,
    /// Video upload scripts by ad account: [`MockGraph::video_uploads`].
    video_scripts: HashMap<String, VideoScript>,
    /// Video uploads started, and the sessions that feed them.
    videos: video::Uploads,
    /// The version every answer says served it: [`MockGraph::serve_version`].
    served_version: Option<String>,
    /// Whether answers are gzip-compressed for clients that accept it.
    gzip: bool,
    /// Connections accepted on the main host: [`MockServer::connections`].
    connections: usize,
    /// The node `/me` reads: [`MockGraph::me`].
    me: Option<String>,
    /// Apps and tokens for `/debug_token` and `/oauth/access_token`:
    /// [`MockGraph::register_app`], [`MockGraph::register_token`].
    tokens: token::Registry,
}

impl MockGraph {
    /// An emulator that accepts exactly this access token.
    pub fn new(access_token: impl Into<AccessToken>) -> Self {
        MockGraph {
            state: State {
                token: access_token.into(),
                other_tokens: Vec::new(),
                app_secret: None,
                nodes: HashMap::new(),
                node_headers: HashMap::new(),
                edges: HashMap::new(),
                creatable: HashSet::new(),
                max_limits: HashMap::new(),
                created: 0,
                responses: HashMap::new(),
                headers: Vec::new(),
                faults: VecDeque::new(),
                requests: Vec::new(),
                limits: Vec::new(),
                clock: Arc::new(SystemClock),
                record_file_data: true,
                report_scripts: HashMap::new(),
                report_runs: HashMap::new(),
                image_accounts: HashSet::new(),
                video_scripts: HashMap::new(),
                videos: video::Uploads::default(),
                served_version: None,
                gzip: false,
                connections: 0,
                me: None,
                tokens: token::Registry::default(),
            },
        }
    }

    /// Accepts this access token too (a Page token, say, for batch
    /// operations that carry their own). The client builder still gets the
    /// token given to [`MockGraph::new`].
    pub fn accept_token(mut self, token: impl Into<AccessToken>) -> Self {
        self.state.other_tokens.push(token.into());
        self
    }

    /// Says in every answer's `facebook-api-version` header that `version`
    /// served it, as Graph does when asked for a version it has retired
    /// (it serves the oldest one it still has). By default the header
    /// names the version of the request's path (`v19.0` if it has none).
    pub fn serve_version(mut self, version: impl Into<String>) -> Self {
        self.state.served_version = Some(version.into());
        self
    }

    /// Makes `/me` (and `/me/{edge}`) the node `id`: the user whose token
    /// the requests carry.
    pub fn me(mut self, id: impl Into<String>) -> Self {
        self.state.me = Some(id.into());
        self
    }

    /// Compresses every answer with gzip (`Content-Encoding: gzip`) for a
    /// request that says `Accept-Encoding: gzip`, as Graph does.
    pub fn gzip(mut self, gzip: bool) -> Self {
        self.state.gzip = gzip;
        self
    }

    /// An app: `POST /{version}/oauth/access_token` with this `client_id`
    /// and `client_secret` answers `grant_type=client_credentials` with the
    /// app token `{app_id}|{secret}` and `grant_type=fb_exchange_token` with
    /// a long-lived token, and `/debug_token` accepts the app token as its
    /// caller's. A wrong secret is Graph's `Error validating client
    /// secret.` (code 1), an unknown id code 101.
    pub fn register_app(mut self, app_id: impl Into<String>, secret: impl Into<AppSecret>) -> Self {
        self.state.tokens.register_app(app_id.into(), secret.into());
        self
    }

    /// A token `/debug_token` knows: it answers `info` (see [`TokenInfo`]),
    /// and `fb_exchange_token` trades it, when valid, for a long-lived one
    /// with the same app, user and scopes, which `/debug_token` then knows
    /// too ([`LONG_LIVED_SECONDS`] from the exchange). A token not
    /// registered answers as Graph's: `is_valid: false`, error 190.
    /// Registering a token does not make the emulator accept it on other
    /// routes ([`MockGraph::accept_token`] does).
    pub fn register_token(mut self, token: impl Into<AccessToken>, info: TokenInfo) -> Self {
        self.state.tokens.register_token(token.into(), info);
        self
    }

    /// Requires `appsecret_proof` computed with this secret on every request.
    pub fn app_secret(mut self, secret: impl Into<AppSecret>) -> Self {
        self.state.app_secret = Some(secret.into());
        self
    }

    /// A node, served at `GET /{version}/{id}`. `value` is everything the node
    /// has; requests get the fields they select.
    pub fn node(mut self, id: impl Into<String>, value: Value) -> Self {
        self.state.nodes.insert(id.into(), value);
        self
    }

    /// The entries of an edge, served paged at `GET /{version}/{id}/{edge}`.
    pub fn edge(
        mut self,
        id: impl Into<String>,
        edge: impl Into<String>,
        entries: impl IntoIterator<Item = Value>,
    ) -> Self {
        self.state
            .edges
            .insert((id.into(), edge.into()), entries.into_iter().collect());
        self
    }

    /// The largest page an edge serves: a request for more entries than
    /// `max` (a `limit` above it, or no `limit` when `max` is below the
    /// default 25) is answered as Graph answers a request for too much data
    /// ([`Fault::too_much_data`]: HTTP 500, code 1), so that a client's
    /// smaller retries show in the request log.
    pub fn max_limit(mut self, id: impl Into<String>, edge: impl Into<String>, max: usize) -> Self {
        self.state.max_limits.insert((id.into(), edge.into()), max);
        self
    }

    /// Accepts creates on an edge: `POST /{version}/{id}/{edge}` answers
    /// `{"id": "<new id>"}`, adds the node `{"id": "<new id>"}` and lists it
    /// on the edge. The form parameters are recorded ([`RecordedRequest::form`]).
    pub fn creates(mut self, id: impl Into<String>, edge: impl Into<String>) -> Self {
        self.state.creatable.insert((id.into(), edge.into()));
        self
    }

    /// A canned body for `method /{version}/{path}` (status 200), answered
    /// after the credential checks: `response(Method::Post, "1234/feed", json!({"id": "1234_1"}))`.
    /// `path` is split on `/` and matched against the decoded segments, so
    /// `"1234/feed"` answers `/v19.0/1234/feed` but not `/v19.0/1234%2Ffeed`.
    pub fn response(mut self, method: Method, path: impl Into<String>, body: Value) -> Self {
        self.state
            .responses
            .insert(response_key(method, path), body);
        self
    }

    /// Asynchronous report runs on an ad account (`act_42`): each
    /// `POST /{version}/{account}/insights` starts one, answering
    /// `{"report_run_id": "<id>"}` (ids count up from 6000000000001); each
    /// `GET /{version}/{report_run_id}` answers the script's next status
    /// (`id`, `account_id`, `async_status`, `async_percent_completion`,
    /// honouring `fields`), the last one again once the script is used up;
    /// and `GET /{version}/{report_run_id}/insights` serves the script's
    /// rows, paged like any edge, once a poll answered `"Job Completed"`
    /// (before that, an error, as Graph's). See [`ReportScript`].
    pub fn report_run(mut self, account: impl Into<String>, script: ReportScript) -> Self {
        self.state.report_scripts.insert(account.into(), script);
        self
    }

    /// Image uploads to an ad account (`act_42`): `POST
    /// /{version}/{account}/adimages` turns each file part of a multipart
    /// body, and a base64 `bytes` parameter, into an image, answering
    /// `{"images": {"<file name>": {"hash", "url", "name"}}}` (the image from
    /// `bytes` is named `bytes`). The hash is the first 16 bytes of the
    /// image's SHA-256, in lowercase hex; the URL is
    /// `https://mock.graph/images/<hash>.jpg`. The images are then listed,
    /// paged, at `GET /{version}/{account}/adimages`. A request with no
    /// image is Graph's code 100, `(#100) No image file was uploaded`.
    pub fn ad_images(mut self, account: impl Into<String>) -> Self {
        let account = account.into();
        self.state
            .edges
            .entry((account.clone(), "adimages".to_owned()))
            .or_default();
        self.state.image_accounts.insert(account);
        self
    }

    /// Graph's chunked video upload on an ad account (`act_42`), on the
    /// [video host](MockServer::video_url): `POST
    /// /{version}/{account}/advideos` with `upload_phase=start`, then
    /// `transfer` (a `video_file_chunk` file part per chunk) and `finish`,
    /// as [`VideoScript`] describes; then `GET /{version}/{video_id}`
    /// answers the video's `status` while it encodes. Inspect what arrived
    /// with [`MockServer::uploaded_video`].
    pub fn video_uploads(mut self, account: impl Into<String>, script: VideoScript) -> Self {
        self.state.video_scripts.insert(account.into(), script);
        self
    }

    /// A header on every response (`x-app-usage`, say).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.state.headers.push((name.into(), value.into()));
        self
    }

    /// A header on the responses about node `id` (reads of it and of its edges).
    pub fn node_header(
        mut self,
        id: impl Into<String>,
        name: impl Into<String>,
        value: impl Into<String>,
    ) -> Self {
        self.state
            .node_headers
            .entry(id.into())
            .or_default()
            .push((name.into(), value.into()));
        self
    }

    /// A rate limit the emulator enforces: usage headers that climb with
    /// each request it applies to, then Graph's rate-limit error until the
    /// regain time has passed on the emulator's [clock](MockGraph::clock).
    /// See [`UsageLimit`]. Checked after the queued faults: a request that
    /// takes a fault is not counted.
    pub fn usage_limit(mut self, limit: UsageLimit) -> Self {
        self.state.limits.push(usage::Scripted::new(limit));
        self
    }

    /// Whether [`RecordedRequest::parts`] keep the bytes of each file part
    /// (default true). Without, `data` is empty and the rest is kept, so
    /// that the emulator's memory does not grow with what it receives (for
    /// measuring a client's memory, with [`VideoScript::keep_data`]).
    pub fn record_file_data(mut self, keep: bool) -> Self {
        self.state.record_file_data = keep;
        self
    }

    /// The clock regain times pass on (default the system clock). Give the
    /// client the same [`ManualClock`](crate::governor::ManualClock)
    /// ([`ClientBuilder::clock`]) and a block ends exactly when the client
    /// has waited it out, in virtual time.
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.state.clock = clock;
        self
    }

    /// Starts the server on `127.0.0.1` with an ephemeral port, on a thread
    /// of its own (so it serves blocking and async clients alike).
    ///
    /// # Panics
    ///
    /// If no port can be bound; see [`MockGraph::try_start`].
    pub fn start(self) -> MockServer {
        self.try_start()
            .expect("the Graph emulator could not start")
    }

    /// Starts the server, reporting failure to bind a port.
    pub fn try_start(self) -> std::io::Result<MockServer> {
        let shared = Arc::new(Mutex::new(self.state));
        let running = server::spawn(Arc::clone(&shared))?;
        Ok(MockServer { shared, running })
    }
}

/// A running emulator. Dropping it stops the server.
#[derive(Debug)]
pub struct MockServer {
    shared: Arc<Mutex<State>>,
    running: server::Running,
}

impl MockServer {
    /// The base URL to give a client: `http://127.0.0.1:{port}`.
    pub fn url(&self) -> String {
        format!("http://{}", self.running.addr)
    }

    /// The server's address.
    pub fn addr(&self) -> SocketAddr {
        self.running.addr
    }

    /// How many TCP connections the main host has accepted so far: the
    /// emulator's connection log. Clients that share a connection pool
    /// ([`Client::with_token`](crate::Client::with_token)) and send one
    /// request after another use one.
    pub fn connections(&self) -> usize {
        self.state().connections
    }

    /// The base URL of the emulator's video host, `http://127.0.0.1:{port}`
    /// on a port of its own: what a client's
    /// [`video_base_url`](ClientBuilder::video_base_url) should be. It
    /// serves the same state and every route the main one does, and the
    /// phases of a video upload ([`MockGraph::video_uploads`]), which the
    /// main host refuses as Graph's does ([`RecordedRequest::video_host`]
    /// says which host a request reached).
    pub fn video_url(&self) -> String {
        format!("http://{}", self.running.video_addr)
    }

    /// The video host's address ([`MockServer::video_url`]).
    pub fn video_addr(&self) -> SocketAddr {
        self.running.video_addr
    }

    /// What a video upload ([`MockGraph::video_uploads`]) has received so
    /// far, by the `video_id` its start phase answered; `None` for an
    /// unknown id.
    pub fn uploaded_video(&self, video_id: &str) -> Option<UploadedVideo> {
        self.state().videos.uploaded(video_id)
    }

    /// A client builder aimed at this server: its base URL and
    /// [video host](MockServer::video_url), its access token, its app secret if it has one, its [clock](MockGraph::clock),
    /// and 1 ms backoffs so that retries do not slow tests down. Works for
    /// any client type, generated ones included.
    pub fn client_builder<Out: BuildClient>(&self) -> ClientBuilder<Out> {
        let state = self.state();
        let builder = ClientBuilder::new(state.token.clone())
            .base_url(self.url())
            .video_base_url(self.video_url())
            .backoff_base(Duration::from_millis(1))
            .backoff_max(Duration::from_millis(1))
            .clock(Arc::clone(&state.clock));
        match &state.app_secret {
            Some(secret) => builder.app_secret(secret.clone()),
            None => builder,
        }
    }

    /// Queues a fault for the next request that has none yet: faults are
    /// consumed one per request, in order.
    pub fn queue_fault(&self, fault: Fault) {
        self.state().faults.push_back(fault);
    }

    /// Queues several faults, one per request.
    pub fn queue_faults(&self, faults: impl IntoIterator<Item = Fault>) {
        self.state().faults.extend(faults);
    }

    /// Faults queued and not yet consumed.
    pub fn pending_faults(&self) -> usize {
        self.state().faults.len()
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state().requests.clone()
    }

    /// Registers a token while the server runs ([`MockGraph::register_token`]).
    pub fn register_token(&self, token: impl Into<AccessToken>, info: TokenInfo) {
        self.state().tokens.register_token(token.into(), info);
    }

    /// Forgets the requests received so far.
    pub fn clear_requests(&self) {
        self.state().requests.clear();
    }

    /// Adds or replaces a node while the server runs.
    pub fn set_node(&self, id: impl Into<String>, value: Value) {
        self.state().nodes.insert(id.into(), value);
    }

    /// Adds or replaces a canned body while the server runs (one that
    /// mentions [`MockServer::url`], say).
    pub fn set_response(&self, method: Method, path: impl Into<String>, body: Value) {
        self.state()
            .responses
            .insert(response_key(method, path), body);
    }

    /// Puts every [`UsageLimit`] back at zero usage, unblocked.
    pub fn reset_usage(&self) {
        self.state()
            .limits
            .iter_mut()
            .for_each(usage::Scripted::reset);
    }

    /// Adds a header to every later response.
    pub fn add_header(&self, name: impl Into<String>, value: impl Into<String>) {
        self.state().headers.push((name.into(), value.into()));
    }

    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.shared)
    }
}

/// Where a canned response answers: the method and the path's segments.
fn response_key(method: Method, path: impl Into<String>) -> (Method, Vec<String>) {
    let path = path.into();
    (method, path.split('/').map(str::to_owned).collect())
}

/// The state stays usable even if a thread panicked while holding the lock:
/// every update is a single insert or push.
fn lock(shared: &Mutex<State>) -> MutexGuard<'_, State> {
    shared
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// One request as the emulator saw it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// `GET`, `POST`, …
    pub method: String,
    /// The path, version prefix included (`/v19.0/1234`), still
    /// percent-encoded: exactly the path of the request target as sent.
    pub path: String,
    /// The path's segments after the version prefix, each percent-decoded
    /// (`["1234", "feed"]`; `["123/adsets"]` for `/v19.0/123%2Fadsets`),
    /// empty segments included (`/v19.0/1/` gives `["1", ""]`). Empty for
    /// the bare `/v19.0` or `/`.
    pub segments: Vec<String>,
    /// The version prefix (`v19.0`), if there was one.
    pub version: Option<String>,
    /// The query string exactly as sent, without the `?`.
    pub raw_query: Option<String>,
    /// Query parameters, decoded, then form-body parameters.
    pub params: Vec<(String, String)>,
    /// The form-body parameters alone, decoded (a POST's parameters).
    pub form: Vec<(String, String)>,
    /// Whether the access token was right.
    pub token: Check,
    /// Whether the access token came in the URL (`access_token=`) rather than a header.
    pub token_in_url: bool,
    /// Whether `appsecret_proof` was right ([`Check::NotRequired`] without an app secret).
    pub proof: Check,
    /// The fault this request consumed, if any.
    pub fault: Option<Fault>,
    /// For a batch request (`POST /` with `batch=[…]`): each operation as
    /// the emulator ran it, in order, with its own path, parameters and
    /// credential checks (an operation answered `null` without running is
    /// left out). Empty for any other request.
    pub batch: Vec<RecordedRequest>,
    /// Whether the body was `multipart/form-data`. Its text parts (those
    /// without a file name) are in [`RecordedRequest::form`], as decoded
    /// form parameters are; its file parts in [`RecordedRequest::parts`].
    pub multipart: bool,
    /// The file parts of a multipart body (those with a file name), in
    /// order. Empty for any other body.
    pub parts: Vec<RecordedPart>,
    /// Whether the request reached the [video host](MockServer::video_url)
    /// rather than the main one (a batch operation: its batch's).
    pub video_host: bool,
    /// Whether the answer went out gzip-compressed ([`MockGraph::gzip`] and
    /// a request that accepts it).
    pub gzipped: bool,
}

impl RecordedRequest {
    /// The first parameter named `name`, decoded.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A file part of a multipart request, as the emulator received it
/// ([`RecordedRequest::parts`]). Its `Debug` output shows the first bytes
/// of the data and its length.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RecordedPart {
    /// The part's `name`, unescaped.
    pub name: String,
    /// Its `filename`, unescaped: always set, since the parts without one
    /// are text fields (an `Option` like [`multipart::Part::file_name`]).
    pub file_name: Option<String>,
    /// Its `Content-Type` header, if it had one.
    pub content_type: Option<String>,
    /// Its content, byte for byte.
    pub data: Vec<u8>,
}

impl From<multipart::Part> for RecordedPart {
    fn from(part: multipart::Part) -> Self {
        RecordedPart {
            name: part.name,
            file_name: part.file_name,
            content_type: part.content_type,
            data: part.data,
        }
    }
}

impl std::fmt::Debug for RecordedPart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecordedPart")
            .field("name", &self.name)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("data", &multipart::Abbreviated(&self.data))
            .finish()
    }
}

/// The outcome of checking a credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Not sent.
    Missing,
    /// Sent, and wrong.
    Wrong,
    /// Sent, and right.
    Right,
    /// Not checked (no app secret configured, so no proof required).
    NotRequired,
}

impl Check {
    /// Right, or not required.
    pub fn is_right(self) -> bool {
        matches!(self, Check::Right | Check::NotRequired)
    }
}
