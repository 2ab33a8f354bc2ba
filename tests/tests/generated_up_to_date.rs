//! The checked-in generated crates are exactly what their specs generate,
//! and generation is deterministic.

use std::path::Path;

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

fn options(spec: &str, out: &str, crate_name: &str) -> codegen::Options {
    codegen::Options {
        spec_dir: workspace().join(spec),
        out_dir: workspace().join(out),
        crate_name: crate_name.into(),
        runtime_dir: workspace().join("runtime"),
        nodes: None,
        next: None,
    }
}

/// Panics, naming the stale files and the command that regenerates them,
/// unless the checked-in crate `out` is what `spec` generates.
fn assert_up_to_date(spec: &str, out: &str, crate_name: &str, command: &str) {
    let options = options(spec, out, crate_name);
    let generated =
        codegen::generate(&options).unwrap_or_else(|d| panic!("{spec}/ has problems:\n{d}"));
    let plan = codegen::write::Plan::new(&options.out_dir, &generated.files).unwrap();
    let stale: Vec<String> = plan
        .stale()
        .map(|a| format!("{a:?}").chars().take(200).collect())
        .collect();
    assert!(
        stale.is_empty(),
        "{out}/ is out of date with {spec}/; run `{command}` and commit the result.\nStale:\n{}",
        stale.join("\n")
    );
}

#[test]
fn generated_crate_matches_the_spec() {
    assert_up_to_date("spec", "generated", "graph-api", "cargo run -p codegen");
}

#[test]
fn ops_api_crate_matches_its_spec() {
    assert_up_to_date(
        "tests/specs/operations",
        "tests/ops-api",
        "graph-ops-api",
        "cargo run -p codegen -- --spec tests/specs/operations --out tests/ops-api --crate-name graph-ops-api",
    );
}

#[test]
fn same_spec_gives_byte_identical_output() {
    for spec in ["spec", "tests/specs/awkward"] {
        let options = codegen::Options {
            spec_dir: workspace().join(spec),
            ..options("spec", "generated", "graph-api")
        };
        let first = codegen::generate(&options).unwrap().files;
        let second = codegen::generate(&options).unwrap().files;
        assert_eq!(first, second, "{spec}: two runs differ");
    }
}
