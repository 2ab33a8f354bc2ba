//! The validation rules, one test per rule, with the exact path and message.

use serde_json::{Map, Value, json};

use super::*;
use crate::__private::fixture::EVERY_TYPE;
use crate::schema::{EnumSchema, FieldSchema, ParamSchema, Type};

static CALL_STATUS: EnumSchema = EnumSchema {
    name: "call_status",
    values: &["ACTIVE", "INACTIVE"],
};

static VOIP_INFO: NodeSchema = NodeSchema {
    name: "VoipInfo",
    fields: &[
        FieldSchema {
            name: "has_mobile_app",
            ty: Type::Bool,
        },
        FieldSchema {
            name: "is_callable",
            ty: Type::Bool,
        },
        FieldSchema {
            name: "is_pushable",
            ty: Type::Bool,
        },
        FieldSchema {
            name: "reason_code",
            ty: Type::UInt32,
        },
        FieldSchema {
            name: "reason_description",
            ty: Type::String,
        },
    ],
};

static PAGE: NodeSchema = NodeSchema {
    name: "Page",
    fields: &[
        FieldSchema {
            name: "call_status",
            ty: Type::Enum(&CALL_STATUS),
        },
        FieldSchema {
            name: "id",
            ty: Type::String,
        },
        FieldSchema {
            name: "tags",
            ty: Type::Map(&Type::String, &Type::String),
        },
        FieldSchema {
            name: "updated_time",
            ty: Type::DateTime,
        },
        FieldSchema {
            name: "voip_info",
            ty: Type::Node(&VOIP_INFO),
        },
    ],
};

static COMMENT: NodeSchema = NodeSchema {
    name: "Comment",
    fields: &[
        FieldSchema {
            name: "id",
            ty: Type::String,
        },
        FieldSchema {
            name: "like_count",
            ty: Type::UInt32,
        },
        FieldSchema {
            name: "parent",
            ty: Type::Node(&COMMENT),
        },
        FieldSchema {
            name: "replies",
            ty: Type::List(&Type::Node(&COMMENT)),
        },
    ],
};

