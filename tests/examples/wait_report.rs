//! Starts an asynchronous insights report on an ad account (or picks up one
//! started earlier), waits for it, and prints its rows, one JSON object a line.
//!
//! ```text
//! GRAPH_ACCESS_TOKEN=… cargo run -p tests --example wait_report -- \
//!     --account act_ID [--level campaign] [--date-preset last_7d] \
//!     [--resume REPORT_RUN_ID] [--deadline-secs 3600] [--interval-ms 1000] \
//!     [--base-url URL]
//! ```
//!
//! While it waits, a progress bar on stderr shows `async_status` and
//! `async_percent_completion`, only when stderr is a terminal; otherwise the
//! wait is quiet. The report run id is printed on stderr (on a terminal) so
//! that an interrupted wait can go on with `--resume`. A failed or skipped
//! job, or a deadline passed, is reported on stderr with exit status 1; bad
//! arguments exit 2. The token is never printed.

use std::io::{IsTerminal as _, Write as _};
use std::process::ExitCode;
use std::time::Duration;

use graph_ops_api::{AdAccountCreateInsightsParams, AdsInsights, Client};
use graph_runtime::job::{ReportRun, WaitSettings};

const USAGE: &str = "usage: wait_report --account act_ID [--level L] [--date-preset P] \
     [--resume REPORT_RUN_ID] [--deadline-secs N] [--interval-ms N] [--base-url URL]\n\
     env: GRAPH_ACCESS_TOKEN (required)";

#[derive(Default)]
struct Args {
    account: Option<String>,
    level: Option<String>,
    date_preset: Option<String>,
    resume: Option<String>,
    deadline: Option<Duration>,
    interval: Option<Duration>,
    base_url: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut parsed = Args::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        let number = |text: String| {
            text.parse::<u64>()
                .map_err(|_| format!("{arg} needs a whole number, not `{text}`"))
        };
        match arg.as_str() {
            "--account" => parsed.account = Some(value()?),
            "--level" => parsed.level = Some(value()?),
            "--date-preset" => parsed.date_preset = Some(value()?),
            "--resume" => parsed.resume = Some(value()?),
            "--base-url" => parsed.base_url = Some(value()?),
            "--deadline-secs" => parsed.deadline = Some(Duration::from_secs(number(value()?)?)),
            "--interval-ms" => parsed.interval = Some(Duration::from_millis(number(value()?)?)),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if parsed.account.is_none() && parsed.resume.is_none() {
        return Err("--account (or --resume) is required".to_owned());
    }
    Ok(parsed)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(why) => {
            if !why.is_empty() {
                eprintln!("wait_report: {why}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let Some(token) = std::env::var("GRAPH_ACCESS_TOKEN")
        .ok()
        .filter(|t| !t.is_empty())
    else {
        eprintln!("wait_report: GRAPH_ACCESS_TOKEN is not set\n{USAGE}");
        return ExitCode::from(2);
    };
    match run(args, token).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("wait_report: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args, token: String) -> Result<(), graph_runtime::Error> {
    let mut builder = Client::builder(token);
    if let Some(url) = &args.base_url {
        builder = builder.base_url(url);
    }
    let client = builder.build()?;
    let run = match (&args.resume, &args.account) {
        (Some(id), _) => ReportRun::<AdsInsights, _>::resume(client.transport(), id.as_str()),
        (None, Some(account)) => {
            let params = AdAccountCreateInsightsParams {
                level: args.level.clone(),
                date_preset: args.date_preset.clone(),
                ..AdAccountCreateInsightsParams::new()
            };
            client
                .ad_account(account.as_str())
                .create_insights(params)
                .send()
                .await?
        }
        (None, None) => unreachable!("parse_args requires one"),
    };
    let mut settings = WaitSettings::new();
    if let Some(deadline) = args.deadline {
        settings = settings.deadline(deadline);
    }
    if let Some(interval) = args.interval {
        settings = settings.initial_interval(interval);
    }
    let run = run.settings(settings);

    let terminal = std::io::stderr().is_terminal();
    let bar = terminal.then(|| {
        let bar = indicatif::ProgressBar::new(100);
        let style = indicatif::ProgressStyle::with_template(
            "{spinner} report run {prefix}: [{bar:40}] {pos:>3}% {msg} ({elapsed})",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> ");
        bar.set_style(style);
        bar.set_prefix(run.id().to_string());
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    });
    let waited = {
        let bar = bar.clone();
        run.on_progress(move |status| {
            if let Some(bar) = &bar {
                bar.set_position(status.percent.into());
                bar.set_message(status.status.to_string());
            }
        })
    };
    let outcome = waited.wait().await;
    if let Some(bar) = &bar {
        match &outcome {
            Ok(_) => bar.finish_with_message("Job Completed"),
            Err(_) => bar.abandon(),
        }
    }
    outcome?;

    let mut out = std::io::stdout().lock();
    let mut rows = std::pin::pin!(waited.results().stream());
    while let Some(row) = futures_next(&mut rows).await {
        let row = row?;
        let line = graph_runtime::serde_json::to_string(&row).map_err(|e| {
            graph_runtime::Error::InvalidRequest(format!("cannot print a row: {e}"))
        })?;
        if writeln!(out, "{line}").is_err() {
            break;
        }
    }
    Ok(())
}

/// The next item of a stream, without a futures library.
async fn futures_next<S: graph_runtime::futures_core::Stream + Unpin>(
    stream: &mut S,
) -> Option<S::Item> {
    std::future::poll_fn(|cx| std::pin::Pin::new(&mut *stream).poll_next(cx)).await
}
