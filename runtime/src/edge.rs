//! Edge lists: `GET /{id}/{edge}`, one page at a time or every page.
//!
//! The Graph API returns an edge in pages:
//! `{"data": [...], "paging": {"cursors": {"before", "after"}, "next", "previous"}, "summary"}`.
//! [`EdgeList`] fetches the first page ([`EdgeList::get`]) or follows
//! `paging.next` until the API leaves it out, which is how Graph says there
//! is no more ([`EdgeList::all`], [`EdgeList::pages`], and
//! `stream`/`iter` for the items across pages). An `after` cursor alone
//! does not mean there is more. [`Pages::previous`] follows `paging.previous`
//! back; a list starts at a cursor ([`EdgeList::after`], [`EdgeList::before`])
//! or at a saved [`Position`] ([`EdgeList::resume`]), which is how paging
//! goes on in another process. `since`/`until`, `offset` and `summary=true`
//! are builder methods too. A page Graph refuses as too much data is asked
//! for again with half the `limit` ([`MAX_LIMIT_HALVINGS`] times at most).
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
use crate::error::{Error, PagingStop};
use crate::field::FieldSelection;
use crate::node::Node;
use crate::params::{self, NoParams, Params};
use crate::request::{GraphRequest, Method};
use crate::response::{Body, Response};
pub use crate::schema::PAGE;
pub use graph_model::page::{Cursors, EdgePage, Page, Paging, Position, Summary};
use graph_model::selection_methods;

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
    start: Start,
    since: Option<Timestamp>,
    until: Option<Timestamp>,
    offset: Option<u64>,
    summary: bool,
    limits: PageLimits,
    item: PhantomData<fn() -> T>,
}

/// How far a list pages before it stops with [`Error::PagingStopped`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PageLimits {
    max_pages: u32,
    max_empty_pages: u32,
}

/// The most pages a list fetches, unless [`EdgeList::max_pages`] says
/// otherwise: 10,000 pages, a million entries at `limit=100`. A server
/// that hands out a fresh `next` link forever cannot keep a caller paging
/// forever.
pub const DEFAULT_MAX_PAGES: u32 = 10_000;

/// The most empty pages in a row a list follows, unless
/// [`EdgeList::max_empty_pages`] says otherwise. Graph sends an empty page
/// with a `next` link now and then (entries the token may not see are left
/// out after the page is cut); a run this long means the link leads nowhere.
pub const DEFAULT_MAX_EMPTY_PAGES: u32 = 10;

/// Where a list starts.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Start {
    /// At the beginning (or wherever `since`, `until` and `offset` say).
    Beginning,
    /// Just after this cursor (`after=`).
    After(String),
    /// Just before this cursor (`before=`).
    Before(String),
    /// Where a saved position left off.
    Resume(Position),
}

/// The largest number of times a page request that Graph refuses as asking
/// for too much data ([`Error::is_too_much_data`]) is sent again with `limit`
/// halved (100, 50, 25, 12, 6, 3: six requests at most, from 100), before the
/// error is returned.
pub const MAX_LIMIT_HALVINGS: u32 = 5;

