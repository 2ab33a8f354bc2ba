//! Batch requests: many Graph operations in one `POST /{version}` with
//! `batch=[…]`, each answered on its own and decoded with its own model.
//!
//! Any request builder the generated crate returns goes in a batch as it
//! is: a read ([`NodeRead`](crate::NodeRead)), a field read
//! ([`FieldRead`](crate::FieldRead)), the first page of an edge list
//! ([`EdgeList`](crate::EdgeList)), or a write ([`Write`](crate::Write)).
//! [`Batch::add`] returns a typed [`Handle`]; [`BatchResponse::take`] gives
//! that operation's own `Result<Response<T>, Error>`.
//!
//! ```
//! use graph_ops_api::{AdAccountCreateCampaignsParams, CampaignField, Client, Objective};
//! use graph_runtime::batch::Op;
//! use graph_runtime::mock::MockGraph;
//! use serde_json::json;
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let server = MockGraph::new("EAAB-token")
//!     .node("act_1", json!({"id": "act_1", "name": "Main"}))
//!     .creates("act_1", "campaigns")
//!     .start();
//! let client: Client = server.client_builder().build()?;
//!
//! let mut batch = client.batch();
//! let account = batch.add(client.ad_account("act_1").read());
//! // Named, so that Graph can fill its result into a later operation.
//! let params = AdAccountCreateCampaignsParams::new("Spring".into(), Objective::OutcomeSales, json!({}));
//! let created = batch.add(Op::new(client.ad_account("act_1").create_campaigns(params)).name("create-campaign"));
//! // `{result=create-campaign:$.id}`: the new campaign's id, filled in by Graph.
//! let read_back = batch.add(client.campaign(created.id()).fields([CampaignField::Id]));
//! let mut results = batch.send().await?;
//! assert_eq!(results.http_requests(), 1);
//!
//! assert_eq!(results.take(&account)?.data.name.as_deref(), Some("Main"));
//! let id = results.take(&created)?.data.id;
//! assert_eq!(results.take(&read_back)?.data.id, id);
//! # Ok::<(), graph_runtime::Error>(())
//! # }).unwrap();
//! ```
//!
//! How a batch is sent:
//!
//! - **Order and size.** Graph takes at most [`MAX_OPERATIONS`] (50)
//!   operations per request. A larger batch is split into several requests,
//!   sent one after the other; operations joined by a dependency (a
//!   [`Reference`] or [`Op::depends_on`]) always travel in the same
//!   request, so a chain never breaks. A chain of more than 50 is refused
//!   before anything is sent.
//! - **Dependencies.** [`Handle::result`] (and [`Handle::id`]) make a
//!   reference, `{result=NAME:$.id}`, that Graph replaces with a value from
//!   the named operation's answer. It goes wherever a string goes: a node
//!   id, a string parameter. The operation referred to is named
//!   automatically (`op3`) unless [`Op::name`] named it. An operation may
//!   refer only to operations added before it.
//! - **Answers.** Every named operation is sent with
//!   `omit_response_on_success: false` unless [`Op::omit_response_on_success`]
//!   says otherwise, so each one gets its answer back (Graph would
//!   otherwise drop the answers of the operations others depend on).
//! - **Not run.** Graph answers `null` for an operation it did not run
//!   (the batch ran out of time). Such operations are sent again, in a
//!   further request, up to the client's `max_attempts` in all: reads and
//!   deletes always, a write only when it surely was not applied (it
//!   depends on an operation that did not run either). What is still not
//!   run is a [`BatchError::NotRun`].
//! - **Rate limits.** The client's [governor](crate::governor) admits each
//!   batch request for every node its operations touch, and records each
//!   operation's usage from the headers of its own answer (Graph counts
//!   every operation). An operation refused for a rate limit is sent again,
//!   a write included (a refusal was not applied), after the governor has
//!   waited the regain time Graph reported (up to `max_rate_limit_wait`;
//!   beyond it the operation's result is [`Error::RateLimited`]).
//! - **Tokens.** An operation may carry its own access token
//!   ([`Op::access_token`]), with its own `appsecret_proof` (from
//!   [`Op::app_secret`], or the client's app secret). Graph wants it among
//!   the operation's parameters: in its `relative_url` for a read or a
//!   delete, in its body for a write. Both travel inside the batch's form
//!   body, never in the URL of the HTTP request, and are redacted from
//!   every error and from `Debug` output.
//! - **Failures.** Once sending starts, every operation gets a result of its
//!   own: a Graph error of its own, or, when the batch request itself failed
//!   after the client's retries, [`BatchError::RequestFailed`] sharing that
//!   error. [`Batch::send`] fails as a whole only for a batch that cannot
//!   be sent as built (a duplicate name, a reference to a later operation).

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::Value;
use tracing::Instrument;

use crate::auth::{AccessToken, AppSecret, appsecret_proof};
use crate::client::{Client, ClientConfig, Transport};
use crate::error::Error;
use crate::request::{GraphRequest, MARK, Method, encode_segment};
use crate::response::{Body, Response, Usage, interpret};

/// The most operations Graph accepts in one batch request.
pub const MAX_OPERATIONS: usize = 50;

/// What the request builders of this crate (and so of a generated crate)
/// implement to go in a [`Batch`]: the request they would send, and how to
/// decode its answer into [`BatchOp::Output`].
pub trait BatchOp<C> {
    /// What the operation's answer decodes into: the model for a read,
    /// `Option<Model>` for a field read, a [`Page`](crate::Page) for an
    /// edge list, the write's return type for a write.
    type Output;

