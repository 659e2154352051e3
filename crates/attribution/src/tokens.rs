//! Word, punctuation and quotation-mark tokens with byte offsets, the pairing
//! of quotation marks (across paragraphs when a quote runs on), and the
//! clause units (sentences that keep a quotation whole) the rules work in.

use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    Punct(char),
    /// A quotation mark: `“ « „` open, `” »` close, `" ''` either way.
    QuoteOpen,
    QuoteClose,
    QuoteEither,
}

#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// First token after a line break (or of the text).
    pub para_start: bool,
}

/// Abbreviations whose full stop belongs to the word ("Mr.", "Sen.").
fn keeps_period(lower: &str) -> bool {
    matches!(
        lower,
        "mr" | "mrs"
            | "ms"
            | "dr"
            | "sen"
            | "rep"
            | "gov"
            | "gen"
            | "lt"
            | "col"
            | "sgt"
            | "st"
            | "jr"
            | "sr"
            | "prof"
            | "pres"
            | "sept"
            | "jan"
            | "feb"
            | "aug"
            | "oct"
            | "nov"
            | "dec"
            | "no"
            | "vs"
            | "inc"
            | "corp"
            | "co"
            | "ltd"
            | "calif"
            | "mass"
            | "fla"
            | "tex"
            | "wis"
            | "ga"
            | "va"
            | "pa"
            | "ill"
            | "mich"
            | "nev"
            | "mo"
            | "ky"
            | "ariz"
            | "colo"
            | "conn"
    )
}

fn word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$' || c == '%'
}

/// Joiners that stay inside a word when a word character follows:
/// "don’t", "Holtz-Eakin", "U.S", "3.5", "100,000", "AT&T".
fn joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '.' | '&' | ',' | '/')
}

/// Tokens of `text`, in order. Single quotes and apostrophes inside words stay
/// in the word; a lone `‘`/`’` is punctuation (nested quotes are not paired).
pub(crate) fn tokenize(text: &str, lower: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(text.len() / 5 + 1);
    let mut para_start = true;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c == '\n' || c == '\r' || c == '\u{2029}' {
            para_start = true;
            continue;
        }
        if c.is_whitespace() {
            continue;
        }
        let (end, kind) = if word_char(c) {
            let mut end = i + c.len_utf8();
            loop {
                let rest = &text[end..];
                let mut cs = rest.chars();
                match (cs.next(), cs.next()) {
                    (Some(a), _) if word_char(a) || is_mark(a) => end += a.len_utf8(),
                    (Some(j), Some(b)) if joiner(j) && word_char(b) => {
                        // A comma joins digits only ("100,000"), not words.
                        if j == ',' && !(text[..end].ends_with(|d: char| d.is_ascii_digit()) && b.is_ascii_digit()) {
                            break;
                        }
                        end += j.len_utf8() + b.len_utf8();
                    }
                    _ => break,
                }
            }
            // "Mr." / "U.S." / initials "E." keep their full stop.
            if text[end..].starts_with('.') {
                let w = &lower[i..end];
                let initial = w.chars().count() == 1 && c.is_uppercase();
                if keeps_period(w) || initial || w.contains('.') {
                    end += 1;
                }
            }
            (end, Kind::Word)
        } else {
            let end = i + c.len_utf8();
            match c {
                '“' | '«' | '„' => (end, Kind::QuoteOpen),
                '”' | '»' => (end, Kind::QuoteClose),
                '"' => (end, Kind::QuoteEither),
                '\'' | '`' if text[end..].starts_with(c) => (end + 1, Kind::QuoteEither),
                _ => (end, Kind::Punct(c)),
            }
        };
        while it.peek().is_some_and(|&(j, _)| j < end) {
            it.next();
        }
        out.push(Token { start: i, end, kind, para_start });
        para_start = false;
    }
    out
}

/// Combining marks continue a word ("é" written as e + U+0301).
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F | 0x200D)
}

/// Pairs of (opening, closing) quotation-mark token indices, in order. A quote
/// left open at a paragraph's end runs on when the next paragraph opens with a
/// quotation mark (that mark is then not a pair of its own); otherwise the
/// opening mark is dropped. A straight mark closes an open quote, else opens
/// one when a non-space follows it.
pub(crate) fn pair_quotes(tokens: &[Token], text: &str) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut open: Option<usize> = None;
    for (i, t) in tokens.iter().enumerate() {
        let quote = is_quote(t.kind);
        if t.para_start && open.is_some() {
            let run_on = quote && t.kind != Kind::QuoteClose && !space_after(text, t);
            if run_on {
                continue;
            }
            open = None;
        }
        match (t.kind, open) {
            (Kind::QuoteOpen, _) => open = Some(i),
            (Kind::QuoteClose | Kind::QuoteEither, Some(o)) => {
                pairs.push((o, i));
                open = None;
            }
            (Kind::QuoteEither, None) if !space_after(text, t) => open = Some(i),
            _ => {}
        }
    }
    pairs
}

fn space_after(text: &str, t: &Token) -> bool {
    text[t.end..].chars().next().is_none_or(char::is_whitespace)
}

/// Clause units: the splitter's sentences, also cut after `.”` + capital (a
/// boundary older splitters miss), and joined where a quotation spans them.
pub(crate) fn units(text: &str, tokens: &[Token], pairs: &[(usize, usize)]) -> Vec<Range<usize>> {
    let mut cuts = vec![false; tokens.len() + 1];
    let mut ti = 0;
    for s in newsdesk_text::sentences(text, Some("en")) {
        while ti < tokens.len() && tokens[ti].start < s.start {
            ti += 1;
        }
        cuts[ti] = true;
    }
    for i in 1..tokens.len() {
        if tokens[i].para_start {
            cuts[i] = true;
        }
        if i >= 2
            && matches!(tokens[i - 1].kind, Kind::QuoteClose | Kind::QuoteEither)
            && matches!(tokens[i - 2].kind, Kind::Punct('.' | '?' | '!'))
            && starts_sentence(&tokens[i], text)
        {
            cuts[i] = true;
        }
    }
    // A quotation keeps its sentences together, within its paragraph.
    for &(o, c) in pairs {
        for i in o + 1..=c {
            if !tokens[i].para_start {
                cuts[i] = false;
            }
        }
    }
    cuts[tokens.len()] = true;
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &cut) in cuts.iter().enumerate().skip(1) {
        if cut {
            if start < i {
                out.push(start..i);
            }
            start = i;
        }
    }
    out
}

fn starts_sentence(t: &Token, text: &str) -> bool {
    match t.kind {
        Kind::QuoteOpen | Kind::QuoteEither => true,
        Kind::Word => text[t.start..].chars().next().is_some_and(char::is_uppercase),
        _ => false,
    }
}

pub(crate) fn is_quote(k: Kind) -> bool {
    matches!(k, Kind::QuoteOpen | Kind::QuoteClose | Kind::QuoteEither)
}
