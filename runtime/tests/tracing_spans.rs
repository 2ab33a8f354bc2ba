//! Each attempt runs in a `graph_request` span that says what was sent and
//! what came back, and nothing secret.
#![cfg(feature = "mock")]

use std::sync::{Arc, Mutex};

use graph_runtime::auth::appsecret_proof;
use graph_runtime::mock::{Fault, MockGraph};
use graph_runtime::{Client, GraphRequest};
use serde_json::json;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

const TOKEN: &str = "EAAB-tracing-token-77aa";
const SECRET: &str = "tracing-app-secret";

/// Every span and event, as `name field=value …` lines.
#[derive(Default, Clone)]
struct Recorder {
    lines: Arc<Mutex<Vec<String>>>,
    spans: Arc<Mutex<Vec<String>>>,
}

struct Fields(String);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={:?}", field.name(), value));
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut fields = Fields(span.metadata().name().to_owned());
        span.record(&mut fields);
        let mut spans = self.spans.lock().unwrap();
        spans.push(fields.0);
        Id::from_u64(spans.len() as u64)
    }

    fn record(&self, id: &Id, values: &Record<'_>) {
        let mut spans = self.spans.lock().unwrap();
        let line = &mut spans[id.into_u64() as usize - 1];
        let mut fields = Fields(std::mem::take(line));
        values.record(&mut fields);
        *line = fields.0;
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields(format!("event {}", event.metadata().level()));
        event.record(&mut fields);
        self.lines.lock().unwrap().push(fields.0);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

/// Runs `work` on a current-thread runtime with `recorder` as the subscriber.
fn traced<T>(recorder: &Recorder, work: impl std::future::Future<Output = T>) -> T {
    tracing::subscriber::with_default(recorder.clone(), || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(work)
    })
}

#[test]
fn attempts_are_traced_without_secrets() {
    let server = MockGraph::new(TOKEN)
        .app_secret(SECRET)
        .node("1", json!({"id": "1", "name": "Cafe"}))
        .start();
    let recorder = Recorder::default();
    traced(&recorder, async {
        let client: Client = server.client_builder().build().unwrap();
        server.queue_fault(Fault::user_rate_limit());
        client
            .send(GraphRequest::get("1").param("fields", "name"))
            .await
            .unwrap();
    });
    let spans: Vec<String> = recorder
        .spans
        .lock()
        .unwrap()
        .iter()
        .filter(|s| s.starts_with("graph_request"))
        .cloned()
        .collect();
    assert_eq!(
        spans,
        [
            r#"graph_request method="GET" path="/v19.0/1" attempt=1 status=400"#,
            r#"graph_request method="GET" path="/v19.0/1" attempt=2 status=200"#,
        ]
    );
    let events = recorder.lines.lock().unwrap().clone();
    assert!(
        events
            .iter()
            .any(|e| e.contains("retrying") && e.contains("Graph error 17")),
        "{events:?}"
    );

    let proof = appsecret_proof(&SECRET.into(), &TOKEN.into());
    let everything = format!("{spans:?} {events:?}");
    for secret in [TOKEN, SECRET, proof.as_str()] {
        assert!(!everything.contains(secret), "{secret} in {everything}");
    }
}

#[test]
fn decode_warnings_are_traced_once_each_without_secrets() {
    let server = MockGraph::new(TOKEN)
        .node(
            "1",
            json!({"id": "1", "voip_info": {"is_callable": 0, "reason_code": TOKEN}}),
        )
        .start();
    let recorder = Recorder::default();
    let warnings = traced(&recorder, async {
        let client: Client = server.client_builder().build().unwrap();
        let response = graph_api::Client::from(client)
            .page("1")
            .voip_info()
            .get()
            .await
            .unwrap();
        response.warnings
    });
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    let events: Vec<String> = recorder
        .lines
        .lock()
        .unwrap()
        .iter()
        .filter(|e| e.contains("does not fit the spec"))
        .cloned()
        .collect();
    assert_eq!(events.len(), 2, "{events:?}");
    assert!(
        events.iter().all(|e| e.starts_with("event WARN")),
        "{events:?}"
    );
    assert!(
        events
            .iter()
            .any(|e| e.contains("path=\"voip_info.is_callable\"") && e.contains("Coerced"))
    );
    assert!(
        events
            .iter()
            .any(|e| e.contains("path=\"voip_info.reason_code\"") && e.contains("KeptRaw"))
    );
    assert!(!format!("{events:?}").contains(TOKEN), "{events:?}");
}

