//! The payload the decoding benchmarks decode, the struct a person would
//! write by hand for it, and the ways of decoding it that the figures
//! compare: shared by `benches/decode.rs`, `allocs`, `decode_loop` and
//! `decode_ratio`, so every figure decodes the same thing the same way.

use std::fmt;
use std::hint::black_box;

use graph_api::VoipInfo;
use serde::de::{Deserializer, Visitor};

/// A Graph response for `voip_info` with every field.
pub const PAYLOAD: &str = r#"{"has_mobile_app":true,"has_permission":true,"is_callable":false,"is_callable_webrtc":true,"is_pushable":false,"reason_code":1356044,"reason_description":"The person is not callable right now"}"#;

/// What a person would write by hand for [`PAYLOAD`]: the generated
/// model's shape (every field an `Option`, missing fields `None`), with
/// plain `#[derive(Deserialize)]`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
#[allow(dead_code)]
pub struct HandWritten {
    has_mobile_app: Option<bool>,
    has_permission: Option<bool>,
    is_callable: Option<bool>,
    is_callable_webrtc: Option<bool>,
    is_pushable: Option<bool>,
    /// Compared with the generated model's, so that both decode the same.
    pub reason_code: Option<u32>,
    /// Compared with the generated model's, so that both decode the same.
    pub reason_description: Option<String>,
}

/// [`HandWritten`] with its five bools read through `deserialize_any`
/// (any token accepted, as a tolerant field must), the rest derived: what
/// serde_json's jump on the next token costs against `deserialize_bool`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
#[allow(dead_code)]
pub struct HandWrittenAnyToken {
    has_mobile_app: AnyToken,
    has_permission: AnyToken,
    is_callable: AnyToken,
    is_callable_webrtc: AnyToken,
    is_pushable: AnyToken,
    reason_code: Option<u32>,
    reason_description: Option<String>,
}

/// A bool read with `deserialize_any`, which takes any token.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum AnyToken {
    /// The key was not there.
    #[default]
    Absent,
    /// A JSON bool.
    Bool(bool),
    /// A number or a string.
    Other,
}

impl<'de> serde::Deserialize<'de> for AnyToken {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Any;
        impl Visitor<'_> for Any {
            type Value = AnyToken;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a bool, a number or a string")
            }
            fn visit_bool<E>(self, v: bool) -> Result<AnyToken, E> {
                Ok(AnyToken::Bool(v))
            }
            fn visit_u64<E>(self, _: u64) -> Result<AnyToken, E> {
                Ok(AnyToken::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<AnyToken, E> {
                Ok(AnyToken::Other)
            }
            fn visit_str<E>(self, _: &str) -> Result<AnyToken, E> {
                Ok(AnyToken::Other)
            }
        }
        deserializer.deserialize_any(Any)
    }
}

/// One way of decoding [`PAYLOAD`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Way {
    /// `serde_json::from_slice::<VoipInfo>`: the generated model's own `Deserialize`.
    Model,
    /// `tolerant::decode_slice::<VoipInfo>`: what the client does with a
    /// response's bytes (warnings collected).
    Client,
    /// `serde_json::from_slice::<HandWritten>`.
    Hand,
    /// `serde_json::from_slice::<HandWrittenAnyToken>`.
    HandAnyToken,
    /// `VoipInfo::deserialize(&value)`, from a parsed `serde_json::Value`.
    ModelValue,
    /// `tolerant::decode::<VoipInfo>(&value)`, warnings collected.
    ClientValue,
    /// `HandWritten::deserialize(&value)`.
    HandValue,
}

impl Way {
    /// Every way, in the order of their names.
    pub const ALL: [Way; 7] = [
        Way::Model,
        Way::Client,
        Way::Hand,
        Way::HandAnyToken,
        Way::ModelValue,
        Way::ClientValue,
        Way::HandValue,
    ];

    /// The way's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Way::Model => "model",
            Way::Client => "client",
            Way::Hand => "hand",
            Way::HandAnyToken => "hand-any-token",
            Way::ModelValue => "model-value",
            Way::ClientValue => "client-value",
            Way::HandValue => "hand-value",
        }
    }

    /// The way named `name`.
    pub fn parse(name: &str) -> Option<Way> {
        Way::ALL.into_iter().find(|way| way.name() == name)
    }
}

