//! What a hostile or broken server can and cannot do to a client, over real
//! HTTP against small servers of this file's own on 127.0.0.1: redirects
//! that would carry a request's body, proof or query to another host,
//! paging links that never end, links under another path of the same
//! gateway. And inline pages: whatever a page holds, none keeps the token
//! Graph writes into its links.
#![cfg(feature = "mock")]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use futures_util::StreamExt;
use graph_runtime::error::PagingStop;
use graph_runtime::{Client, EdgeList, Error, NoParams, NodeRef};
use serde_json::{Value, json};

const TOKEN: &str = "EAAB-hostile-test-token-6d2e";
const SECRET: &str = "hostile-test-app-secret";

/// An HTTP/1.1 server answering each request with what `answer` says
/// (given the request's number from 0, its head and body as text, and the
/// server's own base URL), recording every request.
struct Hostile {
    url: String,
    seen: Arc<Mutex<Vec<String>>>,
}

type Answer = dyn Fn(usize, &str, &str) -> String + Send + Sync;

impl Hostile {
    fn start(answer: impl Fn(usize, &str, &str) -> String + Send + Sync + 'static) -> Hostile {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen: Arc<Mutex<Vec<String>>> = Arc::default();
        let answer: Arc<Answer> = Arc::new(answer);
        let (own, recorded) = (url.clone(), Arc::clone(&seen));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (own, recorded, answer) =
                    (own.clone(), Arc::clone(&recorded), Arc::clone(&answer));
                std::thread::spawn(move || serve(stream, &own, &recorded, &*answer));
            }
        });
        Hostile { url, seen }
    }

    fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

