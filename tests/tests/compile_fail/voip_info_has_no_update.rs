// VoipInfo can only be read (spec/voip_info.yaml has no `update`), so its
// handle has no `update`. The control, control/campaign_delete_and_update.rs,
// makes the same call on a node whose spec allows it.
fn main() {
    let client = graph_api::Client::new("token").unwrap();
    let _ = client.voip_info("1").update(Default::default());
}
