//! The emulator's HTTP side: a hyper server on its own thread, and the
//! handler that answers one request from the shared state.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use serde_json::{Map, Value, json};

use super::fault::FaultKind;
use super::fields::{self, Selection};
use super::multipart::Part;
use super::usage;
use super::{Check, RecordedRequest, State, lock};
use crate::auth::{AccessToken, appsecret_proof};
use crate::request::Method;

/// The server thread; dropping this stops it.
#[derive(Debug)]
pub(super) struct Running {
    pub(super) addr: SocketAddr,
    /// The video host's address: a second listener on the same state.
    pub(super) video_addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            // A panic on the server thread has already been printed; the
            // test's own assertions say what went wrong.
            let _ = thread.join();
        }
    }
}

pub(super) fn spawn(shared: Arc<Mutex<State>>) -> std::io::Result<Running> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let bind = || -> std::io::Result<(tokio::net::TcpListener, SocketAddr)> {
        let std_listener = std::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0))?;
        std_listener.set_nonblocking(true)?;
        let addr = std_listener.local_addr()?;
        let _context = runtime.enter();
        Ok((tokio::net::TcpListener::from_std(std_listener)?, addr))
    };
    let (listener, addr) = bind()?;
    let (video_listener, video_addr) = bind()?;
    let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
    let video_shared = Arc::clone(&shared);
    let thread = std::thread::Builder::new()
        .name(format!("graph-emulator-{}", addr.port()))
        .spawn(move || {
            // Leaving `block_on` drops the runtime, and with it every
            // connection still open (a slow response in progress, say).
            runtime.block_on(async move {
                tokio::select! {
                    () = accept_loop(listener, shared, addr, Host::Main) => {}
                    () = accept_loop(video_listener, video_shared, video_addr, Host::Video) => {}
                    _ = stopped => {}
                }
            });
        })?;
    Ok(Running {
        addr,
        video_addr,
        shutdown: Some(shutdown),
        thread: Some(thread),
    })
}

/// Which listener a request reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Host {
    /// The base URL ([`MockServer::url`](super::MockServer::url)).
    Main,
    /// The video host ([`MockServer::video_url`](super::MockServer::video_url)).
    Video,
}

async fn accept_loop(
    listener: tokio::net::TcpListener,
    shared: Arc<Mutex<State>>,
    addr: SocketAddr,
    host: Host,
) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => {
                if host == Host::Main {
                    lock(&shared).connections += 1;
                }
                stream
            }
            Err(_) => {
                // Out of file descriptors, say: wait instead of spinning.
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        let shared = Arc::clone(&shared);
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                handle(Arc::clone(&shared), addr, host, request)
            });
            let io = hyper_util::rt::TokioIo::new(stream);
            // A client that hangs up mid-response (after its timeout) is not an error here.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(io, service)
                .await;
        });
    }
}

async fn handle(
    shared: Arc<Mutex<State>>,
    addr: SocketAddr,
    host: Host,
    request: hyper::Request<hyper::body::Incoming>,
) -> Result<hyper::Response<BoxBody<Bytes, Infallible>>, Infallible> {
    let (parts, body) = request.into_parts();
    let body = body
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let incoming = Incoming::new(&parts, &body, host);
    let accepts_gzip = parts
        .headers
        .get_all(hyper::header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            coding
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .eq_ignore_ascii_case("gzip")
        });
    let reply = {
        let mut state = lock(&shared);
        let mut reply = answer(&mut state, incoming, addr);
        if state.gzip && accepts_gzip {
            reply.compress();
            if let Some(recorded) = state.requests.last_mut() {
                recorded.gzipped = true;
            }
        }
        reply
    };
    if let Some(delay) = reply.delay {
        tokio::time::sleep(delay).await;
    }
    Ok(reply.into_http())
}

