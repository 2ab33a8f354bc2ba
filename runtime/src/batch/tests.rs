use serde_json::json;

use super::*;

const TOKEN: &str = "EAAB-batch-unit-token";

fn config(secret: Option<&str>) -> ClientConfig {
    let builder = crate::ClientBuilder::<Client>::new(TOKEN).api_version("v20.0");
    match secret {
        Some(secret) => builder.app_secret(secret),
        None => builder,
    }
    .into_config()
    .unwrap()
}

fn added(request: GraphRequest, index: usize) -> Added {
    Added {
        request: Ok(request),
        name: format!("op{index}"),
        options: Options::default(),
    }
}

/// `reference` as a handle of the batch with `mark` makes it.
fn live(mark: &str, reference: &str) -> String {
    format!("{mark}{reference}")
}

#[test]
fn finds_well_formed_references_only() {
    let text = "a{result=first:$.id}b{result=x y:$.id}{result=second:$.data.*.id}\
                {result=third:id}{result=fourth:$.a[0].b}{result=open:$.id";
    let found: Vec<(&str, &str, &str)> = references(text)
        .map(|f| (f.name, f.path, &text[f.range]))
        .collect();
    assert_eq!(
        found,
        [
            ("first", "$.id", "{result=first:$.id}"),
            ("second", "$.data.*.id", "{result=second:$.data.*.id}"),
            ("fourth", "$.a[0].b", "{result=fourth:$.a[0].b}"),
        ]
    );
    assert_eq!(references("no reference {result=}").count(), 0);
    assert_eq!(
        references("{result=a:$/x}").count(),
        0,
        "a path with `/` is not one"
    );
}

#[test]
fn live_references_travel_unencoded_and_nothing_else_does() {
    let mark = new_mark();
    let text = format!(
        "x {},{{result=made:$.id}},{{result=other:$.id}}&",
        live(&mark, "{result=made:$.id}")
    );
    let encoded = encode_keeping_references(&text, &mark, form_encode).unwrap();
    // The same reference typed as text is an inert literal.
    assert_eq!(
        encoded,
        "x+{result=made:$.id}%2C%7Bresult%3Dmade%3A%24.id%7D%2C%7Bresult%3Dother%3A%24.id%7D%26"
    );
    assert_eq!(
        encode_keeping_references("", &mark, form_encode).unwrap(),
        ""
    );
    assert_eq!(
        encode_keeping_references("a/b", &mark, form_encode).unwrap(),
        "a%2Fb"
    );
    // A mark followed by no reference, or another batch's mark: refused.
    let other = new_mark();
    assert_ne!(mark, other);
    for text in [
        live(&other, "{result=made:$.id}"),
        format!("{mark}not a reference"),
    ] {
        let error = encode_keeping_references(&text, &mark, form_encode).unwrap_err();
        assert!(error.to_string().contains("another batch"), "{error}");
    }
    let names = referenced_names_of(
        &format!("{}{{result=x:$.id}}", live(&mark, "{result=a:$.id}")),
        &mark,
    );
    assert_eq!(names, ["a"]);
}

fn referenced_names_of(text: &str, mark: &str) -> Vec<String> {
    let request = GraphRequest::get("1").param("p", text);
    referenced_names(&request, mark)
        .into_iter()
        .map(str::to_owned)
        .collect()
}

