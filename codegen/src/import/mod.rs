//! Import: Facebook's machine-readable Graph API specs → our YAML spec.
//!
//! `cargo run -p codegen -- import DIR --out SPEC_DIR` reads a directory of
//! Facebook's format (the `specs/` folder of `facebook-business-sdk-codegen`)
//! and writes a spec directory that `cargo run -p codegen -- --spec SPEC_DIR`
//! generates from.
//!
//! ```text
//! DIR/<Node>.json, enum_types.json, version.txt ─read─▶ fb::Node…
//!   ─SDKCodegen.json overrides─▶ ─convert─▶ load::spec::NodeSpec… ─serde_yaml─▶ SPEC_DIR/*.yaml
//! ```
//!
//! # Input
//!
//! - Every `*.json` of `DIR` except `enum_types.json` is a node, named by
//!   its file stem (`AdLabel.json` → `AdLabel`).
//! - `enum_types.json`: the enums (required).
//! - `version.txt`: the API version (`v25.0`). Without it, `--api-version`
//!   ([`ImportOptions::api_version`]) must give it; with both, they must agree.
//! - `SDKCodegen.json`, in `DIR` or its parent: Facebook's patches, in file
//!   order. Those that change a `return` or a `type` are applied, `null`
//!   removes the fields, APIs or parameters its selector matches, three
//!   flags are honoured (`is_file_param` → type `file`, `allow_file_upload`
//!   → `attach_files: true`, `use_graph_video_endpoint` → `video_host:
//!   true`), and the other SDK flags are ignored (see `import/sdk.rs`).
//!
//! # Mapping
//!
//! | Facebook | our spec |
//! |---|---|
//! | `fields: [{name, type}]` | `fields:` (wire names and type spellings kept) |
//! | API `name: "#get"` | `read: {params}` (a node without one is not readable) |
//! | API `name: "#update"` | `update: {params, returns}` |
//! | API `name: "#delete"` | `delete: {params}` |
//! | APIs with `endpoint: E` | edge `E`: GET → `list`, POST → `create` (with `returns`), DELETE → `delete`; the edge holds the GET's return, else the POST's, else `Object` |
//! | API with `endpoint: ""` | the node itself: POST → `update`, DELETE → `delete`, GET → `read` if it returns the node (else left out, with a warning) |
//! | `genGet`/`genPost`/`genDelete` | by method and endpoint like the rest; a `genGet` edge holds the `T` of its envelope node's `data: list<T>` |
//! | params `{name, type, required}` | `{name, type, required}` |
//! | `enum_types.json` entries | `enums:`, names and values exactly, described by the node and field they come from |
//! | `SDKCodegen.json` `allow_file_upload` / `use_graph_video_endpoint` on a POST | `attach_files: true` / `video_host: true` on its create or update (on another method: a warning, ignored) |
//! | `POST AdAccount/adimages` (Facebook: `AdImage`) | `returns: AdImageUpload`, a node the importer adds: `images: map<string, AdImage>` (`import/shapes.rs`, the table of response shapes Facebook's spec gets wrong) |
//!
//! # Types
//!
//! Facebook's type spellings are ours (`bool`, `unsigned int`, `list<…>`,
//! `map<K, V>`, `Object`…). A name that is neither a primitive nor a node
//! file nor an enum is classified by its spelling, which is reliable in
//! Facebook's data (every one of its 893 enum names has a `_`, none of its
//! 993 node names does):
//!
//! - with a `_` (`AdSet_bid_strategy`, `adaccount_currency`,
//!   `adaccountinsights_date_preset_enum_param`): an enum missing from
//!   `enum_types.json`, an error;
//! - PascalCase letters and digits (`Media`): a node with no spec file, a
//!   warning; the type becomes `Object` (inside `list<…>`/`map<…>` too) and
//!   the item's description says which name it had;
//! - anything else (`integer`): an unknown type spelling, an error.
//!
//! `file` (an upload) is kept only as the whole type of a create's or
//! update's parameter, the one place our format takes it. Anywhere else (a
//! field, a GET or DELETE parameter, `list<file>`) it becomes `string`, with
//! a warning and a note in the description.
//!
//! # Output
//!
//! One file per node, named by the node's snake case (`ad_label.yaml`), and
//! `enums.yaml` with `api_version` and every enum. Nodes are sorted by name,
//! fields and edges keep Facebook's order, enums are sorted by name, so two
//! imports of the same input are byte-identical. Files carry the generated
//! header, and are written through [`write::Plan`]: a file edited by hand is
//! not overwritten without `--force`, and node files a previous import wrote
//! that this one does not are removed.
//!
//! # Errors
//!
//! Broken input (not JSON, a field without `type`, a malformed or unknown
//! type, a missing enum, duplicates) is reported as `file:line:column:
//! message` where the position can be found, and nothing is written.

mod convert;
mod fb;
mod locate;
mod output;
mod raw;
mod sdk;
mod selector;
mod shapes;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostic::{Diagnostic, Diagnostics, display_path};
use crate::write::{self, Action, Existing, Plan, WriteError};

pub(crate) use fb::ENUMS_FILE;
pub(crate) use raw::read_surface;

/// What to import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Directory of Facebook's `<Node>.json` files and `enum_types.json`.
    pub input: PathBuf,
    /// The API version when the directory has no `version.txt`.
    pub api_version: Option<String>,
}

