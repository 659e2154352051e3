//! The article's sentences as summary candidates: datelines and agency tags
//! cut from the front ("WASHINGTON (Reuters) -", "(CNN)"), page furniture
//! marked ineligible (bylines, "PUBLISHED:", "Editor's note", "Click here"),
//! and the traits the ranking weighs (length, quote, question).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::dateline::dateline_len;

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
    /// Speaks as "I" or "we": a columnist's aside or an unmarked quote.
    pub first_person: bool,
}

/// First-person pronouns and possessives, lower case, by language.
fn first_person_words(primary: &str) -> &'static [&'static str] {
    match primary {
        "de" => &[
            "ich", "mich", "mir", "mein", "meine", "meinen", "meinem", "meiner", "wir", "uns", "unser", "unsere",
            "unseren",
        ],
        "fr" => &["je", "j", "moi", "mon", "ma", "mes", "nous", "notre", "nos"],
        "es" => &["yo", "mi", "mis", "nosotros", "nosotras", "nuestro", "nuestra", "nuestros", "nuestras"],
        "pt" => &["eu", "meu", "minha", "meus", "minhas", "nós", "nosso", "nossa", "nossos", "nossas"],
        "it" => &["io", "mio", "mia", "miei", "mie", "noi", "nostro", "nostra", "nostri", "nostre"],
        "nl" => &["ik", "mij", "mijn", "wij", "we", "ons", "onze"],
        // English also when the language is not known.
        "en" | "" => &["i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"],
        _ => &[],
    }
}

/// Furniture of news pages that ends up in article text: how such a
/// sentence starts...
static FURNITURE_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:by(?-u:\b).{0,60}$|published:|updated:|last (?:updated|modified)(?-u:\b)|editor'?s note(?-u:\b)|scroll down(?-u:\b)|click here(?-u:\b)|read more(?-u:\b)|related:|watch:|video:|photo:|pictured:|picture:|follow (?:us|@|\S+ on twitter)|sign up(?-u:\b)|subscribe(?-u:\b)|advertisement(?-u:\b)|copyright(?-u:\b)|\(c\)|©)",
    )
    .expect("furniture pattern")
});

/// ... or what it says anywhere.
static FURNITURE_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)contributed to this report|the views expressed|all rights reserved|for confidential support")
        .expect("furniture phrase pattern")
});

pub(crate) fn candidates(text: &str, lang: Option<&str>) -> Vec<Candidate> {
    let style = Style::new(lang);
    let mut quote_open = false;
    let mut previous_end = 0;
    let mut out = Vec::new();
    for (index, mut range) in newsdesk_text::sentences(text, lang).into_iter().enumerate() {
        // A quotation never runs on into a new paragraph without reopening.
        if text[previous_end..range.start].contains('\n') {
            quote_open = false;
        }
        previous_end = range.end;
        // Datelines open the article (or, after a byline, its first sentences).
        // Datelines open the article (or, after a byline, its first sentences).
        if index < 3 {
            if let Some(n) = dateline_len(&text[range.clone()]).filter(|&n| n < range.len()) {
                range.start += n;
            }
        }
        let sentence = &text[range.clone()];
        let scan = scan(sentence, &style, quote_open);
        let trimmed_end = sentence.trim_end_matches(['"', '\'', '”', '’', '»', ')', ' ']);
        out.push(Candidate {
            words: scan.words.max(scan.unspaced_chars / 2),
            boilerplate: FURNITURE_START.is_match(sentence) || FURNITURE_PHRASE.is_match(sentence),
            quote: quote_open || sentence.starts_with(['"', '“', '„', '«', '»', '‘', '\'']),
            question: trimmed_end.ends_with(['?', '？', '¿', '؟']),
            first_person: scan.first_person,
            range,
        });
        quote_open = scan.quote_open_after;
    }
    out
}

/// What the language changes in the scan.
struct Style {
    first_person: &'static [&'static str],
    /// German and some neighbours open with „ and close with “.
    german_quotes: bool,
}

impl Style {
    fn new(lang: Option<&str>) -> Style {
        let primary = lang.and_then(|l| l.split(['-', '_']).next()).unwrap_or("").to_ascii_lowercase();
        Style {
            first_person: first_person_words(&primary),
            german_quotes: matches!(
                primary.as_str(),
                "de" | "cs" | "sk" | "pl" | "hu" | "ro" | "bg" | "lt" | "et" | "hr" | "sl"
            ),
        }
    }
}

struct Scan {
    /// White-space separated tokens with a letter.
    words: usize,
    /// Characters of scripts written without spaces.
    unspaced_chars: usize,
    first_person: bool,
    quote_open_after: bool,
}

/// One pass over the sentence's characters for everything counted.
fn scan(sentence: &str, style: &Style, mut quote_open: bool) -> Scan {
    let mut out = Scan { words: 0, unspaced_chars: 0, first_person: false, quote_open_after: false };
    let mut token_has_letter = false;
    let mut run_start: Option<usize> = None;
    for (i, c) in sentence.char_indices() {
        if c.is_ascii() {
            let alphabetic = c.is_ascii_alphabetic();
            match c {
                '"' => quote_open = !quote_open,
                ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c' => {
                    out.words += usize::from(token_has_letter);
                    token_has_letter = false;
                }
                _ => token_has_letter |= alphabetic,
            }
            if alphabetic {
                run_start.get_or_insert(i);
            } else if let Some(start) = run_start.take() {
                out.first_person |= is_first_person(&sentence[start..i], style.first_person);
            }
            continue;
        }
        match c {
            '“' if style.german_quotes => quote_open = false,
            '“' | '„' | '«' => quote_open = true,
            '”' | '»' => quote_open = false,
            _ => {}
        }
        let alphabetic = c.is_alphabetic();
        if c.is_whitespace() {
            out.words += usize::from(token_has_letter);
            token_has_letter = false;
        } else {
            token_has_letter |= alphabetic;
        }
        out.unspaced_chars += usize::from(is_unspaced(c));
        if alphabetic {
            run_start.get_or_insert(i);
        } else if let Some(start) = run_start.take() {
            out.first_person |= is_first_person(&sentence[start..i], style.first_person);
        }
    }
    out.words += usize::from(token_has_letter);
    if let Some(start) = run_start {
        out.first_person |= is_first_person(&sentence[start..], style.first_person);
    }
    out.quote_open_after = quote_open;
    out
}

fn is_first_person(word: &str, pronouns: &[&str]) -> bool {
    // The longest pronoun is 9 bytes ("nosotros", "ourselves").
    if pronouns.is_empty() || word.len() > 9 {
        return false;
    }
    if word.is_ascii() {
        pronouns.iter().any(|p| word.eq_ignore_ascii_case(p))
    } else {
        pronouns.contains(&word.to_lowercase().as_str())
    }
}

fn is_unspaced(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x0E00..=0x0EFF)
}

#[cfg(test)]
mod tests {
    use super::*;

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
