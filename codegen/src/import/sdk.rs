//! Facebook's own patches: `SDKCodegen.json`'s `spec_overriding`.
//!
//! Only overrides that change what the API *is* are applied:
//!
//! - an object setting `return` (what an API returns) or `type` (of a field
//!   or parameter) sets it on every element the selector matches;
//! - three SDK flags, when `true`, on every element the selector matches:
//!   `is_file_param` on a parameter makes its type `file` (an upload),
//!   `allow_file_upload` on a POST API becomes `attach_files: true` (it also
//!   takes files under their own file names), `use_graph_video_endpoint` on
//!   a POST API becomes `video_host: true` (sent to
//!   `graph-video.facebook.com`). `false` is the flag's absence and ignored;
//!   a value that is not a boolean is a warning, as a `return` or `type`
//!   that is not a string is. A flag on something it does not apply to (an
//!   `is_file_param` on an API, `allow_file_upload` on a GET) is a warning
//!   and ignored there;
//! - `null` removes every element the selector matches (older files use it,
//!   for example to drop `AdAccount`'s `advideos` parameter `source`).
//!
//! The other keys of an object are flags for Facebook's SDK generators
//! (`not_visible`, `preferred_creation_endpoint`, `allow_file_param`…) and
//! are ignored, as are overrides made only of them. Overrides of a node are
//! applied in file order, as Facebook's generator does. An override whose
//! selector matches nothing, or names a node with no spec file, is a warning
//! naming it: the data moved under it. So is `null` on `$` (the node as a
//! whole), which Facebook's generator ignores too, and a value that is
//! neither an object nor `null`.

use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::import::fb::{Api, Field, Node, NodeFile, Param, Parsed, SDK_FILE, Sdk};
use crate::import::locate::{self, Step};
use crate::import::selector::{self, Target, Test};

/// Keys of a patch whose (string) value the importer sets.
const APPLIED: &[&str] = &["return", "type"];

/// SDK flags the importer honours when they are `true`.
const FLAGS: &[&str] = &[
    "is_file_param",
    "allow_file_upload",
    "use_graph_video_endpoint",
];

/// One key of a patch that is applied.
#[derive(Clone, Copy)]
enum Change<'a> {
    /// `return` or `type`, set to this text.
    Set(&'a str, &'a str),
    /// One of [`FLAGS`], `true`.
    Flag(&'a str),
}

impl Change<'_> {
    fn key(&self) -> &str {
        match self {
            Change::Set(key, _) | Change::Flag(key) => key,
        }
    }
}

/// What one override does.
enum Edit<'a> {
    /// Apply these changes.
    Set(Vec<Change<'a>>),
    /// `null`: remove what the selector matches.
    Remove,
}

