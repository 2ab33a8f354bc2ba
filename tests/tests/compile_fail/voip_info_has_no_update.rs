// VoipInfo can only be read: the spec lists no create, update or delete.
fn main() {
    let client = graph_api::Client::new("token").unwrap();
    let _ = client.voip_info("1").update();
}