/// The page size Graph uses when a request sets no `limit`; the first
/// halving of such a request asks for half of it.
const DEFAULT_LIMIT: u32 = 25;

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
            start: Start::Beginning,
            since: None,
            until: None,
            offset: None,
            summary: false,
            limits: PageLimits {
                max_pages: DEFAULT_MAX_PAGES,
                max_empty_pages: DEFAULT_MAX_EMPTY_PAGES,
            },
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
    /// and the API's own maximum applies. When Graph answers that a page asks
    /// for too much data, the list halves it and asks again (see
    /// [`MAX_LIMIT_HALVINGS`]); later pages keep the smaller size.
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Starts just after this cursor (`after=`, a
    /// [`Cursors::after`] of an earlier page): the entries that come after it.
    /// Replaces [`EdgeList::before`] and [`EdgeList::resume`].
    pub fn after(mut self, cursor: impl Into<String>) -> Self {
        self.start = Start::After(cursor.into());
        self
    }

    /// Starts just before this cursor (`before=`, a [`Cursors::before`] of
    /// an earlier page): the page of entries that come before it, from where
    /// [`Pages::previous`] goes on backwards. Replaces [`EdgeList::after`]
    /// and [`EdgeList::resume`].
    pub fn before(mut self, cursor: impl Into<String>) -> Self {
        self.start = Start::Before(cursor.into());
        self
    }

    /// Goes on from a saved [`Position`] (from [`Pages::position`] or
    /// [`Page::position`], perhaps in another process): `next` and
    /// `get`, `all`, `stream` follow its next-page link, [`Pages::previous`]
    /// its previous-page link. Nothing is fetched twice.
    ///
    /// The links carry the parameters, fields, cursors, `since`, `until`,
    /// `offset` and `summary` of the list that made them, so this list's own
    /// are not sent; its `limit`, if set, replaces theirs. A link must be
    /// on the client's base URL ([`GraphRequest::get_url`]) and name this
    /// list's node and edge, or paging fails with [`Error::InvalidRequest`]
    /// before anything is sent. Replaces [`EdgeList::after`] and
    /// [`EdgeList::before`].
    ///
    /// ```
    /// use graph_runtime::mock::MockGraph;
    /// use graph_runtime::{Client, NoParams, NodeRef, Position};
    /// use serde_json::{Value, json};
    ///
    /// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
    /// let server = MockGraph::new("EAAB-token")
    ///     .edge("1234", "comments", (1..=5).map(|i| json!({"id": format!("c{i}")})))
    ///     .start();
    /// let client: Client = server.client_builder().build()?;
    /// let list = || NodeRef::new(&client, "1234").edge::<Value, NoParams>("comments").limit(2);
    ///
    /// let mut pages = list().pages();
    /// pages.next().await.unwrap()?; // c1, c2
    /// let saved = serde_json::to_string(pages.position().unwrap()).unwrap();
    /// assert!(!saved.contains("EAAB-token"));
    ///
    /// // Later, perhaps in another process: the rest, and the page before.
    /// let position: Position = serde_json::from_str(&saved).unwrap();
    /// let rest = list().resume(position.clone()).all().await?;
    /// assert_eq!(rest, [json!({"id": "c3"}), json!({"id": "c4"}), json!({"id": "c5"})]);
    /// let mut pages = list().resume(position).pages();
    /// assert!(pages.previous().await.is_none(), "c1, c2 was the first page");
    /// # Ok::<(), graph_runtime::Error>(())
    /// # }).unwrap();
    /// ```
    pub fn resume(mut self, position: Position) -> Self {
        self.start = Start::Resume(position);
        self
    }

    /// Only entries from this time on (`since=`, Unix seconds), on the edges
    /// Graph pages by time (a page's `feed`, `posts`, insights): Unix
    /// seconds or a [`DateTime`](crate::DateTime).
    pub fn since(mut self, time: impl Into<Timestamp>) -> Self {
        self.since = Some(time.into());
        self
    }

    /// Only entries up to this time (`until=`, Unix seconds); see
    /// [`EdgeList::since`].
    pub fn until(mut self, time: impl Into<Timestamp>) -> Self {
        self.until = Some(time.into());
        self
    }

    /// Skips this many entries (`offset=`), on the edges Graph pages by
    /// offset; their `next` links then carry the offset on.
    pub fn offset(mut self, offset: u64) -> Self {
        self.offset = Some(offset);
        self
    }

    /// Asks for the edge's summary (`summary=true`) on every page:
    /// [`Page::summary`], with [`Summary::total_count`] on the edges that count.
    pub fn summary(mut self, summary: bool) -> Self {
        self.summary = summary;
        self
    }

    /// The parameters the list sets besides `fields` and `limit`, in the
    /// order they are sent.
    fn own_params(&self) -> Vec<(&'static str, String)> {
        let mut own = Vec::new();
        match &self.start {
            Start::After(cursor) => own.push(("after", cursor.clone())),
            Start::Before(cursor) => own.push(("before", cursor.clone())),
            Start::Beginning | Start::Resume(_) => {}
        }
        if let Some(since) = self.since {
            own.push(("since", since.0.to_string()));
        }
        if let Some(until) = self.until {
            own.push(("until", until.0.to_string()));
        }
        if let Some(offset) = self.offset {
            own.push(("offset", offset.to_string()));
        }
        if self.summary {
            own.push(("summary", "true".to_owned()));
        }
        own
    }

    /// The request for the first page, after checking the parameters (which
    /// may not set [`LIST_PARAMS`](params::LIST_PARAMS): the list sets
    /// `fields` and `limit`, and follows the paging cursors itself; nor a
    /// parameter the list sets too, such as `since` with [`EdgeList::since`]).
    /// After [`EdgeList::resume`], the position's next-page link, checked
    /// (an [`Error::InvalidRequest`] if the position is at the end).
    pub fn to_request(&self) -> Result<GraphRequest, Error> {
        if let Start::Resume(position) = &self.start {
            let next = position.next_url().ok_or_else(|| {
                Error::InvalidRequest(
                    "the position to resume from is at the end of the list: it has no next page"
                        .to_owned(),
                )
            })?;
            return self.resumed(next);
        }
        let params = params::encode(self.params.as_ref(), params::LIST_PARAMS)?;
        let own = self.own_params();
        if let Some((name, _)) = own
            .iter()
            .find(|(name, _)| params.iter().any(|(given, _)| given == name))
        {
            return Err(Error::InvalidRequest(format!(
                "parameter `{name}` is set twice, by the list's `.{name}(…)` and by its \
                 parameters; set it once"
            )));
        }
        let segments = [self.id.as_str(), self.edge];
        let mut request = GraphRequest::from_segments(Method::Get, segments);
        if !self.selection.is_empty() {
            request = request.param("fields", self.selection.to_text());
        }
        request = request.with_params(params);
        if let Some(limit) = self.limit {
            request = request.param("limit", limit.to_string());
        }
        Ok(request.with_params(
            own.into_iter()
                .map(|(name, value)| (name.to_owned(), value)),
        ))
    }

    /// A link of a saved position as a request: on this list's node and
    /// edge, with this list's `limit` if it has one.
    fn resumed(&self, link: &str) -> Result<GraphRequest, Error> {
        let request = GraphRequest::get_url(link)?;
        let names_this_edge = request.absolute_url().is_some_and(|url| {
            let mut segments = url.path_segments().into_iter().flatten().rev();
            let mut decoded = || {
                segments
                    .next()
                    .map(|s| percent_encoding::percent_decode_str(s).decode_utf8_lossy())
            };
            let (edge, id) = (decoded(), decoded());
            edge.as_deref() == Some(self.edge) && id.as_deref() == Some(self.id.as_str())
        });
        if !names_this_edge {
            // The path has no query, so no credential Graph writes there;
            // redacted all the same, as it comes from outside.
            return Err(Error::InvalidRequest(format!(
                "the position to resume from is a page of {}, not of node `{}`'s `{}` edge",
                self.client.redact(&request.path()),
                self.id,
                self.edge
            )));
        }
        Ok(match self.limit {
            Some(limit) => with_limit(request, limit),
            None => request,
        })
    }

    /// The most pages [`pages`](Self::pages), [`all`](Self::all) and
    /// [`stream`](Self::stream) fetch (default [`DEFAULT_MAX_PAGES`]; at
    /// least 1): when the last one allowed still links to another, paging
    /// ends with [`Error::PagingStopped`].
    pub fn max_pages(mut self, pages: u32) -> Self {
        self.limits.max_pages = pages.max(1);
        self
    }

    /// The most empty pages in a row that paging follows (default
    /// [`DEFAULT_MAX_EMPTY_PAGES`]; at least 1): when that many in a row
    /// were empty and the last still links to another, paging ends with
    /// [`Error::PagingStopped`].
    pub fn max_empty_pages(mut self, pages: u32) -> Self {
        self.limits.max_empty_pages = pages.max(1);
        self
    }

    /// Every page, one at a time, following `paging.next` (and, on request,
    /// `paging.previous`): `async fn next` with [`Client`], an [`Iterator`]
    /// with `blocking::Client`.
    pub fn pages(self) -> Pages<'c, T, C> {
        let (first, position) = match &self.start {
            Start::Resume(position) => {
                let checked = [position.next_url(), position.previous_url()]
                    .into_iter()
                    .flatten()
                    .try_for_each(|link| self.resumed(link).map(drop));
                match checked {
                    Ok(()) => (None, Some(position.clone())),
                    Err(error) => (Some(Err(error)), None),
                }
            }
            _ => (Some(self.to_request()), None),
        };
        let resumed = matches!(self.start, Start::Resume(_));
        Pages {
            client: self.client,
            first,
            position,
            over: false,
            direction: None,
            followed: HashSet::new(),
            limit: self.limit.filter(|_| resumed),
            strict: self.strict,
            limits: self.limits,
            fetched: 0,
            empty_in_a_row: 0,
            item: PhantomData,
        }
    }
}

