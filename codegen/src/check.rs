//! Stage 2, check: every semantic error of the merged spec, then the IR.
//!
//! Works on all files at once (a spec directory is merged): versions must
//! agree, names must be unique and make distinct Rust names, every type must
//! resolve. All problems are reported together; the IR is built only when
//! there are none.

use std::collections::{BTreeMap, HashMap};

use crate::diagnostic::{Diagnostic, Diagnostics, Span, did_you_mean};
use crate::ident;
use crate::ir::{self, Api, Type};
use crate::load::spec::{EdgeSpec, EnumSpec, NodeSpec, OperationSpec, Spanned, SpecFile};
use crate::type_expr::{self, TypeExpr, TypeExprKind};

/// Primitive type spellings and what they mean. `int` and `unsigned int`
/// are Facebook's spellings of the 32-bit types.
const PRIMITIVES: &[(&str, Type)] = &[
    ("bool", Type::Bool),
    ("string", Type::String),
    ("int32", Type::Int32),
    ("int", Type::Int32),
    ("unsigned int32", Type::UInt32),
    ("unsigned int", Type::UInt32),
    ("int64", Type::Int64),
    ("unsigned int64", Type::UInt64),
    ("float", Type::Float),
    ("datetime", Type::DateTime),
    ("Object", Type::Object),
    ("object", Type::Object),
    ("file", Type::File),
];

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

/// Handle methods that fields and edges may not take.
const RESERVED_METHODS: &[&str] = &[
    "fields",
    "field",
    "get",
    "read",
    "update",
    "delete",
    "id",
    "selection",
];

