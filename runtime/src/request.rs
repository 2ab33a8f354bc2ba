//! One Graph API call, before it is sent: method, path and parameters.
//!
//! Every request the runtime makes, whatever builder made it, is a
//! [`GraphRequest`] sent through one retry loop (`Client::send`). GET and
//! DELETE send their parameters in the query string, POST as a form body.

use std::fmt;

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
    path: String,
    params: Vec<(String, String)>,
}

impl GraphRequest {
    /// A request with no parameters.
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        GraphRequest {
            method,
            path: path.into(),
            params: Vec::new(),
        }
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

    /// The HTTP method.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The path below the version prefix.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The parameters, in the order they were added.
    pub fn params(&self) -> &[(String, String)] {
        &self.params
    }

    /// The path's segments, refusing ones that would change which resource
    /// the URL names (empty, `.`, `..`).
    pub(crate) fn segments(&self) -> Result<std::str::Split<'_, char>, String> {
        if self
            .path
            .split('/')
            .any(|s| s.is_empty() || s == "." || s == "..")
        {
            return Err(format!(
                "path `{}` has an empty, `.` or `..` segment (is a node id empty?)",
                self.path
            ));
        }
        Ok(self.path.split('/'))
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
    fn only_get_and_delete_repeat_safely() {
        assert!(Method::Get.is_idempotent() && Method::Delete.is_idempotent());
        assert!(!Method::Post.is_idempotent());
    }
}
