//! The streaming clusterer: active stories, their centroids, the inverted
//! index, idle closing and merges.

use std::collections::BTreeSet;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::features::{extract, is_year, ExtractOptions, Kind, RawFeature};
use crate::idf::DocFreq;
use crate::{Explanation, Merge, Placement, Reason, Result, StoryConfig, StoryId, StoryInput};

/// Time of stories opened before any dated article: they take the first
/// date seen.
const NO_TIME: i64 = i64::MIN;

struct Story {
    /// Sum of member vectors, cut to the heaviest `centroid_terms` when it
    /// reaches twice that. Every key is in the inverted index.
    centroid: FxHashMap<u64, f32>,
    norm: f32,
    /// Norm of the centroid's year features (0: it names no year).
    year_norm: f32,
    members: Vec<Box<str>>,
    last: i64,
    /// Opened by an undated article (a story of one article is then scored
    /// with the year factor, as its article was).
    undated: bool,
}

impl Story {
    /// A story with no member yet, last grown at `last`.
    fn empty(last: i64, undated: bool) -> Story {
        Story { centroid: FxHashMap::default(), norm: 0.0, year_norm: 0.0, members: Vec::new(), last, undated }
    }
}

/// An article's weighted, normalised vector (sorted by hash) and the raw
/// features it came from (for explanations).
struct Vector {
    weights: Vec<(u64, f32)>,
    raw: Vec<RawFeature>,
    /// Norm of the year features (0: the article names no year).
    year_norm: f32,
}

/// Counters for reports and tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub articles: u64,
    pub active_stories: usize,
    /// Article ids held (those of active stories).
    pub active_articles: usize,
    /// (feature, story) entries in the inverted index.
    pub index_entries: usize,
    /// Distinct features in the inverted index.
    pub index_features: usize,
    pub opened: u64,
    pub closed: u64,
    pub merges: u64,
    pub copies: u64,
    pub duplicates: u64,
    /// Articles without a date (processed at the stream time, in input order).
    pub undated: u64,
}

/// Streaming story clusterer; see the crate documentation.
pub struct StoryClusterer {
    config: StoryConfig,
    opts: ExtractOptions,
    df: DocFreq,
    stories: FxHashMap<StoryId, Story>,
    index: FxHashMap<u64, Vec<StoryId>>,
    articles: FxHashMap<Box<str>, StoryId>,
    /// (last article time, story) of every active story.
    by_time: BTreeSet<(i64, StoryId)>,
    now: Option<i64>,
    next_id: StoryId,
    stats: Stats,
    index_entries: usize,
    scratch: FxHashMap<StoryId, f32>,
    /// Whether placements list the terms shared with the story.
    shared_terms: bool,
}

impl StoryClusterer {
    pub fn new(config: StoryConfig) -> Result<Self> {
        config.check()?;
        let opts = ExtractOptions { title_weight: config.title_weight as f32, lead_words: config.lead_words };
        Ok(StoryClusterer {
            config,
            opts,
            df: DocFreq::new(),
            stories: FxHashMap::default(),
            index: FxHashMap::default(),
            articles: FxHashMap::default(),
            by_time: BTreeSet::new(),
            now: None,
            next_id: 1,
            stats: Stats::default(),
            index_entries: 0,
            scratch: FxHashMap::default(),
            shared_terms: true,
        })
    }

    /// New stories get ids from `next` on (ids continue after those already
    /// stored). Never lowers the next id below one already used.
    pub fn with_next_id(mut self, next: StoryId) -> Self {
        self.next_id = self.next_id.max(next);
        self
    }

    /// Placements leave [`Explanation::shared_terms`](crate::Explanation)
    /// empty: a caller that never shows them (the store's coverage keeper)
    /// saves a string per shared term of every article.
    pub fn without_shared_terms(mut self) -> Self {
        self.shared_terms = false;
        self
    }

    pub fn config(&self) -> &StoryConfig {
        &self.config
    }

    /// Places one article, in stream order.
    pub fn push(&mut self, item: &StoryInput<'_>) -> Placement {
        if let Some(p) = self.duplicate(item) {
            return p;
        }
        let raw = extract(item.title, item.text, item.language, self.opts);
        self.place(item, raw)
    }

