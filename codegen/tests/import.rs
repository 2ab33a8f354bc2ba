//! `codegen import`: Facebook's spec format → our YAML spec.
//!
//! - A small hand-made input (`fixtures/fb_specs/`) imports to exactly
//!   `fixtures/fb_specs.expected/` (set `UPDATE_EXPECT=1` to rewrite it and
//!   review the diff), byte-identically every time, and generates.
//! - What import writes, the loader reads back into the same structs
//!   (`load::spec`), which write it again byte-identically: one model of
//!   the spec format.
//! - Broken inputs report the file, the place and what is wrong, exit 2.
//! - Facebook's real data (`../shared/facebook-api-specs`) imports, and the
//!   result passes our own checks. Without the data the test fails under CI
//!   and is skipped, saying so, elsewhere (`support/shared_data.rs`).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use codegen::import::{self, ImportOptions};
use codegen::{Diagnostics, Options, generate, load};

#[path = "support/shared_data.rs"]
mod shared_data;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fb_specs")
}

fn expected_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fb_specs.expected")
}

fn codegen(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_codegen"));
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

/// Every file directly in `dir`, by name.
fn read_files(dir: &Path) -> BTreeMap<String, String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}

fn generate_options(spec: &Path, out: &Path) -> Options {
    Options {
        spec_dir: spec.to_path_buf(),
        out_dir: out.to_path_buf(),
        crate_name: "graph-api-imported".to_owned(),
        runtime_dir: workspace().join("runtime"),
        nodes: None,
        next: None,
    }
}

/// Loads every imported file (without its two-line stamp) and serializes
/// the loaded [`load::SpecFile`] again: it must be the same text, so the
/// structs import writes and the structs the loader reads are one model.
fn assert_round_trips(files: &[(PathBuf, String)]) {
    for (path, content) in files {
        let body = content.splitn(3, '\n').nth(2).unwrap_or_default();
        let mut d = Diagnostics::default();
        let loaded = load::load_text(path, body.to_owned(), &mut d);
        assert!(d.0.is_empty(), "{} does not load:\n{d}", path.display());
        let written = serde_yaml::to_string(&loaded).unwrap();
        assert_eq!(
            written,
            body,
            "{} reads back as something else",
            path.display()
        );
    }
}

