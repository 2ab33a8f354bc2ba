//! The paths generated code calls: `::graph_runtime::__private::…` for the
//! macros (and, through them, the serde glue), and the root paths that code
//! generated earlier still uses. Each type below is written the way codegen
//! writes one, with one path or the other. (`model_serde!` changed with
//! tolerant decoding: a model needs its `extra` field, its `Node` impl and
//! its table of fields, and enums must be `Ord`, so code generated before
//! must be generated again; only the `__private` path is shown for it.)

use std::str::FromStr;

use graph_runtime::enums::UnknownValue;
use graph_runtime::{Field, GraphEnum, schema};
use serde_json::json;

// ---- through `__private` ---------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Status {
    Active,
    Other(UnknownValue),
}

::graph_runtime::__private::enum_table!(Status "status"; Active "ACTIVE");

::graph_runtime::__private::field_enum!(VoipField for Voip "VoipInfo" 1; IsCallable "is_callable");

// A wire name codegen gives a doc for (it has backticks, so the macro's
// `` `wire` `` would not be inert).
::graph_runtime::__private::field_enum!(TicksField for Voip "Ticks" 2; Plain "plain", Tick "a``b" = "`a''b`");

#[derive(Clone, PartialEq, Default)]
struct Voip {
    is_callable: Option<bool>,
    status: Option<Status>,
    extra: serde_json::Map<String, serde_json::Value>,
}

static VOIP: schema::NodeSchema = ::graph_runtime::__private::node_schema!(
    "VoipInfo"; "is_callable": Bool, "status": Enum(&Status::SCHEMA)
);

impl graph_runtime::Node for Voip {
    type Field = VoipField;
    fn schema() -> &'static schema::NodeSchema {
        &VOIP
    }
}

::graph_runtime::__private::model_serde!(Voip; 0 "is_callable" => is_callable; 1 "status" => status;);

// ---- through the root, as code generated before `__private` does -----------

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Legacy {
    On,
    Other(UnknownValue),
}

impl GraphEnum for Legacy {
    const NAME: &'static str = "legacy";
    const VALUES: &'static [&'static str] = &["ON"];
    fn from_known(value: &str) -> Option<Self> {
        (value == "ON").then_some(Legacy::On)
    }
    fn from_other(value: UnknownValue) -> Self {
        Legacy::Other(value)
    }
    fn as_str(&self) -> &str {
        match self {
            Legacy::On => "ON",
            Legacy::Other(value) => value.as_str(),
        }
    }
}

::graph_runtime::enum_impls!(Legacy);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum LegacyField {
    Id,
}

impl Field for LegacyField {
    const NODE: &'static str = "Legacy";
    const ALL: &'static [Self] = &[LegacyField::Id];
    fn as_str(self) -> &'static str {
        "id"
    }
}

::graph_runtime::field_impls!(LegacyField);

// ---- what the impls do -------------------------------------------------------

#[test]
fn enum_impls_parse_print_and_round_trip_any_value() {
    assert_eq!(Status::from_str("ACTIVE"), Ok(Status::Active));
    let paused = Status::from_str("PAUSED").unwrap();
    assert!(matches!(&paused, Status::Other(v) if v.as_str() == "PAUSED"));
    assert_eq!(
        (Status::Active.to_string(), paused.to_string()),
        ("ACTIVE".into(), "PAUSED".into())
    );
    assert_eq!(serde_json::to_value(&paused).unwrap(), json!("PAUSED"));
    let decoded: Status = serde_json::from_value(json!("ACTIVE")).unwrap();
    assert_eq!(decoded, Status::Active);
    let error = serde_json::from_value::<Status>(json!(1)).unwrap_err();
    assert!(error.to_string().contains("a status value"), "{error}");

    let on: Legacy = serde_json::from_value(json!("ON")).unwrap();
    assert_eq!((on.clone(), on.to_string()), (Legacy::On, "ON".to_owned()));
    assert_eq!(
        serde_json::to_value(Legacy::from_str("x").unwrap()).unwrap(),
        json!("x")
    );
}

#[test]
fn field_impls_parse_wire_names_with_a_suggestion() {
    assert_eq!(
        VoipField::from_str("is_callable"),
        Ok(VoipField::IsCallable)
    );
    assert_eq!(VoipField::IsCallable.to_string(), "is_callable");
    let unknown = VoipField::from_str("is_calable").unwrap_err();
    assert_eq!(unknown.suggestion(), Some("is_callable"));
    assert_eq!(
        (LegacyField::from_str("id"), LegacyField::Id.to_string()),
        (Ok(LegacyField::Id), "id".to_owned())
    );
}

#[test]
fn model_serde_reads_objects_only_and_writes_as_derived_plus_extra() {
    let voip: Voip =
        serde_json::from_value(json!({"is_callable": true, "status": "NEW", "more": 1})).unwrap();
    assert_eq!(voip.is_callable, Some(true));
    assert_eq!(voip.extra["more"], json!(1));
    assert_eq!(
        serde_json::to_value(&voip).unwrap(),
        json!({"is_callable": true, "status": "NEW", "more": 1})
    );
    // A derive alone would read `[true]` positionally.
    let error = serde_json::from_value::<Voip>(json!([true])).unwrap_err();
    assert!(
        error.to_string().contains("invalid type: sequence"),
        "{error}"
    );
}