/// Checks the merged spec and builds the IR, or reports every problem.
/// Warnings are returned alongside a successful result.
pub fn check(files: &[SpecFile]) -> Result<(Api, Diagnostics), Diagnostics> {
    let mut d = Diagnostics::default();
    let api_version = api_version(files, &mut d);

    let nodes = unique_by_name(
        files.iter().flat_map(|f| &f.nodes),
        |n| &n.name,
        "node",
        &mut d,
    );
    let enums = unique_by_name(
        files.iter().flat_map(|f| &f.enums),
        |e| &e.name,
        "enum",
        &mut d,
    );
    let scope = Scope::new(&nodes, &enums);

    check_type_names(&nodes, &enums, &mut d);
    let ir_enums: Vec<ir::Enum> = enums.iter().map(|e| lower_enum(e, &mut d)).collect();
    let ir_nodes: Vec<ir::Node> = nodes
        .iter()
        .map(|n| lower_node(n, &scope, &mut d))
        .collect();

    d.sort();
    if d.has_errors() {
        return Err(d);
    }
    let mut api = Api {
        api_version: api_version.unwrap_or_default(),
        nodes: ir_nodes,
        enums: ir_enums,
    };
    ir::finish(&mut api);
    Ok((api, d))
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

/// Type names at the crate root must be distinct: models, field enums,
/// handles and enums all live there.
fn check_type_names(nodes: &[&NodeSpec], enums: &[&EnumSpec], d: &mut Diagnostics) {
    let mut taken: HashMap<String, (Span, String)> = HashMap::new();
    let mut claim = |rust: String, owner: &Spanned<String>, what: String, d: &mut Diagnostics| {
        if ident::ROOT_TYPE_NAMES.contains(&rust.as_str()) {
            d.push(Diagnostic::error(
                &owner.span,
                format!("{what} would become `{rust}`, a name the generated crate uses itself"),
            ));
            return;
        }
        match taken.get(&rust) {
            Some((other_span, other_what)) => d.push(
                Diagnostic::error(
                    &owner.span,
                    format!("{what} and {other_what} both become `{rust}` in Rust"),
                )
                .with_related(other_span, format!("{other_what} is here")),
            ),
            None => {
                taken.insert(rust, (owner.span.clone(), what));
            }
        }
    };
    for node in nodes {
        let name = &node.name;
        if !ident::is_identifier(&name.value) {
            d.push(
                Diagnostic::error(
                    &name.span,
                    format!("node name `{}` is not an identifier", name.value),
                )
                .with_hint("node names are PascalCase Graph type names, like VoipInfo"),
            );
            continue;
        }
        let Some(rust) = ident::type_name(&name.value) else {
            continue;
        };
        claim(rust.clone(), name, format!("node `{}`", name.value), d);
        claim(
            format!("{rust}Field"),
            name,
            format!("the field enum of node `{}`", name.value),
            d,
        );
        if has_handle(node) {
            claim(
                format!("{rust}Ref"),
                name,
                format!("the handle of node `{}`", name.value),
                d,
            );
        }
        for (op, spec, edge) in operations(node) {
            if !spec.params.is_empty() {
                let what = match edge {
                    Some(e) => format!(
                        "the {op:?} parameters of edge `{}` of node `{}`",
                        e.value, name.value
                    ),
                    None => format!("the {op:?} parameters of node `{}`", name.value),
                };
                let edge_wire = edge.map_or("", |e| e.value.as_str());
                claim(ident::params_type(&rust, op, edge_wire), name, what, d);
            }
        }
    }
    for e in enums {
        match ident::type_name(&e.name.value) {
            Some(rust) => claim(rust, &e.name, format!("enum `{}`", e.name.value), d),
            None => d.push(Diagnostic::error(
                &e.name.span,
                format!(
                    "enum name `{}` has no letter or digit to make a Rust name from",
                    e.name.value
                ),
            )),
        }
    }
}

/// Whether the node gets a client handle: the spec allows something on it by id.
fn has_handle(node: &NodeSpec) -> bool {
    !operations(node).is_empty()
}

/// Every operation a node allows, with the edge it belongs to.
fn operations(node: &NodeSpec) -> Vec<(ident::Op, &OperationSpec, Option<&Spanned<String>>)> {
    let mut ops = Vec::new();
    for (op, spec) in [
        (ident::Op::Read, &node.read),
        (ident::Op::Update, &node.update),
        (ident::Op::Delete, &node.delete),
    ] {
        if let Some(spec) = spec {
            ops.push((op, spec, None));
        }
    }
    for edge in &node.edges {
        for (op, spec) in [
            (ident::Op::List, &edge.list),
            (ident::Op::Create, &edge.create),
            (ident::Op::DeleteOnEdge, &edge.delete),
        ] {
            if let Some(spec) = spec {
                ops.push((op, spec, Some(&edge.name)));
            }
        }
    }
    ops
}

/// What type names resolve to.
struct Scope {
    names: HashMap<String, Type>,
}

impl Scope {
    fn new(nodes: &[&NodeSpec], enums: &[&EnumSpec]) -> Self {
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
    fn resolve(&self, written: &Spanned<String>, d: &mut Diagnostics) -> Option<Type> {
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
                if !matches!(
                    key_ty,
                    Type::String
                        | Type::Int32
                        | Type::UInt32
                        | Type::Int64
                        | Type::UInt64
                        | Type::DateTime
                        | Type::Enum(_)
                ) {
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

fn lower_enum(e: &EnumSpec, d: &mut Diagnostics) -> ir::Enum {
    if e.values.is_empty() {
        d.push(Diagnostic::error(
            &e.values_span,
            format!("enum `{}` has no values", e.name.value),
        ));
    }
    let mut values: Vec<ir::EnumValue> = Vec::new();
    let mut seen: HashMap<&str, &Spanned<String>> = HashMap::new();
    let mut variants: HashMap<String, &Spanned<String>> = HashMap::new();
    for value in &e.values {
        if let Some(first) = seen.get(value.value.as_str()) {
            d.push(
                Diagnostic::error(
                    &value.span,
                    format!(
                        "duplicate value `{}` in enum `{}`",
                        value.value, e.name.value
                    ),
                )
                .with_related(&first.span, "first listed here"),
            );
            continue;
        }
        seen.insert(&value.value, value);
        let variant = ident::enum_variant(&value.value);
        if let Some(first) = variants.get(&variant) {
            d.push(
                Diagnostic::error(
                    &value.span,
                    format!(
                        "enum values `{}` and `{}` both become `{variant}` in Rust",
                        first.value, value.value
                    ),
                )
                .with_related(&first.span, format!("`{}` is here", first.value)),
            );
            continue;
        }
        variants.insert(variant.clone(), value);
        values.push(ir::EnumValue {
            wire: value.value.clone(),
            variant,
        });
    }
    ir::Enum {
        name: e.name.value.clone(),
        rust: ident::type_name(&e.name.value).unwrap_or_default(),
        description: e.description.as_ref().map(|s| s.value.clone()),
        values,
    }
}

/// Detects two wire names that make one Rust name, within one namespace.
#[derive(Default)]
struct Names<'a> {
    taken: HashMap<String, &'a Spanned<String>>,
}

impl<'a> Names<'a> {
    /// Claims `rust` for `wire`; `false` (after a diagnostic) when another wire name has it.
    fn claim(
        &mut self,
        rust: &str,
        wire: &'a Spanned<String>,
        what: &str,
        d: &mut Diagnostics,
    ) -> bool {
        match self.taken.get(rust) {
            Some(first) => {
                d.push(
                    Diagnostic::error(
                        &wire.span,
                        format!(
                            "{what}s `{}` and `{}` both become `{rust}` in Rust",
                            first.value, wire.value
                        ),
                    )
                    .with_related(&first.span, format!("`{}` is here", first.value)),
                );
                false
            }
            None => {
                self.taken.insert(rust.to_owned(), wire);
                true
            }
        }
    }
}

fn lower_node(node: &NodeSpec, scope: &Scope, d: &mut Diagnostics) -> ir::Node {
    let rust = ident::type_name(&node.name.value).unwrap_or_default();
    let mut fields = Vec::new();
    let mut wires: HashMap<&str, &Spanned<String>> = HashMap::new();
    let mut rust_names = Names::default();
    let mut variants = Names::default();
    let mut methods = Names::default();
    for field in &node.fields {
        let name = &field.name;
        let ty = scope.resolve(&field.ty, d);
        if name.value.is_empty() {
            d.push(Diagnostic::error(&name.span, "field name is empty"));
            continue;
        }
        if let Some(first) = wires.get(name.value.as_str()) {
            d.push(
                Diagnostic::error(
                    &name.span,
                    format!(
                        "duplicate field `{}` in node `{}`",
                        name.value, node.name.value
                    ),
                )
                .with_related(&first.span, "first defined here"),
            );
            continue;
        }
        wires.insert(&name.value, name);
        let (Some(rust_name), Some(variant)) =
            (ident::field(&name.value), ident::field_variant(&name.value))
        else {
            d.push(Diagnostic::error(
                &name.span,
                format!(
                    "field name `{}` has no letter or digit to make a Rust name from",
                    name.value
                ),
            ));
            continue;
        };
        let distinct = rust_names.claim(&rust_name, name, "field", d)
            && variants.claim(&variant, name, "field", d);
        let Some(ty) = ty else { continue };
        if ty.direct_node().is_some() && node.read.is_some() {
            claim_method(&mut methods, &rust_name, name, "field", d);
        }
        if distinct {
            fields.push(ir::Field {
                wire: name.value.clone(),
                rust: rust_name,
                variant,
                ty,
                boxed: false,
                description: field.description.as_ref().map(|s| s.value.clone()),
            });
        }
    }
    let rust_for_ops = rust.clone();
    let edges = node
        .edges
        .iter()
        .filter_map(|e| lower_edge(&rust_for_ops, e, scope, &mut methods, d))
        .collect();
    ir::Node {
        name: node.name.value.clone(),
        module: ident::module(&node.name.value).unwrap_or_default(),
        field_enum: format!("{rust}Field"),
        handle: has_handle(node).then(|| format!("{rust}Ref")),
        accessor: ident::field(&node.name.value).unwrap_or_default(),
        rust,
        description: node.description.as_ref().map(|s| s.value.clone()),
        fields,
        read: lower_op(
            &rust_for_ops,
            ident::Op::Read,
            None,
            Type::Object,
            node.read.as_ref(),
            scope,
            d,
        ),
        update: lower_op(
            &rust_for_ops,
            ident::Op::Update,
            None,
            Type::Object,
            node.update.as_ref(),
            scope,
            d,
        ),
        delete: lower_op(
            &rust_for_ops,
            ident::Op::Delete,
            None,
            Type::Object,
            node.delete.as_ref(),
            scope,
            d,
        ),
        edges,
    }
}

fn claim_method<'a>(
    methods: &mut Names<'a>,
    rust: &str,
    wire: &'a Spanned<String>,
    what: &str,
    d: &mut Diagnostics,
) {
    let plain = rust.trim_start_matches("r#");
    if RESERVED_METHODS.contains(&plain) {
        d.push(Diagnostic::error(
            &wire.span,
            format!(
                "{what} `{}` would give the handle a method `{plain}`, which it has already",
                wire.value
            ),
        ));
        return;
    }
    methods.claim(rust, wire, "field or edge", d);
}

fn lower_edge<'a>(
    node_rust: &str,
    edge: &'a EdgeSpec,
    scope: &Scope,
    methods: &mut Names<'a>,
    d: &mut Diagnostics,
) -> Option<ir::Edge> {
    let ty = scope.resolve(&edge.ty, d);
    let Some(rust) = ident::field(&edge.name.value) else {
        d.push(Diagnostic::error(
            &edge.name.span,
            "edge name has no letter or digit to make a Rust name from",
        ));
        return None;
    };
    let wire = edge.name.value.as_str();
    for (op, spec) in [
        (ident::Op::List, &edge.list),
        (ident::Op::Create, &edge.create),
        (ident::Op::DeleteOnEdge, &edge.delete),
    ] {
        if spec.is_some() {
            claim_method(methods, &ident::op_method(op, &rust), &edge.name, "edge", d);
        }
    }
    let on_edge = Some((rust.as_str(), wire));
    let list = lower_op(
        node_rust,
        ident::Op::List,
        on_edge,
        Type::Object,
        edge.list.as_ref(),
        scope,
        d,
    );
    let create = lower_op(
        node_rust,
        ident::Op::Create,
        on_edge,
        ty.clone().unwrap_or(Type::Object),
        edge.create.as_ref(),
        scope,
        d,
    );
    let delete = lower_op(
        node_rust,
        ident::Op::DeleteOnEdge,
        on_edge,
        Type::Object,
        edge.delete.as_ref(),
        scope,
        d,
    );
    Some(ir::Edge {
        wire: edge.name.value.clone(),
        rust,
        ty: ty?,
        description: edge.description.as_ref().map(|s| s.value.clone()),
        list,
        create,
        delete,
    })
}

/// Lowers an operation the spec may or may not list. `edge` is the edge's
/// Rust and wire names, for operations on an edge.
fn lower_op(
    node_rust: &str,
    op: ident::Op,
    edge: Option<(&str, &str)>,
    default_returns: Type,
    spec: Option<&OperationSpec>,
    scope: &Scope,
    d: &mut Diagnostics,
) -> Option<ir::Operation> {
    let spec = spec?;
    let (edge_rust, edge_wire) = edge.unwrap_or(("", ""));
    let mut lowered = lower_operation(spec, default_returns, scope, d)?;
    lowered.method = ident::op_method(op, edge_rust);
    lowered.params_type =
        (!lowered.params.is_empty()).then(|| ident::params_type(node_rust, op, edge_wire));
    Some(lowered)
}

fn lower_operation(
    op: &OperationSpec,
    default_returns: Type,
    scope: &Scope,
    d: &mut Diagnostics,
) -> Option<ir::Operation> {
    let mut params = Vec::new();
    let mut wires: HashMap<&str, &Spanned<String>> = HashMap::new();
    let mut names = Names::default();
    let mut ok = true;
    for param in &op.params {
        let ty = scope.resolve(&param.ty, d);
        if let Some(first) = wires.get(param.name.value.as_str()) {
            d.push(
                Diagnostic::error(
                    &param.name.span,
                    format!("duplicate parameter `{}`", param.name.value),
                )
                .with_related(&first.span, "first defined here"),
            );
            ok = false;
            continue;
        }
        wires.insert(&param.name.value, &param.name);
        let Some(rust) = ident::field(&param.name.value) else {
            d.push(Diagnostic::error(
                &param.name.span,
                format!(
                    "parameter name `{}` has no letter or digit to make a Rust name from",
                    param.name.value
                ),
            ));
            ok = false;
            continue;
        };
        ok &= names.claim(&rust, &param.name, "parameter", d);
        let Some(ty) = ty else {
            ok = false;
            continue;
        };
        params.push(ir::Param {
            wire: param.name.value.clone(),
            rust,
            ty,
            required: param.required,
            description: param.description.as_ref().map(|s| s.value.clone()),
        });
    }
    let returns = match &op.returns {
        Some(r) => scope.resolve(r, d)?,
        None => default_returns,
    };
    ok.then_some(ir::Operation {
        method: String::new(),
        params_type: None,
        params,
        returns,
    })
}
