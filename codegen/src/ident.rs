//! Every Rust name the generator makes comes from here.
//!
//! Wire names are kept exactly for serde; these functions derive idiomatic
//! Rust names from them: `accountID` → `account_id`, `action.type` →
//! `action_type`, `type` → `r#type`, `self` → `self_` (it cannot be raw),
//! `1d_click` → `field_1d_click` / `Value1dClick`, `""` → `Empty`,
//! `American (New)` → `AmericanNew`. Two wire names that give the same Rust
//! name are a spec error, found by `check` with these same functions.

/// Words that are keywords in Rust 2024 (strict and reserved).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names the generated crate defines or re-exports at its root; no
/// node or enum may take them.
pub const ROOT_TYPE_NAMES: &[&str] = &[
    "Client",
    "BlockingClient",
    "GraphClient",
    "DateTime",
    "Error",
    "FieldSelection",
    "Response",
    "ValidationErrors",
];

/// Keywords that cannot be raw identifiers; they get a trailing `_`.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// Splits a name into words: at every character that is not a letter or
/// digit, between a lower-case letter (or digit) and an upper-case one, and
/// at the end of an acronym (`HTMLParser` → `HTML`, `Parser`).
pub fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    // ASCII only: every generated name must be a plain Rust identifier.
    for part in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let chars: Vec<char> = part.chars().collect();
        let mut start = 0;
        for i in 1..chars.len() {
            let (prev, cur) = (chars[i - 1], chars[i]);
            let next_lower = chars.get(i + 1).is_some_and(char::is_ascii_lowercase);
            let boundary = (cur.is_ascii_uppercase()
                && (prev.is_ascii_lowercase() || prev.is_ascii_digit()))
                || (cur.is_ascii_uppercase() && prev.is_ascii_uppercase() && next_lower);
            if boundary {
                words.push(chars[start..i].iter().collect());
                start = i;
            }
        }
        if start < chars.len() {
            words.push(chars[start..].iter().collect());
        }
    }
    words
}

/// `snake_case`, with no keyword handling.
pub fn snake(name: &str) -> String {
    words(name)
        .iter()
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join("_")
}

/// `PascalCase`, with no keyword handling.
pub fn pascal(name: &str) -> String {
    words(name)
        .iter()
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect()
}

