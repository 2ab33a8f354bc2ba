//! The CLI contract, run as a real process: summary line, `--check`, safe
//! writes, hand-edit protection, `--force`, no-op reruns, exit codes.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

struct Sandbox {
    _dir: tempfile::TempDir,
    spec: PathBuf,
    out: PathBuf,
}

impl Sandbox {
    /// A copy of the workspace spec and an empty output directory.
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let spec = dir.path().join("spec");
        fs::create_dir(&spec).unwrap();
        for entry in fs::read_dir(workspace().join("spec")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml") {
                fs::copy(&path, spec.join(path.file_name().unwrap())).unwrap();
            }
        }
        let out = dir.path().join("out");
        Sandbox {
            _dir: dir,
            spec,
            out,
        }
    }

    fn run(&self, extra: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_codegen"))
            .arg("--spec")
            .arg(&self.spec)
            .arg("--out")
            .arg(&self.out)
            .arg("--runtime")
            .arg(workspace().join("runtime"))
            .args(extra)
            .output()
            .unwrap()
    }

    fn file(&self, relative: &str) -> PathBuf {
        self.out.join(relative)
    }

    fn add_field_to_voip_info(&self) {
        let path = self.spec.join("voip_info.yaml");
        let text = fs::read_to_string(&path).unwrap();
        let text = text.replace(
            "      - name: reason_description\n",
            "      - name: is_new\n        type: bool\n      - name: reason_description\n",
        );
        fs::write(path, text).unwrap();
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn first_run_writes_every_file_and_prints_one_summary_line() {
    let s = Sandbox::new();
    let o = s.run(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        out.starts_with("codegen: 9 files written, 0 unchanged, 0 removed in "),
        "{out}"
    );
    for f in [
        "Cargo.toml",
        "src/lib.rs",
        "src/client.rs",
        "src/nodes/voip_info.rs",
        "src/nodes/page.rs",
    ] {
        assert!(s.file(f).is_file(), "{f} missing");
    }
}

#[test]
fn second_run_writes_nothing_and_keeps_mtimes() {
    let s = Sandbox::new();
    assert_eq!(s.run(&[]).status.code(), Some(0));
    let before = fs::metadata(s.file("src/nodes/voip_info.rs"))
        .unwrap()
        .modified()
        .unwrap();
    let o = s.run(&[]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stdout(&o).starts_with("codegen: 0 files written, 9 unchanged, 0 removed"),
        "{}",
        stdout(&o)
    );
    let after = fs::metadata(s.file("src/nodes/voip_info.rs"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(before, after);
}

#[test]
fn check_passes_when_up_to_date_and_fails_with_a_diff_when_stale() {
    let s = Sandbox::new();
    assert_eq!(s.run(&[]).status.code(), Some(0));
    let o = s.run(&["--check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    s.add_field_to_voip_info();
    let before = fs::read_to_string(s.file("src/nodes/voip_info.rs")).unwrap();
    let o = s.run(&["--check"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("stale: ") && err.contains("voip_info.rs (out of date)"),
        "{err}"
    );
    assert!(err.contains("+    pub is_new: Option<bool>,"), "{err}");
    assert!(err.contains("run `cargo run -p codegen`"), "{err}");
    assert_eq!(
        fs::read_to_string(s.file("src/nodes/voip_info.rs")).unwrap(),
        before,
        "--check wrote"
    );
}

#[test]
fn check_on_an_empty_output_names_every_missing_file() {
    let s = Sandbox::new();
    let o = s.run(&["--check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("lib.rs (missing)"), "{}", stderr(&o));
    assert!(!s.out.exists(), "--check created the output directory");
}

#[test]
fn hand_edited_files_are_refused_kept_and_replaced_only_with_force() {
    let s = Sandbox::new();
    assert_eq!(s.run(&[]).status.code(), Some(0));
    let path = s.file("src/nodes/voip_info.rs");
    let edited = fs::read_to_string(&path)
        .unwrap()
        .replace("Reason code if not callable", "my own note");
    fs::write(&path, &edited).unwrap();
    s.add_field_to_voip_info();
    // Page gains a field too, so the run would also rewrite page.rs.
    let page_spec = s.spec.join("page.yaml");
    let text = fs::read_to_string(&page_spec).unwrap().replace(
        "      - name: voip_info\n",
        "      - name: is_new_page\n        type: bool\n      - name: voip_info\n",
    );
    fs::write(&page_spec, text).unwrap();
    let page = s.file("src/nodes/page.rs");
    let page_before = fs::read_to_string(&page).unwrap();

    let o = s.run(&[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("voip_info.rs: was edited by hand"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        edited,
        "the edit was lost"
    );
    // Nothing else was written either: the run is all or nothing.
    assert!(
        fs::read_to_string(&page).unwrap() == page_before,
        "a refused run wrote page.rs"
    );

    let o = s.run(&["--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let now = fs::read_to_string(&path).unwrap();
    assert!(now.contains("pub is_new") && !now.contains("my own note"));
    assert!(
        fs::read_to_string(&page)
            .unwrap()
            .contains("pub is_new_page: Option<bool>,"),
        "page.rs is the file the refused run held back"
    );
}

#[test]
fn files_codegen_did_not_write_are_never_overwritten_or_removed() {
    let s = Sandbox::new();
    fs::create_dir_all(s.file("src/nodes")).unwrap();
    fs::write(s.file("src/client.rs"), "// mine\n").unwrap();
    fs::write(s.file("src/nodes/notes.rs"), "// also mine\n").unwrap();
    let o = s.run(&[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("client.rs: was not written by codegen"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        fs::read_to_string(s.file("src/client.rs")).unwrap(),
        "// mine\n"
    );

    // --force replaces a file at a path codegen generates, but never removes others.
    assert_eq!(s.run(&["--force"]).status.code(), Some(0));
    assert_eq!(
        fs::read_to_string(s.file("src/nodes/notes.rs")).unwrap(),
        "// also mine\n"
    );
}

#[test]
fn files_for_nodes_removed_from_the_spec_are_removed() {
    let s = Sandbox::new();
    assert_eq!(s.run(&[]).status.code(), Some(0));
    fs::write(
        s.spec.join("page.yaml"),
        "api_version: v19.0\nnodes:\n  - name: Other\n    fields: [{name: id, type: string}]\n",
    )
    .unwrap();
    let o = s.run(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("1 removed"), "{}", stdout(&o));
    assert!(!s.file("src/nodes/page.rs").exists());
    assert!(s.file("src/nodes/other.rs").exists());
}

#[test]
fn a_bad_spec_exits_2_with_positions_and_touches_nothing() {
    let s = Sandbox::new();
    let path = s.spec.join("voip_info.yaml");
    let good = fs::read_to_string(&path).unwrap();
    let bad = good.replace("type: unsigned int32", "type: unsigned int33");
    fs::write(&path, &bad).unwrap();
    let o = s.run(&[]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("voip_info.yaml:25:15: unknown type `unsigned int33`"),
        "{err}"
    );
    assert!(err.contains("did you mean `unsigned int32`?"), "{err}");
    assert!(!s.out.exists(), "the output directory was created");

    // Nor is a crate generated before touched, even with page.yaml gone too
    // (a run that went on would remove page.rs).
    fs::write(&path, &good).unwrap();
    assert_eq!(s.run(&[]).status.code(), Some(0));
    let before = snapshot(&s.out);
    fs::write(&path, &bad).unwrap();
    fs::remove_file(s.spec.join("page.yaml")).unwrap();
    assert_eq!(s.run(&["--force"]).status.code(), Some(2));
    assert!(snapshot(&s.out) == before, "a bad spec changed the output");
}

/// `out/src` a symlink to another directory: codegen refuses (exit 1,
/// naming the link) instead of writing generated files into the target or
/// removing the stale generated files there, with or without `--force`.
#[cfg(unix)]
#[test]
fn a_symlink_inside_the_output_directory_is_refused_and_its_target_untouched() {
    let s = Sandbox::new();
    assert_eq!(s.run(&[]).status.code(), Some(0));
    // The generated sources moved elsewhere, with a stale generated file
    // (one a run would remove) added, and `out/src` pointing there.
    let elsewhere = s.out.parent().unwrap().join("elsewhere");
    fs::rename(s.file("src"), &elsewhere).unwrap();
    fs::write(
        elsewhere.join("nodes/stale.rs"),
        "// @generated by codegen from the YAML spec. Do not edit by hand.\n\
         // content-hash: cbf29ce484222325\n",
    )
    .unwrap();
    let lib = elsewhere.join("lib.rs");
    fs::write(&lib, fs::read_to_string(&lib).unwrap() + "// stale\n").unwrap();
    std::os::unix::fs::symlink(&elsewhere, s.file("src")).unwrap();
    let before = snapshot(&elsewhere);
    assert!(before.iter().any(|(p, _, _)| p.ends_with("nodes/stale.rs")));

    for extra in [&[][..], &["--force"], &["--check"]] {
        let o = s.run(extra);
        assert_eq!(o.status.code(), Some(1), "{extra:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains(&format!(
                "{}: is a symbolic link inside the output directory",
                s.file("src").display()
            )),
            "{extra:?}: {err}"
        );
        assert!(
            snapshot(&elsewhere) == before,
            "{extra:?}: the link's target changed"
        );
    }
}

/// Every file under `dir` with its content and modification time.
fn snapshot(dir: &Path) -> Vec<(PathBuf, String, std::time::SystemTime)> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let modified = fs::metadata(&path).unwrap().modified().unwrap();
                files.push((path.clone(), fs::read_to_string(&path).unwrap(), modified));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn crate_name_sets_the_package_name() {
    let s = Sandbox::new();
    assert_eq!(s.run(&["--crate-name", "my-graph"]).status.code(), Some(0));
    let manifest = fs::read_to_string(s.file("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"my-graph\""), "{manifest}");
    assert_eq!(
        s.run(&["--crate-name", "not a name"]).status.code(),
        Some(2)
    );
}

#[test]
fn works_from_any_directory_of_the_workspace() {
    // `--check` against the checked-in generated/, from a subdirectory.
    let o = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .arg("--check")
        .current_dir(workspace().join("runtime/src"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn nodes_may_leave_out_the_rows_of_a_report_run() {
    // AdAccount's insights create starts a report run (AdReportRun) whose
    // rows are AdsInsights: neither is in the subset, so the rows are JSON.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .arg("--spec")
        .arg(workspace().join("tests/specs/operations"))
        .arg("--out")
        .arg(&out)
        .arg("--runtime")
        .arg(workspace().join("runtime"))
        .args(["--nodes", "AdAccount"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let account = fs::read_to_string(out.join("src/nodes/ad_account.rs")).unwrap();
    assert!(
        account.contains("::graph_runtime::job::Submit<'c, Value, C>"),
        "{account}"
    );
}

#[test]
fn nodes_selects_a_subset_and_other_references_become_json() {
    let s = Sandbox::new();
    let o = s.run(&["--nodes", "Page"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(s.file("src/nodes/page.rs").exists());
    assert!(!s.file("src/nodes/voip_info.rs").exists());
    let page = fs::read_to_string(s.file("src/nodes/page.rs")).unwrap();
    assert!(page.contains("pub voip_info: Option<Value>,"), "{page}");
    assert!(
        page.contains("VoipInfo is not generated in this subset"),
        "{page}"
    );
    // No expansion method for a node that is not generated, and no typed
    // expansion either; an edge of one is a page of JSON values.
    assert!(!page.contains("pub fn voip_info(self)"), "{page}");
    assert!(
        !page.contains("VOIP_INFO") && !page.contains("FEED"),
        "{page}"
    );
    assert!(
        page.contains("pub feed: Option<EdgePage<Value>>,"),
        "{page}"
    );

    let o = s.run(&["--nodes", "Pag"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--nodes: the spec has no node `Pag`"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("did you mean `Page`?"),
        "{}",
        stderr(&o)
    );
}
