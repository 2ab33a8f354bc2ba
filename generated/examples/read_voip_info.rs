//! Reads a Page's `voip_info` from the Graph API by field expansion and prints it as JSON.
//!
//! ```text
//! GRAPH_ACCESS_TOKEN=… cargo run -p graph-api --example read_voip_info -- \
//!     --page-id ID [--fields a,b] [--base-url URL] [--api-version vX.Y]
//! ```
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

use std::process::ExitCode;

use graph_api::{Client, VoipInfoField};

struct Args {
    page_id: String,
    fields: Vec<VoipInfoField>,
    base_url: Option<String>,
    api_version: Option<String>,
}

const USAGE: &str = "usage: read_voip_info --page-id ID [--fields a,b] [--base-url URL] [--api-version vX.Y]\n\
     env: GRAPH_ACCESS_TOKEN (required), GRAPH_APP_SECRET (optional)";

fn parse_args() -> Result<Args, String> {
    let mut args = std::env::args().skip(1);
    let mut page_id = None;
    let mut fields = Vec::new();
    let mut base_url = None;
    let mut api_version = None;
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--page-id" => page_id = Some(value("--page-id")?),
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
    Ok(Args {
        page_id: page_id.ok_or("--page-id is required")?,
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

    // GET /{version}/{page-id}?fields=voip_info{…}
    match client
        .page(args.page_id)
        .voip_info()
        .fields(args.fields)
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