/// [`PAYLOAD`], as bytes and as a parsed `serde_json::Value`, ready to
/// decode any [`Way`].
pub struct Payload {
    value: serde_json::Value,
}

impl Default for Payload {
    fn default() -> Self {
        Payload::new()
    }
}

impl Payload {
    /// Parses [`PAYLOAD`] once, for the ways that start from a `Value`.
    pub fn new() -> Self {
        Payload {
            value: serde_json::from_str(PAYLOAD).expect("the payload is JSON"),
        }
    }

    /// Decodes the payload `way`, keeping the result from the optimizer,
    /// and gives its `reason_code` (the same whatever the way). Panics if
    /// it does not decode (it always does).
    #[inline(never)]
    pub fn decode(&self, way: Way) -> Option<u32> {
        let bytes = black_box(PAYLOAD.as_bytes());
        let value = black_box(&self.value);
        match way {
            Way::Model => {
                black_box(serde_json::from_slice::<VoipInfo>(bytes).expect("decodes")).reason_code
            }
            Way::Client => {
                let decoded = graph_runtime::tolerant::decode_slice::<VoipInfo>(bytes);
                black_box(decoded.expect("decodes")).value.reason_code
            }
            Way::Hand => {
                black_box(serde_json::from_slice::<HandWritten>(bytes).expect("decodes"))
                    .reason_code
            }
            Way::HandAnyToken => {
                let decoded = serde_json::from_slice::<HandWrittenAnyToken>(bytes);
                black_box(decoded.expect("decodes")).reason_code
            }
            Way::ModelValue => {
                let decoded = <VoipInfo as serde::Deserialize>::deserialize(value);
                black_box(decoded.expect("decodes")).reason_code
            }
            Way::ClientValue => {
                let decoded = graph_runtime::tolerant::decode::<VoipInfo>(value);
                black_box(decoded.expect("decodes")).value.reason_code
            }
            Way::HandValue => {
                let decoded = <HandWritten as serde::Deserialize>::deserialize(value);
                black_box(decoded.expect("decodes")).reason_code
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_way_is_found_by_its_name() {
        for way in Way::ALL {
            assert_eq!(Way::parse(way.name()), Some(way));
        }
        assert_eq!(Way::parse("handwritten"), None);
    }

    #[test]
    fn each_way_decodes_the_payload() {
        let payload = Payload::new();
        for way in Way::ALL {
            assert_eq!(payload.decode(way), Some(1356044), "{}", way.name());
        }
    }

    #[test]
    fn the_any_token_struct_reads_what_the_hand_written_one_does() {
        let hand: HandWritten = serde_json::from_str(PAYLOAD).unwrap();
        let any: HandWrittenAnyToken = serde_json::from_str(PAYLOAD).unwrap();
        let bool_of = |token: AnyToken| match token {
            AnyToken::Bool(v) => Some(v),
            _ => None,
        };
        let bools = [
            any.has_mobile_app,
            any.has_permission,
            any.is_callable,
            any.is_callable_webrtc,
            any.is_pushable,
        ]
        .map(bool_of);
        let hand_bools = [
            hand.has_mobile_app,
            hand.has_permission,
            hand.is_callable,
            hand.is_callable_webrtc,
            hand.is_pushable,
        ];
        assert_eq!(bools, hand_bools);
        assert_eq!(
            bools,
            [Some(true), Some(true), Some(false), Some(true), Some(false)]
        );
        assert_eq!(
            (any.reason_code, hand.reason_code),
            (Some(1356044), Some(1356044))
        );
        assert_eq!(any.reason_description, hand.reason_description);
    }

    #[test]
    fn an_any_token_takes_numbers_and_strings_but_not_null() {
        let token = |json: &str| serde_json::from_str::<AnyToken>(json);
        assert_eq!(token("false").unwrap(), AnyToken::Bool(false));
        for other in ["1", "-1", "\"x\""] {
            assert_eq!(token(other).unwrap(), AnyToken::Other, "{other}");
        }
        let err = token("null").unwrap_err().to_string();
        assert!(
            err.contains("expected a bool, a number or a string"),
            "{err}"
        );
        let absent: HandWrittenAnyToken = serde_json::from_str("{}").unwrap();
        assert_eq!(absent.is_callable, AnyToken::Absent);
    }
}