/// The parts of a request the emulator looks at.
pub(super) struct Incoming {
    pub(super) method: String,
    pub(super) path: String,
    pub(super) raw_query: Option<String>,
    pub(super) query: Vec<(String, String)>,
    pub(super) form: Vec<(String, String)>,
    pub(super) bearer: Option<String>,
    /// For a batch request: the positions of the operations to answer
    /// `null` without running them ([`Fault::batch_not_run`](super::Fault::batch_not_run)).
    pub(super) not_run: Vec<usize>,
    /// Whether the body was `multipart/form-data` (its text parts are in `form`).
    pub(super) multipart: bool,
    /// The file parts of a multipart body.
    pub(super) parts: Vec<Part>,
    /// Why a multipart body could not be read: answered with HTTP 400.
    pub(super) malformed: Option<String>,
    /// Which listener received the request.
    pub(super) host: Host,
}

impl Incoming {
    fn new(parts: &hyper::http::request::Parts, body: &[u8], host: Host) -> Self {
        let header =
            |name: hyper::header::HeaderName| parts.headers.get(name).and_then(|v| v.to_str().ok());
        let decode = |bytes: &[u8]| -> Vec<(String, String)> {
            url::form_urlencoded::parse(bytes).into_owned().collect()
        };
        let content_type = header(hyper::header::CONTENT_TYPE).unwrap_or("");
        let is_form = content_type.starts_with("application/x-www-form-urlencoded");
        let multipart = content_type
            .get(..10)
            .is_some_and(|t| t.eq_ignore_ascii_case("multipart/"));
        let (mut form, mut files, mut malformed) = (Vec::new(), Vec::new(), None);
        if is_form {
            form = decode(body);
        } else if multipart {
            match super::multipart::parse(content_type, body) {
                // Text parts are form parameters, as Graph reads them.
                Ok(parts) => {
                    for part in parts {
                        match part.file_name {
                            Some(_) => files.push(part),
                            None => form.push((
                                part.name,
                                String::from_utf8_lossy(&part.data).into_owned(),
                            )),
                        }
                    }
                }
                Err(why) => malformed = Some(why),
            }
        }
        let bearer = header(hyper::header::AUTHORIZATION).and_then(|value| {
            let (scheme, token) = value.split_once(' ')?;
            (scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("oauth"))
                .then(|| token.trim().to_owned())
                .filter(|token| !token.is_empty())
        });
        Incoming {
            method: parts.method.as_str().to_owned(),
            path: parts.uri.path().to_owned(),
            raw_query: parts.uri.query().map(str::to_owned),
            query: decode(parts.uri.query().unwrap_or("").as_bytes()),
            form,
            bearer,
            not_run: Vec::new(),
            multipart,
            parts: files,
            malformed,
            host,
        }
    }

    pub(super) fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .chain(&self.form)
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A response, planned while the state is locked and sent after.
pub(super) struct Reply {
    pub(super) status: u16,
    pub(super) headers: Vec<(String, String)>,
    pub(super) body: Vec<u8>,
    delay: Option<Duration>,
    /// Sent in chunks of this many bytes, without `Content-Length`.
    chunk_size: Option<usize>,
    /// Sent with this `Content-Length`, stalling where the body falls short.
    announced_length: Option<u64>,
}

impl Reply {
    pub(super) fn json(status: u16, body: &Value) -> Self {
        Reply {
            status,
            headers: vec![(
                "content-type".to_owned(),
                "application/json; charset=UTF-8".to_owned(),
            )],
            body: body.to_string().into_bytes(),
            delay: None,
            chunk_size: None,
            announced_length: None,
        }
    }

    /// Compresses the body with gzip, as a client that accepts it gets it.
    fn compress(&mut self) {
        use std::io::Write as _;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        // Writing to a Vec cannot fail; if it did, the body goes as it is.
        let compressed = encoder
            .write_all(&self.body)
            .and_then(|()| encoder.finish());
        if let Ok(compressed) = compressed {
            self.body = compressed;
            self.headers
                .push(("content-encoding".to_owned(), "gzip".to_owned()));
        }
    }

