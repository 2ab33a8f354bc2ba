//! Stage 3, lower: a checked spec → the IR. Cannot fail.
//!
//! [`crate::check`] has reported every problem before this runs, so here
//! each spec item becomes its IR item: types resolved to indices, the
//! first of any duplicate kept, operations given their kind and HTTP
//! method, spec parameters the runtime's builders set themselves left out,
//! and finally every Rust name given by the naming pass
//! ([`crate::ir::names`]).

use crate::check::{self, Scope};
use crate::diagnostic::Diagnostics;
use crate::emit::node::builder_params;
use crate::ident::Name;
use crate::ir::{
    self, Api, Edge, Enum, Expansion, Field, Handle, Nested, Node, OpKind, Operation, Param, Type,
};
use crate::load::spec::{EdgeSpec, EnumSpec, NodeSpec, OperationSpec, Spanned, SpecFile};

/// The node type `/me` names: the user (or Page) whose token it is. The
/// client's `me()` reads it as the `User` node.
const ME_NODE: &str = "User";

/// Lowers spec files that passed [`check::check`] into the named IR.
///
/// On a spec that did not pass, this still returns an IR (what cannot be
/// resolved becomes JSON, duplicates are dropped), but nothing should be
/// generated from it.
pub fn lower(files: &[SpecFile]) -> Api {
    // `check` reported these already.
    let mut reported = Diagnostics::default();
    let merged = check::merge(files, &mut reported);
    let lowering = Lowering {
        scope: Scope::new(&merged.nodes, &merged.enums),
    };
    let mut api = Api {
        api_version: merged.api_version.unwrap_or_default(),
        enums: merged.enums.iter().map(|e| lower_enum(e)).collect(),
        nodes: merged.nodes.iter().map(|n| lowering.node(n)).collect(),
        recursion_limit: None,
    };
    mark_report_runs(&mut api);
    ir::share_enums(&mut api);
    ir::names::assign(&mut api);
    api
}

/// The one rule for asynchronous report runs: a create that returns the
/// node `AdReportRun` (Graph's `POST /{id}/insights`) starts one, whose rows
/// are what the edge lists (`AdsInsights`).
fn mark_report_runs(api: &mut Api) {
    let Some(run) = api.nodes.iter().position(|n| n.name == "AdReportRun") else {
        return;
    };
    for node in &mut api.nodes {
        for edge in &mut node.edges {
            if let Some(create) = &mut edge.create {
                if create.returns == Type::Node(run) && edge.ty != create.returns {
                    create.report_rows = Some(edge.ty.clone());
                }
            }
        }
    }
}

fn lower_enum(e: &EnumSpec) -> Enum {
    Enum::new(
        e.name.value.clone(),
        text(&e.description),
        first_of_each(&e.values, |v| v).map(|v| v.value.clone()),
    )
}

struct Lowering {
    scope: Scope,
}

impl Lowering {
    /// A written type; JSON if it does not resolve (`check` reported it).
    fn ty(&self, written: &Spanned<String>) -> Type {
        self.scope
            .resolve(written, &mut Diagnostics::default())
            .unwrap_or(Type::Object)
    }

    fn node(&self, node: &NodeSpec) -> Node {
        let readable = node.read.is_some();
        let mut fields: Vec<Field> = first_of_each(&node.fields, |f| &f.name)
            .filter(|f| !f.name.value.is_empty())
            .map(|f| {
                let ty = self.ty(&f.ty);
                // Read by expansion from the handle, on a node one can read.
                let readable_node = ty.direct_node().filter(|_| readable);
                field(&f.name.value, ty, readable_node, text(&f.description))
            })
            .collect();
        let edges: Vec<Edge> = first_of_each(&node.edges, |e| &e.name)
            .filter(|e| !e.name.value.is_empty())
            .map(|e| self.edge(e))
            .collect();
        // A listable edge is a field too, as Graph returns it inline under
        // field expansion (`fields=comments.limit(5){message}`); a field of
        // the same name wins.
        for edge in edges.iter().filter(|e| e.list.is_some()) {
            if fields.iter().all(|f| f.wire != edge.wire) {
                let ty = Type::EdgePage(Box::new(edge.ty.clone()));
                fields.push(field(&edge.wire, ty, None, edge.description.clone()));
            }
        }
        let read = self.op(OpKind::Read, node.read.as_ref(), Type::Object);
        let update = self.op(OpKind::Update, node.update.as_ref(), Type::Object);
        let delete = self.op(OpKind::Delete, node.delete.as_ref(), Type::Object);
        let any_op = read.is_some()
            || update.is_some()
            || delete.is_some()
            || edges
                .iter()
                .any(|e| e.list.is_some() || e.create.is_some() || e.delete.is_some());
        Node {
            name: node.name.value.clone(),
            rust: Name::default(),
            module: Name::default(),
            field_enum: Name::default(),
            handle: any_op.then(|| Handle {
                name: Name::default(),
                accessor: Name::default(),
                is_me: node.name.value == ME_NODE && read.is_some(),
            }),
            description: text(&node.description),
            fields,
            read,
            update,
            delete,
            edges,
            deprecated: None,
        }
    }

