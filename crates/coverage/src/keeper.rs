use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use newsdesk_dedup::{Doc, Sketch};
use newsdesk_model::Article;
use newsdesk_store::{CopyRecord, CoverageUpdate, Follower, PageRecord, Store, StoryId};
use newsdesk_stories::{StoryClusterer, StoryInput};
use rayon::prelude::*;

use crate::window::BucketWindow;
use crate::writer::UpdateWriter;
use crate::{stream_order, surviving_story, CoverageConfig, CoverageError, Result};

/// Articles read from the store and placed together while catching up.
const CATCH_UP_CHUNK: usize = 1024;

/// What a [`Coverage`] has done since it was opened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CoverageStats {
    /// Articles given a copy group and a story.
    pub articles: u64,
    /// Of those, copies of an earlier stored article.
    pub copies: u64,
    /// Stories opened.
    pub stories: u64,
    pub merges: u64,
    /// Articles of active stories read back into the clusterer at startup.
    pub restored: u64,
}

/// Keeps the copy groups and stories of a store's articles (see the crate
/// documentation). Owns its store connection.
pub struct Coverage<S: Store> {
    store: S,
    config: CoverageConfig,
    /// Built from the store's active stories when first needed.
    clusterer: Option<StoryClusterer>,
    /// Reloaded from the store's newest copy records when first needed.
    window: Option<BucketWindow>,
    stats: CoverageStats,
    /// Writes updates on its own thread and connection, when given one.
    writer: Option<UpdateWriter>,
}

impl<S: Store> Coverage<S> {
    /// Checks the settings; reads nothing yet.
    pub fn new(store: S, config: CoverageConfig) -> Result<Self> {
        newsdesk_dedup::Dedup::new(config.copies.clone())?;
        config.stories.check()?;
        Ok(Coverage { store, config, clusterer: None, window: None, stats: CoverageStats::default(), writer: None })
    }

