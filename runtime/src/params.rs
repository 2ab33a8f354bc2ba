//! Operation parameters: the [`Params`] trait generated parameter structs
//! implement, and how their values travel.
//!
//! Before anything is sent, parameters are serialized to a JSON object and
//! checked against the operation's [`ParamSchema`]s with [`validate_params`]:
//! a missing required parameter, a value of the wrong type or an enum value
//! the spec does not list is an [`Error::InvalidParams`], and the server
//! never sees the request.
//!
//! Values are then written the way Facebook's own SDKs write them: strings
//! as they are, numbers and booleans as their JSON text, lists, maps and
//! objects JSON-encoded (`["a","b"]`), and `null` left out. GET and DELETE
//! send them in the query string, POST as a form body.

use serde_json::{Map, Value};

use crate::error::Error;
use crate::schema::ParamSchema;
use crate::validate::validate_params;

/// The parameters of one operation. Generated parameter structs implement it;
/// required parameters are plain fields, optional ones `Option`s that are
/// skipped when `None`.
pub trait Params: serde::Serialize {
    /// Every parameter the operation takes, sorted by wire name.
    const SCHEMA: &'static [ParamSchema];
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

/// Checks `params` against `P::SCHEMA` and encodes them as name/value pairs.
///
/// `None` stands for parameters never given: that is fine unless the
/// operation has required ones, which are then reported missing.
pub(crate) fn encode<P: Params>(params: Option<&P>) -> Result<Vec<(String, String)>, Error> {
    let map = match params.map(serde_json::to_value).transpose() {
        Ok(None) => Map::new(),
        Ok(Some(Value::Object(map))) => map,
        Ok(Some(other)) => {
            return Err(Error::InvalidRequest(format!(
                "parameters must serialize to a JSON object, not {}",
                json_type(&other)
            )));
        }
        Err(e) => {
            return Err(Error::InvalidRequest(format!(
                "the parameters cannot be serialized: {e}"
            )));
        }
    };
    validate_params(P::SCHEMA, &map).map_err(Error::InvalidParams)?;
    Ok(map
        .into_iter()
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

fn json_type(value: &Value) -> &'static str {
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
        let encoded = encode(Some(&params)).unwrap();
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
        assert_eq!(pairs(&encode(Some(&named("x"))).unwrap()), [("name", "x")]);
        assert_eq!(encode_value(Value::Null), None);
        assert_eq!(encode(Some(&NoParams)).unwrap(), []);
        assert_eq!(encode::<NoParams>(None).unwrap(), []);
    }

    #[test]
    fn no_params_serializes_as_an_empty_map() {
        assert_eq!(serde_json::to_value(NoParams).unwrap(), json!({}));
    }

    fn violations(result: Result<Vec<(String, String)>, Error>) -> Vec<(String, ViolationKind)> {
        match result {
            Err(Error::InvalidParams(errors)) => errors
                .errors()
                .map(|v| (v.path().to_owned(), v.kind()))
                .collect(),
            other => panic!("expected invalid parameters, got {other:?}"),
        }
    }

    #[test]
    fn missing_required_parameters_are_errors() {
        assert_eq!(
            violations(encode::<CreateCampaign>(None)),
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
            violations(encode(Some(&params))),
            [
                ("daily_budget".to_owned(), ViolationKind::OutOfRange),
                ("objective".to_owned(), ViolationKind::UnlistedEnumValue),
            ]
        );
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
        let error = encode(Some(&Bare)).unwrap_err();
        assert!(
            matches!(&error, Error::InvalidRequest(why) if why.ends_with("not a string")),
            "{error:?}"
        );
    }
}
