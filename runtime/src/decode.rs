//! Decoding JSON into models with errors that name the field path.
//!
//! Serde alone says "invalid value: integer `4294967296`, expected u32";
//! [`from_slice`] and [`from_value`] add where: `voip_info.reason_code`.
//! The decoding itself is `graph_model::decode`, re-exported here; this
//! module adds how the client decodes a response: tolerantly or strictly,
//! with its warnings traced and its secrets scrubbed.

pub use graph_model::decode::*;

use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

use crate::client::Transport;
use crate::error::Error;
use crate::response::{Body, Response};
use crate::tolerant::{self, DecodeWarning};

/// How every request builder decodes a body (or, with `at`, the value of
/// one field of it): tolerantly, or strictly when `strict` says so (the
/// builder's own setting, else the client's). Warnings and errors name
/// the path from the top of the body and have the client's secrets
/// removed; in tolerant mode each warning is also a `tracing` warning.
pub(crate) fn body<T: DeserializeOwned, C: Transport>(
    client: &C,
    value: &serde_json::Value,
    at: Option<&str>,
    strict: Option<bool>,
) -> Result<(T, Vec<DecodeWarning>), Error> {
    let within = |error: DecodeError| match at {
        Some(field) => error.within(field),
        None => error,
    };
    let decoded =
        tolerant::decode::<T>(value).map_err(|e| Error::Decode(client.scrub(within(e))))?;
    finish(client, decoded.value, decoded.warnings, at, strict)
}

/// The end of [`body`]: the warnings put under `at`, scrubbed, and either
/// traced or, in strict mode, the first one an error. Also the end of
/// decoding the runtime's own answers (`debug_token`).
pub(crate) fn finish<T, C: Transport>(
    client: &C,
    value: T,
    mut warnings: Vec<DecodeWarning>,
    at: Option<&str>,
    strict: Option<bool>,
) -> Result<(T, Vec<DecodeWarning>), Error> {
    for warning in &mut warnings {
        if let Some(field) = at {
            warning.within(&crate::validate::path::key_step(field));
        }
        warning.scrub(|text| client.redact(text));
    }
    if let Some(first) = warnings.first() {
        if strict.unwrap_or_else(|| client.strict()) {
            return Err(Error::Decode(first.to_error()));
        }
        trace_warnings(&warnings);
    }
    Ok((value, warnings))
}

/// How each builder's response decodes, keeping its usage: a body the
/// client kept as received ([`Body::Raw`]) in one pass with `seed`, its
/// warnings put under `at` as [`body`] does; a body that was parsed, or
/// that the one pass does not take (not JSON, or not what the type needs:
/// then parsed here, so the errors say what and where), by `parsed`.
fn decode_body<T, S, C>(
    client: &C,
    response: Response<Body>,
    seed: S,
    at: Option<&str>,
    strict: Option<bool>,
    parsed: impl FnOnce(serde_json::Value) -> Result<(T, Vec<DecodeWarning>), Error>,
) -> Result<Response<T>, Error>
where
    S: for<'de> DeserializeSeed<'de, Value = T>,
    C: Transport,
{
    let mut warnings = Vec::new();
    let mut decoded = response.try_map(|data| {
        let (value, raised) = match data {
            Body::Raw { status, bytes } => match tolerant::one_pass(&bytes, seed) {
                Some((value, raised)) => finish(client, value, raised, at, strict)?,
                None => parsed(client.parse(status, &bytes)?)?,
            },
            Body::Parsed(value) => parsed(value)?,
        };
        warnings = raised;
        Ok::<_, Error>(value)
    })?;
    decoded.warnings = warnings;
    Ok(decoded)
}

/// [`body`] for a whole response, keeping its usage.
pub(crate) fn response<T: DeserializeOwned, C: Transport>(
    client: &C,
    response: Response<Body>,
    strict: Option<bool>,
) -> Result<Response<T>, Error> {
    decode_body(client, response, PhantomData::<T>, None, strict, |value| {
        body(client, &value, None, strict)
    })
}

