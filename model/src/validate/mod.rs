//! Checking JSON payloads against the static [`schema`](crate::schema).
//!
//! Generated code calls into this module: each node gets
//! `VoipInfo::validate(&value)` (which calls [`validate`] with its
//! `SCHEMA`) and a strict variant, and each operation's parameters go
//! through [`validate_params`]. All rules live here.
//!
//! # Rules
//!
//! | spec type | accepted JSON |
//! |---|---|
//! | `bool` | `true` or `false` |
//! | `string` | a string |
//! | `int32`, `unsigned int32`, `int64`, `unsigned int64` | an integer in the type's range; not a float (`1.5`, nor `1.0`, which serde would also reject), not a quoted number (`"7"`) |
//! | `float` | any number |
//! | `datetime` | a string [`DateTime::parse`](crate::DateTime::parse) accepts (`2021-04-30T01:37:07+0000`, RFC 3339) |
//! | an enum | a string; a value the spec does not list is a [warning](Severity::Warning) in payloads (the API adds values) and an error in request parameters |
//! | `list<T>` | an array whose every element is a `T` (so `null` elements are errors, unless `T` is `Object` or `file`) |
//! | `map<K, V>` | an object whose keys are `K` written as strings (integer keys must be JSON integers in range, datetime keys must parse, enum keys warn when unlisted; `string`, `file`, `Object` and unknown keys are any string) and whose values are `V` |
//! | a node | an object whose fields are checked by their types |
//! | `Object`, `file`, unknown types | anything (generated code holds them as `serde_json::Value`) |
//!
//! A field or parameter that is `null` counts as absent. The top-level value
//! must be an object. Two keys of one map that spell the same value
//! (`2021-04-30T01:37:07Z` and `2021-04-30T01:37:07+0000`) are an error,
//! since a typed map cannot hold both.
//!
//! Generated models decode every object tolerantly
//! ([`tolerant`](crate::tolerant)); these rules say which values they take
//! as they are. Each value `validate` reports as an error is exactly one
//! that decoding coerces or keeps raw, with a warning at the same path, and
//! strict decoding fails exactly when `validate` fails.
//!
//! # Errors, warnings and `Ok`
//!
//! [`check`] returns a [`Report`] of every violation, warnings included.
//! [`validate`] returns `Err` if and only if there is at least one
//! [error](Severity::Error); the [`ValidationErrors`] then carry the
//! warnings too. When there are only warnings, `validate` returns `Ok(())`:
//! the payload is usable, and the warnings are available from [`check`].
//!
//! Unknown fields pass [`validate`] (the Graph API adds fields) and are
//! errors, with a "did you mean", in [`validate_strict`].
//!
//! # Paths
//!
//! Every [`Violation`] names where the value is:
//!
//! - a field or map key that is an identifier (`[A-Za-z_][A-Za-z0-9_]*`)
//!   follows a dot: `voip_info.reason_code`;
//! - any other key is a quoted, JSON-escaped string in brackets:
//!   `tags["a.b"]`, `counts["7"]`; keys longer than 40 characters are cut
//!   with `…` (`["aaaa…"]`), so paths stay short whatever the payload;
//! - an array element is its index in brackets: `data[2].id`;
//! - the top-level value has the empty path, displayed as `(root)`.
//!
//! A problem with a map key is reported at that entry's path, worded
//! `expected key of type int32, …`.
//!
//! # Cost
//!
//! One walk over the payload, linear in its size. The path is a borrowed
//! stack on the call stack and is only written out for a violation;
//! nothing is allocated for a valid payload. Field lookup binary-searches
//! [`NodeSchema::field`]. The walk follows the schema (cycles included) and
//! stops at [`Options::max_depth`] nested containers, reporting
//! [`ViolationKind::TooDeep`] rather than overflowing the stack.

mod found;
#[doc(hidden)]
pub mod path;
mod report;
mod walk;

pub(crate) use walk::{key_fits, key_has_spellings};

#[cfg(test)]
mod tests;

/// Moved to `__private::fixture`; kept, hidden, for the fuzz targets.
#[doc(hidden)]
pub use crate::__private::fixture;

use serde_json::{Map, Value};

use crate::schema::{NodeSchema, ParamSchema, Type};

pub use report::{Report, Severity, ValidationErrors, Violation, ViolationKind};

/// The default for [`Options::max_depth`]: serde_json's own parser refuses
/// deeper input, so only hand-built values reach it.
pub const DEFAULT_MAX_DEPTH: usize = 128;

/// What [`check`] and [`check_params`] report, and how severely.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    unknown_fields: Option<Severity>,
    unlisted_enum_values: Severity,
    max_depth: usize,
    /// Whether nodes nested in the value are checked too (`false` for
    /// tolerant decoding, where each node checks its own fields).
    pub(crate) nodes: bool,
}

impl Options {
    /// For responses, as [`validate`]: unknown fields pass, unlisted enum
    /// values are warnings.
    pub const LENIENT: Options = Options {
        unknown_fields: None,
        unlisted_enum_values: Severity::Warning,
        max_depth: DEFAULT_MAX_DEPTH,
        nodes: true,
    };

