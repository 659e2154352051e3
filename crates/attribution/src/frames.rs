//! Attribution frames in a clause unit: a cue verb with its speaker and the
//! attributed content, in the orders news prose uses them:
//! "X said (that) C", "C, X said", "C, said X", "“C,” X said, “C2”",
//! "according to X, C", "C, according to X", "X said: “C”", plus quotations
//! that stand alone after an attributed one.

use crate::content::{content_after, content_before, cut, separates, tail, Tail};
use crate::doc::Doc;
use crate::lexicon::{cue_class, is_cue_modifier, is_determiner, CueClass};
use crate::np;
use std::ops::Range;

/// One attribution as token ranges.
#[derive(Clone, Debug, Default)]
pub(crate) struct Found {
    pub content: Range<usize>,
    pub source: Option<Range<usize>>,
    pub cue: Option<Range<usize>>,
    /// The cue verb's class (`None` for a transcript's colon).
    pub class: Option<CueClass>,
    /// Index of the clause unit holding the cue.
    pub unit: usize,
}

pub(crate) fn find(d: &Doc) -> Vec<Found> {
    let mut out = Vec::new();
    // The attribution found in the previous unit, if any, and its paragraph:
    // a quotation standing alone after it continues its content.
    let mut last: Option<usize> = None;
    let mut covered = 0;
    for (n, u) in d.units.iter().enumerate() {
        if u.end <= covered {
            continue;
        }
        let first = out.len();
        unit(d, u.clone(), &mut out, last);
        for f in &mut out[first..] {
            f.unit = n;
            f.class = f.cue.as_ref().and_then(|c| (c.start..c.end).rev().find_map(|t| cue_class(d.w(t))));
            if f.class.is_none() && f.cue.as_ref().is_some_and(|c| d.w(c.start) == "according") {
                f.class = Some(CueClass::Speech);
            }
        }
        let para = d.tokens[u.start].para_start;
        last = match (out.len() > first, para) {
            (true, _) => Some(out.len() - 1),
            (false, false) if continued(d, u, &out, last) => last,
            _ => None,
        };
        covered = out[first..].iter().map(|f| f.content.end).max().unwrap_or(0).max(covered);
    }
    out
}

/// The unit is a follow-on quotation already merged into `last`.
fn continued(d: &Doc, u: &Range<usize>, out: &[Found], last: Option<usize>) -> bool {
    last.is_some_and(|l| out[l].content.end >= u.end.min(d.tokens.len()) && out[l].content.start < u.start)
}

/// End of the unit without its final punctuation (a closing quotation mark
/// stays: PolNeAR keeps `.”` inside the content).
fn core_end(d: &Doc, u: &Range<usize>) -> usize {
    let mut hi = u.end;
    while hi > u.start && matches!(d.punct(hi - 1), Some('.' | '!' | '?' | ';' | ':' | ',' | '…')) {
        hi -= 1;
    }
    hi
}

fn unit(d: &Doc, u: Range<usize>, out: &mut Vec<Found>, last: Option<usize>) {
    let lo = u.start;
    let hi = core_end(d, &u);
    let first = out.len();
    if let Some(f) = transcript(d, lo, u.end) {
        out.push(f);
        return;
    }
    // Reported speech nested in a content is rarely its own attribution in
    // PolNeAR; a cue inside one counts only when a new clause starts with its
    // speaker ("..., Mr. McKinley said that"), and then ends that content.
    let mut open_content: Option<usize> = None;
    let mut i = lo;
    while i < hi {
        if d.in_quote(i) {
            i = d.quote_end(i) + 1;
            continue;
        }
        let inside = open_content.filter(|&o| i < out[o].content.end);
        if let Some(f) = cue_at(d, lo, hi, i, &out[first..]) {
            let cue_end = f.cue.as_ref().map_or(i + 1, |c| c.end);
            let after = f.content.start >= cue_end;
            let boundary = f.source.as_ref().and_then(|s| clause_start(d, lo, s.start));
            match (inside, boundary) {
                (None, _) => {}
                // "X said she felt ... “most people don't know,” she said.":
                // the inner frame only ends the content.
                (Some(o), _)
                    if !after && f.content.end > out[o].content.start && d.is_close_quote(f.content.end - 1) =>
                {
                    out[o].content.end = f.content.end;
                    i = cue_end;
                    continue;
                }
                (Some(o), Some(b)) if after && b > out[o].content.start => out[o].content.end = b,
                // "Secret Service protocol called for ..., sources said": the
                // postposed frame owns the whole clause; the cue inside it
                // was part of its content. Likewise a new clause right at the
                // content's start ("a message posted Friday, Cruz said ...").
                (Some(o), _)
                    if !after
                        && f.content.start <= out[o].source.as_ref().map_or(out[o].content.start, |s| s.start) =>
                {
                    out.truncate(o);
                    open_content = None;
                }
                (Some(o), Some(_)) if after => {
                    out.truncate(o);
                    open_content = None;
                }
                _ => {
                    i += 1;
                    continue;
                }
            }
            if after {
                open_content = Some(out.len());
            }
            out.push(f);
            i = cue_end;
            continue;
        }
        i += 1;
    }
    // A quotation filling the unit, not attributed itself: it continues the
    // previous unit's attribution in the same paragraph.
    if out.len() == first && d.is_open_quote(lo) && !d.tokens[lo].para_start {
        if let (Some(c), Some(l)) = (d.close_of(lo), last) {
            if c + 1 >= hi && c < u.end {
                out[l].content.end = out[l].content.end.max(c + 1);
            }
        }
    }
}