    fn into_http(self) -> hyper::Response<BoxBody<Bytes, Infallible>> {
        let mut builder = hyper::Response::builder().status(self.status);
        for (name, value) in &self.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let frame = |bytes: &[u8]| Ok(hyper::body::Frame::data(Bytes::copy_from_slice(bytes)));
        let body = match (self.chunk_size, self.announced_length) {
            (_, Some(length)) => {
                builder = builder.header(hyper::header::CONTENT_LENGTH, length);
                // The body, then nothing more, ever: hyper sends what it has
                // and waits for the rest.
                let stream = futures_util::StreamExt::chain(
                    futures_util::stream::iter([frame(&self.body)]),
                    futures_util::stream::pending(),
                );
                StreamBody::new(stream).boxed()
            }
            // A stream of unknown length: hyper sends it chunked.
            (Some(size), None) => {
                let chunks: Vec<_> = self.body.chunks(size.max(1)).map(frame).collect();
                StreamBody::new(futures_util::stream::iter(chunks)).boxed()
            }
            (None, None) => Full::new(Bytes::from(self.body)).boxed(),
        };
        builder.body(body).unwrap_or_else(|e| {
            let mut broken = hyper::Response::new(
                Full::new(Bytes::from(format!(
                    "the emulator was given an invalid status or header: {e}"
                )))
                .boxed(),
            );
            *broken.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
            broken
        })
    }
}

/// A Graph error envelope with this request's trace id.
pub(super) fn graph_error(status: u16, mut error: Value, trace: &str) -> Reply {
    if let Some(object) = error.as_object_mut() {
        object
            .entry("fbtrace_id")
            .or_insert_with(|| Value::String(trace.to_owned()));
    }
    Reply::json(status, &json!({ "error": error }))
}

pub(super) fn error(status: u16, code: i64, error_type: &str, message: &str, trace: &str) -> Reply {
    graph_error(
        status,
        json!({"message": message, "type": error_type, "code": code}),
        trace,
    )
}

/// A request as the log keeps it.
pub(super) fn record(
    incoming: &Incoming,
    route: &Route,
    credentials: &Credentials,
    fault: Option<super::Fault>,
) -> RecordedRequest {
    RecordedRequest {
        method: incoming.method.clone(),
        path: incoming.path.clone(),
        segments: route.logged.clone(),
        version: route.version.clone(),
        raw_query: incoming.raw_query.clone(),
        params: incoming
            .query
            .iter()
            .chain(&incoming.form)
            .cloned()
            .collect(),
        form: incoming.form.clone(),
        token: credentials.token,
        token_in_url: credentials.token_in_url,
        proof: credentials.proof,
        fault,
        batch: Vec::new(),
        multipart: incoming.multipart,
        parts: incoming.parts.iter().cloned().map(Into::into).collect(),
        video_host: incoming.host == Host::Video,
        gzipped: false,
    }
}

/// Records the request, then answers it: the next queued fault if any,
/// otherwise what the Graph API would say.
fn answer(state: &mut State, mut incoming: Incoming, addr: SocketAddr) -> Reply {
    let trace = format!("MockTrace{:06}", state.requests.len() + 1);
    let credentials = Credentials::check(state, &incoming);
    let mut route = Route::new(&incoming.path);
    // A body that cannot be read is refused before anything else: no
    // fault is consumed and no rate limit charged.
    if let Some(why) = &incoming.malformed {
        state
            .requests
            .push(record(&incoming, &route, &credentials, None));
        let mut reply = error(
            400,
            100,
            "OAuthException",
            &format!("(#100) Invalid multipart/form-data body: {why}"),
            &trace,
        );
        reply.headers.extend(state.headers.iter().cloned());
        reply.headers.push(("x-fb-trace-id".to_owned(), trace));
        return reply;
    }
    let fault = state.faults.pop_front();
    let mut recorded = record(&incoming, &route, &credentials, fault.clone());
    if !state.record_file_data {
        for part in &mut recorded.parts {
            part.data = Vec::new();
        }
    }
    state.requests.push(recorded);
    let token_check = credentials.token;
    let proof_check = credentials.proof;
    if let Some(FaultKind::BatchNotRun(indices)) = fault.as_ref().map(|f| &f.kind) {
        incoming.not_run.clone_from(indices);
    }
    // `/me` is the token's owner: the node MockGraph::me names.
    if let (Some(first), Some(me)) = (route.segments.first_mut(), &state.me) {
        if first == "me" {
            first.clone_from(me);
        }
    }
    let segments = &route.segments[..];
    let mut reply = match fault.map(|f| f.kind) {
        Some(FaultKind::GraphError { status, error }) => graph_error(status, error, &trace),
        Some(FaultKind::Body {
            status,
            content_type,
            body,
        }) => Reply {
            status,
            headers: content_type
                .map(|t| ("content-type".to_owned(), t))
                .into_iter()
                .collect(),
            body: body.into_bytes(),
            delay: None,
            chunk_size: None,
            announced_length: None,
        },
        Some(FaultKind::Delay(delay)) => Reply {
            delay: Some(delay),
            ..graph_answer(
                state,
                &incoming,
                segments,
                token_check,
                proof_check,
                addr,
                &trace,
            )
        },
        Some(FaultKind::Chunked(size)) => Reply {
            chunk_size: Some(size),
            ..graph_answer(
                state,
                &incoming,
                segments,
                token_check,
                proof_check,
                addr,
                &trace,
            )
        },
        Some(FaultKind::AnnouncedLength(length)) => Reply {
            announced_length: Some(length),
            ..graph_answer(
                state,
                &incoming,
                segments,
                token_check,
                proof_check,
                addr,
                &trace,
            )
        },
        Some(FaultKind::TruncatedJson) => {
            let mut reply = graph_answer(
                state,
                &incoming,
                segments,
                token_check,
                proof_check,
                addr,
                &trace,
            );
            reply.body.truncate(reply.body.len() / 2);
            reply
        }
        None | Some(FaultKind::BatchNotRun(_)) => {
            charged_answer(state, &incoming, segments, &credentials, addr, &trace)
        }
    };
    reply.headers.extend(state.headers.iter().cloned());
    reply.headers.push(("x-fb-trace-id".to_owned(), trace));
    let served = state
        .served_version
        .as_deref()
        .or(route.version.as_deref())
        .unwrap_or(crate::client::DEFAULT_API_VERSION);
    reply.headers.push((
        crate::client::API_VERSION_HEADER.to_owned(),
        served.to_owned(),
    ));
    reply
}

/// Whether a request's access token and `appsecret_proof` are right.
pub(super) struct Credentials {
    pub(super) token: Check,
    pub(super) token_in_url: bool,
    pub(super) proof: Check,
}

impl Credentials {
    /// The token from `Authorization: Bearer`, or else an `access_token`
    /// parameter; the proof from `appsecret_proof`, checked against that token.
    pub(super) fn check(state: &State, incoming: &Incoming) -> Self {
        let (token, token_in_url) = match &incoming.bearer {
            Some(token) => (Some(token.as_str()), false),
            None => {
                let token = incoming.param("access_token").filter(|t| !t.is_empty());
                (token, token.is_some())
            }
        };
        let accepted = |t: &str| {
            t == state.token.expose_secret()
                || state.other_tokens.iter().any(|o| o.expose_secret() == t)
        };
        let token_check = match token {
            None => Check::Missing,
            Some(t) if accepted(t) => Check::Right,
            Some(_) => Check::Wrong,
        };
        let proof_check = match (&state.app_secret, incoming.param("appsecret_proof")) {
            (None, _) => Check::NotRequired,
            (Some(_), None) => Check::Missing,
            (Some(secret), Some(proof)) => {
                let signed = AccessToken::from(token.unwrap_or(""));
                if appsecret_proof(secret, &signed) == proof {
                    Check::Right
                } else {
                    Check::Wrong
                }
            }
        };
        Credentials {
            token: token_check,
            token_in_url,
            proof: proof_check,
        }
    }
}

/// A request path split as the emulator routes it.
pub(super) struct Route {
    /// The version prefix, if any.
    pub(super) version: Option<String>,
    /// The decoded segments below the version, empty ones included, as logged.
    pub(super) logged: Vec<String>,
    /// The decoded, non-empty segments below the version: what routing sees.
    pub(super) segments: Vec<String>,
}

impl Route {
    pub(super) fn new(path: &str) -> Self {
        // Every segment after the leading `/`, decoded, empty ones included, as
        // it arrived; routing ignores the empty ones (`/v19.0/1/` is node 1).
        let arrived: Vec<String> = path
            .strip_prefix('/')
            .unwrap_or(path)
            .split('/')
            .map(|s| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8_lossy()
                    .into_owned()
            })
            .collect();
        let version = arrived.first().filter(|s| is_version(s)).cloned();
        let below_version = &arrived[usize::from(version.is_some())..];
        let logged = if below_version == [""] {
            Vec::new()
        } else {
            below_version.to_vec()
        };
        let segments = below_version
            .iter()
            .filter(|s| !s.is_empty())
            .cloned()
            .collect();
        Route {
            version,
            logged,
            segments,
        }
    }
}

