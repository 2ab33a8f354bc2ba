//! Facebook's own patches: `SDKCodegen.json`'s `spec_overriding`.
//!
//! Only patches that change what the API *is* are applied: `return` (what
//! an API returns) and `type` (of a field or parameter). The other keys are
//! flags for Facebook's SDK generators (`not_visible`, `is_file_param`,
//! `preferred_creation_endpoint`…) and are ignored, as are overrides made
//! only of them. A patch whose selector matches nothing, or names a node
//! with no spec file, is a warning naming it: the data moved under it.

use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::import::fb::{Api, Field, NodeFile, Param, Parsed, SDK_FILE, Sdk};
use crate::import::locate::{self, Step};
use crate::import::selector::{self, Target, Test};

/// Keys of a patch that the importer applies.
const APPLIED: &[&str] = &["return", "type"];

/// Applies the overrides to the node files; returns how many changes were made.
pub(crate) fn apply(sdk: &Parsed<Sdk>, nodes: &mut [NodeFile], d: &mut Diagnostics) -> usize {
    let Some(overriding) = &sdk.value.spec_overriding else {
        return 0;
    };
    let mut applied = 0;
    for (node_name, patches) in overriding {
        for (selector_text, patch) in patches {
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
            let mut changes: Vec<(&str, &str)> = Vec::new();
            for (key, value) in patch {
                if !APPLIED.contains(&key.as_str()) {
                    continue;
                }
                match value.as_str() {
                    Some(text) => changes.push((key, text)),
                    None => warn(
                        d,
                        format!(
                            "override `{selector_text}` of `{node_name}`: `{key}` is not a string; ignored"
                        ),
                    ),
                }
            }
            if changes.is_empty() {
                continue;
            }
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
            for (key, value) in changes {
                match patch_target(node, &target, key, value) {
                    Ok(0) => warn(
                        d,
                        format!(
                            "override `{selector_text}` matches nothing in {node_name}.json; ignored"
                        ),
                    ),
                    Ok(n) => applied += n,
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
    applied
}

/// Sets `key` on everything the target picks; the number changed, or what
/// the target is when `key` does not apply to it.
fn patch_target(
    node: &mut crate::import::fb::Node,
    target: &Target,
    key: &str,
    value: &str,
) -> Result<usize, &'static str> {
    let set = |slot: &mut Option<String>| *slot = Some(value.to_owned());
    let mut count = 0;
    match (target, key) {
        (Target::Fields(tests), "type") => {
            for field in node.fields.iter_mut().flatten() {
                if tests.iter().all(|t| field_has(field, t)) {
                    set(&mut field.ty);
                    count += 1;
                }
            }
        }
        (Target::Apis(tests), "return") => {
            for api in node.apis.iter_mut().flatten() {
                if tests.iter().all(|t| api_has(api, t)) {
                    set(&mut api.returns);
                    count += 1;
                }
            }
        }
        (Target::Params(api_tests, param_tests), "type") => {
            for api in node.apis.iter_mut().flatten() {
                if !api_tests.iter().all(|t| api_has(api, t)) {
                    continue;
                }
                for param in api.params.iter_mut().flatten() {
                    if param_tests.iter().all(|t| param_has(param, t)) {
                        set(&mut param.ty);
                        count += 1;
                    }
                }
            }
        }
        (Target::Root, _) => return Err("the node as a whole"),
        (Target::Fields(_), _) => return Err("a field"),
        (Target::Apis(_), _) => return Err("an API"),
        (Target::Params(..), _) => return Err("a parameter"),
    }
    Ok(count)
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
