//! Response bodies are read up to `max_response_bytes`, over real HTTP:
//! with a `Content-Length` and streamed in chunks without one, through the
//! async and the blocking client. Past the limit the call fails with
//! `Error::ResponseTooLarge`, naming the limit and the path (no query, so
//! no credential), and is not retried.
#![cfg(all(feature = "mock", feature = "blocking"))]

use graph_runtime::mock::{Fault, MockGraph, MockServer};
use graph_runtime::{Client, Error, GraphRequest, blocking};
use serde_json::{Value, json};

const TOKEN: &str = "EAAB-response-limit-token";
const SECRET: &str = "response-limit-app-secret";

/// A node whose body is 10 kB of JSON.
fn big_node() -> Value {
    json!({"blob": "x".repeat(10_000), "id": "big"})
}

/// The exact size of the emulator's answer to `GET /big`.
fn body_len() -> u64 {
    serde_json::to_vec(&big_node()).unwrap().len() as u64
}

fn server() -> MockServer {
    MockGraph::new(TOKEN)
        .app_secret(SECRET)
        .node("big", big_node())
        .start()
}

/// How the body is sent: with a `Content-Length`, or streamed in chunks.
fn deliveries() -> [Option<Fault>; 2] {
    [None, Some(Fault::chunked(100))]
}

fn check_too_large(error: &Error, limit: u64) {
    assert!(
        matches!(
            error,
            Error::ResponseTooLarge { limit: l, status: 200, path }
                if *l == limit && path == "/v19.0/big"
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!(
            "the response to /v19.0/big (HTTP 200) is larger than max_response_bytes \
             ({limit} bytes); it was not read further"
        )
    );
    assert!(!error.is_transient() && !error.is_rate_limited());
    assert_eq!(error.http_status(), Some(200));
}

#[tokio::test]
async fn the_async_client_reads_up_to_the_limit_and_no_further() {
    let server = server();
    for delivery in deliveries() {
        let client = |limit: u64| -> Client {
            server
                .client_builder()
                .max_response_bytes(limit)
                .build()
                .unwrap()
        };
        let queue = || {
            if let Some(fault) = delivery.clone() {
                server.queue_fault(fault);
            }
        };

        // Exactly the limit is fine.
        queue();
        let read = client(body_len()).send(GraphRequest::get("big")).await;
        assert_eq!(read.unwrap().data, big_node(), "{delivery:?}");

        // One byte more is not, and is not retried.
        server.clear_requests();
        queue();
        let error = client(body_len() - 1)
            .send(GraphRequest::get("big").param("fields", "blob,id"))
            .await
            .unwrap_err();
        check_too_large(&error, body_len() - 1);
        assert_eq!(server.requests().len(), 1, "{delivery:?}");
        assert_eq!(server.pending_faults(), 0);
    }
}

#[test]
fn the_blocking_client_has_the_same_limit() {
    let server = server();
    for delivery in deliveries() {
        let client = |limit: u64| -> blocking::Client {
            server
                .client_builder()
                .max_response_bytes(limit)
                .build()
                .unwrap()
        };
        if let Some(fault) = delivery.clone() {
            server.queue_fault(fault);
        }
        let read = client(body_len()).send(GraphRequest::get("big"));
        assert_eq!(read.unwrap().data, big_node(), "{delivery:?}");

        server.clear_requests();
        if let Some(fault) = delivery.clone() {
            server.queue_fault(fault);
        }
        let error = client(1_000).send(GraphRequest::get("big")).unwrap_err();
        check_too_large(&error, 1_000);
        assert_eq!(server.requests().len(), 1, "{delivery:?}");
    }
}

#[tokio::test]
async fn the_default_limit_is_64_mib() {
    let server = server();
    let client: Client = server.client_builder().build().unwrap();
    assert_eq!(client.config().max_response_bytes(), 64 * 1024 * 1024);
    assert_eq!(
        graph_runtime::client::DEFAULT_MAX_RESPONSE_BYTES,
        64 * 1024 * 1024
    );
    let read = client.send(GraphRequest::get("big")).await.unwrap();
    assert_eq!(read.data, big_node());
}

/// A `Content-Length` over the limit is refused before any of the body is
/// read: the emulator announces more than it sends and then stalls, so a
/// client that read on would wait for the rest and time out instead.
#[tokio::test]
async fn an_announced_length_over_the_limit_is_refused_before_reading() {
    let server = MockGraph::new(TOKEN).node("big", big_node()).start();
    let client: Client = server
        .client_builder()
        .max_response_bytes(100_000)
        .timeout(std::time::Duration::from_secs(2))
        .max_attempts(1)
        .build()
        .unwrap();
    server.queue_fault(Fault::announced_length(1_000_000));
    let error = client.send(GraphRequest::get("big")).await.unwrap_err();
    check_too_large(&error, 100_000);
    // The same stalled body under the limit: the client waits, as it should.
    server.queue_fault(Fault::announced_length(100_000));
    let error = client.send(GraphRequest::get("big")).await.unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
}
