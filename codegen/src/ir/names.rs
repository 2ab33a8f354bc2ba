//! The naming pass: every Rust name of the generated crate, settled in one
//! place, over every namespace the crate has.
//!
//! [`crate::ident`] turns one wire name into an idiomatic Rust name. Here
//! those names meet: each namespace (crate-root types, node modules, client
//! methods, each handle's methods, each model's fields and field-enum
//! variants, each parameters struct, each enum's variants) is claimed in a
//! fixed order, against the names the templates define themselves, which
//! the emitter modules that write those templates export
//! ([`emit::RESERVED`](crate::emit::RESERVED)). Wire names are the API's and
//! users cannot rename them, so a legal wire name never fails; a collision
//! is settled deterministically:
//!
//! - a name the generated code defines itself gets a suffix: `Node` for a
//!   node type (`Client` → `ClientNode`), `Enum` for an enum, `Value` for an
//!   enum value (`Other` → `OtherValue`), `_` for a method (`new` → `new_`);
//! - a name an earlier item took (in spec order; nodes and enums in name
//!   order) gets the first free number: `account_id_2`, `AccountId2`.
//!
//! The rule is spelled out for spec authors in `spec/README.md`.

use std::collections::HashSet;

use crate::emit::RESERVED;
use crate::ident::{self, Name};
use crate::ir::{Api, OpKind};

