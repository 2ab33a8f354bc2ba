//! Request builders for reading nodes, and [`NodeRef`], where every call
//! generated code makes starts: reads here, edge lists in [`crate::edge`],
//! writes in [`crate::write`].
//!
//! ```no_run
//! # use graph_runtime::{Client, FieldSelection, Node, NodeRef, NoParams};
//! # async fn demo<Page: Node, VoipInfo: Node>(client: &Client, fields: Vec<VoipInfo::Field>) -> Result<(), graph_runtime::Error> {
//! // GET /v19.0/1234
//! let page = NodeRef::new(client, "1234").read::<Page, NoParams>().get().await?.data;
//! // GET /v19.0/1234?fields=voip_info{is_callable,reason_code}
//! let voip = NodeRef::new(client, "1234").expand::<VoipInfo>("voip_info").fields(fields).get().await?.data;
//! # Ok(()) }
//! ```
//!
//! Builders are generic over the [`Transport`]; `get` is `async` for
//! [`Client`] and blocking for `blocking::Client`. Both build the same
//! [`GraphRequest`] and decode with the same functions, so the two differ
//! only in how they wait.

use std::fmt;
use std::marker::PhantomData;

use serde::de::DeserializeOwned;

use crate::batch::{self, BatchOp, DecodeSpec, Decoder, Planned};
use crate::client::{Client, Transport};
use crate::decode;
use crate::edge::EdgeList;
use crate::error::Error;
use crate::field::FieldSelection;
use crate::node::Node;
use crate::params::{self, NoParams, Params};
use crate::request::{GraphRequest, Method};
use crate::response::{Body, Response};
use crate::upload::Upload;
use crate::video::VideoUpload;
use crate::write::Write;
use graph_model::selection_methods;

/// A node by id, before choosing what to read from it.
///
/// Generated node handles (`client.page(id)`) wrap one and call its methods
/// with the spec's wire names and types; by hand, the same methods reach
/// any node or edge the spec leaves out, typed by the model you name.
pub struct NodeRef<'c, C = Client> {
    client: &'c C,
    id: String,
}

impl<'c, C: Transport> NodeRef<'c, C> {
    /// The node `id` (`"1234"`, `"me"`, `"1234_5678"`), read through `client`.
    ///
    /// The id is exactly one path segment, whatever it holds: `"123/adsets"`
    /// is sent as `123%2Fadsets` and names no edge. An empty id, `.` or `..`
    /// is refused with [`Error::InvalidRequest`] when a request is sent.
    pub fn new(client: &'c C, id: impl Into<String>) -> Self {
        NodeRef {
            client,
            id: id.into(),
        }
    }

    /// The node id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The client requests go through.
    pub fn client(&self) -> &'c C {
        self.client
    }

    /// Reads the node itself: `GET /{version}/{id}?fields=…`, with the read
    /// operation's parameters `P` ([`NoParams`] if it has none).
    pub fn read<N: Node, P: Params>(self) -> NodeRead<'c, N, C, P> {
        NodeRead {
            client: self.client,
            id: self.id,
            selection: FieldSelection::new(),
            params: None,
            strict: None,
            node: PhantomData,
        }
    }

    /// Lists an edge of the node: `GET /{version}/{id}/{edge}`, paged.
    pub fn edge<T: DeserializeOwned, P: Params>(self, edge: &'static str) -> EdgeList<'c, T, C, P> {
        EdgeList::new(self.client, self.id, edge)
    }

    /// Creates on an edge: `POST /{version}/{id}/{edge}` with `params` as a form body.
    pub fn create<R: DeserializeOwned, P: Params>(
        self,
        edge: &'static str,
        params: P,
    ) -> Write<'c, R, C> {
        let segments = vec![self.id, edge.to_owned()];
        Write::new(self.client, Method::Post, segments, &params)
    }

    /// A resumable video upload of `file` to an edge of this node
    /// (`advideos`): see [`video`](crate::video).
    pub fn video_upload(self, edge: &'static str, file: Upload) -> VideoUpload<'c, C> {
        VideoUpload::new(self.client, self.id, file).edge(edge)
    }

    /// Deletes on an edge: `DELETE /{version}/{id}/{edge}` with `params` in the query.
    pub fn delete_edge<R: DeserializeOwned, P: Params>(
        self,
        edge: &'static str,
        params: P,
    ) -> Write<'c, R, C> {
        let segments = vec![self.id, edge.to_owned()];
        Write::new(self.client, Method::Delete, segments, &params)
    }

    /// Updates the node: `POST /{version}/{id}` with `params` as a form body.
    pub fn update<R: DeserializeOwned, P: Params>(self, params: P) -> Write<'c, R, C> {
        Write::new(self.client, Method::Post, vec![self.id], &params)
    }

    /// Deletes the node: `DELETE /{version}/{id}` with `params` in the query.
    pub fn delete<R: DeserializeOwned, P: Params>(self, params: P) -> Write<'c, R, C> {
        Write::new(self.client, Method::Delete, vec![self.id], &params)
    }

    /// Reads the node-typed field `field` of this node through field
    /// expansion: `GET /{version}/{id}?fields=field{…}`.
    pub fn expand<N: Node>(self, field: &'static str) -> FieldRead<'c, N, C> {
        FieldRead {
            client: self.client,
            parent_id: self.id,
            field,
            selection: FieldSelection::new(),
            strict: None,
            node: PhantomData,
        }
    }
}

