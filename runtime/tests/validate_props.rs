//! Properties of validation over generated JSON:
//!
//! - `check`, `validate` and `validate_strict` never panic, whatever the JSON;
//! - decoding follows the same rules: a payload validates (no errors) if and
//!   only if it decodes into a serde model of the same schema (`file` and
//!   `Object` fields included, which generated models hold as JSON values);
//! - a `file` parameter takes any JSON value, as its generated type does;
//! - the same model made tolerant, as codegen makes models (`model_serde!`),
//!   decodes every object, loses no value when encoded again, warns at
//!   exactly the paths of `validate`'s errors, and decodes strictly exactly
//!   when `validate` passes.

use std::collections::BTreeMap;
use std::fmt;

use graph_runtime::__private::fixture::{EVERY_TYPE, PARAMS};
use graph_runtime::schema::{NodeSchema, Type};
use graph_runtime::validate::{self, Options};
use graph_runtime::{DateTime, decode};
use proptest::prelude::*;
use serde::Deserialize;
use serde_json::{Map, Value};

/// The serde model of `fixture::EVERY_TYPE`, written the way codegen writes
/// models: every field optional, the node itself boxed where it recurses,
/// and decoded from JSON objects only through [`object_only`](graph_runtime::__private::object_only)
/// (a plain derive would also take arrays; see
/// `derived_structs_also_decode_from_arrays`).
#[derive(Debug, Default, Deserialize)]
#[serde(default, remote = "Self")]
#[allow(dead_code)]
struct EveryType {
    any_json: Option<Value>,
    bool: Option<bool>,
    bool_keyed: Option<BTreeMap<bool, String>>,
    children: Option<Vec<EveryType>>,
    datetime: Option<DateTime>,
    datetime_keyed: Option<BTreeMap<DateTime, i32>>,
    // Unlisted enum keys only warn, so any string key decodes.
    enum_keyed: Option<BTreeMap<String, bool>>,
    // A `file` is a JSON value in generated models: anything decodes.
    file: Option<Value>,
    files: Option<Vec<Value>>,
    float: Option<f64>,
    float_keyed: Option<FloatKeyed>,
    int32: Option<i32>,
    int32_keyed: Option<BTreeMap<i32, f64>>,
    int64: Option<i64>,
    int64_keyed: Option<BTreeMap<i64, EveryType>>,
    list_of_maps: Option<Vec<BTreeMap<String, EveryType>>>,
    lists: Option<Vec<Vec<u64>>>,
    node: Option<Box<EveryType>>,
    status: Option<Status>,
    statuses: Option<Vec<Status>>,
    string: Option<String>,
    strings_by_name: Option<BTreeMap<String, String>>,
    uint32: Option<u32>,
    uint32_keyed: Option<BTreeMap<u32, String>>,
    uint64: Option<u64>,
    uint64_keyed: Option<BTreeMap<u64, u32>>,
    unknown: Option<Value>,
}

impl<'de> Deserialize<'de> for EveryType {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        graph_runtime::__private::object_only(deserializer, EveryType::deserialize)
    }
}

/// [`EveryType`] as codegen writes it now: tolerant and lossless, through
/// `model_serde!` with the fixture's schema.
#[derive(Default)]
struct Tolerant {
    any_json: Option<Value>,
    bool: Option<bool>,
    bool_keyed: Option<BTreeMap<bool, String>>,
    children: Option<Vec<Tolerant>>,
    datetime: Option<DateTime>,
    datetime_keyed: Option<BTreeMap<DateTime, i32>>,
    enum_keyed: Option<BTreeMap<String, bool>>,
    file: Option<Value>,
    files: Option<Vec<Value>>,
    float: Option<f64>,
    float_keyed: Option<BTreeMap<FloatKey, bool>>,
    int32: Option<i32>,
    int32_keyed: Option<BTreeMap<i32, f64>>,
    int64: Option<i64>,
    int64_keyed: Option<BTreeMap<i64, Tolerant>>,
    list_of_maps: Option<Vec<BTreeMap<String, Tolerant>>>,
    lists: Option<Vec<Vec<u64>>>,
    node: Option<Box<Tolerant>>,
    status: Option<TolerantStatus>,
    statuses: Option<Vec<TolerantStatus>>,
    string: Option<String>,
    strings_by_name: Option<BTreeMap<String, String>>,
    uint32: Option<u32>,
    uint32_keyed: Option<BTreeMap<u32, String>>,
    uint64: Option<u64>,
    uint64_keyed: Option<BTreeMap<u64, u32>>,
    unknown: Option<Value>,
    extra: Map<String, Value>,
}

