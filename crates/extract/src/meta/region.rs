//! The newsroom's clock: a plausible UTC offset for a page from where it
//! says it is from (country-code domain, locale and language tags). Used to
//! read a bare UTC instant as the day the publisher's readers saw.
//!
//! One representative zone per country (the capital's or the main
//! newsrooms'), with daylight saving approximated by fixed calendar spans.

use chrono::{Datelike, FixedOffset, NaiveDate};

/// Daylight saving rule of a zone.
#[derive(Clone, Copy)]
enum Dst {
    None,
    /// North America: second Sunday of March to first Sunday of November.
    America,
    /// Europe: last Sunday of March to last Sunday of October.
    Europe,
    /// Southern hemisphere (Australia, New Zealand, Chile): October to early April.
    South,
}

/// Country (ISO 3166 / ccTLD) → standard offset in minutes and DST rule.
const COUNTRIES: &[(&str, i32, Dst)] = &[
    ("us", -300, Dst::America),
    ("ca", -300, Dst::America),
    ("mx", -360, Dst::None),
    ("br", -180, Dst::None),
    ("ar", -180, Dst::None),
    ("cl", -240, Dst::South),
    ("co", -300, Dst::None),
    ("pe", -300, Dst::None),
    ("ve", -240, Dst::None),
    ("uk", 0, Dst::Europe),
    ("gb", 0, Dst::Europe),
    ("ie", 0, Dst::Europe),
    ("pt", 0, Dst::Europe),
    ("es", 60, Dst::Europe),
    ("fr", 60, Dst::Europe),
    ("be", 60, Dst::Europe),
    ("nl", 60, Dst::Europe),
    ("lu", 60, Dst::Europe),
    ("de", 60, Dst::Europe),
    ("at", 60, Dst::Europe),
    ("ch", 60, Dst::Europe),
    ("it", 60, Dst::Europe),
    ("dk", 60, Dst::Europe),
    ("no", 60, Dst::Europe),
    ("se", 60, Dst::Europe),
    ("pl", 60, Dst::Europe),
    ("cz", 60, Dst::Europe),
    ("sk", 60, Dst::Europe),
    ("hu", 60, Dst::Europe),
    ("si", 60, Dst::Europe),
    ("hr", 60, Dst::Europe),
    ("ba", 60, Dst::Europe),
    ("rs", 60, Dst::Europe),
    ("me", 60, Dst::Europe),
    ("mk", 60, Dst::Europe),
    ("al", 60, Dst::Europe),
    ("ng", 60, Dst::None),
    ("fi", 120, Dst::Europe),
    ("ee", 120, Dst::Europe),
    ("lv", 120, Dst::Europe),
    ("lt", 120, Dst::Europe),
    ("ua", 120, Dst::Europe),
    ("ro", 120, Dst::Europe),
    ("bg", 120, Dst::Europe),
    ("gr", 120, Dst::Europe),
    ("cy", 120, Dst::Europe),
    ("il", 120, Dst::Europe),
    ("eg", 120, Dst::None),
    ("za", 120, Dst::None),
    ("tr", 180, Dst::None),
    ("ru", 180, Dst::None),
    ("by", 180, Dst::None),
    ("sa", 180, Dst::None),
    ("qa", 180, Dst::None),
    ("kw", 180, Dst::None),
    ("ke", 180, Dst::None),
    ("ir", 210, Dst::None),
    ("ae", 240, Dst::None),
    ("pk", 300, Dst::None),
    ("in", 330, Dst::None),
    ("np", 345, Dst::None),
    ("bd", 360, Dst::None),
    ("th", 420, Dst::None),
    ("vn", 420, Dst::None),
    ("id", 420, Dst::None),
    ("cn", 480, Dst::None),
    ("hk", 480, Dst::None),
    ("tw", 480, Dst::None),
    ("sg", 480, Dst::None),
    ("my", 480, Dst::None),
    ("ph", 480, Dst::None),
    ("jp", 540, Dst::None),
    ("kr", 540, Dst::None),
    ("au", 600, Dst::South),
    ("nz", 720, Dst::South),
];

