//! # graph-runtime
//!
//! The hand-written half of a generated Facebook Graph API crate. Everything
//! that every node shares lives here, so that the code `codegen` emits per node
//! stays thin: a model struct, a field enum, a static [`schema`] and a few
//! one-line methods that call into this crate.
//!
//! Users normally depend on the generated crate (`graph-api`), which
//! re-exports what they need from here.
//!
//! The half without HTTP is its own crate, `graph-model`: [`auth`]'s
//! credentials, [`datetime`], [`enums`], [`schema`], [`field`], [`node`],
//! [`params`], [`validate`], [`tolerant`], and the values of [`decode`],
//! [`upload`] and the page types. `webhooks` is the `graph-webhooks` crate.
//! Both are re-exported here at the paths they had, so users and generated
//! code (`::graph_runtime::…`) see no difference.
//!
//! | module | what it holds |
//! |---|---|
//! | [`field`] | [`Field`] (implemented by every generated `XxxField` enum) and [`FieldSelection`], the `fields=` query value with nested expansion |
//! | [`node`] | [`Node`], implemented by every generated model |
//! | [`schema`] | the static description of nodes, fields and enums that codegen emits and validation walks |
//! | [`enums`] | [`GraphEnum`], implemented by every generated enum, and [`UnknownValue`](enums::UnknownValue), what its `Other` catch-all holds |
//! | [`datetime`] | [`DateTime`], Graph's `datetime` (`2021-04-30T01:37:07+0000` or RFC 3339) |
//! | [`auth`] | [`AccessToken`] and [`AppSecret`] (their `Debug` prints `<redacted>`), and `appsecret_proof` |
//! | [`token`] | [`Client::debug_token`] typed as [`DebugToken`] (app, user, [`TokenType`], scopes, [`Expiry`], validity); app access tokens, made locally or asked for; the long-lived exchange ([`TokenGrant`]); secrets in request bodies only |
//! | [`client`] | [`ClientBuilder`] → [`ClientConfig`] → any [`BuildClient`]; the async [`Client`] with the one retry loop ([`Client::send`]), URL building (one percent-encoded segment per id) and bodies read up to `max_response_bytes`; the sealed [`Transport`] trait |
//! | `blocking` | `blocking::Client`: the same client on its own current-thread runtime (feature `blocking`) |
//! | [`request`] | [`GraphRequest`]: method, path segments (or, for paging links, an absolute URL on the client's host) and parameters of one call, whatever builder made it; [`GraphRequest::from_segments`] |
//! | [`params`] | [`Params`] (implemented by every generated parameters struct) and [`NoParams`]; checking parameters against their schema and encoding them as Facebook's SDKs do; the names the runtime sets itself: [`params::CLIENT_PARAMS`], [`params::READ_PARAMS`], [`params::LIST_PARAMS`] |
//! | [`read`] | the builders generated code calls: [`NodeRef`], [`NodeRead`] (`GET /{id}?fields=…`), [`FieldRead`] (`GET /{id}?fields=field{…}`) |
//! | [`edge`] | [`EdgeList`] (`GET /{id}/{edge}`): the first page, every item, [`Pages`] following `paging.next` and `paging.previous`, a stream; starting at a cursor, `since`/`until`, `offset`, `summary`; a [`Position`] to resume from, in another process too; `limit` halved when Graph says too much data; [`Page`], [`Paging`], [`Cursors`], [`Summary`], [`Timestamp`] |
//! | [`write`](mod@write) | [`Write`]: create (`POST /{id}/{edge}`), update (`POST /{id}`), delete (`DELETE /{id}`, `DELETE /{id}/{edge}`) |
//! | [`job`] | asynchronous report runs (`AdReportRun`): [`Submit`](job::Submit) (`POST /{act_id}/insights`), [`ReportRun`](job::ReportRun) polled until `"Job Completed"` with backoff and a deadline, then its rows as an [`EdgeList`]; a saved [`JobId`](job::JobId) resumed in another process; [`JobError`](job::JobError) |
//! | [`upload`] | [`Upload`], the value of every `file` parameter (bytes, a path, a stream of known length; file name and content type); a request with one goes as `multipart/form-data`, streamed from disk; [`UploadError`](upload::UploadError) |
//! | [`video`] | resumable video uploads: [`VideoUpload`](video::VideoUpload) runs Graph's start / transfer / finish phases on the video host, sends the chunks the server asks for, resumes from a saved [`UploadSession`](video::UploadSession), waits for encoding; [`VideoError`](video::VideoError) |
//! | [`batch`] | [`Batch`]: any read, edge list or write in one `POST /` (`batch=[…]`), typed [`Handle`](batch::Handle)s, references between operations, splitting at 50, `null` answers sent again; [`BatchResponse`] |
//! | [`governor`] | the rate limiter every clone of a client shares: usage per [`LimitKey`](governor::LimitKey) (app, business use case, ad account) from the usage headers, slowing down near a limit, waiting out a block up to `max_rate_limit_wait` (then [`Error::RateLimited`]), the `on_usage` callback ([`UsageReport`](governor::UsageReport)); the [`Clock`](governor::Clock) and, for tests, [`ManualClock`](governor::ManualClock) |
//! | [`response`] | [`Response`]: decoded data plus [`Usage`] from the rate-limit headers |
//! | [`decode`] | decoding JSON into models with errors that name the path ([`DecodeError`]: `voip_info.reason_code`) |
//! | [`tolerant`] | tolerant, lossless decoding: what every model's `Deserialize` does; [`DecodeWarning`](tolerant::DecodeWarning) for each value coerced or kept raw |
//! | [`error`] | [`Error`], [`GraphError`] (`{"error": {...}}`), [`HttpError`]; `is_rate_limited` / `is_transient` / `is_auth`, and [`AuthProblem`] (expired, password changed, …) from `auth_problem` |
//! | `retry` (private) | the retry rule and exponential backoff with jitter |
//! | `mock` | `mock::MockGraph`, a Graph API emulator over real HTTP on 127.0.0.1 for tests, with fault injection, scripted rate limits (`mock::UsageLimit`), report runs, multipart uploads, ad images, Graph's chunked video upload on a second, video-host listener, and `/debug_token` and `/oauth/access_token` for the tokens and apps a test registers (feature `mock`) |
//! | `webhooks` | Facebook's webhook deliveries: `X-Hub-Signature-256` checked in constant time, the `hub.challenge` handshake, the typed `Notification` (Page `feed` and `leadgen` changes typed, any value decodable into a generated model), `WebhookHandler` for any web framework, hyper and axum adapters (features `webhooks`, `webhooks-hyper`, `webhooks-axum`) |
//! | [`validate`] | checking JSON payloads and request parameters against the [`schema`]: [`validate::validate`], [`ValidationErrors`], [`Violation`] |
//! | `__private` (hidden) | what only generated code calls: the macros `enum_impls!`, `field_impls!`, `model_serde!` and their serde glue, and the test fixture. Not part of the API |
#![forbid(unsafe_code)]

