//! Synthetic specs: `n` nodes × 20 mixed fields, written as YAML the way
//! `codegen import` writes Facebook's (one file per node, one for enums).
//!
//! Every node has the same shape, so the cost of generating one node is the
//! same at every size: if the time per node grows with `n`, a step of the
//! pipeline is worse than linear.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// Fields per node.
pub const FIELDS_PER_NODE: usize = 20;

/// Values of each node's enum.
const ENUM_VALUES: [&str; 6] = [
    "ACTIVE",
    "PAUSED",
    "DELETED",
    "ARCHIVED",
    "IN_PROCESS",
    "WITH_ISSUES",
];

/// The Graph name of node `i`.
pub fn node_name(i: usize) -> String {
    format!("SynthNode{i:05}")
}

fn enum_name(i: usize) -> String {
    format!("SynthNode{i:05}_status")
}

/// Nodes refer to the nodes of their own block of this many.
///
/// A ring through all `n` nodes would make chains of references as long as
/// the spec, and rustc's auto-trait check (`Send`/`Sync` through
/// `Option<Box<…>>`) then overflows its recursion limit at about 100 nodes
/// (E0275); Facebook's own graph has no such chains.
pub const BLOCK: usize = 10;

/// The 20 fields of node `i` of `n`: (wire name, spec type). Every scalar
/// type, lists, maps, the node's enum, and references to other nodes of its
/// block (which close cycles, so the IR boxes some of them).
pub fn fields(i: usize, n: usize) -> [(&'static str, String); FIELDS_PER_NODE] {
    let own_enum = enum_name(i);
    let block = i - i % BLOCK;
    let size = BLOCK.min(n - block);
    let in_block = |step: usize| node_name(block + (i - block + step) % size);
    let next = in_block(1);
    let far = in_block(3);
    let back = in_block(size - 1);
    [
        ("id", "string".to_owned()),
        ("name", "string".to_owned()),
        ("is_active", "bool".to_owned()),
        ("count", "int32".to_owned()),
        ("reason_code", "unsigned int32".to_owned()),
        ("total", "int64".to_owned()),
        ("score", "float".to_owned()),
        ("created_time", "datetime".to_owned()),
        ("updated_time", "datetime".to_owned()),
        ("tags", "list<string>".to_owned()),
        ("counts", "map<string, int64>".to_owned()),
        ("status", own_enum.clone()),
        ("parent", next),
        ("children", format!("list<{far}>")),
        ("statuses", format!("list<{own_enum}>")),
        ("limits", "list<unsigned int32>".to_owned()),
        ("totals_by_day", "map<string, list<float>>".to_owned()),
        ("is_visible", "bool".to_owned()),
        ("owner", back),
        ("budget_remaining", "int64".to_owned()),
    ]
}

/// The spec files of a synthetic API of `n` nodes: (file name, YAML).
pub fn spec_files(n: usize) -> Vec<(String, String)> {
    assert!(n > 0, "a synthetic spec needs at least one node");
    let mut files = Vec::with_capacity(n + 1);
    for i in 0..n {
        let mut yaml = String::from("nodes:\n");
        let _ = writeln!(yaml, "- name: {}", node_name(i));
        let _ = writeln!(yaml, "  description: Synthetic node {i}");
        yaml.push_str("  fields:\n");
        for (name, ty) in fields(i, n) {
            let _ = writeln!(yaml, "  - name: {name}\n    type: {ty}");
            let _ = writeln!(yaml, "    description: The {name} of the node");
        }
        yaml.push_str("  read: {}\n");
        files.push((format!("synth_node_{i:05}.yaml"), yaml));
    }
    let mut yaml = String::from("api_version: v19.0\nenums:\n");
    for i in 0..n {
        let _ = writeln!(yaml, "- name: {}", enum_name(i));
        let _ = writeln!(yaml, "  values: [{}]", ENUM_VALUES.join(", "));
    }
    files.push(("enums.yaml".to_owned(), yaml));
    files
}

/// Writes the spec of `n` nodes into `dir` (created; emptied of `*.yaml` first).
pub fn write_spec(dir: &Path, n: usize) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "yaml") {
            std::fs::remove_file(path)?;
        }
    }
    for (name, yaml) in spec_files(n) {
        std::fs::write(dir.join(name), yaml)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_node_has_twenty_fields_and_refs_stay_inside() {
        let files = spec_files(3);
        assert_eq!(files.len(), 4);
        assert_eq!(files[0].1.matches("    type: ").count(), FIELDS_PER_NODE);
        for i in 0..3 {
            for (_, ty) in fields(i, 3) {
                if let Some(pos) = ty.find("SynthNode") {
                    let index: usize = ty[pos + 9..pos + 14].parse().unwrap();
                    assert!(index < 3, "{ty}");
                }
            }
        }
    }
}
