//! Shared enums: spec enums with the same values become one type.
//!
//! Facebook's specs repeat an enum per edge and parameter
//! (`adaccountads_date_preset_enum_param`, `adcampaign_date_preset`, … are
//! one list of 20 values, 19 times). [`share_enums`] keeps the first of each
//! set of equal enums (in spec-name order), points every type at it, records
//! the others as its aliases (their names stay usable) and, when the names
//! agree on what the values are, the name a user would pick for it
//! (`date_preset`), which the naming pass gives it when that name is free.

use std::collections::{BTreeMap, HashMap};

use crate::ident::Name;
use crate::ir::{Api, EnumAlias, Type};

/// Merges the enums of `api` that have the same set of values. Runs before
/// naming; deterministic (the IR's enums are sorted by spec name).
pub fn share_enums(api: &mut Api) {
    // Each enum's group: the index of the first enum with its values.
    let mut first_of: HashMap<Vec<&str>, usize> = HashMap::new();
    let group: Vec<usize> = api
        .enums
        .iter()
        .enumerate()
        .map(|(id, e)| {
            let mut values: Vec<&str> = e.values.iter().map(|v| v.wire.as_str()).collect();
            values.sort_unstable();
            values.dedup();
            *first_of.entry(values).or_insert(id)
        })
        .collect();
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (id, first) in group.iter().enumerate() {
        members.entry(*first).or_default().push(id);
    }
    // The name each group of two or more wants; a name two groups want
    // goes to neither (each keeps its spec name).
    let wanted: BTreeMap<usize, String> = members
        .iter()
        .filter(|(_, ids)| ids.len() > 1)
        .map(|(first, ids)| {
            let names: Vec<&str> = ids.iter().map(|id| api.enums[*id].name.as_str()).collect();
            (*first, shared_name(&names))
        })
        .filter(|(_, name)| !name.is_empty())
        .collect();
    let mut demand: HashMap<&str, usize> = HashMap::new();
    for name in wanted.values() {
        *demand.entry(name).or_default() += 1;
    }
    let mut new_id = vec![usize::MAX; api.enums.len()];
    for (next, first) in members.keys().enumerate() {
        new_id[*first] = next;
    }
    let old = std::mem::take(&mut api.enums);
    let mut aliases: BTreeMap<usize, Vec<EnumAlias>> = BTreeMap::new();
    let mut kept = Vec::with_capacity(members.len());
    for (id, e) in old.into_iter().enumerate() {
        if group[id] == id {
            kept.push(e);
        } else {
            aliases.entry(group[id]).or_default().push(EnumAlias {
                name: e.name,
                rust: Name::default(),
            });
            // The first described enum of a group describes it.
            let into = &mut kept[new_id[group[id]]];
            if into.description.is_none() {
                into.description = e.description;
            }
        }
    }
    for (first, e) in members.keys().zip(&mut kept) {
        e.aliases = aliases.remove(first).unwrap_or_default();
        e.shared = wanted
            .get(first)
            .filter(|name| demand[name.as_str()] == 1)
            .cloned();
    }
    api.enums = kept;
    for node in &mut api.nodes {
        node.for_each_type(&mut |t| {
            if let Type::Enum(id) = t {
                *id = new_id[group[*id]];
            }
        });
    }
}

/// What a group of spec enums is called, from their names: each name
/// without its owner (the first `_`-separated word: `adaccountads`,
/// `AdSet`) and without the `_enum_param` / `_enum` the importer's sources
/// append, then the words all of them end with (`configured_status`,
/// `status` → `status`), or, when they share none, the most common one
/// (the first in order on a tie). Empty when a name has no such part.
fn shared_name(names: &[&str]) -> String {
    let subjects: Vec<Vec<&str>> = names.iter().map(|n| subject(n)).collect();
    if subjects.iter().any(Vec::is_empty) {
        return String::new();
    }
    let shortest = subjects.iter().map(Vec::len).min().unwrap_or(0);
    let common = (0..shortest)
        .take_while(|&i| {
            let word = subjects[0][subjects[0].len() - 1 - i];
            subjects.iter().all(|s| s[s.len() - 1 - i] == word)
        })
        .count();
    if common > 0 {
        let first = &subjects[0];
        return first[first.len() - common..].join("_");
    }
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for s in &subjects {
        *counts.entry(s.join("_")).or_default() += 1;
    }
    let most = counts.values().copied().max().unwrap_or(0);
    counts
        .into_iter()
        .find(|(_, n)| *n == most)
        .map(|(name, _)| name)
        .unwrap_or_default()
}

