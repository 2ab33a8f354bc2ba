// The calls the compile-fail cases make, on Campaign, whose spec
// (tests/specs/operations/) has `delete: {}` and `update`: they compile, so
// those cases fail only because VoipInfo lacks the operations.
fn main() {
    let client = graph_ops_api::Client::new("token").unwrap();
    let _ = client.campaign("1").delete();
    let _ = client.campaign("1").update(Default::default());
}
