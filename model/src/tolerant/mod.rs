//! Tolerant, lossless decoding: real responses that drift from the spec
//! decode, and nothing in them is lost.
//!
//! Every generated model decodes through one generic decoder (its own
//! `Deserialize`, from a `model_serde!` table per model), so `serde_json::from_value::<M>(v)`
//! succeeds for every model `M` and every JSON object `v`:
//!
//! - a key the spec does not list is kept, as raw JSON, in the model's
//!   `extra` map (as is a `null`);
//! - a value that fits its declared type after an unambiguous coercion is
//!   coerced ([the rules](rule)): a numeric string for a number and back,
//!   `0`/`1`/`"true"`/`"false"` for a bool, a bare id where a node is
//!   declared;
//! - any other value that does not fit is kept raw in `extra`, under its
//!   own key, and the typed field reads as `None`. A list or a map that
//!   holds such a value is kept whole (an edge page's `data` reads empty,
//!   its `extra["data"]` holds the list); elements that coerce are coerced
//!   one by one, each with its own warning.
//!
//! Encoding a model writes `extra` back (a typed field that is `Some` wins
//! over an `extra` entry of the same name), so decode → encode loses no value.
//!
//! # Warnings
//!
//! Each value that was coerced or kept raw is a [`DecodeWarning`]: the
//! [`Violation`] that [`validate`](crate::validate::validate) reports for
//! it, with its path from the top of the response
//! (`data[3].restaurant_services.delivery: expected bool, found integer 0`),
//! and what was done with it. Inside [`collect`] they are gathered (the
//! client does this for every response, see `Response::warnings`);
//! elsewhere decoding is just as tolerant and reports nothing. Strict
//! decoding ([`decode_strict`], the client's `strict` option) turns the
//! first warning into an error, so it fails exactly when `validate` reports
//! an error.
//!
//! # Cost
//!
//! A payload that fits is decoded in one pass: one generated `match` per
//! key, then the field's own decoder straight from the stream
//! (`tolerant/shape.rs`); nothing is buffered and nothing allocated beyond
//! what the model holds. Only a value that does not fit is turned into JSON
//! to be checked, and warnings cost only when there are some. From JSON
//! bytes that is what serde's derive costs (for `VoipInfo`, 1.00× its
//! instructions and 0.99–1.03× its time; the client's whole call, warnings
//! collected, 1.04× and 1.05–1.08×); from an already parsed `serde_json::Value`,
//! where there is no parsing to weigh against, it is about 2× (BENCHMARKS.md,
//! *Decoding within 1.10×*). The client decodes every response
//! from its bytes ([`decode_slice`]): a body is parsed into a `Value` first
//! only when it may be an error envelope (`"error"` occurs in it).

pub(crate) mod de;
pub mod rule;
pub(crate) mod shape;
mod sink;

use std::fmt;

use serde::de::{DeserializeOwned, MapAccess};
use serde_json::{Map, Value};

use crate::DateTime;
use crate::decode::{self, DecodeError};
use crate::schema::{NodeSchema, Type};
use crate::validate::Violation;

#[doc(hidden)]
pub use de::Keyed;
pub(crate) use de::{Indexed, KeySeed, Slot};
pub(crate) use shape::{Cx, Got, Tolerant};
pub use sink::collect;

/// A type that decodes tolerantly: a generated model, or one of the
/// runtime's own envelopes. Implemented by `model_serde!` from the model's
/// table of fields; for generated code (`__private::Model`).
#[doc(hidden)]
pub trait Model: Sized + Default {
    /// The schema that says what each key holds.
    fn schema() -> &'static NodeSchema;

    /// The position in `SCHEMA.fields` of the field `key` names (a
    /// generated `match`).
    fn index(key: &str) -> Option<usize>;

    /// Decodes the value of field `index` into that field: `slot.put(&mut
    /// self.field, &mut self.extra)`, which keeps the value as received in
    /// `extra` when it did not fit.
    fn put<'de, A: MapAccess<'de>>(
        &mut self,
        index: usize,
        slot: Slot<'_, A>,
    ) -> Result<(), A::Error>;

    /// Writes each field that is set, under its wire name, in table order
    /// (`extra` aside).
    fn serialize_fields<M: serde::ser::SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>;

    /// Whether field `index` is set (an `extra` entry of its key is then
    /// not written again).
    fn is_set(&self, index: usize) -> bool;

    /// What the spec did not foresee, as received.
    fn extra(&self) -> &Map<String, Value>;

    /// The same, to fill while decoding.
    fn extra_mut(&mut self) -> &mut Map<String, Value>;
}

