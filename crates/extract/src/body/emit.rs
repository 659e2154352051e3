//! Turning the chosen containers into ordered, typed blocks, and dropping
//! the furniture that sits inside story containers.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};

use newsdesk_model::{Block, BlockKind};
use scraper::Node;

use super::classify::{Tag, CAPTION, COMMENT_MARK};
use super::flat::{Flat, IN_LINK, PRUNED};
use super::word_units;
use crate::dom::normalize_space;

/// Open elements that change the kind of the text inside them.
#[derive(Default)]
struct Context {
    heading: u32,
    quote: u32,
    li: u32,
    caption: u32,
}

struct Emitter {
    blocks: Vec<Block>,
    buf: String,
    chars: u32,
    link_chars: u32,
    /// Words of prose emitted so far.
    words: usize,
    /// Reader comments start here: nothing after is the story.
    stopped: bool,
}

/// Prose words a story must have before a comments marker ends it; a marker
/// earlier is a comment counter or link in the story's header.
const MIN_WORDS_BEFORE_COMMENTS: usize = 50;

impl Emitter {
    /// Ends the current block. Returns whether it was the label of a
    /// boilerplate box ("Sponsored links", "Related stories").
    fn flush(&mut self, ctx: &Context) -> bool {
        if self.chars == 0 {
            self.buf.clear();
            return false;
        }
        let text = normalize_space(&self.buf);
        self.buf.clear();
        let (chars, links) = (self.chars, self.link_chars);
        self.chars = 0;
        self.link_chars = 0;
        if text.is_empty() {
            return false;
        }
        if chars <= 40 && is_box_label(&text) {
            return true;
        }
        let kind = if ctx.caption > 0 {
            BlockKind::Caption
        } else if ctx.heading > 0 {
            BlockKind::Heading
        } else if ctx.quote > 0 {
            BlockKind::Quote
        } else if ctx.li > 0 {
            BlockKind::ListItem
        } else {
            BlockKind::Paragraph
        };
        // Mostly-link lines inside a story are "Read more" teasers, related
        // links, tag lists.
        if links * 2 > chars && kind != BlockKind::Caption {
            return false;
        }
        if kind != BlockKind::Caption && kind != BlockKind::Heading {
            self.words += word_units(&text);
        }
        self.blocks.push(Block::new(kind, text));
        false
    }
}

/// The blocks of the given roots, in document order, cleaned up.
pub(super) fn emit(flat: &Flat<'_>, roots: &[usize], title: Option<&str>) -> Vec<Block> {
    let mut em = Emitter { blocks: Vec::new(), buf: String::new(), chars: 0, link_chars: 0, words: 0, stopped: false };
    for &root in roots {
        walk(flat, root, &mut em);
        if em.stopped {
            break;
        }
    }
    clean(em.blocks, title)
}

fn walk(flat: &Flat<'_>, root: usize, em: &mut Emitter) {
    let nodes = &flat.nodes;
    let mut ctx = Context::default();
    let mut stack: Vec<usize> = Vec::new();
    let mut br_pending = false;
    let end = nodes[root].end as usize;
    let mut i = root;
    // Set when a box label was seen: the end of the small box it heads.
    let mut skip_to = 0usize;
    let mut label_seen = false;
    while i < end {
        while let Some(&top) = stack.last() {
            if nodes[top].end as usize <= i {
                label_seen |= em.flush(&ctx);
                leave(&mut ctx, nodes[top].tag, nodes[top].flags);
                stack.pop();
            } else {
                break;
            }
        }
        if label_seen {
            label_seen = false;
            if let Some(box_end) = labelled_box_end(flat, &stack, root) {
                skip_to = skip_to.max(box_end);
            }
        }
        if i < skip_to {
            i = skip_to;
            continue;
        }
        let f = nodes[i];
        if f.flags & COMMENT_MARK != 0 && em.words + em.buf.len() / 6 >= MIN_WORDS_BEFORE_COMMENTS {
            em.flush(&ctx);
            em.stopped = true;
            return;
        }
        if f.flags & PRUNED != 0 {
            i = f.end as usize;
            continue;
        }
        match f.tag {
            Tag::Text => {
                if let Node::Text(t) = flat.value(i) {
                    em.buf.push_str(t);
                    em.chars += f.chars;
                    if f.flags & IN_LINK != 0 {
                        em.link_chars += f.chars;
                    }
                    if f.chars > 0 {
                        br_pending = false;
                    }
                }
            }
            Tag::Br => {
                if br_pending {
                    label_seen |= em.flush(&ctx);
                    br_pending = false;
                } else {
                    em.buf.push(' ');
                    br_pending = true;
                }
            }
            t if t.is_block() || f.flags & CAPTION != 0 => {
                label_seen |= em.flush(&ctx);
                br_pending = false;
                enter(&mut ctx, t, f.flags);
                stack.push(i);
            }
            _ => {}
        }
        i += 1;
    }
    em.flush(&ctx);
}

