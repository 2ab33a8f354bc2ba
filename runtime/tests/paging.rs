//! Paging that gets everything and can resume, over real HTTP against the
//! Graph emulator, through the generated `graph-ops-api` crate's
//! `client.ad_account(id).campaigns()`: forwards and backwards, from a
//! cursor, from a position saved as JSON and resumed by a fresh client,
//! `summary=true`, `offset`, `since`/`until`, and `limit` halved when Graph
//! answers that a page asks for too much data.
#![cfg(feature = "mock")]

use graph_ops_api::{AdAccountCampaignsParams, Campaign, CampaignField, Client};
use graph_runtime::auth::appsecret_proof;
use graph_runtime::edge::MAX_LIMIT_HALVINGS;
use graph_runtime::mock::{Fault, MockGraph, MockServer, RecordedRequest};
use graph_runtime::schema::{ParamSchema, Type};
use graph_runtime::{DateTime, Error, NodeRef, Page, Params, Position};
use serde_json::{Value, json};

// ---- fixtures ----------------------------------------------------------------------

const TOKEN: &str = "EAAB-paging-token-7d21";
const SECRET: &str = "paging-app-secret";
const ACCOUNT: &str = "act_7";
/// 2024-01-01T00:00:00Z: campaign `c{i}` was created `i - 1` days after it.
const JAN_1: i64 = 1_704_067_200;
const DAY: i64 = 86_400;

fn campaign(i: i64) -> Value {
    let created =
        DateTime::from(time::OffsetDateTime::from_unix_timestamp(JAN_1 + (i - 1) * DAY).unwrap());
    json!({
        "id": format!("c{i}"),
        "name": format!("Campaign {i}"),
        "created_time": created.to_string(),
    })
}

/// `count` campaigns on the account.
fn graph(count: i64) -> MockGraph {
    MockGraph::new(TOKEN)
        .app_secret(SECRET)
        .edge(ACCOUNT, "campaigns", (1..=count).map(campaign))
}

fn client(server: &MockServer) -> Client {
    server.client_builder().build().unwrap()
}

fn blocking_client(server: &MockServer) -> graph_ops_api::BlockingClient {
    server.client_builder().build().unwrap()
}

fn ids(campaigns: &[Campaign]) -> Vec<&str> {
    campaigns.iter().filter_map(|c| c.id.as_deref()).collect()
}

fn expected(range: std::ops::RangeInclusive<i64>) -> Vec<String> {
    range.map(|i| format!("c{i}")).collect()
}

/// The value of `name` in each request the emulator recorded.
fn sent(requests: &[RecordedRequest], name: &str) -> Vec<Option<String>> {
    requests
        .iter()
        .map(|r| r.param(name).map(str::to_owned))
        .collect()
}

fn assert_no_secret(shown: &str) {
    let proof = appsecret_proof(&SECRET.into(), &TOKEN.into());
    for secret in [TOKEN, SECRET, proof.as_str()] {
        assert!(!shown.contains(secret), "{shown}");
    }
}

// ---- forwards and backwards --------------------------------------------------------

#[tokio::test]
async fn next_goes_to_the_end_and_previous_comes_back_to_the_start() {
    let server = graph(7).start();
    let client = client(&server);
    let mut pages = client.ad_account(ACCOUNT).campaigns().limit(3).pages();
    assert!(pages.position().is_none(), "nothing received yet");

    let mut forward = Vec::new();
    while let Some(page) = pages.next().await {
        forward.push(ids(&page.unwrap().data.data).join(","));
    }
    assert_eq!(forward, ["c1,c2,c3", "c4,c5,c6", "c7"]);
    let at_end = pages.position().unwrap();
    assert!(!at_end.has_next() && at_end.has_previous());

    let mut backward = Vec::new();
    while let Some(page) = pages.previous().await {
        backward.push(ids(&page.unwrap().data.data).join(","));
    }
    assert_eq!(backward, ["c4,c5,c6", "c1,c2,c3"]);
    assert!(!pages.position().unwrap().has_previous(), "the first page");

    // And forwards again from the first page: back and forth is not a loop.
    let again = pages.next().await.unwrap().unwrap();
    assert_eq!(ids(&again.data.data), ["c4", "c5", "c6"]);

    let requests = server.requests();
    assert_eq!(requests.len(), 3 + 2 + 1);
    assert_eq!(
        sent(&requests, "before"),
        [
            None,
            None,
            None,
            Some("bW9jazp6".into()),
            Some("bW9jazp3".into()),
            None
        ]
    );
    assert!(
        requests
            .iter()
            .all(|r| r.token.is_right() && r.proof.is_right())
    );
    assert!(requests.iter().all(|r| r.param("limit") == Some("3")));
}

