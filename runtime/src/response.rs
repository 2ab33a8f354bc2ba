//! A successful response: the decoded data plus the rate-limit usage headers.
//!
//! Graph reports how close an app is to its rate limits in three JSON-valued
//! headers; [`Usage`] reads them. A malformed header is ignored (that header
//! reads as `None`), never an error: usage is advice, the data is what was asked for.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::auth::Redactor;
use crate::error::{BodyProblem, Error, GraphError, HttpError};
use crate::tolerant::DecodeWarning;

/// Decoded data plus the usage headers that came with it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Response<T> {
    /// The decoded body.
    pub data: T,
    /// Rate-limit usage reported in the response headers.
    pub usage: Usage,
    /// Each value of the body that did not fit its declared type, and what
    /// decoding did with it (coerced, or kept raw in the model's `extra`),
    /// with its path. Empty when everything fitted, and always empty in
    /// strict mode, where the first one is an [`Error::Decode`] instead.
    /// See [`tolerant`](crate::tolerant).
    pub warnings: Vec<DecodeWarning>,
    /// The API version that served the request, from Graph's
    /// `facebook-api-version` header (`"v19.0"`); `None` when the header
    /// is absent. Graph serves a retired version's requests with the oldest
    /// version it still has, so this may differ from the version asked for:
    /// the client then logs a `tracing` warning (once per served version).
    pub api_version: Option<String>,
}

impl<T> Response<T> {
    /// A response carrying `data` and `usage`, without warnings.
    pub fn new(data: T, usage: Usage) -> Self {
        Response {
            data,
            usage,
            warnings: Vec::new(),
            api_version: None,
        }
    }

    /// The decoded body, dropping the usage.
    pub fn into_data(self) -> T {
        self.data
    }

    /// Converts the data, keeping the usage, warnings and version.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            data: f(self.data),
            usage: self.usage,
            warnings: self.warnings,
            api_version: self.api_version,
        }
    }

    /// Converts the data, keeping the usage; used to decode a JSON response into a model.
    pub fn try_map<U, E>(self, f: impl FnOnce(T) -> Result<U, E>) -> Result<Response<U>, E> {
        Ok(Response {
            data: f(self.data)?,
            usage: self.usage,
            warnings: self.warnings,
            api_version: self.api_version,
        })
    }
}

/// Rate-limit usage, from `X-App-Usage`, `X-Business-Use-Case-Usage` and
/// `X-Ad-Account-Usage`. Each is `None` when the header is absent or malformed.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Usage {
    /// `X-App-Usage`: the app's usage, in percent of its limit.
    pub app: Option<AppUsage>,
    /// `X-Business-Use-Case-Usage`: per business object id, one entry per use case.
    pub business_use_case: Option<BTreeMap<String, Vec<BusinessUseCaseUsage>>>,
    /// `X-Ad-Account-Usage`: the ad account's usage.
    pub ad_account: Option<AdAccountUsage>,
}

impl Usage {
    /// `X-App-Usage`.
    pub const APP_HEADER: &'static str = "x-app-usage";
    /// `X-Business-Use-Case-Usage`.
    pub const BUSINESS_USE_CASE_HEADER: &'static str = "x-business-use-case-usage";
    /// `X-Ad-Account-Usage`.
    pub const AD_ACCOUNT_HEADER: &'static str = "x-ad-account-usage";

    /// Reads the three headers; `header` looks one up by lower-case name.
    pub(crate) fn from_headers<'a>(header: impl Fn(&str) -> Option<&'a [u8]>) -> Self {
        fn parse<T: serde::de::DeserializeOwned>(value: Option<&[u8]>) -> Option<T> {
            serde_json::from_slice(value?).ok()
        }
        Usage {
            app: parse(header(Self::APP_HEADER)),
            business_use_case: parse(header(Self::BUSINESS_USE_CASE_HEADER)),
            ad_account: parse(header(Self::AD_ACCOUNT_HEADER)),
        }
    }

    /// Whether no usage header was present (or none could be read).
    pub fn is_empty(&self) -> bool {
        self.app.is_none() && self.business_use_case.is_none() && self.ad_account.is_none()
    }
}

/// `X-App-Usage`: `{"call_count": 28, "total_time": 25, "total_cputime": 25}`.
/// Values are percent of the app's limit.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct AppUsage {
    /// Calls made, in percent of the limit.
    #[serde(deserialize_with = "lenient::number")]
    pub call_count: Option<f64>,
    /// CPU time used, in percent of the limit.
    #[serde(deserialize_with = "lenient::number")]
    pub total_cputime: Option<f64>,
    /// Total time used, in percent of the limit.
    #[serde(deserialize_with = "lenient::number")]
    pub total_time: Option<f64>,
    /// Fields this crate does not know yet.
    #[serde(flatten)]
    pub other: BTreeMap<String, serde_json::Value>,
}

