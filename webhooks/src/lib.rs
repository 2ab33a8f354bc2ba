//! # graph-webhooks
//!
//! Facebook's webhook deliveries checked and typed, independent of any web
//! framework. It depends on `graph-model` (the app secret, decoding into
//! models) and nothing that speaks HTTP: no reqwest, rustls or tokio, and
//! hyper and axum only behind the features `hyper` and `axum`.
//! `graph-runtime` re-exports it as `graph_runtime::webhooks` (feature
//! `webhooks`).
//!
//! - [`verify_signature`]: the `X-Hub-Signature-256` header (HMAC-SHA256 of
//!   the raw body, keyed by the app secret), compared in constant time;
//!   [`sign`] makes one, for tests.
//! - [`verify_challenge`]: the `hub.challenge` handshake Facebook sends
//!   when the webhook is subscribed.
//! - [`Notification`]: the body, typed (`object`, `entry[].changes[]`,
//!   `entry[].messaging[]`), unknown keys kept; [`Change::typed`] for the
//!   Page `feed` and `leadgen` fields, [`Change::decode`] into any type,
//!   a generated model included.
//! - [`WebhookHandler`]: all three behind one call that takes a method, a
//!   query string, the signature header and the body, and answers with a
//!   status and a body. Facebook expects a `200` quickly; do slow work after
//!   answering.
//! - Adapters: `WebhookHandler::handle_request` for any
//!   `hyper::Request<impl Body>` with a body size limit (feature `hyper`;
//!   `webhooks-hyper` on graph-runtime), and `axum::route` (feature
//!   `axum`; `webhooks-axum` on graph-runtime).
//!
//! ```
//! use graph_webhooks::{ChangeValue, WebhookHandler, sign};
//!
//! let handler = WebhookHandler::new("app-secret", "my-verify-token")?;
//!
//! // The subscription handshake.
//! let answer = handler.handle(
//!     "GET",
//!     Some("hub.mode=subscribe&hub.verify_token=my-verify-token&hub.challenge=31337"),
//!     None,
//!     b"",
//! );
//! assert_eq!((answer.status, answer.body.as_str()), (200, "31337"));
//!
//! // A delivery, signed as Facebook signs it.
//! let body = br#"{"object":"page","entry":[{"id":"1","time":1,"changes":[{"field":"feed","value":{"item":"status","verb":"add","post_id":"1_2"}}]}]}"#;
//! let signature = sign(&"app-secret".into(), body);
//! let answer = handler.handle("POST", None, Some(&signature), body);
//! assert_eq!(answer.status, 200);
//! let notification = answer.notification().unwrap();
//! for (entry, change) in notification.changes() {
//!     if let Ok(ChangeValue::Feed(feed)) = change.typed(&notification.object) {
//!         assert_eq!((entry.id.as_str(), feed.post_id.as_deref()), ("1", Some("1_2")));
//!     }
//! }
//!
//! // A forged one.
//! let answer = handler.handle("POST", None, Some(&sign(&"guess".into(), body)), body);
//! assert_eq!(answer.status, 403);
//!
//! // No handler checks with an empty app secret: anyone could sign.
//! assert!(WebhookHandler::new(" ", "my-verify-token").is_err());
//! # Ok::<(), graph_webhooks::ConfigError>(())
//! ```

#![forbid(unsafe_code)]

mod handshake;
mod payload;
mod signature;

#[cfg(feature = "axum")]
pub mod axum;
#[cfg(feature = "hyper")]
mod hyper;

use std::fmt;

pub use handshake::{HandshakeError, verify_challenge, verify_challenge_pairs};
pub use payload::{
    Change, ChangeValue, Entry, FeedChange, LeadgenChange, Messaging, Notification, Participant,
};
pub use signature::{SignatureError, sign, verify_signature};

use graph_model::decode::DecodeError;
/// The app secret deliveries are signed with, and the error for an invalid
/// handler setting (`graph_model`'s, re-exported so that one dependency does).
pub use graph_model::{AppSecret, ConfigError};