impl<T: Node, C: Transport, P: Params> EdgeList<'_, T, C, P> {
    selection_methods!(T::Field, " of each entry");
}

impl<'c, T: DeserializeOwned, P: Params> EdgeList<'c, T, Client, P> {
    /// The first page (after [`EdgeList::resume`], the position's next page;
    /// an empty page, and no request, if it is at the end).
    pub async fn get(self) -> Result<Response<Page<T>>, Error> {
        self.pages().next().await.unwrap_or_else(no_page)
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
    /// The first page, blocking (after [`EdgeList::resume`], the position's
    /// next page; an empty page, and no request, if it is at the end).
    pub fn get(self) -> Result<Response<Page<T>>, Error> {
        self.pages().next().unwrap_or_else(no_page)
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

/// What `get` answers when there is no page to fetch: an empty one.
fn no_page<T>() -> Result<Response<Page<T>>, Error> {
    Ok(Response::new(Page::default(), Default::default()))
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
            .field("start", &self.start)
            .field("since", &self.since)
            .field("until", &self.until)
            .field("offset", &self.offset)
            .field("summary", &self.summary)
            .finish()
    }
}

/// A point in time for [`EdgeList::since`] and [`EdgeList::until`]: Unix
/// seconds, from an integer or a [`DateTime`](crate::DateTime).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

impl Timestamp {
    /// Seconds since 1970-01-01T00:00:00Z.
    pub fn unix_seconds(self) -> i64 {
        self.0
    }
}

impl From<i64> for Timestamp {
    fn from(seconds: i64) -> Self {
        Timestamp(seconds)
    }
}

/// For literals: `.since(1_700_000_000)`.
impl From<i32> for Timestamp {
    fn from(seconds: i32) -> Self {
        Timestamp(seconds.into())
    }
}

impl From<u32> for Timestamp {
    fn from(seconds: u32) -> Self {
        Timestamp(seconds.into())
    }
}

impl From<crate::DateTime> for Timestamp {
    fn from(time: crate::DateTime) -> Self {
        Timestamp(time.unix_timestamp())
    }
}

impl From<&crate::DateTime> for Timestamp {
    fn from(time: &crate::DateTime) -> Self {
        Timestamp(time.unix_timestamp())
    }
}

/// Which way a list goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Next,
    Previous,
}

/// The pages of an edge, from [`EdgeList::pages`]: `async fn next` and
/// `async fn previous` with [`Client`]; an [`Iterator`], and a blocking
/// `previous`, with `blocking::Client`. Each page is fetched when asked for.
///
/// The first call, `next` or `previous`, fetches the list's first page
/// (just before the cursor, with [`EdgeList::before`]); after that, `next`
/// follows the last page's `paging.next` and `previous` its
/// `paging.previous`, and either returns `None` when the page had no such
/// link. After [`EdgeList::resume`], the first call already follows the
/// position's link. After an error, there are no more pages;
/// [`Pages::position`] still says where the last good page left off.
///
/// A page Graph refuses as too much data is asked for again with `limit`
/// halved, at most [`MAX_LIMIT_HALVINGS`] times; the pages after it keep the
/// smaller `limit`. A server that hands out a link it already sent, going
/// the same way, ends paging with an error rather than a loop.
#[must_use = "pages are fetched only when asked for"]
pub struct Pages<'c, T, C = Client> {
    client: &'c C,
    /// The first page's request (or why there is none) until it is sent;
    /// `None` after, and for a resumed list.
    first: Option<Result<GraphRequest, Error>>,
    /// Where the last page received leads; the resumed position before that.
    position: Option<Position>,
    /// After an error: no more pages.
    over: bool,
    /// The way the last link followed went.
    direction: Option<Direction>,
    /// Every link followed since the list last changed direction, to stop a
    /// server that loops.
    followed: HashSet<String>,
    /// The `limit` every followed link is given: after a halving, or the
    /// limit of a resumed list.
    limit: Option<u32>,
    strict: Option<bool>,
    limits: PageLimits,
    /// Pages received.
    fetched: u32,
    /// Empty pages received in a row, up to the last.
    empty_in_a_row: u32,
    item: PhantomData<fn() -> T>,
}

