//! One operation's parameters → a struct the caller fills in.
//!
//! Required parameters are plain fields set by `new`; optional ones are
//! `Option`s, so `Params { limit: Some(10), ..Params::new(required) }` reads
//! naturally. The struct also carries the static parameter schema, which the
//! runtime checks (required, types, enum values) before sending.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::types::{rust_type, schema_type};
use crate::emit::{allow_deprecated, deprecated, doc};
use crate::ir::{Api, Node, Operation, Param, Type};

/// The parameters struct of `op`, if it has parameters.
pub(crate) fn params_struct(api: &Api, node: &Node, op: &Operation) -> TokenStream {
    let Some(name) = &op.params_type else {
        return TokenStream::new();
    };
    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    let docs = doc::text(&format!(
        "Parameters of `{}` on {}{}.",
        op.method.as_str(),
        doc::code(&node.name),
        if required.is_empty() {
            String::new()
        } else {
            format!(
                "; required: {}",
                required
                    .iter()
                    .map(|p| doc::code(&p.wire))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    ));
    let builder_note = (!op.builder_params.is_empty()).then(|| {
        let names: Vec<String> = op.builder_params.iter().map(|p| doc::code(p)).collect();
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
            lines = doc::text_lines(&doc::code(&p.wire));
        }
        if p.required {
            lines.extend(doc::text_lines("\nRequired."));
        }
        let docs = doc::to_attrs(&lines);
        let deprecated = deprecated(p.deprecated.as_ref());
        let allow = allow_deprecated(api.mentions_deprecated(&p.ty));
        if p.required {
            quote! { #docs #deprecated #allow pub #field: #ty, }
        } else {
            quote! { #docs #deprecated #allow pub #field: Option<#ty>, }
        }
    });
    let attached = op.attached_files.as_ref().map(|field| {
        quote! {
            /// Files sent under their own file names, each a part of the
            /// `multipart/form-data` body.
            pub #field: Vec<::graph_runtime::Upload>,
        }
    });
    let args = required.iter().map(|p| {
        let field = &p.rust;
        let ty = rust_type(api, &p.ty);
        quote!(#field: #ty)
    });
    let too_many = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    // `new` names every field, deprecated ones too.
    let allow_new = allow_deprecated(
        op.params
            .iter()
            .any(|p| p.deprecated.is_some() || api.mentions_deprecated(&p.ty)),
    );
    let mut sorted: Vec<&Param> = op.params.iter().collect();
    sorted.sort_by(|a, b| a.wire.cmp(&b.wire));
    let table = sorted.iter().map(|p| {
        let (wire, field) = (&p.wire, &p.rust);
        let kind = if p.required { quote!(req) } else { quote!(opt) };
        let ty = schema_type(api, &p.ty);
        quote!(#kind #wire #field: #ty)
    });
    // The `file` parameters again, and the attached files: `Params::files`.
    let files: Vec<TokenStream> = sorted
        .iter()
        .filter(|p| p.ty == Type::File)
        .map(|p| {
            let (wire, field) = (&p.wire, &p.rust);
            let kind = if p.required { quote!(req) } else { quote!(opt) };
            quote!(#kind #wire #field)
        })
        .collect();
    let files = (!files.is_empty()).then(|| quote!(; files #(#files),*));
    let attached_table = op
        .attached_files
        .as_ref()
        .map(|field| quote!(; attached #field));
    let (derive_default, new_doc, new_body) = if required.is_empty() {
        (
            Some(quote!(Default,)),
            doc::text("No parameters set."),
            quote!(Self::default()),
        )
    } else {
        let required_names = required.iter().map(|p| &p.rust);
        let optional_names = op.params.iter().filter(|p| !p.required).map(|p| &p.rust);
        let attached_names = op.attached_files.iter();
        (
            None,
            doc::text("The required parameters; set optional ones with struct update syntax."),
            quote!(Self {
                #(#required_names,)*
                #(#optional_names: None,)*
                #(#attached_names: Vec::new(),)*
            }),
        )
    };
    quote! {
        #docs
        #builder_note
        #[derive(Clone, PartialEq, #derive_default)]
        pub struct #name {
            #(#fields)*
            #attached
        }

        impl #name {
            #new_doc
            #too_many
            #allow_new
            pub fn new(#(#args),*) -> Self {
                #new_body
            }
        }

        ::graph_runtime::__private::params!(#name; #(#table),* #files #attached_table);
    }
}
