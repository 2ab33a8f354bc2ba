//! Decoding the generated `VoipInfo` against a hand-written struct of the
//! same shape (the model alone, and the client's whole decoding call), `validate` against decoding, and field-selection encoding.
//! `graph-bench decode-table` prints the means and ratios afterwards.
#![allow(missing_docs)]

use graph_api::Node;
use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use graph_api::{VoipInfo, VoipInfoField};
use graph_bench::decode_payload::{HandWritten, PAYLOAD};
use graph_runtime::FieldSelection;

/// Rounds of each decoding comparison.
const ROUNDS: usize = 3;

fn decode(c: &mut Criterion) {
    let value: serde_json::Value = serde_json::from_str(PAYLOAD).expect("payload is JSON");
    // Same content either way, or the comparison means nothing.
    let generated: VoipInfo = serde_json::from_str(PAYLOAD).expect("generated decodes");
    let hand: HandWritten = serde_json::from_str(PAYLOAD).expect("hand-written decodes");
    assert_eq!(generated.reason_code, hand.reason_code);
    assert_eq!(generated.reason_description, hand.reason_description);

    let mut group = c.benchmark_group("decode");
    // The two contenders of each ratio alternate, round after round, so a
    // change of load on a shared machine hits both; `graph-bench
    // decode-table` reports the median of the per-round ratios.
    for round in 1..=ROUNDS {
        group.bench_function(format!("generated_VoipInfo_r{round}"), |b| {
            b.iter(|| serde_json::from_slice::<VoipInfo>(black_box(PAYLOAD.as_bytes())))
        });
        group.bench_function(format!("handwritten_struct_r{round}"), |b| {
            b.iter(|| serde_json::from_slice::<HandWritten>(black_box(PAYLOAD.as_bytes())))
        });
    }
    // What the client does with a response's bytes: tolerant decoding in
    // one pass, warnings collected, against the hand-written struct's
    // `from_slice`.
    for round in 1..=ROUNDS {
        group.bench_function(format!("client_VoipInfo_r{round}"), |b| {
            b.iter(|| {
                graph_runtime::tolerant::decode_slice::<VoipInfo>(black_box(PAYLOAD.as_bytes()))
            })
        });
        group.bench_function(format!("handwritten_struct_again_r{round}"), |b| {
            b.iter(|| serde_json::from_slice::<HandWritten>(black_box(PAYLOAD.as_bytes())))
        });
    }
    // From a `serde_json::Value` already parsed (JSON a user holds; the
    // client itself decodes from the bytes).
    for round in 1..=ROUNDS {
        group.bench_function(format!("generated_VoipInfo_from_value_r{round}"), |b| {
            b.iter(|| <VoipInfo as serde::Deserialize>::deserialize(black_box(&value)))
        });
        group.bench_function(format!("handwritten_struct_from_value_r{round}"), |b| {
            b.iter(|| <HandWritten as serde::Deserialize>::deserialize(black_box(&value)))
        });
    }
    // Tolerant decoding of a `Value`, warnings collected.
    group.bench_function("client_path_decode_from_value", |b| {
        b.iter(|| graph_runtime::tolerant::decode::<VoipInfo>(black_box(&value)))
    });
    // The same with two values that do not fit: the cost of warnings.
    let drifted: serde_json::Value = serde_json::json!({
        "is_callable": 0, "reason_code": 4294967296u64, "reason_description": "x"
    });
    group.bench_function("client_path_decode_with_warnings", |b| {
        b.iter(|| graph_runtime::tolerant::decode::<VoipInfo>(black_box(&drifted)))
    });
    let drifted_bytes = serde_json::to_vec(&drifted).expect("encodes");
    group.bench_function("client_path_decode_slice_with_warnings", |b| {
        b.iter(|| graph_runtime::tolerant::decode_slice::<VoipInfo>(black_box(&drifted_bytes)))
    });
    group.finish();

    let mut group = c.benchmark_group("validate");
    group.bench_function("validate", |b| {
        b.iter(|| VoipInfo::validate(black_box(&value)))
    });
    group.bench_function("decode_from_value", |b| {
        b.iter(|| graph_runtime::decode::from_value::<VoipInfo>(black_box(&value)))
    });
    group.bench_function("serde_deserialize_from_value", |b| {
        b.iter(|| <VoipInfo as serde::Deserialize>::deserialize(black_box(&value)))
    });
    group.finish();
}

fn field_selection(c: &mut Criterion) {
    let client = graph_api::Client::new("bench-token").expect("a client builds offline");
    let mut group = c.benchmark_group("field_selection");
    group.bench_function("selection_to_string", |b| {
        b.iter(|| FieldSelection::of(black_box(VoipInfoField::ALL)).to_string())
    });
    group.bench_function("to_request", |b| {
        b.iter(|| {
            client
                .voip_info(black_box("1234567890"))
                .fields(black_box(VoipInfoField::ALL))
                .to_request()
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = decode, field_selection
}
criterion_main!(benches);
