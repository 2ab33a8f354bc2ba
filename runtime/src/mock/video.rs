//! Graph's chunked video upload, as Facebook's SDKs drive it: `POST
//! /{account}/advideos` with `upload_phase=start`, then one `transfer` per
//! chunk, then `finish`, on the video host; then the video's `status`
//! while it encodes ([`MockGraph::video_uploads`](super::MockGraph::video_uploads)).

use std::collections::HashMap;
use std::fmt;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::State;
use super::fields::{self, Selection};
use super::server::{Host, Incoming, Reply, graph_error};
use crate::request::Method;

/// How a scripted video upload behaves: the chunk size the emulator asks
/// for, the transfers that fail, and how encoding goes after `finish`.
///
/// ```
/// use graph_runtime::mock::VideoScript;
///
/// // 64 KiB chunks; the 2nd transfer times out (transient, HTTP 500, code
/// // 390) and its chunk must be sent again; 3 polls say "processing",
/// // then the video is ready.
/// let script = VideoScript::new()
///     .chunk_size(64 * 1024)
///     .fail_transfer(2)
///     .encoding_polls(3);
/// # let _ = script;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VideoScript {
    chunk_size: u64,
    failed_transfers: Vec<u32>,
    lost_chunks: Vec<u32>,
    encoding_polls: u32,
    encoding_fails: bool,
    keep_data: bool,
}

/// The chunk size a script asks for unless told otherwise: 1 MiB.
const DEFAULT_CHUNK_SIZE: u64 = 1024 * 1024;

impl Default for VideoScript {
    fn default() -> Self {
        VideoScript {
            chunk_size: DEFAULT_CHUNK_SIZE,
            failed_transfers: Vec::new(),
            lost_chunks: Vec::new(),
            encoding_polls: 0,
            encoding_fails: false,
            keep_data: true,
        }
    }
}

impl VideoScript {
    /// 1 MiB chunks, no failures, ready at the first read after `finish`.
    pub fn new() -> Self {
        Self::default()
    }

    /// The chunk size the emulator asks for (`end_offset - start_offset`),
    /// in bytes; at least 1.
    pub fn chunk_size(mut self, bytes: u64) -> Self {
        self.chunk_size = bytes.max(1);
        self
    }

    /// The `k`-th transfer request of each upload session (1-based,
    /// counting every transfer the session receives) fails after its body
    /// has arrived, as Graph's upload timeouts do: HTTP 500, code 390,
    /// subcode 1363030, `is_transient: true`, and the chunk is not kept.
    /// Call it again for more failures.
    pub fn fail_transfer(mut self, k: u32) -> Self {
        self.failed_transfers.push(k);
        self
    }

    /// The `k`-th transfer request of each session (counted as in
    /// [`VideoScript::fail_transfer`]) is answered with success, but its
    /// bytes are dropped: the answer's offsets are the ones asked for
    /// before, so a client that follows them sends the chunk again.
    pub fn lose_chunk(mut self, k: u32) -> Self {
        self.lost_chunks.push(k);
        self
    }

    /// The first `n` reads of a finished video answer `video_status:
    /// "processing"` (with a `processing_progress` below 100 that climbs);
    /// the next ones `"ready"` (or `"error"`: [`VideoScript::encoding_fails`]).
    pub fn encoding_polls(mut self, n: u32) -> Self {
        self.encoding_polls = n;
        self
    }

    /// Whether the emulator keeps the bytes it receives (default true):
    /// without, [`UploadedVideo::data`] is empty and only the count and the
    /// SHA-256 are kept, so that the emulator's own memory stays small
    /// (for measuring a client's).
    pub fn keep_data(mut self, keep: bool) -> Self {
        self.keep_data = keep;
        self
    }

    /// Encoding ends in `video_status: "error"` rather than `"ready"`.
    pub fn encoding_fails(mut self) -> Self {
        self.encoding_fails = true;
        self
    }
}

