//! Batch requests over real HTTP against the Graph emulator, through the
//! `graph-ops-api` crate codegen generates from `tests/specs/operations/`:
//! reads, edge lists and writes in one `POST /`, dependencies and
//! references, splitting at 50, per-operation errors and tokens, `null`
//! answers sent again.
#![cfg(feature = "mock")]

use graph_ops_api::{
    AdAccountCreateCampaignsParams, AdAccountField, Campaign, CampaignField, CampaignUpdateParams,
    Client, Objective,
};
use graph_runtime::Error;
use graph_runtime::auth::appsecret_proof;
use graph_runtime::batch::{BatchError, MAX_OPERATIONS, Op};
use graph_runtime::mock::{Check, Fault, MockGraph, MockServer, RecordedRequest};
use serde_json::{Value, json};

const TOKEN: &str = "EAAB-batch-token-7f3a";
const PAGE_TOKEN: &str = "EAAB-page-token-91c2";
const SECRET: &str = "batch-app-secret";
const ACCOUNT: &str = "act_42";

fn campaign(i: u32) -> Value {
    json!({"id": format!("c{i}"), "name": format!("Campaign {i}"), "objective": "OUTCOME_SALES"})
}

fn graph() -> MockGraph {
    MockGraph::new(TOKEN)
        .app_secret(SECRET)
        .accept_token(PAGE_TOKEN)
        .node(
            ACCOUNT,
            json!({"id": ACCOUNT, "name": "Main", "account_status": "ACTIVE"}),
        )
        .edge(ACCOUNT, "campaigns", (1..=5).map(campaign))
        .creates(ACCOUNT, "campaigns")
        .node("c1", campaign(1))
}

fn client(server: &MockServer) -> Client {
    server.client_builder().build().unwrap()
}

fn create(name: &str) -> AdAccountCreateCampaignsParams {
    AdAccountCreateCampaignsParams::new(
        name.to_owned(),
        Objective::OutcomeSales,
        json!({"page_id": "1"}),
    )
}

/// The batch operations the emulator ran, over every HTTP request.
fn operations(server: &MockServer) -> Vec<RecordedRequest> {
    server
        .requests()
        .into_iter()
        .flat_map(|request| request.batch)
        .collect()
}

/// The `batch` parameter of an HTTP request, parsed.
fn sent_batch(request: &RecordedRequest) -> Vec<Value> {
    let text = request.param("batch").expect("a batch request");
    serde_json::from_str(text).unwrap()
}