/// The end of the smallest box around the current position that a label
/// heads: the innermost open container (not a heading or paragraph, which
/// is the label itself) when it is small; `None` when that is the story
/// root or large, where only the label goes.
fn labelled_box_end(flat: &Flat<'_>, stack: &[usize], root: usize) -> Option<usize> {
    let container =
        stack.iter().rev().copied().find(|&s| !matches!(flat.nodes[s].tag, Tag::Heading | Tag::P | Tag::Inline))?;
    let f = flat.nodes[container];
    (container != root && f.chars <= 800).then_some(f.end as usize)
}

/// Labels that head boxes of ads or links to other stories.
fn is_box_label(text: &str) -> bool {
    let l = text.trim().trim_end_matches(':').to_lowercase();
    const LABELS: &[&str] = &[
        "sponsored links",
        "sponsored",
        "sponsored content",
        "advertisement",
        "advertisements",
        "ads by google",
        "related links",
        "related stories",
        "related articles",
        "related content",
        "related coverage",
        "related news",
        "more stories",
        "more on this story",
        "more from this section",
        "you may also like",
        "you might also like",
        "recommended",
        "recommended for you",
        "most popular",
        "most read",
        "popular stories",
        "top stories",
        "latest news",
        "elsewhere on the web",
        "from around the web",
        "promoted stories",
        "trending",
        "trending now",
    ];
    LABELS.contains(&l.as_str())
}

fn enter(ctx: &mut Context, tag: Tag, flags: u16) {
    match tag {
        Tag::Heading => ctx.heading += 1,
        Tag::Quote => ctx.quote += 1,
        Tag::Li => ctx.li += 1,
        Tag::Figure | Tag::Figcaption => ctx.caption += 1,
        _ => {}
    }
    if flags & CAPTION != 0 {
        ctx.caption += 1;
    }
}

fn leave(ctx: &mut Context, tag: Tag, flags: u16) {
    let dec = |v: &mut u32| *v = v.saturating_sub(1);
    match tag {
        Tag::Heading => dec(&mut ctx.heading),
        Tag::Quote => dec(&mut ctx.quote),
        Tag::Li => dec(&mut ctx.li),
        Tag::Figure | Tag::Figcaption => dec(&mut ctx.caption),
        _ => {}
    }
    if flags & CAPTION != 0 {
        dec(&mut ctx.caption);
    }
}

