//! Allocations per operation: field-selection encoding, building a request,
//! decoding and validating `VoipInfo`. Counted by dhat's heap mode (a global
//! allocator that needs no unsafe code of ours); prints a Markdown table.
#![forbid(unsafe_code)]

use graph_api::Node;
use std::hint::black_box;

use graph_api::{VoipInfo, VoipInfoField};
use graph_runtime::FieldSelection;

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

use graph_bench::decode_payload::PAYLOAD;

/// Operations per measurement: the figure is the average, so one-off
/// allocations (lazy statics) do not count.
const ITERATIONS: u64 = 1000;

fn per_op(mut op: impl FnMut()) -> (f64, f64) {
    op();
    let before = dhat::HeapStats::get();
    for _ in 0..ITERATIONS {
        op();
    }
    let after = dhat::HeapStats::get();
    (
        (after.total_blocks - before.total_blocks) as f64 / ITERATIONS as f64,
        (after.total_bytes - before.total_bytes) as f64 / ITERATIONS as f64,
    )
}

fn main() {
    // Testing mode: count, write no profile file.
    let _profiler = dhat::Profiler::builder().testing().build();
    let client = graph_api::Client::new("bench-token").expect("a client builds offline");
    let value: serde_json::Value = serde_json::from_str(PAYLOAD).expect("payload is JSON");
    let drifted = serde_json::json!({"is_callable": 0, "reason_code": 4294967296u64, "reason_description": "x"});

    let rows: Vec<(&str, (f64, f64))> = vec![
        (
            "`FieldSelection::of(VoipInfoField::ALL).to_string()` (7 fields)",
            per_op(|| {
                black_box(FieldSelection::of(black_box(VoipInfoField::ALL)).to_string());
            }),
        ),
        (
            "`client.voip_info(id).fields(ALL).to_request()`",
            per_op(|| {
                black_box(
                    client
                        .voip_info(black_box("1234567890"))
                        .fields(black_box(VoipInfoField::ALL))
                        .to_request(),
                )
                .expect("no parameters to check");
            }),
        ),
        (
            "`client.page(id).voip_info().fields(ALL).to_request()` (field expansion)",
            per_op(|| {
                black_box(
                    client
                        .page(black_box("1234567890"))
                        .voip_info()
                        .fields(black_box(VoipInfoField::ALL))
                        .to_request(),
                );
            }),
        ),
        (
            "decode `VoipInfo` from JSON bytes (`serde_json::from_slice`)",
            per_op(|| {
                black_box(serde_json::from_slice::<VoipInfo>(black_box(
                    PAYLOAD.as_bytes(),
                )))
                .expect("decodes");
            }),
        ),
        (
            "decode `VoipInfo` from a `serde_json::Value` (`serde::Deserialize`)",
            per_op(|| {
                black_box(<VoipInfo as serde::Deserialize>::deserialize(black_box(
                    &value,
                )))
                .expect("decodes");
            }),
        ),
        (
            "decode `VoipInfo` as the client does, from the bytes (`tolerant::decode_slice`, warnings collected)",
            per_op(|| {
                black_box(graph_runtime::tolerant::decode_slice::<VoipInfo>(
                    black_box(PAYLOAD.as_bytes()),
                ))
                .expect("decodes");
            }),
        ),
        (
            "decode `VoipInfo` from a `serde_json::Value` you hold (`tolerant::decode`, warnings collected)",
            per_op(|| {
                black_box(graph_runtime::tolerant::decode::<VoipInfo>(black_box(
                    &value,
                )))
                .expect("decodes");
            }),
        ),
        (
            "decode `VoipInfo` with one value kept raw and one coerced (`tolerant::decode`)",
            per_op(|| {
                black_box(graph_runtime::tolerant::decode::<VoipInfo>(black_box(
                    &drifted,
                )))
                .expect("decodes");
            }),
        ),
        (
            "`VoipInfo::validate` of a valid payload",
            per_op(|| {
                black_box(VoipInfo::validate(black_box(&value))).expect("valid");
            }),
        ),
    ];

    println!("\n### Allocations per operation (dhat heap mode, mean of {ITERATIONS})\n");
    println!("| operation | allocations | bytes |");
    println!("|---|--:|--:|");
    for (what, (blocks, bytes)) in rows {
        println!("| {what} | {blocks:.1} | {bytes:.0} |");
    }
}
