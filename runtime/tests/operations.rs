//! Edge lists, creates, updates and deletes over real HTTP against the Graph
//! emulator, through the `graph-ops-api` crate codegen generates from
//! `tests/specs/operations/` (`AdAccount`, `Campaign` and their parameter
//! structs and enums): paging by `next` URLs, parameters checked before
//! sending and encoded as Facebook's SDKs encode them, which writes are
//! retried.
#![cfg(feature = "mock")]

use futures_util::StreamExt;
use graph_ops_api::{
    AdAccountCampaignsParams, AdAccountCreateCampaignsParams, AdAccountDeleteCampaignsParams,
    AdAccountSearchParams, Campaign, CampaignField, CampaignReadParams, CampaignStatus,
    CampaignUpdateParams, Client, Objective,
};
use graph_runtime::auth::appsecret_proof;
use graph_runtime::mock::{Check, Fault, MockGraph, MockServer};
use graph_runtime::{Error, Method, NoParams, NodeRef, ViolationKind};
use serde_json::{Value, json};

// ---- fixtures ----------------------------------------------------------------------

const TOKEN: &str = "EAAB-operations-token-41c9";
const SECRET: &str = "operations-app-secret";
const ACCOUNT: &str = "act_42";

fn proof() -> String {
    appsecret_proof(&SECRET.into(), &TOKEN.into())
}

fn campaign(i: u32) -> Value {
    json!({
        "id": format!("c{i}"),
        "name": format!("Campaign {i}"),
        "objective": "OUTCOME_SALES",
        "account": {"id": ACCOUNT, "name": "Main"}
    })
}

/// Five campaigns on the account, which also accepts creates; `c1` is a node too.
fn graph() -> MockGraph {
    MockGraph::new(TOKEN)
        .app_secret(SECRET)
        .edge(ACCOUNT, "campaigns", (1..=5).map(campaign))
        .creates(ACCOUNT, "campaigns")
        .node("c1", campaign(1))
}

fn client(server: &MockServer) -> Client {
    server.client_builder().build().unwrap()
}

fn ids(campaigns: &[Campaign]) -> Vec<&str> {
    campaigns.iter().filter_map(|c| c.id.as_deref()).collect()
}

/// The required parameters of a create, and nothing else.
fn create_params(name: &str) -> AdAccountCreateCampaignsParams {
    AdAccountCreateCampaignsParams::new(
        name.to_owned(),
        Objective::OutcomeSales,
        json!({"page_id": "1"}),
    )
}

/// Everything a value shows, for asserting what it does not show.
fn assert_no_secret(shown: &str) {
    for secret in [TOKEN, SECRET, proof().as_str()] {
        assert!(!shown.contains(secret), "{shown}");
    }
}

/// The violations of an `InvalidParams` error, as `(path, kind)`.
fn invalid_params(error: &Error) -> Vec<(&str, ViolationKind)> {
    match error {
        Error::InvalidParams(errors) => errors.errors().map(|v| (v.path(), v.kind())).collect(),
        other => panic!("expected invalid parameters, got {other:?}"),
    }
}

// ---- paging ------------------------------------------------------------------------

