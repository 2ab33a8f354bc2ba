//! Edge lists: `GET /{id}/{edge}`, one page at a time or every page.
//!
//! The Graph API returns an edge in pages:
//! `{"data": [...], "paging": {"cursors": {"before", "after"}, "next", "previous"}, "summary"}`.
//! [`EdgeList`] fetches the first page ([`EdgeList::get`]) or follows
//! `paging.next` until the API leaves it out, which is how Graph says there
//! is no more ([`EdgeList::all`], [`EdgeList::pages`], and
//! `stream`/`iter` for the items across pages). An `after` cursor alone
//! does not mean there is more.
//!
//! Following a page is an ordinary request through the client's retry loop
//! ([`GraphRequest::get_url`]): the `next` URL is sent only if it points at
//! the client's own scheme, host and port, without the `access_token` Graph
//! writes into it (the token goes in a header) and with the client's
//! `appsecret_proof`. A server that hands out the same `next` URL twice
//! ends paging with an error rather than a loop.

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::marker::PhantomData;

use serde::de::DeserializeOwned;

use crate::client::{Client, Transport};
use crate::decode;
use crate::error::Error;
use crate::field::FieldSelection;
use crate::node::Node;
use crate::params::{self, NoParams, Params};
use crate::request::{GraphRequest, Method, remove_credentials};
use crate::response::Response;
use crate::schema::{FieldSchema, NodeSchema, Type};
use crate::tolerant;

/// One page of an edge: what an edge list returns, and what a model holds
/// for an edge returned inline under field expansion
/// (`comments: Option<EdgePage<Comment>>`).
///
/// Decodes from any object, tolerantly (see [`crate::tolerant`]):
/// `data` defaults to empty and the warnings of its entries are reported
/// under `data[i]`; `paging` and `summary` that do not fit are kept raw in
/// `extra`, with any key Graph adds. Encoding writes `extra` back.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Page<T> {
    /// The entries on this page.
    pub data: Vec<T>,
    /// Cursors and links to the neighbouring pages; absent when the edge is
    /// empty past the cursor.
    pub paging: Option<Paging>,
    /// `summary`, for edges that send one when asked with `summary=true`
    /// (`.summary(true)` on an expansion): `total_count` and friends.
    pub summary: Option<Summary>,
    /// What else the page held, as received.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The name the Graph API docs use for a page of an edge: [`Page`].
pub type EdgePage<T> = Page<T>;

impl<T> Default for Page<T> {
    fn default() -> Self {
        Page {
            data: Vec::new(),
            paging: None,
            summary: None,
            extra: serde_json::Map::new(),
        }
    }
}

/// What `paging` and `summary` of an edge page hold, for validation and
/// tolerant decoding (`data` is the edge's own item type).
pub static PAGE: NodeSchema = NodeSchema {
    name: "EdgePage",
    fields: &[
        FieldSchema {
            name: "paging",
            ty: Type::Node(&PAGING),
        },
        FieldSchema {
            name: "summary",
            ty: Type::Node(&SUMMARY),
        },
    ],
};

static PAGING: NodeSchema = NodeSchema {
    name: "Paging",
    fields: &[
        FieldSchema {
            name: "cursors",
            ty: Type::Node(&CURSORS),
        },
        FieldSchema {
            name: "next",
            ty: Type::String,
        },
        FieldSchema {
            name: "previous",
            ty: Type::String,
        },
    ],
};

static CURSORS: NodeSchema = NodeSchema {
    name: "Cursors",
    fields: &[
        FieldSchema {
            name: "after",
            ty: Type::String,
        },
        FieldSchema {
            name: "before",
            ty: Type::String,
        },
    ],
};

static SUMMARY: NodeSchema = NodeSchema {
    name: "Summary",
    fields: &[FieldSchema {
        name: "total_count",
        ty: Type::UInt64,
    }],
};

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Page<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor<T>(PhantomData<T>);
        impl<'de, T: serde::Deserialize<'de>> serde::de::Visitor<'de> for Visitor<T> {
            type Value = Page<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(PAGE_EXPECTED)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Page<T>, A::Error> {
                page_from_map(map, |map, page| {
                    page.data = map.next_value_seed(tolerant::Indexed {
                        key: "data",
                        item: PhantomData,
                    })?;
                    Ok(())
                })
            }
        }
        deserializer.deserialize_map(Visitor(PhantomData))
    }
}

