//! Resumable video uploads: Graph's start / transfer / finish phases on
//! the video host, then the wait for encoding.
//!
//! ```no_run
//! # async fn demo(client: &graph_runtime::Client) -> Result<(), graph_runtime::Error> {
//! use graph_runtime::video::VideoUpload;
//! use graph_runtime::Upload;
//!
//! let video = VideoUpload::new(client, "act_42", Upload::from_path("launch.mp4")?)
//!     .param("title", "Launch")
//!     .session_file("launch.mp4.upload.json")
//!     .on_progress(|p| eprintln!("{:?}: {}/{} bytes", p.phase, p.bytes_sent, p.total_bytes))
//!     .send()
//!     .await?;
//! println!("video {} is {}", video.id, video.video_status.as_deref().unwrap_or("?"));
//! # Ok(()) }
//! ```
//!
//! How it goes:
//!
//! 1. **Start**: `POST /{account}/advideos` with `upload_phase=start` and
//!    `file_size`; Graph answers the video id, an upload session id, and
//!    the first chunk it wants (`start_offset`, `end_offset`).
//! 2. **Transfer**: each chunk the server asks for is sent as the
//!    `video_file_chunk` file part with `upload_phase=transfer` and its
//!    `start_offset`, read from the file as it is sent (a [`CHUNK`](crate::upload::CHUNK)
//!    at a time, so memory does not grow with the file or the chunk); the
//!    answer names the next chunk, until `start_offset == end_offset`.
//!    A transient failure (a timeout, a 5xx, Graph's `is_transient`) sends
//!    the same chunk again, up to [`VideoUpload::max_transfer_retries`]
//!    times in a row; Graph's offset error (subcode 1363037) carries the
//!    offsets the server has, and the upload goes on from there.
//! 3. **Finish**: `upload_phase=finish` with the video's own parameters
//!    ([`VideoUpload::param`]: `title`, `description`, …).
//! 4. **Encoding**: the video is read (`GET /{video_id}?fields=status`)
//!    until `status.video_status` is `ready`, with backoff, up to a
//!    deadline ([`VideoUpload::encoding`]); `error` fails. Skipped with
//!    [`VideoUpload::wait_for_encoding`]`(false)`.
//!
//! Every phase goes to the video host ([`ClientBuilder::video_base_url`](crate::ClientBuilder::video_base_url))
//! through the client's retry loop and governor. The session
//! ([`UploadSession`]: video id, session id, offsets, file size) is kept
//! in the error of a failed transfer, handed to
//! [`VideoUpload::on_session`] after each chunk, and written to
//! [`VideoUpload::session_file`] if one is set, so that an upload cut off
//! by a crash or a restart goes on with [`VideoUpload::resume`] (or the
//! same session file) from where the server is, without sending the video
//! again.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::client::{Client, Transport};
use crate::error::Error;
use crate::job::WaitSettings;
use crate::request::GraphRequest;
use crate::upload::Upload;

/// Graph's error subcode for a chunk sent at an offset the server does not
/// expect; its `error_data` holds the offsets the server has.
pub const OFFSET_MISMATCH_SUBCODE: i64 = 1363037;

/// Which phase an upload is in, for progress reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Phase {
    /// Opening the upload session.
    Start,
    /// Sending chunks.
    Transfer,
    /// Closing the session, with the video's parameters.
    Finish,
    /// Waiting for Graph to encode the video.
    Encoding,
    /// Done: the video is ready (or encoding was not waited for).
    Done,
}

/// Where an upload is: reported to [`VideoUpload::on_progress`] after each
/// step.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Progress {
    /// The phase.
    pub phase: Phase,
    /// Bytes the server has (its `start_offset`).
    pub bytes_sent: u64,
    /// The file's length.
    pub total_bytes: u64,
    /// While encoding: Graph's `processing_progress`, in percent.
    pub encoding_percent: Option<u32>,
}

