use newsdesk_extract::{ArticleExtractor, PageInput};
use newsdesk_store::PageRecord;

use crate::{Input, InputError};

/// The outcome of processing one input.
#[derive(Debug)]
pub enum Processed {
    /// An article ready to store.
    Article { origin: String, record: Box<PageRecord> },
    /// An input deliberately passed over.
    Skipped { origin: String, reason: String },
}

/// Extracts one input: HTML goes through the extractor, a JSONL record with
/// `html` too (its own fields then win over what extraction found), and a
/// record with `text` is taken as already extracted.
pub fn process(extractor: &ArticleExtractor, input: Input) -> Result<Processed, InputError> {
    match input {
        Input::Skipped { origin, reason } => Ok(Processed::Skipped { origin, reason }),
        Input::Page(page) => {
            let page_input = PageInput {
                url: page.url.as_deref(),
                content_type: page.content_type.as_deref(),
                crawl_time: page.fetched_at,
            };
            let mut article =
                extractor.extract(&page.bytes, &page_input).map_err(|e| InputError::new(&page.origin, e))?;
            let hints = page.source_hints;
            // The source's settings fill gaps only: a page that names its
            // outlet or language knows better than a list of sources.
            article.site_name = article.site_name.or(hints.site_name);
            article.country = article.country.or(hints.country);
            article.language = article.language.or(hints.language);
            let record = PageRecord { article, raw_html: Some(page.bytes), fetched_at: page.fetched_at };
            Ok(Processed::Article { origin: page.origin, record: Box::new(record) })
        }
        Input::Record { origin, record } => {
            let record = *record;
            let result = match record.html.clone() {
                Some(html) => {
                    let page_input = PageInput { url: record.url.as_deref(), ..Default::default() };
                    let mut article =
                        extractor.extract_str(&html, &page_input).map_err(|e| InputError::new(&origin, e))?;
                    record.apply_to(&mut article).map(|()| PageRecord {
                        article,
                        raw_html: Some(html.into_bytes()),
                        fetched_at: None,
                    })
                }
                None => record.into_article().map(PageRecord::new),
            };
            let record = result.map_err(|e| InputError::new(&origin, e))?;
            Ok(Processed::Article { origin, record: Box::new(record) })
        }
    }
}
