//! Every real Graph error envelope in `../shared/graph-payloads/errors`
//! decodes into a [`GraphError`] that keeps all it says, through the path a
//! user hits: the emulator serves the file byte for byte with its HTTP
//! status, and `NodeRef::read` returns `Error::Graph`.
//!
//! `errors/index.tsv` says what each file holds (`code`, `error_subcode`,
//! `type`, whether it has an `fbtrace_id`; `-` for none); the typed error
//! must agree, and must hold every key of the envelope's `error` object.
//!
//! The data lives beside the workspace, never in it. `GRAPH_SHARED_DIR`
//! points at another `shared` directory. When the data is absent the test
//! fails if `CI` is set (to anything but `""`, `0` or `false`), and
//! otherwise prints `SKIPPED` and passes (the rule of
//! `codegen/tests/support/shared_data.rs`, included here by `#[path]`).
#![cfg(feature = "mock")]

#[path = "../../codegen/tests/support/shared_data.rs"]
mod shared_data;

use std::path::Path;

use graph_api::Page;
use graph_runtime::mock::{Fault, MockGraph, MockServer};
use graph_runtime::{Client, Error, GraphError, NoParams, NodeRef};
use serde_json::Value;

const TOKEN: &str = "EAAB-error-envelopes-token";

/// The columns of `errors/index.tsv`, in order.
const COLUMNS: &[&str] = &[
    "file",
    "source",
    "http_status",
    "code",
    "error_subcode",
    "type",
    "has_fbtrace_id",
];

// ---- index.tsv -------------------------------------------------------------------------

/// One row of `errors/index.tsv`.
#[derive(Debug)]
struct Expected {
    file: String,
    http_status: u16,
    code: Option<i64>,
    error_subcode: Option<i64>,
    error_type: Option<String>,
    has_fbtrace_id: bool,
}

fn read_index(dir: &Path) -> Vec<Expected> {
    let text = std::fs::read_to_string(dir.join("index.tsv")).expect("errors/index.tsv");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("a header line").split('\t').collect();
    assert_eq!(header, COLUMNS, "the columns of errors/index.tsv");
    let dash = |cell: &str| (cell != "-").then(|| cell.to_owned());
    let number = |cell: &str| dash(cell).map(|c| c.parse::<i64>().expect(&c));
    lines
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            assert_eq!(cells.len(), COLUMNS.len(), "{line:?}");
            Expected {
                file: cells[0].to_owned(),
                // The status it was recorded with, or the usual 400.
                http_status: number(cells[2]).map_or(400, |s| u16::try_from(s).expect(cells[2])),
                code: number(cells[3]),
                error_subcode: number(cells[4]),
                error_type: dash(cells[5]),
                has_fbtrace_id: match cells[6] {
                    "yes" => true,
                    "no" => false,
                    other => panic!("has_fbtrace_id {other:?} in {line:?}"),
                },
            }
        })
        .collect()
}

// ---- through the emulator --------------------------------------------------------------

/// Serves `body` with `status` for the next request and reads node `1`
/// with the client, which must fail with a Graph error.
async fn served(server: &MockServer, client: &Client, status: u16, body: &str) -> GraphError {
    server.queue_fault(Fault::body(
        status,
        Some("application/json; charset=UTF-8"),
        body,
    ));
    let result = NodeRef::new(client, "1")
        .read::<Page, NoParams>()
        .get()
        .await;
    assert_eq!(server.pending_faults(), 0, "the envelope was not served");
    match result {
        Err(Error::Graph(graph)) => *graph,
        Err(other) => panic!("not a Graph error: {other:?}"),
        Ok(page) => panic!("an error envelope read as a page: {page:?}"),
    }
}