    #[doc(hidden)]
    fn into_planned(self) -> Planned<Self::Output, C>;
}

/// An operation on its way into a batch. Not part of the API.
#[doc(hidden)]
pub struct Planned<T, C> {
    request: Result<GraphRequest, Error>,
    decoder: Decoder<T, C>,
    options: Options,
}

impl<T, C> Planned<T, C> {
    pub(crate) fn new(request: Result<GraphRequest, Error>, decoder: Decoder<T, C>) -> Self {
        Planned {
            request,
            decoder,
            options: Options::default(),
        }
    }
}

/// How one operation's answer becomes its output: the builder's decoding
/// function, with the builder's settings.
pub(crate) struct Decoder<T, C> {
    decode: DecodeFn<T, C>,
    spec: DecodeSpec,
}

type DecodeFn<T, C> = fn(&C, Response<Body>, &DecodeSpec) -> Result<Response<T>, Error>;

/// A builder's decoding settings.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct DecodeSpec {
    /// The builder's `strict` setting.
    pub(crate) strict: Option<bool>,
    /// For a field read: the field whose value is the output.
    pub(crate) field: Option<&'static str>,
}

impl<T, C> Decoder<T, C> {
    pub(crate) fn new(decode: DecodeFn<T, C>, spec: DecodeSpec) -> Self {
        Decoder { decode, spec }
    }
}

impl<T, C> Clone for Decoder<T, C> {
    fn clone(&self) -> Self {
        Decoder {
            decode: self.decode,
            spec: self.spec,
        }
    }
}

/// Batch settings of one operation.
#[derive(Clone, Default)]
struct Options {
    name: Option<String>,
    /// The batch and the name of the operation this one waits for.
    depends_on: Option<(u64, String)>,
    omit_response_on_success: bool,
    token: Option<AccessToken>,
    app_secret: Option<AppSecret>,
}

impl fmt::Debug for Options {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // AccessToken and AppSecret print as `<redacted>`.
        f.debug_struct("Options")
            .field("name", &self.name)
            .field("depends_on", &self.depends_on.as_ref().map(|(_, n)| n))
            .field("omit_response_on_success", &self.omit_response_on_success)
            .field("token", &self.token)
            .field("app_secret", &self.app_secret)
            .finish()
    }
}

/// An operation with batch settings: a name, a dependency, its own token.
///
/// ```
/// # use graph_runtime::batch::Op;
/// # fn demo(client: &graph_api::Client) {
/// let mut batch = client.batch();
/// let first = batch.add(Op::new(client.page("1").read()).name("first"));
/// let second = batch.add(
///     Op::new(client.page("2").read())
///         .depends_on(&first)
///         .access_token("EAAB-page-token"),
/// );
/// # }
/// ```
#[must_use = "an operation does nothing until it is added to a batch"]
pub struct Op<B> {
    inner: B,
    options: Options,
}

impl<B> Op<B> {
    /// The operation `inner` (any request builder), with default settings.
    pub fn new(inner: B) -> Self {
        Op {
            inner,
            options: Options::default(),
        }
    }

    /// Names the operation (`create-campaign`): letters, digits, `_` and
    /// `-`, at most 64, unique in the batch, and not of the form `op3`
    /// (the names given automatically). Other operations refer to it
    /// through its [`Handle`] whatever its name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.options.name = Some(name.into());
        self
    }

    /// Runs the operation only after `parent` (an operation added earlier
    /// to the same batch), and only if `parent` succeeded.
    pub fn depends_on<T, C>(mut self, parent: &Handle<T, C>) -> Self {
        self.options.depends_on = Some((parent.batch, parent.name.clone()));
        self
    }

    /// Asks Graph not to send the answer when the operation succeeds
    /// (default `false`): for an operation whose result only others use.
    /// Its [`BatchResponse::take`] is then [`BatchError::Omitted`] on
    /// success, and a `null` answer is never sent again.
    pub fn omit_response_on_success(mut self, omit: bool) -> Self {
        self.options.omit_response_on_success = omit;
        self
    }

    /// Sends the operation with this access token (a Page token, say)
    /// instead of the client's, signed with the client's app secret if it
    /// has one (or [`Op::app_secret`]).
    pub fn access_token(mut self, token: impl Into<AccessToken>) -> Self {
        self.options.token = Some(token.into());
        self
    }

    /// The app secret this operation's `appsecret_proof` is computed with,
    /// when its token belongs to another app than the client's. Only used
    /// with [`Op::access_token`].
    pub fn app_secret(mut self, secret: impl Into<AppSecret>) -> Self {
        self.options.app_secret = Some(secret.into());
        self
    }
}

impl<B: fmt::Debug> fmt::Debug for Op<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Op")
            .field("inner", &self.inner)
            .field("options", &self.options)
            .finish()
    }
}

impl<B: BatchOp<C>, C> BatchOp<C> for Op<B> {
    type Output = B::Output;

    fn into_planned(self) -> Planned<B::Output, C> {
        let mut planned = self.inner.into_planned();
        planned.options = self.options;
        planned
    }
}

/// A typed ticket for one operation of a [`Batch`]: give it to
/// [`BatchResponse::take`] for the operation's result, or use it to make a
/// [`Reference`] to that result for a later operation.
pub struct Handle<T, C = Client> {
    batch: u64,
    /// The batch's mark for the references this handle makes.
    mark: Arc<str>,
    index: usize,
    name: String,
    decoder: Decoder<T, C>,
}

impl<T, C> Handle<T, C> {
    /// The operation's position in the batch, from 0.
    pub fn index(&self) -> usize {
        self.index
    }

