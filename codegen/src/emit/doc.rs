//! Spec descriptions → rustdoc, made safe in one place.
//!
//! Descriptions come from Facebook's reference and contain bare URLs,
//! `[brackets]`, `<b>tags</b>`, indented lines and stray backticks. Each would
//! be misread by rustdoc (a broken intra-doc link, an HTML tag, a doctest that
//! fails to compile), so every line is cleaned the same way here.

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

/// `#[doc = "…"]` attributes, one per line (prettyplease prints them as `///`).
pub fn to_attrs(lines: &[String]) -> TokenStream {
    quote! { #( #[doc = #lines] )* }
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
            let cleaned = clean_line(line.trim());
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
/// Lines are trimmed first, so no line becomes an indented code block.
pub fn clean_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
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
            '[' | ']' | '<' | '>' | '`' | '*' | '#' | '|' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
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

    #[test]
    fn blank_runs_collapse() {
        assert_eq!(spec_lines("a\n\n\n\nb"), [" a", "", " b"]);
    }
}
