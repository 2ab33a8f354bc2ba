//! Stage 4, the IR: the spec resolved, named and sorted, ready to emit.
//!
//! [`crate::lower`] builds it from a checked spec, merges the enums that
//! have the same values ([`shared`]), and ends with the naming pass
//! ([`names`]), so every Rust name in it is final and collides with
//! nothing. The passes here then shape it: [`select`](fn@select) keeps the nodes a user
//! asked for, and [`cycles`] decides which references need a `Box`.
//! Emission is a plain walk over these structs: no template chooses a name,
//! a type, a rename or whether a method exists.

pub mod cycles;
pub mod deprecate;
pub mod names;
pub mod select;
pub mod shared;

pub use cycles::box_cycles;
pub use deprecate::deprecate;
pub use select::select;
pub use shared::share_enums;

use crate::ident::Name;

/// The whole API.
#[derive(Debug, Clone)]
pub struct Api {
    /// `v19.0`.
    pub api_version: String,
    /// Nodes, sorted by Graph name. [`Type::Node`] indexes this.
    pub nodes: Vec<Node>,
    /// Enums, sorted by spec name. [`Type::Enum`] indexes this.
    pub enums: Vec<Enum>,
    /// The crate's `#![recursion_limit]`, when models nest deeper than
    /// rustc's default allows ([`cycles::box_cycles`] sets it).
    pub recursion_limit: Option<usize>,
}

/// A Graph node type.
#[derive(Debug, Clone)]
pub struct Node {
    /// Graph type name (`VoipInfo`).
    pub name: String,
    /// Rust type name of the model.
    pub rust: Name,
    /// Module (file) name under `src/nodes/`.
    pub module: Name,
    /// Rust name of the field enum (`VoipInfoField`).
    pub field_enum: Name,
    /// The client handle, when the spec allows any operation on the node by
    /// id; `None` leaves nothing to do by id, so no handle and no accessor.
    pub handle: Option<Handle>,
    /// What the node is.
    pub description: Option<String>,
    /// Fields, in spec order.
    pub fields: Vec<Field>,
    /// GET by id, when the spec allows it.
    pub read: Option<Operation>,
    /// POST to the node's id, when the spec allows it.
    pub update: Option<Operation>,
    /// DELETE the node's id, when the spec allows it.
    pub delete: Option<Operation>,
    /// Connections to lists of other things.
    pub edges: Vec<Edge>,
    /// Set when the next API version removes the node ([`deprecate`]):
    /// its model, handle and client accessor are `#[deprecated]`.
    pub deprecated: Option<Deprecation>,
}

/// Why an item is `#[deprecated]`: the next API version (`codegen --next`)
/// removes or retypes it. Set by [`deprecate`](fn@deprecate); emission
/// prints it as `#[deprecated(since = …, note = …)]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deprecation {
    /// The version that removes or retypes the item (`v25.0`).
    pub since: String,
    /// What happens to it: `removed in v25.0: …` or `retyped in v25.0: …`.
    pub note: String,
}

/// A node's client handle (`VoipInfoRef`) and the client method that makes it.
#[derive(Debug, Clone)]
pub struct Handle {
    /// Rust type name (`VoipInfoRef`).
    pub name: Name,
    /// The accessor on the generated client (`voip_info`).
    pub accessor: Name,
    /// Whether this is the node `/me` names (Graph's `User`, when the spec
    /// lets you read it): the client then has `me()` too.
    pub is_me: bool,
}

/// A field of a node.
#[derive(Debug, Clone)]
pub struct Field {
    /// Wire name, exactly as the API spells it.
    pub wire: String,
    /// Rust field name.
    pub rust: Name,
    /// serde's `rename`, when the Rust name is not the wire name.
    pub rename: Option<String>,
    /// Variant in the node's field enum.
    pub variant: Name,
    /// The field's type.
    pub ty: Type,
    /// Whether the model stores it boxed (it closes a cycle of nodes).
    pub boxed: bool,
    /// The handle method that reads the field by field expansion, for a
    /// field that holds a node directly, on a node the spec lets you read.
    pub expansion: Option<Expansion>,
    /// For a field that holds a node or an edge of nodes: its constant on
    /// the field enum for typed nested selections (`PageField::FEED`).
    pub nested: Option<Nested>,
    /// What it is.
    pub description: Option<String>,
    /// Set when the next API version removes or retypes the field: the
    /// model field, its field-enum variant, its expansion method and its
    /// nested-selection constant are `#[deprecated]`.
    pub deprecated: Option<Deprecation>,
}

/// Reading a node-typed field through field expansion (`?fields=voip_info{…}`).
#[derive(Debug, Clone)]
pub struct Expansion {
    /// The handle method (`voip_info`).
    pub method: Name,
    /// The node it reads, by index into [`Api::nodes`].
    pub target: usize,
}