    /// The operation's name in the batch: the one [`Op::name`] gave, or
    /// `op{index}`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A reference to a value of this operation's answer, by JSONPath
    /// (`$.id`, `$.data.0.id`, `$.data.*.id` for every id of a list,
    /// comma separated): `{result=NAME:$.id}`, which Graph replaces before
    /// it runs the operation that uses it. Use it as a node id or a string
    /// parameter of an operation added later to the same batch.
    ///
    /// Only a reference made here is live: the same text typed into a
    /// parameter or an id (by an end user, say) is sent as an inert
    /// literal, which Graph does not resolve.
    pub fn result(&self, json_path: &str) -> Reference {
        Reference {
            marked: format!("{}{{result={}:{json_path}}}", self.mark, self.name),
            start: self.mark.len(),
        }
    }

    /// `self.result("$.id")`: the id of what the operation created or read.
    pub fn id(&self) -> Reference {
        self.result("$.id")
    }
}

impl<T, C> Clone for Handle<T, C> {
    fn clone(&self) -> Self {
        Handle {
            batch: self.batch,
            mark: Arc::clone(&self.mark),
            index: self.index,
            name: self.name.clone(),
            decoder: self.decoder.clone(),
        }
    }
}

impl<T, C> fmt::Debug for Handle<T, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handle")
            .field("index", &self.index)
            .field("name", &self.name)
            .finish()
    }
}

/// `{result=NAME:JSONPATH}`: a value of an earlier operation's answer, for
/// Graph to fill in. Made by [`Handle::result`] and [`Handle::id`]; turns
/// into a `String` wherever an id or a string parameter is expected.
///
/// That string starts with an invisible mark, unique to the batch and
/// unguessable, which the batch takes out when it sends the operation:
/// only text with the mark is sent as a live reference, so an end user's
/// text that spells `{result=…}` cannot pull another operation's answer
/// into a request. Pass the reference itself (or `String::from` it) where
/// a value is expected; text made with `format!` from [`Reference::as_str`]
/// or `Display` has no mark and goes as an inert literal. Outside its
/// batch, a request holding it fails with [`Error::InvalidRequest`].
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Reference {
    /// The mark, then the reference.
    marked: String,
    /// Where the reference starts in `marked`.
    start: usize,
}

impl Reference {
    /// The reference as sent: `{result=create-campaign:$.id}`.
    pub fn as_str(&self) -> &str {
        &self.marked[self.start..]
    }
}

impl fmt::Debug for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Reference").field(&self.as_str()).finish()
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<Reference> for String {
    /// The reference with its mark, to pass as an id or a parameter.
    fn from(reference: Reference) -> String {
        reference.marked
    }
}

impl From<&Reference> for String {
    /// The reference with its mark, to pass as an id or a parameter.
    fn from(reference: &Reference) -> String {
        reference.marked.clone()
    }
}

impl AsRef<str> for Reference {
    /// The reference with its mark, to pass as an id or a parameter.
    fn as_ref(&self) -> &str {
        &self.marked
    }
}

/// A new batch's mark: [`MARK`], 128 bits from the process's random hash
/// keys (seeded by the operating system), [`MARK`].
pub(crate) fn new_mark() -> Arc<str> {
    use std::hash::{BuildHasher, RandomState};
    let state = RandomState::new();
    let (a, b) = (state.hash_one(0u8), state.hash_one(1u8));
    Arc::from(format!("{MARK}{a:016x}{b:016x}{MARK}"))
}

/// Why one operation of a batch has no answer of its own.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum BatchError {
    /// Graph answered `null`: it did not run the operation, in any of
    /// `attempts` batch requests. `may_have_run` is set for a write that
    /// was not sent again because Graph may have applied it before the
    /// batch ran out of time: look before you repeat it.
    NotRun {
        /// Batch requests that carried the operation.
        attempts: u32,
        /// A write that may have been applied although Graph said `null`.
        may_have_run: bool,
    },
    /// Sent with `omit_response_on_success` and answered `null`: it most
    /// likely succeeded, and Graph sent no answer, as asked.
    Omitted,
    /// The batch request itself failed (after the client's retries); every
    /// operation it carried shares this error.
    RequestFailed(Arc<Error>),
    /// An operation this one depends on (by name) could not be sent, so
    /// neither was this one.
    DependencyNotSent {
        /// The name of the operation depended on.
        name: String,
    },
    /// Graph's answer for the operation is not a batch entry
    /// (`{"code": …, "body": "…"}`), or is missing.
    Malformed(String),
    /// [`BatchResponse::take`] was given a handle whose result was taken
    /// already, or that belongs to another batch.
    NoResult(String),
}

impl BatchError {
    /// The error of the failed batch request, for
    /// [`BatchError::RequestFailed`].
    pub fn cause(&self) -> Option<&Error> {
        match self {
            BatchError::RequestFailed(error) => Some(error),
            _ => None,
        }
    }

    /// Sending the operation again later may work: it was not run, or the
    /// batch request failed transiently.
    pub fn is_transient(&self) -> bool {
        match self {
            BatchError::NotRun { may_have_run, .. } => !may_have_run,
            BatchError::RequestFailed(error) => error.is_transient(),
            _ => false,
        }
    }
}

