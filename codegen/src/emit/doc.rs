//! Spec descriptions → rustdoc, made safe in one place.
//!
//! Descriptions come from Facebook's reference and contain bare URLs,
//! `[brackets]`, `<b>tags</b>`, indented lines and stray backticks. Each would
//! be misread by rustdoc (a broken intra-doc link, an HTML tag, a doctest that
//! fails to compile), so every line is cleaned the same way here.
//!
//! Spec text must never open a code block: rustdoc runs one as a doctest,
//! so a ```` ``` ```` or `~~~` fence, or an indented line, in a description
//! would be code from the spec run by `cargo test`. Descriptions go through
//! [`spec_lines`] (which trims every line and escapes fences), and every
//! name from the spec shown in a doc comment goes through [`code`].

use std::cell::RefCell;

use proc_macro2::TokenStream;
use quote::quote;

/// Doc attributes for a spec description (cleaned), or the generator's own
/// `fallback` text when the spec gives none.
pub fn described(description: Option<&str>, fallback: &str) -> TokenStream {
    match description.map(str::trim).filter(|t| !t.is_empty()) {
        Some(d) => to_attrs(&spec_lines(d)),
        None => text(fallback),
    }
}

/// Doc attributes for the generator's own Markdown (trusted: not escaped).
pub fn text(markdown: &str) -> TokenStream {
    to_attrs(&text_lines(markdown))
}

/// Doc attributes for the generator's own Markdown followed by a spec description.
pub fn text_then_description(markdown: &str, description: Option<&str>) -> TokenStream {
    let mut lines = text_lines(markdown);
    if let Some(d) = description.map(str::trim).filter(|t| !t.is_empty()) {
        lines.push(String::new());
        lines.extend(spec_lines(d));
    }
    to_attrs(&lines)
}

/// `#[doc = "…"]` attributes, one per line (prettyplease prints them as
/// `///`). While a file is emitted under [`collect`], one placeholder
/// attribute stands for all the lines instead, and formatting puts them back
/// ([`Docs::put_back`]): the text (a fifth of the output) then skips being
/// escaped into string literals, parsed back by syn and printed by
/// prettyplease, 6% of the generator's instructions for the whole Facebook
/// API. The output is the same.
pub fn to_attrs(lines: &[String]) -> TokenStream {
    if !lines.is_empty() && lines.iter().all(|line| placeable(line)) {
        let index = COLLECTING.with(|table| {
            let mut table = table.borrow_mut();
            let blocks = table.as_mut()?;
            blocks.push(lines.to_vec());
            Some(blocks.len() - 1)
        });
        if let Some(index) = index {
            let marker = format!("{MARK}{index}");
            return quote! { #[doc = #marker] };
        }
    }
    quote! { #( #[doc = #lines] )* }
}

/// Starts a placeholder (`///\u{1}17`): a control character, which neither
/// the generator's text nor a line set aside (see [`placeable`]) holds.
const MARK: char = '\u{1}';

/// Whether prettyplease prints `#[doc = line]` as `///` followed by the line
/// (it prints a line with a newline, or starting with `/`, otherwise), so
/// that a placeholder can stand for it.
fn placeable(line: &str) -> bool {
    !line.contains(['\n', MARK]) && !line.starts_with('/')
}

thread_local! {
    /// The doc blocks set aside by the [`collect`] running on this thread.
    static COLLECTING: RefCell<Option<Vec<Vec<String>>>> = const { RefCell::new(None) };
}

/// The doc comments a file's placeholders stand for, by placeholder number.
#[derive(Debug, Default)]
pub struct Docs(Vec<Vec<String>>);

/// Runs `emit` (one file's emission) with doc comments set aside: see
/// [`to_attrs`]. What was set aside is dropped if `emit` panics.
pub fn collect<R>(emit: impl FnOnce() -> R) -> (R, Docs) {
    struct Restore(Option<Vec<Vec<String>>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            COLLECTING.with(|table| *table.borrow_mut() = previous);
        }
    }
    let restore = Restore(COLLECTING.with(|table| table.borrow_mut().replace(Vec::new())));
    let result = emit();
    let blocks = COLLECTING.with(|table| table.borrow_mut().take());
    drop(restore);
    (result, Docs(blocks.unwrap_or_default()))
}

impl Docs {
    /// `text` (prettyplease's output) with each placeholder line replaced
    /// by its doc lines, at the placeholder's indentation, trailing spaces
    /// trimmed as prettyplease trims them. An error (a generator bug) if a
    /// placeholder is printed twice, or other than as a line of its own.
    pub fn put_back(&self, text: &str) -> Result<String, String> {
        if self.0.is_empty() {
            return Ok(text.to_owned());
        }
        let extra: usize = self.0.iter().flatten().map(|l| l.len() + 8).sum();
        let mut out = String::with_capacity(text.len() + extra);
        let mut used = vec![false; self.0.len()];
        let mut placeholder = String::with_capacity(8);
        placeholder.push_str("///");
        placeholder.push(MARK);
        for line in text.split_inclusive('\n') {
            let trimmed = line.trim_start();
            let Some(number) = trimmed.strip_prefix(placeholder.as_str()) else {
                out.push_str(line);
                continue;
            };
            let block = number
                .trim_end_matches('\n')
                .parse::<usize>()
                .ok()
                .and_then(|index| Some((index, self.0.get(index)?)))
                .filter(|(index, _)| !std::mem::replace(&mut used[*index], true));
            let Some((_, lines)) = block else {
                return Err(format!(
                    "internal error: a doc placeholder is not one of this file's, or repeated: {line:?}"
                ));
            };
            let indent = &line[..line.len() - trimmed.len()];
            for doc in lines {
                out.push_str(indent);
                out.push_str("///");
                out.push_str(doc.trim_end_matches(' '));
                out.push('\n');
            }
        }
        // A placeholder printed other than as a `///` line of its own (in a
        // macro's tokens, say) would be left in the text as an attribute.
        // (Blocks emitted but not used by the file, such as the docs of a
        // branch not taken, are simply not printed.)
        if out.contains("doc = \"\\u{1}") {
            return Err(
                "internal error: a doc placeholder was not printed as a `///` line of its own"
                    .to_owned(),
            );
        }
        Ok(out)
    }
}

/// The generator's own Markdown as doc lines, each with the leading space `///` has.
pub fn text_lines(markdown: &str) -> Vec<String> {
    markdown
        .lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            }
        })
        .collect()
}

