//! Stage 3, the IR: the spec resolved, named and sorted, ready to emit.
//!
//! `check` builds it (every name comes from [`crate::ident`], every type
//! reference is resolved to an index); [`finish`] then decides which
//! references need a `Box` to break cycles. Emission is a plain walk over
//! these structs: no template chooses a name or a type.

use std::collections::BTreeSet;

/// The whole API.
#[derive(Debug, Clone)]
pub struct Api {
    /// `v19.0`.
    pub api_version: String,
    /// Nodes, sorted by Graph name. [`Type::Node`] indexes this.
    pub nodes: Vec<Node>,
    /// Enums, sorted by spec name. [`Type::Enum`] indexes this.
    pub enums: Vec<Enum>,
}

/// A Graph node type.
#[derive(Debug, Clone)]
pub struct Node {
    /// Graph type name (`VoipInfo`).
    pub name: String,
    /// Rust type name of the model.
    pub rust: String,
    /// Module (file) name.
    pub module: String,
    /// Rust name of the field enum (`VoipInfoField`).
    pub field_enum: String,
    /// Rust name of the client handle (`VoipInfoRef`); `None` when the spec
    /// allows no operation on the node, so there is nothing to do by id.
    pub handle: Option<String>,
    /// Rust name of the client accessor (`voip_info`).
    pub accessor: String,
    /// What the node is.
    pub description: Option<String>,
    /// Fields, in spec order.
    pub fields: Vec<Field>,
    /// GET by id, when the spec allows it.
    pub read: Option<Operation>,
    /// POST to the node's id, when the spec allows it.
    pub update: Option<Operation>,
    /// DELETE the node's id, when the spec allows it.
    pub delete: Option<Operation>,
    /// Connections to lists of other things.
    pub edges: Vec<Edge>,
}

/// A field of a node.
#[derive(Debug, Clone)]
pub struct Field {
    /// Wire name, exactly as the API spells it.
    pub wire: String,
    /// Rust field name (may be raw: `r#type`).
    pub rust: String,
    /// Variant in the node's field enum.
    pub variant: String,
    /// The field's type.
    pub ty: Type,
    /// Whether the model stores it boxed (it closes a cycle of nodes).
    pub boxed: bool,
    /// What it is.
    pub description: Option<String>,
}

/// A type, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    /// `bool`
    Bool,
    /// `string`
    String,
    /// `int32`
    Int32,
    /// `unsigned int32`
    UInt32,
    /// `int64`
    Int64,
    /// `unsigned int64`
    UInt64,
    /// `float`
    Float,
    /// `datetime`
    DateTime,
    /// `Object`: any JSON.
    Object,
    /// `file`: an upload.
    File,
    /// `list<T>`
    List(Box<Type>),
    /// `map<K, V>`
    Map(Box<Type>, Box<Type>),
    /// A node, by index into [`Api::nodes`].
    Node(usize),
    /// An enum, by index into [`Api::enums`].
    Enum(usize),
}

impl Type {
    /// The node this type is, directly (not through a list or map).
    pub fn direct_node(&self) -> Option<usize> {
        match self {
            Type::Node(id) => Some(*id),
            _ => None,
        }
    }
}

/// An operation with its parameters.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Rust name of the generated method on the node's handle (`create_campaigns`).
    pub method: String,
    /// Rust name of the generated parameters struct; `None` when the operation takes none.
    pub params_type: Option<String>,
    /// Parameters, in spec order.
    pub params: Vec<Param>,
    /// What it returns: the spec's `returns:`, else, for a create, the
    /// edge's type, and any JSON for everything else (Graph answers updates
    /// and deletes with `{"success": true}`).
    pub returns: Type,
}

/// A parameter.
#[derive(Debug, Clone)]
pub struct Param {
    /// Wire name.
    pub wire: String,
    /// Rust name.
    pub rust: String,
    /// Type.
    pub ty: Type,
    /// Whether the request fails without it.
    pub required: bool,
    /// What it does.
    pub description: Option<String>,
}

/// An edge (`/{id}/campaigns`).
#[derive(Debug, Clone)]
pub struct Edge {
    /// Path segment.
    pub wire: String,
    /// Rust method name.
    pub rust: String,
    /// What the edge holds.
    pub ty: Type,
    /// What it is.
    pub description: Option<String>,
    /// GET, paged.
    pub list: Option<Operation>,
    /// POST.
    pub create: Option<Operation>,
    /// DELETE.
    pub delete: Option<Operation>,
}

/// An enum.
#[derive(Debug, Clone)]
pub struct Enum {
    /// Spec name.
    pub name: String,
    /// Rust type name.
    pub rust: String,
    /// What it is.
    pub description: Option<String>,
    /// Values, in spec order.
    pub values: Vec<EnumValue>,
}

/// One value of an enum.
#[derive(Debug, Clone)]
pub struct EnumValue {
    /// As the API spells it.
    pub wire: String,
    /// Rust variant name.
    pub variant: String,
}

