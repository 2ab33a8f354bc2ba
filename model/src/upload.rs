//! Files to upload: [`Upload`], the value of every `file` parameter.
//!
//! An upload is bytes in memory, a file on disk, or a stream of a known
//! length, with the file name and content type it is sent under. A request
//! that carries one (a generated parameters struct with a `file`
//! parameter set, or `GraphRequest::file`) is
//! sent as `multipart/form-data`, its other parameters as text parts;
//! every other request stays form-encoded. Files are read in chunks of
//! [`CHUNK`] bytes while the body is sent, so the memory an upload takes
//! does not grow with the file.
//!
//! ```
//! use graph_model::Upload;
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
//! `Error::Upload`.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use futures_core::Stream;

/// How many bytes of a file are read at a time while it is sent: 64 KiB.
pub const CHUNK: usize = 64 * 1024;

/// A stream of an upload's bytes.
pub type ByteStream = Pin<Box<dyn Stream<Item = io::Result<Bytes>> + Send + Sync>>;

/// A file to upload: its content (bytes, a path, or a stream with a known
/// length), the file name it is sent under, and its content type. Cheap to
/// clone: bytes are shared, a path is opened only when the request is sent.
///
/// The content type is guessed from the file name's extension (`.jpg`,
/// `.png`, `.mp4`, `.mov`, `.csv`, …; `application/octet-stream`
/// otherwise) unless set with [`Upload::with_content_type`].
#[derive(Clone)]
pub struct Upload {
    file_name: String,
    content_type: String,
    len: u64,
    source: Source,
}

/// Where an upload's content comes from.
#[doc(hidden)]
#[derive(Clone)]
pub enum Source {
    Bytes(Bytes),
    /// `len` bytes of the file, from `offset`; `whole` when that is the
    /// whole file ([`Upload::from_path`]), not a range of it.
    Path {
        path: PathBuf,
        offset: u64,
        whole: bool,
    },
    /// Taken when sent: a stream goes out once.
    Stream(Arc<Mutex<Option<ByteStream>>>),
}

impl Upload {
    /// Bytes in memory, sent under `file_name`.
    pub fn from_bytes(file_name: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        let bytes = bytes.into();
        Upload::new(file_name.into(), bytes.len() as u64, Source::Bytes(bytes))
    }

    /// The file at `path`, sent under its own file name (`clip.mp4` for
    /// `videos/clip.mp4`). Its length is read now; it is opened and read in
    /// [`CHUNK`]s when the request is sent, and must still have that length
    /// then.
    ///
    /// Fails with an [`UploadError`] if `path` is not a readable regular
    /// file (`?` makes it the client's `Error::Upload`).
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self, UploadError> {
        let path = path.as_ref();
        let fail = |message: &str, source: Option<io::Error>| {
            UploadError::new(path.display().to_string(), message, source)
        };
        let metadata = std::fs::metadata(path).map_err(|e| fail("cannot read it", Some(e)))?;
        if !metadata.is_file() {
            return Err(fail("it is not a regular file", None));
        }
        let file_name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .ok_or_else(|| fail("the path has no file name", None))?;
        Ok(Upload::new(
            file_name,
            metadata.len(),
            Source::Path {
                path: path.to_owned(),
                offset: 0,
                whole: true,
            },
        ))
    }

    /// `len` bytes of this upload from `offset`, under the same file name
    /// and content type: a chunk of a resumable upload. A path is read
    /// from `offset` when sent; bytes are shared. `None` for a stream, or
    /// a range past the end.
    #[doc(hidden)]
    pub fn range(&self, offset: u64, len: u64) -> Option<Upload> {
        let end = offset.checked_add(len)?;
        if end > self.len {
            return None;
        }
        let source = match &self.source {
            Source::Bytes(bytes) => Source::Bytes(
                bytes.slice(usize::try_from(offset).ok()?..usize::try_from(end).ok()?),
            ),
            Source::Path {
                path, offset: base, ..
            } => Source::Path {
                path: path.clone(),
                offset: base + offset,
                whole: false,
            },
            Source::Stream(_) => return None,
        };
        Some(Upload {
            file_name: self.file_name.clone(),
            content_type: self.content_type.clone(),
            len,
            source,
        })
    }

    /// Whether [`Upload::range`] can cut chunks of it: bytes or a path, not a stream.
    #[doc(hidden)]
    pub fn is_seekable(&self) -> bool {
        !matches!(self.source, Source::Stream(_))
    }

    /// A stream of exactly `len` bytes, sent under `file_name`. Sent once:
    /// a request that must be sent again (after a rate-limit refusal) fails
    /// with `Error::Upload` instead. A stream that ends early or goes on
    /// past `len`, or yields an error, fails the request with
    /// `Error::Upload`.
    pub fn from_stream(
        file_name: impl Into<String>,
        len: u64,
        stream: impl Stream<Item = io::Result<Bytes>> + Send + Sync + 'static,
    ) -> Self {
        Upload::new(
            file_name.into(),
            len,
            Source::Stream(Arc::new(Mutex::new(Some(Box::pin(stream))))),
        )
    }

    fn new(file_name: String, len: u64, source: Source) -> Self {
        Upload {
            content_type: guess_content_type(&file_name).to_owned(),
            file_name,
            len,
            source,
        }
    }