/// The value of `field` in a response's body, decoded as `T` as [`body`]
/// does with `at`: `None` when the body has no value for it (absent or
/// `null`). From the bytes, the other keys are skipped without being decoded.
pub(crate) fn member<T: DeserializeOwned, C: Transport>(
    client: &C,
    response: Response<Body>,
    field: &str,
    strict: Option<bool>,
) -> Result<Response<Option<T>>, Error> {
    let seed = Member::<T>(field, PhantomData);
    decode_body(
        client,
        response,
        seed,
        Some(field),
        strict,
        |mut parent| match parent.get_mut(field).map(serde_json::Value::take) {
            None | Some(serde_json::Value::Null) => Ok((None, Vec::new())),
            Some(value) => body(client, &value, Some(field), strict)
                .map(|(value, raised)| (Some(value), raised)),
        },
    )
}

/// An object keyed by ids (the answer of `GET /?ids=`), each value decoded
/// as `T` as [`body`] does with `at` = its id, warnings under
/// `["id"].field`.
pub(crate) fn keyed<T: DeserializeOwned, C: Transport>(
    client: &C,
    response: Response<Body>,
    strict: Option<bool>,
) -> Result<Response<std::collections::BTreeMap<String, T>>, Error> {
    let seed = tolerant::Keyed::<T>(PhantomData);
    decode_body(client, response, seed, None, strict, |value| {
        let serde_json::Value::Object(entries) = value else {
            return Err(Error::Decode(DecodeError::new(
                "",
                "expected an object keyed by the ids asked for",
            )));
        };
        let mut nodes = std::collections::BTreeMap::new();
        let mut warnings = Vec::new();
        for (id, value) in entries {
            let (node, raised) = body(client, &value, Some(&id), strict)?;
            warnings.extend(raised);
            nodes.insert(id, node);
        }
        Ok((nodes, warnings))
    })
}

/// Reads one key of an object as `Option<T>` (the last value given),
/// skipping every other key's value unread.
struct Member<'a, T>(&'a str, PhantomData<T>);

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for Member<'_, T> {
    type Value = Option<T>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for Member<'_, T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<T>, A::Error> {
        let mut found = None;
        while let Some(is_member) = map.next_key_seed(IsKey(self.0))? {
            if is_member {
                found = map.next_value::<Option<T>>()?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

/// Reads a key: whether it is the one sought.
struct IsKey<'a>(&'a str);

impl<'de> DeserializeSeed<'de> for IsKey<'_> {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for IsKey<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<bool, E> {
        Ok(key == self.0)
    }
}

/// How many warnings of one response become `tracing` events; the rest
/// are counted in one more.
const TRACED_WARNINGS: usize = 10;