/// An upload session, enough to go on with an upload from another process:
/// serialize it (it is `Serialize`/`Deserialize`, JSON by
/// [`UploadSession::to_json`]) and give it to [`VideoUpload::resume`].
/// It holds no credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadSession {
    /// The account (or page) the video is uploaded to.
    pub target: String,
    /// The video's id, from the start phase.
    pub video_id: String,
    /// Graph's upload session id.
    pub upload_session_id: String,
    /// The file's length.
    pub file_size: u64,
    /// The file name it is sent under.
    pub file_name: String,
    /// The first byte of the chunk the server asked for last.
    pub start_offset: u64,
    /// The end of that chunk (exclusive).
    pub end_offset: u64,
}

impl UploadSession {
    /// As JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a session serializes")
    }

    /// From [`UploadSession::to_json`]'s JSON.
    pub fn from_json(json: &str) -> Result<Self, Error> {
        serde_json::from_str(json)
            .map_err(|e| Error::InvalidRequest(format!("not a saved upload session: {e}")))
    }
}

/// A video once uploaded.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UploadedVideo {
    /// Its id.
    pub id: String,
    /// `status.video_status` at the last read (`ready`), or `None` when
    /// encoding was not waited for.
    pub video_status: Option<String>,
}

/// Why a video upload stopped.
#[derive(Debug)]
#[non_exhaustive]
pub enum VideoError {
    /// A phase failed in a way that sending again does not mend, or kept
    /// failing. `session` is where the server was, for
    /// [`VideoUpload::resume`] (`None` if the start phase failed).
    Interrupted {
        /// The phase that failed.
        phase: Phase,
        /// The session to resume, when there is one.
        session: Option<UploadSession>,
        /// What failed.
        cause: Error,
    },
    /// Graph could not encode the video (`video_status` `error`).
    EncodingFailed {
        /// The video.
        video_id: String,
        /// The whole `status` object Graph sent.
        status: Value,
    },
    /// The video was not ready by the encoding deadline.
    EncodingDeadline {
        /// The video.
        video_id: String,
        /// The deadline.
        deadline: Duration,
        /// The last `video_status` seen.
        last_status: Option<String>,
    },
    /// Graph answered what it does not send (no `video_id`, offsets that go
    /// backwards or past the file).
    Malformed(String),
    /// The session does not belong to this file (another length or name).
    SessionMismatch(String),
}

impl VideoError {
    /// The session to resume from, when the upload can go on.
    pub fn session(&self) -> Option<&UploadSession> {
        match self {
            VideoError::Interrupted { session, .. } => session.as_ref(),
            _ => None,
        }
    }
}

impl fmt::Display for VideoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VideoError::Interrupted {
                phase,
                session,
                cause,
            } => {
                write!(f, "video upload stopped in its {phase:?} phase")?;
                if let Some(s) = session {
                    write!(
                        f,
                        " at byte {} of {} (video {}, resumable)",
                        s.start_offset, s.file_size, s.video_id
                    )?;
                }
                write!(f, ": {cause}")
            }
            VideoError::EncodingFailed { video_id, .. } => {
                write!(
                    f,
                    "Graph could not encode video {video_id} (video_status `error`)"
                )
            }
            VideoError::EncodingDeadline {
                video_id,
                deadline,
                last_status,
            } => write!(
                f,
                "video {video_id} was not ready within {deadline:?} (last video_status: {})",
                last_status.as_deref().unwrap_or("none")
            ),
            VideoError::Malformed(why) => write!(f, "unexpected video upload answer: {why}"),
            VideoError::SessionMismatch(why) => {
                write!(f, "the upload session is not this file's: {why}")
            }
        }
    }
}

impl std::error::Error for VideoError {}

impl From<VideoError> for Error {
    fn from(error: VideoError) -> Self {
        Error::Video(Box::new(error))
    }
}

type ProgressFn<'c> = dyn Fn(&Progress) + Send + Sync + 'c;
type SessionFn<'c> = dyn Fn(&UploadSession) + Send + Sync + 'c;

