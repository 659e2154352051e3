//! Dates: machine formats (meta tags, JSON-LD, `<time datetime>`), free
//! text in many languages, and the URL path.
//!
//! Everything returns a [`PubDate`] with the precision the source gave: an
//! offset when the string has one, a local time when it has a time but no
//! offset, a bare day otherwise.

use std::sync::LazyLock;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use newsdesk_model::PubDate;
use regex::Regex;
use url::Url;

/// Pages older than this are not news the engine deals with; earlier "dates"
/// are nearly always copyright lines or parse accidents.
const MIN_YEAR: i32 = 1995;

/// How a page's numeric `a/b/yyyy` dates are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumericOrder {
    /// `dd/mm/yyyy`: most of the world.
    DayFirst,
    /// `mm/dd/yyyy`: US English pages.
    MonthFirst,
}

/// The upper bound dates are checked against. A day or local time carries no
/// offset, so it may be up to 14 hours ahead of UTC (UTC+14 exists) and still
/// not lie in the crawl's future.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bound {
    pub crawl: DateTime<Utc>,
}

impl Bound {
    pub(crate) fn accepts(&self, d: &PubDate) -> bool {
        if d.day().year() < MIN_YEAR {
            return false;
        }
        let latest_local = self.crawl.naive_utc() + Duration::hours(14);
        match d {
            PubDate::Zoned(z) => z.with_timezone(&Utc) <= self.crawl,
            PubDate::Local(l) => *l <= latest_local,
            PubDate::Day(day) => *day <= latest_local.date(),
        }
    }
}

/// Parses a machine-readable date value (meta `content`, JSON-LD, `datetime`
/// attributes). Falls back to the free-text parser because sites put "March
/// 5, 2024" into those fields too.
pub(crate) fn parse_machine(s: &str, order: NumericOrder) -> Option<PubDate> {
    let t = s.trim();
    if t.is_empty() || t.len() > 120 {
        return None;
    }
    if let Ok(d) = PubDate::parse(t) {
        return Some(d);
    }
    if let Some(d) = parse_iso_variants(t) {
        return Some(d);
    }
    // Unix timestamps (seconds or milliseconds), used by a few CMSs.
    if t.len() >= 9 && t.len() <= 13 && t.bytes().all(|b| b.is_ascii_digit()) {
        let n: i64 = t.parse().ok()?;
        let secs = if t.len() == 13 { n / 1000 } else { n };
        return Utc.timestamp_opt(secs, 0).single().map(|d| PubDate::Zoned(d.fixed_offset()));
    }
    parse_text(t, order)
}

static ISO_LOOSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(\d{4})[-/.]?(\d{2})[-/.]?(\d{2})(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?$",
    )
    .unwrap()
});

/// ISO 8601 shapes that the strict model parser does not take: `20240305`,
/// `2024/03/05 10:00`, hour-only offsets (`+01`), `GMT`.
fn parse_iso_variants(t: &str) -> Option<PubDate> {
    let c = ISO_LOOSE.captures(t)?;
    let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let day = NaiveDate::from_ymd_opt(num(1)? as i32, num(2)?, num(3)?)?;
    let Some(h) = num(4) else { return Some(PubDate::Day(day)) };
    let time = NaiveTime::from_hms_opt(h, num(5)?, num(6).unwrap_or(0))?;
    let local = NaiveDateTime::new(day, time);
    match c.get(7).map(|m| m.as_str()) {
        None => Some(PubDate::Local(local)),
        Some("Z" | "UTC" | "GMT") => Some(PubDate::Zoned(local.and_utc().fixed_offset())),
        Some(off) => {
            let sign = if off.starts_with('-') { -1 } else { 1 };
            let digits: String = off[1..].chars().filter(char::is_ascii_digit).collect();
            let hours: i32 = digits.get(..2)?.parse().ok()?;
            let mins: i32 = digits.get(2..4).and_then(|m| m.parse().ok()).unwrap_or(0);
            let tz = FixedOffset::east_opt(sign * (hours * 3600 + mins * 60))?;
            tz.from_local_datetime(&local).single().map(PubDate::Zoned)
        }
    }
}

