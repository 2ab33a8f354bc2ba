//! The generated client reading VoipInfo over real HTTP, against the Graph
//! emulator, the way the Graph API serves it: as the `voip_info` field of a
//! Page, by field expansion.

use std::time::Duration;

use graph_api::runtime::mock::{Check, Fault, MockGraph, MockServer};
use graph_api::{BlockingClient, Client, Error, PageField, VoipInfo, VoipInfoField};
use serde_json::json;

const TOKEN: &str = "EAAB-test-token-0123456789";
const SECRET: &str = "app-secret-0123456789";
const PAGE: &str = "1234567890";

fn all_fields() -> serde_json::Value {
    json!({
        "has_mobile_app": true,
        "has_permission": false,
        "is_callable": false,
        "is_callable_webrtc": true,
        "is_pushable": true,
        "reason_code": 1356044,
        "reason_description": "The person is not callable right now"
    })
}

fn emulator() -> MockServer {
    MockGraph::new(TOKEN)
        .node(
            PAGE,
            json!({"id": PAGE, "name": "A Page", "voip_info": all_fields()}),
        )
        .start()
}

fn client(server: &MockServer) -> Client {
    server
        .client_builder::<Client>()
        .api_version(graph_api::API_VERSION)
        .build()
        .unwrap()
}

#[tokio::test]
async fn reads_each_field_by_expansion() {
    let server = emulator();
    let client = client(&server);
    for field in VoipInfoField::ALL {
        let response = client
            .page(PAGE)
            .voip_info()
            .fields([field])
            .get()
            .await
            .unwrap();
        let voip = response.data.expect("the page has voip_info");
        let value = serde_json::to_value(&voip).unwrap();
        assert_eq!(value.as_object().unwrap().len(), 1, "{field}: {value}");
        assert_eq!(
            value[field.as_str()],
            all_fields()[field.as_str()],
            "{field}"
        );
    }
}

#[tokio::test]
async fn partial_selection_sends_nested_expansion_and_fills_only_those_fields() {
    let server = emulator();
    let voip = client(&server)
        .page(PAGE)
        .voip_info()
        .fields([VoipInfoField::IsCallable, VoipInfoField::ReasonCode])
        .get()
        .await
        .unwrap()
        .data
        .unwrap();
    assert_eq!(
        voip,
        VoipInfo {
            is_callable: Some(false),
            reason_code: Some(1_356_044),
            ..VoipInfo::default()
        }
    );
    let request = server.requests().pop().unwrap();
    assert_eq!(request.path, format!("/v19.0/{PAGE}"));
    assert_eq!(
        request.raw_query.as_deref(),
        Some("fields=voip_info%7Bis_callable%2Creason_code%7D")
    );
    assert_eq!(request.token, Check::Right);
    assert!(!request.token_in_url);
}

#[tokio::test]
async fn reads_the_page_itself_with_typed_fields() {
    let server = emulator();
    let page = client(&server)
        .page(PAGE)
        .fields([PageField::Name])
        .get()
        .await
        .unwrap()
        .data;
    assert_eq!(page.name.as_deref(), Some("A Page"));
    assert!(page.voip_info.is_none());
}

#[tokio::test]
async fn a_page_without_voip_info_gives_none() {
    let server = MockGraph::new(TOKEN)
        .node(PAGE, json!({"id": PAGE}))
        .start();
    let response = client(&server).page(PAGE).voip_info().get().await.unwrap();
    assert_eq!(response.data, None);
}

#[tokio::test]
async fn unknown_extra_fields_are_tolerated() {
    let mut voip = all_fields();
    voip["added_next_year"] = json!({"nested": [1, 2, 3]});
    let server = MockGraph::new(TOKEN)
        .node(PAGE, json!({"voip_info": voip}))
        .start();
    let response = client(&server).page(PAGE).voip_info().get().await.unwrap();
    assert_eq!(response.data.unwrap().reason_code, Some(1_356_044));
}

#[test]
fn no_token_is_refused_before_any_request() {
    let err = Client::new("").unwrap_err();
    assert!(err.to_string().contains("access token"), "{err}");
}

#[tokio::test]
async fn a_bad_token_is_a_graph_auth_error_that_never_shows_the_token() {
    let server = emulator();
    let wrong = "EAAB-wrong-token-9876543210";
    let client = Client::builder(wrong)
        .base_url(server.url())
        .max_attempts(1)
        .build()
        .unwrap();
    let err = client.page(PAGE).voip_info().get().await.unwrap_err();
    let graph = err.graph().expect("a Graph error");
    assert_eq!(graph.code, Some(190));
    assert!(err.is_auth());
    for shown in [err.to_string(), format!("{err:?}")] {
        assert!(!shown.contains(wrong), "{shown}");
        assert!(!shown.contains(TOKEN), "{shown}");
    }
}

