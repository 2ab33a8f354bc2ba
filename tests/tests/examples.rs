//! The example programs, run as processes exactly as the README says:
//! `read_voip_info` against the Graph emulator, `validate` on files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use graph_api::runtime::mock::{Check, Fault, MockGraph};
use serde_json::json;

const TOKEN: &str = "EAAB-example-token-0123456789";
const SECRET: &str = "example-app-secret-0123";

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

/// Builds the graph-api examples once (in their own target directory, so
/// this never waits on the build lock of the running `cargo test`).
fn example(name: &str) -> PathBuf {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    let dir = BUILT.get_or_init(|| {
        let target = tests::generated_target_dir();
        let out = Command::new(env!("CARGO"))
            .args([
                "build",
                "--quiet",
                "-p",
                "graph-api",
                "--examples",
                "--manifest-path",
            ])
            .arg(workspace().join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        target.join("debug/examples")
    });
    dir.join(name)
}

fn read_voip_info(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(example("read_voip_info"));
    cmd.args(args)
        .env_remove("GRAPH_ACCESS_TOKEN")
        .env_remove("GRAPH_APP_SECRET");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn page() -> serde_json::Value {
    json!({"id": "42", "voip_info": {
        "is_callable": false, "reason_code": 1356044, "is_pushable": true,
        "has_mobile_app": true, "has_permission": false, "is_callable_webrtc": false,
        "reason_description": "Not callable"
    }})
}

#[test]
fn read_voip_info_prints_only_the_requested_fields() {
    let server = MockGraph::new(TOKEN).node("42", page()).start();
    let o = read_voip_info(
        &[
            "--page-id",
            "42",
            "--fields",
            "is_callable,reason_code",
            "--base-url",
            &server.url(),
        ],
        &[("GRAPH_ACCESS_TOKEN", TOKEN)],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let printed: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        printed,
        json!({"is_callable": false, "reason_code": 1356044})
    );
    let request = server.requests().pop().unwrap();
    assert_eq!(request.path, "/v19.0/42");
    assert_eq!(
        request.param("fields"),
        Some("voip_info{is_callable,reason_code}")
    );
}

#[test]
fn read_voip_info_without_fields_prints_what_the_api_returned() {
    let server = MockGraph::new(TOKEN).node("42", page()).start();
    let o = read_voip_info(
        &["--page-id", "42", "--base-url", &server.url()],
        &[("GRAPH_ACCESS_TOKEN", TOKEN)],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let printed: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(printed, page()["voip_info"]);
}

#[test]
fn read_voip_info_signs_with_the_app_secret_and_honours_the_api_version() {
    let server = MockGraph::new(TOKEN)
        .app_secret(SECRET)
        .node("42", page())
        .start();
    let o = read_voip_info(
        &[
            "--page-id",
            "42",
            "--base-url",
            &server.url(),
            "--api-version",
            "v20.0",
        ],
        &[("GRAPH_ACCESS_TOKEN", TOKEN), ("GRAPH_APP_SECRET", SECRET)],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let request = server.requests().pop().unwrap();
    assert_eq!(request.path, "/v20.0/42");
    assert_eq!(request.proof, Check::Right);
}

#[test]
fn read_voip_info_reports_graph_errors_without_secrets() {
    let server = MockGraph::new(TOKEN).node("42", page()).start();
    server.queue_fault(Fault::invalid_token());
    let wrong = "EAAB-not-the-right-token-000";
    let o = read_voip_info(
        &["--page-id", "42", "--base-url", &server.url()],
        &[("GRAPH_ACCESS_TOKEN", wrong), ("GRAPH_APP_SECRET", SECRET)],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains("190") && err.contains("OAuthException"),
        "{err}"
    );
    assert!(err.contains("fbtrace_id"), "{err}");
    let all = format!("{err}{}", text(&o.stdout));
    assert!(!all.contains(wrong) && !all.contains(SECRET), "{all}");
}

#[test]
fn read_voip_info_reports_a_value_the_spec_does_not_allow_by_its_path() {
    let server = MockGraph::new(TOKEN)
        .node("42", json!({"voip_info": {"reason_code": 4294967296u64}}))
        .start();
    let o = read_voip_info(
        &["--page-id", "42", "--base-url", &server.url()],
        &[("GRAPH_ACCESS_TOKEN", TOKEN)],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("voip_info.reason_code"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn read_voip_info_needs_a_token_and_a_page_id() {
    let o = read_voip_info(&["--page-id", "42"], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("GRAPH_ACCESS_TOKEN"));
    let o = read_voip_info(&[], &[("GRAPH_ACCESS_TOKEN", TOKEN)]);
    assert_eq!(o.status.code(), Some(2));
    let o = read_voip_info(
        &["--page-id", "1", "--fields", "is_calable"],
        &[("GRAPH_ACCESS_TOKEN", TOKEN)],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("did you mean `is_callable`?"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn read_voip_info_reads_several_pages_in_one_batch_request_one_line_each() {
    let second = json!({"id": "43", "voip_info": {"is_callable": true, "reason_code": 0}});
    let server = MockGraph::new(TOKEN)
        .app_secret(SECRET)
        .node("42", page())
        .node("43", second)
        .node("44", json!({"id": "44"}))
        .start();
    let o = read_voip_info(
        &[
            "--page-id",
            "43,42,44",
            "--fields",
            "is_callable,reason_code",
            "--base-url",
            &server.url(),
        ],
        &[("GRAPH_ACCESS_TOKEN", TOKEN), ("GRAPH_APP_SECRET", SECRET)],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let lines: Vec<serde_json::Value> = text(&o.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(
        lines,
        [
            json!({"is_callable": true, "reason_code": 0}),
            json!({"is_callable": false, "reason_code": 1356044}),
            serde_json::Value::Null,
        ]
    );
    let [request] = server.requests().try_into().unwrap();
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("POST", "/v19.0")
    );
    let ops: Vec<(&str, Option<&str>)> = request
        .batch
        .iter()
        .map(|op| (op.path.as_str(), op.param("fields")))
        .collect();
    let fields = Some("voip_info{is_callable,reason_code}");
    assert_eq!(
        ops,
        [
            ("/v19.0/43", fields),
            ("/v19.0/42", fields),
            ("/v19.0/44", fields)
        ]
    );
    assert!(request.batch.iter().all(|op| op.proof == Check::Right));
}

#[test]
fn read_voip_info_reports_a_failed_page_of_a_batch_and_prints_the_others() {
    let server = MockGraph::new(TOKEN)
        .node("42", page())
        .node("45", json!({"voip_info": {"reason_code": 4294967296u64}}))
        .start();
    let o = read_voip_info(
        &["--page-id", "42, 999,45", "--base-url", &server.url()],
        &[("GRAPH_ACCESS_TOKEN", TOKEN)],
    );
    assert_eq!(o.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = text(&o.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines, [page()["voip_info"].clone()]);
    let err = text(&o.stderr);
    assert!(
        err.contains("page 999: Graph error 100/33 (GraphMethodException)"),
        "{err}"
    );
    assert!(err.contains("fbtrace_id"), "{err}");
    assert!(
        err.contains("page 45: ") && err.contains("voip_info.reason_code"),
        "{err}"
    );
    assert_eq!(server.requests().len(), 1);
}

fn validate(args: &[&str], json_text: Option<&str>) -> (Output, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("payload.json");
    if let Some(text) = json_text {
        std::fs::write(&file, text).unwrap();
    }
    let mut all: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    all.push(file.display().to_string());
    (
        Command::new(example("validate"))
            .args(&all)
            .output()
            .unwrap(),
        dir,
    )
}

#[test]
fn validate_prints_one_violation_a_line_and_exits_1() {
    let (o, _d) = validate(
        &["Page"],
        Some(r#"{"voip_info": {"reason_code": 4294967296, "is_callable": "yes"}}"#),
    );
    assert_eq!(o.status.code(), Some(1));
    let lines: Vec<String> = text(&o.stdout).lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("voip_info.reason_code: ")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("voip_info.is_callable: ")),
        "{lines:?}"
    );
}

#[test]
fn validate_exits_0_for_a_valid_payload_and_reports_unknown_fields_only_when_strict() {
    let payload = r#"{"is_callable": true, "reason_code": 1356044, "new_field": 1}"#;
    let (o, _d) = validate(&["VoipInfo"], Some(payload));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stdout));
    assert_eq!(text(&o.stdout), "");
    let (o, _d) = validate(&["--strict", "VoipInfo"], Some(payload));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stdout).starts_with("new_field: "),
        "{}",
        text(&o.stdout)
    );
}

#[test]
fn validate_treats_a_non_object_as_a_violation() {
    let (o, _d) = validate(&["VoipInfo"], Some("[1, 2]"));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stdout).starts_with("(root): "),
        "{}",
        text(&o.stdout)
    );
}

#[test]
fn validate_exits_2_for_unreadable_files_bad_json_and_unknown_nodes() {
    let (o, _d) = validate(&["VoipInfo"], None);
    assert_eq!(o.status.code(), Some(2));
    let (o, _d) = validate(&["VoipInfo"], Some("{not json"));
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("not JSON"), "{}", text(&o.stderr));
    let (o, _d) = validate(&["VoipInf"], Some("{}"));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("unknown node `VoipInf`"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn page_feed_prints_each_post_with_its_comment_count_from_one_request() {
    let posts: Vec<_> = (1..=3)
        .map(|i| json!({"id": format!("p{i}"), "message": format!("post {i}"), "created_time": "2024-05-01T10:00:00+0000"}))
        .collect();
    let comments = |n: usize| {
        (0..n)
            .map(|i| json!({"id": format!("c{i}")}))
            .collect::<Vec<_>>()
    };
    let server = MockGraph::new(TOKEN)
        .node("42", json!({"id": "42", "name": "Cafe"}))
        .edge("42", "feed", posts)
        .edge("p1", "comments", comments(4))
        .edge("p2", "comments", comments(0))
        .start();
    let o = Command::new(example("page_feed"))
        .args([
            "--page-id",
            "42",
            "--posts",
            "2",
            "--base-url",
            &server.url(),
        ])
        .env("GRAPH_ACCESS_TOKEN", TOKEN)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    let lines: Vec<serde_json::Value> = text(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines,
        [
            json!({"id": "p1", "created_time": "2024-05-01T10:00:00+0000", "message": "post 1", "comments": 4}),
            json!({"id": "p2", "created_time": "2024-05-01T10:00:00+0000", "message": "post 2", "comments": 0}),
        ]
    );
    let [request] = server.requests().try_into().unwrap();
    assert_eq!(
        request.param("fields"),
        Some("name,feed.limit(2){message,created_time,comments.summary(true).limit(0)}")
    );
    assert!(text(&o.stderr).is_empty(), "{}", text(&o.stderr));
}

/// Builds the `tests` crate's examples (`wait_report`, `upload_video`)
/// once, like [`example`], and gives the path of `name`.
fn tests_example(name: &str) -> PathBuf {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let target = tests::generated_target_dir();
            let out = Command::new(env!("CARGO"))
                .args(["build", "--quiet", "-p", "tests"])
                .args(["--example", "wait_report", "--example", "upload_video"])
                .arg("--manifest-path")
                .arg(workspace().join("Cargo.toml"))
                .env("CARGO_TARGET_DIR", &target)
                .output()
                .unwrap();
            assert!(out.status.success(), "{}", text(&out.stderr));
            target.join("debug/examples")
        })
        .join(name)
}

fn wait_report(server_url: &str, args: &[&str]) -> Output {
    Command::new(tests_example("wait_report"))
        .args(["--base-url", server_url, "--interval-ms", "1"])
        .args(args)
        .env("GRAPH_ACCESS_TOKEN", TOKEN)
        .output()
        .unwrap()
}

#[test]
fn wait_report_waits_past_100_percent_and_prints_rows_quietly() {
    use graph_api::runtime::mock::ReportScript;
    let rows = (1..=3).map(|i| json!({"impressions": format!("{i}0"), "spend": "1.00"}));
    let script = ReportScript::new()
        .status("Job Running", 60)
        .status("Job Running", 100)
        .status("Job Completed", 100)
        .rows(rows);
    let server = MockGraph::new(TOKEN).report_run("act_7", script).start();
    let out = wait_report(&server.url(), &["--account", "act_7", "--level", "ad"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // stderr is not a terminal here: no progress output at all.
    assert_eq!(text(&out.stderr), "");
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let impressions: Vec<_> = lines.iter().map(|l| l["impressions"].clone()).collect();
    assert_eq!(impressions, [json!("10"), json!("20"), json!("30")]);
    let polls = server
        .requests()
        .iter()
        .filter(|r| r.method == "GET" && r.segments.len() == 1)
        .count();
    assert_eq!(polls, 3, "polled until Job Completed, not until 100 %");
    assert!(!text(&out.stdout).contains(TOKEN));
}

#[test]
fn wait_report_reports_a_failed_job_and_exits_1() {
    use graph_api::runtime::mock::ReportScript;
    let script = ReportScript::new().status("Job Failed", 20);
    let server = MockGraph::new(TOKEN).report_run("act_7", script).start();
    let out = wait_report(&server.url(), &["--account", "act_7"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("failed at 20 %"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(text(&out.stdout), "");
    let stuck = ReportScript::new().status("Job Running", 100);
    let server = MockGraph::new(TOKEN).report_run("act_7", stuck).start();
    let out = wait_report(
        &server.url(),
        &["--account", "act_7", "--deadline-secs", "0"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("did not complete within"),
        "{}",
        text(&out.stderr)
    );
}

fn upload_video(server: &graph_api::runtime::mock::MockServer, args: &[&str]) -> Output {
    Command::new(tests_example("upload_video"))
        .args([
            "--base-url",
            &server.url(),
            "--video-url",
            &server.video_url(),
        ])
        .args(["--interval-ms", "1"])
        .args(args)
        .env("GRAPH_ACCESS_TOKEN", TOKEN)
        .output()
        .unwrap()
}

#[test]
fn upload_video_uploads_in_chunks_quietly_and_prints_the_video() {
    use graph_api::runtime::mock::VideoScript;
    let script = VideoScript::new().chunk_size(100_000).encoding_polls(2);
    let server = MockGraph::new(TOKEN).video_uploads("act_7", script).start();
    let dir = tempfile::tempdir().unwrap();
    let bytes: Vec<u8> = (0..350_000u32).map(|i| (i % 253) as u8).collect();
    let file = dir.path().join("clip.mp4");
    std::fs::write(&file, &bytes).unwrap();
    let out = upload_video(
        &server,
        &[
            "--account",
            "act_7",
            "--file",
            file.to_str().unwrap(),
            "--title",
            "Clip",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    // stderr is not a terminal here: no progress output at all.
    assert_eq!(text(&out.stderr), "");
    let printed: serde_json::Value = serde_json::from_str(text(&out.stdout).trim()).unwrap();
    assert_eq!(printed["video_status"], json!("ready"));
    let id = printed["id"].as_str().unwrap();
    let uploaded = server.uploaded_video(id).unwrap();
    assert!(uploaded.finished && uploaded.data == bytes);
    assert_eq!(uploaded.params, [("title".to_owned(), "Clip".to_owned())]);
    assert_eq!(uploaded.transfers, 4);
    assert!(!dir.path().join("clip.mp4.upload-session.json").exists());
    assert!(!text(&out.stdout).contains(TOKEN));
}

#[test]
fn upload_video_stops_with_exit_1_and_resumes_when_run_again() {
    use graph_api::runtime::mock::VideoScript;
    // Transfers 2 and 3 fail: with one retry, the first run stops at byte 1000.
    let script = VideoScript::new()
        .chunk_size(1000)
        .fail_transfer(2)
        .fail_transfer(3);
    let server = MockGraph::new(TOKEN).video_uploads("act_7", script).start();
    let dir = tempfile::tempdir().unwrap();
    let bytes: Vec<u8> = (0..2500u32).map(|i| (i % 241) as u8).collect();
    let file = dir.path().join("talk.mov");
    std::fs::write(&file, &bytes).unwrap();
    let session = dir.path().join("talk.session.json");
    let args = [
        "--account",
        "act_7",
        "--file",
        file.to_str().unwrap(),
        "--session",
        session.to_str().unwrap(),
        "--retries",
        "1",
        "--no-wait",
    ];
    let out = upload_video(&server, &args);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("at byte 1000 of 2500"), "{stderr}");
    assert!(
        stderr.contains("run the same command again to resume"),
        "{stderr}"
    );
    assert!(!stderr.contains(TOKEN));
    assert_eq!(text(&out.stdout), "");
    assert!(session.exists());

    let out = upload_video(&server, &args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let printed: serde_json::Value = serde_json::from_str(text(&out.stdout).trim()).unwrap();
    assert_eq!(printed["video_status"], json!(null));
    let uploaded = server
        .uploaded_video(printed["id"].as_str().unwrap())
        .unwrap();
    assert!(uploaded.finished && uploaded.data == bytes);
    let starts = server
        .requests()
        .iter()
        .filter(|r| r.param("upload_phase") == Some("start"))
        .count();
    assert_eq!(starts, 1, "the second run resumed the session");
    assert!(!session.exists());

    // Bad arguments exit 2.
    let out = upload_video(&server, &["--account", "act_7"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--file is required"));
}
