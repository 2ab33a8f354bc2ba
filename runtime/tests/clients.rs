//! One pool for many tokens, the served API version, gzip, proxies, `/me`
//! and `?ids=`, over real HTTP against the Graph emulator, through the
//! `graph-ops-api` crate (its spec has `User`, so its client has `me()`).
#![cfg(feature = "mock")]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use graph_ops_api::{Campaign, CampaignField, Client, UserField};
use graph_runtime::mock::{Check, Fault, MockGraph, MockServer};
use graph_runtime::{ClientBuilder, Error};
use serde_json::json;

const TOKEN: &str = "EAAB-clients-user-token-5e1f";
const PAGE_TOKEN: &str = "EAAB-clients-page-token-77c0";
const OTHER_TOKEN: &str = "EAAB-clients-other-token-0b2d";
const SECRET: &str = "clients-app-secret";

fn graph() -> MockGraph {
    MockGraph::new(TOKEN)
        .accept_token(PAGE_TOKEN)
        .node(
            "c1",
            json!({"id": "c1", "name": "One", "objective": "OUTCOME_SALES"}),
        )
        .node(
            "c2",
            json!({"id": "c2", "name": "Two", "objective": "OUTCOME_LEADS"}),
        )
        .node(
            "u7",
            json!({"id": "u7", "name": "Ada", "email": "ada@example.com"}),
        )
        .me("u7")
}

fn client(server: &MockServer) -> Client {
    server.client_builder().build().unwrap()
}

async fn read_name(client: &Client, id: &str) -> Result<Option<String>, Error> {
    let campaign = client
        .campaign(id)
        .fields([CampaignField::Name])
        .get()
        .await?;
    Ok(campaign.data.name)
}

// ---- one pool, many tokens ------------------------------------------------------

#[tokio::test]
async fn clients_for_other_tokens_share_one_connection_pool() {
    let server = graph().app_secret(SECRET).start();
    let user = client(&server);
    let page = user.with_token(PAGE_TOKEN);
    for _ in 0..3 {
        assert_eq!(
            read_name(&user, "c1").await.unwrap().as_deref(),
            Some("One")
        );
        assert_eq!(
            read_name(&page, "c2").await.unwrap().as_deref(),
            Some("Two")
        );
    }
    // Six requests, one after another, two tokens: one connection.
    assert_eq!(server.connections(), 1);
    assert!(user.transport().shares_pool_with(page.transport()));
    // The proof was made for each request's own token (the emulator checks
    // it against the token that came with the request).
    let requests = server.requests();
    assert_eq!(requests.len(), 6);
    assert!(
        requests
            .iter()
            .all(|r| r.token == Check::Right && r.proof == Check::Right)
    );

    // Two clients built apart have a pool each.
    let apart = client(&server);
    read_name(&apart, "c1").await.unwrap();
    assert_eq!(server.connections(), 2);
    assert!(!apart.transport().shares_pool_with(user.transport()));
}

#[tokio::test]
async fn each_client_sends_its_own_token_only() {
    // This emulator knows the user's token, not the other one.
    let server = graph().start();
    let user = client(&server);
    let other = user.with_token(OTHER_TOKEN);
    let error = read_name(&other, "c1").await.unwrap_err();
    assert_eq!(error.graph().and_then(|e| e.code), Some(190), "{error}");
    // The client it was made from still sends its own.
    assert_eq!(
        read_name(&user, "c1").await.unwrap().as_deref(),
        Some("One")
    );
    assert!(!format!("{other:?}").contains(OTHER_TOKEN));
    assert!(!error.to_string().contains(OTHER_TOKEN));
}

#[tokio::test]
async fn a_token_of_another_app_is_signed_with_that_apps_secret() {
    let server = graph().app_secret("second-app-secret").start();
    let first = server
        .client_builder::<Client>()
        .app_secret(SECRET)
        .build()
        .unwrap();
    let error = read_name(&first, "c1").await.unwrap_err();
    assert_eq!(error.graph().and_then(|e| e.code), Some(100), "{error}");
    let second = first.with_token_and_secret(PAGE_TOKEN, "second-app-secret");
    assert_eq!(
        read_name(&second, "c2").await.unwrap().as_deref(),
        Some("Two")
    );
    let shown = format!("{second:?}");
    assert!(!shown.contains("second-app-secret") && !shown.contains(PAGE_TOKEN));
    // A client made from that one signs with its secret, not the first's.
    let third = second.with_token(TOKEN);
    assert_eq!(
        read_name(&third, "c1").await.unwrap().as_deref(),
        Some("One")
    );
}