/// "PENCE: Well, look ..." in an interview transcript, to the paragraph's end.
fn transcript(d: &Doc, lo: usize, end: usize) -> Option<Found> {
    if !d.tokens[lo].para_start {
        return None;
    }
    let s = if d.is_quote_mark(lo) { lo + 1 } else { lo };
    let mut j = s;
    while j < end && j - s < 3 && d.all_caps(j) {
        j += 1;
    }
    if j == s || d.punct(j) != Some(':') || j + 1 >= end {
        return None;
    }
    let mut e = (j + 1..d.tokens.len()).find(|&k| d.tokens[k].para_start).unwrap_or(d.tokens.len());
    if d.is_quote_mark(e - 1) && !d.is_close_quote(e - 1) {
        e -= 1;
    }
    (j + 1 < e).then(|| Found { content: j + 1..e, source: Some(s..j), cue: Some(j..j + 1), ..Found::default() })
}

fn cue_at(d: &Doc, lo: usize, hi: usize, i: usize, earlier: &[Found]) -> Option<Found> {
    let w = d.w(i);
    if w == "according" && d.w(i + 1) == "to" {
        return according(d, lo, hi, i, earlier);
    }
    let class = cue_class(w)?;
    if d.cap(i) && i != lo {
        return None;
    }
    if i > lo && (d.w(i - 1) == "to" || is_determiner(d.w(i - 1))) {
        return None;
    }
    let mut cs = i;
    while cs > lo && i - cs < 3 && is_cue_modifier(d.w(cs - 1)) {
        cs -= 1;
    }
    let passive =
        !w.ends_with("ing") && (cs..i).any(|k| matches!(d.w(k), "is" | "are" | "was" | "were" | "been" | "be"));
    if passive {
        return None;
    }
    // "said:" keeps its colon, as PolNeAR's cues do; "called for" its particle.
    let cue_end =
        if d.punct(i + 1) == Some(':') || crate::lexicon::cue_particle(w, d.w(i + 1)) { i + 2 } else { i + 1 };
    let cue = cs..cue_end;
    // ", adding that ...": the speaker is the main clause's.
    if cs == i && i > lo && d.punct(i - 1) == Some(',') && w.ends_with("ing") {
        let content = content_after(d, class, i, cue.end, hi)?;
        return Some(Found { content, source: None, cue: Some(cue), ..Found::default() });
    }
    // "Merrill says A and said B": the first cue's speaker.
    if cs > lo && d.w(cs - 1) == "and" {
        if let Some(shared) = earlier.last().and_then(|f| f.source.clone()) {
            let content = content_after(d, class, i, cue.end, hi)?;
            return Some(Found { content, source: Some(shared), cue: Some(cue), ..Found::default() });
        }
    }
    // Inverted: "..., said Luis Rubio, who heads the Center."
    if cs == i && cs > lo && separates(d, cs - 1) && class == CueClass::Speech {
        if let Some(src) = np::right(d, i + 1, hi, true) {
            let t = match tail(d, src.end, hi, class, d.is_close_quote(cs - 1)) {
                Tail::Aside => Tail::End,
                t => t,
            };
            if matches!(t, Tail::End | Tail::Quote(_)) {
                let content = content_before(d, lo, cs - 1, t, hi)?;
                return Some(Found { content, source: Some(src), cue: Some(cue), ..Found::default() });
            }
        }
    }
    // "Sanders on Tuesday said", "Wells Fargo this month announced"
    let mut subject_end = cs;
    while subject_end > lo + 1 && time_phrase_end(d, subject_end) {
        subject_end -=
            if crate::lexicon::is_weekday(d.w(subject_end - 1)) && d.w(subject_end - 2) != "on" { 1 } else { 2 };
    }
    let src = match np::left(d, lo, subject_end) {
        Some(src) => src,
        // "Cruz exhorted Republicans ... and said he was": the unit's subject.
        None if cs > lo && d.w(cs - 1) == "and" && class != CueClass::Object => np::right(d, lo, hi, false)?,
        None => return None,
    };
    if !plausible_subject(d, &src, i, cs, class) {
        return None;
    }
    // "softer language calling for", "taxpayers reporting gains": a
    // participle right after a noun modifies it.
    if w.ends_with("ing") && cs == i && src.end == cs {
        return None;
    }
    // "what they call", "in which he called": the content is the relative.
    if src.start > lo
        && (matches!(d.w(src.start - 1), "what" | "which" | "whom")
            || (class == CueClass::Object && d.w(src.start - 1) == "that"))
    {
        return None;
    }
    if matches!(w, "continue" | "continues" | "continued") && d.punct(i + 1) != Some(':') && !d.is_open_quote(i + 2) {
        return None;
    }
    // Postposed frames are verbs of saying: "..., she said", not "...,
    // chemicals found in refrigerants".
    if src.start > lo && separates(d, src.start - 1) && matches!(class, CueClass::Speech | CueClass::Addressed) {
        let t = tail(d, cue.end, hi, class, d.is_close_quote(src.start - 1));
        if !matches!(t, Tail::Clause) {
            if let Some(content) = content_before(d, lo, src.start - 1, t, hi) {
                return Some(Found { content, source: Some(src), cue: Some(cue), ..Found::default() });
            }
        }
    }
    let content = content_after(d, class, i, cue.end, hi)?;
    Some(Found { content, source: Some(src), cue: Some(cue), ..Found::default() })
}