#[tokio::test]
async fn a_list_starts_after_or_before_a_cursor() {
    let server = graph(7).start();
    let client = client(&server);
    let first = client
        .ad_account(ACCOUNT)
        .campaigns()
        .limit(3)
        .get()
        .await
        .unwrap()
        .data;
    let cursors = first.paging.unwrap().cursors.unwrap();

    let rest = client
        .ad_account(ACCOUNT)
        .campaigns()
        .limit(3)
        .after(cursors.after.unwrap())
        .all()
        .await
        .unwrap();
    assert_eq!(ids(&rest), expected(4..=7));

    // Backwards from the last entry's cursor: the page before it, then the one before that.
    let last = client
        .ad_account(ACCOUNT)
        .campaigns()
        .limit(3)
        .after("bW9jazp5")
        .get()
        .await
        .unwrap()
        .data;
    assert_eq!(ids(&last.data), ["c7"]);
    let before = last.paging.unwrap().cursors.unwrap().before.unwrap();
    let mut pages = client
        .ad_account(ACCOUNT)
        .campaigns()
        .limit(3)
        .before(before)
        .pages();
    let mut backward = Vec::new();
    while let Some(page) = pages.previous().await {
        backward.push(ids(&page.unwrap().data.data).join(","));
    }
    assert_eq!(backward, ["c4,c5,c6", "c1,c2,c3"]);
    let requests = server.requests();
    assert_eq!(requests[1].param("after"), Some("bW9jazp2"));
    assert_eq!(requests[4].param("before"), Some("bW9jazp6"));
    assert_eq!(requests.len(), 6);
}

// ---- resuming ----------------------------------------------------------------------

#[tokio::test]
async fn a_saved_position_resumes_in_a_fresh_client_with_nothing_twice_or_missing() {
    let server = graph(7).start();
    let (mut seen, saved) = {
        let client = client(&server);
        let params = AdAccountCampaignsParams {
            is_completed: Some(false),
            ..Default::default()
        };
        let mut pages = client
            .ad_account(ACCOUNT)
            .campaigns()
            .params(params)
            .fields([CampaignField::Name])
            .limit(2)
            .pages();
        let mut seen = Vec::new();
        for _ in 0..2 {
            let page = pages.next().await.unwrap().unwrap();
            seen.extend(page.data.data);
        }
        let saved = serde_json::to_string(pages.position().unwrap()).unwrap();
        (seen, saved)
    };
    assert_eq!(ids(&seen), ["c1", "c2", "c3", "c4"]);
    assert_no_secret(&saved);
    let json: Value = serde_json::from_str(&saved).unwrap();
    assert_eq!(json["after"], "bW9jazp3");
    assert_eq!(json["before"], "bW9jazp2");

    // Another client, as in another process: the rest, with the same
    // parameters and fields (the links carry them).
    server.clear_requests();
    let client = client(&server);
    let position: Position = serde_json::from_str(&saved).unwrap();
    let rest = client
        .ad_account(ACCOUNT)
        .campaigns()
        .resume(position.clone())
        .all()
        .await
        .unwrap();
    seen.extend(rest);
    assert_eq!(ids(&seen), expected(1..=7));
    assert_eq!(seen[6].name.as_deref(), Some("Campaign 7"));
    assert_eq!(seen[6].objective, None, "only the selected field");
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "c5,c6 then c7");
    assert_eq!(requests[0].param("after"), Some("bW9jazp3"));
    for request in &requests {
        assert_eq!(request.param("is_completed"), Some("false"));
        assert_eq!(request.param("fields"), Some("name"));
        assert!(request.token.is_right() && request.proof.is_right() && !request.token_in_url);
    }

    // Backwards from the same position: the page before the last one seen.
    let mut pages = client
        .ad_account(ACCOUNT)
        .campaigns()
        .resume(position.clone())
        .pages();
    let before = pages.previous().await.unwrap().unwrap();
    assert_eq!(ids(&before.data.data), ["c1", "c2"]);
    assert!(pages.previous().await.is_none());

    // A resumed list's own limit replaces the links'.
    server.clear_requests();
    let rest = client
        .ad_account(ACCOUNT)
        .campaigns()
        .resume(position)
        .limit(3)
        .get()
        .await
        .unwrap();
    assert_eq!(ids(&rest.data.data), ["c5", "c6", "c7"]);
    assert_eq!(server.requests()[0].param("limit"), Some("3"));
}