/// What tolerant decoding did with a value that did not fit its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Action {
    /// Converted unambiguously (`0` to `false`, `"12"` to `12`, `12` to
    /// `"12"`, `"123"` to a node with id `123`); the typed field holds it.
    Coerced,
    /// Kept as received in the model's `extra` map; the typed field is `None`.
    KeptRaw,
}

/// A value that did not fit its declared type, and what decoding did with it.
///
/// Displays as the [`Violation`] and the action:
/// `voip_info.reason_code: expected unsigned int32 (0..=4294967295), found integer 4294967296 (kept raw)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeWarning {
    violation: Violation,
    action: Action,
}

impl DecodeWarning {
    /// A warning for `violation`, which decoding settled with `action`.
    #[doc(hidden)]
    pub fn new(violation: Violation, action: Action) -> Self {
        DecodeWarning { violation, action }
    }

    /// The value (or the one holding it) was kept raw after all.
    #[doc(hidden)]
    pub fn kept_raw(&mut self) {
        self.action = Action::KeptRaw;
    }

    /// Where the value is, from the top of the response (`data[3].id`).
    pub fn path(&self) -> &str {
        self.violation.path()
    }

    /// What was wrong: the violation `validate` reports for the value.
    pub fn violation(&self) -> &Violation {
        &self.violation
    }

    /// What decoding did with it.
    pub fn action(&self) -> Action {
        self.action
    }

    /// The same warning one step further from the root.
    #[doc(hidden)]
    pub fn within(&mut self, step: &str) {
        self.violation.within(step);
    }

    /// The warning as a [`DecodeError`], for strict decoding.
    pub fn to_error(&self) -> DecodeError {
        DecodeError::new(self.path(), self.violation.message())
    }

    #[doc(hidden)]
    pub fn scrub(&mut self, scrub: impl Fn(&str) -> String) {
        self.violation.scrub(scrub);
    }
}

impl fmt::Display for DecodeWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let action = match self.action {
            Action::Coerced => "coerced",
            Action::KeptRaw => "kept raw",
        };
        write!(f, "{} ({action})", self.violation)
    }
}

/// A decoded value and the warnings its decoding raised.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Decoded<T> {
    /// The decoded value.
    pub value: T,
    /// Each value that was coerced or kept raw, in the order met.
    pub warnings: Vec<DecodeWarning>,
}

impl<T> Decoded<T> {
    /// A value and its warnings, for the runtime's own decoders.
    #[doc(hidden)]
    pub fn new(value: T, warnings: Vec<DecodeWarning>) -> Self {
        Decoded { value, warnings }
    }
}

/// Decodes tolerantly, collecting warnings. Fails only where `T` itself
/// cannot be tolerant: a model from anything but a JSON object, or a type
/// that is not a model. The error names the path.
///
/// ```
/// # use graph_model::tolerant;
/// let decoded = tolerant::decode::<serde_json::Value>(&serde_json::json!({"a": 1})).unwrap();
/// assert!(decoded.warnings.is_empty());
/// ```
pub fn decode<T: DeserializeOwned>(value: &Value) -> Result<Decoded<T>, DecodeError> {
    let (result, warnings) = collect(|| T::deserialize(value));
    match result {
        Ok(value) => Ok(Decoded { value, warnings }),
        // Run again to learn where: the plain pass allocates nothing for paths.
        Err(plain) => Err(decode::from_value::<T>(value)
            .err()
            .unwrap_or_else(|| DecodeError::new("", &plain.to_string()))),
    }
}

/// [`decode`](fn@decode) from JSON bytes as received: in one pass, straight into
/// `T`, with no `serde_json::Value` in between (about half the work of
/// parsing into a `Value` and decoding that). How the client decodes every
/// response; for JSON you hold yourself (a cached response, a webhook's
/// `value`). Errors as [`decode`](fn@decode)'s, and JSON that does not parse.
///
/// ```
/// # use graph_model::tolerant;
/// let decoded = tolerant::decode_slice::<serde_json::Value>(br#"{"a": 1}"#).unwrap();
/// assert_eq!(decoded.value["a"], 1);
/// assert!(tolerant::decode_slice::<serde_json::Value>(b"{").is_err());
/// ```
#[inline]
pub fn decode_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<Decoded<T>, DecodeError> {
    if let Some((value, warnings)) = one_pass(bytes, std::marker::PhantomData::<T>) {
        return Ok(Decoded { value, warnings });
    }
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| DecodeError::new("", &e.to_string()))?;
    decode(&value)
}

