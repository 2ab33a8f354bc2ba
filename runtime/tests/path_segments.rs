//! Node ids travel as exactly one path segment, over real HTTP.
//!
//! An id is a value, often from user input: `123/adsets` must name the node
//! `123%2Fadsets`, never the `adsets` edge of node `123`, and `..` must not
//! climb out of the version prefix. Each builder is checked against the
//! emulator's request log: the raw path as it arrived, and the segments
//! after decoding. The models are codegen's (`graph-ops-api`, generated from
//! `tests/specs/operations/`); the first test goes through its client as a
//! user would, the others call the runtime's builders directly, as the
//! generated handles do.
#![cfg(feature = "mock")]

use graph_ops_api::{AdAccount, Campaign, CampaignField};
use graph_runtime::mock::{MockGraph, MockServer, RecordedRequest};
use graph_runtime::{Client, Error, Method, NoParams, NodeRef, Page, Response};
use serde_json::{Value, json};

const TOKEN: &str = "EAAB-path-segments-token";

/// Ids that are one segment although they hold path, query or fragment
/// syntax, a percent sign, blanks or dots, with their encoding on the wire.
const AWKWARD_IDS: &[(&str, &str)] = &[
    ("123/adsets", "123%2Fadsets"),
    ("1?fields=access_token", "1%3Ffields%3Daccess_token"),
    ("1#frag", "1%23frag"),
    ("100%", "100%25"),
    ("%2e%2e", "%252e%252e"),
    ("a b", "a%20b"),
    ("tab\tnew\nline", "tab%09new%0Aline"),
    ("...", "..."),
    ("..a", "..a"),
    ("act_1-2.3~x", "act_1-2.3~x"),
    ("é", "%C3%A9"),
];

/// Node `123` with an `adsets` edge that accepts deletes: what a
/// `123/adsets` id must never reach.
fn server() -> MockServer {
    let mut graph = MockGraph::new(TOKEN)
        .node("123", json!({"id": "123", "name": "the real node"}))
        .creates("123", "adsets");
    for (id, _) in AWKWARD_IDS {
        graph = graph
            .node(
                *id,
                json!({"id": id, "name": format!("node {id}"), "account": {"id": "123"}}),
            )
            .edge(
                *id,
                "campaigns",
                (1..=3).map(|i| json!({"id": format!("{id}_{i}")})),
            )
            .creates(*id, "campaigns");
    }
    graph.start()
}

fn client(server: &MockServer) -> Client {
    server.client_builder().build().unwrap()
}

/// The one request the emulator received since the log was last cleared.
fn only_request(server: &MockServer) -> RecordedRequest {
    let requests = server.requests();
    server.clear_requests();
    let [request] = requests
        .try_into()
        .unwrap_or_else(|r: Vec<_>| panic!("expected one request, got {}: {r:#?}", r.len()));
    request
}

fn arrived(request: &RecordedRequest) -> (&str, &str, Vec<&str>) {
    (
        request.method.as_str(),
        request.path.as_str(),
        request.segments.iter().map(String::as_str).collect(),
    )
}

#[tokio::test]
async fn a_delete_by_an_id_with_a_slash_reaches_no_edge() {
    let server = server();
    let client = client(&server);
    // Through the generated client, as a user would write it.
    let generated: graph_ops_api::Client = server.client_builder().build().unwrap();
    let error = generated
        .campaign("123/not-a-node")
        .delete()
        .send()
        .await
        .unwrap_err();
    let graph = error.graph().expect("the emulator's answer");
    assert_eq!(
        (graph.code, graph.error_subcode),
        (Some(100), Some(33)),
        "{error}"
    );
    assert!(graph.message.contains("ID '123/not-a-node'"), "{error}");
    let request = only_request(&server);
    assert_eq!(
        arrived(&request),
        ("DELETE", "/v19.0/123%2Fnot-a-node", vec!["123/not-a-node"])
    );
    assert_eq!(request.version.as_deref(), Some("v19.0"));
    assert_eq!(request.raw_query, None);

    // `123/adsets` is a node of its own here, and is what gets deleted.
    let deleted = NodeRef::new(&client, "123/adsets")
        .delete::<Value, _>(NoParams)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.data, json!({"success": true}));
    assert_eq!(
        arrived(&only_request(&server)),
        ("DELETE", "/v19.0/123%2Fadsets", vec!["123/adsets"])
    );
    // Node 123 is untouched.
    let real = NodeRef::new(&client, "123")
        .read::<Campaign, NoParams>()
        .get()
        .await
        .unwrap();
    assert_eq!(real.data.name.as_deref(), Some("the real node"));
}

