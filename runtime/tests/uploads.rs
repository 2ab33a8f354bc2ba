//! Uploads end to end over real HTTP against the Graph emulator, through
//! the generated `graph-ops-api` crate: images from a path and from bytes
//! (`AdAccount.create_adimages`, its answer decoded into typed images), a
//! whole video as a `file` parameter on the video host, and the resumable
//! chunked upload (`upload_advideos`): a 25 MB video with a transfer error
//! in the middle, offset corrections, a session saved to a file and resumed
//! by a new client, encoding that succeeds, fails, or passes its deadline.
//! A property test sends arbitrary part names, file names and bytes and
//! compares what the emulator parsed.
#![cfg(feature = "mock")]

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use graph_ops_api::{AdAccountCreateAdimagesParams, AdAccountCreateAdvideosParams, Client};
use graph_runtime::governor::ManualClock;
use graph_runtime::job::WaitSettings;
use graph_runtime::mock::{MockGraph, MockServer, RecordedRequest, VideoScript};
use graph_runtime::video::{Phase, Progress, UploadSession, VideoError};
use graph_runtime::{Error, GraphRequest, Upload};
use serde_json::json;
use sha2::{Digest, Sha256};

const TOKEN: &str = "EAAB-uploads-token-3b8e";
const SECRET: &str = "uploads-app-secret";
const ACCOUNT: &str = "act_9";

fn client(server: &MockServer) -> Client {
    server.client_builder().build().unwrap()
}

/// Bytes that are not all alike, with line breaks and dashes, so that a
/// misplaced or repeated chunk shows.
fn video_bytes(len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| match i % 997 {
            0 => b'\r',
            1 => b'\n',
            2 | 3 => b'-',
            _ => (i.wrapping_mul(31) % 251) as u8,
        })
        .collect()
}

fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn transfers(server: &MockServer) -> Vec<RecordedRequest> {
    server
        .requests()
        .into_iter()
        .filter(|r| r.param("upload_phase") == Some("transfer"))
        .collect()
}

#[tokio::test]
async fn images_upload_from_a_path_and_from_bytes_and_decode_typed() {
    let server = MockGraph::new(TOKEN)
        .app_secret(SECRET)
        .ad_images(ACCOUNT)
        .start();
    let client = client(&server);
    let dir = tempfile::tempdir().unwrap();
    let png: Vec<u8> = [&b"\x89PNG\r\n\x1a\n"[..], &video_bytes(70_000)].concat();
    let path = write_file(dir.path(), "logo.png", &png);
    let jpeg = b"\xff\xd8\xff\xe0 not really a jpeg \r\n--".to_vec();

    let mut params = AdAccountCreateAdimagesParams::new();
    params
        .attached_files
        .push(Upload::from_path(&path).unwrap());
    params
        .attached_files
        .push(Upload::from_bytes("banner.jpg", jpeg.clone()));
    let uploaded = client
        .ad_account(ACCOUNT)
        .create_adimages(params)
        .send()
        .await
        .unwrap();
    assert!(uploaded.warnings.is_empty(), "{:?}", uploaded.warnings);
    let images = uploaded.data.images.expect("typed images");
    assert_eq!(
        images.keys().collect::<Vec<_>>(),
        ["banner.jpg", "logo.png"]
    );
    for (name, bytes) in [("logo.png", &png), ("banner.jpg", &jpeg)] {
        let hash = Sha256::digest(bytes);
        let expected: String = hash[..16].iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            images[name].hash.as_deref(),
            Some(expected.as_str()),
            "{name}"
        );
        assert_eq!(images[name].name.as_deref(), Some(name));
    }

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert!(request.multipart && !request.video_host);
    assert!(request.token.is_right() && request.proof.is_right() && !request.token_in_url);
    let parts: Vec<_> = request
        .parts
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                p.file_name.as_deref(),
                p.content_type.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        parts,
        [
            ("logo.png", Some("logo.png"), Some("image/png")),
            ("banner.jpg", Some("banner.jpg"), Some("image/jpeg")),
        ]
    );
    assert_eq!(request.parts[0].data, png, "the file's bytes, exactly");
    assert_eq!(request.parts[1].data, jpeg);
}

