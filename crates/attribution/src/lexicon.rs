//! English word classes the attribution rules lean on instead of a tagger:
//! attribution verbs by kind, determiners, pronouns, titles, and the words
//! that end a noun phrase. All lookups take lower-case ASCII-folded words.

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
        | "testify" | "charge" | "conclude" | "wonder" | "question" | "post" | "suggest" | "caution" | "speculate"
        | "tout" | "brag" | "lament" | "concur" => Speech,
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
    matches!(
        w,
        "tweets"
            | "claims"
            | "reports"
            | "notes"
            | "shows"
            | "questions"
            | "documents"
            | "projects"
            | "charges"
            | "promises"
            | "pledges"
            | "vows"
            | "replies"
            | "fears"
            | "worries"
            | "hopes"
            | "doubts"
            | "estimates"
            | "finds"
            | "wants"
            | "remarks"
            | "counters"
            | "jokes"
            | "stresses"
            | "states"
            | "plans"
            | "calls"
            | "attacks"
            | "demands"
            | "points"
            | "supports"
            | "posts"
            | "details"
            | "backs"
            | "votes"
            | "proposals"
    )
}

pub(crate) fn is_determiner(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "another"
            | "this"
            | "these"
            | "those"
            | "his"
            | "her"
            | "their"
            | "its"
            | "our"
            | "my"
            | "your"
            | "some"
            | "many"
            | "most"
            | "several"
            | "both"
            | "all"
            | "each"
            | "any"
            | "few"
            | "other"
            | "two"
            | "three"
            | "four"
            | "five"
            | "one"
            | "no"
    )
}

/// Pronouns that can be a speaker on their own.
pub(crate) fn is_subject_pronoun(w: &str) -> bool {
    matches!(w, "he" | "she" | "they" | "i" | "we" | "you" | "it" | "who" | "which" | "this")
}

/// Titles and role nouns: they may stand before a name ("spokesman Josh
/// Earnest") and name a person in a description ("the spokesperson").
pub(crate) fn is_title(w: &str) -> bool {
    let w = w.trim_end_matches('.');
    matches!(
        w,
        "president"
            | "sen"
            | "senator"
            | "rep"
            | "representative"
            | "congressman"
            | "congresswoman"
            | "gov"
            | "governor"
            | "secretary"
            | "minister"
            | "spokesman"
            | "spokeswoman"
            | "spokesperson"
            | "director"
            | "chairman"
            | "chairwoman"
            | "chair"
            | "leader"
            | "candidate"
            | "nominee"
            | "mayor"
            | "judge"
            | "justice"
            | "professor"
            | "prof"
            | "analyst"
            | "economist"
            | "adviser"
            | "advisor"
            | "aide"
            | "official"
            | "chief"
            | "executive"
            | "ceo"
            | "founder"
            | "host"
            | "anchor"
            | "commissioner"
            | "attorney"
            | "lawyer"
            | "general"
            | "gen"
            | "chancellor"
            | "ambassador"
            | "speaker"
            | "manager"
            | "strategist"
            | "pollster"
            | "editor"
            | "reporter"
            | "correspondent"
            | "columnist"
            | "historian"
            | "scientist"
            | "researcher"
            | "officer"
            | "sheriff"
            | "captain"
            | "coach"
            | "dr"
            | "mr"
            | "mrs"
            | "ms"
            | "sgt"
            | "lt"
            | "col"
            | "king"
            | "queen"
            | "pope"
            | "premier"
            | "vice"
            | "deputy"
            | "head"
            | "member"
            | "fellow"
            | "partner"
            | "activist"
            | "councillor"
            | "councilor"
            | "councilman"
            | "councilwoman"
            | "alderman"
            | "lawmaker"
            | "legislator"
            | "superintendent"
            | "prosecutor"
            | "inspector"
            | "detective"
            | "constable"
            | "trooper"
            | "mp"
            | "mep"
            | "archbishop"
            | "bishop"
            | "rabbi"
            | "imam"
            | "witness"
            | "resident"
            | "organizer"
            | "organiser"
            | "principal"
            | "dean"
            | "treasurer"
            | "comptroller"
            | "auditor"
            | "ombudsman"
            | "envoy"
            | "diplomat"
            | "negotiator"
    )
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
    matches!(
        w,
        "and"
            | "but"
            | "or"
            | "nor"
            | "so"
            | "yet"
            | "because"
            | "as"
            | "when"
            | "while"
            | "if"
            | "although"
            | "though"
            | "since"
            | "after"
            | "before"
            | "until"
            | "unless"
            | "whether"
            | "where"
            | "than"
            | "then"
            | "in"
            | "on"
            | "at"
            | "of"
            | "for"
            | "with"
            | "by"
            | "from"
            | "to"
            | "into"
            | "about"
            | "over"
            | "under"
            | "during"
            | "through"
            | "against"
            | "between"
            | "without"
            | "within"
            | "among"
            | "across"
            | "toward"
            | "towards"
            | "upon"
            | "via"
            | "like"
            | "per"
            | "amid"
            | "despite"
            | "that"
            | "what"
            | "how"
            | "why"
            | "is"
            | "was"
            | "are"
            | "were"
            | "be"
            | "been"
            | "being"
            | "has"
            | "have"
            | "had"
            | "do"
            | "does"
            | "did"
            | "will"
            | "would"
            | "can"
            | "could"
            | "should"
            | "may"
            | "might"
            | "must"
            | "shall"
            | "not"
            | "also"
            | "now"
            | "again"
            | "still"
            | "just"
            | "even"
            | "only"
            | "however"
            | "too"
            | "already"
            | "often"
            | "never"
            | "always"
            | "ever"
            | "there"
            | "here"
            | "said"
            | "says"
            | "say"
            | "told"
            | "meanwhile"
            | "instead"
            | "indeed"
            | "thus"
            | "hence"
            | "later"
            | "earlier"
            | "yesterday"
            | "today"
            | "him"
            | "them"
            | "me"
            | "us"
            | "whom"
    ) || is_weekday(w)
}

