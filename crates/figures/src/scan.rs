//! Tokens (words, digit runs, single marks) with byte offsets, and the
//! value of a digit run in the article's number format.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    Num,
    Mark(char),
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Tok {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    /// Whitespace between the previous token and this one.
    pub spaced: bool,
    /// A line break between the previous token and this one.
    pub broken: bool,
}

/// Splits `text` into tokens. A digit run keeps its grouping and decimal
/// separators ("7,500", "3,5", "1 000 000" when `space_grouping`); a word
/// runs over letters, digits and combining marks and keeps inner hyphens
/// and apostrophes ("twenty-five", "o'clock", "jusqu'à"), but not after a
/// single letter, so French "d'euros" is "d", "'", "euros".
pub(crate) fn tokenize(text: &str, space_grouping: bool) -> Vec<Tok> {
    let mut toks = Vec::with_capacity(text.len() / 5 + 1);
    let mut pos = 0;
    let (mut spaced, mut broken) = (false, false);
    while let Some(c) = text[pos..].chars().next() {
        if c.is_whitespace() {
            spaced = true;
            broken |= matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}');
            pos += c.len_utf8();
            continue;
        }
        let start = pos;
        let kind = if c.is_ascii_digit() {
            pos = number_end(text, pos, space_grouping);
            Kind::Num
        } else if c.is_alphabetic() {
            pos = word_end(text, pos);
            Kind::Word
        } else {
            pos += c.len_utf8();
            Kind::Mark(c)
        };
        toks.push(Tok { kind, start, end: pos, spaced, broken });
        spaced = false;
        broken = false;
    }
    toks
}

fn number_end(text: &str, mut pos: usize, space_grouping: bool) -> usize {
    let b = text.as_bytes();
    loop {
        while b.get(pos).is_some_and(u8::is_ascii_digit) {
            pos += 1;
        }
        let Some(c) = text[pos..].chars().next() else { return pos };
        let after = pos + c.len_utf8();
        let continues = match c {
            ',' | '.' => b.get(after).is_some_and(u8::is_ascii_digit),
            '\'' | '’' | '\u{a0}' | '\u{202f}' | '\u{2009}' => three_digits_then_end(b, after),
            ' ' => space_grouping && three_digits_then_end(b, after),
            _ => false,
        };
        if !continues {
            return pos;
        }
        pos = after;
    }
}

fn three_digits_then_end(b: &[u8], at: usize) -> bool {
    b.get(at..at + 3).is_some_and(|d| d.iter().all(u8::is_ascii_digit))
        && !b.get(at + 3).is_some_and(u8::is_ascii_digit)
}

fn word_end(text: &str, start: usize) -> usize {
    let mut pos = start;
    let mut letters = 0;
    while let Some(c) = text[pos..].chars().next() {
        if c.is_alphanumeric() || is_combining(c) {
            pos += c.len_utf8();
            letters += 1;
        } else if matches!(c, '-' | '\'' | '’' | '\u{2010}') {
            let after = pos + c.len_utf8();
            let next_is_letter = text[after..].chars().next().is_some_and(char::is_alphabetic);
            let joins = next_is_letter && (c == '-' || c == '\u{2010}' || letters >= 2);
            if !joins {
                break;
            }
            pos = after;
        } else {
            break;
        }
    }
    pos
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

/// The value of a digit run, or `None` when it cannot be one number (a
/// date "3.12.2024", a version "1.2.3"). With one separator the article's
/// convention decides only when three digits follow it: "3,500" is 3500 in
/// English and 3.5 in German; "3,5" and "3.25" are decimals everywhere.
pub(crate) fn parse_digits(raw: &str, comma_decimal: bool) -> Option<f64> {
    let (commas, dots) = raw.bytes().fold((0, 0), |(c, d), b| (c + usize::from(b == b','), d + usize::from(b == b'.')));
    let decimal = match (commas, dots) {
        (0, 0) => None,
        (_, 0) | (0, _) if commas + dots > 1 => None,
        (1, 0) | (0, 1) => {
            let sep = if commas == 1 { ',' } else { '.' };
            let tail = raw.rsplit(sep).next().unwrap_or("");
            let grouping = tail.len() == 3 && (sep == ',') != comma_decimal;
            (!grouping).then_some(sep)
        }
        _ => {
            let last = raw.rfind([',', '.']).map(|i| raw.as_bytes()[i] as char)?;
            let count = if last == ',' { commas } else { dots };
            if count != 1 {
                return None;
            }
            Some(last)
        }
    };
    let mut cleaned = String::with_capacity(raw.len());
    let mut groups_ok = true;
    let mut group_len = 0usize;
    let mut seen_group = false;
    let mut in_fraction = false;
    for c in raw.chars() {
        if c.is_ascii_digit() {
            cleaned.push(c);
            group_len += 1;
        } else if Some(c) == decimal {
            groups_ok &= !seen_group || group_len == 3;
            cleaned.push('.');
            in_fraction = true;
            group_len = 0;
        } else if in_fraction {
            return None;
        } else {
            // A grouping separator: groups after the first have three
            // digits, or two in Indian lakh grouping ("1,23,456").
            groups_ok &= !seen_group || group_len == 3 || (group_len == 2 && c == ',');
            seen_group = true;
            group_len = 0;
        }
    }
    if seen_group && !in_fraction {
        groups_ok &= group_len == 3;
    }
    if !groups_ok {
        return None;
    }
    cleaned.parse::<f64>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_formats() {
        assert_eq!(parse_digits("7,500", false), Some(7500.0));
        assert_eq!(parse_digits("7.500", true), Some(7500.0));
        assert_eq!(parse_digits("3,5", true), Some(3.5));
        assert_eq!(parse_digits("3,5", false), Some(3.5));
        assert_eq!(parse_digits("1,234.56", false), Some(1234.56));
        assert_eq!(parse_digits("1.234,56", true), Some(1234.56));
        assert_eq!(parse_digits("1 000 000", true), Some(1e6));
        assert_eq!(parse_digits("1'000'000", true), Some(1e6));
        assert_eq!(parse_digits("1,23,456", false), Some(123456.0));
        assert_eq!(parse_digits("3.12.2024", true), None);
        assert_eq!(parse_digits("1.2.3", false), None);
        assert_eq!(parse_digits("12,34,5", false), None);
    }

    #[test]
    fn tokens_keep_offsets() {
        let text = "d'euros 3bn, 1 000 km—€5 Covid-19";
        let toks = tokenize(text, true);
        let words: Vec<&str> = toks.iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(words, ["d", "'", "euros", "3", "bn", ",", "1 000", "km", "—", "€", "5", "Covid", "-", "19"]);
    }
}
