//! Runs inside a crate generated from `tests/specs/operations/` (copied in
//! by `tests/tests/operations.rs`), against the Graph emulator: the
//! generated methods for edges, creates, updates and deletes, end to end.

use ops_graph::runtime::mock::MockGraph;
use ops_graph::runtime::serde_json::json;
use ops_graph::runtime::{Error, NoParams};
use ops_graph::{
    AdAccountCampaignsParams, AdAccountCreateCampaignsParams, AdAccountDeleteCampaignsParams,
    AdAccountSearchParams, AdAccountUpdateParams, CampaignField, CampaignStatus, Client, Objective,
};

const TOKEN: &str = "EAAB-ops-token-0123456789";

fn campaigns(n: usize) -> Vec<ops_graph::runtime::serde_json::Value> {
    (1..=n).map(|i| json!({"id": i.to_string(), "name": format!("Campaign {i}"), "objective": "OUTCOME_SALES"})).collect()
}

#[tokio::test]
async fn a_list_edge_follows_next_across_three_pages() {
    let server = MockGraph::new(TOKEN).edge("act_1", "campaigns", campaigns(5)).start();
    let client = server.client_builder::<Client>().build().unwrap();
    let all = client
        .ad_account("act_1")
        .campaigns()
        .fields([CampaignField::Id, CampaignField::Name])
        .params(AdAccountCampaignsParams {
            effective_status: Some(vec![CampaignStatus::Active, CampaignStatus::Paused]),
        })
        .limit(2)
        .all()
        .await
        .unwrap();
    let names: Vec<_> = all.iter().map(|c| c.name.clone().unwrap()).collect();
    assert_eq!(names, ["Campaign 1", "Campaign 2", "Campaign 3", "Campaign 4", "Campaign 5"]);
    let requests = server.requests();
    assert_eq!(requests.len(), 3, "three pages, three requests");
    for request in &requests {
        assert!(request.path.ends_with("/act_1/campaigns"), "{}", request.path);
        assert_eq!(request.param("effective_status"), Some(r#"["ACTIVE","PAUSED"]"#));
        assert!(!request.token_in_url);
    }
}

#[tokio::test]
async fn the_first_page_alone_and_as_a_stream() {
        use ops_graph::runtime::futures_core::Stream;
    let server = MockGraph::new(TOKEN).edge("act_1", "campaigns", campaigns(3)).start();
    let client = server.client_builder::<Client>().build().unwrap();
    let page = client.ad_account("act_1").campaigns().limit(2).get().await.unwrap().data;
    assert_eq!(page.data.len(), 2);
    assert!(page.paging.and_then(|p| p.next).is_some());
        let mut stream = std::pin::pin!(client.ad_account("act_1").campaigns().limit(2).stream());
    let mut ids = Vec::new();
    while let Some(item) = std::future::poll_fn(|cx| stream.as_mut().poll_next(cx)).await {
        ids.push(item.unwrap().id.unwrap());
    }
    assert_eq!(ids, ["1", "2", "3"]);
}

#[tokio::test]
async fn create_sends_typed_form_params_and_decodes_the_new_id() {
    let server = MockGraph::new(TOKEN).creates("act_1", "campaigns").start();
    let client = server.client_builder::<Client>().build().unwrap();
    let params = AdAccountCreateCampaignsParams {
        special_ad_categories: Some(vec!["NONE".into()]),
        daily_budget: Some(1500),
        ..AdAccountCreateCampaignsParams::new("Spring sale".into(), Objective::OutcomeTraffic)
    };
    let created = client.ad_account("act_1").create_campaigns(params).send().await.unwrap();
    assert!(created.data.id.is_some());
    let request = server.requests().pop().unwrap();
    assert_eq!(request.method, "POST");
    let form: std::collections::BTreeMap<_, _> = request.form.iter().cloned().collect();
    assert_eq!(form["name"], "Spring sale");
    assert_eq!(form["objective"], "OUTCOME_TRAFFIC");
    assert_eq!(form["special_ad_categories"], r#"["NONE"]"#);
    assert_eq!(form["daily_budget"], "1500");
}

#[tokio::test]
async fn params_outside_the_spec_are_refused_before_anything_is_sent() {
    let server = MockGraph::new(TOKEN).creates("act_1", "campaigns").start();
    let client = server.client_builder::<Client>().build().unwrap();
    let params = AdAccountCreateCampaignsParams::new("x".into(), "OUTCOME_AWARENESS".parse().unwrap());
    let err = client.ad_account("act_1").create_campaigns(params).send().await.unwrap_err();
    assert!(matches!(err, Error::InvalidParams(_)), "{err:?}");
    assert!(err.to_string().contains("objective"), "{err}");
    // A list whose required parameter was never given.
    let err = client.ad_account("act_1").search().get().await.unwrap_err();
    assert!(err.to_string().contains("q"), "{err}");
    assert!(server.requests().is_empty(), "nothing reached the server");
    let _ = AdAccountSearchParams::new("sale".into());
}

#[tokio::test]
async fn update_and_delete() {
    let server = MockGraph::new(TOKEN)
        .node("act_1", json!({"id": "act_1", "name": "Old"}))
        .node("c_1", json!({"id": "c_1"}))
        .start();
    let client = server.client_builder::<Client>().build().unwrap();
    let updated = client
        .ad_account("act_1")
        .update(AdAccountUpdateParams { spend_cap: Some(10), ..AdAccountUpdateParams::new("New".into()) })
        .send()
        .await
        .unwrap();
    assert_eq!(updated.data["success"], true);
    let request = server.requests().pop().unwrap();
    assert_eq!((request.method.as_str(), request.path.as_str()), ("POST", "/v19.0/act_1"));
    client.campaign("c_1").delete().send().await.unwrap();
    assert_eq!(server.requests().pop().unwrap().method, "DELETE");
    let _ = (NoParams, AdAccountDeleteCampaignsParams::new("2024-01-01T00:00:00+0000".parse().unwrap()));
}
