//! Bytes -> text. UTF-8 (with or without BOM) and UTF-16 with a BOM are
//! taken as they are; anything else is guessed with `chardetng` (GB18030/GBK,
//! Big5, …) and decoded with `encoding_rs`. Binary files (PDF, Word, images,
//! archives) are recognised and refused with a hint of what they seem to be.

use std::path::Path;

use encoding_rs::{Encoding, BIG5, GB18030, GBK, UTF_8};

use super::{Guess, ImportError};
use crate::diag::Diagnostic;

/// Decoded text and the name of the encoding it was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    /// The lines of a UTF-8 file that were in another encoding.
    pub repaired: Vec<Repaired>,
}

/// A line of a UTF-8 file that is not UTF-8, and the encoding it was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Repaired {
    /// 1-based line.
    pub line: usize,
    pub encoding: &'static str,
}

/// Magic numbers of formats people may pass by mistake.
const MAGIC: &[(&[u8], &str)] = &[
    (b"%PDF", "a PDF document"),
    (
        b"PK\x03\x04",
        "a ZIP archive or an Office document (.docx/.xlsx/.odt)",
    ),
    (
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
        "an old Word/Excel document (.doc/.xls)",
    ),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xFF\xD8\xFF", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"Rar!", "a RAR archive"),
    (b"\x1F\x8B", "a gzip archive"),
    (b"7z\xBC\xAF", "a 7-Zip archive"),
    (b"\x7FELF", "an executable"),
];

/// What a binary file seems to be, from its first bytes.
pub(super) fn sniff(bytes: &[u8]) -> Option<&'static str> {
    MAGIC
        .iter()
        .find(|(m, _)| bytes.starts_with(m))
        .map(|(_, what)| *what)
}

/// Control characters other than tab, newlines, form feed and escape.
fn is_bad_control(b: u8) -> bool {
    b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B)
}

