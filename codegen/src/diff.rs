//! `codegen diff OLD NEW`: what a new API version removed, retyped and added.
//!
//! ```text
//! OLD, NEW: YAML spec dir ─load─▶ ─check─▶ SpecFile… ─┐
//!           Facebook dir  ─import's reader and checks─┴─▶ Surface ─diff─▶ Report ─▶ Markdown / JSON
//! ```
//!
//! Each side is read into a [`Surface`]: the API's names and types as the
//! spec spells them, nothing else. A directory holding `enum_types.json`
//! (or a `specs/` folder holding it) is Facebook's format; anything else is
//! a YAML spec directory. Facebook's specs are read and checked with the
//! importer's own code (a whole conversion runs in memory and its errors
//! are this command's errors), but diffed **as Facebook wrote them**:
//! `SDKCodegen.json`'s overrides are not applied and nothing the importer
//! converts (a type it replaces by `Object` or `string`, a GET on the node
//! that returns another type, which it leaves out) is converted here. So the
//! counts are Facebook's, and they reproduce the table in
//! `../shared/facebook-api-specs-history/README.md` exactly (the tests
//! check every number). A YAML spec is diffed as written in its files.
//!
//! # Item spellings
//!
//! Wire names and types exactly as the spec writes them.
//!
//! | item | spelling | example |
//! |---|---|---|
//! | node | `Node` | `AdVideo` |
//! | field | `Node.field` | `AdVideo.season` |
//! | edge | `Node/edge` | `AdAccount/ads` |
//! | operation on a node | `METHOD Node` | `GET AdVideo`, `POST AdVideo`, `DELETE AdVideo` |
//! | operation on an edge | `METHOD Node/edge` | `POST AdAccount/ads` |
//! | parameter | `operation(param)` | `POST AdAccount/ads(name)` |
//! | enum | `Enum` | `AdSet_bid_strategy` |
//! | enum value | `Enum:VALUE` | `AdSet_bid_strategy:LOWEST_COST_WITHOUT_CAP` |
//!
//! Facebook's APIs map to operations by method and endpoint (`#get`,
//! `#update`, `#delete` and a `gen…` API with an empty endpoint are on the
//! node); YAML's `read`/`update`/`delete` are `GET`/`POST`/`DELETE Node`, an
//! edge's `list`/`create`/`delete` are `GET`/`POST`/`DELETE Node/edge`.
//!
//! # Counting rules
//!
//! - A removed node's fields, edges, operations and parameters are removed
//!   too, and an added node's are added (Facebook's README counts them so).
//! - A removed (added) operation's parameters are removed (added).
//! - Enum values are listed only for enums on both sides: a removed
//!   enum's values are not in `enum_values` (Facebook's "28 values of
//!   remaining enums").
//! - Retyped: a field or parameter on both sides whose type spelling
//!   differs, and an operation on both sides whose return type differs
//!   (when both sides state one). Types are compared as spelled, so a
//!   YAML spec against a Facebook directory can show retypes that are only
//!   spellings (the importer's `Object` for a node Facebook lacks).
//! - Newly required: a parameter of an operation on both sides that is
//!   required in NEW and was optional or absent in OLD. It is reported, but
//!   it does not change the exit status, which is 1 only for removals and
//!   retypes.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Diagnostics, display_path};
use crate::load::SpecFile;
use crate::load::spec::{NodeSpec, OperationSpec};

/// One side of a diff: names and types, as the spec spells them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Surface {
    /// The API version (`v25.0`).
    pub version: String,
    /// Nodes by name.
    pub nodes: BTreeMap<String, NodeSurface>,
    /// Enums by name: their values.
    pub enums: BTreeMap<String, BTreeSet<String>>,
}

/// A node's names and types.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NodeSurface {
    /// Field name → type.
    pub fields: BTreeMap<String, String>,
    /// Edge names (path segments).
    pub edges: BTreeSet<String>,
    /// Operations by method and edge (`None`: on the node itself).
    pub operations: BTreeMap<OperationKey, OperationSurface>,
}

