//! Finding the article body in the DOM.
//!
//! The approach, in passes over a flattened copy of the tree ([`flat`]):
//!
//! 1. **Prune** page furniture: scripts and media, hidden elements, `nav`,
//!    `aside`, `footer`, small `header`s and `form`s, and elements whose
//!    `class`/`id` words name boilerplate (share, related, comments, ads,
//!    newsletter, byline...; see [`classify`]). A container that holds a
//!    named body (`itemprop=articleBody`, `article-body`...) or most of the
//!    page's text is never pruned.
//! 2. **Segment** what is left into text runs (split at block tags and at
//!    `<br><br>`), each with its character, link-character and comma counts.
//! 3. **Score** containers: every run that reads like prose (long enough,
//!    few links) adds points to the block that holds it and, decaying, to
//!    its ancestors; a container's score is discounted by its link density.
//!    The best container is extended with siblings that score well or read
//!    like prose ([`select`]).
//! 4. Prefer a **semantic** container (schema.org `articleBody`, body class
//!    names) when it agrees with the density pick or holds as much prose.
//! 5. **Emit** blocks from the chosen containers in order, with their kind
//!    (heading, paragraph, quote, list item, caption), dropping link lists,
//!    repeated titles, bylines, datelines and one-line furniture
//!    ("Advertisement", "Share this") ([`emit`]).
//!
//! JSON-LD `articleBody`, when the page has one, checks the result
//! ([`guide`]): DOM paragraphs it does not contain are dropped where that is
//! safe, and when the DOM pick is not the story it tells (or there is no DOM
//! prose), the JSON-LD text is the body.

mod classify;
mod emit;
mod flat;
mod guide;
mod select;

use newsdesk_model::{Block, BlockKind, Strategy};
use scraper::Html;

use flat::Flat;

/// What the metadata step already knows that helps find the body.
#[derive(Debug, Default)]
pub(crate) struct BodyHints<'a> {
    /// The headline, to drop a repeated title from the top of the body.
    pub title: Option<&'a str>,
    /// JSON-LD `articleBody`, when the page has one.
    pub json_ld_body: Option<&'a str>,
}

/// The extracted body.
#[derive(Debug)]
pub(crate) struct Body {
    pub blocks: Vec<Block>,
    pub strategy: Strategy,
    pub confidence: f32,
}

/// Fewer words than this is not an article (a 404 page, a photo page).
const MIN_WORDS: usize = 25;

/// Finds the body. `None` when the page holds no article (home page, 404).
pub(crate) fn extract_body(doc: &Html, hints: &BodyHints<'_>) -> Option<Body> {
    let body = extract_from(doc, hints);
    if body.is_some() {
        return body;
    }
    // A `<title>` left unclosed swallows the whole page as its text (what
    // browsers do too). The markup is still there: parse it once more.
    let swallowed = unclosed_title_text(doc)?;
    extract_from(&Html::parse_document(&swallowed), hints)
}

/// The text of a `<title>` that holds a page's worth of markup.
fn unclosed_title_text(doc: &Html) -> Option<String> {
    let title =
        doc.root_element().children().filter_map(scraper::ElementRef::wrap).find(|e| e.value().name() == "head")?;
    let title = title.children().filter_map(scraper::ElementRef::wrap).find(|e| e.value().name() == "title")?;
    let text: String = title.text().collect();
    (text.len() > 2000 && text.contains("<p") || text.contains("<P") || text.contains("<div")).then_some(text)
}

