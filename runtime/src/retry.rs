//! When to retry a failed request, and how long to wait first.
//!
//! One rule for every request: rate limits, transient Graph errors, 5xx,
//! timeouts and transport failures are retried with exponential backoff and
//! jitter, up to the client's `max_attempts`; every other error is final.
//! Requests that are not idempotent (POST) are retried only when the server
//! surely did not act on them: a rate-limit refusal or a failed connect.

use std::time::Duration;

use crate::error::Error;
use crate::request::Method;

/// Whether an attempt that failed with `error` should be made again.
pub(crate) fn should_retry(method: Method, error: &Error) -> bool {
    let refused_unprocessed =
        error.is_rate_limited() || matches!(error, Error::Transport(e) if e.is_connect());
    refused_unprocessed || (method.is_idempotent() && error.is_transient())
}

/// A `Retry-After` header's delay in seconds, at most
/// [`MAX_SERVER_WAIT`](crate::governor::MAX_SERVER_WAIT): a number too
/// large even for a `u64` counts as that long too. An HTTP date, or
/// anything else, is ignored.
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let seconds = value.parse::<u64>().unwrap_or(u64::MAX);
    Some(Duration::from_secs(seconds).min(crate::governor::MAX_SERVER_WAIT))
}

/// Exponential backoff: `base`, `2·base`, `4·base`, … capped at `max`, each
/// delay drawn uniformly from its upper half so that clients that failed
/// together do not retry together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Backoff {
    pub(crate) base: Duration,
    pub(crate) max: Duration,
}

impl Backoff {
    pub(crate) const DEFAULT: Backoff = Backoff {
        base: Duration::from_millis(200),
        max: Duration::from_secs(10),
    };

    /// Delay before retry number `retry` (1 for the first retry). `unit` is a
    /// random number in `[0, 1)`; a server's `Retry-After` replaces the
    /// computed delay, still capped at `max`.
    pub(crate) fn delay(&self, retry: u32, unit: f64, retry_after: Option<Duration>) -> Duration {
        if let Some(after) = retry_after {
            return after.min(self.max);
        }
        let doublings = retry.saturating_sub(1).min(31);
        let ceiling = self.base.saturating_mul(1 << doublings).min(self.max);
        let share = 0.5 + 0.5 * unit.clamp(0.0, 1.0);
        // Not `mul_f64`, which panics when the product does not fit (a
        // `backoff_max` of `Duration::MAX`).
        Duration::try_from_secs_f64(ceiling.as_secs_f64() * share)
            .map_or(ceiling, |delay| delay.min(ceiling))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Redactor;
    use crate::error::{BodyProblem, HttpError};

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn doubles_from_base_up_to_max() {
        let backoff = Backoff {
            base: 100 * MS,
            max: 1000 * MS,
        };
        let ceilings: Vec<_> = (1..=6).map(|n| backoff.delay(n, 1.0, None)).collect();
        assert_eq!(
            ceilings,
            [100 * MS, 200 * MS, 400 * MS, 800 * MS, 1000 * MS, 1000 * MS]
        );
        assert_eq!(backoff.delay(2, 0.0, None), 100 * MS);
        assert_eq!(backoff.delay(u32::MAX, 0.5, None), 750 * MS);
    }

    #[test]
    fn retry_after_replaces_the_delay_within_max() {
        let backoff = Backoff {
            base: 100 * MS,
            max: 1000 * MS,
        };
        assert_eq!(backoff.delay(1, 0.3, Some(500 * MS)), 500 * MS);
        assert_eq!(backoff.delay(1, 0.3, Some(60_000 * MS)), 1000 * MS);
    }

    #[test]
    fn retry_after_is_capped_where_it_is_parsed() {
        let cap = crate::governor::MAX_SERVER_WAIT;
        assert_eq!(parse_retry_after(" 120 "), Some(120 * 1000 * MS));
        assert_eq!(parse_retry_after("0"), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("86400"), Some(cap));
        assert_eq!(parse_retry_after("86401"), Some(cap));
        assert_eq!(parse_retry_after("1000000000"), Some(cap));
        assert_eq!(parse_retry_after("18446744073709551615"), Some(cap));
        assert_eq!(parse_retry_after("99999999999999999999999999"), Some(cap));
        for ignored in ["", " ", "-1", "1.5", "+3", "Wed, 21 Oct 2015 07:28:00 GMT"] {
            assert_eq!(parse_retry_after(ignored), None, "{ignored:?}");
        }
    }

    #[test]
    fn the_longest_backoff_never_panics() {
        let endless = Backoff {
            base: Duration::MAX,
            max: Duration::MAX,
        };
        for unit in [0.0, 0.5, 1.0] {
            let delay = endless.delay(1, unit, None);
            assert!(
                delay >= Duration::MAX / 2 && delay <= Duration::MAX,
                "{delay:?}"
            );
        }
        assert_eq!(endless.delay(40, 1.0, None), Duration::MAX);
    }

    #[test]
    fn retries_what_may_succeed_later() {
        let http = |status| {
            Error::Http(HttpError::new(
                status,
                BodyProblem::Empty,
                b"",
                &Redactor::default(),
            ))
        };
        let timeout = Error::Timeout { after: MS };
        assert!(should_retry(Method::Get, &http(503)));
        assert!(should_retry(Method::Get, &http(429)));
        assert!(should_retry(Method::Get, &timeout));
        assert!(!should_retry(Method::Get, &http(400)));
        assert!(!should_retry(Method::Get, &http(404)));
        // A POST that may have been processed is not repeated.
        assert!(!should_retry(Method::Post, &http(503)));
        assert!(!should_retry(Method::Post, &timeout));
        assert!(should_retry(Method::Post, &http(429)));
        assert!(should_retry(Method::Delete, &http(502)));
    }

    #[test]
    fn graph_errors_without_a_code_are_retried_only_on_5xx() {
        let graph = |status: u16, error: serde_json::Value| {
            let body = serde_json::json!({ "error": error });
            Error::Graph(Box::new(
                crate::error::GraphError::from_envelope(status, &body, &Redactor::default())
                    .unwrap(),
            ))
        };
        let old = serde_json::json!({"type": "OAuthException", "message": "m"});
        assert!(!should_retry(Method::Get, &graph(400, old.clone())));
        assert!(should_retry(Method::Get, &graph(500, old.clone())));
        assert!(!should_retry(Method::Post, &graph(500, old)));
        let flagged = serde_json::json!({"type": "OAuthException", "is_transient": true});
        assert!(should_retry(Method::Get, &graph(400, flagged)));
        let rate_limited = serde_json::json!({"message": "m", "code": "17"});
        assert!(should_retry(Method::Post, &graph(400, rate_limited)));
    }
}