#[test]
fn fixture_imports_to_the_expected_spec_and_generates() {
    let imported = import::import(&ImportOptions {
        input: fixture().join("specs"),
        api_version: None,
    })
    .unwrap_or_else(|d| panic!("{d}"));

    let got: BTreeMap<String, String> = imported
        .files
        .iter()
        .map(|(p, c)| (p.display().to_string(), c.clone()))
        .collect();
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        let _ = fs::remove_dir_all(expected_dir());
        fs::create_dir_all(expected_dir()).unwrap();
        for (name, content) in &got {
            fs::write(expected_dir().join(name), content).unwrap();
        }
    }
    let want = read_files(&expected_dir());
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>(),
        "file names differ from {}; UPDATE_EXPECT=1 rewrites them",
        expected_dir().display()
    );
    for (name, content) in &got {
        assert_eq!(
            content, &want[name],
            "{name} differs from the expected file; UPDATE_EXPECT=1 rewrites it"
        );
    }

    assert_round_trips(&imported.files);

    let c = imported.counts;
    assert_eq!(
        (c.nodes, c.enums, c.fields, c.edges, c.overrides),
        (6, 3, 25, 4, 8),
        "2 values set, 3 flags set (a `false` one is not), 3 elements removed by `null`"
    );
    assert_eq!(imported.api_version, "v25.0");
    let warnings: Vec<&str> = imported
        .warnings
        .0
        .iter()
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(
        warnings,
        [
            "override `$.fields[?(@.name=='gone')]` matches nothing in Shelf.json; ignored",
            "override `$.apis[?(@.endpoint=='books')]` of `Shelf` sets `allow_file_upload` on `GET books`, which is not a POST; ignored there (only a create or update takes files or goes to the video host)",
            "override `$` of `Librarian` is null, which would remove the node itself; ignored, as Facebook's generator does",
            "override `$.fields[?(@.name=='id')]` names node `Ghost`, which has no spec file; ignored",
            "GET Shelf/books: parameter `like`: `file` (an upload) is only the whole type of a parameter of a create or update (a POST); written `string`",
            "POST Shelf/books: parameter `pages`: `file` (an upload) is only the whole type of a parameter of a create or update (a POST); written `string`",
            "GET Shelf/photos: `Photo` has no spec file; kept as JSON (`Object`)",
            "field `Shelf.layout`: map keys of type `Object` are written `string` (JSON object keys are strings)",
            "field `Shelf.cover`: `Poster` has no spec file; kept as JSON (`Object`)",
            "field `Shelf.posters`: `Poster` has no spec file; kept as JSON (`Object`)",
        ]
    );
    assert!(imported.warnings.0.iter().all(|w| !w.is_error()));
    let shown = imported.warnings.to_string();
    assert!(
        shown.contains("fb_specs/specs/Shelf.json:87:36: warning: field `Shelf.cover`"),
        "{shown}"
    );

    // The imported spec generates.
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec");
    import::plan(&spec, &imported.files)
        .unwrap()
        .apply(false)
        .unwrap();
    let generated = generate(&generate_options(&spec, &dir.path().join("out")))
        .unwrap_or_else(|d| panic!("the imported fixture does not generate:\n{d}"));
    let api = &generated.api;
    let node = |name: &str| api.nodes.iter().find(|n| n.name == name).unwrap();
    let shelf = node("Shelf");
    assert!(shelf.read.is_some() && shelf.update.is_some() && shelf.delete.is_some());
    let edges: Vec<&str> = shelf.edges.iter().map(|e| e.wire.as_str()).collect();
    assert_eq!(edges, ["books", "items", "photos", "reports"]);
    let books = &shelf.edges[0];
    assert!(
        books.list.is_some() && books.create.is_some() && books.delete.is_none(),
        "`null` removed DELETE Shelf/books"
    );
    // SDKCodegen.json's flags: `scan` is a file (`cover` was one already),
    // `pages` (`list<file>`) and GET's `like` (`file`) are not; the create
    // takes attached files, the list does not; reports go to the video host.
    let types = |op: &codegen::ir::Operation| -> Vec<(String, codegen::ir::Type)> {
        op.params
            .iter()
            .map(|p| (p.wire.clone(), p.ty.clone()))
            .collect()
    };
    use codegen::ir::Type;
    let create = books.create.as_ref().unwrap();
    assert_eq!(
        types(create)[2..],
        [
            ("cover".to_owned(), Type::File),
            ("scan".to_owned(), Type::File),
            ("pages".to_owned(), Type::List(Box::new(Type::String))),
        ]
    );
    assert!(create.attached_files.is_some() && !create.video_host);
    let list = books.list.as_ref().unwrap();
    assert!(types(list).contains(&("like".to_owned(), Type::String)));
    assert!(list.attached_files.is_none());
    let reports = shelf.edges[3].create.as_ref().unwrap();
    assert!(reports.video_host && reports.attached_files.is_none());
    assert_eq!(
        types(reports),
        [("since".to_owned(), Type::DateTime)],
        "`is_file_param: false` is ignored"
    );
    let update: Vec<&str> = shelf
        .update
        .as_ref()
        .unwrap()
        .params
        .iter()
        .map(|p| p.wire.as_str())
        .collect();
    assert_eq!(update, ["name"], "`null` removed the parameter `cover`");
    let librarian = node("Librarian");
    assert!(
        librarian.read.is_none(),
        "a node without #get is not readable"
    );
    let book = node("Book");
    assert!(book.read.is_some() && book.delete.is_some() && book.update.is_none());
    assert!(
        !book.fields.iter().any(|f| f.wire == "in_print"),
        "`null` removed the field `in_print`"
    );
    let genre = api.enums.iter().find(|e| e.name == "Shelf_genre").unwrap();
    let values: Vec<&str> = genre.values.iter().map(|v| v.wire.as_str()).collect();
    assert_eq!(
        values,
        ["FICTION", "NON_FICTION", "null", "yes", "1.0", ""],
        "values YAML could misread survive exactly"
    );
}

