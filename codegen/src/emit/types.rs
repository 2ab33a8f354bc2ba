//! IR types → Rust types and schema expressions: the one mapping of both.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, Type};

/// The Rust type of a value of `ty` (the field type without its `Option`).
pub(crate) fn rust_type(api: &Api, ty: &Type) -> TokenStream {
    match ty {
        Type::Bool => quote!(bool),
        Type::String => quote!(::std::string::String),
        Type::Int32 => quote!(i32),
        Type::UInt32 => quote!(u32),
        Type::Int64 => quote!(i64),
        Type::UInt64 => quote!(u64),
        Type::Float => quote!(f64),
        Type::DateTime => quote!(::graph_runtime::DateTime),
        Type::Object | Type::File => quote!(::graph_runtime::serde_json::Value),
        Type::List(item) => {
            let item = rust_type(api, item);
            quote!(::std::vec::Vec<#item>)
        }
        Type::Map(key, value) => {
            let key = rust_type(api, key);
            let value = rust_type(api, value);
            quote!(::std::collections::BTreeMap<#key, #value>)
        }
        Type::EdgePage(item) => {
            let item = rust_type(api, item);
            quote!(::graph_runtime::EdgePage<#item>)
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

/// A `schema::Type` expression describing `ty`, for the static schema.
/// Node schemas are the `SCHEMA` static of each node's module.
pub(crate) fn schema_type(api: &Api, ty: &Type) -> TokenStream {
    match ty {
        Type::Bool => quote!(schema::Type::Bool),
        Type::String => quote!(schema::Type::String),
        Type::Int32 => quote!(schema::Type::Int32),
        Type::UInt32 => quote!(schema::Type::UInt32),
        Type::Int64 => quote!(schema::Type::Int64),
        Type::UInt64 => quote!(schema::Type::UInt64),
        Type::Float => quote!(schema::Type::Float),
        Type::DateTime => quote!(schema::Type::DateTime),
        Type::Object => quote!(schema::Type::Object),
        Type::File => quote!(schema::Type::File),
        Type::List(item) => {
            let item = schema_type(api, item);
            quote!(schema::Type::List(&#item))
        }
        Type::Map(key, value) => {
            let key = schema_type(api, key);
            let value = schema_type(api, value);
            quote!(schema::Type::Map(&#key, &#value))
        }
        Type::EdgePage(item) => {
            let item = schema_type(api, item);
            quote!(schema::Type::Edge(&#item))
        }
        Type::Node(id) => {
            let module = &api.nodes[*id].module;
            quote!(schema::Type::Node(&crate::nodes::#module::SCHEMA))
        }
        Type::Enum(id) => {
            let name = &api.enums[*id].rust;
            quote!(schema::Type::Enum(&crate::enums::#name::SCHEMA))
        }
    }
}
