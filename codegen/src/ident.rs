//! Every Rust name the generator makes comes from here.
//!
//! Wire names are kept exactly for serde; these functions derive idiomatic
//! Rust names from them: `accountID` → `account_id`, `action.type` →
//! `action_type`, `type` → `r#type`, `self` → `self_` (it cannot be raw),
//! `1d_click` → `field_1d_click` / `Value1dClick`, `""` → `Empty`,
//! `American (New)` → `AmericanNew`. Two wire names that give the same Rust
//! name are settled by the naming pass (`ir::names`), which calls these.

use std::fmt;

/// Words that are keywords in Rust 2024 (strict and reserved), sorted (for
/// [`is_keyword`]'s binary search).
const KEYWORDS: &[&str] = &[
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Whether `word` is a Rust keyword.
fn is_keyword(word: &str) -> bool {
    KEYWORDS.binary_search(&word).is_ok()
}

/// Keywords that cannot be raw identifiers; they get a trailing `_`.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// A Rust identifier the generator made, raw or not. `type` is written
/// `r#type` in code ([`Name::to_ident`], [`fmt::Display`]) and `type` where
/// Rust and serde see the bare name ([`Name::as_str`]): docs, wire-name
/// comparisons, names built from it (`create_type`).
///
/// Every `Name` is a valid identifier: the constructors here only build
/// them from ASCII letters, digits and `_`, never empty, never starting
/// with a digit, and raw only for keywords that may be raw.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Name {
    text: String,
    raw: bool,
}

impl Name {
    /// A name made of `text` as it is, raw when `text` is a keyword that can
    /// be raw, with a trailing `_` when it is one that cannot (`self` →
    /// `self_`). `text` must be a non-empty run of ASCII letters, digits and
    /// `_` that does not start with a digit; anything else becomes `_`
    /// characters (never reached from the functions of this module).
    pub fn new(text: &str) -> Self {
        let mut clean: String = if text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            text.to_owned()
        } else {
            text.chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect()
        };
        if clean.is_empty() || clean.starts_with(|c: char| c.is_ascii_digit()) || clean == "_" {
            clean.insert_str(0, "n_");
        }
        if NOT_RAW.contains(&clean.as_str()) {
            clean.push('_');
            Name {
                text: clean,
                raw: false,
            }
        } else {
            let raw = is_keyword(&clean);
            Name { text: clean, raw }
        }
    }

    /// The identifier without any `r#`: what serde and rustdoc see.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether it is written as a raw identifier (`r#type`).
    pub fn is_raw(&self) -> bool {
        self.raw
    }

    /// The identifier token, raw when it must be.
    pub fn to_ident(&self) -> proc_macro2::Ident {
        let span = proc_macro2::Span::call_site();
        if self.raw {
            proc_macro2::Ident::new_raw(&self.text, span)
        } else {
            proc_macro2::Ident::new(&self.text, span)
        }
    }

    /// This name with `suffix` appended (`new` + `_` → `new_`, `Error` +
    /// `Node` → `ErrorNode`), escaped again as a whole.
    pub fn suffixed(&self, suffix: &str) -> Self {
        Name::new(&format!("{}{suffix}", self.text))
    }

    /// `prefix` + this name (`create_` + `campaigns`), escaped again as a whole.
    pub fn prefixed(&self, prefix: &str) -> Self {
        Name::new(&format!("{prefix}{}", self.text))
    }
}

impl Default for Name {
    /// `unnamed`: what lowering puts in the IR until the naming pass names it.
    fn default() -> Self {
        Name::new("unnamed")
    }
}

impl fmt::Display for Name {
    /// As written in code: `r#type`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.raw {
            f.write_str("r#")?;
        }
        f.write_str(&self.text)
    }
}

impl quote::ToTokens for Name {
    fn to_tokens(&self, tokens: &mut proc_macro2::TokenStream) {
        tokens.extend([proc_macro2::TokenTree::Ident(self.to_ident())]);
    }
}

/// Splits a name into words: at every character that is not a letter or
/// digit, between a lower-case letter (or digit) and an upper-case one, and
/// at the end of an acronym (`HTMLParser` → `HTML`, `Parser`).
pub fn words(name: &str) -> Vec<&str> {
    let mut words = Vec::new();
    // ASCII only: every generated name must be a plain Rust identifier. A
    // part holds only ASCII letters and digits, so byte offsets are
    // character boundaries.
    for part in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let bytes = part.as_bytes();
        let mut start = 0;
        for i in 1..bytes.len() {
            let (prev, cur) = (bytes[i - 1], bytes[i]);
            let next_lower = bytes.get(i + 1).is_some_and(u8::is_ascii_lowercase);
            let boundary = (cur.is_ascii_uppercase()
                && (prev.is_ascii_lowercase() || prev.is_ascii_digit()))
                || (cur.is_ascii_uppercase() && prev.is_ascii_uppercase() && next_lower);
            if boundary {
                words.push(&part[start..i]);
                start = i;
            }
        }
        if start < bytes.len() {
            words.push(&part[start..]);
        }
    }
    words
}

/// `snake_case`, with no keyword handling.
pub fn snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for word in words(name) {
        if !out.is_empty() {
            out.push('_');
        }
        out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    }
    out
}

/// `PascalCase`, with no keyword handling.
pub fn pascal(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in words(name) {
        let mut bytes = word.bytes();
        if let Some(first) = bytes.next() {
            out.push(char::from(first.to_ascii_uppercase()));
            out.extend(bytes.map(|b| char::from(b.to_ascii_lowercase())));
        }
    }
    out
}