/// `request` with `limit` set to `limit` alone, left as it is if it has it.
fn with_limit(request: GraphRequest, limit: u32) -> GraphRequest {
    let limit = limit.to_string();
    if request.param_value("limit").as_deref() == Some(limit.as_str()) {
        request
    } else {
        request.replacing_param("limit", &limit)
    }
}

impl<T, C: Transport> Pages<'_, T, C> {
    /// Where the list stands: the links and cursors of the last page
    /// received (the resumed position before any). `None` before the first
    /// page has arrived. Save it (serde) to go on later with [`EdgeList::resume`].
    pub fn position(&self) -> Option<&Position> {
        self.position.as_ref()
    }

    /// The request for the page `direction` leads to; `None` when there is none.
    fn request(&mut self, direction: Direction) -> Option<Result<GraphRequest, Error>> {
        if self.over {
            return None;
        }
        if let Some(first) = self.first.take() {
            self.over = first.is_err();
            return Some(first);
        }
        let position = self.position.as_ref()?;
        let (link, name) = match direction {
            Direction::Next => (position.next_url()?, "next"),
            Direction::Previous => (position.previous_url()?, "previous"),
        };
        let stop = if self.fetched >= self.limits.max_pages {
            Some(PagingStop::PageLimit {
                max_pages: self.limits.max_pages,
            })
        } else if self.empty_in_a_row >= self.limits.max_empty_pages {
            Some(PagingStop::EmptyPages {
                in_a_row: self.empty_in_a_row,
            })
        } else {
            None
        };
        if let Some(reason) = stop {
            self.over = true;
            return Some(Err(Error::PagingStopped {
                pages: self.fetched,
                reason,
            }));
        }
        if self.direction != Some(direction) {
            self.direction = Some(direction);
            self.followed.clear();
        }
        if !self.followed.insert(link.to_owned()) {
            self.over = true;
            return Some(Err(Error::InvalidRequest(format!(
                "the API sent a {name}-page URL it had sent before; stopping rather than looping"
            ))));
        }
        let request = GraphRequest::get_url(link).map(|request| match self.limit {
            Some(limit) => with_limit(request, limit),
            None => request,
        });
        self.over = request.is_err();
        Some(request)
    }

    /// The same request with `limit` halved, if `response` is Graph's
    /// too-much-data answer and `halvings` allows another one (counting it).
    fn smaller(
        &mut self,
        request: &GraphRequest,
        response: &Result<Response<Body>, Error>,
        halvings: &mut u32,
    ) -> Option<GraphRequest> {
        let too_much = matches!(response, Err(error) if error.is_too_much_data());
        if !too_much || *halvings >= MAX_LIMIT_HALVINGS {
            return None;
        }
        let limit = request
            .param_value("limit")
            .and_then(|limit| limit.parse::<u32>().ok())
            .unwrap_or(DEFAULT_LIMIT);
        let half = limit / 2;
        if half == 0 {
            return None;
        }
        *halvings += 1;
        self.limit = Some(half);
        tracing::debug!(limit, half, "too much data: asking for a smaller page");
        Some(with_limit(request.clone(), half))
    }
}

