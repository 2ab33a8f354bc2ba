//! Scripted rate limits: usage headers that climb with each request, then
//! Graph's rate-limit error until the regain time has passed.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::governor::{Clock, LimitKey};

/// A rate limit the emulator enforces ([`MockGraph::usage_limit`](super::MockGraph::usage_limit)).
///
/// Each request the limit applies to (every request for [`LimitKey::App`];
/// requests whose first path segment is the business object's id, or
/// `act_{id}`, for [`LimitKey::BusinessUseCase`]; requests to `act_{id}` for
/// [`LimitKey::AdAccount`]) raises its usage by [`step`](UsageLimit::step)
/// percent and carries the usage header. The request that brings it to
/// 100 % is refused with Graph's rate-limit error, and so is every request
/// after it until [`regain`](UsageLimit::regain) has passed on the
/// emulator's clock ([`MockGraph::clock`](super::MockGraph::clock)); then
/// usage starts again from zero.
///
/// What the headers and errors carry, as Graph sends them:
///
/// - app: `X-App-Usage` (`call_count`, `total_cputime`, `total_time`); at
///   the limit, code 4 (`Application request limit reached`), with no regain
///   time (Graph sends none for the app).
/// - business use case: `X-Business-Use-Case-Usage`, with
///   `estimated_time_to_regain_access` in minutes (0 until blocked); at the
///   limit, the use case's code: 80001 for `pages` (`There have been too
///   many calls to this Page account`), 80004 subcode 2446079 for
///   `ads_management`, 80002 `instagram`, 80003 `custom_audience`, 80005
///   `leadgen`, 80006 `messenger`, 80000 `ads_insights`, 80001 for others.
/// - ad account: `X-Ad-Account-Usage` (`acc_id_util_pct`, and
///   `reset_time_duration`: seconds until the block ends, or the regain
///   time while not blocked); at the limit, code 17 subcode 2446079
///   (`User request limit reached`).
///
/// ```
/// use std::time::Duration;
/// use graph_runtime::governor::LimitKey;
/// use graph_runtime::mock::{MockGraph, UsageLimit};
/// let server = MockGraph::new("EAAB-test-token")
///     .usage_limit(
///         UsageLimit::new(LimitKey::business_use_case("1234", "pages"))
///             .step(30.0)                           // 30, 60, 90, then refused
///             .regain(Duration::from_secs(19 * 60)),
///     )
///     .start();
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct UsageLimit {
    key: LimitKey,
    step: f64,
    regain: Duration,
}

impl UsageLimit {
    /// A limit on `key` that climbs 10 % per request and blocks for 19 minutes.
    pub fn new(key: LimitKey) -> Self {
        UsageLimit {
            key,
            step: 10.0,
            regain: Duration::from_secs(19 * 60),
        }
    }

    /// Percent of the limit each request uses (default 10).
    pub fn step(mut self, percent: f64) -> Self {
        self.step = percent;
        self
    }

    /// How long the limit stays blocked once reached (default 19 minutes).
    pub fn regain(mut self, regain: Duration) -> Self {
        self.regain = regain;
        self
    }

    fn applies_to(&self, subject: Option<&str>) -> bool {
        match &self.key {
            LimitKey::App => true,
            key => subject.is_some_and(|s| key.applies_to(s)),
        }
    }
}

/// A limit and where it stands.
#[derive(Debug)]
pub(super) struct Scripted {
    limit: UsageLimit,
    used: f64,
    blocked_until: Option<Instant>,
}

impl Scripted {
    pub(super) fn new(limit: UsageLimit) -> Self {
        Scripted {
            limit,
            used: 0.0,
            blocked_until: None,
        }
    }

    pub(super) fn reset(&mut self) {
        self.used = 0.0;
        self.blocked_until = None;
    }
}

/// What the limits say about one request.
pub(super) struct Charge {
    /// The usage headers for the response.
    pub(super) headers: Vec<(String, String)>,
    /// The error to answer instead of the normal answer: status and error object.
    pub(super) refusal: Option<(u16, Value)>,
}

/// Charges a request about `subject` to the limits it falls under.
pub(super) fn charge(limits: &mut [Scripted], subject: Option<&str>, clock: &dyn Clock) -> Charge {
    let now = clock.now();
    let mut applying: Vec<&mut Scripted> = limits
        .iter_mut()
        .filter(|s| s.limit.applies_to(subject))
        .collect();
    for scripted in applying.iter_mut() {
        if scripted.blocked_until.is_some_and(|until| until <= now) {
            scripted.reset();
        }
    }
    let already_blocked = applying.iter().any(|s| s.blocked_until.is_some());
    let mut refusal = None;
    for scripted in applying.iter_mut() {
        if !already_blocked && scripted.blocked_until.is_none() {
            scripted.used += scripted.limit.step;
            if scripted.used >= 100.0 {
                scripted.used = 100.0;
                scripted.blocked_until =
                    Some(crate::governor::saturating_add(now, scripted.limit.regain));
            }
        }
        if refusal.is_none() && scripted.blocked_until.is_some() {
            refusal = Some(error_for(&scripted.limit.key));
        }
    }
    Charge {
        headers: headers(&applying, now),
        refusal,
    }
}

