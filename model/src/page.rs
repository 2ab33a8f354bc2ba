//! Pages of an edge: [`Page`] (alias [`EdgePage`]) with its [`Paging`],
//! [`Cursors`] and [`Summary`], decoded tolerantly wherever they occur (an
//! edge list's answer or an edge inline in a model), and the [`Position`]
//! a list stands at between two pages.
//!
//! Every page is decoded without the credentials Graph writes into its
//! links (`access_token`, `appsecret_proof`).

use std::fmt;
use std::marker::PhantomData;

use crate::params::CLIENT_PARAMS;
use crate::schema::{CURSORS, PAGE, PAGING, SUMMARY, Type};
use crate::tolerant;

/// One page of an edge: what an edge list returns, and what a model holds
/// for an edge returned inline under field expansion
/// (`comments: Option<EdgePage<Comment>>`).
///
/// Decodes from any object, tolerantly (see [`crate::tolerant`]):
/// `data` defaults to empty and the warnings of its entries are reported
/// under `data[i]`; `paging` and `summary` that do not fit are kept raw in
/// `extra`, with any key Graph adds. Encoding writes `extra` back.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Page<T> {
    /// The entries on this page.
    pub data: Vec<T>,
    /// Cursors and links to the neighbouring pages; absent when the edge is
    /// empty past the cursor.
    pub paging: Option<Paging>,
    /// `summary`, for edges that send one when asked with `summary=true`
    /// (`.summary(true)` on an expansion): `total_count` and friends.
    pub summary: Option<Summary>,
    /// What else the page held, as received.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The name the Graph API docs use for a page of an edge: [`Page`].
pub type EdgePage<T> = Page<T>;

impl<T> Default for Page<T> {
    fn default() -> Self {
        Page {
            data: Vec::new(),
            paging: None,
            summary: None,
            extra: serde_json::Map::new(),
        }
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Page<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor<T>(PhantomData<T>);
        impl<'de, T: serde::Deserialize<'de>> serde::de::Visitor<'de> for Visitor<T> {
            type Value = Page<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(PAGE_EXPECTED)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Page<T>, A::Error> {
                page_from_map(map, |map, page| {
                    page.data = map.next_value_seed(tolerant::Indexed {
                        key: "data",
                        item: PhantomData,
                    })?;
                    Ok(())
                })
            }
        }
        deserializer.deserialize_map(Visitor(PhantomData))
    }
}

const PAGE_EXPECTED: &str = "an edge page (`{\"data\": [...], \"paging\": {...}}`)";

/// A page inside a model (an edge returned inline): `data` that does not
/// fit (not a list, or an entry that is not one of `T`) is kept raw in
/// `extra` and `data` is empty, like any field.
impl<T: tolerant::Tolerant> tolerant::Tolerant for Page<T> {
    const NESTED: bool = true;
    fn decode<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
        cx: tolerant::Cx,
    ) -> Result<tolerant::Got<Self>, D::Error> {
        tolerant::shape::decode_as::<InlinePage<T>, D>(deserializer, cx)
    }
}

struct InlinePage<T>(PhantomData<T>);

impl<T: tolerant::Tolerant> tolerant::shape::Shape for InlinePage<T> {
    type Out = Page<T>;
    fn from_map<'de, A: serde::de::MapAccess<'de>>(
        map: A,
        cx: tolerant::Cx,
    ) -> Result<tolerant::Got<Page<T>>, A::Error> {
        let item = match cx.ty() {
            Type::Edge(item) => item,
            _ => &Type::Object,
        };
        page_from_map(map, |map, page| {
            let mut data = None;
            tolerant::Slot::new(map, "data", Type::List(item)).put(&mut data, &mut page.extra)?;
            page.data = data.unwrap_or_default();
            Ok(())
        })
        .map(tolerant::Got::Fit)
    }
}

