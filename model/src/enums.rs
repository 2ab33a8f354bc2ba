//! Generated enums: known values plus a catch-all for values the spec does not list.
//!
//! The Graph API adds enum values over time. A generated enum has one variant
//! per value the spec lists and an `Other(UnknownValue)` variant, so a new
//! value still decodes (and [`crate::schema::EnumSchema`] lets validation
//! report it as a warning). [`UnknownValue`] can only be made by parsing, so
//! `Other` never holds a value that has a variant of its own.

use std::fmt;

/// Implemented by every generated enum.
pub trait GraphEnum: Sized + Clone + fmt::Debug + 'static {
    /// Spec name of the enum.
    const NAME: &'static str;
    /// Every listed value, in spec order.
    const VALUES: &'static [&'static str];

    /// The variant of a listed value (generated: a `match` on the value).
    fn from_known(value: &str) -> Option<Self>;
    /// Wraps a value that has no variant.
    fn from_other(value: UnknownValue) -> Self;
    /// The wire value.
    fn as_str(&self) -> &str;

    /// The variant for any wire value: a known one, or `Other`.
    fn from_wire(value: &str) -> Self {
        Self::from_known(value).unwrap_or_else(|| Self::from_other(UnknownValue(value.to_owned())))
    }

    /// Like [`GraphEnum::from_wire`], reusing the string's allocation for `Other`.
    fn from_wire_owned(value: String) -> Self {
        Self::from_known(&value).unwrap_or_else(|| Self::from_other(UnknownValue(value)))
    }
}

/// An enum value the spec does not list, as the API sent it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// The value as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Serializes a generated enum as its wire string. For generated code:
/// `__private::serialize_enum`, through [`enum_impls!`](crate::enum_impls).
#[doc(hidden)]
pub fn serialize<E: GraphEnum, S: serde::Serializer>(
    value: &E,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(value.as_str())
}

/// Deserializes a generated enum from a string, known value or not. For
/// generated code: `__private::deserialize_enum`, through [`enum_impls!`](crate::enum_impls).
#[doc(hidden)]
pub fn deserialize<'de, E: GraphEnum, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<E, D::Error> {
    struct Visitor<E>(std::marker::PhantomData<E>);

    impl<E: GraphEnum> serde::de::Visitor<'_> for Visitor<E> {
        type Value = E;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "a {} value (a string)", E::NAME)
        }

        fn visit_str<Err: serde::de::Error>(self, v: &str) -> Result<E, Err> {
            Ok(E::from_wire(v))
        }

        fn visit_string<Err: serde::de::Error>(self, v: String) -> Result<E, Err> {
            Ok(E::from_wire_owned(v))
        }
    }

    deserializer.deserialize_str(Visitor(std::marker::PhantomData))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    enum Status {
        Active,
        Other(UnknownValue),
    }

    impl GraphEnum for Status {
        const NAME: &'static str = "status";
        const VALUES: &'static [&'static str] = &["ACTIVE"];
        fn from_known(value: &str) -> Option<Self> {
            (value == "ACTIVE").then_some(Status::Active)
        }
        fn from_other(value: UnknownValue) -> Self {
            Status::Other(value)
        }
        fn as_str(&self) -> &str {
            match self {
                Status::Active => "ACTIVE",
                Status::Other(v) => v.as_str(),
            }
        }
    }

    #[test]
    fn known_and_unknown_values_round_trip() {
        let json = serde_json::json!("ACTIVE");
        let known: Status = deserialize(json).unwrap();
        assert_eq!(known, Status::Active);
        let new: Status = deserialize(serde_json::json!("PAUSED")).unwrap();
        assert_eq!(new.as_str(), "PAUSED");
        assert!(matches!(new, Status::Other(_)));
        assert_eq!(
            serialize(&new, serde_json::value::Serializer).unwrap(),
            serde_json::json!("PAUSED")
        );
    }

    #[test]
    fn a_known_value_never_lands_in_other() {
        assert_eq!(Status::from_wire_owned("ACTIVE".to_owned()), Status::Active);
    }

    #[test]
    fn non_strings_are_rejected_with_the_enum_name() {
        let err = deserialize::<Status, _>(serde_json::json!(3)).unwrap_err();
        assert!(err.to_string().contains("a status value"), "{err}");
    }
}
