//! The client over real HTTP against the Graph emulator, through the
//! `graph-api` crate codegen generates from `spec/` (`Page`, and `VoipInfo`
//! read from it by field expansion), so these tests exercise the runtime
//! exactly as generated code drives it.
#![cfg(feature = "mock")]

use std::time::Duration;

use graph_api::{Client, Page, PageField, VoipInfo, VoipInfoField};
use graph_runtime::auth::appsecret_proof;
use graph_runtime::error::BodyProblem;
use graph_runtime::mock::{Check, Fault, MockGraph, MockServer};
use graph_runtime::{Error, FieldSelection};
use serde_json::{Value, json};

// ---- fixtures ----------------------------------------------------------------------

const TOKEN: &str = "EAAB-test-token-6f1d2c";
const SECRET: &str = "test-app-secret";
/// HMAC-SHA256(key = SECRET, message = TOKEN), computed independently.
const PROOF: &str = "3c1f95501713be466b68f624fb93eb3ba9e7ebbed6aa7b13cccf9eaa6cb2ef44";

fn voip_json() -> Value {
    json!({
        "has_mobile_app": true,
        "has_permission": false,
        "is_callable": true,
        "is_callable_webrtc": false,
        "is_pushable": true,
        "reason_code": 1356044,
        "reason_description": "The user is not callable."
    })
}

fn graph() -> MockGraph {
    MockGraph::new(TOKEN)
        .node(
            "1",
            json!({"id": "1", "name": "Cafe", "voip_info": voip_json()}),
        )
        .node("no-voip", json!({"id": "no-voip", "name": "Quiet"}))
        .node("null-voip", json!({"id": "null-voip", "voip_info": null}))
}

fn client(server: &MockServer) -> Client {
    server.client_builder().build().unwrap()
}

/// The fixture's `VoipInfo` with only `fields` set.
fn only(fields: &[VoipInfoField]) -> VoipInfo {
    let full: VoipInfo = serde_json::from_value(voip_json()).unwrap();
    let mut partial = VoipInfo::default();
    for field in fields {
        match field {
            VoipInfoField::HasMobileApp => partial.has_mobile_app = full.has_mobile_app,
            VoipInfoField::HasPermission => partial.has_permission = full.has_permission,
            VoipInfoField::IsCallable => partial.is_callable = full.is_callable,
            VoipInfoField::IsCallableWebrtc => partial.is_callable_webrtc = full.is_callable_webrtc,
            VoipInfoField::IsPushable => partial.is_pushable = full.is_pushable,
            VoipInfoField::ReasonCode => partial.reason_code = full.reason_code,
            VoipInfoField::ReasonDescription => {
                partial.reason_description = full.reason_description.clone()
            }
        }
    }
    partial
}

/// `GET /{page}?fields=voip_info{fields}`.
async fn read_voip(
    client: &Client,
    page: &str,
    fields: &[VoipInfoField],
) -> Result<Option<VoipInfo>, Error> {
    let read = client.page(page).voip_info().fields(fields.iter().copied());
    Ok(read.get().await?.data)
}

/// Everything an error shows, for asserting what it does not show.
fn shown(error: &Error) -> String {
    format!("{error} {error:?}")
}

// ---- reading -----------------------------------------------------------------------

#[tokio::test]
async fn reads_each_field() {
    let server = graph().start();
    let client = client(&server);
    for field in VoipInfoField::ALL {
        let voip = read_voip(&client, "1", &[field]).await.unwrap();
        assert_eq!(voip, Some(only(&[field])), "{field}");
        let request = server.requests().pop().unwrap();
        assert_eq!(
            request.param("fields"),
            Some(format!("voip_info{{{field}}}").as_str())
        );
    }
    let all = read_voip(&client, "1", &VoipInfoField::ALL)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(all, serde_json::from_value(voip_json()).unwrap());
}