/// Month names and abbreviations, matched as prefixes of the lower-cased word
/// (longest first) so inflected forms work: Russian "марта", Finnish
/// "maaliskuuta", Ukrainian "березня", Polish "marca".
static MONTH_PREFIXES: LazyLock<Vec<(&'static str, u32)>> = LazyLock::new(|| {
    let mut v: Vec<(&str, u32)> = vec![
        // English, German, French, Spanish, Portuguese, Italian, Dutch,
        // Danish/Norwegian/Swedish, Romanian, Indonesian, Hungarian.
        ("jan", 1),
        ("jän", 1),
        ("ene", 1),
        ("gen", 1),
        ("ian", 1),
        ("feb", 2),
        ("fév", 2),
        ("fev", 2),
        ("mar", 3),
        ("maart", 3),
        ("mär", 3),
        ("mrt", 3),
        ("már", 3),
        ("apr", 4),
        ("avr", 4),
        ("abr", 4),
        ("ápr", 4),
        ("may", 5),
        ("mai", 5),
        ("mag", 5),
        ("mei", 5),
        ("maj", 5),
        ("máj", 5),
        ("jun", 6),
        ("juin", 6),
        ("giu", 6),
        ("iun", 6),
        ("jún", 6),
        ("jul", 7),
        ("juil", 7),
        ("lug", 7),
        ("iul", 7),
        ("júl", 7),
        ("aug", 8),
        ("ago", 8),
        ("aoû", 8),
        ("aou", 8),
        ("agu", 8),
        ("sep", 9),
        ("set", 9),
        ("szep", 9),
        ("oct", 10),
        ("okt", 10),
        ("ott", 10),
        ("out", 10),
        ("októ", 10),
        ("nov", 11),
        ("noi", 11),
        ("dec", 12),
        ("déc", 12),
        ("dez", 12),
        ("dic", 12),
        ("des", 12),
        // Finnish (genitive/partitive forms share these stems).
        ("tammi", 1),
        ("helmi", 2),
        ("maalis", 3),
        ("huhti", 4),
        ("touko", 5),
        ("kesä", 6),
        ("heinä", 7),
        ("elo", 8),
        ("syys", 9),
        ("loka", 10),
        ("marras", 11),
        ("joulu", 12),
        // Turkish.
        ("ocak", 1),
        ("şubat", 2),
        ("subat", 2),
        ("nisan", 4),
        ("mayıs", 5),
        ("haziran", 6),
        ("temmuz", 7),
        ("ağustos", 8),
        ("agustos", 8),
        ("eylül", 9),
        ("eylul", 9),
        ("ekim", 10),
        ("kasım", 11),
        ("kasim", 11),
        ("aralık", 12),
        ("aralik", 12),
        // Polish.
        ("stycz", 1),
        ("luty", 2),
        ("lutego", 2),
        ("kwie", 4),
        ("czerw", 6),
        ("lip", 7),
        ("sierp", 8),
        ("wrze", 9),
        ("paźdz", 10),
        ("pazdz", 10),
        ("listop", 11),
        ("grud", 12),
        // Czech.
        ("led", 1),
        ("únor", 2),
        ("břez", 3),
        ("dub", 4),
        ("květ", 5),
        ("červen", 6),
        ("července", 7),
        ("červenec", 7),
        ("srp", 8),
        ("září", 9),
        ("říj", 10),
        ("prosin", 12),
        // Russian, Bulgarian, Serbian (Cyrillic).
        ("янв", 1),
        ("януар", 1),
        ("фев", 2),
        ("мар", 3),
        ("апр", 4),
        ("мая", 5),
        ("май", 5),
        ("июн", 6),
        ("юни", 6),
        ("июл", 7),
        ("юли", 7),
        ("авг", 8),
        ("сен", 9),
        ("септ", 9),
        ("окт", 10),
        ("ноя", 11),
        ("ноем", 11),
        ("дек", 12),
        // Ukrainian.
        ("січ", 1),
        ("лют", 2),
        ("берез", 3),
        ("квіт", 4),
        ("трав", 5),
        ("черв", 6),
        ("лип", 7),
        ("серп", 8),
        ("верес", 9),
        ("жовт", 10),
        ("листоп", 11),
        ("груд", 12),
        // Greek (genitive forms).
        ("ιαν", 1),
        ("φεβ", 2),
        ("μαρ", 3),
        ("απρ", 4),
        ("μαΐ", 5),
        ("μαι", 5),
        ("ιουν", 6),
        ("ιουλ", 7),
        ("αυγ", 8),
        ("σεπ", 9),
        ("οκτ", 10),
        ("νοε", 11),
        ("δεκ", 12),
        // Arabic: Egyptian/Gulf names, and the Levantine ones that are one word.
        ("يناير", 1),
        ("فبراير", 2),
        ("مارس", 3),
        ("أبريل", 4),
        ("ابريل", 4),
        ("إبريل", 4),
        ("مايو", 5),
        ("يونيو", 6),
        ("يوليو", 7),
        ("أغسطس", 8),
        ("اغسطس", 8),
        ("سبتمبر", 9),
        ("أكتوبر", 10),
        ("اكتوبر", 10),
        ("نوفمبر", 11),
        ("ديسمبر", 12),
        ("شباط", 2),
        ("آذار", 3),
        ("اذار", 3),
        ("نيسان", 4),
        ("أيار", 5),
        ("ايار", 5),
        ("حزيران", 6),
        ("تموز", 7),
        ("أيلول", 9),
        ("ايلول", 9),
        // Croatian/Bosnian/Serbian Latin names not covered above.
        ("siječ", 1),
        ("veljač", 2),
        ("ožuj", 3),
        ("travanj", 4),
        ("travnja", 4),
        ("svib", 5),
        ("lipanj", 6),
        ("lipnja", 6),
        ("srpanj", 7),
        ("srpnja", 7),
        ("kolovoz", 8),
        ("rujan", 9),
        ("rujna", 9),
        ("studen", 11),
        ("prosinac", 12),
        ("prosinca", 12),
    ];
    // Longest prefix first: "marras" (Finnish November) before "mar".
    v.sort_by_key(|(p, _)| std::cmp::Reverse(p.chars().count()));
    v
});

