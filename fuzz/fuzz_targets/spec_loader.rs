//! The whole generator on any text: load → check → lower → IR passes →
//! emit → format never panics, never hangs, every diagnostic points inside
//! its file and renders, and an accepted spec gives files that parse as
//! Rust (formatting parses each one with syn).
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let mut diagnostics = codegen::Diagnostics::default();
    let file = codegen::load::load_text(Path::new("fuzz.yaml"), text, &mut diagnostics);
    let mut options = codegen::Options::workspace_defaults();
    options.out_dir = std::env::temp_dir().join("codegen-fuzz-never-written");
    let diagnostics = match codegen::generate_from(&[file], diagnostics, &options) {
        Ok(generated) => generated.warnings,
        Err(diagnostics) => diagnostics,
    };
    for d in &diagnostics.0 {
        // Our own failures say so first; a message may quote the input,
        // which can hold any words.
        assert!(!d.message.starts_with("internal error"), "{d}");
        if let Some(span) = &d.span {
            let lines = codegen::diagnostic::line_count(&span.file.text);
            assert!(span.line >= 1 && span.line <= lines, "{d}");
            assert!(span.column >= 1, "{d}");
            assert!(span.line_text().is_some(), "{d}");
        }
    }
    let _ = diagnostics.to_string();
});
