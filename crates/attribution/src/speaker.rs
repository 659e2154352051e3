//! Speaker names: pronouns, surnames, honorifics and descriptions resolved to
//! the fullest name given earlier in the article ("Oppal said" -> "Wally
//! Oppal", "the spokesperson" -> "a State Department spokesperson").

use crate::doc::Doc;
use crate::lexicon::{cue_class, ends_noun_phrase, is_determiner, is_honorific, is_title};
use rustc_hash::FxHashMap;
use std::ops::Range;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Gender {
    Unknown,
    Male,
    Female,
}

/// How far back (in mentions) a pronoun or a description looks.
const LOOKBACK: usize = 200;

/// A name or description mentioned in the text.
struct Mention {
    /// First token; mentions are kept in text order.
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
    /// Mention indices by surname, in text order.
    by_surname: FxHashMap<String, Vec<usize>>,
    /// How often each name is mentioned.
    seen: FxHashMap<String, usize>,
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

/// Party words before a name: "Democrat Hillary Clinton".
fn affiliation(w: &str) -> bool {
    matches!(w, "democrat" | "republican" | "democratic" | "gop" | "libertarian" | "independent" | "rival" | "green")
}

fn skippable(w: &str) -> bool {
    is_title(w) || is_determiner(w) || ends_noun_phrase(w) || affiliation(w)
}

/// The name in the run of capitalised tokens `i..j`, titles and party words
/// split off: "Italian Prime Minister Matteo Renzi" -> "Matteo Renzi".
fn name_mention(d: &Doc, i: usize, j: usize) -> Option<Mention> {
    let mut s = i;
    let mut role = String::new();
    let mut gender = Gender::Unknown;
    if let Some(t) = (i..j - 1).rev().find(|&t| is_title(d.w(t))) {
        role = d.w(t).trim_end_matches('.').to_string();
        gender = gender_of(d.w(t));
        s = t + 1;
    }
    while s + 1 < j && skippable(d.w(s)) {
        s += 1;
    }
    if role.is_empty() && i > 0 && is_title(d.w(i - 1)) {
        role = d.w(i - 1).to_string();
    }
    let honorific = s > i && is_honorific(d.w(s - 1));
    let lone = j - s == 1 && (d.tokens[s].para_start || (skippable(d.w(s)) && !honorific));
    if lone {
        return None;
    }
    let name = strip_possessive(&d.text[d.tokens[s].start..d.tokens[j - 1].end]).to_string();
    let surname = strip_possessive(d.w(j - 1)).to_string();
    let person = !role.is_empty() || (2..=4).contains(&(j - s));
    Some(Mention { at: s, end: j, quoted: d.in_quote(s), name, surname, role, person, gender })
}

/// "a State Department spokesperson" ending at the role word `i`.
fn description(d: &Doc, i: usize) -> Option<Mention> {
    // Back over modifiers ("State Department") to the article; a verb or a
    // phrase boundary first means the role word belongs to something else.
    let mut start = None;
    for j in (i.saturating_sub(5)..i).rev() {
        let w = d.w(j);
        if matches!(w, "a" | "an") {
            start = Some(j);
            break;
        }
        if !d.is_word(j) || ends_noun_phrase(w) || (!d.cap(j) && cue_class(w).is_some()) {
            return None;
        }
    }
    let start = start?;
    Some(Mention {
        at: start,
        end: i + 1,
        quoted: d.in_quote(start),
        name: d.text[d.tokens[start].start..d.tokens[i].end].to_string(),
        surname: String::new(),
        role: d.w(i).to_string(),
        person: true,
        gender: Gender::Unknown,
    })
}

impl Resolver {
    /// Names (runs of capitalised words) and indefinite role descriptions.
    pub fn new(d: &Doc) -> Self {
        let mut mentions = Vec::new();
        let n = d.tokens.len();
        let mut i = 0;
        while i < n {
            if !d.cap(i) {
                if d.is_word(i) && is_title(d.w(i)) && !is_honorific(d.w(i)) {
                    mentions.extend(description(d, i));
                }
                i += 1;
                continue;
            }
            let j = (i..n).find(|&j| !d.cap(j)).unwrap_or(n);
            mentions.extend(name_mention(d, i, j));
            i = j;
        }
        mentions.sort_by_key(|m| m.at);
        let mut by_surname: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        let mut seen: FxHashMap<String, usize> = FxHashMap::default();
        for (k, m) in mentions.iter().enumerate().filter(|(_, m)| !m.surname.is_empty()) {
            by_surname.entry(m.surname.clone()).or_default().push(k);
            *seen.entry(m.name.clone()).or_default() += 1;
        }
        Resolver { mentions, by_surname, seen }
    }