#[tokio::test]
async fn a_position_at_the_end_fetches_nothing() {
    let server = graph(3).start();
    let client = client(&server);
    let page = client.ad_account(ACCOUNT).campaigns().get().await.unwrap();
    let position = page.data.position();
    assert!(!position.has_next() && !position.has_previous());
    assert_eq!(position.after(), Some("bW9jazp2"));
    server.clear_requests();
    let list = || {
        client
            .ad_account(ACCOUNT)
            .campaigns()
            .resume(position.clone())
    };
    assert!(list().all().await.unwrap().is_empty());
    assert!(list().get().await.unwrap().data.data.is_empty());
    assert!(matches!(list().to_request(), Err(Error::InvalidRequest(_))));
    assert!(server.requests().is_empty());
    // The cursor still says where new entries would start.
    let after = client
        .ad_account(ACCOUNT)
        .campaigns()
        .after(position.after().unwrap())
        .get()
        .await
        .unwrap();
    assert!(after.data.data.is_empty());
}

#[tokio::test]
async fn a_position_of_another_edge_or_host_is_refused_before_sending() {
    let server = graph(5)
        .edge(ACCOUNT, "search", (1..=5).map(campaign))
        .start();
    let client = client(&server);
    let page = client
        .ad_account(ACCOUNT)
        .campaigns()
        .limit(2)
        .get()
        .await
        .unwrap();
    let position = page.data.position();
    server.clear_requests();

    let error = client
        .ad_account(ACCOUNT)
        .search()
        .resume(position.clone())
        .all()
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::InvalidRequest(why) if why.contains("not of node `act_7`'s `search` edge")),
        "{error:?}"
    );
    let error = client
        .ad_account("act_8")
        .campaigns()
        .resume(position.clone())
        .all()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");

    // A position edited to point elsewhere (with a token in it) goes nowhere.
    let elsewhere = MockGraph::new(TOKEN).start();
    let mut json = serde_json::to_value(&position).unwrap();
    json["next"] = json!(format!(
        "{}/v19.0/act_7/campaigns?access_token={TOKEN}&after=bW9jazp1",
        elsewhere.url()
    ));
    let forged: Position = serde_json::from_value(json).unwrap();
    let error = client
        .ad_account(ACCOUNT)
        .campaigns()
        .resume(forged)
        .all()
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::InvalidRequest(why) if why.starts_with("refusing to follow a page URL")),
        "{error:?}"
    );
    assert_no_secret(&format!("{error} {error:?}"));
    assert!(elsewhere.requests().is_empty());
    assert!(server.requests().is_empty());
}

