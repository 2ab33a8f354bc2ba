//! Stage 2, check: every semantic error of the merged spec, reported
//! together. Builds nothing: [`crate::lower`] turns a spec that passed into
//! the IR.
//!
//! Works on all files at once (a spec directory is merged): versions must
//! agree, type names must be unique identifiers, wire names must be unique
//! in their namespace and free of control characters, every type must
//! resolve. Two different wire names that make the same Rust name are not
//! a problem: users cannot rename the Graph API, so the naming pass
//! ([`crate::ir::names`]) settles them.

use std::collections::{BTreeMap, HashMap};

use crate::diagnostic::{Diagnostic, Diagnostics, Span, did_you_mean};
use crate::ident;
use crate::ir::Type;
use crate::load::spec::{EnumSpec, NodeSpec, Spanned, SpecFile};
use crate::type_expr::{self, PRIMITIVES, TypeExpr, TypeExprKind};

/// Spellings people reach for, and the type they mean.
const SYNONYMS: &[(&str, &str)] = &[
    ("boolean", "bool"),
    ("str", "string"),
    ("String", "string"),
    ("text", "string"),
    ("integer", "int32"),
    ("i32", "int32"),
    ("u32", "unsigned int32"),
    ("i64", "int64"),
    ("u64", "unsigned int64"),
    ("long", "int64"),
    ("double", "float"),
    ("number", "float"),
    ("f64", "float"),
    ("timestamp", "datetime"),
    ("date", "datetime"),
    ("json", "Object"),
    ("any", "Object"),
    ("array", "list<T>"),
    ("Vec", "list<T>"),
    ("dict", "map<K, V>"),
    ("object_map", "map<K, V>"),
];

/// The spec files merged: one list of nodes and one of enums, each sorted
/// by name with the first definition of every name. `check` reports the
/// rest; lowering reads this.
pub(crate) struct Merged<'a> {
    /// The `api_version` all files agree on.
    pub(crate) api_version: Option<String>,
    /// Nodes, sorted by Graph name.
    pub(crate) nodes: Vec<&'a NodeSpec>,
    /// Enums, sorted by spec name.
    pub(crate) enums: Vec<&'a EnumSpec>,
}

/// Merges the files, reporting bad and disagreeing versions, duplicate
/// and empty type names to `d`.
pub(crate) fn merge<'a>(files: &'a [SpecFile], d: &mut Diagnostics) -> Merged<'a> {
    Merged {
        api_version: api_version(files, d),
        nodes: unique_by_name(files.iter().flat_map(|f| &f.nodes), |n| &n.name, "node", d),
        enums: unique_by_name(files.iter().flat_map(|f| &f.enums), |e| &e.name, "enum", d),
    }
}

/// Checks the merged spec: every problem, with positions. `Ok` carries
/// the warnings of a spec that [`crate::lower::lower`] can turn into the IR.
pub fn check(files: &[SpecFile]) -> Result<Diagnostics, Diagnostics> {
    let mut d = Diagnostics::default();
    let merged = merge(files, &mut d);
    let scope = Scope::new(&merged.nodes, &merged.enums);
    check_type_names(&merged.nodes, &merged.enums, &mut d);
    for e in &merged.enums {
        check_enum(e, &mut d);
    }
    for node in &merged.nodes {
        check_node(node, &scope, &mut d);
    }
    d.sort();
    if d.has_errors() { Err(d) } else { Ok(d) }
}

