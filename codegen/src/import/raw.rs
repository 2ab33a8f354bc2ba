//! Facebook's specs as written, for [`crate::diff`]: read and checked with
//! the importer's code, then taken as they are (no `SDKCodegen.json`
//! overrides, no conversion).

use std::path::Path;

use crate::diagnostic::{Diagnostic, Diagnostics, display_path};
use crate::diff::{NodeSurface, OperationKey, OperationSurface, Surface};
use crate::import::fb::{self, VERSION_FILE};
use crate::import::{convert, sdk};

/// Reads `dir` (Facebook's `<Node>.json`, `enum_types.json`, `version.txt`,
/// which may also sit in the parent directory) into a [`Surface`].
///
/// The input is checked by a whole import in memory (overrides and
/// conversion, its result thrown away), so a broken input is reported as
/// `codegen import` reports it; import's warnings are not shown.
pub(crate) fn read_surface(dir: &Path) -> Result<Surface, Diagnostics> {
    let mut d = Diagnostics::default();
    let mut input = fb::read_dir(dir, &mut d);
    if input.version.is_none() {
        let beside = dir.parent().map(|p| p.join(VERSION_FILE));
        if let Some(path) = beside.filter(|p| p.is_file()) {
            match std::fs::read_to_string(&path) {
                Ok(text) => input.version = Some((text.trim().to_owned(), path)),
                Err(e) => d.push(Diagnostic::global(format!(
                    "cannot read {}: {e}",
                    display_path(&path)
                ))),
            }
        }
    }
    if input.version.is_none() {
        d.push(
            Diagnostic::global(format!(
                "{}: no {VERSION_FILE} (in it or its parent), so the API version is unknown",
                display_path(dir)
            ))
            .with_hint("write the version (like v25.0) in version.txt beside the node files"),
        );
    }
    let version = super::api_version(&input, None, &mut d);
    if !d.has_errors() {
        let mut nodes = input.nodes.clone();
        if let Some(sdk) = &input.sdk {
            sdk::apply(sdk, &mut nodes, &mut d);
        }
        let _ = convert::convert(&nodes, input.enums.as_ref(), &mut d);
    }
    d.0.retain(Diagnostic::is_error);
    d.sort();
    match version {
        Some(version) if !d.has_errors() => Ok(surface(&input, version)),
        _ => Err(d),
    }
}

/// The input as written. Call only on input the conversion accepted: what
/// it requires (names, types, methods) is taken as present.
fn surface(input: &fb::Input, version: String) -> Surface {
    let mut s = Surface {
        version,
        ..Surface::default()
    };
    for node in &input.nodes {
        let spec = &node.spec.value;
        let mut n = NodeSurface::default();
        for f in spec.fields.iter().flatten() {
            n.fields.insert(
                f.name.clone().unwrap_or_default(),
                f.ty.clone().unwrap_or_default(),
            );
        }
        for api in spec.apis.iter().flatten() {
            let edge = api.endpoint.clone().filter(|e| !e.is_empty());
            if let Some(edge) = &edge {
                n.edges.insert(edge.clone());
            }
            let params = api
                .params
                .iter()
                .flatten()
                .map(|p| {
                    (
                        p.name.clone().unwrap_or_default(),
                        (
                            p.ty.clone().unwrap_or_default(),
                            p.required.unwrap_or(false),
                        ),
                    )
                })
                .collect();
            n.operations.insert(
                OperationKey {
                    method: api.method.clone().unwrap_or_default(),
                    edge,
                },
                OperationSurface {
                    returns: api.returns.clone(),
                    params,
                },
            );
        }
        s.nodes.insert(node.name.clone(), n);
    }
    for e in input.enums.iter().flat_map(|e| &e.value) {
        let values = e.values.iter().flatten().map(|v| match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        });
        s.enums
            .entry(e.name.clone().unwrap_or_default())
            .or_default()
            .extend(values);
    }
    s
}
