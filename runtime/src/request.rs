//! One Graph API call, before it is sent: method, path and parameters.
//!
//! Every request the runtime makes, whatever builder made it, is a
//! [`GraphRequest`] sent through one retry loop (`Client::send`). GET and
//! DELETE send their parameters in the query string, POST as a form body.
//! A request names path segments below the client's base URL and version,
//! or, to follow paging links, an absolute URL on the client's own host
//! ([`GraphRequest::get_url`]).
//!
//! A segment is a value, never a piece of syntax: each one is
//! percent-encoded on its own when the URL is built, so a node id such as
//! `123/adsets` names the node `123%2Fadsets`, not the `adsets` edge of
//! node `123`. Segments that would make the URL name another resource
//! (empty, `.`, `..`) are refused before anything is sent.

use std::fmt;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::error::Error;
use crate::params::CLIENT_PARAMS;
use crate::upload::Upload;
#[cfg(feature = "fuzzing")]
pub(crate) use graph_model::page::link_without_credentials;
use graph_model::page::remove_credentials;

/// The HTTP methods the Graph API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Method {
    /// Read a node or an edge.
    Get,
    /// Create, or update a node.
    Post,
    /// Delete a node or an edge entry.
    Delete,
}

impl Method {
    /// `"GET"`, `"POST"`, `"DELETE"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }

    /// Whether repeating the request has no further effect, so a request
    /// that may or may not have reached the server can be retried.
    pub fn is_idempotent(self) -> bool {
        matches!(self, Method::Get | Method::Delete)
    }

    pub(crate) fn to_http(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Delete => reqwest::Method::DELETE,
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A Graph API call: method, path segments below the version (`["1234"]`,
/// `["1234", "comments"]`), and parameters.
///
/// ```
/// use graph_runtime::{GraphRequest, Method};
/// // An id from user input is one segment, whatever it contains.
/// let id = "123/adsets";
/// let request = GraphRequest::from_segments(Method::Delete, [id]);
/// assert_eq!(request.segments(), Some(&["123/adsets".to_owned()][..]));
/// assert_eq!(request.path(), "123%2Fadsets");
///
/// // A literal path written in the code is split on `/`.
/// let request = GraphRequest::get("me/accounts").param("fields", "id,name");
/// assert_eq!(request.segments(), Some(&["me".to_owned(), "accounts".to_owned()][..]));
/// assert_eq!(request.params(), [("fields".to_owned(), "id,name".to_owned())]);
/// ```
///
/// The client adds the version prefix, the access token (as a header) and
/// `appsecret_proof`; segments and parameters are percent-encoded when sent.
#[derive(Clone, PartialEq, Eq)]
pub struct GraphRequest {
    method: Method,
    target: Target,
    params: Vec<(String, String)>,
    /// Secrets this request carries besides the client's (a client secret,
    /// a token to inspect, a batch's per-operation tokens): removed from
    /// whatever its send reports (errors, traces).
    secrets: Vec<String>,
    /// Files, each with the name of its part: a request with one is sent
    /// as `multipart/form-data`.
    files: Vec<(String, Upload)>,
    /// Sent to the client's video host rather than its base URL.
    video_host: bool,
    /// Sent without the client's access token and `appsecret_proof`.
    without_client_token: bool,
}

/// Starts and ends the mark of a live batch reference
/// ([`Reference`](crate::batch::Reference)): a noncharacter, which text
/// from elsewhere has no business holding.
pub(crate) const MARK: char = '\u{10FFFF}';

/// Parameters whose values are credentials wherever they appear: `Debug`
/// never shows them.
const CREDENTIAL_PARAMS: &[&str] = &[
    "access_token",
    "appsecret_proof",
    "client_secret",
    "input_token",
    "fb_exchange_token",
    "code",
    "password",
];

impl fmt::Debug for GraphRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let params: Vec<(&str, &str)> = self
            .params
            .iter()
            .map(|(name, value)| {
                let hidden = CREDENTIAL_PARAMS.contains(&name.as_str())
                    || self
                        .secrets
                        .iter()
                        .any(|s| !s.is_empty() && value.contains(s.as_str()));
                (
                    name.as_str(),
                    if hidden { "<redacted>" } else { value.as_str() },
                )
            })
            .collect();
        f.debug_struct("GraphRequest")
            .field("method", &self.method)
            .field("target", &self.target)
            .field("params", &params)
            .field("files", &self.files)
            .field("video_host", &self.video_host)
            .field("without_client_token", &self.without_client_token)
            .finish()
    }
}

/// Where a request goes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// Path segments below the client's base URL and version, unencoded.
    Segments(Vec<String>),
    /// An absolute URL the API handed out (a page's `next`), without credentials.
    Url(url::Url),
    /// The version root itself (`POST /v19.0/`), where batch requests go.
    Root,
}

