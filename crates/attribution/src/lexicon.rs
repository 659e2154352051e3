//! English word classes the attribution rules lean on instead of a tagger:
//! attribution verbs by kind, determiners, pronouns, titles, and the words
//! that end a noun phrase. All lookups take lower-case ASCII-folded words.

use rustc_hash::FxHashSet;
use std::sync::LazyLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CueClass {
    /// Verbs of saying that take a bare clause: "said (that) ...".
    Speech,
    /// Saying to someone: "told reporters (that) ...", the addressee skipped.
    Addressed,
    /// Belief, hope, knowledge: only with "that" or a clause-like start.
    Cognition,
    /// Polls, studies, documents: "shows", "found", "suggests".
    Evidence,
    /// Acts of speech whose content is their object: "called him a liar",
    /// "cited the figure", "called for a ban", "wants to", "declined to".
    Object,
}

/// The class of an attribution verb form ("said", "tweeting", "cites"), or
/// `None`: the form is reduced to its lemma by the regular English endings.
pub(crate) fn cue_class(w: &str) -> Option<CueClass> {
    if let Some(c) = irregular(w) {
        return Some(c);
    }
    if w.len() < 3 || !w.is_ascii() {
        return None;
    }
    let strip = |suffix: &str| w.strip_suffix(suffix).filter(|s| s.len() >= 2);
    let with_e = |s: &str| with_suffix(s, "e", lemma_class);
    let found = lemma_class(w).or_else(|| {
        if let Some(s) = strip("ing").or_else(|| strip("ed")) {
            lemma_class(s).or_else(|| with_e(s)).or_else(|| undouble(s).and_then(lemma_class))
        } else if let Some(s) = strip("ied").or_else(|| strip("ies")) {
            with_suffix(s, "y", lemma_class)
        } else if let Some(s) = strip("es") {
            lemma_class(s).or_else(|| with_e(s))
        } else {
            strip("s").and_then(lemma_class)
        }
    });
    found
}

/// `f(stem + suffix)` without allocating (lemmas are short ASCII words).
fn with_suffix(stem: &str, suffix: &str, f: fn(&str) -> Option<CueClass>) -> Option<CueClass> {
    let mut buf = [0u8; 24];
    let n = stem.len() + suffix.len();
    if n > buf.len() {
        return None;
    }
    buf[..stem.len()].copy_from_slice(stem.as_bytes());
    buf[stem.len()..n].copy_from_slice(suffix.as_bytes());
    std::str::from_utf8(&buf[..n]).ok().and_then(f)
}

/// "admitted" -> "admit".
fn undouble(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    (b.len() >= 3 && b[b.len() - 1] == b[b.len() - 2]).then(|| &s[..s.len() - 1])
}

fn irregular(w: &str) -> Option<CueClass> {
    use CueClass::*;
    Some(match w {
        "said" | "says" => Speech,
        "wrote" | "written" => Speech,
        "told" => Addressed,
        "thought" | "knew" | "known" | "felt" | "understood" => Cognition,
        "found" | "shown" | "showed" => Evidence,
        "sought" => Object,
        _ => return None,
    })
}

fn lemma_class(lemma: &str) -> Option<CueClass> {
    use CueClass::*;
    Some(match lemma {
        "say" | "add" | "note" | "write" | "report" | "claim" | "argue" | "insist" | "acknowledge" | "explain"
        | "announce" | "declare" | "assert" | "contend" | "concede" | "admit" | "deny" | "predict" | "recall"
        | "tweet" | "vow" | "pledge" | "promise" | "respond" | "reply" | "complain" | "agree" | "confirm"
        | "stress" | "emphasize" | "emphasise" | "allege" | "maintain" | "mention" | "state" | "boast" | "joke"
        | "quip" | "continue" | "proclaim" | "observe" | "remark" | "recount" | "counter" | "retort" | "reiterate"
        | "testify" | "charge" | "conclude" | "wonder" | "question" | "suggest" | "caution" | "speculate" | "tout"
        | "brag" | "lament" | "concur" => Speech,
        "tell" | "warn" | "ask" | "urge" | "assure" | "inform" | "remind" | "advise" | "encourage" | "implore"
        | "instruct" | "order" => Addressed,
        "believe" | "think" | "hope" | "fear" | "worry" | "know" | "learn" | "expect" | "feel" | "doubt"
        | "suspect" | "realize" | "understand" | "want" | "wish" | "insinuate" | "imply" => Cognition,
        "show" | "find" | "indicate" | "estimate" | "reveal" | "document" | "project" | "demonstrate" | "forecast" => {
            Evidence
        }
        "call" | "cite" | "attack" | "criticize" | "criticise" | "blast" | "slam" | "praise" | "condemn" | "accuse"
        | "denounce" | "mock" | "dismiss" | "reject" | "liken" | "plan" | "refuse" | "decline" | "seek" | "intend"
        | "threaten" | "demand" | "endorse" | "defend" | "discuss" | "propose" | "support" | "oppose" | "point"
        | "compare" | "blame" | "label" | "describe" | "hail" | "applaud" | "welcome" | "decry" | "deride"
        | "chastise" | "rebuke" | "lambaste" | "ridicule" | "highlight" | "unveil" | "outline" | "detail"
        | "dispute" | "link" | "tie" | "attribute" | "connect" | "credit" | "challenge" | "vote" | "back" | "favor"
        | "favour" => Object,
        _ => return None,
    })
}

