//! Entry points for the fuzz targets in `fuzz/` (feature `fuzzing`): the
//! crate-internal functions that read what a server or a sender controls,
//! each wrapped so that a target can call it with arbitrary input. Not part
//! of the API; nothing else may enable the feature.

use crate::auth::Redactor;
use crate::error::Error;
use crate::request::GraphRequest;
use crate::response::Usage;

/// A response body as the client interprets it (Graph error envelope, HTTP
/// error, success), with `secrets` to redact: the error's `Display` and
/// `Debug`, or the parsed body's text.
pub fn interpret(status: u16, body: &[u8], secrets: &[&str]) -> Result<String, String> {
    let redactor = redactor(secrets);
    match crate::response::interpret(status, body.to_vec(), &redactor) {
        Ok(body) => body
            .into_value(&redactor)
            .map(|value| value.to_string())
            .map_err(|error| shown(&error)),
        Err(error) => Err(shown(&error)),
    }
}

/// An error as a user would see it: `Display` and `Debug`.
fn shown(error: &Error) -> String {
    format!("{error} {error:?}")
}

fn redactor(secrets: &[&str]) -> Redactor {
    Redactor::new(secrets.iter().map(|s| (*s).to_owned()))
}

/// The usage headers of a response, `header` looking one up by lower-case name.
pub fn usage<'a>(header: impl Fn(&str) -> Option<&'a [u8]>) -> Usage {
    Usage::from_headers(header)
}

/// A server's `Retry-After` header as the client reads it (capped where
/// it is parsed).
pub fn retry_after(value: &str) -> Option<std::time::Duration> {
    crate::retry::parse_retry_after(value)
}

/// One entry of a batch answer, read as the batch reads it: its usage and
/// its body or error (`Display` and `Debug`), with `secrets` redacted.
pub fn batch_answer(entry: serde_json::Value, secrets: &[&str]) -> (Usage, Result<String, String>) {
    let (usage, result) = crate::batch::answer(entry, &redactor(secrets));
    let result = match result {
        Ok(body) => body
            .into_value(&redactor(secrets))
            .map(|value| value.to_string())
            .map_err(|error| shown(&error)),
        Err(error) => Err(shown(&error)),
    };
    (usage, result)
}

/// The references the batch scanner finds in `text`: range, name, path.
pub fn references(text: &str) -> Vec<(std::ops::Range<usize>, &str, &str)> {
    crate::batch::references(text)
        .map(|found| (found.range, found.name, found.path))
        .collect()
}

/// `text` as a batch operation sends it (form-encoded), the live
/// references being those `mark` precedes.
pub fn encode_keeping_references(text: &str, mark: &str) -> Result<String, String> {
    crate::batch::encode_keeping_references(text, mark, |s| {
        url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
    })
    .map_err(|error| error.to_string())
}

/// A batch's mark, made as a batch makes it.
pub fn new_mark() -> String {
    crate::batch::new_mark().to_string()
}

/// The mark character of live references.
pub const MARK: char = crate::request::MARK;

/// A paging link without its credentials, as a decoded page holds it.
pub fn link_without_credentials(link: &str) -> String {
    crate::request::link_without_credentials(link).into_owned()
}

/// A paging link as the client follows it: the request made of it, or why
/// not.
pub fn page_request(link: &str) -> Result<GraphRequest, String> {
    GraphRequest::get_url(link).map_err(|error| error.to_string())
}

/// Whether the client would send its token to `url` given `base`.
pub fn is_under(url: &str, base: &str) -> Option<bool> {
    let (url, base) = (url::Url::parse(url).ok()?, url::Url::parse(base).ok()?);
    Some(crate::client::is_under(&url, &base))
}
