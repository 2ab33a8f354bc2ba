//! The rules: one walk over the payload, guided by the schema.

use serde_json::{Map, Number, Value};

use super::Options;
use super::found::{describe, shown_string};
use super::path::Path;
use super::report::{Report, Severity, Violation, ViolationKind};
use crate::datetime::DateTime;
use crate::params::CLIENT_PARAMS;
use crate::schema::{EnumSchema, NodeSchema, ParamSchema, Type};
use crate::suggest::closest;

/// How many listed enum values a message names before `…`.
const LISTED_VALUES_SHOWN: usize = 6;

/// Walks a payload once, collecting violations. Nothing is allocated unless
/// a violation is reported.
pub(super) struct Walker {
    options: Options,
    violations: Vec<Violation>,
}

impl Walker {
    pub(super) fn new(options: Options) -> Self {
        Walker {
            options,
            violations: Vec::new(),
        }
    }

    pub(super) fn finish(self) -> Report {
        Report::new(self.violations)
    }

    /// A response or node payload: the top level must be an object.
    pub(super) fn node_payload(&mut self, schema: &'static NodeSchema, value: &Value) {
        self.value(Type::Node(schema), value, &Path::Root, 0);
    }

    /// One value of type `ty`, paths relative to it.
    pub(super) fn typed_value(&mut self, ty: Type, value: &Value) {
        self.value(ty, value, &Path::Root, 0);
    }

    /// Request parameters: ones the client or the request builder sets
    /// itself (`reserved`, besides [`CLIENT_PARAMS`]), unknown and missing
    /// ones, then each value's type.
    pub(super) fn params(
        &mut self,
        params: &'static [ParamSchema],
        values: &Map<String, Value>,
        reserved: &[&str],
    ) {
        let is_reserved = |name: &str| CLIENT_PARAMS.contains(&name) || reserved.contains(&name);
        for (name, value) in values {
            let path = Path::Key(&Path::Root, name);
            if is_reserved(name) {
                // `null` is left out when sent, so it sets nothing.
                if !value.is_null() {
                    self.reserved_param(name, &path);
                }
                continue;
            }
            match params.iter().find(|p| p.name == name) {
                // `null` counts as absent, as for fields.
                Some(param) if !value.is_null() => self.value(param.ty, value, &path, 0),
                Some(_) => {}
                None => {
                    if let Some(severity) = self.options.unknown_fields {
                        let suggestion = closest(name, params.iter().map(|p| p.name));
                        let message = format!(
                            "no parameter {}{}",
                            shown_string(name),
                            did_you_mean(suggestion)
                        );
                        let expected = params.iter().map(|p| p.name).collect::<Vec<_>>().join(", ");
                        self.push(Violation {
                            path: path.render(),
                            severity,
                            kind: ViolationKind::UnknownParam,
                            expected: format!("one of: {expected}"),
                            found: format!("parameter {}", shown_string(name)),
                            message,
                            suggestion,
                        });
                    }
                }
            }
        }
        for param in params.iter().filter(|p| p.required && !is_reserved(p.name)) {
            if values.get(param.name).is_none_or(Value::is_null) {
                self.push(Violation {
                    path: Path::Key(&Path::Root, param.name).render(),
                    severity: Severity::Error,
                    kind: ViolationKind::MissingParam,
                    expected: param.ty.to_string(),
                    found: "nothing".to_owned(),
                    message: format!("missing required parameter (expected {})", param.ty),
                    suggestion: None,
                });
            }
        }
    }

    /// A parameter that only the client or the request builder may set.
    /// Its value is not shown: it may be a credential.
    fn reserved_param(&mut self, name: &str, path: &Path<'_>) {
        self.push(Violation {
            path: path.render(),
            severity: Severity::Error,
            kind: ViolationKind::ReservedParam,
            expected: "a parameter the client and the request builder do not set".to_owned(),
            found: format!("parameter `{name}`"),
            message: format!("parameter `{name}` {}", set_by(name)),
            suggestion: None,
        });
    }

