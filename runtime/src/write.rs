//! Writes: creating on an edge (`POST /{id}/{edge}`), updating a node
//! (`POST /{id}`), and deleting a node or an edge entry (`DELETE`).
//!
//! The parameters are checked against the operation's schema when the
//! [`Write`] is made, so [`Write::send`] fails with
//! [`Error::InvalidParams`] before anything goes over the wire. POST is
//! retried only when the server surely did not act on it (a rate-limit
//! refusal or a failed connect); DELETE like any idempotent request.

use std::fmt;
use std::marker::PhantomData;

use serde::de::DeserializeOwned;

use crate::batch::{self, BatchOp, DecodeSpec, Decoder, Planned};
use crate::client::{Client, Transport};
use crate::decode;
use crate::error::Error;
use crate::params::{self, Params};
use crate::request::{GraphRequest, Method};
use crate::response::Response;

/// A create, update or delete, ready to send. `R` is what the response
/// decodes into: the created node type (its fields are all `Option`, so
/// `{"id": "123"}` decodes) or `serde_json::Value` (`{"success": true}`).
///
/// Made by [`NodeRef::create`](crate::NodeRef::create),
/// [`update`](crate::NodeRef::update), [`delete`](crate::NodeRef::delete)
/// and [`delete_edge`](crate::NodeRef::delete_edge), and by generated code
/// through them.
#[must_use = "a write does nothing until `send` is called"]
pub struct Write<'c, R, C = Client> {
    client: &'c C,
    /// The request, or why the parameters cannot be sent.
    request: Result<GraphRequest, Error>,
    strict: Option<bool>,
    returns: PhantomData<fn() -> R>,
}

impl<'c, R, C: Transport> Write<'c, R, C> {
    /// A write to these path segments (the node id, and the edge for a
    /// create or an edge delete).
    pub(crate) fn new<P: Params>(
        client: &'c C,
        method: Method,
        segments: Vec<String>,
        params: &P,
    ) -> Self {
        let request = params::encode(Some(params), &[])
            .map(|pairs| {
                GraphRequest::from_segments(method, segments)
                    .with_params(pairs)
                    .with_files(params.files())
            })
            .map_err(Error::from);
        Write {
            client,
            request,
            strict: None,
            returns: PhantomData,
        }
    }

    /// Decodes the response strictly (or not), whatever the client's
    /// [`strict`](crate::ClientBuilder::strict) setting.
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = Some(strict);
        self
    }

    /// Sends the write to the client's video host
    /// ([`GraphRequest::on_video_host`]). Generated code calls it for the
    /// operations Graph takes there (video uploads).
    pub fn on_video_host(mut self) -> Self {
        self.request = self.request.map(GraphRequest::on_video_host);
        self
    }

    /// The request `send` sends, or why the parameters were refused.
    pub fn request(&self) -> Result<&GraphRequest, &Error> {
        self.request.as_ref()
    }

    /// This create as the start of an asynchronous report run (`POST
    /// /{act_id}/insights`, answered `{"report_run_id": "…"}`): its `send`
    /// returns a [`ReportRun`](crate::job::ReportRun) to wait on, whose rows
    /// decode as `T`. See [`job`](crate::job).
    pub fn into_report_run<T>(self) -> crate::job::Submit<'c, T, C> {
        crate::job::Submit::new(self.client, self.request)
    }
}

impl<R: DeserializeOwned, C: Transport> BatchOp<C> for Write<'_, R, C> {
    type Output = R;

    fn into_planned(self) -> Planned<R, C> {
        let spec = DecodeSpec {
            strict: self.strict,
            field: None,
        };
        Planned::new(self.request, Decoder::new(batch::decode_body::<R, C>, spec))
    }
}

impl<R: DeserializeOwned> Write<'_, R, Client> {
    /// Sends the request and decodes the response.
    pub async fn send(self) -> Result<Response<R>, Error> {
        let response = self.client.fetch(self.request?).await?;
        decode::response(self.client, response, self.strict)
    }
}

#[cfg(feature = "blocking")]
impl<R: DeserializeOwned> Write<'_, R, crate::blocking::Client> {
    /// Sends the request and decodes the response, blocking.
    pub fn send(self) -> Result<Response<R>, Error> {
        let response = self.client.fetch(self.request?)?;
        decode::response(self.client, response, self.strict)
    }
}

impl<R, C> fmt::Debug for Write<'_, R, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Write")
            .field("request", &self.request)
            .finish()
    }
}
