//! The trait impls every generated enum, field enum and model share,
//! written once here. Generated code invokes them in one line each, so a
//! thousand-node crate carries the logic once, not a thousand times.
//!
//! For generated code only: `::graph_runtime::__private::model_serde!(…)`
//! and so on. `#[macro_export]` also puts them at the crate root, where they
//! are hidden from the docs. They reach the runtime through `$crate::__private`.

/// `FromStr` (never fails: unlisted values become `Other`), `Display`,
/// `Serialize` and `Deserialize` for a generated enum, through its
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

/// `Serialize` and `Deserialize` for a generated model, tolerant and
/// lossless (see [`tolerant`](crate::tolerant)): the model derives both with
/// `#[serde(remote = "Self")]` and has a field `extra` (a
/// `serde_json::Map`, `#[serde(skip)]`) for what the spec did not foresee.
#[doc(hidden)]
#[macro_export]
macro_rules! model_serde {
    ($name:ident) => {
        $crate::model_serde!($name, <$name as $crate::Node>::SCHEMA);
    };
    ($name:ident, $schema:expr) => {
        impl $crate::__private::Model for $name {
            const SCHEMA: &'static $crate::schema::NodeSchema = $schema;
            fn derived_deserialize<'de, D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                Self::deserialize(deserializer)
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
    };
}
