//! What follows a number: scale words, the unit or currency, the counted
//! noun and the period ("7,500 refugees for fiscal 2026").

use crate::assemble::Scan;
use crate::lexicon::{self, Lex, DE, EN, ES, FR, GRAMMAR};
use crate::scan::Kind;
use crate::types::Unit;
use crate::words::plural_noun;
use std::ops::Range;

const TIME_UNITS: &[&str] =
    &["years", "months", "weeks", "days", "hours", "minutes", "seconds", "decades", "centuries"];

pub(crate) struct Tail {
    pub factor: f64,
    pub scaled: bool,
    pub unit: Option<Unit>,
    pub counts: Option<Range<usize>>,
    /// The counted noun or unit came after "of", "de", "der"...
    pub linked: bool,
    pub period: Option<Range<usize>>,
    /// The token after the figure phrase (at least the `j` given).
    pub end: usize,
}

impl Scan<'_> {
    /// Reads the tail starting at token `j`; `unit` is a currency already
    /// seen before the number.
    pub(crate) fn tail(&self, mut j: usize, mut unit: Option<Unit>) -> Tail {
        let mut factor = 1.0;
        let mut scaled = false;
        for _ in 0..2 {
            if self.word_on_line(j).is_none() {
                break;
            }
            match self.lex(j) {
                Some(Lex::Scale { factor: f, .. }) => factor *= f,
                // "$5m", "50k", "$2bn": glued letters; "5m" alone is metres.
                Some(Lex::ShortScale(f)) if self.glued(j) && (unit.is_some() || f == 1e3) => factor *= f,
                _ => break,
            }
            scaled = true;
            j += 1;
            if self.mark(j) == Some('.') && self.glued(j) && matches!(&*self.low(j - 1), "mio" | "mrd" | "md" | "mds") {
                j += 1;
            }
        }
        // "a 5-year sentence", "a $10-billion deal"
        if self.mark(j) == Some('-') && self.glued(j) && self.glued(j + 1) && self.word_on_line(j + 1).is_some() {
            let compound = self.low(j + 1);
            let head = compound.split('-').next().unwrap_or("");
            if let Some(Lex::Unit(u)) = lexicon::lookup(head, self.mask) {
                unit = unit.or(Some(u));
                return Tail { factor, scaled, unit, counts: None, linked: false, period: None, end: j + 2 };
            }
        }
        if let Some((u, next)) = self.unit_at(j, unit.is_some(), scaled) {
            unit = unit.or(Some(u));
            j = next;
        }
        let mut counts = None;
        let mut linked = false;
        // "two decades of war" is a duration, not a count of wars.
        let duration = matches!(unit, Some(Unit::Measure(m)) if TIME_UNITS.contains(&m));
        if !duration && self.word_on_line(j).is_some() && GRAMMAR.link.contains(&*self.low(j)) {
            let mut k = j + 1;
            if self.glued(k) && matches!(self.mark(k), Some('\'' | '’')) {
                k += 1;
            }
            for _ in 0..2 {
                if self.word_on_line(k).is_some() && GRAMMAR.determiner.contains(&*self.low(k)) {
                    k += 1;
                }
            }
            // "millions of dollars", "3,2 milliards d'euros"
            let currency_after = (unit.is_none())
                .then(|| self.unit_at(k, false, true))
                .flatten()
                .filter(|(u, _)| matches!(u, Unit::Currency(_)));
            if let Some((u, next)) = currency_after {
                (unit, linked, j) = (Some(u), true, next);
            } else if let Some((head, next)) = self.noun_run(k) {
                (counts, linked, j) = (Some(head), true, next);
            }
        } else if unit.is_none() {
            if let Some((head, next)) = self.noun_run(j) {
                (counts, j) = (Some(head), next);
            }
        }
        let mut period = None;
        if let Some((range, next)) = self.period_at(j) {
            (period, j) = (Some(range), next);
        }
        Tail { factor, scaled, unit, counts, linked, period, end: j }
    }

    /// A unit at token `j` and the token after it. `has_currency`: a
    /// currency symbol came before; `scaled`: a scale word came before
    /// (which makes "pounds" money rather than weight).
    fn unit_at(&self, j: usize, has_currency: bool, scaled: bool) -> Option<(Unit, usize)> {
        let tok = self.on_line(j)?;
        match tok.kind {
            Kind::Mark('%') => return Some((Unit::Percent, j + 1)),
            Kind::Mark('°') => {
                let scale = if self.glued(j + 1) { self.str(j + 1) } else { "" };
                return Some(match scale {
                    "C" => (Unit::Measure("°C"), j + 2),
                    "F" => (Unit::Measure("°F"), j + 2),
                    _ => (Unit::Measure("deg"), j + 1),
                });
            }
            Kind::Mark(c) if !has_currency => {
                return lexicon::currency_symbol(c).map(|code| (Unit::Currency(code), j + 1))
            }
            Kind::Word => {}
            _ => return None,
        }
        let word = self.str(j);
        if let Some(code) = lexicon::iso_currency(word) {
            return Some((Unit::Currency(code), j + 1));
        }
        for phrase in &GRAMMAR.units {
            let words = &phrase.words;
            if phrase.mask & self.mask == 0 {
                continue;
            }
            let all = words.iter().enumerate().all(|(n, w)| {
                self.word_on_line(j + n).is_some() && (n == 0 || self.toks[j + n].spaced) && *self.low(j + n) == **w
            });
            if all {
                return Some((phrase.reading, j + words.len()));
            }
        }
        if self.glued(j + 2) && self.mark(j + 1) == Some('/') && &*self.low(j) == "km" && &*self.low(j + 2) == "h" {
            return Some((Unit::Measure("km/h"), j + 3));
        }
        match self.lex(j)? {
            Lex::Unit(u) => Some((u, j + 1)),
            Lex::WeakCurrency(code, _) if scaled || has_currency => Some((Unit::Currency(code), j + 1)),
            Lex::WeakCurrency(_, Some(fallback)) => Some((Unit::Measure(fallback), j + 1)),
            Lex::ShortScale(_) if word == "m" && !has_currency => Some((Unit::Measure("m"), j + 1)),
            _ => None,
        }
    }

    /// The counted noun phrase starting at token `k`: its head and the
    /// token after the phrase. English and German heads come last
    /// ("Syrian refugees", "syrische Flüchtlinge"), French and Spanish first
    /// ("réfugiés syriens").
    fn noun_run(&self, mut k: usize) -> Option<(Range<usize>, usize)> {
        let romance = self.mask & (FR | ES) != 0;
        let english = self.mask & EN != 0;
        let german = self.mask & DE != 0;
        let mut head = None;
        let mut prev_cap = false;
        for n in 0..3 {
            let Some(t) = self.word_on_line(k) else { break };
            if !t.spaced {
                break;
            }
            let word = self.str(k);
            let low = self.low(k);
            let stop = GRAMMAR.stop.contains(&*low)
                || self.lex(k).is_some()
                || word.bytes().any(|b| b.is_ascii_digit())
                || GRAMMAR.qualifiers.iter().any(|q| q.words[0] == &*low);
            if stop {
                break;
            }
            let cap = word.starts_with(char::is_uppercase);
            // A possessive belongs to what follows: "80% of the world's oil".
            if low.ends_with("'s") || low.ends_with("’s") {
                prev_cap = cap;
                k += 1;
                continue;
            }
            if english && n > 0 {
                // "3,000 people died", "7,500 refugees Trump admitted"
                let verbish = low.ends_with("ed") || low.ends_with("ing") || low.ends_with("ly");
                if verbish || (cap && !prev_cap) {
                    break;
                }
            }
            // German nouns are capitalised: "Tausende Menschen demonstrierten"
            if german && n > 0 && prev_cap && !cap {
                break;
            }
            head = Some(t.start..t.end);
            prev_cap = cap;
            k += 1;
            // English plurals end the phrase: "a dozen embassies shut"
            if romance || (english && plural_noun(&low, self.mask)) {
                break;
            }
        }
        head.map(|h| (h, k))
    }

    /// "fiscal 2026", "for fiscal year 2026", "in FY2024", "in 2024",
    /// "2025-26" right after the figure: the period's range and the token
    /// after it.
    fn period_at(&self, j: usize) -> Option<(Range<usize>, usize)> {
        let mut k = j;
        let prep = self.word_on_line(k).is_some() && GRAMMAR.period_prep.contains(&*self.low(k));
        if prep {
            k += 1;
        }
        let first = k;
        self.on_line(k)?;
        let word = self.str(k);
        let fiscal = if &*self.low(k) == "fiscal" {
            k += 1;
            if self.word_on_line(k).is_some() && &*self.low(k) == "year" {
                k += 1;
            }
            true
        } else if word == "FY" {
            k += 1;
            true
        } else if word.len() > 2 && word.starts_with("FY") && word[2..].bytes().all(|b| b.is_ascii_digit()) {
            return Some((self.toks[k].start..self.toks[k].end, k + 1));
        } else {
            false
        };
        if !(fiscal || prep) || !self.is_year(k) || self.on_line(k).is_none() {
            return None;
        }
        let mut last = k;
        // "2025-26", "2025/2026"
        let second_year = matches!(self.mark(k + 1), Some('-' | '–' | '/'))
            && self.glued(k + 1)
            && self.glued(k + 2)
            && self.toks.get(k + 2).is_some_and(|t| t.kind == Kind::Num && matches!(t.end - t.start, 2 | 4));
        if second_year {
            last = k + 2;
        }
        Some((self.toks[first].start..self.toks[last].end, last + 1))
    }
}