fn starts_with_digit(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// Makes a keyword usable: raw where Rust allows it, else a trailing `_`.
fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// A struct field or parameter: `snake_case`, keywords escaped. `None` when
/// the wire name has no letter or digit to build a name from.
pub fn field(wire: &str) -> Option<String> {
    let snake = snake(wire);
    if snake.is_empty() {
        return None;
    }
    if starts_with_digit(&snake) {
        return Some(format!("field_{snake}"));
    }
    Some(escape_keyword(snake))
}

/// A type name (node, enum, generated helper types): `PascalCase`.
pub fn type_name(wire: &str) -> Option<String> {
    let pascal = pascal(wire);
    if pascal.is_empty() {
        return None;
    }
    if starts_with_digit(&pascal) {
        return Some(format!("Type{pascal}"));
    }
    Some(escape_keyword(pascal))
}

/// A variant of a field enum: `PascalCase` of the field's wire name.
pub fn field_variant(wire: &str) -> Option<String> {
    let pascal = pascal(wire);
    if pascal.is_empty() {
        return None;
    }
    if starts_with_digit(&pascal) {
        return Some(format!("Field{pascal}"));
    }
    Some(escape_keyword(pascal))
}

/// The catch-all variant of every generated enum, for values the spec does not list.
pub const OTHER_VARIANT: &str = "Other";

/// A variant of a value enum. Every value has one: `""` and values made only
/// of punctuation become `Empty`; a value spelled like the catch-all
/// (`OTHER`, common in Facebook's enums) becomes `OtherValue`.
pub fn enum_variant(wire: &str) -> String {
    let pascal = pascal(wire);
    if pascal.is_empty() {
        return "Empty".to_owned();
    }
    if pascal == OTHER_VARIANT {
        return format!("{OTHER_VARIANT}Value");
    }
    if starts_with_digit(&pascal) {
        return format!("Value{pascal}");
    }
    escape_keyword(pascal)
}

/// A module (file) name for a node: `snake_case`, keywords suffixed with `_`
/// (raw module names make odd file names).
pub fn module(wire: &str) -> Option<String> {
    let snake = snake(wire);
    if snake.is_empty() {
        return None;
    }
    let snake = if starts_with_digit(&snake) {
        format!("node_{snake}")
    } else {
        snake
    };
    Some(if KEYWORDS.contains(&snake.as_str()) {
        format!("{snake}_")
    } else {
        snake
    })
}

/// Whether `name` is a plain identifier (`[A-Za-z_][A-Za-z0-9_]*`), as node names must be.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields() {
        for (wire, rust) in [
            ("reason_code", "reason_code"),
            ("accountID", "account_id"),
            ("action.type", "action_type"),
            ("image:url", "image_url"),
            ("1d_click", "field_1d_click"),
            ("type", "r#type"),
            ("ref", "r#ref"),
            ("in", "r#in"),
            ("as", "r#as"),
            ("do", "r#do"),
            ("override", "r#override"),
            ("macro", "r#macro"),
            ("self", "self_"),
            ("super", "super_"),
            ("crate", "crate_"),
            ("HTMLParser", "html_parser"),
            ("page_id2", "page_id2"),
            ("__", ""),
        ] {
            assert_eq!(field(wire).unwrap_or_default(), rust, "{wire}");
        }
    }

    #[test]
    fn enum_variants() {
        for (wire, rust) in [
            ("ACTIVE", "Active"),
            ("American (New)", "AmericanNew"),
            ("", "Empty"),
            ("1d_click", "Value1dClick"),
            ("Self", "Self_"),
            ("Cajun/Creole", "CajunCreole"),
            ("self", "Self_"),
            ("DO_NOT_USE", "DoNotUse"),
            ("OTHER", "OtherValue"),
        ] {
            assert_eq!(enum_variant(wire), rust, "{wire}");
        }
    }

    #[test]
    fn type_names() {
        assert_eq!(type_name("VoipInfo").as_deref(), Some("VoipInfo"));
        assert_eq!(
            type_name("AdSet_bid_strategy").as_deref(),
            Some("AdSetBidStrategy")
        );
        assert_eq!(
            type_name("adaccount_currency").as_deref(),
            Some("AdaccountCurrency")
        );
        assert_eq!(type_name("Result").as_deref(), Some("Result"));
        assert_eq!(type_name("Self").as_deref(), Some("Self_"));
        assert_eq!(type_name("3d").as_deref(), Some("Type3d"));
        assert_eq!(module("VoipInfo").as_deref(), Some("voip_info"));
        assert_eq!(module("Type").as_deref(), Some("type_"));
    }

    #[test]
    fn identifiers() {
        assert!(is_identifier("VoipInfo"));
        assert!(!is_identifier("Voip Info"));
        assert!(!is_identifier("1Voip"));
        assert!(!is_identifier(""));
    }
}

/// The operations a spec can allow, for naming their methods and parameter types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `read:` — GET the node.
    Read,
    /// `update:` — POST to the node.
    Update,
    /// `delete:` — DELETE the node.
    Delete,
    /// An edge's `list:` — GET the edge, paged.
    List,
    /// An edge's `create:` — POST to the edge.
    Create,
    /// An edge's `delete:` — DELETE on the edge.
    DeleteOnEdge,
}

/// The handle method for an operation: `read`, `update`, `delete` on the
/// node; on an edge `campaigns`, `create_campaigns`, `delete_campaigns`.
/// `edge` is the edge's Rust name ([`field`]).
pub fn op_method(op: Op, edge: &str) -> String {
    let edge = edge.trim_start_matches("r#");
    match op {
        Op::Read => "read".to_owned(),
        Op::Update => "update".to_owned(),
        Op::Delete => "delete".to_owned(),
        Op::List => escape_keyword(edge.to_owned()),
        Op::Create => format!("create_{edge}"),
        Op::DeleteOnEdge => format!("delete_{edge}"),
    }
}

/// The parameters struct of an operation: `PageReadParams`,
/// `AdAccountCampaignsParams` (list), `AdAccountCreateCampaignsParams`.
/// `node` is the node's Rust type name, `edge` the edge's wire name.
pub fn params_type(node: &str, op: Op, edge: &str) -> String {
    let edge = pascal(edge);
    match op {
        Op::Read => format!("{node}ReadParams"),
        Op::Update => format!("{node}UpdateParams"),
        Op::Delete => format!("{node}DeleteParams"),
        Op::List => format!("{node}{edge}Params"),
        Op::Create => format!("{node}Create{edge}Params"),
        Op::DeleteOnEdge => format!("{node}Delete{edge}Params"),
    }
}
