//! VoipInfo as the Graph API sends it: decoding, encoding, round trips.

use graph_api::{Page, VoipInfo, VoipInfoField};
use serde_json::json;

#[test]
fn decodes_a_real_page_response() {
    // The shape of `GET /v19.0/{page-id}?fields=voip_info{is_callable,reason_code}`.
    let page: Page = serde_json::from_value(json!({
        "voip_info": {"is_callable": false, "reason_code": 1356044},
        "id": "1234567890"
    }))
    .unwrap();
    let voip = page.voip_info.unwrap();
    assert_eq!(voip.is_callable, Some(false));
    assert_eq!(voip.reason_code, Some(1_356_044));
    assert_eq!(voip.has_mobile_app, None);
    assert_eq!(page.id.as_deref(), Some("1234567890"));
}

#[test]
fn every_field_round_trips_with_its_wire_name() {
    let json = json!({
        "has_mobile_app": true,
        "has_permission": false,
        "is_callable": true,
        "is_callable_webrtc": false,
        "is_pushable": true,
        "reason_code": 4294967295u32,
        "reason_description": "Not callable: \"quoted\" ✓"
    });
    let voip: VoipInfo = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(voip.reason_code, Some(u32::MAX));
    assert_eq!(serde_json::to_value(&voip).unwrap(), json);
}

#[test]
fn missing_and_null_fields_are_none_and_a_null_is_written_back() {
    let voip: VoipInfo =
        serde_json::from_value(json!({"is_callable": null, "reason_code": 7})).unwrap();
    assert_eq!(voip.is_callable, None);
    assert_eq!(voip.reason_code, Some(7));
    assert_eq!(voip.has_mobile_app, None);
    // The `null` was a value: kept, so that nothing is lost.
    assert_eq!(
        serde_json::to_value(&voip).unwrap(),
        json!({"is_callable": null, "reason_code": 7})
    );
    assert_eq!(serde_json::to_string(&VoipInfo::default()).unwrap(), "{}");
}

#[test]
fn unknown_extra_fields_are_tolerated() {
    let voip: VoipInfo = serde_json::from_value(
        json!({"is_pushable": true, "added_in_v25": {"x": [1, 2]}, "id": "9"}),
    )
    .unwrap();
    assert_eq!(voip.is_pushable, Some(true));
    assert_eq!(voip.extra["added_in_v25"], json!({"x": [1, 2]}));
    assert_eq!(voip.extra["id"], json!("9"));
}

#[test]
fn values_outside_the_spec_are_coerced_or_kept_raw_and_strict_errors_name_the_field() {
    use graph_api::runtime::tolerant::{self, Action};
    for (bad, action, why) in [
        (
            json!({"reason_code": 4294967296u64}),
            Action::KeptRaw,
            "above u32",
        ),
        (json!({"reason_code": -1}), Action::KeptRaw, "negative"),
        (json!({"reason_code": 1.5}), Action::KeptRaw, "fraction"),
        (
            json!({"reason_code": "7"}),
            Action::Coerced,
            "number as string",
        ),
        (
            json!({"is_callable": "yes"}),
            Action::KeptRaw,
            "string for bool",
        ),
        (
            json!({"reason_description": 5}),
            Action::Coerced,
            "number for string",
        ),
    ] {
        let field = bad.as_object().unwrap().keys().next().unwrap().clone();
        let decoded = tolerant::decode::<VoipInfo>(&bad).unwrap();
        let [warning] = &decoded.warnings[..] else {
            panic!("{why}: {:?}", decoded.warnings)
        };
        assert_eq!(
            (warning.path(), warning.action()),
            (field.as_str(), action),
            "{why}"
        );
        let kept = decoded.value.extra.contains_key(&field);
        assert_eq!(kept, action == Action::KeptRaw, "{why}");
        let err = tolerant::decode_strict::<VoipInfo>(&bad).unwrap_err();
        assert_eq!(err.path(), field, "{why}: {err}");
    }
    let err =
        tolerant::decode_strict::<Page>(&json!({"voip_info": {"reason_code": 4294967296u64}}))
            .unwrap_err();
    assert_eq!(err.path(), "voip_info.reason_code");
}

#[test]
fn field_enum_names_parses_and_lists_every_field() {
    assert_eq!(VoipInfoField::ALL.len(), 7);
    assert_eq!(VoipInfoField::ReasonCode.as_str(), "reason_code");
    assert_eq!(
        VoipInfoField::IsCallableWebrtc.to_string(),
        "is_callable_webrtc"
    );
    for field in VoipInfoField::ALL {
        assert_eq!(field.as_str().parse::<VoipInfoField>(), Ok(field));
    }
    let err = "is_calable".parse::<VoipInfoField>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "VoipInfo has no field `is_calable`; did you mean `is_callable`?"
    );
}

/// Each generated model's key table (`model_serde!`) agrees with its
/// schema: decoding looks a key up in the one and reads its type from the
/// other by position, so a table out of order would decode a field with
/// another field's type.
#[test]
fn each_models_key_table_agrees_with_its_schema() {
    use graph_runtime::__private::Model;

    fn check<M: Model>() -> usize {
        let fields = M::schema().fields;
        for (position, field) in fields.iter().enumerate() {
            assert_eq!(
                M::index(field.name),
                Some(position),
                "{}.{}",
                M::schema().name,
                field.name
            );
        }
        assert_eq!(M::index("no_such_field"), None, "{}", M::schema().name);
        assert_eq!(M::index(""), None, "{}", M::schema().name);
        fields.len()
    }

    let checked = check::<VoipInfo>()
        + check::<Page>()
        + check::<graph_api::PagePost>()
        + check::<graph_api::Comment>()
        + check::<graph_ops_api::AdAccount>()
        + check::<graph_ops_api::Campaign>();
    assert!(checked > 20, "only {checked} fields checked");
}
