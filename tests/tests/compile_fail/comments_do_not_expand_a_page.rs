// `comments` is an edge of a post, not of a Page: a Page read cannot expand it.
use graph_api::{Client, PagePostField};

fn main() {
    let client = Client::new("token").unwrap();
    let _ = client.page("1").read().expand(PagePostField::COMMENTS);
}