/// A field's place in typed nested selections: `PageField::FEED` takes
/// `PagePostField`s (and, for an edge, modifiers such as `limit`).
#[derive(Debug, Clone)]
pub struct Nested {
    /// The constant on the field enum (`FEED`).
    pub constant: Name,
    /// The node whose fields go inside the braces.
    pub target: usize,
    /// Whether the field is an edge, which takes modifiers.
    pub edge: bool,
}

/// A type, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    /// `bool`
    Bool,
    /// `string`
    String,
    /// `int32`
    Int32,
    /// `unsigned int32`
    UInt32,
    /// `int64`
    Int64,
    /// `unsigned int64`
    UInt64,
    /// `float`
    Float,
    /// `datetime`
    DateTime,
    /// `Object`: any JSON.
    Object,
    /// `file`: an upload.
    File,
    /// `list<T>`
    List(Box<Type>),
    /// `map<K, V>`
    Map(Box<Type>, Box<Type>),
    /// An edge as the Graph API returns it inline, under field expansion: a
    /// page (`data`, `paging`, `summary`) of these.
    EdgePage(Box<Type>),
    /// A node, by index into [`Api::nodes`].
    Node(usize),
    /// An enum, by index into [`Api::enums`].
    Enum(usize),
}

impl Type {
    /// How a field of this type nests in a typed selection: the node whose
    /// fields go inside, and whether it is an edge.
    pub fn nested(&self) -> Option<(usize, bool)> {
        match self {
            Type::Node(id) => Some((*id, false)),
            Type::EdgePage(item) => item.direct_node().map(|id| (id, true)),
            _ => None,
        }
    }

    /// The node this type is, directly (not through a list or map).
    pub fn direct_node(&self) -> Option<usize> {
        match self {
            Type::Node(id) => Some(*id),
            _ => None,
        }
    }

    /// Calls `f` on this type and every type inside it.
    pub fn walk_mut(&mut self, f: &mut impl FnMut(&mut Type)) {
        f(self);
        match self {
            Type::List(item) | Type::EdgePage(item) => item.walk_mut(f),
            Type::Map(key, value) => {
                key.walk_mut(f);
                value.walk_mut(f);
            }
            _ => {}
        }
    }
}

/// What an operation does, and so which runtime call it makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpKind {
    /// `GET /{id}`: read the node.
    Read,
    /// `POST /{id}`: update the node.
    Update,
    /// `DELETE /{id}`: delete the node.
    Delete,
    /// `GET /{id}/{edge}`: list the edge, paged.
    List,
    /// `POST /{id}/{edge}`: create on the edge.
    Create,
    /// `DELETE /{id}/{edge}`: delete on the edge.
    DeleteOnEdge,
}

/// The HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    /// Reads.
    Get,
    /// Creates and updates.
    Post,
    /// Deletes.
    Delete,
}

impl HttpMethod {
    /// `GET`, `POST`, `DELETE`.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
        }
    }
}

impl OpKind {
    /// The HTTP method the operation uses.
    pub fn http_method(self) -> HttpMethod {
        match self {
            OpKind::Read | OpKind::List => HttpMethod::Get,
            OpKind::Update | OpKind::Create => HttpMethod::Post,
            OpKind::Delete | OpKind::DeleteOnEdge => HttpMethod::Delete,
        }
    }
}

/// An operation with its parameters.
#[derive(Debug, Clone)]
pub struct Operation {
    /// What it does; its HTTP method is [`OpKind::http_method`].
    pub kind: OpKind,
    /// The generated method on the node's handle (`create_campaigns`).
    pub method: Name,
    /// The generated parameters struct; `None` when the operation takes none.
    pub params_type: Option<Name>,
    /// Parameters, in spec order.
    pub params: Vec<Param>,
    /// Parameters the spec lists that the runtime's builder sets itself
    /// (`fields`, `limit`, credentials): left out of the struct, named in its docs.
    pub builder_params: Vec<String>,
    /// What it returns: the spec's `returns:`, else, for a create, the
    /// edge's type, and any JSON for everything else (Graph answers updates
    /// and deletes with `{"success": true}`).
    pub returns: Type,
    /// For a POST that also takes files under their own file names: the
    /// parameters struct's field that holds them (`attached_files`).
    pub attached_files: Option<Name>,
    /// Sent to Graph's video host rather than the base URL.
    pub video_host: bool,
    /// For a video-host create that takes Graph's chunked upload
    /// parameters (`upload_phase`, `video_file_chunk`): the handle method
    /// that runs the resumable upload (`upload_advideos`).
    pub resumable_upload: Option<Name>,
    /// For a create that starts an asynchronous report run (it returns the
    /// node `AdReportRun`): the type of the report's rows, the edge's item
    /// type. The method then returns a job handle to submit and wait on.
    pub report_rows: Option<Type>,
    /// Set when the next API version removes the operation or changes what
    /// it returns: its handle method (and resumable upload) is `#[deprecated]`.
    pub deprecated: Option<Deprecation>,
}

