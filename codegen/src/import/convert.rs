//! Facebook's nodes and enums → our spec's nodes and enums.
//!
//! The mapping (documented for users in [`crate::import`]):
//!
//! - `fields` → `fields`, wire names and type spellings kept.
//! - `#get` → `read`, `#update` → `update` (with `returns`), `#delete` → `delete`.
//! - An API with an `endpoint` is an operation on the edge of that name:
//!   GET → `list`, POST → `create` (with `returns`), DELETE → `delete`. The
//!   edge holds what its GET returns, else what its POST returns, else `Object`.
//! - An API with the empty endpoint `""` is on the node itself: DELETE →
//!   `delete`, POST → `update`; a GET that returns the node is `read`, a GET
//!   that returns something else cannot be said in our format and is left
//!   out with a warning.
//! - `genGet`, `genPost`, `genDelete` (Facebook's newer, generated APIs) are
//!   treated like any API by method and endpoint, except that a `genGet`
//!   returns a response envelope node (`ProductFeedRulesGet`: `data`,
//!   `paging`, `summary`); an edge's `list` is paged already, so the edge
//!   holds the element type of the envelope's `data: list<T>`.
//! - A type naming a node with no spec file becomes `Object` (also inside
//!   `list<…>`/`map<…>`), with a warning and a note in the description.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::check;
use crate::diagnostic::{
    Diagnostic, Diagnostics, Severity, SourceFile, did_you_mean, display_path,
};
use crate::import::fb::{self, NodeFile, Parsed};
use crate::import::locate::{self, Step};
use crate::import::output::{Edge, Enum, Field, Node, Operation, Param};
use crate::import::shapes;
use crate::type_expr::{self, TypeExpr, TypeExprKind};

/// Converts every node and enum; problems go to `d`.
pub(crate) fn convert(
    nodes: &[NodeFile],
    enums: Option<&Parsed<Vec<fb::Enum>>>,
    d: &mut Diagnostics,
) -> (Vec<Node>, Vec<Enum>) {
    let node_specs: HashMap<&str, &fb::Node> = nodes
        .iter()
        .map(|n| (n.name.as_str(), &n.spec.value))
        .collect();
    let converted_enums = enums
        .map(|e| convert_enums(e, &node_specs, d))
        .unwrap_or_default();
    let enum_names: HashSet<&str> = converted_enums
        .iter()
        .map(|e| e.name.value.as_str())
        .collect();
    let types = Types {
        nodes: &node_specs,
        enums: &enum_names,
    };
    let mut converted_nodes: Vec<Node> = nodes
        .iter()
        .map(|n| NodeConverter::new(n, &types).convert(d))
        .collect();
    shapes::apply(&mut converted_nodes, d);
    (converted_nodes, converted_enums)
}