    /// Checks one value against its type. `depth` counts the containers
    /// entered so far.
    fn value(&mut self, ty: Type, value: &Value, path: &Path<'_>, depth: usize) {
        match (ty, value) {
            // A `file` is a `serde_json::Value` in generated code (what an
            // upload looks like is up to the caller), so it takes anything.
            (Type::Object | Type::File | Type::Unknown(_), _) => {}
            (Type::Bool, Value::Bool(_)) => {}
            (Type::String, Value::String(_)) => {}
            (Type::Float, Value::Number(_)) => {}
            (Type::Int32 | Type::UInt32 | Type::Int64 | Type::UInt64, Value::Number(n)) => {
                self.integer(ty, n, value, path);
            }
            (Type::DateTime, Value::String(s)) => {
                if DateTime::parse(s).is_err() {
                    self.invalid_datetime(ty, describe(value), path, false);
                }
            }
            (Type::Enum(schema), Value::String(s)) => self.enum_value(schema, s, path, false),
            (Type::List(item), Value::Array(items)) => {
                if self.entered_too_deep(ty, value, path, depth) {
                    return;
                }
                for (index, element) in items.iter().enumerate() {
                    self.value(*item, element, &Path::Index(path, index), depth + 1);
                }
            }
            (Type::Map(key_ty, value_ty), Value::Object(entries)) => {
                if self.entered_too_deep(ty, value, path, depth) {
                    return;
                }
                // Keys that spell the same value (`…07Z` and `…07+0000`)
                // cannot both be held by a typed map.
                let mut seen: Vec<(KeyValue, &str)> = Vec::new();
                for (key, entry) in entries {
                    let entry_path = Path::Key(path, key);
                    self.key(*key_ty, key, &entry_path);
                    if let Some(value) = key_value(*key_ty, key) {
                        match seen.iter().find(|(v, _)| *v == value) {
                            Some((_, earlier)) => {
                                self.duplicate_key(*key_ty, key, earlier, &entry_path)
                            }
                            None => seen.push((value, key)),
                        }
                    }
                    self.value(*value_ty, entry, &entry_path, depth + 1);
                }
            }
            (Type::Edge(item), Value::Object(page)) => {
                if self.entered_too_deep(ty, value, path, depth) {
                    return;
                }
                self.edge_page(item, page, path, depth + 1);
            }
            (Type::Node(_), Value::Object(_)) if !self.options.nodes => {}
            (Type::Node(schema), Value::Object(fields)) => {
                if self.entered_too_deep(ty, value, path, depth) {
                    return;
                }
                self.fields(schema, fields, path, depth + 1);
            }
            _ => self.wrong_type(ty, describe(value), path, false),
        }
    }

    /// An inline edge: `data` is a list of the edge's items, `paging` and
    /// `summary` are Graph's own shapes ([`crate::schema::PAGE`]); other keys pass.
    fn edge_page(
        &mut self,
        item: &'static Type,
        page: &Map<String, Value>,
        path: &Path<'_>,
        depth: usize,
    ) {
        for (name, value) in page {
            let ty = match name.as_str() {
                "data" => Type::List(item),
                _ => match crate::schema::PAGE.field(name) {
                    Some(field) => field.ty,
                    None => continue,
                },
            };
            if !value.is_null() {
                self.value(ty, value, &Path::Key(path, name), depth);
            }
        }
    }

    /// The fields of a node; `null` counts as absent.
    fn fields(
        &mut self,
        schema: &'static NodeSchema,
        fields: &Map<String, Value>,
        path: &Path<'_>,
        depth: usize,
    ) {
        for (name, value) in fields {
            let field_path = Path::Key(path, name);
            match schema.field(name) {
                Some(field) => {
                    if !value.is_null() {
                        self.value(field.ty, value, &field_path, depth);
                    }
                }
                None => {
                    if let Some(severity) = self.options.unknown_fields {
                        let suggestion = closest(name, schema.fields.iter().map(|f| f.name));
                        self.push(Violation {
                            path: field_path.render(),
                            severity,
                            kind: ViolationKind::UnknownField,
                            expected: format!("a field of {}", schema.name),
                            found: format!("field {}", shown_string(name)),
                            message: format!(
                                "{} has no field {}{}",
                                schema.name,
                                shown_string(name),
                                did_you_mean(suggestion)
                            ),
                            suggestion,
                        });
                    }
                }
            }
        }
    }

