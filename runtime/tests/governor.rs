//! The governor over real HTTP against the emulator's scripted rate limits.
//! Time is a `ManualClock` shared by client and emulator: every wait returns
//! at once and is recorded, so "waited 19 minutes" is checked without
//! waiting, and no assertion depends on the wall clock.
#![cfg(feature = "mock")]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use graph_runtime::governor::{LimitKey, ManualClock, UsageReport};
use graph_runtime::mock::{Fault, MockGraph, MockServer, UsageLimit};
use graph_runtime::{Client, Error, GraphRequest};
use serde_json::json;

const TOKEN: &str = "EAAB-governor-test-token-4a7e";
const SEC: Duration = Duration::from_secs(1);
const MIN: Duration = Duration::from_secs(60);

fn graph(clock: &Arc<ManualClock>) -> MockGraph {
    MockGraph::new(TOKEN)
        .clock(clock.clone())
        .node("1", json!({"id": "1", "name": "Cafe"}))
        .node("2", json!({"id": "2", "name": "Bar"}))
        .node("act_42", json!({"id": "act_42", "account_id": "42"}))
}

fn pages_limit(step: f64, regain: Duration) -> UsageLimit {
    UsageLimit::new(LimitKey::business_use_case("1", "pages"))
        .step(step)
        .regain(regain)
}

async fn get(client: &Client, id: &str) -> Result<serde_json::Value, Error> {
    let request = GraphRequest::get(id).param("fields", "id,name");
    Ok(client.send(request).await?.data)
}

fn client(server: &MockServer) -> Client {
    server.client_builder().build().unwrap()
}

#[tokio::test]
async fn usage_at_90_percent_slows_the_next_request_down() {
    let clock = Arc::new(ManualClock::new());
    let server = graph(&clock)
        .node_header(
            "1",
            "X-Business-Use-Case-Usage",
            r#"{"1":[{"type":"pages","call_count":90,"total_cputime":10,"total_time":10,"estimated_time_to_regain_access":0}]}"#,
        )
        .start();
    let client = client(&server);
    get(&client, "1").await.unwrap();
    assert!(
        clock.sleeps().is_empty(),
        "nothing was known before the first response"
    );
    get(&client, "1").await.unwrap();
    // 90 % with the default threshold 75 % and max_slow_down 10 s: 10 s × 15 / 25.
    assert_eq!(clock.sleeps(), [6 * SEC]);
    // Another node is not governed by the Page's business use case.
    get(&client, "2").await.unwrap();
    assert_eq!(clock.sleeps(), [6 * SEC]);
    assert_eq!(server.requests().len(), 3);

    // The settings move the curve: from 95 % on, nothing at 90 %; from 50 %
    // with at most 1 s, 80 % of the way: 0.8 s.
    let relaxed: Client = server.client_builder().slow_down_at(95.0).build().unwrap();
    clock.clear_sleeps();
    get(&relaxed, "1").await.unwrap();
    get(&relaxed, "1").await.unwrap();
    assert!(clock.sleeps().is_empty());
    let eager: Client = server
        .client_builder()
        .slow_down_at(50.0)
        .max_slow_down(SEC)
        .build()
        .unwrap();
    get(&eager, "1").await.unwrap();
    get(&eager, "1").await.unwrap();
    assert_eq!(clock.sleeps(), [Duration::from_millis(800)]);
}

#[tokio::test]
async fn a_blocked_client_waits_the_reported_regain_time() {
    let clock = Arc::new(ManualClock::new());
    let server = graph(&clock)
        .usage_limit(pages_limit(50.0, 19 * MIN))
        .start();
    let client: Client = server
        .client_builder()
        .max_rate_limit_wait(30 * MIN)
        .build()
        .unwrap();
    get(&client, "1").await.unwrap();
    // The second request brings usage to 100 %: refused with 80001 and
    // estimated_time_to_regain_access 19; the retry waits 19 minutes, not the backoff.
    let page = get(&client, "1").await.unwrap();
    assert_eq!(page["name"], "Cafe");
    assert_eq!(clock.sleeps(), [19 * MIN]);
    let requests = server.requests();
    assert_eq!(requests.len(), 3, "one refusal, one retry");
    assert_eq!(clock.elapsed(), 19 * MIN);
}

