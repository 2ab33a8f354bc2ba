//! Reads a Page's latest posts with the number of comments on each, in one
//! request, through typed nested expansion, and prints one JSON object a line.
//!
//! ```text
//! GRAPH_ACCESS_TOKEN=… cargo run -p graph-api --example page_feed -- \
//!     --page-id ID [--posts N] [--base-url URL]
//! ```
//!
//! The request is `GET /v19.0/{page-id}?fields=name,feed.limit(N){message,
//! created_time,comments.summary(true).limit(0)}`: the comments edge of each
//! post comes back with its `summary.total_count` and no comments. Each line
//! is `{"id": …, "created_time": …, "message": …, "comments": N}`. Values that
//! did not fit the spec are reported on stderr (the model keeps them). On
//! failure prints the error on stderr and exits 1; bad arguments exit 2.
//! (Hand-written: codegen leaves files it did not generate alone.)

use std::process::ExitCode;

use graph_api::runtime::serde_json::json;
use graph_api::{Client, PageField, PagePostField};

const USAGE: &str = "usage: page_feed --page-id ID [--posts N] [--base-url URL]\n\
     env: GRAPH_ACCESS_TOKEN (required)";

struct Args {
    page_id: String,
    posts: u32,
    base_url: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = std::env::args().skip(1);
    let (mut page_id, mut posts, mut base_url) = (None, 5, None);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--page-id" => page_id = Some(value("--page-id")?),
            "--posts" => {
                let text = value("--posts")?;
                posts = text
                    .parse()
                    .map_err(|_| format!("--posts takes a number, not `{text}`"))?;
            }
            "--base-url" => base_url = Some(value("--base-url")?),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(Args {
        page_id: page_id.ok_or("--page-id is required")?,
        posts,
        base_url,
    })
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("page_feed: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let Ok(token) = std::env::var("GRAPH_ACCESS_TOKEN") else {
        eprintln!("page_feed: set GRAPH_ACCESS_TOKEN to a Graph API access token\n{USAGE}");
        return ExitCode::from(2);
    };
    let mut builder = Client::builder(token);
    if let Some(url) = args.base_url {
        builder = builder.base_url(url);
    }
    let client = match builder.build() {
        Ok(client) => client,
        Err(e) => {
            eprintln!("page_feed: {e}");
            return ExitCode::from(2);
        }
    };

    // The feed, and in each post its comment count: `limit(0)` asks for
    // no comments, `summary(true)` for their total.
    let feed = PageField::FEED
        .limit(args.posts)
        .fields([PagePostField::Message, PagePostField::CreatedTime])
        .expand(PagePostField::COMMENTS.summary(true).limit(0));
    let response = match client
        .page(args.page_id)
        .read()
        .field(PageField::Name)
        .expand(feed)
        .get()
        .await
    {
        Ok(response) => response,
        Err(e) => {
            eprintln!("page_feed: {e}");
            return ExitCode::from(1);
        }
    };
    for warning in &response.warnings {
        eprintln!("page_feed: warning: {warning}");
    }
    let posts = response.data.feed.map(|feed| feed.data).unwrap_or_default();
    for post in posts {
        let comments = post
            .comments
            .and_then(|edge| edge.summary)
            .and_then(|summary| summary.total_count);
        let line = json!({
            "id": post.id,
            "created_time": post.created_time.map(|t| t.to_string()),
            "message": post.message,
            "comments": comments,
        });
        println!("{line}");
    }
    ExitCode::SUCCESS
}
