//! Decodes real Graph API responses with the generated whole-API models and
//! encodes them back; `tests/tests/payloads.rs` copies this program into the
//! generated crate as an example, with `dispatch.rs` (the node → model
//! table, written from the payload index) beside it.
//!
//! Usage: `payload_roundtrip <graph-payloads dir>`. Prints one JSON object a
//! line per payload: `file`, `node`, `error` (decoding failed), `lost`
//! (paths whose value did not come back) and `warnings` (`path`, `kind`,
//! `action`).

use facebook_graph::runtime::schema::Type;
use facebook_graph::runtime::serde_json::{self, Value, json};
use facebook_graph::runtime::tolerant::{self, rule};
use facebook_graph::runtime::{DateTime, Node, Page};

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
    let item = Type::Node(M::SCHEMA);
    let mut lost = Vec::new();
    if list {
        for (key, original) in value.as_object().unwrap() {
            match (key.as_str(), original, encoded.get(key)) {
                ("data", Value::Array(items), Some(Value::Array(out))) if items.len() == out.len() => {
                    for (i, (a, b)) in items.iter().zip(out).enumerate() {
                        keeps(item, a, b, &format!("data[{i}]"), &mut lost);
                    }
                }
                (_, _, Some(out)) => keeps(Type::Object, original, out, key, &mut lost),
                (_, _, None) => lost.push(key.clone()),
            }
        }
    } else {
        keeps(item, value, &encoded, "", &mut lost);
    }
    let warnings: Vec<Value> = warnings
        .iter()
        .map(|w| json!({"path": w.path(), "kind": format!("{:?}", w.violation().kind()), "action": format!("{:?}", w.action())}))
        .collect();
    json!({"lost": lost, "warnings": warnings})
}

/// Records in `lost` each path where `encoded` does not hold the value of
/// `original` (of type `ty`): the same value, its coercion, the same
/// number for a float (`0` comes back as `0.0`) or the same instant for a
/// datetime.
fn keeps(ty: Type, original: &Value, encoded: &Value, path: &str, lost: &mut Vec<String>) {
    if original == encoded {
        return;
    }
    match (ty, original, encoded) {
        (Type::Node(node), Value::Object(fields), Value::Object(out)) => {
            for (key, inner) in fields {
                let at = format!("{path}.{key}");
                match out.get(key) {
                    None => lost.push(at),
                    Some(got) => {
                        let ty = node.field(key).map_or(Type::Object, |f| f.ty);
                        keeps(ty, inner, got, &at, lost);
                    }
                }
            }
        }
        (Type::List(item), Value::Array(items), Value::Array(out)) if items.len() == out.len() => {
            for (i, (a, b)) in items.iter().zip(out).enumerate() {
                keeps(*item, a, b, &format!("{path}[{i}]"), lost);
            }
        }
        (Type::Map(_, item), Value::Object(entries), Value::Object(out)) if entries.len() == out.len() => {
            for (key, inner) in entries {
                match out.get(key) {
                    None => lost.push(format!("{path}[{key:?}]")),
                    Some(got) => keeps(*item, inner, got, &format!("{path}[{key:?}]"), lost),
                }
            }
        }
        // JSON does not tell 0 from 0.0: a float field encodes as a float.
        (Type::Float, Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        (Type::DateTime, Value::String(a), Value::String(b))
            if DateTime::parse(a).ok().is_some() && DateTime::parse(a).ok() == DateTime::parse(b).ok() => {}
        _ => {
            if rule::coerce(ty, original).as_ref() != Some(encoded) {
                lost.push(path.to_owned());
            }
        }
    }
}