/// Decodes a file's bytes. Never panics.
pub(super) fn decode(bytes: &[u8]) -> Result<Decoded, ImportError> {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        // UTF-16 has NUL bytes by nature: decode before the binary check.
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        if !had_errors || enc == UTF_8 {
            return checked(text.into_owned(), enc, bytes);
        }
    }
    let first_bad = || {
        bytes
            .iter()
            .position(|&b| b == 0 || is_bad_control(b))
            .map_or(0, |o| super::line_of(bytes, o))
    };
    if let Some(what) = sniff(bytes) {
        return Err(ImportError::Binary {
            what: Some(what.to_string()),
            line: first_bad(),
        });
    }
    let controls = bytes.iter().filter(|&&b| is_bad_control(b)).count();
    if bytes.contains(&0) || controls * 100 > bytes.len() {
        return Err(ImportError::Binary {
            what: None,
            line: first_bad(),
        });
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: s.to_string(),
            encoding: UTF_8.name(),
            repaired: Vec::new(),
        });
    }
    if let Some(d) = mostly_utf8(bytes) {
        return Ok(d);
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let guess = det.guess(None, chardetng::Utf8Detection::Deny);
    // The guess first; then the common Chinese encodings. Fewest errors wins.
    let mut best: Option<(usize, String, &'static Encoding)> = None;
    for enc in [guess, GB18030, BIG5] {
        let (text, _, _) = enc.decode(bytes);
        let bad = text.chars().filter(|&c| c == '\u{FFFD}').count();
        if best.as_ref().is_none_or(|b| bad < b.0) {
            best = Some((bad, text.into_owned(), enc));
        }
    }
    let (bad, text, enc) = best.unwrap_or((0, String::new(), UTF_8));
    let total = text.chars().count().max(1);
    // A few broken characters are tolerated; more mean a wrong guess.
    if bad > 0 && bad * 200 > total {
        let line = text
            .find('\u{FFFD}')
            .map_or(0, |b| super::line_of(text.as_bytes(), b));
        return Err(ImportError::Undecodable {
            encoding: enc.name(),
            bad,
            line,
        });
    }
    checked(text, enc, bytes)
}

fn checked(text: String, enc: &'static Encoding, bytes: &[u8]) -> Result<Decoded, ImportError> {
    let text = text
        .strip_prefix('\u{FEFF}')
        .map(str::to_string)
        .unwrap_or(text);
    if let Some(nul) = text.find('\0') {
        return Err(ImportError::Binary {
            what: sniff(bytes).map(str::to_string),
            line: super::line_of(text.as_bytes(), nul),
        });
    }
    Ok(Decoded {
        text,
        encoding: enc.name(),
        repaired: Vec::new(),
    })
}

/// A UTF-8 file with some lines in GBK or Big5, decoded line by line:
/// decoding it whole as one legacy encoding garbles every UTF-8 line (all
/// its headings and tasks). It is one when most lines that are not ASCII
/// are valid UTF-8 and every other line decodes cleanly as GBK (GB18030)
/// or Big5, in the order `chardetng` guesses from those lines.
fn mostly_utf8(bytes: &[u8]) -> Option<Decoded> {
    // No GBK or Big5 byte is `\n`, so lines split the same in all three.
    let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    let bad: Vec<usize> = (0..lines.len())
        .filter(|&i| std::str::from_utf8(lines[i]).is_err())
        .collect();
    let utf8 = lines
        .iter()
        .filter(|l| !l.is_ascii() && std::str::from_utf8(l).is_ok())
        .count();
    if bad.is_empty() || utf8 <= bad.len() {
        return None;
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    for &i in &bad {
        det.feed(lines[i], false);
        det.feed(b"\n", false);
    }
    det.feed(b"", true);
    let order = match det.guess(None, chardetng::Utf8Detection::Deny) {
        g if g == BIG5 => [BIG5, GBK],
        _ => [GBK, BIG5],
    };
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut repaired = Vec::with_capacity(bad.len());
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        if let Ok(s) = std::str::from_utf8(l) {
            text.push_str(s);
            continue;
        }
        let (s, enc) = order.iter().find_map(|enc| {
            let (s, had_errors) = enc.decode_without_bom_handling(l);
            (!had_errors).then_some((s, *enc))
        })?;
        text.push_str(&s);
        repaired.push(Repaired {
            line: i + 1,
            encoding: enc.name(),
        });
    }
    Some(Decoded {
        text: text
            .strip_prefix('\u{FEFF}')
            .map(str::to_string)
            .unwrap_or(text),
        encoding: UTF_8.name(),
        repaired,
    })
}

/// `10, 12-14`: line numbers in order, runs joined.
fn line_list(lines: &[usize]) -> String {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &l in lines {
        match runs.last_mut() {
            Some(r) if r.1 + 1 == l => r.1 = l,
            _ => runs.push((l, l)),
        }
    }
    let runs: Vec<String> = runs
        .iter()
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}-{b}")
            }
        })
        .collect();
    runs.join(", ")
}