impl<C> Clone for NodeRef<'_, C> {
    fn clone(&self) -> Self {
        NodeRef {
            client: self.client,
            id: self.id.clone(),
        }
    }
}

impl<C> fmt::Debug for NodeRef<'_, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NodeRef").field("id", &self.id).finish()
    }
}

/// Reads a node: `GET /{version}/{id}?fields=…`, with the read operation's
/// parameters `P`. With no fields selected, the API returns the node's
/// default fields.
///
/// Parameters are checked against `P::SCHEMA` before anything is sent; when
/// the read has required parameters, leaving out [`NodeRead::params`] is an
/// [`Error::InvalidParams`].
#[must_use = "a read does nothing until `get` is called"]
pub struct NodeRead<'c, N, C = Client, P = NoParams> {
    client: &'c C,
    id: String,
    selection: FieldSelection,
    params: Option<P>,
    strict: Option<bool>,
    node: PhantomData<fn() -> N>,
}

impl<N: Node, C: Transport, P: Params> NodeRead<'_, N, C, P> {
    selection_methods!(N::Field, "");

    /// The read operation's parameters.
    pub fn params(mut self, params: P) -> Self {
        self.params = Some(params);
        self
    }

    /// Decodes the response strictly (or not), whatever the client's
    /// [`strict`](crate::ClientBuilder::strict) setting: in strict mode a
    /// value that does not fit its declared type is an [`Error::Decode`]
    /// rather than a [warning](Response::warnings).
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = Some(strict);
        self
    }

    /// The request `get` sends, after checking the parameters (which may not
    /// set [`READ_PARAMS`](params::READ_PARAMS): `fields` comes from the selection).
    pub fn to_request(&self) -> Result<GraphRequest, Error> {
        let params = params::encode(self.params.as_ref(), params::READ_PARAMS)?;
        let mut request = GraphRequest::from_segments(Method::Get, [self.id.as_str()]);
        if !self.selection.is_empty() {
            request = request.param("fields", self.selection.to_text());
        }
        Ok(request.with_params(params))
    }

    fn decode(&self, response: Response<Body>) -> Result<Response<N>, Error> {
        decode::response(self.client, response, self.strict)
    }
}

impl<N: Node, P: Params> NodeRead<'_, N, Client, P> {
    /// Sends the request and decodes the node.
    pub async fn get(self) -> Result<Response<N>, Error> {
        let response = self.client.fetch(self.to_request()?).await?;
        self.decode(response)
    }
}

#[cfg(feature = "blocking")]
impl<N: Node, P: Params> NodeRead<'_, N, crate::blocking::Client, P> {
    /// Sends the request and decodes the node, blocking.
    pub fn get(self) -> Result<Response<N>, Error> {
        let response = self.client.fetch(self.to_request()?)?;
        self.decode(response)
    }
}