/// Drops the repeated title at the top, bylines and datelines near the
/// top, one-line furniture anywhere, and headings that head nothing.
fn clean(mut blocks: Vec<Block>, title: Option<&str>) -> Vec<Block> {
    let title_key = title.map(comparable).filter(|t| !t.is_empty());
    // The story starts at its headline: what a container holds above it
    // is page furniture (section labels, promos). Only trusted when the
    // headline comes early.
    if let Some(t) = &title_key {
        let total: usize = blocks.iter().map(|b| word_units(&b.text)).sum();
        let mut before = 0usize;
        for (i, b) in blocks.iter().enumerate() {
            let words = word_units(&b.text);
            if before * 2 > total {
                break;
            }
            if i > 0 && words <= 30 && is_title(&b.text, t) {
                blocks.drain(..=i);
                break;
            }
            before += words;
        }
    }
    // Before the first sentence, short lines that are not sentences (no
    // closing punctuation) are the headline, kicker, credits: a story's
    // first paragraph ends like a sentence.
    let lead = blocks
        .iter()
        .take_while(|b| {
            matches!(b.kind, BlockKind::Heading | BlockKind::Paragraph)
                && word_units(&b.text) <= 15
                && !b.text.trim_end().ends_with(['.', '!', '?', ':', '"', '\'', '”', '’', ')'])
        })
        .count();
    if lead > 0 && lead < blocks.len() {
        blocks.drain(..lead);
    }
    // Reader comments end the story.
    let mut words = 0usize;
    let mut cut = None;
    for (i, b) in blocks.iter().enumerate() {
        let n = word_units(&b.text);
        if words >= MIN_WORDS_BEFORE_COMMENTS && n <= 10 && is_comments_heading(&b.text) {
            cut = Some(i);
            break;
        }
        words += n;
    }
    if let Some(i) = cut {
        blocks.truncate(i);
    }
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    // Hashes of the longer paragraphs kept: a page that prints its story
    // twice (a print copy, a teaser repeating the lead) gives it once.
    let mut seen: HashSet<u64> = HashSet::new();
    let mut prose_seen = 0usize;
    for b in blocks {
        let words = word_units(&b.text);
        let near_top = prose_seen < 2;
        if near_top && words <= 30 {
            if let Some(t) = &title_key {
                if is_title(&b.text, t) {
                    continue;
                }
            }
        }
        if b.kind != BlockKind::Caption && words <= 12 && is_furniture(&b.text, near_top) {
            continue;
        }
        // Photo captions and credits that the markup does not mark.
        if b.kind != BlockKind::Caption && words <= 60 && is_caption_text(&b.text) {
            continue;
        }
        // Calls to action: follow us, send a tip, donate, report a typo.
        if b.kind != BlockKind::Caption && words <= 40 && is_call_to_action(&b.text) {
            continue;
        }
        // Agency copyright notices run longer than one line.
        if words <= 40 && {
            let l = b.text.to_lowercase();
            l.contains("all rights reserved") || l.contains("may not be published, broadcast")
        } {
            continue;
        }
        if words >= 8 {
            let mut h = DefaultHasher::new();
            b.text.hash(&mut h);
            if !seen.insert(h.finish()) {
                continue;
            }
        }
        if matches!(b.kind, BlockKind::Paragraph | BlockKind::Quote | BlockKind::ListItem) {
            prose_seen += 1;
        }
        out.push(b);
    }
    // A heading followed by no text ("Related stories" at the end) heads
    // removed furniture; so does a short label line ("Economy", "Read
    // also", a story id) left after the last paragraph.
    // At most a few labels: a long run of short lines is a table or list
    // the story ends with, not furniture.
    let mut labels = 0;
    while let Some(b) = out.last() {
        if matches!(b.kind, BlockKind::Heading | BlockKind::Caption) {
            out.pop();
        } else if labels < 4 && b.kind == BlockKind::Paragraph && is_trailing_label(&b.text) {
            labels += 1;
            out.pop();
        } else {
            break;
        }
    }
    out
}

/// A line of at most three words with no sentence ending: a section label,
/// a category link, a number.
fn is_trailing_label(text: &str) -> bool {
    let t = text.trim();
    word_units(t) <= 3 && !t.ends_with(['.', '!', '?', '"', '\'', '”', '’', '»', ')', '）', '」', '。'])
}