/// The lines `validate` reports (errors and warnings), or nothing if it passes.
fn lenient(schema: &'static NodeSchema, value: Value) -> Vec<String> {
    match validate(schema, &value) {
        Ok(()) => Vec::new(),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

/// Every line `check` reports, warnings included.
fn all(schema: &'static NodeSchema, value: Value) -> Vec<String> {
    check(schema, &value, Options::LENIENT)
        .violations()
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// The lines for one field of the every-type fixture holding `value`.
fn field(name: &str, value: Value) -> Vec<String> {
    all(&EVERY_TYPE, json!({ name: value }))
}

#[track_caller]
fn assert_accepts(name: &str, values: &[Value]) {
    for value in values {
        assert_eq!(
            field(name, value.clone()),
            Vec::<String>::new(),
            "{name} = {value}"
        );
    }
}

#[test]
fn a_matching_payload_passes_clean() {
    let page = json!({
        "id": "123",
        "call_status": "ACTIVE",
        "tags": {"a.b": "c"},
        "updated_time": "2021-04-30T01:37:07+0000",
        "voip_info": {"is_callable": true, "reason_code": 1356044, "reason_description": "ok"},
    });
    assert_eq!(validate(&PAGE, &page), Ok(()));
    assert!(check(&PAGE, &page, Options::STRICT).is_clean());
}

#[test]
fn an_out_of_range_integer_is_reported_at_its_nested_path() {
    let errors =
        validate(&PAGE, &json!({"voip_info": {"reason_code": 4294967296u64}})).unwrap_err();
    assert_eq!(errors.len(), 1);
    let violation = &errors.violations()[0];
    assert_eq!(violation.path(), "voip_info.reason_code");
    assert_eq!(violation.kind(), ViolationKind::OutOfRange);
    assert_eq!(violation.severity(), Severity::Error);
    assert_eq!(violation.expected(), "unsigned int32");
    assert_eq!(violation.found(), "integer 4294967296");
    assert_eq!(
        errors.to_string(),
        "voip_info.reason_code: expected unsigned int32 (0..=4294967295), found integer 4294967296"
    );
}

#[test]
fn integers_must_be_in_their_exact_range() {
    assert_accepts("int32", &[json!(i32::MIN), json!(i32::MAX), json!(0)]);
    assert_accepts("uint32", &[json!(0), json!(u32::MAX)]);
    assert_accepts("int64", &[json!(i64::MIN), json!(i64::MAX)]);
    assert_accepts("uint64", &[json!(0), json!(u64::MAX)]);
    assert_eq!(
        field("int32", json!(2147483648u64)),
        ["int32: expected int32 (-2147483648..=2147483647), found integer 2147483648"]
    );
    assert_eq!(
        field("int32", json!(-2147483649i64)),
        ["int32: expected int32 (-2147483648..=2147483647), found integer -2147483649"]
    );
    assert_eq!(
        field("uint32", json!(-1)),
        ["uint32: expected unsigned int32 (0..=4294967295), found integer -1"]
    );
    assert_eq!(
        field("int64", json!(9223372036854775808u64)),
        [
            "int64: expected int64 (-9223372036854775808..=9223372036854775807), found integer 9223372036854775808"
        ]
    );
    assert_eq!(
        field("uint64", json!(-1)),
        ["uint64: expected unsigned int64 (0..=18446744073709551615), found integer -1"]
    );
}

#[test]
fn an_integer_is_not_a_fraction_a_float_or_a_quoted_number() {
    assert_eq!(
        field("int32", json!(1.5)),
        ["int32: expected int32, found float 1.5"]
    );
    // serde_json reads `1.0` as a float, and serde rejects a float for an integer.
    assert_eq!(
        field("uint64", json!(1.0)),
        ["uint64: expected unsigned int64, found float 1.0"]
    );
    let minus_zero: Value = serde_json::from_str("-0").unwrap();
    assert_eq!(
        field("uint32", minus_zero),
        ["uint32: expected unsigned int32, found float -0.0"]
    );
    assert_eq!(
        field("int64", json!("7")),
        [r#"int64: expected int64, found string "7""#]
    );
    assert_eq!(
        field("uint32", json!(true)),
        ["uint32: expected unsigned int32, found boolean true"]
    );
    let errors = validate(&EVERY_TYPE, &json!({"int32": 1.0})).unwrap_err();
    assert_eq!(errors.violations()[0].kind(), ViolationKind::WrongType);
}

#[test]
fn a_float_is_any_number() {
    assert_accepts(
        "float",
        &[
            json!(1),
            json!(-1),
            json!(1.5),
            json!(u64::MAX),
            json!(i64::MIN),
            json!(1e300),
        ],
    );
    assert_eq!(
        field("float", json!("1.5")),
        [r#"float: expected float, found string "1.5""#]
    );
}

#[test]
fn a_bool_is_only_true_or_false() {
    assert_accepts("bool", &[json!(true), json!(false)]);
    assert_eq!(
        field("bool", json!(1)),
        ["bool: expected bool, found integer 1"]
    );
    assert_eq!(
        field("bool", json!("true")),
        [r#"bool: expected bool, found string "true""#]
    );
}

#[test]
fn a_string_is_only_a_string() {
    assert_accepts("string", &[json!(""), json!("7")]);
    assert_eq!(
        field("string", json!(7)),
        ["string: expected string, found integer 7"]
    );
    assert_eq!(
        field("string", json!({})),
        ["string: expected string, found object {}"]
    );
}

/// Generated code holds a `file` as a `serde_json::Value`, which decodes
/// anything: validation agrees, in payloads and in parameters.
#[test]
fn a_file_is_any_json_value() {
    let anything = [
        json!("@/tmp/photo.jpg"),
        json!({"name": "photo.jpg", "bytes": [1, 2]}),
        json!([1, "a"]),
        json!(7),
        json!(1.5),
        json!(true),
    ];
    assert_accepts("file", &anything);
    let mut files = anything.to_vec();
    files.push(Value::Null);
    assert_accepts("files", &[Value::Array(files)]);
    for file in anything {
        let Value::Object(params) = json!({"message": "m", "ids": [1], "source": file}) else {
            unreachable!()
        };
        assert_eq!(
            validate_params(crate::__private::fixture::PARAMS, &params),
            Ok(()),
            "{params:?}"
        );
    }
    assert_eq!(
        field("files", json!({})),
        ["files: expected list<file>, found object {}"]
    );
}

#[test]
fn a_datetime_is_a_string_in_graph_or_rfc3339_form() {
    assert_accepts(
        "datetime",
        &[
            json!("2021-04-30T01:37:07+0000"),
            json!("2021-04-30T01:37:07Z"),
            json!("2021-04-30T03:37:07.5+02:00"),
        ],
    );
    assert_eq!(
        field("datetime", json!("yesterday")),
        [
            r#"datetime: expected datetime (2021-04-30T01:37:07+0000 or RFC 3339), found string "yesterday""#
        ]
    );
    assert_eq!(
        field("datetime", json!(1619746627)),
        ["datetime: expected datetime, found integer 1619746627"]
    );
    let errors = validate(
        &EVERY_TYPE,
        &json!({"datetime": "2021-13-01T00:00:00+0000"}),
    )
    .unwrap_err();
    assert_eq!(
        errors.violations()[0].kind(),
        ViolationKind::InvalidDateTime
    );
}

#[test]
fn an_unlisted_enum_value_is_a_warning_and_validate_passes() {
    let payload = json!({"call_status": "ACTIVEE"});
    assert_eq!(validate(&PAGE, &payload), Ok(()));
    assert_eq!(validate_strict(&PAGE, &payload), Ok(()));
    let report = check(&PAGE, &payload, Options::LENIENT);
    assert!(!report.has_errors());
    let warning = report.warnings().next().unwrap();
    assert_eq!(warning.kind(), ViolationKind::UnlistedEnumValue);
    assert_eq!(warning.severity(), Severity::Warning);
    assert_eq!(warning.suggestion(), Some("ACTIVE"));
    assert_eq!(
        warning.to_string(),
        r#"call_status: warning: expected call_status (one of ACTIVE, INACTIVE), found string "ACTIVEE"; did you mean `ACTIVE`?"#
    );
}

#[test]
fn an_enum_value_must_still_be_a_string() {
    assert_eq!(
        lenient(&PAGE, json!({"call_status": 1})),
        ["call_status: expected call_status, found integer 1"]
    );
}

#[test]
fn long_enum_listings_are_cut() {
    static MANY: EnumSchema = EnumSchema {
        name: "letter",
        values: &["A", "B", "C", "D", "E", "F", "G", "H"],
    };
    static NODE: NodeSchema = NodeSchema {
        name: "Node",
        fields: &[FieldSchema {
            name: "letter",
            ty: Type::Enum(&MANY),
        }],
    };
    assert_eq!(
        all(&NODE, json!({"letter": "QQ"})),
        [r#"letter: warning: expected letter (one of A, B, C, D, E, F, …), found string "QQ""#]
    );
}

#[test]
fn list_elements_are_each_checked_and_null_elements_are_errors() {
    assert_accepts("lists", &[json!([]), json!([[], [0, u64::MAX]])]);
    assert_eq!(
        field("lists", json!([[1, null], 2, [-1]])),
        [
            "lists[0][1]: expected unsigned int64, found null",
            "lists[1]: expected list<unsigned int64>, found integer 2",
            "lists[2][0]: expected unsigned int64 (0..=18446744073709551615), found integer -1",
        ]
    );
    assert_eq!(
        field("lists", json!({"0": []})),
        [r#"lists: expected list<list<unsigned int64>>, found object {"0":[]}"#]
    );
    // Object accepts anything, null included.
    assert_accepts("any_json", &[json!([null, 1, "x"])]);
}

#[test]
fn map_values_are_checked_and_keys_are_the_key_type_written_as_a_string() {
    assert_accepts(
        "int32_keyed",
        &[json!({"0": 1, "-2147483648": 1.5, "2147483647": -1})],
    );
    assert_eq!(
        field(
            "int32_keyed",
            json!({"x": 1, "2147483648": 1, "-0": 1, "07": 1, "1.0": 1, "5": "1.5"})
        ),
        [
            r#"int32_keyed["-0"]: expected key of type int32, found string "-0""#,
            r#"int32_keyed["07"]: expected key of type int32, found string "07""#,
            r#"int32_keyed["1.0"]: expected key of type int32, found string "1.0""#,
            r#"int32_keyed["2147483648"]: expected key of type int32 (-2147483648..=2147483647), found string "2147483648""#,
            r#"int32_keyed["5"]: expected float, found string "1.5""#,
            r#"int32_keyed.x: expected key of type int32, found string "x""#,
        ]
    );
    assert_eq!(
        field("uint64_keyed", json!({"-1": 1, "18446744073709551616": 1})),
        [
            r#"uint64_keyed["-1"]: expected key of type unsigned int64 (0..=18446744073709551615), found string "-1""#,
            r#"uint64_keyed["18446744073709551616"]: expected key of type unsigned int64 (0..=18446744073709551615), found string "18446744073709551616""#,
        ]
    );
    assert_accepts(
        "float_keyed",
        &[json!({"1.5": true, "-0": false, "1e3": true})],
    );
    assert_eq!(
        field("float_keyed", json!({"1e999": true, "one": true})),
        [
            r#"float_keyed["1e999"]: expected key of type float, found string "1e999""#,
            r#"float_keyed.one: expected key of type float, found string "one""#,
        ]
    );
    assert_eq!(
        field("bool_keyed", json!({"true": "a", "yes": "b"})),
        [r#"bool_keyed.yes: expected key of type bool, found string "yes""#]
    );
    assert_eq!(
        field(
            "datetime_keyed",
            json!({"2021-04-30T01:37:07+0000": 1, "today": 2})
        ),
        [
            r#"datetime_keyed.today: expected key of type datetime (2021-04-30T01:37:07+0000 or RFC 3339), found string "today""#
        ]
    );
    assert_eq!(
        field("enum_keyed", json!({"ACTIVE": true, "PAUSED": false})),
        [
            r#"enum_keyed.PAUSED: warning: expected key of type status (one of ACTIVE, INACTIVE, PENDING_REVIEW), found string "PAUSED""#
        ]
    );
    assert_eq!(
        field("strings_by_name", json!({"a": null})),
        ["strings_by_name.a: expected string, found null"]
    );
    assert_eq!(
        field("strings_by_name", json!([])),
        ["strings_by_name: expected map<string, string>, found array []"]
    );
}

#[test]
fn a_node_is_an_object_whose_fields_are_checked_recursively() {
    assert_eq!(
        lenient(&PAGE, json!({"voip_info": [true, 1]})),
        ["voip_info: expected VoipInfo, found array [true,1]"]
    );
    assert_eq!(
        lenient(
            &PAGE,
            json!({"voip_info": {"is_callable": "yes", "reason_code": "7"}})
        ),
        [
            r#"voip_info.is_callable: expected bool, found string "yes""#,
            r#"voip_info.reason_code: expected unsigned int32, found string "7""#,
        ]
    );
}

#[test]
fn object_and_unknown_types_accept_any_json() {
    let anything = [
        json!(1),
        json!("x"),
        json!([null]),
        json!({"a": [1.5]}),
        json!(false),
    ];
    assert_accepts("any_json", &anything);
    assert_accepts("unknown", &anything);
}

#[test]
fn null_counts_as_an_absent_field() {
    let every_field_null: Map<String, Value> = EVERY_TYPE
        .fields
        .iter()
        .map(|f| (f.name.to_owned(), Value::Null))
        .collect();
    assert!(
        check(
            &EVERY_TYPE,
            &Value::Object(every_field_null),
            Options::STRICT
        )
        .is_clean()
    );
}

#[test]
fn the_top_level_must_be_an_object_and_its_path_is_root() {
    let errors = validate(&PAGE, &json!([{"id": "1"}])).unwrap_err();
    assert_eq!(errors.violations()[0].path(), "");
    assert_eq!(
        errors.to_string(),
        r#"(root): expected Page, found array [{"id":"1"}]"#
    );
    assert_eq!(
        lenient(&PAGE, json!(null)),
        ["(root): expected Page, found null"]
    );
}

#[test]
fn paths_through_lists_of_maps_of_nodes() {
    let payload = json!({
        "list_of_maps": [
            {"a": {"uint32": 1}},
            {"a.b": {"children": [{}, {"uint32": -5}]}, "c": {"node": {"status": 3}}},
        ],
    });
    assert_eq!(
        lenient(&EVERY_TYPE, payload),
        [
            r#"list_of_maps[1]["a.b"].children[1].uint32: expected unsigned int32 (0..=4294967295), found integer -5"#,
            "list_of_maps[1].c.node.status: expected status, found integer 3",
        ]
    );
}

#[test]
fn cyclic_schemas_are_followed_as_deep_as_the_payload_goes() {
    let payload = json!({"parent": {"parent": {"parent": {"like_count": 1.5}}, "replies": [{"replies": [{"id": 9}]}]}});
    assert_eq!(
        lenient(&COMMENT, payload),
        [
            "parent.parent.parent.like_count: expected unsigned int32, found float 1.5",
            "parent.replies[0].replies[0].id: expected string, found integer 9",
        ]
    );
}

#[test]
fn nesting_past_the_depth_limit_is_reported_not_overflowed() {
    let mut deep = json!({"id": "bottom"});
    for _ in 0..(DEFAULT_MAX_DEPTH + 10) {
        deep = json!({ "parent": deep });
    }
    let errors = validate(&COMMENT, &deep).unwrap_err();
    assert_eq!(errors.len(), 1);
    let violation = &errors.violations()[0];
    assert_eq!(violation.kind(), ViolationKind::TooDeep);
    assert_eq!(
        violation.path(),
        vec!["parent"; DEFAULT_MAX_DEPTH].join(".")
    );
    assert!(
        violation
            .message()
            .starts_with("nested deeper than 128 levels")
    );

    let shallow = Options::LENIENT.max_depth(2);
    let report = check(
        &COMMENT,
        &json!({"replies": [{"id": "1"}], "parent": {"parent": {}}}),
        shallow,
    );
    assert_eq!(
        report.to_string(),
        "parent.parent: nested deeper than 2 levels; not checked further\n\
         replies[0]: nested deeper than 2 levels; not checked further"
    );
}

#[test]
fn strict_mode_reports_unknown_fields_with_a_suggestion() {
    let payload = json!({"voip_info": {"is_calable": true, "zzz": 1}, "name": "x"});
    assert_eq!(validate(&PAGE, &payload), Ok(()));
    let errors = validate_strict(&PAGE, &payload).unwrap_err();
    assert_eq!(
        errors.to_string(),
        "name: Page has no field \"name\"\n\
         voip_info.is_calable: VoipInfo has no field \"is_calable\"; did you mean `is_callable`?\n\
         voip_info.zzz: VoipInfo has no field \"zzz\""
    );
    let typo = &errors.violations()[1];
    assert_eq!(typo.kind(), ViolationKind::UnknownField);
    assert_eq!(typo.suggestion(), Some("is_callable"));
    assert_eq!(typo.expected(), "a field of VoipInfo");
    assert_eq!(typo.found(), r#"field "is_calable""#);
}

#[test]
fn unknown_fields_can_be_warnings() {
    let options = Options::LENIENT.unknown_fields(Some(Severity::Warning));
    let report = check(&VOIP_INFO, &json!({"is_pushabel": true}), options);
    assert!(!report.has_errors());
    assert_eq!(
        report.to_string(),
        "is_pushabel: warning: VoipInfo has no field \"is_pushabel\"; did you mean `is_pushable`?"
    );
}

#[test]
fn odd_unknown_names_stay_on_one_line_and_short() {
    let name = format!("line\nbreak{}", "x".repeat(100));
    let errors = validate_strict(&VOIP_INFO, &json!({ name: 1 })).unwrap_err();
    // Cut at 40 characters as shown: the escaped `\n` counts as two.
    let shown = format!(r#""line\nbreak{}…""#, "x".repeat(29));
    assert_eq!(
        errors.to_string(),
        format!("[{shown}]: VoipInfo has no field {shown}")
    );
}

#[test]
fn errors_carry_the_warnings_found_on_the_way() {
    let payload = json!({"call_status": "PAUSED", "id": 7});
    let errors = validate(&PAGE, &payload).unwrap_err();
    assert_eq!(errors.len(), 2);
    assert!(!errors.is_empty());
    assert_eq!(errors.errors().count(), 1);
    assert_eq!(errors.warnings().count(), 1);
    assert_eq!(
        errors.to_string(),
        "call_status: warning: expected call_status (one of ACTIVE, INACTIVE), found string \"PAUSED\"\n\
         id: expected string, found integer 7"
    );
    let paths: Vec<&str> = (&errors).into_iter().map(Violation::path).collect();
    assert_eq!(paths, ["call_status", "id"]);
    let boxed: Box<dyn std::error::Error> = Box::new(errors);
    assert!(boxed.to_string().contains("id: expected string"));
}

#[test]
fn found_values_are_cut_short() {
    let long = "a".repeat(60);
    assert_eq!(
        field("int32", json!(long)),
        [format!(
            "int32: expected int32, found string \"{}…\"",
            "a".repeat(40)
        )]
    );
    let many: Vec<u32> = (0..100).collect();
    assert_eq!(
        field("string", json!(many)),
        ["string: expected string, found array [0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,1…"]
    );
}

static KIND: EnumSchema = EnumSchema {
    name: "kind",
    values: &["PHOTO", "VIDEO"],
};

static PARAMS: &[ParamSchema] = &[
    ParamSchema {
        name: "message",
        ty: Type::String,
        required: true,
    },
    ParamSchema {
        name: "kind",
        ty: Type::Enum(&KIND),
        required: false,
    },
    ParamSchema {
        name: "tags",
        ty: Type::List(&Type::UInt64),
        required: false,
    },
    ParamSchema {
        name: "scores",
        ty: Type::Map(&Type::String, &Type::Float),
        required: false,
    },
    ParamSchema {
        name: "target",
        ty: Type::Node(&VOIP_INFO),
        required: false,
    },
];

fn params(values: Value) -> Vec<String> {
    let Value::Object(values) = values else {
        panic!("params are an object")
    };
    match validate_params(PARAMS, &values) {
        Ok(()) => Vec::new(),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn params_that_fit_pass() {
    let ok = json!({"message": "hi", "kind": "PHOTO", "tags": [1, 2], "scores": {"a": 1.5}, "target": {"is_callable": true}});
    assert_eq!(params(ok), Vec::<String>::new());
}

#[test]
fn a_required_param_must_be_present_and_not_null() {
    assert_eq!(
        params(json!({})),
        ["message: missing required parameter (expected string)"]
    );
    assert_eq!(
        params(json!({"message": null})),
        ["message: missing required parameter (expected string)"]
    );
    let Value::Object(empty) = json!({}) else {
        unreachable!()
    };
    let errors = validate_params(PARAMS, &empty).unwrap_err();
    assert_eq!(errors.violations()[0].kind(), ViolationKind::MissingParam);
}

#[test]
fn an_unknown_param_is_an_error_with_a_suggestion() {
    assert_eq!(
        params(json!({"message": "hi", "tagz": [1], "zzz": 1})),
        [
            "tagz: no parameter \"tagz\"; did you mean `tags`?",
            "zzz: no parameter \"zzz\"",
        ]
    );
}

#[test]
fn in_params_an_unlisted_enum_value_is_an_error() {
    assert_eq!(
        params(json!({"message": "hi", "kind": "PHOTOS"})),
        [
            r#"kind: expected kind (one of PHOTO, VIDEO), found string "PHOTOS"; did you mean `PHOTO`?"#
        ]
    );
}

#[test]
fn param_values_follow_the_same_type_rules() {
    assert_eq!(
        params(
            json!({"message": 1, "tags": [1, "2", -3], "scores": {"a": "x"}, "target": {"reason_code": 1.0, "nope": 1}})
        ),
        [
            "message: expected string, found integer 1",
            "scores.a: expected float, found string \"x\"",
            "tags[1]: expected unsigned int64, found string \"2\"",
            "tags[2]: expected unsigned int64 (0..=18446744073709551615), found integer -3",
            "target.nope: VoipInfo has no field \"nope\"",
            "target.reason_code: expected unsigned int32, found float 1.0",
        ]
    );
}

#[test]
fn the_fixture_lists_its_fields_sorted_for_binary_search() {
    let names: Vec<&str> = EVERY_TYPE.fields.iter().map(|f| f.name).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted);
    for name in names {
        assert!(EVERY_TYPE.field(name).is_some(), "{name}");
    }
}