#[test]
fn reads_carry_their_parameters_and_token_in_the_relative_url_writes_in_the_body() {
    let config = config(Some("unit-app-secret"));
    let mark = new_mark();
    let read = GraphRequest::from_segments(
        Method::Get,
        [live(&mark, "{result=parent:$.id}"), "feed".into()],
    )
    .param("fields", "a,b{c}")
    .param("limit", "5");
    let mut op = added(read, 0);
    op.options.token = Some("EAAB-page-token-unit".into());
    let wire = wire_op(op.request.as_ref().unwrap(), &op, false, &mark, &config).unwrap();
    let proof = appsecret_proof(&"unit-app-secret".into(), &"EAAB-page-token-unit".into());
    assert_eq!(
        wire.relative_url,
        format!(
            "v20.0/{{result=parent:$.id}}/feed?fields=a%2Cb%7Bc%7D&limit=5\
             &access_token=EAAB-page-token-unit&appsecret_proof={proof}"
        )
    );
    assert_eq!(wire.body, None);
    assert_eq!(wire.secrets, ["EAAB-page-token-unit".to_owned(), proof]);
    assert_eq!(
        wire.to_json(),
        json!({"method": "GET", "relative_url": wire.relative_url})
    );

    let write =
        GraphRequest::from_segments(Method::Post, ["1/2", "feed"]).param("message", "hi there");
    let mut op = added(write, 1);
    op.name = "post".into();
    op.options.name = Some("post".into());
    op.options.depends_on = Some((0, "op0".into()));
    let wire = wire_op(op.request.as_ref().unwrap(), &op, false, &mark, &config).unwrap();
    assert_eq!(wire.relative_url, "v20.0/1%2F2/feed");
    assert_eq!(wire.body.as_deref(), Some("message=hi+there"));
    assert_eq!(
        wire.to_json(),
        json!({"method": "POST", "relative_url": "v20.0/1%2F2/feed", "body": "message=hi+there",
               "name": "post", "omit_response_on_success": false, "depends_on": "op0"})
    );

    // Referred to without a name of its own: named automatically.
    let delete = GraphRequest::from_segments(Method::Delete, ["9"]);
    let op = added(delete, 2);
    let wire = wire_op(op.request.as_ref().unwrap(), &op, true, &mark, &config).unwrap();
    assert_eq!((wire.name.as_deref(), wire.body), (Some("op2"), None));
    assert_eq!(wire.relative_url, "v20.0/9");

    // A page link keeps its own path and query.
    let next = GraphRequest::get_url("https://graph.facebook.com/v19.0/1/feed?after=QQ").unwrap();
    let op = added(next, 3);
    let wire = wire_op(op.request.as_ref().unwrap(), &op, false, &mark, &config).unwrap();
    assert_eq!(wire.relative_url, "v19.0/1/feed?after=QQ");
}

#[test]
fn without_an_app_secret_an_operation_token_goes_alone_and_credentials_stay_out_of_params() {
    let config = config(None);
    let mark = new_mark();
    let mut op = added(GraphRequest::get("1"), 0);
    op.options.token = Some("EAAB-page-token-unit".into());
    let wire = wire_op(op.request.as_ref().unwrap(), &op, false, &mark, &config).unwrap();
    assert_eq!(
        wire.relative_url,
        "v20.0/1?access_token=EAAB-page-token-unit"
    );
    // Another app's secret signs the operation's token.
    op.options.app_secret = Some("other-app-secret".into());
    let wire = wire_op(op.request.as_ref().unwrap(), &op, false, &mark, &config).unwrap();
    let proof = appsecret_proof(&"other-app-secret".into(), &"EAAB-page-token-unit".into());
    assert!(
        wire.relative_url
            .ends_with(&format!("&appsecret_proof={proof}"))
    );
    let smuggled = added(GraphRequest::get("1").param("access_token", "EAAB-x"), 1);
    assert!(matches!(
        wire_op(
            smuggled.request.as_ref().unwrap(),
            &smuggled,
            false,
            &mark,
            &config
        ),
        Err(Error::InvalidRequest(_))
    ));
    let empty = added(GraphRequest::from_segments(Method::Get, [".."]), 2);
    assert!(
        wire_op(
            empty.request.as_ref().unwrap(),
            &empty,
            false,
            &mark,
            &config
        )
        .is_err()
    );
}

fn ok_op(method: Method) -> Result<WireOp, Error> {
    Ok(WireOp {
        method,
        relative_url: "v1.0/1".into(),
        body: None,
        name: None,
        depends_on: None,
        omit_response_on_success: false,
        secrets: Vec::new(),
        subject: Some("1".into()),
    })
}

