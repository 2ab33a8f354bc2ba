//! Spec text never becomes code that `cargo test` runs: whatever the
//! descriptions and wire names of a spec hold (fences of backticks or
//! tildes, indented lines, tabs, carriage returns, backticks in names), no
//! doc comment of the generated crate opens a code block, so rustdoc finds
//! no doctest in it. (The generator's own docs hold no code blocks either,
//! so the check covers every doc comment of every generated Rust file.)
//!
//! Doc comments are read as rustdoc reads them: the file's tokens, where
//! `///` and `//!` are `#[doc = "…"]` attributes; the attributes on one item
//! make one Markdown text; and the docs that the runtime's `field_enum!`
//! writes for each variant, from its input, are read too.

use std::path::Path;

use codegen::Diagnostics;
use proc_macro2::{Delimiter, TokenStream, TokenTree};
use proptest::prelude::*;

fn options() -> codegen::Options {
    let mut options = codegen::Options::workspace_defaults();
    options.out_dir = std::env::temp_dir().join("codegen-doc-props-never-written");
    options
}

/// The generated files, or the diagnostics of a refused spec.
fn generate(text: &str) -> Result<Vec<(std::path::PathBuf, String)>, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let file = codegen::load::load_text(Path::new("prop.yaml"), text.to_owned(), &mut diagnostics);
    codegen::generate_from(&[file], diagnostics, &options()).map(|g| g.files)
}

/// The string value of a string literal token.
fn string_value(literal: &proc_macro2::Literal) -> Option<String> {
    syn::parse_str::<syn::LitStr>(&literal.to_string())
        .ok()
        .map(|l| l.value())
}

/// The doc text of `#[doc = "…"]` (the group after `#`), if it is one.
fn doc_attribute(group: &proc_macro2::Group) -> Option<String> {
    let tokens: Vec<TokenTree> = group.stream().into_iter().collect();
    match tokens.as_slice() {
        [
            TokenTree::Ident(doc),
            TokenTree::Punct(eq),
            TokenTree::Literal(text),
        ] if doc == "doc" && eq.as_char() == '=' => string_value(text),
        _ => None,
    }
}

/// Every doc text in `tokens`, one per item: the doc attributes of one run
/// of attributes joined by line breaks, as rustdoc joins them. Also the
/// docs `field_enum!` writes from its input.
fn doc_blocks(tokens: TokenStream, out: &mut Vec<String>) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut block: Option<Vec<String>> = None;
    let mut i = 0;
    while i < tokens.len() {
        // An attribute: `#` `[…]` or `#` `!` `[…]`.
        if matches!(&tokens[i], TokenTree::Punct(hash) if hash.as_char() == '#') {
            let bang =
                matches!(&tokens.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!');
            let at = i + 1 + usize::from(bang);
            match tokens.get(at) {
                Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Bracket => {
                    let lines = block.get_or_insert_with(Vec::new);
                    if let Some(text) = doc_attribute(group) {
                        lines.push(text);
                    }
                    i = at + 1;
                    continue;
                }
                _ => {}
            }
        }
        if let Some(lines) = block.take() {
            out.push(lines.join("\n"));
        }
        match &tokens[i] {
            TokenTree::Ident(name) if name == "field_enum" => {
                if let Some(TokenTree::Group(args)) = tokens.get(i + 2) {
                    field_enum_docs(args.stream(), out);
                }
            }
            TokenTree::Group(group) => doc_blocks(group.stream(), out),
            _ => {}
        }
        i += 1;
    }
    if let Some(lines) = block {
        out.push(lines.join("\n"));
    }
}

/// The docs `field_enum!(Name for Model "Node" N; Variant "wire" [= "doc"], …)`
/// writes, as the macro writes them (see `runtime/src/macros.rs`).
fn field_enum_docs(args: TokenStream, out: &mut Vec<String>) {
    let tokens: Vec<TokenTree> = args.into_iter().collect();
    let Some(semicolon) = tokens
        .iter()
        .position(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ';'))
    else {
        panic!("field_enum! without `;`: {tokens:?}");
    };
    if let Some(TokenTree::Literal(node)) = tokens.get(semicolon - 2) {
        let node = string_value(node).expect("the node's name is a string");
        out.push(format!("Every field of `{node}`, in spec order."));
    }
    let entries =
        tokens[semicolon + 1..].split(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ','));
    for entry in entries.filter(|e| !e.is_empty()) {
        let doc = match entry {
            [TokenTree::Ident(_), TokenTree::Literal(wire)] => {
                format!("`{}`", string_value(wire).expect("a wire name is a string"))
            }
            [
                TokenTree::Ident(_),
                TokenTree::Literal(_),
                TokenTree::Punct(eq),
                TokenTree::Literal(doc),
            ] if eq.as_char() == '=' => string_value(doc).expect("a doc is a string"),
            other => panic!("unexpected field_enum! entry {other:?}"),
        };
        out.push(doc);
    }
}

