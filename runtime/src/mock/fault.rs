//! Faults the emulator injects on demand, one per request, in queue order.

use std::time::Duration;

use serde_json::{Value, json};

/// What the emulator does instead of (or to) the normal answer for one request.
///
/// Queue faults with [`MockServer::queue_fault`](super::MockServer::queue_fault);
/// each request takes the next one. Ready-made Graph errors carry the codes,
/// types and messages the real API sends.
///
/// ```
/// use std::time::Duration;
/// use graph_runtime::mock::Fault;
/// let rate_limited = Fault::user_rate_limit();
/// let custom = Fault::graph_error(400, 100, "GraphMethodException", "Unsupported get request.").subcode(33);
/// let outage = Fault::html_error(502);
/// let slow = Fault::slow(Duration::from_secs(2));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Fault {
    pub(crate) kind: FaultKind,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FaultKind {
    /// `{"error": error}` with this status.
    GraphError { status: u16, error: Value },
    /// A raw response.
    Body {
        status: u16,
        content_type: Option<String>,
        body: String,
    },
    /// The normal answer, after a delay.
    Delay(Duration),
    /// The normal answer with its body cut in half.
    TruncatedJson,
    /// The normal answer, its body streamed in chunks of this many bytes.
    Chunked(usize),
    /// The normal answer with this `Content-Length`, and a stall where the
    /// body falls short.
    AnnouncedLength(u64),
    /// For a batch request: the operations at these positions (and those
    /// that depend on them) answered `null`, not run.
    BatchNotRun(Vec<usize>),
}

impl Fault {
    /// A Graph error envelope: `{"error": {"message", "type", "code", "fbtrace_id"}}`
    /// with this HTTP status. Refine it with [`Fault::subcode`] and [`Fault::transient`].
    pub fn graph_error(status: u16, code: i64, error_type: &str, message: &str) -> Self {
        Fault {
            kind: FaultKind::GraphError {
                status,
                error: json!({"message": message, "type": error_type, "code": code}),
            },
        }
    }

    /// Any error object, sent as `{"error": error}` with this status
    /// (an `fbtrace_id` is added if missing).
    pub fn graph_error_object(status: u16, error: Value) -> Self {
        Fault {
            kind: FaultKind::GraphError { status, error },
        }
    }

    /// Sets `error_subcode` (graph errors only; other faults are unchanged).
    pub fn subcode(self, subcode: i64) -> Self {
        self.set("error_subcode", json!(subcode))
    }

    /// Sets `is_transient: true` (graph errors only).
    pub fn transient(self) -> Self {
        self.set("is_transient", json!(true))
    }

    /// Sets `error_user_title` and `error_user_msg` (graph errors only).
    pub fn user_message(self, title: &str, message: &str) -> Self {
        self.set("error_user_title", json!(title))
            .set("error_user_msg", json!(message))
    }

    fn set(mut self, key: &str, value: Value) -> Self {
        if let FaultKind::GraphError { error, .. } = &mut self.kind {
            if let Some(object) = error.as_object_mut() {
                object.insert(key.to_owned(), value);
            }
        }
        self
    }

    /// For a batch request: Graph answers `null` for the operations at these
    /// positions (from 0, within this one request) and does not run them,
    /// nor the operations that depend on them, as when a batch runs out of
    /// time. Any other request is answered normally.
    pub fn batch_not_run(positions: impl IntoIterator<Item = usize>) -> Self {
        Fault {
            kind: FaultKind::BatchNotRun(positions.into_iter().collect()),
        }
    }

    /// Code 190: an access token Graph cannot parse (HTTP 400, `OAuthException`).
    pub fn invalid_token() -> Self {
        Self::graph_error(
            400,
            190,
            "OAuthException",
            "Invalid OAuth access token - Cannot parse access token",
        )
    }

    /// Code 190, subcode 463: an expired access token (HTTP 400, `OAuthException`).
    pub fn expired_token() -> Self {
        Self::graph_error(
            400,
            190,
            "OAuthException",
            "Error validating access token: Session has expired on Tuesday, 01-Jan-30 00:00:00 PST.",
        )
        .subcode(463)
    }