    /// Mentions starting before token `at`, nearest first, within the lookback.
    fn before(&self, at: usize) -> impl Iterator<Item = usize> + '_ {
        let end = self.mentions.partition_point(|m| m.at < at);
        (end.saturating_sub(LOOKBACK)..end).rev()
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
        // spokesperson", whose head is a role); else an appositive name:
        // "Another critic, Laurence H. Tribe,".
        let head_end = (src.start..src.end).find(|&j| d.punct(j) == Some(',')).unwrap_or(src.end);
        let end = if d.punct(src.end - 1) == Some(',') { src.end - 1 } else { src.end };
        let first = self.mentions.partition_point(|m| m.at < src.start);
        let inside = first..self.mentions.partition_point(|m| m.at < end);
        let named = inside
            .clone()
            .find(|&k| self.mentions[k].end == head_end && !self.mentions[k].surname.is_empty())
            .or_else(|| {
                inside.clone().find(|&k| {
                    let m = &self.mentions[k];
                    m.at > head_end && m.end == end && m.person && !m.surname.is_empty()
                })
            });
        if let Some(m) = named {
            return Some(self.fullest(m));
        }
        // "the spokesperson": the earlier mention with that role.
        let head = d.w(src.end - 1).trim_end_matches(',');
        if is_determiner(d.w(src.start)) && !matches!(d.w(src.start), "a" | "an") && is_title(head) {
            if let Some(k) = self.before(src.start).find(|&k| self.mentions[k].role == head) {
                return Some(if self.mentions[k].surname.is_empty() {
                    self.mentions[k].name.clone()
                } else {
                    self.fullest(k)
                });
            }
        }
        Some(text.to_string())
    }

    fn pronoun(&mut self, d: &Doc, at: usize, previous: Option<&str>) -> Option<String> {
        let w = d.w(at);
        if matches!(w, "who" | "which") {
            // "Trump, who said": the phrase before the comma.
            let c = at.checked_sub(1).filter(|&c| d.punct(c) == Some(','))?;
            let m = self.before(c).find(|&k| self.mentions[k].at + 6 > c && !self.mentions[k].surname.is_empty())?;
            return Some(self.fullest(m));
        }
        let g = gender_of(w);
        if g == Gender::Unknown {
            return previous.map(str::to_string);
        }
        // The nearest person named outside quotations whose gender fits.
        let fits = |e: &Mention| {
            e.person && !e.quoted && !e.surname.is_empty() && (e.gender == g || e.gender == Gender::Unknown)
        };
        let chosen = self.before(at).find(|&k| fits(&self.mentions[k]))?;
        if let Some(same) = self.by_surname.get(&self.mentions[chosen].surname) {
            for &k in same {
                self.mentions[k].gender = g;
            }
        }
        Some(self.fullest(chosen))
    }

    /// The longest name up to mention `m` ending in its surname; among full
    /// names one seen twice beats a longer one seen once ("Donald Trump" over
    /// "Washington Post Trump", a run of capitals across two phrases).
    fn fullest(&self, m: usize) -> String {
        let at = self.mentions[m].at;
        let Some(same) = self.by_surname.get(&self.mentions[m].surname) else {
            return self.mentions[m].name.clone();
        };
        same.iter()
            .map(|&k| &self.mentions[k])
            .take_while(|e| e.at <= at)
            .filter(|e| e.person || e.at == at)
            .max_by_key(|e| {
                let words = e.name.split_whitespace().count();
                (words >= 2, self.seen.get(&e.name).copied().unwrap_or(0) >= 2, words)
            })
            .map_or_else(|| self.mentions[m].name.clone(), |e| e.name.clone())
    }
}
