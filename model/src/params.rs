//! Operation parameters: the [`Params`] trait generated parameter structs
//! implement, and how their values travel.
//!
//! Before anything is sent, parameters are serialized to a JSON object and
//! checked against the operation's [`ParamSchema`]s with [`validate_params`](crate::validate::validate_params):
//! a missing required parameter, a value of the wrong type or an enum value
//! the spec does not list is a [`ParamsError::InvalidParams`] (the client's
//! `Error::InvalidParams`), and the server
//! never sees the request.
//!
//! Values are then written the way Facebook's own SDKs write them: strings
//! as they are, numbers and booleans as their JSON text, lists, maps and
//! objects JSON-encoded (`["a","b"]`), and `null` left out. GET and DELETE
//! send them in the query string, POST as a form body.
//!
//! # Names the runtime sets itself
//!
//! Some query parameters belong to the client or to the request builder, and
//! a parameters struct may not carry them: [`CLIENT_PARAMS`] on every
//! request (a credential would otherwise travel in a URL), [`READ_PARAMS`]
//! on node reads and [`LIST_PARAMS`] on edge lists (the builder sets them,
//! and the query would otherwise hold the same key twice). One of them in a
//! [`Params`] value, whatever its `SCHEMA` says, is a
//! [`ParamsError::InvalidParams`] with a [`ViolationKind::ReservedParam`]
//! violation naming it (never its value), and nothing is sent. Codegen keeps
//! spec parameters with these names out of the structs it generates.
//!
//! [`ViolationKind::ReservedParam`]: crate::ViolationKind::ReservedParam

use serde_json::{Map, Value};

use crate::schema::{ParamSchema, Type};
use crate::upload::Upload;
use crate::validate::{Options, ValidationErrors, check_params_reserving};

/// Parameters the client sets on every request, and that nothing else may
/// set: the access token (sent as an `Authorization` header, never in a URL)
/// and `appsecret_proof` (computed from the app secret).
pub const CLIENT_PARAMS: &[&str] = &["access_token", "appsecret_proof"];

/// Parameters a node read (`NodeRead`,
/// `FieldRead`) sets itself: `fields`, from the field
/// selection. Besides [`CLIENT_PARAMS`].
pub const READ_PARAMS: &[&str] = &["fields"];

/// Parameters an edge list (`EdgeList`) sets itself:
/// `fields` (the selection), `limit` (the page size), and the paging cursors
/// `after` and `before`, which belong to the list because it follows
/// `paging.next` on its own. Besides [`CLIENT_PARAMS`].
pub const LIST_PARAMS: &[&str] = &["fields", "limit", "after", "before"];

/// The parameters of one operation. Generated parameter structs implement it;
/// required parameters are plain fields, optional ones `Option`s that are
/// skipped when `None`.
pub trait Params: serde::Serialize {
    /// Every parameter the operation takes, sorted by wire name.
    const SCHEMA: &'static [ParamSchema];

    /// The files set, each with the name of its part: the `file`
    /// parameters that are set, then any attached files under their own
    /// file names. A request with one is sent as `multipart/form-data`
    /// ([`upload`](crate::upload)). None by default.
    fn files(&self) -> Vec<(String, Upload)> {
        Vec::new()
    }
}

/// A parameter struct's `Debug`: its type name, then each parameter that
/// is set as it encodes (JSON, by wire name; a file by its file name), then
/// the files attached under their own names. One function for every
/// parameter struct rather than a derived impl per struct (which `cargo
/// check` of a large generated crate pays for). For generated code,
/// through `params!`.
#[doc(hidden)]
pub fn debug_params<P: Params>(params: &P, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
    crate::tolerant::de::debug_encoded(params, f, |entries, out| {
        for (part, upload) in params.files() {
            if !entries.contains_key(&part) {
                out.field(&part, &upload);
            }
        }
    })
}

/// The parameters of an operation that takes none. Serializes as an empty map.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoParams;

impl serde::Serialize for NoParams {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        serializer.serialize_map(Some(0))?.end()
    }
}

impl Params for NoParams {
    const SCHEMA: &'static [ParamSchema] = &[];
}

/// Why parameters cannot be sent: the client turns each into the
/// `Error` variant of the same name, and nothing is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamsError {
    /// The parameters do not serialize to a JSON object.
    InvalidRequest(String),
    /// The parameters break their schema, or set a name the runtime sets itself.
    InvalidParams(ValidationErrors),
}

impl std::fmt::Display for ParamsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParamsError::InvalidRequest(why) => write!(f, "invalid request: {why}"),
            ParamsError::InvalidParams(errors) => {
                write!(f, "invalid parameters, nothing was sent: {errors}")
            }
        }
    }
}

impl std::error::Error for ParamsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ParamsError::InvalidRequest(_) => None,
            ParamsError::InvalidParams(errors) => Some(errors),
        }
    }
}

