//! Every spec enum → one module of enums with an `Other` catch-all.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{doc, rust_ident};
use crate::ir::{Api, Enum};

/// The `enums` module.
pub(crate) fn module(api: &Api) -> TokenStream {
    let enums = api.enums.iter().map(one);
    quote! {
        //! Every enum of the spec. Each has a variant per listed value and
        //! `Other` for values the API adds later, so those still decode.
        use ::graph_runtime::schema;
        use ::graph_runtime::GraphEnum as _;

        #(#enums)*
    }
}

fn one(e: &Enum) -> TokenStream {
    let name = rust_ident(&e.rust);
    let spec_name = &e.name;
    let docs = doc::described(
        e.description.as_deref(),
        &format!("The `{spec_name}` enum."),
    );
    let variants: Vec<_> = e.values.iter().map(|v| rust_ident(&v.variant)).collect();
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

            fn from_known(value: &str) -> ::core::option::Option<Self> {
                match value {
                    #( #wires => ::core::option::Option::Some(Self::#variants), )*
                    _ => ::core::option::Option::None,
                }
            }

            fn from_other(value: ::graph_runtime::enums::UnknownValue) -> Self {
                Self::Other(value)
            }

            fn as_str(&self) -> &str {
                Self::as_str(self)
            }
        }

        impl ::core::str::FromStr for #name {
            type Err = ::core::convert::Infallible;

            /// Never fails: a value the spec does not list becomes `Other`.
            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                ::core::result::Result::Ok(Self::from_wire(s))
            }
        }

        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::graph_runtime::serde::Serialize for #name {
            fn serialize<S: ::graph_runtime::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                ::graph_runtime::enums::serialize(self, serializer)
            }
        }

        impl<'de> ::graph_runtime::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::graph_runtime::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                ::graph_runtime::enums::deserialize(deserializer)
            }
        }
    }
}