#[tokio::test]
async fn reads_lists_and_writes_with_a_dependency_chain_go_in_one_request() {
    let server = graph().start();
    let client = client(&server);
    let mut batch = client.batch();
    let account = batch.add(
        client
            .ad_account(ACCOUNT)
            .fields([AdAccountField::Name, AdAccountField::AccountStatus]),
    );
    let first_page = batch.add(client.ad_account(ACCOUNT).campaigns().limit(2));
    let created = batch.add(
        Op::new(
            client
                .ad_account(ACCOUNT)
                .create_campaigns(create("Spring")),
        )
        .name("create-campaign"),
    );
    // The new campaign, read back and renamed by id, which only Graph knows.
    let read_back = batch.add(client.campaign(created.id()).fields([CampaignField::Id]));
    let renamed = batch.add(client.campaign(created.id()).update(CampaignUpdateParams {
        name: Some("Renamed".into()),
        ..CampaignUpdateParams::new()
    }));
    let after = batch.add(Op::new(client.ad_account(ACCOUNT).campaigns()).depends_on(&renamed));
    let mut results = batch.send().await.unwrap();

    assert_eq!(results.http_requests(), 1);
    let [request] = server.requests().try_into().unwrap();
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("POST", "/v19.0")
    );
    assert_eq!((request.token, request.proof), (Check::Right, Check::Right));

    let read = results.take(&account).unwrap().data;
    assert_eq!(read.name.as_deref(), Some("Main"));
    assert_eq!(
        read.account_status,
        Some(graph_ops_api::AccountStatus::Active)
    );
    let page = results.take(&first_page).unwrap().data;
    assert_eq!(
        page.data
            .iter()
            .filter_map(|c| c.id.as_deref())
            .collect::<Vec<_>>(),
        ["c1", "c2"]
    );
    assert!(page.paging.and_then(|p| p.next).is_some());
    let new_id = results.take(&created).unwrap().data.id.unwrap();
    assert_eq!(new_id, "10000000001");
    assert_eq!(
        results.take(&read_back).unwrap().data,
        Campaign {
            id: Some(new_id.clone()),
            ..Campaign::default()
        }
    );
    assert_eq!(
        results.take(&renamed).unwrap().data,
        json!({"success": true})
    );
    let listed = results.take(&after).unwrap().data;
    assert_eq!(
        listed.data.last().and_then(|c| c.id.as_deref()),
        Some(new_id.as_str())
    );
    // Each result is taken once.
    assert!(matches!(
        results.take(&account),
        Err(Error::Batch(BatchError::NoResult(_)))
    ));

    // On the wire: the reference travels unencoded, the referred operation
    // is named and asks for its answer, the dependency is declared.
    let sent = sent_batch(&request);
    assert_eq!(sent.len(), 6);
    assert_eq!(sent[2]["name"], "create-campaign");
    assert_eq!(sent[2]["omit_response_on_success"], false);
    assert_eq!(sent[2]["method"], "POST");
    assert!(sent[2]["body"].as_str().unwrap().contains("name=Spring"));
    assert_eq!(
        sent[3]["relative_url"],
        "v19.0/{result=create-campaign:$.id}?fields=id"
    );
    assert_eq!(sent[4]["name"], "op4");
    assert_eq!(sent[5]["depends_on"], "op4");
    assert!(sent[0].get("name").is_none(), "{}", sent[0]);

    let ops = operations(&server);
    let paths: Vec<&str> = ops.iter().map(|op| op.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/v19.0/act_42",
            "/v19.0/act_42/campaigns",
            "/v19.0/act_42/campaigns",
            "/v19.0/10000000001",
            "/v19.0/10000000001",
            "/v19.0/act_42/campaigns"
        ]
    );
    assert!(
        ops.iter()
            .all(|op| op.token == Check::Right && op.proof == Check::Right)
    );
}

#[tokio::test]
async fn a_hundred_and_twenty_operations_go_in_three_requests_without_breaking_a_chain() {
    let server = graph().start();
    let client = client(&server);
    let mut batch = client.batch();
    // 40 chains of a create and two reads of what it created.
    let mut chains = Vec::new();
    for i in 0..40 {
        let made = batch.add(
            client
                .ad_account(ACCOUNT)
                .create_campaigns(create(&format!("n{i}"))),
        );
        let read = batch.add(client.campaign(made.id()).fields([CampaignField::Id]));
        let again = batch.add(client.campaign(made.result("$.id")).read());
        chains.push((made, read, again));
    }
    assert_eq!(batch.len(), 120);
    let mut results = batch.send().await.unwrap();

    let requests = server.requests();
    assert_eq!(results.http_requests(), 3);
    let sizes: Vec<usize> = requests.iter().map(|r| sent_batch(r).len()).collect();
    // Whole chains of three: 16 fit in 50.
    assert_eq!(sizes, [48, 48, 24]);
    assert!(sizes.iter().all(|&n| n <= MAX_OPERATIONS));
    for (made, read, again) in &chains {
        let id = results.take(made).unwrap().data.id.unwrap();
        assert_eq!(
            results.take(read).unwrap().data.id.as_deref(),
            Some(id.as_str())
        );
        assert_eq!(
            results.take(again).unwrap().data.id.as_deref(),
            Some(id.as_str())
        );
    }
}