    fn edge(&self, edge: &EdgeSpec) -> Edge {
        let ty = self.ty(&edge.ty);
        Edge {
            wire: edge.name.value.clone(),
            description: text(&edge.description),
            list: self.op(OpKind::List, edge.list.as_ref(), Type::Object),
            // A create returns what the edge holds, unless the spec says otherwise.
            create: self.op(OpKind::Create, edge.create.as_ref(), ty.clone()),
            delete: self.op(OpKind::DeleteOnEdge, edge.delete.as_ref(), Type::Object),
            ty,
        }
    }

    fn op(&self, kind: OpKind, spec: Option<&OperationSpec>, default: Type) -> Option<Operation> {
        let spec = spec?;
        let set_by_builder = builder_params(kind);
        let mut params = Vec::new();
        let mut builder = Vec::new();
        for p in first_of_each(&spec.params, |p| &p.name).filter(|p| !p.name.value.is_empty()) {
            let wire = &p.name.value;
            if set_by_builder
                .iter()
                .any(|list| list.contains(&wire.as_str()))
            {
                builder.push(wire.clone());
                continue;
            }
            params.push(Param {
                wire: wire.clone(),
                rust: Name::default(),
                rename: None,
                ty: self.ty(&p.ty),
                required: p.required,
                description: text(&p.description),
                deprecated: None,
            });
        }
        // Graph's chunked upload, which the runtime's `VideoUpload` runs.
        let has = |name: &str| params.iter().any(|p: &Param| p.wire == name);
        let resumable = kind == OpKind::Create
            && spec.video_host
            && has("upload_phase")
            && has("video_file_chunk");
        Some(Operation {
            kind,
            method: Name::default(),
            params_type: None,
            params,
            builder_params: builder,
            returns: spec.returns.as_ref().map_or(default, |r| self.ty(r)),
            attached_files: spec.attach_files.then(Name::default),
            video_host: spec.video_host,
            resumable_upload: resumable.then(Name::default),
            report_rows: None,
            deprecated: None,
        })
    }
}

/// The items whose name (by `name`) is the first of its spelling, in order:
/// `check` reported the later ones.
fn first_of_each<'a, T>(
    items: &'a [T],
    name: impl Fn(&'a T) -> &'a Spanned<String>,
) -> impl Iterator<Item = &'a T> {
    let mut seen = std::collections::HashSet::new();
    items
        .iter()
        .filter(move |item| seen.insert(name(item).value.as_str()))
}

/// A field of type `ty`, named later; `expansion` is the node its handle
/// method reads by field expansion, if it has one.
fn field(wire: &str, ty: Type, expansion: Option<usize>, description: Option<String>) -> Field {
    Field {
        wire: wire.to_owned(),
        rust: Name::default(),
        rename: None,
        variant: Name::default(),
        nested: ty.nested().map(|(target, edge)| Nested {
            constant: Name::default(),
            target,
            edge,
        }),
        ty,
        boxed: false,
        expansion: expansion.map(|target| Expansion {
            method: Name::default(),
            target,
        }),
        description,
        deprecated: None,
    }
}

fn text(s: &Option<Spanned<String>>) -> Option<String> {
    s.as_ref().map(|s| s.value.clone())
}
