//! Where an attribution's content begins and ends: after the cue ("said
//! in a statement Monday that ..."), before a postposed frame ("..., she
//! said at a rally"), around an aside, to the clause's end.

use crate::doc::Doc;
use crate::lexicon::{cue_class, is_cue_modifier, is_determiner, is_time_word, opens_clause, CueClass};
use crate::np;
use std::ops::Range;

/// A comma or closing quotation mark before a postposed frame.
pub(crate) fn separates(d: &Doc, i: usize) -> bool {
    d.punct(i) == Some(',') || d.is_close_quote(i) || d.punct(i) == Some('—')
}

pub(crate) enum Tail {
    /// Nothing (or only time, place and addressee words) to the unit's end.
    End,
    /// ", “...”": the quotation goes on after the frame, to this token.
    Quote(usize),
    /// ", ...": the frame is an aside inside the content.
    Aside,
    /// A clause follows: the frame is not postposed.
    Clause,
}

/// What follows a postposed frame's cue (or inverted speaker).
/// After a closing quotation mark anything but another quotation may follow
/// the frame ("..., she said at a news conference announcing that ...").
pub(crate) fn tail(d: &Doc, k: usize, hi: usize, class: CueClass, after_quote: bool) -> Tail {
    let mut t = k;
    while t < hi && d.punct(t) != Some(',') {
        t += 1;
    }
    if after_quote && (k..t).all(|j| !d.is_quote_mark(j)) {
        // fall through to what follows the comma
    } else if t > k {
        let w = d.w(k);
        let ignorable = t - k <= 9
            && (is_time_word(w)
                || matches!(
                    w,
                    "in" | "on"
                        | "at"
                        | "during"
                        | "after"
                        | "before"
                        | "via"
                        | "to"
                        | "while"
                        | "from"
                        | "with"
                        | "through"
                        | "as"
                        | "when"
                        | "of"
                )
                || (class == CueClass::Addressed && t - k <= 4 && (k..t).all(|j| d.w(j) != "to")))
            && (k..t).all(|j| {
                !d.is_quote_mark(j) && d.w(j) != "that" && d.punct(j).is_none_or(|c| matches!(c, '.' | '-' | '(' | ')'))
            });
        if !ignorable {
            return Tail::Clause;
        }
    }
    if t >= hi {
        return Tail::End;
    }
    let n = t + 1;
    if let Some(c) = d.close_of(n) {
        return Tail::Quote(c);
    }
    // ", adding that ...", ", referencing the bank's drive", and anything
    // after a quotation's frame ("..., Warren told Stumpf, after he ...").
    if d.w(n).ends_with("ing") || after_quote {
        // "“A,” Tester said, referring to the excuse, “B.”"
        let more = (n..hi).find(|&j| d.punct(j) == Some(',') && d.is_open_quote(j + 1));
        if let Some(c) = more.and_then(|j| d.close_of(j + 1)).filter(|&c| after_quote && c + 1 >= hi) {
            return Tail::Quote(c);
        }
        return Tail::End;
    }
    Tail::Aside
}

/// Words that open an adverbial, not a content: "During his years in
/// office, Mr. Obama said, ...".
pub(crate) fn opens_adverbial(w: &str) -> bool {
    matches!(
        w,
        "during"
            | "in"
            | "as"
            | "when"
            | "after"
            | "before"
            | "while"
            | "although"
            | "though"
            | "if"
            | "at"
            | "on"
            | "for"
            | "since"
            | "because"
            | "with"
            | "despite"
            | "following"
            | "asked"
            | "speaking"
            | "unlike"
            | "like"
            | "by"
            | "from"
            | "under"
            | "over"
            | "until"
            | "once"
            | "later"
            | "earlier"
            | "meanwhile"
            | "still"
            | "however"
            | "separately"
    )
}

/// The content before a postposed frame whose separator is at `sep`.
pub(crate) fn content_before(d: &Doc, lo: usize, sep: usize, tail: Tail, hi: usize) -> Option<Range<usize>> {
    // A quotation goes on after the frame only when the content before is one.
    let quote_before = d.is_close_quote(sep) || (sep > lo && d.is_close_quote(sep - 1));
    let end = match tail {
        Tail::Quote(c) if quote_before => return (lo < sep).then_some(lo..c + 1),
        Tail::Quote(_) => return None,
        Tail::Aside if opens_adverbial(d.w(lo)) => return None,
        Tail::Aside => return (sep > lo + 1).then_some(lo..hi),
        Tail::Clause => return None,
        Tail::End if d.is_close_quote(sep) => sep + 1,
        Tail::End => sep,
    };
    let quoted = d.is_open_quote(lo) && d.close_of(lo).is_some_and(|c| c + 1 >= end);
    if quoted {
        return Some(lo..end);
    }
    // "However laudable the goal, using the tax ''is misguided,'' said X":
    // the adverbial before the first comma is not part of the content.
    let start = if opens_adverbial(d.w(lo)) { (lo..end).find(|&j| d.punct(j) == Some(','))? + 1 } else { lo };
    (end >= start + 3).then_some(start..end)
}

/// Prepositions and nouns of the setting between a cue and "that": "said in
/// a statement Monday that".
pub(crate) fn setting_word(d: &Doc, j: usize) -> bool {
    let w = d.w(j);
    is_time_word(w)
        || is_determiner(w)
        || d.cap(j)
        || d.punct(j) == Some(',')
        || matches!(
            w,
            "in" | "on"
                | "at"
                | "during"
                | "to"
                | "via"
                | "with"
                | "an"
                | "statement"
                | "interview"
                | "letter"
                | "speech"
                | "rally"
                | "conference"
                | "call"
                | "email"
                | "news"
                | "reporters"
                | "post"
                | "tweet"
                | "campaign"
                | "event"
                | "stop"
                | "hearing"
                | "briefing"
                | "radio"
                | "television"
                | "tv"
                | "show"
                | "op-ed"
                | "report"
                | "me"
                | "him"
                | "her"
                | "them"
                | "us"
                | "reporter"
                | "audience"
                | "crowd"
                | "supporters"
                | "week"
                | "night"
                | "morning"
        )
}

