//! Claims: assertions attributed to a speaker or organisation (reported
//! clauses and declarative quotations, not "called for" or "wants to"), each
//! with what the article says about its support: a cited source, contrary
//! evidence, an admission that none was given, or nothing.

use crate::doc::Doc;
use crate::frames::Found;
use crate::lexicon::CueClass;
use regex::Regex;
use serde::Serialize;
use std::ops::Range;
use std::sync::LazyLock;

/// What the article says about a claim's support.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// A number with its source, or a named study, report, data set or document.
    Cited,
    /// The article reports contrary evidence ("independent research generally finds ...").
    Contested,
    /// The article says none was offered ("did not provide supporting data").
    NoneGiven,
    /// None of the above.
    Unstated,
}

/// Sentences after a claim that may still speak to its support.
const WINDOW: usize = 4;

/// A claim pattern. The patterns run on ASCII-lower-cased text; ASCII word
/// boundaries keep the regex crate on its fast DFA when the text holds
/// non-ASCII letters.
fn ascii_bounded(pattern: &str) -> Regex {
    Regex::new(&pattern.replace(r"\b", r"(?-u:\b)")).expect("valid regex")
}

static NONE_GIVEN: LazyLock<Regex> = LazyLock::new(|| {
    ascii_bounded(concat!(
        r"\b(?:did not|didn[’']t|does not|doesn[’']t|would not|wouldn[’']t|could not|couldn[’']t|failed to|declined to|refused to|was unable to|were unable to)",
        r"\s+(?:immediately\s+)?(?:provide|give|offer|cite|share|release|produce|present|supply|back up|substantiate|point to|identify|disclose|show)\b",
        r"[^.;]{0,60}?\b(?:data|evidence|figures|numbers|statistics|details|proof|sources?|stud(?:y|ies)|support|basis|examples?|specifics|any)\b",
        r"|\bwithout\s+(?:providing\s+|offering\s+|citing\s+|giving\s+|presenting\s+)?(?:any\s+)?(?:supporting\s+)?(?:evidence|data|proof|figures)\b",
        r"|\b(?:offered|provided|gave|cited|presented|produced|showed)\s+no\s+(?:supporting\s+)?(?:evidence|data|proof|figures|details|sources?|specifics|numbers)\b",
        r"|\bno\s+(?:evidence|data|proof|figures)\s+(?:was|were|has been|have been)\s+(?:given|provided|offered|presented|cited|produced)\b",
        r"|\bdid not respond to (?:a |repeated )?requests? for (?:data|evidence|figures|details|numbers)\b",
        r"|\bunsubstantiated\b"
    ))
});

static CONTESTED: LazyLock<Regex> = LazyLock::new(|| {
    ascii_bounded(concat!(
        r"\b(?:research|researchers|stud(?:y|ies)|data|statistics|figures|analys[ie]s|experts?|economists|criminologists|scientists|fact[- ]checkers?|evidence|records)\b",
        r"[^.;]{0,60}?\b(?:finds?|found|shows?|showed|shown|suggests?|suggested|indicates?|indicated|contradicts?|contradicted|dispute[sd]?|rejects?|rejected|say|says|said)\b",
        r"[^.;]{0,100}?\b(?:no|not|little|lower|less|fewer|opposite|contrary|unfounded|false|never)\b",
        r"|\bcontrary to\b",
        r"|\b(?:there is|there[’']s|there was|found|finds|find|shows?|showed) no (?:evidence|link|connection|correlation|basis|data)\b",
        r"|\b(?:baseless|debunked|unfounded)\b",
        r"|\b(?:contradicted|disputed|refuted|rebutted|undercut) by\b",
        r"|\bnot (?:supported|borne out) by\b"
    ))
});

static CITED: LazyLock<Regex> = LazyLock::new(|| {
    ascii_bounded(concat!(
        r"\b(?:according to|citing|cited|pointed to|points to|based on|drawing on|referring to)\s[^.;]{0,50}?",
        r"\b(?:data|figures|statistics|study|report|survey|analysis|poll|census|records|research|audit|documents?|memo|review|numbers|paper|index|database|data set|dataset)\b",
        r"|\b(?:a|an|the)\s+(?:\d{4}\s+)?(?:[a-z-]+\s+)?(?:study|report|survey|analysis|audit|review|paper|census)\s+(?:by|from|published|released|conducted|commissioned|of)\b",
        r"|\b(?:data|figures|statistics|numbers)\s+(?:from|released by|published by|compiled by|collected by)\b"
    ))
});

/// An attributed claim. Ranges are byte offsets into the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim {
    /// What is claimed (a reported clause without its "that", or a quotation).
    pub span: Range<usize>,
    /// Who claims it, as mentioned.
    pub claimant: Option<Range<usize>>,
    /// Who claims it, resolved to the fullest name or description given.
    pub claimant_name: Option<String>,
    /// The attribution verb group.
    pub cue: Option<Range<usize>>,
    pub evidence: Evidence,
}

