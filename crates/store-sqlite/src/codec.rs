use chrono::{DateTime, SecondsFormat, Utc};

pub(crate) use newsdesk_store::{compress_page as compress, content_hash, decompress_page as decompress};

/// Fixed-width UTC timestamps: they compare correctly as text, which lets SQL
/// take `max()` of two of them.
pub(crate) fn format_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub(crate) fn parse_time(s: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
    DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc))
}
