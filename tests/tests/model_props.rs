//! Properties of the generated models, for any value:
//! - every model value round-trips through JSON and validates;
//! - tolerant decoding never fails on a JSON object and loses no value:
//!   encoding the model gives back every value at its path (a coerced one
//!   as its coercion);
//! - strict decoding fails exactly when `validate` reports an error, and the
//!   warnings of tolerant decoding are at exactly the paths of its errors.

use std::collections::BTreeSet;

use graph_api::runtime::tolerant;
use graph_api::runtime::{Node, decode, schema};
use graph_api::{Page, VoipInfo};
use proptest::prelude::*;
use serde_json::{Value, json};

fn voip_info() -> impl Strategy<Value = VoipInfo> {
    (
        (
            any::<Option<bool>>(),
            any::<Option<bool>>(),
            any::<Option<bool>>(),
        ),
        (any::<Option<bool>>(), any::<Option<bool>>()),
        any::<Option<u32>>(),
        proptest::option::of(".{0,12}"),
    )
        .prop_map(
            |((a, b, c), (d, e), reason_code, reason_description)| VoipInfo {
                has_mobile_app: a,
                has_permission: b,
                is_callable: c,
                is_callable_webrtc: d,
                is_pushable: e,
                reason_code,
                reason_description,
                extra: Default::default(),
            },
        )
}

fn page() -> impl Strategy<Value = Page> {
    (
        proptest::option::of("[0-9]{1,16}"),
        proptest::option::of(".{0,12}"),
        proptest::option::of(voip_info()),
    )
        .prop_map(|(id, name, voip_info)| Page {
            id,
            name,
            voip_info,
            feed: None,
            extra: Default::default(),
        })
}

/// Any JSON, biased towards the keys and value shapes the models have.
fn json_value() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("reason_code".to_owned()),
        Just("is_callable".to_owned()),
        Just("reason_description".to_owned()),
        Just("voip_info".to_owned()),
        Just("id".to_owned()),
        Just("name".to_owned()),
        "[a-z_]{1,8}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (0u64..=u64::from(u32::MAX) + 2).prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        Just(json!(1.0)),
        ".{0,8}".prop_map(Value::from),
        Just(json!("7")),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(key.clone(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn voip_info_round_trips_and_validates(voip in voip_info()) {
        let value = serde_json::to_value(&voip).unwrap();
        prop_assert!(VoipInfo::validate_strict(&value).is_ok(), "{value}");
        prop_assert_eq!(decode::from_value::<VoipInfo>(&value).unwrap(), voip);
    }

    #[test]
    fn page_round_trips_and_validates(page in page()) {
        let value = serde_json::to_value(&page).unwrap();
        prop_assert!(Page::validate_strict(&value).is_ok(), "{value}");
        prop_assert_eq!(decode::from_value::<Page>(&value).unwrap(), page);
    }

    #[test]
    fn tolerant_decoding_never_fails_on_an_object_and_loses_nothing(value in json_object()) {
        check_lossless::<VoipInfo>(&value)?;
        check_lossless::<Page>(&value)?;
        let nested = json!({"id": "1", "voip_info": value});
        check_lossless::<Page>(&nested)?;
    }

    #[test]
    fn strict_decoding_fails_exactly_when_validate_reports_an_error(value in json_value()) {
        check_agreement::<VoipInfo>(&value)?;
        check_agreement::<Page>(&value)?;
        check_agreement::<Page>(&json!({"voip_info": value}))?;
    }
}

/// Any JSON object, biased as [`json_value`].
fn json_object() -> impl Strategy<Value = Value> {
    json_value().prop_map(|v| match v {
        Value::Object(_) => v,
        other => json!({"reason_code": other.clone(), "voip_info": other, "x": 1}),
    })
}

fn check_lossless<M: Node>(value: &Value) -> Result<(), TestCaseError> {
    let decoded = tolerant::decode::<M>(value);
    prop_assert!(decoded.is_ok(), "{} on {}", decoded.unwrap_err(), value);
    let encoded = serde_json::to_value(decoded.unwrap().value).unwrap();
    let lost = tolerant::lost_values(schema::Type::Node(M::schema()), value, &encoded);
    prop_assert!(lost.is_empty(), "lost {:?}: {} → {}", lost, value, encoded);
    Ok(())
}

fn check_agreement<M: Node>(value: &Value) -> Result<(), TestCaseError> {
    let report = graph_api::runtime::validate::check(M::schema(), value, Default::default());
    let errors: BTreeSet<&str> = report.errors().map(|v| v.path()).collect();
    let strict = tolerant::decode_strict::<M>(value);
    prop_assert_eq!(strict.is_err(), !errors.is_empty(), "{}", value);
    if let Ok(decoded) = tolerant::decode::<M>(value) {
        let warned: BTreeSet<&str> = decoded.warnings.iter().map(|w| w.path()).collect();
        prop_assert_eq!(warned, errors, "{}", value);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn a_page_with_arbitrary_voip_info_never_panics(inner in json_value()) {
        let value = json!({"id": "1", "voip_info": inner});
        let decoded = tolerant::decode::<Page>(&value);
        prop_assert!(decoded.is_ok(), "{}", value);
        // Whatever did not fit is inside voip_info, and says so.
        for warning in decoded.unwrap().warnings {
            prop_assert!(warning.path().starts_with("voip_info"), "{}", warning);
        }
        // Only the top level must be an object.
        prop_assert!(serde_json::from_value::<Page>(inner.clone()).is_ok() == inner.is_object());
    }
}
