//! Edge lists, creates, updates and deletes over real HTTP against the Graph
//! emulator: paging by `next` URLs, parameters checked before sending and
//! encoded as Facebook's SDKs encode them.
//!
//! `Campaign`, `Objective`, the parameter structs and the `AdAccountRef` /
//! `CampaignRef` handles are written by hand in the shape codegen emits, so
//! these tests exercise the contract generated code relies on.
#![cfg(feature = "mock")]

use std::fmt;

use futures_util::StreamExt;
use graph_runtime::auth::appsecret_proof;
use graph_runtime::mock::{Check, MockGraph, MockServer};
use graph_runtime::schema::{self, EnumSchema, FieldSchema, NodeSchema, ParamSchema, Type};
use graph_runtime::{
    Client, EdgeList, Error, Field, Method, NoParams, Node, NodeRead, NodeRef, Params, Transport,
    ViolationKind, Write,
};
use serde_json::{Value, json};

// ---- models, as codegen emits them -------------------------------------------------

/// The `objective` enum. On the wire, as a generated enum: its value as a
/// string, a value the spec does not list kept in `Other`. (Generated enums
/// go through `GraphEnum`; parameters only see the string, so this one stands
/// alone.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Objective {
    /// `OUTCOME_SALES`
    OutcomeSales,
    /// `OUTCOME_TRAFFIC`
    OutcomeTraffic,
    /// A value the spec does not list.
    Other(String),
}

impl Objective {
    const VALUES: &'static [&'static str] = &["OUTCOME_SALES", "OUTCOME_TRAFFIC"];
    const SCHEMA: EnumSchema = EnumSchema {
        name: "objective",
        values: Self::VALUES,
    };

    fn from_wire(value: &str) -> Self {
        match value {
            "OUTCOME_SALES" => Self::OutcomeSales,
            "OUTCOME_TRAFFIC" => Self::OutcomeTraffic,
            other => Self::Other(other.to_owned()),
        }
    }

    fn as_str(&self) -> &str {
        match self {
            Self::OutcomeSales => "OUTCOME_SALES",
            Self::OutcomeTraffic => "OUTCOME_TRAFFIC",
            Self::Other(value) => value,
        }
    }
}

impl serde::Serialize for Objective {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Objective {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = <String as serde::Deserialize>::deserialize(deserializer)?;
        Ok(Self::from_wire(&value))
    }
}

/// An ad campaign.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Campaign {
    /// `id`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `name`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `objective`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub objective: Option<Objective>,
}

/// A field of [`Campaign`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CampaignField {
    /// `id`
    Id,
    /// `name`
    Name,
    /// `objective`
    Objective,
}

impl Field for CampaignField {
    const NODE: &'static str = "Campaign";
    const ALL: &'static [Self] = &[Self::Id, Self::Name, Self::Objective];
    fn as_str(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::Name => "name",
            Self::Objective => "objective",
        }
    }
}

impl fmt::Display for CampaignField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The schema of [`Campaign`].
pub static CAMPAIGN_SCHEMA: NodeSchema = NodeSchema {
    name: "Campaign",
    fields: &[
        FieldSchema {
            name: "id",
            ty: Type::String,
        },
        FieldSchema {
            name: "name",
            ty: Type::String,
        },
        FieldSchema {
            name: "objective",
            ty: Type::Enum(&Objective::SCHEMA),
        },
    ],
};

impl Node for Campaign {
    type Field = CampaignField;
    const SCHEMA: &'static NodeSchema = &CAMPAIGN_SCHEMA;
}

/// Parameters of `campaigns` on `AdAccount`.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct AdAccountCampaignsParams {
    /// `effective_status`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective_status: Option<Vec<String>>,
    /// `is_completed`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_completed: Option<bool>,
}

impl Params for AdAccountCampaignsParams {
    const SCHEMA: &'static [schema::ParamSchema] = &[
        ParamSchema {
            name: "effective_status",
            ty: Type::List(&Type::String),
            required: false,
        },
        ParamSchema {
            name: "is_completed",
            ty: Type::Bool,
            required: false,
        },
    ];
}

/// Parameters of `insights` on `AdAccount`; required: `level`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AdAccountInsightsParams {
    /// `level`
    pub level: String,
}

impl Params for AdAccountInsightsParams {
    const SCHEMA: &'static [schema::ParamSchema] = &[ParamSchema {
        name: "level",
        ty: Type::String,
        required: true,
    }];
}