const PAGE_EXPECTED: &str = "an edge page (`{\"data\": [...], \"paging\": {...}}`)";

/// A page inside a model (an edge returned inline): `data` that does not
/// fit (not a list, or an entry that is not one of `T`) is kept raw in
/// `extra` and `data` is empty, like any field.
impl<T: tolerant::Tolerant> tolerant::Tolerant for Page<T> {
    const NESTED: bool = true;
    fn decode<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
        cx: tolerant::Cx,
    ) -> Result<tolerant::Got<Self>, D::Error> {
        tolerant::shape::decode_as::<InlinePage<T>, D>(deserializer, cx)
    }
}

struct InlinePage<T>(PhantomData<T>);

impl<T: tolerant::Tolerant> tolerant::shape::Shape for InlinePage<T> {
    type Out = Page<T>;
    fn from_map<'de, A: serde::de::MapAccess<'de>>(
        map: A,
        cx: tolerant::Cx,
    ) -> Result<tolerant::Got<Page<T>>, A::Error> {
        let item = match cx.ty() {
            Type::Edge(item) => item,
            _ => &Type::Object,
        };
        page_from_map(map, |map, page| {
            let mut data = None;
            tolerant::Slot::new(map, "data", Type::List(item)).put(&mut data, &mut page.extra)?;
            page.data = data.unwrap_or_default();
            Ok(())
        })
        .map(tolerant::Got::Fit)
    }
}

/// The entries of a page: `data` through `data` (which differs between a
/// listed edge and an inline one), `paging` and `summary` tolerantly as
/// [`PAGE`] says, anything else into `extra`.
fn page_from_map<'de, A: serde::de::MapAccess<'de>, T>(
    mut map: A,
    mut data: impl FnMut(&mut A, &mut Page<T>) -> Result<(), A::Error>,
) -> Result<Page<T>, A::Error> {
    // `data` is one past PAGE's fields.
    let index = |key: &str| match key {
        "data" => Some(PAGE.fields.len()),
        _ => PAGE.fields.iter().position(|f| f.name == key),
    };
    let mut page = Page::default();
    while let Some(key) = map.next_key_seed(tolerant::KeySeed(index))? {
        match key {
            tolerant::de::Key::Known(index) => match PAGE.fields.get(index) {
                None => data(&mut map, &mut page)?,
                Some(field) => {
                    let slot = tolerant::Slot::new(&mut map, field.name, field.ty);
                    match field.name {
                        "paging" => slot.put(&mut page.paging, &mut page.extra)?,
                        _ => slot.put(&mut page.summary, &mut page.extra)?,
                    }
                }
            },
            tolerant::de::Key::Unknown(name) => {
                let value = map.next_value()?;
                page.extra.insert(name, value);
            }
        }
    }
    Ok(page)
}

/// `paging`: cursors and links to the neighbouring pages.
///
/// The links are absolute URLs without `access_token` or `appsecret_proof`
/// (the client removes them: Graph writes the token into its links).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Paging {
    /// Cursors of the first and last entries on the page.
    pub cursors: Option<Cursors>,
    /// The next page; absent on the last page.
    pub next: Option<String>,
    /// The previous page; absent on the first page.
    pub previous: Option<String>,
    /// What else `paging` held, as received.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

crate::model_serde!(Paging, &PAGING; 0 "cursors" => cursors; 1 "next" => next; 2 "previous" => previous;);

/// `paging.cursors`: opaque positions for `after=` and `before=`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cursors {
    /// The position of the first entry on the page.
    pub before: Option<String>,
    /// The position of the last entry on the page.
    pub after: Option<String>,
    /// What else `cursors` held, as received.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

crate::model_serde!(Cursors, &CURSORS; 0 "after" => after; 1 "before" => before;);

