//! A spec with every type and every awkward name generates a crate that
//! builds outside this workspace, with `-D warnings`, clippy-clean, with
//! rustdoc warnings denied (descriptions full of URLs, brackets and code
//! fences must not break the docs or become doctests), and untouched by
//! `cargo fmt`.
//!
//! Slow the first time (the generated crate's dependencies compile into
//! `target/generated-crates`, shared between runs).

use tests::{cargo_ok, generate_crate};

#[test]
fn awkward_spec_compiles_without_warnings_and_passes_clippy() {
    let (_dir, krate) = generate_crate("tests/specs/awkward", "awkward-graph");
    let deny = ["-D", "warnings"];
    cargo_ok(&["rustc", "--lib", "--quiet"], &deny, &krate);
    cargo_ok(
        &["clippy", "--quiet", "--all-targets", "--all-features"],
        &deny,
        &krate,
    );
    cargo_ok(&["doc", "--quiet", "--no-deps"], &[], &krate);
    cargo_ok(&["test", "--quiet", "--doc"], &[], &krate);
    // `cargo fmt` in a user's workspace must not rewrite generated files
    // (codegen would then take them for hand edits).
    cargo_ok(&["fmt", "--check"], &[], &krate);
}
