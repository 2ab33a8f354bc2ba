//! IR pass: keep only the nodes a user asked for (`--nodes`).

use super::{Api, Type};

/// Keeps only the named nodes (Graph names), for a crate that compiles only
/// what a user needs. References to dropped nodes become JSON values
/// (`serde_json::Value`), noted in the field's docs; only the enums still
/// referenced are kept. Returns the names that match no node.
pub fn select(api: &mut Api, names: &[String]) -> Result<(), Vec<String>> {
    let unknown: Vec<String> = names
        .iter()
        .filter(|n| !api.nodes.iter().any(|node| &node.name == *n))
        .cloned()
        .collect();
    if !unknown.is_empty() {
        return Err(unknown);
    }
    let wanted: std::collections::HashSet<&str> = names.iter().map(String::as_str).collect();
    let keep: Vec<bool> = api
        .nodes
        .iter()
        .map(|n| wanted.contains(n.name.as_str()))
        .collect();
    let mut new_id = vec![usize::MAX; api.nodes.len()];
    let mut next = 0;
    for (id, kept) in keep.iter().enumerate() {
        if *kept {
            new_id[id] = next;
            next += 1;
        }
    }
    let old_nodes = std::mem::take(&mut api.nodes);
    let old_names: Vec<String> = old_nodes.iter().map(|n| n.name.clone()).collect();
    for (id, mut node) in old_nodes.into_iter().enumerate() {
        if !keep[id] {
            continue;
        }
        for field in &mut node.fields {
            let mut dropped = None;
            field.ty.walk_mut(&mut |t| match t {
                Type::Node(id) if !keep[*id] => {
                    dropped = dropped.or(Some(*id));
                }
                _ => {}
            });
            field.expansion = field.expansion.take().and_then(|mut e| {
                keep[e.target].then(|| {
                    e.target = new_id[e.target];
                    e
                })
            });
            field.nested = field.nested.take().and_then(|mut n| {
                keep[n.target].then(|| {
                    n.target = new_id[n.target];
                    n
                })
            });
            if let Some(dropped) = dropped {
                let name = &old_names[dropped];
                let note =
                    format!("{name} is not generated in this subset (see --nodes); kept as JSON.");
                field.description = Some(match field.description.take() {
                    Some(d) => format!("{d}\n\n{note}"),
                    None => note,
                });
            }
        }
        // Every type the node mentions, through the one walk that knows them all.
        node.for_each_type(&mut |t| {
            if let Type::Node(id) = t {
                if keep[*id] {
                    *id = new_id[*id];
                } else {
                    *t = Type::Object;
                }
            }
        });
        api.nodes.push(node);
    }
    // Keep the enums still referenced, in order, and renumber them.
    let mut used = vec![false; api.enums.len()];
    for node in &mut api.nodes {
        node.for_each_type(&mut |t| {
            if let Type::Enum(id) = t {
                used[*id] = true;
            }
        });
    }
    let mut enum_id = vec![usize::MAX; used.len()];
    let mut next = 0;
    for (id, u) in used.iter().enumerate() {
        if *u {
            enum_id[id] = next;
            next += 1;
        }
    }
    for node in &mut api.nodes {
        node.for_each_type(&mut |t| {
            if let Type::Enum(id) = t {
                *id = enum_id[*id];
            }
        });
    }
    let old_enums = std::mem::take(&mut api.enums);
    api.enums = old_enums
        .into_iter()
        .enumerate()
        .filter(|(id, _)| used[*id])
        .map(|(_, e)| e)
        .collect();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::names::tests::{field, node};
    use crate::ir::{Api, Enum};

    #[test]
    fn kept_nodes_and_enums_are_renumbered_and_the_others_become_json() {
        // Nodes A, B, C, D and enums e0, e1, e2; keep B and D.
        let mut b = node("B");
        b.fields = vec![
            field("d", Type::Node(3)),
            field("a", Type::Node(0)),
            field("e2", Type::Enum(2)),
        ];
        let mut d = node("D");
        d.fields = vec![
            field("b", Type::List(Box::new(Type::Node(1)))),
            field("e1", Type::Enum(1)),
        ];
        let mut api = Api {
            api_version: "v19.0".into(),
            nodes: vec![node("A"), b, node("C"), d],
            enums: ["e0", "e1", "e2"]
                .iter()
                .map(|n| Enum::new(*n, None, ["x".to_owned()]))
                .collect(),
            recursion_limit: None,
        };
        select(&mut api, &["D".into(), "B".into()]).unwrap();
        let names: Vec<&str> = api.nodes.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["B", "D"]);
        let enums: Vec<&str> = api.enums.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(enums, ["e1", "e2"]);
        let types =
            |n: usize| -> Vec<Type> { api.nodes[n].fields.iter().map(|f| f.ty.clone()).collect() };
        assert_eq!(types(0), [Type::Node(1), Type::Object, Type::Enum(1)]);
        assert_eq!(
            types(1),
            [Type::List(Box::new(Type::Node(0))), Type::Enum(0)]
        );
        assert_eq!(api.nodes[0].fields[0].description, None, "D is kept");
        assert!(
            api.nodes[0].fields[1]
                .description
                .as_deref()
                .is_some_and(|d| d.contains("A is not generated in this subset"))
        );
        assert_eq!(
            select(&mut api, &["Nope".into()]),
            Err(vec!["Nope".to_owned()])
        );
    }
}