/// `summary` of an edge, sent when asked with `summary=true`
/// (`.summary(true)` on an expansion).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// How many entries the edge has in all (`limit` aside).
    pub total_count: Option<u64>,
    /// The rest of the summary, which varies by edge (`can_comment`,
    /// `order`, `has_liked`, …), as received.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

crate::model_serde!(Summary, &SUMMARY; 0 "total_count" => total_count;);

/// Lists an edge: `GET /{version}/{id}/{edge}`, with the operation's
/// parameters `P`, a field selection (when the entries are nodes) and a page size.
///
/// Generated code returns one from each edge accessor
/// (`client.page(id).feed()`); [`NodeRef::edge`](crate::NodeRef::edge) is
/// the same by hand.
///
/// ```
/// use graph_runtime::mock::MockGraph;
/// use graph_runtime::{Client, NoParams, NodeRef};
/// use serde_json::json;
///
/// #[derive(Debug, PartialEq, serde::Deserialize)]
/// struct Comment {
///     id: String,
///     message: Option<String>,
/// }
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let comments = (1..=5).map(|i| json!({"id": format!("c{i}"), "message": format!("hi {i}")}));
/// let server = MockGraph::new("EAAB-token").edge("1234", "comments", comments).start();
/// let client: Client = server.client_builder().build()?;
///
/// // The first page only: `GET /v19.0/1234/comments?limit=2`.
/// let first = NodeRef::new(&client, "1234")
///     .edge::<Comment, NoParams>("comments")
///     .limit(2)
///     .get()
///     .await?
///     .data;
/// assert_eq!(first.data.len(), 2);
/// assert!(first.paging.and_then(|p| p.next).is_some());
///
/// // Every entry, following `paging.next`: three requests of two entries at most.
/// let all = NodeRef::new(&client, "1234")
///     .edge::<Comment, NoParams>("comments")
///     .limit(2)
///     .all()
///     .await?;
/// assert_eq!(all.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["c1", "c2", "c3", "c4", "c5"]);
/// assert_eq!(server.requests().len(), 1 + 3);
///
/// // Page by page.
/// let mut pages = NodeRef::new(&client, "1234")
///     .edge::<Comment, NoParams>("comments")
///     .limit(4)
///     .pages();
/// let mut sizes = Vec::new();
/// while let Some(page) = pages.next().await {
///     sizes.push(page?.data.data.len());
/// }
/// assert_eq!(sizes, [4, 1]);
/// # Ok::<(), graph_runtime::Error>(())
/// # }).unwrap();
/// ```
///
/// Parameters are checked against `P::SCHEMA` before anything is sent; when
/// the list has required parameters, leaving out [`EdgeList::params`] is an
/// [`Error::InvalidParams`].
#[must_use = "a list does nothing until `get`, `all`, `pages` or `stream` is called"]
pub struct EdgeList<'c, T, C = Client, P = NoParams> {
    client: &'c C,
    id: String,
    edge: &'static str,
    selection: FieldSelection,
    params: Option<P>,
    limit: Option<u32>,
    strict: Option<bool>,
    item: PhantomData<fn() -> T>,
}

impl<'c, T, C: Transport, P: Params> EdgeList<'c, T, C, P> {
    pub(crate) fn new(client: &'c C, id: String, edge: &'static str) -> Self {
        EdgeList {
            client,
            id,
            edge,
            selection: FieldSelection::new(),
            params: None,
            limit: None,
            strict: None,
            item: PhantomData,
        }
    }