fn starts_with_digit(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// `converted`, or `fallback` when it is empty, prefixed with `prefix` when
/// it starts with a digit.
fn with_fallback(converted: String, prefix: &str, fallback: &str) -> Name {
    if converted.is_empty() {
        Name::new(fallback)
    } else if starts_with_digit(&converted) {
        Name::new(&format!("{prefix}{converted}"))
    } else {
        Name::new(&converted)
    }
}

/// A struct field, parameter or method made from a wire name: `snake_case`,
/// keywords escaped, `field_` before a digit. A wire name with no letter or
/// digit (`__`) becomes `field`; wire names are the API's, so every one
/// gets a name (collisions are the naming pass's to settle).
pub fn field(wire: &str) -> Name {
    with_fallback(snake(wire), "field_", "field")
}

/// A type name (node, enum): `PascalCase`. `None` when the name has no
/// letter or digit: type names are the spec author's, and such a name is
/// reported by `check`.
pub fn type_name(wire: &str) -> Option<Name> {
    let pascal = pascal(wire);
    (!pascal.is_empty()).then(|| with_fallback(pascal, "Type", "Type"))
}

/// A variant of a field enum: `PascalCase` of the field's wire name
/// (`Field` when it has no letter or digit).
pub fn field_variant(wire: &str) -> Name {
    with_fallback(pascal(wire), "Field", "Field")
}

/// A variant of a value enum. Every value has one: `""` and values made
/// only of punctuation become `Empty`. (A value spelled like the catch-all
/// `Other` is the naming pass's to rename.)
pub fn enum_variant(wire: &str) -> Name {
    with_fallback(pascal(wire), "Value", "Empty")
}

/// A module (file) name for a node: `snake_case`, keywords suffixed with `_`
/// (raw module names make odd file names). `None` when the name has no
/// letter or digit.
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
    Some(if is_keyword(&snake) {
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
            ("__", "field"),
            ("", "field"),
        ] {
            assert_eq!(field(wire).to_string(), rust, "{wire}");
        }
        assert_eq!(field("type").as_str(), "type");
        assert!(field("type").is_raw() && !field("self").is_raw() && !field("kind").is_raw());
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
            ("OTHER", "Other"),
        ] {
            assert_eq!(enum_variant(wire).to_string(), rust, "{wire}");
        }
        assert_eq!(field_variant("__").to_string(), "Field");
        assert_eq!(field_variant("1d").to_string(), "Field1d");
        assert_eq!(field_variant("type").to_string(), "Type");
    }

    #[test]
    fn type_names() {
        let name = |wire: &str| type_name(wire).map(|n| n.to_string());
        assert_eq!(name("VoipInfo").as_deref(), Some("VoipInfo"));
        assert_eq!(
            name("AdSet_bid_strategy").as_deref(),
            Some("AdSetBidStrategy")
        );
        assert_eq!(
            name("adaccount_currency").as_deref(),
            Some("AdaccountCurrency")
        );
        assert_eq!(name("Result").as_deref(), Some("Result"));
        assert_eq!(name("Self").as_deref(), Some("Self_"));
        assert_eq!(name("3d").as_deref(), Some("Type3d"));
        assert_eq!(name("_"), None);
        assert_eq!(name(""), None);
        assert_eq!(module("VoipInfo").as_deref(), Some("voip_info"));
        assert_eq!(module("Type").as_deref(), Some("type_"));
        assert_eq!(module("3d").as_deref(), Some("node_3d"));
        assert_eq!(module("_"), None);
    }

    #[test]
    fn names_are_always_identifiers() {
        for text in ["", "_", "3d", "a-b", "self", "Self", "type", "ok"] {
            let name = Name::new(text);
            let shown = name.to_string();
            // proc_macro2 panics on anything that is not an identifier.
            assert_eq!(name.to_ident().to_string(), shown, "{text:?}");
            assert!(is_identifier(name.as_str()), "{text:?} → {shown}");
        }
        let (raw, plain) = (Name::new("type"), Name::new("kind"));
        assert_eq!(quote::quote!(#raw: #plain).to_string(), "r#type : kind");
        assert_eq!(Name::new("new").suffixed("_").to_string(), "new_");
        assert_eq!(Name::new("ty").suffixed("pe").to_string(), "r#type");
        assert_eq!(
            Name::new("type").prefixed("create_").to_string(),
            "create_type"
        );
        assert_eq!(Name::new("lf").prefixed("se").to_string(), "self_");
    }

    #[test]
    fn keywords_are_sorted_for_the_binary_search() {
        assert!(KEYWORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_keyword("Self") && is_keyword("abstract") && is_keyword("yield"));
        assert!(!is_keyword("kind") && !is_keyword("Type"));
    }

    #[test]
    fn identifiers() {
        assert!(is_identifier("VoipInfo"));
        assert!(is_identifier("_x"));
        assert!(!is_identifier("Voip Info"));
        assert!(!is_identifier("1Voip"));
        assert!(!is_identifier(""));
    }

    #[test]
    fn words_split_at_case_and_acronyms() {
        assert_eq!(words("HTMLParser"), ["HTML", "Parser"]);
        assert_eq!(words("page2Id"), ["page2", "Id"]);
        assert_eq!(words("a.b-c"), ["a", "b", "c"]);
        assert_eq!(words("a..b__c"), ["a", "b", "c"]);
        assert_eq!(snake("a..b__C"), "a_b_c");
        assert_eq!(pascal("ad_LABEL"), "AdLabel");
        assert_eq!(snake("accountID"), "account_id");
    }
}