/// A diagnostic at the value `path` points to in `file`; without a
/// position (but with the file name) when it cannot be found.
fn at(
    file: &Arc<SourceFile>,
    path: &[Step<'_>],
    severity: Severity,
    message: String,
) -> Diagnostic {
    match locate::span(file, path) {
        Some(span) => Diagnostic {
            severity,
            span: Some(span),
            message,
            hint: None,
            related: Vec::new(),
        },
        None => Diagnostic {
            severity,
            span: None,
            message: format!("{}: {message}", display_path(&file.path)),
            hint: None,
            related: Vec::new(),
        },
    }
}

/// Reports `name` (a `what` name, at `path` in `file`) if it has a control
/// character, which no name of our format may have: see
/// [`check::control_character`].
fn has_control(
    file: &Arc<SourceFile>,
    path: &[Step<'_>],
    name: &str,
    what: &str,
    d: &mut Diagnostics,
) -> bool {
    let Some(message) = check::control_character(name, what) else {
        return false;
    };
    d.push(at(file, path, Severity::Error, message).with_hint(check::CONTROL_HINT));
    true
}

fn convert_enums(
    parsed: &Parsed<Vec<fb::Enum>>,
    nodes: &HashMap<&str, &fb::Node>,
    d: &mut Diagnostics,
) -> Vec<Enum> {
    let file = &parsed.file;
    let mut out: Vec<Enum> = Vec::new();
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, e) in parsed.value.iter().enumerate() {
        let here = [Step::Index(i)];
        let Some(name) = e.name.as_deref().filter(|n| !n.trim().is_empty()) else {
            d.push(at(
                file,
                &here,
                Severity::Error,
                format!("enum #{} has no `name`", i + 1),
            ));
            continue;
        };
        if has_control(file, &[Step::Index(i), Step::Key("name")], name, "enum", d) {
            continue;
        }
        if let Some(&j) = first.get(name) {
            let mut diagnostic = at(
                file,
                &[Step::Index(i), Step::Key("name")],
                Severity::Error,
                format!("duplicate enum `{name}`"),
            );
            if let Some(span) = locate::span(file, &[Step::Index(j), Step::Key("name")]) {
                diagnostic = diagnostic.with_related(&span, "first defined here");
            }
            d.push(diagnostic);
            continue;
        }
        first.insert(name, i);
        if nodes.contains_key(name) {
            d.push(at(
                file,
                &[Step::Index(i), Step::Key("name")],
                Severity::Error,
                format!("enum `{name}` has the name of a node"),
            ));
            continue;
        }
        let Some(raw_values) = &e.values else {
            d.push(at(
                file,
                &here,
                Severity::Error,
                format!("enum `{name}` has no `values`"),
            ));
            continue;
        };
        if raw_values.is_empty() {
            d.push(at(
                file,
                &[Step::Index(i), Step::Key("values")],
                Severity::Error,
                format!("enum `{name}` has no values"),
            ));
            continue;
        }
        let mut values: Vec<String> = Vec::with_capacity(raw_values.len());
        for (k, value) in raw_values.iter().enumerate() {
            let value_at = [Step::Index(i), Step::Key("values"), Step::Index(k)];
            let text = match value {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Number(n) => n.to_string(),
                other => {
                    d.push(at(
                        file,
                        &value_at,
                        Severity::Error,
                        format!("enum `{name}`: value `{other}` is not a string"),
                    ));
                    continue;
                }
            };
            if has_control(file, &value_at, &text, &format!("enum `{name}`: value"), d) {
                continue;
            }
            if values.contains(&text) {
                d.push(at(
                    file,
                    &value_at,
                    Severity::Warning,
                    format!("enum `{name}` lists `{text}` twice; kept once"),
                ));
                continue;
            }
            values.push(text);
        }
        let description = match (e.node.as_deref(), e.field_or_param.as_deref()) {
            (Some(node), Some(field)) => Some(format!("Values of `{node}.{field}`.")),
            (None, Some(field)) => Some(format!("Values of `{field}`.")),
            (Some(node), None) => Some(format!("Values used by `{node}`.")),
            (None, None) => None,
        };
        out.push(Enum {
            name: name.to_owned().into(),
            description: description.map(Into::into),
            values: values.into_iter().map(Into::into).collect(),
            values_span: (),
        });
    }
    out.sort_by(|a, b| a.name.value.cmp(&b.name.value));
    out
}

/// Names a type can refer to.
struct Types<'a> {
    nodes: &'a HashMap<&'a str, &'a fb::Node>,
    enums: &'a HashSet<&'a str>,
}

/// A type, ready to write: the spelling, and what was changed to make it
/// one our format takes.
#[derive(Default)]
struct Resolved {
    text: String,
    /// Nodes without a spec it named (now `Object`).
    missing: Vec<String>,
    /// Map key types JSON cannot have (`Object`), now `string`.
    string_keys: Vec<String>,
    /// `file` where our format takes no upload (anywhere but as the whole
    /// type of a POST parameter), now `string`.
    files: bool,
}

impl Resolved {
    /// The note for the description of the item it types.
    fn note(&self, context: &str) -> Option<String> {
        join_notes([
            missing_note(&self.missing, context),
            (!self.string_keys.is_empty()).then(|| {
                format!(
                    "{context}Facebook's spec has map keys of type {}; JSON object keys are strings, so they are `string` here.",
                    quoted_list(&self.string_keys)
                )
            }),
            self.files.then(|| {
                format!(
                    "{context}Facebook's spec has `file` (an upload) here; only a parameter of a create or update (a POST) can be one, and only as its whole type, so it is `string` here."
                )
            }),
        ])
    }
}

