//! The payload the decoding benchmarks decode, and the struct a person
//! would write by hand for it: shared by `benches/decode.rs`, `allocs` and
//! `decode_loop`, so every figure decodes the same thing.

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