#[test]
fn chains_stay_whole_and_requests_take_what_fits() {
    // 0 ← 1 ← 2 is a chain; 3 is alone; 4 could not be sent; 5 ← 6.
    let mut ops: Vec<_> = (0..7).map(|_| ok_op(Method::Get)).collect();
    ops[4] = Err(Error::InvalidRequest("x".into()));
    let parents = vec![vec![], vec![0], vec![1], vec![], vec![], vec![], vec![5]];
    assert_eq!(chunks(&ops, &parents).unwrap(), [vec![0, 1, 2, 3, 5, 6]]);

    // 60 single operations: 50 and 10.
    let ops: Vec<_> = (0..60).map(|_| ok_op(Method::Get)).collect();
    let sizes: Vec<usize> = chunks(&ops, &vec![vec![]; 60])
        .unwrap()
        .iter()
        .map(Vec::len)
        .collect();
    assert_eq!(sizes, [50, 10]);

    // Pairs (i, i+1) joined: 25 pairs fill a request exactly; 26 need two.
    let ops: Vec<_> = (0..52).map(|_| ok_op(Method::Get)).collect();
    let parents: Vec<Vec<usize>> = (0..52)
        .map(|i| if i % 2 == 1 { vec![i - 1] } else { vec![] })
        .collect();
    let packed = chunks(&ops, &parents).unwrap();
    assert_eq!(packed.iter().map(Vec::len).collect::<Vec<_>>(), [50, 2]);
    assert_eq!(packed[1], [50, 51]);

    // An operation joined to a later group through a shared parent keeps its order.
    let ops: Vec<_> = (0..3).map(|_| ok_op(Method::Get)).collect();
    let parents = vec![vec![], vec![], vec![0, 1]];
    assert_eq!(chunks(&ops, &parents).unwrap(), [vec![0, 1, 2]]);

    // A chain of 51 cannot go.
    let ops: Vec<_> = (0..51).map(|_| ok_op(Method::Get)).collect();
    let parents: Vec<Vec<usize>> = (0..51)
        .map(|i| if i == 0 { vec![] } else { vec![i - 1] })
        .collect();
    assert!(chunks(&ops, &parents).is_err());
    let parents: Vec<Vec<usize>> = (0..51)
        .map(|i| if i < 2 { vec![] } else { vec![i - 1] })
        .collect();
    assert_eq!(
        chunks(&ops, &parents)
            .unwrap()
            .iter()
            .map(Vec::len)
            .collect::<Vec<_>>(),
        [1, 50]
    );
}

#[test]
fn what_is_sent_again_after_a_null_answer() {
    let wire: Vec<Option<WireOp>> = [
        Method::Get,
        Method::Post,
        Method::Get,
        Method::Post,
        Method::Delete,
    ]
    .into_iter()
    .map(|m| ok_op(m).ok())
    .collect();
    // 3 (a write) depends on 2; 4 depends on 0, which was answered.
    let parents = vec![vec![], vec![], vec![], vec![2], vec![0]];
    assert_eq!(resend(&[1, 2, 3, 4], &[], &wire, &parents, true), [2, 3]);
    assert_eq!(
        resend(&[1, 2, 3, 4], &[], &wire, &parents, false),
        Vec::<usize>::new()
    );
    // The write's parent was answered: the write may have run.
    assert_eq!(
        resend(&[3], &[], &wire, &parents, true),
        Vec::<usize>::new()
    );
    assert!(depends_on_unrun(3, &[2, 3], &parents));
    assert!(!depends_on_unrun(3, &[3], &parents));
    let mut omitted = wire.clone();
    if let Some(op) = omitted[2].as_mut() {
        op.omit_response_on_success = true;
    }
    assert_eq!(
        resend(&[2, 3], &[], &omitted, &parents, true),
        Vec::<usize>::new()
    );
}

#[test]
fn batch_entries_are_responses_of_their_own() {
    let redactor = crate::auth::Redactor::new(["EAAB-secret-in-body".to_owned()]);
    let (usage, ok) = answer(
        json!({"code": 200, "headers": [{"name": "X-App-Usage", "value": "{\"call_count\": 7}"},
                                        {"name": "Content-Type", "value": "text/javascript"}],
               "body": "{\"id\": \"1\"}"}),
        &redactor,
    );
    let body = ok.unwrap();
    assert_eq!(
        body,
        crate::response::Body::Raw {
            status: 200,
            bytes: br#"{"id": "1"}"#.to_vec()
        }
    );
    assert_eq!(usage.app.and_then(|a| a.call_count), Some(7.0));

    let failed = answer(
        json!({"code": 400, "body": "{\"error\": {\"message\": \"bad EAAB-secret-in-body\", \"code\": 190}}"}),
        &redactor,
    )
    .1
    .unwrap_err();
    let graph = failed.graph().unwrap();
    assert_eq!((graph.code, graph.http_status), (Some(190), 400));
    assert_eq!(graph.message, "bad <redacted>");

    for (entry, why) in [
        (json!({"body": "{}"}), "no HTTP status"),
        (json!({"code": 70000, "body": "{}"}), "no HTTP status"),
        (json!({"code": 200, "body": {"id": 1}}), "not JSON text"),
    ] {
        let error = answer(entry, &redactor).1.unwrap_err();
        assert!(error.to_string().contains(why), "{error}");
    }
    let empty = answer(json!({"code": 200}), &redactor).1.unwrap_err();
    assert_eq!(empty.http_status(), Some(200));
}