graph_runtime::model_serde!(Tolerant, &EVERY_TYPE; 0 "any_json" => any_json; 1 "bool" => bool; 2 "bool_keyed" => bool_keyed; 3 "children" => children; 4 "datetime" => datetime; 5 "datetime_keyed" => datetime_keyed; 6 "enum_keyed" => enum_keyed; 7 "file" => file; 8 "files" => files; 9 "float" => float; 10 "float_keyed" => float_keyed; 11 "int32" => int32; 12 "int32_keyed" => int32_keyed; 13 "int64" => int64; 14 "int64_keyed" => int64_keyed; 15 "list_of_maps" => list_of_maps; 16 "lists" => lists; 17 "node" => node; 18 "status" => status; 19 "statuses" => statuses; 20 "string" => string; 21 "strings_by_name" => strings_by_name; 22 "uint32" => uint32; 23 "uint32_keyed" => uint32_keyed; 24 "uint64" => uint64; 25 "uint64_keyed" => uint64_keyed; 26 "unknown" => unknown;);

/// The fixture's enum as codegen writes enums: any string decodes
/// (unlisted values are `Other`), through `enum_table!`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum TolerantStatus {
    Active,
    Inactive,
    PendingReview,
    Other(graph_runtime::enums::UnknownValue),
}

graph_runtime::__private::enum_table!(TolerantStatus "status"; Active "ACTIVE", Inactive "INACTIVE", PendingReview "PENDING_REVIEW");

/// A `float` map key (codegen never writes one: f64 is not `Ord`), ordered
/// so that `0.0` and `-0.0` are one key, as `validate` sees them.
#[derive(Debug, Clone, Copy, serde::Serialize)]
struct FloatKey(f64);

impl PartialEq for FloatKey {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for FloatKey {}

impl PartialOrd for FloatKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for FloatKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.0 + 0.0).total_cmp(&(other.0 + 0.0))
    }
}

impl graph_runtime::__private::Key for FloatKey {
    fn parse_key(key: &str) -> Option<Self> {
        key.parse().ok().map(FloatKey)
    }
}

/// An enum field. Generated enums decode any string (unlisted values land
/// in `Other`) and nothing else; a string newtype has the same rule without
/// tracking `GraphEnum`'s items, which codegen owns.
#[derive(Debug, Deserialize, serde::Serialize)]
#[serde(transparent)]
#[allow(dead_code)]
struct Status(String);

/// `map<float, bool>`: f64 is not `Ord`, so keep the entries in a vector.
#[derive(Debug)]
#[allow(dead_code)]
struct FloatKeyed(Vec<(f64, bool)>);

impl serde::Serialize for FloatKeyed {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl<'de> Deserialize<'de> for FloatKeyed {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = FloatKeyed;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map with float keys")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<FloatKeyed, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<f64, bool>()? {
                    entries.push(entry);
                }
                Ok(FloatKeyed(entries))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

// ---- strategies -------------------------------------------------------

fn interesting_integer() -> impl Strategy<Value = Value> {
    let edges: Vec<Value> = vec![
        0.into(),
        (-1).into(),
        1.into(),
        i32::MIN.into(),
        i32::MAX.into(),
        (i64::from(i32::MIN) - 1).into(),
        (i64::from(i32::MAX) + 1).into(),
        u32::MAX.into(),
        (u64::from(u32::MAX) + 1).into(),
        i64::MIN.into(),
        i64::MAX.into(),
        (i64::MAX as u64 + 1).into(),
        u64::MAX.into(),
    ];
    prop_oneof![
        prop::sample::select(edges),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
    ]
}

fn float() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(vec![0.0, -0.0, 1.0, 1.5, -2.5, 4294967296.0, 1e300]),
        any::<f64>(),
    ]
    .prop_filter_map("JSON has no NaN or infinity", |f| {
        serde_json::Number::from_f64(f).map(Value::Number)
    })
}

