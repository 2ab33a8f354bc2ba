//! Operations end to end through generated code: a crate generated from
//! `tests/specs/operations/` runs `tests/e2e/operations.rs` (paging across
//! three pages, a stream, a create with typed params, params refused before
//! sending, update, delete) against the Graph emulator.

use std::path::Path;
use std::process::Command;

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

#[test]
fn generated_edges_creates_updates_and_deletes_work_against_the_emulator() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ops-graph");
    let options = codegen::Options {
        spec_dir: workspace().join("tests/specs/operations"),
        out_dir: out.clone(),
        crate_name: "ops-graph".into(),
        runtime_dir: workspace().join("runtime"),
        nodes: None,
    };
    let generated = codegen::generate(&options).unwrap_or_else(|d| panic!("{d}"));
    codegen::write::Plan::new(&out, &generated.files)
        .unwrap()
        .apply(false)
        .unwrap();
    std::fs::create_dir_all(out.join("tests")).unwrap();
    std::fs::copy(
        workspace().join("tests/e2e/operations.rs"),
        out.join("tests/operations.rs"),
    )
    .unwrap();

    let result = Command::new(env!("CARGO"))
        .args([
            "test",
            "--quiet",
            "--features",
            "mock",
            "--test",
            "operations",
            "--manifest-path",
        ])
        .arg(out.join("Cargo.toml"))
        .env(
            "CARGO_TARGET_DIR",
            workspace().join("target/generated-crates"),
        )
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "the generated crate's operations test failed:\n{}\n{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );

    let clippy = Command::new(env!("CARGO"))
        .args([
            "clippy",
            "--quiet",
            "--all-targets",
            "--all-features",
            "--manifest-path",
        ])
        .arg(out.join("Cargo.toml"))
        .args(["--", "-D", "warnings"])
        .env(
            "CARGO_TARGET_DIR",
            workspace().join("target/generated-crates"),
        )
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap();
    assert!(
        clippy.status.success(),
        "clippy on the generated operations crate:\n{}",
        String::from_utf8_lossy(&clippy.stderr)
    );
}