/// The repaired lines by encoding: (encoding, lines).
fn by_encoding(repaired: &[Repaired]) -> Vec<(&'static str, Vec<usize>)> {
    let mut out: Vec<(&'static str, Vec<usize>)> = Vec::new();
    for r in repaired {
        match out.iter_mut().find(|(e, _)| *e == r.encoding) {
            Some((_, lines)) => lines.push(r.line),
            None => out.push((r.encoding, vec![r.line])),
        }
    }
    out
}

fn count(n: usize) -> String {
    if n == 1 {
        "1 line".to_string()
    } else {
        format!("{n} lines")
    }
}

/// The report's notes on the repaired lines, one per encoding, at the first
/// of its lines: a guess of the encoding, so least sure.
pub(super) fn repair_notes(repaired: &[Repaired]) -> Vec<Guess> {
    by_encoding(repaired)
        .into_iter()
        .map(|(enc, lines)| {
            let mut g = Guess::new(
                lines[0],
                format!(
                    "{} decoded as {enc}, not UTF-8 like the rest of the file (line{} {}): check the text",
                    count(lines.len()),
                    if lines.len() == 1 { "" } else { "s" },
                    line_list(&lines)
                ),
            )
            .low();
            g.col = Some(1);
            g
        })
        .collect()
}

/// The warnings on the repaired lines of `source`, one per encoding.
pub(super) fn repair_warnings(repaired: &[Repaired], source: &str) -> Vec<Diagnostic> {
    by_encoding(repaired)
        .into_iter()
        .map(|(enc, lines)| {
            let n = lines.len();
            Diagnostic::warning(
                Path::new(source),
                format!(
                    "{} {} not valid UTF-8 like the rest of the file: decoded as {enc} (line{} {})",
                    count(n),
                    if n == 1 { "is" } else { "are" },
                    if n == 1 { "" } else { "s" },
                    line_list(&lines)
                ),
            )
            .at(lines[0], 1)
            .help("check the text of these lines in the plan file, and save the source as UTF-8")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode(b"\xEF\xBB\xBFabc").unwrap().text, "abc");
        assert_eq!(
            decode("一、总体要求".as_bytes()).unwrap().text,
            "一、总体要求"
        );
    }

    #[test]
    fn utf16_with_bom() {
        let mut b = vec![0xFF, 0xFE];
        for u in "一、甲".encode_utf16() {
            b.extend(u.to_le_bytes());
        }
        assert_eq!(decode(&b).unwrap().text, "一、甲");
    }

    #[test]
    fn gbk_and_big5() {
        let s = "为加快推进教育现代化,制定本方案。\n一、总体要求\n(一)指导思想。坚持以人民为中心的发展思想。\n";
        let (g, _, _) = GB18030.encode(s);
        let d = decode(&g).unwrap();
        assert_eq!(d.text, s);
        let t = "為加快推進教育現代化,制定本方案。\n一、總體要求\n(一)指導思想。堅持以人民為中心的發展思想。\n";
        let (b, _, _) = BIG5.encode(t);
        let d = decode(&b).unwrap();
        assert_eq!(d.text, t);
        assert_eq!(d.encoding, "Big5");
    }

    #[test]
    fn a_gbk_line_in_a_utf8_file_is_repaired() {
        let mut b = "一、总体要求\n(一)指导思想。\n".as_bytes().to_vec();
        b.extend(GBK.encode("(牵头单位:市教育局)本行为GBK编码。").0.iter());
        b.extend("\n二、主要任务\n1.做好甲。\n".as_bytes());
        let d = decode(&b).unwrap();
        assert_eq!(
            d.text,
            "一、总体要求\n(一)指导思想。\n(牵头单位:市教育局)本行为GBK编码。\n二、主要任务\n1.做好甲。\n"
        );
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(
            d.repaired,
            [Repaired {
                line: 3,
                encoding: "GBK"
            }]
        );
        let w = repair_warnings(&d.repaired, "a.txt")[0].to_string();
        assert!(
            w.starts_with("a.txt:3:1: warning: 1 line is not valid UTF-8 like the rest of the file: decoded as GBK (line 3)"),
            "{w}"
        );
    }

    #[test]
    fn a_legacy_file_with_some_utf8_lines_is_still_read_whole() {
        let s = "为加快推进教育现代化,制定本方案。\n一、总体要求\n(一)指导思想。坚持以人民为中心的发展思想。\n";
        let mut b = "一、总体\n".as_bytes().to_vec();
        b.extend(GB18030.encode(s).0.iter());
        assert!(decode(&b).unwrap().repaired.is_empty());
    }

    #[test]
    fn lines_are_listed_in_runs() {
        assert_eq!(line_list(&[3, 5, 6, 7, 9]), "3, 5-7, 9");
    }

    #[test]
    fn binary_is_named() {
        let e = decode(b"%PDF-1.7\n\x00\x01").unwrap_err();
        assert!(
            matches!(&e, ImportError::Binary { what: Some(w), line: 2 } if w.contains("PDF")),
            "{e:?}"
        );
        assert!(matches!(
            decode(b"a\0b"),
            Err(ImportError::Binary {
                what: None,
                line: 1
            })
        ));
        let e = decode(&[1, 2, 3, 4, 5, 6, 7, 8]).unwrap_err();
        assert!(matches!(e, ImportError::Binary { what: None, .. }), "{e:?}");
    }
}