#[test]
fn a_position_never_holds_credentials() {
    let page: Page<Value> = serde_json::from_value(json!({
        "data": [],
        "paging": {
            "cursors": {"before": "QQ", "after": "Qg"},
            "next": format!("https://graph.facebook.com/v19.0/1/feed?access_token={TOKEN}&after=Qg"),
            "previous": format!("not a URL {TOKEN}"),
        }
    }))
    .unwrap();
    let position = page.position();
    assert_eq!(
        position.next_url(),
        Some("https://graph.facebook.com/v19.0/1/feed?after=Qg")
    );
    assert_eq!(position.previous_url(), None, "not a URL: left out");
    let json = serde_json::to_string(&position).unwrap();
    assert_eq!(
        json,
        r#"{"next":"https://graph.facebook.com/v19.0/1/feed?after=Qg","after":"Qg","before":"QQ"}"#
    );
    assert_eq!(serde_json::from_str::<Position>(&json).unwrap(), position);
    assert_eq!(
        serde_json::from_str::<Position>("{}").unwrap(),
        Position::default()
    );
}

// ---- summary, offset, since and until ----------------------------------------------

#[tokio::test]
async fn summary_true_gives_a_typed_total_count() {
    let server = graph(7).start();
    let client = client(&server);
    let page = client
        .ad_account(ACCOUNT)
        .campaigns()
        .summary(true)
        .limit(2)
        .get()
        .await
        .unwrap()
        .data;
    assert_eq!(page.data.len(), 2);
    assert_eq!(page.summary.and_then(|s| s.total_count), Some(7));
    assert_eq!(server.requests()[0].param("summary"), Some("true"));

    // Every page, the followed ones too, as the links carry `summary`.
    let mut pages = client
        .ad_account(ACCOUNT)
        .campaigns()
        .summary(true)
        .limit(5)
        .pages();
    pages.next().await.unwrap().unwrap();
    let second = pages.next().await.unwrap().unwrap().data;
    assert_eq!(second.summary.and_then(|s| s.total_count), Some(7));

    let without = client.ad_account(ACCOUNT).campaigns().get().await.unwrap();
    assert_eq!(without.data.summary, None);
    assert_eq!(server.requests().last().unwrap().param("summary"), None);
}

#[tokio::test]
async fn offset_paging_follows_its_links_both_ways() {
    let server = graph(7).start();
    let client = client(&server);
    let rest = client
        .ad_account(ACCOUNT)
        .campaigns()
        .offset(2)
        .limit(2)
        .all()
        .await
        .unwrap();
    assert_eq!(ids(&rest), expected(3..=7));
    assert_eq!(
        sent(&server.requests(), "offset"),
        [Some("2".into()), Some("4".into()), Some("6".into())]
    );

    server.clear_requests();
    let mut pages = client
        .ad_account(ACCOUNT)
        .campaigns()
        .offset(4)
        .limit(2)
        .pages();
    let page = pages.next().await.unwrap().unwrap();
    assert_eq!(ids(&page.data.data), ["c5", "c6"]);
    assert_eq!(
        page.data.paging.unwrap().cursors,
        None,
        "offset pages have no cursors"
    );
    let saved = serde_json::to_string(pages.position().unwrap()).unwrap();
    let back = pages.previous().await.unwrap().unwrap();
    assert_eq!(ids(&back.data.data), ["c3", "c4"]);
    // An offset position resumes too.
    let resumed = client
        .ad_account(ACCOUNT)
        .campaigns()
        .resume(serde_json::from_str(&saved).unwrap())
        .all()
        .await
        .unwrap();
    assert_eq!(ids(&resumed), ["c7"]);
}

#[tokio::test]
async fn since_and_until_are_sent_as_unix_seconds() {
    let server = graph(7).start();
    let client = client(&server);
    let until = DateTime::parse("2024-01-05T00:00:00+0000").unwrap();
    let within = client
        .ad_account(ACCOUNT)
        .campaigns()
        .since(JAN_1 + DAY)
        .until(until)
        .limit(2)
        .all()
        .await
        .unwrap();
    assert_eq!(ids(&within), expected(2..=5));
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.param("since"), Some("1704153600"));
        assert_eq!(request.param("until"), Some("1704412800"));
    }
}

