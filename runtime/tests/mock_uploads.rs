//! Uploads against the Graph emulator over real HTTP: multipart bodies, ad
//! images, and Graph's chunked video upload on the video host (start,
//! transfers, finish, then encoding status), with its offset errors and
//! scripted transfer failures. The start and finish phases go through
//! [`Client::send`]; transfers, which need a multipart body, are built by
//! hand and sent with a plain `reqwest::Client`.
#![cfg(feature = "mock")]

use graph_runtime::mock::{MockGraph, MockServer, VideoScript};
use graph_runtime::{Client, GraphError, GraphRequest};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const TOKEN: &str = "EAAB-mock-uploads-token-91c4";
const ACCOUNT: &str = "act_1";
const BOUNDARY: &str = "mockUploadsBoundary7f3a";

fn video_server(script: VideoScript) -> MockServer {
    MockGraph::new(TOKEN)
        .video_uploads(ACCOUNT, script)
        .node("55", json!({"id": "55", "name": "a page"}))
        .start()
}

fn client(server: &MockServer) -> Client {
    server.client_builder().build().unwrap()
}

/// A file whose bytes hold line breaks and boundary-like runs (a prefix of
/// the boundary on a line of its own, the whole boundary followed by more),
/// but no boundary line, as a multipart encoder makes sure.
fn file(len: usize) -> Vec<u8> {
    let pattern = format!(
        "\r\n--{}\r\n\r\n--{BOUNDARY}-x\0\u{ff}binary ",
        &BOUNDARY[..10]
    );
    pattern.bytes().cycle().take(len).collect()
}

/// One part of a hand-built multipart body.
enum Field<'a> {
    Text(&'a str, &'a str),
    File(&'a str, &'a str, &'a [u8]),
}

fn multipart(fields: &[Field<'_>]) -> Vec<u8> {
    let mut body = Vec::new();
    for field in fields {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match field {
            Field::Text(name, value) => {
                body.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}")
                        .as_bytes(),
                );
            }
            Field::File(name, file_name, data) => {
                body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\n\
                         Content-Type: application/octet-stream\r\n\r\n"
                    )
                    .as_bytes(),
                );
                body.extend_from_slice(data);
            }
        }
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// POSTs a raw body to `{base}/v19.0/{path}`; the status and the JSON answer.
async fn post_raw(base: &str, path: &str, content_type: &str, body: Vec<u8>) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(format!("{base}/v19.0/{path}"))
        .header("Authorization", format!("Bearer {TOKEN}"))
        .header("Content-Type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let bytes = response.bytes().await.unwrap();
    (status, serde_json::from_slice(&bytes).unwrap())
}