/// Which operation: its HTTP method and its edge (`None`: the node itself).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OperationKey {
    /// `GET`, `POST` or `DELETE`.
    pub method: String,
    /// The edge's path segment; `None` for the node itself.
    pub edge: Option<String>,
}

/// An operation's return and parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OperationSurface {
    /// What it returns, when the spec says.
    pub returns: Option<String>,
    /// Parameter name → (type, required).
    pub params: BTreeMap<String, (String, bool)>,
}

/// Lists of items, each sorted, spelled as in the module docs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Items {
    /// `Node`.
    pub nodes: Vec<String>,
    /// `Node.field`.
    pub fields: Vec<String>,
    /// `Node/edge`.
    pub edges: Vec<String>,
    /// `METHOD Node` or `METHOD Node/edge`.
    pub operations: Vec<String>,
    /// `METHOD Node/edge(param)`.
    pub params: Vec<String>,
    /// `Enum`.
    pub enums: Vec<String>,
    /// `Enum:VALUE`, of enums on both sides.
    pub enum_values: Vec<String>,
}

impl Items {
    /// Whether every list is empty.
    pub fn is_empty(&self) -> bool {
        self.lists().iter().all(|(_, list)| list.is_empty())
    }

    /// Each list with its title, in report order.
    pub fn lists(&self) -> [(&'static str, &Vec<String>); 7] {
        [
            ("Nodes", &self.nodes),
            ("Fields", &self.fields),
            ("Edges", &self.edges),
            ("Operations", &self.operations),
            ("Parameters", &self.params),
            ("Enums", &self.enums),
            ("Enum values", &self.enum_values),
        ]
    }

    fn sort(&mut self) {
        for list in [
            &mut self.nodes,
            &mut self.fields,
            &mut self.edges,
            &mut self.operations,
            &mut self.params,
            &mut self.enums,
            &mut self.enum_values,
        ] {
            list.sort();
        }
    }
}

/// What kind of item a [`Retype`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RetypedKind {
    /// A field (`Node.field`).
    Field,
    /// An operation's return (`METHOD Node/edge`).
    Operation,
    /// A parameter (`METHOD Node/edge(param)`).
    Param,
}

/// An item on both sides whose type changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Retype {
    /// What kind of item (not in the JSON: the spelling tells).
    #[serde(skip)]
    pub kind: RetypedKind,
    /// The item, spelled as in the module docs.
    pub item: String,
    /// Its type in OLD.
    pub from: String,
    /// Its type in NEW.
    pub to: String,
}

/// The diff of two surfaces. Serializes as `codegen diff --json` prints it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// OLD's API version.
    pub from: String,
    /// NEW's API version.
    pub to: String,
    /// In OLD, not in NEW.
    pub removed: Items,
    /// On both sides, with another type, sorted by item.
    pub retyped: Vec<Retype>,
    /// In NEW, not in OLD.
    pub added: Items,
    /// Parameters required in NEW that OLD had optional or lacked (on an
    /// operation both sides have), sorted.
    pub newly_required: Vec<String>,
}

impl Report {
    /// Whether NEW breaks code written for OLD: something removed or
    /// retyped (`codegen diff` exits 1).
    pub fn is_breaking(&self) -> bool {
        !self.removed.is_empty() || !self.retyped.is_empty()
    }

    /// Whether the two sides have the same surface.
    pub fn is_empty(&self) -> bool {
        !self.is_breaking() && self.added.is_empty() && self.newly_required.is_empty()
    }

