//! Bylines: from whatever a source gives ("By Jane Doe and John Roe, Reuters |
//! Staff Writer · Updated 3 hours ago") to person names only.

use std::sync::LazyLock;

use regex::Regex;

/// At most this many names: longer lists are contributor boxes, not bylines.
pub(crate) const MAX_AUTHORS: usize = 5;

/// Words that introduce a byline, per language.
static LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?i:written|posted|reported|text|story|photos?|words)\s+)?(?:(?i:by|from|von|par|por|door|autor(?:a|in)?|auteur|author|texto?|tekst|reporter|автор(?:ы|ка)?|текст|yazan|yazar|muhabir|kirjoittaja|skrevet\s+af|skrevet\s+av)|di|da|av|af|de|od)\s*[:\-]?\s+",
    )
    .unwrap()
});

/// Role words of bylines in Chinese, Japanese and Korean, which stand before
/// ("記者：高橋遼平", "文／王小明") or after ("홍길동 기자") the name with no space.
static CJK_ROLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:記者|记者|作者|撰文|筆者|编辑|編集|特派員|特派员)\s*[：:／/]?|文\s*[：:／/])\s*|\s*(?:記者|记者|기자|特派員|特派员)$")
        .unwrap()
});

/// Separators between names. Commas also separate a name from an outlet or a
/// job title ("Jane Doe, Reuters"), which the filters below then drop.
static SPLIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\s*(?:,|;|\||/|·|•|–|—|\s-\s|&|\n)\s*|\s+(?:and|und|et|y|e|en|og|och|ja|i|ve|mit|with|con|avec)\s+",
    )
    .unwrap()
});

/// Trailing noise after a name that is not separated by a comma:
/// "Updated 3 hours ago", "Published 12:00", "Follow on Twitter", emails.
static NOISE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\s*(?:\s(?:in|at|for|on)\s.*|(?-u:\b)(?:updated?|published|posted|last\s+updated|aktualisiert|mis\s+à\s+jour|actualizado|atualizado|follow|email|e-mail|contact|twitter|facebook|instagram|linkedin|more\s+from|read\s+more|view\s+all|all\s+articles|see\s+all)(?-u:\b).*|\S+@\S+.*|https?://.*|www\..*|@\w+.*|\d.*)$",
    )
    .unwrap()
});

/// Outlets, agencies and generic credits that sites put where a name goes.
const NOT_PEOPLE: &[&str] = &[
    "reuters",
    "ap",
    "associated press",
    "the associated press",
    "afp",
    "agence france-presse",
    "agence france presse",
    "dpa",
    "apa",
    "ansa",
    "efe",
    "europa press",
    "bloomberg",
    "bloomberg news",
    "cnn",
    "bbc",
    "bbc news",
    "upi",
    "pti",
    "ians",
    "ani",
    "tass",
    "ria novosti",
    "xinhua",
    "kyodo",
    "yonhap",
    "anadolu",
    "aa",
    "sda",
    "kna",
    "epd",
    "kyodo news",
    "press association",
    "pa",
    "pa media",
    "aap",
    "cp",
    "the canadian press",
    "canadian press",
    "staff",
    "staff writer",
    "staff writers",
    "staff reporter",
    "staff report",
    "editorial staff",
    "editorial board",
    "editors",
    "the editors",
    "editor",
    "news desk",
    "newsdesk",
    "desk",
    "web desk",
    "news service",
    "wire",
    "wire services",
    "wires",
    "agencies",
    "agency",
    "redaktion",
    "redaction",
    "rédaction",
    "redacción",
    "redação",
    "redazione",
    "redactie",
    "redaktionen",
    "toimitus",
    "admin",
    "administrator",
    "guest",
    "guest author",
    "contributor",
    "contributors",
    "correspondent",
    "our correspondent",
    "team",
    "newsroom",
    "press release",
    "anonymous",
    "unknown",
    "sponsored",
    "partner",
    "content",
    "business wire",
    "pr newswire",
    "globe newswire",
    "nachrichtenagentur",
    "agencia",
    "agência",
    "agenzia",
    "la redacción",
    "la rédaction",
    "die redaktion",
];

/// Job titles and roles: a segment made only of these words is not a name.
const ROLE_WORDS: &[&str] = &[
    "staff",
    "writer",
    "reporter",
    "correspondent",
    "editor",
    "senior",
    "chief",
    "contributing",
    "contributor",
    "columnist",
    "political",
    "business",
    "sports",
    "news",
    "health",
    "science",
    "tech",
    "technology",
    "deputy",
    "managing",
    "executive",
    "associate",
    "assistant",
    "special",
    "foreign",
    "national",
    "city",
    "digital",
    "producer",
    "photographer",
    "journalist",
    "analyst",
    "critic",
    "freelance",
    "freelancer",
    "intern",
    "head",
    "of",
    "the",
    "for",
    "at",
    "in",
    "and",
    "desk",
    "affairs",
    "white",
    "house",
    "investigative",
    "data",
    "redakteur",
    "redakteurin",
    "korrespondent",
    "korrespondentin",
    "journaliste",
    "periodista",
    "jornalista",
    "giornalista",
    "rédacteur",
    "redactor",
    "corresponsal",
    "correspondante",
    "envoyé",
    "spécial",
    "opinion",
    "entertainment",
    "culture",
    "travel",
    "food",
    "education",
    "economics",
    "economy",
    "markets",
    "writers",
    "reporters",
    "editors",
    "photo",
    "video",
    "multimedia",
    "weather",
    "crime",
    "courts",
    "breaking",
    "general",
    "assignment",
    "local",
    "metro",
    "state",
    "world",
    "international",
    "u.s.",
    "us",
    "uk",
    "europe",
    "asia",
];

