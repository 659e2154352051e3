//! Figures assembled around digit runs and number words: what sits on the
//! left (currency, qualifier), and the rules that throw out numbers that
//! are not figures (dates, times, names, phone numbers, years).

use crate::lexicon::{self, Lex, GRAMMAR};
use crate::scan::{parse_digits, tokenize, Kind, Tok};
use crate::types::{Approx, Unit};
use std::borrow::Cow;
use std::ops::Range;

pub(crate) struct Scan<'a> {
    pub text: &'a str,
    /// `text` with ASCII letters lower-cased: the same byte offsets.
    pub lower: String,
    pub toks: Vec<Tok>,
    pub mask: u8,
    comma_decimal: bool,
}

/// A figure before sentences, scores and carried-over nouns.
pub(crate) struct Raw {
    pub span: Range<usize>,
    pub value: Option<f64>,
    pub unit: Option<Unit>,
    pub counts: Option<Range<usize>>,
    pub period: Option<Range<usize>>,
    pub approx: Option<Approx>,
    pub vague: bool,
    /// Preceded by "from", "to", "and"...: may share the previous figure's
    /// counted noun.
    pub after_connective: bool,
}

pub(crate) fn raw_figures(text: &str, lang: Option<&str>) -> Vec<Raw> {
    let mask = lexicon::lang_mask(lang);
    let scan = Scan {
        text,
        lower: text.to_ascii_lowercase(),
        toks: tokenize(text, mask & lexicon::FR != 0),
        mask,
        comma_decimal: lexicon::comma_decimal(lang),
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < scan.toks.len() {
        let found = match scan.toks[i].kind {
            Kind::Num => scan.digit_figure(i),
            Kind::Word => scan.word_figure(i),
            Kind::Mark(_) => None,
        };
        match found {
            Some((fig, next)) => {
                out.push(fig);
                i = next.max(i + 1);
            }
            None => i += 1,
        }
    }
    out
}

impl Scan<'_> {
    pub fn str(&self, i: usize) -> &str {
        let t = &self.toks[i];
        &self.text[t.start..t.end]
    }

    /// The token lower-cased (allocating only for non-ASCII capitals).
    pub fn low(&self, i: usize) -> Cow<'_, str> {
        let t = &self.toks[i];
        let s = &self.lower[t.start..t.end];
        if !s.is_ascii() && s.chars().any(char::is_uppercase) {
            Cow::Owned(s.to_lowercase())
        } else {
            Cow::Borrowed(s)
        }
    }

    /// Token `i` when it exists and no line break comes before it.
    pub fn on_line(&self, i: usize) -> Option<&Tok> {
        self.toks.get(i).filter(|t| !t.broken)
    }

    pub fn word_on_line(&self, i: usize) -> Option<&Tok> {
        self.on_line(i).filter(|t| t.kind == Kind::Word)
    }

    pub fn mark(&self, i: usize) -> Option<char> {
        match self.toks.get(i)?.kind {
            Kind::Mark(c) => Some(c),
            _ => None,
        }
    }

    /// Whether token `i` exists and touches the one before it.
    pub fn glued(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| !t.spaced && !t.broken)
    }

    pub fn lex(&self, i: usize) -> Option<Lex> {
        if self.toks.get(i)?.kind != Kind::Word {
            return None;
        }
        lexicon::lookup(&self.low(i), self.mask)
    }

    pub fn lex_where(&self, i: usize, want: impl Fn(&Lex) -> bool) -> Option<Lex> {
        if self.toks.get(i)?.kind != Kind::Word {
            return None;
        }
        lexicon::lookup_where(&self.low(i), self.mask, want)
    }

    pub(crate) fn is_month(&self, i: usize) -> bool {
        self.word_on_line(i).is_some()
            && self.lex_where(i, |l| *l == Lex::Month).is_some()
            && (self.str(i).starts_with(char::is_uppercase) || !matches!(&*self.low(i), "may" | "march" | "mar"))
    }

    pub fn is_year(&self, i: usize) -> bool {
        let Some(t) = self.toks.get(i).filter(|t| t.kind == Kind::Num) else { return false };
        let s = &self.text[t.start..t.end];
        s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) && ("1000"..="2100").contains(&s)
    }

    pub(crate) fn digit_figure(&self, i: usize) -> Option<(Raw, usize)> {
        let mut left = i;
        let mut negative = false;
        if self.glued(i) && i > 0 {
            let Kind::Mark(c) = self.toks[i - 1].kind else { return None };
            let glued_before = i >= 2 && self.glued(i - 1) && !matches!(self.toks[i - 2].kind, Kind::Mark(_));
            match c {
                '-' | '−' if !glued_before => {
                    negative = true;
                    left = i - 1;
                }
                // "COVID-19", "24/7", "10:30", "+44", "#1", "No.5"
                '-' | '−' | '–' | '/' | ':' | '+' | '#' | '№' | '.' | '_' | '@' => return None,
                _ => {}
            }
        }
        if self.glued(i + 1) {
            let after_is_num = self.glued(i + 2) && self.toks[i + 2].kind == Kind::Num;
            match self.toks[i + 1].kind {
                Kind::Mark('/' | ':' | '-' | '–' | '.' | '_') if after_is_num => return None,
                Kind::Word => {
                    let suffix = self.low(i + 1);
                    let clock_like = suffix.starts_with('h') && suffix[1..].bytes().all(|b| b.is_ascii_digit());
                    if clock_like || matches!(self.lex(i + 1), Some(Lex::Ordinal | Lex::Clock)) {
                        return None;
                    }
                }
                _ => {}
            }
        }
        // Phone numbers and other digit groups: "+1 202 555 0100", "(202) 555-0100".
        let num_at = |k: usize| self.toks.get(k).is_some_and(|t| t.kind == Kind::Num && t.spaced && !t.broken);
        if (num_at(i + 1) && num_at(i + 2)) || (i > 0 && num_at(i) && self.toks[i - 1].kind == Kind::Num) {
            return None;
        }
        let area_code = self.mark(i + 1) == Some(')') && self.toks.get(i + 2).is_some_and(|t| t.kind == Kind::Num);
        if area_code || (i >= 2 && self.mark(i - 1) == Some(')') && self.toks[i - 2].kind == Kind::Num) {
            return None;
        }
        let raw = self.str(i);
        let mut value = parse_digits(raw, self.comma_decimal)?;
        let small_int = raw.bytes().all(|b| b.is_ascii_digit()) && (1.0..=31.0).contains(&value);
        if small_int && self.is_date_day(i) {
            return None;
        }
        let clock_word = self.word_on_line(i + 1).is_some() && matches!(self.lex(i + 1), Some(Lex::Clock));
        if clock_word || self.is_clock(i) || self.after_number_sign(left) {
            return None;
        }
        if negative {
            value = -value;
        }
        let (mut first, currency) = self.currency_before(left);
        let (qualifier_start, mut approx) = self.qualifier_before(first);
        let tail = self.tail(i + 1, currency.map(Unit::Currency));
        // A number glued to a capitalised name ("Apollo 11", "Boeing 737")
        // is part of the name unless a scale or unit follows.
        if currency.is_none()
            && !tail.scaled
            && tail.unit.is_none()
            && !raw.contains([',', '.'])
            && self.after_name(first)
        {
            return None;
        }
        if self.is_year(i) && currency.is_none() && approx.is_none() && !tail.scaled && tail.unit.is_none() {
            // "baseball's 2013 World Series": a capitalised noun after a
            // year is an event's name (except in German, where nouns are).
            let named = self.mask & lexicon::DE == 0
                && tail.counts.as_ref().is_some_and(|r| self.text[r.clone()].starts_with(char::is_uppercase));
            let dated = self.prev_word_in(first, &GRAMMAR.year_context) || tail.counts.is_none() || named;
            if dated {
                return None;
            }
        }
        if let Some(q) = qualifier_start {
            first = q;
        }
        if approx.is_none() && first > 0 && self.mark(first - 1) == Some('~') {
            first -= 1;
            approx = Some(Approx::About);
        }
        let unit = tail.unit;
        let fig = Raw {
            span: self.toks[first].start..self.toks[tail.end - 1].end,
            value: Some(value * tail.factor),
            unit,
            counts: tail.counts,
            period: tail.period,
            approx,
            vague: false,
            after_connective: self.prev_word_in(first, &GRAMMAR.connective),
        };
        Some((fig, tail.end))
    }
}
