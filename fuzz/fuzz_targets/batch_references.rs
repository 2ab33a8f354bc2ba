//! The batch reference scanner and encoder on any text: found references
//! lie inside the text and are well formed; text from elsewhere, encoded
//! as a batch sends it, holds no reference Graph would resolve; a live
//! reference put into it stays the only one.
#![no_main]

use graph_runtime::fuzzing;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for (range, name, path) in fuzzing::references(&text) {
        let found = &text[range];
        assert!(found.starts_with("{result=") && found.ends_with('}'), "{found}");
        assert!(!name.is_empty() && path.starts_with('$'), "{found}");
    }
    let mark = fuzzing::new_mark();
    match fuzzing::encode_keeping_references(&text, &mark) {
        Ok(sent) => assert_eq!(fuzzing::references(&sent).len(), 0, "live: {sent}"),
        Err(_) => assert!(text.contains(fuzzing::MARK), "refused: {text}"),
    }
    if !text.contains(fuzzing::MARK) {
        let live = format!("{text}{mark}{{result=op0:$.id}}{text}");
        let sent = fuzzing::encode_keeping_references(&live, &mark).expect("a live reference");
        let found: Vec<_> = fuzzing::references(&sent).into_iter().map(|(_, n, p)| (n, p)).collect();
        assert_eq!(found, [("op0", "$.id")], "{sent}");
    }
});