/// The last IR pass: box the node references that close a cycle.
///
/// A field holding a node directly (`Option<Comment>` in `Comment`) would
/// make an infinitely large type; lists and maps already allocate. Within
/// each strongly connected component of the "holds directly" graph, every
/// direct reference to a member of the same component is boxed.
pub fn finish(api: &mut Api) {
    let component = strongly_connected_components(api);
    for (id, node) in api.nodes.iter_mut().enumerate() {
        for field in &mut node.fields {
            field.boxed = field
                .ty
                .direct_node()
                .is_some_and(|target| component[target] == component[id]);
        }
    }
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
    let keep: Vec<bool> = api.nodes.iter().map(|n| names.contains(&n.name)).collect();
    let mut new_id = vec![usize::MAX; api.nodes.len()];
    let mut next = 0;
    for (id, kept) in keep.iter().enumerate() {
        if *kept {
            new_id[id] = next;
            next += 1;
        }
    }
    let old_names: Vec<String> = api.nodes.iter().map(|n| n.name.clone()).collect();
    let remap = |ty: &mut Type, dropped: &mut Vec<String>| {
        ty.walk_mut(&mut |t| {
            if let Type::Node(id) = t {
                if keep[*id] {
                    *id = new_id[*id];
                } else {
                    dropped.push(old_names[*id].clone());
                    *t = Type::Object;
                }
            }
        });
    };
    let old_nodes = std::mem::take(&mut api.nodes);
    for (id, mut node) in old_nodes.into_iter().enumerate() {
        if !keep[id] {
            continue;
        }
        for field in &mut node.fields {
            let mut dropped = Vec::new();
            remap(&mut field.ty, &mut dropped);
            if let Some(name) = dropped.first() {
                let note =
                    format!("{name} is not generated in this subset (see --nodes); kept as JSON.");
                field.description = Some(match field.description.take() {
                    Some(d) => format!("{d}\n\n{note}"),
                    None => note,
                });
            }
        }
        for op in node.operations_mut() {
            for param in &mut op.params {
                remap(&mut param.ty, &mut Vec::new());
            }
            remap(&mut op.returns, &mut Vec::new());
        }
        for edge in &mut node.edges {
            remap(&mut edge.ty, &mut Vec::new());
        }
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

impl Node {
    /// Every operation of the node and its edges, for emitting parameter types.
    pub fn operations(&self) -> impl Iterator<Item = &Operation> {
        let edge_ops = self
            .edges
            .iter()
            .flat_map(|e| [&e.list, &e.create, &e.delete].into_iter().flatten());
        [&self.read, &self.update, &self.delete]
            .into_iter()
            .flatten()
            .chain(edge_ops)
    }
}

impl Type {
    /// Calls `f` on this type and every type inside it.
    pub fn walk_mut(&mut self, f: &mut impl FnMut(&mut Type)) {
        f(self);
        match self {
            Type::List(item) => item.walk_mut(f),
            Type::Map(key, value) => {
                key.walk_mut(f);
                value.walk_mut(f);
            }
            _ => {}
        }
    }
}

impl Node {
    /// Every operation of the node and of its edges.
    pub fn operations_mut(&mut self) -> impl Iterator<Item = &mut Operation> {
        let edge_ops = self.edges.iter_mut().flat_map(|e| {
            [&mut e.list, &mut e.create, &mut e.delete]
                .into_iter()
                .flatten()
        });
        [&mut self.read, &mut self.update, &mut self.delete]
            .into_iter()
            .flatten()
            .chain(edge_ops)
    }

    /// Calls `f` on every type the node mentions: fields, parameters, returns, edges.
    pub fn for_each_type(&mut self, f: &mut impl FnMut(&mut Type)) {
        for field in &mut self.fields {
            field.ty.walk_mut(f);
        }
        for edge in &mut self.edges {
            edge.ty.walk_mut(f);
        }
        for op in self.operations_mut() {
            for param in &mut op.params {
                param.ty.walk_mut(f);
            }
            op.returns.walk_mut(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(name: &str, refs: &[usize]) -> Node {
        Node {
            name: name.into(),
            rust: name.into(),
            module: name.to_lowercase(),
            field_enum: format!("{name}Field"),
            handle: None,
            accessor: name.to_lowercase(),
            description: None,
            fields: refs
                .iter()
                .map(|&r| Field {
                    wire: format!("f{r}"),
                    rust: format!("f{r}"),
                    variant: format!("F{r}"),
                    ty: Type::Node(r),
                    boxed: false,
                    description: None,
                })
                .collect(),
            read: None,
            update: None,
            delete: None,
            edges: vec![],
        }
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
        };
        finish(&mut api);
        let boxed: Vec<bool> = api.nodes.iter().map(|n| n.fields[0].boxed).collect();
        assert_eq!(boxed, [true, true, true, false]);
    }
}
