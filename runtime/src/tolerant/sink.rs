//! Where warnings go while a response decodes: a per-thread collector that
//! [`collect`] installs. Decoding is synchronous, so a thread-local holds
//! exactly one decode's warnings even under an async runtime.
//!
//! Each level reports paths relative to itself; the level above prefixes
//! the ones raised below it ([`within_since`]). Outside `collect` every
//! function here returns at once.

use std::cell::{Cell, RefCell};

use serde_json::Value;

use super::{Action, DecodeWarning};
use crate::schema::Type;
use crate::validate::check_value;

thread_local! {
    static SINK: RefCell<Option<Vec<DecodeWarning>>> = const { RefCell::new(None) };
    /// How many warnings `SINK` holds, `None` outside [`collect`]: what
    /// [`mark`] reads on every nested value, without borrowing `SINK`.
    static COUNT: Cell<Option<usize>> = const { Cell::new(None) };
}

/// Runs `f` (a decode) collecting the warnings it raises. Collectors nest:
/// an outer one gets nothing from an inner one.
pub fn collect<R>(f: impl FnOnce() -> R) -> (R, Vec<DecodeWarning>) {
    /// Puts the outer collector back, also if `f` panics.
    struct Restore(Option<Vec<DecodeWarning>>, Option<usize>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let outer = self.0.take();
            SINK.with_borrow_mut(|sink| *sink = outer);
            COUNT.set(self.1);
        }
    }
    let _restore = Restore(SINK.replace(Some(Vec::new())), COUNT.replace(Some(0)));
    let result = f();
    let warnings = SINK.with_borrow_mut(Option::take).unwrap_or_default();
    (result, warnings)
}

/// How many warnings have been collected so far; `None` outside [`collect`].
pub(super) fn mark() -> Option<usize> {
    COUNT.get()
}

/// Puts `step()` in front of the path of every warning raised since `mark`.
pub(super) fn within_since(mark: Option<usize>, step: impl FnOnce() -> String) {
    let Some(mark) = mark else { return };
    if COUNT.get() <= Some(mark) {
        return;
    }
    SINK.with_borrow_mut(|sink| {
        if let Some(warnings) = sink.as_mut().filter(|w| w.len() > mark) {
            let step = step();
            for warning in &mut warnings[mark..] {
                warning.within(&step);
            }
        }
    });
}

/// Reports a value of type `ty` that is kept raw, where the warnings
/// raised since `since` came from inside it (a list or map that turned raw
/// part way, whose decoded elements were encoded back): they are kept, as
/// kept raw, and every other violation of the value is added. Together
/// they are what `validate` reports for the value as received, even where
/// an element was encoded back from its coercion.
pub(super) fn report_raw(ty: Type, value: &Value, since: Option<usize>) {
    SINK.with_borrow_mut(|sink| {
        let Some(warnings) = sink.as_mut() else {
            return;
        };
        let since = since.unwrap_or(warnings.len()).min(warnings.len());
        for warning in &mut warnings[since..] {
            warning.action = Action::KeptRaw;
        }
        let report = check_value(ty, value, true);
        for violation in report.into_violations() {
            if violation.is_error() && !warnings[since..].iter().any(|w| w.violation == violation) {
                warnings.push(DecodeWarning {
                    violation,
                    action: Action::KeptRaw,
                });
            }
        }
        COUNT.set(Some(warnings.len()));
    });
}

/// Reports a value of type `ty` that was coerced, with paths relative to
/// it: only its own violations (not its nodes', which report themselves).
pub(super) fn coerced(ty: Type, value: &Value) {
    let action = Action::Coerced;
    SINK.with_borrow_mut(|sink| {
        if let Some(warnings) = sink.as_mut() {
            let report = check_value(ty, value, false);
            warnings.extend(
                report
                    .into_violations()
                    .into_iter()
                    .filter(|v| v.is_error())
                    .map(|violation| DecodeWarning { violation, action }),
            );
            COUNT.set(Some(warnings.len()));
        }
    });
}