impl Operation {
    /// Calls `f` on every type the operation mentions: parameters, returns,
    /// report rows.
    pub fn for_each_type(&mut self, f: &mut impl FnMut(&mut Type)) {
        for param in &mut self.params {
            param.ty.walk_mut(f);
        }
        self.returns.walk_mut(f);
        if let Some(rows) = &mut self.report_rows {
            rows.walk_mut(f);
        }
    }

    /// Whether the operation can upload: a `file` parameter, or attached files.
    pub fn uploads(&self) -> bool {
        self.attached_files.is_some() || self.params.iter().any(|p| p.ty == Type::File)
    }
}

/// A parameter.
#[derive(Debug, Clone)]
pub struct Param {
    /// Wire name.
    pub wire: String,
    /// Rust name.
    pub rust: Name,
    /// serde's `rename`, when the Rust name is not the wire name.
    pub rename: Option<String>,
    /// Type.
    pub ty: Type,
    /// Whether the request fails without it.
    pub required: bool,
    /// What it does.
    pub description: Option<String>,
    /// Set when the next API version removes or retypes the parameter: its
    /// struct field is `#[deprecated]`.
    pub deprecated: Option<Deprecation>,
}

/// An edge (`/{id}/campaigns`).
#[derive(Debug, Clone)]
pub struct Edge {
    /// Path segment.
    pub wire: String,
    /// What the edge holds.
    pub ty: Type,
    /// What it is.
    pub description: Option<String>,
    /// GET, paged.
    pub list: Option<Operation>,
    /// POST.
    pub create: Option<Operation>,
    /// DELETE.
    pub delete: Option<Operation>,
}

/// An enum.
#[derive(Debug, Clone)]
pub struct Enum {
    /// Spec name (of the first, by name, of the spec enums it stands for).
    pub name: String,
    /// Rust type name.
    pub rust: Name,
    /// For an enum that stands for several spec enums with the same values
    /// ([`shared::share_enums`]): the name they agree on (`date_preset`),
    /// which it takes when that is free; `None` keeps the spec name.
    pub shared: Option<String>,
    /// The other spec enums with the same values: each name stays usable,
    /// as an alias of this type.
    pub aliases: Vec<EnumAlias>,
    /// What it is.
    pub description: Option<String>,
    /// Values, in spec order.
    pub values: Vec<EnumValue>,
}

impl Enum {
    /// An enum of these wire values, not yet shared or named (the naming
    /// pass names it and its variants).
    pub fn new(
        name: impl Into<String>,
        description: Option<String>,
        wires: impl IntoIterator<Item = String>,
    ) -> Self {
        Enum {
            name: name.into(),
            rust: Name::default(),
            shared: None,
            aliases: Vec::new(),
            description,
            values: wires
                .into_iter()
                .map(|wire| EnumValue {
                    wire,
                    variant: Name::default(),
                    deprecated: None,
                })
                .collect(),
        }
    }
}

/// A spec enum that another with the same values stands for.
#[derive(Debug, Clone)]
pub struct EnumAlias {
    /// Spec name.
    pub name: String,
    /// Rust name of the alias (`pub type … = …;`).
    pub rust: Name,
}

/// One value of an enum.
#[derive(Debug, Clone)]
pub struct EnumValue {
    /// As the API spells it.
    pub wire: String,
    /// Rust variant name.
    pub variant: Name,
    /// Set when the next API version removes the value from every spec
    /// enum this type stands for: its variant is `#[deprecated]`.
    pub deprecated: Option<Deprecation>,
}

impl Node {
    /// Every operation of the node and of its edges, in a fixed order:
    /// read, update, delete, then each edge's list, create, delete.
    pub fn operations(&self) -> impl Iterator<Item = &Operation> {
        let edge_ops = self
            .edges
            .iter()
            .flat_map(|e| [&e.list, &e.create, &e.delete].into_iter().flatten());
        [&self.read, &self.update, &self.delete]
            .into_iter()
            .flatten()
            .chain(edge_ops)
    }

    /// Every operation of the node and of its edges, in the order of [`Node::operations`].
    pub fn operations_mut(&mut self) -> impl Iterator<Item = &mut Operation> {
        let edge_ops = self.edges.iter_mut().flat_map(|e| {
            [&mut e.list, &mut e.create, &mut e.delete]
                .into_iter()
                .flatten()
        });
        [&mut self.read, &mut self.update, &mut self.delete]
            .into_iter()
            .flatten()
            .chain(edge_ops)
    }

    /// Calls `f` on every type the node mentions: fields, edges, operations.
    pub fn for_each_type(&mut self, f: &mut impl FnMut(&mut Type)) {
        for field in &mut self.fields {
            field.ty.walk_mut(f);
        }
        for edge in &mut self.edges {
            edge.ty.walk_mut(f);
        }
        for op in self.operations_mut() {
            op.for_each_type(f);
        }
    }
}
