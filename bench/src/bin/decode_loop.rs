//! Decodes the `VoipInfo` payload 100,000 times one way, for
//! `valgrind --tool=callgrind` (instructions per decode do not move with
//! the machine's load, as times do):
//!
//! ```sh
//! cargo build --release -p graph-bench --bin decode_loop
//! valgrind --tool=callgrind target/release/decode_loop client
//! ```
//!
//! Ways: see [`Way`]: `model`, `client`, `hand`, `hand-any-token`,
//! `model-value`, `client-value`, `hand-value`.
#![forbid(unsafe_code)]

use graph_bench::decode_payload::{Payload, Way};

/// Decodes in each run.
const DECODES: usize = 100_000;

fn main() {
    let name = std::env::args().nth(1).unwrap_or_default();
    let Some(way) = Way::parse(&name) else {
        let names: Vec<_> = Way::ALL.iter().map(|way| way.name()).collect();
        eprintln!("usage: decode_loop {}", names.join("|"));
        std::process::exit(2);
    };
    let payload = Payload::new();
    for _ in 0..DECODES {
        std::hint::black_box(payload.decode(way));
    }
}
