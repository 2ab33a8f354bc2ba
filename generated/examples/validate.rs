//! Checks a JSON payload against a node of the spec and prints every violation.
//!
//! ```text
//! cargo run -p graph-api --example validate -- [--strict] <Node> <file.json>
//! ```
//!
//! Prints one violation a line as `path: message` (warnings as
//! `path: warning: message`, for enum values the spec does not list).
//! Exit status: 0 valid (warnings allowed), 1 at least one violation,
//! 2 the file is unreadable or not JSON, or the node is unknown. With
//! `--strict`, fields the spec does not list are violations too.
//! (Hand-written: codegen leaves files it did not generate alone.)

use std::process::ExitCode;

use graph_api::runtime::serde_json::{self, Value};
use graph_api::runtime::validate::{self, Options};

const USAGE: &str = "usage: validate [--strict] <Node> <file.json>";

fn main() -> ExitCode {
    let mut strict = false;
    let mut positional = Vec::new();
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--strict" => strict = true,
            "-h" | "--help" => {
                println!("{USAGE}\nnodes: {}", node_names().join(", "));
                return ExitCode::SUCCESS;
            }
            _ => positional.push(arg),
        }
    }
    let [node, file] = positional.as_slice() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };

    let Some(schema) = graph_api::node_schema(node) else {
        let names = node_names();
        let close = names
            .iter()
            .find(|n| n.eq_ignore_ascii_case(node))
            .map(|n| format!("; did you mean `{n}`?"))
            .unwrap_or_default();
        eprintln!(
            "validate: unknown node `{node}`{close} (nodes: {})",
            names.join(", ")
        );
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("validate: cannot read {file}: {e}");
            return ExitCode::from(2);
        }
    };
    let value: Value = match serde_json::from_str(&text) {
        Ok(value) => value,
        Err(e) => {
            eprintln!("validate: {file} is not JSON: {e}");
            return ExitCode::from(2);
        }
    };

    let options = if strict {
        Options::STRICT
    } else {
        Options::LENIENT
    };
    let report = validate::check(schema, &value, options);
    for violation in report.violations() {
        println!("{violation}");
    }
    if report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn node_names() -> Vec<&'static str> {
    graph_api::NODES.iter().map(|schema| schema.name).collect()
}