const STRINGS: &[&str] = &[
    "",
    "7",
    "-1",
    "1.5",
    "true",
    "null",
    "ACTIVE",
    "INACTIVE",
    "PENDING_REVIEW",
    "PAUSED",
    "2021-04-30T01:37:07+0000",
    "2021-04-30T01:37:07Z",
    "2021-04-30T03:37:07.25+02:00",
    "2021-13-30T01:37:07+0000",
    "yesterday",
];

fn string() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(STRINGS).prop_map(str::to_owned),
        "[a-zA-Z0-9 ._\\-]{0,12}",
        any::<String>(),
    ]
}

/// Keys: the fixture's field and parameter names, numbers written as strings, and anything.
fn key() -> impl Strategy<Value = String> {
    let fields = EVERY_TYPE.fields.iter().map(|f| f.name);
    let names: Vec<&str> = fields.chain(PARAMS.iter().map(|p| p.name)).collect();
    const NUMERIC: &[&str] = &[
        "0",
        "7",
        "-1",
        "-0",
        "07",
        "+1",
        "1.5",
        "1e3",
        "1e999",
        "2147483648",
        "4294967296",
        "18446744073709551616",
    ];
    prop_oneof![
        3 => prop::sample::select(names).prop_map(str::to_owned),
        1 => prop::sample::select(NUMERIC).prop_map(str::to_owned),
        1 => string(),
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        interesting_integer(),
        float(),
        string().prop_map(Value::String),
    ]
}

