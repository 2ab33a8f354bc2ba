//! YAML text → a small tree where every node knows its position.
//!
//! serde_yaml cannot say where a value came from, and every semantic error
//! (an unknown type on line 12) needs that, so the loader reads
//! saphyr-parser's event stream (which carries spans) into [`Yaml`] nodes.
//! Hostile input is bounded: nesting depth is limited, and aliases may add
//! only a bounded number of nodes, so an alias bomb ends fast in small memory.

use std::collections::HashMap;
use std::sync::Arc;

use saphyr_parser::{Event, Parser, ScalarStyle, Span as YamlSpan};

use crate::diagnostic::{Diagnostic, SourceFile, Span, line_count};

/// Deepest nesting of mappings and sequences a spec may use.
pub const MAX_DEPTH: usize = 64;

/// Most nodes that aliases may add beyond the document's own, whatever its size.
const MIN_ALIAS_BUDGET: usize = 100_000;

/// A YAML node with its position.
#[derive(Debug, Clone)]
pub struct Yaml {
    /// Where the node starts; for scalars, `len` covers the text on its first line.
    pub span: Span,
    /// What it is.
    pub kind: YamlKind,
    /// Nodes in this subtree, itself included (what copying it for an alias costs).
    size: usize,
}

/// The shape of a [`Yaml`] node.
#[derive(Debug, Clone)]
pub enum YamlKind {
    /// A scalar, with its text and whether it was quoted.
    Scalar(String, Style),
    /// A sequence.
    Seq(Vec<Yaml>),
    /// A mapping, in document order.
    Map(Vec<(Yaml, Yaml)>),
}

/// How a scalar was written: plain scalars are subject to YAML's core
/// schema (`null`, `true`, `12`), quoted and block ones are always strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Unquoted.
    Plain,
    /// `'…'` or `"…"`.
    Quoted,
    /// `|` or `>`.
    Block,
}

/// What a scalar means under YAML 1.2's core schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarKind {
    /// `null`, `~` or nothing.
    Null,
    /// `true` / `false`.
    Bool,
    /// An integer.
    Int,
    /// A float.
    Float,
    /// Anything else, and every quoted or block scalar.
    Str,
}

impl Yaml {
    /// The node's kind as a word, for messages ("a mapping").
    pub fn describe(&self) -> &'static str {
        match &self.kind {
            YamlKind::Seq(_) => "a list",
            YamlKind::Map(_) => "a mapping",
            YamlKind::Scalar(..) => match self.scalar_kind() {
                Some(ScalarKind::Null) => "null",
                Some(ScalarKind::Bool) => "a boolean",
                Some(ScalarKind::Int) => "an integer",
                Some(ScalarKind::Float) => "a number",
                _ => "a string",
            },
        }
    }

    /// For a scalar, what it means under the core schema.
    pub fn scalar_kind(&self) -> Option<ScalarKind> {
        match &self.kind {
            YamlKind::Scalar(text, Style::Plain) => Some(core_schema_kind(text)),
            YamlKind::Scalar(..) => Some(ScalarKind::Str),
            _ => None,
        }
    }
}

fn core_schema_kind(text: &str) -> ScalarKind {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return ScalarKind::Null,
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => return ScalarKind::Bool,
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF"
        | ".nan" | ".NaN" | ".NAN" => return ScalarKind::Float,
        _ => {}
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let is_digits = |s: &str, radix: u32| !s.is_empty() && s.chars().all(|c| c.is_digit(radix));
    if is_digits(unsigned, 10)
        || text.strip_prefix("0x").is_some_and(|s| is_digits(s, 16))
        || text.strip_prefix("0o").is_some_and(|s| is_digits(s, 8))
    {
        return ScalarKind::Int;
    }
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (unsigned, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, frac)) => {
            (whole.is_empty() || is_digits(whole, 10))
                && (frac.is_empty() || is_digits(frac, 10))
                && !(whole.is_empty() && frac.is_empty())
        }
        None => is_digits(mantissa, 10),
    };
    let exponent_ok =
        exponent.is_none_or(|e| is_digits(e.strip_prefix(['-', '+']).unwrap_or(e), 10));
    if mantissa_ok && exponent_ok && (mantissa.contains('.') || exponent.is_some()) {
        ScalarKind::Float
    } else {
        ScalarKind::Str
    }
}

