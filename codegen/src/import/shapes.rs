//! Responses whose shape Facebook's specs get wrong, and the nodes the
//! importer writes for them: the one place such knowledge lives.
//!
//! Each [`Shape`] names a create (a POST on an edge), the node to make it
//! return and that node's fields. It applies only when the create and
//! every node the fields name are there; a node of the same name already
//! in the input is kept, with a warning, and the create is left alone.

use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::import::output::{Field, Node};

/// A response shape the importer knows better than Facebook's spec.
struct Shape {
    /// The node with the edge.
    node: &'static str,
    /// The edge whose `create` answers this shape.
    edge: &'static str,
    /// The node written for the answer, and made the create's `returns`.
    returns: &'static str,
    /// Its description.
    description: &'static str,
    /// Its fields: wire name and type.
    fields: &'static [(&'static str, &'static str)],
    /// Nodes the fields name, which must exist.
    needs: &'static [&'static str],
}

/// The known shapes.
const SHAPES: &[Shape] = &[
    // `POST /act_{id}/adimages` answers `{"images": {"<file name>": {hash,
    // url, …}}}`; SDKCodegen.json says `AdImage`, Facebook's spec `Object`.
    Shape {
        node: "AdAccount",
        edge: "adimages",
        returns: "AdImageUpload",
        description: "What an image upload answers, each image by its file name. Not in Facebook's specs: `codegen import` writes it for `POST /act_{id}/adimages`.",
        fields: &[("images", "map<string, AdImage>")],
        needs: &["AdImage"],
    },
];

/// Applies [`SHAPES`] to the converted nodes (sorted by name, and kept so);
/// returns how many applied.
pub(crate) fn apply(nodes: &mut Vec<Node>, d: &mut Diagnostics) -> usize {
    let mut applied = 0;
    for shape in SHAPES {
        let find = |nodes: &[Node], name: &str| {
            nodes
                .binary_search_by(|n| n.name.value.as_str().cmp(name))
                .ok()
        };
        if shape.needs.iter().any(|need| find(nodes, need).is_none()) {
            continue;
        }
        let Some(owner) = find(nodes, shape.node) else {
            continue;
        };
        let has_create = nodes[owner]
            .edges
            .iter()
            .any(|e| e.name.value == shape.edge && e.create.is_some());
        if !has_create {
            continue;
        }
        let at = match nodes.binary_search_by(|n| n.name.value.as_str().cmp(shape.returns)) {
            Ok(_) => {
                d.push(Diagnostic {
                    severity: Severity::Warning,
                    ..Diagnostic::global(format!(
                        "{}.json: POST {}/{}: the input has a node `{}`, so the importer does not write its own, and the create keeps the return type the spec gives",
                        shape.returns, shape.node, shape.edge, shape.returns
                    ))
                });
                continue;
            }
            Err(at) => at,
        };
        let owner = &mut nodes[owner];
        if let Some(create) = owner
            .edges
            .iter_mut()
            .find(|e| e.name.value == shape.edge)
            .and_then(|e| e.create.as_mut())
        {
            create.returns = Some(shape.returns.to_owned().into());
        }
        nodes.insert(
            at,
            Node {
                name: shape.returns.to_owned().into(),
                description: Some(shape.description.to_owned().into()),
                fields: shape
                    .fields
                    .iter()
                    .map(|(name, ty)| Field {
                        name: (*name).to_owned().into(),
                        ty: (*ty).to_owned().into(),
                        description: None,
                    })
                    .collect(),
                read: None,
                update: None,
                delete: None,
                edges: Vec::new(),
                span: (),
            },
        );
        applied += 1;
    }
    applied
}
