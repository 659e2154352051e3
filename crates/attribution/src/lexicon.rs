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
}

/// The class of an attribution verb form, or `None`.
pub(crate) fn cue_class(w: &str) -> Option<CueClass> {
    use CueClass::*;
    let class = match w {
        "say" | "says" | "said" | "saying" | "add" | "adds" | "added" | "adding" | "note" | "notes" | "noted"
        | "noting" | "write" | "writes" | "wrote" | "writing" | "report" | "reports" | "reported" | "claim"
        | "claims" | "claimed" | "claiming" | "argue" | "argues" | "argued" | "arguing" | "insist" | "insists"
        | "insisted" | "insisting" | "acknowledge" | "acknowledges" | "acknowledged" | "acknowledging" | "explain"
        | "explains" | "explained" | "explaining" | "announce" | "announces" | "announced" | "announcing"
        | "declare" | "declares" | "declared" | "assert" | "asserts" | "asserted" | "contend" | "contends"
        | "contended" | "concede" | "concedes" | "conceded" | "admit" | "admits" | "admitted" | "deny" | "denies"
        | "denied" | "predict" | "predicts" | "predicted" | "recall" | "recalls" | "recalled" | "tweet" | "tweets"
        | "tweeted" | "vow" | "vows" | "vowed" | "pledge" | "pledges" | "pledged" | "promise" | "promises"
        | "promised" | "respond" | "responds" | "responded" | "reply" | "replies" | "replied" | "complain"
        | "complains" | "complained" | "agree" | "agrees" | "agreed" | "confirm" | "confirms" | "confirmed"
        | "stress" | "stresses" | "stressed" | "emphasize" | "emphasizes" | "emphasized" | "emphasise"
        | "emphasised" | "allege" | "alleges" | "alleged" | "maintain" | "maintains" | "maintained" | "mention"
        | "mentions" | "mentioned" | "stated" | "boast" | "boasts" | "boasted" | "joke" | "joked" | "jokes"
        | "quip" | "quipped" | "continue" | "continued" | "proclaim" | "proclaimed" | "observe" | "observed"
        | "remark" | "remarked" | "recount" | "recounted" | "counter" | "countered" | "retort" | "retorted"
        | "reiterate" | "reiterated" | "testify" | "testified" | "charge" | "charged" | "conclude" | "concluded"
        | "concludes" | "wonder" | "wondered" | "question" | "questioned" | "posted" | "complaining" | "suggesting"
        | "asserting" | "warning" | "telling" => Speech,
        "tell" | "tells" | "told" | "warn" | "warns" | "warned" | "ask" | "asks" | "asked" | "asking" | "urge"
        | "urges" | "urged" | "assure" | "assures" | "assured" | "inform" | "informs" | "informed" | "remind"
        | "reminds" | "reminded" | "advise" | "advised" | "caution" | "cautioned" => Addressed,
        "believe" | "believes" | "believed" | "think" | "thinks" | "thought" | "hope" | "hopes" | "hoped" | "fear"
        | "fears" | "feared" | "worry" | "worries" | "worried" | "know" | "knows" | "knew" | "learn" | "learned"
        | "learnt" | "expect" | "expects" | "expected" | "feel" | "feels" | "felt" | "doubt" | "doubts" | "doubted"
        | "suspect" | "suspects" | "suspected" | "realize" | "realized" | "understand" | "understands" | "want"
        | "wants" | "wanted" | "suggest" | "suggests" | "suggested" => Cognition,
        "show" | "shows" | "showed" | "shown" | "showing" | "find" | "finds" | "found" | "indicate" | "indicates"
        | "indicated" | "estimate" | "estimates" | "estimated" | "reveal" | "reveals" | "revealed" | "document"
        | "documents" | "documented" | "project" | "projects" | "projected" => Evidence,
        _ => return None,
    };
    Some(class)
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
            | "candidate's"
            | "nominee's"
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
