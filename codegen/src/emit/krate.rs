//! Crate-level files: `Cargo.toml` and `lib.rs`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{EmitOptions, allow_deprecated, doc};
use crate::ir::Api;

/// The generated crate's `Cargo.toml` (without the generated-file header).
pub(crate) fn cargo_toml(api: &Api, options: &EmitOptions) -> String {
    let runtime = options.runtime_path.replace('\\', "/");
    let workspace = if options.standalone {
        "\n# Not a member of any enclosing workspace.\n[workspace]\n"
    } else {
        ""
    };
    format!(
        r#"[package]
name = "{name}"
version = "0.1.0"
edition = "2024"
rust-version = "1.85"
description = "Typed Facebook Graph API bindings ({version}), generated from a YAML spec by codegen"
publish = false

[dependencies]
graph-runtime = {{ path = "{runtime}" }}

[dev-dependencies]
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}

[features]
# Blocking client (`BlockingClient`), for code without an async runtime.
blocking = ["graph-runtime/blocking"]
# The Graph emulator (`{lib}::runtime::mock`), for testing code that uses this crate.
mock = ["graph-runtime/mock"]
{workspace}"#,
        name = options.crate_name,
        lib = options.crate_name.replace('-', "_"),
        version = api.api_version,
    )
}

/// What `api.rs` re-exports from the runtime at the crate root (the
/// client's types are in [`super::client::ROOT_TYPES`]).
pub(crate) const ROOT_EXPORTS: &[&str] = &[
    "DateTime",
    "Error",
    "FieldSelection",
    "Node",
    "Response",
    "ValidationErrors",
];

/// `lib.rs`.
pub(crate) fn lib_rs(api: &Api) -> TokenStream {
    let version = &api.api_version;
    let node_rows: Vec<String> = api
        .nodes
        .iter()
        .map(|n| {
            let read = match (&n.read, &n.handle) {
                (Some(_), Some(handle)) => format!("`Client::{}`", handle.accessor.as_str()),
                _ => "—".into(),
            };
            format!(
                "| [`{}`] | [`{}`] | {} | {} |",
                n.rust,
                n.field_enum,
                n.fields.len(),
                read
            )
        })
        .collect();
    let crate_doc = doc::text_lines(&format!(
        "Typed bindings for the Facebook Graph API {version}, generated from a YAML spec by codegen.\n\n\
         Do not edit: change the spec and run `cargo run -p codegen`.\n\n\
         Each node has a model (every field an `Option`: the API returns only the fields asked for), \
         a field enum for typed field selection, `validate` for JSON payloads, and, when the spec allows reading it, \
         an accessor on [`Client`]."
    ));
    let mut table = vec![
        String::new(),
        " | Node | Fields | Count | Read |".to_owned(),
        " |---|---|---|---|".to_owned(),
    ];
    table.extend(node_rows.into_iter().map(|r| format!(" {r}")));
    // rustfmt leaves generated files alone only sometimes (an `@generated`
    // heuristic); `#[rustfmt::skip]` keeps `cargo fmt` from rewriting them,
    // which codegen would then take for hand edits.
    let enums = (!api.enums.is_empty()).then(|| {
        quote! {
            #[rustfmt::skip]
            mod enums;
        }
    });
    // Models that hold each other directly nest as deep as the longest such
    // chain, and rustc's check of auto traits recurses through every level.
    let limit = api.recursion_limit.map(|n| {
        let n = n.to_string();
        quote!(#![recursion_limit = #n])
    });
    quote! {
        #( #![doc = #crate_doc] )*
        #( #![doc = #table] )*
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]
        #![allow(clippy::type_complexity)]
        #limit

        #[rustfmt::skip]
        mod api;
        #[rustfmt::skip]
        mod client;
        #enums
        #[rustfmt::skip]
        mod nodes;

        pub use api::*;
    }
}

/// `nodes.rs`: one module per node.
pub(crate) fn nodes_rs(api: &Api) -> TokenStream {
    let mods = api.nodes.iter().map(|n| &n.module);
    quote! {
        //! One module per node; everything is re-exported at the crate root.

        #( pub(crate) mod #mods; )*
    }
}

/// `api.rs`: everything the crate exports, re-exported at its root by
/// `lib.rs`. Kept out of `lib.rs` so `lib.rs` has a fixed shape that
/// `cargo fmt` leaves alone (it skips files marked `@generated`, but not a
/// crate root).
pub(crate) fn api_rs(api: &Api) -> TokenStream {
    let version = &api.api_version;
    let node_uses = api.nodes.iter().map(|n| {
        let module = &n.module;
        let model = &n.rust;
        let fields = &n.field_enum;
        let handle = n.handle.iter().map(|h| &h.name);
        let params = n.operations().filter_map(|op| op.params_type.as_ref());
        let allow = allow_deprecated(n.deprecated.is_some());
        quote!(#allow pub use crate::nodes::#module::{#model, #fields #(, #handle)* #(, #params)*};)
    });
    let enums = (!api.enums.is_empty()).then(|| {
        let names = api
            .enums
            .iter()
            .flat_map(|e| std::iter::once(&e.rust).chain(e.aliases.iter().map(|a| &a.rust)));
        quote!(pub use crate::enums::{#(#names),*};)
    });
    let schemas = api.nodes.iter().map(|n| {
        let module = &n.module;
        quote!(&crate::nodes::#module::SCHEMA)
    });
    quote! {
        //! Everything the crate exports; `lib.rs` re-exports it at the root.

        pub use crate::client::{Client, GraphClient};
        #[cfg(feature = "blocking")]
        pub use crate::client::BlockingClient;
        #(#node_uses)*
        #enums

        /// The runtime this crate is built on: client, errors, validation, the emulator (feature `mock`).
        pub use ::graph_runtime as runtime;
        pub use ::graph_runtime::{DateTime, Error, FieldSelection, Node, Response, ValidationErrors};

        /// The Graph API version of the spec; requests go to `/{API_VERSION}/…`.
        pub const API_VERSION: &str = #version;

        /// The schema of every node, sorted by Graph name.
        pub static NODES: &[&::graph_runtime::schema::NodeSchema] = &[#(#schemas),*];

        /// The schema of the node with this Graph name (`"VoipInfo"`).
        pub fn node_schema(name: &str) -> ::core::option::Option<&'static ::graph_runtime::schema::NodeSchema> {
            NODES
                .binary_search_by(|schema| schema.name.cmp(name))
                .ok()
                .map(|i| NODES[i])
        }
    }
}