/// Words between a subject and its verb that belong to the cue ("has also said").
pub(crate) fn is_cue_modifier(w: &str) -> bool {
    matches!(
        w,
        "has"
            | "have"
            | "had"
            | "is"
            | "are"
            | "was"
            | "were"
            | "will"
            | "would"
            | "could"
            | "may"
            | "might"
            | "also"
            | "now"
            | "later"
            | "then"
            | "again"
            | "repeatedly"
            | "previously"
            | "recently"
            | "publicly"
            | "privately"
            | "often"
            | "frequently"
            | "once"
            | "further"
            | "even"
            | "reportedly"
            | "apparently"
            | "initially"
            | "simply"
            | "flatly"
            | "long"
            | "already"
            | "first"
            | "last"
            | "actually"
            | "still"
            | "just"
            | "did"
            | "does"
            | "do"
            | "not"
            | "never"
            | "’s"
            | "'s"
    )
}

pub(crate) fn is_weekday(w: &str) -> bool {
    matches!(w, "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday")
}

/// Time words that may follow a cue before its content ("said Monday that").
pub(crate) fn is_time_word(w: &str) -> bool {
    is_weekday(w)
        || matches!(
            w,
            "today"
                | "yesterday"
                | "tonight"
                | "earlier"
                | "later"
                | "recently"
                | "last"
                | "this"
                | "week"
                | "month"
                | "year"
                | "morning"
                | "afternoon"
                | "evening"
                | "night"
                | "on"
                | "again"
                | "then"
                | "also"
                | "repeatedly"
                | "previously"
                | "publicly"
                | "privately"
                | "separately"
                | "flatly"
                | "simply"
                | "once"
        )
}

/// Words that open a clause, so a bare complement after a thinking or
/// evidence verb is a clause ("found he was") and not an object ("found it").
pub(crate) fn opens_clause(w: &str) -> bool {
    matches!(w, "he" | "she" | "they" | "i" | "we" | "you" | "there" | "the" | "a" | "an" | "his" | "her" | "their")
}