#[tokio::test]
async fn all_follows_the_next_urls_across_three_pages() {
    let server = graph().start();
    let client = client(&server);
    let params = AdAccountCampaignsParams {
        effective_status: Some(vec![CampaignStatus::Active, CampaignStatus::Paused]),
        ..Default::default()
    };
    let all = client
        .ad_account(ACCOUNT)
        .campaigns()
        .params(params)
        .fields([CampaignField::Name])
        .limit(2)
        .all()
        .await
        .unwrap();
    assert_eq!(ids(&all), ["c1", "c2", "c3", "c4", "c5"]);
    assert_eq!(all[0].name.as_deref(), Some("Campaign 1"));
    assert_eq!(all[0].objective, None, "only the selected fields");

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let proof = proof();
    assert_eq!(
        requests[0].raw_query.as_deref(),
        Some(
            format!(
                "fields=name&effective_status=%5B%22ACTIVE%22%2C%22PAUSED%22%5D&limit=2&appsecret_proof={proof}"
            )
            .as_str()
        )
    );
    for request in &requests {
        assert_eq!(
            (request.method.as_str(), request.path.as_str()),
            ("GET", "/v19.0/act_42/campaigns")
        );
        assert_eq!((request.token, request.proof), (Check::Right, Check::Right));
        assert!(
            !request.token_in_url,
            "the token in Graph's next URL is not sent"
        );
        assert_eq!(
            request.param("effective_status"),
            Some(r#"["ACTIVE","PAUSED"]"#)
        );
    }
    assert_eq!(requests[1].param("after"), Some("bW9jazp1"));
    assert_eq!(requests[2].param("after"), Some("bW9jazp3"));
}

#[tokio::test]
async fn pages_are_the_next_urls_without_credentials() {
    let server = graph().start();
    let client = client(&server);
    let mut pages = client.ad_account(ACCOUNT).campaigns().limit(2).pages();
    let mut seen = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.unwrap();
        assert_no_secret(&format!("{page:?}"));
        seen.push(page.data);
    }
    assert_eq!(
        seen.iter().map(|p| ids(&p.data)).collect::<Vec<_>>(),
        [vec!["c1", "c2"], vec!["c3", "c4"], vec!["c5"]]
    );
    let last = seen[2].paging.as_ref().unwrap();
    assert_eq!(last.next, None, "the end: no next");
    assert!(last.previous.is_some());

    // Each later request is exactly the previous page's `next`, signed.
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    for (page, request) in seen.iter().zip(&requests[1..]) {
        let next = page.paging.as_ref().unwrap().next.as_deref().unwrap();
        let sent = format!(
            "{}{}?{}",
            server.url(),
            request.path,
            request.raw_query.as_deref().unwrap()
        );
        assert_eq!(sent, format!("{next}&appsecret_proof={}", proof()));
    }
}

