use serde::{Deserialize, Serialize};

use crate::{article_id, Article, BlockKind, Extraction, PubDate, Strategy};

/// One line of JSONL input, as every standalone command accepts it.
///
/// Either `html` (to be extracted) or `text` (already extracted) carries the body.
/// Unknown fields land in `extra` and are passed through to the output.
/// Serialises back to the same fields, so a record can be passed on (to a
/// worker, through a queue) and read again unchanged.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct InputRecord {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub html: Option<String>,
    #[serde(default, alias = "date")]
    pub published: Option<String>,
    #[serde(default, alias = "site_name")]
    pub source: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub authors: Option<Vec<String>>,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Why a JSONL line could not be used.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("invalid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("record has neither \"html\" nor \"text\"")]
    NoBody,
    #[error("field \"published\": {0}")]
    Date(#[from] crate::PubDateError),
}

impl InputRecord {
    /// Parses one JSONL line.
    pub fn from_json(line: &[u8]) -> Result<Self, RecordError> {
        let rec: InputRecord = serde_json::from_slice(line)?;
        if rec.html.is_none() && rec.text.is_none() {
            return Err(RecordError::NoBody);
        }
        Ok(rec)
    }

    /// Builds the article for a record that carries extracted `text`.
    /// Records with `html` go through the extractor instead, then
    /// [`InputRecord::apply_to`].
    pub fn into_article(self) -> Result<Article, RecordError> {
        let text = self.text.clone().ok_or(RecordError::NoBody)?;
        let mut a = Article::new(String::new());
        a.text = text.trim().to_string();
        a.blocks_from_text();
        a.extraction = Some(Extraction { strategy: Strategy::Provided, confidence: 1.0 });
        if let Some(t) = a.blocks.first() {
            debug_assert_eq!(t.kind, BlockKind::Paragraph);
        }
        self.apply_to(&mut a)?;
        Ok(a)
    }

    /// Lays the record's own fields over an article: what the record states
    /// wins over what extraction guessed, and its `id` is kept.
    pub fn apply_to(self, a: &mut Article) -> Result<(), RecordError> {
        if let Some(u) = self.url.filter(|u| !u.trim().is_empty()) {
            a.url = Some(u);
        }
        if let Some(t) = self.title.filter(|t| !t.trim().is_empty()) {
            a.title = Some(t);
        }
        if let Some(p) = self.published.filter(|p| !p.trim().is_empty()) {
            a.published = Some(PubDate::parse(&p)?);
        }
        if let Some(s) = self.source.filter(|s| !s.trim().is_empty()) {
            a.site_name = Some(s);
        }
        if let Some(l) = self.language.filter(|l| !l.trim().is_empty()) {
            a.language = Some(l.to_ascii_lowercase());
        }
        if let Some(c) = self.country.filter(|c| !c.trim().is_empty()) {
            a.country = Some(c.to_ascii_uppercase());
        }
        if let Some(au) = self.authors {
            a.authors = au;
        }
        a.extra = self.extra;
        a.id = match self.id.filter(|i| !i.trim().is_empty()) {
            Some(id) => id,
            None => {
                article_id(a.canonical_url.as_deref().or(a.url.as_deref()), a.title.as_deref().unwrap_or(""), &a.text)
            }
        };
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_id_and_passes_unknown_fields_through() {
        let rec = InputRecord::from_json(
            br#"{"id":"42","text":"One.\n\nTwo.","date":"2024-03-05","source":"Daily","label":7}"#,
        )
        .unwrap();
        let a = rec.into_article().unwrap();
        assert_eq!(a.id, "42");
        assert_eq!(a.blocks.len(), 2);
        assert_eq!(a.published.unwrap().to_string(), "2024-03-05");
        assert_eq!(a.site_name.as_deref(), Some("Daily"));
        let out = serde_json::to_value(&a).unwrap();
        assert_eq!(out["label"], 7);
    }

    #[test]
    fn rejects_records_without_body() {
        assert!(matches!(InputRecord::from_json(br#"{"url":"x"}"#), Err(RecordError::NoBody)));
        assert!(matches!(InputRecord::from_json(b"{nope"), Err(RecordError::Json(_))));
    }
}
