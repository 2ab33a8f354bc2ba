//! The JSONPath selectors of `SDKCodegen.json`'s `spec_overriding`, and
//! nothing more.
//!
//! Facebook's overrides name what they patch with a small subset of
//! JSONPath. Exactly these shapes are understood:
//!
//! ```text
//! $
//! $.fields[?(@.name=='N')]
//! $.apis[?(@.method=='M' && @.endpoint=='E')]
//! $.apis[?(...)].params[?(@.name=='P')]
//! $.apis[?(...)]['params'][?(@.name=='P')]
//! ```
//!
//! A filter is one or more `@.property=='value'` tests joined by `&&`;
//! values may be in single or double quotes. Anything else is a
//! [`SelectorError`] with the character offset where it stops making sense.

use std::fmt;

/// `@.property == 'value'`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Test {
    /// The property of the element (`name`, `method`, `endpoint`).
    pub(crate) property: String,
    /// The value it must equal.
    pub(crate) value: String,
}

/// What a selector picks in one node's spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// `$`: the node's spec as a whole.
    Root,
    /// `$.fields[?(…)]`: the fields passing every test.
    Fields(Vec<Test>),
    /// `$.apis[?(…)]`: the APIs passing every test.
    Apis(Vec<Test>),
    /// `$.apis[?(…)].params[?(…)]`: those APIs' parameters passing the second tests.
    Params(Vec<Test>, Vec<Test>),
}

/// Why a selector was not understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SelectorError {
    /// What is wrong.
    pub(crate) message: String,
    /// Character offset in the selector.
    pub(crate) offset: usize,
}

impl fmt::Display for SelectorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at character {})", self.message, self.offset + 1)
    }
}

/// Parses a selector into what it picks.
pub(crate) fn parse(text: &str) -> Result<Target, SelectorError> {
    let chars: Vec<char> = text.chars().collect();
    let mut p = Parser {
        chars: &chars,
        pos: 0,
    };
    p.skip_space();
    p.expect('$')?;
    let mut steps: Vec<(String, Option<Vec<Test>>, usize)> = Vec::new();
    loop {
        p.skip_space();
        if p.at_end() {
            break;
        }
        let start = p.pos;
        let key = p.key()?;
        let filter = if p.peek_str("[?") {
            Some(p.filter()?)
        } else {
            None
        };
        steps.push((key, filter, start));
    }
    let shape_error = |offset: usize| {
        SelectorError {
        message: "only `$`, `$.fields[?(…)]`, `$.apis[?(…)]` and `$.apis[?(…)].params[?(…)]` are understood".to_owned(),
        offset,
    }
    };
    let mut steps = steps.into_iter();
    let target = match (steps.next(), steps.next()) {
        (None, _) => Target::Root,
        (Some((key, Some(tests), _)), None) if key == "fields" => Target::Fields(tests),
        (Some((key, Some(tests), _)), None) if key == "apis" => Target::Apis(tests),
        (Some((key, Some(apis), _)), Some((params_key, Some(params), _)))
            if key == "apis" && params_key == "params" =>
        {
            Target::Params(apis, params)
        }
        (Some((_, _, at)), _) => return Err(shape_error(at)),
    };
    if let Some((_, _, at)) = steps.next() {
        return Err(shape_error(at));
    }
    Ok(target)
}

struct Parser<'a> {
    chars: &'a [char],
    pos: usize,
}

