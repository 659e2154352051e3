//! Article metadata from the page, combined in a fixed order of trust:
//! JSON-LD, then OpenGraph / meta tags, then `<time>` elements and bylines in
//! the page, then the URL path. `docs/extraction.md` documents the order
//! field by field.

mod byline;
mod date;
mod jsonld;
mod language;
mod region;
mod scan;

use chrono::{DateTime, Utc};
use newsdesk_model::PubDate;
use scraper::Html;
use serde_json::Value;
use url::Url;

use self::date::{Bound, NumericOrder};
use self::jsonld::Graph;
pub(crate) use self::scan::may_hold_script_dates;
use self::scan::{DatedElement, Scan};

/// Everything the page says about the article apart from its body.
#[derive(Debug, Default, Clone)]
pub(crate) struct Metadata {
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<PubDate>,
    pub modified: Option<PubDate>,
    pub site_name: Option<String>,
    pub canonical_url: Option<String>,
    pub image: Option<String>,
    /// `<html lang>` / `content-language`, normalised to ISO 639-1.
    pub declared_language: Option<String>,
    pub description: Option<String>,
    /// JSON-LD `articleBody`, handed to the body extractor as a hint.
    pub json_ld_body: Option<String>,
}

/// Meta tags that give the publication time, most trusted first. Open Graph
/// article tags and the schema.org itemprop are explicit about meaning the
/// original publication; `date`/`dc.date` are vaguer and come last.
const PUBLISHED_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "datepublished",
    "og:published_time",
    "published_time",
    "article.published",
    "parsely-pub-date",
    "sailthru.date",
    "citation_publication_date",
    "citation_date",
    "citation_online_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "datecreated",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "published-date",
    "publication_date",
    "publication-date",
    "original-publish-date",
    "article_date_original",
    "cxenseparse:recs:publishtime",
    "date.available",
    "bt:pubdate",
    "og:pubdate",
    "displaydate",
    "dc.date",
    "dcterms.date",
    "date",
    "created",
    "creation_date",
    "content_pubdate",
    "release_date",
    "live_date",
    "timestamp",
];
/// The meta tags among [`PUBLISHED_KEYS`] whose name leaves no doubt that they
/// mean the original publication.
const EXPLICIT_PUBLISHED_KEYS: &[&str] =
    &["article:published_time", "og:article:published_time", "datepublished", "og:published_time"];

/// Meta tags that give the last modification.
const MODIFIED_KEYS: &[&str] = &[
    "article:modified_time",
    "og:article:modified_time",
    "article:modified",
    "datemodified",
    "og:updated_time",
    "modified_time",
    "dc.date.modified",
    "dcterms.modified",
    "last-modified",
    "lastmod",
    "revision_date",
    "article.updated",
    "parsely-updated",
    "sailthru.lastmodified",
    "updated",
];
/// Meta tags that name the author(s). `article:author` is often a profile URL;
/// the byline cleaner drops those.
const AUTHOR_KEYS: &[&str] = &[
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "citation_author",
    "byl",
    "cxenseparse:author",
    "og:article:author",
    "article.author",
];

