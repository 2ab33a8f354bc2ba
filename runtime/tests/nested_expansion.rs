//! Typed nested expansion, end to end against the emulator over real HTTP:
//! a Page read with its feed (limited) and, in each post, its comments
//! (limited, with the total count), decoded into the typed models.

use graph_api::{Client, CommentField, PageField, PagePostField};
use graph_runtime::mock::MockGraph;
use serde_json::{Value, json};

const TOKEN: &str = "EAAB-nested-token";

fn posts(n: usize) -> Vec<Value> {
    (1..=n)
        .map(|i| json!({"id": format!("p{i}"), "message": format!("post {i}"), "created_time": "2024-05-01T10:00:00+0000"}))
        .collect()
}

fn comments(post: usize, n: usize) -> Vec<Value> {
    (1..=n)
        .map(|i| json!({"id": format!("p{post}c{i}"), "message": format!("comment {i}"), "like_count": i}))
        .collect()
}

#[tokio::test]
async fn three_levels_with_limit_and_summary_decode_into_typed_models() {
    let server = MockGraph::new(TOKEN)
        .node("1", json!({"id": "1", "name": "Cafe"}))
        .edge("1", "feed", posts(7))
        .edge("p1", "comments", comments(1, 12))
        .edge("p2", "comments", comments(2, 1))
        .start();
    let client: Client = server.client_builder().build().unwrap();

    let response = client
        .page("1")
        .read()
        .field(PageField::Name)
        .expand(
            PageField::FEED
                .limit(2)
                .field(PagePostField::Message)
                .expand(
                    PagePostField::COMMENTS
                        .summary(true)
                        .limit(3)
                        .fields([CommentField::Message, CommentField::LikeCount]),
                ),
        )
        .get()
        .await
        .unwrap();

    // One request, with the selection Graph expects.
    let [request] = server.requests().try_into().unwrap();
    assert_eq!(
        request.param("fields"),
        Some("name,feed.limit(2){message,comments.summary(true).limit(3){message,like_count}}")
    );

    assert!(response.warnings.is_empty(), "{:?}", response.warnings);
    let page = response.data;
    assert_eq!(page.name.as_deref(), Some("Cafe"));
    let feed = page.feed.expect("the feed came inline");
    let messages: Vec<_> = feed.data.iter().map(|p| p.message.as_deref()).collect();
    assert_eq!(messages, [Some("post 1"), Some("post 2")], "limit(2)");

    let first = feed.data[0].comments.as_ref().expect("comments inline");
    assert_eq!(first.data.len(), 3, "limit(3)");
    assert_eq!(first.data[2].like_count, Some(3));
    assert_eq!(first.data[0].message.as_deref(), Some("comment 1"));
    assert_eq!(first.summary.as_ref().and_then(|s| s.total_count), Some(12));

    let second = feed.data[1].comments.as_ref().unwrap();
    assert_eq!(second.data.len(), 1);
    assert_eq!(second.summary.as_ref().and_then(|s| s.total_count), Some(1));
}

#[tokio::test]
async fn comment_counts_alone_with_limit_zero() {
    let server = MockGraph::new(TOKEN)
        .node("1", json!({"id": "1"}))
        .edge("1", "feed", posts(1))
        .edge("p1", "comments", comments(1, 4))
        .start();
    let client: Client = server.client_builder().build().unwrap();
    let page = client
        .page("1")
        .read()
        .expand(PageField::FEED.expand(PagePostField::COMMENTS.summary(true).limit(0)))
        .get()
        .await
        .unwrap()
        .data;
    let post = &page.feed.unwrap().data[0];
    let comments = post.comments.as_ref().unwrap();
    assert!(comments.data.is_empty());
    assert_eq!(
        comments.summary.as_ref().and_then(|s| s.total_count),
        Some(4)
    );
}

#[tokio::test]
async fn inline_edge_data_that_does_not_fit_is_kept_raw_with_a_warning() {
    // `5` would be a bare id (coerced to a post); `true` is no post at all.
    let server = MockGraph::new(TOKEN)
        .node(
            "1",
            json!({"id": "1", "feed": {"data": [{"id": "p1"}, true]}}),
        )
        .start();
    let client: Client = server.client_builder().build().unwrap();
    let response = client
        .page("1")
        .read()
        .field(PageField::Feed)
        .get()
        .await
        .unwrap();
    // The page is there; its `data` is kept raw in the page's `extra`, as
    // a model keeps a field that does not fit, and reads as empty.
    let feed = response.data.feed.as_ref().unwrap();
    assert!(feed.data.is_empty());
    assert_eq!(feed.extra["data"], json!([{"id": "p1"}, true]));
    let paths: Vec<_> = response.warnings.iter().map(|w| w.path()).collect();
    assert_eq!(paths, ["feed.data[1]"]);
    // Strict, the same response is an error at the same path.
    let error = client
        .page("1")
        .read()
        .field(PageField::Feed)
        .strict(true)
        .get()
        .await
        .unwrap_err();
    assert!(error.to_string().contains("feed.data[1]"), "{error}");
}