#[tokio::test]
async fn a_request_without_files_stays_form_encoded_and_text_params_go_in_parts() {
    let server = MockGraph::new(TOKEN).ad_images(ACCOUNT).start();
    let client = client(&server);
    let params = AdAccountCreateAdimagesParams {
        bytes: Some("aGVsbG8=".to_owned()),
        ..AdAccountCreateAdimagesParams::new()
    };
    let uploaded = client
        .ad_account(ACCOUNT)
        .create_adimages(params.clone())
        .send()
        .await
        .unwrap();
    assert!(uploaded.data.images.unwrap().contains_key("bytes"));
    let sent = &server.requests()[0];
    assert!(!sent.multipart && sent.parts.is_empty());
    assert_eq!(sent.form, [("bytes".to_owned(), "aGVsbG8=".to_owned())]);

    // With a file as well, the same parameter is a text part.
    let mut with_file = params;
    with_file
        .attached_files
        .push(Upload::from_bytes("a.gif", "GIF89a"));
    client
        .ad_account(ACCOUNT)
        .create_adimages(with_file)
        .send()
        .await
        .unwrap();
    let sent = &server.requests()[1];
    assert!(sent.multipart);
    assert_eq!(sent.param("bytes"), Some("aGVsbG8="));
    assert_eq!(sent.parts.len(), 1);
}

#[tokio::test]
async fn a_whole_video_as_a_file_parameter_goes_to_the_video_host() {
    let server = MockGraph::new(TOKEN).creates(ACCOUNT, "advideos").start();
    let client = client(&server);
    let bytes = video_bytes(300_000);
    let params = AdAccountCreateAdvideosParams {
        source: Some(Upload::from_bytes("clip.mp4", bytes.clone())),
        title: Some("Clip".to_owned()),
        ..AdAccountCreateAdvideosParams::new()
    };
    let created = client
        .ad_account(ACCOUNT)
        .create_advideos(params)
        .send()
        .await
        .unwrap();
    assert!(created.data.id.is_some());
    let sent = &server.requests()[0];
    assert!(sent.video_host && sent.multipart);
    assert_eq!(sent.param("title"), Some("Clip"));
    // The file parameter is a file part, never a text parameter.
    assert_eq!(sent.param("source"), None);
    assert_eq!(sent.parts.len(), 1);
    assert_eq!(
        (
            sent.parts[0].name.as_str(),
            sent.parts[0].file_name.as_deref()
        ),
        ("source", Some("clip.mp4"))
    );
    assert_eq!(sent.parts[0].content_type.as_deref(), Some("video/mp4"));
    assert_eq!(sent.parts[0].data, bytes);
}