#[tokio::test]
async fn the_app_secret_proof_is_checked_by_the_server() {
    let server = MockGraph::new(TOKEN)
        .app_secret(SECRET)
        .node(PAGE, json!({"voip_info": all_fields()}))
        .start();
    let signed = server.client_builder::<Client>().build().unwrap();
    assert!(signed.page(PAGE).voip_info().get().await.is_ok());
    assert_eq!(server.requests().pop().unwrap().proof, Check::Right);

    let wrong = Client::builder(TOKEN)
        .base_url(server.url())
        .app_secret("not-the-secret-0123")
        .max_attempts(1)
        .build()
        .unwrap();
    let err = wrong.page(PAGE).voip_info().get().await.unwrap_err();
    assert_eq!(err.graph().and_then(|g| g.code), Some(100));
    assert_eq!(server.requests().pop().unwrap().proof, Check::Wrong);
    assert!(!format!("{err} {err:?}").contains("not-the-secret-0123"));
}

#[tokio::test]
async fn a_rate_limit_is_retried_and_then_succeeds() {
    let server = emulator();
    server.queue_fault(Fault::user_rate_limit());
    let response = client(&server).page(PAGE).voip_info().get().await.unwrap();
    assert!(response.data.is_some());
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "the server saw the retry");
    assert!(requests[0].fault.is_some() && requests[1].fault.is_none());
}

#[tokio::test]
async fn server_errors_are_retried_until_the_attempts_run_out() {
    let server = emulator();
    server.queue_faults((0..5).map(|_| Fault::server_error(503)));
    let err = client(&server)
        .page(PAGE)
        .voip_info()
        .get()
        .await
        .unwrap_err();
    assert_eq!(err.http_status(), Some(503));
    assert_eq!(server.requests().len(), 3, "3 attempts in all by default");
}

#[tokio::test]
async fn a_slow_server_times_out() {
    let server = emulator();
    server.queue_faults((0..3).map(|_| Fault::slow(Duration::from_secs(5))));
    let client = server
        .client_builder::<Client>()
        .timeout(Duration::from_millis(200))
        .max_attempts(1)
        .build()
        .unwrap();
    let err = client.page(PAGE).voip_info().get().await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
}

#[tokio::test]
async fn invalid_json_is_a_clear_error_with_the_status() {
    let server = emulator();
    server.queue_fault(Fault::invalid_json());
    let client = server
        .client_builder::<Client>()
        .max_attempts(1)
        .build()
        .unwrap();
    let err = client.page(PAGE).voip_info().get().await.unwrap_err();
    assert!(err.to_string().contains("200"), "{err}");
}

#[tokio::test]
async fn reason_code_above_u32_is_a_warning_or_in_strict_mode_an_error_naming_the_field() {
    let server = MockGraph::new(TOKEN)
        .node(PAGE, json!({"voip_info": {"reason_code": 4294967296u64}}))
        .start();
    let tolerated = client(&server).page(PAGE).voip_info().get().await.unwrap();
    assert_eq!(tolerated.warnings[0].path(), "voip_info.reason_code");
    let err = client(&server)
        .page(PAGE)
        .voip_info()
        .strict(true)
        .get()
        .await
        .unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(decode.path(), "voip_info.reason_code");
    assert!(err.to_string().contains("voip_info.reason_code"), "{err}");
}

#[tokio::test]
async fn a_long_token_echoed_in_a_value_that_does_not_fit_is_gone_from_warnings_and_errors() {
    // Real tokens are about 200 characters, longer than the 40 a warning
    // quotes of a value: the piece before the cut must go too.
    let token = format!("EAAB{}", "Qw7".repeat(70));
    let echo = json!({"voip_info": {"reason_description": {"echo": token}}});
    let server = MockGraph::new(token.as_str()).node(PAGE, echo).start();
    let client = client(&server);
    let read = |strict| {
        client
            .page(PAGE)
            .voip_info()
            .fields([VoipInfoField::ReasonDescription])
            .strict(strict)
            .get()
    };
    let tolerated = read(false).await.unwrap();
    assert_eq!(tolerated.warnings.len(), 1);
    let warning = &tolerated.warnings[0];
    assert_eq!(warning.path(), "voip_info.reason_description");
    assert!(warning.to_string().contains("<redacted>…"), "{warning}");
    let err = read(true).await.unwrap_err();
    let shown = format!("{warning} {warning:?} {err} {err:?}");
    for start in 0..token.len() - 12 {
        let piece = &token[start..start + 12];
        assert!(
            !shown.contains(piece),
            "a piece of the token ({piece}): {shown}"
        );
    }
}

#[tokio::test]
async fn usage_headers_come_with_the_response() {
    let server = emulator();
    server.add_header(
        "X-App-Usage",
        r#"{"call_count":28,"total_time":25,"total_cputime":25}"#,
    );
    let response = client(&server).page(PAGE).voip_info().get().await.unwrap();
    assert_eq!(response.usage.app.and_then(|u| u.call_count), Some(28.0));
}

#[test]
fn the_blocking_client_reads_the_same_way() {
    let server = emulator();
    let client = server.client_builder::<BlockingClient>().build().unwrap();
    let voip = client
        .page(PAGE)
        .voip_info()
        .fields([VoipInfoField::ReasonCode])
        .get()
        .unwrap()
        .data;
    assert_eq!(voip.and_then(|v| v.reason_code), Some(1_356_044));
}

#[test]
fn clients_never_print_their_secrets() {
    let client = Client::builder(TOKEN).app_secret(SECRET).build().unwrap();
    let shown = format!("{client:?}");
    assert!(!shown.contains(TOKEN) && !shown.contains(SECRET), "{shown}");
}
