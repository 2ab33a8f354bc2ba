//! The typed side: how a value of each Rust type a model field can have
//! decodes straight from the stream ([`Tolerant`]).
//!
//! A token that fits the type as it is (a JSON bool for `bool`, an integer
//! in range for `u32`, an object for a model, an array for a `Vec`) is
//! decoded at once, with nothing buffered and nothing allocated beyond the
//! value itself. Any other token is turned into a `serde_json::Value` and
//! [`settle`]d by [the rules](super::rule): coerced when they say so, kept
//! raw otherwise. So the fast paths only decide sooner what the rules
//! would; the property tests check that both agree with `validate`.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

use super::rule::{Class, classify};
use super::sink;
use crate::DateTime;
use crate::enums::GraphEnum;
use crate::schema::Type;
use crate::validate::path::key_step;
use crate::validate::{key_fits, key_has_spellings};

/// How one value decoded.
#[doc(hidden)]
pub enum Got<T> {
    /// It fit its type.
    Fit(T),
    /// It did not fit; this is its coercion, and the value as received
    /// (which the caller reports).
    Coerced(T, Box<Value>),
    /// It neither fits nor coerces: the value as received, to keep.
    Raw(Box<Value>),
}

impl<T> Got<T> {
    fn map<U>(self, f: impl FnOnce(T) -> U) -> Got<U> {
        match self {
            Got::Fit(value) => Got::Fit(f(value)),
            Got::Coerced(value, original) => Got::Coerced(f(value), original),
            Got::Raw(raw) => Got::Raw(raw),
        }
    }
}

/// What a value is declared as, and whether it is a coercion being decoded
/// (which must then fit: it is never coerced twice).
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct Cx {
    ty: Type,
    again: bool,
}

impl Cx {
    pub(crate) fn new(ty: Type) -> Self {
        Cx { ty, again: false }
    }

    /// The declared type.
    pub(crate) fn ty(&self) -> Type {
        self.ty
    }

    fn with(self, ty: Type) -> Self {
        Cx { ty, ..self }
    }
}

/// A Rust type that decodes tolerantly as a model field (or inside one):
/// never failing on a value, only on JSON that does not parse. Implemented
/// here for the scalars, `Value`, `Vec`, `BTreeMap`, `Box` and edge pages,
/// and by `model_serde!` and `enum_impls!` for generated models and enums.
/// For generated code (`__private::Tolerant`).
#[doc(hidden)]
pub trait Tolerant: Serialize + Sized {
    /// Whether decoding a value may report warnings from inside it (a
    /// model's fields, a list's elements), which the caller then puts
    /// under its own key.
    const NESTED: bool = false;

    /// Decodes one value declared as `cx`'s type.
    fn decode<'de, D: Deserializer<'de>>(deserializer: D, cx: Cx) -> Result<Got<Self>, D::Error>;
}

/// Settles a value that did not take a fast path: it fits (decoded from
/// the `Value`), coerces (the coercion is decoded), or is kept raw.
#[cold]
#[inline(never)]
fn settle<T: Tolerant, E: de::Error>(cx: Cx, value: Value) -> Result<Got<T>, E> {
    if cx.again {
        return Ok(Got::Raw(Box::new(value)));
    }
    let again = Cx { again: true, ..cx };
    let decode = |v: &Value| match T::decode(v, again) {
        Ok(Got::Fit(decoded)) => Some(decoded),
        _ => None,
    };
    Ok(match classify(cx.ty, &value) {
        Class::Fit => match decode(&value) {
            Some(decoded) => Got::Fit(decoded),
            None => Got::Raw(Box::new(value)),
        },
        Class::Coerce(coerced) => match decode(&coerced) {
            Some(decoded) => Got::Coerced(decoded, Box::new(value)),
            None => Got::Raw(Box::new(value)),
        },
        Class::Raw => Got::Raw(Box::new(value)),
    })
}

/// The fast paths of a type: for each kind of token, the value it gives
/// when it fits as it is. Each default sends the token to [`settle`].
pub(crate) trait Shape {
    type Out: Tolerant;