/// Why rustdoc would find a code block in `doc`, if it would: a line that
/// opens a fence, a line indented as code after a blank line (or first),
/// or a carriage return (a line break to Markdown, which makes the next
/// line start anew). Indentation is measured after rustdoc's unindenting
/// (the smallest indentation of the non-blank lines is removed).
fn code_block(doc: &str) -> Option<String> {
    if doc.contains('\r') {
        return Some("a carriage return".to_owned());
    }
    let width = |line: &str| {
        line.chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .map(|c| if c == '\t' { 4 } else { 1 })
            .sum::<usize>()
    };
    let lines: Vec<&str> = doc.split('\n').collect();
    let common = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| width(l))
        .min()
        .unwrap_or(0);
    let mut after_blank = true;
    for line in &lines {
        let rest = line.trim_start_matches([' ', '\t']);
        if rest.is_empty() {
            after_blank = true;
            continue;
        }
        if rest.starts_with("```") || rest.starts_with("~~~") {
            return Some(format!("a fence: {line:?}"));
        }
        if after_blank && width(line) - common >= 4 {
            return Some(format!("an indented code block: {line:?}"));
        }
        after_blank = false;
    }
    None
}

/// Every doc text of the generated Rust files, with the file it is in.
fn all_docs(files: &[(std::path::PathBuf, String)]) -> Vec<(String, String)> {
    let mut docs = Vec::new();
    for (path, text) in files {
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let tokens: TokenStream = text
            .parse()
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut blocks = Vec::new();
        doc_blocks(tokens, &mut blocks);
        docs.extend(blocks.into_iter().map(|b| (path.display().to_string(), b)));
    }
    docs
}

/// Spec text made to be code: fences of backticks and tildes (bare, with
/// an info string, indented), indented and tabbed lines, carriage returns,
/// stray backticks, Markdown, and anything.
fn description() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        prop::sample::select(vec![
            "```",
            "```rust",
            "``` ignore",
            "~~~",
            "~~~rust",
            "~~~~ should_panic",
            "   ```",
            "   ~~~",
            "    assert!(false);",
            "\tassert!(false);",
            " \t  panic!()",
            "assert!(false);",
            "",
            "\r",
            "\r```\r",
            "\r~~~\r",
            "`",
            "``",
            "- item",
            "1. item",
            "> quote",
            "<pre>",
            "</pre>",
            "[link]",
            "#",
            "See https://x/```~~~",
            "\u{1}0",
            "\u{b}\u{c}\u{85}\u{2028}",
        ])
        .prop_map(str::to_owned),
        "[ -~]{0,12}",
        any::<String>(),
    ];
    let separator = prop::sample::select(vec!["\n", "\n\n", "\r\n", " ", "\n    ", "\n\t", ""]);
    prop::collection::vec((piece, separator), 1..10).prop_map(|parts| {
        parts
            .into_iter()
            .map(|(piece, separator)| piece + separator)
            .collect()
    })
}

/// A wire name: plain, made of fences and backticks, or anything (control
/// characters included, which the checker refuses).
fn wire_name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-z_]{1,8}",
        3 => prop::sample::select(vec![
            "```",
            "``",
            "`",
            "~~~",
            "a`b",
            "` x `",
            "```rust",
            "~~~rust",
            "    x",
            "\tx",
            "x\n```\nassert!(false);\n```",
            "x\r~~~",
            "[x]",
            "<b>",
            "*",
            "|",
        ])
        .prop_map(str::to_owned),
        2 => "[ -~]{1,10}",
        1 => any::<String>(),
    ]
}

fn quoted(s: &str) -> String {
    // JSON strings are YAML double-quoted scalars.
    serde_json::to_string(s).expect("strings serialize")
}

