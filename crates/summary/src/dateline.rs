//! Datelines and agency tags at the head of a sentence: "(CNN)",
//! "Jakarta (CNN)", "LONDON, England (CNN) --", "WASHINGTON (Reuters) -",
//! "PARIS, Jan. 5 (AFP) —", "BERLIN -- ". Hand-written rather than a regex:
//! the Unicode classes such a pattern needs make the regex engine's
//! fallback clear tens of kilobytes per search.

/// Agencies whose tag needs no dash after it ("Jakarta (CNN)Turkish").
const AGENCIES: &[&str] = &[
    "cnn",
    "cnn student news",
    "cnnmoney",
    "cnn money",
    "reuters",
    "ap",
    "afp",
    "dpa",
    "efe",
    "ansa",
    "xinhua",
    "bloomberg",
    "upi",
    "aap",
    "pa",
    "kyodo",
    "yonhap",
    "tass",
    "interfax",
    "ians",
    "pti",
    "ani",
    "sda",
    "apa",
    "kna",
    "epd",
    "ew.com",
    "mashable",
    "cbs news",
    "nbc news",
    "abc news",
    "bbc",
];

/// How far into a sentence a dateline may reach, in bytes.
const MAX_PLACE: usize = 80;
const MAX_TAG: usize = 32;

/// The length in bytes of the dateline that opens `sentence`, if any,
/// including the dash and spaces after it.
pub(crate) fn dateline_len(sentence: &str) -> Option<usize> {
    tagged(sentence).or_else(|| capitals_and_dash(sentence))
}

/// "[Place] (Tag)" followed by a dash, or by anything when Tag is a known
/// agency.
fn tagged(sentence: &str) -> Option<usize> {
    let open = sentence.find('(').filter(|&i| i <= MAX_PLACE)?;
    let place = &sentence[..open];
    if !place.trim().is_empty() && !is_place(place) {
        return None;
    }
    let close = open + sentence[open..].find(')').filter(|&i| i <= MAX_TAG)?;
    let tag = sentence[open + 1..close].trim();
    if !tag.starts_with(|c: char| c.is_uppercase() || c.is_ascii_lowercase() && tag.len() <= 4) || tag.contains('(') {
        return None;
    }
    let after = close + 1;
    let agency = AGENCIES.iter().any(|a| tag.eq_ignore_ascii_case(a));
    match dash_after(&sentence[after..]) {
        Some(n) => Some(after + n),
        None if agency => Some(after + spaces(&sentence[after..])),
        None => None,
    }
}

/// "BERLIN -- ", "WASHINGTON, Jan. 5 — ": a word in capitals, a few more
/// capitalised words or numbers, then a dash between spaces.
fn capitals_and_dash(sentence: &str) -> Option<usize> {
    let first = sentence.split([' ', ',']).next()?;
    let letters = first.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 2 || first.chars().any(char::is_lowercase) {
        return None;
    }
    let limit = MAX_PLACE.min(sentence.len());
    for (i, c) in sentence.char_indices() {
        if i >= limit {
            break;
        }
        if c == ' ' {
            if let Some(n) = dash_after(&sentence[i..]).filter(|_| is_place(&sentence[..i])) {
                // A bare hyphen is too common inside sentences to count here.
                if sentence[i..i + n].contains(['—', '–']) || sentence[i..i + n].contains("--") {
                    return Some(i + n);
                }
            }
        }
    }
    None
}

/// Capitalised words, numbers and abbreviations only ("LONDON, England",
/// "PARIS, Jan. 5", "São Paulo"): no lower-case word, at most seven words.
fn is_place(text: &str) -> bool {
    let words: Vec<&str> = text.split([' ', ',', '\t']).filter(|w| !w.is_empty()).collect();
    !words.is_empty()
        && words.len() <= 7
        && words.iter().all(|w| w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()))
}

/// The length of " -- ", " - ", " — ", ": " and the like at the start of
/// `rest` (spaces before and after included), if `rest` starts with one.
fn dash_after(rest: &str) -> Option<usize> {
    let lead = spaces(rest);
    let tail = &rest[lead..];
    let dash = ["--", "—", "–", "-", ":", "|"].iter().find(|d| tail.starts_with(**d))?;
    let after = &tail[dash.len()..];
    // "-" must stand alone: "(AP)-based" is not a dateline.
    if after.is_empty() || !after.starts_with(char::is_whitespace) {
        return None;
    }
    Some(lead + dash.len() + spaces(after))
}

fn spaces(text: &str) -> usize {
    text.len() - text.trim_start_matches([' ', '\t', '\u{a0}']).len()
}

#[cfg(test)]
mod tests {
    use super::dateline_len;

    fn cut(s: &str) -> &str {
        &s[dateline_len(s).unwrap_or(0)..]
    }

    #[test]
    fn datelines_are_cut() {
        assert_eq!(cut("(CNN)Share, and your gift will grow."), "Share, and your gift will grow.");
        assert_eq!(cut("Jakarta (CNN)Turkish officials detained 16."), "Turkish officials detained 16.");
        assert_eq!(cut("LONDON, England (CNN) -- The queen spoke."), "The queen spoke.");
        assert_eq!(cut("WASHINGTON (Reuters) - The Senate voted."), "The Senate voted.");
        assert_eq!(cut("PARIS, Jan. 5 (AFP) — France acted."), "France acted.");
        assert_eq!(cut("MÜNCHEN (dpa) – Die Polizei ermittelt."), "Die Polizei ermittelt.");
        assert_eq!(cut("BERLIN -- Germany voted on Sunday."), "Germany voted on Sunday.");
        assert_eq!(cut("Esfahan, Iran (CNN)If you are looking, go."), "If you are looking, go.");
        assert_eq!(cut("São Paulo (Folha) - Chove."), "Chove.");
    }

    #[test]
    fn other_openings_stay() {
        for s in [
            "Apple (AAPL) shares fell on Monday.",
            "The U.S. (and Canada) agreed.",
            "Officials (who declined) - said no.",
            "NASA said the launch - a first - went well.",
            "(CNN",
            "(",
            "",
            "ÄÖÜ",
            "(CNN)",
            "US — a long dash — here.",
        ] {
            let n = dateline_len(s).unwrap_or(0);
            assert!(s.is_char_boundary(n), "{s}");
        }
        assert_eq!(dateline_len("Apple (AAPL) shares fell on Monday."), None);
        assert_eq!(dateline_len("The U.S. (and Canada) agreed."), None);
        assert_eq!(dateline_len("Officials (who declined) - said no."), None);
        assert_eq!(dateline_len("NASA said the launch - a first - went well."), None);
    }
}