#[tokio::test]
async fn a_block_longer_than_the_maximum_fails_at_once_without_sending() {
    let clock = Arc::new(ManualClock::new());
    let server = graph(&clock)
        .usage_limit(pages_limit(50.0, 19 * MIN))
        .start();
    let client = client(&server); // max_rate_limit_wait: 5 minutes by default
    get(&client, "1").await.unwrap();
    let refused = get(&client, "1").await.unwrap_err();
    let Error::RateLimited {
        scope,
        retry_after,
        max_wait,
    } = &refused
    else {
        panic!("{refused:?}")
    };
    assert_eq!(*scope, LimitKey::business_use_case("1", "pages"));
    assert_eq!((*retry_after, *max_wait), (19 * MIN, 5 * MIN));
    assert!(refused.is_rate_limited());
    assert_eq!(
        server.requests().len(),
        2,
        "no retry into a 19-minute block"
    );
    assert!(clock.sleeps().is_empty());

    // The next call to that Page is not even sent; other nodes are fine.
    clock.advance(4 * MIN);
    let again = get(&client, "1").await.unwrap_err();
    assert_eq!(again.retry_after(), Some(15 * MIN));
    assert_eq!(server.requests().len(), 2);
    get(&client, "2").await.unwrap();
    assert_eq!(server.requests().len(), 3);

    // Once the regain time has passed, the Page answers again.
    clock.advance(15 * MIN);
    get(&client, "1").await.unwrap();
    assert_eq!(server.requests().len(), 4);
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn two_clones_share_one_limiter() {
    let clock = Arc::new(ManualClock::new());
    let server = graph(&clock)
        .usage_limit(pages_limit(45.0, 19 * MIN))
        .start();
    let first = client(&server);
    let second = first.clone();
    let separate = client(&server);
    get(&first, "1").await.unwrap(); // 45 %
    get(&first, "1").await.unwrap(); // 90 %
    assert!(clock.sleeps().is_empty());
    // The clone knows what the first saw: it slows down, and is then
    // refused at 100 % with a block longer than it waits.
    let error = get(&second, "1").await.unwrap_err();
    assert_eq!(clock.sleeps(), [6 * SEC]);
    assert_eq!(error.retry_after(), Some(19 * MIN));
    assert_eq!(server.requests().len(), 3);
    // Now the first is refused without sending.
    let error = get(&first, "1").await.unwrap_err();
    assert!(matches!(error, Error::RateLimited { .. }), "{error:?}");
    assert_eq!(server.requests().len(), 3);
    // A client built on its own has a limiter of its own: it asks the
    // server, and learns of the block from the refusal.
    let error = get(&separate, "1").await.unwrap_err();
    assert!(matches!(error, Error::RateLimited { .. }), "{error:?}");
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test]
async fn retries_stay_bounded_by_max_attempts() {
    let clock = Arc::new(ManualClock::new());
    let server = graph(&clock).usage_limit(pages_limit(100.0, MIN)).start();
    let client: Client = server.client_builder().max_attempts(2).build().unwrap();
    // Every request reaches 100 % at once: refused, wait a minute, refused again.
    let error = get(&client, "1").await.unwrap_err();
    assert_eq!(error.graph().and_then(|g| g.code), Some(80001), "{error}");
    assert_eq!(server.requests().len(), 2);
    assert_eq!(clock.sleeps(), [MIN]);
}

#[tokio::test]
async fn an_ad_account_waits_its_reset_time() {
    let clock = Arc::new(ManualClock::new());
    let server = graph(&clock)
        .usage_limit(
            UsageLimit::new(LimitKey::ad_account("42"))
                .step(60.0)
                .regain(90 * SEC),
        )
        .start();
    let client = client(&server);
    get(&client, "act_42").await.unwrap(); // 60 %
    get(&client, "1").await.unwrap(); // not the ad account: not counted
    let account = get(&client, "act_42").await.unwrap(); // 100 %: code 17, then 90 s
    assert_eq!(account["id"], "act_42");
    assert_eq!(clock.sleeps(), [90 * SEC]);
    let requests = server.requests();
    assert_eq!(requests.len(), 4);
}

#[tokio::test]
async fn the_app_limit_slows_down_and_its_refusal_waits_only_the_backoff() {
    let clock = Arc::new(ManualClock::new());
    let server = graph(&clock)
        .usage_limit(UsageLimit::new(LimitKey::App).step(50.0))
        .start();
    let client: Client = server.client_builder().max_attempts(2).build().unwrap();
    get(&client, "1").await.unwrap(); // 50 %
    // 100 %: code 4, no regain time reported. The retry waits the 1 ms
    // backoff, then the slow-down for an app at 100 %, and is refused again.
    let error = get(&client, "2").await.unwrap_err();
    assert_eq!(error.graph().and_then(|g| g.code), Some(4), "{error}");
    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len(), 2, "{sleeps:?}");
    assert!(sleeps[0] <= Duration::from_millis(1), "{sleeps:?}");
    assert_eq!(sleeps[1], 10 * SEC);
    server.reset_usage();
    get(&client, "2").await.unwrap();
}