/// Reads the metadata. `crawl_time` bounds dates: nothing after it is accepted.
pub(crate) fn extract_metadata(doc: &Html, url: Option<&Url>, crawl_time: Option<DateTime<Utc>>) -> Metadata {
    let scan = scan::scan(doc);
    let roots: Vec<Value> = scan.ld_json.iter().flat_map(|t| jsonld::parse_script(t)).collect();
    let graph = Graph::new(roots);
    let article = graph.article();
    let mut m = Metadata::default();

    // Language first: it decides how numeric dates are read.
    let declared_raw = scan
        .html_lang
        .as_deref()
        .filter(|l| !l.trim().is_empty())
        .or_else(|| scan.meta(&["content-language", "language", "dc.language", "dcterms.language", "og:locale"]))
        .or_else(|| article.and_then(|a| jsonld::str_field(a, "inLanguage")));
    m.declared_language = declared_raw.and_then(language::normalize_tag);
    let order = numeric_order(declared_raw, scan.meta(&["og:locale"]), url);

    m.site_name = scan
        .meta(&["og:site_name"])
        .map(str::to_string)
        .or_else(|| {
            article
                .and_then(|a| a.get("publisher"))
                .and_then(|p| jsonld::str_field(graph.resolve(p), "name"))
                .map(str::to_string)
        })
        .or_else(|| {
            scan.meta(&["application-name", "apple-mobile-web-app-title", "al:ios:app_name"]).map(str::to_string)
        })
        .or_else(|| graph.name_of_type(&["website", "newsmediaorganization", "organization"]).map(str::to_string))
        .map(|s| crate::dom::normalize_space(&s))
        .filter(|s| !s.is_empty());

    m.title = title(&scan, article, m.site_name.as_deref(), url);
    if m.site_name.is_none() {
        m.site_name = scan.title.as_deref().zip(m.title.as_deref()).and_then(|(raw, t)| site_from_title(raw, t));
    }

    m.description = scan
        .meta(&["og:description", "description", "twitter:description", "dc.description"])
        .or_else(|| article.and_then(|a| jsonld::str_field(a, "description")))
        .map(crate::dom::normalize_space)
        .filter(|s| !s.is_empty());

    m.canonical_url = scan
        .canonical
        .as_deref()
        .and_then(|c| absolute(c, url))
        .or_else(|| scan.meta(&["og:url"]).and_then(|c| absolute(c, url)))
        .or_else(|| article.and_then(|a| jsonld::str_field(a, "url")).and_then(|c| absolute(c, url)));

    m.image = scan
        .meta(&["og:image", "og:image:url", "og:image:secure_url"])
        .and_then(|c| absolute(c, url))
        .or_else(|| {
            article
                .and_then(|a| a.get("image"))
                .and_then(|i| jsonld::url_field(&graph, i))
                .and_then(|c| absolute(c, url))
        })
        .or_else(|| scan.meta(&["twitter:image", "twitter:image:src"]).and_then(|c| absolute(c, url)))
        .or_else(|| scan.image_src.as_deref().and_then(|c| absolute(c, url)));

    m.json_ld_body = article
        .and_then(|a| jsonld::str_field(a, "articleBody"))
        .map(crate::dom::normalize_space)
        .filter(|s| !s.is_empty());

    m.authors = authors(&scan, &graph, article, m.site_name.as_deref());

    let bound = Bound { crawl: crawl_time.unwrap_or_else(Utc::now) };
    let (published, modified) = dates(doc, &scan, article, url, order, bound, !m.authors.is_empty());
    m.published = published;
    m.modified = modified;
    m
}

/// The language of `text` (ISO 639-1), trusting a declared language unless
/// detection is confident it is wrong.
pub(crate) fn detect_language(text: &str, declared: Option<&str>) -> Option<String> {
    language::detect(text, declared)
}

/// `mm/dd/yyyy` is read month first only on pages that say they are US
/// English; everywhere else day first (dots always mean day first).
fn numeric_order(lang: Option<&str>, locale: Option<&str>, url: Option<&Url>) -> NumericOrder {
    let norm = |s: &str| s.trim().to_ascii_lowercase().replace('_', "-");
    let lang = lang.map(norm);
    let locale = locale.map(norm);
    if lang.as_deref() == Some("en-us") || locale.as_deref() == Some("en-us") {
        return NumericOrder::MonthFirst;
    }
    let host = url.and_then(|u| u.host_str()).unwrap_or("");
    let us_host = [".us", ".gov", ".edu", ".mil"].iter().any(|t| host.ends_with(t));
    let plain_en = !matches!(lang.as_deref(), Some(l) if l != "en");
    if us_host && plain_en {
        return NumericOrder::MonthFirst;
    }
    NumericOrder::DayFirst
}

