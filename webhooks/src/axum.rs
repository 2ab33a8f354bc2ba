//! The axum adapter (feature `axum`, axum 0.8; `webhooks-axum` on
//! graph-runtime): a route that answers Facebook's requests and hands each
//! delivery to a callback.
//!
//! ```no_run
//! use graph_webhooks::{WebhookHandler, axum::route};
//!
//! let handler = WebhookHandler::new("app-secret", "verify-token").expect("a non-empty app secret");
//! let app: axum::Router = axum::Router::new().route(
//!     "/webhook",
//!     route(handler, |notification| {
//!         // Quick: Facebook waits for the 200. Queue slow work.
//!         println!("{} entries", notification.entry.len());
//!     }),
//! );
//! # drop(app);
//! ```
//!
//! For a handler of your own, [`WebhookHandler::handle_request`] takes
//! axum's `Request` as it is, and [`WebhookResponse`] is an
//! [`IntoResponse`].

use std::sync::Arc;

use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, any};

use super::{Notification, WebhookHandler, WebhookResponse};

/// A route for any method (`GET` handshakes, `POST` deliveries, 405
/// otherwise) that calls `on_notification` with each signed, decoded
/// delivery before answering 200. The body is read up to
/// [`WebhookHandler::max_body_bytes`], whatever axum's own body limit.
pub fn route<S, F>(handler: WebhookHandler, on_notification: F) -> MethodRouter<S>
where
    S: Clone + Send + Sync + 'static,
    F: Fn(&Notification) + Clone + Send + Sync + 'static,
{
    let handler = Arc::new(handler);
    any(move |request: Request| {
        let handler = Arc::clone(&handler);
        let on_notification = on_notification.clone();
        async move {
            let answer = handler.handle_request(request).await;
            if let Some(notification) = answer.notification() {
                on_notification(notification);
            }
            answer
        }
    })
}

impl IntoResponse for WebhookResponse {
    fn into_response(self) -> Response {
        self.http_response().map(axum::body::Body::new)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use axum::body::Body;
    use tower_service::Service as _;

    use super::*;
    use crate::{AppSecret, SIGNATURE_HEADER, sign};

    const BODY: &[u8] = br#"{"object":"page","entry":[{"id":"7","time":1}]}"#;

    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(future)
    }

    #[test]
    fn the_route_delivers_and_answers() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&seen);
        let mut app: axum::Router = axum::Router::new().route(
            "/webhook",
            route(
                WebhookHandler::new("axum-secret", "axum-token").unwrap(),
                move |n| {
                    sink.lock().unwrap().push(n.entry[0].id.clone());
                },
            ),
        );
        let signature = sign(&AppSecret::from("axum-secret"), BODY);
        let request = Request::post("/webhook")
            .header(SIGNATURE_HEADER, signature)
            .body(Body::from(BODY))
            .unwrap();
        let response = block_on(app.call(request)).unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(*seen.lock().unwrap(), ["7"]);

        let forged = Request::post("/webhook")
            .header(SIGNATURE_HEADER, sign(&AppSecret::from("nope"), BODY))
            .body(Body::from(BODY))
            .unwrap();
        assert_eq!(block_on(app.call(forged)).unwrap().status(), 403);
        assert_eq!(seen.lock().unwrap().len(), 1);

        let handshake = Request::get(
            "/webhook?hub.mode=subscribe&hub.verify_token=axum-token&hub.challenge=99",
        )
        .body(Body::empty())
        .unwrap();
        let response = block_on(app.call(handshake)).unwrap();
        assert_eq!(response.status(), 200);
    }
}
