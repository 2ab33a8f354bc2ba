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

/// Reports a value of type `ty` that did not fit, with paths relative to
/// it: every violation in it when it is kept raw (nothing inside it is
/// decoded), only its own (not its nodes', which report themselves) when
/// it was coerced.
pub(super) fn report(ty: Type, value: &Value, action: Action) {
    SINK.with_borrow_mut(|sink| {
        if let Some(warnings) = sink.as_mut() {
            let report = check_value(ty, value, action == Action::KeptRaw);
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