/// One use case of one business object in `X-Business-Use-Case-Usage`:
/// `{"type": "pages", "call_count": 100, "total_cputime": 25, "total_time": 25,
/// "estimated_time_to_regain_access": 19}`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct BusinessUseCaseUsage {
    /// `type`: the use case (`ads_management`, `pages`, …).
    #[serde(rename = "type")]
    pub use_case: Option<String>,
    /// Calls made, in percent of the limit.
    #[serde(deserialize_with = "lenient::number")]
    pub call_count: Option<f64>,
    /// CPU time used, in percent of the limit.
    #[serde(deserialize_with = "lenient::number")]
    pub total_cputime: Option<f64>,
    /// Total time used, in percent of the limit.
    #[serde(deserialize_with = "lenient::number")]
    pub total_time: Option<f64>,
    /// Minutes until calls are accepted again (0 when not throttled).
    #[serde(deserialize_with = "lenient::number")]
    pub estimated_time_to_regain_access: Option<f64>,
    /// `ads_api_access_tier` (`development_access`, `standard_access`).
    pub ads_api_access_tier: Option<String>,
    /// Fields this crate does not know yet.
    #[serde(flatten)]
    pub other: BTreeMap<String, serde_json::Value>,
}

/// `X-Ad-Account-Usage`:
/// `{"acc_id_util_pct": 9.67, "reset_time_duration": 100, "ads_api_access_tier": "standard_access"}`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct AdAccountUsage {
    /// Usage of the ad account's limit, in percent.
    #[serde(deserialize_with = "lenient::number")]
    pub acc_id_util_pct: Option<f64>,
    /// Seconds until the usage resets.
    #[serde(deserialize_with = "lenient::number")]
    pub reset_time_duration: Option<f64>,
    /// `ads_api_access_tier` (`development_access`, `standard_access`).
    pub ads_api_access_tier: Option<String>,
    /// Fields this crate does not know yet.
    #[serde(flatten)]
    pub other: BTreeMap<String, serde_json::Value>,
}

mod lenient {
    /// A number, or a numeric string; anything else reads as `None` rather
    /// than failing the whole header.
    pub(super) fn number<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<f64>, D::Error> {
        let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
        Ok(match value {
            serde_json::Value::Number(n) => n.as_f64(),
            serde_json::Value::String(s) => s.trim().parse().ok(),
            _ => None,
        })
    }
}

/// The body of a response that is not an error, as the client holds it
/// until a builder decodes it.
///
/// Most bodies stay as received ([`Body::Raw`]): the builder decodes its
/// model straight from the bytes, in one pass, with no `serde_json::Value`
/// in between (half the work of parsing into a `Value` and decoding that).
/// Only a body that may be an error envelope is parsed first.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Body {
    /// JSON as received with a 2xx status, not yet parsed (nor checked to
    /// be JSON: a body that is not is an [`HttpError`] when decoded).
    Raw { status: u16, bytes: Vec<u8> },
    /// Already parsed.
    Parsed(serde_json::Value),
}

impl Body {
    /// The body as a JSON value: parsed now if it was not yet.
    pub(crate) fn into_value(self, redactor: &Redactor) -> Result<serde_json::Value, Error> {
        match self {
            Body::Raw { status, bytes } => parse(status, &bytes, redactor),
            Body::Parsed(value) => Ok(value),
        }
    }
}

/// A body as JSON, or the [`HttpError`] that says it is not JSON.
pub(crate) fn parse(
    status: u16,
    body: &[u8],
    redactor: &Redactor,
) -> Result<serde_json::Value, Error> {
    serde_json::from_slice(body).map_err(|e| {
        let problem = BodyProblem::NotJson(e.to_string());
        Error::Http(HttpError::new(status, problem, body, redactor))
    })
}

