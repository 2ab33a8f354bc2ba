//! A spec with every type and every awkward name generates a crate that
//! builds outside this workspace, with `-D warnings`, clippy-clean, with
//! rustdoc warnings denied (descriptions full of URLs, brackets and code
//! fences must not break the docs or become doctests).
//!
//! Slow the first time (the generated crate's dependencies compile into
//! `target/generated-crates`, shared between runs).

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

/// Runs `cargo <args> --manifest-path <manifest> [-- <tool_args>]`.
fn cargo(args: &[&str], tool_args: &[&str], manifest: &Path, target: &Path) {
    let mut cmd = Command::new(env!("CARGO"));
    cmd.args(args).arg("--manifest-path").arg(manifest);
    if !tool_args.is_empty() {
        cmd.arg("--").args(tool_args);
    }
    cmd.env("CARGO_TARGET_DIR", target)
        .env("RUSTDOCFLAGS", "-D warnings")
        .env_remove("RUSTFLAGS");
    let out = cmd.output().expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo {} failed:\n{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn generate(spec: &str, name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join(name);
    let options = codegen::Options {
        spec_dir: workspace().join(spec),
        out_dir: out.clone(),
        crate_name: name.into(),
        runtime_dir: workspace().join("runtime"),
        nodes: None,
    };
    let generated = codegen::generate(&options).unwrap_or_else(|d| panic!("{spec}:\n{d}"));
    codegen::write::Plan::new(&out, &generated.files)
        .unwrap()
        .apply(false)
        .unwrap();
    (dir, out.join("Cargo.toml"))
}

#[test]
fn awkward_spec_compiles_without_warnings_and_passes_clippy() {
    let (_dir, manifest) = generate("tests/specs/awkward", "awkward-graph");
    let target = workspace().join("target/generated-crates");
    let deny = ["-D", "warnings"];
    cargo(&["rustc", "--lib", "--quiet"], &deny, &manifest, &target);
    cargo(
        &["clippy", "--quiet", "--all-targets", "--all-features"],
        &deny,
        &manifest,
        &target,
    );
    cargo(&["doc", "--quiet", "--no-deps"], &[], &manifest, &target);
    cargo(&["test", "--quiet", "--doc"], &[], &manifest, &target);
}
