//! Readable, safe URL slugs. A slug is only ever ASCII `[a-z0-9-]`, so it
//! can never name a parent directory, a hidden file or need percent-encoding.

use std::collections::{HashMap, HashSet};

use pinyin::ToPinyin;
use sha2::{Digest, Sha256};

/// Longest slug made into one path component (a file or directory name):
/// far under the 255 bytes file systems allow, with room for a `-2` and
/// `.html`.
pub(crate) const MAX_COMPONENT: usize = 80;

/// Names the site gives to pages of its own beside the ones slugs name
/// (`departments/index.html`, a plan's `index.html`).
pub(crate) const RESERVED: &[&str] = &["index"];

/// `slug` itself when it has at most `max` bytes; otherwise its first words
/// and a hash of all of it (`...-3f9a0c1d`), so two long slugs that share a
/// prefix stay distinct, and each keeps its name when the other changes.
pub(crate) fn fit(slug: &str, max: usize) -> String {
    if slug.len() <= max {
        return slug.to_string();
    }
    let digest = Sha256::digest(slug.as_bytes());
    let hash: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
    let mut keep = max.saturating_sub(hash.len() + 1);
    while !slug.is_char_boundary(keep) {
        keep -= 1;
    }
    let head = &slug[..keep];
    // Cut at a word boundary when one is near.
    let head = match head.rfind('-') {
        Some(i) if i > keep / 2 => &head[..i],
        _ => head,
    };
    let head = head.trim_matches('-');
    if head.is_empty() {
        hash
    } else {
        format!("{head}-{hash}")
    }
}

/// Turns any text into a slug: Han characters become toneless pinyin
/// syllables, ASCII letters and digits are kept, everything else separates.
/// `max_len` bounds the result (cut at a syllable boundary).
pub(crate) fn slugify(text: &str, max_len: usize) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut ascii = String::new();
    let flush = |ascii: &mut String, words: &mut Vec<String>| {
        if !ascii.is_empty() {
            words.push(std::mem::take(ascii));
        }
    };
    for ch in text.chars() {
        if ch.is_ascii_alphanumeric() {
            ascii.push(ch.to_ascii_lowercase());
        } else if let Some(py) = ch.to_pinyin() {
            flush(&mut ascii, &mut words);
            words.push(py.plain().to_string());
        } else if let Some(d) = fullwidth_digit(ch) {
            ascii.push(d);
        } else {
            flush(&mut ascii, &mut words);
        }
    }
    flush(&mut ascii, &mut words);
    let mut out = String::new();
    for w in words {
        let extra = if out.is_empty() { w.len() } else { w.len() + 1 };
        if !out.is_empty() && out.len() + extra > max_len {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&w);
    }
    out.truncate(max_len.max(1));
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "x".to_string()
    } else {
        out
    }
}

fn fullwidth_digit(ch: char) -> Option<char> {
    ('０'..='９')
        .contains(&ch)
        .then(|| char::from_u32(ch as u32 - '０' as u32 + '0' as u32))
        .flatten()
}

/// True when `s` is usable as a slug as written by a person.
pub fn is_valid(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 120
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
}

/// Hands out unique slugs: a second `shi-jiao-yu-ju` becomes `shi-jiao-yu-ju-2`.
#[derive(Default)]
pub(crate) struct SlugSet {
    taken: HashSet<String>,
    /// The next suffix to try for a base, so that ten thousand tasks
    /// numbered alike do not each count up from 2.
    next: HashMap<String, usize>,
}

impl SlugSet {
    /// A set in which `names` are taken already: names the site itself
    /// gives to pages beside the ones slugs name.
    pub(crate) fn reserving(names: &[&str]) -> Self {
        SlugSet {
            taken: names.iter().map(|n| n.to_string()).collect(),
            next: HashMap::new(),
        }
    }