#[test]
fn names_are_checked() {
    let op = |name: Option<&str>, index: usize| Added {
        request: Ok(GraphRequest::get("1")),
        name: name.map_or_else(|| format!("op{index}"), str::to_owned),
        options: Options {
            name: name.map(str::to_owned),
            ..Options::default()
        },
    };
    assert!(check_names(&[op(None, 0), op(Some("a-b_C9"), 1)]).is_ok());
    assert!(check_names(&[op(Some(&"x".repeat(64)), 0)]).is_ok());
    for bad in ["", "a b", "a/b", "é", &"x".repeat(65)] {
        assert!(check_names(&[op(Some(bad), 0)]).is_err(), "{bad:?}");
    }
    assert!(check_names(&[op(Some("op1"), 0)]).is_err());
    assert!(check_names(&[op(Some("op"), 0)]).is_ok());
    assert!(check_names(&[op(Some("opx1"), 0)]).is_ok());
    assert!(check_names(&[op(Some("a"), 0), op(Some("a"), 1)]).is_err());
    assert!(is_automatic_name("op12") && !is_automatic_name("op") && !is_automatic_name("op1a"));
}

#[test]
fn errors_say_what_happened() {
    let not_run = BatchError::NotRun {
        attempts: 3,
        may_have_run: false,
    };
    assert!(not_run.is_transient());
    assert!(not_run.to_string().contains("3 attempt(s)"));
    let maybe = BatchError::NotRun {
        attempts: 1,
        may_have_run: true,
    };
    assert!(!maybe.is_transient());
    assert!(maybe.to_string().contains("may have been applied"));
    let failed = BatchError::RequestFailed(Arc::new(Error::Timeout {
        after: std::time::Duration::from_secs(1),
    }));
    assert!(failed.is_transient() && failed.cause().is_some());
    assert!(Error::Batch(failed).is_transient());
    assert!(!BatchError::Omitted.is_transient() && BatchError::Omitted.cause().is_none());
    assert!(
        BatchError::DependencyNotSent { name: "p".into() }
            .to_string()
            .contains("`p`")
    );
}

#[test]
fn a_handle_makes_references_by_its_name() {
    let client = Client::builder(TOKEN).build().unwrap();
    let mut batch = Batch::new(&client);
    let list = |id: &str| crate::NodeRef::new(&client, id).edge::<Value, crate::NoParams>("feed");
    let first = batch.add(list("1"));
    let second = batch.add(Op::new(list("2")).name("two"));
    assert_eq!((first.index(), first.name()), (0, "op0"));
    assert_eq!((second.index(), second.name()), (1, "two"));
    assert_eq!(second.id().as_str(), "{result=two:$.id}");
    assert_eq!(
        String::from(first.result("$.data.*.id")),
        format!("{}{{result=op0:$.data.*.id}}", batch.mark)
    );
    assert_eq!(batch.len(), 2);
    assert!(!batch.is_empty());
    assert!(Batch::new(&client).is_empty());
}

#[test]
fn batches_and_their_sending_can_cross_threads() {
    fn send_sync<T: Send + Sync>(_: &T) {}
    fn send<T: Send>(_: &T) {}
    let client = Client::builder(TOKEN).build().unwrap();
    let mut batch = Batch::new(&client);
    let handle =
        batch.add(crate::NodeRef::new(&client, "1").edge::<Value, crate::NoParams>("feed"));
    send_sync(&handle);
    send_sync(&batch);
    send_sync(&BatchError::Omitted);
    let sending = batch.send();
    send(&sending);
}

