//! `gen-corpus`: a synthetic news corpus for the search benchmark, written
//! as JSONL article records, streamed (one article in memory at a time) and
//! deterministic given the seed.
//!
//! - Vocabulary: 50,000 pronounceable pseudo-words (a fixed function of the
//!   rank, independent of the seed, so `search-bench` can name words by rank)
//!   drawn with Zipfian frequencies (s = 1.05), plus the language's function
//!   words for about 40% of the tokens.
//! - Topics: 800 topics of 40 mid-frequency words each; an article draws 15%
//!   of its words from its topic, so similar articles exist.
//! - Entities: 3,000 two-word capitalised names with Zipfian popularity; an
//!   article mentions one to four of them several times (phrases and AND
//!   queries have realistic selectivity).
//! - Length: log-normal, median 500 words (5th-95th percentile ~300-820);
//!   sentences of 8-25 words, paragraphs of 2-5 sentences joined by "\n\n".
//! - 300 outlets with Zipfian popularity, each with a country and a language
//!   (en 85%, de 6%, fr 5%, es 4%); published uniformly over 2025.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

pub const VOCAB: usize = 50_000;
pub const ENTITIES: usize = 3_000;
pub const SOURCES: usize = 300;
const TOPICS: usize = 800;
const TOPIC_WORDS: usize = 40;

/// xorshift64*: small, fast, deterministic.
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        // splitmix64 of the seed, never zero
        let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Rng((z ^ (z >> 31)) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// Uniform in [0, 1).
    pub fn f64(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 32) * n as u64) >> 32) as usize
    }
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    pub fn normal(&mut self) -> f64 {
        let u1 = self.f64().max(1e-12);
        let u2 = self.f64();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }
}

/// Zipf sampler over ranks 0..n (weight 1/(r+1)^s), by binary search over
/// the cumulative weights.
pub struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    pub fn new(n: usize, s: f64) -> Zipf {
        let mut acc = 0.0;
        let cumulative = (0..n)
            .map(|r| {
                acc += 1.0 / ((r + 1) as f64).powf(s);
                acc
            })
            .collect();
        Zipf { cumulative }
    }
    pub fn sample(&self, rng: &mut Rng) -> usize {
        let x = rng.f64() * self.cumulative[self.cumulative.len() - 1];
        self.cumulative.partition_point(|&c| c <= x).min(self.cumulative.len() - 1)
    }
}

const ONSETS: &[&str] = &[
    "b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "cr", "dr", "gr", "pr", "tr",
    "st", "sp", "ch", "sh", "th", "pl", "bl", "fl",
];
const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ai", "ea", "ou", "io", "y"];
const CODAS: &[&str] = &["", "", "", "n", "r", "s", "l", "m", "t", "nd", "rk", "st", "x", "ng"];

/// The pseudo-word of vocabulary rank `r`: a fixed function of `r`, distinct
/// for distinct ranks (the rank is spelled in syllables, base 30·10·14).
pub fn word(r: usize) -> String {
    // Frequent words are short: one syllable for the first ranks.
    let mut n = r;
    let mut s = String::new();
    loop {
        let syl = n % (ONSETS.len() * VOWELS.len() * CODAS.len());
        n /= ONSETS.len() * VOWELS.len() * CODAS.len();
        s.push_str(ONSETS[syl % ONSETS.len()]);
        s.push_str(VOWELS[(syl / ONSETS.len()) % VOWELS.len()]);
        s.push_str(CODAS[syl / (ONSETS.len() * VOWELS.len())]);
        if n == 0 {
            break;
        }
        n -= 1;
    }
    s
}

/// Entity `e`: a capitalised two-word name (person, place or organisation).
pub fn entity(e: usize) -> String {
    let cap = |w: String| {
        let mut c = w.chars();
        c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
    };
    let kinds = ["", "", " Ministry", " Group", " Province", " United", ""];
    // Entity words come from a separate range of ranks (past the vocabulary).
    format!("{} {}{}", cap(word(VOCAB + 2 * e)), cap(word(VOCAB + 2 * e + 1)), kinds[e % kinds.len()])
}