    /// Places a batch in order, extracting features in parallel first
    /// (the same placements as pushing them one by one).
    pub fn push_batch(&mut self, items: &[StoryInput<'_>]) -> Vec<Placement> {
        let opts = self.opts;
        let raws: Vec<Vec<RawFeature>> =
            items.par_iter().map(|it| extract(it.title, it.text, it.language, opts)).collect();
        items
            .iter()
            .zip(raws)
            .map(|(item, raw)| match self.duplicate(item) {
                Some(p) => p,
                None => self.place(item, raw),
            })
            .collect()
    }

    /// Re-adds an already placed article to its known story (rebuilding the
    /// active stories from the store at startup): no decision, no merge, no
    /// closing. Document frequencies and the stream time are updated as for
    /// a pushed article. An id already held is ignored.
    pub fn restore(&mut self, story: StoryId, item: &StoryInput<'_>) {
        if self.articles.contains_key(item.id) {
            return;
        }
        let t = self.advance_time(item.published);
        let raw = extract(item.title, item.text, item.language, self.opts);
        let v = self.vectorize(raw);
        self.next_id = self.next_id.max(story.saturating_add(1));
        if let std::collections::hash_map::Entry::Vacant(e) = self.stories.entry(story) {
            e.insert(Story::empty(t, item.published.is_none()));
            self.by_time.insert((t, story));
        }
        self.add_to(story, item.id, &v, t);
    }

    /// Counts an article's features in the document frequencies without
    /// placing it: warms the idf from history (the store's recent articles
    /// at startup, or any background corpus) so that the first articles of a
    /// fresh stream are weighted as well as later ones.
    pub fn prime_idf(&mut self, title: &str, text: &str, language: Option<&str>) {
        let raw = extract(title, text, language, self.opts);
        self.df.add_doc(raw.iter().map(|f| f.hash));
    }

    /// Active stories in memory.
    pub fn active_stories(&self) -> usize {
        self.stories.len()
    }

    /// The story of an article still in memory (its story is active).
    pub fn story_of(&self, article_id: &str) -> Option<StoryId> {
        self.articles.get(article_id).copied()
    }

    /// Articles seen without a date.
    pub fn undated(&self) -> u64 {
        self.stats.undated
    }

    /// The newest publication time seen.
    pub fn stream_time(&self) -> Option<i64> {
        self.now
    }

    pub fn stats(&self) -> Stats {
        Stats {
            active_stories: self.stories.len(),
            active_articles: self.articles.len(),
            index_entries: self.index_entries,
            index_features: self.index.len(),
            ..self.stats
        }
    }

    /// Whether the inverted index lists `story` under any feature (for tests:
    /// closed and merged stories must not be there).
    pub fn indexed(&self, story: StoryId) -> bool {
        self.index.values().any(|v| v.contains(&story))
    }

    /// Closes every story idle for longer than `idle_close_secs` before
    /// `now` (also done by every push); returns how many closed.
    pub fn close_idle(&mut self, now: i64) -> usize {
        let limit = now.saturating_sub(self.config.idle_close_secs);
        let mut n = 0;
        while let Some(&(last, id)) = self.by_time.first() {
            if last >= limit {
                break;
            }
            self.by_time.pop_first();
            self.close(id);
            n += 1;
        }
        n
    }

    fn duplicate(&mut self, item: &StoryInput<'_>) -> Option<Placement> {
        let &story = self.articles.get(item.id)?;
        self.stats.duplicates += 1;
        Some(Placement {
            story,
            opened: false,
            score: 1.0,
            merged: Vec::new(),
            explain: Explanation::bare(Reason::Duplicate, 1.0, self.config.threshold),
        })
    }

    /// Moves the stream time forward; returns the time the article counts
    /// at (the stream time after it).
    fn advance_time(&mut self, published: Option<i64>) -> i64 {
        self.stats.articles += 1;
        match published {
            Some(p) => {
                if self.now.is_none() {
                    // stories opened before any date take this one
                    let undated: Vec<(i64, StoryId)> = self.by_time.iter().copied().collect();
                    for (_, id) in undated {
                        self.touch(id, p);
                    }
                }
                let now = self.now.map_or(p, |n| n.max(p));
                self.now = Some(now);
                // a story grows at the stream time: an article arriving late
                // with an old date keeps its story alive like a new one
                now
            }
            None => {
                self.stats.undated += 1;
                self.now.unwrap_or(NO_TIME)
            }
        }
    }

    fn vectorize(&mut self, raw: Vec<RawFeature>) -> Vector {
        self.df.add_doc(raw.iter().map(|f| f.hash));
        let ew = self.config.entity_weight as f32;
        let mut weights: Vec<(u64, f32)> = raw
            .iter()
            .map(|f| {
                let boost = if f.kind == Kind::Word { 1.0 } else { ew };
                (f.hash, boost * (1.0 + f.tf).ln() * self.df.idf(f.hash))
            })
            .collect();
        let norm = weights.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            for (_, w) in &mut weights {
                *w /= norm;
            }
        }
        weights.retain(|(_, w)| *w > 0.0);
        let year_norm = year_norm(weights.iter().copied());
        Vector { weights, raw, year_norm }
    }

