//! The emulator's reading of `fields=`: parsing `a,b{c,d{e}}` and applying
//! it to a fixture the way the Graph API does.

use serde_json::{Map, Value};

/// A parsed `fields` value: names in request order, each with its nested
/// selection if it had braces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Selection(Vec<(String, Option<Selection>)>);

/// Parses the `fields` syntax: `name`, `name{…}`, comma-separated, nested to
/// any depth. Modifiers such as `.limit(5)` or `.type(large)` are accepted
/// and ignored. The error says where parsing failed, as Graph's does.
pub(crate) fn parse(text: &str) -> Result<Selection, String> {
    let mut parser = Parser { text, pos: 0 };
    let selection = parser.list()?;
    match parser.peek() {
        None => Ok(selection),
        Some(c) => Err(parser.error(&format!("unexpected `{c}`"))),
    }
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn peek(&mut self) -> Option<char> {
        let rest = &self.text[self.pos..];
        self.pos += rest.len() - rest.trim_start().len();
        self.text[self.pos..].chars().next()
    }

    fn error(&self, what: &str) -> String {
        format!(
            "Syntax error: {what} at character {} in `{}`",
            self.pos, self.text
        )
    }

    /// `item (, item)*`
    fn list(&mut self) -> Result<Selection, String> {
        let mut items = Vec::new();
        loop {
            let name = self.name()?;
            self.modifiers()?;
            let nested = if self.peek() == Some('{') {
                self.pos += 1;
                let inner = self.list()?;
                if self.peek() != Some('}') {
                    return Err(self.error("expected `}`"));
                }
                self.pos += 1;
                Some(inner)
            } else {
                None
            };
            items.push((name, nested));
            if self.peek() != Some(',') {
                return Ok(Selection(items));
            }
            self.pos += 1;
        }
    }

    fn name(&mut self) -> Result<String, String> {
        self.peek();
        let len = self.text[self.pos..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(self.text.len() - self.pos);
        if len == 0 {
            return Err(self.error("expected a field name"));
        }
        let name = self.text[self.pos..self.pos + len].to_owned();
        self.pos += len;
        Ok(name)
    }

    /// `.name(args)*`, skipped.
    fn modifiers(&mut self) -> Result<(), String> {
        while self.peek() == Some('.') {
            self.pos += 1;
            self.name()?;
            if self.peek() != Some('(') {
                return Err(self.error("expected `(` after a modifier"));
            }
            let close = self.text[self.pos..]
                .find(')')
                .ok_or_else(|| self.error("expected `)`"))?;
            self.pos += close + 1;
        }
        Ok(())
    }
}

/// What the Graph API returns for an object given a selection (`None`: no
/// `fields`, or a bare field name): the selected fields it has (absent ones
/// are left out, as Graph leaves out fields with no value), plus `id` when
/// the object has one; without a selection, its scalar fields and `id`.
pub(crate) fn apply(
    object: &Map<String, Value>,
    selection: Option<&Selection>,
) -> Map<String, Value> {
    let mut out = Map::new();
    match selection {
        None => {
            for (name, value) in object {
                if !value.is_object() && !value.is_array() {
                    out.insert(name.clone(), value.clone());
                }
            }
        }
        Some(Selection(items)) => {
            for (name, nested) in items {
                if let Some(value) = object.get(name) {
                    out.insert(name.clone(), apply_value(value, nested.as_ref()));
                }
            }
            if let Some(id) = object.get("id") {
                out.insert("id".to_owned(), id.clone());
            }
        }
    }
    out
}

/// A field's value under its nested selection: objects and the objects in
/// lists are narrowed, a connection (`{"data": [...]}`) has each entry narrowed.
fn apply_value(value: &Value, selection: Option<&Selection>) -> Value {
    match value {
        Value::Object(object) => match object.get("data") {
            Some(Value::Array(entries))
                if !selection.is_some_and(|s| s.0.iter().any(|(n, _)| n == "data")) =>
            {
                let mut connection = object.clone();
                connection.insert("data".to_owned(), apply_list(entries, selection));
                Value::Object(connection)
            }
            _ => Value::Object(apply(object, selection)),
        },
        Value::Array(items) => apply_list(items, selection),
        scalar => scalar.clone(),
    }
}

pub(crate) fn apply_list(items: &[Value], selection: Option<&Selection>) -> Value {
    Value::Array(
        items
            .iter()
            .map(|item| apply_value(item, selection))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn select(fixture: Value, fields: Option<&str>) -> Value {
        let selection = fields.map(|f| parse(f).unwrap());
        Value::Object(apply(fixture.as_object().unwrap(), selection.as_ref()))
    }

    fn page() -> Value {
        json!({
            "id": "1",
            "name": "Page",
            "fan_count": 3,
            "voip_info": {"is_callable": true, "reason_code": 7, "is_pushable": false},
            "tags": ["a"],
            "comments": {"data": [{"id": "c1", "message": "hi", "like_count": 2}], "paging": {}}
        })
    }

    #[test]
    fn parses_nested_selections() {
        let parsed = parse("a, b{c,d{e}} ,f.limit(5){g},picture.type(large)").unwrap();
        assert_eq!(parsed.0.len(), 4);
        assert_eq!(parsed.0[1].0, "b");
        let b = parsed.0[1].1.as_ref().unwrap();
        assert_eq!(b.0[1].1.as_ref().unwrap().0[0].0, "e");
        assert_eq!(parsed.0[3], ("picture".to_owned(), None));
    }

    #[test]
    fn rejects_bad_syntax_with_a_position() {
        for bad in [
            "",
            "a,",
            "a{b",
            "a}b",
            "a{}",
            "a.limit",
            ",a",
            "a b",
            "a,\u{a0}é",
        ] {
            let err = parse(bad).unwrap_err();
            assert!(err.starts_with("Syntax error"), "{bad}: {err}");
        }
        assert_eq!(
            parse("a{b").unwrap_err(),
            "Syntax error: expected `}` at character 3 in `a{b`"
        );
    }

    #[test]
    fn without_fields_returns_scalars_and_id() {
        assert_eq!(
            select(page(), None),
            json!({"id": "1", "name": "Page", "fan_count": 3})
        );
    }

    #[test]
    fn selects_nested_fields_and_keeps_ids() {
        assert_eq!(
            select(page(), Some("voip_info{is_callable,reason_code}")),
            json!({"id": "1", "voip_info": {"is_callable": true, "reason_code": 7}})
        );
        assert_eq!(
            select(page(), Some("voip_info,missing")),
            json!({"id": "1", "voip_info": {"is_callable": true, "reason_code": 7, "is_pushable": false}})
        );
        assert_eq!(
            select(page(), Some("comments{message},tags")),
            json!({"id": "1", "tags": ["a"], "comments": {"data": [{"id": "c1", "message": "hi"}], "paging": {}}})
        );
    }
}
