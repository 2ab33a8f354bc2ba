//! Any bytes decoded into generated models, tolerantly and strictly: never
//! a panic; strict success means tolerant success without a warning; a
//! decoded model encodes and prints; a decoded page keeps no credential in
//! its links.
#![no_main]

use graph_runtime::tolerant;
use libfuzzer_sys::fuzz_target;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

fn check<T: DeserializeOwned + Serialize + std::fmt::Debug>(data: &[u8], value: Option<&Value>) {
    let tolerant = tolerant::decode_slice::<T>(data);
    if let Ok(decoded) = &tolerant {
        let text = serde_json::to_string(&decoded.value).expect("a decoded model encodes");
        let shown = format!("{:?}", decoded.value);
        for held in [&text, &shown] {
            assert!(!held.contains("access_token="), "a credential kept: {held}");
        }
    }
    if let Some(value) = value {
        if let Ok(strict) = tolerant::decode_strict::<T>(value) {
            let _ = format!("{strict:?}");
            let lenient = tolerant::decode::<T>(value).expect("strict success, tolerant failure");
            assert!(lenient.warnings.is_empty(), "strict success, tolerant warnings");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let value = serde_json::from_slice::<Value>(data).ok();
    let value = value.as_ref();
    check::<graph_api::Page>(data, value);
    check::<graph_api::PagePost>(data, value);
    check::<graph_api::VoipInfo>(data, value);
    check::<graph_ops_api::AdAccount>(data, value);
    check::<graph_ops_api::Campaign>(data, value);
    check::<graph_ops_api::AdsInsights>(data, value);
    check::<graph_ops_api::AdReportRun>(data, value);
    check::<graph_ops_api::AdVideo>(data, value);
    check::<graph_runtime::Page<graph_api::Comment>>(data, value);
});
