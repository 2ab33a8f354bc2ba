//! The coercion rules: which value that does not fit its declared type is
//! converted, and to what. Whether a value fits is
//! [`validate`](crate::validate)'s rule, so decoding and validation cannot
//! disagree.
//!
//! | declared | coerced from |
//! |---|---|
//! | `bool` | `0`, `1`, `"true"`, `"false"`, `"0"`, `"1"` |
//! | an integer type | a string holding an integer in range (`"42"`); a float with no fraction, in range (`42.0`) |
//! | `float` | a string holding a finite JSON number (`"1.5"`) |
//! | `string` | a number, as JSON writes it (`1234` → `"1234"`) |
//! | a node with an `id` field | a non-empty string or an integer: the node's id (`"123"` → `{"id": "123"}`) |
//! | `list<T>`, `map<K, T>` | an array or object whose elements each fit or coerce to `T` (map keys are not coerced) |
//!
//! Nothing else is coerced: a value that neither fits nor coerces is kept raw.

use serde_json::{Map, Number, Value};

use crate::schema::Type;
use crate::validate::check_value;

/// What decoding does with a value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Class {
    /// It fits: decode it as it is.
    Fit,
    /// It does not fit, and this value, which does, stands for it.
    Coerce(Value),
    /// It neither fits nor coerces: keep it raw.
    Raw,
}

/// Classifies `value` as a `ty`. Nodes nested in it fit if they are
/// objects: each decodes its own fields tolerantly.
pub(crate) fn classify(ty: Type, value: &Value) -> Class {
    if fits(ty, value) {
        return Class::Fit;
    }
    match coerce(ty, value) {
        Some(coerced) if fits(ty, &coerced) => Class::Coerce(coerced),
        _ => Class::Raw,
    }
}

/// Whether `value` fits `ty` as `validate` sees it, nested nodes aside.
fn fits(ty: Type, value: &Value) -> bool {
    match (ty, value) {
        // The common cases, without starting a walk.
        (Type::Bool, Value::Bool(_))
        | (Type::String, Value::String(_))
        | (Type::Float, Value::Number(_))
        | (Type::Enum(_), Value::String(_))
        | (Type::Node(_), Value::Object(_))
        | (Type::Object | Type::File | Type::Unknown(_), _) => true,
        (Type::Int32, Value::Number(n)) => n.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
        (Type::UInt32, Value::Number(n)) => n.as_u64().is_some_and(|n| u32::try_from(n).is_ok()),
        (Type::Int64, Value::Number(n)) => n.is_i64(),
        (Type::UInt64, Value::Number(n)) => n.is_u64(),
        (Type::Bool | Type::String | Type::Float | Type::Enum(_) | Type::Node(_), _) => false,
        _ => !check_value(ty, value, false).has_errors(),
    }
}

/// The value that stands for `value` as a `ty`, if there is an unambiguous one.
pub fn coerce(ty: Type, value: &Value) -> Option<Value> {
    match (ty, value) {
        (Type::Bool, Value::Number(n)) => match n.as_u64() {
            Some(0) => Some(Value::Bool(false)),
            Some(1) => Some(Value::Bool(true)),
            _ => None,
        },
        (Type::Bool, Value::String(s)) => match s.as_str() {
            "true" | "1" => Some(Value::Bool(true)),
            "false" | "0" => Some(Value::Bool(false)),
            _ => None,
        },
        (Type::Int32 | Type::UInt32 | Type::Int64 | Type::UInt64, Value::String(s)) => {
            integer(s.parse::<i128>().ok()?)
        }
        (Type::Int32 | Type::UInt32 | Type::Int64 | Type::UInt64, Value::Number(n)) => {
            let f = n.as_f64().filter(|_| n.is_f64())?;
            // Exactly representable and whole: 42.0, not 42.5 or 1e300.
            (f.fract() == 0.0 && f.abs() < 2f64.powi(63)).then(|| integer(f as i128))?
        }
        (Type::Float, Value::String(s)) => {
            let f = s.parse::<f64>().ok().filter(|f| f.is_finite())?;
            // Only what JSON would write as a number: not "inf", "1.", " 1".
            serde_json::from_str::<Number>(s).ok()?;
            Number::from_f64(f).map(Value::Number)
        }
        (Type::String, Value::Number(n)) => Some(Value::String(n.to_string())),
        (Type::Node(schema), Value::String(id)) if !id.is_empty() => {
            schema.field("id")?;
            Some(node_with_id(id.clone()))
        }
        (Type::Node(schema), Value::Number(n)) if !n.is_f64() => {
            schema.field("id")?;
            Some(node_with_id(n.to_string()))
        }
        (Type::List(item), Value::Array(items)) => items
            .iter()
            .map(|element| element_as(*item, element))
            .collect::<Option<Vec<_>>>()
            .map(Value::Array),
        (Type::Map(_, item), Value::Object(entries)) => entries
            .iter()
            .map(|(key, element)| Some((key.clone(), element_as(*item, element)?)))
            .collect::<Option<Map<_, _>>>()
            .map(Value::Object),
        _ => None,
    }
}

/// An element as it is when it fits, else coerced.
fn element_as(ty: Type, element: &Value) -> Option<Value> {
    if fits(ty, element) {
        Some(element.clone())
    } else {
        coerce(ty, element)
    }
}

fn integer(n: i128) -> Option<Value> {
    // Range is checked by `fits` against the declared type afterwards.
    i64::try_from(n)
        .map(Value::from)
        .or_else(|_| u64::try_from(n).map(Value::from))
        .ok()
}

fn node_with_id(id: String) -> Value {
    let mut node = Map::new();
    node.insert("id".to_owned(), Value::String(id));
    Value::Object(node)
}
