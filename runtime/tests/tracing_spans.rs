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

#[test]
fn attempts_are_traced_without_secrets() {
    let server = MockGraph::new(TOKEN)
        .app_secret(SECRET)
        .node("1", json!({"id": "1", "name": "Cafe"}))
        .start();
    let recorder = Recorder::default();
    tracing::subscriber::with_default(recorder.clone(), || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let client: Client = server.client_builder().build().unwrap();
            server.queue_fault(Fault::user_rate_limit());
            client
                .send(GraphRequest::get("1").param("fields", "name"))
                .await
                .unwrap();
        });
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
    let warnings = tracing::subscriber::with_default(recorder.clone(), || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let client: Client = server.client_builder().build().unwrap();
            let response = graph_api::Client::from(client)
                .page("1")
                .voip_info()
                .get()
                .await
                .unwrap();
            response.warnings
        })
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