/// How much was imported.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Nodes.
    pub nodes: usize,
    /// Enums.
    pub enums: usize,
    /// Fields, over all nodes.
    pub fields: usize,
    /// Edges, over all nodes.
    pub edges: usize,
    /// Changes made by `SDKCodegen.json` overrides.
    pub overrides: usize,
}

/// Time spent in each step.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportTimings {
    /// Reading and parsing JSON.
    pub read: Duration,
    /// Overrides and conversion.
    pub convert: Duration,
    /// Serializing YAML.
    pub render: Duration,
}

impl ImportTimings {
    /// Sum of all steps.
    pub fn total(&self) -> Duration {
        self.read + self.convert + self.render
    }
}

/// The imported spec, in memory.
#[derive(Debug)]
pub struct Imported {
    /// Files relative to the spec directory, stamped with the generated header.
    pub files: Vec<(PathBuf, String)>,
    /// Warnings (the import went on).
    pub warnings: Diagnostics,
    /// The API version written.
    pub api_version: String,
    /// How much was imported.
    pub counts: Counts,
    /// Time per step.
    pub timings: ImportTimings,
}

/// Reads and converts Facebook's specs. Nothing is written; see [`plan`].
pub fn import(options: &ImportOptions) -> Result<Imported, Diagnostics> {
    let mut d = Diagnostics::default();
    let start = Instant::now();
    let mut input = fb::read_dir(&options.input, &mut d);
    input.nodes.sort_by(|a, b| a.name.cmp(&b.name));
    let api_version = api_version(&input, options.api_version.as_deref(), &mut d);
    let read = start.elapsed();

    let start = Instant::now();
    let overrides = match &input.sdk {
        Some(sdk) => sdk::apply(sdk, &mut input.nodes, &mut d),
        None => 0,
    };
    let (nodes, enums) = convert::convert(&input.nodes, input.enums.as_ref(), &mut d);
    let convert = start.elapsed();
    d.sort();
    if d.has_errors() {
        return Err(d);
    }
    let Some(api_version) = api_version else {
        return Err(d);
    };

    let counts = Counts {
        nodes: nodes.len(),
        enums: enums.len(),
        fields: nodes.iter().map(|n| n.fields.len()).sum(),
        edges: nodes.iter().map(|n| n.edges.len()).sum(),
        overrides,
    };
    let start = Instant::now();
    let files = output::render(&api_version, nodes, enums).map_err(|e| {
        let mut d = d.clone();
        d.push(Diagnostic::global(format!("cannot write YAML: {e}")));
        d
    })?;
    let render = start.elapsed();
    Ok(Imported {
        files,
        warnings: d,
        api_version,
        counts,
        timings: ImportTimings {
            read,
            convert,
            render,
        },
    })
}

fn api_version(input: &fb::Input, flag: Option<&str>, d: &mut Diagnostics) -> Option<String> {
    let version = match (&input.version, flag) {
        (Some((file, path)), Some(flag)) if file != flag => {
            d.push(Diagnostic::global(format!(
                "--api-version {flag} disagrees with {} ({file})",
                display_path(path)
            )));
            return None;
        }
        (Some((file, path)), _) => {
            if !is_version(file) {
                d.push(
                    Diagnostic::global(format!("{}: bad API version `{file}`", display_path(path)))
                        .with_hint("write it as vN.N, like v25.0"),
                );
                return None;
            }
            file.clone()
        }
        (None, Some(flag)) => {
            if !is_version(flag) {
                d.push(
                    Diagnostic::global(format!("--api-version: bad API version `{flag}`"))
                        .with_hint("write it as vN.N, like v25.0"),
                );
                return None;
            }
            flag.to_owned()
        }
        (None, None) => {
            d.push(
                Diagnostic::global("the input has no version.txt, so the API version is unknown")
                    .with_hint("pass it: --api-version v25.0"),
            );
            return None;
        }
    };
    Some(version)
}

fn is_version(v: &str) -> bool {
    let Some((major, minor)) = v.strip_prefix('v').and_then(|r| r.split_once('.')) else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
    digits(major) && digits(minor)
}

/// Compares the imported files with the spec directory. Like
/// [`Plan::new`], and also: a `.yaml` file directly in `out_dir` that an
/// earlier import wrote and this one does not is removed, and any other
/// `.yaml` file there (not written by codegen, or edited by hand) is a
/// conflict, since it would be merged into the spec.
pub fn plan(out_dir: &Path, files: &[(PathBuf, String)]) -> Result<Plan, WriteError> {
    let mut plan = Plan::new(out_dir, files)?;
    let wanted: std::collections::HashSet<PathBuf> =
        files.iter().map(|(p, _)| out_dir.join(p)).collect();
    let entries = match std::fs::read_dir(out_dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(plan),
        Err(e) => return Err(WriteError::Io(out_dir.to_path_buf(), e)),
    };
    let mut stale: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
                && !wanted.contains(p)
        })
        .collect();
    stale.sort();
    for path in stale {
        let old = std::fs::read(&path)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .map_err(|e| WriteError::Io(path.clone(), e))?;
        plan.actions.push(match write::classify(&old) {
            Existing::Generated => Action::Remove { path, old },
            existing => Action::Conflict {
                path,
                existing,
                content: None,
            },
        });
    }
    Ok(plan)
}