/// Any JSON, with object keys that often name real fields.
fn any_json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(6, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(key(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// JSON shaped like `ty`, with wrong values mixed in at every level.
fn shaped(ty: Type, depth: u32) -> BoxedStrategy<Value> {
    let fitting: BoxedStrategy<Value> = match ty {
        Type::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
        Type::String => string().prop_map(Value::String).boxed(),
        Type::DateTime => prop_oneof![3 => datetime(), 1 => string()]
            .prop_map(Value::String)
            .boxed(),
        Type::Enum(schema) => {
            let listed = prop::sample::select(schema.values).prop_map(str::to_owned);
            prop_oneof![3 => listed, 1 => string()]
                .prop_map(Value::String)
                .boxed()
        }
        Type::Int32 => {
            prop_oneof![6 => any::<i32>().prop_map(Value::from), 1 => interesting_integer()].boxed()
        }
        Type::UInt32 => {
            prop_oneof![6 => any::<u32>().prop_map(Value::from), 1 => interesting_integer()].boxed()
        }
        Type::Int64 => {
            prop_oneof![6 => any::<i64>().prop_map(Value::from), 1 => interesting_integer()].boxed()
        }
        Type::UInt64 => {
            prop_oneof![6 => any::<u64>().prop_map(Value::from), 1 => interesting_integer()].boxed()
        }
        Type::Float => prop_oneof![interesting_integer(), float()].boxed(),
        Type::Object | Type::File | Type::Unknown(_) => any_json().boxed(),
        _ if depth == 0 => leaf().boxed(),
        Type::List(item) => prop::collection::vec(shaped(*item, depth - 1), 0..4)
            .prop_map(Value::Array)
            .boxed(),
        Type::Map(key_ty, value_ty) => {
            prop::collection::btree_map(shaped_key(*key_ty), shaped(*value_ty, depth - 1), 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect()))
                .boxed()
        }
        Type::Node(schema) => shaped_node(schema, depth - 1),
        Type::Edge(item) => prop::collection::vec(shaped(*item, depth - 1), 0..4)
            .prop_map(|data| serde_json::json!({ "data": data }))
            .boxed(),
    };
    prop_oneof![30 => fitting, 1 => leaf(), 1 => any_json()].boxed()
}

fn datetime() -> impl Strategy<Value = String> {
    (
        1970..2100i32,
        1..=12u8,
        1..=28u8,
        0..24u8,
        0..60u8,
        0..60u8,
        prop::bool::ANY,
    )
        .prop_map(|(year, month, day, hour, minute, second, graph_form)| {
            let offset = if graph_form { "+0000" } else { "Z" };
            format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{offset}")
        })
}

/// Keys shaped like `ty` written as a string, with wrong ones mixed in.
fn shaped_key(ty: Type) -> BoxedStrategy<String> {
    let fitting = match ty {
        Type::Int32 | Type::UInt32 | Type::Int64 | Type::UInt64 => {
            any::<u32>().prop_map(|n| n.to_string()).boxed()
        }
        Type::Float => float().prop_map(|v| v.to_string()).boxed(),
        Type::Bool => any::<bool>().prop_map(|b| b.to_string()).boxed(),
        Type::DateTime => datetime().boxed(),
        Type::Enum(schema) => prop::sample::select(schema.values)
            .prop_map(str::to_owned)
            .boxed(),
        _ => string().boxed(),
    };
    let integer = interesting_integer().prop_map(|v| v.to_string());
    prop_oneof![12 => fitting, 1 => integer, 1 => key()].boxed()
}

fn shaped_node(schema: &'static NodeSchema, depth: u32) -> BoxedStrategy<Value> {
    let fields: Vec<_> = schema
        .fields
        .iter()
        .map(|f| {
            prop::option::weighted(0.2, shaped(f.ty, depth))
                .prop_map(move |v| v.map(|v| (f.name, v)))
        })
        .collect();
    let extra = prop::collection::btree_map(key(), leaf(), 0..2);
    (fields, extra)
        .prop_map(|(fields, extra)| {
            let mut object: Map<String, Value> = extra.into_iter().collect();
            for (name, value) in fields.into_iter().flatten() {
                object.insert(name.to_owned(), value);
            }
            Value::Object(object)
        })
        .boxed()
}

fn payload() -> BoxedStrategy<Value> {
    prop_oneof![3 => shaped_node(&EVERY_TYPE, 3), 1 => any_json()].boxed()
}

// ---- properties -------------------------------------------------------

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn checking_any_json_never_panics(value in any_json()) {
        for options in [Options::LENIENT, Options::STRICT, Options::PARAMS, Options::LENIENT.max_depth(2)] {
            let report = validate::check(&EVERY_TYPE, &value, options);
            let _ = report.to_string();
        }
        let _ = validate::validate(&EVERY_TYPE, &value);
        let _ = validate::validate_strict(&EVERY_TYPE, &value);
        if let Value::Object(params) = &value {
            let _ = validate::validate_params(PARAMS, params).map_err(|e| e.to_string());
        }
    }
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn a_payload_validates_exactly_when_it_decodes(value in payload()) {
        // A plain serde map keeps one of two keys that spell the same value
        // and drops the other without a word; validation reports it (and
        // the tolerant model keeps the map raw: see below). Leave it aside.
        let report = validate::check(&EVERY_TYPE, &value, Options::LENIENT);
        let only_duplicates = report
            .errors()
            .all(|v| v.kind() == validate::ViolationKind::DuplicateKey);
        let validated = if only_duplicates { Ok(()) } else { report.into_result() };
        let decoded = decode::from_value::<EveryType>(&value);
        match (&validated, &decoded) {
            (Ok(()), Err(e)) => prop_assert!(false, "validates but does not decode: {e}\n{value:#}"),
            (Err(e), Ok(_)) => prop_assert!(false, "decodes but does not validate:\n{e}\n{value:#}"),
            _ => {}
        }
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// A `file` parameter is a JSON value in generated parameter structs,
    /// so any value is a valid one (`null` is absent, and so valid too).
    #[test]
    fn a_file_parameter_takes_any_json(file in any_json()) {
        let mut params = Map::new();
        params.insert("message".to_owned(), Value::from("m"));
        params.insert("ids".to_owned(), Value::from(vec![1]));
        params.insert("source".to_owned(), file.clone());
        let validated = validate::validate_params(PARAMS, &params);
        prop_assert!(validated.is_ok(), "{file:#}: {:?}", validated.map_err(|e| e.to_string()));
        let decoded = serde_json::from_value::<Value>(file);
        prop_assert!(decoded.is_ok());
    }
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn tolerant_decoding_keeps_everything_and_agrees_with_validate(value in payload()) {
        use graph_runtime::tolerant;
        let report = validate::check(&EVERY_TYPE, &value, Options::LENIENT);
        let errors: Vec<&str> = report.errors().map(|v| v.path()).collect();
        let strict = tolerant::decode_strict::<Tolerant>(&value);
        prop_assert_eq!(strict.is_ok(), errors.is_empty(), "{:#}", value);
        if !value.is_object() {
            prop_assert!(tolerant::decode::<Tolerant>(&value).is_err());
            return Ok(());
        }
        let decoded = tolerant::decode::<Tolerant>(&value);
        prop_assert!(decoded.is_ok(), "{:#}", value);
        let decoded = decoded.unwrap();
        let mut warned: Vec<&str> = decoded.warnings.iter().map(|w| w.path()).collect();
        let mut expected = errors.clone();
        warned.sort_unstable();
        expected.sort_unstable();
        prop_assert_eq!(warned, expected, "{:#}", value);
        let encoded = serde_json::to_value(&decoded.value).unwrap();
        let lost = tolerant::lost_values(Type::Node(&EVERY_TYPE), &value, &encoded);
        prop_assert!(lost.is_empty(), "lost {:?}:\n{:#}\n→ {:#}", lost, value, encoded);
    }
}

/// Why models go through [`object_only`](graph_runtime::__private::object_only), pinned so it stays
/// visible: a plain derive decodes arrays that validation rejects.
#[test]
fn derived_structs_also_decode_from_arrays() {
    #[derive(Debug, Default, Deserialize)]
    #[serde(default)]
    struct Plain {
        bool: Option<bool>,
        node: Option<Box<Plain>>,
    }

    let empty_array = serde_json::json!([]);
    assert!(validate::validate(&EVERY_TYPE, &empty_array).is_err());
    assert!(decode::from_value::<Plain>(&empty_array).is_ok());

    let positional = serde_json::json!({"node": [true]});
    let errors = validate::validate(&EVERY_TYPE, &positional).unwrap_err();
    assert_eq!(
        errors.to_string(),
        "node: expected EveryType, found array [true]"
    );
    let decoded = decode::from_value::<Plain>(&positional).unwrap();
    assert_eq!(decoded.node.and_then(|node| node.bool), Some(true));

    assert!(decode::from_value::<EveryType>(&positional).is_err());
}

/// A list kept raw reports its errors only: an unlisted enum value beside
/// the element that does not fit is a validation warning, not a decoding one.
#[test]
fn a_list_kept_raw_reports_its_errors_only() {
    let payload = serde_json::json!({"statuses": ["SOMETHING_NEW", 5, "ACTIVE"]});
    let decoded = graph_runtime::tolerant::decode::<Tolerant>(&payload).unwrap();
    let warnings: Vec<String> = decoded.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        ["statuses[1]: expected status, found integer 5 (kept raw)"]
    );
    assert!(decoded.value.statuses.is_none());
    assert_eq!(decoded.value.extra["statuses"], payload["statuses"]);
}