#[tokio::test]
async fn a_rate_limit_fault_without_a_regain_time_waits_only_the_backoff() {
    let clock = Arc::new(ManualClock::new());
    let server = graph(&clock).start();
    let client = client(&server);
    server.queue_faults([Fault::user_rate_limit(), Fault::ads_rate_limit()]);
    get(&client, "1").await.unwrap();
    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len(), 2);
    assert!(
        sleeps.iter().all(|s| *s <= Duration::from_millis(1)),
        "{sleeps:?}"
    );
}

#[tokio::test]
async fn retry_after_on_a_rate_limit_blocks_the_app() {
    let clock = Arc::new(ManualClock::new());
    let server = graph(&clock).header("Retry-After", "120").start();
    let client = client(&server);
    server.queue_fault(Fault::app_rate_limit());
    get(&client, "1").await.unwrap();
    assert_eq!(
        clock.sleeps(),
        [120 * SEC],
        "not capped at backoff_max (1 ms)"
    );
    // Other errors keep the backoff, Retry-After capped at backoff_max.
    clock.clear_sleeps();
    server.queue_fault(Fault::server_error(503));
    get(&client, "2").await.unwrap();
    assert_eq!(clock.sleeps(), [Duration::from_millis(1)]);
}

const OTHER_TOKEN: &str = "EAAB-another-token-sharing-the-governor";