/// A spec with descriptions and wire names from the strategies above on
/// everything that has them: a readable node with fields, read parameters
/// and an edge (list, create, delete, each with a parameter), and an enum.
fn spec() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(description(), 8),
        prop::collection::vec(wire_name(), 8),
    )
        .prop_map(|(d, w)| {
            let d: Vec<String> = d.iter().map(|d| quoted(d)).collect();
            let w: Vec<String> = w.iter().map(|w| quoted(w)).collect();
            format!(
                "api_version: v19.0
nodes:
  - name: Thing
    description: {d0}
    fields:
      - {{name: {w0}, type: string, description: {d1}}}
      - {{name: {w1}, type: e_num, description: {d2}}}
      - {{name: {w2}, type: Thing}}
      - {{name: plain, type: Other}}
    read: {{params: [{{name: {w3}, type: string, description: {d3}}}]}}
    update: {{params: [{{name: {w4}, type: string}}]}}
    edges:
      - name: {w5}
        type: Other
        description: {d4}
        list: {{params: [{{name: {w6}, type: string, description: {d5}}}]}}
        create: {{params: [{{name: p, type: string, required: true}}]}}
        delete: {{}}
  - name: Other
    fields:
      - {{name: id, type: string}}
enums:
  - name: e_num
    description: {d6}
    values: [{w7}, {w0}, ok]
  - name: {w2}
    description: {d7}
    values: [{w6}]
",
                d0 = d[0],
                d1 = d[1],
                d2 = d[2],
                d3 = d[3],
                d4 = d[4],
                d5 = d[5],
                d6 = d[6],
                d7 = d[7],
                w0 = w[0],
                w1 = w[1],
                w2 = w[2],
                w3 = w[3],
                w4 = w[4],
                w5 = w[5],
                w6 = w[6],
                w7 = w[7],
            )
        })
}

/// Whether a refused spec was refused only for what the strategies make on
/// purpose: a control character in a name, duplicate or empty names, enum
/// names with no letter or digit.
fn refused_on_purpose(d: &Diagnostics) -> bool {
    d.0.iter()
        .filter(|d| d.severity == codegen::diagnostic::Severity::Error)
        .all(|d| {
            [
                "has a control character",
                "duplicate ",
                " is empty",
                "no letter or digit",
            ]
            .iter()
            .any(|m| d.message.contains(m))
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn no_doc_comment_from_spec_text_opens_a_code_block(yaml in spec()) {
        match generate(&yaml) {
            Ok(files) => {
                for (file, doc) in all_docs(&files) {
                    if let Some(why) = code_block(&doc) {
                        prop_assert!(false, "{file}: {why} in the doc\n{doc}\nfrom the spec\n{yaml}");
                    }
                }
            }
            Err(d) => prop_assert!(refused_on_purpose(&d), "{yaml}\n{d}"),
        }
    }
}

/// The check above finds what it looks for, in every form a doc takes.
#[test]
fn the_checker_sees_code_blocks_in_every_form_of_doc() {
    let docs = |rust: &str| all_docs(&[("x.rs".into(), rust.to_owned())]);
    let found = |rust: &str| docs(rust).iter().any(|(_, d)| code_block(d).is_some());
    assert!(found("/// a\n/// ```\n/// x\n/// ```\nstruct A;"));
    assert!(found("/// a\n///   ~~~\nstruct A;"));
    assert!(found("//! a\n//!\n//!     x\n"));
    assert!(found(
        "#[doc = \"a\"]\n#[derive(Debug)]\n#[doc = \"\\n\\tx\"]\nstruct A;"
    ));
    assert!(found("#[doc = \"a\\r```\"]\nstruct A;"));
    assert!(found("mod m { impl A { /// ~~~\n fn f() {} } }"));
    assert!(found("field_enum!(AField for A \"A\" 1; X \"``` x\");"));
    assert!(found(
        "field_enum!(AField for A \"A\" 1; X \"x\" = \"~~~\");"
    ));
    // Not code: a line indented after text (a continuation), and a doc
    // whose lines are all indented alike (rustdoc removes that).
    assert!(!found("/// a\n///     b\nstruct A;"));
    assert!(!found("///     a\n///     b\nstruct A;"));
    assert!(!found(
        "field_enum!(AField for A \"A\" 1; X \"x\" = \"`x`\");"
    ));
    assert_eq!(
        docs("/// a\n#[derive(Debug)]\n/// b\nstruct A;\n/// c\nfn f() {}"),
        [
            ("x.rs".to_owned(), " a\n b".to_owned()),
            ("x.rs".to_owned(), " c".to_owned())
        ]
    );
}