/// The content after a cue ending at `k`: a that-clause, a quotation or a
/// bare clause, to the unit's end.
pub(crate) fn content_after(d: &Doc, class: CueClass, verb: usize, k: usize, hi: usize) -> Option<Range<usize>> {
    let mut k = k;
    // "claimed, without evidence, that"
    if d.punct(k) == Some(',') {
        if let Some(c) = (k + 1..(k + 9).min(hi)).find(|&c| d.punct(c) == Some(',')) {
            if d.w(c + 1) == "that" && (k + 1..c).all(|j| d.is_word(j)) {
                return (c + 2 < hi).then_some(c + 1..cut(d, c + 2, hi));
            }
        }
    }
    // "said in a statement Monday that", "tweeted in the early morning hours that"
    let setting = |j: usize| {
        setting_word(d, j)
            || (d.is_word(j) && cue_class(d.w(j)).is_none() && !matches!(d.w(j), "and" | "but" | "which" | "who"))
    };
    let after_preposition =
        matches!(d.w(k), "in" | "on" | "at" | "during" | "via" | "after" | "before" | "from" | "over" | "through");
    let that = (k..(k + 12).min(hi))
        .take_while(|&j| d.w(j) == "that" || if after_preposition { setting(j) } else { setting_word(d, j) })
        .find(|&j| d.w(j) == "that");
    if let Some(t) = that {
        return (t + 1 < hi).then_some(t..cut(d, t + 1, hi));
    }
    if class == CueClass::Addressed {
        if let Some(obj) = np::right(d, k, hi, false) {
            // "urged Republicans to join": PolNeAR keeps the addressee.
            if d.w(obj.end) == "to" && crate::lexicon::takes_infinitive(d.w(verb)) {
                return Some(k..cut(d, obj.end + 1, hi));
            }
            k = obj.end;
        }
    }
    // "saying during the debate last week, “That makes me smart,”"
    if matches!(d.w(k), "in" | "on" | "at" | "during" | "after" | "before" | "via" | "to") {
        if let Some(c) = (k + 1..(k + 10).min(hi)).find(|&c| d.punct(c) == Some(',') && d.is_open_quote(c + 1)) {
            if (k..c).all(|j| d.is_word(j)) {
                k = c + 1;
            }
        }
    }
    while k < hi && (crate::lexicon::is_weekday(d.w(k)) || matches!(d.w(k), "today" | "yesterday" | "tonight")) {
        k += 1;
    }
    // "says of Clinton, “...”"
    if matches!(d.w(k), "of" | "about") {
        if let Some(c) = (k + 1..(k + 6).min(hi)).find(|&c| d.punct(c) == Some(',')) {
            if d.is_open_quote(c + 1) {
                k = c;
            }
        }
    }
    if matches!(d.punct(k), Some(',' | ':')) {
        k += 1;
    }
    if k >= hi {
        return None;
    }
    // A quotation: alone, or followed by an adjunct ("..., when Clinton
    // blasted him").
    if let Some(c) = d.close_of(k) {
        if c + 1 >= hi || d.punct(c - 1) == Some(',') || d.punct(c + 1) == Some(',') {
            return Some(k..c + 1);
        }
    }
    let w = d.w(k);
    if w == "to" && crate::lexicon::takes_infinitive(d.w(verb)) && d.is_word(k + 1) {
        return Some(k..cut(d, k + 1, hi));
    }
    let clause_like = opens_clause(w) || d.cap(k) || d.is_open_quote(k) || w == "it" || w == "this";
    if matches!(class, CueClass::Cognition | CueClass::Evidence) && !clause_like {
        return None;
    }
    if !d.is_word(k) && !d.is_open_quote(k) {
        return None;
    }
    if matches!(
        w,
        "about" | "to" | "of" | "for" | "with" | "in" | "on" | "at" | "by" | "so" | "and" | "but" | "as" | "from"
    ) || (matches!(w, "yes" | "no") && !d.is_word(k + 1))
    {
        return None;
    }
    let end = cut(d, k, hi);
    (end > k).then_some(k..end)
}

/// The content's end: the unit's end, or before ", adding ..." / ", according to".
pub(crate) fn cut(d: &Doc, k: usize, hi: usize) -> usize {
    let mut j = k;
    while j < hi {
        if d.is_open_quote(j) {
            j = d.close_of(j).unwrap_or(j) + 1;
            continue;
        }
        if d.punct(j) == Some(',') && j + 1 < hi {
            let n = d.w(j + 1);
            if (n.ends_with("ing") && cue_class(n).is_some()) || (n == "according" && d.w(j + 2) == "to") {
                return j;
            }
        }
        // ", but she noted": a new clause with its own subject.
        if d.punct(j) == Some(',') && j > k && matches!(d.w(j + 1), "but" | "while" | "although" | "though" | "whereas")
        {
            return j;
        }
        // "... and said B": a second cue of the same speaker.
        if d.w(j) == "and" && j > k {
            let v = (j + 1..(j + 3).min(hi)).find(|&v| !is_cue_modifier(d.w(v))).unwrap_or(j + 1);
            if cue_class(d.w(v)).is_some_and(|c| matches!(c, CueClass::Speech | CueClass::Addressed))
                && !d.w(v).ends_with("ing")
            {
                return if d.punct(j - 1) == Some(',') { j - 1 } else { j };
            }
        }
        j += 1;
    }
    hi
}