/// Languages spoken mainly in one time zone → that zone's country. English,
/// Spanish, French, Portuguese, Arabic and others spread over many zones say
/// nothing on their own.
const LANGUAGES: &[(&str, &str)] = &[
    ("ja", "jp"),
    ("ko", "kr"),
    ("zh", "cn"),
    ("ru", "ru"),
    ("tr", "tr"),
    ("uk", "ua"),
    ("fi", "fi"),
    ("el", "gr"),
    ("he", "il"),
    ("fa", "ir"),
    ("de", "de"),
    ("it", "it"),
    ("pl", "pl"),
    ("nl", "nl"),
    ("cs", "cz"),
    ("sk", "sk"),
    ("hu", "hu"),
    ("da", "dk"),
    ("sv", "se"),
    ("nb", "no"),
    ("nn", "no"),
    ("no", "no"),
    ("hr", "hr"),
    ("bs", "ba"),
    ("sr", "rs"),
    ("sl", "si"),
    ("ro", "ro"),
    ("bg", "bg"),
    ("et", "ee"),
    ("lv", "lv"),
    ("lt", "lt"),
    ("th", "th"),
    ("vi", "vn"),
    ("id", "id"),
    ("bn", "bd"),
];

fn country(code: &str) -> Option<(i32, Dst)> {
    COUNTRIES.iter().find(|(c, _, _)| *c == code).map(|&(_, off, dst)| (off, dst))
}

/// Whether daylight saving is on for `day` (approximate spans; the edges
/// only matter for instants within an hour of local midnight).
fn dst_on(dst: Dst, day: NaiveDate) -> bool {
    let md = (day.month(), day.day());
    match dst {
        Dst::None => false,
        Dst::America => ((3, 10)..(11, 3)).contains(&md),
        Dst::Europe => ((3, 27)..(10, 27)).contains(&md),
        Dst::South => !((4, 4)..(10, 4)).contains(&md),
    }
}

/// The region of a language tag ("en-us" → "us", "fr-ca" → "ca"), if any.
fn tag_region(tag: &str) -> Option<&str> {
    let mut parts = tag.split(['-', '_']);
    parts.next()?;
    parts.find(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_alphabetic()))
}

/// The offset of the page's country on `day`, from `signals` (`tld:xx` and
/// `tag:xx-yy` entries, see `region_signals`): a country-code domain first
/// (locales are often left at a CMS default such as `en_US`), then the
/// region of a tag, then a language spoken in one zone.
pub(crate) fn offset_for(signals: &[String], day: NaiveDate) -> Option<FixedOffset> {
    let tld = signals.iter().filter_map(|s| s.strip_prefix("tld:")).find_map(|t| country(t).map(|c| (t, c)));
    let tags = || signals.iter().filter_map(|s| s.strip_prefix("tag:"));
    let region = tags().filter_map(tag_region).find_map(country);
    let lang = tags().filter_map(|t| {
        let primary = t.split(['-', '_']).next()?;
        LANGUAGES.iter().find(|(l, _)| *l == primary).and_then(|(_, c)| country(c))
    });
    let (std, dst) = tld.map(|(_, c)| c).or(region).or_else(|| lang.into_iter().next())?;
    let minutes = std + if dst_on(dst, day) { 60 } else { 0 };
    FixedOffset::east_opt(minutes * 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn off(signals: &[&str], day: &str) -> Option<i32> {
        let s: Vec<String> = signals.iter().map(|s| s.to_string()).collect();
        offset_for(&s, day.parse().unwrap()).map(|o| o.local_minus_utc() / 60)
    }

    #[test]
    fn country_domain_then_tag_region_then_language() {
        assert_eq!(off(&["tld:com", "tag:en-us"], "2024-07-01"), Some(-240));
        assert_eq!(off(&["tld:com", "tag:en-us"], "2024-01-15"), Some(-300));
        assert_eq!(off(&["tld:au", "tag:en-us"], "2024-01-15"), Some(660));
        assert_eq!(off(&["tld:com", "tag:fr", "tag:fr-ca"], "2024-08-24"), Some(-240));
        assert_eq!(off(&["tag:de"], "2024-01-15"), Some(60));
        assert_eq!(off(&["tld:in"], "2024-01-15"), Some(330));
        // English, Spanish or a generic domain alone say nothing.
        assert_eq!(off(&["tld:com", "tag:en"], "2024-01-15"), None);
        assert_eq!(off(&["tag:es"], "2024-01-15"), None);
    }
}
