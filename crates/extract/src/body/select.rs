//! Choosing the container(s) that hold the story.

use newsdesk_model::Strategy;

use super::classify::{Tag, ITEMPROP_BODY, NEGATIVE, POSITIVE};
use super::flat::{Flat, IN_LINK, NONE, PRUNED};

/// The chosen containers, in document order.
#[derive(Debug)]
pub(super) struct Choice {
    pub roots: Vec<usize>,
    pub strategy: Strategy,
    pub confidence: f32,
}

/// A run of inline text between block boundaries.
#[derive(Debug, Clone, Copy, Default)]
struct Run {
    /// The innermost block element holding the run.
    owner: u32,
    chars: u32,
    link_chars: u32,
    commas: u32,
}

/// A run shorter than this (visible characters) says nothing about where
/// the story is: menus, labels, dates.
const MIN_RUN: u32 = 25;

/// Splits the document into runs: at block tags and at `<br><br>`.
fn runs(flat: &Flat<'_>) -> Vec<Run> {
    let nodes = &flat.nodes;
    let mut out = Vec::new();
    let mut stack: Vec<u32> = Vec::new();
    let mut cur = Run::default();
    let mut br_pending = false;
    let flush = |cur: &mut Run, owner: u32, out: &mut Vec<Run>| {
        if cur.chars > 0 {
            cur.owner = owner;
            out.push(*cur);
        }
        *cur = Run::default();
    };
    let mut i = 0usize;
    while i < nodes.len() {
        while let Some(&top) = stack.last() {
            if nodes[top as usize].end as usize <= i {
                flush(&mut cur, top, &mut out);
                stack.pop();
            } else {
                break;
            }
        }
        let f = nodes[i];
        if f.flags & PRUNED != 0 {
            i = f.end as usize;
            continue;
        }
        match f.tag {
            Tag::Text if f.chars > 0 => {
                cur.chars += f.chars;
                cur.commas += f.commas;
                if f.flags & IN_LINK != 0 {
                    cur.link_chars += f.chars;
                }
                br_pending = false;
            }
            Tag::Br => {
                if br_pending {
                    flush(&mut cur, stack.last().copied().unwrap_or(0), &mut out);
                    br_pending = false;
                } else {
                    br_pending = true;
                }
            }
            t if t.is_block() => {
                flush(&mut cur, stack.last().copied().unwrap_or(0), &mut out);
                br_pending = false;
                stack.push(i as u32);
            }
            _ => {}
        }
        i += 1;
    }
    while let Some(top) = stack.pop() {
        flush(&mut cur, top, &mut out);
    }
    out
}