#[test]
fn debug_output_names_operations_and_hides_tokens() {
    let client = Client::builder(TOKEN).build().unwrap();
    let mut batch = Batch::new(&client);
    let list = crate::NodeRef::new(&client, "1").edge::<Value, crate::NoParams>("feed");
    let op = Op::new(list)
        .name("feed")
        .access_token("EAAB-op-token-secret")
        .app_secret("op-app-secret-value");
    let shown_op = format!("{op:?}");
    let handle = batch.add(op);
    let shown = format!("{shown_op} {handle:?} {batch:?}");
    assert!(
        shown.contains("\"feed\"") && shown.contains("1/feed"),
        "{shown}"
    );
    assert!(shown.contains("<redacted>"), "{shown}");
    for secret in ["EAAB-op-token-secret", "op-app-secret-value", TOKEN] {
        assert!(!shown.contains(secret), "{shown}");
    }
    assert_eq!(format!("{handle:?}"), "Handle { index: 0, name: \"feed\" }");

    let reference = handle.id();
    assert_eq!(reference.to_string(), "{result=feed:$.id}");
    assert_eq!(
        format!("{reference:?}"),
        "Reference(\"{result=feed:$.id}\")"
    );
    // What goes into a parameter carries the batch's mark.
    let marked = format!("{}{{result=feed:$.id}}", batch.mark);
    assert_eq!(reference.as_ref(), marked);
    assert_eq!(String::from(&reference), marked);

    let mut results = BatchResponse {
        client: &client,
        batch: batch.id,
        results: vec![
            Some(Ok(Response::new(
                crate::response::Body::Parsed(json!({"data": []})),
                Usage::default(),
            ))),
            Some(Err(Error::Batch(BatchError::Omitted))),
        ],
        requests: 1,
    };
    assert_eq!((results.len(), results.is_empty()), (2, false));
    assert!(results.take(&handle).is_ok());
    assert_eq!(
        format!("{results:?}"),
        "BatchResponse { results: [\"taken\", \"no answer: the operation was sent with \
         omit_response_on_success and answered null\"], http_requests: 1 }"
    );
    let empty = BatchResponse {
        client: &client,
        batch: 0,
        results: Vec::new(),
        requests: 0,
    };
    assert_eq!((empty.len(), empty.is_empty()), (0, true));
}

mod typed_text {
    use proptest::prelude::*;

    use super::*;

    /// Text made of pieces of references, names of the batch's operations
    /// and anything else, in any order.
    fn text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("{result=op0:$.id}".to_owned()),
            Just("{result=named:$.data.*.id}".to_owned()),
            Just("{result=".to_owned()),
            Just("op0".to_owned()),
            Just("named".to_owned()),
            Just(":".to_owned()),
            Just("$.id".to_owned()),
            Just("$.data.*.id".to_owned()),
            Just("}".to_owned()),
            Just("{".to_owned()),
            Just("%7B".to_owned()),
            Just(MARK.to_string()),
            any::<String>(),
        ];
        prop::collection::vec(piece, 0..10).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// For any text passed as a parameter or a node id, the operation
        /// as sent holds no reference but the one its handle made.
        #[test]
        fn only_a_handles_reference_is_live(typed in text(), id in text(), post in any::<bool>()) {
            let config = config(None);
            let mark = new_mark();
            let method = if post { Method::Post } else { Method::Get };
            let id = if id.is_empty() { "x".to_owned() } else { id };
            let marked = typed.contains(MARK) || id.contains(MARK);
            let request = GraphRequest::from_segments(method, [id.clone(), "feed".to_owned()])
                .param("message", typed.as_str())
                .param("parent", live(&mark, "{result=named:$.id}"));
            let op = added(request, 1);
            match wire_op(op.request.as_ref().unwrap(), &op, false, &mark, &config) {
                Ok(wire) => {
                    let sent = format!("{} {}", wire.relative_url, wire.body.unwrap_or_default());
                    let live: Vec<&str> = references(&sent).map(|f| &sent[f.range]).collect();
                    prop_assert_eq!(live, ["{result=named:$.id}"]);
                    prop_assert!(!sent.contains(MARK));
                }
                // Only text holding the mark character itself is refused
                // (or an id Graph cannot take), never sent live.
                Err(error) => prop_assert!(
                    marked || id == "." || id == "..",
                    "{}", error
                ),
            }
        }
    }
}
