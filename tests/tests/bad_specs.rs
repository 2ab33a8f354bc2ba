//! Every class of bad spec gives exit-2-style diagnostics that name the file,
//! line and column, quote the line, and hint where a hint helps — never a panic.
//!
//! Each case is a directory under `tests/bad_specs/` holding the spec files
//! and `expected.txt`, the exact output codegen must print. To accept new
//! output after a deliberate change: `BLESS=1 cargo test -p tests --test bad_specs`,
//! then review the diff.

use std::path::Path;

fn run_case(name: &str) {
    let dir = Path::new("bad_specs").join(name);
    // `generate` returns the files and writes none (the CLI writes them
    // through `write::Plan`), so `out_dir` is only a name here. That the CLI
    // writes nothing for a bad spec is tested in `codegen/tests/cli.rs`.
    let options = codegen::Options {
        spec_dir: dir.clone(),
        out_dir: Path::new("unused").into(),
        crate_name: "graph-api".into(),
        runtime_dir: Path::new("../runtime").into(),
        nodes: None,
        next: None,
    };
    let diagnostics = match codegen::generate(&options) {
        Ok(_) => panic!("{name}: the spec was accepted"),
        Err(d) => d,
    };
    assert!(diagnostics.has_errors(), "{name}: no error reported");
    let actual = diagnostics.to_string();
    let expected_path = dir.join("expected.txt");
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&expected_path, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_else(|_| {
        panic!(
            "{name}: missing {}; run with BLESS=1 to create it",
            expected_path.display()
        )
    });
    assert_eq!(
        actual, expected,
        "{name}: output differs from expected.txt (BLESS=1 to accept)"
    );
}

macro_rules! cases {
    ($($name:ident),* $(,)?) => {
        $( #[test] fn $name() { run_case(stringify!($name)); } )*

        #[test]
        fn every_case_directory_has_a_test() {
            let listed = [$(stringify!($name)),*];
            for entry in std::fs::read_dir("bad_specs").unwrap() {
                let name = entry.unwrap().file_name().into_string().unwrap();
                assert!(listed.contains(&name.as_str()), "bad_specs/{name} has no test in bad_specs.rs");
            }
        }
    };
}

cases!(
    yaml_syntax,
    unknown_key,
    missing_name,
    missing_type,
    unknown_type,
    unknown_node,
    unknown_enum,
    malformed_type_unclosed,
    malformed_type_map_arity,
    malformed_type_trailing,
    duplicate_node,
    duplicate_field,
    duplicate_enum,
    bad_api_version,
    api_versions_disagree,
    missing_api_version,
    empty_enum,
    description_not_string,
    node_name_not_identifier,
    empty_name,
    deep_yaml,
    deep_type,
    alias_bomb,
    every_problem_at_once,
    top_level_not_mapping,
    bad_map_key,
    cr_line_endings,
    node_name_no_letter,
    duplicate_edge,
    duplicate_param,
    control_character_in_name,
);