/// Checks `params` against `P::SCHEMA` and encodes them as name/value pairs.
/// Besides [`CLIENT_PARAMS`], the names in `builder_params` are refused:
/// the request builder sets them.
///
/// `None` stands for parameters never given: that is fine unless the
/// operation has required ones, which are then reported missing.
#[doc(hidden)]
pub fn encode<P: Params>(
    params: Option<&P>,
    builder_params: &[&str],
) -> Result<Vec<(String, String)>, ParamsError> {
    let map = match params.map(serde_json::to_value).transpose() {
        Ok(None) => Map::new(),
        Ok(Some(Value::Object(map))) => map,
        Ok(Some(other)) => {
            return Err(ParamsError::InvalidRequest(format!(
                "parameters must serialize to a JSON object, not {}",
                json_type(&other)
            )));
        }
        Err(e) => {
            return Err(ParamsError::InvalidRequest(format!(
                "the parameters cannot be serialized: {e}"
            )));
        }
    };
    check_params_reserving(P::SCHEMA, &map, Options::PARAMS, builder_params)
        .into_result()
        .map_err(ParamsError::InvalidParams)?;
    // A `file` parameter serialized as its file name, for validation; its
    // content travels as a file part (`Params::files`), never as text.
    let is_file = |name: &str| {
        P::SCHEMA
            .iter()
            .any(|p| p.name == name && matches!(p.ty, Type::File))
    };
    Ok(map
        .into_iter()
        .filter(|(name, _)| !is_file(name))
        .filter_map(|(name, value)| Some((name, encode_value(value)?)))
        .collect())
}

/// One value as it travels: `None` for `null`, which is left out.
fn encode_value(value: Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        list_or_object => Some(list_or_object.to_string()),
    }
}

