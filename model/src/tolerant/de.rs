//! The serde side: a model's own `Deserialize` (a map visitor that hands
//! each known key's value to its field's [`Tolerant`] decoder and keeps the
//! rest) and its `Serialize` (the set fields, then `extra`).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serializer};
use serde_json::{Map, Value};

use super::shape::{Cx, FieldSeed, Got, Shape, Tolerant, decode_as};
use super::{Model, sink};
use crate::schema::Type;
use crate::validate::path::key_step;

/// A model's `Deserialize`: from a JSON object, never failing on what is
/// inside it (see the [module docs](super)). For generated code, through
/// `model_serde!`.
pub fn deserialize_model<'de, T: Model, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(ModelVisitor(PhantomData))
}

/// A model's [`Tolerant::decode`], for a model inside a model: an object
/// decodes field by field, anything else is [settled](super::rule) (a bare
/// id for a node with an `id`). For generated code, through `model_serde!`.
pub fn decode_model<'de, T: Model + Tolerant, D: Deserializer<'de>>(
    deserializer: D,
    cx: Cx,
) -> Result<Got<T>, D::Error> {
    decode_as::<AsModel<T>, D>(deserializer, cx)
}

struct AsModel<T>(PhantomData<T>);

impl<T: Model + Tolerant> Shape for AsModel<T> {
    type Out = T;
    #[inline]
    fn from_map<'de, A: MapAccess<'de>>(map: A, _: Cx) -> Result<Got<T>, A::Error> {
        model_from_map(map).map(Got::Fit)
    }
}

/// A model's `Serialize`: the fields that are set, then each `extra`
/// entry whose key no set field wrote, streamed (nothing is copied). For
/// generated code, through `model_serde!`.
pub fn serialize_model<T: Model, S: Serializer>(
    model: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = serializer.serialize_map(None)?;
    model.serialize_fields(&mut map)?;
    for (key, raw) in model.extra() {
        if T::index(key).is_some_and(|index| model.is_set(index)) {
            continue;
        }
        map.serialize_entry(key, raw)?;
    }
    map.end()
}

/// A model's `Debug`: its type name, then its value as it encodes (each
/// field that is set and each `extra` entry, by wire name, as JSON):
/// `VoipInfo { is_callable: true, reason_code: 7 }`; `{:#?}` spreads
/// nested values over lines. One function for every model rather than a
/// derived impl per model (which `cargo check` of a large generated crate
/// pays for, and which would print every unset field as `None`). For
/// generated code, through `model_serde!`.
pub fn debug_model<T: Model + serde::Serialize>(
    model: &T,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    debug_encoded(model, f, |_, _| {})
}

/// `Debug` as a struct named after `T` (without its path) whose fields are
/// the entries of `value` as it encodes, as JSON; `more` adds fields after
/// them, knowing the entries. Models' and parameter structs' `Debug`.
pub(crate) fn debug_encoded<T: serde::Serialize>(
    value: &T,
    f: &mut fmt::Formatter<'_>,
    more: impl FnOnce(&Map<String, Value>, &mut fmt::DebugStruct<'_, '_>),
) -> fmt::Result {
    let name = std::any::type_name::<T>();
    let name = name.rsplit("::").next().unwrap_or(name);
    let mut out = f.debug_struct(name);
    let entries = match serde_json::to_value(value) {
        Ok(Value::Object(entries)) => entries,
        _ => Map::new(),
    };
    for (key, value) in &entries {
        out.field(key, &JsonText(value));
    }
    more(&entries, &mut out);
    out.finish()
}

/// A JSON value's text as its `Debug` (pretty with `{:#?}`).
struct JsonText<'a>(&'a Value);

impl fmt::Debug for JsonText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            write!(f, "{:#}", self.0)
        } else {
            write!(f, "{}", self.0)
        }
    }
}

struct ModelVisitor<T>(PhantomData<T>);

impl<'de, T: Model> Visitor<'de> for ModelVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a JSON object (a {})", T::schema().name)
    }

    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        model_from_map(map)
    }
}

/// The fields of a model, from the entries of an object: each known key's
/// value through its field ([`Model::put`]), every other key into `extra`.
/// A key given twice keeps its last value.
#[inline]
fn model_from_map<'de, T: Model, A: MapAccess<'de>>(mut map: A) -> Result<T, A::Error> {
    let mut model = T::default();
    while let Some(key) = map.next_key_seed(KeySeed(T::index))? {
        match key {
            Key::Known(index) => {
                let Some(field) = T::schema().fields.get(index) else {
                    return Err(de::Error::custom(format_args!(
                        "internal error: {} has no field number {index}",
                        T::schema().name
                    )));
                };
                model.put(index, Slot::new(&mut map, field.name, field.ty))?;
            }
            Key::Unknown(name) => {
                let value: Value = map.next_value()?;
                model.extra_mut().insert(name, value);
            }
        }
    }
    Ok(model)
}

/// Takes out of `extra` what an earlier value of the same key left there
/// (a key given twice keeps its last value).
#[inline]
fn forget(extra: &mut Map<String, Value>, name: &str) {
    if !extra.is_empty() {
        extra.remove(name);
    }
}