fn headers(applying: &[&mut Scripted], now: Instant) -> Vec<(String, String)> {
    let mut headers = Vec::new();
    let mut business: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for scripted in applying {
        let used = scripted.used;
        let remaining = scripted
            .blocked_until
            .map_or(Duration::ZERO, |until| until.saturating_duration_since(now));
        match &scripted.limit.key {
            LimitKey::App => headers.push((
                "x-app-usage".to_owned(),
                json!({"call_count": used, "total_cputime": used, "total_time": used}).to_string(),
            )),
            LimitKey::BusinessUseCase {
                business_id,
                use_case,
            } => business
                .entry(business_id.clone())
                .or_default()
                .push(json!({
                    "type": use_case,
                    "call_count": used,
                    "total_cputime": used,
                    "total_time": used,
                    "estimated_time_to_regain_access": remaining.as_secs().div_ceil(60),
                })),
            LimitKey::AdAccount { .. } => {
                let reset = if remaining.is_zero() {
                    scripted.limit.regain
                } else {
                    remaining
                };
                headers.push((
                    "x-ad-account-usage".to_owned(),
                    json!({
                        "acc_id_util_pct": used,
                        "reset_time_duration": reset.as_secs(),
                        "ads_api_access_tier": "standard_access",
                    })
                    .to_string(),
                ));
            }
        }
    }
    if !business.is_empty() {
        headers.push((
            "x-business-use-case-usage".to_owned(),
            json!(business).to_string(),
        ));
    }
    headers
}

/// Graph's refusal for a limit: HTTP 400 and the error object.
fn error_for(key: &LimitKey) -> (u16, Value) {
    let error = |code: i64, message: &str| json!({"message": message, "type": "OAuthException", "code": code, "is_transient": true});
    let value = match key {
        LimitKey::App => error(4, "(#4) Application request limit reached"),
        LimitKey::AdAccount { .. } => {
            let mut e = error(17, "(#17) User request limit reached");
            e["error_subcode"] = json!(2446079);
            e
        }
        LimitKey::BusinessUseCase { use_case, .. } => {
            let (code, what) = match use_case.as_str() {
                "ads_insights" => (80000, "the ad account's insights"),
                "instagram" => (80002, "this Instagram account"),
                "custom_audience" => (80003, "this custom audience"),
                "ads_management" => (80004, "this ad-account"),
                "leadgen" => (80005, "this lead generation account"),
                "messenger" => (80006, "this Messenger account"),
                _ => (80001, "this Page account"),
            };
            let mut e = error(
                code,
                &format!(
                    "(#{code}) There have been too many calls to {what}. Wait a bit and try again. \
                     For more info, please refer to \
                     https://developers.facebook.com/docs/graph-api/overview/rate-limiting."
                ),
            );
            if code == 80004 {
                e["error_subcode"] = json!(2446079);
            }
            e
        }
    };
    (400, value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::governor::ManualClock;

    #[test]
    fn usage_climbs_then_blocks_until_the_regain_time_has_passed() {
        let clock = ManualClock::new();
        let mut limits = [Scripted::new(
            UsageLimit::new(LimitKey::business_use_case("1", "pages"))
                .step(40.0)
                .regain(Duration::from_secs(120)),
        )];
        let header = |charge: &Charge| {
            let value: Value = serde_json::from_str(&charge.headers[0].1).unwrap();
            (
                value["1"][0]["call_count"].as_f64().unwrap(),
                value["1"][0]["estimated_time_to_regain_access"]
                    .as_u64()
                    .unwrap(),
            )
        };
        let first = charge(&mut limits, Some("1"), &clock);
        assert_eq!((header(&first), first.refusal.is_none()), ((40.0, 0), true));
        assert!(charge(&mut limits, Some("2"), &clock).headers.is_empty());
        assert_eq!(header(&charge(&mut limits, Some("1"), &clock)), (80.0, 0));
        let blocked = charge(&mut limits, Some("1"), &clock);
        assert_eq!(header(&blocked), (100.0, 2));
        assert_eq!(blocked.refusal.as_ref().unwrap().1["code"], 80001);
        clock.advance(Duration::from_secs(61));
        let still = charge(&mut limits, Some("1"), &clock);
        assert_eq!(
            (header(&still), still.refusal.is_some()),
            ((100.0, 1), true)
        );
        clock.advance(Duration::from_secs(59));
        let again = charge(&mut limits, Some("1"), &clock);
        assert_eq!((header(&again), again.refusal.is_none()), ((40.0, 0), true));
    }
}