#[tokio::test]
async fn stream_yields_every_item_in_order() {
    let server = graph().start();
    let client = client(&server);
    let stream = client.ad_account(ACCOUNT).campaigns().limit(2).stream();
    fn is_send<T: Send>(_: &T) {}
    is_send(&stream);
    let items: Vec<Campaign> = stream.map(Result::unwrap).collect().await;
    assert_eq!(ids(&items), ["c1", "c2", "c3", "c4", "c5"]);
    assert_eq!(server.requests().len(), 3);

    // Pages are fetched as items are used up, and a user of the generated
    // crate polls the stream through its `runtime` re-export alone.
    use graph_ops_api::runtime::futures_core::Stream;
    server.clear_requests();
    let mut stream = std::pin::pin!(client.ad_account(ACCOUNT).campaigns().limit(2).stream());
    let first = std::future::poll_fn(|cx| stream.as_mut().poll_next(cx))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.id.as_deref(), Some("c1"));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn get_is_the_first_page_with_its_paging_and_default_fields() {
    let server = graph().start();
    let client = client(&server);
    let page = client
        .ad_account(ACCOUNT)
        .campaigns()
        .limit(2)
        .get()
        .await
        .unwrap()
        .data;
    assert_eq!(ids(&page.data), ["c1", "c2"]);
    // No `fields`: Graph's defaults, the id and the scalars, not the nested account.
    assert_eq!(
        page.data[0],
        Campaign {
            id: Some("c1".into()),
            name: Some("Campaign 1".into()),
            objective: Some(Objective::OutcomeSales),
            ..Campaign::default()
        }
    );
    let paging = page.paging.unwrap();
    assert_eq!(paging.cursors.unwrap().after.as_deref(), Some("bW9jazp1"));
    assert_eq!(paging.previous, None, "the first page has no previous");
    let next = paging.next.unwrap();
    assert!(
        next.starts_with(&format!("{}/v19.0/act_42/campaigns?", server.url())),
        "{next}"
    );
    assert!(next.contains("after=bW9jazp1"), "{next}");
    assert!(
        !next.contains("access_token") && !next.contains("appsecret_proof"),
        "{next}"
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_next_url_on_another_host_is_refused() {
    let elsewhere = MockGraph::new(TOKEN).start();
    let foreign_next = format!(
        "{}/v19.0/act_42/campaigns?access_token={TOKEN}&after=x",
        elsewhere.url()
    );
    let server = MockGraph::new(TOKEN)
        .response(
            Method::Get,
            "act_42/campaigns",
            json!({"data": [campaign(1)], "paging": {"next": foreign_next}}),
        )
        .start();
    let client = client(&server);
    let list = || client.ad_account(ACCOUNT).campaigns();

    let error = list().all().await.unwrap_err();
    let Error::InvalidRequest(why) = &error else {
        panic!("expected an invalid request, got {error:?}")
    };
    assert!(why.starts_with("refusing to follow a page URL"), "{why}");
    assert_no_secret(&format!("{error} {error:?}"));

    let mut pages = list().pages();
    assert!(pages.next().await.unwrap().is_ok());
    assert!(matches!(
        pages.next().await,
        Some(Err(Error::InvalidRequest(_)))
    ));
    assert!(pages.next().await.is_none(), "no more pages after an error");

    assert!(
        elsewhere.requests().is_empty(),
        "the other host saw nothing"
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_server_that_repeats_its_next_url_is_stopped() {
    let server = MockGraph::new(TOKEN).start();
    let again = format!("{}/v19.0/act_42/campaigns?after=same", server.url());
    server.set_response(
        Method::Get,
        "act_42/campaigns",
        json!({"data": [campaign(1)], "paging": {"next": again}}),
    );
    let client = client(&server);
    let error = client
        .ad_account(ACCOUNT)
        .campaigns()
        .all()
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::InvalidRequest(why) if why.contains("stopping rather than looping")),
        "{error:?}"
    );
    assert_eq!(
        server.requests().len(),
        2,
        "the first page, then the next URL once"
    );
}

#[tokio::test]
async fn an_empty_edge_is_one_request() {
    let server = MockGraph::new(TOKEN).edge(ACCOUNT, "campaigns", []).start();
    let client = client(&server);
    let all = client.ad_account(ACCOUNT).campaigns().all().await.unwrap();
    assert!(all.is_empty());
    assert_eq!(server.requests().len(), 1);
}

// ---- parameters --------------------------------------------------------------------

#[tokio::test]
async fn create_sends_a_form_body_and_decodes_the_new_id() {
    let server = graph().start();
    let client = client(&server);
    let params = AdAccountCreateCampaignsParams {
        special_ad_categories: Some(vec!["HOUSING".into(), "EMPLOYMENT".into()]),
        daily_budget: Some(5000),
        bid_amount: Some(1.25),
        is_skadnetwork_attribution: Some(false),
        buying_type: Some("AUCTION".into()),
        ..create_params("Spring {sale} & more")
    };
    let created = client
        .ad_account(ACCOUNT)
        .create_campaigns(params)
        .send()
        .await
        .unwrap()
        .data;
    assert_eq!(
        created,
        Campaign {
            id: Some("10000000001".into()),
            ..Campaign::default()
        }
    );

    let [request] = server.requests().try_into().unwrap();
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("POST", "/v19.0/act_42/campaigns")
    );
    assert_eq!(
        request.raw_query,
        Some(format!("appsecret_proof={}", proof())),
        "parameters travel in the body"
    );
    let mut form = request.form.clone();
    form.sort();
    let expected = [
        ("bid_amount", "1.25"),
        ("buying_type", "AUCTION"),
        ("daily_budget", "5000"),
        ("is_skadnetwork_attribution", "false"),
        ("name", "Spring {sale} & more"),
        ("objective", "OUTCOME_SALES"),
        ("promoted_object", r#"{"page_id":"1"}"#),
        ("special_ad_categories", r#"["HOUSING","EMPLOYMENT"]"#),
    ];
    assert_eq!(form, expected.map(|(n, v)| (n.to_owned(), v.to_owned())));
    assert_eq!((request.token, request.proof), (Check::Right, Check::Right));

    // The new campaign is listed on the edge and can be read.
    let all = client.ad_account(ACCOUNT).campaigns().all().await.unwrap();
    assert_eq!(ids(&all).last(), Some(&"10000000001"));
    let read = client
        .campaign("10000000001")
        .fields([CampaignField::Id])
        .get()
        .await
        .unwrap();
    assert_eq!(read.data.id.as_deref(), Some("10000000001"));
}

#[tokio::test]
async fn a_missing_required_parameter_is_an_error_and_nothing_is_sent() {
    let server = graph().start();
    let client = client(&server);
    // `null` counts as absent.
    let params = AdAccountCreateCampaignsParams {
        promoted_object: Value::Null,
        ..create_params("x")
    };
    let write = client.ad_account(ACCOUNT).create_campaigns(params);
    assert!(write.request().is_err());
    let error = write.send().await.unwrap_err();
    assert_eq!(
        invalid_params(&error),
        [("promoted_object", ViolationKind::MissingParam)]
    );
    assert!(
        error.to_string().starts_with(
            "invalid parameters, nothing was sent: promoted_object: missing required parameter"
        ),
        "{error}"
    );
    assert!(!error.is_transient());

    // A list whose parameters are required, without `.params()`.
    let error = client.ad_account(ACCOUNT).search().all().await.unwrap_err();
    assert_eq!(invalid_params(&error), [("q", ViolationKind::MissingParam)]);
    let mut pages = client.ad_account(ACCOUNT).search().pages();
    assert!(matches!(
        pages.next().await,
        Some(Err(Error::InvalidParams(_)))
    ));
    assert!(pages.next().await.is_none());
    assert!(server.requests().is_empty());

    // With them, it goes out.
    server.set_response(Method::Get, "act_42/search", json!({"data": []}));
    let found = client
        .ad_account(ACCOUNT)
        .search()
        .params(AdAccountSearchParams::new("sale".into()))
        .all()
        .await
        .unwrap();
    assert!(found.is_empty());
    assert_eq!(server.requests().pop().unwrap().param("q"), Some("sale"));
}

#[tokio::test]
async fn an_unlisted_enum_value_is_refused_before_sending() {
    let server = graph().start();
    let client = client(&server);
    let other: Objective = "OUTCOME_EVERYTHING".parse().unwrap();
    assert!(matches!(other, Objective::Other(_)));
    let params = AdAccountCreateCampaignsParams {
        objective: other.clone(),
        ..create_params("x")
    };
    let error = client
        .ad_account(ACCOUNT)
        .create_campaigns(params)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        invalid_params(&error),
        [("objective", ViolationKind::UnlistedEnumValue)]
    );
    let error = client
        .campaign("c1")
        .update(CampaignUpdateParams {
            objective: Some(other),
            ..Default::default()
        })
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        invalid_params(&error),
        [("objective", ViolationKind::UnlistedEnumValue)]
    );
    // In a list too.
    let error = client
        .ad_account(ACCOUNT)
        .campaigns()
        .params(AdAccountCampaignsParams {
            effective_status: Some(vec![CampaignStatus::Active, "DELETED".parse().unwrap()]),
            ..Default::default()
        })
        .all()
        .await
        .unwrap_err();
    assert_eq!(
        invalid_params(&error),
        [("effective_status[1]", ViolationKind::UnlistedEnumValue)]
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn reads_send_their_parameters_in_the_query() {
    let server = graph().start();
    let client = client(&server);
    let campaign = client
        .campaign("c1")
        .fields([CampaignField::Name, CampaignField::Objective])
        .params(CampaignReadParams {
            date_preset: Some("last_7d".into()),
        })
        .get()
        .await
        .unwrap()
        .data;
    assert_eq!(campaign.objective, Some(Objective::OutcomeSales));
    let request = server.requests().pop().unwrap();
    assert_eq!(
        request.raw_query,
        Some(format!(
            "fields=name%2Cobjective&date_preset=last_7d&appsecret_proof={}",
            proof()
        ))
    );
}

// ---- update and delete -------------------------------------------------------------

#[tokio::test]
async fn update_and_delete_a_node() {
    let server = graph().start();
    let client = client(&server);
    let updated = client
        .campaign("c1")
        .update(CampaignUpdateParams {
            name: Some("Renamed".into()),
            objective: Some(Objective::OutcomeTraffic),
        })
        .send()
        .await
        .unwrap()
        .data;
    assert_eq!(updated, json!({"success": true}));
    let request = server.requests().pop().unwrap();
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("POST", "/v19.0/c1")
    );
    let form = [("name", "Renamed"), ("objective", "OUTCOME_TRAFFIC")];
    assert_eq!(
        request.form,
        form.map(|(n, v)| (n.to_owned(), v.to_owned()))
    );

    let deleted = client.campaign("c1").delete().send().await.unwrap().data;
    assert_eq!(deleted, json!({"success": true}));
    let request = server.requests().pop().unwrap();
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("DELETE", "/v19.0/c1")
    );
    assert_eq!(
        request.raw_query,
        Some(format!("appsecret_proof={}", proof()))
    );
    assert!(request.form.is_empty());

    // Gone, as Graph says it.
    let error = client
        .campaign("c1")
        .fields([CampaignField::Id])
        .get()
        .await
        .unwrap_err();
    assert_eq!(
        error.graph().map(|g| (g.code, g.error_subcode)),
        Some((Some(100), Some(33)))
    );
}

#[tokio::test]
async fn delete_on_an_edge_sends_its_parameters_in_the_query() {
    let server = graph().start();
    let client = client(&server);
    let deleted = client
        .ad_account(ACCOUNT)
        .delete_campaigns(AdAccountDeleteCampaignsParams {
            object_count: Some(2),
            ..AdAccountDeleteCampaignsParams::new("2024-01-01T00:00:00+0000".parse().unwrap())
        })
        .send()
        .await
        .unwrap()
        .data;
    assert_eq!(deleted, json!({"success": true}));
    let [request] = server.requests().try_into().unwrap();
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("DELETE", "/v19.0/act_42/campaigns")
    );
    assert_eq!(
        request.raw_query,
        Some(format!(
            "before_date=2024-01-01T00%3A00%3A00%2B0000&object_count=2&appsecret_proof={}",
            proof()
        ))
    );
}