/// Parameters of `create_campaigns` on `AdAccount`; required: `name`,
/// `promoted_object`, `special_ad_categories`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AdAccountCreateCampaignsParams {
    /// `name`
    pub name: String,
    /// `objective`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub objective: Option<Objective>,
    /// `special_ad_categories`
    pub special_ad_categories: Vec<String>,
    /// `daily_budget`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub daily_budget: Option<u64>,
    /// `bid_amount`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bid_amount: Option<f64>,
    /// `is_skadnetwork_attribution`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_skadnetwork_attribution: Option<bool>,
    /// `promoted_object`
    pub promoted_object: Value,
    /// `buying_type`
    #[serde(rename = "buying_type")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buying: Option<String>,
}

impl Params for AdAccountCreateCampaignsParams {
    const SCHEMA: &'static [schema::ParamSchema] = &[
        ParamSchema {
            name: "bid_amount",
            ty: Type::Float,
            required: false,
        },
        ParamSchema {
            name: "buying_type",
            ty: Type::String,
            required: false,
        },
        ParamSchema {
            name: "daily_budget",
            ty: Type::Int64,
            required: false,
        },
        ParamSchema {
            name: "is_skadnetwork_attribution",
            ty: Type::Bool,
            required: false,
        },
        ParamSchema {
            name: "name",
            ty: Type::String,
            required: true,
        },
        ParamSchema {
            name: "objective",
            ty: Type::Enum(&Objective::SCHEMA),
            required: false,
        },
        ParamSchema {
            name: "promoted_object",
            ty: Type::Object,
            required: true,
        },
        ParamSchema {
            name: "special_ad_categories",
            ty: Type::List(&Type::String),
            required: true,
        },
    ];
}

/// Parameters of `delete_campaigns` on `AdAccount`; required: `delete_strategy`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AdAccountDeleteCampaignsParams {
    /// `delete_strategy`
    pub delete_strategy: String,
    /// `object_count`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object_count: Option<i32>,
}

impl Params for AdAccountDeleteCampaignsParams {
    const SCHEMA: &'static [schema::ParamSchema] = &[
        ParamSchema {
            name: "delete_strategy",
            ty: Type::String,
            required: true,
        },
        ParamSchema {
            name: "object_count",
            ty: Type::Int32,
            required: false,
        },
    ];
}

/// Parameters of `read` on `Campaign`.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct CampaignReadParams {
    /// `date_preset`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_preset: Option<String>,
}

impl Params for CampaignReadParams {
    const SCHEMA: &'static [schema::ParamSchema] = &[ParamSchema {
        name: "date_preset",
        ty: Type::String,
        required: false,
    }];
}

/// Parameters of `update` on `Campaign`.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct CampaignUpdateParams {
    /// `name`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `objective`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub objective: Option<Objective>,
}

impl Params for CampaignUpdateParams {
    const SCHEMA: &'static [schema::ParamSchema] = &[
        ParamSchema {
            name: "name",
            ty: Type::String,
            required: false,
        },
        ParamSchema {
            name: "objective",
            ty: Type::Enum(&Objective::SCHEMA),
            required: false,
        },
    ];
}

/// An ad account, by id.
pub struct AdAccountRef<'c, C = Client> {
    node: NodeRef<'c, C>,
}

impl<'c, C: Transport> AdAccountRef<'c, C> {
    /// The ad account `id`.
    pub fn new(client: &'c C, id: &str) -> Self {
        AdAccountRef {
            node: NodeRef::new(client, id),
        }
    }

    /// Lists the `campaigns` edge.
    pub fn campaigns(self) -> EdgeList<'c, Campaign, C, AdAccountCampaignsParams> {
        self.node.edge("campaigns")
    }

    /// Lists the `insights` edge.
    pub fn insights(self) -> EdgeList<'c, Value, C, AdAccountInsightsParams> {
        self.node.edge("insights")
    }

    /// Creates on the `campaigns` edge.
    pub fn create_campaigns(
        self,
        params: AdAccountCreateCampaignsParams,
    ) -> Write<'c, Campaign, C> {
        self.node.create("campaigns", params)
    }

    /// Deletes on the `campaigns` edge.
    pub fn delete_campaigns(self, params: AdAccountDeleteCampaignsParams) -> Write<'c, Value, C> {
        self.node.delete_edge("campaigns", params)
    }
}

