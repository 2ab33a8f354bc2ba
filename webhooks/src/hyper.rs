//! The hyper adapter (feature `hyper`; `webhooks-hyper` on graph-runtime): any
//! `hyper::Request<impl Body>` in (axum's and other `http`-based frameworks'
//! requests too), its body read up to the handler's limit, a `hyper::Response`
//! out.

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full, LengthLimitError, Limited};
use hyper::body::Body;
use hyper::header::{self, HeaderMap, HeaderValue};
use hyper::{Method, Request, Response, StatusCode, Uri};

use super::{SIGNATURE_HEADER, SignatureError, WebhookError, WebhookHandler, WebhookResponse};

impl WebhookHandler {
    /// Answers one request of any hyper-compatible server: reads the body
    /// (413 past [`WebhookHandler::max_body_bytes`], checked against
    /// `Content-Length` first), then [`WebhookHandler::handle_parts`].
    /// Answer with [`WebhookResponse::http_response`].
    ///
    /// ```no_run
    /// # use graph_webhooks::WebhookHandler;
    /// async fn serve(
    ///     handler: &WebhookHandler,
    ///     request: hyper::Request<hyper::body::Incoming>,
    /// ) -> hyper::Response<http_body_util::Full<bytes::Bytes>> {
    ///     let answer = handler.handle_request(request).await;
    ///     if let Some(notification) = answer.notification() {
    ///         // Hand it to a queue; Facebook wants the 200 quickly.
    ///         println!("{} entries", notification.entry.len());
    ///     }
    ///     answer.http_response()
    /// }
    /// ```
    pub async fn handle_request<B>(&self, request: Request<B>) -> WebhookResponse
    where
        B: Body,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let (parts, body) = request.into_parts();
        let declared = parts
            .headers
            .get(header::CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.trim().parse::<u64>().ok());
        let too_large = || {
            WebhookResponse::refused(WebhookError::BodyTooLarge {
                limit: self.max_body_bytes,
            })
        };
        if declared.is_some_and(|len| len > self.max_body_bytes as u64) {
            return too_large();
        }
        let body = match Limited::new(body, self.max_body_bytes).collect().await {
            Ok(collected) => collected.to_bytes(),
            Err(e) if e.is::<LengthLimitError>() => return too_large(),
            Err(e) => return WebhookResponse::refused(WebhookError::BodyRead(e.to_string())),
        };
        self.handle_parts(&parts.method, &parts.uri, &parts.headers, &body)
    }

    /// [`WebhookHandler::handle`] over `http` types: the query from `uri`,
    /// the signature from the `X-Hub-Signature-256` header (the first one;
    /// a value that is not visible ASCII is malformed).
    pub fn handle_parts(
        &self,
        method: &Method,
        uri: &Uri,
        headers: &HeaderMap,
        body: &[u8],
    ) -> WebhookResponse {
        let signature = match headers.get(SIGNATURE_HEADER).map(HeaderValue::to_str) {
            None => None,
            Some(Ok(value)) => Some(value),
            Some(Err(_)) if *method == Method::POST => {
                return WebhookResponse::refused(WebhookError::Signature(
                    SignatureError::Malformed,
                ));
            }
            Some(Err(_)) => None,
        };
        self.handle(method.as_str(), uri.query(), signature, body)
    }
}

impl WebhookResponse {
    /// The answer as a hyper response: the status, the body as
    /// `text/plain`, and `Allow: GET, POST` on a 405.
    pub fn http_response(&self) -> Response<Full<Bytes>> {
        let mut response = Response::new(Full::new(Bytes::from(self.body.clone())));
        *response.status_mut() =
            StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        if self.status == 405 {
            headers.insert(header::ALLOW, HeaderValue::from_static("GET, POST"));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{AppSecret, sign};

    const BODY: &[u8] = br#"{"object":"page","entry":[{"id":"1","time":2}]}"#;

    fn handler() -> WebhookHandler {
        WebhookHandler::new("hyper-secret", "hyper-token").unwrap()
    }

    fn post(body: &'static [u8], signature: Option<&str>) -> Request<Full<Bytes>> {
        let mut request = Request::post("/webhook");
        if let Some(signature) = signature {
            request = request.header(SIGNATURE_HEADER, signature);
        }
        request.body(Full::new(Bytes::from_static(body))).unwrap()
    }

    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(future)
    }

    #[test]
    fn a_signed_request_is_delivered() {
        let signature = sign(&AppSecret::from("hyper-secret"), BODY);
        let answer = block_on(handler().handle_request(post(BODY, Some(&signature))));
        assert_eq!(answer.status, 200, "{}", answer.body);
        assert_eq!(answer.notification().unwrap().entry[0].id, "1");
        let response = answer.http_response();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "text/plain; charset=utf-8"
        );
    }

    #[test]
    fn the_handshake_reads_the_query() {
        let request = Request::get(
            "/webhook?hub.mode=subscribe&hub.verify_token=hyper-token&hub.challenge=c%20d",
        )
        .body(Full::new(Bytes::new()))
        .unwrap();
        let answer = block_on(handler().handle_request(request));
        assert_eq!((answer.status, answer.body.as_str()), (200, "c d"));
    }

    #[test]
    fn an_oversized_body_is_a_413() {
        let signature = sign(&AppSecret::from("hyper-secret"), BODY);
        let small = handler().max_body_bytes(BODY.len() - 1);
        let answer = block_on(small.handle_request(post(BODY, Some(&signature))));
        assert_eq!(answer.status, 413);
        // Declared too large, whatever the body.
        let mut request = post(b"{}", Some(&signature));
        request.headers_mut().insert(
            header::CONTENT_LENGTH,
            HeaderValue::from_static("99999999999"),
        );
        assert_eq!(block_on(handler().handle_request(request)).status, 413);
        // Exactly the limit is fine.
        let exact = handler().max_body_bytes(BODY.len());
        let answer = block_on(exact.handle_request(post(BODY, Some(&signature))));
        assert_eq!(answer.status, 200);
    }

    #[test]
    fn a_non_ascii_signature_is_malformed() {
        let mut request = post(BODY, None);
        request.headers_mut().insert(
            SIGNATURE_HEADER,
            HeaderValue::from_bytes(b"sha256=\xff").unwrap(),
        );
        let answer = block_on(handler().handle_request(request));
        assert_eq!(answer.status, 401);
        assert_eq!(
            answer.error(),
            Some(&WebhookError::Signature(SignatureError::Malformed))
        );
    }

    #[test]
    fn other_methods_get_allow() {
        let request = Request::put("/webhook")
            .body(Full::new(Bytes::new()))
            .unwrap();
        let response = block_on(handler().handle_request(request)).http_response();
        assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(response.headers()[header::ALLOW], "GET, POST");
    }
}