fn is_version(segment: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    segment
        .strip_prefix('v')
        .and_then(|rest| rest.split_once('.'))
        .is_some_and(|(major, minor)| digits(major) && digits(minor))
}

/// What the Graph API answers after charging the request to the rate
/// limits it falls under (its first segment names the node): Graph's
/// rate-limit error at 100 %, with the usage headers either way.
pub(super) fn charged_answer(
    state: &mut State,
    incoming: &Incoming,
    segments: &[String],
    credentials: &Credentials,
    addr: SocketAddr,
    trace: &str,
) -> Reply {
    let clock = Arc::clone(&state.clock);
    let charge = usage::charge(
        &mut state.limits,
        segments.first().map(String::as_str),
        &*clock,
    );
    let mut reply = match charge.refusal {
        Some((status, error)) => graph_error(status, error, trace),
        None => graph_answer(
            state,
            incoming,
            segments,
            credentials.token,
            credentials.proof,
            addr,
            trace,
        ),
    };
    reply.headers.extend(charge.headers);
    reply
}

/// What the Graph API answers, in its order: token, proof, then the route.
pub(super) fn graph_answer(
    state: &mut State,
    incoming: &Incoming,
    segments: &[String],
    token: Check,
    proof: Check,
    addr: SocketAddr,
    trace: &str,
) -> Reply {
    if let Some(reply) = super::token::answer(state, incoming, segments, token, proof, trace) {
        return reply;
    }
    match token {
        Check::Missing => {
            return error(
                400,
                104,
                "OAuthException",
                "An access token is required to request this resource.",
                trace,
            );
        }
        Check::Wrong => {
            return error(
                400,
                190,
                "OAuthException",
                "Invalid OAuth access token - Cannot parse access token",
                trace,
            );
        }
        Check::Right | Check::NotRequired => {}
    }
    match proof {
        Check::Missing => {
            return error(
                400,
                100,
                "GraphMethodException",
                "API calls from the server require an appsecret_proof argument",
                trace,
            );
        }
        Check::Wrong => {
            return error(
                400,
                100,
                "GraphMethodException",
                "Invalid appsecret_proof provided in the API argument",
                trace,
            );
        }
        Check::Right | Check::NotRequired => {}
    }

    let method = match incoming.method.as_str() {
        "GET" => Method::Get,
        "POST" => Method::Post,
        "DELETE" => Method::Delete,
        other => {
            return error(
                400,
                100,
                "GraphMethodException",
                &format!("Unsupported method {other}"),
                trace,
            );
        }
    };
    if let Some(body) = state.responses.get(&(method, segments.to_vec())) {
        return Reply::json(200, body);
    }
    let selection = match incoming.param("fields").map(str::trim) {
        None | Some("") => None,
        Some(text) => match fields::parse(text) {
            Ok(selection) => Some(selection),
            Err(why) => return error(400, 100, "OAuthException", &why, trace),
        },
    };
    if let Some(reply) = super::report::answer(state, method, segments, selection.as_ref(), trace) {
        return reply;
    }
    if let Some(reply) =
        super::video::answer(state, incoming, method, segments, selection.as_ref(), trace)
    {
        return reply;
    }
    if let Some(reply) = super::images::answer(state, incoming, method, segments, trace) {
        return reply;
    }
    match (method, segments) {
        (Method::Post, []) if incoming.param("batch").is_some() => {
            super::batch::answer(state, incoming, addr, trace)
        }
        (Method::Get, []) if incoming.param("ids").is_some() => several_nodes(
            state,
            incoming.param("ids").unwrap_or(""),
            selection.as_ref(),
            trace,
        ),
        (Method::Get, [id]) => match state.nodes.get(id) {
            Some(node) => {
                let object = node.as_object().cloned().unwrap_or_default();
                let mut reply = Reply::json(
                    200,
                    &Value::Object(fields::apply(&object, selection.as_ref(), &state.edges)),
                );
                reply.headers.extend(node_headers(state, id));
                reply
            }
            None => unknown_object("get", id, trace),
        },
        (Method::Get, [id, edge]) => match state.edges.get(&(id.clone(), edge.clone())) {
            Some(_) if asks_too_much(state, id, edge, incoming) => {
                graph_error(500, super::fault::too_much_data_error(), trace)
            }
            Some(entries) => {
                let token = state.token.expose_secret();
                let mut reply = match page(
                    entries,
                    selection.as_ref(),
                    &state.edges,
                    incoming,
                    addr,
                    token,
                ) {
                    Ok(page) => Reply::json(200, &page),
                    Err(why) => error(400, 100, "OAuthException", &why, trace),
                };
                reply.headers.extend(node_headers(state, id));
                reply
            }
            None if state.nodes.contains_key(id) => error(
                400,
                100,
                "OAuthException",
                &format!("(#100) Tried accessing nonexisting field ({edge})"),
                trace,
            ),
            None => unknown_object("get", id, trace),
        },
        (Method::Get, _) => error(
            400,
            2500,
            "OAuthException",
            &format!("Unknown path components: /{}", segments.join("/")),
            trace,
        ),
        (Method::Post, [id, edge]) if state.creatable.contains(&(id.clone(), edge.clone())) => {
            state.created += 1;
            let new_id = (10_000_000_000 + state.created).to_string();
            state.nodes.insert(new_id.clone(), json!({ "id": new_id }));
            let listed = state.edges.entry((id.clone(), edge.clone())).or_default();
            listed.push(json!({ "id": new_id }));
            Reply::json(200, &json!({ "id": new_id }))
        }
        (Method::Post, [id]) if state.nodes.contains_key(id) => {
            Reply::json(200, &json!({"success": true}))
        }
        (Method::Delete, [id]) if state.nodes.contains_key(id) => {
            state.nodes.remove(id);
            Reply::json(200, &json!({"success": true}))
        }
        (Method::Delete, [id, edge])
            if state.edges.contains_key(&(id.clone(), edge.clone()))
                || state.creatable.contains(&(id.clone(), edge.clone())) =>
        {
            Reply::json(200, &json!({"success": true}))
        }
        (Method::Post, _) => unknown_object("post", &segments.join("/"), trace),
        (Method::Delete, _) => unknown_object("delete", &segments.join("/"), trace),
    }
}

