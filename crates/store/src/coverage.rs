//! What the store keeps about coverage: each article's copy group
//! (syndicated copies of one text) and story (articles about one event).
//! Both are derived from the articles and written by a follower of ingest
//! (`newsdesk-coverage`), one [`CoverageUpdate`] per committed batch.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// A story's id: increasing, never reused.
pub type StoryId = u64;

/// An article's place in a copy group, as decided when it was stored.
/// Groups are keyed by their first stored member, not by the canonical
/// (earliest published) one, which readers find by publication order
/// because a later-stored article may be older.
#[derive(Debug, Clone, PartialEq)]
pub struct CopyRecord {
    pub article_id: String,
    /// The stored (or earlier in the same update) article it was matched to,
    /// whose group it joins; `None`: it founds a group of its own.
    pub copy_of: Option<String>,
    /// Similarity with that article (1 for a group's founder).
    pub similarity: f64,
    /// The LSH bucket keys of the article's body, kept so that a restarted
    /// follower can find it again as a candidate original.
    pub band_keys: Vec<u64>,
}

/// One committed batch's worth of coverage, written atomically.
#[derive(Debug, Clone, Default)]
pub struct CoverageUpdate {
    pub copies: Vec<CopyRecord>,
    /// Each article's story (new articles, and changed ones re-placed).
    pub placements: Vec<(String, StoryId)>,
    /// Stories found to be one: recorded, and every article of `.0` moves to `.1`.
    pub story_merges: Vec<(StoryId, StoryId)>,
    /// Every article stored or changed before this instant is covered (see
    /// [`crate::Follower::committed`]); `None` leaves the watermark as it is
    /// (a catch-up part way through).
    pub watermark: Option<DateTime<Utc>>,
}

/// A copy group as stored: its key and its members with their similarity
/// when matched, in no particular order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CopyGroup {
    pub group: String,
    pub members: Vec<(String, f64)>,
}

/// A story's summary, kept up to date as articles join it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StorySummary {
    pub id: StoryId,
    /// The title most like the others of the story's earliest articles (see
    /// [`representative_title`]).
    pub headline: Option<String>,
    /// Publication dates of its first and last article, as stored.
    pub first_published: Option<String>,
    pub last_published: Option<String>,
    pub articles: u64,
    /// Distinct outlets (`site_name`) among its articles.
    pub outlets: u64,
    /// Distinct countries of its articles' outlets, when known, sorted.
    pub countries: Vec<String>,
    /// Stories merged into this one.
    pub merged_from: Vec<StoryId>,
}

/// An article of a story as a listing shows it (no text): what a story page
/// needs of each member, read in one go.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryMember {
    pub id: String,
    /// As stored (RFC 3339 or a day).
    pub published: Option<String>,
    pub site_name: Option<String>,
    pub country: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    /// Its copy group's name ([`CopyGroup::group`]), when it has one.
    pub copy_group: Option<String>,
}

/// An outlet of a story, as kept at ingest so that a story's outlets are
/// listed without reading its articles.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryOutlet {
    /// `site_name` of its first article in the story.
    pub name: Option<String>,
    pub country: Option<String>,
    pub articles: u64,
    /// Its first article's publication date, as stored (`None`: undated).
    pub first_published: Option<String>,
}

/// A selection of stories, most recently active first.
#[derive(Debug, Clone, Default)]
pub struct StoryQuery {
    /// Only stories with an article published on or after this day.
    pub since: Option<NaiveDate>,
    /// Only stories with at least this many articles.
    pub min_articles: u64,
    pub limit: Option<usize>,
}

/// Titles of a story's earliest articles compared to pick its headline
/// ([`representative_title`]); every backend picks it the same way.
pub const HEADLINE_TITLES: i64 = 50;

/// Story sizes at which a small story's headline is picked again: the
/// medoid of a few titles moves as a story grows, of many it hardly does,
/// so picking it at every batch would read up to [`HEADLINE_TITLES`] rows
/// for little change. A story opens with its first article's title, and two
/// titles have no medoid to speak of, so the first pick is at three.
pub const HEADLINE_AT: &[i64] = &[3, 6, 12, 25, HEADLINE_TITLES];

/// Stories without any dated article that
/// [`Store::recent_stories`](crate::Store::recent_stories) keeps active on
/// restart (the newest ones).
pub const UNDATED_RECENT: i64 = 1000;

/// The index, in `titles`, of the headline that stands for a story: the one
/// sharing most words with the others (the medoid by word-set overlap), so
/// that one outlet's odd headline is not picked; ties go to the earliest.
/// `None` when there is no non-empty title.
pub fn representative_title(titles: &[&str]) -> Option<usize> {
    let sets: Vec<Vec<String>> = titles
        .iter()
        .map(|t| {
            let mut w: Vec<String> =
                t.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
            w.sort_unstable();
            w.dedup();
            w
        })
        .collect();
    let mut best: Option<(usize, f64)> = None;
    for (i, a) in sets.iter().enumerate() {
        if a.is_empty() {
            continue;
        }
        let score: f64 = sets
            .iter()
            .enumerate()
            .filter(|&(j, b)| j != i && !b.is_empty())
            .map(|(_, b)| {
                let shared = a.iter().filter(|w| b.binary_search(w).is_ok()).count();
                shared as f64 / (a.len() + b.len() - shared) as f64
            })
            .sum();
        if !matches!(best, Some((_, s)) if s >= score) {
            best = Some((i, score));
        }
    }
    best.map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn representative_title_is_the_medoid() {
        let titles = [
            "Breaking: quake",
            "Magnitude 6.1 earthquake strikes off Sumatra",
            "Earthquake of magnitude 6.1 strikes off Sumatra, Indonesia",
            "Strong earthquake strikes off Sumatra",
        ];
        assert_eq!(representative_title(&titles), Some(1));
        assert_eq!(representative_title(&["", "  "]), None);
        assert_eq!(representative_title(&["", "Only one"]), Some(1));
        assert_eq!(representative_title(&[]), None);
    }
}