impl<N, C, P: fmt::Debug> fmt::Debug for NodeRead<'_, N, C, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NodeRead")
            .field("id", &self.id)
            .field("selection", &self.selection)
            .field("params", &self.params)
            .field("strict", &self.strict)
            .finish()
    }
}

/// Reads a node-typed field of a parent node through field expansion:
/// `GET /{version}/{parent}?fields=voip_info{is_callable,reason_code}`.
///
/// `get` returns `None` when the parent has no value for the field. With no
/// fields selected, the API returns the field's default fields (`fields=voip_info`).
/// Decoding errors name the path from the parent (`voip_info.reason_code`).
#[must_use = "a read does nothing until `get` is called"]
pub struct FieldRead<'c, N, C = Client> {
    client: &'c C,
    parent_id: String,
    field: &'static str,
    selection: FieldSelection,
    strict: Option<bool>,
    node: PhantomData<fn() -> N>,
}

impl<N: Node, C: Transport> FieldRead<'_, N, C> {
    selection_methods!(N::Field, " of the expanded node (inside the braces)");

    /// Decodes the response strictly (or not), whatever the client's
    /// [`strict`](crate::ClientBuilder::strict) setting: in strict mode a
    /// value that does not fit its declared type is an [`Error::Decode`]
    /// rather than a [warning](Response::warnings).
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = Some(strict);
        self
    }

    /// The request `get` sends.
    pub fn to_request(&self) -> GraphRequest {
        let expansion = FieldSelection::new().nested(self.field, self.selection.clone());
        GraphRequest::from_segments(Method::Get, [self.parent_id.as_str()])
            .param("fields", expansion.to_text())
    }

    fn decode(&self, response: Response<Body>) -> Result<Response<Option<N>>, Error> {
        decode_field(self.client, response, self.field, self.strict)
    }
}

/// The value of `field` in a parent's body, decoded as `N`: `None` when the
/// parent has no value for it. Errors and warnings name the path from the parent.
fn decode_field<N: Node, C: Transport>(
    client: &C,
    response: Response<Body>,
    field: &str,
    strict: Option<bool>,
) -> Result<Response<Option<N>>, Error> {
    decode::member(client, response, field, strict)
}

impl<N: Node, C: Transport, P: Params> BatchOp<C> for NodeRead<'_, N, C, P> {
    type Output = N;

    fn into_planned(self) -> Planned<N, C> {
        let spec = DecodeSpec {
            strict: self.strict,
            field: None,
        };
        Planned::new(
            self.to_request(),
            Decoder::new(batch::decode_body::<N, C>, spec),
        )
    }
}

impl<N: Node, C: Transport> BatchOp<C> for FieldRead<'_, N, C> {
    type Output = Option<N>;

    fn into_planned(self) -> Planned<Option<N>, C> {
        fn decode<N: Node, C: Transport>(
            client: &C,
            response: Response<Body>,
            spec: &DecodeSpec,
        ) -> Result<Response<Option<N>>, Error> {
            decode_field(
                client,
                response,
                spec.field.unwrap_or_default(),
                spec.strict,
            )
        }
        let spec = DecodeSpec {
            strict: self.strict,
            field: Some(self.field),
        };
        Planned::new(Ok(self.to_request()), Decoder::new(decode::<N, C>, spec))
    }
}

impl<N: Node> FieldRead<'_, N, Client> {
    /// Sends the request and decodes the field; `None` if the parent has no value for it.
    pub async fn get(self) -> Result<Response<Option<N>>, Error> {
        let response = self.client.fetch(self.to_request()).await?;
        self.decode(response)
    }
}

#[cfg(feature = "blocking")]
impl<N: Node> FieldRead<'_, N, crate::blocking::Client> {
    /// Sends the request and decodes the field, blocking; `None` if the parent has no value for it.
    pub fn get(self) -> Result<Response<Option<N>>, Error> {
        let response = self.client.fetch(self.to_request())?;
        self.decode(response)
    }
}

impl<N, C> fmt::Debug for FieldRead<'_, N, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FieldRead")
            .field("parent_id", &self.parent_id)
            .field("field", &self.field)
            .field("selection", &self.selection)
            .field("strict", &self.strict)
            .finish()
    }
}