    /// A map key: the key type written as a string, parsed the way
    /// serde_json parses map keys.
    fn key(&mut self, ty: Type, key: &str, path: &Path<'_>) {
        let found = || format!("string {}", shown_string(key));
        match ty {
            Type::String | Type::File | Type::Object | Type::Unknown(_) => {}
            Type::Bool => {
                if key != "true" && key != "false" {
                    self.wrong_type(ty, found(), path, true);
                }
            }
            Type::Int32 | Type::UInt32 | Type::Int64 | Type::UInt64 => match parse_integer_key(key)
            {
                Some(n)
                    if integer_range(ty).is_some_and(|(min, max, _)| (min..=max).contains(&n)) => {}
                Some(_) => self.out_of_range(ty, found(), path, true),
                None => self.wrong_type(ty, found(), path, true),
            },
            Type::Float => {
                if !is_json_number(key) || !key.parse::<f64>().is_ok_and(f64::is_finite) {
                    self.wrong_type(ty, found(), path, true);
                }
            }
            Type::DateTime => {
                if DateTime::parse(key).is_err() {
                    self.invalid_datetime(ty, found(), path, true);
                }
            }
            Type::Enum(schema) => self.enum_value(schema, key, path, true),
            // A string cannot hold a list, map or node.
            Type::List(_) | Type::Map(..) | Type::Node(_) | Type::Edge(_) => {
                self.wrong_type(ty, found(), path, true)
            }
        }
    }

    fn duplicate_key(&mut self, ty: Type, key: &str, earlier: &str, path: &Path<'_>) {
        let expected = ty.to_string();
        self.push(Violation {
            path: path.render(),
            severity: Severity::Error,
            kind: ViolationKind::DuplicateKey,
            message: format!(
                "key {} is the same {expected} as key {}",
                shown_string(key),
                shown_string(earlier)
            ),
            expected: format!("a key of type {expected} unlike the others"),
            found: format!("string {}", shown_string(key)),
            suggestion: None,
        });
    }

    fn integer(&mut self, ty: Type, n: &Number, value: &Value, path: &Path<'_>) {
        // A float (`1.5`, and also `1.0` or `-0`, which serde_json reads as
        // floats) is the wrong type for an integer: serde would reject it.
        let Some(n) = n
            .as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from))
        else {
            return self.wrong_type(ty, describe(value), path, false);
        };
        if !integer_range(ty).is_some_and(|(min, max, _)| (min..=max).contains(&n)) {
            self.out_of_range(ty, describe(value), path, false);
        }
    }

    fn enum_value(
        &mut self,
        schema: &'static EnumSchema,
        value: &str,
        path: &Path<'_>,
        in_key: bool,
    ) {
        if schema.contains(value) {
            return;
        }
        let suggestion = closest(value, schema.values.iter().copied());
        let expected = Type::Enum(schema).to_string();
        let message = format!(
            "expected {}{expected} ({}), found string {}{}",
            key_of(in_key),
            listed(schema.values),
            shown_string(value),
            did_you_mean(suggestion)
        );
        self.push(Violation {
            path: path.render(),
            severity: self.options.unlisted_enum_values,
            kind: ViolationKind::UnlistedEnumValue,
            expected,
            found: format!("string {}", shown_string(value)),
            message,
            suggestion,
        });
    }

    /// Reports `TooDeep` (and returns true) when entering one more container
    /// would pass the depth limit.
    fn entered_too_deep(&mut self, ty: Type, value: &Value, path: &Path<'_>, depth: usize) -> bool {
        if depth < self.options.max_depth {
            return false;
        }
        self.push(Violation {
            path: path.render(),
            severity: Severity::Error,
            kind: ViolationKind::TooDeep,
            expected: ty.to_string(),
            found: describe(value),
            message: format!(
                "nested deeper than {} levels; not checked further",
                self.options.max_depth
            ),
            suggestion: None,
        });
        true
    }

    fn wrong_type(&mut self, ty: Type, found: String, path: &Path<'_>, in_key: bool) {
        self.error(ViolationKind::WrongType, ty, found, path, in_key, "");
    }

    fn out_of_range(&mut self, ty: Type, found: String, path: &Path<'_>, in_key: bool) {
        let range = integer_range(ty).map_or("", |(_, _, range)| range);
        self.error(ViolationKind::OutOfRange, ty, found, path, in_key, range);
    }

    fn invalid_datetime(&mut self, ty: Type, found: String, path: &Path<'_>, in_key: bool) {
        let forms = "2021-04-30T01:37:07+0000 or RFC 3339";
        self.error(
            ViolationKind::InvalidDateTime,
            ty,
            found,
            path,
            in_key,
            forms,
        );
    }

    /// An error worded `expected <type> (<detail>), found <found>`.
    fn error(
        &mut self,
        kind: ViolationKind,
        ty: Type,
        found: String,
        path: &Path<'_>,
        in_key: bool,
        detail: &str,
    ) {
        let expected = ty.to_string();
        let detail = if detail.is_empty() {
            String::new()
        } else {
            format!(" ({detail})")
        };
        self.push(Violation {
            path: path.render(),
            severity: Severity::Error,
            kind,
            message: format!(
                "expected {}{expected}{detail}, found {found}",
                key_of(in_key)
            ),
            expected,
            found,
            suggestion: None,
        });
    }

    fn push(&mut self, violation: Violation) {
        self.violations.push(violation);
    }
}