#[test]
fn blocking_clients_share_the_pool_too() {
    let server = graph().start();
    let user: graph_ops_api::BlockingClient = server.client_builder().build().unwrap();
    let page = user.with_token(PAGE_TOKEN);
    assert!(user.transport().shares_pool_with(page.transport()));
    let apart: graph_ops_api::BlockingClient = server.client_builder().build().unwrap();
    assert!(!apart.transport().shares_pool_with(user.transport()));
    for id in ["c1", "c2"] {
        assert!(
            user.campaign(id)
                .fields([CampaignField::Name])
                .get()
                .is_ok()
        );
        assert!(
            page.campaign(id)
                .fields([CampaignField::Name])
                .get()
                .is_ok()
        );
    }
    assert_eq!(server.connections(), 1);
}

// ---- the served version ---------------------------------------------------------

/// Every `WARN` event's message and fields, as text.
#[derive(Default, Clone)]
struct Warnings(Arc<Mutex<Vec<String>>>);

struct Text(String);

impl tracing::field::Visit for Text {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={:?}", field.name(), value));
    }
}

impl tracing::Subscriber for Warnings {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        if *event.metadata().level() == tracing::Level::WARN {
            let mut text = Text(String::new());
            event.record(&mut text);
            self.0.lock().unwrap().push(text.0);
        }
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

fn with_warnings(work: impl FnOnce()) -> Vec<String> {
    let warnings = Warnings::default();
    tracing::subscriber::with_default(warnings.clone(), work);
    warnings.0.lock().unwrap().clone()
}

#[test]
fn a_served_version_that_differs_is_on_the_response_and_warned_once() {
    let server = graph().serve_version("v21.0").start();
    let warnings = with_warnings(|| {
        let client: graph_ops_api::BlockingClient = server.client_builder().build().unwrap();
        for _ in 0..3 {
            let read = client
                .campaign("c1")
                .fields([CampaignField::Name])
                .get()
                .unwrap();
            assert_eq!(read.api_version.as_deref(), Some("v21.0"));
        }
        // A client for another token shares what was warned about.
        let page = client.with_token(PAGE_TOKEN);
        page.campaign("c2")
            .fields([CampaignField::Name])
            .get()
            .unwrap();
    });
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].contains("requested=\"v19.0\"") && warnings[0].contains("served=\"v21.0\""),
        "{warnings:?}"
    );
}

