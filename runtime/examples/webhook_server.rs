//! A webhook endpoint for a Facebook app: answers the subscription
//! handshake, checks each delivery's `X-Hub-Signature-256`, and prints each
//! change as one JSON line on stdout, typed where the runtime knows the
//! field (Page `feed` and `leadgen`).
//!
//! ```text
//! FB_APP_SECRET=… FB_VERIFY_TOKEN=… cargo run -p graph-runtime --example webhook_server -- \
//!     [--port 8080] [--host 127.0.0.1]
//! ```
//!
//! Every path answers. Refused requests are reported on stderr (never with
//! the secret or the token); bad arguments exit 2.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

use graph_runtime::webhooks::{Notification, WebhookHandler};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::json;

const USAGE: &str = "usage: webhook_server [--port N] [--host ADDR]\n\
     env: FB_APP_SECRET, FB_VERIFY_TOKEN (both required)";

fn parse_args() -> Result<SocketAddr, String> {
    let mut port: u16 = 8080;
    let mut host = String::from("127.0.0.1");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--port" => {
                port = value()?
                    .parse()
                    .map_err(|_| "--port needs a number from 0 to 65535".to_owned())?;
            }
            "--host" => host = value()?,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    format!("{host}:{port}")
        .parse()
        .or_else(|_| format!("[{host}]:{port}").parse())
        .map_err(|_| format!("`{host}` is not an IP address"))
}

fn env(name: &str) -> Result<String, String> {
    match std::env::var(name) {
        Ok(value) if !value.is_empty() => Ok(value),
        _ => Err(format!("{name} is not set")),
    }
}

/// One line per change (or Messenger event), typed where known.
fn print_lines(notification: &Notification) {
    for entry in &notification.entry {
        for change in &entry.changes {
            let value = match change.typed(&notification.object) {
                Ok(typed) => json!(typed),
                Err(e) => {
                    eprintln!("change `{}` kept raw: {e}", change.field);
                    change.value.clone()
                }
            };
            let line = json!({
                "object": notification.object,
                "entry_id": entry.id,
                "time": entry.time,
                "field": change.field,
                "value": value,
            });
            println!("{line}");
        }
        for event in &entry.messaging {
            let line = json!({
                "object": notification.object,
                "entry_id": entry.id,
                "time": entry.time,
                "messaging": event,
            });
            println!("{line}");
        }
    }
}

async fn run(addr: SocketAddr, handler: WebhookHandler) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    eprintln!("listening on http://{}", listener.local_addr()?);
    let handler = Arc::new(handler);
    loop {
        let (stream, peer) = listener.accept().await?;
        let handler = Arc::clone(&handler);
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let handler = Arc::clone(&handler);
                async move {
                    let answer = handler.handle_request(request).await;
                    if let Some(error) = answer.error() {
                        eprintln!("{peer}: {} {error}", answer.status);
                    }
                    if let Some(notification) = answer.notification() {
                        print_lines(notification);
                    }
                    Ok::<_, Infallible>(answer.http_response())
                }
            });
            if let Err(e) = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await
            {
                eprintln!("{peer}: {e}");
            }
        });
    }
}

fn main() -> ExitCode {
    let config =
        parse_args().and_then(|addr| Ok((addr, env("FB_APP_SECRET")?, env("FB_VERIFY_TOKEN")?)));
    let (addr, secret, token) = match config {
        Ok(config) => config,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("{message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let handler = match WebhookHandler::new(secret, token) {
        Ok(handler) => handler,
        Err(e) => {
            eprintln!("FB_APP_SECRET: {e}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(run(addr, handler)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
