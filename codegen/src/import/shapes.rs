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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::output::{Edge, Operation};

    fn node(name: &str, edges: Vec<Edge>) -> Node {
        Node {
            name: name.to_owned().into(),
            description: None,
            fields: Vec::new(),
            read: None,
            update: None,
            delete: None,
            edges,
            span: (),
        }
    }

    fn adimages(create: bool) -> Edge {
        Edge {
            name: "adimages".to_owned().into(),
            ty: "AdImage".to_owned().into(),
            description: None,
            list: None,
            create: create.then(|| Operation {
                params: Vec::new(),
                returns: Some("AdImage".to_owned().into()),
                attach_files: true,
                video_host: false,
                span: (),
            }),
            delete: None,
        }
    }

    fn run(mut nodes: Vec<Node>) -> (usize, Vec<Node>, Vec<String>) {
        let mut d = Diagnostics::default();
        let applied = apply(&mut nodes, &mut d);
        let warnings = d.0.iter().map(|w| w.message.clone()).collect();
        (applied, nodes, warnings)
    }

    fn names(nodes: &[Node]) -> Vec<&str> {
        nodes.iter().map(|n| n.name.value.as_str()).collect()
    }

    fn returns(nodes: &[Node]) -> Option<&str> {
        let account = nodes.iter().find(|n| n.name.value == "AdAccount")?;
        let create = account.edges[0].create.as_ref()?;
        create.returns.as_ref().map(|r| r.value.as_str())
    }

    #[test]
    fn the_adimages_create_returns_an_added_node_in_name_order() {
        let (applied, nodes, warnings) = run(vec![
            node("AdAccount", vec![adimages(true)]),
            node("AdImage", Vec::new()),
            node("Page", Vec::new()),
        ]);
        assert_eq!((applied, warnings), (1, Vec::<String>::new()));
        assert_eq!(
            names(&nodes),
            ["AdAccount", "AdImage", "AdImageUpload", "Page"]
        );
        assert_eq!(returns(&nodes), Some("AdImageUpload"));
        let fields: Vec<(&str, &str)> = nodes[2]
            .fields
            .iter()
            .map(|f| (f.name.value.as_str(), f.ty.value.as_str()))
            .collect();
        assert_eq!(fields, [("images", "map<string, AdImage>")]);
    }

    #[test]
    fn nothing_changes_without_the_create_or_adimage_and_a_taken_name_warns() {
        let (applied, nodes, _) = run(vec![node("AdAccount", vec![adimages(true)])]);
        assert_eq!((applied, names(&nodes)), (0, vec!["AdAccount"]));
        assert_eq!(returns(&nodes), Some("AdImage"));

        let (applied, nodes, _) = run(vec![
            node("AdAccount", vec![adimages(false)]),
            node("AdImage", Vec::new()),
        ]);
        assert_eq!((applied, names(&nodes)), (0, vec!["AdAccount", "AdImage"]));

        let (applied, nodes, warnings) = run(vec![
            node("AdAccount", vec![adimages(true)]),
            node("AdImage", Vec::new()),
            node("AdImageUpload", Vec::new()),
        ]);
        assert_eq!(applied, 0);
        assert_eq!(returns(&nodes), Some("AdImage"));
        assert_eq!(
            warnings,
            [
                "AdImageUpload.json: POST AdAccount/adimages: the input has a node `AdImageUpload`, so the importer does not write its own, and the create keeps the return type the spec gives"
            ]
        );
    }
}
