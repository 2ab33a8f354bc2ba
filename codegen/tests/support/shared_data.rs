//! Test data that lives beside the workspace, in `../shared`, and never in it.
//!
//! A test that needs it and does not find it fails when the environment
//! variable `CI` is set (to anything but `""`, `0` or `false`): under CI a
//! test that cannot run must not pass. Elsewhere it prints that it is
//! skipped and passes. `GRAPH_SHARED_DIR` puts `../shared` elsewhere, which
//! is how [`assert_absent_data_fails_under_ci`] checks the rule itself.
//!
//! One file for three crates: `codegen`'s `tests/import.rs` has it as a
//! module, the `tests` crate's `tests/facebook_api.rs` and `graph-runtime`'s
//! `tests/error_envelopes.rs` include it by `#[path]` (no crate can depend
//! on another's tests).

use std::path::{Path, PathBuf};
use std::process::Command;

/// Overrides where `../shared` is.
const SHARED_DIR_VAR: &str = "GRAPH_SHARED_DIR";

/// Whether this is a CI run.
fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"))
}

/// `../shared/<relative>` (or `$GRAPH_SHARED_DIR/<relative>`), a directory.
/// When it is absent: panics under CI; otherwise prints that `what` is
/// skipped and returns `None`.
pub(crate) fn shared_dir(relative: &str, what: &str) -> Option<PathBuf> {
    let root = match std::env::var_os(SHARED_DIR_VAR) {
        Some(dir) => PathBuf::from(dir),
        // Every crate that includes this file sits directly in the workspace.
        None => Path::new(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .nth(2)
            .expect("the workspace has a parent directory")
            .join("shared"),
    };
    let dir = root.join(relative);
    if dir.is_dir() {
        return Some(dir);
    }
    let dir = dir.display();
    let why = "the data lives beside the workspace, in ../shared, never in it";
    if under_ci() {
        panic!(
            "{what} needs {dir}, which is absent ({why}); CI is set, so this fails instead of skipping"
        );
    }
    eprintln!("SKIPPED {what}: {dir} is absent ({why}); with CI set, this fails");
    None
}

/// Runs the test `name` of the running test binary with `../shared` pointed
/// at a directory that does not exist: it must fail with `CI=true` and
/// pass, saying it skipped, without `CI` or with `CI` set to `0`, `false`
/// or nothing.
pub(crate) fn assert_absent_data_fails_under_ci(name: &str) {
    let absent = std::env::temp_dir().join(format!("graph-no-shared-{}", std::process::id()));
    assert!(!absent.exists(), "{} exists", absent.display());
    let run = |ci: Option<&str>| {
        let mut command = Command::new(std::env::current_exe().unwrap());
        command
            .args(["--exact", name, "--nocapture"])
            .env(SHARED_DIR_VAR, &absent)
            .env_remove("CI");
        if let Some(ci) = ci {
            command.env("CI", ci);
        }
        let o = command.output().unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(
            text.contains("running 1 test"),
            "`{name}` did not run:\n{text}"
        );
        (o.status.success(), text)
    };
    let (passed, text) = run(Some("true"));
    assert!(
        !passed,
        "`{name}` passed under CI without its data:\n{text}"
    );
    assert!(text.contains("CI is set, so this fails"), "{text}");
    for ci in [None, Some("0"), Some("false"), Some("")] {
        let (passed, text) = run(ci);
        assert!(passed, "`{name}` failed with CI={ci:?}:\n{text}");
        assert!(text.contains("SKIPPED"), "{text}");
    }
}