/// A photo caption or credit written as a plain paragraph: "FILE PHOTO: ...",
/// "Photo: Agency", "... — Foto: Jane Doe", "▲ ...", "NAME/AGENCY/EPA".
fn is_caption_text(text: &str) -> bool {
    let t = text.trim();
    let lower = t.to_lowercase();
    const LEADS: &[&str] =
        &["file photo", "foto:", "fotos:", "photo:", "photos:", "picture:", "bild:", "imagen:", "▲", "△"];
    if LEADS.iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    // A credit at the end of the line, after a dash or bar: "— Foto: X".
    const CREDITS: &[&str] =
        &["foto:", "fotos:", "photo:", "photos:", "credit:", "crédito:", "bild:", "imagen:", "(photo:", "(foto:"];
    if let Some(pos) = lower.rfind(['—', '–', '|', '(']) {
        let tail = lower[pos..].trim_start_matches(['—', '–', '|', ' ']);
        if CREDITS.iter().any(|c| tail.starts_with(c)) && word_units(tail) <= 8 {
            return true;
        }
    }
    // An agency credit line alone: "JANE DOE/PAP/EPA", "REUTERS/John Roe".
    const AGENCIES: &[&str] = &[
        "AP", "AFP", "EPA", "PAP", "REUTERS", "DPA", "ANSA", "EFE", "XINHUA", "GETTY", "TASS", "ANP", "NTB", "TT",
        "KYODO",
    ];
    word_units(t) <= 5
        && t.contains('/')
        && !t.contains("://")
        && t.split(['/', ' ']).any(|w| AGENCIES.contains(&w))
        && !t.ends_with(['.', '!', '?'])
}

/// Prompts to follow, share, subscribe, send tips, donate or report a typo.
fn is_call_to_action(text: &str) -> bool {
    let l = text.trim().to_lowercase();
    const STARTS: &[&str] = &[
        "please follow and like us",
        "follow us",
        "you can also follow us",
        "read or share this story",
        "do you have a story tip",
        "got a news tip",
        "have a news tip",
        "if you found the reporting",
        "if you value our journalism",
        "if our services have assisted you",
        "support our journalism",
        "síguenos",
        "siganos",
        "siga-nos",
        "suivez-nous",
        "folgen sie uns",
        "seguici",
        "download the app",
        // Inline links to other stories: "ALSO READ | Headline".
        "also read",
        "must read",
        "read also",
        "read |",
        "read more |",
        "read more:",
    ];
    STARTS.iter().any(|p| l.starts_with(p)) || l.contains("ctrl+enter") || l.contains("ctrl + enter")
}

/// A line that opens the reader comments.
fn is_comments_heading(text: &str) -> bool {
    let l = text.trim().to_lowercase();
    const STARTS: &[&str] = &[
        "comments are closed",
        "comments are now closed",
        "comments have been closed",
        "comments for this",
        "post a comment",
        "leave a comment",
        "add a comment",
        "add your comment",
        "add new comment",
        "write a comment",
        "reader comments",
        "readers' comments",
        "readers comments",
        "your comments",
        "user comments",
        "have your say",
        "join the discussion",
        "join the conversation",
        "discuss this article",
        "comment on this",
        "comments (",
        "comments:",
        "you must be logged in to post",
    ];
    if STARTS.iter().any(|p| l.starts_with(p)) {
        return true;
    }
    // "12 comments", "Comments" alone.
    let words: Vec<&str> = l.split_whitespace().collect();
    matches!(words.as_slice(), ["comments"] | ["comment"] | [_, "comments"] | [_, "comment"] if words.first().is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()) || *w == "comments" || *w == "comment"))
}

