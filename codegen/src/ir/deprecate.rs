//! `codegen --next NEW`: marks the items the next API version removes or
//! retypes, from a [`diff::Report`] of this spec against NEW.
//!
//! Every decision is made here; emission prints each item's
//! [`Deprecation`] as `#[deprecated(since = …, note = …)]` and allows the
//! lint where generated code must mention a deprecated item.
//!
//! | report item | IR item marked |
//! |---|---|
//! | removed `Node` | the node: model, handle, client accessor |
//! | removed or retyped `Node.field` | the field (model field, field-enum variant, expansion, nested constant) |
//! | removed `Node/edge` | the field a listable edge adds to the model, when the spec has no field of its name |
//! | removed `METHOD Node…`, or its return retyped | the operation's handle method |
//! | removed or retyped `METHOD Node…(param)` | the parameter's struct field |
//! | removed `Enum:VALUE` | the variant, when every spec enum the type stands for (it and its aliases) lost the value or is gone |
//!
//! Notes: `removed in v25.0: <item>` with the item spelled as `codegen
//! diff` spells it, `retyped in v25.0: <new> instead of <old>` for a field
//! or parameter, `retyped in v25.0: returns <new> instead of <old>` for an
//! operation. `since` is NEW's version. Newly required parameters and
//! additions mark nothing.

use std::collections::{BTreeMap, BTreeSet};

use crate::diff::{OperationKey, Report, RetypedKind, operation_name};
use crate::ir::{Api, Deprecation, OpKind, Operation, Type};

/// Marks the items of `api` that `report` (this spec → the next version)
/// removes or retypes. Items the report does not name are left alone, so
/// an empty report changes nothing.
pub fn deprecate(api: &mut Api, report: &Report) {
    let since = report.to.clone();
    let removed = |item: &str| Deprecation {
        since: since.clone(),
        note: format!("removed in {since}: `{item}`"),
    };
    let (nodes, fields, edges) = (
        set(&report.removed.nodes),
        set(&report.removed.fields),
        set(&report.removed.edges),
    );
    let (operations, params) = (set(&report.removed.operations), set(&report.removed.params));
    let retyped: BTreeMap<&str, Deprecation> = report
        .retyped
        .iter()
        .map(|r| {
            let note = match r.kind {
                RetypedKind::Operation => format!(
                    "retyped in {since}: returns `{}` instead of `{}`",
                    r.to, r.from
                ),
                RetypedKind::Field | RetypedKind::Param => {
                    format!("retyped in {since}: `{}` instead of `{}`", r.to, r.from)
                }
            };
            let d = Deprecation {
                since: since.clone(),
                note,
            };
            (r.item.as_str(), d)
        })
        .collect();
    let mark = |item: &str, gone: &BTreeSet<&str>| {
        if gone.contains(item) {
            Some(removed(item))
        } else {
            retyped.get(item).cloned()
        }
    };

    for node in &mut api.nodes {
        let name = node.name.clone();
        node.deprecated = mark(&name, &nodes);
        for field in &mut node.fields {
            let item = format!("{name}.{}", field.wire);
            let edge = format!("{name}/{}", field.wire);
            field.deprecated = mark(&item, &fields).or_else(|| {
                matches!(field.ty, Type::EdgePage(_))
                    .then(|| mark(&edge, &edges))
                    .flatten()
            });
        }
        let mut ops: Vec<(Option<&str>, &mut Operation)> = Vec::new();
        ops.extend(node.read.iter_mut().map(|op| (None, op)));
        ops.extend(node.update.iter_mut().map(|op| (None, op)));
        ops.extend(node.delete.iter_mut().map(|op| (None, op)));
        for edge in &mut node.edges {
            let wire = Some(edge.wire.as_str());
            for op in [&mut edge.list, &mut edge.create, &mut edge.delete]
                .into_iter()
                .flatten()
            {
                ops.push((wire, op));
            }
        }
        for (edge, op) in ops {
            let key = OperationKey {
                method: op.kind.http_method().as_str().to_owned(),
                edge: edge.map(str::to_owned),
            };
            debug_assert_eq!(edge.is_some(), on_edge(op.kind));
            let op_name = operation_name(&name, &key);
            op.deprecated = mark(&op_name, &operations);
            for param in &mut op.params {
                param.deprecated = mark(&format!("{op_name}({})", param.wire), &params);
            }
        }
    }

    let gone_enums = set(&report.removed.enums);
    let gone_values = set(&report.removed.enum_values);
    for e in &mut api.enums {
        let members: Vec<String> = std::iter::once(e.name.clone())
            .chain(e.aliases.iter().map(|a| a.name.clone()))
            .collect();
        for value in &mut e.values {
            let spelled: Vec<String> = members
                .iter()
                .map(|m| format!("{m}:{}", value.wire))
                .collect();
            let lost: Vec<&String> = spelled
                .iter()
                .filter(|s| gone_values.contains(s.as_str()))
                .collect();
            let everywhere = members
                .iter()
                .zip(&spelled)
                .all(|(m, s)| gone_enums.contains(m.as_str()) || gone_values.contains(s.as_str()));
            value.deprecated = match lost.first() {
                Some(first) if everywhere => Some(removed(first)),
                _ => None,
            };
        }
    }
}