impl<T: DeserializeOwned, C: Transport> Pages<'_, T, C> {
    /// Decodes a page and keeps where it leads.
    fn receive(
        &mut self,
        response: Result<Response<Body>, Error>,
    ) -> Result<Response<Page<T>>, Error> {
        let page = response.and_then(|response| decode_page(self.client, response, self.strict));
        match &page {
            Ok(page) => {
                self.position = Some(page.data.position());
                self.fetched = self.fetched.saturating_add(1);
                self.empty_in_a_row = match page.data.data.is_empty() {
                    true => self.empty_in_a_row.saturating_add(1),
                    false => 0,
                };
            }
            Err(_) => self.over = true,
        }
        page
    }
}

impl<T: DeserializeOwned> Pages<'_, T, Client> {
    /// The next page; `None` when the last page had no `paging.next` (or
    /// the last call failed).
    pub async fn next(&mut self) -> Option<Result<Response<Page<T>>, Error>> {
        self.fetch(Direction::Next).await
    }

    /// The previous page, following the last page's `paging.previous`;
    /// `None` when it had none (the first page), or the last call failed.
    pub async fn previous(&mut self) -> Option<Result<Response<Page<T>>, Error>> {
        self.fetch(Direction::Previous).await
    }

    async fn fetch(&mut self, direction: Direction) -> Option<Result<Response<Page<T>>, Error>> {
        let mut request = match self.request(direction)? {
            Ok(request) => request,
            Err(error) => return Some(Err(error)),
        };
        let mut halvings = 0;
        loop {
            let response = self.client.fetch(request.clone()).await;
            match self.smaller(&request, &response, &mut halvings) {
                Some(smaller) => request = smaller,
                None => return Some(self.receive(response)),
            }
        }
    }
}

