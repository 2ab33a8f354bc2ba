//! Any response (status, body) interpreted as the client does: Graph error
//! envelopes, HTTP errors, bodies that are not JSON. Never a panic, never
//! the secret in what the caller sees, and a bounded excerpt of a body
//! that is not an error envelope.
#![no_main]

use libfuzzer_sys::fuzz_target;

const SECRET: &str = "EAAB-fuzz-secret-token";

fuzz_target!(|data: &[u8]| {
    let Some((status, body)) = data.split_first_chunk::<2>() else {
        return;
    };
    let status = 100 + u16::from_le_bytes(*status) % 500;
    let shown = match graph_runtime::fuzzing::interpret(status, body, &[SECRET]) {
        Ok(_) => return,
        Err(shown) => shown,
    };
    assert!(!shown.contains(SECRET), "the secret shows: {shown}");
});