fn set(list: &[String]) -> BTreeSet<&str> {
    list.iter().map(String::as_str).collect()
}

/// Whether an operation of `kind` is on an edge (else on the node itself).
fn on_edge(kind: OpKind) -> bool {
    matches!(kind, OpKind::List | OpKind::Create | OpKind::DeleteOnEdge)
}

impl Api {
    /// Whether `ty` mentions a node the next version removes: generated
    /// code that writes it allows the `deprecated` lint.
    pub fn mentions_deprecated(&self, ty: &Type) -> bool {
        match ty {
            Type::Node(id) => self.nodes[*id].deprecated.is_some(),
            Type::List(item) | Type::EdgePage(item) => self.mentions_deprecated(item),
            Type::Map(key, value) => {
                self.mentions_deprecated(key) || self.mentions_deprecated(value)
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::Items;
    use crate::ident::Name;
    use crate::ir::{Enum, EnumAlias};

    /// One Rust enum standing for the spec enums `a` and `b` (same values).
    fn shared_enum() -> Api {
        let mut e = Enum::new("a", None, ["X".to_owned(), "Y".to_owned()]);
        e.aliases.push(EnumAlias {
            name: "b".into(),
            rust: Name::default(),
        });
        Api {
            api_version: "v1.0".into(),
            nodes: vec![],
            enums: vec![e],
            recursion_limit: None,
        }
    }

    fn report(enums: &[&str], enum_values: &[&str]) -> Report {
        let list = |l: &[&str]| l.iter().map(|s| (*s).to_owned()).collect();
        Report {
            from: "v1.0".into(),
            to: "v2.0".into(),
            removed: Items {
                enums: list(enums),
                enum_values: list(enum_values),
                ..Items::default()
            },
            ..Report::default()
        }
    }

    fn marked(api: &Api) -> Vec<(&str, Option<&str>)> {
        api.enums[0]
            .values
            .iter()
            .map(|v| {
                (
                    v.wire.as_str(),
                    v.deprecated.as_ref().map(|d| d.note.as_str()),
                )
            })
            .collect()
    }

    #[test]
    fn a_shared_value_is_deprecated_only_when_every_spec_enum_lost_it() {
        let mut api = shared_enum();
        deprecate(&mut api, &report(&[], &["a:X"]));
        assert_eq!(marked(&api), [("X", None), ("Y", None)], "b still has X");

        deprecate(&mut api, &report(&[], &["a:X", "b:X"]));
        assert_eq!(
            marked(&api),
            [("X", Some("removed in v2.0: `a:X`")), ("Y", None)]
        );

        // `b` gone whole, `a` lost X: nobody has X any more.
        deprecate(&mut api, &report(&["b"], &["a:X"]));
        assert_eq!(
            marked(&api),
            [("X", Some("removed in v2.0: `a:X`")), ("Y", None)]
        );

        // Both gone whole: the values are not listed, nothing is marked here.
        deprecate(&mut api, &report(&["a", "b"], &[]));
        assert_eq!(marked(&api), [("X", None), ("Y", None)]);
    }
}