/// The entries of a page: `data` through `data` (which differs between a
/// listed edge and an inline one), `paging` and `summary` tolerantly as
/// [`PAGE`] says, anything else into `extra`.
fn page_from_map<'de, A: serde::de::MapAccess<'de>, T>(
    mut map: A,
    mut data: impl FnMut(&mut A, &mut Page<T>) -> Result<(), A::Error>,
) -> Result<Page<T>, A::Error> {
    // `data` is one past PAGE's fields.
    let index = |key: &str| match key {
        "data" => Some(PAGE.fields.len()),
        _ => PAGE.fields.iter().position(|f| f.name == key),
    };
    let mut page = Page::default();
    while let Some(key) = map.next_key_seed(tolerant::KeySeed(index))? {
        match key {
            tolerant::de::Key::Known(index) => match PAGE.fields.get(index) {
                None => data(&mut map, &mut page)?,
                Some(field) => {
                    let slot = tolerant::Slot::new(&mut map, field.name, field.ty);
                    match field.name {
                        "paging" => slot.put(&mut page.paging, &mut page.extra)?,
                        _ => slot.put(&mut page.summary, &mut page.extra)?,
                    }
                }
            },
            tolerant::de::Key::Unknown(name) => {
                let value = map.next_value()?;
                page.extra.insert(name, value);
            }
        }
    }
    page.remove_credentials();
    Ok(page)
}

impl<T> Page<T> {
    /// Takes out the credentials Graph writes into paging links
    /// (`access_token`, `appsecret_proof`): from `next` and `previous`,
    /// from what else `paging` held, and from a `paging` kept raw. Every
    /// page is decoded through here, listed or inline, so none holds them.
    fn remove_credentials(&mut self) {
        if let Some(paging) = &mut self.paging {
            for link in [&mut paging.next, &mut paging.previous]
                .into_iter()
                .flatten()
            {
                if let std::borrow::Cow::Owned(clean) = link_without_credentials(link) {
                    *link = clean;
                }
            }
            paging
                .extra
                .values_mut()
                .for_each(links_without_credentials);
        }
        if let Some(raw) = self.extra.get_mut("paging") {
            links_without_credentials(raw);
        }
    }
}

/// Every string in `value` without the credentials of a paging link.
fn links_without_credentials(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::String(text) => {
            if let std::borrow::Cow::Owned(clean) = link_without_credentials(text) {
                *text = clean;
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(links_without_credentials),
        serde_json::Value::Object(map) => map.values_mut().for_each(links_without_credentials),
        _ => {}
    }
}

/// `paging`: cursors and links to the neighbouring pages.
///
/// The links are absolute URLs without `access_token` or `appsecret_proof`
/// (the client removes them: Graph writes the token into its links).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Paging {
    /// Cursors of the first and last entries on the page.
    pub cursors: Option<Cursors>,
    /// The next page; absent on the last page.
    pub next: Option<String>,
    /// The previous page; absent on the first page.
    pub previous: Option<String>,
    /// What else `paging` held, as received.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

crate::model_serde!(Paging, &PAGING; 0 "cursors" => cursors; 1 "next" => next; 2 "previous" => previous;);

/// `paging.cursors`: opaque positions for `after=` and `before=`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Cursors {
    /// The position of the first entry on the page.
    pub before: Option<String>,
    /// The position of the last entry on the page.
    pub after: Option<String>,
    /// What else `cursors` held, as received.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

crate::model_serde!(Cursors, &CURSORS; 0 "after" => after; 1 "before" => before;);

/// `summary` of an edge, sent when asked with `summary=true`
/// (`.summary(true)` on an expansion).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// How many entries the edge has in all (`limit` aside).
    pub total_count: Option<u64>,
    /// The rest of the summary, which varies by edge (`can_comment`,
    /// `order`, `has_liked`, …), as received.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

crate::model_serde!(Summary, &SUMMARY; 0 "total_count" => total_count;);

/// Where an edge list stands between two pages: the links (and cursors) of
/// the last page received, to go on from in this process or another one.
///
/// From `Pages::position` or [`Page::position`]; saved with serde (it is
/// plain JSON: `{"next": "https://…", "previous": …, "after": "…",
/// "before": "…"}`) and resumed with `EdgeList::resume`. Going on follows
/// the links, which are what works for every kind of Graph paging (cursors,
/// `since`/`until`, `offset`); the cursors are there for
/// `EdgeList::after` and `EdgeList::before`.
///
/// A position never holds the access token or `appsecret_proof`: they are
/// removed from the links, and a link that is not a URL is left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Position {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    next: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    previous: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    after: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    before: Option<String>,
}

