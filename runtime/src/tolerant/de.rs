//! The serde side: a model's own `Deserialize` (a map visitor that feeds
//! the derived impl only what fits) and its `Serialize` (the derived impl
//! plus `extra`).

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{BorrowedStrDeserializer, MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Number, Value};

use super::rule::{Class, classify};
use super::{Action, Model, sink};
use crate::schema::{FieldSchema, NodeSchema, Type};
use crate::validate::path::key_step;

/// A model's `Deserialize`: from a JSON object, never failing on what is
/// inside it (see the [module docs](super)). For generated code, through
/// `model_serde!`.
pub fn deserialize_model<'de, T: Model, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(ModelVisitor(PhantomData))
}

/// A model's `Serialize`: the derived fields, then each `extra` entry whose
/// key no typed field wrote. For generated code, through `model_serde!`.
pub fn serialize_model<T: Model, S: Serializer>(
    model: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    if model.extra().is_empty() {
        return model.derived_serialize(serializer);
    }
    struct Derived<'a, T>(&'a T);
    impl<T: Model> Serialize for Derived<'_, T> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            self.0.derived_serialize(serializer)
        }
    }
    let mut value = serde_json::to_value(Derived(model)).map_err(serde::ser::Error::custom)?;
    if let Value::Object(fields) = &mut value {
        for (key, raw) in model.extra() {
            fields.entry(key.as_str()).or_insert_with(|| raw.clone());
        }
    }
    value.serialize(serializer)
}

struct ModelVisitor<T>(PhantomData<T>);

impl<'de, T: Model> Visitor<'de> for ModelVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a JSON object (a {})", T::SCHEMA.name)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        let mut extra = Map::new();
        let fields = FieldMap {
            map,
            schema: T::SCHEMA,
            extra: &mut extra,
            pending: None,
        };
        let mut model = T::derived_deserialize(MapAccessDeserializer::new(fields))?;
        *model.extra_mut() = extra;
        Ok(model)
    }
}

/// The object's entries as the derived impl sees them: keys of the schema
/// only, each value checked against its field's type on the way.
struct FieldMap<'a, A> {
    map: A,
    schema: &'static NodeSchema,
    extra: &'a mut Map<String, Value>,
    pending: Option<&'static FieldSchema>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for FieldMap<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        loop {
            match self.map.next_key_seed(KeySeed(self.schema))? {
                None => return Ok(None),
                Some(Key::Known(field)) => {
                    self.pending = Some(field);
                    return seed
                        .deserialize(BorrowedStrDeserializer::new(field.name))
                        .map(Some);
                }
                Some(Key::Unknown(name)) => {
                    let value: Value = self.map.next_value()?;
                    self.extra.insert(name, value);
                }
            }
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        let field = self
            .pending
            .take()
            .ok_or_else(|| de::Error::custom("a value was asked for before its key"))?;
        next_field_seed(&mut self.map, field, self.extra, seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// The value of `field` from `map`, for an `Option` `seed`: `None`, with
/// the value in `extra`, when it does not fit; its warnings under its name.
fn next_field_seed<'de, A: MapAccess<'de>, V: DeserializeSeed<'de>>(
    map: &mut A,
    field: &'static FieldSchema,
    extra: &mut Map<String, Value>,
    seed: V,
) -> Result<V::Value, A::Error> {
    let mark = sink::mark();
    let mut raw = None;
    let value = map.next_value_seed(FieldSeed {
        seed,
        ty: field.ty,
        raw: &mut raw,
    })?;
    sink::within_since(mark, || key_step(field.name));
    if let Some(raw) = raw {
        extra.insert(field.name.to_owned(), raw);
    }
    Ok(value)
}

/// [`next_field_seed`] into an `Option<T>`, for the runtime's own envelopes.
pub(crate) fn next_field<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    field: &'static FieldSchema,
    extra: &mut Map<String, Value>,
) -> Result<Option<T>, A::Error> {
    next_field_seed(map, field, extra, PhantomData::<Option<T>>)
}

enum Key {
    Known(&'static FieldSchema),
    Unknown(String),
}

/// Reads a key and looks it up, allocating only for a key the schema lacks.
struct KeySeed(&'static NodeSchema);

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Key, E> {
        Ok(self
            .0
            .field(name)
            .map_or_else(|| Key::Unknown(name.to_owned()), Key::Known))
    }

    fn visit_string<E: de::Error>(self, name: String) -> Result<Key, E> {
        Ok(self.0.field(&name).map_or(Key::Unknown(name), Key::Known))
    }
}

/// The value of a known field, for the derived impl's seed.
struct FieldSeed<'a, S> {
    seed: S,
    ty: Type,
    raw: &'a mut Option<Value>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for FieldSeed<'_, S> {
    type Value = S::Value;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.seed.deserialize(FieldDeserializer {
            de: deserializer,
            ty: self.ty,
            raw: self.raw,
        })
    }
}