/// `GET /{version}/?ids=a,b`: each node by its id, with the selected
/// fields; Graph's code 803 naming the ids it does not know, if any.
fn several_nodes(state: &State, ids: &str, selection: Option<&Selection>, trace: &str) -> Reply {
    let ids: Vec<&str> = ids.split(',').map(str::trim).collect();
    if ids.iter().any(|id| id.is_empty()) {
        return error(
            400,
            100,
            "OAuthException",
            "(#100) The parameter ids is required and may not hold an empty id",
            trace,
        );
    }
    let unknown: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|id| !state.nodes.contains_key(*id))
        .collect();
    if !unknown.is_empty() {
        return error(
            404,
            803,
            "OAuthException",
            &format!(
                "(#803) Some of the aliases you requested do not exist: {}",
                unknown.join(",")
            ),
            trace,
        );
    }
    let mut answer = Map::new();
    for id in ids {
        let object = state.nodes[id].as_object().cloned().unwrap_or_default();
        answer.insert(
            id.to_owned(),
            Value::Object(fields::apply(&object, selection, &state.edges)),
        );
    }
    Reply::json(200, &Value::Object(answer))
}

fn node_headers<'s>(state: &'s State, id: &str) -> impl Iterator<Item = (String, String)> + 's {
    state.node_headers.get(id).into_iter().flatten().cloned()
}