/// Object verbs whose content is still an assertion: "linked the rise to
/// migrants", "blamed the outage on hackers".
pub(crate) fn asserts_link(w: &str) -> bool {
    let stem = w.trim_end_matches("ing").trim_end_matches("ed").trim_end_matches('s').trim_end_matches('e');
    matches!(stem, "link" | "blam" | "attribut" | "accus" | "ti" | "connect" | "credit")
}

/// The word after an object verb that belongs to its cue: "called for",
/// "called on", "pointed to", "warned against", "complained about".
pub(crate) fn cue_particle(verb: &str, next: &str) -> bool {
    let stem = verb.trim_end_matches("ing").trim_end_matches("ed").trim_end_matches('s');
    matches!(
        (stem, next),
        ("call" | "calle", "for" | "on")
            | ("point" | "pointe", "to" | "out")
            | ("warn", "against" | "of")
            | ("complain" | "complaine", "about")
            | ("argu" | "argue", "for" | "against")
    )
}

/// Verbs whose content may be an infinitive: "wants to", "declined to".
pub(crate) fn takes_infinitive(w: &str) -> bool {
    let stem = w.trim_end_matches("ing").trim_end_matches("ed").trim_end_matches('s').trim_end_matches('e');
    matches!(
        stem,
        "want"
            | "plan"
            | "plann"
            | "refus"
            | "declin"
            | "agre"
            | "promis"
            | "vow"
            | "pledg"
            | "hop"
            | "expect"
            | "seek"
            | "intend"
            | "threaten"
            | "urg"
            | "ask"
            | "vot"
            | "demand"
            | "propos"
            | "decid"
            | "told"
            | "tell"
            | "encourag"
            | "warn"
            | "call"
            | "order"
            | "instruct"
            | "remind"
            | "advis"
            | "implor"
    )
}

/// Third-person verb forms that are as often plural nouns ("tweets").
pub(crate) fn is_noun_plural(w: &str) -> bool {
    contains(&NOUN_PLURALS_SET, w)
}

pub(crate) fn is_determiner(w: &str) -> bool {
    contains(&DETERMINERS_SET, w)
}

/// Pronouns that can be a speaker on their own.
pub(crate) fn is_subject_pronoun(w: &str) -> bool {
    matches!(w, "he" | "she" | "they" | "i" | "we" | "you" | "it" | "who" | "which" | "this")
}

/// Titles and role nouns: they may stand before a name ("spokesman Josh
/// Earnest") and name a person in a description ("the spokesperson").
pub(crate) fn is_title(w: &str) -> bool {
    let w = w.trim_end_matches('.');
    contains(&TITLES_SET, w)
}

/// Honorifics dropped when matching a surname ("Mr. Obama" -> "Obama").
pub(crate) fn is_honorific(w: &str) -> bool {
    matches!(
        w.trim_end_matches('.'),
        "mr" | "mrs" | "ms" | "miss" | "dr" | "sen" | "rep" | "gov" | "gen" | "prof" | "president" | "senator"
    )
}

/// Words that cannot be inside a speaker noun phrase walking leftwards.
pub(crate) fn ends_noun_phrase(w: &str) -> bool {
    contains(&PHRASE_ENDERS_SET, w) || is_weekday(w)
}

/// Words between a subject and its verb that belong to the cue ("has also said").
pub(crate) fn is_cue_modifier(w: &str) -> bool {
    contains(&CUE_MODIFIERS_SET, w)
}

pub(crate) fn is_weekday(w: &str) -> bool {
    matches!(w, "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday")
}

/// Time words that may follow a cue before its content ("said Monday that").
pub(crate) fn is_time_word(w: &str) -> bool {
    is_weekday(w) || contains(&TIME_WORDS_SET, w)
}

/// Words that open a clause, so a bare complement after a thinking or
/// evidence verb is a clause ("found he was") and not an object ("found it").
pub(crate) fn opens_clause(w: &str) -> bool {
    matches!(w, "he" | "she" | "they" | "i" | "we" | "you" | "there" | "the" | "a" | "an" | "his" | "her" | "their")
}

fn contains(set: &LazyLock<FxHashSet<&'static str>>, w: &str) -> bool {
    set.contains(w)
}

fn set_of(words: &'static [&'static str]) -> FxHashSet<&'static str> {
    words.iter().copied().collect()
}

