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
    /// The warnings of the innermost [`collect`]; empty outside one.
    static SINK: RefCell<Vec<DecodeWarning>> = const { RefCell::new(Vec::new()) };
    /// How many warnings `SINK` holds, `None` outside [`collect`]: what
    /// [`mark`] reads on every nested value, without borrowing `SINK`.
    /// A decode that raises nothing touches only this.
    static COUNT: Cell<Option<usize>> = const { Cell::new(None) };
}

/// Runs `f` (a decode) collecting the warnings it raises. Collectors nest:
/// an outer one gets nothing from an inner one.
#[inline]
pub fn collect<R>(f: impl FnOnce() -> R) -> (R, Vec<DecodeWarning>) {
    /// Puts the outer collector back, also if `f` panics.
    struct Restore {
        outer: Vec<DecodeWarning>,
        count: Option<usize>,
    }
    impl Drop for Restore {
        fn drop(&mut self) {
            // `SINK` is empty unless `f` panicked after raising warnings.
            let outer = std::mem::take(&mut self.outer);
            if COUNT.get() > Some(0) || !outer.is_empty() {
                SINK.set(outer);
            }
            COUNT.set(self.count);
        }
    }
    let count = COUNT.replace(Some(0));
    let outer = match count {
        Some(held) if held > 0 => SINK.take(),
        _ => Vec::new(),
    };
    let _restore = Restore { outer, count };
    let result = f();
    let warnings = match COUNT.replace(Some(0)) {
        Some(raised) if raised > 0 => SINK.take(),
        _ => Vec::new(),
    };
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
    SINK.with_borrow_mut(|warnings| {
        if warnings.len() > mark {
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
    if COUNT.get().is_none() {
        return;
    }
    SINK.with_borrow_mut(|warnings| {
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
    if COUNT.get().is_none() {
        return;
    }
    SINK.with_borrow_mut(|warnings| {
        let report = check_value(ty, value, false);
        warnings.extend(
            report
                .into_violations()
                .into_iter()
                .filter(|v| v.is_error())
                .map(|violation| DecodeWarning { violation, action }),
        );
        COUNT.set(Some(warnings.len()));
    });
}