fn api_version(files: &[SpecFile], d: &mut Diagnostics) -> Option<String> {
    let mut first: Option<&Spanned<String>> = None;
    for version in files.iter().filter_map(|f| f.api_version.as_ref()) {
        if !is_version(&version.value) {
            d.push(
                Diagnostic::error(
                    &version.span,
                    format!("bad api_version `{}`", version.value),
                )
                .with_hint("write it as vN.N, like v19.0"),
            );
            continue;
        }
        match first {
            None => first = Some(version),
            Some(f) if f.value != version.value => d.push(
                Diagnostic::error(
                    &version.span,
                    format!(
                        "api_version `{}` disagrees with `{}`",
                        version.value, f.value
                    ),
                )
                .with_related(&f.span, format!("`{}` is set here", f.value)),
            ),
            Some(_) => {}
        }
    }
    if first.is_none() && !d.has_errors() && !files.is_empty() && files.iter().all(|f| f.complete) {
        d.push(
            Diagnostic::global("no spec file sets `api_version`")
                .with_hint("add `api_version: v19.0` to one of the spec files"),
        );
    }
    first.map(|v| v.value.clone())
}

fn is_version(v: &str) -> bool {
    let Some(rest) = v.strip_prefix('v') else {
        return false;
    };
    let Some((major, minor)) = rest.split_once('.') else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
    digits(major) && digits(minor)
}

/// Keeps the first definition of each name, reporting later ones with both
/// places, and reports empty names. Returns them sorted by name.
fn unique_by_name<'a, T>(
    items: impl Iterator<Item = &'a T>,
    name: impl Fn(&T) -> &Spanned<String>,
    what: &str,
    d: &mut Diagnostics,
) -> Vec<&'a T> {
    let mut by_name: BTreeMap<&str, &'a T> = BTreeMap::new();
    for item in items {
        let n = name(item);
        if n.value.trim().is_empty() {
            d.push(Diagnostic::error(&n.span, format!("{what} name is empty")));
            continue;
        }
        match by_name.get(n.value.as_str()) {
            Some(first) => d.push(
                Diagnostic::error(&n.span, format!("duplicate {what} `{}`", n.value))
                    .with_related(&name(first).span, "first defined here"),
            ),
            None => {
                by_name.insert(&n.value, item);
            }
        }
    }
    by_name.into_values().collect()
}

/// Type names are the spec author's: node names must be identifiers, and
/// node and enum names need a letter or digit to make a Rust name from.
/// (Two that make the same Rust name are the naming pass's to settle.)
fn check_type_names(nodes: &[&NodeSpec], enums: &[&EnumSpec], d: &mut Diagnostics) {
    for node in nodes {
        let name = &node.name;
        if has_control(name, "node", d) {
            continue;
        }
        if !ident::is_identifier(&name.value) {
            d.push(
                Diagnostic::error(
                    &name.span,
                    format!("node name `{}` is not an identifier", name.value),
                )
                .with_hint("node names are PascalCase Graph type names, like VoipInfo"),
            );
        } else if ident::type_name(&name.value).is_none() {
            d.push(
                Diagnostic::error(
                    &name.span,
                    format!(
                        "node name `{}` has no letter or digit to make a Rust name from",
                        name.value
                    ),
                )
                .with_hint("node names are PascalCase Graph type names, like VoipInfo"),
            );
        }
    }
    for e in enums {
        if has_control(&e.name, "enum", d) {
            continue;
        }
        if ident::type_name(&e.name.value).is_none() {
            d.push(Diagnostic::error(
                &e.name.span,
                format!(
                    "enum name `{}` has no letter or digit to make a Rust name from",
                    e.name.value
                ),
            ));
        }
    }
}

/// What type names resolve to: the one type vocabulary ([`PRIMITIVES`])
/// plus the spec's nodes and enums.
pub(crate) struct Scope {
    names: HashMap<String, Type>,
}

impl Scope {
    pub(crate) fn new(nodes: &[&NodeSpec], enums: &[&EnumSpec]) -> Self {
        let mut names: HashMap<String, Type> = PRIMITIVES
            .iter()
            .map(|(n, t)| ((*n).to_owned(), t.clone()))
            .collect();
        for (i, e) in enums.iter().enumerate() {
            names.insert(e.name.value.clone(), Type::Enum(i));
        }
        // Nodes win over enums of the same spelling; a clash is already reported.
        for (i, n) in nodes.iter().enumerate() {
            names.insert(n.name.value.clone(), Type::Node(i));
        }
        Scope { names }
    }

