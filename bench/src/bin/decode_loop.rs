//! Decodes the `VoipInfo` payload 100,000 times one way, for
//! `valgrind --tool=callgrind` (instructions per decode do not move with
//! the machine's load, as criterion's times do):
//!
//! ```sh
//! cargo build --release -p graph-bench --bin decode_loop
//! valgrind --tool=callgrind target/release/decode_loop client
//! ```
//!
//! Ways: `model` (`serde_json::from_slice::<VoipInfo>`), `client`
//! (`tolerant::decode_slice`, what the client does with a response's
//! bytes), `hand` (a hand-written `#[derive(Deserialize)]` struct of the
//! same shape, `from_slice`), and from a parsed `serde_json::Value`:
//! `model-value`, `client-value` (`tolerant::decode`), `hand-value`.
#![allow(missing_docs)]

use std::hint::black_box;

use graph_api::VoipInfo;
use graph_bench::decode_payload::{HandWritten, PAYLOAD};

/// Decodes in each run.
const DECODES: usize = 100_000;

fn main() {
    let way = std::env::args().nth(1).unwrap_or_default();
    let value: serde_json::Value = serde_json::from_str(PAYLOAD).expect("payload is JSON");
    let bytes = PAYLOAD.as_bytes();
    let decode: Box<dyn Fn()> = match way.as_str() {
        "model" => Box::new(|| {
            black_box(serde_json::from_slice::<VoipInfo>(black_box(bytes)).expect("decodes"));
        }),
        "client" => Box::new(|| {
            black_box(
                graph_runtime::tolerant::decode_slice::<VoipInfo>(black_box(bytes))
                    .expect("decodes"),
            );
        }),
        "hand" => Box::new(|| {
            black_box(serde_json::from_slice::<HandWritten>(black_box(bytes)).expect("decodes"));
        }),
        "model-value" => Box::new(|| {
            black_box(
                <VoipInfo as serde::Deserialize>::deserialize(black_box(&value)).expect("decodes"),
            );
        }),
        "client-value" => Box::new(|| {
            black_box(
                graph_runtime::tolerant::decode::<VoipInfo>(black_box(&value)).expect("decodes"),
            );
        }),
        "hand-value" => Box::new(|| {
            black_box(
                <HandWritten as serde::Deserialize>::deserialize(black_box(&value))
                    .expect("decodes"),
            );
        }),
        _ => {
            eprintln!("usage: decode_loop model|client|hand|model-value|client-value|hand-value");
            std::process::exit(2);
        }
    };
    for _ in 0..DECODES {
        decode();
    }
}
