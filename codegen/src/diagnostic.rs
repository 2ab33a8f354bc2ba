//! Problems found in a spec, with where they are.
//!
//! Every stage reports through [`Diagnostic`]; nothing panics on bad input.
//! A diagnostic renders as `path/to/file.yaml:LINE:COLUMN: message`, then the
//! offending line with a caret under the span, then a hint when one helps.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One spec file's text, kept so diagnostics can quote the offending line.
#[derive(Debug)]
pub struct SourceFile {
    /// Path as shown in messages.
    pub path: PathBuf,
    /// The file's text.
    pub text: String,
}

/// A position in a spec file: 1-based line and column (in characters), plus a
/// length in characters for the caret.
#[derive(Debug, Clone)]
pub struct Span {
    /// The file.
    pub file: Arc<SourceFile>,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Width of the underlined text, in characters (at least 1 when shown).
    pub len: usize,
}

impl Span {
    /// A span at `line` and `column` (1-based) of `file`, moved back onto
    /// the text when it lies past the end (parsers report end-of-input one
    /// line after the last), so every span has a line to quote.
    ///
    /// `last` is the file's [`line_count`], counted once by the caller:
    /// counting it here, for every span, made loading quadratic in the size
    /// of a file.
    pub fn clamped(
        file: &Arc<SourceFile>,
        last: usize,
        line: usize,
        column: usize,
        len: usize,
    ) -> Span {
        let (line, column) = if line > last {
            let width = source_line(&file.text, last).map_or(0, |l| l.chars().count());
            (last, width + 1)
        } else {
            (line.max(1), column.max(1))
        };
        Span {
            file: file.clone(),
            line,
            column,
            len,
        }
    }

    /// The same span moved `chars` characters to the right, `len` wide.
    pub fn shifted(&self, chars: usize, len: usize) -> Span {
        Span {
            file: self.file.clone(),
            line: self.line,
            column: self.column + chars,
            len,
        }
    }

    /// The text of the span's line.
    pub fn line_text(&self) -> Option<&str> {
        source_line(&self.file.text, self.line)
    }
}

impl PartialEq for Span {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.file, &other.file)
            && self.line == other.line
            && self.column == other.column
    }
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Generation stops: nothing is written.
    Error,
    /// Generation goes on.
    Warning,
}

/// One problem.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where, when the problem has a place in a file.
    pub span: Option<Span>,
    /// What is wrong.
    pub message: String,
    /// What might fix it.
    pub hint: Option<String>,
    /// Other places that matter (the first definition of a duplicate).
    pub related: Vec<(Span, String)>,
}

impl Diagnostic {
    /// An error at `span`.
    pub fn error(span: &Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            span: Some(span.clone()),
            message: message.into(),
            hint: None,
            related: Vec::new(),
        }
    }

    /// A warning at `span`.
    pub fn warning(span: &Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(span, message)
        }
    }

    /// An error with no place in a file (an unreadable directory, say).
    pub fn global(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            span: None,
            message: message.into(),
            hint: None,
            related: Vec::new(),
        }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a hint when there is one.
    pub fn with_hint_opt(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    /// Points at another place too.
    pub fn with_related(mut self, span: &Span, note: impl Into<String>) -> Self {
        self.related.push((span.clone(), note.into()));
        self
    }

    /// Whether this stops generation.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

fn write_location(f: &mut fmt::Formatter<'_>, span: &Span) -> fmt::Result {
    write!(
        f,
        "{}:{}:{}",
        display_path(&span.file.path),
        span.line,
        span.column
    )
}

fn write_excerpt(f: &mut fmt::Formatter<'_>, span: &Span) -> fmt::Result {
    let Some(line) = span.line_text() else {
        return Ok(());
    };
    let number = span.line.to_string();
    let gutter = " ".repeat(number.len());
    writeln!(f, " {number} | {line}")?;
    // Tabs keep their width so the caret lines up.
    let pad: String = line
        .chars()
        .take(span.column.saturating_sub(1))
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let available = line
        .chars()
        .count()
        .saturating_sub(span.column.saturating_sub(1));
    let width = span.len.clamp(1, available.max(1));
    writeln!(f, " {gutter} | {pad}{}", "^".repeat(width))
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "",
            Severity::Warning => "warning: ",
        };
        match &self.span {
            Some(span) => {
                write_location(f, span)?;
                writeln!(f, ": {label}{}", self.message)?;
                write_excerpt(f, span)?;
            }
            None => writeln!(f, "{label}{}", self.message)?,
        }
        for (span, note) in &self.related {
            write_location(f, span)?;
            writeln!(f, ": note: {note}")?;
            write_excerpt(f, span)?;
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "  = hint: {hint}")?;
        }
        Ok(())
    }
}

/// Every diagnostic of a run, errors and warnings.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Records one.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Whether any is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    /// Whether there are none at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Appends all of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// Sorts by file, line and column, so output does not depend on check order.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                d.span
                    .as_ref()
                    .map(|s| (s.file.path.clone(), s.line, s.column))
            };
            key(a).cmp(&key(b))
        });
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

/// Line `number` (1-based) of `text`, with YAML's idea of a line break:
/// `\n`, `\r\n` and a lone `\r` (old Mac files) all end a line, so the
/// quoted line is the one the YAML parser's position names.
pub fn source_line(text: &str, number: usize) -> Option<&str> {
    let mut rest = text;
    for _ in 1..number {
        let end = rest.find(['\n', '\r'])?;
        let skip = if rest[end..].starts_with("\r\n") {
            2
        } else {
            1
        };
        rest = &rest[end + skip..];
    }
    Some(&rest[..rest.find(['\n', '\r']).unwrap_or(rest.len())])
}

/// The number of lines in `text`, counted as [`source_line`] counts them.
pub fn line_count(text: &str) -> usize {
    let breaks = text.matches("\r\n").count();
    let lone = text.chars().filter(|c| *c == '\n' || *c == '\r').count() - 2 * breaks;
    breaks + lone + 1
}

/// A path as shown to people: relative to the current directory when it is below it.
pub fn display_path(path: &Path) -> String {
    let shown = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    shown.display().to_string()
}

/// "did you mean `x`?" for the candidate closest to `input`, if any is close.
pub fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let lower = input.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::damerau_levenshtein(&lower, &c.to_ascii_lowercase()),
                c,
            )
        })
        .filter(|(distance, c)| {
            *distance <= (c.chars().count().max(input.chars().count()) / 3).max(1)
        })
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_yaml_line_break_counts() {
        let text = "a\nb\r\nc\rd";
        assert_eq!(
            (1..=5).map(|n| source_line(text, n)).collect::<Vec<_>>(),
            [Some("a"), Some("b"), Some("c"), Some("d"), None]
        );
        assert_eq!(line_count(text), 4);
        assert_eq!(source_line("", 1), Some(""));
    }
}
