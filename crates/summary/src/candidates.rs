//! The article's sentences as summary candidates: datelines and agency tags
//! cut from the front ("WASHINGTON (Reuters) -", "(CNN)"), page furniture
//! marked ineligible (bylines, "PUBLISHED:", "Editor's note", "Click here"),
//! and the traits the ranking weighs (length, quote, question).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// One sentence of the article.
pub(crate) struct Candidate {
    /// Byte range in the article, dateline removed.
    pub range: Range<usize>,
    /// Words with at least one letter (for unspaced scripts, characters / 2).
    pub words: usize,
    /// Page furniture: never chosen.
    pub boilerplate: bool,
    /// Opens with a quotation mark: a quote, seldom a summary sentence.
    pub quote: bool,
    /// Ends with a question mark.
    pub question: bool,
}

const AGENCIES: &str =
    "CNN|CNN Student News|CNNMoney|CNN Money|Reuters|AP|AFP|dpa|EFE|ANSA|Xinhua|Bloomberg|UPI|AAP|PA|\
Kyodo|Yonhap|TASS|Interfax|IANS|PTI|ANI|SDA|APA|KNA|epd|EW\\.com|Mashable|CBS News|NBC News|ABC News|BBC";

/// "(CNN)", "Jakarta (CNN)", "LONDON, England (CNN) --", "PARIS, Jan. 5 (AFP) —",
/// and, with a dash after it, any short parenthesised source.
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    let place = r"[\p{Lu}][\p{L}\p{M}.'’-]*(?:,?[ \t]+[\p{Lu}0-9][\p{L}\p{M}0-9.'’-]*){0,6},?[ \t]*";
    let dash = r"(?:--|[-—–:|])";
    Regex::new(&format!(
        r"^(?:(?:{place})?\((?i:{AGENCIES})\)[ \t]*{dash}?|(?:{place})?\([\p{{Lu}}][^()\n]{{0,30}}\)[ \t]*{dash}|\p{{Lu}}[\p{{Lu}}\p{{M}} .'’-]{{2,40}}(?:,[ \t]*[^\n]{{1,40}}?)?[ \t]+(?:--|—|–)[ \t])[ \t]*"
    ))
    .expect("dateline pattern")
});

/// Furniture of news pages that ends up in article text.
static BOILERPLATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:by\b.{0,60}$|published:|updated:|last (?:updated|modified)\b|editor'?s note\b|scroll down\b|click here\b|read more\b|related:|watch:|video:|photo:|pictured:|picture:|follow (?:us|@|\S+ on twitter)|sign up\b|subscribe\b|advertisement\b|copyright\b|\(c\)|©)|contributed to this report|the views expressed|all rights reserved|for (?:confidential support|more (?:news|information)).{0,40}(?:call|visit|click)",
    )
    .expect("boilerplate pattern")
});

pub(crate) fn candidates(text: &str, lang: Option<&str>) -> Vec<Candidate> {
    newsdesk_text::sentences(text, lang)
        .into_iter()
        .enumerate()
        .map(|(index, range)| candidate(text, range, index))
        .collect()
}

fn candidate(text: &str, mut range: Range<usize>, index: usize) -> Candidate {
    // Datelines open the article (or, after a byline, its first sentences).
    if index < 3 {
        if let Some(m) = DATELINE.find(&text[range.clone()]) {
            if m.end() < range.len() {
                range.start += m.end();
            }
        }
    }
    let sentence = &text[range.clone()];
    let spaced_words = sentence.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).count();
    let unspaced = sentence.chars().filter(|&c| is_unspaced(c)).count();
    let trimmed_end = sentence.trim_end_matches(['"', '\'', '”', '’', '»', ')', ' ']);
    Candidate {
        words: spaced_words.max(unspaced / 2),
        boilerplate: BOILERPLATE.is_match(sentence),
        quote: sentence.starts_with(['"', '“', '„', '«', '»', '‘', '\'']),
        question: trimmed_end.ends_with(['?', '？', '¿', '؟']),
        range,
    }
}

fn is_unspaced(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x0E00..=0x0EFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(text: &str) -> &str {
        let c = candidates(text, Some("en"));
        &text[c[0].range.clone()]
    }

    #[test]
    fn datelines_are_cut() {
        assert_eq!(first("(CNN)Share, and your gift will grow."), "Share, and your gift will grow.");
        assert_eq!(first("Jakarta (CNN)Turkish officials detained 16."), "Turkish officials detained 16.");
        assert_eq!(first("LONDON, England (CNN) -- The queen spoke."), "The queen spoke.");
        assert_eq!(first("WASHINGTON (Reuters) - The Senate voted."), "The Senate voted.");
        assert_eq!(first("PARIS, Jan. 5 (AFP) — France acted."), "France acted.");
        assert_eq!(first("BERLIN -- Germany voted on Sunday."), "Germany voted on Sunday.");
        assert_eq!(first("Esfahan, Iran (CNN)If you are looking, go."), "If you are looking, go.");
        // Not datelines.
        assert_eq!(first("Apple (AAPL) shares fell on Monday."), "Apple (AAPL) shares fell on Monday.");
        assert_eq!(first("The U.S. (and Canada) agreed."), "The U.S. (and Canada) agreed.");
    }

    #[test]
    fn furniture_is_marked() {
        let text = "By . Daily Mail Reporter . PUBLISHED: . 12:00 EST, 1 January 2014 . | . UPDATED: . 13:00 EST, 1 \
                    January 2014 . The bishop of the diocese has exposed hundreds of members to hepatitis A in March. Scroll \
                    down for video.";
        let c = candidates(text, Some("en"));
        let kept: Vec<&str> =
            c.iter().filter(|c| !c.boilerplate && c.words >= 5).map(|c| &text[c.range.clone()]).collect();
        assert_eq!(kept, ["The bishop of the diocese has exposed hundreds of members to hepatitis A in March."]);
    }

    #[test]
    fn traits() {
        let c = candidates("\"We won,\" he said. Did they? 東京で会議が開かれた。", Some("en"));
        assert!(c[0].quote && !c[0].question);
        assert!(c[1].question && !c[1].quote);
        assert!(c[2].words >= 4);
    }
}
