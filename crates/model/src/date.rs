use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, SecondsFormat};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A publication or modification time with exactly the precision the source gave.
///
/// Serialised as a string: RFC 3339 with offset (`2024-03-05T10:00:00+01:00`),
/// a local time without offset (`2024-03-05T10:00:00`), or a day (`2024-03-05`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PubDate {
    Zoned(DateTime<FixedOffset>),
    Local(NaiveDateTime),
    Day(NaiveDate),
}

/// A date string that none of the accepted formats matched.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a date: {0:?} (expected RFC 3339, RFC 2822 or YYYY-MM-DD)")]
pub struct PubDateError(pub String);

impl PubDate {
    /// The calendar day in the source's own time zone.
    pub fn day(&self) -> NaiveDate {
        match self {
            PubDate::Zoned(d) => d.date_naive(),
            PubDate::Local(d) => d.date(),
            PubDate::Day(d) => *d,
        }
    }

    /// A sortable UTC-ish instant: offsets applied when known, else the local
    /// time (or midnight) taken as UTC.
    pub fn timestamp(&self) -> i64 {
        match self {
            PubDate::Zoned(d) => d.timestamp(),
            PubDate::Local(d) => d.and_utc().timestamp(),
            PubDate::Day(d) => d.and_hms_opt(0, 0, 0).map(|t| t.and_utc().timestamp()).unwrap_or(0),
        }
    }

    /// Parses the strict machine formats (RFC 3339 and close variants, RFC 2822,
    /// ISO day). Free-text dates in pages are the extractor's job, not this.
    pub fn parse(s: &str) -> Result<Self, PubDateError> {
        let t = s.trim();
        if let Ok(d) = DateTime::parse_from_rfc3339(t) {
            return Ok(PubDate::Zoned(d));
        }
        for f in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z", "%Y-%m-%dT%H:%M%z", "%Y-%m-%d %H:%M:%S%.f %z"] {
            if let Ok(d) = DateTime::parse_from_str(t, f) {
                return Ok(PubDate::Zoned(d));
            }
        }
        if let Ok(d) = DateTime::parse_from_rfc2822(t) {
            return Ok(PubDate::Zoned(d));
        }
        // A trailing Z or UTC on otherwise-naive forms.
        let (naive, utc) = match t.strip_suffix('Z').or_else(|| t.strip_suffix(" UTC")) {
            Some(rest) => (rest, true),
            None => (t, false),
        };
        for f in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"] {
            if let Ok(d) = NaiveDateTime::parse_from_str(naive, f) {
                return Ok(if utc { PubDate::Zoned(d.and_utc().fixed_offset()) } else { PubDate::Local(d) });
            }
        }
        if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
            return Ok(PubDate::Day(d));
        }
        Err(PubDateError(s.chars().take(80).collect()))
    }
}

impl fmt::Display for PubDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PubDate::Zoned(d) => f.write_str(&d.to_rfc3339_opts(SecondsFormat::AutoSi, true)),
            PubDate::Local(d) => write!(f, "{}", d.format("%Y-%m-%dT%H:%M:%S")),
            PubDate::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
        }
    }
}

impl FromStr for PubDate {
    type Err = PubDateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PubDate::parse(s)
    }
}

impl Serialize for PubDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PubDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        PubDate::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_precision_the_source_gave() {
        for s in ["2024-03-05T10:00:00+01:00", "2024-03-05T10:00:00", "2024-03-05", "2024-03-05T09:00:00Z"] {
            assert_eq!(PubDate::parse(s).unwrap().to_string(), s);
        }
        assert_eq!(PubDate::parse("Tue, 05 Mar 2024 10:00:00 +0100").unwrap().to_string(), "2024-03-05T10:00:00+01:00");
        assert_eq!(PubDate::parse("2024-03-05 10:00:00 UTC").unwrap().to_string(), "2024-03-05T10:00:00Z");
        assert!(PubDate::parse("yesterday").is_err());
    }
}
