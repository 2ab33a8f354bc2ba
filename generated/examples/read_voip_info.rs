//! Reads a Page's `voip_info` from the Graph API by field expansion and prints it as JSON.
//!
//! ```text
//! GRAPH_ACCESS_TOKEN=… cargo run -p graph-api --example read_voip_info -- \
//!     --page-id ID[,ID…] [--fields a,b] [--base-url URL] [--api-version vX.Y]
//! ```
//!
//! With several page ids (comma separated), all are read in one batch
//! request and each `voip_info` is printed as one JSON value a line, in the
//! order of the ids; a page whose read fails is reported on stderr (with
//! its id and Graph error) while the others are still printed, and the
//! exit status is then 1.
//!
//! The token comes from `GRAPH_ACCESS_TOKEN`; when `GRAPH_APP_SECRET` is set,
//! every request carries `appsecret_proof`. Prints only the fields the API
//! returned (`null` when the page has no `voip_info`). On failure prints the
//! Graph error (code, subcode, type, message, fbtrace_id) or the transport or
//! decoding error on stderr and exits 1; bad arguments exit 2. Decoding is
//! strict: a value that does not fit the spec (`reason_code` 4294967296)
//! is an error naming the field, not a warning. Neither the
//! token nor the secret is ever printed. (Hand-written: codegen leaves files
//! it did not generate alone.)

use std::io::Write as _;
use std::process::ExitCode;

use graph_api::{Client, VoipInfoField};

struct Args {
    page_ids: Vec<String>,
    fields: Vec<VoipInfoField>,
    base_url: Option<String>,
    api_version: Option<String>,
}

const USAGE: &str = "usage: read_voip_info --page-id ID[,ID...] [--fields a,b] [--base-url URL] [--api-version vX.Y]\n\
     env: GRAPH_ACCESS_TOKEN (required), GRAPH_APP_SECRET (optional)";

fn parse_args() -> Result<Args, String> {
    let mut args = std::env::args().skip(1);
    let mut page_ids = Vec::new();
    let mut fields = Vec::new();
    let mut base_url = None;
    let mut api_version = None;
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--page-id" => {
                let ids = value("--page-id")?;
                page_ids.extend(
                    ids.split(',')
                        .map(str::trim)
                        .filter(|id| !id.is_empty())
                        .map(str::to_owned),
                );
                if page_ids.is_empty() {
                    return Err("--page-id needs at least one id".to_owned());
                }
            }
            "--fields" => {
                for name in value("--fields")?
                    .split(',')
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                {
                    fields.push(name.parse::<VoipInfoField>().map_err(|e| e.to_string())?);
                }
            }
            "--base-url" => base_url = Some(value("--base-url")?),
            "--api-version" => api_version = Some(value("--api-version")?),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if page_ids.is_empty() {
        return Err("--page-id is required".to_owned());
    }
    Ok(Args {
        page_ids,
        fields,
        base_url,
        api_version,
    })
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("read_voip_info: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let Ok(token) = std::env::var("GRAPH_ACCESS_TOKEN") else {
        eprintln!("read_voip_info: set GRAPH_ACCESS_TOKEN to a Graph API access token\n{USAGE}");
        return ExitCode::from(2);
    };

    let mut builder = Client::builder(token);
    if let Ok(secret) = std::env::var("GRAPH_APP_SECRET") {
        builder = builder.app_secret(secret);
    }
    if let Some(url) = args.base_url {
        builder = builder.base_url(url);
    }
    if let Some(version) = args.api_version {
        builder = builder.api_version(version);
    }
    let client = match builder.build() {
        Ok(client) => client,
        Err(e) => {
            eprintln!("read_voip_info: {e}");
            return ExitCode::from(2);
        }
    };

    if let [page_id] = &args.page_ids[..] {
        read_one(&client, page_id, args.fields).await
    } else {
        read_in_one_batch(&client, &args.page_ids, &args.fields).await
    }
}

/// `GET /{version}/{page-id}?fields=voip_info{…}`, printed as pretty JSON.
async fn read_one(client: &Client, page_id: &str, fields: Vec<VoipInfoField>) -> ExitCode {
    match client
        .page(page_id)
        .voip_info()
        .fields(fields)
        .strict(true)
        .get()
        .await
    {
        Ok(response) => match graph_api::runtime::serde_json::to_string_pretty(&response.data) {
            Ok(json) => {
                println!("{json}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("read_voip_info: cannot print the result: {e}");
                ExitCode::from(1)
            }
        },
        Err(e) => {
            eprintln!("read_voip_info: {e}");
            ExitCode::from(1)
        }
    }
}

/// Every page's `voip_info` in one batch request (`POST /` with
/// `batch=[…]`, split at 50), one JSON value a line, in order.
async fn read_in_one_batch(
    client: &Client,
    page_ids: &[String],
    fields: &[VoipInfoField],
) -> ExitCode {
    let mut batch = client.batch();
    let handles = batch.add_all(page_ids.iter().map(|id| {
        client
            .page(id.as_str())
            .voip_info()
            .fields(fields.iter().copied())
            .strict(true)
    }));
    let mut results = match batch.send().await {
        Ok(results) => results,
        Err(e) => {
            eprintln!("read_voip_info: {e}");
            return ExitCode::from(1);
        }
    };
    let mut status = ExitCode::SUCCESS;
    let mut out = std::io::stdout().lock();
    for (id, handle) in page_ids.iter().zip(&handles) {
        let line = results.take(handle).and_then(|response| {
            graph_api::runtime::serde_json::to_string(&response.data).map_err(|e| {
                graph_api::Error::InvalidRequest(format!("cannot print the result: {e}"))
            })
        });
        match line {
            Ok(json) => {
                if writeln!(out, "{json}").is_err() {
                    return ExitCode::from(1);
                }
            }
            Err(e) => {
                eprintln!("read_voip_info: page {id}: {e}");
                status = ExitCode::from(1);
            }
        }
    }
    status
}
