//! The document flattened into arrays in document (pre-)order, with per-node
//! text statistics.
//!
//! One iterative walk over the tree (`traverse()` yields open/close edges, no
//! recursion) numbers the nodes in pre-order and records each node's parent
//! and the end of its subtree. Since a parent always comes before its
//! children, subtree sums are one reverse loop (`agg[parent] += agg[child]`)
//! and skipping a subtree is a jump to `end`. Scoring then works on these
//! arrays without touching strings.

use ego_tree::iter::Edge;
use ego_tree::{NodeId, Tree};
use scraper::{Html, Node};

use super::classify::{attr_flags, NameCache, Tag, CAPTION, HIDDEN, NEGATIVE, POSITIVE};

pub(super) const NONE: u32 = u32::MAX;

/// Per-node facts. Kept small: a 20 MB page has about a million nodes.
#[derive(Debug, Clone, Copy)]
pub(super) struct FNode {
    pub parent: u32,
    /// One past the last node of this subtree.
    pub end: u32,
    pub tag: Tag,
    /// `classify` flags, plus `IN_LINK`/`PRUNED` computed here.
    pub flags: u16,
    /// Visible characters (not white space) in the subtree, pruned parts
    /// excluded. For a text node, its own characters.
    pub chars: u32,
    /// Of `chars`, those inside links.
    pub link_chars: u32,
    /// Commas in the subtree (a text-likeness signal).
    pub commas: u32,
}

/// Inside an `<a>`.
pub(super) const IN_LINK: u16 = 32;
/// Removed from consideration: furniture, hidden, or script.
pub(super) const PRUNED: u16 = 64;
/// A strong body marker sits in this subtree (never prune its ancestors).
pub(super) const HOLDS_POSITIVE: u16 = 128;

pub(super) struct Flat<'a> {
    pub nodes: Vec<FNode>,
    /// Tree ids in the same order as `nodes` (8 bytes each, where a
    /// `NodeRef` would take 16).
    ids: Vec<NodeId>,
    tree: &'a Tree<Node>,
}