#[test]
fn the_fixture_is_reachable_at_both_paths() {
    use graph_runtime::__private::fixture;
    assert!(std::ptr::eq(
        &fixture::EVERY_TYPE,
        &graph_runtime::validate::fixture::EVERY_TYPE
    ));
    assert_eq!(fixture::EVERY_TYPE.name, "EveryType");
    assert!(fixture::EVERY_TYPE.field("file").is_some());
}

// ---- the table macros ----------------------------------------------------------

#[derive(Clone, PartialEq)]
struct CreateParams {
    name: String,
    status: Option<Status>,
    tags: Option<Vec<String>>,
}

::graph_runtime::__private::params!(CreateParams;
    req "name" name: String,
    opt "status" status: Enum(&Status::SCHEMA),
    opt "tag_list" tags: List(&String),
);

#[test]
fn params_write_required_and_set_parameters_and_describe_each() {
    use graph_runtime::Params;
    let some = CreateParams {
        name: "n".into(),
        status: Some(Status::Active),
        tags: None,
    };
    assert_eq!(
        serde_json::to_value(&some).unwrap(),
        json!({"name": "n", "status": "ACTIVE"})
    );
    let all = CreateParams {
        tags: Some(vec!["a".into()]),
        ..some
    };
    assert_eq!(
        serde_json::to_value(&all).unwrap(),
        json!({"name": "n", "status": "ACTIVE", "tag_list": ["a"]})
    );
    let described: Vec<(&str, String, bool)> = CreateParams::SCHEMA
        .iter()
        .map(|p| (p.name, p.ty.to_string(), p.required))
        .collect();
    assert_eq!(
        described,
        [
            ("name", "string".to_owned(), true),
            ("status", "status".to_owned(), false),
            ("tag_list", "list<string>".to_owned(), false),
        ]
    );
}

#[test]
fn enum_table_maps_every_listed_value_to_its_variant_and_others_to_other() {
    #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
    enum Three {
        A,
        B,
        C,
        Other(UnknownValue),
    }
    ::graph_runtime::__private::enum_table!(Three "three"; A "a", B "b", C "");
    assert_eq!(Three::VALUES, ["a", "b", ""]);
    assert_eq!(Three::SCHEMA.name, "three");
    for (wire, variant) in [("a", Three::A), ("b", Three::B), ("", Three::C)] {
        assert_eq!(Three::from_known(wire), Some(variant.clone()));
        assert_eq!(variant.as_str(), wire);
        assert!(variant.is_known());
    }
    assert_eq!(Three::from_known("A"), None);
    let other = Three::from_wire("d");
    assert!(!other.is_known());
    assert_eq!(other.as_str(), "d");
}

#[test]
fn field_enum_lists_every_field_in_order_with_its_wire_name() {
    assert_eq!(VoipField::ALL, [VoipField::IsCallable]);
    assert_eq!(<VoipField as Field>::ALL, [VoipField::IsCallable]);
    assert_eq!(<VoipField as Field>::NODE, "VoipInfo");
    assert_eq!(VoipField::IsCallable.as_str(), "is_callable");
    // A variant given a doc keeps its wire name.
    assert_eq!(TicksField::ALL, [TicksField::Plain, TicksField::Tick]);
    assert_eq!(TicksField::Tick.as_str(), "a``b");
    assert_eq!("a``b".parse(), Ok(TicksField::Tick));
}

#[test]
fn a_set_field_wins_over_an_extra_entry_of_its_key_and_a_missing_one_does_not() {
    let mut voip = Voip {
        is_callable: Some(false),
        ..Voip::default()
    };
    voip.extra.insert("is_callable".into(), json!("raw"));
    voip.extra.insert("status".into(), json!(7));
    assert_eq!(
        serde_json::to_string(&voip).unwrap(),
        r#"{"is_callable":false,"status":7}"#
    );
    voip.is_callable = None;
    assert_eq!(
        serde_json::to_value(&voip).unwrap(),
        json!({"is_callable": "raw", "status": 7})
    );
}

#[test]
fn params_debug_as_they_encode_with_their_files() {
    let some = CreateParams {
        name: "n".into(),
        status: None,
        tags: Some(vec!["a".into()]),
    };
    assert_eq!(
        format!("{some:?}"),
        r#"CreateParams { name: "n", tag_list: ["a"] }"#
    );
    use graph_ops_api::{AdAccountCreateAdimagesParams, AdAccountCreateAdvideosParams};
    use graph_runtime::Upload;
    let video = AdAccountCreateAdvideosParams {
        source: Some(Upload::from_bytes("clip.mp4", vec![0u8; 3])),
        title: Some("t".into()),
        ..AdAccountCreateAdvideosParams::new()
    };
    // A file parameter by its file name, as it encodes.
    assert_eq!(
        format!("{video:?}"),
        r#"AdAccountCreateAdvideosParams { source: "clip.mp4", title: "t" }"#
    );
    let images = AdAccountCreateAdimagesParams {
        attached_files: vec![Upload::from_bytes("a.png", vec![1u8])],
        ..AdAccountCreateAdimagesParams::new()
    };
    let debug = format!("{images:?}");
    assert!(
        debug.starts_with(r#"AdAccountCreateAdimagesParams { a.png: Upload { file_name: "a.png""#),
        "{debug}"
    );
}