/// Answers the requests of one connection, one after the other.
fn serve(stream: TcpStream, own: &str, seen: &Mutex<Vec<String>>, answer: &Answer) {
    let mut writer = stream.try_clone().unwrap();
    let mut reader = BufReader::new(stream);
    loop {
        let mut head = String::new();
        let mut length = 0;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
            let end = line == "\r\n";
            head.push_str(&line);
            if end {
                break;
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let request = format!("{head}{}", String::from_utf8_lossy(&body));
        let index = {
            let mut seen = seen.lock().unwrap();
            seen.push(request.clone());
            seen.len() - 1
        };
        if writer
            .write_all(answer(index, &request, own).as_bytes())
            .is_err()
        {
            return;
        }
    }
}

fn reply(status: &str, headers: &[(&str, &str)], body: &str) -> String {
    let mut text = format!("HTTP/1.1 {status}\r\ncontent-length: {}\r\n", body.len());
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    if !body.is_empty() {
        text.push_str("content-type: application/json\r\n");
    }
    format!("{text}\r\n{body}")
}

fn client(base_url: &str) -> Client {
    Client::builder(TOKEN)
        .app_secret(SECRET)
        .base_url(base_url)
        .max_attempts(1)
        .build()
        .unwrap()
}

fn proof() -> String {
    graph_runtime::auth::appsecret_proof(&SECRET.into(), &TOKEN.into())
}

#[tokio::test]
async fn a_redirect_to_another_host_is_refused_and_nothing_goes_there() {
    let thief = Hostile::start(|_, _, _| reply("200 OK", &[], r#"{"id": "stolen"}"#));
    let to = format!("{}/steal", thief.url);
    let server = Hostile::start(move |index, _, _| {
        let status = [
            "307 Temporary Redirect",
            "308 Permanent Redirect",
            "302 Found",
        ][index % 3];
        reply(status, &[("location", &to)], "")
    });
    let client = client(&server.url);

    // A POST whose body holds the app secret and a user token (307).
    let short = "EAAB-short-lived-user-token-77c1";
    let exchanged = client
        .exchange_token("1234", &"exchange-app-secret".into(), &short.into())
        .await
        .unwrap_err();
    // A POST whose body holds the token to inspect (308).
    let debugged = client.debug_token(&short.into()).await.unwrap_err();
    // A GET whose query holds the proof (302).
    let read = client.get_json("1", &[("fields", "id")]).await.unwrap_err();

    for (error, status) in [(&exchanged, 307), (&debugged, 308), (&read, 302)] {
        match error {
            Error::Redirected { status: got, to } => {
                assert_eq!((*got, to.as_str()), (status, thief.url.as_str()));
            }
            other => panic!("expected Error::Redirected, got {other:?}"),
        }
        assert!(!error.is_transient());
        let shown = error.to_string();
        assert!(shown.contains("not followed"), "{shown}");
        assert!(!shown.contains("/steal"), "{shown}");
    }
    assert_eq!(server.seen().len(), 3, "each sent once, never retried");
    assert!(thief.seen().is_empty(), "{:?}", thief.seen());
}

#[tokio::test]
async fn a_redirect_within_the_base_url_is_followed_without_a_referer() {
    let server = Hostile::start(|index, _, _| match index {
        0 => reply(
            "307 Temporary Redirect",
            &[("location", "/v19.0/2?fields=id")],
            "",
        ),
        _ => reply("200 OK", &[], r#"{"id": "2"}"#),
    });
    let client = client(&server.url);
    let response = client.get_json("1", &[("fields", "id")]).await.unwrap();
    assert_eq!(response.data, json!({"id": "2"}));
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert!(
        seen[1].starts_with("GET /v19.0/2?fields=id "),
        "{}",
        seen[1]
    );
    let followed = seen[1].to_ascii_lowercase();
    assert!(!followed.contains("referer"), "{followed}");
    assert!(!followed.contains(&proof()), "{followed}");
}

#[tokio::test]
async fn a_chain_of_redirects_within_the_host_ends() {
    let server = Hostile::start(|index, _, _| {
        let next = format!("/v19.0/{}", index + 1);
        reply("302 Found", &[("location", &next)], "")
    });
    let error = client(&server.url).get_json("1", &[]).await.unwrap_err();
    assert!(
        matches!(&error, Error::Redirected { to, .. } if to.contains("chain")),
        "{error:?}"
    );
    let followed = server.seen().len();
    assert_eq!(followed, graph_runtime::client::MAX_REDIRECTS + 1);
}

/// A base URL with a path (a gateway): a redirect or a paging link to
/// another path of the same host is not the client's to follow.
#[tokio::test]
async fn under_a_gateway_path_only_that_path_is_followed() {
    let server = Hostile::start(|index, request, own| {
        if request.starts_with("GET /graph/v19.0/1/feed") && index == 0 {
            let next = format!("{own}/other/v19.0/1/feed?after=x");
            reply(
                "200 OK",
                &[],
                &json!({"data": [{"id": "a"}], "paging": {"next": next}}).to_string(),
            )
        } else {
            reply(
                "301 Moved Permanently",
                &[("location", "/other/v19.0/1")],
                "",
            )
        }
    });
    let client = client(&format!("{}/graph/", server.url));
    let list: EdgeList<'_, Value> = NodeRef::new(&client, "1").edge::<Value, NoParams>("feed");
    let error = list.all().await.unwrap_err();
    assert!(
        matches!(&error, Error::InvalidRequest(why) if why.starts_with("refusing to follow a page URL")),
        "{error:?}"
    );
    let error = client.get_json("1", &[]).await.unwrap_err();
    assert!(
        matches!(error, Error::Redirected { status: 301, .. }),
        "{error:?}"
    );
    assert_eq!(server.seen().len(), 2);
}

/// A server that links every page to a fresh one: `data(n)` is page n's
/// `data` (from 0, as `after=n` asks), and page 100 links to none (so that
/// a client without limits ends too, with every page).
fn endless(data: fn(usize) -> Value) -> Hostile {
    Hostile::start(move |_, request, own| {
        let n: usize = request
            .split_once("after=")
            .and_then(|(_, rest)| rest.split(['&', ' ']).next()?.parse().ok())
            .unwrap_or(0);
        let mut page = json!({"data": data(n)});
        if n < 100 {
            page["paging"] = json!({"next": format!("{own}/v19.0/1/feed?after={}", n + 1)});
        }
        reply("200 OK", &[], &page.to_string())
    })
}

fn feed(client: &Client) -> EdgeList<'_, Value> {
    NodeRef::new(client, "1").edge::<Value, NoParams>("feed")
}

#[tokio::test]
async fn paging_stops_at_the_page_limit_with_a_typed_error() {
    let server = endless(|i| json!([{"id": i.to_string()}]));
    let client = client(&server.url);
    let error = feed(&client).max_pages(25).all().await.unwrap_err();
    match error {
        Error::PagingStopped { pages, reason } => {
            assert_eq!(
                (pages, reason),
                (25, PagingStop::PageLimit { max_pages: 25 })
            );
        }
        other => panic!("expected PagingStopped, got {other:?}"),
    }
    assert_eq!(server.seen().len(), 25);

    // A stream gives every entry of the pages allowed, then the error.
    let items: Vec<Result<Value, Error>> = feed(&client).max_pages(3).stream().collect().await;
    assert_eq!(items.len(), 4);
    assert!(items[..3].iter().all(Result::is_ok));
    assert!(matches!(
        items[3],
        Err(Error::PagingStopped { pages: 3, .. })
    ));

    // The default limit is generous: 100 pages of one go through.
    let all = feed(&client).all().await.unwrap();
    assert_eq!(all.len(), 101);
}

#[tokio::test]
async fn paging_stops_after_a_run_of_empty_pages() {
    let server = endless(|i| match i % 20 {
        // One entry every 20 pages: runs of 19 empty pages.
        0 => json!([{"id": i.to_string()}]),
        _ => json!([]),
    });
    let client = client(&server.url);
    let error = feed(&client).all().await.unwrap_err();
    let limit = graph_runtime::edge::DEFAULT_MAX_EMPTY_PAGES;
    match error {
        Error::PagingStopped { pages, reason } => {
            assert_eq!(reason, PagingStop::EmptyPages { in_a_row: limit });
            assert_eq!(pages, 1 + limit);
        }
        other => panic!("expected PagingStopped, got {other:?}"),
    }
    // A run shorter than the setting goes on.
    let server = endless(|i| match i % 20 {
        0 => json!([{"id": i.to_string()}]),
        _ => json!([]),
    });
    let client = self::client(&server.url);
    let items = feed(&client).max_empty_pages(20).all().await.unwrap();
    assert_eq!(items.len(), 6);
}

#[test]
fn blocking_paging_stops_too() {
    let server = endless(|_| json!([]));
    let client = graph_runtime::blocking::Client::builder(TOKEN)
        .base_url(&server.url)
        .build()
        .unwrap();
    let items: Vec<Result<Value, Error>> = NodeRef::new(&client, "1")
        .edge::<Value, NoParams>("feed")
        .max_empty_pages(4)
        .iter()
        .collect();
    assert_eq!(items.len(), 1);
    assert!(matches!(
        items[0],
        Err(Error::PagingStopped {
            pages: 4,
            reason: PagingStop::EmptyPages { in_a_row: 4 }
        })
    ));
}

/// A page expanded inside a node read keeps no credential, whether it
/// came over HTTP or was decoded from JSON a user holds.
#[tokio::test]
async fn inline_pages_hold_no_credentials() {
    // Graph writes the token into the links of an inline page too.
    let server = Hostile::start(|_, _, own| {
        let link = |after: &str| {
            format!(
                "{own}/v19.0/1/feed?access_token={TOKEN}&appsecret_proof={}&limit=2&after={after}",
                proof()
            )
        };
        let page = json!({
            "id": "1",
            "feed": {
                "data": [{"id": "p1", "message": "hi"}, {"id": "p2", "message": "ho"}],
                "paging": {"cursors": {"after": "QQ"}, "next": link("QQ"), "previous": link("PP")},
            },
        });
        reply("200 OK", &[], &page.to_string())
    });
    let client = graph_api::Client::from(client(&server.url));
    let page = client
        .page("1")
        .read()
        .expand(graph_api::PageField::FEED.limit(2))
        .get()
        .await
        .unwrap()
        .data;
    let feed = page.feed.as_ref().unwrap();
    let next = feed
        .paging
        .as_ref()
        .and_then(|p| p.next.as_deref())
        .unwrap();
    assert!(next.contains("after="), "{next}");
    let shown = format!("{page:?} {}", serde_json::to_string(&page).unwrap());
    for secret in [TOKEN, "access_token", &proof(), "appsecret_proof"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }

    // The same from JSON: links, what else `paging` holds, a raw `paging`.
    let link = format!("https://graph.facebook.com/v19.0/1/feed?access_token={TOKEN}&after=QQ");
    let held = json!({
        "id": "1",
        "feed": {"data": [], "paging": {"next": link, "previous": format!("not a URL access_token={TOKEN}"), "first": link, "more": {"last": link}}},
    });
    let page: graph_api::Page = serde_json::from_value(held).unwrap();
    let raw_paging = json!({"id": "1", "feed": {"data": [], "paging": [link]}});
    let raw: graph_api::Page = serde_json::from_value(raw_paging).unwrap();
    let shown = format!(
        "{page:?} {} {raw:?} {}",
        serde_json::to_string(&page).unwrap(),
        serde_json::to_string(&raw).unwrap()
    );
    assert!(!shown.contains(TOKEN), "{shown}");
    let paging = page.feed.unwrap().paging.unwrap();
    assert_eq!(
        paging.next.as_deref(),
        Some("https://graph.facebook.com/v19.0/1/feed?after=QQ")
    );
}
