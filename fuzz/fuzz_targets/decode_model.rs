//! Any bytes decoded into generated models, tolerantly and strictly: never
//! a panic; strict success means tolerant success without a warning; a
//! decoded model encodes and prints; a decoded edge page, listed or inline
//! in a model, keeps no credential in its links. (A model keeps the keys
//! it does not know as received: those are data, not links.)
#![no_main]

use graph_runtime::tolerant;
use libfuzzer_sys::fuzz_target;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

fn check<T: DeserializeOwned + Serialize + std::fmt::Debug>(data: &[u8], value: Option<&Value>) {
    check_with::<T>(data, value, |_| {});
}

/// [`check`], then `pages` checks the decoded value's edge pages.
fn check_with<T: DeserializeOwned + Serialize + std::fmt::Debug>(
    data: &[u8],
    value: Option<&Value>,
    pages: impl Fn(&T),
) {
    let tolerant = tolerant::decode_slice::<T>(data);
    if let Ok(decoded) = &tolerant {
        serde_json::to_string(&decoded.value).expect("a decoded model encodes");
        let _ = format!("{:?}", decoded.value);
        pages(&decoded.value);
    }
    if let Some(value) = value {
        if let Ok(strict) = tolerant::decode_strict::<T>(value) {
            let _ = format!("{strict:?}");
            let lenient = tolerant::decode::<T>(value).expect("strict success, tolerant failure");
            assert!(lenient.warnings.is_empty(), "strict success, tolerant warnings");
        }
    }
}

/// An edge page's links hold no credential, in `Debug` or encoded.
fn no_credential<T: Serialize + std::fmt::Debug>(page: &graph_runtime::Page<T>) {
    let links = (page.paging.as_ref(), page.extra.get("paging"));
    let text = serde_json::to_string(&links).expect("links encode");
    let shown = format!("{links:?}");
    for held in [&text, &shown] {
        for name in ["access_token=", "appsecret_proof="] {
            assert!(!held.contains(name), "a credential kept: {held}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let value = serde_json::from_slice::<Value>(data).ok();
    let value = value.as_ref();
    check_with::<graph_api::Page>(data, value, |page| {
        page.feed.iter().for_each(no_credential);
    });
    check::<graph_api::PagePost>(data, value);
    check::<graph_api::VoipInfo>(data, value);
    check::<graph_ops_api::AdAccount>(data, value);
    check::<graph_ops_api::Campaign>(data, value);
    check::<graph_ops_api::AdsInsights>(data, value);
    check::<graph_ops_api::AdReportRun>(data, value);
    check::<graph_ops_api::AdVideo>(data, value);
    check_with::<graph_runtime::Page<graph_api::Comment>>(data, value, no_credential);
    check_with::<graph_runtime::Page<Value>>(data, value, no_credential);
});