#[tokio::test]
async fn a_25_mb_video_goes_in_chunks_and_survives_a_transfer_error() {
    const LEN: usize = 25 * 1024 * 1024;
    const CHUNK: u64 = 4 * 1024 * 1024;
    // Transfer 4 of 7 fails (Graph's transient 390), after its body arrived.
    let script = VideoScript::new()
        .chunk_size(CHUNK)
        .fail_transfer(4)
        .encoding_polls(2);
    let server = MockGraph::new(TOKEN)
        .app_secret(SECRET)
        .video_uploads(ACCOUNT, script)
        .start();
    let client = client(&server);
    let dir = tempfile::tempdir().unwrap();
    let bytes = video_bytes(LEN);
    let path = write_file(dir.path(), "launch.mp4", &bytes);

    let seen = Arc::new(Mutex::new(Vec::<Progress>::new()));
    let record = Arc::clone(&seen);
    let video = client
        .ad_account(ACCOUNT)
        .upload_advideos(Upload::from_path(&path).unwrap())
        .param("title", "Launch")
        .encoding(WaitSettings::new().initial_interval(Duration::from_millis(1)))
        .on_progress(move |p| record.lock().unwrap().push(p.clone()))
        .send()
        .await
        .unwrap();
    assert_eq!(video.video_status.as_deref(), Some("ready"));

    let uploaded = server
        .uploaded_video(&video.id)
        .expect("the emulator has it");
    assert!(uploaded.finished);
    assert_eq!(uploaded.bytes_received, LEN as u64);
    assert_eq!(uploaded.sha256, <[u8; 32]>::from(Sha256::digest(&bytes)));
    assert!(uploaded.data == bytes, "the assembled bytes are the file's");
    assert_eq!(uploaded.params, [("title".to_owned(), "Launch".to_owned())]);
    // 7 chunks (6 of 4 MiB, one of 1 MiB), the fourth sent twice.
    assert_eq!(uploaded.transfers, 8);
    let offsets: Vec<String> = transfers(&server)
        .iter()
        .map(|r| r.param("start_offset").unwrap().to_owned())
        .collect();
    let chunk = |i: u64| (i * CHUNK).to_string();
    assert_eq!(
        offsets,
        [
            chunk(0),
            chunk(1),
            chunk(2),
            chunk(3),
            chunk(3),
            chunk(4),
            chunk(5),
            chunk(6)
        ]
    );
    // Every phase on the video host, with credentials; status reads on the main host.
    for request in server.requests() {
        let phase = request.param("upload_phase").is_some();
        assert_eq!(
            request.video_host, phase,
            "{} {}",
            request.method, request.path
        );
        assert!(request.token.is_right() && request.proof.is_right());
    }
    for transfer in transfers(&server) {
        assert_eq!(transfer.parts.len(), 1);
        assert_eq!(transfer.parts[0].name, "video_file_chunk");
    }

    let seen = seen.lock().unwrap();
    let phases: Vec<Phase> = seen.iter().map(|p| p.phase).collect();
    assert_eq!(phases.first(), Some(&Phase::Start));
    assert_eq!(phases.last(), Some(&Phase::Done));
    assert!(phases.contains(&Phase::Finish) && phases.contains(&Phase::Encoding));
    let sent: Vec<u64> = seen.iter().map(|p| p.bytes_sent).collect();
    assert!(sent.windows(2).all(|w| w[0] <= w[1]), "{sent:?}");
    assert!(seen.iter().all(|p| p.total_bytes == LEN as u64));
    let encoding: Vec<Option<u32>> = seen
        .iter()
        .filter(|p| p.phase == Phase::Encoding)
        .map(|p| p.encoding_percent)
        .collect();
    assert_eq!(encoding.len(), 3, "two polls processing, then ready");
    assert_eq!(encoding.last(), Some(&Some(100)));
}

#[tokio::test]
async fn a_lost_chunk_is_sent_again_from_the_servers_offsets() {
    let script = VideoScript::new().chunk_size(1000).lose_chunk(2);
    let server = MockGraph::new(TOKEN).video_uploads(ACCOUNT, script).start();
    let client = client(&server);
    let bytes = video_bytes(2500);
    let video = client
        .ad_account(ACCOUNT)
        .upload_advideos(Upload::from_bytes("v.mov", bytes.clone()))
        .wait_for_encoding(false)
        .send()
        .await
        .unwrap();
    assert_eq!(video.video_status, None);
    let uploaded = server.uploaded_video(&video.id).unwrap();
    assert!(uploaded.data == bytes);
    let offsets: Vec<_> = transfers(&server)
        .iter()
        .map(|r| r.param("start_offset").unwrap().to_owned())
        .collect();
    assert_eq!(offsets, ["0", "1000", "1000", "2000"]);
    // Not waited for: no status read.
    assert!(server.requests().iter().all(|r| r.method == "POST"));
}