fn trace_warnings(warnings: &[DecodeWarning]) {
    for warning in warnings.iter().take(TRACED_WARNINGS) {
        tracing::warn!(
            path = warning.path(),
            action = ?warning.action(),
            "response value does not fit the spec: {}",
            warning.violation().message()
        );
    }
    if warnings.len() > TRACED_WARNINGS {
        tracing::warn!(
            more = warnings.len() - TRACED_WARNINGS,
            "and more response values that do not fit the spec (see Response::warnings)"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::Client;
    use crate::edge::Summary;

    const TOKEN: &str = "EAAB-decode-unit-token";

    fn client(strict: bool) -> Client {
        Client::builder(TOKEN).strict(strict).build().unwrap()
    }

    fn raw(bytes: &[u8]) -> Response<Body> {
        let body = Body::Raw {
            status: 200,
            bytes: bytes.to_vec(),
        };
        Response::new(body, Default::default())
    }

    fn parsed_first(bytes: &[u8]) -> Response<Body> {
        Response::new(
            Body::Parsed(serde_json::from_slice(bytes).unwrap()),
            Default::default(),
        )
    }

    /// What `seed` says of `json`, which it must refuse.
    fn seed_error<S: for<'de> DeserializeSeed<'de>>(seed: S, json: &str) -> String {
        let mut de = serde_json::Deserializer::from_str(json);
        match seed.deserialize(&mut de) {
            Ok(_) => panic!("{json} was taken"),
            Err(error) => error.to_string(),
        }
    }

    fn warnings<T>(response: &Response<T>) -> Vec<String> {
        response.warnings.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_body_decodes_alike_as_received_and_parsed() {
        let client = client(false);
        let cases: [(&[u8], Option<u64>, usize); 4] = [
            (br#"{"total_count": 7}"#, Some(7), 0),
            (br#"{"total_count": "7", "can_comment": true}"#, Some(7), 1),
            (br#"{"total_count": [1]}"#, None, 1),
            (br#"{"total_count": 1, "total_count": 2}"#, Some(2), 0),
        ];
        for (body, total, warned) in cases {
            let one_pass = response::<Summary, _>(&client, raw(body), None).unwrap();
            let two_pass = response::<Summary, _>(&client, parsed_first(body), None).unwrap();
            assert_eq!(one_pass.data, two_pass.data);
            assert_eq!(one_pass.data.total_count, total);
            assert_eq!(warnings(&one_pass), warnings(&two_pass));
            assert_eq!(one_pass.warnings.len(), warned, "{:?}", one_pass.warnings);
        }
        let kept = response::<Summary, _>(&client, raw(br#"{"total_count": [1]}"#), None).unwrap();
        assert_eq!(kept.data.extra["total_count"], serde_json::json!([1]));
        assert_eq!(kept.warnings[0].path(), "total_count");
    }

    #[test]
    fn a_member_is_read_alone_and_warned_under_its_name() {
        let client = client(false);
        let body: &[u8] =
            br#"{"id": "1", "summary": {"total_count": "7"}, "later": [{"total_count": "x"}]}"#;
        for response in [raw(body), parsed_first(body)] {
            let read = member::<Summary, _>(&client, response, "summary", None).unwrap();
            assert_eq!(read.data.as_ref().unwrap().total_count, Some(7));
            assert_eq!(
                warnings(&read),
                ["summary.total_count: expected unsigned int64, found string \"7\" (coerced)"]
            );
        }
        let cases: [(&[u8], Option<u64>); 6] = [
            (br#"{"id": "1"}"#, None),
            (br#"{"summary": null}"#, None),
            (
                br#"{"summary": {"total_count": 1}, "summary": {"total_count": 2}}"#,
                Some(2),
            ),
            (br#"{"summ\u0061ry": {"total_count": 3}}"#, Some(3)),
            (br#"[{"summary": {"total_count": 3}}]"#, None),
            (br#"{"summary": {}}"#, None),
        ];
        for (body, total) in cases {
            for response in [raw(body), parsed_first(body)] {
                let read = member::<Summary, _>(&client, response, "summary", None).unwrap();
                assert_eq!(
                    read.data.and_then(|s| s.total_count),
                    total,
                    "{}",
                    String::from_utf8_lossy(body)
                );
            }
        }
        let present = member::<Summary, _>(&client, raw(br#"{"summary": {}}"#), "summary", None);
        assert_eq!(present.unwrap().data, Some(Summary::default()));
        // A value that is no object: the path says where.
        let error =
            member::<Summary, _>(&client, raw(br#"{"summary": 5}"#), "summary", None).unwrap_err();
        assert!(
            matches!(&error, Error::Decode(e) if e.path() == "summary"),
            "{error}"
        );
    }

    #[test]
    fn bodies_that_fit_decode_in_one_pass() {
        // The one-pass reads must succeed on their own: a failure there
        // falls back to parsing, which gives the same answer more slowly.
        let one_pass = |body: &[u8]| {
            tolerant::one_pass(body, Member::<Summary>("summary", PhantomData)).map(|(v, _)| v)
        };
        let some = |total| {
            Some(Some(Summary {
                total_count: Some(total),
                ..Summary::default()
            }))
        };
        assert_eq!(
            one_pass(br#"{"id": "1", "summary": {"total_count": 7}, "z": [{}]}"#),
            some(7)
        );
        assert_eq!(
            one_pass(br#"{"summary": {"total_count": 1}, "summary": {"total_count": 2}}"#),
            some(2)
        );
        assert_eq!(one_pass(br#"{"id": "1"}"#), Some(None));
        assert_eq!(one_pass(br#"{"summary": null}"#), Some(None));
        assert_eq!(one_pass(br#"[{"summary": {}}]"#), None);
        let whole = tolerant::one_pass(br#"{"total_count": 7}"#, PhantomData::<Summary>);
        assert_eq!(whole.map(|(v, _)| v.total_count), Some(Some(7)));
        // What a member read expects, should a caller see it.
        let error = seed_error(Member::<Summary>("summary", PhantomData), "[1]");
        assert!(error.contains("expected a JSON object"), "{error}");
        use serde::de::value::{Error as ValueError, U32Deserializer};
        let error = IsKey("summary")
            .deserialize(U32Deserializer::<ValueError>::new(1))
            .unwrap_err();
        assert!(
            error.to_string().contains("expected a field name"),
            "{error}"
        );
    }

    #[test]
    fn an_object_keyed_by_ids_decodes_each_under_its_id() {
        let client = client(false);
        let body: &[u8] = br#"{"1": {"total_count": "7"}, "a.b": {"total_count": 2}}"#;
        let mut results = Vec::new();
        for response in [raw(body), parsed_first(body)] {
            let read = keyed::<Summary, _>(&client, response, None).unwrap();
            let totals: Vec<_> = read
                .data
                .iter()
                .map(|(id, s)| (id.clone(), s.total_count))
                .collect();
            assert_eq!(
                totals,
                [("1".to_owned(), Some(7)), ("a.b".to_owned(), Some(2))]
            );
            assert_eq!(read.warnings.len(), 1);
            results.push(warnings(&read));
        }
        assert_eq!(results[0], results[1]);
        assert!(
            results[0][0].starts_with(r#"["1"].total_count: expected"#),
            "{results:?}"
        );
        let one_pass = tolerant::one_pass(body, tolerant::Keyed::<Summary>(PhantomData));
        assert_eq!(one_pass.map(|(nodes, _)| nodes.len()), Some(2));
        for response in [raw(b"[1]"), parsed_first(b"[1]")] {
            let error = keyed::<Summary, _>(&client, response, None).unwrap_err();
            assert!(
                error
                    .to_string()
                    .contains("expected an object keyed by the ids"),
                "{error}"
            );
        }
        let error = keyed::<Summary, _>(&self::client(true), raw(body), None).unwrap_err();
        assert!(
            matches!(&error, Error::Decode(e) if e.path() == r#"["1"].total_count"#),
            "{error}"
        );
        let error = seed_error(tolerant::Keyed::<Summary>(PhantomData), "[1]");
        assert!(error.contains("an object keyed by the ids"), "{error}");
    }

    #[test]
    fn strict_mode_fails_on_bodies_as_received() {
        let body: &[u8] = br#"{"summary": {"total_count": "7"}}"#;
        let error = member::<Summary, _>(&client(true), raw(body), "summary", None).unwrap_err();
        assert!(
            matches!(&error, Error::Decode(e) if e.path() == "summary.total_count"),
            "{error}"
        );
        let error =
            member::<Summary, _>(&client(false), raw(body), "summary", Some(true)).unwrap_err();
        assert!(matches!(&error, Error::Decode(_)), "{error}");
        let error = response::<Summary, _>(&client(true), raw(br#"{"total_count": "7"}"#), None)
            .unwrap_err();
        assert!(
            matches!(&error, Error::Decode(e) if e.path() == "total_count"),
            "{error}"
        );
        assert!(response::<Summary, _>(&client(true), raw(br#"{"total_count": 7}"#), None).is_ok());
    }

    #[test]
    fn a_body_that_is_not_json_is_an_http_error_without_secrets() {
        let body = format!(r#"{{"total_count": 7, "note": "{TOKEN}""#);
        let error = response::<Summary, _>(&client(false), raw(body.as_bytes()), None).unwrap_err();
        let Error::Http(http) = &error else {
            panic!("{error:?}")
        };
        assert!(
            matches!(http.problem(), crate::error::BodyProblem::NotJson(_)),
            "{error}"
        );
        assert!(!error.to_string().contains(TOKEN), "{error}");
        assert!(error.to_string().contains("<redacted>"), "{error}");
        let error =
            member::<Summary, _>(&client(false), raw(b"<html>"), "summary", None).unwrap_err();
        assert!(
            matches!(&error, Error::Http(h) if h.status() == 200),
            "{error}"
        );
        let error = keyed::<Summary, _>(&client(false), raw(b"{\"1\": "), None).unwrap_err();
        assert!(
            matches!(&error, Error::Http(h) if h.status() == 200),
            "{error}"
        );
    }
}
