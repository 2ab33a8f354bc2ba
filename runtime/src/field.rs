//! Field names and field selections (`fields=a,b{c,d}`).
//!
//! The Graph API returns only the fields a request asks for. Every generated
//! node has a field enum (`VoipInfoField`) implementing [`Field`]; a
//! [`FieldSelection`] turns those into the value of the `fields` query
//! parameter, including nested expansion such as `voip_info{is_callable,reason_code}`.

use std::fmt;

/// A field of one node type, as generated per node (`VoipInfoField`, `PageField`, …).
///
/// Implemented only by generated enums: [`Field::as_str`] is the wire name,
/// exactly as the Graph API spells it.
pub trait Field: Copy + Eq + std::hash::Hash + fmt::Debug + fmt::Display + 'static {
    /// Graph name of the node the field belongs to (`"VoipInfo"`).
    const NODE: &'static str;
    /// Every field of the node, in spec order.
    const ALL: &'static [Self];

    /// The field's wire name (`"reason_code"`).
    fn as_str(self) -> &'static str;

    /// Parses a wire name, with a "did you mean" hint when it is close to a real field.
    fn parse_wire(name: &str) -> Result<Self, UnknownField> {
        Self::ALL
            .iter()
            .copied()
            .find(|f| f.as_str() == name)
            .ok_or_else(|| {
                UnknownField::new(Self::NODE, name, Self::ALL.iter().map(|f| f.as_str()))
            })
    }
}

/// A field name that the node does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownField {
    node: &'static str,
    name: String,
    suggestion: Option<&'static str>,
}

impl UnknownField {
    /// An unknown `name` on `node`, suggesting the closest of `known`.
    pub fn new(
        node: &'static str,
        name: &str,
        known: impl IntoIterator<Item = &'static str>,
    ) -> Self {
        UnknownField {
            node,
            name: name.to_owned(),
            suggestion: crate::suggest::closest(name, known),
        }
    }

    /// Graph name of the node (`"VoipInfo"`).
    pub fn node(&self) -> &'static str {
        self.node
    }

    /// The name that was asked for.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The closest real field name, if one is close enough to be a typo.
    pub fn suggestion(&self) -> Option<&'static str> {
        self.suggestion
    }
}

