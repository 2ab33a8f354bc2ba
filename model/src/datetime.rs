//! Graph's `datetime`: `2021-04-30T01:37:07+0000`, and RFC 3339 on input.

use std::fmt;
use std::str::FromStr;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;

/// A point in time as the Graph API sends it.
///
/// Parses Graph's own form (`2021-04-30T01:37:07+0000`) and RFC 3339
/// (`2021-04-30T01:37:07Z`, `…+00:00`, fractional seconds); serializes in
/// Graph's form, keeping the offset it was given (RFC 3339 when it has a
/// fraction of a second, which Graph's form cannot hold).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateTime(OffsetDateTime);

const GRAPH_FORMAT: &[time::format_description::BorrowedFormatItem<'static>] = format_description!(
    "[year]-[month]-[day]T[hour]:[minute]:[second][offset_hour sign:mandatory][offset_minute]"
);

impl DateTime {
    /// Parses either accepted form.
    pub fn parse(s: &str) -> Result<Self, InvalidDateTime> {
        OffsetDateTime::parse(s, GRAPH_FORMAT)
            .or_else(|_| OffsetDateTime::parse(s, &Rfc3339))
            .map(DateTime)
            .map_err(|_| InvalidDateTime)
    }

    /// The wrapped [`time::OffsetDateTime`].
    pub fn as_offset_date_time(&self) -> OffsetDateTime {
        self.0
    }

    /// Seconds since the Unix epoch.
    pub fn unix_timestamp(&self) -> i64 {
        self.0.unix_timestamp()
    }
}

impl From<OffsetDateTime> for DateTime {
    fn from(value: OffsetDateTime) -> Self {
        DateTime(value)
    }
}

impl From<DateTime> for OffsetDateTime {
    fn from(value: DateTime) -> Self {
        value.0
    }
}

impl FromStr for DateTime {
    type Err = InvalidDateTime;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DateTime::parse(s)
    }
}

/// Graph's form: `2021-04-30T01:37:07+0000`; RFC 3339 when there is a
/// fraction of a second, which Graph's form cannot hold
/// (`2021-04-30T03:37:07.25+02:00`), so that no instant is rounded.
impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = if self.0.nanosecond() == 0 {
            self.0.format(GRAPH_FORMAT)
        } else {
            self.0.format(&Rfc3339)
        };
        f.write_str(&text.map_err(|_| fmt::Error)?)
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DateTime({self})")
    }
}

/// A string that is neither Graph's datetime form nor RFC 3339.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidDateTime;

impl fmt::Display for InvalidDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("expected a datetime like 2021-04-30T01:37:07+0000 or RFC 3339")
    }
}

impl std::error::Error for InvalidDateTime {}

impl serde::Serialize for DateTime {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for DateTime {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = DateTime;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a datetime string like 2021-04-30T01:37:07+0000")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<DateTime, E> {
                DateTime::parse(v)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Str(v), &self))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_graph_and_rfc3339_forms() {
        let graph = DateTime::parse("2021-04-30T01:37:07+0000").unwrap();
        let rfc = DateTime::parse("2021-04-30T01:37:07Z").unwrap();
        let rfc_offset = DateTime::parse("2021-04-30T03:37:07+02:00").unwrap();
        assert_eq!(graph, rfc);
        assert_eq!(graph.unix_timestamp(), rfc_offset.unix_timestamp());
        assert_eq!(graph.unix_timestamp(), 1_619_746_627);
    }

    #[test]
    fn writes_graph_form() {
        let dt = DateTime::parse("2021-04-30T01:37:07Z").unwrap();
        assert_eq!(dt.to_string(), "2021-04-30T01:37:07+0000");
        assert_eq!(
            serde_json::to_string(&dt).unwrap(),
            "\"2021-04-30T01:37:07+0000\""
        );
    }

    #[test]
    fn rejects_other_text() {
        for bad in [
            "",
            "2021-04-30",
            "yesterday",
            "2021-13-30T01:37:07+0000",
            "1619746627",
        ] {
            assert!(DateTime::parse(bad).is_err(), "{bad}");
        }
        assert!(serde_json::from_str::<DateTime>("\"nope\"").is_err());
        assert!(serde_json::from_str::<DateTime>("5").is_err());
    }
}
