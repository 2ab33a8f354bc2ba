//! IR pass: box the node references that close a cycle, and size rustc's
//! recursion limit to the longest chain of nodes holding each other.

use std::collections::BTreeSet;

use super::Api;

/// Boxes the node references that close a cycle. Runs once, last, after
/// [`super::select`](fn@super::select) (which turns references to dropped nodes into JSON).
///
/// A field holding a node directly (`Option<Comment>` in `Comment`) would
/// make an infinitely large type; lists and maps already allocate. Within
/// each strongly connected component of the "holds directly" graph, every
/// direct reference to a member of the same component is boxed.
///
/// Then sets [`Api::recursion_limit`]: rustc checks that a model is `Send`
/// and `Sync` through every model it holds directly, a few levels of
/// `Option<Box<…>>` per node, and a chain of about 32 such nodes already
/// overflows its default limit of 128 (E0275).
pub fn box_cycles(api: &mut Api) {
    let component = strongly_connected_components(api);
    for (id, node) in api.nodes.iter_mut().enumerate() {
        for field in &mut node.fields {
            field.boxed = field
                .ty
                .direct_node()
                .is_some_and(|target| component[target] == component[id]);
        }
    }
    let chain = longest_chain(api, &component);
    api.recursion_limit = (chain > MAX_DEFAULT_CHAIN).then(|| LEVELS_PER_NODE * chain + 64);
}

/// The longest chain rustc's default recursion limit (128) is known to
/// check: 30 nodes compile, 40 do not.
const MAX_DEFAULT_CHAIN: usize = 24;

/// Recursion levels to allow per node of a chain: four were measured, and
/// twice that costs nothing (the limit only bounds how deep rustc may go).
const LEVELS_PER_NODE: usize = 8;

/// An upper bound on the longest chain of nodes each holding the next
/// directly: the heaviest path through the components of the "holds
/// directly" graph, a component weighing as many nodes as it has (a path
/// inside one may visit all of them).
fn longest_chain(api: &Api, component: &[usize]) -> usize {
    let count = component.iter().map(|c| c + 1).max().unwrap_or(0);
    let mut size = vec![0usize; count];
    for &c in component {
        size[c] += 1;
    }
    // Tarjan numbers a component after every component it reaches, so the
    // components a component holds have smaller numbers.
    let mut holds: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); count];
    for (id, node) in api.nodes.iter().enumerate() {
        for target in node.fields.iter().filter_map(|f| f.ty.direct_node()) {
            if component[target] != component[id] {
                holds[component[id]].insert(component[target]);
            }
        }
    }
    let mut weight = vec![0usize; count];
    for c in 0..count {
        let deepest = holds[c].iter().map(|&d| weight[d]).max().unwrap_or(0);
        weight[c] = size[c] + deepest;
    }
    weight.into_iter().max().unwrap_or(0)
}

/// Tarjan's algorithm, iteratively (a spec may have thousands of nodes).
/// Returns the component index of every node.
fn strongly_connected_components(api: &Api) -> Vec<usize> {
    let edges: Vec<Vec<usize>> = api
        .nodes
        .iter()
        .map(|n| {
            n.fields
                .iter()
                .filter_map(|f| f.ty.direct_node())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect()
        })
        .collect();
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![usize::MAX; n];
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some((v, child)) = work.pop() {
            if child == 0 {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(child) {
                work.push((v, child + 1));
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Node, Type};

    fn node(name: &str, refs: &[usize]) -> Node {
        let mut node = super::super::names::tests::node(name);
        node.fields = refs
            .iter()
            .map(|&r| super::super::names::tests::field(&format!("f{r}"), Type::Node(r)))
            .collect();
        node
    }

    #[test]
    fn boxes_only_references_inside_a_cycle() {
        // 0 → 0 (self), 1 → 2 → 1 (pair), 3 → 1 (into a cycle, not part of it)
        let mut api = Api {
            api_version: "v19.0".into(),
            nodes: vec![
                node("A", &[0]),
                node("B", &[2]),
                node("C", &[1]),
                node("D", &[1]),
            ],
            enums: vec![],
            recursion_limit: None,
        };
        box_cycles(&mut api);
        let boxed: Vec<bool> = api.nodes.iter().map(|n| n.fields[0].boxed).collect();
        assert_eq!(boxed, [true, true, true, false]);
    }

    #[test]
    fn the_recursion_limit_grows_with_the_longest_chain() {
        let ring = |n: usize| -> Api {
            let mut api = Api {
                api_version: "v19.0".into(),
                nodes: (0..n)
                    .map(|i| node(&format!("N{i}"), &[(i + 1) % n]))
                    .collect(),
                enums: vec![],
                recursion_limit: None,
            };
            box_cycles(&mut api);
            api
        };
        assert_eq!(ring(MAX_DEFAULT_CHAIN).recursion_limit, None);
        assert_eq!(
            ring(MAX_DEFAULT_CHAIN + 1).recursion_limit,
            Some(LEVELS_PER_NODE * (MAX_DEFAULT_CHAIN + 1) + 64)
        );
        // A chain into a ring: 3 links, then a ring of 30.
        let mut nodes: Vec<Node> = (0..3).map(|i| node(&format!("L{i}"), &[i + 1])).collect();
        nodes.extend((3..33).map(|i| node(&format!("R{i}"), &[if i == 32 { 3 } else { i + 1 }])));
        nodes.push(node("Alone", &[]));
        let mut api = Api {
            api_version: "v19.0".into(),
            nodes,
            enums: vec![],
            recursion_limit: None,
        };
        box_cycles(&mut api);
        assert_eq!(api.recursion_limit, Some(LEVELS_PER_NODE * 33 + 64));
        let boxed: Vec<bool> = api
            .nodes
            .iter()
            .filter_map(|n| n.fields.first())
            .map(|f| f.boxed)
            .collect();
        assert_eq!(boxed[..4], [false, false, false, true]);
    }
}
