//! The spec as written: structs mirroring the YAML format (documented in
//! `spec/README.md`). They are the one model of that format: `load` reads
//! them from YAML with every value's [`Span`], and `import` builds them
//! without positions (`S = ()`) and writes them with serde, so what is
//! written is what is read.
//!
//! Converting a [`Yaml`] tree reports every structural problem (unknown
//! keys, missing keys, values of the wrong kind) rather than stopping at the
//! first. Meaning (do the types exist? do names collide?) is `check`'s job.
//!
//! Serializing writes the keys in the order of the format's documentation
//! and leaves out what the format defaults: empty lists, absent values and
//! `required: false`. Positions (`span`, `values_span`) and
//! [`SpecFile::complete`] are never written.

use serde::{Serialize, Serializer};

use crate::diagnostic::{Diagnostic, Diagnostics, Span, did_you_mean};
use crate::load::yaml::{ScalarKind, Yaml, YamlKind};

/// A value and where it was written (`S = ()`: nowhere, as when `import`
/// builds it). Serializes as the value alone.
#[derive(Debug, Clone)]
pub struct Spanned<T, S = Span> {
    /// The value.
    pub value: T,
    /// Where.
    pub span: S,
}

impl<T> From<T> for Spanned<T, ()> {
    fn from(value: T) -> Self {
        Spanned { value, span: () }
    }
}

impl<T: Serialize, S> Serialize for Spanned<T, S> {
    fn serialize<Z: Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error> {
        self.value.serialize(serializer)
    }
}

/// One spec file.
#[derive(Debug, Clone, Serialize)]
#[serde(bound = "")]
pub struct SpecFile<S = Span> {
    /// Whether the whole file could be read. A file that failed to parse
    /// contributes nothing, and checks that need every file (is
    /// `api_version` set anywhere?) stay quiet rather than guess.
    #[serde(skip)]
    pub complete: bool,
    /// `api_version: v19.0`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_version: Option<Spanned<String, S>>,
    /// `nodes:`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub nodes: Vec<NodeSpec<S>>,
    /// `enums:`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub enums: Vec<EnumSpec<S>>,
}

// Not derived: that would ask for `S: Default`, which `Span` is not.
impl<S> Default for SpecFile<S> {
    fn default() -> Self {
        SpecFile {
            complete: false,
            api_version: None,
            nodes: Vec::new(),
            enums: Vec::new(),
        }
    }
}

/// A Graph node type.
#[derive(Debug, Clone, Serialize)]
#[serde(bound = "")]
pub struct NodeSpec<S = Span> {
    /// PascalCase Graph type name.
    pub name: Spanned<String, S>,
    /// What the node is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Spanned<String, S>>,
    /// Its fields, in spec order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldSpec<S>>,
    /// `read:` — GET by id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read: Option<OperationSpec<S>>,
    /// `update:` — POST to the node's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update: Option<OperationSpec<S>>,
    /// `delete:` — DELETE the node's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delete: Option<OperationSpec<S>>,
    /// `edges:` — connections such as `/{id}/campaigns`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub edges: Vec<EdgeSpec<S>>,
    /// Where the node's mapping starts.
    #[serde(skip)]
    pub span: S,
}

/// A field of a node.
#[derive(Debug, Clone, Serialize)]
#[serde(bound = "")]
pub struct FieldSpec<S = Span> {
    /// Wire name, kept exactly.
    pub name: Spanned<String, S>,
    /// Type expression, as written.
    #[serde(rename = "type")]
    pub ty: Spanned<String, S>,
    /// What the field is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Spanned<String, S>>,
}

/// An operation the Graph API allows.
#[derive(Debug, Clone, Serialize)]
#[serde(bound = "")]
pub struct OperationSpec<S = Span> {
    /// Its parameters.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<ParamSpec<S>>,
    /// What it returns, when that is not the obvious thing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub returns: Option<Spanned<String, S>>,
    /// A POST that also takes files under their own file names
    /// (`attach_files: true`; Facebook's `allow_file_upload`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub attach_files: bool,
    /// A POST sent to Graph's video host, `graph-video.facebook.com`
    /// (`video_host: true`; Facebook's `use_graph_video_endpoint`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub video_host: bool,
    /// Where the operation's key is.
    #[serde(skip)]
    pub span: S,
}

