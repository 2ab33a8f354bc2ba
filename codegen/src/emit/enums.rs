//! Every spec enum → one module of enums with an `Other` catch-all.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{deprecated, doc};
use crate::ir::{Api, Enum};

/// The catch-all variant every generated enum has, for values the spec does not list.
pub(crate) const ENUM_VARIANTS: &[&str] = &["Other"];

/// The `enums` module.
pub(crate) fn module(api: &Api) -> TokenStream {
    let enums = api.enums.iter().map(one);
    quote! {
        //! Every enum of the spec. Each has a variant per listed value and
        //! `Other` for values the API adds later, so those still decode.

        #(#enums)*
    }
}

fn one(e: &Enum) -> TokenStream {
    let name = &e.rust;
    let spec_name = &e.name;
    let docs = doc::described(
        e.description.as_deref(),
        &format!("The {} enum.", doc::code(spec_name)),
    );
    let also = (!e.aliases.is_empty()).then(|| {
        let names: Vec<String> = e.aliases.iter().map(|a| doc::code(&a.name)).collect();
        doc::text(&format!(
            "\nThe spec's {} have the same values; each name is an alias of this type.",
            names.join(", ")
        ))
    });
    let aliases = e.aliases.iter().map(|a| {
        let alias = &a.rust;
        let alias_doc = doc::text(&format!(
            "The spec's {} enum: the same values as [`{name}`].",
            doc::code(&a.name)
        ));
        quote! {
            #alias_doc
            pub type #alias = #name;
        }
    });
    let variants: Vec<_> = e
        .values
        .iter()
        .map(|v| {
            let (variant, deprecated) = (&v.variant, deprecated(v.deprecated.as_ref()));
            quote!(#deprecated #variant)
        })
        .collect();
    let variant_docs = e.values.iter().map(|v| {
        if v.wire.is_empty() {
            doc::text("`\"\"` (the empty string)")
        } else {
            doc::text(&doc::code(&v.wire))
        }
    });
    let table = e.values.iter().map(|v| {
        let (variant, wire) = (&v.variant, &v.wire);
        quote!(#variant #wire)
    });
    quote! {
        #docs
        #also
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A value the spec does not list, as the API sent it.
            Other(::graph_runtime::enums::UnknownValue),
        }

        ::graph_runtime::__private::enum_table!(#name #spec_name; #(#table),*);

        #(#aliases)*
    }
}
