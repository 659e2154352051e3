//! What an element is, for body extraction: its tag's role, and what its
//! `class`/`id`/`role`/`itemprop` attributes say about it.
//!
//! Class names are matched by *words*, not substrings: `share-tools` and
//! `shareTools` both hold the word `share`, while `leader` does not hold
//! `ad`. Compound body names (`article__body`, `storyText`) are matched on the
//! token with separators removed. Nothing here allocates: words are compared
//! case-insensitively in place.

use scraper::node::Element;

/// The role a tag plays in the layout of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tag {
    /// The document root, doctype, comments and processing instructions.
    Other,
    Text,
    /// Inline markup: its text flows into the enclosing block.
    Inline,
    A,
    Br,
    /// Content that is never article text (scripts, styles, forms controls,
    /// embedded media, the `<head>`).
    Skip,
    P,
    Heading,
    Quote,
    Li,
    List,
    Pre,
    /// Generic block containers: div, section, table cells, body...
    Div,
    Article,
    Figure,
    Figcaption,
    /// Tags that hold page furniture rather than the story.
    Nav,
    Aside,
    Footer,
    Header,
    Form,
}

impl Tag {
    pub(super) fn of(name: &str) -> Tag {
        match name {
            "a" => Tag::A,
            "br" => Tag::Br,
            "p" | "dd" | "dt" | "address" => Tag::P,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Tag::Heading,
            "blockquote" => Tag::Quote,
            "li" => Tag::Li,
            "ul" | "ol" | "dl" | "menu" => Tag::List,
            "pre" => Tag::Pre,
            "div" | "section" | "main" | "body" | "html" | "table" | "tbody" | "thead" | "tfoot" | "tr" | "td"
            | "th" | "center" | "caption" | "details" | "summary" | "hgroup" | "fieldset" | "hr" | "legend" => Tag::Div,
            "article" => Tag::Article,
            "figure" => Tag::Figure,
            "figcaption" => Tag::Figcaption,
            "nav" => Tag::Nav,
            "aside" => Tag::Aside,
            "footer" => Tag::Footer,
            "header" => Tag::Header,
            "form" => Tag::Form,
            "script" | "style" | "noscript" | "template" | "svg" | "math" | "iframe" | "object" | "embed"
            | "select" | "option" | "optgroup" | "button" | "input" | "textarea" | "canvas" | "video" | "audio"
            | "head" | "title" | "meta" | "link" | "base" | "map" | "area" | "dialog" | "datalist" | "output"
            | "progress" | "meter" | "frameset" | "frame" | "noframes" | "applet" | "param" | "source" | "track"
            | "picture" | "img" => Tag::Skip,
            _ => Tag::Inline,
        }
    }

    /// Whether the tag starts a new block of text (a line break in the
    /// rendered page).
    pub(super) fn is_block(self) -> bool {
        !matches!(self, Tag::Text | Tag::Inline | Tag::A | Tag::Br | Tag::Other | Tag::Skip)
    }
}

/// Attribute verdicts, as bit flags.
pub(super) const POSITIVE: u16 = 1;
pub(super) const NEGATIVE: u16 = 2;
pub(super) const HIDDEN: u16 = 4;
pub(super) const CAPTION: u16 = 8;
/// A named structured-data body (`itemprop=articleBody`): the strongest hint.
pub(super) const ITEMPROP_BODY: u16 = 16;

/// An id or anchor name that marks where reader comments start
/// (`<a name="comments">`, `<div id="commentSection">`).
pub(super) const COMMENT_MARK: u16 = 256;

/// [`name_flags`] of the class and id values seen so far in a document:
/// pages repeat the same few dozen class names on thousands of elements,
/// and matching a value against the word lists costs far more than a
/// hash lookup.
#[derive(Default)]
pub(super) struct NameCache<'a> {
    flags: std::collections::HashMap<&'a str, u16>,
}

impl<'a> NameCache<'a> {
    fn name_flags(&mut self, value: &'a str) -> u16 {
        *self.flags.entry(value).or_insert_with(|| name_flags(value))
    }
}

/// Looks at the attributes that say what an element is for.
pub(super) fn attr_flags<'a>(el: &'a Element, names: &mut NameCache<'a>) -> u16 {
    let mut flags = 0;
    if crate::dom::attr(el, "hidden").is_some()
        || crate::dom::attr(el, "aria-hidden").is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        flags |= HIDDEN;
    }
    if let Some(style) = crate::dom::attr(el, "style") {
        if is_hidden_style(style) {
            flags |= HIDDEN;
        }
    }
    if let Some(ip) = crate::dom::attr(el, "itemprop") {
        if contains_ci(ip, "articlebody") || ip.split_whitespace().any(|t| t.eq_ignore_ascii_case("text")) {
            flags |= POSITIVE | ITEMPROP_BODY;
        } else if contains_ci(ip, "caption") {
            flags |= CAPTION;
        }
    }
    if let Some(role) = crate::dom::attr(el, "role") {
        let r = role.trim();
        if ["navigation", "banner", "contentinfo", "complementary", "search", "dialog", "menu", "menubar"]
            .iter()
            .any(|n| r.eq_ignore_ascii_case(n))
        {
            flags |= NEGATIVE;
        }
    }
    if let Some(c) = crate::dom::attr(el, "class") {
        flags |= names.name_flags(c);
    }
    if let Some(id) = crate::dom::attr(el, "id") {
        flags |= names.name_flags(id);
        if is_comment_name(id) {
            flags |= COMMENT_MARK;
        }
    }
    if el.name() == "a" && crate::dom::attr(el, "name").is_some_and(is_comment_name) {
        flags |= COMMENT_MARK;
    }
    if flags & POSITIVE != 0 {
        // A body container that also carries a boilerplate word
        // ("article-body has-share-bar") is still the body.
        flags &= !NEGATIVE;
    }
    flags
}

