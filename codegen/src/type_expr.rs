//! The type language of the spec: `bool`, `list<T>`, `map<K, V>`, names.
//!
//! Parsing is purely syntactic; which names exist is `check`'s business.
//! Every part keeps its character offset in the written text, so an error
//! can point at the exact spot (`list<string` → the missing `>`).

use crate::ir::Type;

/// The spec's primitive type spellings and what they mean: the one type
/// vocabulary, which `check` resolves with and `import` writes.
///
/// `int` and `unsigned int` are Facebook's spellings, and in real responses
/// they are not 32 bits wide (`IGUser.ig_id` = 7482719771): they are the
/// 64-bit types. Explicit widths stay as written (`unsigned int32` is `u32`).
pub const PRIMITIVES: &[(&str, Type)] = &[
    ("bool", Type::Bool),
    ("string", Type::String),
    ("int32", Type::Int32),
    ("int", Type::Int64),
    ("unsigned int32", Type::UInt32),
    ("unsigned int", Type::UInt64),
    ("int64", Type::Int64),
    ("unsigned int64", Type::UInt64),
    ("float", Type::Float),
    ("datetime", Type::DateTime),
    ("Object", Type::Object),
    ("object", Type::Object),
    ("file", Type::File),
];

/// Whether `ty` can key a `map<K, V>`: JSON object keys are strings, so
/// strings, integers, datetimes and enums (the one map-key rule).
pub fn is_map_key(ty: &Type) -> bool {
    matches!(
        ty,
        Type::String
            | Type::Int32
            | Type::UInt32
            | Type::Int64
            | Type::UInt64
            | Type::DateTime
            | Type::Enum(_)
    )
}

/// The primitive a spelling names, if it is one.
pub fn primitive(name: &str) -> Option<&'static Type> {
    PRIMITIVES.iter().find(|(n, _)| *n == name).map(|(_, t)| t)
}

/// Deepest `list<map<…>>` nesting accepted.
pub const MAX_DEPTH: usize = 16;

/// A parsed type expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeExpr {
    /// What it is.
    pub kind: TypeExprKind,
    /// Character offset of its start in the written text.
    pub offset: usize,
    /// Length in characters.
    pub len: usize,
}

/// The shape of a [`TypeExpr`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeExprKind {
    /// A name: a primitive (`unsigned int32`), a node or an enum. Inner
    /// white space is normalised to single spaces.
    Name(String),
    /// `list<T>`; bare `list` is a list of any JSON.
    List(Option<Box<TypeExpr>>),
    /// `map<K, V>`; bare `map` maps strings to any JSON.
    Map(Option<(Box<TypeExpr>, Box<TypeExpr>)>),
}

/// A syntax error at a character offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeSyntaxError {
    /// What is wrong.
    pub message: String,
    /// Character offset.
    pub offset: usize,
    /// Characters to underline.
    pub len: usize,
}

/// Parses a whole type expression.
pub fn parse(text: &str) -> Result<TypeExpr, TypeSyntaxError> {
    let chars: Vec<char> = text.chars().collect();
    let mut parser = Parser {
        chars: &chars,
        pos: 0,
    };
    let ty = parser.ty(0)?;
    parser.skip_space();
    if parser.pos < chars.len() {
        return Err(TypeSyntaxError {
            message: format!(
                "unexpected `{}` after the type",
                chars[parser.pos..].iter().collect::<String>().trim_end()
            ),
            offset: parser.pos,
            len: chars.len() - parser.pos,
        });
    }
    Ok(ty)
}

struct Parser<'a> {
    chars: &'a [char],
    pos: usize,
}

