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

impl GraphEnum for Status {
    const NAME: &'static str = "status";
    const VALUES: &'static [&'static str] = &["ACTIVE"];
    const KNOWN: &'static [Self] = &[Status::Active];
    fn from_other(value: UnknownValue) -> Self {
        Status::Other(value)
    }
    fn as_str(&self) -> &str {
        match self {
            Status::Active => "ACTIVE",
            Status::Other(value) => value.as_str(),
        }
    }
}

::graph_runtime::__private::enum_impls!(Status);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum VoipField {
    IsCallable,
}

impl Field for VoipField {
    const NODE: &'static str = "VoipInfo";
    const ALL: &'static [Self] = &[VoipField::IsCallable];
    fn as_str(self) -> &'static str {
        "is_callable"
    }
}

::graph_runtime::__private::field_impls!(VoipField);

#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
#[serde(remote = "Self")]
struct Voip {
    #[serde(skip_serializing_if = "Option::is_none")]
    is_callable: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<Status>,
    #[serde(skip)]
    extra: serde_json::Map<String, serde_json::Value>,
}

static STATUS: schema::EnumSchema = schema::EnumSchema {
    name: "status",
    values: &["ACTIVE"],
};

static VOIP: schema::NodeSchema = schema::NodeSchema {
    name: "VoipInfo",
    fields: &[
        schema::FieldSchema {
            name: "is_callable",
            ty: schema::Type::Bool,
        },
        schema::FieldSchema {
            name: "status",
            ty: schema::Type::Enum(&STATUS),
        },
    ],
};

impl graph_runtime::Node for Voip {
    type Field = VoipField;
    const SCHEMA: &'static schema::NodeSchema = &VOIP;
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
    const KNOWN: &'static [Self] = &[Legacy::On];
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