#[tokio::test]
async fn partial_selection_fills_only_what_was_asked_and_encodes_the_query() {
    let server = graph().start();
    let client = client(&server);
    let voip = read_voip(
        &client,
        "1",
        &[VoipInfoField::IsCallable, VoipInfoField::ReasonCode],
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(
        voip,
        VoipInfo {
            is_callable: Some(true),
            reason_code: Some(1356044),
            ..VoipInfo::default()
        }
    );
    let [request] = server.requests().try_into().unwrap();
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("GET", "/v19.0/1")
    );
    assert_eq!(
        request.raw_query.as_deref(),
        Some("fields=voip_info%7Bis_callable%2Creason_code%7D")
    );
    assert_eq!(request.token, Check::Right);
    assert!(!request.token_in_url);
}

#[tokio::test]
async fn reads_a_node_with_selected_fields() {
    let server = graph().start();
    let client = client(&server);
    let page = client
        .page("1")
        .fields([PageField::Name])
        .get()
        .await
        .unwrap()
        .into_data();
    // Graph adds `id` to every node read.
    assert_eq!(
        page,
        Page {
            id: Some("1".into()),
            name: Some("Cafe".into()),
            ..Page::default()
        }
    );
    let nested = client
        .page("1")
        .read()
        .selection(
            FieldSelection::new()
                .nested("voip_info", FieldSelection::of([VoipInfoField::IsPushable])),
        )
        .get()
        .await
        .unwrap()
        .into_data();
    assert_eq!(nested.voip_info, Some(only(&[VoipInfoField::IsPushable])));
    assert_eq!(nested.name, None);
    // No selection: the node's default fields, and no `fields` parameter at all.
    let default = client.page("1").read().get().await.unwrap().into_data();
    assert_eq!(
        (default.name.as_deref(), default.voip_info),
        (Some("Cafe"), None)
    );
    assert_eq!(server.requests().pop().unwrap().raw_query, None);
}

#[tokio::test]
async fn empty_expansion_asks_for_default_fields() {
    let server = graph().start();
    let client = client(&server);
    let voip = read_voip(&client, "1", &[]).await.unwrap();
    assert_eq!(voip, Some(serde_json::from_value(voip_json()).unwrap()));
    assert_eq!(
        server.requests()[0].raw_query.as_deref(),
        Some("fields=voip_info")
    );
}