/// The month a word names, if any.
pub(crate) fn month_from_word(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    let n = w.chars().count();
    // A month word is short; anything longer is prose that happens to start
    // like a month ("marketing", "december's" is fine at 10).
    if !(3..=12).contains(&n) {
        return None;
    }
    MONTH_PREFIXES.iter().find(|(p, _)| w.starts_with(p)).map(|&(_, m)| m)
}

// The date regexes use ASCII word boundaries (`(?-u:\b)`) and ASCII
// digits: a Unicode `\b` cannot run in the fast DFA engines once the text
// holds a non-ASCII character, and digits other than 0-9 do not parse anyway.

/// Day-first with a month name: "5 March 2024", "5. März 2024", "5 de marzo de
/// 2024", "05 Ekim 2020", "5 марта 2024 г.", "5. maaliskuuta 2024".
static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)([0-9]{1,2})(?:\.|º|er|st|nd|rd|th)?\s*(?:de\s+|of\s+)?(\p{L}{3,12})\.?(?:\s*/\s*\p{L}{3,12})?,?\s*(?:de\s+|del\s+)?([0-9]{4})(?-u:\b)(?:[^0-9]{0,12}?(?-u:\b)([0-9]{1,2})[:h.]([0-9]{2})(?-u:\b))?")
        .unwrap()
});
/// Month first: "March 5, 2024", "Mar. 5th 2024 10:15".
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[^\p{L}\p{N}])(\p{L}{3,12})\.?\s+([0-9]{1,2})(?:st|nd|rd|th)?,?\s+([0-9]{4})(?-u:\b)(?:[^0-9]{0,12}?(?-u:\b)([0-9]{1,2}):([0-9]{2})(?-u:\b))?").unwrap()
});
/// Year first, numeric: "2024-03-05", "2024/03/05", "2024.03.05", "2024年3月5日".
static YEAR_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)([0-9]{4})(?:[-/.]\s?|年)([0-9]{1,2})(?:[-/.]\s?|月)([0-9]{1,2})(?:日)?(?:[^0-9]{0,12}?(?-u:\b)([0-9]{1,2}):([0-9]{2})(?-u:\b))?").unwrap()
});
/// Year last, numeric: "05.03.2024", "5/3/2024", "05-03-2024".
static YEAR_LAST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)([0-9]{1,2})([-/.])\s?([0-9]{1,2})[-/.]\s?([0-9]{4})(?-u:\b)(?:[^0-9]{0,12}?(?-u:\b)([0-9]{1,2})[:h]([0-9]{2})(?-u:\b))?").unwrap()
});
/// Year last, two digits, only with dots ("05.03.20"): common in German,
/// Russian and Finnish pages; slashes with two-digit years are too ambiguous.
static YEAR_LAST_SHORT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{2})(?-u:\b)(?:[^0-9.]|$)").unwrap());