impl Parser<'_> {
    fn skip_space(&mut self) {
        while self.chars.get(self.pos).is_some_and(|c| c.is_whitespace()) {
            self.pos += 1;
        }
    }

    fn error(&self, message: impl Into<String>, len: usize) -> TypeSyntaxError {
        TypeSyntaxError {
            message: message.into(),
            offset: self.pos,
            len,
        }
    }

    fn expect(&mut self, want: char, context: &str) -> Result<(), TypeSyntaxError> {
        self.skip_space();
        match self.chars.get(self.pos) {
            Some(&c) if c == want => {
                self.pos += 1;
                Ok(())
            }
            Some(&c) => Err(self.error(format!("expected `{want}` {context}, found `{c}`"), 1)),
            None => Err(self.error(format!("expected `{want}` {context}, found the end"), 1)),
        }
    }

    fn ty(&mut self, depth: usize) -> Result<TypeExpr, TypeSyntaxError> {
        self.skip_space();
        let start = self.pos;
        if depth > MAX_DEPTH {
            return Err(self.error(format!("type nests deeper than {MAX_DEPTH} levels"), 1));
        }
        let name = self.name();
        if name.is_empty() {
            let found = self
                .chars
                .get(self.pos)
                .map_or("the end".to_owned(), |c| format!("`{c}`"));
            return Err(self.error(format!("expected a type, found {found}"), 1));
        }
        let generic = matches!(name.as_str(), "list" | "map");
        self.skip_space();
        let has_args = self.chars.get(self.pos) == Some(&'<');
        let kind = match (name.as_str(), has_args) {
            ("list", true) => {
                self.pos += 1;
                let item = self.ty(depth + 1)?;
                self.expect('>', "to close `list<`")?;
                TypeExprKind::List(Some(Box::new(item)))
            }
            ("map", true) => {
                self.pos += 1;
                let key = self.ty(depth + 1)?;
                self.skip_space();
                if self.chars.get(self.pos) == Some(&'>') {
                    return Err(self.error("`map` needs a key and a value type: map<K, V>", 1));
                }
                self.expect(',', "between the key and value types of `map<K, V>`")?;
                let value = self.ty(depth + 1)?;
                self.expect('>', "to close `map<`")?;
                TypeExprKind::Map(Some((Box::new(key), Box::new(value))))
            }
            ("list", false) => TypeExprKind::List(None),
            ("map", false) => TypeExprKind::Map(None),
            (_, true) if !generic => {
                return Err(self.error(format!("`{name}` takes no type arguments"), 1));
            }
            _ => TypeExprKind::Name(name),
        };
        Ok(TypeExpr {
            kind,
            offset: start,
            len: self.pos - start,
        })
    }

    /// Words separated by single spaces (`unsigned int32`), up to `<`, `>` or `,`.
    fn name(&mut self) -> String {
        let mut out = String::new();
        loop {
            let word_start = self.pos;
            while self
                .chars
                .get(self.pos)
                .is_some_and(|c| !c.is_whitespace() && !matches!(c, '<' | '>' | ','))
            {
                self.pos += 1;
            }
            if self.pos == word_start {
                break;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.extend(&self.chars[word_start..self.pos]);
            // Another word follows only after white space and not before a delimiter.
            let before_space = self.pos;
            self.skip_space();
            let next_is_word = self
                .chars
                .get(self.pos)
                .is_some_and(|c| !matches!(c, '<' | '>' | ','));
            if before_space == self.pos || !next_is_word || !Self::joins_words(&out) {
                self.pos = before_space;
                break;
            }
        }
        out
    }

    /// Only `unsigned …` spans two words; anything else followed by a word is trailing text.
    fn joins_words(so_far: &str) -> bool {
        so_far == "unsigned"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(s: &str) -> TypeExprKind {
        TypeExprKind::Name(s.to_owned())
    }

    #[test]
    fn parses_nested_types() {
        let t = parse("list<map<unsigned int, list<float>>>").unwrap();
        let TypeExprKind::List(Some(inner)) = t.kind else {
            panic!()
        };
        let TypeExprKind::Map(Some((k, v))) = inner.kind else {
            panic!()
        };
        assert_eq!(k.kind, name("unsigned int"));
        assert!(matches!(v.kind, TypeExprKind::List(Some(_))));
        assert_eq!(
            parse("  unsigned   int32 ").unwrap().kind,
            name("unsigned int32")
        );
        assert_eq!(parse("list").unwrap().kind, TypeExprKind::List(None));
        assert_eq!(parse("map").unwrap().kind, TypeExprKind::Map(None));
    }

    #[test]
    fn reports_malformed_types_with_offsets() {
        let e = parse("list<string").unwrap_err();
        assert_eq!(
            (e.message.as_str(), e.offset),
            ("expected `>` to close `list<`, found the end", 11)
        );
        let e = parse("map<string>").unwrap_err();
        assert_eq!(e.message, "`map` needs a key and a value type: map<K, V>");
        assert_eq!(e.offset, 10);
        let e = parse("list<string> extra").unwrap_err();
        assert_eq!(
            (e.message.as_str(), e.offset, e.len),
            ("unexpected `extra` after the type", 13, 5)
        );
        let e = parse("string int").unwrap_err();
        assert_eq!(e.offset, 7);
        assert!(parse("").is_err());
        assert!(parse("list<>").is_err());
        assert!(parse("bool<string>").is_err());
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let deep = format!("{}string{}", "list<".repeat(1000), ">".repeat(1000));
        assert!(parse(&deep).unwrap_err().message.contains("deeper"));
    }
}
