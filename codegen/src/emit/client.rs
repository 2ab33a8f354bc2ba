//! The crate's `Client`: one accessor per node the spec lets you read.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{doc, rust_ident};
use crate::ir::Api;

/// The `client` module.
pub(crate) fn module(api: &Api) -> TokenStream {
    let accessors = api.nodes.iter().filter(|n| n.read.is_some()).map(|node| {
        let method = rust_ident(&node.accessor);
        let handle = rust_ident(&node.handle);
        let docs = doc::text(&format!(
            "A `{}` by id: `.fields([…]).get()` reads it{}.",
            node.name,
            if node.fields.iter().any(|f| f.ty.direct_node().is_some()) {
                ", and its node fields can be read by expansion"
            } else {
                ""
            }
        ));
        quote! {
            #docs
            pub fn #method(&self, id: impl ::core::convert::Into<::std::string::String>) -> crate::#handle<'_, C> {
                crate::#handle::new(::graph_runtime::NodeRef::new(&self.inner, id))
            }
        }
    });
    let version = &api.api_version;
    let client_doc = doc::text(&format!(
        "A Graph API client for the nodes of this crate's spec (API version {version}).\n\n\
         Cheap to clone. The access token is sent as a bearer header, never in the URL, and never printed.\n\n\
         With the `blocking` feature, [`BlockingClient`](crate::BlockingClient) offers the same methods without async."
    ));
    quote! {
        //! The client: entry point for reading nodes over HTTP.

        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client<C = ::graph_runtime::Client> {
            inner: C,
        }

        /// A [`Client`] whose requests block the calling thread (feature `blocking`).
        #[cfg(feature = "blocking")]
        pub type BlockingClient = Client<::graph_runtime::blocking::Client>;

        impl Client {
            /// A client with the default settings: `https://graph.facebook.com`, the spec's API version, 3 attempts, 30 s timeout.
            pub fn new(
                access_token: impl ::core::convert::Into<::graph_runtime::AccessToken>,
            ) -> ::core::result::Result<Self, ::graph_runtime::Error> {
                Self::builder(access_token).build()
            }

            /// A builder to set the base URL, app secret, retries or timeout.
            pub fn builder(
                access_token: impl ::core::convert::Into<::graph_runtime::AccessToken>,
            ) -> ::graph_runtime::ClientBuilder<Self> {
                ::graph_runtime::ClientBuilder::new(access_token).api_version(crate::API_VERSION)
            }
        }

        #[cfg(feature = "blocking")]
        impl Client<::graph_runtime::blocking::Client> {
            /// A blocking client with the default settings.
            pub fn new(
                access_token: impl ::core::convert::Into<::graph_runtime::AccessToken>,
            ) -> ::core::result::Result<Self, ::graph_runtime::Error> {
                Self::builder(access_token).build()
            }

            /// A builder for a blocking client.
            pub fn builder(
                access_token: impl ::core::convert::Into<::graph_runtime::AccessToken>,
            ) -> ::graph_runtime::ClientBuilder<Self> {
                ::graph_runtime::ClientBuilder::new(access_token).api_version(crate::API_VERSION)
            }
        }

        impl<C: ::graph_runtime::BuildClient> ::graph_runtime::BuildClient for Client<C> {
            fn build_client(
                config: ::graph_runtime::ClientConfig,
            ) -> ::core::result::Result<Self, ::graph_runtime::Error> {
                C::build_client(config).map(|inner| Client { inner })
            }
        }

        impl<C> ::core::convert::From<C> for Client<C> {
            fn from(inner: C) -> Self {
                Client { inner }
            }
        }

        impl<C: ::graph_runtime::Transport> Client<C> {
            /// The runtime client underneath, for requests this crate has no method for.
            pub fn transport(&self) -> &C {
                &self.inner
            }

            #(#accessors)*
        }
    }
}