/// A campaign, by id.
pub struct CampaignRef<'c, C = Client> {
    node: NodeRef<'c, C>,
}

impl<'c, C: Transport> CampaignRef<'c, C> {
    /// The campaign `id`.
    pub fn new(client: &'c C, id: &str) -> Self {
        CampaignRef {
            node: NodeRef::new(client, id),
        }
    }

    /// Reads the campaign with these fields.
    pub fn fields(
        self,
        fields: impl IntoIterator<Item = CampaignField>,
    ) -> NodeRead<'c, Campaign, C, CampaignReadParams> {
        self.node.read().fields(fields)
    }

    /// Updates the campaign.
    pub fn update(self, params: CampaignUpdateParams) -> Write<'c, Value, C> {
        self.node.update(params)
    }

    /// Deletes the campaign.
    pub fn delete(self) -> Write<'c, Value, C> {
        self.node.delete(NoParams)
    }
}

// ---- fixtures ----------------------------------------------------------------------

const TOKEN: &str = "EAAB-operations-token-41c9";
const SECRET: &str = "operations-app-secret";
const ACCOUNT: &str = "act_42";

fn proof() -> String {
    appsecret_proof(&SECRET.into(), &TOKEN.into())
}

fn campaign(i: u32) -> Value {
    json!({"id": format!("c{i}"), "name": format!("Campaign {i}"), "objective": "OUTCOME_SALES"})
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

fn create_params(name: &str) -> AdAccountCreateCampaignsParams {
    AdAccountCreateCampaignsParams {
        name: name.to_owned(),
        objective: None,
        special_ad_categories: Vec::new(),
        daily_budget: None,
        bid_amount: None,
        is_skadnetwork_attribution: None,
        promoted_object: json!({"page_id": "1"}),
        buying: None,
    }
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
        effective_status: Some(vec!["ACTIVE".into(), "PAUSED".into()]),
        ..Default::default()
    };
    let all = AdAccountRef::new(&client, ACCOUNT)
        .campaigns()
        .params(params.clone())
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
    let mut pages = AdAccountRef::new(&client, ACCOUNT)
        .campaigns()
        .limit(2)
        .pages();
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
    let stream = AdAccountRef::new(&client, ACCOUNT)
        .campaigns()
        .limit(2)
        .stream();
    fn is_send<T: Send>(_: &T) {}
    is_send(&stream);
    let items: Vec<Campaign> = stream.map(Result::unwrap).collect().await;
    assert_eq!(ids(&items), ["c1", "c2", "c3", "c4", "c5"]);
    assert_eq!(server.requests().len(), 3);

    // Pages are fetched as items are used up.
    server.clear_requests();
    let mut stream = std::pin::pin!(
        AdAccountRef::new(&client, ACCOUNT)
            .campaigns()
            .limit(2)
            .stream()
    );
    let first = stream.next().await.unwrap().unwrap();
    assert_eq!(first.id.as_deref(), Some("c1"));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn get_is_the_first_page_with_its_paging() {
    let server = graph().start();
    let client = client(&server);
    let page = AdAccountRef::new(&client, ACCOUNT)
        .campaigns()
        .limit(2)
        .get()
        .await
        .unwrap()
        .data;
    assert_eq!(ids(&page.data), ["c1", "c2"]);
    let paging = page.paging.unwrap();
    assert_eq!(paging.cursors.unwrap().after.as_deref(), Some("bW9jazp1"));
    let next = paging.next.unwrap();
    assert!(
        next.starts_with(&format!("{}/v19.0/act_42/campaigns?", server.url())),
        "{next}"
    );
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
    let list = || AdAccountRef::new(&client, ACCOUNT).campaigns();

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
    let error = AdAccountRef::new(&client, ACCOUNT)
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
    let all = AdAccountRef::new(&client, ACCOUNT)
        .campaigns()
        .all()
        .await
        .unwrap();
    assert!(all.is_empty());
    assert_eq!(server.requests().len(), 1);
}

// ---- parameters --------------------------------------------------------------------

#[tokio::test]
async fn create_sends_a_form_body_and_decodes_the_new_id() {
    let server = graph().start();
    let client = client(&server);
    let params = AdAccountCreateCampaignsParams {
        objective: Some(Objective::OutcomeSales),
        special_ad_categories: vec!["HOUSING".into(), "EMPLOYMENT".into()],
        daily_budget: Some(5000),
        bid_amount: Some(1.25),
        is_skadnetwork_attribution: Some(false),
        buying: Some("AUCTION".into()),
        ..create_params("Spring {sale} & more")
    };
    let created = AdAccountRef::new(&client, ACCOUNT)
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
    let all = AdAccountRef::new(&client, ACCOUNT)
        .campaigns()
        .all()
        .await
        .unwrap();
    assert_eq!(ids(&all).last(), Some(&"10000000001"));
    let read = CampaignRef::new(&client, "10000000001")
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
    let write = AdAccountRef::new(&client, ACCOUNT).create_campaigns(params);
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
    let error = AdAccountRef::new(&client, ACCOUNT)
        .insights()
        .all()
        .await
        .unwrap_err();
    assert_eq!(
        invalid_params(&error),
        [("level", ViolationKind::MissingParam)]
    );
    let mut pages = AdAccountRef::new(&client, ACCOUNT).insights().pages();
    assert!(matches!(
        pages.next().await,
        Some(Err(Error::InvalidParams(_)))
    ));
    assert!(pages.next().await.is_none());
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn an_unlisted_enum_value_is_refused_before_sending() {
    let server = graph().start();
    let client = client(&server);
    let other = Objective::from_wire("OUTCOME_EVERYTHING");
    assert!(matches!(other, Objective::Other(_)));
    let params = AdAccountCreateCampaignsParams {
        objective: Some(other.clone()),
        ..create_params("x")
    };
    let error = AdAccountRef::new(&client, ACCOUNT)
        .create_campaigns(params)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        invalid_params(&error),
        [("objective", ViolationKind::UnlistedEnumValue)]
    );
    let error = CampaignRef::new(&client, "c1")
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
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn reads_send_their_parameters_in_the_query() {
    let server = graph().start();
    let client = client(&server);
    let campaign = CampaignRef::new(&client, "c1")
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
    let updated = CampaignRef::new(&client, "c1")
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

    let deleted = CampaignRef::new(&client, "c1")
        .delete()
        .send()
        .await
        .unwrap()
        .data;
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
    let error = CampaignRef::new(&client, "c1")
        .fields([CampaignField::Id])
        .get()
        .await
        .unwrap_err();
    assert_eq!(
        error.graph().map(|g| (g.code, g.error_subcode)),
        Some((100, Some(33)))
    );
}

#[tokio::test]
async fn delete_on_an_edge_sends_its_parameters_in_the_query() {
    let server = graph().start();
    let client = client(&server);
    let deleted = AdAccountRef::new(&client, ACCOUNT)
        .delete_campaigns(AdAccountDeleteCampaignsParams {
            delete_strategy: "DELETE_ANY".into(),
            object_count: Some(2),
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
            "delete_strategy=DELETE_ANY&object_count=2&appsecret_proof={}",
            proof()
        ))
    );
}

#[tokio::test]
async fn writes_to_unknown_objects_answer_like_graph() {
    let server = graph().start();
    let client = client(&server);
    let error = CampaignRef::new(&client, "nope")
        .delete()
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.graph().map(|g| g.code), Some(100));
    let error = NodeRef::new(&client, "c1")
        .create::<Value, _>("photos", NoParams)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.graph().map(|g| g.code), Some(100));
}

// ---- blocking ----------------------------------------------------------------------

#[cfg(feature = "blocking")]
#[test]
fn the_blocking_client_lists_and_creates_too() {
    use graph_runtime::blocking;

    let server = graph().start();
    let client: blocking::Client = server.client_builder().build().unwrap();
    let list = || AdAccountRef::new(&client, ACCOUNT).campaigns().limit(2);

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

    let created = AdAccountRef::new(&client, ACCOUNT)
        .create_campaigns(create_params("Blocking"))
        .send()
        .unwrap()
        .data;
    assert_eq!(created.id.as_deref(), Some("10000000001"));
    let request = server.requests().pop().unwrap();
    assert_eq!(request.method, "POST");
    assert_eq!(request.form[0], ("name".to_owned(), "Blocking".to_owned()));

    let error = AdAccountRef::new(&client, ACCOUNT)
        .insights()
        .iter()
        .next()
        .unwrap()
        .unwrap_err();
    assert!(matches!(error, Error::InvalidParams(_)), "{error:?}");
    assert_eq!(server.requests().len(), 11);
}
