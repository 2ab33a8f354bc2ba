//! Decoding time against a hand-written struct, measured in pairs: each
//! pair times a short batch of one way and then of the other (the order
//! alternates), so both sides of a ratio run at the same speed of the
//! machine. A shared VM changes speed by up to 1.5× from one spell to the
//! next, which moves criterion's separate runs more than the differences
//! measured here. Prints a Markdown table: per way the median time of its
//! batches, and per comparison the median and quartiles of the ratios of
//! its pairs.
//!
//! ```sh
//! cargo build --release -p graph-bench --bin decode_ratio
//! target/release/decode_ratio
//! ```
#![forbid(unsafe_code)]

use std::time::Instant;

use graph_bench::decode_payload::{Payload, Way};
use graph_bench::paired::{Pairs, Summary};

/// Pairs per comparison, after [`WARM_UP`] pairs that are not counted.
const PAIRS: usize = 301;
/// Pairs run first and not counted (caches, branch predictors, frequency).
const WARM_UP: usize = 20;
/// Decodes per batch: about a millisecond, short against a change of the
/// machine's speed.
const BATCH: u32 = 2_000;

/// What is compared, and how the table names it.
const COMPARISONS: [(Way, Way, &str); 4] = [
    (
        Way::Model,
        Way::Hand,
        "generated `VoipInfo` / hand-written struct, `serde_json::from_slice`",
    ),
    (
        Way::Client,
        Way::Hand,
        "the client's decoding (`tolerant::decode_slice::<VoipInfo>`, warnings collected) / hand-written struct, `serde_json::from_slice`",
    ),
    (
        Way::HandAnyToken,
        Way::Hand,
        "hand-written struct with its bools read by `deserialize_any` / hand-written struct (the cost of accepting any token)",
    ),
    (
        Way::ModelValue,
        Way::HandValue,
        "generated `VoipInfo` / hand-written struct, from a `serde_json::Value` (JSON a user already holds)",
    ),
];

/// Nanoseconds per decode over one batch.
fn batch(payload: &Payload, way: Way) -> f64 {
    let start = Instant::now();
    for _ in 0..BATCH {
        std::hint::black_box(payload.decode(way));
    }
    start.elapsed().as_nanos() as f64 / f64::from(BATCH)
}

fn main() {
    let payload = Payload::new();
    println!();
    println!(
        "### Decoding time, paired (`decode_ratio`: {} pairs of {BATCH}-decode batches per comparison)",
        PAIRS
    );
    println!();
    println!("| comparison | a / b, ns (medians) | ratio, median | ratio, quartiles |");
    println!("|---|--:|--:|--:|");
    for (a, b, label) in COMPARISONS {
        let mut pairs = Pairs::default();
        for pair in 0..WARM_UP {
            pairs.run(pair, || batch(&payload, a), || batch(&payload, b));
        }
        pairs = Pairs::default();
        for pair in 0..PAIRS {
            pairs.run(pair, || batch(&payload, a), || batch(&payload, b));
        }
        let Summary {
            median_a,
            median_b,
            ratio,
            low,
            high,
        } = pairs.summary().expect("PAIRS is not zero");
        println!(
            "| {label} | {median_a:.0} / {median_b:.0} | **{ratio:.3}** | {low:.3}–{high:.3} |"
        );
    }
}
