//! What generated code calls and nothing else: not part of the API, and
//! free to change in any release (as in prost and progenitor).
//!
//! Generated code names these through `::graph_runtime::__private::…`:
//!
//! - the macros [`enum_impls!`](crate::enum_impls), [`field_impls!`](crate::field_impls)
//!   and [`model_serde!`](crate::model_serde), one line per generated enum,
//!   field enum and model;
//! - through the macros, the serde glue: [`serialize_enum`],
//!   [`deserialize_enum`], and the tolerant glue: [`Model`] (with its
//!   [`Slot`]s), [`deserialize_model`], [`serialize_model`], and
//!   [`Tolerant`] (with [`Cx`] and [`Got`]), [`decode_model`],
//!   [`decode_enum`] and [`Key`] for the types inside models;
//! - [`fixture`], a schema with every type, which the runtime's tests and
//!   the fuzz targets share.
//!
//! `#[macro_export]` puts the macros at the crate root too, hidden from the
//! docs; the earlier paths `enums::serialize`, `enums::deserialize`,
//! `decode::object_only` and `validate::fixture` stay, hidden, for code
//! generated before this module existed.

pub mod fixture;

pub use crate::decode::{ObjectOnly, object_only};
pub use crate::enums::{deserialize as deserialize_enum, serialize as serialize_enum};
pub use crate::tolerant::Model;
pub use crate::tolerant::de::{Slot, decode_model, deserialize_model, serialize_model};
pub use crate::tolerant::shape::{Cx, Got, Key, Tolerant, decode_enum};
pub use crate::{enum_impls, field_impls, model_serde};