#[cfg(feature = "blocking")]
impl<T: DeserializeOwned> Pages<'_, T, crate::blocking::Client> {
    /// The previous page, blocking, following the last page's
    /// `paging.previous`; `None` when it had none (the first page), or the
    /// last call failed.
    pub fn previous(&mut self) -> Option<Result<Response<Page<T>>, Error>> {
        self.fetch(Direction::Previous)
    }

    fn fetch(&mut self, direction: Direction) -> Option<Result<Response<Page<T>>, Error>> {
        let mut request = match self.request(direction)? {
            Ok(request) => request,
            Err(error) => return Some(Err(error)),
        };
        let mut halvings = 0;
        loop {
            let response = self.client.fetch(request.clone());
            match self.smaller(&request, &response, &mut halvings) {
                Some(smaller) => request = smaller,
                None => return Some(self.receive(response)),
            }
        }
    }
}

#[cfg(feature = "blocking")]
impl<T: DeserializeOwned> Iterator for Pages<'_, T, crate::blocking::Client> {
    type Item = Result<Response<Page<T>>, Error>;

    /// The next page, blocking.
    fn next(&mut self) -> Option<Self::Item> {
        self.fetch(Direction::Next)
    }
}

impl<T, C> fmt::Debug for Pages<'_, T, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("first", &self.first)
            .field("position", &self.position)
            .field("over", &self.over)
            .field("followed", &self.followed.len())
            .field("limit", &self.limit)
            .field("fetched", &self.fetched)
            .field("empty_in_a_row", &self.empty_in_a_row)
            .finish()
    }
}

/// Decodes a page (errors name the path: `data[2].id`; decoding removes
/// the credentials Graph writes into its links) and redacts the client's
/// secrets from its links wherever else they may be.
fn decode_page<T: DeserializeOwned, C: Transport>(
    client: &C,
    response: Response<Body>,
    strict: Option<bool>,
) -> Result<Response<Page<T>>, Error> {
    let mut page = decode::response::<Page<T>, C>(client, response, strict)?;
    if let Some(paging) = &mut page.data.paging {
        for link in [&mut paging.next, &mut paging.previous]
            .into_iter()
            .flatten()
        {
            *link = client.redact(link);
        }
    }
    Ok(page)
}

