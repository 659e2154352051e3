//! Key figures of an article: numbers with what they count, their unit or
//! currency, their period and the sentence they come from ("a record low of
//! 7,500 refugees for fiscal 2026", "$3.2 billion", "40 percent of voters",
//! "dozens of embassies"), in English, German, French and Spanish.
//!
//! ```
//! let text = "The cap is a record low of 7,500 refugees for fiscal 2026, down from 100,000 in fiscal 2024.";
//! let figures = newsdesk_figures::find_figures(text, Some("en"));
//! let first = &figures[0];
//! assert_eq!(first.value, Some(7500.0));
//! assert_eq!(&text[first.counts.clone().unwrap()], "refugees");
//! assert_eq!(&text[first.period.clone().unwrap()], "fiscal 2026");
//! assert_eq!(figures[1].value, Some(100_000.0));
//! assert!(first.key);
//! ```
//!
//! ## What is read
//!
//! - **Numbers** in digits with the article language's separators ("7,500",
//!   "3.2"; German/French/Spanish "7.500", "3,5", French "7 500"; a single
//!   separator followed by three digits is grouping in English and decimal
//!   elsewhere only for the comma), and in words ("two million", "a
//!   dozen", "twenty-five", "drei", "une centaine" = about 100), with scale
//!   words ("billion", "bn", "$5m", "50k", "Mio.", "Mrd.", "milliards", "mil
//!   millones"; German and French "Billion" are 10^12).
//! - **Units**: percent ("%", "percent", "per cent", "Prozent", "pour
//!   cent", "por ciento"), percentage and basis points, currencies from
//!   symbols ("$", "US$", "C$", "€", "£", "¥" read as JPY), ISO codes and
//!   words ("euros", "yen", "Canadian dollars"; "pounds" and "won" are
//!   money only after a scale word, else "pounds" is a weight), measures
//!   (km, m, kg, tonnes, litres, barrels, hectares, degrees, MW, years,
//!   days, ... including "5-year").
//! - **What it counts**: the head of the noun phrase after the number or
//!   after "of"/"de"/"der" ("7,500 Syrian refugees", "40 percent of the
//!   vote", "des milliers de réfugiés"). A bare number after "from", "to",
//!   "and", "than" takes the previous figure's noun and unit in the same
//!   sentence ("7,500 refugees, down from 100,000").
//! - **Qualifiers** ([`Approx`]): "about", "some", "an estimated" are
//!   `About`; "more than", "over", "at least" are `Over`; "less than", "up
//!   to", "nearly", "almost" are `Under`; likewise "rund", "mehr als",
//!   "environ", "plus de", "unos", "más de"...
//! - **Vague quantities** (`vague`, no value): "dozens of", "hundreds of",
//!   "tens of thousands of", "several thousand", "a few hundred",
//!   "Tausende", "des dizaines de", "miles de". They need what they count.
//! - **Periods**: "fiscal 2026", "fiscal year 2026", "FY2026", "in 2024"
//!   right after the figure.
//!
//! Not figures: years used as dates ("in 2024", "the 2024 election"; a
//! bare year-like number counts only with a qualifier, currency, unit or a
//! counted noun not preceded by a date word), days of the month ("March 3",
//! "3. März", "3 de marzo"), clock times ("10:30", "10 a.m.", "14 Uhr"),
//! ordinals ("3rd", "1er"), decades ("1990s"), numbers in names ("Apollo
//! 11", "Boeing 737", "COVID-19", "G7", "No. 5"), phone numbers and digit
//! groups, ranges and scores ("10-15", "2-1", "24/7" are skipped whole),
//! and small number words that are not counting a plural noun ("the two
//! met", "one of them").
//!
//! Lead and title: a figure in the first two sentences scores higher; to
//! count the title, pass it as the first paragraph of `text`.

mod assemble;
mod context;
mod lexicon;
mod record;
mod scan;
mod tail;
mod types;
mod words;

pub use record::{figure_records, FigureRecord};
pub use types::{Approx, Figure, Unit};

/// The figures of `text` in reading order. `lang` is the article's ISO
/// 639-1 code when known (it decides "3,500" and which words are read);
/// unknown languages are read as English. Never panics; linear in the
/// text's length.
pub fn find_figures(text: &str, lang: Option<&str>) -> Vec<Figure> {
    let raws = assemble::raw_figures(text, lang);
    if raws.is_empty() {
        return Vec::new();
    }
    let sentences = newsdesk_text::sentences(text, lang);
    let mut out: Vec<Figure> = Vec::with_capacity(raws.len());
    let mut sentence_of: Vec<usize> = Vec::with_capacity(raws.len());
    for raw in raws {
        let n = sentences.partition_point(|s| s.end <= raw.span.start);
        let sentence = match sentences.get(n) {
            Some(s) if s.start <= raw.span.start => s.start..s.end.max(raw.span.end),
            _ => raw.span.clone(),
        };
        let mut fig = Figure {
            span: raw.span,
            value: raw.value,
            unit: raw.unit,
            counts: raw.counts,
            period: raw.period,
            approx: raw.approx,
            vague: raw.vague,
            sentence,
            score: 0.0,
            key: false,
        };
        let bare = fig.counts.is_none() && fig.unit.is_none() && !fig.vague;
        if let (Some(prev), Some(&prev_n)) = (out.last(), sentence_of.last()) {
            if bare && raw.after_connective && prev_n == n {
                fig.counts.clone_from(&prev.counts);
                fig.unit = prev.unit;
            }
        }
        score(&mut fig, n < 2);
        out.push(fig);
        sentence_of.push(n);
    }
    out
}

fn score(fig: &mut Figure, in_lead: bool) {
    let substantive = fig.unit.is_some() || fig.counts.is_some() || fig.vague;
    let mut score = if substantive { 1.0 } else { 0.25 };
    if matches!(fig.unit, Some(u) if u.kind() != "measure") {
        score += 0.25;
    }
    if fig.vague || fig.value.is_some_and(|v| v.abs() >= 1000.0) {
        score += 0.25;
    }
    if in_lead {
        score += 0.5;
    }
    fig.score = score;
    fig.key = substantive && score >= 1.25;
}