/// Applies the overrides to the node files; returns how many changes were
/// made (values set plus elements removed).
pub(crate) fn apply(sdk: &Parsed<Sdk>, nodes: &mut [NodeFile], d: &mut Diagnostics) -> usize {
    let Some(overriding) = &sdk.value.spec_overriding else {
        return 0;
    };
    let mut applied = 0;
    for (node_name, overrides) in &overriding.0 {
        for (selector_text, value) in &overrides.0 {
            let at = locate::key_span(
                &sdk.file,
                &[
                    Step::Key("spec_overriding"),
                    Step::Key(node_name),
                    Step::Key(selector_text),
                ],
            );
            let warn = |d: &mut Diagnostics, message: String| {
                d.push(Diagnostic {
                    severity: Severity::Warning,
                    span: at.clone(),
                    message: if at.is_some() {
                        message
                    } else {
                        format!("{SDK_FILE}: {message}")
                    },
                    hint: None,
                    related: Vec::new(),
                });
            };
            let edit = match value {
                serde_json::Value::Null => Edit::Remove,
                serde_json::Value::Object(patch) => {
                    let mut changes: Vec<Change> = Vec::new();
                    for (key, value) in patch {
                        if APPLIED.contains(&key.as_str()) {
                            match value.as_str() {
                                Some(text) => changes.push(Change::Set(key, text)),
                                None => warn(
                                    d,
                                    format!(
                                        "override `{selector_text}` of `{node_name}`: `{key}` is not a string; ignored"
                                    ),
                                ),
                            }
                        } else if FLAGS.contains(&key.as_str()) {
                            match value.as_bool() {
                                Some(true) => changes.push(Change::Flag(key)),
                                Some(false) => {}
                                None => warn(
                                    d,
                                    format!(
                                        "override `{selector_text}` of `{node_name}`: `{key}` is not a boolean; ignored"
                                    ),
                                ),
                            }
                        }
                    }
                    if changes.is_empty() {
                        continue;
                    }
                    Edit::Set(changes)
                }
                _ => {
                    warn(
                        d,
                        format!(
                            "override `{selector_text}` of `{node_name}` is neither an object nor null; ignored"
                        ),
                    );
                    continue;
                }
            };
            let Ok(index) = nodes.binary_search_by(|n| n.name.as_str().cmp(node_name)) else {
                warn(
                    d,
                    format!(
                        "override `{selector_text}` names node `{node_name}`, which has no spec file; ignored"
                    ),
                );
                continue;
            };
            let target = match selector::parse(selector_text) {
                Ok(target) => target,
                Err(e) => {
                    warn(
                        d,
                        format!("override `{selector_text}` of `{node_name}`: {e}; ignored"),
                    );
                    continue;
                }
            };
            let node = &mut nodes[index].spec.value;
            let matches_nothing = || {
                format!("override `{selector_text}` matches nothing in {node_name}.json; ignored")
            };
            match edit {
                Edit::Remove => match remove_target(node, &target) {
                    Some(0) => warn(d, matches_nothing()),
                    Some(n) => applied += n,
                    None => warn(
                        d,
                        format!(
                            "override `$` of `{node_name}` is null, which would remove the node itself; ignored, as Facebook's generator does"
                        ),
                    ),
                },
                Edit::Set(changes) => {
                    for change in changes {
                        let key = change.key();
                        match patch_target(node, &target, change) {
                            Ok(patched) => {
                                for api in &patched.not_post {
                                    warn(
                                        d,
                                        format!(
                                            "override `{selector_text}` of `{node_name}` sets `{key}` on {api}, which is not a POST; ignored there (only a create or update takes files or goes to the video host)"
                                        ),
                                    );
                                }
                                if patched.count == 0 && patched.not_post.is_empty() {
                                    warn(d, matches_nothing());
                                }
                                applied += patched.count;
                            }
                            Err(what) => warn(
                                d,
                                format!(
                                    "override `{selector_text}` of `{node_name}` sets `{key}` on {what}, which has none; ignored"
                                ),
                            ),
                        }
                    }
                }
            }
        }
    }
    applied
}

/// What [`patch_target`] did.
#[derive(Default)]
struct Patched {
    /// Elements changed.
    count: usize,
    /// APIs a POST-only flag matched that are not POSTs (`GET Thing/videos`).
    not_post: Vec<String>,
}

/// Applies `change` to everything the target picks; what was changed, or
/// what the target is when the change does not apply to it.
fn patch_target(
    node: &mut Node,
    target: &Target,
    change: Change<'_>,
) -> Result<Patched, &'static str> {
    let set = |slot: &mut Option<String>, value: &str| *slot = Some(value.to_owned());
    let mut patched = Patched::default();
    match (target, change) {
        (Target::Fields(tests), Change::Set("type", value)) => {
            for field in node.fields.iter_mut().flatten() {
                if tests.iter().all(|t| field_has(field, t)) {
                    set(&mut field.ty, value);
                    patched.count += 1;
                }
            }
        }
        (Target::Apis(tests), Change::Set("return", value)) => {
            for api in node.apis.iter_mut().flatten() {
                if tests.iter().all(|t| api_has(api, t)) {
                    set(&mut api.returns, value);
                    patched.count += 1;
                }
            }
        }
        (
            Target::Apis(tests),
            Change::Flag(flag @ ("allow_file_upload" | "use_graph_video_endpoint")),
        ) => {
            for api in node.apis.iter_mut().flatten() {
                if !tests.iter().all(|t| api_has(api, t)) {
                    continue;
                }
                if api.method.as_deref() != Some("POST") {
                    patched.not_post.push(describe(api));
                    continue;
                }
                if flag == "allow_file_upload" {
                    api.allow_file_upload = true;
                } else {
                    api.use_graph_video_endpoint = true;
                }
                patched.count += 1;
            }
        }
        (
            Target::Params(api_tests, param_tests),
            Change::Set("type", _) | Change::Flag("is_file_param"),
        ) => {
            let value = match change {
                Change::Set(_, value) => value,
                Change::Flag(_) => "file",
            };
            for api in node.apis.iter_mut().flatten() {
                if !api_tests.iter().all(|t| api_has(api, t)) {
                    continue;
                }
                for param in api.params.iter_mut().flatten() {
                    if param_tests.iter().all(|t| param_has(param, t)) {
                        set(&mut param.ty, value);
                        patched.count += 1;
                    }
                }
            }
        }
        (Target::Root, _) => return Err("the node as a whole"),
        (Target::Fields(_), _) => return Err("a field"),
        (Target::Apis(_), _) => return Err("an API"),
        (Target::Params(..), _) => return Err("a parameter"),
    }
    Ok(patched)
}