#[tokio::test]
async fn each_operation_has_its_own_result_errors_beside_successes() {
    let server = graph().start();
    let client = client(&server);
    let mut batch = client.batch();
    let known = batch.add(client.campaign("c1").fields([CampaignField::Name]));
    let unknown = batch.add(client.campaign("c404").fields([CampaignField::Name]));
    // Refused before sending (the name is required): its dependent is not sent either.
    let invalid = batch.add(client.ad_account(ACCOUNT).update(
        graph_ops_api::AdAccountUpdateParams {
            name: String::new(),
            spend_cap: None,
        },
    ));
    let missing_required = batch.add(client.ad_account(ACCOUNT).create_campaigns(
        AdAccountCreateCampaignsParams {
            promoted_object: Value::Null,
            ..create("x")
        },
    ));
    let dependent = batch.add(client.campaign(missing_required.id()).read());
    let last = batch.add(client.campaign("c1").read());
    let mut results = batch.send().await.unwrap();

    assert_eq!(
        results.take(&known).unwrap().data.name.as_deref(),
        Some("Campaign 1")
    );
    let error = results.take(&unknown).unwrap_err();
    let graph = error.graph().expect("a Graph error of its own");
    assert_eq!(
        (graph.code, graph.error_subcode, graph.http_status),
        (Some(100), Some(33), 400)
    );
    assert!(
        results.take(&invalid).is_ok(),
        "an empty name is still a name"
    );
    let error = results.take(&missing_required).unwrap_err();
    let Error::InvalidParams(violations) = &error else {
        panic!("{error:?}")
    };
    assert!(
        violations.errors().any(|v| v.path() == "promoted_object"),
        "{violations}"
    );
    let error = results.take(&dependent).unwrap_err();
    assert!(
        matches!(&error, Error::Batch(BatchError::DependencyNotSent { name }) if name == "op3"),
        "{error:?}"
    );
    assert_eq!(results.take(&last).unwrap().data.id.as_deref(), Some("c1"));
    // Four operations went out, in one request.
    assert_eq!(operations(&server).len(), 4);
}

