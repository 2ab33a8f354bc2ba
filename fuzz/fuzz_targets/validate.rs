//! Validation of any JSON against a schema using every type: never panics,
//! and its results agree with each other.
#![no_main]

use graph_runtime::__private::fixture::{EVERY_TYPE, PARAMS};
use graph_runtime::validate::{self, Options, Report};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<Value>(data) else {
        return;
    };

    for options in [Options::LENIENT, Options::STRICT, Options::PARAMS] {
        well_formed(&validate::check(&EVERY_TYPE, &value, options));
    }
    let lenient = validate::check(&EVERY_TYPE, &value, Options::LENIENT);
    assert_eq!(
        validate::validate(&EVERY_TYPE, &value).is_err(),
        lenient.has_errors()
    );
    let strict = validate::check(&EVERY_TYPE, &value, Options::STRICT);
    assert_eq!(
        validate::validate_strict(&EVERY_TYPE, &value).is_err(),
        strict.has_errors()
    );
    // Strict mode only adds unknown-field errors.
    assert!(strict.violations().len() >= lenient.violations().len());

    if let Value::Object(params) = &value {
        let report = validate::check_params(PARAMS, params, Options::PARAMS);
        well_formed(&report);
        assert_eq!(
            validate::validate_params(PARAMS, params).is_err(),
            report.has_errors()
        );
    }
});

/// Every violation prints as `path: message` on one line, with the value it
/// found cut short.
fn well_formed(report: &Report) {
    let text = report.to_string();
    assert_eq!(text.lines().count(), report.violations().len());
    for (line, violation) in text.lines().zip(report.violations()) {
        let path = if violation.path().is_empty() {
            "(root)"
        } else {
            violation.path()
        };
        assert!(line.starts_with(&format!("{path}: ")), "{line}");
        assert!(!violation.message().contains('\n'), "{line}");
        // A type name, a space, 40 characters, quotes and `…`.
        assert!(
            violation.found().chars().count() <= 60,
            "{}",
            violation.found()
        );
    }
}