/// A resumable video upload to `/{target}/advideos`, ready to send; see
/// the [module](self) for the phases. `send` is `async` with [`Client`]
/// and blocking with `blocking::Client`.
#[must_use = "an upload does nothing until `send` is called"]
pub struct VideoUpload<'c, C = Client> {
    client: &'c C,
    target: String,
    edge: &'static str,
    file: Upload,
    params: Vec<(String, String)>,
    resume: Option<UploadSession>,
    session_file: Option<PathBuf>,
    max_transfer_retries: u32,
    wait_for_encoding: bool,
    encoding: WaitSettings,
    on_progress: Option<Arc<ProgressFn<'c>>>,
    on_session: Option<Arc<SessionFn<'c>>>,
}

impl<'c, C: Transport> VideoUpload<'c, C> {
    /// An upload of `file` (bytes or a path; not a stream, which cannot be
    /// read again from an offset) to the `advideos` edge of `target` (an
    /// ad account `act_…`, or a page).
    pub fn new(client: &'c C, target: impl Into<String>, file: Upload) -> Self {
        VideoUpload {
            client,
            target: target.into(),
            edge: "advideos",
            file,
            params: Vec::new(),
            resume: None,
            session_file: None,
            max_transfer_retries: 5,
            wait_for_encoding: true,
            encoding: WaitSettings::new()
                .initial_interval(Duration::from_secs(2))
                .deadline(Duration::from_secs(30 * 60)),
            on_progress: None,
            on_session: None,
        }
    }

    /// The edge the phases go to (default `advideos`; a page's is `videos`).
    pub fn edge(mut self, edge: &'static str) -> Self {
        self.edge = edge;
        self
    }

