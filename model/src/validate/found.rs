//! What was found: a value's JSON type and the value itself, cut short.

use std::io;

use serde_json::Value;

/// How many characters of a value a violation shows before cutting it with `…`.
pub(super) const SHOWN_CHARS: usize = 40;

/// The JSON type and the value: `integer 4294967296`, `string "7"`,
/// `array [1,2,3]`, `null`. Strings and containers longer than
/// [`SHOWN_CHARS`] are cut with `…`.
pub(super) fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("boolean {b}"),
        // serde_json writes floats with a fraction (`1.0`), so `float 1.0`
        // says why an integer field rejects it.
        Value::Number(n) if n.is_f64() => format!("float {n}"),
        Value::Number(n) => format!("integer {n}"),
        Value::String(s) => format!("string {}", shown_string(s)),
        Value::Array(_) => format!("array {}", shown_json(value)),
        Value::Object(_) => format!("object {}", shown_json(value)),
    }
}

/// A string as a JSON string literal, with `"`, `\` and control characters
/// escaped, cut inside the quotes once the escaped text passes
/// [`SHOWN_CHARS`]: `"aaaa…"`.
pub(super) fn shown_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(SHOWN_CHARS) + 2);
    out.push('"');
    let mut shown = 0;
    for c in s.chars() {
        let before = out.len();
        push_escaped(&mut out, c);
        let width = out[before..].chars().count();
        if shown + width > SHOWN_CHARS {
            out.truncate(before);
            out.push('…');
            break;
        }
        shown += width;
    }
    out.push('"');
    out
}

/// Appends `c` as it is written inside a JSON string literal.
fn push_escaped(out: &mut String, c: char) {
    match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
        c => out.push(c),
    }
}

/// Compact JSON, serialized only as far as it is shown, so a huge array costs
/// no more than a small one.
fn shown_json(value: &Value) -> String {
    // Enough bytes for SHOWN_CHARS characters of up to four bytes, plus one
    // more character to know whether anything was cut.
    let mut out = Capped {
        bytes: Vec::new(),
        cap: 4 * (SHOWN_CHARS + 1),
    };
    // Fails only when the cap is reached, which is expected.
    let _ = serde_json::to_writer(&mut out, value);
    let text = String::from_utf8_lossy(&out.bytes);
    match text.char_indices().nth(SHOWN_CHARS) {
        None => text.into_owned(),
        Some((cut, _)) => format!("{}…", &text[..cut]),
    }
}

/// A writer that keeps the first `cap` bytes and then refuses more.
struct Capped {
    bytes: Vec<u8>,
    cap: usize,
}

impl io::Write for Capped {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let room = self.cap - self.bytes.len();
        if room == 0 {
            return Err(io::Error::other("enough shown"));
        }
        let taken = data.len().min(room);
        self.bytes.extend_from_slice(&data[..taken]);
        Ok(taken)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_the_json_type_and_shows_the_value() {
        assert_eq!(describe(&json!(null)), "null");
        assert_eq!(describe(&json!(true)), "boolean true");
        assert_eq!(describe(&json!(4294967296u64)), "integer 4294967296");
        assert_eq!(describe(&json!(-1)), "integer -1");
        assert_eq!(describe(&json!(1.0)), "float 1.0");
        assert_eq!(describe(&json!(1.5)), "float 1.5");
        assert_eq!(describe(&json!("7")), r#"string "7""#);
        assert_eq!(describe(&json!([1, 2])), "array [1,2]");
        assert_eq!(describe(&json!({"a": null})), r#"object {"a":null}"#);
    }

    #[test]
    fn long_values_are_cut_at_forty_characters() {
        let long = "x".repeat(100);
        assert_eq!(
            describe(&json!(long)),
            format!("string \"{}…\"", "x".repeat(40))
        );
        let exactly = "y".repeat(40);
        assert_eq!(describe(&json!(exactly)), format!("string \"{exactly}\""));
        let array: Vec<u32> = (0..10_000).collect();
        let shown = describe(&json!(array));
        assert_eq!(shown, "array [0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,1…");
    }

    #[test]
    fn strings_are_escaped_and_cut_by_their_escaped_width() {
        assert_eq!(shown_string("say \"hi\"\n\\"), r#""say \"hi\"\n\\""#);
        assert_eq!(shown_string("\u{1}\u{85}"), r#""\u0001\u0085""#);
        let controls = "\u{7f}".repeat(10);
        assert_eq!(
            shown_string(&controls),
            format!("\"{}…\"", r"\u007f".repeat(6))
        );
    }

    #[test]
    fn cutting_respects_multibyte_characters() {
        let emoji = "😀".repeat(50);
        assert_eq!(
            describe(&json!(emoji)),
            format!("string \"{}…\"", "😀".repeat(40))
        );
        let shown = describe(&json!([emoji]));
        assert_eq!(shown, format!("array [\"{}…", "😀".repeat(38)));
    }
}
