//! Operations the spec does not list do not exist: VoipInfo has no create,
//! update or delete anywhere (the expected compiler errors are in
//! `tests/compile_fail/*.stderr`; `TRYBUILD=overwrite` regenerates them).

#[test]
fn no_create_update_or_delete_on_voip_info() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/compile_fail/*.rs");
}