/// A spec description as cleaned doc lines, each with the leading space `///` has.
pub fn spec_lines(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text
        .trim()
        .lines()
        .map(|line| {
            let cleaned = clean_line(without_controls(line).trim());
            if cleaned.is_empty() {
                String::new()
            } else {
                format!(" {cleaned}")
            }
        })
        .collect();
    // Collapse runs of blank lines; they would only add empty `///` lines.
    out.dedup_by(|a, b| a.is_empty() && b.is_empty());
    out
}

/// Escapes Markdown that rustdoc would misread and wraps URLs in `<…>`.
/// Lines are trimmed first, so no line becomes an indented code block;
/// every `` ` `` and `~` is escaped, so none opens a fence; control
/// characters (a carriage return is a line break to Markdown) become spaces.
pub fn clean_line(line: &str) -> String {
    let line = without_controls(line);
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line.as_ref();
    while !rest.is_empty() {
        if let Some(len) = url_len(rest) {
            // Keep a sentence's final punctuation outside the link.
            let url = rest[..len].trim_end_matches(['.', ',', ';', ':', ')', '!', '?', '\'', '"']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        match c {
            '[' | ']' | '<' | '>' | '`' | '~' | '*' | '#' | '|' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// A name from the spec (a wire name, an enum's name) as inline code for a
/// doc comment: `` `name` ``. Backticks in it become `'` and control
/// characters spaces, so the span ends where it should and nothing after it
/// is Markdown from the spec (the checker already refuses wire names with
/// control characters; this keeps doc text safe whatever reaches it).
pub fn code(name: &str) -> String {
    let name = without_controls(name);
    format!("`{}`", name.replace('`', "'"))
}

/// `text` with every control character (a line break among them) a space.
fn without_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(char::is_control) {
        text.replace(char::is_control, " ").into()
    } else {
        text.into()
    }
}

/// Length of the URL at the start of `s`, if one starts there.
fn url_len(s: &str) -> Option<usize> {
    if !(s.starts_with("https://") || s.starts_with("http://")) {
        return None;
    }
    Some(
        s.find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | '[' | ']'))
            .unwrap_or(s.len()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_wrapped_and_brackets_escaped() {
        assert_eq!(
            clean_line("See https://developers.facebook.com/docs/x. Use [ids] <b>now</b>"),
            "See <https://developers.facebook.com/docs/x>. Use \\[ids\\] \\<b\\>now\\</b\\>"
        );
    }

    #[test]
    fn indented_and_fenced_lines_cannot_become_code() {
        assert_eq!(
            spec_lines("a\n    indented\n```rust\nfn x\n```"),
            [" a", " indented", " \\`\\`\\`rust", " fn x", " \\`\\`\\`"]
        );
    }

    /// Formats `tokens` as codegen does, docs set aside by `collect`.
    fn formatted(emit: impl FnOnce() -> TokenStream) -> Result<String, String> {
        let (tokens, docs) = collect(emit);
        crate::format::format(crate::emit::Content::Rust(tokens, docs))
    }

    #[test]
    fn docs_set_aside_come_back_as_prettyplease_prints_them() {
        let lines = || {
            let item = to_attrs(&[" An item.".into(), String::new(), " Trailing  ".into()]);
            let field = text("The field, `x`.");
            quote! {
                #item
                pub struct A {
                    #field
                    pub x: u8,
                }
            }
        };
        let plain = crate::format::format(crate::emit::Content::Rust(lines(), Docs::default()));
        let with_placeholders = formatted(lines).unwrap();
        assert_eq!(with_placeholders, plain.unwrap());
        assert_eq!(
            with_placeholders,
            "/// An item.\n///\n/// Trailing\npub struct A {\n    /// The field, `x`.\n    pub x: u8,\n}\n"
        );
        // Outside `collect`, lines are attributes as before.
        assert_eq!(to_attrs(&[" a".into()]).to_string(), "# [doc = \" a\"]");
        // A line prettyplease would not print as `///` + line stays an attribute.
        let (tokens, docs) = collect(|| to_attrs(&["/x".into()]));
        assert!(docs.0.is_empty() && tokens.to_string().contains("/x"));
    }

    #[test]
    fn a_placeholder_printed_twice_or_not_as_a_line_is_an_internal_error() {
        let twice = formatted(|| {
            let doc = text("Twice.");
            quote! { #doc pub struct A; #doc pub struct B; }
        });
        assert!(twice.unwrap_err().contains("repeated"));
        let in_a_macro = formatted(|| {
            let doc = text("Inside.");
            quote! { m! { #doc struct A; } }
        });
        assert!(
            in_a_macro
                .unwrap_err()
                .contains("not printed as a `///` line")
        );
        let unknown = Docs(vec![]).put_back("///\u{1}0\n");
        assert_eq!(
            unknown.as_deref(),
            Ok("///\u{1}0\n"),
            "no table, nothing to do"
        );
        let unknown = Docs(vec![vec![" a".into()]]).put_back("///\u{1}7\n");
        assert!(unknown.unwrap_err().contains("not one of this file's"));
        // Docs emitted but not used are not an error.
        let unused = formatted(|| {
            let _unused = text("Not used.");
            quote! { pub struct A; }
        });
        assert_eq!(unused.unwrap(), "pub struct A;\n");
    }

    #[test]
    fn collect_leaves_nothing_behind_even_when_the_emission_panics() {
        let panicked = std::panic::catch_unwind(|| collect(|| -> TokenStream { panic!("boom") }));
        assert!(panicked.is_err());
        assert!(COLLECTING.with(|table| table.borrow().is_none()));
        let ((), docs) = collect(|| {
            let ((), inner) = collect(|| drop(text("Inner.")));
            assert_eq!(inner.0.len(), 1);
            drop(text("Outer."));
        });
        assert_eq!(docs.0, [vec![" Outer.".to_owned()]]);
    }

    #[test]
    fn descriptions_are_cleaned_and_fall_back_to_the_generators_text() {
        let attrs = |tokens: TokenStream| tokens.to_string();
        assert_eq!(
            attrs(described(Some(" See [x] "), "Fallback.")),
            "# [doc = \" See \\\\[x\\\\]\"]"
        );
        assert_eq!(
            attrs(described(Some("  "), "Fallback.")),
            "# [doc = \" Fallback.\"]"
        );
        assert_eq!(
            attrs(described(None, "Fallback.")),
            "# [doc = \" Fallback.\"]"
        );
        assert_eq!(
            attrs(text_then_description("Reads `x`.", Some(" The [x]. "))),
            "# [doc = \" Reads `x`.\"] # [doc = \"\"] # [doc = \" The \\\\[x\\\\].\"]"
        );
        assert_eq!(
            attrs(text_then_description("Reads `x`.", Some(" "))),
            "# [doc = \" Reads `x`.\"]"
        );
    }

    #[test]
    fn tilde_fences_and_line_breaks_inside_a_line_cannot_become_code() {
        assert_eq!(
            spec_lines("a\n~~~\nassert!(false);\n  ~~~~ rust\n~~~"),
            [
                " a",
                " \\~\\~\\~",
                " assert!(false);",
                " \\~\\~\\~\\~ rust",
                " \\~\\~\\~"
            ]
        );
        // A carriage return ends a line in Markdown; a tab indents one.
        assert_eq!(
            spec_lines("a\r```\rb\r\t    c\u{1}"),
            [" a \\`\\`\\` b      c"]
        );
        assert_eq!(clean_line("~5 ~~s~~"), "\\~5 \\~\\~s\\~\\~");
    }

    #[test]
    fn names_are_inert_inline_code() {
        assert_eq!(code("is_callable"), "`is_callable`");
        assert_eq!(code("``a`"), "`''a'`");
        assert_eq!(code("a\n```\nb\r~~~"), "`a ''' b ~~~`");
        assert_eq!(code(""), "``");
    }

    #[test]
    fn blank_runs_collapse() {
        assert_eq!(spec_lines("a\n\n\n\nb"), [" a", "", " b"]);
    }
}
