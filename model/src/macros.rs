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

/// `Serialize`, `Deserialize`, `Debug` and tolerant decoding for a generated model
/// (see [`tolerant`](crate::tolerant)), from its table of fields: for each
/// field, its position in the schema (sorted by wire name), its wire name
/// and its Rust name, in the order `Serialize` writes them. Every field is
/// an `Option`, and the model has a field `extra` (a `serde_json::Map`) for
/// what the spec did not foresee.
///
/// ```text
/// model_serde!(VoipInfo; 0 "has_mobile_app" => has_mobile_app; 1 "is_callable" => is_callable;);
/// ```
///
/// Decoding is one `match` on the key and one on the position, each arm
/// the field's own decoder: what serde's derive does, without its code.
/// Encoding writes the fields that are set, then `extra`.
#[doc(hidden)]
#[macro_export]
macro_rules! model_serde {
    ($name:ident; $($index:literal $wire:literal => $field:ident;)*) => {
        $crate::model_serde!($name, <$name as $crate::Node>::schema(); $($index $wire => $field;)*);
    };
    ($name:ident, $schema:expr; $($index:literal $wire:literal => $field:ident;)*) => {
        #[allow(deprecated)]
        impl $crate::__private::Model for $name {
            #[inline]
            fn schema() -> &'static $crate::schema::NodeSchema {
                $schema
            }
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
            fn serialize_fields<M: $crate::serde::ser::SerializeMap>(
                &self,
                map: &mut M,
            ) -> ::core::result::Result<(), M::Error> {
                $(if let ::core::option::Option::Some(value) = &self.$field {
                    $crate::serde::ser::SerializeMap::serialize_entry(map, $wire, value)?;
                })*
                ::core::result::Result::Ok(())
            }
            fn is_set(&self, index: usize) -> bool {
                match index {
                    $($index => self.$field.is_some(),)*
                    _ => false,
                }
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

        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                $crate::__private::debug_model(self, f)
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

/// A generated node's schema (a [`NodeSchema`](crate::schema::NodeSchema)
/// expression) from its name and, sorted by wire name, each field's wire
/// name and [`Type`](crate::schema::Type), whose variants are in scope:
///
/// ```text
/// pub static SCHEMA: NodeSchema = node_schema!("VoipInfo"; "is_callable": Bool, "tags": List(&String));
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! node_schema {
    ($name:literal; $($wire:literal: $ty:expr),* $(,)?) => {{
        #[allow(unused_imports)]
        use $crate::schema::Type::*;
        $crate::schema::NodeSchema {
            name: $name,
            fields: &[$($crate::schema::FieldSchema { name: $wire, ty: $ty }),*],
        }
    }};
}

/// A generated node's field enum: the enum (one variant per field, in spec
/// order), `ALL`, `as_str`, its [`Field`](crate::Field) impl, `FromStr` and
/// `Display`, from the enum's name, the model's, the node's Graph name, the
/// number of fields and each field's variant and wire name:
///
/// ```text
/// field_enum!(VoipInfoField for VoipInfo "VoipInfo" 2; IsCallable "is_callable", ReasonCode "reason_code");
/// ```
///
/// Attributes before a variant (codegen's `#[deprecated(…)]` for a field
/// the next API version removes) are put on it; the impls allow using it.
///
/// A variant's doc is its wire name as inline code; codegen gives the doc
/// after `=` instead for a wire name that would not be inert there (one
/// with a backtick): `Tick "a`b" = "`a'b`"`. Spec text never reaches a doc
/// comment uncleaned.
#[doc(hidden)]
#[macro_export]
macro_rules! field_enum {
    ($name:ident for $model:ident $node:literal $count:literal; $($(#[$attr:meta])* $variant:ident $wire:literal $(= $doc:literal)?),* $(,)?) => {
        #[doc = concat!(
            "A field of [`", stringify!($model), "`], to choose what a read returns. ",
            "`as_str` gives the wire name; parsing checks a name."
        )]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $(#[doc = $crate::field_doc!($wire $($doc)?)] $(#[$attr])* $variant,)*
        }

        #[allow(deprecated)]
        impl $name {
            #[doc = concat!("Every field of `", $node, "`, in spec order.")]
            pub const ALL: [Self; $count] = [$(Self::$variant),*];

            /// The wire name, exactly as the Graph API spells it.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $wire,)*
                }
            }
        }

        impl $crate::Field for $name {
            const NODE: &'static str = $node;
            const ALL: &'static [Self] = &Self::ALL;
            fn as_str(self) -> &'static str {
                Self::as_str(self)
            }
        }

        $crate::field_impls!($name);
    };
}

