//! Violations and the collections that carry them.

use std::fmt;

/// How serious a violation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// Worth knowing, but the payload is still usable: an enum value the
    /// spec does not list in a response (the API adds values over time).
    Warning,
    /// The payload does not fit the spec; decoding it into the generated
    /// model would fail, or the API would reject the request.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// What kind of rule a value broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ViolationKind {
    /// The JSON type does not fit the spec type: a string for an integer
    /// (`"7"`), a float for an integer (`1.0`), `null` inside a list, an
    /// array where a node is expected, a map key that is not a number.
    WrongType,
    /// A map key that spells the same value as an earlier key of the same
    /// map (`2021-04-30T01:37:07Z` and `2021-04-30T01:37:07+0000`): a typed
    /// map cannot hold both.
    DuplicateKey,
    /// An integer outside the range of its type (`4294967296` for `unsigned int32`).
    OutOfRange,
    /// A string that is neither Graph's datetime form nor RFC 3339.
    InvalidDateTime,
    /// An enum value the spec does not list.
    UnlistedEnumValue,
    /// A field the node does not have (reported only when asked for, as by
    /// [`validate_strict`](super::validate_strict)).
    UnknownField,
    /// A request parameter the operation does not have.
    UnknownParam,
    /// A required request parameter that is absent or `null`.
    MissingParam,
    /// A request parameter that the client or the request builder sets
    /// itself ([`CLIENT_PARAMS`](crate::params::CLIENT_PARAMS),
    /// [`READ_PARAMS`](crate::params::READ_PARAMS),
    /// [`LIST_PARAMS`](crate::params::LIST_PARAMS)): sending it too would put
    /// a credential in the URL or the same key in the query twice.
    ReservedParam,
    /// Nesting deeper than the depth limit; nothing below was checked.
    TooDeep,
}

/// One value that breaks a rule of the spec.
///
/// Displays as `path: message`, with `warning: ` before the message of a
/// warning and `(root)` as the path of the top-level value:
///
/// ```text
/// voip_info.reason_code: expected unsigned int32 (0..=4294967295), found integer 4294967296
/// status: warning: expected call_status (one of ACTIVE, INACTIVE), found string "PAUSED"
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub(super) path: String,
    pub(super) severity: Severity,
    pub(super) kind: ViolationKind,
    pub(super) expected: String,
    pub(super) found: String,
    pub(super) message: String,
    pub(super) suggestion: Option<&'static str>,
}

impl Violation {
    /// Where the value is: `voip_info.reason_code`, `data[2].id`,
    /// `tags["a.b"]`; empty for the top-level value. See the
    /// [module docs](super#paths) for the syntax.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Whether this makes the payload invalid or is only worth knowing.
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// Which rule was broken.
    pub fn kind(&self) -> ViolationKind {
        self.kind
    }

    /// What the spec expects, in the spec's own spelling
    /// (`unsigned int32`, `list<VoipInfo>`, `call_status`).
    pub fn expected(&self) -> &str {
        &self.expected
    }

    /// What was found: the JSON type and the value, cut short at 40
    /// characters with `…` (`integer 4294967296`, `string "7"`, `array [1,2,…`).
    pub fn found(&self) -> &str {
        &self.found
    }

    /// The whole explanation, without the path.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// For a misspelt field, parameter or enum value: the listed name it is
    /// closest to.
    pub fn suggestion(&self) -> Option<&'static str> {
        self.suggestion
    }

    /// Moves the violation one step further from the root: `reason_code`
    /// inside `voip_info` becomes `voip_info.reason_code`; `step` is a
    /// rendered step (`voip_info`, `[2]`, `["a.b"]`).
    pub(crate) fn within(&mut self, step: &str) {
        self.path = super::path::join(step, &self.path);
    }

    /// Applies `scrub` to every text of the violation: they
    /// quote values, and the client removes its secrets from them.
    pub(crate) fn scrub(&mut self, scrub: impl Fn(&str) -> String) {
        self.path = scrub(&self.path);
        self.expected = scrub(&self.expected);
        self.found = scrub(&self.found);
        self.message = scrub(&self.message);
    }

    /// An error for a value that passes the spec's type rules but not
    /// what the runtime reads it as (a Unix time out of range, a granular
    /// scope without its `scope`): for the runtime's own types, which
    /// check more than a [`Type`](crate::schema::Type) says. `path` is
    /// from the value's parent; `expected` is shown as written.
    #[doc(hidden)]
    pub fn does_not_fit(
        path: &str,
        kind: ViolationKind,
        expected: &str,
        value: &serde_json::Value,
    ) -> Violation {
        let found = super::found::describe(value);
        Violation {
            path: path.to_owned(),
            severity: Severity::Error,
            kind,
            message: format!("expected {expected}, found {found}"),
            expected: expected.to_owned(),
            found,
            suggestion: None,
        }
    }

    /// Whether this is an error (rather than a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "(root)"
        } else {
            &self.path
        };
        match self.severity {
            Severity::Error => write!(f, "{path}: {}", self.message),
            Severity::Warning => write!(f, "{path}: warning: {}", self.message),
        }
    }
}

