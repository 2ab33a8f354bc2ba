//! Any usage headers (`X-App-Usage`, `X-Business-Use-Case-Usage`,
//! `X-Ad-Account-Usage`) and any `Retry-After`, read as the client reads
//! them: never a panic, every percentage a finite number or absent, and a
//! server's wait never longer than the governor's cap.
#![no_main]

use graph_runtime::fuzzing;
use graph_runtime::governor::MAX_SERVER_WAIT;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Four values, split on the first three NUL bytes.
    let mut parts = data.splitn(4, |&b| b == 0);
    let (app, business, ad_account) = (parts.next(), parts.next(), parts.next());
    let retry_after = parts.next().unwrap_or_default();
    let usage = fuzzing::usage(|name| match name {
        "x-app-usage" => app,
        "x-business-use-case-usage" => business,
        "x-ad-account-usage" => ad_account,
        _ => None,
    });
    let _ = format!("{usage:?}");
    if let Some(wait) = fuzzing::retry_after(&String::from_utf8_lossy(retry_after)) {
        assert!(wait <= MAX_SERVER_WAIT, "{wait:?}");
    }
});
