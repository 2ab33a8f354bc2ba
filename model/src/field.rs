//! Field names and field selections (`fields=a,b{c,d}`).
//!
//! The Graph API returns only the fields a request asks for. Every generated
//! node has a field enum (`VoipInfoField`) implementing [`Field`]; a
//! [`FieldSelection`] turns those into the value of the `fields` query
//! parameter, including nested expansion such as `voip_info{is_callable,reason_code}`.

use std::collections::HashSet;
use std::fmt;
use std::marker::PhantomData;

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
/// use graph_model::FieldSelection;
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
    Nested(Nested),
}

/// `name.modifier(…)…{selection}`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Nested {
    name: &'static str,
    modifiers: Vec<Modifier>,
    selection: FieldSelection,
}

/// Up to how many items [`FieldSelection::extend`] finds a name already
/// selected by scanning the selection; past that, with a set of the names.
const SCANNED: usize = 16;

/// Whether a selection of `held` items, given up to `more` fields, finds
/// duplicates with a set (past [`SCANNED`] items in all).
fn finds_with_a_set(held: usize, more: usize) -> bool {
    held.saturating_add(more) > SCANNED
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

    /// Adds fields of a node (each name once).
    pub fn extend<F: Field>(&mut self, fields: impl IntoIterator<Item = F>) {
        let fields = fields.into_iter();
        // A node has `F::ALL.len()` fields: never more to add than that.
        let (least, most) = fields.size_hint();
        let most = most.unwrap_or(usize::MAX).min(F::ALL.len());
        self.items.reserve(least.min(most));
        if !finds_with_a_set(self.items.len(), most) {
            for field in fields {
                self.push(Selected::Name(field.as_str()));
            }
            return;
        }
        // Many fields (all of a node with hundreds): a set of the names
        // rather than a scan of the selection per field.
        let mut seen: HashSet<&'static str> = self.items.iter().map(Selected::name).collect();
        for field in fields {
            let name = field.as_str();
            if seen.insert(name) {
                self.items.push(Selected::Name(name));
            }
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
        self.push(Selected::Nested(Nested {
            name,
            modifiers: Vec::new(),
            selection,
        }));
        self
    }

    /// Adds a typed expansion, with its modifiers and nested fields (see [`Expand`]).
    pub fn expanded<F, C, K>(mut self, expansion: Expand<F, C, K>) -> Self {
        self.push(expansion.into_selected());
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
    #[doc(hidden)]
    pub fn push_expansion<F, C, K>(&mut self, expansion: Expand<F, C, K>) {
        self.push(expansion.into_selected());
    }

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

    /// The selection in the Graph syntax, as [`to_string`](ToString::to_string)
    /// gives it, in one allocation of the right size (requests build their
    /// `fields` parameter so).
    #[doc(hidden)]
    pub fn to_text(&self) -> String {
        /// Counts what would be written.
        struct Len(usize);
        impl fmt::Write for Len {
            fn write_str(&mut self, s: &str) -> fmt::Result {
                self.0 += s.len();
                Ok(())
            }
        }
        let mut len = Len(0);
        let mut text = String::new();
        if self.write_to(&mut len).is_ok() {
            text.reserve_exact(len.0);
        }
        // Writing to a `String` does not fail.
        let _ = self.write_to(&mut text);
        text
    }

    /// Writes the selection in the Graph syntax (`a,b{c,d}`), unencoded.
    pub fn write_to(&self, out: &mut impl fmt::Write) -> fmt::Result {
        for (i, item) in self.items.iter().enumerate() {
            if i > 0 {
                out.write_char(',')?;
            }
            match item {
                Selected::Name(name) => out.write_str(name)?,
                Selected::Nested(nested) => {
                    out.write_str(nested.name)?;
                    for modifier in &nested.modifiers {
                        write!(out, "{modifier}")?;
                    }
                    if !nested.selection.is_empty() {
                        out.write_char('{')?;
                        nested.selection.write_to(out)?;
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
            Selected::Name(name) | Selected::Nested(Nested { name, .. }) => name,
        }
    }
}

/// Kinds of expandable fields, for [`Expand`]'s third parameter: a field
/// that holds a node takes nested fields only; an edge takes modifiers too.
pub mod kind {
    /// A field that holds a node (`voip_info`).
    #[derive(Debug, Clone, Copy)]
    pub struct Node;
    /// An edge returned inline (`feed`, `comments`): it takes modifiers.
    #[derive(Debug, Clone, Copy)]
    pub struct Edge;
}

pub use kind::{Edge, Node};

/// An edge expanded: takes modifiers (`PageField::FEED`).
pub type ExpandEdge<F, C> = Expand<F, C, Edge>;

/// A field holding a node, expanded (`PageField::VOIP_INFO`).
pub type ExpandNode<F, C> = Expand<F, C, Node>;

/// A field of a node (field enum `F`) expanded with fields of its own node
/// type (field enum `C`): `feed.limit(5){message,comments.summary(true){id}}`.
///
/// Generated field enums have one constant per expandable field
/// (`PageField::FEED`, `PagePostField::COMMENTS`, `PageField::VOIP_INFO`);
/// the types make a wrong nesting a compile error: `PageField::FEED` takes
/// `PagePostField`s, never `VoipInfoField`s, and only edges take modifiers.
///
/// ```
/// use graph_model::field::{Edge, Expand};
/// # use graph_model::Field;
/// # #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
/// # enum PageField { Name }
/// # #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
/// # enum PostField { Message }
/// # impl std::fmt::Display for PageField { fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.as_str()) } }
/// # impl std::fmt::Display for PostField { fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.as_str()) } }
/// # impl Field for PageField { const NODE: &'static str = "Page"; const ALL: &'static [Self] = &[PageField::Name]; fn as_str(self) -> &'static str { "name" } }
/// # impl Field for PostField { const NODE: &'static str = "PagePost"; const ALL: &'static [Self] = &[PostField::Message]; fn as_str(self) -> &'static str { "message" } }
/// const FEED: Expand<PageField, PostField, Edge> = Expand::new("feed");
/// let feed = FEED.limit(5).field(PostField::Message);
/// let selection = graph_model::FieldSelection::of([PageField::Name]).expanded(feed);
/// assert_eq!(selection.to_string(), "name,feed.limit(5){message}");
/// ```
pub struct Expand<F, C, K> {
    name: &'static str,
    modifiers: Vec<Modifier>,
    selection: FieldSelection,
    kinds: Kinds<F, C, K>,
}

/// The type parameters of an [`Expand`], held by no value (and so `Send`,
/// `Sync` and covariant whatever they are).
type Kinds<F, C, K> = PhantomData<fn() -> (F, C, K)>;

impl<F, C, K> Expand<F, C, K> {
    /// The field `name` (its wire name), expanded with nothing yet: the
    /// Graph API then returns the node's default fields. For generated code.
    pub const fn new(name: &'static str) -> Self {
        Expand {
            name,
            modifiers: Vec::new(),
            selection: FieldSelection { items: Vec::new() },
            kinds: PhantomData,
        }
    }

    /// The field's wire name.
    pub fn name(&self) -> &'static str {
        self.name
    }
}

impl<F: Field, C: Field, K> Expand<F, C, K> {
    /// Selects these fields inside the braces.
    pub fn fields(mut self, fields: impl IntoIterator<Item = C>) -> Self {
        self.selection.extend(fields);
        self
    }

    /// Selects this field inside the braces.
    pub fn field(self, field: C) -> Self {
        self.fields([field])
    }

    /// Expands a field of the inner node in turn: to any depth.
    pub fn expand<D, K2>(mut self, inner: Expand<C, D, K2>) -> Self {
        self.selection.push(inner.into_selected());
        self
    }
}

impl<F, C, K> Expand<F, C, K> {
    fn into_selected(self) -> Selected {
        Selected::Nested(Nested {
            name: self.name,
            modifiers: self.modifiers,
            selection: self.selection,
        })
    }

    fn modifier(mut self, modifier: Modifier) -> Self {
        // One of each: a later call replaces an earlier one.
        self.modifiers
            .retain(|m| std::mem::discriminant(m) != std::mem::discriminant(&modifier));
        self.modifiers.push(modifier);
        self
    }
}

/// Modifiers, where Graph takes them: on edges.
impl<F, C> Expand<F, C, Edge> {
    /// `.limit(n)`: at most `n` entries inline (`0` with
    /// [`summary`](Self::summary) asks for the count alone).
    pub fn limit(self, n: u32) -> Self {
        self.modifier(Modifier::Limit(n))
    }

    /// `.summary(true)`: the edge's `summary` (`total_count` and friends).
    pub fn summary(self, on: bool) -> Self {
        self.modifier(Modifier::Summary(on))
    }

    /// `.since(t)`: entries from this time on (a Unix time, or a [`DateTime`](crate::DateTime)).
    pub fn since(self, time: impl Into<Timestamp>) -> Self {
        self.modifier(Modifier::Since(time.into()))
    }

    /// `.until(t)`: entries up to this time.
    pub fn until(self, time: impl Into<Timestamp>) -> Self {
        self.modifier(Modifier::Until(time.into()))
    }

    /// `.order(…)`: the order of the entries.
    pub fn order(self, order: Order) -> Self {
        self.modifier(Modifier::Order(order))
    }

    /// `.filter(…)`: which entries (`toplevel` comments, or the whole `stream`).
    pub fn filter(self, filter: Filter) -> Self {
        self.modifier(Modifier::Filter(filter))
    }
}

impl<F, C, K> Clone for Expand<F, C, K> {
    fn clone(&self) -> Self {
        Expand {
            name: self.name,
            modifiers: self.modifiers.clone(),
            selection: self.selection.clone(),
            kinds: PhantomData,
        }
    }
}

impl<F, C, K> fmt::Debug for Expand<F, C, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Expand")
            .field(&FieldSelection::new().expanded(self.clone()).to_string())
            .finish()
    }
}

/// A point in time for `since`/`until`: Unix seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

impl From<i64> for Timestamp {
    fn from(seconds: i64) -> Self {
        Timestamp(seconds)
    }
}

impl From<crate::DateTime> for Timestamp {
    fn from(time: crate::DateTime) -> Self {
        Timestamp(time.unix_timestamp())
    }
}

/// `.order(…)` of an edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Order {
    /// `chronological`: oldest first.
    Chronological,
    /// `reverse_chronological`: newest first.
    ReverseChronological,
}

/// `.filter(…)` of an edge (comments).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Filter {
    /// `toplevel`: entries at the top level only.
    Toplevel,
    /// `stream`: every entry, replies included.
    Stream,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Modifier {
    Limit(u32),
    Summary(bool),
    Since(Timestamp),
    Until(Timestamp),
    Order(Order),
    Filter(Filter),
}

impl fmt::Display for Modifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Modifier::Limit(n) => write!(f, ".limit({n})"),
            Modifier::Summary(on) => write!(f, ".summary({on})"),
            Modifier::Since(t) => write!(f, ".since({})", t.0),
            Modifier::Until(t) => write!(f, ".until({})", t.0),
            Modifier::Order(Order::Chronological) => f.write_str(".order(chronological)"),
            Modifier::Order(Order::ReverseChronological) => {
                f.write_str(".order(reverse_chronological)")
            }
            Modifier::Filter(Filter::Toplevel) => f.write_str(".filter(toplevel)"),
            Modifier::Filter(Filter::Stream) => f.write_str(".filter(stream)"),
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

/// The selection methods every read builder shares (`fields`, `field`,
/// `expand`, `selection`), written once: inside an `impl` of a builder with
/// a `selection: FieldSelection`, `selection_methods!(N::Field, " of every node")`,
/// where the text says whose fields they are.
#[doc(hidden)]
#[macro_export]
macro_rules! selection_methods {
    ($field:ty, $whose:literal) => {
        #[doc = concat!("Selects these fields", $whose, " too.")]
        pub fn fields(mut self, fields: impl IntoIterator<Item = $field>) -> Self {
            self.selection.extend(fields);
            self
        }

        #[doc = concat!("Selects this field", $whose, " too.")]
        pub fn field(self, field: $field) -> Self {
            self.fields([field])
        }

        /// Selects a field expanded with fields of its own node type, with
        /// modifiers on an edge, to any depth:
        /// `.expand(PageField::FEED.limit(5).field(PagePostField::Message))`
        /// sends `fields=feed.limit(5){message}`. See [`Expand`](crate::field::Expand).
        pub fn expand<Inner, K>(
            mut self,
            expansion: $crate::field::Expand<$field, Inner, K>,
        ) -> Self {
            self.selection.push_expansion(expansion);
            self
        }

        #[doc = concat!(
                                            "Replaces the selection", $whose,
                                            ", for nested expansion the field enum cannot express."
                                        )]
        pub fn selection(mut self, selection: $crate::FieldSelection) -> Self {
            self.selection = selection;
            self
        }
    };
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
    fn the_request_text_is_the_display_text_in_one_allocation() {
        let voip = FieldSelection::of([TestField::IsCallable, TestField::ReasonCode]);
        for selection in [
            FieldSelection::new(),
            voip.clone(),
            FieldSelection::new().name("id").nested("voip_info", voip),
        ] {
            let text = selection.to_text();
            assert_eq!(text, selection.to_string());
            assert_eq!(text.capacity(), text.len(), "{text}");
        }
    }

    #[test]
    fn empty_nested_selection_is_the_bare_name() {
        let page = FieldSelection::new().nested("voip_info", FieldSelection::new());
        assert_eq!(page.to_string(), "voip_info");
    }

    /// A field of a node with many fields (`f00` … `f39`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    struct Many(usize);

    const MANY_NAMES: [&str; 40] = [
        "f00", "f01", "f02", "f03", "f04", "f05", "f06", "f07", "f08", "f09", "f10", "f11", "f12",
        "f13", "f14", "f15", "f16", "f17", "f18", "f19", "f20", "f21", "f22", "f23", "f24", "f25",
        "f26", "f27", "f28", "f29", "f30", "f31", "f32", "f33", "f34", "f35", "f36", "f37", "f38",
        "f39",
    ];
    const MANY: [Many; 40] = {
        let mut all = [Many(0); 40];
        let mut i = 0;
        while i < 40 {
            all[i] = Many(i);
            i += 1;
        }
        all
    };

    impl fmt::Display for Many {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.as_str())
        }
    }

    impl Field for Many {
        const NODE: &'static str = "Many";
        const ALL: &'static [Self] = &MANY;
        fn as_str(self) -> &'static str {
            MANY_NAMES[self.0]
        }
    }

    #[test]
    fn a_set_finds_duplicates_past_sixteen_items() {
        assert!(!finds_with_a_set(0, 0));
        assert!(!finds_with_a_set(2, 4));
        assert!(!finds_with_a_set(0, 16));
        assert!(finds_with_a_set(1, 16));
        assert!(finds_with_a_set(17, 0));
        assert!(finds_with_a_set(3, usize::MAX));
    }

    #[test]
    fn many_fields_are_kept_once_in_order_whether_scanned_or_set() {
        let nested = FieldSelection::new().name("id");
        let start = || {
            FieldSelection::new()
                .name("f03")
                .nested("f05", nested.clone())
        };
        // Few at a time (scanned) and all at once (a set): the same.
        let mut scanned = start();
        for chunk in MANY.chunks(4).chain(MANY.chunks(4)) {
            scanned.extend(chunk.iter().copied());
            assert!(scanned.len() <= 40);
        }
        let mut set = start();
        set.extend(MANY.iter().chain(MANY.iter()).copied());
        assert_eq!(set, scanned);
        assert_eq!(set.len(), 40);
        let text = set.to_string();
        assert!(
            text.starts_with("f03,f05{id},f00,f01,f02,f04,f06,"),
            "{text}"
        );
        assert!(text.ends_with(",f38,f39"), "{text}");
        // Past the scan, names already there are not added again.
        let mut again = set.clone();
        again.extend(MANY.iter().rev().copied());
        assert_eq!(again, set);
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
