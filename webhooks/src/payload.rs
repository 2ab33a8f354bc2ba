//! The body of a delivery: [`Notification`] → [`Entry`] → [`Change`] (and
//! [`Messaging`] events), with typed values for the common Page fields.

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use graph_model::decode::{self, DecodeError};

/// One webhook delivery: `{"object": "page", "entry": [...]}`.
///
/// Decoding is tolerant: keys this type does not name are kept in `extra`
/// (and written back on serialization), and ids sent as numbers become
/// strings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Notification {
    /// What the subscription is on: `page`, `user`, `instagram`,
    /// `whatsapp_business_account`, `permissions`, …
    pub object: String,
    /// The batched events, one per object that changed.
    #[serde(default)]
    pub entry: Vec<Entry>,
    /// Every other key, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What happened to one object (`entry[]`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The id of the object that changed (the Page id for `object: page`).
    #[serde(deserialize_with = "id_string")]
    pub id: String,
    /// When, as Graph sends it: Unix seconds for `changes`, milliseconds
    /// for Messenger's `messaging`. 0 when absent.
    #[serde(default, deserialize_with = "lenient_i64")]
    pub time: i64,
    /// Field changes (`changes[]`): empty for Messenger events.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
    /// Messenger events (`messaging[]`): empty for field changes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub messaging: Vec<Messaging>,
    /// Every other key, as sent (`uid`, `changed_fields`, `standby`, …).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One field change (`entry[].changes[]`): the field's name and its value,
/// raw. Type it with [`Change::typed`] or [`Change::decode`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// The field that changed (`feed`, `leadgen`, `name`, `ratings`, …).
    pub field: String,
    /// What Graph sent for it, untouched. `null` when absent.
    #[serde(default)]
    pub value: Value,
    /// Every other key, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One Messenger event (`entry[].messaging[]`): who, to whom, when; the
/// event itself (`message`, `postback`, `delivery`, `read`, …) raw.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Messaging {
    /// Who sent it (a page-scoped user id, or the Page for echoes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender: Option<Participant>,
    /// Who it was sent to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<Participant>,
    /// When, in Unix milliseconds.
    #[serde(
        default,
        deserialize_with = "lenient_opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub timestamp: Option<i64>,
    /// The message, for a `messages` event (`mid`, `text`, `attachments`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<Value>,
    /// Every other key, as sent (`postback`, `delivery`, `read`, `reaction`, …).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A person or Page named in an event (`from`, `sender`, `recipient`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Participant {
    /// Its id; ids sent as numbers become strings.
    #[serde(
        default,
        deserialize_with = "opt_id_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
    /// Its name, where Graph sends one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Every other key, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The value of a Page `feed` change: a post, comment, reaction, … added,
/// edited or removed.
///
/// Every field is optional, as Graph leaves out what does not apply (no
/// `comment_id` for a post).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FeedChange {
    /// What changed: `status`, `post`, `comment`, `reaction`, `photo`,
    /// `video`, `share`, `like`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// What happened to it: `add`, `edited`, `remove`, `hide`, `unhide`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verb: Option<String>,
    /// The post (`{page id}_{post id}`).
    #[serde(
        default,
        deserialize_with = "opt_id_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub post_id: Option<String>,
    /// The comment, for comment changes.
    #[serde(
        default,
        deserialize_with = "opt_id_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub comment_id: Option<String>,
    /// What a comment or reaction is on: the post, or the comment replied to.
    #[serde(
        default,
        deserialize_with = "opt_id_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub parent_id: Option<String>,
    /// Who made the change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Participant>,
    /// The text of the post or comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// When, in Unix seconds.
    #[serde(
        default,
        deserialize_with = "lenient_opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub created_time: Option<i64>,
    /// The reaction, for reaction changes: `like`, `love`, `wow`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reaction_type: Option<String>,
    /// Whether the post is published (Graph sends `1` or `0`; `true` and
    /// `false` are accepted too).
    #[serde(
        default,
        deserialize_with = "lenient_opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub published: Option<bool>,
    /// Every other key, as sent (`photo`, `link`, `post`, `is_hidden`, …).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The value of a Page `leadgen` change: a lead form was submitted. Read
