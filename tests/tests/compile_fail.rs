//! Operations the spec does not list do not exist. VoipInfo is read-only in
//! `spec/`, so `graph_api`'s handle for it has neither `delete` nor `update`
//! (`tests/compile_fail/*.rs`; the expected errors are in the `.stderr`
//! files, which `TRYBUILD=overwrite` regenerates). The control makes the same
//! calls on `graph_ops_api`'s Campaign, whose spec allows both, and compiles.
//!
//! (Creating is done on an edge, `create_<edge>`; VoipInfo has no edges, so
//! there is no create method to test the absence of.)
//!
//! Typed nested expansion is checked the same way: a field is expanded only
//! with fields of its own node type (`PageField::FEED` takes
//! `PagePostField`s, never `VoipInfoField`s), an expansion belongs to the
//! node it is read on, and only edges take modifiers; the control does each
//! right.

#[test]
fn what_the_spec_does_not_allow_does_not_compile() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/compile_fail/*.rs");
    t.pass("tests/compile_fail/control/*.rs");
}
