//! One node → one module: the model, its field enum, its static schema and,
//! when the spec allows reading it, its client handle.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::emit::types::{prelude_use, rust_type, schema_type};
use crate::emit::{allow_deprecated, deprecated, doc, params};
use crate::ir::{Api, Edge, Field, Handle, Node, OpKind, Operation};

/// Methods and associated functions every handle has besides its field
/// expansions and edges (the `update`/`delete` templates are below).
pub(crate) const HANDLE_METHODS: &[&str] = &["new", "id", "fields", "read", "update", "delete"];

/// Fields every model has besides the spec's: `extra`, what the spec did
/// not foresee (the runtime's `model_serde!` names it).
pub(crate) const MODEL_FIELDS: &[&str] = &["extra"];

/// Associated items of every field enum besides its expansion constants
/// (which share their namespace with the variants, checked in the naming pass).
pub(crate) const FIELD_CONSTANTS: &[&str] = &["ALL", "as_str"];

/// Query parameters the runtime sets itself on every request: the
/// credentials (the token travels as a header). A spec parameter of that
/// name is left out of its struct, so it can never put a secret in a URL.
pub const CLIENT_PARAMS: &[&str] = &["access_token", "appsecret_proof"];

/// Parameters `NodeRead` and `FieldRead` set: the field selection.
///
/// These lists are the runtime's (`graph_runtime::params`), which refuses
/// a parameters struct that carries one of them; a workspace test checks
/// that both agree.
pub const READ_PARAMS: &[&str] = &["fields"];

/// Parameters `EdgeList` sets: the selection, the page size and the paging
/// cursors (which belong to the list builder, which follows them).
pub const LIST_PARAMS: &[&str] = &["fields", "limit", "after", "before"];

/// The parameters the runtime's builder sets itself for an operation of `kind`.
pub(crate) fn builder_params(kind: OpKind) -> [&'static [&'static str]; 2] {
    match kind {
        OpKind::Read => [CLIENT_PARAMS, READ_PARAMS],
        OpKind::List => [CLIENT_PARAMS, LIST_PARAMS],
        OpKind::Update | OpKind::Delete | OpKind::Create | OpKind::DeleteOnEdge => {
            [CLIENT_PARAMS, &[]]
        }
    }
}

