//! Speaker names: pronouns, surnames, honorifics and descriptions resolved to
//! the fullest name given earlier in the article ("Oppal said" -> "Wally
//! Oppal", "the spokesperson" -> "a State Department spokesperson").

use crate::doc::Doc;
use crate::lexicon::{ends_noun_phrase, is_determiner, is_honorific, is_title};
use std::ops::Range;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Gender {
    Unknown,
    Male,
    Female,
}

/// A name or description mentioned in the text.
struct Mention {
    /// First token: mentions are found and used in text order.
    at: usize,
    /// Token after the last.
    end: usize,
    /// Inside a quotation: not an antecedent for a speaker pronoun.
    quoted: bool,
    name: String,
    /// Last word of the name, lower-cased ("oppal"); empty for descriptions.
    surname: String,
    /// Title or role word before a name, or a description's head ("spokesperson").
    role: String,
    person: bool,
    gender: Gender,
}

pub(crate) struct Resolver {
    mentions: Vec<Mention>,
}

fn strip_possessive(s: &str) -> &str {
    s.strip_suffix("’s").or_else(|| s.strip_suffix("'s")).unwrap_or(s)
}

fn gender_of(w: &str) -> Gender {
    match w.trim_end_matches('.') {
        "mr" | "he" | "him" | "his" | "king" => Gender::Male,
        "mrs" | "ms" | "miss" | "she" | "her" | "queen" => Gender::Female,
        _ => Gender::Unknown,
    }
}

impl Resolver {
    /// Names (runs of capitalised words, titles and honorifics split off) and
    /// indefinite role descriptions ("a State Department spokesperson").
    pub fn new(d: &Doc) -> Self {
        let mut mentions = Vec::new();
        let n = d.tokens.len();
        let mut i = 0;
        while i < n {
            if !d.cap(i) {
                if d.is_word(i) && is_title(d.w(i)) && !is_honorific(d.w(i)) {
                    if let Some(m) = description(d, i) {
                        mentions.push(m);
                    }
                }
                i += 1;
                continue;
            }
            let mut j = i;
            while j < n && d.cap(j) {
                j += 1;
            }
            let mut s = i;
            let mut role = String::new();
            let mut gender = Gender::Unknown;
            while s < j && (is_title(d.w(s)) || is_determiner(d.w(s)) || ends_noun_phrase(d.w(s))) {
                if is_title(d.w(s)) {
                    role = d.w(s).trim_end_matches('.').to_string();
                    gender = match gender_of(d.w(s)) {
                        Gender::Unknown => gender,
                        g => g,
                    };
                }
                s += 1;
            }
            if role.is_empty() && i > 0 && is_title(d.w(i - 1)) {
                role = d.w(i - 1).to_string();
            }
            if s < j && !(j - s == 1 && d.tokens[s].para_start) {
                let name = strip_possessive(&d.text[d.tokens[s].start..d.tokens[j - 1].end]).to_string();
                let surname = strip_possessive(d.w(j - 1)).to_string();
                let person = !role.is_empty() || (j - s >= 2 && j - s <= 4);
                mentions.push(Mention { at: s, end: j, quoted: d.in_quote(s), name, surname, role, person, gender });
            }
            i = j.max(i + 1);
        }
        Resolver { mentions }
    }

    /// The name of the speaker whose mention is the token range `src`.
    /// `previous` is the last resolved speaker, for pronouns.
    pub fn resolve(&mut self, d: &Doc, src: &Range<usize>, previous: Option<&str>) -> Option<String> {
        let text = d.text[d.bytes(src)].trim_end_matches(',').trim();
        if src.len() == 1 {
            match d.w(src.start) {
                "he" | "she" | "who" | "which" => return self.pronoun(d, src.start, previous),
                "i" | "we" | "you" | "they" | "it" | "this" => return None,
                _ => {}
            }
        }
        // The name heading the phrase: "White House spokesman Josh Earnest",
        // "Phil Smith, a spokesman for the union," (not "a State Department
        // spokesperson", whose head is a role).
        let head_end = (src.start..src.end).find(|&j| d.punct(j) == Some(',')).unwrap_or(src.end);
        let named = self.mentions.iter().position(|m| m.at >= src.start && m.end == head_end && !m.surname.is_empty());
        if let Some(m) = named {
            return Some(self.fullest(m));
        }
        // "the spokesperson": the earlier mention with that role.
        let head = d.w(src.end - 1).trim_end_matches(',');
        if is_determiner(d.w(src.start)) && d.w(src.start) != "a" && d.w(src.start) != "an" && is_title(head) {
            if let Some(e) = self.mentions.iter().rev().find(|e| e.at < src.start && e.role == head) {
                return Some(e.name.clone());
            }
        }
        Some(text.to_string())
    }

    fn pronoun(&mut self, d: &Doc, at: usize, previous: Option<&str>) -> Option<String> {
        let w = d.w(at);
        if matches!(w, "who" | "which") {
            // "Trump, who said": the phrase before the comma.
            let c = at.checked_sub(1).filter(|&c| d.punct(c) == Some(','))?;
            let m = self.mentions.iter().rposition(|e| e.at < c && e.at + 6 > c)?;
            return Some(self.fullest(m));
        }
        let g = gender_of(w);
        if g == Gender::Unknown {
            return previous.map(str::to_string);
        }
        // The nearest person named outside quotations whose gender fits.
        let fits = |e: &Mention| {
            e.at < at
                && e.person
                && !e.quoted
                && !e.surname.is_empty()
                && (e.gender == g || e.gender == Gender::Unknown)
        };
        let chosen = self.mentions.iter().rposition(fits)?;
        let surname = self.mentions[chosen].surname.clone();
        for e in self.mentions.iter_mut().filter(|e| e.surname == surname) {
            e.gender = g;
        }
        Some(self.fullest(chosen))
    }

    /// The longest name up to mention `m` ending in its surname.
    fn fullest(&self, m: usize) -> String {
        let (at, surname) = (self.mentions[m].at, &self.mentions[m].surname);
        self.mentions
            .iter()
            .filter(|e| e.at <= at && &e.surname == surname && e.person)
            .max_by_key(|e| e.name.split_whitespace().count())
            .map_or_else(|| self.mentions[m].name.clone(), |e| e.name.clone())
    }
}

/// "a State Department spokesperson" ending at the role word `i`.
fn description(d: &Doc, i: usize) -> Option<Mention> {
    let start = (i.saturating_sub(5)..i).rev().take_while(|&j| d.is_word(j)).find(|&j| matches!(d.w(j), "a" | "an"))?;
    let name = d.text[d.tokens[start].start..d.tokens[i].end].to_string();
    Some(Mention {
        at: start,
        end: i + 1,
        quoted: d.in_quote(start),
        name,
        surname: String::new(),
        role: d.w(i).to_string(),
        person: true,
        gender: Gender::Unknown,
    })
}