    /// Resolves a written type, reporting syntax errors and unknown names.
    pub(crate) fn resolve(&self, written: &Spanned<String>, d: &mut Diagnostics) -> Option<Type> {
        match type_expr::parse(&written.value) {
            Ok(expr) => self.lower(&expr, written, d),
            Err(e) => {
                d.push(Diagnostic::error(
                    &inside(written, e.offset, e.len),
                    format!("malformed type `{}`: {}", written.value, e.message),
                ));
                None
            }
        }
    }

    fn lower(
        &self,
        expr: &TypeExpr,
        written: &Spanned<String>,
        d: &mut Diagnostics,
    ) -> Option<Type> {
        match &expr.kind {
            TypeExprKind::Name(name) => match self.names.get(name) {
                Some(ty) => Some(ty.clone()),
                None => {
                    let hint = SYNONYMS
                        .iter()
                        .find(|(synonym, _)| synonym == name)
                        .map(|(_, meant)| format!("write `{meant}`"))
                        .or_else(|| {
                            let mut known: Vec<&str> =
                                self.names.keys().map(String::as_str).collect();
                            known.sort_unstable();
                            did_you_mean(name, known)
                        });
                    d.push(
                        Diagnostic::error(
                            &inside(written, expr.offset, expr.len),
                            format!("unknown type `{name}`"),
                        )
                        .with_hint_opt(hint),
                    );
                    None
                }
            },
            TypeExprKind::List(None) => Some(Type::List(Box::new(Type::Object))),
            TypeExprKind::Map(None) => {
                Some(Type::Map(Box::new(Type::String), Box::new(Type::Object)))
            }
            TypeExprKind::List(Some(item)) => {
                Some(Type::List(Box::new(self.lower(item, written, d)?)))
            }
            TypeExprKind::Map(Some((key, value))) => {
                let key_ty = self.lower(key, written, d);
                let value_ty = self.lower(value, written, d);
                let key_ty = key_ty?;
                if !type_expr::is_map_key(&key_ty) {
                    d.push(
                        Diagnostic::error(&inside(written, key.offset, key.len), "unsupported map key type")
                            .with_hint("map keys are JSON object keys: string, an integer type, datetime or an enum"),
                    );
                    return None;
                }
                Some(Type::Map(Box::new(key_ty), Box::new(value_ty?)))
            }
        }
    }
}

/// The span of `len` characters at `offset` in a written type. Offsets count
/// characters of the scalar's text, and a quoted scalar starts one later.
/// Only diagnostics call this: finding the line scans the file from its
/// start, which for every type of a large file was quadratic.
fn inside(written: &Spanned<String>, offset: usize, len: usize) -> Span {
    let quote = usize::from(written.span.line_text().is_some_and(|l| {
        l.chars()
            .nth(written.span.column - 1)
            .is_some_and(|c| c == '"' || c == '\'')
    }));
    written.span.shifted(quote + offset, len)
}

fn check_enum(e: &EnumSpec, d: &mut Diagnostics) {
    if e.values.is_empty() {
        d.push(Diagnostic::error(
            &e.values_span,
            format!("enum `{}` has no values", e.name.value),
        ));
    }
    let mut seen = Wires::default();
    for value in &e.values {
        if has_control(value, "enum value", d) {
            continue;
        }
        seen.first(
            value,
            || {
                format!(
                    "duplicate value `{}` in enum `{}`",
                    value.value, e.name.value
                )
            },
            "first listed here",
            d,
        );
    }
}

/// Reports `name` if it has a control character (a line break, a tab…):
/// a name is one line of printable text, and it goes into the generated
/// code and its doc comments. `what` says whose name it is.
fn has_control(name: &Spanned<String>, what: &str, d: &mut Diagnostics) -> bool {
    let Some(message) = control_character(&name.value, what) else {
        return false;
    };
    d.push(Diagnostic::error(&name.span, message).with_hint(CONTROL_HINT));
    true
}

