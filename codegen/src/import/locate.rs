//! Finds where a value sits in JSON text, for diagnostics.
//!
//! serde_json cannot say where a deserialized value came from, and a problem
//! such as "field without `type`" is found after parsing. Problems are rare,
//! so rather than carry positions through every value, the importer looks the
//! offending value up again in the (already valid) text by its path
//! (`fields`, 3, `type`). The scanner never panics: on anything unexpected it
//! gives up and the diagnostic goes without a position.

use std::sync::Arc;

use crate::diagnostic::{SourceFile, Span};

/// One step of a path into a JSON document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step<'a> {
    /// A member of an object, by key.
    Key(&'a str),
    /// An element of an array, by index.
    Index(usize),
}

/// The span of the value at `path` in `file` (the whole value's first
/// line for objects and arrays, the literal for scalars). `None` when the
/// path does not exist.
pub(crate) fn span(file: &Arc<SourceFile>, path: &[Step<'_>]) -> Option<Span> {
    let text = file.text.as_bytes();
    let pos = walk(text, path)?;
    let end = match text.get(pos)? {
        b'{' | b'[' => pos + 1,
        _ => skip_value(text, pos)?,
    };
    Some(span_at(file, pos, end))
}

/// The span of the key of the member `path` ends with (the quoted key).
pub(crate) fn key_span(file: &Arc<SourceFile>, path: &[Step<'_>]) -> Option<Span> {
    let (Step::Key(key), parent) = path.split_last()? else {
        return None;
    };
    let text = file.text.as_bytes();
    let pos = walk(text, parent)?;
    if text.get(pos) != Some(&b'{') {
        return None;
    }
    let (key_start, _) = member(text, pos, key)?;
    let (key_end, _) = string(text, key_start)?;
    Some(span_at(file, key_start, key_end))
}

/// Start of the value at `path`.
fn walk(text: &[u8], path: &[Step<'_>]) -> Option<usize> {
    let mut pos = skip_ws(text, 0);
    for step in path {
        pos = match (*step, text.get(pos)?) {
            (Step::Key(key), b'{') => member(text, pos, key)?.1,
            (Step::Index(index), b'[') => element(text, pos, index)?,
            _ => return None,
        };
    }
    Some(pos)
}

/// A span covering bytes `start..end` of `file` (clipped to the first line).
pub(crate) fn span_at(file: &Arc<SourceFile>, start: usize, end: usize) -> Span {
    let text = &file.text;
    let start = floor_char_boundary(text, start.min(text.len()));
    let end = floor_char_boundary(text, end.clamp(start, text.len()));
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..start].chars().count() + 1;
    let value = &text[start..end];
    let len = value.split('\n').next().unwrap_or("").chars().count();
    Span {
        file: file.clone(),
        line,
        column,
        len,
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn skip_ws(text: &[u8], mut pos: usize) -> usize {
    while text.get(pos).is_some_and(u8::is_ascii_whitespace) {
        pos += 1;
    }
    pos
}

/// After the string starting at `pos` (a `"`), and its raw content.
fn string(text: &[u8], pos: usize) -> Option<(usize, &[u8])> {
    if text.get(pos) != Some(&b'"') {
        return None;
    }
    let mut i = pos + 1;
    loop {
        match text.get(i)? {
            b'\\' => i += 2,
            b'"' => return Some((i + 1, text.get(pos + 1..i)?)),
            _ => i += 1,
        }
    }
}

/// After the value starting at `pos`.
fn skip_value(text: &[u8], pos: usize) -> Option<usize> {
    match text.get(pos)? {
        b'"' => string(text, pos).map(|(end, _)| end),
        b'{' | b'[' => {
            // Brackets balance in valid JSON once strings are skipped.
            let mut depth = 0usize;
            let mut i = pos;
            loop {
                match text.get(i)? {
                    b'"' => {
                        i = string(text, i)?.0;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.checked_sub(1)?;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        _ => {
            let mut i = pos;
            while text
                .get(i)
                .is_some_and(|c| !c.is_ascii_whitespace() && !matches!(c, b',' | b'}' | b']'))
            {
                i += 1;
            }
            (i > pos).then_some(i)
        }
    }
}

/// Starts of the key and of the value of member `key` of the object at `pos`.
fn member(text: &[u8], pos: usize, key: &str) -> Option<(usize, usize)> {
    let mut i = skip_ws(text, pos + 1);
    if text.get(i) == Some(&b'}') {
        return None;
    }
    loop {
        let key_start = i;
        let (after_key, raw) = string(text, i)?;
        i = skip_ws(text, after_key);
        if text.get(i) != Some(&b':') {
            return None;
        }
        i = skip_ws(text, i + 1);
        if raw == key.as_bytes() {
            return Some((key_start, i));
        }
        i = skip_ws(text, skip_value(text, i)?);
        match text.get(i)? {
            b',' => i = skip_ws(text, i + 1),
            _ => return None,
        }
    }
}

/// Start of element `index` of the array at `pos`.
fn element(text: &[u8], pos: usize, index: usize) -> Option<usize> {
    let mut i = skip_ws(text, pos + 1);
    if text.get(i) == Some(&b']') {
        return None;
    }
    for _ in 0..index {
        i = skip_ws(text, skip_value(text, i)?);
        match text.get(i)? {
            b',' => i = skip_ws(text, i + 1),
            _ => return None,
        }
    }
    Some(i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn file(text: &str) -> Arc<SourceFile> {
        Arc::new(SourceFile {
            path: PathBuf::from("X.json"),
            text: text.to_owned(),
        })
    }

    #[test]
    fn finds_nested_values() {
        let f = file(
            "{\n  \"apis\": [],\n  \"fields\": [\n    {\"name\": \"a\", \"type\": \"string\"},\n    {\"name\": \"b\\\"\", \"type\": \"list<int>\"}\n  ]\n}\n",
        );
        let s = span(
            &f,
            &[Step::Key("fields"), Step::Index(1), Step::Key("type")],
        )
        .unwrap();
        assert_eq!((s.line, s.column, s.len), (5, 29, 11));
        let s = span(&f, &[Step::Key("fields"), Step::Index(0)]).unwrap();
        assert_eq!((s.line, s.column, s.len), (4, 5, 1));
        assert!(span(&f, &[Step::Key("fields"), Step::Index(2)]).is_none());
        assert!(span(&f, &[Step::Key("apis"), Step::Index(0)]).is_none());
        assert!(span(&f, &[Step::Key("nope")]).is_none());
        assert!(span(&f, &[Step::Index(0)]).is_none());
        let s = key_span(
            &f,
            &[Step::Key("fields"), Step::Index(1), Step::Key("type")],
        )
        .unwrap();
        assert_eq!((s.line, s.column, s.len), (5, 21, 6));
        assert!(key_span(&f, &[Step::Key("fields"), Step::Index(1)]).is_none());
    }

    #[test]
    fn gives_up_quietly_on_garbage() {
        for text in ["", "{", "{\"a\"", "[1,", "{\"a\": [1, 2}", "\"\\"] {
            let f = file(text);
            let _ = span(&f, &[Step::Key("a"), Step::Index(5), Step::Key("b")]);
        }
        let f = file("é{\"é\": 1}");
        assert!(span(&f, &[Step::Key("é")]).is_none());
        let s = span_at(&f, 1, 100);
        assert_eq!(s.column, 1);
    }
}