/// A parameter of an operation.
#[derive(Debug, Clone, Serialize)]
#[serde(bound = "")]
pub struct ParamSpec<S = Span> {
    /// Wire name.
    pub name: Spanned<String, S>,
    /// Type expression.
    #[serde(rename = "type")]
    pub ty: Spanned<String, S>,
    /// Whether the request fails without it (written only when true, the
    /// format's default being false).
    #[serde(skip_serializing_if = "is_false")]
    pub required: bool,
    /// What it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Spanned<String, S>>,
}

fn is_false(b: &bool) -> bool {
    !b
}

/// An edge: a connection from a node to a list of other things.
#[derive(Debug, Clone, Serialize)]
#[serde(bound = "")]
pub struct EdgeSpec<S = Span> {
    /// Path segment (`campaigns`).
    pub name: Spanned<String, S>,
    /// What the edge holds (usually a node).
    #[serde(rename = "type")]
    pub ty: Spanned<String, S>,
    /// What it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Spanned<String, S>>,
    /// `list:` — GET, paged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub list: Option<OperationSpec<S>>,
    /// `create:` — POST.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create: Option<OperationSpec<S>>,
    /// `delete:` — DELETE.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delete: Option<OperationSpec<S>>,
}

/// An enum.
#[derive(Debug, Clone, Serialize)]
#[serde(bound = "")]
pub struct EnumSpec<S = Span> {
    /// Name, any spelling.
    pub name: Spanned<String, S>,
    /// What it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Spanned<String, S>>,
    /// Values, exactly as the API spells them (always written: the format
    /// requires at least one).
    pub values: Vec<Spanned<String, S>>,
    /// Where the `values` key is.
    #[serde(skip)]
    pub values_span: S,
}

/// Converts a parsed file. Structural problems go to `diagnostics`; what
/// could be read is returned either way, so `check` can find more.
pub fn from_yaml(root: &Yaml, diagnostics: &mut Diagnostics) -> SpecFile {
    let mut file = SpecFile::default();
    let Some(mut top) = Fields::new(
        root,
        "the spec file",
        &["api_version", "nodes", "enums"],
        diagnostics,
    ) else {
        return file;
    };
    file.complete = true;
    file.api_version = top.string("api_version", diagnostics);
    if let Some(nodes) = top.list("nodes", diagnostics) {
        file.nodes = nodes.iter().filter_map(|n| node(n, diagnostics)).collect();
    }
    if let Some(enums) = top.list("enums", diagnostics) {
        file.enums = enums
            .iter()
            .filter_map(|e| enum_spec(e, diagnostics))
            .collect();
    }
    top.finish(diagnostics);
    file
}

fn node(yaml: &Yaml, d: &mut Diagnostics) -> Option<NodeSpec> {
    const KEYS: &[&str] = &[
        "name",
        "description",
        "fields",
        "read",
        "update",
        "delete",
        "edges",
    ];
    let mut m = Fields::new(yaml, "a node", KEYS, d)?;
    let name = m.required_string("name", d);
    let description = m.description(d);
    let fields = m
        .list("fields", d)
        .map(|items| items.iter().filter_map(|f| field(f, d)).collect())
        .unwrap_or_default();
    let read = m.operation("read", false, d);
    let update = m.operation("update", true, d);
    let delete = m.operation("delete", false, d);
    let edges = m
        .list("edges", d)
        .map(|items| items.iter().filter_map(|e| edge(e, d)).collect())
        .unwrap_or_default();
    m.finish(d);
    Some(NodeSpec {
        name: name?,
        description,
        fields,
        read,
        update,
        delete,
        edges,
        span: yaml.span.clone(),
    })
}

fn field(yaml: &Yaml, d: &mut Diagnostics) -> Option<FieldSpec> {
    let mut m = Fields::new(yaml, "a field", &["name", "type", "description"], d)?;
    let name = m.required_string("name", d);
    let ty = m.required_string("type", d);
    let description = m.description(d);
    m.finish(d);
    Some(FieldSpec {
        name: name?,
        ty: ty?,
        description,
    })
}

fn param(yaml: &Yaml, d: &mut Diagnostics) -> Option<ParamSpec> {
    let mut m = Fields::new(
        yaml,
        "a parameter",
        &["name", "type", "required", "description"],
        d,
    )?;
    let name = m.required_string("name", d);
    let ty = m.required_string("type", d);
    let required = m.bool("required", d).unwrap_or(false);
    let description = m.description(d);
    m.finish(d);
    Some(ParamSpec {
        name: name?,
        ty: ty?,
        required,
        description,
    })
}

