// `PageField::FEED` is an edge of `PagePost`s: only `PagePostField`s go
// inside its braces.
use graph_api::{PageField, VoipInfoField};

fn main() {
    let _ = PageField::FEED.field(VoipInfoField::IsCallable);
}