    fn from_bool(_: bool) -> Option<Self::Out> {
        None
    }
    fn from_i64(_: i64) -> Option<Self::Out> {
        None
    }
    fn from_u64(_: u64) -> Option<Self::Out> {
        None
    }
    fn from_f64(_: f64) -> Option<Self::Out> {
        None
    }
    fn from_str(_: &str) -> Option<Self::Out> {
        None
    }
    fn from_string(value: String) -> Result<Self::Out, String> {
        Self::from_str(&value).ok_or(value)
    }
    #[cold]
    #[inline(never)]
    fn from_seq<'de, A: SeqAccess<'de>>(seq: A, cx: Cx) -> Result<Got<Self::Out>, A::Error> {
        settle(cx, Value::deserialize(SeqAccessDeserializer::new(seq))?)
    }
    #[cold]
    #[inline(never)]
    fn from_map<'de, A: MapAccess<'de>>(map: A, cx: Cx) -> Result<Got<Self::Out>, A::Error> {
        settle(cx, Value::deserialize(MapAccessDeserializer::new(map))?)
    }
}

/// Decodes a value of `S`'s type: whatever the token, one of `S`'s hooks.
#[inline]
pub(crate) fn decode_as<'de, S: Shape, D: Deserializer<'de>>(
    deserializer: D,
    cx: Cx,
) -> Result<Got<S::Out>, D::Error> {
    deserializer.deserialize_any(Tokens::<S>(cx, PhantomData))
}

struct Tokens<S>(Cx, PhantomData<S>);