/// Text longer than this is not run through the date regexes whole: only
/// short windows around each four-digit year are.
const WHOLE_TEXT_MAX: usize = 160;
/// Bytes of context read before and after a year: enough for "Wednesday 5
/// de septiembre de" before it and a time after it.
const WINDOW_BEFORE: usize = 64;
const WINDOW_AFTER: usize = 40;

/// Byte ranges of `text` around each plausible year (a run of exactly four
/// ASCII digits starting 19 or 20), merged where they overlap, never cutting
/// a digit run or a character.
fn year_windows(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i - start != 4 || !(b[start] == b'1' && b[start + 1] == b'9' || b[start] == b'2' && b[start + 1] == b'0') {
            continue;
        }
        let mut lo = start.saturating_sub(WINDOW_BEFORE);
        while lo > 0 && b[lo].is_ascii_digit() && b[lo - 1].is_ascii_digit() {
            lo -= 1;
        }
        while !text.is_char_boundary(lo) {
            lo += 1;
        }
        let mut hi = (i + WINDOW_AFTER).min(b.len());
        while hi < b.len() && b[hi - 1].is_ascii_digit() && b[hi].is_ascii_digit() {
            hi += 1;
        }
        while !text.is_char_boundary(hi) {
            hi -= 1;
        }
        match out.last_mut() {
            Some(last) if lo <= last.1 => last.1 = last.1.max(hi),
            _ => out.push((lo, hi)),
        }
        if out.len() > 400 {
            break;
        }
    }
    out
}

/// A found date: the parsed value and where it starts in the text.
fn build(y: i32, m: u32, d: u32, h: Option<u32>, min: Option<u32>) -> Option<PubDate> {
    let day = NaiveDate::from_ymd_opt(y, m, d)?;
    match (h, min) {
        (Some(h), Some(mi)) => match NaiveTime::from_hms_opt(h, mi, 0) {
            Some(t) => Some(PubDate::Local(NaiveDateTime::new(day, t))),
            None => Some(PubDate::Day(day)),
        },
        _ => Some(PubDate::Day(day)),
    }
}

/// The first date written in free text, in any of the supported shapes.
pub(crate) fn parse_text(text: &str, order: NumericOrder) -> Option<PubDate> {
    all_text_dates(text, order, 1).into_iter().next()
}

/// Up to `max` dates found in `text`, in order of appearance.
pub(crate) fn all_text_dates(text: &str, order: NumericOrder, max: usize) -> Vec<PubDate> {
    dated_positions(text, order, max).into_iter().map(|(_, d)| d).collect()
}

/// Up to `max` dates found in `text` with their byte offsets, in order of
/// appearance. Long text is only read around its years (every supported
/// shape but the dotted two-digit year has one), so the cost follows the
/// number of years, not the length.
pub(crate) fn dated_positions(text: &str, order: NumericOrder, max: usize) -> Vec<(usize, PubDate)> {
    if text.len() <= WHOLE_TEXT_MAX {
        if !text.bytes().any(|b| b.is_ascii_digit()) {
            return Vec::new();
        }
        return dated_positions_whole(text, order, max, true);
    }
    let mut found = Vec::new();
    for (lo, hi) in year_windows(text) {
        for (pos, d) in dated_positions_whole(&text[lo..hi], order, max, false) {
            found.push((lo + pos, d));
        }
        if found.len() >= max {
            break;
        }
    }
    found.truncate(max);
    found
}

