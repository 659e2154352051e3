//! Read views of coverage for people: a copy group as a provenance chain, a
//! story as a page (articles in order, outlets, timeline), and which of
//! some articles are copies of a given text. The CLI prints them and the
//! server renders them.

use std::collections::{BTreeMap, HashMap};

use newsdesk_dedup::{Doc, Sketch};
use newsdesk_model::Article;
use newsdesk_store::{Store, StoryId, StorySummary};
use serde::Serialize;

use crate::Result;

/// One member of a copy group.
#[derive(Debug, Clone, Serialize)]
pub struct CopyMember {
    pub id: String,
    pub published: Option<String>,
    pub source: Option<String>,
    pub country: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    /// The first published (the original, as far as the store knows).
    pub canonical: bool,
    pub copy_of: Option<String>,
    /// Similarity to the canonical member (1 for itself).
    pub similarity: f64,
}

/// The copy group of `id` (the article itself included), earliest published
/// first: who published the text first and who republished it. `None` when
/// the store has no such article.
pub fn copy_chain(store: &dyn Store, id: &str) -> Result<Option<Vec<CopyMember>>> {
    let Some(group) = store.copy_group(id)? else { return Ok(None) };
    let mut members: Vec<Article> = Vec::with_capacity(group.members.len());
    for (member, _) in &group.members {
        if let Some(s) = store.get(member)? {
            members.push(s.article);
        }
    }
    if members.is_empty() {
        return Ok(None);
    }
    members.sort_by(|a, b| Doc::from_article(a).publication_order(&Doc::from_article(b)));
    let config = newsdesk_dedup::Config::default();
    let canonical = Sketch::new(&members[0].text, &config);
    let first = members[0].id.clone();
    Ok(Some(
        members
            .into_iter()
            .enumerate()
            .map(|(k, a)| CopyMember {
                similarity: if k == 0 { 1.0 } else { canonical.similarity(&Sketch::new(&a.text, &config), &config) },
                canonical: k == 0,
                copy_of: (k > 0).then(|| first.clone()),
                published: a.published.as_ref().map(|p| p.to_string()),
                source: a.site_name,
                country: a.country,
                title: a.title,
                url: a.url,
                id: a.id,
            })
            .collect(),
    ))
}

/// Items that are not copies, then the copies with their similarity.
pub type Split<T> = (Vec<T>, Vec<(T, f64)>);

/// Splits `items` (articles by id, in some order) into those that are not
/// syndicated copies of `text` and those that are, with their similarity to
/// it (by the same test as `newsdesk dedup` at its default threshold),
/// keeping the order of each. Ids not in the store count as not copies.
pub fn split_copies<T>(store: &dyn Store, text: &str, items: Vec<T>, id: impl Fn(&T) -> &str) -> Result<Split<T>> {
    let config = newsdesk_dedup::Config::default();
    let this = Sketch::new(text, &config);
    let (mut others, mut copies) = (Vec::new(), Vec::new());
    for item in items {
        let similarity = store
            .get(id(&item))?
            .map(|other| this.similarity(&Sketch::new(&other.article.text, &config), &config))
            .filter(|s| *s >= config.threshold);
        match similarity {
            Some(s) => copies.push((item, s)),
            None => others.push(item),
        }
    }
    Ok((others, copies))
}

/// An article of a story page.
#[derive(Debug, Clone, Serialize)]
pub struct StoryArticle {
    pub id: String,
    pub published: Option<String>,
    pub source: Option<String>,
    pub country: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    /// The earliest-published article of the story with the same text, when
    /// this one is a syndicated copy of it.
    pub copy_of: Option<String>,
}

/// An outlet covering a story.
#[derive(Debug, Clone, Serialize)]
pub struct Outlet {
    pub name: String,
    pub country: Option<String>,
    pub articles: u64,
    pub first_published: Option<String>,
}

/// A story with everything a story page shows.
#[derive(Debug, Clone, Serialize)]
pub struct StoryPage {
    pub story: StorySummary,
    /// In publication order.
    pub articles: Vec<StoryArticle>,
    /// Outlets by their first article in the story.
    pub outlets: Vec<Outlet>,
    /// Articles per day (in each source's own time zone).
    pub timeline: Vec<(String, u64)>,
}

/// The page of story `id` (or of the story it was merged into: compare
/// `story.id`); `None` when there is no such story.
pub fn story_page(store: &dyn Store, id: StoryId) -> Result<Option<StoryPage>> {
    let Some(summary) = store.story(id)? else { return Ok(None) };
    let mut articles = Vec::new();
    // The first member seen (earliest published) of each copy group.
    let mut first_of_group: HashMap<String, String> = HashMap::new();
    let mut outlets: Vec<Outlet> = Vec::new();
    let mut outlet_at: HashMap<String, usize> = HashMap::new();
    let mut timeline: BTreeMap<String, u64> = BTreeMap::new();
    for a in store.story_members(summary.id)? {
        let copy_of = match a.copy_group {
            Some(g) => match first_of_group.get(&g) {
                Some(first) => Some(first.clone()),
                None => {
                    first_of_group.insert(g, a.id.clone());
                    None
                }
            },
            None => None,
        };
        if let Some(p) = &a.published {
            // Stored dates start with the day in the source's own zone.
            *timeline.entry(p.get(..10).unwrap_or(p).to_string()).or_default() += 1;
        }
        let name = a.site_name.clone().unwrap_or_else(|| "(unknown outlet)".into());
        match outlet_at.get(&name) {
            Some(&k) => outlets[k].articles += 1,
            None => {
                outlet_at.insert(name.clone(), outlets.len());
                outlets.push(Outlet {
                    name,
                    country: a.country.clone(),
                    articles: 1,
                    first_published: a.published.clone(),
                })
            }
        }
        articles.push(StoryArticle {
            id: a.id,
            published: a.published,
            source: a.site_name,
            country: a.country,
            title: a.title,
            url: a.url,
            copy_of,
        });
    }
    Ok(Some(StoryPage { story: summary, articles, outlets, timeline: timeline.into_iter().collect() }))
}
