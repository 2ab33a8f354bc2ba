//! Whatever text a spec file holds, loading and checking it never panics:
//! it gives a spec or diagnostics with positions.

use std::path::Path;

use codegen::Diagnostics;
use proptest::prelude::*;

/// Runs load → check on one file's text; the result does not matter, only that it returns.
fn load_and_check(text: String) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    let file = codegen::load::load_text(Path::new("prop.yaml"), text, &mut diagnostics);
    if let Err(more) = codegen::check::check(&[file]) {
        diagnostics.extend(more);
    }
    // Rendering quotes source lines by position: it must not panic either.
    let _ = diagnostics.to_string();
    diagnostics
}

/// Pieces of spec-shaped YAML, so mutations reach deep into the loader and checker.
fn spec_like() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("api_version: v19.0\n".to_owned()),
        Just("nodes:\n".to_owned()),
        Just("  - name: VoipInfo\n".to_owned()),
        Just("    fields:\n".to_owned()),
        Just("      - name: reason_code\n".to_owned()),
        Just("        type: unsigned int32\n".to_owned()),
        Just("        type: list<map<string, VoipInfo>>\n".to_owned()),
        Just("        type: map<call_status, list<Page>>\n".to_owned()),
        Just("    read: {}\n".to_owned()),
        Just("    edges: [{name: c, type: Comment, list: {params: [{name: q, type: string, required: true}]}}]\n".to_owned()),
        Just("enums:\n".to_owned()),
        Just("  - name: call_status\n    values: [A, \"\", 1d_click, Self]\n".to_owned()),
        Just("  - &a {name: x}\n".to_owned()),
        Just("  - *a\n".to_owned()),
        Just("\r".to_owned()),
        Just("\r\n".to_owned()),
        Just("    description: [1, {a: b}]\n".to_owned()),
        "[ -~]{0,20}\n",
        "[{}\\[\\]<>,:&*!|>'\"#-]{1,6}",
    ];
    prop::collection::vec(token, 0..24).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        load_and_check(text);
    }

    #[test]
    fn spec_shaped_text_never_panics(text in spec_like()) {
        load_and_check(text);
    }

    #[test]
    fn every_diagnostic_points_inside_its_file(text in spec_like()) {
        for d in load_and_check(text).0 {
            if let Some(span) = &d.span {
                let lines = codegen::diagnostic::line_count(&span.file.text);
                prop_assert!(span.line >= 1 && span.line <= lines, "{d}");
                prop_assert!(span.line_text().is_some(), "{d}");
                prop_assert!(span.column >= 1, "{d}");
            }
        }
    }
}