impl fmt::Display for BatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BatchError::NotRun {
                attempts,
                may_have_run: false,
            } => write!(
                f,
                "Graph did not run this batch operation (null answer, {attempts} attempt(s))"
            ),
            BatchError::NotRun {
                attempts,
                may_have_run: true,
            } => write!(
                f,
                "Graph answered null for this write after {attempts} attempt(s); it may have \
                 been applied, so it was not sent again"
            ),
            BatchError::Omitted => f.write_str(
                "no answer: the operation was sent with omit_response_on_success and answered null",
            ),
            BatchError::RequestFailed(error) => write!(f, "the batch request failed: {error}"),
            BatchError::DependencyNotSent { name } => write!(
                f,
                "not sent: the operation `{name}` it depends on could not be sent"
            ),
            BatchError::Malformed(why) => write!(f, "malformed batch answer: {why}"),
            BatchError::NoResult(why) => f.write_str(why),
        }
    }
}

static NEXT_BATCH: AtomicU64 = AtomicU64::new(1);

/// Operations to send together; see the [module docs](self).
///
/// Made by `client.batch()` in a generated crate, or [`Batch::new`].
/// The builders added keep their own settings (fields, parameters,
/// `strict`), but are sent with this batch's client.
#[must_use = "a batch does nothing until `send` is called"]
pub struct Batch<'c, C = Client> {
    client: &'c C,
    id: u64,
    /// What marks the references its handles make ([`Reference`]).
    mark: Arc<str>,
    ops: Vec<Added>,
}

/// One operation as added.
struct Added {
    request: Result<GraphRequest, Error>,
    /// Its name: given, or `op{index}`.
    name: String,
    options: Options,
}

impl<'c, C: Transport> Batch<'c, C> {
    /// An empty batch, sent through `client`.
    pub fn new(client: &'c C) -> Self {
        Batch {
            client,
            id: NEXT_BATCH.fetch_add(1, Ordering::Relaxed),
            mark: new_mark(),
            ops: Vec::new(),
        }
    }

    /// Adds an operation (any request builder, or an [`Op`]) and returns
    /// the handle that takes its result.
    pub fn add<B: BatchOp<C>>(&mut self, op: B) -> Handle<B::Output, C> {
        let planned = op.into_planned();
        let index = self.ops.len();
        let name = planned
            .options
            .name
            .clone()
            .unwrap_or_else(|| format!("op{index}"));
        self.ops.push(Added {
            request: planned.request,
            name: name.clone(),
            options: planned.options,
        });
        Handle {
            batch: self.id,
            mark: Arc::clone(&self.mark),
            index,
            name,
            decoder: planned.decoder,
        }
    }

    /// Adds every operation of `ops`, in order.
    pub fn add_all<B: BatchOp<C>>(
        &mut self,
        ops: impl IntoIterator<Item = B>,
    ) -> Vec<Handle<B::Output, C>> {
        ops.into_iter().map(|op| self.add(op)).collect()
    }

    /// How many operations the batch holds.
    pub fn len(&self) -> usize {
        self.ops.len()
    }

    /// Whether the batch holds no operation.
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }
}

impl<'c> Batch<'c, Client> {
    /// Sends every operation, in as few batch requests as [`MAX_OPERATIONS`]
    /// and the dependencies allow, and returns each one's result.
    ///
    /// Fails as a whole, before sending anything, only when the batch
    /// cannot be sent as built (see the [module docs](self)).
    pub async fn send(self) -> Result<BatchResponse<'c, Client>, Error> {
        let plan = Plan::new(&self.ops, self.id, &self.mark, self.client.config())?;
        let (results, requests) = run(self.client, plan).await;
        Ok(BatchResponse {
            client: self.client,
            batch: self.id,
            results,
            requests,
        })
    }
}

#[cfg(feature = "blocking")]
impl<'c> Batch<'c, crate::blocking::Client> {
    /// Sends every operation and returns each one's result, blocking; as
    /// the async [`Batch::send`].
    pub fn send(self) -> Result<BatchResponse<'c, crate::blocking::Client>, Error> {
        let plan = Plan::new(&self.ops, self.id, &self.mark, self.client.config())?;
        let (results, requests) = self.client.block_on(run(self.client.async_client(), plan));
        Ok(BatchResponse {
            client: self.client,
            batch: self.id,
            results,
            requests,
        })
    }
}

impl<C> fmt::Debug for Batch<'_, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ops: Vec<_> = self
            .ops
            .iter()
            .map(|op| (&op.name, op.request.as_ref().map(GraphRequest::path)))
            .collect();
        f.debug_struct("Batch").field("ops", &ops).finish()
    }
}

/// The results of a sent [`Batch`], one per operation, taken by handle.
pub struct BatchResponse<'c, C = Client> {
    client: &'c C,
    batch: u64,
    results: Vec<Option<Result<Response<Body>, Error>>>,
    requests: usize,
}

impl<C: Transport> BatchResponse<'_, C> {
    /// The result of the operation `handle` stands for, decoded with that
    /// operation's own model and settings (its `usage` is the operation's
    /// own, from the headers Graph sent with its answer). Each result can
    /// be taken once.
    pub fn take<T>(&mut self, handle: &Handle<T, C>) -> Result<Response<T>, Error> {
        let no_result = |why: &str| Err(Error::Batch(BatchError::NoResult(why.to_owned())));
        if handle.batch != self.batch {
            return no_result("this handle belongs to another batch");
        }
        match self.results.get_mut(handle.index).and_then(Option::take) {
            Some(Ok(response)) => {
                (handle.decoder.decode)(self.client, response, &handle.decoder.spec)
            }
            Some(Err(error)) => Err(error),
            None => no_result("the result of this batch operation was taken already"),
        }
    }

    /// How many operations the batch had.
    pub fn len(&self) -> usize {
        self.results.len()
    }

    /// Whether the batch had no operation.
    pub fn is_empty(&self) -> bool {
        self.results.is_empty()
    }

    /// How many HTTP requests sending the batch took (several for more than
    /// [`MAX_OPERATIONS`] operations, or when `null` answers were sent again).
    pub fn http_requests(&self) -> usize {
        self.requests
    }
}