async fn post_multipart(base: &str, path: &str, fields: &[Field<'_>]) -> (u16, Value) {
    let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
    post_raw(base, path, &content_type, multipart(fields)).await
}

/// One transfer phase on the video host, as Facebook's SDKs send it.
async fn transfer(server: &MockServer, session: &str, start: u64, chunk: &[u8]) -> (u16, Value) {
    let start = start.to_string();
    let fields = [
        Field::Text("upload_phase", "transfer"),
        Field::Text("upload_session_id", session),
        Field::Text("start_offset", &start),
        Field::File("video_file_chunk", "chunk", chunk),
    ];
    post_multipart(&server.video_url(), "act_1/advideos", &fields).await
}

/// `(start_offset, end_offset)` of an answer, which Graph sends as strings.
fn offsets(answer: &Value) -> (u64, u64) {
    let offset = |name: &str| -> u64 {
        let text = answer[name]
            .as_str()
            .unwrap_or_else(|| panic!("{name} should be a string in {answer}"));
        text.parse().unwrap()
    };
    (offset("start_offset"), offset("end_offset"))
}

/// Starts an upload of `size` bytes; the video id, the session id and the
/// first offsets.
async fn start(client: &Client, size: usize) -> (String, String, (u64, u64)) {
    let answer = client
        .send(
            GraphRequest::post("act_1/advideos")
                .param("upload_phase", "start")
                .param("file_size", size.to_string())
                .on_video_host(),
        )
        .await
        .unwrap()
        .data;
    let id = |name: &str| answer[name].as_str().unwrap().to_owned();
    (id("video_id"), id("upload_session_id"), offsets(&answer))
}

async fn finish(client: &Client, session: &str) -> Result<Value, GraphError> {
    client
        .send(
            GraphRequest::post("act_1/advideos")
                .param("upload_phase", "finish")
                .param("upload_session_id", session)
                .param("title", "Launch clip")
                .on_video_host(),
        )
        .await
        .map(|response| response.data)
        .map_err(|e| e.graph().cloned().expect("a Graph error"))
}

/// Sends every chunk the emulator asks for, from `at`; the transfers made.
async fn send_all(server: &MockServer, session: &str, data: &[u8], mut at: (u64, u64)) -> u32 {
    let mut transfers = 0;
    while at.0 < at.1 {
        let chunk = &data[at.0 as usize..at.1 as usize];
        let (status, answer) = transfer(server, session, at.0, chunk).await;
        assert_eq!(status, 200, "{answer}");
        at = offsets(&answer);
        transfers += 1;
    }
    assert_eq!(at, (data.len() as u64, data.len() as u64));
    transfers
}

async fn status(client: &Client, video_id: &str) -> (String, i64) {
    let answer = client
        .send(GraphRequest::get(video_id).param("fields", "status"))
        .await
        .unwrap()
        .data;
    let status = &answer["status"];
    (
        status["video_status"].as_str().unwrap().to_owned(),
        status["processing_progress"].as_i64().unwrap(),
    )
}

#[tokio::test]
async fn start_transfers_and_finish_assemble_the_exact_bytes() {
    let server = video_server(VideoScript::new().chunk_size(1000));
    let client = client(&server);
    let data = file(2500);
    let (video_id, session, first) = start(&client, data.len()).await;
    assert_eq!(first, (0, 1000));
    assert_ne!(video_id, session);

    let early = finish(&client, &session).await.unwrap_err();
    assert_eq!(
        (early.code, early.error_subcode),
        (Some(6001), Some(1_363_019))
    );

    assert_eq!(send_all(&server, &session, &data, first).await, 3);
    assert_eq!(
        finish(&client, &session).await.unwrap(),
        json!({"success": true})
    );

    let uploaded = server.uploaded_video(&video_id).unwrap();
    assert_eq!(uploaded.data, data);
    assert_eq!(uploaded.bytes_received, 2500);
    assert_eq!(uploaded.file_size, 2500);
    assert_eq!(uploaded.sha256, <[u8; 32]>::from(Sha256::digest(&data)));
    assert!(uploaded.finished);
    assert_eq!(uploaded.transfers, 3);
    assert_eq!(
        uploaded.params,
        vec![("title".to_owned(), "Launch clip".to_owned())]
    );
    assert!(server.uploaded_video("404").is_none());

    let requests = server.requests();
    assert!(requests.iter().all(|r| r.video_host));
    let transfers: Vec<_> = requests
        .iter()
        .filter(|r| r.param("upload_phase") == Some("transfer"))
        .collect();
    assert_eq!(transfers.len(), 3);
    for (request, start) in transfers.iter().zip([0, 1000, 2000]) {
        assert!(request.multipart);
        // Text parts are form parameters, as form-urlencoded ones are.
        assert_eq!(request.param("start_offset"), Some(&*start.to_string()));
        assert_eq!(request.form.len(), 3);
        assert_eq!(request.parts.len(), 1);
        assert_eq!(request.parts[0].name, "video_file_chunk");
        assert_eq!(request.parts[0].file_name.as_deref(), Some("chunk"));
        let end = (start + 1000).min(2500);
        assert_eq!(request.parts[0].data, &data[start..end]);
    }
    assert!(
        requests
            .iter()
            .filter(|r| !r.multipart)
            .all(|r| r.parts.is_empty())
    );
}

#[tokio::test]
async fn a_wrong_start_offset_is_refused_with_the_servers_offsets() {
    let server = video_server(VideoScript::new().chunk_size(1000));
    let client = client(&server);
    let data = file(2500);
    let (video_id, session, first) = start(&client, data.len()).await;
    let (_, answer) = transfer(&server, &session, 0, &data[..1000]).await;
    assert_eq!(offsets(&answer), (1000, 2000));

    // The first chunk again, as a client that missed the answer would.
    let (status, answer) = transfer(&server, &session, 0, &data[..1000]).await;
    assert_eq!(status, 400);
    let error = &answer["error"];
    assert_eq!(error["code"], 6001);
    assert_eq!(error["error_subcode"], 1_363_037);
    assert_eq!(error["is_transient"], false);
    assert_eq!(
        error["message"],
        "(#6001) There was a problem uploading your video file. Please try again."
    );
    assert!(error["error_user_title"].is_string());
    assert_eq!(
        error["error_data"],
        json!({"start_offset": "1000", "end_offset": "2000"})
    );
    // A chunk of the wrong length at the right offset is refused the same way.
    let (status, answer) = transfer(&server, &session, 1000, &data[1000..1999]).await;
    assert_eq!(status, 400);
    assert_eq!(answer["error"]["error_subcode"], 1_363_037);
    assert_eq!(
        server.uploaded_video(&video_id).unwrap().bytes_received,
        1000
    );

    // Resuming from error_data completes the file.
    let resume = offsets(&answer["error"]["error_data"]);
    assert_eq!(send_all(&server, &session, &data, resume).await, 2);
    finish(&client, &session).await.unwrap();
    let uploaded = server.uploaded_video(&video_id).unwrap();
    assert_eq!(uploaded.data, data);
    assert_eq!(uploaded.transfers, 5);
    let _ = first;
}

#[tokio::test]
async fn a_failed_transfer_is_transient_and_its_chunk_is_not_kept() {
    let server = video_server(VideoScript::new().chunk_size(1000).fail_transfer(2));
    let client = client(&server);
    let data = file(2100);
    let (video_id, session, first) = start(&client, data.len()).await;
    let (_, answer) = transfer(&server, &session, 0, &data[..1000]).await;
    let second = offsets(&answer);

    let (status, answer) = transfer(&server, &session, 1000, &data[1000..2000]).await;
    assert_eq!(status, 500);
    let error = &answer["error"];
    assert_eq!(error["code"], 390);
    assert_eq!(error["error_subcode"], 1_363_030);
    assert_eq!(error["is_transient"], true);
    assert_eq!(error["message"], "(#390) Video upload timed out");
    let uploaded = server.uploaded_video(&video_id).unwrap();
    assert_eq!(uploaded.bytes_received, 1000);
    assert_eq!(uploaded.transfers, 2);

    // The same chunk again (the 3rd transfer) is kept.
    assert_eq!(send_all(&server, &session, &data, second).await, 2);
    finish(&client, &session).await.unwrap();
    let uploaded = server.uploaded_video(&video_id).unwrap();
    assert_eq!(uploaded.data, data);
    assert_eq!(uploaded.transfers, 4);
    let _ = first;
}

#[tokio::test]
async fn a_lost_chunk_is_answered_with_the_old_offsets() {
    let server = video_server(VideoScript::new().chunk_size(600).lose_chunk(1));
    let client = client(&server);
    let data = file(1000);
    let (video_id, session, first) = start(&client, data.len()).await;
    let (status, answer) = transfer(&server, &session, 0, &data[..600]).await;
    assert_eq!(status, 200);
    assert_eq!(offsets(&answer), (0, 600));
    assert_eq!(server.uploaded_video(&video_id).unwrap().bytes_received, 0);
    assert_eq!(send_all(&server, &session, &data, first).await, 2);
    assert_eq!(server.uploaded_video(&video_id).unwrap().data, data);
}

#[tokio::test]
async fn an_unknown_session_is_code_100_subcode_33() {
    let server = video_server(VideoScript::new());
    let (status, answer) = transfer(&server, "999", 0, b"abc").await;
    assert_eq!(status, 400);
    assert_eq!(answer["error"]["code"], 100);
    assert_eq!(answer["error"]["error_subcode"], 33);
    assert!(answer["error"]["message"].as_str().unwrap().contains("999"));
}

#[tokio::test]
async fn a_finished_video_encodes_then_is_ready() {
    let server = video_server(VideoScript::new().encoding_polls(2));
    let client = client(&server);
    let data = file(10);
    let (video_id, session, first) = start(&client, data.len()).await;
    // Not finished: processing at 0 %, and reads are not polls.
    assert_eq!(
        status(&client, &video_id).await,
        ("processing".to_owned(), 0)
    );
    send_all(&server, &session, &data, first).await;
    assert_eq!(
        status(&client, &video_id).await,
        ("processing".to_owned(), 0)
    );
    finish(&client, &session).await.unwrap();

    let (first_status, p1) = status(&client, &video_id).await;
    let (second_status, p2) = status(&client, &video_id).await;
    assert_eq!(
        (first_status.as_str(), second_status.as_str()),
        ("processing", "processing")
    );
    assert!(0 < p1 && p1 < p2 && p2 < 100, "{p1} then {p2}");
    for _ in 0..2 {
        assert_eq!(status(&client, &video_id).await, ("ready".to_owned(), 100));
    }
    // The node carries the finish phase's parameters.
    let node = client
        .send(GraphRequest::get(&video_id).param("fields", "title,status{video_status}"))
        .await
        .unwrap()
        .data;
    assert_eq!(
        node,
        json!({"id": video_id, "title": "Launch clip", "status": {"video_status": "ready"}})
    );
}

#[tokio::test]
async fn a_failed_encoding_ends_in_error() {
    let server = video_server(VideoScript::new().encoding_polls(1).encoding_fails());
    let client = client(&server);
    let data = file(10);
    let (video_id, session, first) = start(&client, data.len()).await;
    send_all(&server, &session, &data, first).await;
    finish(&client, &session).await.unwrap();
    assert_eq!(status(&client, &video_id).await.0, "processing");
    assert_eq!(status(&client, &video_id).await.0, "error");
    assert_eq!(status(&client, &video_id).await.0, "error");
}

#[tokio::test]
async fn upload_phases_on_the_main_host_are_refused_and_reads_work_on_both() {
    let server = video_server(VideoScript::new());
    let client = client(&server);
    assert_ne!(server.url(), server.video_url());
    let err = client
        .send(
            GraphRequest::post("act_1/advideos")
                .param("upload_phase", "start")
                .param("file_size", "10"),
        )
        .await
        .unwrap_err();
    let graph = err.graph().unwrap();
    assert_eq!(graph.code, Some(6000));
    assert_eq!(
        graph.message,
        "(#6000) There was a problem uploading your video file. Please try again with another file."
    );
    // A transfer sent to the main host is refused too.
    let (status, answer) = post_multipart(
        &server.url(),
        "act_1/advideos",
        &[
            Field::Text("upload_phase", "transfer"),
            Field::Text("upload_session_id", "1"),
            Field::File("video_file_chunk", "c", b"x"),
        ],
    )
    .await;
    assert_eq!(
        (status, answer["error"]["code"].as_i64()),
        (400, Some(6000))
    );

    let on_video = client
        .send(
            GraphRequest::get("55")
                .param("fields", "name")
                .on_video_host(),
        )
        .await
        .unwrap();
    let on_main = client
        .send(GraphRequest::get("55").param("fields", "name"))
        .await
        .unwrap();
    assert_eq!(on_video.data, on_main.data);
    let hosts: Vec<bool> = server.requests().iter().map(|r| r.video_host).collect();
    assert_eq!(hosts, [false, false, true, false]);
}

fn hash(data: &[u8]) -> String {
    Sha256::digest(data)[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[tokio::test]
async fn ad_images_from_multipart_files_and_base64_bytes() {
    let server = MockGraph::new(TOKEN).ad_images(ACCOUNT).start();
    let client = client(&server);
    let (a, b) = (file(300), b"\x89PNG\r\n\x1a\n".to_vec());
    let (status, answer) = post_multipart(
        &server.url(),
        "act_1/adimages",
        &[
            Field::Text("note", "two images"),
            Field::File("file1", "a.jpg", &a),
            Field::File("file2", "b%22c.png", &b),
        ],
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    let images = answer["images"].as_object().unwrap();
    assert_eq!(images.len(), 2);
    assert_eq!(images["a.jpg"]["hash"], hash(&a));
    assert_eq!(images["a.jpg"]["name"], "a.jpg");
    assert_eq!(
        images["a.jpg"]["url"],
        format!("https://mock.graph/images/{}.jpg", hash(&a))
    );
    // The file name is unescaped.
    assert_eq!(images["b\"c.png"]["hash"], hash(&b));
    let request = &server.requests()[0];
    assert_eq!(request.param("note"), Some("two images"));
    assert_eq!(request.parts.len(), 2);
    assert_eq!(request.parts[1].data, b);

    // `bytes`: base64 in a form parameter, named `bytes`.
    let answer = client
        .send(GraphRequest::post("act_1/adimages").param("bytes", "aGVsbG8="))
        .await
        .unwrap()
        .data;
    assert_eq!(answer["images"]["bytes"]["hash"], hash(b"hello"));

    let listed = client
        .send(GraphRequest::get("act_1/adimages"))
        .await
        .unwrap()
        .data;
    let hashes: Vec<&str> = listed["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|image| image["hash"].as_str().unwrap())
        .collect();
    assert_eq!(hashes, [hash(&a), hash(&b), hash(b"hello")]);

    let err = client
        .send(GraphRequest::post("act_1/adimages").param("name", "nothing"))
        .await
        .unwrap_err();
    let graph = err.graph().unwrap();
    assert_eq!(graph.code, Some(100));
    assert_eq!(graph.message, "(#100) No image file was uploaded");
}

#[tokio::test]
async fn a_malformed_multipart_body_is_a_400_naming_the_problem() {
    let server = MockGraph::new(TOKEN).ad_images(ACCOUNT).start();
    server.queue_fault(graph_runtime::mock::Fault::user_rate_limit());
    let mut body = multipart(&[Field::File("f", "a.jpg", b"abc")]);
    body.truncate(body.len() - 8);
    let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
    let (status, answer) = post_raw(&server.url(), "act_1/adimages", &content_type, body).await;
    assert_eq!(status, 400);
    assert_eq!(answer["error"]["code"], 100);
    let message = answer["error"]["message"].as_str().unwrap();
    assert!(message.contains("ends inside part 1"), "{message}");

    let (status, answer) = post_raw(
        &server.url(),
        "act_1/adimages",
        "multipart/form-data",
        b"--x\r\n".to_vec(),
    )
    .await;
    assert_eq!(status, 400);
    let message = answer["error"]["message"].as_str().unwrap();
    assert!(message.contains("no boundary parameter"), "{message}");

    // Refused before faults and routes: the queued fault is still there.
    assert_eq!(server.pending_faults(), 1);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert!(requests.iter().all(|r| r.multipart && r.parts.is_empty()));
}

#[tokio::test]
async fn upload_phases_are_charged_to_the_ad_accounts_rate_limit() {
    let server = MockGraph::new(TOKEN)
        .video_uploads(ACCOUNT, VideoScript::new().chunk_size(4))
        .usage_limit(
            graph_runtime::mock::UsageLimit::new(graph_runtime::governor::LimitKey::ad_account(
                "1",
            ))
            .step(40.0),
        )
        .start();
    let client = client(&server);
    let data = file(8);
    // 40 %, then 80 %, then the limit: refused before the emulator's upload
    // sees it, so the chunk is neither kept nor counted.
    let (video_id, session, _) = start(&client, data.len()).await;
    let (status, _) = transfer(&server, &session, 0, &data[..4]).await;
    assert_eq!(status, 200);
    let (status, answer) = transfer(&server, &session, 4, &data[4..]).await;
    assert_eq!(answer["error"]["code"], 17, "{answer}");
    assert_ne!(status, 200);
    let uploaded = server.uploaded_video(&video_id).unwrap();
    assert_eq!((uploaded.bytes_received, uploaded.transfers), (4, 1));
    assert_eq!(server.requests().len(), 3);
}
