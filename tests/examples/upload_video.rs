//! Uploads a video to an ad account in chunks, resumably, waits until Graph
//! has encoded it, and prints `{"id": …, "video_status": …}` on stdout.
//!
//! ```text
//! GRAPH_ACCESS_TOKEN=… cargo run -p tests --example upload_video -- \
//!     --account act_ID --file clip.mp4 [--title T] [--session FILE] \
//!     [--no-wait] [--retries 5] [--deadline-secs 1800] [--interval-ms 2000] \
//!     [--base-url URL] [--video-url URL]
//! ```
//!
//! The upload session is kept in `--session` (default: the file's path
//! with `.upload-session.json` appended) while the upload runs, so that
//! running the same command again after an interruption goes on from where
//! the server is instead of sending the video again; it is removed once
//! the upload is finished. A chunk that fails is sent again up to
//! `--retries` times in a row. While it runs, a progress bar on stderr shows
//! the bytes sent and then the encoding, only when stderr is a terminal;
//! otherwise it is quiet. A failure is reported on stderr with exit status
//! 1 (saying whether the upload can be resumed); bad arguments exit 2. The
//! token is never printed.

use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use graph_ops_api::Client;
use graph_runtime::Upload;
use graph_runtime::job::WaitSettings;
use graph_runtime::video::{Phase, Progress};

const USAGE: &str = "usage: upload_video --account act_ID --file PATH [--title T] \
     [--session FILE] [--no-wait] [--retries N] [--deadline-secs N] [--interval-ms N] [--base-url URL] \
     [--video-url URL]\n\
     env: GRAPH_ACCESS_TOKEN (required)";

#[derive(Default)]
struct Args {
    account: Option<String>,
    file: Option<PathBuf>,
    title: Option<String>,
    session: Option<PathBuf>,
    no_wait: bool,
    retries: Option<u32>,
    deadline: Option<Duration>,
    interval: Option<Duration>,
    base_url: Option<String>,
    video_url: Option<String>,
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
            "--file" => parsed.file = Some(value()?.into()),
            "--title" => parsed.title = Some(value()?),
            "--session" => parsed.session = Some(value()?.into()),
            "--no-wait" => parsed.no_wait = true,
            "--retries" => {
                let text = value()?;
                parsed.retries = Some(
                    text.parse()
                        .map_err(|_| format!("--retries needs a whole number, not `{text}`"))?,
                );
            }
            "--deadline-secs" => parsed.deadline = Some(Duration::from_secs(number(value()?)?)),
            "--interval-ms" => parsed.interval = Some(Duration::from_millis(number(value()?)?)),
            "--base-url" => parsed.base_url = Some(value()?),
            "--video-url" => parsed.video_url = Some(value()?),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if parsed.account.is_none() {
        return Err("--account is required".to_owned());
    }
    if parsed.file.is_none() {
        return Err("--file is required".to_owned());
    }
    Ok(parsed)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(why) => {
            if !why.is_empty() {
                eprintln!("upload_video: {why}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let Some(token) = std::env::var("GRAPH_ACCESS_TOKEN")
        .ok()
        .filter(|t| !t.is_empty())
    else {
        eprintln!("upload_video: GRAPH_ACCESS_TOKEN is not set\n{USAGE}");
        return ExitCode::from(2);
    };
    match run(args, token).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("upload_video: {error}");
            if let graph_runtime::Error::Video(video) = &error {
                if video.session().is_some() {
                    eprintln!("upload_video: run the same command again to resume");
                }
            }
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args, token: String) -> Result<(), graph_runtime::Error> {
    let mut builder = Client::builder(token);
    if let Some(url) = &args.base_url {
        builder = builder.base_url(url);
    }
    if let Some(url) = &args.video_url {
        builder = builder.video_base_url(url);
    }
    let client = builder.build()?;
    let (Some(account), Some(path)) = (&args.account, &args.file) else {
        unreachable!("parse_args requires both")
    };
    let session = args.session.clone().unwrap_or_else(|| {
        let mut name = path.clone().into_os_string();
        name.push(".upload-session.json");
        name.into()
    });
    let file = Upload::from_path(path)?;

    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(file.len());
        let style = indicatif::ProgressStyle::with_template(
            "{spinner} {prefix} [{bar:40}] {bytes}/{total_bytes} {msg} ({elapsed})",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> ");
        bar.set_style(style);
        bar.set_prefix(file.file_name().to_owned());
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    });
    let mut settings = WaitSettings::new();
    if let Some(deadline) = args.deadline {
        settings = settings.deadline(deadline);
    }
    if let Some(interval) = args.interval {
        settings = settings.initial_interval(interval);
    }
    let mut upload = client
        .ad_account(account.as_str())
        .upload_advideos(file)
        .session_file(session)
        .wait_for_encoding(!args.no_wait)
        .encoding(settings);
    if let Some(retries) = args.retries {
        upload = upload.max_transfer_retries(retries);
    }
    if let Some(title) = &args.title {
        upload = upload.param("title", title.as_str());
    }
    let shown = bar.clone();
    let upload = upload.on_progress(move |progress: &Progress| {
        if let Some(bar) = &shown {
            bar.set_position(progress.bytes_sent);
            bar.set_message(match (progress.phase, progress.encoding_percent) {
                (Phase::Encoding, Some(percent)) => format!("encoding {percent}%"),
                (phase, _) => format!("{phase:?}").to_lowercase(),
            });
        }
    });
    let outcome = upload.send().await;
    if let Some(bar) = &bar {
        match &outcome {
            Ok(_) => bar.finish_with_message("done"),
            Err(_) => bar.abandon(),
        }
    }
    let video = outcome?;
    println!(
        "{}",
        graph_runtime::serde_json::json!({"id": video.id, "video_status": video.video_status})
    );
    Ok(())
}