/// Writes one violation per line.
fn write_lines(violations: &[Violation], f: &mut fmt::Formatter<'_>) -> fmt::Result {
    for (i, violation) in violations.iter().enumerate() {
        if i > 0 {
            f.write_str("\n")?;
        }
        write!(f, "{violation}")?;
    }
    Ok(())
}

/// Every violation [`check`](super::check) found, errors and warnings, in
/// the order the payload was walked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    violations: Vec<Violation>,
}

impl Report {
    pub(super) fn new(violations: Vec<Violation>) -> Self {
        Report { violations }
    }

    /// Every violation, errors and warnings.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// Whether nothing at all was found, not even a warning.
    pub fn is_clean(&self) -> bool {
        self.violations.is_empty()
    }

    /// Whether at least one violation is an error.
    pub fn has_errors(&self) -> bool {
        self.violations.iter().any(Violation::is_error)
    }

    /// The error-severity violations.
    pub fn errors(&self) -> impl Iterator<Item = &Violation> {
        self.violations.iter().filter(|v| v.is_error())
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Violation> {
        self.violations.iter().filter(|v| !v.is_error())
    }

    /// `Err` (carrying the warnings too) if there is at least one error;
    /// `Ok` if there are none, even when there are warnings.
    pub fn into_result(self) -> Result<(), ValidationErrors> {
        if self.has_errors() {
            Err(ValidationErrors {
                violations: self.violations,
            })
        } else {
            Ok(())
        }
    }

    /// The violations, by value.
    pub fn into_violations(self) -> Vec<Violation> {
        self.violations
    }
}

/// One violation per line; nothing if the report is clean.
impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_lines(&self.violations, f)
    }
}

impl IntoIterator for Report {
    type Item = Violation;
    type IntoIter = std::vec::IntoIter<Violation>;
    fn into_iter(self) -> Self::IntoIter {
        self.violations.into_iter()
    }
}

impl<'a> IntoIterator for &'a Report {
    type Item = &'a Violation;
    type IntoIter = std::slice::Iter<'a, Violation>;
    fn into_iter(self) -> Self::IntoIter {
        self.violations.iter()
    }
}

/// Why a payload is invalid: at least one error, plus every warning found
/// on the way, in the order the payload was walked.
///
/// Displays one violation per line (`path: message`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationErrors {
    violations: Vec<Violation>,
}

impl ValidationErrors {
    /// Number of violations, warnings included.
    pub fn len(&self) -> usize {
        self.violations.len()
    }

    /// Always `false`: there is at least one error.
    pub fn is_empty(&self) -> bool {
        self.violations.is_empty()
    }

    /// Every violation, warnings included.
    pub fn iter(&self) -> std::slice::Iter<'_, Violation> {
        self.violations.iter()
    }

    /// Every violation, warnings included.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// The error-severity violations (at least one).
    pub fn errors(&self) -> impl Iterator<Item = &Violation> {
        self.violations.iter().filter(|v| v.is_error())
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Violation> {
        self.violations.iter().filter(|v| !v.is_error())
    }

    /// The violations, by value.
    pub fn into_violations(self) -> Vec<Violation> {
        self.violations
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_lines(&self.violations, f)
    }
}

impl std::error::Error for ValidationErrors {}

impl IntoIterator for ValidationErrors {
    type Item = Violation;
    type IntoIter = std::vec::IntoIter<Violation>;
    fn into_iter(self) -> Self::IntoIter {
        self.violations.into_iter()
    }
}

impl<'a> IntoIterator for &'a ValidationErrors {
    type Item = &'a Violation;
    type IntoIter = std::slice::Iter<'a, Violation>;
    fn into_iter(self) -> Self::IntoIter {
        self.violations.iter()
    }
}
