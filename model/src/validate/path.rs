//! The JSON path of the value being checked, kept as a borrowed linked stack.
//!
//! Each level of the walk pushes one [`Path`] on the call stack that points at
//! its parent, so descending costs nothing; the path is only turned into a
//! string when a violation is reported.

use std::fmt::Write;

use super::found::{SHOWN_CHARS, shown_string};

/// Where a value sits in the payload: the root, or one step below a parent.
#[derive(Clone, Copy)]
pub(super) enum Path<'a> {
    /// The top-level value.
    Root,
    /// A field of an object or an entry of a map.
    Key(&'a Path<'a>, &'a str),
    /// An element of an array.
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    /// The path as shown to people: `data[2].id`, `tags["a.b"]`; empty for
    /// the root. Keys longer than [`SHOWN_CHARS`] are cut with `…`, so a
    /// path's length depends on its depth, not on the payload.
    pub(super) fn render(&self) -> String {
        let mut steps = Vec::new();
        let mut at = self;
        loop {
            match at {
                Path::Root => break,
                Path::Key(parent, _) | Path::Index(parent, _) => {
                    steps.push(at);
                    at = parent;
                }
            }
        }
        let mut out = String::new();
        for (i, step) in steps.iter().rev().enumerate() {
            // Writing to a String cannot fail.
            let _ = match step {
                Path::Root => Ok(()),
                Path::Key(_, key) if is_identifier(key) && key.len() <= SHOWN_CHARS => {
                    if i > 0 {
                        out.push('.');
                    }
                    out.write_str(key)
                }
                Path::Key(_, key) => write!(out, "[{}]", shown_string(key)),
                Path::Index(_, index) => write!(out, "[{index}]"),
            };
        }
        out
    }
}

/// One step as a path shows it: `voip_info`, `["a.b"]` (see [`Path::render`]).
pub fn key_step(key: &str) -> String {
    Path::Key(&Path::Root, key).render()
}

/// `parent` then `child`, both rendered paths: a dot between them unless
/// `child` starts with a bracket or either is empty (the root).
pub(crate) fn join(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        child.to_owned()
    } else if child.is_empty() || child.starts_with('[') {
        format!("{parent}{child}")
    } else {
        format!("{parent}.{child}")
    }
}

/// Keys that can be written after a dot without ambiguity: `[A-Za-z_][A-Za-z0-9_]*`.
fn is_identifier(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_dotted_other_keys_bracketed() {
        let root = Path::Root;
        let data = Path::Key(&root, "data");
        let second = Path::Index(&data, 2);
        let id = Path::Key(&second, "id");
        assert_eq!(id.render(), "data[2].id");
        let tags = Path::Key(&root, "tags");
        let dotted = Path::Key(&tags, "a.b");
        assert_eq!(dotted.render(), r#"tags["a.b"]"#);
        let numeric = Path::Key(&tags, "7");
        assert_eq!(numeric.render(), r#"tags["7"]"#);
    }

    #[test]
    fn the_root_is_empty_and_leading_steps_have_no_dot() {
        assert_eq!(Path::Root.render(), "");
        let root = Path::Root;
        assert_eq!(Path::Index(&root, 0).render(), "[0]");
        let odd = Path::Key(&root, "a b");
        assert_eq!(Path::Key(&odd, "c").render(), r#"["a b"].c"#);
        assert_eq!(Path::Key(&root, "").render(), r#"[""]"#);
    }

    #[test]
    fn long_keys_are_cut() {
        let root = Path::Root;
        let long = "k".repeat(41);
        let cut = Path::Key(&root, &long);
        assert_eq!(
            Path::Key(&cut, "x").render(),
            format!("[\"{}…\"].x", "k".repeat(40))
        );
    }

    #[test]
    fn quotes_and_control_characters_are_escaped() {
        let root = Path::Root;
        assert_eq!(
            Path::Key(&root, "say \"hi\"\n").render(),
            r#"["say \"hi\"\n"]"#
        );
    }
}