#[tokio::test]
async fn a_saved_session_is_resumed_by_a_new_client_without_resending() {
    let clock = Arc::new(ManualClock::new());
    // Transfers 3 and 4 fail: with no retries allowed, the upload stops at
    // byte 2000 with its session saved.
    let script = VideoScript::new()
        .chunk_size(1000)
        .fail_transfer(3)
        .fail_transfer(4);
    let server = MockGraph::new(TOKEN)
        .clock(clock.clone())
        .video_uploads(ACCOUNT, script)
        .start();
    let dir = tempfile::tempdir().unwrap();
    let bytes = video_bytes(4321);
    let path = write_file(dir.path(), "talk.mp4", &bytes);
    let session_file = dir.path().join("talk.mp4.upload-session.json");
    let saved = Arc::new(Mutex::new(Vec::<UploadSession>::new()));
    let record = Arc::clone(&saved);

    let first = client(&server);
    let error = first
        .ad_account(ACCOUNT)
        .upload_advideos(Upload::from_path(&path).unwrap())
        .max_transfer_retries(0)
        .session_file(&session_file)
        .on_session(move |s| record.lock().unwrap().push(s.clone()))
        .send()
        .await
        .unwrap_err();
    let Error::Video(video_error) = &error else {
        panic!("{error:?}")
    };
    let VideoError::Interrupted {
        phase: Phase::Transfer,
        session: Some(session),
        cause,
    } = video_error.as_ref()
    else {
        panic!("{video_error:?}")
    };
    assert_eq!((session.start_offset, session.end_offset), (2000, 3000));
    assert_eq!(
        (session.file_size, session.file_name.as_str()),
        (4321, "talk.mp4")
    );
    assert!(cause.is_transient(), "{cause}");
    assert!(
        error.to_string().contains("at byte 2000 of 4321"),
        "{error}"
    );
    assert!(!error.to_string().contains(TOKEN));
    let on_disk =
        UploadSession::from_json(&std::fs::read_to_string(&session_file).unwrap()).unwrap();
    assert_eq!(&on_disk, session);
    assert_eq!(saved.lock().unwrap().last(), Some(session));
    assert!(
        !std::fs::read_to_string(&session_file)
            .unwrap()
            .contains(TOKEN)
    );
    drop(first);

    // A new client, as after a restart: the session file is picked up. The
    // fourth transfer fails once more and is retried.
    let second = client(&server);
    let video = second
        .ad_account(ACCOUNT)
        .upload_advideos(Upload::from_path(&path).unwrap())
        .session_file(&session_file)
        .wait_for_encoding(false)
        .send()
        .await
        .unwrap();
    assert_eq!(video.id, session.video_id);
    let uploaded = server.uploaded_video(&video.id).unwrap();
    assert!(uploaded.finished && uploaded.data == bytes);
    let starts = server
        .requests()
        .iter()
        .filter(|r| r.param("upload_phase") == Some("start"))
        .count();
    assert_eq!(starts, 1, "the second run did not start a new upload");
    let offsets: Vec<_> = transfers(&server)
        .iter()
        .map(|r| r.param("start_offset").unwrap().to_owned())
        .collect();
    assert_eq!(
        offsets,
        ["0", "1000", "2000", "2000", "2000", "3000", "4000"]
    );
    assert!(!session_file.exists(), "removed once finished");
    // The retry waited on the client's clock, not in real time.
    assert!(clock.slept() > Duration::ZERO);
}