/// What a path segment is encoded with: everything but the unreserved
/// characters of RFC 3986 (`A-Z a-z 0-9 - . _ ~`), so `/`, `?`, `#`, `%`,
/// spaces and control characters all travel as `%XX` inside one segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// One path segment as it goes on the wire.
pub(crate) fn encode_segment(segment: &str) -> impl fmt::Display + '_ {
    utf8_percent_encode(segment, SEGMENT)
}

impl GraphRequest {
    /// A request with no parameters to a literal path, split on `/`:
    /// `"me/accounts"` is the two segments `me` and `accounts`.
    ///
    /// For a path written in the code. A value that comes from elsewhere (a
    /// node id from user input) belongs in one segment of its own:
    /// [`GraphRequest::from_segments`].
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        let path = path.into();
        Self::from_segments(method, path.split('/'))
    }

    /// A request with no parameters to these path segments, each sent as
    /// exactly one segment: `/`, `?`, `#`, `%` and the like inside one are
    /// percent-encoded, never read as syntax.
    ///
    /// Sending fails with [`Error::InvalidRequest`], and nothing goes out, if
    /// there is no segment or if one is empty, `.` or `..`.
    ///
    /// ```
    /// use graph_runtime::{GraphRequest, Method};
    /// let request = GraphRequest::from_segments(Method::Get, ["act_1", "campaigns"]);
    /// assert_eq!(request.path(), "act_1/campaigns");
    /// let odd = GraphRequest::from_segments(Method::Get, ["a b?c#d%e"]);
    /// assert_eq!(odd.path(), "a%20b%3Fc%23d%25e");
    /// ```
    pub fn from_segments(
        method: Method,
        segments: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        GraphRequest {
            method,
            target: Target::Segments(segments.into_iter().map(Into::into).collect()),
            params: Vec::new(),
            secrets: Vec::new(),
            files: Vec::new(),
            video_host: false,
            without_client_token: false,
        }
    }

    /// `GET` of an absolute URL the API handed out: a page's `paging.next`
    /// or `paging.previous`.
    ///
    /// `access_token` and `appsecret_proof` are removed from its query (the
    /// client authenticates with a header and adds its own proof). The client
    /// sends it only if its scheme, host and port are those of the client's
    /// base URL; anything else is an [`Error::InvalidRequest`], so the token
    /// never goes to another host.
    ///
    /// ```
    /// use graph_runtime::GraphRequest;
    /// let next = GraphRequest::get_url(
    ///     "https://graph.facebook.com/v19.0/1/feed?access_token=EAAB&limit=2&after=QVFI",
    /// )?;
    /// assert_eq!(
    ///     next.url(),
    ///     Some("https://graph.facebook.com/v19.0/1/feed?limit=2&after=QVFI")
    /// );
    /// # Ok::<(), graph_runtime::Error>(())
    /// ```
    pub fn get_url(url: &str) -> Result<Self, Error> {
        // The parser's message never quotes the input, which may hold a token.
        let mut url = url::Url::parse(url)
            .map_err(|e| Error::InvalidRequest(format!("a page URL is not a URL: {e}")))?;
        url.set_fragment(None);
        remove_credentials(&mut url);
        Ok(GraphRequest {
            method: Method::Get,
            target: Target::Url(url),
            params: Vec::new(),
            secrets: Vec::new(),
            files: Vec::new(),
            video_host: false,
            without_client_token: false,
        })
    }

    /// `POST /{version}/`: the root, where a batch request goes. Only the
    /// batch builds one; every other request names at least a node.
    pub(crate) fn root(method: Method) -> Self {
        GraphRequest {
            method,
            target: Target::Root,
            params: Vec::new(),
            secrets: Vec::new(),
            files: Vec::new(),
            video_host: false,
            without_client_token: false,
        }
    }

    /// `GET /{version}/{path}`, the literal path split on `/` (see [`GraphRequest::new`]).
    pub fn get(path: impl Into<String>) -> Self {
        Self::new(Method::Get, path)
    }

    /// `POST /{version}/{path}` with form-encoded parameters, the literal
    /// path split on `/` (see [`GraphRequest::new`]).
    pub fn post(path: impl Into<String>) -> Self {
        Self::new(Method::Post, path)
    }

    /// `DELETE /{version}/{path}`, the literal path split on `/` (see [`GraphRequest::new`]).
    pub fn delete(path: impl Into<String>) -> Self {
        Self::new(Method::Delete, path)
    }

    /// Adds a parameter (unencoded; encoding happens when it is sent).
    ///
    /// `access_token` and `appsecret_proof` are the client's own: a request
    /// carrying either fails with [`Error::InvalidRequest`] when sent.
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((name.into(), value.into()));
        self
    }

    /// Adds a parameter whose value is a secret (a client secret, a token):
    /// it is sent like any other, never shown by `Debug`, and removed from
    /// every error and trace of the request's send.
    pub(crate) fn secret_param(mut self, name: &str, value: &str) -> Self {
        self.secrets.push(value.to_owned());
        self.param(name, value)
    }

    /// Secrets the request carries inside another parameter's value (a
    /// batch's per-operation tokens and proofs): removed from every error
    /// and trace of its send.
    pub(crate) fn with_secrets(mut self, secrets: impl IntoIterator<Item = String>) -> Self {
        self.secrets.extend(secrets);
        self
    }

    /// The secrets the request carries besides the client's.
    pub(crate) fn secrets(&self) -> &[String] {
        &self.secrets
    }

    /// Adds a file, sent as the part `name` of a `multipart/form-data`
    /// body (the parameters become its text parts). Only a POST may carry
    /// files: any other request with one fails with
    /// [`Error::InvalidRequest`] when sent.
    ///
    /// ```
    /// use graph_runtime::{GraphRequest, Upload};
    /// let request = GraphRequest::post("act_1/adimages")
    ///     .file("logo.png", Upload::from_bytes("logo.png", vec![0x89, b'P', b'N', b'G']));
    /// assert_eq!(request.files()[0].0, "logo.png");
    /// ```
    pub fn file(mut self, name: impl Into<String>, upload: Upload) -> Self {
        self.files.push((name.into(), upload));
        self
    }

    /// Adds these files, in order ([`GraphRequest::file`]).
    pub(crate) fn with_files(mut self, files: impl IntoIterator<Item = (String, Upload)>) -> Self {
        self.files.extend(files);
        self
    }

    /// The files, each with the name of its part, in the order they were added.
    pub fn files(&self) -> &[(String, Upload)] {
        &self.files
    }

    /// Sends the request to the client's video host
    /// ([`ClientBuilder::video_base_url`](crate::ClientBuilder::video_base_url),
    /// `graph-video.facebook.com` by default) instead of its base URL, with
    /// the same version prefix and credentials. For video uploads, which
    /// Graph takes there. No effect on a [`GraphRequest::get_url`] request.
    pub fn on_video_host(mut self) -> Self {
        self.video_host = matches!(self.target, Target::Segments(_));
        self
    }

    /// Sends the request without the client's credentials: no
    /// `Authorization` header and no `appsecret_proof`. For the OAuth
    /// endpoints that authenticate with what the request itself carries
    /// (`client_id` and `client_secret` in the body of `POST
    /// /oauth/access_token`), where the client's token means nothing and
    /// should not travel.
    ///
    /// ```
    /// use graph_runtime::GraphRequest;
    /// let request = GraphRequest::post("oauth/access_token").without_client_token();
    /// assert!(!request.sends_client_token());
    /// assert!(GraphRequest::get("me").sends_client_token());
    /// ```
    pub fn without_client_token(mut self) -> Self {
        self.without_client_token = true;
        self
    }

    /// Whether the client adds its access token and `appsecret_proof`
    /// (unless [`GraphRequest::without_client_token`]).
    pub fn sends_client_token(&self) -> bool {
        !self.without_client_token
    }

    /// Whether the request goes to the video host ([`GraphRequest::on_video_host`]).
    pub fn is_on_video_host(&self) -> bool {
        self.video_host
    }

    /// Adds these parameters (unencoded), in order.
    pub(crate) fn with_params(
        mut self,
        params: impl IntoIterator<Item = (String, String)>,
    ) -> Self {
        self.params.extend(params);
        self
    }

    /// The HTTP method.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The path below the version prefix as it is sent, each segment
    /// percent-encoded and the segments joined with `/` (`1234/comments`,
    /// `123%2Fadsets` for the one segment `123/adsets`); for a
    /// [`GraphRequest::get_url`] request, the URL's whole path (`/v19.0/1/feed`).
    /// For display and logs; the request itself keeps the segments.
    pub fn path(&self) -> String {
        match &self.target {
            Target::Segments(segments) => {
                let mut path = String::new();
                for (i, segment) in segments.iter().enumerate() {
                    if i > 0 {
                        path.push('/');
                    }
                    path.push_str(&encode_segment(segment).to_string());
                }
                path
            }
            Target::Url(url) => url.path().to_owned(),
            Target::Root => String::new(),
        }
    }

    /// The path segments below the version prefix, unencoded; `None` for a
    /// [`GraphRequest::get_url`] request, and none at all for the root
    /// that a batch is sent to.
    pub fn segments(&self) -> Option<&[String]> {
        match &self.target {
            Target::Segments(segments) => Some(segments),
            Target::Url(_) => None,
            Target::Root => Some(&[]),
        }
    }

    /// The absolute URL of a [`GraphRequest::get_url`] request, credentials
    /// removed; `None` for a request made from path segments.
    pub fn url(&self) -> Option<&str> {
        self.absolute_url().map(url::Url::as_str)
    }

    pub(crate) fn absolute_url(&self) -> Option<&url::Url> {
        match &self.target {
            Target::Segments(_) | Target::Root => None,
            Target::Url(url) => Some(url),
        }
    }

    /// The parameters, in the order they were added.
    pub fn params(&self) -> &[(String, String)] {
        &self.params
    }

    /// The value of parameter `name`: from the parameters, or from the
    /// query of a [`GraphRequest::get_url`] URL. The first one if repeated.
    pub(crate) fn param_value(&self, name: &str) -> Option<String> {
        if let Some((_, value)) = self.params.iter().find(|(n, _)| n == name) {
            return Some(value.clone());
        }
        let url = self.absolute_url()?;
        url.query_pairs()
            .find(|(n, _)| n == name)
            .map(|(_, value)| value.into_owned())
    }

    /// The request with parameter `name` set to `value` alone: every
    /// occurrence replaced (in the parameters, and in the query of a
    /// [`GraphRequest::get_url`] URL), or added if there was none.
    pub(crate) fn replacing_param(mut self, name: &str, value: &str) -> Self {
        let mut found = false;
        if let Target::Url(url) = &mut self.target {
            if url.query_pairs().any(|(n, _)| n == name) {
                let pairs: Vec<(String, String)> = url
                    .query_pairs()
                    .filter_map(|(n, v)| match n == name {
                        true if found => None,
                        true => {
                            found = true;
                            Some((n.into_owned(), value.to_owned()))
                        }
                        false => Some((n.into_owned(), v.into_owned())),
                    })
                    .collect();
                url.query_pairs_mut().clear().extend_pairs(pairs);
            }
        }
        let mut kept = Vec::with_capacity(self.params.len() + 1);
        for (n, v) in std::mem::take(&mut self.params) {
            match n == name {
                true if found => {}
                true => {
                    found = true;
                    kept.push((n, value.to_owned()));
                }
                false => kept.push((n, v)),
            }
        }
        if !found {
            kept.push((name.to_owned(), value.to_owned()));
        }
        self.params = kept;
        self
    }

    /// The path segments, refusing a request that would name another
    /// resource than the one it was built for: no segment at all, or one
    /// that is empty, `.` or `..` (which URL resolution would drop or turn
    /// into a step up). `None` for a [`GraphRequest::get_url`] request.
    pub(crate) fn checked_segments(&self) -> Result<Option<&[String]>, Error> {
        let segments = match &self.target {
            Target::Segments(segments) => segments,
            Target::Url(_) => return Ok(None),
            Target::Root => return Ok(Some(&[])),
        };
        if segments.is_empty() {
            return Err(Error::InvalidRequest(
                "the request has no path segment: it needs at least a node id".to_owned(),
            ));
        }
        let why = "an empty, `.` or `..` path segment would make the URL name another resource; \
                   nothing was sent";
        for (i, segment) in segments.iter().enumerate() {
            if segment.is_empty() || segment == "." || segment == ".." {
                // Echoing is safe: the segment is one of those three.
                return Err(Error::InvalidRequest(if i == 0 {
                    format!("node id `{segment}` is not a usable id: {why}")
                } else {
                    format!("path segment {} (`{segment}`) is not usable: {why}", i + 1)
                }));
            }
        }
        Ok(Some(segments))
    }

    /// Refuses a batch [`Reference`](crate::batch::Reference) outside its
    /// batch: it means nothing to Graph there. (A batch takes the marks out
    /// of its operations before it sends them.)
    pub(crate) fn check_no_batch_reference(&self) -> Result<(), Error> {
        let segments = self.segments().unwrap_or_default().iter();
        let values = self.params.iter().map(|(_, value)| value);
        if segments.chain(values).any(|text| text.contains(MARK)) {
            return Err(Error::InvalidRequest(
                "a batch reference (`{result=…}` from Handle::result or Handle::id) is used \
                 outside its batch; it works only in an operation added to the same batch"
                    .to_owned(),
            ));
        }
        Ok(())
    }

    /// Refuses parameters only the client may set: the access token travels
    /// in a header and the client computes `appsecret_proof` itself, so
    /// neither may come with the request (in a URL, or twice).
    pub(crate) fn check_params(&self) -> Result<(), Error> {
        if !self.files.is_empty() && self.method != Method::Post {
            return Err(Error::InvalidRequest(format!(
                "a {} request cannot carry files; only a POST uploads",
                self.method
            )));
        }
        match self
            .params
            .iter()
            .find(|(name, _)| CLIENT_PARAMS.contains(&name.as_str()))
        {
            // The value is never echoed: it may be a token.
            Some((name, _)) => Err(Error::InvalidRequest(format!(
                "parameter `{name}` is set by the client; the access token goes in the \
                 Authorization header and appsecret_proof is computed from the app secret, \
                 never taken from a request's parameters"
            ))),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_values_of_credentials() {
        let request = GraphRequest::post("oauth/access_token")
            .param("client_id", "1234")
            .param("client_secret", "s3cret-app-value")
            .param("input_token", "EAAB-input-value")
            .param("fb_exchange_token", "EAAB-short-value")
            .param("access_token", "EAAB-smuggled-value")
            .secret_param("other", "EAAB-own-secret-value")
            .param("echo", "holds EAAB-own-secret-value too");
        let shown = format!("{request:?}");
        assert!(shown.contains("\"client_id\", \"1234\""), "{shown}");
        assert!(
            shown.contains("\"client_secret\", \"<redacted>\""),
            "{shown}"
        );
        for hidden in [
            "s3cret",
            "input-value",
            "short-value",
            "smuggled",
            "own-secret",
        ] {
            assert!(!shown.contains(hidden), "{hidden} in {shown}");
        }
        assert_eq!(request.secrets(), ["EAAB-own-secret-value"]);
    }

    fn segments(request: &GraphRequest) -> Vec<&str> {
        let segments = request.segments().expect("a request made from segments");
        segments.iter().map(String::as_str).collect()
    }

    fn refusal(request: &GraphRequest) -> String {
        match request.checked_segments() {
            Err(Error::InvalidRequest(why)) => why,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn a_segment_is_a_value_not_syntax() {
        let tricky = "1/edge?x=1#frag 100% \n\t";
        let request = GraphRequest::from_segments(Method::Delete, [tricky, "adsets"]);
        assert_eq!(segments(&request), [tricky, "adsets"]);
        assert_eq!(request.checked_segments().unwrap().map(<[_]>::len), Some(2));
        assert_eq!(
            request.path(),
            "1%2Fedge%3Fx%3D1%23frag%20100%25%20%0A%09/adsets"
        );
        // Unreserved characters travel as they are; everything else is encoded,
        // non-ASCII as UTF-8.
        let plain = GraphRequest::from_segments(Method::Get, ["act_1-2.3~", "é"]);
        assert_eq!(plain.path(), "act_1-2.3~/%C3%A9");
        // Strings and owned strings alike.
        let owned = GraphRequest::from_segments(Method::Get, vec![String::from("me")]);
        assert_eq!(
            (owned.method(), segments(&owned)),
            (Method::Get, vec!["me"])
        );
    }

    #[test]
    fn literal_paths_are_split_on_slashes() {
        assert_eq!(
            segments(&GraphRequest::get("1_2/comments")),
            ["1_2", "comments"]
        );
        assert_eq!(segments(&GraphRequest::post("me")), ["me"]);
        assert_eq!(GraphRequest::post("me").method(), Method::Post);
        assert_eq!(GraphRequest::delete("1/likes").method(), Method::Delete);
        assert_eq!(
            GraphRequest::new(Method::Get, "a/b/c"),
            GraphRequest::from_segments(Method::Get, ["a", "b", "c"])
        );
        assert_eq!(GraphRequest::get("1/feed").path(), "1/feed");
    }

    #[test]
    fn refuses_segments_that_would_name_another_resource() {
        for bad in ["", "1/", "/1", "1//edge", "..", "1/.", "1/../2"] {
            let request = GraphRequest::get(bad);
            assert!(request.checked_segments().is_err(), "{bad:?}");
        }
        assert_eq!(
            refusal(&GraphRequest::from_segments(Method::Delete, [".."])),
            "node id `..` is not a usable id: an empty, `.` or `..` path segment would make \
             the URL name another resource; nothing was sent"
        );
        assert!(
            refusal(&GraphRequest::from_segments(Method::Get, [""])).starts_with("node id `` ")
        );
        assert!(
            refusal(&GraphRequest::from_segments(Method::Get, ["1", "."]))
                .starts_with("path segment 2 (`.`) is not usable: ")
        );
        assert!(
            refusal(&GraphRequest::from_segments(Method::Get, ["1", "feed", ""]))
                .starts_with("path segment 3 (``) ")
        );
        let none: [&str; 0] = [];
        assert!(
            refusal(&GraphRequest::from_segments(Method::Get, none)).contains("no path segment")
        );
        // Dots inside a segment, or encoded, are ordinary characters.
        for fine in ["...", ".x", "x.", "..a", "%2e%2e", " "] {
            let request = GraphRequest::from_segments(Method::Get, [fine, fine]);
            assert!(request.checked_segments().is_ok(), "{fine:?}");
        }
        // A page URL has no segments to check.
        let next = GraphRequest::get_url("https://h/v1.0/1/feed").unwrap();
        assert_eq!(
            (next.segments(), next.checked_segments().unwrap()),
            (None, None)
        );
    }

    #[test]
    fn credentials_are_never_request_parameters() {
        for name in CLIENT_PARAMS {
            let request = GraphRequest::get("me").param(*name, "EAAB-secret");
            let error = request.check_params().unwrap_err();
            let Error::InvalidRequest(why) = &error else {
                panic!("{error:?}")
            };
            assert!(why.starts_with(&format!("parameter `{name}` is set by the client; ")));
            assert!(!why.contains("EAAB-secret"), "{why}");
        }
        let fine = GraphRequest::post("me/feed")
            .param("message", "access_token")
            .param("token", "x");
        assert!(fine.check_params().is_ok());
    }

    #[test]
    fn page_urls_lose_their_credentials() {
        let next = GraphRequest::get_url(
            "https://graph.facebook.com/v19.0/1/feed?access_token=EAAB-secret&fields=a%7Bb%7D\
             &appsecret_proof=abc&after=QVFI%3D#frag",
        )
        .unwrap();
        assert_eq!(
            next.url(),
            Some("https://graph.facebook.com/v19.0/1/feed?fields=a%7Bb%7D&after=QVFI%3D")
        );
        assert_eq!(next.method(), Method::Get);
        assert_eq!(next.path(), "/v19.0/1/feed");
        assert!(!format!("{next:?}").contains("EAAB-secret"));
        let only_token = GraphRequest::get_url("https://h/v1.0/x?access_token=t").unwrap();
        assert_eq!(only_token.url(), Some("https://h/v1.0/x"));
        // Untouched when there is nothing to remove.
        let plain = GraphRequest::get_url("https://h/x?a=%7B&b=c+d").unwrap();
        assert_eq!(plain.url(), Some("https://h/x?a=%7B&b=c+d"));
        let error = GraphRequest::get_url("not a url access_token=EAAB-secret").unwrap_err();
        assert!(
            matches!(&error, Error::InvalidRequest(why) if !why.contains("EAAB")),
            "{error:?}"
        );
        assert_eq!(GraphRequest::get("1").url(), None);
    }

    #[test]
    fn a_parameter_is_read_and_replaced_in_params_or_url() {
        let request = GraphRequest::get("1/feed")
            .param("fields", "id")
            .param("limit", "100");
        assert_eq!(request.param_value("limit").as_deref(), Some("100"));
        assert_eq!(request.param_value("after"), None);
        let smaller = request.replacing_param("limit", "50");
        assert_eq!(
            smaller.params(),
            [
                ("fields".to_owned(), "id".to_owned()),
                ("limit".to_owned(), "50".to_owned())
            ]
        );
        let added = GraphRequest::get("1/feed").replacing_param("limit", "12");
        assert_eq!(added.params(), [("limit".to_owned(), "12".to_owned())]);

        let next = GraphRequest::get_url("https://h/v1.0/1/feed?limit=100&after=QQ%3D").unwrap();
        assert_eq!(next.param_value("limit").as_deref(), Some("100"));
        assert_eq!(next.param_value("after").as_deref(), Some("QQ="));
        let smaller = next.replacing_param("limit", "50");
        assert_eq!(
            smaller.url(),
            Some("https://h/v1.0/1/feed?limit=50&after=QQ%3D")
        );
        assert!(smaller.params().is_empty());
        let without = GraphRequest::get_url("https://h/v1.0/1/feed?after=QQ").unwrap();
        let added = without.replacing_param("limit", "12");
        assert_eq!(added.url(), Some("https://h/v1.0/1/feed?after=QQ"));
        assert_eq!(added.params(), [("limit".to_owned(), "12".to_owned())]);
        assert_eq!(added.param_value("limit").as_deref(), Some("12"));
    }

    #[test]
    fn methods_are_named_as_http_names_them() {
        for (method, name, http) in [
            (Method::Get, "GET", reqwest::Method::GET),
            (Method::Post, "POST", reqwest::Method::POST),
            (Method::Delete, "DELETE", reqwest::Method::DELETE),
        ] {
            assert_eq!(
                (method.as_str(), method.to_string()),
                (name, name.to_owned())
            );
            assert_eq!(method.to_http(), http);
        }
    }

    #[test]
    fn only_get_and_delete_repeat_safely() {
        assert!(Method::Get.is_idempotent() && Method::Delete.is_idempotent());
        assert!(!Method::Post.is_idempotent());
    }
}
