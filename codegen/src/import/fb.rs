//! Facebook's format, as read: `<Node>.json`, `enum_types.json`,
//! `version.txt` and `SDKCodegen.json`.
//!
//! Keys the importer does not use (`basePath`, SDK flags) are ignored; the
//! flags it honours come from `SDKCodegen.json` (`sdk.rs`), not from here. Keys
//! it needs are optional here so that a missing one is reported by the
//! converter with the node and item it belongs to, not as a bare serde error.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Diagnostics, SourceFile, Span, display_path};
use crate::import::locate;
use crate::load::MAX_FILE_BYTES;

/// The file of enums, next to the node files.
pub(crate) const ENUMS_FILE: &str = "enum_types.json";
/// The API version, next to the node files.
pub(crate) const VERSION_FILE: &str = "version.txt";
/// Facebook's patches, in the directory or its parent.
pub(crate) const SDK_FILE: &str = "SDKCodegen.json";

/// One `<Node>.json`.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct Node {
    /// The node's fields.
    #[serde(default)]
    pub(crate) fields: Option<Vec<Field>>,
    /// What can be done with it.
    #[serde(default)]
    pub(crate) apis: Option<Vec<Api>>,
}

/// `{ "name": …, "type": … }`.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct Field {
    /// Wire name.
    pub(crate) name: Option<String>,
    /// Type expression.
    #[serde(rename = "type")]
    pub(crate) ty: Option<String>,
}

/// One API: an operation on the node (`name`: `#get`…) or on an edge (`endpoint`).
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct Api {
    /// `GET`, `POST` or `DELETE`.
    pub(crate) method: Option<String>,
    /// The edge's path segment; `""` is the node itself.
    pub(crate) endpoint: Option<String>,
    /// `#get`, `#update`, `#delete`, `genGet`, `genPost`, `genDelete`.
    pub(crate) name: Option<String>,
    /// What it returns.
    #[serde(rename = "return")]
    pub(crate) returns: Option<String>,
    /// Its parameters.
    #[serde(default)]
    pub(crate) params: Option<Vec<Param>>,
    /// It also takes files under their own file names: `SDKCodegen.json`'s
    /// `allow_file_upload: true`, set by `sdk::apply` (only on a POST).
    #[serde(skip)]
    pub(crate) allow_file_upload: bool,
    /// It is sent to `graph-video.facebook.com`: `SDKCodegen.json`'s
    /// `use_graph_video_endpoint: true`, set by `sdk::apply` (only on a POST).
    #[serde(skip)]
    pub(crate) use_graph_video_endpoint: bool,
}

/// `{ "name": …, "type": …, "required": … }`.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct Param {
    /// Wire name.
    pub(crate) name: Option<String>,
    /// Type expression.
    #[serde(rename = "type")]
    pub(crate) ty: Option<String>,
    /// Whether the request fails without it.
    #[serde(default)]
    pub(crate) required: Option<bool>,
}

/// One entry of `enum_types.json`.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Enum {
    /// Name, as types refer to it.
    pub(crate) name: Option<String>,
    /// The node it was found on, when known.
    #[serde(default)]
    pub(crate) node: Option<String>,
    /// The field or parameter it types.
    #[serde(default)]
    pub(crate) field_or_param: Option<String>,
    /// Its values: strings (numbers are taken as their decimal text).
    pub(crate) values: Option<Vec<serde_json::Value>>,
}

/// `SDKCodegen.json`: only `spec_overriding` matters here.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct Sdk {
    /// Node name → selector → override: an object of keys to set
    /// (`{"return": "AdReportRun"}`), or `null` to remove what the selector
    /// matches. Any other value is taken here and reported by `sdk::apply`.
    #[serde(default)]
    pub(crate) spec_overriding: Option<InOrder<InOrder<serde_json::Value>>>,
}

/// A JSON object's members in file order. Facebook applies a node's
/// overrides in that order, and it matters: after a `null` removes an
/// element, a later selector no longer matches it. A repeated key keeps its
/// first place and its last value, as JavaScript's `JSON.parse` does.
#[derive(Debug, Clone, Default)]
pub(crate) struct InOrder<V>(pub(crate) Vec<(String, V)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for InOrder<V> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Members<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Members<V> {
            type Value = InOrder<V>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<InOrder<V>, A::Error> {
                let mut members: Vec<(String, V)> = Vec::new();
                let mut index: std::collections::HashMap<String, usize> = Default::default();
                while let Some((key, value)) = map.next_entry::<String, V>()? {
                    match index.get(&key) {
                        Some(&i) => members[i].1 = value,
                        None => {
                            index.insert(key.clone(), members.len());
                            members.push((key, value));
                        }
                    }
                }
                Ok(InOrder(members))
            }
        }
        deserializer.deserialize_map(Members(std::marker::PhantomData))
    }
}

/// A parsed file and its text (kept for diagnostics).
#[derive(Debug, Clone)]
pub(crate) struct Parsed<T> {
    /// The file, for spans.
    pub(crate) file: Arc<SourceFile>,
    /// Its content.
    pub(crate) value: T,
}