    /// A parameter of the video, sent with the finish phase (`title`,
    /// `description`, …). The phase parameters are the upload's own.
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((name.into(), value.into()));
        self
    }

    /// Goes on with a session saved from an earlier upload of the same file
    /// (same length and file name), from the server's offsets.
    pub fn resume(mut self, session: UploadSession) -> Self {
        self.resume = Some(session);
        self
    }

    /// Keeps the session in this file, written anew (atomically) after the
    /// start and after each chunk, and removed once the upload is
    /// finished. If the file holds a session when `send` starts, the upload
    /// resumes it.
    pub fn session_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.session_file = Some(path.into());
        self
    }

    /// How many times in a row a chunk is sent again after a transient
    /// failure, an offset correction, or an answer that asks for no byte
    /// past the furthest one already asked for (default 5); then the upload
    /// stops with [`VideoError::Interrupted`], its session resumable.
    pub fn max_transfer_retries(mut self, retries: u32) -> Self {
        self.max_transfer_retries = retries;
        self
    }

    /// Whether `send` waits until the video is encoded (default true).
    pub fn wait_for_encoding(mut self, wait: bool) -> Self {
        self.wait_for_encoding = wait;
        self
    }

    /// How the encoding is waited for: poll intervals and deadline
    /// (default 2 s doubling up to 30 s, for 30 minutes).
    pub fn encoding(mut self, settings: WaitSettings) -> Self {
        self.encoding = settings;
        self
    }

    /// Called after each step with the phase and the bytes the server has.
    pub fn on_progress(mut self, progress: impl Fn(&Progress) + Send + Sync + 'c) -> Self {
        self.on_progress = Some(Arc::new(progress));
        self
    }

    /// Called with the session after the start and after each chunk, to
    /// save it elsewhere than a [`VideoUpload::session_file`].
    pub fn on_session(mut self, saved: impl Fn(&UploadSession) + Send + Sync + 'c) -> Self {
        self.on_session = Some(Arc::new(saved));
        self
    }

    fn phase_request(&self) -> GraphRequest {
        GraphRequest::from_segments(
            crate::Method::Post,
            [self.target.clone(), self.edge.to_owned()],
        )
        .on_video_host()
    }

    fn progress(&self, phase: Phase, bytes_sent: u64, encoding_percent: Option<u32>) {
        if let Some(progress) = &self.on_progress {
            progress(&Progress {
                phase,
                bytes_sent,
                total_bytes: self.file.len(),
                encoding_percent,
            });
        }
    }

    fn saved(&self, session: &UploadSession) -> Result<(), Error> {
        if let Some(saved) = &self.on_session {
            saved(session);
        }
        if let Some(path) = &self.session_file {
            write_atomically(path, session.to_json().as_bytes()).map_err(|e| {
                Error::InvalidRequest(format!(
                    "cannot write the upload session to {}: {e}",
                    path.display()
                ))
            })?;
        }
        Ok(())
    }

    /// The session to go on with: given, or found in the session file.
    fn session_to_resume(&self) -> Result<Option<UploadSession>, Error> {
        let session = match (&self.resume, &self.session_file) {
            (Some(session), _) => Some(session.clone()),
            (None, Some(path)) => match std::fs::read_to_string(path) {
                Ok(json) => Some(UploadSession::from_json(&json)?),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => {
                    return Err(Error::InvalidRequest(format!(
                        "cannot read the upload session {}: {e}",
                        path.display()
                    )));
                }
            },
            (None, None) => None,
        };
        if let Some(s) = &session {
            if s.file_size != self.file.len() || s.file_name != self.file.file_name() {
                return Err(VideoError::SessionMismatch(format!(
                    "the session is for `{}` of {} bytes, the file is `{}` of {} bytes",
                    s.file_name,
                    s.file_size,
                    self.file.file_name(),
                    self.file.len()
                ))
                .into());
            }
        }
        Ok(session)
    }

    /// The whole upload, on the async client underneath either transport.
    async fn run(&self, client: &Client) -> Result<UploadedVideo, Error> {
        if !self.file.is_seekable() {
            return Err(Error::InvalidRequest(
                "a resumable video upload reads its file from offsets: give it bytes or a path, \
                 not a stream"
                    .to_owned(),
            ));
        }
        let mut session = match self.session_to_resume()? {
            Some(session) => session,
            None => self.start(client).await?,
        };
        self.saved(&session)?;
        self.transfer(client, &mut session).await?;
        self.finish(client, &session).await?;
        if let Some(path) = &self.session_file {
            // Finished: nothing left to resume.
            let _ = std::fs::remove_file(path);
        }
        let video_status = match self.wait_for_encoding {
            true => Some(self.wait_encoded(client, &session.video_id).await?),
            false => None,
        };
        self.progress(Phase::Done, session.file_size, None);
        Ok(UploadedVideo {
            id: session.video_id,
            video_status,
        })
    }

    async fn start(&self, client: &Client) -> Result<UploadSession, Error> {
        self.progress(Phase::Start, 0, None);
        let request = self
            .phase_request()
            .param("upload_phase", "start")
            .param("file_size", self.file.len().to_string());
        let interrupted = |cause| {
            Error::from(VideoError::Interrupted {
                phase: Phase::Start,
                session: None,
                cause,
            })
        };
        let data = client.send(request).await.map_err(interrupted)?.data;
        let text = |name: &str| match data.get(name) {
            Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
            Some(Value::Number(n)) => Ok(n.to_string()),
            _ => Err(Error::from(VideoError::Malformed(format!(
                "the start phase answered no `{name}`"
            )))),
        };
        let (start_offset, end_offset) =
            offsets(&data, "the start phase", &|d| answer_excerpt(client, d))?;
        let session = UploadSession {
            target: self.target.clone(),
            video_id: text("video_id")?,
            upload_session_id: text("upload_session_id")?,
            file_size: self.file.len(),
            file_name: self.file.file_name().to_owned(),
            start_offset,
            end_offset,
        };
        check_chunk(&session)?;
        Ok(session)
    }

    async fn transfer(&self, client: &Client, session: &mut UploadSession) -> Result<(), Error> {
        let mut retries = 0;
        // The furthest the server's offsets have reached: an answer that
        // asks for nothing past it (a lost chunk) counts as a retry, so a
        // server that never moves on cannot keep the upload going forever.
        let mut furthest = session.start_offset;
        while session.start_offset < session.end_offset {
            self.progress(Phase::Transfer, session.start_offset, None);
            let chunk = self
                .file
                .range(
                    session.start_offset,
                    session.end_offset - session.start_offset,
                )
                .ok_or_else(|| VideoError::Malformed("a chunk past the end of the file".into()))?;
            let request = self
                .phase_request()
                .param("upload_phase", "transfer")
                .param("upload_session_id", session.upload_session_id.clone())
                .param("start_offset", session.start_offset.to_string())
                .file("video_file_chunk", chunk);
            let answer = client.send(request).await;
            let next = match answer {
                Ok(response) => {
                    let next =
                        offsets(&response.data, "a transfer", &|d| answer_excerpt(client, d))?;
                    if next.0 > furthest {
                        furthest = next.0;
                        retries = 0;
                    } else if retries < self.max_transfer_retries {
                        retries += 1;
                        tracing::debug!(?next, retries, "the server asks for a chunk again");
                    } else {
                        let stalled = VideoError::Malformed(format!(
                            "the server keeps asking for bytes {}..{}: {} answers in a row without moving past byte {furthest}",
                            next.0,
                            next.1,
                            retries + 1
                        ));
                        return Err(self.interrupted(Phase::Transfer, session, stalled.into()));
                    }
                    next
                }
                Err(error) if retries < self.max_transfer_retries => {
                    retries += 1;
                    if let Some(offsets) = server_offsets(&error) {
                        tracing::debug!(?offsets, "the server asks for another chunk");
                        offsets
                    } else if error.is_transient() || error.is_rate_limited() {
                        tracing::debug!(%error, retries, "chunk failed; sending it again");
                        let delay = client.config().retry_delay(retries);
                        client.governor().clock().sleep(delay).await;
                        (session.start_offset, session.end_offset)
                    } else {
                        return Err(self.interrupted(Phase::Transfer, session, error));
                    }
                }
                Err(error) => return Err(self.interrupted(Phase::Transfer, session, error)),
            };
            (session.start_offset, session.end_offset) = next;
            check_chunk(session)?;
            self.saved(session)?;
        }
        self.progress(Phase::Transfer, session.start_offset, None);
        Ok(())
    }

    fn interrupted(&self, phase: Phase, session: &UploadSession, cause: Error) -> Error {
        VideoError::Interrupted {
            phase,
            session: Some(session.clone()),
            cause,
        }
        .into()
    }

    async fn finish(&self, client: &Client, session: &UploadSession) -> Result<(), Error> {
        self.progress(Phase::Finish, session.start_offset, None);
        let request = self
            .phase_request()
            .param("upload_phase", "finish")
            .param("upload_session_id", session.upload_session_id.clone())
            .with_params(self.params.iter().cloned());
        let data = client
            .send(request)
            .await
            .map_err(|e| self.interrupted(Phase::Finish, session, e))?
            .data;
        match data.get("success") {
            Some(Value::Bool(true)) => Ok(()),
            _ => Err(VideoError::Malformed(format!(
                "the finish phase answered {}",
                answer_excerpt(client, &data)
            ))
            .into()),
        }
    }

    /// Reads the video's status until it is `ready`.
    async fn wait_encoded(&self, client: &Client, video_id: &str) -> Result<String, Error> {
        let clock = client.governor().clock();
        let started = clock.now();
        let mut poll = 0;
        let mut last_status = None;
        loop {
            poll += 1;
            let request = GraphRequest::from_segments(crate::Method::Get, [video_id])
                .param("fields", "status");
            match client.send(request).await {
                Ok(response) => {
                    let status = response.data.get("status").cloned().unwrap_or(Value::Null);
                    let video_status = status
                        .get("video_status")
                        .and_then(Value::as_str)
                        .map(str::to_owned);
                    let percent = status
                        .get("processing_progress")
                        .and_then(Value::as_u64)
                        .and_then(|p| u32::try_from(p).ok());
                    self.progress(Phase::Encoding, self.file.len(), percent);
                    match video_status.as_deref() {
                        Some("ready") => return Ok("ready".to_owned()),
                        Some("error") => {
                            return Err(VideoError::EncodingFailed {
                                video_id: video_id.to_owned(),
                                status,
                            }
                            .into());
                        }
                        _ => last_status = video_status,
                    }
                }
                Err(error) if error.is_transient() || error.is_rate_limited() => {
                    tracing::debug!(%error, poll, "video status read failed; polling on");
                }
                Err(error) => return Err(error),
            }
            let waited = clock.now().saturating_duration_since(started);
            let deadline = self.encoding.deadline_duration();
            if waited >= deadline {
                return Err(VideoError::EncodingDeadline {
                    video_id: video_id.to_owned(),
                    deadline,
                    last_status,
                }
                .into());
            }
            clock
                .sleep(self.encoding.interval_after(poll).min(deadline - waited))
                .await;
        }
    }
}