#[tokio::test]
async fn writes_are_retried_only_when_nothing_was_done() {
    // Canned answers: the emulator serves them whatever the parameters.
    let server = MockGraph::new(TOKEN)
        .response(Method::Post, "act_42/campaigns", json!({"id": "c9"}))
        .response(Method::Delete, "c9", json!({"success": true}))
        .start();
    let client = client(&server);
    let create = || {
        client
            .ad_account(ACCOUNT)
            .create_campaigns(create_params("x"))
    };
    assert_eq!(
        create().send().await.unwrap().data.id.as_deref(),
        Some("c9")
    );

    server.queue_fault(Fault::server_error(503));
    let error = create().send().await.unwrap_err();
    assert_eq!(error.http_status(), Some(503));
    assert_eq!(
        server.requests().len(),
        2,
        "a POST that may have been processed is not repeated"
    );
    server.queue_fault(Fault::user_rate_limit());
    create().send().await.unwrap();
    assert_eq!(server.requests().len(), 4, "a refused POST is");

    server.queue_fault(Fault::server_error(503));
    let deleted = client.campaign("c9").delete().send().await.unwrap();
    assert_eq!(deleted.data, json!({"success": true}));
    assert_eq!(server.requests().len(), 6, "DELETE is idempotent");
}

#[tokio::test]
async fn unknown_objects_and_edges_answer_like_graph() {
    let server = graph().start();
    let client = client(&server);
    let error = client.campaign("nope").delete().send().await.unwrap_err();
    assert_eq!(error.graph().and_then(|g| g.code), Some(100));
    // Edges the spec does not have, through the runtime's builders directly.
    let node = || NodeRef::new(client.transport(), "c1");
    let error = node()
        .create::<Value, _>("photos", NoParams)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.graph().and_then(|g| g.code), Some(100));
    let error = node()
        .edge::<Value, NoParams>("photos")
        .get()
        .await
        .unwrap_err();
    assert!(
        error
            .graph()
            .unwrap()
            .message
            .contains("nonexisting field (photos)"),
        "{error}"
    );
}

