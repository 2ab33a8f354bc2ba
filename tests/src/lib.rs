//! Helpers shared by the workspace-level integration tests in `tests/`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root.
pub fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
}

/// Where generated crates built by tests keep their build artefacts, shared
/// between tests and runs so dependencies compile once. A directory apart
/// from the workspace's own, so a test never waits on the lock of the
/// `cargo test` running it.
pub fn generated_target_dir() -> PathBuf {
    workspace().join("target/generated-crates")
}

/// Generates a crate named `name` from the spec directory `spec` (relative
/// to the workspace) into a new temporary directory. Returns the directory
/// (dropping it removes the crate) and the crate's path.
pub fn generate_crate(spec: &str, name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = dir.path().join(name);
    let options = codegen::Options {
        spec_dir: workspace().join(spec),
        out_dir: out.clone(),
        crate_name: name.into(),
        runtime_dir: workspace().join("runtime"),
        nodes: None,
        next: None,
    };
    let generated = codegen::generate(&options).unwrap_or_else(|d| panic!("{spec}:\n{d}"));
    write_crate(&out, &generated.files);
    (dir, out)
}

/// Writes generated files into `out`.
pub fn write_crate(out: &Path, files: &[(PathBuf, String)]) {
    codegen::write::Plan::new(out, files)
        .and_then(|plan| plan.apply(false))
        .unwrap_or_else(|e| panic!("writing {}: {e}", out.display()));
}

/// Runs `cargo <args> --manifest-path <crate>/Cargo.toml [-- <tool_args>]`
/// with the shared target directory and rustdoc warnings denied, and panics
/// with cargo's output unless it succeeds.
pub fn cargo_ok(args: &[&str], tool_args: &[&str], crate_dir: &Path) -> Output {
    let mut cmd = Command::new(env!("CARGO"));
    cmd.args(args)
        .arg("--manifest-path")
        .arg(crate_dir.join("Cargo.toml"));
    if !tool_args.is_empty() {
        cmd.arg("--").args(tool_args);
    }
    let out = cmd
        .env("CARGO_TARGET_DIR", generated_target_dir())
        // No debug info: the whole-API crate links in half the time.
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        // No incremental state: each generated crate lives in a new
        // temporary directory, so the state (1.5 GB for the whole API) is
        // never reused, only left on the disk.
        .env("CARGO_INCREMENTAL", "0")
        .env("RUSTDOCFLAGS", "-D warnings")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo {} failed for {}:\n{}\n{}",
        args.join(" "),
        crate_dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}
