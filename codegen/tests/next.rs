//! `codegen --next NEW`: the IR pass ([`codegen::ir::deprecate`]) marks
//! exactly what NEW removes or retypes, and emission prints exactly those
//! attributes. On the small specs of `tests/diff_specs` (every kind of
//! change, marked in `old/spec.yaml`).

use std::path::{Path, PathBuf};

use codegen::ir::{Api, Deprecation};

fn specs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff_specs")
}

fn generate(next: Option<PathBuf>) -> codegen::Generated {
    let mut options = codegen::Options::workspace_defaults();
    options.spec_dir = specs().join("old");
    options.out_dir = std::env::temp_dir().join("codegen-next-never-written");
    options.next = next;
    codegen::generate(&options).unwrap_or_else(|d| panic!("{d}"))
}

/// Every deprecation in the IR, as `item: note` lines, sorted.
fn marked(api: &Api) -> Vec<String> {
    let mut out = Vec::new();
    let mut put = |item: String, d: &Option<Deprecation>| {
        if let Some(d) = d {
            assert_eq!(d.since, "v2.0", "{item}");
            out.push(format!("{item}: {}", d.note));
        }
    };
    for node in &api.nodes {
        put(node.name.clone(), &node.deprecated);
        for f in &node.fields {
            put(format!("{}.{}", node.name, f.wire), &f.deprecated);
        }
        for op in node.operations() {
            let name = op.method.as_str();
            put(format!("{}::{name}", node.name), &op.deprecated);
            for p in &op.params {
                put(format!("{}::{name}({})", node.name, p.wire), &p.deprecated);
            }
        }
    }
    for e in &api.enums {
        for v in &e.values {
            put(format!("{}:{}", e.name, v.wire), &v.deprecated);
        }
    }
    out.sort();
    out
}

#[test]
fn the_ir_marks_exactly_what_the_next_version_removes_or_retypes() {
    let generated = generate(Some(specs().join("new")));
    assert_eq!(
        marked(&generated.api),
        [
            "Legacy.note: removed in v2.0: `Legacy.note`",
            "Legacy: removed in v2.0: `Legacy`",
            "Legacy::read(verbose): removed in v2.0: `GET Legacy(verbose)`",
            "Legacy::read: removed in v2.0: `GET Legacy`",
            "Page.fan_count: retyped in v2.0: `string` instead of `unsigned int`",
            "Page.legacy_rank: removed in v2.0: `Page.legacy_rank`",
            // The field a listable edge adds, gone with the edge.
            "Page.old_tabs: removed in v2.0: `Page/old_tabs`",
            "Page::create_posts(message): removed in v2.0: `POST Page/posts(message)`",
            "Page::create_posts: removed in v2.0: `POST Page/posts`",
            "Page::feed: retyped in v2.0: returns `Video` instead of `Post`",
            "Page::old_tabs: removed in v2.0: `GET Page/old_tabs`",
            "Page::update(old_flag): removed in v2.0: `POST Page(old_flag)`",
            "Page::update(rank): retyped in v2.0: `string` instead of `int`",
            // `legacy_kind` is removed whole: its values are not listed.
            "post_status:ARCHIVED: removed in v2.0: `post_status:ARCHIVED`",
        ]
    );
}

#[test]
fn without_next_or_against_itself_nothing_is_deprecated() {
    for next in [None, Some(specs().join("old"))] {
        let generated = generate(next.clone());
        assert_eq!(marked(&generated.api), Vec::<String>::new(), "{next:?}");
        for (path, text) in &generated.files {
            assert!(!text.contains("deprecated"), "{}", path.display());
        }
    }
}

/// A generated file with every whitespace removed, so a check does not
/// depend on where prettyplease breaks lines.
fn file(generated: &codegen::Generated, path: &str) -> String {
    generated
        .files
        .iter()
        .find(|(p, _)| p == Path::new(path))
        .map(|(_, text)| squash(text))
        .unwrap_or_else(|| panic!("no {path}"))
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect()
}

#[test]
fn emission_prints_the_attributes_and_allows_the_lint_where_the_crate_names_them() {
    let generated = generate(Some(specs().join("new")));
    let page = file(&generated, "src/nodes/page.rs");
    let attr = |note: &str| {
        squash(&format!(
            r#"#[deprecated(since = "v2.0", note = "{note}")]"#
        ))
    };
    let has = |text: &str, want: &str| {
        assert!(text.contains(&squash(want)), "no `{want}` in:\n{text}");
    };
    let removed_rank = attr("removed in v2.0: `Page.legacy_rank`");
    // Model field, then its field-enum variant (through `field_enum!`).
    has(
        &page,
        &format!("{removed_rank} pub legacy_rank: Option<i64>,"),
    );
    has(&page, &format!("{removed_rank} LegacyRank \"legacy_rank\""));
    // A retyped field, a removed method, a retyped list, a parameter.
    let retyped = attr("retyped in v2.0: `string` instead of `unsigned int`");
    has(&page, &format!("{retyped} pub fan_count: Option<u64>,"));
    has(&page, &format!("{retyped} FanCount \"fan_count\""));
    let create = attr("removed in v2.0: `POST Page/posts`");
    has(&page, &format!("{create} pub fn create_posts("));
    let feed = attr("retyped in v2.0: returns `Video` instead of `Post`");
    has(&page, &format!("{feed} pub fn feed("));
    let flag = attr("removed in v2.0: `POST Page(old_flag)`");
    has(&page, &format!("{flag} pub old_flag: Option<bool>,"));
    // `new` names the deprecated fields.
    has(
        &page,
        "impl PageUpdateParams { /// No parameters set. #[allow(deprecated)] pub fn new()",
    );
    // The enum value.
    let enums = file(&generated, "src/enums.rs");
    let archived = attr("removed in v2.0: `post_status:ARCHIVED`");
    has(&enums, &format!("/// `ARCHIVED` {archived} Archived,"));
    // The removed node: model, handle, accessor; its module allows the
    // lint, and so do the crate's re-export and the accessor's body.
    let legacy = file(&generated, "src/nodes/legacy.rs");
    let node = attr("removed in v2.0: `Legacy`");
    has(&legacy, "#![allow(deprecated)]");
    has(
        &legacy,
        &format!("{node} #[derive(Clone, PartialEq, Default)] pub struct Legacy {{"),
    );
    has(
        &legacy,
        &format!("{node} #[derive(Debug, Clone)] pub struct LegacyRef<"),
    );
    let client = file(&generated, "src/client.rs");
    has(
        &client,
        &format!("{node} #[allow(deprecated)] pub fn legacy("),
    );
    let api = file(&generated, "src/api.rs");
    has(&api, "#[allow(deprecated)] pub use crate::nodes::legacy::{");
    // Nothing else: one attribute per marked item and its mirrors.
    let total: usize = generated
        .files
        .iter()
        .map(|(_, t)| t.matches("#[deprecated(").count())
        .sum();
    // 14 marked items; a field also marks its field-enum variant (4
    // fields), a node its handle and accessor (1 node), a read its
    // `fields` method (1), a field of nodes its nested constant (`OLD_TABS`).
    assert_eq!(total, 14 + 4 + 2 + 1 + 1, "{:#?}", generated.files);
}