/// The hint for a name with a control character.
pub(crate) const CONTROL_HINT: &str = "names are one line of printable text";

/// The message for `name` (a `what` name) if it has a control character:
/// the name escaped, so the message itself is one line.
pub(crate) fn control_character(name: &str, what: &str) -> Option<String> {
    let c = name.chars().find(|c| c.is_control())?;
    Some(format!(
        "{what} name \"{}\" has a control character (U+{:04X})",
        name.escape_debug(),
        u32::from(c)
    ))
}

/// Wire names seen in one namespace, to report the same one twice.
#[derive(Default)]
struct Wires<'a> {
    seen: HashMap<&'a str, &'a Spanned<String>>,
}

impl<'a> Wires<'a> {
    /// Whether `wire` is the first of its name; if not, reports it with
    /// `message` and the first one's position.
    fn first(
        &mut self,
        wire: &'a Spanned<String>,
        message: impl FnOnce() -> String,
        first_note: &str,
        d: &mut Diagnostics,
    ) -> bool {
        match self.seen.get(wire.value.as_str()) {
            Some(first) => {
                d.push(
                    Diagnostic::error(&wire.span, message()).with_related(&first.span, first_note),
                );
                false
            }
            None => {
                self.seen.insert(&wire.value, wire);
                true
            }
        }
    }
}

/// Checks one namespace of members (a node's fields or edges, an
/// operation's parameters): every type resolves, no name is empty, no wire
/// name comes twice (`duplicate` words the message for one that does).
fn check_members<'a, T>(
    members: &'a [T],
    parts: impl Fn(&'a T) -> (&'a Spanned<String>, &'a Spanned<String>),
    what: &str,
    duplicate: impl Fn(&str) -> String,
    uploads: bool,
    scope: &Scope,
    d: &mut Diagnostics,
) {
    let mut seen = Wires::default();
    for member in members {
        let (name, ty) = parts(member);
        if let Some(mut resolved) = scope.resolve(ty, d) {
            let mut files = 0;
            resolved.walk_mut(&mut |t| files += usize::from(*t == Type::File));
            if files > 0 && !(uploads && resolved == Type::File) {
                d.push(Diagnostic::error(
                    &ty.span,
                    format!(
                        "{what} `{}` cannot be of type `{}`: `file` is an upload, the whole type of a \
                         parameter of a create or update (a POST)",
                        name.value, ty.value
                    ),
                ));
            }
        }
        if name.value.is_empty() {
            d.push(Diagnostic::error(
                &name.span,
                format!("{what} name is empty"),
            ));
        } else if !has_control(name, what, d) {
            seen.first(name, || duplicate(&name.value), "first defined here", d);
        }
    }
}

fn check_node(node: &NodeSpec, scope: &Scope, d: &mut Diagnostics) {
    let in_node = |what: &'static str| {
        move |name: &str| format!("duplicate {what} `{name}` in node `{}`", node.name.value)
    };
    check_members(
        &node.fields,
        |f| (&f.name, &f.ty),
        "field",
        in_node("field"),
        false,
        scope,
        d,
    );
    check_members(
        &node.edges,
        |e| (&e.name, &e.ty),
        "edge",
        in_node("edge"),
        false,
        scope,
        d,
    );
    // Each operation, and whether it is a POST (which alone uploads).
    let edge_ops = node
        .edges
        .iter()
        .flat_map(|e| [(&e.list, false), (&e.create, true), (&e.delete, false)]);
    let ops = [
        (&node.read, false),
        (&node.update, true),
        (&node.delete, false),
    ]
    .into_iter()
    .chain(edge_ops)
    .filter_map(|(op, post)| Some((op.as_ref()?, post)));
    for (op, post) in ops {
        let duplicate = |name: &str| format!("duplicate parameter `{name}`");
        check_members(
            &op.params,
            |p| (&p.name, &p.ty),
            "parameter",
            duplicate,
            post,
            scope,
            d,
        );
        if let Some(returns) = &op.returns {
            scope.resolve(returns, d);
        }
    }
}