/// Why a type cannot be imported.
enum TypeProblem {
    Malformed(String),
    MissingEnum(String),
    Unknown(String),
}

impl TypeProblem {
    fn diagnostic(
        &self,
        written: &str,
        what: &str,
        file: &Arc<SourceFile>,
        path: &[Step<'_>],
    ) -> Diagnostic {
        match self {
            TypeProblem::Malformed(message) => at(
                file,
                path,
                Severity::Error,
                format!("{what}: malformed type `{written}`: {message}"),
            ),
            TypeProblem::MissingEnum(name) => at(
                file,
                path,
                Severity::Error,
                format!("{what}: type `{name}` is an enum (its name has `_`), and enum_types.json does not define it"),
            )
            .with_hint("names with `_` are enums (AdSet_bid_strategy); PascalCase names are nodes"),
            TypeProblem::Unknown(name) => at(
                file,
                path,
                Severity::Error,
                format!("{what}: unknown type `{name}`"),
            )
            .with_hint_opt(did_you_mean(name, primitive_names()).or_else(|| {
                Some(format!(
                    "types are {}, list<T>, map<K, V>, a node (PascalCase) or an enum (with `_`)",
                    primitive_names().collect::<Vec<_>>().join(", ")
                ))
            })),
        }
    }
}

/// The spellings of the primitive types ([`type_expr::PRIMITIVES`]; all
/// of them Facebook's too).
fn primitive_names() -> impl Iterator<Item = &'static str> {
    type_expr::PRIMITIVES.iter().map(|(name, _)| *name)
}

impl Types<'_> {
    /// Resolves a type; `uploads`: it is a POST parameter's, which may be
    /// `file` as a whole (anywhere else `file` becomes `string`).
    fn resolve(&self, written: &str, uploads: bool) -> Result<Resolved, TypeProblem> {
        let expr = type_expr::parse(written).map_err(|e| TypeProblem::Malformed(e.message))?;
        let mut resolved = Resolved::default();
        let text = self.rebuild(&expr, uploads, &mut resolved)?;
        // Keep Facebook's spelling exactly unless something was replaced.
        resolved.text =
            if resolved.missing.is_empty() && resolved.string_keys.is_empty() && !resolved.files {
                written.trim().to_owned()
            } else {
                text
            };
        Ok(resolved)
    }

    /// Whether our format takes `ty` (as rebuilt) as a map key: a primitive
    /// that [`type_expr::is_map_key`] takes, or an enum.
    fn is_map_key(&self, ty: &str) -> bool {
        type_expr::primitive(ty).is_some_and(type_expr::is_map_key) || self.enums.contains(ty)
    }

    /// The type as our format takes it; `file_ok`: `file` may stand here.
    fn rebuild(
        &self,
        expr: &TypeExpr,
        file_ok: bool,
        changes: &mut Resolved,
    ) -> Result<String, TypeProblem> {
        Ok(match &expr.kind {
            TypeExprKind::Name(name) if name == "file" && !file_ok => {
                changes.files = true;
                "string".to_owned()
            }
            TypeExprKind::Name(name) => {
                if type_expr::primitive(name).is_some()
                    || self.nodes.contains_key(name.as_str())
                    || self.enums.contains(name.as_str())
                {
                    name.clone()
                } else if name.contains('_') {
                    return Err(TypeProblem::MissingEnum(name.clone()));
                } else if is_node_name(name) {
                    if !changes.missing.contains(name) {
                        changes.missing.push(name.clone());
                    }
                    "Object".to_owned()
                } else {
                    return Err(TypeProblem::Unknown(name.clone()));
                }
            }
            TypeExprKind::List(None) => "list".to_owned(),
            TypeExprKind::Map(None) => "map".to_owned(),
            TypeExprKind::List(Some(item)) => {
                format!("list<{}>", self.rebuild(item, false, changes)?)
            }
            TypeExprKind::Map(Some((key, value))) => {
                let mut key = self.rebuild(key, false, changes)?;
                if !self.is_map_key(&key) {
                    if !changes.string_keys.contains(&key) {
                        changes.string_keys.push(key);
                    }
                    key = "string".to_owned();
                }
                format!("map<{key}, {}>", self.rebuild(value, false, changes)?)
            }
        })
    }

    /// For a `genGet`: the `T` of the `data: list<T>` field of the envelope
    /// node it returns, when it is one.
    fn envelope_item(&self, returns: &str) -> Option<String> {
        let node = self.nodes.get(returns)?;
        let data = node
            .fields
            .iter()
            .flatten()
            .find(|f| f.name.as_deref() == Some("data"))?;
        let expr = type_expr::parse(data.ty.as_deref()?).ok()?;
        match expr.kind {
            TypeExprKind::List(Some(item)) => {
                let chars: Vec<char> = data.ty.as_deref()?.chars().collect();
                let text: String = chars
                    .get(item.offset..item.offset + item.len)?
                    .iter()
                    .collect();
                Some(text)
            }
            TypeExprKind::List(None) => Some("Object".to_owned()),
            _ => None,
        }
    }
}

