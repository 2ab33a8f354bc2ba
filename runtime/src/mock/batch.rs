//! Batch requests in the emulator: `POST /` with `batch=[…]`, each
//! operation run as a request of its own, in order, with Graph's rules for
//! names, dependencies, references and omitted answers.

use std::collections::HashMap;
use std::net::SocketAddr;

use serde_json::{Value, json};

use super::server::{Credentials, Incoming, Reply, Route, charged_answer, error, record};
use super::{RecordedRequest, State};
use crate::batch::{MAX_OPERATIONS, references};

/// What became of a named operation, for those that depend on it.
enum Outcome {
    /// Answered with a 2xx and this body.
    Succeeded(Value),
    /// Answered with an error.
    Failed,
    /// Not run (`null`).
    NotRun,
}

/// Answers a batch request: one entry per operation, `{"code", "headers",
/// "body"}` or `null`.
pub(super) fn answer(
    state: &mut State,
    incoming: &Incoming,
    addr: SocketAddr,
    trace: &str,
) -> Reply {
    let ops = match incoming.param("batch").map(serde_json::from_str::<Value>) {
        Some(Ok(Value::Array(ops))) => ops,
        _ => {
            return error(
                400,
                100,
                "OAuthException",
                "(#100) The parameter batch must be a JSON array of operations",
                trace,
            );
        }
    };
    if ops.len() > MAX_OPERATIONS {
        return error(
            400,
            100,
            "OAuthException",
            &format!(
                "(#100) Too many requests in batch message. Maximum batch size is {MAX_OPERATIONS}"
            ),
            trace,
        );
    }
    let include_headers = incoming.param("include_headers") != Some("false");
    let parents: Vec<Vec<String>> = ops.iter().map(parents_of).collect();
    let mut outcomes: HashMap<String, Outcome> = HashMap::new();
    let mut entries = Vec::with_capacity(ops.len());
    let mut recorded = Vec::new();
    for (index, op) in ops.iter().enumerate() {
        let name = op.get("name").and_then(Value::as_str);
        let blocked = parents[index]
            .iter()
            .find_map(|parent| match outcomes.get(parent) {
                Some(Outcome::Succeeded(_)) => None,
                Some(Outcome::Failed) => Some(false),
                // Unknown names are Graph's error below, when resolving.
                None => None,
                Some(Outcome::NotRun) => Some(true),
            });
        let outcome;
        let entry = if incoming.not_run.contains(&index) || blocked == Some(true) {
            outcome = Outcome::NotRun;
            Value::Null
        } else if blocked == Some(false) {
            outcome = Outcome::Failed;
            let reply = error(
                400,
                100,
                "OAuthException",
                "(#100) An operation this one depends on failed",
                trace,
            );
            entry(&reply, include_headers)
        } else {
            let (reply, op_recorded) = run(state, incoming, op, &outcomes, addr, trace);
            recorded.extend(op_recorded);
            let ok = (200..300).contains(&reply.status);
            outcome = match serde_json::from_slice(&reply.body) {
                Ok(body) if ok => Outcome::Succeeded(body),
                _ => Outcome::Failed,
            };
            // Graph leaves out the answer of an operation others depend
            // on, unless it is asked for with omit_response_on_success: false.
            let depended_on =
                name.is_some_and(|n| parents[index + 1..].iter().flatten().any(|p| p == n));
            let omit = op
                .get("omit_response_on_success")
                .and_then(Value::as_bool)
                .unwrap_or(depended_on);
            if ok && omit {
                Value::Null
            } else {
                entry(&reply, include_headers)
            }
        };
        if let Some(name) = name {
            outcomes.insert(name.to_owned(), outcome);
        }
        entries.push(entry);
    }
    if let Some(request) = state.requests.last_mut() {
        request.batch = recorded;
    }
    Reply::json(200, &Value::Array(entries))
}

/// The names an operation depends on: `depends_on` and those its
/// references name.
fn parents_of(op: &Value) -> Vec<String> {
    let mut parents: Vec<String> = op
        .get("depends_on")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .into_iter()
        .collect();
    for key in ["relative_url", "body"] {
        if let Some(text) = op.get(key).and_then(Value::as_str) {
            parents.extend(references(text).map(|found| found.name.to_owned()));
        }
    }
    parents
}

/// One batch entry: the operation's status, headers and body as JSON text.
fn entry(reply: &Reply, include_headers: bool) -> Value {
    let mut entry = json!({
        "code": reply.status,
        "body": String::from_utf8_lossy(&reply.body),
    });
    if include_headers {
        entry["headers"] = reply
            .headers
            .iter()
            .map(|(name, value)| json!({"name": name, "value": value}))
            .collect();
    }
    entry
}