/// What a video upload has received ([`MockServer::uploaded_video`](super::MockServer::uploaded_video)).
/// Its `Debug` output shows the first bytes of the data and its length.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UploadedVideo {
    /// The video's id, as the start phase answered it.
    pub video_id: String,
    /// The `file_size` the start phase announced.
    pub file_size: u64,
    /// How many bytes have been appended so far.
    pub bytes_received: u64,
    /// The assembled bytes.
    pub data: Vec<u8>,
    /// The SHA-256 of the assembled bytes.
    pub sha256: [u8; 32],
    /// Whether a finish phase succeeded.
    pub finished: bool,
    /// The parameters of the successful finish phase (`title`,
    /// `description`, …), without `upload_phase`, `upload_session_id` and
    /// credentials; empty before.
    pub params: Vec<(String, String)>,
    /// Transfer requests the session received, failed ones included.
    pub transfers: u32,
}

impl fmt::Debug for UploadedVideo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UploadedVideo")
            .field("video_id", &self.video_id)
            .field("file_size", &self.file_size)
            .field("bytes_received", &self.bytes_received)
            .field("data", &super::multipart::Abbreviated(&self.data))
            .field("finished", &self.finished)
            .field("params", &self.params)
            .field("transfers", &self.transfers)
            .finish()
    }
}

/// Every upload started, by video id, and the sessions that feed them.
#[derive(Debug, Default)]
pub(super) struct Uploads {
    videos: HashMap<String, Upload>,
    /// Video ids by upload session id.
    sessions: HashMap<String, String>,
    started: u64,
}

impl Uploads {
    pub(super) fn uploaded(&self, video_id: &str) -> Option<UploadedVideo> {
        let upload = self.videos.get(video_id)?;
        Some(UploadedVideo {
            video_id: video_id.to_owned(),
            file_size: upload.file_size,
            bytes_received: upload.received,
            sha256: upload.hash.clone().finalize().into(),
            data: upload.data.clone(),
            finished: upload.finished,
            params: upload.params.clone(),
            transfers: upload.transfers,
        })
    }
}

/// One upload in progress or done.
#[derive(Debug)]
struct Upload {
    account: String,
    script: VideoScript,
    file_size: u64,
    /// The bytes received, unless the script says not to keep them.
    data: Vec<u8>,
    received: u64,
    hash: Sha256,
    transfers: u32,
    finished: bool,
    params: Vec<(String, String)>,
    /// Reads of the video since it was finished.
    polls: u32,
}

impl Upload {
    fn offset(&self) -> u64 {
        self.received
    }

    /// The end of the chunk the emulator asks for next.
    fn end_offset(&self) -> u64 {
        self.offset()
            .saturating_add(self.script.chunk_size)
            .min(self.file_size)
    }

    fn offsets(&self) -> Value {
        json!({
            "start_offset": self.offset().to_string(),
            "end_offset": self.end_offset().to_string(),
        })
    }
}

/// The first video id; each upload counts up from it. Session ids count
/// up from [`FIRST_SESSION_ID`].
const FIRST_VIDEO_ID: u64 = 7_000_000_000_001;
const FIRST_SESSION_ID: u64 = 8_000_000_000_001;

/// Parameters of a phase that are not the finished video's.
const PHASE_PARAMS: [&str; 6] = [
    "upload_phase",
    "upload_session_id",
    "access_token",
    "appsecret_proof",
    "start_offset",
    "file_size",
];

/// The answer to a video upload phase or a read of an uploaded video, or
/// `None` for any other request.
pub(super) fn answer(
    state: &mut State,
    incoming: &Incoming,
    method: Method,
    segments: &[String],
    selection: Option<&Selection>,
    trace: &str,
) -> Option<Reply> {
    match (method, segments) {
        (Method::Post, [account, edge]) if edge == "advideos" => {
            let script = state.video_scripts.get(account)?.clone();
            let phase = incoming.param("upload_phase")?;
            if incoming.host != Host::Video {
                return Some(upload_error(
                    400,
                    6000,
                    None,
                    "(#6000) There was a problem uploading your video file. Please try again with another file.",
                    json!({"error_user_title": "Video Upload Problem"}),
                    trace,
                ));
            }
            Some(match phase {
                "start" => start(state, incoming, account, script, trace),
                "transfer" => transfer(state, incoming, trace),
                "finish" => finish(state, incoming, trace),
                other => invalid(
                    &format!(
                        "(#100) Param upload_phase must be one of {{start, transfer, finish}}, not `{other}`"
                    ),
                    None,
                    trace,
                ),
            })
        }
        (Method::Get, [id]) => {
            let upload = state.videos.videos.get_mut(id)?;
            let node = video_node(id, upload);
            let object = node.as_object().cloned().unwrap_or_default();
            Some(Reply::json(
                200,
                &Value::Object(fields::apply(&object, selection, &state.edges)),
            ))
        }
        _ => None,
    }
}