impl Position {
    /// The position after a page: its links without credentials, and its cursors.
    fn of(paging: Option<&Paging>) -> Self {
        let Some(paging) = paging else {
            return Position::default();
        };
        let link = |link: &Option<String>| {
            let mut url = url::Url::parse(link.as_deref()?).ok()?;
            remove_credentials(&mut url);
            url.set_fragment(None);
            Some(String::from(url))
        };
        let cursors = paging.cursors.as_ref();
        Position {
            next: link(&paging.next),
            previous: link(&paging.previous),
            after: cursors.and_then(|c| c.after.clone()),
            before: cursors.and_then(|c| c.before.clone()),
        }
    }

    /// The next page's link (`paging.next`, without credentials); `None` at the end.
    pub fn next_url(&self) -> Option<&str> {
        self.next.as_deref()
    }

    /// The previous page's link (`paging.previous`, without credentials);
    /// `None` at the beginning.
    pub fn previous_url(&self) -> Option<&str> {
        self.previous.as_deref()
    }

    /// The cursor after the last page's last entry (`EdgeList::after`
    /// starts there, to see entries added since, say).
    pub fn after(&self) -> Option<&str> {
        self.after.as_deref()
    }

    /// The cursor before the last page's first entry (`EdgeList::before`).
    pub fn before(&self) -> Option<&str> {
        self.before.as_deref()
    }

    /// Whether there is a next page to go on to.
    pub fn has_next(&self) -> bool {
        self.next.is_some()
    }

    /// Whether there is a previous page to go back to.
    pub fn has_previous(&self) -> bool {
        self.previous.is_some()
    }
}

impl<T> Page<T> {
    /// Where a list stands after this page, to resume from
    /// (`EdgeList::resume`): its links, without credentials, and cursors.
    pub fn position(&self) -> Position {
        Position::of(self.paging.as_ref())
    }
}

/// A link the API handed out, without the credentials Graph writes into
/// it: `access_token` and `appsecret_proof` leave its query (and a
/// fragment that names them goes), a user name and password leave a URL.
/// Text that is not a URL loses each `name=value` pair of those names.
/// A link that holds none comes back as it is.
#[doc(hidden)]
pub fn link_without_credentials(link: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    // The URL parser drops tabs and line breaks and query names are
    // percent-decoded, so `acces\rs_token` and `access%5Ftoken` name the
    // token too: only text with none of those, and no `@`, is left unparsed.
    let names_one = CLIENT_PARAMS.iter().any(|name| link.contains(name));
    if !names_one && !link.contains(['%', '\t', '\n', '\r', '@']) {
        return Cow::Borrowed(link);
    }
    match url::Url::parse(link) {
        Ok(parsed) => {
            let mut url = parsed.clone();
            remove_credentials(&mut url);
            let _ = url.set_username("");
            let _ = url.set_password(None);
            let fragment = url.fragment().map(|f| {
                percent_encoding::percent_decode_str(f)
                    .decode_utf8_lossy()
                    .into_owned()
            });
            if fragment.is_some_and(|f| CLIENT_PARAMS.iter().any(|name| f.contains(name))) {
                url.set_fragment(None);
            }
            if url == parsed && !has_userinfo(&url) {
                return Cow::Borrowed(link);
            }
            // What a URL serializes to may parse into another URL (a host
            // of another scheme that holds `@`): the text is settled when
            // parsing it again finds no user name or password.
            let mut text = String::from(url);
            for _ in 0..2 {
                match url::Url::parse(&text) {
                    Ok(again) if has_userinfo(&again) => text = without_userinfo(&text),
                    _ => return Cow::Owned(text),
                }
            }
            // Not settled: nothing of it is kept.
            Cow::Owned(String::new())
        }
        Err(_) if names_one => {
            let mut text = link.to_owned();
            for name in CLIENT_PARAMS {
                let key = format!("{name}=");
                while let Some(at) = text.find(&key) {
                    let value = at + key.len();
                    let end = text[value..]
                        .find(|c: char| c == '&' || c == '#' || c.is_whitespace())
                        .map_or(text.len(), |end| value + end);
                    text.replace_range(at..end, "");
                }
            }
            // Without those pairs the text may be a URL after all, with a
            // user name and password to clear (it no longer names a
            // credential parameter, so this goes one level deep).
            match url::Url::parse(&text) {
                Ok(_) => Cow::Owned(link_without_credentials(&text).into_owned()),
                Err(_) => Cow::Owned(text),
            }
        }
        Err(_) => Cow::Borrowed(link),
    }
}