/// Scores containers and picks the story's.
pub(super) fn choose(flat: &Flat<'_>) -> Option<Choice> {
    let nodes = &flat.nodes;
    let n = nodes.len();
    let mut score = vec![0f32; n];
    // Characters of prose runs in each subtree.
    let mut prose = vec![0u32; n];
    // Prose runs in each subtree.
    let mut prose_runs = vec![0u32; n];

    for r in runs(flat) {
        let owner = r.owner as usize;
        if r.chars < MIN_RUN || r.link_chars * 2 > r.chars {
            continue;
        }
        let owner_tag = nodes[owner].tag;
        if matches!(owner_tag, Tag::Heading | Tag::Figcaption | Tag::Figure) {
            continue;
        }
        prose[owner] += r.chars - r.link_chars;
        prose_runs[owner] += 1;
        let points = (r.chars as f32 / 100.0).min(5.0) + 0.5 * r.commas.min(6) as f32;
        // A paragraph's points go to the element that holds the
        // paragraphs; text directly in a div scores the div itself.
        let mut at = match owner_tag {
            Tag::P | Tag::Pre | Tag::Quote | Tag::Li => nodes[owner].parent,
            _ => owner as u32,
        };
        let mut level = 0;
        while at != NONE && level < 5 {
            let share = match level {
                0 => 1.0,
                1 => 0.5,
                l => 1.0 / (l as f32 * 3.0),
            };
            score[at as usize] += points * share;
            at = nodes[at as usize].parent;
            level += 1;
        }
    }
    // Headings per subtree: a container with a heading every other
    // paragraph is a list of teasers, not a story.
    let mut headings = vec![0u32; n];
    for i in (1..n).rev() {
        let p = nodes[i].parent;
        if nodes[i].tag == Tag::Heading && nodes[i].flags & PRUNED == 0 && nodes[i].chars > 0 {
            headings[i] += 1;
        }
        if p != NONE {
            headings[p as usize] += headings[i];
            prose[p as usize] += prose[i];
            prose_runs[p as usize] += prose_runs[i];
        }
    }
    let total_prose = prose.first().copied().unwrap_or(0);
    if total_prose == 0 {
        return None;
    }

    // Final scores: discounted by links, nudged by what the markup says.
    let mut best = NONE as usize;
    let mut best_score = 0f32;
    for i in 0..n {
        if score[i] <= 0.0 || nodes[i].flags & PRUNED != 0 {
            continue;
        }
        let f = nodes[i];
        let mut s = score[i] * (1.0 - flat.link_density(i));
        // Stories are written in paragraphs; lists of teasers (a heading
        // and a line each) are made of short runs.
        let avg_run = prose[i] as f32 / prose_runs[i].max(1) as f32;
        s *= (avg_run / 150.0).clamp(0.0, 1.0).sqrt();
        if headings[i] >= 3 && headings[i] * 2 >= prose_runs[i] && avg_run < 120.0 {
            s *= 0.5;
        }
        if f.flags & POSITIVE != 0 {
            s *= 1.5;
        }
        if f.flags & NEGATIVE != 0 {
            s *= 0.6;
        }
        s *= match f.tag {
            Tag::List | Tag::Li | Tag::Form | Tag::Heading => 0.8,
            _ => 1.0,
        };
        score[i] = s;
        if s > best_score {
            best_score = s;
            best = i;
        }
    }
    if best == NONE as usize {
        return None;
    }
    let density_roots = with_siblings(flat, best, &score, &prose);
    let density_prose: u32 = density_roots.iter().map(|&r| prose[r]).sum();

    // The named body with the most prose, if any.
    let mut semantic = NONE as usize;
    for i in 0..n {
        let f = nodes[i];
        if f.flags & PRUNED != 0 || f.flags & (POSITIVE | ITEMPROP_BODY) == 0 || prose[i] == 0 {
            continue;
        }
        if semantic == NONE as usize || prose[i] > prose[semantic] {
            semantic = i;
        }
    }
    if semantic != NONE as usize {
        // Named wrappers nest ("main-article" around "article-body"): the
        // innermost that still holds nearly all the prose is the body.
        let floor = prose[semantic] as u64 * 8 / 10;
        let mut inner = semantic;
        for i in semantic + 1..nodes[semantic].end as usize {
            let f = nodes[i];
            if f.flags & PRUNED == 0
                && f.flags & (POSITIVE | ITEMPROP_BODY) != 0
                && prose[i] as u64 >= floor
                && prose[i] <= prose[inner]
            {
                inner = i;
            }
        }
        let semantic = inner;
        // A body split into several same-named containers (paragraph rows
        // of a table, sections between ads) is taken whole.
        let mut roots = same_named(flat, semantic, &prose);
        // A standfirst or lead paragraph just before the named body.
        if let Some(lead) = roots.first().and_then(|&r| prev_element_sibling(flat, r)) {
            if reads_like_prose(flat, lead, &prose) {
                roots.insert(0, lead);
            }
        }
        let s_prose: u32 = roots.iter().map(|&r| prose[r]).sum();
        let agrees = roots.iter().any(|&r| flat.contains(r, best)) || s_prose as u64 * 10 >= density_prose as u64 * 6;
        if agrees {
            return Some(Choice {
                roots,
                strategy: Strategy::Semantic,
                confidence: (0.7 + 0.3 * s_prose as f32 / total_prose as f32).min(0.99),
            });
        }
    }
    Some(Choice {
        roots: density_roots,
        strategy: Strategy::Density,
        confidence: (0.3 + 0.6 * density_prose as f32 / total_prose as f32).min(0.95),
    })
}