#[tokio::test]
async fn a_stale_session_follows_the_servers_offsets() {
    let script = VideoScript::new().chunk_size(1000).fail_transfer(3);
    let server = MockGraph::new(TOKEN).video_uploads(ACCOUNT, script).start();
    let client = client(&server);
    let bytes = video_bytes(3000);
    let saved = Arc::new(Mutex::new(None::<UploadSession>));
    let record = Arc::clone(&saved);
    // Stops at byte 2000; the session kept is the one saved after start.
    client
        .ad_account(ACCOUNT)
        .upload_advideos(Upload::from_bytes("v.mp4", bytes.clone()))
        .max_transfer_retries(0)
        .on_session(move |s| {
            record.lock().unwrap().get_or_insert_with(|| s.clone());
        })
        .send()
        .await
        .unwrap_err();
    let stale = saved.lock().unwrap().clone().unwrap();
    assert_eq!((stale.start_offset, stale.end_offset), (0, 1000));
    // Resumed from byte 0, Graph answers its offset error with the offsets
    // it has, and the upload goes on from there.
    let video = client
        .ad_account(ACCOUNT)
        .upload_advideos(Upload::from_bytes("v.mp4", bytes.clone()))
        .resume(stale)
        .wait_for_encoding(false)
        .send()
        .await
        .unwrap();
    assert!(server.uploaded_video(&video.id).unwrap().data == bytes);
    let offsets: Vec<_> = transfers(&server)
        .iter()
        .map(|r| r.param("start_offset").unwrap().to_owned())
        .collect();
    assert_eq!(offsets, ["0", "1000", "2000", "0", "2000"]);
}

#[tokio::test]
async fn a_session_for_another_file_is_refused_before_sending() {
    let server = MockGraph::new(TOKEN)
        .video_uploads(ACCOUNT, VideoScript::new())
        .start();
    let client = client(&server);
    let session = UploadSession {
        target: ACCOUNT.into(),
        video_id: "1".into(),
        upload_session_id: "2".into(),
        file_size: 10,
        file_name: "other.mp4".into(),
        start_offset: 0,
        end_offset: 10,
    };
    let error = client
        .ad_account(ACCOUNT)
        .upload_advideos(Upload::from_bytes("v.mp4", vec![0; 10]))
        .resume(session)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Video(e) if matches!(**e, VideoError::SessionMismatch(_))),
        "{error:?}"
    );
    assert!(server.requests().is_empty());
    // A stream cannot be cut into chunks.
    let stream = Upload::from_stream("s.mp4", 1, futures_util::stream::empty());
    let error = client
        .ad_account(ACCOUNT)
        .upload_advideos(stream)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn retries_are_bounded_for_failed_and_for_lost_chunks() {
    for (script, says) in [
        (
            VideoScript::new()
                .fail_transfer(1)
                .fail_transfer(2)
                .fail_transfer(3),
            "1363030",
        ),
        (
            VideoScript::new().lose_chunk(1).lose_chunk(2).lose_chunk(3),
            "3 answers in a row",
        ),
    ] {
        let server = MockGraph::new(TOKEN).video_uploads(ACCOUNT, script).start();
        let error = client(&server)
            .ad_account(ACCOUNT)
            .upload_advideos(Upload::from_bytes("v.mp4", video_bytes(10)))
            .max_transfer_retries(2)
            .send()
            .await
            .unwrap_err();
        let Error::Video(video) = &error else {
            panic!("{error:?}")
        };
        let VideoError::Interrupted { phase, cause, .. } = &**video else {
            panic!("{video:?}")
        };
        assert_eq!(*phase, Phase::Transfer);
        assert!(format!("{cause:?} {cause}").contains(says), "{cause:?}");
        // Three transfers: the first and two retries.
        assert_eq!(transfers(&server).len(), 3, "{says}");
    }
}