    /// Decodes every page strictly (or not), whatever the client's
    /// [`strict`](crate::ClientBuilder::strict) setting.
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = Some(strict);
        self
    }

    /// The operation's parameters.
    pub fn params(mut self, params: P) -> Self {
        self.params = Some(params);
        self
    }

    /// Entries per page (`limit=`); the API's default (usually 25) otherwise,
    /// and the API's own maximum applies.
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// The request for the first page, after checking the parameters (which
    /// may not set [`LIST_PARAMS`](params::LIST_PARAMS): the list sets
    /// `fields` and `limit`, and follows the paging cursors itself).
    pub fn to_request(&self) -> Result<GraphRequest, Error> {
        let params = params::encode(self.params.as_ref(), params::LIST_PARAMS)?;
        let segments = [self.id.as_str(), self.edge];
        let mut request = GraphRequest::from_segments(Method::Get, segments);
        if !self.selection.is_empty() {
            request = request.param("fields", self.selection.to_string());
        }
        request = request.with_params(params);
        if let Some(limit) = self.limit {
            request = request.param("limit", limit.to_string());
        }
        Ok(request)
    }

    /// Every page, one at a time, following `paging.next`: `async fn next`
    /// with [`Client`], an [`Iterator`] with `blocking::Client`.
    pub fn pages(self) -> Pages<'c, T, C> {
        Pages {
            client: self.client,
            next: Some(self.to_request()),
            followed: HashSet::new(),
            strict: self.strict,
            item: PhantomData,
        }
    }
}

impl<T: Node, C: Transport, P: Params> EdgeList<'_, T, C, P> {
    /// Selects these fields of each entry too.
    pub fn fields(mut self, fields: impl IntoIterator<Item = T::Field>) -> Self {
        self.selection.extend(fields);
        self
    }

    /// Selects this field of each entry too.
    pub fn field(self, field: T::Field) -> Self {
        self.fields([field])
    }

    /// Selects a field expanded with fields of its own node type, with
    /// modifiers on an edge, to any depth:
    /// `.expand(PageField::FEED.limit(5).field(PagePostField::Message))`
    /// sends `fields=feed.limit(5){message}`. See [`Expand`](crate::field::Expand).
    pub fn expand<Inner, K>(mut self, expansion: crate::field::Expand<T::Field, Inner, K>) -> Self {
        self.selection.push_expansion(expansion);
        self
    }

    /// Replaces the selection, for nested expansion the field enum cannot express.
    pub fn selection(mut self, selection: FieldSelection) -> Self {
        self.selection = selection;
        self
    }
}

impl<'c, T: DeserializeOwned, P: Params> EdgeList<'c, T, Client, P> {
    /// The first page.
    pub async fn get(self) -> Result<Response<Page<T>>, Error> {
        let response = self.client.send(self.to_request()?).await?;
        decode_page(self.client, response, self.strict)
    }

    /// Every entry of every page, in order. Fails with the first error.
    pub async fn all(self) -> Result<Vec<T>, Error> {
        let mut pages = self.pages();
        let mut items = Vec::new();
        while let Some(page) = pages.next().await {
            items.extend(page?.data.data);
        }
        Ok(items)
    }

    /// Every entry of every page, in order, fetching a page when the previous
    /// one is used up. Ends after the first error.
    pub fn stream(self) -> impl futures_core::Stream<Item = Result<T, Error>> + use<'c, T, P> {
        let state = (self.pages(), VecDeque::new());
        futures_util::stream::unfold(Some(state), |state| async move {
            let (mut pages, mut buffered) = state?;
            loop {
                if let Some(item) = buffered.pop_front() {
                    return Some((Ok(item), Some((pages, buffered))));
                }
                match pages.next().await? {
                    Ok(page) => buffered.extend(page.data.data),
                    Err(error) => return Some((Err(error), None)),
                }
            }
        })
    }
}

#[cfg(feature = "blocking")]
impl<'c, T: DeserializeOwned, P: Params> EdgeList<'c, T, crate::blocking::Client, P> {
    /// The first page, blocking.
    pub fn get(self) -> Result<Response<Page<T>>, Error> {
        let response = self.client.send(self.to_request()?)?;
        decode_page(self.client, response, self.strict)
    }

    /// Every entry of every page, in order, blocking. Fails with the first error.
    pub fn all(self) -> Result<Vec<T>, Error> {
        let mut items = Vec::new();
        for page in self.pages() {
            items.extend(page?.data.data);
        }
        Ok(items)
    }