/// Every model field is an `Option`: its `deserialize_option` is where a
/// value that does not fit becomes `None` (and `raw`). Anything else is
/// passed through as it is.
struct FieldDeserializer<'a, D> {
    de: D,
    ty: Type,
    raw: &'a mut Option<Value>,
}

/// The `Deserializer` methods a wrapper passes on to `self.$inner` as they
/// are: every one but `deserialize_option`, `deserialize_seq` and
/// `deserialize_map`, which each wrapper writes itself.
macro_rules! pass_on {
    ($inner:ident, $error:ty) => {
        pass_on!(@plain $inner, $error:
            deserialize_any, deserialize_bool, deserialize_i8, deserialize_i16,
            deserialize_i32, deserialize_i64, deserialize_u8, deserialize_u16,
            deserialize_u32, deserialize_u64, deserialize_f32, deserialize_f64,
            deserialize_char, deserialize_str, deserialize_string, deserialize_bytes,
            deserialize_byte_buf, deserialize_unit, deserialize_identifier,
            deserialize_ignored_any);

        fn deserialize_unit_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            visitor: V,
        ) -> Result<V::Value, $error> {
            self.$inner.deserialize_unit_struct(name, visitor)
        }

        fn deserialize_newtype_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            visitor: V,
        ) -> Result<V::Value, $error> {
            self.$inner.deserialize_newtype_struct(name, visitor)
        }

        fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, $error> {
            self.$inner.deserialize_tuple(len, visitor)
        }

        fn deserialize_tuple_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            len: usize,
            visitor: V,
        ) -> Result<V::Value, $error> {
            self.$inner.deserialize_tuple_struct(name, len, visitor)
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            fields: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, $error> {
            self.$inner.deserialize_struct(name, fields, visitor)
        }

        fn deserialize_enum<V: Visitor<'de>>(
            self,
            name: &'static str,
            variants: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, $error> {
            self.$inner.deserialize_enum(name, variants, visitor)
        }
    };
    (@plain $inner:ident, $error:ty: $($method:ident),*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, $error> {
                self.$inner.$method(visitor)
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for FieldDeserializer<'_, D> {
    type Error = D::Error;

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.de.deserialize_any(OptionVisitor {
            visitor,
            ty: self.ty,
            raw: self.raw,
        })
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.de.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.de.deserialize_map(visitor)
    }

    pass_on!(de, D::Error);

    fn is_human_readable(&self) -> bool {
        self.de.is_human_readable()
    }
}

/// Sees the JSON value of a field whatever its type and answers the
/// field's `Option` visitor: `Some` with the value (as it is, or coerced),
/// or `None` with the value kept raw.
struct OptionVisitor<'a, V> {
    visitor: V,
    ty: Type,
    raw: &'a mut Option<Value>,
}

impl<'de, V: Visitor<'de>> OptionVisitor<'_, V> {
    /// Whether every string fits the type (so it can be handed on without
    /// being looked at): `string`, an enum (unlisted values are `Other`).
    /// The field's Rust type then reads a string (`String`, a generated
    /// enum), as `deserialize_str`/`deserialize_string` do.
    fn takes_any_string(&self) -> bool {
        matches!(self.ty, Type::String | Type::Enum(_))
    }

    fn value<E: de::Error>(self, value: Value) -> Result<V::Value, E> {
        let present = match classify(self.ty, &value) {
            Class::Fit => value,
            Class::Coerce(coerced) => {
                sink::report(self.ty, &value, Action::Coerced);
                coerced
            }
            Class::Raw => {
                sink::report(self.ty, &value, Action::KeptRaw);
                *self.raw = Some(value);
                return self.visitor.visit_none();
            }
        };
        self.visitor
            .visit_some(Presented {
                value: present,
                ty: self.ty,
            })
            .map_err(E::custom)
    }
}

