//! Speaker noun phrases found by walking from a cue: leftwards for a subject
//! ("White House spokesman Josh Earnest said", "Phil Smith, a spokesman for
//! the union, said"), rightwards after an inverted cue or "according to".
//! PolNeAR's source spans keep determiners, titles and appositives, so do we.

use crate::doc::Doc;
use crate::lexicon::{cue_class, ends_noun_phrase, is_determiner, is_subject_pronoun, is_title};
use std::ops::Range;

const MAX_NP: usize = 14;
const MAX_APPOSITIVE: usize = 32;

/// Inside-phrase prepositions: "Department of State", "spokesman for the
/// campaign", "Center at the Urban Institute".
fn joins_phrase(w: &str) -> bool {
    matches!(w, "of" | "for" | "at" | "on")
}

/// The subject noun phrase that ends right before token `end`, no further
/// left than `lo`.
pub(crate) fn left(d: &Doc, lo: usize, end: usize) -> Option<Range<usize>> {
    if end <= lo {
        return None;
    }
    let last = end - 1;
    if d.punct(last) == Some(',') {
        return appositive_left(d, lo, last);
    }
    before_comma(d, lo, end)
}

/// A subject without an appositive, maybe with a parenthesis: "Sen. Claire
/// McCaskill (D-Mo.)".
fn before_comma(d: &Doc, lo: usize, end: usize) -> Option<Range<usize>> {
    if end > lo && d.punct(end - 1) == Some(')') {
        let open = (end.saturating_sub(7).max(lo)..end - 1).rev().find(|&i| d.punct(i) == Some('('))?;
        let head = simple_left(d, lo, open)?;
        return d.cap(head.start).then_some(head.start..end);
    }
    simple_left(d, lo, end)
}

fn simple_left(d: &Doc, lo: usize, end: usize) -> Option<Range<usize>> {
    if end <= lo || !d.is_word(end - 1) {
        return None;
    }
    let w = d.w(end - 1);
    if is_subject_pronoun(w) {
        return Some(end - 1..end);
    }
    let mut j = end;
    let mut head = false;
    while j > lo && end - j < MAX_NP {
        let t = j - 1;
        if !d.is_word(t) {
            break;
        }
        let w = d.w(t);
        let cap = d.cap(t);
        if is_determiner(w) {
            if !head {
                break;
            }
            j = t;
            // "A lawyer for the news outlets", "the director of the FBI"
            if t >= lo + 2 && joins_phrase(d.w(t - 1)) && (is_title(d.w(t - 2)) || d.cap(t - 2)) && end - j < MAX_NP {
                j = t - 1;
                continue;
            }
            break;
        }
        if ends_noun_phrase(w) {
            let inside =
                head && t > lo && (d.cap(j) || is_determiner(d.w(j))) && (d.cap(t - 1) || is_title(d.w(t - 1)));
            if (joins_phrase(w) && inside) || (w == "and" && head && d.cap(j) && t > lo && d.cap(t - 1)) {
                j = t;
                continue;
            }
            break;
        }
        if !cap && (cue_class(w).is_some() || w.ends_with("ly") || is_subject_pronoun(w)) {
            break;
        }
        if w.ends_with("n’t") || w.ends_with("n't") {
            break;
        }
        // "Mr. Obama scrutinized reports": a past tense, unless an adjective
        // after a determiner ("the embattled senator").
        let adjective_ed =
            matches!(w, "retired" | "embattled" | "elected" | "unnamed" | "unidentified" | "indicted" | "appointed");
        if !cap && !adjective_ed && w.len() > 4 && w.ends_with("ed") && !(t > lo && is_determiner(d.w(t - 1))) {
            break;
        }
        // A lower-case word before a capitalised one must be a title
        // ("spokesman Josh Earnest") or an adjective ("the nonpartisan
        // Commission"); else the name starts the phrase ("In a statement
        // Trump said").
        if !cap && head && d.cap(j) && !is_title(d.w(j)) && !is_title(w) && !adjective(w) {
            break;
        }
        if is_subject_pronoun(w) {
            break;
        }
        head = true;
        j = t;
    }
    (head || j < end).then_some(j..end).filter(|r| r.clone().any(|i| !is_determiner(d.w(i))))
}

/// Adjectives that stand before names and titles, by list and by suffix.
fn adjective(w: &str) -> bool {
    matches!(
        w,
        "former"
            | "retired"
            | "embattled"
            | "new"
            | "top"
            | "senior"
            | "chief"
            | "longtime"
            | "fellow"
            | "then"
            | "rival"
            | "late"
            | "outgoing"
            | "incoming"
            | "acting"
            | "interim"
            | "veteran"
            | "many"
            | "other"
            | "several"
    ) || ["al", "ic", "ous", "ive", "an", "ful", "ary", "ent", "ant", "ish", "ist"]
        .iter()
        .any(|s| w.len() > 4 && w.ends_with(s))
}

