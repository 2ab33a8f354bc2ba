use serde_json::json;

use super::*;
use crate::error::GraphError;

fn session() -> UploadSession {
    UploadSession {
        target: "act_1".into(),
        video_id: "v1".into(),
        upload_session_id: "s1".into(),
        file_size: 100,
        file_name: "clip.mp4".into(),
        start_offset: 40,
        end_offset: 80,
    }
}

fn graph_error(subcode: Option<i64>, data: Option<Value>) -> Error {
    Error::Graph(Box::new(GraphError {
        http_status: 400,
        code: Some(6001),
        error_subcode: subcode,
        error_type: None,
        message: "(#6001) There was a problem uploading your video file.".into(),
        error_user_title: None,
        error_user_msg: None,
        error_data: data,
        fbtrace_id: None,
        is_transient: false,
    }))
}

#[test]
fn offsets_are_read_as_strings_or_numbers() {
    assert_eq!(
        offsets(
            &json!({"start_offset": "0", "end_offset": "1048576"}),
            "x",
            &|d| d.to_string()
        )
        .unwrap(),
        (0, 1_048_576)
    );
    assert_eq!(
        offsets(&json!({"start_offset": 5, "end_offset": 9}), "x", &|d| d
            .to_string())
        .unwrap(),
        (5, 9)
    );
    for bad in [
        json!({"start_offset": "a", "end_offset": "1"}),
        json!({"start_offset": "1"}),
        json!({"start_offset": -1, "end_offset": 3}),
        json!([]),
    ] {
        let error = offsets(&bad, "a transfer", &|d| d.to_string()).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("unexpected video upload answer: a transfer answered no usable"),
            "{error}"
        );
    }
}

#[test]
fn the_offset_error_names_the_servers_offsets() {
    let data = json!({"start_offset": "1024", "end_offset": "2048"});
    assert_eq!(
        server_offsets(&graph_error(
            Some(OFFSET_MISMATCH_SUBCODE),
            Some(data.clone())
        )),
        Some((1024, 2048))
    );
    assert_eq!(
        server_offsets(&graph_error(Some(1363030), Some(data))),
        None
    );
    assert_eq!(
        server_offsets(&graph_error(Some(OFFSET_MISMATCH_SUBCODE), None)),
        None
    );
    assert_eq!(server_offsets(&Error::InvalidRequest("x".into())), None);
}

#[test]
fn chunks_stay_in_order_and_inside_the_file() {
    let mut s = session();
    assert!(check_chunk(&s).is_ok());
    s.end_offset = 100;
    assert!(check_chunk(&s).is_ok());
    s.start_offset = 100;
    assert!(check_chunk(&s).is_ok());
    s.end_offset = 101;
    assert_eq!(
        check_chunk(&s).unwrap_err().to_string(),
        "unexpected video upload answer: the server asked for bytes 100..101 of a 100-byte file"
    );
    s.start_offset = 60;
    s.end_offset = 50;
    assert!(check_chunk(&s).is_err());
}

#[test]
fn a_session_round_trips_as_json_and_is_written_atomically() {
    let s = session();
    assert_eq!(UploadSession::from_json(&s.to_json()).unwrap(), s);
    let Err(Error::InvalidRequest(why)) = UploadSession::from_json("{\"video_id\": 1}") else {
        panic!("not a session")
    };
    assert!(why.starts_with("not a saved upload session: "), "{why}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clip.upload.json");
    write_atomically(&path, b"one").unwrap();
    write_atomically(&path, b"two").unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"two");
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["clip.upload.json"]);
}

#[test]
fn errors_say_where_the_upload_stopped() {
    let interrupted = VideoError::Interrupted {
        phase: Phase::Transfer,
        session: Some(session()),
        cause: Error::InvalidRequest("gone".into()),
    };
    assert_eq!(
        interrupted.to_string(),
        "video upload stopped in its Transfer phase at byte 40 of 100 (video v1, resumable): \
         invalid request: gone"
    );
    assert_eq!(interrupted.session(), Some(&session()));
    let at_start = VideoError::Interrupted {
        phase: Phase::Start,
        session: None,
        cause: Error::InvalidRequest("no".into()),
    };
    assert_eq!(
        at_start.to_string(),
        "video upload stopped in its Start phase: invalid request: no"
    );
    assert_eq!(at_start.session(), None);
    let failed = VideoError::EncodingFailed {
        video_id: "v1".into(),
        status: json!({"video_status": "error"}),
    };
    assert_eq!(
        failed.to_string(),
        "Graph could not encode video v1 (video_status `error`)"
    );
    assert_eq!(failed.session(), None);
    let late = VideoError::EncodingDeadline {
        video_id: "v1".into(),
        deadline: Duration::from_secs(5),
        last_status: Some("processing".into()),
    };
    assert_eq!(
        late.to_string(),
        "video v1 was not ready within 5s (last video_status: processing)"
    );
    let error: Error = VideoError::SessionMismatch("x".into()).into();
    assert_eq!(
        error.to_string(),
        "the upload session is not this file's: x"
    );
    assert!(!error.is_transient());
}

#[test]
fn a_server_answer_an_error_quotes_is_bounded_and_redacted() {
    const TOKEN: &str = "EAAB-video-unit-token-81f0";
    let client = Client::builder(TOKEN).build().unwrap();
    let data = json!({"echo": TOKEN, "pad": "x".repeat(10_000)});
    let shown = answer_excerpt(&client, &data);
    assert_eq!(shown.chars().count(), MAX_ANSWER_EXCERPT);
    assert!(shown.ends_with('…') && !shown.contains(TOKEN), "{shown}");
    let error = offsets(&data, "a transfer", &|d| answer_excerpt(&client, d))
        .unwrap_err()
        .to_string();
    assert!(error.chars().count() < 2 * MAX_ANSWER_EXCERPT, "{error}");
    assert!(
        error.contains("<redacted>") && !error.contains(TOKEN),
        "{error}"
    );
}