impl<'de, V: Visitor<'de>> Visitor<'de> for OptionVisitor<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<V::Value, E> {
        self.value(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<V::Value, E> {
        self.value(Value::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<V::Value, E> {
        self.value(Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<V::Value, E> {
        self.value(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        if self.takes_any_string() {
            return self.visitor.visit_some(de::value::StrDeserializer::new(v));
        }
        self.value(Value::String(v.to_owned()))
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
        if self.takes_any_string() {
            return self.visitor.visit_some(BorrowedStrDeserializer::new(v));
        }
        self.value(Value::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<V::Value, E> {
        if self.takes_any_string() {
            return self
                .visitor
                .visit_some(de::value::StringDeserializer::new(v));
        }
        self.value(Value::String(v))
    }

    /// `null` is absent, and kept so that encoding writes it back.
    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        *self.raw = Some(Value::Null);
        self.visitor.visit_none()
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.visit_unit()
    }

    fn visit_some<D2: Deserializer<'de>>(self, deserializer: D2) -> Result<V::Value, D2::Error> {
        deserializer.deserialize_any(self)
    }

    /// A node decodes straight from the stream: it is tolerant itself.
    /// Anything else is buffered and checked first.
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        if let Type::Node(_) = self.ty {
            return self.visitor.visit_some(MapAccessDeserializer::new(map));
        }
        let value = Value::deserialize(MapAccessDeserializer::new(map))?;
        self.value(value)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        let value = Value::deserialize(SeqAccessDeserializer::new(seq))?;
        self.value(value)
    }
}

/// A checked value handed to the derived impl. The elements of a list (and
/// the values of a map) that hold nodes get their index (key) in front of
/// the warnings they raise.
struct Presented {
    value: Value,
    ty: Type,
}

impl Presented {
    /// Whether values of `ty` may raise warnings of their own when decoded.
    fn holds_nodes(ty: Type) -> bool {
        match ty {
            Type::Node(_) | Type::Edge(_) => true,
            Type::List(item) => Self::holds_nodes(*item),
            Type::Map(_, item) => Self::holds_nodes(*item),
            _ => false,
        }
    }
}

impl<'de> Deserializer<'de> for Presented {
    type Error = serde_json::Error;

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, serde_json::Error> {
        match (self.ty, self.value) {
            (Type::List(item), Value::Array(items)) if Self::holds_nodes(*item) => visitor
                .visit_seq(Elements {
                    items: items.into_iter().enumerate(),
                    ty: *item,
                }),
            (_, value) => value.deserialize_seq(visitor),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, serde_json::Error> {
        match (self.ty, self.value) {
            (Type::Map(_, item), Value::Object(entries)) if Self::holds_nodes(*item) => visitor
                .visit_map(Entries {
                    entries: entries.into_iter(),
                    pending: None,
                    ty: *item,
                }),
            (_, value) => value.deserialize_map(visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, serde_json::Error> {
        self.value.deserialize_option(visitor)
    }

    pass_on!(value, serde_json::Error);
}

/// The elements of a list of nodes, each under its index.
struct Elements {
    items: std::iter::Enumerate<std::vec::IntoIter<Value>>,
    ty: Type,
}

impl<'de> SeqAccess<'de> for Elements {
    type Error = serde_json::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, serde_json::Error> {
        let Some((index, value)) = self.items.next() else {
            return Ok(None);
        };
        let mark = sink::mark();
        let element = seed.deserialize(Presented { value, ty: self.ty })?;
        sink::within_since(mark, || format!("[{index}]"));
        Ok(Some(element))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// The entries of a map of nodes, each under its key.
struct Entries {
    entries: serde_json::map::IntoIter,
    pending: Option<(String, Value)>,
    ty: Type,
}

impl<'de> MapAccess<'de> for Entries {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, serde_json::Error> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        let decoded = seed.deserialize(MapKey(&key))?;
        self.pending = Some((key, value));
        Ok(Some(decoded))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, serde_json::Error> {
        let (key, value) = self
            .pending
            .take()
            .ok_or_else(|| de::Error::custom("a value was asked for before its key"))?;
        let mark = sink::mark();
        let decoded = seed.deserialize(Presented { value, ty: self.ty })?;
        sink::within_since(mark, || key_step(&key));
        Ok(decoded)
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

/// A map key, read the way serde_json reads one: a string, or the number
/// or bool written in it (the key was checked against its type already).
struct MapKey<'a>(&'a str);

macro_rules! parsed_key {
    ($($method:ident => $visit:ident: $ty:ty),* $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, serde_json::Error> {
                match self.0.parse::<$ty>() {
                    Ok(value) => visitor.$visit(value),
                    Err(_) => Err(de::Error::invalid_value(de::Unexpected::Str(self.0), &visitor)),
                }
            }
        )*
    };
}

impl<'de> Deserializer<'de> for MapKey<'_> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, serde_json::Error> {
        visitor.visit_str(self.0)
    }

    parsed_key!(
        deserialize_bool => visit_bool: bool,
        deserialize_i8 => visit_i8: i8,
        deserialize_i16 => visit_i16: i16,
        deserialize_i32 => visit_i32: i32,
        deserialize_i64 => visit_i64: i64,
        deserialize_u8 => visit_u8: u8,
        deserialize_u16 => visit_u16: u16,
        deserialize_u32 => visit_u32: u32,
        deserialize_u64 => visit_u64: u64,
        deserialize_f32 => visit_f32: f32,
        deserialize_f64 => visit_f64: f64,
    );

    fn deserialize_option<V: Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, serde_json::Error> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, serde_json::Error> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        i128 u128 char str string bytes byte_buf unit unit_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}
