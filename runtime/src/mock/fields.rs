//! The emulator's reading of `fields=`: parsing `a,b.limit(2){c,d{e}}` and
//! applying it to a fixture the way the Graph API does.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

/// A parsed `fields` value: items in request order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Selection(Vec<Item>);

/// `name.modifier(arg)…{nested}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Item {
    name: String,
    modifiers: Vec<(String, String)>,
    nested: Option<Selection>,
}

impl Item {
    fn modifier(&self, name: &str) -> Option<&str> {
        self.modifiers
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, arg)| arg.as_str())
    }
}

/// The edges the emulator serves, by node id and edge name: served inline
/// too, when a read of the node selects the edge's name.
pub(crate) type Edges = HashMap<(String, String), Vec<Value>>;

/// Parses the `fields` syntax: `name`, `name{…}`, comma-separated, nested to
/// any depth, each name with modifiers such as `.limit(5)` or
/// `.summary(true)`. The error says where parsing failed, as Graph's does.
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
            let modifiers = self.modifiers()?;
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
            items.push(Item {
                name,
                modifiers,
                nested,
            });
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

    /// `.name(arg)*`.
    fn modifiers(&mut self) -> Result<Vec<(String, String)>, String> {
        let mut modifiers = Vec::new();
        while self.peek() == Some('.') {
            self.pos += 1;
            let name = self.name()?;
            if self.peek() != Some('(') {
                return Err(self.error("expected `(` after a modifier"));
            }
            let close = self.text[self.pos..]
                .find(')')
                .ok_or_else(|| self.error("expected `)`"))?;
            let arg = self.text[self.pos + 1..self.pos + close].trim().to_owned();
            self.pos += close + 1;
            modifiers.push((name, arg));
        }
        Ok(modifiers)
    }
}

/// What the Graph API returns for an object given a selection (`None`: no
/// `fields`, or a bare field name): the selected fields it has (absent ones
/// are left out, as Graph leaves out fields with no value), plus `id` when
/// the object has one; without a selection, its scalar fields and `id`.
/// A selected name that the object lacks but that is one of its `edges`
/// comes back inline, as a connection. Connections honour `.limit(n)` and
/// `.summary(true)` (`summary.total_count`, counted before the limit).
pub(crate) fn apply(
    object: &Map<String, Value>,
    selection: Option<&Selection>,
    edges: &Edges,
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
            let id = object.get("id").and_then(Value::as_str);
            for item in items {
                let inline = || {
                    let entries = edges.get(&(id?.to_owned(), item.name.clone()))?;
                    Some(json!({ "data": entries }))
                };
                if let Some(value) = object.get(&item.name).cloned().or_else(inline) {
                    out.insert(item.name.clone(), apply_item(&value, item, edges));
                }
            }
            if let Some(id) = object.get("id") {
                out.insert("id".to_owned(), id.clone());
            }
        }
    }
    out
}

/// A field's value under its item: objects and the objects in lists are
/// narrowed, a connection (`{"data": [...]}`) has each entry narrowed and
/// its modifiers applied.
fn apply_item(value: &Value, item: &Item, edges: &Edges) -> Value {
    let selection = item.nested.as_ref();
    match value {
        Value::Object(object) => match object.get("data") {
            Some(Value::Array(entries))
                if !selection.is_some_and(|s| s.0.iter().any(|i| i.name == "data")) =>
            {
                let mut connection = object.clone();
                let limit = item.modifier("limit").and_then(|n| n.parse::<usize>().ok());
                let shown = &entries[..limit.unwrap_or(usize::MAX).min(entries.len())];
                connection.insert("data".to_owned(), apply_list(shown, selection, edges));
                if item.modifier("summary") == Some("true") {
                    let summary = connection
                        .entry("summary")
                        .or_insert_with(|| Value::Object(Map::new()));
                    if let Value::Object(summary) = summary {
                        summary.insert("total_count".to_owned(), entries.len().into());
                    }
                }
                Value::Object(connection)
            }
            _ => Value::Object(apply(object, selection, edges)),
        },
        Value::Array(items) => apply_list(items, selection, edges),
        scalar => scalar.clone(),
    }
}

pub(crate) fn apply_list(items: &[Value], selection: Option<&Selection>, edges: &Edges) -> Value {
    Value::Array(
        items
            .iter()
            .map(|value| match value {
                Value::Object(object) => Value::Object(apply(object, selection, edges)),
                Value::Array(inner) => apply_list(inner, selection, edges),
                scalar => scalar.clone(),
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn select(fixture: Value, fields: Option<&str>) -> Value {
        let selection = fields.map(|f| parse(f).unwrap());
        let edges = Edges::new();
        Value::Object(apply(
            fixture.as_object().unwrap(),
            selection.as_ref(),
            &edges,
        ))
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
        assert_eq!(parsed.0[1].name, "b");
        let b = parsed.0[1].nested.as_ref().unwrap();
        assert_eq!(b.0[1].nested.as_ref().unwrap().0[0].name, "e");
        assert_eq!(parsed.0[2].modifier("limit"), Some("5"));
        assert_eq!(parsed.0[3].name, "picture");
        assert_eq!(parsed.0[3].modifier("type"), Some("large"));
        assert_eq!(parsed.0[3].nested, None);
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