#[tokio::test]
async fn a_hostile_retry_after_neither_panics_nor_locks_the_app_out() {
    for hostile in [
        "18446744073709551615",
        "1000000000",
        "99999999999999999999999999",
    ] {
        let clock = Arc::new(ManualClock::new());
        let server = graph(&clock)
            .accept_token(OTHER_TOKEN)
            .header("Retry-After", hostile)
            .start();
        let client: Client = server
            .client_builder()
            .max_rate_limit_wait(2 * MIN)
            .build()
            .unwrap();
        let other = client.with_token(OTHER_TOKEN);
        server.queue_fault(Fault::graph_error(
            429,
            4,
            "OAuthException",
            "(#4) Application request limit reached",
        ));
        // The 429 blocks the app for a day at most: longer than the client
        // waits, so the call fails at once.
        let error = get(&client, "1").await.unwrap_err();
        let Error::RateLimited {
            scope,
            retry_after,
            max_wait,
        } = &error
        else {
            panic!("{hostile}: {error:?}")
        };
        assert_eq!(*scope, LimitKey::App);
        assert_eq!(*retry_after, graph_runtime::governor::MAX_SERVER_WAIT);
        assert_eq!(*max_wait, 2 * MIN);
        assert!(clock.sleeps().is_empty());
        assert_eq!(server.requests().len(), 1);
        // A client sharing the governor is refused without sending, but for
        // no longer than max_rate_limit_wait.
        clock.advance(2 * MIN);
        let refused = get(&other, "2").await.unwrap_err();
        assert!(matches!(refused, Error::RateLimited { .. }), "{refused:?}");
        assert_eq!(server.requests().len(), 1);
        clock.advance(Duration::from_millis(1));
        get(&other, "2").await.unwrap();
        assert_eq!(server.requests().len(), 2);

        // reset_governor forgets a block at once.
        server.queue_fault(Fault::app_rate_limit());
        let error = get(&client, "1").await.unwrap_err();
        assert!(matches!(error, Error::RateLimited { .. }), "{error:?}");
        assert!(get(&other, "1").await.is_err(), "blocked again");
        assert_eq!(server.requests().len(), 3);
        other.reset_governor();
        get(&client, "1").await.unwrap();
        assert_eq!(server.requests().len(), 4);
        assert!(clock.sleeps().is_empty());
    }
}

#[tokio::test]
async fn the_longest_slow_down_is_refused_or_works_on_a_full_response() {
    let clock = Arc::new(ManualClock::new());
    let server = graph(&clock)
        .node_header(
            "1",
            "X-App-Usage",
            r#"{"call_count":100,"total_cputime":100,"total_time":100}"#,
        )
        .start();
    for endless in [Duration::MAX, graph_runtime::client::MAX_SLOW_DOWN + SEC] {
        let refused = server
            .client_builder::<Client>()
            .max_slow_down(endless)
            .build();
        let Err(Error::Config(why)) = &refused else {
            panic!("{refused:?}")
        };
        assert!(why.to_string().contains("max_slow_down"), "{why}");
    }
    let longest = graph_runtime::client::MAX_SLOW_DOWN;
    let client: Client = server
        .client_builder()
        .max_slow_down(longest)
        .build()
        .unwrap();
    get(&client, "1").await.unwrap();
    get(&client, "1").await.unwrap(); // 100 %: the longest pause first
    assert_eq!(clock.sleeps(), [longest]);
}

#[tokio::test]
async fn on_usage_reports_every_response_with_usage_headers_and_no_token() {
    let clock = Arc::new(ManualClock::new());
    let server = graph(&clock).usage_limit(pages_limit(10.0, MIN)).start();
    let reports: Arc<Mutex<Vec<UsageReport>>> = Arc::default();
    let sink = reports.clone();
    let client: Client = server
        .client_builder()
        .on_usage(move |report| sink.lock().unwrap().push(report.clone()))
        .build()
        .unwrap();
    get(&client, "1").await.unwrap();
    get(&client, "2").await.unwrap(); // no usage header: no report
    server.queue_fault(Fault::invalid_parameter()); // a fault: not counted, no header
    get(&client, "1").await.unwrap_err();
    get(&client, "1").await.unwrap();
    let reports = reports.lock().unwrap().clone();
    assert_eq!(reports.len(), 2, "{reports:?}");
    let report = &reports[1];
    assert_eq!(report.keys, [LimitKey::business_use_case("1", "pages")]);
    assert_eq!(report.path, "/v19.0/1");
    let pages = &report.usage.business_use_case.as_ref().unwrap()["1"][0];
    assert_eq!(pages.call_count, Some(20.0));
    let shown = format!("{reports:?} {client:?}");
    assert!(!shown.contains(TOKEN), "{shown}");
}

