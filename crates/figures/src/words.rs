//! Figures that start with a word: written numbers ("two million", "a
//! dozen", "twenty-five", "une centaine") and vague quantities ("dozens
//! of", "several thousand", "Tausende").

use crate::assemble::{Raw, Scan};
use crate::lexicon::{self, Lex, EN, GRAMMAR};
use crate::types::Approx;

impl Scan<'_> {
    pub(crate) fn word_figure(&self, i: usize) -> Option<(Raw, usize)> {
        if compound_number(&self.low(i), self.mask).is_some() {
            return self.written_figure(i);
        }
        match self.lex(i)? {
            Lex::Vague | Lex::Scale { plural: true, .. } | Lex::Several => self.vague_figure(i),
            Lex::Number { .. } | Lex::Article | Lex::Half | Lex::Hundred | Lex::Dozen => self.written_figure(i),
            _ => None,
        }
    }

    /// "two million people", "a dozen embassies", "twenty-five", "une
    /// centaine de".
    pub(crate) fn written_figure(&self, i: usize) -> Option<(Raw, usize)> {
        let (mut total, mut current) = (0.0f64, 0.0f64);
        let (mut strong, mut article, mut scaled, mut last_was_number) = (false, false, false, false);
        let mut half = false;
        let mut approx = None;
        let mut k = i;
        while let Some(t) = self.word_on_line(k) {
            if k > i && !t.spaced {
                break;
            }
            let low = self.low(k);
            let lex = match compound_number(&low, self.mask) {
                Some(v) => Some(Lex::Number { value: v, weak: false }),
                None => lexicon::lookup(&low, self.mask),
            };
            match lex {
                Some(Lex::Number { value, weak }) if !last_was_number && !article => {
                    current += value;
                    strong |= !weak;
                    last_was_number = true;
                }
                Some(Lex::Half) if k == i => half = true,
                Some(Lex::Article) if k == i || (half && k == i + 1) => article = true,
                Some(Lex::Hundred) => {
                    current = current.max(1.0) * 100.0;
                    (strong, last_was_number, article) = (true, false, false);
                }
                Some(Lex::Dozen) => {
                    current = current.max(1.0) * 12.0;
                    (strong, last_was_number, article) = (true, false, false);
                }
                Some(Lex::Roughly(v)) if article && k == i + 1 => {
                    current = v;
                    approx = Some(Approx::About);
                    (strong, article) = (true, false);
                }
                Some(Lex::Scale { factor, plural: false }) if current > 0.0 || article => {
                    total += current.max(1.0) * factor;
                    current = 0.0;
                    (strong, scaled, last_was_number, article) = (true, true, false, false);
                }
                _ if &*low == "and" && self.mask & EN != 0 && current > 0.0 => {
                    let continues = matches!(self.lex(k + 1), Some(Lex::Number { .. }));
                    if !continues {
                        break;
                    }
                }
                _ => break,
            }
            k += 1;
        }
        if !strong || article {
            return None;
        }
        let value = (total + current) * if half { 0.5 } else { 1.0 };
        let (first, currency) = (i, None);
        let (qualifier_start, qualifier) = self.qualifier_before(first);
        let tail = self.tail(k, currency);
        if !scaled && value < 100.0 && tail.unit.is_none() {
            // Bare small number words are pronouns as often as figures ("the
            // two met"): only count a plural-looking noun.
            let plural = tail.counts.as_ref().is_some_and(|r| plural_noun(&self.lower[r.clone()], self.mask));
            if !plural {
                return None;
            }
        }
        let first = qualifier_start.unwrap_or(first);
        let fig = Raw {
            span: self.toks[first].start..self.toks[tail.end - 1].end,
            value: Some(value * tail.factor),
            unit: tail.unit,
            counts: tail.counts,
            period: tail.period,
            approx: qualifier.or(approx),
            vague: false,
            after_connective: self.prev_word_in(first, &GRAMMAR.connective),
        };
        Some((fig, tail.end))
    }

    /// "dozens of embassies", "tens of thousands of people", "several
    /// thousand", "des milliers de réfugiés", "Tausende Menschen".
    pub(crate) fn vague_figure(&self, i: usize) -> Option<(Raw, usize)> {
        let mut first = i;
        let mut k = i + 1;
        let needs_link = match self.lex(i)? {
            Lex::Several => {
                let scale_next = self.word_on_line(k).is_some()
                    && matches!(self.lex(k), Some(Lex::Scale { .. } | Lex::Hundred | Lex::Dozen | Lex::Vague));
                if !scale_next {
                    return None;
                }
                if i > 0 && self.word_on_line(i).is_some() && matches!(&*self.low(i - 1), "a" | "the") {
                    first = i - 1;
                }
                k += 1;
                false
            }
            _ => self.mask & lexicon::DE == 0,
        };
        // "tens of thousands", "des dizaines de milliers", "cientos de miles"
        let link = self.word_on_line(k).is_some() && GRAMMAR.link.contains(&*self.low(k));
        let apostrophe = usize::from(self.mark(k + 1).is_some_and(|c| c == '\'' || c == '’'));
        let second = k + 1 + apostrophe;
        if link && matches!(self.lex(second), Some(Lex::Vague | Lex::Scale { plural: true, .. })) {
            k = second + 1;
        } else if &*self.low(i) == "tens" {
            return None;
        }
        if first > 0 && self.word_on_line(first).is_some() && matches!(&*self.low(first - 1), "des" | "de" | "por") {
            first -= 1;
        }
        let tail = self.tail(k, None);
        if tail.unit.is_none() && tail.counts.is_none() || needs_link && !tail.linked {
            return None;
        }
        let (qualifier_start, approx) = self.qualifier_before(first);
        let first = qualifier_start.unwrap_or(first);
        let fig = Raw {
            span: self.toks[first].start..self.toks[tail.end - 1].end,
            value: None,
            unit: tail.unit,
            counts: tail.counts,
            period: tail.period,
            approx,
            vague: true,
            after_connective: false,
        };
        Some((fig, tail.end))
    }
}

/// "twenty-five", "vingt-deux": tens and units joined by a hyphen.
fn compound_number(low: &str, mask: u8) -> Option<f64> {
    let (tens, units) = low.split_once('-')?;
    let value = |w: &str| match lexicon::lookup(w, mask) {
        Some(Lex::Number { value, .. }) => Some(value),
        _ => None,
    };
    let (t, u) = (value(tens)?, value(units).or_else(|| (units == "one").then_some(1.0))?);
    (t >= 20.0 && u < 10.0).then_some(t + u)
}

/// English plurals (and the common irregular ones); other languages pass.
pub(crate) fn plural_noun(low: &str, mask: u8) -> bool {
    if mask & EN == 0 {
        return true;
    }
    const IRREGULAR: &[&str] =
        &["people", "men", "women", "children", "police", "staff", "personnel", "cattle", "sheep", "fish", "aircraft"];
    let s_plural = low.ends_with('s') && !low.ends_with("ss") && !low.ends_with("us") && !low.ends_with("is");
    s_plural || IRREGULAR.contains(&low)
}