/// Parameters of a spec that lists `since` and `summary` among an edge's own,
/// as some of Facebook's do.
#[derive(Debug, Clone, Default, serde::Serialize)]
struct TimeParams {
    #[serde(skip_serializing_if = "Option::is_none")]
    since: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<bool>,
}

impl Params for TimeParams {
    const SCHEMA: &'static [ParamSchema] = &[
        ParamSchema {
            name: "since",
            ty: Type::Int64,
            required: false,
        },
        ParamSchema {
            name: "summary",
            ty: Type::Bool,
            required: false,
        },
    ];
}

#[tokio::test]
async fn a_parameter_set_by_both_the_list_and_its_params_is_refused() {
    let server = graph(7).start();
    let client: graph_runtime::Client = server.client_builder().build().unwrap();
    let list = || NodeRef::new(&client, ACCOUNT).edge::<Campaign, TimeParams>("campaigns");

    // From the parameters alone, or from the list alone, fine.
    let by_params = TimeParams {
        since: Some(JAN_1 + 5 * DAY),
        summary: Some(true),
    };
    let page = list().params(by_params.clone()).get().await.unwrap().data;
    assert_eq!(ids(&page.data), ["c6", "c7"]);
    assert_eq!(page.summary.and_then(|s| s.total_count), Some(2));
    assert_eq!(list().since(JAN_1 + 5 * DAY).all().await.unwrap().len(), 2);
    assert_eq!(server.requests().len(), 2);

    for (list, name) in [
        (list().params(by_params.clone()).since(JAN_1), "since"),
        (list().params(by_params).summary(true), "summary"),
    ] {
        let error = list.get().await.unwrap_err();
        let Error::InvalidRequest(why) = &error else {
            panic!("{error:?}")
        };
        assert!(
            why.starts_with(&format!("parameter `{name}` is set twice")),
            "{why}"
        );
    }
    assert_eq!(server.requests().len(), 2, "nothing sent");
}

// ---- too much data -----------------------------------------------------------------

#[tokio::test]
async fn too_much_data_halves_the_limit_and_later_pages_keep_it() {
    let server = graph(60).max_limit(ACCOUNT, "campaigns", 25).start();
    let client = client(&server);
    let all = client
        .ad_account(ACCOUNT)
        .campaigns()
        .limit(100)
        .all()
        .await
        .unwrap();
    assert_eq!(ids(&all), expected(1..=60));
    let requests = server.requests();
    assert_eq!(
        sent(&requests, "limit"),
        ["100", "50", "25", "25", "25"].map(|l| Some(l.to_owned()))
    );
    // Each refusal is sent once: the client does not resend it as it is.
    assert_eq!(
        requests
            .iter()
            .filter(|r| r.param("after").is_none())
            .count(),
        3
    );
}

#[tokio::test]
async fn too_much_data_on_a_followed_link_rewrites_its_limit() {
    let server = graph(7).start();
    let client = client(&server);
    let mut pages = client.ad_account(ACCOUNT).campaigns().limit(4).pages();
    let first = pages.next().await.unwrap().unwrap();
    assert_eq!(ids(&first.data.data), ["c1", "c2", "c3", "c4"]);
    server.queue_fault(Fault::too_much_data());
    let second = pages.next().await.unwrap().unwrap();
    assert_eq!(ids(&second.data.data), ["c5", "c6"]);
    let third = pages.next().await.unwrap().unwrap();
    assert_eq!(ids(&third.data.data), ["c7"]);
    assert!(pages.next().await.is_none());
    let requests = server.requests();
    assert_eq!(
        sent(&requests, "limit"),
        ["4", "4", "2", "2"].map(|l| Some(l.to_owned()))
    );
    assert_eq!(
        sent(&requests, "after"),
        [
            None,
            Some("bW9jazp3".into()),
            Some("bW9jazp3".into()),
            Some("bW9jazp5".into())
        ]
    );
    assert!(requests[1].fault.is_some());

    // Without a limit, the first halving asks for half of Graph's 25.
    server.clear_requests();
    server.queue_fault(Fault::too_much_data());
    client.ad_account(ACCOUNT).campaigns().get().await.unwrap();
    assert_eq!(sent(&server.requests(), "limit"), [None, Some("12".into())]);
}

