//! What a story page computes beyond the story itself: the quotes of its
//! articles grouped by speaker, and its blind spots (outlets and countries
//! that usually report but are missing from the story).

use std::collections::{BTreeMap, HashMap};

use chrono::{Duration, NaiveDate};
use newsdesk_coverage::StoryPage;
use newsdesk_index::ArticleSearch;
use newsdesk_store::Store;
use serde_json::Value;

use crate::view::article_with_analysis;
use crate::Result;

/// Articles whose quotes are read: a story of hundreds of articles repeats
/// the same few statements, and each article is a store read.
pub(crate) const MAX_QUOTED_ARTICLES: usize = 100;
/// Days around a story looked at for who usually reports.
const MARGIN_DAYS: i64 = 7;
/// Days counted at most (evenly spread over a long story's window): the
/// articles of each are read.
const MAX_SAMPLED_DAYS: usize = 60;
/// Fewer days with any article than this say nothing about habits.
const MIN_ACTIVE_DAYS: usize = 3;

/// One statement and the articles that carried it.
pub(crate) struct Quoted {
    pub content: String,
    pub direct: bool,
    /// (outlet, article id), in the story's publication order.
    pub carried: Vec<(String, String)>,
}

pub(crate) struct Speaker {
    pub name: String,
    pub quotes: Vec<Quoted>,
}

/// The attributed quotes of the story's first articles, by speaker (as the
/// analysis names them), the same words carried by several outlets listed
/// once; speakers quoted by the most articles first.
pub(crate) fn quotes_by_speaker(store: &dyn Store, page: &StoryPage) -> Result<Vec<Speaker>> {
    let mut speakers: Vec<Speaker> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for a in page.articles.iter().take(MAX_QUOTED_ARTICLES) {
        let article = match article_with_analysis(store, &a.id) {
            Ok(v) => v,
            // Deleted since the story was read: nothing to quote.
            Err(crate::ServerError::NotFound(_)) => continue,
            Err(e) => return Err(e),
        };
        let outlet = a.source.clone().unwrap_or_else(|| "(unknown outlet)".into());
        let quotes = article["analysis"]["quotes"].as_array().map(Vec::as_slice).unwrap_or(&[]);
        for q in quotes {
            let text = |k: &str| q.get(k).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
            let (Some(name), Some(content)) = (text("speaker_name").or(text("speaker")), text("content")) else {
                continue;
            };
            let key = normalise(name);
            let k = *by_key.entry(key).or_insert_with(|| {
                speakers.push(Speaker { name: name.to_string(), quotes: Vec::new() });
                speakers.len() - 1
            });
            let quotes = &mut speakers[k].quotes;
            let same = normalise(content);
            let carried = (outlet.clone(), a.id.clone());
            match quotes.iter_mut().find(|q| normalise(&q.content) == same) {
                Some(q) => {
                    if !q.carried.iter().any(|(_, id)| *id == a.id) {
                        q.carried.push(carried);
                    }
                }
                None => quotes.push(Quoted {
                    content: content.to_string(),
                    direct: q.get("direct").and_then(Value::as_bool).unwrap_or(false),
                    carried: vec![carried],
                }),
            }
        }
    }
    let weight = |s: &Speaker| s.quotes.iter().map(|q| q.carried.len()).sum::<usize>();
    speakers.sort_by(|a, b| weight(b).cmp(&weight(a)).then_with(|| a.name.cmp(&b.name)));
    Ok(speakers)
}

/// Lower case, single spaces, quotation marks dropped: the same words
/// however a copy typeset them.
fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '"' | '\u{201c}' | '\u{201d}' | '\u{2018}' | '\u{2019}' | '\''))
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Outlets and countries that publish on most days around a story, and
/// are absent from it.
pub(crate) struct BlindSpots {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Days of the window with any article (the ones habits are read from).
    pub active_days: usize,
    /// (name, days it published on), most regular first.
    pub outlets: Vec<(String, usize)>,
    pub countries: Vec<(String, usize)>,
}

/// The window is the story's days ±7; an outlet or country usually reports
/// when it published on more than half of the window's days that have any
/// article. `None` when the story has no dated article or the collection
/// too few active days to tell.
pub(crate) fn blind_spots(index: &dyn ArticleSearch, page: &StoryPage) -> Result<Option<BlindSpots>> {
    let days: Vec<NaiveDate> =
        page.timeline.iter().filter_map(|(d, _)| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()).collect();
    let (Some(&first), Some(&last)) = (days.iter().min(), days.iter().max()) else { return Ok(None) };
    let (from, to) = (first - Duration::days(MARGIN_DAYS), last + Duration::days(MARGIN_DAYS));
    let span = usize::try_from((to - from).num_days() + 1).unwrap_or(1);
    let sampled: Vec<NaiveDate> = if span <= MAX_SAMPLED_DAYS {
        (0..span).map(|k| from + Duration::days(k as i64)).collect()
    } else {
        (0..MAX_SAMPLED_DAYS).map(|k| from + Duration::days((k * (span - 1) / (MAX_SAMPLED_DAYS - 1)) as i64)).collect()
    };
    let found = index.presence_on(&sampled)?;
    let active_days = found.len();
    let mut outlets: BTreeMap<String, usize> = BTreeMap::new();
    let mut countries: BTreeMap<String, usize> = BTreeMap::new();
    for p in found.into_values() {
        for name in p.sources {
            *outlets.entry(name).or_default() += 1;
        }
        for code in p.countries {
            *countries.entry(code).or_default() += 1;
        }
    }
    if active_days < MIN_ACTIVE_DAYS {
        return Ok(None);
    }
    let covering: Vec<String> = page.outlets.iter().map(|o| o.name.trim().to_lowercase()).collect();
    let covering_countries: Vec<String> = page.story.countries.iter().map(|c| c.trim().to_uppercase()).collect();
    let usual = |counts: BTreeMap<String, usize>, present: &dyn Fn(&str) -> bool| {
        let mut v: Vec<(String, usize)> =
            counts.into_iter().filter(|(name, n)| n * 2 > active_days && !present(name)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v
    };
    Ok(Some(BlindSpots {
        from,
        to,
        active_days,
        outlets: usual(outlets, &|name| covering.contains(&name.trim().to_lowercase())),
        countries: usual(countries, &|code| covering_countries.contains(&code.to_uppercase())),
    }))
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn quotes_compare_without_typesetting() {
        assert_eq!(normalise("\u{201c}We have  never seen\u{201d}"), normalise("\"we have never seen\""));
    }
}
