//! Files to upload: [`Upload`], the value of every `file` parameter
//! (`graph_model::upload`, re-exported here), and how an upload is sent.
//!
//! An upload is bytes in memory, a file on disk, or a stream of a known
//! length, with the file name and content type it is sent under. A request
//! that carries one (a generated parameters struct with a `file`
//! parameter set, or [`GraphRequest::file`](crate::GraphRequest::file)) is
//! sent as `multipart/form-data`, its other parameters as text parts;
//! every other request stays form-encoded. Files are read in chunks of
//! [`CHUNK`] bytes while the body is sent, so the memory an upload takes
//! does not grow with the file.
//!
//! ```
//! use graph_runtime::Upload;
//!
//! let logo = Upload::from_bytes("logo.png", vec![0x89, b'P', b'N', b'G']);
//! assert_eq!((logo.file_name(), logo.content_type(), logo.len()), ("logo.png", "image/png", 4));
//!
//! let csv = Upload::from_bytes("rows", "a,b\n1,2\n").with_content_type("text/csv");
//! assert_eq!(csv.content_type(), "text/csv");
//! // Debug never shows the content.
//! assert_eq!(format!("{csv:?}"), r#"Upload { file_name: "rows", content_type: "text/csv", len: 8, source: "bytes" }"#);
//! ```
//!
//! A request with an upload is retried like any other POST (only when the
//! server surely did not act on it): bytes and files are sent again from
//! the start; a stream can be sent once, and a second attempt fails with
//! [`Error::Upload`](crate::Error::Upload).

pub use graph_model::upload::*;

mod body;
pub(crate) mod multipart;

pub(crate) use body::{UploadBody, watch};

#[cfg(test)]
mod tests;