/// Parses one file. `Ok(None)` for a file with no document (empty or only comments).
pub fn parse(file: &Arc<SourceFile>) -> Result<Option<Yaml>, Diagnostic> {
    Builder::new(file).run()
}

enum Open {
    Seq(Span, usize, Vec<Yaml>),
    Map(Span, usize, Vec<(Yaml, Yaml)>, Option<Yaml>),
}

struct Builder<'a> {
    file: &'a Arc<SourceFile>,
    /// The file's line count, for [`Span::clamped`].
    lines: usize,
    stack: Vec<Open>,
    anchors: HashMap<usize, Yaml>,
    nodes: usize,
    aliased: usize,
    documents: usize,
    root: Option<Yaml>,
}

impl<'a> Builder<'a> {
    fn new(file: &'a Arc<SourceFile>) -> Self {
        Builder {
            file,
            lines: line_count(&file.text),
            stack: Vec::new(),
            anchors: HashMap::new(),
            nodes: 0,
            aliased: 0,
            documents: 0,
            root: None,
        }
    }

    fn span(&self, span: &YamlSpan, len: usize) -> Span {
        Span::clamped(
            self.file,
            self.lines,
            span.start.line(),
            span.start.col() + 1,
            len,
        )
    }

    fn run(mut self) -> Result<Option<Yaml>, Diagnostic> {
        let mut parser = Parser::new_from_str(&self.file.text);
        for next in parser.by_ref() {
            let (event, span) = next.map_err(|e| {
                let at = Span::clamped(
                    self.file,
                    self.lines,
                    e.marker().line(),
                    e.marker().col() + 1,
                    1,
                );
                let message = if e.info().contains("recursion limit") {
                    format!("YAML nesting is deeper than {MAX_DEPTH} levels")
                } else {
                    format!("YAML syntax error: {}", e.info())
                };
                Diagnostic::error(&at, message)
            })?;
            match event {
                Event::StreamEnd => break,
                Event::DocumentStart(_) => {
                    self.documents += 1;
                    if self.documents > 1 {
                        return Err(Diagnostic::error(
                            &self.span(&span, 3),
                            "a spec file holds one YAML document",
                        )
                        .with_hint("split the documents into separate .yaml files"));
                    }
                }
                Event::Scalar(text, style, anchor, _tag) => {
                    let style = match style {
                        ScalarStyle::Plain => Style::Plain,
                        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => Style::Quoted,
                        _ => Style::Block,
                    };
                    let width = span.end.index().saturating_sub(span.start.index());
                    let first_line = if span.end.line() == span.start.line() {
                        span.end
                            .col()
                            .saturating_sub(span.start.col())
                            .min(width.max(1))
                    } else {
                        1
                    };
                    let node = Yaml {
                        span: self.span(&span, first_line),
                        kind: YamlKind::Scalar(text.into_owned(), style),
                        size: 1,
                    };
                    self.nodes += 1;
                    self.complete(node, anchor)?;
                }
                Event::SequenceStart(anchor, _) => {
                    let at = self.span(&span, 1);
                    self.open(Open::Seq(at, anchor, Vec::new()))?;
                }
                Event::MappingStart(anchor, _) => {
                    let at = self.span(&span, 1);
                    self.open(Open::Map(at, anchor, Vec::new(), None))?;
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    let (node, anchor) = match self.stack.pop() {
                        Some(Open::Seq(span, anchor, items)) => {
                            let size = 1 + items.iter().map(|i| i.size).sum::<usize>();
                            (
                                Yaml {
                                    span,
                                    kind: YamlKind::Seq(items),
                                    size,
                                },
                                anchor,
                            )
                        }
                        Some(Open::Map(span, anchor, entries, _)) => {
                            let size =
                                1 + entries.iter().map(|(k, v)| k.size + v.size).sum::<usize>();
                            (
                                Yaml {
                                    span,
                                    kind: YamlKind::Map(entries),
                                    size,
                                },
                                anchor,
                            )
                        }
                        None => continue,
                    };
                    self.nodes += 1;
                    self.complete(node, anchor)?;
                }
                Event::Alias(id) => {
                    let at = self.span(
                        &span,
                        span.end.index().saturating_sub(span.start.index()).max(1),
                    );
                    let Some(target) = self.anchors.get(&id) else {
                        return Err(Diagnostic::error(
                            &at,
                            "alias to an anchor that is not complete here",
                        ));
                    };
                    self.aliased += target.size;
                    let budget = MIN_ALIAS_BUDGET.max(self.nodes.saturating_mul(10));
                    if self.aliased > budget {
                        return Err(Diagnostic::error(
                            &at,
                            format!("YAML aliases expand to more than {budget} nodes"),
                        )
                        .with_hint("this looks like an alias bomb; write the values out or use fewer aliases"));
                    }
                    let mut copy = target.clone();
                    copy.span = at;
                    self.complete(copy, 0)?;
                }
                Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
            }
        }
        Ok(self.root)
    }