#[test]
fn the_blocking_client_is_governed_the_same_way() {
    let clock = Arc::new(ManualClock::new());
    let server = graph(&clock)
        .usage_limit(pages_limit(50.0, 3 * MIN))
        .start();
    let client: graph_runtime::blocking::Client = server.client_builder().build().unwrap();
    let read = || client.send(GraphRequest::get("1"));
    read().unwrap();
    read().unwrap(); // refused at 100 %, waits 3 minutes, then answered
    assert_eq!(clock.sleeps(), [3 * MIN]);
    assert_eq!(server.requests().len(), 3);

    // A 19-minute block refuses reads without sending them, until
    // reset_governor forgets it.
    let server = graph(&clock)
        .usage_limit(pages_limit(100.0, 19 * MIN))
        .start();
    let client: graph_runtime::blocking::Client = server.client_builder().build().unwrap();
    let read = || client.send(GraphRequest::get("1"));
    assert!(matches!(read(), Err(Error::RateLimited { .. })));
    assert!(matches!(read(), Err(Error::RateLimited { .. })));
    assert_eq!(server.requests().len(), 1);
    client.reset_governor();
    assert!(read().is_err(), "the emulator still blocks");
    assert_eq!(server.requests().len(), 2, "but the read was sent");
}

// ---- batch operations --------------------------------------------------------------

#[tokio::test]
async fn batch_operations_count_and_wait_like_requests_of_their_own() {
    let clock = Arc::new(ManualClock::new());
    // 40 % per call on Page 1's business use case: 40, 80, then blocked for 19 minutes.
    let server = graph(&clock)
        .usage_limit(pages_limit(40.0, 19 * MIN))
        .start();
    let client: Client = server
        .client_builder()
        .max_rate_limit_wait(30 * MIN)
        .build()
        .unwrap();

    // Two operations on Page 1 in one batch: the governor learns 80 % from
    // the second operation's own headers.
    let mut batch = graph_runtime::Batch::new(&client);
    let first = batch.add(graph_runtime::batch::Op::new(write(&client, "1")));
    let second = batch.add(write(&client, "1"));
    let mut results = batch.send().await.unwrap();
    assert!(results.take(&first).is_ok() && results.take(&second).is_ok());
    assert!(clock.sleeps().is_empty());

    // The next batch touching Page 1 is slowed down first (80 %: 10 s × 5 / 25),
    // and its operation is refused at 100 %: the client waits the 19
    // minutes Graph reports, then sends that operation again.
    let mut batch = graph_runtime::Batch::new(&client);
    let third = batch.add(write(&client, "1"));
    let other = batch.add(write(&client, "2"));
    let mut results = batch.send().await.unwrap();
    assert_eq!(clock.sleeps(), [2 * SEC, 19 * MIN]);
    assert_eq!(results.http_requests(), 2);
    assert!(results.take(&third).is_ok(), "sent again after the wait");
    assert!(results.take(&other).is_ok());
    let resent = server.requests()[2].batch.clone();
    assert_eq!(resent.len(), 1);
    assert_eq!(resent[0].segments, ["1"]);

    // Blocked for longer than the client waits: the operation is not sent
    // again, and says why.
    let impatient: Client = server.client_builder().build().unwrap();
    let before = server.requests().len();
    let mut batch = graph_runtime::Batch::new(&impatient);
    batch.add(write(&impatient, "1"));
    batch.add(write(&impatient, "1"));
    let blocked = batch.add(write(&impatient, "1"));
    let mut results = batch.send().await.unwrap();
    let error = results.take(&blocked).unwrap_err();
    assert!(error.is_rate_limited(), "{error:?}");
    assert!(
        error
            .to_string()
            .contains("longer than max_rate_limit_wait"),
        "{error}"
    );
    assert_eq!(
        server.requests().len(),
        before + 1,
        "nothing sent after the refusal"
    );
}

/// An update of node `id` (`POST /{id}`), which the emulator answers `{"success": true}`.
fn write<'c>(client: &'c Client, id: &str) -> graph_runtime::Write<'c, serde_json::Value> {
    graph_runtime::NodeRef::new(client, id).update(graph_runtime::NoParams)
}
