//! Webhook deliveries signed like Facebook's (features `mock` and
//! `webhooks`), for testing your own webhook handler: the body, its
//! `X-Hub-Signature-256`, and a `POST` of both to your handler's URL.

use serde::Serialize;

use crate::auth::AppSecret;
use crate::error::{Error, TransportError};
use crate::webhooks::{SIGNATURE_HEADER, sign};

/// One delivery, as Facebook would send it: the JSON body and its
/// signature header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookDelivery {
    /// The value of `X-Hub-Signature-256`: `sha256=` and the HMAC-SHA256 of
    /// `body` keyed by the app secret.
    pub signature: String,
    /// The body, as sent.
    pub body: Vec<u8>,
}

/// What the handler answered to a delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryReply {
    /// The HTTP status (Facebook retries anything but 200).
    pub status: u16,
    /// The body, as text.
    pub body: String,
}

/// A delivery of `payload` (a [`Notification`](crate::webhooks::Notification),
/// a `serde_json::Value`, any serializable value) signed with `app_secret`.
///
/// ```
/// use graph_runtime::AppSecret;
/// use graph_runtime::mock::webhook_delivery;
/// use graph_runtime::webhooks::WebhookHandler;
///
/// let secret = AppSecret::from("test-app-secret");
/// let payload = serde_json::json!({"object": "page", "entry": [{"id": "1", "time": 1}]});
/// let delivery = webhook_delivery(&secret, &payload).unwrap();
/// let answer = WebhookHandler::new(secret, "token")
///     .unwrap()
///     .handle("POST", None, Some(&delivery.signature), &delivery.body);
/// assert_eq!(answer.status, 200);
/// ```
pub fn webhook_delivery(
    app_secret: &AppSecret,
    payload: &impl Serialize,
) -> Result<WebhookDelivery, serde_json::Error> {
    Ok(WebhookDelivery::from_body(
        app_secret,
        serde_json::to_vec(payload)?,
    ))
}

/// [`webhook_delivery`] `POST`ed to `url`, as Facebook delivers it.
pub async fn deliver_webhook(
    url: &str,
    app_secret: &AppSecret,
    payload: &impl Serialize,
) -> Result<DeliveryReply, Error> {
    let delivery = webhook_delivery(app_secret, payload)
        .map_err(|e| Error::InvalidRequest(format!("webhook payload does not serialize: {e}")))?;
    delivery.send(url).await
}

impl WebhookDelivery {
    /// A delivery of exactly these bytes (which need not be valid JSON:
    /// for testing a handler's 400), signed with `app_secret`.
    pub fn from_body(app_secret: &AppSecret, body: impl Into<Vec<u8>>) -> Self {
        let body = body.into();
        WebhookDelivery {
            signature: sign(app_secret, &body),
            body,
        }
    }

    /// `POST`s it to `url` with `X-Hub-Signature-256`, `Content-Type:
    /// application/json` and Facebook's user agent, and returns the answer.
    pub async fn send(&self, url: &str) -> Result<DeliveryReply, Error> {
        let transport = |e| Error::Transport(TransportError::new(e));
        let response = reqwest::Client::new()
            .post(url)
            .header(SIGNATURE_HEADER, &self.signature)
            .header("content-type", "application/json")
            .header("user-agent", "facebookexternalua")
            .body(self.body.clone())
            .send()
            .await
            .map_err(transport)?;
        let status = response.status().as_u16();
        let body = response.text().await.map_err(transport)?;
        Ok(DeliveryReply { status, body })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::webhooks::{Notification, verify_signature};

    #[test]
    fn a_delivery_is_signed_over_its_exact_body() {
        let secret = AppSecret::from("delivery-secret");
        let notification = Notification {
            object: "page".into(),
            ..Notification::default()
        };
        let delivery = webhook_delivery(&secret, &notification).unwrap();
        assert_eq!(delivery.body, br#"{"object":"page","entry":[]}"#);
        assert_eq!(
            verify_signature(&secret, &delivery.signature, &delivery.body),
            Ok(())
        );
        let raw = WebhookDelivery::from_body(&secret, &b"not json"[..]);
        assert_eq!(raw.body, b"not json");
        assert_eq!(verify_signature(&secret, &raw.signature, &raw.body), Ok(()));
        let other = AppSecret::from("other-secret");
        assert!(verify_signature(&other, &delivery.signature, &delivery.body).is_err());
    }
}