/// The most ids one `?ids=` request may name: Graph refuses more than 50.
pub const MAX_IDS: usize = 50;

/// Reads several nodes of one type in one request:
/// `GET /{version}/?ids=1,2,3&fields=…`, decoded into a map from each id
/// to its node.
///
/// Ids are checked before anything is sent: none, more than [`MAX_IDS`], an
/// empty one, or one holding a comma is an [`Error::InvalidRequest`]. For
/// more ids, or nodes of different types, use a [batch](crate::Batch).
/// Decoding warnings and errors name the id they come from
/// (`["1234"].reason_code`).
///
/// ```no_run
/// # use graph_runtime::{Client, Node, NodesRead};
/// # async fn demo<Page: Node>(client: &Client, fields: Vec<Page::Field>) -> Result<(), graph_runtime::Error> {
/// let pages = NodesRead::<Page>::new(client, ["1234", "5678"]).fields(fields).get().await?.data;
/// for (id, page) in &pages { /* … */ }
/// # Ok(()) }
/// ```
#[must_use = "a read does nothing until `get` is called"]
pub struct NodesRead<'c, N, C = Client> {
    client: &'c C,
    ids: Vec<String>,
    selection: FieldSelection,
    strict: Option<bool>,
    node: PhantomData<fn() -> N>,
}

impl<'c, N: Node, C: Transport> NodesRead<'c, N, C> {
    /// The nodes `ids`, of type `N`, read through `client`.
    pub fn new(client: &'c C, ids: impl IntoIterator<Item = impl Into<String>>) -> Self {
        NodesRead {
            client,
            ids: ids.into_iter().map(Into::into).collect(),
            selection: FieldSelection::new(),
            strict: None,
            node: PhantomData,
        }
    }

    /// The ids asked for, in order.
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    selection_methods!(N::Field, " of every node");

    /// Decodes strictly (or not), whatever the client's setting
    /// (see [`NodeRead::strict`]).
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = Some(strict);
        self
    }

    /// The request `get` sends, after checking the ids.
    pub fn to_request(&self) -> Result<GraphRequest, Error> {
        if self.ids.is_empty() {
            return Err(Error::InvalidRequest(
                "a read of several nodes needs at least one id; nothing was sent".to_owned(),
            ));
        }
        if self.ids.len() > MAX_IDS {
            return Err(Error::InvalidRequest(format!(
                "{} ids in one request: Graph takes at most {MAX_IDS}; use a batch for more; nothing was sent",
                self.ids.len()
            )));
        }
        if let Some((i, _)) = self
            .ids
            .iter()
            .enumerate()
            .find(|(_, id)| id.trim().is_empty() || id.contains(','))
        {
            return Err(Error::InvalidRequest(format!(
                "id number {} is empty or holds a comma, which would split it in `ids=`; nothing was sent",
                i + 1
            )));
        }
        let mut request = GraphRequest::root(Method::Get).param("ids", self.ids.join(","));
        if !self.selection.is_empty() {
            request = request.param("fields", self.selection.to_text());
        }
        Ok(request)
    }

    fn decode(
        &self,
        response: Response<Body>,
    ) -> Result<Response<std::collections::BTreeMap<String, N>>, Error> {
        decode::keyed(self.client, response, self.strict)
    }
}

impl<N: Node> NodesRead<'_, N, Client> {
    /// Sends the request and decodes every node, by id.
    pub async fn get(self) -> Result<Response<std::collections::BTreeMap<String, N>>, Error> {
        let response = self.client.fetch(self.to_request()?).await?;
        self.decode(response)
    }
}

#[cfg(feature = "blocking")]
impl<N: Node> NodesRead<'_, N, crate::blocking::Client> {
    /// Sends the request and decodes every node, by id, blocking.
    pub fn get(self) -> Result<Response<std::collections::BTreeMap<String, N>>, Error> {
        let response = self.client.fetch(self.to_request()?)?;
        self.decode(response)
    }
}

impl<N, C> fmt::Debug for NodesRead<'_, N, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NodesRead")
            .field("ids", &self.ids)
            .field("selection", &self.selection)
            .field("strict", &self.strict)
            .finish()
    }
}