/// The keys of `error` that `graph` does not keep, each with why.
fn not_kept(error: &serde_json::Map<String, Value>, graph: &GraphError) -> Vec<String> {
    let as_i64 = |v: &Value| v.as_i64().or_else(|| v.as_str()?.trim().parse().ok());
    let mut lost = Vec::new();
    for (key, value) in error {
        let kept = match key.as_str() {
            "message" => value.as_str() == Some(graph.message.as_str()),
            "type" => value.as_str() == graph.error_type.as_deref(),
            "code" => as_i64(value).is_some() && as_i64(value) == graph.code,
            "error_subcode" => as_i64(value).is_some() && as_i64(value) == graph.error_subcode,
            "error_user_title" => value.as_str() == graph.error_user_title.as_deref(),
            "error_user_msg" => value.as_str() == graph.error_user_msg.as_deref(),
            "fbtrace_id" => value.as_str() == graph.fbtrace_id.as_deref(),
            "is_transient" => value.as_bool() == Some(graph.is_transient),
            // Kept as sent, or parsed when it is a string holding JSON.
            "error_data" => graph.error_data.as_ref().is_some_and(|data| {
                data == value
                    || value
                        .as_str()
                        .and_then(|s| serde_json::from_str::<Value>(s).ok())
                        .is_some_and(|parsed| &parsed == data)
            }),
            _ => {
                lost.push(format!(
                    "{key}: a key GraphError has no field for ({value})"
                ));
                continue;
            }
        };
        if !kept {
            lost.push(format!("{key}: sent {value}, kept as {graph:?}"));
        }
    }
    lost
}

#[tokio::test]
async fn every_error_envelope_decodes_into_a_graph_error() {
    let Some(dir) = shared_data::shared_dir("graph-payloads/errors", "error envelopes") else {
        return;
    };
    let index = read_index(&dir);
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .expect("the errors directory")
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json"))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = index.iter().map(|row| row.file.clone()).collect();
    listed.sort();
    assert_eq!(listed, on_disk, "index.tsv lists exactly the .json files");
    assert!(!index.is_empty(), "no envelopes in {}", dir.display());

    let server = MockGraph::new(TOKEN)
        .node("1", serde_json::json!({"id": "1", "name": "Cafe"}))
        .start();
    // One attempt: a transient error (code 1, HTTP 500) must come back as
    // served, not be retried into the fixture.
    let client: Client = server.client_builder().max_attempts(1).build().unwrap();

    let mut failures = Vec::new();
    for row in &index {
        let body = std::fs::read_to_string(dir.join(&row.file)).expect(&row.file);
        let envelope: Value = serde_json::from_str(&body).expect(&row.file);
        let error = envelope["error"]
            .as_object()
            .unwrap_or_else(|| panic!("{}: no error object", row.file));
        let graph = served(&server, &client, row.http_status, &body).await;

        let mut wrong = not_kept(error, &graph);
        let columns = (
            graph.http_status,
            graph.code,
            graph.error_subcode,
            graph.error_type.as_deref(),
            graph.fbtrace_id.is_some(),
        );
        let expected = (
            row.http_status,
            row.code,
            row.error_subcode,
            row.error_type.as_deref(),
            row.has_fbtrace_id,
        );
        if columns != expected {
            wrong.push(format!(
                "(http_status, code, error_subcode, type, has fbtrace_id) is {columns:?}, \
                 index.tsv says {expected:?}"
            ));
        }
        for why in &wrong {
            eprintln!("{}: {why}", row.file);
        }
        if !wrong.is_empty() {
            failures.push(row.file.as_str());
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} envelopes not decoded as index.tsv says: {failures:?}",
        failures.len(),
        index.len()
    );
    println!("{} error envelopes decoded", index.len());
}

/// The rule for absent data, run on the test above with `GRAPH_SHARED_DIR`
/// pointing nowhere: it fails with `CI=true` and skips, passing, without.
#[test]
fn absent_data_fails_under_ci_and_skips_elsewhere() {
    shared_data::assert_absent_data_fails_under_ci(
        "every_error_envelope_decodes_into_a_graph_error",
    );
}
