//! Properties of the generated models, for any value:
//! - every model value round-trips through JSON and validates;
//! - arbitrary JSON never panics `validate` or decoding;
//! - decoding and `validate` agree: what one rejects, the other rejects.

use graph_api::runtime::decode;
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
    fn decoding_and_validate_agree_on_any_json(value in json_value()) {
        for (decodes, valid) in [
            (decode::from_value::<VoipInfo>(&value).is_ok(), VoipInfo::validate(&value).is_ok()),
            (decode::from_value::<Page>(&value).is_ok(), Page::validate(&value).is_ok()),
        ] {
            prop_assert_eq!(decodes, valid, "{}", value);
        }
    }

    #[test]
    fn a_page_with_arbitrary_voip_info_never_panics(inner in json_value()) {
        let value = json!({"id": "1", "voip_info": inner});
        let decoded = decode::from_value::<Page>(&value);
        let validated = Page::validate(&value);
        prop_assert_eq!(decoded.is_ok(), validated.is_ok(), "{}", value);
        if let Err(e) = decoded {
            // A decode error inside voip_info names a path within it.
            prop_assert!(e.path().is_empty() || e.path().starts_with("voip_info"), "{}", e);
        }
    }
}
