//! What the importer writes: the spec structs the loader reads
//! ([`crate::load::spec`], without positions), serialized with serde_yaml
//! (which quotes whatever YAML would otherwise read as another type:
//! `"null"`, `"true"`, `"1.0"`).
//!
//! One file per node (`ad_label.yaml`) plus `enums.yaml`, which also holds
//! `api_version`: the one place it is set.

use std::collections::HashSet;
use std::path::PathBuf;

use crate::ident;
use crate::load::spec;
use crate::write;

/// The file holding `api_version` and every enum.
pub(crate) const ENUMS_YAML: &str = "enums.yaml";

/// Where the written files come from, and what to do instead of editing them
/// (for the generated-file stamp).
const ORIGIN: &str = "from Facebook's API specs";
const INSTEAD: &str = "import them again with `cargo run -p codegen -- import`";

/// What the importer builds: the loader's spec structs, without positions.
pub(crate) type SpecFile = spec::SpecFile<()>;
/// A node.
pub(crate) type Node = spec::NodeSpec<()>;
/// A field.
pub(crate) type Field = spec::FieldSpec<()>;
/// An operation.
pub(crate) type Operation = spec::OperationSpec<()>;
/// A parameter.
pub(crate) type Param = spec::ParamSpec<()>;
/// An edge.
pub(crate) type Edge = spec::EdgeSpec<()>;
/// An enum.
pub(crate) type Enum = spec::EnumSpec<()>;

/// File names for the nodes (sorted by name): the snake case of the node
/// name (`AdLabel` → `ad_label.yaml`); a name already taken (by another
/// node or by `enums.yaml`) gets `_2`, `_3`… in node order.
pub(crate) fn file_names(nodes: &[Node]) -> Vec<String> {
    let mut taken: HashSet<String> = HashSet::from([ENUMS_YAML.to_owned()]);
    nodes
        .iter()
        .map(|node| {
            let stem = ident::module(&node.name.value).unwrap_or_else(|| "node".to_owned());
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
    nodes: Vec<Node>,
    enums: Vec<Enum>,
) -> Result<Vec<(PathBuf, String)>, serde_yaml::Error> {
    let mut files = Vec::with_capacity(nodes.len() + 1);
    let names = file_names(&nodes);
    let enums_file = SpecFile {
        complete: true,
        api_version: Some(api_version.to_owned().into()),
        nodes: Vec::new(),
        enums,
    };
    files.push((
        PathBuf::from(ENUMS_YAML),
        serde_yaml::to_string(&enums_file)?,
    ));
    for (node, name) in nodes.into_iter().zip(names) {
        let file = SpecFile {
            complete: true,
            api_version: None,
            nodes: vec![node],
            enums: Vec::new(),
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
