//! JSON-LD `articleBody` as a guide for the DOM body.
//!
//! Many news pages state their story text in JSON-LD. It is plain text (no
//! headings, lists or captions) and sometimes cut short or stale, so the DOM
//! stays the source of blocks; the JSON-LD text decides which DOM blocks
//! are story and whether the DOM pick is the story at all. Texts are
//! compared as sets of hashed word pairs (case-folded), which ignores
//! white-space and punctuation differences.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};

use newsdesk_model::{Block, BlockKind};

use crate::dom::normalize_space;

/// The JSON-LD text as paragraphs: markup some publishers leave in it is
/// stripped, block tags and newlines separate paragraphs.
pub(super) fn blocks_from_text(text: &str) -> Vec<Block> {
    let plain = if text.contains('<') && text.contains('>') { strip_tags(text) } else { text.to_string() };
    plain
        .split('\n')
        .map(normalize_space)
        .filter(|l| !l.is_empty())
        .map(|l| Block::new(BlockKind::Paragraph, l))
        .collect()
}

fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('>') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = after[..close].trim_start_matches('/').to_ascii_lowercase();
        let name: String = tag.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        if matches!(name.as_str(), "p" | "br" | "div" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote") {
            out.push('\n');
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'").replace("&nbsp;", " ")
}

/// Hashed, case-folded word pairs of a text.
fn pairs(text: &str, into: &mut HashSet<u64>) {
    let mut prev: Option<String> = None;
    for w in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        let w = w.to_lowercase();
        if let Some(p) = &prev {
            let mut h = DefaultHasher::new();
            (p, &w).hash(&mut h);
            into.insert(h.finish());
        }
        prev = Some(w);
    }
}

/// Share of a text's word pairs found in `set` (1.0 for texts too short to
/// have pairs).
fn overlap(text: &str, set: &HashSet<u64>) -> f32 {
    let mut mine = HashSet::new();
    pairs(text, &mut mine);
    if mine.is_empty() {
        return 1.0;
    }
    mine.iter().filter(|h| set.contains(h)).count() as f32 / mine.len() as f32
}

/// What the JSON-LD text says about a DOM body.
pub(super) enum Verdict {
    /// The DOM blocks (possibly filtered) are the story.
    Dom(Vec<Block>),
    /// The DOM pick is not the story the JSON-LD tells: use the JSON-LD.
    JsonLd,
}

/// Checks DOM blocks against the JSON-LD text. Paragraphs that share almost
/// nothing with it are dropped where that is safe: before or between
/// paragraphs it confirms, and after them only when the JSON-LD's own
/// ending was found (a truncated JSON-LD says nothing about the rest).
pub(super) fn check(dom: Vec<Block>, ld: &[Block]) -> Verdict {
    let mut set = HashSet::new();
    for b in ld {
        pairs(&b.text, &mut set);
    }
    if set.len() < 20 {
        return Verdict::Dom(dom);
    }
    let scores: Vec<f32> = dom.iter().map(|b| overlap(&b.text, &set)).collect();
    let prose: Vec<usize> = (0..dom.len()).filter(|&i| dom[i].kind != BlockKind::Caption).collect();
    let words = |i: usize| dom[i].text.split_whitespace().count();
    let total: usize = prose.iter().map(|&i| words(i)).sum();
    let confirmed: usize = prose.iter().filter(|&&i| scores[i] >= 0.5).map(|&i| words(i)).sum();
    let mut dom_set = HashSet::new();
    for &i in &prose {
        pairs(&dom[i].text, &mut dom_set);
    }
    // How much of the JSON-LD text the DOM pick holds. Low, with little of
    // the DOM text confirmed, means a wrong container; a cut-off JSON-LD
    // is still mostly found.
    let ld_found = set.iter().filter(|h| dom_set.contains(h)).count() as f32 / set.len() as f32;
    if total == 0 || (confirmed * 2 < total && ld_found < 0.5) {
        return Verdict::JsonLd;
    }
    let last_confirmed = prose.iter().rev().find(|&&i| scores[i] >= 0.5).copied().unwrap_or(0);
    // A JSON-LD text cut at a length limit ends mid-sentence or with an
    // ellipsis; only a properly ended one says where the story ends.
    let ld_ending_found = ld.last().is_some_and(|b| {
        let end = b.text.trim_end();
        if end.ends_with("...") || end.ends_with('…') || !end.ends_with(['.', '!', '?', '"', '”', '’', '\'']) {
            return false;
        }
        let tail: Vec<&str> = b.text.split_whitespace().rev().take(8).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        overlap(&tail.join(" "), &dom_set) >= 0.8
    });
    let keep: Vec<bool> = (0..dom.len())
        .map(|i| {
            let b = &dom[i];
            if b.kind == BlockKind::Caption || b.kind == BlockKind::Heading || words(i) < 8 || scores[i] >= 0.2 {
                return true;
            }
            i > last_confirmed && !ld_ending_found
        })
        .collect();
    Verdict::Dom(dom.into_iter().zip(keep).filter(|(_, k)| *k).map(|(b, _)| b).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str =
        "The council approved the new cycle lanes on Monday after a long debate about parking spaces in the centre.";
    const B: &str = "Shop owners had warned that removing parking would hurt trade, but a survey found most customers arrive on foot.";
    const C: &str =
        "Construction starts in spring and the first lane should open before the summer holidays, officials said.";
    const BIO: &str =
        "Jane Roe covers transport and city hall for the paper and previously reported from the regional desk.";

    fn para(t: &str) -> Block {
        Block::new(BlockKind::Paragraph, t)
    }

    #[test]
    fn drops_paragraphs_the_json_ld_lacks() {
        let ld = blocks_from_text(&format!("{A}\n{B}\n{C}"));
        let dom = vec![para(A), para(B), para(C), para(BIO)];
        let Verdict::Dom(kept) = check(dom, &ld) else { panic!("expected DOM blocks") };
        let texts: Vec<&str> = kept.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, [A, B, C]);
    }

    #[test]
    fn truncated_json_ld_keeps_the_rest() {
        let cut = &B[..60];
        let ld = blocks_from_text(&format!("{A}\n{cut}…"));
        let dom = vec![para(A), para(B), para(C)];
        let Verdict::Dom(kept) = check(dom, &ld) else { panic!("expected DOM blocks") };
        assert_eq!(kept.len(), 3);
    }

    #[test]
    fn wrong_container_defers_to_json_ld() {
        let ld = blocks_from_text(&format!("{A}\n{B}\n{C}"));
        let dom = vec![
            para(BIO),
            para("Another unrelated paragraph about the weather this weekend and the football results."),
        ];
        assert!(matches!(check(dom, &ld), Verdict::JsonLd));
    }

    #[test]
    fn markup_in_json_ld_is_stripped() {
        let b = blocks_from_text("<p>First &amp; second.</p><p>Third <b>bold</b> part.</p>");
        let texts: Vec<&str> = b.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["First & second.", "Third bold part."]);
    }
}