/// The header Facebook signs deliveries with.
pub const SIGNATURE_HEADER: &str = "X-Hub-Signature-256";

/// The largest body a [`WebhookHandler`] reads unless told otherwise
/// ([`WebhookHandler::max_body_bytes`]): 1 MiB. Facebook batches up to 1000
/// updates in a delivery, far below this.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;

/// Answers Facebook's webhook requests: the handshake on `GET`, signed
/// deliveries on `POST`.
///
/// Its `Debug` shows neither the app secret nor the verify token.
#[derive(Clone)]
pub struct WebhookHandler {
    app_secret: AppSecret,
    verify_token: String,
    max_body_bytes: usize,
}

impl fmt::Debug for WebhookHandler {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookHandler")
            .field("app_secret", &self.app_secret)
            .field("verify_token", &"<redacted>")
            .field("max_body_bytes", &self.max_body_bytes)
            .finish()
    }
}

/// What to answer, and what was received.
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookResponse {
    /// The HTTP status to answer with.
    pub status: u16,
    /// The body to answer with (`text/plain`): the challenge for a
    /// handshake, `EVENT_RECEIVED` for a delivery, a short reason otherwise.
    pub body: String,
    /// What the request was.
    pub outcome: Outcome,
}

/// What a request to the webhook turned out to be.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Outcome {
    /// A handshake, answered with its challenge.
    Verified,
    /// A signed delivery, decoded.
    Delivered(Notification),
    /// Refused; [`WebhookResponse::status`] says how.
    Refused(WebhookError),
}

/// Why a request to the webhook was refused. Never holds the app secret,
/// the verify token or the expected signature.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum WebhookError {
    /// A `GET` that is not a valid handshake (403).
    Handshake(HandshakeError),
    /// A `POST` without a valid signature (401 when the header is missing
    /// or malformed, 403 when it does not match).
    Signature(SignatureError),
    /// A signed `POST` whose body is not a notification (400).
    Payload(DecodeError),
    /// A body larger than the limit (413).
    BodyTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The body could not be read (400).
    BodyRead(String),
    /// Neither `GET` nor `POST` (405).
    MethodNotAllowed,
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::Handshake(e) => write!(f, "verification refused: {e}"),
            WebhookError::Signature(e) => write!(f, "delivery refused: {e}"),
            WebhookError::Payload(e) => write!(f, "malformed notification: {e}"),
            WebhookError::BodyTooLarge { limit } => {
                write!(f, "body larger than {limit} bytes")
            }
            WebhookError::BodyRead(e) => write!(f, "body could not be read: {e}"),
            WebhookError::MethodNotAllowed => f.write_str("only GET and POST are accepted"),
        }
    }
}

impl std::error::Error for WebhookError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WebhookError::Handshake(e) => Some(e),
            WebhookError::Signature(e) => Some(e),
            WebhookError::Payload(e) => Some(e),
            _ => None,
        }
    }
}

impl WebhookError {
    /// The HTTP status this refusal is answered with.
    pub fn status(&self) -> u16 {
        match self {
            WebhookError::Handshake(_) => 403,
            WebhookError::Signature(SignatureError::Mismatch) => 403,
            WebhookError::Signature(_) => 401,
            WebhookError::Payload(_) | WebhookError::BodyRead(_) => 400,
            WebhookError::BodyTooLarge { .. } => 413,
            WebhookError::MethodNotAllowed => 405,
        }
    }
}

impl WebhookResponse {
    /// The notification, for a valid delivery.
    pub fn notification(&self) -> Option<&Notification> {
        match &self.outcome {
            Outcome::Delivered(notification) => Some(notification),
            _ => None,
        }
    }

    /// The notification, for a valid delivery, by value.
    pub fn into_notification(self) -> Option<Notification> {
        match self.outcome {
            Outcome::Delivered(notification) => Some(notification),
            _ => None,
        }
    }

    /// Why the request was refused, if it was.
    pub fn error(&self) -> Option<&WebhookError> {
        match &self.outcome {
            Outcome::Refused(error) => Some(error),
            _ => None,
        }
    }