/// The doc of a [`field_enum!`] variant: the wire name as inline code, or
/// the doc codegen gave for it.
#[doc(hidden)]
#[macro_export]
macro_rules! field_doc {
    ($wire:literal) => {
        concat!("`", $wire, "`")
    };
    ($wire:literal $doc:literal) => {
        $doc
    };
}

/// A generated parameters struct's `Serialize` (each optional parameter
/// only when set), its `Debug` and its [`Params`](crate::Params) impl, from each
/// parameter, sorted by wire name: `req` or `opt`, its wire name, its Rust
/// name and its [`Type`](crate::schema::Type), whose variants are in scope:
///
/// ```text
/// params!(CreateParams; req "name" name: String, opt "tags" tags: List(&String));
/// ```
///
/// An operation that uploads names its `file` parameters again after
/// `files`, and the field of attached files (sent under their own file
/// names) after `attached`; its `Params::files` collects them:
///
/// ```text
/// params!(UploadParams; opt "source" source: File, opt "title" title: String;
///     files opt "source" source; attached files);
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! params {
    (@files ;) => {};
    (@files $($kind:ident $wire:literal $field:ident),* ; $($attached:ident)?) => {
        fn files(&self) -> ::std::vec::Vec<(::std::string::String, $crate::Upload)> {
            #[allow(unused_mut)]
            let mut files = ::std::vec::Vec::new();
            $($crate::__private::param::$kind::file(&mut files, $wire, &self.$field);)*
            $(files.extend(
                self.$attached
                    .iter()
                    .map(|upload| (upload.file_name().to_owned(), upload.clone())),
            );)?
            files
        }
    };
    ($name:ident; $($kind:ident $wire:literal $field:ident: $ty:expr),* $(,)?
        $(; files $($fkind:ident $fwire:literal $ffield:ident),*)?
        $(; attached $attached:ident)?) => {
        #[allow(deprecated)]
        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                #[allow(unused_mut)]
                let mut map =
                    $crate::serde::Serializer::serialize_map(serializer, ::core::option::Option::None)?;
                $($crate::__private::param::$kind::put(&mut map, $wire, &self.$field)?;)*
                $crate::serde::ser::SerializeMap::end(map)
            }
        }

        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                $crate::__private::debug_params(self, f)
            }
        }

        #[allow(deprecated)]
        impl $crate::Params for $name {
            const SCHEMA: &'static [$crate::schema::ParamSchema] = {
                #[allow(unused_imports)]
                use $crate::schema::Type::*;
                &[$($crate::schema::ParamSchema {
                    name: $wire,
                    ty: $ty,
                    required: $crate::__private::param::$kind::REQUIRED,
                }),*]
            };

            $crate::params!(@files $($($fkind $fwire $ffield),*)? ; $($attached)?);
        }
    };
}

/// What a generated enum shares with every other, from its name, its spec
/// name and each value's variant and wire value, in spec order: `VALUES`,
/// `SCHEMA`, `as_str`, `is_known`, its [`GraphEnum`](crate::GraphEnum) impl
/// (a value's variant by a `match`), and [`enum_impls!`](crate::enum_impls).
/// The enum itself, with a variant per value and `Other`, is written out.
///
/// ```text
/// enum_table!(CallStatus "call_status"; Ringing "RINGING", Ended "ENDED");
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! enum_table {
    ($name:ident $spec:literal; $($variant:ident $wire:literal),* $(,)?) => {
        #[allow(deprecated)]
        impl $name {
            /// The values the spec lists, in spec order.
            pub const VALUES: &'static [&'static str] = &[$($wire),*];

            /// The enum's schema, for validation.
            pub const SCHEMA: $crate::schema::EnumSchema = $crate::schema::EnumSchema {
                name: $spec,
                values: Self::VALUES,
            };

            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Other(value) => value.as_str(),
                }
            }

            /// Whether this is a value the spec lists.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Other(_))
            }
        }

        #[allow(deprecated)]
        impl $crate::GraphEnum for $name {
            const NAME: &'static str = $spec;
            const VALUES: &'static [&'static str] = Self::VALUES;

            fn from_known(value: &str) -> ::core::option::Option<Self> {
                ::core::option::Option::Some(match value {
                    $($wire => Self::$variant,)*
                    _ => return ::core::option::Option::None,
                })
            }

            fn from_other(value: $crate::enums::UnknownValue) -> Self {
                Self::Other(value)
            }

            fn as_str(&self) -> &str {
                Self::as_str(self)
            }
        }

        $crate::enum_impls!($name);
    };
}