#[test]
fn the_cli_imports_byte_identically_and_protects_hand_edits() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("fb");
    copy_dir(&fixture(), &input);
    let specs = input.join("specs");
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));

    let o = codegen(&[&"import", &specs, &"--out", &a]);
    assert!(o.status.success(), "{}", stderr(&o));
    let line = stdout(&o);
    assert_eq!(line.lines().count(), 1, "{line}");
    assert!(
        line.starts_with(
            "codegen import: 6 nodes, 3 enums, 25 fields, 4 edges, 8 overrides, 10 warnings in "
        ),
        "{line}"
    );
    assert!(line.contains("7 written, 0 unchanged, 0 removed"), "{line}");
    let o = codegen(&[&"import", &specs, &"--out", &b]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(read_files(&a), read_files(&b), "two imports differ");

    // Rerun: nothing to write.
    let o = codegen(&[&"import", &specs, &"--out", &a]);
    assert!(
        stdout(&o).contains("0 written, 7 unchanged, 0 removed"),
        "{}",
        stdout(&o)
    );

    // The spec generates through the CLI.
    let out = dir.path().join("out");
    let o = codegen(&[
        &"--spec",
        &a,
        &"--out",
        &out,
        &"--runtime",
        &workspace().join("runtime"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));

    // A file edited by hand is not overwritten without --force.
    let shelf = a.join("shelf.yaml");
    let edited = fs::read_to_string(&shelf)
        .unwrap()
        .replace("capacity", "size");
    fs::write(&shelf, &edited).unwrap();
    let o = codegen(&[&"import", &specs, &"--out", &a]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("shelf.yaml: was edited by hand"),
        "{}",
        stderr(&o)
    );
    assert_eq!(fs::read_to_string(&shelf).unwrap(), edited);
    let o = codegen(&[&"import", &specs, &"--out", &a, &"--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(read_files(&a), read_files(&b));

    // A node gone from the input is removed from the spec.
    fs::remove_file(specs.join("Librarian.json")).unwrap();
    let text = fs::read_to_string(specs.join("Shelf.json"))
        .unwrap()
        .replace("\"Librarian\"", "\"string\"");
    fs::write(specs.join("Shelf.json"), text).unwrap();
    let o = codegen(&[&"import", &specs, &"--out", &a]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("1 removed"), "{}", stdout(&o));
    assert!(!a.join("librarian.yaml").exists());
}

/// A temporary input directory: `version.txt`, `enum_types.json` and the given files.
fn broken_input(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("version.txt"), "v25.0\n").unwrap();
    fs::write(
        dir.path().join("enum_types.json"),
        r#"[{"name": "Thing_status", "node": "Thing", "field_or_param": "status", "values": ["ON", "OFF"]}]"#,
    )
    .unwrap();
    for (name, text) in files {
        fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// Imports `files`; it must fail with exit 2, without panicking, and say each of `expected`.
fn assert_rejected(files: &[(&str, &str)], expected: &[&str]) {
    let input = broken_input(files);
    let out = input.path().join("out");
    let o = codegen(&[&"import", &input.path(), &"--out", &out]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    for e in expected {
        assert!(err.contains(e), "expected {e:?} in:\n{err}");
    }
    assert!(err.contains("nothing was written"), "{err}");
    assert!(!out.exists(), "nothing may be written");
}

#[test]
fn not_json_is_reported_with_line_and_column() {
    assert_rejected(
        &[(
            "Thing.json",
            "{\n  \"fields\": [\n    {\"name\": \"a\", \"type\": \"string\"},\n  ]\n}\n",
        )],
        &["Thing.json:4:3: not JSON: trailing comma", " 4 |   ]"],
    );
    assert_rejected(
        &[("Thing.json", "{\"fields\": \"a\"}")],
        &["Thing.json:1:14: not the expected shape: invalid type: string \"a\""],
    );
    assert_rejected(&[("Thing.json", "")], &["Thing.json:1:1: not JSON: EOF"]);
}

#[test]
fn a_field_without_type_is_reported() {
    assert_rejected(
        &[(
            "Thing.json",
            "{\"fields\": [\n  {\"name\": \"id\", \"type\": \"string\"},\n  {\"name\": \"status\"}\n]}",
        )],
        &["Thing.json:3:3: field `Thing.status` has no `type`"],
    );
}

#[test]
fn unknown_and_malformed_types_are_reported() {
    assert_rejected(
        &[(
            "Thing.json",
            r#"{"fields": [{"name": "n", "type": "integer"}, {"name": "m", "type": "list<string"}, {"name": "b", "type": "bool"}]}"#,
        )],
        &[
            "Thing.json:1:35: field `Thing.n`: unknown type `integer`",
            "Thing.json:1:69: field `Thing.m`: malformed type `list<string`: expected `>` to close `list<`, found the end",
        ],
    );
    assert_rejected(
        &[(
            "Thing.json",
            r#"{"fields": [], "apis": [{"method": "GET", "endpoint": "e", "return": "Object", "params": [{"name": "p", "type": "boool"}]}]}"#,
        )],
        &[
            "GET Thing/e: parameter `p`: unknown type `boool`",
            "hint: did you mean `bool`?",
        ],
    );
}

#[test]
fn a_missing_enum_is_told_apart_from_a_node_without_spec() {
    assert_rejected(
        &[(
            "Thing.json",
            r#"{"fields": [{"name": "s", "type": "Thing_status"}, {"name": "k", "type": "list<thing_kind_enum_param>"}, {"name": "m", "type": "Media"}]}"#,
        )],
        &[
            "Thing.json:1:74: field `Thing.k`: type `thing_kind_enum_param` is an enum (its name has `_`), and enum_types.json does not define it",
        ],
    );
    // `Media` alone is only a warning.
    let input = broken_input(&[(
        "Thing.json",
        r#"{"fields": [{"name": "m", "type": "Media"}]}"#,
    )]);
    let o = codegen(&[
        &"import",
        &input.path(),
        &"--out",
        &input.path().join("out"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "warning: field `Thing.m`: `Media` has no spec file; kept as JSON (`Object`)"
        )
    );
}

#[test]
fn duplicates_and_missing_keys_are_reported() {
    assert_rejected(
        &[(
            "Thing.json",
            r#"{"fields": [{"name": "a", "type": "string"}, {"name": "a", "type": "int"}]}"#,
        )],
        &[
            "Thing.json:1:55: duplicate field `a` in `Thing`",
            "note: first defined here",
        ],
    );
    assert_rejected(
        &[
            ("Thing.json", r#"{"fields": []}"#),
            (
                "enum_types.json",
                r#"[{"name": "a_b", "values": ["X"]}, {"name": "a_b", "values": ["Y"]}, {"name": "c_d", "values": []}]"#,
            ),
        ],
        &[
            "enum_types.json:1:45: duplicate enum `a_b`",
            "enum_types.json:1:96: enum `c_d` has no values",
        ],
    );
    assert_rejected(
        &[(
            "Thing.json",
            r##"{"fields": [], "apis": [{"name": "#get", "method": "GET", "return": "Thing", "params": []}, {"name": "#get", "method": "GET", "return": "Thing", "params": []}, {"method": "GET", "return": "Object"}]}"##,
        )],
        &[
            "`#get` of `Thing`: a second `read` (GET /{id}) for `Thing` (the first is API #1)",
            "GET Thing: an API needs an `endpoint` or a `name` of #get, #update or #delete",
        ],
    );
    assert_rejected(
        &[("Not-A-Node.json", "{}")],
        &["`Not-A-Node` is not a node name"],
    );
}

/// A control character in any name Facebook's JSON gives (a field, a
/// parameter, an edge's endpoint, an enum and its values) is an error at its
/// position, never a name in the spec (where a line break followed by a
/// fence would open a doctest in the generated crate).
#[test]
fn names_with_control_characters_are_reported_with_positions() {
    assert_rejected(
        &[
            (
                "Thing.json",
                r#"{"fields": [{"name": "ok", "type": "string"}, {"name": "a\n```\nassert!(false);\n```", "type": "string"}],
"apis": [{"method": "GET", "endpoint": "feed\r~~~", "return": "Object", "params": []},
 {"method": "GET", "endpoint": "e", "return": "Object", "params": [{"name": "p\tq", "type": "string"}]}]}"#,
            ),
            (
                "enum_types.json",
                r#"[{"name": "a_b\u0000", "values": ["X"]}, {"name": "c_d", "values": ["Y", "Z\u001b[31m"]}]"#,
            ),
        ],
        &[
            r#"Thing.json:1:56: field name "a\n```\nassert!(false);\n```" has a control character (U+000A)"#,
            r#"Thing.json:2:40: endpoint (edge) name "feed\r~~~" has a control character (U+000D)"#,
            r#"Thing.json:3:77: GET Thing/e: parameter name "p\tq" has a control character (U+0009)"#,
            r#"enum_types.json:1:11: enum name "a_b\0" has a control character (U+0000)"#,
            r#"enum_types.json:1:74: enum `c_d`: value name "Z\u{1b}[31m" has a control character (U+001B)"#,
            "hint: names are one line of printable text",
        ],
    );
}

#[test]
fn the_api_version_comes_from_version_txt_or_the_flag() {
    let input = broken_input(&[("Thing.json", r#"{"fields": []}"#)]);
    fs::remove_file(input.path().join("version.txt")).unwrap();
    let out = input.path().join("out");
    let o = codegen(&[&"import", &input.path(), &"--out", &out]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no version.txt"), "{}", stderr(&o));
    assert!(stderr(&o).contains("hint: pass it: --api-version v25.0"));
    let o = codegen(&[
        &"import",
        &input.path(),
        &"--out",
        &out,
        &"--api-version",
        &"v7.1",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        fs::read_to_string(out.join("enums.yaml"))
            .unwrap()
            .contains("api_version: v7.1")
    );

    fs::write(input.path().join("version.txt"), "v25.0").unwrap();
    let o = codegen(&[
        &"import",
        &input.path(),
        &"--out",
        &out,
        &"--api-version",
        &"v7.1",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--api-version v7.1 disagrees with"),
        "{}",
        stderr(&o)
    );

    // The top-level flags still belong to generation only.
    let o = codegen(&[&"--check", &"import", &input.path()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

/// Facebook's real data: every node and enum imports, and our checks pass.
#[test]
fn facebook_specs_import_and_pass_our_checks() {
    let Some(specs) =
        shared_data::shared_dir("facebook-api-specs/specs", "the import of Facebook's specs")
    else {
        return;
    };
    let start = Instant::now();
    let imported = import::import(&ImportOptions {
        input: specs.clone(),
        api_version: None,
    })
    .unwrap_or_else(|d| panic!("Facebook's specs do not import:\n{d}"));
    let import_time = start.elapsed();
    let c = imported.counts;
    eprintln!(
        "import: {} nodes, {} enums, {} fields, {} edges, {} overrides, {} warnings in {:.0} ms (read {:.0}, convert {:.0}, render {:.0})",
        c.nodes,
        c.enums,
        c.fields,
        c.edges,
        c.overrides,
        imported.warnings.0.len(),
        import_time.as_secs_f64() * 1000.0,
        imported.timings.read.as_secs_f64() * 1000.0,
        imported.timings.convert.as_secs_f64() * 1000.0,
        imported.timings.render.as_secs_f64() * 1000.0,
    );

    // What Facebook's files hold, read independently.
    let fb_nodes: BTreeMap<String, serde_json::Value> = fs::read_dir(&specs)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json")
                && p.file_name().is_some_and(|n| n != "enum_types.json")
        })
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            let json = serde_json::from_str(&fs::read_to_string(&p).unwrap()).unwrap();
            (name, json)
        })
        .collect();
    let fb_enums: Vec<serde_json::Value> =
        serde_json::from_str(&fs::read_to_string(specs.join("enum_types.json")).unwrap()).unwrap();
    // Every node of Facebook's, and `AdImageUpload`, which the importer
    // adds (`import/shapes.rs`).
    assert!(!fb_nodes.contains_key("AdImageUpload"));
    assert_eq!(c.nodes, fb_nodes.len() + 1);
    assert_eq!(c.enums, fb_enums.len());
    assert!(imported.warnings.0.iter().all(|w| !w.is_error()));
    assert_round_trips(&imported.files);

    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec");
    let start = Instant::now();
    import::plan(&spec, &imported.files)
        .unwrap()
        .apply(false)
        .unwrap();
    let write_time = start.elapsed();
    let start = Instant::now();
    let generated = generate(&generate_options(&spec, &dir.path().join("out")))
        .unwrap_or_else(|d| panic!("the imported spec does not pass our checks:\n{d}"));
    eprintln!(
        "write {:.0} ms; generate (in memory) {:.0} ms:\n{}",
        write_time.as_secs_f64() * 1000.0,
        start.elapsed().as_secs_f64() * 1000.0,
        generated.timings
    );
    let api = &generated.api;

    // Every node with its fields' wire names in Facebook's order (then its
    // listable edges, which Graph returns inline too), every enum with its
    // values exactly: nothing was lost or renamed in YAML.
    assert_eq!(api.nodes.len(), fb_nodes.len() + 1);
    let mut edge_fields = 0;
    for node in &api.nodes {
        let Some(fb) = fb_nodes.get(&node.name) else {
            assert_eq!(node.name, "AdImageUpload");
            continue;
        };
        let mut want: Vec<&str> = fb["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        for edge in node.edges.iter().filter(|e| e.list.is_some()) {
            if !want.contains(&edge.wire.as_str()) {
                want.push(&edge.wire);
                edge_fields += 1;
            }
        }
        let got: Vec<&str> = node.fields.iter().map(|f| f.wire.as_str()).collect();
        assert_eq!(got, want, "fields of {}", node.name);
        let has_get = fb["apis"]
            .as_array()
            .is_some_and(|apis| apis.iter().any(|a| a["name"] == "#get"));
        assert_eq!(node.read.is_some(), has_get, "readability of {}", node.name);
    }
    let edges: usize = api.nodes.iter().map(|n| n.edges.len()).sum();
    let fields: usize = api.nodes.iter().map(|n| n.fields.len()).sum();
    assert_eq!((edges, fields), (c.edges, c.fields + edge_fields));

    // SDKCodegen.json's upload flags, and the shape of an image upload.
    use codegen::ir::Type;
    let index = |name: &str| api.nodes.iter().position(|n| n.name == name).unwrap();
    let node_named = |name: &str| &api.nodes[index(name)];
    let account = node_named("AdAccount");
    let create = |edge: &str| {
        account
            .edges
            .iter()
            .find(|e| e.wire == edge)
            .and_then(|e| e.create.as_ref())
            .unwrap_or_else(|| panic!("AdAccount/{edge} has no create"))
    };
    let param_type = |op: &codegen::ir::Operation, name: &str| {
        op.params
            .iter()
            .find(|p| p.wire == name)
            .map(|p| p.ty.clone())
            .unwrap_or_else(|| panic!("no parameter {name}"))
    };
    let advideos = create("advideos");
    assert!(advideos.video_host, "use_graph_video_endpoint");
    assert!(advideos.attached_files.is_some(), "allow_file_upload");
    assert_eq!(param_type(advideos, "source"), Type::File);
    assert_eq!(param_type(advideos, "video_file_chunk"), Type::File);
    assert_eq!(
        param_type(advideos, "thumb"),
        Type::File,
        "Facebook's own `file`"
    );
    let adimages = create("adimages");
    assert!(adimages.attached_files.is_some() && !adimages.video_host);
    let upload = node_named("AdImageUpload");
    assert_eq!(adimages.returns, Type::Node(index("AdImageUpload")));
    let images: Vec<(&str, &Type)> = upload
        .fields
        .iter()
        .map(|f| (f.wire.as_str(), &f.ty))
        .collect();
    assert_eq!(
        images,
        [(
            "images",
            &Type::Map(
                Box::new(Type::String),
                Box::new(Type::Node(index("AdImage")))
            )
        )]
    );
    let ads = create("ads");
    assert!(ads.attached_files.is_some() && !ads.video_host);
    let documents = node_named("Business")
        .edges
        .iter()
        .find(|e| e.wire == "self_certify_whatsapp_business")
        .and_then(|e| e.create.as_ref())
        .unwrap();
    assert_eq!(
        param_type(documents, "business_documents"),
        Type::List(Box::new(Type::String)),
        "`list<file>` is no upload in our format"
    );
    // Each of Facebook's enums is there, by its name or as an alias of the
    // shared enum with the same values (in the first such enum's order).
    let ours: BTreeMap<&str, Vec<&str>> = api
        .enums
        .iter()
        .flat_map(|e| {
            let values = sorted(e.values.iter().map(|v| v.wire.as_str()).collect());
            std::iter::once(e.name.as_str())
                .chain(e.aliases.iter().map(|a| a.name.as_str()))
                .map(move |name| (name, values.clone()))
        })
        .collect();
    for e in &fb_enums {
        let name = e["name"].as_str().unwrap();
        let values: Vec<&str> = e["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(
            ours.get(name),
            Some(&sorted(values)),
            "values of enum {name}"
        );
    }
    assert_eq!(ours.len(), fb_enums.len(), "every enum, once");
    let distinct: std::collections::BTreeSet<&Vec<&str>> = ours.values().collect();
    assert_eq!(
        api.enums.len(),
        distinct.len(),
        "one enum per set of values"
    );
    println!(
        "{} spec enums as {} shared enums",
        fb_enums.len(),
        api.enums.len()
    );
}

fn sorted(mut values: Vec<&str>) -> Vec<&str> {
    values.sort_unstable();
    values.dedup();
    values
}

#[test]
fn facebook_specs_absent_fail_under_ci_and_are_skipped_otherwise() {
    shared_data::assert_absent_data_fails_under_ci("facebook_specs_import_and_pass_our_checks");
}