    fn place(&mut self, item: &StoryInput<'_>, raw: Vec<RawFeature>) -> Placement {
        let t = self.advance_time(item.published);
        if let Some(now) = self.now {
            self.close_idle(now);
        }
        let v = self.vectorize(raw);
        let threshold = self.config.threshold;

        // a copy joins its canonical's story
        if let Some(&story) = item.copy_of.and_then(|c| self.articles.get(c)) {
            self.stats.copies += 1;
            let mut explain = Explanation::bare(Reason::Copy, 1.0, threshold);
            explain.story_size = self.stories[&story].members.len();
            explain.shared_terms = self.shared_terms(story, &v);
            self.add_to(story, item.id, &v, t);
            let mut merged = Vec::new();
            let story = self.absorb_singletons(story, &mut merged);
            return Placement { story, opened: false, score: 1.0, merged, explain };
        }

        let scored = self.candidates(&v, item.published.is_none());
        let candidates = scored.len();
        let best = scored.first().copied();
        let runner_up = scored.get(1).copied();
        // the bar the best story sets (higher for a young story)
        let bar = self.join_threshold(best.map(|(id, _)| id), item.published.is_none());
        match best {
            Some((best_id, best_score)) if best_score as f64 >= bar => {
                let mut explain = Explanation::bare(Reason::Joined, best_score as f64, bar);
                explain.shared_terms = self.shared_terms(best_id, &v);
                explain.story_size = self.stories[&best_id].members.len();
                explain.candidates = candidates;
                explain.runner_up = runner_up.map(|(id, s)| (id, s as f64));
                let best_score = best_score as f64;
                explain.score = best_score;
                // stories the article also reaches with merge_threshold converge
                let mut group: Vec<StoryId> = scored
                    .iter()
                    .filter(|&&(_, s)| s as f64 >= self.config.merge_threshold)
                    .map(|&(id, _)| id)
                    .collect();
                let mut merged = Vec::new();
                let mut story = best_id;
                if group.len() >= 2 {
                    group.sort_by_key(|id| (std::cmp::Reverse(self.stories[id].members.len()), *id));
                    story = group[0];
                    for &from in &group[1..] {
                        self.merge(from, story);
                        merged.push(Merge { from, into: story });
                    }
                }
                self.add_to(story, item.id, &v, t);
                let story = self.absorb_singletons(story, &mut merged);
                Placement { story, opened: false, score: best_score, merged, explain }
            }
            _ => {
                let story = self.next_id;
                self.next_id += 1;
                self.stats.opened += 1;
                let score = best.map_or(0.0, |(_, s)| s as f64);
                let reason = if v.weights.is_empty() { Reason::Empty } else { Reason::Opened };
                let mut explain = Explanation::bare(reason, score, bar);
                explain.candidates = candidates;
                explain.runner_up = best.map(|(id, s)| (id, s as f64));
                if let Some((id, _)) = best {
                    explain.shared_terms = self.shared_terms(id, &v);
                }
                self.stories.insert(story, Story::empty(t, item.published.is_none()));
                self.by_time.insert((t, story));
                self.add_to(story, item.id, &v, t);
                Placement { story, opened: true, score, merged: Vec::new(), explain }
            }
        }
    }

    /// The least score to join `story` (with no story, the bar an article
    /// did not meet: the plain one of its kind): a young story's centroid is the
    /// average of a few articles, too noisy an estimate of its event to take
    /// a doubtful article on (the first article of a second event of the
    /// same kind joining a story of 1-3 articles of the first is what starts
    /// most mixed stories), so it needs `young_threshold`. Only for an
    /// `undated` article, as with the year bonus: a dated one is kept from
    /// another event's story by idle closing, and in a dated stream the
    /// stories of a few articles (three outlets' reports of one event) are
    /// the ones a higher bar would split; for the same reason a dated
    /// article needs only `dated_threshold`.
    fn join_threshold(&self, story: Option<StoryId>, undated: bool) -> f64 {
        if !undated {
            self.config.dated_threshold
        } else if story.is_some_and(|s| self.stories[&s].members.len() < self.config.young_size) {
            self.config.young_threshold.max(self.config.threshold)
        } else {
            self.config.threshold
        }
    }