fn start(
    state: &mut State,
    incoming: &Incoming,
    account: &str,
    script: VideoScript,
    trace: &str,
) -> Reply {
    let file_size = match incoming.param("file_size").map(str::parse::<u64>) {
        Some(Ok(size)) if size > 0 => size,
        Some(_) => {
            return invalid(
                "(#100) Param file_size must be a positive integer",
                None,
                trace,
            );
        }
        None => {
            return invalid("(#100) The parameter file_size is required", None, trace);
        }
    };
    let uploads = &mut state.videos;
    let video_id = (FIRST_VIDEO_ID + uploads.started).to_string();
    let session_id = (FIRST_SESSION_ID + uploads.started).to_string();
    uploads.started += 1;
    let upload = Upload {
        account: account.to_owned(),
        script,
        file_size,
        data: Vec::new(),
        received: 0,
        hash: Sha256::new(),
        transfers: 0,
        finished: false,
        params: Vec::new(),
        polls: 0,
    };
    let mut body = upload.offsets();
    body["video_id"] = json!(video_id);
    body["upload_session_id"] = json!(session_id);
    uploads.sessions.insert(session_id, video_id.clone());
    uploads.videos.insert(video_id, upload);
    Reply::json(200, &body)
}

fn transfer(state: &mut State, incoming: &Incoming, trace: &str) -> Reply {
    let upload = match session(state, incoming, trace) {
        Ok(upload) => upload,
        Err(reply) => return reply,
    };
    upload.transfers += 1;
    let k = upload.transfers;
    if upload.script.failed_transfers.contains(&k) {
        return upload_error(
            500,
            390,
            Some(1_363_030),
            "(#390) Video upload timed out",
            json!({
                "is_transient": true,
                "error_user_title": "Video Upload Time Out",
                "error_user_msg": "Your video upload timed out before it could be completed. \
                                   This is probably because of a slow network connection or \
                                   because the video you're trying to upload is too large. \
                                   Please try again.",
            }),
            trace,
        );
    }
    let Some(chunk) = incoming
        .parts
        .iter()
        .find(|part| part.name == "video_file_chunk")
    else {
        return invalid(
            "(#100) The transfer phase needs the chunk as a file part named video_file_chunk",
            None,
            trace,
        );
    };
    if upload.script.lost_chunks.contains(&k) {
        return Reply::json(200, &upload.offsets());
    }
    let start_offset = incoming
        .param("start_offset")
        .and_then(|text| text.parse::<u64>().ok());
    let expected = upload.end_offset().saturating_sub(upload.offset());
    if start_offset != Some(upload.offset()) || chunk.data.len() as u64 != expected {
        let why = match start_offset {
            Some(offset) if offset == upload.offset() => format!(
                "The chunk has {} bytes; the server expected {expected}, from {} to {}.",
                chunk.data.len(),
                upload.offset(),
                upload.end_offset()
            ),
            _ => format!(
                "The chunk starts at {}; the server expected {}.",
                incoming
                    .param("start_offset")
                    .unwrap_or("(no start_offset)"),
                upload.offset()
            ),
        };
        return upload_error(
            400,
            6001,
            Some(1_363_037),
            "(#6001) There was a problem uploading your video file. Please try again.",
            json!({
                "is_transient": false,
                "error_user_title": "Video Upload Problem",
                "error_user_msg": why,
                "error_data": upload.offsets(),
            }),
            trace,
        );
    }
    upload.received += chunk.data.len() as u64;
    upload.hash.update(&chunk.data);
    if upload.script.keep_data {
        upload.data.extend_from_slice(&chunk.data);
    }
    Reply::json(200, &upload.offsets())
}