#[tokio::test]
async fn an_unreadable_session_file_is_refused_before_sending() {
    let server = MockGraph::new(TOKEN)
        .video_uploads(ACCOUNT, VideoScript::new())
        .start();
    let dir = tempfile::tempdir().unwrap();
    // A directory where the session file should be: there, but not readable as one.
    let error = client(&server)
        .ad_account(ACCOUNT)
        .upload_advideos(Upload::from_bytes("v.mp4", vec![0; 10]))
        .session_file(dir.path())
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::InvalidRequest(m) if m.contains("cannot read the upload session")),
        "{error:?}"
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn the_start_phase_must_name_the_video_and_its_session() {
    use graph_runtime::Method;
    let server = MockGraph::new(TOKEN)
        .video_uploads(ACCOUNT, VideoScript::new())
        .start();
    let path = format!("{ACCOUNT}/advideos");
    let start = |video_id: serde_json::Value| json!({"video_id": video_id, "upload_session_id": "77", "start_offset": "0", "end_offset": "10"});
    let client = client(&server);
    let upload = || {
        client
            .ad_account(ACCOUNT)
            .upload_advideos(Upload::from_bytes("v.mp4", vec![0; 10]))
            .max_transfer_retries(0)
    };
    server.set_response(Method::Post, &path, start(json!("")));
    let error = upload().send().await.unwrap_err();
    assert!(error.to_string().contains("no `video_id`"), "{error}");
    // A number is an id too: the upload gets past the start phase. Then the
    // canned answer asks for the same chunk again and again, which ends the
    // upload once the retries are spent, resumably.
    server.clear_requests();
    server.set_response(Method::Post, &path, start(json!(4321)));
    let error = upload().send().await.unwrap_err();
    let Error::Video(video) = &error else {
        panic!("{error:?}")
    };
    let VideoError::Interrupted {
        phase,
        session,
        cause,
    } = &**video
    else {
        panic!("{video:?}")
    };
    assert_eq!(*phase, Phase::Transfer);
    assert_eq!(session.as_ref().map(|s| s.video_id.as_str()), Some("4321"));
    assert!(
        cause
            .to_string()
            .contains("1 answers in a row without moving past byte 0"),
        "{cause}"
    );
    let phases: Vec<_> = server
        .requests()
        .iter()
        .filter_map(|r| r.param("upload_phase").map(str::to_owned))
        .collect();
    assert_eq!(phases, ["start", "transfer"]);
}

/// An emulator on a manual clock whose videos report "processing" for two
/// status reads before they are ready.
fn encoding_server() -> (Arc<ManualClock>, MockServer) {
    let clock = Arc::new(ManualClock::new());
    let server = MockGraph::new(TOKEN)
        .clock(clock.clone())
        .video_uploads(ACCOUNT, VideoScript::new().encoding_polls(2))
        .start();
    (clock, server)
}

/// A progress callback that runs `fault` once, after the first encoding
/// status read.
fn at_first_encoding_read(fault: impl Fn() + Send + Sync) -> impl Fn(&Progress) + Send + Sync {
    let faulted = std::sync::atomic::AtomicBool::new(false);
    move |progress| {
        if progress.phase == Phase::Encoding
            && !faulted.swap(true, std::sync::atomic::Ordering::SeqCst)
        {
            fault();
        }
    }
}

#[tokio::test]
async fn encoding_is_polled_with_backoff_through_transient_errors() {
    let (clock, server) = encoding_server();
    let client = client(&server);
    let uploaded = client
        .ad_account(ACCOUNT)
        .upload_advideos(Upload::from_bytes("v.mp4", vec![7; 10]))
        .encoding(
            WaitSettings::new()
                .initial_interval(Duration::from_secs(1))
                .max_interval(Duration::from_secs(8)),
        )
        // The next status read fails all the client's attempts (a 503 each).
        .on_progress(at_first_encoding_read(|| {
            server.queue_faults((0..3).map(|_| graph_runtime::mock::Fault::server_error(503)));
        }))
        .send()
        .await
        .unwrap();
    assert!(!uploaded.id.is_empty());
    assert_eq!(server.pending_faults(), 0);
    // Read 1: processing; read 2: failed; read 3: processing; read 4: ready.
    // The waits between them double, whatever the reads answered.
    let encoding_waits: Vec<Duration> = clock
        .sleeps()
        .into_iter()
        .filter(|wait| *wait >= Duration::from_secs(1))
        .collect();
    assert_eq!(
        encoding_waits,
        [1, 2, 4].map(Duration::from_secs),
        "{:?}",
        clock.sleeps()
    );
}

