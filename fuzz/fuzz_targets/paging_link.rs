//! Any paging link: cleaned of credentials as a decoded page holds it (no
//! `access_token` or `appsecret_proof` left in its query), turned into a
//! request as the client follows it, and checked against a base URL, all
//! without a panic.
#![no_main]

use graph_runtime::fuzzing;
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 2] = ["access_token", "appsecret_proof"];

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let clean = fuzzing::link_without_credentials(&text);
    if let Ok(url) = url::Url::parse(&clean) {
        assert!(
            url.query_pairs().all(|(name, _)| !NAMES.contains(&name.as_ref())),
            "a credential left in {clean}"
        );
        assert!(url.password().is_none());
    } else {
        for name in NAMES {
            assert!(!clean.contains(&format!("{name}=")), "a credential left in {clean}");
        }
    }
    if let Ok(request) = fuzzing::page_request(&text) {
        let url = request.url().expect("a page request has a URL");
        let url = url::Url::parse(url).expect("its URL parses");
        assert!(url.query_pairs().all(|(name, _)| !NAMES.contains(&name.as_ref())));
        let _ = format!("{request:?}");
    }
    let (base, link) = text.split_once(' ').unwrap_or(("https://graph.facebook.com/", &text));
    let _ = fuzzing::is_under(link, base);
});
