//! Credentials: the access token, the app secret, and `appsecret_proof`
//! (`graph_model::auth`, re-exported here).
//!
//! Both secrets are newtypes whose `Debug` prints `<redacted>`, so a client,
//! a builder or a config can be logged without leaking them. The raw value
//! is reachable only through an explicitly named `expose_secret`.

pub use graph_model::auth::*;

mod redactor;
pub(crate) use redactor::Redactor;
