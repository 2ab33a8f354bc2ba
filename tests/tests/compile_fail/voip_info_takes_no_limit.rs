// Modifiers are for edges: `voip_info` holds one node, so it has no `limit`.
use graph_api::PageField;

fn main() {
    let _ = PageField::VOIP_INFO.limit(5);
}