#[tokio::test]
async fn a_graph_error_while_waiting_for_encoding_ends_the_wait() {
    let (_clock, server) = encoding_server();
    let client = client(&server);
    let error = client
        .ad_account(ACCOUNT)
        .upload_advideos(Upload::from_bytes("v.mp4", vec![7; 10]))
        .on_progress(at_first_encoding_read(|| {
            server.queue_fault(graph_runtime::mock::Fault::invalid_parameter());
        }))
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.graph().and_then(|e| e.code), Some(100), "{error:?}");
}

#[tokio::test]
async fn encoding_that_fails_or_passes_its_deadline_is_a_typed_error() {
    let clock = Arc::new(ManualClock::new());
    let server = MockGraph::new(TOKEN)
        .clock(clock.clone())
        .video_uploads(
            ACCOUNT,
            VideoScript::new().encoding_fails().encoding_polls(1),
        )
        .video_uploads("act_slow", VideoScript::new().encoding_polls(1000))
        .start();
    let client = client(&server);
    let error = client
        .ad_account(ACCOUNT)
        .upload_advideos(Upload::from_bytes("v.mp4", vec![7; 10]))
        .send()
        .await
        .unwrap_err();
    let Error::Video(e) = &error else {
        panic!("{error:?}")
    };
    let VideoError::EncodingFailed { status, video_id } = e.as_ref() else {
        panic!("{e:?}")
    };
    assert_eq!(status["video_status"], json!("error"));
    assert!(server.uploaded_video(video_id).unwrap().finished);

    let deadline = Duration::from_secs(60);
    let before = clock.slept();
    let error = client
        .ad_account("act_slow")
        .upload_advideos(Upload::from_bytes("v.mp4", vec![7; 10]))
        .encoding(
            WaitSettings::new()
                .initial_interval(Duration::from_secs(1))
                .max_interval(Duration::from_secs(8))
                .deadline(deadline),
        )
        .send()
        .await
        .unwrap_err();
    let Error::Video(e) = &error else {
        panic!("{error:?}")
    };
    let VideoError::EncodingDeadline {
        deadline: d,
        last_status,
        ..
    } = e.as_ref()
    else {
        panic!("{e:?}")
    };
    assert_eq!((*d, last_status.as_deref()), (deadline, Some("processing")));
    // Virtual time: 1 + 2 + 4 + 8 + 8 … up to exactly the deadline.
    assert_eq!(clock.slept() - before, deadline);
}

#[test]
fn the_blocking_client_uploads_too() {
    let server = MockGraph::new(TOKEN)
        .video_uploads(ACCOUNT, VideoScript::new().chunk_size(64))
        .start();
    let client: graph_ops_api::BlockingClient = server.client_builder().build().unwrap();
    let bytes = video_bytes(200);
    let video = client
        .ad_account(ACCOUNT)
        .upload_advideos(Upload::from_bytes("b.mp4", bytes.clone()))
        .wait_for_encoding(false)
        .send()
        .unwrap();
    assert!(server.uploaded_video(&video.id).unwrap().data == bytes);
    assert_eq!(transfers(&server).len(), 4);
}

#[tokio::test]
async fn a_stream_goes_once_and_a_batch_refuses_files() {
    let server = MockGraph::new(TOKEN).ad_images(ACCOUNT).start();
    let client = client(&server);
    let chunks = futures_util::stream::iter(
        [&b"GIF8"[..], b"9a", b"..."].map(|c| Ok(bytes::Bytes::from_static(c))),
    );
    let mut params = AdAccountCreateAdimagesParams::new();
    params
        .attached_files
        .push(Upload::from_stream("s.gif", 9, chunks));
    client
        .ad_account(ACCOUNT)
        .create_adimages(params.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(server.requests()[0].parts[0].data, b"GIF89a...");
    // The same stream again: refused before sending.
    let error = client
        .ad_account(ACCOUNT)
        .create_adimages(params.clone())
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Upload(e) if e.message.contains("sent only once")),
        "{error:?}"
    );
    assert_eq!(server.requests().len(), 1);
    // A stream shorter than declared fails the request with its own error.
    let short = Upload::from_stream(
        "short.gif",
        100,
        futures_util::stream::iter([Ok(bytes::Bytes::from_static(b"GIF"))]),
    );
    let mut params = AdAccountCreateAdimagesParams::new();
    params.attached_files.push(short);
    let error = client
        .ad_account(ACCOUNT)
        .create_adimages(params)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Upload(e) if e.message.starts_with("it gave fewer bytes")),
        "{error:?}"
    );

    let mut batch = client.batch();
    let mut params = AdAccountCreateAdimagesParams::new();
    params.attached_files.push(Upload::from_bytes("x.png", "x"));
    let handle = batch.add(client.ad_account(ACCOUNT).create_adimages(params));
    let mut answers = batch.send().await.unwrap();
    let error = answers.take(&handle).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("file `x.png` cannot go in a batch operation"),
        "{error}"
    );
    // A GET cannot carry a file.
    let get = GraphRequest::get("55").file("x", Upload::from_bytes("x", "x"));
    let error = client.transport().send(get).await.unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
}

