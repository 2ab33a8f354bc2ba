//! The trait impls every generated enum, field enum and model share,
//! written once here. Generated code invokes them in one line each, so a
//! thousand-node crate carries the logic once, not a thousand times.
//!
//! For generated code only: `::graph_runtime::__private::model_serde!(…)`
//! and so on. `#[macro_export]` also puts them at the crate root, where they
//! are hidden from the docs. They reach the runtime through `$crate::__private`.

/// `FromStr` (never fails: unlisted values become `Other`), `Display`,
/// `Serialize`, `Deserialize` and tolerant decoding (also as a map key,
/// so the enum must be `Ord`) for a generated enum, through its
/// [`GraphEnum`](crate::GraphEnum) impl.
#[doc(hidden)]
#[macro_export]
macro_rules! enum_impls {
    ($name:ident) => {
        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;
            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                ::core::result::Result::Ok(<Self as $crate::GraphEnum>::from_wire(s))
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str($crate::GraphEnum::as_str(self))
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::__private::serialize_enum(self, serializer)
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::__private::deserialize_enum(deserializer)
            }
        }

        impl $crate::__private::Tolerant for $name {
            fn decode<'de, D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
                cx: $crate::__private::Cx,
            ) -> ::core::result::Result<$crate::__private::Got<Self>, D::Error> {
                $crate::__private::decode_enum(deserializer, cx)
            }
        }

        impl $crate::__private::Key for $name {
            fn parse_key(key: &str) -> ::core::option::Option<Self> {
                ::core::option::Option::Some(<Self as $crate::GraphEnum>::from_wire(key))
            }
        }
    };
}

/// `FromStr` (checks the name, with a "did you mean") and `Display` (the
/// wire name) for a generated field enum, through its [`Field`](crate::Field) impl.
#[doc(hidden)]
#[macro_export]
macro_rules! field_impls {
    ($name:ident) => {
        impl ::core::str::FromStr for $name {
            type Err = $crate::UnknownField;
            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                <Self as $crate::Field>::parse_wire(s)
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str($crate::Field::as_str(*self))
            }
        }
    };
}

/// `Serialize`, `Deserialize` and tolerant decoding for a generated model
/// (see [`tolerant`](crate::tolerant)), from its table of fields: for each
/// field, its position in the schema (sorted by wire name), its wire name
/// and its Rust name. The model derives `Serialize` with
/// `#[serde(remote = "Self")]` and has a field `extra` (a
/// `serde_json::Map`, `#[serde(skip)]`) for what the spec did not foresee.
///
/// ```text
/// model_serde!(VoipInfo; 0 "has_mobile_app" => has_mobile_app; 1 "is_callable" => is_callable;);
/// ```
///
/// Decoding is one `match` on the key and one on the position, each arm
/// the field's own decoder: what serde's derive does, without its code.
#[doc(hidden)]
#[macro_export]
macro_rules! model_serde {
    ($name:ident; $($index:literal $wire:literal => $field:ident;)*) => {
        $crate::model_serde!($name, <$name as $crate::Node>::SCHEMA; $($index $wire => $field;)*);
    };
    ($name:ident, $schema:expr; $($index:literal $wire:literal => $field:ident;)*) => {
        impl $crate::__private::Model for $name {
            const SCHEMA: &'static $crate::schema::NodeSchema = $schema;
            #[inline]
            fn index(key: &str) -> ::core::option::Option<usize> {
                match key {
                    $($wire => ::core::option::Option::Some($index),)*
                    _ => ::core::option::Option::None,
                }
            }
            #[inline]
            fn put<'de, A: $crate::serde::de::MapAccess<'de>>(
                &mut self,
                index: usize,
                slot: $crate::__private::Slot<'_, A>,
            ) -> ::core::result::Result<(), A::Error> {
                match index {
                    $($index => slot.put(&mut self.$field, &mut self.extra),)*
                    _ => slot.skip(&mut self.extra),
                }
            }
            fn derived_serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                Self::serialize(self, serializer)
            }
            fn extra(
                &self,
            ) -> &$crate::serde_json::Map<::std::string::String, $crate::serde_json::Value> {
                &self.extra
            }
            fn extra_mut(
                &mut self,
            ) -> &mut $crate::serde_json::Map<::std::string::String, $crate::serde_json::Value>
            {
                &mut self.extra
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::__private::serialize_model(self, serializer)
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::__private::deserialize_model(deserializer)
            }
        }

        impl $crate::__private::Tolerant for $name {
            const NESTED: bool = true;
            fn decode<'de, D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
                cx: $crate::__private::Cx,
            ) -> ::core::result::Result<$crate::__private::Got<Self>, D::Error> {
                $crate::__private::decode_model(deserializer, cx)
            }
        }
    };
}
