//! `codegen diff OLD NEW`: what a newer spec removed, retyped and added.
//!
//! - Two small YAML specs (`diff_specs/old`, `diff_specs/new`) with every
//!   kind of change: the Markdown and the `--json` output exactly
//!   (`diff_specs/expected.md`, `expected.json`), exit 1; a spec against
//!   itself, exit 0; a broken spec, YAML or Facebook's, exit 2 with its
//!   position.
//! - Facebook's real specs (`../shared/facebook-api-specs-history`, v19.0
//!   and v24.0, and v25.0 in `../shared/facebook-api-specs`): every count of
//!   the history README, both directions, named items, exit 1. Without the
//!   data these fail under CI and are skipped, saying so, elsewhere
//!   (`support/shared_data.rs`).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use codegen::diff::{self, Items, Report, RetypedKind};

#[path = "support/shared_data.rs"]
mod shared_data;

fn specs(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/diff_specs")
        .join(name)
}

fn codegen(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_codegen"));
    command.arg("diff");
    for arg in args {
        command.arg(arg);
    }
    command.output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn small_specs_give_exactly_the_expected_markdown_and_json_and_exit_1() {
    let (old, new) = (specs("old"), specs("new"));
    let markdown = codegen(&[&old, &new]);
    assert_eq!(markdown.status.code(), Some(1), "{}", stderr(&markdown));
    assert_eq!(
        stdout(&markdown),
        fs::read_to_string(specs("expected.md")).unwrap()
    );
    let json = codegen(&[&old, &new, &"--json"]);
    assert_eq!(json.status.code(), Some(1), "{}", stderr(&json));
    assert_eq!(
        stdout(&json),
        fs::read_to_string(specs("expected.json")).unwrap()
    );
    // The JSON is the contract's shape, whatever the expected file says
    // (serde_json's map sorts keys; the expected file checks their order).
    let value: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    let keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "added",
            "from",
            "newly_required",
            "removed",
            "retyped",
            "to"
        ]
    );
    for side in ["removed", "added"] {
        let keys: Vec<&str> = value[side]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "edges",
                "enum_values",
                "enums",
                "fields",
                "nodes",
                "operations",
                "params",
            ]
        );
    }
    assert_eq!(
        value["retyped"][2],
        serde_json::json!({"item": "Page.fan_count", "from": "unsigned int", "to": "string"})
    );
}

#[test]
fn small_specs_every_kind_of_change_through_the_library() {
    let old = diff::read_surface(&specs("old")).unwrap();
    let new = diff::read_surface(&specs("new")).unwrap();
    let report = diff::diff(&old, &new);
    let expected_removed = Items {
        nodes: vec!["Legacy".into()],
        fields: vec!["Legacy.note".into(), "Page.legacy_rank".into()],
        edges: vec!["Page/old_tabs".into()],
        operations: vec![
            "GET Legacy".into(),
            "GET Page/old_tabs".into(),
            "POST Page/posts".into(),
        ],
        params: vec![
            "GET Legacy(verbose)".into(),
            "POST Page(old_flag)".into(),
            "POST Page/posts(message)".into(),
        ],
        enums: vec!["legacy_kind".into()],
        enum_values: vec!["post_status:ARCHIVED".into()],
    };
    assert_eq!(report.removed, expected_removed);
    let expected_added = Items {
        nodes: vec!["Video".into()],
        fields: vec!["Page.category".into(), "Video.title".into()],
        edges: vec!["Page/videos".into()],
        operations: vec![
            "DELETE Post".into(),
            "GET Page/videos".into(),
            "GET Video".into(),
        ],
        params: vec!["GET Page/posts(since)".into(), "POST Page(token)".into()],
        enums: vec!["video_state".into()],
        enum_values: vec!["post_status:SCHEDULED".into()],
    };
    assert_eq!(report.added, expected_added);
    let retyped: Vec<(RetypedKind, &str, &str, &str)> = report
        .retyped
        .iter()
        .map(|r| (r.kind, r.item.as_str(), r.from.as_str(), r.to.as_str()))
        .collect();
    assert_eq!(
        retyped,
        [
            (RetypedKind::Operation, "GET Page/feed", "Post", "Video"),
            (RetypedKind::Param, "POST Page(rank)", "int", "string"),
            (
                RetypedKind::Field,
                "Page.fan_count",
                "unsigned int",
                "string"
            ),
        ]
    );
    assert_eq!(
        report.newly_required,
        ["POST Page(about)", "POST Page(token)"]
    );
    assert_eq!((report.from.as_str(), report.to.as_str()), ("v1.0", "v2.0"));
    assert!(report.is_breaking());
}