static NOUN_PLURALS_SET: LazyLock<FxHashSet<&str>> = LazyLock::new(|| set_of(NOUN_PLURALS));
static DETERMINERS_SET: LazyLock<FxHashSet<&str>> = LazyLock::new(|| set_of(DETERMINERS));
static TITLES_SET: LazyLock<FxHashSet<&str>> = LazyLock::new(|| set_of(TITLES));
static PHRASE_ENDERS_SET: LazyLock<FxHashSet<&str>> = LazyLock::new(|| set_of(PHRASE_ENDERS));
static CUE_MODIFIERS_SET: LazyLock<FxHashSet<&str>> = LazyLock::new(|| set_of(CUE_MODIFIERS));
static TIME_WORDS_SET: LazyLock<FxHashSet<&str>> = LazyLock::new(|| set_of(TIME_WORDS));

// Word lists, sorted to be read and kept free of duplicates (a test checks).
#[rustfmt::skip]
const NOUN_PLURALS: &[&str] = &[
    "attacks", "backs", "calls", "charges", "claims", "counters", "demands", "details", "documents", "doubts",
    "estimates", "fears", "finds", "hopes", "jokes", "notes", "plans", "pledges", "points", "posts", "projects",
    "promises", "proposals", "questions", "remarks", "replies", "reports", "shows", "states", "stresses", "supports",
    "tweets", "votes", "vows", "wants", "worries",
];

#[rustfmt::skip]
const DETERMINERS: &[&str] = &[
    "a", "all", "an", "another", "any", "both", "each", "few", "five", "four", "her", "his", "its", "many", "most",
    "my", "no", "one", "other", "our", "several", "some", "the", "their", "these", "this", "those", "three", "two",
    "your",
];

#[rustfmt::skip]
const TITLES: &[&str] = &[
    "activist", "adviser", "advisor", "aide", "alderman", "ambassador", "analyst", "anchor", "archbishop", "attorney",
    "auditor", "bishop", "candidate", "captain", "ceo", "chair", "chairman", "chairwoman", "chancellor", "chief",
    "coach", "col", "columnist", "commissioner", "comptroller", "congressman", "congresswoman", "constable",
    "correspondent", "councillor", "councilman", "councilor", "councilwoman", "dean", "deputy", "detective",
    "diplomat", "director", "dr", "economist", "editor", "envoy", "executive", "fellow", "founder", "gen", "general",
    "gov", "governor", "head", "historian", "host", "imam", "inspector", "judge", "justice", "king", "lawmaker",
    "lawyer", "leader", "legislator", "lt", "manager", "mayor", "member", "mep", "minister", "mp", "mr", "mrs", "ms",
    "negotiator", "nominee", "officer", "official", "ombudsman", "organiser", "organizer", "partner", "pollster",
    "pope", "premier", "president", "principal", "prof", "professor", "prosecutor", "queen", "rabbi", "rep",
    "reporter", "representative", "researcher", "resident", "scientist", "secretary", "sen", "senator", "sgt",
    "sheriff", "speaker", "spokesman", "spokesperson", "spokeswoman", "strategist", "superintendent", "treasurer",
    "trooper", "vice", "witness",
];

#[rustfmt::skip]
const PHRASE_ENDERS: &[&str] = &[
    "about", "across", "after", "again", "against", "already", "also", "although", "always", "amid", "among", "and",
    "are", "as", "at", "be", "because", "been", "before", "being", "between", "but", "by", "can", "could", "despite",
    "did", "do", "does", "during", "earlier", "even", "ever", "for", "from", "had", "has", "have", "hence", "here",
    "him", "how", "however", "if", "in", "indeed", "instead", "into", "is", "just", "later", "like", "may", "me",
    "meanwhile", "might", "must", "never", "nor", "not", "now", "of", "often", "on", "only", "or", "over", "per",
    "said", "say", "says", "shall", "should", "since", "so", "still", "than", "that", "them", "then", "there",
    "though", "through", "thus", "to", "today", "told", "too", "toward", "towards", "under", "unless", "until", "upon",
    "us", "via", "was", "were", "what", "when", "where", "whether", "while", "whom", "why", "will", "with", "within",
    "without", "would", "yesterday", "yet",
];

#[rustfmt::skip]
const CUE_MODIFIERS: &[&str] = &[
    "'s", "actually", "again", "already", "also", "apparently", "are", "could", "did", "do", "does", "even", "first",
    "flatly", "frequently", "further", "had", "has", "have", "initially", "is", "just", "last", "later", "long", "may",
    "might", "never", "not", "now", "often", "once", "previously", "privately", "publicly", "recently", "repeatedly",
    "reportedly", "simply", "still", "then", "was", "were", "will", "would", "’s",
];

#[rustfmt::skip]
const TIME_WORDS: &[&str] = &[
    "afternoon", "again", "also", "earlier", "evening", "flatly", "last", "later", "month", "morning", "night", "on",
    "once", "previously", "privately", "publicly", "recently", "repeatedly", "separately", "simply", "then", "this",
    "today", "tonight", "week", "year", "yesterday",
];

#[cfg(test)]
mod tests {
    #[test]
    fn word_lists_are_sorted() {
        for list in [
            super::NOUN_PLURALS,
            super::DETERMINERS,
            super::TITLES,
            super::PHRASE_ENDERS,
            super::CUE_MODIFIERS,
            super::TIME_WORDS,
        ] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
    }
}