/// the lead itself with `GET /{leadgen_id}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LeadgenChange {
    /// The lead. Graph sends these ids as numbers; they are kept as strings.
    #[serde(
        default,
        deserialize_with = "opt_id_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub leadgen_id: Option<String>,
    /// The Page the form is on.
    #[serde(
        default,
        deserialize_with = "opt_id_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub page_id: Option<String>,
    /// The lead form.
    #[serde(
        default,
        deserialize_with = "opt_id_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub form_id: Option<String>,
    /// The ad, for leads from an ad.
    #[serde(
        default,
        deserialize_with = "opt_id_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub ad_id: Option<String>,
    /// The ad (its older name), for leads from an ad.
    #[serde(
        default,
        deserialize_with = "opt_id_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub adgroup_id: Option<String>,
    /// When, in Unix seconds.
    #[serde(
        default,
        deserialize_with = "lenient_opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub created_time: Option<i64>,
    /// Every other key, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A change's value, typed where the runtime knows its shape
/// ([`Change::typed`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum ChangeValue {
    /// `object: page`, `field: feed`.
    Feed(FeedChange),
    /// `object: page`, `field: leadgen`.
    Leadgen(LeadgenChange),
    /// Any other field, its value as sent.
    Other(Value),
}

impl Notification {
    /// Decodes a delivery's body. The error names the path of the value
    /// that does not fit (`entry[0].id`).
    pub fn from_slice(body: &[u8]) -> Result<Notification, DecodeError> {
        decode::from_slice(body)
    }

    /// Every change of every entry, with the entry it belongs to, in order.
    pub fn changes(&self) -> impl Iterator<Item = (&Entry, &Change)> {
        self.entry
            .iter()
            .flat_map(|entry| entry.changes.iter().map(move |change| (entry, change)))
    }
}

impl Change {
    /// The value decoded into `T`: a type of your own, or a model of the
    /// generated crate where the field names a node it knows (a generated
    /// model's `Deserialize` is tolerant, so values it does not know are
    /// kept in its `extra`). The error names the path inside `value`.
    ///
    /// ```
    /// use graph_webhooks::Change;
    /// #[derive(serde::Deserialize)]
    /// struct Rating { reviewer_id: String, recommendation_type: String }
    /// let change: Change = serde_json::from_value(serde_json::json!({
    ///     "field": "ratings",
    ///     "value": {"reviewer_id": "7", "recommendation_type": "positive"}
    /// })).unwrap();
    /// let rating: Rating = change.decode().unwrap();
    /// assert_eq!(rating.recommendation_type, "positive");
    /// ```
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, DecodeError> {
        decode::from_value(&self.value)
    }

    /// The value, typed by this rule: for `object` `"page"`, the `feed`
    /// field decodes to [`ChangeValue::Feed`] and `leadgen` to
    /// [`ChangeValue::Leadgen`]; every other object and field is
    /// [`ChangeValue::Other`] with the value as sent (type it yourself
    /// with [`Change::decode`]). `object` is the notification's
    /// ([`Notification::object`]); a change does not carry it.
    ///
    /// Fails only when a feed or leadgen value does not have their shape
    /// (not an object, a `message` that is a number, …); the error names
    /// the path, as in `from.id`.
    pub fn typed(&self, object: &str) -> Result<ChangeValue, DecodeError> {
        Ok(match (object, self.field.as_str()) {
            ("page", "feed") => ChangeValue::Feed(self.decode()?),
            ("page", "leadgen") => ChangeValue::Leadgen(self.decode()?),
            _ => ChangeValue::Other(self.value.clone()),
        })
    }
}

// Lenient scalars: Graph sends ids as strings in most places and as numbers
// in some (leadgen), times as numbers or numeric strings, flags as 0/1.

/// What one lenient scalar accepted, before conversion to its field's type.
enum Scalar {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string, a number, a boolean or null")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar::Int(i128::from(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar::Int(i128::from(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
        Ok(Scalar::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar::Str(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
        Ok(Scalar::Str(v))
    }
    fn visit_none<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
}

fn scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Scalar, D::Error> {
    d.deserialize_any(ScalarVisitor)
}

/// An id: a string, or an integer written as one.
fn id_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match opt_id_string(d)? {
        Some(id) => Ok(id),
        None => Err(de::Error::custom("expected an id, got null")),
    }
}

fn opt_id_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match scalar(d)? {
        Scalar::Null => Ok(None),
        Scalar::Str(s) => Ok(Some(s)),
        Scalar::Int(n) => Ok(Some(n.to_string())),
        Scalar::Float(_) => Err(de::Error::custom(
            "expected an id (a string or an integer), got a fractional number",
        )),
        Scalar::Bool(_) => Err(de::Error::custom(
            "expected an id (a string or an integer), got a boolean",
        )),
    }
}

