//! The emulator seen from the wire, through a raw TCP connection rather than
//! the client: what its request log says arrived (the raw path and the
//! decoded segments), where it takes the token from, and how the body
//! faults shape a response.
#![cfg(feature = "mock")]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use graph_runtime::mock::{Check, Fault, MockGraph, MockServer};
use serde_json::json;

const TOKEN: &str = "EAAB-mock-wire-token";

fn server() -> MockServer {
    MockGraph::new(TOKEN)
        .node("123/adsets", json!({"id": "123/adsets"}))
        .node("1", json!({"id": "1", "name": "one"}))
        .start()
}

/// Sends `GET {target}` with these extra header lines; returns the status
/// line and headers (lowercased), and the body if `read_body`.
fn get(server: &MockServer, target: &str, headers: &str, read_body: bool) -> (Vec<String>, String) {
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {}\r\n{headers}Connection: close\r\n\r\n",
        server.addr()
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let mut head = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let line = line.trim_end().to_ascii_lowercase();
        if line.is_empty() {
            break;
        }
        head.push(line);
    }
    let mut body = String::new();
    if read_body {
        reader.read_to_string(&mut body).unwrap();
    }
    (head, body)
}

fn bearer() -> String {
    format!("Authorization: Bearer {TOKEN}\r\n")
}

#[test]
fn the_log_holds_the_raw_path_and_the_decoded_segments() {
    let server = server();
    for (target, segments) in [
        ("/v19.0/123%2Fadsets", vec!["123/adsets"]),
        ("/v19.0/123/adsets", vec!["123", "adsets"]),
        ("/v19.0/a%20b%3F%23%25/feed", vec!["a b?#%", "feed"]),
        ("/v19.0/%2e%2e", vec![".."]),
        ("/v19.0/1/", vec!["1", ""]),
        ("/v19.0//1", vec!["", "1"]),
        ("/1", vec!["1"]),
        ("/v19.0", vec![]),
        ("/v19.0/", vec![]),
        ("/", vec![]),
    ] {
        server.clear_requests();
        get(&server, target, &bearer(), true);
        let [request] = server.requests().try_into().unwrap();
        let raw_path = target.split('?').next().unwrap();
        assert_eq!(request.path, raw_path);
        assert_eq!(request.segments, segments, "{target}");
    }
    // Routing decodes too: the node `123/adsets`, not an edge of `123`.
    let (head, body) = get(&server, "/v19.0/123%2Fadsets", &bearer(), true);
    assert_eq!(head[0], "http/1.1 200 ok");
    assert!(body.contains(r#""id":"123/adsets""#), "{body}");
    // Empty segments are ignored when routing: `/v19.0/1/` is node 1.
    let (head, _) = get(&server, "/v19.0/1/", &bearer(), true);
    assert_eq!(head[0], "http/1.1 200 ok");
}

#[test]
fn a_token_in_the_url_counts_and_an_empty_one_is_none() {
    let server = server();
    get(&server, &format!("/v19.0/1?access_token={TOKEN}"), "", true);
    get(&server, "/v19.0/1?access_token=", "", true);
    get(&server, "/v19.0/1?access_token=wrong", "", true);
    let checks: Vec<_> = server
        .requests()
        .iter()
        .map(|r| (r.token, r.token_in_url))
        .collect();
    assert_eq!(
        checks,
        [
            (Check::Right, true),
            (Check::Missing, false),
            (Check::Wrong, true)
        ]
    );
}

#[test]
fn body_faults_shape_the_response_on_the_wire() {
    let server = server();
    let (head, body) = get(&server, "/v19.0/1", &bearer(), true);
    assert!(
        head.contains(&format!("content-length: {}", body.len())),
        "{head:?}"
    );
    assert!(
        !head.iter().any(|h| h.starts_with("transfer-encoding")),
        "{head:?}"
    );

    server.queue_fault(Fault::chunked(4));
    let (head, chunked) = get(&server, "/v19.0/1", &bearer(), true);
    assert!(
        head.contains(&"transfer-encoding: chunked".to_owned()),
        "{head:?}"
    );
    assert!(
        !head.iter().any(|h| h.starts_with("content-length")),
        "{head:?}"
    );
    // Chunks of 4 bytes: a size line of 4 before each.
    assert!(chunked.starts_with("4\r\n"), "{chunked:?}");

    server.queue_fault(Fault::announced_length(1_000_000));
    // The body stalls after what there is: read the head only.
    let (head, _) = get(&server, "/v19.0/1", &bearer(), false);
    assert!(
        head.contains(&"content-length: 1000000".to_owned()),
        "{head:?}"
    );
    assert_eq!(head[0], "http/1.1 200 ok");
}