#[test]
fn the_version_asked_for_is_served_without_a_warning() {
    let server = graph().start();
    let warnings = with_warnings(|| {
        let client: graph_ops_api::BlockingClient = server.client_builder().build().unwrap();
        let read = client
            .campaign("c1")
            .fields([CampaignField::Name])
            .get()
            .unwrap();
        assert_eq!(
            read.api_version.as_deref(),
            Some(graph_ops_api::API_VERSION)
        );
    });
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[tokio::test]
async fn the_crates_api_version_is_the_default_and_a_client_may_override_it() {
    let server = graph().start();
    let default = client(&server);
    assert_eq!(default.transport().config().api_version(), "v19.0");
    let newer: Client = server
        .client_builder()
        .api_version("v21.0")
        .build()
        .unwrap();
    let read = newer
        .campaign("c1")
        .fields([CampaignField::Name])
        .get()
        .await
        .unwrap();
    assert_eq!(read.api_version.as_deref(), Some("v21.0"));
    let requests = server.requests();
    assert_eq!(requests[0].version.as_deref(), Some("v21.0"));
    assert!(requests[0].path.starts_with("/v21.0/"));
}

#[tokio::test]
async fn a_retired_version_is_a_typed_error_naming_the_version_to_use() {
    let server = graph().start();
    server.queue_fault(Fault::graph_error(
        400,
        2635,
        "OAuthException",
        "(#2635) You are calling a deprecated version of the Ads API. Please update to the latest version: v21.0.",
    ));
    let error = read_name(&client(&server), "c1").await.unwrap_err();
    assert!(error.is_version_retired(), "{error}");
    assert_eq!(error.suggested_version(), Some("v21.0"));
    assert!(!error.is_transient());

    server.queue_fault(Fault::graph_error(
        400,
        100,
        "OAuthException",
        "(#100) Tried accessing nonexisting field, v21.0",
    ));
    let other = read_name(&client(&server), "c1").await.unwrap_err();
    assert!(!other.is_version_retired());
    assert_eq!(other.suggested_version(), None);
}

// ---- gzip, proxies, an HTTP client of one's own -------------------------------------

#[tokio::test]
async fn gzip_compressed_responses_decode() {
    let server = graph().gzip(true).start();
    let client = client(&server);
    assert_eq!(
        read_name(&client, "c2").await.unwrap().as_deref(),
        Some("Two")
    );
    let list = client
        .nodes::<Campaign>(["c1", "c2"])
        .fields([CampaignField::Name])
        .get()
        .await
        .unwrap();
    assert_eq!(list.data.len(), 2);
    let requests = server.requests();
    assert!(requests.iter().all(|r| r.gzipped), "{requests:#?}");
}

#[tokio::test]
async fn requests_go_through_the_proxy() {
    // The emulator stands in for the proxy: nothing listens on the base
    // URL's port, so an answer proves the request went through the proxy.
    let server = graph().start();
    let unused = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let nowhere = format!("http://{}", unused.local_addr().unwrap());
    drop(unused);
    let proxied: Client = server
        .client_builder()
        .base_url(&nowhere)
        .proxy(format!("http://user:proxy-pass@{}", server.addr()))
        .build()
        .unwrap();
    assert!(proxied.transport().config().uses_proxy());
    let shown = format!("{proxied:?}");
    let proxy = format!("proxy: Some(\"http://{}/\")", server.addr());
    assert!(
        !shown.contains("proxy-pass") && shown.contains(&proxy),
        "{shown}"
    );
    assert_eq!(
        read_name(&proxied, "c1").await.unwrap().as_deref(),
        Some("One")
    );
    assert_eq!(server.requests().len(), 1);

    let direct: Client = server
        .client_builder()
        .base_url(&nowhere)
        .max_attempts(1)
        .build()
        .unwrap();
    assert!(read_name(&direct, "c1").await.is_err());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn an_http_client_of_ones_own_is_used_and_shared() {
    let server = graph().start();
    let http = reqwest::Client::new();
    let first: Client = server
        .client_builder()
        .http_client(http.clone())
        .build()
        .unwrap();
    let second: Client = server.client_builder().http_client(http).build().unwrap();
    read_name(&first, "c1").await.unwrap();
    read_name(&second, "c2").await.unwrap();
    // The two clients were built apart, yet used one pool: the given client's.
    assert_eq!(server.connections(), 1);
}

#[test]
fn connection_settings_are_checked() {
    let message = |builder: ClientBuilder<Client>| match builder.build() {
        Err(Error::Config(e)) => e.to_string(),
        other => panic!("expected a config error, got {other:?}"),
    };
    let builder = || ClientBuilder::<Client>::new(TOKEN);
    assert!(message(builder().connect_timeout(Duration::ZERO)).contains("connect_timeout"));
    let bad = message(builder().proxy("ftp://user:hunter2@proxy.example"));
    assert!(
        bad.contains("http or https") && !bad.contains("hunter2"),
        "{bad}"
    );
    assert!(message(builder().proxy("not a url")).contains("is not a URL"));
    let both = builder()
        .http_client(reqwest::Client::new())
        .proxy("http://proxy.example:3128");
    assert!(message(both).contains("http_client"));
    let both = builder()
        .http_client(reqwest::Client::new())
        .connect_timeout(Duration::from_secs(1));
    assert!(message(both).contains("http_client"));
    let config = builder()
        .connect_timeout(Duration::from_secs(2))
        .into_config()
        .unwrap();
    assert_eq!(config.connect_timeout(), Duration::from_secs(2));
    assert!(!config.uses_proxy());
    assert_eq!(
        builder().into_config().unwrap().connect_timeout(),
        Duration::from_secs(10)
    );
}

// ---- /me and ?ids= -----------------------------------------------------------------

#[tokio::test]
async fn me_reads_the_tokens_user_typed() {
    let server = graph().start();
    let me = client(&server)
        .me()
        .fields([UserField::Name, UserField::Email])
        .get()
        .await
        .unwrap();
    assert_eq!(me.data.name.as_deref(), Some("Ada"));
    assert_eq!(me.data.email.as_deref(), Some("ada@example.com"));
    assert_eq!(server.requests()[0].path, "/v19.0/me");
}

#[tokio::test]
async fn several_nodes_in_one_request_come_back_typed_by_id() {
    let server = graph().start();
    let read = client(&server)
        .nodes::<Campaign>(["c2", "c1"])
        .fields([CampaignField::Name, CampaignField::Objective])
        .get()
        .await
        .unwrap();
    let names: Vec<(&str, Option<&str>)> = read
        .data
        .iter()
        .map(|(id, c)| (id.as_str(), c.name.as_deref()))
        .collect();
    assert_eq!(names, [("c1", Some("One")), ("c2", Some("Two"))]);
    assert_eq!(
        read.data["c2"].objective,
        Some(graph_ops_api::Objective::OutcomeLeads)
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].path, "/v19.0");
    assert_eq!(requests[0].param("ids"), Some("c2,c1"));
    assert_eq!(requests[0].param("fields"), Some("name,objective"));
}

#[tokio::test]
async fn a_selection_replaces_the_fields_of_several_nodes() {
    let server = graph().start();
    let read = client(&server)
        .nodes::<Campaign>(["c1", "c2"])
        .field(CampaignField::Objective)
        .selection(graph_runtime::FieldSelection::of([CampaignField::Name]))
        .get()
        .await
        .unwrap();
    assert_eq!(read.data["c1"].name.as_deref(), Some("One"));
    assert_eq!(read.data["c1"].objective, None);
    assert_eq!(server.requests()[0].param("fields"), Some("name"));
}

#[tokio::test]
async fn a_value_that_does_not_fit_is_warned_at_its_id() {
    let server = graph()
        .node(
            "c3",
            json!({"id": "c3", "name": 42, "objective": "OUTCOME_SALES"}),
        )
        .start();
    let read = client(&server)
        .nodes::<Campaign>(["c1", "c3"])
        .get()
        .await
        .unwrap();
    assert_eq!(read.data.len(), 2);
    assert_eq!(read.warnings.len(), 1, "{:?}", read.warnings);
    assert!(
        read.warnings[0].to_string().contains("c3"),
        "{}",
        read.warnings[0]
    );
    let strict = client(&server)
        .nodes::<Campaign>(["c1", "c3"])
        .strict(true)
        .get()
        .await
        .unwrap_err();
    assert!(matches!(strict, Error::Decode(_)), "{strict}");
}

#[tokio::test]
async fn unknown_ids_are_graphs_error() {
    let server = graph().start();
    let error = client(&server)
        .nodes::<Campaign>(["c1", "nope"])
        .get()
        .await
        .unwrap_err();
    assert_eq!(error.graph().and_then(|e| e.code), Some(803), "{error}");
    assert!(error.to_string().contains("nope"));
}

#[tokio::test]
async fn ids_that_would_change_the_request_are_refused_before_sending() {
    let server = graph().start();
    let client = client(&server);
    let none: Vec<String> = Vec::new();
    let read = client
        .nodes::<Campaign>(["c2", "c1"])
        .field(CampaignField::Name);
    assert_eq!(read.ids(), ["c2", "c1"]);
    let shown = format!("{read:?}");
    assert!(
        shown.starts_with("NodesRead") && shown.contains(r#"ids: ["c2", "c1"]"#),
        "{shown}"
    );
    let too_many: Vec<String> = (0..=graph_runtime::read::MAX_IDS)
        .map(|i| i.to_string())
        .collect();
    for (ids, why) in [
        (none, "at least one id"),
        (vec!["c1,c2".to_owned()], "comma"),
        (vec!["c1".to_owned(), " ".to_owned()], "id number 2"),
        (too_many, "at most 50"),
    ] {
        let error = client.nodes::<Campaign>(ids).get().await.unwrap_err();
        assert!(
            matches!(&error, Error::InvalidRequest(m) if m.contains(why)),
            "{why}: {error}"
        );
    }
    assert!(server.requests().is_empty());
    // 50 go out (and Graph says it knows none of them).
    let fifty: Vec<String> = (0..graph_runtime::read::MAX_IDS)
        .map(|i| format!("x{i}"))
        .collect();
    let error = client.nodes::<Campaign>(fifty).get().await.unwrap_err();
    assert_eq!(error.graph().and_then(|e| e.code), Some(803), "{error}");
    let requests = server.requests();
    assert_eq!(
        requests[0].param("ids").map(|ids| ids.split(',').count()),
        Some(50)
    );
}