/// Resolves a URL from the page against the page's own URL; only http(s) results.
fn absolute(s: &str, base: Option<&Url>) -> Option<String> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let u = match base {
        Some(b) => b.join(s).ok()?,
        None => Url::parse(s).ok()?,
    };
    matches!(u.scheme(), "http" | "https").then(|| u.to_string())
}

/// Separators between a headline and the site name in titles.
const TITLE_SEPARATORS: &[&str] =
    &[" | ", " - ", " – ", " — ", " :: ", " • ", " · ", " « ", " » ", " / ", " ‹ ", " › ", " ~ "];

/// Letters and digits only, lower-cased: "The Daily-News" ~ "thedailynews".
fn squash(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Whether `part` of a title names the site: equal to or inside the site name
/// or the host ("nytimes.com" ~ "The New York Times" fails, "NYTimes" passes).
fn names_site(part: &str, site: Option<&str>, host: &str) -> bool {
    let p = squash(part);
    if p.is_empty() {
        return false;
    }
    if let Some(s) = site.map(squash).filter(|s| !s.is_empty()) {
        if p == s || s.contains(&p) || p.contains(&s) {
            return true;
        }
    }
    let host = host.strip_prefix("www.").unwrap_or(host);
    let h = squash(host.split('.').next().unwrap_or(""));
    let full = squash(host);
    p.len() >= 3 && (h.contains(&p) || p.contains(&h) && !h.is_empty() || full == p)
}

/// Removes " - Site Name" / "Site | " from a title. `aggressive` (for the
/// `<title>` element) also drops a short trailing segment that does not name
/// the site, since `<title>` nearly always ends with a site or section name.
fn strip_site(title: &str, site: Option<&str>, host: &str, aggressive: bool) -> String {
    let mut t = title.trim().to_string();
    for _ in 0..3 {
        let mut changed = false;
        for sep in TITLE_SEPARATORS {
            if let Some(i) = t.rfind(sep) {
                let (head, tail) = (&t[..i], &t[i + sep.len()..]);
                let short_tail = tail.split_whitespace().count() <= 4 && head.split_whitespace().count() >= 4;
                if !head.trim().is_empty() && (names_site(tail, site, host) || (aggressive && short_tail)) {
                    t = head.trim().to_string();
                    changed = true;
                    break;
                }
            }
            if let Some(i) = t.find(sep) {
                let (head, tail) = (&t[..i], &t[i + sep.len()..]);
                if !tail.trim().is_empty() && names_site(head, site, host) && tail.split_whitespace().count() >= 3 {
                    t = tail.trim().to_string();
                    changed = true;
                    break;
                }
            }
        }
        if !changed {
            break;
        }
    }
    t
}

fn title(scan: &Scan, article: Option<&Value>, site: Option<&str>, url: Option<&Url>) -> Option<String> {
    let host = url.and_then(|u| u.host_str()).unwrap_or("");
    let clean = |s: &str, aggressive: bool| {
        let s = crate::dom::normalize_space(s);
        let s = strip_site(&s, site, host, aggressive);
        (!s.is_empty()).then_some(s)
    };
    let h1 = scan.h1.as_deref().and_then(|h| clean(h, false));
    let candidates = [
        scan.meta(&["og:title"]).and_then(|t| clean(t, false)),
        article.and_then(|a| jsonld::str_field(a, "headline")).and_then(|t| clean(t, false)),
        h1.clone(),
        scan.meta(&["twitter:title", "dc.title", "citation_title", "headline"]).and_then(|t| clean(t, false)),
    ];
    if let Some(t) = candidates.into_iter().flatten().next() {
        return Some(t);
    }
    let t = scan.title.as_deref().and_then(|t| clean(t, true))?;
    Some(t)
}

fn authors(scan: &Scan, graph: &Graph, article: Option<&Value>, site: Option<&str>) -> Vec<String> {
    if let Some(a) = article {
        let raw: Vec<String> =
            ["author", "creator"].iter().filter_map(|k| a.get(*k)).flat_map(|v| jsonld::authors(graph, v)).collect();
        let names = byline::clean_authors(raw.iter().map(String::as_str), site);
        if !names.is_empty() {
            return names;
        }
    }
    for key in AUTHOR_KEYS {
        let names = byline::clean_authors(scan.metas_of(key), site);
        if !names.is_empty() {
            return names;
        }
    }
    let names = byline::clean_authors(scan.author_texts.iter().chain(&scan.byline_texts).map(String::as_str), site);
    if !names.is_empty() {
        return names;
    }
    scan.date_elements
        .iter()
        .filter(|e| !e.boilerplate)
        .map(|e| byline::names_after_by(&e.text))
        .find(|n| !n.is_empty())
        .unwrap_or_default()
}

/// The site name from a `<title>` of the form "Site :: Headline" or
/// "Headline - Site", when the headline part is the page's title.
fn site_from_title(raw_title: &str, headline: &str) -> Option<String> {
    let h = squash(headline);
    TITLE_SEPARATORS.iter().find_map(|sep| {
        let (a, b) = raw_title.split_once(sep)?;
        let site = if squash(b) == h {
            a
        } else if squash(a) == h {
            b
        } else {
            return None;
        };
        let site = site.trim();
        (!site.is_empty() && site.split_whitespace().count() <= 6).then(|| site.to_string())
    })
}

/// A dated element's values: its machine attribute, then the dates in its text.
fn element_dates(e: &DatedElement, order: NumericOrder, bound: Bound) -> impl Iterator<Item = PubDate> {
    let machine = e.machine.as_deref().and_then(|m| date::parse_machine(m, order));
    let text =
        if e.text.bytes().any(|b| b.is_ascii_digit()) { date::all_text_dates(&e.text, order, 3) } else { Vec::new() };
    machine.into_iter().chain(text).filter(move |d| bound.accepts(d))
}

/// Whether a date is stated in UTC: its calendar day may not be the
/// publisher's, who usually lives in another time zone.
fn is_utc(d: &PubDate) -> bool {
    matches!(d, PubDate::Zoned(z) if z.offset().local_minus_utc() == 0)
}

/// Whether a zoned time is exactly midnight in its own offset.
fn is_midnight(d: &PubDate) -> bool {
    matches!(d, PubDate::Zoned(z) if z.time() == chrono::NaiveTime::MIN)
}

/// Whether the page presents itself as an article: article markup
/// (`<article>`, an Article `itemtype`, JSON-LD article, `og:type`
/// article), a byline, or a headline with dated elements around it.
fn looks_like_article(scan: &Scan, article: Option<&Value>, has_byline: bool) -> bool {
    article.is_some()
        || scan.article_markup
        || scan.meta(&["og:type"]).is_some_and(|t| t.to_ascii_lowercase().contains("article"))
        || has_byline
        || !scan.times.is_empty()
        || !scan.date_elements.is_empty()
}

/// Where the page says it is from, strongest first: locale and language
/// tags with a region, the country-code domain, then the bare language.
fn region_signals(scan: &Scan, url: Option<&Url>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let host = url.and_then(|u| u.host_str().map(str::to_string)).or_else(|| {
        scan.canonical
            .iter()
            .map(String::as_str)
            .chain(scan.meta(&["og:url"]))
            .find_map(|c| Url::parse(c).ok()?.host_str().map(str::to_string))
    });
    if let Some(tld) = host.as_deref().and_then(|h| h.rsplit('.').next()) {
        out.push(format!("tld:{}", tld.to_ascii_lowercase()));
    }
    for tag in [
        scan.meta(&["og:locale"]),
        scan.html_lang.as_deref(),
        scan.meta(&["content-language", "dc.language", "language"]),
    ]
    .into_iter()
    .flatten()
    {
        out.push(format!("tag:{}", tag.trim().to_ascii_lowercase().replace('_', "-")));
    }
    out
}

/// Whether `local` can state the same moment as the zoned time `utc`: the
/// same instant (to the minute) when it has an offset, else a day or local
/// time that some newsroom's time zone gives that instant (UTC-10, Hawaii,
/// to UTC+14; nobody publishes news from the uninhabited UTC-12/-11 zones).
fn same_moment(utc: &PubDate, local: &PubDate) -> bool {
    let PubDate::Zoned(u) = utc else { return false };
    let earliest = u.naive_utc() - chrono::Duration::hours(10);
    let latest = u.naive_utc() + chrono::Duration::hours(14);
    match local {
        PubDate::Zoned(z) => (z.timestamp() - u.timestamp()).abs() <= 60,
        PubDate::Local(l) => {
            *l >= earliest - chrono::Duration::minutes(1) && *l <= latest + chrono::Duration::minutes(1)
        }
        PubDate::Day(d) => *d >= earliest.date() && *d <= latest.date(),
    }
}

/// Publication and modification dates, each from the most trusted source that
/// gives a valid one (see `docs/extraction.md`).
fn dates(
    doc: &Html,
    scan: &Scan,
    article: Option<&Value>,
    url: Option<&Url>,
    order: NumericOrder,
    bound: Bound,
    has_byline: bool,
) -> (Option<PubDate>, Option<PubDate>) {
    let ok = |s: &str| date::parse_machine(s, order).filter(|d| bound.accepts(d));
    let elements = || scan.date_elements.iter().chain(scan.times.iter()).filter(|e| !e.boilerplate);

    let modified = article
        .and_then(|a| jsonld::str_field(a, "dateModified").and_then(ok))
        .or_else(|| MODIFIED_KEYS.iter().find_map(|k| scan.metas_of(k).find_map(ok)))
        .or_else(|| elements().filter(|e| e.says_modified).find_map(|e| element_dates(e, order, bound).next()));

    // Every published-date candidate, most trusted first; the lazy chain
    // means later sources are only read when the earlier ones are needed.
    // A wiki page's text is its latest revision: its JSON-LD
    // `datePublished` is when the page was created, years before.
    let wiki = scan.meta(&["generator"]).is_some_and(|g| g.trim_start().to_ascii_lowercase().starts_with("mediawiki"));
    let ld_keys: &[&str] = if wiki { &["dateModified"] } else { &["datePublished", "dateCreated", "uploadDate"] };
    let ld = article
        .into_iter()
        .flat_map(move |a| ld_keys.iter().filter_map(move |k| jsonld::str_field(a, k)))
        .filter_map(ok);
    // A video object is the article only for want of a better one (often
    // a teaser clip): the page's own meta tags come first then.
    let media = article.is_some_and(jsonld::is_media);
    let (ld_first, ld_late): (Vec<PubDate>, Vec<PubDate>) =
        if media { (Vec::new(), ld.collect()) } else { (ld.collect(), Vec::new()) };
    let metas = PUBLISHED_KEYS.iter().flat_map(|k| scan.metas_of(k)).filter_map(ok);
    let marked = elements().filter(|e| e.says_published).flat_map(|e| element_dates(e, order, bound));
    let times =
        scan.times.iter().filter(|e| !e.boilerplate && !e.says_modified).flat_map(|e| element_dates(e, order, bound));
    let others =
        elements().filter(|e| !e.says_modified && !e.says_published).flat_map(|e| element_dates(e, order, bound));
    let scripts = std::iter::once(()).flat_map(|()| scan::script_dates(doc, scan)).filter_map(|s| ok(&s));
    // JSON-LD and the explicit published-time meta tags are read together:
    // when they disagree, the earliest is the original publication (the
    // other is a republication or a local time mislabelled as UTC).
    let explicit: Vec<PubDate> = ld_first
        .into_iter()
        .chain(EXPLICIT_PUBLISHED_KEYS.iter().flat_map(|k| scan.metas_of(k)).filter_map(ok))
        .collect();
    let earliest = explicit.iter().min_by_key(|d| d.timestamp()).copied();
    // Last, elements that looked like page furniture: broken markup can put
    // a whole page inside an unclosed menu.
    let furniture = scan
        .date_elements
        .iter()
        .chain(scan.times.iter())
        .filter(|e| e.boilerplate && !e.says_modified)
        .flat_map(|e| element_dates(e, order, bound));
    let mut candidates = explicit
        .into_iter()
        .chain(metas)
        .chain(ld_late)
        .chain(marked)
        .chain(times)
        .chain(others)
        .chain(scripts)
        .chain(furniture);
    let mut best = candidates.next();
    if let (Some(b), Some(e)) = (best, earliest) {
        if e.day() != b.day() && b.timestamp() - e.timestamp() < 3 * 86_400 {
            best = Some(e);
        }
    }

    // The page URL's day, else the canonical URL's (a syndicated copy links
    // to the original, whose URL carries the original day).
    let canonical = scan
        .canonical
        .iter()
        .map(String::as_str)
        .chain(scan.meta(&["og:url"]))
        .filter_map(|c| absolute(c, url))
        .filter_map(|c| Url::parse(&c).ok());
    let url_day = url
        .and_then(date::url_date)
        .or_else(|| canonical.filter_map(|c| date::url_date(&c)).next())
        .filter(|d| bound.accepts(&PubDate::Day(*d)));
    if let Some(u) = url_day {
        // The URL's day is written once, in the publisher's time zone, when
        // the story is filed: a page date on another day is a UTC rendering,
        // a modification or another story's date. Keep the page's precision
        // when some source agrees with the URL.
        return match best {
            Some(b) if b.day() == u => (Some(b), modified),
            // An explicit time that no time zone puts on the URL's day: the
            // URL was made when the story was drafted, the page says when it
            // went out.
            Some(b @ PubDate::Zoned(_)) if b.day() > u && !same_moment(&b, &PubDate::Day(u)) => (Some(b), modified),
            Some(_) => (Some(candidates.find(|c| c.day() == u).unwrap_or(PubDate::Day(u))), modified),
            None => (Some(PubDate::Day(u)), modified),
        };
    }
    if let Some(b) = best.filter(is_utc) {
        // A UTC time near midnight may fall on another day than the one the
        // page shows its readers; a local statement of the same moment is
        // the publisher's own day.
        let same_moment = |c: &PubDate| same_moment(&b, c);
        let local = candidates.find(|c| !is_utc(c) && same_moment(c));
        if let Some(l) = local.or_else(|| text_date(doc, order, bound, 30_000).filter(|t| same_moment(t))) {
            if l.day() != b.day() {
                best = Some(l);
            }
        }
    }
    if let Some(b) = best.filter(|b| is_utc(b) && !is_midnight(b)) {
        // No local statement: a newsroom west of Greenwich (the Americas)
        // filed it on the day its own clock showed, which for an evening
        // story is the day before the UTC one. East of Greenwich the local
        // day is the later one, and the original publication is the
        // earliest day the instant had anywhere it was read, so the UTC day
        // stays. A bare midnight is a date written as an instant, not a
        // time of day.
        if let Some(off) = region::offset_for(&region_signals(scan, url), b.day()).filter(|o| o.local_minus_utc() < 0) {
            if let PubDate::Zoned(z) = b {
                best = Some(PubDate::Zoned(z.with_timezone(&off)));
            }
        }
    }
    // A date in the running text is a guess; on a page that does not present
    // itself as an article (a register entry, a listing) it is a wrong one.
    if best.is_none() && looks_like_article(scan, article, has_byline) {
        best = text_date(doc, order, bound, 100_000);
    }
    (best, modified)
}

/// A block of at most this many bytes that holds a date is a dateline
/// ("March 5, 2024", "By Ana Ruiz | 5 March 2024 10:15"), not running text.
const DATELINE_MAX: usize = 120;
/// How far (bytes of text) after a date in running text a dateline may
/// follow and still be preferred: a photo caption or a lead paragraph that
/// mentions an earlier day often sits just above the article's dateline.
const DATELINE_REACH: usize = 1500;

/// The date written in the page's visible text: the first after the
/// headline, else the first anywhere; a dateline (a date alone on its line)
/// soon after a date in running text is preferred to it. The last resort,
/// as dates in running text can be about anything.
fn text_date(doc: &Html, order: NumericOrder, bound: Bound, limit: usize) -> Option<PubDate> {
    // With page furniture left out first; then, in case broken markup put
    // the story inside what looks like furniture, with everything.
    [true, false].into_iter().find_map(|skip_furniture| {
        let vt = scan::visible_text(doc, limit, skip_furniture);
        // (position, date, is a dateline), in page order: the first valid
        // date of each block.
        let found: Vec<(usize, PubDate, bool)> = vt
            .blocks
            .iter()
            .filter_map(|&(a, b)| {
                let block = vt.text.get(a..b)?;
                if !block.bytes().any(|c| c.is_ascii_digit()) {
                    return None;
                }
                let trimmed = block.trim();
                let (pos, d) = date::dated_positions(block, order, 8).into_iter().find(|(_, d)| bound.accepts(d))?;
                Some((a + pos, d, trimmed.len() <= DATELINE_MAX))
            })
            .take(200)
            .collect();
        let pick = |from: usize| {
            let first = found.iter().find(|(pos, _, _)| *pos >= from)?;
            if first.2 {
                return Some(first.1);
            }
            let dateline =
                found.iter().find(|(pos, _, line)| *line && *pos > first.0 && *pos - first.0 <= DATELINE_REACH);
            Some(dateline.unwrap_or(first).1)
        };
        vt.h1_at.and_then(pick).or_else(|| pick(0))
    })
}

#[cfg(test)]
mod speed {
    /// Times parsing against metadata on the pubdate-dev pages (or the
    /// `.html` files of `NEWSDESK_SPEED_DIR`):
    /// `cargo test --release -p newsdesk-extract meta::speed -- --ignored --nocapture`.
    #[test]
    #[ignore = "timing on a local dataset"]
    fn metadata_cost_per_page() {
        let dir = std::env::var_os("NEWSDESK_SPEED_DIR").map(std::path::PathBuf::from).unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/pubdate-dev/html")
        });
        let Ok(entries) = std::fs::read_dir(&dir) else {
            eprintln!("skipped: {} is absent", dir.display());
            return;
        };
        let pages: Vec<String> = entries.flatten().filter_map(|e| std::fs::read_to_string(e.path()).ok()).collect();
        let docs: Vec<_> = pages.iter().map(|p| crate::dom::parse(p)).collect();
        let t = std::time::Instant::now();
        for p in &pages {
            std::hint::black_box(crate::dom::parse(p));
        }
        let parse = t.elapsed().as_secs_f64() / pages.len() as f64;
        let crawl = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2021, 1, 1, 0, 0, 0).single();
        let t = std::time::Instant::now();
        for d in &docs {
            std::hint::black_box(super::extract_metadata(d, None, crawl));
        }
        let meta = t.elapsed().as_secs_f64() / pages.len() as f64;
        let t = std::time::Instant::now();
        for d in &docs {
            std::hint::black_box(super::scan::scan(d));
        }
        let scan = t.elapsed().as_secs_f64() / pages.len() as f64;
        let t = std::time::Instant::now();
        let mut n = 0usize;
        for d in &docs {
            for node in d.root_element().descendants() {
                if let Some(el) = scraper::ElementRef::wrap(node) {
                    n += el.value().attr("class").map_or(0, |c| c.len()) + el.value().name().len();
                }
            }
        }
        std::hint::black_box(n);
        let walk = t.elapsed().as_secs_f64() / pages.len() as f64;
        eprintln!("bare walk {:.3} ms", walk * 1e3);
        eprintln!(
            "{} pages: parse {:.3} ms, metadata {:.3} ms (scan {:.3} ms)",
            pages.len(),
            parse * 1e3,
            meta * 1e3,
            scan * 1e3
        );
    }
}