/// `start_offset` and `end_offset` of an answer, which Graph sends as
/// strings (numbers are taken too).
/// `shown` makes the excerpt of the answer an error quotes.
fn offsets(
    data: &Value,
    what: &str,
    shown: &dyn Fn(&Value) -> String,
) -> Result<(u64, u64), Error> {
    let offset = |name: &str| match data.get(name) {
        Some(Value::String(s)) => s.parse::<u64>().ok(),
        Some(Value::Number(n)) => n.as_u64(),
        _ => None,
    };
    match (offset("start_offset"), offset("end_offset")) {
        (Some(start), Some(end)) => Ok((start, end)),
        _ => Err(VideoError::Malformed(format!(
            "{what} answered no usable start_offset and end_offset: {}",
            shown(data)
        ))
        .into()),
    }
}

/// The offsets in Graph's offset error (subcode 1363037), if it is one.
fn server_offsets(error: &Error) -> Option<(u64, u64)> {
    let graph = error.graph()?;
    if graph.error_subcode != Some(OFFSET_MISMATCH_SUBCODE) {
        return None;
    }
    offsets(graph.error_data.as_ref()?, "the offset error", &|_| {
        String::new()
    })
    .ok()
}

/// The longest excerpt of a server's answer a video error quotes, in characters.
const MAX_ANSWER_EXCERPT: usize = 200;