/// A rate-limit error whose message echoes what it was sent (as a broken
/// proxy or Graph's own messages may): every attempt's trace and the error
/// returned hide the secrets the request carried besides the client's own
/// (`input_token`, `client_secret`, `fb_exchange_token`).
#[test]
fn retries_of_token_requests_trace_none_of_their_secrets() {
    const INPUT: &str = "EAAB-input-token-to-inspect-5c1d";
    const APP_SECRET: &str = "other-app-secret-93be";
    const SHORT: &str = "EAAB-short-lived-user-token-0f4a";
    let server = MockGraph::new(TOKEN).app_secret(SECRET).start();
    let echo = |secrets: &str| format!("Application request limit reached ({secrets})");
    let recorder = Recorder::default();
    let errors = traced(&recorder, async {
        let client: Client = server
            .client_builder()
            .max_attempts(2)
            .backoff_base(std::time::Duration::from_millis(1))
            .backoff_max(std::time::Duration::from_millis(1))
            .build()
            .unwrap();
        let fault = |secrets: &str| Fault::graph_error(400, 4, "OAuthException", &echo(secrets));
        server.queue_fault(fault(INPUT));
        server.queue_fault(fault(INPUT));
        let debug = client.debug_token(&INPUT.into()).await.unwrap_err();
        let both = format!("{APP_SECRET} {SHORT}");
        server.queue_fault(fault(&both));
        server.queue_fault(fault(&both));
        let exchange = client
            .exchange_token("1234", &APP_SECRET.into(), &SHORT.into())
            .await
            .unwrap_err();
        format!("{debug} {debug:?} {exchange} {exchange:?}")
    });
    let events = recorder.lines.lock().unwrap().clone();
    let retried = events.iter().filter(|e| e.contains("retrying")).count();
    assert_eq!(retried, 2, "{events:?}");
    let everything = format!("{events:?} {errors}");
    assert!(everything.contains("request limit reached"), "{everything}");
    for secret in [INPUT, APP_SECRET, SHORT] {
        assert!(!everything.contains(secret), "{secret} in {everything}");
        assert!(
            !everything.contains(&secret[..16]),
            "a piece of {secret} in {everything}"
        );
    }
}

/// The span's path is the path as sent, bounded and without secrets: a
/// node id from input can be of any length, and an id may be a token.
#[test]
fn a_long_path_is_cut_short_in_the_span() {
    let server = MockGraph::new(TOKEN).start();
    let recorder = Recorder::default();
    let long = "7".repeat(5_000);
    traced(&recorder, async {
        let client: Client = server.client_builder().max_attempts(1).build().unwrap();
        for segments in [[long.as_str(), "feed"], ["1", TOKEN]] {
            let request = GraphRequest::from_segments(graph_runtime::Method::Get, segments);
            let _ = client.send(request).await;
        }
    });
    let spans = recorder.spans.lock().unwrap().clone();
    let span = spans
        .iter()
        .find(|s| s.starts_with("graph_request"))
        .unwrap();
    assert!(span.len() < 400, "{span}");
    assert!(span.contains("/v19.0/777"), "{span}");
    assert!(span.contains('…'), "{span}");
    let with_token: Vec<&String> = spans
        .iter()
        .filter(|s| s.starts_with("graph_request") && s.contains("/v19.0/1/"))
        .collect();
    assert_eq!(with_token.len(), 1, "{spans:?}");
    assert!(with_token[0].contains("/v19.0/1/<redacted>"), "{spans:?}");
    assert!(!format!("{spans:?}").contains(TOKEN), "{spans:?}");
}
