//! # graph-model
//!
//! The HTTP-free layer of the Facebook Graph API runtime: what a generated
//! crate's models, field enums, schemas and parameters are made of, and how
//! JSON is decoded into them and checked against the spec.
//!
//! It holds the foundations ([`auth`]: [`AccessToken`], [`AppSecret`],
//! `appsecret_proof`; [`datetime`]; [`enums`]), the model ([`schema`] with
//! the page statics, [`field`], [`node`], [`validate`] with the names the
//! runtime reserves) and decoding ([`decode`], [`tolerant`], the page types
//! [`Page`], [`Paging`], [`Cursors`], [`Summary`], [`Position`], [`params`]
//! and [`upload`] values with their own error types, [`ConfigError`]).
//!
//! It does not depend on reqwest, hyper, rustls, tokio or tracing: a user
//! who only decodes cached JSON depends on this crate alone, and
//! `graph-webhooks` builds on it. `graph-runtime` (the client) re-exports
//! all of it at its old paths (`graph_runtime::…`), so generated code and
//! the client's users see no difference.

#![forbid(unsafe_code)]

#[doc(hidden)]
pub mod __private;

pub mod auth;
pub mod config;
pub mod datetime;
pub mod decode;
pub mod enums;
pub mod field;
mod macros;
pub mod node;
pub mod page;
pub mod params;
pub mod schema;
mod suggest;
pub mod tolerant;
pub mod upload;
pub mod validate;

pub use auth::{AccessToken, AppSecret};
pub use config::ConfigError;
pub use datetime::DateTime;
pub use decode::DecodeError;
pub use enums::GraphEnum;
pub use field::{Field, FieldSelection, UnknownField};
pub use node::Node;
pub use page::{Cursors, EdgePage, Page, Paging, Position, Summary};
pub use params::{NoParams, Params, ParamsError};
pub use upload::{Upload, UploadError};
pub use validate::{Severity, ValidationErrors, Violation, ViolationKind};

/// serde, re-exported: generated models derive through it, and the macros
/// name it as `$crate::serde`.
pub use serde;
/// serde_json, re-exported: `Object` fields are `serde_json::Value`, and
/// `validate` takes one.
pub use serde_json;
