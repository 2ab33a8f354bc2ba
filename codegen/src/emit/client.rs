//! The crate's `Client`: one accessor per node the spec lets you read.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{allow_deprecated, deprecated, doc};
use crate::ir::Api;

/// Types this module defines at the crate root.
pub(crate) const ROOT_TYPES: &[&str] = &["GraphClient", "Client", "BlockingClient"];

/// Methods and associated functions of `GraphClient` besides the node
/// accessors (`BuildClient::build_client` included: an inherent method of
/// that name would shadow it).
pub(crate) const CLIENT_METHODS: &[&str] = &[
    "new",
    "builder",
    "transport",
    "build_client",
    "batch",
    "with_token",
    "with_token_and_secret",
    "nodes",
    "me",
];

/// The `client` module.
pub(crate) fn module(api: &Api) -> TokenStream {
    let accessors = api.nodes.iter().filter_map(|node| {
        let handle = node.handle.as_ref()?;
        let (name, method) = (&handle.name, &handle.accessor);
        let reads = match &node.read {
            Some(_) => ": `.fields([…]).get()` reads it",
            None => "",
        };
        let docs = doc::text(&format!("A {} by id{reads}.", doc::code(&node.name)));
        let deprecated = deprecated(node.deprecated.as_ref());
        let allow = allow_deprecated(node.deprecated.is_some());
        let me = handle.is_me.then(|| {
            let me_doc = doc::text(&format!(
                "The {} the access token belongs to (`/me`): `.fields([…]).get()` reads it.",
                doc::code(&node.name)
            ));
            quote! {
                #me_doc
                #deprecated
                #allow
                pub fn me(&self) -> crate::#name<'_, C> {
                    crate::#name::new(::graph_runtime::NodeRef::new(&self.inner, "me"))
                }
            }
        });
        Some(quote! {
            #docs
            #deprecated
            #allow
            pub fn #method(&self, id: impl ::core::convert::Into<::std::string::String>) -> crate::#name<'_, C> {
                crate::#name::new(::graph_runtime::NodeRef::new(&self.inner, id))
            }
            #me
        })
    });
    let version = &api.api_version;
    let client_doc = doc::text(&format!(
        "A Graph API client for the nodes of this crate's spec (API version {version}).\n\n\
         Cheap to clone. The access token is sent as a bearer header, never in the URL, and never printed.\n\n\
         Use it as [`Client`] (async) or, with the `blocking` feature, `BlockingClient`."
    ));
    quote! {
        //! The client: entry point for reading nodes over HTTP.

        #client_doc
        #[derive(Debug, Clone)]
        pub struct GraphClient<C> {
            inner: C,
        }

        /// The async client: [`GraphClient`] over `graph_runtime::Client`.
        pub type Client = GraphClient<::graph_runtime::Client>;

        /// A client whose requests block the calling thread (feature `blocking`);
        /// the same methods as [`Client`], without `.await`.
        #[cfg(feature = "blocking")]
        pub type BlockingClient = GraphClient<::graph_runtime::blocking::Client>;

        impl<C: ::graph_runtime::BuildClient> GraphClient<C> {
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

        impl<C: ::graph_runtime::BuildClient> ::graph_runtime::BuildClient for GraphClient<C> {
            fn build_client(
                config: ::graph_runtime::ClientConfig,
            ) -> ::core::result::Result<Self, ::graph_runtime::Error> {
                C::build_client(config).map(|inner| GraphClient { inner })
            }
        }

        impl<C: ::graph_runtime::Transport> ::core::convert::From<C> for GraphClient<C> {
            fn from(inner: C) -> Self {
                GraphClient { inner }
            }
        }

        impl<C: ::graph_runtime::Transport> GraphClient<C> {
            /// The runtime client underneath, for requests this crate has no method for.
            pub fn transport(&self) -> &C {
                &self.inner
            }

            /// A batch: add reads, edge lists and writes made from this client, then `send()` them in one request (split at 50).
            pub fn batch(&self) -> ::graph_runtime::Batch<'_, C> {
                ::graph_runtime::Batch::new(&self.inner)
            }

            /// A client for another access token (a Page's, say) sharing this one's connection pool, governor and settings; requests are signed with the same app secret, if any.
            pub fn with_token(&self, access_token: impl ::core::convert::Into<::graph_runtime::AccessToken>) -> Self {
                GraphClient { inner: ::graph_runtime::Transport::for_token(&self.inner, access_token.into()) }
            }

            /// [`GraphClient::with_token`] for a token of another app, signed with its app secret.
            pub fn with_token_and_secret(
                &self,
                access_token: impl ::core::convert::Into<::graph_runtime::AccessToken>,
                app_secret: impl ::core::convert::Into<::graph_runtime::AppSecret>,
            ) -> Self {
                GraphClient {
                    inner: ::graph_runtime::Transport::for_token_and_secret(&self.inner, access_token.into(), app_secret.into()),
                }
            }

            /// Several nodes of type `N` in one request (`?ids=`, at most 50): `.fields([…]).get()` returns them by id.
            pub fn nodes<N: ::graph_runtime::Node>(
                &self,
                ids: impl ::core::iter::IntoIterator<Item = impl ::core::convert::Into<::std::string::String>>,
            ) -> ::graph_runtime::NodesRead<'_, N, C> {
                ::graph_runtime::NodesRead::new(&self.inner, ids)
            }

            #(#accessors)*
        }
    }
}
