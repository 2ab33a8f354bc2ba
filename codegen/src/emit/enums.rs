//! Every spec enum → one module of enums with an `Other` catch-all.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::doc;
use crate::ir::{Api, Enum};

/// The catch-all variant every generated enum has, for values the spec does not list.
pub(crate) const ENUM_VARIANTS: &[&str] = &["Other"];

/// The `enums` module.
pub(crate) fn module(api: &Api) -> TokenStream {
    let enums = api.enums.iter().map(one);
    quote! {
        //! Every enum of the spec. Each has a variant per listed value and
        //! `Other` for values the API adds later, so those still decode.
                use ::graph_runtime::schema;

        #(#enums)*
    }
}

fn one(e: &Enum) -> TokenStream {
    let name = &e.rust;
    let spec_name = &e.name;
    let docs = doc::described(
        e.description.as_deref(),
        &format!("The `{spec_name}` enum."),
    );
    let variants: Vec<_> = e.values.iter().map(|v| &v.variant).collect();
    let variant_docs = e.values.iter().map(|v| {
        if v.wire.is_empty() {
            doc::text("`\"\"` (the empty string)")
        } else {
            doc::text(&format!("`{}`", v.wire.replace('`', "'")))
        }
    });
    let wires: Vec<_> = e.values.iter().map(|v| &v.wire).collect();
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A value the spec does not list, as the API sent it.
            Other(::graph_runtime::enums::UnknownValue),
        }

        impl #name {
            /// The values the spec lists, in spec order.
            pub const VALUES: &'static [&'static str] = &[#(#wires),*];

            /// The enum's schema, for validation.
            pub const SCHEMA: schema::EnumSchema = schema::EnumSchema {
                name: #spec_name,
                values: Self::VALUES,
            };

            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #wires, )*
                    Self::Other(value) => value.as_str(),
                }
            }

            /// Whether this is a value the spec lists.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Other(_))
            }
        }

        impl ::graph_runtime::GraphEnum for #name {
            const NAME: &'static str = #spec_name;
            const VALUES: &'static [&'static str] = Self::VALUES;

                        const KNOWN: &'static [Self] = &[#(Self::#variants),*];

            fn from_other(value: ::graph_runtime::enums::UnknownValue) -> Self {
                Self::Other(value)
            }

            fn as_str(&self) -> &str {
                Self::as_str(self)
            }
        }

        ::graph_runtime::__private::enum_impls!(#name);
    }
}