#[tokio::test]
async fn after_a_halving_a_link_without_limit_gets_the_smaller_one() {
    let server = MockGraph::new(TOKEN).start();
    let next = format!("{}/v19.0/act_7/campaigns?after=x", server.url());
    server.set_response(
        graph_runtime::Method::Get,
        "act_7/campaigns",
        json!({"data": [campaign(1)], "paging": {"next": next}}),
    );
    server.queue_fault(Fault::too_much_data());
    let client = client(&server);
    let mut pages = client.ad_account(ACCOUNT).campaigns().limit(40).pages();
    pages.next().await.unwrap().unwrap();
    pages.next().await.unwrap().unwrap();
    let requests = server.requests();
    assert_eq!(
        sent(&requests, "limit"),
        ["40", "20", "20"].map(|l| Some(l.to_owned()))
    );
    assert_eq!(requests[2].param("after"), Some("x"));
}

#[tokio::test]
async fn too_much_data_gives_up_after_the_bound_with_graphs_error() {
    let server = graph(7).max_limit(ACCOUNT, "campaigns", 0).start();
    let client = client(&server);
    let error = client
        .ad_account(ACCOUNT)
        .campaigns()
        .limit(100)
        .all()
        .await
        .unwrap_err();
    assert!(
        error.is_too_much_data() && !error.is_transient(),
        "{error:?}"
    );
    let graph = error.graph().unwrap();
    assert_eq!((graph.http_status, graph.code), (500, Some(1)));
    assert_eq!(
        graph.message,
        "Please reduce the amount of data you're asking for, then retry your request"
    );
    assert_eq!(MAX_LIMIT_HALVINGS, 5);
    assert_eq!(
        sent(&server.requests(), "limit"),
        ["100", "50", "25", "12", "6", "3"].map(|l| Some(l.to_owned()))
    );

    // A limit that cannot be halved is not sent again.
    server.clear_requests();
    let error = client
        .ad_account(ACCOUNT)
        .campaigns()
        .limit(1)
        .get()
        .await
        .unwrap_err();
    assert!(error.is_too_much_data());
    assert_eq!(server.requests().len(), 1);
}

// ---- blocking ----------------------------------------------------------------------

#[test]
fn blocking_pages_go_both_ways_resume_and_halve() {
    let server = graph(7).max_limit(ACCOUNT, "campaigns", 2).start();
    let saved = {
        let client = blocking_client(&server);
        let mut pages = client.ad_account(ACCOUNT).campaigns().limit(8).pages();
        let first = pages.next().unwrap().unwrap();
        assert_eq!(ids(&first.data.data), ["c1", "c2"]);
        let second = pages.next().unwrap().unwrap();
        assert_eq!(ids(&second.data.data), ["c3", "c4"]);
        let back = pages.previous().unwrap().unwrap();
        assert_eq!(ids(&back.data.data), ["c1", "c2"]);
        assert!(pages.previous().is_none());
        let forward = pages.next().unwrap().unwrap();
        assert_eq!(ids(&forward.data.data), ["c3", "c4"]);
        serde_json::to_string(pages.position().unwrap()).unwrap()
    };
    assert_eq!(
        sent(&server.requests(), "limit"),
        ["8", "4", "2", "2", "2", "2"].map(|l| Some(l.to_owned()))
    );
    assert_no_secret(&saved);

    let client = blocking_client(&server);
    let rest = client
        .ad_account(ACCOUNT)
        .campaigns()
        .resume(serde_json::from_str(&saved).unwrap())
        .all()
        .unwrap();
    assert_eq!(ids(&rest), expected(5..=7));

    let page = client
        .ad_account(ACCOUNT)
        .campaigns()
        .limit(2)
        .summary(true)
        .get()
        .unwrap();
    assert_eq!(page.data.summary.and_then(|s| s.total_count), Some(7));
}