impl<C> fmt::Debug for BatchResponse<'_, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let results: Vec<_> = self
            .results
            .iter()
            .map(|r| match r {
                None => "taken".to_owned(),
                Some(Ok(_)) => "ok".to_owned(),
                Some(Err(e)) => e.to_string(),
            })
            .collect();
        f.debug_struct("BatchResponse")
            .field("results", &results)
            .field("http_requests", &self.requests)
            .finish()
    }
}

/// One operation as it goes on the wire.
#[derive(Debug, Clone, PartialEq)]
struct WireOp {
    method: Method,
    relative_url: String,
    body: Option<String>,
    /// Sent when the operation is named by the user or referred to.
    name: Option<String>,
    depends_on: Option<String>,
    omit_response_on_success: bool,
    /// The operation's own token and proof, to redact from its answer.
    secrets: Vec<String>,
    /// The node the operation is about (its first path segment), for the
    /// governor: `act_42` for `act_42/campaigns`.
    subject: Option<String>,
}

impl WireOp {
    fn to_json(&self) -> Value {
        let mut op = serde_json::Map::new();
        op.insert("method".into(), self.method.as_str().into());
        op.insert("relative_url".into(), self.relative_url.clone().into());
        if let Some(body) = &self.body {
            op.insert("body".into(), body.clone().into());
        }
        if let Some(name) = &self.name {
            op.insert("name".into(), name.clone().into());
            op.insert(
                "omit_response_on_success".into(),
                self.omit_response_on_success.into(),
            );
        }
        if let Some(parent) = &self.depends_on {
            op.insert("depends_on".into(), parent.clone().into());
        }
        Value::Object(op)
    }
}

/// What to send: the operations that can be sent, their dependencies, and
/// the requests they go in; the errors of those that cannot.
#[derive(Debug)]
struct Plan {
    /// Per operation: what to send, or why it cannot be.
    ops: Vec<Result<WireOp, Error>>,
    /// Per operation: the operations it depends on (earlier indices).
    parents: Vec<Vec<usize>>,
    /// Batch requests: operation indices, in order, at most MAX_OPERATIONS each.
    chunks: Vec<Vec<usize>>,
    max_attempts: u32,
}

impl Plan {
    fn new(added: &[Added], batch: u64, mark: &str, config: &ClientConfig) -> Result<Plan, Error> {
        let names = check_names(added)?;
        let mut parents: Vec<Vec<usize>> = Vec::with_capacity(added.len());
        for (index, op) in added.iter().enumerate() {
            let mut mine = Vec::new();
            if let Some((in_batch, parent)) = &op.options.depends_on {
                let found = names.get(parent.as_str()).copied();
                match found {
                    Some(p) if *in_batch == batch && p < index => mine.push(p),
                    _ => {
                        return Err(invalid(format!(
                            "batch operation `{}` depends on `{parent}`, which is not an \
                             operation added before it to this batch",
                            op.name
                        )));
                    }
                }
            }
            if let Ok(request) = &op.request {
                for name in referenced_names(request, mark) {
                    match names.get(name) {
                        Some(&p) if p < index => mine.push(p),
                        _ => {
                            return Err(invalid(format!(
                                "batch operation `{}` refers to the result of `{name}`, which \
                                 comes after it; add operations after those they use",
                                op.name
                            )));
                        }
                    }
                }
            }
            mine.sort_unstable();
            mine.dedup();
            parents.push(mine);
        }
        let referred: Vec<bool> = {
            let mut referred = vec![false; added.len()];
            for p in parents.iter().flatten() {
                referred[*p] = true;
            }
            referred
        };
        let mut ops: Vec<Result<WireOp, Error>> = Vec::with_capacity(added.len());
        for (index, op) in added.iter().enumerate() {
            let unsent = parents[index].iter().find(|&&p| ops[p].is_err());
            let wire = match (unsent, &op.request) {
                (Some(&p), _) => Err(Error::Batch(BatchError::DependencyNotSent {
                    name: added[p].name.clone(),
                })),
                (None, Err(_)) => Err(take_error(&op.request)),
                (None, Ok(request)) => wire_op(request, op, referred[index], mark, config),
            };
            ops.push(wire);
        }
        let chunks = chunks(&ops, &parents)?;
        Ok(Plan {
            ops,
            parents,
            chunks,
            max_attempts: config.max_attempts(),
        })
    }
}

fn invalid(why: String) -> Error {
    Error::InvalidRequest(why)
}

/// A builder's error, kept for its operation's result. `Error` is not
/// `Clone`, so the error is rebuilt from what it says.
fn take_error(request: &Result<GraphRequest, Error>) -> Error {
    match request {
        Err(Error::InvalidParams(errors)) => Error::InvalidParams(errors.clone()),
        Err(Error::InvalidRequest(why)) => Error::InvalidRequest(why.clone()),
        Err(other) => Error::InvalidRequest(other.to_string()),
        Ok(_) => Error::InvalidRequest("the operation was sent".to_owned()),
    }
}

