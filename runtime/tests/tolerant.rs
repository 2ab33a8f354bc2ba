//! Tolerant, lossless decoding through generated models (`graph-api`):
//! coercions, values kept raw, unknown keys, `null`s, warnings with paths,
//! strict decoding, and encoding back.

use graph_api::{Page, VoipInfo};
use graph_runtime::Node;
use graph_runtime::tolerant::{self, Action};
use serde_json::{Value, json};

#[test]
fn what_fits_decodes_as_declared_and_nothing_is_reported() {
    let payload = json!({"is_callable": true, "reason_code": 7, "reason_description": "ok"});
    let decoded = tolerant::decode::<VoipInfo>(&payload).unwrap();
    assert!(decoded.warnings.is_empty(), "{:?}", decoded.warnings);
    assert_eq!(decoded.value.is_callable, Some(true));
    assert_eq!(decoded.value.reason_code, Some(7));
    assert!(decoded.value.extra.is_empty());
    assert_eq!(serde_json::to_value(&decoded.value).unwrap(), payload);
}

#[test]
fn coercions_keep_the_value_in_the_typed_field() {
    let payload = json!({
        "is_callable": 0,
        "is_pushable": "true",
        "has_permission": "0",
        "reason_code": "12",
        "reason_description": 1234,
    });
    let decoded = tolerant::decode::<VoipInfo>(&payload).unwrap();
    let voip = &decoded.value;
    assert_eq!(voip.is_callable, Some(false));
    assert_eq!(voip.is_pushable, Some(true));
    assert_eq!(voip.has_permission, Some(false));
    assert_eq!(voip.reason_code, Some(12));
    assert_eq!(voip.reason_description.as_deref(), Some("1234"));
    assert!(voip.extra.is_empty(), "{:?}", voip.extra);
    let mut paths: Vec<_> = decoded.warnings.iter().map(|w| w.path()).collect();
    paths.sort_unstable();
    assert_eq!(
        paths,
        [
            "has_permission",
            "is_callable",
            "is_pushable",
            "reason_code",
            "reason_description"
        ]
    );
    assert!(
        decoded
            .warnings
            .iter()
            .all(|w| w.action() == Action::Coerced)
    );
    let shown = decoded
        .warnings
        .iter()
        .find(|w| w.path() == "is_callable")
        .unwrap()
        .to_string();
    assert_eq!(
        shown,
        "is_callable: expected bool, found integer 0 (coerced)"
    );
}

#[test]
fn what_does_not_fit_is_kept_raw_and_written_back() {
    let payload = json!({
        "voip_info": {"reason_code": 4294967296u64, "is_callable": "maybe", "new_field": [1, 2]},
        "name": null,
        "id": "42",
        "likes": {"data": [{"id": "1"}], "summary": {"total_count": 1}},
    });
    let decoded = tolerant::decode::<Page>(&payload).unwrap();
    let page = &decoded.value;
    let voip = page.voip_info.as_ref().unwrap();
    assert_eq!(voip.reason_code, None);
    assert_eq!(voip.is_callable, None);
    assert_eq!(voip.extra["reason_code"], json!(4294967296u64));
    assert_eq!(voip.extra["is_callable"], json!("maybe"));
    assert_eq!(voip.extra["new_field"], json!([1, 2]));
    assert_eq!(page.name, None);
    assert_eq!(page.extra["name"], Value::Null);
    assert_eq!(page.extra["likes"]["summary"]["total_count"], json!(1));
    let warnings: Vec<_> = decoded
        .warnings
        .iter()
        .map(|w| (w.path(), w.action()))
        .collect();
    assert_eq!(
        warnings,
        [
            ("voip_info.is_callable", Action::KeptRaw),
            ("voip_info.reason_code", Action::KeptRaw)
        ]
    );
    // Nothing is lost: encoding gives the payload back.
    assert_eq!(serde_json::to_value(page).unwrap(), payload);
}

#[test]
fn a_typed_value_wins_over_a_raw_one_of_the_same_name() {
    let mut voip: VoipInfo = serde_json::from_value(json!({"reason_code": -1})).unwrap();
    assert_eq!(voip.extra["reason_code"], json!(-1));
    voip.reason_code = Some(3);
    assert_eq!(
        serde_json::to_value(&voip).unwrap(),
        json!({"reason_code": 3})
    );
}

#[test]
fn a_node_that_is_not_an_object_is_kept_raw_and_only_the_top_level_must_be_one() {
    let decoded = tolerant::decode::<Page>(&json!({"voip_info": "1234"})).unwrap();
    // VoipInfo has no id, so a bare id cannot stand for one.
    assert_eq!(decoded.value.voip_info, None);
    assert_eq!(decoded.value.extra["voip_info"], json!("1234"));
    assert_eq!(
        decoded.warnings[0].to_string(),
        "voip_info: expected VoipInfo, found string \"1234\" (kept raw)"
    );
    assert!(serde_json::from_value::<Page>(json!([1])).is_err());
    assert!(serde_json::from_value::<Page>(json!("page")).is_err());
}