/// Turns one HTTP response into a [`Body`] or an [`Error`]: the single
/// place that decides what counts as a Graph error.
///
/// A body of the form `{"error": {...}}` is a Graph error whatever the
/// status; otherwise a 2xx with a JSON body succeeds, and everything else is
/// an [`HttpError`] that says what was wrong with the body. A 2xx body in
/// which `"error"` does not occur at all cannot be an error envelope: it is
/// kept as received, unparsed ([`Body::Raw`]); any other body is parsed
/// here to tell.
pub(crate) fn interpret(status: u16, body: Vec<u8>, redactor: &Redactor) -> Result<Body, Error> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::Http(HttpError::new(
            status,
            BodyProblem::Empty,
            &body,
            redactor,
        )));
    }
    let success = (200..300).contains(&status);
    if success && memchr::memmem::find(&body, br#""error""#).is_none() {
        return Ok(Body::Raw {
            status,
            bytes: body,
        });
    }
    let json = parse(status, &body, redactor)?;
    if let Some(graph) = GraphError::from_envelope(status, &json, redactor) {
        return Err(Error::Graph(Box::new(graph)));
    }
    if success {
        Ok(Body::Parsed(json))
    } else {
        Err(Error::Http(HttpError::new(
            status,
            BodyProblem::NoGraphError,
            &body,
            redactor,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<&'a [u8]> {
        move |name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.as_bytes())
        }
    }

    #[test]
    fn reads_all_three_usage_headers() {
        let usage = Usage::from_headers(headers(&[
            (
                "x-app-usage",
                r#"{"call_count":28,"total_time":25,"total_cputime":"25","new_metric":1}"#,
            ),
            (
                "x-business-use-case-usage",
                r#"{"112233":[{"type":"pages","call_count":100,"total_cputime":25,"total_time":25,"estimated_time_to_regain_access":19}]}"#,
            ),
            (
                "x-ad-account-usage",
                r#"{"acc_id_util_pct":9.67,"reset_time_duration":100,"ads_api_access_tier":"standard_access"}"#,
            ),
        ]));
        let app = usage.app.unwrap();
        assert_eq!(
            (app.call_count, app.total_time, app.total_cputime),
            (Some(28.0), Some(25.0), Some(25.0))
        );
        assert_eq!(app.other["new_metric"], 1);
        let buc = &usage.business_use_case.unwrap()["112233"][0];
        assert_eq!(buc.use_case.as_deref(), Some("pages"));
        assert_eq!(buc.estimated_time_to_regain_access, Some(19.0));
        let ad = usage.ad_account.unwrap();
        assert_eq!(ad.acc_id_util_pct, Some(9.67));
        assert_eq!(ad.ads_api_access_tier.as_deref(), Some("standard_access"));
    }

    #[test]
    fn malformed_usage_headers_read_as_none() {
        let usage = Usage::from_headers(headers(&[
            ("x-app-usage", "{call_count: 28"),
            ("x-business-use-case-usage", "[]"),
            (
                "x-ad-account-usage",
                r#"{"acc_id_util_pct": {"nested": true}}"#,
            ),
        ]));
        assert!(usage.app.is_none());
        assert!(usage.business_use_case.is_none());
        assert_eq!(usage.ad_account.unwrap().acc_id_util_pct, None);
        assert!(Usage::from_headers(headers(&[])).is_empty());
    }

    #[test]
    fn interprets_bodies() {
        let r = Redactor::default();
        let interpret = |status, body: &[u8], r: &Redactor| interpret(status, body.to_vec(), r);
        let value =
            |status, body: &[u8]| interpret(status, body, &r).and_then(|b| b.into_value(&r));
        assert_eq!(value(200, br#"{"id":"1"}"#).unwrap()["id"], "1");
        // Kept as received, unless "error" occurs in it.
        assert_eq!(
            interpret(201, br#"{"id":"1"}"#, &r).unwrap(),
            Body::Raw {
                status: 201,
                bytes: br#"{"id":"1"}"#.to_vec()
            }
        );
        assert_eq!(
            interpret(200, br#"{"id":"1","error":"none"}"#, &r).unwrap(),
            Body::Parsed(serde_json::json!({"id": "1", "error": "none"}))
        );
        let err = value(200, br#"{"id":"1","na"#).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("HTTP 200 OK with a body that is not valid JSON (EOF"),
            "{err}"
        );
        let err = interpret(200, br#"{"id":"1","error""#, &r).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("HTTP 200 OK with a body that is not valid JSON (EOF"),
            "{err}"
        );
        let err = interpret(503, b"", &r).unwrap_err();
        assert_eq!(
            err.to_string(),
            "HTTP 503 Service Unavailable with an empty body"
        );
        let err = interpret(200, br#"{"error":{"message":"m","code":2}}"#, &r).unwrap_err();
        assert!(
            err.graph()
                .is_some_and(|g| g.code == Some(2) && g.http_status == 200)
        );
        // Anywhere in the object, as the first key or not.
        let err =
            interpret(200, br#"{"id":"1", "error":{"message":"m","code":2}}"#, &r).unwrap_err();
        assert!(
            err.graph()
                .is_some_and(|g| g.code == Some(2) && g.http_status == 200)
        );
        let err = interpret(404, br#"{"detail":"nope"}"#, &r).unwrap_err();
        assert!(
            matches!(&err, Error::Http(h) if *h.problem() == BodyProblem::NoGraphError),
            "{err}"
        );
    }
}