/// The regexes run on all of `text`; `short_years` allows "05.03.20".
fn dated_positions_whole(text: &str, order: NumericOrder, max: usize, short_years: bool) -> Vec<(usize, PubDate)> {
    let mut found: Vec<(usize, PubDate)> = Vec::new();
    let num = |c: &regex::Captures<'_>, i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    for c in YEAR_FIRST.captures_iter(text) {
        if let Some(d) = num(&c, 1).and_then(|y| build(y as i32, num(&c, 2)?, num(&c, 3)?, num(&c, 4), num(&c, 5))) {
            found.push((c.get(0).map_or(0, |m| m.start()), d));
        }
    }
    for c in YEAR_LAST.captures_iter(text) {
        let (a, b, y) = match (num(&c, 1), num(&c, 3), num(&c, 4)) {
            (Some(a), Some(b), Some(y)) => (a, b, y as i32),
            _ => continue,
        };
        let sep = c.get(2).map_or("", |m| m.as_str());
        // Dots mean day first everywhere; slashes follow the page's convention
        // unless one of the numbers cannot be a month.
        let month_first = if a > 12 {
            false
        } else if b > 12 {
            true
        } else {
            sep == "/" && order == NumericOrder::MonthFirst
        };
        let (m, d) = if month_first { (a, b) } else { (b, a) };
        if let Some(d) = build(y, m, d, num(&c, 5), num(&c, 6)) {
            found.push((c.get(0).map_or(0, |m| m.start()), d));
        }
    }
    for c in DAY_MONTH_YEAR.captures_iter(text) {
        let Some(m) = c.get(2).and_then(|w| month_from_word(w.as_str())) else { continue };
        if let Some(d) = num(&c, 3).and_then(|y| build(y as i32, m, num(&c, 1)?, num(&c, 4), num(&c, 5))) {
            found.push((c.get(0).map_or(0, |m| m.start()), d));
        }
    }
    for c in MONTH_DAY_YEAR.captures_iter(text) {
        let Some(m) = c.get(1).and_then(|w| month_from_word(w.as_str())) else { continue };
        if let Some(d) = num(&c, 3).and_then(|y| build(y as i32, m, num(&c, 2)?, num(&c, 4), num(&c, 5))) {
            found.push((c.get(1).map_or(0, |m| m.start()), d));
        }
    }
    if found.is_empty() && short_years {
        for c in YEAR_LAST_SHORT.captures_iter(text) {
            if let (Some(d), Some(m), Some(y)) = (num(&c, 1), num(&c, 2), num(&c, 3)) {
                if let Some(p) = build(2000 + y as i32, m, d, None, None) {
                    found.push((c.get(0).map_or(0, |m| m.start()), p));
                }
            }
        }
    }
    found.sort_by_key(|(pos, _)| *pos);
    found.dedup_by_key(|(pos, _)| *pos);
    found.truncate(max);
    found
}

static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[/_\-.])(20\d{2}|19\d{2})([/_\-.]?)(\d{1,2})([/_\-.]?)(\d{1,2})(?:[/_\-.]|$|[a-zA-Z])").unwrap()
});