fn is_comment_name(v: &str) -> bool {
    contains_ci(v, "comment") && !contains_ci(v, "commentar")
}

fn is_hidden_style(style: &str) -> bool {
    // Compare without spaces and case: "display : None".
    let mut compact = [0u8; 64];
    let mut n = 0;
    let bytes = style.as_bytes();
    let mut i = 0;
    let mut found = false;
    while i < bytes.len() {
        let b = bytes[i];
        i += 1;
        if b.is_ascii_whitespace() {
            continue;
        }
        if b == b';' {
            found |= is_hidden_decl(&compact[..n]);
            n = 0;
            continue;
        }
        if n < compact.len() {
            compact[n] = b.to_ascii_lowercase();
            n += 1;
        }
    }
    found || is_hidden_decl(&compact[..n])
}

fn is_hidden_decl(d: &[u8]) -> bool {
    d == b"display:none" || d == b"visibility:hidden" || d.starts_with(b"display:none!")
}

fn contains_ci(hay: &str, needle: &str) -> bool {
    hay.as_bytes().windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Compounds that name the story body. Matched on a token with separators
/// removed and lowercased ("c-article__body" → "carticlebody").
const BODY_COMPOUNDS: &[&str] = &[
    "articlebody",
    "articlecontent",
    "articletext",
    "articlecopy",
    "articleentry",
    "storybody",
    "storytext",
    "storycontent",
    "storycopy",
    "entrycontent",
    "entrybody",
    "entrytext",
    "postcontent",
    "postbody",
    "posttext",
    "postentry",
    "contentbody",
    "bodytext",
    "bodycopy",
    "bodycontent",
    "newsbody",
    "newstext",
    "newscontent",
    "mainarticle",
    "articlemain",
    "blogpost",
];

/// Boilerplate words that must be a whole word of the class name.
const NEGATIVE_WORDS: &[&str] = &[
    "ad",
    "ads",
    "adv",
    // Ad slots named in Spanish, Portuguese and German.
    "publi",
    "publicidad",
    "publicidade",
    "werbung",
    "anzeige",
    "adslot",
    "adunit",
    "adsense",
    "adbox",
    "advert",
    "dfp",
    "nav",
    "navbar",
    "menu",
    "menus",
    "footer",
    "header",
    "masthead",
    "sidebar",
    "aside",
    "rail",
    "widget",
    "widgets",
    "breadcrumb",
    "breadcrumbs",
    "crumbs",
    "tags",
    "taglist",
    "tagcloud",
    "keywords",
    "topics",
    "byline",
    "bylines",
    "author",
    "authors",
    "dateline",
    "timestamp",
    "date",
    "time",
    "published",
    "meta",
    "metadata",
    "invisible",
    "modal",
    "popup",
    "overlay",
    "cookie",
    "cookies",
    "consent",
    "login",
    "signin",
    "register",
    "skip",
    "pagination",
    "pager",
    "email",
    "mail",
    "rss",
    "bio",
    "toolbar",
    "tools",
    "copyright",
    "disclaimer",
    "credit",
    "credits",
    "links",
    "more",
    "tweet",
    "twitter",
    "facebook",
    "instagram",
    "tiktok",
    "banner",
    "latest",
    "headlines",
    "teaser",
    "teasers",
    "ticker",
    "feedback",
    "rating",
    "ratings",
    "poll",
    "jump",
    "search",
    "follow",
    "reactions",
    "contact",
    "alert",
];

/// Boilerplate word stems: a class word starting with one counts
/// ("comments", "sharing", "relatedStories" → "related").
const NEGATIVE_PREFIXES: &[&str] = &[
    "comment",
    "share",
    "sharing",
    "social",
    "related",
    "recommend",
    "promo",
    "sponsor",
    "advert",
    "newsletter",
    "subscri",
    "signup",
    "breadcrumb",
    "trending",
    "popular",
    "mostread",
    "mostpopular",
    "outbrain",
    "taboola",
    "disqus",
    "navigation",
    "sidebar",
    "footer",
    "recirc",
    "bookmark",
    "syndicat",
];

/// Substrings that mark boilerplate even inside a compound token
/// ("articlecomments", "storyshare").
const NEGATIVE_INFIXES: &[&str] = &[
    "comments",
    "related",
    "sharebar",
    "sharing",
    "socialshare",
    "sharetools",
    "newsletter",
    "breadcrumb",
    "sidebar",
    "outbrain",
    "taboola",
    "advert",
    "disqus",
    "recommended",
    "mostpopular",
    "mostread",
];

/// Class tokens that only say what an element *has*, not what it is
/// ("has-sidebar", "no-comments", "with-ads"). Skipped.
const STATE_PREFIXES: &[&str] = &["has-", "has_", "no-", "no_", "with-", "without-", "is-", "show-", "enable", "js-"];

/// Flags of a `class` or `id` value.
pub(super) fn name_flags(value: &str) -> u16 {
    let mut flags = 0;
    for token in value.split_ascii_whitespace() {
        if STATE_PREFIXES.iter().any(|p| starts_with_ci(token, p)) || token.len() > 64 {
            continue;
        }
        // Lowercased, separators removed; tokens are short (≤ 64 bytes).
        let mut buf = [0u8; 64];
        let mut n = 0;
        for b in token.bytes() {
            if b.is_ascii_alphanumeric() {
                buf[n] = b.to_ascii_lowercase();
                n += 1;
            }
        }
        let compound = &buf[..n];
        if BODY_COMPOUNDS.iter().any(|c| contains(compound, c.as_bytes())) && !contains(compound, b"copyright") {
            flags |= POSITIVE;
            continue;
        }
        // Caption class names in the languages of the outlets we see most:
        // pie de foto, Bildunterschrift, légende, didascalia, bijschrift.
        if contains(compound, b"caption")
            || [&b"piefoto"[..], b"piedefoto", b"bildunterschrift", b"legende", b"didascalia", b"bijschrift"]
                .iter()
                .any(|c| contains(compound, c))
        {
            flags |= CAPTION;
            continue;
        }
        if compound.starts_with(b"commentar") {
            // "commentary" is an opinion story, not reader comments.
            continue;
        }
        if NEGATIVE_INFIXES.iter().any(|c| contains(compound, c.as_bytes())) {
            flags |= NEGATIVE;
            continue;
        }
        // Machine-made names ("ctl00_ContentPlaceHolder_article_NavWebPart")
        // string many words together; single words in them mean little.
        let mut word_count = 0;
        for_each_word(token, |_| word_count += 1);
        if word_count > 4 {
            continue;
        }
        for_each_word(token, |w| {
            if NEGATIVE_WORDS.iter().any(|n| w == n.as_bytes())
                || NEGATIVE_PREFIXES.iter().any(|p| w.starts_with(p.as_bytes()))
            {
                flags |= NEGATIVE;
            }
        });
        // "tag" alone is boilerplate, but WordPress puts "tag-<slug>" on
        // every post container, so only the bare token counts.
        // Likewise bare "hidden" (Bootstrap's "hidden-xs" only hides on
        // small screens) and screen-reader-only text.
        if matches!(compound, b"tag" | b"hidden" | b"hide" | b"sronly" | b"visuallyhidden" | b"screenreadertext") {
            flags |= NEGATIVE;
        }
    }
    flags
}

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.len() >= needle.len() && hay.windows(needle.len()).any(|w| w == needle)
}

