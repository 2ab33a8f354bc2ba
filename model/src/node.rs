//! The [`Node`] trait, implemented by every generated model.

use serde_json::Value;

use crate::field::Field;
use crate::schema::NodeSchema;
use crate::validate::ValidationErrors;

/// A generated Graph node model (`VoipInfo`, `Page`, …).
///
/// Every field of a model is an `Option`: the Graph API returns only the
/// fields a request selects.
pub trait Node:
    serde::Serialize
    + serde::de::DeserializeOwned
    + Clone
    + std::fmt::Debug
    + Default
    + PartialEq
    + Send
    + Sync
    + 'static
{
    /// The node's field enum (`VoipInfoField`).
    type Field: Field;
    /// The node's static schema (a function, not a constant: rustc
    /// evaluates every constant of a crate, and a constant that points into
    /// the schema graph costs it a walk of the whole graph).
    fn schema() -> &'static NodeSchema;

    /// Checks a JSON payload against the node's spec and reports every
    /// violation with its path.
    ///
    /// Unknown fields pass (the Graph API adds fields over time); see
    /// [`Node::validate_strict`].
    fn validate(value: &Value) -> Result<(), ValidationErrors> {
        crate::validate::validate(Self::schema(), value)
    }

    /// Like [`Node::validate`], and also reports fields the spec does not list.
    fn validate_strict(value: &Value) -> Result<(), ValidationErrors> {
        crate::validate::validate_strict(Self::schema(), value)
    }
}