/// Outlet `i`: name, country, language.
pub fn source(i: usize) -> (String, &'static str, &'static str) {
    const KINDS: &[&str] =
        &["Times", "Herald", "Post", "Courier", "Gazette", "Tribune", "Journal", "Wire", "Daily", "Observer"];
    // (language, countries) weighted so that articles come out ~85/6/5/4
    // (popular outlets are mostly English).
    let (lang, countries): (&str, &[&str]) = match i % 20 {
        5 | 13 => ("de", &["DE", "AT", "CH"]),
        7 | 17 => ("fr", &["FR", "BE", "CA"]),
        9 => ("es", &["ES", "MX", "AR"]),
        _ => ("en", &["GB", "US", "IE", "AU", "CA", "IN", "NZ", "ZA"]),
    };
    let name = format!("The {} {}", entity(ENTITIES + i).split(' ').next().unwrap_or("X"), KINDS[i % KINDS.len()]);
    (name, countries[i % countries.len()], lang)
}

fn function_words(lang: &str) -> &'static [&'static str] {
    match lang {
        "de" => &[
            "der", "die", "und", "in", "den", "von", "zu", "das", "mit", "sich", "des", "auf", "für", "ist", "im",
            "dem", "nicht", "ein", "eine", "als", "auch", "es", "an", "werden", "aus", "er", "hat", "dass", "sie",
            "nach",
        ],
        "fr" => &[
            "de", "la", "le", "et", "les", "des", "en", "un", "du", "une", "que", "est", "pour", "qui", "dans", "a",
            "par", "plus", "pas", "au", "sur", "ne", "se", "ce", "il", "sont", "avec", "son", "ont", "aux",
        ],
        "es" => &[
            "de", "la", "que", "el", "en", "y", "a", "los", "se", "del", "las", "un", "por", "con", "no", "una", "su",
            "para", "es", "al", "lo", "como", "más", "pero", "sus", "le", "ya", "o", "fue", "este",
        ],
        _ => &[
            "the", "of", "and", "to", "a", "in", "is", "that", "for", "it", "as", "was", "with", "be", "by", "on",
            "not", "he", "this", "are", "or", "his", "from", "at", "which", "but", "have", "an", "had", "they", "you",
            "were", "their", "one", "all", "we", "can", "her", "has", "there", "been", "if", "more", "when", "will",
            "would", "who", "so", "no", "said",
        ],
    }
}

/// Everything a corpus is drawn from.
pub struct Model {
    pub words: Vec<String>,
    pub word_zipf: Zipf,
    pub entities: Vec<String>,
    pub entity_zipf: Zipf,
    pub sources: Vec<(String, &'static str, &'static str)>,
    pub source_zipf: Zipf,
    topics: Vec<Vec<usize>>,
}

impl Model {
    /// The vocabulary, entities and outlets are fixed; the topics depend on
    /// `seed` (drawn from it first).
    pub fn new(seed: u64) -> Model {
        let mut rng = Rng::new(seed ^ 0x7091c5);
        let topics = (0..TOPICS).map(|_| (0..TOPIC_WORDS).map(|_| rng.range(200, 20_000)).collect()).collect();
        Model {
            words: (0..VOCAB).map(word).collect(),
            word_zipf: Zipf::new(VOCAB, 1.05),
            entities: (0..ENTITIES).map(entity).collect(),
            entity_zipf: Zipf::new(ENTITIES, 1.0),
            sources: (0..SOURCES).map(source).collect(),
            source_zipf: Zipf::new(SOURCES, 1.0),
            topics,
        }
    }
}