fn extract_from(doc: &Html, hints: &BodyHints<'_>) -> Option<Body> {
    let mut flat = Flat::build(doc);
    let dom_pick = |flat: &Flat<'_>| {
        select::choose(flat).and_then(|c| {
            let blocks = emit::emit(flat, &c.roots, hints.title);
            let words = prose_words(&blocks);
            (words >= MIN_WORDS && !looks_like_error_page(&blocks, words)).then_some((c, blocks, words))
        })
    };
    flat.prune_and_measure(true);
    let mut dom_body = dom_pick(&flat);
    if dom_body.is_none() {
        // Class words may have pruned the story itself (an unusual naming
        // scheme: "banner-text" around the story); retry trusting tags only.
        flat.prune_and_measure(false);
        dom_body = dom_pick(&flat);
    }

    let json_ld = hints.json_ld_body.map(guide::blocks_from_text).filter(|b| prose_words(b) >= MIN_WORDS);
    let json_ld_body = |blocks| Some(Body { blocks, strategy: Strategy::JsonLd, confidence: 0.6 });
    match (dom_body, json_ld) {
        (Some((c, blocks, words)), Some(ld)) => {
            let ld_words = prose_words(&ld);
            if ld_words > words * 2 {
                // Much longer JSON-LD text means the DOM pick missed most of
                // the story (or the page renders its body with scripts).
                return json_ld_body(ld);
            }
            if ld_words * 2 < words {
                // A JSON-LD summary or a cut-off copy: no guide.
                return Some(Body { blocks, strategy: c.strategy, confidence: c.confidence });
            }
            match guide::check(blocks, &ld) {
                guide::Verdict::Dom(blocks) if prose_words(&blocks) >= MIN_WORDS => {
                    Some(Body { blocks, strategy: c.strategy, confidence: c.confidence.max(0.9) })
                }
                _ => json_ld_body(ld),
            }
        }
        (Some((c, blocks, _)), None) => Some(Body { blocks, strategy: c.strategy, confidence: c.confidence }),
        (None, Some(ld)) => json_ld_body(ld),
        (None, None) => None,
    }
}

/// Words in the blocks that count as article text (not captions).
fn prose_words(blocks: &[Block]) -> usize {
    blocks.iter().filter(|b| b.kind != BlockKind::Caption).map(|b| word_units(&b.text)).sum()
}

/// Words as the thresholds here mean them: white-space separated tokens,
/// with scripts written without spaces (Chinese, Japanese, Thai) counted as
/// one word per two characters, so a Japanese article is not "too short".
pub(super) fn word_units(s: &str) -> usize {
    let (mut tokens, mut unspaced, mut in_token) = (0usize, 0usize, false);
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // ASCII, most of the text, without decoding: its white space is
        // what `char::is_whitespace` says (tab to carriage return, space).
        if b.is_ascii() {
            i += 1;
            if matches!(b, b'\t'..=b'\r' | b' ') {
                in_token = false;
            } else {
                tokens += usize::from(!in_token);
                in_token = true;
            }
            continue;
        }
        // `i` only ever steps over whole characters.
        let Some(c) = s.get(i..).and_then(|rest| rest.chars().next()) else { break };
        i += c.len_utf8();
        count_char(c, &mut tokens, &mut unspaced, &mut in_token);
    }
    tokens + unspaced / 2
}

/// One character's share of [`word_units`]: a token starts, an unspaced
/// character counts half a word, or white space ends a token.
fn count_char(c: char, tokens: &mut usize, unspaced: &mut usize, in_token: &mut bool) {
    let cp = c as u32;
    if matches!(cp, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x0E00..=0x0E7F) {
        *unspaced += 1;
        *in_token = false;
    } else if c.is_whitespace() || matches!(cp, 0x3000..=0x303F | 0xFF01..=0xFF0F) {
        *in_token = false;
    } else {
        *tokens += usize::from(!*in_token);
        *in_token = true;
    }
}

/// A short body that talks about a missing page is an error page.
fn looks_like_error_page(blocks: &[Block], words: usize) -> bool {
    if words > 80 {
        return false;
    }
    blocks.iter().any(|b| {
        let t = b.text.to_lowercase();
        t.contains("page not found")
            || t.contains("404")
            || t.contains("could not be found")
            || t.contains("cannot be found")
            || t.contains("no longer available")
            || t.contains("page you requested")
            || t.contains("page you are looking for")
    })
}

#[cfg(test)]
mod tests {
    use super::{count_char, word_units};

    /// The definition `word_units` implements byte-wise: every character
    /// decoded, ASCII included.
    fn by_chars(s: &str) -> usize {
        let (mut tokens, mut unspaced, mut in_token) = (0usize, 0usize, false);
        for c in s.chars() {
            count_char(c, &mut tokens, &mut unspaced, &mut in_token);
        }
        tokens + unspaced / 2
    }

    #[test]
    fn word_units_match_the_char_definition() {
        for s in [
            "",
            "  one two\tthree\x0bfour\x0c five\r\nsix ",
            "Café au\u{a0}lait,\u{2003}déjà vu — ok",
            "東京都は、高齢者の 数を 発表した。",
            "ภาษาไทย mixed 中文 text\u{3000}here！ｘ",
            "emoji 🎉🎉 and\u{85}next",
        ] {
            assert_eq!(word_units(s), by_chars(s), "{s:?}");
        }
    }
}