/// Who sets a reserved parameter, and how to set it instead.
fn set_by(name: &str) -> &'static str {
    match name {
        "access_token" => {
            "is set by the client; the access token goes in the Authorization header, never in \
             a request's parameters"
        }
        "appsecret_proof" => {
            "is set by the client; it computes appsecret_proof from its app secret (`app_secret` \
             on the client builder)"
        }
        "fields" => {
            "is set by the request builder; select fields with `.fields(…)` or `.selection(…)`"
        }
        "limit" => "is set by the list builder; set the page size with `.limit(…)`",
        _ => {
            "is set by the list builder, which follows the paging cursors itself (`.pages()`, \
             `.all()`, `.stream()`)"
        }
    }
}

/// `; did you mean `x`?` when there is a close listed name.
fn did_you_mean(suggestion: Option<&str>) -> String {
    suggestion.map_or_else(String::new, |s| format!("; did you mean `{s}`?"))
}

/// `"key of type "` for a map key, nothing for a value.
fn key_of(in_key: bool) -> &'static str {
    if in_key { "key of type " } else { "" }
}

/// The inclusive range of an integer type, and how it is written.
fn integer_range(ty: Type) -> Option<(i128, i128, &'static str)> {
    Some(match ty {
        Type::Int32 => (i32::MIN.into(), i32::MAX.into(), "-2147483648..=2147483647"),
        Type::UInt32 => (0, u32::MAX.into(), "0..=4294967295"),
        Type::Int64 => (
            i64::MIN.into(),
            i64::MAX.into(),
            "-9223372036854775808..=9223372036854775807",
        ),
        Type::UInt64 => (0, u64::MAX.into(), "0..=18446744073709551615"),
        _ => return None,
    })
}

/// An integer map key as serde_json reads one: a JSON integer literal
/// (`-?(0|[1-9][0-9]*)`), except `-0`, which serde_json reads as a float.
/// `None` if it is not one; integers too large for `i128` saturate, which
/// is out of range for every integer type anyway.
/// A map key's value, for the key types that spell one value more than
/// one way (integer keys have one spelling: see [`parse_integer_key`]).
#[derive(PartialEq)]
enum KeyValue {
    Float(u64),
    Instant(i128),
}

fn key_value(ty: Type, key: &str) -> Option<KeyValue> {
    match ty {
        // `0.0 == -0.0`, as for f64 keys.
        Type::Float => key
            .parse::<f64>()
            .ok()
            .map(|f| KeyValue::Float((f + 0.0).to_bits())),
        Type::DateTime => DateTime::parse(key)
            .ok()
            .map(|t| KeyValue::Instant(t.as_offset_date_time().unix_timestamp_nanos())),
        _ => None,
    }
}