/// [`Slot::put`] for a value that did not fit as it is (or was `null`),
/// out of line so that the path of a value that fits stays short.
#[cold]
#[inline(never)]
fn off_path<T>(
    ty: Type,
    name: &'static str,
    got: Option<Got<T>>,
    slot: &mut Option<T>,
    extra: &mut Map<String, Value>,
    mark: Option<usize>,
) {
    let mark = match got {
        Some(Got::Fit(value)) => {
            *slot = Some(value);
            forget(extra, name);
            mark
        }
        None => {
            *slot = None;
            extra.insert(name.to_owned(), Value::Null);
            mark
        }
        Some(Got::Coerced(value, original)) => {
            let mark = mark.or_else(sink::mark);
            sink::coerced(ty, &original);
            *slot = Some(value);
            forget(extra, name);
            mark
        }
        Some(Got::Raw(raw)) => {
            let mark = mark.or_else(sink::mark);
            sink::report_raw(ty, &raw, mark);
            *slot = None;
            extra.insert(name.to_owned(), *raw);
            mark
        }
    };
    sink::within_since(mark, || key_step(name));
}

/// The value of one known key, for its field: see [`Slot::put`]. For
/// generated code, through `model_serde!`.
#[doc(hidden)]
pub struct Slot<'a, A> {
    map: &'a mut A,
    name: &'static str,
    ty: Type,
}

impl<'a, A> Slot<'a, A> {
    pub(crate) fn new(map: &'a mut A, name: &'static str, ty: Type) -> Self {
        Slot { map, name, ty }
    }

    /// Decodes the value into `slot`: `Some` when it fits or was coerced,
    /// else `None`, with the value as received put into `extra` (as for
    /// `null`). Warnings go under the key's name.
    #[inline]
    pub fn put<'de, T: Tolerant>(
        self,
        slot: &mut Option<T>,
        extra: &mut Map<String, Value>,
    ) -> Result<(), A::Error>
    where
        A: MapAccess<'de>,
    {
        let mark = if T::NESTED { sink::mark() } else { None };
        let got = self
            .map
            .next_value_seed(FieldSeed::<T>(Cx::new(self.ty), PhantomData))?;
        let name = self.name;
        match got {
            Some(Got::Fit(value)) => {
                *slot = Some(value);
                forget(extra, name);
                sink::within_since(mark, || key_step(name));
            }
            other => off_path(self.ty, name, other, slot, extra, mark),
        }
        Ok(())
    }

    /// Keeps the value as received in `extra`: for a key a model's table
    /// does not hold (which codegen never writes).
    pub fn skip<'de>(self, extra: &mut Map<String, Value>) -> Result<(), A::Error>
    where
        A: MapAccess<'de>,
    {
        let value = self.map.next_value()?;
        extra.insert(self.name.to_owned(), value);
        Ok(())
    }
}

pub(crate) enum Key {
    Known(usize),
    Unknown(String),
}

/// Reads a key and looks it up with `index` (a model's generated `match`),
/// allocating only for a key it does not know.
pub(crate) struct KeySeed<F>(pub(crate) F);

impl<'de, F: Fn(&str) -> Option<usize>> DeserializeSeed<'de> for KeySeed<F> {
    type Value = Key;
    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<F: Fn(&str) -> Option<usize>> Visitor<'_> for KeySeed<F> {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    #[inline]
    fn visit_str<E: de::Error>(self, name: &str) -> Result<Key, E> {
        Ok((self.0)(name).map_or_else(|| Key::Unknown(name.to_owned()), Key::Known))
    }

    #[inline]
    fn visit_string<E: de::Error>(self, name: String) -> Result<Key, E> {
        Ok((self.0)(&name).map_or(Key::Unknown(name), Key::Known))
    }
}

/// Reads a list as `Vec<T>`, each element's warnings under its index and
/// all of them under `key`: the `data` of an edge page.
pub(crate) struct Indexed<T> {
    pub(crate) key: &'static str,
    pub(crate) item: PhantomData<T>,
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Indexed<T> {
    type Value = Vec<T>;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<T>, D::Error> {
        let mark = sink::mark();
        let key = self.key;
        let items = deserializer.deserialize_seq(self)?;
        sink::within_since(mark, || key_step(key));
        Ok(items)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for Indexed<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    #[inline]
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        loop {
            let mark = sink::mark();
            let Some(item) = seq.next_element()? else {
                return Ok(items);
            };
            sink::within_since(mark, || format!("[{}]", items.len()));
            items.push(item);
        }
    }
}

/// Reads an object as a `BTreeMap<String, T>`, each value's warnings under
/// its key: the answer of `GET /?ids=`, keyed by the ids asked for.
pub struct Keyed<T>(pub PhantomData<T>);

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Keyed<T> {
    type Value = std::collections::BTreeMap<String, T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for Keyed<T> {
    type Value = std::collections::BTreeMap<String, T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object keyed by the ids asked for")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = std::collections::BTreeMap::new();
        while let Some(key) = map.next_key::<String>()? {
            let mark = sink::mark();
            let value = map.next_value::<T>()?;
            sink::within_since(mark, || key_step(&key));
            entries.insert(key, value);
        }
        Ok(entries)
    }
}
