//! The whole Facebook Graph API, from Facebook's own specs: import,
//! generate, compare a few nodes with golden files, and `cargo check` the
//! crate with `-D warnings`; then decode every real response of
//! `../shared/graph-payloads` with its models and encode it back, nothing
//! lost. Reads `../shared/facebook-api-specs` and `../shared/graph-payloads`
//! (the data is never copied into this repository). Without them the tests
//! fail under CI and are skipped, saying so, elsewhere
//! (`codegen/tests/support/shared_data.rs`).
//!
//! Golden files (`tests/golden/facebook/`): `BLESS=1` rewrites them; review the diff.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

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

/// The whole API, imported and generated into `<dir>/facebook-graph`.
struct WholeApi {
    crate_dir: PathBuf,
    generated: codegen::Generated,
    import_warnings: usize,
    counts: (usize, usize),
    import_time: Duration,
    generate_time: Duration,
}

fn whole_api(dir: &Path, input: PathBuf) -> WholeApi {
    let spec_dir = dir.join("spec");
    let crate_dir = dir.join("facebook-graph");

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
        next: None,
    };
    let generated =
        codegen::generate(&options).unwrap_or_else(|d| panic!("generation failed:\n{d}"));
    write_crate(&crate_dir, &generated.files);
    WholeApi {
        crate_dir,
        generated,
        import_warnings: imported.warnings.0.len(),
        counts: (imported.counts.nodes, imported.counts.enums),
        import_time,
        generate_time: start.elapsed(),
    }
}

#[test]
fn the_whole_api_imports_generates_matches_goldens_and_compiles_without_warnings() {
    let Some(input) = shared_data::shared_dir("facebook-api-specs/specs", "the whole-API test")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let WholeApi {
        crate_dir,
        generated,
        import_warnings,
        counts,
        import_time,
        generate_time,
    } = whole_api(dir.path(), input);

    let api = &generated.api;
    let fields: usize = api.nodes.iter().map(|n| n.fields.len()).sum();
    let edges: usize = api.nodes.iter().map(|n| n.edges.len()).sum();
    let lines: usize = generated
        .files
        .iter()
        .map(|(_, text)| text.lines().count())
        .sum();
    eprintln!(
        "Facebook Graph API {}: {} nodes, {} enums (shared), {fields} fields, {edges} edges, {} import warnings",
        api.api_version,
        api.nodes.len(),
        api.enums.len(),
        import_warnings
    );
    eprintln!(
        "import {:.2?}, generate {:.2?} (debug build); {} files, {lines} lines, {:.1} lines per field",
        import_time,
        generate_time,
        generated.files.len(),
        lines as f64 / fields as f64
    );
    let spec_enums: usize = api.enums.iter().map(|e| 1 + e.aliases.len()).sum();
    assert_eq!(
        (api.nodes.len(), spec_enums),
        counts,
        "every imported node and enum is generated (an enum with the same values as another as its alias)"
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

    // The subset the issues measure (`--nodes Page,VoipInfo,AdAccount`):
    // references to the other 990 nodes become JSON, AdAccount's report run
    // included, and the crate still compiles without warnings.
    let subset_dir = dir.path().join("facebook-subset");
    let subset = codegen::generate(&codegen::Options {
        spec_dir: dir.path().join("spec"),
        out_dir: subset_dir.clone(),
        crate_name: "facebook-subset".into(),
        runtime_dir: workspace().join("runtime"),
        nodes: Some(vec!["Page".into(), "VoipInfo".into(), "AdAccount".into()]),
        next: None,
    })
    .unwrap_or_else(|d| panic!("generating the three-node subset failed:\n{d}"));
    assert_eq!(subset.api.nodes.len(), 3);
    write_crate(&subset_dir, &subset.files);
    cargo_ok(
        &["rustc", "--lib", "--profile", "check", "--quiet"],
        &["-D", "warnings"],
        &subset_dir,
    );
}

#[test]
fn without_facebooks_specs_the_whole_api_test_fails_under_ci_and_is_skipped_otherwise() {
    shared_data::assert_absent_data_fails_under_ci(
        "the_whole_api_imports_generates_matches_goldens_and_compiles_without_warnings",
    );
}

#[test]
fn without_the_shared_data_the_real_responses_test_fails_under_ci_and_is_skipped_otherwise() {
    shared_data::assert_absent_data_fails_under_ci("every_real_response_decodes_with_nothing_lost");
}

/// Every real response decodes with the whole-API models (an object, or a
/// page of them for a list envelope), and encoding it back gives every
/// value at its path: the same, or its coercion (a datetime may come back
/// as the same instant). The warnings are printed by kind.
#[test]
fn every_real_response_decodes_with_nothing_lost() {
    let what = "the real-responses test";
    let Some(input) = shared_data::shared_dir("facebook-api-specs/specs", what) else {
        return;
    };
    let Some(payloads) = shared_data::shared_dir("graph-payloads", what) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let api = whole_api(dir.path(), input);

    // The program, and its node → model table from the payload index.
    let index = std::fs::read_to_string(payloads.join("index.tsv")).unwrap();
    let nodes: BTreeSet<&str> = index
        .lines()
        .skip(1)
        .map(|line| line.split('\t').nth(1).expect("a node column"))
        .collect();
    let mut dispatch = String::from(
        "fn dispatch(node: &str, list: bool, value: &Value) -> Option<Value> {\n    Some(match node {\n",
    );
    for node in &nodes {
        let ir = api.generated.api.nodes.iter().find(|n| n.name == *node);
        let ir = ir.unwrap_or_else(|| panic!("the index names {node}, which the API lacks"));
        dispatch += &format!(
            "        {node:?} => check::<facebook_graph::{}>(list, value),\n",
            ir.rust.as_str()
        );
    }
    dispatch += "        _ => return None,\n    })\n}\n";
    let examples = api.crate_dir.join("examples");
    std::fs::create_dir_all(&examples).unwrap();
    std::fs::write(examples.join("dispatch.rs"), dispatch).unwrap();
    std::fs::copy(
        workspace().join("tests/support/payload_roundtrip.rs"),
        examples.join("payload_roundtrip.rs"),
    )
    .unwrap();

    let start = Instant::now();
    let out = cargo_ok(
        &["run", "--quiet", "--example", "payload_roundtrip"],
        &[payloads.to_str().unwrap()],
        &api.crate_dir,
    );
    eprintln!("build and run of the round trip: {:.1?}", start.elapsed());

    let mut decoded = 0;
    let mut failures = Vec::new();
    let mut by_kind: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut with_warnings = 0;
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let outcome: serde_json::Value = serde_json::from_str(line).unwrap();
        let file = outcome["file"].as_str().unwrap();
        if let Some(error) = outcome.get("error") {
            failures.push(format!("{file}: does not decode: {error}"));
            continue;
        }
        decoded += 1;
        let lost = outcome["lost"].as_array().unwrap();
        if !lost.is_empty() {
            failures.push(format!("{file}: lost {lost:?}"));
        }
        let warnings = outcome["warnings"].as_array().unwrap();
        with_warnings += usize::from(!warnings.is_empty());
        for warning in warnings {
            let kind = warning["kind"].as_str().unwrap().to_owned();
            let action = warning["action"].as_str().unwrap().to_owned();
            *by_kind.entry((kind, action)).or_default() += 1;
        }
    }
    let total = index.lines().skip(1).count();
    eprintln!("{decoded} of {total} real responses decoded; {with_warnings} with warnings");
    for ((kind, action), count) in &by_kind {
        eprintln!("  {count:>4} {kind} ({action})");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(decoded, total, "every payload of the index was checked");
}