/// Facebook's node names: PascalCase, ASCII letters and digits, no `_`
/// (every one of its enums has a `_`; no node does).
fn is_node_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}

/// The note kept where a missing node became `Object`.
fn missing_note(missing: &[String], context: &str) -> Option<String> {
    let verb = match missing.len() {
        0 => return None,
        1 => "has",
        _ => "have",
    };
    Some(format!(
        "{context}Facebook's spec names {}, which {verb} no spec; kept as JSON.",
        quoted_list(missing)
    ))
}

/// `a`, `` `a` and `b` ``, `` `a`, `b` and `c` ``.
fn quoted_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|m| format!("`{m}`")).collect();
    match quoted.as_slice() {
        [init @ .., last] if !init.is_empty() => format!("{} and {last}", init.join(", ")),
        _ => quoted.concat(),
    }
}

fn join_notes(notes: impl IntoIterator<Item = Option<String>>) -> Option<String> {
    let notes: Vec<String> = notes.into_iter().flatten().collect();
    (!notes.is_empty()).then(|| notes.join(" "))
}

/// What an API is in our format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Slot {
    Read,
    Update,
    Delete,
}

impl Slot {
    fn label(self) -> &'static str {
        match self {
            Slot::Read => "`read` (GET /{id})",
            Slot::Update => "`update` (POST /{id})",
            Slot::Delete => "`delete` (DELETE /{id})",
        }
    }
}

#[derive(Default)]
struct EdgeParts {
    name: String,
    list: Option<(usize, Operation, Resolved)>,
    create: Option<(usize, Operation, Resolved)>,
    delete: Option<(usize, Operation)>,
}

struct NodeConverter<'a> {
    node: &'a NodeFile,
    file: &'a Arc<SourceFile>,
    types: &'a Types<'a>,
}

impl<'a> NodeConverter<'a> {
    fn new(node: &'a NodeFile, types: &'a Types<'a>) -> Self {
        NodeConverter {
            node,
            file: &node.spec.file,
            types,
        }
    }

    fn name(&self) -> &str {
        &self.node.name
    }

