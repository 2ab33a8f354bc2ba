//! The spec loader and checker on any text: never panic, never hang, and
//! every diagnostic points inside its file and renders.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let mut diagnostics = codegen::Diagnostics::default();
    let file = codegen::load::load_text(Path::new("fuzz.yaml"), text, &mut diagnostics);
    if let Err(more) = codegen::check::check(&[file]) {
        diagnostics.extend(more);
    }
    for d in &diagnostics.0 {
        if let Some(span) = &d.span {
            let lines = codegen::diagnostic::line_count(&span.file.text);
            assert!(span.line >= 1 && span.line <= lines, "{d}");
            assert!(span.column >= 1, "{d}");
            assert!(span.line_text().is_some(), "{d}");
        }
    }
    let _ = diagnostics.to_string();
});