fn unknown_object(verb: &str, id: &str, trace: &str) -> Reply {
    let message = format!(
        "Unsupported {verb} request. Object with ID '{id}' does not exist, cannot be loaded due to missing \
         permissions, or does not support this operation. Please read the Graph API documentation at \
         https://developers.facebook.com/docs/graph-api"
    );
    let mut reply = error(400, 100, "GraphMethodException", &message, trace);
    if let Ok(mut body) = serde_json::from_slice::<Value>(&reply.body) {
        body["error"]["error_subcode"] = json!(33);
        reply.body = body.to_string().into_bytes();
    }
    reply
}

/// How many entries a page holds when the request sets no `limit`.
const DEFAULT_PAGE_SIZE: usize = 25;

/// Whether the request's `limit` (25 if unset) is above the edge's
/// [`MockGraph::max_limit`](super::MockGraph::max_limit). A `limit` that is
/// not a number is left to [`page`] to refuse.
fn asks_too_much(state: &State, id: &str, edge: &str, incoming: &Incoming) -> bool {
    let Some(&max) = state.max_limits.get(&(id.to_owned(), edge.to_owned())) else {
        return false;
    };
    match incoming.param("limit") {
        None => DEFAULT_PAGE_SIZE > max,
        Some(text) => text.parse::<usize>().is_ok_and(|limit| limit > max),
    }
}