/// What kind of JSON value `value` is, for messages (`a string`).
#[doc(hidden)]
pub fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::json;

    use super::*;
    use crate::schema::{EnumSchema, Type};
    use crate::validate::ViolationKind;

    static OBJECTIVE: EnumSchema = EnumSchema {
        name: "objective",
        values: &["OUTCOME_SALES", "OUTCOME_TRAFFIC"],
    };

    /// `POST /act_{id}/campaigns`, cut down.
    #[derive(serde::Serialize)]
    struct CreateCampaign {
        name: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        objective: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        special_ad_categories: Option<Vec<String>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        daily_budget: Option<u64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        bid_amount: Option<f64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        is_active: Option<bool>,
        #[serde(skip_serializing_if = "Option::is_none")]
        adlabels: Option<BTreeMap<String, String>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        promoted_object: Option<Value>,
    }

    impl Params for CreateCampaign {
        const SCHEMA: &'static [ParamSchema] = &[
            ParamSchema {
                name: "adlabels",
                ty: Type::Map(&Type::String, &Type::String),
                required: false,
            },
            ParamSchema {
                name: "bid_amount",
                ty: Type::Float,
                required: false,
            },
            ParamSchema {
                name: "daily_budget",
                ty: Type::Int64,
                required: false,
            },
            ParamSchema {
                name: "is_active",
                ty: Type::Bool,
                required: false,
            },
            ParamSchema {
                name: "name",
                ty: Type::String,
                required: true,
            },
            ParamSchema {
                name: "objective",
                ty: Type::Enum(&OBJECTIVE),
                required: false,
            },
            ParamSchema {
                name: "promoted_object",
                ty: Type::Object,
                required: false,
            },
            ParamSchema {
                name: "special_ad_categories",
                ty: Type::List(&Type::String),
                required: false,
            },
        ];
    }

    fn named(name: &str) -> CreateCampaign {
        CreateCampaign {
            name: name.to_owned(),
            objective: None,
            special_ad_categories: None,
            daily_budget: None,
            bid_amount: None,
            is_active: None,
            adlabels: None,
            promoted_object: None,
        }
    }

    fn pairs(encoded: &[(String, String)]) -> Vec<(&str, &str)> {
        encoded
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect()
    }

    #[test]
    fn values_are_written_as_the_sdks_write_them() {
        let params = CreateCampaign {
            objective: Some("OUTCOME_SALES".into()),
            special_ad_categories: Some(vec!["HOUSING".into(), "EMPLOYMENT".into()]),
            daily_budget: Some(5000),
            bid_amount: Some(1.25),
            is_active: Some(false),
            adlabels: Some(BTreeMap::from([("k".into(), "v \"q\"".into())])),
            promoted_object: Some(json!({"page_id": "1", "pixel": null})),
            ..named("Spring {sale}")
        };
        let encoded = encode(Some(&params), &[]).unwrap();
        let mut got = pairs(&encoded);
        got.sort();
        assert_eq!(
            got,
            [
                ("adlabels", r#"{"k":"v \"q\""}"#),
                ("bid_amount", "1.25"),
                ("daily_budget", "5000"),
                ("is_active", "false"),
                ("name", "Spring {sale}"),
                ("objective", "OUTCOME_SALES"),
                ("promoted_object", r#"{"page_id":"1","pixel":null}"#),
                ("special_ad_categories", r#"["HOUSING","EMPLOYMENT"]"#),
            ]
        );
    }

    #[test]
    fn none_and_null_are_left_out() {
        assert_eq!(
            pairs(&encode(Some(&named("x")), &[]).unwrap()),
            [("name", "x")]
        );
        assert_eq!(encode_value(Value::Null), None);
        assert_eq!(encode(Some(&NoParams), &[]).unwrap(), []);
        assert_eq!(encode::<NoParams>(None, LIST_PARAMS).unwrap(), []);
    }

    #[test]
    fn no_params_serializes_as_an_empty_map() {
        assert_eq!(serde_json::to_value(NoParams).unwrap(), json!({}));
    }

    fn violations(
        result: Result<Vec<(String, String)>, ParamsError>,
    ) -> Vec<(String, ViolationKind)> {
        match result {
            Err(ParamsError::InvalidParams(errors)) => errors
                .errors()
                .map(|v| (v.path().to_owned(), v.kind()))
                .collect(),
            other => panic!("expected invalid parameters, got {other:?}"),
        }
    }

    #[test]
    fn missing_required_parameters_are_errors() {
        assert_eq!(
            violations(encode::<CreateCampaign>(None, &[])),
            [("name".to_owned(), ViolationKind::MissingParam)]
        );
    }

    #[test]
    fn unlisted_enum_values_and_wrong_types_are_errors() {
        let params = CreateCampaign {
            objective: Some("OUTCOME_EVERYTHING".into()),
            daily_budget: Some(u64::MAX),
            ..named("x")
        };
        assert_eq!(
            violations(encode(Some(&params), &[])),
            [
                ("daily_budget".to_owned(), ViolationKind::OutOfRange),
                ("objective".to_owned(), ViolationKind::UnlistedEnumValue),
            ]
        );
    }

    /// Parameters as any map, under a schema that lists every reserved
    /// name (a spec can list them; codegen leaves them out).
    #[derive(serde::Serialize)]
    #[serde(transparent)]
    struct Listed(Map<String, Value>);

    impl Params for Listed {
        const SCHEMA: &'static [ParamSchema] = &[
            ParamSchema {
                name: "access_token",
                ty: Type::String,
                required: true,
            },
            ParamSchema {
                name: "after",
                ty: Type::String,
                required: false,
            },
            ParamSchema {
                name: "appsecret_proof",
                ty: Type::String,
                required: false,
            },
            ParamSchema {
                name: "before",
                ty: Type::String,
                required: false,
            },
            ParamSchema {
                name: "fields",
                ty: Type::String,
                required: true,
            },
            ParamSchema {
                name: "limit",
                ty: Type::UInt32,
                required: false,
            },
        ];
    }

    /// The same under a schema that lists nothing.
    #[derive(serde::Serialize)]
    #[serde(transparent)]
    struct Unlisted(Map<String, Value>);

    impl Params for Unlisted {
        const SCHEMA: &'static [ParamSchema] = &[];
    }

    fn map(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            other => panic!("{other}"),
        }
    }

    #[test]
    fn credentials_are_never_parameters_whatever_the_schema_says() {
        const SECRET: &str = "EAAB-secret-in-params";
        let given = || map(json!({"access_token": SECRET, "appsecret_proof": SECRET}));
        for (error, builder_params) in [
            // `Listed` also requires `fields`, which a read sets.
            (
                encode(Some(&Listed(given())), READ_PARAMS).unwrap_err(),
                READ_PARAMS,
            ),
            (encode(Some(&Unlisted(given())), &[]).unwrap_err(), &[][..]),
            (
                encode(Some(&Unlisted(given())), LIST_PARAMS).unwrap_err(),
                LIST_PARAMS,
            ),
        ] {
            let shown = format!("{error} {error:?}");
            assert!(!shown.contains(SECRET), "{shown}");
            let ParamsError::InvalidParams(errors) = &error else {
                panic!("{error:?} ({builder_params:?})")
            };
            let found: Vec<_> = errors.errors().map(|v| (v.path(), v.kind())).collect();
            assert_eq!(
                found,
                [
                    ("access_token", ViolationKind::ReservedParam),
                    ("appsecret_proof", ViolationKind::ReservedParam),
                ]
            );
        }
        let error = encode(Some(&Unlisted(given())), &[]).unwrap_err();
        assert!(
            error.to_string().starts_with(
                "invalid parameters, nothing was sent: access_token: parameter `access_token` \
                 is set by the client; "
            ),
            "{error}"
        );
        assert!(
            error
                .to_string()
                .contains("appsecret_proof: parameter `appsecret_proof` is set by the client; "),
            "{error}"
        );
        // `null` is left out when sent: it sets nothing, so it is no conflict.
        let nulls = map(json!({"access_token": null, "appsecret_proof": null}));
        assert_eq!(encode(Some(&Unlisted(nulls)), &[]).unwrap(), []);
    }

    #[test]
    fn parameters_the_builder_sets_are_refused() {
        let each = |name: &str| map(json!({ name: "x" }));
        for name in LIST_PARAMS {
            let error = encode(Some(&Listed(each(name))), LIST_PARAMS).unwrap_err();
            let ParamsError::InvalidParams(errors) = &error else {
                panic!("{name}: {error:?}")
            };
            let found: Vec<_> = errors.errors().map(|v| (v.path(), v.kind())).collect();
            assert_eq!(found, [(*name, ViolationKind::ReservedParam)], "{error}");
            assert!(
                error
                    .to_string()
                    .contains(&format!("parameter `{name}` is set by the ")),
                "{error}"
            );
        }
        let message = |name: &str, reserved| {
            let error = encode(Some(&Unlisted(each(name))), reserved).unwrap_err();
            error.to_string()
        };
        assert!(message("fields", READ_PARAMS).contains("select fields with `.fields(…)`"));
        assert!(message("limit", LIST_PARAMS).contains("with `.limit(…)`"));
        assert!(message("after", LIST_PARAMS).contains("follows the paging cursors itself"));
        assert!(message("before", LIST_PARAMS).contains("follows the paging cursors itself"));
        // What a builder does not set is an ordinary parameter for it: a
        // read's `limit`, a write's `fields`, when the schema lists them.
        let limit = map(json!({"limit": 3, "fields": "a"}));
        let error = encode(Some(&Listed(limit.clone())), READ_PARAMS).unwrap_err();
        let ParamsError::InvalidParams(errors) = &error else {
            panic!("{error:?}")
        };
        assert_eq!(
            errors.errors().map(|v| v.path()).collect::<Vec<_>>(),
            ["fields"]
        );
        let mut encoded = encode(Some(&Listed(limit)), &[]).unwrap();
        encoded.sort();
        assert_eq!(pairs(&encoded), [("fields", "a"), ("limit", "3")]);
    }

    #[test]
    fn a_reserved_parameter_is_never_missing() {
        // `Listed` requires `access_token` and `fields`: the client and the
        // read set them, so leaving them out is right.
        assert_eq!(encode::<Listed>(None, READ_PARAMS).unwrap(), []);
        // Where the builder does not set `fields`, it is missing.
        assert_eq!(
            violations(encode::<Listed>(None, &[])),
            [("fields".to_owned(), ViolationKind::MissingParam)]
        );
    }

    #[test]
    fn the_reserved_lists_are_what_the_builders_set() {
        assert_eq!(CLIENT_PARAMS, ["access_token", "appsecret_proof"]);
        assert_eq!(READ_PARAMS, ["fields"]);
        assert_eq!(LIST_PARAMS, ["fields", "limit", "after", "before"]);
    }

    #[test]
    fn parameters_must_be_an_object() {
        struct Bare;
        impl serde::Serialize for Bare {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str("bare")
            }
        }
        impl Params for Bare {
            const SCHEMA: &'static [ParamSchema] = &[];
        }
        let error = encode(Some(&Bare), &[]).unwrap_err();
        assert!(
            matches!(&error, ParamsError::InvalidRequest(why) if why.ends_with("not a string")),
            "{error:?}"
        );
    }

    #[test]
    fn params_errors_say_what_is_wrong_and_that_nothing_was_sent() {
        struct Bare;
        impl serde::Serialize for Bare {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str("bare")
            }
        }
        impl Params for Bare {
            const SCHEMA: &'static [ParamSchema] = &[];
        }
        let error = encode(Some(&Bare), &[]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid request: parameters must serialize to a JSON object, not a string"
        );
        assert!(std::error::Error::source(&error).is_none());

        #[derive(serde::Serialize)]
        struct Token {
            access_token: &'static str,
        }
        impl Params for Token {
            const SCHEMA: &'static [ParamSchema] = &[];
        }
        let error = encode(
            Some(&Token {
                access_token: "EAAB-secret",
            }),
            &[],
        )
        .unwrap_err();
        let ParamsError::InvalidParams(errors) = &error else {
            panic!("{error:?}")
        };
        assert_eq!(
            error.to_string(),
            format!("invalid parameters, nothing was sent: {errors}")
        );
        assert!(!error.to_string().contains("EAAB-secret"), "{error}");
        let source = std::error::Error::source(&error).expect("the violations");
        assert_eq!(source.to_string(), errors.to_string());
    }
}