impl Parser<'_> {
    fn at_end(&self) -> bool {
        self.pos >= self.chars.len()
    }

    fn skip_space(&mut self) {
        while self.chars.get(self.pos).is_some_and(|c| c.is_whitespace()) {
            self.pos += 1;
        }
    }

    fn peek_str(&self, s: &str) -> bool {
        s.chars()
            .enumerate()
            .all(|(i, c)| self.chars.get(self.pos + i) == Some(&c))
    }

    fn error<T>(&self, message: impl Into<String>) -> Result<T, SelectorError> {
        Err(SelectorError {
            message: message.into(),
            offset: self.pos,
        })
    }

    fn found(&self) -> String {
        self.chars
            .get(self.pos)
            .map_or_else(|| "the end".to_owned(), |c| format!("`{c}`"))
    }

    fn expect(&mut self, want: char) -> Result<(), SelectorError> {
        if self.chars.get(self.pos) == Some(&want) {
            self.pos += 1;
            Ok(())
        } else {
            self.error(format!("expected `{want}`, found {}", self.found()))
        }
    }

    fn expect_str(&mut self, want: &str) -> Result<(), SelectorError> {
        if self.peek_str(want) {
            self.pos += want.chars().count();
            Ok(())
        } else {
            self.error(format!("expected `{want}`, found {}", self.found()))
        }
    }

    fn ident(&mut self) -> Result<String, SelectorError> {
        let start = self.pos;
        while self
            .chars
            .get(self.pos)
            .is_some_and(|c| c.is_alphanumeric() || *c == '_')
        {
            self.pos += 1;
        }
        if self.pos == start {
            return self.error(format!("expected a name, found {}", self.found()));
        }
        Ok(self.chars[start..self.pos].iter().collect())
    }

    fn quoted(&mut self) -> Result<String, SelectorError> {
        let quote = match self.chars.get(self.pos) {
            Some(&q @ ('\'' | '"')) => q,
            _ => return self.error(format!("expected a quoted value, found {}", self.found())),
        };
        self.pos += 1;
        let start = self.pos;
        while self.chars.get(self.pos).is_some_and(|&c| c != quote) {
            self.pos += 1;
        }
        if self.at_end() {
            return self.error(format!("unclosed {quote}"));
        }
        let value = self.chars[start..self.pos].iter().collect();
        self.pos += 1;
        Ok(value)
    }

    /// `.name` or `['name']`.
    fn key(&mut self) -> Result<String, SelectorError> {
        if self.chars.get(self.pos) == Some(&'.') {
            self.pos += 1;
            return self.ident();
        }
        if self.peek_str("['") || self.peek_str("[\"") {
            self.pos += 1;
            let key = self.quoted()?;
            self.expect(']')?;
            return Ok(key);
        }
        self.error(format!(
            "expected `.name`, `['name']` or the end, found {}",
            self.found()
        ))
    }

    /// `[?( @.a=='x' && @.b=='y' )]`.
    fn filter(&mut self) -> Result<Vec<Test>, SelectorError> {
        self.expect_str("[?(")?;
        let mut tests = Vec::new();
        loop {
            self.skip_space();
            self.expect_str("@.")?;
            let property = self.ident()?;
            self.skip_space();
            self.expect_str("==")?;
            self.skip_space();
            let value = self.quoted()?;
            tests.push(Test { property, value });
            self.skip_space();
            if self.peek_str("&&") {
                self.pos += 2;
                continue;
            }
            self.expect_str(")]")?;
            return Ok(tests);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test(property: &str, value: &str) -> Test {
        Test {
            property: property.to_owned(),
            value: value.to_owned(),
        }
    }

    #[test]
    fn understands_every_shape_facebook_uses() {
        assert_eq!(parse("$"), Ok(Target::Root));
        assert_eq!(
            parse("$.fields[?(@.name=='payment_account_id')]"),
            Ok(Target::Fields(vec![test("name", "payment_account_id")]))
        );
        assert_eq!(
            parse("$.apis[?(@.method=='POST' && @.endpoint=='adaccount')]"),
            Ok(Target::Apis(vec![
                test("method", "POST"),
                test("endpoint", "adaccount")
            ]))
        );
        let params = Target::Params(
            vec![test("method", "POST"), test("endpoint", "advideos")],
            vec![test("name", "source")],
        );
        assert_eq!(
            parse(
                "$.apis[?(@.method=='POST' && @.endpoint=='advideos')].params[?(@.name=='source')]"
            ),
            Ok(params.clone())
        );
        assert_eq!(
            parse(
                "$.apis[?(@.method=='POST' && @.endpoint=='advideos')]['params'][?(@.name=='source')]"
            ),
            Ok(params.clone())
        );
        assert_eq!(
            parse(
                " $.apis[?( @.method == \"POST\"&&@.endpoint=='advideos' )][\"params\"][?(@.name=='source')] "
            ),
            Ok(params)
        );
    }

    #[test]
    fn rejects_everything_else_with_an_offset() {
        for (text, offset) in [
            ("", 0),
            ("apis", 0),
            ("$.", 2),
            ("$.fields", 1),
            ("$.fields[0]", 8),
            ("$.fields[?(@.name=='a')].params[?(@.name=='b')]", 1),
            ("$.apis[?(@.name=='a')].fields[?(@.name=='b')]", 1),
            (
                "$.apis[?(@.name=='a')].params[?(@.name=='b')].x[?(@.a=='c')]",
                45,
            ),
            ("$.apis[?(@.name=='a'", 20),
            ("$.apis[?(@.name=='a)]", 21),
            ("$.apis[?(@.name='a')]", 15),
            ("$.apis[?(@.name=='a' || @.x=='b')]", 21),
            ("$.apis[?(name=='a')]", 9),
            ("$['apis", 7),
        ] {
            let e = parse(text).expect_err(text);
            assert_eq!(e.offset, offset, "{text}: {e}");
        }
    }
}