/// In a batch, an edge list is its first page.
impl<T: DeserializeOwned, C: Transport, P: Params> crate::batch::BatchOp<C>
    for EdgeList<'_, T, C, P>
{
    type Output = Page<T>;

    fn into_planned(self) -> crate::batch::Planned<Page<T>, C> {
        fn decode<T: DeserializeOwned, C: Transport>(
            client: &C,
            response: Response<Body>,
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
        // As received (decoded in one pass) and parsed first, the same page.
        let raw = Body::Raw {
            status: 200,
            bytes: serde_json::to_vec(&body).unwrap(),
        };
        let page: Page<serde_json::Value> =
            decode_page(&client, Response::new(raw, Default::default()), None)
                .unwrap()
                .into_data();
        let parsed = Response::new(Body::Parsed(body), Default::default());
        assert_eq!(decode_page(&client, parsed, None).unwrap().data, page);
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
        let raw = Body::Raw {
            status: 200,
            bytes: serde_json::to_vec(&bad).unwrap(),
        };
        for body in [raw, Body::Parsed(bad)] {
            let error =
                decode_page::<Entry, _>(&client, Response::new(body, Default::default()), None)
                    .unwrap_err();
            let Error::Decode(decode) = error else {
                panic!("{error:?}")
            };
            assert_eq!(decode.path(), "data[1].id");
        }
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

    #[test]
    fn the_request_carries_the_lists_own_paging_params_last() {
        let client = client();
        let list = || EdgeList::<serde_json::Value, _, NoParams>::new(&client, "1".into(), "feed");
        let since = crate::DateTime::parse("2024-01-02T00:00:00+0000").unwrap();
        let request = list()
            .limit(5)
            .after("QQ")
            .since(since)
            .until(1_704_412_800)
            .offset(3)
            .summary(true)
            .to_request()
            .unwrap();
        let pairs = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            request.params(),
            pairs(&[
                ("limit", "5"),
                ("after", "QQ"),
                ("since", "1704153600"),
                ("until", "1704412800"),
                ("offset", "3"),
                ("summary", "true"),
            ])
        );
        // `before` replaces `after`; `summary(false)` sends nothing.
        let request = list()
            .after("QQ")
            .before("Qg")
            .summary(false)
            .to_request()
            .unwrap();
        assert_eq!(request.params(), pairs(&[("before", "Qg")]));

        // A resumed list's request is the position's next link, with its own limit.
        let position: Position = serde_json::from_value(
            json!({"next": "https://graph.example/v19.0/1/feed?limit=25&after=Qg"}),
        )
        .unwrap();
        let request = list()
            .resume(position.clone())
            .limit(10)
            .to_request()
            .unwrap();
        assert_eq!(
            request.url(),
            Some("https://graph.example/v19.0/1/feed?limit=10&after=Qg")
        );
        let other = EdgeList::<serde_json::Value, _, NoParams>::new(&client, "2".into(), "feed");
        assert!(matches!(
            other.resume(position).to_request(),
            Err(Error::InvalidRequest(why)) if why.contains("/v19.0/1/feed")
        ));
    }

    #[tokio::test]
    async fn a_repeated_link_stops_paging_unless_the_direction_changed() {
        let client = client();
        let mut pages =
            EdgeList::<serde_json::Value, _, NoParams>::new(&client, "1".into(), "feed").pages();
        assert!(matches!(pages.request(Direction::Next), Some(Ok(_))));
        let looping = || {
            Ok(Response::new(
                Body::Parsed(json!({"data": [], "paging": {
                    "next": "https://graph.example/v19.0/1/feed?after=x",
                    "previous": "https://graph.example/v19.0/1/feed?before=y",
                }})),
                Default::default(),
            ))
        };
        pages.receive(looping()).unwrap();
        assert!(matches!(pages.request(Direction::Next), Some(Ok(_))));
        // Back and forth over the same links is paging, not a loop.
        pages.receive(looping()).unwrap();
        assert!(matches!(pages.request(Direction::Previous), Some(Ok(_))));
        pages.receive(looping()).unwrap();
        assert!(matches!(pages.request(Direction::Next), Some(Ok(_))));
        // The same link again, the same way: a loop.
        pages.receive(looping()).unwrap();
        let error = pages.next().await.unwrap().unwrap_err();
        assert!(
            matches!(&error, Error::InvalidRequest(why) if why.contains("looping")),
            "{error:?}"
        );
        assert!(pages.next().await.is_none());
        assert!(pages.previous().await.is_none(), "no more pages either way");
        assert!(pages.position().is_some_and(Position::has_next));
    }
}
