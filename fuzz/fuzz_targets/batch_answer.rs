//! Any entry of a batch answer, read as the batch reads it: never a panic,
//! never an operation's secret in what the caller sees.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;

const SECRET: &str = "EAAB-fuzz-operation-token";

fuzz_target!(|data: &[u8]| {
    let Ok(entry) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let (usage, result) = graph_runtime::fuzzing::batch_answer(entry, &[SECRET]);
    let _ = format!("{usage:?}");
    if let Err(shown) = result {
        assert!(!shown.contains(SECRET), "the secret shows: {shown}");
    }
});