    pub(crate) fn claim(&mut self, base: &str) -> String {
        if self.taken.insert(base.to_string()) {
            return base.to_string();
        }
        let n = self.next.entry(base.to_string()).or_insert(2);
        loop {
            let c = format!("{base}-{n}");
            *n += 1;
            if self.taken.insert(c.clone()) {
                return c;
            }
        }
    }
}

/// 一 -> 1, 十二 -> 12, (三) -> 3, ⑤ -> 5, u1 -> u1: numbering turned into
/// an ASCII id part.
pub(crate) fn number_id(number: &str) -> String {
    let inner: String = number
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '(' | ')' | '\u{FF08}' | '\u{FF09}' | '.' | '\u{FF0E}' | '\u{3001}' | ' '
            )
        })
        .collect();
    if let Some(n) = chinese_numeral(&inner) {
        return n.to_string();
    }
    if let Some(c) = inner.chars().next() {
        if ('①'..='⑳').contains(&c) && inner.chars().count() == 1 {
            return (c as u32 - '①' as u32 + 1).to_string();
        }
    }
    fit(&slugify(&inner, usize::MAX), 40)
}

/// Parses 一 .. 九十九.
pub(crate) fn chinese_numeral(s: &str) -> Option<u32> {
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32)
    };
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [a] if *a == '十' => Some(10),
        [a] => digit(*a),
        ['十', b] => digit(*b).map(|b| 10 + b),
        [a, '十'] => digit(*a).map(|a| a * 10),
        [a, '十', b] => Some(digit(*a)? * 10 + digit(*b)?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_pinyin_and_safe() {
        assert_eq!(slugify("市教育局", 60), "shi-jiao-yu-ju");
        assert_eq!(slugify("../../etc/passwd", 60), "etc-passwd");
        assert_eq!(
            slugify("各县(市、区)人民政府", 60),
            "ge-xian-shi-qu-ren-min-zheng-fu"
        );
        assert_eq!(slugify("...", 60), "x");
        assert!(slugify("贵港市教育提质行动计划", 20).len() <= 20);
        for s in ["市教育局", "../..", "a b", "團市委"] {
            assert!(is_valid(&slugify(s, 60)), "{s}");
        }
    }

    #[test]
    fn numbering_becomes_ids() {
        assert_eq!(number_id("二"), "2");
        assert_eq!(number_id("(一)"), "1");
        assert_eq!(number_id("(十二)"), "12");
        assert_eq!(number_id("二十三"), "23");
        assert_eq!(number_id("③"), "3");
        assert_eq!(number_id("u1"), "u1");
        assert_eq!(number_id("12"), "12");
    }

    #[test]
    fn slug_set_dedups() {
        let mut s = SlugSet::default();
        assert_eq!(s.claim("a"), "a");
        assert_eq!(s.claim("a"), "a-2");
        assert_eq!(s.claim("a-3"), "a-3");
        assert_eq!(s.claim("a"), "a-4");
        let mut s = SlugSet::reserving(&["index"]);
        assert_eq!(s.claim("index"), "index-2");
    }

    #[test]
    fn long_slugs_are_cut_with_a_hash_of_the_whole() {
        let a = format!("{}-a", "x-".repeat(150));
        let b = format!("{}-b", "x-".repeat(150));
        let (fa, fb) = (fit(&a, 80), fit(&b, 80));
        assert!(fa.len() <= 80 && fb.len() <= 80, "{fa}");
        assert_ne!(fa, fb, "a shared prefix does not make them one");
        assert_eq!(fa, fit(&a, 80), "stable");
        assert!(is_valid(&fa), "{fa}");
        assert_eq!(fit("short", 80), "short");
        assert_eq!(fit(&"y".repeat(200), 80).len(), 80);
        let long = "长".repeat(133);
        let n = number_id(&long);
        assert!(n.len() <= 40 && n.starts_with("zhang-zhang"), "{n}");
        assert_ne!(n, number_id(&format!("{long}乙")));
    }
}