/// Evidence flags of each clause unit, found once per article.
struct UnitFlags {
    none_given: bool,
    contested: bool,
    cited: bool,
}

fn unit_flags(d: &Doc) -> Vec<UnitFlags> {
    d.units
        .iter()
        .map(|u| {
            let r = d.bytes(u);
            let s = &d.lower[r];
            UnitFlags { none_given: NONE_GIVEN.is_match(s), contested: CONTESTED.is_match(s), cited: CITED.is_match(s) }
        })
        .collect()
}

/// Five-letter stems of the longer words: "migrants" and "migration" meet.
fn stems(s: &str) -> Vec<&str> {
    let mut out: Vec<&str> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| {
            w.len() >= 5
                && !matches!(
                    *w,
                    "which" | "there" | "their" | "about" | "would" | "could" | "should" | "these" | "those" | "other"
                )
        })
        .map(|w| &w[..w.char_indices().nth(5).map_or(w.len(), |(i, _)| i)])
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn shares_topic(claim: &[&str], text: &str) -> bool {
    stems(text).iter().any(|s| claim.binary_search(s).is_ok())
}

/// Lower-case words naming the claimant: "vogel", "spokesperson", "ministry".
fn claimant_words(d: &Doc, mention: Option<&Range<usize>>, name: Option<&str>) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    if let Some(m) = mention {
        words.extend(m.clone().map(|t| d.w(t).to_string()));
    }
    if let Some(n) = name {
        words.extend(n.split_whitespace().map(|w| w.to_ascii_lowercase()));
    }
    words.retain(|w| w.len() >= 4 && !crate::lexicon::is_determiner(w) && !crate::lexicon::is_subject_pronoun(w));
    words
}

/// Is this attribution an assertion? Reported clauses and declarative
/// quotations are; infinitives ("wants to"), objects ("called for a ban") and
/// questions are not.
fn asserts(d: &Doc, f: &Found, direct: bool) -> bool {
    let verb = f.cue.as_ref().map_or("", |c| d.w(c.end - 1));
    if matches!(f.class, Some(CueClass::Object)) && !crate::lexicon::asserts_link(verb) {
        return false;
    }
    let c = &f.content;
    let first = d.w(c.start);
    if matches!(first, "to" | "whether" | "if" | "how" | "why" | "what" | "who" | "when" | "where") {
        return false;
    }
    let last = if direct && c.end >= 2 { c.end - 2 } else { c.end - 1 };
    if d.punct(last) == Some('?') {
        return false;
    }
    (c.start..c.end).filter(|&t| d.is_word(t)).count() >= 3
}

/// Claims among the attributions `found` (their speaker names in `names`).
pub(crate) fn claims(d: &Doc, found: &[Found], names: &[Option<String>], direct: &[bool]) -> Vec<Claim> {
    let flags = unit_flags(d);
    let mut out = Vec::new();
    for (k, f) in found.iter().enumerate() {
        if !asserts(d, f, direct[k]) || (f.source.is_none() && names[k].is_none()) {
            continue;
        }
        let mut content = f.content.clone();
        if d.w(content.start) == "that" && content.len() > 1 {
            content.start += 1;
        }
        let span = d.bytes(&content);
        let topic = stems(&d.lower[span.clone()]);
        // In the claim's own sentence only the words around the claim count
        // ("officials said, without evidence, that ..."); after it, the next
        // few sentences that are not part of it.
        let unit = d.bytes(&d.units[f.unit]);
        let around = [&d.lower[unit.start.min(span.start)..span.start], &d.lower[span.end..unit.end.max(span.end)]];
        let later =
            (f.unit + 1..(f.unit + 1 + WINDOW).min(d.units.len())).filter(|&u| d.units[u].start >= f.content.end);
        // Later sentences count when they are about the same thing or name
        // the claimant ("Asked for figures, Vogel declined to give any").
        let claimant = claimant_words(d, f.source.as_ref(), names[k].as_deref());
        let about = |u: usize| {
            let s = &d.lower[d.bytes(&d.units[u])];
            shares_topic(&topic, s) || claimant.iter().any(|w| s.contains(w.as_str())) || s.starts_with("asked")
        };
        let contested = around.iter().any(|s| CONTESTED.is_match(s))
            || later.clone().any(|u| flags[u].contested && shares_topic(&topic, &d.lower[d.bytes(&d.units[u])]));
        let none_given =
            around.iter().any(|s| NONE_GIVEN.is_match(s)) || later.clone().any(|u| flags[u].none_given && about(u));
        let cited = flags[f.unit].cited || later.take(1).any(|u| flags[u].cited);
        let evidence = if contested {
            Evidence::Contested
        } else if none_given {
            Evidence::NoneGiven
        } else if cited {
            Evidence::Cited
        } else {
            Evidence::Unstated
        };
        out.push(Claim {
            span,
            claimant: f.source.as_ref().map(|s| d.bytes(s)),
            claimant_name: names[k].clone(),
            cue: f.cue.as_ref().map(|c| d.bytes(c)),
            evidence,
        });
    }
    out
}