/// Verb forms that are also nouns ("tweets", "claims", "a show") need a
/// subject that makes them verbs: an auxiliary before them, a pronoun, or a
/// plural or named subject for base forms.
fn plausible_subject(d: &Doc, src: &Range<usize>, i: usize, cs: usize, class: CueClass) -> bool {
    let w = d.w(i);
    let head = d.w(src.end - 1);
    let lower_head = !d.cap(src.end - 1);
    let irregular_past =
        matches!(w, "said" | "told" | "wrote" | "thought" | "knew" | "found" | "felt" | "shown" | "learnt");
    let base = !irregular_past && !w.ends_with('s') && !w.ends_with("ed") && !w.ends_with("ing");
    if base {
        return cs < i
            || matches!(head, "i" | "we" | "you" | "they")
            || (lower_head && head.ends_with('s') && !head.ends_with("’s") && !head.ends_with("'s"))
            || src.clone().any(|j| d.w(j) == "and")
            || d.punct(src.end - 1) == Some(',');
    }
    // A plural noun before an auxiliary: "battleground states could".
    let plural_form = w.ends_with('s') && !w.ends_with("ss") && w != "says";
    if plural_form
        && matches!(
            d.w(i + 1),
            "could" | "would" | "will" | "are" | "were" | "have" | "can" | "may" | "might" | "should" | "must" | "do"
        )
    {
        return false;
    }
    if (crate::lexicon::is_noun_plural(w) || (plural_form && class != CueClass::Speech)) && cs == i {
        let first = d.w(src.start);
        let possessive = first.ends_with("’s") || first.ends_with("'s");
        return !possessive && (d.cap(src.start) || is_determiner(first) || crate::lexicon::is_subject_pronoun(first));
    }
    true
}

/// Where the clause of a speaker starting at `s` begins, when a clause
/// boundary (a comma or semicolon, maybe with a conjunction) precedes it: the
/// end of the content before.
fn clause_start(d: &Doc, lo: usize, s: usize) -> Option<usize> {
    let mut b = s;
    if b > lo
        && matches!(
            d.w(b - 1),
            "and" | "but" | "while" | "whereas" | "although" | "though" | "because" | "so" | "yet" | "as"
        )
    {
        b -= 1;
    }
    if b > lo && matches!(d.punct(b - 1), Some(',' | ';' | '—' | '–')) {
        return Some(b - 1);
    }
    (b < s).then_some(b)
}

/// Tokens before `end` are a time phrase between a subject and its verb:
/// "on Tuesday", "Tuesday", "this month", "last week".
fn time_phrase_end(d: &Doc, end: usize) -> bool {
    let (a, b) = (d.w(end - 2), d.w(end - 1));
    crate::lexicon::is_weekday(b)
        || (matches!(a, "this" | "last" | "next" | "earlier" | "later")
            && matches!(
                b,
                "week"
                    | "month"
                    | "year"
                    | "morning"
                    | "afternoon"
                    | "evening"
                    | "summer"
                    | "spring"
                    | "fall"
                    | "winter"
            ))
}

fn according(d: &Doc, lo: usize, hi: usize, i: usize, earlier: &[Found]) -> Option<Found> {
    // "Police said crime fell, according to figures ...": the source of an
    // attribution's content, not one of its own.
    if earlier.iter().any(|f| f.content.end + 1 == i) {
        return None;
    }
    let cue = i..i + 2;
    let leading = (lo..i).all(|j| matches!(d.w(j), "but" | "and" | "yet" | "so") || d.is_quote_mark(j));
    if leading {
        let src = np::right(d, i + 2, hi, false)?;
        if d.punct(src.end) == Some(',') && src.end + 1 < hi {
            let end = cut(d, src.end + 1, hi);
            return Some(Found { content: src.end + 1..end, source: Some(src), cue: Some(cue), ..Found::default() });
        }
        return None;
    }
    let src = np::right(d, i + 2, hi, true)?;
    if i > lo && d.punct(i - 1) == Some(',') {
        let content = content_before(d, lo, i - 1, Tail::End, hi)?;
        return Some(Found { content, source: Some(src), cue: Some(cue), ..Found::default() });
    }
    None
}
