//! The bytes of an upload as they are sent: read from memory, a file (with
//! tokio) or a stream, checked against the declared length.

use std::io;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use futures_core::Stream;
use futures_util::StreamExt;

use super::{ByteStream, CHUNK, Source, Upload, UploadError};

/// The body of an upload, for the request that sends it.
pub(crate) trait UploadBody {
    /// The bytes, in [`CHUNK`]s (bytes in memory are one chunk), checked
    /// against the declared length. A failure is an
    /// `io::Error` whose inner error is the [`UploadError`].
    fn stream(&self) -> Result<ByteStream, UploadError>;
}

impl UploadBody for Upload {
    fn stream(&self) -> Result<ByteStream, UploadError> {
        let counted = |inner: ByteStream| -> ByteStream {
            Box::pin(Counted {
                inner,
                expected: self.len(),
                seen: 0,
                name: self.file_name().to_owned(),
            })
        };
        match self.source() {
            Source::Bytes(bytes) => {
                let bytes = bytes.clone();
                Ok(Box::pin(futures_util::stream::iter(
                    (!bytes.is_empty()).then_some(Ok(bytes)),
                )))
            }
            Source::Path {
                path,
                offset,
                whole,
            } => Ok(counted(read_file(
                path.clone(),
                *offset,
                // One byte more than a whole file's length, so that a file
                // that has grown shows.
                if *whole {
                    self.len().saturating_add(1)
                } else {
                    self.len()
                },
                self.file_name().to_owned(),
            ))),
            Source::Stream(slot) => {
                let stream = slot.lock().unwrap_or_else(|e| e.into_inner()).take();
                match stream {
                    Some(stream) => Ok(counted(stream)),
                    None => Err(UploadError::new(
                        self.file_name(),
                        "a stream upload can be sent only once, and the request had to be sent again",
                        None,
                    )),
                }
            }
        }
    }
}

/// `stream`, and where the first [`UploadError`] it yields is kept: the
/// HTTP client reports a failed body as a transport error, which the
/// client then replaces with the upload's own.
pub(crate) fn watch(stream: ByteStream) -> (ByteStream, Arc<Mutex<Option<UploadError>>>) {
    let slot = Arc::new(Mutex::new(None));
    let seen = Arc::clone(&slot);
    let watched = stream.inspect(move |item| {
        if let Err(error) = item {
            if let Some(error) = UploadError::from_io(error) {
                let mut slot = seen.lock().unwrap_or_else(|e| e.into_inner());
                slot.get_or_insert_with(|| error.clone());
            }
        }
    });
    (Box::pin(watched), slot)
}

/// The file at `path` from `offset`, opened when first polled and read in
/// [`CHUNK`]s, at most `limit` bytes.
fn read_file(path: PathBuf, offset: u64, limit: u64, name: String) -> ByteStream {
    use tokio::io::{AsyncReadExt, AsyncSeekExt};
    enum State {
        Closed(PathBuf),
        Open(tokio::fs::File, u64),
        Done,
    }
    let stream = futures_util::stream::unfold(State::Closed(path), move |state| {
        let name = name.clone();
        async move {
            let (mut file, left) = match state {
                State::Done => return None,
                State::Open(file, left) => (file, left),
                State::Closed(path) => {
                    let opened = async {
                        let mut file = tokio::fs::File::open(&path).await?;
                        file.seek(std::io::SeekFrom::Start(offset)).await?;
                        Ok::<_, io::Error>(file)
                    };
                    match opened.await {
                        Ok(file) => (file, limit),
                        Err(e) => {
                            let error = UploadError::new(&name, "cannot open the file", Some(e));
                            return Some((Err(error.into_io()), State::Done));
                        }
                    }
                }
            };
            if left == 0 {
                return None;
            }
            let mut buffer = vec![0; CHUNK.min(usize::try_from(left).unwrap_or(CHUNK))];
            match file.read(&mut buffer).await {
                Ok(0) => None,
                Ok(n) => {
                    buffer.truncate(n);
                    Some((Ok(Bytes::from(buffer)), State::Open(file, left - n as u64)))
                }
                Err(e) => {
                    let error = UploadError::new(&name, "cannot read the file", Some(e));
                    Some((Err(error.into_io()), State::Done))
                }
            }
        }
    });
    Box::pin(stream)
}

/// A stream that fails if it yields more or fewer bytes than declared.
struct Counted {
    inner: ByteStream,
    expected: u64,
    seen: u64,
    name: String,
}

impl Stream for Counted {
    type Item = io::Result<Bytes>;

    fn poll_next(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        use std::task::Poll;
        let this = &mut *self;
        match this.inner.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                this.seen += chunk.len() as u64;
                if this.seen > this.expected {
                    return Poll::Ready(Some(Err(this.mismatch("more"))));
                }
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(None) if this.seen < this.expected => {
                Poll::Ready(Some(Err(this.mismatch("fewer"))))
            }
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(match UploadError::from_io(&e) {
                Some(_) => e,
                None => UploadError::new(&this.name, "the stream failed", Some(e)).into_io(),
            }))),
            other => other,
        }
    }
}

impl Counted {
    fn mismatch(&mut self, more_or_fewer: &str) -> io::Error {
        let message = format!(
            "it gave {more_or_fewer} bytes than its declared length of {} (at least {})",
            self.expected, self.seen
        );
        // Ends the stream: nothing more is sent after the error.
        self.inner = Box::pin(futures_util::stream::empty());
        self.expected = self.seen;
        UploadError::new(&self.name, &message, None).into_io()
    }
}
