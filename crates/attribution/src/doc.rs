//! The analysed article: tokens, lower-cased words, paired quotation marks and
//! clause units, built once and shared by the quote and claim rules.

use crate::tokens::{self, Kind, Token};
use std::ops::Range;

pub(crate) struct Doc<'a> {
    pub text: &'a str,
    /// `text` with ASCII letters lower-cased: same byte offsets.
    pub lower: String,
    pub tokens: Vec<Token>,
    /// Paired quotation marks as (opening, closing) token indices.
    pub pairs: Vec<(usize, usize)>,
    /// For each token, the index in `pairs` of the quotation holding it
    /// (marks included), or `NONE`.
    pub quote_of: Vec<u32>,
    pub units: Vec<Range<usize>>,
}

pub(crate) const NONE: u32 = u32::MAX;

impl<'a> Doc<'a> {
    pub fn new(text: &'a str) -> Self {
        let lower = text.to_ascii_lowercase();
        let tokens = tokens::tokenize(text, &lower);
        let pairs = tokens::pair_quotes(&tokens, text);
        let mut quote_of = vec![NONE; tokens.len()];
        for (p, &(o, c)) in pairs.iter().enumerate() {
            for q in &mut quote_of[o..=c] {
                *q = p as u32;
            }
        }
        let units = tokens::units(text, &tokens, &pairs);
        Doc { text, lower, tokens, pairs, quote_of, units }
    }

    /// The lower-cased word at `i` ("" for punctuation and quotation marks).
    pub fn w(&self, i: usize) -> &str {
        match self.tokens.get(i) {
            Some(t) if t.kind == Kind::Word => &self.lower[t.start..t.end],
            _ => "",
        }
    }

    pub fn is_word(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(|t| t.kind == Kind::Word)
    }

    /// Starts with an upper-case letter (or is a number-led name like "7-Eleven").
    pub fn cap(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(|t| {
            t.kind == Kind::Word && self.text[t.start..].chars().next().is_some_and(char::is_uppercase)
        })
    }

    /// Every letter upper-case and at least two letters ("WALLACE").
    pub fn all_caps(&self, i: usize) -> bool {
        let Some(t) = self.tokens.get(i).filter(|t| t.kind == Kind::Word) else { return false };
        let s = &self.text[t.start..t.end];
        s.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !s.chars().any(char::is_lowercase)
    }

    pub fn punct(&self, i: usize) -> Option<char> {
        match self.tokens.get(i)?.kind {
            Kind::Punct(c) => Some(c),
            _ => None,
        }
    }

    pub fn is_open_quote(&self, i: usize) -> bool {
        self.quote_of.get(i).is_some_and(|&p| p != NONE && self.pairs[p as usize].0 == i)
    }

    pub fn is_close_quote(&self, i: usize) -> bool {
        self.quote_of.get(i).is_some_and(|&p| p != NONE && self.pairs[p as usize].1 == i)
    }

    pub fn in_quote(&self, i: usize) -> bool {
        self.quote_of.get(i).is_some_and(|&p| p != NONE)
    }

    /// The closing mark of the quotation opened at `i`.
    pub fn close_of(&self, i: usize) -> Option<usize> {
        let p = *self.quote_of.get(i)?;
        (p != NONE && self.pairs[p as usize].0 == i).then(|| self.pairs[p as usize].1)
    }

    /// The closing mark of the quotation holding token `i` (`i` itself when
    /// it is in none).
    pub fn quote_end(&self, i: usize) -> usize {
        match self.quote_of.get(i) {
            Some(&p) if p != NONE => self.pairs[p as usize].1,
            _ => i,
        }
    }

    /// Byte range of the token range `r` (non-empty).
    pub fn bytes(&self, r: &Range<usize>) -> Range<usize> {
        self.tokens[r.start].start..self.tokens[r.end - 1].end
    }

    pub fn is_quote_mark(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(|t| tokens::is_quote(t.kind))
    }
}
