//! Operations the spec does not list do not exist. VoipInfo is read-only in
//! `spec/`, so `graph_api`'s handle for it has neither `delete` nor `update`
//! (`tests/compile_fail/*.rs`; the expected errors are in the `.stderr`
//! files, which `TRYBUILD=overwrite` regenerates). The control makes the same
//! calls on `graph_ops_api`'s Campaign, whose spec allows both, and compiles.
//!
//! (Creating is done on an edge, `create_<edge>`; VoipInfo has no edges, so
//! there is no create method to test the absence of.)

#[test]
fn voip_info_has_no_delete_or_update_and_campaign_has_both() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/compile_fail/*.rs");
    t.pass("tests/compile_fail/control/*.rs");
}