/// Whether `key` is a map key of type `ty` that a typed map holds: what
/// [`Walker::key`] accepts without an error (unlisted enum values only
/// warn). For tolerant decoding, which checks keys with the same rule.
pub(crate) fn key_fits(ty: Type, key: &str) -> bool {
    match ty {
        Type::String | Type::File | Type::Object | Type::Unknown(_) | Type::Enum(_) => true,
        Type::Bool => key == "true" || key == "false",
        Type::Int32 | Type::UInt32 | Type::Int64 | Type::UInt64 => parse_integer_key(key)
            .is_some_and(|n| {
                integer_range(ty).is_some_and(|(min, max, _)| (min..=max).contains(&n))
            }),
        Type::Float => is_json_number(key) && key.parse::<f64>().is_ok_and(f64::is_finite),
        Type::DateTime => DateTime::parse(key).is_ok(),
        Type::List(_) | Type::Map(..) | Type::Node(_) | Type::Edge(_) => false,
    }
}

/// Whether two keys of type `ty` that both fit may spell one value (and so
/// a typed map cannot hold both): float and datetime keys.
pub(crate) fn key_has_spellings(ty: Type) -> bool {
    matches!(ty, Type::Float | Type::DateTime)
}

fn parse_integer_key(key: &str) -> Option<i128> {
    let digits = key.strip_prefix('-').unwrap_or(key);
    let literal = match digits.as_bytes() {
        [b'0'] => key != "-0",
        [b'1'..=b'9', rest @ ..] => rest.iter().all(u8::is_ascii_digit),
        _ => false,
    };
    if !literal {
        return None;
    }
    let negative = digits.len() != key.len();
    Some(
        digits
            .parse::<i128>()
            .map_or(if negative { i128::MIN } else { i128::MAX }, |n| {
                if negative { -n } else { n }
            }),
    )
}

/// Whether `s` is a JSON number literal: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
fn is_json_number(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s).as_bytes();
    let digits = |s: &[u8]| s.iter().take_while(|b| b.is_ascii_digit()).count();
    let int = digits(s);
    if int == 0 || (int > 1 && s[0] == b'0') {
        return false;
    }
    let mut rest = &s[int..];
    if let [b'.', tail @ ..] = rest {
        let frac = digits(tail);
        if frac == 0 {
            return false;
        }
        rest = &tail[frac..];
    }
    if let [b'e' | b'E', tail @ ..] = rest {
        let tail = match tail {
            [b'+' | b'-', tail @ ..] => tail,
            tail => tail,
        };
        let exp = digits(tail);
        if exp == 0 {
            return false;
        }
        rest = &tail[exp..];
    }
    rest.is_empty()
}

/// `one of A, B, C` (the first few listed values).
fn listed(values: &[&str]) -> String {
    if values.is_empty() {
        return "no values listed".to_owned();
    }
    let mut out = format!(
        "one of {}",
        values[..values.len().min(LISTED_VALUES_SHOWN)].join(", ")
    );
    if values.len() > LISTED_VALUES_SHOWN {
        out.push_str(", …");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_keys_follow_json_integer_syntax() {
        assert_eq!(parse_integer_key("0"), Some(0));
        assert_eq!(parse_integer_key("7"), Some(7));
        assert_eq!(parse_integer_key("-12"), Some(-12));
        assert_eq!(
            parse_integer_key("99999999999999999999999999999999999999999"),
            Some(i128::MAX)
        );
        for bad in [
            "", "-", "-0", "+1", "01", "1.0", "1e2", " 1", "1 ", "abc", "0x10",
        ] {
            assert_eq!(parse_integer_key(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn float_keys_follow_json_number_syntax() {
        for good in ["0", "-0", "1.5", "-1.5e10", "1E+2", "2e-3", "10"] {
            assert!(is_json_number(good), "{good:?}");
        }
        for bad in [
            "", "-", "+1", "01", "1.", ".5", "1e", "1e+", "NaN", "inf", " 1", "1 ",
        ] {
            assert!(!is_json_number(bad), "{bad:?}");
        }
    }
}