impl fmt::Display for UnknownField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} has no field `{}`", self.node, self.name)?;
        if let Some(s) = self.suggestion {
            write!(f, "; did you mean `{s}`?")?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownField {}

/// The value of the `fields` query parameter: field names, some expanded
/// with a nested selection of their own.
///
/// ```
/// use graph_runtime::FieldSelection;
/// let voip = FieldSelection::new().name("is_callable").name("reason_code");
/// let page = FieldSelection::new().name("id").nested("voip_info", voip);
/// assert_eq!(page.to_string(), "id,voip_info{is_callable,reason_code}");
/// ```
///
/// Field names are `&'static str` (they come from generated field enums), so
/// building a selection allocates one small vector and no strings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldSelection {
    items: Vec<Selected>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Selected {
    Name(&'static str),
    Nested(&'static str, FieldSelection),
}

impl FieldSelection {
    /// An empty selection: the Graph API then returns the node's default fields.
    pub fn new() -> Self {
        Self::default()
    }

    /// Selects the given fields of one node.
    pub fn of<F: Field>(fields: impl IntoIterator<Item = F>) -> Self {
        let mut selection = Self::new();
        selection.extend(fields);
        selection
    }

    /// Adds one field of a node.
    pub fn field<F: Field>(self, field: F) -> Self {
        self.name(field.as_str())
    }

    /// Adds fields of a node.
    pub fn extend<F: Field>(&mut self, fields: impl IntoIterator<Item = F>) {
        for field in fields {
            self.push(Selected::Name(field.as_str()));
        }
    }

    /// Adds a field by wire name. Prefer [`FieldSelection::field`], which is checked at compile time.
    pub fn name(mut self, name: &'static str) -> Self {
        self.push(Selected::Name(name));
        self
    }

    /// Adds a field expanded with its own selection: `name{...}`.
    /// An empty nested selection asks for the field's default fields (`name`).
    pub fn nested(mut self, name: &'static str, selection: FieldSelection) -> Self {
        self.push(Selected::Nested(name, selection));
        self
    }

    /// Whether nothing is selected.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Number of top-level entries.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether `name` is selected at the top level (plainly or expanded).
    pub fn contains(&self, name: &str) -> bool {
        self.items.iter().any(|item| item.name() == name)
    }

    /// Adds an item, keeping each name once: a later nested selection
    /// replaces an earlier plain one, since `a,a{b}` is not a valid selection.
    fn push(&mut self, item: Selected) {
        match self
            .items
            .iter_mut()
            .find(|existing| existing.name() == item.name())
        {
            Some(existing) => {
                if matches!(item, Selected::Nested(..)) {
                    *existing = item;
                }
            }
            None => self.items.push(item),
        }
    }

    /// Writes the selection in the Graph syntax (`a,b{c,d}`), unencoded.
    pub fn write_to(&self, out: &mut impl fmt::Write) -> fmt::Result {
        for (i, item) in self.items.iter().enumerate() {
            if i > 0 {
                out.write_char(',')?;
            }
            match item {
                Selected::Name(name) => out.write_str(name)?,
                Selected::Nested(name, sub) => {
                    out.write_str(name)?;
                    if !sub.is_empty() {
                        out.write_char('{')?;
                        sub.write_to(out)?;
                        out.write_char('}')?;
                    }
                }
            }
        }
        Ok(())
    }
}

impl Selected {
    fn name(&self) -> &'static str {
        match self {
            Selected::Name(name) | Selected::Nested(name, _) => name,
        }
    }
}

impl fmt::Display for FieldSelection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}

impl<F: Field> FromIterator<F> for FieldSelection {
    fn from_iter<I: IntoIterator<Item = F>>(iter: I) -> Self {
        Self::of(iter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    enum TestField {
        IsCallable,
        ReasonCode,
    }

    impl fmt::Display for TestField {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.as_str())
        }
    }

    impl Field for TestField {
        const NODE: &'static str = "VoipInfo";
        const ALL: &'static [Self] = &[TestField::IsCallable, TestField::ReasonCode];
        fn as_str(self) -> &'static str {
            match self {
                TestField::IsCallable => "is_callable",
                TestField::ReasonCode => "reason_code",
            }
        }
    }

    #[test]
    fn nested_expansion_syntax() {
        let voip = FieldSelection::of([TestField::IsCallable, TestField::ReasonCode]);
        let page = FieldSelection::new().name("id").nested("voip_info", voip);
        assert_eq!(page.to_string(), "id,voip_info{is_callable,reason_code}");
    }

    #[test]
    fn empty_nested_selection_is_the_bare_name() {
        let page = FieldSelection::new().nested("voip_info", FieldSelection::new());
        assert_eq!(page.to_string(), "voip_info");
    }

    #[test]
    fn duplicates_are_kept_once_and_nesting_wins() {
        let sel = FieldSelection::new()
            .name("voip_info")
            .name("id")
            .nested("voip_info", FieldSelection::new().name("is_callable"))
            .name("id");
        assert_eq!(sel.to_string(), "voip_info{is_callable},id");
        assert_eq!(sel.len(), 2);
    }

    #[test]
    fn parse_wire_suggests_close_names() {
        assert_eq!(
            TestField::parse_wire("reason_code"),
            Ok(TestField::ReasonCode)
        );
        let err = TestField::parse_wire("is_calable").unwrap_err();
        assert_eq!(err.suggestion(), Some("is_callable"));
        assert_eq!(
            err.to_string(),
            "VoipInfo has no field `is_calable`; did you mean `is_callable`?"
        );
        let err = TestField::parse_wire("zzz").unwrap_err();
        assert_eq!(err.to_string(), "VoipInfo has no field `zzz`");
    }
}