/// An API as a warning names it: `` `GET videos` ``, `` `DELETE #delete` ``.
fn describe(api: &Api) -> String {
    let method = api.method.as_deref().unwrap_or("(no method)");
    let place = match (api.endpoint.as_deref(), api.name.as_deref()) {
        (Some(endpoint), _) if !endpoint.is_empty() => endpoint,
        (_, Some(name)) => name,
        _ => "(the node)",
    };
    format!("`{method} {place}`")
}

/// Removes every element the target picks; the number removed, or `None`
/// for the node as a whole. (Facebook's generator removes matches by index
/// one after the other, so a second match in the same list is off by one;
/// this does what the file means.)
fn remove_target(node: &mut Node, target: &Target) -> Option<usize> {
    fn remove<T>(items: &mut Option<Vec<T>>, matches: impl Fn(&T) -> bool) -> usize {
        let Some(items) = items else { return 0 };
        let before = items.len();
        items.retain(|item| !matches(item));
        before - items.len()
    }
    let removed = match target {
        Target::Root => return None,
        Target::Fields(tests) => {
            remove(&mut node.fields, |f| tests.iter().all(|t| field_has(f, t)))
        }
        Target::Apis(tests) => remove(&mut node.apis, |a| tests.iter().all(|t| api_has(a, t))),
        Target::Params(api_tests, param_tests) => node
            .apis
            .iter_mut()
            .flatten()
            .filter(|api| api_tests.iter().all(|t| api_has(api, t)))
            .map(|api| {
                remove(&mut api.params, |p| {
                    param_tests.iter().all(|t| param_has(p, t))
                })
            })
            .sum(),
    };
    Some(removed)
}

fn equals(slot: &Option<String>, test: &Test) -> bool {
    slot.as_deref() == Some(test.value.as_str())
}

fn field_has(field: &Field, test: &Test) -> bool {
    match test.property.as_str() {
        "name" => equals(&field.name, test),
        "type" => equals(&field.ty, test),
        _ => false,
    }
}

fn api_has(api: &Api, test: &Test) -> bool {
    match test.property.as_str() {
        "method" => equals(&api.method, test),
        "endpoint" => equals(&api.endpoint, test),
        "name" => equals(&api.name, test),
        "return" => equals(&api.returns, test),
        _ => false,
    }
}

