//! What the importer writes: structs mirroring our YAML spec format
//! (`spec/README.md`), serialized with serde_yaml (which quotes whatever
//! YAML would otherwise read as another type: `"null"`, `"true"`, `"1.0"`).
//!
//! One file per node (`ad_label.yaml`) plus `enums.yaml`, which also holds
//! `api_version`: the one place it is set.

use std::collections::HashSet;
use std::path::PathBuf;

use serde::Serialize;

use crate::ident;
use crate::write;

/// The file holding `api_version` and every enum.
pub(crate) const ENUMS_YAML: &str = "enums.yaml";

/// Where the written files come from, and what to do instead of editing them
/// (for the generated-file stamp).
const ORIGIN: &str = "from Facebook's API specs";
const INSTEAD: &str = "import them again with `cargo run -p codegen -- import`";

/// A spec file.
#[derive(Debug, Serialize)]
pub(crate) struct SpecFile<'a> {
    /// `api_version: v25.0`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) api_version: Option<&'a str>,
    /// Nodes.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub(crate) nodes: &'a [Node],
    /// Enums.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub(crate) enums: &'a [Enum],
}

/// A node.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Node {
    /// Graph type name.
    pub(crate) name: String,
    /// Notes on what the import changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) description: Option<String>,
    /// Fields, in Facebook's order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) fields: Vec<Field>,
    /// GET /{id}.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) read: Option<Operation>,
    /// POST /{id}.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) update: Option<Operation>,
    /// DELETE /{id}.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) delete: Option<Operation>,
    /// /{id}/{edge}.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) edges: Vec<Edge>,
}

/// A field.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Field {
    /// Wire name.
    pub(crate) name: String,
    /// Type expression.
    #[serde(rename = "type")]
    pub(crate) ty: String,
    /// Notes on what the import changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) description: Option<String>,
}

/// An operation.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Operation {
    /// Parameters.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) params: Vec<Param>,
    /// What it returns (`update` and `create` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) returns: Option<String>,
}

/// A parameter.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Param {
    /// Wire name.
    pub(crate) name: String,
    /// Type expression.
    #[serde(rename = "type")]
    pub(crate) ty: String,
    /// Written only when true (the format's default is false).
    #[serde(skip_serializing_if = "is_false")]
    pub(crate) required: bool,
    /// Notes on what the import changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) description: Option<String>,
}

fn is_false(b: &bool) -> bool {
    !b
}

/// An edge.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Edge {
    /// Path segment.
    pub(crate) name: String,
    /// What it holds.
    #[serde(rename = "type")]
    pub(crate) ty: String,
    /// Notes on what the import changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) description: Option<String>,
    /// GET, paged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) list: Option<Operation>,
    /// POST.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) create: Option<Operation>,
    /// DELETE.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) delete: Option<Operation>,
}

/// An enum.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Enum {
    /// Name, exactly as types refer to it.
    pub(crate) name: String,
    /// Where Facebook found it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) description: Option<String>,
    /// Values, exactly.
    pub(crate) values: Vec<String>,
}

/// File names for the nodes (sorted by name): the snake case of the node
/// name (`AdLabel` → `ad_label.yaml`); a name already taken (by another
/// node or by `enums.yaml`) gets `_2`, `_3`… in node order.
pub(crate) fn file_names(nodes: &[Node]) -> Vec<String> {
    let mut taken: HashSet<String> = HashSet::from([ENUMS_YAML.to_owned()]);
    nodes
        .iter()
        .map(|node| {
            let stem = ident::module(&node.name).unwrap_or_else(|| "node".to_owned());
            let mut name = format!("{stem}.yaml");
            let mut n = 2;
            while taken.contains(&name) {
                name = format!("{stem}_{n}.yaml");
                n += 1;
            }
            taken.insert(name.clone());
            name
        })
        .collect()
}

/// Renders every file, stamped: `(relative path, content)`, sorted by path.
pub(crate) fn render(
    api_version: &str,
    nodes: &[Node],
    enums: &[Enum],
) -> Result<Vec<(PathBuf, String)>, serde_yaml::Error> {
    let mut files = Vec::with_capacity(nodes.len() + 1);
    let enums_file = SpecFile {
        api_version: Some(api_version),
        nodes: &[],
        enums,
    };
    files.push((
        PathBuf::from(ENUMS_YAML),
        serde_yaml::to_string(&enums_file)?,
    ));
    for (node, name) in nodes.iter().zip(file_names(nodes)) {
        let file = SpecFile {
            api_version: None,
            nodes: std::slice::from_ref(node),
            enums: &[],
        };
        files.push((PathBuf::from(name), serde_yaml::to_string(&file)?));
    }
    let mut files: Vec<(PathBuf, String)> = files
        .into_iter()
        .map(|(path, body)| {
            let stamped = write::stamp_from(&path, &body, ORIGIN, INSTEAD);
            (path, stamped)
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}
