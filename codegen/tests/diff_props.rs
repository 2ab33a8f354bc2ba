//! Properties of `codegen diff` over generated small surfaces: a spec
//! diffed with itself reports nothing, and `diff(A, B)` removed is exactly
//! `diff(B, A)` added (and retypes swap their two types).

use std::collections::BTreeSet;

use codegen::diff::{NodeSurface, OperationKey, OperationSurface, Surface, diff};
use proptest::prelude::*;

/// Small name pools, so two generated surfaces share much and differ some.
fn name(pool: &'static [&'static str]) -> impl Strategy<Value = String> {
    proptest::sample::select(pool).prop_map(str::to_owned)
}

fn ty() -> impl Strategy<Value = String> {
    name(&["string", "int", "unsigned int", "list<Page>", "E1"])
}

fn operation() -> impl Strategy<Value = (OperationKey, OperationSurface)> {
    (
        name(&["GET", "POST", "DELETE"]),
        proptest::option::of(name(&["feed", "posts"])),
        proptest::option::of(ty()),
        proptest::collection::btree_map(name(&["p", "q", "r"]), (ty(), any::<bool>()), 0..3),
    )
        .prop_map(|(method, edge, returns, params)| {
            (
                OperationKey { method, edge },
                OperationSurface { returns, params },
            )
        })
}

fn node() -> impl Strategy<Value = NodeSurface> {
    (
        proptest::collection::btree_map(name(&["id", "name", "count"]), ty(), 0..3),
        proptest::collection::btree_set(name(&["feed", "posts"]), 0..2),
        proptest::collection::vec(operation(), 0..4),
    )
        .prop_map(|(fields, edges, operations)| NodeSurface {
            fields,
            edges,
            operations: operations.into_iter().collect(),
        })
}

fn surface() -> impl Strategy<Value = Surface> {
    (
        name(&["v1.0", "v2.0"]),
        proptest::collection::btree_map(name(&["Page", "Post", "User"]), node(), 0..3),
        proptest::collection::btree_map(
            name(&["E1", "E2"]),
            proptest::collection::btree_set(name(&["A", "B", "C"]), 1..3),
            0..2,
        ),
    )
        .prop_map(|(version, nodes, enums)| Surface {
            version,
            nodes,
            enums,
        })
}

fn swapped(r: &codegen::diff::Retype) -> (String, String, String) {
    (r.item.clone(), r.to.clone(), r.from.clone())
}

proptest! {
    #[test]
    fn a_surface_diffed_with_itself_reports_nothing(a in surface()) {
        let report = diff(&a, &a);
        prop_assert!(report.is_empty(), "{report:?}");
        prop_assert!(!report.is_breaking());
        prop_assert!(report.to_markdown().ends_with("\nNo changes.\n"));
    }

    #[test]
    fn removed_one_way_is_added_the_other(a in surface(), b in surface()) {
        let (ab, ba) = (diff(&a, &b), diff(&b, &a));
        prop_assert_eq!(&ab.removed, &ba.added);
        prop_assert_eq!(&ab.added, &ba.removed);
        let forward: Vec<_> = ab.retyped.iter().map(|r| (r.item.clone(), r.from.clone(), r.to.clone())).collect();
        let back: Vec<_> = ba.retyped.iter().map(swapped).collect();
        prop_assert_eq!(forward, back);
        // Breaking both ways exactly when the surfaces differ in anything
        // but additions and newly required parameters.
        prop_assert_eq!(ab.is_breaking(), !ab.removed.is_empty() || !ab.retyped.is_empty());
        // Every removed field is on the old side and not on the new one.
        let fields = |s: &Surface| -> BTreeSet<String> {
            s.nodes.iter().flat_map(|(n, node)| node.fields.keys().map(move |f| format!("{n}.{f}"))).collect()
        };
        let expected: Vec<String> = fields(&a).difference(&fields(&b)).cloned().collect();
        prop_assert_eq!(&ab.removed.fields, &expected);
    }
}