    fn error(&self, path: &[Step<'_>], message: String) -> Diagnostic {
        at(self.file, path, Severity::Error, message)
    }

    fn warning(&self, path: &[Step<'_>], message: String) -> Diagnostic {
        at(self.file, path, Severity::Warning, message)
    }

    /// Resolves a type, reporting problems and missing nodes; `None` on error.
    fn resolve(
        &self,
        written: Option<&str>,
        what: &str,
        owner: &[Step<'_>],
        key: &'static str,
        d: &mut Diagnostics,
    ) -> Option<Resolved> {
        self.resolve_with(written, what, owner, key, true, false, d)
    }

    /// [`Self::resolve`], warning about missing nodes only when
    /// `warn_missing`; `uploads`: a POST parameter's type, which may be `file`.
    #[allow(clippy::too_many_arguments)]
    fn resolve_with(
        &self,
        written: Option<&str>,
        what: &str,
        owner: &[Step<'_>],
        key: &'static str,
        warn_missing: bool,
        uploads: bool,
        d: &mut Diagnostics,
    ) -> Option<Resolved> {
        let Some(written) = written else {
            d.push(self.error(owner, format!("{what} has no `{key}`")));
            return None;
        };
        let mut path = owner.to_vec();
        path.push(Step::Key(key));
        match self.types.resolve(written, uploads) {
            Ok(resolved) => {
                if resolved.files {
                    d.push(self.warning(
                        &path,
                        format!("{what}: `file` (an upload) is only the whole type of a parameter of a create or update (a POST); written `string`"),
                    ));
                }
                for name in resolved.missing.iter().filter(|_| warn_missing) {
                    d.push(self.warning(
                        &path,
                        format!("{what}: `{name}` has no spec file; kept as JSON (`Object`)"),
                    ));
                }
                for key in &resolved.string_keys {
                    d.push(self.warning(
                        &path,
                        format!("{what}: map keys of type `{key}` are written `string` (JSON object keys are strings)"),
                    ));
                }
                Some(resolved)
            }
            Err(problem) => {
                d.push(problem.diagnostic(written, what, self.file, &path));
                None
            }
        }
    }

    fn convert(&self, d: &mut Diagnostics) -> Node {
        let spec = &self.node.spec.value;
        let mut node = Node {
            name: self.name().to_owned().into(),
            description: None,
            fields: self.fields(spec.fields.as_deref().unwrap_or_default(), d),
            read: None,
            update: None,
            delete: None,
            edges: Vec::new(),
            span: (),
        };
        self.apis(spec.apis.as_deref().unwrap_or_default(), &mut node, d);
        node
    }

    fn fields(&self, fields: &[fb::Field], d: &mut Diagnostics) -> Vec<Field> {
        let mut out = Vec::with_capacity(fields.len());
        let mut first: HashMap<&str, usize> = HashMap::new();
        for (i, field) in fields.iter().enumerate() {
            let here = [Step::Key("fields"), Step::Index(i)];
            let Some(name) = field.name.as_deref().filter(|n| !n.is_empty()) else {
                d.push(self.error(
                    &here,
                    format!("field #{} of `{}` has no `name`", i + 1, self.name()),
                ));
                continue;
            };
            let name_at = [Step::Key("fields"), Step::Index(i), Step::Key("name")];
            if has_control(self.file, &name_at, name, "field", d) {
                continue;
            }
            if let Some(&j) = first.get(name) {
                let mut diagnostic = self.error(
                    &name_at,
                    format!("duplicate field `{name}` in `{}`", self.name()),
                );
                if let Some(span) = locate::span(
                    self.file,
                    &[Step::Key("fields"), Step::Index(j), Step::Key("name")],
                ) {
                    diagnostic = diagnostic.with_related(&span, "first defined here");
                }
                d.push(diagnostic);
                continue;
            }
            first.insert(name, i);
            let what = format!("field `{}.{name}`", self.name());
            let Some(ty) = self.resolve(field.ty.as_deref(), &what, &here, "type", d) else {
                continue;
            };
            out.push(Field {
                name: name.to_owned().into(),
                description: ty.note("").map(Into::into),
                ty: ty.text.into(),
            });
        }
        out
    }

    fn params(
        &self,
        api_index: usize,
        api: &fb::Api,
        what: &str,
        uploads: bool,
        d: &mut Diagnostics,
    ) -> Option<Vec<Param>> {
        let mut ok = true;
        let mut out = Vec::new();
        let mut first: HashMap<&str, usize> = HashMap::new();
        for (j, param) in api.params.iter().flatten().enumerate() {
            let here = [
                Step::Key("apis"),
                Step::Index(api_index),
                Step::Key("params"),
                Step::Index(j),
            ];
            let Some(name) = param.name.as_deref().filter(|n| !n.is_empty()) else {
                d.push(self.error(&here, format!("{what}: parameter #{} has no `name`", j + 1)));
                ok = false;
                continue;
            };
            let mut name_at = here.to_vec();
            name_at.push(Step::Key("name"));
            if has_control(self.file, &name_at, name, &format!("{what}: parameter"), d) {
                ok = false;
                continue;
            }
            if first.insert(name, j).is_some() {
                d.push(self.error(&here, format!("{what}: duplicate parameter `{name}`")));
                ok = false;
                continue;
            }
            let Some(ty) = self.resolve_with(
                param.ty.as_deref(),
                &format!("{what}: parameter `{name}`"),
                &here,
                "type",
                true,
                uploads,
                d,
            ) else {
                ok = false;
                continue;
            };
            out.push(Param {
                name: name.to_owned().into(),
                required: param.required.unwrap_or(false),
                description: ty.note("").map(Into::into),
                ty: ty.text.into(),
            });
        }
        ok.then_some(out)
    }

    fn apis(&self, apis: &[fb::Api], node: &mut Node, d: &mut Diagnostics) {
        let mut slots: HashMap<Slot, usize> = HashMap::new();
        let mut edges: Vec<EdgeParts> = Vec::new();
        let mut edge_index: HashMap<&str, usize> = HashMap::new();
        let mut notes: Vec<Option<String>> = Vec::new();
        for (i, api) in apis.iter().enumerate() {
            let here = [Step::Key("apis"), Step::Index(i)];
            let Some(method) = api.method.as_deref() else {
                d.push(self.error(
                    &here,
                    format!("API #{} of `{}` has no `method`", i + 1, self.name()),
                ));
                continue;
            };
            let name = api.name.as_deref();
            let endpoint = api.endpoint.as_deref();
            if let Some(e) = endpoint {
                let at = [Step::Key("apis"), Step::Index(i), Step::Key("endpoint")];
                if has_control(self.file, &at, e, "endpoint (edge)", d) {
                    continue;
                }
            }
            let what = match (name, endpoint) {
                (_, Some(e)) if !e.is_empty() => format!("{method} {}/{e}", self.name()),
                (Some(n), _) => format!("`{n}` of `{}`", self.name()),
                (None, _) => format!("{method} {}", self.name()),
            };
            let slot = match (name, endpoint, method) {
                (Some("#get"), _, _) => Some(Slot::Read),
                (Some("#update"), _, _) => Some(Slot::Update),
                (Some("#delete"), _, _) => Some(Slot::Delete),
                (_, Some(""), "GET") => Some(Slot::Read),
                (_, Some(""), "POST") => Some(Slot::Update),
                (_, Some(""), "DELETE") => Some(Slot::Delete),
                (_, Some(_), "GET" | "POST" | "DELETE") => None,
                (_, Some(_), _) => {
                    d.push(self.warning(
                        &[Step::Key("apis"), Step::Index(i), Step::Key("method")],
                        format!("{what}: method `{method}` has no place in our format; left out"),
                    ));
                    continue;
                }
                (_, None, _) => {
                    d.push(self.error(
                        &here,
                        format!("{what}: an API needs an `endpoint` or a `name` of #get, #update or #delete"),
                    ));
                    continue;
                }
            };
            // What a read returns is not written in our format (it is the
            // node); a mismatch is reported below, once.
            let returns = self.resolve_with(
                api.returns.as_deref(),
                &what,
                &here,
                "return",
                slot != Some(Slot::Read),
                false,
                d,
            );
            // Our create (POST on an edge) and update take uploads.
            let posts = match slot {
                Some(slot) => slot == Slot::Update,
                None => method == "POST",
            };
            if !posts && (api.allow_file_upload || api.use_graph_video_endpoint) {
                d.push(self.warning(
                    &here,
                    format!("{what}: SDKCodegen.json's `allow_file_upload` or `use_graph_video_endpoint` applies only to a create or update (a POST); ignored"),
                ));
            }
            let params = self.params(i, api, &what, posts, d);
            let (Some(returns), Some(params)) = (returns, params) else {
                continue;
            };
            match slot {
                Some(slot) => {
                    if let Some(&j) = slots.get(&slot) {
                        d.push(self.error(
                            &here,
                            format!(
                                "{what}: a second {} for `{}` (the first is API #{})",
                                slot.label(),
                                self.name(),
                                j + 1
                            ),
                        ));
                        continue;
                    }
                    let written = api.returns.as_deref().unwrap_or("").trim();
                    if slot == Slot::Read && written != self.name() {
                        if name != Some("#get") {
                            d.push(self.warning(
                                &here,
                                format!("{what}: GET on the node itself returns `{written}`, not `{}`; our format cannot say that, so it is left out", self.name()),
                            ));
                            notes.push(Some(format!(
                                "Facebook's spec has GET /{{id}} return `{written}` ({}); left out.",
                                name.unwrap_or("no name")
                            )));
                            continue;
                        }
                        d.push(self.warning(
                            &here,
                            format!("{what}: returns `{written}`, not `{}`; kept as `read`, which returns `{}`'s fields", self.name(), self.name()),
                        ));
                        notes.push(Some(format!(
                            "Facebook's spec has `#get` return `{written}`; `read` returns this node's fields."
                        )));
                    }
                    slots.insert(slot, i);
                    let operation = Operation {
                        params,
                        returns: None,
                        attach_files: posts && api.allow_file_upload,
                        video_host: posts && api.use_graph_video_endpoint,
                        span: (),
                    };
                    match slot {
                        Slot::Read => node.read = Some(operation),
                        Slot::Delete => node.delete = Some(operation),
                        Slot::Update => {
                            notes.push(returns.note("`update` returns: "));
                            node.update = Some(Operation {
                                returns: Some(returns.text.into()),
                                ..operation
                            });
                        }
                    }
                }
                None => {
                    let endpoint = endpoint.unwrap_or_default();
                    let index = *edge_index.entry(endpoint).or_insert_with(|| {
                        edges.push(EdgeParts {
                            name: endpoint.to_owned(),
                            ..EdgeParts::default()
                        });
                        edges.len() - 1
                    });
                    let edge = &mut edges[index];
                    let taken = match method {
                        "GET" => edge.list.as_ref().map(|(j, ..)| *j),
                        "POST" => edge.create.as_ref().map(|(j, ..)| *j),
                        _ => edge.delete.as_ref().map(|(j, _)| *j),
                    };
                    if let Some(j) = taken {
                        d.push(self.error(
                            &here,
                            format!("{what}: a second {method} API for this edge (the first is API #{})", j + 1),
                        ));
                        continue;
                    }
                    let operation = Operation {
                        params,
                        returns: None,
                        attach_files: posts && api.allow_file_upload,
                        video_host: posts && api.use_graph_video_endpoint,
                        span: (),
                    };
                    match method {
                        "GET" => {
                            let item = (name == Some("genGet"))
                                .then(|| self.types.envelope_item(returns.text.as_str()))
                                .flatten()
                                .and_then(|item| self.types.resolve(&item, false).ok());
                            edge.list = Some((i, operation, item.unwrap_or(returns)));
                        }
                        "POST" => edge.create = Some((i, operation, returns)),
                        _ => edge.delete = Some((i, operation)),
                    }
                }
            }
        }
        node.edges = edges.into_iter().map(finish_edge).collect();
        node.description = join_notes(notes).map(Into::into);
    }
}

fn finish_edge(parts: EdgeParts) -> Edge {
    let mut notes = Vec::new();
    let ty = match (&parts.list, &parts.create) {
        (Some((_, _, returns)), _) => {
            notes.push(returns.note("GET returns: "));
            returns.text.clone()
        }
        (None, Some((_, _, returns))) => returns.text.clone(),
        (None, None) => "Object".to_owned(),
    };
    let create = parts.create.map(|(_, operation, returns)| {
        notes.push(returns.note("POST returns: "));
        Operation {
            returns: Some(returns.text.into()),
            ..operation
        }
    });
    Edge {
        name: parts.name.into(),
        ty: ty.into(),
        description: join_notes(notes).map(Into::into),
        list: parts.list.map(|(_, operation, _)| operation),
        create,
        delete: parts.delete.map(|(_, operation)| operation),
    }
}