/// Names are unique, well formed, and not of the automatic form unless automatic.
fn check_names(added: &[Added]) -> Result<HashMap<&str, usize>, Error> {
    let mut names = HashMap::with_capacity(added.len());
    for (index, op) in added.iter().enumerate() {
        if let Some(given) = &op.options.name {
            let well_formed = !given.is_empty()
                && given.len() <= 64
                && given
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
            if !well_formed {
                return Err(invalid(format!(
                    "batch operation name `{}` must be 1 to 64 letters, digits, `_` or `-`",
                    given.escape_debug()
                )));
            }
            if is_automatic_name(given) {
                return Err(invalid(format!(
                    "batch operation name `{given}` is of the form given automatically (op3); \
                     choose another"
                )));
            }
        }
        if names.insert(op.name.as_str(), index).is_some() {
            return Err(invalid(format!(
                "two batch operations are named `{}`; names must be unique",
                op.name
            )));
        }
    }
    Ok(names)
}

fn is_automatic_name(name: &str) -> bool {
    name.strip_prefix("op")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Every text of a request a reference may be in: its path segments and
/// its parameter values.
fn texts(request: &GraphRequest) -> impl Iterator<Item = &str> {
    let segments = request.segments().unwrap_or_default();
    segments
        .iter()
        .map(String::as_str)
        .chain(request.params().iter().map(|(_, v)| v.as_str()))
}

/// The names in the live references (`{result=NAME:PATH}` after `mark`,
/// made by a [`Handle`] of this batch) of a request.
fn referenced_names<'r>(request: &'r GraphRequest, mark: &str) -> Vec<&'r str> {
    let mut names = Vec::new();
    for text in texts(request) {
        for (at, _) in text.match_indices(mark) {
            let rest = &text[at + mark.len()..];
            names.extend(
                references(rest)
                    .next()
                    .filter(|f| f.range.start == 0)
                    .map(|f| f.name),
            );
        }
    }
    names
}

/// A reference found in a text.
pub(crate) struct Found<'t> {
    /// Where it is in the text, braces included.
    pub(crate) range: std::ops::Range<usize>,
    /// The operation referred to.
    pub(crate) name: &'t str,
    /// The JSONPath into its answer (`$.id`): what the emulator resolves.
    #[cfg_attr(not(feature = "mock"), allow(dead_code))]
    pub(crate) path: &'t str,
}

/// The well-formed references in `text` (`{result=NAME:PATH}`, NAME of
/// letters, digits, `_` and `-`, PATH a JSONPath of `$`, names, indices,
/// `.`, `*`, `[` and `]`), in order. The emulator resolves them with the
/// same rule.
pub(crate) fn references(text: &str) -> impl Iterator<Item = Found<'_>> {
    const OPEN: &str = "{result=";
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(found) = text[from..].find(OPEN) {
            let start = from + found;
            let rest = &text[start + OPEN.len()..];
            from = start + OPEN.len();
            let close = rest.find('}')?;
            let inner = &rest[..close];
            let Some((name, path)) = inner.split_once(':') else {
                continue;
            };
            let name_ok = !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
            let path_ok = path.starts_with('$')
                && path
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"$._-*[]".contains(&b));
            if name_ok && path_ok {
                let end = start + OPEN.len() + close + 1;
                from = end;
                return Some(Found {
                    range: start..end,
                    name,
                    path,
                });
            }
        }
        None
    })
}

/// `text` encoded with `encode`, except for the live references (those
/// `mark` precedes: made by a [`Handle`] of this batch), which go without
/// their mark and unencoded, for Graph to resolve. Anything else that looks
/// like a reference is encoded (`%7Bresult%3D…`), an inert literal Graph
/// does not resolve. A mark of another batch is an error.
pub(crate) fn encode_keeping_references(
    text: &str,
    mark: &str,
    encode: impl Fn(&str) -> String,
) -> Result<String, Error> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(mark) {
        out.push_str(&encode(&rest[..at]));
        let after = &rest[at + mark.len()..];
        let Some(found) = references(after).next().filter(|f| f.range.start == 0) else {
            break;
        };
        out.push_str(&after[found.range.clone()]);
        rest = &after[found.range.end..];
    }
    if rest.contains(MARK) {
        return Err(invalid(
            "a batch reference is used in another batch than its handle's; a Reference \
             works only in the batch that made it"
                .to_owned(),
        ));
    }
    out.push_str(&encode(rest));
    Ok(out)
}

fn form_encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// One operation on the wire: `relative_url` (version, encoded segments,
/// and for GET and DELETE the query), `body` for POST, and its own token.
fn wire_op(
    request: &GraphRequest,
    op: &Added,
    referred: bool,
    mark: &str,
    config: &ClientConfig,
) -> Result<WireOp, Error> {
    request.check_params()?;
    if let Some((name, _)) = request.files().first() {
        // Graph's `attached_files` is not supported: an upload is sent on its own.
        return Err(Error::InvalidRequest(format!(
            "file `{name}` cannot go in a batch operation; send the upload on its own"
        )));
    }
    let path = match request.absolute_url() {
        // A page link the API handed out: its path holds the version.
        Some(url) => url.path().trim_start_matches('/').to_owned(),
        None => {
            let segments = request.checked_segments()?.unwrap_or_default();
            let mut path = config.api_version().to_owned();
            for segment in segments {
                path.push('/');
                path.push_str(&encode_keeping_references(segment, mark, |s| {
                    encode_segment(s).to_string()
                })?);
            }
            path
        }
    };
    let mut pairs: Vec<String> = request
        .params()
        .iter()
        .map(|(name, value)| {
            let value = encode_keeping_references(value, mark, form_encode)?;
            Ok(format!("{}={value}", form_encode(name)))
        })
        .collect::<Result<_, Error>>()?;
    let mut secrets = Vec::new();
    if let Some(token) = &op.options.token {
        pairs.push(format!(
            "access_token={}",
            form_encode(token.expose_secret())
        ));
        secrets.push(token.expose_secret().to_owned());
        if let Some(secret) = op.options.app_secret.as_ref().or(config.secret()) {
            let proof = appsecret_proof(secret, token);
            pairs.push(format!("appsecret_proof={proof}"));
            secrets.push(proof);
        }
    }
    let subject = match request.segments() {
        Some(segments) => segments.first().cloned(),
        // A page link: `v19.0/{node}/…`.
        None => path.split('/').nth(1).map(str::to_owned),
    };
    let (relative_url, body) = match (request.method(), request.absolute_url()) {
        (Method::Post, _) => (path, Some(pairs.join("&")).filter(|b| !b.is_empty())),
        (_, Some(url)) => {
            let mut query: Vec<String> = url.query().map(str::to_owned).into_iter().collect();
            query.extend(pairs);
            (join_query(path, &query), None)
        }
        (_, None) => (join_query(path, &pairs), None),
    };
    let user_named = op.options.name.is_some();
    Ok(WireOp {
        method: request.method(),
        relative_url,
        body,
        name: (user_named || referred).then(|| op.name.clone()),
        depends_on: op.options.depends_on.as_ref().map(|(_, n)| n.clone()),
        omit_response_on_success: op.options.omit_response_on_success,
        secrets,
        subject,
    })
}