    /// Code 100: an invalid parameter (HTTP 400, `OAuthException`).
    pub fn invalid_parameter() -> Self {
        Self::graph_error(400, 100, "OAuthException", "(#100) Invalid parameter")
    }

    /// Code 4: the app's rate limit (HTTP 400, `OAuthException`, transient).
    pub fn app_rate_limit() -> Self {
        Self::graph_error(
            400,
            4,
            "OAuthException",
            "(#4) Application request limit reached",
        )
        .transient()
    }

    /// Code 17: the user's rate limit (HTTP 400, `OAuthException`, transient).
    pub fn user_rate_limit() -> Self {
        Self::graph_error(
            400,
            17,
            "OAuthException",
            "(#17) User request limit reached",
        )
        .transient()
    }

    /// Code 613: a custom rate limit (HTTP 400, `OAuthException`, transient).
    pub fn custom_rate_limit() -> Self {
        Self::graph_error(
            400,
            613,
            "OAuthException",
            "(#613) Calls to this api have exceeded the rate limit.",
        )
        .transient()
    }

    /// Code 80004: the ad account's business-use-case rate limit, subcode
    /// 2446079 (HTTP 400, `OAuthException`, transient).
    pub fn ads_rate_limit() -> Self {
        Self::graph_error(
            400,
            80004,
            "OAuthException",
            "(#80004) There have been too many calls to this ad-account. Wait a bit and try again.",
        )
        .subcode(2446079)
        .transient()
    }

    /// Code 1, "Please reduce the amount of data you're asking for, then
    /// retry your request" (HTTP 500, `OAuthException`): what Graph answers a
    /// request for too many entries or fields at once. Edge lists halve
    /// `limit` and ask again; [`MockGraph::max_limit`](super::MockGraph::max_limit)
    /// answers it for every request above a page size.
    pub fn too_much_data() -> Self {
        Self::graph_error_object(500, too_much_data_error())
    }

    /// A status (a 5xx, usually) with an empty body.
    pub fn server_error(status: u16) -> Self {
        Self::body(status, None, "")
    }

    /// A status with an HTML error page, as a load balancer sends.
    pub fn html_error(status: u16) -> Self {
        Self::body(
            status,
            Some("text/html; charset=utf-8"),
            &format!(
                "<!DOCTYPE html>\n<html><head><title>Error</title></head>\n<body><h1>{status}</h1><p>Sorry, something went wrong.</p></body></html>"
            ),
        )
    }

    /// The normal answer, after `delay`: with a shorter client timeout, a timeout.
    pub fn slow(delay: Duration) -> Self {
        Fault {
            kind: FaultKind::Delay(delay),
        }
    }

    /// The normal answer's status and headers with only the first half of its body.
    pub fn truncated_json() -> Self {
        Fault {
            kind: FaultKind::TruncatedJson,
        }
    }

    /// The normal answer with its body streamed in chunks of `chunk_size`
    /// bytes (`Transfer-Encoding: chunked`, no `Content-Length`), as a server
    /// that does not know the length up front sends it.
    pub fn chunked(chunk_size: usize) -> Self {
        Fault {
            kind: FaultKind::Chunked(chunk_size),
        }
    }

    /// The normal answer with `Content-Length: bytes` whatever its real
    /// length. A body shorter than announced is sent, and then the
    /// connection stalls, as when a server dies mid-body: the client waits
    /// for the rest until its timeout.
    pub fn announced_length(bytes: u64) -> Self {
        Fault {
            kind: FaultKind::AnnouncedLength(bytes),
        }
    }

    /// Status 200, `application/json`, and a body that is not JSON.
    pub fn invalid_json() -> Self {
        Self::body(
            200,
            Some("application/json; charset=UTF-8"),
            "{\"id\": \"1\", oops}",
        )
    }

    /// Any status, content type and body.
    pub fn body(status: u16, content_type: Option<&str>, body: &str) -> Self {
        Fault {
            kind: FaultKind::Body {
                status,
                content_type: content_type.map(str::to_owned),
                body: body.to_owned(),
            },
        }
    }
}

/// Graph's error object for a request that asks for too much data.
pub(super) fn too_much_data_error() -> Value {
    json!({
        "message": "Please reduce the amount of data you're asking for, then retry your request",
        "type": "OAuthException",
        "code": 1,
    })
}