    /// When `story` comes of age (reaches `young_size` articles), the active
    /// stories of one article near it (mostly those its young bar turned
    /// away meanwhile) get a second look against its centroid, now an
    /// average of several articles: each whose article scores
    /// `young_threshold` with it is merged into it (a merge is the one way an
    /// article may change story). A story of two or
    /// more has evidence of its own and is left alone. Runs once per story,
    /// one index probe: at most one per `young_size` articles placed.
    fn absorb_singletons(&mut self, story: StoryId, merged: &mut Vec<Merge>) -> StoryId {
        let ys = self.config.young_size;
        let bar = self.config.young_threshold.max(self.config.threshold) as f32;
        if ys < 2 || self.stories[&story].members.len() != ys {
            return story;
        }
        let st = &self.stories[&story];
        if st.norm <= 0.0 {
            return story;
        }
        let mut probe: Vec<(u64, f32)> = st.centroid.iter().map(|(&h, &w)| (h, w)).collect();
        let p = self.config.probe_terms.min(probe.len());
        if probe.len() > p {
            probe.select_nth_unstable_by(p - 1, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            probe.truncate(p);
        }
        let mut ranked = self.rank_by_probe(&probe, Some(story));
        ranked.sort_by_key(|&(s, _)| s);
        let st = &self.stories[&story];
        let mut take = Vec::new();
        for (s, _) in ranked {
            let o = &self.stories[&s];
            // only the undated ones the young bar can have turned away
            if o.norm <= 0.0 || o.members.len() != 1 || !o.undated {
                continue;
            }
            // scored as its article was: the cosine, times the year factor
            // when that article was undated
            let (mut dot, mut year) = (0f32, 0f32);
            for (h, w) in &o.centroid {
                if let Some(c) = st.centroid.get(h) {
                    dot += w * c;
                    if is_year(*h) {
                        year += w * c;
                    }
                }
            }
            let mut score = dot / (st.norm * o.norm);
            if o.undated && o.year_norm > 0.0 && st.year_norm > 0.0 {
                score *= 1.0 + self.config.year_bonus as f32 * year / (st.year_norm * o.year_norm);
            }
            if score >= bar {
                take.push(s);
            }
        }
        for from in take {
            self.merge(from, story);
            merged.push(Merge { from, into: story });
        }
        story
    }

    /// The stories sharing the probe's terms (but `exclude`), the
    /// `max_candidates` with the most probe weight, in no particular order.
    fn rank_by_probe(&mut self, probe: &[(u64, f32)], exclude: Option<StoryId>) -> Vec<(StoryId, f32)> {
        let mut acc = std::mem::take(&mut self.scratch);
        acc.clear();
        for (h, w) in probe {
            if let Some(list) = self.index.get(h) {
                for &s in list {
                    if Some(s) != exclude {
                        *acc.entry(s).or_default() += w;
                    }
                }
            }
        }
        let mut ranked: Vec<(StoryId, f32)> = acc.iter().map(|(&s, &w)| (s, w)).collect();
        self.scratch = acc;
        let m = self.config.max_candidates;
        if ranked.len() > m {
            ranked.select_nth_unstable_by(m - 1, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            ranked.truncate(m);
        }
        ranked
    }

    /// Candidate stories scored by cosine (for an `undated` article, times
    /// the year agreement factor), best first.
    fn candidates(&mut self, v: &Vector, undated: bool) -> Vec<(StoryId, f32)> {
        let mut probe: Vec<(u64, f32)> = v.weights.clone();
        let p = self.config.probe_terms.min(probe.len());
        if p == 0 {
            return Vec::new();
        }
        if probe.len() > p {
            probe.select_nth_unstable_by(p - 1, |a, b| b.1.total_cmp(&a.1));
            probe.truncate(p);
        }
        let ranked = self.rank_by_probe(&probe, None);
        // text years stand in for a missing date: an undated article and a
        // story that both name years score higher the more they agree
        let bonus = if undated && v.year_norm > 0.0 { self.config.year_bonus as f32 } else { 0.0 };
        let mut scored: Vec<(StoryId, f32)> = ranked
            .into_iter()
            .map(|(s, _)| {
                let st = &self.stories[&s];
                let (mut dot, mut year) = (0f32, 0f32);
                for (h, w) in &v.weights {
                    if let Some(c) = st.centroid.get(h) {
                        dot += w * c;
                        if is_year(*h) {
                            year += w * c;
                        }
                    }
                }
                let mut score = if st.norm > 0.0 { dot / st.norm } else { 0.0 };
                if bonus > 0.0 && st.year_norm > 0.0 {
                    score *= 1.0 + bonus * year / (v.year_norm * st.year_norm);
                }
                (s, score)
            })
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored
    }

    fn shared_terms(&self, story: StoryId, v: &Vector) -> Vec<(String, f64)> {
        let st = &self.stories[&story];
        if !self.shared_terms || st.norm <= 0.0 {
            return Vec::new();
        }
        let mut shared: Vec<(String, f64)> = v
            .weights
            .iter()
            .filter_map(|(h, w)| {
                let c = st.centroid.get(h)?;
                let i = v.raw.binary_search_by_key(h, |f| f.hash).ok()?;
                Some((v.raw[i].text.to_string(), (w * c / st.norm) as f64))
            })
            .collect();
        shared.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        shared.truncate(8);
        shared
    }

    fn touch(&mut self, story: StoryId, t: i64) {
        let st = self.stories.get_mut(&story).expect("active story");
        if t > st.last {
            self.by_time.remove(&(st.last, story));
            st.last = t;
            self.by_time.insert((t, story));
        }
    }

    fn add_to(&mut self, story: StoryId, article: &str, v: &Vector, t: i64) {
        self.articles.insert(article.into(), story);
        self.touch(story, t);
        let st = self.stories.get_mut(&story).expect("active story");
        st.members.push(article.into());
        for &(h, w) in &v.weights {
            let e = st.centroid.entry(h).or_insert(0.0);
            if *e == 0.0 {
                self.index.entry(h).or_default().push(story);
                self.index_entries += 1;
            }
            *e += w;
        }
        self.prune(story);
    }

    /// Cuts a centroid that reached twice `centroid_terms` back to the
    /// heaviest `centroid_terms`, dropping the others from the index; then
    /// recomputes its norm.
    fn prune(&mut self, story: StoryId) {
        let k = self.config.centroid_terms;
        let st = self.stories.get_mut(&story).expect("active story");
        if st.centroid.len() >= 2 * k {
            let mut all: Vec<(u64, f32)> = st.centroid.iter().map(|(&h, &w)| (h, w)).collect();
            all.select_nth_unstable_by(k - 1, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            for &(h, _) in &all[k..] {
                st.centroid.remove(&h);
                unindex(&mut self.index, h, story);
                self.index_entries -= 1;
            }
        }
        let (mut all, mut years) = (0f32, 0f32);
        for (&h, &w) in &st.centroid {
            all += w * w;
            if is_year(h) {
                years += w * w;
            }
        }
        st.norm = all.sqrt();
        st.year_norm = years.sqrt();
    }

    fn merge(&mut self, from: StoryId, into: StoryId) {
        let Some(src) = self.stories.remove(&from) else { return };
        self.stats.merges += 1;
        self.by_time.remove(&(src.last, from));
        for &h in src.centroid.keys() {
            unindex(&mut self.index, h, from);
            self.index_entries -= 1;
        }
        for m in &src.members {
            if let Some(s) = self.articles.get_mut(m) {
                *s = into;
            }
        }
        self.touch(into, src.last);
        let dst = self.stories.get_mut(&into).expect("active story");
        dst.members.extend(src.members);
        for (h, w) in src.centroid {
            let e = dst.centroid.entry(h).or_insert(0.0);
            if *e == 0.0 {
                self.index.entry(h).or_default().push(into);
                self.index_entries += 1;
            }
            *e += w;
        }
        self.prune(into);
    }

    fn close(&mut self, story: StoryId) {
        let Some(st) = self.stories.remove(&story) else { return };
        self.stats.closed += 1;
        for &h in st.centroid.keys() {
            unindex(&mut self.index, h, story);
            self.index_entries -= 1;
        }
        for m in &st.members {
            self.articles.remove(m);
        }
    }
}

/// Norm of the year features of a vector.
fn year_norm(it: impl Iterator<Item = (u64, f32)>) -> f32 {
    it.filter(|&(h, _)| is_year(h)).map(|(_, w)| w * w).sum::<f32>().sqrt()
}

fn unindex(index: &mut FxHashMap<u64, Vec<StoryId>>, h: u64, story: StoryId) {
    if let Some(list) = index.get_mut(&h) {
        if let Some(i) = list.iter().position(|&s| s == story) {
            list.swap_remove(i);
        }
        if list.is_empty() {
            index.remove(&h);
        }
    }
}