    /// Writes each batch's update through `writer` (another connection to
    /// the same store) on a thread of its own, while the next batch is
    /// worked out on this one; reads stay on the first connection. Call
    /// [`Coverage::flush`] to wait for the writes (dropping the `Coverage`
    /// also waits, but cannot report an error).
    pub fn with_writer<W: Store + 'static>(mut self, writer: W) -> Result<Self> {
        let w = UpdateWriter::spawn(writer).map_err(|e| CoverageError::Writer(format!("starting the thread: {e}")))?;
        self.writer = Some(w);
        Ok(self)
    }

    /// Waits until every update is written; reports a failed write.
    pub fn flush(&mut self) -> Result<()> {
        match &mut self.writer {
            Some(w) => w.flush(),
            None => Ok(()),
        }
    }

    fn write(&mut self, update: CoverageUpdate) -> Result<()> {
        match &mut self.writer {
            Some(w) => w.send(update),
            None => Ok(self.store.put_coverage(&update)?),
        }
    }

    /// The reading connection: with a writer, call [`Coverage::flush`]
    /// first to see every update.
    pub fn store(&self) -> &S {
        &self.store
    }

    pub fn into_store(self) -> S {
        self.store
    }

    pub fn stats(&self) -> CoverageStats {
        self.stats
    }

    /// Gives coverage to every article stored or changed since the last
    /// watermark (all of them in a store that never had any), in
    /// publication order; `progress(done, total)` after each chunk. Cheap
    /// when there is nothing to do. Returns how many articles it covered.
    pub fn catch_up(&mut self, progress: &mut dyn FnMut(u64, u64)) -> Result<u64> {
        self.flush()?;
        let since = self.store.coverage_watermark()?;
        let started = self.store.catch_up_point()?;
        // Oldest first, undated ones last in the order they were stored;
        // each chunk is then put in processing order by `add`.
        let ids = self.store.changed_ids(since)?;
        let total = ids.len() as u64;
        let (mut done, mut covered) = (0u64, 0u64);
        for chunk in ids.chunks(CATCH_UP_CHUNK) {
            // Articles covered already (a backend shared by concurrent
            // writers gives a watermark with some overlap) are not read.
            let asked: Vec<&str> = chunk.iter().map(String::as_str).collect();
            let stories = self.store.stories_of(&asked)?;
            let todo: Vec<String> =
                chunk.iter().zip(stories).filter(|(_, s)| s.is_none()).map(|(id, _)| id.clone()).collect();
            let articles: Vec<Article> = self.store.get_many(&todo)?.into_iter().map(|s| s.article).collect();
            // Distinct ids, none covered: `add`'s own checks are done.
            self.cover(&articles.iter().collect::<Vec<_>>(), None)?;
            covered += todo.len() as u64;
            done += chunk.len() as u64;
            progress(done, total);
        }
        if total > 0 || since.is_none() {
            self.write(CoverageUpdate { watermark: Some(started), ..Default::default() })?;
        }
        self.flush()?;
        Ok(covered)
    }

    /// Drops all coverage and gives it again to every stored article, in
    /// publication order.
    pub fn rebuild(&mut self, progress: &mut dyn FnMut(u64, u64)) -> Result<u64> {
        self.flush()?;
        self.store.clear_coverage()?;
        self.clusterer = None;
        self.window = None;
        self.catch_up(progress)
    }

    /// Rebuilds the clusterer's active stories from the store, once.
    fn clusterer(&mut self) -> Result<&mut StoryClusterer> {
        if self.clusterer.is_none() {
            let next = self.store.next_story_id()?;
            let mut c = StoryClusterer::new(self.config.stories.clone())?.with_next_id(next).without_shared_terms();
            let mut members: Vec<(StoryId, Article)> = Vec::new();
            for story in self.store.recent_stories(self.config.stories.idle_close_secs)? {
                for id in self.store.story_articles(story)? {
                    if let Some(s) = self.store.get(&id)? {
                        members.push((story, s.article));
                    }
                }
            }
            let mut published: Vec<Option<i64>> =
                members.iter().map(|(_, a)| a.published.as_ref().map(Doc::instant)).collect();
            for i in stream_order(&mut published) {
                let (story, a) = &members[i];
                c.restore(*story, &input(a, published[i], None));
            }
            self.stats.restored += members.len() as u64;
            self.clusterer = Some(c);
        }
        Ok(self.clusterer.as_mut().expect("just built"))
    }

    /// Gives a copy group and a story to each article of `articles` that has
    /// none yet (the last one of an id counts; articles already covered
    /// keep what they got), and writes them with `watermark`. The batch is
    /// streamed in [`stream_order`](crate::stream_order).
    pub fn add(&mut self, articles: &[&Article], watermark: Option<DateTime<Utc>>) -> Result<()> {
        let mut last: HashMap<&str, usize> = HashMap::with_capacity(articles.len());
        for (i, a) in articles.iter().enumerate() {
            last.insert(&a.id, i);
        }
        let ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
        let stories = self.store.stories_of(&ids)?;
        let mut arts: Vec<&Article> = Vec::with_capacity(articles.len());
        for ((i, a), story) in articles.iter().enumerate().zip(stories) {
            if last[a.id.as_str()] == i && story.is_none() {
                arts.push(a);
            }
        }
        self.cover(&arts, watermark)
    }

    /// Gives a copy group and a story to each of `arts` (distinct articles
    /// without coverage) and writes them with `watermark`.
    fn cover(&mut self, arts: &[&Article], watermark: Option<DateTime<Utc>>) -> Result<()> {
        let mut update = CoverageUpdate { watermark, ..Default::default() };
        if !arts.is_empty() {
            let mut published: Vec<Option<i64>> = arts.iter().map(|a| a.published.as_ref().map(Doc::instant)).collect();
            let order = stream_order(&mut published);
            let copy_of = self.group(arts, &order, &mut update)?;
            self.place(arts, &published, &order, &copy_of, &mut update)?;
        }
        if !update.copies.is_empty() || watermark.is_some() {
            self.write(update)?;
        }
        Ok(())
    }

    /// Reloads the window of candidate originals from the store, once.
    fn window(&mut self) -> Result<&mut BucketWindow> {
        if self.window.is_none() {
            let mut newest_first: Vec<(String, Vec<u64>)> = Vec::new();
            self.store.copy_keys(self.config.copy_window, &mut |id, keys| {
                newest_first.push((id.to_owned(), keys));
                Ok(())
            })?;
            let mut w = BucketWindow::new(self.config.copy_window);
            for (id, keys) in newest_first.iter().rev() {
                w.insert(id, keys);
            }
            self.window = Some(w);
        }
        Ok(self.window.as_mut().expect("just built"))
    }

    /// Finds each article's best earlier copy (among the window of recent
    /// articles, earlier ones of `order` included), recording the copy
    /// groups in `update`; returns the match of each article of `arts`.
    fn group(
        &mut self,
        arts: &[&Article],
        order: &[usize],
        update: &mut CoverageUpdate,
    ) -> Result<Vec<Option<String>>> {
        self.window()?;
        // Fields borrowed apart: the window is read and grown while the store is read.
        let window = self.window.as_mut().expect("loaded above");
        let config = &self.config.copies;
        let sketches: Vec<Sketch> = arts.par_iter().map(|a| Sketch::new(&a.text, config)).collect();
        let in_batch: HashMap<&str, usize> = arts.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect();
        let mut stored: HashMap<String, Option<Sketch>> = HashMap::new();
        let mut copy_of: Vec<Option<String>> = vec![None; arts.len()];
        for &i in order {
            let (a, sketch) = (arts[i], &sketches[i]);
            let keys = sketch.band_keys();
            // The best match at or above the threshold; ties go to the first found.
            let mut found: Option<(f64, String)> = None;
            for id in window.candidates(&keys, self.config.max_candidates) {
                if id == a.id {
                    continue;
                }
                let other = match in_batch.get(id) {
                    Some(&j) => Some(&sketches[j]),
                    None => {
                        if !stored.contains_key(id) {
                            let s = self.store.get(id)?.map(|s| Sketch::new(&s.article.text, config));
                            stored.insert(id.to_owned(), s);
                        }
                        stored[id].as_ref()
                    }
                };
                let sim = other.map_or(0.0, |o| sketch.similarity(o, config));
                if sim >= config.threshold && !matches!(found, Some((s, _)) if s >= sim) {
                    found = Some((sim, id.to_owned()));
                }
            }
            if !keys.is_empty() {
                window.insert(&a.id, &keys);
            }
            let (similarity, matched) = match found {
                Some((s, id)) => {
                    self.stats.copies += 1;
                    (s, Some(id))
                }
                None => (1.0, None),
            };
            update.copies.push(CopyRecord {
                article_id: a.id.clone(),
                copy_of: matched.clone(),
                similarity,
                band_keys: keys,
            });
            copy_of[i] = matched;
        }
        self.stats.articles += arts.len() as u64;
        Ok(copy_of)
    }

    /// Places the articles in `order`: a copy joins its original's story
    /// (restored into it when the story has closed), the others go through
    /// the clusterer.
    fn place(
        &mut self,
        arts: &[&Article],
        published: &[Option<i64>],
        order: &[usize],
        copy_of: &[Option<String>],
        update: &mut CoverageUpdate,
    ) -> Result<()> {
        let mut placed: HashMap<&str, StoryId> = HashMap::new();
        let mut merged_into: HashMap<StoryId, StoryId> = HashMap::new();
        let mut pending: Vec<usize> = Vec::new();
        let mut pending_ids: HashSet<&str> = HashSet::new();
        for &i in order {
            if let Some(orig) = copy_of[i].as_deref() {
                let in_memory = pending_ids.contains(orig) || self.clusterer()?.story_of(orig).is_some();
                let story = match placed.get(orig) {
                    Some(&s) => Some(s),
                    None if !in_memory => {
                        // The original may be in an update still being written.
                        if self.writer.as_ref().is_some_and(UpdateWriter::pending) {
                            self.flush()?;
                        }
                        self.store.story_of(orig)?
                    }
                    None => None,
                };
                if let (false, Some(story)) = (in_memory, story) {
                    self.place_pending(arts, published, copy_of, &mut pending, update, &mut placed, &mut merged_into)?;
                    pending_ids.clear();
                    let story = surviving_story(&merged_into, story);
                    self.clusterer()?.restore(story, &input(arts[i], published[i], None));
                    update.placements.push((arts[i].id.clone(), story));
                    placed.insert(&arts[i].id, story);
                    continue;
                }
            }
            pending.push(i);
            pending_ids.insert(&arts[i].id);
        }
        self.place_pending(arts, published, copy_of, &mut pending, update, &mut placed, &mut merged_into)
    }

    #[allow(clippy::too_many_arguments)]
    fn place_pending<'a>(
        &mut self,
        arts: &[&'a Article],
        published: &[Option<i64>],
        copy_of: &[Option<String>],
        pending: &mut Vec<usize>,
        update: &mut CoverageUpdate,
        placed: &mut HashMap<&'a str, StoryId>,
        merged_into: &mut HashMap<StoryId, StoryId>,
    ) -> Result<()> {
        if pending.is_empty() {
            return Ok(());
        }
        let inputs: Vec<StoryInput<'_>> =
            pending.iter().map(|&i| input(arts[i], published[i], copy_of[i].as_deref())).collect();
        let placements = self.clusterer()?.push_batch(&inputs);
        for (&i, p) in pending.iter().zip(placements) {
            for m in &p.merged {
                merged_into.insert(m.from, m.into);
                update.story_merges.push((m.from, m.into));
                self.stats.merges += 1;
            }
            if p.opened {
                self.stats.stories += 1;
            }
            update.placements.push((arts[i].id.clone(), p.story));
            placed.insert(&arts[i].id, p.story);
        }
        pending.clear();
        Ok(())
    }
}

impl<S: Store> Follower for Coverage<S> {
    fn committed(&mut self, batch: &[PageRecord], committed_at: DateTime<Utc>) -> std::result::Result<(), String> {
        let articles: Vec<&Article> = batch.iter().map(|r| &r.article).collect();
        self.add(&articles, Some(committed_at)).map_err(|e| format!("coverage: {e}"))
    }
}

fn input<'a>(a: &'a Article, published: Option<i64>, copy_of: Option<&'a str>) -> StoryInput<'a> {
    StoryInput {
        id: &a.id,
        published,
        title: a.title.as_deref().unwrap_or_default(),
        text: &a.text,
        language: a.language.as_deref(),
        copy_of,
    }
}