#[test]
fn strict_decoding_fails_on_the_first_warning_and_validate_agrees() {
    let bad = json!({"voip_info": {"reason_code": 4294967296u64}});
    let error = tolerant::decode_strict::<Page>(&bad).unwrap_err();
    assert_eq!(error.path(), "voip_info.reason_code");
    assert!(Page::validate(&bad).is_err());
    let good = json!({"voip_info": {"reason_code": 4}, "unknown": 1});
    assert!(tolerant::decode_strict::<Page>(&good).is_ok());
    assert!(Page::validate(&good).is_ok());
}

#[test]
fn outside_a_collector_decoding_is_as_tolerant_and_reports_nothing() {
    let voip: VoipInfo = serde_json::from_value(json!({"is_callable": 1})).unwrap();
    assert_eq!(voip.is_callable, Some(true));
    let (_, warnings) = tolerant::collect(|| ());
    assert!(warnings.is_empty(), "nothing leaks from an earlier decode");
}

/// A body with one value to coerce.
const DRIFT: &[u8] = br#"{"is_callable": 1}"#;

fn drift() -> VoipInfo {
    serde_json::from_slice(DRIFT).unwrap()
}

#[test]
fn collectors_nest_and_a_panic_leaves_nothing_behind() {
    let (inner, outer) = tolerant::collect(|| {
        drift();
        let (_, inner) = tolerant::collect(|| {
            serde_json::from_slice::<VoipInfo>(br#"{"is_callable": "true", "reason_code": "7"}"#)
        });
        drift();
        inner
    });
    let paths = |warnings: &[tolerant::DecodeWarning]| {
        warnings
            .iter()
            .map(|w| w.path().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(paths(&inner), ["is_callable", "reason_code"]);
    assert_eq!(paths(&outer), ["is_callable", "is_callable"]);

    // An inner collector that gets nothing, inside one that holds some.
    let ((), outer) = tolerant::collect(|| {
        drift();
        let (_, none) = tolerant::collect(|| serde_json::from_slice::<VoipInfo>(b"{}"));
        assert!(none.is_empty(), "{none:?}");
    });
    assert_eq!(outer.len(), 1);

    // A decode that panics after a warning: its collector is gone, and an
    // outer one keeps its own warnings only.
    let ((), outer) = tolerant::collect(|| {
        drift();
        let caught = std::panic::catch_unwind(|| {
            tolerant::collect(|| {
                drift();
                drift();
                panic!("a decode that panics");
            })
        });
        assert!(caught.is_err());
    });
    assert_eq!(outer.len(), 1, "{outer:?}");
    let caught = std::panic::catch_unwind(|| {
        tolerant::collect(|| {
            drift();
            panic!("a decode that panics");
        })
    });
    assert!(caught.is_err());
    let (_, one) = tolerant::collect(drift);
    assert_eq!(
        one.len(),
        1,
        "nothing is left from the decode that panicked"
    );
    let ((), after) = tolerant::collect(|| ());
    assert!(after.is_empty(), "{after:?}");
}

#[test]
fn bytes_decode_as_their_parsed_value_does() {
    let bodies: [&[u8]; 4] = [
        br#"{"voip_info": {"is_callable": true, "reason_code": 7}, "id": "1"}"#,
        br#"{"voip_info": {"is_callable": 0, "reason_code": "7"}, "name": 5}"#,
        br#"{"voip_info": {"reason_code": 4294967296}, "fan_count": "many"}"#,
        br#"{"voip_info": "1234"}"#,
    ];
    for body in bodies {
        let value: Value = serde_json::from_slice(body).unwrap();
        let from_bytes = tolerant::decode_slice::<Page>(body).unwrap();
        let from_value = tolerant::decode::<Page>(&value).unwrap();
        assert_eq!(from_bytes.value, from_value.value);
        // In the order met: the body's from bytes, the keys' from a `Value`.
        let sorted = |warnings: Vec<tolerant::DecodeWarning>| {
            let mut texts: Vec<String> = warnings.iter().map(ToString::to_string).collect();
            texts.sort();
            texts
        };
        assert_eq!(sorted(from_bytes.warnings), sorted(from_value.warnings));
        let encoded = serde_json::to_value(&from_bytes.value).unwrap();
        let ty = graph_runtime::schema::Type::Node(Page::schema());
        assert_eq!(
            tolerant::lost_values(ty, &value, &encoded),
            Vec::<String>::new()
        );
    }
    let error = tolerant::decode_slice::<Page>(br#"{"id": "1""#).unwrap_err();
    assert!(error.message().contains("EOF"), "{error}");
    let error = tolerant::decode_slice::<Page>(b"[1]").unwrap_err();
    assert_eq!(error.path(), "");
    assert!(tolerant::decode_slice::<Page>(b"{} trailing").is_err());
}

#[test]
fn a_model_debugs_as_its_name_and_what_it_holds() {
    let voip: VoipInfo = serde_json::from_value(json!({
        "is_callable": true, "reason_code": 7, "unknown": [1], "reason_description": null
    }))
    .unwrap();
    assert_eq!(
        format!("{voip:?}"),
        "VoipInfo { is_callable: true, reason_code: 7, reason_description: null, unknown: [1] }"
    );
    assert_eq!(format!("{:?}", VoipInfo::default()), "VoipInfo");
    let page: Page =
        serde_json::from_value(json!({"id": "1", "voip_info": {"is_callable": true}})).unwrap();
    assert_eq!(
        format!("{page:#?}"),
        "Page {\n    id: \"1\",\n    voip_info: {\n      \"is_callable\": true\n    },\n}"
    );
}
