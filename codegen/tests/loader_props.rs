//! Whatever a spec holds, the generator never panics: it gives diagnostics
//! with positions, or a crate whose every file parses as Rust and whose
//! names collide nowhere.
//!
//! Three strategies: any text, spec-shaped text, and structured specs
//! with random wire names for nodes, fields, edges, parameters and enum
//! values (the API's names are arbitrary strings without control
//! characters; only node names must be identifiers).

use std::collections::HashSet;
use std::path::Path;

use codegen::Diagnostics;
use codegen::ir::{Api, Type};
use proptest::prelude::*;

fn options() -> codegen::Options {
    let mut options = codegen::Options::workspace_defaults();
    options.out_dir = std::env::temp_dir().join("codegen-props-never-written");
    options
}

/// What a spec turned into: every diagnostic, and the crate if it was accepted.
struct Outcome {
    diagnostics: Diagnostics,
    generated: Option<codegen::Generated>,
}

/// Runs the whole generator (load → check → lower → IR passes → emit →
/// format) on one file's text. `generate_from` formats every Rust file
/// with syn, so an accepted spec means every emitted file parses.
fn generate(text: String) -> Outcome {
    let mut diagnostics = Diagnostics::default();
    let file = codegen::load::load_text(Path::new("prop.yaml"), text, &mut diagnostics);
    let outcome = match codegen::generate_from(&[file], diagnostics, &options()) {
        Ok(generated) => Outcome {
            diagnostics: generated.warnings.clone(),
            generated: Some(generated),
        },
        Err(diagnostics) => Outcome {
            diagnostics,
            generated: None,
        },
    };
    // Our own failures (a panic, emitted code that does not parse) say so
    // first; a message may quote the input, which can hold any words.
    for d in &outcome.diagnostics.0 {
        assert!(!d.message.starts_with("internal error"), "{d}");
    }
    // Rendering quotes source lines by position: it must not panic either.
    let _ = outcome.diagnostics.to_string();
    outcome
}

/// Asserts that no two items of one namespace share a Rust name. (The
/// compiled collision fixture checks the names against the templates';
/// this checks the pass settles every collision, for any wire names.)
fn assert_names_distinct(api: &Api) {
    fn distinct<'a>(what: &str, names: impl IntoIterator<Item = &'a str>) {
        let mut seen = HashSet::new();
        for name in names {
            assert!(seen.insert(name), "two {what} named `{name}`");
        }
    }
    let nodes = &api.nodes;
    distinct(
        "crate-root types",
        nodes
            .iter()
            .flat_map(|n| {
                let handle = n.handle.as_ref().map(|h| h.name.as_str());
                let params = n
                    .operations()
                    .filter_map(|o| o.params_type.as_ref())
                    .map(|t| t.as_str());
                [n.rust.as_str(), n.field_enum.as_str()]
                    .into_iter()
                    .chain(handle)
                    .chain(params)
            })
            .chain(api.enums.iter().map(|e| e.rust.as_str())),
    );
    distinct("node modules", nodes.iter().map(|n| n.module.as_str()));
    distinct(
        "client methods",
        nodes
            .iter()
            .filter_map(|n| n.handle.as_ref())
            .map(|h| h.accessor.as_str()),
    );
    for node in nodes {
        distinct("fields", node.fields.iter().map(|f| f.rust.as_str()));
        distinct(
            "field variants",
            node.fields.iter().map(|f| f.variant.as_str()),
        );
        let expansions = node
            .fields
            .iter()
            .filter_map(|f| f.expansion.as_ref())
            .map(|e| e.method.as_str());
        let edge_ops = node
            .edges
            .iter()
            .flat_map(|e| [&e.list, &e.create, &e.delete])
            .flatten();
        let node_ops = [&node.read, &node.update, &node.delete]
            .into_iter()
            .flatten();
        distinct(
            "handle methods",
            expansions
                .chain(edge_ops.chain(node_ops).map(|o| o.method.as_str()))
                .chain(
                    ["new", "id", "fields"]
                        .into_iter()
                        .filter(|_| node.handle.is_some()),
                ),
        );
        for op in node.operations() {
            distinct("parameters", op.params.iter().map(|p| p.rust.as_str()));
        }
    }
    for e in &api.enums {
        distinct(
            "enum variants",
            e.values.iter().map(|v| v.variant.as_str()).chain(["Other"]),
        );
    }
}