/// A spec enum's name without its owner and the importer's suffix, in words.
fn subject(name: &str) -> Vec<&str> {
    let mut words: Vec<&str> = name.split('_').filter(|w| !w.is_empty()).collect();
    if words.len() < 2 {
        return Vec::new();
    }
    words.remove(0);
    if words.ends_with(&["enum", "param"]) {
        words.truncate(words.len() - 2);
    } else if words.ends_with(&["enum"]) {
        words.truncate(words.len() - 1);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Enum;

    fn en(name: &str, values: &[&str]) -> Enum {
        Enum::new(name, None, values.iter().map(|v| (*v).to_owned()))
    }

    #[test]
    fn names_come_from_what_the_spec_names_agree_on() {
        assert_eq!(
            shared_name(&[
                "adaccountads_date_preset_enum_param",
                "adcampaign_date_preset"
            ]),
            "date_preset"
        );
        assert_eq!(
            shared_name(&["AdSet_configured_status", "Ad_status"]),
            "status"
        );
        assert_eq!(
            shared_name(&["a_confidence", "b_importance", "c_importance"]),
            "importance"
        );
        assert_eq!(shared_name(&["a_role", "b_tasks"]), "role");
        assert_eq!(shared_name(&["a_role", "plain"]), "");
        assert_eq!(shared_name(&["a_enum", "b_enum_param"]), "");
        assert_eq!(subject("x_enum_param_y"), ["enum", "param", "y"]);
        assert_eq!(
            subject("adaccountads_date_preset_enum_param"),
            ["date", "preset"]
        );
        assert_eq!(subject("adcampaign_date_preset_enum"), ["date", "preset"]);
        assert_eq!(subject("adcampaign__date_preset"), ["date", "preset"]);
        assert_eq!(
            subject("x_time_range_kind_enum_param"),
            ["time", "range", "kind"]
        );
    }

    #[test]
    fn equal_value_sets_become_one_enum_and_types_follow() {
        use crate::ir::names::tests::{field, node};
        let mut node = node("Page");
        node.fields = vec![
            field("a", Type::Enum(0)),
            field("b", Type::List(Box::new(Type::Enum(1)))),
            field("c", Type::Enum(2)),
            field("d", Type::Enum(3)),
        ];
        let mut api = Api {
            api_version: "v19.0".into(),
            nodes: vec![node],
            enums: vec![
                en("aa_date_preset_enum_param", &["today", "yesterday"]),
                en("bb_kind", &["x"]),
                en("cc_date_preset", &["yesterday", "today", "today"]),
                en("dd_status", &["x"]),
            ],
            recursion_limit: None,
        };
        share_enums(&mut api);
        let shown: Vec<_> = api
            .enums
            .iter()
            .map(|e| {
                let aliases: Vec<_> = e.aliases.iter().map(|a| a.name.as_str()).collect();
                format!("{} {:?} {:?} {}", e.name, e.shared, aliases, e.values.len())
            })
            .collect();
        assert_eq!(
            shown,
            [
                r#"aa_date_preset_enum_param Some("date_preset") ["cc_date_preset"] 2"#,
                r#"bb_kind Some("kind") ["dd_status"] 1"#,
            ]
        );
        let types: Vec<Type> = api.nodes[0].fields.iter().map(|f| f.ty.clone()).collect();
        assert_eq!(
            types,
            [
                Type::Enum(0),
                Type::List(Box::new(Type::Enum(1))),
                Type::Enum(0),
                Type::Enum(1),
            ]
        );
    }

    #[test]
    fn a_name_two_groups_want_goes_to_neither() {
        let mut api = Api {
            api_version: "v19.0".into(),
            nodes: vec![],
            enums: vec![
                en("a_status", &["on"]),
                en("b_status", &["on"]),
                en("c_status", &["off"]),
                en("d_status", &["off"]),
                en("e_order", &["up"]),
            ],
            recursion_limit: None,
        };
        share_enums(&mut api);
        let shared: Vec<_> = api.enums.iter().map(|e| e.shared.clone()).collect();
        assert_eq!(shared, [None, None, None]);
        assert_eq!(api.enums[2].aliases.len(), 0);
    }
}