/// The whole module for `node`.
pub(crate) fn module(api: &Api, node: &Node) -> TokenStream {
    let model = model(api, node);
    let field_enum = field_enum(api, node);
    let schema = schema(api, node);
    let handle = node.handle.as_ref().map(|h| handle(api, node, h));
    let params = node
        .operations()
        .map(|op| params::params_struct(api, node, op));
    let module_doc = doc::text_lines(&format!(
        "The {} node: model, field enum, schema{}.",
        doc::code(&node.name),
        match node.handle {
            Some(_) => " and client handle",
            None => "",
        }
    ));
    let nested = || node.fields.iter().filter_map(|f| f.nested.as_ref());
    let aliases = [
        nested().any(|n| n.edge).then(|| quote!(ExpandEdge)),
        nested().any(|n| !n.edge).then(|| quote!(ExpandNode)),
    ];
    let aliases: Vec<_> = aliases.into_iter().flatten().collect();
    let prelude = prelude_use();
    // Everything in a removed node's module mentions the node.
    let allow_all = node
        .deprecated
        .is_some()
        .then(|| quote!(#![allow(deprecated)]));
    let expand_use =
        (!aliases.is_empty()).then(|| quote!(use ::graph_runtime::field::{#(#aliases),*};));
    quote! {
        #( #![doc = #module_doc] )*
        #allow_all
        #expand_use
        #prelude
        use ::graph_runtime::schema;

        #model
        #field_enum
        #schema
        #handle
        #(#params)*
    }
}

fn model(api: &Api, node: &Node) -> TokenStream {
    let name = &node.rust;
    let field_enum = &node.field_enum;
    let docs = doc::described(
        node.description.as_deref(),
        &format!("The {} node.", doc::code(&node.name)),
    );
    let fields = node.fields.iter().map(|f| model_field(api, f));
    // In spec order (the order encoding writes them): each field's
    // position in the schema, its wire name and its Rust name.
    let mut index: Vec<usize> = vec![0; node.fields.len()];
    for (position, field) in schema_order(node).into_iter().enumerate() {
        index[field] = position;
    }
    let table = node.fields.iter().zip(index).map(|(f, index)| {
        let index = Literal::usize_unsuffixed(index);
        let (wire, rust) = (&f.wire, &f.rust);
        quote!(#index #wire => #rust;)
    });
    let deprecated = deprecated(node.deprecated.as_ref());
    quote! {
        #docs
        #deprecated
        #[derive(Clone, PartialEq, Default)]
        pub struct #name {
            #(#fields)*
            /// What the spec did not foresee, as received: keys it does not list, `null`s, and values that did not fit their field's type (that field is then `None`). Encoding writes them back.
            pub extra: Map<String, Value>,
        }

        ::graph_runtime::__private::model_serde!(#name; #(#table)*);

        impl ::graph_runtime::Node for #name {
            type Field = #field_enum;
            fn schema() -> &'static schema::NodeSchema {
                &SCHEMA
            }
        }
    }
}

fn model_field(api: &Api, field: &Field) -> TokenStream {
    let name = &field.rust;
    let mut ty = rust_type(api, &field.ty);
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    let docs = doc::described(
        field.description.as_deref(),
        &format!("The {} field.", doc::code(&field.wire)),
    );
    let deprecated = deprecated(field.deprecated.as_ref());
    let allow = allow_deprecated(api.mentions_deprecated(&field.ty));
    quote! {
        #docs
        #deprecated
        #allow
        pub #name: Option<#ty>,
    }
}

fn field_enum(api: &Api, node: &Node) -> TokenStream {
    let name = &node.field_enum;
    let model = &node.rust;
    let graph_name = &node.name;
    let count = Literal::usize_unsuffixed(node.fields.len());
    let table = node.fields.iter().map(|f| {
        let (variant, wire) = (&f.variant, &f.wire);
        // The macro shows `wire` as inline code; a wire name that is not
        // inert there gets its cleaned doc.
        let doc = doc::code(wire);
        let doc = (doc != format!("`{wire}`")).then(|| quote!(= #doc));
        let deprecated = deprecated(f.deprecated.as_ref());
        quote!(#deprecated #variant #wire #doc)
    });
    let constants: Vec<TokenStream> = node
        .fields
        .iter()
        .filter_map(|f| {
            let nested = f.nested.as_ref()?;
            let constant = &nested.constant;
            let target = &api.nodes[nested.target];
            let target_fields = &target.field_enum;
            let wire = &f.wire;
            let (alias, what) = if nested.edge {
                (quote!(ExpandEdge), "the edge")
            } else {
                (quote!(ExpandNode), "the node")
            };
            let doc = doc::text(&format!(
                "{} expanded: {what} with [`{fields}`](crate::{fields})s inside ({}).",
                doc::code(wire),
                doc::code(&format!("{wire}{{…}}")),
                fields = target_fields.as_str(),
            ));
            let deprecated = deprecated(f.deprecated.as_ref());
            Some(quote! {
                #doc
                #deprecated
                pub const #constant: #alias<Self, crate::#target_fields> = #alias::new(#wire);
            })
        })
        .collect();
    let constants = (!constants.is_empty()).then(|| quote! { impl #name { #(#constants)* } });
    quote! {
        ::graph_runtime::__private::field_enum!(#name for #model #graph_name #count; #(#table),*);
        #constants
    }
}

/// The fields in the schema's order, sorted by wire name (as indexes
/// into `node.fields`): the order that `NodeSchema::field` searches and
/// that `model_serde!`'s table numbers.
fn schema_order(node: &Node) -> Vec<usize> {
    let mut order: Vec<usize> = (0..node.fields.len()).collect();
    order.sort_by(|&a, &b| node.fields[a].wire.cmp(&node.fields[b].wire));
    order
}

fn schema(api: &Api, node: &Node) -> TokenStream {
    let graph_name = &node.name;
    let entries = schema_order(node).into_iter().map(|f| {
        let f = &node.fields[f];
        let wire = &f.wire;
        let ty = schema_type(api, &f.ty);
        quote!(#wire: #ty)
    });
    let docs = doc::text(&format!(
        "The schema of {}, fields sorted by wire name.",
        doc::code(graph_name)
    ));
    quote! {
        #docs
        pub static SCHEMA: schema::NodeSchema =
            ::graph_runtime::__private::node_schema!(#graph_name; #(#entries),*);
    }
}

fn handle(api: &Api, node: &Node, handle: &Handle) -> TokenStream {
    let name = &handle.name;
    let graph_name = &node.name;
    let docs = doc::text(&format!(
        "A {} on the Graph API, by id: what the spec allows on it.\n\n\
         Made by `Client::{}`.",
        doc::code(graph_name),
        handle.accessor.as_str()
    ));
    let read = node.read.as_ref().map(|op| read_methods(api, node, op));
    let update = node
        .update
        .as_ref()
        .map(|op| write_method(api, op, "Updates the node", None));
    let delete = node
        .delete
        .as_ref()
        .map(|op| write_method(api, op, "Deletes the node", None));
    let edges = node.edges.iter().map(|edge| edge_methods(api, edge));
    let deprecated = deprecated(node.deprecated.as_ref());
    quote! {
        #docs
        #deprecated
        #[derive(Debug, Clone)]
        pub struct #name<'c, C = ::graph_runtime::Client> {
            node: ::graph_runtime::NodeRef<'c, C>,
        }

        impl<'c, C: ::graph_runtime::Transport> #name<'c, C> {
            pub(crate) fn new(node: ::graph_runtime::NodeRef<'c, C>) -> Self {
                Self { node }
            }

            /// The node's id.
            pub fn id(&self) -> &str {
                self.node.id()
            }

            #read
            #update
            #delete
            #(#edges)*
        }
    }
}

/// The Rust type of an operation's parameters (`NoParams` when it has none).
fn params_ty(op: &Operation) -> TokenStream {
    match &op.params_type {
        Some(t) => quote!(crate::#t),
        None => quote!(::graph_runtime::NoParams),
    }
}

/// `fields`, `read` and field expansions, for a node the spec lets you read.
fn read_methods(api: &Api, node: &Node, op: &Operation) -> TokenStream {
    let model = &node.rust;
    let field_enum = &node.field_enum;
    // `NodeRead`'s parameters type defaults to `NoParams`.
    let params = op.params_type.as_ref().map(|t| quote!(, crate::#t));
    let params_doc = op
        .params_type
        .as_ref()
        .map(|t| format!(" Parameters: `.params({t} {{ … }})`."))
        .unwrap_or_default();
    let fields_doc = doc::text(&format!(
        "Reads the node with the given fields (`GET /{{id}}?fields=…`); only those come back `Some`.{params_doc}"
    ));
    let read_doc = doc::text(&format!(
        "Reads the node with the Graph API's default fields.{params_doc}"
    ));
    let read_deprecated = deprecated(op.deprecated.as_ref());
    let expansions = node.fields.iter().filter_map(|f| {
        let expansion = f.expansion.as_ref()?;
        let target = &api.nodes[expansion.target];
        let method = &expansion.method;
        let target_ty = &target.rust;
        let wire = &f.wire;
        let docs = doc::text_then_description(
            &format!(
                "Reads {} (a {}) by field expansion: {}.",
                doc::code(wire),
                doc::code(&target.name),
                doc::code(&format!("GET /{{id}}?fields={wire}{{…}}")),
            ),
            f.description.as_deref(),
        );
        let deprecated = deprecated(f.deprecated.as_ref());
        let allow = allow_deprecated(target.deprecated.is_some());
        Some(quote! {
            #docs
            #deprecated
            #allow
            pub fn #method(self) -> ::graph_runtime::FieldRead<'c, crate::#target_ty, C> {
                self.node.expand(#wire)
            }
        })
    });
    quote! {
        #fields_doc
        #read_deprecated
        pub fn fields(
            self,
            fields: impl ::core::iter::IntoIterator<Item = #field_enum>,
                ) -> ::graph_runtime::NodeRead<'c, #model, C #params> {
            self.node.read().fields(fields)
        }

        #read_doc
        #read_deprecated
                pub fn read(self) -> ::graph_runtime::NodeRead<'c, #model, C #params> {
            self.node.read()
        }

        #(#expansions)*
    }
}

/// A POST or DELETE: takes the parameters struct when the operation has
/// parameters. `edge` is the edge's wire name for operations on an edge.
fn write_method(api: &Api, op: &Operation, summary: &str, edge: Option<&str>) -> TokenStream {
    let method = &op.method;
    let returns = rust_type(api, &op.returns);
    let path = match edge {
        Some(edge) => format!("/{{id}}/{edge}"),
        None => "/{id}".to_owned(),
    };
    let docs = doc::text(&format!(
        "{summary}: {}.",
        doc::code(&format!("{} {path}", op.kind.http_method().as_str()))
    ));
    let call = match op.kind {
        OpKind::Update => quote!(update),
        OpKind::Delete => quote!(delete),
        OpKind::Create => quote!(create),
        OpKind::DeleteOnEdge => quote!(delete_edge),
        OpKind::Read | OpKind::List => quote!(read),
    };
    let edge_arg = edge.map(|e| quote!(#e,));
    let deprecated = deprecated(op.deprecated.as_ref());
    let allow = allow_deprecated(
        api.mentions_deprecated(&op.returns)
            || op
                .report_rows
                .as_ref()
                .is_some_and(|t| api.mentions_deprecated(t)),
    );
    let (video_doc, video_host) = match op.video_host {
        true => (
            Some(doc::text(
                "\nSent to Graph's video host (`ClientBuilder::video_base_url`).",
            )),
            Some(quote!(.on_video_host())),
        ),
        false => (None, None),
    };
    let upload_doc = op.uploads().then(|| {
        doc::text("\nWith a file set, the request is sent as `multipart/form-data`, the file streamed from its source.")
    });
    if let (Some(rows), Some(t)) = (&op.report_rows, &op.params_type) {
        let rows = rust_type(api, rows);
        let docs = doc::text(&format!(
            "{summary}: {}, which starts an asynchronous report run. `send` \
             returns the run, to `wait` on and read its rows from (see `graph_runtime::job`); \
             its id can be saved and waited on elsewhere.",
            doc::code(&format!("POST {path}"))
        ));
        return quote! {
            #docs
            ///
            /// The parameters are checked against the spec before anything is sent.
            #deprecated
            #allow
            pub fn #method(self, params: crate::#t) -> ::graph_runtime::job::Submit<'c, #rows, C> {
                self.node.#call::<::graph_runtime::serde_json::Value, _>(#edge_arg params).into_report_run()
            }
        };
    }
    match &op.params_type {
        Some(t) => quote! {
            #docs
            ///
            /// The parameters are checked against the spec before anything is sent.
            #upload_doc
            #video_doc
            #deprecated
            #allow
            pub fn #method(self, params: crate::#t) -> ::graph_runtime::Write<'c, #returns, C> {
                self.node.#call(#edge_arg params) #video_host
            }
        },
        None => quote! {
            #docs
            #video_doc
            #deprecated
            #allow
            pub fn #method(self) -> ::graph_runtime::Write<'c, #returns, C> {
                self.node.#call(#edge_arg ::graph_runtime::NoParams) #video_host
            }
        },
    }
}

/// The methods of one edge: list (paged GET), create (POST), delete (DELETE).
fn edge_methods(api: &Api, edge: &Edge) -> TokenStream {
    let wire = &edge.wire;
    let item = rust_type(api, &edge.ty);
    let list = edge.list.as_ref().map(|op| {
        let method = &op.method;
        let params = params_ty(op);
        let docs = doc::text_then_description(
            &format!(
                "Lists the {} edge: {}, page by page (`.get()` for the first page, \
                 `.all()` or `.stream()` for every item).",
                doc::code(wire),
                doc::code(&format!("GET /{{id}}/{wire}")),
            ),
            edge.description.as_deref(),
        );
        let deprecated = deprecated(op.deprecated.as_ref());
        let allow = allow_deprecated(api.mentions_deprecated(&edge.ty));
        quote! {
            #docs
            #deprecated
            #allow
            pub fn #method(self) -> ::graph_runtime::EdgeList<'c, #item, C, #params> {
                self.node.edge(#wire)
            }
        }
    });
    let create = edge.create.as_ref().map(|op| {
        write_method(
            api,
            op,
            &format!("Creates on the {} edge", doc::code(wire)),
            Some(wire),
        )
    });
    let upload = edge.create.as_ref().and_then(|op| {
        let method = op.resumable_upload.as_ref()?;
        let docs = doc::text(&format!(
            "Uploads a video to the {} edge in chunks, resumably: Graph's start, transfer \
             and finish phases on the video host, then the wait for encoding. See \
             [`graph_runtime::video`].",
            doc::code(wire)
        ));
        let deprecated = deprecated(op.deprecated.as_ref());
        Some(quote! {
            #docs
            #deprecated
            pub fn #method(self, file: ::graph_runtime::Upload) -> ::graph_runtime::video::VideoUpload<'c, C> {
                self.node.video_upload(#wire, file)
            }
        })
    });
    let delete = edge.delete.as_ref().map(|op| {
        write_method(
            api,
            op,
            &format!("Deletes on the {} edge", doc::code(wire)),
            Some(wire),
        )
    });
    quote! { #list #create #upload #delete }
}