mod multipart_round_trip {
    use super::*;
    use proptest::prelude::*;

    fn name() -> impl Strategy<Value = String> {
        // Any characters, quotes, CR, LF, `%` and escapes-lookalikes included.
        prop_oneof![
            "[a-z_]{1,12}",
            any::<String>().prop_filter("not empty", |s| !s.is_empty()),
            "[%\"\r\n a-z0-9]{1,10}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        /// What the client encodes, the emulator's parser reads back: every
        /// text parameter and file, name, file name and bytes.
        #[test]
        fn names_and_bytes_survive(
            texts in proptest::collection::vec((name(), any::<String>()), 0..4),
            files in proptest::collection::vec(
                (name(), name(), proptest::collection::vec(any::<u8>(), 0..3000)),
                1..4,
            ),
        ) {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            let server = MockGraph::new(TOKEN).start();
            let client: graph_runtime::Client = server.client_builder().build().unwrap();
            let mut request = GraphRequest::post("upload_target");
            for (name, value) in &texts {
                request = request.param(name.clone(), value.clone());
            }
            for (name, file_name, data) in &files {
                request = request.file(name.clone(), Upload::from_bytes(file_name.clone(), data.clone()));
            }
            // The emulator answers an unknown path with an error; what matters
            // is what it received.
            let _ = runtime.block_on(client.send(request));
            let received = server.requests();
            prop_assert_eq!(received.len(), 1);
            let received = &received[0];
            prop_assert!(received.multipart);
            prop_assert_eq!(&received.form, &texts);
            let parts: Vec<(String, String, Vec<u8>)> = received
                .parts
                .iter()
                .map(|p| (p.name.clone(), p.file_name.clone().unwrap_or_default(), p.data.clone()))
                .collect();
            prop_assert_eq!(parts, files);
        }
    }
}

#[tokio::test]
async fn the_emulator_can_keep_no_bytes_and_still_check_them() {
    let server = MockGraph::new(TOKEN)
        .record_file_data(false)
        .video_uploads(ACCOUNT, VideoScript::new().chunk_size(100).keep_data(false))
        .start();
    let client = client(&server);
    let bytes = video_bytes(250);
    let video = client
        .ad_account(ACCOUNT)
        .upload_advideos(Upload::from_bytes("v.mp4", bytes.clone()))
        .wait_for_encoding(false)
        .send()
        .await
        .unwrap();
    let uploaded = server.uploaded_video(&video.id).unwrap();
    assert!(uploaded.data.is_empty());
    assert_eq!(uploaded.bytes_received, 250);
    assert_eq!(uploaded.sha256, <[u8; 32]>::from(Sha256::digest(&bytes)));
    let recorded = transfers(&server);
    assert_eq!(recorded.len(), 3);
    assert!(
        recorded
            .iter()
            .all(|r| r.parts.len() == 1 && r.parts[0].data.is_empty())
    );
    assert_eq!(recorded[0].parts[0].file_name.as_deref(), Some("v.mp4"));
}