    /// The `--json` output: one object, pretty-printed.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a report is plain strings and lists")
    }

    /// The default output: Markdown.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# API changes from {} to {}\n", self.from, self.to);
        let _ = writeln!(out, "- Removed: {}", summary(&self.removed));
        let retyped = |kind| self.retyped.iter().filter(|r| r.kind == kind).count();
        let _ = writeln!(
            out,
            "- Retyped: {} fields, {} parameters, {} operation returns",
            retyped(RetypedKind::Field),
            retyped(RetypedKind::Param),
            retyped(RetypedKind::Operation)
        );
        let _ = writeln!(out, "- Added: {}", summary(&self.added));
        let _ = writeln!(
            out,
            "- Newly required parameters: {}",
            self.newly_required.len()
        );
        if self.is_empty() {
            out.push_str("\nNo changes.\n");
            return out;
        }
        if !self.removed.is_empty() {
            out.push_str("\n## Removed\n");
            items_markdown(&mut out, &self.removed);
        }
        if !self.retyped.is_empty() {
            let _ = writeln!(out, "\n## Retyped ({})\n", self.retyped.len());
            for r in &self.retyped {
                let _ = writeln!(
                    out,
                    "- {}: {} → {}",
                    code(&r.item),
                    code(&r.from),
                    code(&r.to)
                );
            }
        }
        if !self.added.is_empty() {
            out.push_str("\n## Added\n");
            items_markdown(&mut out, &self.added);
        }
        if !self.newly_required.is_empty() {
            let _ = writeln!(
                out,
                "\n## Newly required parameters ({})\n",
                self.newly_required.len()
            );
            for p in &self.newly_required {
                let _ = writeln!(out, "- {}", code(p));
            }
        }
        out
    }
}

