//! What generated code calls and nothing else: not part of the API, and
//! free to change in any release (as in prost and progenitor).
//!
//! Generated code names these through `::graph_runtime::__private::…`:
//!
//! - the table macros, one invocation per generated item, each a table of
//!   the item's fields or values: [`enum_table!`](crate::enum_table) per
//!   enum, [`field_enum!`](crate::field_enum) per field enum,
//!   [`model_serde!`](crate::model_serde) and [`node_schema!`](crate::node_schema)
//!   per model, [`params!`](crate::params) per parameters struct, and
//!   below them [`enum_impls!`](crate::enum_impls) and [`field_impls!`](crate::field_impls);
//!   the code they expand to is written once, here, and tested here;
//! - through the macros, the serde glue: [`serialize_enum`],
//!   [`deserialize_enum`], and the tolerant glue: [`Model`] (with its
//!   [`Slot`]s), [`deserialize_model`], [`serialize_model`], and
//!   [`Tolerant`] (with [`Cx`] and [`Got`]), [`decode_model`],
//!   [`decode_enum`] and [`Key`] for the types inside models;
//! - [`prelude`], the short type names generated modules use;
//! - [`fixture`], a schema with every type, which the runtime's tests and
//!   the fuzz targets share.
//!
//! `#[macro_export]` puts the macros at the crate root too, hidden from the
//! docs; the earlier paths `enums::serialize`, `enums::deserialize`,
//! `decode::object_only` and `validate::fixture` stay, hidden, for code
//! generated before this module existed.

pub mod fixture;

/// The short names generated modules use for the types they hold
/// (`use ::graph_runtime::__private::prelude::*;`), besides the standard
/// prelude's `Option`, `Vec`, `String` and `Box`. Codegen keeps every name
/// here, and those, free of generated types, so that none is shadowed.
pub mod prelude {
    pub use crate::{DateTime, EdgePage};
    pub use serde_json::{Map, Value};
    pub use std::collections::BTreeMap;
}

pub use crate::decode::{ObjectOnly, object_only};
pub use crate::enums::{deserialize as deserialize_enum, serialize as serialize_enum};
pub use crate::params::debug_params;
pub use crate::tolerant::Model;
pub use crate::tolerant::de::{
    Slot, debug_model, decode_model, deserialize_model, serialize_model,
};
pub use crate::tolerant::shape::{Cx, Got, Key, Tolerant, decode_enum};
pub use crate::{
    enum_impls, enum_table, field_doc, field_enum, field_impls, model_serde, node_schema, params,
};

/// How [`params!`](crate::params) writes and describes a parameter: `req`
/// (a plain field, always written) or `opt` (an `Option`, written when set).
pub mod param {
    /// A required parameter.
    pub mod req {
        use serde::Serialize;
        use serde::ser::SerializeMap;

        /// Required by the operation.
        pub const REQUIRED: bool = true;

        /// Writes the parameter.
        #[inline]
        pub fn put<M: SerializeMap, T: Serialize + ?Sized>(
            map: &mut M,
            wire: &'static str,
            value: &T,
        ) -> Result<(), M::Error> {
            map.serialize_entry(wire, value)
        }

        /// Adds a set `file` parameter to the request's files.
        #[inline]
        pub fn file(
            files: &mut Vec<(String, crate::Upload)>,
            wire: &'static str,
            value: &crate::Upload,
        ) {
            files.push((wire.to_owned(), value.clone()));
        }
    }

    /// An optional parameter.
    pub mod opt {
        use serde::Serialize;
        use serde::ser::SerializeMap;

        /// Not required by the operation.
        pub const REQUIRED: bool = false;

        /// Writes the parameter if it is set.
        #[inline]
        pub fn put<M: SerializeMap, T: Serialize>(
            map: &mut M,
            wire: &'static str,
            value: &Option<T>,
        ) -> Result<(), M::Error> {
            match value {
                Some(value) => map.serialize_entry(wire, value),
                None => Ok(()),
            }
        }

        /// Adds a `file` parameter to the request's files if it is set.
        #[inline]
        pub fn file(
            files: &mut Vec<(String, crate::Upload)>,
            wire: &'static str,
            value: &Option<crate::Upload>,
        ) {
            if let Some(value) = value {
                files.push((wire.to_owned(), value.clone()));
            }
        }
    }
}