/// Pieces of spec-shaped YAML, so mutations reach deep into the loader and checker.
fn spec_like() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("api_version: v19.0\n".to_owned()),
        Just("nodes:\n".to_owned()),
        Just("  - name: VoipInfo\n".to_owned()),
        Just("    fields:\n".to_owned()),
        Just("      - name: reason_code\n".to_owned()),
        Just("        type: unsigned int32\n".to_owned()),
        Just("        type: list<map<string, VoipInfo>>\n".to_owned()),
        Just("        type: map<call_status, list<Page>>\n".to_owned()),
        Just("    read: {}\n".to_owned()),
        Just("    edges: [{name: c, type: Comment, list: {params: [{name: q, type: string, required: true}]}}]\n".to_owned()),
        Just("enums:\n".to_owned()),
        Just("  - name: call_status\n    values: [A, \"\", 1d_click, Self]\n".to_owned()),
        Just("  - &a {name: x}\n".to_owned()),
        Just("  - *a\n".to_owned()),
        Just("\r".to_owned()),
        Just("\r\n".to_owned()),
        Just("    description: [1, {a: b}]\n".to_owned()),
        "[ -~]{0,20}\n",
        "[{}\\[\\]<>,:&*!|>'\"#-]{1,6}",
    ];
    prop::collection::vec(token, 0..24).prop_map(|parts| parts.concat())
}

/// A wire name as the API might spell it: keywords, names the templates
/// use, the runtime's own parameters, digits first, punctuation, case
/// variants of each other, or anything.
fn wire_name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "type",
            "self",
            "Self",
            "super",
            "new",
            "builder",
            "transport",
            "id",
            "fields",
            "read",
            "update",
            "delete",
            "clone",
            "fmt",
            "from",
            "limit",
            "after",
            "before",
            "access_token",
            "appsecret_proof",
            "Other",
            "OTHER",
            "1d_click",
            "accountID",
            "account_id",
            "_",
            "__",
            "",
            "a.b",
            "A B",
            "ß",
            "r#type",
            "ALL",
            "as_str",
            "validate",
            "SCHEMA",
            "crate",
        ])
        .prop_map(str::to_owned),
        "[a-zA-Z0-9_ .:/()-]{1,10}",
        any::<String>(),
    ]
}

/// A node name: an identifier, often one the crate defines itself.
fn node_name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "Transport",
            "Builder",
            "GraphClient",
            "Client",
            "BlockingClient",
            "Error",
            "Response",
            "DateTime",
            "FieldSelection",
            "ValidationErrors",
            "Page",
            "PageField",
            "PageRef",
            "PageReadParams",
            "AB",
            "Ab",
            "Type",
            "Self",
            "self",
            "_",
            "__",
            "_x",
            "Node",
        ])
        .prop_map(str::to_owned),
        "[A-Za-z_][A-Za-z0-9_]{0,8}",
    ]
}

fn quoted(s: &str) -> String {
    // JSON strings are YAML double-quoted scalars.
    serde_json::to_string(s).expect("strings serialize")
}

#[derive(Debug, Clone)]
struct NodeShape {
    name: String,
    fields: Vec<(String, usize)>,
    read: bool,
    update: bool,
    edges: Vec<(String, usize, Vec<String>)>,
}

