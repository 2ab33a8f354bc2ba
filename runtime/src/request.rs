//! One Graph API call, before it is sent: method, path and parameters.
//!
//! Every request the runtime makes, whatever builder made it, is a
//! [`GraphRequest`] sent through one retry loop (`Client::send`). GET and
//! DELETE send their parameters in the query string, POST as a form body.
//! A request names a path below the client's base URL and version, or, to
//! follow paging links, an absolute URL on the client's own host
//! ([`GraphRequest::get_url`]).

use std::fmt;

use crate::error::Error;

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

/// A Graph API call: method, path below the version (`"1234"`,
/// `"1234/comments"`), and parameters.
///
/// ```
/// use graph_runtime::GraphRequest;
/// let request = GraphRequest::get("1234").param("fields", "id,name");
/// assert_eq!(request.path(), "1234");
/// assert_eq!(request.params(), [("fields".to_owned(), "id,name".to_owned())]);
/// ```
///
/// The client adds the version prefix, the access token (as a header) and
/// `appsecret_proof`; parameters are percent-encoded when sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphRequest {
    method: Method,
    target: Target,
    params: Vec<(String, String)>,
}

/// Where a request goes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// A path below the client's base URL and version.
    Path(String),
    /// An absolute URL the API handed out (a page's `next`), without credentials.
    Url(url::Url),
}

impl GraphRequest {
    /// A request with no parameters.
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        GraphRequest {
            method,
            target: Target::Path(path.into()),
            params: Vec::new(),
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
        })
    }

    /// `GET /{version}/{path}`.
    pub fn get(path: impl Into<String>) -> Self {
        Self::new(Method::Get, path)
    }

    /// `POST /{version}/{path}` with form-encoded parameters.
    pub fn post(path: impl Into<String>) -> Self {
        Self::new(Method::Post, path)
    }

    /// `DELETE /{version}/{path}`.
    pub fn delete(path: impl Into<String>) -> Self {
        Self::new(Method::Delete, path)
    }

    /// Adds a parameter (unencoded; encoding happens when it is sent).
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((name.into(), value.into()));
        self
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

    /// The path below the version prefix; for a [`GraphRequest::get_url`]
    /// request, the URL's whole path (`/v19.0/1/feed`).
    pub fn path(&self) -> &str {
        match &self.target {
            Target::Path(path) => path,
            Target::Url(url) => url.path(),
        }
    }

    /// The absolute URL of a [`GraphRequest::get_url`] request, credentials
    /// removed; `None` for a request made from a path.
    pub fn url(&self) -> Option<&str> {
        self.absolute_url().map(url::Url::as_str)
    }

    pub(crate) fn absolute_url(&self) -> Option<&url::Url> {
        match &self.target {
            Target::Path(_) => None,
            Target::Url(url) => Some(url),
        }
    }

    /// The parameters, in the order they were added.
    pub fn params(&self) -> &[(String, String)] {
        &self.params
    }

    /// The path's segments, refusing ones that would change which resource
    /// the URL names (empty, `.`, `..`).
    pub(crate) fn segments(&self) -> Result<std::str::Split<'_, char>, String> {
        let path = self.path();
        if path
            .split('/')
            .any(|s| s.is_empty() || s == "." || s == "..")
        {
            return Err(format!(
                "path `{path}` has an empty, `.` or `..` segment (is a node id empty?)"
            ));
        }
        Ok(path.split('/'))
    }
}

/// Query parameters that carry credentials: the client sends its own, the
/// token as a header.
const CREDENTIAL_PARAMS: [&str; 2] = ["access_token", "appsecret_proof"];

/// Removes `access_token` and `appsecret_proof` from a URL's query (Graph
/// puts the token in the `next` URLs it hands out). The query is rewritten
/// only if it held one of them.
pub(crate) fn remove_credentials(url: &mut url::Url) {
    let is_credential = |name: &str| CREDENTIAL_PARAMS.contains(&name);
    if !url.query_pairs().any(|(name, _)| is_credential(&name)) {
        return;
    }
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(name, _)| !is_credential(name))
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_that_escape_the_node() {
        for bad in ["", "1/", "/1", "1//edge", "..", "1/."] {
            assert!(GraphRequest::get(bad).segments().is_err(), "{bad:?}");
        }
        let ok = GraphRequest::get("1_2/comments");
        assert_eq!(
            ok.segments().unwrap().collect::<Vec<_>>(),
            ["1_2", "comments"]
        );
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
        assert_eq!((next.method(), next.path()), (Method::Get, "/v19.0/1/feed"));
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
    fn only_get_and_delete_repeat_safely() {
        assert!(Method::Get.is_idempotent() && Method::Delete.is_idempotent());
        assert!(!Method::Post.is_idempotent());
    }
}