fn edge(yaml: &Yaml, d: &mut Diagnostics) -> Option<EdgeSpec> {
    const KEYS: &[&str] = &["name", "type", "description", "list", "create", "delete"];
    let mut m = Fields::new(yaml, "an edge", KEYS, d)?;
    let name = m.required_string("name", d);
    let ty = m.required_string("type", d);
    let description = m.description(d);
    let list = m.operation("list", false, d);
    let create = m.operation("create", true, d);
    let delete = m.operation("delete", false, d);
    m.finish(d);
    Some(EdgeSpec {
        name: name?,
        ty: ty?,
        description,
        list,
        create,
        delete,
    })
}

fn operation(
    key: &Yaml,
    yaml: &Yaml,
    allows_returns: bool,
    d: &mut Diagnostics,
) -> Option<OperationSpec> {
    let keys: &[&str] = if allows_returns {
        &["params", "returns", "attach_files", "video_host"]
    } else {
        &["params"]
    };
    // `read:` with nothing after it is `read: null`: the same as `read: {}`.
    if yaml.scalar_kind() == Some(ScalarKind::Null) {
        return Some(OperationSpec {
            params: Vec::new(),
            returns: None,
            attach_files: false,
            video_host: false,
            span: key.span.clone(),
        });
    }
    let mut m = Fields::new(yaml, "an operation", keys, d)?;
    let params = m
        .list("params", d)
        .map(|items| items.iter().filter_map(|p| param(p, d)).collect())
        .unwrap_or_default();
    let (returns, attach_files, video_host) = if allows_returns {
        (
            m.string("returns", d),
            m.bool("attach_files", d).unwrap_or(false),
            m.bool("video_host", d).unwrap_or(false),
        )
    } else {
        (None, false, false)
    };
    m.finish(d);
    Some(OperationSpec {
        params,
        returns,
        attach_files,
        video_host,
        span: key.span.clone(),
    })
}

fn enum_spec(yaml: &Yaml, d: &mut Diagnostics) -> Option<EnumSpec> {
    let mut m = Fields::new(yaml, "an enum", &["name", "description", "values"], d)?;
    let name = m.required_string("name", d);
    let description = m.description(d);
    let values_key = m.key_span("values");
    let values = match m.list("values", d) {
        Some(items) => items.iter().filter_map(|v| enum_value(v, d)).collect(),
        None => {
            if values_key.is_none() {
                d.push(Diagnostic::error(&yaml.span, "enum is missing `values`"));
            }
            Vec::new()
        }
    };
    m.finish(d);
    Some(EnumSpec {
        name: name?,
        description,
        values,
        values_span: values_key.unwrap_or_else(|| yaml.span.clone()),
    })
}

fn enum_value(yaml: &Yaml, d: &mut Diagnostics) -> Option<Spanned<String>> {
    match (&yaml.kind, yaml.scalar_kind()) {
        (YamlKind::Scalar(text, _), Some(kind)) if kind != ScalarKind::Null => Some(Spanned {
            value: text.clone(),
            span: yaml.span.clone(),
        }),
        (_, Some(ScalarKind::Null)) => {
            d.push(
                Diagnostic::error(&yaml.span, "enum value is null")
                    .with_hint("write the empty value as \"\""),
            );
            None
        }
        _ => {
            d.push(Diagnostic::error(
                &yaml.span,
                format!("enum value must be a string, found {}", yaml.describe()),
            ));
            None
        }
    }
}

/// Reads the keys of one mapping, remembering which were used so the rest
/// can be reported as unknown.
struct Fields<'y> {
    what: &'static str,
    known: &'static [&'static str],
    entries: Vec<(&'y Yaml, &'y Yaml, bool)>,
    span: &'y Span,
}