impl<'de, S: Shape> Visitor<'de> for Tokens<S> {
    type Value = Got<S::Out>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        match S::from_bool(v) {
            Some(decoded) => Ok(Got::Fit(decoded)),
            None => settle(self.0, Value::Bool(v)),
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        match S::from_i64(v) {
            Some(decoded) => Ok(Got::Fit(decoded)),
            None => settle(self.0, Value::from(v)),
        }
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        match S::from_u64(v) {
            Some(decoded) => Ok(Got::Fit(decoded)),
            None => settle(self.0, Value::from(v)),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        match S::from_f64(v) {
            Some(decoded) => Ok(Got::Fit(decoded)),
            // JSON has no NaN or infinity, so there is always a number.
            None => settle(
                self.0,
                Number::from_f64(v).map_or(Value::Null, Value::Number),
            ),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        match S::from_str(v) {
            Some(decoded) => Ok(Got::Fit(decoded)),
            None => settle(self.0, Value::String(v.to_owned())),
        }
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        match S::from_string(v) {
            Ok(decoded) => Ok(Got::Fit(decoded)),
            Err(v) => settle(self.0, Value::String(v)),
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        settle(self.0, Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        settle(self.0, Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        S::from_seq(seq, self.0)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        S::from_map(map, self.0)
    }
}

/// The seed of one value of type `T`.
struct Seed<T>(Cx, PhantomData<T>);

impl<'de, T: Tolerant> DeserializeSeed<'de> for Seed<T> {
    type Value = Got<T>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Got<T>, D::Error> {
        T::decode(deserializer, self.0)
    }
}

/// A field's value: `None` for `null` (absent), else the value.
pub(crate) struct FieldSeed<T>(pub(crate) Cx, pub(crate) PhantomData<T>);

impl<'de, T: Tolerant> DeserializeSeed<'de> for FieldSeed<T> {
    type Value = Option<Got<T>>;
    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, T: Tolerant> Visitor<'de> for FieldSeed<T> {
    type Value = Option<Got<T>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    #[inline]
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        T::decode(deserializer, self.0).map(Some)
    }
}

// ---- scalars ------------------------------------------------------------

/// The shape of a scalar: a JSON bool, number or string.
pub(crate) struct Plain<T>(PhantomData<T>);

macro_rules! tolerant_via {
    ($shape:ident: $($ty:ty),*) => {
        $(
            impl Tolerant for $ty {
                #[inline]
                fn decode<'de, D: Deserializer<'de>>(
                    deserializer: D,
                    cx: Cx,
                ) -> Result<Got<Self>, D::Error> {
                    decode_as::<$shape<$ty>, D>(deserializer, cx)
                }
            }
        )*
    };
}

tolerant_via!(Plain: bool, i32, u32, i64, u64, f64, String, DateTime);

impl Shape for Plain<bool> {
    type Out = bool;
    fn from_bool(v: bool) -> Option<bool> {
        Some(v)
    }
}

macro_rules! integer_shapes {
    ($($ty:ty),*) => {
        $(
            impl Shape for Plain<$ty> {
                type Out = $ty;
                fn from_i64(v: i64) -> Option<$ty> {
                    <$ty>::try_from(v).ok()
                }
                fn from_u64(v: u64) -> Option<$ty> {
                    <$ty>::try_from(v).ok()
                }
            }
        )*
    };
}

integer_shapes!(i32, u32, i64, u64);

impl Shape for Plain<f64> {
    type Out = f64;
    fn from_f64(v: f64) -> Option<f64> {
        Some(v)
    }
    fn from_i64(v: i64) -> Option<f64> {
        Some(v as f64)
    }
    fn from_u64(v: u64) -> Option<f64> {
        Some(v as f64)
    }
}

impl Shape for Plain<String> {
    type Out = String;
    fn from_str(v: &str) -> Option<String> {
        Some(v.to_owned())
    }
    fn from_string(v: String) -> Result<String, String> {
        Ok(v)
    }
}

impl Shape for Plain<DateTime> {
    type Out = DateTime;
    fn from_str(v: &str) -> Option<DateTime> {
        DateTime::parse(v).ok()
    }
}

/// `Object`, `file` and types the spec does not name take any JSON.
impl Tolerant for Value {
    fn decode<'de, D: Deserializer<'de>>(deserializer: D, _: Cx) -> Result<Got<Self>, D::Error> {
        Value::deserialize(deserializer).map(Got::Fit)
    }
}

/// A generated enum: any string (unlisted values are `Other`).
pub(crate) struct Enum<E>(PhantomData<E>);

impl<E: GraphEnum + Tolerant> Shape for Enum<E> {
    type Out = E;
    fn from_str(v: &str) -> Option<E> {
        Some(E::from_wire(v))
    }
    fn from_string(v: String) -> Result<E, String> {
        Ok(E::from_wire_owned(v))
    }
}

/// A generated enum's [`Tolerant::decode`], through `enum_impls!`.
#[doc(hidden)]
pub fn decode_enum<'de, E: GraphEnum + Tolerant, D: Deserializer<'de>>(
    deserializer: D,
    cx: Cx,
) -> Result<Got<E>, D::Error> {
    decode_as::<Enum<E>, D>(deserializer, cx)
}

impl<T: Tolerant> Tolerant for Box<T> {
    const NESTED: bool = T::NESTED;
    fn decode<'de, D: Deserializer<'de>>(deserializer: D, cx: Cx) -> Result<Got<Self>, D::Error> {
        T::decode(deserializer, cx).map(|got| got.map(Box::new))
    }
}

// ---- lists and maps ---------------------------------------------------------

/// A `list<T>`: each element decodes on its own, coercions reported under
/// its index. One element that is kept raw makes the whole list raw (a
/// `Vec<T>` cannot hold it): the elements decoded so far are encoded back
/// (coerced ones as received) and the rest is read as JSON.
struct List<T>(PhantomData<T>);

impl<T: Tolerant> Tolerant for Vec<T> {
    const NESTED: bool = true;
    fn decode<'de, D: Deserializer<'de>>(deserializer: D, cx: Cx) -> Result<Got<Self>, D::Error> {
        decode_as::<List<T>, D>(deserializer, cx)
    }
}

impl<T: Tolerant> Shape for List<T> {
    type Out = Vec<T>;

    fn from_seq<'de, A: SeqAccess<'de>>(mut seq: A, cx: Cx) -> Result<Got<Vec<T>>, A::Error> {
        let Type::List(item) = cx.ty else {
            return settle(cx, Value::deserialize(SeqAccessDeserializer::new(seq))?);
        };
        let item = cx.with(*item);
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        let mut originals = Vec::new();
        loop {
            let mark = if T::NESTED { sink::mark() } else { None };
            let Some(got) = seq.next_element_seed(Seed::<T>(item, PhantomData))? else {
                return Ok(Got::Fit(items));
            };
            let index = items.len();
            let mark = match got {
                Got::Fit(value) => {
                    items.push(value);
                    mark
                }
                Got::Coerced(value, original) => {
                    let mark = mark.or_else(sink::mark);
                    sink::coerced(item.ty, &original);
                    originals.push((index, *original));
                    items.push(value);
                    mark
                }
                Got::Raw(raw) => {
                    sink::within_since(mark, || format!("[{index}]"));
                    let mut all = encode_back(items, originals)?;
                    all.push(*raw);
                    while let Some(rest) = seq.next_element::<Value>()? {
                        all.push(rest);
                    }
                    return Ok(Got::Raw(Box::new(Value::Array(all))));
                }
            };
            sink::within_since(mark, || format!("[{index}]"));
        }
    }
}

/// Elements decoded so far as JSON again: coerced ones as they were received.
fn encode_back<T: Serialize, E: de::Error>(
    items: Vec<T>,
    originals: Vec<(usize, Value)>,
) -> Result<Vec<Value>, E> {
    let mut originals = originals.into_iter().peekable();
    items
        .into_iter()
        .enumerate()
        .map(
            |(index, item)| match originals.next_if(|(at, _)| *at == index) {
                Some((_, original)) => Ok(original),
                None => serde_json::to_value(item).map_err(E::custom),
            },
        )
        .collect()
}

/// A map key type: a string, or what a string key spells (an integer, a
/// datetime, an enum value), checked with `validate`'s key rule first.
/// For generated code (`__private::Key`, through `enum_impls!`).
#[doc(hidden)]
pub trait Key: Ord + Clone + Serialize + Sized {
    /// The key a string spells, once the rule says it is one.
    fn parse_key(key: &str) -> Option<Self>;

    /// The same from an owned string, which it may keep.
    fn parse_key_owned(key: String) -> Result<Self, String> {
        Self::parse_key(&key).ok_or(key)
    }
}

impl Key for String {
    fn parse_key(key: &str) -> Option<Self> {
        Some(key.to_owned())
    }
    fn parse_key_owned(key: String) -> Result<Self, String> {
        Ok(key)
    }
}

macro_rules! parsed_keys {
    ($($ty:ty),*) => {
        $(
            impl Key for $ty {
                fn parse_key(key: &str) -> Option<Self> {
                    key.parse().ok()
                }
            }
        )*
    };
}

parsed_keys!(bool, i32, u32, i64, u64);

impl Key for DateTime {
    fn parse_key(key: &str) -> Option<Self> {
        DateTime::parse(key).ok()
    }
}

/// A key as read: the key, if it is one, and its spelling when that is
/// needed (it is not one, or its type spells one value several ways).
struct ReadKey<K> {
    key: Option<K>,
    spelling: Option<String>,
}

struct KeyOf<K>(Type, PhantomData<K>);

impl<'de, K: Key> DeserializeSeed<'de> for KeyOf<K> {
    type Value = ReadKey<K>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<ReadKey<K>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<K: Key> Visitor<'_> for KeyOf<K> {
    type Value = ReadKey<K>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<ReadKey<K>, E> {
        let key = key_fits(self.0, v).then(|| K::parse_key(v)).flatten();
        let spelling = (key.is_none() || key_has_spellings(self.0)).then(|| v.to_owned());
        Ok(ReadKey { key, spelling })
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<ReadKey<K>, E> {
        if !key_fits(self.0, &v) || key_has_spellings(self.0) {
            return self.visit_str(&v);
        }
        Ok(match K::parse_key_owned(v) {
            Ok(key) => ReadKey {
                key: Some(key),
                spelling: None,
            },
            Err(v) => ReadKey {
                key: None,
                spelling: Some(v),
            },
        })
    }
}

/// A key written the way serde_json writes a map key.
fn key_string<K: Serialize, E: de::Error>(key: &K) -> Result<String, E> {
    match serde_json::to_value(key).map_err(E::custom)? {
        Value::String(s) => Ok(s),
        other => Ok(other.to_string()),
    }
}

/// A `map<K, T>`: like a list, each value on its own, under its key. A key
/// that is not one of `K`, one value spelled twice (`…07Z`, `…07+0000`) or
/// a value kept raw makes the whole map raw.
struct MapOf<K, T>(PhantomData<(K, T)>);

impl<K: Key, T: Tolerant> Tolerant for BTreeMap<K, T> {
    const NESTED: bool = true;
    fn decode<'de, D: Deserializer<'de>>(deserializer: D, cx: Cx) -> Result<Got<Self>, D::Error> {
        decode_as::<MapOf<K, T>, D>(deserializer, cx)
    }
}

/// What a map decoded so far holds, to encode back when it turns raw.
struct MapSoFar<K, T> {
    entries: BTreeMap<K, T>,
    originals: BTreeMap<K, Value>,
    spellings: BTreeMap<K, String>,
}

impl<K: Key, T: Tolerant> MapSoFar<K, T> {
    fn encode_back<E: de::Error>(mut self) -> Result<Map<String, Value>, E> {
        let mut raw = Map::new();
        for (key, value) in self.entries {
            let spelling = match self.spellings.remove(&key) {
                Some(spelling) => spelling,
                None => key_string(&key)?,
            };
            let value = match self.originals.remove(&key) {
                Some(original) => original,
                None => serde_json::to_value(value).map_err(E::custom)?,
            };
            raw.insert(spelling, value);
        }
        Ok(raw)
    }
}

impl<K: Key, T: Tolerant> Shape for MapOf<K, T> {
    type Out = BTreeMap<K, T>;

    fn from_map<'de, A: MapAccess<'de>>(
        mut map: A,
        cx: Cx,
    ) -> Result<Got<BTreeMap<K, T>>, A::Error> {
        let Type::Map(key_ty, item) = cx.ty else {
            return settle(cx, Value::deserialize(MapAccessDeserializer::new(map))?);
        };
        let item = cx.with(*item);
        let mut so_far = MapSoFar {
            entries: BTreeMap::new(),
            originals: BTreeMap::new(),
            spellings: BTreeMap::new(),
        };
        while let Some(ReadKey { key, spelling }) =
            map.next_key_seed(KeyOf::<K>(*key_ty, PhantomData))?
        {
            let key = match key {
                Some(key) if !(spelling.is_some() && so_far.entries.contains_key(&key)) => key,
                // Not a key of `K`, or a value spelled twice: both keep
                // their spelling.
                _ => {
                    let value = map.next_value::<Value>()?;
                    let spelling = spelling.unwrap_or_default();
                    return raw_map(so_far, spelling, value, map);
                }
            };
            let mark = if T::NESTED { sink::mark() } else { None };
            let (value, mark) = match map.next_value_seed(Seed::<T>(item, PhantomData))? {
                Got::Fit(value) => (value, mark),
                Got::Coerced(value, original) => {
                    let mark = mark.or_else(sink::mark);
                    sink::coerced(item.ty, &original);
                    so_far.originals.insert(key.clone(), *original);
                    (value, mark)
                }
                Got::Raw(raw) => {
                    let spelling = match spelling {
                        Some(spelling) => spelling,
                        None => key_string(&key)?,
                    };
                    sink::within_since(mark, || key_step(&spelling));
                    return raw_map(so_far, spelling, *raw, map);
                }
            };
            sink::within_since(mark, || {
                key_step(&spelling.clone().unwrap_or_else(|| {
                    key_string::<K, serde_json::Error>(&key).unwrap_or_default()
                }))
            });
            if let Some(spelling) = spelling {
                so_far.spellings.insert(key.clone(), spelling);
            }
            so_far.entries.insert(key, value);
        }
        Ok(Got::Fit(so_far.entries))
    }
}

/// A map turned raw at `spelling`: what was decoded, encoded back, this
/// entry, and the rest as JSON (the caller reports the raw map, keeping
/// the warnings its entries raised).
fn raw_map<'de, K: Key, T: Tolerant, A: MapAccess<'de>>(
    so_far: MapSoFar<K, T>,
    spelling: String,
    value: Value,
    mut map: A,
) -> Result<Got<BTreeMap<K, T>>, A::Error> {
    let mut raw = so_far.encode_back()?;
    raw.insert(spelling, value);
    while let Some((key, value)) = map.next_entry::<String, Value>()? {
        raw.insert(key, value);
    }
    Ok(Got::Raw(Box::new(Value::Object(raw))))
}