#[tokio::test]
async fn null_answers_are_sent_again_and_writes_only_when_surely_not_applied() {
    let server = graph().start();
    let client = client(&server);
    let mut batch = client.batch();
    let read = batch.add(client.campaign("c1").read());
    let lone_write = batch.add(client.ad_account(ACCOUNT).create_campaigns(create("lone")));
    let parent = batch.add(client.campaign("c1").fields([CampaignField::Id]));
    let child_write = batch.add(
        Op::new(client.ad_account(ACCOUNT).create_campaigns(create("child"))).depends_on(&parent),
    );
    let fine = batch.add(client.campaign("c1").fields([CampaignField::Name]));
    // Graph runs none of the first four (the child's parent was not run, so neither was it).
    server.queue_fault(Fault::batch_not_run([0, 1, 2]));
    let mut results = batch.send().await.unwrap();

    assert_eq!(results.http_requests(), 2);
    let requests = server.requests();
    let resent: Vec<String> = sent_batch(&requests[1])
        .iter()
        .map(|op| op["relative_url"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        resent,
        ["v19.0/c1", "v19.0/c1?fields=id", "v19.0/act_42/campaigns"],
        "the read, and the write whose parent did not run, with its parent"
    );
    assert_eq!(results.take(&read).unwrap().data.id.as_deref(), Some("c1"));
    assert_eq!(
        results.take(&parent).unwrap().data.id.as_deref(),
        Some("c1")
    );
    assert!(results.take(&child_write).unwrap().data.id.is_some());
    assert!(results.take(&fine).is_ok());
    let error = results.take(&lone_write).unwrap_err();
    assert!(
        matches!(
            error,
            Error::Batch(BatchError::NotRun {
                attempts: 1,
                may_have_run: true
            })
        ),
        "{error:?}"
    );
    // Exactly one campaign was created: the child's.
    let created = operations(&server)
        .iter()
        .filter(|op| op.method == "POST")
        .count();
    assert_eq!(created, 1);
}

#[tokio::test]
async fn operations_not_run_in_any_attempt_say_so() {
    let server = graph().start();
    let client: Client = server.client_builder().max_attempts(2).build().unwrap();
    let mut batch = client.batch();
    let read = batch.add(client.campaign("c1").read());
    server.queue_faults([Fault::batch_not_run([0]), Fault::batch_not_run([0])]);
    let mut results = batch.send().await.unwrap();
    assert_eq!(results.http_requests(), 2);
    let error = results.take(&read).unwrap_err();
    assert!(
        matches!(
            error,
            Error::Batch(BatchError::NotRun {
                attempts: 2,
                may_have_run: false
            })
        ),
        "{error:?}"
    );
    assert!(error.is_transient());
}

#[tokio::test]
async fn an_operation_can_carry_its_own_token_and_proof() {
    let server = graph().start();
    let client = client(&server);
    let mut batch = client.batch();
    let as_page = batch.add(Op::new(client.campaign("c1").read()).access_token(PAGE_TOKEN));
    let as_page_write = batch.add(
        Op::new(client.campaign("c1").update(CampaignUpdateParams::new())).access_token(PAGE_TOKEN),
    );
    let wrong =
        batch.add(Op::new(client.campaign("c1").read()).access_token("EAAB-not-a-token-xyz"));
    let plain = batch.add(client.campaign("c1").read());
    let shown = format!("{batch:?}");
    assert!(!shown.contains(PAGE_TOKEN), "{shown}");
    let mut results = batch.send().await.unwrap();

    assert!(results.take(&as_page).is_ok());
    assert!(results.take(&as_page_write).is_ok());
    let error = results.take(&wrong).unwrap_err();
    assert_eq!(error.graph().and_then(|g| g.code), Some(190));
    assert!(!error.to_string().contains("EAAB-not-a-token"), "{error}");
    assert!(results.take(&plain).is_ok());

    let [request] = server.requests().try_into().unwrap();
    assert!(
        !request.path.contains("EAAB") && !request.raw_query.unwrap_or_default().contains("EAAB")
    );
    let ops = operations(&server);
    let page_proof = appsecret_proof(&SECRET.into(), &PAGE_TOKEN.into());
    // GET: token and proof in the operation's relative_url; POST: in its body.
    assert_eq!(ops[0].param("access_token"), Some(PAGE_TOKEN));
    assert_eq!(ops[0].param("appsecret_proof"), Some(page_proof.as_str()));
    assert!(ops[0].form.is_empty());
    assert!(
        ops[1]
            .form
            .iter()
            .any(|(n, v)| n == "access_token" && v == PAGE_TOKEN)
    );
    assert_eq!((ops[0].token, ops[0].proof), (Check::Right, Check::Right));
    assert_eq!((ops[1].token, ops[1].proof), (Check::Right, Check::Right));
    assert_eq!(ops[2].token, Check::Wrong);
    // Without its own token, an operation runs with the batch's.
    assert_eq!((ops[3].token, ops[3].proof), (Check::Right, Check::Right));
    assert_eq!(ops[3].param("access_token"), None);
}

#[tokio::test]
async fn an_omitted_answer_is_not_sent_again() {
    let server = graph().start();
    let client = client(&server);
    let mut batch = client.batch();
    let parent = batch.add(
        Op::new(client.campaign("c1").fields([CampaignField::Id])).omit_response_on_success(true),
    );
    let child = batch.add(client.campaign(parent.id()).fields([CampaignField::Name]));
    let mut results = batch.send().await.unwrap();
    assert_eq!(results.http_requests(), 1);
    assert!(matches!(
        results.take(&parent),
        Err(Error::Batch(BatchError::Omitted))
    ));
    assert_eq!(
        results.take(&child).unwrap().data.name.as_deref(),
        Some("Campaign 1")
    );
}

#[tokio::test]
async fn a_failed_batch_request_is_every_operation_s_error() {
    let server = graph().start();
    let client = client(&server);
    let mut batch = client.batch();
    let handles = batch.add_all(["c1", "c2"].map(|id| client.campaign(id).read()));
    server.queue_fault(Fault::html_error(502));
    let mut results = batch.send().await.unwrap();
    for handle in &handles {
        let error = results.take(handle).unwrap_err();
        assert!(
            matches!(&error, Error::Batch(BatchError::RequestFailed(_))),
            "{error:?}"
        );
        assert_eq!(error.http_status(), Some(502));
    }
    // A POST that may have been processed is not repeated.
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn batches_that_cannot_be_sent_as_built_are_refused_before_sending() {
    let server = graph().start();
    let client = client(&server);

    let mut twice = client.batch();
    twice.add(Op::new(client.campaign("c1").read()).name("same"));
    twice.add(Op::new(client.campaign("c1").read()).name("same"));
    assert!(refusal(twice.send().await).contains("two batch operations are named `same`"));

    let mut automatic = client.batch();
    automatic.add(Op::new(client.campaign("c1").read()).name("op7"));
    assert!(refusal(automatic.send().await).contains("given automatically"));

    let mut odd = client.batch();
    odd.add(Op::new(client.campaign("c1").read()).name("a b"));
    assert!(refusal(odd.send().await).contains("letters, digits"));

    // A handle of another batch.
    let mut other = client.batch();
    let foreign = other.add(client.campaign("c1").read());
    let mut uses_foreign = client.batch();
    uses_foreign.add(Op::new(client.campaign("c1").read()).depends_on(&foreign));
    assert!(refusal(uses_foreign.send().await).contains("not an operation added before it"));

    // A chain longer than one request.
    let mut long = client.batch();
    let mut previous = long.add(client.campaign("c1").read());
    for _ in 0..MAX_OPERATIONS {
        previous = long.add(Op::new(client.campaign("c1").read()).depends_on(&previous));
    }
    assert!(refusal(long.send().await).contains("51 batch operations depend on one another"));

    assert!(server.requests().is_empty());
}

fn refusal<T: std::fmt::Debug>(sent: Result<T, Error>) -> String {
    match sent {
        Err(Error::InvalidRequest(why)) => why,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn the_blocking_client_sends_batches_too() {
    let server = graph().start();
    let client: graph_ops_api::BlockingClient = server.client_builder().build().unwrap();
    let mut batch = client.batch();
    let made = batch.add(client.ad_account(ACCOUNT).create_campaigns(create("b")));
    let read = batch.add(client.campaign(made.id()).fields([CampaignField::Id]));
    let mut results = batch.send().unwrap();
    let id = results.take(&made).unwrap().data.id.unwrap();
    assert_eq!(results.take(&read).unwrap().data.id, Some(id));
    assert_eq!(server.requests().len(), 1);
}

/// Text from elsewhere (an end user's) that spells a reference to another
/// operation of the same batch goes as an inert literal: Graph (here the
/// emulator, which resolves references in the raw operation as Graph does)
/// does not pull that operation's answer into this one. Only a reference a
/// handle made is live.
#[tokio::test]
async fn text_that_spells_a_reference_is_sent_as_a_literal() {
    let server = graph().start();
    let client = client(&server);
    let mut batch = client.batch();
    let _private = batch.add(client.ad_account(ACCOUNT).fields([AdAccountField::Name]));
    let typed = "{result=op0:$.name}";
    let created = batch.add(client.ad_account(ACCOUNT).create_campaigns(create(typed)));
    let by_typed_id = batch.add(client.campaign("{result=op0:$.id}").read());
    let by_handle = batch.add(client.campaign(created.id()).fields([CampaignField::Id]));
    let mut results = batch.send().await.unwrap();

    let ops = operations(&server);
    assert_eq!(ops.len(), 4, "{ops:#?}");
    // The name arrives as typed, not as the account's name ("Main").
    assert_eq!(ops[1].param("name"), Some(typed));
    assert_eq!(ops[2].segments, ["{result=op0:$.id}"]);
    assert!(results.take(&by_typed_id).is_err());
    // The handle's reference was resolved, to the campaign just created.
    let read_back = results.take(&by_handle).unwrap().data;
    assert_eq!(read_back.id.as_deref(), Some("10000000001"));
    assert_eq!(ops[3].segments, ["10000000001"]);
    // On the wire, the typed text is encoded; the handle's reference is not.
    let sent = sent_batch(&server.requests()[0]);
    assert!(
        !sent[1]["body"].as_str().unwrap().contains("{result"),
        "{}",
        sent[1]
    );
    assert!(
        sent[2]["relative_url"]
            .as_str()
            .unwrap()
            .contains("%7Bresult%3Dop0")
    );
    assert!(
        sent[3]["relative_url"]
            .as_str()
            .unwrap()
            .starts_with("v19.0/{result=op1:$.id}"),
        "{}",
        sent[3]
    );
}

/// A reference outside its batch, in a plain request or another batch, is
/// refused before anything is sent.
#[tokio::test]
async fn a_reference_works_only_in_its_own_batch() {
    let server = graph().start();
    let client = client(&server);
    let mut first = client.batch();
    let read = first.add(client.campaign("c1").read());
    let alone = client.campaign(read.id()).read().get().await.unwrap_err();
    assert!(alone.to_string().contains("outside its batch"), "{alone}");
    let mut second = client.batch();
    let other = second.add(client.campaign(read.id()).read());
    let refused = second.send().await;
    let error = match refused {
        Ok(mut results) => results.take(&other).unwrap_err(),
        Err(error) => error,
    };
    assert!(error.to_string().contains("another batch"), "{error}");
    assert!(server.requests().is_empty());
}