#[tokio::test]
async fn every_builder_sends_the_id_as_one_encoded_segment() {
    let server = server();
    let client = client(&server);
    for &(id, encoded) in AWKWARD_IDS {
        let node = || NodeRef::new(&client, id);
        let on_node = format!("/v19.0/{encoded}");
        let on_edge = format!("/v19.0/{encoded}/campaigns");

        let read = node()
            .read::<Campaign, NoParams>()
            .field(CampaignField::Name);
        let thing = read.get().await.unwrap().data;
        assert_eq!(thing.name, Some(format!("node {id}")), "{id:?}");
        let request = only_request(&server);
        assert_eq!(arrived(&request), ("GET", on_node.as_str(), vec![id]));
        assert_eq!(request.param("fields"), Some("name"));

        let account = node()
            .expand::<AdAccount>("account")
            .get()
            .await
            .unwrap()
            .data;
        assert_eq!(account.and_then(|p| p.id).as_deref(), Some("123"), "{id:?}");
        let request = only_request(&server);
        assert_eq!(arrived(&request), ("GET", on_node.as_str(), vec![id]));
        assert_eq!(request.param("fields"), Some("account"));

        let list = node().edge::<Campaign, NoParams>("campaigns").limit(1);
        let first: Response<Page<Campaign>> = list.get().await.unwrap();
        assert_eq!(first.data.data[0].id, Some(format!("{id}_1")), "{id:?}");
        assert_eq!(
            arrived(&only_request(&server)),
            ("GET", on_edge.as_str(), vec![id, "campaigns"])
        );

        let created = node()
            .create::<Campaign, _>("campaigns", NoParams)
            .send()
            .await
            .unwrap();
        assert!(created.data.id.is_some(), "{id:?}");
        assert_eq!(
            arrived(&only_request(&server)),
            ("POST", on_edge.as_str(), vec![id, "campaigns"])
        );

        let updated = node().update::<Value, _>(NoParams).send().await.unwrap();
        assert_eq!(updated.data, json!({"success": true}), "{id:?}");
        assert_eq!(
            arrived(&only_request(&server)),
            ("POST", on_node.as_str(), vec![id])
        );

        let unliked = node()
            .delete_edge::<Value, _>("campaigns", NoParams)
            .send()
            .await
            .unwrap();
        assert_eq!(unliked.data, json!({"success": true}), "{id:?}");
        assert_eq!(
            arrived(&only_request(&server)),
            ("DELETE", on_edge.as_str(), vec![id, "campaigns"])
        );
    }
}

#[test]
fn a_node_ref_keeps_its_id_as_given() {
    let client = Client::builder(TOKEN).build().unwrap();
    let node = NodeRef::new(&client, "123/adsets");
    assert_eq!(node.id(), "123/adsets");
    assert_eq!(node.clone().id(), "123/adsets");
    assert_eq!(format!("{node:?}"), r#"NodeRef { id: "123/adsets" }"#);
    assert!(std::ptr::eq(node.client(), &client));
}

#[tokio::test]
async fn paging_keeps_the_id_in_one_segment() {
    let server = server();
    let client = client(&server);
    let all = NodeRef::new(&client, "123/adsets")
        .edge::<Campaign, NoParams>("campaigns")
        .limit(2)
        .all()
        .await
        .unwrap();
    let ids: Vec<_> = all.iter().filter_map(|t| t.id.as_deref()).collect();
    assert_eq!(ids, ["123/adsets_1", "123/adsets_2", "123/adsets_3"]);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(
            arrived(request),
            (
                "GET",
                "/v19.0/123%2Fadsets/campaigns",
                vec!["123/adsets", "campaigns"]
            )
        );
    }
    assert!(requests[1].param("after").is_some());
}

#[tokio::test]
async fn empty_and_dot_ids_are_refused_and_nothing_is_sent() {
    let server = server();
    let client = client(&server);
    for id in ["", ".", ".."] {
        let node = || NodeRef::new(&client, id);
        let expected = format!("invalid request: node id `{id}` is not a usable id: ");
        let errors = [
            node().read::<Campaign, NoParams>().get().await.map(drop),
            node().expand::<AdAccount>("account").get().await.map(drop),
            node()
                .edge::<Campaign, NoParams>("campaigns")
                .get()
                .await
                .map(drop),
            node()
                .edge::<Campaign, NoParams>("campaigns")
                .all()
                .await
                .map(drop),
            node()
                .create::<Value, _>("campaigns", NoParams)
                .send()
                .await
                .map(drop),
            node().update::<Value, _>(NoParams).send().await.map(drop),
            node().delete::<Value, _>(NoParams).send().await.map(drop),
            node()
                .delete_edge::<Value, _>("campaigns", NoParams)
                .send()
                .await
                .map(drop),
        ];
        for (i, result) in errors.into_iter().enumerate() {
            let error = result.unwrap_err();
            assert!(
                matches!(&error, Error::InvalidRequest(_)),
                "{id:?} #{i}: {error:?}"
            );
            assert!(
                error.to_string().starts_with(&expected),
                "{id:?} #{i}: {error}"
            );
        }
        assert_eq!(server.requests(), [], "{id:?}");
    }
}

#[tokio::test]
async fn literal_paths_still_split_and_credentials_are_never_parameters() {
    let server = MockGraph::new(TOKEN)
        .node("1", json!({"id": "1"}))
        .edge("1", "feed", [json!({"id": "1_1"})])
        .start();
    let client = client(&server);
    let feed = client.get_json("1/feed", &[]).await.unwrap();
    assert_eq!(feed.data["data"][0]["id"], "1_1");
    assert_eq!(
        arrived(&only_request(&server)),
        ("GET", "/v19.0/1/feed", vec!["1", "feed"])
    );

    for name in graph_runtime::params::CLIENT_PARAMS {
        let error = client
            .get_json("1", &[(*name, "EAAB-smuggled")])
            .await
            .unwrap_err();
        let shown = format!("{error} {error:?}");
        assert!(matches!(error, Error::InvalidRequest(_)), "{shown}");
        assert!(
            shown.contains(&format!("parameter `{name}` is set by the client")),
            "{shown}"
        );
        assert!(!shown.contains("EAAB-smuggled"), "{shown}");
    }
    let post = graph_runtime::GraphRequest::new(Method::Post, "1/feed")
        .param("access_token", "EAAB-smuggled");
    assert!(matches!(
        client.send(post).await,
        Err(Error::InvalidRequest(_))
    ));
    assert_eq!(server.requests(), []);
}
