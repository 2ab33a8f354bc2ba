//! The [`Node`] trait, implemented by every generated model.

use crate::field::Field;
use crate::schema::NodeSchema;

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
    /// The node's static schema.
    const SCHEMA: &'static NodeSchema;
}
