//! The whole Facebook Graph API, from Facebook's own specs: import,
//! generate, compare a few nodes with golden files, and `cargo check` the
//! crate with `-D warnings`. Reads `../shared/facebook-api-specs` (the data
//! is never copied into this repository). Without it the test fails under CI
//! and is skipped, saying so, elsewhere (`codegen/tests/support/shared_data.rs`).
//!
//! Golden files (`tests/golden/facebook/`): `BLESS=1` rewrites them; review the diff.

use std::time::Instant;

use codegen::import::{self, ImportOptions};
use tests::{cargo_ok, workspace, write_crate};

#[path = "../../codegen/tests/support/shared_data.rs"]
mod shared_data;

/// Nodes whose generated module is compared with a golden file: the seed
/// node, the Page that serves it, a small node with edges, and one with
/// edges, operations with parameters and an enum parameter.
const GOLDEN: &[(&str, &str)] = &[
    ("VoipInfo", "voip_info"),
    ("Page", "page"),
    ("AdLabel", "ad_label"),
    (
        "WhatsAppBusinessPreVerifiedPhoneNumber",
        "whats_app_business_pre_verified_phone_number",
    ),
];

#[test]
fn the_whole_api_imports_generates_matches_goldens_and_compiles_without_warnings() {
    let Some(input) = shared_data::shared_dir("facebook-api-specs/specs", "the whole-API test")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let spec_dir = dir.path().join("spec");
    let crate_dir = dir.path().join("facebook-graph");

    let start = Instant::now();
    let imported = import::import(&ImportOptions {
        input,
        api_version: None,
    })
    .unwrap_or_else(|d| panic!("import failed:\n{d}"));
    import::plan(&spec_dir, &imported.files)
        .unwrap()
        .apply(false)
        .unwrap();
    let import_time = start.elapsed();

    let start = Instant::now();
    let options = codegen::Options {
        spec_dir,
        out_dir: crate_dir.clone(),
        crate_name: "facebook-graph".into(),
        runtime_dir: workspace().join("runtime"),
        nodes: None,
    };
    let generated =
        codegen::generate(&options).unwrap_or_else(|d| panic!("generation failed:\n{d}"));
    write_crate(&crate_dir, &generated.files);
    let generate_time = start.elapsed();

    let api = &generated.api;
    let fields: usize = api.nodes.iter().map(|n| n.fields.len()).sum();
    let edges: usize = api.nodes.iter().map(|n| n.edges.len()).sum();
    let lines: usize = generated
        .files
        .iter()
        .map(|(_, text)| text.lines().count())
        .sum();
    eprintln!(
        "Facebook Graph API {}: {} nodes, {} enums, {fields} fields, {edges} edges, {} import warnings",
        api.api_version,
        api.nodes.len(),
        api.enums.len(),
        imported.warnings.0.len()
    );
    eprintln!(
        "import {:.2?}, generate {:.2?} (debug build); {} files, {lines} lines, {:.1} lines per field",
        import_time,
        generate_time,
        generated.files.len(),
        lines as f64 / fields as f64
    );
    assert_eq!(
        (api.nodes.len(), api.enums.len()),
        (imported.counts.nodes, imported.counts.enums),
        "every imported node and enum is generated"
    );

    let mut stale = Vec::new();
    for (node, module) in GOLDEN {
        let path = format!("src/nodes/{module}.rs");
        let (_, text) = generated
            .files
            .iter()
            .find(|(p, _)| p.to_string_lossy() == path)
            .unwrap_or_else(|| panic!("{node} was not generated"));
        let golden = workspace()
            .join("tests/golden/facebook")
            .join(format!("{module}.rs.golden"));
        if std::env::var_os("BLESS").is_some() {
            std::fs::write(&golden, text).unwrap();
        } else if std::fs::read_to_string(&golden).ok().as_deref() != Some(text.as_str()) {
            stale.push(golden.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "golden files differ (BLESS=1 to accept, then review the diff): {stale:?}"
    );

    let start = Instant::now();
    cargo_ok(
        &["rustc", "--lib", "--profile", "check", "--quiet"],
        &["-D", "warnings"],
        &crate_dir,
    );
    eprintln!(
        "cargo check -D warnings of the whole-API crate: {:.1?}",
        start.elapsed()
    );
}

#[test]
fn without_facebooks_specs_the_whole_api_test_fails_under_ci_and_is_skipped_otherwise() {
    shared_data::assert_absent_data_fails_under_ci(
        "the_whole_api_imports_generates_matches_goldens_and_compiles_without_warnings",
    );
}
