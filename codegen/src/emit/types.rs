//! IR types → Rust types and schema expressions: the one mapping of both.
//!
//! Types are written with short names: the standard prelude's (`Option`,
//! `Vec`, `String`, `Box`) and [`PRELUDE`]'s, which every module that
//! holds types imports ([`prelude_use`]). The naming pass keeps those names
//! free (they are in [`RESERVED`](crate::emit::RESERVED)'s root types), so
//! no generated type can shadow them.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, Type};

/// The names a module gets from `::graph_runtime::__private::prelude`,
/// with those it uses from the standard prelude: no generated type may
/// take one.
pub(crate) const PRELUDE: &[&str] = &[
    "BTreeMap", "DateTime", "EdgePage", "Map", "Value", "Option", "Vec", "String", "Box",
];

/// The `use` that brings [`PRELUDE`] into a generated module.
pub(crate) fn prelude_use() -> TokenStream {
    quote!(
        use ::graph_runtime::__private::prelude::*;
    )
}

/// The Rust type of a value of `ty` (the field type without its `Option`).
pub(crate) fn rust_type(api: &Api, ty: &Type) -> TokenStream {
    match ty {
        Type::Bool => quote!(bool),
        Type::String => quote!(String),
        Type::Int32 => quote!(i32),
        Type::UInt32 => quote!(u32),
        Type::Int64 => quote!(i64),
        Type::UInt64 => quote!(u64),
        Type::Float => quote!(f64),
        Type::DateTime => quote!(DateTime),
        Type::Object => quote!(Value),
        Type::File => quote!(::graph_runtime::Upload),
        Type::List(item) => {
            let item = rust_type(api, item);
            quote!(Vec<#item>)
        }
        Type::Map(key, value) => {
            let key = rust_type(api, key);
            let value = rust_type(api, value);
            quote!(BTreeMap<#key, #value>)
        }
        Type::EdgePage(item) => {
            let item = rust_type(api, item);
            quote!(EdgePage<#item>)
        }
        Type::Node(id) => {
            let name = &api.nodes[*id].rust;
            quote!(crate::#name)
        }
        Type::Enum(id) => {
            let name = &api.enums[*id].rust;
            quote!(crate::#name)
        }
    }
}

/// A `schema::Type` expression describing `ty`, for the static schema,
/// written inside the runtime's table macros (`node_schema!`, `params!`),
/// which bring `schema::Type`'s variants into scope. Node schemas are the
/// `SCHEMA` static of each node's module.
pub(crate) fn schema_type(api: &Api, ty: &Type) -> TokenStream {
    match ty {
        Type::Bool => quote!(Bool),
        Type::String => quote!(String),
        Type::Int32 => quote!(Int32),
        Type::UInt32 => quote!(UInt32),
        Type::Int64 => quote!(Int64),
        Type::UInt64 => quote!(UInt64),
        Type::Float => quote!(Float),
        Type::DateTime => quote!(DateTime),
        Type::Object => quote!(Object),
        Type::File => quote!(File),
        Type::List(item) => {
            let item = schema_type(api, item);
            quote!(List(&#item))
        }
        Type::Map(key, value) => {
            let key = schema_type(api, key);
            let value = schema_type(api, value);
            quote!(Map(&#key, &#value))
        }
        Type::EdgePage(item) => {
            let item = schema_type(api, item);
            quote!(Edge(&#item))
        }
        Type::Node(id) => {
            let module = &api.nodes[*id].module;
            quote!(Node(&crate::nodes::#module::SCHEMA))
        }
        Type::Enum(id) => {
            let name = &api.enums[*id].rust;
            quote!(Enum(&crate::enums::#name::SCHEMA))
        }
    }
}
