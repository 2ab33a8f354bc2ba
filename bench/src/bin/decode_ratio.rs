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
        payload.decode(way);
    }
    start.elapsed().as_nanos() as f64 / f64::from(BATCH)
}

/// The value at quantile `q` (0..=1) of `values`, which it sorts.
fn quantile(values: &mut [f64], q: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    let at = ((values.len() - 1) as f64 * q).round() as usize;
    values[at]
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
        let (mut times_a, mut times_b, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
        for pair in 0..WARM_UP + PAIRS {
            let (ta, tb) = if pair % 2 == 0 {
                let ta = batch(&payload, a);
                (ta, batch(&payload, b))
            } else {
                let tb = batch(&payload, b);
                (batch(&payload, a), tb)
            };
            if pair >= WARM_UP {
                times_a.push(ta);
                times_b.push(tb);
                ratios.push(ta / tb);
            }
        }
        let median_a = quantile(&mut times_a, 0.5);
        let median_b = quantile(&mut times_b, 0.5);
        let low = quantile(&mut ratios, 0.25);
        let high = quantile(&mut ratios, 0.75);
        let median = quantile(&mut ratios, 0.5);
        println!(
            "| {label} | {median_a:.0} / {median_b:.0} | **{median:.3}** | {low:.3}–{high:.3} |"
        );
    }
}
