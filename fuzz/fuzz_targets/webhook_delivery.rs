//! Any webhook request (method, query, signature header, body) answered by
//! a handler: never a panic; a delivery is accepted only with the right
//! signature of its exact body; the answer never holds the secret or the
//! verify token; and a body signed by the fuzzer's own key is decoded as
//! Facebook's deliveries are, without a panic.
#![no_main]

use graph_runtime::webhooks::{WebhookHandler, sign};
use libfuzzer_sys::fuzz_target;

const SECRET: &str = "fuzz-webhook-app-secret";
const VERIFY: &str = "fuzz-verify-token";

fuzz_target!(|data: &[u8]| {
    let handler = WebhookHandler::new(SECRET, VERIFY).expect("a usable secret");
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let mut parts = rest.splitn(3, |&b| b == 0);
    let query = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let header = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let body = parts.next().unwrap_or_default();
    let method = ["GET", "POST", "PUT", "post"][usize::from(selector % 4)];
    let right = sign(&SECRET.into(), body);
    let header = match selector / 4 % 3 {
        0 => Some(header.as_str()),
        1 => Some(right.as_str()),
        _ => None,
    };
    let answer = handler.handle(method, Some(&query), header, body);
    let shown = format!("{answer:?}");
    let sent = String::from_utf8_lossy(data);
    if !sent.contains(SECRET) && !sent.contains(VERIFY) {
        assert!(!shown.contains(SECRET) && !shown.contains(VERIFY), "{shown}");
    }
    if answer.notification().is_some() {
        assert!(method.eq_ignore_ascii_case("POST"));
        assert_eq!(header, Some(right.as_str()), "accepted without the right signature");
    }
    // An empty secret is refused, and verifies nothing.
    assert!(WebhookHandler::new("  ", VERIFY).is_err());
    assert!(graph_runtime::webhooks::verify_signature(&"".into(), &right, body).is_err());
});