fn has_userinfo(url: &url::Url) -> bool {
    url.password().is_some() || !url.username().is_empty()
}

/// `url` (as serialized) without what stands before the last `@` of its
/// authority: a user name and password.
fn without_userinfo(url: &str) -> String {
    let Some(start) = url.find("://").map(|at| at + 3) else {
        return url.to_owned();
    };
    let end = url[start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |end| start + end);
    match url[start..end].rfind('@') {
        Some(at) => format!("{}{}", &url[..start], &url[start + at + 1..]),
        None => url.to_owned(),
    }
}

/// Removes `access_token` and `appsecret_proof` from a URL's query (Graph
/// puts the token in the `next` URLs it hands out). The query is rewritten
/// only if it held one of them.
#[doc(hidden)]
pub fn remove_credentials(url: &mut url::Url) {
    let is_credential = |name: &str| CLIENT_PARAMS.contains(&name);
    if !url.query_pairs().any(|(name, _)| is_credential(&name)) {
        return;
    }
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(name, _)| !is_credential(name))
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_lose_their_credentials_however_spelled() {
        let clean = |link: &str| link_without_credentials(link).into_owned();
        let base = "https://graph.facebook.com/v19.0/1/feed";
        for link in [
            format!("{base}?access_token=EAAB&after=QQ"),
            // The URL parser drops line breaks and tabs, and decodes names.
            format!("{base}?acces\rs_token=EAAB&after=QQ"),
            format!("{base}?access\t_token=EAAB&after=QQ"),
            format!("{base}?access%5Ftoken=EAAB&after=QQ"),
            format!("{base}?appsecret_proof=ab12&after=QQ"),
        ] {
            assert_eq!(clean(&link), format!("{base}?after=QQ"), "{link:?}");
        }
        assert_eq!(
            clean("https://user:EAAB@graph.facebook.com/x#access%5Ftoken=EAAB"),
            "https://graph.facebook.com/x"
        );
        assert_eq!(clean("not a URL access_token=EAAB&x=1"), "not a URL &x=1");
        // Another scheme, whose user name cannot be cleared through the parser.
        let odd = clean("hthtp://grapps:EAAB\t@@h.fa/x?appsecret_proof=ab");
        assert!(
            !odd.contains("EAAB") && !odd.contains("appsecret_proof"),
            "{odd}"
        );
        // The fuzz target's finding, as found.
        let found = include_bytes!("../../fuzz/seeds/paging_link/userinfo_non_special_scheme.bin");
        let cleaned = clean(&String::from_utf8_lossy(found));
        let url = url::Url::parse(&cleaned).unwrap();
        assert!(
            url.password().is_none() && url.username().is_empty(),
            "{cleaned}"
        );
        // A link without credentials comes back as it is, unparsed or not.
        for kept in [
            format!("{base}?after=QQ"),
            "https://h/a%20b?q=%41".to_owned(),
        ] {
            assert!(matches!(
                link_without_credentials(&kept),
                std::borrow::Cow::Borrowed(_)
            ));
        }
    }

    use serde_json::json;

    #[test]
    fn an_empty_edge_is_a_page_without_paging() {
        let page: Page<serde_json::Value> = serde_json::from_value(json!({"data": []})).unwrap();
        assert_eq!(
            (page.data.len(), page.paging, page.summary),
            (0, None, None)
        );
    }
}