impl<'y> Fields<'y> {
    fn new(
        yaml: &'y Yaml,
        what: &'static str,
        known: &'static [&'static str],
        d: &mut Diagnostics,
    ) -> Option<Self> {
        let YamlKind::Map(entries) = &yaml.kind else {
            d.push(Diagnostic::error(
                &yaml.span,
                format!("expected {what} (a mapping), found {}", yaml.describe()),
            ));
            return None;
        };
        let mut seen: Vec<(&str, &Span)> = Vec::new();
        let mut kept = Vec::with_capacity(entries.len());
        for (key, value) in entries {
            let YamlKind::Scalar(name, _) = &key.kind else {
                d.push(Diagnostic::error(
                    &key.span,
                    format!("keys of {what} must be plain words"),
                ));
                continue;
            };
            if let Some((_, first)) = seen.iter().find(|(n, _)| *n == name) {
                d.push(
                    Diagnostic::error(&key.span, format!("key `{name}` appears twice in {what}"))
                        .with_related(first, "first given here"),
                );
                continue;
            }
            seen.push((name, &key.span));
            kept.push((key, value, false));
        }
        Some(Fields {
            what,
            known,
            entries: kept,
            span: &yaml.span,
        })
    }

    fn key_span(&self, key: &str) -> Option<Span> {
        self.entries
            .iter()
            .find(|(k, _, _)| matches!(&k.kind, YamlKind::Scalar(n, _) if n == key))
            .map(|(k, _, _)| k.span.clone())
    }

    fn take(&mut self, key: &str) -> Option<(&'y Yaml, &'y Yaml)> {
        let entry = self
            .entries
            .iter_mut()
            .find(|(k, _, _)| matches!(&k.kind, YamlKind::Scalar(n, _) if n == key))?;
        entry.2 = true;
        Some((entry.0, entry.1))
    }

    /// A string value; `None` (after a diagnostic) when it is another kind.
    fn string(&mut self, key: &str, d: &mut Diagnostics) -> Option<Spanned<String>> {
        let (_, value) = self.take(key)?;
        match (&value.kind, value.scalar_kind()) {
            (YamlKind::Scalar(text, _), Some(ScalarKind::Str)) => Some(Spanned {
                value: text.clone(),
                span: value.span.clone(),
            }),
            _ => {
                d.push(Diagnostic::error(
                    &value.span,
                    format!("`{key}` must be a string, found {}", value.describe()),
                ));
                None
            }
        }
    }

    fn required_string(&mut self, key: &str, d: &mut Diagnostics) -> Option<Spanned<String>> {
        if self.key_span(key).is_none() {
            d.push(Diagnostic::error(
                self.span,
                format!("{} is missing `{key}`", self.what),
            ));
            return None;
        }
        self.string(key, d)
    }

    fn description(&mut self, d: &mut Diagnostics) -> Option<Spanned<String>> {
        let (_, value) = self.take("description")?;
        match (&value.kind, value.scalar_kind()) {
            (YamlKind::Scalar(text, _), Some(ScalarKind::Str)) => Some(Spanned {
                value: text.clone(),
                span: value.span.clone(),
            }),
            (_, Some(ScalarKind::Null)) => None,
            _ => {
                d.push(
                    Diagnostic::error(
                        &value.span,
                        format!("`description` must be a string, found {}", value.describe()),
                    )
                    .with_hint("quote it: description: \"...\""),
                );
                None
            }
        }
    }

    fn bool(&mut self, key: &str, d: &mut Diagnostics) -> Option<bool> {
        let (_, value) = self.take(key)?;
        match &value.kind {
            YamlKind::Scalar(text, _) if value.scalar_kind() == Some(ScalarKind::Bool) => {
                Some(text.eq_ignore_ascii_case("true"))
            }
            _ => {
                d.push(Diagnostic::error(
                    &value.span,
                    format!("`{key}` must be true or false, found {}", value.describe()),
                ));
                None
            }
        }
    }

    /// A list; a missing key or `key: null` is `None` silently.
    fn list(&mut self, key: &str, d: &mut Diagnostics) -> Option<&'y [Yaml]> {
        let (_, value) = self.take(key)?;
        match &value.kind {
            YamlKind::Seq(items) => Some(items),
            _ if value.scalar_kind() == Some(ScalarKind::Null) => None,
            _ => {
                d.push(Diagnostic::error(
                    &value.span,
                    format!("`{key}` must be a list, found {}", value.describe()),
                ));
                None
            }
        }
    }

    fn operation(
        &mut self,
        key: &str,
        allows_returns: bool,
        d: &mut Diagnostics,
    ) -> Option<OperationSpec> {
        let (k, value) = self.take(key)?;
        operation(k, value, allows_returns, d)
    }

    /// Reports every key that was not read.
    fn finish(self, d: &mut Diagnostics) {
        for (key, _, used) in &self.entries {
            if *used {
                continue;
            }
            let YamlKind::Scalar(name, _) = &key.kind else {
                continue;
            };
            d.push(
                Diagnostic::error(&key.span, format!("unknown key `{name}` in {}", self.what))
                    .with_hint_opt(
                        did_you_mean(name, self.known.iter().copied()).or_else(|| {
                            Some(format!("expected one of: {}", self.known.join(", ")))
                        }),
                    ),
            );
        }
    }
}
