//! W3C datetime (the profile of ISO 8601 that sitemaps use), leniently.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};

/// Parses `2026-12-01`, `2026-12`, `2026`, `2026-12-01T10:00Z`,
/// `2026-12-01T10:00:30.25+01:00`, also with a space for `T`, `+0100` or no
/// offset (taken as UTC); RFC 2822 as a last resort. Anything else is `None`.
pub(crate) fn parse_w3c(raw: &str) -> Option<DateTime<Utc>> {
    let s = raw.trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt.with_timezone(&Utc));
    }
    parse_lenient(s).or_else(|| DateTime::parse_from_rfc2822(s).ok().map(|d| d.with_timezone(&Utc)))
}

struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    /// Exactly `n` ASCII digits.
    fn digits(&mut self, n: usize) -> Option<u32> {
        let mut v = 0u32;
        for _ in 0..n {
            let d = self.peek().filter(u8::is_ascii_digit)?;
            v = v * 10 + u32::from(d - b'0');
            self.i += 1;
        }
        Some(v)
    }
    fn done(&self) -> bool {
        self.i >= self.b.len()
    }
}

fn parse_lenient(s: &str) -> Option<DateTime<Utc>> {
    let mut c = Cursor { b: s.as_bytes(), i: 0 };
    let year = c.digits(4)?;
    let (mut month, mut day) = (1, 1);
    if c.eat(b'-') {
        month = c.digits(2)?;
        if c.eat(b'-') {
            day = c.digits(2)?;
        }
    }
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    if c.done() {
        return Some(Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN)));
    }
    if !(c.eat(b'T') || c.eat(b't') || c.eat(b' ')) {
        return None;
    }
    let hour = c.digits(2)?;
    if !c.eat(b':') {
        return None;
    }
    let minute = c.digits(2)?;
    let (mut second, mut nanos) = (0, 0);
    if c.eat(b':') {
        second = c.digits(2)?;
        if c.eat(b'.') || c.eat(b',') {
            let start = c.i;
            let mut scale = 100_000_000u32;
            while let Some(d) = c.peek().filter(u8::is_ascii_digit) {
                nanos += u32::from(d - b'0') * scale;
                scale /= 10;
                c.i += 1;
            }
            if c.i == start {
                return None;
            }
        }
    }
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second.min(59), nanos)?;
    let local = date.and_time(time);
    let offset_secs = match c.peek() {
        None => 0,
        Some(b'Z' | b'z') => {
            c.i += 1;
            0
        }
        Some(sign @ (b'+' | b'-')) => {
            c.i += 1;
            let h = c.digits(2)?;
            c.eat(b':');
            let m = if c.done() { 0 } else { c.digits(2)? };
            let secs = i32::try_from(h * 3600 + m * 60).ok()?;
            if sign == b'-' {
                -secs
            } else {
                secs
            }
        }
        Some(_) => return None,
    };
    if !c.done() {
        return None;
    }
    let offset = FixedOffset::east_opt(offset_secs)?;
    offset.from_local_datetime(&local).single().map(|d| d.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::parse_w3c;

    fn iso(s: &str) -> Option<String> {
        parse_w3c(s).map(|d| d.to_rfc3339())
    }

    #[test]
    fn w3c_forms() {
        assert_eq!(iso("2026-12-01").as_deref(), Some("2026-12-01T00:00:00+00:00"));
        assert_eq!(iso("2026-12").as_deref(), Some("2026-12-01T00:00:00+00:00"));
        assert_eq!(iso("2026-12-01T10:00Z").as_deref(), Some("2026-12-01T10:00:00+00:00"));
        assert_eq!(iso("2026-12-01T10:00+02:00").as_deref(), Some("2026-12-01T08:00:00+00:00"));
        assert_eq!(iso(" 2026-12-01T10:00:05.5-0130 ").as_deref(), Some("2026-12-01T11:30:05.500+00:00"));
        assert_eq!(iso("2026-12-01 10:00:05").as_deref(), Some("2026-12-01T10:00:05+00:00"));
        assert_eq!(iso("Tue, 01 Dec 2026 10:00:00 GMT").as_deref(), Some("2026-12-01T10:00:00+00:00"));
    }

    #[test]
    fn bad_dates_are_none() {
        for bad in [
            "",
            "yesterday",
            "2026-13-01",
            "2026-02-30",
            "2026-12-01T25:00Z",
            "2026-12-01T10",
            "2026-12-01T10:00+99:00",
            "2026-12-01T10:00:00.Z",
            "２０２６-12-01",
        ] {
            assert_eq!(parse_w3c(bad), None, "{bad}");
        }
    }
}
