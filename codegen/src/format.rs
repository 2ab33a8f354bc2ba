//! Stage 5, format: token streams → source text with prettyplease.

use crate::emit::Content;

/// Formats one file's content. An error here is a generator bug (emitted
/// tokens that are not a Rust file), reported instead of panicking.
pub fn format(content: Content) -> Result<String, String> {
    match content {
        Content::Toml(text) => Ok(text),
        Content::Rust(tokens, docs) => {
            let file: syn::File = syn::parse2(tokens)
                .map_err(|e| format!("internal error: emitted code does not parse: {e}"))?;
            docs.put_back(&space_items(&prettyplease::unparse(&file)))
        }
    }
}

/// prettyplease puts items back to back; a blank line after each item that
/// ends a block (`}` or `};` alone on its line) and after the `use` lines
/// makes the output read like hand-written code.
fn space_items(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push('\n');
        let Some(next) = lines.get(i + 1) else {
            continue;
        };
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let next_trimmed = next.trim_start();
        let next_indent = next.len() - next_trimmed.len();
        // Only items and impl members (indent 0 or 4), never inside a body.
        let ends_item = matches!(trimmed, "}" | "};") && indent <= 4;
        let ends_uses = trimmed.starts_with("use ") && !next_trimmed.starts_with("use ");
        let ends_inner_docs = trimmed.starts_with("//!")
            && !next_trimmed.starts_with("//!")
            && !next_trimmed.starts_with("#![");
        let ends_inner_attrs = trimmed.starts_with("#![") && !next_trimmed.starts_with("#![");
        let next_closes = next_trimmed.starts_with('}')
            || next_trimmed.starts_with(')')
            || next_trimmed.starts_with(']');
        if ((ends_item && next_indent == indent)
            || ends_uses
            || ends_inner_docs
            || ends_inner_attrs)
            && !next_closes
            && !next_trimmed.is_empty()
        {
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::space_items;

    #[test]
    fn no_blank_line_before_a_closing_bracket_or_parenthesis() {
        for text in ["    }\n    )\n", "    }\n    ]\n", "    }\n    }\n"] {
            assert_eq!(space_items(text), text);
        }
        assert_eq!(space_items("    }\n    x\n"), "    }\n\n    x\n");
    }

    #[test]
    fn items_are_separated_but_blocks_are_not_split() {
        let text = "use a;\nstruct A {\n    x: u8,\n}\nimpl A {\n    fn f() {\n        g();\n    }\n    fn h() {}\n}\n";
        assert_eq!(
            space_items(text),
            "use a;\n\nstruct A {\n    x: u8,\n}\n\nimpl A {\n    fn f() {\n        g();\n    }\n\n    fn h() {}\n}\n"
        );
    }
}
