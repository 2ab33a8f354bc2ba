//! Decodes real Graph API responses with the generated whole-API models and
//! encodes them back; `tests/tests/payloads.rs` copies this program into the
//! generated crate as an example, with `dispatch.rs` (the node → model
//! table, written from the payload index) beside it.
//!
//! Usage: `payload_roundtrip <graph-payloads dir>`. Prints one JSON object a
//! line per payload: `file`, `node`, `error` (decoding failed), `lost`
//! (paths whose value did not come back) and `warnings` (`path`, `kind`,
//! `action`).

use facebook_graph::runtime::page::link_without_credentials;
use facebook_graph::runtime::schema::Type;
use facebook_graph::runtime::serde_json::{self, Value, json};
use facebook_graph::runtime::tolerant;
use facebook_graph::runtime::{Node, Page};

include!("dispatch.rs");

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).expect("the graph-payloads dir"));
    let index = std::fs::read_to_string(dir.join("index.tsv")).expect("index.tsv");
    for line in index.lines().skip(1) {
        let columns: Vec<&str> = line.split('\t').collect();
        let (file, node, shape) = (columns[0], columns[1], columns[2]);
        let text = std::fs::read_to_string(dir.join(file)).expect("a payload");
        let value: Value = serde_json::from_str(&text).expect("payloads are JSON");
        let outcome = dispatch(node, shape == "list", &value)
            .unwrap_or_else(|| json!({"error": format!("no model for {node}")}));
        let mut line = json!({"file": file, "node": node});
        line.as_object_mut().unwrap().extend(outcome.as_object().unwrap().clone());
        println!("{line}");
    }
}

/// Decodes `value` as an `M` (or, for a list, as a page of them), encodes
/// it back and compares.
fn check<M: Node>(list: bool, value: &Value) -> Value {
    let decoded = if list {
        tolerant::decode::<Page<M>>(value).map(|d| (serde_json::to_value(d.value), d.warnings))
    } else {
        tolerant::decode::<M>(value).map(|d| (serde_json::to_value(d.value), d.warnings))
    };
    let (encoded, warnings) = match decoded {
        Ok((Ok(encoded), warnings)) => (encoded, warnings),
        Ok((Err(e), _)) => return json!({"error": format!("encoding: {e}")}),
        Err(e) => return json!({"error": e.to_string()}),
    };
    // A list envelope is an edge page of `M`s.
    let ty = if list {
        // `Type::Edge` holds a `&'static Type`: one leaked per model, per run.
        Type::Edge(Box::leak(Box::new(Type::Node(M::schema()))))
    } else {
        Type::Node(M::schema())
    };
    // Graph writes the token into paging links and decoding takes it out,
    // by design: the original is compared without it.
    let mut original = value.clone();
    without_link_credentials(&mut original);
    let lost = tolerant::lost_values(ty, &original, &encoded);
    let warnings: Vec<Value> = warnings
        .iter()
        .map(|w| json!({"path": w.path(), "kind": format!("{:?}", w.violation().kind()), "action": format!("{:?}", w.action())}))
        .collect();
    json!({"lost": lost, "warnings": warnings})
}

/// `value` with the links of every page (an object with `data`) cleaned as
/// decoding cleans them.
fn without_link_credentials(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let page = map.contains_key("data");
            for (key, item) in map.iter_mut() {
                match key == "paging" && page {
                    true => clean_links(item),
                    false => without_link_credentials(item),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(without_link_credentials),
        _ => {}
    }
}

fn clean_links(value: &mut Value) {
    match value {
        Value::String(text) => *text = link_without_credentials(text).into_owned(),
        Value::Array(items) => items.iter_mut().for_each(clean_links),
        Value::Object(map) => map.values_mut().for_each(clean_links),
        _ => {}
    }
}
