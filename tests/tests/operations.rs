//! Operations end to end through generated code: a crate generated from
//! `tests/specs/operations/` runs `tests/e2e/operations.rs` (paging across
//! three pages, a stream, a create with typed params, params refused before
//! sending, update, delete) against the Graph emulator, and passes clippy.

use tests::{cargo_ok, generate_crate, workspace};

#[test]
fn generated_edges_creates_updates_and_deletes_work_against_the_emulator() {
    let (_dir, krate) = generate_crate("tests/specs/operations", "ops-graph");
    std::fs::create_dir_all(krate.join("tests")).unwrap();
    std::fs::copy(
        workspace().join("tests/e2e/operations.rs"),
        krate.join("tests/operations.rs"),
    )
    .unwrap();
    cargo_ok(
        &[
            "test",
            "--quiet",
            "--features",
            "mock",
            "--test",
            "operations",
        ],
        &[],
        &krate,
    );
    cargo_ok(
        &["clippy", "--quiet", "--all-targets", "--all-features"],
        &["-D", "warnings"],
        &krate,
    );
}
