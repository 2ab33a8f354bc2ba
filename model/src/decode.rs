//! Decoding JSON into models with errors that name the field path.
//!
//! Serde alone says "invalid value: integer `4294967296`, expected u32";
//! [`from_slice`] and [`from_value`] add where: `voip_info.reason_code`.

use std::fmt;

/// JSON that does not match the model, with the path of the offending value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    path: String,
    message: String,
}

impl DecodeError {
    /// Dotted path of the value that failed (`voip_info.reason_code`,
    /// `data[2].id`); empty for the top level.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What was wrong, as serde reported it.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// An error at `path` (a rendered path, empty for the top level).
    #[doc(hidden)]
    pub fn new(path: &str, message: &str) -> Self {
        DecodeError {
            path: path.to_owned(),
            message: message.to_owned(),
        }
    }

    /// The same error with `scrub` applied to its path and message: serde
    /// quotes the values it rejects, and the client removes its secrets from
    /// them in case a server echoed one back.
    #[doc(hidden)]
    pub fn scrubbed(mut self, scrub: impl Fn(&str) -> String) -> Self {
        self.path = scrub(&self.path);
        self.message = scrub(&self.message);
        self
    }

    /// The same error seen from one level up: `reason_code` inside `voip_info`
    /// becomes `voip_info.reason_code`.
    pub fn within(mut self, parent: &str) -> Self {
        self.path = if self.path.is_empty() {
            parent.to_owned()
        } else if self.path.starts_with('[') {
            format!("{parent}{}", self.path)
        } else {
            format!("{parent}.{}", self.path)
        };
        self
    }

    fn from_path_error(err: serde_path_to_error::Error<serde_json::Error>) -> Self {
        let path = err.path().to_string();
        let inner = err.into_inner();
        // serde_json appends " at line L column C"; the path says where better.
        let mut message = inner.to_string();
        if inner.line() > 0 {
            if let Some(cut) = message.rfind(" at line ") {
                message.truncate(cut);
            }
        }
        DecodeError {
            path: if path == "." { String::new() } else { path },
            message,
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decodes JSON bytes, naming the path of the first value that does not fit.
pub fn from_slice<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, DecodeError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(DecodeError::from_path_error)?;
    de.end().map_err(|e| DecodeError {
        path: String::new(),
        message: e.to_string(),
    })?;
    Ok(value)
}

/// Decodes a JSON value, naming the path of the first value that does not fit.
pub fn from_value<T: serde::de::DeserializeOwned>(
    value: &serde_json::Value,
) -> Result<T, DecodeError> {
    serde_path_to_error::deserialize(value).map_err(DecodeError::from_path_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Voip {
        reason_code: Option<u32>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Page {
        voip_info: Option<Voip>,
        list: Option<Vec<Voip>>,
    }

    #[test]
    fn names_the_nested_field() {
        let err = from_slice::<Page>(br#"{"voip_info": {"reason_code": 4294967296}}"#).unwrap_err();
        assert_eq!(err.path(), "voip_info.reason_code");
        assert!(err.message().contains("expected u32"), "{err}");
        assert!(!err.message().contains("line"), "{err}");
        let err = from_value::<Page>(&serde_json::json!({"list": [{}, {"reason_code": "7"}]}))
            .unwrap_err();
        assert_eq!(
            err.to_string().split(':').next(),
            Some("list[1].reason_code")
        );
    }

    #[test]
    fn within_prefixes_paths() {
        let err = from_slice::<Voip>(br#"{"reason_code": -1}"#).unwrap_err();
        assert_eq!(err.within("voip_info").path(), "voip_info.reason_code");
    }

    #[test]
    fn syntax_errors_are_errors_too() {
        assert!(from_slice::<Voip>(b"{\"reason_code\": 1").is_err());
        assert!(from_slice::<Voip>(b"{} trailing").is_err());
    }
}

/// A deserializer that reads structs only from maps.
///
/// serde's derived `Deserialize` for a struct also accepts a sequence of
/// field values (`[true, 7]`), and serde_json offers it one whenever the
/// JSON is an array — so `{"voip_info": []}` would decode as an empty
/// VoipInfo although no Graph payload looks like that and
/// [`validate`](crate::validate) rejects it. Generated models deserialize
/// through this adapter (see [`object_only`]), so decoding and validation
/// follow the same rule: a node is a JSON object. For generated code
/// (`__private::ObjectOnly`).
#[doc(hidden)]
pub struct ObjectOnly<D>(pub D);

/// Deserializes a generated model (whose derived impl is the inherent
/// `deserialize` made by `#[serde(remote = "Self")]`) from maps only. For
/// generated code: `__private::object_only`, through [`model_serde!`](crate::model_serde).
#[doc(hidden)]
pub fn object_only<'de, D, T>(
    deserializer: D,
    derived: impl FnOnce(ObjectOnly<D>) -> Result<T, D::Error>,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
{
    derived(ObjectOnly(deserializer))
}

macro_rules! forward {
    ($($method:ident),* $(,)?) => {
        $(
            fn $method<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
                self.0.$method(visitor)
            }
        )*
    };
}

impl<'de, D: serde::Deserializer<'de>> serde::Deserializer<'de> for ObjectOnly<D> {
    type Error = D::Error;

    forward!(
        deserialize_any,
        deserialize_bool,
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_i128,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_u128,
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_str,
        deserialize_string,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_option,
        deserialize_unit,
        deserialize_seq,
        deserialize_map,
        deserialize_identifier,
        deserialize_ignored_any,
    );

    fn deserialize_unit_struct<V: serde::de::Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_unit_struct(name, visitor)
    }

    fn deserialize_newtype_struct<V: serde::de::Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_newtype_struct(name, visitor)
    }

    fn deserialize_tuple<V: serde::de::Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple(len, visitor)
    }

    fn deserialize_tuple_struct<V: serde::de::Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple_struct(name, len, visitor)
    }

    /// The one change: a struct is read as a map, never as a sequence.
    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(visitor)
    }

    fn deserialize_enum<V: serde::de::Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_enum(name, variants, visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

#[cfg(test)]
mod object_only_tests {
    use super::*;

    #[derive(Debug, PartialEq, Default, serde::Deserialize)]
    #[serde(default, remote = "Self")]
    struct Voip {
        reason_code: Option<u32>,
    }

    impl<'de> serde::Deserialize<'de> for Voip {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            object_only(d, Voip::deserialize)
        }
    }

    #[derive(Debug, PartialEq, Default, serde::Deserialize)]
    #[serde(default)]
    struct Page {
        voip_info: Option<Voip>,
        list: Option<Vec<Voip>>,
    }

    #[test]
    fn objects_decode_and_arrays_do_not() {
        let ok: Page = from_slice(br#"{"voip_info": {"reason_code": 7}, "list": [{}]}"#).unwrap();
        assert_eq!(
            ok.voip_info,
            Some(Voip {
                reason_code: Some(7)
            })
        );
        for bad in [
            &br#"{"voip_info": []}"#[..],
            br#"{"voip_info": [7]}"#,
            br#"{"list": [[]]}"#,
        ] {
            let err = from_slice::<Page>(bad).unwrap_err();
            assert!(err.message().contains("invalid type: sequence"), "{err}");
        }
        assert!(from_value::<Voip>(&serde_json::json!([1])).is_err());
    }
}