fn cursor(index: usize) -> String {
    format!("bW9jazp{index}")
}

fn parse_cursor(cursor: &str) -> Option<usize> {
    cursor.strip_prefix("bW9jazp")?.parse().ok()
}

/// One page of an edge: `{"data": [...], "paging": {"cursors": {...}, "next", "previous"}}`.
/// The links carry `access_token`, as Graph's do, whichever way the request sent it.
fn page(
    entries: &[Value],
    selection: Option<&Selection>,
    edges: &fields::Edges,
    incoming: &Incoming,
    addr: SocketAddr,
    token: &str,
) -> Result<Value, String> {
    let limit = match incoming.param("limit") {
        None => DEFAULT_PAGE_SIZE,
        Some(text) => text
            .parse::<usize>()
            .ok()
            .filter(|&n| n > 0)
            .ok_or_else(|| {
                format!("(#100) Param limit must be a positive integer, not `{text}`")
            })?,
    };
    let entries = &within_time_range(entries, incoming)?[..];
    let summary = match incoming.param("summary") {
        Some("true" | "1" | "total_count") => Some(json!({"total_count": entries.len()})),
        _ => None,
    };
    let with_summary = |mut page: Value| {
        if let (Some(summary), Some(object)) = (&summary, page.as_object_mut()) {
            object.insert("summary".to_owned(), summary.clone());
        }
        page
    };
    let bad_cursor = |c: &str| format!("(#100) The after or before cursor `{c}` is not valid");
    let offset = match incoming.param("offset") {
        None => None,
        Some(text) => Some(text.parse::<usize>().map_err(|_| {
            format!("(#100) Param offset must be a non-negative integer, not `{text}`")
        })?),
    };
    let (start, end) = match (incoming.param("after"), incoming.param("before"), offset) {
        (None, None, Some(offset)) => (offset, offset.saturating_add(limit)),
        (Some(after), _, _) => {
            let start = parse_cursor(after).ok_or_else(|| bad_cursor(after))? + 1;
            (start, start.saturating_add(limit))
        }
        (None, Some(before), _) => {
            let end = parse_cursor(before).ok_or_else(|| bad_cursor(before))?;
            (end.saturating_sub(limit), end)
        }
        (None, None, None) => (0, limit),
    };
    let (start, end) = (start.min(entries.len()), end.min(entries.len()));
    let data = fields::apply_list(&entries[start..end], selection, edges);
    if start == end {
        return Ok(with_summary(json!({ "data": data })));
    }
    let link = |param: &str, cursor: String| {
        let mut url =
            url::Url::parse(&format!("http://{addr}{}", incoming.path)).expect("a valid URL");
        url.query_pairs_mut()
            .append_pair("access_token", token)
            .extend_pairs(incoming.query.iter().filter(|(n, _)| {
                !["access_token", "after", "before", "offset"].contains(&n.as_str())
            }))
            .append_pair(param, &cursor);
        Value::String(url.into())
    };
    let mut paging = Map::new();
    // Offset paging, as Graph's: links with `offset`, and no cursors.
    if offset.is_some() && incoming.param("after").is_none() && incoming.param("before").is_none() {
        if end < entries.len() {
            paging.insert("next".to_owned(), link("offset", end.to_string()));
        }
        if start > 0 {
            let previous = start.saturating_sub(limit);
            paging.insert("previous".to_owned(), link("offset", previous.to_string()));
        }
        return Ok(with_summary(json!({ "data": data, "paging": paging })));
    }
    paging.insert(
        "cursors".to_owned(),
        json!({"before": cursor(start), "after": cursor(end - 1)}),
    );
    if end < entries.len() {
        paging.insert("next".to_owned(), link("after", cursor(end - 1)));
    }
    if start > 0 {
        paging.insert("previous".to_owned(), link("before", cursor(start)));
    }
    Ok(with_summary(json!({ "data": data, "paging": paging })))
}

/// The entries whose `created_time` is within `since` and `until` (Unix
/// seconds, inclusive), when the request sets either; entries without a
/// `created_time` Graph's format parses are then left out. All of them
/// otherwise.
fn within_time_range<'e>(
    entries: &'e [Value],
    incoming: &Incoming,
) -> Result<std::borrow::Cow<'e, [Value]>, String> {
    let bound = |name: &str| {
        incoming
            .param(name)
            .map(|text| {
                text.parse::<i64>().map_err(|_| {
                    format!("(#100) Param {name} must be a Unix timestamp, not `{text}`")
                })
            })
            .transpose()
    };
    let (since, until) = (bound("since")?, bound("until")?);
    if since.is_none() && until.is_none() {
        return Ok(std::borrow::Cow::Borrowed(entries));
    }
    let time = |entry: &Value| {
        let text = entry.get("created_time")?.as_str()?;
        Some(crate::DateTime::parse(text).ok()?.unix_timestamp())
    };
    Ok(entries
        .iter()
        .filter(|entry| {
            time(entry).is_some_and(|t| {
                since.is_none_or(|since| t >= since) && until.is_none_or(|until| t <= until)
            })
        })
        .cloned()
        .collect())
}
