//! Bytes to text. Order of trust: byte-order mark, then the HTTP
//! `Content-Type` charset, then `<meta charset>` / `http-equiv` in the first
//! 4 KiB, then statistical detection. A declaration is overruled when the bytes
//! contradict it: invalid UTF-8 under a UTF-8 label, or valid multi-byte UTF-8
//! under a single-byte label (a page re-encoded without fixing its meta tag).

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8};

use crate::{ExtractError, Result};

/// Where the encoding came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharsetSource {
    Bom,
    Http,
    Meta,
    Detected,
}

/// A decoded page; borrows the input when it is UTF-8 already.
#[derive(Debug, Clone)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static Encoding,
    pub source: CharsetSource,
}

/// Decodes a page's bytes to text; see the module docs for the order of trust.
/// Fails on empty input and on bytes that are clearly not text.
pub fn decode_html<'a>(bytes: &'a [u8], content_type: Option<&str>) -> Result<Decoded<'a>> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ExtractError::Empty);
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Ok(Decoded { text, encoding: enc, source: CharsetSource::Bom });
    }
    if looks_binary(bytes) {
        return Err(ExtractError::Binary);
    }
    let declared = content_type
        .and_then(charset_param)
        .and_then(|l| Encoding::for_label(l.as_bytes()))
        .map(|e| (e, CharsetSource::Http))
        .or_else(|| meta_charset(bytes).map(|e| (e, CharsetSource::Meta)));
    let is_utf8 = std::str::from_utf8(bytes).is_ok();
    if let Some((enc, source)) = declared {
        // UTF-16 labels in a meta tag are impossible for an ASCII-compatible
        // document (the WHATWG rule); read them as UTF-8.
        let enc = if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE { UTF_8 } else { enc };
        if enc == UTF_8 {
            if is_utf8 || mostly_utf8(bytes) {
                return Ok(utf8(bytes, source));
            }
        } else if is_utf8 && !bytes.is_ascii() && enc.is_single_byte() {
            return Ok(utf8(bytes, CharsetSource::Detected));
        } else {
            let (text, _, had_errors) = enc.decode(bytes);
            if !had_errors || enc.is_single_byte() {
                return Ok(Decoded { text, encoding: enc, source });
            }
        }
    }
    if is_utf8 {
        return Ok(utf8(bytes, CharsetSource::Detected));
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
    det.feed(bytes, true);
    let enc = det.guess(None, chardetng::Utf8Detection::Allow);
    let (text, _, _) = enc.decode(bytes);
    Ok(Decoded { text, encoding: enc, source: CharsetSource::Detected })
}

/// True when invalid sequences are rare slips (a page cut mid-character, a
/// stray byte) in text that is otherwise UTF-8: the declaration stands.
fn mostly_utf8(mut bytes: &[u8]) -> bool {
    let non_ascii = bytes.iter().filter(|b| !b.is_ascii()).count();
    let mut invalid = 0usize;
    loop {
        match std::str::from_utf8(bytes) {
            Ok(_) => break,
            Err(e) => {
                invalid += 1;
                match e.error_len() {
                    Some(len) => bytes = &bytes[e.valid_up_to() + len..],
                    None => break, // incomplete sequence at the very end
                }
            }
        }
    }
    invalid <= 2 || invalid * 100 <= non_ascii
}

fn utf8(bytes: &[u8], source: CharsetSource) -> Decoded<'_> {
    Decoded { text: String::from_utf8_lossy(bytes), encoding: UTF_8, source }
}

/// NUL bytes or a high share of control characters in the first 4 KiB.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let controls = head.iter().filter(|&&b| b == 0 || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))).count();
    head.contains(&0) || controls * 20 > head.len()
}

/// The `charset=` parameter of a Content-Type value.
fn charset_param(content_type: &str) -> Option<String> {
    let lower = content_type.to_ascii_lowercase();
    let at = lower.find("charset=")? + "charset=".len();
    let v = lower[at..].trim_start_matches(['"', '\'', ' ']);
    let end = v.find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace()).unwrap_or(v.len());
    (end > 0).then(|| v[..end].to_string())
}

/// `<meta charset=X>` or `<meta http-equiv=content-type content="...charset=X">`
/// within the first 4 KiB, as the HTML prescan does.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(pos) = memchr::memmem::find(&lower[from..], b"<meta") {
        let start = from + pos;
        let end = lower[start..].iter().position(|&b| b == b'>').map_or(lower.len(), |e| start + e);
        let tag = String::from_utf8_lossy(&lower[start..end]);
        if let Some(label) = charset_param(&tag) {
            if let Some(enc) = Encoding::for_label(label.as_bytes()) {
                return Some(enc);
            }
        }
        from = end.max(start + 5);
        if from >= lower.len() {
            break;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn honours_declared_legacy_charset() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode("<meta charset=windows-1252><p>café – naïve</p>");
        let d = decode_html(&bytes, None).unwrap();
        assert!(d.text.contains("café – naïve"), "{}", d.text);
        assert_eq!(d.source, CharsetSource::Meta);
    }

    #[test]
    fn utf8_page_under_latin1_label_stays_utf8() {
        let d = decode_html("<meta charset=iso-8859-1><p>café</p>".as_bytes(), None).unwrap();
        assert!(d.text.contains("café"));
    }

    #[test]
    fn page_cut_mid_character_keeps_its_declared_utf8() {
        let mut bytes = "<meta charset=utf-8><p>Brévaux ".as_bytes().to_vec();
        bytes.extend_from_slice(&"é".as_bytes()[..1]);
        let d = decode_html(&bytes, None).unwrap();
        assert!(d.text.contains("Brévaux"), "{}", d.text);
    }

    #[test]
    fn http_header_beats_meta() {
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode("<meta charset=utf-8><p>東京で雨が降った。</p>");
        let d = decode_html(&bytes, Some("text/html; charset=Shift_JIS")).unwrap();
        assert!(d.text.contains("東京で雨が降った。"));
    }

    #[test]
    fn detects_undeclared_legacy_charsets() {
        for (enc, text) in [
            (encoding_rs::EUC_KR, "<p>서울에서 비가 내렸습니다. 시민들은 우산을 쓰고 출근했습니다. 기상청은 내일도 비가 온다고 밝혔습니다.</p>"),
            (encoding_rs::GB18030, "<p>北京今天下雨了。市民们打着伞上班。气象台说明天还会继续下雨，请大家注意出行安全。</p>"),
            (encoding_rs::SHIFT_JIS, "<p>東京では朝から雨が降り続いています。気象庁によると、明日も雨の予報です。</p>"),
        ] {
            let (bytes, _, _) = enc.encode(text);
            let d = decode_html(&bytes, None).unwrap();
            assert_eq!(d.text, text, "{}", enc.name());
        }
    }

    #[test]
    fn rejects_empty_and_binary() {
        assert_eq!(decode_html(b"  \n", None).unwrap_err(), ExtractError::Empty);
        assert_eq!(decode_html(b"\x7fELF\x02\x01\x01\x00\x00\x00", None).unwrap_err(), ExtractError::Binary);
    }
}