    fn open(&mut self, open: Open) -> Result<(), Diagnostic> {
        if self.stack.len() >= MAX_DEPTH {
            let at = match &open {
                Open::Seq(span, ..) | Open::Map(span, ..) => span.clone(),
            };
            return Err(Diagnostic::error(
                &at,
                format!("YAML nesting is deeper than {MAX_DEPTH} levels"),
            ));
        }
        self.stack.push(open);
        Ok(())
    }

    fn complete(&mut self, node: Yaml, anchor: usize) -> Result<(), Diagnostic> {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Open::Seq(_, _, items)) => items.push(node),
            Some(Open::Map(_, _, entries, pending_key)) => match pending_key.take() {
                None => *pending_key = Some(node),
                Some(key) => entries.push((key, node)),
            },
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Option<Yaml>, Diagnostic> {
        parse(&Arc::new(SourceFile {
            path: "t.yaml".into(),
            text: text.to_owned(),
        }))
    }

    #[test]
    fn positions_are_one_based() {
        let root = parse_str("a: 1\nbb:\n  - x\n").unwrap().unwrap();
        let YamlKind::Map(entries) = &root.kind else {
            panic!("not a map")
        };
        let (key, value) = &entries[1];
        assert_eq!((key.span.line, key.span.column, key.span.len), (2, 1, 2));
        let YamlKind::Seq(items) = &value.kind else {
            panic!("not a seq")
        };
        assert_eq!((items[0].span.line, items[0].span.column), (3, 5));
    }

    #[test]
    fn core_schema() {
        for (text, kind) in [
            ("null", ScalarKind::Null),
            ("~", ScalarKind::Null),
            ("true", ScalarKind::Bool),
            ("12", ScalarKind::Int),
            ("-0x1f", ScalarKind::Str),
            ("0x1f", ScalarKind::Int),
            ("1.5", ScalarKind::Float),
            ("1e3", ScalarKind::Float),
            (".5", ScalarKind::Float),
            ("1d_click", ScalarKind::Str),
            ("v19.0", ScalarKind::Str),
            ("19.0", ScalarKind::Float),
            ("unsigned int32", ScalarKind::Str),
        ] {
            assert_eq!(core_schema_kind(text), kind, "{text}");
        }
    }

    #[test]
    fn aliases_are_copied() {
        let root = parse_str("a: &x [1, 2]\nb: *x\n").unwrap().unwrap();
        let YamlKind::Map(entries) = &root.kind else {
            panic!()
        };
        assert!(matches!(&entries[1].1.kind, YamlKind::Seq(items) if items.len() == 2));
    }

    #[test]
    fn alias_bombs_stop_early() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let err = parse_str(&text).unwrap_err();
        assert!(err.message.contains("aliases expand"), "{}", err.message);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let err = parse_str(&"[".repeat(100_000)).unwrap_err();
        assert!(err.message.contains("nesting is deeper"), "{}", err.message);
        let err = parse_str(&format!("{}1{}", "[".repeat(70), "]".repeat(70))).unwrap_err();
        assert!(err.message.contains("nesting is deeper"), "{}", err.message);
    }

    #[test]
    fn syntax_errors_have_positions() {
        let err = parse_str("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(
            err.message.starts_with("YAML syntax error"),
            "{}",
            err.message
        );
        assert!(err.span.is_some());
    }

    #[test]
    fn errors_at_the_end_of_input_point_at_the_last_line() {
        let err = parse_str("-ma ne: VoipInfo\n1").unwrap_err();
        let span = err.span.unwrap();
        assert_eq!((span.line, span.column), (2, 2));
        assert_eq!(span.line_text(), Some("1"));
    }

    #[test]
    fn empty_files_have_no_document() {
        assert!(parse_str("").unwrap().is_none());
        assert!(parse_str("# only a comment\n").unwrap().is_none());
    }
}
