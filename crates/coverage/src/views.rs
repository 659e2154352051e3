//! Read views of coverage for people: a copy group as a provenance chain, a
//! story as a page (articles in order, outlets, timeline), and which of
//! some articles are copies of a given text. The CLI prints them and the
//! server renders them.

use std::collections::HashMap;

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
    /// The requested window of its articles, in publication order (the
    /// story holds `story.articles`).
    pub articles: Vec<StoryArticle>,
    /// Outlets by their first article in the story.
    pub outlets: Vec<Outlet>,
    /// Articles per day (in each source's own time zone).
    pub timeline: Vec<(String, u64)>,
}

/// The page of story `id` (or of the story it was merged into: compare
/// `story.id`) with its articles `offset..offset + limit` in publication
/// order; `None` when there is no such story. Outlets and the timeline
/// count every article, from the counts the store keeps, so a page costs
/// what its window does, whatever the story's size.
pub fn story_page(store: &dyn Store, id: StoryId, offset: usize, limit: usize) -> Result<Option<StoryPage>> {
    let Some(summary) = store.story(id)? else { return Ok(None) };
    let mut articles = Vec::new();
    // The first member seen (earliest published) of each copy group.
    let mut first_of_group: HashMap<String, String> = HashMap::new();
    for a in store.story_members(summary.id, offset, limit)? {
        let copy_of = match a.copy_group {
            Some(g) => match first_of_group.get(&g) {
                Some(first) => Some(first.clone()),
                // Past the first page the group's first member may be on an
                // earlier one: the group's original as the store knows it.
                None if offset > 0 && g != a.id => Some(g),
                None => {
                    first_of_group.insert(g, a.id.clone());
                    None
                }
            },
            None => None,
        };
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
    Ok(Some(StoryPage {
        outlets: story_outlets(store, summary.id)?,
        timeline: store.story_days(summary.id)?,
        story: summary,
        articles,
    }))
}

/// The store's (outlet, country) counts as one line per outlet name, by
/// its first article (undated last).
fn story_outlets(store: &dyn Store, id: StoryId) -> Result<Vec<Outlet>> {
    let mut rows = store.story_outlets(id)?;
    // Dates as stored sort as time only within one zone; the store's
    // order is by instant, so keep it and merge later rows into earlier.
    let mut outlets: Vec<Outlet> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for r in rows.drain(..) {
        let name = r.name.unwrap_or_else(|| "(unknown outlet)".into());
        match at.get(&name) {
            Some(&k) => outlets[k].articles += r.articles,
            None => {
                at.insert(name.clone(), outlets.len());
                outlets.push(Outlet {
                    name,
                    country: r.country,
                    articles: r.articles,
                    first_published: r.first_published,
                });
            }
        }
    }
    Ok(outlets)
}