/// A node file.
#[derive(Debug, Clone)]
pub(crate) struct NodeFile {
    /// The node's name: the file's stem.
    pub(crate) name: String,
    /// The file and its content.
    pub(crate) spec: Parsed<Node>,
}

/// Everything read from the input directory.
#[derive(Debug, Default)]
pub(crate) struct Input {
    /// Node files, sorted by node name.
    pub(crate) nodes: Vec<NodeFile>,
    /// `enum_types.json`.
    pub(crate) enums: Option<Parsed<Vec<Enum>>>,
    /// `version.txt`'s content, trimmed, and where it is.
    pub(crate) version: Option<(String, PathBuf)>,
    /// `SDKCodegen.json`, when found.
    pub(crate) sdk: Option<Parsed<Sdk>>,
}

/// Reads the directory. Every problem goes to `d`; what could be read is returned.
pub(crate) fn read_dir(dir: &Path, d: &mut Diagnostics) -> Input {
    let mut input = Input::default();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            d.push(Diagnostic::global(format!(
                "cannot read the directory {}: {e}",
                display_path(dir)
            )));
            return input;
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();

    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    for path in &paths {
        let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if file_name == ENUMS_FILE {
            input.enums = parse_file(path, d);
            continue;
        }
        if file_name == VERSION_FILE {
            if let Some(text) = read_text(path, d) {
                input.version = Some((text.trim().to_owned(), path.clone()));
            }
            continue;
        }
        let is_json = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        if !is_json || file_name == SDK_FILE {
            continue;
        }
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_owned();
        if !crate::ident::is_identifier(&name) {
            d.push(
                Diagnostic::global(format!(
                    "{}: `{name}` is not a node name",
                    display_path(path)
                ))
                .with_hint("each node file is named after its node: AdAccount.json"),
            );
            continue;
        }
        if let Some(first) = seen.get(&name) {
            d.push(Diagnostic::global(format!(
                "{}: duplicate node `{name}`, also in {}",
                display_path(path),
                display_path(first)
            )));
            continue;
        }
        seen.insert(name.clone(), path.clone());
        if let Some(spec) = parse_file(path, d) {
            input.nodes.push(NodeFile { name, spec });
        }
    }
    if input.enums.is_none() && !dir.join(ENUMS_FILE).exists() {
        d.push(Diagnostic::global(format!(
            "{}: no {ENUMS_FILE}",
            display_path(dir)
        )));
    }
    if input.nodes.is_empty() && seen.is_empty() && !d.has_errors() {
        d.push(Diagnostic::global(format!(
            "{}: no node files (<Node>.json)",
            display_path(dir)
        )));
    }
    let sdk = [Some(dir), dir.parent()]
        .into_iter()
        .flatten()
        .map(|parent| parent.join(SDK_FILE))
        .find(|p| p.is_file());
    if let Some(path) = sdk {
        input.sdk = parse_file(&path, d);
    }
    input
}

fn read_text(path: &Path, d: &mut Diagnostics) -> Option<String> {
    let shown = display_path(path);
    let result = std::fs::metadata(path).and_then(|m| {
        if m.len() > MAX_FILE_BYTES {
            Err(std::io::Error::other(format!(
                "{} bytes; input files are limited to {MAX_FILE_BYTES}",
                m.len()
            )))
        } else {
            std::fs::read(path)
        }
    });
    let bytes = match result {
        Ok(bytes) => bytes,
        Err(e) => {
            d.push(Diagnostic::global(format!("cannot read {shown}: {e}")));
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(e) => {
            d.push(Diagnostic::global(format!(
                "{shown} is not UTF-8 (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            )));
            None
        }
    }
}

/// Reads and deserializes one JSON file; syntax and shape errors carry the
/// line and column serde_json gives.
fn parse_file<T: serde::de::DeserializeOwned>(
    path: &Path,
    d: &mut Diagnostics,
) -> Option<Parsed<T>> {
    let text = read_text(path, d)?;
    let file = Arc::new(SourceFile {
        path: path.to_path_buf(),
        text,
    });
    match serde_json::from_str::<T>(&file.text) {
        Ok(value) => Some(Parsed { file, value }),
        Err(e) => {
            let what = match e.classify() {
                serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                    "not JSON"
                }
                _ => "not the expected shape",
            };
            // serde_json's column counts bytes; the span wants characters.
            let message = strip_position(&e.to_string());
            let span = byte_span(&file, e.line(), e.column());
            d.push(match span {
                Some(span) => Diagnostic::error(&span, format!("{what}: {message}")),
                None => Diagnostic::global(format!("{}: {what}: {message}", display_path(path))),
            });
            None
        }
    }
}

/// serde_json appends " at line L column C"; the span says that already.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// The span at serde_json's 1-based line and byte column (0 = before the line).
fn byte_span(file: &Arc<SourceFile>, line: usize, column: usize) -> Option<Span> {
    let line_start = if line <= 1 {
        0
    } else {
        file.text
            .match_indices('\n')
            .nth(line - 2)
            .map(|(i, _)| i + 1)?
    };
    let offset = line_start + column.saturating_sub(1);
    Some(locate::span_at(file, offset, offset + 1))
}
