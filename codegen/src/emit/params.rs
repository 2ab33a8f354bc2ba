//! One operation's parameters → a struct the caller fills in.
//!
//! Required parameters are plain fields set by `new`; optional ones are
//! `Option`s, so `Params { limit: Some(10), ..Params::new(required) }` reads
//! naturally. The struct also carries the static parameter schema, which the
//! runtime checks (required, types, enum values) before sending.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::doc;
use crate::emit::types::{rust_type, schema_type};
use crate::ir::{Api, Node, Operation, Param};

/// The parameters struct of `op`, if it has parameters.
pub(crate) fn params_struct(api: &Api, node: &Node, op: &Operation) -> TokenStream {
    let Some(name) = &op.params_type else {
        return TokenStream::new();
    };
    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    let docs = doc::text(&format!(
        "Parameters of `{}` on `{}`{}.",
        op.method.as_str(),
        node.name,
        if required.is_empty() {
            String::new()
        } else {
            format!(
                "; required: {}",
                required
                    .iter()
                    .map(|p| format!("`{}`", p.wire))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    ));
    let builder_note = (!op.builder_params.is_empty()).then(|| {
        let names: Vec<String> = op.builder_params.iter().map(|p| format!("`{p}`")).collect();
        doc::text(&format!(
            "\nThe spec also lists {}, which the request builder and the client set themselves.",
            names.join(", ")
        ))
    });
    let fields = op.params.iter().map(|p| {
        let field = &p.rust;
        let ty = rust_type(api, &p.ty);
        let mut lines = doc::spec_lines(p.description.as_deref().unwrap_or(""));
        if lines.is_empty() {
            lines = doc::text_lines(&format!("`{}`", p.wire));
        }
        if p.required {
            lines.extend(doc::text_lines("\nRequired."));
        }
        let docs = doc::to_attrs(&lines);
        let rename = p
            .rename
            .as_ref()
            .map(|wire| quote!(#[serde(rename = #wire)]));
        if p.required {
            quote! { #docs #rename pub #field: #ty, }
        } else {
            quote! {
                #docs
                #rename
                #[serde(skip_serializing_if = "::core::option::Option::is_none")]
                pub #field: ::core::option::Option<#ty>,
            }
        }
    });
    let args = required.iter().map(|p| {
        let field = &p.rust;
        let ty = rust_type(api, &p.ty);
        quote!(#field: #ty)
    });
    let required_names = required.iter().map(|p| &p.rust);
    let optional_names = op.params.iter().filter(|p| !p.required).map(|p| &p.rust);
    let derive_default = required.is_empty().then(|| quote!(Default,));
    let too_many = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let mut sorted: Vec<&Param> = op.params.iter().collect();
    sorted.sort_by(|a, b| a.wire.cmp(&b.wire));
    let schema = sorted.iter().map(|p| {
        let wire = &p.wire;
        let ty = schema_type(api, &p.ty);
        let required = p.required;
        quote!(schema::ParamSchema { name: #wire, ty: #ty, required: #required })
    });
    let new_doc = if required.is_empty() {
        doc::text("No parameters set.")
    } else {
        doc::text("The required parameters; set optional ones with struct update syntax.")
    };
    quote! {
        #docs
        #builder_note
        #[derive(Debug, Clone, PartialEq, #derive_default serde::Serialize)]
        #[serde(crate = "::graph_runtime::serde")]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #new_doc
            #too_many
            pub fn new(#(#args),*) -> Self {
                Self {
                    #(#required_names,)*
                    #(#optional_names: ::core::option::Option::None,)*
                }
            }
        }

        impl ::graph_runtime::Params for #name {
            const SCHEMA: &'static [schema::ParamSchema] = &[#(#schema),*];
        }
    }
}