fn param_has(param: &Param, test: &Test) -> bool {
    match test.property.as_str() {
        "name" => equals(&param.name, test),
        "type" => equals(&param.ty, test),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;
    use crate::diagnostic::SourceFile;

    fn parsed<T: serde::de::DeserializeOwned>(path: &str, text: &str) -> Parsed<T> {
        Parsed {
            value: serde_json::from_str(text).unwrap_or_else(|e| panic!("{path}: {e}")),
            file: Arc::new(SourceFile {
                path: PathBuf::from(path),
                text: text.to_owned(),
            }),
        }
    }

    const THING: &str = r##"{
        "fields": [
            {"name": "id", "type": "string"},
            {"name": "count", "type": "int"},
            {"name": "title", "type": "string"}
        ],
        "apis": [
            {"method": "POST", "endpoint": "videos", "return": "Object", "params": [
                {"name": "source", "type": "file"}, {"name": "title", "type": "string"}
            ]},
            {"method": "GET", "endpoint": "videos", "return": "Video", "params": [
                {"name": "source", "type": "string"}
            ]},
            {"name": "#delete", "method": "DELETE", "return": "Object", "params": []}
        ]
    }"##;

    /// Applies `overrides` (the selectors of node `Thing`) to [`THING`]:
    /// the count, the node after, and the warnings.
    fn apply_to_thing(overrides: &str) -> (usize, Node, Vec<String>) {
        let sdk: Parsed<Sdk> = parsed(
            "SDKCodegen.json",
            &format!(r#"{{"spec_overriding": {{"Thing": {overrides}}}}}"#),
        );
        let mut nodes = vec![NodeFile {
            name: "Thing".to_owned(),
            spec: parsed("Thing.json", THING),
        }];
        let mut d = Diagnostics::default();
        let count = apply(&sdk, &mut nodes, &mut d);
        assert!(!d.has_errors(), "{d}");
        let warnings = d.0.iter().map(|w| w.message.clone()).collect();
        (count, nodes.remove(0).spec.value, warnings)
    }

    fn names<T>(items: &Option<Vec<T>>, name: impl Fn(&T) -> &Option<String>) -> Vec<&str> {
        items
            .iter()
            .flatten()
            .map(|item| name(item).as_deref().unwrap_or("?"))
            .collect()
    }

    fn params(node: &Node, api: usize) -> Vec<&str> {
        names(&node.apis.as_ref().unwrap()[api].params, |p| &p.name)
    }

    #[test]
    fn null_removes_every_element_the_selector_matches() {
        let (count, node, warnings) = apply_to_thing(
            r##"{
                "$.fields[?(@.type=='string')]": null,
                "$.apis[?(@.name=='#delete')]": null,
                "$.apis[?(@.endpoint=='videos')]['params'][?(@.name=='source')]": null
            }"##,
        );
        assert_eq!(warnings, Vec::<String>::new());
        assert_eq!(count, 2 + 1 + 2);
        assert_eq!(names(&node.fields, |f| &f.name), ["count"]);
        let apis: Vec<_> = names(&node.apis, |a| &a.endpoint);
        assert_eq!(apis, ["videos", "videos"], "#delete is gone");
        assert_eq!(
            (params(&node, 0), params(&node, 1)),
            (vec!["title"], vec![])
        );

        let (count, node, _) =
            apply_to_thing(r#"{"$.apis[?(@.method=='POST')].params[?(@.name=='title')]": null}"#);
        assert_eq!(count, 1);
        assert_eq!(
            (params(&node, 0), params(&node, 1)),
            (vec!["source"], vec!["source"])
        );
    }

    #[test]
    fn overrides_apply_in_file_order() {
        let remove = r#""$.apis[?(@.method=='POST')].params[?(@.name=='source')]": null"#;
        let set =
            r#""$.apis[?(@.method=='POST')]['params'][?(@.name=='source')]": {"type": "string"}"#;
        // Removed first, the parameter is not there to be set.
        let (count, node, warnings) = apply_to_thing(&format!("{{{remove}, {set}}}"));
        assert_eq!((count, params(&node, 0)), (1, vec!["title"]));
        assert_eq!(
            warnings,
            [
                "override `$.apis[?(@.method=='POST')]['params'][?(@.name=='source')]` matches nothing in Thing.json; ignored"
            ]
        );
        // Set first, then removed: both apply.
        let (count, node, warnings) = apply_to_thing(&format!("{{{set}, {remove}}}"));
        assert_eq!((count, params(&node, 0)), (2, vec!["title"]));
        assert_eq!(warnings, Vec::<String>::new());
        // A repeated selector keeps its first place and its last value.
        let (count, node, warnings) = apply_to_thing(&format!(
            r#"{{{remove}, {set}, "$.apis[?(@.method=='POST')].params[?(@.name=='source')]": {{"type": "int"}}}}"#
        ));
        assert_eq!((count, params(&node, 0)), (2, vec!["source", "title"]));
        assert_eq!(
            node.apis.as_ref().unwrap()[0].params.as_ref().unwrap()[0]
                .ty
                .as_deref(),
            Some("string"),
            "`int` is set first, then `string`"
        );
        assert_eq!(warnings, Vec::<String>::new());
    }

    #[test]
    fn null_on_the_node_or_on_nothing_and_other_values_are_warnings() {
        let (count, node, warnings) = apply_to_thing(
            r#"{
                "$": null,
                "$.fields[?(@.name=='gone')]": null,
                "$.fields[?(@.name=='id')]": "string",
                "$.fields[?(@.name=='count')]": [],
                "$.fields[0]": null
            }"#,
        );
        assert_eq!(count, 0);
        assert_eq!(names(&node.fields, |f| &f.name), ["id", "count", "title"]);
        assert_eq!(
            warnings,
            [
                "override `$` of `Thing` is null, which would remove the node itself; ignored, as Facebook's generator does",
                "override `$.fields[?(@.name=='gone')]` matches nothing in Thing.json; ignored",
                "override `$.fields[?(@.name=='id')]` of `Thing` is neither an object nor null; ignored",
                "override `$.fields[?(@.name=='count')]` of `Thing` is neither an object nor null; ignored",
                "override `$.fields[0]` of `Thing`: expected `.name`, `['name']` or the end, found `[` (at character 9); ignored",
            ]
        );
        assert!(node.apis.is_some_and(|apis| apis.len() == 3));
    }

    fn api(node: &Node, index: usize) -> &Api {
        &node.apis.as_ref().unwrap()[index]
    }

    fn param_types(node: &Node, index: usize) -> Vec<&str> {
        names(&api(node, index).params, |p| &p.ty)
    }

    #[test]
    fn true_flags_make_file_params_attached_files_and_the_video_host() {
        let (count, node, warnings) = apply_to_thing(
            r##"{
                "$.apis[?(@.method=='POST' && @.endpoint=='videos')]['params'][?(@.name=='title')]": {
                    "is_file_param": true
                },
                "$.apis[?(@.method=='POST' && @.endpoint=='videos')]": {
                    "allow_file_upload": true,
                    "use_graph_video_endpoint": true,
                    "allow_file_param": true
                }
            }"##,
        );
        assert_eq!(warnings, Vec::<String>::new());
        assert_eq!(count, 3);
        assert_eq!(param_types(&node, 0), ["file", "file"]);
        let post = api(&node, 0);
        assert!(post.allow_file_upload && post.use_graph_video_endpoint);
        let get = api(&node, 1);
        assert!(!get.allow_file_upload && !get.use_graph_video_endpoint);
        assert_eq!(param_types(&node, 1), ["string"]);
    }

    #[test]
    fn false_flags_are_ignored_and_other_values_are_warnings() {
        let (count, node, warnings) = apply_to_thing(
            r##"{
                "$.apis[?(@.endpoint=='videos')].params[?(@.name=='title')]": {
                    "is_file_param": false
                },
                "$.apis[?(@.method=='POST')]": {
                    "allow_file_upload": "true",
                    "use_graph_video_endpoint": false
                }
            }"##,
        );
        assert_eq!(count, 0);
        assert_eq!(
            warnings,
            [
                "override `$.apis[?(@.method=='POST')]` of `Thing`: `allow_file_upload` is not a boolean; ignored"
            ]
        );
        assert_eq!(param_types(&node, 0), ["file", "string"]);
        assert!(!api(&node, 0).allow_file_upload && !api(&node, 0).use_graph_video_endpoint);
    }

    #[test]
    fn flags_on_what_they_do_not_apply_to_are_warnings() {
        let (count, node, warnings) = apply_to_thing(
            r##"{
                "$.apis[?(@.method=='POST')]": {"is_file_param": true},
                "$.fields[?(@.name=='title')]": {"is_file_param": true},
                "$.apis[?(@.endpoint=='videos')].params[?(@.name=='title')]": {
                    "allow_file_upload": true
                },
                "$.apis[?(@.endpoint=='videos')]": {"use_graph_video_endpoint": true},
                "$.apis[?(@.name=='#delete')]": {"allow_file_upload": true},
                "$.apis[?(@.endpoint=='photos')]": {"allow_file_upload": true}
            }"##,
        );
        assert_eq!(count, 1, "only the POST of `videos` goes to the video host");
        assert_eq!(
            warnings,
            [
                "override `$.apis[?(@.method=='POST')]` of `Thing` sets `is_file_param` on an API, which has none; ignored",
                "override `$.fields[?(@.name=='title')]` of `Thing` sets `is_file_param` on a field, which has none; ignored",
                "override `$.apis[?(@.endpoint=='videos')].params[?(@.name=='title')]` of `Thing` sets `allow_file_upload` on a parameter, which has none; ignored",
                "override `$.apis[?(@.endpoint=='videos')]` of `Thing` sets `use_graph_video_endpoint` on `GET videos`, which is not a POST; ignored there (only a create or update takes files or goes to the video host)",
                "override `$.apis[?(@.name=='#delete')]` of `Thing` sets `allow_file_upload` on `DELETE #delete`, which is not a POST; ignored there (only a create or update takes files or goes to the video host)",
                "override `$.apis[?(@.endpoint=='photos')]` matches nothing in Thing.json; ignored",
            ]
        );
        assert!(api(&node, 0).use_graph_video_endpoint && !api(&node, 0).allow_file_upload);
        assert!(!api(&node, 1).use_graph_video_endpoint);
        assert!(!api(&node, 2).allow_file_upload);
        assert_eq!(param_types(&node, 0), ["file", "string"]);
    }
}
