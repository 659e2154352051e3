//! What sits left of a number (currency, qualifier) and the rules that
//! throw out numbers that are not figures: days of the month, clock times,
//! numbered names, "No. 5".

use crate::assemble::Scan;
use crate::lexicon::{self, Lex, GRAMMAR};
use crate::scan::Kind;
use crate::types::Approx;
use rustc_hash::FxHashSet;

impl Scan<'_> {
    /// "March 3", "3 March", "3 mars", "3. März", "3 de marzo".
    pub(crate) fn is_date_day(&self, i: usize) -> bool {
        if i > 0 && self.on_line(i).is_some() && self.is_month(i - 1) {
            return true;
        }
        if self.is_month(i + 1) {
            return true;
        }
        let joiner = self.mark(i + 1) == Some('.') && self.glued(i + 1)
            || self.word_on_line(i + 1).is_some() && matches!(&*self.low(i + 1), "de" | "of");
        joiner && self.is_month(i + 2)
    }

    /// "10 a.m.", "10 p.m."
    pub(crate) fn is_clock(&self, i: usize) -> bool {
        self.word_on_line(i + 1).is_some()
            && matches!(&*self.low(i + 1), "a" | "p")
            && self.mark(i + 2) == Some('.')
            && self.glued(i + 2)
            && self.glued(i + 3)
            && matches!(self.toks.get(i + 3).map(|_| self.low(i + 3)).as_deref(), Some("m"))
    }

    /// "No. 5", "Nr. 3", "number 10".
    pub(crate) fn after_number_sign(&self, first: usize) -> bool {
        if first >= 1 && self.toks[first - 1].kind == Kind::Word {
            return matches!(&*self.low(first - 1), "number" | "nummer" | "numéro" | "número" | "no" | "nr");
        }
        if first >= 2 && self.mark(first - 1) == Some('.') && self.toks[first - 2].kind == Kind::Word {
            return matches!(&*self.low(first - 2), "no" | "nr" | "nos" | "nº" | "n");
        }
        false
    }

    pub(crate) fn after_name(&self, first: usize) -> bool {
        if first == 0 || self.on_line(first).is_none() || !self.toks[first].spaced {
            return false;
        }
        let k = first - 1;
        if self.toks[k].kind != Kind::Word || !self.str(k).chars().any(char::is_uppercase) {
            return false;
        }
        // Mid-sentence capitals are names ("World War 2"); a capital opening
        // a sentence may be any word ("About 40", "Nearly 5").
        let opens_sentence = k == 0
            || self.toks[k].broken
            || matches!(
                self.toks[k - 1].kind,
                Kind::Mark('.' | '!' | '?' | ':' | ';' | '"' | '“' | '”' | '«' | '»' | '(' | '—')
            );
        if !opens_sentence {
            return lexicon::lookup(&self.low(k), u8::MAX) != Some(Lex::Month);
        }
        let low = self.low(k);
        let known = lexicon::lookup(&low, u8::MAX).is_some()
            || GRAMMAR.stop.contains(&*low)
            || GRAMMAR.year_context.contains(&*low)
            || GRAMMAR.qualifiers.iter().any(|q| q.words.last() == Some(&&*low));
        !known
    }

    pub fn prev_word_in(&self, first: usize, set: &FxHashSet<&'static str>) -> bool {
        first > 0
            && self.on_line(first).is_some()
            && self.toks[first - 1].kind == Kind::Word
            && set.contains(&*self.low(first - 1))
    }

    /// A currency symbol or code before token `first`: the new first token
    /// and the currency.
    pub(crate) fn currency_before(&self, first: usize) -> (usize, Option<&'static str>) {
        if first == 0 || self.on_line(first).is_none() {
            return (first, None);
        }
        let k = first - 1;
        match self.toks[k].kind {
            Kind::Mark(c) => {
                let Some(code) = lexicon::currency_symbol(c) else { return (first, None) };
                if c == '$' && k > 0 && self.glued(k) && self.toks[k - 1].kind == Kind::Word {
                    if let Some(code) = lexicon::dollar_prefix(self.str(k - 1)) {
                        return (k - 1, Some(code));
                    }
                }
                if c == '$' && k > 1 && self.glued(k) && self.mark(k - 1) == Some('.') {
                    // "U.S.$" as tokens "U", ".", "S", ".", "$"
                    return (k, Some("USD"));
                }
                (k, Some(code))
            }
            Kind::Word => {
                let w = self.str(k);
                if let Some(code) = lexicon::iso_currency(w) {
                    return (k, Some(code));
                }
                if w == "Rs" || w == "INR" {
                    return (k, Some("INR"));
                }
                (first, None)
            }
            Kind::Num => (first, None),
        }
    }

    /// The longest qualifier ending right before token `first`.
    pub(crate) fn qualifier_before(&self, first: usize) -> (Option<usize>, Option<Approx>) {
        let mut best: Option<(usize, Approx)> = None;
        for q in &GRAMMAR.qualifiers {
            let words = &q.words;
            if q.mask & self.mask == 0 || words.len() > first {
                continue;
            }
            let start = first - words.len();
            let matches = words.iter().enumerate().all(|(n, w)| {
                let k = start + n;
                self.toks[k].kind == Kind::Word && (n == 0 || !self.toks[k].broken) && *self.low(k) == **w
            });
            if matches && self.on_line(first).is_some() && !matches!(best, Some((s, _)) if s <= start) {
                best = Some((start, q.reading));
            }
        }
        let abbreviated = best.is_none()
            && first >= 2
            && self.mark(first - 1) == Some('.')
            && self.toks[first - 2].kind == Kind::Word
            && matches!(&*self.low(first - 2), "ca" | "c" | "approx");
        if abbreviated {
            return (Some(first - 2), Some(Approx::About));
        }
        (best.map(|(s, _)| s), best.map(|(_, a)| a))
    }
}