    /// Every entry of every page, in order, fetching a page when the previous
    /// one is used up. Ends after the first error.
    pub fn iter(self) -> impl Iterator<Item = Result<T, Error>> + use<'c, T, P> {
        self.pages().flat_map(|page| {
            let (items, error) = match page {
                Ok(page) => (page.data.data, None),
                Err(error) => (Vec::new(), Some(error)),
            };
            items.into_iter().map(Ok).chain(error.map(Err))
        })
    }
}

impl<T, C, P: fmt::Debug> fmt::Debug for EdgeList<'_, T, C, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EdgeList")
            .field("id", &self.id)
            .field("edge", &self.edge)
            .field("selection", &self.selection)
            .field("params", &self.params)
            .field("limit", &self.limit)
            .field("strict", &self.strict)
            .finish()
    }
}

/// The pages of an edge, from [`EdgeList::pages`]: `async fn next` with
/// [`Client`], an [`Iterator`] with `blocking::Client`. Each page is fetched
/// when asked for. After an error, there are no more pages.
#[must_use = "pages are fetched only when asked for"]
pub struct Pages<'c, T, C = Client> {
    client: &'c C,
    /// What to do for the next page: send this request, or report this
    /// error; `None` when paging is over.
    next: Option<Result<GraphRequest, Error>>,
    /// Every `next` URL followed so far, to stop a server that loops.
    followed: HashSet<String>,
    strict: Option<bool>,
    item: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned, C: Transport> Pages<'_, T, C> {
    /// Decodes a page and decides what comes after it.
    fn receive(
        &mut self,
        response: Result<Response<serde_json::Value>, Error>,
    ) -> Result<Response<Page<T>>, Error> {
        let page = decode_page(self.client, response?, self.strict)?;
        if let Some(next) = page.data.paging.as_ref().and_then(|p| p.next.as_deref()) {
            self.next = Some(if self.followed.insert(next.to_owned()) {
                GraphRequest::get_url(next)
            } else {
                Err(Error::InvalidRequest(
                    "the API sent a next-page URL it had sent before; stopping rather than looping"
                        .to_owned(),
                ))
            });
        }
        Ok(page)
    }
}

impl<T: DeserializeOwned> Pages<'_, T, Client> {
    /// The next page; `None` when the previous page had no `paging.next`
    /// (or the previous call failed).
    pub async fn next(&mut self) -> Option<Result<Response<Page<T>>, Error>> {
        let request = match self.next.take()? {
            Ok(request) => request,
            Err(error) => return Some(Err(error)),
        };
        let response = self.client.send(request).await;
        Some(self.receive(response))
    }
}

#[cfg(feature = "blocking")]
impl<T: DeserializeOwned> Iterator for Pages<'_, T, crate::blocking::Client> {
    type Item = Result<Response<Page<T>>, Error>;

    /// The next page, blocking.
    fn next(&mut self) -> Option<Self::Item> {
        let request = match self.next.take()? {
            Ok(request) => request,
            Err(error) => return Some(Err(error)),
        };
        let response = self.client.send(request);
        Some(self.receive(response))
    }
}

impl<T, C> fmt::Debug for Pages<'_, T, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("next", &self.next)
            .field("followed", &self.followed.len())
            .finish()
    }
}

/// Decodes a page (errors name the path: `data[2].id`) and removes
/// credentials from its links.
fn decode_page<T: DeserializeOwned, C: Transport>(
    client: &C,
    response: Response<serde_json::Value>,
    strict: Option<bool>,
) -> Result<Response<Page<T>>, Error> {
    let mut page = decode::response::<Page<T>, C>(client, response, strict)?;
    if let Some(paging) = &mut page.data.paging {
        for link in [&mut paging.next, &mut paging.previous]
            .into_iter()
            .flatten()
        {
            *link = without_credentials(client, link);
        }
    }
    Ok(page)
}

/// A paging link without `access_token` or `appsecret_proof`; one that does
/// not parse keeps its text, with the client's secrets redacted.
fn without_credentials<C: Transport>(client: &C, link: &str) -> String {
    match url::Url::parse(link) {
        Ok(mut url) => {
            remove_credentials(&mut url);
            url.into()
        }
        Err(_) => client.redact(link),
    }
}