/// A server's answer as an error quotes it: without the client's secrets,
/// at most [`MAX_ANSWER_EXCERPT`] characters.
fn answer_excerpt(client: &Client, data: &Value) -> String {
    client
        .config()
        .redactor()
        .shown(&data.to_string(), MAX_ANSWER_EXCERPT)
}

/// Offsets the server may ask for: in order, within the file.
fn check_chunk(session: &UploadSession) -> Result<(), Error> {
    if session.start_offset > session.end_offset || session.end_offset > session.file_size {
        return Err(VideoError::Malformed(format!(
            "the server asked for bytes {}..{} of a {}-byte file",
            session.start_offset, session.end_offset, session.file_size
        ))
        .into());
    }
    Ok(())
}

/// Writes `bytes` to `path` through a temporary file in the same directory,
/// renamed over it: a crash leaves the old session or the new one.
fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".tmp");
    let temporary = PathBuf::from(temporary);
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, path)
}

impl VideoUpload<'_, Client> {
    /// Runs the upload: start (or resume), transfer, finish, and the wait
    /// for encoding. Fails with [`Error::Video`] (a [`VideoError`]; for an
    /// interrupted transfer, with the session to resume) or the error of a
    /// request that is not worth repeating.
    pub async fn send(self) -> Result<UploadedVideo, Error> {
        self.run(self.client).await
    }
}

#[cfg(feature = "blocking")]
impl VideoUpload<'_, crate::blocking::Client> {
    /// Runs the upload, blocking; see the async client's `send`.
    pub fn send(self) -> Result<UploadedVideo, Error> {
        self.client.block_on(self.run(self.client.async_client()))
    }
}

impl<C> fmt::Debug for VideoUpload<'_, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VideoUpload")
            .field("target", &self.target)
            .field("edge", &self.edge)
            .field("file", &self.file)
            .field("params", &self.params)
            .field("resume", &self.resume)
            .field("session_file", &self.session_file)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests;