    /// As [`validate_strict`]: unknown fields are errors; unlisted enum
    /// values stay warnings, since the spec is known to lag the API there.
    pub const STRICT: Options = Options {
        unknown_fields: Some(Severity::Error),
        ..Options::LENIENT
    };

    /// For requests, as [`validate_params`]: unknown parameters (and
    /// unknown fields of nested nodes) and unlisted enum values are errors,
    /// since the API rejects them.
    pub const PARAMS: Options = Options {
        unknown_fields: Some(Severity::Error),
        unlisted_enum_values: Severity::Error,
        max_depth: DEFAULT_MAX_DEPTH,
        nodes: true,
    };

    /// How to report fields (or parameters) the schema does not list:
    /// `None` lets them pass unreported.
    pub const fn unknown_fields(mut self, severity: Option<Severity>) -> Self {
        self.unknown_fields = severity;
        self
    }

    /// How to report enum values the spec does not list.
    pub const fn unlisted_enum_values(mut self, severity: Severity) -> Self {
        self.unlisted_enum_values = severity;
        self
    }

    /// How many containers (nodes, lists, maps) may nest before the walk
    /// stops with a [`ViolationKind::TooDeep`] error.
    pub const fn max_depth(mut self, depth: usize) -> Self {
        self.max_depth = depth;
        self
    }
}

/// [`Options::LENIENT`].
impl Default for Options {
    fn default() -> Self {
        Options::LENIENT
    }
}

/// Checks a payload (a response, or a node within one) against its node's
/// schema. Unknown fields pass; see the [module docs](self) for the rules
/// and for what `Ok` means when there are warnings.
///
/// ```
/// use graph_model::schema::{FieldSchema, NodeSchema, Type};
/// static VOIP_INFO: NodeSchema = NodeSchema {
///     name: "VoipInfo",
///     fields: &[FieldSchema { name: "reason_code", ty: Type::UInt32 }],
/// };
/// static PAGE: NodeSchema = NodeSchema {
///     name: "Page",
///     fields: &[FieldSchema { name: "voip_info", ty: Type::Node(&VOIP_INFO) }],
/// };
///
/// let payload = serde_json::json!({"voip_info": {"reason_code": 4294967296u64}});
/// let errors = graph_model::validate::validate(&PAGE, &payload).unwrap_err();
/// assert_eq!(
///     errors.to_string(),
///     "voip_info.reason_code: expected unsigned int32 (0..=4294967295), found integer 4294967296"
/// );
/// ```
pub fn validate(schema: &'static NodeSchema, value: &Value) -> Result<(), ValidationErrors> {
    check(schema, value, Options::LENIENT).into_result()
}

/// Like [`validate`], but a field the schema does not list is an error,
/// with a "did you mean" when it looks like a typo.
pub fn validate_strict(schema: &'static NodeSchema, value: &Value) -> Result<(), ValidationErrors> {
    check(schema, value, Options::STRICT).into_result()
}

/// Every violation in a payload, warnings included, under the given options.
pub fn check(schema: &'static NodeSchema, value: &Value, options: Options) -> Report {
    let mut walker = walk::Walker::new(options);
    walker.node_payload(schema, value);
    walker.finish()
}

/// Every violation in one value of type `ty`, with paths relative to it,
/// under [`Options::LENIENT`]; with `nodes` false, a node nested in the
/// value passes if it is an object (its fields are not checked). For
/// tolerant decoding ([`crate::tolerant`]).
pub(crate) fn check_value(ty: Type, value: &Value, nodes: bool) -> Report {
    let mut walker = walk::Walker::new(Options {
        nodes,
        ..Options::LENIENT
    });
    walker.typed_value(ty, value);
    walker.finish()
}

/// Checks request parameters: each required one is present (and not
/// `null`), each one given is listed (else an error with a "did you mean"),
/// each value follows the type rules, and enum values must be listed (the
/// API rejects others). `access_token` and `appsecret_proof`
/// ([`CLIENT_PARAMS`](crate::params::CLIENT_PARAMS)) are never parameters,
/// whatever the schema says: the client sets them
/// ([`ViolationKind::ReservedParam`]).
pub fn validate_params(
    params: &'static [ParamSchema],
    values: &Map<String, Value>,
) -> Result<(), ValidationErrors> {
    check_params(params, values, Options::PARAMS).into_result()
}

/// Every violation in request parameters under the given options; unknown
/// parameters are reported as [`Options::unknown_fields`] says.
pub fn check_params(
    params: &'static [ParamSchema],
    values: &Map<String, Value>,
    options: Options,
) -> Report {
    check_params_reserving(params, values, options, &[])
}

/// [`check_params`], refusing also the parameters the request builder sets
/// itself (`reserved`: [`READ_PARAMS`](crate::params::READ_PARAMS) for a
/// read, say).
pub(crate) fn check_params_reserving(
    params: &'static [ParamSchema],
    values: &Map<String, Value>,
    options: Options,
    reserved: &[&str],
) -> Report {
    let mut walker = walk::Walker::new(options);
    walker.params(params, values, reserved);
    walker.finish()
}