/// The day in a URL path: `/2024/03/05/`, `/20240305/`, `/2024-03-05-`,
/// `/2024/3/5/`. The query string is ignored: tracking parameters carry dates
/// that say nothing about the article.
pub(crate) fn url_date(url: &Url) -> Option<NaiveDate> {
    let path = url.path();
    for c in URL_DATE.captures_iter(path) {
        let (s1, s2) = (c.get(2).map_or("", |m| m.as_str()), c.get(4).map_or("", |m| m.as_str()));
        // Either both separators or none (20240305): "2024-3" followed by an
        // id is not a date.
        if s1 != s2 {
            continue;
        }
        let (m, d) = (c.get(3).map_or("", |m| m.as_str()), c.get(5).map_or("", |m| m.as_str()));
        if s1.is_empty() && (m.len() != 2 || d.len() != 2) {
            continue;
        }
        let y: i32 = c[1].parse().ok()?;
        if let Some(day) = NaiveDate::from_ymd_opt(y, m.parse().ok()?, d.parse().ok()?) {
            return Some(day);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Option<String> {
        parse_text(s, NumericOrder::DayFirst).map(|d| d.day().to_string())
    }

    #[test]
    fn many_languages() {
        assert_eq!(day("Published 5 March 2024").as_deref(), Some("2024-03-05"));
        assert_eq!(day("March 5, 2024 10:15 am").as_deref(), Some("2024-03-05"));
        assert_eq!(day("5. März 2024").as_deref(), Some("2024-03-05"));
        assert_eq!(day("le 5 mars 2024 à 10h15").as_deref(), Some("2024-03-05"));
        assert_eq!(day("5 de marzo de 2024").as_deref(), Some("2024-03-05"));
        assert_eq!(day("5 de março de 2024").as_deref(), Some("2024-03-05"));
        assert_eq!(day("5 marzo 2024").as_deref(), Some("2024-03-05"));
        assert_eq!(day("5 maart 2024").as_deref(), Some("2024-03-05"));
        assert_eq!(day("5. marts 2024").as_deref(), Some("2024-03-05"));
        assert_eq!(day("5. maaliskuuta 2024").as_deref(), Some("2024-03-05"));
        assert_eq!(day("5 marraskuuta 2024").as_deref(), Some("2024-11-05"));
        assert_eq!(day("05 Ekim 2020").as_deref(), Some("2020-10-05"));
        assert_eq!(day("5 марта 2024 г.").as_deref(), Some("2024-03-05"));
        assert_eq!(day("5 березня 2024").as_deref(), Some("2024-03-05"));
        assert_eq!(day("5 листопада 2024").as_deref(), Some("2024-11-05"));
        assert_eq!(day("05.03.2024 14:30").as_deref(), Some("2024-03-05"));
        assert_eq!(day("2024/03/05").as_deref(), Some("2024-03-05"));
        assert_eq!(day("2020年3月5日").as_deref(), Some("2020-03-05"));
        assert_eq!(day("الجمعة 24 نيسان / أبريل 2020 09:22").as_deref(), Some("2020-04-24"));
        assert_eq!(day("21. juni/lipanj, 2020.").as_deref(), Some("2020-06-21"));
        assert_eq!(
            parse_text("03/05/2024", NumericOrder::MonthFirst).map(|d| d.day().to_string()).as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(day("03/05/2024").as_deref(), Some("2024-05-03"));
        assert_eq!(day("nothing here 12345"), None);
    }

    #[test]
    fn time_is_kept_when_written() {
        assert_eq!(day("March 5, 2024 10:15").unwrap(), "2024-03-05");
        let d = parse_text("05.03.2024 14:30", NumericOrder::DayFirst).unwrap();
        assert_eq!(d.to_string(), "2024-03-05T14:30:00");
    }

    #[test]
    fn machine_formats() {
        let o = NumericOrder::DayFirst;
        assert_eq!(parse_machine("2024-03-05T10:00:00+01:00", o).unwrap().to_string(), "2024-03-05T10:00:00+01:00");
        assert_eq!(parse_machine("2024-03-05T10:00:00+0100", o).unwrap().to_string(), "2024-03-05T10:00:00+01:00");
        assert_eq!(parse_machine("2024-03-05T10:00+01", o).unwrap().to_string(), "2024-03-05T10:00:00+01:00");
        assert_eq!(parse_machine("20240305", o).unwrap().to_string(), "2024-03-05");
        assert_eq!(parse_machine("2024/03/05 10:00", o).unwrap().to_string(), "2024-03-05T10:00:00");
        assert_eq!(parse_machine("Tue, 05 Mar 2024 10:00:00 GMT", o).unwrap().day().to_string(), "2024-03-05");
    }

    #[test]
    fn url_dates() {
        let u = |s: &str| url_date(&Url::parse(s).unwrap()).map(|d| d.to_string());
        assert_eq!(u("https://x.com/2024/03/05/slug").as_deref(), Some("2024-03-05"));
        assert_eq!(u("https://x.com/news/20240305/slug").as_deref(), Some("2024-03-05"));
        assert_eq!(u("https://x.com/2024-03-05-slug").as_deref(), Some("2024-03-05"));
        assert_eq!(u("https://x.com/2020/6/24/21302329/slug").as_deref(), Some("2020-06-24"));
        assert_eq!(u("https://x.com/article/2024031"), None);
        assert_eq!(u("https://x.com/a?d=2024-03-05"), None);
    }

    #[test]
    fn future_and_ancient_dates_are_refused() {
        let b = Bound { crawl: Utc.with_ymd_and_hms(2021, 1, 1, 0, 0, 0).unwrap() };
        assert!(b.accepts(&PubDate::parse("2020-12-31").unwrap()));
        assert!(!b.accepts(&PubDate::parse("2021-01-02").unwrap()));
        assert!(!b.accepts(&PubDate::parse("2021-01-01T10:00:00Z").unwrap()));
        assert!(!b.accepts(&PubDate::parse("1990-01-01").unwrap()));
    }
}