/// A structured spec: a few nodes whose fields and edges refer to each
/// other and to one enum, with random wire names everywhere.
fn structured_spec() -> impl Strategy<Value = String> {
    let node = (
        node_name(),
        prop::collection::vec((wire_name(), 0..6usize), 0..6),
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(
            (
                wire_name(),
                0..4usize,
                prop::collection::vec(wire_name(), 0..4),
            ),
            0..4,
        ),
    )
        .prop_map(|(name, fields, read, update, edges)| NodeShape {
            name,
            fields,
            read,
            update,
            edges,
        });
    (
        prop::collection::vec(node, 1..5),
        prop::collection::vec(wire_name(), 1..6),
    )
        .prop_map(|(nodes, values)| {
            let names: Vec<String> = nodes.iter().map(|n| n.name.clone()).collect();
            // Field types: primitives, the enum, and the spec's nodes.
            let ty = |i: usize| match i {
                0 => "string".to_owned(),
                1 => "list<unsigned int32>".to_owned(),
                2 => "e_num".to_owned(),
                3 => "map<string, e_num>".to_owned(),
                i => names[i % names.len()].clone(),
            };
            let mut yaml = String::from("api_version: v19.0\nnodes:\n");
            for n in &nodes {
                yaml += &format!("  - name: {}\n    fields:\n", quoted(&n.name));
                for (wire, t) in &n.fields {
                    yaml += &format!("      - {{name: {}, type: {}}}\n", quoted(wire), quoted(&ty(*t)));
                }
                if n.read {
                    yaml += "    read: {}\n";
                }
                if n.update {
                    yaml += "    update: {params: [{name: \"name\", type: string}]}\n";
                }
                yaml += "    edges:\n";
                for (wire, t, params) in &n.edges {
                    let params: Vec<String> = params
                        .iter()
                        .map(|p| format!("{{name: {}, type: string}}", quoted(p)))
                        .collect();
                    yaml += &format!(
                        "      - {{name: {}, type: {}, list: {{params: [{}]}}, create: {{}}, delete: {{}}}}\n",
                        quoted(wire),
                        quoted(&ty(*t + 4)),
                        params.join(", ")
                    );
                }
            }
            let values: Vec<String> = values.iter().map(|v| quoted(v)).collect();
            yaml += &format!("enums:\n  - name: e_num\n    values: [{}]\n", values.join(", "));
            yaml
        })
}

/// Whether the only problems are ones a structured spec can make on purpose:
/// the same wire name twice in one namespace, empty names, node names
/// that are no Rust name, names with control characters.
fn only_deliberate_problems(d: &Diagnostics) -> bool {
    d.0.iter()
        .filter(|d| d.severity == codegen::diagnostic::Severity::Error)
        .all(|d| {
            [
                "duplicate ",
                " is empty",
                "is not an identifier",
                "no letter or digit",
                "has a control character",
            ]
            .iter()
            .any(|m| d.message.contains(m))
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        generate(text);
    }

    #[test]
    fn spec_shaped_text_never_panics(text in spec_like()) {
        generate(text);
    }

    #[test]
    fn every_diagnostic_points_inside_its_file(text in spec_like()) {
        for d in generate(text).diagnostics.0 {
            if let Some(span) = &d.span {
                let lines = codegen::diagnostic::line_count(&span.file.text);
                prop_assert!(span.line >= 1 && span.line <= lines, "{d}");
                prop_assert!(span.line_text().is_some(), "{d}");
                prop_assert!(span.column >= 1, "{d}");
            }
        }
    }

    #[test]
    fn structured_specs_generate_crates_whose_names_collide_nowhere(yaml in structured_spec()) {
        let outcome = generate(yaml.clone());
        match &outcome.generated {
            Some(generated) => {
                assert_names_distinct(&generated.api);
                prop_assert!(generated.files.iter().any(|(p, _)| p.ends_with("src/lib.rs")));
            }
            None => prop_assert!(
                only_deliberate_problems(&outcome.diagnostics),
                "a spec with legal wire names was refused:\n{yaml}\n{}",
                outcome.diagnostics
            ),
        }
    }
}

#[test]
fn node_types_reach_the_ir_as_nodes() {
    // The structured strategy's field types resolve as intended.
    let yaml = "api_version: v19.0\nnodes:\n  - name: A\n    fields:\n      - {name: b, type: A}\n    read: {}\nenums: []\n";
    let generated = generate(yaml.to_owned()).generated.expect("a valid spec");
    assert_eq!(generated.api.nodes[0].fields[0].ty, Type::Node(0));
    assert!(generated.api.nodes[0].fields[0].boxed);
}