/// Calls `f` with each lowercased word of a class token: words are split at
/// non-alphanumeric bytes and at lower→upper case changes ("shareTools").
fn for_each_word(token: &str, mut f: impl FnMut(&[u8])) {
    let mut buf = [0u8; 64];
    let mut n = 0;
    let mut prev_lower = false;
    for b in token.bytes() {
        let boundary = !b.is_ascii_alphanumeric() || (prev_lower && b.is_ascii_uppercase());
        if boundary && n > 0 {
            f(&buf[..n]);
            n = 0;
        }
        if b.is_ascii_alphanumeric() && n < buf.len() {
            buf[n] = b.to_ascii_lowercase();
            n += 1;
        }
        prev_lower = b.is_ascii_lowercase() || b.is_ascii_digit();
    }
    if n > 0 {
        f(&buf[..n]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_words() {
        assert_eq!(name_flags("share-tools"), NEGATIVE);
        assert_eq!(name_flags("shareTools"), NEGATIVE);
        assert_eq!(name_flags("leader"), 0);
        assert_eq!(name_flags("post tag-politics category-news"), 0);
        assert_eq!(name_flags("c-article__body"), POSITIVE);
        assert_eq!(name_flags("has-sidebar"), 0);
        assert_eq!(name_flags("commentary"), 0);
        assert_eq!(name_flags("articleComments"), NEGATIVE);
        assert_eq!(name_flags("wp-caption-text"), CAPTION);
        assert_eq!(name_flags("ad"), NEGATIVE);
    }

    #[test]
    fn hidden_styles() {
        assert!(is_hidden_style("color:red; display : None"));
        assert!(!is_hidden_style("display:block"));
    }
}