/// A time or count: an integer, an integral float, or a string holding one.
fn lenient_i64<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    Ok(lenient_opt_i64(d)?.unwrap_or(0))
}

fn lenient_opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let out_of_range = || de::Error::custom("expected an integer that fits in 64 bits");
    match scalar(d)? {
        Scalar::Null => Ok(None),
        Scalar::Int(n) => i64::try_from(n).map(Some).map_err(|_| out_of_range()),
        // `as` saturates; the range check rejects what it would clamp.
        Scalar::Float(f) if f.fract() == 0.0 && f.abs() < 9.2e18 => Ok(Some(f as i64)),
        Scalar::Float(_) => Err(de::Error::custom(
            "expected an integer, got a fractional number",
        )),
        Scalar::Str(s) => s
            .trim()
            .parse::<i64>()
            .map(Some)
            .map_err(|_| de::Error::custom("expected an integer, got a string that is not one")),
        Scalar::Bool(_) => Err(de::Error::custom("expected an integer, got a boolean")),
    }
}

/// A flag: `true`/`false`, `1`/`0`, or those as strings.
fn lenient_opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    let invalid = || de::Error::custom("expected a boolean, 0 or 1");
    match scalar(d)? {
        Scalar::Null => Ok(None),
        Scalar::Bool(b) => Ok(Some(b)),
        Scalar::Int(0) => Ok(Some(false)),
        Scalar::Int(1) => Ok(Some(true)),
        Scalar::Str(s) => match s.as_str() {
            "true" | "1" => Ok(Some(true)),
            "false" | "0" => Ok(Some(false)),
            _ => Err(invalid()),
        },
        Scalar::Int(_) | Scalar::Float(_) => Err(invalid()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const FEED: &str = r#"{"object":"page","entry":[{"id":"1234","time":1700000000,"changes":[{"field":"feed","value":{"item":"comment","verb":"add","post_id":"1234_5678","comment_id":"5678_9","from":{"id":"42","name":"Ann"},"message":"hi","created_time":1700000000,"parent_id":"1234_5678"}}]}]}"#;
    const LEADGEN: &str = r#"{"object":"page","entry":[{"id":"153125381133","time":1438292065,"changes":[{"field":"leadgen","value":{"leadgen_id":123123123123,"page_id":123123123,"form_id":12312312312,"adgroup_id":12312312312,"created_time":1440120384}}]}]}"#;

    #[test]
    fn a_page_feed_comment_is_typed() {
        let notification = Notification::from_slice(FEED.as_bytes()).unwrap();
        assert_eq!(notification.object, "page");
        let entry = &notification.entry[0];
        assert_eq!((entry.id.as_str(), entry.time), ("1234", 1_700_000_000));
        let change = &entry.changes[0];
        assert_eq!(change.field, "feed");
        let ChangeValue::Feed(feed) = change.typed(&notification.object).unwrap() else {
            panic!("not a feed change");
        };
        assert_eq!(
            feed,
            FeedChange {
                item: Some("comment".into()),
                verb: Some("add".into()),
                post_id: Some("1234_5678".into()),
                comment_id: Some("5678_9".into()),
                parent_id: Some("1234_5678".into()),
                from: Some(Participant {
                    id: Some("42".into()),
                    name: Some("Ann".into()),
                    extra: Map::new()
                }),
                message: Some("hi".into()),
                created_time: Some(1_700_000_000),
                ..FeedChange::default()
            }
        );
    }

    #[test]
    fn a_leadgen_change_has_its_numeric_ids_as_strings() {
        let notification = Notification::from_slice(LEADGEN.as_bytes()).unwrap();
        let (entry, change) = notification.changes().next().unwrap();
        assert_eq!(
            (entry.id.as_str(), entry.time),
            ("153125381133", 1_438_292_065)
        );
        let ChangeValue::Leadgen(lead) = change.typed("page").unwrap() else {
            panic!("not a leadgen change");
        };
        assert_eq!(
            lead,
            LeadgenChange {
                leadgen_id: Some("123123123123".into()),
                page_id: Some("123123123".into()),
                form_id: Some("12312312312".into()),
                adgroup_id: Some("12312312312".into()),
                created_time: Some(1_440_120_384),
                ..LeadgenChange::default()
            }
        );
    }

    #[test]
    fn numeric_entry_ids_become_strings() {
        let notification: Notification = serde_json::from_value(
            json!({"object": "page", "entry": [{"id": 1234, "time": "17"}]}),
        )
        .unwrap();
        assert_eq!(notification.entry[0].id, "1234");
        assert_eq!(notification.entry[0].time, 17);
    }

    #[test]
    fn unknown_keys_are_kept_and_written_back() {
        let sent = json!({
            "object": "page",
            "extra_top": 1,
            "entry": [{
                "id": "1", "time": 2, "uid": "u",
                "changes": [{"field": "feed", "value": {"item": "post", "verb": "add", "photo": "p.jpg", "published": 1}, "note": true}]
            }]
        });
        let notification: Notification = serde_json::from_value(sent.clone()).unwrap();
        assert_eq!(notification.extra["extra_top"], 1);
        assert_eq!(notification.entry[0].extra["uid"], "u");
        assert_eq!(notification.entry[0].changes[0].extra["note"], true);
        assert_eq!(serde_json::to_value(&notification).unwrap(), sent);
        let ChangeValue::Feed(feed) = notification.entry[0].changes[0].typed("page").unwrap()
        else {
            panic!("not a feed change");
        };
        assert_eq!(feed.published, Some(true));
        assert_eq!(feed.extra["photo"], "p.jpg");
    }

    #[test]
    fn other_objects_and_fields_stay_raw() {
        let change = Change {
            field: "feed".into(),
            value: json!({"item": "status"}),
            extra: Map::new(),
        };
        assert_eq!(
            change.typed("user").unwrap(),
            ChangeValue::Other(json!({"item": "status"}))
        );
        let change = Change {
            field: "name".into(),
            value: json!("New name"),
            extra: Map::new(),
        };
        assert_eq!(
            change.typed("page").unwrap(),
            ChangeValue::Other(json!("New name"))
        );
    }

    #[test]
    fn a_feed_value_of_the_wrong_shape_names_the_path() {
        let change = Change {
            field: "feed".into(),
            value: json!({"from": {"id": true}}),
            extra: Map::new(),
        };
        let err = change.typed("page").unwrap_err();
        assert_eq!(err.path(), "from.id");
        let change = Change {
            field: "leadgen".into(),
            value: json!("not an object"),
            extra: Map::new(),
        };
        assert!(change.typed("page").is_err());
    }

    #[test]
    fn messenger_events_are_read() {
        let notification: Notification = serde_json::from_value(json!({
            "object": "page",
            "entry": [{"id": "p1", "time": 1458692752478_i64, "messaging": [{
                "sender": {"id": "USER"}, "recipient": {"id": 1234},
                "timestamp": 1458692752478_i64,
                "message": {"mid": "m1", "text": "hello"}
            }, {
                "sender": {"id": "USER"}, "recipient": {"id": "p1"},
                "postback": {"payload": "START"}
            }]}]
        }))
        .unwrap();
        let events = &notification.entry[0].messaging;
        assert_eq!(
            events[0].recipient.as_ref().unwrap().id.as_deref(),
            Some("1234")
        );
        assert_eq!(events[0].timestamp, Some(1_458_692_752_478));
        assert_eq!(events[0].message.as_ref().unwrap()["text"], "hello");
        assert_eq!(events[1].extra["postback"]["payload"], "START");
        assert!(notification.entry[0].changes.is_empty());
    }

    #[test]
    fn bad_bodies_are_errors_not_panics() {
        for body in [
            &b""[..],
            b"null",
            b"[]",
            b"{}",
            b"{\"object\": 1}",
            b"{\"object\": \"page\", \"entry\": [{}]}",
            b"{\"object\": \"page\", \"entry\": [{\"id\": 1.5}]}",
            b"{\"object\": \"page\", \"entry\": [{\"id\": \"1\", \"time\": 1e300}]}",
            b"{\"object\": \"page\", \"entry\": [{\"id\": \"1\", \"time\": 99999999999999999999}]}",
            b"{\"object\": \"page\"} trailing",
            b"\xff\xfe",
        ] {
            assert!(
                Notification::from_slice(body).is_err(),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        let err =
            Notification::from_slice(br#"{"object":"page","entry":[{"id":[1]}]}"#).unwrap_err();
        assert_eq!(err.path(), "entry[0].id");
    }
}