/// The outermost elements with the same tag and class as `first` and the
/// same grandparent that hold prose, in document order (always including
/// `first`).
fn same_named(flat: &Flat<'_>, first: usize, prose: &[u32]) -> Vec<usize> {
    let signature = |i: usize| match flat.value(i) {
        scraper::Node::Element(e) => Some((e.name(), crate::dom::attr(e, "class"), crate::dom::attr(e, "itemprop"))),
        _ => None,
    };
    let want = signature(first);
    // Parts of one body sit close together: same parent, or same
    // grandparent (cells of one table's rows).
    let grandparent = |i: usize| {
        let p = flat.nodes[i].parent;
        if p == NONE {
            NONE
        } else {
            flat.nodes[p as usize].parent
        }
    };
    let family = grandparent(first);
    let mut roots = Vec::new();
    let mut i = 0;
    let nodes = &flat.nodes;
    while i < nodes.len() {
        let f = nodes[i];
        if f.flags & PRUNED != 0 {
            i = f.end as usize;
            continue;
        }
        if f.flags & (POSITIVE | ITEMPROP_BODY) != 0
            && (i == first || (prose[i] > 0 && grandparent(i) == family && signature(i) == want))
        {
            roots.push(i);
            i = f.end as usize;
            continue;
        }
        i += 1;
    }
    roots
}

/// The element sibling before `i` that holds text, skipping pruned ones.
fn prev_element_sibling(flat: &Flat<'_>, i: usize) -> Option<usize> {
    let parent = flat.nodes[i].parent;
    if parent == NONE {
        return None;
    }
    let mut found = None;
    let mut c = parent as usize + 1;
    while c < i {
        let f = flat.nodes[c];
        if f.flags & PRUNED == 0 && f.tag != Tag::Text && f.tag != Tag::Other && f.chars > 0 {
            found = Some(c);
        }
        c = f.end as usize;
    }
    found
}

/// Enough text, few links, mostly in prose runs.
fn reads_like_prose(flat: &Flat<'_>, i: usize, prose: &[u32]) -> bool {
    let f = flat.nodes[i];
    f.chars >= 80 && flat.link_density(i) < 0.25 && prose[i] * 2 >= f.chars
}

/// The best container plus those of its siblings that belong to the story:
/// ones that score close to it, and ones that read like prose.
fn with_siblings(flat: &Flat<'_>, best: usize, score: &[f32], prose: &[u32]) -> Vec<usize> {
    let nodes = &flat.nodes;
    let parent = nodes[best].parent;
    if parent == NONE {
        return vec![best];
    }
    let threshold = (score[best] * 0.2).max(3.0);
    let best_node = nodes[best];
    // The element sibling right before the best one: where a lead paragraph
    // or standfirst sits when it has its own container.
    let mut prev_element = NONE as usize;
    let mut roots = Vec::new();
    let mut c = parent as usize + 1;
    let end = nodes[parent as usize].end as usize;
    while c < end {
        let f = nodes[c];
        let next = f.end as usize;
        if c == best {
            if prev_element != NONE as usize
                && !roots.contains(&prev_element)
                && reads_like_prose(flat, prev_element, prose)
            {
                roots.push(prev_element);
            }
            roots.push(c);
        } else if f.flags & PRUNED == 0 && f.chars > 0 {
            // The same text twice (a print copy) is one story.
            let duplicate = f.chars == best_node.chars && f.commas == best_node.commas;
            let paragraph_like = matches!(f.tag, Tag::P | Tag::Quote | Tag::List | Tag::Pre);
            let keep = !duplicate
                && (score[c] >= threshold
                    || (paragraph_like && reads_like_prose(flat, c, prose))
                    || (f.tag == Tag::Text && f.chars >= 40));
            if keep {
                roots.push(c);
            }
            if f.tag != Tag::Text && c < best {
                prev_element = c;
            }
        }
        c = next;
    }
    roots
}
