//! Webhooks end to end: a real hyper server on 127.0.0.1 answering with
//! `WebhookHandler::handle_request`, deliveries from the emulator's
//! `deliver_webhook`, signed as Facebook signs them.

use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use graph_runtime::AppSecret;
use graph_runtime::mock::{WebhookDelivery, deliver_webhook, webhook_delivery};
use graph_runtime::webhooks::{ChangeValue, Notification, WebhookHandler};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::json;

const SECRET: &str = "integration-app-secret";
const TOKEN: &str = "integration-verify-token";

/// Serves `handler` until the test's runtime ends; returns the URL and what
/// it received.
async fn serve(handler: WebhookHandler) -> (String, Arc<Mutex<Vec<Notification>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/webhook", listener.local_addr().unwrap());
    let received = Arc::new(Mutex::new(Vec::new()));
    let handler = Arc::new(handler);
    let sink = Arc::clone(&received);
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let handler = Arc::clone(&handler);
            let sink = Arc::clone(&sink);
            tokio::spawn(async move {
                let service = service_fn(move |request| {
                    let handler = Arc::clone(&handler);
                    let sink = Arc::clone(&sink);
                    async move {
                        let answer = handler.handle_request(request).await;
                        let response = answer.http_response();
                        if let Some(notification) = answer.into_notification() {
                            sink.lock().unwrap().push(notification);
                        }
                        Ok::<_, Infallible>(response)
                    }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    (url, received)
}

fn leadgen() -> serde_json::Value {
    json!({"object": "page", "entry": [{"id": "153125381133", "time": 1438292065, "changes": [{
        "field": "leadgen",
        "value": {"leadgen_id": 123123123123_u64, "page_id": 123123123, "form_id": 12312312312_u64,
                  "adgroup_id": 12312312312_u64, "created_time": 1440120384}
    }]}]})
}

#[tokio::test]
async fn an_emulated_delivery_reaches_the_handler_typed() {
    let (url, received) = serve(WebhookHandler::new(SECRET, TOKEN).unwrap()).await;
    let reply = deliver_webhook(&url, &AppSecret::from(SECRET), &leadgen())
        .await
        .unwrap();
    assert_eq!((reply.status, reply.body.as_str()), (200, "EVENT_RECEIVED"));
    let received = received.lock().unwrap();
    let notification = &received[0];
    let (_, change) = notification.changes().next().unwrap();
    let ChangeValue::Leadgen(lead) = change.typed(&notification.object).unwrap() else {
        panic!("not a leadgen change: {change:?}");
    };
    assert_eq!(lead.leadgen_id.as_deref(), Some("123123123123"));
    assert_eq!(lead.form_id.as_deref(), Some("12312312312"));
}

#[tokio::test]
async fn forged_and_broken_deliveries_are_refused() {
    let (url, received) = serve(
        WebhookHandler::new(SECRET, TOKEN)
            .unwrap()
            .max_body_bytes(4096),
    )
    .await;
    let forged = deliver_webhook(&url, &AppSecret::from("not-the-secret"), &leadgen())
        .await
        .unwrap();
    assert_eq!(forged.status, 403);
    assert!(!forged.body.contains(SECRET));

    let mut tampered = webhook_delivery(&AppSecret::from(SECRET), &leadgen()).unwrap();
    tampered.body[10] ^= 1;
    assert_eq!(tampered.send(&url).await.unwrap().status, 403);

    let not_json = WebhookDelivery::from_body(&AppSecret::from(SECRET), "{not json");
    let reply = not_json.send(&url).await.unwrap();
    assert_eq!(reply.status, 400);
    assert!(
        reply.body.starts_with("malformed notification"),
        "{}",
        reply.body
    );

    let large = WebhookDelivery::from_body(&AppSecret::from(SECRET), vec![b' '; 5000]);
    assert_eq!(large.send(&url).await.unwrap().status, 413);

    assert!(received.lock().unwrap().is_empty());
}

#[tokio::test]
async fn the_handshake_over_http() {
    let (url, _) = serve(WebhookHandler::new(SECRET, TOKEN).unwrap()).await;
    let http = reqwest::Client::new();
    let good =
        format!("{url}?hub.mode=subscribe&hub.verify_token={TOKEN}&hub.challenge=1158201444");
    let response = http.get(&good).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "1158201444");
    let bad = format!("{url}?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1158201444");
    let response = http.get(&bad).send().await.unwrap();
    assert_eq!(response.status(), 403);
    assert!(!response.text().await.unwrap().contains("1158201444"));
}

#[test]
fn a_change_value_decodes_into_a_generated_model() {
    // A field that names a node: its value decodes into the generated model,
    // tolerantly (what the model does not know goes to `extra`).
    let notification: Notification = serde_json::from_value(json!({
        "object": "page",
        "entry": [{"id": "1", "time": 1, "changes": [{
            "field": "comment",
            "value": {"id": "5678_9", "message": "hi", "like_count": 3, "verb": "add"}
        }]}]
    }))
    .unwrap();
    let comment: graph_api::Comment = notification.entry[0].changes[0].decode().unwrap();
    assert_eq!(comment.id.as_deref(), Some("5678_9"));
    assert_eq!(comment.like_count, Some(3));
    assert_eq!(comment.extra["verb"], "add");
}
