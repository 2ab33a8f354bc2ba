//! # graph-bench
//!
//! Benchmarks of codegen and of the code it generates. `bench/run` builds in
//! release mode, runs them all and prints the tables kept in
//! `BENCHMARKS.md`:
//!
//! | figure | where |
//! |---|---|
//! | generation time per stage (VoipInfo, synthetic 10…5,000 nodes, Facebook's whole API) | `graph-bench figures` ([`synth`] makes the synthetic specs) |
//! | no-op regeneration: 0 files written, cargo rebuilds nothing | `graph-bench figures` |
//! | weight of the output: lines per field, `cargo check` time | `graph-bench figures` |
//! | decoding, validation and field selection | `cargo bench -p graph-bench` (criterion), then `graph-bench decode-table` |
//! | decoding time against a hand-written struct, in interleaved pairs | `decode_ratio` |
//! | instructions per decode (under callgrind) | `decode_loop` |
//! | allocations per request | `allocs` (dhat's heap mode) |
//!
//! Nothing here asserts a time: the figures are for people to read.
#![forbid(unsafe_code)]

pub mod decode_payload;
pub mod paired;
pub mod synth;

use std::path::PathBuf;

/// The workspace root (this package's parent directory).
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map_or(manifest.clone(), PathBuf::from)
}

/// Cargo's target directory: `$CARGO_TARGET_DIR`, else `<workspace>/target`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            if dir.is_absolute() {
                dir
            } else {
                workspace_root().join(dir)
            }
        }
        None => workspace_root().join("target"),
    }
}

/// Facebook's specs, beside the workspace (`../shared/facebook-api-specs/specs`), if present.
pub fn facebook_specs() -> Option<PathBuf> {
    let dir = workspace_root().join("../shared/facebook-api-specs/specs");
    dir.join("enum_types.json").is_file().then_some(dir)
}