fn finish(state: &mut State, incoming: &Incoming, trace: &str) -> Reply {
    let upload = match session(state, incoming, trace) {
        Ok(upload) => upload,
        Err(reply) => return reply,
    };
    if upload.offset() < upload.file_size {
        return upload_error(
            400,
            6001,
            Some(1_363_019),
            "(#6001) There was a problem uploading your video file. Please try again.",
            json!({
                "is_transient": false,
                "error_user_title": "File Incomplete",
                "error_user_msg": format!(
                    "The video file is incomplete: {} of {} bytes arrived.",
                    upload.offset(),
                    upload.file_size
                ),
                "error_data": upload.offsets(),
            }),
            trace,
        );
    }
    if !upload.finished {
        upload.finished = true;
        upload.params = incoming
            .query
            .iter()
            .chain(&incoming.form)
            .filter(|(name, _)| !PHASE_PARAMS.contains(&name.as_str()))
            .cloned()
            .collect();
    }
    Reply::json(200, &json!({"success": true}))
}

/// The upload a transfer or finish names with `upload_session_id`, or
/// Graph's answer for a session it does not know.
fn session<'s>(
    state: &'s mut State,
    incoming: &Incoming,
    trace: &str,
) -> Result<&'s mut Upload, Reply> {
    let Some(session_id) = incoming.param("upload_session_id") else {
        return Err(invalid(
            "(#100) The parameter upload_session_id is required",
            None,
            trace,
        ));
    };
    let uploads = &mut state.videos;
    uploads
        .sessions
        .get(session_id)
        .and_then(|video_id| uploads.videos.get_mut(video_id))
        .ok_or_else(|| {
            invalid(
                &format!(
                    "(#100) Unsupported post request. Upload session with ID '{session_id}' \
                     does not exist, cannot be loaded due to missing permissions, or does not \
                     support this operation"
                ),
                Some(33),
                trace,
            )
        })
}

/// A finished (or unfinished) video as `GET /{video_id}` shows it. Each
/// read after `finish` counts as a poll of its encoding.
fn video_node(id: &str, upload: &mut Upload) -> Value {
    let bytes = upload.offset();
    let (video_status, progress, uploading) = if !upload.finished {
        let uploading = if bytes == 0 {
            "not_started"
        } else {
            "in_progress"
        };
        ("processing", 0, uploading)
    } else {
        let polls = upload.script.encoding_polls;
        let seen = upload.polls;
        upload.polls = upload.polls.saturating_add(1);
        if seen < polls {
            // Climbs towards, and stays below, 100.
            let progress = u64::from(seen + 1) * 100 / (u64::from(polls) + 1);
            ("processing", progress, "complete")
        } else if upload.script.encoding_fails {
            ("error", 0, "complete")
        } else {
            ("ready", 100, "complete")
        }
    };
    let mut node = json!({
        "id": id,
        "account_id": upload.account.trim_start_matches("act_"),
        "status": {
            "video_status": video_status,
            "processing_progress": progress,
            "uploading_phase": {"status": uploading, "bytes_transferred": bytes},
        },
    });
    if video_status == "error" {
        node["status"]["processing_phase"] = json!({
            "status": "error",
            "errors": [{"code": 1_363_008, "message": "The video could not be processed."}],
        });
    }
    // The finish phase's parameters (`title`, …), under what the node has.
    if let Value::Object(object) = &mut node {
        for (name, value) in &upload.params {
            object.entry(name.as_str()).or_insert_with(|| json!(value));
        }
    }
    node
}

/// Graph's code-100 error, with a subcode if given.
fn invalid(message: &str, subcode: Option<i64>, trace: &str) -> Reply {
    upload_error(400, 100, subcode, message, json!({}), trace)
}

/// An upload error envelope: `OAuthException`, the code and subcode, and
/// the extra members given (`is_transient`, `error_user_title`, `error_data`).
fn upload_error(
    status: u16,
    code: i64,
    subcode: Option<i64>,
    message: &str,
    extra: Value,
    trace: &str,
) -> Reply {
    let mut error = json!({"message": message, "type": "OAuthException", "code": code});
    if let Some(subcode) = subcode {
        error["error_subcode"] = json!(subcode);
    }
    if let (Some(error), Value::Object(extra)) = (error.as_object_mut(), extra) {
        error.extend(extra);
    }
    graph_error(status, error, trace)
}