/// `11 nodes, 102 fields, …` (every kind, zeros too, so lines compare).
fn summary(items: &Items) -> String {
    items
        .lists()
        .iter()
        .map(|(title, list)| format!("{} {}", list.len(), title.to_lowercase()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn items_markdown(out: &mut String, items: &Items) {
    for (title, list) in items.lists() {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n### {title} ({})\n", list.len());
        for item in list {
            let _ = writeln!(out, "- {}", code(item));
        }
    }
}

/// A Markdown code span that holds `text` whatever backticks it has: the
/// fence is one backtick longer than its longest run, padded with spaces
/// when the text starts or ends with one. Line breaks become spaces.
fn code(text: &str) -> String {
    let text = text.replace(['\n', '\r'], " ");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if longest > 0 {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

/// `METHOD Node` or `METHOD Node/edge`.
pub fn operation_name(node: &str, key: &OperationKey) -> String {
    match &key.edge {
        Some(edge) => format!("{} {node}/{edge}", key.method),
        None => format!("{} {node}", key.method),
    }
}

/// Every item of a surface, flattened, for set differences.
#[derive(Default)]
struct Flat<'a> {
    nodes: BTreeSet<&'a str>,
    fields: BTreeMap<String, &'a str>,
    edges: BTreeSet<String>,
    /// Operation → return.
    operations: BTreeMap<String, Option<&'a str>>,
    /// Parameter → (type, required, its operation).
    params: BTreeMap<String, (&'a str, bool, String)>,
    enums: BTreeSet<&'a str>,
}

fn flatten(s: &Surface) -> Flat<'_> {
    let mut flat = Flat::default();
    for (node, n) in &s.nodes {
        flat.nodes.insert(node);
        for (field, ty) in &n.fields {
            flat.fields.insert(format!("{node}.{field}"), ty);
        }
        for edge in &n.edges {
            flat.edges.insert(format!("{node}/{edge}"));
        }
        for (key, op) in &n.operations {
            let name = operation_name(node, key);
            for (param, (ty, required)) in &op.params {
                flat.params
                    .insert(format!("{name}({param})"), (ty, *required, name.clone()));
            }
            flat.operations.insert(name, op.returns.as_deref());
        }
    }
    flat.enums = s.enums.keys().map(String::as_str).collect();
    flat
}

/// Keys of `a` not in `b`, as owned strings.
fn minus<'k, K: AsRef<str> + Ord + 'k>(
    a: impl IntoIterator<Item = &'k K>,
    b: &impl Fn(&str) -> bool,
) -> Vec<String> {
    a.into_iter()
        .map(AsRef::as_ref)
        .filter(|k| !b(k))
        .map(str::to_owned)
        .collect()
}

fn one_way(old: &Flat<'_>, new: &Flat<'_>, old_s: &Surface, new_s: &Surface) -> Items {
    let mut items = Items {
        nodes: minus(&old.nodes, &|k| new.nodes.contains(k)),
        fields: minus(old.fields.keys(), &|k| new.fields.contains_key(k)),
        edges: minus(&old.edges, &|k| new.edges.contains(k)),
        operations: minus(old.operations.keys(), &|k| new.operations.contains_key(k)),
        params: minus(old.params.keys(), &|k| new.params.contains_key(k)),
        enums: minus(&old.enums, &|k| new.enums.contains(k)),
        enum_values: Vec::new(),
    };
    for (name, values) in &old_s.enums {
        if let Some(other) = new_s.enums.get(name) {
            items.enum_values.extend(
                values
                    .difference(other)
                    .map(|value| format!("{name}:{value}")),
            );
        }
    }
    items.sort();
    items
}

/// Compares two surfaces: what NEW removed, retyped and added.
pub fn diff(old: &Surface, new: &Surface) -> Report {
    let (a, b) = (flatten(old), flatten(new));
    let mut retyped = Vec::new();
    for (field, from) in &a.fields {
        match b.fields.get(field) {
            Some(to) if from != to => retyped.push(retype(RetypedKind::Field, field, from, to)),
            _ => {}
        }
    }
    for (op, from) in &a.operations {
        // An operation's return is compared only when both sides state one.
        match (from, b.operations.get(op)) {
            (Some(from), Some(Some(to))) if from != to => {
                retyped.push(retype(RetypedKind::Operation, op, from, to));
            }
            _ => {}
        }
    }
    let mut newly_required = Vec::new();
    for (param, (to, required, op)) in &b.params {
        match a.params.get(param) {
            Some((from, was_required, _)) => {
                if from != to {
                    retyped.push(retype(RetypedKind::Param, param, from, to));
                }
                if *required && !was_required {
                    newly_required.push(param.clone());
                }
            }
            None if *required && a.operations.contains_key(op) => {
                newly_required.push(param.clone());
            }
            None => {}
        }
    }
    retyped.sort_by(|x, y| x.item.cmp(&y.item));
    newly_required.sort();
    Report {
        from: old.version.clone(),
        to: new.version.clone(),
        removed: one_way(&a, &b, old, new),
        retyped,
        added: one_way(&b, &a, new, old),
        newly_required,
    }
}

fn retype(kind: RetypedKind, item: &str, from: &str, to: &str) -> Retype {
    Retype {
        kind,
        item: item.to_owned(),
        from: from.to_owned(),
        to: to.to_owned(),
    }
}

/// Reads one side: a Facebook directory (`enum_types.json` in it or in its
/// `specs/`) or a YAML spec directory. Errors are the spec's problems, with
/// positions where known.
pub fn read_surface(dir: &Path) -> Result<Surface, Diagnostics> {
    if !dir.is_dir() {
        let mut d = Diagnostics::default();
        d.push(Diagnostic::global(format!(
            "{} is not a directory",
            display_path(dir)
        )));
        return Err(d);
    }
    for candidate in [dir.to_path_buf(), dir.join("specs")] {
        if candidate.join(crate::import::ENUMS_FILE).is_file() {
            return crate::import::read_surface(&candidate);
        }
    }
    yaml_surface(dir)
}

fn yaml_surface(dir: &Path) -> Result<Surface, Diagnostics> {
    let mut d = Diagnostics::default();
    let files = crate::load::load_dir(dir, &mut d);
    checked_surface(&files, d)
}

/// The surface of loaded spec files, if they pass [`crate::check`] (`d`:
/// the load's diagnostics).
fn checked_surface(files: &[SpecFile], mut d: Diagnostics) -> Result<Surface, Diagnostics> {
    match crate::check::check(files) {
        Ok(_) if !d.has_errors() => {}
        Ok(more) | Err(more) => {
            d.extend(more);
            d.sort();
            return Err(d);
        }
    }
    Ok(spec_surface(files))
}

/// Reads the next version for `codegen --next NEW`: a YAML spec directory
/// as [`read_surface`] does, but a directory of Facebook's specs **as
/// imported** (in memory, `SDKCodegen.json` applied, types converted), so
/// it is spelled like the imported spec being generated and only real
/// changes show (`codegen diff` reads Facebook's specs as written instead).
pub fn read_next_surface(dir: &Path) -> Result<Surface, Diagnostics> {
    let facebook = [dir.to_path_buf(), dir.join("specs")]
        .into_iter()
        .find(|c| c.join(crate::import::ENUMS_FILE).is_file());
    let Some(input) = facebook else {
        return read_surface(dir);
    };
    // `version.txt` may sit beside the specs folder, as `codegen diff` allows.
    let api_version = (!input.join("version.txt").is_file())
        .then(|| input.parent().map(|p| p.join("version.txt")))
        .flatten()
        .and_then(|p| std::fs::read_to_string(p).ok())
        .map(|v| v.trim().to_owned());
    let imported = crate::import::import(&crate::import::ImportOptions { input, api_version })?;
    let mut d = Diagnostics::default();
    let files: Vec<SpecFile> = imported
        .files
        .into_iter()
        .map(|(path, text)| crate::load::load_text(&path, text, &mut d))
        .collect();
    checked_surface(&files, d)
}

/// The surface of spec files that passed [`crate::check`], as written.
pub fn spec_surface(files: &[SpecFile]) -> Surface {
    let version = files
        .iter()
        .find_map(|f| f.api_version.as_ref())
        .map(|v| v.value.clone())
        .unwrap_or_default();
    let mut surface = Surface {
        version,
        ..Surface::default()
    };
    for file in files {
        for node in &file.nodes {
            surface
                .nodes
                .insert(node.name.value.clone(), yaml_node(node));
        }
        for e in &file.enums {
            surface.enums.insert(
                e.name.value.clone(),
                e.values.iter().map(|v| v.value.clone()).collect(),
            );
        }
    }
    surface
}

fn yaml_node(node: &NodeSpec) -> NodeSurface {
    let mut n = NodeSurface::default();
    for f in &node.fields {
        n.fields.insert(f.name.value.clone(), f.ty.value.clone());
    }
    let mut add =
        |method: &str, edge: Option<&str>, op: &Option<OperationSpec>, returns: Option<&str>| {
            if let Some(op) = op {
                n.operations.insert(
                    OperationKey {
                        method: method.to_owned(),
                        edge: edge.map(str::to_owned),
                    },
                    OperationSurface {
                        returns: op
                            .returns
                            .as_ref()
                            .map(|r| r.value.as_str())
                            .or(returns)
                            .map(str::to_owned),
                        params: op
                            .params
                            .iter()
                            .map(|p| (p.name.value.clone(), (p.ty.value.clone(), p.required)))
                            .collect(),
                    },
                );
            }
        };
    add("GET", None, &node.read, Some(&node.name.value));
    add("POST", None, &node.update, None);
    add("DELETE", None, &node.delete, None);
    for edge in &node.edges {
        let name = Some(edge.name.value.as_str());
        add("GET", name, &edge.list, Some(&edge.ty.value));
        add("POST", name, &edge.create, None);
        add("DELETE", name, &edge.delete, None);
    }
    n.edges = node.edges.iter().map(|e| e.name.value.clone()).collect();
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_hold_any_backticks() {
        assert_eq!(code("Page.name"), "`Page.name`");
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(code("a``b`"), "``` a``b` ```");
        assert_eq!(code("a\nb"), "`a b`");
    }
}