/// What only generated code calls (`graph_model::__private`). Not API.
#[doc(hidden)]
pub use graph_model::__private;
/// The macros generated code and the runtime's own types expand, at the
/// crate root as before the split (`graph_runtime::model_serde!`, …).
#[doc(hidden)]
pub use graph_model::{
    enum_impls, enum_table, field_doc, field_enum, field_impls, model_serde, node_schema,
};

pub mod auth;
pub mod batch;
#[cfg(feature = "blocking")]
pub mod blocking;
pub mod client;
pub use graph_model::datetime;
pub mod decode;
pub mod edge;
pub use graph_model::enums;
pub mod error;
pub use graph_model::field;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
pub mod governor;
pub mod job;
#[cfg(feature = "mock")]
pub mod mock;
pub use graph_model::node;
/// The `params` module and the `params!` macro (graph_model's).
pub use graph_model::params;
pub mod read;
pub mod request;
pub mod response;
mod retry;
pub use graph_model::schema;
pub mod token;
/// The page types and how their links lose credentials (graph_model's).
pub use graph_model::page;
pub use graph_model::tolerant;
pub mod upload;
pub use graph_model::validate;
pub mod video;
/// Webhook deliveries checked and typed: the `graph-webhooks` crate.
#[cfg(feature = "webhooks")]
pub use graph_webhooks as webhooks;
pub mod write;

pub use auth::{AccessToken, AppSecret};
pub use batch::{Batch, BatchResponse};
pub use client::{BuildClient, Client, ClientBuilder, ClientConfig, Transport};
pub use datetime::DateTime;
pub use decode::DecodeError;
pub use edge::{Cursors, EdgeList, EdgePage, Page, Pages, Paging, Position, Summary, Timestamp};
pub use enums::GraphEnum;
pub use error::{AuthProblem, Error, GraphError, HttpError};
pub use field::{Field, FieldSelection, UnknownField};
pub use node::Node;
pub use params::{NoParams, Params};
pub use read::{FieldRead, NodeRead, NodeRef, NodesRead};
pub use request::{GraphRequest, Method};
pub use response::{Response, Usage};
pub use token::{DebugToken, Expiry, TokenGrant, TokenType};
pub use upload::Upload;
pub use validate::{Severity, ValidationErrors, Violation, ViolationKind};
pub use write::Write;

/// futures-core, re-exported: [`EdgeList::stream`] returns a
/// [`futures_core::Stream`]; consume it with any futures library.
pub use futures_core;
/// serde, re-exported: generated models derive through it
/// (`#[serde(crate = "::graph_runtime::serde")]`), so a generated crate
/// depends on `graph-runtime` alone.
pub use serde;
/// serde_json, re-exported: `Object` fields are `serde_json::Value`, and
/// `validate` takes one.
pub use serde_json;
