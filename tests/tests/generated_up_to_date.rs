//! The checked-in `generated/` is exactly what the spec generates, and
//! generation is deterministic.

use std::path::Path;

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

fn workspace_options() -> codegen::Options {
    codegen::Options {
        spec_dir: workspace().join("spec"),
        out_dir: workspace().join("generated"),
        crate_name: "graph-api".into(),
        runtime_dir: workspace().join("runtime"),
        nodes: None,
    }
}

#[test]
fn generated_crate_matches_the_spec() {
    let generated = codegen::generate(&workspace_options())
        .unwrap_or_else(|d| panic!("spec/ has problems:\n{d}"));
    let plan = codegen::write::Plan::new(&workspace().join("generated"), &generated.files).unwrap();
    let stale: Vec<String> = plan
        .stale()
        .map(|a| format!("{a:?}").chars().take(200).collect())
        .collect();
    assert!(
        stale.is_empty(),
        "generated/ is out of date with spec/; run `cargo run -p codegen` and commit the result.\nStale:\n{}",
        stale.join("\n")
    );
}

#[test]
fn same_spec_gives_byte_identical_output() {
    for spec in ["spec", "tests/specs/awkward"] {
        let options = codegen::Options {
            spec_dir: workspace().join(spec),
            ..workspace_options()
        };
        let first = codegen::generate(&options).unwrap().files;
        let second = codegen::generate(&options).unwrap().files;
        assert_eq!(first, second, "{spec}: two runs differ");
    }
}