/// Runs one operation as a request of its own: its references filled in,
/// the batch's token and proof unless it carries its own.
fn run(
    state: &mut State,
    batch: &Incoming,
    op: &Value,
    outcomes: &HashMap<String, Outcome>,
    addr: SocketAddr,
    trace: &str,
) -> (Reply, Option<RecordedRequest>) {
    let text = |key: &str| op.get(key).and_then(Value::as_str).unwrap_or_default();
    let Some(relative_url) = op.get("relative_url").and_then(Value::as_str) else {
        let reply = error(
            400,
            100,
            "OAuthException",
            "(#100) Each batch operation needs a relative_url",
            trace,
        );
        return (reply, None);
    };
    let resolved =
        resolve(relative_url, outcomes).and_then(|url| Ok((url, resolve(text("body"), outcomes)?)));
    let (relative_url, body) = match resolved {
        Ok(resolved) => resolved,
        Err(why) => return (error(400, 100, "OAuthException", &why, trace), None),
    };
    let (path, raw_query) = match relative_url.split_once('?') {
        Some((path, query)) => (path, Some(query.to_owned())),
        None => (relative_url.as_str(), None),
    };
    let parse = |text: &str| -> Vec<(String, String)> {
        url::form_urlencoded::parse(text.as_bytes())
            .into_owned()
            .collect()
    };
    let mut query = parse(raw_query.as_deref().unwrap_or(""));
    let form = parse(&body);
    let own_token = query
        .iter()
        .chain(&form)
        .any(|(name, _)| name == "access_token");
    let own_proof = query
        .iter()
        .chain(&form)
        .any(|(name, _)| name == "appsecret_proof");
    if !own_token && !own_proof {
        if let Some(proof) = batch.param("appsecret_proof") {
            query.push(("appsecret_proof".to_owned(), proof.to_owned()));
        }
    }
    let bearer = if own_token {
        None
    } else {
        batch
            .bearer
            .clone()
            .or_else(|| batch.param("access_token").map(str::to_owned))
    };
    let incoming = Incoming {
        method: text("method").to_ascii_uppercase(),
        path: format!("/{}", path.trim_start_matches('/')),
        raw_query,
        query,
        form,
        bearer,
        not_run: Vec::new(),
        multipart: false,
        parts: Vec::new(),
        malformed: None,
        host: batch.host,
    };
    let credentials = Credentials::check(state, &incoming);
    let route = Route::new(&incoming.path);
    let recorded = record(&incoming, &route, &credentials, None);
    let reply = if route.segments.is_empty() {
        error(
            400,
            100,
            "OAuthException",
            "(#100) A batch operation cannot be a batch request",
            trace,
        )
    } else {
        // Each operation counts against the rate limits on its own, as Graph counts.
        let mut reply =
            charged_answer(state, &incoming, &route.segments, &credentials, addr, trace);
        reply.headers.extend(state.headers.iter().cloned());
        reply
    };
    (reply, Some(recorded))
}

/// `text` with each reference replaced by the value it names, as Graph
/// does before it runs an operation; an error naming what is missing.
fn resolve(text: &str, outcomes: &HashMap<String, Outcome>) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut done = 0;
    for found in references(text) {
        let value = match outcomes.get(found.name) {
            Some(Outcome::Succeeded(body)) => select(body, found.path).ok_or_else(|| {
                format!(
                    "(#100) The path {} of the result of {} selects nothing",
                    found.path, found.name
                )
            })?,
            _ => {
                return Err(format!(
                    "(#100) No result for the operation named {} in this batch",
                    found.name
                ));
            }
        };
        out.push_str(&text[done..found.range.start]);
        out.push_str(&value);
        done = found.range.end;
    }
    out.push_str(&text[done..]);
    Ok(out)
}

/// The values a JSONPath (`$.id`, `$.data.0.id`, `$.data[0].id`,
/// `$.data.*.id`) selects, comma separated; `None` if it selects nothing.
fn select(body: &Value, path: &str) -> Option<String> {
    let steps = path.strip_prefix('$')?.replace('[', ".").replace(']', "");
    let mut current = vec![body];
    for step in steps.split('.').filter(|s| !s.is_empty()) {
        current = current
            .into_iter()
            .flat_map(|value| -> Vec<&Value> {
                match (step, value) {
                    ("*", Value::Array(items)) => items.iter().collect(),
                    ("*", Value::Object(map)) => map.values().collect(),
                    (_, Value::Array(items)) => step
                        .parse::<usize>()
                        .ok()
                        .and_then(|i| items.get(i))
                        .into_iter()
                        .collect(),
                    (_, Value::Object(map)) => map.get(step).into_iter().collect(),
                    _ => Vec::new(),
                }
            })
            .collect();
    }
    let texts: Vec<String> = current
        .into_iter()
        .map(|value| match value {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        })
        .collect();
    (!texts.is_empty()).then(|| texts.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_paths_select_like_graph() {
        let body = json!({"id": "7", "data": [{"id": "a"}, {"id": "b"}], "n": 3});
        assert_eq!(select(&body, "$.id").as_deref(), Some("7"));
        assert_eq!(select(&body, "$.n").as_deref(), Some("3"));
        assert_eq!(select(&body, "$.data.1.id").as_deref(), Some("b"));
        assert_eq!(select(&body, "$.data[0].id").as_deref(), Some("a"));
        assert_eq!(select(&body, "$.data.*.id").as_deref(), Some("a,b"));
        assert_eq!(select(&body, "$.missing"), None);
        assert_eq!(select(&body, "id"), None);
    }

    #[test]
    fn references_are_replaced_by_what_they_select() {
        let mut outcomes = HashMap::new();
        outcomes.insert("made".to_owned(), Outcome::Succeeded(json!({"id": "42"})));
        outcomes.insert("bad".to_owned(), Outcome::Failed);
        assert_eq!(
            resolve(
                "v19.0/{result=made:$.id}/feed?x={result=made:$.id}",
                &outcomes
            )
            .unwrap(),
            "v19.0/42/feed?x=42"
        );
        assert!(
            resolve("{result=bad:$.id}", &outcomes)
                .unwrap_err()
                .contains("bad")
        );
        assert!(
            resolve("{result=made:$.nope}", &outcomes)
                .unwrap_err()
                .contains("$.nope")
        );
        assert_eq!(
            resolve("{not a reference}", &outcomes).unwrap(),
            "{not a reference}"
        );
    }
}