/// Decodes JSON bytes with `seed` in one pass, collecting warnings. `None`
/// when that fails (the bytes are not JSON, or not what the seed needs):
/// the caller then parses them, to report what and where.
#[doc(hidden)]
#[inline]
pub fn one_pass<T, S: for<'de> serde::de::DeserializeSeed<'de, Value = T>>(
    bytes: &[u8],
    seed: S,
) -> Option<(T, Vec<DecodeWarning>)> {
    let (result, warnings) = collect(|| {
        let mut deserializer = serde_json::Deserializer::from_slice(bytes);
        let value = seed.deserialize(&mut deserializer)?;
        deserializer.end()?;
        Ok::<_, serde_json::Error>(value)
    });
    Some((result.ok()?, warnings))
}

/// Decodes, failing on the first value that does not fit its declared
/// type: exactly when [`validate`](crate::validate::validate) reports an error.
pub fn decode_strict<T: DeserializeOwned>(value: &Value) -> Result<T, DecodeError> {
    let decoded = decode::<T>(value)?;
    match decoded.warnings.first() {
        None => Ok(decoded.value),
        Some(first) => Err(first.to_error()),
    }
}

/// The paths of the values of `original` (a `ty`) that `encoded` does not
/// hold: what a decode → encode round trip lost. A value is held when it
/// is the same, its [coercion](rule::coerce), the same number for a
/// `float` (JSON does not tell `0` from `0.0`) or the same instant for a
/// `datetime`. Empty for every model and every JSON object, which is what
/// the tests check with it.
pub fn lost_values(ty: Type, original: &Value, encoded: &Value) -> Vec<String> {
    let mut lost = Vec::new();
    collect_lost(ty, original, encoded, "", &mut lost);
    lost
}

/// Whether two map keys are the same value of the key type.
fn same_key(ty: Type, a: &str, b: &str) -> bool {
    match ty {
        Type::Float => a
            .parse::<f64>()
            .ok()
            .is_some_and(|a| b.parse::<f64>() == Ok(a)),
        Type::Int32 | Type::UInt32 | Type::Int64 | Type::UInt64 => a
            .parse::<i128>()
            .ok()
            .is_some_and(|a| b.parse::<i128>() == Ok(a)),
        Type::DateTime => DateTime::parse(a).is_ok_and(|a| DateTime::parse(b) == Ok(a)),
        _ => a == b,
    }
}

fn collect_lost(ty: Type, original: &Value, encoded: &Value, path: &str, lost: &mut Vec<String>) {
    use crate::validate::path::{join, key_step};
    if original == encoded {
        return;
    }
    let entries = |fields: &Map<String, Value>,
                   out: &Map<String, Value>,
                   ty_of: &dyn Fn(&str) -> Type,
                   lost: &mut Vec<String>| {
        for (key, inner) in fields {
            let at = join(path, &key_step(key));
            match out.get(key) {
                None => lost.push(at),
                Some(got) => collect_lost(ty_of(key), inner, got, &at, lost),
            }
        }
    };
    match (ty, original, encoded) {
        (Type::Node(node), Value::Object(fields), Value::Object(out)) => {
            let ty_of = |key: &str| node.field(key).map_or(Type::Object, |f| f.ty);
            entries(fields, out, &ty_of, lost);
        }
        (Type::Edge(item), Value::Object(fields), Value::Object(out)) => {
            let ty_of = |key: &str| match key {
                "data" => Type::List(item),
                _ => crate::schema::PAGE
                    .field(key)
                    .map_or(Type::Object, |f| f.ty),
            };
            entries(fields, out, &ty_of, lost);
        }
        (Type::Map(key_ty, item), Value::Object(fields), Value::Object(out)) => {
            // A key comes back as its type writes it (`0` as `0.0` for a
            // float key): find it by value.
            for (key, inner) in fields {
                let at = join(path, &key_step(key));
                let same = |k: &&String| k == &key || same_key(*key_ty, key, k);
                match out
                    .get(key)
                    .or_else(|| out.keys().find(same).and_then(|k| out.get(k)))
                {
                    None => lost.push(at),
                    Some(got) => collect_lost(*item, inner, got, &at, lost),
                }
            }
        }
        (Type::List(item), Value::Array(items), Value::Array(out)) if items.len() == out.len() => {
            for (i, (a, b)) in items.iter().zip(out).enumerate() {
                collect_lost(*item, a, b, &join(path, &format!("[{i}]")), lost);
            }
        }
        (Type::Float, Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        (Type::DateTime, Value::String(a), Value::String(b))
            if DateTime::parse(a).is_ok_and(|a| DateTime::parse(b) == Ok(a)) => {}
        _ => {
            if rule::coerce(ty, original).as_ref() != Some(encoded) {
                lost.push(path.to_owned());
            }
        }
    }
}