/// In a batch, an edge list is its first page.
impl<T: DeserializeOwned, C: Transport, P: Params> crate::batch::BatchOp<C>
    for EdgeList<'_, T, C, P>
{
    type Output = Page<T>;

    fn into_planned(self) -> crate::batch::Planned<Page<T>, C> {
        fn decode<T: DeserializeOwned, C: Transport>(
            client: &C,
            response: Response<serde_json::Value>,
            spec: &crate::batch::DecodeSpec,
        ) -> Result<Response<Page<T>>, Error> {
            decode_page(client, response, spec.strict)
        }
        let spec = crate::batch::DecodeSpec {
            strict: self.strict,
            field: None,
        };
        crate::batch::Planned::new(
            self.to_request(),
            crate::batch::Decoder::new(decode::<T, C>, spec),
        )
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const TOKEN: &str = "EAAB-edge-unit-token";

    fn client() -> Client {
        Client::builder(TOKEN)
            .base_url("https://graph.example")
            .build()
            .unwrap()
    }

    #[test]
    fn pages_decode_with_paths_and_lose_credentials() {
        let client = client();
        let body = json!({
            "data": [{"id": "1"}, {"id": "2"}],
            "paging": {
                "cursors": {"before": "QQ", "after": "Qg"},
                "next": format!("https://graph.example/v19.0/1/feed?access_token={TOKEN}&after=Qg"),
                "previous": format!("not a URL {TOKEN}"),
            },
            "summary": {"total_count": 7},
        });
        let page: Page<serde_json::Value> =
            decode_page(&client, Response::new(body, Default::default()), None)
                .unwrap()
                .into_data();
        let paging = page.paging.unwrap();
        assert_eq!(
            paging.next.as_deref(),
            Some("https://graph.example/v19.0/1/feed?after=Qg")
        );
        assert_eq!(paging.previous.as_deref(), Some("not a URL <redacted>"));
        assert_eq!(paging.cursors.unwrap().after.as_deref(), Some("Qg"));
        assert_eq!(page.summary.and_then(|s| s.total_count), Some(7));

        #[derive(Debug, serde::Deserialize)]
        struct Entry {
            #[allow(dead_code)]
            id: u32,
        }
        let bad = json!({"data": [{"id": 1}, {"id": "two"}]});
        let error = decode_page::<Entry, _>(&client, Response::new(bad, Default::default()), None)
            .unwrap_err();
        let Error::Decode(decode) = error else {
            panic!("{error:?}")
        };
        assert_eq!(decode.path(), "data[1].id");
    }

    #[test]
    fn an_empty_edge_is_a_page_without_paging() {
        let page: Page<serde_json::Value> = serde_json::from_value(json!({"data": []})).unwrap();
        assert_eq!(
            (page.data.len(), page.paging, page.summary),
            (0, None, None)
        );
    }

    #[test]
    fn the_request_carries_fields_params_and_limit() {
        let client = client();
        let list = EdgeList::<serde_json::Value, _, NoParams>::new(&client, "1".into(), "feed")
            .params(NoParams)
            .limit(10);
        let request = list.to_request().unwrap();
        assert_eq!(request.path(), "1/feed");
        assert_eq!(request.params(), [("limit".to_owned(), "10".to_owned())]);
    }

    #[tokio::test]
    async fn a_repeated_next_url_stops_paging() {
        let client = client();
        let mut pages =
            EdgeList::<serde_json::Value, _, NoParams>::new(&client, "1".into(), "feed").pages();
        pages.next = None;
        let looping = || {
            Ok(Response::new(
                json!({"data": [], "paging": {"next": "https://graph.example/v19.0/1/feed?after=x"}}),
                Default::default(),
            ))
        };
        pages.receive(looping()).unwrap();
        assert!(matches!(pages.next, Some(Ok(_))));
        pages.receive(looping()).unwrap();
        let error = pages.next().await.unwrap().unwrap_err();
        assert!(
            matches!(&error, Error::InvalidRequest(why) if why.contains("looping")),
            "{error:?}"
        );
        assert!(pages.next().await.is_none());
    }
}