    /// The same upload sent under another file name (the content type is
    /// not guessed again).
    pub fn with_file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = file_name.into();
        self
    }

    /// The same upload with this content type (`image/jpeg`). A content
    /// type with a control character is refused when the request is sent.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = content_type.into();
        self
    }

    /// The file name it is sent under.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// Its content type, given or guessed.
    pub fn content_type(&self) -> &str {
        &self.content_type
    }

    /// Its length in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether it has no bytes.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The file it is read from, for an upload made by [`Upload::from_path`].
    pub fn path(&self) -> Option<&Path> {
        match &self.source {
            Source::Path { path, .. } => Some(path),
            _ => None,
        }
    }

    /// Where the content comes from, for the body that sends it.
    #[doc(hidden)]
    pub fn source(&self) -> &Source {
        &self.source
    }
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match &self.source {
            Source::Bytes(_) => "bytes".to_owned(),
            Source::Path {
                path, whole: true, ..
            } => format!("path {}", path.display()),
            Source::Path { path, offset, .. } => format!("path {} from {offset}", path.display()),
            Source::Stream(_) => "stream".to_owned(),
        };
        f.debug_struct("Upload")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.len)
            .field("source", &source)
            .finish()
    }
}

/// Equal when sent the same way with the same content: the same bytes, the
/// same path, or the very same stream.
impl PartialEq for Upload {
    fn eq(&self, other: &Self) -> bool {
        let same_source = match (&self.source, &other.source) {
            (Source::Bytes(a), Source::Bytes(b)) => a == b,
            (
                Source::Path {
                    path: a, offset: i, ..
                },
                Source::Path {
                    path: b, offset: j, ..
                },
            ) => a == b && i == j,
            (Source::Stream(a), Source::Stream(b)) => Arc::ptr_eq(a, b),
            _ => false,
        };
        same_source
            && self.file_name == other.file_name
            && self.content_type == other.content_type
            && self.len == other.len
    }
}

impl Eq for Upload {}

/// As a parameter value before it is sent, an upload stands for itself by
/// its file name: validation sees that a `file` parameter is set, and the
/// client sends the content as a file part, never this text.
impl serde::Serialize for Upload {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.file_name)
    }
}

/// The content type for a file name, from its extension.
fn guess_content_type(file_name: &str) -> &'static str {
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "bmp" => "image/bmp",
        "tif" | "tiff" => "image/tiff",
        "webp" => "image/webp",
        "heic" => "image/heic",
        "mp4" | "m4v" => "video/mp4",
        "mov" => "video/quicktime",
        "avi" => "video/x-msvideo",
        "mkv" => "video/x-matroska",
        "webm" => "video/webm",
        "3gp" => "video/3gpp",
        "wmv" => "video/x-ms-wmv",
        "srt" => "application/x-subrip",
        "csv" => "text/csv",
        "txt" => "text/plain",
        "json" => "application/json",
        "zip" => "application/zip",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// An upload that could not be sent: its file is gone or unreadable, it
/// changed length, its stream failed or gave the wrong number of bytes, or
/// a stream had to be sent twice.
#[derive(Debug, Clone)]
pub struct UploadError {
    /// The file name, or the path for [`Upload::from_path`].
    pub file: String,
    /// What went wrong.
    pub message: String,
    source: Option<Arc<io::Error>>,
}

impl UploadError {
    #[doc(hidden)]
    pub fn new(file: impl Into<String>, message: &str, source: Option<io::Error>) -> Self {
        UploadError {
            file: file.into(),
            message: message.to_owned(),
            source: source.map(Arc::new),
        }
    }

    /// As an `io::Error`, to travel through a body stream.
    #[doc(hidden)]
    pub fn into_io(self) -> io::Error {
        io::Error::other(self)
    }

    /// The upload error inside an `io::Error` a body stream yielded.
    #[doc(hidden)]
    pub fn from_io(error: &io::Error) -> Option<&UploadError> {
        error.get_ref()?.downcast_ref()
    }
}

impl fmt::Display for UploadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "upload `{}`: {}", self.file, self.message)?;
        if let Some(source) = &self.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

impl std::error::Error for UploadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as _)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_follow_the_extension() {
        for (name, expected) in [
            ("a.jpeg", "image/jpeg"),
            ("a.png", "image/png"),
            ("a.gif", "image/gif"),
            ("a.bmp", "image/bmp"),
            ("a.tif", "image/tiff"),
            ("a.tiff", "image/tiff"),
            ("a.webp", "image/webp"),
            ("a.heic", "image/heic"),
            ("a.mp4", "video/mp4"),
            ("a.m4v", "video/mp4"),
            ("a.avi", "video/x-msvideo"),
            ("a.mkv", "video/x-matroska"),
            ("a.webm", "video/webm"),
            ("a.3gp", "video/3gpp"),
            ("a.wmv", "video/x-ms-wmv"),
            ("a.srt", "application/x-subrip"),
            ("a.csv", "text/csv"),
            ("a.txt", "text/plain"),
            ("a.json", "application/json"),
            ("a.zip", "application/zip"),
            ("a.pdf", "application/pdf"),
            ("noext", "application/octet-stream"),
            ("a.exe", "application/octet-stream"),
        ] {
            assert_eq!(guess_content_type(name), expected, "{name}");
        }
    }
}