/// The names taken in one namespace.
struct Namespace {
    taken: HashSet<String>,
    reserved: &'static [&'static [&'static str]],
}

impl Namespace {
    fn new(reserved: &'static [&'static [&'static str]]) -> Self {
        Namespace {
            taken: HashSet::new(),
            reserved,
        }
    }

    fn is_reserved(&self, name: &Name) -> bool {
        self.reserved
            .iter()
            .any(|list| list.contains(&name.as_str()))
    }

    fn is_free(&self, name: &Name) -> bool {
        !self.taken.contains(name.as_str()) && !self.is_reserved(name)
    }

    /// Claims `wanted`, or, if the templates define it, `wanted` +
    /// `on_reserved`; if that is taken, the first free `…{sep}2`, `…{sep}3`.
    fn claim(&mut self, wanted: Name, on_reserved: &str, sep: &str) -> Name {
        let base = if self.is_reserved(&wanted) {
            wanted.suffixed(on_reserved)
        } else {
            wanted
        };
        let mut name = base.clone();
        let mut n = 2;
        while !self.is_free(&name) {
            // `new_` + 2 is `new_2`, not `new__2` (which is not snake case).
            let sep = if base.as_str().ends_with('_') {
                ""
            } else {
                sep
            };
            name = base.suffixed(&format!("{sep}{n}"));
            n += 1;
        }
        self.taken.insert(name.as_str().to_owned());
        name
    }

    /// A type name: `Node`/`Enum`/… on a reserved name, numbers without separator.
    fn claim_type(&mut self, wanted: Name, on_reserved: &str) -> Name {
        self.claim(wanted, on_reserved, "")
    }

    /// A field, parameter or method: `_` on a reserved name, `_2`, `_3` after.
    fn claim_snake(&mut self, wanted: Name) -> Name {
        self.claim(wanted, "_", "_")
    }
}

/// Names everything in `api`. Lowering builds the IR with wire names only
/// and calls this last, so no IR outside this module is ever unnamed.
pub fn assign(api: &mut Api) {
    let mut root = Namespace::new(RESERVED.root_types);
    for node in &mut api.nodes {
        let wanted = ident::type_name(&node.name).unwrap_or_else(|| Name::new("Node"));
        node.rust = root.claim_type(wanted, "Node");
    }
    let spec_name = |name: &str| ident::type_name(name).unwrap_or_else(|| Name::new("Enum"));
    // A shared enum takes the name its spec enums agree on only if nothing
    // has it and no enum or alias wants it by its spec name; it never gets
    // a number for it.
    let by_spec: HashSet<Name> = api
        .enums
        .iter()
        .flat_map(|e| std::iter::once(&e.name).chain(e.aliases.iter().map(|a| &a.name)))
        .map(|n| spec_name(n))
        .collect();
    for e in &mut api.enums {
        let wanted = match e.shared.as_deref().and_then(ident::type_name) {
            Some(shared) if root.is_free(&shared) && !by_spec.contains(&shared) => shared,
            _ => spec_name(&e.name),
        };
        e.rust = root.claim_type(wanted, "Enum");
        let mut variants = Namespace::new(RESERVED.enum_variants);
        for value in &mut e.values {
            value.variant = variants.claim_type(ident::enum_variant(&value.wire), "Value");
        }
    }
    // Aliases after every enum's own name, so that none takes one.
    for alias in api.enums.iter_mut().flat_map(|e| &mut e.aliases) {
        alias.rust = root.claim_type(spec_name(&alias.name), "Enum");
    }
    let mut modules = Namespace::new(&[]);
    let mut client = Namespace::new(RESERVED.client_methods);
    for node in &mut api.nodes {
        let module = ident::module(&node.name).unwrap_or_else(|| "node".to_owned());
        node.module = modules.claim_snake(Name::new(&module));
        node.field_enum = root.claim_type(node.rust.suffixed("Field"), "");
        if let Some(handle) = &mut node.handle {
            handle.name = root.claim_type(node.rust.suffixed("Ref"), "");
            handle.accessor = client.claim_snake(ident::field(&node.name));
        }
        let rust = node.rust.clone();
        for op in [&mut node.read, &mut node.update, &mut node.delete]
            .into_iter()
            .flatten()
        {
            op.method = op_method(op.kind, &Name::new("node"));
            if !op.params.is_empty() || op.attached_files.is_some() {
                op.params_type = Some(root.claim_type(params_type(&rust, op.kind, ""), ""));
            }
        }
        for edge in &mut node.edges {
            for op in [&mut edge.list, &mut edge.create, &mut edge.delete]
                .into_iter()
                .flatten()
            {
                if !op.params.is_empty() || op.attached_files.is_some() {
                    let wanted = params_type(&rust, op.kind, &edge.wire);
                    op.params_type = Some(root.claim_type(wanted, ""));
                }
            }
        }

        let mut fields = Namespace::new(RESERVED.model_fields);
        let mut variants = Namespace::new(&[]);
        for field in &mut node.fields {
            field.rust = fields.claim_snake(ident::field(&field.wire));
            field.rename = (field.rust.as_str() != field.wire).then(|| field.wire.clone());
            field.variant = variants.claim_type(ident::field_variant(&field.wire), "Field");
        }
        // Constants share the field enum's value namespace with its variants.
        let mut constants = Namespace::new(RESERVED.field_constants);
        for field in &node.fields {
            constants.taken.insert(field.variant.as_str().to_owned());
        }
        for field in &mut node.fields {
            if let Some(nested) = &mut field.nested {
                let wanted = Name::new(&field.rust.as_str().to_ascii_uppercase());
                nested.constant = constants.claim_snake(wanted);
            }
        }
        let mut methods = Namespace::new(RESERVED.handle_methods);
        for field in &mut node.fields {
            if let Some(expansion) = &mut field.expansion {
                expansion.method = methods.claim_snake(field.rust.clone());
            }
        }
        for edge in &mut node.edges {
            let base = ident::field(&edge.wire);
            for op in [&mut edge.list, &mut edge.create, &mut edge.delete]
                .into_iter()
                .flatten()
            {
                op.method = methods.claim_snake(op_method(op.kind, &base));
                if let Some(upload) = &mut op.resumable_upload {
                    *upload = methods.claim_snake(Name::new(&format!("upload_{base}")));
                }
            }
        }
        for op in node.operations_mut() {
            let mut params = Namespace::new(&[]);
            for param in &mut op.params {
                param.rust = params.claim_snake(ident::field(&param.wire));
                param.rename = (param.rust.as_str() != param.wire).then(|| param.wire.clone());
            }
            if let Some(attached) = &mut op.attached_files {
                *attached = params.claim_snake(Name::new("attached_files"));
            }
        }
    }
}

/// The handle method for an operation: `read`, `update`, `delete` on the
/// node (the templates' own names); on an edge `campaigns`,
/// `create_campaigns`, `delete_campaigns`, from the edge's name `edge`.
fn op_method(kind: OpKind, edge: &Name) -> Name {
    match kind {
        OpKind::Read => Name::new("read"),
        OpKind::Update => Name::new("update"),
        OpKind::Delete => Name::new("delete"),
        OpKind::List => edge.clone(),
        OpKind::Create => edge.prefixed("create_"),
        OpKind::DeleteOnEdge => edge.prefixed("delete_"),
    }
}

/// The parameters struct of an operation: `PageReadParams`,
/// `AdAccountCampaignsParams` (list), `AdAccountCreateCampaignsParams`.
/// `node` is the node's Rust type name, `edge` the edge's wire name.
fn params_type(node: &Name, kind: OpKind, edge: &str) -> Name {
    let node = node.as_str();
    let edge = ident::pascal(edge);
    Name::new(&match kind {
        OpKind::Read => format!("{node}ReadParams"),
        OpKind::Update => format!("{node}UpdateParams"),
        OpKind::Delete => format!("{node}DeleteParams"),
        OpKind::List => format!("{node}{edge}Params"),
        OpKind::Create => format!("{node}Create{edge}Params"),
        OpKind::DeleteOnEdge => format!("{node}Delete{edge}Params"),
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::ir::{Edge, Enum, Expansion, Field, Handle, Node, Operation, Param, Type};

    pub(crate) fn field(wire: &str, ty: Type) -> Field {
        let ty_nested = ty.nested().map(|(target, edge)| crate::ir::Nested {
            constant: Name::default(),
            target,
            edge,
        });
        Field {
            wire: wire.into(),
            rust: Name::default(),
            rename: None,
            variant: Name::default(),
            ty,
            boxed: false,
            nested: ty_nested,
            expansion: None,
            description: None,
            deprecated: None,
        }
    }

    pub(crate) fn node(name: &str) -> Node {
        Node {
            name: name.into(),
            rust: Name::default(),
            module: Name::default(),
            field_enum: Name::default(),
            handle: None,
            description: None,
            fields: vec![],
            read: None,
            update: None,
            delete: None,
            edges: vec![],
            deprecated: None,
        }
    }

    fn op(kind: OpKind, params: &[&str]) -> Operation {
        Operation {
            kind,
            method: Name::default(),
            params_type: None,
            params: params
                .iter()
                .map(|p| Param {
                    wire: (*p).into(),
                    rust: Name::default(),
                    rename: None,
                    ty: Type::String,
                    required: false,
                    description: None,
                    deprecated: None,
                })
                .collect(),
            builder_params: vec![],
            returns: Type::Object,
            attached_files: None,
            video_host: false,
            resumable_upload: None,
            report_rows: None,
            deprecated: None,
        }
    }

    fn handle() -> Option<Handle> {
        Some(Handle {
            name: Name::default(),
            accessor: Name::default(),
            is_me: false,
        })
    }

    fn api(nodes: Vec<Node>, enums: Vec<Enum>) -> Api {
        let mut api = Api {
            api_version: "v19.0".into(),
            nodes,
            enums,
            recursion_limit: None,
        };
        assign(&mut api);
        api
    }

    #[test]
    fn root_types_the_crate_defines_get_a_kind_suffix() {
        let names = [
            "Builder",
            "Client",
            "Error",
            "GraphClient",
            "Response",
            "Transport",
        ];
        let mut nodes: Vec<Node> = names.iter().map(|n| node(n)).collect();
        for n in &mut nodes {
            n.handle = handle();
            n.read = Some(op(OpKind::Read, &["q"]));
        }
        let e = Enum::new("date_time", None, []);
        let api = api(nodes, vec![e]);
        let shown = |n: &Node| {
            let h = n.handle.as_ref().unwrap();
            format!(
                "{} {} {} {} {}",
                n.rust,
                n.field_enum,
                h.name,
                h.accessor,
                n.read.as_ref().unwrap().params_type.as_ref().unwrap()
            )
        };
        let got: Vec<String> = api.nodes.iter().map(shown).collect();
        assert_eq!(
            got,
            [
                "Builder BuilderField BuilderRef builder_ BuilderReadParams",
                "ClientNode ClientNodeField ClientNodeRef client ClientNodeReadParams",
                "ErrorNode ErrorNodeField ErrorNodeRef error ErrorNodeReadParams",
                "GraphClientNode GraphClientNodeField GraphClientNodeRef graph_client GraphClientNodeReadParams",
                "ResponseNode ResponseNodeField ResponseNodeRef response ResponseNodeReadParams",
                "Transport TransportField TransportRef transport_ TransportReadParams",
            ]
        );
        assert_eq!(api.enums[0].rust.to_string(), "DateTimeEnum");
    }

    #[test]
    fn names_taken_earlier_get_the_first_free_number() {
        // `PageField` the node takes the name `Page`'s field enum wants.
        let mut page = node("Page");
        page.fields = vec![
            field("accountID", Type::String),
            field("account_id", Type::String),
            field("account_id_2", Type::String),
            field("type", Type::String),
            field("account.id", Type::String),
        ];
        let api = api(vec![page, node("PageField")], vec![]);
        let page = &api.nodes[0];
        let fields: Vec<String> = page.fields.iter().map(|f| f.rust.to_string()).collect();
        assert_eq!(
            fields,
            [
                "account_id",
                "account_id_2",
                "account_id_2_2",
                "r#type",
                "account_id_3"
            ]
        );
        let variants: Vec<String> = page.fields.iter().map(|f| f.variant.to_string()).collect();
        assert_eq!(
            variants,
            [
                "AccountId",
                "AccountId2",
                "AccountId22",
                "Type",
                "AccountId3"
            ]
        );
        let renames: Vec<Option<&str>> = page.fields.iter().map(|f| f.rename.as_deref()).collect();
        assert_eq!(
            renames,
            [
                Some("accountID"),
                Some("account_id"),
                Some("account_id_2"),
                None,
                Some("account.id")
            ]
        );
        assert_eq!(api.nodes[1].rust.to_string(), "PageField");
        assert_eq!(page.field_enum.to_string(), "PageField2");
        assert_eq!(api.nodes[1].field_enum.to_string(), "PageFieldField");
    }

    #[test]
    fn handle_methods_the_templates_define_get_an_underscore() {
        let mut n = node("Page");
        n.handle = handle();
        n.read = Some(op(OpKind::Read, &[]));
        let mut owner = field("new", Type::Node(0));
        owner.expansion = Some(Expansion {
            method: Name::default(),
            target: 0,
        });
        n.fields = vec![owner];
        let edge = |wire: &str| Edge {
            wire: wire.into(),
            ty: Type::Node(0),
            description: None,
            list: Some(op(OpKind::List, &[])),
            create: Some(op(OpKind::Create, &["type", "self", "limit"])),
            delete: None,
        };
        n.edges = vec![
            edge("new"),
            edge("id"),
            edge("fields"),
            edge("self"),
            edge("Self"),
        ];
        let api = api(vec![n], vec![]);
        let n = &api.nodes[0];
        let expansion = n.fields[0].expansion.as_ref().unwrap();
        assert_eq!(expansion.method.to_string(), "new_");
        let methods: Vec<String> = n
            .edges
            .iter()
            .flat_map(|e| [&e.list, &e.create])
            .map(|op| op.as_ref().unwrap().method.to_string())
            .collect();
        assert_eq!(
            methods,
            [
                "new_2",
                "create_new",
                "id_",
                "create_id",
                "fields_",
                "create_fields",
                "self_",
                "create_self_",
                "self_2",
                "create_self_2",
            ]
        );
        let create = n.edges[0].create.as_ref().unwrap();
        let params: Vec<String> = create.params.iter().map(|p| p.rust.to_string()).collect();
        assert_eq!(params, ["r#type", "self_", "limit"]);
        let renames: Vec<Option<&str>> =
            create.params.iter().map(|p| p.rename.as_deref()).collect();
        assert_eq!(renames, [None, Some("self"), None]);
        assert_eq!(
            create.params_type.as_ref().unwrap().to_string(),
            "PageCreateNewParams"
        );
        assert_eq!(n.read.as_ref().unwrap().method.to_string(), "read");
        assert!(n.read.as_ref().unwrap().params_type.is_none());
    }

    #[test]
    fn enum_values_and_modules() {
        let values = ["OTHER", "Other", "American (New)", "AMERICAN_NEW", ""];
        let e = Enum::new("cuisine", None, values.map(String::from));
        let api = api(vec![node("AB"), node("Ab"), node("Type")], vec![e]);
        let variants: Vec<String> = api.enums[0]
            .values
            .iter()
            .map(|v| v.variant.to_string())
            .collect();
        assert_eq!(
            variants,
            [
                "OtherValue",
                "OtherValue2",
                "AmericanNew",
                "AmericanNew2",
                "Empty"
            ]
        );
        let modules: Vec<String> = api.nodes.iter().map(|n| n.module.to_string()).collect();
        assert_eq!(modules, ["ab", "ab_2", "type_"]);
        let types: Vec<String> = api.nodes.iter().map(|n| n.rust.to_string()).collect();
        assert_eq!(types, ["Ab", "Ab2", "Type"]);
    }

    #[test]
    fn operation_names() {
        let edge = ident::field("type");
        assert_eq!(op_method(OpKind::List, &edge).to_string(), "r#type");
        assert_eq!(op_method(OpKind::Create, &edge).to_string(), "create_type");
        assert_eq!(
            op_method(OpKind::DeleteOnEdge, &edge).to_string(),
            "delete_type"
        );
        for (kind, method) in [
            (OpKind::Read, "read"),
            (OpKind::Update, "update"),
            (OpKind::Delete, "delete"),
        ] {
            assert_eq!(op_method(kind, &edge).to_string(), method);
        }
        let page = Name::new("Page");
        for (kind, name) in [
            (OpKind::Read, "PageReadParams"),
            (OpKind::Update, "PageUpdateParams"),
            (OpKind::Delete, "PageDeleteParams"),
            (OpKind::List, "PageAdCampaignsParams"),
            (OpKind::Create, "PageCreateAdCampaignsParams"),
            (OpKind::DeleteOnEdge, "PageDeleteAdCampaignsParams"),
        ] {
            assert_eq!(params_type(&page, kind, "ad_campaigns").to_string(), name);
        }
    }
}