/// Lowercased letters and digits only, for loose comparisons.
fn comparable(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Whether a block repeats the headline. Page titles often carry the site
/// name ("Headline - Site"), so a block that is a long prefix of the title
/// counts too.
fn is_title(text: &str, title_key: &str) -> bool {
    let k = comparable(text);
    if k.is_empty() {
        return false;
    }
    k == title_key || (k.len() >= 20 && (title_key.starts_with(&k) || title_key.ends_with(&k)))
}

/// One-line furniture: labels, calls to action, bylines, datelines.
fn is_furniture(text: &str, near_top: bool) -> bool {
    let lower = text.trim().to_lowercase();
    let l = lower.as_str();
    const EXACT: &[&str] = &[
        "advertisement",
        "advertising",
        "ad",
        // The same label in the other languages of the sample outlets.
        "publicidad",
        "anuncio",
        "werbung",
        "anzeige",
        "publicité",
        "pubblicità",
        "publicidade",
        "anúncio",
        "reklama",
        "advertentie",
        "advertorial",
        "sponsored",
        "related information",
        "related content",
        "related coverage",
        // "Read also" in the languages of the outlets we see.
        "read also",
        "also read",
        "see also",
        "lue myös",
        "lesen sie auch",
        "lire aussi",
        "à lire aussi",
        "leia também",
        "leia mais",
        "lee también",
        "leer más",
        "leggi anche",
        "czytaj też",
        "czytaj także",
        "читайте также",
        "читайте також",
        "реклама",
        "広告",
        "share",
        "tweet",
        "email",
        "print",
        "comments",
        "comment",
        "share this",
        "share this article",
        "share this story",
        "read more",
        "continue reading",
        "related",
        "related stories",
        "related articles",
        "more stories",
        "story continues below advertisement",
        "scroll to continue with content",
        "loading",
        "loading...",
    ];
    // "- Advertisement -", "— Anúncio —": a label between dashes.
    let trimmed = l
        .trim_matches(|c: char| matches!(c, '-' | '–' | '—' | '*' | '[' | ']') || c.is_whitespace())
        .trim_end_matches(|c: char| c == ':' || c == '.' || c == '…' || c.is_whitespace());
    if EXACT.contains(&trimmed) {
        return true;
    }
    const PREFIXES: &[&str] = &[
        "advertisement",
        "share this",
        "share on ",
        "share:",
        "read more:",
        "read more about",
        "related:",
        "see also:",
        "click here",
        "printer friendly",
        "printer-friendly",
        "send this article",
        "e-mail this",
        "email this",
        "to contact the reporter",
        "to contact the editor",
        "sign up for",
        "subscribe to",
        "follow us on",
        "copyright",
        "©",
        "(c) ",
        "all rights reserved",
        "posted in ",
        "filed under",
        "tags:",
        "topics:",
        "photo:",
        "photo by",
        "image:",
        "image source",
        "getty images",
        "skip to",
        "back to top",
        "you may also like",
        "recommended:",
        "more on this",
        "listen to this",
        "reporting by",
        "editing by",
        "last updated",
        "updated:",
        "published:",
        "posted:",
        "posted on",
        "posted by",
    ];
    if PREFIXES.iter().any(|p| l.starts_with(p)) {
        return true;
    }
    if l.contains("all rights reserved") {
        return true;
    }
    // A copyright line: "<Copyright ⓒ Daily. No reproduction>".
    if l.contains('©') || l.contains('ⓒ') {
        return true;
    }
    if near_top {
        // "By Jane Doe, Staff Writer" — a byline, not a sentence.
        let t = text.trim();
        if let Some(rest) = t.strip_prefix("By ").or_else(|| t.strip_prefix("BY ")).or_else(|| t.strip_prefix("by ")) {
            let words = word_units(rest);
            let sentence_end = rest.trim_end().ends_with(['.', '!', '?']) && !rest.trim_end().ends_with(" Jr.");
            if words <= 8 && rest.starts_with(|c: char| c.is_uppercase()) && !sentence_end {
                return true;
            }
        }
        if l.starts_with("updated") || l.starts_with("published") || l.starts_with("posted") {
            return true;
        }
        // "Special Correspondent", "Staff Writer", "Bureau Report".
        let words = word_units(l);
        if words <= 4
            && ["correspondent", "reporter", "staff writer", "bureau", "news desk", "newsdesk"]
                .iter()
                .any(|w| l.contains(w))
        {
            return true;
        }
        if looks_like_date_line(l) {
            return true;
        }
    }
    false
}

/// A short line that is mostly a date: "March 5, 2024 10:07 a.m. EST".
fn looks_like_date_line(l: &str) -> bool {
    const MONTHS: &[&str] = &["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let words: Vec<&str> = l.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    if words.is_empty() || words.len() > 10 {
        return false;
    }
    let has_month = words.iter().any(|w| w.len() >= 3 && MONTHS.iter().any(|m| w.starts_with(m)));
    let has_year = words.iter().any(|w| w.len() == 4 && (w.starts_with("19") || w.starts_with("20")));
    let numeric = words.iter().filter(|w| w.chars().all(|c| c.is_ascii_digit())).count();
    has_year && (has_month || numeric * 2 >= words.len())
}