/// "NAME, APPOSITIVE," before a cue: the whole phrase with the trailing comma
/// when the middle is an appositive, else just NAME when it is a participial
/// aside ("Trump, speaking to veterans, said").
fn appositive_left(d: &Doc, lo: usize, comma: usize) -> Option<Range<usize>> {
    let first = (comma.saturating_sub(MAX_APPOSITIVE).max(lo)..comma).rev().find(|&i| d.punct(i) == Some(','))?;
    let inner = first + 1..comma;
    if inner.is_empty() || inner.clone().any(|i| d.is_quote_mark(i) || d.in_quote(i)) {
        return None;
    }
    let name = before_comma(d, lo, first)?;
    if !d.cap(name.start) && !is_determiner(d.w(name.start)) {
        return None;
    }
    let w0 = d.w(inner.start);
    let appositive = is_determiner(w0)
        || matches!(w0, "who" | "whose" | "which")
        || d.cap(inner.start)
        || w0.chars().next().is_some_and(|c| c.is_ascii_digit())
        || is_title(w0)
        || matches!(w0, "former" | "then" | "now" | "chief" | "senior" | "longtime");
    if appositive {
        Some(name.start..comma + 1)
    } else if w0.ends_with("ing") || matches!(w0, "however" | "meanwhile" | "too" | "though" | "in" | "at" | "on") {
        Some(name)
    } else {
        None
    }
}

/// The noun phrase starting at `start` (after "according to" or an inverted
/// "said"), up to `hi`; `to_end` takes an appositive or relative clause to
/// `hi` as PolNeAR does for "..., said Luis Rubio, who heads the Center".
pub(crate) fn right(d: &Doc, start: usize, hi: usize, to_end: bool) -> Option<Range<usize>> {
    if start >= hi || !d.is_word(start) {
        return None;
    }
    let w = d.w(start);
    if is_subject_pronoun(w) || matches!(w, "me" | "him" | "her" | "them" | "us") {
        return Some(start..start + 1);
    }
    let mut j = start;
    if is_determiner(w) {
        j += 1;
    }
    let mut head = false;
    while j < hi && j - start < MAX_NP {
        if d.punct(j) == Some('(') {
            // "(D-Mo.)"
            match (j + 1..(j + 7).min(hi)).find(|&i| d.punct(i) == Some(')')) {
                Some(c) if head => {
                    j = c + 1;
                    continue;
                }
                _ => break,
            }
        }
        if !d.is_word(j) {
            break;
        }
        let w = d.w(j);
        let cap = d.cap(j);
        // "told reporters the decline was expected"
        if head && is_determiner(w) {
            break;
        }
        if ends_noun_phrase(w) {
            let inside = head
                && j + 1 < hi
                && (d.cap(j + 1) || is_determiner(d.w(j + 1)))
                && (d.cap(j - 1) || is_title(d.w(j - 1)));
            if (joins_phrase(w) && inside) || (w == "and" && head && d.cap(j - 1) && d.cap(j + 1)) {
                j += 1;
                continue;
            }
            break;
        }
        if !cap && (cue_class(w).is_some() && head || w.ends_with("ly")) {
            break;
        }
        // "a speech Mrs. Clinton delivered": a name after a common noun
        // starts another phrase.
        if head && cap && !d.cap(j - 1) && !is_title(d.w(j - 1)) && !adjective(d.w(j - 1)) && !joins_phrase(d.w(j - 1))
        {
            break;
        }
        if head && !cap && d.cap(j - 1) && !is_title(w) && !w.ends_with("’s") && !w.ends_with("'s") {
            // "said Trump supporters" is fine, "according to Trump aides" too:
            // a plural noun after a name extends it, anything else ends it.
            if !w.ends_with('s') {
                break;
            }
        }
        head = true;
        j += 1;
    }
    if !head {
        return None;
    }
    if to_end && d.punct(j) == Some(',') && j + 1 < hi {
        let w1 = d.w(j + 1);
        if is_determiner(w1) || matches!(w1, "who" | "whose" | "which") || is_title(w1) || d.cap(j + 1) {
            let relative_cue = |i: usize| {
                matches!(d.w(i), "who" | "which") && (i + 1..(i + 4).min(hi)).any(|v| cue_class(d.w(v)).is_some())
            };
            let stop = (j + 1..hi)
                .find(|&i| d.punct(i) == Some(',') && (ends_source(d, i, hi) || relative_cue(i + 1)))
                .unwrap_or(hi);
            return Some(start..stop);
        }
    }
    Some(start..j)
}

/// A comma after which the rest is not part of an appositive (", adding
/// that", ", “...").
fn ends_source(d: &Doc, comma: usize, hi: usize) -> bool {
    let n = comma + 1;
    n >= hi || d.is_quote_mark(n) || d.w(n).ends_with("ing") || matches!(d.w(n), "and" | "but" | "in" | "on")
}