#[test]
fn a_spec_against_itself_reports_nothing_and_exits_0() {
    let old = specs("old");
    let o = codegen(&[&old, &old]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).ends_with("\nNo changes.\n"), "{}", stdout(&o));
    // Facebook's format, given as the folder holding specs/.
    let fb = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fb_specs");
    let o = codegen(&[&fb, &fb.join("specs"), &"--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(report["from"], "v25.0");
    assert_eq!(report["removed"]["fields"], serde_json::json!([]));
    assert_eq!(report["retyped"], serde_json::json!([]));
}

#[test]
fn only_additions_exit_0() {
    // new → old, without its removals and retypes, would be additions only:
    // diff a spec against one that only adds to it.
    let dir = tempdir("only-additions");
    fs::write(
        dir.join("spec.yaml"),
        fs::read_to_string(specs("old").join("spec.yaml"))
            .unwrap()
            .replace(
                "      - name: legacy_rank",
                "      - name: added_field\n        type: string\n      - name: legacy_rank",
            ),
    )
    .unwrap();
    let o = codegen(&[&specs("old"), &dir]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("- `Page.added_field`\n"),
        "{}",
        stdout(&o)
    );
    let o = codegen(&[&dir, &specs("old")]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    fs::remove_dir_all(&dir).unwrap();
}

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("codegen-diff-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_broken_spec_exits_2_with_its_position() {
    let o = codegen(&[&specs("old"), &specs("broken")]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
    let err = stderr(&o);
    assert!(
        err.contains("broken/spec.yaml:8:15: unknown type `strng`"),
        "{err}"
    );
    assert!(err.contains("codegen diff: 1 problem in"), "{err}");

    // Facebook's format: a node file that is not JSON.
    let dir = tempdir("broken-fb");
    fs::write(dir.join("enum_types.json"), "[]").unwrap();
    fs::write(dir.join("version.txt"), "v25.0\n").unwrap();
    fs::write(
        dir.join("Page.json"),
        "{\n  \"fields\": [\n    {\"name\": }\n  ]\n}\n",
    )
    .unwrap();
    let o = codegen(&[&dir, &specs("old")]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("Page.json:3:"), "{}", stderr(&o));
    assert!(stderr(&o).contains("not JSON"), "{}", stderr(&o));

    // A field without a type: the importer's own check.
    fs::write(dir.join("Page.json"), "{\"fields\": [{\"name\": \"id\"}]}").unwrap();
    let o = codegen(&[&dir, &specs("old")]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("Page.json:1:"), "{}", stderr(&o));

    // No version anywhere.
    fs::write(
        dir.join("Page.json"),
        "{\"fields\": [{\"name\": \"id\", \"type\": \"string\"}]}",
    )
    .unwrap();
    fs::remove_file(dir.join("version.txt")).unwrap();
    let o = codegen(&[&dir, &specs("old")]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("no version.txt"), "{}", stderr(&o));
    fs::remove_dir_all(&dir).unwrap();

    // Not a directory at all.
    let o = codegen(&[&specs("old"), &specs("no-such-dir")]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("is not a directory"), "{}", stderr(&o));
}

#[test]
fn facebook_specs_are_diffed_as_written_without_sdk_overrides() {
    // fb_specs' SDKCodegen.json removes `Book.in_print` with a `null`
    // override and retypes `POST Shelf/books(scan)` to `file`; the diff sees
    // Facebook's own text.
    let fb = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fb_specs/specs");
    let surface = diff::read_surface(&fb).unwrap();
    assert!(surface.nodes["Book"].fields.contains_key("in_print"));
    let books = surface.nodes["Shelf"]
        .operations
        .iter()
        .find(|(k, _)| k.method == "POST" && k.edge.as_deref() == Some("books"))
        .unwrap()
        .1;
    assert_ne!(books.params["scan"].0, "file");
}

// ---- Facebook's real specs ----

fn count(items: &Items) -> [usize; 7] {
    items.lists().map(|(_, list)| list.len())
}

fn fields_retyped(report: &Report) -> Vec<(&str, &str, &str)> {
    report
        .retyped
        .iter()
        .filter(|r| r.kind == RetypedKind::Field)
        .map(|r| (r.item.as_str(), r.from.as_str(), r.to.as_str()))
        .collect()
}

/// The shared specs of `version` (`v25.0`: the current ones).
fn facebook(version: &str, what: &str) -> Option<PathBuf> {
    if version == "v25.0" {
        shared_data::shared_dir("facebook-api-specs/specs", what)
    } else {
        shared_data::shared_dir(&format!("facebook-api-specs-history/{version}/specs"), what)
    }
}

/// Columns: nodes, fields, edges, operations, parameters, enums, enum values.
/// Edges are not in Facebook's README (counted here, not stated there).
#[test]
fn facebook_v24_to_v25_counts() {
    let what = "codegen diff on Facebook's v24.0 and v25.0 specs";
    let (Some(v24), Some(v25)) = (facebook("v24.0", what), facebook("v25.0", what)) else {
        return;
    };
    let old = diff::read_surface(&v24).unwrap();
    let new = diff::read_surface(&v25).unwrap();
    let report = diff::diff(&old, &new);
    assert_eq!(
        (report.from.as_str(), report.to.as_str()),
        ("v24.0", "v25.0")
    );
    assert_eq!(count(&report.removed), [11, 102, 17, 30, 64, 6, 28]);
    assert_eq!(count(&report.added), [56, 245, 25, 33, 154, 30, 636]);
    let fields = fields_retyped(&report);
    assert_eq!(fields.len(), 3, "{fields:?}");
    assert!(
        fields.contains(&("AdReportRun.error_code", "unsigned int", "int")),
        "{fields:?}"
    );
    assert!(report.removed.fields.contains(&"AdVideo.season".to_owned()));
    assert!(report.newly_required.is_empty());

    // Both directions: what one removes the other adds, retypes swap.
    let back = diff::diff(&new, &old);
    assert_eq!(report.removed, back.added);
    assert_eq!(report.added, back.removed);
    let swapped: Vec<(String, String, String)> = back
        .retyped
        .iter()
        .map(|r| (r.item.clone(), r.to.clone(), r.from.clone()))
        .collect();
    let forward: Vec<(String, String, String)> = report
        .retyped
        .iter()
        .map(|r| (r.item.clone(), r.from.clone(), r.to.clone()))
        .collect();
    assert_eq!(swapped, forward);

    // The command: exit 1, and its JSON is this report.
    let o = codegen(&[&v24, &v25, &"--json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(stdout(&o), format!("{}\n", report.to_json()));
}

#[test]
fn facebook_v19_to_v25_counts() {
    let what = "codegen diff on Facebook's v19.0 and v25.0 specs";
    let (Some(v19), Some(v25)) = (facebook("v19.0", what), facebook("v25.0", what)) else {
        return;
    };
    let report = diff::diff(
        &diff::read_surface(&v19).unwrap(),
        &diff::read_surface(&v25).unwrap(),
    );
    assert_eq!(
        (report.from.as_str(), report.to.as_str()),
        ("v19.0", "v25.0")
    );
    assert_eq!(count(&report.removed), [11, 128, 48, 83, 235, 22, 232]);
    assert_eq!(fields_retyped(&report).len(), 20);
    // v19.0 had no `AdVideo.season` (v24.0 did).
    assert!(!report.removed.fields.contains(&"AdVideo.season".to_owned()));
}

#[test]
fn absent_shared_specs_fail_under_ci() {
    shared_data::assert_absent_data_fails_under_ci("facebook_v24_to_v25_counts");
    shared_data::assert_absent_data_fails_under_ci("facebook_v19_to_v25_counts");
}