    fn refused(error: WebhookError) -> Self {
        WebhookResponse {
            status: error.status(),
            body: error.to_string(),
            outcome: Outcome::Refused(error),
        }
    }
}

impl WebhookHandler {
    /// A handler checking deliveries with this app secret and handshakes
    /// with this verify token (the one entered in the app dashboard; an
    /// empty one accepts no handshake).
    ///
    /// Fails when the app secret is empty or only whitespace: anyone could
    /// sign a delivery with it. (The error does not repeat the secret.)
    pub fn new(
        app_secret: impl Into<AppSecret>,
        verify_token: impl Into<String>,
    ) -> Result<Self, ConfigError> {
        let app_secret = app_secret.into();
        if app_secret.expose_secret().trim().is_empty() {
            return Err(ConfigError::new(
                "the webhook app secret is empty: deliveries signed with it could be forged by anyone",
            ));
        }
        Ok(WebhookHandler {
            app_secret,
            verify_token: verify_token.into(),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        })
    }

    /// The largest body the adapters read (default
    /// [`DEFAULT_MAX_BODY_BYTES`]); a larger one is answered with 413.
    /// [`WebhookHandler::handle`] refuses a larger body too.
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body_bytes = limit;
        self
    }

    /// Answers one request.
    ///
    /// - `GET`: the handshake ([`verify_challenge`] on `query`): 200 with
    ///   the challenge, or 403.
    /// - `POST`: `signature_header` (the value of `X-Hub-Signature-256`)
    ///   checked against `body` as received ([`verify_signature`]): 401
    ///   when missing or malformed, 403 when it does not match; then the
    ///   body decoded: 400 when it is not a notification, else 200 and
    ///   [`Outcome::Delivered`].
    /// - Anything else: 405.
    ///
    /// The method is compared ignoring case.
    pub fn handle(
        &self,
        method: &str,
        query: Option<&str>,
        signature_header: Option<&str>,
        body: &[u8],
    ) -> WebhookResponse {
        if method.eq_ignore_ascii_case("GET") {
            match verify_challenge(query.unwrap_or(""), &self.verify_token) {
                Ok(challenge) => WebhookResponse {
                    status: 200,
                    body: challenge,
                    outcome: Outcome::Verified,
                },
                Err(e) => WebhookResponse::refused(WebhookError::Handshake(e)),
            }
        } else if method.eq_ignore_ascii_case("POST") {
            self.delivery(signature_header, body)
        } else {
            WebhookResponse::refused(WebhookError::MethodNotAllowed)
        }
    }

    fn delivery(&self, signature_header: Option<&str>, body: &[u8]) -> WebhookResponse {
        if body.len() > self.max_body_bytes {
            return WebhookResponse::refused(WebhookError::BodyTooLarge {
                limit: self.max_body_bytes,
            });
        }
        let checked = match signature_header {
            None => Err(SignatureError::Missing),
            Some(header) => verify_signature(&self.app_secret, header, body),
        };
        if let Err(e) = checked {
            return WebhookResponse::refused(WebhookError::Signature(e));
        }
        match Notification::from_slice(body) {
            Ok(notification) => WebhookResponse {
                status: 200,
                body: "EVENT_RECEIVED".to_owned(),
                outcome: Outcome::Delivered(notification),
            },
            Err(e) => WebhookResponse::refused(WebhookError::Payload(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "handler-app-secret";
    const TOKEN: &str = "handler-verify-token";
    const BODY: &[u8] = br#"{"object":"page","entry":[{"id":"1234","time":1700000000,"changes":[{"field":"feed","value":{"item":"comment","verb":"add","post_id":"1234_5678","comment_id":"5678_9","from":{"id":"42","name":"Ann"},"message":"hi","created_time":1700000000,"parent_id":"1234_5678"}}]}]}"#;

    fn handler() -> WebhookHandler {
        WebhookHandler::new(SECRET, TOKEN).unwrap()
    }

    #[test]
    fn an_empty_app_secret_is_refused_at_construction() {
        for empty in ["", " ", "\t\r\n"] {
            let error = WebhookHandler::new(empty, TOKEN).unwrap_err();
            assert!(
                error.to_string().contains("webhook app secret is empty"),
                "{error}"
            );
        }
        // A secret with whitespace around it is still a secret.
        assert!(WebhookHandler::new(" s ", TOKEN).is_ok());
    }

    fn signed(body: &[u8]) -> String {
        sign(&AppSecret::from(SECRET), body)
    }

    #[test]
    fn get_answers_the_handshake() {
        let query = format!("hub.mode=subscribe&hub.verify_token={TOKEN}&hub.challenge=abc");
        let answer = handler().handle("GET", Some(&query), None, b"");
        assert_eq!(answer.status, 200);
        assert_eq!(answer.body, "abc");
        assert_eq!(answer.outcome, Outcome::Verified);

        let answer = handler().handle(
            "get",
            Some("hub.mode=subscribe&hub.verify_token=x&hub.challenge=abc"),
            None,
            b"",
        );
        assert_eq!(answer.status, 403);
        assert_eq!(
            answer.error(),
            Some(&WebhookError::Handshake(HandshakeError::WrongToken))
        );
        assert!(!answer.body.contains("abc"));
        assert_eq!(handler().handle("GET", None, None, b"").status, 403);
    }

    #[test]
    fn a_signed_post_is_delivered() {
        let answer = handler().handle("POST", None, Some(&signed(BODY)), BODY);
        assert_eq!(answer.status, 200, "{}", answer.body);
        let notification = answer.into_notification().unwrap();
        assert_eq!(notification.entry[0].changes[0].field, "feed");
    }

    #[test]
    fn unsigned_and_forged_posts_are_refused() {
        let answer = handler().handle("POST", None, None, BODY);
        assert_eq!(answer.status, 401);
        assert_eq!(
            answer.error(),
            Some(&WebhookError::Signature(SignatureError::Missing))
        );
        let answer = handler().handle("POST", None, Some("sha1=abcd"), BODY);
        assert_eq!(answer.status, 401);
        let forged = sign(&AppSecret::from("another-secret"), BODY);
        let answer = handler().handle("POST", None, Some(&forged), BODY);
        assert_eq!(answer.status, 403);
        assert!(answer.notification().is_none());
        let mut changed = BODY.to_vec();
        changed[20] = b'9';
        let answer = handler().handle("POST", None, Some(&signed(BODY)), &changed);
        assert_eq!(answer.status, 403);
    }

    #[test]
    fn a_signed_body_that_is_not_a_notification_is_a_400() {
        let body = br#"{"object":"page","entry":[{"id":{}}]}"#;
        let answer = handler().handle("POST", None, Some(&signed(body)), body);
        assert_eq!(answer.status, 400);
        assert!(
            answer
                .body
                .starts_with("malformed notification: entry[0].id"),
            "{}",
            answer.body
        );
        let answer = handler().handle("POST", None, Some(&signed(b"not json")), b"not json");
        assert_eq!(answer.status, 400);
    }

    #[test]
    fn other_methods_and_large_bodies_are_refused() {
        assert_eq!(handler().handle("PUT", None, None, BODY).status, 405);
        let small = handler().max_body_bytes(10);
        let answer = small.handle("POST", None, Some(&signed(BODY)), BODY);
        assert_eq!(answer.status, 413);
    }

    #[test]
    fn nothing_shows_the_secrets() {
        let handler = handler();
        let wrong = format!("sha256={}", "0".repeat(64));
        let mut shown = format!("{handler:?}");
        for answer in [
            handler.handle("POST", None, Some(&wrong), BODY),
            handler.handle(
                "GET",
                Some("hub.mode=subscribe&hub.verify_token=x"),
                None,
                b"",
            ),
        ] {
            shown += &format!("{answer:?} {}", answer.body);
        }
        assert!(!shown.contains(SECRET) && !shown.contains(TOKEN), "{shown}");
        assert!(!shown.contains(&signed(BODY)[7..]), "{shown}");
    }
}