#[tokio::test]
async fn a_missing_or_null_field_is_none() {
    let server = graph().start();
    let client = client(&server);
    assert_eq!(
        read_voip(&client, "no-voip", &[VoipInfoField::IsCallable])
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        read_voip(&client, "null-voip", &[VoipInfoField::IsCallable])
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn unknown_fields_in_the_response_are_tolerated() {
    let mut voip = voip_json();
    voip["brand_new_field"] = json!("added by Meta next year");
    voip["nested_new_thing"] = json!({"a": [1, 2]});
    let server = MockGraph::new(TOKEN)
        .node("1", json!({"id": "1", "voip_info": voip}))
        .start();
    let client = client(&server);
    let read = client.page("1").voip_info().selection(
        FieldSelection::new()
            .name("is_callable")
            .name("brand_new_field")
            .name("nested_new_thing"),
    );
    let response = read.get().await.unwrap();
    assert!(response.warnings.is_empty(), "{:?}", response.warnings);
    let voip = response.data.unwrap();
    assert_eq!(
        voip.is_callable,
        only(&[VoipInfoField::IsCallable]).is_callable
    );
    // Kept, not dropped: `extra` holds them, and encoding writes them back.
    assert_eq!(
        voip.extra["brand_new_field"],
        json!("added by Meta next year")
    );
    // (The emulator answers an object with only the selected subfields: none.)
    assert_eq!(voip.extra["nested_new_thing"], json!({}));
    let encoded = serde_json::to_value(&voip).unwrap();
    assert_eq!(encoded["brand_new_field"], voip.extra["brand_new_field"]);
    assert_eq!(encoded["nested_new_thing"], json!({}));
}

#[tokio::test]
async fn out_of_range_reason_code_names_the_path() {
    let mut voip = voip_json();
    voip["reason_code"] = json!(4_294_967_296_u64);
    let server = MockGraph::new(TOKEN)
        .node("1", json!({"id": "1", "voip_info": voip}))
        .start();
    let client = client(&server);
    // Tolerant (the default): the read succeeds, the value is kept raw and
    // the warning names the path.
    let read = || {
        client
            .page("1")
            .voip_info()
            .field(VoipInfoField::ReasonCode)
    };
    let response = read().get().await.unwrap();
    let voip = response.data.unwrap();
    assert_eq!(voip.reason_code, None);
    assert_eq!(voip.extra["reason_code"], json!(4_294_967_296_u64));
    let [warning] = &response.warnings[..] else {
        panic!("{:?}", response.warnings)
    };
    assert_eq!(warning.path(), "voip_info.reason_code");
    assert_eq!(warning.action(), graph_runtime::tolerant::Action::KeptRaw);
    // Strict, per call or for the whole client: the same value is an error.
    let expected =
        "voip_info.reason_code: expected unsigned int32 (0..=4294967295), found integer 4294967296";
    let strict_client = server.client_builder().strict(true).build().unwrap();
    for error in [
        read().strict(true).get().await.unwrap_err(),
        read_voip(&strict_client, "1", &[VoipInfoField::ReasonCode])
            .await
            .unwrap_err(),
    ] {
        let Error::Decode(decode) = &error else {
            panic!("expected a decode error, got {error:?}")
        };
        assert_eq!(decode.path(), "voip_info.reason_code");
        assert!(error.to_string().contains(expected), "{error}");
    }
    // A builder's own setting wins over the client's.
    let relaxed = strict_client
        .page("1")
        .voip_info()
        .strict(false)
        .get()
        .await;
    assert_eq!(relaxed.unwrap().warnings.len(), 1);
    assert_eq!(server.requests().len(), 4, "a decode error is not retried");
}

#[tokio::test]
async fn usage_headers_are_parsed() {
    let server = graph()
        .header("X-App-Usage", r#"{"call_count":28,"total_time":25,"total_cputime":25}"#)
        .node_header(
            "1",
            "X-Business-Use-Case-Usage",
            r#"{"1":[{"type":"pages","call_count":100,"total_cputime":25,"total_time":25,"estimated_time_to_regain_access":19}]}"#,
        )
        .node_header("1", "X-Ad-Account-Usage", "not json at all")
        .start();
    let client = client(&server);
    let response = client.page("1").read().get().await.unwrap();
    let app = response.usage.app.as_ref().unwrap();
    assert_eq!(
        (app.call_count, app.total_time, app.total_cputime),
        (Some(28.0), Some(25.0), Some(25.0))
    );
    let pages = &response.usage.business_use_case.as_ref().unwrap()["1"][0];
    assert_eq!(pages.use_case.as_deref(), Some("pages"));
    assert_eq!(pages.estimated_time_to_regain_access, Some(19.0));
    assert_eq!(
        response.usage.ad_account, None,
        "a malformed header reads as None"
    );
    // Headers set per node stay with that node.
    let other = client.page("no-voip").read().get().await.unwrap();
    assert!(other.usage.app.is_some() && other.usage.business_use_case.is_none());
}

// ---- credentials -------------------------------------------------------------------

/// A request with no credentials at all, which the client cannot send.
fn raw_get(server: &MockServer, path_and_query: &str) -> (u16, Value) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(server.addr()).unwrap();
    write!(
        stream,
        "GET {path_and_query} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.addr()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response[9..12].parse().unwrap();
    let body = &response[response.find("\r\n\r\n").unwrap() + 4..];
    (status, serde_json::from_str(body).unwrap())
}

#[test]
fn no_token_is_graph_error_104() {
    let server = graph().start();
    let (status, body) = raw_get(&server, "/v19.0/1?fields=name");
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], 104);
    assert_eq!(body["error"]["type"], "OAuthException");
    assert_eq!(
        body["error"]["message"],
        "An access token is required to request this resource."
    );
    assert_eq!(server.requests()[0].token, Check::Missing);
}

#[tokio::test]
async fn bad_token_is_an_auth_error_and_not_retried() {
    let server = graph().start();
    let client = client(&server);
    let wrong = Client::builder("EAAB-some-other-token")
        .base_url(server.url())
        .build()
        .unwrap();
    let error = read_voip(&wrong, "1", &[VoipInfoField::IsCallable])
        .await
        .unwrap_err();
    let graph = error.graph().expect("a Graph error");
    assert_eq!((graph.code, graph.http_status), (Some(190), 400));
    assert_eq!(graph.error_type.as_deref(), Some("OAuthException"));
    assert!(error.is_auth() && !error.is_transient() && !error.is_rate_limited());
    assert!(!shown(&error).contains("EAAB-some-other-token"));
    assert_eq!(server.requests().len(), 1);
    assert_eq!(server.requests()[0].token, Check::Wrong);
    // An expired token mid-session reads the same way.
    server.queue_fault(Fault::expired_token());
    let error = read_voip(&client, "1", &[]).await.unwrap_err();
    assert!(error.is_auth());
    assert_eq!(error.graph().unwrap().error_subcode, Some(463));
}

#[test]
fn proof_matches_known_vectors() {
    assert_eq!(appsecret_proof(&SECRET.into(), &TOKEN.into()), PROOF);
    // RFC 4231, test case 2.
    assert_eq!(
        appsecret_proof(&"Jefe".into(), &"what do ya want for nothing?".into()),
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
}

#[tokio::test]
async fn appsecret_proof_is_sent_and_checked() {
    let server = graph().app_secret(SECRET).start();
    let right = client(&server);
    assert!(
        read_voip(&right, "1", &[VoipInfoField::IsCallable])
            .await
            .unwrap()
            .is_some()
    );
    let request = server.requests().pop().unwrap();
    assert_eq!(request.proof, Check::Right);
    assert_eq!(request.param("appsecret_proof"), Some(PROOF));

    let builder = || Client::builder(TOKEN).base_url(server.url());
    let wrong_secret = builder().app_secret("not-the-app-secret").build().unwrap();
    let error = read_voip(&wrong_secret, "1", &[]).await.unwrap_err();
    let graph = error.graph().unwrap();
    assert_eq!(
        (graph.code, graph.error_type.as_deref()),
        (Some(100), Some("GraphMethodException"))
    );
    assert!(graph.message.contains("Invalid appsecret_proof"), "{error}");
    assert_eq!(server.requests().pop().unwrap().proof, Check::Wrong);

    let no_secret = builder().build().unwrap();
    let error = read_voip(&no_secret, "1", &[]).await.unwrap_err();
    assert!(
        error
            .graph()
            .unwrap()
            .message
            .contains("require an appsecret_proof"),
        "{error}"
    );
    assert_eq!(server.requests().pop().unwrap().proof, Check::Missing);
    assert_eq!(server.requests().len(), 3, "proof errors are not retried");
}

// ---- retries and faults ------------------------------------------------------------

#[tokio::test]
async fn rate_limits_are_retried_and_the_server_sees_the_retry() {
    let server = graph().start();
    let client = client(&server);
    server.queue_faults([
        Fault::user_rate_limit().subcode(1487742),
        Fault::app_rate_limit(),
    ]);
    let voip = read_voip(&client, "1", &[VoipInfoField::IsCallable])
        .await
        .unwrap();
    assert_eq!(voip, Some(only(&[VoipInfoField::IsCallable])));
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(
        requests[0].fault,
        Some(Fault::user_rate_limit().subcode(1487742))
    );
    assert_eq!(requests[1].fault, Some(Fault::app_rate_limit()));
    assert_eq!(requests[2].fault, None);
    assert!(
        requests
            .iter()
            .all(|r| r.raw_query == requests[0].raw_query)
    );
}

#[tokio::test]
async fn every_rate_limit_code_is_recognised() {
    let server = graph().start();
    let client: Client = server.client_builder().max_attempts(1).build().unwrap();
    for fault in [
        Fault::app_rate_limit(),
        Fault::user_rate_limit(),
        Fault::custom_rate_limit(),
        Fault::ads_rate_limit(),
        Fault::graph_error(
            400,
            32,
            "OAuthException",
            "(#32) Page request limit reached",
        ),
    ] {
        server.queue_fault(fault);
        let error = read_voip(&client, "1", &[]).await.unwrap_err();
        assert!(error.is_rate_limited(), "{error}");
    }
    let ads = {
        server.queue_fault(Fault::ads_rate_limit());
        read_voip(&client, "1", &[]).await.unwrap_err()
    };
    assert_eq!(
        ads.graph().map(|g| (g.code, g.error_subcode)),
        Some((Some(80004), Some(2446079)))
    );
}

#[tokio::test]
async fn server_errors_are_retried_until_attempts_run_out() {
    let server = graph().start();
    let client: Client = server.client_builder().max_attempts(4).build().unwrap();
    server.queue_faults([
        Fault::html_error(502),
        Fault::server_error(503),
        Fault::html_error(500),
        Fault::html_error(502),
        // Never reached.
        Fault::html_error(504),
    ]);
    let error = read_voip(&client, "1", &[]).await.unwrap_err();
    assert_eq!(server.requests().len(), 4);
    assert_eq!(server.pending_faults(), 1);
    let Error::Http(http) = &error else {
        panic!("expected an HTTP error, got {error:?}")
    };
    assert_eq!(http.status(), 502);
    assert!(matches!(http.problem(), BodyProblem::NotJson(_)));
    assert!(
        error
            .to_string()
            .starts_with("HTTP 502 Bad Gateway with a body that is not valid JSON"),
        "{error}"
    );
    assert!(error.to_string().contains("<html>"), "{error}");
}

#[tokio::test]
async fn transient_graph_errors_are_retried() {
    let server = graph().start();
    let client: Client = server.client_builder().max_attempts(4).build().unwrap();
    server.queue_faults([
        Fault::graph_error(500, 1, "OAuthException", "An unknown error has occurred."),
        Fault::graph_error(400, 2, "OAuthException", "Service temporarily unavailable"),
        Fault::graph_error(400, 9000, "OAuthException", "flaky").transient(),
    ]);
    assert!(read_voip(&client, "1", &[]).await.unwrap().is_some());
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test]
async fn a_plain_400_is_not_retried() {
    let server = graph().start();
    let client = client(&server);
    server.queue_fault(Fault::invalid_parameter().user_message("Bad", "Try another value."));
    let error = read_voip(&client, "1", &[]).await.unwrap_err();
    let graph = error.graph().unwrap();
    assert_eq!(graph.code, Some(100));
    assert_eq!(graph.error_user_msg.as_deref(), Some("Try another value."));
    assert!(
        graph
            .fbtrace_id
            .as_deref()
            .is_some_and(|t| t.starts_with("MockTrace"))
    );
    assert!(!error.is_transient());
    assert_eq!(server.requests().len(), 1);

    let error = read_voip(&client, "unknown-id", &[]).await.unwrap_err();
    let graph = error.graph().unwrap();
    assert_eq!((graph.code, graph.error_subcode), (Some(100), Some(33)));
    assert!(
        graph
            .message
            .contains("Object with ID 'unknown-id' does not exist"),
        "{error}"
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_slow_response_times_out() {
    let server = graph().start();
    let client: Client = server
        .client_builder()
        .timeout(Duration::from_millis(200))
        .max_attempts(1)
        .build()
        .unwrap();
    server.queue_fault(Fault::slow(Duration::from_secs(3)));
    let error = read_voip(&client, "1", &[]).await.unwrap_err();
    assert!(
        matches!(error, Error::Timeout { after } if after == Duration::from_millis(200)),
        "{error:?}"
    );
    assert!(error.is_transient());
    // One attempt, given up at the timeout (the typed error says which).
    assert_eq!(server.requests().len(), 1);
    assert_eq!(
        error.to_string(),
        "no response from the Graph API within 200ms"
    );

    // With attempts to spare, the next attempt succeeds.
    let patient: Client = server
        .client_builder()
        .timeout(Duration::from_millis(1000))
        .build()
        .unwrap();
    server.queue_fault(Fault::slow(Duration::from_secs(5)));
    assert!(read_voip(&patient, "1", &[]).await.unwrap().is_some());
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn broken_bodies_are_clear_errors_with_the_status() {
    let server = graph().start();
    let client = client(&server);

    server.queue_fault(Fault::invalid_json());
    let error = read_voip(&client, "1", &[]).await.unwrap_err();
    assert!(
        matches!(&error, Error::Http(h) if h.status() == 200),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .starts_with("HTTP 200 OK with a body that is not valid JSON (key must be a string"),
        "{error}"
    );

    server.queue_fault(Fault::truncated_json());
    let error = read_voip(&client, "1", &[]).await.unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("HTTP 200 OK with a body that is not valid JSON (EOF while parsing"),
        "{error}"
    );
    assert!(
        error
            .to_string()
            .contains(r#"body starts: {"id":"1","voip_info":{"#),
        "{error}"
    );

    server.queue_fault(Fault::body(200, Some("application/json"), ""));
    let error = read_voip(&client, "1", &[]).await.unwrap_err();
    assert_eq!(error.to_string(), "HTTP 200 OK with an empty body");

    server.queue_fault(Fault::body(
        404,
        Some("application/json"),
        r#"{"detail": "not here"}"#,
    ));
    let error = read_voip(&client, "1", &[]).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        r#"HTTP 404 Not Found without a Graph error object; body starts: {"detail": "not here"}"#
    );

    assert_eq!(server.requests().len(), 4, "none of these is retried");
}

#[tokio::test]
async fn connection_failures_are_transport_errors_without_the_url() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::builder(TOKEN)
        .app_secret(SECRET)
        .base_url(format!("http://127.0.0.1:{port}"))
        .backoff_base(Duration::from_millis(1))
        .backoff_max(Duration::from_millis(1))
        .build()
        .unwrap();
    let error = read_voip(&client, "1", &[]).await.unwrap_err();
    let Error::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}")
    };
    assert!(transport.is_connect());
    assert!(error.is_transient());
    // The address may show; the URL, with its path and query, does not.
    for hidden in ["/v19.0/1", "fields=", PROOF, TOKEN] {
        assert!(!shown(&error).contains(hidden), "{hidden} in {error:?}");
    }
    assert!(
        error
            .to_string()
            .starts_with("cannot reach the Graph API: "),
        "{error}"
    );
}

#[tokio::test]
async fn the_token_never_shows_in_any_error() {
    let server = graph().app_secret(SECRET).start();
    let client: Client = server
        .client_builder()
        .max_attempts(1)
        .timeout(Duration::from_millis(1000))
        .build()
        .unwrap();
    let echo = format!("Malformed access token {TOKEN} (proof {PROOF}, secret {SECRET})");
    let faults = [
        Fault::invalid_token(),
        Fault::expired_token(),
        Fault::graph_error(400, 190, "OAuthException", &echo).user_message(&echo, &echo),
        Fault::html_error(502),
        Fault::body(
            500,
            Some("text/html"),
            &format!("<p>GET /v19.0/1?access_token={TOKEN}&appsecret_proof={PROOF}</p>"),
        ),
        Fault::body(200, None, &format!("{{\"id\": \"{TOKEN}\", ")),
        Fault::invalid_json(),
        Fault::slow(Duration::from_secs(5)),
    ];
    let mut errors = Vec::new();
    for fault in faults {
        server.queue_fault(fault);
        errors.push(read_voip(&client, "1", &[]).await.unwrap_err());
    }
    let wrong_token = Client::builder("EAAB-wrong-token-value")
        .base_url(server.url())
        .build()
        .unwrap();
    errors.push(read_voip(&wrong_token, "1", &[]).await.unwrap_err());
    let mut bad = voip_json();
    bad["reason_code"] = json!(TOKEN);
    server.set_node("bad", json!({"id": "bad", "voip_info": bad}));
    let strict = server
        .client_builder()
        .app_secret(SECRET)
        .strict(true)
        .build()
        .unwrap();
    errors.push(
        read_voip(&strict, "bad", &[VoipInfoField::ReasonCode])
            .await
            .unwrap_err(),
    );
    // Tolerant, the same value is a warning, which hides the token too.
    let tolerated = client.page("bad").voip_info().get().await.unwrap();
    let warning = tolerated.warnings[0].to_string();
    assert!(
        warning.contains("<redacted>") && !warning.contains(TOKEN),
        "{warning}"
    );

    assert_eq!(errors.len(), 10);
    for error in &errors {
        let text = shown(error);
        for secret in [TOKEN, PROOF, SECRET, "EAAB-wrong-token-value"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
    assert!(shown(&errors[2]).contains("Malformed access token <redacted>"));
    // And the token never travels in a URL.
    assert!(server.requests().iter().all(|r| !r.token_in_url));
    assert!(
        server
            .requests()
            .iter()
            .all(|r| !r.raw_query.as_deref().unwrap_or("").contains(TOKEN))
    );
}

// ---- requests Graph cannot answer --------------------------------------------------

#[tokio::test]
async fn bad_field_syntax_and_unknown_paths_answer_like_graph() {
    let server = graph().start();
    let client = client(&server);
    let error = client
        .page("1")
        .read()
        .selection(FieldSelection::new().name("voip_info{is_callable"))
        .get()
        .await
        .unwrap_err();
    assert!(
        error.graph().unwrap().message.starts_with("Syntax error"),
        "{error}"
    );
    let error = client
        .transport()
        .get_json("1/comments/extra", &[])
        .await
        .unwrap_err();
    assert_eq!(error.graph().unwrap().code, Some(2500));
    let error = client.page("").read().get().await.unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert_eq!(server.requests().len(), 2, "an empty id is never sent");
}

// ---- blocking ----------------------------------------------------------------------

#[cfg(feature = "blocking")]
#[test]
fn the_blocking_client_reads_nodes_too() {
    use graph_api::BlockingClient;

    let server = graph().app_secret(SECRET).start();
    let client: BlockingClient = server.client_builder().build().unwrap();
    server.queue_fault(Fault::html_error(502));
    let voip = client
        .page("1")
        .voip_info()
        .fields([VoipInfoField::IsCallable, VoipInfoField::ReasonCode])
        .get()
        .unwrap()
        .data;
    assert_eq!(
        voip,
        Some(only(&[
            VoipInfoField::IsCallable,
            VoipInfoField::ReasonCode
        ]))
    );
    let page = client
        .page("1")
        .fields([PageField::Name])
        .get()
        .unwrap()
        .data;
    assert_eq!(page.name.as_deref(), Some("Cafe"));
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(
        requests[1].raw_query.as_deref(),
        Some(
            format!("fields=voip_info%7Bis_callable%2Creason_code%7D&appsecret_proof={PROOF}")
                .as_str()
        )
    );

    // Clones share the runtime and work from other threads.
    let clone = client.clone();
    std::thread::spawn(move || clone.page("1").fields([PageField::Name]).get().unwrap())
        .join()
        .unwrap();
    assert_eq!(server.requests().len(), 4);
}