// ---- blocking ----------------------------------------------------------------------

#[cfg(feature = "blocking")]
#[test]
fn the_blocking_client_lists_and_creates_too() {
    use graph_ops_api::BlockingClient;

    let server = graph().start();
    let client: BlockingClient = server.client_builder().build().unwrap();
    let list = || client.ad_account(ACCOUNT).campaigns().limit(2);

    let first = list().get().unwrap().data;
    assert_eq!(ids(&first.data), ["c1", "c2"]);
    assert_eq!(ids(&list().all().unwrap()), ["c1", "c2", "c3", "c4", "c5"]);
    let items: Vec<Campaign> = list().iter().map(Result::unwrap).collect();
    assert_eq!(ids(&items), ["c1", "c2", "c3", "c4", "c5"]);
    let sizes: Vec<usize> = list()
        .pages()
        .map(|page| page.unwrap().data.data.len())
        .collect();
    assert_eq!(sizes, [2, 2, 1]);
    assert_eq!(server.requests().len(), 1 + 3 + 3 + 3);

    let created = client
        .ad_account(ACCOUNT)
        .create_campaigns(create_params("Blocking"))
        .send()
        .unwrap()
        .data;
    assert_eq!(created.id.as_deref(), Some("10000000001"));
    let request = server.requests().pop().unwrap();
    assert_eq!(request.method, "POST");
    assert_eq!(request.form[0], ("name".to_owned(), "Blocking".to_owned()));

    let error = client
        .ad_account(ACCOUNT)
        .search()
        .iter()
        .next()
        .unwrap()
        .unwrap_err();
    assert!(matches!(error, Error::InvalidParams(_)), "{error:?}");
    assert_eq!(server.requests().len(), 11);
}