/// Article `i` of the corpus as a JSON record.
pub fn article(m: &Model, rng: &mut Rng, i: usize, out: &mut String) {
    let s = m.source_zipf.sample(rng);
    let (ref outlet, country, lang) = m.sources[s];
    let fw = function_words(lang);
    let topic = &m.topics[rng.below(TOPICS)];
    let ents: Vec<&str> = (0..rng.range(1, 4)).map(|_| m.entities[m.entity_zipf.sample(rng)].as_str()).collect();
    let words = ((500f64).ln() + 0.3 * rng.normal()).exp().clamp(120.0, 2_000.0) as usize;

    let pick = |rng: &mut Rng| pick(m, fw, topic, rng);

    let mut title = String::new();
    let tn = rng.range(6, 12);
    let tent = rng.below(tn);
    for k in 0..tn {
        if k > 0 {
            title.push(' ');
        }
        if k == tent {
            title.push_str(ents[0]);
        } else {
            title.push_str(pick(rng));
        }
    }
    capitalise_first(&mut title);

    let mut text = String::with_capacity(words * 7);
    let mut written = 0;
    while written < words {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        for sentence in 0..rng.range(2, 5) {
            if sentence > 0 {
                text.push(' ');
            }
            let start = text.len();
            let n = rng.range(8, 25);
            for k in 0..n {
                if k > 0 {
                    text.push_str(if rng.below(12) == 0 { ", " } else { " " });
                }
                if rng.below(25) == 0 {
                    text.push_str(ents[rng.below(ents.len())]);
                    written += 2;
                } else {
                    text.push_str(pick(rng));
                    written += 1;
                }
            }
            text.push('.');
            capitalise_at(&mut text, start);
        }
    }

    // Published: uniform over 2025, to the second, UTC or an outlet offset.
    let t = 1_735_689_600 + rng.below(365 * 86_400) as i64;
    let published = match country {
        "DE" | "AT" | "CH" | "FR" | "BE" | "ES" => {
            chrono::DateTime::from_timestamp(t + 3600, 0).map(|d| d.format("%Y-%m-%dT%H:%M:%S+01:00").to_string())
        }
        _ => chrono::DateTime::from_timestamp(t, 0).map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
    }
    .unwrap_or_default();
    let slug: String = title.split(' ').take(5).collect::<Vec<_>>().join("-").to_lowercase();
    let record = serde_json::json!({
        "id": format!("syn-{i:08}"),
        "url": format!("https://{}.example/{}/{slug}-{i}", outlet.to_lowercase().replace(' ', "-"), &published[..10]),
        "title": title,
        "text": text,
        "published": published,
        "source": outlet,
        "language": lang,
        "country": country,
    });
    out.clear();
    out.push_str(&record.to_string());
}

/// One body word: a function word (40%), a topic word (15%) or any word.
fn pick<'a>(m: &'a Model, fw: &'static [&'static str], topic: &[usize], rng: &mut Rng) -> &'a str {
    let x = rng.f64();
    if x < 0.40 {
        fw[Zipf::quick(rng, fw.len())]
    } else if x < 0.55 {
        &m.words[topic[rng.below(topic.len())]]
    } else {
        &m.words[m.word_zipf.sample(rng)]
    }
}

impl Zipf {
    /// A cheap Zipf-ish draw over a short list (function words): the minimum
    /// of two uniforms favours low ranks.
    fn quick(rng: &mut Rng, n: usize) -> usize {
        rng.below(n).min(rng.below(n))
    }
}

fn capitalise_first(s: &mut String) {
    capitalise_at(s, 0)
}

fn capitalise_at(s: &mut String, at: usize) {
    if let Some(c) = s[at..].chars().next() {
        if c.is_lowercase() {
            let up: String = c.to_uppercase().collect();
            s.replace_range(at..at + c.len_utf8(), &up);
        }
    }
}

pub fn gen_corpus(count: usize, out: &Path, seed: u64) -> anyhow::Result<()> {
    let model = Model::new(seed);
    let mut rng = Rng::new(seed);
    let file = std::fs::File::create(out).with_context(|| out.display().to_string())?;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
    let mut line = String::new();
    let mut bytes = 0u64;
    for i in 0..count {
        article(&model, &mut rng, i, &mut line);
        w.write_all(line.as_bytes())?;
        w.write_all(b"\n")?;
        bytes += line.len() as u64 + 1;
    }
    w.flush()?;
    println!("wrote {count} articles ({:.1} MB) to {} (seed {seed})", bytes as f64 / 1e6, out.display());
    Ok(())
}
