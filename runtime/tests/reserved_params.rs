//! Parameters the client or a builder sets itself never come from a
//! parameters struct, over real HTTP: a credential would travel in the URL,
//! and `fields` or `limit` would be in the query twice. Each refusal is an
//! `Error::InvalidParams` naming the parameter (never its value), and the
//! emulator's log shows that nothing was sent.
#![cfg(feature = "mock")]

use graph_runtime::mock::{MockGraph, MockServer};
use graph_runtime::params::{CLIENT_PARAMS, LIST_PARAMS, READ_PARAMS};
use graph_runtime::schema::{ParamSchema, Type};
use graph_runtime::{Client, Error, NodeRef, Params, ViolationKind};
use serde_json::{Map, Value, json};

const TOKEN: &str = "EAAB-reserved-params-token";
const SMUGGLED: &str = "EAAB-smuggled-value";

/// Any parameters, under a schema listing every reserved name and `q`, as a
/// spec imported from Facebook might (codegen leaves reserved names out of
/// the structs it generates, but nothing else stops a hand-written impl).
#[derive(Debug, Clone, serde::Serialize)]
#[serde(transparent)]
struct Raw(Map<String, Value>);

const fn optional(name: &'static str) -> ParamSchema {
    ParamSchema {
        name,
        ty: Type::String,
        required: false,
    }
}

impl Params for Raw {
    const SCHEMA: &'static [ParamSchema] = &[
        optional("access_token"),
        optional("after"),
        optional("appsecret_proof"),
        optional("before"),
        optional("fields"),
        optional("limit"),
        optional("q"),
    ];
}

fn raw(value: Value) -> Raw {
    match value {
        Value::Object(map) => Raw(map),
        other => panic!("{other}"),
    }
}

fn server() -> MockServer {
    MockGraph::new(TOKEN)
        .node("1", json!({"id": "1", "name": "one"}))
        .edge("1", "feed", [json!({"id": "1_1"})])
        .creates("1", "feed")
        .start()
}

/// The refused parameter names, checking the error's shape on the way.
fn refused(error: Error) -> Vec<String> {
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains(SMUGGLED), "{shown}");
    let Error::InvalidParams(errors) = error else {
        panic!("expected invalid parameters: {shown}")
    };
    errors
        .errors()
        .map(|v| {
            assert_eq!(v.kind(), ViolationKind::ReservedParam, "{v}");
            assert!(
                v.message()
                    .starts_with(&format!("parameter `{}` is set by the ", v.path())),
                "{v}"
            );
            v.path().to_owned()
        })
        .collect()
}

#[tokio::test]
async fn lists_refuse_fields_limit_cursors_and_credentials() {
    let server = server();
    let client: Client = server.client_builder().build().unwrap();
    for name in CLIENT_PARAMS.iter().chain(LIST_PARAMS) {
        let params = raw(json!({ *name: SMUGGLED, "q": "kept" }));
        let list = NodeRef::new(&client, "1")
            .edge::<Value, Raw>("feed")
            .limit(5)
            .params(params);
        assert_eq!(refused(list.get().await.unwrap_err()), [*name]);
    }
    assert_eq!(server.requests(), []);

    // What the list does not set goes through, and each key it sets is
    // sent once.
    NodeRef::new(&client, "1")
        .edge::<Value, Raw>("feed")
        .limit(5)
        .params(raw(json!({"q": "kept"})))
        .get()
        .await
        .unwrap();
    let [request] = server.requests().try_into().unwrap();
    assert_eq!(request.raw_query.as_deref(), Some("q=kept&limit=5"));
}

#[tokio::test]
async fn reads_refuse_fields_and_credentials_but_not_limit() {
    let server = server();
    let client: Client = server.client_builder().build().unwrap();
    for name in CLIENT_PARAMS.iter().chain(READ_PARAMS) {
        let read = NodeRef::new(&client, "1")
            .read::<Node, Raw>()
            .params(raw(json!({ *name: SMUGGLED })));
        assert_eq!(refused(read.get().await.unwrap_err()), [*name]);
    }
    assert_eq!(server.requests(), []);

    // `limit` and the cursors are ordinary parameters of a read.
    NodeRef::new(&client, "1")
        .read::<Node, Raw>()
        .params(raw(json!({"limit": "3", "after": "x"})))
        .get()
        .await
        .unwrap();
    let [request] = server.requests().try_into().unwrap();
    assert_eq!(request.raw_query.as_deref(), Some("after=x&limit=3"));
}

#[tokio::test]
async fn writes_refuse_credentials_in_the_body_and_the_query() {
    let server = server();
    let client: Client = server.client_builder().build().unwrap();
    let given = || raw(json!({"access_token": SMUGGLED, "appsecret_proof": SMUGGLED}));
    let node = || NodeRef::new(&client, "1");
    let errors = [
        node().create::<Value, _>("feed", given()).send().await,
        node().update::<Value, _>(given()).send().await,
        node().delete::<Value, _>(given()).send().await,
        node().delete_edge::<Value, _>("feed", given()).send().await,
    ];
    for result in errors {
        assert_eq!(
            refused(result.unwrap_err()),
            ["access_token", "appsecret_proof"]
        );
    }
    assert_eq!(server.requests(), []);

    // A write sets neither `fields` nor `limit`: they are the operation's.
    node()
        .update::<Value, _>(raw(json!({"fields": "a", "limit": "2"})))
        .send()
        .await
        .unwrap();
    let [request] = server.requests().try_into().unwrap();
    assert_eq!(
        request.form,
        [
            ("fields".to_owned(), "a".to_owned()),
            ("limit".to_owned(), "2".to_owned())
        ]
    );
}

/// A node model for reads, cut down to nothing but what `Node` needs.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
struct Node {
    id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum NodeField {
    Id,
}

impl graph_runtime::Field for NodeField {
    const NODE: &'static str = "Node";
    const ALL: &'static [Self] = &[NodeField::Id];
    fn as_str(self) -> &'static str {
        "id"
    }
}

impl std::fmt::Display for NodeField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("id")
    }
}

static NODE: graph_runtime::schema::NodeSchema = graph_runtime::schema::NodeSchema {
    name: "Node",
    fields: &[graph_runtime::schema::FieldSchema {
        name: "id",
        ty: Type::String,
    }],
};

impl graph_runtime::Node for Node {
    type Field = NodeField;
    fn schema() -> &'static graph_runtime::schema::NodeSchema {
        &NODE
    }
}
