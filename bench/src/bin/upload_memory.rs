//! Peak memory of uploads: a video uploaded in chunks from a file on disk
//! (`upload_advideos`'s resumable upload, each chunk a multipart body
//! streamed 64 KiB at a time) or from bytes in memory, against the Graph
//! emulator. Counted by dhat's heap mode: the peak of live heap bytes in
//! the client's process while the upload runs. Each case runs in a process
//! of its own (this binary, `--case N`), and the emulator in another
//! (`--serve`, keeping no video bytes: `VideoScript::keep_data(false)`,
//! `MockGraph::record_file_data(false)`), so that neither the other cases
//! nor the emulator count; prints a Markdown table.
#![forbid(unsafe_code)]

use std::io::{BufRead as _, BufReader, Write as _};
use std::process::{Command, Stdio};

use graph_runtime::mock::{MockGraph, VideoScript};
use graph_runtime::video::VideoUpload;
use graph_runtime::{Client, Upload};

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

const MIB: u64 = 1024 * 1024;
const TOKEN: &str = "bench-token";

/// (label, source, file MiB, chunk MiB)
const CASES: &[(&str, &str, u64, u64)] = &[
    ("video from a path, 25 MiB in 1 MiB chunks", "path", 25, 1),
    ("video from a path, 100 MiB in 1 MiB chunks", "path", 100, 1),
    ("video from a path, 25 MiB in 4 MiB chunks", "path", 25, 4),
    (
        "video from bytes in memory, 25 MiB in 1 MiB chunks",
        "bytes",
        25,
        1,
    ),
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("--case") => run_case(CASES[args[2].parse::<usize>().expect("a case number")]),
        Some("--serve") => serve(args[2].parse().expect("a chunk size")),
        _ => table(),
    }
}

fn table() {
    println!();
    println!("### Upload memory (peak live heap of the client process, dhat)");
    println!();
    println!("The emulator runs in a process of its own; the figure is the client's.");
    println!();
    println!("| upload | peak heap | file |");
    println!("|---|---:|---:|");
    let me = std::env::current_exe().expect("own path");
    for (index, (label, _, size, _)) in CASES.iter().enumerate() {
        let out = Command::new(&me)
            .args(["--case", &index.to_string()])
            .output()
            .expect("runs itself");
        assert!(
            out.status.success(),
            "case {label}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let peak: u64 = String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .expect("a byte count");
        println!(
            "| {label} | {:.2} MiB | {size} MiB |",
            peak as f64 / MIB as f64
        );
    }
}

/// The emulator, in this process: prints its two URLs, then serves until
/// stdin closes.
fn serve(chunk: u64) {
    let script = VideoScript::new().chunk_size(chunk * MIB).keep_data(false);
    let server = MockGraph::new(TOKEN)
        .record_file_data(false)
        .video_uploads("act_1", script)
        .start();
    println!("{} {}", server.url(), server.video_url());
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
}

fn run_case((_, source, size, chunk): (&str, &str, u64, u64)) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("video.mp4");
    {
        // Written in pieces, so that making the file costs no peak of its own.
        let mut file = std::fs::File::create(&path).expect("a file");
        let piece: Vec<u8> = (0..MIB).map(|i| (i % 251) as u8).collect();
        for _ in 0..size {
            file.write_all(&piece).expect("written");
        }
    }
    let mut emulator = Command::new(std::env::current_exe().expect("own path"))
        .args(["--serve", &chunk.to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the emulator starts");
    let mut urls = String::new();
    BufReader::new(emulator.stdout.take().expect("piped"))
        .read_line(&mut urls)
        .expect("its URLs");
    let (base, video) = urls.trim().split_once(' ').expect("two URLs");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let client: Client = Client::builder(TOKEN)
        .base_url(base)
        .video_base_url(video)
        .build()
        .expect("a client");
    let upload = match source {
        "bytes" => Upload::from_bytes("video.mp4", std::fs::read(&path).expect("read")),
        _ => Upload::from_path(&path).expect("a file"),
    };
    let profiler = dhat::Profiler::builder().testing().build();
    runtime.block_on(async {
        VideoUpload::new(&client, "act_1", upload.clone())
            .wait_for_encoding(false)
            .send()
            .await
            .expect("uploaded");
    });
    let stats = dhat::HeapStats::get();
    drop(profiler);
    // Bytes in memory were live before the profiler started: they count as
    // the upload's.
    let peak = stats.max_bytes as u64 + if source == "bytes" { size * MIB } else { 0 };
    drop(emulator.stdin.take());
    let _ = emulator.wait();
    println!("{peak}");
}