fn join_query(path: String, pairs: &[String]) -> String {
    if pairs.is_empty() {
        path
    } else {
        format!("{path}?{}", pairs.join("&"))
    }
}

/// Packs the sendable operations into batch requests: each group of
/// operations joined by dependencies stays whole, groups keep the order of
/// their first operation, and a request takes groups while they fit.
fn chunks(ops: &[Result<WireOp, Error>], parents: &[Vec<usize>]) -> Result<Vec<Vec<usize>>, Error> {
    // Union-find over dependencies.
    let mut root: Vec<usize> = (0..ops.len()).collect();
    fn find(root: &mut [usize], mut i: usize) -> usize {
        while root[i] != i {
            root[i] = root[root[i]];
            i = root[i];
        }
        i
    }
    for (child, mine) in parents.iter().enumerate() {
        for &parent in mine {
            let (a, b) = (find(&mut root, child), find(&mut root, parent));
            root[a.max(b)] = a.min(b);
        }
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of: HashMap<usize, usize> = HashMap::new();
    for index in (0..ops.len()).filter(|&i| ops[i].is_ok()) {
        let r = find(&mut root, index);
        let g = *group_of.entry(r).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(index);
    }
    let mut chunks: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    for group in groups {
        if group.len() > MAX_OPERATIONS {
            return Err(invalid(format!(
                "{} batch operations depend on one another, more than the {MAX_OPERATIONS} \
                 Graph runs in one batch request; split the chain",
                group.len()
            )));
        }
        if current.len() + group.len() > MAX_OPERATIONS {
            chunks.push(std::mem::take(&mut current));
        }
        current.extend(group);
    }
    if !current.is_empty() {
        chunks.push(current);
    }
    for chunk in &mut chunks {
        chunk.sort_unstable();
    }
    Ok(chunks)
}

type Results = Vec<Option<Result<Response<Body>, Error>>>;

/// Sends the plan's requests, one after the other, sending `null` answers
/// again as the module docs say. Returns every operation's result and the
/// number of HTTP requests made.
async fn run(client: &Client, plan: Plan) -> (Results, usize) {
    let Plan {
        ops,
        parents,
        chunks,
        max_attempts,
    } = plan;
    let mut results: Results = Vec::with_capacity(ops.len());
    let mut wire: Vec<Option<WireOp>> = Vec::with_capacity(ops.len());
    for op in ops {
        match op {
            Ok(op) => {
                wire.push(Some(op));
                results.push(None);
            }
            Err(error) => {
                wire.push(None);
                results.push(Some(Err(error)));
            }
        }
    }
    let span = tracing::info_span!("graph_batch", operations = wire.len());
    let mut requests = 0;
    for chunk in chunks {
        let mut pending = chunk;
        let mut attempt = 1;
        while !pending.is_empty() {
            requests += 1;
            let ops: Vec<&WireOp> = pending.iter().filter_map(|&i| wire[i].as_ref()).collect();
            let answers = send_chunk(client, &ops).instrument(span.clone()).await;
            let mut not_run = Vec::new();
            let mut refused = Vec::new();
            match answers {
                Err(error) => {
                    let shared = Arc::new(error);
                    for &i in &pending {
                        results[i] = Some(Err(Error::Batch(BatchError::RequestFailed(
                            Arc::clone(&shared),
                        ))));
                    }
                }
                Ok(answers) => {
                    for (&i, answer) in pending.iter().zip(answers) {
                        match answer {
                            Some(result) => {
                                if result.as_ref().is_err_and(Error::is_rate_limited) {
                                    refused.push(i);
                                }
                                results[i] = Some(result);
                            }
                            None => not_run.push(i),
                        }
                    }
                }
            }
            let again = resend(&not_run, &refused, &wire, &parents, attempt < max_attempts);
            for &i in &not_run {
                if !again.contains(&i) {
                    let op = wire[i].as_ref();
                    let omitted = op.is_some_and(|op| op.omit_response_on_success);
                    let is_write = op.is_some_and(|op| !op.method.is_idempotent());
                    results[i] = Some(Err(Error::Batch(if omitted {
                        BatchError::Omitted
                    } else {
                        BatchError::NotRun {
                            attempts: attempt,
                            may_have_run: is_write && !depends_on_unrun(i, &not_run, &parents),
                        }
                    })));
                }
            }
            if !again.is_empty() {
                span.in_scope(|| {
                    tracing::debug!(
                        operations = again.len(),
                        "Graph did not run or refused some batch operations; sending them again"
                    )
                });
            }
            pending = again;
            attempt += 1;
        }
    }
    (results, requests)
}

/// Whether operation `i` depends (directly) on one that was not run either.
fn depends_on_unrun(i: usize, not_run: &[usize], parents: &[Vec<usize>]) -> bool {
    parents[i].iter().any(|p| not_run.contains(p))
}

/// Of the operations Graph did not run (`not_run`, answered `null`) or
/// refused for a rate limit (`refused`), those to send again, in order:
/// not omitted, surely not applied (a read or a delete, a refused
/// operation, or a write that depends on an operation that was not run
/// either), and whose every dependency goes again with it (a reference to
/// an answer already received cannot be filled in by another request).
/// The governor holds the next request back until the rate limit allows it.
fn resend(
    not_run: &[usize],
    refused: &[usize],
    wire: &[Option<WireOp>],
    parents: &[Vec<usize>],
    attempts_left: bool,
) -> Vec<usize> {
    let mut again: Vec<usize> = Vec::new();
    if !attempts_left {
        return again;
    }
    let mut candidates: Vec<usize> = not_run.iter().chain(refused).copied().collect();
    candidates.sort_unstable();
    for i in candidates {
        let Some(op) = wire[i].as_ref() else { continue };
        if op.omit_response_on_success && !refused.contains(&i) {
            continue;
        }
        let surely_not_applied = op.method.is_idempotent()
            || refused.contains(&i)
            || depends_on_unrun(i, not_run, parents);
        if surely_not_applied && parents[i].iter().all(|p| again.contains(p)) {
            again.push(i);
        }
    }
    again
}

/// One operation's answer in a batch response; `None` for `null`: Graph
/// did not run it (or omitted its answer, as asked).
type Answer = Option<Result<Response<Body>, Error>>;

/// Sends one batch request and splits its answer into the operations' own.
async fn send_chunk(client: &Client, ops: &[&WireOp]) -> Result<Vec<Answer>, Error> {
    let batch = Value::Array(ops.iter().map(|op| op.to_json()).collect()).to_string();
    // Each operation's own token and proof travel in `batch`: the send
    // knows them, so that no error or trace of it shows them.
    let request = GraphRequest::root(Method::Post)
        .param("batch", batch)
        .param("include_headers", "true")
        .with_secrets(ops.iter().flat_map(|op| op.secrets.iter().cloned()));
    // The governor admits the request for every node it touches, and
    // records each operation's usage from the headers of its own answer.
    let subjects: Vec<&str> = ops.iter().filter_map(|op| op.subject.as_deref()).collect();
    let response = client.send_touching(request, &subjects).await?;
    let Value::Array(entries) = response.data else {
        return Err(Error::Batch(BatchError::Malformed(
            "the batch answer is not a list".to_owned(),
        )));
    };
    if entries.len() != ops.len() {
        return Err(Error::Batch(BatchError::Malformed(format!(
            "the batch answer has {} entries for {} operations",
            entries.len(),
            ops.len()
        ))));
    }
    let redactor = client.config().redactor();
    Ok(entries
        .into_iter()
        .zip(ops)
        .map(|(entry, op)| match entry {
            Value::Null => None,
            entry => {
                let redactor = redactor.clone().with(op.secrets.iter().cloned());
                let (usage, result) = answer(entry, &redactor);
                let governor = client.governor();
                let subject = op.subject.as_deref();
                let path = redactor.redact(op.relative_url.split('?').next().unwrap_or_default());
                governor.observe(subject, &usage, &path);
                if result.as_ref().is_err_and(Error::is_rate_limited) {
                    // Blocks the key for as long as Graph said; the wait
                    // itself happens before the next request.
                    let _ = governor.refused(subject, &usage, None);
                }
                Some(result.map(|data| Response::new(data, usage)))
            }
        })
        .collect())
}

/// One entry of a batch answer, `{"code": 200, "headers": [{"name", "value"}],
/// "body": "<JSON text>"}`, interpreted as a response of its own: its usage
/// headers, and its body or error.
pub(crate) fn answer(
    entry: Value,
    redactor: &crate::auth::Redactor,
) -> (Usage, Result<Body, Error>) {
    let malformed = |why: &str| {
        (
            Usage::default(),
            Err(Error::Batch(BatchError::Malformed(why.to_owned()))),
        )
    };
    let Some(code) = entry
        .get("code")
        .and_then(Value::as_u64)
        .and_then(|c| u16::try_from(c).ok())
    else {
        return malformed("an entry has no HTTP status (`code`)");
    };
    let headers: Vec<(String, String)> = entry
        .get("headers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|h| {
            let name = h.get("name")?.as_str()?.to_ascii_lowercase();
            let value = h.get("value")?.as_str()?.to_owned();
            Some((name, value))
        })
        .collect();
    let body = match entry.get("body") {
        Some(Value::String(body)) => body.as_str(),
        None | Some(Value::Null) => "",
        Some(_) => return malformed("an entry's body is not JSON text"),
    };
    let usage = Usage::from_headers(|name| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_bytes())
    });
    let result = interpret(code, body.as_bytes().to_vec(), redactor);
    (usage, result)
}

/// The decoding function of a builder whose output is a whole body.
pub(crate) fn decode_body<T: serde::de::DeserializeOwned, C: Transport>(
    client: &C,
    response: Response<Body>,
    spec: &DecodeSpec,
) -> Result<Response<T>, Error> {
    crate::decode::response(client, response, spec.strict)
}

#[cfg(test)]
mod tests;
