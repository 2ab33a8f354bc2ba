// What the nested-expansion cases get wrong, done right: it compiles.
use graph_api::{Client, CommentField, PageField, PagePostField, VoipInfoField};

fn main() {
    let client = Client::new("token").unwrap();
    let _ = client
        .page("1")
        .read()
        .expand(PageField::VOIP_INFO.field(VoipInfoField::IsCallable))
        .expand(
            PageField::FEED
                .limit(5)
                .field(PagePostField::Message)
                .expand(PagePostField::COMMENTS.summary(true).field(CommentField::Id)),
        );
}