impl<'a> Flat<'a> {
    pub(super) fn build(doc: &'a Html) -> Flat<'a> {
        // Sized once: growing by doubling would briefly hold two copies,
        // which matters on pages with a million nodes. (The count includes
        // nodes detached by the parser, so it is an upper bound.)
        let count = doc.tree.nodes().len();
        let mut nodes: Vec<FNode> = Vec::with_capacity(count);
        let mut ids: Vec<NodeId> = Vec::with_capacity(count);
        let mut stack: Vec<u32> = Vec::new();
        let mut names = NameCache::default();
        for edge in doc.tree.root().traverse() {
            match edge {
                Edge::Open(n) => {
                    let idx = nodes.len() as u32;
                    let parent = stack.last().copied().unwrap_or(NONE);
                    let (tag, flags, chars, commas) = match n.value() {
                        Node::Text(t) => {
                            let (c, k) = count_text(t);
                            (Tag::Text, 0, c, k)
                        }
                        Node::Element(el) => {
                            let tag = Tag::of(el.name());
                            let flags = if tag == Tag::Skip { 0 } else { attr_flags(el, &mut names) };
                            (tag, flags, 0, 0)
                        }
                        _ => (Tag::Other, 0, 0, 0),
                    };
                    nodes.push(FNode { parent, end: idx + 1, tag, flags, chars, link_chars: 0, commas });
                    ids.push(n.id());
                    stack.push(idx);
                }
                Edge::Close(_) => {
                    if let Some(idx) = stack.pop() {
                        nodes[idx as usize].end = nodes.len() as u32;
                    }
                }
            }
        }
        Flat { nodes, ids, tree: &doc.tree }
    }

    /// Decides what is pruned, then sums text statistics over what is left.
    /// `use_classes`: whether class/id words may prune (a second pass runs
    /// without them when they removed everything).
    pub(super) fn prune_and_measure(&mut self, use_classes: bool) {
        let n = self.nodes.len();
        // Raw text per subtree and strong-marker containment, ignoring soft
        // pruning: decides the guards below.
        let mut raw = vec![0u32; n];
        for (f, r) in self.nodes.iter_mut().zip(raw.iter_mut()) {
            f.flags &= !(PRUNED | HOLDS_POSITIVE | IN_LINK);
            if f.tag == Tag::Text {
                *r = f.chars;
            }
            if f.flags & POSITIVE != 0 {
                f.flags |= HOLDS_POSITIVE;
            }
        }
        for i in (1..n).rev() {
            let p = self.nodes[i].parent;
            if p != NONE {
                // Script and style text is not page text.
                if self.nodes[i].tag != Tag::Skip {
                    raw[p as usize] = raw[p as usize].saturating_add(raw[i]);
                }
                if self.nodes[i].flags & HOLDS_POSITIVE != 0 {
                    self.nodes[p as usize].flags |= HOLDS_POSITIVE;
                }
            }
        }
        // The text a furniture-looking element is compared with: that of the
        // nearest named body around it, else the page's.
        let mut scope = vec![0u32; n];

        // Top-down: pruned if the parent is, or if this element is furniture.
        for i in 0..n {
            let f = self.nodes[i];
            let (parent_pruned, parent_link) = if f.parent == NONE {
                (false, false)
            } else {
                let pf = self.nodes[f.parent as usize].flags;
                (pf & PRUNED != 0, pf & IN_LINK != 0)
            };
            let mut flags = f.flags;
            scope[i] = if flags & POSITIVE != 0 || f.parent == NONE { raw[i].max(1) } else { scope[f.parent as usize] };
            if parent_link || f.tag == Tag::A {
                flags |= IN_LINK;
            }
            let prune = parent_pruned || f.tag == Tag::Skip || flags & HIDDEN != 0 || {
                let guarded = flags & HOLDS_POSITIVE != 0;
                // Boilerplate never holds most of a page's text; when a
                // furniture-looking container does, it wraps the page.
                let dominant = raw[i] as u64 * 10 >= scope[i] as u64 * 7;
                let by_tag = match f.tag {
                    Tag::Nav | Tag::Aside | Tag::Footer => true,
                    Tag::Header => raw[i] < 1500,
                    Tag::Form => raw[i] < 600,
                    _ => false,
                };
                let by_class = use_classes
                    && flags & NEGATIVE != 0
                    && flags & CAPTION == 0
                    && !matches!(f.tag, Tag::Article | Tag::Text | Tag::Other)
                    && !is_body_or_html(self.value(i));
                !guarded && !dominant && (by_tag || by_class)
            };
            if prune {
                flags |= PRUNED;
            }
            self.nodes[i].flags = flags;
        }

        // Bottom-up sums over what is left.
        for f in self.nodes.iter_mut() {
            if f.tag != Tag::Text {
                f.chars = 0;
                f.commas = 0;
            }
            f.link_chars = 0;
        }
        // Text nodes' own counts were overwritten only for elements; restore
        // pruned text to zero contribution by skipping them below.
        for i in (1..n).rev() {
            let f = self.nodes[i];
            if f.flags & PRUNED != 0 {
                continue;
            }
            if f.tag == Tag::Text && f.flags & IN_LINK != 0 {
                self.nodes[i].link_chars = f.chars;
            }
            let f = self.nodes[i];
            let p = f.parent;
            if p != NONE {
                let pn = &mut self.nodes[p as usize];
                pn.chars = pn.chars.saturating_add(f.chars);
                pn.link_chars = pn.link_chars.saturating_add(f.link_chars);
                pn.commas = pn.commas.saturating_add(f.commas);
            }
        }
    }

    /// The DOM node behind index `i`.
    pub(super) fn value(&self, i: usize) -> &'a Node {
        // Every id came from this tree, so the lookup cannot fail; the
        // document node stands in rather than panicking.
        self.tree.get(self.ids[i]).unwrap_or_else(|| self.tree.root()).value()
    }

    /// Whether `inner` lies in the subtree of `outer` (or is it).
    pub(super) fn contains(&self, outer: usize, inner: usize) -> bool {
        outer <= inner && (inner as u32) < self.nodes[outer].end
    }

    pub(super) fn link_density(&self, i: usize) -> f32 {
        let f = &self.nodes[i];
        if f.chars == 0 {
            0.0
        } else {
            f.link_chars as f32 / f.chars as f32
        }
    }
}

fn is_body_or_html(n: &Node) -> bool {
    matches!(n, Node::Element(e) if matches!(e.name(), "body" | "html" | "main"))
}

/// Visible characters (UTF-8 lead bytes that are not ASCII white space or a
/// no-break space) and commas of a text node. Byte-level: no decoding.
fn count_text(s: &str) -> (u32, u32) {
    let mut chars = 0u32;
    let mut commas = 0u32;
    let bytes = s.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b.is_ascii_whitespace() || (b & 0xC0) == 0x80 {
            continue;
        }
        // U+00A0 no-break space is C2 A0.
        if b == 0xC2 && bytes.get(i + 1) == Some(&0xA0) {
            continue;
        }
        if b == b',' {
            commas += 1;
        }
        chars += 1;
    }
    (chars, commas)
}