/// Lower-case particles allowed inside a name ("Ludwig van Beethoven", "Maria da Silva").
const PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "da", "das", "do", "dos", "del", "della", "di", "du", "la", "le", "bin", "bint",
    "al", "el", "ter", "ten", "zu", "y", "ibn", "st.", "e",
];

static BY_IN_TEXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)(?:posted by|written by|by|von|par|por|door)\s+(\p{Lu}.*)").unwrap());

/// Names after a "by" inside a longer line ("March 14 · Posted by Ana Ruiz in
/// Local"), for pages whose byline sits in a date or meta line.
pub(crate) fn names_after_by(text: &str) -> Vec<String> {
    BY_IN_TEXT.captures(text).map(|c| names_in(&c[1])).unwrap_or_default()
}

/// Cleans the raw author strings of one source into person names.
pub(crate) fn clean_authors<'a>(raw: impl IntoIterator<Item = &'a str>, site_name: Option<&str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in raw {
        for name in names_in(r) {
            if site_name.is_some_and(|s| s.eq_ignore_ascii_case(&name)) {
                continue;
            }
            let key = name.to_lowercase();
            // "Ana Ruiz Valdemora" after "Ana Ruiz" is the name with a place
            // glued on by a container's text, not another person.
            if !out.iter().any(|o| {
                let o = o.to_lowercase();
                o == key || key.starts_with(&format!("{o} "))
            }) {
                out.push(name);
            }
            if out.len() >= MAX_AUTHORS {
                return out;
            }
        }
    }
    out
}

/// The person names in one byline string.
pub(crate) fn names_in(raw: &str) -> Vec<String> {
    let text = crate::dom::normalize_space(raw);
    if text.is_empty() || text.chars().count() > 300 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for seg in SPLIT.split(&text) {
        let mut s = seg.trim();
        // "By" can start any segment: "By Jane Doe | By John Roe".
        while let Some(m) = LEAD.find(s) {
            s = s[m.end()..].trim();
        }
        let s = CJK_ROLE.replace_all(s, "");
        let s = NOISE.replace(&s, "");
        let s = s.trim().trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '\'' && c != ')');
        let s = s.trim_end_matches([')', '.']).trim();
        if let Some(n) = as_person_name(s) {
            out.push(n);
        }
    }
    out
}

/// `s` if it looks like a person's name: 2 to 5 words (a single word is
/// accepted only when capitalised and not a known outlet), capitalised, no
/// digits or symbols, not an outlet, not a job title.
fn as_person_name(s: &str) -> Option<String> {
    if s.is_empty() || s.chars().count() > 60 || s.contains(['@', ':', '/', '?', '=', '#', '"', '<', '>']) {
        return None;
    }
    if s.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let lower = s.to_lowercase();
    if NOT_PEOPLE.contains(&lower.as_str()) {
        return None;
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.is_empty() || words.len() > 5 {
        return None;
    }
    if words.iter().all(|w| ROLE_WORDS.contains(&w.to_lowercase().as_str())) {
        return None;
    }
    // Every word is capitalised (or a particle, or an initial like "J.");
    // scripts without case (Arabic, Chinese...) are accepted as they are.
    let mut cased_words = 0;
    for w in &words {
        let first = w.chars().next()?;
        if first.is_lowercase() {
            if !PARTICLES.contains(&w.to_lowercase().as_str()) {
                return None;
            }
        } else if first.is_uppercase() {
            cased_words += 1;
        } else if !first.is_alphabetic() {
            return None;
        }
    }
    let caseless = s.chars().filter(|c| c.is_alphabetic()).all(|c| !c.is_uppercase() && !c.is_lowercase());
    if words.len() == 1 && !caseless {
        // One capitalised word: a surname-only byline is rare, an outlet or
        // a section name ("Sports", "Reuters") is common.
        return None;
    }
    if cased_words == 0 && !caseless {
        return None;
    }
    // ALL-CAPS names are common in bylines ("JANE DOE"): title-case them.
    let all_caps = s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase) && !caseless;
    if all_caps {
        return Some(words.iter().map(|w| title_case(w)).collect::<Vec<_>>().join(" "));
    }
    Some(words.join(" "))
}

fn title_case(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    let mut start = true;
    for c in w.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = matches!(c, '-' | '\'' | '.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_role_words_are_not_names() {
        assert_eq!(names_in("記者：高橋遼平"), vec!["高橋遼平"]);
        assert_eq!(names_in("文／王小明"), vec!["王小明"]);
        assert_eq!(names_in("홍길동 기자"), vec!["홍길동"]);
        assert_eq!(names_in("文在寅"), vec!["文在寅"]);
    }

    #[test]
    fn splits_and_filters() {
        assert_eq!(names_in("By Jane Doe and John Roe"), vec!["Jane Doe", "John Roe"]);
        assert_eq!(names_in("By Jane Doe, Reuters"), vec!["Jane Doe"]);
        assert_eq!(names_in("By Jane Doe | Staff Writer"), vec!["Jane Doe"]);
        assert_eq!(names_in("Jane Doe @janedoe"), vec!["Jane Doe"]);
        assert_eq!(names_in("Von Karl Beispiel"), vec!["Karl Beispiel"]);
        assert_eq!(names_in("JANE DOE"), vec!["Jane Doe"]);
        assert!(names_in("Associated Press").is_empty());
        assert!(names_in("jane@example.com").is_empty());
    }
}
